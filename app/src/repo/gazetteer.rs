//! Storage for `tracker places load`: the loaded jurisdictions as they stand, and the
//! writes of a load plan (`crate::load`), inside the load's one transaction.

use crate::load::build::{Candidate, Unincorporated};
use sqlx::SqliteConnection;
use std::collections::{HashMap, HashSet};

/// A loaded jurisdiction's columns that a load may change, to tell whether it did.
#[derive(sqlx::FromRow)]
pub struct Loaded {
    pub id: i64,
    /// Its GEOIDFQ, or `leaid:` and the LEAID for a school district: the plan's key.
    pub key: String,
    pub kind: String,
    pub legal_type: String,
    pub official_name: String,
    pub display_name: String,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub leaid: Option<String>,
    pub ocd_id: Option<String>,
    pub ansicode: Option<String>,
    pub intpt_lat: Option<f64>,
    pub intpt_lon: Option<f64>,
    pub aland: Option<i64>,
}

impl Loaded {
    /// Whether the row already says what the candidate says.
    pub fn same_as(&self, c: &Candidate, parent_id: Option<i64>) -> bool {
        self.kind == c.kind
            && self.legal_type == c.legal_type
            && self.official_name == c.official_name
            && self.display_name == c.display_name
            && self.parent_id == parent_id
            && self.slug == c.slug
            && self.leaid == c.leaid
            && self.ocd_id == c.ocd_id
            && self.ansicode == c.ansicode
            && self.intpt_lat == c.lat
            && self.intpt_lon == c.lon
            && self.aland == c.aland
    }
}

/// Each state's code → (FIPS code, id).
pub async fn states(conn: &mut SqliteConnection) -> Result<HashMap<String, (String, i64)>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT state_usps, state_fips, id FROM jurisdictions WHERE kind = 'state'").fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(u, f, id)| (u, (f, id))).collect())
}

/// The (state, slug) of governments contributors added, which have no Census or NCES id.
pub async fn contributed_slugs(conn: &mut SqliteConnection) -> Result<HashSet<(String, String)>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT state_usps, slug FROM jurisdictions WHERE kind != 'state' AND geoidfq IS NULL AND leaid IS NULL")
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Every loaded jurisdiction below the states, by key.
pub async fn loaded(conn: &mut SqliteConnection) -> Result<HashMap<String, Loaded>, sqlx::Error> {
    let rows: Vec<Loaded> = sqlx::query_as(
        "SELECT id, coalesce(geoidfq, 'leaid:' || leaid) AS key, kind, legal_type, official_name, display_name, parent_id, slug,
                leaid, ocd_id, ansicode, intpt_lat, intpt_lon, aland
         FROM jurisdictions WHERE kind != 'state' AND (geoidfq IS NOT NULL OR leaid IS NOT NULL)",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.key.clone(), r)).collect())
}

/// Moves a jurisdiction off its slug (to a placeholder) and leaves a redirect from it, so
/// two rows can swap slugs within one load.
pub async fn free_slug(conn: &mut SqliteConnection, id: i64, state_usps: &str, slug: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE jurisdictions SET slug = '~' || id WHERE id = ?").bind(id).execute(&mut *conn).await?;
    sqlx::query("INSERT OR REPLACE INTO slug_redirects (state_usps, old_slug, jurisdiction_id) VALUES (?, ?, ?)")
        .bind(state_usps)
        .bind(slug)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Writes a candidate over a loaded jurisdiction.
pub async fn update(conn: &mut SqliteConnection, id: i64, c: &Candidate, parent_id: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE jurisdictions SET kind = ?, legal_type = ?, official_name = ?, display_name = ?, parent_id = ?,
            slug = ?, leaid = ?, ocd_id = ?, ansicode = ?, intpt_lat = ?, intpt_lon = ?, aland = ? WHERE id = ?",
    )
    .bind(c.kind)
    .bind(&c.legal_type)
    .bind(&c.official_name)
    .bind(&c.display_name)
    .bind(parent_id)
    .bind(&c.slug)
    .bind(&c.leaid)
    .bind(&c.ocd_id)
    .bind(&c.ansicode)
    .bind(c.lat)
    .bind(c.lon)
    .bind(c.aland)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds a candidate; returns its id.
pub async fn insert(conn: &mut SqliteConnection, c: &Candidate, parent_id: Option<i64>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO jurisdictions (kind, legal_type, official_name, display_name, state_fips, state_usps, geoidfq,
            leaid, ocd_id, ansicode, parent_id, slug, intpt_lat, intpt_lon, aland)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(c.kind)
    .bind(&c.legal_type)
    .bind(&c.official_name)
    .bind(&c.display_name)
    .bind(&c.state_fips)
    .bind(&c.state_usps)
    .bind(&c.geoidfq)
    .bind(&c.leaid)
    .bind(&c.ocd_id)
    .bind(&c.ansicode)
    .bind(parent_id)
    .bind(&c.slug)
    .bind(c.lat)
    .bind(c.lon)
    .bind(c.aland)
    .fetch_one(conn)
    .await
}

/// Lets another identifier lead to a jurisdiction.
pub async fn alias(conn: &mut SqliteConnection, identifier: &str, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT OR IGNORE INTO jurisdiction_aliases (identifier, jurisdiction_id) VALUES (?, ?)")
        .bind(identifier)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Drops redirects from slugs another jurisdiction now has: those must not lead away from it.
pub async fn drop_taken_redirects(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM slug_redirects WHERE EXISTS (SELECT 1 FROM jurisdictions j
           WHERE j.state_usps = slug_redirects.state_usps AND j.slug = slug_redirects.old_slug)",
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds or updates an unincorporated place; returns whether anything changed.
pub async fn put_unincorporated(conn: &mut SqliteConnection, u: &Unincorporated, county_id: Option<i64>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO unincorporated_places (geoidfq, name, state_usps, county_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (geoidfq) DO UPDATE SET name = excluded.name, state_usps = excluded.state_usps, county_id = excluded.county_id
         WHERE name IS NOT excluded.name OR state_usps IS NOT excluded.state_usps OR county_id IS NOT excluded.county_id",
    )
    .bind(&u.geoidfq)
    .bind(&u.name)
    .bind(&u.state_usps)
    .bind(county_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
