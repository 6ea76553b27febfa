//! Server-rendered pages. They read data through server functions and render plain HTML;
//! interactive bits are islands.

mod about;
mod account;
mod auth;
mod browse;
mod charts;
mod common;
mod deal;
mod edit_deal;
mod embed;
mod follow;
mod history;
mod home;
mod import;
mod new_deal;
mod place;
mod propose;
mod review;
pub mod share;

pub use about::AboutDataPage;
pub use account::{AccountPage, AdminUsersPage};
pub use auth::{LoginPage, SignupPage};
pub use browse::BrowsePage;
pub use common::{ErrorTexts, FieldErrorMsg, FieldErrorText, Layout, NotFoundPage};
pub use deal::DealPage;
pub use edit_deal::EditDealPage;
pub use embed::EmbedPage;
pub use follow::FollowPage;
pub use history::HistoryPage;
pub use home::{HomePage, SearchPage};
pub use import::ImportPage;
pub use new_deal::NewDealPage;
pub use place::{PlacePage, PlacesIndexPage};
pub use propose::ProposePlacePage;
pub use review::ReviewPage;
