//! Review, history, corrections, withdrawal, flags and accounts, over HTTP.

mod common;

use common::{deal_form, session_cookie, TestApp};

fn with(form: &[(&'static str, &'static str)], key: &'static str, value: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut f: Vec<_> = form.iter().filter(|(k, _)| *k != key).cloned().collect();
    f.push((key, value));
    f
}

#[tokio::test(flavor = "multi_thread")]
async fn a_contributors_edit_waits_and_a_stale_edit_overwrites_nothing() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    let bob = app.sign_up("bob").await;
    let id = app.record(&moderator, "Warehouse abatement", "Arlington County, VA").await;
    assert_eq!(app.shown_revision(id).await, 1);

    // Alice proposes a new amount: the public still sees the old one.
    let form = with(&deal_form("Warehouse abatement", "Arlington County, VA"), "amount", "$30,000,000");
    let mut edit = form.clone();
    edit.push(("base", "1"));
    edit.push(("summary", "Amount from the signed agreement"));
    let res = app.post_form(&format!("/deals/{id}/edit"), Some(&alice), &edit).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/deals/{id}?submitted=1"));
    let public = app.get(&format!("/deals/{id}"), None).await.text().await.unwrap();
    assert!(public.contains("$23,000,000") && !public.contains("$30,000,000"));

    // The queue shows it beside the published version.
    let queue = app.get("/review", Some(&moderator)).await.text().await.unwrap();
    assert!(queue.contains("Change to:") && queue.contains("$30,000,000") && queue.contains("$23,000,000"));

    // Bob edits from the same version; Alice's change is approved first, so Bob's is stale.
    let rid = app.pending_revision(id).await;
    assert_eq!(app.post_form(&format!("/review/{rid}/approve"), Some(&moderator), &[]).await.status(), 303);
    assert!(app.get(&format!("/deals/{id}"), None).await.text().await.unwrap().contains("$30,000,000"));
    let mut stale = with(&deal_form("Warehouse abatement", "Arlington County, VA"), "amount", "$1");
    stale.push(("base", "1"));
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions").fetch_one(&app.pool).await.unwrap();
    let res = app.post_form(&format!("/deals/{id}/edit"), Some(&bob), &stale).await;
    assert_eq!(res.status(), 409);
    let body = res.text().await.unwrap();
    assert!(body.contains("Someone changed this deal") && body.contains(&format!("/deals/{id}/history")));
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(before, after, "a stale edit writes nothing");

    // A moderator's own edit applies at once.
    let mut direct = with(&deal_form("Warehouse abatement (amended)", "Arlington County, VA"), "amount", "$31,000,000");
    direct.push(("base", "2"));
    assert_eq!(app.post_form(&format!("/deals/{id}/edit"), Some(&moderator), &direct).await.status(), 303);
    assert!(app.get(&format!("/deals/{id}"), None).await.text().await.unwrap().contains("$31,000,000"));
}

#[tokio::test(flavor = "multi_thread")]
async fn history_shows_approved_changes_and_reverts_add_a_revision() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    let carol = app.sign_up("carol").await;
    let id = app.record(&moderator, "Cloud contract", "Oakland, CA").await;
    let mut edit = with(&deal_form("Cloud contract", "Oakland, CA"), "amount", "$5,000,000");
    edit.push(("base", "1"));
    edit.push(("summary", "Typo in amount"));
    app.post_form(&format!("/deals/{id}/edit"), Some(&alice), &edit).await;
    let rid = app.pending_revision(id).await;

    // Pending: Alice and moderators see it in history; the public and Carol don't.
    let path = format!("/deals/{id}/history");
    assert!(app.get(&path, Some(&alice)).await.text().await.unwrap().contains("waiting for review"));
    assert!(!app.get(&path, None).await.text().await.unwrap().contains("waiting for review"));
    assert!(!app.get(&path, Some(&carol)).await.text().await.unwrap().contains("Typo in amount"));

    // Rejected with a reason Alice sees.
    let no_reason = app.post_form(&format!("/review/{rid}/reject"), Some(&moderator), &[("reason", " ")]).await;
    assert_eq!(no_reason.status(), 422, "a rejection needs a reason");
    let res = app.post_form(&format!("/review/{rid}/reject"), Some(&moderator), &[("reason", "The contract says $23M")]).await;
    assert_eq!(res.status(), 303);
    assert!(app.get("/account", Some(&alice)).await.text().await.unwrap().contains("The contract says $23M"));
    assert_eq!(app.post_form(&format!("/review/{rid}/approve"), Some(&moderator), &[]).await.status(), 409, "decided once");

    // A moderator edit, then a revert to revision 1.
    let mut m = with(&deal_form("Cloud contract", "Oakland, CA"), "amount", "$7,000,000");
    m.push(("base", "1"));
    m.push(("summary", "Updated from the budget"));
    app.post_form(&format!("/deals/{id}/edit"), Some(&moderator), &m).await;
    let public = app.get(&path, None).await.text().await.unwrap();
    assert!(public.contains("Updated from the budget") && public.contains("$7,000,000") && public.contains("$23,000,000"));
    // Reverting asks why, and for a confirmation.
    let unconfirmed =
        app.post_form(&format!("/deals/{id}/revert"), Some(&moderator), &[("number", "1"), ("reason", "Budget figure was wrong")]).await;
    assert_eq!(unconfirmed.status(), 422);
    assert!(unconfirmed.text().await.unwrap().contains("Tick the box to confirm"));
    let no_reason = app.post_form(&format!("/deals/{id}/revert"), Some(&moderator), &[("number", "1"), ("confirm", "yes")]).await;
    assert_eq!(no_reason.status(), 422);
    assert_eq!(app.shown_revision(id).await, 3, "a refused revert changes nothing");
    let res = app
        .post_form(
            &format!("/deals/{id}/revert"),
            Some(&moderator),
            &[("number", "1"), ("reason", "Budget figure was wrong"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let public = app.get(&path, None).await.text().await.unwrap();
    assert!(public.contains("Reverted to revision 1: Budget figure was wrong"));
    assert_eq!(app.shown_revision(id).await, 4);
    assert!(app.get(&format!("/deals/{id}"), None).await.text().await.unwrap().contains("$23,000,000"));
    assert_eq!(
        app.post_form(&format!("/deals/{id}/revert"), Some(&alice), &[("number", "1"), ("reason", "x"), ("confirm", "yes")]).await.status(),
        403
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn withdrawn_deals_answer_410_and_leave_totals() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let keep = app.record(&moderator, "Kept deal", "Oakland, CA").await;
    let dup = app.record(&moderator, "Duplicate deal", "Oakland, CA").await;
    let res = app
        .post_form(
            &format!("/deals/{dup}/withdraw"),
            Some(&moderator),
            &[("reason", "Recorded twice"), ("duplicate_of", &keep.to_string())],
        )
        .await;
    assert_eq!(res.status(), 303);
    let gone = app.get(&format!("/deals/{dup}"), None).await;
    assert_eq!(gone.status(), 410);
    let body = gone.text().await.unwrap();
    assert!(
        body.contains("Recorded twice")
            && body.contains(&format!("href=\"/deals/{keep}\""))
            && body.contains(&format!("/deals/{dup}/history"))
    );
    let place = app.get("/places/ca/oakland", None).await.text().await.unwrap();
    assert!(place.contains("Kept deal") && !place.contains("Duplicate deal"));
    assert_eq!(app.get(&format!("/deals/{dup}/history"), None).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn flags_reach_the_queue_and_are_resolved_with_a_reason() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    let id = app.record(&moderator, "Flagged deal", "Oakland, CA").await;
    let res =
        app.post_form(&format!("/deals/{id}/flag"), Some(&alice), &[("kind", "source_dead"), ("note", "The PDF link returns 404")]).await;
    assert_eq!(res.status(), 303);
    let bad = app.post_form(&format!("/deals/{id}/flag"), Some(&alice), &[("kind", "nonsense"), ("note", "x")]).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        app.post_form(&format!("/deals/{id}/flag"), None, &[("kind", "other"), ("note", "x")]).await.status(),
        303,
        "anonymous: sent to sign in"
    );
    let queue = app.get("/review", Some(&moderator)).await.text().await.unwrap();
    assert!(queue.contains("The PDF link returns 404"));
    let fid: i64 = sqlx::query_scalar("SELECT id FROM flags").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.post_form(&format!("/review/flags/{fid}/resolve"), Some(&alice), &[("reason", "x")]).await.status(), 403);
    assert_eq!(
        app.post_form(&format!("/review/flags/{fid}/resolve"), Some(&moderator), &[("reason", "Added an archived copy")]).await.status(),
        303
    );
    assert!(!app.get("/review", Some(&moderator)).await.text().await.unwrap().contains("The PDF link returns 404"));
}

#[tokio::test(flavor = "multi_thread")]
async fn password_change_and_account_deletion_keep_history() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let first = app.sign_up("dana").await;
    let second =
        session_cookie(&app.post_form("/login", None, &[("handle", "dana"), ("password", "correct horse battery")]).await).unwrap();
    let id = app.record(&first, "Dana's deal", "Oakland, CA").await;
    let rid = app.pending_revision(id).await;
    app.post_form(&format!("/review/{rid}/approve"), Some(&moderator), &[]).await;

    let wrong = app
        .post_form(
            "/account/password",
            Some(&first),
            &[("current", "not it at all"), ("password", "a brand new passphrase"), ("confirm", "a brand new passphrase")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let ok = app
        .post_form(
            "/account/password",
            Some(&first),
            &[("current", "correct horse battery"), ("password", "a brand new passphrase"), ("confirm", "a brand new passphrase")],
        )
        .await;
    assert_eq!(ok.status(), 303);
    let third = session_cookie(&ok).unwrap();
    assert!(!app.get("/account", Some(&second)).await.text().await.unwrap().contains("Signed in as dana"), "other sessions ended");
    assert!(app.get("/account", Some(&third)).await.text().await.unwrap().contains("Signed in as dana"));

    let del = app.post_form("/account/delete", Some(&third), &[("delete_password", "a brand new passphrase")]).await;
    assert_eq!(del.status(), 303);
    let history = app.get(&format!("/deals/{id}/history"), None).await.text().await.unwrap();
    assert!(history.contains("deleted user") && !history.contains("dana"));
    assert_eq!(app.post_form("/login", None, &[("handle", "dana"), ("password", "a brand new passphrase")]).await.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_is_rate_limited_with_retry_after() {
    let app = TestApp::start_with("login=2").await;
    for _ in 0..2 {
        assert_eq!(app.post_form("/login", None, &[("handle", "x"), ("password", "wrong password!!")]).await.status(), 401);
    }
    let res = app.post_form("/login", None, &[("handle", "x"), ("password", "wrong password!!")]).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_log_records_sign_ins_roles_and_moderation() {
    let app = TestApp::start().await;
    let admin = app.staff("root", "admin").await;
    app.sign_up("erin").await;
    app.post_form("/login", None, &[("handle", "erin"), ("password", "wrong password!!")]).await;
    app.post_form("/login", None, &[("handle", "erin"), ("password", "correct horse battery")]).await;
    assert_eq!(app.post_form("/admin/users/role", Some(&admin), &[("handle", "erin"), ("role", "moderator")]).await.status(), 303);
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id").fetch_all(&app.pool).await.unwrap();
    for a in ["login_failed", "login", "role_changed"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let role: String = sqlx::query_scalar("SELECT role FROM users WHERE handle = 'erin'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(role, "moderator");
    assert!(sqlx::query("DELETE FROM audit_log").execute(&app.pool).await.is_err(), "append-only");
}

#[tokio::test(flavor = "multi_thread")]
async fn likely_duplicates_are_shown_before_saving() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    app.record(&moderator, "HQ2 cash grant", "Arlington County, VA").await;
    let res = app.post_form("/deals/new", Some(&alice), &deal_form("HQ2 grant, second tranche", "Arlington County, VA")).await;
    assert_eq!(res.status(), 409, "not saved yet");
    let body = res.text().await.unwrap();
    assert!(body.contains("Is it one of these?") && body.contains("HQ2 cash grant") && body.contains("name=\"not_duplicate\""));
    assert_eq!(app.deal_count().await, 1);
    let confirmed = with(&deal_form("HQ2 grant, second tranche", "Arlington County, VA"), "not_duplicate", "1");
    assert_eq!(app.post_form("/deals/new", Some(&alice), &confirmed).await.status(), 303);
    assert_eq!(app.deal_count().await, 2);
    // A different government or company is not a duplicate.
    assert_eq!(app.post_form("/deals/new", Some(&alice), &deal_form("HQ2 cash grant", "Oakland, CA")).await.status(), 303);
}

#[tokio::test(flavor = "multi_thread")]
async fn linked_deals_show_on_both_deal_pages_and_the_place_page() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    let state_grant = app.record(&moderator, "Virginia HQ2 incentive", "Virginia, VA").await;
    let county_grant = app.record(&moderator, "Arlington HQ2 grant", "Arlington County, VA").await;
    let res = app
        .post_form(&format!("/deals/{county_grant}/links"), Some(&alice), &[("link_kind", "package"), ("other", &state_grant.to_string())])
        .await;
    assert_eq!(res.status(), 303);
    let bad = app.post_form(&format!("/deals/{county_grant}/links"), Some(&alice), &[("link_kind", "package"), ("other", "999999")]).await;
    assert_eq!(bad.status(), 422);
    assert!(app.get(&format!("/deals/{county_grant}"), None).await.text().await.unwrap().contains("Virginia HQ2 incentive"));
    assert!(app.get(&format!("/deals/{state_grant}"), None).await.text().await.unwrap().contains("Arlington HQ2 grant"));
    let place = app.get("/places/va/arlington-county", None).await.text().await.unwrap();
    assert!(place.contains("Linked deals") && place.contains("Virginia HQ2 incentive"));
    let lid: i64 = sqlx::query_scalar("SELECT id FROM deal_links").fetch_one(&app.pool).await.unwrap();
    let remove = format!("/deals/{county_grant}/links/{lid}/remove");
    assert_eq!(app.post_form(&remove, Some(&alice), &[]).await.status(), 403);
    assert_eq!(app.post_form(&remove, Some(&moderator), &[]).await.status(), 303);
    assert!(!app.get(&format!("/deals/{state_grant}"), None).await.text().await.unwrap().contains("Arlington HQ2 grant"));
}

#[tokio::test(flavor = "multi_thread")]
async fn proposed_governments_wait_for_a_moderator() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    let form =
        [("name", "Port of Seattle"), ("kind", "special_district"), ("state", "WA"), ("parent", "King County, WA"), ("note", "RCW 53.04")];
    let res = app.post_form("/places/propose", Some(&alice), &form).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get("/places/wa/port-of-seattle", None).await.status(), 404, "not public yet");
    let missing = app.post_form("/places/propose", Some(&alice), &[("name", "X"), ("kind", "state"), ("state", "ZZ"), ("note", "")]).await;
    assert_eq!(missing.status(), 422);
    let body = missing.text().await.unwrap();
    for f in ["err-name", "err-kind", "err-state", "err-note"] {
        assert!(body.contains(f), "{f}");
    }
    assert!(app.get("/review", Some(&moderator)).await.text().await.unwrap().contains("Port of Seattle"));
    let jid: i64 =
        sqlx::query_scalar("SELECT id FROM jurisdictions WHERE display_name = 'Port of Seattle'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.post_form(&format!("/review/places/{jid}/approve"), Some(&alice), &[]).await.status(), 403);
    assert_eq!(app.post_form(&format!("/review/places/{jid}/approve"), Some(&moderator), &[]).await.status(), 303);
    let page = app.get("/places/wa/port-of-seattle", None).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("King County"));
    // Deals can now be recorded for it by name.
    app.record(&moderator, "Port cloud contract", "Port of Seattle, WA").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_end_when_idle_too_long_or_when_the_role_changes() {
    let app = TestApp::start().await;
    let admin = app.staff("root", "admin").await;
    let frank = app.sign_up("frank").await;
    assert_eq!(app.get("/deals/new", Some(&frank)).await.status(), 200);
    assert_eq!(app.post_form("/admin/users/role", Some(&admin), &[("handle", "frank"), ("role", "moderator")]).await.status(), 303);
    assert_eq!(app.get("/deals/new", Some(&frank)).await.status(), 303, "a role change ends the sessions");

    let gina = app.sign_up("gina").await;
    sqlx::query("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00+00:00'").execute(&app.pool).await.unwrap();
    assert_eq!(app.get("/deals/new", Some(&gina)).await.status(), 303, "idle sessions expire");
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions").fetch_one(&app.pool).await.unwrap();
    assert!(left <= 1, "the expired session was removed");
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_and_malformed_bodies_are_refused() {
    let app = TestApp::start().await;
    let cookie = app.sign_up("hank").await;
    let big = "x".repeat(300 * 1024);
    let res = app.post_form("/deals/new", Some(&cookie), &[("title", big.as_str())]).await;
    assert_eq!(res.status(), 413);
    let res = app
        .client
        .post(format!("{}/deals/new", app.base))
        .header("cookie", &cookie)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    assert_eq!(app.deal_count().await, 0);
}
