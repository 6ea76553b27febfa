//! Sign-up and sign-in forms. They post to plain handlers (see `web::forms`).

use super::common::FieldErrorMsg;
use crate::i18n::href;
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn echo() -> FormEcho {
    use_context::<FormEcho>().unwrap_or_default()
}

fn next_param(echo: &FormEcho) -> String {
    let from_query = use_query_map().read_untracked().get("next").unwrap_or_default();
    echo.values.get("next").cloned().unwrap_or(from_query)
}

/// `/signup`
#[component]
pub fn SignupPage() -> impl IntoView {
    let e = echo();
    let next = next_param(&e);
    let errors = e.errors.clone();
    let invalid = |f: &str| errors.contains_key(f).then_some("true");
    view! {
        <Title text=crate::t!("auth-signup-title")/>
        <h1>{crate::t!("auth-create-account")}</h1>
        <p>{crate::t!("auth-signup-intro")}</p>
        {e.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <form method="post" action=href("/signup") class="stack narrow">
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="handle">{crate::t!("auth-handle")}</label>
                <input id="handle" name="handle" autocomplete="username" required minlength="3" maxlength="32"
                    value=e.values.get("handle").cloned().unwrap_or_default()
                    aria-invalid=invalid("handle") aria-describedby="handle-hint err-handle"/>
                <p class="hint" id="handle-hint">{crate::t!("auth-handle-hint")}</p>
                <FieldErrorMsg name="handle".into() errors=errors.clone()/>
            </div>
            <div class="field">
                <label for="password">{crate::t!("auth-password")}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12"
                    aria-invalid=invalid("password") aria-describedby="password-hint err-password"/>
                <p class="hint" id="password-hint">{crate::t!("auth-password-hint")}</p>
                <FieldErrorMsg name="password".into() errors=errors.clone()/>
            </div>
            <div class="field">
                <label for="confirm">{crate::t!("auth-password-again")}</label>
                <input id="confirm" name="confirm" type="password" autocomplete="new-password" required
                    aria-invalid=invalid("confirm") aria-describedby="err-confirm"/>
                <FieldErrorMsg name="confirm".into() errors=errors.clone()/>
            </div>
            <button type="submit">{crate::t!("auth-create-account-button")}</button>
        </form>
        <p>{crate::t!("auth-have-account")}" " <a href=href("/login")>{crate::t!("auth-sign-in-link")}</a></p>
    }
}

/// `/login`
#[component]
pub fn LoginPage() -> impl IntoView {
    let e = echo();
    let next = next_param(&e);
    view! {
        <Title text=crate::t!("auth-login-title")/>
        <h1>{crate::t!("auth-sign-in")}</h1>
        {(!next.is_empty() && e.summary.is_none()).then(|| view! { <p class="notice">{crate::t!("auth-sign-in-to-continue")}</p> })}
        {e.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <form method="post" action=href("/login") class="stack narrow">
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="handle">{crate::t!("auth-handle")}</label>
                <input id="handle" name="handle" autocomplete="username" required
                    value=e.values.get("handle").cloned().unwrap_or_default()/>
            </div>
            <div class="field">
                <label for="password">{crate::t!("auth-password")}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
            </div>
            <button type="submit">{crate::t!("auth-sign-in")}</button>
        </form>
        <p>{crate::t!("auth-new-here")}" " <a href=href("/signup")>{crate::t!("auth-create-account")}</a></p>
    }
}
