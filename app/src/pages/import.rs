//! `/review/import`: moderators upload a CSV, see what every row would become, then import.

use crate::api::current_viewer;
use crate::i18n::href;
use crate::ImportEcho;
use leptos::prelude::*;
use leptos_meta::Title;

/// The upload form, and after an upload the report.
#[component]
pub fn ImportPage() -> impl IntoView {
    let viewer = current_viewer();
    let echo = use_context::<ImportEcho>().unwrap_or_default();
    let allowed = viewer.as_ref().is_some_and(crate::model::view::Viewer::is_moderator);
    #[cfg(feature = "ssr")]
    if !allowed {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(if viewer.is_some() { http::StatusCode::FORBIDDEN } else { http::StatusCode::UNAUTHORIZED });
        }
    }
    if !allowed {
        return view! {
            <Title text=crate::t!("import-page-title")/>
            <h1>{crate::t!("import-heading")}</h1>
            <p class="error" role="alert">{if viewer.is_some() { crate::t!("import-only-moderators") } else { crate::t!("import-sign-in-first") }}</p>
            {viewer.is_none().then(|| view! { <p><a href=href("/login?next=/review/import")>{crate::t!("import-sign-in")}</a></p> })}
        }
        .into_any();
    }
    let has_report = !echo.rows.is_empty();
    view! {
        <Title text=crate::t!("import-page-title")/>
        <h1>{crate::t!("import-heading")}</h1>
        <p>{format!("{} ", crate::t!("import-intro-before"))}<a href=href("/about/data")>{crate::t!("import-intro-link")}</a>
           {format!("{} ", crate::t!("import-intro-middle"))}<code>"external_id"</code>{crate::t!("import-intro-after")}</p>
        {echo.error.as_ref().map(super::common::tr).map(|e| view! { <p class="error" role="alert" id="import-error">{e}</p> })}
        {echo.written.then(|| view! { <p class="notice" role="status">{crate::t!("import-imported", file = &echo.file_name, summary = &echo.summary)}</p> })}
        <form method="post" action=href("/review/import") enctype="multipart/form-data" class="stack">
            <div class="field">
                <label for="file">{crate::t!("import-file-label")}</label>
                <input id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-hint import-error"/>
                <p class="hint" id="file-hint">{format!("{} ", crate::t!("import-file-hint"))}<code>"tracker import FILE.csv"</code>"."</p>
            </div>
            <div class="field check">
                <input id="partial" name="partial" type="checkbox" value="1" checked=echo.partial/>
                <label for="partial">{crate::t!("import-partial")}</label>
            </div>
            <div class="field check">
                <input id="update" name="update" type="checkbox" value="1" checked=echo.update/>
                <label for="update">{crate::t!("import-update")}</label>
            </div>
            <div class="field check">
                <input id="allow_duplicates" name="allow_duplicates" type="checkbox" value="1" checked=echo.allow_duplicates/>
                <label for="allow_duplicates">{crate::t!("import-duplicates")}</label>
            </div>
            <button type="submit">{crate::t!("import-check")}</button>
        </form>
        {has_report.then(|| {
            let writes = echo.rows.iter().filter(|r| r.writes).count();
            view! {
                <section aria-labelledby="report-title">
                    <h2 id="report-title">{if echo.written { crate::t!("import-report-written", file = &echo.file_name) } else { crate::t!("import-report-preview", file = &echo.file_name) }}</h2>
                    <p>{crate::t!("import-read-as", format = &echo.format, summary = &echo.summary)}</p>
                    {echo.can_write.then(|| view! {
                        <form method="post" action=href("/review/import") enctype="multipart/form-data">
                            <input type="hidden" name="content" value=echo.content.clone()/>
                            <input type="hidden" name="file_name" value=echo.file_name.clone()/>
                            {echo.partial.then(|| view! { <input type="hidden" name="partial" value="1"/> })}
                            {echo.update.then(|| view! { <input type="hidden" name="update" value="1"/> })}
                            {echo.allow_duplicates.then(|| view! { <input type="hidden" name="allow_duplicates" value="1"/> })}
                            <input type="hidden" name="confirm" value="1"/>
                            <button type="submit" class="primary">{crate::t!("import-write", count = writes)}</button>
                        </form>
                    })}
                    <div class="table-wrap">
                        <table class="import-report">
                            <caption>{crate::t!("import-caption")}</caption>
                            <thead><tr><th scope="col" class="num">{crate::t!("import-col-line")}</th><th scope="col">{crate::t!("import-col-deal")}</th><th scope="col">{crate::t!("import-col-government")}</th><th scope="col">{crate::t!("import-col-result")}</th></tr></thead>
                            <tbody>
                                {echo.rows.into_iter().map(|r| view! {
                                    <tr class:failed=r.failed>
                                        <td class="num">{r.line}</td>
                                        <td>{match r.deal_id {
                                            Some(id) => view! { <a href=href(&format!("/deals/{id}"))>{r.title.clone()}</a> }.into_any(),
                                            None => view! { <span>{r.title.clone()}</span> }.into_any(),
                                        }}</td>
                                        <td>{if r.matched.is_empty() { "—".to_string() } else { r.matched.clone() }}</td>
                                        <td>{if r.failed { crate::t!("import-problem", outcome = &r.outcome) } else { r.outcome.clone() }}
                                            {r.duplicate_of.map(|d| view! { " " <a href=href(&format!("/deals/{d}"))>{crate::t!("import-see-deal", id = d.to_string())}</a> })}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
        })}
    }
    .into_any()
}
