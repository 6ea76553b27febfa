//! `/deals/{id}/edit`: change a deal. A contributor's change waits for a moderator; a second
//! change before then continues the first.

use super::common::{error_view, server_data};
use super::new_deal::DealForm;
use crate::api::{current_viewer, get_edit_form, get_entities};
use crate::error::AppError;
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The edit page.
#[component]
pub fn EditDealPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let Some(viewer) = current_viewer() else {
        #[cfg(feature = "ssr")]
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::SEE_OTHER);
            if let Ok(v) = http::HeaderValue::from_str(&format!("/login?next=/deals/{}/edit", id())) {
                res.insert_header(http::header::LOCATION, v);
            }
        }
        return view! { <p>"Please " <a href="/login">"sign in"</a> " to edit a deal."</p> }.into_any();
    };
    let echo = use_context::<FormEcho>().unwrap_or_default();
    let data = server_data(id, |id| async move {
        let form = get_edit_form(id).await?;
        let entities = get_entities().await?;
        Ok::<_, AppError>((form, entities))
    });
    let moderator = viewer.is_moderator();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok((form, entities)) => {
                            let id = id();
                            // A failed save comes back with the base and the change it
                            // continues as they were sent, not as they are now.
                            let base = echo.values.get("base").and_then(|b| b.parse().ok()).unwrap_or(form.base);
                            let replaces = match echo.values.get("replaces") {
                                Some(r) => r.parse().ok(),
                                None => form.replaces,
                            };
                            view! {
                                <Title text=format!("Edit: {} · Amazon Contract Tracker", form.title)/>
                                <nav class="crumbs" aria-label="Breadcrumb"><a href=format!("/deals/{id}")>{form.title.clone()}</a></nav>
                                <h1>"Edit this deal"</h1>
                                {if moderator {
                                    view! { <p>"You are a moderator: your changes are published at once, and recorded in the history."</p> }.into_any()
                                } else {
                                    view! { <p>"Your changes go to a moderator. The public keeps seeing the current version until they approve."</p> }.into_any()
                                }}
                                {replaces.map(|n| view! {
                                    <p class="notice" role="status">
                                        <strong>"Your earlier change is still waiting for review. "</strong>
                                        "This form starts from it; saving replaces it with this version. "
                                        <a href=format!("/deals/{id}/history#r{n}")>"See your waiting change"</a>
                                    </p>
                                })}
                                {(form.others_waiting > 0 && moderator).then(|| view! {
                                    <p class="notice">{format!("{} change{} by others wait{} for review; ", form.others_waiting,
                                        if form.others_waiting == 1 { "" } else { "s" }, if form.others_waiting == 1 { "s" } else { "" })}
                                        <a href="/review">"see the review queue"</a>"."</p>
                                })}
                                {(!echo.conflicts.is_empty()).then(|| view! {
                                    <p class="notice"><a href=format!("/deals/{id}/history")>"See what changed in the history"</a></p>
                                })}
                                <DealForm echo=echo.clone() entities action=format!("/deals/{id}/edit") base=Some(base) replaces initial=form.input/>
                            }.into_any()
                        }
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}
