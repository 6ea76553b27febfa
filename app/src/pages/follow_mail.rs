//! The pages a mailed link opens: confirm a follow, manage an address's follows, and
//! unsubscribe. Opening one changes nothing (mail scanners open links); its button does.

use super::common::server_data;
use crate::api::get_follow_link;
use crate::i18n::href;
use crate::model::follow::{FollowRow, Frequency, TokenView};
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// The link's token, as the address carries it.
fn token() -> String {
    use_query_map().read_untracked().get("token").and_then(|t| crate::model::follow::token_of(&t)).unwrap_or_default()
}

/// What the link's token is about, read on the server.
fn link_data(token: &str, purpose: &'static str) -> AsyncDerived<Result<Option<TokenView>, crate::error::AppError>> {
    let token = token.to_string();
    server_data(move || token.clone(), move |t| get_follow_link(t, purpose.into()))
}

/// A problem the form post came back with (an expired link, a limit).
fn problem(echo: &FormEcho) -> Option<impl IntoView> {
    let msg = echo.errors.get("token").or(echo.summary.as_ref()).map(super::common::tr)?;
    Some(view! { <p class="error" role="alert">{msg}</p> })
}

/// What a link that no longer works says.
fn expired() -> AnyView {
    view! {
        <p>{crate::t!("follow-link-expired")}</p>
        <p><a href=href("/places")>{crate::t!("follow-find-place")}</a></p>
    }
    .into_any()
}

/// The address and view in one line ("ana@example.org · daily").
fn frequency_words(f: Frequency) -> String {
    crate::t!(f.msg_id())
}

/// `/follow/confirm?token=…`: the confirmation mail's link.
#[component]
pub fn FollowConfirmPage() -> impl IntoView {
    let token = token();
    let data = link_data(&token, "confirm");
    let echo = use_context::<FormEcho>().unwrap_or_default();
    view! {
        <Title text=crate::t!("follow-confirm-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{crate::t!("follow-confirm-heading")}</h1>
        {problem(&echo)}
        <Suspense fallback=|| ()>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(TokenView { email, follow: Some(f), .. })) => view! {
                            <p>{crate::t!("follow-confirm-text", email = email, what = f.label.clone(), frequency = frequency_words(f.frequency))}</p>
                            <form method="post" action=href(&format!("/follow/confirm?token={token}"))>
                                <button type="submit" class="primary">{crate::t!("follow-confirm-button")}</button>
                            </form>
                            <p class="hint">{crate::t!("follow-confirm-ignore")}</p>
                        }.into_any(),
                        _ => expired(),
                    }
                })
            }}
        </Suspense>
    }
}

/// One follow on the manage page: how often, saved with its own button, and stop.
fn follow_row(f: FollowRow, action: String) -> impl IntoView {
    let id = f.id.to_string();
    let select_id = format!("frequency-{}", f.id);
    view! {
        <li class="follow-row">
            <p><a href=href(&f.page)>{f.label.clone()}</a>
               {(!f.confirmed).then(|| view! { <span class="sub">{format!(" · {}", crate::t!("follow-unconfirmed"))}</span> })}</p>
            <form method="post" action=action.clone() class="inline-form">
                <input type="hidden" name="follow" value=id.clone()/>
                <label for=select_id.clone()>{crate::t!("follow-frequency-label")}</label>
                <select id=select_id name="frequency" aria-label=format!("{}: {}", crate::t!("follow-frequency-label"), f.label)>
                    {Frequency::ALL.into_iter().map(|q| {
                        let selected = q == f.frequency;
                        view! { <option value=q.code() selected=selected>{frequency_words(q)}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" aria-label=format!("{} ({})", crate::t!("follow-save"), f.label)>{crate::t!("follow-save")}</button>
            </form>
            <form method="post" action=action class="inline-form">
                <input type="hidden" name="follow" value=id/>
                <button type="submit" name="stop" value="1" class="danger">{crate::t!("follow-stop-button", what = f.label)}</button>
            </form>
        </li>
    }
}

/// `/follow/manage?token=…`: every follow of the address the link was mailed to.
#[component]
pub fn FollowManagePage() -> impl IntoView {
    let token = token();
    let query = use_query_map();
    let confirmed = query.read_untracked().get("confirmed").is_some();
    let done = query.read_untracked().get("done");
    let data = link_data(&token, "manage");
    let echo = use_context::<FormEcho>().unwrap_or_default();
    view! {
        <Title text=crate::t!("follow-manage-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{crate::t!("follow-manage-heading")}</h1>
        {problem(&echo)}
        {confirmed.then(|| view! { <p class="notice" role="status">{crate::t!("follow-confirmed")}</p> })}
        {done.map(|d| {
            let msg = match d.as_str() {
                "stopped" => crate::t!("follow-stopped"),
                "saved" => crate::t!("follow-saved"),
                _ => crate::t!("follow-gone"),
            };
            view! { <p class="notice" role="status">{msg}</p> }
        })}
        <Suspense fallback=|| ()>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(v)) => {
                            let action = href(&format!("/follow/manage?token={token}"));
                            view! {
                                <p>{crate::t!("follow-manage-text", email = v.email)}</p>
                                <ul class="follow-list">
                                    {v.all.into_iter().map(|f| follow_row(f, action.clone())).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        _ => view! {
                            <p>{crate::t!("follow-manage-none")}</p>
                            <p><a href=href("/places")>{crate::t!("follow-find-place")}</a></p>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// `/follow/unsubscribe?token=…`: the unsubscribe link of a mail (its button posts, as a
/// mail client's one-click does).
#[component]
pub fn FollowUnsubscribePage() -> impl IntoView {
    let token = token();
    let done = use_query_map().read_untracked().get("done").is_some();
    let data = link_data(&token, "manage");
    let echo = use_context::<FormEcho>().unwrap_or_default();
    view! {
        <Title text=crate::t!("follow-unsubscribe-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{crate::t!("follow-unsubscribe-heading")}</h1>
        {problem(&echo)}
        <Suspense fallback=|| ()>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    if done {
                        return view! { <p class="notice" role="status">{crate::t!("follow-unsubscribed")}</p> }.into_any();
                    }
                    match data.await {
                        Ok(Some(TokenView { email, follow: Some(f), .. })) => view! {
                            <p>{crate::t!("follow-unsubscribe-text", email = email, what = f.label)}</p>
                            <form method="post" action=href(&format!("/follow/unsubscribe?token={token}"))>
                                <button type="submit" class="primary">{crate::t!("follow-unsubscribe-button")}</button>
                            </form>
                            <p><a href=href(&format!("/follow/manage?token={token}"))>{crate::t!("follow-manage-link")}</a></p>
                        }.into_any(),
                        Ok(Some(_)) => view! {
                            <p>{crate::t!("follow-unsubscribed")}</p>
                            <p><a href=href(&format!("/follow/manage?token={token}"))>{crate::t!("follow-manage-link")}</a></p>
                        }.into_any(),
                        _ => expired(),
                    }
                })
            }}
        </Suspense>
    }
}
