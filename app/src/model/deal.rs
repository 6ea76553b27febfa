//! A deal as typed into the form, and its validated form. Validation is shared by the
//! server and the browser so both say the same thing next to the same field.

use super::event::{parse_events, Event, EventInput};
use super::{dates::PartialDate, kinds::*, money::parse_money};
use serde::{Deserialize, Serialize};

pub use super::msg::FieldErrors;
use super::msg::Msg;

/// One cited source, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceInput {
    /// The source's stable id, carried in the form so an edit says which source it changed;
    /// empty for a source added in this form.
    #[serde(default)]
    pub id: String,
    /// Link to the document (http or https).
    pub url: String,
    /// Document title; required when there is no link.
    pub title: String,
    /// Who published it; required when there is no link.
    pub publisher: String,
    /// When it was published (partial date).
    pub published: String,
    /// A copy in a web archive.
    pub archive_url: String,
    /// What in the document supports the deal.
    pub note: String,
    /// The SHA-256 of the document kept on the site for it, carried through edits.
    #[serde(default)]
    pub document: String,
}

impl SourceInput {
    fn is_blank(&self) -> bool {
        [&self.url, &self.title, &self.publisher, &self.published, &self.archive_url, &self.note, &self.document]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// Everything the deal form sends, as text, so a failed submit can be shown again as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DealInput {
    pub title: String,
    pub kind: String,
    /// The place as typed ("Oakland, CA"); resolved on the server.
    pub jurisdiction: String,
    /// The picked jurisdiction's id, set by the picker when JavaScript runs.
    pub jurisdiction_id: String,
    pub agency: String,
    pub program: String,
    pub entity_id: String,
    pub amount: String,
    /// "on" when the amount was not made public.
    pub undisclosed: bool,
    pub value_basis: String,
    pub announced: String,
    pub approved: String,
    pub starts: String,
    pub ends: String,
    pub status: String,
    pub jobs: String,
    pub facility_name: String,
    pub facility_location: String,
    pub description: String,
    pub sources: Vec<SourceInput>,
    /// Hearings, votes, deadlines and dates the deal turns on.
    #[serde(default)]
    pub events: Vec<EventInput>,
}

/// A validated source, as saved and as shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Stable across revisions: merges match sources by it. Empty until the write path gives
    /// a new source one; revisions written before ids existed get `s1`, `s2`… by position.
    #[serde(default)]
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<PartialDate>,
    pub archive_url: Option<String>,
    pub note: Option<String>,
    /// The SHA-256 of the document kept on the site for this source. Absent from a stored
    /// snapshot when there is none, so snapshots written before documents read as is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

/// A deal as validated, saved and shown: what each revision of it stores (see `snapshot` for
/// the stored format). The government is resolved from what was typed on the server; until
/// then `jurisdiction_id` holds the id the form's picker sent, or 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    pub title: String,
    pub kind: DealKind,
    /// The awarding government.
    pub jurisdiction_id: i64,
    pub agency: Option<String>,
    pub program: Option<String>,
    pub entity_id: i64,
    /// `None` when the amount was not disclosed; `Some(0)` is a disclosed zero.
    pub amount_cents: Option<i64>,
    pub value_basis: Option<ValueBasis>,
    pub announced: Option<PartialDate>,
    pub approved: Option<PartialDate>,
    pub starts: Option<PartialDate>,
    pub ends: Option<PartialDate>,
    pub status: DealStatus,
    pub jobs_promised: Option<i64>,
    pub facility_name: Option<String>,
    pub facility_location: Option<String>,
    pub description: Option<String>,
    pub sources: Vec<Source>,
    /// Its hearings, votes, deadlines and renewal and expiry dates. Absent from a stored
    /// snapshot when there are none, so snapshots written before events existed read as is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

/// A source id from the form: kept when it has the shape the site gives ids, else dropped
/// (the write path gives the source a new one).
pub(crate) fn source_id(s: &str) -> String {
    let s = s.trim();
    if (1..=16).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()) {
        s.to_string()
    } else {
        String::new()
    }
}

pub(crate) fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn limit(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.insert(field.into(), Msg::new("field-too-long").with("max", max));
    }
}

/// Checks that a link is http(s) with a host; other schemes (javascript:, ftp:, file:) are refused.
pub fn parse_web_url(input: &str) -> Result<String, Msg> {
    let s = input.trim();
    match url::Url::parse(s) {
        Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host_str().is_some_and(|h| !h.is_empty()) => {
            if s.len() > 2000 {
                Err(Msg::new("link-too-long"))
            } else {
                Ok(u.to_string())
            }
        }
        Ok(_) => Err(Msg::new("link-not-web")),
        Err(_) => Err(Msg::new("link-not-address")),
    }
}

fn partial_date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<PartialDate> {
    if value.trim().is_empty() {
        return None;
    }
    PartialDate::parse(value).map_err(|e| errors.insert(field.into(), e)).ok()
}

impl DealInput {
    /// Validates every field at once, so the person sees all problems in one go.
    pub fn parse(&self) -> Result<Deal, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = self.title.trim().to_string();
        if title.is_empty() {
            e.insert("title".into(), Msg::new("deal-title-missing"));
        }
        limit(&mut e, "title", &title, 200);
        let kind = DealKind::from_code(&self.kind);
        if kind.is_none() {
            e.insert("kind".into(), Msg::new("deal-kind-missing"));
        }
        if self.jurisdiction.trim().is_empty() && self.jurisdiction_id.trim().is_empty() {
            e.insert("jurisdiction".into(), Msg::new("deal-government-missing"));
        }
        let entity_id = self.entity_id.trim().parse::<i64>().ok();
        if entity_id.is_none() {
            e.insert("entity_id".into(), Msg::new("deal-company-missing"));
        }
        let amount_cents = if self.undisclosed {
            if !self.amount.trim().is_empty() {
                e.insert("amount".into(), Msg::new("deal-amount-and-undisclosed"));
            }
            None
        } else {
            parse_money(&self.amount).map_err(|m| e.insert("amount".into(), m)).ok()
        };
        let value_basis = if self.undisclosed {
            None
        } else {
            let b = ValueBasis::from_code(&self.value_basis);
            if b.is_none() {
                e.insert("value_basis".into(), Msg::new("deal-basis-missing"));
            }
            b
        };
        let announced = partial_date(&mut e, "announced", &self.announced);
        let approved = partial_date(&mut e, "approved", &self.approved);
        let starts = partial_date(&mut e, "starts", &self.starts);
        let ends = partial_date(&mut e, "ends", &self.ends);
        if let (Some(s), Some(en)) = (starts, ends) {
            if en.to_iso() < s.to_iso() && !s.to_iso().starts_with(&en.to_iso()) {
                e.insert("ends".into(), Msg::new("deal-ends-before-start"));
            }
        }
        let status = DealStatus::from_code(&self.status);
        if status.is_none() {
            e.insert("status".into(), Msg::new("deal-status-missing"));
        }
        let jobs_promised = match self.jobs.trim().replace(',', "") {
            j if j.is_empty() => None,
            j => match j.parse::<i64>() {
                Ok(n) if (0..=10_000_000).contains(&n) => Some(n),
                _ => {
                    e.insert("jobs".into(), Msg::new("deal-jobs-invalid"));
                    None
                }
            },
        };
        for (field, value, max) in [
            ("agency", &self.agency, 200),
            ("program", &self.program, 200),
            ("facility_name", &self.facility_name, 200),
            ("facility_location", &self.facility_location, 200),
            ("description", &self.description, 10_000),
        ] {
            limit(&mut e, field, value, max);
        }
        let mut sources = Vec::new();
        for (i, s) in self.sources.iter().enumerate() {
            if s.is_blank() {
                continue;
            }
            let url = match opt(&s.url) {
                Some(u) => parse_web_url(&u).map_err(|m| e.insert(format!("source_url_{i}"), m)).ok(),
                None => {
                    if opt(&s.title).is_none() {
                        e.insert(format!("source_title_{i}"), Msg::new("source-title-missing"));
                    }
                    if opt(&s.publisher).is_none() {
                        e.insert(format!("source_publisher_{i}"), Msg::new("source-publisher-missing"));
                    }
                    None
                }
            };
            let archive_url =
                opt(&s.archive_url).and_then(|u| parse_web_url(&u).map_err(|m| e.insert(format!("source_archive_url_{i}"), m)).ok());
            let published = partial_date(&mut e, &format!("source_published_{i}"), &s.published);
            limit(&mut e, &format!("source_title_{i}"), &s.title, 300);
            limit(&mut e, &format!("source_publisher_{i}"), &s.publisher, 200);
            limit(&mut e, &format!("source_note_{i}"), &s.note, 2000);
            let document = match opt(&s.document) {
                Some(d) => {
                    let parsed = super::document::parse_sha256(&d);
                    if parsed.is_none() {
                        e.insert(format!("source_document_{i}"), Msg::new("source-document-invalid"));
                    }
                    parsed
                }
                None => None,
            };
            sources.push(Source {
                id: source_id(&s.id),
                url,
                title: opt(&s.title),
                publisher: opt(&s.publisher),
                published,
                archive_url,
                note: opt(&s.note),
                document,
            });
        }
        if sources.is_empty() {
            e.insert("sources".into(), Msg::new("deal-sources-missing"));
        }
        let events = parse_events(&self.events, &mut e);
        match (e.is_empty(), kind, entity_id, status) {
            (true, Some(kind), Some(entity_id), Some(status)) => Ok(Deal {
                title,
                kind,
                jurisdiction_id: self.jurisdiction_id.trim().parse().unwrap_or(0),
                agency: opt(&self.agency),
                program: opt(&self.program),
                entity_id,
                amount_cents,
                value_basis,
                announced,
                approved,
                starts,
                ends,
                status,
                jobs_promised,
                facility_name: opt(&self.facility_name),
                facility_location: opt(&self.facility_location),
                description: opt(&self.description),
                sources,
                events,
            }),
            _ => Err(e),
        }
    }
}

impl DealInput {
    /// The form's fields filled from a saved version of a deal, for editing. `place` is the
    /// government as the field shows it ("Arlington County, VA").
    pub fn from_deal(d: &Deal, place: String) -> Self {
        let date = |p: &Option<PartialDate>| p.map(|p| p.to_iso()).unwrap_or_default();
        DealInput {
            title: d.title.clone(),
            kind: d.kind.code().into(),
            jurisdiction: place,
            jurisdiction_id: d.jurisdiction_id.to_string(),
            agency: d.agency.clone().unwrap_or_default(),
            program: d.program.clone().unwrap_or_default(),
            entity_id: d.entity_id.to_string(),
            amount: d.amount_cents.map(super::money::format_for_input).unwrap_or_default(),
            undisclosed: d.amount_cents.is_none(),
            value_basis: d.value_basis.map(|b| b.code().to_string()).unwrap_or_default(),
            announced: date(&d.announced),
            approved: date(&d.approved),
            starts: date(&d.starts),
            ends: date(&d.ends),
            status: d.status.code().into(),
            jobs: d.jobs_promised.map(|j| j.to_string()).unwrap_or_default(),
            facility_name: d.facility_name.clone().unwrap_or_default(),
            facility_location: d.facility_location.clone().unwrap_or_default(),
            description: d.description.clone().unwrap_or_default(),
            sources: d
                .sources
                .iter()
                .map(|s| SourceInput {
                    id: s.id.clone(),
                    url: s.url.clone().unwrap_or_default(),
                    title: s.title.clone().unwrap_or_default(),
                    publisher: s.publisher.clone().unwrap_or_default(),
                    published: s.published.map(|p| p.to_iso()).unwrap_or_default(),
                    archive_url: s.archive_url.clone().unwrap_or_default(),
                    note: s.note.clone().unwrap_or_default(),
                    document: s.document.clone().unwrap_or_default(),
                })
                .collect(),
            events: d.events.iter().map(EventInput::from_event).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> DealInput {
        DealInput {
            title: "AWS cloud services".into(),
            kind: "cloud_contract".into(),
            jurisdiction: "Oakland, CA".into(),
            entity_id: "2".into(),
            amount: "$1,200,000".into(),
            value_basis: "maximum".into(),
            status: "active".into(),
            approved: "2023-04".into(),
            sources: vec![SourceInput { url: "https://example.org/minutes.pdf".into(), ..Default::default() }],
            ..Default::default()
        }
    }

    #[test]
    fn accepts_a_complete_deal() {
        let d = valid().parse().expect("valid");
        assert_eq!(d.amount_cents, Some(120_000_000));
        assert_eq!(d.kind, DealKind::CloudContract);
        assert_eq!(d.sources.len(), 1);
    }

    #[test]
    fn requires_a_source() {
        let mut input = valid();
        input.sources = vec![SourceInput::default()];
        let e = input.parse().unwrap_err();
        assert!(e.contains_key("sources"), "{e:?}");
    }

    #[test]
    fn refuses_non_web_links() {
        for bad in ["ftp://example.org/x", "javascript:alert(1)", "not a url", "file:///etc/passwd"] {
            let mut input = valid();
            input.sources[0].url = bad.into();
            let e = input.parse().unwrap_err();
            assert!(e.contains_key("source_url_0"), "{bad}: {e:?}");
        }
    }

    #[test]
    fn citation_without_link_needs_title_and_publisher() {
        let mut input = valid();
        input.sources[0] = SourceInput { title: "Records request response".into(), ..Default::default() };
        let e = input.parse().unwrap_err();
        assert!(e.contains_key("source_publisher_0"));
        input.sources[0].publisher = "City Clerk".into();
        assert!(input.parse().is_ok());
    }

    #[test]
    fn undisclosed_is_not_zero() {
        let mut input = valid();
        input.amount.clear();
        input.undisclosed = true;
        let d = input.parse().unwrap();
        assert_eq!(d.amount_cents, None);
        assert_eq!(d.value_basis, None);
        let mut zero = valid();
        zero.amount = "0".into();
        assert_eq!(zero.parse().unwrap().amount_cents, Some(0));
    }

    #[test]
    fn reports_every_problem_at_once() {
        let input = DealInput::default();
        let e = input.parse().unwrap_err();
        for field in ["title", "kind", "jurisdiction", "entity_id", "amount", "status", "sources"] {
            assert!(e.contains_key(field), "missing {field}: {e:?}");
        }
    }

    #[test]
    fn end_before_start_is_refused() {
        let mut input = valid();
        input.starts = "2023-05".into();
        input.ends = "2022".into();
        assert!(input.parse().unwrap_err().contains_key("ends"));
        input.ends = "2023".into();
        assert!(input.parse().is_ok(), "a year-only end in the start's year is fine");
    }
}
