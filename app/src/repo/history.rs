//! Reading history: field-by-field differences between revisions and conflicts as people
//! read them. The moderators' queue, which shows the same differences, is in `queue`.

use super::revisions::state_of;
use crate::domain::merge::{self, FieldKey};
use crate::domain::review::ConflictReport;
use crate::i18n::{t, text, Lang};
use crate::model::{
    format_dollars,
    msg::Msg,
    workflow::{ConflictView, FieldChange, HistoryPage, RevisionState, RevisionView},
    Deal, PartialDate, ValueBasis,
};
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// Names for the ids inside snapshots, looked up once per page, and the language the
/// fields are described in.
pub struct Names {
    entities: HashMap<i64, String>,
    places: HashMap<i64, String>,
    lang: Lang,
}

impl Names {
    /// The Amazon companies' names; places are looked up as they come. Fields are described
    /// in the page's language (English outside a page render).
    pub async fn load(conn: &mut SqliteConnection) -> Result<Names, sqlx::Error> {
        Names::load_in(conn, crate::i18n::lang()).await
    }

    /// [`Names::load`], describing fields in `lang` (for form posts, which aren't page renders).
    pub async fn load_in(conn: &mut SqliteConnection, lang: Lang) -> Result<Names, sqlx::Error> {
        let entities = super::entities::list(conn).await?.into_iter().map(|e| (e.id, e.name)).collect();
        Ok(Names { entities, places: HashMap::new(), lang })
    }

    async fn place(&mut self, conn: &mut SqliteConnection, id: i64) -> Result<String, sqlx::Error> {
        if let Some(n) = self.places.get(&id) {
            return Ok(n.clone());
        }
        let label = super::jurisdictions::by_id(conn, id).await?.map(|j| j.label()).unwrap_or_else(|| format!("#{id}"));
        self.places.insert(id, label.clone());
        Ok(label)
    }
}

fn date(d: &Option<PartialDate>, lang: Lang) -> String {
    d.map(|d| d.text(lang)).unwrap_or_default()
}

/// A field of a version as (key, label, text), the unit history, review and conflicts show.
pub type Described = Vec<(FieldKey, String, String)>;

/// Every field of a version in form order; sources one field each, labelled by position.
/// Labels and fixed words are in `names`' language (catalogue ids `field-…`, `data.ftl`);
/// the key, not the label, is what identifies a field.
pub async fn describe(conn: &mut SqliteConnection, names: &mut Names, s: &Deal) -> Result<Described, sqlx::Error> {
    let d = s;
    let lang = names.lang;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut out = Vec::with_capacity(merge::DEAL_FIELDS.len() + d.sources.len());
    for key in merge::DEAL_FIELDS {
        let (label, value) = match key {
            FieldKey::Title => ("field-title", d.title.clone()),
            FieldKey::Government => ("field-government", names.place(conn, s.jurisdiction_id).await?),
            FieldKey::Company => ("field-company", names.entities.get(&d.entity_id).cloned().unwrap_or_default()),
            FieldKey::Kind => ("field-kind", d.kind.label_in(lang)),
            FieldKey::Status => ("field-status", d.status.label_in(lang)),
            FieldKey::Agency => ("field-agency", opt(&d.agency)),
            FieldKey::Program => ("field-program", opt(&d.program)),
            FieldKey::Amount => (
                "field-amount",
                match (d.amount_cents, d.value_basis) {
                    (Some(c), Some(b)) => text(
                        lang,
                        &Msg::new(match b {
                            ValueBasis::Maximum => "field-amount-maximum",
                            ValueBasis::Estimated => "field-amount-estimated",
                            ValueBasis::ActualPaid => "field-amount-actually-paid",
                        })
                        .with("amount", format_dollars(c)),
                    ),
                    (Some(c), None) => format_dollars(c),
                    _ => t(lang, "field-amount-not-disclosed"),
                },
            ),
            FieldKey::Jobs => ("field-jobs", d.jobs_promised.map(|n| n.to_string()).unwrap_or_default()),
            FieldKey::Announced => ("field-announced", date(&d.announced, lang)),
            FieldKey::Approved => ("field-approved", date(&d.approved, lang)),
            FieldKey::Starts => ("field-starts", date(&d.starts, lang)),
            FieldKey::Ends => ("field-ends", date(&d.ends, lang)),
            FieldKey::FacilityName => ("field-facility-name", opt(&d.facility_name)),
            FieldKey::FacilityLocation => ("field-facility-location", opt(&d.facility_location)),
            FieldKey::Description => ("field-description", opt(&d.description)),
            FieldKey::Source(_) | FieldKey::Event(_) => continue,
        };
        out.push((key, t(lang, label), value));
    }
    for (i, src) in d.sources.iter().enumerate() {
        let parts: Vec<String> = [
            src.title.clone(),
            src.url.clone(),
            src.publisher.clone(),
            src.published.map(|p| p.text(lang)),
            src.archive_url.clone().map(|a| format!("{}: {a}", t(lang, "field-source-archived"))),
            src.note.clone(),
            src.document.as_ref().map(|d| format!("{}: {d}", t(lang, "field-source-document"))),
        ]
        .into_iter()
        .flatten()
        .collect();
        out.push((FieldKey::Source(src.id.clone()), text(lang, &Msg::new("field-source").with("number", i + 1)), parts.join(" · ")));
    }
    for (i, ev) in d.events.iter().enumerate() {
        out.push((FieldKey::Event(ev.id.clone()), text(lang, &Msg::new("field-event").with("number", i + 1)), event_text(ev, lang)));
    }
    Ok(out)
}

/// An event in one line: "Vote · March 14, 2027 18:30 (America/New_York) · County Board · …".
pub fn event_text(ev: &crate::model::Event, lang: crate::i18n::Lang) -> String {
    let day = crate::model::dates::long_date_in(&ev.date.format("%Y-%m-%d").to_string(), lang);
    let when = match (ev.time, &ev.zone) {
        (Some(time), Some(zone)) => format!("{day} {} ({zone})", time.format("%H:%M")),
        (Some(time), None) => format!("{day} {}", time.format("%H:%M")),
        _ => day,
    };
    let outcome = ev.outcome.map(|o| format!("{}: {}", t(lang, "field-event-outcome"), o.label_in(lang)));
    [Some(ev.kind.label_in(lang)), Some(when), ev.body.clone(), ev.location.clone(), ev.agenda_url.clone(), outcome, ev.outcome_url.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(super) fn text_of<'a>(v: &'a Described, key: &FieldKey) -> Option<&'a (FieldKey, String, String)> {
    v.iter().find(|(k, _, _)| k == key)
}

/// Every key of two described versions, `after`'s order first, with the label it has there.
pub(super) fn union<'a>(before: &'a Described, after: &'a Described) -> Vec<(&'a FieldKey, &'a String)> {
    let mut keys: Vec<(&FieldKey, &String)> = after.iter().map(|(k, l, _)| (k, l)).collect();
    for (k, l, _) in before {
        if !keys.iter().any(|(x, _)| *x == k) {
            keys.push((k, l));
        }
    }
    keys
}

/// The fields that differ, sources added or removed included.
pub fn diff(before: &Described, after: &Described) -> Vec<FieldChange> {
    let get = |v: &Described, k: &FieldKey| text_of(v, k).map(|x| x.2.clone()).unwrap_or_default();
    union(before, after)
        .into_iter()
        .filter_map(|(k, label)| {
            let (b, a) = (get(before, k), get(after, k));
            (b != a).then(|| FieldChange { field: label.clone(), before: b, after: a })
        })
        .collect()
}

/// A conflict's fields with their three values, as the person choosing reads them, in the
/// page's language.
pub async fn conflicts(conn: &mut SqliteConnection, report: &ConflictReport) -> Result<Vec<ConflictView>, sqlx::Error> {
    conflicts_in(conn, report, crate::i18n::lang()).await
}

/// [`conflicts`] in `lang` (for form posts, which aren't page renders). Labels are for
/// reading only: each conflict is identified by its `key`.
pub async fn conflicts_in(conn: &mut SqliteConnection, report: &ConflictReport, lang: Lang) -> Result<Vec<ConflictView>, sqlx::Error> {
    let mut names = Names::load_in(&mut *conn, lang).await?;
    let base = describe(&mut *conn, &mut names, &report.base).await?;
    let now = describe(&mut *conn, &mut names, &report.now).await?;
    let mine = describe(&mut *conn, &mut names, &report.mine).await?;
    let removed = || t(lang, "field-removed");
    Ok(report
        .fields
        .iter()
        .map(|key| {
            let label = [&mine, &now, &base].iter().find_map(|v| text_of(v, key)).map(|x| x.1.clone()).unwrap_or_default();
            let value = |v: &Described| text_of(v, key).map(|x| x.2.clone()).unwrap_or_else(removed);
            ConflictView { key: key.code(), label, base: value(&base), now: value(&now), mine: value(&mine) }
        })
        .collect())
}

/// A revision with its author and decision, as the history lists it.
#[derive(sqlx::FromRow)]
struct RevRow {
    id: i64,
    number: i64,
    author_id: Option<i64>,
    author: Option<String>,
    created_at: String,
    summary: String,
    snapshot: String,
    base_number: Option<i64>,
    decision: Option<String>,
    reason: Option<String>,
    decided_by: Option<String>,
    merged_from: Option<i64>,
}

async fn revisions(conn: &mut SqliteConnection, deal_id: i64) -> Result<Vec<RevRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.number, r.author_id, u.handle AS author, r.created_at, r.summary, r.snapshot, r.base_number,
                d.decision, d.reason, m.handle AS decided_by, r.merged_from
         FROM revisions r
         LEFT JOIN users u ON u.id = r.author_id AND u.deleted_at IS NULL
         LEFT JOIN revision_decisions d ON d.revision_id = r.id
         LEFT JOIN users m ON m.id = d.moderator_id AND m.deleted_at IS NULL
         WHERE r.deal_id = ? ORDER BY r.number",
    )
    .bind(deal_id)
    .fetch_all(conn)
    .await
}

/// A deal's history. Approved revisions are public; pending, rejected, merged and superseded
/// ones only for their author and moderators. Each approved revision is compared with the
/// approved one before it, each other one with the revision it started from.
pub async fn history(conn: &mut SqliteConnection, deal_id: i64, viewer: Option<(i64, bool)>) -> Result<Option<HistoryPage>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct DealRow {
        title: String,
        published_revision: Option<i64>,
        deleted_at: Option<String>,
        published: i64,
        created_by: Option<i64>,
    }
    let deal: Option<DealRow> =
        sqlx::query_as("SELECT title, published_revision, deleted_at, published, created_by FROM deals WHERE id = ?")
            .bind(deal_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(DealRow { title, published_revision, deleted_at: deleted, published, created_by }) = deal else { return Ok(None) };
    let is_mod = viewer.is_some_and(|v| v.1);
    let viewer_id = viewer.map(|v| v.0);
    if published == 0 && !is_mod && viewer_id != created_by {
        return Ok(None);
    }
    let rows = revisions(&mut *conn, deal_id).await?;
    let mut names = Names::load(&mut *conn).await?;
    let mut fields_by_number: HashMap<i64, Described> = HashMap::new();
    for r in &rows {
        if let Ok(s) = Deal::from_stored(&r.snapshot) {
            fields_by_number.insert(r.number, describe(&mut *conn, &mut names, &s).await?);
        }
    }
    let mut out = Vec::new();
    let mut last_approved: Option<i64> = None;
    let empty = Vec::new();
    for r in &rows {
        let state = state_of(r.decision.as_deref());
        let compare_to = match state {
            RevisionState::Approved => last_approved,
            _ => r.base_number,
        };
        let before = compare_to.and_then(|n| fields_by_number.get(&n)).unwrap_or(&empty);
        let after = fields_by_number.get(&r.number).unwrap_or(&empty);
        let visible = state == RevisionState::Approved || is_mod || (viewer_id.is_some() && viewer_id == r.author_id);
        if state == RevisionState::Approved {
            last_approved = Some(r.number);
        }
        if !visible {
            continue;
        }
        out.push(RevisionView {
            id: r.id,
            number: r.number,
            author: r.author.clone(),
            author_id: r.author_id,
            created_at: r.created_at.clone(),
            summary: r.summary.clone(),
            state,
            reason: r.reason.clone(),
            decided_by: r.decided_by.clone(),
            base_number: r.base_number,
            merged_from: r.merged_from,
            changes: diff(before, after),
        });
    }
    out.reverse();
    Ok(Some(HistoryPage { deal_id, title, published_revision, withdrawn: deleted.is_some(), revisions: out, can_revert: is_mod }))
}
