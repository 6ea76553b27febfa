//! The rules of the record, between the handlers and the SQL: the review state machine and
//! the field-level merge of concurrent edits, readers' reports, links between deals and
//! proposed governments. Rules call `repo` for storage only, inside the caller's write
//! transaction, and record each change to public data in the change record.

#[cfg(feature = "ssr")]
pub mod links;
pub mod merge;
#[cfg(feature = "ssr")]
pub mod places;
#[cfg(feature = "ssr")]
pub mod profiles;
#[cfg(feature = "ssr")]
pub mod reports;
#[cfg(feature = "ssr")]
pub mod review;
