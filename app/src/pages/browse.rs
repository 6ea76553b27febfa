//! `/deals`: every published deal, narrowed by filters carried in the query string, with
//! facet counts, text search with highlighted matches, pagination, exports and a feed.

use super::common::{basis_word, money, server_data, FieldErrorMsg};
use crate::api::{get_browse, get_entities};
use crate::error::AppError;
use crate::i18n::lang;
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
        <Title text="All deals · Amazon Contract Tracker"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let (q, page, entities) = data.await;
                let feed = format!("/deals.atom{}", if q.is_empty() { String::new() } else { format!("?{}", q.trim_start_matches('?')) });
                match page {
                    Ok((filter, page)) => view! {
                        <Link rel="alternate" type_="application/atom+xml" href=feed.clone() title="New and changed deals in this view"/>
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

fn facet_list(title: &'static str, name: &'static str, values: Vec<FacetValue>, filter: &DealFilter) -> impl IntoView {
    (!values.is_empty()).then(|| {
        view! {
            <section class="facet" aria-label=title>
                <h3>{title}</h3>
                <ul>
                    {values.into_iter().take(15).map(|v| {
                        let href = format!("/deals{}", filter.toggled(name, &v.value).to_query(false));
                        view! {
                            <li><a href=href class:selected=v.selected aria-current=v.selected.then_some("true")>
                                {if v.selected { "✓ " } else { "" }}{v.label}" "<span class="count">{crate::model::money::format_count(v.count)}</span>
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
        format!("/deals{}", f.to_query(true))
    });
    let first_page = filter.after.is_some().then(|| format!("/deals{qs}"));
    let suggestion = page.suggestion.clone().map(|text| {
        let f = DealFilter { q: Some(text.clone()), after: None, ..filter.clone() };
        (text, format!("/deals{}", f.to_query(false)))
    });
    let invalid = |k: &str| errors.contains_key(k).then_some("true");
    let val = |v: Option<String>| v.unwrap_or_default();
    view! {
        <h1>"All deals"</h1>
        {errors.is_empty().then(|| view! {
            <p class="lede">{format!("{} deal{} match{}.", crate::model::money::format_count(page.total), if page.total == 1 { "" } else { "s" }, if page.total == 1 { "es" } else { "" })}
                {page.place_label.clone().map(|p| format!(" In {p}."))}</p>
        })}
        <div class="browse">
            <aside class="filters" id="filters" aria-label="Filters">
                <form method="get" action="/deals" class="stack" role="search">
                    <div class="field">
                        <label for="q">"Search the text"</label>
                        <input id="q" name="q" type="search" value=val(filter.q.clone()) aria-invalid=invalid("q") aria-describedby="err-q"
                            placeholder="e.g. data center, Ring, GovCloud"/>
                        <FieldErrorMsg name="q".to_string() errors=errors.clone()/>
                    </div>
                    {filter.place.clone().map(|p| view! {
                        <input type="hidden" name="place" value=p/>
                        <p class="chip">{format!("Place: {}", page.place_label.clone().unwrap_or_default())}" "
                            <a href=format!("/deals{}", DealFilter { place: None, after: None, ..filter.clone() }.to_query(false))>"(remove)"</a></p>
                    })}
                    <div class="field">
                        <label for="state">"State"</label>
                        <input id="state" name="state" value=val(filter.state.clone()) maxlength="2" placeholder="e.g. VA"
                            aria-invalid=invalid("state") aria-describedby="err-state"/>
                        <FieldErrorMsg name="state".to_string() errors=errors.clone()/>
                    </div>
                    <fieldset>
                        <legend>"Kind"</legend>
                        {DealKind::ALL.iter().map(|k| {
                            let id = format!("kind-{}", k.code());
                            view! { <div class="field check"><input type="checkbox" id=id.clone() name="kind" value=k.code() checked=filter.kinds.contains(k)/>
                                <label for=id>{k.label()}</label></div> }
                        }).collect_view()}
                    </fieldset>
                    <fieldset>
                        <legend>"Status"</legend>
                        {DealStatus::ALL.iter().map(|k| {
                            let id = format!("status-{}", k.code());
                            view! { <div class="field check"><input type="checkbox" id=id.clone() name="status" value=k.code() checked=filter.statuses.contains(k)/>
                                <label for=id>{k.label()}</label></div> }
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="entity">"Amazon company"</label>
                        <select id="entity" name="entity">
                            <option value="">"Any"</option>
                            {entities.into_iter().map(|e| {
                                let sel = filter.entity == Some(e.id);
                                let label = if e.parent_name.is_some() { format!("{} (part of {})", e.name, e.parent_name.clone().unwrap_or_default()) } else { format!("{} and its companies", e.name) };
                                view! { <option value=e.id.to_string() selected=sel>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="grid-2">
                        <div class="field"><label for="min">"Amount from"</label>
                            <input id="min" name="min" inputmode="decimal" value=filter.min.map(crate::model::money::format_for_input).unwrap_or_default()
                                aria-invalid=invalid("min") aria-describedby="err-min"/>
                            <FieldErrorMsg name="min".to_string() errors=errors.clone()/></div>
                        <div class="field"><label for="max">"Amount up to"</label>
                            <input id="max" name="max" inputmode="decimal" value=filter.max.map(crate::model::money::format_for_input).unwrap_or_default()
                                aria-invalid=invalid("max") aria-describedby="err-max"/>
                            <FieldErrorMsg name="max".to_string() errors=errors.clone()/></div>
                        <div class="field"><label for="from">"From date"</label>
                            <input id="from" name="from" value=filter.from.map(|d| d.to_iso()).unwrap_or_default() placeholder="2019"
                                aria-invalid=invalid("from") aria-describedby="err-from"/>
                            <FieldErrorMsg name="from".to_string() errors=errors.clone()/></div>
                        <div class="field"><label for="to">"To date"</label>
                            <input id="to" name="to" value=filter.to.map(|d| d.to_iso()).unwrap_or_default() placeholder="2024-06"
                                aria-invalid=invalid("to") aria-describedby="err-to"/>
                            <FieldErrorMsg name="to".to_string() errors=errors.clone()/></div>
                    </div>
                    <div class="field">
                        <label for="disclosed">"Amount"</label>
                        <select id="disclosed" name="disclosed">
                            <option value="" selected=filter.disclosed.is_none()>"Disclosed or not"</option>
                            <option value="yes" selected=filter.disclosed == Some(true)>"Disclosed only"</option>
                            <option value="no" selected=filter.disclosed == Some(false)>"Not disclosed only"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="sort">"Order"</label>
                        // The view's default order is sent as no order, so typing a search into
                        // a list shown newest first gives its best matches first.
                        <select id="sort" name="sort">
                            <option value=sort_value(Sort::Newest) selected=filter.sort == Sort::Newest>"Newest recorded"</option>
                            <option value=sort_value(Sort::Amount) selected=filter.sort == Sort::Amount>"Largest amount"</option>
                            <option value=sort_value(Sort::Approved) selected=filter.sort == Sort::Approved>"Latest approval date"</option>
                            <option value=sort_value(Sort::Relevance) selected=filter.sort == Sort::Relevance>"Best match (with a search)"</option>
                        </select>
                    </div>
                    <button type="submit">"Show deals"</button>
                    <p><a href="/deals">"Clear all filters"</a></p>
                </form>
            </aside>
            <div class="results">
                <p class="jump"><a href="#filters">"Filter these deals"</a></p>
                // A view that couldn't be read has nothing to download or break down.
                {errors.is_empty().then(|| view! {
                    <p class="exports">"Download this view: " <a href=csv.clone() download="deals.csv">"CSV"</a>" · "
                        <a href=json>"JSON"</a>" · " <a href=super::follow::follow_link(&feed)>"Follow this list"</a>" · " <a href="/about/data">"About the data"</a></p>
                })}
                {(page.total > 0).then(|| view! { <h2 class="facets-title">"How these deals break down"</h2> })}
                <div class="facets">
                    {facet_list("Kind", "kind", page.facets.kind.clone(), &filter)}
                    {facet_list("Status", "status", page.facets.status.clone(), &filter)}
                    {facet_list("Amazon company", "entity", page.facets.entity.clone(), &filter)}
                    {facet_list("State", "state", page.facets.state.clone(), &filter)}
                    {facet_list("Year", "year", page.facets.year.clone(), &filter)}
                </div>
                {(page.rows.is_empty() && errors.is_empty()).then(|| match suggestion {
                    Some((text, href)) => view! {
                        <p class="empty" id="suggestion">"No deals match. Did you mean "<a href=href>{text}</a>"?"</p>
                    }.into_any(),
                    None => view! { <p class="empty">"No deals match. Remove a filter, or search for fewer words."</p> }.into_any(),
                })}
                <ol class="browse-list">
                    {page.rows.into_iter().map(|r| view! { <Item r/> }).collect_view()}
                </ol>
                <nav class="pager" aria-label="Pages">
                    {first_page.map(|h| view! { <a href=h>"← First page"</a> })}
                    {next.map(|h| view! { <a href=h rel="next">"Next 50 →"</a> })}
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
            <h2><a href=format!("/deals/{}", row.id)>{match r.marked_title { Some(t) => marked(&t).into_any(), None => view! { {row.title.clone()} }.into_any() }}</a></h2>
            <p class="sub"><a href=row.jurisdiction_path.url(lang())>{row.jurisdiction_label.clone()}</a>" · "{row.entity_name.clone()}" · "
                {row.kind.label()}" · "{row.status.label()}{row.date.map(|d| format!(" · {d}"))}</p>
            <p><strong>{money(row.amount_cents)}</strong>" "{basis_word(row.value_basis)}
                {row.first_source_url.clone().map(|u| view! { " · " <a href=u rel="noopener noreferrer nofollow">"Source"</a> })}</p>
            {r.snippet.filter(|s| s.contains('\u{2}')).map(|s| view! { <p class="snippet">{marked(&s)}</p> })}
        </li>
    }
}
