//! `/deals/{id}/edit`: change a deal. A contributor's change waits for a moderator.

use super::common::{error_view, server_data};
use super::new_deal::DealForm;
use crate::api::{current_viewer, get_edit_form, get_entities, is_moderator};
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
    let moderator = is_moderator(&viewer);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(((initial, base, title), entities)) => {
                            let id = id();
                            // After a conflict, the form keeps what was typed but starts again
                            // from the version now shown.
                            let conflict = matches!(echo.summary.as_deref(), Some(s) if s.starts_with("Someone changed"));
                            view! {
                                <Title text=format!("Edit: {title} · Amazon Contract Tracker")/>
                                <nav class="crumbs" aria-label="Breadcrumb"><a href=format!("/deals/{id}")>{title.clone()}</a></nav>
                                <h1>"Edit this deal"</h1>
                                {if moderator {
                                    view! { <p>"You are a moderator: your changes are published at once, and recorded in the history."</p> }.into_any()
                                } else {
                                    view! { <p>"Your changes go to a moderator. The public keeps seeing the current version until they approve."</p> }.into_any()
                                }}
                                {conflict.then(|| view! {
                                    <p class="notice"><a href=format!("/deals/{id}/history")>"See what changed in the history"</a>
                                    ", then copy your changes onto the current version below."</p>
                                })}
                                <DealForm echo=echo.clone() entities action=format!("/deals/{id}/edit") base=Some(base) initial=initial/>
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
