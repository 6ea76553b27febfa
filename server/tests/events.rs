//! A deal's dated events, as residents use them: a hearing added through the deal form
//! shows on the deal's page, in "Coming up" on the pages of its government, its county and
//! its state, in `/upcoming`, and in calendars that an independent parser reads (Debian's
//! python3-icalendar), keeping its UID when its date moves.

mod common;

use common::{deal_form, TestApp};

/// A day `days` from now, as the form takes it.
fn in_days(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

/// The deal form with one event.
fn with_event<'a>(form: &[(&'a str, &'a str)], event: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = form.to_vec();
    for col in app::model::event::FIELDS {
        f.push((col, event.iter().find(|(k, _)| *k == col).map_or("", |(_, v)| *v)));
    }
    f
}

async fn body(app: &TestApp, path: &str) -> String {
    let res = app.get(path, None).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.expect("body")
}

/// A government with a county above it: (its form label, its page, the county's page).
async fn place_in_county(app: &TestApp) -> (String, String, String) {
    let (name, usps, slug, county): (String, String, String, String) = sqlx::query_as(
        "SELECT j.display_name, j.state_usps, j.slug, c.slug FROM jurisdictions j JOIN jurisdictions c ON c.id = j.parent_id
         WHERE c.kind = 'county' AND j.kind = 'place' AND j.state_usps = 'VA' ORDER BY j.id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("a Virginia place in a county");
    let st = usps.to_ascii_lowercase();
    (format!("{name}, {usps}"), format!("/places/{st}/{slug}"), format!("/places/{st}/{county}"))
}

/// The calendar's events as Python's icalendar reads them: uid, start (with its zone), summary.
fn parsed(ics: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("c.ics");
    std::fs::write(&file, ics).expect("write");
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for ev in cal.walk('VEVENT'):
    start = ev.decoded('DTSTART')
    zone = getattr(getattr(start, 'tzinfo', None), 'zone', '') or ''
    print('|'.join([str(ev.get('UID')), start.isoformat(), zone, str(ev.get('SUMMARY')), str(ev.get('SEQUENCE'))]))
"#;
    let out = std::process::Command::new("/usr/bin/python3").arg("-c").arg(script).arg(&file).output().expect("python3 runs");
    assert!(out.status.success(), "icalendar could not read the calendar: {}\n{ics}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

#[tokio::test]
async fn a_hearing_shows_where_residents_look_and_in_their_calendars() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod_events", "moderator").await;
    let (place, place_page, county_page) = place_in_county(&app).await;
    let day = in_days(20);
    let mut form = with_event(
        &deal_form("Data center tax abatement", &place),
        &[
            ("event_kind", "hearing"),
            ("event_date", &day),
            ("event_time", "18:30"),
            ("event_body", "City Council"),
            ("event_location", "1 Main St, Council Chambers"),
            ("event_agenda_url", "https://example.org/agenda"),
        ],
    );
    form.push(("not_duplicate", "1"));
    let res = app.post_form("/deals/new", Some(&moderator), &form).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap_or_default());
    let id: i64 = sqlx::query_scalar("SELECT max(id) FROM deals").fetch_one(&app.pool).await.expect("id");

    // The time is in the state's zone, which the form left to the site.
    let deal = body(&app, &format!("/deals/{id}")).await;
    assert!(deal.contains("Decisions and dates") && deal.contains("Public hearing"), "deal page lists the hearing");
    assert!(deal.contains("6:30 PM (Eastern time)"), "the time with its zone");
    assert!(deal.contains("Who decides: City Council"));

    for page in [place_page.as_str(), county_page.as_str(), "/places/va", "/upcoming", "/upcoming?state=va&kind=hearing&window=30"] {
        let html = body(&app, page).await;
        assert!(html.contains("Data center tax abatement") && html.contains("Public hearing"), "{page} shows the hearing");
    }
    let coming = body(&app, &place_page).await;
    assert!(coming.contains(r#"id="coming-h""#), "the place page opens with Coming up");
    assert!(coming.contains(r#"type="text/calendar""#), "and links its calendar");
    for page in ["/upcoming?state=tx", "/upcoming?window=7", "/upcoming?kind=vote", "/places/tx"] {
        assert!(!body(&app, page).await.contains("Data center tax abatement"), "{page} leaves it out");
    }
    let es = body(&app, &format!("/es{place_page}")).await;
    assert!(es.contains("Próximamente") && es.contains("Audiencia pública") && es.contains("18:30 (hora del Este)"), "in Spanish too");

    // The calendars, read by an independent parser.
    let res = app.get(&format!("{place_page}/upcoming.ics"), None).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = res.text().await.unwrap();
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"), "{ics}");
    let events = parsed(&ics);
    assert_eq!(events.len(), 1, "{events:?}");
    let fields: Vec<&str> = events[0].split('|').collect();
    let uid = fields[0].to_string();
    assert!(uid.starts_with(&format!("deal-{id}-")), "{uid}");
    assert_eq!(fields[1][..16], format!("{day}T18:30"), "local time kept");
    assert_eq!(fields[2], "America/New_York", "zone kept");
    assert!(fields[3].starts_with("Public hearing: Data center tax abatement"));
    for path in [county_page.clone() + "/upcoming.ics", "/places/va/upcoming.ics".into(), "/upcoming.ics".into()] {
        assert!(parsed(&app.get(&path, None).await.text().await.unwrap()).iter().any(|e| e.starts_with(&uid)), "{path}");
    }
    // The place's feed has an entry for the decision, whose id is the event's.
    let feed = body(&app, &format!("{place_page}/feed.atom")).await;
    assert!(feed.contains(&format!("/deals/{id}#event-{}</id>", &uid[format!("deal-{id}-").len()..].split('@').next().unwrap())), "{feed}");
    assert!(feed.contains("<title>Public hearing: Data center tax abatement"), "{feed}");
    assert!(!body(&app, "/deals.atom?kind=cloud_contract").await.contains("#event-"), "a filtered list's feed lists deals only");
    assert_eq!(app.get("/places/va/no-such-place/upcoming.ics", None).await.status(), 404);
    assert_eq!(app.get("/upcoming.ics?kind=party", None).await.status(), 400);

    // A contributor moves the hearing; once approved, the calendar entry moves, same UID.
    let alice = app.sign_up("alice_events").await;
    let event_id: String = sqlx::query_scalar("SELECT stable_id FROM deal_events WHERE deal_id = ? AND stable_id != 'ends'")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .expect("event row");
    let source_id: String =
        sqlx::query_scalar("SELECT stable_id FROM sources WHERE deal_id = ?").bind(id).fetch_one(&app.pool).await.unwrap();
    let later = in_days(27);
    let mut edit = with_event(
        &deal_form("Data center tax abatement", &place),
        &[
            ("event_id", &event_id),
            ("event_kind", "hearing"),
            ("event_date", &later),
            ("event_time", "19:00"),
            ("event_zone", "America/New_York"),
            ("event_body", "City Council"),
            ("event_location", "1 Main St, Council Chambers"),
            ("event_agenda_url", "https://example.org/agenda"),
        ],
    );
    edit.extend([("source_id", source_id.as_str()), ("base", "1"), ("summary", "Hearing moved")]);
    assert_eq!(app.post_form(&format!("/deals/{id}/edit"), Some(&alice), &edit).await.status(), 303);
    let before = parsed(&app.get("/upcoming.ics", None).await.text().await.unwrap());
    assert!(before[0].contains(&format!("{day}T18:30")), "a change waiting for review is not shown: {before:?}");
    let rid = app.pending_revision(id).await;
    assert_eq!(app.post_form(&format!("/review/{rid}/approve"), Some(&moderator), &[]).await.status(), 303);
    let after = parsed(&app.get("/upcoming.ics", None).await.text().await.unwrap());
    let moved: Vec<&str> = after[0].split('|').collect();
    assert_eq!(moved[0], uid, "the same entry, updated in place");
    assert_eq!(moved[1][..16], format!("{later}T19:00"));
    assert!(moved[4].parse::<i64>().unwrap() > fields[4].parse::<i64>().unwrap(), "a higher SEQUENCE");
    let history = body(&app, &format!("/deals/{id}/history")).await;
    assert!(history.contains("Event 1"), "the move is in the history");

    // A withdrawn deal's events leave every list.
    let res = app.post_form(&format!("/deals/{id}/withdraw"), Some(&moderator), &[("reason", "Recorded twice")]).await;
    assert_eq!(res.status(), 303);
    assert!(!body(&app, "/upcoming").await.contains("Data center tax abatement"));
    assert!(parsed(&app.get("/upcoming.ics", None).await.text().await.unwrap()).is_empty());
}

#[tokio::test]
async fn a_contract_ending_within_a_year_is_coming_up_with_its_precision() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod_ends", "moderator").await;
    let soon = chrono::Utc::now().date_naive() + chrono::Duration::days(120);
    let month = soon.format("%Y-%m").to_string();
    let mut form = deal_form("Cloud services renewal", "Arlington County, VA");
    form.extend([("ends", month.as_str()), ("not_duplicate", "1")]);
    assert_eq!(app.post_form("/deals/new", Some(&moderator), &form).await.status(), 303);
    let mut over = deal_form("Old purchasing card deal", "Arlington County, VA");
    over.extend([("ends", month.as_str()), ("not_duplicate", "1")]);
    over.retain(|(k, _)| *k != "status");
    over.push(("status", "cancelled"));
    assert_eq!(app.post_form("/deals/new", Some(&moderator), &over).await.status(), 303);

    let html = body(&app, "/places/va/arlington-county").await;
    let month_name = app::model::PartialDate::parse(&month).unwrap().text(app::i18n::Lang::En);
    assert!(html.contains("Contract ends") && html.contains(&format!("by the end of {month_name}")), "ends by month");
    let coming = &html[html.find(r#"id="coming-h""#).expect("Coming up")..];
    let coming = &coming[..coming.find("</section>").unwrap_or(coming.len())];
    assert!(coming.contains("Cloud services renewal"));
    assert!(!coming.contains("Old purchasing card deal"), "a cancelled deal's end decides nothing");
    let events = parsed(&app.get("/places/va/arlington-county/upcoming.ics", None).await.text().await.unwrap());
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].contains("|Contract ends: Cloud services renewal"), "{events:?}");
}

#[tokio::test]
async fn bad_event_fields_are_named_and_nothing_is_written() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod_bad_events", "moderator").await;
    let before = app.deal_count().await;
    let mut form = with_event(
        &deal_form("Ring partnership", "Arlington County, VA"),
        &[("event_kind", "vote"), ("event_date", "14/3/2027"), ("event_time", "6pm"), ("event_outcome", "approved")],
    );
    form.push(("not_duplicate", "1"));
    let res = app.post_form("/deals/new", Some(&moderator), &form).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    for (field, words) in [
        ("event_date_0", "is not a date"),
        ("event_time_0", "is not a time"),
        ("event_outcome_url_0", "Give a link to what shows the outcome"),
    ] {
        let at = html.find(&format!(r#"id="err-{field}""#)).unwrap_or_else(|| panic!("{field} has its note"));
        assert!(html[at..].find(words).is_some_and(|i| i < 300), "{field}: {words}");
    }
    let details = &html[html.find(r#"class="events""#).map(|i| html[..i].rfind('<').unwrap_or(0)).expect("the events")..];
    assert!(details[..details.find('>').unwrap_or(0)].contains(" open"), "the events stay open to fix: {}", &details[..80]);
    assert_eq!(app.deal_count().await, before, "nothing written");
    assert_eq!(sqlx::query_scalar::<_, i64>("SELECT count(*) FROM deal_events").fetch_one(&app.pool).await.unwrap(), 0);

    let res = app.get("/upcoming?window=9&kind=party", None).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="err-window""#) && html.contains(r#"id="err-kind""#));
}

#[tokio::test]
async fn how_to_take_part_is_proposed_reviewed_shown_and_kept() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod_profile", "moderator").await;
    let alice = app.sign_up("alice_profile").await;
    let page = "/places/va/arlington-county";
    assert!(body(&app, page).await.contains("Nobody has said yet how to take part here"));

    // Signed out: sent to sign in, nothing kept.
    let res = app.post_form("/take-part?place=va/arlington-county", None, &[("meetings_url", "https://example.org/a")]).await;
    assert_eq!(res.status(), 303);
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/login"));

    // A bad link is named at its field, nothing kept.
    let res = app.post_form("/take-part?place=va/arlington-county", Some(&alice), &[("comment_url", "javascript:alert(1)")]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="err-comment_url""#), "the note is at the field");
    assert!(html.contains("javascript:alert(1)"), "what was typed is kept");
    let kept = || async { sqlx::query_scalar::<_, i64>("SELECT count(*) FROM profile_versions").fetch_one(&app.pool).await.unwrap() };
    assert_eq!(kept().await, 0);
    assert_eq!(app.post_form("/take-part?place=va/no-such-place", Some(&alice), &[("meetings_note", "x")]).await.status(), 422);

    // Alice's version waits for a moderator; the page doesn't show it yet.
    let form = [
        ("meetings_url", "https://example.org/arlington/agendas"),
        ("meetings_note", "Saturdays and Tuesdays, County Board Room"),
        ("comment_note", "Sign up to speak by 5 PM the day before"),
        ("records_url", "https://example.org/arlington/foia"),
    ];
    let res = app.post_form("/take-part?place=va/arlington-county", Some(&alice), &form).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"].to_str().unwrap(), "/take-part?place=va/arlington-county&sent=1");
    assert!(!body(&app, page).await.contains("Sign up to speak by 5 PM"));
    let queue = app.get("/review", Some(&moderator)).await.text().await.unwrap();
    assert!(queue.contains("How to take part in Arlington County, VA") && queue.contains("Sign up to speak by 5 PM"));
    let id: i64 = sqlx::query_scalar("SELECT id FROM profile_versions WHERE state = 'pending'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.post_form(&format!("/review/profiles/{id}/approve"), Some(&alice), &[]).await.status(), 403);
    assert_eq!(app.post_form(&format!("/review/profiles/{id}/approve"), Some(&moderator), &[]).await.status(), 303);
    let shown = body(&app, page).await;
    assert!(shown.contains("How to take part in Arlington County") && shown.contains("Sign up to speak by 5 PM the day before"));
    assert!(shown.contains(r#"href="https://example.org/arlington/foia""#));
    assert!(body(&app, &format!("/es{page}")).await.contains("Cómo participar en Arlington County"));
    // The place's feed says so.
    let feed = body(&app, &format!("{page}/feed.atom")).await;
    assert!(
        feed.contains(&format!("/take-part?place=va/arlington-county#v{id}</id>"))
            && feed.contains("How to take part in Arlington County, VA: updated"),
        "{feed}"
    );
    // Decided once.
    assert_eq!(app.post_form(&format!("/review/profiles/{id}/reject"), Some(&moderator), &[("reason", "x")]).await.status(), 404);

    // A moderator's correction shows at once; the first version stays in the list.
    let res = app
        .post_form(
            "/take-part?place=va/arlington-county",
            Some(&moderator),
            &[("meetings_url", "https://example.org/arlington/new-agendas")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"].to_str().unwrap(), "/places/va/arlington-county#take-part");
    let shown = body(&app, page).await;
    assert!(shown.contains("new-agendas") && !shown.contains("Sign up to speak by 5 PM"));
    let versions = body(&app, "/take-part?place=va/arlington-county").await;
    assert!(versions.contains("new-agendas") && versions.contains("Sign up to speak by 5 PM"), "every version is kept");
    assert!(sqlx::query("DELETE FROM profile_versions").execute(&app.pool).await.is_err(), "versions can't be deleted");
}
