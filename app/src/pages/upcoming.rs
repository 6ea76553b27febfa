//! What is decided next and when: a deal's events on its page, "Coming up" on a place page,
//! and `/upcoming`, the national list by date with its filters in the URL.

use super::common::{server_data, FieldErrorMsg};
use crate::api::get_upcoming;
use crate::error::AppError;
use crate::i18n::{href, lang, Lang};
use crate::model::upcoming::{Upcoming, UpcomingFilter, UpcomingRow, UpcomingWindow};
use crate::model::{Event, EventKind, FieldErrors};
use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::use_location;

/// A zone as residents name it ("Eastern time"), in the page's language.
pub fn zone_name(zone: &str) -> String {
    let id = match zone {
        "America/New_York" | "America/Detroit" | "America/Indiana/Indianapolis" | "America/Kentucky/Louisville" => "zone-eastern",
        "America/Chicago" | "America/Indiana/Knox" | "America/Menominee" | "America/North_Dakota/Center" => "zone-central",
        "America/Denver" | "America/Boise" => "zone-mountain",
        "America/Phoenix" => "zone-arizona",
        "America/Los_Angeles" => "zone-pacific",
        "America/Anchorage" | "America/Juneau" => "zone-alaska",
        "America/Adak" => "zone-aleutian",
        "Pacific/Honolulu" => "zone-hawaii",
        "America/Puerto_Rico" | "America/St_Thomas" => "zone-atlantic",
        "Pacific/Guam" | "Pacific/Saipan" => "zone-chamorro",
        "Pacific/Pago_Pago" => "zone-samoa",
        other => return other.replace('_', " "),
    };
    crate::t!(id)
}

/// When an event is, in words: "March 14, 2027, 6:30 PM (Eastern time)"; a deal's partial
/// end date as "by the end of 2029".
pub fn when(ev: &Event, precision: &str, lang: Lang) -> String {
    let iso = ev.date.format("%Y-%m-%d").to_string();
    let day = match precision {
        "year" | "month" => {
            use chrono::Datelike;
            let period = crate::model::PartialDate {
                year: ev.date.year(),
                month: (precision == "month").then_some(ev.date.month() as u8),
                day: None,
            };
            return crate::i18n::text(lang, &crate::model::msg::Msg::new("upcoming-by-end").with("period", period.text(lang)));
        }
        _ => crate::model::dates::long_date_in(&iso, lang),
    };
    match ev.time {
        Some(t) => {
            let clock = match lang {
                Lang::En => t.format("%-I:%M %p").to_string(),
                Lang::Es => t.format("%H:%M").to_string(),
            };
            let zone = ev.zone.as_deref().map(|z| format!(" ({})", zone_name(z))).unwrap_or_default();
            format!("{day}, {clock}{zone}")
        }
        None => day,
    }
}

/// An event's details after its date: who decides, where, the agenda, what came of it.
fn details(ev: &Event) -> impl IntoView {
    let location = ev.location.clone().map(|l| match ev.location_link() {
        Some(link) => {
            view! { <li><a href=link.to_string() rel="noopener noreferrer nofollow">{crate::t!("upcoming-meeting-link")}</a></li> }
                .into_any()
        }
        None => view! { <li>{format!("{}: {l}", crate::t!("upcoming-where"))}</li> }.into_any(),
    });
    view! {
        <ul class="event-details">
            {ev.body.clone().map(|b| view! { <li>{format!("{}: {b}", crate::t!("upcoming-who-decides"))}</li> })}
            {location}
            {ev.agenda_url.clone().map(|a| view! { <li><a href=a rel="noopener noreferrer nofollow">{crate::t!("upcoming-agenda")}</a></li> })}
            {ev.outcome.map(|o| view! {
                <li>
                    <strong>{format!("{}: {}", crate::t!("upcoming-outcome"), o.label())}</strong>
                    {ev.outcome_url.clone().map(|u| view! { " (" <a href=u rel="noopener noreferrer nofollow">{crate::t!("upcoming-outcome-source")}</a> ")" })}
                </li>
            })}
        </ul>
    }
}

/// A deal's events on its page, soonest first.
#[component]
pub fn DealEvents(events: Vec<Event>) -> impl IntoView {
    let mut events = events;
    events.sort_by_key(|e| (e.date, e.time));
    (!events.is_empty()).then(|| {
        view! {
            <section aria-labelledby="events-h">
                <h2 id="events-h">{crate::t!("deal-page-events")}</h2>
                <ol class="events-list">
                    {events.into_iter().map(|ev| view! {
                        <li id=format!("event-{}", ev.id)>
                            <p><strong>{ev.kind.label()}</strong>{format!(" · {}", when(&ev, "day", lang()))}</p>
                            {details(&ev)}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}

/// Rows of a list: date, what is decided (the deal), where, and the details. Each names its
/// government unless it is `here` (the page's own).
#[component]
pub fn UpcomingList(rows: Vec<UpcomingRow>, #[prop(optional)] here: Option<String>) -> impl IntoView {
    view! {
        <ol class="upcoming-list">
            {rows.into_iter().map(|r| {
                let what = if r.event.id == crate::model::upcoming::ENDS_ID {
                    crate::t!("upcoming-contract-ends")
                } else {
                    r.event.kind.label()
                };
                let show_place = here.as_deref() != Some(r.place.key().as_str());
                view! {
                    <li>
                        <p class="upcoming-when"><time datetime=r.event.date.format("%Y-%m-%d").to_string()>{when(&r.event, &r.precision, lang())}</time></p>
                        <p><strong>{what}</strong>": "<a href=href(&format!("/deals/{}", r.deal_id))>{r.deal_title.clone()}</a>
                            {show_place.then(|| view! { " · " <a href=r.place.url(lang())>{r.place_label()}</a> })}
                        </p>
                        {details(&r.event)}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// "Coming up" on a place page: what is decided in the next 90 days and the contracts that
/// end or renew in the next 12 months, here and (counties, states) in the governments inside.
#[component]
pub fn ComingUp(coming: Upcoming, place_key: String, is_state: bool) -> impl IntoView {
    let filter = if is_state {
        UpcomingFilter { state: Some(place_key.to_ascii_uppercase()), ..Default::default() }
    } else {
        UpcomingFilter { place: Some(place_key.clone()), ..Default::default() }
    };
    let all = href(&format!("/upcoming{}", filter.to_query(false)));
    let calendar = href(&format!("/places/{place_key}/upcoming.ics"));
    (!coming.rows.is_empty()).then(|| {
        view! {
            <section class="coming-up" aria-labelledby="coming-h">
                <h2 id="coming-h">{crate::t!("place-coming-up")}</h2>
                <p class="sub">{crate::t!("place-coming-up-intro")}</p>
                <UpcomingList rows=coming.rows.clone() here=place_key.clone()/>
                <p>
                    {coming.next.is_some().then(|| view! { <a href=all.clone()>{crate::t!("place-coming-up-all")}</a>" · " })}
                    <a href=calendar>{crate::t!("upcoming-subscribe")}</a>
                </p>
            </section>
        }
    })
}

/// `/upcoming`.
#[component]
pub fn UpcomingPage() -> impl IntoView {
    let location = use_location();
    let query = move || location.search.get();
    let data = server_data(query, |q| async move { (q.clone(), get_upcoming(q).await) });
    view! {
        <Title text=crate::t!("upcoming-title")/>
        <Link rel="alternate" type_="text/calendar" href=href("/upcoming.ics") title=crate::t!("upcoming-calendar-title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let (q, got) = data.await;
                match got {
                    Ok((filter, list, place)) => view! { <Body filter list place errors=FieldErrors::new()/> }.into_any(),
                    // The form comes back with the values that read, and a note at each that didn't.
                    Err(AppError::Invalid(errors)) => {
                        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(q.trim_start_matches('?').as_bytes()).into_owned().collect();
                        let good: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| !errors.contains_key(k)).collect();
                        let filter = UpcomingFilter::parse(&good).unwrap_or_default();
                        view! { <Body filter list=Upcoming::default() place=None errors/> }.into_any()
                    }
                    Err(e) => super::common::error_view(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Body(filter: UpcomingFilter, list: Upcoming, place: Option<String>, errors: FieldErrors) -> impl IntoView {
    let next = list.next.clone().map(|n| href(&format!("/upcoming{}", UpcomingFilter { after: Some(n), ..filter.clone() }.to_query(true))));
    let calendar = match &filter.place {
        Some(p) => href(&format!("/places/{p}/upcoming.ics")),
        None => match &filter.state {
            Some(s) => href(&format!("/places/{}/upcoming.ics", s.to_ascii_lowercase())),
            None => href("/upcoming.ics"),
        },
    };
    let state_value = filter.state.clone().map(|s| s.to_ascii_lowercase()).unwrap_or_default();
    let kind_value = filter.kind.map(|k| k.code().to_string()).unwrap_or_default();
    view! {
        <h1>{crate::t!("upcoming-title")}</h1>
        <p class="lede">{crate::t!("upcoming-intro")}</p>
        <form method="get" action=href("/upcoming") class="filters upcoming-filters">
            {filter.place.clone().map(|p| view! { <input type="hidden" name="place" value=p/> })}
            <div class="field">
                <label for="up-state">{crate::t!("upcoming-state")}</label>
                <input id="up-state" name="state" value=state_value maxlength="2" size="3" aria-describedby="err-state"
                    aria-invalid=errors.contains_key("state").then_some("true")/>
                <FieldErrorMsg name="state".to_string() errors=errors.clone()/>
            </div>
            <div class="field">
                <label for="up-kind">{crate::t!("upcoming-kind")}</label>
                <select id="up-kind" name="kind" aria-describedby="err-kind">
                    <option value="" selected=kind_value.is_empty()>{crate::t!("upcoming-kind-any")}</option>
                    {EventKind::ALL.iter().map(|k| {
                        let sel = k.code() == kind_value;
                        view! { <option value=k.code() selected=sel>{k.label()}</option> }
                    }).collect_view()}
                </select>
                <FieldErrorMsg name="kind".to_string() errors=errors.clone()/>
            </div>
            <div class="field">
                <label for="up-window">{crate::t!("upcoming-window")}</label>
                <select id="up-window" name="window" aria-describedby="err-window">
                    {UpcomingWindow::OFFERED.iter().map(|w| {
                        let sel = *w == filter.window;
                        view! { <option value=w.code() selected=sel>{crate::t!(w.label_id())}</option> }
                    }).collect_view()}
                </select>
                <FieldErrorMsg name="window".to_string() errors=errors.clone()/>
            </div>
            <button type="submit">{crate::t!("upcoming-apply")}</button>
        </form>
        {place.map(|p| view! {
            <p>{crate::t!("upcoming-for-place", place = p)}" "<a href=href("/upcoming")>{crate::t!("upcoming-everywhere")}</a></p>
        })}
        {if list.rows.is_empty() {
            view! { <p class="empty">{crate::t!("upcoming-none")}</p> }.into_any()
        } else {
            view! { <UpcomingList rows=list.rows.clone()/> }.into_any()
        }}
        <p>
            {next.map(|n| view! { <a href=n rel="next">{crate::t!("upcoming-later")}</a>" · " })}
            <a href=calendar>{crate::t!("upcoming-subscribe")}</a>
        </p>
        <p class="hint">{crate::t!("upcoming-calendar-hint")}</p>
    }
}
