//! Bulk import of deals from CSV (`tracker import` and the moderators' upload page).
//!
//! Every row is read, matched to its government and validated by the same rules as the deal
//! form before anything is written. Unless partial imports are asked for, one bad row means
//! nothing is written. The writes are one `BEGIN IMMEDIATE` transaction; each deal's first
//! revision names the import, and each row's stable external id makes a re-import of the
//! same file create nothing.

pub mod matching;
pub mod rows;

use crate::model::Role;
use crate::repo::{self, deals::Snapshot, review::Actor};
use matching::{Index, Rule};
use rows::{Format, Row};
use sqlx::SqlitePool;
use std::collections::HashMap;

/// How to import.
#[derive(Clone, Debug)]
pub struct Options {
    /// Check and report only.
    pub dry_run: bool,
    /// Write the good rows even when others fail.
    pub partial: bool,
    /// Apply changed rows (same external id, new content) as new revisions.
    pub update: bool,
    /// Shown in each deal's first revision and the import's record.
    pub file_name: String,
    /// Whose import it is: a moderator's deals are published, a contributor's wait for review.
    pub actor: Actor,
    /// Their handle, for the audit log.
    pub handle: String,
}

/// What happened to one row.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Good; written unless the run was a dry run or stopped by bad rows.
    Ready,
    Created(i64),
    /// The same row was imported before.
    Unchanged(i64),
    /// Imported before with different content; not applied (use --update).
    Changed(i64),
    Updated(i64),
    Failed(String),
}

/// One row of the report.
#[derive(Clone, Debug)]
pub struct RowReport {
    /// Line in the file (the header is line 1).
    pub line: usize,
    pub external_id: String,
    pub title: String,
    /// The government matched, and how.
    pub matched: Option<(String, Rule)>,
    pub outcome: Outcome,
}

/// The whole report.
#[derive(Clone, Debug)]
pub struct Report {
    pub format: Format,
    pub rows: Vec<RowReport>,
    /// Whether anything was written.
    pub written: bool,
    pub elapsed: std::time::Duration,
}

impl Report {
    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.rows.iter().filter(|r| f(&r.outcome)).count()
    }
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }
}

/// Why an import could not even start.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("The file is not CSV the importer can read: {0}")]
    Csv(String),
    #[error(
        "The header doesn't match a format the importer knows. Use the tracker's own export columns (title, kind, government, state …) \
         or a Good Jobs First Subsidy Tracker export (Company, Year, State, Subsidy Value, Type of Subsidy …)."
    )]
    UnknownFormat,
    #[error("The file has no rows.")]
    Empty,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("{0}")]
    Review(String),
}

/// A row that passed every check, ready to write.
struct Good {
    /// Its place in the report.
    at: usize,
    snap: Snapshot,
    hash: String,
    external_id: String,
    line: usize,
}

/// What the checking thread tells the writer.
enum Checked {
    /// Rows handled so far.
    Progress(usize),
    /// New rows, good so far, to be written while checking goes on.
    Fresh(Vec<Good>),
}

/// Said when the import stopped for a reason that is ours, not the file's.
const STOPPED: &str = "The import stopped unexpectedly; nothing was written. Try again, and report it if it happens again.";

/// Rows per message from the checker: four of `insert_many`'s statements.
const BATCH: usize = 4800;

/// What checking found, once every row has been read.
struct CheckResult {
    rows: Vec<RowReport>,
    /// Rows imported before with new content, to apply with `--update`.
    changed: Vec<Good>,
}

/// Everything the checker needs, owned, so it can run on its own thread.
struct Checker {
    format: Format,
    header: Vec<String>,
    records: Vec<(usize, csv::StringRecord)>,
    index: Index,
    entities: HashMap<String, i64>,
    known: HashMap<String, (i64, String)>,
    opts: Options,
}

impl Checker {
    /// Checks every row in order, sending good new rows to `out` in batches while no row has
    /// failed (or when failures are allowed), so writing overlaps checking.
    fn run(self, out: tokio::sync::mpsc::Sender<Checked>) -> CheckResult {
        let Checker { format, header, records, index, entities, known, opts } = self;
        let mut rows: Vec<RowReport> = Vec::with_capacity(records.len());
        let mut changed = Vec::new();
        let mut batch: Vec<Good> = Vec::with_capacity(BATCH);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut failed = false;
        for (n, (line, rec)) in records.iter().enumerate() {
            let row = Row { cells: header.iter().map(String::as_str).zip(rec.iter()).collect() };
            let hash = row.content_hash(format);
            let external_id = match row.get("external_id") {
                "" => format!("sha256:{}", &hash[..32]),
                e => e.to_string(),
            };
            let mut r = RowReport { line: *line, external_id: external_id.clone(), title: String::new(), matched: None, outcome: Outcome::Ready };
            let checked = (|| -> Result<Snapshot, String> {
                if let Some(first) = seen.get(&external_id) {
                    return Err(format!("The same row (external id {external_id}) is already on line {first}."));
                }
                let entity = match format {
                    Format::Tracker => rows::entity_for(&[row.get("entity")], &entities)?,
                    Format::GoodJobsFirst => rows::entity_for(&[row.get("company"), row.get("parent company")], &entities)?,
                };
                let (place, rule) = rows::jurisdiction(&row, format, &index)?;
                r.matched = Some((place.label.clone(), rule));
                let mut input = rows::deal_input(&row, format, entity);
                // The government is already matched; the form's own check only needs it named.
                input.jurisdiction = place.label.clone();
                r.title = input.title.clone();
                let deal = input.parse().map_err(|errors| {
                    let mut list: Vec<String> = errors.iter().map(|(field, msg)| format!("{field}: {msg}")).collect();
                    list.sort();
                    list.join(" ")
                })?;
                Ok(Snapshot { deal, jurisdiction_id: place.id })
            })();
            seen.entry(external_id.clone()).or_insert(*line);
            match checked {
                Ok(snap) => {
                    if let Some((deal_id, old_hash)) = known.get(&external_id) {
                        r.outcome = if *old_hash == hash { Outcome::Unchanged(*deal_id) } else { Outcome::Changed(*deal_id) };
                    }
                    let good = Good { at: rows.len(), snap, hash, external_id, line: *line };
                    match r.outcome {
                        Outcome::Ready => batch.push(good),
                        Outcome::Changed(_) if opts.update => changed.push(good),
                        _ => {}
                    }
                }
                Err(reason) => {
                    r.outcome = Outcome::Failed(reason);
                    failed = true;
                }
            }
            rows.push(r);
            // Once a row has failed an all-or-nothing import will not be written: the rest is
            // only checked, for the report.
            let writing = !opts.dry_run && (opts.partial || !failed);
            if batch.len() == BATCH || (!writing && !batch.is_empty()) {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if writing {
                    // The writer only stops listening when it has failed; its error is reported.
                    let _ = out.blocking_send(Checked::Fresh(full));
                }
            }
            if n % 1000 == 0 {
                let _ = out.blocking_send(Checked::Progress(n));
            }
        }
        if !batch.is_empty() && !opts.dry_run && (opts.partial || !failed) {
            let _ = out.blocking_send(Checked::Fresh(batch));
        }
        CheckResult { rows, changed }
    }
}

/// Reads, checks and (unless told otherwise) writes. `progress` is called with the number of
/// rows handled so far: checked on a dry run, else written.
pub async fn run(pool: &SqlitePool, data: &[u8], opts: &Options, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Report, ImportError> {
    let started = std::time::Instant::now();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let header: Vec<String> = reader.headers().map_err(|e| ImportError::Csv(e.to_string()))?.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase()).collect();
    let format = Format::detect(&header).ok_or(ImportError::UnknownFormat)?;
    let records: Vec<(usize, csv::StringRecord)> = reader
        .records()
        .enumerate()
        .map(|(i, r)| r.map(|r| (r.position().map(|p| p.line() as usize).unwrap_or(i + 2), r)).map_err(|e| ImportError::Csv(e.to_string())))
        .collect::<Result<_, _>>()?;
    if records.is_empty() {
        return Err(ImportError::Empty);
    }
    let total = records.len();
    let mut conn = pool.acquire().await?;
    let index = Index::load(&mut conn).await?;
    let entities: HashMap<String, i64> = sqlx::query_as::<_, (String, i64)>("SELECT name, id FROM entities")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(n, id)| (matching::plain(&n), id))
        .collect();
    let known: HashMap<String, (i64, String)> = sqlx::query_as::<_, (String, i64, String)>("SELECT external_id, deal_id, content_hash FROM import_rows")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(e, d, h)| (e, (d, h)))
        .collect();
    drop(conn);

    // Checking (parsing, matching, validating) runs on a thread of its own and hands good rows
    // over in batches; this task writes them meanwhile, inside one transaction that is only
    // committed if, at the end, every row was good (or --partial was given). On two cores
    // this hides the checking behind the writing.
    let (send, mut checked) = tokio::sync::mpsc::channel::<Checked>(4);
    let checker = Checker { format, header, records, index, entities, known, opts: opts.clone() };
    let checking = tokio::task::spawn_blocking(move || checker.run(send));
    let mut tx: Option<(sqlx::Transaction<'static, sqlx::Sqlite>, i64)> = None;
    let mut created: Vec<(usize, i64)> = Vec::new();
    let publish = publishes(opts.actor.role);
    let mut failure: Option<ImportError> = None;
    while let Some(msg) = checked.recv().await {
        match msg {
            Checked::Progress(n) if opts.dry_run => progress(n, total),
            Checked::Progress(_) => {}
            Checked::Fresh(batch) => {
                let result = async {
                    if tx.is_none() {
                        tx = Some(begin(pool, opts, format).await?);
                    }
                    let Some((tx, import_id)) = tx.as_mut() else { return Err(ImportError::Review(STOPPED.into())) };
                    let items: Vec<(&Snapshot, String)> = batch
                        .iter()
                        .map(|g| (&g.snap, format!("Imported from {} (import {import_id}, line {})", opts.file_name, g.line)))
                        .collect();
                    let ids = repo::deals::insert_many(tx, &items, opts.actor.id, publish).await?;
                    let mut b = sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO import_rows (external_id, deal_id, content_hash, import_id, line) ");
                    b.push_values(batch.iter().zip(&ids), |mut row, (g, id)| {
                        row.push_bind(g.external_id.clone()).push_bind(*id).push_bind(g.hash.clone()).push_bind(*import_id).push_bind(g.line as i64);
                    });
                    b.build().execute(&mut **tx).await?;
                    Ok::<_, ImportError>(ids)
                }
                .await;
                match result {
                    Ok(ids) => {
                        created.extend(batch.iter().map(|g| g.at).zip(ids));
                        progress(created.len(), total);
                    }
                    Err(e) => {
                        // Stop listening: the checker's sends fail and it finishes on its own.
                        failure = Some(e);
                        break;
                    }
                }
            }
        }
    }
    drop(checked);
    let CheckResult { rows, changed } = checking.await.map_err(|e| {
        tracing::error!(error = %e, "import check stopped");
        ImportError::Review(STOPPED.into())
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    let mut report = Report { format, rows, written: false, elapsed: Default::default() };
    let blocked = report.failed() > 0 && !opts.partial;
    if opts.dry_run || blocked || (created.is_empty() && changed.is_empty()) {
        // Nothing is written: the transaction opened for the first good rows is rolled back,
        // and its connection goes back to the pool with the usual page cache.
        if let Some((mut tx, _)) = tx {
            sqlx::query("PRAGMA cache_size = -2000").execute(&mut *tx).await?;
            tx.rollback().await?;
        }
        progress(total, total);
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    let (mut tx, import_id) = match tx {
        Some(open) => open,
        None => begin(pool, opts, format).await?,
    };
    for (at, id) in created {
        report.rows[at].outcome = Outcome::Created(id);
    }
    let mut updated = 0i64;
    for g in changed {
        let r = &mut report.rows[g.at];
        let Outcome::Changed(deal_id) = r.outcome else { continue };
        let summary = format!("Imported from {} (import {import_id}, line {})", opts.file_name, r.line);
        let base: i64 = sqlx::query_scalar("SELECT coalesce(published_revision, (SELECT max(number) FROM revisions WHERE deal_id = ?1)) FROM deals WHERE id = ?1")
            .bind(deal_id)
            .fetch_one(&mut *tx)
            .await?;
        match repo::review::edit(&mut tx, deal_id, base, &g.snap, opts.actor, &summary).await {
            Ok(_) => {
                sqlx::query("UPDATE import_rows SET content_hash = ?, import_id = ?, line = ? WHERE external_id = ?")
                    .bind(&g.hash)
                    .bind(import_id)
                    .bind(r.line as i64)
                    .bind(&r.external_id)
                    .execute(&mut *tx)
                    .await?;
                r.outcome = Outcome::Updated(deal_id);
                updated += 1;
            }
            Err(e) => r.outcome = Outcome::Failed(format!("The deal could not be updated: {e:?}")),
        }
    }
    let created = report.count(|o| matches!(o, Outcome::Created(_))) as i64;
    sqlx::query("UPDATE imports SET rows_created = ?, rows_updated = ? WHERE id = ?").bind(created).bind(updated).bind(import_id).execute(&mut *tx).await?;
    let detail = format!("{} ({}): {created} created, {updated} updated", opts.file_name, format.code());
    repo::audit::record(&mut tx, Some((opts.actor.id, opts.handle.as_str())), "import", None, Some(&detail), None).await?;
    sqlx::query("PRAGMA cache_size = -2000").execute(&mut *tx).await?;
    tx.commit().await?;
    progress(total, total);
    report.written = true;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Opens the import's write transaction and records the import in it.
async fn begin(pool: &SqlitePool, opts: &Options, format: Format) -> Result<(sqlx::Transaction<'static, sqlx::Sqlite>, i64), ImportError> {
    let mut tx = repo::begin_write(pool).await?;
    // A large import rewrites the same index pages many times; a bigger page cache for this
    // transaction keeps them in memory instead of spilling them to the log (2× faster at
    // 100,000 rows). Put back before commit: the connection returns to the pool.
    sqlx::query("PRAGMA cache_size = -262144").execute(&mut *tx).await?;
    let import_id: i64 = sqlx::query_scalar("INSERT INTO imports (file_name, format, user_id, created_at) VALUES (?, ?, ?, ?) RETURNING id")
        .bind(&opts.file_name)
        .bind(format.code())
        .bind(opts.actor.id)
        .bind(repo::now())
        .fetch_one(&mut *tx)
        .await?;
    Ok((tx, import_id))
}

/// Who may import: anyone signed in; the role decides whether deals are published at once.
pub fn publishes(role: Role) -> bool {
    role != Role::Contributor
}
