//! `/deals/{id}/edit`: change a deal. A contributor's change waits for a moderator; a second
//! change before then continues the first.

use super::common::{error_view, server_data};
use super::new_deal::DealForm;
use crate::api::{current_viewer, get_edit_form, get_entities};
use crate::error::AppError;
use crate::i18n::href;
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
            if let Ok(v) = http::HeaderValue::from_str(&href(&format!("/login?next={}", href(&format!("/deals/{}/edit", id()))))) {
                res.insert_header(http::header::LOCATION, v);
            }
        }
        return view! {
            <p>{crate::t!("edit-signin-before")}" "<a href=href("/login")>{crate::t!("edit-signin-link")}</a>" "{crate::t!("edit-signin-after")}</p>
        }
        .into_any();
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
                                <Title text=crate::t!("edit-page-title", title = &form.title)/>
                                <nav class="crumbs" aria-label=crate::t!("edit-breadcrumb")><a href=href(&format!("/deals/{id}"))>{form.title.clone()}</a></nav>
                                <h1>{crate::t!("edit-heading")}</h1>
                                {if moderator {
                                    view! { <p>{crate::t!("edit-moderator-note")}</p> }.into_any()
                                } else {
                                    view! { <p>{crate::t!("edit-contributor-note")}</p> }.into_any()
                                }}
                                {replaces.map(|n| view! {
                                    <p class="notice" role="status">
                                        <strong>{format!("{} ", crate::t!("edit-earlier-waiting"))}</strong>
                                        {format!("{} ", crate::t!("edit-earlier-starts"))}
                                        <a href=href(&format!("/deals/{id}/history#r{n}"))>{crate::t!("edit-earlier-link")}</a>
                                    </p>
                                })}
                                {(form.others_waiting > 0 && moderator).then(|| view! {
                                    <p class="notice">{format!("{} ", crate::t!("edit-others-waiting", count = form.others_waiting))}
                                        <a href=href("/review")>{crate::t!("edit-review-queue-link")}</a>"."</p>
                                })}
                                {(!echo.conflicts.is_empty()).then(|| view! {
                                    <p class="notice"><a href=href(&format!("/deals/{id}/history"))>{crate::t!("edit-conflicts-history-link")}</a></p>
                                })}
                                <DealForm echo=echo.clone() entities action=href(&format!("/deals/{id}/edit")) base=Some(base) replaces initial=form.input/>
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
