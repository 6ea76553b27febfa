//! The browse filters, carried entirely in the query string so every view is a link.

use super::{
    dates::PartialDate,
    kinds::*,
    money::parse_money,
    msg::{FieldErrors, Msg},
};
use serde::{Deserialize, Serialize};

/// How a list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Most recently recorded first.
    #[default]
    Newest,
    /// Largest disclosed amount first; undisclosed last.
    Amount,
    /// Latest approval date first; undated last.
    Approved,
    /// Best text match first (only with a text query).
    Relevance,
}

impl Sort {
    pub fn code(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Amount => "amount",
            Sort::Approved => "approved",
            Sort::Relevance => "relevance",
        }
    }
}

/// A validated browse view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DealFilter {
    /// Full-text query.
    pub q: Option<String>,
    /// Two-letter state code (upper case).
    pub state: Option<String>,
    /// A jurisdiction as "usps/slug"; a county includes the places in it.
    pub place: Option<String>,
    pub kinds: Vec<DealKind>,
    pub statuses: Vec<DealStatus>,
    /// An entity id; a parent includes its subsidiaries.
    pub entity: Option<i64>,
    /// Disclosed amount range, in cents.
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// Date range over the deal's best-known date (approved, else announced, else start).
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
    /// Only disclosed (true) or only undisclosed (false) amounts.
    pub disclosed: Option<bool>,
    pub sort: Sort,
    /// Where the previous page ended (opaque to people).
    pub after: Option<String>,
}

/// The longest text query accepted.
pub const MAX_QUERY: usize = 200;

impl DealFilter {
    /// The order when none is asked for: a search's best matches first, else the newest.
    pub fn default_sort(&self) -> Sort {
        if self.q.is_some() {
            Sort::Relevance
        } else {
            Sort::Newest
        }
    }

    /// The query parameters a filter reads.
    pub const NAMES: &'static [&'static str] =
        &["q", "state", "place", "kind", "status", "entity", "min", "max", "from", "to", "disclosed", "sort", "after"];

    /// Reads the query string's pairs. Unknown names are ignored; bad values are errors by
    /// field, so the filter form can say what to fix.
    pub fn parse(pairs: &[(String, String)]) -> Result<Self, FieldErrors> {
        let (f, e) = Self::read(pairs);
        if e.is_empty() {
            Ok(f)
        } else {
            Err(e)
        }
    }

    /// The filter as far as its values read, with the errors of those that don't: the form
    /// shown again keeps what was typed in the search box and every good value.
    pub fn read(pairs: &[(String, String)]) -> (Self, FieldErrors) {
        let mut f = DealFilter::default();
        let mut e = FieldErrors::new();
        let mut sorted = false;
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k.as_str() {
                "q" => {
                    if v.chars().count() > MAX_QUERY {
                        e.insert("q".into(), Msg::new("filter-query-too-long").with("max", MAX_QUERY));
                    }
                    f.q = Some(v.to_string());
                }
                "state" => {
                    if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) {
                        f.state = Some(v.to_ascii_uppercase());
                    } else {
                        e.insert("state".into(), Msg::new("filter-state-invalid"));
                    }
                }
                "place" => {
                    if v.len() <= 220 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/') {
                        f.place = Some(v.to_ascii_lowercase());
                    } else {
                        e.insert("place".into(), Msg::new("filter-place-invalid"));
                    }
                }
                "kind" => match DealKind::from_code(v) {
                    Some(x) if !f.kinds.contains(&x) => f.kinds.push(x),
                    Some(_) => {}
                    None => {
                        e.insert("kind".into(), Msg::new("filter-kind-invalid").with("value", v));
                    }
                },
                "status" => match DealStatus::from_code(v) {
                    Some(x) if !f.statuses.contains(&x) => f.statuses.push(x),
                    Some(_) => {}
                    None => {
                        e.insert("status".into(), Msg::new("filter-status-invalid").with("value", v));
                    }
                },
                "entity" => match v.parse::<i64>() {
                    Ok(n) if n > 0 => f.entity = Some(n),
                    _ => {
                        e.insert("entity".into(), Msg::new("filter-company-invalid"));
                    }
                },
                "min" | "max" => match parse_money(v) {
                    Ok(c) => {
                        if k == "min" {
                            f.min = Some(c)
                        } else {
                            f.max = Some(c)
                        }
                    }
                    Err(m) => {
                        e.insert(k.clone(), m);
                    }
                },
                "from" | "to" => match PartialDate::parse(v) {
                    Ok(d) => {
                        if k == "from" {
                            f.from = Some(d)
                        } else {
                            f.to = Some(d)
                        }
                    }
                    Err(m) => {
                        e.insert(k.clone(), m);
                    }
                },
                "disclosed" => match v {
                    "yes" => f.disclosed = Some(true),
                    "no" => f.disclosed = Some(false),
                    _ => {
                        e.insert("disclosed".into(), Msg::new("filter-disclosed-invalid"));
                    }
                },
                "sort" => {
                    sorted = true;
                    f.sort = match v {
                        "newest" => Sort::Newest,
                        "amount" => Sort::Amount,
                        "approved" => Sort::Approved,
                        "relevance" => Sort::Relevance,
                        _ => {
                            e.insert("sort".into(), Msg::new("filter-sort-invalid"));
                            Sort::Newest
                        }
                    }
                }
                "after" if v.len() <= 100 => f.after = Some(v.to_string()),
                _ => {}
            }
        }
        if let (Some(a), Some(b)) = (f.min, f.max) {
            if a > b {
                e.insert("max".into(), Msg::new("filter-max-below-min"));
            }
        }
        if let (Some(a), Some(b)) = (f.from, f.to) {
            if b.to_iso() < a.to_iso() && !a.to_iso().starts_with(&b.to_iso()) {
                e.insert("to".into(), Msg::new("filter-to-before-from"));
            }
        }
        if !sorted || (f.sort == Sort::Relevance && f.q.is_none()) {
            f.sort = f.default_sort();
        }
        (f, e)
    }

    /// The view in plain words, for a feed's title: "Tax abatement or Cloud services
    /// contract; in Virginia; matching “ring”". `place` and `company` are the names of the
    /// place and company filters, which the filter holds only as ids. Empty without filters.
    /// In the page's language (English outside a page).
    pub fn describe(&self, place: Option<&str>, company: Option<&str>) -> String {
        self.describe_in(crate::i18n::lang(), place, company)
    }

    /// [`describe`](Self::describe) in `lang` (catalogue ids `filter-describe-…`,
    /// `app/locales/*/data.ftl`), for handlers that aren't page renders (feeds).
    pub fn describe_in(&self, lang: crate::i18n::Lang, place: Option<&str>, company: Option<&str>) -> String {
        use crate::i18n::{t, text};
        let say = |id: &str, args: &[(&str, String)]| {
            let msg = args.iter().fold(Msg::new(id), |m, (name, value)| m.with(name, value.as_str()));
            text(lang, &msg)
        };
        let or = format!(" {} ", t(lang, "filter-describe-or"));
        let mut parts: Vec<String> = Vec::new();
        if !self.kinds.is_empty() {
            parts.push(self.kinds.iter().map(|k| k.label_in(lang)).collect::<Vec<_>>().join(or.as_str()));
        }
        if !self.statuses.is_empty() {
            let statuses = self.statuses.iter().map(|s| s.label_in(lang).to_lowercase()).collect::<Vec<_>>().join(or.as_str());
            parts.push(say("filter-describe-status", &[("statuses", statuses)]));
        }
        match (place, &self.state) {
            (Some(p), _) => parts.push(say("filter-describe-in", &[("place", p.to_string())])),
            (None, Some(st)) => parts.push(say("filter-describe-in", &[("place", st.clone())])),
            _ => {}
        }
        if let Some(c) = company {
            parts.push(say("filter-describe-with", &[("company", c.to_string())]));
        }
        if let Some(q) = &self.q {
            parts.push(say("filter-describe-matching", &[("query", q.clone())]));
        }
        let dollars = super::format_dollars;
        match (self.min, self.max) {
            (Some(a), Some(b)) => parts.push(say("filter-describe-amount-between", &[("min", dollars(a)), ("max", dollars(b))])),
            (Some(a), None) => parts.push(say("filter-describe-amount-at-least", &[("min", dollars(a))])),
            (None, Some(b)) => parts.push(say("filter-describe-amount-up-to", &[("max", dollars(b))])),
            _ => {}
        }
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => parts.push(say("filter-describe-dated", &[("date", a.text(lang))])),
            (Some(a), Some(b)) => parts.push(say("filter-describe-dated-between", &[("from", a.text(lang)), ("to", b.text(lang))])),
            (Some(a), None) => parts.push(say("filter-describe-dated-from", &[("from", a.text(lang))])),
            (None, Some(b)) => parts.push(say("filter-describe-dated-to", &[("to", b.text(lang))])),
            _ => {}
        }
        match self.disclosed {
            Some(true) => parts.push(t(lang, "filter-describe-disclosed")),
            Some(false) => parts.push(t(lang, "filter-describe-not-disclosed")),
            None => {}
        }
        parts.join("; ")
    }

    /// The query string for this view (without the page cursor unless `with_cursor`).
    pub fn to_query(&self, with_cursor: bool) -> String {
        let mut s = form_pairs(self, with_cursor);
        if s.is_empty() {
            return String::new();
        }
        s.insert(0, '?');
        s
    }

    /// The same view with one facet value switched on or off.
    pub fn toggled(&self, name: &str, value: &str) -> DealFilter {
        let mut f = self.clone();
        f.after = None;
        match name {
            "kind" => {
                if let Some(k) = DealKind::from_code(value) {
                    if f.kinds.contains(&k) {
                        f.kinds.retain(|x| *x != k)
                    } else {
                        f.kinds.push(k)
                    }
                }
            }
            "status" => {
                if let Some(k) = DealStatus::from_code(value) {
                    if f.statuses.contains(&k) {
                        f.statuses.retain(|x| *x != k)
                    } else {
                        f.statuses.push(k)
                    }
                }
            }
            "state" => f.state = if f.state.as_deref() == Some(value) { None } else { Some(value.to_string()) },
            "entity" => {
                let id = value.parse().ok();
                f.entity = if f.entity == id { None } else { id }
            }
            "year" => {
                let d = PartialDate::parse(value).ok();
                if f.from == d && f.to == d {
                    f.from = None;
                    f.to = None;
                } else {
                    f.from = d;
                    f.to = d;
                }
            }
            _ => {}
        }
        f
    }
}

fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn form_pairs(f: &DealFilter, with_cursor: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut push = |k: &str, v: &str| parts.push(format!("{k}={}", enc(v)));
    if let Some(q) = &f.q {
        push("q", q);
    }
    if let Some(s) = &f.state {
        push("state", &s.to_ascii_lowercase());
    }
    if let Some(p) = &f.place {
        push("place", p);
    }
    for k in &f.kinds {
        push("kind", k.code());
    }
    for s in &f.statuses {
        push("status", s.code());
    }
    if let Some(e) = f.entity {
        push("entity", &e.to_string());
    }
    if let Some(m) = f.min {
        push("min", &super::money::format_for_input(m));
    }
    if let Some(m) = f.max {
        push("max", &super::money::format_for_input(m));
    }
    if let Some(d) = f.from {
        push("from", &d.to_iso());
    }
    if let Some(d) = f.to {
        push("to", &d.to_iso());
    }
    if let Some(d) = f.disclosed {
        push("disclosed", if d { "yes" } else { "no" });
    }
    if f.sort != f.default_sort() {
        push("sort", f.sort.code());
    }
    if with_cursor {
        if let Some(a) = &f.after {
            push("after", a);
        }
    }
    parts.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(s: &[(&str, &str)]) -> Vec<(String, String)> {
        s.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn round_trips_through_the_query_string() {
        let f = DealFilter::parse(&pairs(&[
            ("state", "va"),
            ("kind", "tax_abatement"),
            ("kind", "cash_grant"),
            ("min", "$1 million"),
            ("from", "2019"),
            ("q", "data center"),
        ]))
        .unwrap();
        assert_eq!(f.state.as_deref(), Some("VA"));
        assert_eq!(f.kinds.len(), 2);
        assert_eq!(f.min, Some(100_000_000));
        let q = f.to_query(false);
        assert_eq!(q, "?q=data+center&state=va&kind=tax_abatement&kind=cash_grant&min=1000000&from=2019");
        let back: Vec<(String, String)> = q[1..]
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), v.replace('+', " "))
            })
            .collect();
        assert_eq!(DealFilter::parse(&back).unwrap(), f);
    }

    #[test]
    fn a_search_lists_best_matches_first_unless_asked_otherwise() {
        let parse = |s: &[(&str, &str)]| DealFilter::parse(&pairs(s)).unwrap();
        let f = parse(&[("q", "ring")]);
        assert_eq!(f.sort, Sort::Relevance);
        assert_eq!(f.to_query(false), "?q=ring", "the default is left out of the link");
        let f = parse(&[("q", "ring"), ("sort", "newest")]);
        assert_eq!(f.sort, Sort::Newest);
        assert_eq!(f.to_query(false), "?q=ring&sort=newest", "and an asked-for order kept");
        assert_eq!(parse(&[("sort", "relevance")]).sort, Sort::Newest, "no search, no relevance");
        assert_eq!(parse(&[]).to_query(false), "");
    }

    #[test]
    fn bad_values_are_errors_by_field() {
        let e = DealFilter::parse(&pairs(&[
            ("state", "Virginia"),
            ("kind", "bribe"),
            ("min", "lots"),
            ("from", "2023-13"),
            ("disclosed", "maybe"),
        ]))
        .unwrap_err();
        for k in ["state", "kind", "min", "from", "disclosed"] {
            assert!(e.contains_key(k), "{k}: {e:?}");
        }
        let e = DealFilter::parse(&pairs(&[("min", "10"), ("max", "5")])).unwrap_err();
        assert!(e.contains_key("max"));
        // Read for the form shown again: the good values and the text stay.
        let long = "x".repeat(MAX_QUERY + 1);
        let (f, e) = DealFilter::read(&pairs(&[("q", long.as_str()), ("kind", "tif"), ("state", "Virginia")]));
        assert_eq!((f.q.as_deref(), f.kinds, f.state), (Some(long.as_str()), vec![DealKind::Tif], None));
        assert!(e.contains_key("q") && e.contains_key("state"));
    }

    #[test]
    fn toggling_a_facet_adds_and_removes_it() {
        let f = DealFilter::default().toggled("kind", "tif");
        assert_eq!(f.kinds, vec![DealKind::Tif]);
        assert!(f.toggled("kind", "tif").kinds.is_empty());
    }

    #[test]
    fn a_view_reads_in_plain_words() {
        let f = DealFilter::parse(&pairs(&[("state", "va"), ("kind", "tax_abatement"), ("q", "ring"), ("min", "1000000")])).unwrap();
        assert_eq!(f.describe(Some("Virginia"), None), "Tax abatement; in Virginia; matching \u{201c}ring\u{201d}; $1,000,000 or more");
        assert_eq!(DealFilter::default().describe(None, None), "");
    }
}
