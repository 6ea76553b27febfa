//! The moderators' queue (waiting changes beside what is published, open reports) and a
//! person's own submissions with what became of them.

use super::history::{conflicts, describe, text_of, union, Described, Names};
use super::revisions::state_of;
use crate::domain::merge::{self, FieldKey};
use crate::domain::review::ConflictReport;
use crate::model::{
    workflow::{FlagView, ReviewItem, ReviewQueue, Submission},
    Deal,
};
use sqlx::SqliteConnection;
use std::collections::BTreeMap;

/// A revision waiting for review, with its deal's review columns.
#[derive(sqlx::FromRow)]
struct PendingRow {
    id: i64,
    deal_id: i64,
    number: i64,
    base_number: Option<i64>,
    created_at: String,
    summary: String,
    snapshot: String,
    author: Option<String>,
    published: i64,
    published_revision: Option<i64>,
    title: String,
}

/// A published revision's content.
async fn published(conn: &mut SqliteConnection, deal_id: i64, number: i64) -> Result<Option<Deal>, sqlx::Error> {
    let text: Option<String> = sqlx::query_scalar("SELECT snapshot FROM revisions WHERE deal_id = ? AND number = ?")
        .bind(deal_id)
        .bind(number)
        .fetch_optional(conn)
        .await?;
    Ok(text.and_then(|t| Deal::from_stored(&t).ok()))
}

/// Pending revisions (oldest first) with the published version beside what approving would
/// publish, and open flags (oldest first).
pub async fn queue(conn: &mut SqliteConnection) -> Result<ReviewQueue, sqlx::Error> {
    let pending: Vec<PendingRow> = sqlx::query_as(
        "SELECT r.id, r.deal_id, r.number, r.base_number, r.created_at, r.summary, r.snapshot, u.handle AS author,
                dl.published, dl.published_revision, dl.title
         FROM revisions r JOIN deals dl ON dl.id = r.deal_id
         LEFT JOIN revision_decisions d ON d.revision_id = r.id
         LEFT JOIN users u ON u.id = r.author_id AND u.deleted_at IS NULL
         WHERE d.revision_id IS NULL AND dl.deleted_at IS NULL
         ORDER BY r.created_at, r.id LIMIT 200",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut names = Names::load(&mut *conn).await?;
    let mut items = Vec::new();
    for PendingRow {
        id: rid,
        deal_id,
        number,
        base_number: base,
        created_at,
        summary,
        snapshot,
        author,
        published: is_published,
        published_revision,
        title,
    } in pending
    {
        let Ok(proposed) = Deal::from_stored(&snapshot) else { continue };
        let shown = match (is_published == 1, published_revision) {
            (true, Some(n)) => published(&mut *conn, deal_id, n).await?,
            _ => None,
        };
        let stale = is_published == 1 && base.is_some() && base != published_revision;
        // A stale edit is shown as what approving it publishes: merged onto the shown version.
        let (result, conflicts) = match (&shown, stale.then_some(base).flatten()) {
            (Some(now), Some(b)) => match published(&mut *conn, deal_id, b).await? {
                Some(base_snap) => {
                    let m = merge::merge(&base_snap, now, &proposed, &BTreeMap::new());
                    let report = ConflictReport {
                        base: base_snap,
                        base_number: b,
                        now: now.clone(),
                        now_number: published_revision.unwrap_or_default(),
                        mine: proposed.clone(),
                        fields: m.conflicts,
                    };
                    (m.result, conflicts(&mut *conn, &report).await?)
                }
                None => (proposed.clone(), Vec::new()),
            },
            _ => (proposed.clone(), Vec::new()),
        };
        let after = describe(&mut *conn, &mut names, &result).await?;
        let before = match &shown {
            Some(s) => describe(&mut *conn, &mut names, s).await?,
            None => Vec::new(),
        };
        let get = |v: &Described, k: &FieldKey| text_of(v, k).map(|x| x.2.clone()).unwrap_or_default();
        let rows = union(&before, &after).into_iter().map(|(k, l)| (l.clone(), get(&before, k), get(&after, k))).collect();
        items.push(ReviewItem {
            revision_id: rid,
            deal_id,
            number,
            title: if is_published == 1 { title } else { proposed.title.clone() },
            is_new: is_published == 0,
            author,
            created_at,
            summary,
            stale,
            rows,
            conflicts,
        });
    }
    #[derive(sqlx::FromRow)]
    struct Flag {
        id: i64,
        deal_id: i64,
        deal_title: String,
        kind: String,
        note: String,
        by: Option<String>,
        created_at: String,
    }
    let flags: Vec<Flag> = sqlx::query_as(
        "SELECT f.id, f.deal_id, d.title AS deal_title, f.kind, f.note, u.handle AS by, f.created_at FROM flags f
         JOIN deals d ON d.id = f.deal_id LEFT JOIN users u ON u.id = f.user_id AND u.deleted_at IS NULL
         WHERE f.resolved_at IS NULL ORDER BY f.created_at, f.id LIMIT 200",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(ReviewQueue {
        proposals: super::proposals::proposals(&mut *conn).await?,
        profiles: super::profiles::pending(&mut *conn).await?,
        items,
        flags: flags
            .into_iter()
            .map(|Flag { id, deal_id, deal_title, kind, note, by, created_at }| FlagView {
                id,
                deal_id,
                deal_title,
                kind,
                note,
                by,
                created_at,
                resolved: None,
            })
            .collect(),
    })
}

/// A person's revisions and what became of them, newest first.
pub async fn submissions(conn: &mut SqliteConnection, user_id: i64) -> Result<Vec<Submission>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        deal_id: i64,
        title: String,
        number: i64,
        decision: Option<String>,
        reason: Option<String>,
        created_at: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.deal_id, dl.title, r.number, d.decision, d.reason, r.created_at FROM revisions r
         JOIN deals dl ON dl.id = r.deal_id LEFT JOIN revision_decisions d ON d.revision_id = r.id
         WHERE r.author_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|Row { deal_id, title, number, decision, reason, created_at }| Submission {
            deal_id,
            title,
            number,
            state: state_of(decision.as_deref()),
            reason,
            created_at,
        })
        .collect())
}
