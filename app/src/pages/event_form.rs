//! The deal form's dated events: the deal's hearings, votes, deadlines and renewal dates,
//! each a group of fields, and one empty group to add another (plain HTML, so it works
//! without JavaScript: a person adds one per save).

use super::common::FieldErrorMsg;
use crate::model::event::{EventInput, MAX_EVENTS, ZONES};
use crate::model::{EventKind, EventOutcome, FieldErrors};
use leptos::prelude::*;

/// What an event field is called in the list of problems ("Event 2: date").
pub fn field_label(rest: &str, n: usize) -> Option<String> {
    let id = match rest {
        "event_kind" => "form-event-kind",
        "event_date" => "form-event-date",
        "event_time" => "form-event-time",
        "event_zone" => "form-event-zone",
        "event_body" => "form-event-body",
        "event_location" => "form-event-location",
        "event_agenda_url" => "form-event-agenda-url",
        "event_outcome" => "form-event-outcome",
        "event_outcome_url" => "form-event-outcome-url",
        _ => return None,
    };
    Some(format!("{}: {}", crate::t!("form-event-heading", n = n), crate::t!(id)))
}

/// The events fieldset: the deal's events, then an empty one. Folded away while the deal has
/// none and nothing in it is wrong.
#[component]
pub fn EventsFields(events: Vec<EventInput>, errors: FieldErrors) -> impl IntoView {
    let open = !events.is_empty() || errors.keys().any(|k| k.starts_with("event"));
    let mut rows = events;
    if rows.len() < MAX_EVENTS {
        rows.push(EventInput::default());
    }
    view! {
        <details class="events" open=open>
            <summary>{crate::t!("form-events-summary")}</summary>
            <fieldset aria-describedby="events-hint err-events">
                <legend>{crate::t!("form-events-legend")}</legend>
                <p class="hint" id="events-hint">{crate::t!("form-events-hint")}</p>
                <FieldErrorMsg name="events".to_string() errors=errors.clone()/>
                {rows.into_iter().enumerate().map(|(i, ev)| event_fields(i, ev, &errors)).collect_view()}
            </fieldset>
        </details>
    }
}

fn event_fields(i: usize, ev: EventInput, errors: &FieldErrors) -> impl IntoView {
    let input = |col: &'static str, kind: &'static str, value: String, hint: Option<String>| {
        let id = format!("event_{col}_{i}");
        let invalid = errors.contains_key(&id).then_some("true");
        let label = crate::t!(match col {
            "date" => "form-event-date",
            "time" => "form-event-time",
            "body" => "form-event-body",
            "location" => "form-event-location",
            "agenda_url" => "form-event-agenda-url",
            _ => "form-event-outcome-url",
        });
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id.clone() name=format!("event_{col}") type=kind value=value aria-invalid=invalid
                    aria-describedby=format!("{id}-hint err-{id}")/>
                {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
                <FieldErrorMsg name=id errors=errors.clone()/>
            </div>
        }
    };
    let select = |col: &'static str, label: String, current: String, first: String, options: Vec<(String, String)>| {
        let id = format!("event_{col}_{i}");
        let invalid = errors.contains_key(&id).then_some("true");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <select id=id.clone() name=format!("event_{col}") aria-invalid=invalid aria-describedby=format!("err-{id}")>
                    <option value="" selected=current.is_empty()>{first}</option>
                    {options.into_iter().map(|(v, l)| {
                        let sel = v == current;
                        view! { <option value=v selected=sel>{l}</option> }
                    }).collect_view()}
                </select>
                <FieldErrorMsg name=id errors=errors.clone()/>
            </div>
        }
    };
    let heading = crate::t!("form-event-heading", n = i + 1);
    let label = heading.clone();
    view! {
        <div class="event" role="group" aria-label=label>
            <h3 class="event-heading">{heading}</h3>
            // Which event this is, so an edit merges with others' by event and calendars keep it.
            <input type="hidden" name="event_id" value=ev.id.clone()/>
            {select("kind", crate::t!("form-event-kind"), ev.kind.clone(), crate::t!("form-choose"),
                EventKind::ALL.iter().map(|k| (k.code().to_string(), k.label())).collect())}
            <div class="grid-2">
                {input("date", "date", ev.date.clone(), Some(crate::t!("form-event-date-hint")))}
                {input("time", "time", ev.time.clone(), Some(crate::t!("form-event-time-hint")))}
            </div>
            {select("zone", crate::t!("form-event-zone"), ev.zone.clone(), crate::t!("form-event-zone-default"),
                ZONES.iter().map(|z| (z.to_string(), z.replace('_', " "))).collect())}
            {input("body", "text", ev.body.clone(), Some(crate::t!("form-event-body-hint")))}
            {input("location", "text", ev.location.clone(), Some(crate::t!("form-event-location-hint")))}
            {input("agenda_url", "url", ev.agenda_url.clone(), None)}
            {select("outcome", crate::t!("form-event-outcome"), ev.outcome.clone(), crate::t!("form-event-outcome-none"),
                EventOutcome::ALL.iter().map(|o| (o.code().to_string(), o.label())).collect())}
            {input("outcome_url", "url", ev.outcome_url.clone(), Some(crate::t!("form-event-outcome-url-hint")))}
        </div>
    }
}
