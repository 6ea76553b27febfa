//! `/review`: the moderators' queue of pending deals, pending edits and open flags.

use super::common::{error_view, server_data};
use crate::api::get_review_queue;
use crate::model::view::{ReviewItem, ReviewQueue};
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;

/// The queue page.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let data = server_data(|| (), |_| get_review_queue());
    let echo = use_context::<FormEcho>().unwrap_or_default();
    view! {
        <Title text="Review queue · Amazon Contract Tracker"/>
        <h1>"Review queue"</h1>
        <p><a href="/review/import">"Import deals from a spreadsheet"</a></p>
        {echo.summary.clone().map(|s| view! { <p class="error" role="alert">{s}</p> })}
        {echo.errors.get("reason").cloned().map(|s| view! { <p class="field-error">{s}</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(q) => view! { <QueueBody q/> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueBody(q: ReviewQueue) -> impl IntoView {
    view! {
        <section>
            <h2>{format!("Waiting for review ({})", q.items.len())}</h2>
            {q.items.is_empty().then(|| view! { <p class="empty">"Nothing is waiting. Thank you."</p> })}
            {q.items.into_iter().map(|item| view! { <Item item/> }).collect_view()}
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
                        crate::model::view::FLAG_KINDS.iter().find(|(k, _)| *k == f.kind).map(|(_, l)| *l).unwrap_or("Report"),
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

#[component]
fn Item(item: ReviewItem) -> impl IntoView {
    let rid = item.revision_id;
    view! {
        <article class="queue-item" id=format!("rev-{rid}")>
            <h3>{if item.is_new { "New deal: " } else { "Change to: " }}
                <a href=format!("/deals/{}", item.deal_id)>{item.title.clone()}</a></h3>
            <p class="sub">{format!("Revision {} by {} on {} · \"{}\"", item.number, item.author.clone().unwrap_or_else(|| "deleted user".into()),
                item.created_at.get(..10).unwrap_or(""), item.summary)}</p>
            {item.stale.then(|| view! {
                <p class="error">"This change started from an older version than the one shown now. Approving it is refused; reject it and ask the author to edit the current version."</p>
            })}
            <div class="table-wrap">
            <table class="diff side-by-side">
                <thead><tr><th scope="col">"Field"</th><th scope="col">"Published now"</th><th scope="col">"Proposed"</th></tr></thead>
                <tbody>
                    {item.rows.into_iter().map(|(field, before, after)| {
                        let changed = before != after;
                        view! {
                            <tr class:changed=changed>
                                <th scope="row">{field}</th>
                                <td>{if before.is_empty() { "—".to_string() } else { before }}</td>
                                <td>{if after.is_empty() { "—".to_string() } else { after }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <div class="decide">
                <form method="post" action=format!("/review/{rid}/approve") class="stack">
                    <label for=format!("approve-{rid}")>"Note " <span class="optional">"(optional)"</span></label>
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
