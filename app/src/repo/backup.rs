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

/// The documents a backup's database lists, read without changing the file.
pub async fn documents_in(path: &Path) -> Result<Vec<String>, BackupError> {
    let mut conn = open(path, true).await?;
    let all = super::documents::all(&mut conn).await?;
    conn.close().await?;
    Ok(all.into_iter().map(|(sha, _)| sha).collect())
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

/// Whether a table or column may leave the server in the public download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Public,
    Private,
}

/// A table the public copy takes rows from: its name, which rows (a condition on the live
/// database, `src`), and every column classified. A column or table missing from these
/// lists makes a test fail (`server/tests/data.rs`), so a migration that adds one must say
/// whether the public may have it.
pub struct PublicTable {
    pub name: &'static str,
    pub rows: &'static str,
    pub columns: &'static [(&'static str, Class)],
}

use Class::{Private, Public};

/// Every table the public copy takes rows from. Deals are the published ones, withdrawn
/// ones included (the site shows their reason and history).
pub const PUBLIC_TABLES: &[PublicTable] = &[
    PublicTable {
        name: "deals",
        rows: "published = 1",
        columns: &[
            ("id", Public), ("title", Public), ("kind", Public), ("jurisdiction_id", Public), ("agency", Public), ("program", Public),
            ("entity_id", Public), ("amount_cents", Public), ("amount_disclosed", Public), ("value_basis", Public),
            ("announced_on", Public), ("approved_on", Public), ("starts_on", Public), ("ends_on", Public), ("status", Public),
            ("jobs_promised", Public), ("facility_name", Public), ("facility_location", Public), ("description", Public),
            ("review_state", Public), ("deleted_at", Public), ("created_by", Public), ("created_at", Public), ("updated_at", Public),
            ("published", Public), ("withdrawn_reason", Public), ("duplicate_of", Public), ("published_revision", Public),
            ("state_usps", Public),
        ],
    },
    PublicTable {
        name: "sources",
        rows: "deal_id IN (SELECT id FROM src.deals WHERE published = 1)",
        columns: &[
            ("id", Public), ("deal_id", Public), ("position", Public), ("stable_id", Public), ("url", Public), ("title", Public),
            ("publisher", Public), ("published_on", Public), ("archive_url", Public), ("note", Public), ("document", Public),
        ],
    },
    // Public documents: their fingerprints and what they are (the files are at
    // /documents/{sha256}/file, never embedded).
    PublicTable {
        name: "documents",
        rows: "EXISTS (SELECT 1 FROM src.revision_documents rd
                JOIN src.revision_decisions dc ON dc.revision_id = rd.revision_id AND dc.decision = 'approved'
                JOIN src.deals d ON d.id = rd.deal_id AND d.published = 1 WHERE rd.sha256 = documents.sha256)",
        columns: &[
            ("sha256", Public), ("media_type", Public), ("size", Public), ("pages", Public), ("uploaded_at", Public),
            ("file_name", Private), ("uploaded_by", Private), ("text_status", Private), ("text_problem", Private),
        ],
    },
    PublicTable {
        name: "deal_events",
        rows: "deal_id IN (SELECT id FROM src.deals WHERE published = 1)",
        columns: &[
            ("deal_id", Public), ("stable_id", Public), ("position", Public), ("kind", Public), ("on_date", Public),
            ("precision", Public), ("at_time", Public), ("zone", Public), ("body", Public), ("location", Public),
            ("agenda_url", Public), ("outcome", Public), ("outcome_url", Public), ("jurisdiction_id", Public), ("state_usps", Public),
        ],
    },
    PublicTable {
        name: "profile_versions",
        rows: "state = 'approved'",
        columns: &[
            ("id", Public), ("jurisdiction_id", Public), ("author_id", Private), ("created_at", Public), ("content", Public),
            ("state", Public), ("decided_by", Private), ("decided_at", Public), ("reason", Private),
        ],
    },
    PublicTable {
        name: "revisions",
        rows: "deal_id IN (SELECT id FROM src.deals WHERE published = 1)
               AND id IN (SELECT revision_id FROM src.revision_decisions WHERE decision = 'approved')",
        columns: &[
            ("id", Public), ("deal_id", Public), ("number", Public), ("author_id", Public), ("created_at", Public), ("summary", Public),
            ("snapshot", Public), ("base_number", Public), ("merged_from", Public),
        ],
    },
    PublicTable {
        name: "revision_decisions",
        rows: "decision = 'approved' AND revision_id IN (SELECT id FROM src.revisions WHERE deal_id IN (SELECT id FROM src.deals WHERE published = 1))",
        columns: &[("revision_id", Public), ("decision", Public), ("moderator_id", Public), ("decided_at", Public), ("reason", Public)],
    },
    PublicTable {
        name: "jurisdictions",
        rows: "pending = 0 AND rejected_reason IS NULL",
        columns: &[
            ("id", Public), ("kind", Public), ("legal_type", Public), ("official_name", Public), ("display_name", Public),
            ("state_fips", Public), ("state_usps", Public), ("geoidfq", Public), ("leaid", Public), ("ocd_id", Public),
            ("ansicode", Public), ("parent_id", Public), ("slug", Public), ("intpt_lat", Public), ("intpt_lon", Public),
            ("aland", Public), ("pending", Private), ("proposed_by", Private), ("proposal_note", Private), ("rejected_reason", Private),
        ],
    },
    PublicTable { name: "jurisdiction_aliases", rows: "1", columns: &[("identifier", Public), ("jurisdiction_id", Public)] },
    PublicTable {
        name: "slug_redirects",
        rows: "1",
        columns: &[("state_usps", Public), ("old_slug", Public), ("jurisdiction_id", Public)],
    },
    PublicTable {
        name: "unincorporated_places",
        rows: "1",
        columns: &[("geoidfq", Public), ("name", Public), ("state_usps", Public), ("county_id", Public)],
    },
    PublicTable { name: "entities", rows: "1", columns: &[("id", Public), ("name", Public), ("parent_id", Public)] },
    PublicTable {
        name: "deal_links",
        rows: "removed_at IS NULL AND from_deal IN (SELECT id FROM src.deals WHERE published = 1)
               AND to_deal IN (SELECT id FROM src.deals WHERE published = 1)",
        columns: &[
            ("id", Public), ("from_deal", Public), ("to_deal", Public), ("kind", Public), ("created_at", Public),
            ("created_by", Private), ("removed_at", Private), ("removed_by", Private),
        ],
    },
];

/// Tables whose rows never leave the server: accounts and sessions, readers' reports, the
/// audit log, the importer's records (file names, uploaders, external ids), the change
/// record, and everything of following by email (addresses are personal data).
pub const PRIVATE_TABLES: &[&str] = &[
    "users",
    "sessions",
    "flags",
    "audit_log",
    "imports",
    "import_rows",
    "changes",
    "_sqlx_migrations",
    "sqlite_sequence",
    "follows",
    "follow_tokens",
    "mail_outbox",
    "follow_items",
    "mail_position",
    "document_uploads",
    "document_pages",
    "revision_documents",
];

/// Whether a table is derived data: the aggregates kept by the writes (counted again from
/// the deals by `tracker aggregates rebuild`). The search index is not in the database at
/// all: a folder beside it, left out of backups and built again after a restore.
pub fn is_derived(table: &str) -> bool {
    table.starts_with("tallies") || table.starts_with("tallied_")
}

/// The public copy, built from [`PUBLIC_TABLES`] alone: published deals, their sources and
/// approved revisions, jurisdictions and entities, and the public names of the people whose
/// work it shows. Nothing else is copied, so a table or column added later stays private
/// until someone lists it. Built at `dest` (replaced if present) from a consistent snapshot.
pub async fn public_copy(pool: &SqlitePool, dest: &Path) -> Result<CopyReport, BackupError> {
    let _ = std::fs::remove_file(dest);
    let snapshot = dest.with_extension("snapshot");
    let _ = std::fs::remove_file(&snapshot);
    let mut conn = pool.acquire().await?;
    sqlx::query("VACUUM INTO ?").bind(snapshot.to_string_lossy().as_ref()).execute(&mut *conn).await?;
    drop(conn);
    let built = async {
        let mut c = SqliteConnectOptions::new().filename(dest).create_if_missing(true).connect().await?;
        sqlx::query("ATTACH DATABASE ? AS src").bind(snapshot.to_string_lossy().as_ref()).execute(&mut c).await?;
        for t in PUBLIC_TABLES {
            let columns: Vec<&str> = t.columns.iter().filter(|(_, c)| *c == Public).map(|(n, _)| *n).collect();
            let sql = format!("CREATE TABLE main.{} AS SELECT {} FROM src.{} WHERE {}", t.name, columns.join(", "), t.name, t.rows);
            sqlx::query(&sql).execute(&mut c).await?;
        }
        // People appear by the name history shows: only those whose work the copy holds.
        for stmt in [
            "CREATE TABLE contributors (id INTEGER PRIMARY KEY, handle TEXT NOT NULL) STRICT",
            "INSERT INTO contributors SELECT id, CASE WHEN deleted_at IS NULL THEN handle ELSE 'deleted user' END FROM src.users
             WHERE id IN (SELECT created_by FROM main.deals UNION SELECT author_id FROM main.revisions
                          UNION SELECT moderator_id FROM main.revision_decisions)",
            // What a reader of the copy filters and joins by first.
            "CREATE INDEX public_deals_by_jurisdiction ON deals (jurisdiction_id)",
            "CREATE INDEX public_sources_by_deal ON sources (deal_id)",
            "CREATE INDEX public_revisions_by_deal ON revisions (deal_id, number)",
            "CREATE UNIQUE INDEX public_jurisdictions_by_id ON jurisdictions (id)",
        ] {
            sqlx::query(stmt).execute(&mut c).await?;
        }
        sqlx::query("DETACH DATABASE src").execute(&mut c).await?;
        sqlx::query("VACUUM").execute(&mut c).await?;
        c.close().await
    }
    .await;
    let _ = std::fs::remove_file(&snapshot);
    built?;
    check_file(dest).await
}
