//! `tracker-seed N`: fills a database with N realistic, published deals spread over the
//! jurisdictions already loaded, with sources and revisions, for benchmarks and demos.
//! Deterministic: the same N gives the same data.

use app::domain::review;
use app::model::view::Viewer;
use app::model::Deal;
use app::model::{DealInput, Role, SourceInput};
use app::repo;
use server::bench::Rng;
use std::process::ExitCode;

const TITLES: &[(&str, &str, &str)] = &[
    ("cloud_contract", "2", "AWS cloud hosting agreement"),
    ("cloud_contract", "2", "GovCloud migration for records systems"),
    ("procurement_contract", "4", "Amazon Business purchasing account"),
    ("cooperative_purchasing", "4", "Cooperative purchasing through OMNIA Partners"),
    ("tax_abatement", "3", "Fulfillment center property tax abatement"),
    ("tax_abatement", "6", "Data center property tax abatement"),
    ("tax_credit", "6", "Data center sales tax exemption"),
    ("cash_grant", "3", "Economic development cash grant"),
    ("tif", "3", "Tax increment financing for distribution center"),
    ("land_deal", "3", "Sale of county land below market value"),
    ("infrastructure", "3", "Road and water improvements for warehouse"),
    ("fee_waiver", "3", "Permit and impact fee waiver"),
    ("device_subsidy", "5", "Ring doorbell camera rebate program"),
    ("police_partnership", "5", "Ring Neighbors police partnership"),
    ("loan", "3", "Low-interest economic development loan"),
];
const CODENAMES: &[&str] =
    &["Rex", "Bravo", "Heron", "Zephyr", "Atlas", "Granite", "Falcon", "Juniper", "Orion", "Sequoia", "Tundra", "Maple"];
const STATUSES: &[&str] = &["proposed", "approved", "active", "completed", "cancelled", "terminated", "clawed_back"];
const BASES: &[&str] = &["maximum", "estimated", "actual_paid"];
const WORDS: &[&str] = &[
    "council",
    "approved",
    "agreement",
    "warehouse",
    "jobs",
    "incentive",
    "residents",
    "hearing",
    "vote",
    "abatement",
    "years",
    "property",
    "assessment",
    "payment",
    "lieu",
    "taxes",
    "camera",
    "footage",
    "requests",
    "police",
    "contract",
    "renewal",
];

#[tokio::main]
async fn main() -> ExitCode {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://data/tracker.db".into());
    match run(&url, n).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(url: &str, n: usize) -> Result<(), String> {
    let started = std::time::Instant::now();
    let pool = repo::connect(url).await.map_err(|e| e.to_string())?;
    let mut conn = pool.acquire().await.map_err(|e| e.to_string())?;
    let places = repo::jurisdictions::ids_and_kinds(&mut conn).await.map_err(|e| e.to_string())?;
    if places.len() < 100 {
        return Err("load jurisdictions first (tracker places load DIR)".into());
    }
    let by_kind = |k: &str| places.iter().filter(|p| p.1 == k).map(|p| p.0).collect::<Vec<_>>();
    let states = by_kind("state");
    let counties = by_kind("county");
    let towns = [by_kind("place"), by_kind("township")].concat();
    let schools = by_kind("school_district");
    let existing = repo::users::by_handle(&mut conn, "seed_bot").await.map_err(|e| e.to_string())?.map(|u| u.viewer.id);
    let bot = match existing {
        Some(id) => id,
        None => repo::users::insert(&mut conn, "seed_bot", "!", Role::Moderator).await.map_err(|e| e.to_string())?,
    };
    drop(conn);
    let actor = Viewer { id: bot, handle: "seed".into(), role: Role::Moderator };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let mut done = 0;
    while done < n {
        let mut tx = repo::begin_write(&pool).await.map_err(|e| e.to_string())?;
        for _ in 0..1000.min(n - done) {
            let (kind, entity, base_title) = *rng.pick(TITLES);
            let roll = rng.below(100);
            let place = *if roll < 5 {
                rng.pick(&states)
            } else if roll < 35 {
                rng.pick(&counties)
            } else if roll < 85 {
                rng.pick(&towns)
            } else {
                rng.pick(&schools)
            };
            let title = if kind == "tax_abatement" || kind == "tif" {
                format!("Project {} {}", rng.pick(CODENAMES), base_title.to_lowercase())
            } else {
                base_title.to_string()
            };
            let disclosed = rng.below(100) >= 20;
            let amount = 10u64.pow(3 + rng.below(6) as u32) * (1 + rng.below(9));
            let year = 2010 + rng.below(17);
            let month = 1 + rng.below(12);
            let description: Vec<&str> = (0..12).map(|_| *rng.pick(WORDS)).collect();
            let sources = (0..1 + rng.below(3))
                .map(|i| SourceInput {
                    url: format!("https://records.example.gov/{place}/{year}/{done}-{i}.pdf"),
                    title: format!("Meeting minutes {year}-{month:02}"),
                    publisher: "Clerk of the Board".into(),
                    ..Default::default()
                })
                .collect();
            let input = DealInput {
                title,
                kind: kind.into(),
                jurisdiction: "seed".into(),
                entity_id: entity.into(),
                amount: if disclosed { amount.to_string() } else { String::new() },
                undisclosed: !disclosed,
                value_basis: if disclosed { rng.pick(BASES).to_string() } else { String::new() },
                approved: format!("{year}-{month:02}"),
                status: rng.pick(STATUSES).to_string(),
                jobs: if rng.below(3) == 0 { (50 * (1 + rng.below(40))).to_string() } else { String::new() },
                description: description.join(" "),
                sources,
                ..Default::default()
            };
            let draft = input.parse().map_err(|e| format!("generated an invalid deal: {e:?}"))?;
            review::submit(&mut tx, &Deal { jurisdiction_id: place, ..draft }, &actor, "Deal recorded").await.map_err(|e| e.to_string())?;
            done += 1;
        }
        tx.commit().await.map_err(|e| e.to_string())?;
        eprint!("\rseeded {done}/{n}");
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!();
    println!("seeded {n} deals in {secs:.1} s ({:.0} deals/s)", n as f64 / secs);
    Ok(())
}
