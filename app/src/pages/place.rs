//! `/places`, `/places/{usps}` and `/places/{usps}/{slug}`.

use super::charts::{AreaMap, Breakdown, Timeline};
use super::common::{error_view, public_url, server_data, DealTable, TotalsSummary};
use super::share::ShareButton;
use crate::api::{get_place_page, get_states};
use crate::i18n::lang;
use crate::model::{view::PlaceData as Data, JurisdictionKind};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

/// The page data of the place the route names (`:usps`, optional `:slug`).
pub fn routed_place() -> AsyncDerived<Result<Data, crate::error::AppError>> {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (p.get("usps").unwrap_or_default(), p.get("slug").unwrap_or_default())
    };
    server_data(key, |(usps, slug)| get_place_page(usps, slug))
}

/// A jurisdiction's or a state's public page.
#[component]
pub fn PlacePage() -> impl IntoView {
    let data = routed_place();
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

/// The sentence a shared link shows: "Arlington County, VA: 3 deals with Amazon, $…".
pub fn share_description(p: &crate::model::view::JurisdictionRef, t: &crate::model::view::Totals) -> String {
    let headline = t
        .by_basis
        .iter()
        .map(|b| format!("{} {}", crate::model::format_dollars(b.cents), super::common::basis_word(b.basis)))
        .collect::<Vec<_>>()
        .join(", ");
    if t.deals == 0 {
        format!("Deals between {} and Amazon, with source documents. None recorded yet.", p.label())
    } else {
        format!(
            "{}: {} deal{} with Amazon{}{}. Every figure links to its source.",
            p.label(),
            t.deals,
            if t.deals == 1 { "" } else { "s" },
            if headline.is_empty() { String::new() } else { format!(", {headline} disclosed") },
            if t.undisclosed > 0 { format!(", {} with the amount not disclosed", t.undisclosed) } else { String::new() }
        )
    }
}

/// Totals, timeline and breakdowns for one set of deals.
#[component]
fn Rollup(totals: crate::model::view::Totals, #[prop(into)] id: String) -> impl IntoView {
    view! {
        <TotalsSummary totals=totals.clone()/>
        <h3>"Over time"</h3>
        <Timeline years=totals.by_year.clone() id=format!("{id}-timeline")/>
        <Breakdown caption="By status" heading="Status" rows=totals.by_status.clone()/>
        <Breakdown caption="By Amazon company" heading="Company" rows=totals.by_entity.clone()/>
    }
}

/// Under a place's table of its newest deals, when there are more: how many are shown, and
/// a link to all of them in the deals list.
/// The deals list of a county or state holds its governments' deals with its own, so its
/// link says so.
#[component]
fn MoreDeals(shown: usize, total: i64, href: String, place: crate::model::view::JurisdictionRef) -> impl IntoView {
    use crate::model::{money::format_count, JurisdictionKind};
    let link = match place.kind {
        JurisdictionKind::State | JurisdictionKind::County => {
            format!("See every deal of {} and the governments in it in the deals list", place.display_name)
        }
        _ => "See all of them in the deals list".to_string(),
    };
    (total > shown as i64).then(|| {
        view! {
            <p class="more">{format!("These are the {} newest of {} deals. ", shown, format_count(total))}
                <a href=href>{link}</a>", where you can filter, sort and download them."</p>
        }
    })
}

#[component]
fn PlaceBody(d: Data) -> impl IntoView {
    let p = d.place.clone();
    let is_state = p.kind == JurisdictionKind::State;
    let site = public_url();
    let url = format!("{site}{}", p.url(lang()));
    let card = format!("{url}/card.png");
    let description = share_description(&p, &d.own_totals);
    let title = format!("{} and Amazon · Amazon Contract Tracker", p.label());
    let updated =
        [d.own_totals.last_updated.clone(), d.within_totals.as_ref().and_then(|t| t.last_updated.clone())].into_iter().flatten().max();
    let within_label = if is_state {
        format!("Every government in {}", p.display_name)
    } else {
        format!("Cities, towns and districts in {}", p.display_name)
    };
    let embed_src = format!("{site}/embed{}", p.url(lang()));
    let snippet = format!(
        r#"<iframe src="{embed_src}" title="{} and Amazon" width="360" height="220" style="border:0"></iframe>"#,
        p.label().replace('"', "&quot;")
    );
    view! {
        <Title text=title.clone()/>
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:site_name" content="Amazon Contract Tracker"/>
        <Meta property="og:title" content=format!("{} and Amazon", p.label())/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=url.clone()/>
        <Meta property="og:image" content=card.clone()/>
        <Meta property="og:image:width" content="1200"/>
        <Meta property="og:image:height" content="630"/>
        <Meta property="og:image:alt" content=description.clone()/>
        <Meta name="twitter:card" content="summary_large_image"/>
        <Meta name="twitter:title" content=format!("{} and Amazon", p.label())/>
        <Meta name="twitter:description" content=description.clone()/>
        <Meta name="twitter:image" content=card/>
        <Link rel="alternate" type_="application/atom+xml" href=format!("{}/feed.atom", p.url(lang())) title=format!("Deals of {} with Amazon", p.label())/>
        <nav class="crumbs" aria-label="Breadcrumb">
            <a href="/places">"All states"</a>
            {(!is_state).then(|| view! { " › " <a href=d.state.url(lang())>{d.state.display_name.clone()}</a> })}
            {d.parent.clone().filter(|par| par.kind == JurisdictionKind::County).map(|par| view! { " › " <a href=par.url(lang())>{par.display_name.clone()}</a> })}
        </nav>
        <h1>{if is_state { p.display_name.clone() } else { p.label() }}</h1>
        <p class="lede">{if is_state { format!("The state government of {}", p.display_name) } else {
            format!("{} ({}) in {}", p.display_name, p.type_label(), p.state_name)
        }}
        {p.geoidfq.clone().map(|g| view! { " · " <span class="ident">"Census " {g}</span> })}
        {p.leaid.clone().map(|l| view! { " · " <span class="ident">"NCES " {l}</span> })}
        </p>
        <div class="share">
            <label for="share-url">"Link to this page"</label>
            <input id="share-url" type="text" readonly value=url.clone()/>
            <ShareButton url=url.clone() title=format!("{} and Amazon", p.label())/>
            {updated.map(|u| view! { <p class="sub updated">"Last updated " <time datetime=u.clone()>{u.clone()}</time></p> })}
        </div>
        <section>
            <h2>{if is_state { format!("Deals made by the state of {}", p.display_name) } else { format!("Deals made by {}", p.display_name) }}</h2>
            {if d.own_totals.deals == 0 {
                view! { <p class="empty">"No deals recorded yet. Know of one? Record it with its source."</p> }.into_any()
            } else {
                view! { <Rollup totals=d.own_totals.clone() id="own"/> <h3>"The deals"</h3> <DealTable rows=d.own_deals.clone()/>
                    <MoreDeals shown=d.own_deals.len() total=d.own_totals.deals href=format!("/deals?place={}", p.path().key()) place=p.clone()/> }.into_any()
            }}
        </section>
        {d.map.clone().map(|m| view! {
            <section>
                <h2>"Deals by county"</h2>
                <p class="sub">"Each county is shaded by the deals made by it or by the cities, towns and districts in it. Select a county to open its page."</p>
                <AreaMap map=m label=format!("Map of the counties of {}, shaded by the number of deals", p.display_name)/>
            </section>
        })}
        {d.within_totals.clone().map(|t| view! {
            <section>
                <h2>{within_label.clone()}</h2>
                <p class="sub">{format!("Summed separately from the {}'s own deals. {} government{} with deals.",
                    if is_state { "state" } else { "county" }, t.governments, if t.governments == 1 { "" } else { "s" })}</p>
                {if t.deals == 0 {
                    view! { <p class="empty">"None of them has a deal recorded yet."</p> }.into_any()
                } else {
                    view! { <Rollup totals=t.clone() id="within"/> <h3>"The deals"</h3> <DealTable rows=d.within_deals.clone() show_place=true/>
                        <MoreDeals shown=d.within_deals.len() total=t.deals href=format!("/deals?place={}", p.path().key()) place=p.clone()/> }.into_any()
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
                                    " (" <a href=l.other_place_path.url(lang())>{l.other_place}</a> ")"</li>
                            }).collect_view()}</ul>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <p class="exports">"Download: " <a href=format!("{}.csv", p.url(lang())) download="deals.csv">"CSV"</a>" · "
            <a href=format!("{}.json", p.url(lang()))>"JSON"</a>" · " <a href=super::follow::follow_link(&format!("{}/feed.atom", p.url(lang())))>"Follow this place"</a>" · "
            <a href=format!("/deals?place={}", p.path().key())>"Filter these deals"</a></p>
        <details class="embed">
            <summary>"Put this summary on your website"</summary>
            <label for="embed-code">"Copy this code into your page"</label>
            <textarea id="embed-code" readonly rows="3">{snippet}</textarea>
            <p class="sub"><a href=format!("/embed{}", p.url(lang()))>"Preview the embedded summary"</a></p>
        </details>
        <p><a class="button" href="/deals/new">"Record a deal for this place"</a></p>
    }
}

/// `/places`: every state on a map and in a list, with how many deals each has.
#[component]
pub fn PlacesIndexPage() -> impl IntoView {
    let data = server_data(|| (), |_| get_states());
    let site = public_url();
    view! {
        <Title text="All states · Amazon Contract Tracker"/>
        <Meta name="description" content="What state and local governments in every US state gave Amazon: contracts, subsidies, tax breaks and partnerships, with their sources."/>
        <Link rel="canonical" href=format!("{site}/places")/>
        <Meta property="og:title" content="Amazon deals, state by state"/>
        <Meta property="og:url" content=format!("{site}/places")/>
        <Meta property="og:type" content="website"/>
        <h1>"Places"</h1>
        <p>"Pick a state to see what its government, and every county, city, town and school district in it, gave Amazon. "
           "A port authority or development board missing? " <a href="/places/propose">"Propose it"</a>"."</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((list, map)) => view! {
                        {map.map(|m| view! { <AreaMap map=m label="Map of the states, shaded by the number of deals recorded in each"/> })}
                        <h2>"Every state"</h2>
                        <ul class="state-list">
                            {list.into_iter().map(|(s, n)| view! {
                                <li><a href=s.url(lang())>{s.display_name.clone()}</a>
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
