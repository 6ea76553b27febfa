//! Form posts for editing, reviewing, reverting, withdrawing and flagging deals. Each checks
//! the caller's role itself; successes redirect (303), failures render the page again.

use super::forms::{deal_input, error_echo, field, limit, prepare, read_form, render_again, see_other, status_of, too_many};
use super::{limits::Action, AppState};
use crate::{
    error::AppError,
    model::view::Viewer,
    repo::{self, review::Actor},
    CurrentViewer,
};
use axum::{
    extract::{Path, Request, State},
    http::request::Parts,
    response::Response,
};

fn viewer(req: &Request) -> Option<Viewer> {
    req.extensions().get::<CurrentViewer>().and_then(|v| v.0.clone())
}

fn actor(v: &Viewer) -> Actor {
    Actor { id: v.id, role: v.role }
}

async fn fail(state: &AppState, parts: &Parts, path: &str, e: AppError) -> Response {
    if matches!(e, AppError::RateLimited(_)) {
        return too_many(state, parts, path, e).await;
    }
    render_again(state, parts, path, error_echo(&e, &[]), status_of(&e)).await
}

async fn audit(state: &AppState, v: &Viewer, action: &str, subject: String, detail: Option<&str>, parts: &Parts) {
    let ip = super::limits::client_ip(parts, &state.config.trusted_proxies);
    match state.pool.acquire().await {
        Ok(mut conn) => {
            if let Err(e) = repo::audit::record(&mut conn, Some((v.id, &v.handle)), action, Some(&subject), detail, Some(&ip)).await {
                tracing::warn!(error = %e, "audit write failed");
            }
        }
        Err(e) => tracing::warn!(error = %e, "audit write failed"),
    }
}

fn reason(form: &[(String, String)], name: &str) -> Result<String, AppError> {
    let r = field(form, name).trim().to_string();
    if r.is_empty() || r.chars().count() > 2000 {
        let msg = if r.is_empty() { "Give a reason; the author and the public history show it." } else { "Keep the reason under 2,000 characters." };
        return Err(AppError::Invalid([(name.to_string(), msg.to_string())].into()));
    }
    Ok(r)
}

/// POST /deals/{id}/edit
pub async fn edit(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other(&format!("/login?next=/deals/{id}/edit"), None) };
    let path = format!("/deals/{id}/edit");
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if let Err(e) = limit(&state, &parts, Action::Edit, Some(v.id)) {
        return fail(&state, &parts, &path, e).await;
    }
    let input = deal_input(&form);
    let base: i64 = field(&form, "base").parse().unwrap_or(-1);
    let summary = match field(&form, "summary").trim() {
        "" => "Edited".to_string(),
        s => s.chars().take(300).collect(),
    };
    let result: Result<repo::review::EditOutcome, AppError> = async {
        let snap = prepare(&state, &input).await?;
        let mut tx = repo::begin_write(&state.pool).await?;
        let outcome = repo::review::edit(&mut tx, id, base, &snap, actor(&v), &summary).await?;
        tx.commit().await?;
        Ok(outcome)
    }
    .await;
    match result {
        Ok(repo::review::EditOutcome::Published) => see_other(&format!("/deals/{id}"), None),
        Ok(repo::review::EditOutcome::Pending) => see_other(&format!("/deals/{id}?submitted=1"), None),
        Err(e) => {
            let mut echo = error_echo(&e, &[("base", &base.to_string()), ("summary", &summary)]);
            echo.deal = Some(input);
            if matches!(e, AppError::RateLimited(_)) {
                return too_many(&state, &parts, &path, e).await;
            }
            render_again(&state, &parts, &path, echo, status_of(&e)).await
        }
    }
}

/// POST /review/{revision}/approve and /review/{revision}/reject
pub async fn decide(State(state): State<AppState>, Path((rid, verdict)): Path<(i64, String)>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other("/login?next=/review", None) };
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let result: Result<i64, AppError> = async {
        if !actor(&v).is_moderator() {
            return Err(AppError::Forbidden);
        }
        let mut tx = repo::begin_write(&state.pool).await?;
        let deal = match verdict.as_str() {
            "approve" => {
                let note = field(&form, "reason").trim();
                repo::review::approve(&mut tx, rid, actor(&v), (!note.is_empty()).then_some(note)).await?
            }
            "reject" => repo::review::reject(&mut tx, rid, actor(&v), &reason(&form, "reason")?).await?,
            _ => return Err(AppError::NotFound),
        };
        tx.commit().await?;
        Ok(deal)
    }
    .await;
    match result {
        Ok(deal) => {
            let detail = format!("revision {rid}: {}", field(&form, "reason").trim());
            audit(&state, &v, &format!("revision_{verdict}"), format!("deal {deal}"), Some(&detail), &parts).await;
            see_other("/review", None)
        }
        Err(e) => fail(&state, &parts, "/review", e).await,
    }
}

/// POST /deals/{id}/revert
pub async fn revert(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other(&format!("/login?next=/deals/{id}/history"), None) };
    let path = format!("/deals/{id}/history");
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let to: i64 = field(&form, "number").parse().unwrap_or(0);
    let result: Result<i64, AppError> = async {
        let mut tx = repo::begin_write(&state.pool).await?;
        let n = repo::review::revert(&mut tx, id, to, actor(&v)).await?;
        tx.commit().await?;
        Ok(n)
    }
    .await;
    match result {
        Ok(n) => {
            audit(&state, &v, "revert", format!("deal {id}"), Some(&format!("to revision {to}, as revision {n}")), &parts).await;
            see_other(&path, None)
        }
        Err(e) => fail(&state, &parts, &path, e).await,
    }
}

/// POST /deals/{id}/withdraw
pub async fn withdraw(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other(&format!("/login?next=/deals/{id}"), None) };
    let path = format!("/deals/{id}");
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let duplicate_of = field(&form, "duplicate_of").trim().trim_start_matches('#').parse::<i64>().ok();
    let result: Result<(), AppError> = async {
        if !actor(&v).is_moderator() {
            return Err(AppError::Forbidden);
        }
        let why = reason(&form, "reason")?;
        let mut tx = repo::begin_write(&state.pool).await?;
        repo::review::withdraw(&mut tx, id, actor(&v), &why, duplicate_of).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            audit(&state, &v, "withdraw", format!("deal {id}"), Some(field(&form, "reason").trim()), &parts).await;
            see_other(&path, None)
        }
        Err(e) => fail(&state, &parts, &path, e).await,
    }
}

/// POST /deals/{id}/flag
pub async fn flag(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other(&format!("/login?next=/deals/{id}"), None) };
    let path = format!("/deals/{id}");
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let result: Result<(), AppError> = async {
        limit(&state, &parts, Action::Flag, Some(v.id))?;
        let kind = field(&form, "kind");
        if !repo::flags::KINDS.iter().any(|(k, _)| *k == kind) {
            return Err(AppError::Invalid([("flag_kind".to_string(), "Choose what is wrong.".to_string())].into()));
        }
        let note = reason(&form, "note").map_err(|_| {
            AppError::Invalid([("note".to_string(), "Say what is wrong, in a sentence or two (under 2,000 characters).".to_string())].into())
        })?;
        let mut tx = repo::begin_write(&state.pool).await?;
        repo::flags::create(&mut tx, id, v.id, kind, &note).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("/deals/{id}?flagged=1"), None),
        Err(e) => {
            let mut echo = error_echo(&e, &[("note", field(&form, "note")), ("kind", field(&form, "kind"))]);
            if matches!(e, AppError::RateLimited(_)) {
                return too_many(&state, &parts, &path, e).await;
            }
            echo.summary = Some(e.message().into());
            render_again(&state, &parts, &path, echo, status_of(&e)).await
        }
    }
}

/// POST /review/flags/{id}/resolve
pub async fn resolve_flag(State(state): State<AppState>, Path(fid): Path<i64>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other("/login?next=/review", None) };
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let result: Result<(), AppError> = async {
        if !actor(&v).is_moderator() {
            return Err(AppError::Forbidden);
        }
        let why = reason(&form, "reason")?;
        let mut tx = repo::begin_write(&state.pool).await?;
        if !repo::flags::resolve(&mut tx, fid, v.id, &why).await? {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            audit(&state, &v, "flag_resolved", format!("flag {fid}"), Some(field(&form, "reason").trim()), &parts).await;
            see_other("/review", None)
        }
        Err(e) => fail(&state, &parts, "/review", e).await,
    }
}


/// POST /deals/{id}/links: anyone signed in links this deal to another.
pub async fn link_add(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other(&format!("/login?next=/deals/{id}"), None) };
    let path = format!("/deals/{id}");
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let result: Result<(), AppError> = async {
        limit(&state, &parts, Action::Edit, Some(v.id))?;
        let other = field(&form, "other").trim().trim_start_matches('#').trim_start_matches("/deals/").parse::<i64>().map_err(|_| {
            AppError::Invalid([("other".to_string(), "Enter the other deal's number, e.g. 42 (it is in its address, /deals/42).".to_string())].into())
        })?;
        let mut tx = repo::begin_write(&state.pool).await?;
        if !repo::links::add(&mut tx, id, other, field(&form, "link_kind"), v.id).await? {
            return Err(AppError::Invalid(
                [("other".to_string(), "That link can't be made: check the deal number (a published deal, not this one) and the kind.".to_string())].into(),
            ));
        }
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            let detail = format!("{} {}", field(&form, "link_kind"), field(&form, "other"));
            audit(&state, &v, "link_added", format!("deal {id}"), Some(&detail), &parts).await;
            see_other(&path, None)
        }
        Err(e) => fail(&state, &parts, &path, e).await,
    }
}

/// POST /deals/{id}/links/{link}/remove: moderators take a link down.
pub async fn link_remove(State(state): State<AppState>, Path((id, link)): Path<(i64, i64)>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other(&format!("/login?next=/deals/{id}"), None) };
    let path = format!("/deals/{id}");
    let (parts, _form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let result: Result<(), AppError> = async {
        if !actor(&v).is_moderator() {
            return Err(AppError::Forbidden);
        }
        let mut tx = repo::begin_write(&state.pool).await?;
        if !repo::links::remove(&mut tx, link, v.id).await? {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            audit(&state, &v, "link_removed", format!("deal {id}"), Some(&format!("link {link}")), &parts).await;
            see_other(&path, None)
        }
        Err(e) => fail(&state, &parts, &path, e).await,
    }
}

/// POST /places/propose: a government the Census files don't list.
pub async fn propose_place(State(state): State<AppState>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other("/login?next=/places/propose", None) };
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let values: Vec<(&str, &str)> =
        ["name", "kind", "state", "parent", "note"].iter().map(|k| (*k, field(&form, k))).collect();
    let result: Result<(i64, String), AppError> = async {
        limit(&state, &parts, Action::Submit, Some(v.id))?;
        let mut errors = crate::model::FieldErrors::new();
        let name = field(&form, "name").trim().to_string();
        if name.chars().count() < 3 || name.chars().count() > 200 {
            errors.insert("name".into(), "Give the government's full name, e.g. \"Port of Seattle\".".into());
        }
        let kind = crate::model::JurisdictionKind::from_code(field(&form, "kind")).filter(|k| *k != crate::model::JurisdictionKind::State);
        if kind.is_none() {
            errors.insert("kind".into(), "Choose what kind of government it is.".into());
        }
        let note = field(&form, "note").trim().to_string();
        if note.is_empty() || note.chars().count() > 2000 {
            errors.insert("note".into(), "Say where it is established (a statute, charter or official page), so a moderator can check.".into());
        }
        let mut conn = state.pool.acquire().await?;
        let st = repo::jurisdictions::state(&mut conn, field(&form, "state").trim()).await?;
        if st.is_none() {
            errors.insert("state".into(), "Choose the state.".into());
        }
        let parent_text = field(&form, "parent").trim();
        let mut parent = None;
        if !parent_text.is_empty() {
            match (repo::jurisdictions::resolve(&mut conn, parent_text).await?, &st) {
                (repo::jurisdictions::Resolved::One(p), Some(s)) if p.state_usps == s.state_usps => parent = Some(p.id),
                _ => {
                    errors.insert("parent".into(), "Name the county or city it belongs to, in the same state, e.g. \"King County, WA\"; or leave it empty.".into());
                }
            }
        }
        drop(conn);
        let (Some(kind), Some(st)) = (kind, st) else { return Err(AppError::Invalid(errors)) };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let approved = actor(&v).is_moderator();
        let mut tx = repo::begin_write(&state.pool).await?;
        let id = repo::jurisdictions::propose(&mut tx, &name, kind, &st.state_usps, parent, &note, v.id, approved).await?;
        tx.commit().await?;
        let mut conn = state.pool.acquire().await?;
        let url = repo::jurisdictions::by_id(&mut conn, id).await?.map(|j| j.url()).unwrap_or_default();
        Ok((id, if approved { url } else { "/places/propose?sent=1".to_string() }))
    }
    .await;
    match result {
        Ok((id, to)) => {
            audit(&state, &v, "place_proposed", format!("jurisdiction {id}"), None, &parts).await;
            see_other(&to, None)
        }
        Err(e) => {
            if matches!(e, AppError::RateLimited(_)) {
                return too_many(&state, &parts, "/places/propose", e).await;
            }
            render_again(&state, &parts, "/places/propose", error_echo(&e, &values), status_of(&e)).await
        }
    }
}

/// POST /review/places/{id}/{approve|reject}
pub async fn decide_place(State(state): State<AppState>, Path((jid, verdict)): Path<(i64, String)>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other("/login?next=/review", None) };
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let result: Result<(), AppError> = async {
        if !actor(&v).is_moderator() {
            return Err(AppError::Forbidden);
        }
        let rejection = match verdict.as_str() {
            "approve" => None,
            "reject" => Some(reason(&form, "reason")?),
            _ => return Err(AppError::NotFound),
        };
        let mut tx = repo::begin_write(&state.pool).await?;
        if !repo::jurisdictions::decide_proposal(&mut tx, jid, rejection.as_deref()).await? {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            audit(&state, &v, &format!("place_{verdict}"), format!("jurisdiction {jid}"), Some(field(&form, "reason")), &parts).await;
            see_other("/review", None)
        }
        Err(e) => fail(&state, &parts, "/review", e).await,
    }
}
