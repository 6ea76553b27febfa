//! `/downloads/tracker-public.sqlite`: the whole published data set as one SQLite file
//! (public tables only), for Datasette and notebooks. Rebuilt on the first request after the
//! data changes, at most once a minute; meanwhile the previous copy is served.

use app::web::AppState;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use std::path::PathBuf;
use std::sync::{atomic::Ordering, Arc};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// How often the copy may be rebuilt while the data keeps changing.
const MIN_REBUILD: Duration = Duration::from_secs(60);

/// The current copy: its path, the data version it was built at, and when.
#[derive(Default)]
pub struct PublicCopy {
    built: tokio::sync::Mutex<Option<(PathBuf, u64, Instant)>>,
    /// Where copies are written; a private temporary folder of this process.
    dir: std::sync::OnceLock<tempfile::TempDir>,
}

#[derive(Clone)]
pub struct DownloadState {
    pub app: AppState,
    pub copy: Arc<PublicCopy>,
}

async fn current(st: &DownloadState) -> Result<PathBuf, String> {
    let version = st.app.version.load(Ordering::SeqCst);
    let mut built = st.copy.built.lock().await;
    if let Some((path, v, at)) = built.as_ref() {
        if *v == version || at.elapsed() < MIN_REBUILD {
            return Ok(path.clone());
        }
    }
    let dir = match st.copy.dir.get() {
        Some(d) => d,
        None => {
            let d = tempfile::Builder::new().prefix("tracker-public").tempdir().map_err(|e| e.to_string())?;
            let _ = st.copy.dir.set(d);
            st.copy.dir.get().ok_or("no folder for the copy")?
        }
    };
    let path = dir.path().join(format!("tracker-public-{version}.sqlite"));
    app::repo::backup::public_copy(&st.app.pool, &path).await.map_err(|e| e.to_string())?;
    if let Some((old, _, _)) = built.replace((path.clone(), version, Instant::now())) {
        if old != path {
            // Anyone still downloading the old file keeps their open handle.
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(path)
}

/// Serves the public copy, building it first when it is stale.
pub async fn public_sqlite(State(st): State<DownloadState>, req: Request) -> Response {
    let path = match current(&st).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "public copy failed");
            return (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "The download could not be prepared just now. Try again in a minute.").into_response();
        }
    };
    match tower_http::services::ServeFile::new(&path).oneshot(req).await {
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
