//! Server-rendered pages. They read data through server functions and render plain HTML;
//! interactive bits are islands.

mod auth;
mod common;
mod deal;
mod home;
mod new_deal;
mod place;

pub use auth::{LoginPage, SignupPage};
pub use common::{FieldErrorMsg, Layout, NotFoundPage};
pub use deal::DealPage;
pub use home::{HomePage, SearchPage};
pub use new_deal::NewDealPage;
pub use place::{PlacePage, PlacesIndexPage};
