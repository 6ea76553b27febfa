//! `/account` (password, deletion, own submissions) and `/admin/users` (roles).

use super::common::{error_view, server_data, FieldErrorMsg};
use crate::api::{get_account, get_users};
use crate::model::{workflow::RevisionState, Role};
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;

/// The account page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let data = server_data(|| (), |_| get_account());
    let echo = use_context::<FormEcho>().unwrap_or_default();
    let changed = leptos_router::hooks::use_query_map().read_untracked().get("changed").is_some();
    view! {
        <Title text="Your account · Amazon Contract Tracker"/>
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok((v, subs, reports)) => {
                            let errors = echo.errors.clone();
                            view! {
                                <h1>"Your account"</h1>
                                <p>{format!("Signed in as {} ({}).", v.handle, v.role.label())}</p>
                                {changed.then(|| view! { <p class="notice" role="status">"Your password was changed. Other devices were signed out."</p> })}
                                {echo.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
                                <h2>"Your submissions"</h2>
                                {subs.is_empty().then(|| view! { <p class="empty">"You haven't recorded or changed a deal yet."</p> })}
                                <ul class="submissions">
                                    {subs.into_iter().map(|s| view! {
                                        <li><a href=format!("/deals/{}/history#r{}", s.deal_id, s.number)>{s.title}</a>
                                            {format!(" · revision {} · ", s.number)}
                                            {match s.state {
                                                RevisionState::Approved => view! { <span class="badge ok">"published"</span> }.into_any(),
                                                RevisionState::Pending => view! { <span class="badge warn">"waiting for review"</span> }.into_any(),
                                                RevisionState::Rejected => view! { <span class="badge bad">"not accepted"</span> }.into_any(),
                                                RevisionState::Merged => view! { <span class="badge ok">"published, merged with later changes"</span> }.into_any(),
                                                RevisionState::Superseded => view! { <span class="badge">"replaced by your newer version"</span> }.into_any(),
                                            }}
                                            {s.reason.filter(|_| s.state == RevisionState::Rejected).map(|r| view! { <span class="sub">"Moderator: " {r}</span> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <h2>"Problems you reported"</h2>
                                {reports.is_empty().then(|| view! { <p class="empty">"You haven't reported a problem with a deal."</p> })}
                                <ul class="submissions">
                                    {reports.into_iter().map(|f| view! {
                                        <li><a href=format!("/deals/{}", f.deal_id)>{f.deal_title}</a>
                                            {format!(" · reported {} · ", crate::model::dates::long_date(&f.created_at))}
                                            {match f.resolved {
                                                Some(r) => view! {
                                                    <span class="badge ok">"resolved"</span>
                                                    <span class="sub">{format!("On {}, a moderator: ", crate::model::dates::long_date(&r.on))}{r.reason}</span>
                                                }.into_any(),
                                                None => view! { <span class="badge warn">"open"</span> }.into_any(),
                                            }}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <h2>"Change your password"</h2>
                                <form method="post" action="/account/password" class="stack narrow">
                                    <div class="field"><label for="current">"Current password"</label>
                                        <input id="current" name="current" type="password" autocomplete="current-password" required aria-describedby="err-current"/>
                                        <FieldErrorMsg name="current".to_string() errors=errors.clone()/></div>
                                    <div class="field"><label for="password">"New password"</label>
                                        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" aria-describedby="err-password"/>
                                        <FieldErrorMsg name="password".to_string() errors=errors.clone()/></div>
                                    <div class="field"><label for="confirm">"New password again"</label>
                                        <input id="confirm" name="confirm" type="password" autocomplete="new-password" required aria-describedby="err-confirm"/>
                                        <FieldErrorMsg name="confirm".to_string() errors=errors.clone()/></div>
                                    <button type="submit">"Change password"</button>
                                </form>
                                <h2>"Delete your account"</h2>
                                <p>"Your handle is removed. Every deal and change you made stays, shown as by \"deleted user\"."</p>
                                <form method="post" action="/account/delete" class="stack narrow">
                                    <div class="field"><label for="delete_password">"Your password"</label>
                                        <input id="delete_password" name="delete_password" type="password" autocomplete="current-password" required aria-describedby="err-delete_password"/>
                                        <FieldErrorMsg name="delete_password".to_string() errors=errors.clone()/></div>
                                    <button type="submit" class="danger">"Delete my account"</button>
                                </form>
                            }.into_any()
                        }
                        Err(crate::error::AppError::Unauthenticated) => view! {
                            <h1>"Your account"</h1><p><a href="/login?next=/account">"Sign in"</a>" to see your account."</p>
                        }.into_any(),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
}

/// The admins' list of accounts with a role switch for each.
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let data = server_data(|| (), |_| get_users());
    let echo = use_context::<FormEcho>().unwrap_or_default();
    view! {
        <Title text="Accounts · Amazon Contract Tracker"/>
        <h1>"Accounts"</h1>
        {echo.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(users) => view! {
                        <div class="table-wrap"><table>
                            <thead><tr><th scope="col">"Handle"</th><th scope="col">"Since"</th><th scope="col">"Role"</th></tr></thead>
                            <tbody>
                            {users.into_iter().map(|u| {
                                let id = format!("role-{}", u.handle);
                                view! {
                                    <tr><td>{u.handle.clone()}</td><td>{u.created_at.get(..10).unwrap_or("").to_string()}</td>
                                    <td><form method="post" action="/admin/users/role" class="inline-form">
                                        <input type="hidden" name="handle" value=u.handle.clone()/>
                                        <label for=id.clone() class="visually-hidden">{format!("Role of {}", u.handle)}</label>
                                        <select id=id name="role">
                                            {Role::ALL.iter().map(|r| view! { <option value=r.code() selected=*r == u.role>{r.label()}</option> }).collect_view()}
                                        </select>
                                        <button type="submit" class="secondary">"Change"</button>
                                    </form></td></tr>
                                }
                            }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}
