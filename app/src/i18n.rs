//! The words the site shows, from the Fluent catalogues in `app/locales/<lang>/`, in the
//! reader's language. Pages and errors name messages by id ([`Msg`]); the text is looked up
//! here when a page is rendered. Islands get their words as props, already looked up.

use crate::model::msg::{Arg, Msg};
use fluent_templates::{fluent_bundle::FluentValue, LanguageIdentifier};
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, sync::LazyLock};

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
    /// US Spanish, neutral Latin American register (`docs/glossary.md`).
    Es,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Es];

    /// The language's code, as `<html lang>` and the catalogue folders have it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// What this language's addresses start with: nothing for English, the default.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Es => "/es",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().unwrap_or_default());
        static ES: LazyLock<LanguageIdentifier> = LazyLock::new(|| "es".parse().unwrap_or_default());
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
        }
    }

    /// The language the server's language layer put in a request's extensions (`/es/...`
    /// is Spanish); English when there is none.
    pub fn of(extensions: &http::Extensions) -> Lang {
        extensions.get::<Lang>().copied().unwrap_or_default()
    }

    /// The other language, for the switch on every page.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Es,
            Lang::Es => Lang::En,
        }
    }

    /// The `og:locale` of a page in this language.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::En => "en_US",
            Lang::Es => "es_US",
        }
    }

    /// The language an address is in, and the address without its prefix:
    /// `/es/places/va` is Spanish `/places/va`; `/es` is Spanish `/`.
    pub fn split(path: &str) -> (Lang, &str) {
        match path.strip_prefix("/es") {
            Some("") => (Lang::Es, "/"),
            Some(rest) if rest.starts_with('/') => (Lang::Es, rest),
            _ => (Lang::En, path),
        }
    }

    /// A site address (`/deals?q=ring`, `/`) in this language.
    pub fn href(self, path: &str) -> String {
        match (self, path) {
            (Lang::En, _) => path.to_string(),
            (_, "/") => self.prefix().to_string(),
            (_, p) if p.starts_with("/?") => format!("{}{}", self.prefix(), &p[1..]),
            (_, p) => format!("{}{}", self.prefix(), p),
        }
    }
}

/// A site address in the page's language: `href("/deals")` is `/es/deals` on a Spanish page.
pub fn href(path: &str) -> String {
    lang().href(path)
}

/// A message in the page's language: `t!("nav-places")`, or with arguments
/// `t!("place-deal-count", count = n, place = name)` (plurals are chosen in the catalogue).
#[macro_export]
macro_rules! t {
    ($id:expr) => {
        $crate::i18n::t($crate::i18n::lang(), $id)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text($crate::i18n::lang(), &$crate::model::msg::Msg::new($id)$(.with(stringify!($name), $value))+)
    };
}

/// The language of the page being rendered: provided as context, or else the one the
/// server's language layer put in the request (`/es/...`); English by default.
pub fn lang() -> Lang {
    use leptos::prelude::use_context;
    use_context::<Lang>().or_else(|| use_context::<http::request::Parts>().map(|p| Lang::of(&p.extensions))).unwrap_or_default()
}

/// A plain handler's language: `lang: Lang` as an argument, read from the request.
#[cfg(feature = "ssr")]
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(&parts.extensions))
    }
}

/// One message in `lang`, else in English (the catalogues hold the same ids, a test says so).
/// Straight to the language's bundle: the loader's own lookup negotiates the language anew
/// on every call, and pages look up hundreds of words.
fn lookup(lang: Lang, id: &str, args: Option<&HashMap<&str, FluentValue>>) -> String {
    LOCALES
        .lookup_single_language(lang.id(), id, args)
        .or_else(|_| LOCALES.lookup_single_language(Lang::En.id(), id, args))
        .unwrap_or_else(|_| format!("Unknown localization key: {id:?}"))
}

/// The text of a message without arguments.
pub fn t(lang: Lang, id: &str) -> String {
    lookup(lang, id, None)
}

/// The text of a message with its arguments.
pub fn text(lang: Lang, msg: &Msg) -> String {
    if msg.args.is_empty() {
        return t(lang, &msg.id);
    }
    let args: HashMap<&str, FluentValue> = msg
        .args
        .iter()
        .map(|(name, value)| {
            let v = match value {
                Arg::Text(s) => FluentValue::from(s.as_str()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            (name.as_str(), v)
        })
        .collect();
    lookup(lang, &msg.id, Some(&args))
}

/// The message without arguments when the catalogue of `lang` itself has it (no English
/// stand-in).
pub fn try_t(lang: Lang, id: &str) -> Option<String> {
    LOCALES.lookup_single_language::<&str>(lang.id(), id, None).ok()
}

/// A note the site itself stored in English (a revision's summary, a decision's reason),
/// in `lang`: "Deal recorded", "Edited", "Reverted to revision 3: …", "replaced by revision
/// 4", "merged into revision 5", "Imported from file.csv (import 2, line 8)", "published
/// before review existed" (ids `stored-…`, `app/locales/*/data.ftl`). The English stays in
/// the database, where feeds and migrations look for it; anything else, such as what a
/// person wrote, is shown as written.
pub fn stored_note(lang: Lang, s: &str) -> String {
    let number = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    let say = |msg: Msg| text(lang, &msg);
    match s {
        "Deal recorded" => return t(lang, "stored-deal-recorded"),
        "Edited" => return t(lang, "stored-edited"),
        "published before review existed" => return t(lang, "stored-published-before-review"),
        _ => {}
    }
    if let Some((n, reason)) = s.strip_prefix("Reverted to revision ").and_then(|r| r.split_once(": ")) {
        if number(n) {
            return say(Msg::new("stored-reverted").with("number", n).with("reason", reason));
        }
    }
    if let Some(n) = s.strip_prefix("replaced by revision ").filter(|n| number(n)) {
        return say(Msg::new("stored-replaced-by").with("number", n));
    }
    if let Some(n) = s.strip_prefix("merged into revision ").filter(|n| number(n)) {
        return say(Msg::new("stored-merged-into").with("number", n));
    }
    if let Some(rest) = s.strip_prefix("Imported from ") {
        let parts = rest.rsplit_once(" (import ").and_then(|(file, tail)| {
            let (import, line) = tail.strip_suffix(')')?.split_once(", line ")?;
            (number(import) && number(line)).then_some((file, import, line))
        });
        return match parts {
            Some((file, import, line)) => say(Msg::new("stored-imported").with("file", file).with("import", import).with("line", line)),
            None => say(Msg::new("stored-imported-from").with("file", rest)),
        };
    }
    s.to_string()
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
                for pattern in ["Msg::new(\"", "t!(\""] {
                    for (at, _) in src.match_indices(pattern) {
                        // `t!(` itself, not the tail of `format!(` or `assert!(`.
                        if src[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        let rest = &src[at + pattern.len()..];
                        if let Some(end) = rest.find('"') {
                            out.push((path.display().to_string(), rest[..end].to_string()));
                        }
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
