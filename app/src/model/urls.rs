//! The addresses of places, built in one place. Every address takes the page's language:
//! pages in another language than English live under its prefix (`/es/places/va`).

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Where a place's page lives: its state and, below the state, its slug.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlacePath {
    /// The two-letter state code, as stored (upper case).
    pub usps: String,
    /// The place's slug within its state; `None` for the state itself.
    pub slug: Option<String>,
}

impl PlacePath {
    /// A state's address.
    pub fn state(usps: &str) -> PlacePath {
        PlacePath { usps: usps.to_string(), slug: None }
    }

    /// The address of a place within a state.
    pub fn local(usps: &str, slug: &str) -> PlacePath {
        PlacePath { usps: usps.to_string(), slug: Some(slug.to_string()) }
    }

    /// As the `place` filter and the file addresses name it: "va" or "va/arlington-county".
    pub fn key(&self) -> String {
        let usps = self.usps.to_ascii_lowercase();
        match &self.slug {
            None => usps,
            Some(slug) => format!("{usps}/{slug}"),
        }
    }

    /// The place's page, in `lang`.
    pub fn url(&self, lang: Lang) -> String {
        format!("{}/places/{}", lang.prefix(), self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_states_and_places() {
        assert_eq!(PlacePath::state("VA").url(Lang::En), "/places/va");
        assert_eq!(PlacePath::local("VA", "arlington-county").url(Lang::En), "/places/va/arlington-county");
        assert_eq!(PlacePath::local("VA", "arlington-county").key(), "va/arlington-county");
    }
}
