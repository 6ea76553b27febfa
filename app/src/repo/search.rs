//! Text searches listed in memory: the search index finds and scores the matches, the
//! facts in memory keep those that are public and pass the filters, count the facets on
//! the way, and order them.

use super::browse::*;
use super::facts::Listing;
use crate::model::{
    filter::{DealFilter, Sort},
    JurisdictionKind,
};
use crate::search::{Scoring, SearchIndex, Wanted};
use sqlx::SqliteConnection;

/// A text search answered from the search index and the facts in memory (brought up to
/// `version` first): the number of deals matching the view, its facet counts when `count`,
/// and the view's deals in list order for its page (by relevance the best up to the page's
/// end; in another order those after the view's cursor).
pub async fn search(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    index: &SearchIndex,
    facts: &tokio::sync::RwLock<super::facts::Facts>,
    version: u64,
    count: bool,
) -> Result<Searched, BrowseError> {
    let wanted = Wanted::parse(f.q.as_deref().unwrap_or_default()).map_err(BrowseError::Query)?;
    let ranked = f.sort == Sort::Relevance;
    let scope = tally_scope(conn, f, place).await?;
    let facts = facts_at(conn, facts, version).await?;
    let started = std::time::Instant::now();
    // By relevance the best as far as the page ends, in another order every one, to be put
    // in that order by their keys. A search with no other filter finds its best by the
    // index's skipping (`SearchIndex::best`) and walks its matches only to count them
    // (not at all when they are counted already); with filters, a match is scored only
    // when it passes them.
    let page_end = (relevance_offset(f.after.as_deref()) + PAGE + 1) as usize;
    let filtered = filters_matches(f, place);
    let searcher = index.searcher();
    let best_ids = if ranked && !filtered { index.best(&searcher, &wanted, page_end, |id| facts.holds(id))? } else { None };
    let (skipped_at, by_skipping) = (started.elapsed(), best_ids.is_some());
    let best_ids = match (best_ids, count) {
        (Some(listed), false) => {
            tracing::debug!(ms = started.elapsed().as_secs_f64() * 1e3, "text search, best only");
            return Ok(Searched { counts: None, total: None, listed });
        }
        (best_ids, _) => best_ids,
    };
    let (scoring, listing) = match (ranked, filtered, best_ids.is_some()) {
        (false, _, _) => (Scoring::Off, Listing::All),
        (true, _, true) => (Scoring::Off, Listing::Nothing),
        (true, false, false) => (Scoring::Every, Listing::Best(page_end)),
        (true, true, false) => (Scoring::Asked, Listing::Best(page_end)),
    };
    let tallier = facts.tallier(f, &scope, count, listing);
    let parts = index.each(&searcher, &wanted, scoring, || tallier.part(), |part, ids, score| tallier.take_all(part, ids, score))?;
    let t = tallier.finish(parts);
    let mut passing = best_ids.unwrap_or(t.passing);
    if !ranked {
        facts.order(&mut passing, f.sort, f.after.as_deref());
    }
    drop(facts);
    tracing::debug!(
        passed = t.passed,
        ms = started.elapsed().as_secs_f64() * 1e3,
        best_ms = skipped_at.as_secs_f64() * 1e3,
        by_skipping,
        "text search"
    );
    Ok(Searched { counts: count.then_some(t.counts), total: Some(t.passed), listed: passing })
}

/// The facet counts and total of a view without text that filters by more than its place,
/// tallied over every public deal in the facts (brought up to `version` first): a few
/// milliseconds per hundred thousand deals, where grouped queries read every matching row
/// five times.
pub async fn count_filtered(
    conn: &mut SqliteConnection,
    f: &DealFilter,
    place: Option<&PlaceScope>,
    facts: &tokio::sync::RwLock<super::facts::Facts>,
    version: u64,
) -> Result<(Vec<Vec<(String, i64)>>, i64), BrowseError> {
    let scope = tally_scope(conn, f, place).await?;
    let facts = facts_at(conn, facts, version).await?;
    let t = facts.tally_all(f, &scope);
    Ok((t.counts, t.passed))
}

/// The facts at `version`, to read: shared with other views (a search's walk takes a while
/// and the next need not wait for it), brought up to `version` first, alone, when behind.
async fn facts_at<'a>(
    conn: &mut SqliteConnection,
    facts: &'a tokio::sync::RwLock<super::facts::Facts>,
    version: u64,
) -> Result<tokio::sync::RwLockReadGuard<'a, super::facts::Facts>, sqlx::Error> {
    let current = facts.read().await;
    if current.is_at(version) {
        return Ok(current);
    }
    drop(current);
    let mut behind = facts.write().await;
    behind.refresh(conn, version).await?;
    Ok(behind.downgrade())
}

/// What `search` found.
pub struct Searched {
    /// Each facet's values and counts, when asked for.
    pub counts: Option<Vec<Vec<(String, i64)>>>,
    /// How many deals the view holds; None when not counted (a search with no other
    /// filter whose counts were kept).
    pub total: Option<i64>,
    /// The view's deals in list order: by relevance the best as far as the page ends, in
    /// another order those after the view's cursor.
    pub listed: Vec<i64>,
}

/// Whether a search's view drops any of its matches: a filter besides the text.
fn filters_matches(f: &DealFilter, place: Option<&PlaceScope>) -> bool {
    place.is_some() || DealFilter { q: None, sort: Sort::default(), after: None, place: None, ..f.clone() } != DealFilter::default()
}

/// Whether a view's page is cut in memory: every text search is, scored by the index and
/// filtered by the facts, so no match's row is looked up (see docs/benchmarks.md).
pub fn lists_in_memory(f: &DealFilter) -> bool {
    f.q.is_some()
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
