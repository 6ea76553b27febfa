//! Bulk import of deals from CSV (`tracker import` and the moderators' upload page).
//!
//! Every row is read, matched to its government and validated by the same rules as the deal
//! form before anything is written. Unless partial imports are asked for, one bad row means
//! nothing is written. The writes are one `BEGIN IMMEDIATE` transaction; each deal's first
//! revision names the import, and each row's stable external id makes a re-import of the
//! same file create nothing.

pub mod matching;
pub mod rows;

use crate::model::view::Viewer;
use crate::model::Deal;
use crate::model::Role;
use crate::repo;
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
    /// Import rows that look like a deal already recorded (same government, company, year and
    /// amount) instead of leaving them out.
    pub allow_duplicates: bool,
    /// Shown in each deal's first revision and the import's record.
    pub file_name: String,
    /// Whose import it is: a moderator's deals are published, a contributor's wait for review.
    pub viewer: Viewer,
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
    /// Looks like a deal already recorded, by hand or by another import (same government,
    /// company, year and amount), or like an earlier row of this file: left out unless
    /// duplicates are allowed.
    Duplicate(Duplicate),
    /// Changed in the file, but the same fields were also edited on the site since the
    /// import: not applied, so nobody's correction is overwritten. Names the fields.
    Conflicted(i64, Vec<String>),
    Failed(String),
}

/// What a possible duplicate looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duplicate {
    /// A deal already recorded.
    Deal(i64),
    /// An earlier row of the same file, by line.
    Line(usize),
}

impl Duplicate {
    /// "possible duplicate of /deals/12: same government, company, year and amount".
    pub fn describe(self) -> String {
        match self {
            Duplicate::Deal(id) => format!("possible duplicate of /deals/{id}: same government, company, year and amount"),
            Duplicate::Line(line) => format!("possible duplicate of line {line} of this file: same government, company, year and amount"),
        }
    }
}

/// What makes two deals look like the same one: government, company, year and amount.
type Likeness = (i64, i64, i32, i64);

fn likeness(snap: &Deal) -> Option<Likeness> {
    let d = snap;
    let year = d.approved.or(d.announced).or(d.starts)?.year;
    Some((snap.jurisdiction_id, d.entity_id, year, d.amount_cents?))
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
    snap: Deal,
    /// The hash of its cells (its external id when it has none of its own).
    hash: String,
    /// The hash of the snapshot it makes: what "changed" means on a re-import.
    derived: String,
    /// For a row imported before: the revision the import last wrote, which an update
    /// merges from.
    base: Option<i64>,
    external_id: String,
    line: usize,
    /// Its government's state.
    state_usps: String,
}

/// What the checking thread tells the writer.
enum Checked {
    /// Rows handled so far.
    Progress(usize),
    /// New rows, good so far, to be written while checking goes on: the statements that
    /// write them and, for the report, each row's place in it with its new deal's id.
    Fresh(repo::Prepared, Vec<(usize, i64)>),
    /// The statements for a batch could not be built; nothing more is sent.
    Unbuilt,
}

/// Where the checker numbers the deals it builds statements for.
struct Numbering {
    import_id: i64,
    next_deal: i64,
    next_rev: i64,
}

/// Said when the import stopped for a reason that is ours, not the file's.
const STOPPED: &str = "The import stopped unexpectedly; nothing was written. Try again, and report it if it happens again.";

/// Rows per message from the checker: four of `new_deals`' 1,200-row statements.
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
    /// Rows imported before: external id → (deal, derived hash, revision the import wrote).
    known: HashMap<String, (i64, String, i64)>,
    /// Live deals by what would make a new row look like them.
    recorded: HashMap<Likeness, i64>,
    opts: Options,
    /// Present when writing: the open import's id and the next free ids.
    numbering: Option<Numbering>,
}

impl Checker {
    /// Checks every row in order, sending good new rows to `out` in batches while no row has
    /// failed (or when failures are allowed), so writing overlaps checking.
    fn run(self, out: tokio::sync::mpsc::Sender<Checked>) -> CheckResult {
        let Checker { format, header, records, index, entities, known, recorded, opts, mut numbering } = self;
        // Rows of this file so far, by likeness, for duplicates within the file.
        let mut earlier: HashMap<Likeness, usize> = HashMap::new();
        let publish = publishes(opts.viewer.role);
        // Builds the statements for a batch here, off the writer's path, so the database
        // writes one batch while this thread checks and builds the next.
        let mut send = |batch: Vec<Good>| {
            let Some(n) = numbering.as_mut() else { return };
            let summaries: Vec<String> =
                batch.iter().map(|g| format!("Imported from {} (import {}, line {})", opts.file_name, n.import_id, g.line)).collect();
            let items: Vec<repo::deals::NewDeal> = batch
                .iter()
                .zip(summaries)
                .map(|(g, summary)| repo::deals::NewDeal { snap: &g.snap, summary, state_usps: &g.state_usps })
                .collect();
            let Ok(deals) = repo::deals::new_deals(&items, n.next_deal, n.next_rev, opts.viewer.id, publish) else {
                numbering = None;
                let _ = out.blocking_send(Checked::Unbuilt);
                return;
            };
            let ids: Vec<i64> = (n.next_deal..).take(batch.len()).collect();
            // A contributor's imported deals wait for review: nothing public changes yet.
            let change = match (publish, ids.first(), ids.last()) {
                (true, Some(first), Some(last)) => repo::changes::recorded(repo::changes::Change::Deals(*first, *last)),
                _ => repo::Prepared::from(Vec::new()),
            };
            let rows = repo::imports::rows_of(
                n.import_id,
                batch.iter().zip(&ids).map(|(g, id)| repo::imports::CreatedRow {
                    external_id: g.external_id.clone(),
                    deal_id: *id,
                    content_hash: g.hash.clone(),
                    derived_hash: g.derived.clone(),
                    line: g.line,
                }),
            );
            n.next_deal += batch.len() as i64;
            n.next_rev += batch.len() as i64;
            // The writer only stops listening when it has failed; its error is reported.
            let _ = out.blocking_send(Checked::Fresh(deals.then(rows).then(change), batch.iter().map(|g| g.at).zip(ids).collect()));
        };
        let mut rows: Vec<RowReport> = Vec::with_capacity(records.len());
        let mut changed = Vec::new();
        let mut batch: Vec<Good> = Vec::with_capacity(BATCH);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut failed = false;
        // Once a row has failed an all-or-nothing import will not be written: the rest is
        // only checked, for the report.
        let writing = |failed: bool| !opts.dry_run && (opts.partial || !failed);
        for (n, (line, rec)) in records.iter().enumerate() {
            let row = Row { cells: header.iter().map(String::as_str).zip(rec.iter()).collect() };
            let hash = row.content_hash(format);
            let external_id = match row.get("external_id") {
                "" => format!("sha256:{}", &hash[..32]),
                e => e.to_string(),
            };
            let mut r = RowReport {
                line: *line,
                external_id: external_id.clone(),
                title: rows::describe(&row, format),
                matched: None,
                outcome: Outcome::Ready,
            };
            let checked = (|| -> Result<(Deal, String), String> {
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
                    // The importer's report is for moderators and the command line: in English.
                    let mut list: Vec<String> =
                        errors.iter().map(|(field, msg)| format!("{field}: {}", crate::i18n::text(crate::i18n::Lang::En, msg))).collect();
                    list.sort();
                    list.join(" ")
                })?;
                let mut snap = Deal { jurisdiction_id: place.id, ..deal };
                // Sources of an imported row are numbered by position, as those of revisions
                // saved before sources had ids.
                let mut n = 0;
                snap.give_source_ids(|| {
                    n += 1;
                    format!("s{n}")
                });
                Ok((snap, place.state_usps))
            })();
            seen.entry(external_id.clone()).or_insert(*line);
            match checked {
                Ok((snap, state_usps)) => {
                    let derived = derived_hash(&snap);
                    let mut base = None;
                    if let Some((deal_id, old, revision)) = known.get(&external_id) {
                        r.outcome = if *old == derived { Outcome::Unchanged(*deal_id) } else { Outcome::Changed(*deal_id) };
                        base = Some(*revision);
                    }
                    if r.outcome == Outcome::Ready && !opts.allow_duplicates {
                        if let Some(key) = likeness(&snap) {
                            if let Some(id) = recorded.get(&key) {
                                r.outcome = Outcome::Duplicate(Duplicate::Deal(*id));
                            } else if let Some(first) = earlier.get(&key) {
                                r.outcome = Outcome::Duplicate(Duplicate::Line(*first));
                            } else {
                                earlier.insert(key, *line);
                            }
                        }
                    }
                    let good = Good { at: rows.len(), snap, hash, derived, base, external_id, line: *line, state_usps };
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
            if batch.len() == BATCH || (!writing(failed) && !batch.is_empty()) {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if writing(failed) {
                    send(full);
                }
            }
            // While writing, the writer reports progress by the batch; a progress message here
            // would only fill the channel and stall checking until the writer drains it.
            if !writing(failed) && n % 1000 == 0 {
                let _ = out.blocking_send(Checked::Progress(n));
            }
        }
        if !batch.is_empty() && writing(failed) {
            send(batch);
        }
        CheckResult { rows, changed }
    }
}

/// Reads, checks and (unless told otherwise) writes. `progress` is called with the number of
/// rows handled so far: checked on a dry run, else written.
pub async fn run(pool: &SqlitePool, data: &[u8], opts: &Options, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Report, ImportError> {
    let started = std::time::Instant::now();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::Csv(e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
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
    let entities: HashMap<String, i64> =
        repo::imports::entities(&mut conn).await?.into_iter().map(|(n, id)| (matching::plain(&n), id)).collect();
    let recorded: HashMap<Likeness, i64> = repo::imports::likenesses(&mut conn)
        .await?
        .into_iter()
        .filter_map(|(id, jid, entity, year, amount)| Some(((jid, entity, year?.parse().ok()?, amount), id)))
        .collect();
    let known: HashMap<String, (i64, String, i64)> = repo::imports::known_rows(&mut conn)
        .await?
        .into_iter()
        .map(|k| {
            // Rows recorded before derived hashes: the hash of what the import wrote then.
            let derived = k
                .derived_hash
                .or_else(|| k.snapshot.as_deref().and_then(|s| Deal::from_stored(s).ok()).map(|s| derived_hash(&s)))
                .unwrap_or_default();
            (k.external_id, (k.deal_id, derived, k.revision))
        })
        .collect();
    drop(conn);

    // Checking (parsing, matching, validating) runs on a thread of its own, which also builds
    // the statements for each batch of good rows; this task runs them meanwhile, inside one
    // transaction that is only committed if, at the end, every row was good (or --partial was
    // given). On two cores this hides checking and building behind the database's writing.
    // The transaction starts first: it numbers the new deals.
    let mut tx: Option<(sqlx::Transaction<'static, sqlx::Sqlite>, i64)> = None;
    let mut numbering = None;
    if !opts.dry_run {
        let (mut open, import_id) = begin(pool, opts, format).await?;
        let (next_deal, next_rev) = repo::deals::next_ids(&mut open).await?;
        numbering = Some(Numbering { import_id, next_deal, next_rev });
        tx = Some((open, import_id));
    }
    let (send, mut checked) = tokio::sync::mpsc::channel::<Checked>(4);
    let checker = Checker { format, header, records, index, entities, known, recorded, opts: opts.clone(), numbering };
    let checking = tokio::task::spawn_blocking(move || checker.run(send));
    let mut created: Vec<(usize, i64)> = Vec::new();
    let mut failure: Option<ImportError> = None;
    while let Some(msg) = checked.recv().await {
        match msg {
            // Sent only while nothing is being written: checked rows are the progress then.
            Checked::Progress(n) => progress(n, total),
            Checked::Fresh(statements, ids) => {
                let written = match tx.as_mut() {
                    Some((tx, _)) => statements.run(tx).await.map_err(ImportError::from),
                    None => Err(ImportError::Review(STOPPED.into())),
                };
                match written {
                    Ok(()) => {
                        created.extend(ids);
                        progress(created.len(), total);
                    }
                    Err(e) => {
                        // Stop listening: the checker's sends fail and it finishes on its own.
                        failure = Some(e);
                        break;
                    }
                }
            }
            Checked::Unbuilt => {
                failure = Some(ImportError::Review(STOPPED.into()));
                break;
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
        if let Some((mut tx, import_id)) = tx {
            repo::imports::finish(&mut tx, import_id, None).await?;
            tx.rollback().await?;
        }
        progress(total, total);
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    // Opened before checking, since this is no dry run.
    let Some((mut tx, import_id)) = tx else { return Err(ImportError::Review(STOPPED.into())) };
    for (at, id) in created {
        report.rows[at].outcome = Outcome::Created(id);
    }
    let mut updated = 0i64;
    for g in changed {
        let r = &mut report.rows[g.at];
        let Outcome::Changed(deal_id) = r.outcome else { continue };
        let summary = format!("Imported from {} (import {import_id}, line {})", opts.file_name, r.line);
        // Merged from the revision this import wrote last, so edits made on the site since
        // are kept; a field changed both on the site and in the file is left for a person.
        let Some(base) = g.base else { continue };
        let edit =
            crate::domain::review::Edit { deal_id, base, deal: g.snap, choices: Default::default(), replaces: None, summary: &summary };
        use crate::domain::review::{EditOutcome, ReviewError};
        match crate::domain::review::edit(&mut tx, edit, &opts.viewer).await {
            Ok(EditOutcome::Published(n) | EditOutcome::Pending(n)) => {
                repo::imports::row_updated(&mut tx, &r.external_id, (&g.hash, &g.derived), n, import_id, r.line).await?;
                r.outcome = Outcome::Updated(deal_id);
                updated += 1;
            }
            Err(ReviewError::Conflict(c)) => r.outcome = Outcome::Conflicted(deal_id, c.fields.iter().map(|f| f.code()).collect()),
            Err(ReviewError::Db(e)) => return Err(e.into()),
            Err(e) => r.outcome = Outcome::Failed(format!("Deal {deal_id} could not be updated ({e}).")),
        }
    }
    let created = report.count(|o| matches!(o, Outcome::Created(_))) as i64;
    let detail = format!("{} ({}): {created} created, {updated} updated", opts.file_name, format.code());
    repo::audit::record(&mut tx, Some((opts.viewer.id, opts.viewer.handle.as_str())), "import", None, Some(&detail), None).await?;
    repo::imports::finish(&mut tx, import_id, Some((created, updated))).await?;
    tx.commit().await?;
    progress(total, total);
    report.written = true;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Opens the import's write transaction and records the import in it.
async fn begin(pool: &SqlitePool, opts: &Options, format: Format) -> Result<(sqlx::Transaction<'static, sqlx::Sqlite>, i64), ImportError> {
    let mut tx = repo::begin_write(pool).await?;
    let import_id = repo::imports::start(&mut tx, &opts.file_name, format.code(), opts.viewer.id).await?;
    Ok((tx, import_id))
}

/// The hash of a row's snapshot in its stored form: two rows that make the same deal have
/// the same hash, whatever their cells' spacing or unused columns.
fn derived_hash(snap: &Deal) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(snap.to_stored().unwrap_or_default().as_bytes()))
}

/// Who may import: anyone signed in; the role decides whether deals are published at once.
pub fn publishes(role: Role) -> bool {
    role != Role::Contributor
}
