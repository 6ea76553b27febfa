//! `/follow?feed=…`: how to follow a list or a place. A feed's raw XML means nothing on a
//! phone, so every "Follow" link comes here first: what a feed is, the address to paste into
//! a feed reader, and a link to the feed itself.

use super::common::public_url;
use crate::i18n::href;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The follow page's link for a feed path ("/places/va/feed.atom", "/deals.atom?state=va").
pub fn follow_link(feed: &str) -> String {
    format!("/follow?feed={}", url_escape(feed))
}

fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A feed path of this site, or nothing: the page never links elsewhere.
pub fn feed_path(feed: &str) -> Option<String> {
    let path = feed.split('?').next().unwrap_or("");
    let ok = feed.starts_with('/')
        && !feed.starts_with("//")
        && !feed.contains(['\\', '<', '>', '"', '\''])
        && path.ends_with(".atom")
        && feed.len() <= 1000
        && path.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '.' | '_'));
    ok.then(|| feed.to_string())
}

/// The page.
#[component]
pub fn FollowPage() -> impl IntoView {
    let query = use_query_map();
    // A feed named in the address is used as given (a Spanish one already starts with `/es/`).
    let feed = query.read_untracked().get("feed").and_then(|f| feed_path(&f)).unwrap_or_else(|| href("/feed.atom"));
    let address = format!("{}{feed}", public_url());
    view! {
        <Title text=crate::t!("follow-title")/>
        <h1>{crate::t!("follow-heading")}</h1>
        <p class="lede">{crate::t!("follow-lede")}</p>
        <h2>{crate::t!("follow-reader-heading")}</h2>
        <p>{crate::t!("follow-reader-text")}</p>
        <div class="share">
            <label for="feed-address">{crate::t!("follow-address-label")}</label>
            <input id="feed-address" readonly=true value=address.clone()/>
        </div>
        <p>{format!("{} ", crate::t!("follow-raw-text"))}
           <a href=feed.clone() rel="alternate" type="application/atom+xml">{crate::t!("follow-open-feed")}</a></p>
        <h2>{crate::t!("follow-what-heading")}</h2>
        <p>{crate::t!("follow-what-text")}</p>
        <p><a href=href("/about/data")>{crate::t!("follow-about-data")}</a></p>
    }
}
