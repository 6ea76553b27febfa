//! The words the site shows, from the Fluent catalogues in `app/locales/<lang>/`, in the
//! reader's language. Pages and errors name messages by id ([`Msg`]); the text is looked up
//! here when a page is rendered. Islands get their words as props, already looked up.

use crate::model::msg::{Arg, Msg};
use fluent_templates::{fluent_bundle::FluentValue, LanguageIdentifier, Loader};
use serde::{Deserialize, Serialize};
use std::{borrow::Cow, collections::HashMap, sync::LazyLock};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Arguments go in as written: no Unicode isolation marks around names and numbers.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the site is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: &'static [Lang] = &[Lang::En];

    /// The language's code, as `<html lang>` and the catalogue folders have it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
        }
    }

    /// What this language's addresses start with: nothing for English, the default.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::En => "",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().unwrap_or_default());
        match self {
            Lang::En => &EN,
        }
    }
}

/// The language of the page being rendered (provided per request; English by default).
pub fn lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

/// The text of a message without arguments.
pub fn t(lang: Lang, id: &str) -> String {
    LOCALES.lookup(lang.id(), id)
}

/// The text of a message with its arguments.
pub fn text(lang: Lang, msg: &Msg) -> String {
    if msg.args.is_empty() {
        return t(lang, &msg.id);
    }
    let args: HashMap<Cow<'static, str>, FluentValue> = msg
        .args
        .iter()
        .map(|(name, value)| {
            let v = match value {
                Arg::Text(s) => FluentValue::from(s.clone()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            (Cow::Owned(name.clone()), v)
        })
        .collect();
    LOCALES.lookup_with_args(lang.id(), &msg.id, &args)
}

/// Whether the catalogue of `lang` has a message with this id.
pub fn has(lang: Lang, id: &str) -> bool {
    LOCALES.try_lookup(lang.id(), id).is_some()
}

/// English, for the command line and the log, which speak to the person running the site.
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&text(Lang::En, self))
    }
}

#[cfg(test)]
mod tests {
    /// Every `Msg::new("id")` in the code, read from the sources.
    fn ids_in(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                ids_in(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let src = std::fs::read_to_string(&path).unwrap();
                for (at, _) in src.match_indices("Msg::new(\"") {
                    let rest = &src[at + 10..];
                    if let Some(end) = rest.find('"') {
                        out.push((path.display().to_string(), rest[..end].to_string()));
                    }
                }
            }
        }
    }

    #[test]
    fn every_message_the_code_names_is_in_the_english_catalogue() {
        let mut ids = Vec::new();
        ids_in(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut ids);
        assert!(ids.len() > 50, "found {}", ids.len());
        // Ids as the catalogue files define them (a message with arguments can't be looked
        // up without them).
        let mut defined = std::collections::HashSet::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en");
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            for line in std::fs::read_to_string(entry.path()).unwrap().lines() {
                if let Some((id, _)) = line.split_once(" =") {
                    defined.insert(id.trim().to_string());
                }
            }
        }
        let missing: Vec<_> = ids.iter().filter(|(file, id)| !file.ends_with("i18n.rs") && !defined.contains(id)).collect();
        assert!(missing.is_empty(), "not in app/locales/en: {missing:?}");
    }
}
