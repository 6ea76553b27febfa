//! The Spanish site under `/es/`. The prefix is taken off before routing, so each page, form
//! post, feed and card has one route and one handler, and the language goes with the request
//! (an extension that `app::i18n::lang()` and the plain handlers read). Redirects answered to
//! a Spanish request stay under `/es/`; machine-readable files have one address only.

use app::i18n::Lang;
use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode, Uri},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Whether an unprefixed path is a file that exists once for both languages (exports, the
/// public download, the app's scripts and styles, server functions): `/es/...` answers it
/// with a permanent redirect, so field names and links in other tools never change.
fn is_shared_file(path: &str) -> bool {
    if ["/pkg/", "/api/", "/ocds/", "/downloads/"].iter().any(|p| path.starts_with(p)) || path == "/healthz" {
        return true;
    }
    // A kept document's bytes are one file whatever the page's language.
    if path.starts_with("/documents/") && (path.ends_with("/file") || path.ends_with("/view")) {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or("");
    match name.rsplit_once('.') {
        // Feeds and share cards have Spanish versions.
        Some((_, ext)) => !matches!(ext, "atom" | "png"),
        None => false,
    }
}

/// The middleware; outermost, so everything inside sees the unprefixed address.
pub async fn language(mut req: Request, next: Next) -> Response {
    let (lang, rest) = Lang::split(req.uri().path());
    if lang == Lang::En {
        return next.run(req).await;
    }
    // `/es//example.org` must not become a redirect to `//example.org`: no such page here.
    if rest.starts_with("//") || rest.contains('\\') {
        return StatusCode::NOT_FOUND.into_response();
    }
    let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    let unprefixed = format!("{rest}{query}");
    if is_shared_file(rest) {
        return moved(&unprefixed);
    }
    match unprefixed.parse::<Uri>() {
        Ok(uri) => *req.uri_mut() = uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    }
    req.extensions_mut().insert(lang);
    let mut res = next.run(req).await;
    let stay = res.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()).and_then(|l| localised(lang, l));
    if let Some(to) = stay.and_then(|to| HeaderValue::from_str(&to).ok()) {
        res.headers_mut().insert(header::LOCATION, to);
    }
    res
}

/// A redirect's target in `lang`, when it is a page of this site not already in a language.
fn localised(lang: Lang, location: &str) -> Option<String> {
    let path = location.split(['?', '#']).next().unwrap_or("");
    let own_page = location.starts_with('/') && !location.starts_with("//") && !is_shared_file(path);
    (own_page && Lang::split(path).0 == Lang::En).then(|| lang.href(location))
}

fn moved(to: &str) -> Response {
    if !to.starts_with('/') || to.starts_with("//") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut res = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_have_one_address_and_pages_two() {
        for file in ["/deals.csv", "/deals.json", "/places/va.csv", "/ocds/releases.json", "/deals/3/ocds.json", "/pkg/tracker.css"] {
            assert!(is_shared_file(file), "{file}");
        }
        for page in ["/", "/deals", "/places/va/arlington-county", "/feed.atom", "/places/va/card.png", "/embed/places/va"] {
            assert!(!is_shared_file(page), "{page}");
        }
    }

    #[tokio::test]
    async fn no_redirect_leaves_the_site() {
        use tower::ServiceExt;
        let site = axum::Router::new().fallback(|| async { "page" }).layer(axum::middleware::from_fn(language));
        for path in ["/es//example.org", "/es//example.org/x.csv", "/es/\\example.org", "/es///example.org/deals.json"] {
            let req = Request::builder().uri(path).body(axum::body::Body::empty()).unwrap_or_default();
            let res = site.clone().oneshot(req).await.unwrap_or_else(|e| match e {});
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(res.headers().get(header::LOCATION).is_none(), "{path}");
        }
        assert!(moved("//example.org").headers().get(header::LOCATION).is_none());
        assert_eq!(moved("/deals.csv").status(), StatusCode::MOVED_PERMANENTLY);
    }

    #[test]
    fn redirects_from_spanish_pages_stay_spanish() {
        assert_eq!(localised(Lang::Es, "/deals/4?submitted=1").as_deref(), Some("/es/deals/4?submitted=1"));
        assert_eq!(localised(Lang::Es, "/").as_deref(), Some("/es"));
        assert_eq!(localised(Lang::Es, "/es/deals"), None);
        assert_eq!(localised(Lang::Es, "/deals.csv?kind=tif"), None);
        assert_eq!(localised(Lang::Es, "https://example.org/"), None);
        assert_eq!(localised(Lang::Es, "//example.org/"), None);
    }
}
