//! Sign-up and sign-in forms. They post to plain handlers (see `web::forms`).

use super::common::FieldErrorMsg;
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
        <Title text="Sign up · Amazon Contract Tracker"/>
        <h1>"Create an account"</h1>
        <p>"Your handle is the only name shown publicly. There is no email: keep your password safe."</p>
        {e.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <form method="post" action="/signup" class="stack narrow">
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="handle">"Handle"</label>
                <input id="handle" name="handle" autocomplete="username" required minlength="3" maxlength="32"
                    value=e.values.get("handle").cloned().unwrap_or_default()
                    aria-invalid=invalid("handle") aria-describedby="handle-hint err-handle"/>
                <p class="hint" id="handle-hint">"3 to 32 letters, digits, - or _."</p>
                <FieldErrorMsg name="handle".into() errors=errors.clone()/>
            </div>
            <div class="field">
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12"
                    aria-invalid=invalid("password") aria-describedby="password-hint err-password"/>
                <p class="hint" id="password-hint">"At least 12 characters. A short phrase works well."</p>
                <FieldErrorMsg name="password".into() errors=errors.clone()/>
            </div>
            <div class="field">
                <label for="confirm">"Password again"</label>
                <input id="confirm" name="confirm" type="password" autocomplete="new-password" required
                    aria-invalid=invalid("confirm") aria-describedby="err-confirm"/>
                <FieldErrorMsg name="confirm".into() errors=errors.clone()/>
            </div>
            <button type="submit">"Create account"</button>
        </form>
        <p>"Already have an account? " <a href="/login">"Sign in"</a></p>
    }
}

/// `/login`
#[component]
pub fn LoginPage() -> impl IntoView {
    let e = echo();
    let next = next_param(&e);
    view! {
        <Title text="Sign in · Amazon Contract Tracker"/>
        <h1>"Sign in"</h1>
        {(!next.is_empty() && e.summary.is_none()).then(|| view! { <p class="notice">"Sign in to continue."</p> })}
        {e.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <form method="post" action="/login" class="stack narrow">
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="handle">"Handle"</label>
                <input id="handle" name="handle" autocomplete="username" required
                    value=e.values.get("handle").cloned().unwrap_or_default()/>
            </div>
            <div class="field">
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
            </div>
            <button type="submit">"Sign in"</button>
        </form>
        <p>"New here? " <a href="/signup">"Create an account"</a></p>
    }
}
