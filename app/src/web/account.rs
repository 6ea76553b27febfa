//! Account self-service (password, deletion) and the admins' role changes.

use super::forms::{error_echo, field, limit, read_form, render_again, see_other, status_of, too_many};
use super::{auth, AppState};
use crate::{
    error::AppError,
    model::view::Viewer,
    model::{user::check_password, Role},
    repo,
};
use axum::{
    extract::{Request, State},
    response::Response,
};

/// POST /account/password: needs the current password; ends every other session.
pub async fn change_password(State(state): State<AppState>, req: Request) -> Response {
    let Some(v) = req.extensions().get::<Option<Viewer>>().cloned().flatten() else {
        return see_other("/login?next=/account", None);
    };
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if let Err(e) = limit(&state, &parts, super::limits::Action::Password, Some(v.id)) {
        return too_many(&state, &parts, "/account", e).await;
    }
    let result: Result<String, AppError> = async {
        let mut conn = state.pool.acquire().await?;
        let record = repo::users::by_handle(&mut conn, &v.handle).await?.ok_or(AppError::Unauthenticated)?;
        drop(conn);
        if !auth::verify_password(field(&form, "current").to_string(), Some(record.password_hash)).await {
            return Err(AppError::Invalid([("current".to_string(), "That isn't your current password.".to_string())].into()));
        }
        let new = field(&form, "password");
        check_password(new).map_err(|m| AppError::Invalid([("password".to_string(), m)].into()))?;
        if new != field(&form, "confirm") {
            return Err(AppError::Invalid([("confirm".to_string(), "The two passwords don't match.".to_string())].into()));
        }
        let hash = auth::hash_password(new.to_string()).await?;
        let mut tx = repo::begin_write(&state.pool).await?;
        repo::users::set_password(&mut tx, v.id, &hash).await?;
        let token = repo::sessions::create(&mut tx, v.id).await?;
        repo::audit::record(&mut tx, Some((v.id, &v.handle)), "password_changed", Some(&v.handle), None, None).await?;
        tx.commit().await?;
        Ok(token)
    }
    .await;
    match result {
        Ok(token) => see_other("/account?changed=1", Some(auth::session_cookie(&token, state.config.secure_cookies))),
        Err(e) => render_again(&state, &parts, "/account", error_echo(&e, &[]), status_of(&e)).await,
    }
}

/// POST /account/delete: needs the password; history keeps every revision as "deleted user".
pub async fn delete_account(State(state): State<AppState>, req: Request) -> Response {
    let Some(v) = req.extensions().get::<Option<Viewer>>().cloned().flatten() else {
        return see_other("/login?next=/account", None);
    };
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if let Err(e) = limit(&state, &parts, super::limits::Action::Password, Some(v.id)) {
        return too_many(&state, &parts, "/account", e).await;
    }
    let result: Result<(), AppError> = async {
        let mut conn = state.pool.acquire().await?;
        let record = repo::users::by_handle(&mut conn, &v.handle).await?.ok_or(AppError::Unauthenticated)?;
        drop(conn);
        if !auth::verify_password(field(&form, "delete_password").to_string(), Some(record.password_hash)).await {
            return Err(AppError::Invalid([("delete_password".to_string(), "That isn't your password.".to_string())].into()));
        }
        let mut tx = repo::begin_write(&state.pool).await?;
        repo::users::delete(&mut tx, v.id).await?;
        repo::changes::record(&mut tx, repo::changes::Change::Accounts).await?;
        repo::audit::record(&mut tx, Some((v.id, &v.handle)), "account_deleted", Some(&v.handle), None, None).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => see_other("/?deleted=1", Some(auth::clear_cookie(state.config.secure_cookies))),
        Err(e) => render_again(&state, &parts, "/account", error_echo(&e, &[]), status_of(&e)).await,
    }
}

/// POST /admin/users/role: admins only.
pub async fn set_role(State(state): State<AppState>, req: Request) -> Response {
    let Some(v) = req.extensions().get::<Option<Viewer>>().cloned().flatten() else {
        return see_other("/login?next=/admin/users", None);
    };
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let handle = field(&form, "handle").trim().to_string();
    let result: Result<(), AppError> = async {
        if v.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        let role = Role::from_code(field(&form, "role"))
            .ok_or_else(|| AppError::Invalid([("role".to_string(), "Choose contributor, moderator or admin.".to_string())].into()))?;
        let mut tx = repo::begin_write(&state.pool).await?;
        let old = repo::users::set_role(&mut tx, &handle, role).await?.ok_or(AppError::NotFound)?;
        let detail = format!("{} -> {}", old.code(), role.code());
        repo::audit::record(&mut tx, Some((v.id, &v.handle)), "role_changed", Some(&handle), Some(&detail), None).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => see_other("/admin/users", None),
        Err(e) => render_again(&state, &parts, "/admin/users", error_echo(&e, &[]), status_of(&e)).await,
    }
}
