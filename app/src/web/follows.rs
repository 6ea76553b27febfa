//! Following by email: `POST /follow?feed=…` asks for a confirmation mail; the links mailed
//! (`/follow/confirm`, `/follow/manage`, `/follow/unsubscribe`) open pages whose buttons post
//! here. A GET of a mailed link never changes anything, since mail scanners follow links.
//! The one-click unsubscribe of RFC 8058 comes from mail clients, so its address is exempt
//! from the cross-site guard (`security::guard`): the token in its address authenticates it.

use super::{
    action::{self, Done, Post, Refusal, Spec, Who},
    limits, AppState,
};
use crate::{
    error::AppError,
    model::{
        filter::DealFilter,
        follow::{parse_email, token_of, Frequency, FIELDS},
        msg::Msg,
    },
    repo,
};
use axum::{
    extract::{Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

/// A query parameter of the request.
fn query_param(req: &Request, name: &str) -> String {
    let query = req.uri().query().unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap_or_default()
}

/// The view a feed address follows: its place ("va", "va/arlington-county", or "" for the
/// country) and its query's pairs. None for anything but one of the site's feeds.
pub fn view_of_feed(feed: &str) -> Option<(String, Vec<(String, String)>)> {
    let feed = crate::pages::follow::feed_path(feed)?;
    let (path, query) = feed.split_once('?').unwrap_or((&feed, ""));
    // A Spanish feed follows the same view.
    let path = path.strip_prefix("/es").filter(|p| p.starts_with('/')).unwrap_or(path);
    let place = match path {
        "/feed.atom" | "/deals.atom" => String::new(),
        p => {
            let inner = p.strip_prefix("/places/")?.strip_suffix("/feed.atom")?;
            let parts: Vec<&str> = inner.split('/').collect();
            let ok = |s: &str| !s.is_empty() && s.len() <= 200 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !matches!(parts.len(), 1 | 2) || !parts.iter().all(|s| ok(s)) || parts[0].len() != 2 {
                return None;
            }
            inner.to_ascii_lowercase()
        }
    };
    let pairs = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    Some((place, pairs))
}

/// POST /follow?feed=…: email and frequency.
pub async fn follow(State(state): State<AppState>, req: Request) -> Response {
    let feed = query_param(&req, "feed");
    let page = crate::pages::follow::follow_link(&feed);
    let spec = Spec::new(Who::Anyone, page.clone()).limit(limits::Action::Follow).echo(&FIELDS);
    action::handle(state, req, spec, async |p: &Post| {
        let Some(mail) = p.state.config.mail.clone() else { return Err(AppError::invalid("email", Msg::new("follow-mail-off")).into()) };
        let email = parse_email(p.field("email")).map_err(|m| AppError::invalid("email", m))?;
        let frequency =
            Frequency::parse(p.field("frequency")).ok_or_else(|| AppError::invalid("frequency", Msg::new("follow-frequency-missing")))?;
        let (place, pairs) = view_of_feed(&feed).ok_or(AppError::BadRequest)?;
        let mut filter = DealFilter::parse(&pairs).map_err(|_| AppError::BadRequest)?;
        // A list's place filter is the follow's place, as a place feed's is.
        let place = match (place.is_empty(), filter.place.take(), filter.state.clone()) {
            (true, Some(p), _) => p,
            (true, None, Some(st)) => {
                // A list's state filter names the state, as its page does ("Virginia").
                filter.state = None;
                st.to_ascii_lowercase()
            }
            (_, p, _) => {
                filter.place = p;
                place
            }
        };
        let view = filter.to_query(false).trim_start_matches('?').to_string();
        let lang = p.lang();
        let label = label(&p.state, &place, &filter, lang).await?;
        let mailbox = format!("email:{}", crate::model::follow::mailbox_key(&email));
        let hourly = p.state.limiter.check(limits::Action::FollowHour, &[limits::client_key(&p.ip)]);
        if let Err(wait) = hourly.and_then(|()| p.state.limiter.check(limits::Action::FollowAddress, &[mailbox])) {
            return Err(AppError::RateLimited(wait).into());
        }
        let queued = p
            .write(async |w| Ok(repo::follows::follow(w.conn(), &email, &place, &view, &label, frequency, lang.code(), &mail.host).await?))
            .await?;
        if queued == repo::follows::Followed::Queued {
            p.state.mail_wake.notify_one();
        }
        // The same answer whether or not anything was sent: the page says nothing of which
        // addresses follow what.
        Ok(Done::To(format!("{page}&sent=1")))
    })
    .await
}

/// What a follow is of, in words, as its mails and manage page name it.
async fn label(state: &AppState, place: &str, filter: &DealFilter, lang: crate::i18n::Lang) -> Result<String, AppError> {
    let mut conn = state.pool.acquire().await?;
    let scope = if place.is_empty() { None } else { Some(repo::browse::resolve_place(&mut conn, place).await?.ok_or(AppError::NotFound)?) };
    let company = match filter.entity {
        Some(id) => repo::entities::list(&mut conn).await?.into_iter().find(|e| e.id == id).map(|e| e.name),
        None => None,
    };
    let described = filter.describe_in(lang, None, company.as_deref());
    Ok(match (scope, described.is_empty()) {
        (Some(s), true) => s.label,
        (Some(s), false) => format!("{}: {described}", s.label),
        (None, false) => described,
        (None, true) => crate::i18n::t(lang, "follow-everything"),
    })
}

/// POST /follow/confirm: the token from the confirmation mail.
pub async fn confirm(State(state): State<AppState>, req: Request) -> Response {
    let token = token_of(&query_param(&req, "token")).unwrap_or_default();
    // The mailed token authorises it; no limit beyond the form's.
    let spec = Spec::new(Who::Anyone, format!("/follow/confirm?token={token}"));
    action::handle(state, req, spec, async |p: &Post| {
        let hour = p.state.config.mail.as_ref().map(|m| m.digest_hour).unwrap_or(7);
        let manage = p
            .write(async |w| {
                let Some((email, id)) = repo::follows::confirm(w.conn(), &token, hour).await? else {
                    return Err(AppError::invalid("token", Msg::new("follow-link-expired")).into());
                };
                Ok(repo::follows::token(w.conn(), &email, id, "manage").await?)
            })
            .await?;
        Ok(Done::To(format!("/follow/manage?token={manage}&confirmed=1")))
    })
    .await
}

/// POST /follow/manage?token=…: `follow` (its id) and `frequency`, or `stop`.
pub async fn manage(State(state): State<AppState>, req: Request) -> Response {
    let token = token_of(&query_param(&req, "token")).unwrap_or_default();
    let page = format!("/follow/manage?token={token}");
    // Someone managing many follows saves each: the mailed token authorises it.
    let spec = Spec::new(Who::Anyone, page.clone());
    action::handle(state, req, spec, async |p: &Post| {
        let hour = p.state.config.mail.as_ref().map(|m| m.digest_hour).unwrap_or(7);
        let id: i64 = p.field("follow").parse().map_err(|_| AppError::BadRequest)?;
        let stop = !p.field("stop").is_empty();
        let frequency = Frequency::parse(p.field("frequency"));
        let done = p
            .write(async |w| {
                let Some((email, _)) = repo::follows::by_token(w.conn(), &token, "manage").await? else {
                    return Err(Refusal::Error(AppError::invalid("token", Msg::new("follow-link-expired"))));
                };
                let done = match (stop, frequency) {
                    (true, _) => repo::follows::stop(w.conn(), &email, id).await?,
                    (false, Some(f)) => repo::follows::set_frequency(w.conn(), &email, id, f, hour).await?,
                    (false, None) => return Err(AppError::invalid("frequency", Msg::new("follow-frequency-missing")).into()),
                };
                Ok(if !done {
                    "gone"
                } else if stop {
                    "stopped"
                } else {
                    "saved"
                })
            })
            .await?;
        Ok(Done::To(format!("{page}&done={done}")))
    })
    .await
}

/// POST /follow/unsubscribe?token=…: from the page's button, or from a mail client as RFC
/// 8058's one-click (`List-Unsubscribe=One-Click`), which gets a plain answer.
pub async fn unsubscribe(State(state): State<AppState>, req: Request) -> Response {
    let token = token_of(&query_param(&req, "token")).unwrap_or_default();
    // The token in the address is the whole request: RFC 8058 clients post a body of their
    // choosing (multipart/form-data, as the RFC suggests, or urlencoded), which is left out.
    let (mut parts, _) = req.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/x-www-form-urlencoded"));
    parts.headers.remove(header::CONTENT_LENGTH);
    let req = Request::from_parts(parts, axum::body::Body::empty());
    let one_click = !req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let page = format!("/follow/unsubscribe?token={token}");
    let spec = Spec::new(Who::Anyone, page.clone());
    let lang = crate::i18n::Lang::of(req.extensions());
    let res = action::handle(state, req, spec, async |p: &Post| {
        p.write(async |w| {
            let Some((email, id)) = repo::follows::by_token(w.conn(), &token, "manage").await? else {
                return Err(Refusal::Error(AppError::invalid("token", Msg::new("follow-link-expired"))));
            };
            repo::follows::stop(w.conn(), &email, id).await?;
            Ok(())
        })
        .await?;
        Ok(Done::To("/follow/unsubscribe?done=1".to_string()))
    })
    .await;
    if one_click && res.status() == StatusCode::SEE_OTHER {
        return (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], crate::i18n::t(lang, "follow-unsubscribed"))
            .into_response();
    }
    res
}
