//! Bulk import: matching rules, all-or-nothing, --partial, idempotent re-import, --update.

mod common;

use app::import::{matching::Rule, Options, Outcome, Report};
use app::model::view::Viewer;
use app::model::Role;
use common::TestApp;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).expect("fixture")
}

async fn user(app: &TestApp, handle: &str, role: Role) -> Viewer {
    let mut conn = app.pool.acquire().await.unwrap();
    let id = app::repo::users::insert(&mut conn, handle, "!", role).await.unwrap();
    Viewer { id, handle: handle.into(), role }
}

fn opts(actor: &Viewer, dry_run: bool, partial: bool, update: bool) -> Options {
    Options {
        dry_run,
        partial,
        update,
        allow_duplicates: false,
        file_name: "coalition.csv".into(),
        viewer: actor.clone(),
        lang: app::i18n::Lang::En,
        files: None,
        count_window: app::import::COUNT_WINDOW,
    }
}

async fn import(app: &TestApp, file: &str, o: &Options) -> Report {
    app::import::run(&app.pool, &fixture(file), o, &|_| {}).await.expect("import runs")
}

fn matched(r: &Report, line: usize) -> (String, Rule) {
    let row = r.rows.iter().find(|x| x.line == line).unwrap_or_else(|| panic!("line {line}"));
    row.matched.clone().unwrap_or_else(|| panic!("line {line} matched nothing: {:?}", row.outcome))
}

fn failure(r: &Report, line: usize) -> String {
    match &r.rows.iter().find(|x| x.line == line).unwrap().outcome {
        Outcome::Failed(why) => why.clone(),
        other => panic!("line {line} should fail, was {other:?}"),
    }
}

#[tokio::test]
async fn good_jobs_first_rows_match_their_governments_by_the_documented_rules() {
    let app = TestApp::start().await;
    let m = user(&app, "gjf_mod", Role::Moderator).await;
    let before = app.deal_count().await;
    let r = import(&app, "gjf.csv", &opts(&m, true, false, false)).await;
    assert_eq!(r.format, app::import::rows::Format::GoodJobsFirst);
    assert_eq!(matched(&r, 2), ("Ohio".into(), Rule::AgencyIsState), "Ohio Tax Credit Authority");
    assert_eq!(matched(&r, 3), ("Hilliard, OH".into(), Rule::AgencyNamesGovernment), "City of Hilliard");
    assert_eq!(matched(&r, 4), ("Virginia".into(), Rule::AgencyIsState), "Commonwealth of Virginia");
    assert_eq!(matched(&r, 5), ("La Cañada Flintridge, CA".into(), Rule::City), "accents and suffix ignored");
    assert_eq!(matched(&r, 6), ("Baltimore County, MD".into(), Rule::County), "a CDP is no government: the county");
    assert_eq!(matched(&r, 7), ("New York".into(), Rule::AgencyIsState), "Empire State Development");
    assert_eq!(matched(&r, 8), ("Tennessee".into(), Rule::AgencyIsState), "State of Tennessee");
    assert_eq!(matched(&r, 11), ("Ohio".into(), Rule::State), "nothing narrower");
    assert!(failure(&r, 9).contains("not a US state"));
    assert!(failure(&r, 10).contains("not an Amazon company"));
    assert_eq!(r.failed(), 2, "{:?}", r.rows.iter().map(|x| x.outcome.clone()).collect::<Vec<_>>());
    assert!(!r.written);
    assert_eq!(app.deal_count().await, before, "a dry run writes nothing");
}

#[tokio::test]
async fn bad_rows_stop_the_import_unless_partial_and_a_reimport_creates_nothing() {
    let app = TestApp::start().await;
    let m = user(&app, "all_or_nothing", Role::Moderator).await;
    let before = app.deal_count().await;
    let r = import(&app, "gjf.csv", &opts(&m, false, false, false)).await;
    assert!(!r.written);
    assert_eq!(app.deal_count().await, before, "all or nothing");

    let r = import(&app, "gjf.csv", &opts(&m, false, true, false)).await;
    assert!(r.written);
    assert_eq!(r.tally.created, 8);
    assert_eq!(app.deal_count().await, before + 8);
    // Values: dollars and cents, blank is undisclosed, 0 is a disclosed zero, a year is a date.
    let q = |title: &str| {
        let pool = app.pool.clone();
        let title = title.to_string();
        async move {
            sqlx::query_as::<_, (Option<i64>, Option<String>, String, i64)>(
                "SELECT amount_cents, approved_on, kind, published FROM deals WHERE title LIKE ?",
            )
            .bind(format!("{title}%"))
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(q("Job Creation Tax Credit").await, (Some(123_456_789), Some("2019".into()), "tax_credit".into(), 1));
    assert_eq!(q("Data center sales tax exemption").await.0, None);
    assert_eq!(q("Sales tax sharing").await.0, Some(0));
    assert_eq!(q("Property tax abatement").await.2, "tax_abatement");
    // The non-URL source became a citation; each deal's revision names the import.
    let citation: String =
        sqlx::query_scalar("SELECT s.title FROM sources s JOIN deals d ON d.id = s.deal_id WHERE d.title LIKE 'Property tax abatement%'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(citation, "Hilliard City Council minutes, March 8 2021");
    let summary: String =
        sqlx::query_scalar("SELECT r.summary FROM revisions r JOIN deals d ON d.id = r.deal_id WHERE d.title LIKE 'FastTrack%'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(summary.starts_with("Imported from coalition.csv (import ") && summary.ends_with("line 8)"), "{summary}");

    // Imported deals are whole: searchable (once indexed: a signed-out search doesn't wait
    // for the index), with a page and a history naming the file.
    app.indexed().await;
    let found = app.get("/deals?q=FastTrack", None).await.text().await.unwrap();
    assert!(found.contains("1 deal matches") && found.contains("Amazon.com (Nashville)"), "search finds it: {found}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM deals WHERE title LIKE 'FastTrack%'").fetch_one(&app.pool).await.unwrap();
    assert!(app.get(&format!("/deals/{id}"), None).await.text().await.unwrap().contains("$102,000,000"));
    assert!(app.get(&format!("/deals/{id}/history"), None).await.text().await.unwrap().contains("Imported from coalition.csv"));

    let again = import(&app, "gjf.csv", &opts(&m, false, true, false)).await;
    assert_eq!(again.tally.unchanged, 8);
    assert_eq!(again.tally.created, 0);
    assert_eq!(app.deal_count().await, before + 8, "re-importing the same file creates nothing");
}

#[tokio::test]
async fn the_trackers_own_format_round_trips_and_changed_rows_update_only_when_asked() {
    let app = TestApp::start().await;
    let c = user(&app, "contrib_import", Role::Contributor).await;
    let r = import(&app, "tracker.csv", &opts(&c, true, false, false)).await;
    assert_eq!(r.format, app::import::rows::Format::Tracker);
    assert_eq!(matched(&r, 2), ("Arlington County, VA".into(), Rule::Identifier));
    assert_eq!(matched(&r, 3), ("Hilliard, OH".into(), Rule::GovernmentName));
    assert!(failure(&r, 4).contains("amount"), "{}", failure(&r, 4));
    assert!(failure(&r, 5).contains("kind"), "{}", failure(&r, 5));

    let r = import(&app, "tracker.csv", &opts(&c, false, true, false)).await;
    assert_eq!(r.tally.created, 2);
    // A contributor's import waits for review; the export's formula guard was removed.
    let (title, published): (String, i64) =
        sqlx::query_as("SELECT title, published FROM deals WHERE agency = 'Police Department'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(title, "=HYPERLINK(1) Ring partnership");
    assert_eq!(published, 0);

    // The coalition corrects row coalition-1 and imports again.
    let changed = String::from_utf8(fixture("tracker.csv")).unwrap().replace("2500000.00", "2750000.00");
    let m = user(&app, "mod_import", Role::Moderator).await;
    let run = |update: bool| {
        let o = opts(&m, false, true, update);
        let data = changed.clone().into_bytes();
        let pool = app.pool.clone();
        async move { app::import::run(&pool, &data, &o, &|_| {}).await.unwrap() }
    };
    let r = run(false).await;
    let id = match r.rows[0].outcome {
        Outcome::Changed(id) => id,
        ref o => panic!("coalition-1 should be reported changed: {o:?}"),
    };
    let amount = || async {
        sqlx::query_scalar::<_, Option<i64>>("SELECT amount_cents FROM deals WHERE id = ?").bind(id).fetch_one(&app.pool).await.unwrap()
    };
    assert_eq!(amount().await, Some(250_000_000), "not applied without --update");
    let r = run(true).await;
    assert_eq!(r.rows[0].outcome, Outcome::Updated(id));
    assert_eq!(amount().await, Some(275_000_000));
    let revisions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM revisions WHERE deal_id = ?").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(revisions, 2, "the update is a new revision");
    assert_eq!(run(true).await.rows[0].outcome, Outcome::Unchanged(id));
}

#[test]
fn the_command_line_reports_every_row_and_refuses_to_write_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    std::fs::copy(common::template(), &db).unwrap();
    let url = format!("sqlite://{}", db.display());
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gjf.csv");
    let run = |args: &[&str], stdin: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(args)
            .env("DATABASE_URL", &url)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    };
    let f = file.to_str().unwrap();
    let (ok, out) = run(&["import", f, "--dry-run"], "");
    assert!(!ok, "bad rows make a failing exit: {out}");
    assert!(out.contains("format: a Good Jobs First Subsidy Tracker export"), "{out}");
    assert!(
        out.contains("line 3: Property tax abatement: Amazon Data Services (Hilliard) -> Hilliard, OH (the awarding agency names it): ok"),
        "{out}"
    );
    assert!(out.contains("line 9:") && out.contains("FAILED: \"ZZ\" is not a US state."), "{out}");
    assert!(out.contains("10 rows: 8 ok") && out.contains("nothing written"), "{out}");
    let (ok, out) = run(&["import", f], "");
    assert!(!ok && out.contains("--as HANDLE"), "{out}");
    let (ok, out) = run(&["user", "add", "coalition", "--role", "moderator"], "correct horse battery\n");
    assert!(ok, "{out}");
    let (ok, out) = run(&["import", f, "--as", "coalition", "--partial"], "");
    assert!(ok && out.contains("8 created"), "{out}");
}

#[tokio::test]
async fn moderators_check_then_import_a_file_on_the_upload_page() {
    let app = TestApp::start().await;
    let post = |cookie: Option<String>, form: reqwest::multipart::Form| {
        let mut req = app.client.post(format!("{}/review/import", app.base)).multipart(form);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
    };
    let file = || {
        reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(fixture("gjf.csv")).file_name("gjf.csv").mime_str("text/csv").unwrap())
    };
    // Anonymous: sign in first. Contributor: refused.
    assert_eq!(post(None, file()).await.unwrap().status(), 303);
    let c = app.sign_up("contrib_upload").await;
    let res = post(Some(c.clone()), file()).await.unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.get("/review/import", Some(&c)).await.status(), 403);

    let m = app.staff("mod_upload", "moderator").await;
    assert_eq!(app.get("/review/import", Some(&m)).await.status(), 200);
    let before = app.deal_count().await;
    // Two bad rows: the check explains them and offers no Import until "partial" is ticked.
    let res = post(Some(m.clone()), file()).await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Read as a Good Jobs First Subsidy Tracker export"), "{html}");
    assert!(html.contains("Hilliard, OH (the awarding agency names it)"));
    assert!(html.contains("Problem: &quot;ZZ&quot; is not a US state.") || html.contains("Problem: \"ZZ\" is not a US state."));
    assert!(!html.contains("name=\"confirm\""));
    let res = post(Some(m.clone()), file().text("partial", "1")).await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Import 8 rows") && html.contains("name=\"confirm\""));
    assert_eq!(app.deal_count().await, before, "checking writes nothing");

    // "Import" sends the file back from the page.
    let content = String::from_utf8(fixture("gjf.csv")).unwrap();
    let confirm =
        reqwest::multipart::Form::new().text("content", content).text("file_name", "gjf.csv").text("partial", "1").text("confirm", "1");
    let res = post(Some(m.clone()), confirm).await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Imported gjf.csv: 8 deals created"), "{html}");
    assert_eq!(app.deal_count().await, before + 8);
    // Not a CSV the importer knows: a clear message, nothing written.
    let junk = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"a,b\n1,2\n".to_vec()).file_name("x.csv"));
    let res = post(Some(m), junk).await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("The header doesn"));
}

/// A Good Jobs First file about Ring subsidies and an AWS agreement, with types that say
/// nothing specific.
const RING_AND_CLOUD: &str = "Company,Parent Company,Year,Location,County,State,Subsidy Value,Program Name,Awarding Agency,Type of Subsidy,Source of Data,Notes
Ring LLC,Amazon.com,2021,Hilliard,Franklin,OH,\"$25,000\",Ring doorbell camera rebate,City of Hilliard,Other,https://example.org/ring-rebate,
Ring LLC,Amazon.com,2020,Hilliard,Franklin,OH,,Neighbors portal agreement,City of Hilliard,Megadeal,https://example.org/neighbors,Ring partnership with the police department
Amazon Web Services,Amazon.com,2022,Hilliard,Franklin,OH,\"$90,000\",AWS customer agreement,City of Hilliard,,https://example.org/aws,
";

#[tokio::test]
async fn program_names_and_notes_decide_kinds_and_a_rule_change_reimports_as_changes() {
    let app = TestApp::start().await;
    let m = user(&app, "rules_mod", Role::Moderator).await;
    let run = |o: Options| {
        let pool = app.pool.clone();
        async move { app::import::run(&pool, RING_AND_CLOUD.as_bytes(), &o, &|_| {}).await.expect("import runs") }
    };
    let r = run(opts(&m, false, false, false)).await;
    assert!(r.written, "{:?}", r.rows);
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM deals ORDER BY id DESC LIMIT 3").fetch_all(&app.pool).await.unwrap();
    assert_eq!(kinds, ["cloud_contract", "police_partnership", "device_subsidy"]);

    // As if the file had been imported before the rules: its deal says "other", and the row
    // is recorded the old way (no snapshot hash).
    let ring: i64 =
        sqlx::query_scalar("SELECT deal_id FROM import_rows ir JOIN deals d ON d.id = ir.deal_id WHERE d.kind = 'device_subsidy'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let mut snap: serde_json::Value = serde_json::from_str(
        &sqlx::query_scalar::<_, String>("SELECT snapshot FROM revisions WHERE deal_id = ?").bind(ring).fetch_one(&app.pool).await.unwrap(),
    )
    .unwrap();
    // Written in format 1: the deal's fields under "deal", sources without ids.
    snap["kind"] = "Other".into();
    snap["sources"][0].as_object_mut().unwrap().remove("id");
    let fields = snap.as_object_mut().unwrap();
    fields.remove("v");
    let jurisdiction = fields.remove("jurisdiction_id").unwrap();
    let snap = serde_json::json!({ "deal": fields, "jurisdiction_id": jurisdiction });
    sqlx::query("DROP TRIGGER revisions_append_only_update").execute(&app.pool).await.unwrap();
    sqlx::query("UPDATE revisions SET snapshot = ? WHERE deal_id = ?").bind(snap.to_string()).bind(ring).execute(&app.pool).await.unwrap();
    sqlx::query("UPDATE deals SET kind = 'other' WHERE id = ?").bind(ring).execute(&app.pool).await.unwrap();
    sqlx::query("UPDATE import_rows SET derived_hash = NULL, revision = NULL").execute(&app.pool).await.unwrap();

    let before = app.deal_count().await;
    let r = run(opts(&m, true, false, false)).await;
    let outcomes: Vec<Outcome> = r.rows.iter().map(|x| x.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        [Outcome::Changed(ring), Outcome::Unchanged(ring + 1), Outcome::Unchanged(ring + 2)],
        "only the kind that changed is a change"
    );
    let r = run(opts(&m, false, false, true)).await;
    assert!(r.written);
    assert_eq!(r.rows[0].outcome, Outcome::Updated(ring));
    assert_eq!(app.deal_count().await, before, "a changed row is never a new deal");
    let kind: String = sqlx::query_scalar("SELECT kind FROM deals WHERE id = ?").bind(ring).fetch_one(&app.pool).await.unwrap();
    assert_eq!(kind, "device_subsidy");
}

#[tokio::test]
async fn an_agency_named_as_a_city_is_the_city_not_the_township_of_that_name() {
    let app = TestApp::start().await;
    let m = user(&app, "champaign_mod", Role::Moderator).await;
    let file = "Company,Parent Company,Year,Location,County,State,Subsidy Value,Program Name,Awarding Agency,Type of Subsidy,Source of Data,Notes
Amazon.com Services LLC,Amazon.com,2021,Champaign,Champaign,IL,\"$100,000\",Delivery station incentive,City of Champaign,grant,https://example.org/champaign,
Amazon.com,Amazon.com,2021,,,ZZ,,Warehouse abatement,,property tax abatement,https://example.org/zz,
";
    let r = app::import::run(&app.pool, file.as_bytes(), &opts(&m, true, false, false), &|_| {}).await.unwrap();
    assert_eq!(matched(&r, 2), ("Champaign, IL".into(), Rule::AgencyNamesGovernment));
    // A row that fails before it has a title is named by its program, company and place.
    let bad = r.rows.iter().find(|x| x.line == 3).unwrap();
    assert_eq!(bad.title, "Warehouse abatement: Amazon.com (ZZ)");
}

#[tokio::test]
async fn a_row_like_a_deal_recorded_by_hand_is_left_out_unless_allowed() {
    let app = TestApp::start().await;
    let m = user(&app, "dup_mod", Role::Moderator).await;
    let cookie = app.staff("dup_web", "moderator").await;
    // By hand: Hilliard, Amazon.com Services LLC, 2021, $1,234,567.
    let mut form = common::deal_form("Hilliard data center abatement", "Hilliard, OH");
    form.retain(|(k, _)| !matches!(*k, "entity_id" | "amount" | "approved" | "kind"));
    form.extend([("entity_id", "3"), ("amount", "1234567"), ("approved", "2021-03"), ("kind", "tax_abatement"), ("not_duplicate", "1")]);
    let res = app.post_form("/deals/new", Some(&cookie), &form).await;
    assert_eq!(res.status(), 303);
    let by_hand: i64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/deals/").parse().unwrap();
    let file = "Company,Parent Company,Year,Location,County,State,Subsidy Value,Program Name,Awarding Agency,Type of Subsidy,Source of Data,Notes
Amazon Data Services,Amazon.com,2021,Hilliard,Franklin,OH,1234567,Property tax abatement,City of Hilliard,property tax abatement,https://example.org/hilliard,Data center
";
    let before = app.deal_count().await;
    let r = app::import::run(&app.pool, file.as_bytes(), &opts(&m, true, false, false), &|_| {}).await.unwrap();
    assert_eq!(r.rows[0].outcome, Outcome::Duplicate(app::import::Duplicate::Deal(by_hand)));
    assert!(app::import::Duplicate::Deal(by_hand)
        .describe(app::i18n::Lang::En)
        .contains(&format!("possible duplicate of /deals/{by_hand}: same government, company, year and amount")));
    let r = app::import::run(&app.pool, file.as_bytes(), &opts(&m, false, false, false), &|_| {}).await.unwrap();
    assert_eq!(app.deal_count().await, before, "left out: {:?}", r.rows[0].outcome);
    let mut allowed = opts(&m, false, false, false);
    allowed.allow_duplicates = true;
    let r = app::import::run(&app.pool, file.as_bytes(), &allowed, &|_| {}).await.unwrap();
    assert!(matches!(r.rows[0].outcome, Outcome::Created(_)));
    assert_eq!(app.deal_count().await, before + 1);
}

/// Long files made from the fixture's first row: row `i` has the external id
/// `{prefix}-{i}` and a title of its own.
struct Bulk {
    header: String,
    row: String,
    prefix: String,
}

impl Bulk {
    fn new(prefix: &str) -> Bulk {
        let template = String::from_utf8(fixture("tracker.csv")).unwrap();
        let mut lines = template.lines();
        let (header, row) = (lines.next().unwrap().to_string(), lines.next().unwrap().to_string());
        Bulk { header, row, prefix: prefix.to_string() }
    }

    fn row(&self, i: usize) -> String {
        let p = &self.prefix;
        self.row.replacen("coalition-1,AWS GovCloud for county systems", &format!("{p}-{i},Contract {p} {i}"), 1)
    }

    /// Row `i` with a kind no one knows: it fails.
    fn bad(&self, i: usize) -> String {
        self.row(i).replacen(",cloud_contract,", ",spaceship,", 1)
    }

    /// The header, then `rows`, a line each.
    fn file(&self, rows: impl IntoIterator<Item = String>) -> String {
        let mut file = format!("{}\n", self.header);
        for r in rows {
            file.push_str(&r);
            file.push('\n');
        }
        file
    }
}

/// A file longer than the rows read ahead (5,000) and than one chunk (4,800), read as it is
/// checked: a row given twice far from its first line and a bad last row are caught, an
/// all-or-nothing run writes nothing, and a partial run writes every good row, handing
/// each row's report over in file order without keeping them.
#[tokio::test]
async fn a_long_file_is_checked_and_written_as_it_is_read() {
    let app = TestApp::start().await;
    let m = user(&app, "mod_bulk", Role::Moderator).await;
    let b = Bulk::new("bulk");
    // Lines 11,002 and 11,003: row 3 (line 5) again, and a row of no known kind.
    let file = b.file((0..11_000).map(|i| b.row(i)).chain([b.row(3), b.bad(11_000)]));
    let before = app.deal_count().await;

    let o = Options { allow_duplicates: true, ..opts(&m, false, false, false) };
    let r = app::import::run(&app.pool, file.as_bytes(), &o, &|_| {}).await.expect("the file is read");
    assert!(!r.written);
    assert_eq!((r.tally.rows, r.tally.ready, r.tally.failed, r.tally.created), (11_002, 11_000, 2, 0));
    match &r.rows.iter().find(|x| x.line == 11_002).unwrap().outcome {
        Outcome::Failed(why) => assert!(why.contains("already on line 5"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(r.rows.iter().find(|x| x.line == 11_003).unwrap().outcome, Outcome::Failed(_)));
    assert_eq!(app.deal_count().await, before, "all or nothing");

    let o = Options { partial: true, ..o };
    let mut handed: Vec<(usize, bool)> = Vec::new();
    let mut each = |r: &app::import::RowReport| handed.push((r.line, matches!(r.outcome, Outcome::Failed(_))));
    let input: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(file.into_bytes()));
    let r = app::import::run_from(&app.pool, input, None, &o, &|_| {}, app::import::Rows::Each(&mut each)).await.expect("imports");
    assert!(r.written && r.rows.is_empty());
    assert_eq!((r.tally.created, r.tally.failed, r.tally.ready), (11_000, 2, 0));
    assert_eq!(handed.len(), 11_002);
    assert!(handed.windows(2).all(|w| w[0].0 < w[1].0), "in file order");
    assert_eq!(handed.iter().filter(|(_, failed)| *failed).map(|(l, _)| *l).collect::<Vec<_>>(), [11_002, 11_003]);
    assert_eq!(app.deal_count().await, before + 11_000);
    let recorded: i64 =
        sqlx::query_scalar("SELECT count(*) FROM import_rows WHERE external_id LIKE 'bulk-%'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(recorded, 11_000);
}

/// Every index of the database, as the statements that make them.
async fn indexes(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

/// A file with as many rows as there are deals is written without the indexes its rows go
/// into at scattered places, and they are built again before it commits: afterwards every
/// index is as it was, and lists by government, amount and approval date read them. A file
/// that fails part-way leaves them too, and a small file into a larger database goes into
/// them as it is written.
#[tokio::test]
async fn a_long_file_sets_scattered_indexes_aside_and_builds_them_again() {
    let app = TestApp::start().await;
    let m = user(&app, "mod_aside", Role::Moderator).await;
    let b = Bulk::new("aside");
    let before = indexes(&app).await;
    assert!(before.iter().any(|(name, _)| name == "deals_public_amount_order"), "{before:?}");
    let stored = app.deal_count().await as usize;

    // Longer than the rows read ahead, so its rows are reckoned from its length; the bad last
    // row stops an all-or-nothing import after the indexes were set aside.
    let rows = (stored + 6_000).max(6_000);
    let file = b.file((0..rows).map(|i| b.row(i)).chain([b.bad(rows)]));
    let o = Options { allow_duplicates: true, ..opts(&m, false, false, false) };
    let input: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(file.clone().into_bytes()));
    let mut each = |_: &app::import::RowReport| {};
    let len = Some(file.len() as u64);
    let r = app::import::run_from(&app.pool, input, len, &o, &|_| {}, app::import::Rows::Each(&mut each)).await.unwrap();
    assert!(!r.written && !r.rebuilt);
    assert_eq!(indexes(&app).await, before, "a failed import leaves every index");

    // Counted in windows of 2,500 new deals, several chunks each, as the checker sends them.
    let o = Options { partial: true, count_window: 2_500, ..o };
    let input: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(file.clone().into_bytes()));
    let r = app::import::run_from(&app.pool, input, len, &o, &|_| {}, app::import::Rows::Each(&mut each)).await.unwrap();
    assert!(r.written && r.rebuilt, "{:?}", r.tally);
    assert_eq!(r.tally.created, rows);
    let differ = common::counts_differ_from_a_rebuild(&app.pool).await;
    assert!(differ.is_empty(), "kept counts differ from a rebuild:\n{}", differ.join("\n"));
    assert_eq!(indexes(&app).await, before, "every index is as it was");
    let mut conn = app.pool.acquire().await.unwrap();
    for (sql, index) in [
        ("SELECT id FROM deals WHERE jurisdiction_id = 1 AND deleted_at IS NULL ORDER BY created_at, id", "deals_jurisdiction"),
        (
            "SELECT id FROM deals WHERE published = 1 AND deleted_at IS NULL ORDER BY coalesce(amount_cents, -1) DESC, id DESC LIMIT 5",
            "deals_public_amount_order",
        ),
        ("SELECT deal_id FROM tallied_deals WHERE jurisdiction_id = 1", "tallied_deals_place"),
    ] {
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}")).fetch_all(&mut *conn).await.unwrap();
        assert!(plan.iter().any(|p| p.3.contains(index)), "{sql}: {plan:?}");
    }
    let count = |how: &str| format!("SELECT count(*) FROM deals {how} WHERE jurisdiction_id > 0 AND deleted_at IS NULL");
    let through_index: i64 = sqlx::query_scalar(&count("INDEXED BY deals_jurisdiction")).fetch_one(&mut *conn).await.unwrap();
    let through_table: i64 = sqlx::query_scalar(&count("NOT INDEXED")).fetch_one(&mut *conn).await.unwrap();
    assert_eq!(through_index, through_table, "the rebuilt index holds every deal");
    assert!(through_table as usize >= rows);
    drop(conn);

    // A small file into the larger database goes into the indexes as it is written.
    let one = b.file([b.row(rows + 1)]);
    let r = app::import::run(&app.pool, one.as_bytes(), &o, &|_| {}).await.unwrap();
    assert!(r.written && !r.rebuilt);
    assert_eq!(indexes(&app).await, before);
}

/// An all-or-nothing import whose early row fails lets go of the database at once: other
/// writers go on while it checks the rest of the file, which it still reports in full.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_that_has_failed_lets_other_writers_go_on() {
    let app = TestApp::start().await;
    let m = user(&app, "mod_doomed", Role::Moderator).await;
    let b = Bulk::new("doomed");
    let file = b.file(std::iter::once(b.bad(0)).chain((1..12_000).map(|i| b.row(i))));
    let before = app.deal_count().await;
    // After each chunk: may another writer write now? (It waits at most 200 ms for the lock.)
    let pool = app.pool.clone();
    let free = std::sync::Mutex::new(Vec::new());
    let progress = |_| {
        let writable = tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                let mut conn = pool.acquire().await.unwrap();
                sqlx::query("PRAGMA busy_timeout = 200").execute(&mut *conn).await.unwrap();
                let ok = sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await.is_ok();
                if ok {
                    sqlx::query("ROLLBACK").execute(&mut *conn).await.unwrap();
                }
                sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await.unwrap();
                ok
            })
        });
        free.lock().unwrap().push(writable);
    };
    let o = Options { allow_duplicates: true, ..opts(&m, false, false, false) };
    let r = app::import::run(&app.pool, file.as_bytes(), &o, &progress).await.expect("the file is read");
    assert!(!r.written);
    assert_eq!((r.tally.rows, r.tally.ready, r.tally.failed, r.tally.created), (12_000, 11_999, 1, 0));
    let free = free.into_inner().unwrap();
    assert!(free.len() >= 4 && free.iter().all(|w| *w), "the database was free after every chunk: {free:?}");
    assert_eq!(app.deal_count().await, before, "all or nothing");
}

/// An import stopped part-way, as when the browser that sent it goes away, writes nothing,
/// lets other writers go on, and leaves no connection in the pool set up as its own was (a
/// page cache of its own, the file not mapped): its connection is closed, not given back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_stopped_part_way_writes_nothing_and_leaves_the_pool_as_it_was() {
    let app = TestApp::start().await;
    let m = user(&app, "mod_stopped", Role::Moderator).await;
    let b = Bulk::new("stopped");
    let file = b.file((0..20_000).map(|i| b.row(i)));
    let before = app.deal_count().await;
    let written = std::sync::Arc::new(tokio::sync::Notify::new());
    let (pool, told) = (app.pool.clone(), written.clone());
    let o = Options { allow_duplicates: true, ..opts(&m, false, false, false) };
    let importing = tokio::spawn(async move {
        // Called after each chunk is written; held a moment, so the stop comes mid-import.
        let progress = move |_| {
            told.notify_one();
            std::thread::sleep(std::time::Duration::from_millis(200));
        };
        app::import::run(&pool, file.as_bytes(), &o, &progress).await.map(|r| r.written)
    });
    tokio::time::timeout(std::time::Duration::from_secs(120), written.notified()).await.expect("a first chunk is written");
    importing.abort();
    assert!(importing.await.is_err_and(|e| e.is_cancelled()), "stopped before it ended");

    assert_eq!(app.deal_count().await, before, "nothing written");
    let tx = app::repo::begin_write(&app.pool).await.expect("another writer goes on");
    tx.rollback().await.unwrap();
    // Every connection the pool can hand out, held at once, reads as the pool's do.
    let mut held = Vec::new();
    for _ in 0..app.pool.options().get_max_connections() {
        let mut conn = app.pool.acquire().await.unwrap();
        let cache: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut *conn).await.unwrap();
        let map: i64 = sqlx::query_scalar("PRAGMA mmap_size").fetch_one(&mut *conn).await.unwrap();
        assert_eq!((cache, map.to_string()), (-2000, app::repo::MMAP_SIZE.to_string()), "connection {}", held.len() + 1);
        held.push(conn);
    }
}

/// A file whose every row names its state is matched against those states' governments
/// alone (and those its rows name by identifier): the same matches as against every
/// government, a row naming a government by identifier in another state included.
#[tokio::test]
async fn a_file_of_named_states_matches_as_against_every_government() {
    let app = TestApp::start().await;
    let m = user(&app, "states_mod", Role::Moderator).await;
    let head = "external_id,title,kind,status,government,government_kind,state,geoidfq,entity,amount_usd,amount_disclosed,value_basis,approved,source_urls\n";
    let rows = [
        "s-1,Arlington cloud contract,cloud_contract,active,Arlington County,county,VA,,\"Amazon Web Services, Inc.\",1000.00,yes,maximum,2024,https://example.org/s1",
        "s-2,Oakland by its GEOID,cloud_contract,active,Oakland,place,VA,1600000US0653000,\"Amazon Web Services, Inc.\",2000.00,yes,maximum,2024,https://example.org/s2",
        "s-3,Austin in the wrong state,cloud_contract,active,Austin,place,VA,,\"Amazon Web Services, Inc.\",3000.00,yes,maximum,2024,https://example.org/s3",
    ];
    let named = format!("{head}{}\n", rows.join("\n"));
    // The same rows with one state left blank: every government is read.
    let every = format!(
        "{head}{}\n{}\n",
        rows.join("\n"),
        "s-4,No state,cloud_contract,active,Hilliard,place,,,Amazon.com Services LLC,1.00,yes,maximum,2024,https://example.org/s4"
    );
    let a = app::import::run(&app.pool, named.as_bytes(), &opts(&m, true, true, false), &|_| {}).await.unwrap();
    let b = app::import::run(&app.pool, every.as_bytes(), &opts(&m, true, true, false), &|_| {}).await.unwrap();
    for line in 2..=4 {
        let pick = |r: &Report| r.rows.iter().find(|x| x.line == line).map(|x| (x.matched.clone(), format!("{:?}", x.outcome)));
        assert_eq!(pick(&a), pick(&b), "line {line}");
    }
    assert_eq!(matched(&a, 2).0, "Arlington County, VA");
    assert_eq!(matched(&a, 3).0, "Oakland, CA", "matched by its identifier, whatever the state says");
    assert!(failure(&a, 4).contains("No government called \"Austin\" in VA"), "{}", failure(&a, 4));
}
