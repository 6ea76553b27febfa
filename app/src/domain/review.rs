//! The review state machine. A contributor's new deal and a contributor's edit wait as
//! pending revisions; a moderator's apply at once. The public row always shows the last
//! approved revision. Edits merge field by field onto the version shown now
//! ([`super::merge`]), at saving and again at approval, so nobody's change is lost.
//! Every function runs inside the caller's write transaction and calls `repo` for storage.

use super::merge::{self, Choice, FieldKey};
use crate::model::workflow::RevisionState;
use crate::model::{view::Viewer, Deal, DealInput, FieldErrors};
use crate::repo::{
    changes::{self, Change},
    deals,
    revisions::{self, Decision, Head, NewRevision, Revision},
};
use sqlx::SqliteConnection;
use std::collections::BTreeMap;

/// An edit that could not be merged without a choice: the three versions and the fields
/// both sides changed.
#[derive(Clone, Debug)]
pub struct ConflictReport {
    pub base: Deal,
    pub base_number: i64,
    pub now: Deal,
    pub now_number: i64,
    pub mine: Deal,
    /// Fields changed on both sides to different values, in form order.
    pub fields: Vec<FieldKey>,
}

/// Why a review action was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// Both sides changed some fields; the person chooses per field.
    #[error("conflicting changes")]
    Conflict(Box<ConflictReport>),
    /// The merged version breaks a rule of the form (a deal left without sources, an end
    /// before its start).
    #[error("invalid merge")]
    Invalid(FieldErrors),
    /// The revision was already decided.
    #[error("already decided")]
    AlreadyDecided,
    #[error("withdrawn")]
    Withdrawn,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

async fn head(conn: &mut SqliteConnection, deal_id: i64) -> Result<Head, ReviewError> {
    revisions::head(conn, deal_id).await?.ok_or(ReviewError::NotFound)
}

async fn revision(conn: &mut SqliteConnection, deal_id: i64, number: i64) -> Result<Revision, ReviewError> {
    revisions::by_number(conn, deal_id, number).await?.ok_or(ReviewError::NotFound)
}

/// A new id for a source: eight hex digits (ids of sources saved before ids existed are
/// `s1`, `s2`…, which this can never give).
fn fresh_source_id() -> String {
    format!("{:08x}", rand::random::<u32>())
}

/// The form's rules, checked again on a merged version: each side was valid alone, but
/// together they may not be.
fn check(s: &Deal) -> Result<(), ReviewError> {
    DealInput::from_deal(s, String::new()).parse().map(|_| ()).map_err(ReviewError::Invalid)
}

/// A new deal whose first revision says where it came from ("Deal recorded", an import's
/// file). Returns its id and whether it is public now.
pub async fn submit(conn: &mut SqliteConnection, snap: &Deal, actor: &Viewer, summary: &str) -> Result<(i64, bool), ReviewError> {
    let mut snap = snap.clone();
    snap.give_source_ids(fresh_source_id);
    let public = actor.is_moderator();
    let id = deals::insert_row(&mut *conn, &snap, actor.id, public).await?;
    let (rev, number) = revisions::insert(
        &mut *conn,
        NewRevision { deal_id: id, author_id: actor.id, summary, snapshot: &snap, base_number: None, merged_from: None },
    )
    .await?;
    if public {
        revisions::decide(&mut *conn, rev, Decision::Approved, Some(actor.id), None).await?;
        deals::set_published(&mut *conn, id, number).await?;
        changes::record(&mut *conn, Change::Deal(id)).await?;
    }
    Ok((id, public))
}

/// An edit as the form sends it.
pub struct Edit<'a> {
    pub deal_id: i64,
    /// The number of the revision the form started from.
    pub base: i64,
    /// What the form holds.
    pub deal: Deal,
    /// Choices for fields a first attempt found in conflict.
    pub choices: BTreeMap<FieldKey, Choice>,
    /// The author's own pending revision this edit continues (and replaces).
    pub replaces: Option<i64>,
    pub summary: &'a str,
}

/// What happened to an edit.
#[derive(Debug, PartialEq, Eq)]
pub enum EditOutcome {
    /// Applied at once (a moderator's edit), as this revision.
    Published(i64),
    /// Waiting for a moderator, as this revision.
    Pending(i64),
}

/// Saves an edit: merged onto the version shown now when the deal changed since the form
/// was opened, refused with a [`ConflictReport`] while a field changed on both sides lacks a
/// choice.
pub async fn edit(conn: &mut SqliteConnection, e: Edit<'_>, actor: &Viewer) -> Result<EditOutcome, ReviewError> {
    let h = head(&mut *conn, e.deal_id).await?;
    if h.withdrawn {
        return Err(ReviewError::Withdrawn);
    }
    let is_author = h.created_by == Some(actor.id);
    if !h.published && !is_author && !actor.is_moderator() {
        return Err(ReviewError::NotFound);
    }
    // A person starts from a version they may see: a published one, or their own.
    let base = revision(&mut *conn, e.deal_id, e.base).await?;
    let visible =
        base.state == RevisionState::Approved || base.author_id == Some(actor.id) || actor.is_moderator() || (!h.published && is_author);
    if !visible {
        return Err(ReviewError::NotFound);
    }
    let mut mine = e.deal;
    mine.give_source_ids(fresh_source_id);
    let current = h.current();
    let result = if e.base == current {
        mine
    } else {
        let now = revision(&mut *conn, e.deal_id, current).await?;
        let m = merge::merge(&base.snapshot, &now.snapshot, &mine, &e.choices);
        if !m.unresolved.is_empty() {
            return Err(ReviewError::Conflict(Box::new(ConflictReport {
                base: base.snapshot,
                base_number: e.base,
                now: now.snapshot,
                now_number: current,
                mine,
                fields: m.conflicts,
            })));
        }
        m.result
    };
    check(&result)?;
    let replaced = match e.replaces {
        Some(n) => revisions::by_number(&mut *conn, e.deal_id, n)
            .await?
            .filter(|r| r.state == RevisionState::Pending && r.author_id == Some(actor.id)),
        None => None,
    };
    let (rev, number) = revisions::insert(
        &mut *conn,
        NewRevision {
            deal_id: e.deal_id,
            author_id: actor.id,
            summary: e.summary,
            snapshot: &result,
            base_number: Some(current),
            merged_from: None,
        },
    )
    .await?;
    if let Some(old) = replaced {
        revisions::decide(&mut *conn, old.id, Decision::Superseded, None, Some(&format!("replaced by revision {number}"))).await?;
    }
    if !h.published {
        // A deal not yet published has one version under review: its newest.
        supersede(&mut *conn, e.deal_id, number).await?;
    }
    if actor.is_moderator() {
        revisions::decide(&mut *conn, rev, Decision::Approved, Some(actor.id), None).await?;
        deals::publish(&mut *conn, e.deal_id, number, &result).await?;
        changes::record(&mut *conn, Change::Deal(e.deal_id)).await?;
        Ok(EditOutcome::Published(number))
    } else {
        if !h.published {
            // The row of an unpublished deal follows its newest version.
            deals::apply(&mut *conn, e.deal_id, &result).await?;
        }
        Ok(EditOutcome::Pending(number))
    }
}

/// Marks every pending revision of a deal numbered below `number` as superseded.
async fn supersede(conn: &mut SqliteConnection, deal_id: i64, number: i64) -> Result<(), sqlx::Error> {
    for id in revisions::pending_before(&mut *conn, deal_id, number).await? {
        revisions::decide(&mut *conn, id, Decision::Superseded, None, Some(&format!("replaced by revision {number}"))).await?;
    }
    Ok(())
}

/// What an approval published.
#[derive(Debug, PartialEq, Eq)]
pub struct Approved {
    pub deal_id: i64,
    /// The revision now shown.
    pub number: i64,
    /// Whether it is a new revision merging the approved one onto changes made since.
    pub merged: bool,
}

/// A moderator approves a pending revision. When the deal changed since the revision was
/// made, it is merged onto the version shown now as a new revision that names it; fields
/// both sides changed need the moderator's `choices`.
pub async fn approve(
    conn: &mut SqliteConnection,
    revision_id: i64,
    actor: &Viewer,
    note: Option<&str>,
    choices: &BTreeMap<FieldKey, Choice>,
) -> Result<Approved, ReviewError> {
    if !actor.is_moderator() {
        return Err(ReviewError::Forbidden);
    }
    let rev = revisions::by_id(&mut *conn, revision_id).await?.ok_or(ReviewError::NotFound)?;
    if rev.state != RevisionState::Pending {
        return Err(ReviewError::AlreadyDecided);
    }
    let h = head(&mut *conn, rev.deal_id).await?;
    if h.withdrawn {
        return Err(ReviewError::Withdrawn);
    }
    let current = h.current();
    if !h.published || rev.base_number.is_none_or(|b| b == current) {
        revisions::decide(&mut *conn, rev.id, Decision::Approved, Some(actor.id), note).await?;
        deals::publish(&mut *conn, rev.deal_id, rev.number, &rev.snapshot).await?;
        changes::record(&mut *conn, Change::Deal(rev.deal_id)).await?;
        return Ok(Approved { deal_id: rev.deal_id, number: rev.number, merged: false });
    }
    let base_number = rev.base_number.unwrap_or(current);
    let base = revision(&mut *conn, rev.deal_id, base_number).await?;
    let now = revision(&mut *conn, rev.deal_id, current).await?;
    let m = merge::merge(&base.snapshot, &now.snapshot, &rev.snapshot, choices);
    if !m.unresolved.is_empty() {
        return Err(ReviewError::Conflict(Box::new(ConflictReport {
            base: base.snapshot,
            base_number,
            now: now.snapshot,
            now_number: current,
            mine: rev.snapshot,
            fields: m.conflicts,
        })));
    }
    check(&m.result)?;
    let (merged_id, number) = revisions::insert(
        &mut *conn,
        NewRevision {
            deal_id: rev.deal_id,
            author_id: rev.author_id.unwrap_or(actor.id),
            summary: &rev.summary,
            snapshot: &m.result,
            base_number: Some(current),
            merged_from: Some(rev.number),
        },
    )
    .await?;
    revisions::decide(&mut *conn, merged_id, Decision::Approved, Some(actor.id), note).await?;
    revisions::decide(&mut *conn, rev.id, Decision::Merged, Some(actor.id), Some(&format!("merged into revision {number}"))).await?;
    deals::publish(&mut *conn, rev.deal_id, number, &m.result).await?;
    changes::record(&mut *conn, Change::Deal(rev.deal_id)).await?;
    Ok(Approved { deal_id: rev.deal_id, number, merged: true })
}

/// A moderator rejects a pending revision, with a reason its author sees.
pub async fn reject(conn: &mut SqliteConnection, revision_id: i64, actor: &Viewer, reason: &str) -> Result<i64, ReviewError> {
    if !actor.is_moderator() {
        return Err(ReviewError::Forbidden);
    }
    let rev = revisions::by_id(&mut *conn, revision_id).await?.ok_or(ReviewError::NotFound)?;
    if rev.state != RevisionState::Pending {
        return Err(ReviewError::AlreadyDecided);
    }
    revisions::decide(&mut *conn, rev.id, Decision::Rejected, Some(actor.id), Some(reason)).await?;
    Ok(rev.deal_id)
}

/// A moderator brings back an approved revision's content, as a new revision saying why.
pub async fn revert(conn: &mut SqliteConnection, deal_id: i64, to_number: i64, actor: &Viewer, reason: &str) -> Result<i64, ReviewError> {
    if !actor.is_moderator() {
        return Err(ReviewError::Forbidden);
    }
    let h = head(&mut *conn, deal_id).await?;
    if h.withdrawn {
        return Err(ReviewError::Withdrawn);
    }
    let old = revision(&mut *conn, deal_id, to_number).await?;
    if old.state != RevisionState::Approved {
        return Err(ReviewError::NotFound);
    }
    let summary = format!("Reverted to revision {to_number}: {reason}");
    let (rev, number) = revisions::insert(
        &mut *conn,
        NewRevision {
            deal_id,
            author_id: actor.id,
            summary: &summary,
            snapshot: &old.snapshot,
            base_number: Some(h.current()),
            merged_from: None,
        },
    )
    .await?;
    revisions::decide(&mut *conn, rev, Decision::Approved, Some(actor.id), None).await?;
    deals::publish(&mut *conn, deal_id, number, &old.snapshot).await?;
    changes::record(&mut *conn, Change::Deal(deal_id)).await?;
    Ok(number)
}

/// A moderator withdraws a deal (soft deletion), optionally as a duplicate of another.
pub async fn withdraw(
    conn: &mut SqliteConnection,
    deal_id: i64,
    actor: &Viewer,
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
        if keep == deal_id || !deals::is_live(&mut *conn, keep).await? {
            return Err(ReviewError::NotFound);
        }
    }
    deals::withdraw(&mut *conn, deal_id, reason, duplicate_of).await?;
    changes::record(&mut *conn, Change::Deal(deal_id)).await?;
    Ok(())
}

/// What an author's edit form starts from: their own pending revision when they have one
/// (so a second edit continues the first), else the version shown now. Returns the
/// version, the base number the form carries, and the pending revision it continues.
pub async fn edit_start(conn: &mut SqliteConnection, deal_id: i64, actor: &Viewer) -> Result<(Deal, i64, Option<i64>), ReviewError> {
    let h = head(&mut *conn, deal_id).await?;
    if h.withdrawn {
        return Err(ReviewError::Withdrawn);
    }
    if !h.published && h.created_by != Some(actor.id) && !actor.is_moderator() {
        return Err(ReviewError::NotFound);
    }
    if h.published && !actor.is_moderator() {
        if let Some(p) = revisions::pending_by(&mut *conn, deal_id, actor.id).await? {
            return Ok((p.snapshot, p.base_number.unwrap_or(h.current()), Some(p.number)));
        }
    }
    let current = revision(&mut *conn, deal_id, h.current()).await?;
    Ok((current.snapshot, current.number, None))
}
