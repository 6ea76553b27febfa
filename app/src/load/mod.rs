//! `tracker places load DIR`: jurisdictions from the Census Gazetteer and school-district
//! files. Planning is pure (see `build`); writing is one `BEGIN IMMEDIATE` transaction that
//! only touches rows whose content changed, so a second run changes nothing.

pub mod build;
pub mod files;
pub mod names;
pub mod topo;

use build::Candidate;
use indicatif::{ProgressBar, ProgressStyle};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// What a load did.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Unincorporated places added or changed.
    pub unincorporated_changed: usize,
    /// Jurisdictions planned, by kind.
    pub by_kind: Vec<(String, usize)>,
    pub notes: Vec<String>,
    pub elapsed: Duration,
}

/// Why a load failed. Nothing is written when it does.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Files(String),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

type Existing = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<f64>,
    Option<i64>,
);

/// Loads every jurisdiction found in `dir`.
pub async fn load_dir(pool: &SqlitePool, dir: &Path, progress: bool) -> Result<LoadReport, LoadError> {
    let started = Instant::now();
    let found = files::find(dir);
    if found.counties.is_none() || found.places.is_none() {
        return Err(LoadError::Files(format!(
            "{} has no Census Gazetteer county and place files (YYYY_Gaz_counties_national.txt, YYYY_Gaz_place_national.txt); see the README for where to download them",
            dir.display()
        )));
    }
    let mut conn = pool.acquire().await?;
    let states: HashMap<String, (String, i64)> =
        sqlx::query_as::<_, (String, String, i64)>("SELECT state_usps, state_fips, id FROM jurisdictions WHERE kind = 'state'")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(u, f, id)| (u, (f, id)))
            .collect();
    drop(conn);
    let fips: build::States = states.iter().map(|(u, (f, _))| (u.clone(), f.clone())).collect();
    let mut plan = tokio::task::spawn_blocking(move || build::plan(&found, &fips))
        .await
        .map_err(|e| LoadError::Files(format!("planning failed: {e}")))?
        .map_err(LoadError::Files)?;

    let bar = if progress && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let b = ProgressBar::new((plan.jurisdictions.len() + plan.unincorporated.len()) as u64);
        b.set_style(
            ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut report = LoadReport { notes: plan.notes.clone(), ..Default::default() };
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    for c in &plan.jurisdictions {
        *kinds.entry(c.kind).or_default() += 1;
    }
    report.by_kind = kinds.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    report.by_kind.sort();

    let mut tx = crate::repo::begin_write(pool).await?;
    // Slugs of governments contributors added (no Census or NCES id) are kept; a loaded
    // jurisdiction that would take one gets its identifier appended instead.
    let reserved: std::collections::HashSet<(String, String)> = sqlx::query_as::<_, (String, String)>(
        "SELECT state_usps, slug FROM jurisdictions WHERE kind != 'state' AND geoidfq IS NULL AND leaid IS NULL",
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    for c in &mut plan.jurisdictions {
        if reserved.contains(&(c.state_usps.clone(), c.slug.clone())) {
            c.slug = format!("{}-{}", c.slug, names::slugify(c.geoidfq.as_deref().or(c.leaid.as_deref()).unwrap_or(&c.key)));
        }
    }
    let existing: HashMap<String, Existing> = sqlx::query_as::<_, Existing>(
        "SELECT id, coalesce(geoidfq, 'leaid:' || leaid), kind, legal_type, official_name, display_name, parent_id, slug,
                leaid, ocd_id, ansicode, intpt_lat, intpt_lon, aland
         FROM jurisdictions WHERE kind != 'state' AND (geoidfq IS NOT NULL OR leaid IS NOT NULL)",
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| (r.1.clone(), r))
    .collect();
    // Free every slug that is about to change first, so two rows can swap slugs.
    for c in &plan.jurisdictions {
        if let Some(e) = existing.get(&c.key) {
            if e.7 != c.slug {
                sqlx::query("UPDATE jurisdictions SET slug = '~' || id WHERE id = ?").bind(e.0).execute(&mut *tx).await?;
                sqlx::query("INSERT OR REPLACE INTO slug_redirects (state_usps, old_slug, jurisdiction_id) VALUES (?, ?, ?)")
                    .bind(&c.state_usps)
                    .bind(&e.7)
                    .bind(e.0)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    let mut ids: HashMap<String, i64> = existing.iter().map(|(k, e)| (k.clone(), e.0)).collect();
    // Counties first, so everything else can find its parent's id.
    let mut ordered: Vec<&Candidate> = plan.jurisdictions.iter().collect();
    ordered.sort_by_key(|c| c.kind != "county");
    bar.set_message("jurisdictions");
    for c in ordered {
        let parent_id = match &c.parent_key {
            Some(k) => ids.get(k).copied(),
            None => None,
        }
        .or_else(|| states.get(&c.state_usps).map(|s| s.1));
        match existing.get(&c.key) {
            Some(e) => {
                let same = e.2 == c.kind
                    && e.3 == c.legal_type
                    && e.4 == c.official_name
                    && e.5 == c.display_name
                    && e.6 == parent_id
                    && e.7 == c.slug
                    && e.8 == c.leaid
                    && e.9 == c.ocd_id
                    && e.10 == c.ansicode
                    && e.11 == c.lat
                    && e.12 == c.lon
                    && e.13 == c.aland;
                if same {
                    report.unchanged += 1;
                } else {
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
                    .bind(e.0)
                    .execute(&mut *tx)
                    .await?;
                    report.updated += 1;
                }
            }
            None => {
                let id: i64 = sqlx::query_scalar(
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
                .fetch_one(&mut *tx)
                .await?;
                ids.insert(c.key.clone(), id);
                report.inserted += 1;
            }
        }
        for alias in &c.aliases {
            if let Some(id) = ids.get(&c.key) {
                sqlx::query("INSERT OR IGNORE INTO jurisdiction_aliases (identifier, jurisdiction_id) VALUES (?, ?)")
                    .bind(alias)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        bar.inc(1);
    }
    // A slug freed above and not reused keeps pointing at its jurisdiction; one now taken
    // by another jurisdiction must not redirect away from it.
    sqlx::query(
        "DELETE FROM slug_redirects WHERE EXISTS (SELECT 1 FROM jurisdictions j
           WHERE j.state_usps = slug_redirects.state_usps AND j.slug = slug_redirects.old_slug)",
    )
    .execute(&mut *tx)
    .await?;
    bar.set_message("unincorporated");
    for u in &plan.unincorporated {
        let county_id = u.county_key.as_ref().and_then(|k| ids.get(k)).copied();
        let done = sqlx::query(
            "INSERT INTO unincorporated_places (geoidfq, name, state_usps, county_id) VALUES (?, ?, ?, ?)
             ON CONFLICT (geoidfq) DO UPDATE SET name = excluded.name, state_usps = excluded.state_usps, county_id = excluded.county_id
             WHERE name IS NOT excluded.name OR state_usps IS NOT excluded.state_usps OR county_id IS NOT excluded.county_id",
        )
        .bind(&u.geoidfq)
        .bind(&u.name)
        .bind(&u.state_usps)
        .bind(county_id)
        .execute(&mut *tx)
        .await?;
        report.unincorporated_changed += done.rows_affected() as usize;
        bar.inc(1);
    }
    if report.inserted + report.updated + report.unincorporated_changed > 0 {
        crate::repo::changes::record(&mut tx, crate::repo::changes::Change::Places).await?;
    }
    tx.commit().await?;
    bar.finish_and_clear();
    report.elapsed = started.elapsed();
    Ok(report)
}
