//! Property test of the kept aggregates: after any sequence of writes (new deals by
//! contributors and moderators, edits that move a deal to another government, kind or
//! amount, approvals, rejections, reverts, withdrawals, imports, a government moved to
//! another county, a places load, a government renamed), every kept count equals a recount
//! from the deals, and the search index, following the change record, holds exactly the
//! public deals at their current revision: searches find what reading their text finds.

mod common;

use app::domain::review::{self, Edit};
use app::model::view::{Totals, Viewer};
use app::model::JurisdictionKind;
use app::model::{Deal, DealInput, Role, SourceInput};
use app::repo::{self, browse::PlaceScope, sets::DealSet};
use app::search::{follow, query, SearchIndex, Wanted};
use proptest::prelude::*;
use sqlx::SqlitePool;

/// The governments deals are made by: states, counties, places in them, a school district.
/// (GEOID, name, kind, state).
const PLACES: [(&str, &str, &str, &str); 9] = [
    ("0400000US51", "Virginia", "state", "VA"),
    ("0500000US51013", "Arlington County", "county", "VA"),
    ("0500000US06001", "Alameda County", "county", "CA"),
    ("1600000US0653000", "Oakland", "place", "CA"),
    ("1600000US0600562", "Alameda", "place", "CA"),
    ("0500000US06013", "Contra Costa County", "county", "CA"),
    ("0400000US48", "Texas", "state", "TX"),
    ("1600000US4805000", "Austin", "place", "TX"),
    // An independent city: a place directly under its state, drawn as a county on the map.
    ("1600000US5101000", "Alexandria", "place", "VA"),
];

#[derive(Clone, Debug)]
enum Op {
    /// A new deal by a moderator (published) or a contributor (waiting).
    Create {
        moderator: bool,
        deal: Shape,
    },
    /// An edit of the `i`-th deal.
    Edit {
        i: usize,
        moderator: bool,
        deal: Shape,
    },
    Approve(usize),
    Reject(usize),
    Revert(usize),
    Withdraw(usize),
    /// A moderator's import of a few deals.
    Import(Vec<Shape>),
    /// Oakland is put under Contra Costa County, as a places load would after a boundary
    /// change.
    Move,
    /// The reference files loaded again (which puts Oakland back).
    Load,
    /// Austin takes another name (a moderator's decision), and back.
    Rename,
}

/// What a deal counts for.
#[derive(Clone, Debug)]
struct Shape {
    place: usize,
    kind: usize,
    status: usize,
    entity: i64,
    amount: Option<(u32, usize)>,
    year: Option<u16>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (0..PLACES.len(), 0usize..4, 0usize..3, 1i64..5, prop::option::of((1u32..5000, 0usize..3)), prop::option::of(2015u16..2024))
        .prop_map(|(place, kind, status, entity, amount, year)| Shape { place, kind, status, entity, amount, year })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<bool>(), shape()).prop_map(|(moderator, deal)| Op::Create { moderator, deal }),
        3 => (0usize..16, any::<bool>(), shape()).prop_map(|(i, moderator, deal)| Op::Edit { i, moderator, deal }),
        2 => (0usize..32).prop_map(Op::Approve),
        1 => (0usize..32).prop_map(Op::Reject),
        1 => (0usize..16).prop_map(Op::Revert),
        1 => (0usize..16).prop_map(Op::Withdraw),
        1 => prop::collection::vec(shape(), 1..4).prop_map(Op::Import),
        1 => Just(Op::Move),
        1 => Just(Op::Rename),
    ]
}

const KINDS: [&str; 4] = ["cloud_contract", "tax_abatement", "police_partnership", "cooperative_purchasing"];
const STATUSES: [&str; 3] = ["approved", "active", "proposed"];
const BASES: [&str; 3] = ["maximum", "estimated", "actual_paid"];

fn deal(s: &Shape, places: &[i64], n: usize) -> Deal {
    let input = DealInput {
        title: format!("Deal {n} {}", KINDS[s.kind].replace('_', " ")),
        kind: KINDS[s.kind].into(),
        jurisdiction: "x".into(),
        entity_id: s.entity.to_string(),
        amount: s.amount.map(|a| a.0.to_string()).unwrap_or_default(),
        undisclosed: s.amount.is_none(),
        value_basis: s.amount.map(|a| BASES[a.1].to_string()).unwrap_or_default(),
        status: STATUSES[s.status].into(),
        approved: s.year.map(|y| y.to_string()).unwrap_or_default(),
        sources: vec![SourceInput { url: format!("https://example.org/{n}"), ..Default::default() }],
        ..Default::default()
    };
    Deal { jurisdiction_id: places[s.place], ..input.parse().expect("valid") }
}

/// An import file of these deals, in the tracker's own format.
fn csv(shapes: &[Shape], n: usize) -> String {
    let mut out = String::from(
        "external_id,title,kind,status,government,government_kind,state,geoidfq,entity,amount_usd,amount_disclosed,value_basis,approved,source_urls\n",
    );
    let entities = ["Amazon.com, Inc.", "Amazon Web Services, Inc.", "Ring LLC", "Amazon.com Services LLC"];
    for (i, s) in shapes.iter().enumerate() {
        let (amount, disclosed, basis) = match s.amount {
            Some((a, b)) => (a.to_string(), "yes", BASES[b]),
            None => (String::new(), "no", ""),
        };
        out.push_str(&format!(
            "imp-{n}-{i},Imported {n} {i} {},{},{},{},{},{},{},\"{}\",{amount},{disclosed},{basis},{},https://example.org/i/{n}/{i}\n",
            KINDS[s.kind].replace('_', " "),
            KINDS[s.kind],
            STATUSES[s.status],
            PLACES[s.place].1,
            PLACES[s.place].2,
            PLACES[s.place].3,
            PLACES[s.place].0,
            entities[(s.entity as usize - 1) % entities.len()],
            s.year.map(|y| y.to_string()).unwrap_or_default(),
        ));
    }
    out
}

/// The totals without the latest change, which the kept counts only move forward.
fn plain(mut t: Totals) -> Totals {
    t.last_updated = None;
    t
}

/// Every kept count equals the recount: stored counts against a rebuild, and each set's
/// totals, governments and map counts against the queries over the deals.
async fn check(pool: &SqlitePool, index: &SearchIndex, places: &[i64], when: &str) {
    searches_agree(pool, index, when).await;
    let differ = common::counts_differ_from_a_rebuild(pool).await;
    assert!(differ.is_empty(), "{when}: kept counts differ from a rebuild:\n{}", differ.join("\n"));
    let mut conn = pool.acquire().await.unwrap();
    let mut sets = vec![DealSet::Site, DealSet::InState("VA".into()), DealSet::InState("CA".into()), DealSet::InState("TX".into())];
    for id in places {
        sets.push(DealSet::Own(*id));
        sets.push(DealSet::Within(*id));
    }
    for set in &sets {
        let kept = repo::tallies::totals(&mut conn, set).await.unwrap();
        let counted = repo::recount::totals(&mut conn, set).await.unwrap();
        assert!(kept.last_updated >= counted.last_updated, "{when}: {set:?} latest change");
        assert_eq!(format!("{:?}", plain(kept)), format!("{:?}", plain(counted)), "{when}: {set:?}");
        let kept = repo::tallies::totals(&mut conn, set).await.unwrap().governments;
        assert_eq!(kept, repo::recount::governments(&mut conn, set).await.unwrap(), "{when}: governments of {set:?}");
    }
    let nonzero =
        |m: std::collections::HashMap<String, i64>| m.into_iter().filter(|(_, n)| *n > 0).collect::<std::collections::BTreeMap<_, _>>();
    assert_eq!(
        nonzero(repo::tallies::state_counts(&mut conn).await.unwrap()),
        nonzero(repo::recount::state_counts(&mut conn).await.unwrap()),
        "{when}: states"
    );
    // The facet counts of /deals with no filter but a place.
    let kinds = [JurisdictionKind::State, JurisdictionKind::County, JurisdictionKind::County, JurisdictionKind::Place];
    let mut views = vec![None];
    views.extend([0, 1, 2, 3].iter().zip(kinds).map(|(i, kind)| Some(PlaceScope::new(places[*i], kind, PLACES[*i].3))));
    for place in &views {
        let (kept, total) = repo::tallies::facet_counts(&mut conn, &repo::tallies::browse_scopes(place.as_ref())).await.unwrap();
        let counted = repo::recount::facet_counts(&mut conn, place.as_ref()).await.unwrap();
        assert_eq!(kept, counted, "{when}: facet counts in {place:?}");
        assert_eq!(total, counted[0].iter().map(|(_, n)| n).sum::<i64>(), "{when}: deals in {place:?}");
    }
    for usps in ["VA", "CA", "TX"] {
        let nonzero =
            |m: std::collections::HashMap<i64, i64>| m.into_iter().filter(|(_, n)| *n > 0).collect::<std::collections::BTreeMap<_, _>>();
        assert_eq!(
            nonzero(repo::tallies::area_counts(&mut conn, usps).await.unwrap()),
            nonzero(repo::recount::area_counts(&mut conn, usps).await.unwrap()),
            "{when}: map of {usps}"
        );
    }
}

/// Searches a person might type about these deals.
const SEARCHES: [&str; 12] = [
    "deal",
    "imported",
    "cloud contract",
    "tax",
    "\"police partnership\"",
    "coop",
    "oakland",
    "alameda",
    "virginia",
    "\"arlington county\" deal",
    "austin",
    "texas capital",
];

/// The index, once caught up with the change record, holds exactly the public deals with
/// their current text, and each search finds the deals whose text holds its words.
async fn searches_agree(pool: &SqlitePool, index: &SearchIndex, when: &str) {
    let at = follow::catch_up(index, pool).await.unwrap();
    let checked = follow::check(index, pool).await.unwrap();
    assert_eq!((checked.position, checked.latest), (at, at), "{when}: the index caught up");
    assert!(checked.differences.is_empty(), "{when}: the index differs:\n{}", checked.differences.join("\n"));
    let mut conn = pool.acquire().await.unwrap();
    let texts = repo::search_text::public_from(&mut conn, 0, 100_000).await.unwrap();
    let mut analyzer = query::analyzer();
    let read: Vec<(i64, Vec<String>)> =
        texts.iter().map(|t| (t.id, query::words(&mut analyzer, &format!("{} {}", t.title, t.body)))).collect();
    for q in SEARCHES {
        let wanted = Wanted::parse(q).unwrap();
        let mut found: Vec<i64> = index.ids(&wanted).unwrap();
        found.sort();
        let brute: Vec<i64> = read.iter().filter(|(_, words)| wanted.matches(words)).map(|(id, _)| *id).collect();
        assert_eq!(found, brute, "{when}: {q:?}");
    }
}

async fn play(ops: Vec<Op>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    std::fs::copy(common::template(), &path).unwrap();
    let pool = repo::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let viewer = |id, handle: &str, role| Viewer { id, handle: handle.into(), role };
    let c = viewer(repo::users::insert(&mut conn, "c", "!", Role::Contributor).await.unwrap(), "c", Role::Contributor);
    let m = viewer(repo::users::insert(&mut conn, "m", "!", Role::Moderator).await.unwrap(), "m", Role::Moderator);
    let mut places = Vec::new();
    for (g, ..) in PLACES {
        let id: i64 = sqlx::query_scalar("SELECT id FROM jurisdictions WHERE geoidfq = ?").bind(g).fetch_one(&mut *conn).await.unwrap();
        places.push(id);
    }
    drop(conn);
    let index = SearchIndex::open(Some(&dir.path().join("search"))).unwrap();
    let (oakland, contra_costa, austin) = (places[3], places[5], places[7]);
    let mut deals: Vec<i64> = Vec::new();
    for (n, op) in ops.into_iter().enumerate() {
        let when = format!("after step {n} ({op:?})");
        let mut tx = repo::begin_write(&pool).await.unwrap();
        let pending: Vec<i64> = sqlx::query_scalar(
            "SELECT r.id FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM revision_decisions d WHERE d.revision_id = r.id) ORDER BY r.id",
        )
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        let pick = |v: &[i64], i: usize| (!v.is_empty()).then(|| v[i % v.len()]);
        // Refusals (conflicts, decided already, withdrawn) are legal outcomes; the counts
        // must agree whatever happened.
        match op {
            Op::Create { moderator, deal: s } => {
                let (id, _) = review::submit(&mut tx, &deal(&s, &places, n), if moderator { &m } else { &c }, "new").await.unwrap();
                deals.push(id);
            }
            Op::Edit { i, moderator, deal: s } => {
                if let Some(id) = pick(&deals, i) {
                    if let Ok((_, base, replaces)) = review::edit_start(&mut tx, id, if moderator { &m } else { &c }).await {
                        let e =
                            Edit { deal_id: id, base, deal: deal(&s, &places, n), choices: Default::default(), replaces, summary: "edit" };
                        let _ = review::edit(&mut tx, e, if moderator { &m } else { &c }).await;
                    }
                }
            }
            Op::Approve(i) => {
                if let Some(r) = pick(&pending, i) {
                    let _ = review::approve(&mut tx, r, &m, None, &Default::default()).await;
                }
            }
            Op::Reject(i) => {
                if let Some(r) = pick(&pending, i) {
                    let _ = review::reject(&mut tx, r, &m, "no").await;
                }
            }
            Op::Revert(i) => {
                if let Some(id) = pick(&deals, i) {
                    let _ = review::revert(&mut tx, id, 1, &m, "back").await;
                }
            }
            Op::Withdraw(i) => {
                if let Some(id) = pick(&deals, i) {
                    let _ = review::withdraw(&mut tx, id, &m, "gone", None).await;
                }
            }
            Op::Import(shapes) => {
                tx.commit().await.unwrap();
                let opts = app::import::Options {
                    dry_run: false,
                    partial: true,
                    update: false,
                    allow_duplicates: true,
                    file_name: format!("{n}.csv"),
                    viewer: m.clone(),
                    lang: Default::default(),
                    files: None,
                    // Each batch counted as it is written: the count inside the import, not
                    // only the one at its end.
                    count_window: 1,
                };
                let report = app::import::run(&pool, csv(&shapes, n).as_bytes(), &opts, &|_| {}).await.unwrap();
                deals.extend(report.rows.iter().filter_map(|r| match r.outcome {
                    app::import::Outcome::Created(id) => Some(id),
                    _ => None,
                }));
                check(&pool, &index, &places, &when).await;
                continue;
            }
            Op::Move => {
                sqlx::query("UPDATE jurisdictions SET parent_id = ? WHERE id = ?")
                    .bind(contra_costa)
                    .bind(oakland)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                repo::changes::record(&mut tx, repo::changes::Change::Places).await.unwrap();
            }
            Op::Rename => {
                sqlx::query(
                    "UPDATE jurisdictions SET display_name = CASE display_name WHEN 'Austin' THEN 'Texas Capital' ELSE 'Austin' END WHERE id = ?",
                )
                .bind(austin)
                .execute(&mut *tx)
                .await
                .unwrap();
                repo::changes::record(&mut tx, repo::changes::Change::Places).await.unwrap();
            }
            Op::Load => {
                tx.commit().await.unwrap();
                app::load::load_dir(&pool, &common::refdata(), false).await.unwrap();
                check(&pool, &index, &places, &when).await;
                continue;
            }
        }
        tx.commit().await.unwrap();
        check(&pool, &index, &places, &when).await;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
    #[test]
    fn kept_counts_equal_a_recount(ops in prop::collection::vec(op(), 1..30)) {
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap().block_on(play(ops));
    }
}

/// A government moved to another county and back by a places load: its counts follow it.
#[tokio::test(flavor = "multi_thread")]
async fn a_moved_government_takes_its_counts_along() {
    let shapes = |place| Shape { place, kind: 0, status: 0, entity: 1, amount: Some((100, 0)), year: Some(2020) };
    play(vec![
        Op::Create { moderator: true, deal: shapes(3) },
        Op::Create { moderator: true, deal: shapes(4) },
        Op::Import(vec![shapes(3), shapes(2)]),
        Op::Move,
        Op::Create { moderator: true, deal: shapes(3) },
        Op::Withdraw(0),
        Op::Load,
        Op::Edit { i: 1, moderator: true, deal: shapes(3) },
    ])
    .await;
}
