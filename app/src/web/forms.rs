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
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// The most fields a form may have (the deal form, with every source and event, has a few
/// hundred).
const MAX_FIELDS: usize = 2_000;

/// A form's fields in the order sent (repeated names kept).
pub type Pairs = Vec<(String, String)>;

/// A file sent with a form in a `source_file` field (a source's document).
pub struct FormFile {
    /// The name the browser gave, at most 200 characters.
    pub file_name: String,
    /// Its bytes, when it was within the size limit (shared, not copied, when stored).
    pub bytes: axum::body::Bytes,
    /// Larger than the limit: its bytes were not kept.
    pub too_large: bool,
}

/// Every `source_file` field, in order, `None` where no file was chosen (a browser sends
/// each file input, so positions match the sources').
pub type Files = Vec<Option<FormFile>>;

/// The request's parts and its urlencoded fields; 415 or 413 for anything else. With
/// `max_file`, a multipart form is read too, its files each up to that size.
pub async fn read_form(req: Request, max_file: Option<u64>) -> Result<(Parts, Pairs, Files), Response> {
    let (parts, body) = req.into_parts();
    let kind = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let lang = i18n::Lang::of(&parts.extensions);
    let plain = |status, id| (status, i18n::t(lang, id)).into_response();
    if let (true, Some(max)) = (kind.starts_with("multipart/form-data"), max_file) {
        let req = Request::from_parts(parts.clone(), body);
        return match read_multipart(req, max).await {
            Ok((pairs, files)) => Ok((parts, pairs, files)),
            Err(status) if status == StatusCode::PAYLOAD_TOO_LARGE => Err(plain(status, "error-too-large")),
            Err(status) => Err(plain(status, "document-upload-unreadable")),
        };
    }
    if !kind.starts_with("application/x-www-form-urlencoded") {
        return Err(plain(StatusCode::UNSUPPORTED_MEDIA_TYPE, "error-not-a-form"));
    }
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| plain(StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"))?;
    Ok((parts, form_urlencoded::parse(&bytes).into_owned().collect(), Vec::new()))
}

/// A multipart form's text fields (together at most [`MAX_FORM_BYTES`], at most
/// [`MAX_FIELDS`]) and its `source_file` files (one per source, at most 20; a file over `max`
/// is drained and marked; a chosen empty file is kept, to be said empty).
async fn read_multipart(req: Request, max: u64) -> Result<(Pairs, Files), StatusCode> {
    use axum::extract::{FromRequest, Multipart};
    let status = |e: axum::extract::multipart::MultipartError| e.status();
    let mut form = Multipart::from_request(req, &()).await.map_err(|_| StatusCode::BAD_REQUEST)?;
    let (mut pairs, mut files, mut text_bytes, mut fields) = (Pairs::new(), Files::new(), 0usize, 0usize);
    while let Some(mut field) = form.next_field().await.map_err(status)? {
        fields += 1;
        let name = field.name().unwrap_or("").to_string();
        text_bytes += name.len();
        if fields > MAX_FIELDS || text_bytes > MAX_FORM_BYTES {
            return Err(StatusCode::PAYLOAD_TOO_LARGE);
        }
        if name == "source_file" {
            let file_name: String = field.file_name().unwrap_or("").chars().take(200).collect();
            let (mut bytes, mut too_large) = (Vec::new(), false);
            while let Some(chunk) = field.chunk().await.map_err(status)? {
                if too_large || (bytes.len() + chunk.len()) as u64 > max {
                    too_large = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
            // A browser sends an input with no file chosen as an empty part with no name.
            let chosen = too_large || !bytes.is_empty() || !file_name.is_empty();
            if files.len() < 20 {
                files.push(chosen.then(|| FormFile { file_name, bytes: bytes.into(), too_large }));
            }
            continue;
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(status)? {
            text_bytes += chunk.len();
            if text_bytes > MAX_FORM_BYTES {
                return Err(StatusCode::PAYLOAD_TOO_LARGE);
            }
            value.extend_from_slice(&chunk);
        }
        pairs.push((name, String::from_utf8_lossy(&value).into_owned()));
    }
    Ok((pairs, files))
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
