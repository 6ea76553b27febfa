//! Compressing pages for the cache: gzip and brotli, quickly for a reader who waits, harder
//! for the copies kept for everyone after.

use axum::{
    body::Bytes,
    http::{header, HeaderMap, HeaderValue},
};
use std::io::Write;

/// Whether the request takes this content coding.
pub(crate) fn wants(headers: &HeaderMap, coding: &str) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|c| {
        let mut it = c.split(';');
        let name = it.next().unwrap_or("").trim();
        let refused = it.any(|p| p.trim().replace(' ', "") == "q=0");
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

/// Whether a response of this type is worth compressing.
pub(crate) fn compressible(content_type: &HeaderValue) -> bool {
    let ct = content_type.to_str().unwrap_or("");
    ct.starts_with("text/") || ct.contains("svg") || ct.contains("xml")
}

/// A content coding the cache keeps pages in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Coding {
    Gzip,
    Brotli,
}

impl Coding {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Coding::Gzip => "gzip",
            Coding::Brotli => "br",
        }
    }
}

/// How hard to compress: `Quick` for a reader waiting on a page just rendered, `Kept` for
/// the copies every later reader gets, made when a page is read a second time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Effort {
    Quick,
    Kept,
}

/// The page compressed, or None if the encoder failed. Measured on a 36 KB search page:
/// brotli 6 gives 5.2 KB in 0.7 ms (more in the server, where its 1 MB of tables are fresh
/// memory each time), brotli 2 gives 6.0 KB in 0.2 ms, gzip 1 7.0 KB in 0.07 ms, gzip 6
/// 5.8 KB in 0.3 ms; brotli 10 took 30-45 ms.
pub(crate) fn encode(body: &[u8], coding: Coding, effort: Effort) -> Option<Bytes> {
    match coding {
        Coding::Gzip => {
            let level = if effort == Effort::Quick { 1 } else { 6 };
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
            gz.write_all(body).and_then(|_| gz.finish()).ok().map(Bytes::from)
        }
        Coding::Brotli => {
            let mut br = Vec::new();
            // A window just over the page, and its size told: the encoder sizes its tables
            // by them, and zeroing tables for a 4 MB window took longer than compressing a
            // 36 KB page.
            let lgwin = (usize::BITS - body.len().leading_zeros()).clamp(17, 22) as i32;
            let quality = if effort == Effort::Quick { 2 } else { 6 };
            let params = brotli::enc::BrotliEncoderParams { quality, lgwin, size_hint: body.len(), ..Default::default() };
            brotli::BrotliCompress(&mut &body[..], &mut br, &params).ok().map(|_| Bytes::from(br))
        }
    }
}

/// Runs blocking work on the rendering runtime's pool (its lower priority), else the
/// request runtime's.
pub(crate) async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let task = match crate::cache::background() {
        Some(rt) => rt.spawn_blocking(work),
        None => tokio::task::spawn_blocking(work),
    };
    task.await.ok()
}

/// The body compressed quickly in a coding the reader takes (gzip first, the cheaper), if
/// it takes one.
pub(crate) async fn quickly(body: &Bytes, req_headers: &HeaderMap) -> Option<(Bytes, Coding)> {
    let coding = [Coding::Gzip, Coding::Brotli].into_iter().find(|c| wants(req_headers, c.name()))?;
    let body = body.clone();
    blocking(move || encode(&body, coding, Effort::Quick)).await.flatten().map(|b| (b, coding))
}
