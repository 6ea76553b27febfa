//! Reading one row of either format into a deal: the tracker's own CSV (the export's
//! columns) and the Good Jobs First Subsidy Tracker export.

use super::matching::{Found, Index, Rule};
use crate::i18n::{t, text, Lang};
use crate::model::msg::Msg;
use crate::model::{DealInput, JurisdictionKind, SourceInput};
use std::collections::HashMap;

/// Which kind of file it is, told from the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Tracker,
    GoodJobsFirst,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Tracker => "tracker",
            Format::GoodJobsFirst => "good_jobs_first",
        }
    }

    /// What the format is called, in `lang` ("the tracker's own CSV").
    pub fn label(self, lang: Lang) -> String {
        match self {
            Format::Tracker => t(lang, "import-report-format-tracker"),
            Format::GoodJobsFirst => t(lang, "import-report-format-good-jobs-first"),
        }
    }

    /// The format a header (already lower-cased and trimmed) belongs to.
    pub fn detect(header: &[String]) -> Option<Format> {
        let has = |c: &str| header.iter().any(|h| h == c);
        if has("title") && has("kind") && has("government") && has("state") {
            Some(Format::Tracker)
        } else if has("company") && has("state") && (has("subsidy value") || has("type of subsidy")) {
            Some(Format::GoodJobsFirst)
        } else {
            None
        }
    }
}

/// Columns that change on every export of the same deal and so are not its content.
const VOLATILE: &[&str] = &["id", "url", "recorded_at", "updated_at"];

/// A cell as written, less the apostrophe the export puts before formula characters.
pub fn unneutralise(s: &str) -> &str {
    let t = s.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => t,
    }
}

/// One row's cells by lower-case column name.
pub struct Row<'a> {
    pub cells: HashMap<&'a str, &'a str>,
}

impl<'a> Row<'a> {
    pub fn get(&self, col: &str) -> &'a str {
        self.cells.get(col).map(|v| unneutralise(v)).unwrap_or("")
    }

    /// Whether the file has this column at all.
    pub fn has(&self, col: &str) -> bool {
        self.cells.contains_key(col)
    }

    fn any(&self, cols: &[&str]) -> &'a str {
        cols.iter().map(|c| self.get(c)).find(|v| !v.is_empty()).unwrap_or("")
    }

    /// A hash of the row's content (volatile columns aside), independent of column order.
    pub fn content_hash(&self, format: Format) -> String {
        use sha2::{Digest, Sha256};
        let mut pairs: Vec<(&str, &str)> =
            self.cells.iter().filter(|(k, _)| !VOLATILE.contains(k)).map(|(k, v)| (*k, unneutralise(v))).collect();
        pairs.sort_unstable();
        let mut h = Sha256::new();
        h.update(format.code());
        for (k, v) in pairs {
            h.update([0]);
            h.update(k);
            h.update([1]);
            h.update(v.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        hex::encode(h.finalize())
    }
}

use crate::model::gjf::{GJF_KINDS, GJF_POLICE_WORDS, GJF_WORD_RULES};

fn gjf_kind(t: &str, program: &str, notes: &str) -> &'static str {
    let p = super::matching::plain(t);
    let by_type = GJF_KINDS
        .iter()
        .find(|(k, _)| super::matching::plain(k) == p)
        .or_else(|| GJF_KINDS.iter().find(|(k, _)| p.contains(&super::matching::plain(k))))
        .map(|(_, v)| *v)
        .unwrap_or("other");
    if by_type != "other" {
        return by_type;
    }
    let text = format!(" {} ", super::matching::plain(&format!("{program} {notes}")));
    let has = |w: &str| text.contains(&format!(" {} ", super::matching::plain(w)));
    for (words, kind) in GJF_WORD_RULES {
        if words.iter().any(|w| has(w)) {
            if *kind == "device_subsidy" && GJF_POLICE_WORDS.iter().any(|w| has(w)) {
                return "police_partnership";
            }
            return kind;
        }
    }
    // A Neighbors portal or police partnership that never says "Ring".
    if (has("neighbors") || has("portal")) && (has("police") || has("sheriff")) {
        return "police_partnership";
    }
    "other"
}

/// The Amazon company a name means, by entity id (see the entities table); else why not, in
/// `lang`.
pub fn entity_for(names: &[&str], known: &HashMap<String, i64>, lang: Lang) -> Result<i64, String> {
    for n in names.iter().filter(|n| !n.trim().is_empty()) {
        if let Some(id) = known.get(&super::matching::plain(n)) {
            return Ok(*id);
        }
    }
    let all = super::matching::plain(&names.join(" "));
    let has = |w: &str| format!(" {all} ").contains(&format!(" {w} "));
    let id = if has("web services") || has("aws") {
        2
    } else if has("vadata") {
        6
    } else if has("ring") {
        5
    } else if has("whole foods") {
        7
    } else if has("kuiper") {
        8
    } else if has("amazon business") {
        4
    } else if has("amazon com services") || has("amazon fulfillment") || has("amazon data services") {
        3
    } else if has("amazon") || has("amazon com") {
        1
    } else {
        let name = names.first().copied().unwrap_or("");
        return Err(text(lang, &Msg::new("import-report-not-a-company").with("name", name)));
    };
    Ok(id)
}

/// The one government a lookup found, if any; several are an error, told in `lang` by the
/// message `several` (which names what was looked up, `name`, and the governments found).
fn found(f: Found, lang: Lang, several: &str, name: &str) -> Result<Option<super::matching::Place>, String> {
    match f {
        Found::One(p) => Ok(Some(p)),
        Found::None => Ok(None),
        Found::Several(list) => {
            let list = list.iter().map(|p| p.label.clone()).collect::<Vec<_>>().join("; ");
            Err(text(lang, &Msg::new(several).with("name", name).with("list", list)))
        }
    }
}

/// What a row is about, for its line in a report even when it fails before it has a title:
/// the tracker format's title, or a Good Jobs First row's program, company and place. What
/// stands in for missing cells is in `lang`.
pub fn describe(row: &Row, format: Format, lang: Lang) -> String {
    match format {
        Format::Tracker => match row.get("title") {
            "" => {
                let msg = Msg::new("import-report-no-title").with("government", row.get("government")).with("state", row.get("state"));
                text(lang, &msg).trim_end_matches([',', ' ']).to_string()
            }
            title => title.to_string(),
        },
        Format::GoodJobsFirst => {
            let what = [row.get("program name"), row.get("type of subsidy")]
                .into_iter()
                .find(|s| !s.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| t(lang, "import-report-subsidy"));
            let company = [row.get("company"), row.get("parent company")]
                .into_iter()
                .find(|s| !s.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| t(lang, "import-report-no-company"));
            let place: Vec<&str> = [row.any(&["city", "location", "location/city"]), row.get("county"), row.get("state")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if place.is_empty() {
                format!("{what}: {company}")
            } else {
                format!("{what}: {company} ({})", place.join(", "))
            }
        }
    }
}

/// The row's government and the rule that found it; else why not, in `lang`.
pub fn jurisdiction(row: &Row, format: Format, idx: &Index, lang: Lang) -> Result<(super::matching::Place, Rule), String> {
    for col in ["geoidfq", "leaid", "ocd_id", "ocd id"] {
        let v = row.get(col);
        if !v.is_empty() {
            return idx
                .by_identifier(v)
                .map(|p| (p, Rule::Identifier))
                .ok_or_else(|| text(lang, &Msg::new("import-report-no-such-identifier").with("column", col).with("value", v)));
        }
    }
    let state_text = row.get("state");
    let Some((usps, state)) = idx.state(state_text) else {
        return Err(if state_text.is_empty() {
            t(lang, "import-report-state-missing")
        } else {
            text(lang, &Msg::new("import-report-not-a-state").with("state", state_text))
        });
    };
    match format {
        Format::Tracker => {
            let name = row.get("government");
            if name.is_empty() {
                return Err(t(lang, "import-report-government-missing"));
            }
            let kinds: Vec<JurisdictionKind> = JurisdictionKind::from_code(row.get("government_kind")).into_iter().collect();
            if kinds == [JurisdictionKind::State] || super::matching::plain(name) == super::matching::plain(&state.label) {
                return Ok((state, Rule::GovernmentName));
            }
            match found(idx.by_name(&usps, name, &kinds), lang, "import-report-several-governments", name)? {
                Some(p) => Ok((p, Rule::GovernmentName)),
                None => Err(text(lang, &Msg::new("import-report-no-such-government").with("name", name).with("state", usps.as_str()))),
            }
        }
        Format::GoodJobsFirst => {
            let agency = row.get("awarding agency");
            if !agency.is_empty() {
                if idx.agency_is_state(&usps, agency) {
                    return Ok((state, Rule::AgencyIsState));
                }
                if let Some(p) = found(idx.by_name(&usps, agency, &[]), lang, "import-report-several-agency", agency)? {
                    return Ok((p, Rule::AgencyNamesGovernment));
                }
            }
            let city = row.any(&["city", "location", "location/city"]);
            if !city.is_empty() {
                let governments = [JurisdictionKind::Place, JurisdictionKind::Township];
                if let Some(p) = found(idx.by_name(&usps, city, &governments), lang, "import-report-several-city", city)? {
                    return Ok((p, Rule::City));
                }
            }
            let county = row.get("county");
            if !county.is_empty() {
                let counties = idx.by_name(&usps, county, &[JurisdictionKind::County]);
                if let Some(p) = found(counties, lang, "import-report-several-county", county)? {
                    return Ok((p, Rule::County));
                }
            }
            Ok((state, Rule::State))
        }
    }
}

/// Sources as exports since source details were kept: one entry per source in each source
/// column, in the same order, separated by " | ".
fn aligned_sources(row: &Row) -> Vec<SourceInput> {
    let column = |name: &str| row.get(name).split(" | ").map(|v| v.trim().to_string()).collect::<Vec<_>>();
    let cols = [
        column("source_urls"),
        column("source_titles"),
        column("source_publishers"),
        column("source_published"),
        column("source_archive_urls"),
        column("source_notes"),
        // Paths under `--files-from` of the documents behind the sources (resolved to their
        // SHA-256 by the importer before the row is checked).
        column("source_files"),
    ];
    let n = cols.iter().map(Vec::len).max().unwrap_or(0).min(20);
    let at = |c: usize, i: usize| cols[c].get(i).cloned().unwrap_or_default();
    (0..n)
        .map(|i| SourceInput {
            url: at(0, i),
            title: at(1, i),
            publisher: at(2, i),
            published: at(3, i),
            archive_url: at(4, i),
            note: at(5, i),
            document: at(6, i),
            ..Default::default()
        })
        .filter(|s| [&s.url, &s.title, &s.publisher, &s.published, &s.archive_url, &s.note, &s.document].iter().any(|v| !v.is_empty()))
        .collect()
}

/// Sources as older exports had them: links in `source_urls`, and documents without a link
/// as "title (publisher)" in `source_citations`.
fn legacy_sources(row: &Row) -> Vec<SourceInput> {
    let mut sources: Vec<SourceInput> = row
        .get("source_urls")
        .split(" | ")
        .filter(|u| !u.trim().is_empty())
        .map(|u| SourceInput { url: u.trim().into(), ..Default::default() })
        .collect();
    for c in row.get("source_citations").split(" | ").filter(|c| !c.trim().is_empty()) {
        let (title, publisher) = match c.trim().rsplit_once(" (") {
            Some((t, p)) => (t.trim().to_string(), p.trim_end_matches(')').trim().to_string()),
            None => (c.trim().to_string(), String::new()),
        };
        sources.push(SourceInput { title, publisher, ..Default::default() });
    }
    sources
}

fn looks_like_url(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://")) && !l.contains(' ')
}

/// The deal form's fields from a row, so the same validation applies as on the website.
pub fn deal_input(row: &Row, format: Format, entity_id: i64) -> DealInput {
    match format {
        Format::Tracker => {
            let sources = if row.has("source_titles") { aligned_sources(row) } else { legacy_sources(row) };
            let undisclosed = row.get("amount_disclosed").eq_ignore_ascii_case("no") || row.get("amount_usd").is_empty();
            DealInput {
                title: row.get("title").into(),
                kind: row.get("kind").into(),
                jurisdiction: row.get("government").into(),
                entity_id: entity_id.to_string(),
                amount: if undisclosed { String::new() } else { row.get("amount_usd").into() },
                undisclosed,
                value_basis: if undisclosed { String::new() } else { row.get("value_basis").into() },
                announced: row.get("announced").into(),
                approved: row.get("approved").into(),
                starts: row.get("starts").into(),
                ends: row.get("ends").into(),
                status: row.get("status").into(),
                agency: row.get("agency").into(),
                program: row.get("program").into(),
                jobs: row.get("jobs_promised").into(),
                facility_name: row.get("facility_name").into(),
                facility_location: row.get("facility_location").into(),
                description: row.get("description").into(),
                sources,
                ..Default::default()
            }
        }
        Format::GoodJobsFirst => {
            let company = row.get("company");
            let kind_text = row.get("type of subsidy");
            let program = row.get("program name");
            let value = row.get("subsidy value");
            let source = row.get("source of data");
            let source = if source.is_empty() {
                SourceInput { title: "Good Jobs First Subsidy Tracker".into(), publisher: "Good Jobs First".into(), ..Default::default() }
            } else if looks_like_url(source) {
                SourceInput { url: source.into(), ..Default::default() }
            } else {
                SourceInput {
                    title: source.chars().take(300).collect(),
                    publisher: "cited by Good Jobs First".into(),
                    ..Default::default()
                }
            };
            let what = if !program.is_empty() {
                program
            } else if !kind_text.is_empty() {
                kind_text
            } else {
                "Subsidy"
            };
            let place = row.any(&["city", "location", "location/city"]);
            let title = if place.is_empty() { format!("{what}: {company}") } else { format!("{what}: {company} ({place})") };
            let location =
                [place, row.get("county"), row.get("state")].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ");
            DealInput {
                title: title.chars().take(200).collect(),
                kind: gjf_kind(kind_text, program, row.get("notes")).into(),
                jurisdiction: String::new(),
                entity_id: entity_id.to_string(),
                amount: value.into(),
                undisclosed: value.is_empty(),
                // Good Jobs First reports the value announced at award time.
                value_basis: if value.is_empty() { String::new() } else { "estimated".into() },
                approved: row.get("year").into(),
                status: "approved".into(),
                agency: row.get("awarding agency").into(),
                program: program.into(),
                // Often "50 (estimated)" or a range: kept only when it is a plain number.
                jobs: Some(row.any(&["number of jobs or training slots", "jobs"]).replace(',', ""))
                    .filter(|j| j.trim().parse::<i64>().is_ok())
                    .unwrap_or_default(),
                facility_location: location,
                description: row.get("notes").into(),
                sources: vec![source],
                ..Default::default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn program_and_notes_decide_a_kind_the_type_leaves_open() {
        use super::gjf_kind;
        assert_eq!(gjf_kind("Property Tax Abatement", "Ring camera rebate", ""), "tax_abatement", "a specific type wins");
        assert_eq!(gjf_kind("Other", "Ring doorbell camera subsidy", ""), "device_subsidy");
        assert_eq!(gjf_kind("Megadeal", "Ring Neighbors portal partnership", "with the police department"), "police_partnership");
        assert_eq!(gjf_kind("", "Neighbors Public Safety Service", "Sheriff's office portal access"), "police_partnership");
        assert_eq!(gjf_kind("Other", "AWS customer agreement", ""), "cloud_contract");
        assert_eq!(gjf_kind("Other", "Cloud hosting services", ""), "cloud_contract");
        assert_eq!(gjf_kind("Other", "Workforce training", "Spring 2020"), "other", "words, not parts of words");
    }
}
