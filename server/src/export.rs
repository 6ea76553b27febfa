//! Files of any browse view, place or state: `.csv`, `.json` and the OCDS release package.
//! Files stream every matching row in batches, never one page, so memory stays flat.

use app::error::AppError;
use app::i18n::Lang;
use app::model::filter::DealFilter;
use app::repo::browse::{self, BrowseError, PlaceScope};
use app::repo::exports::{self, ExportRow};
use app::web::AppState;
use axum::{
    body::{Body, Bytes},
    extract::{Path, Request, State},
    http::{header, HeaderValue, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::{get, MethodRouter},
};
use std::future::Future;

/// Rows fetched per batch while streaming.
const BATCH: i64 = 500;

/// The CSV header; documented on /about/data.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "url",
    "title",
    "kind",
    "status",
    "government",
    "government_kind",
    "state",
    "geoidfq",
    "leaid",
    "entity",
    "amount_usd",
    "amount_disclosed",
    "value_basis",
    "announced",
    "approved",
    "starts",
    "ends",
    "agency",
    "program",
    "jobs_promised",
    "facility_name",
    "facility_location",
    "description",
    "source_urls",
    "source_titles",
    "source_publishers",
    "source_published",
    "source_archive_urls",
    "source_notes",
    "recorded_at",
    "updated_at",
];

/// The kind of file a request asks for.
#[derive(Clone, Copy, PartialEq)]
pub enum Format {
    Csv,
    Json,
    /// An OCDS release package (`/ocds/releases.json`).
    Ocds,
}

impl Format {
    /// The format a place address ends in: `va.csv` → (`va`, Csv).
    pub fn of_segment(segment: &str) -> Option<(&str, Format)> {
        match segment.rsplit_once('.')? {
            (name, "csv") => Some((name, Format::Csv)),
            (name, "json") => Some((name, Format::Json)),
            _ => None,
        }
    }
}

/// GET /deals.csv: the browse view's deals, every one.
pub async fn deals_csv(State(state): State<AppState>, uri: Uri) -> Response {
    file(state, &uri, Format::Csv, None).await
}

/// GET /deals.json
pub async fn deals_json(State(state): State<AppState>, uri: Uri) -> Response {
    file(state, &uri, Format::Json, None).await
}

/// GET /ocds/releases.json: the same deals as OCDS releases.
pub async fn ocds_releases(State(state): State<AppState>, uri: Uri) -> Response {
    file(state, &uri, Format::Ocds, None).await
}

/// A GET route for `/places/{usps}` and `/places/{usps}/{slug}`: the place's file when the
/// last segment ends in `.csv` or `.json` (the router matches whole segments only), its page
/// otherwise.
pub fn page_or_file<P, F>(page: P) -> MethodRouter<AppState>
where
    P: Fn(Request) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Response> + Send + 'static,
{
    get(move |State(state): State<AppState>, Path(segments): Path<Vec<String>>, req: Request| async move {
        let Some(last) = segments.last() else { return page(req).await };
        let Some((name, format)) = Format::of_segment(last) else { return page(req).await };
        let mut place = segments[..segments.len() - 1].join("/");
        if !place.is_empty() {
            place.push('/');
        }
        place.push_str(name);
        let uri = req.uri().clone();
        file(state, &uri, format, Some(place)).await
    })
}

/// The filter of a file or feed request, from its query string.
fn filter_of(uri: &Uri, lang: Lang) -> Result<DealFilter, Box<Response>> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
    DealFilter::parse(&pairs).map_err(|errors| {
        // A bad query string is a bad request (400); 422 is for forms.
        let mut res = AppError::Invalid(errors).response_in(lang);
        *res.status_mut() = StatusCode::BAD_REQUEST;
        Box::new(res)
    })
}

/// The place of a path ("va/arlington-county") or of the `place` filter, resolved; a 404
/// when there is no such place.
async fn scope_of(state: &AppState, place: Option<&str>, filter: &DealFilter, lang: Lang) -> Result<Option<PlaceScope>, Box<Response>> {
    let Some(place) = place.or(filter.place.as_deref()) else { return Ok(None) };
    let refuse = |e: AppError| Box::new(e.response_in(lang));
    let mut conn = state.pool.acquire().await.map_err(|e| refuse(e.into()))?;
    match browse::resolve_place(&mut conn, place).await {
        Ok(Some(s)) => Ok(Some(s)),
        Ok(None) => Err(refuse(AppError::NotFound)),
        Err(e) => Err(refuse(e.into())),
    }
}

/// The view a file or feed request asks for: its filter, from the query string, and its
/// place, from the path or the `place` filter; or the answer refusing it (400, 404).
pub async fn view_of(
    state: &AppState,
    uri: &Uri,
    place: Option<&str>,
    lang: Lang,
) -> Result<(DealFilter, Option<PlaceScope>), Box<Response>> {
    let filter = filter_of(uri, lang)?;
    let scope = scope_of(state, place, &filter, lang).await?;
    Ok((filter, scope))
}

async fn file(state: AppState, uri: &Uri, format: Format, place: Option<String>) -> Response {
    // Files have one address for both languages: their refusals are in English.
    let (filter, scope) = match view_of(&state, uri, place.as_deref(), Lang::En).await {
        Ok(v) => v,
        Err(res) => return *res,
    };
    // Links in files use the configured public address, never the Host header, which a
    // client controls.
    let origin = state.config.public_url.clone();
    stream(state, filter, scope, format, origin).await
}

/// Neutralises spreadsheet formulas: a cell starting with = + - @ (or a tab or carriage
/// return) gets a leading apostrophe. The importer strips it again.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn dollars(cents: Option<i64>) -> String {
    cents.map(|c| format!("{}.{:02}", c / 100, c % 100)).unwrap_or_default()
}

fn csv_line(r: &ExportRow, origin: &str) -> String {
    let d = &r.deal;
    let g = &r.government;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let iso = |p: &Option<app::model::PartialDate>| p.map(|p| p.to_iso()).unwrap_or_default();
    // One entry per source in each source column, in the same order (empty where a source
    // has no such part), so a link's title, publisher and note travel with it.
    let part = |f: fn(&app::model::Source) -> Option<String>| {
        d.sources.iter().map(|s| f(s).unwrap_or_default().replace(" | ", " / ")).collect::<Vec<_>>().join(" | ")
    };
    let cells = [
        r.id.to_string(),
        format!("{origin}/deals/{}", r.id),
        d.title.clone(),
        d.kind.code().to_string(),
        d.status.code().to_string(),
        g.display_name.clone(),
        g.kind.code().to_string(),
        g.state_usps.clone(),
        o(&g.geoidfq),
        o(&g.leaid),
        r.entity.clone(),
        dollars(d.amount_cents),
        if d.amount_cents.is_some() { "yes".into() } else { "no".into() },
        d.value_basis.map(|b| b.code().to_string()).unwrap_or_default(),
        iso(&d.announced),
        iso(&d.approved),
        iso(&d.starts),
        iso(&d.ends),
        o(&d.agency),
        o(&d.program),
        d.jobs_promised.map(|j| j.to_string()).unwrap_or_default(),
        o(&d.facility_name),
        o(&d.facility_location),
        o(&d.description),
        part(|s| s.url.clone()),
        part(|s| s.title.clone()),
        part(|s| s.publisher.clone()),
        part(|s| s.published.map(|p| p.to_iso())),
        part(|s| s.archive_url.clone()),
        part(|s| s.note.clone()),
        r.created_at.clone(),
        r.updated_at.clone(),
    ];
    let mut line = cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

fn json_row(r: &ExportRow, origin: &str) -> serde_json::Value {
    let d = &r.deal;
    let g = &r.government;
    let iso = |p: &Option<app::model::PartialDate>| p.map(|p| p.to_iso());
    let sources: Vec<serde_json::Value> = d
        .sources
        .iter()
        .map(|s| {
            serde_json::json!({
                "url": s.url, "title": s.title, "publisher": s.publisher, "published": iso(&s.published),
                "archive_url": s.archive_url, "note": s.note,
            })
        })
        .collect();
    serde_json::json!({
        "id": r.id,
        "url": format!("{origin}/deals/{}", r.id),
        "title": d.title,
        "kind": d.kind.code(),
        "status": d.status.code(),
        "government": { "name": g.display_name, "kind": g.kind.code(), "state": g.state_usps, "geoidfq": g.geoidfq, "leaid": g.leaid, "url": format!("{origin}{}", g.url(Lang::En)) },
        "entity": r.entity,
        "amount": { "disclosed": d.amount_cents.is_some(), "usd_cents": d.amount_cents, "basis": d.value_basis.map(|b| b.code()) },
        "dates": { "announced": iso(&d.announced), "approved": iso(&d.approved), "starts": iso(&d.starts), "ends": iso(&d.ends) },
        "agency": d.agency,
        "program": d.program,
        "jobs_promised": d.jobs_promised,
        "facility": { "name": d.facility_name, "location": d.facility_location },
        "description": d.description,
        "sources": sources,
        "recorded_at": r.created_at,
        "updated_at": r.updated_at,
    })
}

async fn stream(state: AppState, filter: DealFilter, scope: Option<PlaceScope>, format: Format, origin: String) -> Response {
    // The search's matches once, and the query checked before committing to a 200, so a bad
    // search is a 400, not a broken file.
    let matched = match exports::matched(&state.views.index, &filter) {
        Ok(m) => m,
        Err(e) => return AppError::from(e).into_response(),
    };
    {
        let Ok(mut conn) = state.pool.acquire().await else { return AppError::Busy.into_response() };
        if let Err(e) = exports::export_batch(&mut conn, &filter, scope.as_ref(), matched.as_deref(), None, 1).await {
            return AppError::from(e).into_response();
        }
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let licence = state.config.data_licence.clone();
    tokio::spawn(async move {
        let send = |s: String| {
            let tx = tx.clone();
            async move { tx.send(Ok(Bytes::from(s))).await.is_ok() }
        };
        let head = match format {
            Format::Csv => format!("{}\r\n", CSV_COLUMNS.join(",")),
            Format::Ocds => {
                let head = serde_json::Value::Object(crate::ocds::package_head(&origin, "/ocds/releases.json", &licence)).to_string();
                // The package's fields, then the releases array, streamed.
                format!("{},\"releases\":[", head.trim_end_matches('}'))
            }
            _ => format!(
                "{{\"licence\":{},\"source\":{},\"place\":{},\"deals\":[",
                serde_json::Value::from(licence.as_str()),
                serde_json::Value::from(origin.as_str()),
                scope
                    .as_ref()
                    .map(|s| serde_json::json!({ "name": s.label, "kind": s.kind.code(), "state": s.state }))
                    .unwrap_or(serde_json::Value::Null)
            ),
        };
        if !send(head).await {
            return;
        }
        let mut after: Option<(String, i64)> = None;
        let mut first = true;
        loop {
            let batch = match state.pool.acquire().await {
                Ok(mut conn) => exports::export_batch(&mut conn, &filter, scope.as_ref(), matched.as_deref(), after.clone(), BATCH).await,
                Err(e) => Err(BrowseError::Db(e)),
            };
            let rows = match batch {
                Ok(r) => r,
                Err(e) => {
                    tracing::error!(error = %e, "export stopped");
                    let _ = tx.send(Err(std::io::Error::other("export stopped"))).await;
                    return;
                }
            };
            let mut chunk = String::new();
            for r in &rows {
                match format {
                    Format::Csv => chunk.push_str(&csv_line(r, &origin)),
                    Format::Ocds => {
                        if !first {
                            chunk.push(',');
                        }
                        let id = format!("{}-{}", crate::ocds::ocid(r.id), r.updated_at);
                        chunk.push_str(&crate::ocds::release(r, &origin, &id, &r.updated_at).to_string());
                    }
                    _ => {
                        if !first {
                            chunk.push(',');
                        }
                        chunk.push_str(&json_row(r, &origin).to_string());
                    }
                }
                first = false;
            }
            if !chunk.is_empty() && !send(chunk).await {
                return;
            }
            match rows.last() {
                Some(last) if rows.len() as i64 == BATCH => after = Some((last.created_at.clone(), last.id)),
                _ => break,
            }
        }
        if matches!(format, Format::Json | Format::Ocds) {
            let _ = send("]}".into()).await;
        }
    });
    let body = Body::from_stream(futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) }));
    let (ctype, name) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "deals.csv"),
        _ => ("application/json", "deals.json"),
    };
    let mut res = Response::new(body);
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if format == Format::Csv {
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
    }
    res
}
