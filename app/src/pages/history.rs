//! `/deals/{id}/history`: every approved revision, with what changed; pending and rejected
//! ones for their author and moderators; moderators can revert to any approved revision.

use super::common::{error_view, server_data, stored_note};
use crate::api::get_history;
use crate::i18n::href;
use crate::model::workflow::{FieldChange, HistoryPage as Data, RevisionState};
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A table of changed fields: field, before, after.
#[component]
pub fn ChangesTable(changes: Vec<FieldChange>, #[prop(optional)] first: bool) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="sub">{crate::t!("history-no-change")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
        <table class="diff">
            <thead><tr><th scope="col">{crate::t!("history-col-field")}</th>
                // The first revision has nothing before it; the column still has a name.
                <th scope="col">{if first {
                    view! { <span class="visually-hidden">{crate::t!("history-col-before")}</span> }.into_any()
                } else {
                    crate::t!("history-col-before").into_any()
                }}</th>
                <th scope="col">{if first { crate::t!("history-col-recorded") } else { crate::t!("history-col-after") }}</th></tr></thead>
            <tbody>
                {changes.into_iter().map(|c| view! {
                    <tr><th scope="row">{c.field}</th>
                        <td class="before">{if c.before.is_empty() { "—".to_string() } else { c.before }}</td>
                        <td class="after">{if c.after.is_empty() { "—".to_string() } else { c.after }}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let data = server_data(id, get_history);
    let echo = use_context::<FormEcho>().unwrap_or_default();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(h) => view! { <HistoryBody h echo/> }.into_any(),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn HistoryBody(h: Data, echo: FormEcho) -> impl IntoView {
    let id = h.deal_id;
    let oldest = h.revisions.iter().map(|r| r.number).min();
    view! {
        <Title text=crate::t!("history-page-title", title = &h.title)/>
        <nav class="crumbs" aria-label=crate::t!("history-breadcrumb")><a href=href(&format!("/deals/{id}"))>{h.title.clone()}</a></nav>
        <h1>{crate::t!("history-heading")}</h1>
        <p>{crate::t!("history-intro")}
           {h.withdrawn.then(|| format!(" {}", crate::t!("history-withdrawn")))}</p>
        {echo.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <ol class="history" reversed=true>
            {h.revisions.into_iter().map(|r| {
                let shown = Some(r.number) == h.published_revision && !h.withdrawn;
                let state = match r.state {
                    RevisionState::Approved if shown => view! { <span class="badge ok">{crate::t!("history-state-shown")}</span> }.into_any(),
                    RevisionState::Approved => view! { <span class="badge">{crate::t!("history-state-earlier")}</span> }.into_any(),
                    RevisionState::Pending => view! { <span class="badge warn">{crate::t!("history-state-pending")}</span> }.into_any(),
                    RevisionState::Rejected => view! { <span class="badge bad">{crate::t!("history-state-rejected")}</span> }.into_any(),
                    RevisionState::Merged => view! { <span class="badge">{crate::t!("history-state-merged")}</span> }.into_any(),
                    RevisionState::Superseded => view! { <span class="badge">{crate::t!("history-state-superseded")}</span> }.into_any(),
                };
                let can_revert = h.can_revert && r.state == RevisionState::Approved && !shown && !h.withdrawn;
                let number = r.number;
                let reverting = echo.values.get("number").is_some_and(|n| *n == number.to_string());
                let errors = if reverting { echo.errors.clone() } else { Default::default() };
                view! {
                    <li class="revision" id=format!("r{}", r.number)>
                        <h2>{crate::t!("history-revision", number = r.number)} " " {state}</h2>
                        <p class="sub">{crate::t!("history-made-by",
                                when = r.created_at.replace('T', " ").trim_end_matches('Z'),
                                author = r.author.clone().unwrap_or_else(|| crate::t!("history-deleted-user")))}
                            {r.base_number.map(|b| format!(" · {}", crate::t!("history-started-from", number = b)))}</p>
                        <p>{stored_note(&r.summary)}</p>
                        {r.merged_from.map(|m| view! {
                            <p class="sub">{crate::t!("history-merged-from", number = m)}</p>
                        })}
                        {match (r.state, r.reason.clone()) {
                            (RevisionState::Rejected, Some(why)) => Some(view! { <p class="error">{format!("{} ", crate::t!("history-rejected-reason"))} {stored_note(&why)}</p> }.into_any()),
                            (RevisionState::Approved, Some(note)) => Some(view! {
                                <p class="note">{format!("{} ", crate::t!("history-note-from", name = r.decided_by.clone().unwrap_or_else(|| crate::t!("history-a-moderator"))))}{stored_note(&note)}</p>
                            }.into_any()),
                            (RevisionState::Merged | RevisionState::Superseded, Some(why)) => Some(view! { <p class="sub">{stored_note(&why)}</p> }.into_any()),
                            _ => None,
                        }}
                        <ChangesTable changes=r.changes.clone() first=Some(r.number) == oldest/>
                        {can_revert.then(|| view! {
                            <details class="revert" open=reverting>
                                <summary>{crate::t!("history-revert-summary", number = number)}</summary>
                                <form method="post" action=href(&format!("/deals/{id}/revert")) class="stack">
                                    <input type="hidden" name="number" value=number.to_string()/>
                                    <div class="field">
                                        <label for=format!("revert-reason-{number}")>{crate::t!("history-revert-reason")}</label>
                                        <input id=format!("revert-reason-{number}") name="reason" required=true
                                            value=if reverting { echo.values.get("reason").cloned().unwrap_or_default() } else { String::new() }
                                            aria-describedby=format!("err-reason-{number}")/>
                                        {errors.get("reason").map(super::common::tr).map(|m| view! { <p class="field-error" id=format!("err-reason-{number}")>{m}</p> })}
                                    </div>
                                    <div class="field check">
                                        <input type="checkbox" id=format!("revert-confirm-{number}") name="confirm" value="yes" required=true/>
                                        <label for=format!("revert-confirm-{number}")>{crate::t!("history-revert-confirm", number = number)}</label>
                                    </div>
                                    {errors.get("confirm").map(super::common::tr).map(|m| view! { <p class="field-error">{m}</p> })}
                                    <button type="submit" class="secondary">{crate::t!("history-revert-button", number = number)}</button>
                                </form>
                            </details>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
