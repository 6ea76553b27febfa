//! `/account` (password, deletion, own submissions) and `/admin/users` (roles).

use super::common::{error_view, server_data, FieldErrorMsg};
use crate::api::{get_account, get_users};
use crate::i18n::href;
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
        <Title text=crate::t!("account-title")/>
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok((v, subs, reports)) => {
                            let errors = echo.errors.clone();
                            view! {
                                <h1>{crate::t!("account-heading")}</h1>
                                <p>{crate::t!("account-signed-in-as", handle = &v.handle, role = v.role.label())}</p>
                                {changed.then(|| view! { <p class="notice" role="status">{crate::t!("account-password-changed")}</p> })}
                                {echo.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
                                <h2>{crate::t!("account-submissions")}</h2>
                                {subs.is_empty().then(|| view! { <p class="empty">{crate::t!("account-no-submissions")}</p> })}
                                <ul class="submissions">
                                    {subs.into_iter().map(|s| view! {
                                        <li><a href=href(&format!("/deals/{}/history#r{}", s.deal_id, s.number))>{s.title}</a>
                                            {format!(" · {} · ", crate::t!("account-revision", number = s.number.to_string()))}
                                            {match s.state {
                                                RevisionState::Approved => view! { <span class="badge ok">{crate::t!("account-state-published")}</span> }.into_any(),
                                                RevisionState::Pending => view! { <span class="badge warn">{crate::t!("account-state-pending")}</span> }.into_any(),
                                                RevisionState::Rejected => view! { <span class="badge bad">{crate::t!("account-state-rejected")}</span> }.into_any(),
                                                RevisionState::Merged => view! { <span class="badge ok">{crate::t!("account-state-merged")}</span> }.into_any(),
                                                RevisionState::Superseded => view! { <span class="badge">{crate::t!("account-state-superseded")}</span> }.into_any(),
                                            }}
                                            {s.reason.filter(|_| s.state == RevisionState::Rejected).map(|r| view! { <span class="sub">{crate::t!("account-moderator")}" " {super::common::stored_note(&r)}</span> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <h2>{crate::t!("account-reports")}</h2>
                                {reports.is_empty().then(|| view! { <p class="empty">{crate::t!("account-no-reports")}</p> })}
                                <ul class="submissions">
                                    {reports.into_iter().map(|f| view! {
                                        <li><a href=href(&format!("/deals/{}", f.deal_id))>{f.deal_title}</a>
                                            {format!(" · {} · ", crate::t!("account-reported-on", date = crate::model::dates::long_date(&f.created_at)))}
                                            {match f.resolved {
                                                Some(r) => view! {
                                                    <span class="badge ok">{crate::t!("account-report-resolved")}</span>
                                                    <span class="sub">{format!("{} ", crate::t!("account-resolved-by", date = crate::model::dates::long_date(&r.on)))}{r.reason}</span>
                                                }.into_any(),
                                                None => view! { <span class="badge warn">{crate::t!("account-report-open")}</span> }.into_any(),
                                            }}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <h2>{crate::t!("account-change-password-heading")}</h2>
                                <form method="post" action=href("/account/password") class="stack narrow">
                                    <div class="field"><label for="current">{crate::t!("account-current-password")}</label>
                                        <input id="current" name="current" type="password" autocomplete="current-password" required aria-describedby="err-current"/>
                                        <FieldErrorMsg name="current".to_string() errors=errors.clone()/></div>
                                    <div class="field"><label for="password">{crate::t!("account-new-password")}</label>
                                        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" aria-describedby="err-password"/>
                                        <FieldErrorMsg name="password".to_string() errors=errors.clone()/></div>
                                    <div class="field"><label for="confirm">{crate::t!("account-new-password-again")}</label>
                                        <input id="confirm" name="confirm" type="password" autocomplete="new-password" required aria-describedby="err-confirm"/>
                                        <FieldErrorMsg name="confirm".to_string() errors=errors.clone()/></div>
                                    <button type="submit">{crate::t!("account-change-password")}</button>
                                </form>
                                <h2>{crate::t!("account-delete-heading")}</h2>
                                <p>{crate::t!("account-delete-text")}</p>
                                <form method="post" action=href("/account/delete") class="stack narrow">
                                    <div class="field"><label for="delete_password">{crate::t!("account-your-password")}</label>
                                        <input id="delete_password" name="delete_password" type="password" autocomplete="current-password" required aria-describedby="err-delete_password"/>
                                        <FieldErrorMsg name="delete_password".to_string() errors=errors.clone()/></div>
                                    <button type="submit" class="danger">{crate::t!("account-delete-button")}</button>
                                </form>
                            }.into_any()
                        }
                        Err(crate::error::AppError::Unauthenticated) => view! {
                            <h1>{crate::t!("account-heading")}</h1><p><a href=href("/login?next=/account")>{crate::t!("account-sign-in-link")}</a>" "{crate::t!("account-sign-in-after")}</p>
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
        <Title text=crate::t!("account-admin-title")/>
        <h1>{crate::t!("account-admin-heading")}</h1>
        {echo.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(users) => view! {
                        <div class="table-wrap"><table>
                            <thead><tr><th scope="col">{crate::t!("account-col-handle")}</th><th scope="col">{crate::t!("account-col-since")}</th><th scope="col">{crate::t!("account-col-role")}</th></tr></thead>
                            <tbody>
                            {users.into_iter().map(|u| {
                                let id = format!("role-{}", u.handle);
                                view! {
                                    <tr><td>{u.handle.clone()}</td><td>{u.created_at.get(..10).unwrap_or("").to_string()}</td>
                                    <td><form method="post" action=href("/admin/users/role") class="inline-form">
                                        <input type="hidden" name="handle" value=u.handle.clone()/>
                                        <label for=id.clone() class="visually-hidden">{crate::t!("account-role-of", handle = &u.handle)}</label>
                                        <select id=id name="role">
                                            {Role::ALL.iter().map(|r| view! { <option value=r.code() selected=*r == u.role>{r.label()}</option> }).collect_view()}
                                        </select>
                                        <button type="submit" class="secondary">{crate::t!("account-change-role")}</button>
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
