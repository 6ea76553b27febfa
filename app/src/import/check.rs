//! Checking an import's rows on a thread of their own: each row parsed, matched to its
//! government and company, validated like the form, compared with what is recorded, and
//! the good ones built into batches of statements for the writer.

use super::*;

/// A row that passed every check, ready to write.
pub(super) struct Good {
    /// Its place in the report.
    pub(super) at: usize,
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
}

/// What the checking thread tells the writer.
pub(super) enum Checked {
    /// Rows handled so far.
    Progress(usize),
    /// New rows, good so far, to be written while checking goes on: the statements that
    /// write them, the change they make public (none when they wait for review) and, for the
    /// report, each row's place in it with its new deal's id.
    Fresh(repo::Prepared, Option<repo::changes::Change>, Vec<(usize, i64)>),
    /// The statements for a batch could not be built; nothing more is sent.
    Unbuilt,
}

/// Where the checker numbers the deals it builds statements for.
pub(super) struct Numbering {
    pub(super) import_id: i64,
    pub(super) next_deal: i64,
    pub(super) next_rev: i64,
}

/// Rows per message from the checker: four of `new_deals`' 1,200-row statements.
pub(super) const BATCH: usize = 4800;

/// What checking found, once every row has been read.
pub(super) struct CheckResult {
    pub(super) rows: Vec<RowReport>,
    /// Rows imported before with new content, to apply with `--update`.
    pub(super) changed: Vec<Good>,
}

/// Each record's external id (its own, else one made from its content) and content hash:
/// worked out before checking, so only the rows imported before under these ids are read.
pub(super) fn keys(format: Format, header: &[String], records: &[(usize, csv::StringRecord)]) -> Vec<(String, String)> {
    records
        .iter()
        .map(|(_, rec)| {
            let row = Row { cells: header.iter().map(String::as_str).zip(rec.iter()).collect() };
            let hash = row.content_hash(format);
            let external_id = match row.get("external_id") {
                "" => format!("sha256:{}", &hash[..32]),
                e => e.to_string(),
            };
            (external_id, hash)
        })
        .collect()
}

/// Said of a row whose likeness to recorded deals could not be checked.
const LOOKUP_FAILED: &str = "This row could not be compared with the deals already recorded. Import the file again.";

/// Everything the checker needs, owned, so it can run on its own thread.
pub(super) struct Checker {
    pub(super) format: Format,
    pub(super) header: Vec<String>,
    pub(super) records: Vec<(usize, csv::StringRecord)>,
    /// Each record's external id and content hash ([`keys`]).
    pub(super) keys: Vec<(String, String)>,
    pub(super) index: Index,
    pub(super) entities: HashMap<String, i64>,
    /// Rows imported before: external id → (deal, derived hash, revision the import wrote).
    pub(super) known: HashMap<String, (i64, String, i64)>,
    /// Live deals by what would make a new row look like them.
    pub(super) recorded: super::Recorded,
    pub(super) opts: Options,
    /// Present when writing: the open import's id and the next free ids.
    pub(super) numbering: Option<Numbering>,
}

impl Checker {
    /// Checks every row in order, sending good new rows to `out` in batches while no row has
    /// failed (or when failures are allowed), so writing overlaps checking.
    pub(super) fn run(self, out: tokio::sync::mpsc::Sender<Checked>) -> CheckResult {
        let Checker { format, header, records, keys, index, entities, known, mut recorded, opts, mut numbering } = self;
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
                (true, Some(first), Some(last)) => Some(repo::changes::Change::Deals(*first, *last)),
                _ => None,
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
            let _ = out.blocking_send(Checked::Fresh(deals.then(rows), change, batch.iter().map(|g| g.at).zip(ids).collect()));
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
            let Some((external_id, hash)) = keys.get(n).cloned() else { break };
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
                            let like = recorded.get(&key);
                            if like.is_err() {
                                r.outcome = Outcome::Failed(LOOKUP_FAILED.into());
                                failed = true;
                            } else if let Ok(Some(id)) = like {
                                r.outcome = Outcome::Duplicate(Duplicate::Deal(id));
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
