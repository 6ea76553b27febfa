//! Checking an import's rows on a thread of their own, a chunk at a time as they are read
//! from the file: each row parsed, matched to its government and company, validated like the
//! form, compared with what is recorded (looked up for the chunk by index), and the good new
//! ones built into statements for the writer. Nothing holds the whole file: memory stays
//! the same whatever its length.

use super::*;

/// A row that passed every check, ready to write.
pub(super) struct Good {
    pub(super) snap: Deal,
    /// The hash of its cells (its external id when it has none of its own).
    pub(super) hash: String,
    /// The hash of the snapshot it makes: what "changed" means on a re-import.
    pub(super) derived: String,
    /// For a row imported before: the revision the import last wrote, which an update
    /// merges from.
    pub(super) base: Option<i64>,
    pub(super) external_id: String,
    pub(super) line: usize,
    /// Its government's state.
    pub(super) state_usps: String,
    /// The documents its `source_files` named, read and stored.
    pub(super) documents: Vec<super::files::Kept>,
}

/// One chunk of the file, checked.
pub(super) struct Chunk {
    /// Every row's report, in file order.
    pub(super) rows: Vec<RowReport>,
    /// When writing: the statements for the chunk's good new rows and the change that makes
    /// them public (none when they wait for review).
    pub(super) fresh: Option<(repo::Prepared, Option<repo::changes::Change>)>,
    /// The new deals' ids, by the row's place in `rows`.
    pub(super) ids: Vec<(usize, i64)>,
    /// Rows imported before with new content, to apply now (`--update`, when writing), by
    /// their place in `rows`.
    pub(super) changed: Vec<(usize, Good)>,
    /// The documents the good new rows' sources keep, recorded with them.
    pub(super) documents: Vec<super::files::Kept>,
}

/// What the checking thread tells the writer.
pub(super) enum Checked {
    Chunk(Chunk),
    /// The change to the counts of the new public deals of the chunks sent since the last
    /// one (`Options::count_window` of them, or the rest at the end), to merge once they are
    /// written.
    Counted(repo::tallies::Fresh),
    /// Checking could not go on (the file broke off, a lookup failed, statements could not
    /// be built); nothing more is sent and nothing is written.
    Stopped(ImportError),
}

/// Where the checker numbers the deals it builds statements for.
pub(super) struct Numbering {
    pub(super) import_id: i64,
    pub(super) next_deal: i64,
    pub(super) next_rev: i64,
}

/// Rows per chunk: four of `new_deals`' 600-row statements. Larger chunks hold more in
/// memory (at 4,800, 45 MB more for the rows in flight); the kept aggregates count the new
/// deals of several chunks at once (`COUNT_WINDOW` in the import's module).
pub(super) const CHUNK: usize = 2400;

/// A record and its line in the file.
pub(super) type Record = (usize, csv::StringRecord);

/// The records after those read ahead.
pub(super) type Rest = csv::StringRecordsIntoIter<Box<dyn std::io::Read + Send>>;

/// A record's external id (its own, else one made from its content) and content hash.
fn key(format: Format, header: &[String], rec: &csv::StringRecord) -> (String, String) {
    let row = Row { cells: header.iter().map(String::as_str).zip(rec.iter()).collect() };
    let hash = row.content_hash(format);
    let external_id = match row.get("external_id") {
        "" => format!("sha256:{}", &hash[..32]),
        e => e.to_string(),
    };
    (external_id, hash)
}

/// A short fingerprint of an external id: the file's ids are remembered by these, so a
/// million rows cost 16 bytes each (with the line) instead of their text. Two different ids
/// share one with a chance of about one in 2^64 per pair: 3 in 100 million for a file of a
/// million rows.
fn fingerprint(external_id: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(external_id.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(bytes)
}

/// The file's external ids so far (their fingerprints) with the line each was first on. In
/// 256 tables by the fingerprint's first byte: one table of a million grew by doubling, and
/// while it moved to its last size it held both, 54 MB; a table of a 256th moves alone.
struct Seen(Vec<HashMap<u64, u32>>);

impl Seen {
    fn new() -> Seen {
        Seen((0..256).map(|_| HashMap::new()).collect())
    }

    fn table(&mut self, print: u64) -> &mut HashMap<u64, u32> {
        &mut self.0[(print >> 56) as usize]
    }

    /// The line this id was first on, if it was seen before; else it is remembered on `line`.
    fn first_or_remember(&mut self, print: u64, line: usize) -> Option<u32> {
        let table = self.table(print);
        match table.get(&print) {
            Some(first) => Some(*first),
            None => {
                table.insert(print, u32::try_from(line).unwrap_or(u32::MAX));
                None
            }
        }
    }
}

/// Everything the checker needs, owned, so it can run on its own thread.
pub(super) struct Checker {
    pub(super) format: Format,
    pub(super) header: Vec<String>,
    /// The records read ahead (all of a small file).
    pub(super) ahead: Vec<Record>,
    /// The rest of a large file, read as checking goes.
    pub(super) rest: Option<Rest>,
    pub(super) index: Index,
    pub(super) entities: HashMap<String, i64>,
    /// Reads rows imported before and deals a row may look like: a connection of its own,
    /// outside the import's transaction, so it sees the database as it was before.
    pub(super) lookups: sqlx::pool::PoolConnection<sqlx::Sqlite>,
    pub(super) rt: tokio::runtime::Handle,
    pub(super) opts: Options,
    /// Present when writing: the open import's id and the next free ids.
    pub(super) numbering: Option<Numbering>,
}

/// A row checked, before it is compared with what is recorded.
type Parsed = Result<(Deal, String, Vec<super::files::Kept>), String>;

impl Checker {
    /// Checks every row in order, a chunk at a time, sending each chunk to `out` with the
    /// statements for its good new rows while no row has failed (or when failures are
    /// allowed), so writing overlaps checking.
    pub(super) fn run(self, out: tokio::sync::mpsc::Sender<Checked>) {
        let Checker { format, header, ahead, rest, index, entities, mut lookups, rt, opts, mut numbering } = self;
        let publish = publishes(opts.viewer.role);
        let lang = opts.lang;
        // Rows of this file so far: by likeness, for duplicates within the file, and by
        // external id, for a row given twice.
        let mut earlier: HashMap<Likeness, u32> = HashMap::new();
        let mut seen = Seen::new();
        let mut failed = false;
        // The new public deals written since the last window was sent, counted here; and
        // where their governments sit among the scopes, looked up as they come.
        let mut counting = repo::tallies::Fresh::default();
        let mut placed: HashMap<i64, repo::tallies::Place> = HashMap::new();
        // Once a row has failed an all-or-nothing import will not be written: the rest is
        // only checked, for the report.
        let writing = |failed: bool| !opts.dry_run && (opts.partial || !failed);
        let mut records =
            ahead.into_iter().map(Ok).chain(rest.into_iter().flatten().map(|r| {
                r.map(|r| (r.position().map(|p| p.line() as usize).unwrap_or(0), r)).map_err(|e| ImportError::Csv(e.to_string()))
            }));
        loop {
            let mut chunk: Vec<Record> = Vec::with_capacity(CHUNK);
            for rec in records.by_ref().take(CHUNK) {
                match rec {
                    Ok(rec) => chunk.push(rec),
                    Err(e) => {
                        let _ = out.blocking_send(Checked::Stopped(e));
                        return;
                    }
                }
            }
            if chunk.is_empty() {
                break;
            }
            let keys: Vec<(String, String)> = chunk.iter().map(|(_, rec)| key(format, &header, rec)).collect();
            let ids: Vec<&str> = keys.iter().map(|(id, _)| id.as_str()).collect();
            let known = match rt.block_on(repo::imports::known_rows(&mut lookups, &ids)) {
                Ok(known) => known,
                Err(e) => {
                    let _ = out.blocking_send(Checked::Stopped(e.into()));
                    return;
                }
            };
            let known: HashMap<String, (i64, String, i64)> = known
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

            let mut rows: Vec<RowReport> = Vec::with_capacity(chunk.len());
            let mut parsed: Vec<Parsed> = Vec::with_capacity(chunk.len());
            for ((line, rec), (external_id, _)) in chunk.iter().zip(&keys) {
                let row = Row { cells: header.iter().map(String::as_str).zip(rec.iter()).collect() };
                let mut r = RowReport {
                    line: *line,
                    external_id: external_id.clone(),
                    title: rows::describe(&row, format, lang),
                    matched: None,
                    outcome: Outcome::Ready,
                };
                parsed.push(match seen.first_or_remember(fingerprint(external_id), *line) {
                    Some(first) => {
                        let msg = Msg::new("import-report-same-row").with("id", external_id.as_str()).with("line", first.to_string());
                        Err(crate::i18n::text(lang, &msg))
                    }
                    None => check_row(&row, format, &index, &entities, &mut r, &opts),
                });
                rows.push(r);
            }
            // The deals the new good rows may look like, for the whole chunk at once.
            let likeness_keys: Vec<(usize, Likeness)> = if opts.allow_duplicates {
                Vec::new()
            } else {
                parsed
                    .iter()
                    .zip(&keys)
                    .enumerate()
                    .filter_map(|(k, (p, (id, _)))| match p {
                        Ok((snap, _, _)) if !known.contains_key(id) => likeness(snap).map(|l| (k, l)),
                        _ => None,
                    })
                    .collect()
            };
            let lookup: Vec<Likeness> = likeness_keys.iter().map(|(_, l)| *l).collect();
            let recorded: HashMap<usize, Option<i64>> = match rt.block_on(repo::imports::likenesses_of(&mut lookups, &lookup)) {
                Ok(found) => likeness_keys.iter().map(|(k, _)| *k).zip(found).collect(),
                Err(e) => {
                    let _ = out.blocking_send(Checked::Stopped(e.into()));
                    return;
                }
            };

            let mut fresh: Vec<(usize, Good)> = Vec::new();
            let mut changed: Vec<(usize, Good)> = Vec::new();
            for (k, ((p, (external_id, hash)), r)) in parsed.into_iter().zip(keys).zip(rows.iter_mut()).enumerate() {
                let (snap, state_usps, documents) = match p {
                    Ok(ok) => ok,
                    Err(reason) => {
                        r.outcome = Outcome::Failed(reason);
                        failed = true;
                        continue;
                    }
                };
                let derived = derived_hash(&snap);
                let mut base = None;
                if let Some((deal_id, old, revision)) = known.get(&external_id) {
                    r.outcome = if *old == derived { Outcome::Unchanged(*deal_id) } else { Outcome::Changed(*deal_id) };
                    base = Some(*revision);
                }
                if r.outcome == Outcome::Ready && !opts.allow_duplicates {
                    if let Some(key) = likeness(&snap) {
                        if let Some(id) = recorded.get(&k).copied().flatten() {
                            r.outcome = Outcome::Duplicate(Duplicate::Deal(id));
                        } else if let Some(first) = earlier.get(&key) {
                            r.outcome = Outcome::Duplicate(Duplicate::Line(*first as usize));
                        } else {
                            earlier.insert(key, u32::try_from(r.line).unwrap_or(u32::MAX));
                        }
                    }
                }
                let good = Good { snap, hash, derived, base, external_id, line: r.line, state_usps, documents };
                match r.outcome {
                    Outcome::Ready => fresh.push((k, good)),
                    Outcome::Changed(_) if opts.update => changed.push((k, good)),
                    _ => {}
                }
            }

            let mut checked = Chunk { rows, fresh: None, ids: Vec::new(), changed: Vec::new(), documents: Vec::new() };
            if writing(failed) {
                if let Some(n) = numbering.as_mut() {
                    // Public deals are counted as they are built: their governments are placed
                    // first, each looked up once.
                    if publish {
                        let mut missing: Vec<i64> =
                            fresh.iter().map(|(_, g)| g.snap.jurisdiction_id).filter(|j| !placed.contains_key(j)).collect();
                        missing.sort_unstable();
                        missing.dedup();
                        if !missing.is_empty() {
                            match rt.block_on(repo::tallies::places_of(&mut lookups, &missing)) {
                                Ok(found) => placed.extend(found),
                                Err(e) => {
                                    let _ = out.blocking_send(Checked::Stopped(e.into()));
                                    return;
                                }
                            }
                        }
                    }
                    let count = publish.then_some((&mut counting, &placed));
                    match build(n, &fresh, &opts, count) {
                        Ok((statements, change, ids)) => {
                            checked.fresh = Some((statements, change));
                            checked.documents = fresh.iter().flat_map(|(_, g)| g.documents.iter().cloned()).collect();
                            checked.ids = fresh.iter().map(|(k, _)| *k).zip(ids).collect();
                        }
                        Err(e) => {
                            tracing::error!(error = %e, "import: statements could not be built");
                            let _ = out.blocking_send(Checked::Stopped(ImportError::Review(STOPPED.into())));
                            return;
                        }
                    }
                    checked.changed = changed;
                }
            }
            // The writer only stops listening when it has failed; its error is reported.
            if out.blocking_send(Checked::Chunk(checked)).is_err() {
                return;
            }
            if counting.deals() >= opts.count_window && out.blocking_send(Checked::Counted(std::mem::take(&mut counting))).is_err() {
                return;
            }
        }
        if counting.deals() > 0 {
            let _ = out.blocking_send(Checked::Counted(counting));
        }
    }
}

/// Checks one row on its own: company, government, the form's rules. Records the match in
/// `r` as it is found, so a row that fails later still says where it was placed. Why a row
/// fails is told in `lang`.
fn check_row(row: &Row, format: Format, index: &Index, entities: &HashMap<String, i64>, r: &mut RowReport, opts: &Options) -> Parsed {
    let lang = opts.lang;
    let entity = match format {
        Format::Tracker => rows::entity_for(&[row.get("entity")], entities, lang)?,
        Format::GoodJobsFirst => rows::entity_for(&[row.get("company"), row.get("parent company")], entities, lang)?,
    };
    let (place, rule) = rows::jurisdiction(row, format, index, lang)?;
    r.matched = Some((place.label.clone(), rule));
    let mut input = rows::deal_input(row, format, entity);
    // The government is already matched; the form's own check only needs it named.
    input.jurisdiction = place.label.clone();
    r.title = input.title.clone();
    // Files named in `source_files` are read and kept; the sources carry their SHA-256.
    let mut documents = Vec::new();
    for s in input.sources.iter_mut().filter(|s| !s.document.is_empty()) {
        let kept = super::files::keep(opts.files.as_deref(), s.document.trim(), opts.dry_run, lang)?;
        s.document = kept.sha256.clone();
        documents.push(kept);
    }
    let deal = input.parse().map_err(|errors| {
        // In the report's language: the page's on the upload page, English on the command line.
        let mut list: Vec<String> = errors.iter().map(|(field, msg)| format!("{field}: {}", crate::i18n::text(lang, msg))).collect();
        list.sort();
        list.join(" ")
    })?;
    let mut snap = Deal { jurisdiction_id: place.id, ..deal };
    // Sources of an imported row are numbered by position, as those of revisions saved
    // before sources had ids.
    let mut n = 0;
    snap.give_source_ids(|| {
        n += 1;
        format!("s{n}")
    });
    Ok((snap, place.state_usps, documents))
}

/// Builds the statements that write these new rows, off the writer's path, so the database
/// writes one chunk while the checker reads and checks the next. When they are public,
/// `count` counts them (their governments placed) and the statements record what they count
/// for. Returns the statements, the change they make public and the new deals' ids.
fn build(
    n: &mut Numbering,
    batch: &[(usize, Good)],
    opts: &Options,
    count: Option<(&mut repo::tallies::Fresh, &HashMap<i64, repo::tallies::Place>)>,
) -> Result<(repo::Prepared, Option<repo::changes::Change>, Vec<i64>), BuildError> {
    let items: Vec<repo::deals::NewDeal> = batch
        .iter()
        .map(|(_, g)| repo::deals::NewDeal {
            snap: &g.snap,
            summary: format!("Imported from {} (import {}, line {})", opts.file_name, n.import_id, g.line),
            state_usps: &g.state_usps,
        })
        .collect();
    let now = repo::now();
    let publish = count.is_some();
    let mut deals = repo::deals::new_deals(&items, (n.next_deal, n.next_rev), opts.viewer.id, publish, &now)?;
    if let Some((counting, placed)) = count {
        deals = deals.then(counting.add(&items, n.next_deal, &now, placed)?);
    }
    let ids: Vec<i64> = (n.next_deal..).take(batch.len()).collect();
    // A contributor's imported deals wait for review: nothing public changes yet.
    let change = match (publish, ids.first(), ids.last()) {
        (true, Some(first), Some(last)) => Some(repo::changes::Change::Deals(*first, *last)),
        _ => None,
    };
    let rows = repo::imports::rows_of(
        n.import_id,
        batch.iter().zip(&ids).map(|((_, g), id)| repo::imports::CreatedRow {
            external_id: g.external_id.clone(),
            deal_id: *id,
            content_hash: g.hash.clone(),
            derived_hash: g.derived.clone(),
            line: g.line,
        }),
    );
    n.next_deal += batch.len() as i64;
    n.next_rev += batch.len() as i64;
    Ok((deals.then(rows), change, ids))
}

/// Why a batch's statements could not be built (a fault of ours, not the file's).
#[derive(Debug, thiserror::Error)]
enum BuildError {
    #[error("a snapshot could not be stored: {0}")]
    Snapshot(#[from] serde_json::Error),
    #[error(transparent)]
    Unplaced(#[from] repo::tallies::Unplaced),
}
