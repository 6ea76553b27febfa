//! `/places`, `/places/{usps}` and `/places/{usps}/{slug}`.

use super::charts::{AreaMap, Breakdown, Timeline};
use super::common::{error_view, public_url, server_data, DealTable, TotalsSummary};
use super::share::ShareButton;
use crate::api::{get_place_page, get_states};
use crate::i18n::{href, lang, Lang};
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

/// The sentence a shared link shows: "Arlington County, VA: 3 deals with Amazon, $…", in the
/// page's language (English where there is no page, as in a handler outside Leptos).
pub fn share_description(p: &crate::model::view::JurisdictionRef, t: &crate::model::view::Totals) -> String {
    let headline = t
        .by_basis
        .iter()
        .map(|b| format!("{} {}", crate::model::format_dollars(b.cents), super::common::basis_word(b.basis)))
        .collect::<Vec<_>>()
        .join(", ");
    if t.deals == 0 {
        crate::t!("place-share-none", place = p.label())
    } else {
        let disclosed = if headline.is_empty() { String::new() } else { crate::t!("place-share-disclosed", amounts = headline) };
        let undisclosed = if t.undisclosed > 0 { crate::t!("place-share-undisclosed", count = t.undisclosed) } else { String::new() };
        crate::t!("place-share-description", place = p.label(), count = t.deals, disclosed = disclosed, undisclosed = undisclosed)
    }
}

/// Totals, timeline and breakdowns for one set of deals.
#[component]
fn Rollup(totals: crate::model::view::Totals, #[prop(into)] id: String) -> impl IntoView {
    view! {
        <TotalsSummary totals=totals.clone()/>
        <h3>{crate::t!("place-over-time")}</h3>
        <Timeline years=totals.by_year.clone() id=format!("{id}-timeline")/>
        <Breakdown caption=crate::t!("place-by-status") heading=crate::t!("place-status") rows=status_rows(&totals.by_status)/>
        <Breakdown caption=crate::t!("place-by-company") heading=crate::t!("place-company") rows=totals.by_entity.clone()/>
    }
}

/// The status breakdown with each status named in the page's language.
fn status_rows(rows: &[crate::model::view::GroupTotal]) -> Vec<crate::model::view::GroupTotal> {
    rows.iter()
        .map(|g| crate::model::view::GroupTotal {
            label: crate::model::DealStatus::from_code(&g.label).map(|s| s.label()).unwrap_or_else(|| g.label.clone()),
            ..g.clone()
        })
        .collect()
}

/// Under a place's table of its newest deals, when there are more: how many are shown, and
/// a link to all of them in the deals list.
/// The deals list of a county or state holds its governments' deals with its own, so its
/// link says so.
#[component]
fn MoreDeals(shown: usize, total: i64, href: String, place: crate::model::view::JurisdictionRef) -> impl IntoView {
    use crate::model::{money::format_count, JurisdictionKind};
    let link = match place.kind {
        JurisdictionKind::State | JurisdictionKind::County => crate::t!("place-more-link-area", place = &place.display_name),
        _ => crate::t!("place-more-link"),
    };
    // The space before the link is part of the text node, so the sentence reads as one.
    let newest = format!("{} ", crate::t!("place-newest", shown = shown, total = format_count(total)));
    let after = crate::t!("place-more-after");
    (total > shown as i64).then(|| {
        view! {
            <p class="more">{newest}
                <a href=href>{link}</a>{after}</p>
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
    let title = crate::t!("place-title", place = p.label());
    let and_amazon = crate::t!("place-and-amazon", place = p.label());
    let updated =
        [d.own_totals.last_updated.clone(), d.within_totals.as_ref().and_then(|t| t.last_updated.clone())].into_iter().flatten().max();
    let within_label = if is_state {
        crate::t!("place-within-state", place = &p.display_name)
    } else {
        crate::t!("place-within-county", place = &p.display_name)
    };
    // `/embed/places/…`, under `/es/` on a Spanish page (not `/embed/es/places/…`).
    let embed_path = href(&format!("/embed{}", p.url(Lang::En)));
    let embed_src = format!("{site}{embed_path}");
    let snippet = format!(
        r#"<iframe src="{embed_src}" title="{}" width="360" height="220" style="border:0"></iframe>"#,
        and_amazon.replace('"', "&quot;")
    );
    // Machine-readable files have one address, whatever the page's language.
    let file_base = p.url(Lang::En);
    let deals_filter = href(&format!("/deals?place={}", p.path().key()));
    view! {
        <Title text=title.clone()/>
        <Meta name="description" content=description.clone()/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:site_name" content="Amazon Contract Tracker"/>
        <Meta property="og:title" content=and_amazon.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=url.clone()/>
        <Meta property="og:image" content=card.clone()/>
        <Meta property="og:image:width" content="1200"/>
        <Meta property="og:image:height" content="630"/>
        <Meta property="og:image:alt" content=description.clone()/>
        <Meta name="twitter:card" content="summary_large_image"/>
        <Meta name="twitter:title" content=and_amazon.clone()/>
        <Meta name="twitter:description" content=description.clone()/>
        <Meta name="twitter:image" content=card/>
        <Link rel="alternate" type_="application/atom+xml" href=format!("{}/feed.atom", p.url(lang())) title=crate::t!("place-feed-title", place = p.label())/>
        <Link rel="alternate" type_="text/calendar" href=href(&format!("/places/{}/upcoming.ics", p.path().key())) title=crate::t!("upcoming-calendar-title")/>
        <nav class="crumbs" aria-label=crate::t!("place-breadcrumb")>
            <a href=href("/places")>{crate::t!("place-all-states")}</a>
            {(!is_state).then(|| view! { " › " <a href=d.state.url(lang())>{d.state.display_name.clone()}</a> })}
            {d.parent.clone().filter(|par| par.kind == JurisdictionKind::County).map(|par| view! { " › " <a href=par.url(lang())>{par.display_name.clone()}</a> })}
        </nav>
        <h1>{if is_state { p.display_name.clone() } else { p.label() }}</h1>
        <p class="lede">{if is_state { crate::t!("place-lede-state", place = &p.display_name) } else {
            crate::t!("place-lede-local", place = &p.display_name, kind = p.type_label(), state = &p.state_name)
        }}
        {p.geoidfq.clone().map(|g| view! { " · " <span class="ident">{format!("{} {g}", crate::t!("place-census"))}</span> })}
        {p.leaid.clone().map(|l| view! { " · " <span class="ident">"NCES " {l}</span> })}
        </p>
        <div class="share">
            <label for="share-url">{crate::t!("place-link-label")}</label>
            <input id="share-url" type="text" readonly value=url.clone()/>
            <ShareButton url=url.clone() title=and_amazon.clone()/>
            {updated.map(|u| view! { <p class="sub updated">{format!("{} ", crate::t!("place-last-updated"))}<time datetime=u.clone()>{crate::model::dates::long_date(&u)}</time></p> })}
        </div>
        <super::upcoming::ComingUp coming=d.coming_up.clone() place_key=p.path().key() is_state=is_state/>
        // Known, how to take part comes first, with what is coming up; unknown, the
        // invitation to add it waits below the deals.
        {d.profile.is_some().then(|| view! {
            <super::take_part::TakePart profile=d.profile.clone() place_key=p.path().key() place_name=p.display_name.clone()/>
        })}
        <section class="own-deals">
            <h2>{if is_state { crate::t!("place-own-heading-state", place = &p.display_name) } else { crate::t!("place-own-heading", place = &p.display_name) }}</h2>
            {if d.own_totals.deals == 0 {
                view! { <p class="empty">{crate::t!("place-own-empty")}</p> }.into_any()
            } else {
                view! { <Rollup totals=d.own_totals.clone() id="own"/> <h3>{crate::t!("place-the-deals")}</h3> <DealTable rows=d.own_deals.clone()/>
                    <MoreDeals shown=d.own_deals.len() total=d.own_totals.deals href=deals_filter.clone() place=p.clone()/> }.into_any()
            }}
        </section>
        {d.map.clone().map(|m| view! {
            <section>
                <h2>{crate::t!("place-map-heading")}</h2>
                <p class="sub">{crate::t!("place-map-sub")}</p>
                <AreaMap map=m label=crate::t!("place-map-label", place = &p.display_name)/>
            </section>
        })}
        {d.within_totals.clone().map(|t| view! {
            <section>
                <h2>{within_label.clone()}</h2>
                <p class="sub">{if is_state {
                    crate::t!("place-within-sub-state", count = t.governments)
                } else {
                    crate::t!("place-within-sub-county", count = t.governments)
                }}</p>
                {if t.deals == 0 {
                    view! { <p class="empty">{crate::t!("place-within-empty")}</p> }.into_any()
                } else {
                    view! { <Rollup totals=t.clone() id="within"/> <h3>{crate::t!("place-the-deals")}</h3> <DealTable rows=d.within_deals.clone() show_place=true/>
                        <MoreDeals shown=d.within_deals.len() total=t.deals href=deals_filter.clone() place=p.clone()/> }.into_any()
                }}
            </section>
        })}
        {(!d.links.is_empty()).then(|| view! {
            <section>
                <h2>{crate::t!("place-linked-deals")}</h2>
                <ul class="links">
                    {d.links.clone().into_iter().map(|(deal, title, links)| view! {
                        <li><a href=href(&format!("/deals/{deal}"))>{title}</a>
                            <ul>{links.into_iter().map(|l| view! {
                                <li>{l.relation}" "<a href=href(&format!("/deals/{}", l.other_id))>{l.other_title}</a>
                                    " (" <a href=l.other_place_path.url(lang())>{l.other_place}</a> ")"</li>
                            }).collect_view()}</ul>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {d.profile.is_none().then(|| view! {
            <super::take_part::TakePart profile=None place_key=p.path().key() place_name=p.display_name.clone()/>
        })}
        <p class="exports">{format!("{} ", crate::t!("place-download"))}<a href=format!("{file_base}.csv") download="deals.csv">"CSV"</a>" · "
            <a href=format!("{file_base}.json")>"JSON"</a>" · " <a href=href(&super::follow::follow_link(&format!("{}/feed.atom", p.url(lang()))))>{crate::t!("place-follow")}</a>" · "
            <a href=deals_filter.clone()>{crate::t!("place-filter")}</a></p>
        <details class="embed">
            <summary>{crate::t!("place-embed-summary")}</summary>
            <label for="embed-code">{crate::t!("place-embed-copy")}</label>
            <textarea id="embed-code" readonly rows="3">{snippet}</textarea>
            <p class="sub"><a href=embed_path>{crate::t!("place-embed-preview")}</a></p>
        </details>
        <p><a class="button" href=href("/deals/new")>{crate::t!("place-record")}</a></p>
    }
}

/// `/places`: every state on a map and in a list, with how many deals each has.
#[component]
pub fn PlacesIndexPage() -> impl IntoView {
    let data = server_data(|| (), |_| get_states());
    let site = public_url();
    view! {
        <Title text=crate::t!("place-index-title")/>
        <Meta name="description" content=crate::t!("place-index-description")/>
        <Meta property="og:title" content=crate::t!("place-index-og-title")/>
        <Meta property="og:url" content=format!("{site}{}", href("/places"))/>
        <Meta property="og:type" content="website"/>
        <h1>{crate::t!("place-index-heading")}</h1>
        <p>{format!("{} ", crate::t!("place-index-intro"))}<a href=href("/places/propose")>{crate::t!("place-index-propose")}</a>"."</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((list, map)) => view! {
                        {map.map(|m| view! { <AreaMap map=m label=crate::t!("place-index-map-label")/> })}
                        <h2>{crate::t!("place-index-every-state")}</h2>
                        <ul class="state-list">
                            {list.into_iter().map(|(s, n)| view! {
                                <li><a href=s.url(lang())>{s.display_name.clone()}</a>
                                    <span class="sub">{format!(" {}", crate::t!("place-index-state-deals", count = n))}</span></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}
