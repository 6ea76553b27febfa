//! `/deals/new`: the form for recording a deal. It posts to `web::forms::new_deal`.

use super::common::{error_view, server_data, FieldErrorMsg};
use crate::api::{current_viewer, get_entities};
use crate::i18n::href;
use crate::islands::{AmountField, AmountWords, PlaceSearch, SourceWords, SourcesEditor};
use crate::model::{DealInput, DealKind, DealStatus, FieldErrors, ValueBasis};
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
            if let Ok(v) = http::HeaderValue::from_str(&href(&format!("/login?next={}", href("/deals/new")))) {
                res.insert_header(http::header::LOCATION, v);
            }
        }
        return view! {
            <p>{crate::t!("form-signin-before")}" "<a href=href(&format!("/login?next={}", href("/deals/new")))>{crate::t!("form-signin-link")}</a>" "{crate::t!("form-signin-after")}</p>
        }
        .into_any();
    }
    let echo = use_context::<FormEcho>().unwrap_or_default();
    let list = server_data(|| (), |_| get_entities());
    view! {
        <Title text=crate::t!("form-page-title")/>
        <h1>{crate::t!("form-heading")}</h1>
        <p>{crate::t!("form-intro")}</p>
        <Suspense fallback=|| ()>
            {move || {
                let echo = echo.clone();
                Suspend::new(async move {
                    match list.await {
                        Ok(entities) => view! { <DealForm echo entities action=href("/deals/new") base=None/> }.into_any(),
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
        "title" => "form-field-title",
        "jurisdiction" => "form-field-jurisdiction",
        "entity_id" => "form-field-entity",
        "kind" => "form-field-kind",
        "status" => "form-field-status",
        "agency" => "form-field-agency",
        "program" => "form-field-program",
        "amount" => "form-field-amount",
        "value_basis" => "form-field-value-basis",
        "jobs" => "form-field-jobs",
        "announced" => "form-field-announced",
        "approved" => "form-field-approved",
        "starts" => "form-field-starts",
        "ends" => "form-field-ends",
        "facility_name" => "form-field-facility-name",
        "facility_location" => "form-field-facility-location",
        "description" => "form-field-description",
        "sources" => "form-field-sources",
        "events" => "form-events-legend",
        _ => "",
    };
    if !fixed.is_empty() {
        return crate::t!(fixed);
    }
    // source_<part>_<n>
    let Some((rest, n)) = name.rsplit_once('_') else { return name.to_string() };
    if let Some(label) = super::event_form::field_label(rest, n.parse::<usize>().map_or(1, |n| n + 1)) {
        return label;
    }
    let id = match rest {
        "source_url" => "form-field-source-url",
        "source_title" => "form-field-source-title",
        "source_publisher" => "form-field-source-publisher",
        "source_published" => "form-field-source-published",
        "source_archive_url" => "form-field-source-archive-url",
        "source_note" => "form-field-source-note",
        "source_file" | "source_document" => "form-field-source-file",
        _ => return name.to_string(),
    };
    let n = n.parse::<usize>().map(|n| n + 1).unwrap_or(1);
    crate::t!(id, n = n)
}

/// The words of the amount island, in the page's language (islands get their words as props).
fn amount_words() -> AmountWords {
    AmountWords {
        label: crate::t!("island-amount-label"),
        hint: crate::t!("island-amount-hint"),
        undisclosed: crate::t!("island-amount-undisclosed"),
        basis: crate::t!("island-basis-label"),
        choose: crate::t!("island-choose"),
        bases: ValueBasis::ALL.iter().map(|b| (b.code().to_string(), b.label().to_string())).collect(),
    }
}

/// The words of the sources island; `count` sources are shown at first (headings for at
/// least the 20 the island lets a person add).
fn source_words(count: usize) -> SourceWords {
    SourceWords {
        legend: crate::t!("island-sources-legend"),
        add: crate::t!("island-sources-add"),
        headings: (1..=count.max(20)).map(|n| crate::t!("island-source-heading", n = n)).collect(),
        url: crate::t!("island-source-url"),
        url_hint: crate::t!("island-source-url-hint"),
        title: crate::t!("island-source-title"),
        title_hint: crate::t!("island-source-title-hint"),
        publisher: crate::t!("island-source-publisher"),
        publisher_hint: crate::t!("island-source-publisher-hint"),
        published: crate::t!("island-source-published"),
        archive_url: crate::t!("island-source-archive-url"),
        note: crate::t!("island-source-note"),
        note_hint: crate::t!("island-source-note-hint"),
        file: crate::t!("island-source-file"),
        file_hint: crate::t!("island-source-file-hint", mb = max_upload_mb().to_string()),
        file_kept: crate::t!("island-source-file-kept"),
        file_kept_link: crate::t!("island-source-file-kept-link"),
        documents: crate::i18n::href("/documents/"),
        uploading: crate::t!("attach-uploading"),
        upload_failed: crate::t!("document-upload-unreadable"),
        max_bytes: max_upload_mb() * 1_000_000,
        too_large: crate::t!("document-file-too-large", mb = max_upload_mb().to_string()),
        wait: crate::t!("island-source-file-wait"),
    }
}

/// The largest document this server takes, in MB, as its `--max-upload-mb` says.
fn max_upload_mb() -> u64 {
    #[cfg(feature = "ssr")]
    return crate::web::state().map(|s| s.config.uploads).unwrap_or_default().max_file / 1_000_000;
    // Pages render on the server only; the browser's build never shows this.
    #[cfg(not(feature = "ssr"))]
    0
}

/// Where a problem's link in the summary goes: the field itself.
fn field_anchor(name: &str) -> String {
    match name {
        "sources" => "#source_url_0".into(),
        "events" => "#event_kind_0".into(),
        "amount" | "value_basis" | "entity_id" | "kind" | "status" => format!("#{name}"),
        // A cited document's problem is the document field's: that is where to choose another.
        n if n.starts_with("source_document_") => format!("#source_file_{}", &n["source_document_".len()..]),
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
    let text = |name: &'static str, label: String, value: String, hint: Option<String>, required: bool| {
        let (invalid, described) = field_attrs(&errors, name);
        view! {
            <div class="field">
                <label for=name>{label}{(!required).then(|| view! { <span class="optional">{format!(" {}", crate::t!("form-optional"))}</span> })}</label>
                <input id=name name=name value=value aria-invalid=invalid required=required
                    aria-describedby=format!("{name}-hint {described}")/>
                {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
                <FieldErrorMsg name=name.to_string() errors=errors.clone()/>
            </div>
        }
    };
    let select = |name: &'static str, label: String, current: String, options: Vec<(String, String)>| {
        let (invalid, described) = field_attrs(&errors, name);
        view! {
            <div class="field">
                <label for=name>{label}</label>
                <select id=name name=name aria-invalid=invalid aria-describedby=described required=true>
                    <option value="" selected=current.is_empty()>{crate::t!("form-choose")}</option>
                    {options.into_iter().map(|(v, l)| {
                        let sel = v == current;
                        view! { <option value=v selected=sel>{l}</option> }
                    }).collect_view()}
                </select>
                <FieldErrorMsg name=name.to_string() errors=errors.clone()/>
            </div>
        }
    };
    let date_hint = crate::t!("form-dates-hint");
    view! {
        <ErrorSummary summary=echo.summary.clone() errors=errors.clone()/>
        {(!echo.duplicates.is_empty()).then(|| view! {
            <section class="notice duplicates" aria-labelledby="dup-h">
                <h2 id="dup-h">{crate::t!("form-duplicates-heading")}</h2>
                <super::common::DealTable rows=echo.duplicates.clone() show_place=true/>
                <p>{format!("{} ", crate::t!("form-duplicates-before"))}<strong>{crate::t!("form-duplicates-strong")}</strong>{format!(" {}", crate::t!("form-duplicates-after"))}</p>
            </section>
        })}
        <form method="post" action=action enctype="multipart/form-data" class="stack deal-form">
            {(!echo.duplicates.is_empty()).then(|| view! { <input type="hidden" name="not_duplicate" value="1"/> })}
            {base.map(|b| view! { <input type="hidden" name="base" value=b.to_string()/> })}
            {replaces.map(|r| view! { <input type="hidden" name="replaces" value=r.to_string()/> })}
            <ConflictChoices conflicts=echo.conflicts.clone() kept=echo.kept.clone()/>
            <fieldset>
                <legend>{crate::t!("form-legend-deal")}</legend>
                {text("title", crate::t!("form-field-title"), input.title.clone(), Some(crate::t!("form-title-hint")), true)}
                <div class="field">
                    <label for="jurisdiction">{crate::t!("form-field-jurisdiction")}</label>
                    <PlaceSearch input_id="jurisdiction".to_string() name="jurisdiction".to_string() value=input.jurisdiction.clone()
                        navigate=false picked_id=input.jurisdiction_id.clone()
                        invalid=errors.contains_key("jurisdiction")
                        describedby="jurisdiction-hint err-jurisdiction".to_string() lang=crate::i18n::lang()
                        placeholder=crate::t!("island-place-placeholder")/>
                    <p class="hint" id="jurisdiction-hint">{crate::t!("form-jurisdiction-hint")}</p>
                    <FieldErrorMsg name="jurisdiction".to_string() errors=errors.clone()/>
                </div>
                {select("entity_id", crate::t!("form-field-entity"), input.entity_id.clone(),
                    entities.iter().map(|e| (e.id.to_string(), match &e.parent_name {
                        Some(p) => crate::t!("form-company-part-of", name = &e.name, parent = p),
                        None => e.name.clone(),
                    })).collect())}
                {select("kind", crate::t!("form-field-kind"), input.kind.clone(), DealKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect())}
                {select("status", crate::t!("form-field-status"), input.status.clone(), DealStatus::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect())}
                {text("agency", crate::t!("form-field-agency"), input.agency.clone(), Some(crate::t!("form-agency-hint")), false)}
                {text("program", crate::t!("form-field-program"), input.program.clone(), Some(crate::t!("form-program-hint")), false)}
            </fieldset>
            <fieldset>
                <legend>{crate::t!("form-legend-money")}</legend>
                <AmountField amount=input.amount.clone() undisclosed=input.undisclosed basis=input.value_basis.clone() errors=super::common::texts(&errors)
                    words=amount_words()/>
                {text("jobs", crate::t!("form-field-jobs"), input.jobs.clone(), None, false)}
            </fieldset>
            <fieldset>
                <legend>{crate::t!("form-legend-dates")}</legend>
                <p class="hint">{date_hint}</p>
                <div class="grid-2">
                    {text("announced", crate::t!("form-field-announced"), input.announced.clone(), None, false)}
                    {text("approved", crate::t!("form-field-approved"), input.approved.clone(), None, false)}
                    {text("starts", crate::t!("form-field-starts"), input.starts.clone(), None, false)}
                    {text("ends", crate::t!("form-field-ends"), input.ends.clone(), None, false)}
                </div>
            </fieldset>
            <fieldset>
                <legend>{crate::t!("form-legend-facility")}</legend>
                {text("facility_name", crate::t!("form-field-facility-name"), input.facility_name.clone(), Some(crate::t!("form-facility-name-hint")), false)}
                {text("facility_location", crate::t!("form-field-facility-location"), input.facility_location.clone(), Some(crate::t!("form-facility-location-hint")), false)}
            </fieldset>
            <div class="field">
                <label for="description">{crate::t!("form-field-description")} <span class="optional">{format!(" {}", crate::t!("form-optional"))}</span></label>
                <textarea id="description" name="description" rows="5" aria-describedby="err-description">{input.description.clone()}</textarea>
                <FieldErrorMsg name="description".to_string() errors=errors.clone()/>
            </div>
            <SourcesEditor sources=input.sources.clone() errors=super::common::texts(&errors) words=source_words(input.sources.len())/>
            <super::event_form::EventsFields events=input.events.clone() errors=errors.clone()/>
            {base.is_some().then(|| view! {
                <div class="field">
                    <label for="summary">{crate::t!("form-summary-label")}</label>
                    <input id="summary" name="summary" value=summary_value.clone() maxlength="300"
                        aria-describedby="summary-hint"/>
                    <p class="hint" id="summary-hint">{crate::t!("form-summary-hint")}</p>
                </div>
            })}
            <button type="submit" class="primary">{if base.is_some() {
                crate::t!("form-save-changes")
            } else if !echo.duplicates.is_empty() {
                crate::t!("form-save-different")
            } else {
                crate::t!("form-save")
            }}</button>
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
            <legend>{crate::t!("form-conflicts-legend")}</legend>
            {(!kept.is_empty()).then(|| view! {
                <p>{crate::t!("form-conflicts-kept")}</p>
                <ul class="kept">
                    {kept.iter().map(|c| view! { <li><strong>{c.field.clone()}": "</strong>{empty(c.before.clone())}" → "{empty(c.after.clone())}</li> }).collect_view()}
                </ul>
            })}
            {(!conflicts.is_empty()).then(|| view! {
                <p>{crate::t!("form-conflicts-choose")}</p>
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
                        <p class="sub">{format!("{} ", crate::t!("form-conflict-when-started"))}{empty(c.base.clone())}</p>
                        <div class="field check">
                            <input type="radio" id=now_id.clone() name=name.clone() value="now" required=true/>
                            <label for=now_id>{format!("{} ", crate::t!("form-conflict-keep-now"))}<strong>{empty(c.now.clone())}</strong></label>
                        </div>
                        <div class="field check">
                            <input type="radio" id=mine_id.clone() name=name.clone() value="mine"/>
                            <label for=mine_id>{format!("{} ", crate::t!("form-conflict-use-mine"))}<strong>{empty(c.mine.clone())}</strong></label>
                        </div>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    })
}
