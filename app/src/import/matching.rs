//! Which government a row of an import means. Every jurisdiction and Amazon company is held
//! in memory, keyed by normalised name, so matching costs a hash lookup per rule.
//!
//! Names match without regard to case, accents, punctuation or legal suffix: "La Canada
//! Flintridge" finds "La Cañada Flintridge city", and "City of Hilliard" finds Hilliard.

use crate::model::JurisdictionKind;
use sqlx::SqliteConnection;
use std::collections::{HashMap, HashSet};

/// How a row's government was found; shown for every row of a dry run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A GEOIDFQ, LEAID or OCD id column.
    Identifier,
    /// The tracker's own columns: government name, kind and state.
    GovernmentName,
    /// The awarding agency names the state ("State of Tennessee", "Ohio Tax Credit Authority").
    AgencyIsState,
    /// The awarding agency names a government in the state ("City of Hilliard").
    AgencyNamesGovernment,
    /// The row's city is a government.
    City,
    /// The row's county.
    County,
    /// Nothing narrower matched: the state.
    State,
}

impl Rule {
    /// How the government was found, in `lang` ("by the government's name").
    pub fn describe(self, lang: crate::i18n::Lang) -> String {
        let id = match self {
            Rule::Identifier => "import-report-rule-identifier",
            Rule::GovernmentName => "import-report-rule-government-name",
            Rule::AgencyIsState => "import-report-rule-agency-is-state",
            Rule::AgencyNamesGovernment => "import-report-rule-agency-names-government",
            Rule::City => "import-report-rule-city",
            Rule::County => "import-report-rule-county",
            Rule::State => "import-report-rule-state",
        };
        crate::i18n::t(lang, id)
    }
}

/// A jurisdiction as the matcher knows it.
#[derive(Clone, Debug)]
pub struct Place {
    pub id: i64,
    pub kind: JurisdictionKind,
    /// The Census legal type, lower case ("city", "township").
    pub legal_type: String,
    pub label: String,
    /// Its state's USPS code (a state's own), carried on each deal for browsing.
    pub state_usps: String,
}

/// Agencies of a state whose names don't start with the state's name.
const STATE_AGENCIES: &[(&str, &str)] = &[
    ("empire state development", "NY"),
    ("jobsohio", "OH"),
    ("enterprise florida", "FL"),
    ("select florida", "FL"),
    ("arizona commerce authority", "AZ"),
];

/// Words after a name that say what kind of government it is.
const SUFFIXES: &[(&str, Option<JurisdictionKind>)] = &[
    ("unified school district", Some(JurisdictionKind::SchoolDistrict)),
    ("independent school district", Some(JurisdictionKind::SchoolDistrict)),
    ("consolidated school district", Some(JurisdictionKind::SchoolDistrict)),
    ("community school district", Some(JurisdictionKind::SchoolDistrict)),
    ("city school district", Some(JurisdictionKind::SchoolDistrict)),
    ("school district", Some(JurisdictionKind::SchoolDistrict)),
    ("public schools", Some(JurisdictionKind::SchoolDistrict)),
    ("schools", Some(JurisdictionKind::SchoolDistrict)),
    ("charter township", Some(JurisdictionKind::Township)),
    ("township", Some(JurisdictionKind::Township)),
    ("city and borough", Some(JurisdictionKind::Place)),
    ("consolidated government", Some(JurisdictionKind::Place)),
    ("metropolitan government", Some(JurisdictionKind::Place)),
    ("unified government", Some(JurisdictionKind::Place)),
    ("county", Some(JurisdictionKind::County)),
    ("parish", Some(JurisdictionKind::County)),
    ("borough", Some(JurisdictionKind::Place)),
    ("municipality", Some(JurisdictionKind::Place)),
    ("village", Some(JurisdictionKind::Place)),
    ("city", Some(JurisdictionKind::Place)),
    ("town", None),
    ("cdp", Some(JurisdictionKind::Place)),
];

const PREFIXES: &[(&str, Option<JurisdictionKind>)] = &[
    ("city and county of", Some(JurisdictionKind::Place)),
    ("city of", Some(JurisdictionKind::Place)),
    ("town of", None),
    ("village of", Some(JurisdictionKind::Place)),
    ("borough of", Some(JurisdictionKind::Place)),
    ("county of", Some(JurisdictionKind::County)),
    ("township of", Some(JurisdictionKind::Township)),
    ("the", None),
];

/// Lower case, ASCII, words separated by single spaces.
pub fn plain(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for w in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A name's core ("hilliard") and the kind its suffix or prefix implies, if any.
pub fn core(name: &str) -> (String, Option<JurisdictionKind>) {
    let mut s = plain(name);
    let mut hint = None;
    for (p, k) in PREFIXES {
        if let Some(rest) = s.strip_prefix(&format!("{p} ")) {
            s = rest.to_string();
            hint = hint.or(*k);
            break;
        }
    }
    for (suf, k) in SUFFIXES {
        if let Some(rest) = s.strip_suffix(&format!(" {suf}")) {
            if !rest.is_empty() {
                s = rest.to_string();
                hint = hint.or(*k);
                break;
            }
        }
    }
    (s, hint)
}

/// The legal type a name's own words give ("City of X", "X Village" → city, village), as
/// the Census writes legal types.
pub fn legal_word(name: &str) -> Option<&'static str> {
    const WORDS: &[&str] = &["city", "town", "village", "borough", "township", "county", "parish"];
    let p = plain(name);
    let first = p.split(' ').next().unwrap_or("");
    let last = p.rsplit(' ').next().unwrap_or("");
    if p.contains(' ') && p.starts_with(&format!("{first} of ")) {
        if let Some(w) = WORDS.iter().find(|w| **w == first) {
            return Some(w);
        }
    }
    if p.ends_with(" school district") {
        return Some("school district");
    }
    WORDS.iter().find(|w| **w == last && p.len() > w.len()).copied()
}

/// Every jurisdiction, by (state, core name), by identifier, and the states.
pub struct Index {
    by_name: HashMap<(String, String), Vec<Place>>,
    by_ident: HashMap<String, Place>,
    /// USPS code → (state place, plain state name).
    states: HashMap<String, (Place, String)>,
    /// Plain state name → USPS code.
    state_names: HashMap<String, String>,
    /// Per state: core names of its governments that begin with the state's name
    /// ("virginia beach"), so "Virginia Beach Development Authority" isn't taken for the state.
    state_prefixed: HashMap<String, HashSet<String>>,
}

/// What a lookup found.
pub enum Found {
    One(Place),
    None,
    Several(Vec<Place>),
}

impl Index {
    /// The governments to match against: every one, or with `only` (states, identifiers)
    /// the states, the governments in those states and those with those identifiers.
    pub async fn load(conn: &mut SqliteConnection, only: Option<(&[String], &[String])>) -> Result<Self, sqlx::Error> {
        let rows = crate::repo::imports::matchable(&mut *conn, only).await?;
        let mut idx = Index {
            by_name: HashMap::new(),
            by_ident: HashMap::new(),
            states: HashMap::new(),
            state_names: HashMap::new(),
            state_prefixed: HashMap::new(),
        };
        let mut by_id: HashMap<i64, Place> = HashMap::new();
        for r in rows {
            let crate::repo::imports::MatchRow {
                id,
                kind,
                legal_type,
                display_name: name,
                state_usps: usps,
                geoidfq,
                leaid,
                ocd_id: ocd,
                state_name,
            } = r;
            let kind = JurisdictionKind::from_code(&kind).unwrap_or(JurisdictionKind::SpecialDistrict);
            let label = if kind == JurisdictionKind::State { name.clone() } else { format!("{name}, {usps}") };
            let place = Place { id, kind, legal_type: legal_type.to_lowercase(), label, state_usps: usps.clone() };
            for ident in [geoidfq, leaid, ocd].into_iter().flatten() {
                idx.by_ident.insert(ident.to_ascii_lowercase(), place.clone());
            }
            if kind == JurisdictionKind::State {
                idx.state_names.insert(plain(&name), usps.clone());
                idx.states.insert(usps.clone(), (place.clone(), plain(&name)));
            } else {
                let (c, _) = core(&name);
                let sp = plain(&state_name);
                if c.starts_with(&format!("{sp} ")) {
                    idx.state_prefixed.entry(usps.clone()).or_default().insert(c.clone());
                }
                idx.by_name.entry((usps.clone(), c)).or_default().push(place.clone());
            }
            by_id.insert(id, place);
        }
        let aliases = crate::repo::imports::aliases(&mut *conn).await?;
        for (ident, id) in aliases {
            if let Some(p) = by_id.get(&id) {
                idx.by_ident.insert(ident.to_ascii_lowercase(), p.clone());
            }
        }
        Ok(idx)
    }

    /// A state by USPS code or name ("OH", "Ohio").
    pub fn state(&self, s: &str) -> Option<(String, Place)> {
        let t = s.trim();
        let usps = if t.len() == 2 { t.to_ascii_uppercase() } else { self.state_names.get(&plain(t))?.clone() };
        self.states.get(&usps).map(|(p, _)| (usps, p.clone()))
    }

    pub fn by_identifier(&self, ident: &str) -> Option<Place> {
        self.by_ident.get(&ident.trim().to_ascii_lowercase()).cloned()
    }

    /// A government in the state by name; `kinds` narrows when the name gives no hint.
    pub fn by_name(&self, usps: &str, name: &str, kinds: &[JurisdictionKind]) -> Found {
        let (c, hint) = core(name);
        let Some(all) = self.by_name.get(&(usps.to_string(), c)) else { return Found::None };
        let fits = |p: &&Place| match hint {
            Some(JurisdictionKind::Place) => matches!(p.kind, JurisdictionKind::Place | JurisdictionKind::Township),
            Some(k) => p.kind == k,
            None => kinds.is_empty() || kinds.contains(&p.kind),
        };
        let mut found: Vec<Place> = all.iter().filter(fits).cloned().collect();
        // "City of Champaign" is the city, not "Champaign City township": the legal words of
        // the name choose among governments that share it.
        if found.len() > 1 {
            if let Some(word) = legal_word(name) {
                let same: Vec<Place> = found.iter().filter(|p| p.legal_type == word).cloned().collect();
                if !same.is_empty() {
                    found = same;
                }
            }
        }
        match found.len() {
            0 => Found::None,
            1 => Found::One(found.remove(0)),
            _ => Found::Several(found),
        }
    }

    /// Whether an awarding agency is the state government itself.
    pub fn agency_is_state(&self, usps: &str, agency: &str) -> bool {
        let a = plain(agency);
        let Some((_, name)) = self.states.get(usps) else { return false };
        if a.contains(&format!("state of {name}")) || a.contains(&format!("commonwealth of {name}")) {
            return true;
        }
        if STATE_AGENCIES.iter().any(|(n, s)| *s == usps && (a == *n || a.starts_with(&format!("{n} ")))) {
            return true;
        }
        if a == *name || a.starts_with(&format!("{name} ")) {
            // "Virginia Beach Development Authority" is the city's, not the state's.
            let local = self.state_prefixed.get(usps).is_some_and(|set| set.iter().any(|c| a == *c || a.starts_with(&format!("{c} "))));
            return !local;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_case_accents_and_legal_words() {
        assert_eq!(core("La Cañada Flintridge city"), ("la canada flintridge".into(), Some(JurisdictionKind::Place)));
        assert_eq!(core("La Canada Flintridge").0, "la canada flintridge");
        assert_eq!(core("City of Hilliard"), ("hilliard".into(), Some(JurisdictionKind::Place)));
        assert_eq!(core("Baltimore County"), ("baltimore".into(), Some(JurisdictionKind::County)));
        assert_eq!(core("Hilliard City School District"), ("hilliard".into(), Some(JurisdictionKind::SchoolDistrict)));
        assert_eq!(core("St. Mary's"), ("st mary s".into(), None));
    }

    #[test]
    fn the_legal_words_of_a_name_say_its_type() {
        assert_eq!(legal_word("City of Champaign"), Some("city"));
        assert_eq!(legal_word("Champaign City township"), Some("township"));
        assert_eq!(legal_word("Town of Normal"), Some("town"));
        assert_eq!(legal_word("Village of Bolingbrook"), Some("village"));
        assert_eq!(legal_word("Will County"), Some("county"));
        assert_eq!(legal_word("Champaign"), None);
        assert_eq!(legal_word("City"), None);
    }
}
