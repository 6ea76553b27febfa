//! `/deals/{id}/history`: every approved revision, with what changed; pending and rejected
//! ones for their author and moderators; moderators can revert to any approved revision.

use super::common::{error_view, server_data};
use crate::api::get_history;
use crate::model::view::{FieldChange, HistoryPage as Data, RevisionState};
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A table of changed fields: field, before, after.
#[component]
pub fn ChangesTable(changes: Vec<FieldChange>, #[prop(optional)] first: bool) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="sub">"No field changed."</p> }.into_any();
    }
    view! {
        <table class="diff">
            <thead><tr><th scope="col">"Field"</th>
                <th scope="col">{if first { "" } else { "Before" }}</th>
                <th scope="col">{if first { "Recorded as" } else { "After" }}</th></tr></thead>
            <tbody>
                {changes.into_iter().map(|c| view! {
                    <tr><th scope="row">{c.field}</th>
                        <td class="before">{if c.before.is_empty() { "—".to_string() } else { c.before }}</td>
                        <td class="after">{if c.after.is_empty() { "—".to_string() } else { c.after }}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
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
        <Title text=format!("History: {} · Amazon Contract Tracker", h.title)/>
        <nav class="crumbs" aria-label="Breadcrumb"><a href=format!("/deals/{id}")>{h.title.clone()}</a></nav>
        <h1>"History of this deal"</h1>
        <p>"Every change is kept. Each entry shows who made it, when, why, and what it changed."
           {h.withdrawn.then_some(" This deal has since been withdrawn.")}</p>
        {echo.summary.clone().map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <ol class="history" reversed=true>
            {h.revisions.into_iter().map(|r| {
                let shown = Some(r.number) == h.published_revision && !h.withdrawn;
                let state = match r.state {
                    RevisionState::Approved if shown => view! { <span class="badge ok">"shown now"</span> }.into_any(),
                    RevisionState::Approved => view! { <span class="badge">"approved"</span> }.into_any(),
                    RevisionState::Pending => view! { <span class="badge warn">"waiting for review"</span> }.into_any(),
                    RevisionState::Rejected => view! { <span class="badge bad">"not accepted"</span> }.into_any(),
                };
                let can_revert = h.can_revert && r.state == RevisionState::Approved && !shown && !h.withdrawn;
                view! {
                    <li class="revision" id=format!("r{}", r.number)>
                        <h2>{format!("Revision {}", r.number)} " " {state}</h2>
                        <p class="sub">{format!("{} by {}", r.created_at.replace('T', " ").trim_end_matches('Z'), r.author.clone().unwrap_or_else(|| "deleted user".into()))}
                            {r.base_number.map(|b| format!(" · started from revision {b}"))}</p>
                        <p>{r.summary.clone()}</p>
                        {r.reason.clone().filter(|_| r.state == RevisionState::Rejected).map(|why| view! {
                            <p class="error">"Moderator's reason: " {why}</p>
                        })}
                        <ChangesTable changes=r.changes.clone() first=Some(r.number) == oldest/>
                        {can_revert.then(|| view! {
                            <form method="post" action=format!("/deals/{id}/revert") class="inline-form">
                                <input type="hidden" name="number" value=r.number.to_string()/>
                                <button type="submit" class="secondary">{format!("Revert to revision {}", r.number)}</button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
