//! Text searches listed in memory: the index ranks the matches, the facts in memory keep
//! those that are public and pass the filters, and count the facets on the way.

use super::browse::*;
use super::text::fts_query;
use crate::model::{
    filter::{DealFilter, Sort},
    JurisdictionKind,
};
use sqlx::SqliteConnection;

/// A text search answered from the full-text index and the facts in memory (brought up to
/// `version` first): the number of deals matching the view, its facet counts when `count`,
/// and the view's deals in list order for `page` (by relevance all of them; in another order
/// those after the view's cursor).
pub async fn search(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    facts: &tokio::sync::Mutex<super::facts::Facts>,
    version: u64,
    count: bool,
) -> Result<Searched, BrowseError> {
    let q = fts_query(f.q.as_deref().unwrap_or_default())?;
    let started = std::time::Instant::now();
    let ranked = f.sort == Sort::Relevance;
    let (ids, ranks) = matches(conn, f, place, &q, ranked).await?;
    let found = started.elapsed();
    let scope = tally_scope(conn, f, place).await?;
    let mut facts = facts.lock().await;
    facts.refresh(conn, version).await?;
    let (counts, mut passing) = if count {
        let t = facts.tally(&ids, f, &scope);
        (Some(t.counts), t.passing)
    } else {
        (None, facts.passing(&ids, f, &scope))
    };
    let total = passing.len() as i64;
    if !ranked {
        facts.order(&mut passing, f.sort, f.after.as_deref());
    }
    drop(facts);
    if ranked {
        // `passing` keeps the index's order, so each one's rank is found walking `ranks`
        // once; then best first, as `ORDER BY relevance(deals_fts), d.id` orders them.
        let mut ranks = ranks.iter();
        let mut scored: Vec<(f64, i64)> = passing.iter().filter_map(|id| ranks.find(|r| r.0 == *id).map(|r| (r.1, *id))).collect();
        scored.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        passing = scored.into_iter().map(|(_, id)| id).collect();
    }
    tracing::debug!(
        matches = ids.len(),
        find_ms = found.as_secs_f64() * 1e3,
        tally_ms = (started.elapsed() - found).as_secs_f64() * 1e3,
        "text search"
    );
    Ok(Searched { counts, total, listed: passing })
}

/// The facet counts and total of a view without text that filters by more than its place,
/// tallied over every public deal in the facts (brought up to `version` first): a few
/// milliseconds per hundred thousand deals, where grouped queries read every matching row
/// five times.
pub async fn count_filtered(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    facts: &tokio::sync::Mutex<super::facts::Facts>,
    version: u64,
) -> Result<(Vec<Vec<(String, i64)>>, i64), BrowseError> {
    let scope = tally_scope(conn, f, place).await?;
    let mut facts = facts.lock().await;
    facts.refresh(conn, version).await?;
    let t = facts.tally_all(f, &scope);
    Ok((t.counts, t.passed))
}

/// What `search` found.
pub struct Searched {
    /// Each facet's values and counts, when asked for.
    pub counts: Option<Vec<Vec<(String, i64)>>>,
    /// How many deals the view holds.
    pub total: i64,
    /// The view's deals in list order: by relevance all of them, in another order those
    /// after the view's cursor.
    pub listed: Vec<i64>,
}

/// Whether a view's page is cut in memory: every text search is, ranked by the index and
/// filtered by the facts, so no match's row is looked up (see docs/benchmarks.md).
pub fn lists_in_memory(f: &DealFilter) -> bool {
    f.q.is_some()
}

/// The ids of every deal the text search matches (public or not), in the index's order
/// (by id), and with `ranked` each one's rank too (lower is better); refused as over-broad
/// when there are too many and no other filter narrows them.
///
/// Not sorted by rank here: the facts are then read in id order, close together in memory,
/// where in rank order each lookup was a likely cache miss (half the tally's time).
pub(super) async fn matches(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    q: &str,
    ranked: bool,
) -> Result<(Vec<i64>, Vec<(i64, f64)>), BrowseError> {
    let limit = if narrowed(f, place) { -1 } else { MAX_TEXT_MATCHES + 1 };
    let (ids, ranks): (Vec<i64>, Vec<(i64, f64)>) = if ranked {
        let ranks = timed(conn, async |c| super::rank::ranked(c, q, limit).await).await?;
        (ranks.iter().map(|r| r.0).collect(), ranks)
    } else {
        // The limit stops an over-broad search early.
        (timed(conn, async |c| super::rank::matching(c, q, limit).await).await?, Vec::new())
    };
    if limit > 0 && ids.len() as i64 > MAX_TEXT_MATCHES {
        return Err(overbroad());
    }
    Ok((ids, ranks))
}

/// The companies an entity filter includes: itself and its subsidiaries, at any depth.
async fn entity_family(conn: &mut SqliteConnection, entity: Option<i64>) -> Result<Option<std::collections::HashSet<i64>>, sqlx::Error> {
    let Some(e) = entity else { return Ok(None) };
    let ids: Vec<i64> = sqlx::query_scalar(ENTITY_FAMILY).bind(e).fetch_all(conn).await?;
    Ok(Some(ids.into_iter().collect()))
}

/// What `Facts::tally` needs of the filters that are not facets: a place filter as the
/// governments it includes (looked up now: a county's places) or as a state, and the
/// company filter's family.
pub(super) async fn tally_scope(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
) -> Result<super::facts::Scope, sqlx::Error> {
    let (governments, state) = match place {
        None => (None, None),
        Some(p) if p.kind == JurisdictionKind::State => (None, Some(p.state.clone())),
        Some(p) if p.kind == JurisdictionKind::County => {
            let ids: Vec<i64> =
                sqlx::query_scalar("SELECT id FROM jurisdictions WHERE id = ?1 OR parent_id = ?1").bind(p.id).fetch_all(&mut *conn).await?;
            (Some(ids.into_iter().collect()), None)
        }
        Some(p) => (Some([p.id].into()), None),
    };
    Ok(super::facts::Scope { governments, state, family: entity_family(conn, f.entity).await? })
}
