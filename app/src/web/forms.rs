//! Plain HTML form posts (sign up, sign in, sign out, new deal). They work with JavaScript
//! off: success redirects (303), failure renders the same page again with what was typed
//! and each error next to its field.

use super::{auth, AppState};
use crate::{
    domain::review,
    error::AppError,
    model::view::Viewer,
    model::{user::parse_signup, Deal, DealInput, FieldErrors, Role, SourceInput},
    repo::{self, jurisdictions::Resolved},
    FormEcho,
};
use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, request::Parts, Method, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;

/// Form bodies are small; anything bigger is refused before parsing.
const MAX_FORM_BYTES: usize = 256 * 1024;

pub type Pairs = Vec<(String, String)>;

pub async fn read_form(req: Request) -> Result<(Parts, Pairs), Response> {
    let (parts, body) = req.into_parts();
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, "Send the form as application/x-www-form-urlencoded.").into_response());
    }
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "That form is too large to accept.").into_response())?;
    Ok((parts, form_urlencoded::parse(&bytes).into_owned().collect()))
}

pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

fn all<'a>(pairs: &'a Pairs, name: &str) -> Vec<&'a str> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
}

/// A local path to go to after signing in. The address is read as a browser reads it,
/// relative to this site (tabs and newlines dropped, backslashes as slashes), and kept only
/// when it stays on the site; what is sent back is that reading, not the text as typed.
pub fn safe_next(next: &str) -> String {
    const HOME: &str = "https://tracker.invalid/";
    let Ok(base) = url::Url::parse(HOME) else { return "/".into() };
    match base.join(next) {
        Ok(u) if next.starts_with('/') && next.len() < 500 && u.origin() == base.origin() => {
            let mut to = u.path().to_string();
            if let Some(q) = u.query() {
                to.push('?');
                to.push_str(q);
            }
            to
        }
        _ => "/".to_string(),
    }
}

/// Renders the page at `path` with the echoed form, as the response to a failed post.
pub async fn render_again(state: &AppState, parts: &Parts, path: &str, echo: FormEcho, status: StatusCode) -> Response {
    render_with(state, parts, path, echo, status).await
}

/// Renders the page at `path` for a post, with `echo` (what the page shows about the post:
/// a `FormEcho`, an `ImportEcho`) in context.
pub async fn render_with<E: Clone + Send + Sync + 'static>(
    state: &AppState,
    parts: &Parts,
    path: &str,
    echo: E,
    status: StatusCode,
) -> Response {
    let options = state.leptos_options.clone();
    let st = state.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(st.clone());
            provide_context(echo.clone());
        },
        move || crate::app::shell(options.clone()),
    );
    let mut req = Request::new(Body::empty());
    *req.method_mut() = Method::GET;
    *req.uri_mut() = path.parse().unwrap_or_default();
    *req.headers_mut() = parts.headers.clone();
    req.headers_mut().remove(header::CONTENT_TYPE);
    req.headers_mut().remove(header::CONTENT_LENGTH);
    *req.extensions_mut() = parts.extensions.clone();
    let mut res = handler(req).await;
    *res.status_mut() = status;
    res
}

pub fn see_other(location: &str, cookie: Option<header::HeaderValue>) -> Response {
    let mut res = Redirect::to(location).into_response();
    if let Some(c) = cookie {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

pub fn error_echo(e: &AppError, values: &[(&str, &str)]) -> FormEcho {
    FormEcho {
        values: values.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        errors: match e {
            AppError::Invalid(f) => f.clone(),
            AppError::HandleTaken => FieldErrors::from([("handle".into(), e.message().into())]),
            _ => FieldErrors::new(),
        },
        summary: Some(e.message().to_string()),
        ..Default::default()
    }
}

pub fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The client's address and, when signed in, the account, as rate-limit keys.
pub fn limit(state: &AppState, parts: &Parts, action: super::limits::Action, user: Option<i64>) -> Result<String, AppError> {
    let ip = super::limits::client_ip(parts, &state.config.trusted_proxies);
    let mut keys = vec![super::limits::client_key(&ip)];
    if let Some(u) = user {
        keys.push(format!("user:{u}"));
    }
    state.limiter.check(action, &keys).map_err(AppError::RateLimited)?;
    Ok(ip)
}

/// What a person over a limit reads: how long to wait, never whether an account exists.
pub fn rate_message(wait: u64) -> String {
    if wait > 90 {
        format!("Too many attempts in a short time. Wait {} minutes and try again.", wait.div_ceil(60))
    } else {
        "Too many attempts in a short time. Wait a minute and try again.".to_string()
    }
}

/// A 429 page with Retry-After, for a form post over its limit.
pub async fn too_many(state: &AppState, parts: &Parts, path: &str, e: AppError) -> Response {
    let wait = if let AppError::RateLimited(s) = e { s } else { 60 };
    let mut echo = error_echo(&e, &[]);
    echo.summary = Some(rate_message(wait));
    let mut res = render_again(state, parts, path, echo, StatusCode::TOO_MANY_REQUESTS).await;
    if let Ok(v) = header::HeaderValue::from_str(&wait.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// POST /signup
pub async fn signup(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (handle, next) = (field(&form, "handle"), field(&form, "next"));
    if let Err(e) = limit(&state, &parts, super::limits::Action::Signup, None) {
        return too_many(&state, &parts, "/signup", e).await;
    }
    let result: Result<i64, AppError> = async {
        let handle = parse_signup(handle, field(&form, "password"), field(&form, "confirm")).map_err(AppError::Invalid)?;
        let hash = auth::hash_password(field(&form, "password").to_string()).await?;
        let mut tx = repo::begin_write(&state.pool).await?;
        let id = repo::users::insert(&mut tx, &handle, &hash, Role::Contributor).await?;
        tx.commit().await?;
        Ok(id)
    }
    .await;
    match result {
        Ok(user_id) => start_session(&state, &parts, user_id, next).await,
        Err(e) => render_again(&state, &parts, "/signup", error_echo(&e, &[("handle", handle), ("next", next)]), status_of(&e)).await,
    }
}

async fn start_session(state: &AppState, parts: &Parts, user_id: i64, next: &str) -> Response {
    let result: Result<String, AppError> = async {
        let mut tx = repo::begin_write(&state.pool).await?;
        // A new id at every sign-in: a session fixed before sign-in is dropped.
        if let Some(old) = auth::session_token(&parts.headers, state.config.secure_cookies) {
            repo::sessions::delete(&mut tx, &old).await?;
        }
        let token = repo::sessions::create(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(token)
    }
    .await;
    match result {
        Ok(token) => see_other(&safe_next(next), Some(auth::session_cookie(&token, state.config.secure_cookies))),
        Err(e) => render_again(state, parts, "/login", error_echo(&e, &[]), status_of(&e)).await,
    }
}

/// POST /login
pub async fn login(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (handle, next) = (field(&form, "handle").trim(), field(&form, "next"));
    let ip = match limit(&state, &parts, super::limits::Action::Login, None) {
        Ok(ip) => ip,
        Err(e) => return too_many(&state, &parts, "/login", e).await,
    };
    // Per account too, by the handle typed whether or not it exists, so the answer never
    // tells which; the lock-out ends with its window.
    if let Err(wait) = state.limiter.check(super::limits::Action::LoginAccount, &[super::limits::handle_key(handle)]) {
        return too_many(&state, &parts, "/login", AppError::RateLimited(wait)).await;
    }
    // The audit keeps what was typed only as far as a handle can reach.
    let typed: String = handle.chars().take(40).collect();
    let found = match state.pool.acquire().await {
        Ok(mut conn) => repo::users::by_handle(&mut conn, handle).await.map_err(AppError::from),
        Err(e) => Err(AppError::from(e)),
    };
    let record = match found {
        Ok(r) => r,
        Err(e) => {
            return render_again(&state, &parts, "/login", error_echo(&e, &[("handle", handle), ("next", next)]), status_of(&e)).await
        }
    };
    let ok = auth::verify_password(field(&form, "password").to_string(), record.as_ref().map(|r| r.password_hash.clone())).await;
    let audit = match (&record, ok) {
        (Some(r), true) => ("login", Some((r.viewer.id, r.viewer.handle.as_str()))),
        (Some(r), false) => ("login_failed", Some((r.viewer.id, r.viewer.handle.as_str()))),
        (None, _) => ("login_failed", None),
    };
    if let Ok(mut conn) = state.pool.acquire().await {
        if let Err(e) = repo::audit::record(&mut conn, audit.1, audit.0, Some(&typed), None, Some(&ip)).await {
            tracing::warn!(error = %e, "audit write failed");
        }
    }
    match record {
        Some(r) if ok => start_session(&state, &parts, r.viewer.id, next).await,
        _ => {
            let e = AppError::BadCredentials;
            render_again(&state, &parts, "/login", error_echo(&e, &[("handle", handle), ("next", next)]), status_of(&e)).await
        }
    }
}

/// POST /logout
pub async fn logout(State(state): State<AppState>, req: Request) -> Response {
    if let Some(token) = auth::session_token(req.headers(), state.config.secure_cookies) {
        if let Ok(mut conn) = state.pool.acquire().await {
            if let Err(e) = repo::sessions::delete(&mut conn, &token).await {
                tracing::warn!(error = %e, "session delete failed");
            }
        }
    }
    see_other("/", Some(auth::clear_cookie(state.config.secure_cookies)))
}

/// Reads the deal form's fields; repeated source fields are zipped by position.
pub fn deal_input(form: &Pairs) -> DealInput {
    let cols = ["source_url", "source_title", "source_publisher", "source_published", "source_archive_url", "source_note", "source_id"];
    let lists: Vec<Vec<&str>> = cols.iter().map(|c| all(form, c)).collect();
    let rows = lists.iter().map(Vec::len).max().unwrap_or(0).min(20);
    let at = |col: usize, i: usize| lists[col].get(i).copied().unwrap_or("").to_string();
    DealInput {
        title: field(form, "title").into(),
        kind: field(form, "kind").into(),
        jurisdiction: field(form, "jurisdiction").into(),
        jurisdiction_id: field(form, "jurisdiction_id").into(),
        agency: field(form, "agency").into(),
        program: field(form, "program").into(),
        entity_id: field(form, "entity_id").into(),
        amount: field(form, "amount").into(),
        undisclosed: !field(form, "undisclosed").is_empty(),
        value_basis: field(form, "value_basis").into(),
        announced: field(form, "announced").into(),
        approved: field(form, "approved").into(),
        starts: field(form, "starts").into(),
        ends: field(form, "ends").into(),
        status: field(form, "status").into(),
        jobs: field(form, "jobs").into(),
        facility_name: field(form, "facility_name").into(),
        facility_location: field(form, "facility_location").into(),
        description: field(form, "description").into(),
        sources: (0..rows)
            .map(|i| SourceInput {
                id: at(6, i),
                url: at(0, i),
                title: at(1, i),
                publisher: at(2, i),
                published: at(3, i),
                archive_url: at(4, i),
                note: at(5, i),
            })
            .collect(),
    }
}

/// POST /deals/new
pub async fn new_deal(State(state): State<AppState>, req: Request) -> Response {
    let viewer = req.extensions().get::<Option<Viewer>>().cloned().flatten();
    let Some(viewer) = viewer else {
        return see_other("/login?next=/deals/new", None);
    };
    let (parts, form) = match read_form(req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let input = deal_input(&form);
    if let Err(e) = limit(&state, &parts, super::limits::Action::Submit, Some(viewer.id)) {
        return too_many(&state, &parts, "/deals/new", e).await;
    }
    let confirmed = field(&form, "not_duplicate") == "1";
    let snap = match prepare(&state, &input).await {
        Ok(snap) => snap,
        Err(e) => {
            let mut echo = error_echo(&e, &[]);
            echo.deal = Some(input);
            return render_again(&state, &parts, "/deals/new", echo, status_of(&e)).await;
        }
    };
    // Before saving, show published deals that look like this one; the person confirms.
    if !confirmed {
        let similar = match state.pool.acquire().await {
            Ok(mut conn) => repo::deals::similar(&mut conn, &snap).await.unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        if !similar.is_empty() {
            let echo = FormEcho {
                summary: Some("This may already be recorded. Check the deals below; if yours is different, save it anyway.".into()),
                deal: Some(input),
                duplicates: similar,
                ..Default::default()
            };
            return render_again(&state, &parts, "/deals/new", echo, StatusCode::CONFLICT).await;
        }
    }
    let saved = save_new(&state, &snap, &viewer).await;
    match saved {
        Ok(id) => see_other(&format!("/deals/{id}"), None),
        Err(e) => {
            let mut echo = error_echo(&e, &[]);
            echo.deal = Some(input);
            render_again(&state, &parts, "/deals/new", echo, status_of(&e)).await
        }
    }
}

/// Validates the input and resolves the jurisdiction into a snapshot ready to save.
pub async fn prepare(state: &AppState, input: &DealInput) -> Result<Deal, AppError> {
    let parsed = input.parse();
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    let mut conn = state.pool.acquire().await?;
    let mut jurisdiction = None;
    if let Ok(id) = input.jurisdiction_id.trim().parse::<i64>() {
        jurisdiction = repo::jurisdictions::by_id(&mut conn, id).await?;
    }
    if jurisdiction.is_none() && !input.jurisdiction.trim().is_empty() {
        match repo::jurisdictions::resolve(&mut conn, &input.jurisdiction).await? {
            Resolved::One(j) => jurisdiction = Some(*j),
            Resolved::None => {
                errors.insert(
                    "jurisdiction".into(),
                    format!(
                        "We couldn't find \"{}\". Write it as name and state, e.g. \"Oakland, CA\" or \"Arlington County, VA\", or pick from the suggestions.",
                        input.jurisdiction.trim()
                    ),
                );
            }
            Resolved::Many(list) => {
                let options: Vec<String> =
                    list.iter().take(6).map(|j| format!("{} ({}), {}", j.display_name, j.type_label(), j.state_usps)).collect();
                errors.insert(
                    "jurisdiction".into(),
                    format!("Several governments have that name. Type one of these exactly: {}.", options.join("; ")),
                );
            }
        }
    }
    if let Ok(draft) = &parsed {
        if !repo::entities::exists(&mut conn, draft.entity_id).await? {
            errors.insert("entity_id".into(), "Choose which Amazon company is the other party.".into());
        }
    }
    drop(conn);
    match (parsed, jurisdiction) {
        (Ok(deal), Some(j)) if errors.is_empty() => Ok(Deal { jurisdiction_id: j.id, ..deal }),
        _ => Err(AppError::Invalid(errors)),
    }
}

async fn save_new(state: &AppState, snap: &Deal, actor: &Viewer) -> Result<i64, AppError> {
    let mut tx = repo::begin_write(&state.pool).await?;
    let (id, _) = review::submit(&mut tx, snap, actor, "Deal recorded").await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn after_sign_in_only_this_site() {
        for bad in [
            "/\t/example.com",
            "//example.com",
            "/\\example.com",
            "https://example.com/",
            "/\n/example.com",
            "javascript:alert(1)",
            "\t//example.com",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
        assert_eq!(safe_next("/deals/12/edit"), "/deals/12/edit");
        assert_eq!(safe_next("/deals?q=ring&state=va"), "/deals?q=ring&state=va");
        assert_eq!(safe_next("/a/../deals/new"), "/deals/new");
    }
}
