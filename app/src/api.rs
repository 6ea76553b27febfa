//! Server functions: each authorises, validates, calls the repository and maps errors.
//! Pages call them during server rendering; islands call them over HTTP.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::lang;
use crate::model::view::{DealView, EntityView, JurisdictionRef, PlaceData, PlaceSuggestion, SiteSummary, Viewer};
use leptos::prelude::*;

/// The signed-in person of this request, if any.
pub fn current_viewer() -> Option<Viewer> {
    use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Option<Viewer>>().cloned()).flatten()
}

/// Sets the response's status (and `Location` for a move) for an error, and returns it.
#[cfg(feature = "ssr")]
pub fn fail<T>(e: AppError) -> Result<T, AppError> {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        if let AppError::Moved(to) = &e {
            if let Ok(v) = http::HeaderValue::from_str(to) {
                res.insert_header(http::header::LOCATION, v);
            }
        }
    }
    Err(e)
}

/// Place-search suggestions for what has been typed so far. Public.
#[server(endpoint = "suggest_places", input = server_fn::codec::GetUrl)]
pub async fn suggest_places(q: String, lang: crate::i18n::Lang) -> Result<Vec<PlaceSuggestion>, AppError> {
    if q.chars().count() > 100 {
        return fail(AppError::BadRequest);
    }
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    Ok(crate::repo::jurisdictions::suggest(&mut conn, &q, 8, lang).await?)
}

/// Everything the home page shows. Public.
#[server]
pub async fn get_site_summary() -> Result<SiteSummary, AppError> {
    use crate::repo::{jurisdictions, sets, sets::DealSet};
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let totals = sets::totals(&mut conn, &DealSet::Site).await?;
    Ok(SiteSummary {
        totals,
        latest: sets::list(&mut conn, &DealSet::Site, 10).await?,
        jurisdictions_loaded: jurisdictions::count_loaded(&mut conn).await?,
    })
}

/// One deal's page. Published deals are public; a pending one only for its author and
/// moderators; a withdrawn one answers 410 and names what it was and why.
#[server]
pub async fn get_deal(id: i64) -> Result<DealView, AppError> {
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let Some(d) = crate::repo::deals::get(&mut conn, id).await? else { return fail(AppError::NotFound) };
    let viewer = current_viewer();
    let is_mod = viewer.as_ref().is_some_and(Viewer::is_moderator);
    if !d.published && !is_mod && viewer.as_ref().map(|v| v.id) != d.created_by_id {
        return fail(AppError::NotFound);
    }
    let mut d = d;
    if d.withdrawn_reason.is_some() {
        // The page still names what was withdrawn, and why, with status 410.
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::GONE);
        }
        return Ok(d);
    }
    if let Some(v) = &viewer {
        d.my_pending = crate::repo::revisions::pending_by(&mut conn, id, v.id).await?.filter(|_| d.published).map(|r| r.number);
    }
    let kept: Vec<String> = d.deal.sources.iter().filter_map(|s| s.document.clone()).collect();
    d.documents = crate::repo::documents::briefs(&mut conn, &kept).await?;
    Ok(d)
}

/// A deal's live links to other deals. Public.
#[server]
pub async fn get_deal_links(id: i64) -> Result<Vec<crate::model::view::LinkRow>, AppError> {
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    Ok(crate::repo::links::for_deal(&mut conn, id).await?)
}

/// A deal's history: approved revisions for everyone, pending and rejected ones for their
/// author and moderators.
#[server]
pub async fn get_history(id: i64) -> Result<crate::model::workflow::HistoryPage, AppError> {
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let viewer = current_viewer().map(|v| (v.id, v.is_moderator()));
    match crate::repo::history::history(&mut conn, id, viewer).await? {
        Some(h) => Ok(h),
        None => fail(AppError::NotFound),
    }
}

/// The moderators' queue, and the title of a deal just decided (`done`), to say what
/// happened. Moderators and admins only.
#[server]
pub async fn get_review_queue(done: Option<i64>) -> Result<(crate::model::workflow::ReviewQueue, Option<String>), AppError> {
    let Some(v) = current_viewer() else { return fail(AppError::Unauthenticated) };
    if !v.is_moderator() {
        return fail(AppError::Forbidden);
    }
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let title = match done {
        Some(id) => crate::repo::deals::title(&mut conn, id).await?,
        None => None,
    };
    Ok((crate::repo::queue::queue(&mut conn).await?, title))
}

/// The signed-in person's account, submissions and reports.
#[server]
pub async fn get_account() -> Result<(Viewer, Vec<crate::model::workflow::Submission>, Vec<crate::model::workflow::FlagView>), AppError> {
    let Some(v) = current_viewer() else { return fail(AppError::Unauthenticated) };
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let subs = crate::repo::queue::submissions(&mut conn, v.id).await?;
    let reports = crate::repo::flags::by_reporter(&mut conn, v.id).await?;
    Ok((v, subs, reports))
}

/// Every account, for admins.
#[server]
pub async fn get_users() -> Result<Vec<crate::model::workflow::UserRow>, AppError> {
    let Some(v) = current_viewer() else { return fail(AppError::Unauthenticated) };
    if v.role != crate::model::Role::Admin {
        return fail(AppError::Forbidden);
    }
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    Ok(crate::repo::users::list(&mut conn).await?)
}

/// What the edit form starts from: the version the public sees (for a pending deal, its
/// latest version), or the person's own change still waiting for review, which a new edit
/// continues. Signed-in people only.
#[server]
pub async fn get_edit_form(id: i64) -> Result<crate::model::workflow::EditForm, AppError> {
    use crate::domain::review::edit_start;
    let Some(v) = current_viewer() else { return fail(AppError::Unauthenticated) };
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let (snap, base, replaces) = match edit_start(&mut conn, id, &v).await {
        Ok(start) => start,
        Err(crate::domain::review::ReviewError::Withdrawn) => {
            let d = crate::repo::deals::get(&mut conn, id).await?;
            return fail(AppError::Gone(
                d.as_ref().and_then(|d| d.withdrawn_reason.clone()).unwrap_or_default(),
                d.and_then(|d| d.duplicate_of),
            ));
        }
        Err(e) => return fail(e.into()),
    };
    let place = crate::repo::jurisdictions::by_id(&mut conn, snap.jurisdiction_id).await?.map(|j| j.label()).unwrap_or_default();
    let title: String = crate::repo::deals::title(&mut conn, id).await?.unwrap_or_else(|| snap.title.clone());
    let waiting = crate::repo::revisions::pending_count(&mut conn, id).await?;
    Ok(crate::model::workflow::EditForm {
        input: crate::model::DealInput::from_deal(&snap, place),
        base,
        replaces,
        title,
        others_waiting: waiting - i64::from(replaces.is_some()),
    })
}

/// The Amazon companies, for the deal form. Public.
#[server]
pub async fn get_entities() -> Result<Vec<EntityView>, AppError> {
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    Ok(crate::repo::entities::list(&mut conn).await?)
}

/// All states, for the national index. Public.
#[server]
pub async fn get_states() -> Result<(Vec<(JurisdictionRef, i64)>, Option<crate::model::view::MapView>), AppError> {
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let states = crate::repo::jurisdictions::states_with_counts(&mut conn).await?;
    let map = state.atlas.as_ref().and_then(|atlas| {
        let data = states
            .iter()
            .filter_map(|(s, n)| {
                let fips = s.geoidfq.as_deref()?.rsplit("US").next()?.to_string();
                Some((fips, crate::maps::AreaData { name: s.display_name.clone(), url: s.url(lang()), deals: *n }))
            })
            .collect();
        atlas.national_map(&data)
    });
    Ok((states, map))
}

/// Deals a place page lists in each of its tables, newest first; the rest are one link
/// away in the deals list. (A state's page listed 200 in each: 381 KB of HTML for Texas at a
/// million deals, too much for a phone and most of the page's first render.)
#[cfg(feature = "ssr")]
const PLACE_ROWS: i64 = 50;
/// How many events a place page's "Coming up" shows (with a link to the rest).
#[cfg(feature = "ssr")]
const COMING_UP_ROWS: i64 = 10;

/// A state's page (`slug` empty) or a jurisdiction's page. Old slugs and
/// `/places/id/{identifier}` redirect to the canonical address. Public.
#[server]
pub async fn get_place_page(usps: String, slug: String) -> Result<PlaceData, AppError> {
    use crate::model::JurisdictionKind;
    use crate::repo::{jurisdictions, jurisdictions::SlugLookup, sets, sets::DealSet};
    let started = std::time::Instant::now();
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    if usps.len() != 2 || !usps.chars().all(|c| c.is_ascii_alphabetic()) || slug.len() > 200 {
        return fail(AppError::NotFound);
    }
    let place = if usps.eq_ignore_ascii_case("id") {
        match jurisdictions::by_identifier(&mut conn, &slug).await? {
            Some(j) => return fail(AppError::Moved(j.url(lang()))),
            None => return fail(AppError::NotFound),
        }
    } else if slug.is_empty() {
        match jurisdictions::state(&mut conn, &usps).await? {
            Some(s) => s,
            None => return fail(AppError::NotFound),
        }
    } else {
        match jurisdictions::by_slug(&mut conn, &usps, &slug).await? {
            SlugLookup::Found(j) => j,
            SlugLookup::Moved(j) => return fail(AppError::Moved(j.url(lang()))),
            SlugLookup::Missing => return fail(AppError::NotFound),
        }
    };
    if usps != usps.to_ascii_lowercase() {
        return fail(AppError::Moved(place.url(lang())));
    }
    let state_ref = match jurisdictions::state(&mut conn, &place.state_usps).await? {
        Some(s) => s,
        None => return fail(AppError::NotFound),
    };
    let parent = jurisdictions::parent(&mut conn, place.id).await?;
    let own = DealSet::Own(place.id);
    let within = match place.kind {
        JurisdictionKind::State => Some(DealSet::InState(place.state_usps.clone())),
        JurisdictionKind::County => Some(DealSet::Within(place.id)),
        _ => None,
    };
    let (within_deals, within_totals) = match &within {
        Some(scope) => (sets::list(&mut conn, scope, PLACE_ROWS).await?, Some(sets::totals(&mut conn, scope).await?)),
        None => (Vec::new(), None),
    };
    let links = crate::repo::links::for_place(&mut conn, place.id).await?;
    let map = match (&state.atlas, place.kind, place.geoidfq.as_deref().and_then(|g| g.rsplit("US").next())) {
        (Some(atlas), JurisdictionKind::State, Some(fips)) => {
            let data = jurisdictions::county_deal_counts(&mut conn, &place.state_usps)
                .await?
                .into_iter()
                .map(|(geoid, j, n)| (geoid, crate::maps::AreaData { name: j.display_name.clone(), url: j.url(lang()), deals: n }))
                .collect();
            atlas.state_map(fips, &data)
        }
        _ => None,
    };
    let (own_deals, own_totals) = (sets::list(&mut conn, &own, PLACE_ROWS).await?, sets::totals(&mut conn, &own).await?);
    let coming_up = crate::repo::events::upcoming(
        &mut conn,
        &crate::repo::events::Scope::of_place(place.id, place.kind, &place.state_usps),
        &Default::default(),
        &crate::repo::events::today(),
        COMING_UP_ROWS,
    )
    .await?;
    // Where a place page's first render goes, for `RUST_LOG=app=debug` (the rest is HTML).
    tracing::debug!(ms = started.elapsed().as_secs_f64() * 1e3, "place page data");
    let profile = crate::repo::profiles::current(&mut conn, place.id).await?;
    Ok(PlaceData { map, links, own_deals, own_totals, place, parent, state: state_ref, within_deals, within_totals, coming_up, profile })
}

/// A browse view from its query string: the parsed filters and one page of deals with
/// facet counts. Public. Facet counts are cached per view until the data changes.
#[server(endpoint = "get_browse")]
pub async fn get_browse(query: String) -> Result<(crate::model::filter::DealFilter, crate::model::view::BrowsePage), AppError> {
    use crate::model::filter::DealFilter;
    if query.len() > 2000 {
        return fail(AppError::BadRequest);
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes()).into_owned().collect();
    let filter = match DealFilter::parse(&pairs) {
        Ok(f) => f,
        Err(e) => return fail(AppError::Invalid(e)),
    };
    let state = crate::web::state()?;
    let version = crate::web::catch_up(&state).await;
    match state.views.view(&state.pool, &filter, version, current_viewer().is_some()).await {
        Ok(page) => Ok((filter, page)),
        Err(e) => fail(e),
    }
}

/// How many rows a page of `/upcoming` shows.
#[cfg(feature = "ssr")]
const UPCOMING_ROWS: i64 = 50;

/// What is coming up in a view of `/upcoming` (its query string): the parsed filter, a page
/// of events by date, and the place's name when it filters by one. Public.
#[server(endpoint = "get_upcoming")]
pub async fn get_upcoming(
    query: String,
) -> Result<(crate::model::upcoming::UpcomingFilter, crate::model::upcoming::Upcoming, Option<String>), AppError> {
    use crate::model::upcoming::UpcomingFilter;
    if query.len() > 2000 {
        return fail(AppError::BadRequest);
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes()).into_owned().collect();
    let filter = match UpcomingFilter::parse(&pairs) {
        Ok(f) => f,
        Err(e) => return fail(AppError::Invalid(e)),
    };
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let Some((scope, label)) = crate::repo::events::scope_of(&mut conn, &filter).await? else {
        let mut e = crate::model::FieldErrors::new();
        e.insert("place".into(), crate::model::msg::Msg::new("filter-place-unknown"));
        return fail(AppError::Invalid(e));
    };
    let list = crate::repo::events::upcoming(&mut conn, &scope, &filter, &crate::repo::events::today(), UPCOMING_ROWS).await?;
    Ok((filter, list, label))
}

/// A government's "how to take part" page: the government, the profile shown now, and its
/// versions (pending ones only to moderators and their author). Public.
#[server(endpoint = "get_take_part")]
pub async fn get_take_part(
    place: String,
) -> Result<
    (crate::model::view::JurisdictionRef, Option<crate::model::profile::Profile>, Vec<crate::model::profile::ProfileVersion>),
    AppError,
> {
    if place.len() > 220 {
        return fail(AppError::BadRequest);
    }
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let Some(j) = crate::domain::profiles::government(&mut conn, &place.to_ascii_lowercase()).await? else {
        return fail(AppError::NotFound);
    };
    let viewer = current_viewer().map(|v| (v.id, v.is_moderator()));
    let current = crate::repo::profiles::current(&mut conn, j.id).await?;
    let versions = crate::repo::profiles::versions(&mut conn, j.id, viewer).await?;
    Ok((j, current, versions))
}

/// The licence the data is published under. Public.
#[server]
pub async fn get_data_licence() -> Result<String, AppError> {
    Ok(crate::web::state()?.config.data_licence.clone())
}

/// Whether this site mails followers (SMTP set up). Public.
#[server]
pub async fn get_mail_enabled() -> Result<bool, AppError> {
    Ok(crate::web::state()?.config.mail.is_some())
}

/// What a mailed link is about: the address it was mailed to, the follow, and the address's
/// follows; None when the link has expired or was used. The token (`purpose` "confirm" or
/// "manage") is the authorisation: it was mailed to the address and only its hash is kept.
#[server(endpoint = "get_follow_link")]
pub async fn get_follow_link(token: String, purpose: String) -> Result<Option<crate::model::follow::TokenView>, AppError> {
    let Some(token) = crate::model::follow::token_of(&token) else { return Ok(None) };
    if !matches!(purpose.as_str(), "confirm" | "manage") {
        return fail(AppError::BadRequest);
    }
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let Some((email, id)) = crate::repo::follows::by_token(&mut conn, &token, &purpose).await? else { return Ok(None) };
    let all = crate::repo::follows::of_email(&mut conn, &email).await?;
    let follow = all.iter().find(|f| f.id == id).cloned();
    // A manage link outlives the follow it came with while the address follows anything.
    if follow.is_none() && (purpose == "confirm" || all.is_empty()) {
        return Ok(None);
    }
    Ok(Some(crate::model::follow::TokenView { email, follow, all }))
}

/// A kept document's page: public when an approved version of a published deal cites it,
/// else only for its uploaders and moderators (others get "not found", as for a document
/// that does not exist). `all` asks for every page's text, not only the first.
#[server(endpoint = "get_document")]
pub async fn get_document(sha256: String, all: bool) -> Result<crate::model::document::DocumentView, AppError> {
    let Some(sha) = crate::model::document::parse_sha256(&sha256) else { return fail(AppError::NotFound) };
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let viewer = current_viewer();
    if crate::repo::documents::visible(&mut conn, &sha, viewer.as_ref()).await?.is_none() {
        return fail(AppError::NotFound);
    }
    let pages = if all { i64::MAX } else { crate::model::document::PAGES_SHOWN };
    match crate::repo::documents::view(&mut conn, &sha, pages, viewer.as_ref()).await? {
        Some(d) => Ok(d),
        None => fail(AppError::NotFound),
    }
}

/// The form for attaching a document to a deal's source. Signed-in people who may edit the
/// deal.
#[server(endpoint = "get_attach")]
pub async fn get_attach(deal: i64, source: String) -> Result<crate::model::document::AttachView, AppError> {
    let Some(v) = current_viewer() else { return fail(AppError::Unauthenticated) };
    let state = crate::web::state()?;
    let mut conn = state.pool.acquire().await?;
    let (snapshot, _, _) = match crate::domain::review::edit_start(&mut conn, deal, &v).await {
        Ok(s) => s,
        Err(e) => return fail(e.into()),
    };
    let Some(src) = snapshot.sources.iter().find(|s| s.id == source) else { return fail(AppError::NotFound) };
    Ok(crate::model::document::AttachView {
        deal_id: deal,
        deal_title: snapshot.title.clone(),
        source_id: src.id.clone(),
        source_label: src.title.clone().or(src.url.clone()).unwrap_or_default(),
        current: src.document.clone(),
        max_mb: state.config.uploads.max_file / 1_000_000,
    })
}
