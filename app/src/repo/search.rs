//! Text searches listed in memory: the search index finds and scores the matches, the
//! facts in memory keep those that are public and pass the filters, count the facets on
//! the way, and order them.

use super::browse::*;
use crate::model::{
    filter::{DealFilter, Sort},
    JurisdictionKind,
};
use crate::search::{SearchIndex, Wanted};
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
    facts: &tokio::sync::Mutex<super::facts::Facts>,
    version: u64,
    count: bool,
) -> Result<Searched, BrowseError> {
    let wanted = Wanted::parse(f.q.as_deref().unwrap_or_default()).map_err(BrowseError::Query)?;
    let started = std::time::Instant::now();
    let ranked = f.sort == Sort::Relevance;
    let found = index.matches(&wanted, ranked)?;
    let ids = &found.ids;
    let found_in = started.elapsed();
    let scope = tally_scope(conn, f, place).await?;
    let mut facts = facts.lock().await;
    facts.refresh(conn, version).await?;
    let (counts, mut passing) = if count {
        let t = facts.tally(ids, f, &scope);
        (Some(t.counts), t.passing)
    } else {
        (None, facts.passing(ids, f, &scope))
    };
    let total = passing.len() as i64;
    if !ranked {
        facts.order(&mut passing, f.sort, f.after.as_deref());
    }
    drop(facts);
    if ranked {
        // The best first (ties by id), as far as the page asked for ends: kept in a small
        // heap while walking the matches that pass, rather than sorting them all.
        let need = (relevance_offset(f.after.as_deref()) + PAGE + 1) as usize;
        passing = best(&passing, need, |id| found.score(id));
    }
    tracing::debug!(
        matches = found.ids.len(),
        find_ms = found_in.as_secs_f64() * 1e3,
        tally_ms = (started.elapsed() - found_in).as_secs_f64() * 1e3,
        "text search"
    );
    Ok(Searched { counts, total, listed: passing })
}

/// The `need` ids with the highest scores, best first, ties by id.
fn best(ids: &[i64], need: usize, score: impl Fn(i64) -> f32) -> Vec<i64> {
    use std::cmp::{Ordering, Reverse};
    use std::collections::BinaryHeap;
    /// Ordered so the heap's top is the worst kept: lower score, then higher id.
    struct Ranked(f32, i64);
    impl PartialEq for Ranked {
        fn eq(&self, other: &Self) -> bool {
            self.cmp(other) == Ordering::Equal
        }
    }
    impl Eq for Ranked {}
    impl PartialOrd for Ranked {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Ranked {
        fn cmp(&self, other: &Self) -> Ordering {
            // Better is greater: a higher score, then a lower id.
            self.0.total_cmp(&other.0).then(other.1.cmp(&self.1))
        }
    }
    let mut heap: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(need + 1);
    for &id in ids {
        let r = Ranked(score(id), id);
        if heap.len() < need {
            heap.push(Reverse(r));
        } else if heap.peek().is_some_and(|worst| r > worst.0) {
            heap.pop();
            heap.push(Reverse(r));
        }
    }
    let mut kept: Vec<Ranked> = heap.into_iter().map(|r| r.0).collect();
    kept.sort_unstable_by(|a, b| b.cmp(a));
    kept.into_iter().map(|r| r.1).collect()
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
    /// The view's deals in list order: by relevance the best as far as the page ends, in
    /// another order those after the view's cursor.
    pub listed: Vec<i64>,
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
