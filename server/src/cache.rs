//! Rendered public pages, kept compressed and served without rendering again until the
//! data changes, with `ETag`/`If-None-Match` revalidation and `Cache-Control`.
//!
//! Only anonymous GETs of public pages are cached: a request with a session cookie, or any
//! response that sets a cookie, goes straight through and is marked `private, no-store`.
//! An entry is good while the data version it was rendered at is current (every write bumps
//! the version, see `app::web::bump_version`) and for at most [`MAX_AGE_SECS`], which
//! bounds staleness after writes made by another process (the command-line importer).

use crate::compress::{blocking, compressible, encode, quickly, wants, Coding, Effort};
use app::web::{auth, AppState};
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::collections::HashMap;
use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc, Mutex,
};
use std::time::{Duration, Instant};

/// Entries kept at most; past this, stale ones go first, then the oldest.
const MAX_ENTRIES: usize = 4000;
/// Pages larger than this are served but not kept.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// How long an entry may be served without a re-render, whatever the version says.
pub const MAX_AGE_SECS: u64 = 300;
/// What browsers and proxies are told about public pages: keep, but ask again every time
/// (a 304 costs a round trip and no body), so an approved change shows on the next load.
const PUBLIC: &str = "public, max-age=0, must-revalidate";
const PRIVATE: &str = "private, no-store";

/// One rendered page.
struct Entry {
    version: u64,
    stored: Instant,
    content_type: HeaderValue,
    etag: HeaderValue,
    identity: Bytes,
    /// Whether the page is worth compressing (text).
    compressible: bool,
    /// The kept encodings, made once a second reader came (None until then, and for pages
    /// not worth compressing).
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    /// Set when the kept encodings are asked for, so they are made once.
    encoding: AtomicBool,
}

impl Entry {
    /// The bytes it holds: the page and its kept encodings.
    fn size(&self) -> usize {
        self.identity.len() + self.gzip.as_ref().map_or(0, Bytes::len) + self.brotli.as_ref().map_or(0, Bytes::len)
    }

    /// The same page without its encodings.
    fn unencoded(&self) -> Entry {
        Entry {
            version: self.version,
            stored: self.stored,
            content_type: self.content_type.clone(),
            etag: self.etag.clone(),
            identity: self.identity.clone(),
            compressible: self.compressible,
            gzip: None,
            brotli: None,
            encoding: AtomicBool::new(false),
        }
    }
}

/// The cache, shared by every request.
#[derive(Default)]
pub struct PageCache {
    entries: Mutex<Kept>,
    /// The most bytes the kept pages may hold, encodings included; 0 for the default.
    budget: usize,
    /// Per page being rendered, the lock its renderer holds: others wait on it, or see that a
    /// render of that very page is under way. Gone when nobody holds or waits on it.
    rendering: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// The kept pages and the bytes they hold.
#[derive(Default)]
struct Kept {
    map: HashMap<String, Arc<Entry>>,
    bytes: usize,
}

impl Kept {
    fn insert(&mut self, key: String, entry: Arc<Entry>) {
        self.bytes += entry.size();
        if let Some(old) = self.map.insert(key, entry) {
            self.bytes -= old.size();
        }
    }

    fn remove(&mut self, key: &str) {
        if let Some(old) = self.map.remove(key) {
            self.bytes -= old.size();
        }
    }
}

/// The page cache's byte budget unless configured: enough for every place page of a
/// state-sized audience many times over, small beside the server's other memory.
pub const DEFAULT_BUDGET: usize = 64 * 1024 * 1024;

/// Held while rendering a page; lets go of its lock, and forgets it if no one waits.
struct Rendering<'a> {
    cache: &'a PageCache,
    key: String,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Drop for Rendering<'_> {
    fn drop(&mut self) {
        self.guard = None;
        if let Ok(mut locks) = self.cache.rendering.lock() {
            // Only the map holds it now: nobody is waiting.
            if locks.get(&self.key).is_some_and(|l| Arc::strong_count(l) == 1) {
                locks.remove(&self.key);
            }
        }
    }
}

/// Where pages are rendered and writes handled: a runtime of its own whose threads run at a
/// lower CPU priority, so that on two cores a burst of rendering (after a write, or a first
/// search) never holds up the pages answered from memory. A flood of readers then costs the
/// renders some speed instead of costing every reader a wait.
pub(crate) fn background() -> Option<&'static tokio::runtime::Runtime> {
    static RUNTIME: std::sync::OnceLock<Option<tokio::runtime::Runtime>> = std::sync::OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("render")
                .on_thread_start(lower_priority)
                .enable_all()
                .build()
                .inspect_err(|e| tracing::error!(error = %e, "no rendering threads; rendering on the request threads"))
                .ok()
        })
        .as_ref()
}

/// Nice 10 for the calling thread.
fn lower_priority() {
    app::search::follow::set_thread_nice(10);
}

/// Runs the rest of the stack for `req` on the background runtime.
async fn run_in_background(next: Next, req: Request) -> Response {
    // Static files are cheap and wanted at once.
    let Some(rt) = background().filter(|_| !req.uri().path().starts_with("/pkg/")) else { return next.run(req).await };
    let lang = app::i18n::Lang::of(req.extensions());
    match rt.spawn(next.run(req)).await {
        Ok(res) => res,
        Err(e) => {
            tracing::error!(error = %e, "request handler stopped");
            (StatusCode::INTERNAL_SERVER_ERROR, app::i18n::t(lang, "error-internal")).into_response()
        }
    }
}

/// The middleware's state.
#[derive(Clone)]
pub struct CacheState {
    pub app: AppState,
    pub cache: Arc<PageCache>,
}

/// Whether a path is a public page whose anonymous rendering is the same for everyone.
pub(crate) fn is_public(path: &str) -> bool {
    // Exports, feeds and calendars stream and may be large; they are not kept.
    let export = [".csv", ".json", ".atom", ".ics"].iter().any(|e| path.ends_with(e));
    if export || path.starts_with("/pkg/") || path.starts_with("/api/") || path == "/healthz" {
        return false;
    }
    if matches!(path, "/" | "/search" | "/deals" | "/places" | "/about/data") {
        return true;
    }
    if let Some(rest) = path.strip_prefix("/deals/") {
        // A deal and its history; not /deals/new or the edit form.
        let parts: Vec<&str> = rest.split('/').collect();
        return matches!(parts.as_slice(), [id] | [id, "history"] if id.chars().all(|c| c.is_ascii_digit()) && !id.is_empty());
    }
    (path.starts_with("/places/") && path != "/places/propose") || path.starts_with("/embed/places/")
}

fn matches_etag(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let tag = etag.to_str().unwrap_or("").trim_start_matches("W/");
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|t| {
        let t = t.trim();
        t == "*" || t.trim_start_matches("W/") == tag
    })
}

/// Has the kept encodings of a page made when a reader comes for it again: a search is
/// mostly read once, and making them for every page rendered (brotli's most of all) was a
/// sixth of a first-time search's processor time.
/// Only a reader sent the page counts (not a 304 or a HEAD), and the copies are asked for
/// once that reader's answer is made, so they don't compete with it.
fn read_again(cache: &Arc<PageCache>, key: &str, entry: &Arc<Entry>, sent: Response, head: bool) -> Response {
    if !head
        && sent.status() == StatusCode::OK
        && entry.compressible
        && entry.gzip.is_none()
        && entry.brotli.is_none()
        && !entry.encoding.swap(true, Ordering::Relaxed)
    {
        keep_encoded(cache.clone(), key.to_string(), entry.clone());
    }
    sent
}

/// Makes the entry's kept encodings, and puts them in the cache unless the entry was
/// replaced meanwhile.
fn keep_encoded(cache: Arc<PageCache>, key: String, entry: Arc<Entry>) {
    tokio::spawn(async move {
        let body = entry.identity.clone();
        let Some((gzip, brotli)) =
            blocking(move || (encode(&body, Coding::Gzip, Effort::Kept), encode(&body, Coding::Brotli, Effort::Kept))).await
        else {
            return;
        };
        // Neither made: the entry stays as it is, marked, rather than asked for again.
        if gzip.is_none() && brotli.is_none() {
            return;
        }
        let better = Entry { gzip, brotli, ..entry.unencoded() };
        cache.replace(&key, &entry, Arc::new(better));
    });
}

/// The body the reader gets, and its coding: the kept encoding it takes (brotli first),
/// else, until those are made, one made quickly now (gzip first, the cheaper), else the
/// page as is.
async fn body_for(entry: &Entry, req_headers: &HeaderMap) -> (Bytes, Option<Coding>) {
    let takes = |c: Coding| wants(req_headers, c.name());
    for (kept, coding) in [(&entry.brotli, Coding::Brotli), (&entry.gzip, Coding::Gzip)] {
        if let (Some(b), true) = (kept, takes(coding)) {
            return (b.clone(), Some(coding));
        }
    }
    if entry.compressible && entry.gzip.is_none() && entry.brotli.is_none() {
        if let Some((b, coding)) = quickly(&entry.identity, req_headers).await {
            return (b, Some(coding));
        }
    }
    (entry.identity.clone(), None)
}

/// A public page that is not kept (an error page, a page that sets a cookie), compressed
/// for its reader as kept pages are: the compression layer below was told nothing is taken.
async fn compressed_once(res: Response, req_headers: &HeaderMap, lang: app::i18n::Lang) -> Response {
    let text = res.headers().get(header::CONTENT_TYPE).is_some_and(compressible);
    if !text || res.headers().contains_key(header::CONTENT_ENCODING) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return (StatusCode::SERVICE_UNAVAILABLE, app::i18n::t(lang, "error-page-too-large")).into_response();
    };
    let (bytes, coding) = match quickly(&bytes, req_headers).await {
        Some((b, coding)) => (b, Some(coding)),
        None => (bytes, None),
    };
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    parts.headers.remove(header::TRANSFER_ENCODING);
    if let Some(c) = coding {
        parts.headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c.name()));
    }
    parts.headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Response::from_parts(parts, Body::from(bytes))
}

/// The answer from an entry: 304 when the browser has it, else the best encoding it takes.
async fn respond(entry: &Entry, req_headers: &HeaderMap, head: bool) -> Response {
    let mut res = if matches_etag(req_headers, &entry.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let (body, coding) = body_for(entry, req_headers).await;
        let len = body.len();
        let mut res = if head { Response::new(Body::empty()) } else { Response::new(Body::from(body)) };
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, entry.content_type.clone());
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        if let Some(c) = coding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c.name()));
        }
        res
    };
    let h = res.headers_mut();
    h.insert(header::ETAG, entry.etag.clone());
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding, Cookie"));
    res
}

impl PageCache {
    /// The lock for rendering `key`.
    fn render_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        match self.rendering.lock() {
            Ok(mut locks) => locks.entry(key.to_string()).or_default().clone(),
            // A poisoned map still leaves each render correct, only not shared.
            Err(_) => Arc::default(),
        }
    }

    /// A cache that keeps at most `budget` bytes of pages (0: [`DEFAULT_BUDGET`]).
    pub fn with_budget(budget: usize) -> PageCache {
        PageCache { budget, ..Default::default() }
    }

    fn budget(&self) -> usize {
        if self.budget == 0 {
            DEFAULT_BUDGET
        } else {
            self.budget
        }
    }

    /// The page, if it was rendered at data version `at_least` or later.
    fn get(&self, key: &str, at_least: u64) -> Option<Arc<Entry>> {
        let kept = self.entries.lock().ok()?;
        kept.map.get(key).filter(|e| e.version >= at_least && e.stored.elapsed() < Duration::from_secs(MAX_AGE_SECS)).cloned()
    }

    /// The page as last rendered, whatever data version it was rendered at, if not too old.
    fn get_any(&self, key: &str) -> Option<Arc<Entry>> {
        let kept = self.entries.lock().ok()?;
        kept.map.get(key).filter(|e| e.stored.elapsed() < Duration::from_secs(MAX_AGE_SECS)).cloned()
    }

    /// Keeps a page, making room first: pages of older data go first, then the oldest, until
    /// the count and the bytes fit. A page larger than a quarter of the budget is not kept.
    fn put(&self, key: String, entry: Arc<Entry>, current: u64) {
        let budget = self.budget();
        if entry.size() > budget / 4 {
            return;
        }
        let Ok(mut kept) = self.entries.lock() else { return };
        kept.remove(&key);
        let full = |k: &Kept, extra: usize| k.map.len() >= MAX_ENTRIES || k.bytes + extra > budget;
        if full(&kept, entry.size()) {
            let stale: Vec<String> = kept.map.iter().filter(|(_, e)| e.version != current).map(|(k, _)| k.clone()).collect();
            for k in stale {
                kept.remove(&k);
            }
        }
        if full(&kept, entry.size()) {
            // Oldest first, in one sort rather than a scan per page removed.
            let mut by_age: Vec<(Instant, String)> = kept.map.iter().map(|(k, e)| (e.stored, k.clone())).collect();
            by_age.sort();
            for (_, k) in by_age {
                if !full(&kept, entry.size()) {
                    break;
                }
                kept.remove(&k);
            }
        }
        kept.insert(key, entry);
    }

    /// Puts `new` in place of `old`, unless `old` was replaced or dropped meanwhile, and
    /// unless its encodings would take the cache over its budget.
    fn replace(&self, key: &str, old: &Arc<Entry>, new: Arc<Entry>) {
        let budget = self.budget();
        let Ok(mut kept) = self.entries.lock() else { return };
        let current = kept.map.get(key).filter(|e| Arc::ptr_eq(e, old)).is_some();
        if current && kept.bytes - old.size() + new.size() <= budget {
            kept.insert(key.to_string(), new);
        }
    }

    /// How many pages are kept (for tests and the benchmark's report).
    pub fn len(&self) -> usize {
        self.entries.lock().map(|k| k.map.len()).unwrap_or(0)
    }

    /// The bytes the kept pages hold.
    pub fn bytes(&self) -> usize {
        self.entries.lock().map(|k| k.bytes).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn mark_private(mut res: Response) -> Response {
    let html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct.starts_with("text/html"));
    if html && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
    }
    res
}

/// The middleware: serve from the cache, or render, keep and serve.
pub async fn pages(State(st): State<CacheState>, mut req: Request, next: Next) -> Response {
    let head = req.method() == Method::HEAD;
    let path = req.uri().path().to_string();
    let public = (req.method() == Method::GET || head) && is_public(&path);
    // Embeds show no viewer (no site header), so they are the same for everyone.
    let embed = path.starts_with("/embed/");
    if !public || (!embed && auth::session_token(req.headers(), st.app.config.secure_cookies).is_some()) {
        return mark_private(run_in_background(next, req).await);
    }
    // One copy per language: `/es/...` arrives here without its prefix (`language`).
    let lang = app::i18n::Lang::of(req.extensions());
    let prefix = lang.prefix();
    let searched = path == "/deals" && req.uri().query().is_some_and(|q| q.split('&').any(|p| p.starts_with("q=")));
    let key = match req.uri().query() {
        Some(q) => format!("{prefix}{path}?{q}"),
        None => format!("{prefix}{path}"),
    };
    // Any page rendered from data at least as new as when this request arrived answers it.
    let arrived = st.app.version.load(Ordering::SeqCst);
    if let Some(entry) = st.cache.get(&key, arrived) {
        return read_again(&st.cache, &key, &entry, respond(&entry, req.headers(), head).await, head);
    }
    // One render per page at a time, so a burst after a write costs one render rather than
    // one each. While it runs, others asking for the page get the render before it (data
    // older only by the writes that landed during that render) instead of waiting: a reader
    // arriving when no render is under way always gets the current data. With nothing kept
    // yet, they wait for the render and take it.
    let lock = st.cache.render_lock(&key);
    let guard = match lock.clone().try_lock_owned() {
        Ok(guard) => guard,
        Err(_) => {
            if let Some(entry) = st.cache.get_any(&key) {
                return respond(&entry, req.headers(), head).await;
            }
            lock.clone().lock_owned().await
        }
    };
    drop(lock);
    let _rendering = Rendering { cache: &st.cache, key: key.clone(), guard: Some(guard) };
    if let Some(entry) = st.cache.get(&key, arrived) {
        return read_again(&st.cache, &key, &entry, respond(&entry, req.headers(), head).await, head);
    }
    // The version is read before rendering: a write that lands during the render bumps it,
    // so what was rendered is never taken for the newer data.
    let version = st.app.version.load(Ordering::SeqCst);
    // A list of search results shows them as of the index's position: it is kept as current
    // for the data version only once the index has caught up with it (else as older).
    let version = if searched { version.min(st.app.views.index.position()) } else { version };
    let req_headers = req.headers().clone();
    // The page is compressed here, once, rather than by the compression layer per request.
    req.headers_mut().remove(header::ACCEPT_ENCODING);
    let started = Instant::now();
    let res = run_in_background(next, req).await;
    let content_type = res.headers().get(header::CONTENT_TYPE).cloned();
    let cacheable = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && !res.headers().contains_key(header::CONTENT_ENCODING)
        && content_type.is_some();
    if !cacheable {
        let mut res = res;
        if !res.headers().contains_key(header::CACHE_CONTROL) {
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        return compressed_once(res, &req_headers, lang).await;
    }
    let (parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            // Too big to keep (or the body failed): send it as a normal, uncached answer.
            tracing::warn!(key, "page too large to cache");
            return (StatusCode::SERVICE_UNAVAILABLE, app::i18n::t(lang, "error-page-too-large")).into_response();
        }
    };
    // Leptos appends inline bootstrap scripts after </html>; an embed has no islands for them
    // to feed, and its policy forbids script, so they would only log errors in the host page.
    let bytes = match bytes.windows(7).rposition(|w| w == b"</html>") {
        Some(end) if embed => bytes.slice(..end + 7),
        _ => bytes,
    };
    let content_type = content_type.unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
    let rendered = started.elapsed();
    let etag = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        HeaderValue::from_str(&format!("W/\"{:016x}{:08x}\"", h.finish(), bytes.len())).unwrap_or(HeaderValue::from_static("W/\"0\""))
    };
    let compressible = compressible(&content_type);
    let entry = Arc::new(Entry {
        version,
        stored: Instant::now(),
        content_type,
        etag,
        identity: bytes,
        compressible,
        gzip: None,
        brotli: None,
        encoding: AtomicBool::new(false),
    });
    st.cache.put(key.clone(), entry.clone(), st.app.version.load(Ordering::SeqCst));
    let mut res = respond(&entry, &req_headers, head).await;
    tracing::debug!(
        key,
        render_ms = rendered.as_secs_f64() * 1e3,
        answer_ms = (started.elapsed() - rendered).as_secs_f64() * 1e3,
        bytes = entry.identity.len(),
        "page rendered"
    );
    // Headers the page set for itself (e.g. a Link header) survive; ours win.
    for (name, value) in parts.headers.iter() {
        if !res.headers().contains_key(name) && name != header::CONTENT_LENGTH && name != header::TRANSFER_ENCODING {
            res.headers_mut().insert(name.clone(), value.clone());
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_pages_are_cached() {
        for p in [
            "/",
            "/deals",
            "/deals/12",
            "/deals/12/history",
            "/places",
            "/places/va",
            "/places/va/arlington-county",
            "/embed/places/va",
            "/places/va/card.png",
            "/about/data",
        ] {
            assert!(is_public(p), "{p}");
        }
        for p in [
            "/places/va.csv",
            "/deals.json",
            "/feed.atom",
            "/deals/new",
            "/deals/12/edit",
            "/review",
            "/account",
            "/admin/users",
            "/login",
            "/signup",
            "/places/propose",
            "/pkg/tracker.css",
            "/api/get_deal",
            "/healthz",
        ] {
            assert!(!is_public(p), "{p}");
        }
    }

    #[test]
    fn a_page_being_rendered_is_seen_as_such_and_forgotten_after() {
        let cache = PageCache::default();
        let lock = cache.render_lock("/places/va");
        let guard = lock.clone().try_lock_owned().unwrap();
        drop(lock);
        {
            let _rendering = Rendering { cache: &cache, key: "/places/va".into(), guard: Some(guard) };
            assert!(cache.render_lock("/places/va").try_lock().is_err(), "the same page is busy");
            assert!(cache.render_lock("/places/oh").try_lock().is_ok(), "another page is not");
        }
        let locks = cache.rendering.lock().unwrap();
        assert!(!locks.contains_key("/places/va"), "forgotten once free");
    }

    fn page(body: &str) -> Arc<Entry> {
        Arc::new(Entry {
            version: 1,
            stored: Instant::now(),
            content_type: HeaderValue::from_static("text/html; charset=utf-8"),
            etag: HeaderValue::from_static("W/\"1\""),
            identity: Bytes::from(body.repeat(200)),
            compressible: true,
            gzip: None,
            brotli: None,
            encoding: AtomicBool::new(false),
        })
    }

    fn accepting(codings: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(codings));
        h
    }

    fn decoded(body: &[u8], coding: Option<Coding>) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        match coding {
            Some(Coding::Gzip) => flate2::read::GzDecoder::new(body).read_to_end(&mut out).map(|_| ()).unwrap(),
            Some(Coding::Brotli) => brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap(),
            None => out.extend_from_slice(body),
        }
        out
    }

    #[tokio::test]
    async fn a_page_read_again_is_kept_compressed_and_its_readers_until_then_get_it_compressed_quickly() {
        let cache = Arc::new(PageCache::default());
        let entry = page("<p>Arlington County tax abatement</p>");
        cache.put("/places/va".into(), entry.clone(), 1);
        // Before the kept encodings exist: made now, the cheaper one first.
        let (body, coding) = body_for(&entry, &accepting("gzip, deflate, br")).await;
        assert_eq!(coding, Some(Coding::Gzip));
        assert_eq!(decoded(&body, coding), entry.identity);
        let (body, coding) = body_for(&entry, &accepting("br")).await;
        assert_eq!(coding, Some(Coding::Brotli));
        assert_eq!(decoded(&body, coding), entry.identity);
        assert_eq!(body_for(&entry, &accepting("identity")).await, (entry.identity.clone(), None));

        // Read again, by two readers: the kept encodings are asked for once.
        let sent = || StatusCode::OK.into_response();
        // Not for a HEAD or a 304, which send no page.
        read_again(&cache, "/places/va", &entry, sent(), true);
        read_again(&cache, "/places/va", &entry, StatusCode::NOT_MODIFIED.into_response(), false);
        assert!(!entry.encoding.load(Ordering::Relaxed));
        read_again(&cache, "/places/va", &entry, sent(), false);
        assert!(entry.encoding.load(Ordering::Relaxed));
        let other = page("<p>Hilliard data center</p>");
        other.encoding.store(true, Ordering::Relaxed);
        cache.put("/places/oh".into(), other.clone(), 1);
        read_again(&cache, "/places/oh", &other, sent(), false);
        read_again(&cache, "/places/va", &entry, sent(), false);
        let made = async {
            loop {
                match cache.get("/places/va", 1) {
                    Some(e) if e.brotli.is_some() => break e,
                    _ => tokio::time::sleep(Duration::from_millis(5)).await,
                }
            }
        };
        let kept = tokio::time::timeout(Duration::from_secs(10), made).await.expect("the kept encodings are made");
        assert!(kept.gzip.is_some());
        let (body, coding) = body_for(&kept, &accepting("gzip, deflate, br")).await;
        assert_eq!((&body, coding), (kept.brotli.as_ref().unwrap(), Some(Coding::Brotli)), "the kept brotli copy, not a new one");
        assert_eq!(decoded(&body, coding), entry.identity);
        assert_eq!(body_for(&kept, &accepting("gzip")).await.0, kept.gzip.clone().unwrap());
        // A page whose encodings were already asked for is left to that.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let other = cache.get("/places/oh", 1).unwrap();
        assert!(other.gzip.is_none() && other.brotli.is_none());
        // Kept ones are not made again.
        read_again(&cache, "/places/va", &kept, sent(), false);
        assert!(!kept.encoding.load(Ordering::Relaxed));
    }

    #[test]
    fn the_kept_pages_never_hold_more_than_the_budget() {
        // Pages of 8,000 bytes; room for four and a bit.
        let cache = PageCache::with_budget(34_000);
        for i in 0..20 {
            cache.put(format!("/deals?q=w{i}"), page(&format!("{i:>40}")), 1);
            assert!(cache.bytes() <= 34_000, "{} bytes after {i}", cache.bytes());
        }
        assert_eq!(cache.len(), 4);
        // The newest stay; the oldest went first.
        assert!(cache.get("/deals?q=w19", 1).is_some() && cache.get("/deals?q=w16", 1).is_some());
        assert!(cache.get("/deals?q=w15", 1).is_none());
        // Pages of older data go before the oldest page of current data.
        let cache = PageCache::with_budget(34_000);
        let at = |v: u64, body: &str| Arc::new(Entry { version: v, ..page(&format!("{body:>40}")).unencoded() });
        for (key, version) in [("/a", 2), ("/old", 1), ("/b", 2), ("/c", 2), ("/d", 2)] {
            cache.put(key.into(), at(version, key), 2);
        }
        assert!(cache.get_any("/old").is_none() && cache.get_any("/a").is_some());
        // Encodings that would overflow it are not kept; a page over a quarter of it isn't.
        let d = cache.get_any("/d").unwrap();
        cache.replace("/d", &d, Arc::new(Entry { brotli: Some(Bytes::from(vec![0; 9_000])), ..d.unencoded() }));
        assert!(cache.get_any("/d").unwrap().brotli.is_none());
        cache.put("/big".into(), Arc::new(Entry { identity: Bytes::from(vec![b'x'; 9_000]), ..d.unencoded() }), 2);
        assert!(cache.get_any("/big").is_none());
        // Replacing a page counts only its new size.
        let before = cache.bytes();
        cache.put("/a".into(), at(2, "A"), 2);
        assert_eq!(cache.bytes(), before);
    }

    #[test]
    fn kept_encodings_never_replace_a_newer_page() {
        let cache = PageCache::default();
        let old = page("old");
        let newer = page("newer");
        cache.put("/deals".into(), old.clone(), 1);
        cache.put("/deals".into(), newer.clone(), 1);
        cache.replace("/deals", &old, Arc::new(old.unencoded()));
        assert!(Arc::ptr_eq(&cache.get("/deals", 1).unwrap(), &newer), "rendered again meanwhile: left alone");
        cache.replace("/deals", &newer, Arc::new(Entry { brotli: Some(Bytes::from_static(b"x")), ..newer.unencoded() }));
        assert!(cache.get("/deals", 1).unwrap().brotli.is_some());
    }

    #[test]
    fn encodings_and_etags_are_read_like_browsers_send_them() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br;q=0"));
        assert!(wants(&h, "gzip"));
        assert!(!wants(&h, "br"));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"x\", W/\"abc\""));
        assert!(matches_etag(&h, &HeaderValue::from_static("W/\"abc\"")));
        assert!(!matches_etag(&h, &HeaderValue::from_static("W/\"abd\"")));
    }
}
