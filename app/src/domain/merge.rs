//! Field-level three-way merge of deal versions, so two people editing one deal never undo
//! each other.
//!
//! An edit is the fields its author changed against the version they started from (`base`).
//! It applies onto the version shown now (`now`) when no field changed on both sides; a field
//! both sides changed to different values is a [`Conflict`], which the person resolves by
//! choosing a side. A field only the other side changed always keeps the other side's value,
//! so nothing committed disappears unless an edit changed that very field.
//!
//! The units merged are the deal's fields (an amount and its basis are one unit: the two only
//! make sense together) and each source, matched by its stable id.

use crate::model::{Deal, Source};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One unit of a deal that a merge compares.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FieldKey {
    Title,
    Government,
    Company,
    Kind,
    Status,
    Agency,
    Program,
    /// The amount with its basis (undisclosed when absent).
    Amount,
    Jobs,
    Announced,
    Approved,
    Starts,
    Ends,
    FacilityName,
    FacilityLocation,
    Description,
    /// The source with this id: present or absent, and its content.
    Source(String),
    /// The event with this id, the same way.
    Event(String),
}

/// The deal's own fields, in form order.
pub const DEAL_FIELDS: [FieldKey; 16] = [
    FieldKey::Title,
    FieldKey::Government,
    FieldKey::Company,
    FieldKey::Kind,
    FieldKey::Status,
    FieldKey::Agency,
    FieldKey::Program,
    FieldKey::Amount,
    FieldKey::Jobs,
    FieldKey::Announced,
    FieldKey::Approved,
    FieldKey::Starts,
    FieldKey::Ends,
    FieldKey::FacilityName,
    FieldKey::FacilityLocation,
    FieldKey::Description,
];

impl FieldKey {
    /// The key as a form carries it ("title", "source:9f3a01bc").
    pub fn code(&self) -> String {
        match self {
            FieldKey::Title => "title".into(),
            FieldKey::Government => "jurisdiction".into(),
            FieldKey::Company => "entity_id".into(),
            FieldKey::Kind => "kind".into(),
            FieldKey::Status => "status".into(),
            FieldKey::Agency => "agency".into(),
            FieldKey::Program => "program".into(),
            FieldKey::Amount => "amount".into(),
            FieldKey::Jobs => "jobs".into(),
            FieldKey::Announced => "announced".into(),
            FieldKey::Approved => "approved".into(),
            FieldKey::Starts => "starts".into(),
            FieldKey::Ends => "ends".into(),
            FieldKey::FacilityName => "facility_name".into(),
            FieldKey::FacilityLocation => "facility_location".into(),
            FieldKey::Description => "description".into(),
            FieldKey::Source(id) => format!("source:{id}"),
            FieldKey::Event(id) => format!("event:{id}"),
        }
    }

    /// A key from its form code.
    pub fn from_code(code: &str) -> Option<FieldKey> {
        let valid = |id: &str| !id.is_empty() && id.len() <= 16 && id.chars().all(|c| c.is_ascii_alphanumeric());
        if let Some(id) = code.strip_prefix("source:") {
            return valid(id).then(|| FieldKey::Source(id.to_string()));
        }
        if let Some(id) = code.strip_prefix("event:") {
            return valid(id).then(|| FieldKey::Event(id.to_string()));
        }
        DEAL_FIELDS.iter().find(|k| k.code() == code).cloned()
    }
}

fn source<'a>(s: &'a Deal, id: &str) -> Option<&'a Source> {
    s.sources.iter().find(|x| x.id == id)
}

/// Whether two versions hold the same value for a key.
pub fn same(a: &Deal, b: &Deal, key: &FieldKey) -> bool {
    let (x, y) = (a, b);
    match key {
        FieldKey::Title => x.title == y.title,
        FieldKey::Government => a.jurisdiction_id == b.jurisdiction_id,
        FieldKey::Company => x.entity_id == y.entity_id,
        FieldKey::Kind => x.kind == y.kind,
        FieldKey::Status => x.status == y.status,
        FieldKey::Agency => x.agency == y.agency,
        FieldKey::Program => x.program == y.program,
        FieldKey::Amount => (x.amount_cents, x.value_basis) == (y.amount_cents, y.value_basis),
        FieldKey::Jobs => x.jobs_promised == y.jobs_promised,
        FieldKey::Announced => x.announced == y.announced,
        FieldKey::Approved => x.approved == y.approved,
        FieldKey::Starts => x.starts == y.starts,
        FieldKey::Ends => x.ends == y.ends,
        FieldKey::FacilityName => x.facility_name == y.facility_name,
        FieldKey::FacilityLocation => x.facility_location == y.facility_location,
        FieldKey::Description => x.description == y.description,
        FieldKey::Source(id) => source(a, id) == source(b, id),
        FieldKey::Event(id) => a.events.iter().find(|e| &e.id == id) == b.events.iter().find(|e| &e.id == id),
    }
}

/// Sets `key` in `to` to its value in `from`. A source or event absent from `from` is
/// removed; one new to `to` goes after the one that precedes it in `from` (or first).
pub fn copy(to: &mut Deal, from: &Deal, key: &FieldKey) {
    let (t, f) = (to, from);
    match key {
        FieldKey::Title => t.title = f.title.clone(),
        FieldKey::Government => t.jurisdiction_id = f.jurisdiction_id,
        FieldKey::Company => t.entity_id = f.entity_id,
        FieldKey::Kind => t.kind = f.kind,
        FieldKey::Status => t.status = f.status,
        FieldKey::Agency => t.agency = f.agency.clone(),
        FieldKey::Program => t.program = f.program.clone(),
        FieldKey::Amount => {
            t.amount_cents = f.amount_cents;
            t.value_basis = f.value_basis;
        }
        FieldKey::Jobs => t.jobs_promised = f.jobs_promised,
        FieldKey::Announced => t.announced = f.announced,
        FieldKey::Approved => t.approved = f.approved,
        FieldKey::Starts => t.starts = f.starts,
        FieldKey::Ends => t.ends = f.ends,
        FieldKey::FacilityName => t.facility_name = f.facility_name.clone(),
        FieldKey::FacilityLocation => t.facility_location = f.facility_location.clone(),
        FieldKey::Description => t.description = f.description.clone(),
        FieldKey::Source(id) => copy_item(&mut t.sources, &f.sources, id, |s| &s.id),
        FieldKey::Event(id) => copy_item(&mut t.events, &f.events, id, |e| &e.id),
    }
}

/// Sets the item `id` of list `to` as list `from` has it: removed when `from` lacks it, new
/// ones after the nearest earlier item of `from` that `to` also has (or first).
fn copy_item<T: Clone>(to: &mut Vec<T>, from: &[T], id: &str, id_of: impl Fn(&T) -> &String) {
    let at = to.iter().position(|s| id_of(s) == id);
    match (at, from.iter().position(|s| id_of(s) == id)) {
        (Some(i), Some(j)) => to[i] = from[j].clone(),
        (Some(i), None) => {
            to.remove(i);
        }
        (None, Some(j)) => {
            let after = from[..j].iter().rev().find_map(|p| to.iter().position(|s| id_of(s) == id_of(p)));
            let i = after.map_or(0, |i| i + 1);
            to.insert(i, from[j].clone());
        }
        (None, None) => {}
    }
}

/// Every key any of the versions has: the deal's fields, then the sources, then the events,
/// each in the order they first appear in `now`, `mine` and `base`.
pub fn keys(versions: &[&Deal]) -> Vec<FieldKey> {
    let mut out: Vec<FieldKey> = DEAL_FIELDS.to_vec();
    for v in versions {
        for s in &v.sources {
            let k = FieldKey::Source(s.id.clone());
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    for v in versions {
        for e in &v.events {
            let k = FieldKey::Event(e.id.clone());
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// Which side a person chose for a conflicting field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Choice {
    /// Keep the value shown now (the other person's).
    Now,
    /// Use the value from this edit.
    Mine,
}

impl Choice {
    pub fn code(self) -> &'static str {
        match self {
            Choice::Now => "now",
            Choice::Mine => "mine",
        }
    }

    pub fn from_code(s: &str) -> Option<Choice> {
        match s {
            "now" => Some(Choice::Now),
            "mine" => Some(Choice::Mine),
            _ => None,
        }
    }
}

/// The result of merging an edit onto the version shown now.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The version to save: `now` with every change of the edit that nobody else made, and
    /// each conflict resolved as chosen (unresolved ones keep `now`'s value).
    pub result: Deal,
    /// Fields both sides changed to different values, that no choice settled.
    pub unresolved: Vec<FieldKey>,
    /// Every field both sides changed to different values, settled or not.
    pub conflicts: Vec<FieldKey>,
    /// Fields the edit changed (against its base).
    pub changed: Vec<FieldKey>,
}

/// Merges the edit `mine` (started from `base`) onto `now`, settling conflicts by `choices`.
pub fn merge(base: &Deal, now: &Deal, mine: &Deal, choices: &BTreeMap<FieldKey, Choice>) -> Merged {
    let mut result = now.clone();
    let (mut unresolved, mut conflicts, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for key in keys(&[now, mine, base]) {
        if same(base, mine, &key) {
            continue;
        }
        changed.push(key.clone());
        if same(base, now, &key) || same(mine, now, &key) {
            copy(&mut result, mine, &key);
            continue;
        }
        conflicts.push(key.clone());
        match choices.get(&key) {
            Some(Choice::Mine) => copy(&mut result, mine, &key),
            Some(Choice::Now) => {}
            None => unresolved.push(key),
        }
    }
    Merged { result, unresolved, conflicts, changed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DealInput, SourceInput};
    use proptest::prelude::*;

    fn base() -> Deal {
        let input = DealInput {
            title: "AWS cloud services".into(),
            kind: "cloud_contract".into(),
            jurisdiction: "x".into(),
            entity_id: "2".into(),
            amount: "1000".into(),
            value_basis: "maximum".into(),
            status: "active".into(),
            sources: vec![
                SourceInput { id: "a".into(), url: "https://example.org/a".into(), ..Default::default() },
                SourceInput { id: "b".into(), url: "https://example.org/b".into(), ..Default::default() },
            ],
            ..Default::default()
        };
        Deal { jurisdiction_id: 1, ..input.parse().unwrap() }
    }

    fn none() -> BTreeMap<FieldKey, Choice> {
        BTreeMap::new()
    }

    #[test]
    fn changes_to_different_fields_both_survive() {
        // The reported case: a moderator set the facility location while a contributor
        // changed the jobs promised, from the same version.
        let b = base();
        let mut now = b.clone();
        now.facility_location = Some("Fairfax, VA".into());
        let mut mine = b.clone();
        mine.jobs_promised = Some(12);
        let m = merge(&b, &now, &mine, &none());
        assert!(m.unresolved.is_empty());
        assert_eq!(m.result.facility_location.as_deref(), Some("Fairfax, VA"));
        assert_eq!(m.result.jobs_promised, Some(12));
        assert_eq!(m.changed, vec![FieldKey::Jobs]);
    }

    #[test]
    fn the_same_field_changed_twice_is_a_conflict_until_chosen() {
        let b = base();
        let mut now = b.clone();
        now.title = "Theirs".into();
        let mut mine = b.clone();
        mine.title = "Mine".into();
        let m = merge(&b, &now, &mine, &none());
        assert_eq!(m.unresolved, vec![FieldKey::Title]);
        assert_eq!(m.result.title, "Theirs", "unresolved keeps what is shown now");
        let chose = |c| merge(&b, &now, &mine, &BTreeMap::from([(FieldKey::Title, c)]));
        assert_eq!(chose(Choice::Mine).result.title, "Mine");
        assert!(chose(Choice::Mine).unresolved.is_empty());
        assert_eq!(chose(Choice::Now).result.title, "Theirs");
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let b = base();
        let mut now = b.clone();
        now.program = Some("Grant".into());
        let m = merge(&b, &now, &now.clone(), &none());
        assert!(m.conflicts.is_empty());
        assert_eq!(m.result, now);
    }

    #[test]
    fn amount_and_basis_merge_as_one() {
        let b = base();
        let mut now = b.clone();
        now.value_basis = Some(crate::model::ValueBasis::Estimated);
        let mut mine = b.clone();
        mine.amount_cents = None;
        mine.value_basis = None;
        let m = merge(&b, &now, &mine, &none());
        assert_eq!(m.unresolved, vec![FieldKey::Amount], "an undisclosed amount can't take the other side's basis");
    }

    #[test]
    fn sources_merge_by_id() {
        let b = base();
        // They edit source a and add c; I remove b and add d.
        let mut now = b.clone();
        now.sources[0].note = Some("page 3".into());
        now.sources.push(Source { id: "c".into(), url: Some("https://example.org/c".into()), ..Default::default() });
        let mut mine = b.clone();
        mine.sources.remove(1);
        mine.sources.push(Source { id: "d".into(), url: Some("https://example.org/d".into()), ..Default::default() });
        let m = merge(&b, &now, &mine, &none());
        assert!(m.unresolved.is_empty());
        let ids: Vec<&str> = m.result.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a", "d", "c"]);
        assert_eq!(m.result.sources[0].note.as_deref(), Some("page 3"));
    }

    #[test]
    fn editing_a_source_the_other_side_removed_is_a_conflict() {
        let b = base();
        let mut now = b.clone();
        now.sources.remove(0);
        let mut mine = b.clone();
        mine.sources[0].title = Some("Minutes".into());
        let m = merge(&b, &now, &mine, &none());
        assert_eq!(m.unresolved, vec![FieldKey::Source("a".into())]);
        let kept = merge(&b, &now, &mine, &BTreeMap::from([(FieldKey::Source("a".into()), Choice::Mine)]));
        assert_eq!(kept.result.sources[0].title.as_deref(), Some("Minutes"));
    }

    #[test]
    fn keys_round_trip_through_forms() {
        for k in keys(&[&base()]) {
            assert_eq!(FieldKey::from_code(&k.code()), Some(k));
        }
        assert_eq!(FieldKey::from_code("source:"), None);
        assert_eq!(FieldKey::from_code("nonsense"), None);
    }

    /// A random change to one unit of a version.
    fn mutate(s: &mut Deal, key: usize, value: u8) {
        let d = s;
        let text = format!("v{value}");
        match key % 9 {
            0 => d.title = text,
            1 => d.agency = (!value.is_multiple_of(3)).then_some(text),
            2 => d.jobs_promised = Some(value as i64),
            3 => d.amount_cents = Some(value as i64 * 100),
            4 => d.facility_location = Some(text),
            5 => d.description = value.is_multiple_of(2).then_some(text),
            6 => match d.sources.iter_mut().find(|x| x.id == "a") {
                Some(a) => a.note = Some(text),
                None => d.sources.push(Source { id: "a".into(), url: Some("https://example.org/a".into()), ..Default::default() }),
            },
            7 => d.sources.retain(|x| x.id != "b"),
            _ => {
                d.sources.push(Source { id: format!("n{value}"), url: Some(format!("https://example.org/{value}")), ..Default::default() })
            }
        }
    }

    proptest! {
        /// Whatever two edits do, a field only one side changed has that side's value, and a
        /// field neither changed keeps its value: no change is lost unless the merge reports
        /// it as a conflict.
        #[test]
        fn no_change_is_lost(theirs in prop::collection::vec((0usize..9, any::<u8>()), 0..5),
                             mine in prop::collection::vec((0usize..9, any::<u8>()), 0..5),
                             pick_mine in any::<bool>()) {
            let b = base();
            let mut now = b.clone();
            for (k, v) in theirs { mutate(&mut now, k, v); }
            let mut me = b.clone();
            for (k, v) in mine { mutate(&mut me, k, v); }
            let m = merge(&b, &now, &me, &none());
            let choice = if pick_mine { Choice::Mine } else { Choice::Now };
            let choices: BTreeMap<FieldKey, Choice> = m.conflicts.iter().map(|k| (k.clone(), choice)).collect();
            let settled = merge(&b, &now, &me, &choices);
            prop_assert!(settled.unresolved.is_empty());
            for key in keys(&[&b, &now, &me]) {
                let mine_changed = !same(&b, &me, &key);
                let theirs_changed = !same(&b, &now, &key);
                let r = &settled.result;
                if !mine_changed {
                    prop_assert!(same(r, &now, &key), "{key:?}: only they changed it (or nobody did)");
                } else if !theirs_changed {
                    prop_assert!(same(r, &me, &key), "{key:?}: only I changed it");
                } else if m.conflicts.contains(&key) {
                    let want = if pick_mine { &me } else { &now };
                    prop_assert!(same(r, want, &key), "{key:?}: the chosen side");
                } else {
                    prop_assert!(same(&me, &now, &key), "{key:?}: no conflict means both agree");
                    prop_assert!(same(r, &me, &key));
                }
            }
        }
    }
}
