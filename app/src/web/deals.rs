//! Recording and editing deals: `POST /deals/new` and `/deals/{id}/edit`.

use super::{
    action::{self, Done, Post, Refusal, Spec, Who},
    limits, AppState,
};
use crate::{
    domain::{
        merge::{self, Choice, FieldKey},
        review::{self, ConflictReport, ReviewError},
    },
    error::AppError,
    model::{event, msg::Msg, view::Viewer, Deal, DealInput, EventInput, SourceInput},
    repo::{self, jurisdictions::Resolved},
    FormEcho,
};
use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::Response,
};
use std::collections::BTreeMap;

/// The deal form's events, zipped by position like its sources (one more row than a deal
/// may hold is read, so too many is said rather than cut).
fn events_input(p: &Post) -> Vec<EventInput> {
    let cols = event::FIELDS;
    let lists: Vec<Vec<&str>> = cols.iter().map(|c| p.all(c)).collect();
    let rows = lists.iter().map(Vec::len).max().unwrap_or(0).min(event::MAX_EVENTS + 1);
    let at = |col: usize, i: usize| lists[col].get(i).copied().unwrap_or("").to_string();
    (0..rows)
        .map(|i| EventInput {
            id: at(0, i),
            kind: at(1, i),
            date: at(2, i),
            time: at(3, i),
            zone: at(4, i),
            body: at(5, i),
            location: at(6, i),
            agenda_url: at(7, i),
            outcome: at(8, i),
            outcome_url: at(9, i),
        })
        .collect()
}

/// The deal form's fields; repeated source fields are zipped by position.
pub fn deal_input(p: &Post) -> DealInput {
    let cols = [
        "source_url",
        "source_title",
        "source_publisher",
        "source_published",
        "source_archive_url",
        "source_note",
        "source_id",
        "source_document",
    ];
    let lists: Vec<Vec<&str>> = cols.iter().map(|c| p.all(c)).collect();
    let rows = lists.iter().map(Vec::len).max().unwrap_or(0).min(20);
    let at = |col: usize, i: usize| lists[col].get(i).copied().unwrap_or("").to_string();
    DealInput {
        title: p.field("title").into(),
        kind: p.field("kind").into(),
        jurisdiction: p.field("jurisdiction").into(),
        jurisdiction_id: p.field("jurisdiction_id").into(),
        agency: p.field("agency").into(),
        program: p.field("program").into(),
        entity_id: p.field("entity_id").into(),
        amount: p.field("amount").into(),
        undisclosed: !p.field("undisclosed").is_empty(),
        value_basis: p.field("value_basis").into(),
        announced: p.field("announced").into(),
        approved: p.field("approved").into(),
        starts: p.field("starts").into(),
        ends: p.field("ends").into(),
        status: p.field("status").into(),
        jobs: p.field("jobs").into(),
        facility_name: p.field("facility_name").into(),
        facility_location: p.field("facility_location").into(),
        description: p.field("description").into(),
        sources: (0..rows)
            .map(|i| SourceInput {
                id: at(6, i),
                url: at(0, i),
                title: at(1, i),
                publisher: at(2, i),
                published: at(3, i),
                archive_url: at(4, i),
                note: at(5, i),
                document: at(7, i),
            })
            .collect(),
        events: events_input(p),
    }
}

/// Validates the input and resolves the government typed into a deal ready to save.
pub async fn prepare(state: &AppState, input: &DealInput, lang: crate::i18n::Lang, viewer: &Viewer) -> Result<Deal, AppError> {
    let parsed = input.parse();
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    let mut conn = state.pool.acquire().await?;
    // A source's document is one kept here that this person may see (a public one, or
    // their own upload): a form cannot cite a file it never saw.
    for (i, s) in input.sources.iter().enumerate() {
        if let Some(sha) = crate::model::document::parse_sha256(&s.document) {
            if repo::documents::visible(&mut conn, &sha, Some(viewer)).await?.is_none() {
                errors.insert(format!("source_document_{i}"), Msg::new("source-document-invalid"));
            }
        }
    }
    let mut jurisdiction = None;
    if let Ok(id) = input.jurisdiction_id.trim().parse::<i64>() {
        jurisdiction = repo::jurisdictions::by_id(&mut conn, id).await?;
    }
    if jurisdiction.is_none() && !input.jurisdiction.trim().is_empty() {
        match repo::jurisdictions::resolve(&mut conn, &input.jurisdiction).await? {
            Resolved::One(j) => jurisdiction = Some(*j),
            Resolved::None => {
                errors.insert("jurisdiction".into(), Msg::new("deal-government-unknown").with("typed", input.jurisdiction.trim()));
            }
            Resolved::Many(list) => {
                let options: Vec<String> =
                    list.iter().take(6).map(|j| format!("{} ({}), {}", j.display_name, j.type_label_in(lang), j.state_usps)).collect();
                errors.insert("jurisdiction".into(), Msg::new("deal-government-ambiguous").with("options", options.join("; ")));
            }
        }
    }
    if let Ok(deal) = &parsed {
        if !repo::entities::exists(&mut conn, deal.entity_id).await? {
            errors.insert("entity_id".into(), Msg::new("deal-company-missing"));
        }
    }
    match (parsed, jurisdiction) {
        (Ok(mut deal), Some(j)) if errors.is_empty() => {
            // A time without a zone is in the government's state's main zone.
            for ev in deal.events.iter_mut().filter(|e| e.time.is_some() && e.zone.is_none()) {
                ev.zone = Some(event::state_zone(&j.state_usps).to_string());
            }
            Ok(Deal { jurisdiction_id: j.id, ..deal })
        }
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Keeps the files sent with the form's sources, then prepares the deal: every problem,
/// a refused file's and the other fields', comes back at once.
async fn prepare_with_files(p: &Post, input: &mut DealInput) -> Result<Deal, AppError> {
    let file_errors = super::documents::keep_form_files(p, input).await?;
    match prepare(&p.state, input, p.lang(), p.viewer()?).await {
        Ok(deal) if file_errors.is_empty() => Ok(deal),
        Ok(_) => Err(AppError::Invalid(file_errors)),
        Err(AppError::Invalid(mut errors)) => {
            errors.extend(file_errors);
            Err(AppError::Invalid(errors))
        }
        Err(e) => Err(e),
    }
}

/// The form again with the deal as typed and the error.
fn again(e: AppError, input: DealInput, values: &[(&str, String)]) -> Refusal {
    let mut echo = super::forms::error_echo(&e, &[]);
    echo.values = values.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    echo.deal = Some(input);
    Refusal::Page(Box::new(echo), super::forms::status_of(&e))
}

/// POST /deals/new
pub async fn new_deal(State(state): State<AppState>, req: Request) -> Response {
    let spec = Spec::new(Who::SignedIn, "/deals/new").limit(limits::Action::Submit).with_files();
    action::handle(state, req, spec, async |p: &Post| {
        let viewer = p.viewer()?;
        let mut input = deal_input(p);
        let deal = match prepare_with_files(p, &mut input).await {
            Ok(d) => d,
            Err(e) => return Err(again(e, input, &[])),
        };
        // Before saving, show published deals that look like this one; the person confirms.
        if p.field("not_duplicate") != "1" {
            let mut conn = p.state.pool.acquire().await.map_err(AppError::from)?;
            let similar = repo::sets::similar(&mut conn, &deal).await.unwrap_or_default();
            if !similar.is_empty() {
                let echo = FormEcho {
                    summary: Some(Msg::new("error-duplicate-suspected")),
                    deal: Some(input),
                    duplicates: similar,
                    ..Default::default()
                };
                return Err(Refusal::Page(Box::new(echo), StatusCode::CONFLICT));
            }
        }
        let id = p
            .write(async |tx| {
                let (id, _) = review::submit(tx.conn(), &deal, viewer, "Deal recorded").await?;
                Ok(id)
            })
            .await;
        match id {
            Ok(id) => Ok(Done::To(format!("/deals/{id}"))),
            Err(Refusal::Review(e)) => Err(again(e.into(), input, &[])),
            Err(Refusal::Error(e)) => Err(again(e, input, &[])),
            Err(other) => Err(other),
        }
    })
    .await
}

/// The choices a form made for conflicting fields: `choose_<key>` = `now` or `mine`.
pub fn choices(p: &Post) -> BTreeMap<FieldKey, Choice> {
    p.form.iter().filter_map(|(k, v)| Some((FieldKey::from_code(k.strip_prefix("choose_")?)?, Choice::from_code(v)?))).collect()
}

/// What a conflict shows: each field both sides changed with its three values, and the
/// other side's changes that saving keeps, in the language of the page posted from.
pub async fn conflict_echo(p: &Post, report: &ConflictReport, summary: Msg) -> Result<FormEcho, AppError> {
    let lang = p.lang();
    let mut conn = p.state.pool.acquire().await?;
    let conflicts = repo::history::conflicts_in(&mut conn, report, lang).await?;
    let mut names = repo::history::Names::load_in(&mut conn, lang).await?;
    let base = repo::history::describe(&mut conn, &mut names, &report.base).await?;
    let now = repo::history::describe(&mut conn, &mut names, &report.now).await?;
    let kept = repo::history::diff(&base, &now).into_iter().filter(|c| !conflicts.iter().any(|x| x.label == c.field)).collect();
    Ok(FormEcho { summary: Some(summary), conflicts, kept, ..Default::default() })
}

/// POST /deals/{id}/edit: merged onto the version shown now; a field changed on both sides
/// comes back with its three values and a choice.
pub async fn edit(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let spec = Spec::new(Who::SignedIn, format!("/deals/{id}/edit")).limit(limits::Action::Edit).with_files();
    action::handle(state, req, spec, async |p: &Post| {
        let viewer = p.viewer()?;
        let mut input = deal_input(p);
        let base: i64 = p.field("base").parse().unwrap_or(-1);
        let replaces: Option<i64> = p.field("replaces").parse().ok();
        let summary: String = match p.field("summary").trim() {
            "" => "Edited".to_string(),
            s => s.chars().take(300).collect(),
        };
        let values =
            [("base", base.to_string()), ("summary", summary.clone()), ("replaces", replaces.map(|r| r.to_string()).unwrap_or_default())];
        // Files are kept only for a deal this person may edit.
        if p.files.iter().any(Option::is_some) {
            let mut conn = p.state.pool.acquire().await.map_err(AppError::from)?;
            if let Err(e) = review::edit_start(&mut conn, id, viewer).await {
                return Err(Refusal::Review(e));
            }
        }
        let deal = match prepare_with_files(p, &mut input).await {
            Ok(d) => d,
            Err(e) => return Err(again(e, input, &values)),
        };
        let saved = p
            .write(async |tx| {
                let e = review::Edit { deal_id: id, base, deal, choices: choices(p), replaces, summary: &summary };
                Ok(review::edit(tx.conn(), e, viewer).await?)
            })
            .await;
        match saved {
            Ok(review::EditOutcome::Published(_)) => Ok(Done::To(format!("/deals/{id}"))),
            Ok(review::EditOutcome::Pending(_)) => Ok(Done::To(format!("/deals/{id}?submitted=1"))),
            Err(Refusal::Review(ReviewError::Conflict(report))) => {
                // The form comes back with the other side's changes in place and this edit's
                // value in each conflicting field, until the person chooses.
                let mut echo = conflict_echo(p, &report, Msg::new("error-conflict")).await?;
                let all_mine: BTreeMap<FieldKey, Choice> = report.fields.iter().map(|k| (k.clone(), Choice::Mine)).collect();
                let shown = merge::merge(&report.base, &report.now, &report.mine, &all_mine).result;
                echo.deal = Some(DealInput::from_deal(&shown, input.jurisdiction.clone()));
                echo.values = values.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
                Err(Refusal::Page(Box::new(echo), StatusCode::CONFLICT))
            }
            Err(Refusal::Review(e)) => Err(again(e.into(), input, &values)),
            Err(Refusal::Error(e)) => Err(again(e, input, &values)),
            Err(page) => Err(page),
        }
    })
    .await
}
