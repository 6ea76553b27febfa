//! `/deals/{id}`: every field of a deal, its sources, its government and state.

use super::common::{basis_word, error_view, money, server_data};
use crate::api::{current_viewer, get_deal};
use crate::i18n::lang;
use crate::model::urls::PlacePath;
use crate::model::{view::DealView, workflow::RevisionState, PartialDate, ReviewState};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

fn row(label: &'static str, value: Option<String>) -> impl IntoView {
    value.map(|v| view! { <div class="row"><dt>{label}</dt><dd>{v}</dd></div> })
}

fn date(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string())
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
        <Title text=format!("Withdrawn: {} · Amazon Contract Tracker", d.deal.title)/>
        <nav class="crumbs" aria-label="Breadcrumb">
            <a href=PlacePath::state(&j.state_usps).url(lang())>{j.state_name.clone()}</a>
            {(j.kind != crate::model::JurisdictionKind::State).then(|| view! { " › " <a href=j.url(lang())>{j.display_name.clone()}</a> })}
        </nav>
        <h1>"This deal was withdrawn"</h1>
        <p class="lede">{format!("Deal number {}: ", d.id)}<strong>{d.deal.title.clone()}</strong>", "<a href=j.url(lang())>{j.label()}</a>
            " and "{d.entity.name.clone()}"."</p>
        <p>"A moderator withdrew it. It no longer counts in any total or list."</p>
        <p><strong>"Reason: "</strong>{d.withdrawn_reason.clone().unwrap_or_default()}</p>
        {d.duplicate_of.map(|k| view! {
            <p>"It duplicated deal number "{k.to_string()}": "
                <a href=format!("/deals/{k}")>{d.duplicate_title.clone().unwrap_or_else(|| format!("deal {k}"))}</a>", which is kept."</p>
        })}
        <p><a href=format!("/deals/{}/history", d.id)>"See its full history"</a></p>
    }
}

#[component]
fn DealBody(d: DealView) -> impl IntoView {
    let j = d.jurisdiction.clone();
    let headline = money(d.deal.amount_cents);
    let basis = d.deal.amount_cents.map(|_| basis_word(d.deal.value_basis));
    let description = format!("{}: {} with {}. {} {}", j.label(), d.deal.title, d.entity.name, headline, basis.unwrap_or_default());
    view! {
        <Title text=format!("{} · {} · Amazon Contract Tracker", d.deal.title, j.label())/>
        <Meta name="description" content=description/>
        <nav class="crumbs" aria-label="Breadcrumb">
            <a href=PlacePath::state(&j.state_usps).url(lang())>{j.state_name.clone()}</a>
            {(j.kind != crate::model::JurisdictionKind::State).then(|| view! { " › " <a href=j.url(lang())>{j.display_name.clone()}</a> })}
        </nav>
        <ReviewBanner d=d.clone()/>
        <h1>{d.deal.title.clone()}</h1>
        <p class="lede">
            <a href=j.url(lang())>{j.label()}</a>" ("{j.type_label()}") and "<strong>{d.entity.name.clone()}</strong>
            {d.entity.parent_name.clone().map(|p| format!(" (part of {p})"))}
        </p>
        <p class="headline-amount">
            <span class="amount">{headline}</span>
            {basis.map(|b| view! { " " <span class="basis">{b}</span> })}
            {(d.review_state == ReviewState::Unreviewed).then(|| view! { " " <span class="badge">"not yet checked by a moderator"</span> })}
        </p>
        <dl class="facts">
            {row("Kind", Some(d.deal.kind.label().to_string()))}
            {row("Status", Some(d.deal.status.label().to_string()))}
            {row("Awarding body or agency", d.deal.agency.clone())}
            {row("Program", d.deal.program.clone())}
            {row("Amount", Some(money(d.deal.amount_cents)))}
            {row("What the amount means", d.deal.value_basis.map(|b| b.label().to_string()))}
            {row("Announced", date(d.deal.announced))}
            {row("Approved", date(d.deal.approved))}
            {row("Starts", date(d.deal.starts))}
            {row("Ends", date(d.deal.ends))}
            {row("Jobs promised", d.deal.jobs_promised.map(|n| n.to_string()))}
            {row("Facility or project", d.deal.facility_name.clone())}
            {row("Facility location", d.deal.facility_location.clone())}
            {row("Government", Some(format!("{} ({}), {}", j.display_name, j.type_label(), j.state_name)))}
            {row("Official identifier", j.geoidfq.clone().or(j.leaid.clone().map(|l| format!("NCES LEAID {l}"))))}
        </dl>
        {d.deal.description.clone().map(|text| view! { <h2>"What happened"</h2> <p class="description">{text}</p> })}
        <h2 id="sources">"Sources"</h2>
        <ol class="sources">
            {d.deal.sources.clone().into_iter().map(|s| view! {
                <li>
                    {match s.url.clone() {
                        Some(u) => view! { <a href=u.clone() rel="noopener noreferrer nofollow">{s.title.clone().unwrap_or(u.clone())}</a> }.into_any(),
                        None => view! { <cite>{s.title.clone().unwrap_or_default()}</cite> }.into_any(),
                    }}
                    {s.publisher.clone().map(|p| format!(", {p}"))}
                    {s.published.map(|p| format!(", {p}"))}
                    {s.archive_url.clone().map(|a| view! { " (" <a href=a rel="noopener noreferrer nofollow">"archived copy"</a> ")" })}
                    {s.note.clone().map(|n| view! { <p class="sub">{n}</p> })}
                </li>
            }).collect_view()}
        </ol>
        {(!d.resolved_reports.is_empty()).then(|| view! {
            <section aria-labelledby="reports-h">
                <h2 id="reports-h">"Corrections"</h2>
                <ul class="resolved">
                    {d.resolved_reports.iter().map(|r| view! {
                        <li>{format!("A reported problem was resolved on {}: ", crate::model::dates::long_date(&r.on))}{r.reason.clone()}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <DealLinks id=d.id published=d.published list=d.links.clone()/>
        <DealActions d=d.clone()/>
        <p class="meta">
            {format!("Deal number {}. ", d.id)}
            {format!("Recorded by {} on {}. ", d.created_by.clone().unwrap_or_else(|| "deleted user".into()), d.created_at.get(..10).unwrap_or(""))}
            {format!("{} revision{} so far. ", d.revision_count, if d.revision_count == 1 { "" } else { "s" })}
            <a href=format!("/deals/{}/history", d.id)>"See the history"</a>
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
                    <p><strong>"Not published: a moderator turned this deal down."</strong></p>
                    {reason.clone().map(|r| view! { <p>"Their reason: "{r}</p> })}
                    <p>"Only you and the moderators can see it. "<a href=format!("/deals/{id}/edit")>"Correct it and send it again"</a>
                        ", or "<a href=format!("/deals/{id}/history")>"see its history"</a>"."</p>
                </div>
            }
            .into_any(),
        ),
        (false, _) => Some(
            view! {
                <p class="notice" role="status"><strong>"Waiting for review. "</strong>
                "Only you and the moderators can see this deal until a moderator approves it. "
                <a href=format!("/deals/{id}/history")>"See its review status"</a></p>
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
                    view! { "Thank you. Your change was sent to the moderators; this page shows the current version until they approve it. " }.into_any()
                } else {
                    view! { <strong>"Your change is waiting for review. "</strong>
                        "This page shows the published version until a moderator approves it. " }.into_any()
                }}
                <a href=format!("/deals/{id}/history#r{n}")>"See your change"</a>" · "
                <a href=format!("/deals/{id}/edit")>"Change it again"</a></p>
        })}
        {(submitted && d.published && d.my_pending.is_none()).then(|| view! {
            <p class="notice" role="status">"Thank you. Your change was sent to the moderators; this page shows the current version until they approve it."</p>
        })}
        {flagged.then(|| view! { <p class="notice" role="status">"Thank you. The moderators will look at your report; your account page shows what they did about it."</p> })}
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
            <p class="actions"><a href=format!("/login?next=/deals/{id}")>"Sign in"</a>" to correct this deal or report a problem."</p>
        }
        .into_any();
    };
    let moderator = v.is_moderator();
    let errors = echo.errors.clone();
    view! {
        <section class="actions" aria-label="Improve this record">
            <p><a class="button secondary" href=format!("/deals/{id}/edit")>"Correct this deal"</a></p>
            {echo.summary.as_ref().filter(|_| !errors.contains_key("note") && !errors.contains_key("flag_kind")).map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
            {d.published.then(|| view! {
                <details open=errors.contains_key("note") || errors.contains_key("flag_kind") id="report">
                    <summary>"Report a problem"</summary>
                    <form method="post" action=format!("/deals/{id}/flag") class="stack">
                        {(errors.contains_key("note") || errors.contains_key("flag_kind")).then(|| view! {
                            <p class="error" role="alert" tabindex="-1" autofocus=true>"Your report was not sent: see the note below."</p>
                        })}
                        <div class="field">
                            <label for="flag-kind">"What is wrong?"</label>
                            <select id="flag-kind" name="kind" aria-describedby="err-flag_kind">
                                {crate::model::workflow::FLAG_KINDS.iter().map(|(k, l)| {
                                    let chosen = echo.values.get("kind").is_some_and(|v| v == k);
                                    view! { <option value=*k selected=chosen>{*l}</option> }
                                }).collect_view()}
                            </select>
                            <super::common::FieldErrorMsg name="flag_kind".to_string() errors=errors.clone()/>
                        </div>
                        <div class="field">
                            <label for="flag-note">"Details"</label>
                            <textarea id="flag-note" name="note" rows="3" aria-describedby="err-note">{echo.values.get("note").cloned().unwrap_or_default()}</textarea>
                            <super::common::FieldErrorMsg name="note".to_string() errors=errors.clone()/>
                        </div>
                        <button type="submit">"Send report"</button>
                    </form>
                </details>
            })}
            {moderator.then(|| view! {
                <details open=errors.contains_key("reason") || errors.contains_key("duplicate_of")>
                    <summary>"Withdraw this deal (moderators)"</summary>
                    <form method="post" action=format!("/deals/{id}/withdraw") class="stack">
                        <div class="field">
                            <label for="withdraw-reason">"Reason, shown publicly"</label>
                            <input id="withdraw-reason" name="reason" required aria-describedby="err-reason"/>
                            <super::common::FieldErrorMsg name="reason".to_string() errors=errors.clone()/>
                        </div>
                        <div class="field">
                            <label for="duplicate-of">"Duplicate of (the kept deal's number or link) " <span class="optional">"(optional)"</span></label>
                            <input id="duplicate-of" name="duplicate_of" value=echo.values.get("duplicate_of").cloned().unwrap_or_default()
                                aria-describedby="duplicate-of-hint err-duplicate_of"/>
                            <p class="hint" id="duplicate-of-hint">"Every deal's number is at the bottom of its page, e.g. 42; or paste its address."</p>
                            <super::common::FieldErrorMsg name="duplicate_of".to_string() errors=errors.clone()/>
                        </div>
                        <button type="submit" class="danger">"Withdraw"</button>
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
                <h2 id="links-h">"Related deals"</h2>
                {list.is_empty().then(|| view! { <p class="empty">"None linked yet."</p> })}
                <ul class="links">
                    {list.into_iter().map(|l| view! {
                        <li>{l.relation}" "<a href=format!("/deals/{}", l.other_id)>{l.other_title}</a>
                            " (" <a href=l.other_place_path.url(lang())>{l.other_place}</a> ")"
                            {moderator.then(|| view! {
                                <form method="post" action=format!("/deals/{id}/links/{}/remove", l.id) class="inline-form">
                                    <button type="submit" class="link-button">"Remove link"</button>
                                </form>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
                {(viewer.is_some() && published).then(|| view! {
                    <details open=errors.contains_key("other")>
                        <summary>"Link another deal"</summary>
                        <form method="post" action=format!("/deals/{id}/links") class="stack">
                            <div class="field">
                                <label for="link-kind">"How they relate"</label>
                                <select id="link-kind" name="link_kind">
                                    <option value="package">"Part of the same package"</option>
                                    <option value="amends">"This deal amends the other"</option>
                                    <option value="renews">"This deal renews the other"</option>
                                    <option value="cooperative_buy">"This deal buys under the other's cooperative contract"</option>
                                </select>
                            </div>
                            <div class="field">
                                <label for="link-other">"The other deal's number"</label>
                                <input id="link-other" name="other" inputmode="numeric" aria-describedby="link-other-hint err-other"/>
                                <p class="hint" id="link-other-hint">"It is in the other deal's address: /deals/42 is number 42."</p>
                                <super::common::FieldErrorMsg name="other".to_string() errors=errors.clone()/>
                            </div>
                            <button type="submit">"Link"</button>
                        </form>
                    </details>
                })}
            </section>
        }
    }
}
