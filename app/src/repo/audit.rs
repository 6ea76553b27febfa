//! The append-only audit log.

use sqlx::SqliteConnection;

/// One entry: who (if anyone) did what to what.
pub async fn record(
    conn: &mut SqliteConnection,
    actor: Option<(i64, &str)>,
    action: &str,
    subject: Option<&str>,
    detail: Option<&str>,
    client: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (at, actor_id, actor_handle, action, subject, detail, client) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(super::now())
        .bind(actor.map(|a| a.0))
        .bind(actor.map(|a| a.1))
        .bind(action)
        .bind(subject)
        .bind(detail)
        .bind(client)
        .execute(conn)
        .await?;
    Ok(())
}
