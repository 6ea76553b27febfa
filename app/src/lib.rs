//! The Amazon Contract Tracker web app: pages, islands, server functions, and (with the
//! `ssr` feature) the repository and loader code that only the server runs.
//!
//! Module map (each layer calls only those above it in this list):
//! - [`model`]: shared types with `parse()` validation (deals, money, partial dates,
//!   filters, URLs, messages by catalogue id).
//! - [`error`]: the one [`error::AppError`], sent to clients as a code.
//! - [`i18n`]: the message catalogues (Fluent) and the page's language.
//! - `repo` (ssr): all SQL, functions over `&mut SqliteConnection`.
//! - `search` (ssr): the full-text index (Tantivy) beside the database, following the
//!   change record.
//! - [`domain`]: the rules of the record (review, merging concurrent edits, links, reports,
//!   place proposals), calling `repo`.
//! - [`api`]: server functions (reads for islands): authorise, validate, call the repository.
//! - `web` (ssr): state, sessions, security middleware, and the form handlers; every form
//!   write goes through `web::action`, the one write path.
//! - [`app`]: the HTML shell and the router.
//! - [`pages`]: server-rendered pages; [`islands`]: the parts that hydrate in the browser.
//! - `import` (ssr): bulk CSV import (the tracker's format and Good Jobs First).
//! - `documents` (ssr): source documents kept on the site: their store, what an upload must
//!   be, and reading their text in the background.
//! - `load` (ssr): `tracker places load`. `maps` (ssr): outlines drawn as SVG.
//! - `threads` (ssr): work on a copy in memory split over the cores (searches, tallies).

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod islands;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod documents;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod load;
#[cfg(feature = "ssr")]
pub mod maps;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod threads;
#[cfg(feature = "ssr")]
pub mod web;

/// Values and errors of a form that failed on the server, so the page can show them again
/// (the no-JavaScript path, and the authoritative one with JavaScript too).
#[derive(Clone, Debug, Default)]
pub struct FormEcho {
    /// Field name → value as typed (passwords are never echoed).
    pub values: std::collections::BTreeMap<String, String>,
    /// Field name → message.
    pub errors: model::FieldErrors,
    /// A message for the whole form.
    pub summary: Option<model::msg::Msg>,
    /// The deal form's full input, when that was the form.
    pub deal: Option<model::DealInput>,
    /// Published deals that look like the one being recorded.
    pub duplicates: Vec<model::view::DealRow>,
    /// Fields changed both by this edit and by someone else since it started: the person
    /// chooses which value to keep.
    pub conflicts: Vec<model::workflow::ConflictView>,
    /// Changes someone else made since the edit started, which saving keeps.
    pub kept: Vec<model::workflow::FieldChange>,
}

/// What the import page shows after an upload: the file (kept in the page so "Import" can
/// send it again), the options, and the report. Provided as context by the upload handler.
#[derive(Clone, Debug, Default)]
pub struct ImportEcho {
    pub file_name: String,
    pub content: String,
    pub partial: bool,
    pub update: bool,
    /// Import rows that look like deals already recorded.
    pub allow_duplicates: bool,
    /// How many rows look like deals already recorded.
    pub duplicates: usize,
    /// A problem with the file as a whole ("not CSV", "unknown header").
    pub error: Option<model::msg::Msg>,
    /// "a Good Jobs First Subsidy Tracker export".
    pub format: String,
    pub rows: Vec<ImportRowView>,
    /// One line of totals.
    pub summary: String,
    /// Whether the deals were written (after "Import").
    pub written: bool,
    /// Whether "Import" may be offered: a checked file that nothing blocks.
    pub can_write: bool,
}

/// One row of the import report.
#[derive(Clone, Debug, Default)]
pub struct ImportRowView {
    pub line: usize,
    pub title: String,
    /// "Hilliard, OH (the awarding agency names it)".
    pub matched: String,
    pub outcome: String,
    pub failed: bool,
    /// Whether "Import" would write it.
    pub writes: bool,
    /// The deal it may duplicate, to link.
    pub duplicate_of: Option<i64>,
    pub deal_id: Option<i64>,
}
