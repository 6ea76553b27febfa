//! Cross-site write protection and response headers.

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Whether a request is a write sent from another site. Browsers send `Sec-Fetch-Site`
/// (modern) and `Origin` (on every POST); either saying "another site" is enough to refuse.
pub fn is_cross_site(req: &Request) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site == "cross-site" || site == "same-site" {
            return true;
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        if origin == "null" {
            return true;
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let origin_host = origin.split("://").nth(1).unwrap_or_default();
        return !origin_host.eq_ignore_ascii_case(host);
    }
    false
}

/// Refuses cross-site writes with 403 and adds the security headers to every response.
/// `tls` (the secure-cookies setting) adds HSTS.
pub async fn guard(State(tls): State<bool>, req: Request, next: Next) -> Response {
    if is_cross_site(&req) {
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This form was sent from another website, so it was refused. Open the tracker directly and try again.",
        )
            .into_response();
    }
    // Only the embeddable summaries may be shown inside another site's page.
    let framable = req.uri().path().starts_with("/embed/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if tls {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    // Framing and script policies only mean something for documents; leaving them off the
    // CSS, JS, wasm and images saves about a kilobyte of headers on a first visit.
    let document = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/html") || ct.starts_with("text/plain"));
    if !document {
        return res;
    }
    if framable {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            // No scripts at all on embeds; any site may frame them.
            HeaderValue::from_static(
                "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors *; form-action 'self'; base-uri 'self'; object-src 'none'",
            ),
        );
    } else {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            // Leptos' hydration bootstrap is an inline module script; everything else is 'self'.
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'",
            ),
        );
    }
    res
}
