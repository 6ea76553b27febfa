//! Exports and feeds of any browse view, place or state: `.csv`, `.json` and `.atom`.
//! Files stream every matching row in batches, never one page, so memory stays flat.

use app::error::AppError;
use app::model::filter::DealFilter;
use app::repo::browse::{self, BrowseError, PlaceScope};
use app::repo::exports::{self, ExportRow};
use app::web::AppState;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

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

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Csv,
    Json,
    Atom,
    /// An OCDS release package (`/ocds/releases.json`).
    Ocds,
}

fn problem(status: StatusCode, msg: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], msg.to_string()).into_response()
}

fn browse_error(e: BrowseError) -> Response {
    AppError::from(e).into_response()
}

/// Serves export and feed paths; passes everything else on.
pub async fn exports(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let Some((base, ext)) = path.rsplit_once('.') else { return next.run(req).await };
    let format = match ext {
        "csv" => Format::Csv,
        "json" if base == "/ocds/releases" => Format::Ocds,
        "json" => Format::Json,
        "atom" => Format::Atom,
        _ => return next.run(req).await,
    };
    let segments: Vec<&str> = base.trim_start_matches('/').split('/').collect();
    // (place "usps[/slug]", is a feed path)
    let (place, feed_path): (Option<String>, bool) = match segments.as_slice() {
        ["deals"] => (None, false),
        ["ocds", "releases"] if format == Format::Ocds => (None, false),
        ["feed"] if format == Format::Atom => (None, true),
        ["places", usps] => (Some(usps.to_string()), false),
        ["places", usps, "feed"] if format == Format::Atom => (Some(usps.to_string()), true),
        ["places", usps, slug] if format != Format::Atom || *slug != "feed" => (Some(format!("{usps}/{slug}")), false),
        ["places", usps, slug, "feed"] if format == Format::Atom => (Some(format!("{usps}/{slug}")), true),
        _ => return next.run(req).await,
    };
    if format == Format::Atom && !feed_path && segments[0] != "deals" {
        return next.run(req).await;
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes()).into_owned().collect();
    let filter = match DealFilter::parse(&pairs) {
        Ok(f) => f,
        Err(errors) => {
            // A bad query string is a bad request (400); 422 is for forms.
            let mut res = AppError::Invalid(errors).into_response();
            *res.status_mut() = StatusCode::BAD_REQUEST;
            return res;
        }
    };
    let mut conn = match state.pool.acquire().await {
        Ok(c) => c,
        Err(e) => return browse_error(BrowseError::Db(e)),
    };
    let scope = match place.as_deref().or(filter.place.as_deref()) {
        Some(p) => match browse::resolve_place(&mut conn, p).await {
            Ok(Some(s)) => Some(s),
            Ok(None) => return problem(StatusCode::NOT_FOUND, "There is no such place. Check the address."),
            Err(e) => return browse_error(BrowseError::Db(e)),
        },
        None => None,
    };
    drop(conn);
    // Links in files and feeds use the configured public address, never the Host header,
    // which a client controls.
    let origin = state.config.public_url.clone();
    match format {
        Format::Atom => atom(&state, &filter, scope, &origin, &path, req.uri().query()).await,
        _ => stream(state, filter, scope, format, origin).await,
    }
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
        "government": { "name": g.display_name, "kind": g.kind.code(), "state": g.state_usps, "geoidfq": g.geoidfq, "leaid": g.leaid, "url": format!("{origin}{}", g.url()) },
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
    // Check the query before committing to a 200, so a bad search is a 400, not a broken file.
    {
        let Ok(mut conn) = state.pool.acquire().await else { return AppError::Busy.into_response() };
        if let Err(e) = exports::export_batch(&mut conn, &filter, scope.as_ref(), None, 1).await {
            return browse_error(e);
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
                scope.as_ref().map(|s| serde_json::json!({ "name": s.3, "kind": s.1, "state": s.2 })).unwrap_or(serde_json::Value::Null)
            ),
        };
        if !send(head).await {
            return;
        }
        let mut after: Option<(String, i64)> = None;
        let mut first = true;
        loop {
            let batch = match state.pool.acquire().await {
                Ok(mut conn) => exports::export_batch(&mut conn, &filter, scope.as_ref(), after.clone(), BATCH).await,
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

/// Text escaped for XML (feeds, SVG).
pub fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn rfc3339(at: &str) -> String {
    // Stored timestamps are RFC 3339 already; older ones may lack the zone.
    if at.ends_with('Z') || at.contains('+') {
        at.to_string()
    } else {
        format!("{at}Z")
    }
}

/// The names a feed's title needs: the place (or the state of a state filter) and the
/// company of a company filter.
async fn feed_names(
    conn: &mut sqlx::SqliteConnection,
    filter: &DealFilter,
    scope: Option<&PlaceScope>,
) -> Result<(Option<String>, Option<String>), sqlx::Error> {
    let place = match (scope, &filter.state) {
        (Some(s), _) => Some(s.3.clone()),
        (None, Some(st)) => app::repo::jurisdictions::state(&mut *conn, st).await?.map(|j| j.display_name),
        _ => None,
    };
    let company = match filter.entity {
        Some(id) => app::repo::entities::list(&mut *conn).await?.into_iter().find(|e| e.id == id).map(|e| e.name),
        None => None,
    };
    Ok((place, company))
}

/// Whether a revision's summary was written by a person (and so belongs in a feed), rather
/// than the site's own note ("Deal recorded", an import's file and line).
fn written_summary(summary: &str) -> bool {
    !(summary.is_empty() || summary == "Deal recorded" || summary == "Edited" || summary.starts_with("Imported from "))
}

async fn atom(state: &AppState, filter: &DealFilter, scope: Option<PlaceScope>, origin: &str, path: &str, query: Option<&str>) -> Response {
    let found = match state.pool.acquire().await {
        Ok(mut conn) => match exports::feed(&mut conn, filter, scope.as_ref(), 50).await {
            Ok(entries) => feed_names(&mut conn, filter, scope.as_ref()).await.map(|names| (entries, names)).map_err(BrowseError::Db),
            Err(e) => Err(e),
        },
        Err(e) => Err(BrowseError::Db(e)),
    };
    let (entries, (place, company)) = match found {
        Ok(f) => f,
        Err(e) => return browse_error(e),
    };
    let self_url = format!("{origin}{path}{}", query.map(|q| format!("?{q}")).unwrap_or_default());
    let described = filter.describe(place.as_deref(), company.as_deref());
    let title =
        if described.is_empty() { "Deals with Amazon: new and changed".to_string() } else { format!("Deals with Amazon: {described}") };
    let updated = entries.first().map(|e| rfc3339(&e.decided_at)).unwrap_or_else(|| "2026-01-01T00:00:00Z".into());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "<id>{}</id>\n<title>{}</title>\n<updated>{updated}</updated>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" href=\"{origin}/\"/>\n<author><name>Amazon Contract Tracker</name></author>\n<rights>{}</rights>\n",
        xml(&self_url),
        xml(&title),
        xml(&self_url),
        xml(&state.config.data_licence)
    ));
    for e in entries {
        let what = if e.number == 1 { "New" } else { "Changed" };
        let amount = e.amount_cents.map(app::model::format_dollars).unwrap_or_else(|| "amount not disclosed".into());
        out.push_str(&format!(
            "<entry>\n<id>{origin}/deals/{}/history#r{}</id>\n<title>{}: {}</title>\n<updated>{}</updated>\n<link rel=\"alternate\" href=\"{origin}/deals/{}\"/>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
            e.deal_id,
            e.number,
            what,
            xml(&e.title),
            rfc3339(&e.decided_at),
            e.deal_id,
            xml(&e.author.unwrap_or_else(|| "deleted user".into())),
            xml(&if written_summary(&e.summary) { format!("{}. {amount}. {}", e.place, e.summary) } else { format!("{}. {amount}.", e.place) }),
        ));
        let _ = e.revision_id;
    }
    out.push_str("</feed>\n");
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], out).into_response()
}
