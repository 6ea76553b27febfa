//! Readers' reports that something about a deal is wrong.

use crate::model::workflow::{FlagView, Resolution};
use sqlx::SqliteConnection;

pub use crate::model::workflow::FLAG_KINDS as KINDS;

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

/// What moderators did about reports on a deal, newest first (never the report or who sent it).
pub async fn resolved_for_deal(conn: &mut SqliteConnection, deal_id: i64) -> Result<Vec<Resolution>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT resolved_at, resolution FROM flags WHERE deal_id = ? AND resolved_at IS NOT NULL ORDER BY resolved_at DESC, id DESC LIMIT 5",
    )
    .bind(deal_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(at, reason)| Resolution { on: at.chars().take(10).collect(), reason }).collect())
}

/// A reader's own reports and what became of them, newest first.
pub async fn by_reporter(conn: &mut SqliteConnection, user_id: i64) -> Result<Vec<FlagView>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        deal_id: i64,
        deal_title: String,
        kind: String,
        note: String,
        created_at: String,
        resolved_at: Option<String>,
        resolution: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT f.id, f.deal_id, d.title AS deal_title, f.kind, f.note, f.created_at, f.resolved_at, f.resolution
         FROM flags f JOIN deals d ON d.id = f.deal_id WHERE f.user_id = ? ORDER BY f.created_at DESC, f.id DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|Row { id, deal_id, deal_title, kind, note, created_at, resolved_at, resolution }| FlagView {
            id,
            deal_id,
            deal_title,
            kind,
            note,
            by: None,
            created_at,
            resolved: resolved_at.zip(resolution).map(|(at, reason)| Resolution { on: at.chars().take(10).collect(), reason }),
        })
        .collect())
}
