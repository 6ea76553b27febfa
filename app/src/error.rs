//! The one error type. It crosses the wire as a code; the UI turns codes into words, so no
//! internal error text ever reaches a client.

use crate::model::FieldErrors;
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

    /// What the person reads, with what to do next.
    pub fn message(&self) -> &'static str {
        match self {
            AppError::NotFound => "We couldn't find that. Check the link, or search for the place from the home page.",
            AppError::Unauthenticated => "Please sign in first.",
            AppError::Forbidden => "Your account can't do that. Ask a moderator if you think it should.",
            AppError::Invalid(_) => "Some fields need attention; see the notes next to them.",
            AppError::HandleTaken => "That handle is taken. Choose another.",
            AppError::BadCredentials => "That handle and password don't match. Check both and try again.",
            AppError::Busy => "The site is busy right now. Wait a few seconds and try again.",
            AppError::BadRequest => "The request wasn't understood. Reload the page and try again.",
            AppError::Moved(_) => "This page has moved.",
            AppError::Conflict(_) => "Someone changed this deal after you opened it, in fields you changed too. Their other changes are kept; for each field below, choose which value to keep, then save again.",
            AppError::AlreadyDecided => "Another moderator already decided this change. The queue shows what is still waiting.",
            AppError::Gone(..) => "This deal was withdrawn.",
            AppError::RateLimited(_) => "Too many attempts in a short time. Wait a minute and try again.",
            AppError::Internal => "Something went wrong on our side. Try again; if it keeps happening, tell us.",
        }
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
