//! Readers' reports that something about a deal is wrong.

use sqlx::SqliteConnection;

pub use crate::model::view::FLAG_KINDS as KINDS;

/// Files a flag on a live deal; `None` when the deal doesn't exist or was withdrawn.
pub async fn create(conn: &mut SqliteConnection, deal_id: i64, user_id: i64, kind: &str, note: &str) -> Result<Option<i64>, sqlx::Error> {
    let live: Option<i64> = sqlx::query_scalar("SELECT id FROM deals WHERE id = ? AND deleted_at IS NULL AND published = 1")
        .bind(deal_id)
        .fetch_optional(&mut *conn)
        .await?;
    if live.is_none() {
        return Ok(None);
    }
    let id = sqlx::query_scalar("INSERT INTO flags (deal_id, user_id, kind, note, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id")
        .bind(deal_id)
        .bind(user_id)
        .bind(kind)
        .bind(note)
        .bind(super::now())
        .fetch_one(conn)
        .await?;
    Ok(Some(id))
}

/// Resolves an open flag; false when there is no such open flag.
pub async fn resolve(conn: &mut SqliteConnection, flag_id: i64, moderator: i64, resolution: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE flags SET resolved_by = ?, resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL")
        .bind(moderator)
        .bind(super::now())
        .bind(resolution)
        .bind(flag_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
