//! The `tracker` server: configuration, the axum router, and start-up (migrations and the
//! first jurisdiction load). `main.rs` holds the command line.

use app::web::{account, auth, deals, follows, limits, links, places, profiles, reports, review, security, sign_in, AppState, WebConfig};
use axum::{
    extract::State,
    http::StatusCode,
    middleware,
    response::IntoResponse,
    routing::{get, post},
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::SqlitePool;
use std::{net::SocketAddr, path::PathBuf, sync::Arc};
use tower_http::{
    compression::{
        predicate::{DefaultPredicate, NotForContentType, Predicate},
        CompressionLayer,
    },
    limit::RequestBodyLimitLayer,
};

mod assets;
pub mod bench;
pub mod cache;
pub mod calendar;
pub mod card;
mod compress;
pub mod download;
pub mod export;
pub mod feed;
mod language;
pub mod mail;
pub mod ocds;

/// Largest request body accepted anywhere; forms cap themselves lower.
const MAX_BODY: usize = app::web::import::MAX_UPLOAD + 64 * 1024;

/// Settings for `serve`.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// Where to listen.
    pub addr: SocketAddr,
    /// Mark cookies `Secure`; turn on behind HTTPS.
    pub secure_cookies: bool,
    /// Where cargo-leptos put the compiled site (`pkg/` with the CSS, JS and wasm).
    pub site_root: PathBuf,
    /// Folders to load jurisdictions from on first start, in order; the first that has
    /// the Census files is used.
    pub places_dirs: Vec<PathBuf>,
    /// Per-minute limits on sign-in, sign-up, submissions, edits and flags.
    pub limits: limits::RateLimits,
    /// Proxies whose X-Forwarded-For names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The licence the data is published under.
    pub data_licence: String,
    /// The public address of the site, without a trailing slash (validated by
    /// [`parse_public_url`]); canonical links, feeds and share cards use it.
    pub public_url: String,
    /// Mail to followers; None when SMTP is not set up.
    pub mail: Option<mail::MailConfig>,
    /// Outlines for the state and national maps, read at start.
    pub atlas: Option<Arc<app::maps::Atlas>>,
    /// The most bytes of rendered pages the page cache keeps (0: its default).
    pub page_cache_bytes: usize,
    /// The full-text search index, followed by a task the router starts.
    pub search: Arc<app::search::SearchIndex>,
    /// Where source documents are kept.
    pub documents: Arc<dyn app::documents::store::Store>,
    /// How large an upload may be and how much an account may upload a day.
    pub uploads: app::documents::UploadLimits,
}

/// Checks a public address: http or https, a host, and no path, query or fragment.
/// Returns it without the trailing slash.
pub fn parse_public_url(s: &str) -> Result<String, String> {
    let u = url::Url::parse(s).map_err(|e| format!("the public URL {s:?} is not a URL ({e}); give e.g. https://tracker.example.org"))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err(format!("the public URL {s:?} must start with http:// or https:// and name a host"));
    }
    if u.path() != "/" || u.query().is_some() || u.fragment().is_some() {
        return Err(format!("the public URL {s:?} must be the site's root, with no path or query"));
    }
    Ok(s.trim_end_matches('/').to_string())
}

/// The Leptos options the router needs, from our own config rather than Cargo.toml.
/// With `hash.txt` in the site root (written by `scripts/precompress.js` after a build), the
/// pages link the content-hashed copies of the CSS, JS and wasm, which are cached for a year.
pub fn leptos_options(config: &ServeConfig) -> LeptosOptions {
    let hash_file = std::path::absolute(config.site_root.join("hash.txt")).unwrap_or_else(|_| config.site_root.join("hash.txt"));
    LeptosOptions::builder()
        .output_name("tracker")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(hash_file.is_file())
        .hash_file(Arc::<str>::from(hash_file.to_string_lossy().as_ref()))
        .build()
}

/// Sends a public page asked for with empty fields, or with parameters the page doesn't
/// read, to the same page without them. The list's filter form (a GET form, so it works
/// without JavaScript) submits every field, and `/deals?q=ring&state=&entity=&min=&…` would
/// otherwise be the link people share; and `/places/va?z=1`, `?z=2`, … would each be a page
/// rendered and kept. The rest of the query is kept as it came.
async fn tidy_query(req: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
    let path = req.uri().path();
    let query = match (req.method(), req.uri().query()) {
        (&http::Method::GET | &http::Method::HEAD, Some(q)) if !q.is_empty() && cache::is_public(path) => q,
        _ => return next.run(req).await,
    };
    let reads = reads(path);
    let keep = |pair: &&str| match pair.split_once('=') {
        Some((name, value)) => !value.is_empty() && reads.contains(&name),
        None => !pair.is_empty() && reads.contains(pair),
    };
    let pairs: Vec<&str> = query.split('&').collect();
    if pairs.iter().all(keep) {
        return next.run(req).await;
    }
    let kept: Vec<&str> = pairs.into_iter().filter(keep).collect();
    let to = if kept.is_empty() { path.to_string() } else { format!("{path}?{}", kept.join("&")) };
    axum::response::Redirect::to(&to).into_response()
}

/// The query parameters a public page reads.
fn reads(path: &str) -> &'static [&'static str] {
    match path {
        "/deals" => app::model::filter::DealFilter::NAMES,
        "/search" => &["q"],
        // The notices after submitting a deal or reporting a problem.
        p if p.starts_with("/deals/") => &["submitted", "flagged"],
        _ => &[],
    }
}

/// The caching of a file whose name holds its content's hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Long lifetimes for content-hashed assets (`tracker.<hash>.css`), an hour for the rest.
async fn asset_headers(req: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
    let hashed = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .and_then(|name| name.split('.').nth(1))
        .is_some_and(|h| h.len() >= 12 && h.chars().all(|c| c.is_ascii_hexdigit()));
    let mut res = next.run(req).await;
    if res.status().is_success() {
        let value = if hashed { IMMUTABLE } else { "public, max-age=3600" };
        res.headers_mut().insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static(value));
    }
    res
}

/// The share button's script. Its name holds its hash: cached for good.
async fn share_script() -> impl IntoResponse {
    ([(http::header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (http::header::CACHE_CONTROL, IMMUTABLE)], app::pages::share::SCRIPT)
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match app::repo::ping(&state.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// Every second, takes note of other processes' commits (`app::web::catch_up`), so cached
/// pages and facet counts never outlive the data by more than a second; writes through this
/// server bump the version at once. Reads the facts for text searches' counts whenever they
/// are empty (at start, and after another process's commit), so searches don't wait for them.
fn watch_data(state: AppState) {
    let Ok(handle) = tokio::runtime::Handle::try_current() else { return };
    handle.spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tick.tick().await;
            let version = app::web::catch_up(&state).await;
            if let Err(e) = state.views.prepare(&state.pool, version).await {
                tracing::warn!(error = %e, "reading the facts for facet counts");
            }
        }
    });
}

/// The whole application router. Reads the data version first, so the first pages kept
/// are kept at the version they show.
pub async fn router(pool: SqlitePool, config: &ServeConfig) -> Router {
    let options = leptos_options(config);
    let version = match pool.acquire().await {
        Ok(mut conn) => app::repo::changes::latest(&mut conn).await.unwrap_or(0).max(0) as u64,
        Err(_) => 0,
    };
    let state = AppState {
        leptos_options: options.clone(),
        pool,
        config: Arc::new(WebConfig {
            secure_cookies: config.secure_cookies,
            trusted_proxies: config.trusted_proxies.clone(),
            data_licence: config.data_licence.clone(),
            public_url: config.public_url.clone(),
            mail: config.mail.as_ref().map(mail::MailConfig::settings),
            uploads: config.uploads,
        }),
        limiter: Arc::new(limits::Limiter::new(config.limits.clone())),
        version: Arc::new(std::sync::atomic::AtomicU64::new(version)),
        writing: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
        committing: Arc::new(std::sync::atomic::AtomicU64::new(0)),
        atlas: config.atlas.clone(),
        views: Arc::new(app::search::views::Views::new(config.search.clone())),
        mail_wake: Arc::new(tokio::sync::Notify::new()),
        documents: config.documents.clone(),
        documents_wake: Arc::new(tokio::sync::Notify::new()),
    };
    app::documents::extract::spawn(state.clone(), app::documents::extract::Limits::default());
    app::search::follow::spawn(config.search.clone(), state.pool.clone());
    if let Some(m) = &config.mail {
        mail::spawn(state.pool.clone(), config.search.clone(), m.clone(), state.mail_wake.clone());
    }
    watch_data(state.clone());
    let csp = security::page_policy(&security::inline_scripts(&options));
    let policy = security::Policy {
        tls: config.secure_cookies,
        csp: http::HeaderValue::from_str(&csp).unwrap_or_else(|_| http::HeaderValue::from_static("default-src 'self'; script-src 'self'")),
    };
    let downloads = download::DownloadState { app: state.clone(), copy: Default::default() };
    download::keep_fresh(downloads.clone());
    let ctx_state = state.clone();
    let context = move || provide_context(ctx_state.clone());
    let shell_options = options.clone();
    let shell = move || app::app::shell(shell_options.clone());
    // Place pages share their addresses with their files (`/places/va` and `/places/va.csv`),
    // so they are routed below with the files, not with the other pages.
    let place_page = {
        let context = context.clone();
        leptos_axum::render_app_async_with_context(
            move || {
                provide_context(leptos_router::Method::Get);
                context();
            },
            shell.clone(),
        )
    };
    let routes: Vec<_> = generate_route_list(app::app::App)
        .into_iter()
        .filter(|r| !matches!(r.path(), "/places/{usps}" | "/places/{usps}/{slug}"))
        .collect();
    let site = Router::new()
        .route("/healthz", get(healthz))
        .route(&app::pages::share::script_path(), get(share_script))
        // Pages that are also files, then files and feeds.
        .route("/places/{usps}", export::page_or_file(place_page.clone()))
        .route("/places/{usps}/{slug}", export::page_or_file(place_page))
        .route("/deals.csv", get(export::deals_csv))
        .route("/deals.json", get(export::deals_json))
        .route("/ocds/releases.json", get(export::ocds_releases))
        .route("/ocds/extension.json", get(ocds::extension))
        .route("/ocds/release-schema.json", get(ocds::extension_schema))
        .route("/deals/{id}/ocds.json", get(ocds::record))
        .route("/feed.atom", get(feed::site))
        .route("/deals.atom", get(feed::site))
        .route("/upcoming.ics", get(calendar::site))
        .route("/places/{usps}/upcoming.ics", get(calendar::state))
        .route("/places/{usps}/{slug}/upcoming.ics", get(calendar::place))
        .route("/places/{usps}/feed.atom", get(feed::state))
        .route("/places/{usps}/{slug}/feed.atom", get(feed::place))
        .route("/places/{usps}/card.png", get(card::state_card))
        .route("/places/{usps}/{slug}/card.png", get(card::place_card))
        .route("/downloads/tracker-public.sqlite", get(download::public_sqlite).with_state(downloads))
        // Form posts, each through the one write path (app::web::action).
        .route("/signup", post(sign_in::signup))
        .route("/login", post(sign_in::login))
        .route("/logout", post(sign_in::logout))
        // The deal forms may carry their sources' documents.
        .route("/deals/new", post(deals::new_deal).layer(axum::extract::DefaultBodyLimit::max(config.uploads.form_max() as usize)))
        .route("/deals/{id}/edit", post(deals::edit).layer(axum::extract::DefaultBodyLimit::max(config.uploads.form_max() as usize)))
        .route("/deals/{id}/revert", post(review::revert))
        .route("/deals/{id}/withdraw", post(review::withdraw))
        .route("/deals/{id}/flag", post(reports::flag))
        .route("/review/{rid}/{verdict}", post(review::decide))
        .route("/review/flags/{fid}/resolve", post(reports::resolve))
        .route("/review/places/{jid}/{verdict}", post(places::decide))
        .route("/deals/{id}/links", post(links::add))
        .route("/deals/{id}/links/{link}/remove", post(links::remove))
        .route("/places/propose", post(places::propose))
        .route("/take-part", post(profiles::propose))
        .route("/review/profiles/{id}/{verdict}", post(profiles::decide))
        .route("/follow", post(follows::follow))
        .route("/follow/confirm", post(follows::confirm))
        .route("/follow/manage", post(follows::manage))
        .route("/follow/unsubscribe", post(follows::unsubscribe))
        .route(
            "/deals/{id}/sources/{source}/document",
            post(app::web::documents::attach).layer(axum::extract::DefaultBodyLimit::max(config.uploads.max_file as usize + 64 * 1024)),
        )
        .route(
            "/documents",
            post(app::web::documents::upload).layer(axum::extract::DefaultBodyLimit::max(config.uploads.max_file as usize + 64 * 1024)),
        )
        .route("/documents/{sha}/file", get(app::web::documents::download))
        .route("/documents/{sha}/view", get(app::web::documents::show))
        .route("/review/import", post(app::web::import::upload).layer(axum::extract::DefaultBodyLimit::max(app::web::import::MAX_UPLOAD)))
        .route("/account/password", post(account::change_password))
        .route("/account/delete", post(account::delete_account))
        .route("/admin/users/role", post(account::set_role))
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new().layer(middleware::from_fn(asset_headers)).service(assets::service(&config.site_root.join("pkg"))),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, app::app::shell))
        .layer(middleware::from_fn_with_state(state.clone(), app::web::follow_writes))
        .layer(middleware::from_fn_with_state(state.clone(), auth::resolve_viewer))
        .layer(RequestBodyLimitLayer::new(MAX_BODY.max(config.uploads.form_max() as usize)))
        .layer(middleware::from_fn(time_limit))
        // Streamed exports go out uncompressed: tower-http's encoder did not finish streamed
        // bodies cleanly here (the last chunk went missing), and a CSV download is better
        // whole than small.
        .layer(
            CompressionLayer::new().compress_when(
                DefaultPredicate::new()
                    .and(NotForContentType::const_new("text/csv"))
                    .and(NotForContentType::const_new("application/json"))
                    .and(NotForContentType::const_new("application/vnd.sqlite3")),
            ),
        )
        .layer(middleware::from_fn_with_state(
            cache::CacheState { app: state.clone(), cache: Arc::new(cache::PageCache::with_budget(config.page_cache_bytes)) },
            cache::pages,
        ))
        .layer(middleware::from_fn(tidy_query))
        .layer(middleware::from_fn_with_state(policy, security::guard))
        .with_state(state);
    // Layers of a router run after it has routed; the language prefix must come off before.
    Router::new().fallback_service(tower::ServiceBuilder::new().layer(middleware::from_fn(language::language)).service(site))
}

/// Answers a stuck request rather than hold its connection: 30 s, or 15 minutes for a
/// post that may carry documents (attaching one, the deal forms), which a slow connection
/// takes minutes to send.
async fn time_limit(req: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
    let path = req.uri().path();
    let upload = req.method() == http::Method::POST
        && (path == "/documents"
            || path.starts_with("/deals/") && (path.ends_with("/document") || path.ends_with("/edit") || path == "/deals/new"));
    let limit = std::time::Duration::from_secs(if upload { 15 * 60 } else { 30 });
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// Loads jurisdictions from the first folder that has the Census files, when the
/// database has none yet beyond the states.
pub async fn load_places_if_empty(pool: &SqlitePool, dirs: &[PathBuf]) -> Result<(), String> {
    let mut conn = pool.acquire().await.map_err(|e| e.to_string())?;
    let loaded = app::repo::jurisdictions::count_loaded(&mut conn).await.map_err(|e| e.to_string())?;
    let with_area = app::repo::jurisdictions::count_with_area(&mut conn).await.map_err(|e| e.to_string())?;
    drop(conn);
    // Loaded before land areas were kept: load again once, so the place search ranks by them.
    if loaded > 0 && with_area > 0 {
        return Ok(());
    }
    for dir in dirs {
        let files = app::load::files::find(dir);
        if files.counties.is_some() && files.places.is_some() {
            tracing::info!(dir = %dir.display(), "loading jurisdictions (first start, or land areas missing)");
            let report = app::load::load_dir(pool, dir, true).await.map_err(|e| e.to_string())?;
            tracing::info!(inserted = report.inserted, seconds = report.elapsed.as_secs_f64(), "jurisdictions loaded");
            return Ok(());
        }
    }
    tracing::warn!("no Census Gazetteer files found in {:?}: only state pages exist until `tracker places load DIR` runs", dirs);
    Ok(())
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn serve(pool: SqlitePool, config: ServeConfig) -> std::io::Result<()> {
    if let Err(e) = load_places_if_empty(&pool, &config.places_dirs).await {
        tracing::error!(error = %e, "loading jurisdictions failed; serving without them");
    }
    let app = router(pool, &config).await;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
