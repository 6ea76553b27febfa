//! Shared types with `parse()` validation, compiled for both the server and the browser.

pub mod dates;
pub mod deal;
pub mod document;
pub mod event;
pub mod filter;
pub mod follow;
pub mod gjf;
pub mod kinds;
pub mod money;
pub mod msg;
pub mod profile;
pub mod snapshot;
pub mod upcoming;
pub mod urls;
pub mod user;
pub mod view;
pub mod workflow;

pub use dates::PartialDate;
pub use deal::{Deal, DealInput, FieldErrors, Source, SourceInput};
pub use event::{Event, EventInput};
pub use kinds::*;
pub use money::{format_dollars, parse_money};
