//! Passwords, session cookies, and the middleware that finds the signed-in person.

use super::AppState;
use crate::{error::AppError, model::view::Viewer, repo};
use argon2::{password_hash::SaltString, Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue},
    middleware::Next,
    response::Response,
};

/// The session cookie's name over plain HTTP.
pub const COOKIE: &str = "tracker_session";
/// Its name behind HTTPS: the `__Host-` prefix makes browsers refuse it unless it is
/// `Secure`, for the whole site (`Path=/`) and set by this host alone, never a subdomain.
pub const SECURE_COOKIE: &str = "__Host-tracker_session";

/// The cookie's name in this mode.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

/// Hashes a password with argon2id on a blocking thread (it takes tens of milliseconds
/// by design and must not stall the async workers).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// A fixed hash checked when the handle is unknown, so both cases take the same time.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1s7Va5W/6eXJLxb7D9ETo0c2l3YLJOQbcHVq+f5WPbo";

/// Checks a password against a stored hash (or the dummy) on a blocking thread.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
    })
    .await
    .unwrap_or(false)
        && known
}

/// The session token from the request's cookies, under the mode's cookie name.
pub fn session_token(headers: &HeaderMap, secure: bool) -> Option<String> {
    let name = cookie_name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let max_age = repo::sessions::ABSOLUTE.num_seconds();
    let name = cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("tracker_session=; Path=/"))
}

/// A `Set-Cookie` value that ends a session.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static("__Host-tracker_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure")
    } else {
        HeaderValue::from_static("tracker_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    }
}

/// Finds the signed-in person (if any) and puts them in the request's extensions.
pub async fn resolve_viewer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let mut viewer: Option<Viewer> = None;
    if let Some(token) = session_token(req.headers(), state.config.secure_cookies) {
        if let Ok(mut conn) = state.pool.acquire().await {
            viewer = repo::sessions::viewer(&mut conn, &token).await.unwrap_or_else(|e| {
                tracing::warn!(error = %e, "session lookup failed");
                None
            });
        }
    }
    req.extensions_mut().insert(viewer);
    next.run(req).await
}
