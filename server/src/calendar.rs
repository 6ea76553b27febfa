//! Calendars of what is coming up (RFC 5545): `/upcoming.ics` (with the list's filters),
//! `/places/{usps}/upcoming.ics` and `/places/{usps}/{slug}/upcoming.ics`, so people
//! subscribe in their phone's calendar.
//!
//! Each event's UID is its deal's and its own stable id, so a moved date updates the entry in
//! place (its SEQUENCE is the deal's revision); a timed event names its zone, described by a
//! VTIMEZONE block built from the IANA rules (chrono-tz) for the years the calendar spans.
//! Written by hand rather than with a crate: the format is a few properties of text lines,
//! and the one part a crate would add, VTIMEZONE from IANA rules, none of them builds.

use app::i18n::{t, text, Lang};
use app::model::msg::Msg;
use app::model::upcoming::{UpcomingFilter, UpcomingRow, UpcomingWindow};
use app::repo::events::{self, Scope};
use app::web::AppState;
use axum::{
    extract::{Path, State},
    http::{header, StatusCode, Uri},
    response::{IntoResponse, Response},
};
use chrono::{Datelike, NaiveDate, Offset, TimeZone};

/// How many events a calendar holds at most, soonest first.
const MOST: i64 = 1_000;
/// How many days back a calendar starts, so a subscriber still sees what was just decided.
const DAYS_BACK: i64 = 30;

/// GET /upcoming.ics, with `/upcoming`'s state, place and kind filters.
pub async fn site(State(state): State<AppState>, lang: Lang, uri: Uri) -> Response {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()).into_owned().collect();
    let Ok(filter) = UpcomingFilter::parse(&pairs) else {
        return (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], t(lang, "calendar-bad-filter"))
            .into_response();
    };
    calendar(state, filter, lang).await
}

/// GET /places/{usps}/upcoming.ics
pub async fn state(State(state): State<AppState>, Path(usps): Path<String>, lang: Lang) -> Response {
    let filter = UpcomingFilter { state: Some(usps.to_ascii_uppercase()), ..Default::default() };
    calendar(state, filter, lang).await
}

/// GET /places/{usps}/{slug}/upcoming.ics
pub async fn place(State(state): State<AppState>, Path((usps, slug)): Path<(String, String)>, lang: Lang) -> Response {
    let filter = UpcomingFilter { place: Some(format!("{}/{slug}", usps.to_ascii_lowercase())), ..Default::default() };
    calendar(state, filter, lang).await
}

async fn calendar(state: AppState, filter: UpcomingFilter, lang: Lang) -> Response {
    let not_found =
        || (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], t(lang, "calendar-not-found")).into_response();
    let failed = |e: sqlx::Error| {
        tracing::error!(error = %e, "calendar");
        (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], t(lang, "calendar-failed"))
            .into_response()
    };
    let Ok(mut conn) = state.pool.acquire().await else { return failed(sqlx::Error::PoolTimedOut) };
    let (scope, mut name) = match events::scope_of(&mut conn, &filter).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => return failed(e),
    };
    if let Scope::State(usps) = &scope {
        match app::repo::jurisdictions::state(&mut conn, usps).await {
            Ok(Some(s)) => name = Some(s.display_name),
            Ok(None) => return not_found(),
            Err(e) => return failed(e),
        }
    }
    let from = (chrono::Utc::now().date_naive() - chrono::Duration::days(DAYS_BACK)).format("%Y-%m-%d").to_string();
    let wanted = UpcomingFilter { window: UpcomingWindow::All, after: None, ..filter };
    let list = match events::upcoming(&mut conn, &scope, &wanted, &from, MOST).await {
        Ok(l) => l,
        Err(e) => return failed(e),
    };
    let title = text(lang, &Msg::new("calendar-name").with("place", name.unwrap_or_else(|| t(lang, "calendar-everywhere"))));
    let body = ics(&title, &list.rows, &state.config.public_url, lang, chrono::Utc::now());
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            // Calendar apps poll; a subscriber sees a change within the hour.
            (header::CACHE_CONTROL, "public, max-age=900"),
        ],
        body,
    )
        .into_response()
}

/// The calendar: its events and a VTIMEZONE for each zone they use.
pub fn ics(title: &str, rows: &[UpcomingRow], site: &str, lang: Lang, now: chrono::DateTime<chrono::Utc>) -> String {
    let host =
        url::Url::parse(site).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "amazon-contract-tracker".into());
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = Vec::new();
    out.push("BEGIN:VCALENDAR".to_string());
    out.push("VERSION:2.0".into());
    out.push("PRODID:-//Amazon Contract Tracker//Upcoming decisions//EN".into());
    out.push("CALSCALE:GREGORIAN".into());
    out.push("METHOD:PUBLISH".into());
    out.push(format!("X-WR-CALNAME:{}", escape(title)));
    out.push("REFRESH-INTERVAL;VALUE=DURATION:PT6H".into());
    let mut zones: Vec<&str> = rows.iter().filter(|r| r.event.time.is_some()).filter_map(|r| r.event.zone.as_deref()).collect();
    zones.sort_unstable();
    zones.dedup();
    let years = rows.iter().map(|r| r.event.date.year());
    let (first, last) = (years.clone().min().unwrap_or(now.year()), years.max().unwrap_or(now.year()));
    for zone in zones {
        if let Some(block) = vtimezone(zone, first, last) {
            out.extend(block);
        }
    }
    for r in rows {
        let e = &r.event;
        let deal_url = format!("{site}{}", lang.href(&format!("/deals/{}", r.deal_id)));
        out.push("BEGIN:VEVENT".into());
        out.push(format!("UID:deal-{}-{}@{host}", r.deal_id, e.id));
        out.push(format!("DTSTAMP:{stamp}"));
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&crate::feed::rfc3339(&r.deal_updated)) {
            out.push(format!("LAST-MODIFIED:{}", at.with_timezone(&chrono::Utc).format("%Y%m%dT%H%M%SZ")));
        }
        out.push(format!("SEQUENCE:{}", r.revision.max(0)));
        match (e.time, e.zone.as_deref().filter(|z| z.parse::<chrono_tz::Tz>().is_ok())) {
            (Some(time), Some(zone)) => {
                out.push(format!("DTSTART;TZID={zone}:{}{}", e.date.format("%Y%m%d"), time.format("T%H%M%S")));
                out.push("DURATION:PT1H".into());
            }
            (Some(time), None) => out.push(format!("DTSTART:{}{}", e.date.format("%Y%m%d"), time.format("T%H%M%S"))),
            (None, _) => {
                out.push(format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")));
                let next = e.date.succ_opt().unwrap_or(e.date);
                out.push(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
            }
        }
        let what = if e.id == events::ENDS { t(lang, "upcoming-contract-ends") } else { e.kind.label_in(lang) };
        out.push(format!("SUMMARY:{}", escape(&format!("{what}: {} ({})", r.deal_title, r.place_label()))));
        if let Some(l) = &e.location {
            out.push(format!("LOCATION:{}", escape(l)));
        }
        let mut description = Vec::new();
        if let Some(b) = &e.body {
            description.push(format!("{}: {b}", t(lang, "upcoming-who-decides")));
        }
        if let Some(a) = &e.agenda_url {
            description.push(format!("{}: {a}", t(lang, "upcoming-agenda")));
        }
        if let Some(o) = e.outcome {
            description.push(format!("{}: {}", t(lang, "upcoming-outcome"), o.label_in(lang)));
        }
        description.push(format!("{}: {deal_url}", t(lang, "calendar-deal")));
        out.push(format!("DESCRIPTION:{}", escape(&description.join("\n"))));
        out.push(format!("URL:{deal_url}"));
        out.push("END:VEVENT".into());
    }
    out.push("END:VCALENDAR".into());
    let mut s = String::new();
    for line in out {
        fold(&mut s, &line);
    }
    s
}

/// Text escaped for a property value (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace(['\n', '\r'], "\\n")
}

/// Appends a content line folded at 75 octets (never inside a character), ending in CRLF.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// A VTIMEZONE for `zone` covering the years `first` to `last`: each change of offset from
/// the one before `first` to the end of `last`, as found in the IANA rules. None for a zone
/// the rules don't know.
pub fn vtimezone(zone: &str, first: i32, last: i32) -> Option<Vec<String>> {
    let tz: chrono_tz::Tz = zone.parse().ok()?;
    let offset_at = |at: chrono::NaiveDateTime| {
        use chrono_tz::OffsetComponents;
        let o = tz.offset_from_utc_datetime(&at);
        (o.fix().local_minus_utc(), !o.dst_offset().is_zero())
    };
    let start = NaiveDate::from_ymd_opt(first - 1, 1, 1)?.and_hms_opt(0, 0, 0)?;
    let end = NaiveDate::from_ymd_opt(last + 1, 1, 1)?.and_hms_opt(0, 0, 0)?;
    let mut changes = Vec::new();
    let mut at = start;
    let mut current = offset_at(at);
    let initial = current;
    while at < end {
        let next = at + chrono::Duration::days(1);
        let then = offset_at(next);
        if then != current {
            // The first minute of the day at the new offset (changes fall on whole minutes).
            let (mut lo, mut hi) = (0i64, 24 * 60);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if offset_at(at + chrono::Duration::minutes(mid)) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let hi = at + chrono::Duration::minutes(hi);
            changes.push((hi, current.0, then));
            current = then;
        }
        at = next;
    }
    let mut out = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{zone}")];
    let offset = |secs: i32| {
        let sign = if secs < 0 { '-' } else { '+' };
        let secs = secs.abs();
        format!("{sign}{:02}{:02}", secs / 3600, (secs % 3600) / 60)
    };
    if changes.is_empty() {
        out.push(if initial.1 { "BEGIN:DAYLIGHT" } else { "BEGIN:STANDARD" }.into());
        out.push("DTSTART:19700101T000000".into());
        out.push(format!("TZOFFSETFROM:{}", offset(initial.0)));
        out.push(format!("TZOFFSETTO:{}", offset(initial.0)));
        out.push(if initial.1 { "END:DAYLIGHT" } else { "END:STANDARD" }.into());
    }
    for (utc, from, (to, dst)) in changes {
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        // An observance starts at the local time just before it, in the offset it leaves.
        let local = utc + chrono::Duration::seconds(i64::from(from));
        out.push(format!("BEGIN:{kind}"));
        out.push(format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")));
        out.push(format!("TZOFFSETFROM:{}", offset(from)));
        out.push(format!("TZOFFSETTO:{}", offset(to)));
        out.push(format!("END:{kind}"));
    }
    out.push("END:VTIMEZONE".into());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_york_changes_twice_a_year_at_two_in_the_morning() {
        let block = vtimezone("America/New_York", 2027, 2027).expect("known zone");
        let text = block.join("\n");
        // 2027: DST from March 14 at 2:00 (EST), back on November 7 at 2:00 (EDT).
        assert!(text.contains("BEGIN:DAYLIGHT\nDTSTART:20270314T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400"), "{text}");
        assert!(text.contains("BEGIN:STANDARD\nDTSTART:20271107T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500"), "{text}");
    }

    #[test]
    fn a_zone_without_changes_has_one_observance() {
        let text = vtimezone("America/Phoenix", 2027, 2028).unwrap().join("\n");
        assert!(text.contains("DTSTART:19700101T000000\nTZOFFSETFROM:-0700\nTZOFFSETTO:-0700"), "{text}");
        assert!(vtimezone("Mars/Olympus", 2027, 2027).is_none());
    }

    #[test]
    fn long_lines_fold_without_splitting_characters() {
        let mut s = String::new();
        fold(&mut s, &format!("SUMMARY:{}", "é".repeat(60)));
        for line in s.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = s.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(60)));
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
