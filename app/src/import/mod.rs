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
    at: usize,
    snap: Snapshot,
    hash: String,
}

/// Reads, checks and (unless told otherwise) writes. `progress` is called with the number of
/// rows handled so far.
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

    let mut report = Report { format, rows: Vec::with_capacity(records.len()), written: false, elapsed: Default::default() };
    let mut good: Vec<Good> = Vec::with_capacity(records.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let total = records.len();
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
                if r.outcome == Outcome::Ready || (opts.update && matches!(r.outcome, Outcome::Changed(_))) {
                    good.push(Good { at: report.rows.len(), snap, hash });
                }
            }
            Err(reason) => r.outcome = Outcome::Failed(reason),
        }
        report.rows.push(r);
        if n % 1000 == 0 {
            progress(n, total);
        }
    }
    let blocked = report.failed() > 0 && !opts.partial;
    if opts.dry_run || blocked || good.is_empty() {
        progress(total, total);
        report.elapsed = started.elapsed();
        return Ok(report);
    }

    let mut tx = repo::begin_write(pool).await?;
    // A large import rewrites the same index pages many times; a bigger page cache for this
    // transaction keeps them in memory instead of spilling them to the log (2× faster at
    // 100,000 rows). Put back before commit: the connection returns to the pool.
    sqlx::query("PRAGMA cache_size = -262144").execute(&mut *tx).await?;
    let now = repo::now();
    let import_id: i64 = sqlx::query_scalar("INSERT INTO imports (file_name, format, user_id, created_at) VALUES (?, ?, ?, ?) RETURNING id")
        .bind(&opts.file_name)
        .bind(format.code())
        .bind(opts.actor.id)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
    let (mut created, mut updated) = (0i64, 0i64);
    // New deals go in together; changed rows (with --update) one by one, as edits.
    let fresh: Vec<&Good> = good.iter().filter(|g| report.rows[g.at].outcome == Outcome::Ready).collect();
    let items: Vec<(&Snapshot, String)> = fresh
        .iter()
        .map(|g| (&g.snap, format!("Imported from {} (import {import_id}, line {})", opts.file_name, report.rows[g.at].line)))
        .collect();
    for (n, part) in fresh.chunks(5000).zip(items.chunks(5000)).enumerate() {
        let ids = repo::deals::insert_many(&mut tx, part.1, opts.actor.id, publishes(opts.actor.role)).await?;
        let mut b = sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO import_rows (external_id, deal_id, content_hash, import_id, line) ");
        b.push_values(part.0.iter().zip(&ids), |mut row, (g, id)| {
            let r = &report.rows[g.at];
            row.push_bind(r.external_id.clone()).push_bind(*id).push_bind(g.hash.clone()).push_bind(import_id).push_bind(r.line as i64);
        });
        b.build().execute(&mut *tx).await?;
        for (g, id) in part.0.iter().zip(ids) {
            report.rows[g.at].outcome = Outcome::Created(id);
            created += 1;
        }
        progress((n + 1) * 5000, good.len());
    }
    let changed: Vec<&Good> = good.iter().filter(|g| matches!(report.rows[g.at].outcome, Outcome::Changed(_))).collect();
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

/// Who may import: anyone signed in; the role decides whether deals are published at once.
pub fn publishes(role: Role) -> bool {
    role != Role::Contributor
}
