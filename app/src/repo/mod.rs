//! All SQL lives here (ssr only). Functions take `&mut SqliteConnection` so callers can
//! compose them inside one transaction; a PostgreSQL sibling would mirror these signatures.

pub mod audit;
pub mod backup;
pub mod browse;
pub mod changes;
pub mod deals;
pub mod documents;
pub mod entities;
pub mod events;
pub mod exports;
pub mod facet_counts;
pub mod facts;
pub mod flags;
pub mod follows;
pub mod gazetteer;
pub mod history;
pub mod imports;
pub mod jurisdictions;
pub mod links;
pub mod profiles;
pub mod proposals;
pub mod queue;
pub mod recount;
pub mod revisions;
pub mod search;
pub mod search_text;
pub mod sessions;
pub mod sets;
pub mod tallies;
pub mod users;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::{str::FromStr, time::Duration};

/// How much of the database file each connection maps (see `connect`): as much as SQLite
/// maps at most, 2 GB.
pub const MMAP_SIZE: &str = "2147418112";

/// Opens (creating if needed) the database at `url` and applies pending migrations.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let opts = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .foreign_keys(true)
        // WAL lets readers go on while one writer commits.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        // Reads straight from the operating system's file cache instead of copying each page
        // into every connection's own: searches over thousands of deals spent as long in
        // those copies as in SQLite. As much of the file as SQLite maps at most (2 GB): at a
        // million deals the file is 2.6 GB, and pages past a smaller map were read by a system
        // call each (a tenth of a state page's first render).
        .pragma("mmap_size", MMAP_SIZE)
        // Statement journals (every multi-row write keeps one, to undo just that statement)
        // and sorts stay in memory instead of spilling to files in /var/tmp: a 100,000-row
        // import wrote hundreds of megabytes there.
        .pragma("temp_store", "memory");
    if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
        }
    }
    let pool = SqlitePoolOptions::new().max_connections(8).acquire_timeout(Duration::from_secs(10)).connect_with(opts).await?;
    migrate(&pool).await?;
    // The first start after the migration that added the kept aggregates counts them once.
    let mut conn = pool.acquire().await?;
    if !tallies::built(&mut conn).await? {
        let mut tx = begin_write(&pool).await?;
        tallies::rebuild(&mut tx).await?;
        tx.commit().await?;
    }
    drop(conn);
    Ok(pool)
}

/// Applies the migrations embedded at build time.
pub async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::migrate!("../migrations").run(pool).await.map_err(|e| sqlx::Error::Migrate(Box::new(e)))
}

/// Whether the database answers (for `/healthz`).
pub async fn ping(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(pool).await.map(|_| ())
}

/// Copies everything in the write-ahead log into the database file and empties the log. It
/// waits for readers of the log to finish, holding other writers back meanwhile, at most for
/// the busy timeout (5 s); past that the log is left for SQLite's own checkpoints. A command
/// ending after a large write calls it: the next process to open the database reads the
/// whole log first, 2.6 s of a one-row import after a million-row import.
pub async fn empty_log(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await.map(|_| ())
}

/// Starts a write transaction that takes the write lock up front, so a read-then-write
/// transaction can't fail half-way on a snapshot conflict.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// The same, on a connection the caller holds (one it will close rather than give back).
pub async fn begin_write_on(conn: &mut sqlx::SqliteConnection) -> Result<Transaction<'_, Sqlite>, sqlx::Error> {
    sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await
}

/// SQLite's limit on the values bound in one statement (SQLITE_MAX_VARIABLE_NUMBER).
pub const MAX_BINDS: usize = 32_766;

/// Statements built away from a connection (bound values owned), to run later in order:
/// lets a caller build the next batch of a bulk write on another thread while the database
/// writes this one.
pub struct Prepared(Vec<(sqlx::QueryBuilder<'static, Sqlite>, bool)>);

impl Prepared {
    /// No statements yet.
    pub fn new() -> Prepared {
        Prepared(Vec::new())
    }

    /// Adds a statement. `repeats` says whether statements of the very same text come again
    /// (a full chunk of rows): only those are kept prepared on the connection. A statement of
    /// thousands of values whose text is seen once would otherwise sit in the connection's
    /// statement cache (a hundred of them, megabytes each) long after it ran.
    pub fn push(&mut self, statement: sqlx::QueryBuilder<'static, Sqlite>, repeats: bool) {
        self.0.push((statement, repeats));
    }

    /// These statements, then `more`'s.
    pub fn then(mut self, more: Prepared) -> Prepared {
        self.0.extend(more.0);
        self
    }

    /// Runs the statements in order on `conn`.
    pub async fn run(self, conn: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
        for (mut b, repeats) in self.0 {
            b.build().persistent(repeats).execute(&mut *conn).await?;
        }
        Ok(())
    }
}

impl Default for Prepared {
    fn default() -> Self {
        Prepared::new()
    }
}

/// The current time as stored: RFC 3339 UTC with seconds.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
