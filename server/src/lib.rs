//! The `tracker` server: configuration, the axum router, and start-up (migrations and the
//! first jurisdiction load). `main.rs` holds the command line.

use app::web::{account, auth, forms, limits, moderation, security, AppState, WebConfig};
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

pub mod export;

/// Largest request body accepted anywhere; forms cap themselves lower.
const MAX_BODY: usize = 1024 * 1024;

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
}

/// The Leptos options the router needs, from our own config rather than Cargo.toml.
pub fn leptos_options(config: &ServeConfig) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("tracker")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build()
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&state.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// The whole application router.
pub fn router(pool: SqlitePool, config: &ServeConfig) -> Router {
    let options = leptos_options(config);
    let state = AppState {
        leptos_options: options.clone(),
        pool,
        config: Arc::new(WebConfig {
            secure_cookies: config.secure_cookies,
            trusted_proxies: config.trusted_proxies.clone(),
            data_licence: config.data_licence.clone(),
        }),
        limiter: Arc::new(limits::Limiter::new(config.limits.clone())),
        version: Default::default(),
        facet_lock: Default::default(),
        facet_cache: Default::default(),
    };
    let routes = generate_route_list(app::app::App);
    let ctx_state = state.clone();
    let context = move || provide_context(ctx_state.clone());
    let shell_options = options.clone();
    let shell = move || app::app::shell(shell_options.clone());
    Router::new()
        .route("/healthz", get(healthz))
        .route("/signup", post(forms::signup))
        .route("/login", post(forms::login))
        .route("/logout", post(forms::logout))
        .route("/deals/new", post(forms::new_deal))
        .route("/deals/{id}/edit", post(moderation::edit))
        .route("/deals/{id}/revert", post(moderation::revert))
        .route("/deals/{id}/withdraw", post(moderation::withdraw))
        .route("/deals/{id}/flag", post(moderation::flag))
        .route("/review/{rid}/{verdict}", post(moderation::decide))
        .route("/review/flags/{fid}/resolve", post(moderation::resolve_flag))
        .route("/review/places/{jid}/{verdict}", post(moderation::decide_place))
        .route("/deals/{id}/links", post(moderation::link_add))
        .route("/deals/{id}/links/{link}/remove", post(moderation::link_remove))
        .route("/places/propose", post(moderation::propose_place))
        .route("/account/password", post(account::change_password))
        .route("/account/delete", post(account::delete_account))
        .route("/admin/users/role", post(account::set_role))
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, app::app::shell))
        .layer(middleware::from_fn_with_state(state.clone(), export::exports))
        .layer(middleware::from_fn_with_state(state.clone(), app::web::bump_version))
        .layer(middleware::from_fn_with_state(state.clone(), auth::resolve_viewer))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        // A request that takes this long is stuck; answer rather than hold the connection.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, std::time::Duration::from_secs(30)))
        // Streamed exports go out uncompressed: tower-http's encoder did not finish streamed
        // bodies cleanly here (the last chunk went missing), and a CSV download is better
        // whole than small.
        .layer(CompressionLayer::new().compress_when(
            DefaultPredicate::new()
                .and(NotForContentType::const_new("text/csv"))
                .and(NotForContentType::const_new("application/json")),
        ))
        .layer(middleware::from_fn_with_state(config.secure_cookies, security::guard))
        .with_state(state)
}

/// Loads jurisdictions from the first folder that has the Census files, when the
/// database has none yet beyond the states.
pub async fn load_places_if_empty(pool: &SqlitePool, dirs: &[PathBuf]) -> Result<(), String> {
    let mut conn = pool.acquire().await.map_err(|e| e.to_string())?;
    let loaded = app::repo::jurisdictions::count_loaded(&mut conn).await.map_err(|e| e.to_string())?;
    drop(conn);
    if loaded > 0 {
        return Ok(());
    }
    for dir in dirs {
        let files = app::load::files::find(dir);
        if files.counties.is_some() && files.places.is_some() {
            tracing::info!(dir = %dir.display(), "loading jurisdictions on first start");
            let report = app::load::load_dir(pool, dir, true).await.map_err(|e| e.to_string())?;
            tracing::info!(inserted = report.inserted, seconds = report.elapsed.as_secs_f64(), "jurisdictions loaded");
            return Ok(());
        }
    }
    tracing::warn!(
        "no Census Gazetteer files found in {:?}: only state pages exist until `tracker places load DIR` runs",
        dirs
    );
    Ok(())
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn serve(pool: SqlitePool, config: ServeConfig) -> std::io::Result<()> {
    if let Err(e) = load_places_if_empty(&pool, &config.places_dirs).await {
        tracing::error!(error = %e, "loading jurisdictions failed; serving without them");
    }
    let app = router(pool, &config);
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await
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
