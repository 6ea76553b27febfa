//! The link to the same page in the other language, on every page: a plain link, so it
//! works without JavaScript and can be shared.

use crate::i18n::lang;
use leptos::prelude::*;

/// "En español" on an English page, "In English" on a Spanish one, each written in the
/// language it leads to.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let here = lang();
    let other = here.other();
    let parts = use_context::<http::request::Parts>();
    // `//host` would be read as another site's address.
    let path = parts.as_ref().map(|p| p.uri.path()).filter(|p| !p.starts_with("//")).unwrap_or("/").to_string();
    let query = parts.as_ref().and_then(|p| p.uri.query()).map(|q| format!("?{q}")).unwrap_or_default();
    let to = other.href(&format!("{path}{query}"));
    view! {
        <a class="language" href=to hreflang=other.code() lang=other.code()>
            {crate::i18n::t(other, "language-switch")}
        </a>
    }
}
