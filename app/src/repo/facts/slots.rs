//! Each public deal's facets packed in 8 bytes, beside its facts ([`Facts::slots`]): a view
//! whose filters are only facets (kind, status, company, state, whole years) is tested and
//! counted from these. At a million deals they are 8 MB, which stays in the processor's
//! cache, where the facts (40 MB) do not: a search for a word in most deals waited on
//! memory for most of its tally. A view that filters by more (a place, an amount,
//! disclosure, a month or day), and a deal with an odd stored value, are tallied from the
//! facts as before.

use super::{state_slot, year_slot, Fact, Scope, DENSE_ENTITIES};
use crate::model::filter::DealFilter;

/// A deal's slot, by id: 0 when the copy holds no deal of that id.
pub(super) type Slot = u64;

/// Set in every deal's slot.
const PRESENT: Slot = 1 << 63;
/// A deal with a stored value that has no slot: tallied from its facts.
pub(super) const ODD: Slot = 1 << 62;
/// No state; no date (the largest values of their fields).
const NO_STATE: u64 = (1 << 10) - 1;
const NO_YEAR: u64 = (1 << 9) - 1;

/// The facets of a slot (for tests): kind, status, state, year (slots as the counters
/// number them) and company (an id below `DENSE_ENTITIES`).
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Unpacked {
    pub kind: usize,
    pub status: usize,
    pub state: Option<usize>,
    pub year: Option<usize>,
    pub entity: usize,
}

/// The slot of a deal's facts.
pub(super) fn pack(d: &Fact) -> Slot {
    let state = match d.state() {
        None => NO_STATE,
        Some(s) => match state_slot(s) {
            Some(i) => i as u64,
            None => return PRESENT | ODD,
        },
    };
    let year = match d.date() {
        None => NO_YEAR,
        Some(date) => match date.as_bytes().get(..4).and_then(year_slot) {
            Some(i) => i as u64,
            None => return PRESENT | ODD,
        },
    };
    let (kind, status) = (d.kind as u64, d.status as u64);
    match usize::try_from(d.entity).ok().filter(|e| *e < DENSE_ENTITIES) {
        Some(entity) if kind < 32 && status < 32 => {
            PRESENT | kind << KIND.0 | status << STATUS.0 | state << STATE.0 | year << YEAR.0 | (entity as u64) << ENTITY.0
        }
        _ => PRESENT | ODD,
    }
}

/// A slot's facets; None for an empty slot or an odd deal's.
#[cfg(test)]
pub(super) fn unpack(s: Slot) -> Option<Unpacked> {
    if s & PRESENT == 0 || s & ODD != 0 {
        return None;
    }
    let (state, year) = (field(s, STATE), field(s, YEAR));
    Some(Unpacked {
        kind: field(s, KIND),
        status: field(s, STATUS),
        state: (state != NO_STATE as usize).then_some(state),
        year: (year != NO_YEAR as usize).then_some(year),
        entity: field(s, ENTITY),
    })
}

/// Where each facet sits in a slot: its shift and its width in bits.
pub(super) const KIND: (u32, u32) = (0, 5);
pub(super) const STATUS: (u32, u32) = (5, 5);
pub(super) const STATE: (u32, u32) = (10, 10);
pub(super) const YEAR: (u32, u32) = (20, 9);
pub(super) const ENTITY: (u32, u32) = (29, 16);

/// One facet of a slot.
#[inline]
pub(super) fn field(s: Slot, (shift, bits): (u32, u32)) -> usize {
    ((s >> shift) & ((1 << bits) - 1)) as usize
}

/// A slot's state and year, None for no state or no date.
#[inline]
pub(super) fn state_and_year(s: Slot) -> (Option<usize>, Option<usize>) {
    let (state, year) = (field(s, STATE), field(s, YEAR));
    ((state != NO_STATE as usize).then_some(state), (year != NO_YEAR as usize).then_some(year))
}

/// Bits of [`SlotTest::fails`], one per facet, in the order of `Test::verdict`'s.
pub(super) const FAILS_KIND: u32 = 1;
pub(super) const FAILS_STATUS: u32 = 1 << 1;
pub(super) const FAILS_ENTITY: u32 = 1 << 2;
pub(super) const FAILS_STATE: u32 = 1 << 3;
pub(super) const FAILS_YEAR: u32 = 1 << 4;

/// A view's filters as tests of a slot: the same verdicts as `Test::verdict` gives from
/// the facts, for views whose filters are only facets.
pub(super) struct SlotTest {
    /// Bit per kind that passes (every bit without a kind filter); the same for statuses.
    kinds: u32,
    statuses: u32,
    /// Bit per company id that passes, when filtered by a company.
    family: Option<Vec<u64>>,
    /// The state filter's slot (`usize::MAX` for a state no deal can have).
    state: Option<usize>,
    /// The year slots that pass, first and last (of whole years `from` and `to`).
    years: (usize, usize),
    /// Whether any filter is of years.
    by_year: bool,
}

impl SlotTest {
    /// None when the view filters by more than a deal's facets.
    pub(super) fn new(f: &DealFilter, scope: &Scope) -> Option<SlotTest> {
        if scope.governments.is_some() || scope.state.is_some() || f.min.is_some() || f.max.is_some() || f.disclosed.is_some() {
            return None;
        }
        // A date filter of a whole year compares as the year does (`Test` compares text).
        let year = |d: Option<crate::model::dates::PartialDate>| match d {
            None => Some(None),
            Some(d) if d.month.is_none() => year_slot(format!("{:04}", d.year).as_bytes()).map(Some),
            Some(_) => None,
        };
        let (from, to) = (year(f.from)?, year(f.to)?);
        let mask = |bits: &mut dyn Iterator<Item = usize>| bits.fold(0u32, |m, i| m | 1u32.checked_shl(i as u32).unwrap_or(0));
        let kinds = if f.kinds.is_empty() { u32::MAX } else { mask(&mut f.kinds.iter().map(|k| *k as usize)) };
        let statuses = if f.statuses.is_empty() { u32::MAX } else { mask(&mut f.statuses.iter().map(|k| *k as usize)) };
        let state = f.state.as_deref().map(|s| s.as_bytes().try_into().ok().and_then(state_slot).unwrap_or(usize::MAX));
        // Companies beyond the bits are odd deals' (tallied from their facts), so left out.
        let family = scope.family.as_ref().map(|fam| {
            let mut bits = vec![0u64; DENSE_ENTITIES / 64];
            for e in fam.iter().filter_map(|e| usize::try_from(*e).ok()).filter(|e| *e < DENSE_ENTITIES) {
                bits[e / 64] |= 1 << (e % 64);
            }
            bits
        });
        let years = (from.unwrap_or(0), to.unwrap_or(usize::MAX));
        Some(SlotTest { kinds, statuses, family, state, years, by_year: from.is_some() || to.is_some() })
    }

    /// The filters a usual deal's slot fails, a `FAILS_` bit each: `Test::verdict`'s
    /// verdicts, worked out from the packed bits as they are, since this runs once per match
    /// of a search (unpacking each match's facets first was a measurable part of a tally).
    #[inline]
    pub(super) fn fails(&self, s: Slot) -> u32 {
        let mut fails = (!self.kinds >> field(s, KIND)) & 1 | ((!self.statuses >> field(s, STATUS)) & 1) << 1;
        if let Some(bits) = &self.family {
            let e = field(s, ENTITY);
            fails |= (((!bits[e / 64]) >> (e % 64)) as u32 & 1) << 2;
        }
        if let Some(state) = self.state {
            fails |= u32::from(field(s, STATE) != state) << 3;
        }
        if self.by_year {
            let y = field(s, YEAR);
            fails |= u32::from(y == NO_YEAR as usize || y < self.years.0 || y > self.years.1) << 4;
        }
        fails
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Facts, Read, Scope};
    use super::*;
    use crate::model::{DealKind, DealStatus};

    /// Deals of every kind and status, with states, dates and companies both usual and odd.
    fn reads() -> Vec<Read> {
        let states = [Some("VA"), Some("TX"), Some("va"), None];
        let dates = [Some("2019"), Some("2021-05"), Some("0999"), None, Some("2020-01-02"), Some("2155-12-31")];
        let entities = [1, 2, 70_000, 3];
        (1..=300i64)
            .map(|id| {
                let i = id as usize;
                let kind = DealKind::ALL[i % DealKind::ALL.len()].code().to_string();
                let status = DealStatus::ALL[i % DealStatus::ALL.len()].code().to_string();
                let (state, date) = (states[i % 4].map(str::to_string), dates[i % 6].map(str::to_string));
                let stamp = "2024-01-01T00:00:00Z".to_string();
                (id, kind, status, entities[i % 7 % 4], state, date, Some(id * 100), (id % 2), 9, 1, stamp.clone(), stamp, None)
            })
            .collect()
    }

    fn filter(view: &str) -> DealFilter {
        let pairs: Vec<(String, String)> =
            view.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        DealFilter::parse(&pairs).unwrap()
    }

    #[test]
    fn a_deals_slot_holds_its_facets_and_a_deal_with_an_odd_value_is_marked() {
        let mut facts = Facts::default();
        facts.take(reads());
        assert_eq!(facts.slots.len(), facts.rows.dense.len(), "a slot for every place in the vector");
        let (mut usual, mut odd) = (0, 0);
        for (i, fact) in facts.rows.dense.iter().enumerate() {
            let Some(d) = fact else {
                assert_eq!(facts.slots[i], 0, "{i}: no deal, no slot");
                continue;
            };
            match unpack(facts.slots[i]) {
                Some(u) => {
                    usual += 1;
                    assert_eq!((u.kind, u.status, u.entity as i64), (d.kind as usize, d.status as usize, d.entity), "{i}");
                    assert_eq!(u.state, d.state().and_then(state_slot), "{i}");
                    assert_eq!(u.year, d.date().and_then(|x| x.as_bytes().get(..4)).and_then(year_slot), "{i}");
                }
                None => {
                    odd += 1;
                    assert_ne!(facts.slots[i] & ODD, 0, "{i}");
                    let odd_state = d.state().is_some_and(|s| state_slot(s).is_none());
                    let odd_date = d.date().is_some_and(|x| x.as_bytes().get(..4).and_then(year_slot).is_none());
                    assert!(odd_state || odd_date || d.entity >= DENSE_ENTITIES as i64, "{i}: odd for a reason");
                }
            }
        }
        assert!(usual > 50 && odd > 50, "{usual} usual, {odd} odd");
    }

    #[test]
    fn views_filtering_only_by_facets_are_tested_by_slot_and_others_by_the_facts() {
        let family = Scope { family: Some([1, 70_000].into()), ..Scope::default() };
        for (view, scope, quick) in [
            ("", Scope::default(), true),
            ("kind=tax_abatement&kind=cloud_contract&status=active&state=va&from=2019&to=2021", Scope::default(), true),
            ("entity=1", family, true),
            ("from=2019-05", Scope::default(), false),
            ("to=2021-05-04", Scope::default(), false),
            ("min=100", Scope::default(), false),
            ("disclosed=yes", Scope::default(), false),
            ("", Scope { governments: Some([9].into()), ..Scope::default() }, false),
            ("", Scope { state: Some("VA".into()), ..Scope::default() }, false),
        ] {
            assert_eq!(SlotTest::new(&filter(view), &scope).is_some(), quick, "{view}");
        }
    }

    /// Tallied by slot, a view counts what the facts count: the same facet counts, the same
    /// deals passing, for every filter a slot can test, with odd deals among them.
    #[test]
    fn a_tally_by_slot_equals_a_tally_by_the_facts() {
        let mut slotted = Facts::default();
        slotted.take(reads());
        // Changes after: a deal gone, one changed, one far beyond the rest (kept apart).
        let mut later = reads().into_iter().filter(|r| r.0 == 40 || r.0 == 41).collect::<Vec<_>>();
        later[0].9 = 0;
        later[1].4 = Some("WY".into());
        let mut far = later[1].clone();
        far.0 = 1_000_000_000;
        later.push(far);
        slotted.take(later.clone());
        let mut plain = Facts::default();
        plain.take(reads());
        plain.take(later);
        plain.slots.clear();
        let ids: Vec<i64> = (0..=301).chain([1_000_000_000]).collect();
        let family = Scope { family: Some([1, 70_000].into()), ..Scope::default() };
        let views = [
            "",
            "kind=tax_abatement",
            "status=active&status=proposed",
            "state=va",
            "state=wy",
            "from=2020",
            "to=2019",
            "from=2019&to=2021&kind=cloud_contract",
        ];
        for view in views {
            for scope in [&Scope::default(), &family] {
                let f = filter(view);
                let (a, b) = (slotted.tally(&ids, &f, scope), plain.tally(&ids, &f, scope));
                assert_eq!((&a.counts, &a.passing, a.passed), (&b.counts, &b.passing, b.passed), "{view}");
                assert!(a.passed > 0 || view.contains("wy") || view.contains("2019&to"), "{view}: {}", a.passed);
            }
        }
        // A state no deal can have (the parser upper-cases a state, so made here): none passes,
        // and every deal is still counted under the state facet.
        let nowhere = DealFilter { state: Some("v1".into()), ..DealFilter::default() };
        assert!(SlotTest::new(&nowhere, &Scope::default()).is_some(), "tested by slot");
        let (a, b) = (slotted.tally(&ids, &nowhere, &Scope::default()), plain.tally(&ids, &nowhere, &Scope::default()));
        assert_eq!((&a.counts, &a.passing, a.passed), (&b.counts, &b.passing, b.passed), "a state no deal has");
        assert_eq!(a.passed, 0);
        assert!(!a.counts[3].is_empty(), "counted by state");
        assert!(slotted.slots.iter().filter(|s| unpack(**s).is_some()).count() > 50, "most deals are tallied by slot");
    }
}
