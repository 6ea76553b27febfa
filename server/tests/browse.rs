//! Browse, search, exports and feeds over HTTP.

mod common;

use app::domain::review;
use app::model::view::Viewer;
use app::model::Deal;
use app::model::{DealInput, Role, SourceInput};
use app::repo;
use common::TestApp;
use serde_json::Value;

async fn place_id(app: &TestApp, geoidfq: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM jurisdictions WHERE geoidfq = ?").bind(geoidfq).fetch_one(&app.pool).await.unwrap()
}

struct Seed<'a> {
    title: &'a str,
    place: &'a str,
    kind: &'a str,
    entity: i64,
    amount: Option<&'a str>,
    date: &'a str,
    status: &'a str,
    description: &'a str,
}

async fn seed(app: &TestApp, deals: &[Seed<'_>]) -> Vec<i64> {
    let mut conn = app.pool.acquire().await.unwrap();
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE handle = 'seeder'").fetch_optional(&mut *conn).await.unwrap();
    let id = match existing {
        Some(id) => id,
        None => repo::users::insert(&mut conn, "seeder", "!", Role::Moderator).await.unwrap(),
    };
    let m = Viewer { id, handle: String::new(), role: Role::Moderator };
    drop(conn);
    let mut ids = Vec::new();
    for d in deals {
        let input = DealInput {
            title: d.title.into(),
            kind: d.kind.into(),
            jurisdiction: "x".into(),
            entity_id: d.entity.to_string(),
            amount: d.amount.unwrap_or("").into(),
            undisclosed: d.amount.is_none(),
            value_basis: if d.amount.is_some() { "maximum".into() } else { String::new() },
            approved: d.date.into(),
            status: d.status.into(),
            description: d.description.into(),
            sources: vec![SourceInput { url: "https://example.org/doc".into(), title: "Board minutes".into(), ..Default::default() }],
            ..Default::default()
        };
        let snap = Deal { jurisdiction_id: place_id(app, d.place).await, ..input.parse().unwrap() };
        let mut tx = repo::begin_write(&app.pool).await.unwrap();
        ids.push(review::submit(&mut tx, &snap, &m, "Deal recorded").await.unwrap().0);
        tx.commit().await.unwrap();
    }
    ids
}

const VA: &str = "0400000US51";
const ARLINGTON: &str = "0500000US51013";
const ALAMEDA: &str = "0500000US06001";
const OAKLAND: &str = "1600000US0653000";

async fn standard(app: &TestApp) -> Vec<i64> {
    let ids = seed(
        app,
        &[
            Seed {
                title: "HQ2 cash grant",
                place: VA,
                kind: "cash_grant",
                entity: 3,
                amount: Some("$750 million"),
                date: "2019-03",
                status: "approved",
                description: "Workforce grant for the second headquarters",
            },
            Seed {
                title: "Arlington transient occupancy tax grant",
                place: ARLINGTON,
                kind: "cash_grant",
                entity: 3,
                amount: Some("$23,000,000"),
                date: "2019-03-16",
                status: "active",
                description: "Hotel tax revenue shared",
            },
            Seed {
                title: "County cloud hosting",
                place: ARLINGTON,
                kind: "cloud_contract",
                entity: 2,
                amount: Some("$1,200,000"),
                date: "2021",
                status: "active",
                description: "GovCloud hosting for county systems",
            },
            Seed {
                title: "Data center abatement",
                place: ALAMEDA,
                kind: "tax_abatement",
                entity: 6,
                amount: None,
                date: "2022-06",
                status: "approved",
                description: "Vadata data center property tax break",
            },
            Seed {
                title: "Ring camera rebate",
                place: OAKLAND,
                kind: "device_subsidy",
                entity: 5,
                amount: Some("50000"),
                date: "2020",
                status: "completed",
                description: "Rebates for doorbell cameras",
            },
            Seed {
                title: "=HYPERLINK(\"http://evil.example\",\"click\")",
                place: OAKLAND,
                kind: "other",
                entity: 1,
                amount: Some("0"),
                date: "2023",
                status: "proposed",
                description: "+formula test",
            },
        ],
    )
    .await;
    // Signed-out searches don't wait for the index; these tests search what they seeded.
    app.indexed().await;
    ids
}

async fn browse(app: &TestApp, query: &str) -> Value {
    let res = app
        .client
        .post(format!("{}/api/get_browse", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_urlencoded::Serializer::new(String::new()).append_pair("query", query).finish())
        .send()
        .await
        .unwrap();
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert!(status.is_success(), "{query}: {v}");
    v
}

fn titles(v: &Value) -> Vec<String> {
    v[1]["rows"].as_array().unwrap().iter().map(|r| r["row"]["title"].as_str().unwrap().to_string()).collect()
}

fn facet(v: &Value, name: &str, value: &str) -> i64 {
    v[1]["facets"][name].as_array().unwrap().iter().find(|f| f["value"] == value).map(|f| f["count"].as_i64().unwrap()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn each_filter_narrows_the_list_and_facets_follow_the_other_filters() {
    let app = TestApp::start().await;
    standard(&app).await;
    assert_eq!(browse(&app, "").await[1]["total"], 6);
    assert_eq!(browse(&app, "state=va").await[1]["total"], 3);
    assert_eq!(browse(&app, "kind=cash_grant").await[1]["total"], 2);
    assert_eq!(browse(&app, "kind=cash_grant&kind=cloud_contract").await[1]["total"], 3);
    assert_eq!(browse(&app, "status=active").await[1]["total"], 2);
    // A county includes the places in it; a state includes everything in it.
    assert_eq!(browse(&app, "place=ca/alameda-county").await[1]["total"], 3);
    assert_eq!(browse(&app, "place=ca/oakland").await[1]["total"], 2);
    assert_eq!(browse(&app, "place=va").await[1]["total"], 3);
    // A parent company includes its subsidiaries (Vadata is under AWS).
    assert_eq!(browse(&app, "entity=2").await[1]["total"], 2);
    assert_eq!(browse(&app, "entity=1").await[1]["total"], 6);
    // Each company's count is what clicking it lists, subsidiaries included, counted by SQL
    // (no text) and in memory (a text search).
    for view in ["", "q=abatement", "state=va"] {
        let v = browse(&app, view).await;
        let companies = v[1]["facets"]["entity"].as_array().unwrap().clone();
        assert!(!companies.is_empty(), "{view}");
        for c in companies {
            let id = c["value"].as_str().unwrap();
            let clicked = browse(&app, &format!("{view}&entity={id}")).await;
            assert_eq!(c["count"], clicked[1]["total"], "{view}: company {id}");
        }
    }
    assert_eq!(browse(&app, "min=1000000&max=30000000").await[1]["total"], 2);
    assert_eq!(browse(&app, "from=2020&to=2021").await[1]["total"], 2);
    assert_eq!(browse(&app, "from=2019-03&to=2019-03").await[1]["total"], 2);
    assert_eq!(browse(&app, "disclosed=no").await[1]["total"], 1);
    assert_eq!(browse(&app, "disclosed=yes").await[1]["total"], 5);

    // Facets reflect the other active filters, not their own.
    let v = browse(&app, "state=va&kind=cash_grant").await;
    assert_eq!(facet(&v, "kind", "cash_grant"), 2);
    assert_eq!(facet(&v, "kind", "cloud_contract"), 1, "kind counts ignore the kind filter");
    assert_eq!(facet(&v, "state", "VA"), 2);
    assert_eq!(facet(&v, "state", "CA"), 0, "state counts still apply the kind filter");
    assert_eq!(facet(&v, "year", "2019"), 2);
    assert_eq!(facet(&v, "status", "approved"), 1);

    // Sorting by amount puts undisclosed last.
    let t = titles(&browse(&app, "sort=amount").await);
    assert_eq!(t.first().unwrap(), "HQ2 cash grant");
    assert_eq!(t.last().unwrap(), "Data center abatement");
}

#[tokio::test(flavor = "multi_thread")]
async fn full_text_search_ranks_highlights_and_reads_phrases() {
    let app = TestApp::start().await;
    standard(&app).await;
    let v = browse(&app, "q=govcloud").await;
    assert_eq!(v[1]["total"], 1);
    let snippet = v[1]["rows"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("\u{2}GovCloud\u{3}"), "{snippet}");
    // Prefix on the last word, accents and case folded, jurisdiction names and source titles searchable.
    assert_eq!(browse(&app, "q=abat").await[1]["total"], 1);
    assert_eq!(browse(&app, "q=OAKLAND").await[1]["total"], 2);
    assert_eq!(browse(&app, "q=board minutes").await[1]["total"], 6);
    let marked = browse(&app, "q=hotel tax&sort=relevance").await;
    assert_eq!(marked[1]["rows"][0]["row"]["title"], "Arlington transient occupancy tax grant");
    // A search lists its best matches first unless another order is asked for.
    assert_eq!(browse(&app, "q=hotel tax").await[1]["rows"], marked[1]["rows"]);
    assert_eq!(browse(&app, "q=hotel tax").await[0]["sort"], "Relevance");
    // Quoted words are a phrase: next to each other, in order.
    assert_eq!(browse(&app, "q=\"transient occupancy\"").await[1]["total"], 1);
    assert_eq!(browse(&app, "q=\"occupancy transient\"").await[1]["total"], 0);
    // Operators are not interpreted; very short queries are refused with a message.
    assert_eq!(browse(&app, "q=ring OR NOT").await[1]["total"], 0);
    let res = app
        .client
        .post(format!("{}/api/get_browse", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("query=q%3Da")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = app.get("/deals?q=a", None).await.text().await.unwrap();
    assert!(page.contains("three letters"), "the message shows next to the search field");
    // The page with the message is not kept, but is compressed all the same.
    let res = app.client.get(format!("{}/deals?q=a", app.base)).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!((res.status().as_u16(), res.headers()["content-encoding"].to_str().unwrap()), (422, "br"));
    let mut page = Vec::new();
    brotli::BrotliDecompress(&mut &res.bytes().await.unwrap()[..], &mut page).unwrap();
    assert!(String::from_utf8_lossy(&page).contains("three letters"));
    let page = app.get("/deals?q=hotel", None).await.text().await.unwrap();
    assert!(page.contains("<mark>"), "matches are highlighted");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_view_asked_for_with_empty_fields_is_sent_to_its_short_link() {
    let app = TestApp::start().await;
    standard(&app).await;
    let location = |res: &reqwest::Response| res.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    // As the list's form submits it: every field, most of them empty.
    let res = app.get("/deals?q=govcloud&state=&entity=&min=&max=&from=&to=&disclosed=&sort=", None).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res).as_deref(), Some("/deals?q=govcloud"));
    let res = app.get("/deals?state=&kind=tax_abatement&kind=tif&q=&sort=amount", None).await;
    assert_eq!(location(&res).as_deref(), Some("/deals?kind=tax_abatement&kind=tif&sort=amount"));
    assert_eq!(location(&app.get("/deals?state=&q=", None).await).as_deref(), Some("/deals"));
    // Only empty values go: a value that itself ends in "=" stays.
    assert_eq!(location(&app.get("/deals?q=abc=&kind=", None).await).as_deref(), Some("/deals?q=abc="));
    // The short link is the same view.
    let short = app.get("/deals?q=govcloud", None).await;
    assert_eq!(short.status(), 200);
    assert!(short.text().await.unwrap().contains("1 deal matches"));
    // Nothing empty, or not the list: left alone.
    assert_eq!(app.get("/deals?q=govcloud&sort=newest", None).await.status(), 200);
    assert_eq!(app.get("/deals.csv?state=&q=govcloud", None).await.status(), 200);
    // Parameters a page doesn't read go the same way, so a flood of made-up query strings
    // is one page, rendered and kept once.
    assert_eq!(location(&app.get("/deals?q=govcloud&utm_source=x", None).await).as_deref(), Some("/deals?q=govcloud"));
    for i in 0..50 {
        let res = app.get(&format!("/places/va?z={i}"), None).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res).as_deref(), Some("/places/va"));
    }
    assert_eq!(location(&app.get("/deals/1?submitted&x=1", None).await).as_deref(), Some("/deals/1?submitted"));
    assert_eq!(app.get("/deals/1?submitted", None).await.status(), 200);
    assert_eq!(app.get("/search?q=arlington", None).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_have_no_gaps_or_repeats_while_deals_are_added() {
    let app = TestApp::start().await;
    let many: Vec<String> = (0..130).map(|i| format!("Bulk purchase {i}")).collect();
    let seeds: Vec<Seed> = many
        .iter()
        .map(|t| Seed {
            title: t,
            place: OAKLAND,
            kind: "procurement_contract",
            entity: 4,
            amount: Some("100"),
            date: "2024",
            status: "active",
            description: "",
        })
        .collect();
    let original = seed(&app, &seeds).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut added = 0;
    loop {
        let q = match &cursor {
            Some(c) => format!("kind=procurement_contract&after={c}"),
            None => "kind=procurement_contract".into(),
        };
        let v = browse(&app, &q).await;
        for r in v[1]["rows"].as_array().unwrap() {
            seen.push(r["row"]["id"].as_i64().unwrap());
        }
        // New deals arrive between page loads.
        let extra = format!("Late purchase {added}");
        seed(
            &app,
            &[Seed {
                title: &extra,
                place: OAKLAND,
                kind: "procurement_contract",
                entity: 4,
                amount: Some("100"),
                date: "2024",
                status: "active",
                description: "",
            }],
        )
        .await;
        added += 1;
        match v[1]["next"].as_str() {
            Some(n) => cursor = Some(n.to_string()),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no repeats");
    for id in original {
        assert!(seen.contains(&id), "no gaps: {id} missing");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn exports_hold_every_matching_row_and_neutralise_formulas() {
    let app = TestApp::start().await;
    standard(&app).await;
    for q in ["", "?state=va", "?kind=cash_grant&kind=device_subsidy", "?q=hosting"] {
        let total = browse(&app, q.trim_start_matches('?')).await[1]["total"].as_i64().unwrap();
        let csv = app.get(&format!("/deals.csv{q}"), None).await;
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.unwrap();
        let lines = text.lines().count() as i64;
        assert_eq!(lines - 1, total, "CSV rows for {q}");
        let json: Value = app.get(&format!("/deals.json{q}"), None).await.json().await.unwrap();
        assert_eq!(json["deals"].as_array().unwrap().len() as i64, total, "JSON rows for {q}");
        assert_eq!(json["licence"], "CC BY 4.0");
    }
    let csv = app.get("/deals.csv", None).await.text().await.unwrap();
    assert!(csv.lines().next().unwrap().starts_with("id,url,title,kind,status,government"));
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""), "formula neutralised");
    assert!(csv.contains(",'+formula test,"), "a leading + is neutralised too");
    assert!(csv.contains(",750000000.00,yes,maximum,"), "amounts in dollars");
    assert!(csv.contains("Data center abatement") && csv.contains(",,no,,"), "undisclosed is empty, not zero");
    // Place and state pages export the same way.
    let county: Value = app.get("/places/ca/alameda-county.json", None).await.json().await.unwrap();
    assert_eq!(county["deals"].as_array().unwrap().len(), 3);
    assert_eq!(county["place"]["name"], "Alameda County, CA");
    let state = app.get("/places/va.csv", None).await.text().await.unwrap();
    assert_eq!(state.lines().count(), 4);
    assert_eq!(app.get("/places/zz/nowhere.csv", None).await.status(), 404);
    assert_eq!(app.get("/deals.csv?min=lots", None).await.status(), 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn feeds_are_valid_atom_for_the_site_places_and_views() {
    let app = TestApp::start().await;
    standard(&app).await;
    for (path, expected) in
        [("/feed.atom", 6), ("/places/va/feed.atom", 3), ("/places/ca/oakland/feed.atom", 2), ("/deals.atom?kind=cash_grant", 2)]
    {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
        let body = res.bytes().await.unwrap();
        let feed = feed_rs::parser::parse(&body[..]).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(feed.entries.len(), expected, "{path}");
        for e in &feed.entries {
            assert!(e.links.iter().any(|l| l.href.contains("/deals/")), "{path}: entry links to its deal");
            assert!(e.updated.is_some());
        }
    }
    let home = app.get("/", None).await.text().await.unwrap();
    assert!(home.contains("application/atom+xml") && home.contains("/feed.atom"));
    let place = app.get("/places/va/arlington-county", None).await.text().await.unwrap();
    assert!(place.contains("/places/va/arlington-county/feed.atom"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_read_again_is_kept_compressed_harder() {
    let app = TestApp::start().await;
    standard(&app).await;
    // The deals were written beside the server, which sees that within a second.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let read = || async {
        let res = app.client.get(format!("{}/deals?kind=cash_grant", app.base)).header("accept-encoding", "br").send().await.unwrap();
        assert_eq!((res.status().as_u16(), res.headers()["content-encoding"].to_str().unwrap()), (200, "br"));
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        (etag, res.bytes().await.unwrap())
    };
    let page = |body: &[u8]| {
        let mut page = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut page).unwrap();
        String::from_utf8(page).unwrap()
    };
    // Rendered, and compressed quickly for its reader; no harder copy is made for a page
    // read once, so the next reader gets the same quick copy of the same page.
    let (etag, first) = read().await;
    assert!(page(&first).contains("HQ2 cash grant"));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(read().await, (etag.clone(), first.clone()), "read a second time: the same page, still the quick copy");
    // That second reading had the kept copy made: smaller, the same page.
    let start = std::time::Instant::now();
    let kept = loop {
        let (tag, body) = read().await;
        assert_eq!(tag, etag, "the same page");
        if body != first || start.elapsed() > std::time::Duration::from_secs(10) {
            break body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert!(kept.len() < first.len(), "the kept copy ({} bytes) is smaller than the quick one ({})", kept.len(), first.len());
    assert_eq!(page(&kept), page(&first));
}
