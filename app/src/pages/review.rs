//! `/review`: the moderators' queue of pending deals, pending edits and open flags.

use super::common::{error_view, server_data};
use crate::api::get_review_queue;
use crate::i18n::href;
use crate::model::workflow::{ReviewItem, ReviewQueue};
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;

/// The queue page. After a decision it says what happened, with a link to the result.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let q = query.read_untracked();
    let published: Option<i64> = q.get("published").and_then(|v| v.parse().ok());
    let rejected: Option<i64> = q.get("rejected").and_then(|v| v.parse().ok());
    let revision: Option<i64> = q.get("revision").and_then(|v| v.parse().ok());
    drop(q);
    let done = published.or(rejected);
    let data = server_data(move || done, get_review_queue);
    let echo = use_context::<FormEcho>().unwrap_or_default();
    view! {
        <Title text=crate::t!("review-page-title")/>
        <h1>{crate::t!("review-heading")}</h1>
        <p><a href=href("/review/import")>{crate::t!("review-import-link")}</a></p>
        {echo.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert" tabindex="-1" autofocus=true>{s}</p> })}
        {echo.errors.get("reason").map(super::common::tr).map(|s| view! { <p class="field-error">{s}</p> })}
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok((q, title)) => view! {
                            {match (published, rejected, title) {
                                (Some(id), _, Some(t)) => Some(view! {
                                    <p class="notice ok" role="status"><strong>{format!("{} ", crate::t!("review-published"))}</strong>
                                        <a href=href(&format!("/deals/{id}"))>{t}</a>
                                        {revision.map(|n| format!(" {}", crate::t!("review-published-revision", number = n)))}"; "
                                        <a href=href(&format!("/deals/{id}/history"))>{crate::t!("review-see-history")}</a>"."</p>
                                }.into_any()),
                                (_, Some(id), Some(t)) => Some(view! {
                                    <p class="notice" role="status"><strong>{format!("{} ", crate::t!("review-turned-down"))}</strong>
                                        {format!("{} ", crate::t!("review-turned-down-before"))}<a href=href(&format!("/deals/{id}/history"))>{t}</a>{crate::t!("review-turned-down-after")}</p>
                                }.into_any()),
                                _ => None,
                            }}
                            <QueueBody q echo/>
                        }.into_any(),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn QueueBody(q: ReviewQueue, echo: FormEcho) -> impl IntoView {
    // A failed approval shows its item's conflicts again, from the echo.
    let retry: Option<i64> = echo.values.get("revision").and_then(|r| r.parse().ok());
    view! {
        <section>
            <h2>{crate::t!("review-waiting", count = q.items.len())}</h2>
            {q.items.is_empty().then(|| view! { <p class="empty">{crate::t!("review-nothing-waiting")}</p> })}
            {q.items.into_iter().map(|mut item| {
                if Some(item.revision_id) == retry && !echo.conflicts.is_empty() {
                    item.conflicts = echo.conflicts.clone();
                }
                view! { <Item item/> }
            }).collect_view()}
        </section>
        <section>
            <h2>{crate::t!("review-proposals", count = q.proposals.len())}</h2>
            {q.proposals.is_empty().then(|| view! { <p class="empty">{crate::t!("review-no-proposals")}</p> })}
            {q.proposals.into_iter().map(|p| view! {
                <article class="queue-item">
                    <h3>{format!("{} ({}), {}", p.name, p.kind, p.state_usps)}</h3>
                    <p class="sub">{crate::t!("review-proposal-within", parent = p.parent, by = p.by.unwrap_or_else(|| crate::t!("review-deleted-user")))}</p>
                    <blockquote>{p.note}</blockquote>
                    <div class="decide">
                        <form method="post" action=href(&format!("/review/places/{}/approve", p.id)) class="stack">
                            <button type="submit">{crate::t!("review-approve")}</button>
                        </form>
                        <form method="post" action=href(&format!("/review/places/{}/reject", p.id)) class="stack">
                            <label for=format!("place-{}-reason", p.id)>{crate::t!("review-reason")}</label>
                            <input id=format!("place-{}-reason", p.id) name="reason" required/>
                            <button type="submit" class="danger">{crate::t!("review-reject")}</button>
                        </form>
                    </div>
                </article>
            }).collect_view()}
        </section>
        <section>
            <h2>{crate::t!("review-profiles", count = q.profiles.len())}</h2>
            {q.profiles.is_empty().then(|| view! { <p class="empty">{crate::t!("review-no-profiles")}</p> })}
            {q.profiles.into_iter().map(|v| view! { <super::take_part::QueuedProfile v/> }).collect_view()}
        </section>
        <section>
            <h2>{crate::t!("review-reports", count = q.flags.len())}</h2>
            {q.flags.is_empty().then(|| view! { <p class="empty">{crate::t!("review-no-reports")}</p> })}
            {q.flags.into_iter().map(|f| view! {
                <article class="queue-item">
                    <h3><a href=href(&format!("/deals/{}", f.deal_id))>{f.deal_title}</a></h3>
                    <p class="sub">{crate::t!("review-flag-line",
                        kind = flag_kind(&f.kind),
                        by = f.by.unwrap_or_else(|| crate::t!("review-deleted-user")), date = f.created_at.get(..10).unwrap_or(""))}</p>
                    <blockquote>{f.note}</blockquote>
                    <form method="post" action=href(&format!("/review/flags/{}/resolve", f.id)) class="stack">
                        <label for=format!("flag-{}-reason", f.id)>{crate::t!("review-resolve-label")}</label>
                        <input id=format!("flag-{}-reason", f.id) name="reason" required/>
                        <button type="submit">{crate::t!("review-resolve")}</button>
                    </form>
                </article>
            }).collect_view()}
        </section>
    }
}

/// What a report is about (its label from `FLAG_KINDS`), in the page's language; "Report"
/// for a kind the list doesn't know.
fn flag_kind(kind: &str) -> String {
    crate::model::workflow::flag_reason(kind).unwrap_or_else(|| crate::t!("review-flag-report"))
}

/// A link when the text is one, so a reviewer can open a cited document.
fn cell(text: String) -> AnyView {
    if text.is_empty() {
        return view! { "—" }.into_any();
    }
    // Sources read "Title · https://… · Publisher"; each link part becomes a link.
    let parts: Vec<String> = text.split(" · ").map(String::from).collect();
    // An archived copy reads "archived: https://…" (in the page's language, from the history).
    let archived = format!("{}: ", crate::t!("field-source-archived"));
    view! {
        {parts.into_iter().enumerate().map(|(i, p)| {
            let sep = (i > 0).then_some(" · ");
            let link = p.strip_prefix(archived.as_str()).unwrap_or(&p).to_string();
            if link.starts_with("https://") || link.starts_with("http://") {
                view! { {sep}<a href=link rel="noopener noreferrer nofollow" class="url">{p}</a> }.into_any()
            } else {
                view! { {sep}{p} }.into_any()
            }
        }).collect_view()}
    }
    .into_any()
}

#[component]
fn Item(item: ReviewItem) -> impl IntoView {
    let rid = item.revision_id;
    let conflicts = item.conflicts.clone();
    view! {
        <article class="queue-item" id=format!("rev-{rid}")>
            <h3>{format!("{} ", if item.is_new { crate::t!("review-new-deal") } else { crate::t!("review-change-to") })}
                <a href=href(&format!("/deals/{}", item.deal_id))>{item.title.clone()}</a></h3>
            <p class="sub">{crate::t!("review-revision-line", number = item.number, author = item.author.clone().unwrap_or_else(|| crate::t!("review-deleted-user")),
                date = item.created_at.get(..10).unwrap_or(""), summary = super::common::stored_note(&item.summary))}</p>
            {(item.stale && conflicts.is_empty()).then(|| view! {
                <p class="notice">{crate::t!("review-stale")}</p>
            })}
            <div class="table-wrap">
            <table class="diff side-by-side">
                <thead><tr><th scope="col">{crate::t!("review-field")}</th><th scope="col">{crate::t!("review-published-now")}</th>
                    <th scope="col">{if item.stale { crate::t!("review-once-approved") } else { crate::t!("review-proposed") }}</th></tr></thead>
                <tbody>
                    {item.rows.into_iter().map(|(field, before, after)| {
                        let changed = before != after;
                        view! {
                            <tr class:changed=changed>
                                <th scope="row">{field}</th>
                                <td>{cell(before)}</td>
                                <td>{cell(after)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <div class="decide">
                <form method="post" action=href(&format!("/review/{rid}/approve")) class="stack">
                    {(!conflicts.is_empty()).then(|| view! {
                        <p class="error">{crate::t!("review-conflict")}</p>
                    })}
                    <super::new_deal::ConflictChoices conflicts=conflicts.clone() kept=Vec::new()/>
                    <label for=format!("approve-{rid}")>{format!("{} ", crate::t!("review-note"))}<span class="optional">{crate::t!("review-note-optional")}</span></label>
                    <input id=format!("approve-{rid}") name="reason"/>
                    <button type="submit">{crate::t!("review-approve-publish")}</button>
                </form>
                <form method="post" action=href(&format!("/review/{rid}/reject")) class="stack">
                    <label for=format!("reject-{rid}")>{crate::t!("review-reject-reason")}</label>
                    <input id=format!("reject-{rid}") name="reason" required/>
                    <button type="submit" class="danger">{crate::t!("review-reject")}</button>
                </form>
            </div>
        </article>
    }
}
