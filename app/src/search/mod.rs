//! Full-text search over the public deals, with Tantivy (ssr only).
//!
//! The index is derived data: SQLite stays the source of truth. It lives in a folder beside
//! the database (`--search-dir`, default `data/search`), holds exactly the public deals
//! (published, not withdrawn) at their current revision, and follows the change record
//! (`repo::changes`) from a position of its own, stored with each index commit (its
//! payload), so a crash or `kill -9` at any point leaves it at a position it can go on from
//! ([`follow`]). Nothing on the write path touches it: a write records its change in its
//! own transaction and wakes the follower.
//!
//! One document per deal: `title`, `body` (everything else a search reads, title included),
//! the deal's `id` (a fast field, which the facts in memory filter and count by) and a hash
//! of its text (for `tracker search check`). A `part` field says what the text is ("deal").
//! The text of the documents kept for the sources of a deal's shown version is part of its
//! body: that version is approved, so the documents are public, and a document waiting for
//! review (cited only by a pending change) never reaches results or counts. One document
//! per deal keeps counts, facets and ranking as they were; the result list finds the page
//! a match is on (`repo::documents::find_in`).
//!
//! Interface: [`views::Views::view`] answers any `/deals` view (the one call the API makes;
//! exports and feeds make `repo::exports::matched`); [`SearchIndex::each`] (every match,
//! walked on two threads), [`SearchIndex::best`] (a page's best, skipping), [`SearchIndex::suggest`], [`SearchIndex::check`], and [`follow`] for keeping it
//! current.

pub mod follow;
pub mod query;
pub mod views;

pub use query::{Marker, Wanted};

use crate::repo::facts::Ranked;
use crate::threads::{SHARES, THREADS};

use std::path::{Path, PathBuf};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING};
use tantivy::{Index, IndexReader, ReloadPolicy, Term};

/// The index's layout; a change here rebuilds every index at its next start.
const SCHEMA_VERSION: u32 = 2;
/// The tokenizer's name in the index.
const WORDS: &str = "words";
/// How much more a word in the title counts than one elsewhere.
const TITLE_BOOST: f32 = 2.0;

/// Why the index failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("the index is in use by another process (stop the server first)")]
    Locked,
    #[error("background work stopped: {0}")]
    Join(String),
    #[error("the search folder holds {0}, which is not part of a search index: give --search-dir a folder of its own")]
    Foreign(String),
}

/// Whether a file is one a search index keeps (Tantivy's files, and ours beside them).
fn is_index_file(p: &Path) -> bool {
    let Some(name) = p.file_name().and_then(|n| n.to_str()) else { return false };
    if !p.is_file() {
        return false;
    }
    let segment = name.split_once('.').is_some_and(|(stem, _)| stem.len() == 32 && stem.chars().all(|c| c.is_ascii_hexdigit()));
    segment
        || matches!(
            name,
            "meta.json" | ".managed.json" | ".tantivy-meta.lock" | ".tantivy-writer.lock" | "governments.json" | "governments.json.tmp"
        )
}

/// The fields of a deal's document.
#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    hash: Field,
    part: Field,
    title: Field,
    body: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_u64_field("id", INDEXED | FAST);
    let hash = b.add_u64_field("hash", FAST);
    let part = b.add_text_field("part", STRING);
    // Title words are only counted (no positions: phrases are matched in the body, which
    // holds the title too).
    let title = b.add_text_field(
        "title",
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(WORDS).set_index_option(IndexRecordOption::WithFreqs)),
    );
    let body = b.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(WORDS).set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    (b.build(), Fields { id, hash, part, title, body })
}

/// The search index, shared by the server's handlers and its follower task.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    f: Fields,
    /// The folder, or None for an index in memory (tests).
    dir: Option<PathBuf>,
    /// The change the index has caught up with; watched by searches that must see a write.
    position: tokio::sync::watch::Sender<u64>,
    /// Wakes the follower after a write.
    wake: tokio::sync::Notify,
    /// Held by whoever updates the index (one at a time), with the writer once opened.
    writer: tokio::sync::Mutex<Option<tantivy::IndexWriter>>,
    /// The governments' names as last indexed, for an index in memory (a folder keeps them
    /// in a file).
    names: std::sync::Mutex<Option<Vec<(i64, u64)>>>,
    /// When the change at the index's position was made, as the database recorded it.
    at: std::sync::Mutex<Option<String>>,
    /// Whether the index must be built again from the database before it is followed: new,
    /// of an older layout, or of another database (restored from a backup).
    stale: std::sync::atomic::AtomicBool,
    /// Each segment's deal ids by document, read once from its fast field (segments never
    /// change): a search looks one up per match, and decoding the column was a fifth of a
    /// large search's time. 8 bytes a document; a segment's entry goes when it is merged away.
    deal_ids: std::sync::Mutex<rustc_hash::FxHashMap<tantivy::index::SegmentId, std::sync::Arc<[i64]>>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("dir", &self.dir).field("position", &self.position()).finish()
    }
}

/// What an index commit records: its layout, the change it has caught up with, and when
/// that change was made (a database replaced by another with as many changes is told apart
/// by it).
#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    schema: u32,
    seq: u64,
    #[serde(default)]
    at: Option<String>,
}

impl SearchIndex {
    /// Opens the index in `dir` (creating it if needed), or one in memory. An index of an
    /// older layout is emptied and marked to be built again.
    pub fn open(dir: Option<&Path>) -> Result<SearchIndex, SearchError> {
        let (schema, f) = schema();
        let index = match dir {
            None => Index::create_in_ram(schema),
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                let existing = tantivy::directory::MmapDirectory::open(dir).map_err(|e| std::io::Error::other(e.to_string()))?;
                let usable = Index::exists(&existing).unwrap_or(false)
                    && Index::open_in_dir(dir).ok().is_some_and(|i| i.schema() == schema && read_payload(&i).is_some());
                if !usable {
                    // Another layout or a half-made index: start over (it is derived data),
                    // removing only what an index keeps, never anything else in the folder.
                    let mut entries = Vec::new();
                    for entry in std::fs::read_dir(dir)? {
                        entries.push(entry?.path());
                    }
                    if let Some(other) = entries.iter().find(|p| !is_index_file(p)) {
                        return Err(SearchError::Foreign(other.display().to_string()));
                    }
                    for p in entries {
                        std::fs::remove_file(&p)?;
                    }
                    let index = Index::create_in_dir(dir, schema)?;
                    let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
                    let mut c = w.prepare_commit()?;
                    c.set_payload(&payload_text(0, None));
                    c.commit()?;
                    w.wait_merging_threads()?;
                }
                Index::open_in_dir(dir)?
            }
        };
        index.tokenizers().register(WORDS, query::analyzer());
        // A search's segments are read on two threads: halves a large search's time on two
        // cores (throughput under load stays the same).
        let mut index = index;
        index.set_multithread_executor(2)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let payload = read_payload(&index);
        let seq = payload.as_ref().map(|p| p.seq);
        let stale = std::sync::atomic::AtomicBool::new(seq.is_none_or(|s| s == 0));
        Ok(SearchIndex {
            index,
            reader,
            f,
            dir: dir.map(Path::to_path_buf),
            position: tokio::sync::watch::Sender::new(seq.unwrap_or(0)),
            wake: tokio::sync::Notify::new(),
            writer: tokio::sync::Mutex::new(None),
            names: std::sync::Mutex::new(None),
            at: std::sync::Mutex::new(payload.and_then(|p| p.at)),
            stale,
            deal_ids: Default::default(),
        })
    }

    /// The index as it is now: a search that looks twice (its list, its counts) reads the
    /// same documents both times through one.
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The change the index has caught up with (0: none).
    pub fn position(&self) -> u64 {
        *self.position.borrow()
    }

    /// Tells the follower a write recorded a change.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits until the index has caught up with `version`, at most `within`; whether it has.
    /// (While the index is built from the database, which takes seconds per hundred thousand
    /// deals, a signed-in reader's search waits that long and then answers from what it
    /// holds.)
    pub async fn wait_for(&self, version: u64, within: std::time::Duration) -> bool {
        let mut rx = self.position.subscribe();
        if *rx.borrow() >= version {
            return true;
        }
        self.wake();
        tokio::time::timeout(within, rx.wait_for(|p| *p >= version)).await.is_ok_and(|r| r.is_ok())
    }

    /// Every public deal the search matches, with its score when `scored` (higher is
    /// better), in the index's order, through Tantivy's own collecting: the tests' reference
    /// for [`Self::each`].
    #[cfg(test)]
    pub fn find(&self, wanted: &Wanted, scored: bool) -> Result<Vec<(i64, f32)>, SearchError> {
        let searcher = self.reader.searcher();
        let query = self.query(&searcher, wanted)?;
        Ok(searcher.search(&*query, &Hits { scored })?)
    }

    /// Walks every public deal the search matches, split in [`SHARES`] shares of the index's
    /// documents of about equal size (the index's segments are of uneven sizes, so a share
    /// may be part of one), which [`THREADS`] threads take in turn: `take` is given a share's
    /// own `P` (made by `make`), a batch of matches' deal ids, and a way to a match's score
    /// by its place in the batch (higher is better; 0 when `scoring` is [`Scoring::Off`]),
    /// to be asked in the batch's order: under [`Scoring::Asked`] the scored walk only moves
    /// on. The shares' `P`s are returned in the index's order, to be added up.
    ///
    /// Whatever a search keeps of its matches is made on the way, by the threads, rather than
    /// from a list of every match afterwards: at a million matches the list alone took longer
    /// than the search.
    ///
    /// Matches are handed over in batches of up to [`BATCH`] ids, with a way to the score of
    /// each by its place in the batch: a caller that looks each match up in a large table can
    /// read them all at once (the reads overlap, where one by one each waited for memory in
    /// turn), and a call per batch rather than per match leaves its loop to the compiler.
    pub fn each<P: Send>(
        &self,
        searcher: &tantivy::Searcher,
        wanted: &Wanted,
        scoring: Scoring,
        make: impl Fn() -> P + Sync,
        take: impl Fn(&mut P, &[i64], &mut dyn FnMut(usize) -> f32) + Sync,
    ) -> Result<Vec<P>, SearchError> {
        use tantivy::query::EnableScoring;
        use tantivy::DocSet;
        let query = self.query(searcher, wanted)?;
        // The walk finds the matches; scored only when every match's score is wanted. Unscored
        // it reads no word counts and skips the title's words, which only add to a score.
        let walking = match scoring {
            Scoring::Every => EnableScoring::enabled_from_searcher(searcher),
            Scoring::Off | Scoring::Asked => EnableScoring::disabled_from_searcher(searcher),
        };
        let weight = query.weight(walking)?;
        let scoring_weight = match scoring {
            Scoring::Asked => Some(query.weight(EnableScoring::enabled_from_searcher(searcher))?),
            Scoring::Off | Scoring::Every => None,
        };
        let readers = searcher.segment_readers();
        let deal_ids = self.deal_ids(readers)?;
        let shares = shares(&readers.iter().map(|r| r.max_doc()).collect::<Vec<_>>(), SHARES);
        let hand_over = |part: &mut P, batch: &mut Batch, reader: &tantivy::SegmentReader, cursor: &mut Cursor| {
            let Batch { docs, ids, scores } = &mut *batch;
            let mut score_of = |i: usize| {
                let (Some(weight), Some(&doc)) = (&scoring_weight, docs.get(i)) else { return scores.get(i).copied().unwrap_or(0.0) };
                let score = score_at(cursor, &**weight, reader, doc);
                // Both walks run the same query, so the cursor lands on the match.
                debug_assert!(score.is_some() || matches!(cursor, Some(Err(_))), "the scored walk matches what the walk matched");
                score.unwrap_or(0.0)
            };
            take(part, ids, &mut score_of);
            batch.clear();
        };
        let walk = |share: &[Slice]| -> Result<P, SearchError> {
            let mut part = make();
            let mut batch = Batch::default();
            for &Slice { segment, from, to } in share {
                let reader = &readers[segment];
                let ids = &deal_ids[segment];
                let alive = reader.alive_bitset();
                let mut scorer = weight.scorer(reader, 1.0)?;
                let mut cursor: Cursor = None;
                let mut doc = scorer.doc();
                if doc < from {
                    doc = scorer.seek(from);
                }
                // `score` is asked only for a live match with a deal (`Scoring::Every`).
                let take_doc = |part: &mut P, batch: &mut Batch, cursor: &mut Cursor, doc: u32, score: &mut dyn FnMut() -> f32| {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        if let Some(&id) = ids.get(doc as usize).filter(|id| **id != NO_ID) {
                            batch.docs.push(doc);
                            batch.ids.push(id);
                            if scoring == Scoring::Every {
                                batch.scores.push(score());
                            }
                            if batch.ids.len() == BATCH {
                                hand_over(part, batch, reader, cursor);
                            }
                        }
                    }
                };
                if scoring == Scoring::Every {
                    // TERMINATED is past every share's end (no segment holds that many documents).
                    while doc < to {
                        take_doc(&mut part, &mut batch, &mut cursor, doc, &mut || scorer.score());
                        doc = scorer.advance();
                    }
                } else {
                    // Unscored, the matches come 64 at a time: one call into the walk (a
                    // boxed scorer) per block instead of two per match.
                    let mut docs = [0u32; tantivy::COLLECT_BLOCK_BUFFER_LEN];
                    if doc < to {
                        'blocks: loop {
                            let n = scorer.fill_buffer(&mut docs);
                            for &doc in docs.iter().take(n) {
                                if doc >= to {
                                    break 'blocks;
                                }
                                take_doc(&mut part, &mut batch, &mut cursor, doc, &mut || 0.0);
                            }
                            if n < docs.len() {
                                break;
                            }
                        }
                    }
                }
                // A batch holds one segment's matches: the cursor is that segment's.
                hand_over(&mut part, &mut batch, reader, &mut cursor);
                if let Some(Err(e)) = cursor {
                    return Err(e.into());
                }
            }
            Ok(part)
        };
        crate::threads::in_turn(shares.len(), THREADS, |i| walk(&shares[i]))
    }

    /// The `n` best matches by relevance among those `keep` accepts (by deal id), best first,
    /// ties by the lower id: what a walk scoring every match keeps, found with Tantivy's
    /// block-max WAND, which skips the blocks of documents that can't make the list. None
    /// when the search can't be run that way (a phrase), or when it is a prefix alone and
    /// fewer than `n` such matches hold it as a whole word (the others hold only longer
    /// words): the caller then scores every match as it walks.
    ///
    /// The words' terms (each in the body, and boosted in the title) are walked as a union,
    /// whose score is the search's less a constant: every match holds each word, and the
    /// prefix word's clause adds 1 to each. The union only chooses what to look at: a
    /// document it offers is kept when the search itself matches it, with the search's own
    /// score (sums in another order may differ in their last bits).
    pub fn best(
        &self,
        searcher: &tantivy::Searcher,
        wanted: &Wanted,
        n: usize,
        keep: impl Fn(i64) -> bool,
    ) -> Result<Option<Vec<i64>>, SearchError> {
        use tantivy::query::EnableScoring;
        if !wanted.phrases.is_empty() || wanted.words.is_empty() || n == 0 {
            return Ok(None);
        }
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &wanted.words {
            clauses.push((Occur::Should, Box::new(self.term(self.f.body, word))));
            clauses.push((Occur::Should, Box::new(self.title_term(word))));
        }
        let union = BooleanQuery::new(clauses).weight(scoring)?;
        let search = self.query(searcher, wanted)?.weight(scoring)?;
        let lift = if wanted.prefix { 1.0 } else { 0.0 };
        let readers = searcher.segment_readers();
        let deal_ids = self.deal_ids(readers)?;
        let mut best = std::collections::BinaryHeap::with_capacity(n + 1);
        let mut threshold = f32::MIN;
        for (reader, ids) in readers.iter().zip(&deal_ids) {
            let alive = reader.alive_bitset();
            // The search's own walk of the segment, kept when it holds the document offered.
            let mut cursor: Cursor = None;
            union.for_each_pruning(threshold, reader, &mut |doc, _| {
                let listed = ids.get(doc as usize).filter(|id| alive.is_none_or(|a| a.is_alive(doc)) && **id != NO_ID && keep(**id));
                if let Some(score) = listed.and_then(|_| score_at(&mut cursor, &*search, reader, doc)) {
                    crate::repo::facts::keep(&mut best, n, Ranked(score, ids[doc as usize]));
                }
                // Offered are those the union scores above the threshold: kept a little
                // lower than the worst kept, as the two sums may differ in their last bits,
                // and a score equal to the worst's may still win by a lower id.
                threshold = match best.peek() {
                    Some(worst) if best.len() >= n => {
                        let at = worst.0 .0 - lift;
                        at - (at.abs() + 1.0) * 1e-5
                    }
                    _ => f32::MIN,
                };
                threshold
            })?;
            if let Some(Err(e)) = cursor {
                return Err(e.into());
            }
        }
        // Fewer than asked for: the threshold never rose, so every match the union holds was
        // offered, and it holds every match unless the search is a prefix alone (whose
        // matches may hold only longer words).
        if best.len() < n && wanted.prefix && wanted.words.len() == 1 {
            return Ok(None);
        }
        let mut kept: Vec<Ranked> = best.into_iter().map(|r| r.0).collect();
        kept.sort_unstable_by(|a, b| b.cmp(a));
        Ok(Some(kept.into_iter().map(|r| r.1).collect()))
    }

    /// Every public deal the search matches, in the index's order (exports and feeds).
    pub fn ids(&self, wanted: &Wanted) -> Result<Vec<i64>, SearchError> {
        Ok(self.each(&self.searcher(), wanted, Scoring::Off, Vec::new, |all: &mut Vec<i64>, ids, _| all.extend_from_slice(ids))?.concat())
    }

    /// The deal ids of `readers`' documents, by segment in the same order: kept ones, the
    /// rest read from the fast field now (and those of segments gone forgotten).
    fn deal_ids(&self, readers: &[tantivy::SegmentReader]) -> Result<Vec<std::sync::Arc<[i64]>>, SearchError> {
        // Only whole entries are ever put in, so a panic elsewhere leaves the map usable.
        let mut kept = self.deal_ids.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out = Vec::with_capacity(readers.len());
        for r in readers {
            let ids = match kept.get(&r.segment_id()) {
                Some(ids) => ids.clone(),
                None => {
                    let column = r.fast_fields().u64("id")?;
                    let ids: std::sync::Arc<[i64]> = (0..r.max_doc()).map(|doc| column.first(doc).map_or(NO_ID, |id| id as i64)).collect();
                    kept.insert(r.segment_id(), ids.clone());
                    ids
                }
            };
            out.push(ids);
        }
        if kept.len() > readers.len() {
            kept.retain(|id, _| readers.iter().any(|r| r.segment_id() == *id));
        }
        Ok(out)
    }

    /// How many public deals the search matches.
    pub fn count(&self, wanted: &Wanted) -> Result<usize, SearchError> {
        let searcher = self.reader.searcher();
        Ok(searcher.search(&*self.query(&searcher, wanted)?, &tantivy::collector::Count)?)
    }

    /// The search as the index runs it: every word and phrase must be in the body; words in
    /// the title, and the prefix word as a whole word, count for more.
    fn query(&self, searcher: &tantivy::Searcher, w: &Wanted) -> Result<Box<dyn Query>, SearchError> {
        let f = self.f;
        let term = |field, word: &str| self.term(field, word);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last = w.words.len().saturating_sub(1);
        for (i, word) in w.words.iter().enumerate() {
            if w.prefix && i == last {
                // The words it starts, as one clause of a constant score: walked as a union
                // when they are few, which a thread walks only over its share of the
                // documents, where a pattern reads every document of every such word.
                let starting: Box<dyn Query> = match self.words_from(searcher, word)? {
                    Some(words) if !words.is_empty() => {
                        let any = words
                            .iter()
                            .map(|t| -> (Occur, Box<dyn Query>) {
                                (Occur::Should, Box::new(TermQuery::new(Term::from_field_text(f.body, t), IndexRecordOption::Basic)))
                            })
                            .collect();
                        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 1.0))
                    }
                    // (A word is letters and digits, so its pattern always compiles; were it
                    // not to, the word alone, scored as the pattern is: `best` counts on it.)
                    _ => match RegexQuery::from_pattern(&format!("{}.*", escape(word)), f.body) {
                        Ok(q) => Box::new(q),
                        Err(_) => Box::new(ConstScoreQuery::new(Box::new(term(f.body, word)), 1.0)),
                    },
                };
                clauses.push((Occur::Must, starting));
                clauses.push((Occur::Should, Box::new(term(f.body, word))));
            } else {
                clauses.push((Occur::Must, Box::new(term(f.body, word))));
            }
            clauses.push((Occur::Should, Box::new(self.title_term(word))));
        }
        for p in &w.phrases {
            let terms: Vec<Term> = p.iter().map(|word| Term::from_field_text(f.body, word)).collect();
            clauses.push((Occur::Must, Box::new(PhraseQuery::new(terms))));
            for word in p {
                clauses.push((Occur::Should, Box::new(self.title_term(word))));
            }
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// A word in a field, scored by how often it is there.
    fn term(&self, field: Field, word: &str) -> TermQuery {
        TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs)
    }

    /// A word in the title, which counts for more.
    fn title_term(&self, word: &str) -> BoostQuery {
        BoostQuery::new(Box::new(self.term(self.f.title, word)), TITLE_BOOST)
    }

    /// The indexed words starting with `w`, when there are at most [`FEW_WORDS`] (else None).
    fn words_from(&self, searcher: &tantivy::Searcher, w: &str) -> Result<Option<Vec<String>>, SearchError> {
        let mut found = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.f.body)?;
            let mut s = inverted.terms().range().ge(w.as_bytes()).lt(prefix_end(w)).into_stream()?;
            while s.advance() {
                // The index holds text, so every word is UTF-8.
                if let Ok(t) = std::str::from_utf8(s.key()) {
                    if !found.contains(t) {
                        found.insert(t.to_string());
                    }
                }
                if found.len() > FEW_WORDS {
                    return Ok(None);
                }
            }
        }
        Ok(Some(found.into_iter().collect()))
    }

    /// For a search that found nothing: the same search with each word the index lacks
    /// replaced by the closest word it has (same first letter, one edit for words up to four
    /// letters, two beyond; among equals the word more deals hold), offered only when that
    /// search finds a deal. None when every word is known, or a missing one has no close
    /// word. The index holds only public deals, so no unreviewed word is ever offered.
    pub fn suggest(&self, wanted: &Wanted) -> Result<Option<String>, SearchError> {
        let searcher = self.reader.searcher();
        let last = wanted.words.len().saturating_sub(1);
        let mut changed = false;
        let mut fix = |w: &String, prefix: bool| -> Result<Option<String>, SearchError> {
            if w.chars().count() < 3 || self.known(&searcher, w, prefix)? {
                return Ok(Some(w.clone()));
            }
            let c = self.closest(&searcher, w)?;
            changed |= c.is_some();
            Ok(c)
        };
        let mut out = wanted.clone();
        for (i, w) in wanted.words.iter().enumerate() {
            match fix(w, wanted.prefix && i == last)? {
                Some(c) => out.words[i] = c,
                None => return Ok(None),
            }
        }
        for (p, phrase) in wanted.phrases.iter().enumerate() {
            for (i, w) in phrase.iter().enumerate() {
                match fix(w, false)? {
                    Some(c) => out.phrases[p][i] = c,
                    None => return Ok(None),
                }
            }
        }
        if !changed || self.count(&out)? == 0 {
            return Ok(None);
        }
        Ok(Some(out.typed()))
    }

    /// Whether any deal's text holds the word (as the start of a word, for a prefix).
    fn known(&self, searcher: &tantivy::Searcher, w: &str, prefix: bool) -> Result<bool, SearchError> {
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.f.body)?;
            let terms = inverted.terms();
            let hit = if prefix {
                let mut s = terms.range().ge(w.as_bytes()).lt(prefix_end(w)).into_stream()?;
                s.advance()
            } else {
                terms.get(w.as_bytes())?.is_some()
            };
            if hit {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The indexed word closest to `w`, as [`Self::suggest`] chooses it.
    fn closest(&self, searcher: &tantivy::Searcher, w: &str) -> Result<Option<String>, SearchError> {
        let Some(first) = w.chars().next() else { return Ok(None) };
        let n = w.chars().count();
        let most = if n <= 4 { 1 } else { 2 };
        let mut seen: rustc_hash::FxHashMap<String, u64> = Default::default();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.f.body)?;
            let mut s = inverted.terms().range().ge(first.to_string().as_bytes()).lt(prefix_end(&first.to_string())).into_stream()?;
            while s.advance() {
                let Ok(t) = std::str::from_utf8(s.key()) else { continue };
                let len = t.chars().count();
                if len + most < n || len > n + most {
                    continue;
                }
                *seen.entry(t.to_string()).or_default() += u64::from(s.value().doc_freq);
            }
        }
        Ok(seen
            .into_iter()
            .filter_map(|(t, docs)| {
                let d = strsim::osa_distance(w, &t);
                (d <= most && t != w).then_some((d, std::cmp::Reverse(docs), t))
            })
            .min()
            .map(|(_, _, t)| t))
    }

    /// Every deal in the index with the hash of its text, in id order.
    pub fn contents(&self) -> Result<Vec<(i64, u64)>, SearchError> {
        let searcher = self.reader.searcher();
        let mut out = searcher.search(&tantivy::query::AllQuery, &Hashes)?;
        out.sort_unstable();
        Ok(out)
    }
}

/// The text a regular expression reads as `word` itself: ASCII punctuation escaped, any
/// other character (letters, digits, combining marks) as it is, which the regex reads
/// literally.
fn escape(word: &str) -> String {
    word.chars().flat_map(|c| if c.is_ascii_punctuation() || c == ' ' { vec!['\\', c] } else { vec![c] }).collect()
}

/// The first key after every key starting with `p`.
fn prefix_end(p: &str) -> Vec<u8> {
    let mut end = p.as_bytes().to_vec();
    end.push(0xff);
    end
}

fn payload_text(seq: u64, at: Option<&str>) -> String {
    serde_json::to_string(&Payload { schema: SCHEMA_VERSION, seq, at: at.map(str::to_string) }).unwrap_or_default()
}

fn read_payload(index: &Index) -> Option<Payload> {
    let p: Payload = serde_json::from_str(&index.load_metas().ok()?.payload?).ok()?;
    (p.schema == SCHEMA_VERSION).then_some(p)
}

/// The hash of a deal's text as indexed (FxHash: the same on every run and machine).
pub fn text_hash(title: &str, body: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    title.hash(&mut h);
    body.hash(&mut h);
    h.finish()
}

/// How [`SearchIndex::each`] scores the matches it walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scoring {
    /// Not at all (every score 0): a list in another order, an export.
    Off,
    /// Every match, as it is found: a search listed by relevance where every match is
    /// listed, or nearly.
    Every,
    /// Only the matches whose score is asked for, by a second, scored walk of the same
    /// matches that skips to them: a search by relevance whose filters keep few matches
    /// (scoring every match was a fifth of such a search's time).
    Asked,
}

/// A document without a deal id in [`SearchIndex::deal_ids`] (every document has one).
const NO_ID: i64 = i64::MIN;

/// Documents `from..to` of one segment.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Slice {
    segment: usize,
    from: u32,
    to: u32,
}

/// A prefix standing for at most this many words is walked as their union, not a pattern.
const FEW_WORDS: usize = 32;

/// A scored walk of a search in one segment, made when a score is first asked for (for a
/// prefix, making it reads every posting of the words it stands for) and then only moved on;
/// the error, when it could not be made, is left in it for the caller.
type Cursor = Option<Result<Box<dyn tantivy::query::Scorer>, tantivy::TantivyError>>;

/// The score of document `doc` of `reader`'s segment by the walk `cursor` of `weight`
/// (asked in the documents' order); None when the walk doesn't hold it or was not made.
fn score_at(cursor: &mut Cursor, weight: &dyn tantivy::query::Weight, reader: &tantivy::SegmentReader, doc: tantivy::DocId) -> Option<f32> {
    use tantivy::DocSet;
    let walk = cursor.get_or_insert_with(|| weight.scorer(reader, 1.0)).as_mut().ok()?;
    if walk.doc() < doc {
        walk.seek(doc);
    }
    (walk.doc() == doc).then(|| walk.score())
}

/// How many matches [`SearchIndex::each`] hands over at a time.
const BATCH: usize = 64;

/// Matches on their way to [`SearchIndex::each`]'s `take`: their documents, deal ids and,
/// when every match is scored as it is walked, scores.
#[derive(Default)]
struct Batch {
    docs: Vec<u32>,
    ids: Vec<i64>,
    scores: Vec<f32>,
}

impl Batch {
    fn clear(&mut self) {
        self.docs.clear();
        self.ids.clear();
        self.scores.clear();
    }
}

/// The segments (their sizes in documents) cut in `parts` shares of about equal size, in
/// order; the last takes what is left.
fn shares(sizes: &[u32], parts: usize) -> Vec<Vec<Slice>> {
    let parts = parts.max(1);
    let total: u64 = sizes.iter().map(|n| u64::from(*n)).sum();
    let each = total.div_ceil(parts as u64).max(1);
    let mut out = vec![Vec::new(); parts];
    let (mut part, mut room) = (0, each);
    for (segment, &size) in sizes.iter().enumerate() {
        let mut from = 0u32;
        while from < size {
            let left = u64::from(size - from);
            let n = if part + 1 == parts { left } else { left.min(room) };
            let to = from + n as u32;
            out[part].push(Slice { segment, from, to });
            from = to;
            room -= n.min(room);
            if room == 0 && part + 1 < parts {
                part += 1;
                room = each;
            }
        }
    }
    out
}

/// Collects each match's deal id, and its score when asked.
#[cfg(test)]
struct Hits {
    scored: bool,
}

#[cfg(test)]
struct SegmentHits {
    ids: tantivy::columnar::Column<u64>,
    out: Vec<(i64, f32)>,
}

#[cfg(test)]
impl Collector for Hits {
    type Fruit = Vec<(i64, f32)>;
    type Child = SegmentHits;

    fn for_segment(&self, _: u32, segment: &tantivy::SegmentReader) -> tantivy::Result<SegmentHits> {
        Ok(SegmentHits { ids: segment.fast_fields().u64("id")?, out: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        self.scored
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i64, f32)>>) -> tantivy::Result<Vec<(i64, f32)>> {
        Ok(fruits.concat())
    }
}

#[cfg(test)]
impl SegmentCollector for SegmentHits {
    type Fruit = Vec<(i64, f32)>;

    fn collect(&mut self, doc: u32, score: f32) {
        if let Some(id) = self.ids.first(doc) {
            self.out.push((id as i64, score));
        }
    }

    fn collect_block(&mut self, docs: &[u32]) {
        self.out.reserve(docs.len());
        for &doc in docs {
            self.collect(doc, 0.0);
        }
    }

    fn harvest(self) -> Vec<(i64, f32)> {
        self.out
    }
}

/// Collects every document's deal id and text hash.
struct Hashes;

struct SegmentHashes {
    ids: tantivy::columnar::Column<u64>,
    hashes: tantivy::columnar::Column<u64>,
    out: Vec<(i64, u64)>,
}

impl Collector for Hashes {
    type Fruit = Vec<(i64, u64)>;
    type Child = SegmentHashes;

    fn for_segment(&self, _: u32, segment: &tantivy::SegmentReader) -> tantivy::Result<SegmentHashes> {
        let ff = segment.fast_fields();
        Ok(SegmentHashes { ids: ff.u64("id")?, hashes: ff.u64("hash")?, out: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i64, u64)>>) -> tantivy::Result<Vec<(i64, u64)>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentHashes {
    type Fruit = Vec<(i64, u64)>;

    fn collect(&mut self, doc: u32, _: f32) {
        if let (Some(id), Some(h)) = (self.ids.first(doc), self.hashes.first(doc)) {
            self.out.push((id as i64, h));
        }
    }

    fn harvest(self) -> Vec<(i64, u64)> {
        self.out
    }
}

#[cfg(test)]
mod tests;
