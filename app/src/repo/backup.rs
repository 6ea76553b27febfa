//! Copies of the database: online backups and restores (`tracker backup` / `restore`), and
//! the public download (published data only, for Datasette and notebooks).
//!
//! Copies are made with `VACUUM INTO`, which reads one consistent snapshot while writers go
//! on (WAL), and every copy is checked with `PRAGMA integrity_check` before it is trusted.

use sqlx::{sqlite::SqliteConnectOptions, ConnectOptions, Connection, SqliteConnection, SqlitePool};
use std::path::{Path, PathBuf};

/// What can go wrong, in words for the command line.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose a new file name so no backup is overwritten")]
    Exists(PathBuf),
    #[error("{0} does not exist")]
    Missing(PathBuf),
    #[error("{path} failed the integrity check: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("{0} is not a tracker database (it has no deals and revisions tables)")]
    NotTracker(PathBuf),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

/// Counts from a copy, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyReport {
    pub deals: i64,
    pub revisions: i64,
    pub bytes: u64,
}

async fn open(path: &Path, read_only: bool) -> Result<SqliteConnection, sqlx::Error> {
    SqliteConnectOptions::new().filename(path).read_only(read_only).create_if_missing(false).connect().await
}

/// `PRAGMA integrity_check` on an open connection: Ok when SQLite says "ok".
pub async fn integrity(conn: &mut SqliteConnection) -> Result<Result<(), String>, sqlx::Error> {
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut *conn).await?;
    Ok(if rows == ["ok"] { Ok(()) } else { Err(rows.join("; ")) })
}

/// Opens a copy, checks it, and counts what it holds.
pub async fn check_file(path: &Path) -> Result<CopyReport, BackupError> {
    if !path.is_file() {
        return Err(BackupError::Missing(path.to_path_buf()));
    }
    let mut conn = open(path, true).await.map_err(|e| BackupError::Corrupt { path: path.to_path_buf(), detail: e.to_string() })?;
    match integrity(&mut conn).await {
        Ok(Ok(())) => {}
        Ok(Err(detail)) => return Err(BackupError::Corrupt { path: path.to_path_buf(), detail }),
        Err(e) => return Err(BackupError::Corrupt { path: path.to_path_buf(), detail: e.to_string() }),
    }
    let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('deals', 'revisions')")
        .fetch_one(&mut conn)
        .await?;
    if tables != 2 {
        return Err(BackupError::NotTracker(path.to_path_buf()));
    }
    let deals: i64 = sqlx::query_scalar("SELECT count(*) FROM deals").fetch_one(&mut conn).await?;
    let revisions: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions").fetch_one(&mut conn).await?;
    conn.close().await?;
    Ok(CopyReport { deals, revisions, bytes: std::fs::metadata(path)?.len() })
}

/// An online, consistent copy of the live database at `dest`, checked before it is reported.
/// A copy that fails the check is removed.
pub async fn backup(pool: &SqlitePool, dest: &Path) -> Result<CopyReport, BackupError> {
    if dest.exists() {
        return Err(BackupError::Exists(dest.to_path_buf()));
    }
    let mut conn = pool.acquire().await?;
    sqlx::query("VACUUM INTO ?").bind(dest.to_string_lossy().as_ref()).execute(&mut *conn).await?;
    drop(conn);
    match check_file(dest).await {
        Ok(r) => Ok(r),
        Err(e) => {
            let _ = std::fs::remove_file(dest);
            Err(e)
        }
    }
}

/// Replaces the database file `target` with the backup `src`, after checking the backup.
/// The file being replaced is kept beside it (`….before-restore-<time>`), so a restore loses
/// nothing either. The server must be stopped while this runs.
pub async fn restore(src: &Path, target: &Path) -> Result<(CopyReport, Option<PathBuf>), BackupError> {
    let report = check_file(src).await?;
    let staging = target.with_extension("restoring");
    let _ = std::fs::remove_file(&staging);
    let mut conn = open(src, true).await?;
    sqlx::query("VACUUM INTO ?").bind(staging.to_string_lossy().as_ref()).execute(&mut conn).await?;
    conn.close().await?;
    check_file(&staging).await?;
    let kept = if target.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let name = format!("{}.before-restore-{stamp}", target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default());
        let kept = target.with_file_name(name);
        // Fold the write-ahead log into the old file first, so the kept copy is whole.
        if let Ok(mut old) = open(target, false).await {
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut old).await;
            let _ = old.close().await;
        }
        std::fs::rename(target, &kept)?;
        Some(kept)
    } else {
        None
    };
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", target.display()));
        let _ = std::fs::remove_file(side);
    }
    std::fs::rename(&staging, target)?;
    Ok((report, kept))
}

/// The public copy: published deals, their sources and approved revisions, jurisdictions and
/// entities, contributors' handles; no accounts, sessions, flags, audit log or anything
/// waiting for review. Built at `dest` (replaced if present).
pub async fn public_copy(pool: &SqlitePool, dest: &Path) -> Result<CopyReport, BackupError> {
    let _ = std::fs::remove_file(dest);
    let mut conn = pool.acquire().await?;
    sqlx::query("VACUUM INTO ?").bind(dest.to_string_lossy().as_ref()).execute(&mut *conn).await?;
    drop(conn);
    let mut c = SqliteConnectOptions::new().filename(dest).foreign_keys(false).connect().await?;
    let triggers: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetch_all(&mut c).await?;
    for t in triggers {
        sqlx::query(&format!("DROP TRIGGER \"{}\"", t.replace('"', "\"\""))).execute(&mut c).await?;
    }
    const SURGERY: &[&str] = &[
        "DROP TABLE IF EXISTS deals_fts",
        "DROP TABLE sessions",
        "DROP TABLE audit_log",
        "DROP TABLE flags",
        "DROP TABLE IF EXISTS _sqlx_migrations",
        "DELETE FROM revisions WHERE id NOT IN (SELECT revision_id FROM revision_decisions WHERE decision = 'approved')",
        "DELETE FROM revision_decisions WHERE decision != 'approved'",
        "DELETE FROM revisions WHERE deal_id IN (SELECT id FROM deals WHERE published = 0)",
        "DELETE FROM revision_decisions WHERE revision_id NOT IN (SELECT id FROM revisions)",
        "DELETE FROM sources WHERE deal_id IN (SELECT id FROM deals WHERE published = 0)",
        "DELETE FROM deal_links WHERE from_deal IN (SELECT id FROM deals WHERE published = 0) OR to_deal IN (SELECT id FROM deals WHERE published = 0)",
        "DELETE FROM deals WHERE published = 0",
        "DELETE FROM jurisdictions WHERE pending = 1 OR rejected_reason IS NOT NULL",
        "UPDATE jurisdictions SET proposed_by = NULL, proposal_note = NULL",
        "CREATE TABLE contributors (id INTEGER PRIMARY KEY, handle TEXT NOT NULL) STRICT",
        "INSERT INTO contributors SELECT id, CASE WHEN deleted_at IS NULL THEN handle ELSE 'deleted user' END FROM users",
        "DROP TABLE users",
        // What a reader of the copy filters by first.
        "CREATE INDEX IF NOT EXISTS public_deals_by_jurisdiction ON deals (jurisdiction_id)",
        "VACUUM",
    ];
    for stmt in SURGERY {
        sqlx::query(stmt).execute(&mut c).await?;
    }
    c.close().await?;
    check_file(dest).await
}
