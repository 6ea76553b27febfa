//! `/follow?feed=…`: how to follow a list or a place. A feed's raw XML means nothing on a
//! phone, so every "Follow" link comes here first: what a feed is, the address to paste into
//! a feed reader, and a link to the feed itself.

use super::common::public_url;
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
    let feed = query.read_untracked().get("feed").and_then(|f| feed_path(&f)).unwrap_or_else(|| "/feed.atom".into());
    let address = format!("{}{feed}", public_url());
    view! {
        <Title text="Follow · Amazon Contract Tracker"/>
        <h1>"Follow new and changed deals"</h1>
        <p class="lede">"Hear about new deals and corrections without checking this site every day."</p>
        <h2>"With a feed reader"</h2>
        <p>"A feed is a list of updates that a feed reader app checks for you (for example Feedly, Inoreader, NetNewsWire, "
           "or Thunderbird on a computer). In the app, choose \"Add feed\" or \"Subscribe\", and paste this address:"</p>
        <div class="share">
            <label for="feed-address">"Feed address"</label>
            <input id="feed-address" readonly=true value=address.clone()/>
        </div>
        <p>"Opening the address in a browser shows the feed's raw text: that is normal, a feed is meant for reader apps. "
           <a href=feed.clone() rel="alternate" type="application/atom+xml">"Open the feed"</a></p>
        <h2>"What you will get"</h2>
        <p>"An entry for each deal recorded and each correction a moderator publishes, with the place, the amount and a link to the deal's page and its history."</p>
        <p><a href="/about/data">"About the data and its licence"</a></p>
    }
}
