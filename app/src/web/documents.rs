//! Source documents over HTTP: attaching one to a deal's source (a multipart form that
//! works without JavaScript), and serving the files safely.
//!
//! A file is never served as a page of the site: downloads are attachments with
//! `nosniff`, and only PDFs and pictures whose first bytes and header check out are shown
//! inline, each under a policy that lets nothing in them run.

use super::{
    action::{Post, Refusal},
    forms::{self, FormFile},
    limits, AppState,
};
use crate::{
    documents::{self, Accepted},
    domain::review::{self, ReviewError},
    error::AppError,
    model::{
        document::{attach_path, download_name, parse_sha256},
        msg::{FieldErrors, Msg},
        view::Viewer,
        DealInput,
    },
    repo::{self, changes::Change},
    FormEcho,
};
use axum::{
    extract::{FromRequest, Multipart, Path, Request, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

/// The file as sent, read up to the size limit.
struct Upload {
    bytes: Vec<u8>,
    file_name: String,
}

enum Unread {
    TooLarge,
    Broken,
}

/// Reads the `file` field, stopping as soon as it passes `max` bytes.
async fn read_upload(state: &AppState, req: Request, max: u64) -> Result<Option<Upload>, Unread> {
    // The body limit (a little above `max`) stops a sender that keeps going: that too is a
    // file over the limit.
    let unread = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Unread::TooLarge
        } else {
            Unread::Broken
        }
    };
    let mut form = Multipart::from_request(req, state).await.map_err(|_| Unread::Broken)?;
    let mut upload = None;
    while let Some(mut field) = form.next_field().await.map_err(unread)? {
        if field.name() != Some("file") {
            continue;
        }
        let file_name = field.file_name().unwrap_or("").chars().take(200).collect();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unread)? {
            if (bytes.len() + chunk.len()) as u64 > max {
                return Err(Unread::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        if !bytes.is_empty() {
            upload = Some(Upload { bytes, file_name });
        }
    }
    Ok(upload)
}

/// POST /deals/{id}/sources/{source}/document: keeps the file and attaches it to the
/// source as an edit of the deal (a contributor's waits for review, like any edit).
pub async fn attach(State(state): State<AppState>, Path((id, source)): Path<(i64, String)>, req: Request) -> Response {
    let page = attach_path(id, &source);
    let viewer = req.extensions().get::<Option<Viewer>>().cloned().flatten();
    let Some(viewer) = viewer else { return forms::see_other(&format!("/login?next={page}"), None) };
    let (parts, body) = req.into_parts();
    let post = Post::without_form(state.clone(), parts.clone(), Some(viewer.clone()));
    let fail = |field_msg: Msg, status: StatusCode| {
        let echo = FormEcho {
            errors: [("file".to_string(), field_msg.clone())].into_iter().collect(),
            summary: Some(field_msg),
            ..Default::default()
        };
        forms::render_with(&state, &parts, &page, echo, status)
    };
    let keys = limits::keys(&post.ip, Some(&viewer));
    if let Err(wait) = state.limiter.check(limits::Action::Upload, &keys) {
        let mut res = fail(AppError::RateLimited(wait).msg(), StatusCode::TOO_MANY_REQUESTS).await;
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return res;
    }
    let max = state.config.uploads.max_file;
    let upload = match read_upload(&state, Request::from_parts(parts.clone(), body), max).await {
        Ok(Some(u)) => u,
        Ok(None) => return fail(Msg::new("document-file-missing"), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(Unread::TooLarge) => return fail(documents::too_large(max), StatusCode::PAYLOAD_TOO_LARGE).await,
        Err(Unread::Broken) => return fail(Msg::new("document-upload-unreadable"), StatusCode::BAD_REQUEST).await,
    };
    let Accepted { sha256, media } = match documents::accept(&upload.bytes) {
        Ok(a) => a,
        Err(m) => return fail(m, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    match over_quota_now(&state, viewer.id, upload.bytes.len() as i64).await {
        Ok(None) => {}
        Ok(Some(m)) => return fail(m, StatusCode::TOO_MANY_REQUESTS).await,
        Err(e) => return fail(e.msg(), forms::status_of(&e)).await,
    }
    // The deal and its source are checked before anything is stored: a post naming no
    // source leaves no file behind.
    let editable = match state.pool.acquire().await {
        Ok(mut c) => match review::edit_start(&mut c, id, &viewer).await {
            Ok((deal, _, _)) if deal.sources.iter().any(|s| s.id == source) => Ok(()),
            Ok(_) => Err(AppError::NotFound),
            Err(e) => Err(AppError::from(e)),
        },
        Err(e) => Err(AppError::from(e)),
    };
    if let Err(e) = editable {
        return fail(e.msg(), forms::status_of(&e)).await;
    }
    // The file is stored before the write that names it: a crash between the two leaves a
    // file nobody cites (harmless, and found by `tracker documents verify`), never a record
    // without its file.
    let store = state.documents.clone();
    let (sha, bytes) = (sha256.clone(), upload.bytes);
    let size = bytes.len() as i64;
    let stored = tokio::task::spawn_blocking(move || store.put(&sha, &bytes)).await;
    if !matches!(stored, Ok(Ok(()))) {
        tracing::error!(deal = id, "documents: a file could not be stored");
        return fail(Msg::new("document-not-stored"), StatusCode::SERVICE_UNAVAILABLE).await;
    }
    let written = post
        .write(async |tx| {
            let (mut deal, base, replaces) = review::edit_start(tx.conn(), id, &viewer).await?;
            let Some(src) = deal.sources.iter_mut().find(|s| s.id == source) else { return Err(AppError::NotFound.into()) };
            let label = src.title.clone().or(src.url.clone()).unwrap_or_default();
            src.document = Some(sha256.clone());
            if let Some(m) = over_quota(tx.conn(), viewer.id, size, state.config.uploads.per_day).await? {
                let echo =
                    FormEcho { errors: [("file".to_string(), m.clone())].into_iter().collect(), summary: Some(m), ..Default::default() };
                return Err(Refusal::Page(Box::new(echo), StatusCode::TOO_MANY_REQUESTS));
            }
            if repo::documents::add(tx.conn(), &sha256, media, size, &upload.file_name, viewer.id, repo::documents::Via::Form).await? {
                repo::changes::record(tx.conn(), Change::Documents).await?;
            }
            tx.audit("document_attached", &format!("deal {id}"), Some(&sha256)).await?;
            let summary: String = format!("Document attached to the source \"{label}\"").chars().take(300).collect();
            let edit = review::Edit { deal_id: id, base, deal, choices: Default::default(), replaces, summary: &summary };
            Ok(review::edit(tx.conn(), edit, &viewer).await?)
        })
        .await;
    match written {
        Ok(outcome) => {
            state.documents_wake.notify_one();
            let to = match outcome {
                review::EditOutcome::Published(_) => format!("/deals/{id}#sources"),
                review::EditOutcome::Pending(_) => format!("/deals/{id}?submitted=1"),
            };
            forms::see_other(&to, None)
        }
        Err(Refusal::Review(ReviewError::Withdrawn)) => fail(AppError::Gone(String::new(), None).msg(), StatusCode::GONE).await,
        Err(Refusal::Review(ReviewError::NotFound)) | Err(Refusal::Error(AppError::NotFound)) => {
            fail(AppError::NotFound.msg(), StatusCode::NOT_FOUND).await
        }
        Err(Refusal::Review(e)) => {
            let e: AppError = e.into();
            fail(e.msg(), forms::status_of(&e)).await
        }
        Err(Refusal::Error(e)) => fail(e.msg(), forms::status_of(&e)).await,
        Err(Refusal::Page(echo, status)) => forms::render_with(&state, &parts, &page, *echo, status).await,
    }
}

/// Why a file was not kept: its own problem, said next to its field, or one that stops
/// the post (a rate limit, the database).
enum NotKept {
    Field(Msg),
    Stop(AppError),
}

/// The day's quota message, when `size` more bytes would take `user` over it. Read inside
/// the write that records an upload, so two uploads at once cannot both slip under it.
async fn over_quota(conn: &mut sqlx::SqliteConnection, user: i64, size: i64, per_day: u64) -> Result<Option<Msg>, sqlx::Error> {
    let since = (chrono::Utc::now() - chrono::Duration::hours(24)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let used = repo::documents::uploaded_since(conn, user, &since).await?;
    Ok((used.saturating_add(size) as u64 > per_day).then(|| Msg::new("document-quota").with("mb", (per_day / 1_000_000).to_string())))
}

/// The quota checked before a file is stored (it is checked again in the write).
async fn over_quota_now(state: &AppState, user: i64, size: i64) -> Result<Option<Msg>, AppError> {
    let mut conn = state.pool.acquire().await?;
    Ok(over_quota(&mut conn, user, size, state.config.uploads.per_day).await?)
}

/// Checks one file as an attached one is (the upload rate limit, its size, its kind, the
/// day's quota), stores it and records it as `viewer`'s upload, private until an approved
/// version cites it. Returns its SHA-256.
async fn keep_file(p: &Post, viewer: &Viewer, file: &FormFile) -> Result<String, NotKept> {
    let limits = p.state.config.uploads;
    let keys = limits::keys(&p.ip, Some(viewer));
    p.state.limiter.check(limits::Action::Upload, &keys).map_err(|wait| NotKept::Stop(AppError::RateLimited(wait)))?;
    if file.too_large {
        return Err(NotKept::Field(documents::too_large(limits.max_file)));
    }
    let Accepted { sha256, media } = documents::accept(&file.bytes).map_err(NotKept::Field)?;
    let size = file.bytes.len() as i64;
    match over_quota_now(&p.state, viewer.id, size).await {
        Ok(None) => {}
        Ok(Some(m)) => return Err(NotKept::Field(m)),
        Err(e) => return Err(NotKept::Stop(e)),
    }
    let store = p.state.documents.clone();
    let (sha, bytes) = (sha256.clone(), file.bytes.clone());
    if !matches!(tokio::task::spawn_blocking(move || store.put(&sha, &bytes)).await, Ok(Ok(()))) {
        tracing::error!("documents: a file sent with a deal form could not be stored");
        return Err(NotKept::Field(Msg::new("document-not-stored")));
    }
    let recorded = p
        .write(async |tx| {
            if let Some(m) = over_quota(tx.conn(), viewer.id, size, limits.per_day).await? {
                return Ok(Err(m));
            }
            if repo::documents::add(tx.conn(), &sha256, media, size, &file.file_name, viewer.id, repo::documents::Via::Form).await? {
                repo::changes::record(tx.conn(), Change::Documents).await?;
            }
            tx.audit("document_uploaded", "deal form", Some(&sha256)).await?;
            Ok(Ok(()))
        })
        .await;
    match recorded {
        Ok(Ok(())) => {
            p.state.documents_wake.notify_one();
            Ok(sha256)
        }
        Ok(Err(m)) => Err(NotKept::Field(m)),
        Err(Refusal::Error(e)) => Err(NotKept::Stop(e)),
        Err(Refusal::Review(e)) => Err(NotKept::Stop(e.into())),
        Err(Refusal::Page(..)) => Err(NotKept::Stop(AppError::Internal)),
    }
}

/// Keeps the files a deal form sent with its sources and names each in its source, so a
/// form shown again for a problem elsewhere carries them and nobody uploads twice. Returns
/// each refused file's problem by its field.
pub async fn keep_form_files(p: &Post, input: &mut DealInput) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::new();
    // A file is kept only for a source the form has (a browser sends one input per source).
    let sent: Vec<(usize, &FormFile)> =
        p.files.iter().enumerate().filter_map(|(i, f)| Some((i, f.as_ref()?))).filter(|(i, _)| *i < input.sources.len()).collect();
    if sent.is_empty() {
        return Ok(errors);
    }
    let viewer = p.viewer()?;
    for (i, file) in sent {
        match keep_file(p, viewer, file).await {
            Ok(sha256) => input.sources[i].document = sha256,
            Err(NotKept::Field(m)) => {
                errors.insert(format!("source_file_{i}"), m);
            }
            Err(NotKept::Stop(e)) => return Err(e),
        }
    }
    Ok(errors)
}

/// POST /documents: one file, kept as its sender's upload for a deal form to cite. The deal
/// form's script sends each chosen file here at once, to show its progress. Answers the
/// SHA-256 as plain text, or the problem in plain words with a 4xx status.
pub async fn upload(State(state): State<AppState>, req: Request) -> Response {
    let lang = crate::i18n::Lang::of(req.extensions());
    let viewer = req.extensions().get::<Option<Viewer>>().cloned().flatten();
    let Some(viewer) = viewer else { return AppError::Unauthenticated.response_in(lang) };
    let (parts, body) = req.into_parts();
    let post = Post::without_form(state.clone(), parts.clone(), Some(viewer.clone()));
    let keys = limits::keys(&post.ip, Some(&viewer));
    if let Some(wait) = state.limiter.over(limits::Action::Upload, &keys) {
        return AppError::RateLimited(wait).response_in(lang);
    }
    let refused = |m: Msg| AppError::Invalid([("file".to_string(), m)].into_iter().collect()).response_in(lang);
    let file = match read_upload(&state, Request::from_parts(parts, body), state.config.uploads.max_file).await {
        Ok(Some(u)) => FormFile { file_name: u.file_name, bytes: u.bytes.into(), too_large: false },
        Ok(None) => return refused(Msg::new("document-file-missing")),
        Err(Unread::TooLarge) => FormFile { file_name: String::new(), bytes: Default::default(), too_large: true },
        Err(Unread::Broken) => return refused(Msg::new("document-upload-unreadable")),
    };
    match keep_file(&post, &viewer, &file).await {
        Ok(sha256) => (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], sha256).into_response(),
        Err(NotKept::Field(m)) => refused(m),
        Err(NotKept::Stop(e)) => e.response_in(lang),
    }
}

/// The file, if this person may see it.
async fn readable(
    state: &AppState,
    sha: &str,
    viewer: Option<Viewer>,
) -> Result<(crate::model::document::MediaType, String, Vec<u8>), StatusCode> {
    let sha = parse_sha256(sha).ok_or(StatusCode::NOT_FOUND)?;
    let mut conn = state.pool.acquire().await.map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    let (media, file_name) = repo::documents::visible(&mut conn, &sha, viewer.as_ref())
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?
        .ok_or(StatusCode::NOT_FOUND)?;
    drop(conn);
    let store = state.documents.clone();
    let bytes = tokio::task::spawn_blocking(move || store.get(&sha))
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?
        .map_err(|_| StatusCode::NOT_FOUND)?;
    Ok((media, file_name, bytes))
}

/// Headers every served file carries: no sniffing, no running anything in it, and only
/// its uploader's or the public's caches according to who may see it.
fn file_headers(res: &mut Response, content_type: &str, disposition: String) {
    let h = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, content_type.to_string()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox".into()),
        (header::CACHE_CONTROL, "private, max-age=300".into()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
}

/// GET /documents/{sha256}/file: the file as a download.
pub async fn download(State(state): State<AppState>, Path(sha): Path<String>, req: Request) -> Response {
    match readable(&state, &sha, req.extensions().get::<Option<Viewer>>().cloned().flatten()).await {
        Ok((media, file_name, bytes)) => {
            let name = download_name(&file_name, media);
            let mut res = bytes.into_response();
            file_headers(&mut res, "application/octet-stream", format!("attachment; filename=\"{name}\""));
            res
        }
        Err(status) => status.into_response(),
    }
}

/// GET /documents/{sha256}/view: a PDF or a picture shown in the browser, after its bytes
/// are checked again; anything else goes to the download.
pub async fn show(State(state): State<AppState>, Path(sha): Path<String>, req: Request) -> Response {
    use crate::model::document::MediaType;
    let Some(sha) = parse_sha256(&sha) else { return StatusCode::NOT_FOUND.into_response() };
    match readable(&state, &sha, req.extensions().get::<Option<Viewer>>().cloned().flatten()).await {
        Ok((media, _, bytes)) => {
            let fine = match media {
                MediaType::Pdf => bytes.starts_with(b"%PDF-"),
                MediaType::Png | MediaType::Jpeg => MediaType::sniff(&bytes) == Some(media) && documents::image_shows(&bytes, media),
                _ => false,
            };
            if !fine {
                return forms::see_other(&format!("/documents/{sha}/file"), None);
            }
            let mut res = bytes.into_response();
            file_headers(&mut res, media.mime(), "inline".into());
            if media == MediaType::Pdf {
                // Chromium shows no PDF inside a sandboxed document: the PDF viewer is the
                // browser's own, and the file was checked to be a PDF.
                res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'"));
            }
            res
        }
        Err(status) => status.into_response(),
    }
}
