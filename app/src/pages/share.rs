//! "Share this page" without WebAssembly: a button and a few lines of script (`share.js`),
//! served under a name that holds the script's hash, so it is cached for good and a new
//! version is a new name. A place page then ships no wasm: its first visit is HTML, CSS and
//! this (see bench/first_visit.sh).

use leptos::prelude::*;

/// The script, served by the server at [`script_path`].
pub const SCRIPT: &str = include_str!("share.js");

/// FNV-1a of the script, worked out as the program is compiled.
const HASH: u64 = {
    let bytes = SCRIPT.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
};

/// Where the script is served: `/share.<hash>.js`.
pub fn script_path() -> String {
    format!("/share.{HASH:016x}.js")
}

/// The button (hidden until the script shows it: it cannot work without), the line that
/// says what happened, and the script.
#[component]
pub fn ShareButton(url: String, title: String) -> impl IntoView {
    view! {
        <button type="button" class="share-button" hidden data-url=url data-title=title
            data-copied=crate::t!("share-copied")
            data-failed=crate::t!("share-failed")>
            {crate::t!("share-button")}
        </button>
        <span class="share-status" role="status"></span>
        <script src=script_path() defer></script>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_script_path_names_its_content() {
        let path = super::script_path();
        assert!(path.starts_with("/share.") && path.ends_with(".js") && path.len() == "/share.".len() + 16 + 3, "{path}");
    }
}
