//! Reading history: field-by-field differences between revisions, the moderators' queue,
//! and a person's own submissions.

use super::deals::Snapshot;
use super::review::state_of;
use crate::model::{
    format_dollars,
    view::{FieldChange, FlagView, HistoryPage, ReviewItem, ReviewQueue, RevisionState, RevisionView, Submission},
    PartialDate,
};
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// Names for the ids inside snapshots, looked up once per page.
#[derive(Default)]
struct Names {
    entities: HashMap<i64, String>,
    places: HashMap<i64, String>,
}

impl Names {
    async fn place(&mut self, conn: &mut SqliteConnection, id: i64) -> Result<String, sqlx::Error> {
        if let Some(n) = self.places.get(&id) {
            return Ok(n.clone());
        }
        let label = super::jurisdictions::by_id(conn, id).await?.map(|j| j.label()).unwrap_or_else(|| format!("#{id}"));
        self.places.insert(id, label.clone());
        Ok(label)
    }
}

async fn names(conn: &mut SqliteConnection) -> Result<Names, sqlx::Error> {
    let entities = super::entities::list(conn).await?.into_iter().map(|e| (e.id, e.name)).collect();
    Ok(Names { entities, places: HashMap::new() })
}

fn date(d: &Option<PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Every field of a snapshot as (label, text), in form order. Sources are one field each.
async fn fields(conn: &mut SqliteConnection, names: &mut Names, s: &Snapshot) -> Result<Vec<(String, String)>, sqlx::Error> {
    let d = &s.deal;
    let mut out = vec![
        ("Title".to_string(), d.title.clone()),
        ("Government".into(), names.place(conn, s.jurisdiction_id).await?),
        ("Amazon company".into(), names.entities.get(&d.entity_id).cloned().unwrap_or_default()),
        ("Kind".into(), d.kind.label().into()),
        ("Status".into(), d.status.label().into()),
        ("Awarding body or agency".into(), d.agency.clone().unwrap_or_default()),
        ("Program".into(), d.program.clone().unwrap_or_default()),
        ("Amount".into(), d.amount_cents.map(format_dollars).unwrap_or_else(|| "Not disclosed".into())),
        ("What the amount means".into(), d.value_basis.map(|b| b.label().to_string()).unwrap_or_default()),
        ("Jobs promised".into(), d.jobs_promised.map(|n| n.to_string()).unwrap_or_default()),
        ("Announced".into(), date(&d.announced)),
        ("Approved".into(), date(&d.approved)),
        ("Starts".into(), date(&d.starts)),
        ("Ends".into(), date(&d.ends)),
        ("Facility or project".into(), d.facility_name.clone().unwrap_or_default()),
        ("Facility location".into(), d.facility_location.clone().unwrap_or_default()),
        ("What happened".into(), d.description.clone().unwrap_or_default()),
    ];
    for (i, src) in d.sources.iter().enumerate() {
        let parts: Vec<String> = [
            src.title.clone(),
            src.url.clone(),
            src.publisher.clone(),
            src.published.map(|p| p.to_string()),
            src.archive_url.clone().map(|a| format!("archived: {a}")),
            src.note.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        out.push((format!("Source {}", i + 1), parts.join(" · ")));
    }
    Ok(out)
}

/// The fields that differ, including sources added or removed.
pub fn diff(before: &[(String, String)], after: &[(String, String)]) -> Vec<FieldChange> {
    let mut labels: Vec<&String> = before.iter().map(|(l, _)| l).collect();
    for (l, _) in after {
        if !labels.contains(&l) {
            labels.push(l);
        }
    }
    let get = |v: &[(String, String)], l: &str| v.iter().find(|(k, _)| k == l).map(|(_, x)| x.clone()).unwrap_or_default();
    labels
        .into_iter()
        .filter_map(|l| {
            let (b, a) = (get(before, l), get(after, l));
            (b != a).then(|| FieldChange { field: l.clone(), before: b, after: a })
        })
        .collect()
}

type RevRow = (i64, i64, Option<i64>, Option<String>, String, String, String, Option<i64>, Option<String>, Option<String>, Option<String>);

async fn revisions(conn: &mut SqliteConnection, deal_id: i64) -> Result<Vec<RevRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.number, r.author_id, u.handle, r.created_at, r.summary, r.snapshot, r.base_number,
                d.decision, d.reason, m.handle
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

fn parse(snapshot: &str) -> Option<Snapshot> {
    serde_json::from_str(snapshot).ok()
}

/// A deal's history. Approved revisions are public; pending and rejected ones only for their
/// author and moderators. Each approved revision is compared with the approved one before
/// it, each pending or rejected one with the revision it started from.
pub async fn history(
    conn: &mut SqliteConnection,
    deal_id: i64,
    viewer: Option<(i64, bool)>,
) -> Result<Option<HistoryPage>, sqlx::Error> {
    let deal: Option<(String, Option<i64>, Option<String>, i64, Option<i64>)> =
        sqlx::query_as("SELECT title, published_revision, deleted_at, published, created_by FROM deals WHERE id = ?")
            .bind(deal_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((title, published_revision, deleted, published, created_by)) = deal else { return Ok(None) };
    let is_mod = viewer.is_some_and(|v| v.1);
    let viewer_id = viewer.map(|v| v.0);
    if published == 0 && !is_mod && viewer_id != created_by {
        return Ok(None);
    }
    let rows = revisions(&mut *conn, deal_id).await?;
    let mut names = names(&mut *conn).await?;
    let mut fields_by_number: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for r in &rows {
        if let Some(s) = parse(&r.6) {
            fields_by_number.insert(r.1, fields(&mut *conn, &mut names, &s).await?);
        }
    }
    let mut out = Vec::new();
    let mut last_approved: Option<i64> = None;
    for r in &rows {
        let state = state_of(r.8.as_deref());
        let compare_to = match state {
            RevisionState::Approved => last_approved,
            _ => r.7,
        };
        let empty = Vec::new();
        let before = compare_to.and_then(|n| fields_by_number.get(&n)).unwrap_or(&empty);
        let after = fields_by_number.get(&r.1).unwrap_or(&empty);
        let visible = state == RevisionState::Approved || is_mod || (viewer_id.is_some() && viewer_id == r.2);
        if state == RevisionState::Approved {
            last_approved = Some(r.1);
        }
        if !visible {
            continue;
        }
        out.push(RevisionView {
            id: r.0,
            number: r.1,
            author: r.3.clone(),
            author_id: r.2,
            created_at: r.4.clone(),
            summary: r.5.clone(),
            state,
            reason: r.9.clone(),
            decided_by: r.10.clone(),
            base_number: r.7,
            changes: diff(before, after),
        });
    }
    out.reverse();
    Ok(Some(HistoryPage { deal_id, title, published_revision, withdrawn: deleted.is_some(), revisions: out, can_revert: is_mod }))
}

/// Pending revisions (oldest first) with the published version beside the proposed one, and
/// open flags (oldest first).
pub async fn queue(conn: &mut SqliteConnection) -> Result<ReviewQueue, sqlx::Error> {
    let pending: Vec<(i64, i64, i64, Option<i64>, String, String, String, Option<String>, i64, Option<i64>, String)> = sqlx::query_as(
        "SELECT r.id, r.deal_id, r.number, r.base_number, r.created_at, r.summary, r.snapshot, u.handle,
                dl.published, dl.published_revision, dl.title
         FROM revisions r JOIN deals dl ON dl.id = r.deal_id
         LEFT JOIN revision_decisions d ON d.revision_id = r.id
         LEFT JOIN users u ON u.id = r.author_id AND u.deleted_at IS NULL
         WHERE d.revision_id IS NULL AND dl.deleted_at IS NULL
         ORDER BY r.created_at, r.id LIMIT 200",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut names = names(&mut *conn).await?;
    let mut items = Vec::new();
    for (rid, deal_id, number, base, created_at, summary, snapshot, author, published, published_revision, title) in pending {
        let Some(proposed) = parse(&snapshot) else { continue };
        let after = fields(&mut *conn, &mut names, &proposed).await?;
        let before = match (published == 1, published_revision) {
            (true, Some(n)) => {
                let snap: Option<String> = sqlx::query_scalar("SELECT snapshot FROM revisions WHERE deal_id = ? AND number = ?")
                    .bind(deal_id)
                    .bind(n)
                    .fetch_optional(&mut *conn)
                    .await?;
                match snap.as_deref().and_then(parse) {
                    Some(s) => fields(&mut *conn, &mut names, &s).await?,
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        let get = |v: &[(String, String)], l: &str| v.iter().find(|(k, _)| k == l).map(|(_, x)| x.clone()).unwrap_or_default();
        let mut labels: Vec<String> = after.iter().map(|(l, _)| l.clone()).collect();
        for (l, _) in &before {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
        let rows = labels.into_iter().map(|l| (l.clone(), get(&before, &l), get(&after, &l))).collect();
        items.push(ReviewItem {
            revision_id: rid,
            deal_id,
            number,
            title: if published == 1 { title } else { proposed.deal.title.clone() },
            is_new: published == 0,
            author,
            created_at,
            summary,
            stale: published == 1 && base != published_revision,
            rows,
        });
    }
    let flags: Vec<(i64, i64, String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT f.id, f.deal_id, d.title, f.kind, f.note, u.handle, f.created_at FROM flags f
         JOIN deals d ON d.id = f.deal_id LEFT JOIN users u ON u.id = f.user_id AND u.deleted_at IS NULL
         WHERE f.resolved_at IS NULL ORDER BY f.created_at, f.id LIMIT 200",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(ReviewQueue {
        proposals: super::jurisdictions::proposals(&mut *conn).await?,
        items,
        flags: flags
            .into_iter()
            .map(|(id, deal_id, deal_title, kind, note, by, created_at)| FlagView { id, deal_id, deal_title, kind, note, by, created_at })
            .collect(),
    })
}

/// A person's revisions and what became of them, newest first.
pub async fn submissions(conn: &mut SqliteConnection, user_id: i64) -> Result<Vec<Submission>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT r.deal_id, dl.title, r.number, d.decision, d.reason, r.created_at FROM revisions r
         JOIN deals dl ON dl.id = r.deal_id LEFT JOIN revision_decisions d ON d.revision_id = r.id
         WHERE r.author_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(deal_id, title, number, decision, reason, created_at)| Submission {
            deal_id,
            title,
            number,
            state: state_of(decision.as_deref()),
            reason,
            created_at,
        })
        .collect())
}

/// The highest revision number of a deal.
pub async fn latest_number(conn: &mut SqliteConnection, deal_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT coalesce(max(number), 0) FROM revisions WHERE deal_id = ?").bind(deal_id).fetch_one(conn).await
}
