//! Atom feeds of new and changed deals: the site's, a place's, and any browse view's
//! (`/feed.atom`, `/deals.atom?…`, `/places/va/feed.atom`, `/places/va/arlington-county/feed.atom`).

use crate::export::view_of;
use app::error::AppError;
use app::i18n::{t, text, Lang};
use app::model::filter::DealFilter;
use app::model::msg::Msg;
use app::repo::browse::{BrowseError, PlaceScope};
use app::repo::exports;
use app::web::AppState;
use axum::{
    extract::{Path, State},
    http::{header, Uri},
    response::{IntoResponse, Response},
};

/// GET /feed.atom and /deals.atom: the site's feed, or a browse view's.
pub async fn site(State(state): State<AppState>, lang: Lang, uri: Uri) -> Response {
    feed(state, &uri, None, lang).await
}

/// GET /places/{usps}/feed.atom
pub async fn state(State(state): State<AppState>, Path(usps): Path<String>, lang: Lang, uri: Uri) -> Response {
    feed(state, &uri, Some(usps), lang).await
}

/// GET /places/{usps}/{slug}/feed.atom
pub async fn place(State(state): State<AppState>, Path((usps, slug)): Path<(String, String)>, lang: Lang, uri: Uri) -> Response {
    feed(state, &uri, Some(format!("{usps}/{slug}")), lang).await
}

async fn feed(state: AppState, uri: &Uri, place: Option<String>, lang: Lang) -> Response {
    let (filter, scope) = match view_of(&state, uri, place.as_deref(), lang).await {
        Ok(v) => v,
        Err(res) => return *res,
    };
    // Links in feeds use the configured public address, never the Host header.
    let origin = state.config.public_url.clone();
    atom(&state, &filter, scope, &origin, uri.path(), uri.query(), lang).await
}

/// Text escaped for XML (feeds, SVG).
pub fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub(crate) fn rfc3339(at: &str) -> String {
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
        (Some(s), _) => Some(s.label.clone()),
        (None, Some(st)) => app::repo::jurisdictions::state(&mut *conn, st).await?.map(|j| j.display_name),
        _ => None,
    };
    let company = match filter.entity {
        Some(id) => app::repo::entities::list(&mut *conn).await?.into_iter().find(|e| e.id == id).map(|e| e.name),
        None => None,
    };
    Ok((place, company))
}

/// Entries besides the deals' revisions, for a place's feed or the whole site's (a view with
/// other filters lists deals only): each decision coming up (a hearing, a vote, a renewal
/// date; its id is the event's, so a moved date updates the entry) and, for a government,
/// each approved change to its "how to take part" profile. Each with its time.
async fn extra_entries(
    conn: &mut sqlx::SqliteConnection,
    filter: &DealFilter,
    scope: Option<&PlaceScope>,
    origin: &str,
    lang: Lang,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    use app::model::upcoming::{UpcomingFilter, UpcomingWindow};
    use app::repo::events::{self, Scope};
    let plain = DealFilter { place: None, state: None, sort: filter.sort, ..Default::default() };
    let unfiltered = DealFilter { place: None, state: None, ..filter.clone() } == plain;
    if !unfiltered {
        return Ok(Vec::new());
    }
    let scope_of = match (scope, &filter.state) {
        (Some(s), _) => Scope::of_place(s.id, s.kind, &s.state),
        (None, Some(st)) => Scope::State(st.clone()),
        (None, None) => Scope::Site,
    };
    let wanted = UpcomingFilter { window: UpcomingWindow::ComingUp, ..Default::default() };
    let soon = events::upcoming(&mut *conn, &scope_of, &wanted, &events::today(), 20).await?;
    let mut out = Vec::new();
    for r in soon.rows {
        let what = if r.event.id == events::ENDS { t(lang, "upcoming-contract-ends") } else { r.event.kind.label_in(lang) };
        let when = app::pages::upcoming::when(&r.event, &r.precision, lang);
        let mut summary = vec![when.clone(), r.place_label()];
        summary.extend(r.event.body.clone());
        summary.extend(r.event.location.clone());
        out.push((rfc3339(&r.deal_updated), format!(
            "<entry>\n<id>{origin}/deals/{}#event-{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"alternate\" href=\"{origin}{}\"/>\n<category term=\"decision\"/>\n<summary>{}</summary>\n</entry>\n",
            r.deal_id,
            xml(&r.event.id),
            xml(&format!("{what}: {} ({when})", r.deal_title)),
            rfc3339(&r.deal_updated),
            xml(&lang.href(&format!("/deals/{}", r.deal_id))),
            xml(&summary.join(". ")),
        )));
    }
    if let Some(s) = scope {
        for v in app::repo::profiles::versions(&mut *conn, s.id, None).await?.into_iter().filter(|v| v.state == "approved").take(5) {
            out.push((rfc3339(&v.created_at), format!(
                "<entry>\n<id>{origin}/take-part?place={}#v{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"alternate\" href=\"{origin}{}\"/>\n<category term=\"take-part\"/>\n<summary>{}</summary>\n</entry>\n",
                xml(v.place_url.trim_start_matches("/places/")),
                v.id,
                xml(&text(lang, &Msg::new("feed-take-part-title").with("place", v.place.as_str()))),
                rfc3339(&v.created_at),
                xml(&lang.href(&format!("{}#take-part", v.place_url))),
                xml(&[v.profile.meetings_note, v.profile.comment_note, v.profile.records_note].into_iter().flatten().collect::<Vec<_>>().join(" · ")),
            )));
        }
    }
    Ok(out)
}

/// Whether a revision's summary was written by a person (and so belongs in a feed), rather
/// than the site's own note ("Deal recorded", an import's file and line).
fn written_summary(summary: &str) -> bool {
    !(summary.is_empty() || summary == "Deal recorded" || summary == "Edited" || summary.starts_with("Imported from "))
}

/// The feed in `lang`; `path` is the feed's address without a language prefix (the
/// language layer takes it off).
async fn atom(
    state: &AppState,
    filter: &DealFilter,
    scope: Option<PlaceScope>,
    origin: &str,
    path: &str,
    query: Option<&str>,
    lang: Lang,
) -> Response {
    let matched = match exports::matched(&state.views.index, filter) {
        Ok(m) => m,
        Err(e) => return AppError::from(e).response_in(lang),
    };
    let found = match state.pool.acquire().await {
        Ok(mut conn) => match exports::feed(&mut conn, filter, scope.as_ref(), matched.as_deref(), 50).await {
            Ok(entries) => feed_names(&mut conn, filter, scope.as_ref()).await.map(|names| (entries, names)).map_err(BrowseError::Db),
            Err(e) => Err(e),
        },
        Err(e) => Err(BrowseError::Db(e)),
    };
    let (entries, (place, company)) = match found {
        Ok(f) => f,
        Err(e) => return AppError::from(e).response_in(lang),
    };
    let self_url = format!("{origin}{}{}", lang.href(path), query.map(|q| format!("?{q}")).unwrap_or_default());
    let described = filter.describe_in(lang, place.as_deref(), company.as_deref());
    let title =
        if described.is_empty() { t(lang, "feed-title-all") } else { text(lang, &Msg::new("feed-title").with("described", described)) };
    let extra = match state.pool.acquire().await {
        Ok(mut conn) => extra_entries(&mut conn, filter, scope.as_ref(), origin, lang).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "feed: decisions and profiles left out");
            Vec::new()
        }),
        Err(_) => Vec::new(),
    };
    // The newest of every entry's time: a reader sees the feed changed when only a decision did.
    let updated = entries
        .iter()
        .map(|e| rfc3339(&e.decided_at))
        .chain(extra.iter().map(|(at, _)| at.clone()))
        .max()
        .unwrap_or_else(|| "2026-01-01T00:00:00Z".into());
    let mut out =
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", lang.code());
    out.push_str(&format!(
        "<id>{}</id>\n<title>{}</title>\n<updated>{updated}</updated>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" href=\"{origin}{}\"/>\n<author><name>Amazon Contract Tracker</name></author>\n<rights>{}</rights>\n",
        xml(&self_url),
        xml(&title),
        xml(&self_url),
        xml(&lang.href("/")),
        xml(&state.config.data_licence)
    ));
    for (_, x) in &extra {
        out.push_str(x);
    }
    for e in entries {
        let entry_title =
            text(lang, &Msg::new(if e.number == 1 { "feed-entry-new" } else { "feed-entry-changed" }).with("title", &e.title));
        let amount = e.amount_cents.map(app::model::format_dollars).unwrap_or_else(|| t(lang, "feed-amount-undisclosed"));
        // The entry's id names the revision, the same in both languages; its link is the
        // deal's page in the feed's language.
        out.push_str(&format!(
            "<entry>\n<id>{origin}/deals/{}/history#r{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<link rel=\"alternate\" href=\"{origin}{}\"/>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
            e.deal_id,
            e.number,
            xml(&entry_title),
            rfc3339(&e.decided_at),
            xml(&lang.href(&format!("/deals/{}", e.deal_id))),
            xml(&e.author.unwrap_or_else(|| t(lang, "feed-deleted-user"))),
            xml(&if written_summary(&e.summary) {
                format!("{}. {amount}. {}", e.place, app::i18n::stored_note(lang, &e.summary))
            } else {
                format!("{}. {amount}.", e.place)
            }),
        ));
        let _ = e.revision_id;
    }
    out.push_str("</feed>\n");
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], out).into_response()
}
