//! `/about/data`: what the exports contain, their licence, and how to get a correction.

use super::common::server_data;
use crate::api::get_data_licence;
use crate::i18n::href;
use leptos::prelude::*;
use leptos_meta::Title;

/// Each CSV column (as the export names it) and the id of the message saying what it holds.
const COLUMNS: &[(&str, &str)] = &[
    ("id", "about-col-id"),
    ("url", "about-col-url"),
    ("title", "about-col-title"),
    ("kind", "about-col-kind"),
    ("status", "about-col-status"),
    ("government", "about-col-government"),
    ("government_kind", "about-col-government-kind"),
    ("state", "about-col-state"),
    ("geoidfq", "about-col-geoidfq"),
    ("leaid", "about-col-leaid"),
    ("entity", "about-col-entity"),
    ("amount_usd", "about-col-amount-usd"),
    ("amount_disclosed", "about-col-amount-disclosed"),
    ("value_basis", "about-col-value-basis"),
    ("announced, approved, starts, ends", "about-col-dates"),
    ("agency, program", "about-col-agency-program"),
    ("jobs_promised", "about-col-jobs-promised"),
    ("facility_name, facility_location", "about-col-facility"),
    ("description", "about-col-description"),
    (
        "source_urls, source_titles, source_publishers, source_published, source_archive_urls, source_notes, source_files",
        "about-col-sources",
    ),
    ("recorded_at, updated_at", "about-col-recorded-updated"),
];

/// The data page.
#[component]
pub fn AboutDataPage() -> impl IntoView {
    let licence = server_data(|| (), |_| get_data_licence());
    view! {
        <Title text=crate::t!("about-title")/>
        <h1>{crate::t!("about-heading")}</h1>
        <p>{crate::t!("about-download-add")}" " <code>".csv"</code> " "{crate::t!("about-or")}" " <code>".json"</code>
           " "{crate::t!("about-download-to")}" " <a href="/deals.csv?state=va">"/deals.csv?state=va"</a>", "
           <a href="/places/va.json">"/places/va.json"</a>" "{crate::t!("about-or")}" " <code>"/places/va/arlington-county.csv"</code>
           ". "{crate::t!("about-download-rest")}</p>
        <h2>{crate::t!("about-licence-heading")}</h2>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let l = licence.await.unwrap_or_else(|_| "CC BY 4.0".into());
                view! { <p id="licence">{crate::t!("about-licence-before")}" " <strong>{l}</strong>". "{crate::t!("about-licence-after")}</p> }
            })}
        </Suspense>
        <h2>{crate::t!("about-csv-heading")}</h2>
        <p>{crate::t!("about-csv-text")}</p>
        <table class="columns">
            <thead><tr><th scope="col">{crate::t!("about-column")}</th><th scope="col">{crate::t!("about-meaning")}</th></tr></thead>
            <tbody>{COLUMNS.iter().map(|(c, m)| view! { <tr><th scope="row"><code>{*c}</code></th><td>{crate::t!(*m)}</td></tr> }).collect_view()}</tbody>
        </table>
        <h2>{crate::t!("about-json-heading")}</h2>
        <pre class="code">{r#"{ "licence": "CC BY 4.0", "source": "https://…", "place": { "name", "kind", "state" } | null,
  "deals": [ { "id", "url", "title", "kind", "status",
               "government": { "name", "kind", "state", "geoidfq", "leaid", "url" },
               "entity", "amount": { "disclosed", "usd_cents", "basis" },
               "dates": { "announced", "approved", "starts", "ends" },
               "agency", "program", "jobs_promised", "facility": { "name", "location" },
               "description", "sources": [ { "url", "title", "publisher", "published", "archive_url", "note" } ],
               "recorded_at", "updated_at" } ] }"#}</pre>
        <h2 id="sqlite">{crate::t!("about-sqlite-heading")}</h2>
        <p><a href="/downloads/tracker-public.sqlite" download="tracker-public.sqlite">{crate::t!("about-sqlite-download")}</a>
           ": "{crate::t!("about-sqlite-text")}</p>
        <h2 id="ocds">{crate::t!("about-ocds-heading")}</h2>
        <p><a href="/ocds/releases.json">"/ocds/releases.json"</a>" "{crate::t!("about-ocds-package")}" "
           <a href=href("/deals")>{crate::t!("about-ocds-browse-page")}</a>" ("{crate::t!("about-eg")}" " <code>"/ocds/releases.json?state=va&kind=tax_abatement"</code>"). "
           <code>"/deals/{id}/ocds.json"</code>" "{crate::t!("about-ocds-record")}</p>
        <ul>
            <li>"OCID: " <code>{format!("ocds-amzntr-{{{}}}", crate::t!("about-ocid-deal-id"))}</code>" "{crate::t!("about-ocid-note")}</li>
            <li>{crate::t!("about-ocds-party")}" " <code>"buyer"</code>" ("{crate::t!("about-and")}" " <code>"funder"</code>" "{crate::t!("about-ocds-funder")}" "
                <code>"US-CENSUS-GEOIDFQ"</code>") "{crate::t!("about-ocds-leaid")}<code>"US-NCES-LEAID"</code>")."</li>
            <li>{crate::t!("about-ocds-supplier")}" " <code>"supplier"</code>" ("{crate::t!("about-or")}" " <code>"payee"</code>" "{crate::t!("about-ocds-payee")}</li>
            <li>{crate::t!("about-ocds-no-value")}" " <code>"value"</code>" "{crate::t!("about-ocds-no-value-after")}</li>
            <li>{crate::t!("about-ocds-extension")}" " <code>"amazonTracker"</code>" "{crate::t!("about-ocds-extension-carries")}" "
                <code>"kind"</code>" "{crate::t!("about-ocds-extension-kind")}" " <code>"status"</code>", " <code>"amountDisclosed"</code>", " <code>"valueBasis"</code>
                " (maximum, estimated, actual_paid), " <code>"announcedDate"</code>", " <code>"agency"</code>", " <code>"program"</code>", "
                <code>"jobsPromised"</code>", " <code>"facility"</code>" (name, location), " <code>"government"</code>" (kind, state, page) "{crate::t!("about-and")}" " <code>"url"</code>"."</li>
            <li>{crate::t!("about-ocds-kept")}" " <code>"sha256"</code>". "{crate::t!("about-ocds-declared")}" "
                <a href="/ocds/extension.json">"/ocds/extension.json"</a>" ("<a href="/ocds/release-schema.json">"release-schema.json"</a>")."</li>
        </ul>
        <h2>{crate::t!("about-feeds-heading")}</h2>
        <p>{crate::t!("about-feeds-intro")}<a href=href("/follow")>{crate::t!("about-feeds-follow")}</a>"): " <a href=href("/feed.atom")>{href("/feed.atom")}</a> " "{crate::t!("about-feeds-site")}" "
           <code>{href("/places/va/feed.atom")}</code> " "{crate::t!("about-feeds-state")}" " <code>{href("/places/va/arlington-county/feed.atom")}</code> " "{crate::t!("about-feeds-government")}" "
           <code>{href("/deals.atom?…")}</code> " "{crate::t!("about-feeds-browse")}</p>
        <h2 id="gjf">{crate::t!("about-gjf-heading")}</h2>
        <p>{crate::t!("about-gjf-type")}</p>
        <div class="table-wrap"><table class="columns">
            <thead><tr><th scope="col">"Type of Subsidy"</th><th scope="col">{crate::t!("about-kind")}</th></tr></thead>
            <tbody>{crate::model::gjf::GJF_KINDS.iter().map(|(t, k)| view! { <tr><td>{*t}</td><td><code>{*k}</code></td></tr> }).collect_view()}</tbody>
        </table></div>
        <p>{crate::t!("about-gjf-words")}</p>
        <ul>
            {crate::model::gjf::GJF_WORD_RULES.iter().map(|(words, kind)| view! {
                <li>{words.join(", ")}" → "<code>{*kind}</code>
                    {(*kind == "device_subsidy").then(|| view! {
                        {crate::t!("about-gjf-with-police", words = crate::model::gjf::GJF_POLICE_WORDS.join(", "))}" "<code>"police_partnership"</code>
                    })}</li>
            }).collect_view()}
            <li>{crate::t!("about-gjf-neighbors")}" "<code>"police_partnership"</code></li>
            <li>{crate::t!("about-gjf-otherwise")}" "<code>"other"</code></li>
        </ul>
        <p>{crate::t!("about-gjf-reimport")}" "
           <code>"--update"</code>"), "{crate::t!("about-gjf-reimport-after")}</p>
        <h2>{crate::t!("about-corrections-heading")}</h2>
        <p>{crate::t!("about-corrections-before")}" " <strong>{crate::t!("about-corrections-correct")}</strong> " "{crate::t!("about-corrections-middle")}" "
           <strong>{crate::t!("about-corrections-report")}</strong>". "{crate::t!("about-corrections-after")}</p>
    }
}
