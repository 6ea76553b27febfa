//! The home page and the no-JavaScript place search.

use super::common::{error_view, server_data, DealTable, TotalsSummary};
use crate::api::{get_site_summary, suggest_places};
use crate::i18n::{href, lang};
use crate::islands::PlaceSearch;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_query_map;

/// `/`: what the site is, the place search, site totals, the latest deals.
#[component]
pub fn HomePage() -> impl IntoView {
    let summary = server_data(|| (), |_| get_site_summary());
    view! {
        <Title text=crate::t!("home-title")/>
        <Meta name="description" content=crate::t!("home-description")/>
        <Link rel="alternate" type_="application/atom+xml" href=href("/feed.atom") title=crate::t!("home-feed-title")/>
        <section class="hero">
            <h1>{crate::t!("home-heading")}</h1>
            <p>{crate::t!("home-intro")}</p>
            <label for="home-q" class="visually-hidden">{crate::t!("home-place-label")}</label>
            <form method="get" action=href("/search") class="place-search" role="search">
                <PlaceSearch input_id="home-q".to_string() name="q".to_string() value=String::new() navigate=true picked_id=String::new() invalid=false describedby=String::new() lang=lang()
                    placeholder=crate::t!("island-place-placeholder")/>
                <button type="submit">{crate::t!("home-find")}</button>
            </form>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(s) => view! {
                        <section>
                            <h2>{crate::t!("home-across-site")}</h2>
                            <p class="lede">{crate::t!("home-totals", deals = s.totals.deals, governments = s.totals.governments)}</p>
                            <TotalsSummary totals=s.totals.clone()/>
                        </section>
                        <section>
                            <h2>{crate::t!("home-latest")}</h2>
                            <DealTable rows=s.latest.clone() show_place=true/>
                            <p><a class="button" href=href("/deals/new")>{crate::t!("home-record")}</a>" "<a href=href("/deals")>{crate::t!("home-browse-all")}</a></p>
                        </section>
                        {(s.jurisdictions_loaded == 0).then(|| view! {
                            <p class="notice">{crate::t!("home-no-places")}" " <code>"tracker places load DIR"</code> "."</p>
                        })}
                    }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}

/// `/search?q=`: place-search results as a page, for browsers without JavaScript.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let language = crate::i18n::lang();
    let results = server_data(q, move |q| suggest_places(q, language));
    view! {
        <Title text=crate::t!("home-search-title")/>
        <h1>{crate::t!("home-search-heading")}</h1>
        <label for="search-q">{crate::t!("home-place-label")}</label>
        <form method="get" action=href("/search") class="place-search" role="search">
            <PlaceSearch input_id="search-q".to_string() name="q".to_string() value=q() navigate=true picked_id=String::new() invalid=false describedby=String::new() lang=lang()
                placeholder=crate::t!("island-place-placeholder")/>
            <button type="submit">{crate::t!("home-find")}</button>
        </form>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let q = q();
                match results.await {
                    Ok(list) if list.is_empty() && !q.is_empty() => view! {
                        <p>{crate::t!("home-no-match", query = &q)}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="results">
                            {list.into_iter().map(|s| view! { <li><a href=s.path.url(lang())>{s.label}</a></li> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}
