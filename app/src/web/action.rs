//! The one path every form post takes: who may post it, the form, the rate limit, one write
//! transaction with its audit rows and change record inside, then a redirect (303) or the
//! same page again with what was typed and each problem next to its field.
//!
//! A handler says what it needs ([`Spec`]) and what it does ([`handle`]'s closure); writes go
//! through [`Post::write`], which commits everything a write did (its rows, its audit rows,
//! its change record) in one `BEGIN IMMEDIATE` transaction and then moves the data version.

use super::{forms, limits, AppState};
use crate::{
    domain::review::ReviewError,
    error::AppError,
    model::{msg::Msg, view::Viewer},
    repo, FormEcho,
};
use axum::{
    extract::Request,
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::Response,
};
use sqlx::{Sqlite, SqliteConnection, Transaction};

/// Who may post a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Anyone,
    SignedIn,
    Moderators,
    Admins,
}

/// What a form post needs before it runs.
pub struct Spec {
    pub who: Who,
    /// The limit it counts against, per client address and per account.
    pub limit: Option<limits::Action>,
    /// The page shown again when the post fails, and where sign-in returns to.
    pub page: String,
    /// Fields whose typed values the page shows again on a failure.
    pub echo: &'static [&'static str],
    /// Whether it may come as a multipart form with files (a deal form's documents).
    pub files: bool,
}

impl Spec {
    pub fn new(who: Who, page: impl Into<String>) -> Spec {
        Spec { who, limit: None, page: page.into(), echo: &[], files: false }
    }

    pub fn limit(mut self, action: limits::Action) -> Spec {
        self.limit = Some(action);
        self
    }

    pub fn echo(mut self, fields: &'static [&'static str]) -> Spec {
        self.echo = fields;
        self
    }

    pub fn with_files(mut self) -> Spec {
        self.files = true;
        self
    }
}

/// A form post being handled: the request, its fields and the person posting.
pub struct Post {
    pub state: AppState,
    pub parts: Parts,
    pub form: forms::Pairs,
    /// The files it sent, when its spec takes them.
    pub files: forms::Files,
    viewer: Option<Viewer>,
    /// The client's address, as the audit log records it.
    pub ip: String,
}

impl Post {
    /// A post whose body its handler reads itself (a multipart upload), for its write.
    pub fn without_form(state: AppState, parts: Parts, viewer: Option<Viewer>) -> Post {
        let ip = limits::client_ip(&parts, &state.config.trusted_proxies);
        Post { state, parts, form: Vec::new(), files: Vec::new(), viewer, ip }
    }

    /// The language the form was posted in (`/es/...` is Spanish).
    pub fn lang(&self) -> crate::i18n::Lang {
        crate::i18n::Lang::of(&self.parts.extensions)
    }

    /// A field's value ("" when absent).
    pub fn field(&self, name: &str) -> &str {
        forms::field(&self.form, name)
    }

    /// Every value of a repeated field, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.form.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The signed-in person; the spec made sure there is one unless it allowed anyone.
    pub fn viewer(&self) -> Result<&Viewer, AppError> {
        self.viewer.as_ref().ok_or(AppError::Unauthenticated)
    }

    /// A required reason: trimmed, present, at most 2,000 characters.
    pub fn reason(&self, name: &str) -> Result<String, AppError> {
        let r = self.field(name).trim().to_string();
        if r.is_empty() {
            return Err(AppError::invalid(name, Msg::new("reason-missing")));
        }
        if r.chars().count() > 2000 {
            return Err(AppError::invalid(name, Msg::new("reason-too-long")));
        }
        Ok(r)
    }

    /// Runs `work` in one write transaction and commits what it did, audit rows and change
    /// record included; then the data version follows any change recorded.
    /// A refusal rolls everything back.
    pub async fn write<T>(&self, work: impl AsyncFnOnce(&mut Tx) -> Result<T, Refusal>) -> Result<T, Refusal> {
        use std::sync::atomic::Ordering::SeqCst;
        let _writing = Writing::start(&self.state);
        let mut tx = repo::begin_write(&self.state.pool).await.map_err(AppError::from)?;
        // Changes committed before this one that the server has not noted (nor is noting)
        // may be another process's, which `catch_up` leaves alone while this write is under
        // way: this write has the facts read again for them.
        let start = repo::changes::latest(&mut tx).await.map_err(AppError::from)?.max(0) as u64;
        let unseen = start > self.state.version.load(SeqCst).max(self.state.committing.load(SeqCst));
        let mut w = Tx { tx, viewer: self.viewer.clone(), ip: self.ip.clone() };
        let out = work(&mut w).await?;
        // This write's own change, if it recorded one: noted alone, so that another
        // process's change committed just after is still found by `catch_up`.
        let own = repo::changes::latest(&mut w.tx).await.map_err(AppError::from)?.max(0) as u64;
        if own > start {
            self.state.committing.fetch_max(own, SeqCst);
        }
        if let Err(e) = w.tx.commit().await {
            // Not committed: its number may be used by another process's change.
            let _ = self.state.committing.compare_exchange(own, 0, SeqCst, SeqCst);
            return Err(AppError::from(e).into());
        }
        if unseen {
            self.state.views.forget().await;
        }
        if unseen || own > start {
            super::noted(&self.state, own as i64);
        }
        Ok(out)
    }
}

/// A write by the server's own background work (a document's text read), with the protocol
/// of [`Post::write`]: counted among the writes under way, its change marked as committing
/// and then noted as this server's own, so no one takes it for another process's.
pub async fn background_write<T>(
    state: &AppState,
    work: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T, sqlx::Error>,
) -> Result<T, sqlx::Error> {
    use std::sync::atomic::Ordering::SeqCst;
    let _writing = Writing::start(state);
    let mut tx = repo::begin_write(&state.pool).await?;
    let start = repo::changes::latest(&mut tx).await?.max(0) as u64;
    let unseen = start > state.version.load(SeqCst).max(state.committing.load(SeqCst));
    let out = work(&mut tx).await?;
    let own = repo::changes::latest(&mut tx).await?.max(0) as u64;
    if own > start {
        state.committing.fetch_max(own, SeqCst);
    }
    if let Err(e) = tx.commit().await {
        let _ = state.committing.compare_exchange(own, 0, SeqCst, SeqCst);
        return Err(e);
    }
    if unseen {
        state.views.forget().await;
    }
    if unseen || own > start {
        super::noted(state, own as i64);
    }
    Ok(out)
}

/// After a write outside [`Post::write`] (an upload's import): notes its own changes, up to
/// `own`, so the form post's catch-up does not take them for another process's; changes
/// before `before` the server had not noted may be another process's, so the facts are read
/// again for them, as `Post::write` does.
pub async fn noted_own(state: &AppState, before: i64, own: i64) {
    use std::sync::atomic::Ordering::SeqCst;
    let unseen = before.max(0) as u64 > state.version.load(SeqCst).max(state.committing.load(SeqCst));
    if unseen {
        state.views.forget().await;
    }
    if unseen || own > before {
        super::noted(state, own);
    }
}

/// A write under way, counted in `AppState::writing` until it is dropped (noted, or failed).
struct Writing(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Writing {
    fn start(state: &AppState) -> Writing {
        state.writing.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Writing(state.writing.clone())
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// An open write transaction of a form post.
pub struct Tx {
    tx: Transaction<'static, Sqlite>,
    viewer: Option<Viewer>,
    ip: String,
}

impl Tx {
    /// The connection to write on.
    pub fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    /// Records who did what in the audit log, inside this transaction.
    pub async fn audit(&mut self, action: &str, subject: &str, detail: Option<&str>) -> Result<(), AppError> {
        let actor = self.viewer.as_ref().map(|v| (v.id, v.handle.as_str()));
        repo::audit::record(&mut self.tx, actor, action, Some(subject), detail, Some(&self.ip)).await?;
        Ok(())
    }
}

/// How a form post ends when it succeeds.
pub enum Done {
    /// 303 to this address.
    To(String),
    /// 303 to this address, setting (or clearing) the session cookie.
    ToWithCookie(String, HeaderValue),
}

/// How a form post ends when it does not.
pub enum Refusal {
    /// The page again with this error, the typed values of the spec's echo fields kept.
    Error(AppError),
    /// A rule of review said no; a conflict keeps its report, so the handler can show the
    /// three values of each field (anything else is shown as its error).
    Review(ReviewError),
    /// The page again exactly as described, with this status.
    Page(Box<FormEcho>, StatusCode),
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Refusal::Error(e)
    }
}

impl From<sqlx::Error> for Refusal {
    fn from(e: sqlx::Error) -> Self {
        Refusal::Error(e.into())
    }
}

impl From<ReviewError> for Refusal {
    fn from(e: ReviewError) -> Self {
        Refusal::Review(e)
    }
}

/// Handles a form post: checks who may post it, reads the form, counts the rate limit,
/// runs `act`, and answers.
pub async fn handle(state: AppState, mut req: Request, spec: Spec, act: impl AsyncFnOnce(&Post) -> Result<Done, Refusal>) -> Response {
    let viewer = req.extensions().get::<Option<Viewer>>().cloned().flatten();
    if spec.who != Who::Anyone && viewer.is_none() {
        return forms::see_other(&format!("/login?next={}", spec.page), None);
    }
    if spec.files {
        // A post that may carry files is refused before its body is read when its sender is
        // already over a limit it would count against.
        let (parts, body) = req.into_parts();
        let ip = limits::client_ip(&parts, &state.config.trusted_proxies);
        let keys = limits::keys(&ip, viewer.as_ref());
        let length = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        let large = length.is_none_or(|n| n > forms::MAX_FORM_BYTES);
        let wait = spec.limit.and_then(|a| state.limiter.over(a, &keys));
        if let Some(wait) = wait.or_else(|| large.then(|| state.limiter.over(limits::Action::Upload, &keys)).flatten()) {
            let post = Post { state: state.clone(), parts, form: Vec::new(), files: Vec::new(), viewer, ip };
            return fail(&post, &spec, AppError::RateLimited(wait)).await;
        }
        req = Request::from_parts(parts, body);
    }
    let max_file = spec.files.then_some(state.config.uploads.max_file);
    let (parts, form, files) = match forms::read_form(req, max_file).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let allowed = match spec.who {
        Who::Anyone | Who::SignedIn => true,
        Who::Moderators => viewer.as_ref().is_some_and(Viewer::is_moderator),
        Who::Admins => viewer.as_ref().is_some_and(|v| v.role == crate::model::Role::Admin),
    };
    let ip = limits::client_ip(&parts, &state.config.trusted_proxies);
    let post = Post { state: state.clone(), parts, form, files, viewer, ip };
    if !allowed {
        return fail(&post, &spec, AppError::Forbidden).await;
    }
    if let Some(action) = spec.limit {
        let keys = limits::keys(&post.ip, post.viewer.as_ref());
        if let Err(wait) = state.limiter.check(action, &keys) {
            return fail(&post, &spec, AppError::RateLimited(wait)).await;
        }
    }
    match act(&post).await {
        Ok(Done::To(to)) => forms::see_other(&to, None),
        Ok(Done::ToWithCookie(to, cookie)) => forms::see_other(&to, Some(cookie)),
        Err(Refusal::Error(e)) => fail(&post, &spec, e).await,
        Err(Refusal::Review(e)) => fail(&post, &spec, e.into()).await,
        Err(Refusal::Page(echo, status)) => forms::render_with(&state, &post.parts, &spec.page, *echo, status).await,
    }
}

/// The page again with the error: its message at the top, field notes by their fields, and
/// the typed values of the spec's echo fields kept; a 429 says when to try again.
async fn fail(post: &Post, spec: &Spec, e: AppError) -> Response {
    let values: Vec<(&str, &str)> = spec.echo.iter().map(|k| (*k, post.field(k))).collect();
    let echo = forms::error_echo(&e, &values);
    let status = forms::status_of(&e);
    let mut res = forms::render_with(&post.state, &post.parts, &spec.page, echo, status).await;
    if let AppError::RateLimited(wait) = e {
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    res
}
