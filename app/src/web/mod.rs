//! Server-only web plumbing: shared state, sessions, security middleware, form handlers.

pub mod auth;
pub mod forms;
pub mod security;

use leptos::prelude::LeptosOptions;
use sqlx::SqlitePool;
use std::sync::Arc;

/// Settings the web layer needs, validated at start.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Mark cookies `Secure` (on when served over HTTPS).
    pub secure_cookies: bool,
}

/// What every handler and server function can reach. Provided as Leptos context.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub config: Arc<WebConfig>,
}

/// The state from Leptos context, inside a server function or a page.
pub fn state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        crate::error::AppError::Internal
    })
}
