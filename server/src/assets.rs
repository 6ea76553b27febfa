//! The content-hashed static assets (`tracker.<hash>.css`, `.js`, `.wasm`), served from
//! memory with their precompressed copies. They never change under their names, so they are
//! read once at start; from disk each request cost a file open and read (a 3 KB stylesheet
//! came at 1,600 requests a second, a cached page at 60,000). Anything else under `/pkg`
//! (unhashed names, source maps) is served from disk as before.

use axum::{
    extract::Request,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Router,
};
use std::{collections::HashMap, path::Path, sync::Arc};
use tower::ServiceExt;

/// One asset: its type and its bytes as stored, brotli and gzip (when those were written).
struct Asset {
    content_type: &'static str,
    raw: axum::body::Bytes,
    br: Option<axum::body::Bytes>,
    gz: Option<axum::body::Bytes>,
}

/// The hashed assets of a site's `pkg` folder, by file name.
#[derive(Default)]
pub struct Assets(HashMap<String, Asset>);

/// Whether a file name is a content-hashed asset (`tracker.0123456789abcdef.css`).
fn hashed(name: &str) -> Option<&'static str> {
    let mut parts = name.split('.');
    let (_, hash, ext, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next());
    if rest.is_some() || hash.len() < 12 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match ext {
        "css" => Some("text/css"),
        "js" => Some("text/javascript"),
        "wasm" => Some("application/wasm"),
        _ => None,
    }
}

impl Assets {
    /// Reads the hashed assets in `dir` (none when it can't be read).
    pub fn load(dir: &Path) -> Assets {
        let mut out = HashMap::new();
        let Ok(entries) = std::fs::read_dir(dir) else { return Assets(out) };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(content_type) = hashed(&name) else { continue };
            let Ok(raw) = std::fs::read(e.path()) else { continue };
            let copy = |ext: &str| std::fs::read(dir.join(format!("{name}.{ext}"))).ok().map(axum::body::Bytes::from);
            out.insert(name.clone(), Asset { content_type, raw: raw.into(), br: copy("br"), gz: copy("gz") });
        }
        Assets(out)
    }

    /// The answer for a request of `name`, when it is held: the smallest copy the client
    /// accepts, or 304 when it holds it already.
    fn answer(&self, name: &str, headers: &HeaderMap) -> Option<Response> {
        let a = self.0.get(name)?;
        let accepts =
            |enc: &str| {
                headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|t| {
                    t.split(';').next().is_some_and(|e| e.trim().eq_ignore_ascii_case(enc)) && !t.replace(' ', "").ends_with("q=0")
                })
            };
        let (encoding, body) = match (&a.br, &a.gz) {
            (Some(br), _) if accepts("br") => (Some("br"), br.clone()),
            (_, Some(gz)) if accepts("gzip") => (Some("gzip"), gz.clone()),
            _ => (None, a.raw.clone()),
        };
        // The name holds the content's hash, so the name and encoding identify the bytes.
        let etag = HeaderValue::from_str(&format!("\"{name}-{}\"", encoding.unwrap_or("identity"))).ok()?;
        let mut res = if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut res = body.into_response();
            res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(a.content_type));
            if let Some(e) = encoding {
                res.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
            }
            res
        };
        let h = res.headers_mut();
        h.insert(header::ETAG, etag);
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        Some(res)
    }
}

/// The `/pkg` service: hashed assets from memory, anything else from `dir` on disk.
pub fn service(dir: &Path) -> Router {
    let assets = Arc::new(Assets::load(dir));
    tracing::info!(assets = assets.0.len(), "static assets held in memory");
    let disk = tower_http::services::ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new().fallback(move |req: Request| {
        let (assets, disk) = (assets.clone(), disk.clone());
        async move {
            let name = req.uri().path().trim_start_matches('/').to_string();
            match assets.answer(&name, req.headers()) {
                Some(res) => res,
                None => match disk.oneshot(req).await {
                    Ok(res) => res.into_response(),
                    Err(never) => match never {},
                },
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(app: &Router, path: &str, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut req = Request::builder().uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = app.clone().oneshot(req.body(axum::body::Body::empty()).unwrap()).await.unwrap();
        let (parts, body) = res.into_parts();
        (parts.status, parts.headers, axum::body::to_bytes(body, 1 << 20).await.unwrap().to_vec())
    }

    #[tokio::test]
    async fn hashed_assets_come_from_memory_in_the_encoding_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let name = "tracker.0123456789abcdef.css";
        std::fs::write(dir.path().join(name), "body{}").unwrap();
        std::fs::write(dir.path().join(format!("{name}.br")), "BR").unwrap();
        std::fs::write(dir.path().join(format!("{name}.gz")), "GZ").unwrap();
        std::fs::write(dir.path().join("tracker.css"), "plain").unwrap();
        let app = service(dir.path());
        // Read once: changing the file on disk changes nothing served.
        std::fs::write(dir.path().join(name), "changed").unwrap();
        let path = format!("/{name}");
        let (status, h, body) = get(&app, &path, &[("accept-encoding", "gzip, br")]).await;
        assert_eq!((status, body.as_slice(), h.get("content-encoding").unwrap().to_str().unwrap()), (StatusCode::OK, &b"BR"[..], "br"));
        assert_eq!(h.get("content-type").unwrap(), "text/css");
        let (_, h, body) = get(&app, &path, &[("accept-encoding", "gzip;q=1, br;q=0")]).await;
        assert_eq!((body.as_slice(), h.get("content-encoding").unwrap().to_str().unwrap()), (&b"GZ"[..], "gzip"));
        let (_, h, body) = get(&app, &path, &[]).await;
        assert_eq!((body.as_slice(), h.get("content-encoding")), (&b"body{}"[..], None));
        let etag = h.get("etag").unwrap().to_str().unwrap().to_string();
        let (status, _, body) = get(&app, &path, &[("if-none-match", &etag)]).await;
        assert_eq!((status, body.len()), (StatusCode::NOT_MODIFIED, 0));
        // Not hashed: from disk; missing: 404.
        let (status, _, body) = get(&app, "/tracker.css", &[]).await;
        assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"plain"[..]));
        assert_eq!(get(&app, "/tracker.fedcba9876543210.js", &[]).await.0, StatusCode::NOT_FOUND);
    }
}
