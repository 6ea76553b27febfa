//! The rules of governments proposed by contributors (port authorities, development boards):
//! a full name, a kind other than a state, the state, optionally the county or city it
//! belongs to (in that state), and where it is established. A moderator's proposal is
//! accepted at once; a contributor's waits for a moderator.

use crate::error::AppError;
use crate::model::{msg::Msg, view::Viewer, FieldErrors, JurisdictionKind};
use crate::repo::{
    changes::{self, Change},
    jurisdictions::{self, Resolved},
    proposals::{self, NewProposal},
};
use sqlx::SqliteConnection;

/// A proposal as the form sends it.
pub struct Proposed<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub state: &'a str,
    pub parent: &'a str,
    pub note: &'a str,
}

/// Checks and records a proposal; returns the new government's id and whether it is public.
pub async fn propose(conn: &mut SqliteConnection, p: Proposed<'_>, by: &Viewer) -> Result<(i64, bool), AppError> {
    let mut errors = FieldErrors::new();
    let name = p.name.trim();
    if name.chars().count() < 3 || name.chars().count() > 200 {
        errors.insert("name".into(), Msg::new("proposal-name-invalid"));
    }
    let kind = JurisdictionKind::from_code(p.kind).filter(|k| *k != JurisdictionKind::State);
    if kind.is_none() {
        errors.insert("kind".into(), Msg::new("proposal-kind-missing"));
    }
    let note = p.note.trim();
    if note.is_empty() || note.chars().count() > 2000 {
        errors.insert("note".into(), Msg::new("proposal-note-missing"));
    }
    let state = jurisdictions::state(&mut *conn, p.state.trim()).await?;
    if state.is_none() {
        errors.insert("state".into(), Msg::new("proposal-state-missing"));
    }
    let mut parent_id = None;
    let parent = p.parent.trim();
    if !parent.is_empty() {
        match (jurisdictions::resolve(&mut *conn, parent).await?, &state) {
            (Resolved::One(found), Some(s)) if found.state_usps == s.state_usps => parent_id = Some(found.id),
            _ => {
                errors.insert("parent".into(), Msg::new("proposal-parent-invalid"));
            }
        }
    }
    let (Some(kind), Some(state)) = (kind, state) else { return Err(AppError::Invalid(errors)) };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let approved = by.is_moderator();
    let proposal = NewProposal { name, kind, state_usps: &state.state_usps, parent_id, note, user: by.id, approved };
    let id = proposals::propose(&mut *conn, proposal).await?;
    if approved {
        changes::record(conn, Change::Places).await?;
    }
    Ok((id, approved))
}

/// A moderator accepts a proposal (`rejection` none) or turns it down with a reason.
pub async fn decide(conn: &mut SqliteConnection, id: i64, rejection: Option<&str>, by: &Viewer) -> Result<(), AppError> {
    if !by.is_moderator() {
        return Err(AppError::Forbidden);
    }
    if !proposals::decide_proposal(&mut *conn, id, rejection).await? {
        return Err(AppError::NotFound);
    }
    if rejection.is_none() {
        changes::record(conn, Change::Places).await?;
    }
    Ok(())
}
