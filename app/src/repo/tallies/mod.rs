//! The aggregates, kept by the writes (see the `tallies` migration). Every write that changes
//! a public deal counts it again in its own transaction ([`keep`], called by
//! `changes::record`; an import's new deals are counted as they are checked, [`Fresh`]): what
//! the deal counted for before is taken away, what it counts for now is added. So the totals, timelines, breakdowns, map shading and the plain views' facet
//! counts cost what they show to read, however many deals there are.
//!
//! Reading: [`totals`], [`governments`], [`facet_counts`], [`state_counts`], [`area_counts`].
//! Upkeep: [`keep`], and [`keep_fresh`] for an import's new deals counted as they were
//! checked ([`Fresh`]). Recounting from scratch: [`rebuild`] (`tracker aggregates rebuild`, and
//! the first start after the migration); `repo::recount` counts the same from the deals, as
//! the reference the tests and `tracker aggregates check` compare with.

mod delta;
mod fresh;
mod read;

use delta::Delta;

pub use fresh::{places_of, Fresh, Unplaced};

pub use read::{area_counts, browse_scopes, differences, facet_counts, snapshot, state_counts, totals, Snapshot};

use super::changes::Change;
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{BTreeMap, HashMap};

/// Each government's place before and after a change (none before a government's first
/// counted deal, none after its last goes), for the number of governments with a deal.
type Placed = BTreeMap<i64, (Option<Place>, Option<Place>)>;

/// Which deals to count again.
#[derive(Clone, Debug)]
enum Deals {
    /// Ids from the first to the last (one deal, or a window of a rebuild).
    Range(i64, i64),
    /// These ids.
    List(Vec<i64>),
}

impl Deals {
    /// These deals in parts of at most `n`: a range is cut at ids that exist (a range's ids
    /// may be far apart), so every part's deals can be held in memory.
    async fn parts(&self, conn: &mut SqliteConnection, n: usize) -> Result<Vec<Deals>, sqlx::Error> {
        let n = n.max(1);
        match self {
            Deals::Range(a, b) => {
                let mut out = Vec::new();
                let mut from = *a;
                while from <= *b {
                    let to: Option<i64> =
                        sqlx::query_scalar("SELECT max(id) FROM (SELECT id FROM deals WHERE id BETWEEN ?1 AND ?2 ORDER BY id LIMIT ?3)")
                            .bind(from)
                            .bind(*b)
                            .bind(n as i64)
                            .fetch_one(&mut *conn)
                            .await?;
                    let Some(to) = to else { break };
                    out.push(Deals::Range(from, to));
                    match to.checked_add(1) {
                        Some(next) => from = next,
                        None => break,
                    }
                }
                Ok(out)
            }
            Deals::List(ids) => Ok(ids.chunks(n).map(|c| Deals::List(c.to_vec())).collect()),
        }
    }

    /// The condition on `column` selecting these deals, with `?1` (and `?2`) to bind.
    fn condition(&self, column: &str) -> String {
        match self {
            Deals::Range(..) => format!("{column} BETWEEN ?1 AND ?2"),
            Deals::List(_) => format!("{column} IN (SELECT value FROM json_each(?1))"),
        }
    }

    fn bind<'q, O>(
        &self,
        q: sqlx::query::QueryScalar<'q, Sqlite, O, sqlx::sqlite::SqliteArguments<'q>>,
    ) -> sqlx::query::QueryScalar<'q, Sqlite, O, sqlx::sqlite::SqliteArguments<'q>> {
        match self {
            Deals::Range(a, b) => q.bind(*a).bind(*b),
            Deals::List(ids) => q.bind(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())),
        }
    }
}

/// Where a government sits among the scopes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    parent_id: Option<i64>,
    place_state: String,
    is_state: bool,
}

/// One public deal as counted.
#[derive(Clone, Debug)]
struct Counted {
    jurisdiction_id: i64,
    /// The deal's own state.
    state_usps: Option<String>,
    /// Year of the best-known date; empty when it has none.
    year: String,
    cents: i64,
    updated_at: String,
    place: Place,
    /// Its keys in [`Counts`]: kind, status and company by basis, year by kind.
    keys: [String; 4],
}

/// A [`Counted`] as read: the columns of [`CURRENT`] and [`COUNTED`], in order.
type Read = (i64, i64, Option<String>, String, String, String, i64, String, i64, String, Option<i64>, String, i64);

impl From<Read> for Counted {
    fn from(r: Read) -> Self {
        let (
            _deal_id,
            jurisdiction_id,
            state_usps,
            kind,
            status,
            basis,
            entity_id,
            year,
            cents,
            updated_at,
            parent_id,
            place_state,
            is_state,
        ) = r;
        let keys = [format!("{kind}/{basis}"), format!("{status}/{basis}"), format!("{entity_id}/{basis}"), format!("{year}/{kind}")];
        let place = Place { parent_id, place_state, is_state: is_state == 1 };
        Counted { jurisdiction_id, state_usps, year, cents, updated_at, place, keys }
    }
}

/// Reads deals as counted now or before: one JSON value, since thousands of rows one by one
/// through the driver cost more than the reading.
async fn read_counted(
    conn: &mut SqliteConnection,
    (columns, from): (&str, &str),
    deals: &Deals,
    column: &str,
) -> Result<Vec<Counted>, sqlx::Error> {
    let sql = format!("SELECT coalesce(json_group_array(json_array({columns})), '[]') {from}{}", deals.condition(column));
    let json: String = deals.bind(sqlx::query_scalar(&sql)).fetch_one(conn).await?;
    let rows: Vec<Read> = serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(rows.into_iter().map(Counted::from).collect())
}

/// A scope: its kind ("site", "own", "within", "state") and key.
type Scope = (&'static str, String);

/// What one scope counts, as stored (JSON); a write's change to it is a [`delta::Change`].
/// Keys join two codes with a slash ("tax_abatement/estimated", "2021/tif"); an
/// undisclosed amount has no basis ("tax_abatement/").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Public deals.
    #[serde(default)]
    pub deals: i64,
    /// Their disclosed amounts, summed over every basis.
    #[serde(default)]
    pub cents: i64,
    /// The latest change to a deal counted here (moves only forward).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<String>,
    /// Governments with a public deal.
    #[serde(default)]
    pub governments: i64,
    /// Deals and cents by kind and basis.
    #[serde(default)]
    pub kind: BTreeMap<String, [i64; 2]>,
    /// Deals and cents by status and basis.
    #[serde(default)]
    pub status: BTreeMap<String, [i64; 2]>,
    /// Deals and cents by company (its id) and basis.
    #[serde(default)]
    pub entity: BTreeMap<String, [i64; 2]>,
    /// Deals by year and kind.
    #[serde(default)]
    pub year: BTreeMap<String, i64>,
    /// Deals by the deal's own state.
    #[serde(default)]
    pub state: BTreeMap<String, i64>,
}

impl Counts {
    /// Whether nothing is counted (the latest change aside).
    pub fn is_empty(&self) -> bool {
        Counts { latest: None, ..self.clone() } == Counts::default()
    }
}

/// The scopes a government's deals count in: the site, its own, its parent's, its state's
/// (a state's own deals are not among "the state's governments").
fn scopes(jurisdiction: i64, p: &Place) -> Vec<Scope> {
    let mut s = vec![("site", String::new()), ("own", jurisdiction.to_string())];
    if let Some(parent) = p.parent_id {
        s.push(("within", parent.to_string()));
    }
    if !p.is_state {
        s.push(("state", p.place_state.clone()));
    }
    s
}

/// Keeps the counts up to date with a change, inside the write's transaction.
pub async fn keep(conn: &mut SqliteConnection, change: Change) -> Result<(), sqlx::Error> {
    match change {
        Change::Deal(id) => settle(conn, Deals::Range(id, id)).await,
        Change::Deals(first, last) => settle(conn, Deals::Range(first, last)).await,
        Change::Places => replace_moved(conn).await,
        Change::Links | Change::Reports | Change::Accounts | Change::Documents => Ok(()),
    }
}

/// The columns of `tallied_deals` from `deals d`: what a deal counts for now, its place aside.
macro_rules! deal_columns {
    () => {
        "d.id, d.jurisdiction_id, d.state_usps, d.kind, d.status, coalesce(d.value_basis, ''), d.entity_id,
        coalesce(substr(coalesce(d.approved_on, d.announced_on, d.starts_on), 1, 4), ''), coalesce(d.amount_cents, 0),
        d.updated_at"
    };
}

/// The columns of a [`Read`] from `deals d` and `jurisdictions j`, and the rest of the query:
/// the deal as it counts now.
const CURRENT: (&str, &str) = (
    concat!(deal_columns!(), ", j.parent_id, j.state_usps, j.kind = 'state'"),
    "FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id WHERE d.published = 1 AND d.deleted_at IS NULL AND ",
);

/// The same from `tallied_deals t` and `tallied_places p`: the deal as it was counted.
const COUNTED: (&str, &str) = (
    "t.deal_id, t.jurisdiction_id, t.state_usps, t.kind, t.status, t.basis, t.entity_id, t.year,
        t.cents, t.updated_at, p.parent_id, p.state_usps, p.is_state",
    "FROM tallied_deals t JOIN tallied_places p ON p.jurisdiction_id = t.jurisdiction_id WHERE ",
);

/// Counts these deals again: takes away what they counted for, adds what they count for now.
/// The deals are read a part at a time (their rows are held in memory while counted), the
/// scopes they touch read and written once.
async fn settle(conn: &mut SqliteConnection, deals: Deals) -> Result<(), sqlx::Error> {
    let mut delta = Delta::default();
    // Each government's place as counted before and now, for the number of governments.
    let mut places = Placed::new();
    for part in deals.parts(&mut *conn, READ_PART).await? {
        let old = read_counted(&mut *conn, COUNTED, &part, "t.deal_id").await?;
        let new = read_counted(&mut *conn, CURRENT, &part, "d.id").await?;
        old.iter().for_each(|c| delta.count(c, -1));
        new.iter().for_each(|c| delta.count(c, 1));
        for c in &old {
            places.entry(c.jurisdiction_id).or_default().0.get_or_insert_with(|| c.place.clone());
        }
        for c in &new {
            places.entry(c.jurisdiction_id).or_default().1.get_or_insert_with(|| c.place.clone());
        }
        if !old.is_empty() || !new.is_empty() {
            remember(&mut *conn, &part).await?;
        }
    }
    apply(conn, delta, places).await
}

/// Adds an import's window of new deals, counted as they were checked, to the stored counts,
/// inside the import's transaction (after the batches that wrote them).
pub async fn keep_fresh(conn: &mut SqliteConnection, fresh: Fresh) -> Result<(), sqlx::Error> {
    let (delta, places) = fresh.into_parts();
    apply(conn, delta, places).await
}

/// Merges a change into the stored counts: the number of governments with a public deal
/// (from each government's place before and after, `places`), every touched scope's counts,
/// and where each government now sits.
async fn apply(conn: &mut SqliteConnection, mut delta: Delta, places: Placed) -> Result<(), sqlx::Error> {
    if delta.is_empty() {
        return Ok(());
    }
    let own_before = own_deals(&mut *conn, places.keys().copied()).await?;
    // How many governments have a public deal: one more when a government's first deal
    // counts, one fewer when its last goes, and moved along when its place moved.
    for (j, (was, is)) in &places {
        let (Some(was), Some(is)) = (was.as_ref().or(is.as_ref()), is.as_ref().or(was.as_ref())) else { continue };
        let before = own_before.get(j).copied().unwrap_or(0);
        let after = before + delta.own_deals(*j);
        if before > 0 && (after == 0 || was != is) {
            delta.governments(*j, was, -1);
        }
        if after > 0 && (before == 0 || was != is) {
            delta.governments(*j, is, 1);
        }
    }
    // The stored counts are read, changed and written back a statement's worth at a time:
    // only the change to every scope is held at once.
    let (mut rest, names) = delta.into_parts();
    while !rest.is_empty() {
        let later = rest.split_off(rest.len().min(ROWS_PER_STATEMENT));
        let part = std::mem::replace(&mut rest, later);
        let mut stored = read(&mut *conn, part.iter().map(|(scope, _)| scope)).await?;
        let merged: Vec<(Scope, Counts)> = part
            .into_iter()
            .map(|(scope, d)| {
                let now = stored.remove(&scope).unwrap_or_default().plus(&d, &names);
                (scope, now)
            })
            .collect();
        write(&mut *conn, &merged).await?;
    }
    let placed: Vec<(i64, &Place)> = places.iter().filter_map(|(j, (_, is))| Some((*j, is.as_ref()?))).collect();
    for chunk in placed.chunks(ROWS_PER_STATEMENT) {
        let mut b = QueryBuilder::<Sqlite>::new("INSERT INTO tallied_places (jurisdiction_id, parent_id, state_usps, is_state) ");
        b.push_values(chunk, |mut r, (j, p)| {
            r.push_bind(*j).push_bind(p.parent_id).push_bind(p.place_state.clone()).push_bind(p.is_state);
        });
        b.push(
            " ON CONFLICT (jurisdiction_id) DO UPDATE SET parent_id = excluded.parent_id, state_usps = excluded.state_usps,
              is_state = excluded.is_state",
        );
        b.build().persistent(false).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Deals read at once by [`settle`].
const READ_PART: usize = 5_000;

/// Records what these deals count for now, for their next change.
async fn remember(conn: &mut SqliteConnection, deals: &Deals) -> Result<(), sqlx::Error> {
    let mut del = QueryBuilder::<Sqlite>::new("DELETE FROM tallied_deals WHERE ");
    match deals {
        Deals::Range(a, b) => {
            del.push("deal_id BETWEEN ").push_bind(*a).push(" AND ").push_bind(*b);
        }
        Deals::List(ids) => {
            del.push("deal_id IN (SELECT value FROM json_each(").push_bind(serde_json::to_string(ids).unwrap_or_default()).push("))");
        }
    }
    del.build().execute(&mut *conn).await?;
    // Copied by SQLite from the rows `settle` just read, in the same transaction: the same
    // values, without passing each deal's ten values back through the driver.
    let sql = format!(
        "INSERT INTO tallied_deals (deal_id, jurisdiction_id, state_usps, kind, status, basis, entity_id, year, cents, updated_at)
         SELECT {} {}{}",
        deal_columns!(),
        CURRENT.1,
        deals.condition("d.id")
    );
    let insert = sqlx::query(&sql);
    let insert = match deals {
        Deals::Range(a, b) => insert.bind(*a).bind(*b),
        Deals::List(ids) => insert.bind(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())),
    };
    insert.execute(conn).await?;
    Ok(())
}

/// How many public deals each of these governments has, as stored (those with none are left
/// out).
async fn own_deals(conn: &mut SqliteConnection, governments: impl Iterator<Item = i64>) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let governments: Vec<String> = governments.map(|j| j.to_string()).collect();
    let mut out = HashMap::with_capacity(governments.len());
    for chunk in governments.chunks(ROWS_PER_STATEMENT * 10) {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT scope_key, deals FROM tallies WHERE scope = 'own' AND scope_key IN (SELECT value FROM json_each(?1))")
                .bind(serde_json::to_string(chunk).unwrap_or_else(|_| "[]".into()))
                .fetch_all(&mut *conn)
                .await?;
        out.extend(rows.into_iter().filter_map(|(k, n)| Some((k.parse().ok()?, n))));
    }
    Ok(out)
}

/// Rows a statement reads or writes at once. SQLite compiles each row of a `VALUES` list into
/// the statement, so the longest lists its bound-value limit allows made statements of
/// megabytes, held while they ran; 500 rows cost no measurable time more.
const ROWS_PER_STATEMENT: usize = 500;

/// The stored counts of these scopes (those with none are left out).
async fn read<'a>(conn: &mut SqliteConnection, scopes: impl Iterator<Item = &'a Scope>) -> Result<HashMap<Scope, Counts>, sqlx::Error> {
    let wanted: Vec<(&str, &str)> = scopes.map(|(s, k)| (*s, k.as_str())).collect();
    let mut out = HashMap::new();
    for chunk in wanted.chunks(ROWS_PER_STATEMENT) {
        let mut b = QueryBuilder::<Sqlite>::new("WITH w(scope, scope_key) AS (");
        b.push_values(chunk, |mut r, (s, k)| {
            r.push_bind(s.to_string()).push_bind(k.to_string());
        });
        b.push(") SELECT t.scope, t.scope_key, t.counts FROM w JOIN tallies t ON t.scope = w.scope AND t.scope_key = w.scope_key");
        let rows: Vec<(String, String, String)> = b.build_query_as().persistent(false).fetch_all(&mut *conn).await?;
        for (scope, key, counts) in rows {
            let Some(scope) = ["site", "own", "within", "state"].into_iter().find(|s| *s == scope) else { continue };
            out.insert((scope, key), parse(&counts)?);
        }
    }
    Ok(out)
}

fn parse(counts: &str) -> Result<Counts, sqlx::Error> {
    serde_json::from_str(counts).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Stores these scopes' counts, replacing what was there; a scope left empty goes.
async fn write(conn: &mut SqliteConnection, counts: &[(Scope, Counts)]) -> Result<(), sqlx::Error> {
    let (empty, kept): (Vec<_>, Vec<_>) = counts.iter().partition(|(_, c)| c.is_empty());
    for chunk in kept.chunks(ROWS_PER_STATEMENT) {
        let mut b = QueryBuilder::<Sqlite>::new("INSERT INTO tallies (scope, scope_key, counts, deals) ");
        b.push_values(chunk, |mut r, ((scope, key), c)| {
            r.push_bind(*scope).push_bind(key.clone()).push_bind(serde_json::to_string(c).unwrap_or_default()).push_bind(c.deals);
        });
        b.push(" ON CONFLICT (scope, scope_key) DO UPDATE SET counts = excluded.counts, deals = excluded.deals");
        b.build().persistent(false).execute(&mut *conn).await?;
    }
    for ((scope, key), _) in empty {
        sqlx::query("DELETE FROM tallies WHERE scope = ? AND scope_key = ?").bind(*scope).bind(key).execute(&mut *conn).await?;
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
    // Windows of ids that exist (a far-off id doesn't make millions of empty windows).
    let mut from = i64::MIN;
    loop {
        let end: Option<i64> = sqlx::query_scalar("SELECT max(id) FROM (SELECT id FROM deals WHERE id >= ?1 ORDER BY id LIMIT ?2)")
            .bind(from)
            .bind(WINDOW)
            .fetch_one(&mut *conn)
            .await?;
        let Some(end) = end else { break };
        settle(conn, Deals::Range(from, end)).await?;
        match end.checked_add(1) {
            Some(next) => from = next,
            None => break,
        }
    }
    sqlx::query("UPDATE tallies_built SET built = 1").execute(&mut *conn).await?;
    sqlx::query_scalar("SELECT count(*) FROM tallied_deals").fetch_one(conn).await
}

/// Deals counted at once by a rebuild (each scope they touch is written once per window;
/// `settle` reads them in parts).
const WINDOW: i64 = 20_000;

/// Whether the counts cover the deals (not yet after the migration that added them).
pub async fn built(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT coalesce(max(built), 0) = 1 FROM tallies_built").fetch_one(conn).await
}
