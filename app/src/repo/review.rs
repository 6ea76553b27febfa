//! The review state machine. A contributor's new deal and a contributor's edit wait as
//! pending revisions; a moderator's apply at once. The public row always shows the last
//! approved revision. Every function runs inside the caller's write transaction.

use super::deals::{self, Snapshot};
use crate::model::{view::RevisionState, ReviewState, Role};
use sqlx::SqliteConnection;

/// Who is acting.
#[derive(Clone, Copy, Debug)]
pub struct Actor {
    pub id: i64,
    pub role: Role,
}

impl Actor {
    pub fn is_moderator(&self) -> bool {
        matches!(self.role, Role::Moderator | Role::Admin)
    }
}

/// Why a review action was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// The edit started from revision `base`, but revision `current` is now the one shown.
    #[error("stale edit")]
    Conflict { current: i64 },
    /// The revision was already decided.
    #[error("already decided")]
    AlreadyDecided,
    #[error("withdrawn")]
    Withdrawn,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// What the deal row says about review.
struct Head {
    published: bool,
    published_revision: Option<i64>,
    max_number: i64,
    created_by: Option<i64>,
    withdrawn: bool,
}

async fn head(conn: &mut SqliteConnection, deal_id: i64) -> Result<Head, ReviewError> {
    let row: Option<(i64, Option<i64>, Option<i64>, Option<String>, i64)> = sqlx::query_as(
        "SELECT published, published_revision, created_by, deleted_at,
            (SELECT coalesce(max(number), 0) FROM revisions WHERE deal_id = d.id)
         FROM deals d WHERE id = ?",
    )
    .bind(deal_id)
    .fetch_optional(conn)
    .await?;
    let (published, published_revision, created_by, deleted, max_number) = row.ok_or(ReviewError::NotFound)?;
    Ok(Head { published: published == 1, published_revision, max_number, created_by, withdrawn: deleted.is_some() })
}

async fn decide(
    conn: &mut SqliteConnection,
    revision_id: i64,
    approved: bool,
    moderator: Option<i64>,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO revision_decisions (revision_id, decision, moderator_id, decided_at, reason) VALUES (?, ?, ?, ?, ?)")
        .bind(revision_id)
        .bind(if approved { "approved" } else { "rejected" })
        .bind(moderator)
        .bind(super::now())
        .bind(reason)
        .execute(conn)
        .await?;
    Ok(())
}

async fn publish(conn: &mut SqliteConnection, deal_id: i64, number: i64, snap: &Snapshot) -> Result<(), sqlx::Error> {
    deals::apply(&mut *conn, deal_id, snap).await?;
    sqlx::query("UPDATE deals SET published = 1, published_revision = ?, review_state = ? WHERE id = ?")
        .bind(number)
        .bind(ReviewState::Approved.code())
        .bind(deal_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A new deal. Returns its id and whether it is public now.
pub async fn submit(conn: &mut SqliteConnection, snap: &Snapshot, actor: Actor) -> Result<(i64, bool), ReviewError> {
    submit_with(conn, snap, actor, "Deal recorded").await
}

/// A new deal whose first revision says where it came from (an import names its file).
pub async fn submit_with(conn: &mut SqliteConnection, snap: &Snapshot, actor: Actor, summary: &str) -> Result<(i64, bool), ReviewError> {
    let public = actor.is_moderator();
    let state = if public { ReviewState::Approved } else { ReviewState::Unreviewed };
    let id = deals::insert_row(&mut *conn, snap, actor.id, public, state).await?;
    let (rev, number) = deals::insert_revision(&mut *conn, id, actor.id, summary, snap, None).await?;
    if public {
        decide(&mut *conn, rev, true, Some(actor.id), None).await?;
        sqlx::query("UPDATE deals SET published_revision = ? WHERE id = ?").bind(number).bind(id).execute(&mut *conn).await?;
    }
    Ok((id, public))
}

/// What happened to an edit.
#[derive(Debug, PartialEq, Eq)]
pub enum EditOutcome {
    /// Applied at once (a moderator's edit).
    Published,
    /// Waiting for a moderator.
    Pending,
}

/// An edit that started from revision `base`.
pub async fn edit(
    conn: &mut SqliteConnection,
    deal_id: i64,
    base: i64,
    snap: &Snapshot,
    actor: Actor,
    summary: &str,
) -> Result<EditOutcome, ReviewError> {
    let h = head(&mut *conn, deal_id).await?;
    if h.withdrawn {
        return Err(ReviewError::Withdrawn);
    }
    if !h.published && h.created_by != Some(actor.id) && !actor.is_moderator() {
        return Err(ReviewError::NotFound);
    }
    // A published deal's edits start from what the public sees; a pending deal's from its
    // latest version.
    let current = if h.published { h.published_revision.unwrap_or(h.max_number) } else { h.max_number };
    if base != current {
        return Err(ReviewError::Conflict { current });
    }
    let (rev, number) = deals::insert_revision(&mut *conn, deal_id, actor.id, summary, snap, Some(base)).await?;
    if actor.is_moderator() {
        decide(&mut *conn, rev, true, Some(actor.id), None).await?;
        supersede(&mut *conn, deal_id, number).await?;
        publish(&mut *conn, deal_id, number, snap).await?;
        Ok(EditOutcome::Published)
    } else {
        if !h.published {
            // The author reworking their own pending deal: the row follows the latest version,
            // and the older pending version is replaced.
            supersede(&mut *conn, deal_id, number).await?;
            deals::apply(&mut *conn, deal_id, snap).await?;
        }
        Ok(EditOutcome::Pending)
    }
}

/// Marks every pending revision older than `number` of a deal as superseded.
async fn supersede(conn: &mut SqliteConnection, deal_id: i64, number: i64) -> Result<(), sqlx::Error> {
    let older: Vec<i64> = sqlx::query_scalar(
        "SELECT r.id FROM revisions r LEFT JOIN revision_decisions d ON d.revision_id = r.id
         WHERE r.deal_id = ? AND r.number < ? AND d.revision_id IS NULL AND
           (SELECT published FROM deals WHERE id = r.deal_id) = 0",
    )
    .bind(deal_id)
    .bind(number)
    .fetch_all(&mut *conn)
    .await?;
    for id in older {
        decide(&mut *conn, id, false, None, Some(&format!("replaced by revision {number}"))).await?;
    }
    Ok(())
}

/// A moderator approves a pending revision: it becomes what the public sees.
pub async fn approve(conn: &mut SqliteConnection, revision_id: i64, actor: Actor, reason: Option<&str>) -> Result<i64, ReviewError> {
    if !actor.is_moderator() {
        return Err(ReviewError::Forbidden);
    }
    let (deal_id, number, base, snapshot, decided) = revision(&mut *conn, revision_id).await?;
    if decided.is_some() {
        return Err(ReviewError::AlreadyDecided);
    }
    let h = head(&mut *conn, deal_id).await?;
    if h.withdrawn {
        return Err(ReviewError::Withdrawn);
    }
    if h.published && base != h.published_revision {
        return Err(ReviewError::Conflict { current: h.published_revision.unwrap_or(h.max_number) });
    }
    let snap: Snapshot = serde_json::from_str(&snapshot).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    decide(&mut *conn, revision_id, true, Some(actor.id), reason).await?;
    publish(&mut *conn, deal_id, number, &snap).await?;
    Ok(deal_id)
}

/// A moderator rejects a pending revision, with a reason its author sees.
pub async fn reject(conn: &mut SqliteConnection, revision_id: i64, actor: Actor, reason: &str) -> Result<i64, ReviewError> {
    if !actor.is_moderator() {
        return Err(ReviewError::Forbidden);
    }
    let (deal_id, _, _, _, decided) = revision(&mut *conn, revision_id).await?;
    if decided.is_some() {
        return Err(ReviewError::AlreadyDecided);
    }
    decide(&mut *conn, revision_id, false, Some(actor.id), Some(reason)).await?;
    Ok(deal_id)
}

/// A moderator brings back an approved revision's content, as a new revision.
pub async fn revert(conn: &mut SqliteConnection, deal_id: i64, to_number: i64, actor: Actor) -> Result<i64, ReviewError> {
    if !actor.is_moderator() {
        return Err(ReviewError::Forbidden);
    }
    let h = head(&mut *conn, deal_id).await?;
    if h.withdrawn {
        return Err(ReviewError::Withdrawn);
    }
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT r.snapshot, d.decision FROM revisions r LEFT JOIN revision_decisions d ON d.revision_id = r.id
         WHERE r.deal_id = ? AND r.number = ?",
    )
    .bind(deal_id)
    .bind(to_number)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((snapshot, Some(decision))) = row else { return Err(ReviewError::NotFound) };
    if decision != "approved" {
        return Err(ReviewError::NotFound);
    }
    let snap: Snapshot = serde_json::from_str(&snapshot).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let base = h.published_revision.or(Some(h.max_number));
    let (rev, number) =
        deals::insert_revision(&mut *conn, deal_id, actor.id, &format!("Reverted to revision {to_number}"), &snap, base).await?;
    decide(&mut *conn, rev, true, Some(actor.id), None).await?;
    publish(&mut *conn, deal_id, number, &snap).await?;
    Ok(number)
}

/// A moderator withdraws a deal (soft deletion), optionally as a duplicate of another.
pub async fn withdraw(
    conn: &mut SqliteConnection,
    deal_id: i64,
    actor: Actor,
    reason: &str,
    duplicate_of: Option<i64>,
) -> Result<(), ReviewError> {
    if !actor.is_moderator() {
        return Err(ReviewError::Forbidden);
    }
    let h = head(&mut *conn, deal_id).await?;
    if h.withdrawn {
        return Err(ReviewError::Withdrawn);
    }
    if let Some(keep) = duplicate_of {
        let ok: Option<i64> = sqlx::query_scalar("SELECT id FROM deals WHERE id = ? AND id != ? AND deleted_at IS NULL")
            .bind(keep)
            .bind(deal_id)
            .fetch_optional(&mut *conn)
            .await?;
        if ok.is_none() {
            return Err(ReviewError::NotFound);
        }
    }
    // `updated_at` too: readers that follow changes by it (the facet counts) see the withdrawal.
    sqlx::query("UPDATE deals SET deleted_at = ?1, updated_at = ?1, withdrawn_reason = ?2, duplicate_of = ?3 WHERE id = ?4")
        .bind(super::now())
        .bind(reason)
        .bind(duplicate_of)
        .bind(deal_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

type RevisionRow = (i64, i64, Option<i64>, String, Option<String>);

async fn revision(conn: &mut SqliteConnection, revision_id: i64) -> Result<RevisionRow, ReviewError> {
    sqlx::query_as(
        "SELECT r.deal_id, r.number, r.base_number, r.snapshot, d.decision FROM revisions r
         LEFT JOIN revision_decisions d ON d.revision_id = r.id WHERE r.id = ?",
    )
    .bind(revision_id)
    .fetch_optional(conn)
    .await?
    .ok_or(ReviewError::NotFound)
}

/// A revision's state from its decision.
pub fn state_of(decision: Option<&str>) -> RevisionState {
    match decision {
        Some("approved") => RevisionState::Approved,
        Some(_) => RevisionState::Rejected,
        None => RevisionState::Pending,
    }
}
