//! Following a view by email: the address, how often, and what is followed (a feed's view:
//! a place or the country, and a /deals filter).

use super::msg::Msg;
use serde::{Deserialize, Serialize};

/// How often a follow's mail comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frequency {
    /// A message soon after each change is published.
    Instant,
    /// One message a day at the send hour, when anything changed.
    Daily,
    /// One message a week (Mondays) at the send hour, when anything changed.
    Weekly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Instant, Frequency::Daily, Frequency::Weekly];

    pub fn code(self) -> &'static str {
        match self {
            Frequency::Instant => "instant",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
        }
    }

    pub fn parse(s: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.code() == s)
    }

    /// Its name in the catalogues ("follow-frequency-daily").
    pub fn msg_id(self) -> &'static str {
        match self {
            Frequency::Instant => "follow-frequency-instant",
            Frequency::Daily => "follow-frequency-daily",
            Frequency::Weekly => "follow-frequency-weekly",
        }
    }
}

/// The form's field names.
pub const FIELDS: [&str; 2] = ["email", "frequency"];

/// The longest address SMTP carries (RFC 5321's path limit less the brackets).
pub const MAX_EMAIL: usize = 254;

/// An email address as typed, checked for the shape mail needs and lower-cased (the same
/// person typing it twice gets one follow). Deliverability is the confirmation mail's test.
pub fn parse_email(s: &str) -> Result<String, Msg> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Msg::new("follow-email-missing"));
    }
    if s.len() > MAX_EMAIL {
        return Err(Msg::new("follow-email-too-long"));
    }
    let Some((local, domain)) = s.rsplit_once('@') else { return Err(Msg::new("follow-email-invalid")) };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    if !local_ok || !domain_ok {
        return Err(Msg::new("follow-email-invalid"));
    }
    Ok(s.to_ascii_lowercase())
}

/// One follow of an address, as its manage page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowRow {
    pub id: i64,
    /// What is followed ("Arlington County, VA", "Subsidies in Virginia").
    pub label: String,
    /// Its page on the site ("/places/va/arlington-county", "/deals?kind=subsidy").
    pub page: String,
    pub frequency: Frequency,
    pub confirmed: bool,
}

/// What a mailed link's page shows: whose follows, and the one the link is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenView {
    /// The address, shown to the person who opened the link mailed to it.
    pub email: String,
    /// The follow the link was mailed for; None once it was stopped.
    pub follow: Option<FollowRow>,
    /// Every follow of the address (the manage page's list).
    pub all: Vec<FollowRow>,
}

/// The page a followed view lives at: a place page, or /deals with the filter (a place's
/// page takes no filters, so a place with filters is /deals with both).
pub fn page_of(place: &str, view: &str) -> String {
    let place_filter = if place.contains('/') { format!("place={place}") } else { format!("state={place}") };
    match (place.is_empty(), view.is_empty()) {
        (false, true) => format!("/places/{place}"),
        (false, false) => format!("/deals?{place_filter}&{view}"),
        (true, true) => "/deals".to_string(),
        (true, false) => format!("/deals?{view}"),
    }
}

/// An address as rate limits count it: without a `+tag`, so `ana+1@…` and `ana+2@…` are
/// one mailbox.
pub fn mailbox_key(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => format!("{}@{domain}", local.split('+').next().unwrap_or(local)),
        None => email.to_string(),
    }
}

/// A token from a mailed link: 64 hexadecimal digits, or nothing.
pub fn token_of(s: &str) -> Option<String> {
    (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(parse_email(" Ana@Example.ORG "), Ok("ana@example.org".to_string()));
        assert_eq!(parse_email("a.b+tag@mail.example.co"), Ok("a.b+tag@mail.example.co".to_string()));
        for bad in ["", "ana", "ana@", "@example.org", "ana@example", "ana@exa mple.org", "a..b@example.org", "ana@-x.org", "ana@x.1"] {
            assert!(parse_email(bad).is_err(), "{bad:?} was taken");
        }
        assert!(parse_email("ana@example.org\r\nBcc: x@y.org").is_err(), "a header injected through the address");
        assert!(parse_email(&format!("{}@example.org", "a".repeat(250))).is_err());
    }

    #[test]
    fn frequencies_and_tokens() {
        for f in Frequency::ALL {
            assert_eq!(Frequency::parse(f.code()), Some(f));
        }
        assert_eq!(Frequency::parse("hourly"), None);
        assert!(token_of(&"a".repeat(64)).is_some());
        assert!(token_of(&"g".repeat(64)).is_none());
        assert!(token_of("abc").is_none());
        assert_eq!(page_of("va/arlington-county", ""), "/places/va/arlington-county");
        assert_eq!(page_of("", "kind=subsidy"), "/deals?kind=subsidy");
        assert_eq!(page_of("va", "kind=subsidy"), "/deals?state=va&kind=subsidy");
        assert_eq!(page_of("va/arlington-county", "q=ring"), "/deals?place=va/arlington-county&q=ring");
        assert_eq!(mailbox_key("ana+news@example.org"), "ana@example.org");
    }
}
