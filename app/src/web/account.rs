//! Account self-service (password, deletion) and the admins' role changes:
//! `POST /account/password`, `/account/delete` and `/admin/users/role`.

use super::{
    action::{self, Done, Post, Spec, Who},
    auth, limits, AppState,
};
use crate::{
    error::AppError,
    model::{msg::Msg, user::check_password, Role},
    repo::{
        self,
        changes::{self, Change},
    },
};
use axum::{
    extract::{Request, State},
    response::Response,
};

/// Checks the signed-in person's password (`field` of the form), counted against the
/// password limit.
async fn check_own_password(p: &Post, field: &str, wrong: &str) -> Result<(), AppError> {
    let v = p.viewer()?;
    let mut conn = p.state.pool.acquire().await?;
    let record = repo::users::by_handle(&mut conn, &v.handle).await?.ok_or(AppError::Unauthenticated)?;
    drop(conn);
    if !auth::verify_password(p.field(field).to_string(), Some(record.password_hash)).await {
        return Err(AppError::invalid(field, Msg::new(wrong)));
    }
    Ok(())
}

/// POST /account/password: needs the current password; ends every other session.
pub async fn change_password(State(state): State<AppState>, req: Request) -> Response {
    let spec = Spec::new(Who::SignedIn, "/account").limit(limits::Action::Password);
    action::handle(state, req, spec, async |p: &Post| {
        let v = p.viewer()?;
        check_own_password(p, "current", "password-wrong-current").await?;
        let new = p.field("password");
        check_password(new).map_err(|m| AppError::invalid("password", m))?;
        if new != p.field("confirm") {
            return Err(AppError::invalid("confirm", Msg::new("password-mismatch")).into());
        }
        let hash = auth::hash_password(new.to_string()).await?;
        let token = p
            .write(async |tx| {
                repo::users::set_password(tx.conn(), v.id, &hash).await?;
                let token = repo::sessions::create(tx.conn(), v.id).await?;
                tx.audit("password_changed", &v.handle, None).await?;
                Ok(token)
            })
            .await?;
        Ok(Done::ToWithCookie("/account?changed=1".into(), auth::session_cookie(&token, p.state.config.secure_cookies)))
    })
    .await
}

/// POST /account/delete: needs the password; history keeps every revision as "deleted user".
pub async fn delete_account(State(state): State<AppState>, req: Request) -> Response {
    let spec = Spec::new(Who::SignedIn, "/account").limit(limits::Action::Password);
    action::handle(state, req, spec, async |p: &Post| {
        let v = p.viewer()?;
        check_own_password(p, "delete_password", "password-wrong").await?;
        p.write(async |tx| {
            repo::users::delete(tx.conn(), v.id).await?;
            changes::record(tx.conn(), Change::Accounts).await?;
            tx.audit("account_deleted", &v.handle, None).await?;
            Ok(())
        })
        .await?;
        Ok(Done::ToWithCookie("/".into(), auth::clear_cookie(p.state.config.secure_cookies)))
    })
    .await
}

/// POST /admin/users/role: admins only.
pub async fn set_role(State(state): State<AppState>, req: Request) -> Response {
    action::handle(state, req, Spec::new(Who::Admins, "/admin/users"), async |p: &Post| {
        let handle = p.field("handle").trim().to_string();
        let role = Role::from_code(p.field("role")).ok_or_else(|| AppError::invalid("role", Msg::new("role-invalid")))?;
        p.write(async |tx| {
            let old = repo::users::set_role(tx.conn(), &handle, role).await?.ok_or(AppError::NotFound)?;
            tx.audit("role_changed", &handle, Some(&format!("{} -> {}", old.code(), role.code()))).await?;
            Ok(())
        })
        .await?;
        Ok(Done::To("/admin/users".into()))
    })
    .await
}
