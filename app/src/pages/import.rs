//! `/review/import`: moderators upload a CSV, see what every row would become, then import.

use crate::api::current_viewer;
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
            <Title text="Import · Amazon Contract Tracker"/>
            <h1>"Import deals from a spreadsheet"</h1>
            <p class="error" role="alert">{if viewer.is_some() { "Only moderators can import files. Ask a moderator, or record deals one by one." } else { "Please sign in as a moderator to import files." }}</p>
            {viewer.is_none().then(|| view! { <p><a href="/login?next=/review/import">"Sign in"</a></p> })}
        }
        .into_any();
    }
    let has_report = !echo.rows.is_empty();
    view! {
        <Title text="Import · Amazon Contract Tracker"/>
        <h1>"Import deals from a spreadsheet"</h1>
        <p>"Upload a CSV in the tracker's own format (the columns of a " <a href="/about/data">"CSV download"</a>
           ", plus an optional " <code>"external_id"</code>") or a Good Jobs First Subsidy Tracker export. "
           "You'll see what every row becomes before anything is saved. Deals you import are published at once, and each one's history names the file."</p>
        {echo.error.as_ref().map(super::common::tr).map(|e| view! { <p class="error" role="alert" id="import-error">{e}</p> })}
        {echo.written.then(|| view! { <p class="notice" role="status">{format!("Imported {}: {}", echo.file_name, echo.summary)}</p> })}
        <form method="post" action="/review/import" enctype="multipart/form-data" class="stack">
            <div class="field">
                <label for="file">"CSV file"</label>
                <input id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-hint import-error"/>
                <p class="hint" id="file-hint">"UTF-8, with a header row. Up to 16 MB; larger files: " <code>"tracker import FILE.csv"</code>"."</p>
            </div>
            <div class="field check">
                <input id="partial" name="partial" type="checkbox" value="1" checked=echo.partial/>
                <label for="partial">"Import the good rows even if some rows have problems"</label>
            </div>
            <div class="field check">
                <input id="update" name="update" type="checkbox" value="1" checked=echo.update/>
                <label for="update">"Apply changes to rows imported before (as new revisions)"</label>
            </div>
            <div class="field check">
                <input id="allow_duplicates" name="allow_duplicates" type="checkbox" value="1" checked=echo.allow_duplicates/>
                <label for="allow_duplicates">"Import possible duplicates too (rows with the same government, company, year and amount as a deal already recorded)"</label>
            </div>
            <button type="submit">"Check the file"</button>
        </form>
        {has_report.then(|| {
            let writes = echo.rows.iter().filter(|r| r.writes).count();
            view! {
                <section aria-labelledby="report-title">
                    <h2 id="report-title">{if echo.written { format!("What was imported from {}", echo.file_name) } else { format!("What {} would import", echo.file_name) }}</h2>
                    <p>{format!("Read as {}. ", echo.format)}{echo.summary.clone()}</p>
                    {echo.can_write.then(|| view! {
                        <form method="post" action="/review/import" enctype="multipart/form-data">
                            <input type="hidden" name="content" value=echo.content.clone()/>
                            <input type="hidden" name="file_name" value=echo.file_name.clone()/>
                            {echo.partial.then(|| view! { <input type="hidden" name="partial" value="1"/> })}
                            {echo.update.then(|| view! { <input type="hidden" name="update" value="1"/> })}
                            {echo.allow_duplicates.then(|| view! { <input type="hidden" name="allow_duplicates" value="1"/> })}
                            <input type="hidden" name="confirm" value="1"/>
                            <button type="submit" class="primary">{format!("Import {} row{}", writes, if writes == 1 { "" } else { "s" })}</button>
                        </form>
                    })}
                    <div class="table-wrap">
                        <table class="import-report">
                            <caption>"Every row, with the government it was matched to"</caption>
                            <thead><tr><th scope="col" class="num">"Line"</th><th scope="col">"Deal"</th><th scope="col">"Government (how it was found)"</th><th scope="col">"Result"</th></tr></thead>
                            <tbody>
                                {echo.rows.into_iter().map(|r| view! {
                                    <tr class:failed=r.failed>
                                        <td class="num">{r.line}</td>
                                        <td>{match r.deal_id {
                                            Some(id) => view! { <a href=format!("/deals/{id}")>{r.title.clone()}</a> }.into_any(),
                                            None => view! { <span>{r.title.clone()}</span> }.into_any(),
                                        }}</td>
                                        <td>{if r.matched.is_empty() { "—".to_string() } else { r.matched.clone() }}</td>
                                        <td>{if r.failed { format!("Problem: {}", r.outcome) } else { r.outcome.clone() }}
                                            {r.duplicate_of.map(|d| view! { " " <a href=format!("/deals/{d}")>{format!("See deal {d}")}</a> })}</td>
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
