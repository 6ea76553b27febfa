//! Read models of the review workflow: a deal's history, the edit form's start, the
//! moderators' queue, reports and their outcome, a person's submissions, accounts.

use super::{kinds::*, view::Proposal};
use serde::{Deserialize, Serialize};

/// Where a revision stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevisionState {
    /// Waiting for a moderator.
    Pending,
    /// Published (it was, or is, the version the public sees).
    Approved,
    /// Turned down by a moderator, with a reason.
    Rejected,
    /// Approved by being merged into a newer revision onto the version shown then.
    Merged,
    /// Replaced by its author's newer version before a moderator decided.
    Superseded,
}

/// One field that differs between two versions of a deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A revision in a deal's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionView {
    pub id: i64,
    pub number: i64,
    pub author: Option<String>,
    pub author_id: Option<i64>,
    pub created_at: String,
    pub summary: String,
    pub state: RevisionState,
    /// The moderator's reason, for decisions that have one.
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    /// The revision this one started from.
    pub base_number: Option<i64>,
    /// For a revision that merged a pending one onto a newer version: that pending one.
    pub merged_from: Option<i64>,
    /// What changed against the version before it (or against its base, when pending).
    pub changes: Vec<FieldChange>,
}

/// A field changed on both sides of a merge: its three values, as the person reads them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictView {
    /// The field's form key ("title", "source:9f3a01bc"), for the choice's form field.
    pub key: String,
    /// "Title", "Source 2".
    pub label: String,
    /// In the version the edit started from.
    pub base: String,
    /// In the version shown now.
    pub now: String,
    /// In the edit.
    pub mine: String,
}

/// A deal's history page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub deal_id: i64,
    pub title: String,
    pub published_revision: Option<i64>,
    pub withdrawn: bool,
    /// Newest first; pending and rejected revisions only for their author and moderators.
    pub revisions: Vec<RevisionView>,
    pub can_revert: bool,
}

/// What the edit form starts from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditForm {
    pub input: super::DealInput,
    /// The revision the edit starts from (the form's `base`).
    pub base: i64,
    /// The person's own pending revision this edit continues, when there is one.
    pub replaces: Option<i64>,
    /// The deal's title, for the page heading.
    pub title: String,
    /// Other people's changes to this deal that wait for review.
    pub others_waiting: i64,
}

/// A pending revision in the moderators' queue, with the side-by-side comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub revision_id: i64,
    pub deal_id: i64,
    pub number: i64,
    pub title: String,
    /// A new deal rather than an edit of a published one.
    pub is_new: bool,
    pub author: Option<String>,
    pub created_at: String,
    pub summary: String,
    /// The edit started from an older version than the one now published: approving it
    /// merges it onto the published one.
    pub stale: bool,
    /// Every field: (name, published value, value once approved). For a stale edit the
    /// second is the merge, with each conflict at the published value until chosen.
    pub rows: Vec<(String, String, String)>,
    /// Fields the edit and a later published change both changed; approving needs a choice.
    pub conflicts: Vec<ConflictView>,
}

/// A flag on a deal: open ones in the moderators' queue, a reader's own on their account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlagView {
    pub id: i64,
    pub deal_id: i64,
    pub deal_title: String,
    pub kind: String,
    pub note: String,
    pub by: Option<String>,
    pub created_at: String,
    /// When and how a moderator resolved it.
    pub resolved: Option<Resolution>,
}

/// How a report was resolved. Public on the deal page, without the report or the reporter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// YYYY-MM-DD.
    pub on: String,
    pub reason: String,
}

/// The moderators' queue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub items: Vec<ReviewItem>,
    pub flags: Vec<FlagView>,
    /// Governments contributors proposed.
    pub proposals: Vec<Proposal>,
    /// "How to take part" profiles contributors proposed.
    pub profiles: Vec<super::profile::ProfileVersion>,
}

/// A person's own submissions and their outcome, for the account page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub deal_id: i64,
    pub title: String,
    pub number: i64,
    pub state: RevisionState,
    pub reason: Option<String>,
    pub created_at: String,
}

/// An account as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub handle: String,
    pub role: Role,
    pub created_at: String,
}

/// The kinds of flag a reader can raise: (stored code, catalogue id of its label, in
/// `app/locales/*/deals.ftl`).
pub const FLAG_KINDS: &[(&str, &str)] = &[
    ("amount_wrong", "flag-reason-amount-wrong"),
    ("duplicate", "flag-reason-duplicate"),
    ("source_dead", "flag-reason-source-dead"),
    ("other", "flag-reason-other"),
];

/// How a kind of flag reads, in the page's language; `None` for a code that isn't one.
pub fn flag_reason(code: &str) -> Option<String> {
    FLAG_KINDS.iter().find(|(k, _)| *k == code).map(|(_, id)| crate::t!(*id))
}
