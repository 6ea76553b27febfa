//! Accounts.

use crate::model::{view::Viewer, Role};
use sqlx::SqliteConnection;

/// A stored account with its password hash (never leaves the server).
pub struct UserRecord {
    pub viewer: Viewer,
    pub password_hash: String,
}

fn role(code: &str) -> Role {
    // The CHECK constraint keeps codes valid; fall back to the least privilege regardless.
    Role::from_code(code).unwrap_or(Role::Contributor)
}

/// Creates an account. A taken handle surfaces as the `users_handle_unique` violation.
pub async fn insert(conn: &mut SqliteConnection, handle: &str, password_hash: &str, role: Role) -> Result<i64, sqlx::Error> {
    let id = sqlx::query_scalar("INSERT INTO users (handle, password_hash, role, created_at) VALUES (?, ?, ?, ?) RETURNING id")
        .bind(handle)
        .bind(password_hash)
        .bind(role.code())
        .bind(super::now())
        .fetch_one(conn)
        .await?;
    Ok(id)
}

/// Looks an account up by handle, ignoring case.
pub async fn by_handle(conn: &mut SqliteConnection, handle: &str) -> Result<Option<UserRecord>, sqlx::Error> {
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, handle, role, password_hash FROM users WHERE handle = ? AND deleted_at IS NULL")
            .bind(handle)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id, handle, r, password_hash)| UserRecord { viewer: Viewer { id, handle, role: role(&r) }, password_hash }))
}

/// Changes an account's role and ends its sessions, so the new role applies from the next
/// sign-in. Returns the previous role, or `None` when there is no such account.
pub async fn set_role(conn: &mut SqliteConnection, handle: &str, new_role: Role) -> Result<Option<Role>, sqlx::Error> {
    let old: Option<(i64, String)> = sqlx::query_as("SELECT id, role FROM users WHERE handle = ? AND deleted_at IS NULL")
        .bind(handle)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((id, old)) = old else { return Ok(None) };
    sqlx::query("UPDATE users SET role = ? WHERE id = ?").bind(new_role.code()).bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = ?").bind(id).execute(conn).await?;
    Ok(Some(role(&old)))
}

pub(crate) fn viewer(id: i64, handle: String, r: &str) -> Viewer {
    Viewer { id, handle, role: role(r) }
}

/// Replaces a password and ends every session of the account.
pub async fn set_password(conn: &mut SqliteConnection, user_id: i64, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = ? WHERE id = ? AND deleted_at IS NULL")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = ?").bind(user_id).execute(conn).await?;
    Ok(())
}

/// Deletes an account: the row stays (history points at it) but the handle is freed, the
/// password can never match, and every session ends. History then shows "deleted user".
/// The row's handle becomes `~deleted~<id>`: `~` is no handle's character, so nobody can
/// sign up as it beforehand and make the deletion fail.
pub async fn delete(conn: &mut SqliteConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET handle = '~deleted~' || id, password_hash = '!', deleted_at = ? WHERE id = ?")
        .bind(super::now())
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = ?").bind(user_id).execute(conn).await?;
    Ok(())
}

/// Every live account, for the admin page.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<crate::model::workflow::UserRow>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT handle, role, created_at FROM users WHERE deleted_at IS NULL ORDER BY role != 'admin', role != 'moderator', handle",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(handle, r, created_at)| crate::model::workflow::UserRow { handle, role: role(&r), created_at }).collect())
}
