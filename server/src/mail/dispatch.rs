//! The dispatcher: reads the change record after its position, finds the follows whose view
//! holds the deals a change touched (the view's feed filters, the same as `/deals`), and in
//! one transaction adds those deals to the follows' next messages, queues instant messages,
//! and moves its position. Reading a change twice adds nothing (items are keyed by follow
//! and deal, messages by a Message-ID made of the follow and the change).

use super::MailConfig;
use app::model::filter::DealFilter;
use app::repo::{self, browse::PlaceScope, follows};
use app::search::SearchIndex;
use sqlx::SqlitePool;
use std::collections::HashMap;

/// Changes read per pass.
const CHANGES_PER_PASS: i64 = 200;
/// Follows read at a time.
const FOLLOWS_PER_READ: i64 = 500;

/// Errors of a pass; each is logged and the pass tried again.
#[derive(Debug, thiserror::Error)]
pub enum DispatchError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("browse: {0}")]
    Browse(#[from] repo::browse::BrowseError),
    #[error("search: {0}")]
    Search(#[from] app::search::SearchError),
}

/// One pass: changes the index has caught up with (text views are matched through it), then
/// digests that are due. Returns how many messages it queued.
pub async fn pass(pool: &SqlitePool, index: &SearchIndex, config: &MailConfig) -> Result<usize, DispatchError> {
    let mut queued = 0;
    loop {
        let mut conn = pool.acquire().await?;
        let latest = repo::changes::latest(&mut conn).await?;
        let Some(position) = follows::position(&mut conn).await? else {
            // Mail set up for the first time: followers hear of what changes from now on.
            drop(conn);
            let mut tx = repo::begin_write(pool).await?;
            if follows::position(&mut tx).await?.is_none() {
                follows::set_position(&mut tx, latest).await?;
            }
            tx.commit().await?;
            continue;
        };
        let upto = latest.min(index.position() as i64);
        if upto <= position {
            break;
        }
        let changes: Vec<_> =
            repo::search_text::changes_after(&mut conn, position, CHANGES_PER_PASS).await?.into_iter().filter(|c| c.seq <= upto).collect();
        let Some(last) = changes.last().map(|c| c.seq) else { break };
        let ranges: Vec<(i64, i64)> = changes
            .iter()
            .filter(|c| matches!(c.kind.as_str(), "deal" | "deals"))
            .filter_map(|c| Some((c.first_deal?, c.last_deal?)))
            .collect();
        let hits = if ranges.is_empty() { Vec::new() } else { matches(&mut conn, index, &ranges).await? };
        drop(conn);
        let mut tx = repo::begin_write(pool).await?;
        // Another process's dispatcher may have read these changes meanwhile.
        if follows::position(&mut tx).await? != Some(position) {
            continue;
        }
        for (watch, deals) in &hits {
            // Read outside this transaction: a follow stopped since gets nothing.
            if !follows::is_confirmed(&mut tx, watch.id).await? {
                continue;
            }
            follows::add_items(&mut tx, watch.id, deals, last).await?;
            if watch.frequency == "instant" {
                follows::queue(&mut tx, watch.id, "instant", &format!("change.{}.{last}@{}", watch.id, config.host)).await?;
                queued += 1;
            }
        }
        follows::set_position(&mut tx, last).await?;
        tx.commit().await?;
    }
    queued += digests(pool, config).await?;
    Ok(queued)
}

/// The follows whose views hold some of the deals in `ranges`, with those deals.
async fn matches(
    conn: &mut sqlx::SqliteConnection,
    index: &SearchIndex,
    ranges: &[(i64, i64)],
) -> Result<Vec<(follows::Watch, Vec<i64>)>, DispatchError> {
    let mut places: HashMap<String, Option<PlaceScope>> = HashMap::new();
    let mut hits = Vec::new();
    let mut after = 0;
    loop {
        let watches = follows::watches(&mut *conn, after, FOLLOWS_PER_READ).await?;
        let Some(end) = watches.last().map(|w| w.id) else { break };
        after = end;
        for w in watches {
            let pairs: Vec<(String, String)> = url::form_urlencoded::parse(w.view.as_bytes()).into_owned().collect();
            let Ok(filter) = DealFilter::parse(&pairs) else { continue };
            let scope = if w.place.is_empty() {
                None
            } else {
                if !places.contains_key(&w.place) {
                    let found = repo::browse::resolve_place(&mut *conn, &w.place).await?;
                    places.insert(w.place.clone(), found);
                }
                match places.get(&w.place) {
                    Some(Some(s)) => Some(s),
                    // The place is gone (a gazetteer reload merged it): nothing to match.
                    _ => continue,
                }
            };
            let matched = match &filter.q {
                Some(q) => {
                    let Ok(wanted) = app::search::Wanted::parse(q) else { continue };
                    let ids: Vec<i64> =
                        index.ids(&wanted)?.into_iter().filter(|id| ranges.iter().any(|(a, b)| (a..=b).contains(&id))).collect();
                    if ids.is_empty() {
                        continue;
                    }
                    Some(serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()))
                }
                None => None,
            };
            let deals = repo::exports::among(&mut *conn, &filter, scope, matched.as_deref(), ranges).await?;
            if !deals.is_empty() {
                hits.push((w, deals));
            }
        }
    }
    Ok(hits)
}

/// Queues the digests that are due (for follows with deals waiting) and moves each follow
/// on to its next send time; and a message for instant follows with deals waiting (switched
/// from a digest). Returns how many it queued.
async fn digests(pool: &SqlitePool, config: &MailConfig) -> Result<usize, DispatchError> {
    let mut queued = 0;
    {
        let mut tx = repo::begin_write(pool).await?;
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
        for id in follows::instant_waiting(&mut tx, 100).await? {
            if follows::queue(&mut tx, id, "instant", &format!("switch.{id}.{stamp}@{}", config.host)).await? > 0 {
                queued += 1;
            }
        }
        tx.commit().await?;
    }
    loop {
        let mut tx = repo::begin_write(pool).await?;
        let due = follows::due_digests(&mut tx, 100).await?;
        if due.is_empty() {
            return Ok(queued);
        }
        let now = chrono::Utc::now();
        for (id, frequency) in due {
            let frequency = app::model::follow::Frequency::parse(&frequency).unwrap_or(app::model::follow::Frequency::Daily);
            if follows::has_waiting(&mut tx, id).await? {
                let stamp = now.format("%Y%m%dT%H");
                follows::queue(&mut tx, id, "digest", &format!("digest.{id}.{stamp}@{}", config.host)).await?;
                queued += 1;
            }
            follows::digest_done(&mut tx, id, follows::next_digest(frequency, now, config.digest_hour)).await?;
        }
        tx.commit().await?;
    }
}

/// Forgets follows never confirmed, and expired links.
pub async fn tidy(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = repo::begin_write(pool).await?;
    follows::tidy(&mut tx).await?;
    tx.commit().await
}
