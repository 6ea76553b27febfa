//! What is coming up: the upcoming list's filter (in the URL like `/deals`'s) and its rows.

use super::event::Event;
use super::kinds::EventKind;
use super::msg::{FieldErrors, Msg};
use super::urls::PlacePath;
use serde::{Deserialize, Serialize};

/// The id of the row that stands for a deal's own end date (events' ids are never this:
/// they are eight hex digits, or `s1`-like ids of imports).
pub const ENDS_ID: &str = "ends";

/// How far ahead a list looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum UpcomingWindow {
    /// What a place page opens with: decisions in the next 90 days, renewal and expiry dates
    /// in the next 12 months.
    #[default]
    ComingUp,
    Week,
    Month,
    Quarter,
    Year,
    /// No end (calendars).
    All,
}

impl UpcomingWindow {
    /// The windows the list's form offers, with their codes.
    pub const OFFERED: [UpcomingWindow; 5] =
        [UpcomingWindow::ComingUp, UpcomingWindow::Week, UpcomingWindow::Month, UpcomingWindow::Quarter, UpcomingWindow::Year];

    pub fn code(self) -> &'static str {
        match self {
            UpcomingWindow::ComingUp => "",
            UpcomingWindow::Week => "7",
            UpcomingWindow::Month => "30",
            UpcomingWindow::Quarter => "90",
            UpcomingWindow::Year => "365",
            UpcomingWindow::All => "all",
        }
    }

    /// Days from today the window ends (every kind), or none for no end.
    pub fn days(self) -> Option<i64> {
        match self {
            UpcomingWindow::ComingUp | UpcomingWindow::Year => Some(365),
            UpcomingWindow::Week => Some(7),
            UpcomingWindow::Month => Some(30),
            UpcomingWindow::Quarter => Some(90),
            UpcomingWindow::All => None,
        }
    }

    /// Days from today a decision must be within, when less than [`Self::days`].
    pub fn decision_days(self) -> Option<i64> {
        (self == UpcomingWindow::ComingUp).then_some(90)
    }

    /// The catalogue id of its name in the form.
    pub fn label_id(self) -> &'static str {
        match self {
            UpcomingWindow::ComingUp => "upcoming-window-coming-up",
            UpcomingWindow::Week => "upcoming-window-week",
            UpcomingWindow::Month => "upcoming-window-month",
            UpcomingWindow::Quarter => "upcoming-window-quarter",
            UpcomingWindow::Year => "upcoming-window-year",
            UpcomingWindow::All => "upcoming-window-year",
        }
    }
}

/// A validated `/upcoming` view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpcomingFilter {
    /// Two-letter state code (upper case).
    pub state: Option<String>,
    /// A government as "usps/slug"; a county includes the governments in it.
    pub place: Option<String>,
    pub kind: Option<EventKind>,
    pub window: UpcomingWindow,
    /// Where the previous page ended (opaque to people).
    pub after: Option<String>,
}

impl UpcomingFilter {
    /// Reads the query's pairs; unknown names are ignored, bad values named.
    pub fn parse(pairs: &[(String, String)]) -> Result<UpcomingFilter, FieldErrors> {
        let mut f = UpcomingFilter::default();
        let mut e = FieldErrors::new();
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k.as_str() {
                "state" if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) => f.state = Some(v.to_ascii_uppercase()),
                "state" => {
                    e.insert("state".into(), Msg::new("filter-state-invalid"));
                }
                "place" if v.len() <= 220 && v.contains('/') && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/') => {
                    f.place = Some(v.to_ascii_lowercase())
                }
                "place" => {
                    e.insert("place".into(), Msg::new("filter-place-invalid"));
                }
                "kind" => match EventKind::from_code(v) {
                    Some(k) => f.kind = Some(k),
                    None => {
                        e.insert("kind".into(), Msg::new("upcoming-kind-invalid"));
                    }
                },
                "window" => match UpcomingWindow::OFFERED.iter().find(|w| w.code() == v) {
                    Some(w) => f.window = *w,
                    None => {
                        e.insert("window".into(), Msg::new("upcoming-window-invalid"));
                    }
                },
                "after" if v.len() <= 60 => f.after = Some(v.to_string()),
                _ => {}
            }
        }
        if e.is_empty() {
            Ok(f)
        } else {
            Err(e)
        }
    }

    /// The query string of the view ("" when it is the default), with its cursor if asked.
    pub fn to_query(&self, with_cursor: bool) -> String {
        let mut s = form_urlencoded_pairs(&[
            ("state", self.state.as_deref().map(str::to_ascii_lowercase)),
            ("place", self.place.clone()),
            ("kind", self.kind.map(|k| k.code().to_string())),
            ("window", Some(self.window.code().to_string()).filter(|w| !w.is_empty())),
            ("after", self.after.clone().filter(|_| with_cursor)),
        ]);
        if !s.is_empty() {
            s.insert(0, '?');
        }
        s
    }
}

/// `name=value&…` of the pairs that have a value, each value escaped.
fn form_urlencoded_pairs(pairs: &[(&str, Option<String>)]) -> String {
    pairs.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", escape(v)))).collect::<Vec<_>>().join("&")
}

fn escape(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An event in a list, with its deal and government.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpcomingRow {
    pub deal_id: i64,
    pub deal_title: String,
    /// When the deal last changed (calendars' LAST-MODIFIED).
    pub deal_updated: String,
    /// The deal's shown revision number (calendars' SEQUENCE: a moved date is a new one).
    pub revision: i64,
    pub place: PlacePath,
    pub place_name: String,
    pub place_state: String,
    pub place_kind: String,
    /// How precisely the day is known: "day", or "month" / "year" for a deal's partial end.
    pub precision: String,
    pub event: Event,
}

impl UpcomingRow {
    /// The government as lists name it: "Oakland, CA", or a state's name alone.
    pub fn place_label(&self) -> String {
        if self.place_kind == "state" {
            self.place_name.clone()
        } else {
            format!("{}, {}", self.place_name, self.place_state)
        }
    }
}

/// A page of a list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Upcoming {
    pub rows: Vec<UpcomingRow>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_view_reads_back_from_its_query() {
        let f = UpcomingFilter::parse(&pairs(&[("state", "va"), ("kind", "vote"), ("window", "30"), ("utm", "x")])).unwrap();
        assert_eq!(f.to_query(false), "?state=va&kind=vote&window=30");
        let again: Vec<(String, String)> =
            f.to_query(false)[1..].split('&').map(|p| p.split_once('=').unwrap()).map(|(k, v)| (k.into(), v.into())).collect();
        assert_eq!(UpcomingFilter::parse(&again).unwrap(), f);
        assert_eq!(UpcomingFilter::default().to_query(true), "");
    }

    #[test]
    fn bad_values_are_named() {
        let e = UpcomingFilter::parse(&pairs(&[("state", "Virginia"), ("kind", "party"), ("window", "9"), ("place", "<x>")])).unwrap_err();
        for k in ["state", "kind", "window", "place"] {
            assert!(e.contains_key(k), "{k}: {e:?}");
        }
    }
}
