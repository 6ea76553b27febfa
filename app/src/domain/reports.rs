//! The rules of readers' reports: anyone signed in reports a problem with a published deal,
//! by a known kind and with a note; moderators resolve them with what they did, which the
//! deal page then says (never the report or who sent it).

use crate::error::AppError;
use crate::model::{msg::Msg, view::Viewer};
use crate::repo::{
    changes::{self, Change},
    flags,
};
use sqlx::SqliteConnection;

/// Files a report on deal `deal_id`.
pub async fn file(conn: &mut SqliteConnection, deal_id: i64, by: &Viewer, kind: &str, note: &str) -> Result<i64, AppError> {
    if !flags::KINDS.iter().any(|(k, _)| *k == kind) {
        return Err(AppError::invalid("flag_kind", Msg::new("report-kind-missing")));
    }
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 2000 {
        return Err(AppError::invalid("note", Msg::new("report-note-missing")));
    }
    flags::create(conn, deal_id, by.id, kind, note).await?.ok_or(AppError::NotFound)
}

/// A moderator resolves report `flag_id`, saying what was done.
pub async fn resolve(conn: &mut SqliteConnection, flag_id: i64, by: &Viewer, resolution: &str) -> Result<(), AppError> {
    if !by.is_moderator() {
        return Err(AppError::Forbidden);
    }
    if !flags::resolve(&mut *conn, flag_id, by.id, resolution).await? {
        return Err(AppError::NotFound);
    }
    changes::record(conn, Change::Reports).await?;
    Ok(())
}
