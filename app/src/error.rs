//! The one error type. It crosses the wire as a code and a message id; the UI turns ids
//! into words in the reader's language, so no internal error text ever reaches a client.
//! Each module's own errors convert into it; every handler answers with it.

use crate::model::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

/// Everything that can go wrong in a request, by what the person should do about it.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// The thing asked for does not exist (or is not visible to this person).
    #[error("not_found")]
    NotFound,
    /// Signing in is needed first.
    #[error("unauthenticated")]
    Unauthenticated,
    /// Signed in, but this role may not do that.
    #[error("forbidden")]
    Forbidden,
    /// Input failed validation; messages are keyed by field.
    #[error("invalid")]
    Invalid(FieldErrors),
    /// The handle is taken.
    #[error("handle_taken")]
    HandleTaken,
    /// Wrong handle or password (never says which).
    #[error("bad_credentials")]
    BadCredentials,
    /// The database was busy for longer than the wait allows.
    #[error("busy")]
    Busy,
    /// The request itself was malformed.
    #[error("bad_request")]
    BadRequest,
    /// The deal changed since the edit started, in fields the edit changed too; `0` is the
    /// revision now shown.
    #[error("conflict")]
    Conflict(i64),
    /// A moderator already decided this change.
    #[error("already_decided")]
    AlreadyDecided,
    /// The deal was withdrawn; the reason is public, with the deal kept when it was a duplicate.
    #[error("gone")]
    Gone(String, Option<i64>),
    /// Too many attempts; try again after this many seconds.
    #[error("rate_limited")]
    RateLimited(u64),
    /// The page lives at another address (an old slug, an identifier, a lower-case state).
    #[error("moved")]
    Moved(String),
    /// Anything unexpected; details go to the server log only.
    #[error("internal")]
    Internal,
}

impl AppError {
    /// The stable code clients and tests see.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Invalid(_) => "invalid",
            AppError::HandleTaken => "handle_taken",
            AppError::BadCredentials => "bad_credentials",
            AppError::Busy => "busy",
            AppError::BadRequest => "bad_request",
            AppError::Moved(_) => "moved",
            AppError::Conflict(_) => "conflict",
            AppError::AlreadyDecided => "already_decided",
            AppError::Gone(..) => "gone",
            AppError::RateLimited(_) => "rate_limited",
            AppError::Internal => "internal",
        }
    }

    /// What the person reads, with what to do next: a catalogue message, looked up in the
    /// reader's language when the page is rendered.
    pub fn msg(&self) -> Msg {
        let id = match self {
            AppError::NotFound => "error-not-found",
            AppError::Unauthenticated => "error-unauthenticated",
            AppError::Forbidden => "error-forbidden",
            AppError::Invalid(_) => "error-invalid",
            AppError::HandleTaken => "error-handle-taken",
            AppError::BadCredentials => "error-bad-credentials",
            AppError::Busy => "error-busy",
            AppError::BadRequest => "error-bad-request",
            AppError::Moved(_) => "error-moved",
            AppError::Conflict(_) => "error-conflict",
            AppError::AlreadyDecided => "error-already-decided",
            AppError::Gone(..) => "error-gone",
            AppError::RateLimited(wait) => return Msg::new("error-rate-limited").with("minutes", wait.div_ceil(60).max(1) as i64),
            AppError::Internal => "error-internal",
        };
        Msg::new(id)
    }

    /// An input error on one field.
    pub fn invalid(field: &str, msg: Msg) -> AppError {
        AppError::Invalid(crate::model::msg::field(field, msg))
    }

    /// The HTTP status for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::Invalid(_) => 422,
            AppError::HandleTaken => 409,
            AppError::BadCredentials => 401,
            AppError::Busy => 503,
            AppError::BadRequest => 400,
            AppError::Moved(_) => 301,
            AppError::Conflict(_) => 409,
            AppError::AlreadyDecided => 409,
            AppError::Gone(..) => 410,
            AppError::RateLimited(_) => 429,
            AppError::Internal => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => AppError::BadRequest,
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with extended codes.
            if let Some(code) = db.code() {
                if let Ok(n) = code.parse::<i32>() {
                    if n & 0xff == 5 || n & 0xff == 6 {
                        return AppError::Busy;
                    }
                }
            }
            if db.message().contains("users.handle") {
                return AppError::HandleTaken;
            }
        }
        if matches!(e, sqlx::Error::PoolTimedOut) {
            return AppError::Busy;
        }
        if matches!(e, sqlx::Error::RowNotFound) {
            return AppError::NotFound;
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    /// For what is not a page (exports, feeds, share cards, OCDS): the status, the message in
    /// plain words, `Retry-After` when rate limited and `Location` when moved. Pages show
    /// errors themselves, with the layout around them.
    fn into_response(self) -> axum::response::Response {
        self.response_in(crate::i18n::Lang::En)
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The answer [`IntoResponse`](axum::response::IntoResponse) gives, in `lang` (a Spanish
    /// feed's errors are in Spanish; files, which have one address, answer in English).
    pub fn response_in(self, lang: crate::i18n::Lang) -> axum::response::Response {
        use axum::http::{header, HeaderValue, StatusCode};
        use axum::response::IntoResponse;
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = crate::i18n::text(lang, &self.msg());
        if let AppError::Invalid(fields) = &self {
            for m in fields.values() {
                body.push('\n');
                body.push_str(&crate::i18n::text(lang, m));
            }
        }
        let mut res = (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response();
        match &self {
            AppError::RateLimited(wait) => {
                if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            AppError::Moved(to) => {
                if let Ok(v) = HeaderValue::from_str(to) {
                    res.headers_mut().insert(header::LOCATION, v);
                }
            }
            _ => {}
        }
        res
    }
}

#[cfg(feature = "ssr")]
impl From<crate::repo::browse::BrowseError> for AppError {
    fn from(e: crate::repo::browse::BrowseError) -> Self {
        use crate::repo::browse::BrowseError as B;
        match e {
            B::Query(m) => AppError::invalid("q", m),
            B::TooSlow => AppError::invalid("q", Msg::new("error-search-too-slow")),
            B::Db(e) => e.into(),
            B::Index(e) => {
                tracing::error!(error = %e, "search index");
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::domain::review::ReviewError> for AppError {
    fn from(e: crate::domain::review::ReviewError) -> Self {
        use crate::domain::review::ReviewError as R;
        match e {
            R::NotFound => AppError::NotFound,
            R::Forbidden => AppError::Forbidden,
            R::Conflict(report) => AppError::Conflict(report.now_number),
            R::Invalid(fields) => AppError::Invalid(fields),
            R::AlreadyDecided => AppError::AlreadyDecided,
            R::Withdrawn => AppError::Gone(String::new(), None),
            R::Db(e) => e.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::import::ImportError> for AppError {
    fn from(e: crate::import::ImportError) -> Self {
        use crate::import::ImportError as I;
        match e {
            I::Csv(_) | I::UnknownFormat | I::Empty => AppError::invalid("file", e.msg()),
            I::Db(e) => e.into(),
            I::Review(_) => AppError::Internal,
        }
    }
}
