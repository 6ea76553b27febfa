//! Reading the kept counts: a page's totals, a view's facet counts, the maps' shading.

use super::{parse, Counts, Scope};
use crate::model::{
    view::{BasisTotal, GroupTotal, KindTotal, Totals, YearCount},
    DealKind, ValueBasis,
};
use crate::repo::{browse::PlaceScope, sets::DealSet};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap};

/// A set's scope.
fn scope_of(set: &DealSet) -> Scope {
    match set {
        DealSet::Site => ("site", String::new()),
        DealSet::Own(id) => ("own", id.to_string()),
        DealSet::Within(id) => ("within", id.to_string()),
        DealSet::InState(usps) => ("state", usps.to_ascii_uppercase()),
    }
}

/// One scope's counts (empty when it has none).
async fn counts(conn: &mut SqliteConnection, (scope, key): &Scope) -> Result<Counts, sqlx::Error> {
    let stored: Option<String> = sqlx::query_scalar("SELECT counts FROM tallies WHERE scope = ? AND scope_key = ?")
        .bind(*scope)
        .bind(key)
        .fetch_optional(conn)
        .await?;
    stored.as_deref().map(parse).transpose().map(Option::unwrap_or_default)
}

/// Splits a stored key ("tax_abatement/estimated") into its two codes.
fn split(key: &str) -> (&str, &str) {
    key.split_once('/').unwrap_or((key, ""))
}

/// Disclosed sums by kind and by value basis, the undisclosed count, the breakdowns by status
/// and company, the deals by year and kind, the governments with a deal, and the latest
/// change, of a set of deals.
pub async fn totals(conn: &mut SqliteConnection, set: &DealSet) -> Result<Totals, sqlx::Error> {
    let c = counts(&mut *conn, &scope_of(set)).await?;
    let names: HashMap<String, String> = if c.entity.is_empty() {
        HashMap::new()
    } else {
        crate::repo::entities::names(&mut *conn).await?.into_iter().map(|(id, name)| (id.to_string(), name)).collect()
    };
    let mut t = Totals {
        deals: c.deals,
        governments: c.governments,
        last_updated: c.latest.map(|l| l.chars().take(10).collect()),
        ..Totals::default()
    };
    let mut kinds: BTreeMap<DealKind, KindTotal> = BTreeMap::new();
    for (key, [deals, cents]) in &c.kind {
        let (kind, basis) = split(key);
        let kind = DealKind::from_code(kind).unwrap_or(DealKind::Other);
        let kt = kinds.entry(kind).or_insert_with(|| KindTotal { kind, by_basis: Vec::new(), undisclosed: 0 });
        match ValueBasis::from_code(basis) {
            None => {
                t.undisclosed += deals;
                kt.undisclosed += deals;
            }
            Some(b) => {
                kt.by_basis.push(BasisTotal { basis: Some(b), cents: *cents, deals: *deals });
                match t.by_basis.iter_mut().find(|x| x.basis == Some(b)) {
                    Some(x) => {
                        x.cents += cents;
                        x.deals += deals;
                    }
                    None => t.by_basis.push(BasisTotal { basis: Some(b), cents: *cents, deals: *deals }),
                }
            }
        }
    }
    t.by_basis.sort_by_key(|b| b.basis);
    t.by_kind = kinds.into_values().collect();
    for k in &mut t.by_kind {
        k.by_basis.sort_by_key(|b| b.basis);
    }
    // Statuses by code: the page names them in its language (`GroupTotal::label`).
    t.by_status = grouped(&c.status, |code| code.to_string());
    t.by_entity = grouped(&c.entity, |id| names.get(id).cloned().unwrap_or_else(|| id.to_string()));
    t.by_year = c
        .year
        .iter()
        .filter_map(|(key, deals)| {
            let (year, kind) = split(key);
            Some(YearCount { year: year.parse().ok()?, kind: DealKind::from_code(kind).unwrap_or(DealKind::Other), deals: *deals })
        })
        .collect();
    t.by_year.sort_by_key(|y| (y.year, y.kind));
    Ok(t)
}

/// Counts by value and basis as groups (a status, a company), most deals first.
fn grouped(counts: &BTreeMap<String, [i64; 2]>, label: impl Fn(&str) -> String) -> Vec<GroupTotal> {
    let mut groups: BTreeMap<&str, GroupTotal> = BTreeMap::new();
    for (key, [deals, cents]) in counts {
        let (value, basis) = split(key);
        let g = groups.entry(value).or_insert_with(|| GroupTotal { label: label(value), deals: 0, undisclosed: 0, by_basis: Vec::new() });
        g.deals += deals;
        match ValueBasis::from_code(basis) {
            None => g.undisclosed += deals,
            Some(b) => g.by_basis.push(BasisTotal { basis: Some(b), cents: *cents, deals: *deals }),
        }
    }
    let mut v: Vec<GroupTotal> = groups.into_values().collect();
    v.iter_mut().for_each(|g| g.by_basis.sort_by_key(|b| b.basis));
    v.sort_by(|a, b| b.deals.cmp(&a.deals).then_with(|| a.label.cmp(&b.label)));
    v
}

/// A place filter of `/deals` as scopes: the site, a state (its governments and its own
/// deals), a county (its own and those of the governments in it), another government.
pub fn browse_scopes(place: Option<&PlaceScope>) -> Vec<Scope> {
    use crate::model::JurisdictionKind;
    match place {
        None => vec![("site", String::new())],
        Some(p) if p.kind == JurisdictionKind::State => vec![("state", p.state.to_ascii_uppercase()), ("own", p.id.to_string())],
        Some(p) if p.kind == JurisdictionKind::County => vec![("own", p.id.to_string()), ("within", p.id.to_string())],
        Some(p) => vec![("own", p.id.to_string())],
    }
}

/// The facet counts of a view with no filter but its place: by kind, status, company (its
/// own deals), state and year, most first; with the number of deals.
pub async fn facet_counts(conn: &mut SqliteConnection, scopes: &[Scope]) -> Result<(Vec<Vec<(String, i64)>>, i64), sqlx::Error> {
    let mut sums: Vec<BTreeMap<String, i64>> = vec![BTreeMap::new(); 5];
    let mut total = 0;
    for scope in scopes {
        let c = counts(&mut *conn, scope).await?;
        total += c.deals;
        for (i, m) in [&c.kind, &c.status, &c.entity].into_iter().enumerate() {
            for (key, [deals, _]) in m {
                *sums[i].entry(split(key).0.to_string()).or_default() += deals;
            }
        }
        c.state.iter().for_each(|(st, n)| *sums[3].entry(st.clone()).or_default() += n);
        for (key, deals) in &c.year {
            *sums[4].entry(split(key).0.to_string()).or_default() += deals;
        }
    }
    let counts = sums
        .into_iter()
        .map(|m| {
            let mut v: Vec<(String, i64)> = m.into_iter().filter(|(_, n)| *n > 0).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        })
        .collect();
    Ok((counts, total))
}

/// Public deals by state code: the state's own and its governments'.
pub async fn state_counts(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>, sqlx::Error> {
    sqlx::query_as(
        "SELECT j.state_usps, coalesce(s.deals, 0) + coalesce(o.deals, 0) FROM jurisdictions j
         LEFT JOIN tallies s ON s.scope = 'state' AND s.scope_key = j.state_usps
         LEFT JOIN tallies o ON o.scope = 'own' AND o.scope_key = CAST(j.id AS TEXT)
         WHERE j.kind = 'state'",
    )
    .fetch_all(conn)
    .await
    .map(|rows: Vec<(String, i64)>| rows.into_iter().collect())
}

/// For a state's map: public deals by area, an area being a county or a government directly
/// under the state (an independent city), each with the governments under it.
pub async fn area_counts(conn: &mut SqliteConnection, usps: &str) -> Result<HashMap<i64, i64>, sqlx::Error> {
    sqlx::query_as(
        "SELECT j.id, sum(t.deals) FROM jurisdictions j LEFT JOIN jurisdictions par ON par.id = j.parent_id
         JOIN tallies t ON t.scope_key = CAST(j.id AS TEXT) AND t.scope IN ('own', 'within')
         WHERE j.state_usps = ?1 AND j.kind != 'state' AND (j.kind = 'county' OR j.parent_id IS NULL OR par.kind = 'state')
         GROUP BY j.id",
    )
    .bind(usps.to_ascii_uppercase())
    .fetch_all(conn)
    .await
    .map(|rows: Vec<(i64, i64)>| rows.into_iter().collect())
}

/// Every scope's counts, without the latest change (which only moves forward, so a recount
/// can find it earlier): for comparing the kept counts with a rebuild.
pub type Snapshot = BTreeMap<(String, String), Counts>;

/// The stored counts as a [`Snapshot`], each scope's number of deals as its own column holds
/// it (so a column out of step with the counts shows as a difference).
pub async fn snapshot(conn: &mut SqliteConnection) -> Result<Snapshot, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT scope, scope_key, counts, deals FROM tallies").fetch_all(conn).await?;
    let mut out = Snapshot::new();
    for (scope, key, counts, deals) in rows {
        let c = Counts { latest: None, deals, ..parse(&counts)? };
        if !c.is_empty() {
            out.insert((scope, key), c);
        }
    }
    Ok(out)
}

/// Where two snapshots differ, one line per scope.
pub fn differences(kept: &Snapshot, counted: &Snapshot) -> Vec<String> {
    let empty = Counts::default();
    let mut keys: Vec<&(String, String)> = kept.keys().chain(counted.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (a, b) = (kept.get(k).unwrap_or(&empty), counted.get(k).unwrap_or(&empty));
            (a != b).then(|| format!("{} {}: kept {}; counted {}", k.0, k.1, json(a), json(b)))
        })
        .collect()
}

fn json(c: &Counts) -> String {
    serde_json::to_string(c).unwrap_or_default()
}
