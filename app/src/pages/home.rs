//! The home page and the no-JavaScript place search.

use super::common::{error_view, server_data, DealTable, TotalsSummary};
use crate::api::{get_site_summary, suggest_places};
use crate::i18n::lang;
use crate::islands::PlaceSearch;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_query_map;

/// `/`: what the site is, the place search, site totals, the latest deals.
#[component]
pub fn HomePage() -> impl IntoView {
    let summary = server_data(|| (), |_| get_site_summary());
    view! {
        <Title text="Amazon Contract Tracker: what local governments give Amazon"/>
        <Meta name="description" content="Contracts, subsidies, tax breaks and police partnerships between local governments and Amazon, place by place, with the source documents."/>
        <Link rel="alternate" type_="application/atom+xml" href="/feed.atom" title="New and changed deals"/>
        <section class="hero">
            <h1>"What did your government give Amazon?"</h1>
            <p>"Cloud contracts, purchasing deals, Ring camera subsidies, police partnerships, and tax breaks for warehouses and data centers: "
               "recorded by residents, each with its source document."</p>
            <label for="home-q" class="visually-hidden">"City, county, school district or state"</label>
            <form method="get" action="/search" class="place-search" role="search">
                <PlaceSearch input_id="home-q".to_string() name="q".to_string() value=String::new() navigate=true picked_id=String::new() invalid=false describedby=String::new() lang=lang()/>
                <button type="submit">"Find"</button>
            </form>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(s) => view! {
                        <section>
                            <h2>"Across the site"</h2>
                            <p class="lede">{format!("{} deal{} recorded for {} government{}.",
                                s.totals.deals, if s.totals.deals == 1 { "" } else { "s" },
                                s.totals.governments, if s.totals.governments == 1 { "" } else { "s" })}</p>
                            <TotalsSummary totals=s.totals.clone()/>
                        </section>
                        <section>
                            <h2>"Latest deals"</h2>
                            <DealTable rows=s.latest.clone() show_place=true/>
                            <p><a class="button" href="/deals/new">"Record a deal"</a>" "<a href="/deals">"Browse and search all deals"</a></p>
                        </section>
                        {(s.jurisdictions_loaded == 0).then(|| view! {
                            <p class="notice">"No cities, counties or school districts are loaded yet, only states. "
                               "An administrator loads them with " <code>"tracker places load DIR"</code> "."</p>
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
    let results = server_data(q, suggest_places);
    view! {
        <Title text="Find a place · Amazon Contract Tracker"/>
        <h1>"Find a place"</h1>
        <label for="search-q">"City, county, school district or state"</label>
        <form method="get" action="/search" class="place-search" role="search">
            <PlaceSearch input_id="search-q".to_string() name="q".to_string() value=q() navigate=true picked_id=String::new() invalid=false describedby=String::new() lang=lang()/>
            <button type="submit">"Find"</button>
        </form>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let q = q();
                match results.await {
                    Ok(list) if list.is_empty() && !q.is_empty() => view! {
                        <p>{format!("No government matches \"{q}\". Try the name only, e.g. \"Arlington\", or add the state: \"Arlington, VA\".")}</p>
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
