//! The aggregates, kept by the writes (see the `tallies` migration). Every write that changes
//! a public deal counts it again in its own transaction ([`keep`], called by
//! `changes::record`): what the deal counted for before is taken away, what it counts for now
//! is added. So the totals, timelines, breakdowns, map shading and the plain views' facet
//! counts cost what they show to read, however many deals there are.
//!
//! Reading: [`totals`], [`governments`], [`facet_counts`], [`state_counts`], [`area_counts`].
//! Upkeep: [`keep`]. Recounting from scratch: [`rebuild`] (`tracker aggregates rebuild`, and
//! the first start after the migration); `repo::recount` counts the same from the deals, as
//! the reference the tests and `tracker aggregates check` compare with.

use super::changes::Change;
use super::sets::DealSet;
use crate::model::{
    view::{BasisTotal, GroupTotal, KindTotal, Totals, YearCount},
    DealKind, DealStatus, ValueBasis,
};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{BTreeMap, HashMap};

/// Which deals to count again.
#[derive(Clone, Debug)]
enum Deals {
    /// Ids from the first to the last (an import batch, a window of a rebuild).
    Range(i64, i64),
    /// These ids.
    List(Vec<i64>),
}

impl Deals {
    /// The condition on `column` selecting these deals, with `?1` (and `?2`) to bind.
    fn condition(&self, column: &str) -> String {
        match self {
            Deals::Range(..) => format!("{column} BETWEEN ?1 AND ?2"),
            Deals::List(_) => format!("{column} IN (SELECT value FROM json_each(?1))"),
        }
    }

    fn bind<'q, O>(
        &self,
        q: sqlx::query::QueryAs<'q, Sqlite, O, sqlx::sqlite::SqliteArguments<'q>>,
    ) -> sqlx::query::QueryAs<'q, Sqlite, O, sqlx::sqlite::SqliteArguments<'q>> {
        match self {
            Deals::Range(a, b) => q.bind(*a).bind(*b),
            Deals::List(ids) => q.bind(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())),
        }
    }
}

/// Where a government sits among the scopes.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
struct Place {
    parent_id: Option<i64>,
    place_state: String,
    is_state: bool,
}

/// One public deal as counted.
#[derive(Clone, Debug, sqlx::FromRow)]
struct Counted {
    deal_id: i64,
    jurisdiction_id: i64,
    state_usps: Option<String>,
    kind: String,
    status: String,
    basis: String,
    entity_id: i64,
    year: String,
    cents: i64,
    updated_at: String,
    #[sqlx(flatten)]
    place: Place,
}

/// A count's address: scope, scope key, dimension, first and second key.
type Key = (&'static str, String, &'static str, String, String);

/// What a count changes by.
#[derive(Default, Debug)]
struct Sum {
    deals: i64,
    cents: i64,
    latest: Option<String>,
}

/// The changes to the counts of one write.
#[derive(Default)]
struct Delta(HashMap<Key, Sum>);

/// The scopes a government's deals count in: the site, its own, its parent's, its state's
/// (a state's own deals are not among "the state's governments").
fn scopes(jurisdiction: i64, p: &Place) -> Vec<(&'static str, String)> {
    let mut s = vec![("site", String::new()), ("own", jurisdiction.to_string())];
    if let Some(parent) = p.parent_id {
        s.push(("within", parent.to_string()));
    }
    if !p.is_state {
        s.push(("state", p.place_state.clone()));
    }
    s
}

impl Delta {
    fn add(&mut self, key: Key, deals: i64, cents: i64, latest: Option<&str>) {
        let s = self.0.entry(key).or_default();
        s.deals += deals;
        s.cents += cents;
        if let Some(l) = latest {
            if s.latest.as_deref().is_none_or(|x| x < l) {
                s.latest = Some(l.to_string());
            }
        }
    }

    /// Adds (`sign` 1) or takes away (-1) what one deal counts for.
    fn count(&mut self, c: &Counted, sign: i64) {
        let cents = sign * c.cents;
        let latest = (sign > 0).then_some(c.updated_at.as_str());
        for (scope, key) in scopes(c.jurisdiction_id, &c.place) {
            self.add((scope, key.clone(), "deals", String::new(), String::new()), sign, cents, latest);
            self.add((scope, key.clone(), "kind", c.kind.clone(), c.basis.clone()), sign, cents, None);
            self.add((scope, key.clone(), "status", c.status.clone(), c.basis.clone()), sign, cents, None);
            self.add((scope, key.clone(), "entity", c.entity_id.to_string(), c.basis.clone()), sign, cents, None);
            if !c.year.is_empty() {
                self.add((scope, key.clone(), "year", c.year.clone(), c.kind.clone()), sign, 0, None);
            }
            if let Some(s) = &c.state_usps {
                self.add((scope, key, "state", s.clone(), String::new()), sign, 0, None);
            }
        }
    }

    /// How this delta changes a government's own deal count.
    fn own_deals(&self, jurisdiction: i64) -> i64 {
        self.0.get(&("own", jurisdiction.to_string(), "deals", String::new(), String::new())).map_or(0, |s| s.deals)
    }
}

/// Keeps the counts up to date with a change, inside the write's transaction.
pub async fn keep(conn: &mut SqliteConnection, change: Change) -> Result<(), sqlx::Error> {
    match change {
        Change::Deal(id) => settle(conn, Deals::Range(id, id)).await,
        Change::Deals(first, last) => settle(conn, Deals::Range(first, last)).await,
        Change::Places => replace_moved(conn).await,
        Change::Links | Change::Reports | Change::Accounts => Ok(()),
    }
}

/// The columns of a [`Counted`] from `deals d` and `jurisdictions j`: the deal as it counts now.
const CURRENT: &str = "SELECT d.id AS deal_id, d.jurisdiction_id, d.state_usps, d.kind, d.status,
        coalesce(d.value_basis, '') AS basis, d.entity_id,
        coalesce(substr(coalesce(d.approved_on, d.announced_on, d.starts_on), 1, 4), '') AS year,
        coalesce(d.amount_cents, 0) AS cents, d.updated_at,
        j.parent_id, j.state_usps AS place_state, j.kind = 'state' AS is_state
    FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id
    WHERE d.published = 1 AND d.deleted_at IS NULL AND ";

/// The same from `tallied_deals t` and `tallied_places p`: the deal as it was counted.
const COUNTED: &str = "SELECT t.deal_id, t.jurisdiction_id, t.state_usps, t.kind, t.status, t.basis, t.entity_id, t.year,
        t.cents, t.updated_at, p.parent_id, p.state_usps AS place_state, p.is_state
    FROM tallied_deals t JOIN tallied_places p ON p.jurisdiction_id = t.jurisdiction_id WHERE ";

/// Counts these deals again: takes away what they counted for, adds what they count for now.
async fn settle(conn: &mut SqliteConnection, deals: Deals) -> Result<(), sqlx::Error> {
    let old: Vec<Counted> = deals.bind(sqlx::query_as(&format!("{COUNTED}{}", deals.condition("t.deal_id")))).fetch_all(&mut *conn).await?;
    let new: Vec<Counted> = deals.bind(sqlx::query_as(&format!("{CURRENT}{}", deals.condition("d.id")))).fetch_all(&mut *conn).await?;
    if old.is_empty() && new.is_empty() {
        return Ok(());
    }
    let mut delta = Delta::default();
    old.iter().for_each(|c| delta.count(c, -1));
    new.iter().for_each(|c| delta.count(c, 1));
    // How many governments have a public deal: one more when a government's first deal
    // counts, one fewer when its last goes, and moved along when its place moved.
    let mut places: BTreeMap<i64, (Option<&Place>, Option<&Place>)> = BTreeMap::new();
    old.iter().for_each(|c| places.entry(c.jurisdiction_id).or_default().0 = Some(&c.place));
    new.iter().for_each(|c| places.entry(c.jurisdiction_id).or_default().1 = Some(&c.place));
    let ids: Vec<String> = places.keys().map(i64::to_string).collect();
    let before: HashMap<String, i64> = sqlx::query_as(
        "SELECT scope_key, deals FROM tallies
         WHERE scope = 'own' AND scope_key IN (SELECT value FROM json_each(?1)) AND dim = 'deals' AND k1 = '' AND k2 = ''",
    )
    .bind(serde_json::to_string(&ids).unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    for (j, (was, is)) in &places {
        let (Some(was), Some(is)) = (was.or(*is), is.or(*was)) else { continue };
        let before = before.get(&j.to_string()).copied().unwrap_or(0);
        let after = before + delta.own_deals(*j);
        if before > 0 && (after == 0 || was != is) {
            for (scope, key) in scopes(*j, was) {
                delta.add((scope, key, "governments", String::new(), String::new()), -1, 0, None);
            }
        }
        if after > 0 && (before == 0 || was != is) {
            for (scope, key) in scopes(*j, is) {
                delta.add((scope, key, "governments", String::new(), String::new()), 1, 0, None);
            }
        }
    }
    apply(conn, delta).await?;
    // What the deals count for now, for their next change.
    let mut del = QueryBuilder::<Sqlite>::new("DELETE FROM tallied_deals WHERE ");
    match &deals {
        Deals::Range(a, b) => {
            del.push("deal_id BETWEEN ").push_bind(*a).push(" AND ").push_bind(*b);
        }
        Deals::List(ids) => {
            del.push("deal_id IN (SELECT value FROM json_each(").push_bind(serde_json::to_string(ids).unwrap_or_default()).push("))");
        }
    }
    del.build().execute(&mut *conn).await?;
    for chunk in new.chunks(super::MAX_BINDS / 10) {
        let mut b = QueryBuilder::<Sqlite>::new(
            "INSERT INTO tallied_deals (deal_id, jurisdiction_id, state_usps, kind, status, basis, entity_id, year, cents, updated_at) ",
        );
        b.push_values(chunk, |mut r, c| {
            r.push_bind(c.deal_id)
                .push_bind(c.jurisdiction_id)
                .push_bind(c.state_usps.clone())
                .push_bind(c.kind.clone())
                .push_bind(c.status.clone())
                .push_bind(c.basis.clone())
                .push_bind(c.entity_id)
                .push_bind(c.year.clone())
                .push_bind(c.cents)
                .push_bind(c.updated_at.clone());
        });
        b.build().execute(&mut *conn).await?;
    }
    let placed: Vec<(i64, &Place)> = places.iter().filter_map(|(j, (_, is))| Some((*j, (*is)?))).collect();
    for chunk in placed.chunks(super::MAX_BINDS / 4) {
        let mut b = QueryBuilder::<Sqlite>::new("INSERT INTO tallied_places (jurisdiction_id, parent_id, state_usps, is_state) ");
        b.push_values(chunk, |mut r, (j, p)| {
            r.push_bind(*j).push_bind(p.parent_id).push_bind(p.place_state.clone()).push_bind(p.is_state);
        });
        b.push(
            " ON CONFLICT (jurisdiction_id) DO UPDATE SET parent_id = excluded.parent_id, state_usps = excluded.state_usps,
              is_state = excluded.is_state",
        );
        b.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds a delta to the stored counts.
async fn apply(conn: &mut SqliteConnection, delta: Delta) -> Result<(), sqlx::Error> {
    let rows: Vec<(Key, Sum)> = delta.0.into_iter().filter(|(_, s)| s.deals != 0 || s.cents != 0 || s.latest.is_some()).collect();
    for chunk in rows.chunks(super::MAX_BINDS / 8) {
        let mut b = QueryBuilder::<Sqlite>::new("INSERT INTO tallies (scope, scope_key, dim, k1, k2, deals, cents, latest) ");
        b.push_values(chunk, |mut r, ((scope, key, dim, k1, k2), s)| {
            r.push_bind(*scope)
                .push_bind(key.clone())
                .push_bind(*dim)
                .push_bind(k1.clone())
                .push_bind(k2.clone())
                .push_bind(s.deals)
                .push_bind(s.cents)
                .push_bind(s.latest.clone());
        });
        b.push(
            " ON CONFLICT (scope, scope_key, dim, k1, k2) DO UPDATE SET deals = deals + excluded.deals,
              cents = cents + excluded.cents,
              latest = CASE WHEN excluded.latest > coalesce(latest, '') THEN excluded.latest ELSE latest END",
        );
        b.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// After a places change: governments whose parent, state or kind moved take their deals'
/// counts from the scopes they left to those they joined.
async fn replace_moved(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    let moved: Vec<i64> = sqlx::query_scalar(
        "SELECT p.jurisdiction_id FROM tallied_places p JOIN jurisdictions j ON j.id = p.jurisdiction_id
         WHERE p.parent_id IS NOT j.parent_id OR p.state_usps != j.state_usps OR p.is_state != (j.kind = 'state')",
    )
    .fetch_all(&mut *conn)
    .await?;
    if moved.is_empty() {
        return Ok(());
    }
    let list = serde_json::to_string(&moved).unwrap_or_default();
    let deals: Vec<i64> =
        sqlx::query_scalar("SELECT deal_id FROM tallied_deals WHERE jurisdiction_id IN (SELECT value FROM json_each(?1))")
            .bind(&list)
            .fetch_all(&mut *conn)
            .await?;
    settle(conn, Deals::List(deals)).await?;
    // Governments left without deals still sit where they are now.
    sqlx::query(
        "UPDATE tallied_places SET (parent_id, state_usps, is_state) =
            (SELECT j.parent_id, j.state_usps, j.kind = 'state' FROM jurisdictions j WHERE j.id = tallied_places.jurisdiction_id)
         WHERE jurisdiction_id IN (SELECT value FROM json_each(?1))",
    )
    .bind(&list)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Counts everything again from the deals, in windows of ids, inside the caller's
/// transaction. Returns how many public deals were counted.
pub async fn rebuild(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    for table in ["tallies", "tallied_deals", "tallied_places"] {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *conn).await?;
    }
    let (first, last): (Option<i64>, Option<i64>) = sqlx::query_as("SELECT min(id), max(id) FROM deals").fetch_one(&mut *conn).await?;
    if let (Some(first), Some(last)) = (first, last) {
        let mut at = first;
        while at <= last {
            let end = at.saturating_add(WINDOW - 1).min(last);
            settle(conn, Deals::Range(at, end)).await?;
            at = end.saturating_add(1);
        }
    }
    sqlx::query("UPDATE tallies_built SET built = 1").execute(&mut *conn).await?;
    sqlx::query_scalar("SELECT count(*) FROM tallied_deals").fetch_one(conn).await
}

/// Deals counted at once by a rebuild: a window's rows are held in memory.
const WINDOW: i64 = 20_000;

/// Whether the counts cover the deals (not yet after the migration that added them).
pub async fn built(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT coalesce(max(built), 0) = 1 FROM tallies_built").fetch_one(conn).await
}

/// A set's scope key.
fn scope_of(set: &DealSet) -> (&'static str, String) {
    match set {
        DealSet::Site => ("site", String::new()),
        DealSet::Own(id) => ("own", id.to_string()),
        DealSet::Within(id) => ("within", id.to_string()),
        DealSet::InState(usps) => ("state", usps.to_ascii_uppercase()),
    }
}

/// One stored count.
#[derive(sqlx::FromRow)]
struct Stored {
    dim: String,
    k1: String,
    k2: String,
    deals: i64,
    cents: i64,
    latest: Option<String>,
}

/// A scope's counts (those above zero).
async fn stored(conn: &mut SqliteConnection, (scope, key): (&str, &str), dims: &str) -> Result<Vec<Stored>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT dim, k1, k2, deals, cents, latest FROM tallies WHERE scope = ?1 AND scope_key = ?2 AND dim IN ({dims}) AND deals > 0"
    ))
    .bind(scope)
    .bind(key)
    .fetch_all(conn)
    .await
}

/// Disclosed sums by kind and by value basis, the undisclosed count, the breakdowns by status
/// and company, the deals by year and kind, and the latest change, of a set of deals.
pub async fn totals(conn: &mut SqliteConnection, set: &DealSet) -> Result<Totals, sqlx::Error> {
    let (scope, key) = scope_of(set);
    let rows = stored(&mut *conn, (scope, &key), "'deals', 'kind', 'status', 'entity', 'year'").await?;
    let names: HashMap<String, String> = if rows.iter().any(|r| r.dim == "entity") {
        super::entities::names(&mut *conn).await?.into_iter().map(|(id, name)| (id.to_string(), name)).collect()
    } else {
        HashMap::new()
    };
    let mut t = Totals::default();
    let mut kinds: BTreeMap<DealKind, KindTotal> = BTreeMap::new();
    let mut by_status: BTreeMap<String, GroupTotal> = BTreeMap::new();
    let mut by_entity: BTreeMap<String, GroupTotal> = BTreeMap::new();
    for r in rows {
        let basis = ValueBasis::from_code(&r.k2);
        match r.dim.as_str() {
            "deals" => {
                t.deals = r.deals;
                t.last_updated = r.latest.map(|l| l.chars().take(10).collect());
            }
            "kind" => {
                let kind = DealKind::from_code(&r.k1).unwrap_or(DealKind::Other);
                let kt = kinds.entry(kind).or_insert_with(|| KindTotal { kind, by_basis: Vec::new(), undisclosed: 0 });
                match basis {
                    None => {
                        t.undisclosed += r.deals;
                        kt.undisclosed += r.deals;
                    }
                    Some(b) => {
                        kt.by_basis.push(BasisTotal { basis: Some(b), cents: r.cents, deals: r.deals });
                        match t.by_basis.iter_mut().find(|x| x.basis == Some(b)) {
                            Some(x) => {
                                x.cents += r.cents;
                                x.deals += r.deals;
                            }
                            None => t.by_basis.push(BasisTotal { basis: Some(b), cents: r.cents, deals: r.deals }),
                        }
                    }
                }
            }
            "status" | "entity" => {
                let (groups, label) = if r.dim == "status" {
                    (&mut by_status, DealStatus::from_code(&r.k1).map(|s| s.label().to_string()).unwrap_or_else(|| r.k1.clone()))
                } else {
                    (&mut by_entity, names.get(&r.k1).cloned().unwrap_or_else(|| r.k1.clone()))
                };
                let g = groups.entry(r.k1).or_insert_with(|| GroupTotal { label, deals: 0, undisclosed: 0, by_basis: Vec::new() });
                g.deals += r.deals;
                match basis {
                    None => g.undisclosed += r.deals,
                    Some(b) => g.by_basis.push(BasisTotal { basis: Some(b), cents: r.cents, deals: r.deals }),
                }
            }
            "year" => {
                if let Ok(year) = r.k1.parse() {
                    t.by_year.push(YearCount { year, kind: DealKind::from_code(&r.k2).unwrap_or(DealKind::Other), deals: r.deals });
                }
            }
            _ => {}
        }
    }
    t.by_basis.sort_by_key(|b| b.basis);
    t.by_kind = kinds.into_values().collect();
    for k in &mut t.by_kind {
        k.by_basis.sort_by_key(|b| b.basis);
    }
    let grouped = |m: BTreeMap<String, GroupTotal>| {
        let mut v: Vec<GroupTotal> = m.into_values().collect();
        v.iter_mut().for_each(|g| g.by_basis.sort_by_key(|b| b.basis));
        v.sort_by(|a, b| b.deals.cmp(&a.deals).then_with(|| a.label.cmp(&b.label)));
        v
    };
    t.by_status = grouped(by_status);
    t.by_entity = grouped(by_entity);
    t.by_year.sort_by_key(|y| (y.year, y.kind));
    Ok(t)
}

/// How many governments have a public deal in a set.
pub async fn governments(conn: &mut SqliteConnection, set: &DealSet) -> Result<i64, sqlx::Error> {
    let (scope, key) = scope_of(set);
    Ok(stored(conn, (scope, &key), "'governments'").await?.first().map_or(0, |r| r.deals))
}

/// A place filter of `/deals` as scopes: the site, a state (its governments and its own
/// deals), a county (its own and those of the governments in it), another government.
pub fn browse_scopes(place: Option<&super::browse::PlaceScope>) -> Vec<(&'static str, String)> {
    use crate::model::JurisdictionKind;
    match place {
        None => vec![("site", String::new())],
        Some(p) if p.kind == JurisdictionKind::State => vec![("state", p.state.to_ascii_uppercase()), ("own", p.id.to_string())],
        Some(p) if p.kind == JurisdictionKind::County => vec![("own", p.id.to_string()), ("within", p.id.to_string())],
        Some(p) => vec![("own", p.id.to_string())],
    }
}

/// The facet counts of a view with no filter but its place: by kind, status, company (its
/// own deals), state and year, most first, with the number of deals.
pub async fn facet_counts(
    conn: &mut SqliteConnection,
    scopes: &[(&'static str, String)],
) -> Result<(Vec<Vec<(String, i64)>>, i64), sqlx::Error> {
    let dims = ["kind", "status", "entity", "state", "year"];
    let mut sums: Vec<BTreeMap<String, i64>> = vec![BTreeMap::new(); dims.len()];
    let mut total = 0;
    for (scope, key) in scopes {
        for r in stored(&mut *conn, (scope, key), "'deals', 'kind', 'status', 'entity', 'state', 'year'").await? {
            match dims.iter().position(|d| *d == r.dim) {
                Some(i) => *sums[i].entry(r.k1).or_default() += r.deals,
                None => total += r.deals,
            }
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
         LEFT JOIN tallies s ON s.scope = 'state' AND s.scope_key = j.state_usps AND s.dim = 'deals' AND s.k1 = '' AND s.k2 = ''
         LEFT JOIN tallies o ON o.scope = 'own' AND o.scope_key = CAST(j.id AS TEXT) AND o.dim = 'deals' AND o.k1 = '' AND o.k2 = ''
         WHERE j.kind = 'state'",
    )
    .fetch_all(conn)
    .await
    .map(|rows: Vec<(String, i64)>| rows.into_iter().collect())
}

/// For a state's map: public deals by area, an area being a county (its own deals and those
/// of the governments in it) or a government without a parent.
pub async fn area_counts(conn: &mut SqliteConnection, usps: &str) -> Result<HashMap<i64, i64>, sqlx::Error> {
    sqlx::query_as(
        "SELECT j.id, sum(t.deals) FROM jurisdictions j
         JOIN tallies t ON t.scope_key = CAST(j.id AS TEXT) AND t.dim = 'deals' AND t.k1 = '' AND t.k2 = ''
            AND (t.scope = 'own' OR (t.scope = 'within' AND j.kind = 'county'))
         WHERE j.state_usps = ?1 AND j.kind != 'state' AND (j.kind = 'county' OR j.parent_id IS NULL)
         GROUP BY j.id",
    )
    .bind(usps.to_ascii_uppercase())
    .fetch_all(conn)
    .await
    .map(|rows: Vec<(i64, i64)>| rows.into_iter().collect())
}

/// A stored count as [`snapshot`] lists it: scope, key, dimension, keys, deals, cents.
pub type Count = (String, String, String, String, String, i64, i64);

/// Every stored count above zero, in order, without the latest change (which only moves
/// forward, so a recount can find it earlier): for comparing the kept counts with a rebuild.
pub async fn snapshot(conn: &mut SqliteConnection) -> Result<Vec<Count>, sqlx::Error> {
    sqlx::query_as(
        "SELECT scope, scope_key, dim, k1, k2, deals, cents FROM tallies WHERE deals != 0 OR cents != 0
         ORDER BY scope, scope_key, dim, k1, k2",
    )
    .fetch_all(conn)
    .await
}

/// Where two snapshots differ, one line each ("own 12 kind tax_abatement/estimated: 3 deals,
/// 400 cents kept; 2 deals, 300 cents counted").
pub fn differences(kept: &[Count], counted: &[Count]) -> Vec<String> {
    let key = |c: &Count| (c.0.clone(), c.1.clone(), c.2.clone(), c.3.clone(), c.4.clone());
    let a: BTreeMap<_, (i64, i64)> = kept.iter().map(|c| (key(c), (c.5, c.6))).collect();
    let b: BTreeMap<_, (i64, i64)> = counted.iter().map(|c| (key(c), (c.5, c.6))).collect();
    let mut keys: Vec<_> = a.keys().chain(b.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (a.get(&k).copied().unwrap_or_default(), b.get(&k).copied().unwrap_or_default());
            (x != y).then(|| {
                format!("{} {} {} {}/{}: {} deals, {} cents kept; {} deals, {} cents counted", k.0, k.1, k.2, k.3, k.4, x.0, x.1, y.0, y.1)
            })
        })
        .collect()
}
