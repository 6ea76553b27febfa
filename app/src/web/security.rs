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

/// The inline scripts a page may carry, fixed per build: Leptos' island bootstrap (it names
/// this build's content-hashed JS and wasm) and the two lines it writes after the page
/// (empty lists of resources and chunks: pages load their data on the server, never as
/// resources). Their SHA-256 hashes go in the policy, so no other inline script runs, and
/// pages stay cacheable (a per-request nonce would differ in every copy).
pub fn inline_scripts(options: &leptos::prelude::LeptosOptions) -> Vec<String> {
    use leptos::prelude::*;
    use leptos::tachys::view::RenderHtml;
    let owner = Owner::new();
    let options = options.clone();
    let html = owner.with(|| view! { <HydrationScripts options islands=true/> }.to_html());
    let mut scripts = vec![
        "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];".to_string(),
        "__INCOMPLETE_CHUNKS=[];".to_string(),
    ];
    scripts.extend(script_bodies(&html));
    scripts
}

/// The text of every inline `<script>` in a page.
pub fn script_bodies(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + open_end];
        let body_start = start + open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else { break };
        if !tag.contains(" src=") {
            out.push(rest[body_start..body_start + close].to_string());
        }
        rest = &rest[body_start + close + "</script>".len()..];
    }
    out
}

/// `'sha256-…'` for a script's text, as a policy lists it.
pub fn script_hash(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes())))
}

/// The content security policy of the site's pages: scripts from this site and the listed
/// inline ones only.
pub fn page_policy(scripts: &[String]) -> String {
    let hashes: Vec<String> = scripts.iter().map(|s| script_hash(s)).collect();
    format!(
        "default-src 'self'; script-src 'self' {} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'",
        hashes.join(" ")
    )
}

/// What the guard adds to responses.
#[derive(Clone)]
pub struct Policy {
    /// Behind HTTPS: add HSTS.
    pub tls: bool,
    /// The pages' content security policy ([`page_policy`]).
    pub csp: HeaderValue,
}

/// Refuses cross-site writes with 403 and adds the security headers to every response.
pub async fn guard(State(policy): State<Policy>, req: Request, next: Next) -> Response {
    let tls = policy.tls;
    // A mailed link's one-click unsubscribe (RFC 8058) is posted by mail clients, from no
    // page of this site; the token in its address is what authenticates it.
    let mailed = req.uri().path().starts_with("/follow/");
    let one_click = req.method() == Method::POST && req.uri().path() == "/follow/unsubscribe";
    if !one_click && is_cross_site(&req) {
        let lang = crate::i18n::Lang::of(req.extensions());
        return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], crate::i18n::t(lang, "error-cross-site"))
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
    // A mailed link's page carries its token in the address: no other site is told it.
    // (Not "no-referrer": with it, Chromium sends `Origin: null` on the page's own form
    // posts, which the guard above refuses.)
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static(if mailed { "same-origin" } else { "strict-origin-when-cross-origin" }));
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
        h.insert(header::CONTENT_SECURITY_POLICY, policy.csp.clone());
    }
    res
}
