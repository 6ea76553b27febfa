//! A government's "how to take part" profile: where its meetings are listed, how to comment
//! in public, and where to ask for records. Contributors propose it, moderators approve it,
//! and every version is kept.

use super::deal::{opt, parse_web_url};
use super::msg::{FieldErrors, Msg};
use serde::{Deserialize, Serialize};

/// The profile form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileInput {
    /// The government's meeting calendar or agendas page.
    pub meetings_url: String,
    /// When and where it meets ("Second Tuesday, 7 PM, City Hall").
    pub meetings_note: String,
    /// How to comment in public: a form, a sign-up page.
    pub comment_url: String,
    /// Or in words: an address, an email, the rules ("Sign up by noon the day before").
    pub comment_note: String,
    /// The public-records office or request portal.
    pub records_url: String,
    /// Or in words: the office's address or email.
    pub records_note: String,
}

/// The fields of the form, in order (the names a post carries).
pub const FIELDS: [&str; 6] = ["meetings_url", "meetings_note", "comment_url", "comment_note", "records_url", "records_note"];

/// A validated profile, as saved (JSON in each version) and shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub meetings_url: Option<String>,
    pub meetings_note: Option<String>,
    pub comment_url: Option<String>,
    pub comment_note: Option<String>,
    pub records_url: Option<String>,
    pub records_note: Option<String>,
}

/// The longest note.
pub const MAX_NOTE: usize = 500;

impl ProfileInput {
    /// The form's value of `name` (one of [`FIELDS`]).
    pub fn get(&self, name: &str) -> &str {
        match name {
            "meetings_url" => &self.meetings_url,
            "meetings_note" => &self.meetings_note,
            "comment_url" => &self.comment_url,
            "comment_note" => &self.comment_note,
            "records_url" => &self.records_url,
            _ => &self.records_note,
        }
    }

    /// Validates every field at once; a profile says at least one thing.
    pub fn parse(&self) -> Result<Profile, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut link = |name: &str, value: &str| opt(value).and_then(|u| parse_web_url(&u).map_err(|m| e.insert(name.into(), m)).ok());
        let (meetings_url, comment_url, records_url) =
            (link("meetings_url", &self.meetings_url), link("comment_url", &self.comment_url), link("records_url", &self.records_url));
        for name in ["meetings_note", "comment_note", "records_note"] {
            if self.get(name).chars().count() > MAX_NOTE {
                e.insert(name.into(), Msg::new("field-too-long").with("max", MAX_NOTE));
            }
        }
        let p = Profile {
            meetings_url,
            meetings_note: opt(&self.meetings_note),
            comment_url,
            comment_note: opt(&self.comment_note),
            records_url,
            records_note: opt(&self.records_note),
        };
        if e.is_empty() && p == Profile::default() {
            e.insert("meetings_url".into(), Msg::new("profile-empty"));
        }
        if e.is_empty() {
            Ok(p)
        } else {
            Err(e)
        }
    }

    /// The form filled from a saved profile.
    pub fn from_profile(p: &Profile) -> ProfileInput {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        ProfileInput {
            meetings_url: s(&p.meetings_url),
            meetings_note: s(&p.meetings_note),
            comment_url: s(&p.comment_url),
            comment_note: s(&p.comment_note),
            records_url: s(&p.records_url),
            records_note: s(&p.records_note),
        }
    }
}

/// A version of a profile, as history and the review queue show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileVersion {
    pub id: i64,
    pub jurisdiction_id: i64,
    /// The government's name ("Arlington County, VA") and page.
    pub place: String,
    pub place_url: String,
    pub profile: Profile,
    /// Who proposed it; None once the account is deleted.
    pub by: Option<String>,
    pub created_at: String,
    /// "pending", "approved" or "rejected".
    pub state: String,
    /// A moderator's reason for turning it down.
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_needs_one_thing_and_web_links() {
        let e = ProfileInput::default().parse().unwrap_err();
        assert!(e.contains_key("meetings_url"));
        let bad = ProfileInput { comment_url: "javascript:alert(1)".into(), records_note: "x".repeat(501), ..Default::default() };
        let e = bad.parse().unwrap_err();
        assert!(e.contains_key("comment_url") && e.contains_key("records_note"), "{e:?}");
        let good = ProfileInput {
            meetings_url: "https://example.org/agendas".into(),
            comment_note: " Sign up by noon ".into(),
            ..Default::default()
        };
        let p = good.parse().unwrap();
        assert_eq!(p.comment_note.as_deref(), Some("Sign up by noon"));
        assert_eq!(ProfileInput::from_profile(&p).meetings_url, "https://example.org/agendas");
    }
}
