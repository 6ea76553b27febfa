//! `/deals/new`: the form for recording a deal. It posts to `web::forms::new_deal`.

use super::common::{error_view, server_data, FieldErrorMsg};
use crate::api::{current_viewer, get_entities};
use crate::islands::{AmountField, PlaceSearch, SourcesEditor};
use crate::model::{DealInput, DealKind, DealStatus, FieldErrors};
use crate::FormEcho;
use leptos::prelude::*;
use leptos_meta::Title;

/// The deal form page; sends visitors who are not signed in to the sign-in page.
#[component]
pub fn NewDealPage() -> impl IntoView {
    if current_viewer().is_none() {
        #[cfg(feature = "ssr")]
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::SEE_OTHER);
            res.insert_header(http::header::LOCATION, http::HeaderValue::from_static("/login?next=/deals/new"));
        }
        return view! { <p>"Please " <a href="/login?next=/deals/new">"sign in"</a> " to record a deal."</p> }.into_any();
    }
    let echo = use_context::<FormEcho>().unwrap_or_default();
    let list = server_data(|| (), |_| get_entities());
    view! {
        <Title text="Record a deal · Amazon Contract Tracker"/>
        <h1>"Record a deal"</h1>
        <p>"Record one agreement between a government and Amazon. Cite at least one source a reader can check: "
           "a link to the contract, minutes or news story, or the title and publisher of a document you hold."</p>
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match list.await {
                        Ok(entities) => view! { <DealForm echo entities action="/deals/new".to_string() base=None/> }.into_any(),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

fn field_attrs(errors: &FieldErrors, name: &str) -> (Option<&'static str>, String) {
    (errors.contains_key(name).then_some("true"), format!("err-{name}"))
}

/// What a field of the deal form is called, for the list of problems at the top.
fn field_label(name: &str) -> String {
    let fixed = match name {
        "title" => "Title",
        "jurisdiction" => "Government that made the deal",
        "entity_id" => "Amazon company",
        "kind" => "Kind of deal",
        "status" => "Where it stands",
        "agency" => "Awarding body or agency",
        "program" => "Program",
        "amount" => "Amount",
        "value_basis" => "What the amount means",
        "jobs" => "Jobs promised",
        "announced" => "Announced",
        "approved" => "Approved",
        "starts" => "Starts",
        "ends" => "Ends",
        "facility_name" => "Facility or project name",
        "facility_location" => "Where the facility is",
        "description" => "What happened",
        "sources" => "Sources",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_string();
    }
    // source_<part>_<n>
    let Some((rest, n)) = name.rsplit_once('_') else { return name.to_string() };
    let part = match rest {
        "source_url" => "link",
        "source_title" => "title",
        "source_publisher" => "publisher",
        "source_published" => "published",
        "source_archive_url" => "archived copy",
        "source_note" => "note",
        _ => return name.to_string(),
    };
    let n = n.parse::<usize>().map(|n| n + 1).unwrap_or(1);
    format!("Source {n}, {part}")
}

/// Where a problem's link in the summary goes: the field itself.
fn field_anchor(name: &str) -> String {
    match name {
        "sources" => "#source_url_0".into(),
        "amount" | "value_basis" | "entity_id" | "kind" | "status" => format!("#{name}"),
        n => format!("#{n}"),
    }
}

/// The problems of a failed save, each a link to its field; it takes the focus, so a phone
/// reader starts at the list rather than screens away from it.
#[component]
pub fn ErrorSummary(summary: Option<crate::model::msg::Msg>, errors: FieldErrors) -> impl IntoView {
    summary.map(|s| {
        let s = super::common::tr(&s);
        view! {
            <div class="error-summary" role="alert" id="form-error" tabindex="-1" autofocus=true>
                <p>{s}</p>
                {(!errors.is_empty()).then(|| view! {
                    <ul>
                        {errors.iter().map(|(name, msg)| view! {
                            <li><a href=field_anchor(name)>{field_label(name)}": "{super::common::tr(msg)}</a></li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        }
    })
}

/// The deal form, for a new deal (`base` = None) or an edit that started from revision
/// `base` (continuing the person's own waiting change `replaces`).
#[component]
pub fn DealForm(
    echo: FormEcho,
    entities: Vec<crate::model::view::EntityView>,
    action: String,
    base: Option<i64>,
    #[prop(default = None)] replaces: Option<i64>,
    #[prop(optional)] initial: Option<DealInput>,
) -> impl IntoView {
    let input: DealInput = echo.deal.clone().or(initial).unwrap_or_default();
    let summary_value = echo.values.get("summary").cloned().unwrap_or_default();
    let errors = echo.errors.clone();
    let text = |name: &'static str, label: &'static str, value: String, hint: Option<&'static str>, required: bool| {
        let (invalid, described) = field_attrs(&errors, name);
        view! {
            <div class="field">
                <label for=name>{label}{(!required).then(|| view! { <span class="optional">" (optional)"</span> })}</label>
                <input id=name name=name value=value aria-invalid=invalid required=required
                    aria-describedby=format!("{name}-hint {described}")/>
                {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
                <FieldErrorMsg name=name.to_string() errors=errors.clone()/>
            </div>
        }
    };
    let select = |name: &'static str, label: &'static str, current: String, options: Vec<(String, String)>| {
        let (invalid, described) = field_attrs(&errors, name);
        view! {
            <div class="field">
                <label for=name>{label}</label>
                <select id=name name=name aria-invalid=invalid aria-describedby=described required=true>
                    <option value="" selected=current.is_empty()>"Choose…"</option>
                    {options.into_iter().map(|(v, l)| {
                        let sel = v == current;
                        view! { <option value=v selected=sel>{l}</option> }
                    }).collect_view()}
                </select>
                <FieldErrorMsg name=name.to_string() errors=errors.clone()/>
            </div>
        }
    };
    let date_hint = Some("A year (2023), year and month (2023-05), or full date (2023-05-17).");
    view! {
        <ErrorSummary summary=echo.summary.clone() errors=errors.clone()/>
        {(!echo.duplicates.is_empty()).then(|| view! {
            <section class="notice duplicates" aria-labelledby="dup-h">
                <h2 id="dup-h">"Is it one of these?"</h2>
                <super::common::DealTable rows=echo.duplicates.clone() show_place=true/>
                <p>"If it is, stop here and " <strong>"correct that deal"</strong> " instead. If yours is a different deal, save it below."</p>
            </section>
        })}
        <form method="post" action=action class="stack deal-form">
            {(!echo.duplicates.is_empty()).then(|| view! { <input type="hidden" name="not_duplicate" value="1"/> })}
            {base.map(|b| view! { <input type="hidden" name="base" value=b.to_string()/> })}
            {replaces.map(|r| view! { <input type="hidden" name="replaces" value=r.to_string()/> })}
            <ConflictChoices conflicts=echo.conflicts.clone() kept=echo.kept.clone()/>
            <fieldset>
                <legend>"The deal"</legend>
                {text("title", "Title", input.title.clone(), Some("Short and plain, e.g. \"AWS cloud hosting for county systems\"."), true)}
                <div class="field">
                    <label for="jurisdiction">"Government that made the deal"</label>
                    <PlaceSearch input_id="jurisdiction".to_string() name="jurisdiction".to_string() value=input.jurisdiction.clone()
                        navigate=false picked_id=input.jurisdiction_id.clone()
                        invalid=errors.contains_key("jurisdiction")
                        describedby="jurisdiction-hint err-jurisdiction".to_string() lang=crate::i18n::lang()/>
                    <p class="hint" id="jurisdiction-hint">"The city, county, school district or state that pays, signs or grants, not where the building is. E.g. \"Arlington County, VA\"."</p>
                    <FieldErrorMsg name="jurisdiction".to_string() errors=errors.clone()/>
                </div>
                {select("entity_id", "Amazon company", input.entity_id.clone(),
                    entities.iter().map(|e| (e.id.to_string(), match &e.parent_name { Some(p) => format!("{} (part of {p})", e.name), None => e.name.clone() })).collect())}
                {select("kind", "Kind of deal", input.kind.clone(), DealKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect())}
                {select("status", "Where it stands", input.status.clone(), DealStatus::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect())}
                {text("agency", "Awarding body or agency", input.agency.clone(), Some("E.g. \"Board of Supervisors\" or \"Police Department\"."), false)}
                {text("program", "Program", input.program.clone(), Some("E.g. \"Business Investment Grant\"."), false)}
            </fieldset>
            <fieldset>
                <legend>"Money"</legend>
                <AmountField amount=input.amount.clone() undisclosed=input.undisclosed basis=input.value_basis.clone() errors=super::common::texts(&errors)/>
                {text("jobs", "Jobs promised", input.jobs.clone(), None, false)}
            </fieldset>
            <fieldset>
                <legend>"Dates"</legend>
                <p class="hint">{date_hint}</p>
                <div class="grid-2">
                    {text("announced", "Announced", input.announced.clone(), None, false)}
                    {text("approved", "Approved", input.approved.clone(), None, false)}
                    {text("starts", "Starts", input.starts.clone(), None, false)}
                    {text("ends", "Ends", input.ends.clone(), None, false)}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Facility"</legend>
                {text("facility_name", "Facility or project name", input.facility_name.clone(), Some("E.g. \"Project Rex\" or \"DCA-12 data center\"."), false)}
                {text("facility_location", "Where the facility is", input.facility_location.clone(), Some("May differ from the government that made the deal."), false)}
            </fieldset>
            <div class="field">
                <label for="description">"What happened" <span class="optional">" (optional)"</span></label>
                <textarea id="description" name="description" rows="5" aria-describedby="err-description">{input.description.clone()}</textarea>
                <FieldErrorMsg name="description".to_string() errors=errors.clone()/>
            </div>
            <SourcesEditor sources=input.sources.clone() errors=super::common::texts(&errors)/>
            {base.is_some().then(|| view! {
                <div class="field">
                    <label for="summary">"What you changed, and why"</label>
                    <input id="summary" name="summary" value=summary_value.clone() maxlength="300"
                        aria-describedby="summary-hint"/>
                    <p class="hint" id="summary-hint">"Shown in the deal's public history, e.g. \"Amount corrected from the signed contract\"."</p>
                </div>
            })}
            <button type="submit" class="primary">{if base.is_some() { "Save changes" } else if !echo.duplicates.is_empty() { "It's a different deal: save it" } else { "Save deal" }}</button>
        </form>
    }
}

/// Fields both this edit and someone else changed: the three values of each, and a choice.
/// Also lists what the other person changed that saving keeps.
#[component]
pub fn ConflictChoices(
    conflicts: Vec<crate::model::workflow::ConflictView>,
    kept: Vec<crate::model::workflow::FieldChange>,
) -> impl IntoView {
    let empty = |s: String| if s.is_empty() { "—".to_string() } else { s };
    (!conflicts.is_empty() || !kept.is_empty()).then(|| view! {
        <fieldset class="conflicts">
            <legend>"Changed by someone else while you were editing"</legend>
            {(!kept.is_empty()).then(|| view! {
                <p>"These changes were made meanwhile and stay; the form below shows them:"</p>
                <ul class="kept">
                    {kept.iter().map(|c| view! { <li><strong>{c.field.clone()}": "</strong>{empty(c.before.clone())}" → "{empty(c.after.clone())}</li> }).collect_view()}
                </ul>
            })}
            {(!conflicts.is_empty()).then(|| view! {
                <p>"You both changed these. Choose which value to keep for each:"</p>
            })}
            {conflicts.into_iter().map(|c| {
                let name = format!("choose_{}", c.key);
                let now_id = format!("{name}-now");
                let mine_id = format!("{name}-mine");
                let label_id = format!("{name}-label");
                let labelled_by = label_id.clone();
                view! {
                    <div class="conflict" role="radiogroup" aria-labelledby=labelled_by>
                        <p class="conflict-field" id=label_id>
                            <strong>{c.label.clone()}</strong>
                        </p>
                        <p class="sub">"When you started: "{empty(c.base.clone())}</p>
                        <div class="field check">
                            <input type="radio" id=now_id.clone() name=name.clone() value="now" required=true/>
                            <label for=now_id>"Keep the current value: "<strong>{empty(c.now.clone())}</strong></label>
                        </div>
                        <div class="field check">
                            <input type="radio" id=mine_id.clone() name=name.clone() value="mine"/>
                            <label for=mine_id>"Use yours: "<strong>{empty(c.mine.clone())}</strong></label>
                        </div>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    })
}
