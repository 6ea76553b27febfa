//! `POST /review/import`: the moderators' upload. The first post checks the file (a dry
//! run) and shows the report with an "Import" button; that button posts the same file back
//! with `confirm`, which writes it.

use super::forms::see_other;
use super::AppState;
use crate::i18n::{t, text, Lang};
use crate::import::{self, Options, Outcome};
use crate::model::msg::Msg;
use crate::{model::view::Viewer, ImportEcho, ImportRowView};
use axum::{
    extract::{FromRequest, Multipart, Request, State},
    http::StatusCode,
    response::Response,
};

/// Largest file the page takes (the command line has no limit).
pub const MAX_UPLOAD: usize = 16 * 1024 * 1024;

/// The report's rows as the page shows them, in `lang`.
fn view(report: &import::Report, dry_run: bool, update: bool, lang: Lang) -> Vec<ImportRowView> {
    report
        .rows
        .iter()
        .map(|r| {
            let (outcome, deal_id) = match &r.outcome {
                Outcome::Ready => (t(lang, if dry_run { "import-report-ready" } else { "import-report-not-written" }), None),
                Outcome::Created(id) => (t(lang, "import-report-created"), Some(*id)),
                Outcome::Unchanged(id) => (t(lang, "import-report-unchanged"), Some(*id)),
                Outcome::Changed(id) => (t(lang, "import-report-changed"), Some(*id)),
                Outcome::Updated(id) => (t(lang, "import-report-updated"), Some(*id)),
                Outcome::Duplicate(d) => (text(lang, &Msg::new("import-report-duplicate").with("why", d.describe(lang))), None),
                Outcome::Conflicted(id, fields) => {
                    (text(lang, &Msg::new("import-report-conflicted").with("fields", fields.join(", "))), Some(*id))
                }
                Outcome::Failed(why) => (why.clone(), None),
            };
            ImportRowView {
                line: r.line,
                title: r.title.clone(),
                matched: r.matched.as_ref().map(|(p, rule)| format!("{p} ({})", rule.describe(lang))).unwrap_or_default(),
                failed: matches!(r.outcome, Outcome::Failed(_)),
                writes: matches!(r.outcome, Outcome::Ready) || (update && matches!(r.outcome, Outcome::Changed(_))),
                duplicate_of: match r.outcome {
                    Outcome::Duplicate(import::Duplicate::Deal(id)) => Some(id),
                    _ => None,
                },
                outcome,
                deal_id,
            }
        })
        .collect()
}

/// Handles both the check and the import.
pub async fn upload(State(state): State<AppState>, req: Request) -> Response {
    let viewer = req.extensions().get::<Option<Viewer>>().cloned().flatten();
    let Some(v) = viewer else { return see_other("/login?next=/review/import", None) };
    let (parts, body) = req.into_parts();
    if !import::publishes(v.role) {
        let echo = ImportEcho { error: Some(Msg::new("import-moderators-only")), ..Default::default() };
        return render(&state, &parts, echo, StatusCode::FORBIDDEN).await;
    }
    let req = Request::from_parts(parts.clone(), body);
    let mut echo = ImportEcho::default();
    let mut confirm = false;
    let mut bytes: Vec<u8> = Vec::new();
    let read: Result<(), String> = async {
        let mut form = Multipart::from_request(req, &state).await.map_err(|e| e.body_text())?;
        while let Some(field) = form.next_field().await.map_err(|e| e.body_text())? {
            let name = field.name().unwrap_or("").to_string();
            match name.as_str() {
                "file" => {
                    let file_name = field.file_name().unwrap_or("").to_string();
                    let data = field.bytes().await.map_err(|e| e.body_text())?;
                    if !data.is_empty() {
                        echo.file_name = file_name;
                        bytes = data.to_vec();
                    }
                }
                "content" => {
                    let text = field.text().await.map_err(|e| e.body_text())?;
                    if bytes.is_empty() {
                        bytes = text.into_bytes();
                    }
                }
                "file_name" if echo.file_name.is_empty() => echo.file_name = field.text().await.unwrap_or_default(),
                "partial" => echo.partial = true,
                "update" => echo.update = true,
                "allow_duplicates" => echo.allow_duplicates = true,
                "confirm" => confirm = true,
                _ => {}
            }
        }
        Ok(())
    }
    .await;
    if let Err(e) = read {
        tracing::info!(error = %e, "upload not read");
        echo.error = Some(Msg::new("import-upload-unreadable"));
        return render(&state, &parts, echo, StatusCode::BAD_REQUEST).await;
    }
    if bytes.is_empty() {
        echo.error = Some(Msg::new("import-choose-file"));
        return render(&state, &parts, echo, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let Ok(content) = String::from_utf8(bytes) else {
        echo.error = Some(Msg::new("import-not-utf8"));
        return render(&state, &parts, echo, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    if echo.file_name.is_empty() {
        echo.file_name = "upload.csv".into();
    }
    // The report is written in the page's language.
    let lang = Lang::of(&parts.extensions);
    let opts = Options {
        dry_run: !confirm,
        partial: echo.partial,
        update: echo.update,
        allow_duplicates: echo.allow_duplicates,
        file_name: echo.file_name.clone(),
        viewer: v.clone(),
        lang,
        // Files behind sources come with the command line's --files-from only: a browser
        // sends one file here, the spreadsheet.
        files: None,
        count_window: crate::import::COUNT_WINDOW,
    };
    let status = match import::run(&state.pool, content.as_bytes(), &opts, &|_| {}).await {
        Ok(report) => {
            echo.format = report.format.label(lang);
            echo.rows = view(&report, opts.dry_run, opts.update, lang);
            let failed = report.failed();
            let tally = report.tally;
            let ready = tally.ready + if opts.update { tally.changed } else { 0 };
            echo.written = report.written;
            if let Some((before, own)) = report.changes {
                super::action::noted_own(&state, before, own).await;
            }
            echo.can_write = opts.dry_run && ready > 0 && (failed == 0 || opts.partial);
            echo.duplicates = tally.duplicates;
            let summary = if report.written {
                Msg::new("import-report-summary-written")
                    .with("created", tally.created)
                    .with("updated", tally.updated)
                    .with("unchanged", tally.unchanged)
                    .with("failed", failed)
            } else if failed > 0 && !opts.partial {
                Msg::new("import-report-summary-blocked").with("failed", failed).with("rows", tally.rows)
            } else {
                Msg::new("import-report-summary-ready").with("ready", ready).with("failed", failed)
            };
            echo.summary = text(lang, &summary);
            echo.content = content;
            if failed > 0 && !opts.partial && !report.written {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            }
        }
        Err(e @ (import::ImportError::Db(_) | import::ImportError::Review(_))) => {
            tracing::error!(error = %e, "import failed");
            echo.error = Some(e.msg());
            StatusCode::SERVICE_UNAVAILABLE
        }
        Err(e) => {
            echo.error = Some(e.msg());
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    render(&state, &parts, echo, status).await
}

/// The import page with the report.
async fn render(state: &AppState, parts: &axum::http::request::Parts, echo: ImportEcho, status: StatusCode) -> Response {
    super::forms::render_with(state, parts, "/review/import", echo, status).await
}
