//! Pages people share: roll-ups, charts, maps, share cards, embeds, and HTTP caching.

mod common;

use common::TestApp;

async fn text(app: &TestApp, path: &str) -> String {
    let res = app.get(path, None).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

#[tokio::test]
async fn place_page_rolls_up_totals_over_time_with_breakdowns_and_share_meta() {
    let app = TestApp::start().await;
    let m = app.staff("mod_share", "moderator").await;
    app.record(&m, "Cloud hosting", "Hilliard, OH").await;
    let mut form = common::deal_form("Warehouse abatement", "Hilliard, OH");
    form.retain(|(k, _)| !matches!(*k, "kind" | "amount" | "value_basis" | "approved"));
    form.extend([
        ("kind", "tax_abatement"),
        ("amount", ""),
        ("undisclosed", "on"),
        ("value_basis", ""),
        ("approved", "2021"),
        ("not_duplicate", "1"),
    ]);
    assert_eq!(app.post_form("/deals/new", Some(&m), &form).await.status(), 303);

    let html = text(&app, "/places/oh/hilliard").await;
    // Headline: the disclosed sum and the undisclosed count, in dollars.
    assert!(html.contains("$23,000,000"), "disclosed total");
    assert!(html.contains("Amount not disclosed"));
    // Timeline: one bar per (year, kind), and the table alternative.
    assert!(html.contains(r#"class="timeline""#));
    assert_eq!(html.matches("<rect x=").count(), 2, "two bars: 2021 abatement, 2023 cloud");
    assert!(html.contains("<title>2021: 1 Tax abatement</title>"));
    assert!(html.contains("Deals per year, by kind</caption>"));
    // Breakdowns by status and company.
    assert!(html.contains(">By status</caption>") && html.contains(">By Amazon company</caption>"));
    assert!(html.contains("Amazon Web Services, Inc."));
    // Sharing: absolute canonical, card and description with the total; the share island.
    let base = &app.base;
    assert!(html.contains(&format!(r#"<link rel="canonical" href="{base}/places/oh/hilliard">"#)));
    assert!(html.contains(&format!(r#"<meta property="og:image" content="{base}/places/oh/hilliard/card.png""#)));
    assert!(html.contains(r#"<meta name="twitter:card" content="summary_large_image""#));
    assert!(html.contains("Hilliard, OH: 2 deals with Amazon, $23,000,000 maximum disclosed, 1 with the amount not disclosed."));
    // The share button is a few lines of script, not a WebAssembly island: the page loads
    // no wasm at all, and the script comes under a name that holds its hash.
    assert!(
        html.contains(r#"<button type="button" hidden data-url="#) && html.contains(r#"class="share-button">Share this page</button>"#)
    );
    assert!(!html.contains("<leptos-island") && !html.contains(".wasm"), "a place page ships no WebAssembly");
    let script = app::pages::share::script_path();
    assert!(html.contains(&format!(r#"<script src="{script}" defer>"#)), "{script}");
    let js = app.get(&script, None).await;
    assert_eq!(js.status(), 200);
    assert_eq!(js.headers()["content-type"], "text/javascript; charset=utf-8");
    assert!(js.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(js.text().await.unwrap().contains("navigator.clipboard.writeText"));
    assert!(html.contains("/embed/places/oh/hilliard"));
    // Last updated is today's date.
    assert!(html.contains("Last updated <time datetime=\"20"));
}

#[tokio::test]
async fn state_and_national_pages_draw_maps_that_link_every_shape() {
    if !TestApp::has_maps() {
        panic!("../shared/refdata/maps/counties-albers-10m.json is needed for this test");
    }
    let app = TestApp::start().await;
    let m = app.staff("mod_maps", "moderator").await;
    app.record(&m, "Franklin County deal", "Franklin County, OH").await;
    app.record(&m, "Columbus deal", "Columbus, OH").await;
    let html = text(&app, "/places/oh").await;
    let map = html.split(r#"<figure class="map">"#).nth(1).expect("a map").split("</svg>").next().unwrap();
    assert_eq!(map.matches("<path d=").count(), 88, "Ohio has 88 counties");
    assert_eq!(map.matches("<a href=\"/places/oh/").count(), 88, "each links to its page");
    // Franklin County has both deals (its own and Columbus's, a city in it): the darkest shade.
    assert!(map.contains(r#"aria-label="Franklin County: 2 deals""#), "franklin");
    let franklin = map.split(r#"aria-label="Franklin County: 2 deals""#).nth(1).unwrap();
    assert!(franklin.trim_start().starts_with("><path d=") && franklin.contains("shade-1"), "shaded");
    assert!(html.contains("No deals recorded"), "legend");

    let html = text(&app, "/places").await;
    let us = html.split(r#"<figure class="map">"#).nth(1).expect("a map").split("</svg>").next().unwrap();
    assert_eq!(us.matches(r#"<a href="/places/"#).count(), 51, "50 states and DC");
    assert!(html.contains(r#"aria-label="Ohio: 2 deals""#));
}

#[tokio::test]
async fn share_cards_are_1200_by_630_pngs() {
    let app = TestApp::start().await;
    let res = app.get("/places/va/arlington-county/card.png", None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    let png = res.bytes().await.unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1200);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 630);
    assert_eq!(app.get("/places/va/card.png", None).await.status(), 200);
    assert_eq!(app.get("/places/va/nowhere-at-all/card.png", None).await.status(), 404);
    assert_eq!(app.get("/places/zz/card.png", None).await.status(), 404);
}

#[tokio::test]
async fn public_pages_revalidate_with_etags_and_change_with_the_data() {
    let app = TestApp::start().await;
    let first = app.get("/places/oh/hilliard", None).await;
    assert_eq!(first.headers()["cache-control"], "public, max-age=0, must-revalidate");
    assert!(first.headers()["vary"].to_str().unwrap().contains("Cookie"));
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let body = first.text().await.unwrap();

    let again = app.client.get(format!("{}/places/oh/hilliard", app.base)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    // The cached copy is the same page, compressed when asked.
    let br = app.client.get(format!("{}/places/oh/hilliard", app.base)).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");

    let m = app.staff("mod_etag", "moderator").await;
    app.record(&m, "A new deal", "Hilliard, OH").await;
    let after = app.client.get(format!("{}/places/oh/hilliard", app.base)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(after.status(), 200, "the data changed, so the page did");
    assert_ne!(after.headers()["etag"].to_str().unwrap(), etag);
    let changed = after.text().await.unwrap();
    assert!(changed.contains("A new deal") && !body.contains("A new deal"));

    // A write from outside the server (another process: the importer, `places load`) is seen
    // too. Such writes record their change, as every writer of public data does.
    sqlx::query("UPDATE deals SET title = 'Renamed from outside'").execute(&app.pool).await.unwrap();
    sqlx::query("INSERT INTO changes (at, kind) VALUES ('2026-12-01T00:00:00Z', 'places')").execute(&app.pool).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(app.get("/places/oh/hilliard", None).await.text().await.unwrap().contains("Renamed from outside"));

    // Signed in, the page names the person: private.
    let res = app.get("/places/oh/hilliard", Some(&m)).await;
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    assert!(res.headers().get("etag").is_none());
    assert_eq!(app.get("/deals/new", None).await.headers()["cache-control"], "private, no-store");
}

#[tokio::test]
async fn only_embeds_may_be_framed_and_they_carry_no_script() {
    let app = TestApp::start().await;
    let embed = app.get("/embed/places/oh/hilliard", None).await;
    assert_eq!(embed.status(), 200);
    assert!(embed.headers().get("x-frame-options").is_none());
    let csp = embed.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors *") && csp.contains("script-src 'none'"), "{csp}");
    let html = embed.text().await.unwrap();
    assert!(!html.contains("<script") && !html.contains(".wasm") && !html.contains("modulepreload") && !html.contains("<leptos-island"));
    assert!(html.contains("Hilliard, OH") && html.contains("See every deal and its sources"));
    assert!(!html.contains(r#"<header class="site""#), "no site header inside someone else's page");

    for path in ["/places/oh/hilliard", "/", "/deals"] {
        let res = app.get(path, None).await;
        assert_eq!(res.headers()["x-frame-options"], "DENY", "{path}");
        assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    }
    assert_eq!(app.get("/embed/places/oh/nowhere-at-all", None).await.status(), 404);
}

#[test]
fn the_public_url_must_be_a_bare_http_origin() {
    assert_eq!(server::parse_public_url("https://tracker.example.org/").unwrap(), "https://tracker.example.org");
    assert_eq!(server::parse_public_url("http://127.0.0.1:3000").unwrap(), "http://127.0.0.1:3000");
    for bad in ["tracker.example.org", "ftp://x.org", "https://x.org/sub", "https://x.org/?a=1", ""] {
        assert!(server::parse_public_url(bad).is_err(), "{bad}");
    }
}

/// A place page lists its newest deals and says how many more there are, with a link to all
/// of them in the deals list (a state's page at a million deals had listed 400 rows).
#[tokio::test]
async fn a_place_page_lists_its_newest_deals_and_links_to_the_rest() {
    let app = TestApp::start().await;
    let m = app.staff("mod_many", "moderator").await;
    let mut newest = 0;
    for i in 0..51 {
        newest = app.record(&m, &format!("Cloud contract number {i}"), "Hilliard, OH").await;
    }
    let html = text(&app, "/places/oh/hilliard").await;
    let own = html.split("<h2>Deals made by").nth(1).unwrap_or_default();
    let table = own.split("<h3>The deals</h3>").nth(1).and_then(|t| t.split("</table>").next()).unwrap_or_default();
    assert_eq!(table.matches("<tr>").count(), 51, "a header and the 50 newest");
    assert!(table.contains(&format!("/deals/{newest}\"")), "the newest is listed");
    assert!(!table.contains(">Cloud contract number 0<"), "the oldest is not");
    assert!(own.contains("These are the 50 newest of 51 deals."), "says how many more");
    let link = own
        .split("<p class=\"more\">")
        .nth(1)
        .and_then(|p| p.split("href=\"").nth(1))
        .and_then(|h| h.split('"').next())
        .unwrap_or_default();
    assert!(link.starts_with("/deals?place="), "{link}");
    // The link lists every one of them.
    let list = text(&app, &link.replace("&amp;", "&")).await;
    assert!(list.contains("51 deals match."), "the deals list counts all 51");
    // Only under a table with more than it shows: Ohio's own (none), not; its places', yes.
    let state = text(&app, "/places/oh").await;
    assert_eq!(state.matches("<p class=\"more\">").count(), 1);
}
