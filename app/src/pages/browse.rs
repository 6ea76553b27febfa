//! `/deals`: every published deal, narrowed by filters carried in the query string, with
//! facet counts, text search with highlighted matches, pagination, exports and a feed.

use super::common::{basis_word, money, server_data, FieldErrorMsg};
use crate::api::{get_browse, get_entities};
use crate::error::AppError;
use crate::i18n::{href, lang};
use crate::model::{
    filter::{DealFilter, Sort},
    view::{BrowsePage, BrowseRow, FacetValue},
    DealKind, DealStatus, FieldErrors,
};
use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::use_location;

/// Renders text with \u{2}…\u{3} marks as <mark> elements (no HTML is ever injected).
fn marked(text: &str) -> impl IntoView {
    let mut parts = Vec::new();
    for (i, chunk) in text.split('\u{2}').enumerate() {
        if i == 0 {
            parts.push(view! { {chunk.to_string()} }.into_any());
            continue;
        }
        let (hit, rest) = chunk.split_once('\u{3}').unwrap_or((chunk, ""));
        parts.push(view! { <mark>{hit.to_string()}</mark>{rest.to_string()} }.into_any());
    }
    parts
}

/// The browse page.
#[component]
pub fn BrowsePage() -> impl IntoView {
    let location = use_location();
    let query = move || location.search.get();
    let data = server_data(query, |q| async move {
        let page = get_browse(q.clone()).await;
        let entities = get_entities().await.unwrap_or_default();
        (q, page, entities)
    });
    view! {
        <Title text=crate::t!("browse-title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let (q, page, entities) = data.await;
                let feed = href(&format!("/deals.atom{}", if q.is_empty() { String::new() } else { format!("?{}", q.trim_start_matches('?')) }));
                match page {
                    Ok((filter, page)) => view! {
                        <Link rel="alternate" type_="application/atom+xml" href=feed.clone() title=crate::t!("browse-feed-title")/>
                        <Body filter page entities errors=FieldErrors::new() feed/>
                    }.into_any(),
                    // The form comes back with what was typed and the one message that fits.
                    Err(AppError::Invalid(errors)) => {
                        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(q.trim_start_matches('?').as_bytes()).into_owned().collect();
                        view! { <Body filter=DealFilter::read(&pairs).0 page=BrowsePage::default() entities errors feed/> }.into_any()
                    }
                    Err(e) => super::common::error_view(e),
                }
            })}
        </Suspense>
    }
}

fn facet_list(title: String, name: &'static str, values: Vec<FacetValue>, filter: &DealFilter) -> impl IntoView {
    let label = title.clone();
    (!values.is_empty()).then(|| {
        view! {
            <section class="facet" aria-label=label>
                <h3>{title}</h3>
                <ul>
                    {values.into_iter().take(15).map(|v| {
                        let link = href(&format!("/deals{}", filter.toggled(name, &v.value).to_query(false)));
                        // Named here, in the page's language: the counts may be kept from a
                        // render in the other language.
                        let shown = match name {
                            "kind" => crate::model::DealKind::from_code(&v.value).map(|k| k.label()),
                            "status" => crate::model::DealStatus::from_code(&v.value).map(|s| s.label()),
                            _ => None,
                        }
                        .unwrap_or(v.label);
                        view! {
                            <li><a href=link class:selected=v.selected aria-current=v.selected.then_some("true")>
                                {if v.selected { "✓ " } else { "" }}{shown}" "<span class="count">{crate::model::money::format_count(v.count)}</span>
                            </a></li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn Body(
    filter: DealFilter,
    page: BrowsePage,
    entities: Vec<crate::model::view::EntityView>,
    errors: FieldErrors,
    feed: String,
) -> impl IntoView {
    let default_sort = filter.default_sort();
    let sort_value = move |s: Sort| if s == default_sort { "" } else { s.code() };
    let qs = filter.to_query(false);
    let csv = format!("/deals.csv{qs}");
    let json = format!("/deals.json{qs}");
    let next = page.next.clone().map(|n| {
        let mut f = filter.clone();
        f.after = Some(n);
        href(&format!("/deals{}", f.to_query(true)))
    });
    let first_page = filter.after.is_some().then(|| href(&format!("/deals{qs}")));
    let suggestion = page.suggestion.clone().map(|text| {
        let f = DealFilter { q: Some(text.clone()), after: None, ..filter.clone() };
        (text, href(&format!("/deals{}", f.to_query(false))))
    });
    let invalid = |k: &str| errors.contains_key(k).then_some("true");
    let val = |v: Option<String>| v.unwrap_or_default();
    view! {
        <h1>{crate::t!("browse-heading")}</h1>
        {errors.is_empty().then(|| view! {
            <p class="lede">{crate::t!("browse-matches", count = page.total, total = crate::model::money::format_count(page.total))}
                {page.place_label.clone().map(|p| format!(" {}", crate::t!("browse-in-place", place = p)))}</p>
        })}
        <div class="browse">
            <aside class="filters" id="filters" aria-label=crate::t!("browse-filters")>
                <form method="get" action=href("/deals") class="stack" role="search">
                    <div class="field">
                        <label for="q">{crate::t!("browse-search-label")}</label>
                        <input id="q" name="q" type="search" value=val(filter.q.clone()) aria-invalid=invalid("q") aria-describedby="err-q"
                            placeholder=crate::t!("browse-search-placeholder")/>
                        <FieldErrorMsg name="q".to_string() errors=errors.clone()/>
                    </div>
                    {filter.place.clone().map(|p| view! {
                        <input type="hidden" name="place" value=p/>
                        <p class="chip">{crate::t!("browse-place-chip", place = page.place_label.clone().unwrap_or_default())}" "
                            <a href=href(&format!("/deals{}", DealFilter { place: None, after: None, ..filter.clone() }.to_query(false)))>{crate::t!("browse-remove")}</a></p>
                    })}
                    <div class="field">
                        <label for="state">{crate::t!("browse-state")}</label>
                        <input id="state" name="state" value=val(filter.state.clone()) maxlength="2" placeholder=crate::t!("browse-state-placeholder")
                            aria-invalid=invalid("state") aria-describedby="err-state"/>
                        <FieldErrorMsg name="state".to_string() errors=errors.clone()/>
                    </div>
                    <fieldset>
                        <legend>{crate::t!("browse-kind")}</legend>
                        {DealKind::ALL.iter().map(|k| {
                            let id = format!("kind-{}", k.code());
                            view! { <div class="field check"><input type="checkbox" id=id.clone() name="kind" value=k.code() checked=filter.kinds.contains(k)/>
                                <label for=id>{k.label()}</label></div> }
                        }).collect_view()}
                    </fieldset>
                    <fieldset>
                        <legend>{crate::t!("browse-status")}</legend>
                        {DealStatus::ALL.iter().map(|k| {
                            let id = format!("status-{}", k.code());
                            view! { <div class="field check"><input type="checkbox" id=id.clone() name="status" value=k.code() checked=filter.statuses.contains(k)/>
                                <label for=id>{k.label()}</label></div> }
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="entity">{crate::t!("browse-company")}</label>
                        <select id="entity" name="entity">
                            <option value="">{crate::t!("browse-company-any")}</option>
                            {entities.into_iter().map(|e| {
                                let sel = filter.entity == Some(e.id);
                                let label = match &e.parent_name {
                                    Some(parent) => crate::t!("browse-company-part-of", name = &e.name, parent = parent),
                                    None => crate::t!("browse-company-and-its", name = &e.name),
                                };
                                view! { <option value=e.id.to_string() selected=sel>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="grid-2">
                        <div class="field"><label for="min">{crate::t!("browse-amount-from")}</label>
                            <input id="min" name="min" inputmode="decimal" value=filter.min.map(crate::model::money::format_for_input).unwrap_or_default()
                                aria-invalid=invalid("min") aria-describedby="err-min"/>
                            <FieldErrorMsg name="min".to_string() errors=errors.clone()/></div>
                        <div class="field"><label for="max">{crate::t!("browse-amount-to")}</label>
                            <input id="max" name="max" inputmode="decimal" value=filter.max.map(crate::model::money::format_for_input).unwrap_or_default()
                                aria-invalid=invalid("max") aria-describedby="err-max"/>
                            <FieldErrorMsg name="max".to_string() errors=errors.clone()/></div>
                        <div class="field"><label for="from">{crate::t!("browse-date-from")}</label>
                            <input id="from" name="from" value=filter.from.map(|d| d.to_iso()).unwrap_or_default() placeholder="2019"
                                aria-invalid=invalid("from") aria-describedby="err-from"/>
                            <FieldErrorMsg name="from".to_string() errors=errors.clone()/></div>
                        <div class="field"><label for="to">{crate::t!("browse-date-to")}</label>
                            <input id="to" name="to" value=filter.to.map(|d| d.to_iso()).unwrap_or_default() placeholder="2024-06"
                                aria-invalid=invalid("to") aria-describedby="err-to"/>
                            <FieldErrorMsg name="to".to_string() errors=errors.clone()/></div>
                    </div>
                    <div class="field">
                        <label for="disclosed">{crate::t!("browse-amount")}</label>
                        <select id="disclosed" name="disclosed">
                            <option value="" selected=filter.disclosed.is_none()>{crate::t!("browse-disclosed-any")}</option>
                            <option value="yes" selected=filter.disclosed == Some(true)>{crate::t!("browse-disclosed-yes")}</option>
                            <option value="no" selected=filter.disclosed == Some(false)>{crate::t!("browse-disclosed-no")}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="sort">{crate::t!("browse-order")}</label>
                        // The view's default order is sent as no order, so typing a search into
                        // a list shown newest first gives its best matches first.
                        <select id="sort" name="sort">
                            <option value=sort_value(Sort::Newest) selected=filter.sort == Sort::Newest>{crate::t!("browse-sort-newest")}</option>
                            <option value=sort_value(Sort::Amount) selected=filter.sort == Sort::Amount>{crate::t!("browse-sort-amount")}</option>
                            <option value=sort_value(Sort::Approved) selected=filter.sort == Sort::Approved>{crate::t!("browse-sort-approved")}</option>
                            <option value=sort_value(Sort::Relevance) selected=filter.sort == Sort::Relevance>{crate::t!("browse-sort-relevance")}</option>
                        </select>
                    </div>
                    <button type="submit">{crate::t!("browse-submit")}</button>
                    <p><a href=href("/deals")>{crate::t!("browse-clear")}</a></p>
                </form>
            </aside>
            <div class="results">
                <p class="jump"><a href="#filters">{crate::t!("browse-jump")}</a></p>
                // A view that couldn't be read has nothing to download or break down.
                {errors.is_empty().then(|| view! {
                    <p class="exports">{format!("{} ", crate::t!("browse-download"))}<a href=csv.clone() download="deals.csv">"CSV"</a>" · "
                        <a href=json>"JSON"</a>" · " <a href=href(&super::follow::follow_link(&feed))>{crate::t!("browse-follow")}</a>" · " <a href=href("/about/data")>{crate::t!("browse-about-data")}</a></p>
                })}
                {(page.total > 0).then(|| view! { <h2 class="facets-title">{crate::t!("browse-facets-heading")}</h2> })}
                <div class="facets">
                    {facet_list(crate::t!("browse-kind"), "kind", page.facets.kind.clone(), &filter)}
                    {facet_list(crate::t!("browse-status"), "status", page.facets.status.clone(), &filter)}
                    {facet_list(crate::t!("browse-company"), "entity", page.facets.entity.clone(), &filter)}
                    {facet_list(crate::t!("browse-state"), "state", page.facets.state.clone(), &filter)}
                    {facet_list(crate::t!("browse-year"), "year", page.facets.year.clone(), &filter)}
                </div>
                {(page.rows.is_empty() && errors.is_empty()).then(|| match suggestion {
                    Some((text, link)) => view! {
                        <p class="empty" id="suggestion">{format!("{} ", crate::t!("browse-suggest-before"))}<a href=link>{text}</a>{crate::t!("browse-suggest-after")}</p>
                    }.into_any(),
                    None => view! { <p class="empty">{crate::t!("browse-none")}</p> }.into_any(),
                })}
                <ol class="browse-list">
                    {page.rows.into_iter().map(|r| view! { <Item r/> }).collect_view()}
                </ol>
                <nav class="pager" aria-label=crate::t!("browse-pages")>
                    {first_page.map(|h| view! { <a href=h>{crate::t!("browse-first-page")}</a> })}
                    {next.map(|h| view! { <a href=h rel="next">{crate::t!("browse-next-page")}</a> })}
                </nav>
            </div>
        </div>
    }
}

#[component]
fn Item(r: BrowseRow) -> impl IntoView {
    let row = r.row;
    view! {
        <li class="deal-item">
            <h2><a href=href(&format!("/deals/{}", row.id))>{match r.marked_title { Some(t) => marked(&t).into_any(), None => view! { {row.title.clone()} }.into_any() }}</a></h2>
            <p class="sub"><a href=row.jurisdiction_path.url(lang())>{row.jurisdiction_label.clone()}</a>" · "{row.entity_name.clone()}" · "
                {row.kind.label()}" · "{row.status.label()}{row.date.map(|d| format!(" · {d}"))}</p>
            <p><strong>{money(row.amount_cents)}</strong>" "{basis_word(row.value_basis)}
                {row.first_source_url.clone().map(|u| view! { " · " <a href=u rel="noopener noreferrer nofollow">{crate::t!("browse-source")}</a> })}</p>
            {r.snippet.filter(|s| s.contains('\u{2}')).map(|s| view! { <p class="snippet">{marked(&s)}</p> })}
            {r.found_in.map(|h| view! {
                <p class="snippet found-in">
                    <a href=href(&crate::model::document::page_link(&h.sha256, h.page))>{crate::t!("browse-found-in", page = h.page.to_string(), title = &h.title)}</a>
                    ": "{marked(&h.snippet)}
                </p>
            })}
        </li>
    }
}
