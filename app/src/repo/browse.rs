//! The browse view: filters, facet counts and keyset pagination over SQL, with the deals a
//! text search matched (from the search index) as a set of ids. Every query runs under a
//! progress handler that stops SQLite itself when the time is up.

use crate::model::{
    filter::{DealFilter, Sort},
    view::BrowseRow,
    JurisdictionKind,
};
use crate::search::Marker;
use sqlx::{sqlite::SqliteArguments, Arguments, SqliteConnection};
use std::time::{Duration, Instant};

pub use super::facet_counts::{facets, only_place};
pub use super::search::{count_filtered, lists_in_memory, search, Searched};

/// Rows per page.
pub const PAGE: i64 = 50;
/// The longest any browse or search query may run.
pub const TIME_LIMIT: Duration = Duration::from_millis(1500);

/// Why a browse failed.
#[derive(Debug, thiserror::Error)]
pub enum BrowseError {
    /// The text query can't be run as typed; the message says why.
    #[error("{0:?}")]
    Query(crate::model::msg::Msg),
    /// The search index failed.
    #[error(transparent)]
    Index(#[from] crate::search::SearchError),
    /// The query ran out of time and SQLite was stopped.
    #[error("too slow")]
    TooSlow,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[derive(Clone, Debug)]
pub(super) enum Arg {
    Int(i64),
    Text(String),
}

/// Which facet a WHERE clause leaves out (to count that facet's values).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Facet {
    Kind,
    Status,
    Entity,
    State,
    Year,
}

/// The deal's best-known date, as stored text.
pub(super) const BEST_DATE: &str = "coalesce(d.approved_on, d.announced_on, d.starts_on)";

/// The place filter, resolved to its jurisdiction.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceScope {
    /// The jurisdiction's id.
    pub id: i64,
    /// A state's deals are found by their state, a county's by parent, others by id.
    pub kind: crate::model::JurisdictionKind,
    /// Its two-letter state code.
    pub state: String,
    /// Its name as headings and feed titles show it ("Arlington County, VA").
    pub label: String,
}

impl PlaceScope {
    /// A scope by its parts; tests make them without a database.
    pub fn new(id: i64, kind: crate::model::JurisdictionKind, state: &str) -> PlaceScope {
        PlaceScope { id, kind, state: state.to_string(), label: String::new() }
    }
}

/// Resolves "va" or "va/arlington-county" to a jurisdiction.
pub async fn resolve_place(conn: &mut SqliteConnection, place: &str) -> Result<Option<PlaceScope>, sqlx::Error> {
    let (usps, slug) = place.split_once('/').map(|(a, b)| (a, Some(b))).unwrap_or((place, None));
    let j = match slug {
        None => super::jurisdictions::state(conn, usps).await?,
        Some(s) => match super::jurisdictions::by_slug(conn, usps, s).await? {
            super::jurisdictions::SlugLookup::Found(j) | super::jurisdictions::SlugLookup::Moved(j) => Some(j),
            super::jurisdictions::SlugLookup::Missing => None,
        },
    };
    Ok(j.map(|j| PlaceScope { id: j.id, kind: j.kind, label: j.label(), state: j.state_usps }))
}

/// The ids of a company and its subsidiaries, at any depth (one argument: the company).
pub(super) const ENTITY_FAMILY: &str =
    "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT e.id FROM entities e JOIN sub ON e.parent_id = sub.id) SELECT id FROM sub";

/// The WHERE clause of a view (leaving out the facet `except`), with `matched` the deals its
/// text search matched as a JSON array of ids.
pub(super) fn where_clause(f: &DealFilter, place: Option<&PlaceScope>, matched: Option<&str>, except: Option<Facet>) -> (String, Vec<Arg>) {
    let except = |facet: Facet| except == Some(facet);
    let mut c: Vec<String> = vec!["d.published = 1".into(), "d.deleted_at IS NULL".into()];
    let mut a: Vec<Arg> = Vec::new();
    if let Some(s) = &f.state {
        if !except(Facet::State) {
            c.push("d.state_usps = ?".into());
            a.push(Arg::Text(s.clone()));
        }
    }
    if let Some(p) = place {
        match p.kind {
            JurisdictionKind::State => {
                c.push("d.state_usps = ?".into());
                a.push(Arg::Text(p.state.clone()));
            }
            JurisdictionKind::County => {
                c.push("(d.jurisdiction_id = ? OR j.parent_id = ?)".into());
                a.push(Arg::Int(p.id));
                a.push(Arg::Int(p.id));
            }
            _ => {
                c.push("d.jurisdiction_id = ?".into());
                a.push(Arg::Int(p.id));
            }
        }
    }
    if !f.kinds.is_empty() && !except(Facet::Kind) {
        c.push(format!("d.kind IN ({})", vec!["?"; f.kinds.len()].join(", ")));
        a.extend(f.kinds.iter().map(|k| Arg::Text(k.code().into())));
    }
    if !f.statuses.is_empty() && !except(Facet::Status) {
        c.push(format!("d.status IN ({})", vec!["?"; f.statuses.len()].join(", ")));
        a.extend(f.statuses.iter().map(|k| Arg::Text(k.code().into())));
    }
    if let Some(e) = f.entity {
        if !except(Facet::Entity) {
            c.push(format!("d.entity_id IN ({ENTITY_FAMILY})"));
            a.push(Arg::Int(e));
        }
    }
    if let Some(m) = f.min {
        c.push("d.amount_cents >= ?".into());
        a.push(Arg::Int(m));
    }
    if let Some(m) = f.max {
        c.push("d.amount_cents <= ?".into());
        a.push(Arg::Int(m));
    }
    if !except(Facet::Year) {
        let (dc, da) = date_conditions(f);
        c.extend(dc);
        a.extend(da);
    }
    if let Some(dis) = f.disclosed {
        c.push("d.amount_disclosed = ?".into());
        a.push(Arg::Int(i64::from(dis)));
    }
    if let Some(ids) = matched {
        c.push("d.id IN (SELECT value FROM json_each(?))".into());
        a.push(Arg::Text(ids.to_string()));
    }
    (c.join(" AND "), a)
}

/// The date filter's conditions on a deal's best-known date, with their arguments. A deal
/// without a date fails them (its date is NULL).
pub(super) fn date_conditions(f: &DealFilter) -> (Vec<String>, Vec<Arg>) {
    let (mut c, mut a) = (Vec::new(), Vec::new());
    if let Some(d) = f.from {
        c.push(format!("{BEST_DATE} >= ?"));
        a.push(Arg::Text(d.to_iso()));
    }
    if let Some(d) = f.to {
        let iso = d.to_iso();
        c.push(format!("substr({BEST_DATE}, 1, ?) <= ?"));
        a.push(Arg::Int(iso.len() as i64));
        a.push(Arg::Text(iso));
    }
    (c, a)
}

pub(super) fn args(list: &[Arg]) -> SqliteArguments<'static> {
    let mut out = SqliteArguments::default();
    for a in list {
        // Adding an i64 or a String to SQLite arguments can't fail.
        let _ = match a {
            Arg::Int(i) => out.add(*i),
            Arg::Text(t) => out.add(t.clone()),
        };
    }
    out
}

pub(super) const FROM: &str = "FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id JOIN entities e ON e.id = d.entity_id";

/// The FROM clause for counting: the jurisdiction join only when the place filter reads it;
/// every deal has exactly one jurisdiction and one entity, so leaving the joins out does not
/// change a count.
pub(super) fn from_for(place: Option<&PlaceScope>) -> &'static str {
    if reads_jurisdiction(place) {
        "FROM deals d JOIN jurisdictions j ON j.id = d.jurisdiction_id"
    } else {
        "FROM deals d"
    }
}

/// Only a county or place filter reads the jurisdiction (its parent); states are on the deal.
pub(super) fn reads_jurisdiction(place: Option<&PlaceScope>) -> bool {
    place.is_some_and(|p| p.kind != JurisdictionKind::State)
}

/// Runs `body` with SQLite's progress handler armed for `TIME_LIMIT`.
pub(super) async fn timed<T>(
    conn: &mut SqliteConnection,
    body: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T, sqlx::Error>,
) -> Result<T, BrowseError> {
    let started = Instant::now();
    conn.lock_handle().await?.set_progress_handler(10_000, move || started.elapsed() < TIME_LIMIT);
    let result = body(&mut *conn).await;
    conn.lock_handle().await?.remove_progress_handler();
    result.map_err(|e| match &e {
        sqlx::Error::Database(db) if db.message().contains("interrupt") => BrowseError::TooSlow,
        _ => BrowseError::Db(e),
    })
}

pub(super) type Row = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub(super) fn to_row(r: Row) -> BrowseRow {
    BrowseRow {
        row: super::sets::to_deal_row(super::sets::ListRow {
            id: r.0,
            title: r.1,
            kind: r.2,
            status: r.3,
            place_name: r.4,
            place_state: r.5,
            place_kind: r.6,
            place_slug: r.7,
            entity: r.8,
            amount_cents: r.9,
            value_basis: r.10,
            best_date: r.11,
            review_state: r.12,
            first_source_url: r.13,
        }),
        marked_title: r.14,
        snippet: r.15,
        found_in: None,
    }
}

/// One page of deals, the total, and the cursor of the next page. A text search's page
/// comes `listed` (in the view's order, from `search`, with its total known); other views
/// are listed by SQL, a text search's matches as `matched` (a JSON array of ids) when asked
/// so (tests).
pub async fn page(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    limit: i64,
    known_total: Option<i64>,
    listed: Option<&[i64]>,
    matched: Option<&str>,
) -> Result<(Vec<BrowseRow>, i64, Option<String>), BrowseError> {
    // A list found in memory comes with its total: counting here would ignore the text.
    debug_assert!(listed.is_none() || known_total.is_some(), "a listed page is given its total");
    let (cond, a) = where_clause(f, place, matched, None);
    let total_sql = format!("SELECT count(*) {} WHERE {cond}", from_for(place));
    let relevance = f.sort == Sort::Relevance && listed.is_some();
    let mut offset = 0i64;
    let mut cursor = None;
    if let Some(after) = &f.after {
        if relevance {
            offset = relevance_offset(Some(after));
        } else if let Some((v, id)) = after.rsplit_once('~') {
            if let Ok(id) = id.parse::<i64>() {
                let val = if f.sort == Sort::Amount { Arg::Int(v.parse().unwrap_or(i64::MAX)) } else { Arg::Text(v.to_string()) };
                cursor = Some([val.clone(), val, Arg::Int(id)]);
            }
        }
    }
    // The list is found in two steps: the ids of the page (sorting only what the order
    // needs), then everything shown for those rows alone. In one step SQLite would work out
    // every column, the first source's link included, for every match before sorting.
    let (ids_sql, list_args, outer_order) = match listed {
        // Ordered and filtered already (`search`): the page is a slice, kept in order by its
        // position; by relevance from the offset, in another order from the start (the list
        // begins after the cursor).
        Some(ids) => {
            let skip = if relevance { offset as usize } else { 0 };
            let window: Vec<i64> = ids.iter().skip(skip).take(limit as usize + 1).copied().collect();
            let json = serde_json::to_string(&window).unwrap_or_else(|_| "[]".into());
            let key = order_of(f.sort, relevance).1;
            let sql = format!("SELECT d.id AS id, {key} AS k, w.key AS r FROM json_each(?) w CROSS JOIN deals d ON d.id = w.value");
            (sql, vec![Arg::Text(json)], "t.r")
        }
        None => {
            let (sql, args) = page_ids(f, place, matched, cursor, limit);
            (sql, args, "t.k DESC, t.id DESC")
        }
    };
    let list_sql = format!(
        "SELECT d.id, d.title, d.kind, d.status, j.display_name, j.state_usps, j.kind, j.slug, e.name,
            d.amount_cents, d.value_basis, {BEST_DATE}, d.review_state,
            (SELECT url FROM sources s WHERE s.deal_id = d.id ORDER BY position LIMIT 1), NULL, d.description, t.k
         FROM ({ids_sql}) t
         CROSS JOIN deals d ON d.id = t.id CROSS JOIN jurisdictions j ON j.id = d.jurisdiction_id CROSS JOIN entities e ON e.id = d.entity_id
         ORDER BY {outer_order}"
    );
    let (mut rows, total) = timed(conn, async |c| {
        let rows: Vec<(Row, serde_json::Value)> = sqlx::query_as_with::<_, RowWithKey, _>(&list_sql, args(&list_args))
            .fetch_all(&mut *c)
            .await?
            .into_iter()
            .map(|r| (r.0, r.1))
            .collect();
        // The total is the same for every page of a view; the caller may already know it.
        let total: i64 = match known_total {
            Some(t) => t,
            None => sqlx::query_scalar_with(&total_sql, args(&a)).fetch_one(&mut *c).await?,
        };
        Ok((rows, total))
    })
    .await?;
    // Column 15 carried the description; it leaves as a marked snippet, or not at all.
    let mut marker = f.q.as_deref().map(Marker::new);
    for (r, _) in rows.iter_mut() {
        let description = r.15.take();
        if let Some(m) = marker.as_mut() {
            r.14 = Some(m.mark(&r.1));
            r.15 = description.as_deref().and_then(|d| m.snippet(d));
        }
    }
    let has_more = rows.len() as i64 > limit;
    let mut out: Vec<BrowseRow> = Vec::new();
    let mut next = None;
    for (i, (r, k)) in rows.into_iter().enumerate() {
        if i as i64 == limit {
            break;
        }
        let id = r.0;
        if has_more && i as i64 == limit - 1 {
            next = if relevance {
                // Paged by relevance as deep as MAX_OFFSET; past it the words need narrowing.
                (offset + limit <= MAX_OFFSET).then(|| format!("o{}", offset + limit))
            } else {
                let v = match k {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                Some(format!("{v}~{id}"))
            };
        }
        out.push(to_row(r));
    }
    // Words found only in a deal's documents: the result says where.
    if let Some(m) = marker.as_mut() {
        let mut budget = super::documents::PAGES_READ_PER_LIST;
        for b in out.iter_mut() {
            let marked = |s: &Option<String>| s.as_deref().is_some_and(|t| t.contains('\u{2}'));
            if !marked(&b.marked_title) && !marked(&b.snippet) {
                b.found_in = super::documents::find_in(conn, b.row.id, m, &mut budget).await?;
            }
        }
    }
    Ok((out, total, next))
}

/// How deep a list by relevance may be paged (beyond it, the words need narrowing).
pub const MAX_OFFSET: i64 = 10_000;

/// How many matches a relevance page's cursor ("o40") skips, within `MAX_OFFSET`.
pub fn relevance_offset(after: Option<&str>) -> i64 {
    after.and_then(|a| a.strip_prefix('o')).and_then(|n| n.parse::<i64>().ok()).unwrap_or(0).clamp(0, MAX_OFFSET)
}

/// The query for one page's ids in the view's order (with each id's sort key `k`), and its
/// arguments.
pub(super) fn page_ids(
    f: &DealFilter,
    place: Option<&PlaceScope>,
    matched: Option<&str>,
    cursor: Option<[Arg; 3]>,
    limit: i64,
) -> (String, Vec<Arg>) {
    let (mut cond, mut list_args) = where_clause(f, place, matched, None);
    let (order, key, cursor_cond) = order_of(f.sort, false);
    if let Some(c) = cursor {
        cond = format!("{cond} AND {cursor_cond}");
        list_args.extend(c);
    }
    list_args.push(Arg::Int(limit + 1));
    (format!("SELECT d.id AS id, {key} AS k {} WHERE {cond} ORDER BY {order} LIMIT ?", from_for(place)), list_args)
}

/// A list order's ORDER BY, sort key (`k`, which the next page's cursor carries) and cursor
/// condition (three arguments: key, key, id). `Facts::order` orders as these do.
pub(super) fn order_of(sort: Sort, relevance: bool) -> (&'static str, &'static str, &'static str) {
    match sort {
        Sort::Relevance if relevance => ("r, d.id", "''", ""),
        Sort::Newest | Sort::Relevance => {
            ("d.created_at DESC, d.id DESC", "d.created_at", "(d.created_at < ? OR (d.created_at = ? AND d.id < ?))")
        }
        Sort::Amount => (
            "coalesce(d.amount_cents, -1) DESC, d.id DESC",
            "coalesce(d.amount_cents, -1)",
            "(coalesce(d.amount_cents, -1) < ? OR (coalesce(d.amount_cents, -1) = ? AND d.id < ?))",
        ),
        Sort::Approved => (
            "coalesce(d.approved_on, '') DESC, d.id DESC",
            "coalesce(d.approved_on, '')",
            "(coalesce(d.approved_on, '') < ? OR (coalesce(d.approved_on, '') = ? AND d.id < ?))",
        ),
    }
}

/// A list row plus its sort key, read as JSON so one type serves text and number keys.
struct RowWithKey(Row, serde_json::Value);

impl<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> for RowWithKey {
    fn from_row(row: &'r sqlx::sqlite::SqliteRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row as _;
        let base = <Row as sqlx::FromRow<sqlx::sqlite::SqliteRow>>::from_row(row)?;
        let key = match row.try_get::<i64, _>(16) {
            Ok(n) => serde_json::Value::from(n),
            Err(_) => serde_json::Value::from(row.try_get::<String, _>(16).unwrap_or_default()),
        };
        Ok(RowWithKey(base, key))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{
        facet_counts::{counts_by_facet, family_counts},
        search::tally_scope,
    };
    use super::*;
    use crate::search::{follow, SearchIndex, Wanted};

    #[test]
    fn a_company_counts_its_subsidiaries_deals() {
        // 1 Amazon.com, Inc. → 2 AWS → 3 AWS GovCloud; 4 Ring LLC stands alone.
        let entities =
            vec![(1, "Amazon".into(), None), (2, "AWS".into(), Some(1)), (3, "GovCloud".into(), Some(2)), (4, "Ring".into(), None)];
        let own = vec![("1".into(), 6), ("2".into(), 10), ("3".into(), 4), ("4".into(), 3)];
        assert_eq!(family_counts(own, &entities), vec![(1, 20), (2, 14), (3, 4), (4, 3)]);
        // A parent with no deals of its own is still listed with its subsidiaries' deals.
        assert_eq!(family_counts(vec![("3".into(), 2)], &entities), vec![(1, 2), (2, 2), (3, 2)]);
    }

    /// 120 deals in four places (a county, a place in it, two others), 109 of them public,
    /// of three kinds of text, with varied kinds, statuses, companies, amounts and dates.
    async fn fixture(conn: &mut SqliteConnection) {
        for (id, usps, name, parent) in [
            (90001, "VA", "Arlington County", None),
            (90002, "OH", "Hilliard", None),
            (90003, "TX", "Austin", None),
            (90004, "VA", "Clarendon", Some(90001)),
        ] {
            sqlx::query("INSERT INTO jurisdictions (id, kind, legal_type, official_name, display_name, state_fips, state_usps, slug, parent_id) VALUES (?, ?, 'County', ?, ?, '51', ?, ?, ?)")
                .bind(id).bind(if parent.is_some() { "place" } else { "county" }).bind(name).bind(name).bind(usps).bind(name.to_lowercase().replace(' ', "-")).bind(parent)
                .execute(&mut *conn).await.unwrap();
        }
        let kinds = ["cloud_contract", "tax_abatement", "police_partnership"];
        let statuses = ["active", "approved", "proposed", "completed"];
        let dates = [Some("2019-05"), Some("2021"), None, Some("2023-02-01")];
        for i in 0..120i64 {
            let text = if i % 3 == 0 {
                "Ring camera data sharing"
            } else if i % 3 == 1 {
                "Data center abatement"
            } else {
                "Cloud hosting contract"
            };
            let j = 90001 + i % 4;
            sqlx::query(
                "INSERT INTO deals (id, title, kind, jurisdiction_id, entity_id, amount_cents, amount_disclosed, value_basis, approved_on, status, description,
                    review_state, published, created_at, updated_at, state_usps)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'approved', ?, ?, '2024-01-01T00:00:00Z', (SELECT state_usps FROM jurisdictions WHERE id = ?))",
            )
            .bind(i + 1).bind(format!("{text} {i}")).bind(kinds[(i % 7 % 3) as usize]).bind(j).bind(i % 8 + 1)
            .bind((i % 4 != 0).then_some(i * 1000)).bind(i % 4 != 0).bind((i % 4 != 0).then_some("estimated"))
            // The title's first word again, 0-4 times, so matches score differently.
            .bind(dates[(i % 4) as usize]).bind(statuses[(i % 5 % 4) as usize])
            .bind(format!("words about the deal {}", vec![text.split(' ').next().unwrap_or_default(); (i % 5) as usize].join(" ")))
            .bind(i % 11 != 0)
            .bind(format!("2024-01-{:02}T00:00:00Z", i % 28 + 1)).bind(j)
            .execute(&mut *conn).await.unwrap();
        }
    }

    /// The fixture's search index, built from its public deals.
    async fn indexed(pool: &sqlx::SqlitePool) -> SearchIndex {
        let index = SearchIndex::open(None).unwrap();
        follow::rebuild(&index, pool).await.unwrap();
        index
    }

    /// The deals a search matches, as the SQL reference takes them.
    fn matched(index: &SearchIndex, q: &str) -> String {
        let ids: Vec<i64> = index.find(&Wanted::parse(q).unwrap(), false).unwrap().into_iter().map(|h| h.0).collect();
        serde_json::to_string(&ids).unwrap()
    }

    fn filter(view: &str) -> DealFilter {
        let pairs: Vec<(String, String)> =
            view.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        DealFilter::parse(&pairs).unwrap()
    }

    /// A search listed in memory (scored by the index or ordered by the facts' keys, filtered
    /// by the facts) shows the same deals, with the same totals and cursors, as SQL filtering
    /// the index's matches: in every order but relevance in SQL's order; by relevance each
    /// page in score order (ties by id), page after page, every deal once.
    #[tokio::test]
    async fn pages_listed_in_memory_equal_pages_listed_by_sql() {
        let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        fixture(&mut conn).await;
        let index = indexed(&pool).await;
        let facts = tokio::sync::RwLock::new(crate::repo::facts::Facts::default());
        let county: Option<PlaceScope> = Some(PlaceScope::new(90001, JurisdictionKind::County, "VA"));
        let views = [
            ("q=data", None),
            ("q=ring camera", None),
            ("q=data&min=50", None),
            ("q=data&from=2020&disclosed=yes", None),
            ("q=cloud hosting&to=2021", None),
            ("q=dat", None),
            ("q=\"center abatement\"", None),
            // Narrowed by a state, kinds, a status and a company, a county and the place in it.
            ("q=data&state=va", None),
            ("q=data&kind=cloud_contract&kind=tax_abatement&status=active&status=approved", None),
            ("q=data&entity=1&from=2019", None),
            ("q=data", county.clone()),
            ("q=data&kind=tax_abatement&kind=cloud_contract&disclosed=yes", county.clone()),
        ];
        for (v, place) in &views {
            let place = place.as_ref();
            let q = filter(v).q.unwrap();
            let json = matched(&index, &q);
            let scores: std::collections::HashMap<i64, f32> = index.find(&Wanted::parse(&q).unwrap(), true).unwrap().into_iter().collect();
            for sort in ["relevance", "newest", "amount", "approved"] {
                let mut f = filter(&format!("{v}&sort={sort}"));
                assert!(lists_in_memory(&f), "{v}");
                let mut pages = 0;
                let mut seen = Vec::new();
                loop {
                    let searched = search(&mut conn, &f, place, &index, &facts, 1, true).await.unwrap();
                    let listed = searched.listed;
                    let memory = page(&mut conn, &f, place, 7, searched.total, Some(&listed), None).await.unwrap();
                    let ids = |p: &(Vec<BrowseRow>, i64, Option<String>)| p.0.iter().map(|r| r.row.id).collect::<Vec<_>>();
                    if sort != "relevance" {
                        let sql = page(&mut conn, &f, place, 7, None, None, Some(&json)).await.unwrap();
                        assert_eq!(ids(&memory), ids(&sql), "{v} by {sort}, page {pages}");
                        assert_eq!((memory.1, &memory.2), (sql.1, &sql.2), "{v} by {sort}, page {pages}: total and cursor");
                    }
                    seen.extend(ids(&memory));
                    pages += 1;
                    match memory.2 {
                        Some(next) => f.after = Some(next),
                        None => break,
                    }
                }
                let total = page(&mut conn, &filter(&format!("{v}&sort=newest")), place, 7, None, None, Some(&json)).await.unwrap().1;
                assert_eq!(seen.len() as i64, total, "{v} by {sort}: every deal once");
                let mut unique = seen.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), seen.len(), "{v} by {sort}: no deal twice");
                assert!(pages > 1, "{v} by {sort}: more than one page");
                if sort == "relevance" {
                    let ranked: Vec<(f32, i64)> = seen.iter().map(|id| (scores[id], *id)).collect();
                    let mut best_first = ranked.clone();
                    best_first.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                    assert_eq!(ranked, best_first, "{v}: best first");
                    // A prefix alone ("dat") matches many words, each as good as another.
                    if *v != "q=dat" {
                        assert!(ranked.first().unwrap().0 > ranked.last().unwrap().0, "{v}: scores differ");
                    }
                } else {
                    assert_ne!(seen, unique, "{v} by {sort}: ordered, not in id order");
                }
            }
        }
    }

    /// A page of a list without words reads its rows in the list's order from the index made
    /// for its filters, for every order, on the first page and after a cursor; so do a
    /// place's and the home page's lists and an export's batches. At a million deals,
    /// sorting every match instead, or reading every public deal in order and filtering
    /// them, takes seconds. Nothing runs ANALYZE, so SQLite plans this small database as it
    /// plans a large one.
    #[tokio::test]
    async fn list_pages_are_read_in_order_from_an_index() {
        use crate::repo::sets::{list_sql, DealSet};
        let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        async fn plan(conn: &mut SqliteConnection, sql: &str, list_args: &[Arg]) -> Vec<String> {
            let rows: Vec<(i64, i64, i64, String)> =
                sqlx::query_as_with(&format!("EXPLAIN QUERY PLAN {sql}"), args(list_args)).fetch_all(conn).await.unwrap();
            rows.into_iter().map(|r| r.3).collect()
        }
        // The deals are read by that index (a name, not a prefix of another), and not sorted.
        fn reads(plan: &[String], index: &str) -> bool {
            let by_index = |p: &String| {
                (p.starts_with("SCAN d ") || p.starts_with("SEARCH d "))
                    && (p.ends_with(&format!("INDEX {index}")) || p.contains(&format!("INDEX {index} (")))
            };
            plan.iter().any(by_index) && !plan.iter().any(|p| p.contains("TEMP B-TREE"))
        }
        let city = PlaceScope::new(90002, JurisdictionKind::Place, "VA");
        let state = PlaceScope::new(51, JurisdictionKind::State, "VA");
        let views = [
            ("sort=newest", None, "deals_public_created"),
            ("sort=amount", None, "deals_public_amount_order"),
            ("sort=approved", None, "deals_public_approved_order"),
            ("state=va", None, "deals_public_state_created"),
            ("kind=tax_abatement", None, "deals_public_kind_created"),
            ("state=va&kind=tax_abatement", None, "deals_public_state_kind_created"),
            ("sort=newest", Some(&city), "deals_jurisdiction"),
            ("kind=tax_abatement", Some(&city), "deals_jurisdiction"),
            ("sort=newest", Some(&state), "deals_public_state_created"),
            ("kind=tax_abatement", Some(&state), "deals_public_state_kind_created"),
        ];
        for (v, place, index) in views {
            let f = filter(v);
            let key = if f.sort == Sort::Amount { Arg::Int(500) } else { Arg::Text("2024-01-01".into()) };
            for cursor in [None, Some([key.clone(), key, Arg::Int(7)])] {
                let after = cursor.is_some();
                let (sql, list_args) = page_ids(&f, place, None, cursor, PAGE);
                let plan = plan(&mut conn, &sql, &list_args).await;
                assert!(reads(&plan, index), "{v} (after: {after}) should read {index}: {plan:?}");
            }
            if f.sort == Sort::Newest {
                for after in [None, Some(("2024-01-01".to_string(), 7))] {
                    let (sql, list_args) = crate::repo::exports::batch_query(&f, place, None, after.clone(), 500);
                    let plan = plan(&mut conn, &sql, &list_args).await;
                    assert!(reads(&plan, index), "export of {v} (after: {after:?}) should read {index}: {plan:?}");
                }
            }
        }
        let sets = [
            (DealSet::Site, "deals_public_created"),
            (DealSet::Own(90002), "deals_jurisdiction"),
            (DealSet::InState("VA".into()), "deals_public_state_created"),
        ];
        for (set, index) in sets {
            let list_args = [Arg::Text(set.bind_value()), Arg::Int(PAGE)];
            let plan = plan(&mut conn, &list_sql(&set), &list_args).await;
            assert!(reads(&plan, index), "{set:?} should read {index}: {plan:?}");
        }
    }

    /// The in-memory counts for a text search equal the grouped queries', filter by filter,
    /// place by place, and stay equal after deals change, are withdrawn or are added.
    #[tokio::test]
    async fn facts_facets_equal_grouped_facets() {
        let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        fixture(&mut conn).await;
        let views = [
            "q=data",
            "q=data&state=va",
            "q=data&kind=cloud_contract&kind=tax_abatement",
            "q=ring&status=active&entity=1",
            "q=data&entity=2&from=2020&to=2022",
            "q=cloud&disclosed=yes&min=5000",
            "q=data&to=2021",
            "q=data&from=2019&state=oh&status=approved",
            "q=data&max=60000&disclosed=yes",
            "q=data&to=2019-05",
            "q=ring&disclosed=no",
        ];
        let places: [Option<PlaceScope>; 4] = [
            None,
            Some(PlaceScope::new(90001, JurisdictionKind::County, "VA")),
            Some(PlaceScope::new(90004, JurisdictionKind::Place, "VA")),
            Some(PlaceScope::new(0, JurisdictionKind::State, "VA")),
        ];
        let mut facts = crate::repo::facts::Facts::default();
        async fn check(
            conn: &mut SqliteConnection,
            index: &SearchIndex,
            facts: &crate::repo::facts::Facts,
            views: &[&str],
            places: &[Option<PlaceScope>],
        ) {
            for v in views {
                for place in places {
                    let f = filter(v);
                    let json = matched(index, f.q.as_deref().unwrap());
                    let grouped = counts_by_facet(&mut *conn, &f, place.as_ref(), Some(&json)).await.unwrap();
                    let ids: Vec<i64> = serde_json::from_str(&json).unwrap();
                    let scope = tally_scope(&mut *conn, &f, place.as_ref()).await.unwrap();
                    let tally = facts.tally(&ids, &f, &scope);
                    let (in_memory, total) = (tally.counts, tally.passing.len() as i64);
                    assert_eq!(in_memory, grouped, "{v} in {place:?}");
                    let (cond, a) = where_clause(&f, place.as_ref(), Some(&json), None);
                    let counted: i64 =
                        sqlx::query_scalar_with(&format!("SELECT count(*) {} WHERE {cond}", from_for(place.as_ref())), args(&a))
                            .fetch_one(&mut *conn)
                            .await
                            .unwrap();
                    assert_eq!(total, counted, "{v} in {place:?}");
                }
            }
        }
        let index = indexed(&pool).await;
        facts.refresh(&mut conn, 1).await.unwrap();
        check(&mut conn, &index, &facts, &views, &places).await;
        let total = |facts: &crate::repo::facts::Facts| {
            facts.tally(&(1..=200).collect::<Vec<_>>(), &DealFilter::default(), &Default::default()).passing.len()
        };
        assert_eq!(total(&facts), 120 - 11, "the public deals");
        // Changes: an edit moves deals to Ohio and another kind, a withdrawal, a
        // publication, a new deal. A refresh at a new version reads just those.
        let later = "2999-01-01T00:00:00Z";
        sqlx::query("UPDATE deals SET kind = 'police_partnership', state_usps = 'OH', jurisdiction_id = 90002, updated_at = ? WHERE id IN (2, 3, 5)").bind(later).execute(&mut *conn).await.unwrap();
        sqlx::query("UPDATE deals SET deleted_at = ?, updated_at = ? WHERE id = 4")
            .bind(later)
            .bind(later)
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query("UPDATE deals SET published = 1, updated_at = ? WHERE id = 12").bind(later).execute(&mut *conn).await.unwrap();
        sqlx::query(
            "INSERT INTO deals (id, title, kind, jurisdiction_id, entity_id, amount_disclosed, status, review_state, published, created_at, updated_at, state_usps)
             VALUES (121, 'Data sharing 121', 'cloud_contract', 90004, 1, 0, 'active', 'approved', 1, ?, ?, 'VA')",
        )
        .bind(later).bind(later).execute(&mut *conn).await.unwrap();
        let index = indexed(&pool).await;
        facts.refresh(&mut conn, 1).await.unwrap();
        assert_eq!(total(&facts), 120 - 11, "at the same version the copy is not read again");
        facts.refresh(&mut conn, 2).await.unwrap();
        assert_eq!(total(&facts), 120 - 11 - 1 + 1 + 1);
        check(&mut conn, &index, &facts, &views, &places).await;
        // A place leaving its county changes no deal, and the county's counts follow at once.
        sqlx::query("UPDATE jurisdictions SET parent_id = NULL WHERE id = 90004").execute(&mut *conn).await.unwrap();
        check(&mut conn, &index, &facts, &views, &places).await;
    }

    /// A view without text filtered by more than its place is counted over every public deal
    /// in memory: the same counts and total as the grouped queries, view by view.
    #[tokio::test]
    async fn views_without_text_count_the_same_in_memory() {
        let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        fixture(&mut conn).await;
        let views = [
            "state=va",
            "kind=cloud_contract&kind=tax_abatement",
            "status=active&entity=1",
            "entity=2&from=2020&to=2022",
            "disclosed=yes&min=5000",
            "to=2021",
            "from=2019&state=oh&status=approved",
            "max=60000&disclosed=yes",
            "to=2019-05",
            "disclosed=no",
        ];
        let places: [Option<PlaceScope>; 3] =
            [None, Some(PlaceScope::new(90001, JurisdictionKind::County, "VA")), Some(PlaceScope::new(0, JurisdictionKind::State, "VA"))];
        let facts = tokio::sync::RwLock::new(crate::repo::facts::Facts::default());
        for v in views {
            for place in &places {
                let f = filter(v);
                let (counts, total) = count_filtered(&mut conn, &f, place.as_ref(), &facts, 1).await.unwrap();
                let grouped = counts_by_facet(&mut conn, &f, place.as_ref(), None).await.unwrap();
                assert_eq!(counts, grouped, "{v} in {place:?}");
                let sql = page(&mut conn, &f, place.as_ref(), 7, None, None, None).await.unwrap().1;
                assert_eq!(total, sql, "{v} in {place:?}");
            }
        }
    }

    /// A search matching every deal is answered, not refused: its exact total and the best
    /// matches first, with or without another filter.
    #[tokio::test]
    async fn searches_matching_every_deal_are_answered() {
        let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        fixture(&mut conn).await;
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 3999)
             INSERT INTO deals (id, title, kind, jurisdiction_id, entity_id, amount_disclosed, status, review_state, published, created_at, updated_at, state_usps)
             SELECT i, 'Common word ' || (i % 2) || CASE WHEN i % 100 = 0 THEN ' common common' ELSE '' END, 'cloud_contract', 90003, 1, 0, 'active', 'approved', 1,
                '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'TX' FROM n",
        )
        .execute(&mut *conn)
        .await
        .unwrap();
        let index = indexed(&pool).await;
        let facts = tokio::sync::RwLock::new(crate::repo::facts::Facts::default());
        let found = search(&mut conn, &filter("q=common"), None, &index, &facts, 1, true).await.unwrap();
        assert_eq!(found.total, Some(3000));
        let first = page(&mut conn, &filter("q=common"), None, PAGE, found.total, Some(&found.listed), None).await.unwrap();
        assert_eq!(first.0.len() as i64, PAGE);
        assert!(first.0.iter().take(30).all(|r| r.row.id % 100 == 0), "the deals saying it three times lead");
        assert_eq!(first.2.as_deref(), Some("o50"));
        let kinds = &found.counts.unwrap()[0];
        assert_eq!(kinds, &vec![("cloud_contract".to_string(), 3000)]);
        let narrowed = search(&mut conn, &filter("q=common&state=va"), None, &index, &facts, 1, true).await.unwrap();
        assert_eq!(narrowed.total, Some(0));
    }

    #[tokio::test]
    async fn the_time_limit_stops_sqlite_itself() {
        use sqlx::Connection;
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        let started = Instant::now();
        let r = timed(&mut conn, async |c| {
            sqlx::query_scalar::<_, i64>("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
                .fetch_one(&mut *c)
                .await
        })
        .await;
        assert!(matches!(r, Err(BrowseError::TooSlow)), "{r:?}");
        assert!(started.elapsed() < TIME_LIMIT + Duration::from_secs(2), "stopped promptly: {:?}", started.elapsed());
        // The connection still works afterwards.
        let one: i64 = sqlx::query_scalar("SELECT 1").fetch_one(&mut conn).await.unwrap();
        assert_eq!(one, 1);
    }
}
