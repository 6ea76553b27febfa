//! Signing up, in and out: `POST /signup`, `/login`, `/logout`.

use super::{
    action::{self, Done, Post, Refusal, Spec, Who},
    auth, limits, AppState,
};
use crate::{
    error::AppError,
    model::{user::parse_signup, Role},
    repo,
};
use axum::{
    extract::{Request, State},
    response::Response,
};

/// Starts a session for `user_id` (a new one at every sign-in: a session fixed before
/// sign-in is dropped) and sends the person on.
async fn start_session(p: &Post, user_id: i64) -> Result<Done, Refusal> {
    let secure = p.state.config.secure_cookies;
    let old = auth::session_token(&p.parts.headers, secure);
    let token = p
        .write(async |tx| {
            if let Some(old) = &old {
                repo::sessions::delete(tx.conn(), old).await?;
            }
            Ok(repo::sessions::create(tx.conn(), user_id).await?)
        })
        .await?;
    Ok(Done::ToWithCookie(super::forms::safe_next(p.field("next")), auth::session_cookie(&token, secure)))
}

/// POST /signup
pub async fn signup(State(state): State<AppState>, req: Request) -> Response {
    let spec = Spec::new(Who::Anyone, "/signup").limit(limits::Action::Signup).echo(&["handle", "next"]);
    action::handle(state, req, spec, async |p: &Post| {
        let handle = parse_signup(p.field("handle"), p.field("password"), p.field("confirm")).map_err(AppError::Invalid)?;
        let hash = auth::hash_password(p.field("password").to_string()).await?;
        let id = p.write(async |tx| Ok(repo::users::insert(tx.conn(), &handle, &hash, Role::Contributor).await?)).await?;
        start_session(p, id).await
    })
    .await
}

/// POST /login: limited per client address, and per account by the handle typed (whether or
/// not it exists, so the answer never tells which); every attempt is audited.
pub async fn login(State(state): State<AppState>, req: Request) -> Response {
    let spec = Spec::new(Who::Anyone, "/login").limit(limits::Action::Login).echo(&["handle", "next"]);
    action::handle(state, req, spec, async |p: &Post| {
        let handle = p.field("handle").trim();
        p.state.limiter.check(limits::Action::LoginAccount, &[limits::handle_key(handle)]).map_err(AppError::RateLimited)?;
        let mut conn = p.state.pool.acquire().await.map_err(AppError::from)?;
        let record = repo::users::by_handle(&mut conn, handle).await?;
        drop(conn);
        let ok = auth::verify_password(p.field("password").to_string(), record.as_ref().map(|r| r.password_hash.clone())).await;
        // The audit keeps what was typed only as far as a handle can reach.
        let typed: String = handle.chars().take(40).collect();
        let action = if ok { "login" } else { "login_failed" };
        let actor = record.as_ref().map(|r| (r.viewer.id, r.viewer.handle.clone()));
        p.write(async |tx| {
            let who = actor.as_ref().map(|(id, h)| (*id, h.as_str()));
            repo::audit::record(tx.conn(), who, action, Some(&typed), None, Some(&p.ip)).await?;
            Ok(())
        })
        .await?;
        match record {
            Some(r) if ok => start_session(p, r.viewer.id).await,
            _ => Err(AppError::BadCredentials.into()),
        }
    })
    .await
}

/// POST /logout: ends the session, if there is one.
pub async fn logout(State(state): State<AppState>, req: Request) -> Response {
    action::handle(state, req, Spec::new(Who::Anyone, "/"), async |p: &Post| {
        let secure = p.state.config.secure_cookies;
        if let Some(token) = auth::session_token(&p.parts.headers, secure) {
            p.write(async |tx| Ok(repo::sessions::delete(tx.conn(), &token).await?)).await?;
        }
        Ok(Done::ToWithCookie("/".into(), auth::clear_cookie(secure)))
    })
    .await
}
