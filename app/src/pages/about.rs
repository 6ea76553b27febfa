//! `/about/data`: what the exports contain, their licence, and how to get a correction.

use super::common::server_data;
use crate::api::get_data_licence;
use leptos::prelude::*;
use leptos_meta::Title;

const COLUMNS: &[(&str, &str)] = &[
    ("id", "The deal's number; its page is /deals/{id}."),
    ("url", "The deal's page on this site."),
    ("title", "A short plain title."),
    ("kind", "procurement_contract, cloud_contract, cooperative_purchasing, cash_grant, tax_abatement, tax_credit, tif, land_deal, loan, fee_waiver, infrastructure, device_subsidy, police_partnership or other."),
    ("status", "proposed, approved, active, completed, cancelled, terminated or clawed_back."),
    ("government", "The awarding government: the one that pays, signs or grants (not where a building stands)."),
    ("government_kind", "state, county, place, township, school_district or special_district."),
    ("state", "Two-letter state code."),
    ("geoidfq", "Census fully-qualified GEOID of the government, e.g. 0500000US51013."),
    ("leaid", "NCES school district id, for school districts."),
    ("entity", "The Amazon company that is party to the deal."),
    ("amount_usd", "Dollars with cents, e.g. 23000000.00. Empty when not disclosed: never read an empty amount as zero."),
    ("amount_disclosed", "yes or no. A disclosed 0 (a no-cost partnership) is a real value."),
    ("value_basis", "maximum (a ceiling), estimated, or actual_paid. Don't add amounts of different bases together."),
    ("announced, approved, starts, ends", "Dates known to the year (2023), month (2023-05) or day (2023-05-17)."),
    ("agency, program", "The awarding body or agency, and the program, as the sources name them."),
    ("jobs_promised", "Jobs promised in return, when stated."),
    ("facility_name, facility_location", "The project or facility (e.g. Project Rex) and where it is."),
    ("description", "What happened, in plain words."),
    ("source_urls, source_titles, source_publishers, source_published, source_archive_urls, source_notes",
     "The sources, one entry per source in each column, in the same order, separated by \" | \" (empty where a source has no such part, e.g. a document without a link). The importer also reads older files with source_citations (\"title (publisher)\")."),
    ("recorded_at, updated_at", "When the deal was first recorded and last changed (UTC)."),
];

/// The data page.
#[component]
pub fn AboutDataPage() -> impl IntoView {
    let licence = server_data(|| (), |_| get_data_licence());
    view! {
        <Title text="About the data · Amazon Contract Tracker"/>
        <h1>"About the data"</h1>
        <p>"Every list on this site can be downloaded: add " <code>".csv"</code> " or " <code>".json"</code>
           " to a browse link, a place page or a state page, e.g. " <a href="/deals.csv?state=va">"/deals.csv?state=va"</a>", "
           <a href="/places/va.json">"/places/va.json"</a>" or " <code>"/places/va/arlington-county.csv"</code>
           ". A file holds every matching deal, not one page. Only published deals are included; deals waiting for review or withdrawn are not."</p>
        <h2>"Licence"</h2>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let l = licence.await.unwrap_or_else(|_| "CC BY 4.0".into());
                view! { <p id="licence">"The data is published under " <strong>{l}</strong>". Please credit \"Amazon Contract Tracker\" and link to the deal pages you use."</p> }
            })}
        </Suspense>
        <h2>"CSV columns"</h2>
        <p>"UTF-8, comma-separated, one header row. A cell that would start with = + - or @ starts with an apostrophe instead, so spreadsheets don't run it as a formula; the importer removes it again."</p>
        <table class="columns">
            <thead><tr><th scope="col">"Column"</th><th scope="col">"Meaning"</th></tr></thead>
            <tbody>{COLUMNS.iter().map(|(c, m)| view! { <tr><th scope="row"><code>{*c}</code></th><td>{*m}</td></tr> }).collect_view()}</tbody>
        </table>
        <h2>"JSON shape"</h2>
        <pre class="code">{r#"{ "licence": "CC BY 4.0", "source": "https://…", "place": { "name", "kind", "state" } | null,
  "deals": [ { "id", "url", "title", "kind", "status",
               "government": { "name", "kind", "state", "geoidfq", "leaid", "url" },
               "entity", "amount": { "disclosed", "usd_cents", "basis" },
               "dates": { "announced", "approved", "starts", "ends" },
               "agency", "program", "jobs_promised", "facility": { "name", "location" },
               "description", "sources": [ { "url", "title", "publisher", "published", "archive_url", "note" } ],
               "recorded_at", "updated_at" } ] }"#}</pre>
        <h2 id="sqlite">"The whole data set as a database"</h2>
        <p><a href="/downloads/tracker-public.sqlite" download="tracker-public.sqlite">"Download tracker-public.sqlite"</a>
           ": every published deal, its sources and approved revisions, the jurisdictions and Amazon companies, and contributors' public names, "
           "as one SQLite file for Datasette, notebooks or any SQL tool. Accounts, sessions, reports and anything waiting for review are left out. "
           "It is rebuilt within a minute of a change."</p>
        <h2 id="ocds">"Open Contracting Data Standard"</h2>
        <p><a href="/ocds/releases.json">"/ocds/releases.json"</a>" is an OCDS 1.1 release package of every published deal, and takes the same filters as the "
           <a href="/deals">"browse page"</a>" (e.g. " <code>"/ocds/releases.json?state=va&kind=tax_abatement"</code>"). "
           <code>"/deals/{id}/ocds.json"</code>" is a record package for one deal: each approved revision as a release, the compiled release, "
           "and the versioned release that shows how each field changed."</p>
        <ul>
            <li>"OCID: " <code>"ocds-amzntr-{deal id}"</code>" (the prefix is not registered with OCDS)."</li>
            <li>"The government is a party with the roles " <code>"buyer"</code>" (and " <code>"funder"</code>" for grants, tax breaks and other subsidies); "
                "its identifier is the Census GEOIDFQ (scheme " <code>"US-CENSUS-GEOIDFQ"</code>") or, for school districts, the NCES LEAID (" <code>"US-NCES-LEAID"</code>")."</li>
            <li>"The Amazon company is " <code>"supplier"</code>" (or " <code>"payee"</code>" for subsidies). Each deal is one award and one contract; sources are contract documents."</li>
            <li>"An undisclosed amount has no " <code>"value"</code>" at all, never 0. Partial dates (a year, a month) become the first day of that period."</li>
            <li>"Extension " <code>"amazonTracker"</code>" on each release carries what core OCDS has no field for: "
                <code>"kind"</code>" (the tracker's kinds of deal), " <code>"status"</code>", " <code>"amountDisclosed"</code>", " <code>"valueBasis"</code>
                " (maximum, estimated, actual_paid), " <code>"announcedDate"</code>", " <code>"agency"</code>", " <code>"program"</code>", "
                <code>"jobsPromised"</code>", " <code>"facility"</code>" (name, location), " <code>"government"</code>" (kind, state, page) and " <code>"url"</code>"."</li>
        </ul>
        <h2>"Feeds"</h2>
        <p>"New deals and approved changes as Atom feeds (" <a href="/follow">"how to follow them"</a>"): " <a href="/feed.atom">"/feed.atom"</a> " for the whole site, "
           <code>"/places/va/feed.atom"</code> " for a state, " <code>"/places/va/arlington-county/feed.atom"</code> " for a government, and "
           <code>"/deals.atom?…"</code> " for any browse view."</p>
        <h2 id="gjf">"Importing Good Jobs First files"</h2>
        <p>"Rows of a Good Jobs First Subsidy Tracker export get their kind from the \"Type of Subsidy\":"</p>
        <div class="table-wrap"><table class="columns">
            <thead><tr><th scope="col">"Type of Subsidy"</th><th scope="col">"Kind"</th></tr></thead>
            <tbody>{crate::model::gjf::GJF_KINDS.iter().map(|(t, k)| view! { <tr><td>{*t}</td><td><code>{*k}</code></td></tr> }).collect_view()}</tbody>
        </table></div>
        <p>"When the type says nothing more specific (anything else, or \"megadeal\"), the Program Name and Notes decide, by whole words:"</p>
        <ul>
            {crate::model::gjf::GJF_WORD_RULES.iter().map(|(words, kind)| view! {
                <li>{words.join(", ")}" → "<code>{*kind}</code>
                    {(*kind == "device_subsidy").then(|| view! {
                        "; with "{crate::model::gjf::GJF_POLICE_WORDS.join(", ")}" as well → "<code>"police_partnership"</code>
                    })}</li>
            }).collect_view()}
            <li>"neighbors or portal with police or sheriff → "<code>"police_partnership"</code></li>
            <li>"otherwise "<code>"other"</code></li>
        </ul>
        <p>"A file imported again after these rules changed reports the rows whose kind changes as changes (applied with "
           <code>"--update"</code>"), never as new deals."</p>
        <h2>"Corrections"</h2>
        <p>"Found a mistake? Sign in, open the deal and choose " <strong>"Correct this deal"</strong> " (a moderator checks the change), or "
           <strong>"Report a problem"</strong>". Every change is kept in the deal's public history."</p>
    }
}
