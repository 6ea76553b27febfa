//! Integration tests against the real router on a random port with a temporary database.

mod common;

use common::{deal_form, session_cookie, TestApp};

#[tokio::test(flavor = "multi_thread")]
async fn health_and_home_page() {
    let app = TestApp::start().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status(), 200);
    let home = app.get("/", None).await;
    assert_eq!(home.status(), 200);
    assert_eq!(home.headers()["x-content-type-options"], "nosniff");
    let body = home.text().await.unwrap();
    assert!(body.contains("What did your government give Amazon?"));
    assert!(body.contains("No deals recorded yet."));
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_record_deal_and_see_it_on_place_county_and_state_pages() {
    let app = TestApp::start().await;
    let anon = app.get("/deals/new", None).await;
    assert_eq!(anon.status(), 303, "anonymous visitors are sent to sign in");
    assert_eq!(anon.headers()["location"], "/login?next=/deals/new");

    let signup = app
        .post_form("/signup", None, &[("handle", "oakwatch"), ("password", "correct horse battery"), ("confirm", "correct horse battery")])
        .await;
    assert_eq!(signup.status(), 303);
    let set_cookie = signup.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    let cookie = session_cookie(&signup).unwrap();

    let form_page = app.get("/deals/new", Some(&cookie)).await;
    assert_eq!(form_page.status(), 200);
    assert!(form_page.text().await.unwrap().contains("Record a deal"));

    let res = app.post_form("/deals/new", Some(&cookie), &deal_form("AWS hosting for city systems", "Oakland, CA")).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap_or_default());
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/deals/"), "{location}");

    // A contributor's deal waits: its author sees it, the public does not.
    let own = app.get(&location, Some(&cookie)).await.text().await.unwrap();
    assert!(own.contains("Waiting for review"));
    assert_eq!(app.get(&location, None).await.status(), 404);
    assert!(!app.get("/places/ca/oakland", None).await.text().await.unwrap().contains("AWS hosting for city systems"));

    let moderator = app.staff("modone", "moderator").await;
    let deal_id: i64 = location.trim_start_matches("/deals/").parse().unwrap();
    let rid = app.pending_revision(deal_id).await;
    let approve = app.post_form(&format!("/review/{rid}/approve"), Some(&moderator), &[("reason", "")]).await;
    assert_eq!(approve.status(), 303);

    let deal = app.get(&location, None).await.text().await.unwrap();
    assert!(deal.contains("AWS hosting for city systems"));
    assert!(deal.contains("$23,000,000"));
    assert!(deal.contains("https://example.org/minutes.pdf"));
    assert!(deal.contains("1 revision"));
    assert!(deal.contains("/places/ca/oakland"));

    let place = app.get("/places/ca/oakland", None).await;
    assert_eq!(place.status(), 200);
    let place = place.text().await.unwrap();
    assert!(place.contains("AWS hosting for city systems"));
    assert!(place.contains("$23,000,000"));

    let county = app.get("/places/ca/alameda-county", None).await.text().await.unwrap();
    assert!(county.contains("Cities, towns and districts in Alameda County"));
    assert!(county.contains("AWS hosting for city systems"), "county roll-up lists the city's deal");

    let state = app.get("/places/ca", None).await.text().await.unwrap();
    assert!(state.contains("Every government in California"));
    assert!(state.contains("AWS hosting for city systems"));
    assert_eq!(app.deal_count().await, 1);

    let revisions: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(revisions, 1, "every save writes a revision");
}

#[tokio::test(flavor = "multi_thread")]
async fn undisclosed_is_counted_not_summed_and_bases_stay_apart() {
    let app = TestApp::start().await;
    let cookie = app.staff("countywatch", "moderator").await;
    let mut f = deal_form("Ring camera subsidy", "Arlington County, VA");
    f.retain(|(k, _)| *k != "amount" && *k != "value_basis");
    f.push(("undisclosed", "on"));
    f.push(("amount", ""));
    assert_eq!(app.post_form("/deals/new", Some(&cookie), &f).await.status(), 303);
    let mut g = deal_form("Data center tax abatement", "Arlington County, VA");
    g.retain(|(k, _)| *k != "value_basis");
    g.push(("value_basis", "estimated"));
    g.push(("not_duplicate", "1"));
    assert_eq!(app.post_form("/deals/new", Some(&cookie), &g).await.status(), 303);
    let page = app.get("/places/va/arlington-county", None).await.text().await.unwrap();
    assert!(page.contains("Amount not disclosed"));
    assert!(!page.contains("Up to (contract ceilings)"), "no ceiling deals here");
    assert!(page.contains("Estimated value"));
    assert!(!page.contains(">$0<"), "undisclosed never shows as $0");
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_deals_show_field_errors_and_save_nothing() {
    let app = TestApp::start().await;
    let cookie = app.sign_up("validwatch").await;

    let mut bad_url = deal_form("Bad link deal", "Oakland, CA");
    for (k, v) in bad_url.iter_mut() {
        if *k == "source_url" {
            *v = "ftp://example.org/minutes.pdf";
        }
    }
    let res = app.post_form("/deals/new", Some(&cookie), &bad_url).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"err-source_url_0\""), "error sits next to the source link field");
    assert!(body.contains("Bad link deal"), "what was typed is kept");

    let mut no_source = deal_form("Sourceless deal", "Oakland, CA");
    for (k, v) in no_source.iter_mut() {
        if k.starts_with("source_") {
            *v = "";
        }
    }
    let res = app.post_form("/deals/new", Some(&cookie), &no_source).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("id=\"err-sources\""));

    let res = app.post_form("/deals/new", Some(&cookie), &deal_form("Nowhere deal", "Atlantis, ZZ")).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("We couldn't find"));

    let res = app.post_form("/deals/new", Some(&cookie), &deal_form("Ambiguous deal", "Jackson, OH")).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Several governments have that name"));

    assert_eq!(app.deal_count().await, 0, "nothing was saved");
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_site_posts_are_refused() {
    let app = TestApp::start().await;
    let res = app
        .client
        .post(format!("{}/signup", app.base))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("handle=mallory&password=correct+horse+battery&confirm=correct+horse+battery")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .post(format!("{}/signup", app.base))
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("handle=mallory&password=correct+horse+battery&confirm=correct+horse+battery")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(users, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn login_rotates_the_session_and_refuses_bad_passwords() {
    let app = TestApp::start().await;
    let first = app.sign_up("rotator").await;
    let bad = app.post_form("/login", None, &[("handle", "rotator"), ("password", "wrong password here")]).await;
    assert_eq!(bad.status(), 401);
    assert!(bad.text().await.unwrap().contains("don't match"));
    let unknown = app.post_form("/login", None, &[("handle", "nobody-here"), ("password", "wrong password here")]).await;
    assert_eq!(unknown.status(), 401);
    let good = app.post_form("/login", Some(&first), &[("handle", "ROTATOR"), ("password", "correct horse battery")]).await;
    assert_eq!(good.status(), 303);
    let second = session_cookie(&good).unwrap();
    assert_ne!(first, second, "a new session id at sign-in");
    let old = app.get("/deals/new", Some(&first)).await;
    assert_eq!(old.status(), 303, "the old session no longer works");
    assert_eq!(app.get("/deals/new", Some(&second)).await.status(), 200);
    let taken = app
        .post_form("/signup", None, &[("handle", "Rotator"), ("password", "correct horse battery"), ("confirm", "correct horse battery")])
        .await;
    assert_eq!(taken.status(), 409);
    let out = app.post_form("/logout", Some(&second), &[]).await;
    assert_eq!(out.status(), 303);
    assert_eq!(app.get("/deals/new", Some(&second)).await.status(), 303);
}

#[tokio::test(flavor = "multi_thread")]
async fn place_addresses_identifiers_and_not_found() {
    let app = TestApp::start().await;
    let res = app.get("/places/va/arlington-county", None).await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    assert!(body.contains("Arlington County, VA"));
    assert!(body.contains("0500000US51013"));
    let by_id = app.get("/places/id/0500000US51013", None).await;
    assert_eq!(by_id.status(), 301);
    assert_eq!(by_id.headers()["location"], "/places/va/arlington-county");
    // An independent city is stored once; its county-equivalent GEOID leads to it.
    let richmond = app.get("/places/id/0500000US51760", None).await;
    assert_eq!(richmond.headers()["location"], "/places/va/richmond");
    let schools = app.get("/places/id/5103130", None).await;
    assert_eq!(schools.headers()["location"], "/places/va/prince-william-county-public-schools");
    assert_eq!(app.get("/places/ca/la-canada-flintridge", None).await.status(), 200);
    let upper = app.get("/places/VA/arlington-county", None).await;
    assert_eq!(upper.status(), 301);
    assert_eq!(upper.headers()["location"], "/places/va/arlington-county");
    // Old slugs keep working after a rename.
    sqlx::query("INSERT INTO slug_redirects (state_usps, old_slug, jurisdiction_id) SELECT 'VA', 'arlington-co', id FROM jurisdictions WHERE geoidfq = '0500000US51013'")
        .execute(&app.pool)
        .await
        .unwrap();
    let old = app.get("/places/va/arlington-co", None).await;
    assert_eq!(old.status(), 301);
    assert_eq!(old.headers()["location"], "/places/va/arlington-county");
    assert_eq!(app.get("/places/va/nowhere-at-all", None).await.status(), 404);
    assert_eq!(app.get("/places/zz", None).await.status(), 404);
    assert_eq!(app.get("/deals/999999", None).await.status(), 404);
    assert_eq!(app.get("/deals/not-a-number", None).await.status(), 404);
    assert_eq!(app.get("/no/such/page", None).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn place_suggestions_include_unincorporated_areas() {
    let app = TestApp::start().await;
    let res = app.get("/api/suggest_places?q=Arlington%2C%20VA&lang=En", None).await;
    assert_eq!(res.status(), 200);
    let list: serde_json::Value = res.json().await.unwrap();
    let labels: Vec<&str> = list.as_array().unwrap().iter().filter_map(|s| s["label"].as_str()).collect();
    assert!(labels.contains(&"Arlington County, VA (county)"), "{labels:?}");
    assert!(labels.iter().any(|l| l.starts_with("Arlington, VA (unincorporated) → Arlington County")), "{labels:?}");
    // A Spanish page's search box asks in Spanish.
    let list: serde_json::Value = app.get("/api/suggest_places?q=Arlington%2C%20VA&lang=Es", None).await.json().await.unwrap();
    let labels: Vec<&str> = list.as_array().unwrap().iter().filter_map(|s| s["label"].as_str()).collect();
    assert!(labels.contains(&"Arlington County, VA (condado)"), "{labels:?}");
    assert!(labels.iter().any(|l| l.starts_with("Arlington, VA (zona no incorporada) → Arlington County")), "{labels:?}");
    let page = app.get("/search?q=Oakland%2C+CA", None).await.text().await.unwrap();
    assert!(page.contains("/places/ca/oakland"));
}

#[tokio::test(flavor = "multi_thread")]
async fn security_headers_and_hsts_behind_tls() {
    let app = TestApp::start().await;
    let res = app.get("/", None).await;
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"));
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    assert!(res.headers().get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
    let tls = TestApp::start_secure().await;
    let res = tls.get("/", None).await;
    assert!(res.headers()["strict-transport-security"].to_str().unwrap().contains("max-age="));
}
