//! `tracker-deals-csv N [SEED]`: writes N deals in the tracker's own import format to
//! standard output, over the jurisdictions loaded in `DATABASE_URL`, for `bench/scale.sh`.
//! Deterministic for a given N and seed.
//!
//! The text reads as people write it and is varied the way real text is: a few words in most
//! deals ("council", "agreement"), many in a few (agencies, programs, vendors, places), and a
//! long tail of rare words (project code names, parcel and resolution numbers), so searches
//! range from a handful of matches to most of the data.

use app::repo;
use server::bench::Rng;
use std::process::ExitCode;

/// Kind, company name, and how people title such a deal.
const KINDS: &[(&str, &str, &[&str])] = &[
    (
        "cloud_contract",
        "Amazon Web Services, Inc.",
        &[
            "AWS cloud hosting agreement",
            "GovCloud migration for records systems",
            "Cloud services contract renewal",
            "Data storage and backup services",
        ],
    ),
    (
        "procurement_contract",
        "Amazon.com Services LLC",
        &["Amazon Business purchasing account", "Office supplies purchasing contract", "Janitorial supplies through Amazon Business"],
    ),
    (
        "cooperative_purchasing",
        "Amazon.com Services LLC",
        &["Cooperative purchasing through OMNIA Partners", "Piggyback on the U.S. Communities contract"],
    ),
    (
        "tax_abatement",
        "Amazon.com Services LLC",
        &["Fulfillment center property tax abatement", "Data center property tax abatement", "Payment in lieu of taxes agreement"],
    ),
    (
        "tax_credit",
        "Amazon Data Services, Inc.",
        &["Data center sales tax exemption", "Hotel tax rebate for headquarters visitors", "Job creation tax credit"],
    ),
    ("cash_grant", "Amazon.com Services LLC", &["Economic development cash grant", "Closing fund grant", "Workforce training grant"]),
    ("tif", "Amazon.com Services LLC", &["Tax increment financing for distribution center", "TIF district for delivery station"]),
    ("land_deal", "Amazon.com Services LLC", &["Sale of county land below market value", "Land lease for sortation center"]),
    (
        "infrastructure",
        "Amazon.com Services LLC",
        &["Road and water improvements for warehouse", "Interchange upgrade for delivery station", "Sewer extension for data center"],
    ),
    ("fee_waiver", "Amazon.com Services LLC", &["Permit and impact fee waiver", "Utility connection fee waiver"]),
    ("device_subsidy", "Ring LLC", &["Ring doorbell camera rebate program", "Video doorbell subsidy for residents"]),
    (
        "police_partnership",
        "Ring LLC",
        &["Ring Neighbors police partnership", "Neighbors Public Safety Service agreement", "Camera footage request portal"],
    ),
    ("loan", "Amazon.com Services LLC", &["Low-interest economic development loan", "Revolving loan fund award"]),
];
const STATUSES: &[&str] = &["active", "approved", "completed", "proposed", "cancelled", "terminated", "clawed_back"];
const BASES: &[&str] = &["maximum", "estimated", "actual_paid"];
const AGENCIES: &[&str] = &[
    "County Board",
    "City Council",
    "Board of Supervisors",
    "Economic Development Authority",
    "Police Department",
    "Sheriff's Office",
    "Board of Education",
    "Department of Information Technology",
    "Industrial Development Agency",
    "Planning Commission",
    "Department of Public Works",
    "Procurement Office",
    "Library Board",
    "Fire Rescue",
    "Transit Authority",
    "Port Authority",
    "Water Utility",
    "Parks and Recreation",
    "Finance Department",
    "Assessor's Office",
];
const PROGRAMS: &[&str] = &[
    "",
    "",
    "",
    "Enterprise Zone",
    "Opportunity Zone",
    "Smart City Initiative",
    "Digital Equity Program",
    "Neighborhood Safety Program",
    "Hotel Tax Fund",
    "Megasite Program",
    "Foreign Trade Zone",
    "Job Creation Incentive",
    "Data Center Incentive",
    "Flock Safety pilot",
    "Real-Time Crime Center",
];
/// Words in most descriptions, most common first.
const COMMON: &[&str] = &[
    "council",
    "agreement",
    "approved",
    "amazon",
    "county",
    "public",
    "years",
    "jobs",
    "property",
    "vote",
    "hearing",
    "residents",
    "warehouse",
    "taxes",
    "contract",
    "incentive",
    "meeting",
    "minutes",
    "budget",
    "payment",
    "renewal",
    "abatement",
    "assessment",
    "police",
    "camera",
    "footage",
    "requests",
    "center",
    "data",
    "delivery",
    "station",
    "clawback",
    "provisions",
    "annual",
    "report",
    "capital",
    "investment",
    "employees",
    "wages",
    "benefits",
    "schools",
    "traffic",
    "trucks",
    "noise",
    "zoning",
    "variance",
    "parcel",
    "acres",
    "square",
    "feet",
    "million",
    "construction",
    "phase",
    "completion",
    "deadline",
    "audit",
    "compliance",
    "oversight",
    "transparency",
    "records",
    "request",
    "janitorial",
    "supplies",
    "procurement",
    "cooperative",
    "piggyback",
    "cloud",
    "hosting",
    "migration",
    "storage",
    "surveillance",
    "privacy",
    "civil",
    "liberties",
    "opposition",
    "petition",
    "lawsuit",
    "settlement",
    "amendment",
];
const SYLLABLES: &[&str] = &["ka", "lo", "mi", "ra", "ten", "vo", "shi", "qua", "der", "ix", "bel", "nor", "zu", "pha", "gri", "tol"];

#[tokio::main]
async fn main() -> ExitCode {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let seed: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://data/tracker.db".into());
    match run(&url, n, seed).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A rare word: a project code name of two or three syllables (about 4,000 distinct).
fn rare(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    (0..n).map(|_| *rng.pick(SYLLABLES)).collect()
}

async fn run(url: &str, n: usize, seed: u64) -> Result<(), String> {
    let pool = repo::connect(url).await.map_err(|e| e.to_string())?;
    let mut conn = pool.acquire().await.map_err(|e| e.to_string())?;
    let places = repo::imports::matchable(&mut conn, None).await.map_err(|e| e.to_string())?;
    if places.len() < 100 {
        return Err("load jurisdictions first (tracker places load DIR)".into());
    }
    let of = |k: &str| places.iter().filter(|p| p.kind == k).collect::<Vec<_>>();
    let (states, counties, schools) = (of("state"), of("county"), of("school_district"));
    let towns = [of("place"), of("township")].concat();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(n as u64 + 1));
    let out = std::io::stdout();
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, out.lock()));
    w.write_record([
        "external_id",
        "title",
        "kind",
        "status",
        "government",
        "government_kind",
        "state",
        "geoidfq",
        "leaid",
        "entity",
        "amount_usd",
        "amount_disclosed",
        "value_basis",
        "approved",
        "agency",
        "program",
        "jobs_promised",
        "description",
        "source_urls",
        "source_titles",
    ])
    .map_err(|e| e.to_string())?;
    for i in 0..n {
        let roll = rng.below(100);
        let place = *if roll < 5 {
            rng.pick(&states)
        } else if roll < 35 {
            rng.skewed(&counties)
        } else if roll < 85 {
            rng.skewed(&towns)
        } else {
            rng.pick(&schools)
        };
        let (kind, entity, titles) = *rng.skewed(KINDS);
        let mut title = rng.pick(titles).to_string();
        if rng.below(3) == 0 {
            title = format!("Project {} {}", capitalised(&rare(&mut rng)), title.to_lowercase());
        }
        let agency = *rng.pick(AGENCIES);
        let program = *rng.pick(PROGRAMS);
        let disclosed = rng.below(100) >= 20;
        let amount = 10u64.pow(3 + rng.below(6) as u32) * (1 + rng.below(9));
        let (year, month) = (2008 + rng.below(19), 1 + rng.below(12));
        let mut words: Vec<String> = (0..10 + rng.below(20)).map(|_| rng.skewed(COMMON).to_string()).collect();
        words.push(rare(&mut rng));
        words.push(format!("resolution {}-{}", year % 100, rng.below(400)));
        let city = place.display_name.clone();
        words.push(format!("in {city}"));
        let description = words.join(" ");
        let sources =
            (0..1 + rng.below(2)).map(|s| format!("https://records.example.gov/{}/{year}/{i}-{s}.pdf", place.id)).collect::<Vec<_>>();
        w.write_record([
            format!("scale-{seed}-{i}").as_str(),
            title.as_str(),
            kind,
            *rng.skewed(STATUSES),
            place.display_name.as_str(),
            place.kind.as_str(),
            place.state_usps.as_str(),
            place.geoidfq.as_deref().unwrap_or(""),
            place.leaid.as_deref().unwrap_or(""),
            entity,
            if disclosed { format!("{amount}.00") } else { String::new() }.as_str(),
            if disclosed { "yes" } else { "no" },
            if disclosed { *rng.pick(BASES) } else { "" },
            format!("{year}-{month:02}").as_str(),
            agency,
            program,
            if rng.below(3) == 0 { (50 * (1 + rng.below(40))).to_string() } else { String::new() }.as_str(),
            description.as_str(),
            sources.join(" | ").as_str(),
            vec![format!("{agency} minutes, {year}-{month:02}"); sources.len()].join(" | ").as_str(),
        ])
        .map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())?;
    Ok(())
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
