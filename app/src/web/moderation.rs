//! Form posts for editing, reviewing, reverting, withdrawing and flagging deals. Each checks
//! the caller's role itself; successes redirect (303), failures render the page again.

use super::forms::{deal_input, error_echo, field, limit, prepare, read_form, render_again, see_other, status_of, too_many};
use super::{limits::Action, AppState};
use crate::{
    domain::{
        merge::{Choice, FieldKey},
        review::{self, ConflictReport, ReviewError},
    },
    error::AppError,
    model::view::Viewer,
    repo, FormEcho,
};
use axum::{
    extract::{Path, Request, State},
    http::request::Parts,
    response::Response,
};
use std::collections::BTreeMap;

fn viewer(req: &Request) -> Option<Viewer> {
    req.extensions().get::<Option<Viewer>>().cloned().flatten()
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
        let msg = if r.is_empty() {
            "Give a reason; the author and the public history show it."
        } else {
            "Keep the reason under 2,000 characters."
        };
        return Err(AppError::Invalid([(name.to_string(), msg.to_string())].into()));
    }
    Ok(r)
}

/// Why an edit or an approval did not go through: conflicting changes, which the person
/// settles field by field, or any other error.
enum Refused {
    Conflict(Box<ConflictReport>),
    Error(AppError),
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::Error(e)
    }
}

impl From<ReviewError> for Refused {
    fn from(e: ReviewError) -> Self {
        match e {
            ReviewError::Conflict(report) => Refused::Conflict(report),
            e => Refused::Error(e.into()),
        }
    }
}

/// The choices a form made for conflicting fields: `choose_<key>` = `now` or `mine`.
fn choices(form: &[(String, String)]) -> BTreeMap<FieldKey, Choice> {
    form.iter().filter_map(|(k, v)| Some((FieldKey::from_code(k.strip_prefix("choose_")?)?, Choice::from_code(v)?))).collect()
}

/// What a conflict shows: each field both sides changed with its three values, and the
/// other side's changes that saving keeps.
async fn conflict_echo(state: &AppState, report: &ConflictReport) -> Result<FormEcho, AppError> {
    let mut conn = state.pool.acquire().await?;
    let conflicts = repo::history::conflicts(&mut conn, report).await?;
    let mut names = repo::history::Names::load(&mut conn).await?;
    let base = repo::history::describe(&mut conn, &mut names, &report.base).await?;
    let now = repo::history::describe(&mut conn, &mut names, &report.now).await?;
    let kept = repo::history::diff(&base, &now).into_iter().filter(|c| !conflicts.iter().any(|x| x.label == c.field)).collect();
    Ok(FormEcho { summary: Some(AppError::Conflict(report.now_number).message().into()), conflicts, kept, ..Default::default() })
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
    let replaces: Option<i64> = field(&form, "replaces").parse().ok();
    let summary = match field(&form, "summary").trim() {
        "" => "Edited".to_string(),
        s => s.chars().take(300).collect(),
    };
    let echo_values =
        [("base", base.to_string()), ("summary", summary.clone()), ("replaces", replaces.map(|r| r.to_string()).unwrap_or_default())];
    let result: Result<review::EditOutcome, Refused> = async {
        let snapshot = prepare(&state, &input).await?;
        let mut tx = repo::begin_write(&state.pool).await.map_err(AppError::from)?;
        let edit = review::Edit { deal_id: id, base, snapshot, choices: choices(&form), replaces, summary: &summary };
        let outcome = review::edit(&mut tx, edit, &v).await?;
        tx.commit().await.map_err(AppError::from)?;
        Ok(outcome)
    }
    .await;
    match result {
        Ok(review::EditOutcome::Published(_)) => see_other(&format!("/deals/{id}"), None),
        Ok(review::EditOutcome::Pending(_)) => see_other(&format!("/deals/{id}?submitted=1"), None),
        Err(Refused::Conflict(report)) => {
            let mut echo = match conflict_echo(&state, &report).await {
                Ok(echo) => echo,
                Err(e) => return fail(&state, &parts, &path, e).await,
            };
            // The form comes back with the other side's changes in place, and this edit's
            // value in each conflicting field until the person chooses.
            let all_mine: BTreeMap<FieldKey, Choice> = report.fields.iter().map(|k| (k.clone(), Choice::Mine)).collect();
            let shown = crate::domain::merge::merge(&report.base, &report.now, &report.mine, &all_mine).result;
            echo.deal = Some(crate::model::DealInput::from_deal(&shown, input.jurisdiction.clone()));
            echo.values = echo_values.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
            render_again(&state, &parts, &path, echo, http::StatusCode::CONFLICT).await
        }
        Err(Refused::Error(e)) => {
            if matches!(e, AppError::RateLimited(_)) {
                return too_many(&state, &parts, &path, e).await;
            }
            let mut echo = error_echo(&e, &[]);
            echo.values = echo_values.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
            echo.deal = Some(input);
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
    let result: Result<(i64, Option<i64>), Refused> = async {
        if !v.is_moderator() {
            return Err(AppError::Forbidden.into());
        }
        let mut tx = repo::begin_write(&state.pool).await.map_err(AppError::from)?;
        let done = match verdict.as_str() {
            "approve" => {
                let note = field(&form, "reason").trim();
                let a = review::approve(&mut tx, rid, &v, (!note.is_empty()).then_some(note), &choices(&form)).await?;
                (a.deal_id, Some(a.number))
            }
            "reject" => {
                let why = reason(&form, "reason")?;
                (review::reject(&mut tx, rid, &v, &why).await?, None)
            }
            _ => return Err(AppError::NotFound.into()),
        };
        tx.commit().await.map_err(AppError::from)?;
        Ok(done)
    }
    .await;
    match result {
        Ok((deal, number)) => {
            let detail = format!("revision {rid}: {}", field(&form, "reason").trim());
            audit(&state, &v, &format!("revision_{verdict}"), format!("deal {deal}"), Some(&detail), &parts).await;
            match number {
                Some(n) => see_other(&format!("/review?published={deal}&revision={n}"), None),
                None => see_other(&format!("/review?rejected={deal}"), None),
            }
        }
        Err(Refused::Conflict(report)) => {
            let mut echo = match conflict_echo(&state, &report).await {
                Ok(echo) => echo,
                Err(e) => return fail(&state, &parts, "/review", e).await,
            };
            echo.summary = Some(
                "The deal changed since this edit was made, in fields the edit changes too. Choose which value to keep for each, then approve again.".into(),
            );
            echo.values.insert("revision".into(), rid.to_string());
            render_again(&state, &parts, "/review", echo, http::StatusCode::CONFLICT).await
        }
        Err(Refused::Error(e)) => fail(&state, &parts, "/review", e).await,
    }
}

/// POST /deals/{id}/revert: a moderator brings back an approved revision, saying why and
/// confirming.
pub async fn revert(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other(&format!("/login?next=/deals/{id}/history"), None) };
    let path = format!("/deals/{id}/history");
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let to: i64 = field(&form, "number").parse().unwrap_or(0);
    let result: Result<i64, AppError> = async {
        if !v.is_moderator() {
            return Err(AppError::Forbidden);
        }
        let why = reason(&form, "reason")?;
        if field(&form, "confirm") != "yes" {
            return Err(AppError::Invalid(
                [("confirm".to_string(), "Tick the box to confirm: reverting replaces what the public sees.".to_string())].into(),
            ));
        }
        let mut tx = repo::begin_write(&state.pool).await?;
        let n = review::revert(&mut tx, id, to, &v, &why).await?;
        tx.commit().await?;
        Ok(n)
    }
    .await;
    match result {
        Ok(n) => {
            audit(
                &state,
                &v,
                "revert",
                format!("deal {id}"),
                Some(&format!("to revision {to}, as revision {n}: {}", field(&form, "reason").trim())),
                &parts,
            )
            .await;
            see_other(&format!("{path}#r{n}"), None)
        }
        Err(e) => {
            if matches!(e, AppError::RateLimited(_)) {
                return too_many(&state, &parts, &path, e).await;
            }
            let echo = error_echo(&e, &[("number", &to.to_string()), ("reason", field(&form, "reason"))]);
            render_again(&state, &parts, &path, echo, status_of(&e)).await
        }
    }
}

/// A deal number as people give it: "42", "#42", "/deals/42" or a full link to the deal.
pub fn deal_number(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('/');
    let t = t.rsplit_once("/deals/").map(|(_, n)| n).unwrap_or(t);
    let t = t.split(['?', '#', '/']).next().unwrap_or(t);
    t.trim_start_matches('#').parse().ok().filter(|n: &i64| *n > 0)
}

/// POST /deals/{id}/withdraw
pub async fn withdraw(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let Some(v) = viewer(&req) else { return see_other(&format!("/login?next=/deals/{id}"), None) };
    let path = format!("/deals/{id}");
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let duplicate_text = field(&form, "duplicate_of").trim();
    let result: Result<(), AppError> = async {
        if !v.is_moderator() {
            return Err(AppError::Forbidden);
        }
        let why = reason(&form, "reason")?;
        let duplicate_of = match duplicate_text {
            "" => None,
            t => Some(deal_number(t).ok_or_else(|| {
                AppError::Invalid(
                    [("duplicate_of".to_string(), "Give the kept deal's number (e.g. 42) or paste its link.".to_string())].into(),
                )
            })?),
        };
        let mut tx = repo::begin_write(&state.pool).await?;
        review::withdraw(&mut tx, id, &v, &why, duplicate_of).await.map_err(|e| match e {
            ReviewError::NotFound if duplicate_of.is_some() => AppError::Invalid(
                [("duplicate_of".to_string(), "There is no live deal with that number (and a deal can't duplicate itself).".to_string())]
                    .into(),
            ),
            e => e.into(),
        })?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            audit(&state, &v, "withdraw", format!("deal {id}"), Some(field(&form, "reason").trim()), &parts).await;
            see_other(&path, None)
        }
        Err(e) => {
            let echo = error_echo(&e, &[("reason", field(&form, "reason")), ("duplicate_of", duplicate_text)]);
            render_again(&state, &parts, &path, echo, status_of(&e)).await
        }
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
            AppError::Invalid(
                [("note".to_string(), "Say what is wrong, in a sentence or two (under 2,000 characters).".to_string())].into(),
            )
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
        if !v.is_moderator() {
            return Err(AppError::Forbidden);
        }
        let why = reason(&form, "reason")?;
        let mut tx = repo::begin_write(&state.pool).await?;
        if !repo::flags::resolve(&mut tx, fid, v.id, &why).await? {
            return Err(AppError::NotFound);
        }
        repo::changes::record(&mut tx, repo::changes::Change::Reports).await?;
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
            AppError::Invalid(
                [("other".to_string(), "Enter the other deal's number, e.g. 42 (it is in its address, /deals/42).".to_string())].into(),
            )
        })?;
        let mut tx = repo::begin_write(&state.pool).await?;
        if !repo::links::add(&mut tx, id, other, field(&form, "link_kind"), v.id).await? {
            return Err(AppError::Invalid(
                [(
                    "other".to_string(),
                    "That link can't be made: check the deal number (a published deal, not this one) and the kind.".to_string(),
                )]
                .into(),
            ));
        }
        repo::changes::record(&mut tx, repo::changes::Change::Links).await?;
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
        if !v.is_moderator() {
            return Err(AppError::Forbidden);
        }
        let mut tx = repo::begin_write(&state.pool).await?;
        if !repo::links::remove(&mut tx, link, v.id).await? {
            return Err(AppError::NotFound);
        }
        repo::changes::record(&mut tx, repo::changes::Change::Links).await?;
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
    let values: Vec<(&str, &str)> = ["name", "kind", "state", "parent", "note"].iter().map(|k| (*k, field(&form, k))).collect();
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
            errors.insert(
                "note".into(),
                "Say where it is established (a statute, charter or official page), so a moderator can check.".into(),
            );
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
                    errors.insert(
                        "parent".into(),
                        "Name the county or city it belongs to, in the same state, e.g. \"King County, WA\"; or leave it empty.".into(),
                    );
                }
            }
        }
        drop(conn);
        let (Some(kind), Some(st)) = (kind, st) else { return Err(AppError::Invalid(errors)) };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let approved = v.is_moderator();
        let mut tx = repo::begin_write(&state.pool).await?;
        let proposal = repo::jurisdictions::NewProposal {
            name: &name,
            kind,
            state_usps: &st.state_usps,
            parent_id: parent,
            note: &note,
            user: v.id,
            approved,
        };
        let id = repo::jurisdictions::propose(&mut tx, proposal).await?;
        if approved {
            repo::changes::record(&mut tx, repo::changes::Change::Places).await?;
        }
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
        if !v.is_moderator() {
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
        if rejection.is_none() {
            repo::changes::record(&mut tx, repo::changes::Change::Places).await?;
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
