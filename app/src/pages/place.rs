//! `/places`, `/places/{usps}` and `/places/{usps}/{slug}`.

use super::common::{error_view, DealTable, TotalsSummary};
use crate::api::{get_place_page, get_states};
use crate::model::{view::PlacePage as Data, JurisdictionKind};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

/// A jurisdiction's or a state's public page.
#[component]
pub fn PlacePage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (p.get("usps").unwrap_or_default(), p.get("slug").unwrap_or_default())
    };
    let data = Resource::new(key, |(usps, slug)| get_place_page(usps, slug));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <PlaceBody d/> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PlaceBody(d: Data) -> impl IntoView {
    let p = d.place.clone();
    let is_state = p.kind == JurisdictionKind::State;
    let headline = d
        .own_totals
        .by_basis
        .iter()
        .map(|b| format!("{} {}", crate::model::format_dollars(b.cents), super::common::basis_word(b.basis)))
        .collect::<Vec<_>>()
        .join(", ");
    let description = if d.own_totals.deals == 0 {
        format!("Deals between {} and Amazon, with source documents.", p.label())
    } else {
        format!("{}: {} deal{} with Amazon{}{}.", p.label(), d.own_totals.deals, if d.own_totals.deals == 1 { "" } else { "s" },
            if headline.is_empty() { String::new() } else { format!(", {headline}") },
            if d.own_totals.undisclosed > 0 { format!(", {} undisclosed", d.own_totals.undisclosed) } else { String::new() })
    };
    let within_label = if is_state { format!("Every government in {}", p.display_name) } else { format!("Cities, towns and districts in {}", p.display_name) };
    view! {
        <Title text=format!("{} and Amazon · Amazon Contract Tracker", p.label())/>
        <Meta name="description" content=description/>
        <Link rel="canonical" href=p.url()/>
        <Link rel="alternate" type_="application/atom+xml" href=format!("{}/feed.atom", p.url()) title=format!("Deals of {} with Amazon", p.label())/>
        <nav class="crumbs" aria-label="Breadcrumb">
            <a href="/places">"All states"</a>
            {(!is_state).then(|| view! { " › " <a href=d.state.url()>{d.state.display_name.clone()}</a> })}
            {d.parent.clone().filter(|par| par.kind == JurisdictionKind::County).map(|par| view! { " › " <a href=par.url()>{par.display_name.clone()}</a> })}
        </nav>
        <h1>{if is_state { p.display_name.clone() } else { p.label() }}</h1>
        <p class="lede">{if is_state { format!("The state government of {}", p.display_name) } else {
            format!("{} ({}) in {}", p.display_name, p.type_label(), p.state_name)
        }}
        {p.geoidfq.clone().map(|g| view! { " · " <span class="ident">"Census " {g}</span> })}
        {p.leaid.clone().map(|l| view! { " · " <span class="ident">"NCES " {l}</span> })}
        </p>
        <section>
            <h2>{if is_state { format!("Deals made by the state of {}", p.display_name) } else { format!("Deals made by {}", p.display_name) }}</h2>
            {if d.own_totals.deals == 0 {
                view! { <p class="empty">"No deals recorded yet. Know of one? Record it with its source."</p> }.into_any()
            } else {
                view! { <TotalsSummary totals=d.own_totals.clone()/> <DealTable rows=d.own_deals.clone()/> }.into_any()
            }}
        </section>
        {d.within_totals.clone().map(|t| view! {
            <section>
                <h2>{within_label.clone()}</h2>
                <p class="sub">{format!("Summed separately from the {}'s own deals. {} government{} with deals.",
                    if is_state { "state" } else { "county" }, d.within_places, if d.within_places == 1 { "" } else { "s" })}</p>
                {if t.deals == 0 {
                    view! { <p class="empty">"None of them has a deal recorded yet."</p> }.into_any()
                } else {
                    view! { <TotalsSummary totals=t/> <DealTable rows=d.within_deals.clone() show_place=true/> }.into_any()
                }}
            </section>
        })}
        {(!d.links.is_empty()).then(|| view! {
            <section>
                <h2>"Linked deals"</h2>
                <ul class="links">
                    {d.links.clone().into_iter().map(|(deal, title, links)| view! {
                        <li><a href=format!("/deals/{deal}")>{title}</a>
                            <ul>{links.into_iter().map(|l| view! {
                                <li>{l.relation}" "<a href=format!("/deals/{}", l.other_id)>{l.other_title}</a>
                                    " (" <a href=l.other_place_url>{l.other_place}</a> ")"</li>
                            }).collect_view()}</ul>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <p class="exports">"Download: " <a href=format!("{}.csv", p.url()) download="deals.csv">"CSV"</a>" · "
            <a href=format!("{}.json", p.url())>"JSON"</a>" · " <a href=format!("{}/feed.atom", p.url())>"Follow (Atom feed)"</a>" · "
            <a href=format!("/deals?place={}", p.url().trim_start_matches("/places/"))>"Filter these deals"</a></p>
        <p><a class="button" href="/deals/new">"Record a deal for this place"</a></p>
    }
}

/// `/places`: every state, with how many deals each has.
#[component]
pub fn PlacesIndexPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_states());
    view! {
        <Title text="All states · Amazon Contract Tracker"/>
        <h1>"Places"</h1>
        <p>"Pick a state to see what its government, and every county, city, town and school district in it, gave Amazon. "
           "A port authority or development board missing? " <a href="/places/propose">"Propose it"</a>"."</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! {
                        <ul class="state-list">
                            {list.into_iter().map(|(s, n)| view! {
                                <li><a href=s.url()>{s.display_name.clone()}</a>
                                    <span class="sub">{format!(" {n} deal{}", if n == 1 { "" } else { "s" })}</span></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}
