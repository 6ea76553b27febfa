//! `/places/propose`: propose a government the Census files don't list.

use super::common::FieldErrorMsg;
use crate::api::current_viewer;
use crate::i18n::href;
use crate::model::JurisdictionKind;
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;

/// The proposal form.
#[component]
pub fn ProposePlacePage() -> impl IntoView {
    if current_viewer().is_none() {
        #[cfg(feature = "ssr")]
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::SEE_OTHER);
            if let Ok(v) = http::HeaderValue::from_str(&href(&format!("/login?next={}", href("/places/propose")))) {
                res.insert_header(http::header::LOCATION, v);
            }
        }
        return view! {
            <p>{crate::t!("propose-signin-before")}" "<a href=href(&format!("/login?next={}", href("/places/propose")))>{crate::t!("propose-signin-link")}</a>" "{crate::t!("propose-signin-after")}</p>
        }
        .into_any();
    }
    let e = use_context::<FormEcho>().unwrap_or_default();
    let sent = leptos_router::hooks::use_query_map().read_untracked().get("sent").is_some();
    let val = |k: &str| e.values.get(k).cloned().unwrap_or_default();
    let errors = e.errors.clone();
    let kind = val("kind");
    view! {
        <Title text=crate::t!("propose-page-title")/>
        <h1>{crate::t!("propose-heading")}</h1>
        <p>{crate::t!("propose-intro")}</p>
        {sent.then(|| view! { <p class="notice" role="status">{crate::t!("propose-sent")}</p> })}
        {e.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <form method="post" action=href("/places/propose") class="stack narrow">
            <div class="field"><label for="name">{crate::t!("propose-name")}</label>
                <input id="name" name="name" value=val("name") required aria-describedby="err-name"/>
                <FieldErrorMsg name="name".to_string() errors=errors.clone()/></div>
            <div class="field"><label for="kind">{crate::t!("propose-kind")}</label>
                <select id="kind" name="kind" aria-describedby="err-kind">
                    {JurisdictionKind::ALL.iter().filter(|k| **k != JurisdictionKind::State).map(|k| {
                        let sel = k.code() == kind || (kind.is_empty() && *k == JurisdictionKind::SpecialDistrict);
                        view! { <option value=k.code() selected=sel>{k.label()}</option> }
                    }).collect_view()}
                </select>
                <FieldErrorMsg name="kind".to_string() errors=errors.clone()/></div>
            <div class="field"><label for="state">{crate::t!("propose-state")}</label>
                <input id="state" name="state" value=val("state") maxlength="2" required aria-describedby="err-state"/>
                <FieldErrorMsg name="state".to_string() errors=errors.clone()/></div>
            <div class="field"><label for="parent">{format!("{} ", crate::t!("propose-parent"))} <span class="optional">{crate::t!("propose-optional")}</span></label>
                <input id="parent" name="parent" value=val("parent") placeholder=crate::t!("propose-parent-placeholder") aria-describedby="err-parent"/>
                <FieldErrorMsg name="parent".to_string() errors=errors.clone()/></div>
            <div class="field"><label for="note">{crate::t!("propose-note")}</label>
                <textarea id="note" name="note" rows="3" aria-describedby="note-hint err-note">{val("note")}</textarea>
                <p class="hint" id="note-hint">{crate::t!("propose-note-hint")}</p>
                <FieldErrorMsg name="note".to_string() errors=errors.clone()/></div>
            <button type="submit">{crate::t!("propose-send")}</button>
        </form>
    }
    .into_any()
}
