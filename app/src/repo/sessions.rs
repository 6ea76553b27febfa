//! Sign-in sessions. The cookie holds a random token; only its SHA-256 is stored.

use crate::model::view::Viewer;
use chrono::{Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

/// How long a session lasts without use.
pub const IDLE: Duration = Duration::days(14);
/// How long a session lasts at most.
pub const ABSOLUTE: Duration = Duration::days(60);

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a session and returns the token for the cookie.
pub async fn create(conn: &mut SqliteConnection, user_id: i64) -> Result<String, sqlx::Error> {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let now = Utc::now();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind(hash(&token))
        .bind(user_id)
        .bind(now.to_rfc3339())
        .bind(now.to_rfc3339())
        .bind((now + ABSOLUTE).to_rfc3339())
        .execute(conn)
        .await?;
    Ok(token)
}

/// The account behind a token, if the session is live. Touches `last_seen_at` at most once a
/// minute so reads don't turn every page view into a write.
pub async fn viewer(conn: &mut SqliteConnection, token: &str) -> Result<Option<Viewer>, sqlx::Error> {
    let now = Utc::now();
    let row: Option<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.handle, u.role, s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?",
    )
    .bind(hash(token))
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, handle, role, last_seen, expires)) = row else { return Ok(None) };
    let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).ok();
    let (Some(last_seen), Some(expires)) = (parse(&last_seen), parse(&expires)) else { return Ok(None) };
    if expires < now || last_seen + IDLE < now {
        delete(conn, token).await?;
        return Ok(None);
    }
    if now - last_seen > Duration::minutes(1) {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(now.to_rfc3339())
            .bind(hash(token))
            .execute(conn)
            .await?;
    }
    Ok(Some(super::users::viewer(id, handle, &role)))
}

/// Ends a session.
pub async fn delete(conn: &mut SqliteConnection, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?").bind(hash(token)).execute(conn).await?;
    Ok(())
}
