//! `/review`: the moderators' queue of pending deals, pending edits and open flags.

use super::common::{error_view, server_data};
use crate::api::get_review_queue;
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
        <Title text="Review queue · Amazon Contract Tracker"/>
        <h1>"Review queue"</h1>
        <p><a href="/review/import">"Import deals from a spreadsheet"</a></p>
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
                                    <p class="notice ok" role="status"><strong>"Published. "</strong>
                                        <a href=format!("/deals/{id}")>{t}</a>
                                        {revision.map(|n| format!(" now shows revision {n}"))}"; "
                                        <a href=format!("/deals/{id}/history")>"see its history"</a>"."</p>
                                }.into_any()),
                                (_, Some(id), Some(t)) => Some(view! {
                                    <p class="notice" role="status"><strong>"Turned down. "</strong>
                                        "The author sees your reason on "<a href=format!("/deals/{id}/history")>{t}</a>"'s history and their account."</p>
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
            <h2>{format!("Waiting for review ({})", q.items.len())}</h2>
            {q.items.is_empty().then(|| view! { <p class="empty">"Nothing is waiting. Thank you."</p> })}
            {q.items.into_iter().map(|mut item| {
                if Some(item.revision_id) == retry && !echo.conflicts.is_empty() {
                    item.conflicts = echo.conflicts.clone();
                }
                view! { <Item item/> }
            }).collect_view()}
        </section>
        <section>
            <h2>{format!("Proposed governments ({})", q.proposals.len())}</h2>
            {q.proposals.is_empty().then(|| view! { <p class="empty">"No proposals."</p> })}
            {q.proposals.into_iter().map(|p| view! {
                <article class="queue-item">
                    <h3>{format!("{} ({}), {}", p.name, p.kind, p.state_usps)}</h3>
                    <p class="sub">{format!("Within {} · proposed by {}", p.parent, p.by.unwrap_or_else(|| "deleted user".into()))}</p>
                    <blockquote>{p.note}</blockquote>
                    <div class="decide">
                        <form method="post" action=format!("/review/places/{}/approve", p.id) class="stack">
                            <button type="submit">"Approve"</button>
                        </form>
                        <form method="post" action=format!("/review/places/{}/reject", p.id) class="stack">
                            <label for=format!("place-{}-reason", p.id)>"Reason"</label>
                            <input id=format!("place-{}-reason", p.id) name="reason" required/>
                            <button type="submit" class="danger">"Reject"</button>
                        </form>
                    </div>
                </article>
            }).collect_view()}
        </section>
        <section>
            <h2>{format!("Open reports ({})", q.flags.len())}</h2>
            {q.flags.is_empty().then(|| view! { <p class="empty">"No open reports."</p> })}
            {q.flags.into_iter().map(|f| view! {
                <article class="queue-item">
                    <h3><a href=format!("/deals/{}", f.deal_id)>{f.deal_title}</a></h3>
                    <p class="sub">{format!("{} · reported by {} on {}",
                        crate::model::workflow::FLAG_KINDS.iter().find(|(k, _)| *k == f.kind).map(|(_, l)| *l).unwrap_or("Report"),
                        f.by.unwrap_or_else(|| "deleted user".into()), f.created_at.get(..10).unwrap_or(""))}</p>
                    <blockquote>{f.note}</blockquote>
                    <form method="post" action=format!("/review/flags/{}/resolve", f.id) class="stack">
                        <label for=format!("flag-{}-reason", f.id)>"What you did about it"</label>
                        <input id=format!("flag-{}-reason", f.id) name="reason" required/>
                        <button type="submit">"Resolve report"</button>
                    </form>
                </article>
            }).collect_view()}
        </section>
    }
}

/// A link when the text is one, so a reviewer can open a cited document.
fn cell(text: String) -> AnyView {
    if text.is_empty() {
        return view! { "—" }.into_any();
    }
    // Sources read "Title · https://… · Publisher"; each link part becomes a link.
    let parts: Vec<String> = text.split(" · ").map(String::from).collect();
    view! {
        {parts.into_iter().enumerate().map(|(i, p)| {
            let sep = (i > 0).then_some(" · ");
            let link = p.strip_prefix("archived: ").unwrap_or(&p).to_string();
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
            <h3>{if item.is_new { "New deal: " } else { "Change to: " }}
                <a href=format!("/deals/{}", item.deal_id)>{item.title.clone()}</a></h3>
            <p class="sub">{format!("Revision {} by {} on {} · \"{}\"", item.number, item.author.clone().unwrap_or_else(|| "deleted user".into()),
                item.created_at.get(..10).unwrap_or(""), item.summary)}</p>
            {(item.stale && conflicts.is_empty()).then(|| view! {
                <p class="notice">"This change was made from an older version. Approving it merges it with the changes published since; none of them touch the same fields. The right column shows the result."</p>
            })}
            <div class="table-wrap">
            <table class="diff side-by-side">
                <thead><tr><th scope="col">"Field"</th><th scope="col">"Published now"</th>
                    <th scope="col">{if item.stale { "Once approved" } else { "Proposed" }}</th></tr></thead>
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
                <form method="post" action=format!("/review/{rid}/approve") class="stack">
                    {(!conflicts.is_empty()).then(|| view! {
                        <p class="error">"A change published since this edit was made touches the same fields. Choose what to keep; the other changes are kept as published."</p>
                    })}
                    <super::new_deal::ConflictChoices conflicts=conflicts.clone() kept=Vec::new()/>
                    <label for=format!("approve-{rid}")>"Note " <span class="optional">"(optional; shown in the history)"</span></label>
                    <input id=format!("approve-{rid}") name="reason"/>
                    <button type="submit">"Approve and publish"</button>
                </form>
                <form method="post" action=format!("/review/{rid}/reject") class="stack">
                    <label for=format!("reject-{rid}")>"Reason the author will see"</label>
                    <input id=format!("reject-{rid}") name="reason" required/>
                    <button type="submit" class="danger">"Reject"</button>
                </form>
            </div>
        </article>
    }
}
