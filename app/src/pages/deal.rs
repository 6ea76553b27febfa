//! `/deals/{id}`: every field of a deal, its sources, its government and state.

use super::common::{basis_word, error_view, money, server_data};
use crate::api::{current_viewer, get_deal};
use crate::i18n::{href, lang};
use crate::model::urls::PlacePath;
use crate::model::{view::DealView, workflow::RevisionState, PartialDate, ReviewState};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

fn row(label: String, value: Option<String>) -> impl IntoView {
    value.map(|v| view! { <div class="row"><dt>{label}</dt><dd>{v}</dd></div> })
}

fn date(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// The day a deal was recorded: as stored (2023-05-17) in English, as the page's language
/// writes dates ("17 de mayo de 2023") otherwise.
fn recorded_on(created_at: &str) -> String {
    match lang() {
        crate::i18n::Lang::En => created_at.get(..10).unwrap_or("").to_string(),
        _ => crate::model::dates::long_date(created_at),
    }
}

/// The deal page.
#[component]
pub fn DealPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = server_data(id, |id| async move {
        match id {
            Some(id) if id > 0 => get_deal(id).await,
            _ => {
                #[cfg(feature = "ssr")]
                if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                    res.set_status(http::StatusCode::NOT_FOUND);
                }
                Err(crate::error::AppError::NotFound)
            }
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) if d.withdrawn_reason.is_some() => view! { <Withdrawn d/> }.into_any(),
                    Ok(d) => view! { <DealBody d/> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}

/// What a withdrawn deal was, why it was withdrawn, and the deal kept in its place.
#[component]
fn Withdrawn(d: DealView) -> impl IntoView {
    let j = d.jurisdiction.clone();
    view! {
        <Title text=crate::t!("deal-page-withdrawn-title", title = &d.deal.title)/>
        <nav class="crumbs" aria-label=crate::t!("deal-page-breadcrumb")>
            <a href=PlacePath::state(&j.state_usps).url(lang())>{j.state_name.clone()}</a>
            {(j.kind != crate::model::JurisdictionKind::State).then(|| view! { " › " <a href=j.url(lang())>{j.display_name.clone()}</a> })}
        </nav>
        <h1>{crate::t!("deal-page-withdrawn-heading")}</h1>
        <p class="lede">{format!("{} ", crate::t!("deal-page-number-colon", id = d.id.to_string()))}<strong>{d.deal.title.clone()}</strong>", "<a href=j.url(lang())>{j.label()}</a>
            {format!(" {} ", crate::t!("deal-page-and"))}{d.entity.name.clone()}"."</p>
        <p>{crate::t!("deal-page-withdrawn-lede")}</p>
        <p><strong>{format!("{} ", crate::t!("deal-page-withdrawn-reason"))}</strong>{d.withdrawn_reason.clone().unwrap_or_default()}</p>
        {d.duplicate_of.map(|k| view! {
            <p>{format!("{} ", crate::t!("deal-page-duplicated", id = k.to_string()))}
                <a href=href(&format!("/deals/{k}"))>{d.duplicate_title.clone().unwrap_or_else(|| crate::t!("deal-page-deal-n", id = k.to_string()))}</a>{crate::t!("deal-page-duplicate-kept")}</p>
        })}
        <p><a href=href(&format!("/deals/{}/history", d.id))>{crate::t!("deal-page-full-history")}</a></p>
    }
}

#[component]
fn DealBody(d: DealView) -> impl IntoView {
    let j = d.jurisdiction.clone();
    // Anyone signed in may attach a source's document (a contributor's attachment is an
    // edit, reviewed like any other).
    let signed_in = current_viewer().is_some();
    let headline = money(d.deal.amount_cents);
    let basis = d.deal.amount_cents.map(|_| basis_word(d.deal.value_basis));
    let description = crate::t!(
        "deal-page-description",
        place = j.label(),
        title = &d.deal.title,
        company = &d.entity.name,
        amount = &headline,
        basis = basis.as_deref().unwrap_or_default(),
    );
    view! {
        <Title text=format!("{} · {} · Amazon Contract Tracker", d.deal.title, j.label())/>
        <Meta name="description" content=description/>
        <nav class="crumbs" aria-label=crate::t!("deal-page-breadcrumb")>
            <a href=PlacePath::state(&j.state_usps).url(lang())>{j.state_name.clone()}</a>
            {(j.kind != crate::model::JurisdictionKind::State).then(|| view! { " › " <a href=j.url(lang())>{j.display_name.clone()}</a> })}
        </nav>
        <ReviewBanner d=d.clone()/>
        <h1>{d.deal.title.clone()}</h1>
        <p class="lede">
            <a href=j.url(lang())>{j.label()}</a>" ("{j.type_label()}{format!(") {} ", crate::t!("deal-page-and"))}<strong>{d.entity.name.clone()}</strong>
            {d.entity.parent_name.clone().map(|p| format!(" {}", crate::t!("deal-page-part-of", parent = p)))}
        </p>
        <p class="headline-amount">
            <span class="amount">{headline}</span>
            {basis.map(|b| view! { " " <span class="basis">{b}</span> })}
            {(d.review_state == ReviewState::Unreviewed).then(|| view! { " " <span class="badge">{crate::t!("deal-page-unreviewed")}</span> })}
        </p>
        <dl class="facts">
            {row(crate::t!("deal-page-row-kind"), Some(d.deal.kind.label().to_string()))}
            {row(crate::t!("deal-page-row-status"), Some(d.deal.status.label().to_string()))}
            {row(crate::t!("deal-page-row-agency"), d.deal.agency.clone())}
            {row(crate::t!("deal-page-row-program"), d.deal.program.clone())}
            {row(crate::t!("deal-page-row-amount"), Some(money(d.deal.amount_cents)))}
            {row(crate::t!("deal-page-row-basis"), d.deal.value_basis.map(|b| b.label().to_string()))}
            {row(crate::t!("deal-page-row-announced"), date(d.deal.announced))}
            {row(crate::t!("deal-page-row-approved"), date(d.deal.approved))}
            {row(crate::t!("deal-page-row-starts"), date(d.deal.starts))}
            {row(crate::t!("deal-page-row-ends"), date(d.deal.ends))}
            {row(crate::t!("deal-page-row-jobs"), d.deal.jobs_promised.map(|n| n.to_string()))}
            {row(crate::t!("deal-page-row-facility"), d.deal.facility_name.clone())}
            {row(crate::t!("deal-page-row-facility-location"), d.deal.facility_location.clone())}
            {row(crate::t!("deal-page-row-government"), Some(format!("{} ({}), {}", j.display_name, j.type_label(), j.state_name)))}
            {row(crate::t!("deal-page-row-identifier"), j.geoidfq.clone().or(j.leaid.clone().map(|l| format!("NCES LEAID {l}"))))}
        </dl>
        {d.deal.description.clone().map(|text| view! { <h2>{crate::t!("deal-page-what-happened")}</h2> <p class="description">{text}</p> })}
        <super::upcoming::DealEvents events=d.deal.events.clone()/>
        <h2 id="sources">{crate::t!("deal-page-sources")}</h2>
        <ol class="sources">
            {d.deal.sources.clone().into_iter().map(|s| {
                let kept = s.document.as_ref().and_then(|sha| d.documents.iter().find(|b| &b.sha256 == sha).cloned());
                let attach = signed_in.then(|| crate::model::document::attach_path(d.id, &s.id));
                view! {
                <li>
                    {match s.url.clone() {
                        Some(u) => view! { <a href=u.clone() rel="noopener noreferrer nofollow">{s.title.clone().unwrap_or(u.clone())}</a> }.into_any(),
                        None => view! { <cite>{s.title.clone().unwrap_or_default()}</cite> }.into_any(),
                    }}
                    {s.publisher.clone().map(|p| format!(", {p}"))}
                    {s.published.map(|p| format!(", {p}"))}
                    {s.archive_url.clone().map(|a| view! { " (" <a href=a rel="noopener noreferrer nofollow">{crate::t!("deal-page-archived-copy")}</a> ")" })}
                    {s.note.clone().map(|n| view! { <p class="sub">{n}</p> })}
                    {kept.map(|b| view! {
                        <p class="kept-document">
                            <a href=href(&format!("/documents/{}", b.sha256))>{crate::t!("deal-page-document-kept")}</a>
                            {format!(" ({}, {})", crate::t!(b.media_type.msg_id()), crate::model::document::format_size(b.size))}
                            <br/><span class="sub">"SHA-256 "<code class="hash">{b.sha256.clone()}</code></span>
                        </p>
                    })}
                    {attach.map(|to| view! {
                        <p class="sub"><a href=href(&to)>{if s.document.is_some() { crate::t!("deal-page-document-replace") } else { crate::t!("deal-page-document-attach") }}</a></p>
                    })}
                </li>
            }}).collect_view()}
        </ol>
        {(!d.resolved_reports.is_empty()).then(|| view! {
            <section aria-labelledby="reports-h">
                <h2 id="reports-h">{crate::t!("deal-page-corrections")}</h2>
                <ul class="resolved">
                    {d.resolved_reports.iter().map(|r| view! {
                        <li>{format!("{} ", crate::t!("deal-page-resolved-on", date = crate::model::dates::long_date(&r.on)))}{r.reason.clone()}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <DealLinks id=d.id published=d.published list=d.links.clone()/>
        <DealActions d=d.clone()/>
        <p class="meta">
            {format!("{} ", crate::t!("deal-page-number", id = d.id.to_string()))}
            {format!("{} ", crate::t!("deal-page-recorded-by", who = d.created_by.clone().unwrap_or_else(|| crate::t!("deal-page-deleted-user")), date = recorded_on(&d.created_at)))}
            {format!("{} ", crate::t!("deal-page-revisions", count = d.revision_count))}
            <a href=href(&format!("/deals/{}/history", d.id))>{crate::t!("deal-page-see-history")}</a>
        </p>
    }
}

/// Tells the author (and moderators) where a deal stands, and confirms what they just did.
#[component]
fn ReviewBanner(d: DealView) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let submitted = query.read_untracked().get("submitted").is_some();
    let flagged = query.read_untracked().get("flagged").is_some();
    let id = d.id;
    let unpublished = match (&d.published, &d.review) {
        (false, Some((RevisionState::Rejected, reason))) => Some(
            view! {
                <div class="notice bad" role="status">
                    <p><strong>{crate::t!("deal-page-rejected")}</strong></p>
                    {reason.clone().map(|r| view! { <p>{crate::t!("deal-page-rejected-reason", reason = r)}</p> })}
                    <p>{format!("{} ", crate::t!("deal-page-rejected-only-you"))}<a href=href(&format!("/deals/{id}/edit"))>{crate::t!("deal-page-rejected-correct")}</a>
                        {crate::t!("deal-page-rejected-or")}<a href=href(&format!("/deals/{id}/history"))>{crate::t!("deal-page-rejected-history")}</a>"."</p>
                </div>
            }
            .into_any(),
        ),
        (false, _) => Some(
            view! {
                <p class="notice" role="status"><strong>{format!("{} ", crate::t!("deal-page-waiting"))}</strong>
                {format!("{} ", crate::t!("deal-page-waiting-only-you"))}
                <a href=href(&format!("/deals/{id}/history"))>{crate::t!("deal-page-waiting-status")}</a></p>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        {unpublished}
        {d.my_pending.map(|n| view! {
            <p class="notice" role="status">
                {if submitted {
                    view! { {format!("{} ", crate::t!("deal-page-sent"))} }.into_any()
                } else {
                    view! { <strong>{format!("{} ", crate::t!("deal-page-mine-waiting"))}</strong>
                        {format!("{} ", crate::t!("deal-page-mine-published-shown"))} }.into_any()
                }}
                <a href=href(&format!("/deals/{id}/history#r{n}"))>{crate::t!("deal-page-see-mine")}</a>" · "
                <a href=href(&format!("/deals/{id}/edit"))>{crate::t!("deal-page-change-again")}</a></p>
        })}
        {(submitted && d.published && d.my_pending.is_none()).then(|| view! {
            <p class="notice" role="status">{crate::t!("deal-page-sent")}</p>
        })}
        {flagged.then(|| view! { <p class="notice" role="status">{crate::t!("deal-page-flagged")}</p> })}
    }
}

/// Edit, flag and (for moderators) withdraw.
#[component]
fn DealActions(d: DealView) -> impl IntoView {
    let viewer = current_viewer();
    let echo = use_context::<crate::FormEcho>().unwrap_or_default();
    let id = d.id;
    let Some(v) = viewer else {
        return view! {
            <p class="actions"><a href=href(&format!("/login?next={}", href(&format!("/deals/{id}"))))>{crate::t!("deal-page-sign-in")}</a>{format!(" {}", crate::t!("deal-page-sign-in-after"))}</p>
        }
        .into_any();
    };
    let moderator = v.is_moderator();
    let errors = echo.errors.clone();
    view! {
        <section class="actions" aria-label=crate::t!("deal-page-improve")>
            <p><a class="button secondary" href=href(&format!("/deals/{id}/edit"))>{crate::t!("deal-page-correct")}</a></p>
            {echo.summary.as_ref().filter(|_| !errors.contains_key("note") && !errors.contains_key("flag_kind")).map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
            {d.published.then(|| view! {
                <details open=errors.contains_key("note") || errors.contains_key("flag_kind") id="report">
                    <summary>{crate::t!("deal-page-report")}</summary>
                    <form method="post" action=href(&format!("/deals/{id}/flag")) class="stack">
                        {(errors.contains_key("note") || errors.contains_key("flag_kind")).then(|| view! {
                            <p class="error" role="alert" tabindex="-1" autofocus=true>{crate::t!("deal-page-report-not-sent")}</p>
                        })}
                        <div class="field">
                            <label for="flag-kind">{crate::t!("deal-page-report-what")}</label>
                            <select id="flag-kind" name="kind" aria-describedby="err-flag_kind">
                                {crate::model::workflow::FLAG_KINDS.iter().map(|(k, l)| {
                                    let chosen = echo.values.get("kind").is_some_and(|v| v == k);
                                    view! { <option value=*k selected=chosen>{crate::t!(*l)}</option> }
                                }).collect_view()}
                            </select>
                            <super::common::FieldErrorMsg name="flag_kind".to_string() errors=errors.clone()/>
                        </div>
                        <div class="field">
                            <label for="flag-note">{crate::t!("deal-page-report-details")}</label>
                            <textarea id="flag-note" name="note" rows="3" aria-describedby="err-note">{echo.values.get("note").cloned().unwrap_or_default()}</textarea>
                            <super::common::FieldErrorMsg name="note".to_string() errors=errors.clone()/>
                        </div>
                        <button type="submit">{crate::t!("deal-page-report-send")}</button>
                    </form>
                </details>
            })}
            {moderator.then(|| view! {
                <details open=errors.contains_key("reason") || errors.contains_key("duplicate_of")>
                    <summary>{crate::t!("deal-page-withdraw")}</summary>
                    <form method="post" action=href(&format!("/deals/{id}/withdraw")) class="stack">
                        <div class="field">
                            <label for="withdraw-reason">{crate::t!("deal-page-withdraw-reason")}</label>
                            <input id="withdraw-reason" name="reason" required aria-describedby="err-reason"/>
                            <super::common::FieldErrorMsg name="reason".to_string() errors=errors.clone()/>
                        </div>
                        <div class="field">
                            <label for="duplicate-of">{format!("{} ", crate::t!("deal-page-withdraw-duplicate"))}<span class="optional">{crate::t!("deal-page-optional")}</span></label>
                            <input id="duplicate-of" name="duplicate_of" value=echo.values.get("duplicate_of").cloned().unwrap_or_default()
                                aria-describedby="duplicate-of-hint err-duplicate_of"/>
                            <p class="hint" id="duplicate-of-hint">{crate::t!("deal-page-withdraw-duplicate-hint")}</p>
                            <super::common::FieldErrorMsg name="duplicate_of".to_string() errors=errors.clone()/>
                        </div>
                        <button type="submit" class="danger">{crate::t!("deal-page-withdraw-button")}</button>
                    </form>
                </details>
            })}
        </section>
    }.into_any()
}

/// Deals linked to this one, and (signed in) a form to add a link.
#[component]
fn DealLinks(id: i64, published: bool, list: Vec<crate::model::view::LinkRow>) -> impl IntoView {
    // The links come with the deal: no nested resource, so the page renders in one pass.
    let viewer = current_viewer();
    let moderator = viewer.as_ref().is_some_and(crate::model::view::Viewer::is_moderator);
    let echo = use_context::<crate::FormEcho>().unwrap_or_default();
    let errors = echo.errors.clone();
    {
        view! {
            <section aria-labelledby="links-h">
                <h2 id="links-h">{crate::t!("deal-page-links")}</h2>
                {list.is_empty().then(|| view! { <p class="empty">{crate::t!("deal-page-links-none")}</p> })}
                <ul class="links">
                    {list.into_iter().map(|l| view! {
                        <li>{l.relation}" "<a href=href(&format!("/deals/{}", l.other_id))>{l.other_title}</a>
                            " (" <a href=l.other_place_path.url(lang())>{l.other_place}</a> ")"
                            {moderator.then(|| view! {
                                <form method="post" action=href(&format!("/deals/{id}/links/{}/remove", l.id)) class="inline-form">
                                    <button type="submit" class="link-button">{crate::t!("deal-page-link-remove")}</button>
                                </form>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
                {(viewer.is_some() && published).then(|| view! {
                    <details open=errors.contains_key("other")>
                        <summary>{crate::t!("deal-page-link-add")}</summary>
                        <form method="post" action=href(&format!("/deals/{id}/links")) class="stack">
                            <div class="field">
                                <label for="link-kind">{crate::t!("deal-page-link-kind")}</label>
                                <select id="link-kind" name="link_kind">
                                    <option value="package">{crate::t!("deal-page-link-package")}</option>
                                    <option value="amends">{crate::t!("deal-page-link-amends")}</option>
                                    <option value="renews">{crate::t!("deal-page-link-renews")}</option>
                                    <option value="cooperative_buy">{crate::t!("deal-page-link-cooperative")}</option>
                                </select>
                            </div>
                            <div class="field">
                                <label for="link-other">{crate::t!("deal-page-link-other")}</label>
                                <input id="link-other" name="other" inputmode="numeric" aria-describedby="link-other-hint err-other"/>
                                <p class="hint" id="link-other-hint">{crate::t!("deal-page-link-other-hint")}</p>
                                <super::common::FieldErrorMsg name="other".to_string() errors=errors.clone()/>
                            </div>
                            <button type="submit">{crate::t!("deal-page-link-button")}</button>
                        </form>
                    </details>
                })}
            </section>
        }
    }
}
