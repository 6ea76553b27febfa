//! Facet counts and list pages for text searches, from a copy in memory of the few columns
//! that the browse filters, facets and orders read, one entry per public deal.
//!
//! A text search's facets are counted over its matches. In SQL that means looking up every
//! matching deal (13,000 for "ring" in 100,000 deals: 40-80 ms, most of a first search);
//! here it is the matches' ids from the full-text index (a few ms) and a tally in memory.
//! The copy follows the data version: on a change it re-reads only the deals changed since
//! (every change to a deal sets its `updated_at`), and it starts over when another process
//! wrote (its clock and writes are not ours to trust). The tally applies the same filters
//! as `browse::where_clause`; a unit test holds the two to the same counts.

mod slots;

use crate::model::{
    filter::{DealFilter, Sort},
    DealKind, DealStatus,
};
use rustc_hash::FxHashMap;
use sqlx::SqliteConnection;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashSet};

/// What the filters and facets read of one public deal. Kept small (40 bytes) and free of
/// pointers: a search tallies up to every deal, and the fewer cache lines it reads the
/// faster it goes; what only the list orders read is kept apart ([`Keys`]).
#[derive(Clone, Debug)]
struct Fact {
    entity: i64,
    jurisdiction: i64,
    /// In cents; `NO_AMOUNT` when not stated.
    amount: i64,
    /// Approved, else announced, else start date, as stored ("2021", "2021-05",
    /// "2021-05-04"); empty when none.
    date: Date,
    /// The state's code; `[0, 0]` when none.
    state: [u8; 2],
    kind: DealKind,
    status: DealStatus,
    disclosed: bool,
}

/// `Fact::amount` of a deal without one.
const NO_AMOUNT: i64 = i64::MIN;

impl Fact {
    fn amount(&self) -> Option<i64> {
        (self.amount != NO_AMOUNT).then_some(self.amount)
    }

    fn date(&self) -> Option<&Date> {
        (self.date.len > 0).then_some(&self.date)
    }

    fn state(&self) -> Option<&[u8; 2]> {
        (self.state != [0, 0]).then_some(&self.state)
    }
}

/// What the list orders read of one public deal: when it was recorded, and its approval
/// date (the keys of the newest and approval orders).
#[derive(Clone, Debug)]
struct Keys {
    created: Option<Stamp>,
    approved: Option<Date>,
}

/// The filters that are not facets (and the company filter's family), resolved by the caller
/// to what the copy holds. A county's places are looked up when asked, not copied: places
/// move between counties without their deals changing.
#[derive(Default)]
pub struct Scope {
    /// The governments a county or place filter includes (a county, the places in it too).
    pub governments: Option<HashSet<i64>>,
    /// A state filter's state (a place filter naming a state).
    pub state: Option<String>,
    /// The companies a company filter includes: itself and its subsidiaries.
    pub family: Option<HashSet<i64>>,
}

/// A short stored text (a partial date, a timestamp), inline; compared as the text SQLite
/// compares.
#[derive(Clone, Copy, Debug)]
struct Inline<const N: usize> {
    text: [u8; N],
    len: u8,
}

/// A stored partial date ("2021", "2021-05", "2021-05-04").
type Date = Inline<10>;
/// A stored timestamp ("2024-01-01T00:00:00Z").
type Stamp = Inline<32>;

impl<const N: usize> Inline<N> {
    fn new(s: &str) -> Option<Self> {
        let mut text = [0u8; N];
        let bytes = s.as_bytes();
        text.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(Inline { text, len: bytes.len() as u8 })
    }

    fn as_bytes(&self) -> &[u8] {
        &self.text[..self.len as usize]
    }
}

/// The public deals' facts, as of a data version.
#[derive(Default)]
pub struct Facts {
    rows: Rows<Fact>,
    /// The facets of the deals in `rows.dense`, packed, by id (see [`slots`]).
    slots: Vec<slots::Slot>,
    /// The same deals' list keys.
    keys: Rows<Keys>,
    /// The latest `updated_at` read: the next refresh reads from a little before it.
    until: Option<String>,
    /// The data version the copy is current for; None before the first load.
    version: Option<u64>,
}

/// Deals read at once by [`Facts::refresh`].
const READ_WINDOW: i64 = 50_000;

/// One deal as read: id, kind, status, entity, state, best date, amount, disclosed,
/// jurisdiction, whether it is public, updated at, created at, approved on (SQLite's JSON has
/// no booleans).
type Read = (i64, String, String, i64, Option<String>, Option<String>, Option<i64>, i64, i64, i64, String, String, Option<String>);

impl Facts {
    /// Brings the copy up to `version` unless it is there already.
    pub async fn refresh(&mut self, conn: &mut SqliteConnection, version: u64) -> Result<(), sqlx::Error> {
        if self.version == Some(version) {
            return Ok(());
        }
        // From two seconds before the latest change read: `updated_at` has whole seconds,
        // and a write in the same second may have committed after the last read.
        let since = self
            .until
            .as_deref()
            .and_then(|u| chrono::DateTime::parse_from_rfc3339(u).ok())
            .map(|t| (t - chrono::Duration::seconds(2)).with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string());
        const COLUMNS: &str = "coalesce(json_group_array(json_array(d.id, d.kind, d.status, d.entity_id, d.state_usps,
            coalesce(d.approved_on, d.announced_on, d.starts_on), d.amount_cents, d.amount_disclosed, d.jurisdiction_id,
            d.published = 1 AND d.deleted_at IS NULL, d.updated_at, d.created_at, d.approved_on)), '[]')";
        let decode = |json: String| serde_json::from_str::<Vec<Read>>(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)));
        // One JSON value per statement: rows one by one through the driver cost more than
        // reading them.
        if let Some(since) = since {
            // What changed since the last read (by `updated_at`'s index): a few deals.
            let sql = format!("SELECT {COLUMNS} FROM deals d WHERE d.updated_at >= ?");
            let read = decode(sqlx::query_scalar(&sql).bind(since).fetch_one(&mut *conn).await?)?;
            self.take(read);
        } else {
            // Everything, a window of ids at a time: a million deals in one value held
            // hundreds of megabytes at once. Into a fresh copy, kept only once complete: a
            // read that fails or is dropped half-way leaves the copy as it was.
            let mut fresh = Facts::default();
            let sql = format!(
                "SELECT {COLUMNS} FROM (SELECT id, kind, status, entity_id, state_usps, approved_on, announced_on, starts_on,
                    amount_cents, amount_disclosed, jurisdiction_id, published, deleted_at, updated_at, created_at
                 FROM deals d WHERE d.published = 1 AND d.deleted_at IS NULL AND d.id > ?1 ORDER BY d.id LIMIT ?2) d"
            );
            // One snapshot for all the windows, as one statement was.
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            let mut after = i64::MIN;
            loop {
                let read = decode(sqlx::query_scalar(&sql).bind(after).bind(READ_WINDOW).fetch_one(&mut *tx).await?)?;
                let (Some(last), full) = (read.iter().map(|r| r.0).max(), read.len() as i64 == READ_WINDOW) else { break };
                fresh.take(read);
                if !full {
                    break;
                }
                after = last;
            }
            tx.commit().await?;
            *self = fresh;
        }
        self.version = Some(version);
        Ok(())
    }

    /// Puts deals as read into the copy: public ones in, the others out.
    fn take(&mut self, read: Vec<Read>) {
        for (id, kind, status, entity, state, date, amount, disclosed, jurisdiction, public, updated, created, approved) in read {
            if self.until.as_deref().is_none_or(|u| updated.as_str() > u) {
                self.until = Some(updated);
            }
            match (public == 1, DealKind::from_code(&kind), DealStatus::from_code(&status)) {
                (true, Some(kind), Some(status)) => {
                    let state = state.and_then(|s| s.as_bytes().try_into().ok()).unwrap_or([0, 0]);
                    let date = date.as_deref().and_then(Date::new).unwrap_or(Date { text: [0; 10], len: 0 });
                    let amount = amount.unwrap_or(NO_AMOUNT);
                    let (created, approved) = (Stamp::new(&created), approved.as_deref().and_then(Date::new));
                    self.rows.insert(id, Fact { kind, status, entity, state, date, amount, disclosed: disclosed == 1, jurisdiction });
                    self.keys.insert(id, Keys { created, approved });
                }
                _ => {
                    self.rows.remove(id);
                    self.keys.remove(id);
                }
            }
            self.reslot(id);
        }
    }

    /// Brings the slots up to the facts after a change to deal `id`: those of slots the
    /// vector grew by (where deals kept apart may have moved in), and `id`'s own.
    fn reslot(&mut self, id: i64) {
        let dense = &self.rows.dense;
        if self.slots.len() < dense.len() {
            let from = self.slots.len();
            self.slots.extend(dense[from..].iter().map(|f| f.as_ref().map_or(0, slots::pack)));
        }
        if let Some(i) = usize::try_from(id).ok().filter(|i| *i < self.slots.len()) {
            self.slots[i] = dense[i].as_ref().map_or(0, slots::pack);
        }
    }

    /// Whether the copy is current for `version`.
    pub fn is_at(&self, version: u64) -> bool {
        self.version == Some(version)
    }

    /// Whether deal `id` is in the copy (public, at its version).
    pub fn holds(&self, id: i64) -> bool {
        self.rows.get(&id).is_some()
    }

    /// Whether nothing has been read yet (or everything was forgotten).
    pub fn is_empty(&self) -> bool {
        self.version.is_none()
    }

    /// Forgets everything: the next refresh reads every deal again.
    pub fn forget(&mut self) {
        *self = Facts::default();
    }

    /// Counts the public deals among `ids` by kind, status, entity, state and year, each
    /// facet under every filter but its own; with them, the deals that pass every filter,
    /// in the order of `ids` (the tests' way in; searches tally as the index walks).
    #[cfg(test)]
    pub fn tally(&self, ids: &[i64], f: &DealFilter, scope: &Scope) -> Tally {
        self.tally_over(ids.iter().copied(), self.tallier(f, scope, true, Listing::All))
    }

    /// The same counts over every public deal (a view without text), without the list: the
    /// copy cut in shares that the machine's two cores take in turn (a million deals took
    /// 25-35 ms on one).
    pub fn tally_all(&self, f: &DealFilter, scope: &Scope) -> Tally {
        use crate::threads::{each_in_turn, SHARES, THREADS};
        let t = self.tallier(f, scope, true, Listing::Nothing);
        let dense = &self.rows.dense;
        let parts = each_in_turn(SHARES, THREADS, |share| {
            let mut part = t.part();
            let (from, to) = (dense.len() * share / SHARES, dense.len() * (share + 1) / SHARES);
            for (i, fact) in dense.iter().enumerate().take(to).skip(from) {
                if fact.is_some() {
                    t.take(&mut part, i as i64, &mut || 0.0);
                }
            }
            if share == 0 {
                for id in self.rows.sparse.keys() {
                    t.take(&mut part, *id, &mut || 0.0);
                }
            }
            part
        });
        t.finish(parts)
    }

    #[cfg(test)]
    fn tally_over(&self, ids: impl Iterator<Item = i64>, t: Tallier<'_>) -> Tally {
        let mut part = t.part();
        for id in ids {
            t.take(&mut part, id, &mut || 0.0);
        }
        t.finish(vec![part])
    }

    /// A tally of the deals given to it (a search's matches, as the index walks them, in
    /// shares on threads of their own): the facet counts when `count`, and the deals that
    /// pass every filter as `listing` says.
    pub fn tallier<'a>(&'a self, f: &'a DealFilter, scope: &'a Scope, count: bool, listing: Listing) -> Tallier<'a> {
        Tallier { facts: self, f, scope, test: Test::new(f), quick: slots::SlotTest::new(f, scope), count, listing }
    }

    /// Puts `ids` (deals in the copy) in a list order other than relevance, as
    /// `browse::page_ids` orders them (key descending, then id descending), and keeps only
    /// those after the cursor `after` ("key~id") when there is one.
    pub fn order(&self, ids: &mut Vec<i64>, sort: Sort, after: Option<&str>) {
        let key = |id: &i64| -> Key<'_> {
            let k = self.keys.get(id);
            match sort {
                Sort::Amount => Key::Int(self.rows.get(id).and_then(Fact::amount).unwrap_or(-1)),
                Sort::Approved => Key::Text(k.and_then(|k| k.approved.as_ref()).map(Inline::as_bytes).unwrap_or_default()),
                Sort::Newest | Sort::Relevance => Key::Text(k.and_then(|k| k.created.as_ref()).map(Inline::as_bytes).unwrap_or_default()),
            }
        };
        let mut keyed: Vec<(Key<'_>, i64)> = ids.iter().map(|id| (key(id), *id)).collect();
        keyed.sort_unstable_by(|a, b| b.cmp(a));
        if let Some((v, id)) = after.and_then(|a| a.rsplit_once('~')).and_then(|(v, id)| Some((v, id.parse::<i64>().ok()?))) {
            // As the SQL cursor reads it: an amount that isn't a number sorts above all.
            let v = if sort == Sort::Amount { Key::Int(v.parse().unwrap_or(i64::MAX)) } else { Key::Text(v.as_bytes()) };
            let cursor = (v, id);
            keyed.retain(|k| *k < cursor);
        }
        *ids = keyed.into_iter().map(|(_, id)| id).collect();
    }
}

/// What a [`Tallier`] keeps of the deals that pass every filter.
#[derive(Clone, Copy, Debug)]
pub enum Listing {
    /// Only how many (a view without text: SQL reads its page).
    Nothing,
    /// Every one, in the order given.
    All,
    /// The `n` with the highest scores, best first, ties by the lower id: a search by
    /// relevance as far as its page ends, kept in a small heap rather than sorting them all.
    Best(usize),
}

/// A tally over the deals given to it by [`Tallier::take`], in parts (one per share of the
/// deals, each tallied on one thread) that [`Tallier::finish`] adds up.
pub struct Tallier<'a> {
    facts: &'a Facts,
    f: &'a DealFilter,
    scope: &'a Scope,
    test: Test<'a>,
    /// The filters as tests of the deals' slots, when they are only facets.
    quick: Option<slots::SlotTest>,
    /// Whether the facets are counted (else only the deals that pass are).
    count: bool,
    listing: Listing,
}

/// One share of a tally.
pub struct Part<'a> {
    // Counted by index into arrays while tallying, made into text once at the end: a hash
    // probe on a text key per match and facet was most of the tally.
    kind: Counter<'a, 32>,
    status: Counter<'a, 32>,
    state: Counter<'a, { 26 * 26 }>,
    year: Counter<'a, { YEARS.1 - YEARS.0 }>,
    /// By entity id while ids are small (they are SQLite row ids), else in `other_entities`:
    /// a hash probe per match was a measurable part of a tally.
    entities: Vec<i64>,
    other_entities: FxHashMap<i64, i64>,
    passed: i64,
    /// The deals that pass, for `Listing::All`.
    all: Vec<i64>,
    /// The best so far for `Listing::Best`, the worst kept on top.
    best: BinaryHeap<Reverse<Ranked>>,
}

impl Part<'_> {
    /// Counts a company whose id is below `DENSE_ENTITIES`.
    fn add_entity(&mut self, e: usize) {
        if e >= self.entities.len() {
            self.entities.resize(e + 1, 0);
        }
        self.entities[e] += 1;
    }
}

impl<'a> Tallier<'a> {
    /// An empty share.
    pub fn part(&self) -> Part<'a> {
        Part {
            kind: Counter::default(),
            status: Counter::default(),
            state: Counter::default(),
            year: Counter::default(),
            entities: Vec::new(),
            other_entities: FxHashMap::default(),
            passed: 0,
            all: Vec::new(),
            best: BinaryHeap::new(),
        }
    }

    /// Counts the deals `ids` in `part`, as [`Self::take`] does; `score` gives a deal's
    /// score by its place in `ids`.
    ///
    /// Each deal's slot (or facts) is read into the processor's cache before any is
    /// tallied: a million deals' facts are 40 MB, so each match's read went to memory, and
    /// reads made together overlap (a search for a word in most deals spent two thirds of
    /// its tally on them).
    pub fn take_all(&self, part: &mut Part<'a>, ids: &[i64], score: &mut dyn FnMut(usize) -> f32) {
        for &id in ids {
            if self.quick.is_some() {
                if let Some(s) = usize::try_from(id).ok().and_then(|i| self.facts.slots.get(i)) {
                    std::hint::black_box(*s);
                }
            } else if let Some(d) = self.facts.rows.get(&id) {
                std::hint::black_box(d.kind);
            }
        }
        for (i, &id) in ids.iter().enumerate() {
            self.take(part, id, &mut || score(i));
        }
    }

    /// Counts deal `id` in `part`, when it is public; `score` gives its score, asked only
    /// when the deal passes and is listed by score.
    #[inline]
    pub fn take(&self, part: &mut Part<'a>, id: i64, score: &mut dyn FnMut() -> f32) {
        if let Some(quick) = &self.quick {
            match usize::try_from(id).ok().and_then(|i| self.facts.slots.get(i)) {
                // Not in the copy (a slot is there for every id the vector holds).
                Some(0) => return,
                Some(&s) if s & slots::ODD == 0 => return self.take_slot(part, id, s, quick, score),
                _ => {}
            }
        }
        self.take_fact(part, id, score);
    }

    /// [`Self::take`] for a deal tested and counted by its facts.
    fn take_fact(&self, part: &mut Part<'a>, id: i64, score: &mut dyn FnMut() -> f32) {
        let facts: &'a Facts = self.facts;
        let Some(d) = facts.rows.get(&id) else { return };
        let Some(ok) = self.test.verdict(d, self.f, self.scope) else { return };
        let Some(counts) = self.judge(part, id, ok, score) else { return };
        if counts[0] {
            part.kind.add(Some(d.kind as usize), || Some(d.kind.code()));
        }
        if counts[1] {
            part.status.add(Some(d.status as usize), || Some(d.status.code()));
        }
        if counts[2] {
            match usize::try_from(d.entity).ok().filter(|e| *e < DENSE_ENTITIES) {
                Some(e) => part.add_entity(e),
                None => *part.other_entities.entry(d.entity).or_default() += 1,
            }
        }
        if let (true, Some(s)) = (counts[3], d.state()) {
            part.state.add(state_slot(s), || std::str::from_utf8(s).ok());
        }
        if let (true, Some(date)) = (counts[4], d.date()) {
            if let Some(y) = date.as_bytes().get(..4) {
                part.year.add(year_slot(y), || std::str::from_utf8(y).ok());
            }
        }
    }

    /// Takes a deal's verdicts (whether each facet's filter holds): counts and lists it when
    /// every one holds, and says under which facets it is counted (each under every filter
    /// but its own), None when under none.
    fn judge(&self, part: &mut Part<'a>, id: i64, ok: [bool; 5], score: &mut dyn FnMut() -> f32) -> Option<[bool; 5]> {
        let failing = ok.iter().filter(|o| !**o).count();
        if failing == 0 {
            self.pass(part, id, score);
        }
        (self.count && failing <= 1).then(|| ok.map(|holds| failing == 0 || !holds))
    }

    /// Counts and lists a deal that passes every filter.
    #[inline]
    fn pass(&self, part: &mut Part<'a>, id: i64, score: &mut dyn FnMut() -> f32) {
        part.passed += 1;
        match self.listing {
            Listing::Nothing => {}
            Listing::All => part.all.push(id),
            Listing::Best(n) => keep(&mut part.best, n, Ranked(score(), id)),
        }
    }

    /// [`Self::take`] for a deal tested and counted by its slot `s`: [`Self::judge`]'s rule
    /// on the bits of the filters the slot fails.
    #[inline]
    fn take_slot(&self, part: &mut Part<'a>, id: i64, s: slots::Slot, quick: &slots::SlotTest, score: &mut dyn FnMut() -> f32) {
        use slots::{field, FAILS_ENTITY, FAILS_KIND, FAILS_STATE, FAILS_STATUS, FAILS_YEAR};
        let fails = quick.fails(s);
        if fails == 0 {
            self.pass(part, id, score);
        }
        // Counted under a facet when every filter holds, or when only that facet's fails.
        if !self.count || fails & fails.wrapping_sub(1) != 0 {
            return;
        }
        let under = |bit: u32| fails == 0 || fails == bit;
        // Every value has a slot in these arrays (5 bits each for kind and status), so no
        // text is ever asked for.
        if under(FAILS_KIND) {
            part.kind.add(Some(field(s, slots::KIND)), || None);
        }
        if under(FAILS_STATUS) {
            part.status.add(Some(field(s, slots::STATUS)), || None);
        }
        if under(FAILS_ENTITY) {
            part.add_entity(field(s, slots::ENTITY));
        }
        let (state, year) = slots::state_and_year(s);
        if let (true, Some(state)) = (under(FAILS_STATE), state) {
            part.state.add(Some(state), || None);
        }
        if let (true, Some(year)) = (under(FAILS_YEAR), year) {
            part.year.add(Some(year), || None);
        }
    }

    /// The parts added up.
    pub fn finish(&self, parts: Vec<Part<'a>>) -> Tally {
        let mut parts = parts.into_iter();
        let mut all = parts.next().unwrap_or_else(|| self.part());
        for p in parts {
            all.kind.merge(p.kind);
            all.status.merge(p.status);
            all.state.merge(p.state);
            all.year.merge(p.year);
            if p.entities.len() > all.entities.len() {
                all.entities.resize(p.entities.len(), 0);
            }
            for (n, m) in all.entities.iter_mut().zip(p.entities) {
                *n += m;
            }
            for (e, n) in p.other_entities {
                *all.other_entities.entry(e).or_default() += n;
            }
            all.passed += p.passed;
            all.all.extend(p.all);
            if let Listing::Best(n) = self.listing {
                for r in p.best {
                    keep(&mut all.best, n, r.0);
                }
            }
        }
        let passing = match self.listing {
            Listing::Best(_) => {
                let mut kept: Vec<Ranked> = all.best.into_iter().map(|r| r.0).collect();
                kept.sort_unstable_by(|a, b| b.cmp(a));
                kept.into_iter().map(|r| r.1).collect()
            }
            _ => all.all,
        };
        if !self.count {
            return Tally { counts: Vec::new(), passing, passed: all.passed };
        }
        let sorted = |mut v: Vec<(String, i64)>| {
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        let kind_code = |i: usize| DealKind::ALL.iter().find(|k| **k as usize == i).map(|k| k.code().to_string()).unwrap_or_default();
        let status_code = |i: usize| DealStatus::ALL.iter().find(|k| **k as usize == i).map(|k| k.code().to_string()).unwrap_or_default();
        let counts = vec![
            sorted(all.kind.into_counts(kind_code)),
            sorted(all.status.into_counts(status_code)),
            sorted(
                all.entities
                    .into_iter()
                    .enumerate()
                    .filter(|(_, n)| *n > 0)
                    .map(|(e, n)| (e.to_string(), n))
                    .chain(all.other_entities.into_iter().map(|(e, n)| (e.to_string(), n)))
                    .collect(),
            ),
            sorted(all.state.into_counts(|i| String::from_utf8_lossy(&[b'A' + (i / 26) as u8, b'A' + (i % 26) as u8]).into_owned())),
            sorted(all.year.into_counts(|i| (YEARS.0 + i).to_string())),
        ];
        Tally { counts, passing, passed: all.passed }
    }
}

/// Keeps `r` among the `n` best in `heap` (whose top is the worst kept).
pub(crate) fn keep(heap: &mut BinaryHeap<Reverse<Ranked>>, n: usize, r: Ranked) {
    if heap.len() < n {
        heap.push(Reverse(r));
    } else if heap.peek().is_some_and(|worst| r > worst.0) {
        heap.pop();
        heap.push(Reverse(r));
    }
}

/// Entity ids counted in a vector (64 Ki ids: 512 KB at most per share); others in a map.
const DENSE_ENTITIES: usize = 1 << 16;

/// A deal by its score, ordered so that better is greater: a higher score, then a lower id.
pub(crate) struct Ranked(pub f32, pub i64);

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then(other.1.cmp(&self.1))
    }
}

/// The facts by deal id: a vector indexed by id while ids stay dense (they are SQLite row
/// ids, numbered in order), so a search's thousands of lookups are each one indexed load
/// rather than a hash probe; ids far beyond the others go to a map, so one odd id can't
/// make the vector huge.
struct Rows<T> {
    dense: Vec<Option<T>>,
    /// How many of `dense` are Some.
    filled: usize,
    sparse: FxHashMap<i64, T>,
}

impl<T> Rows<T> {
    fn get(&self, id: &i64) -> Option<&T> {
        match usize::try_from(*id).ok().and_then(|i| self.dense.get(i)) {
            Some(Some(fact)) => Some(fact),
            _ => self.sparse.get(id),
        }
    }

    fn insert(&mut self, id: i64, fact: T) {
        let Ok(i) = usize::try_from(id) else {
            self.sparse.insert(id, fact);
            return;
        };
        // Grow only while at most half the slots would be empty (past a first 64 Ki); ids
        // kept apart before that now fit move in, so each id lives in one place.
        if i >= self.dense.len() && i < 2 * (self.filled + 1) + 65_536 {
            let old = self.dense.len();
            self.dense.resize_with(i + 1, || None);
            let fitting: Vec<i64> = self.sparse.keys().copied().filter(|k| usize::try_from(*k).is_ok_and(|k| k >= old && k <= i)).collect();
            for k in fitting {
                if let (Some(f), Ok(at)) = (self.sparse.remove(&k), usize::try_from(k)) {
                    self.dense[at] = Some(f);
                    self.filled += 1;
                }
            }
        }
        match self.dense.get_mut(i) {
            Some(slot) => {
                if slot.replace(fact).is_none() {
                    self.filled += 1;
                }
            }
            None => {
                self.sparse.insert(id, fact);
            }
        }
    }

    /// Every id held, the vector's in order first.
    #[cfg(test)]
    fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        let dense = self.dense.iter().enumerate().filter(|(_, f)| f.is_some()).map(|(i, _)| i as i64);
        dense.chain(self.sparse.keys().copied())
    }

    fn remove(&mut self, id: i64) {
        if let Some(slot) = usize::try_from(id).ok().and_then(|i| self.dense.get_mut(i)) {
            if slot.take().is_some() {
                self.filled -= 1;
            }
        }
        self.sparse.remove(&id);
    }
}

impl<T> Default for Rows<T> {
    fn default() -> Self {
        Rows { dense: Vec::new(), filled: 0, sparse: FxHashMap::default() }
    }
}

/// A list order's key of one deal, compared as SQLite compares it.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Int(i64),
    Text(&'a [u8]),
}

/// A text search's matches counted by `Facts::tally`.
pub struct Tally {
    /// Each facet's values and counts (kind, status, entity, state, year), most first;
    /// empty when not counted.
    pub counts: Vec<Vec<(String, i64)>>,
    /// The deals that pass every filter, as the tally's `Listing` says (empty for `Nothing`).
    pub passing: Vec<i64>,
    /// How many pass every filter.
    pub passed: i64,
}

/// The years counted in an array (others in a map): first, and one past the last.
const YEARS: (usize, usize) = (1900, 2156);

/// A state code's slot among two capital letters.
fn state_slot(s: &[u8; 2]) -> Option<usize> {
    let [a, b] = *s;
    (a.is_ascii_uppercase() && b.is_ascii_uppercase()).then(|| usize::from(a - b'A') * 26 + usize::from(b - b'A'))
}

/// A year's slot, when it is four digits within `YEARS` (stored text, so checked).
fn year_slot(y: &[u8]) -> Option<usize> {
    let digits: &[u8; 4] = y.try_into().ok()?;
    // Worked out from the bytes: parsing text per match was a measurable part of a tally.
    let n = digits.iter().try_fold(0usize, |n, c| c.is_ascii_digit().then(|| n * 10 + usize::from(c - b'0')))?;
    (YEARS.0..YEARS.1).contains(&n).then(|| n - YEARS.0)
}

/// One facet's counts while tallying: values with a slot in an array, any other (an odd
/// stored value) by its text in a map, so it is still counted, only slower.
struct Counter<'a, const N: usize> {
    slots: [i64; N],
    other: FxHashMap<&'a str, i64>,
}

impl<const N: usize> Default for Counter<'_, N> {
    fn default() -> Self {
        Counter { slots: [0; N], other: FxHashMap::default() }
    }
}

impl<'a, const N: usize> Counter<'a, N> {
    /// Counts a value: by its slot when it has one that fits, else by its text (worked out
    /// only then: it was a tenth of a tally's time).
    fn add(&mut self, slot: Option<usize>, text: impl FnOnce() -> Option<&'a str>) {
        match slot.and_then(|i| self.slots.get_mut(i)) {
            Some(n) => *n += 1,
            None => {
                if let Some(t) = text() {
                    *self.other.entry(t).or_default() += 1;
                }
            }
        }
    }

    /// Adds another share's counts.
    fn merge(&mut self, other: Self) {
        for (n, m) in self.slots.iter_mut().zip(other.slots) {
            *n += m;
        }
        for (k, n) in other.other {
            *self.other.entry(k).or_default() += n;
        }
    }

    /// Every value counted, as text (`name` gives a slot's), with its count.
    fn into_counts(self, name: impl Fn(usize) -> String) -> Vec<(String, i64)> {
        let slots = self.slots.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| (name(i), *n));
        slots.chain(self.other.into_iter().map(|(k, n)| (k.to_string(), n))).collect()
    }
}

/// The filters' values in the form the facts compare, worked out once per tally.
struct Test<'f> {
    from: Option<String>,
    to: Option<String>,
    state: Option<&'f [u8]>,
}

impl<'f> Test<'f> {
    fn new(f: &'f DealFilter) -> Self {
        Test { from: f.from.map(|d| d.to_iso()), to: f.to.map(|d| d.to_iso()), state: f.state.as_deref().map(str::as_bytes) }
    }

    /// None when a filter that is not a facet (place, amount, disclosed) fails; else
    /// whether each facet's filter holds: kind, status, entity, state, year.
    fn verdict(&self, d: &Fact, f: &DealFilter, scope: &Scope) -> Option<[bool; 5]> {
        let in_place = scope.governments.as_ref().is_none_or(|g| g.contains(&d.jurisdiction))
            && scope.state.as_deref().is_none_or(|s| d.state().map(|x| &x[..]) == Some(s.as_bytes()));
        let amount_ok =
            f.min.is_none_or(|m| d.amount().is_some_and(|a| a >= m)) && f.max.is_none_or(|m| d.amount().is_some_and(|a| a <= m));
        if !in_place || !amount_ok || f.disclosed.is_some_and(|dis| dis != d.disclosed) {
            return None;
        }
        let date = d.date().map(Date::as_bytes);
        let year_ok = self.from.as_deref().is_none_or(|from| date.is_some_and(|x| x >= from.as_bytes()))
            && self.to.as_deref().is_none_or(|to| date.is_some_and(|x| x.get(..to.len()).unwrap_or(x) <= to.as_bytes()));
        Some([
            f.kinds.is_empty() || f.kinds.contains(&d.kind),
            f.statuses.is_empty() || f.statuses.contains(&d.status),
            scope.family.as_ref().is_none_or(|fam| fam.contains(&d.entity)),
            self.state.is_none_or(|s| d.state().map(|x| &x[..]) == Some(s)),
            year_ok,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(jurisdiction: i64) -> Fact {
        Fact {
            kind: DealKind::CloudContract,
            status: DealStatus::Active,
            entity: 1,
            state: [0, 0],
            date: Date { text: [0; 10], len: 0 },
            amount: NO_AMOUNT,
            disclosed: false,
            jurisdiction,
        }
    }

    #[test]
    fn odd_stored_values_are_counted_by_their_text() {
        let mut rows = Rows::default();
        let dates = ["2021-05", "0999", "2021", "12345-01", "2155-12-31"];
        let states = [*b"VA", *b"va", *b"VA", *b"V1", *b"WY"];
        for (i, (date, state)) in dates.iter().zip(states).enumerate() {
            rows.insert(i as i64, Fact { date: Date::new(date).unwrap(), state, ..fact(1) });
        }
        let facts = Facts { rows, keys: Rows::default(), slots: Vec::new(), until: None, version: Some(1) };
        let t = facts.tally(&[0, 1, 2, 3, 4], &DealFilter::default(), &Scope::default());
        let pairs = |v: &Vec<(String, i64)>| v.iter().map(|(k, n)| format!("{k}:{n}")).collect::<Vec<_>>().join(" ");
        assert_eq!(pairs(&t.counts[3]), "VA:2 V1:1 WY:1 va:1");
        assert_eq!(pairs(&t.counts[4]), "2021:2 0999:1 1234:1 2155:1");
        assert_eq!(pairs(&t.counts[0]), "cloud_contract:5");
        assert_eq!(t.passing, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_fact_fits_in_40_bytes() {
        assert!(std::mem::size_of::<Option<Fact>>() <= 40, "{}", std::mem::size_of::<Option<Fact>>());
    }

    #[test]
    fn odd_ids_are_kept_apart_and_found_like_the_rest() {
        let mut rows = Rows::default();
        for id in [1, 2, 3, 1_000_000_000_000, -5, 70_000] {
            rows.insert(id, fact(id));
        }
        assert!(rows.dense.len() < 70_001, "a far id doesn't grow the vector: {}", rows.dense.len());
        for id in [1, 2, 3, 1_000_000_000_000, -5, 70_000] {
            assert_eq!(rows.get(&id).map(|f| f.jurisdiction), Some(id), "{id}");
        }
        assert!(rows.get(&4).is_none() && rows.get(&999).is_none());
        rows.remove(2);
        rows.remove(1_000_000_000_000);
        assert!(rows.get(&2).is_none() && rows.get(&1_000_000_000_000).is_none());
        rows.insert(2, fact(7));
        assert_eq!(rows.get(&2).map(|f| f.jurisdiction), Some(7));
        assert_eq!(rows.filled, 3, "1, 2 and 3 in the vector");
    }

    #[test]
    fn an_id_kept_apart_moves_in_when_the_vector_grows_to_it() {
        let mut rows = Rows::default();
        rows.insert(1, fact(1));
        rows.insert(100_011, fact(100_011));
        assert!(rows.dense.len() < 100_000, "kept apart at first");
        for id in 2..100_011 {
            rows.insert(id, fact(id));
        }
        rows.insert(100_012, fact(100_012));
        assert_eq!(rows.get(&100_011).map(|f| f.jurisdiction), Some(100_011), "still found");
        rows.insert(100_011, fact(7));
        assert_eq!(rows.ids().filter(|id| *id == 100_011).count(), 1, "held once");
        assert_eq!(rows.ids().count(), 100_012);
        rows.remove(100_011);
        assert!(rows.get(&100_011).is_none());
        assert_eq!(rows.ids().count(), 100_011);
    }
}
