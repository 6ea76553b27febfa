//! `/follow?feed=…`: how to follow a list or a place. A feed's raw XML means nothing on a
//! phone, so every "Follow" link comes here first: what a feed is, the address to paste into
//! a feed reader, and a link to the feed itself.

use super::common::{public_url, server_data, FieldErrorMsg};
use crate::i18n::href;
use crate::model::follow::{Frequency, FIELDS};
use crate::FormEcho;
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
    let sent = query.read_untracked().get("sent").is_some();
    let enabled = server_data(|| (), |_| crate::api::get_mail_enabled());
    let echo = use_context::<FormEcho>().unwrap_or_default();
    let action = href(&follow_link(&feed));
    view! {
        <Title text=crate::t!("follow-title")/>
        <h1>{crate::t!("follow-heading")}</h1>
        <p class="lede">{crate::t!("follow-lede")}</p>
        <section class="follow-mail" aria-labelledby="follow-mail-h">
            <h2 id="follow-mail-h">{crate::t!("follow-mail-heading")}</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let (echo, action) = (echo.clone(), action.clone());
                    Suspend::new(async move {
                        if !enabled.await.unwrap_or(false) {
                            return view! { <p>{crate::t!("follow-mail-off")}</p> }.into_any();
                        }
                        if sent {
                            return view! { <p class="notice" role="status">{crate::t!("follow-mail-sent")}</p> }.into_any();
                        }
                        view! { <MailForm action echo/> }.into_any()
                    })
                }}
            </Suspense>
        </section>
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

/// The form that asks for follow mail: an address and how often. Works without JavaScript.
#[component]
fn MailForm(action: String, echo: FormEcho) -> impl IntoView {
    let errors = echo.errors.clone();
    let email = echo.values.get(FIELDS[0]).cloned().unwrap_or_default();
    let chosen = echo.values.get(FIELDS[1]).and_then(|f| Frequency::parse(f)).unwrap_or(Frequency::Daily);
    let invalid = errors.contains_key("email").then_some("true");
    view! {
        {echo.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <p>{crate::t!("follow-mail-text")}</p>
        <form method="post" action=action class="stack narrow">
            <div class="field">
                <label for="email">{crate::t!("follow-email-label")}</label>
                <input id="email" name="email" type="email" autocomplete="email" required=true value=email
                    aria-invalid=invalid aria-describedby="email-hint err-email"/>
                <p class="hint" id="email-hint">{crate::t!("follow-email-hint")}</p>
                <FieldErrorMsg name="email".to_string() errors=errors.clone()/>
            </div>
            <fieldset class="field">
                <legend>{crate::t!("follow-frequency-label")}</legend>
                {Frequency::ALL.into_iter().map(|f| {
                    let id = format!("frequency-{}", f.code());
                    let checked = f == chosen;
                    view! {
                        <label class="choice" for=id.clone()>
                            <input type="radio" id=id.clone() name="frequency" value=f.code() checked=checked/>
                            {format!(" {}", crate::t!(f.msg_id()))}
                        </label>
                    }
                }).collect_view()}
                <FieldErrorMsg name="frequency".to_string() errors=errors.clone()/>
            </fieldset>
            <button type="submit" class="primary">{crate::t!("follow-mail-submit")}</button>
        </form>
    }
}
