//! Revisions and their decisions: storage only. The rules of review live in
//! `domain::review`, which calls these inside its caller's write transaction.

use crate::model::{workflow::RevisionState, Deal};
use sqlx::SqliteConnection;

/// What the deal row says about review.
#[derive(Clone, Debug)]
pub struct Head {
    pub published: bool,
    /// The number of the revision the public sees.
    pub published_revision: Option<i64>,
    /// The highest revision number.
    pub max_number: i64,
    pub created_by: Option<i64>,
    pub withdrawn: bool,
}

impl Head {
    /// The revision an edit applies onto: what the public sees, or for a deal not yet
    /// published, its latest version.
    pub fn current(&self) -> i64 {
        if self.published {
            self.published_revision.unwrap_or(self.max_number)
        } else {
            self.max_number
        }
    }
}

/// A stored revision.
#[derive(Clone, Debug)]
pub struct Revision {
    pub id: i64,
    pub deal_id: i64,
    pub number: i64,
    /// The revision it started from.
    pub base_number: Option<i64>,
    pub author_id: Option<i64>,
    pub summary: String,
    pub snapshot: Deal,
    pub state: RevisionState,
}

/// How a decision is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approved,
    Rejected,
    /// Approved by being merged into a newer revision.
    Merged,
    /// Replaced by its author's newer version.
    Superseded,
}

impl Decision {
    fn code(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::Merged => "merged",
            Decision::Superseded => "superseded",
        }
    }
}

/// A revision's state from its stored decision.
pub fn state_of(decision: Option<&str>) -> RevisionState {
    match decision {
        None => RevisionState::Pending,
        Some("approved") => RevisionState::Approved,
        Some("merged") => RevisionState::Merged,
        Some("superseded") => RevisionState::Superseded,
        Some(_) => RevisionState::Rejected,
    }
}

fn decode(text: &str) -> Result<Deal, sqlx::Error> {
    Deal::from_stored(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// The deal's review columns; `None` when there is no such deal.
pub async fn head(conn: &mut SqliteConnection, deal_id: i64) -> Result<Option<Head>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        published: i64,
        published_revision: Option<i64>,
        created_by: Option<i64>,
        deleted_at: Option<String>,
        max_number: i64,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT published, published_revision, created_by, deleted_at,
            (SELECT coalesce(max(number), 0) FROM revisions WHERE deal_id = d.id) AS max_number
         FROM deals d WHERE id = ?",
    )
    .bind(deal_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Head {
        published: r.published == 1,
        published_revision: r.published_revision,
        max_number: r.max_number,
        created_by: r.created_by,
        withdrawn: r.deleted_at.is_some(),
    }))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    deal_id: i64,
    number: i64,
    base_number: Option<i64>,
    author_id: Option<i64>,
    summary: String,
    snapshot: String,
    decision: Option<String>,
}

const SELECT: &str = "SELECT r.id, r.deal_id, r.number, r.base_number, r.author_id, r.summary, r.snapshot, d.decision
    FROM revisions r LEFT JOIN revision_decisions d ON d.revision_id = r.id";

fn revision(r: Row) -> Result<Revision, sqlx::Error> {
    Ok(Revision {
        id: r.id,
        deal_id: r.deal_id,
        number: r.number,
        base_number: r.base_number,
        author_id: r.author_id,
        summary: r.summary,
        snapshot: decode(&r.snapshot)?,
        state: state_of(r.decision.as_deref()),
    })
}

/// A revision by its id.
pub async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<Revision>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE r.id = ?")).bind(id).fetch_optional(conn).await?;
    row.map(revision).transpose()
}

/// A deal's revision by its number.
pub async fn by_number(conn: &mut SqliteConnection, deal_id: i64, number: i64) -> Result<Option<Revision>, sqlx::Error> {
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE r.deal_id = ? AND r.number = ?")).bind(deal_id).bind(number).fetch_optional(conn).await?;
    row.map(revision).transpose()
}

/// The newest pending revision an author has on a deal.
pub async fn pending_by(conn: &mut SqliteConnection, deal_id: i64, author_id: i64) -> Result<Option<Revision>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.deal_id = ? AND r.author_id = ? AND d.revision_id IS NULL ORDER BY r.number DESC LIMIT 1"
    ))
    .bind(deal_id)
    .bind(author_id)
    .fetch_optional(conn)
    .await?;
    row.map(revision).transpose()
}

/// How many revisions of a deal wait for a moderator.
pub async fn pending_count(conn: &mut SqliteConnection, deal_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM revisions r LEFT JOIN revision_decisions d ON d.revision_id = r.id
         WHERE r.deal_id = ? AND d.revision_id IS NULL",
    )
    .bind(deal_id)
    .fetch_one(conn)
    .await
}

/// The ids of a deal's pending revisions numbered below `number`.
pub async fn pending_before(conn: &mut SqliteConnection, deal_id: i64, number: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT r.id FROM revisions r LEFT JOIN revision_decisions d ON d.revision_id = r.id
         WHERE r.deal_id = ? AND r.number < ? AND d.revision_id IS NULL",
    )
    .bind(deal_id)
    .bind(number)
    .fetch_all(conn)
    .await
}

/// What a new revision records.
pub struct NewRevision<'a> {
    pub deal_id: i64,
    pub author_id: i64,
    pub summary: &'a str,
    pub snapshot: &'a Deal,
    /// The revision it started from (none for a deal's first).
    pub base_number: Option<i64>,
    /// For a merge: the number of the pending revision it publishes.
    pub merged_from: Option<i64>,
}

/// Appends a revision; returns its id and number.
pub async fn insert(conn: &mut SqliteConnection, r: NewRevision<'_>) -> Result<(i64, i64), sqlx::Error> {
    let snapshot = r.snapshot.to_stored().map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query_as(
        "INSERT INTO revisions (deal_id, number, author_id, created_at, summary, snapshot, base_number, merged_from)
         VALUES (?1, (SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE deal_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)
         RETURNING id, number",
    )
    .bind(r.deal_id)
    .bind(r.author_id)
    .bind(super::now())
    .bind(r.summary)
    .bind(snapshot)
    .bind(r.base_number)
    .bind(r.merged_from)
    .fetch_one(conn)
    .await
}

/// Records a decision on a revision. Decisions are append-only: one per revision.
pub async fn decide(
    conn: &mut SqliteConnection,
    revision_id: i64,
    decision: Decision,
    moderator: Option<i64>,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO revision_decisions (revision_id, decision, moderator_id, decided_at, reason) VALUES (?, ?, ?, ?, ?)")
        .bind(revision_id)
        .bind(decision.code())
        .bind(moderator)
        .bind(super::now())
        .bind(reason)
        .execute(conn)
        .await?;
    Ok(())
}
