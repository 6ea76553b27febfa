//! Every `/deals` view, with text or without, answered by one call: [`Views::view`].
//!
//! A view's facet counts and total depend on its filters, not its page or order, so they
//! are kept per view until the next change (`counts`), computed once for a burst of readers
//! (`computing`). A text search is answered from the index and the facts in memory; a view
//! without text that filters by more than its place is tallied from the facts; a place alone
//! reads the kept aggregates. The page's rows are read by index in every case.

use super::{SearchIndex, Wanted};
use crate::model::{filter::DealFilter, msg::Msg, view::BrowsePage};
use crate::repo::{browse, facts::Facts};
use crate::{error::AppError, web::locks::ViewLocks};
use sqlx::SqlitePool;
use std::sync::Arc;

/// Per view (its filters as a query string): the version counted at, the total, the facets.
type Counted = std::collections::HashMap<String, (u64, i64, crate::model::view::Facets)>;

/// Views kept at most; past it the kept counts start again.
const KEPT: usize = 5_000;

/// What views are answered from.
pub struct Views {
    /// The full-text index; its follower is woken after each write.
    pub index: Arc<SearchIndex>,
    /// What text searches and filtered views are tallied from; brought up to the data
    /// version by the first view that needs it after a change.
    facts: tokio::sync::RwLock<Facts>,
    /// Facet counts and totals per view, of the version they were counted at.
    counts: std::sync::Mutex<Counted>,
    /// Held per view while its counts are computed: a burst of requests for a view that
    /// isn't counted yet computes it once, and other views don't wait for it.
    computing: ViewLocks,
}

impl Views {
    pub fn new(index: Arc<SearchIndex>) -> Views {
        Views { index, facts: Default::default(), counts: Default::default(), computing: Default::default() }
    }

    /// Another process changed the data: the facts are read again in full by the next view
    /// (what it changed need not show in the deals' `updated_at`).
    pub async fn forget(&self) {
        self.facts.write().await.forget();
    }

    /// Reads the facts when they are empty (at start, after another process's change), so
    /// views don't wait for them.
    pub async fn prepare(&self, pool: &SqlitePool, version: u64) -> Result<(), sqlx::Error> {
        // Asked every second: a read lock, so searches walking the facts are not held up.
        if !self.facts.read().await.is_empty() {
            return Ok(());
        }
        let mut facts = self.facts.write().await;
        if facts.is_empty() {
            let mut conn = pool.acquire().await?;
            facts.refresh(&mut conn, version).await?;
        }
        Ok(())
    }

    /// The view of `filter` at data `version`: its page of rows, total, facet counts, the
    /// place it is of, and a spelling suggestion when a search found nothing. A search waits
    /// for the index to reach `version` only when `own_writes` (the reader is signed in, so
    /// the newest write may be theirs); anyone else gets the index as it is, usually
    /// milliseconds behind (while the index is built again, what it holds so far), rather
    /// than waiting for another person's write to be indexed.
    pub async fn view(&self, pool: &SqlitePool, filter: &DealFilter, version: u64, own_writes: bool) -> Result<BrowsePage, AppError> {
        let mut conn = pool.acquire().await?;
        let place = match &filter.place {
            Some(p) => match browse::resolve_place(&mut conn, p).await? {
                Some(s) => Some(s),
                None => return Err(AppError::invalid("place", Msg::new("filter-place-unknown"))),
            },
            None => None,
        };
        let key = DealFilter { after: None, sort: Default::default(), ..filter.clone() }.to_query(false);
        let lookup =
            || self.counts.lock().ok().and_then(|c| c.get(&key).filter(|(v, _, _)| *v == version).map(|(_, t, f)| (*t, f.clone())));
        let mut cached = lookup();
        // On a miss, wait for whoever is computing and look again before computing it ourselves.
        let _guard = if cached.is_none() {
            let g = self.computing.hold(&key).await;
            cached = lookup();
            Some(g)
        } else {
            None
        };
        let started = std::time::Instant::now();
        let mut searched = None;
        // Counts are kept for the version only when they are of it: a search's, once the
        // index has caught up with it.
        let mut current = true;
        if browse::lists_in_memory(filter) {
            // A signed-in reader's search shows what the data version says: a write just made
            // (by them, often) is waited for, briefly (the follower indexes it within
            // milliseconds), without holding a connection the follower may need.
            if own_writes {
                drop(conn);
                current = self.index.wait_for(version, std::time::Duration::from_secs(2)).await;
                conn = pool.acquire().await?;
            } else {
                current = self.index.position() >= version;
            }
            searched = Some(browse::search(&mut conn, filter, place.as_ref(), &self.index, &self.facts, version, cached.is_none()).await?);
        }
        let searched_at = started.elapsed();
        let (known_total, facets, fresh) = match cached {
            Some((total, facets)) => (Some(total), facets, false),
            None => {
                // Counted by the search; kept by the writes for a view of a place alone; else
                // tallied in memory.
                let (counted, total) = match searched.as_mut() {
                    Some(s) => (s.counts.take(), s.total),
                    None if browse::only_place(filter) => (None, None),
                    None => {
                        let (counts, total) = browse::count_filtered(&mut conn, filter, place.as_ref(), &self.facts, version).await?;
                        (Some(counts), Some(total))
                    }
                };
                let (facets, kept_total) = browse::facets(&mut conn, filter, place.as_ref(), counted).await?;
                (total.or(kept_total), facets, true)
            }
        };
        let counted_at = started.elapsed();
        let listed = searched.as_ref().map(|s| s.listed.as_slice());
        let (rows, total, next) = browse::page(&mut conn, filter, place.as_ref(), browse::PAGE, known_total, listed, None).await?;
        // Where a view's time goes, for `RUST_LOG=app=debug`.
        tracing::debug!(
            search_ms = searched_at.as_secs_f64() * 1e3,
            facets_ms = (counted_at - searched_at).as_secs_f64() * 1e3,
            page_ms = (started.elapsed() - counted_at).as_secs_f64() * 1e3,
            fresh,
            "browse view"
        );
        if fresh && current {
            if let Ok(mut c) = self.counts.lock() {
                if c.len() > KEPT {
                    c.clear();
                }
                c.insert(key, (version, total, facets.clone()));
            }
        }
        // Asked only when a search found nothing, which is when a misspelling shows.
        let suggestion = match filter.q.as_deref() {
            Some(q) if total == 0 => match Wanted::parse(q) {
                Ok(wanted) => self.index.suggest(&wanted).map_err(|e| AppError::from(browse::BrowseError::from(e)))?,
                Err(_) => None,
            },
            _ => None,
        };
        Ok(BrowsePage { rows, total, next, facets, place_label: place.map(|p| p.label), suggestion })
    }
}
