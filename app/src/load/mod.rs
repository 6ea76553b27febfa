//! `tracker places load DIR`: jurisdictions from the Census Gazetteer and school-district
//! files. Planning is pure (see `build`); writing is one `BEGIN IMMEDIATE` transaction that
//! only touches rows whose content changed, so a second run changes nothing.

pub mod build;
pub mod files;
pub mod names;
mod schools;
pub mod topo;

use crate::repo::gazetteer;
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
    let states = gazetteer::states(&mut conn).await?;
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
    let reserved = gazetteer::contributed_slugs(&mut tx).await?;
    for c in &mut plan.jurisdictions {
        if reserved.contains(&(c.state_usps.clone(), c.slug.clone())) {
            c.slug = format!("{}-{}", c.slug, names::slugify(c.geoidfq.as_deref().or(c.leaid.as_deref()).unwrap_or(&c.key)));
        }
    }
    let existing = gazetteer::loaded(&mut tx).await?;
    // Free every slug that is about to change first, so two rows can swap slugs.
    for c in &plan.jurisdictions {
        if let Some(e) = existing.get(&c.key) {
            if e.slug != c.slug {
                gazetteer::free_slug(&mut tx, e.id, &c.state_usps, &e.slug).await?;
            }
        }
    }
    let mut ids: HashMap<String, i64> = existing.iter().map(|(k, e)| (k.clone(), e.id)).collect();
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
            Some(e) if e.same_as(c, parent_id) => report.unchanged += 1,
            Some(e) => {
                gazetteer::update(&mut tx, e.id, c, parent_id).await?;
                report.updated += 1;
            }
            None => {
                let id = gazetteer::insert(&mut tx, c, parent_id).await?;
                ids.insert(c.key.clone(), id);
                report.inserted += 1;
            }
        }
        for alias in &c.aliases {
            if let Some(id) = ids.get(&c.key) {
                gazetteer::alias(&mut tx, alias, *id).await?;
            }
        }
        bar.inc(1);
    }
    // A slug freed above and not reused keeps pointing at its jurisdiction; one now taken
    // by another jurisdiction must not redirect away from it.
    gazetteer::drop_taken_redirects(&mut tx).await?;
    bar.set_message("unincorporated");
    for u in &plan.unincorporated {
        let county_id = u.county_key.as_ref().and_then(|k| ids.get(k)).copied();
        report.unincorporated_changed += usize::from(gazetteer::put_unincorporated(&mut tx, u, county_id).await?);
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
