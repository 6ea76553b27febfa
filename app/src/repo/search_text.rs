//! What the search index reads from the database: the text of deals, the change record
//! after the index's position, and the names of governments (a deal's text includes its
//! government's names, so a renamed government's deals are read again).
//!
//! Only public deals (published, not withdrawn) are indexed; everything else read here
//! comes back with `public: false` so the index drops it.

use sqlx::SqliteConnection;

/// A deal's text as the index holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct DealText {
    pub id: i64,
    /// Published and not withdrawn: only these are in the index.
    pub public: bool,
    pub title: String,
    /// Everything else a search looks through: description, program, agency, facility,
    /// the government's names, the sources' titles and publishers, and the text of the
    /// documents kept for the sources of the version shown (public, since that version is).
    pub body: String,
}

/// The columns of `DealText` (one definition of what a search reads).
const TEXT: &str = "SELECT d.id, d.published = 1 AND d.deleted_at IS NULL, d.title,
        coalesce(d.description, '') || ' ' || coalesce(d.program, '') || ' ' || coalesce(d.agency, '') || ' ' ||
        coalesce(d.facility_name, '') || ' ' || coalesce(d.facility_location, '') || ' ' || j.display_name || ' ' || j.official_name || ' ' ||
        coalesce((SELECT group_concat(coalesce(s.title, '') || ' ' || coalesce(s.publisher, ''), ' ') FROM sources s WHERE s.deal_id = d.id), '') || ' ' ||
        coalesce((SELECT group_concat(p.text, ' ') FROM sources s JOIN document_pages p ON p.sha256 = s.document WHERE s.deal_id = d.id), '')
    FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id";

type Row = (i64, bool, String, String);

fn to_text((id, public, title, body): Row) -> DealText {
    DealText { id, public, title, body }
}

/// The deals with ids from `first` to `last`, public or not.
pub async fn range(conn: &mut SqliteConnection, first: i64, last: i64) -> Result<Vec<DealText>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{TEXT} WHERE d.id BETWEEN ? AND ?")).bind(first).bind(last).fetch_all(conn).await?;
    Ok(rows.into_iter().map(to_text).collect())
}

/// The deals with these ids, public or not.
pub async fn some(conn: &mut SqliteConnection, ids: &[i64]) -> Result<Vec<DealText>, sqlx::Error> {
    let json = serde_json::to_string(ids).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{TEXT} WHERE d.id IN (SELECT value FROM json_each(?))")).bind(json).fetch_all(conn).await?;
    Ok(rows.into_iter().map(to_text).collect())
}

/// Up to `limit` public deals with ids from `from` on, in id order (for a rebuild).
pub async fn public_from(conn: &mut SqliteConnection, from: i64, limit: i64) -> Result<Vec<DealText>, sqlx::Error> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{TEXT} WHERE d.id >= ? AND d.published = 1 AND d.deleted_at IS NULL ORDER BY d.id LIMIT ?"))
            .bind(from)
            .bind(limit)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(to_text).collect())
}

/// The ids of the public deals of these governments.
pub async fn public_of_governments(conn: &mut SqliteConnection, governments: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    let json = serde_json::to_string(governments).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query_scalar(
        "SELECT id FROM deals WHERE jurisdiction_id IN (SELECT value FROM json_each(?)) AND published = 1 AND deleted_at IS NULL",
    )
    .bind(json)
    .fetch_all(conn)
    .await
}

/// Every government's id and the names a deal's text carries ("Arlington County
/// Arlington County, Virginia").
pub async fn government_names(conn: &mut SqliteConnection) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, display_name || ' ' || official_name FROM jurisdictions").fetch_all(conn).await
}

/// A change as the index reads it: its sequence number, kind and deal range.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ChangeRow {
    pub seq: i64,
    /// When it was made.
    pub at: String,
    pub kind: String,
    pub first_deal: Option<i64>,
    pub last_deal: Option<i64>,
}

/// Up to `limit` changes after `seq`, oldest first.
pub async fn changes_after(conn: &mut SqliteConnection, seq: i64, limit: i64) -> Result<Vec<ChangeRow>, sqlx::Error> {
    sqlx::query_as("SELECT seq, at, kind, first_deal, last_deal FROM changes WHERE seq > ? ORDER BY seq LIMIT ?")
        .bind(seq)
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// When change `seq` was made; None when there is no such change.
pub async fn change_at(conn: &mut SqliteConnection, seq: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT at FROM changes WHERE seq = ?").bind(seq).fetch_optional(conn).await
}
