//! The durable record of changes to published data (see the `changes` migration). Each
//! write that changes what the public sees records one row in its own transaction; the
//! newest sequence number is the data version.

use sqlx::SqliteConnection;

/// What a change touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// One deal: its content, publication or withdrawal.
    Deal(i64),
    /// New deals with ids from the first to the last: one import batch, recorded with
    /// [`record_uncounted`] (its deals are counted with [`count_fresh`]).
    Deals(i64, i64),
    /// Jurisdictions: loaded, proposed by a moderator, or decided.
    Places,
    /// Links between deals.
    Links,
    /// A reader's report resolved (the deal page says so).
    Reports,
    /// An account deleted: its public name is gone from history.
    Accounts,
    /// A source document stored: its text waits to be read (`documents.text_status`).
    Documents,
}

/// Records a change inside the caller's transaction, after the rows it describes were
/// written, and keeps the aggregates up to date with it there; returns its sequence number.
pub async fn record(conn: &mut SqliteConnection, change: Change) -> Result<i64, sqlx::Error> {
    super::tallies::keep(&mut *conn, change).await?;
    record_uncounted(conn, change).await
}

/// Records a change without counting it in the aggregates: the caller counts its deals with
/// [`count_fresh`] before its transaction commits. An import does this for its batches: its
/// checking thread counts their new deals as it builds them, and the writer merges tens of
/// thousands at once, since each merge rewrites every scope its deals touch (their
/// governments', counties', states' and the site's): counted batch by batch, that rewriting
/// was most of a large import's time.
pub async fn record_uncounted(conn: &mut SqliteConnection, change: Change) -> Result<i64, sqlx::Error> {
    let (kind, first, last) = parts(change);
    sqlx::query_scalar("INSERT INTO changes (at, kind, first_deal, last_deal) VALUES (?, ?, ?, ?) RETURNING seq")
        .bind(super::now())
        .bind(kind)
        .bind(first)
        .bind(last)
        .fetch_one(conn)
        .await
}

/// Counts new deals recorded with [`record_uncounted`] in the aggregates.
pub async fn count_fresh(conn: &mut SqliteConnection, fresh: super::tallies::Fresh) -> Result<(), sqlx::Error> {
    super::tallies::keep_fresh(conn, fresh).await
}

/// A change as stored: its kind and the deals it covers.
fn parts(change: Change) -> (&'static str, Option<i64>, Option<i64>) {
    match change {
        Change::Deal(id) => ("deal", Some(id), Some(id)),
        Change::Deals(first, last) => ("deals", Some(first), Some(last)),
        Change::Places => ("places", None, None),
        Change::Links => ("links", None, None),
        Change::Reports => ("reports", None, None),
        Change::Accounts => ("accounts", None, None),
        Change::Documents => ("documents", None, None),
    }
}

/// The newest sequence number: the data version (0 before any change).
pub async fn latest(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT coalesce(max(seq), 0) FROM changes").fetch_one(conn).await
}
