//! Server-only web plumbing: shared state, sessions, security middleware, and the form
//! handlers, one module per thing they change, all through [`action`].

pub mod account;
pub mod action;
pub mod auth;
pub mod deals;
pub mod documents;
pub mod follows;
pub mod forms;
pub mod import;
pub mod limits;
pub mod links;
pub mod locks;
pub mod places;
pub mod profiles;
pub mod reports;
pub mod review;
pub mod security;
pub mod sign_in;

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
    /// Following by email, when SMTP is set up; None leaves the follow form saying so.
    pub mail: Option<MailSettings>,
    /// How large an uploaded document may be, and how much an account may upload a day.
    pub uploads: crate::documents::UploadLimits,
}

/// What the follow forms need to know of the mail set-up.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// The hour (UTC) daily and weekly digests go out.
    pub digest_hour: u32,
    /// The public address's host, the right-hand side of Message-IDs.
    pub host: String,
}

/// What every handler and server function can reach. Provided as Leptos context.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub config: Arc<WebConfig>,
    pub limiter: Arc<limits::Limiter>,
    /// The data version: the newest entry of the change record (`repo::changes`) seen. Moves
    /// only when published data changed, by this server or another process.
    pub version: Arc<std::sync::atomic::AtomicU64>,
    /// County and state outlines for the maps; None when the map file wasn't found.
    pub atlas: Option<Arc<crate::maps::Atlas>>,
    /// Every `/deals` view (text searches, filters, counts) and the full-text index.
    pub views: Arc<crate::search::views::Views>,
    /// This server's writes under way (`web::action`): between a write's commit and its
    /// noting, the change it recorded is its own, not another process's.
    pub writing: Arc<std::sync::atomic::AtomicUsize>,
    /// The newest change recorded by a write of this server's that is committing: the next
    /// write, let in by that commit, counts it as seen although it is not noted yet.
    #[from_ref(skip)]
    pub committing: Arc<std::sync::atomic::AtomicU64>,
    /// Wakes the mail sender (a confirmation queued).
    #[from_ref(skip)]
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// Where source documents are kept.
    #[from_ref(skip)]
    pub documents: Arc<dyn crate::documents::store::Store>,
    /// Wakes the reader of documents' text (a document uploaded).
    #[from_ref(skip)]
    pub documents_wake: Arc<tokio::sync::Notify>,
}

/// Takes note of the newest change: after this server's own write (`own`), or of another
/// process's commit (the command-line importer, `places load`), found by the watcher task
/// each second and by every browse that counts. Another process's change also has the facts
/// in memory read again in full, since what it changed need not show in the deals'
/// `updated_at`. Returns the data version.
pub async fn catch_up(state: &AppState) -> u64 {
    use std::sync::atomic::Ordering::SeqCst;
    let latest = match state.pool.acquire().await {
        Ok(mut conn) => crate::repo::changes::latest(&mut conn).await.unwrap_or(0).max(0) as u64,
        Err(_) => 0,
    };
    if latest > state.version.load(SeqCst) {
        // Likely this server's own write, committed and about to be noted: a full read of
        // the facts (seconds at a million deals) would be for nothing. A write that finds
        // changes it has not seen when it starts has them read again itself.
        if state.writing.load(SeqCst) > 0 {
            return state.version.load(SeqCst);
        }
        state.views.forget().await;
        state.version.fetch_max(latest, SeqCst);
    }
    state.version.load(SeqCst)
}

/// After this server's own write: the version moves to the change it recorded, if any.
pub fn noted(state: &AppState, seq: i64) {
    let before = state.version.fetch_max(seq.max(0) as u64, std::sync::atomic::Ordering::SeqCst);
    if (seq.max(0) as u64) > before {
        state.views.index.wake();
    }
}

/// After a form post, the version follows any change it recorded; a post that changed
/// nothing public (signing in or out, a report, a password) leaves it, and every cached
/// page with it.
pub async fn follow_writes(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let write =
        !matches!(*req.method(), http::Method::GET | http::Method::HEAD | http::Method::OPTIONS) && !req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if write {
        // A write through `web::action` (and an upload's import, `action::noted_own`) has
        // noted its own change already; what is newer (another process's change just after)
        // is caught up with as anything unknown is: the facts are read again.
        let before = state.version.load(std::sync::atomic::Ordering::SeqCst);
        if catch_up(&state).await > before {
            state.views.index.wake();
        }
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
