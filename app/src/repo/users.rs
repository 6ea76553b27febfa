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
        sqlx::query_as("SELECT id, handle, role, password_hash FROM users WHERE handle = ?")
            .bind(handle)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id, handle, r, password_hash)| UserRecord { viewer: Viewer { id, handle, role: role(&r) }, password_hash }))
}

/// Changes an account's role.
pub async fn set_role(conn: &mut SqliteConnection, handle: &str, new_role: Role) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET role = ? WHERE handle = ?").bind(new_role.code()).bind(handle).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

pub(crate) fn viewer(id: i64, handle: String, r: &str) -> Viewer {
    Viewer { id, handle, role: role(r) }
}
