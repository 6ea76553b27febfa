//! Bulk import of deals from CSV (`tracker import` and the moderators' upload page).
//!
//! Every row is read, matched to its government and validated by the same rules as the deal
//! form before anything is written. Unless partial imports are asked for, one bad row means
//! nothing is written. The writes are one `BEGIN IMMEDIATE` transaction; each deal's first
//! revision names the import, and each row's stable external id makes a re-import of the
//! same file create nothing.

mod check;
pub mod files;
pub mod matching;
pub mod rows;

use crate::model::msg::Msg;
use crate::model::view::Viewer;
use crate::model::Deal;
use crate::model::Role;
use crate::repo;
use check::{Checked, Checker, Numbering};
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
    /// The language of the report's texts (row outcomes and reasons): the page's on the
    /// upload page, English on the command line.
    pub lang: crate::i18n::Lang,
    /// Where the files a `source_files` column names are read from (`--files-from`); None
    /// refuses rows that name files.
    pub files: Option<std::sync::Arc<files::FilesFrom>>,
    /// How many new deals are counted in the aggregates at once ([`COUNT_WINDOW`] unless
    /// told): fewer hold less in memory, more rewrite each government's counts less often.
    pub count_window: i64,
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
    /// "possible duplicate of /deals/12: same government, company, year and amount", in `lang`.
    pub fn describe(self, lang: crate::i18n::Lang) -> String {
        let msg = match self {
            Duplicate::Deal(id) => Msg::new("import-report-duplicate-of-deal").with("path", lang.href(&format!("/deals/{id}"))),
            Duplicate::Line(line) => Msg::new("import-report-duplicate-of-line").with("line", line.to_string()),
        };
        crate::i18n::text(lang, &msg)
    }
}

/// What makes two deals look like the same one: government, company, year and amount.
type Likeness = (i64, i64, i32, i64);

/// Files up to this many rows are small: read whole before checking, so the governments
/// they can name are known before the gazetteer is read.
const SMALL: usize = 5_000;

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

/// How many rows had each outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub rows: usize,
    /// Good new rows not written (a dry run, or stopped by bad rows).
    pub ready: usize,
    pub created: usize,
    pub unchanged: usize,
    pub changed: usize,
    pub updated: usize,
    pub duplicates: usize,
    pub conflicted: usize,
    pub failed: usize,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome) {
        self.rows += 1;
        match outcome {
            Outcome::Ready => self.ready += 1,
            Outcome::Created(_) => self.created += 1,
            Outcome::Unchanged(_) => self.unchanged += 1,
            Outcome::Changed(_) => self.changed += 1,
            Outcome::Updated(_) => self.updated += 1,
            Outcome::Duplicate(_) => self.duplicates += 1,
            Outcome::Conflicted(..) => self.conflicted += 1,
            Outcome::Failed(_) => self.failed += 1,
        }
    }
}

/// The whole report.
#[derive(Clone, Debug)]
pub struct Report {
    pub format: Format,
    /// Every row, when they were kept ([`Rows::Keep`]); else empty.
    pub rows: Vec<RowReport>,
    pub tally: Tally,
    /// Whether anything was written.
    pub written: bool,
    /// When written: the newest change before the import's own, and its own last one (the
    /// same when it recorded none).
    pub changes: Option<(i64, i64)>,
    /// Whether the indexes new deals go into at scattered places were built again from every
    /// deal at the end (a file with at least as many rows as there were deals; see
    /// `repo::imports::set_aside`).
    pub rebuilt: bool,
    pub elapsed: std::time::Duration,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.tally.failed
    }
}

/// Where the rows' reports go.
pub enum Rows<'a> {
    /// Kept in the report, every one (the upload page, whose files are small).
    Keep,
    /// Handed over one at a time in file order as each is decided, and not kept, so a file of
    /// any length is imported in the same memory (the command line). A good new row is
    /// handed over as [`Outcome::Ready`]: it is created if the report ends written.
    Each(&'a mut (dyn FnMut(&RowReport) + Send)),
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

impl ImportError {
    /// What the moderator reads on the import page.
    pub fn msg(&self) -> Msg {
        match self {
            ImportError::Csv(detail) => Msg::new("import-not-csv").with("detail", detail.as_str()),
            ImportError::UnknownFormat => Msg::new("import-unknown-format"),
            ImportError::Empty => Msg::new("import-empty"),
            ImportError::Db(_) | ImportError::Review(_) => Msg::new("import-not-written"),
        }
    }
}

/// The states a file in the tracker's format names, when every row names one by its
/// two-letter code, with every identifier its rows give (lower case); None otherwise (every
/// government is then matched against).
fn stated_states(format: Format, header: &[String], records: &[(usize, csv::StringRecord)]) -> Option<(Vec<String>, Vec<String>)> {
    if format != Format::Tracker {
        return None;
    }
    let col = header.iter().position(|h| h == "state")?;
    let ident_cols: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| matches!(h.as_str(), "geoidfq" | "leaid" | "ocd_id" | "ocd id"))
        .map(|(i, _)| i)
        .collect();
    let mut states = std::collections::BTreeSet::new();
    let mut idents = std::collections::BTreeSet::new();
    for (_, rec) in records {
        let s = rec.get(col)?.trim();
        if s.len() != 2 || !s.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        states.insert(s.to_ascii_uppercase());
        for &c in &ident_cols {
            if let Some(v) = rec.get(c).map(str::trim).filter(|v| !v.is_empty()) {
                idents.insert(v.to_ascii_lowercase());
            }
        }
    }
    Some((states.into_iter().collect(), idents.into_iter().collect()))
}

/// How many rows the file holds: every one of a small file was read ahead; a larger one's
/// are reckoned from its length (`None` when unknown, as for a pipe) and the bytes its first
/// rows took.
fn rows_in(ahead: &[check::Record], small: bool, length: Option<u64>) -> Option<u64> {
    if small {
        return Some(ahead.len() as u64);
    }
    let read = ahead.last()?.1.position()?.byte();
    Some(length?.saturating_mul(ahead.len() as u64) / read.max(1))
}

/// Said when the import stopped for a reason that is ours, not the file's.
const STOPPED: &str = "The import stopped unexpectedly; nothing was written. Try again, and report it if it happens again.";

/// Reads, checks and (unless told otherwise) writes a file held in memory, keeping every
/// row in the report. `progress` is called with the number of rows handled so far.
pub async fn run(pool: &SqlitePool, data: &[u8], opts: &Options, progress: &(dyn Fn(usize) + Sync)) -> Result<Report, ImportError> {
    let length = Some(data.len() as u64);
    run_from(pool, Box::new(std::io::Cursor::new(data.to_vec())), length, opts, progress, Rows::Keep).await
}

/// Reads, checks and (unless told otherwise) writes the CSV read from `input`, a chunk at a
/// time: memory does not grow with the file's length unless `rows` asks to keep them.
/// `length` is the input's length in bytes, when known: a file with at least as many rows as
/// there are deals (reckoned from it) is written without the indexes its rows scatter into,
/// which are built again at the end (`repo::imports::set_aside`).
pub async fn run_from(
    pool: &SqlitePool,
    input: Box<dyn std::io::Read + Send>,
    length: Option<u64>,
    opts: &Options,
    progress: &(dyn Fn(usize) + Sync),
    mut rows: Rows<'_>,
) -> Result<Report, ImportError> {
    let started = std::time::Instant::now();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::Csv(e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let format = Format::detect(&header).ok_or(ImportError::UnknownFormat)?;
    // The first rows are read ahead: a file that ends among them is small, and only the
    // governments of the states it names need to be read to match it.
    let mut records = reader.into_records();
    let mut ahead: Vec<check::Record> = Vec::new();
    for (i, r) in records.by_ref().enumerate() {
        let r = r.map_err(|e| ImportError::Csv(e.to_string()))?;
        ahead.push((r.position().map(|p| p.line() as usize).unwrap_or(i + 2), r));
        if ahead.len() > SMALL {
            break;
        }
    }
    if ahead.is_empty() {
        return Err(ImportError::Empty);
    }
    let small = ahead.len() <= SMALL;
    let rows_expected = rows_in(&ahead, small, length);
    let mut conn = pool.acquire().await?;
    let only = if small { stated_states(format, &header, &ahead) } else { None };
    let index = Index::load(&mut conn, only.as_ref().map(|(s, i)| (s.as_slice(), i.as_slice()))).await?;
    let entities: HashMap<String, i64> =
        repo::imports::entities(&mut conn).await?.into_iter().map(|(n, id)| (matching::plain(&n), id)).collect();

    // Checking (reading, parsing, matching, validating, looking up what is recorded) runs on
    // a thread of its own, which also builds the statements for each chunk's good rows; this
    // task runs them meanwhile, inside one transaction that is only committed if, at the
    // end, every row was good (or --partial was given). On two cores this hides checking and
    // building behind the database's writing. The transaction starts first: it numbers the
    // new deals.
    // Its connection is the import's own, closed when the import ends however it ends
    // (committed, rolled back, failed or dropped with a web request): `imports::start` sets it
    // up for one large transaction, and the pool's other readers should not inherit that.
    let mut writer = None;
    if !opts.dry_run {
        let mut own = pool.acquire().await?;
        own.close_on_drop();
        writer = Some(own);
    }
    let mut tx: Option<(sqlx::Transaction<'_, sqlx::Sqlite>, i64)> = None;
    let mut numbering = None;
    let mut aside = None;
    // The newest change before this import's own (they follow it: the import holds the
    // only write transaction).
    let mut before = 0;
    if let Some(own) = writer.as_mut() {
        let (mut open, import_id) = begin(own, opts, format).await?;
        before = repo::changes::latest(&mut open).await?;
        let (next_deal, next_rev) = repo::deals::next_ids(&mut open).await?;
        // A file with at least as many rows as there are deals is written without the
        // indexes its rows would go into at scattered places, which are built again from
        // every deal at the end: that costs about what the file adds, and inserting each row
        // into them costs more. A smaller file goes into them as it is written, so a small
        // import into a large database costs what it writes.
        if rows_expected.is_some_and(|n| n >= u64::try_from(next_deal - 1).unwrap_or(u64::MAX)) {
            aside = Some(repo::imports::set_aside(&mut open).await?);
        }
        numbering = Some(Numbering { import_id, next_deal, next_rev });
        tx = Some((open, import_id));
    }
    let (send, mut checked) = tokio::sync::mpsc::channel::<Checked>(2);
    let checker = Checker {
        format,
        header,
        ahead,
        rest: (!small).then_some(records),
        index,
        entities,
        lookups: conn,
        rt: tokio::runtime::Handle::current(),
        opts: opts.clone(),
        numbering,
    };
    let checking = tokio::task::spawn_blocking(move || checker.run(send));
    let mut report = Report {
        format,
        rows: Vec::new(),
        tally: Tally::default(),
        written: false,
        changes: None,
        rebuilt: false,
        elapsed: Default::default(),
    };
    let mut created: Vec<(usize, i64)> = Vec::new();
    let mut failure: Option<ImportError> = None;
    let mut doomed = false;
    while let Some(msg) = checked.recv().await {
        let mut chunk = match msg {
            Checked::Chunk(chunk) => chunk,
            Checked::Counted(fresh) => {
                // Counted by the checker: merged after the batches that wrote them.
                if let Some((tx, _)) = tx.as_mut().filter(|_| !doomed) {
                    if let Err(e) = repo::changes::count_fresh(tx, fresh).await {
                        failure = Some(e.into());
                        break;
                    }
                }
                continue;
            }
            Checked::Stopped(e) => {
                failure = Some(e);
                break;
            }
        };
        // All or nothing, and a row has failed: nothing will be written, so the transaction
        // goes now (other writers need not wait for the rest of the file) and the rest is
        // only checked, for the report.
        if !opts.partial && (report.failed() > 0 || chunk.rows.iter().any(|r| matches!(r.outcome, Outcome::Failed(_)))) {
            if let Some((open, _)) = tx.take() {
                open.rollback().await?;
            }
            doomed = true;
        }
        if let Some((statements, change)) = chunk.fresh.take().filter(|_| !doomed) {
            let written = match tx.as_mut() {
                Some((tx, _)) => {
                    let batch = Batch { statements, change, documents: &chunk.documents, user_id: opts.viewer.id };
                    write_batch(tx, batch).await.map_err(ImportError::from)
                }
                None => Err(ImportError::Review(STOPPED.into())),
            };
            if let Err(e) = written {
                // Stop listening: the checker's sends fail and it finishes on its own.
                failure = Some(e);
                break;
            }
            if let Rows::Keep = rows {
                created.extend(chunk.ids.iter().map(|(k, id)| (report.rows.len() + k, *id)));
            }
            report.tally.created += chunk.ids.len();
        }
        for (k, good) in std::mem::take(&mut chunk.changed) {
            let (Some((tx, import_id)), Some(r)) = (tx.as_mut(), chunk.rows.get_mut(k)) else { continue };
            if let Err(e) = update(tx, *import_id, opts, r, good).await {
                failure = Some(e);
                break;
            }
        }
        if failure.is_some() {
            break;
        }
        for r in chunk.rows {
            report.tally.add(&r.outcome);
            match &mut rows {
                Rows::Keep => report.rows.push(r),
                Rows::Each(each) => each(&r),
            }
        }
        progress(report.tally.rows);
    }
    if failure.is_some() {
        // Rolled back now, not once the checker has finished its chunk; the connection closes
        // with the import. The failure is what the caller hears of, not a rollback's error.
        tx = None;
    }
    drop(checked);
    checking.await.map_err(|e| {
        tracing::error!(error = %e, "import check stopped");
        ImportError::Review(STOPPED.into())
    })?;
    // Counted as written above; they are only ready until the transaction commits.
    let written_new = std::mem::take(&mut report.tally.created);
    report.tally.ready -= written_new.min(report.tally.ready);
    let unwritten = |report: &mut Report| {
        report.tally.ready += written_new;
        report.tally.updated = 0;
    };
    if let Some(e) = failure {
        return Err(e);
    }
    let blocked = report.failed() > 0 && !opts.partial;
    if opts.dry_run || blocked || (written_new == 0 && report.tally.updated == 0) {
        // Nothing is written: the transaction opened for the first good rows is rolled back
        // as it is dropped, and its connection closes with the import (a rollback's error
        // would only hide the report).
        drop(tx);
        // Updates applied before a later row failed are rolled back with the rest.
        for r in report.rows.iter_mut() {
            if let Outcome::Updated(id) = r.outcome {
                r.outcome = Outcome::Changed(id);
            }
        }
        report.tally.changed += report.tally.updated;
        unwritten(&mut report);
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    // Opened before checking, since this is no dry run.
    let Some((mut tx, import_id)) = tx else { return Err(ImportError::Review(STOPPED.into())) };
    for (at, id) in created {
        if let Some(r) = report.rows.get_mut(at) {
            r.outcome = Outcome::Created(id);
        }
    }
    report.tally.created = written_new;
    if let Some(aside) = aside {
        repo::imports::build_again(&mut tx, aside).await?;
        report.rebuilt = true;
    }
    let detail = format!("{} ({}): {written_new} created, {} updated", opts.file_name, format.code(), report.tally.updated);
    repo::audit::record(&mut tx, Some((opts.viewer.id, opts.viewer.handle.as_str())), "import", None, Some(&detail), None).await?;
    repo::imports::finish(&mut tx, import_id, written_new as i64, report.tally.updated as i64).await?;
    // Read inside the write transaction, so it is this import's change and no other's.
    report.changes = Some((before, repo::changes::latest(&mut tx).await?));
    tx.commit().await?;
    report.written = true;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Applies a changed row as a new revision, merged from the revision this import wrote last,
/// so edits made on the site since are kept; a field changed both on the site and in the file
/// is left for a person. Sets the row's outcome.
async fn update(
    tx: &mut sqlx::SqliteConnection,
    import_id: i64,
    opts: &Options,
    r: &mut RowReport,
    g: check::Good,
) -> Result<(), ImportError> {
    let Outcome::Changed(deal_id) = r.outcome else { return Ok(()) };
    let Some(base) = g.base else { return Ok(()) };
    let summary = format!("Imported from {} (import {import_id}, line {})", opts.file_name, r.line);
    let documents = g.documents;
    let edit = crate::domain::review::Edit { deal_id, base, deal: g.snap, choices: Default::default(), replaces: None, summary: &summary };
    use crate::domain::review::{EditOutcome, ReviewError};
    match crate::domain::review::edit(&mut *tx, edit, &opts.viewer).await {
        Ok(EditOutcome::Published(n) | EditOutcome::Pending(n)) => {
            // Recorded with the edit that cites them; an edit not applied leaves none.
            keep_documents(&mut *tx, &documents, opts.viewer.id).await?;
            repo::imports::row_updated(&mut *tx, &r.external_id, (&g.hash, &g.derived), n, import_id, r.line).await?;
            r.outcome = Outcome::Updated(deal_id);
        }
        Err(ReviewError::Conflict(c)) => r.outcome = Outcome::Conflicted(deal_id, c.fields.iter().map(|f| f.code()).collect()),
        Err(ReviewError::Db(e)) => return Err(e.into()),
        Err(e) => {
            let reason = match &e {
                ReviewError::NotFound => crate::i18n::t(opts.lang, "import-report-update-not-found"),
                ReviewError::Forbidden => crate::i18n::t(opts.lang, "import-report-update-forbidden"),
                ReviewError::Invalid(_) => crate::i18n::t(opts.lang, "import-report-update-invalid"),
                ReviewError::AlreadyDecided => crate::i18n::t(opts.lang, "import-report-update-decided"),
                ReviewError::Withdrawn => crate::i18n::t(opts.lang, "import-report-update-withdrawn"),
                // Both answered above.
                ReviewError::Conflict(_) | ReviewError::Db(_) => e.to_string(),
            };
            let msg = Msg::new("import-report-update-failed").with("id", deal_id.to_string()).with("reason", reason);
            r.outcome = Outcome::Failed(crate::i18n::text(opts.lang, &msg));
        }
    }
    Ok(())
}

/// Opens the import's write transaction on its own connection and records the import in it.
async fn begin<'c>(
    conn: &'c mut sqlx::SqliteConnection,
    opts: &Options,
    format: Format,
) -> Result<(sqlx::Transaction<'c, sqlx::Sqlite>, i64), ImportError> {
    let mut tx = repo::begin_write_on(conn).await?;
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

/// One batch of new deals as checked: its statements, its change when the deals are public,
/// the documents its rows keep, and whose they are.
struct Batch<'a> {
    statements: repo::Prepared,
    change: Option<repo::changes::Change>,
    documents: &'a [files::Kept],
    user_id: i64,
}

/// Writes one batch of new deals and, when they are public, records the change; the
/// checker counts them in the aggregates `Options::count_window` new deals at a time
/// ([`Checked::Counted`]).
async fn write_batch(tx: &mut sqlx::SqliteConnection, batch: Batch<'_>) -> Result<(), sqlx::Error> {
    keep_documents(&mut *tx, batch.documents, batch.user_id).await?;
    batch.statements.run(&mut *tx).await?;
    if let Some(change) = batch.change {
        repo::changes::record_uncounted(&mut *tx, change).await?;
    }
    Ok(())
}

/// Records the documents an import's rows keep (their files are already stored), and one
/// change that has their text read.
async fn keep_documents(tx: &mut sqlx::SqliteConnection, documents: &[files::Kept], user_id: i64) -> Result<(), sqlx::Error> {
    let mut new = false;
    for d in documents {
        new |= repo::documents::add(&mut *tx, &d.sha256, d.media, d.size, &d.file_name, user_id, repo::documents::Via::Import).await?;
    }
    if new {
        repo::changes::record(&mut *tx, repo::changes::Change::Documents).await?;
    }
    Ok(())
}

/// New deals counted in the aggregates at once: each count rewrites every scope its deals
/// touch, so a larger window rewrites each less often. A million rows counted a batch of
/// `check::CHUNK` at a time imported at 4,035 rows/s; 25,000 at a time in 224 s (367 MB
/// peak), and 250,000 at a time in 155 s (371 MB), once the window's change was held
/// compactly (`repo::tallies`). The window's change to every scope it touches is held in
/// memory: the window bounds it whatever the file's length.
pub const COUNT_WINDOW: i64 = 250_000;
