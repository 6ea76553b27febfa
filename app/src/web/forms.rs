//! Plumbing shared by the form posts: reading a form, answering with a redirect, and showing
//! the page again with what was typed and each problem next to its field. Posts work with
//! JavaScript off; the handlers are in the modules named after what they change, and all go
//! through [`super::action`].

use super::AppState;
use crate::{error::AppError, i18n, model::msg::FieldErrors, FormEcho};
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, request::Parts, Method, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;

/// Form bodies are small; anything bigger is refused before parsing.
const MAX_FORM_BYTES: usize = 256 * 1024;

/// A form's fields in the order sent (repeated names kept).
pub type Pairs = Vec<(String, String)>;

/// The request's parts and its urlencoded fields; 415 or 413 for anything else.
pub async fn read_form(req: Request) -> Result<(Parts, Pairs), Response> {
    let (parts, body) = req.into_parts();
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let lang = i18n::Lang::of(&parts.extensions);
    let plain = |status, id| (status, i18n::t(lang, id)).into_response();
    if !is_form {
        return Err(plain(StatusCode::UNSUPPORTED_MEDIA_TYPE, "error-not-a-form"));
    }
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| plain(StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"))?;
    Ok((parts, form_urlencoded::parse(&bytes).into_owned().collect()))
}

/// A field's value ("" when absent).
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
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

/// A 303 to `location`, optionally setting a cookie.
pub fn see_other(location: &str, cookie: Option<header::HeaderValue>) -> Response {
    let mut res = Redirect::to(location).into_response();
    if let Some(c) = cookie {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

/// What the page shows again after an error: its message, field notes, typed values.
pub fn error_echo(e: &AppError, values: &[(&str, &str)]) -> FormEcho {
    FormEcho {
        values: values.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        errors: match e {
            AppError::Invalid(f) => f.clone(),
            AppError::HandleTaken => FieldErrors::from([("handle".into(), e.msg())]),
            _ => FieldErrors::new(),
        },
        summary: Some(e.msg()),
        ..Default::default()
    }
}

/// The status an error is answered with.
pub fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
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
