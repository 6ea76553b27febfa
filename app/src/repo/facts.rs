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

use crate::model::{
    filter::{DealFilter, Sort},
    DealKind, DealStatus,
};
use rustc_hash::FxHashMap;
use sqlx::SqliteConnection;
use std::collections::HashSet;

/// What the filters and facets read of one public deal. Kept small and free of pointers:
/// a search tallies thousands of these, and each pointer followed is a likely cache miss.
#[derive(Clone, Debug)]
struct Fact {
    kind: DealKind,
    status: DealStatus,
    entity: i64,
    state: Option<[u8; 2]>,
    /// Approved, else announced, else start date, as stored ("2021", "2021-05", "2021-05-04").
    date: Option<Date>,
    amount: Option<i64>,
    disclosed: bool,
    jurisdiction: i64,
    /// When it was recorded, and its approval date: the keys of the newest and approval
    /// orders.
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

    fn year(&self) -> Option<&str> {
        std::str::from_utf8(self.as_bytes().get(..4)?).ok()
    }
}

/// The public deals' facts, as of a data version.
#[derive(Default)]
pub struct Facts {
    rows: Rows,
    /// The latest `updated_at` read: the next refresh reads from a little before it.
    until: Option<String>,
    /// The data version the copy is current for; None before the first load.
    version: Option<u64>,
}

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
        let filter = if since.is_some() { "d.updated_at >= ?" } else { "d.published = 1 AND d.deleted_at IS NULL" };
        // One JSON value: a hundred thousand rows one by one through the driver cost more
        // than reading them.
        let sql = format!(
            "SELECT coalesce(json_group_array(json_array(d.id, d.kind, d.status, d.entity_id, d.state_usps,
                coalesce(d.approved_on, d.announced_on, d.starts_on), d.amount_cents, d.amount_disclosed, d.jurisdiction_id,
                d.published = 1 AND d.deleted_at IS NULL, d.updated_at, d.created_at, d.approved_on)), '[]')
             FROM deals d WHERE {filter}"
        );
        let query = sqlx::query_scalar(&sql);
        let query = match &since {
            Some(since) => query.bind(since),
            None => query,
        };
        let json: String = query.fetch_one(&mut *conn).await?;
        let read: Vec<Read> = serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        if since.is_none() {
            self.rows = Rows::default();
        }
        for (id, kind, status, entity, state, date, amount, disclosed, jurisdiction, public, updated, created, approved) in read {
            if self.until.as_deref().is_none_or(|u| updated.as_str() > u) {
                self.until = Some(updated);
            }
            match (public == 1, DealKind::from_code(&kind), DealStatus::from_code(&status)) {
                (true, Some(kind), Some(status)) => {
                    let state = state.and_then(|s| s.as_bytes().try_into().ok());
                    let date = date.as_deref().and_then(Date::new);
                    let (created, approved) = (Stamp::new(&created), approved.as_deref().and_then(Date::new));
                    self.rows.insert(
                        id,
                        Fact { kind, status, entity, state, date, amount, disclosed: disclosed == 1, jurisdiction, created, approved },
                    );
                }
                _ => {
                    self.rows.remove(id);
                }
            }
        }
        self.version = Some(version);
        Ok(())
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
    /// in the order of `ids`.
    pub fn tally(&self, ids: &[i64], f: &DealFilter, scope: &Scope) -> Tally {
        self.tally_over(ids.iter().copied(), f, scope, true)
    }

    /// The same counts over every public deal (a view without text), without the list.
    pub fn tally_all(&self, f: &DealFilter, scope: &Scope) -> Tally {
        self.tally_over(self.rows.ids(), f, scope, false)
    }

    fn tally_over(&self, ids: impl Iterator<Item = i64>, f: &DealFilter, scope: &Scope, list: bool) -> Tally {
        let test = Test::new(f);
        // Counted by index into arrays while tallying, made into text once at the end: a
        // hash probe on a text key per match and facet was most of the tally.
        let mut kind = Counter::<32>::default();
        let mut status = Counter::<32>::default();
        let mut state = Counter::<{ 26 * 26 }>::default();
        let mut year = Counter::<{ YEARS.1 - YEARS.0 }>::default();
        let mut entities: FxHashMap<i64, i64> = FxHashMap::default();
        let mut passing = Vec::new();
        let mut passed = 0;
        for id in ids {
            let Some(d) = self.rows.get(&id) else { continue };
            let Some(ok) = test.verdict(d, f, scope) else { continue };
            let failing = ok.iter().filter(|o| !**o).count();
            if failing == 0 {
                passed += 1;
                if list {
                    passing.push(id);
                }
            } else if failing > 1 {
                continue;
            }
            // Counted for a facet when every other filter holds.
            let counts = |i: usize| failing == 0 || !ok[i];
            if counts(0) {
                kind.add(Some(d.kind as usize), d.kind.code());
            }
            if counts(1) {
                status.add(Some(d.status as usize), d.status.code());
            }
            if counts(2) {
                *entities.entry(d.entity).or_default() += 1;
            }
            if let (true, Some(s)) = (counts(3), d.state.as_ref()) {
                if let Ok(text) = std::str::from_utf8(s) {
                    state.add(state_slot(s), text);
                }
            }
            if let (true, Some(y)) = (counts(4), d.date.as_ref().and_then(Date::year)) {
                year.add(year_slot(y), y);
            }
        }
        let sorted = |mut v: Vec<(String, i64)>| {
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        let kind_code = |i: usize| DealKind::ALL.iter().find(|k| **k as usize == i).map(|k| k.code().to_string()).unwrap_or_default();
        let status_code = |i: usize| DealStatus::ALL.iter().find(|k| **k as usize == i).map(|k| k.code().to_string()).unwrap_or_default();
        let counts = vec![
            sorted(kind.into_counts(kind_code)),
            sorted(status.into_counts(status_code)),
            sorted(entities.into_iter().map(|(k, n)| (k.to_string(), n)).collect()),
            sorted(state.into_counts(|i| String::from_utf8_lossy(&[b'A' + (i / 26) as u8, b'A' + (i % 26) as u8]).into_owned())),
            sorted(year.into_counts(|i| (YEARS.0 + i).to_string())),
        ];
        Tally { counts, passing, passed }
    }

    /// Puts `ids` (deals in the copy) in a list order other than relevance, as
    /// `browse::page_ids` orders them (key descending, then id descending), and keeps only
    /// those after the cursor `after` ("key~id") when there is one.
    pub fn order(&self, ids: &mut Vec<i64>, sort: Sort, after: Option<&str>) {
        let key = |id: &i64| -> Key<'_> {
            let d = self.rows.get(id);
            match sort {
                Sort::Amount => Key::Int(d.and_then(|d| d.amount).unwrap_or(-1)),
                Sort::Approved => Key::Text(d.and_then(|d| d.approved.as_ref()).map(Inline::as_bytes).unwrap_or_default()),
                Sort::Newest | Sort::Relevance => Key::Text(d.and_then(|d| d.created.as_ref()).map(Inline::as_bytes).unwrap_or_default()),
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

    /// The public deals among `ids` that pass every filter, in the order of `ids`.
    pub fn passing(&self, ids: &[i64], f: &DealFilter, scope: &Scope) -> Vec<i64> {
        let test = Test::new(f);
        ids.iter()
            .copied()
            .filter(|id| self.rows.get(id).and_then(|d| test.verdict(d, f, scope)).is_some_and(|ok| ok.iter().all(|o| *o)))
            .collect()
    }
}

/// The facts by deal id: a vector indexed by id while ids stay dense (they are SQLite row
/// ids, numbered in order), so a search's thousands of lookups are each one indexed load
/// rather than a hash probe; ids far beyond the others go to a map, so one odd id can't
/// make the vector huge.
#[derive(Default)]
struct Rows {
    dense: Vec<Option<Fact>>,
    /// How many of `dense` are Some.
    filled: usize,
    sparse: FxHashMap<i64, Fact>,
}

impl Rows {
    fn get(&self, id: &i64) -> Option<&Fact> {
        match usize::try_from(*id).ok().and_then(|i| self.dense.get(i)) {
            Some(Some(fact)) => Some(fact),
            _ => self.sparse.get(id),
        }
    }

    fn insert(&mut self, id: i64, fact: Fact) {
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

/// A list order's key of one deal, compared as SQLite compares it.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Int(i64),
    Text(&'a [u8]),
}

/// A text search's matches counted by `Facts::tally`.
pub struct Tally {
    /// Each facet's values and counts (kind, status, entity, state, year), most first.
    pub counts: Vec<Vec<(String, i64)>>,
    /// The deals that pass every filter, in the order they were given (when listed).
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
fn year_slot(y: &str) -> Option<usize> {
    let n: usize = y.parse().ok().filter(|_| y.len() == 4 && y.bytes().all(|c| c.is_ascii_digit()))?;
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
    /// Counts a value: by its slot when it has one that fits, else by its text.
    fn add(&mut self, slot: Option<usize>, text: &'a str) {
        match slot.and_then(|i| self.slots.get_mut(i)) {
            Some(n) => *n += 1,
            None => *self.other.entry(text).or_default() += 1,
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
            && scope.state.as_deref().is_none_or(|s| d.state.as_ref().map(|x| &x[..]) == Some(s.as_bytes()));
        let amount_ok = f.min.is_none_or(|m| d.amount.is_some_and(|a| a >= m)) && f.max.is_none_or(|m| d.amount.is_some_and(|a| a <= m));
        if !in_place || !amount_ok || f.disclosed.is_some_and(|dis| dis != d.disclosed) {
            return None;
        }
        let date = d.date.as_ref().map(Date::as_bytes);
        let year_ok = self.from.as_deref().is_none_or(|from| date.is_some_and(|x| x >= from.as_bytes()))
            && self.to.as_deref().is_none_or(|to| date.is_some_and(|x| x.get(..to.len()).unwrap_or(x) <= to.as_bytes()));
        Some([
            f.kinds.is_empty() || f.kinds.contains(&d.kind),
            f.statuses.is_empty() || f.statuses.contains(&d.status),
            scope.family.as_ref().is_none_or(|fam| fam.contains(&d.entity)),
            self.state.is_none_or(|s| d.state.as_ref().map(|x| &x[..]) == Some(s)),
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
            state: None,
            date: None,
            amount: None,
            disclosed: false,
            jurisdiction,
            created: None,
            approved: None,
        }
    }

    #[test]
    fn odd_stored_values_are_counted_by_their_text() {
        let mut rows = Rows::default();
        let dates = ["2021-05", "0999", "2021", "12345-01", "2155-12-31"];
        let states = [*b"VA", *b"va", *b"VA", *b"V1", *b"WY"];
        for (i, (date, state)) in dates.iter().zip(states).enumerate() {
            rows.insert(i as i64, Fact { date: Date::new(date), state: Some(state), ..fact(1) });
        }
        let facts = Facts { rows, until: None, version: Some(1) };
        let t = facts.tally(&[0, 1, 2, 3, 4], &DealFilter::default(), &Scope::default());
        let pairs = |v: &Vec<(String, i64)>| v.iter().map(|(k, n)| format!("{k}:{n}")).collect::<Vec<_>>().join(" ");
        assert_eq!(pairs(&t.counts[3]), "VA:2 V1:1 WY:1 va:1");
        assert_eq!(pairs(&t.counts[4]), "2021:2 0999:1 1234:1 2155:1");
        assert_eq!(pairs(&t.counts[0]), "cloud_contract:5");
        assert_eq!(t.passing, vec![0, 1, 2, 3, 4]);
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
