//! The rules of a government's "how to take part" profile: any signed-in person may propose
//! a version; a moderator's is shown at once, a contributor's waits for a moderator. Every
//! version is kept, decided once.

use crate::error::AppError;
use crate::model::{msg::Msg, profile::ProfileInput, view::Viewer, FieldErrors};
use crate::repo::{
    changes::{self, Change},
    jurisdictions::{self, SlugLookup},
    profiles,
};
use sqlx::SqliteConnection;

/// The government a profile form is about, by its place key ("va/arlington-county", "va").
pub async fn government(conn: &mut SqliteConnection, place: &str) -> Result<Option<crate::model::view::JurisdictionRef>, sqlx::Error> {
    match place.split_once('/') {
        Some((usps, slug)) => Ok(match jurisdictions::by_slug(&mut *conn, usps, slug).await? {
            SlugLookup::Found(j) | SlugLookup::Moved(j) => Some(j),
            SlugLookup::Missing => None,
        }),
        None => jurisdictions::state(conn, place).await,
    }
}

/// Checks and records a version of `place`'s profile. Returns the government and whether
/// the version is shown now.
pub async fn propose(
    conn: &mut SqliteConnection,
    place: &str,
    input: &ProfileInput,
    by: &Viewer,
) -> Result<(crate::model::view::JurisdictionRef, bool), AppError> {
    let Some(j) = government(&mut *conn, place).await? else {
        let mut e = FieldErrors::new();
        e.insert("place".into(), Msg::new("filter-place-unknown"));
        return Err(AppError::Invalid(e));
    };
    let profile = input.parse().map_err(AppError::Invalid)?;
    let approved = by.is_moderator();
    profiles::insert(&mut *conn, j.id, &profile, by.id, approved.then_some(by.id)).await?;
    if approved {
        // The government's page shows it: pages rendered before are out of date.
        changes::record(conn, Change::Places).await?;
    }
    Ok((j, approved))
}

/// A moderator's decision on a waiting version; returns its government. Not found when it
/// was decided already.
pub async fn decide(conn: &mut SqliteConnection, id: i64, rejection: Option<&str>, by: &Viewer) -> Result<i64, AppError> {
    if !by.is_moderator() {
        return Err(AppError::Forbidden);
    }
    let Some(j) = profiles::decide(&mut *conn, id, by.id, rejection).await? else { return Err(AppError::NotFound) };
    if rejection.is_none() {
        changes::record(conn, Change::Places).await?;
    }
    Ok(j)
}
