//! A deal's dated events: the hearings, votes and comment deadlines where it is decided, and
//! the renewal options and expiry it turns on. They are part of the deal's snapshot, each
//! with a stable id like a source's, so they are added, edited, reviewed and reverted with
//! the deal.

use super::deal::{opt, parse_web_url, FieldErrors};
use super::kinds::{EventKind, EventOutcome};
use super::msg::Msg;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// One event, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventInput {
    /// The event's stable id, carried in the form; empty for an event added in this form.
    #[serde(default)]
    pub id: String,
    /// An [`EventKind`] code.
    pub kind: String,
    /// The day, "2027-03-14".
    pub date: String,
    /// The local time, "18:30"; empty for a whole day (a deadline, an expiry).
    pub time: String,
    /// An IANA time zone from [`ZONES`]; empty for the state's main zone.
    pub zone: String,
    /// Who decides ("Arlington County Board").
    pub body: String,
    /// Where: an address or a meeting link.
    pub location: String,
    /// The agenda or public notice.
    pub agenda_url: String,
    /// An [`EventOutcome`] code, once held; empty before.
    pub outcome: String,
    /// The source for the outcome (minutes, a news story).
    pub outcome_url: String,
}

impl EventInput {
    fn is_blank(&self) -> bool {
        [&self.kind, &self.date, &self.time, &self.body, &self.location, &self.agenda_url, &self.outcome, &self.outcome_url]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// The form's text of a saved event.
    pub fn from_event(e: &Event) -> EventInput {
        EventInput {
            id: e.id.clone(),
            kind: e.kind.code().into(),
            date: e.date.format("%Y-%m-%d").to_string(),
            time: e.time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
            zone: e.zone.clone().unwrap_or_default(),
            body: e.body.clone().unwrap_or_default(),
            location: e.location.clone().unwrap_or_default(),
            agenda_url: e.agenda_url.clone().unwrap_or_default(),
            outcome: e.outcome.map(|o| o.code().to_string()).unwrap_or_default(),
            outcome_url: e.outcome_url.clone().unwrap_or_default(),
        }
    }
}

/// A validated event, as saved in the snapshot and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Stable across revisions, so merges, history and calendar entries follow the event
    /// when its date moves. Empty until the write path gives a new event one.
    #[serde(default)]
    pub id: String,
    pub kind: EventKind,
    pub date: NaiveDate,
    /// Local time on `date`; none for an event that takes the whole day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<NaiveTime>,
    /// The IANA zone of `time` (the write path fills in the state's main zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<EventOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_url: Option<String>,
}

impl Event {
    /// The location as a link, when it is a web address (else it is an address to show).
    pub fn location_link(&self) -> Option<&str> {
        self.location.as_deref().filter(|l| parse_web_url(l).is_ok())
    }
}

/// The time zones of the United States and its territories, as the form offers them.
pub const ZONES: &[&str] = &[
    "America/New_York",
    "America/Detroit",
    "America/Indiana/Indianapolis",
    "America/Kentucky/Louisville",
    "America/Chicago",
    "America/Indiana/Knox",
    "America/Menominee",
    "America/North_Dakota/Center",
    "America/Denver",
    "America/Boise",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Juneau",
    "America/Adak",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "America/St_Thomas",
    "Pacific/Guam",
    "Pacific/Saipan",
    "Pacific/Pago_Pago",
];

/// The zone most of a state keeps (where a state spans two, the one of its capital).
pub fn state_zone(usps: &str) -> &'static str {
    match usps.to_ascii_uppercase().as_str() {
        "AL" | "AR" | "IL" | "IA" | "KS" | "LA" | "MN" | "MS" | "MO" | "NE" | "ND" | "OK" | "SD" | "TN" | "TX" | "WI" => "America/Chicago",
        "AZ" => "America/Phoenix",
        "CO" | "MT" | "NM" | "UT" | "WY" => "America/Denver",
        "ID" => "America/Boise",
        "CA" | "NV" | "OR" | "WA" => "America/Los_Angeles",
        "AK" => "America/Anchorage",
        "HI" => "Pacific/Honolulu",
        "IN" => "America/Indiana/Indianapolis",
        "MI" => "America/Detroit",
        "KY" => "America/Kentucky/Louisville",
        "PR" => "America/Puerto_Rico",
        "VI" => "America/St_Thomas",
        "GU" => "Pacific/Guam",
        "MP" => "Pacific/Saipan",
        "AS" => "Pacific/Pago_Pago",
        _ => "America/New_York",
    }
}

/// The form's event fields, in the order a row of them is read (`event_kind`, …).
pub const FIELDS: [&str; 10] = [
    "event_id",
    "event_kind",
    "event_date",
    "event_time",
    "event_zone",
    "event_body",
    "event_location",
    "event_agenda_url",
    "event_outcome",
    "event_outcome_url",
];

/// How many events a deal may carry.
pub const MAX_EVENTS: usize = 20;

/// Validates the events of a form, putting each problem next to its field
/// (`event_date_2`); blank rows are skipped.
pub fn parse_events(inputs: &[EventInput], e: &mut FieldErrors) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for (i, ev) in inputs.iter().enumerate() {
        if ev.is_blank() {
            continue;
        }
        let field = |name: &str| format!("event_{name}_{i}");
        let kind = EventKind::from_code(ev.kind.trim());
        if kind.is_none() {
            e.insert(field("kind"), Msg::new("event-kind-missing"));
        }
        let date = match ev.date.trim() {
            "" => {
                e.insert(field("date"), Msg::new("event-date-missing"));
                None
            }
            d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(date) if (1900..=2100).contains(&chrono::Datelike::year(&date)) => Some(date),
                _ => {
                    e.insert(field("date"), Msg::new("event-date-invalid").with("typed", d));
                    None
                }
            },
        };
        let time = match ev.time.trim() {
            "" => None,
            t => match NaiveTime::parse_from_str(t, "%H:%M") {
                Ok(time) => Some(time),
                Err(_) => {
                    e.insert(field("time"), Msg::new("event-time-invalid").with("typed", t));
                    None
                }
            },
        };
        let zone = match ev.zone.trim() {
            "" => None,
            z => match ZONES.iter().find(|known| **known == z) {
                Some(known) => Some(known.to_string()),
                None => {
                    e.insert(field("zone"), Msg::new("event-zone-unknown"));
                    None
                }
            },
        };
        let web = |name: &str, value: &str, e: &mut FieldErrors| {
            opt(value).and_then(|u| parse_web_url(&u).map_err(|m| e.insert(field(name), m)).ok())
        };
        let agenda_url = web("agenda_url", &ev.agenda_url, e);
        let outcome_url = web("outcome_url", &ev.outcome_url, e);
        let outcome = match ev.outcome.trim() {
            "" => None,
            o => {
                let found = EventOutcome::from_code(o);
                if found.is_none() {
                    e.insert(field("outcome"), Msg::new("event-outcome-unknown"));
                }
                found
            }
        };
        if outcome.is_some() && opt(&ev.outcome_url).is_none() {
            e.insert(field("outcome_url"), Msg::new("event-outcome-source-missing"));
        }
        if outcome.is_none() && opt(&ev.outcome_url).is_some() && !e.contains_key(&field("outcome")) {
            e.insert(field("outcome"), Msg::new("event-outcome-missing"));
        }
        for (name, value, max) in [("body", &ev.body, 200), ("location", &ev.location, 300)] {
            if value.chars().count() > max {
                e.insert(field(name), Msg::new("field-too-long").with("max", max));
            }
        }
        if let (Some(kind), Some(date)) = (kind, date) {
            // An id the form repeats, or the one of a deal's own end date, is not this
            // event's: the write path gives it a new one.
            let id = super::deal::source_id(&ev.id);
            let id = if id == super::upcoming::ENDS_ID || out.iter().any(|o| o.id == id) { String::new() } else { id };
            out.push(Event {
                id,
                kind,
                date,
                // A zone means something only with a time.
                zone: time.and(zone),
                time,
                body: opt(&ev.body),
                location: opt(&ev.location),
                agenda_url,
                outcome,
                outcome_url,
            });
        }
    }
    if out.len() > MAX_EVENTS {
        e.insert("events".into(), Msg::new("event-too-many").with("max", MAX_EVENTS));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hearing() -> EventInput {
        EventInput {
            kind: "hearing".into(),
            date: "2027-03-14".into(),
            time: "18:30".into(),
            body: "Arlington County Board".into(),
            location: "2100 Clarendon Blvd, Arlington, VA".into(),
            agenda_url: "https://example.org/agenda".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_event_is_kept_and_blank_rows_skipped() {
        let mut e = FieldErrors::new();
        let got = parse_events(&[EventInput::default(), hearing()], &mut e);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, EventKind::Hearing);
        assert_eq!(got[0].time, NaiveTime::from_hms_opt(18, 30, 0));
        assert_eq!(got[0].zone, None, "the write path fills in the state's zone");
        assert_eq!(EventInput::from_event(&got[0]).time, "18:30");
    }

    #[test]
    fn each_problem_is_named_at_its_field() {
        let bad = EventInput {
            kind: "party".into(),
            date: "14/3/2027".into(),
            time: "6pm".into(),
            zone: "Mars/Olympus".into(),
            agenda_url: "javascript:alert(1)".into(),
            outcome: "approved".into(),
            ..Default::default()
        };
        let mut e = FieldErrors::new();
        assert!(parse_events(&[hearing(), bad], &mut e).len() == 1);
        for f in ["kind", "date", "time", "zone", "agenda_url", "outcome_url"] {
            assert!(e.contains_key(&format!("event_{f}_1")), "{f}: {e:?}");
        }
        let mut e = FieldErrors::new();
        parse_events(&[EventInput { date: String::new(), ..hearing() }], &mut e);
        assert!(e.contains_key("event_date_0"));
    }

    #[test]
    fn a_zone_is_kept_only_with_a_time() {
        let mut e = FieldErrors::new();
        let got = parse_events(&[EventInput { time: String::new(), zone: "America/Chicago".into(), ..hearing() }], &mut e);
        assert!(e.is_empty());
        assert_eq!(got[0].zone, None);
        let got = parse_events(&[EventInput { zone: "America/Chicago".into(), ..hearing() }], &mut e);
        assert_eq!(got[0].zone.as_deref(), Some("America/Chicago"));
    }

    #[test]
    fn a_repeated_or_reserved_id_is_dropped() {
        let mut e = FieldErrors::new();
        let got = parse_events(
            &[
                EventInput { id: "a1".into(), ..hearing() },
                EventInput { id: "a1".into(), ..hearing() },
                EventInput { id: "ends".into(), ..hearing() },
            ],
            &mut e,
        );
        let ids: Vec<&str> = got.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["a1", "", ""]);
    }

    #[test]
    fn every_state_has_a_zone_the_form_offers() {
        for st in ["VA", "TX", "AZ", "IN", "HI", "AK", "PR", "GU", "ID", "xx"] {
            assert!(ZONES.contains(&state_zone(st)), "{st}");
        }
    }
}
