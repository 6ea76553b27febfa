//! Server-only web plumbing: shared state, sessions, security middleware, form handlers.

pub mod account;
pub mod auth;
pub mod forms;
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
}

/// What every handler and server function can reach. Provided as Leptos context.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub config: Arc<WebConfig>,
    pub limiter: Arc<limits::Limiter>,
}

/// The state from Leptos context, inside a server function or a page.
pub fn state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        crate::error::AppError::Internal
    })
}
