//! `/downloads/tracker-public.sqlite`: the whole published data set as one SQLite file
//! (public tables and columns only, `app::repo::backup::PUBLIC_TABLES`), for Datasette and
//! notebooks.
//!
//! The copy is built off the request path: once anyone has asked for it, a background task
//! rebuilds it when the data has changed, at most once a minute, and requests are answered
//! with the last complete copy meanwhile. At a million deals a copy takes longer than a
//! request may; only the very first request waits for one, and a 503 with `Retry-After`
//! answers it if that takes too long.

use app::web::AppState;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// How often the copy may be rebuilt while the data keeps changing.
const MIN_REBUILD: Duration = Duration::from_secs(60);
/// How long the first request waits for the first copy.
const FIRST_WAIT: Duration = Duration::from_secs(20);

/// A complete copy: its path, the data version it holds, and when it was built.
#[derive(Clone)]
struct Built {
    path: PathBuf,
    version: u64,
    at: Instant,
}

/// The copies and the builder's state.
#[derive(Default)]
pub struct PublicCopy {
    built: std::sync::Mutex<Option<Built>>,
    /// Someone asked for the copy: keep it fresh from now on.
    wanted: AtomicBool,
    /// Held while a copy is built: one at a time.
    building: tokio::sync::Mutex<()>,
    /// Wakes requests waiting for the first copy.
    ready: tokio::sync::Notify,
    /// Where copies are written; a private temporary folder of this process.
    dir: std::sync::OnceLock<tempfile::TempDir>,
}

#[derive(Clone)]
pub struct DownloadState {
    pub app: AppState,
    pub copy: Arc<PublicCopy>,
}

impl DownloadState {
    fn current(&self) -> Option<Built> {
        self.copy.built.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Builds a copy at the current data version, unless one is being built; swaps it in
    /// when complete.
    async fn build(&self) -> Result<(), String> {
        let Ok(_guard) = self.copy.building.try_lock() else { return Ok(()) };
        let version = self.app.version.load(Ordering::SeqCst);
        if self.current().is_some_and(|b| b.version == version) {
            return Ok(());
        }
        let dir = match self.copy.dir.get() {
            Some(d) => d,
            None => {
                let d = tempfile::Builder::new().prefix("tracker-public").tempdir().map_err(|e| e.to_string())?;
                let _ = self.copy.dir.set(d);
                self.copy.dir.get().ok_or("no folder for the copy")?
            }
        };
        let path = dir.path().join(format!("tracker-public-{version}.sqlite"));
        let started = Instant::now();
        app::repo::backup::public_copy(&self.app.pool, &path).await.map_err(|e| e.to_string())?;
        tracing::info!(version, seconds = started.elapsed().as_secs_f64(), "public download rebuilt");
        let old =
            self.copy.built.lock().unwrap_or_else(|p| p.into_inner()).replace(Built { path: path.clone(), version, at: Instant::now() });
        if let Some(old) = old.filter(|o| o.path != path) {
            // Anyone still downloading the old file keeps their open handle.
            let _ = std::fs::remove_file(old.path);
        }
        self.copy.ready.notify_waiters();
        Ok(())
    }
}

/// Keeps the copy fresh in the background once it has been asked for.
pub fn keep_fresh(st: DownloadState) {
    let Ok(handle) = tokio::runtime::Handle::try_current() else { return };
    handle.spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            if !st.copy.wanted.load(Ordering::SeqCst) {
                continue;
            }
            let version = st.app.version.load(Ordering::SeqCst);
            let stale = st.current().is_none_or(|b| b.version != version && b.at.elapsed() >= MIN_REBUILD);
            if stale {
                if let Err(e) = st.build().await {
                    tracing::error!(error = %e, "public copy failed");
                }
            }
        }
    });
}

fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::RETRY_AFTER, "30")],
        // One address for both languages (`/downloads/...`): in English.
        app::i18n::t(app::i18n::Lang::En, "error-download-preparing"),
    )
        .into_response()
}

/// Serves the last complete public copy; the first request waits for the first one.
pub async fn public_sqlite(State(st): State<DownloadState>, req: Request) -> Response {
    st.copy.wanted.store(true, Ordering::SeqCst);
    let built = match st.current() {
        Some(b) => b,
        None => {
            let waiting = st.copy.ready.notified();
            let builder = st.clone();
            tokio::spawn(async move {
                if let Err(e) = builder.build().await {
                    tracing::error!(error = %e, "public copy failed");
                }
            });
            let _ = tokio::time::timeout(FIRST_WAIT, waiting).await;
            match st.current() {
                Some(b) => b,
                None => return unavailable(),
            }
        }
    };
    match tower_http::services::ServeFile::new(&built.path).oneshot(req).await {
        Ok(res) => {
            let mut res = res.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/vnd.sqlite3"));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"tracker-public.sqlite\""));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
            res
        }
        Err(never) => match never {},
    }
}
