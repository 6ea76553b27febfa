//! Server-only web plumbing: shared state, sessions, security middleware, form handlers.

pub mod account;
pub mod auth;
pub mod forms;
pub mod import;
pub mod limits;
pub mod moderation;
pub mod security;

use leptos::prelude::LeptosOptions;
use sqlx::SqlitePool;
use std::sync::Arc;

/// Settings the web layer needs, validated at start.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS (on when served over HTTPS).
    pub secure_cookies: bool,
    /// Proxies whose X-Forwarded-For is believed for the client address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The licence the published data is offered under.
    pub data_licence: String,
    /// The address the public reaches the site at ("https://tracker.example.org"), for
    /// canonical links, share cards and embed snippets.
    pub public_url: String,
}

/// What every handler and server function can reach. Provided as Leptos context.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub config: Arc<WebConfig>,
    pub limiter: Arc<limits::Limiter>,
    /// Bumped on every successful write, so cached facet counts know they are stale.
    pub version: Arc<std::sync::atomic::AtomicU64>,
    /// Held while facet counts are computed, so a burst of requests for a view that isn't
    /// cached yet computes it once instead of once per request.
    pub facet_lock: Arc<tokio::sync::Mutex<()>>,
    /// Per view: the version they were computed at, the total, and the facet counts.
    pub facet_cache: Arc<std::sync::Mutex<std::collections::HashMap<String, (u64, i64, crate::model::view::Facets)>>>,
    /// County and state outlines for the maps; None when the map file wasn't found.
    pub atlas: Option<Arc<crate::maps::Atlas>>,
    /// Notices commits made by other processes (the command-line importer, `sqlite3`).
    pub watcher: Arc<tokio::sync::Mutex<Watcher>>,
    /// What text searches' facet counts are tallied from; brought up to the data version by
    /// the first search after a change.
    pub facts: Arc<tokio::sync::Mutex<crate::repo::facts::Facts>>,
}

/// SQLite's `PRAGMA data_version`, read on a connection of its own: it changes when any
/// other connection commits, in this process or another.
#[derive(Default)]
pub struct Watcher {
    conn: Option<sqlx::SqliteConnection>,
    last: Option<i64>,
}

impl Watcher {
    /// Reads the data version; true when it moved since the last read.
    pub async fn changed(&mut self, pool: &SqlitePool) -> bool {
        if self.conn.is_none() {
            match pool.acquire().await {
                // Detached: the pool must not hand this connection to anyone else.
                Ok(c) => self.conn = Some(c.detach()),
                Err(_) => return false,
            }
        }
        let Some(conn) = self.conn.as_mut() else { return false };
        let now = match crate::repo::data_version(conn).await {
            Ok(v) => Some(v),
            Err(_) => {
                self.conn = None;
                return false;
            }
        };
        let moved = self.last.is_some() && now != self.last;
        self.last = now;
        moved
    }
}

/// The data version, after taking note of any commit this server didn't make itself
/// (another process: the command-line importer, `places load`): such a commit bumps the
/// version, dropping cached pages and counts, and has the facts in memory read again in
/// full, since what another process changed need not show in the deals' `updated_at`. The
/// watcher task calls this every second; readers of cached counts call it first, so another
/// process's commit counts at once.
pub async fn catch_up(state: &AppState) -> u64 {
    use std::sync::atomic::Ordering::SeqCst;
    if state.watcher.lock().await.changed(&state.pool).await {
        state.facts.lock().await.forget();
        state.version.fetch_add(1, SeqCst);
    }
    state.version.load(SeqCst)
}

/// Marks the data as changed after every successful write.
pub async fn bump_version(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    // Server functions are reads (they are called with POST); every write is a form post.
    let write = !matches!(*req.method(), http::Method::GET | http::Method::HEAD | http::Method::OPTIONS)
        && !req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if write && res.status().as_u16() < 400 {
        // The watcher takes note of this commit first, so it doesn't count it again as
        // another process's (a second re-render of every page). Anything another process
        // committed before this point is covered by the bump below; anything after, the
        // watcher sees next time.
        state.watcher.lock().await.changed(&state.pool).await;
        state.version.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    res
}

/// The state from Leptos context, inside a server function or a page.
pub fn state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        crate::error::AppError::Internal
    })
}
