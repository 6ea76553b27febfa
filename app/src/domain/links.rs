//! The rules of links between deals: anyone signed in links two published deals (not a deal
//! to itself, and only by a known kind); moderators take links down, and the record stays.

use crate::error::AppError;
use crate::model::{msg::Msg, view::Viewer};
use crate::repo::{
    changes::{self, Change},
    deals, links,
};
use sqlx::SqliteConnection;

/// Links deal `from` to deal `to` as `kind`.
pub async fn add(conn: &mut SqliteConnection, from: i64, to: i64, kind: &str, by: &Viewer) -> Result<(), AppError> {
    let impossible = || AppError::invalid("other", Msg::new("link-impossible"));
    if from == to || !links::KINDS.iter().any(|k| k.0 == kind) {
        return Err(impossible());
    }
    if !deals::is_public(&mut *conn, from).await? || !deals::is_public(&mut *conn, to).await? {
        return Err(impossible());
    }
    if !links::insert(&mut *conn, from, to, kind, by.id).await? {
        return Err(impossible());
    }
    changes::record(conn, Change::Links).await?;
    Ok(())
}

/// A moderator takes link `link` down.
pub async fn remove(conn: &mut SqliteConnection, link: i64, by: &Viewer) -> Result<(), AppError> {
    if !by.is_moderator() {
        return Err(AppError::Forbidden);
    }
    if !links::remove(&mut *conn, link, by.id).await? {
        return Err(AppError::NotFound);
    }
    changes::record(conn, Change::Links).await?;
    Ok(())
}
