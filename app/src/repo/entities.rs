//! The Amazon companies.

use crate::model::view::EntityView;
use sqlx::SqliteConnection;

/// Every entity, parents first, for the form's picker.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<EntityView>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT e.id, e.name, p.name FROM entities e LEFT JOIN entities p ON p.id = e.parent_id
         ORDER BY e.parent_id IS NOT NULL, e.name",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, name, parent_name)| EntityView { id, name, parent_name }).collect())
}

/// Whether an entity id exists.
pub async fn exists(conn: &mut SqliteConnection, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM entities WHERE id = ?").bind(id).fetch_one(conn).await?;
    Ok(n > 0)
}

/// Every company's id and name.
pub async fn names(conn: &mut SqliteConnection) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM entities").fetch_all(conn).await
}
