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
//! of its text (for `tracker search check`). A `part` field says what the text is: "deal"
//! today; the text of a deal's source documents will be documents of their own with the
//! same deal id and a part naming the document and page, added only once the document is
//! public, so pending material never reaches results or counts.
//!
//! Interface: [`views::Views::view`] answers any `/deals` view (the one call the API makes;
//! exports and feeds make `repo::exports::matched`); [`SearchIndex::find`] (matches with
//! scores), [`SearchIndex::suggest`], [`SearchIndex::check`], and [`follow`] for keeping it
//! current.

pub mod follow;
pub mod query;
pub mod views;

pub use query::{Marker, Wanted};

use std::path::{Path, PathBuf};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING};
use tantivy::{Index, IndexReader, ReloadPolicy, Term};

/// The index's layout; a change here rebuilds every index at its next start.
const SCHEMA_VERSION: u32 = 1;
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
        })
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
    /// deals, searches wait that long and then answer from what it holds.)
    pub async fn wait_for(&self, version: u64, within: std::time::Duration) -> bool {
        let mut rx = self.position.subscribe();
        if *rx.borrow() >= version {
            return true;
        }
        self.wake();
        tokio::time::timeout(within, rx.wait_for(|p| *p >= version)).await.is_ok_and(|r| r.is_ok())
    }

    /// Every public deal the search matches, with its score when `scored` (higher is
    /// better), in the index's order.
    pub fn find(&self, wanted: &Wanted, scored: bool) -> Result<Vec<(i64, f32)>, SearchError> {
        let searcher = self.reader.searcher();
        let query = self.query(wanted);
        Ok(searcher.search(&*query, &Hits { scored })?)
    }

    /// Every public deal the search matches, in id order, with each one's score when
    /// `scored`.
    pub fn matches(&self, wanted: &Wanted, scored: bool) -> Result<Matches, SearchError> {
        Ok(Matches::new(self.find(wanted, scored)?, scored))
    }

    /// How many public deals the search matches.
    pub fn count(&self, wanted: &Wanted) -> Result<usize, SearchError> {
        Ok(self.reader.searcher().search(&*self.query(wanted), &tantivy::collector::Count)?)
    }

    /// The search as the index runs it: every word and phrase must be in the body; words in
    /// the title, and the prefix word as a whole word, count for more.
    fn query(&self, w: &Wanted) -> Box<dyn Query> {
        let f = self.f;
        let term = |field, word: &str| TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last = w.words.len().saturating_sub(1);
        for (i, word) in w.words.iter().enumerate() {
            if w.prefix && i == last {
                match RegexQuery::from_pattern(&format!("{}.*", escape(word)), f.body) {
                    Ok(q) => clauses.push((Occur::Must, Box::new(q))),
                    Err(_) => clauses.push((Occur::Must, Box::new(term(f.body, word)))),
                }
                clauses.push((Occur::Should, Box::new(term(f.body, word))));
            } else {
                clauses.push((Occur::Must, Box::new(term(f.body, word))));
            }
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(term(f.title, word)), TITLE_BOOST))));
        }
        for p in &w.phrases {
            let terms: Vec<Term> = p.iter().map(|word| Term::from_field_text(f.body, word)).collect();
            clauses.push((Occur::Must, Box::new(PhraseQuery::new(terms))));
            for word in p {
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(term(f.title, word)), TITLE_BOOST))));
            }
        }
        Box::new(BooleanQuery::new(clauses))
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

/// A search's matches: the deals' ids in increasing order and, when scored, each one's score.
pub struct Matches {
    /// The ids, in increasing order.
    pub ids: Vec<i64>,
    scores: Scores,
}

/// Scores by deal id: in a vector indexed by id while ids are dense (as SQLite numbers
/// them), else in a map.
enum Scores {
    None,
    Dense(Vec<f32>),
    Sparse(rustc_hash::FxHashMap<i64, f32>),
}

impl Matches {
    /// Puts hits in id order: through a bitmap of the ids when they are dense (a sort of a
    /// million hits took longer than the search).
    fn new(hits: Vec<(i64, f32)>, scored: bool) -> Matches {
        let max = hits.iter().map(|h| h.0).max().unwrap_or(0);
        let dense = max >= 0 && (max as usize) <= hits.len().saturating_mul(16);
        if !dense || hits.iter().any(|h| h.0 < 0) {
            let scores = if scored { Scores::Sparse(hits.iter().copied().collect()) } else { Scores::None };
            let mut ids: Vec<i64> = hits.into_iter().map(|h| h.0).collect();
            ids.sort_unstable();
            ids.dedup();
            return Matches { ids, scores };
        }
        let mut bits = vec![0u64; max as usize / 64 + 1];
        let mut scores = if scored { vec![0f32; max as usize + 1] } else { Vec::new() };
        for (id, score) in &hits {
            let i = *id as usize;
            bits[i / 64] |= 1 << (i % 64);
            if let Some(s) = scores.get_mut(i) {
                *s = *score;
            }
        }
        let mut ids = Vec::with_capacity(hits.len());
        for (w, word) in bits.iter().enumerate() {
            let mut word = *word;
            while word != 0 {
                ids.push((w * 64 + word.trailing_zeros() as usize) as i64);
                word &= word - 1;
            }
        }
        Matches { ids, scores: if scored { Scores::Dense(scores) } else { Scores::None } }
    }

    /// A match's score (0 when not scored).
    pub fn score(&self, id: i64) -> f32 {
        match &self.scores {
            Scores::None => 0.0,
            Scores::Dense(v) => usize::try_from(id).ok().and_then(|i| v.get(i)).copied().unwrap_or(0.0),
            Scores::Sparse(m) => m.get(&id).copied().unwrap_or(0.0),
        }
    }
}

/// Collects each match's deal id, and its score when asked.
struct Hits {
    scored: bool,
}

struct SegmentHits {
    ids: tantivy::columnar::Column<u64>,
    out: Vec<(i64, f32)>,
}

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
