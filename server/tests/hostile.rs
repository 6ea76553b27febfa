//! Hostile input: property tests for every parser the server exposes (the deal form, browse
//! filters in the query string, CSV import). Never a panic, never a 5xx, never a partial
//! write. Sized for CI; `scripts/fuzz.sh` runs cargo-fuzz targets for longer.

mod common;

use common::TestApp;
use proptest::prelude::*;
use std::sync::OnceLock;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap())
}

/// One server for all cases, with a moderator's session.
fn app() -> &'static (TestApp, String) {
    static APP: OnceLock<(TestApp, String)> = OnceLock::new();
    APP.get_or_init(|| {
        runtime().block_on(async {
            let app = TestApp::start().await;
            let m = app.staff("hostile_mod", "moderator").await;
            (app, m)
        })
    })
}

/// A server of its own for the importer's cases, so the form cases' writes don't count.
/// A server with mail to followers set up (to an SMTP address where nothing listens).
fn mail_app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| runtime().block_on(TestApp::start_with_mail()))
}

/// A published deal on [`app`]'s server and its first source, to attach documents to.
fn documented_deal() -> &'static (i64, String) {
    static DEAL: OnceLock<(i64, String)> = OnceLock::new();
    DEAL.get_or_init(|| {
        let (app, m) = app();
        runtime().block_on(async {
            let id = app.record(m, "Hostile documents", "Arlington County, VA").await;
            let source = sqlx::query_scalar("SELECT stable_id FROM sources WHERE deal_id = ?").bind(id).fetch_one(&app.pool).await.unwrap();
            (id, source)
        })
    })
}

fn import_app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| runtime().block_on(TestApp::start()))
}

/// Text a hostile client might send: control characters, quotes, SQL and FTS syntax, very
/// long runs, odd Unicode.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[\\x00-\\x1f'\"%;*^()<>=+@-]{0,30}",
        Just("' OR 1=1 --".to_string()),
        Just("\"unterminated".to_string()),
        Just("NEAR(a b".to_string()),
        Just("*".to_string()),
        Just("$-1".to_string()),
        Just("9999999999999999999999".to_string()),
        Just("2023-02-30".to_string()),
        Just("javascript:alert(1)".to_string()),
        "[a-z]{1,5}".prop_map(|s| s.repeat(2000)),
        Just("\u{202e}\u{0}\u{feff}".to_string()),
    ]
}

const FORM_FIELDS: &[&str] = &[
    "title",
    "jurisdiction",
    "jurisdiction_id",
    "entity_id",
    "kind",
    "status",
    "amount",
    "value_basis",
    "approved",
    "announced",
    "starts",
    "ends",
    "jobs",
    "source_url",
    "source_title",
    "source_publisher",
    "description",
    "event_id",
    "event_kind",
    "event_date",
    "event_time",
    "event_zone",
    "event_body",
    "event_location",
    "event_agenda_url",
    "event_outcome",
    "event_outcome_url",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_deal_form_never_fails_or_half_writes(field in prop::sample::select(FORM_FIELDS), value in nasty(), undisclosed in any::<bool>()) {
        let (app, m) = app();
        runtime().block_on(async {
            let mut form: Vec<(&str, String)> = common::deal_form("Hostile form deal", "Franklin County, OH")
                .into_iter().map(|(k, v)| (k, v.to_string())).collect();
            // With a valid hearing, so each of its fields is tried too.
            form.extend([("event_id", ""), ("event_kind", "hearing"), ("event_date", "2027-03-14"), ("event_time", "18:00"),
                ("event_zone", ""), ("event_body", "County Board"), ("event_location", ""), ("event_agenda_url", ""),
                ("event_outcome", ""), ("event_outcome_url", "")].map(|(k, v)| (k, v.to_string())));
            for f in form.iter_mut() {
                if f.0 == field {
                    f.1 = value.clone();
                }
            }
            if undisclosed {
                form.push(("undisclosed", "on".into()));
            }
            form.push(("not_duplicate", "1".into()));
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let before = app.deal_count().await;
            let res = app.post_form("/deals/new", Some(m), &pairs).await;
            let status = res.status().as_u16();
            prop_assert!(matches!(status, 303 | 400 | 413 | 422), "{field}={value:?}: {status}");
            let after = app.deal_count().await;
            prop_assert_eq!(after, before + i64::from(status == 303), "a write happens exactly when it is acknowledged");
            Ok(())
        })?;
    }

    #[test]
    fn browse_filters_never_fail(pairs in prop::collection::vec((prop::sample::select(&["q", "state", "kind", "status", "entity", "min", "max", "from", "to", "disclosed", "sort", "after", "place", "year", "zz"][..]), nasty()), 0..4), ext in prop::sample::select(&["", ".csv", ".json", ".atom"][..])) {
        let (app, _) = app();
        runtime().block_on(async {
            let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).finish();
            let mut res = app.client.get(format!("{}/deals{ext}?{query}", app.base)).send().await.unwrap();
            // The list with an empty field, or a parameter it doesn't read, is sent to its
            // link without them, once.
            let tidied = |(k, v): &(&str, String)| v.is_empty() || !app::model::filter::DealFilter::NAMES.contains(k);
            if ext.is_empty() && pairs.iter().any(tidied) {
                prop_assert_eq!(res.status().as_u16(), 303, "{}", query);
                let to = res.headers()["location"].to_str().unwrap().to_string();
                prop_assert!(to.starts_with("/deals") && !to.contains("=&") && !to.ends_with('='), "{}", to);
                res = app.client.get(format!("{}{to}", app.base)).send().await.unwrap();
            }
            let status = res.status().as_u16();
            // 503 is the search time limit ("add a word or a filter"), which is an answer.
            prop_assert!(matches!(status, 200 | 400 | 404 | 422 | 503), "{query}: {status}");
            if status == 503 {
                prop_assert!(res.text().await.unwrap().contains("took too long"));
            }
            Ok(())
        })?;
    }

    #[test]
    fn the_take_part_form_never_fails_or_half_writes(field in prop::sample::select(&app::model::profile::FIELDS[..]), value in nasty(), place in prop::sample::select(&["va/arlington-county", "va", "zz/x", "../etc", ""][..])) {
        let (app, m) = app();
        runtime().block_on(async {
            let count = || async { sqlx::query_scalar::<_, i64>("SELECT count(*) FROM profile_versions").fetch_one(&app.pool).await.unwrap() };
            let before = count().await;
            let res = app.post_form(&format!("/take-part?place={place}"), Some(m), &[(field, value.as_str())]).await;
            let status = res.status().as_u16();
            prop_assert!(matches!(status, 303 | 400 | 404 | 413 | 422), "{field}={value:?} at {place}: {status}");
            prop_assert_eq!(count().await, before + i64::from(status == 303), "a write happens exactly when it is acknowledged");
            Ok(())
        })?;
    }

    #[test]
    fn the_follow_form_never_fails_or_half_writes(email in prop_oneof![nasty(), Just("ana@example.org".to_string())], frequency in prop_oneof![nasty(), Just("daily".to_string())], feed in prop_oneof![nasty(), Just("/places/va/feed.atom".to_string()), Just("/deals.atom?kind=tax_abatement&q=ring".to_string()), Just("/places/zz/nowhere/feed.atom".to_string())]) {
        let app = mail_app();
        runtime().block_on(async {
            let count = || async { sqlx::query_scalar::<_, i64>("SELECT count(*) FROM mail_outbox").fetch_one(&app.pool).await.unwrap() };
            let before = count().await;
            let query = form_urlencoded::Serializer::new(String::new()).append_pair("feed", &feed).finish();
            let res = app.post_form(&format!("/follow?{query}"), None, &[("email", email.as_str()), ("frequency", frequency.as_str())]).await;
            let status = res.status().as_u16();
            prop_assert!(matches!(status, 303 | 400 | 404 | 413 | 422), "{email:?} {frequency:?} {feed:?}: {status}");
            prop_assert!(count().await <= before + i64::from(status == 303), "nothing is queued unless acknowledged");
            // Mailed links with any token are refused or show a page, never a 500.
            for path in ["/follow/confirm", "/follow/manage", "/follow/unsubscribe"] {
                let q = form_urlencoded::Serializer::new(String::new()).append_pair("token", &email).finish();
                let page = app.client.get(format!("{}{path}?{q}", app.base)).send().await.unwrap().status().as_u16();
                prop_assert_eq!(page, 200, "GET {}?{}", path, q);
                let post = app.post_form(&format!("{path}?{q}"), None, &[("follow", frequency.as_str()), ("frequency", frequency.as_str())]).await.status().as_u16();
                prop_assert!(matches!(post, 400 | 422), "POST {path}?{q}: {post}");
            }
            Ok(())
        })?;
    }

    #[test]
    fn document_uploads_of_any_bytes_never_fail_or_half_write(head in prop::sample::select(&["%PDF-1.4\n", "\u{89}PNG", "<!doctype html>", "II*\u{0}", ""][..]), raw in prop::collection::vec(any::<u8>(), 0..400), name in nasty(), claimed in prop::sample::select(&["application/pdf", "image/png", "text/html", "application/octet-stream", "nonsense/"][..]), address in nasty()) {
        let (app, m) = app();
        let (deal, source) = documented_deal();
        runtime().block_on(async {
            let count = || async { sqlx::query_scalar::<_, i64>("SELECT count(*) FROM document_uploads").fetch_one(&app.pool).await.unwrap() };
            let before = count().await;
            let bytes = [head.as_bytes(), &raw].concat();
            let part = reqwest::multipart::Part::bytes(bytes).file_name(name.clone()).mime_str(claimed).unwrap_or_else(|_| reqwest::multipart::Part::bytes(Vec::new()));
            let res = app.client.post(format!("{}/deals/{deal}/sources/{source}/document", app.base)).header("cookie", m).multipart(reqwest::multipart::Form::new().part("file", part)).send().await.unwrap();
            let status = res.status().as_u16();
            prop_assert!(matches!(status, 303 | 400 | 413 | 422), "{head:?} {name:?} {claimed}: {status}");
            prop_assert_eq!(count().await, before + i64::from(status == 303), "an upload is recorded exactly when accepted");
            // Any address under /documents is a page or "not found", never a failure.
            let q: String = url::form_urlencoded::byte_serialize(address.as_bytes()).collect();
            for path in [format!("/documents/{q}"), format!("/documents/{q}/file"), format!("/documents/{q}/view")] {
                let got = app.client.get(format!("{}{path}", app.base)).send().await.unwrap().status().as_u16();
                prop_assert!(matches!(got, 200 | 303 | 404), "{path}: {got}");
            }
            Ok(())
        })?;
    }

    #[test]
    fn upcoming_filters_and_calendars_never_fail(pairs in prop::collection::vec((prop::sample::select(&["state", "place", "kind", "window", "after", "zz"][..]), nasty()), 0..4), path in prop::sample::select(&["/upcoming", "/upcoming.ics", "/es/upcoming"][..])) {
        let (app, _) = app();
        runtime().block_on(async {
            let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).finish();
            let res = app.client.get(format!("{}{path}?{query}", app.base)).send().await.unwrap();
            let status = res.status().as_u16();
            prop_assert!(matches!(status, 200 | 400 | 404 | 422), "{path}?{query}: {status}");
            Ok(())
        })?;
    }

    /// The search box's syntax (quoted phrases, a last word as a prefix) with anything
    /// around it: every search is answered with its list, or with a message saying what to
    /// type, never an error page.
    #[test]
    fn searches_of_any_shape_are_answered(parts in prop::collection::vec(prop::sample::select(&[
        "\"", "data", "center", "abat", "İstanbul", "Cañada", "\u{0307}", "*", "-", "(", ")", "OR", "NEAR", ":", " ", "  ",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "a", "日本語", "'", "\\", "%", ".", "ring",
    ][..]), 0..16)) {
        let (app, _) = app();
        runtime().block_on(async {
            let q: String = parts.concat();
            let res = app.client.get(format!("{}/deals", app.base)).query(&[("q", q.as_str())]).send().await.unwrap();
            let status = res.status().as_u16();
            let body = res.text().await.unwrap();
            prop_assert!(matches!(status, 200 | 303 | 422), "{q:?}: {status}");
            if status == 200 {
                prop_assert!(body.contains(" match"), "{q:?}: the count is shown");
            }
            Ok(())
        })?;
    }

    #[test]
    fn csv_imports_never_panic_and_a_dry_run_never_writes(header in prop::collection::vec(prop::sample::select(&["title", "kind", "government", "state", "company", "subsidy value", "year", "geoidfq", "amount_usd", "source_urls", "external_id", "awarding agency", "\u{feff}title", ""][..]), 0..8), cells in prop::collection::vec(nasty(), 0..24), raw in prop::collection::vec(any::<u8>(), 0..200)) {
        let app = import_app();
        runtime().block_on(async {
            let mut text = header.join(",");
            for row in cells.chunks(header.len().max(1)) {
                text.push('\n');
                text.push_str(&row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(","));
            }
            let actor = app::model::view::Viewer { id: 1, handle: String::new(), role: app::model::Role::Moderator };
            let opts = app::import::Options {
                dry_run: true,
                partial: true,
                update: false,
                allow_duplicates: false,
                file_name: "x.csv".into(),
                viewer: actor,
                lang: Default::default(),
                files: None,
                count_window: app::import::COUNT_WINDOW,
            };
            let before = app.deal_count().await;
            for data in [text.into_bytes(), raw.clone()] {
                // Ok with a report, or Err with a reason: both are answers; a panic fails the test.
                let _ = app::import::run(&app.pool, &data, &opts, &|_| {}).await;
            }
            prop_assert_eq!(app.deal_count().await, before);
            Ok(())
        })?;
    }
}

#[test]
fn malformed_uploads_are_refused_with_4xx() {
    let (app, m) = app();
    runtime().block_on(async {
        let res = app
            .client
            .post(format!("{}/review/import", app.base))
            .header("cookie", m)
            .header("content-type", "multipart/form-data; boundary=nothing")
            .body("this is not multipart")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let big = vec![b'a'; app::web::import::MAX_UPLOAD + 1024];
        let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(big).file_name("big.csv"));
        let res = app.client.post(format!("{}/review/import", app.base)).header("cookie", m).multipart(form).send().await.unwrap();
        assert!(matches!(res.status().as_u16(), 400 | 413), "{}", res.status());
        // The same for a source document's upload.
        let (deal, source) = documented_deal();
        let res = app
            .client
            .post(format!("{}/deals/{deal}/sources/{source}/document", app.base))
            .header("cookie", m)
            .header("content-type", "multipart/form-data; boundary=nothing")
            .body("this is not multipart")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
    });
}
