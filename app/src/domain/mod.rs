//! The rules of the record, between the handlers and the SQL: the review state machine and
//! the field-level merge of concurrent edits. Rules call `repo` for storage only.

pub mod merge;
#[cfg(feature = "ssr")]
pub mod review;
