//! `/places/propose`: propose a government the Census files don't list.

use super::common::FieldErrorMsg;
use crate::api::current_viewer;
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
            res.insert_header(http::header::LOCATION, http::HeaderValue::from_static("/login?next=/places/propose"));
        }
        return view! { <p>"Please " <a href="/login?next=/places/propose">"sign in"</a> " to propose a government."</p> }.into_any();
    }
    let e = use_context::<FormEcho>().unwrap_or_default();
    let sent = leptos_router::hooks::use_query_map().read_untracked().get("sent").is_some();
    let val = |k: &str| e.values.get(k).cloned().unwrap_or_default();
    let errors = e.errors.clone();
    let kind = val("kind");
    view! {
        <Title text="Propose a government · Amazon Contract Tracker"/>
        <h1>"Propose a government"</h1>
        <p>"Port and airport authorities, industrial development boards and economic development agencies often make deals with Amazon "
           "but are not in the Census lists. Propose one here; a moderator checks it before it appears."</p>
        {sent.then(|| view! { <p class="notice" role="status">"Thank you. A moderator will review your proposal."</p> })}
        {e.summary.as_ref().map(super::common::tr).map(|s| view! { <p class="error" role="alert">{s}</p> })}
        <form method="post" action="/places/propose" class="stack narrow">
            <div class="field"><label for="name">"Full name"</label>
                <input id="name" name="name" value=val("name") required aria-describedby="err-name"/>
                <FieldErrorMsg name="name".to_string() errors=errors.clone()/></div>
            <div class="field"><label for="kind">"Kind"</label>
                <select id="kind" name="kind" aria-describedby="err-kind">
                    {JurisdictionKind::ALL.iter().filter(|k| **k != JurisdictionKind::State).map(|k| {
                        let sel = k.code() == kind || (kind.is_empty() && *k == JurisdictionKind::SpecialDistrict);
                        view! { <option value=k.code() selected=sel>{k.label()}</option> }
                    }).collect_view()}
                </select>
                <FieldErrorMsg name="kind".to_string() errors=errors.clone()/></div>
            <div class="field"><label for="state">"State (two letters)"</label>
                <input id="state" name="state" value=val("state") maxlength="2" required aria-describedby="err-state"/>
                <FieldErrorMsg name="state".to_string() errors=errors.clone()/></div>
            <div class="field"><label for="parent">"County or city it belongs to " <span class="optional">"(optional)"</span></label>
                <input id="parent" name="parent" value=val("parent") placeholder="e.g. King County, WA" aria-describedby="err-parent"/>
                <FieldErrorMsg name="parent".to_string() errors=errors.clone()/></div>
            <div class="field"><label for="note">"Where it is established"</label>
                <textarea id="note" name="note" rows="3" aria-describedby="note-hint err-note">{val("note")}</textarea>
                <p class="hint" id="note-hint">"A statute, charter or official web page a moderator can check."</p>
                <FieldErrorMsg name="note".to_string() errors=errors.clone()/></div>
            <button type="submit">"Send proposal"</button>
        </form>
    }
    .into_any()
}
