//! A write's change to the counts, scope by scope, held compactly until it is merged into the
//! stored counts. An import counts a window of many thousands of new deals at once, touching
//! most governments, and the larger the window the fewer times each scope is read, parsed and
//! written back. The change to one scope is a few numbers under codes for its keys, not the
//! five maps of strings a [`Counts`] holds (about 2 KB each even for one deal), so a large
//! window fits in memory.

use super::{scopes, Counted, Counts, Place, Scope};
use std::collections::{BTreeMap, HashMap};

/// The map of [`Counts`] a key belongs to, in a code's low three bits.
#[derive(Clone, Copy)]
enum Field {
    Kind = 0,
    Status = 1,
    Entity = 2,
    Year = 3,
    State = 4,
}

/// The change to one scope's counts; its numbers may be negative.
#[derive(Debug, Default)]
pub(super) struct Change {
    /// Public deals.
    pub(super) deals: i64,
    /// Their disclosed amounts.
    cents: i64,
    /// Governments with a public deal.
    governments: i64,
    /// The latest change to a deal counted (moves only forward).
    latest: Option<String>,
    /// Deals and cents by key (its code from [`Keys::code`]), sorted by code. Years and
    /// states count deals only.
    entries: Vec<(u32, [i64; 2])>,
}

impl Change {
    fn add(&mut self, code: u32, deals: i64, cents: i64) {
        match self.entries.binary_search_by_key(&code, |e| e.0) {
            Ok(at) => {
                if let Some(e) = self.entries.get_mut(at) {
                    e.1[0] += deals;
                    e.1[1] += cents;
                }
            }
            Err(at) => self.entries.insert(at, (code, [deals, cents])),
        }
    }
}

/// The keys a delta's entries name, each held once.
#[derive(Default)]
struct Keys {
    codes: HashMap<String, u32>,
    names: Vec<String>,
}

impl Keys {
    /// A key's code: its number among the names, and its field.
    fn code(&mut self, field: Field, name: &str) -> u32 {
        let id = match self.codes.get(name) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                self.names.push(name.to_owned());
                self.codes.insert(name.to_owned(), id);
                id
            }
        };
        (id << 3) | field as u32
    }
}

/// The changes to the counts of one write (or an import's window), by scope.
#[derive(Default)]
pub(super) struct Delta {
    scopes: BTreeMap<Scope, Change>,
    keys: Keys,
}

impl Delta {
    /// Adds (`sign` 1) or takes away (-1) what one deal counts for, in every scope it counts in.
    pub(super) fn count(&mut self, c: &Counted, sign: i64) {
        let codes = [
            Some(self.keys.code(Field::Kind, &c.keys[0])),
            Some(self.keys.code(Field::Status, &c.keys[1])),
            Some(self.keys.code(Field::Entity, &c.keys[2])),
            (!c.year.is_empty()).then(|| self.keys.code(Field::Year, &c.keys[3])),
            c.state_usps.as_deref().map(|s| self.keys.code(Field::State, s)),
        ];
        let cents = sign * c.cents;
        for scope in scopes(c.jurisdiction_id, &c.place) {
            let change = self.scopes.entry(scope).or_default();
            change.deals += sign;
            change.cents += cents;
            if sign > 0 && change.latest.as_deref().is_none_or(|l| l < c.updated_at.as_str()) {
                change.latest = Some(c.updated_at.clone());
            }
            for (field, code) in codes.iter().enumerate() {
                if let Some(code) = code {
                    // Kind, status and company carry amounts; years and states only deals.
                    change.add(*code, sign, if field < Field::Year as usize { cents } else { 0 });
                }
            }
        }
    }

    /// One government more (`sign` 1) or fewer (-1) with a public deal, where `p` places it.
    pub(super) fn governments(&mut self, jurisdiction: i64, p: &Place, sign: i64) {
        for scope in scopes(jurisdiction, p) {
            self.scopes.entry(scope).or_default().governments += sign;
        }
    }

    /// The change to the number of a government's own public deals.
    pub(super) fn own_deals(&self, jurisdiction: i64) -> i64 {
        self.scopes.get(&("own", jurisdiction.to_string())).map_or(0, |c| c.deals)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// Each scope's change, and the names its entries' codes stand for.
    pub(super) fn into_parts(self) -> (Vec<(Scope, Change)>, Vec<String>) {
        (self.scopes.into_iter().collect(), self.keys.names)
    }
}

impl Counts {
    /// These counts with a change added (`names` from [`Delta::into_parts`]); entries that
    /// reach zero go.
    pub(super) fn plus(mut self, d: &Change, names: &[String]) -> Counts {
        self.deals += d.deals;
        self.cents += d.cents;
        self.governments += d.governments;
        if d.latest > self.latest {
            self.latest = d.latest.clone();
        }
        for &(code, [deals, cents]) in &d.entries {
            let Some(name) = names.get((code >> 3) as usize) else { continue };
            let pair = |m: &mut BTreeMap<String, [i64; 2]>| {
                let e = m.entry(name.clone()).or_default();
                e[0] += deals;
                e[1] += cents;
            };
            let one = |m: &mut BTreeMap<String, i64>| *m.entry(name.clone()).or_default() += deals;
            match code & 7 {
                0 => pair(&mut self.kind),
                1 => pair(&mut self.status),
                2 => pair(&mut self.entity),
                3 => one(&mut self.year),
                _ => one(&mut self.state),
            }
        }
        for m in [&mut self.kind, &mut self.status, &mut self.entity] {
            m.retain(|_, v| *v != [0, 0]);
        }
        for m in [&mut self.year, &mut self.state] {
            m.retain(|_, v| *v != 0);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(jurisdiction: i64, kind: &str, year: &str, cents: i64, updated_at: &str) -> Counted {
        let place = Place { parent_id: Some(7), place_state: "VA".into(), is_state: false };
        let basis = if cents > 0 { "maximum" } else { "" };
        Counted {
            jurisdiction_id: jurisdiction,
            state_usps: Some("VA".into()),
            year: year.into(),
            cents,
            updated_at: updated_at.into(),
            place,
            keys: [format!("{kind}/{basis}"), format!("active/{basis}"), format!("2/{basis}"), format!("{year}/{kind}")],
        }
    }

    /// What the compact change adds to stored counts is what counting each deal into the
    /// stored maps gives: the same keys, sums and latest change, and keys that reach zero go.
    #[test]
    fn a_compact_change_adds_what_each_deal_counts_for() {
        let a = deal(11, "cloud_contract", "2021", 500, "2026-01-02T00:00:00Z");
        let b = deal(11, "tax_abatement", "", 0, "2026-01-03T00:00:00Z");
        let c = deal(12, "cloud_contract", "2021", 250, "2026-01-01T00:00:00Z");
        let mut delta = Delta::default();
        for d in [&a, &b, &c] {
            delta.count(d, 1);
        }
        delta.count(&c, -1);
        delta.governments(11, &a.place, 1);
        assert_eq!(delta.own_deals(11), 2);
        assert_eq!(delta.own_deals(12), 0, "counted and taken away");
        let (scopes, names) = delta.into_parts();
        let stored = Counts {
            deals: 1,
            cents: 250,
            governments: 1,
            kind: BTreeMap::from([("cloud_contract/maximum".into(), [1, 250])]),
            year: BTreeMap::from([("2021/cloud_contract".into(), 1)]),
            ..Counts::default()
        };
        let own = scopes.iter().find(|(s, _)| *s == ("own", "11".to_string())).map(|(_, d)| d);
        let merged = stored.plus(own.expect("own scope"), &names);
        assert_eq!(merged.deals, 3);
        assert_eq!(merged.cents, 750);
        assert_eq!(merged.governments, 2);
        assert_eq!(merged.latest.as_deref(), Some("2026-01-03T00:00:00Z"));
        assert_eq!(merged.kind.get("cloud_contract/maximum"), Some(&[2, 750]));
        assert_eq!(merged.kind.get("tax_abatement/"), Some(&[1, 0]));
        assert_eq!(merged.status.get("active/maximum"), Some(&[1, 500]));
        assert_eq!(merged.entity.get("2/"), Some(&[1, 0]));
        assert_eq!(merged.year.get("2021/cloud_contract"), Some(&2), "the deal without a year has none");
        assert_eq!(merged.year.len(), 1);
        assert_eq!(merged.state.get("VA"), Some(&2));
        // Deal 12's scope: counted and taken away, so its entries are all zero and go.
        let twelve = scopes.iter().find(|(s, _)| *s == ("own", "12".to_string())).map(|(_, d)| d);
        let gone = Counts::default().plus(twelve.expect("own scope"), &names);
        assert!(gone.is_empty(), "{gone:?}");
        // The county's scope holds both governments' deals.
        let county = scopes.iter().find(|(s, _)| *s == ("within", "7".to_string())).map(|(_, d)| d);
        assert_eq!(Counts::default().plus(county.expect("county scope"), &names).deals, 2);
    }
}
