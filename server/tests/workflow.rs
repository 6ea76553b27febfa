//! Editing together without losing work, and telling people where they stand (issue 15),
//! over HTTP as a browser without JavaScript sends it.

mod common;

use common::{deal_form, TestApp};

fn with<'a>(form: &[(&'a str, &'a str)], changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f: Vec<_> = form.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).cloned().collect();
    f.extend_from_slice(changes);
    f
}

/// The published snapshot's JSON of a deal.
async fn shown(app: &TestApp, id: i64) -> serde_json::Value {
    let text: String = sqlx::query_scalar(
        "SELECT r.snapshot FROM revisions r JOIN deals d ON d.id = r.deal_id AND r.number = d.published_revision WHERE d.id = ?",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The stable id of a deal's first source, as the edit form carries it.
async fn source_of(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT stable_id FROM sources WHERE deal_id = ? ORDER BY position").bind(id).fetch_one(&app.pool).await.unwrap()
}

async fn revisions(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM revisions").fetch_one(&app.pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_from_an_older_version_keeps_the_other_change() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    let id = app.record(&moderator, "Warehouse abatement", "Arlington County, VA").await;
    let source_id = source_of(&app, id).await;
    let base = deal_form("Warehouse abatement", "Arlington County, VA");
    let base = with(&base, &[("source_id", source_id.as_str())]);

    // The moderator sets the facility's location after Alice opened the form at revision 1.
    let moderator_edit = with(&base, &[("facility_location", "Fairfax, VA"), ("base", "1")]);
    assert_eq!(app.post_form(&format!("/deals/{id}/edit"), Some(&moderator), &moderator_edit).await.status(), 303);

    // Alice saves the jobs promised from revision 1: no field changed on both sides.
    let alice_edit = with(&base, &[("jobs", "12"), ("base", "1"), ("summary", "Jobs from the agreement")]);
    let res = app.post_form(&format!("/deals/{id}/edit"), Some(&alice), &alice_edit).await;
    assert_eq!(res.status(), 303, "merged without asking");
    let rid = app.pending_revision(id).await;
    assert_eq!(app.post_form(&format!("/review/{rid}/approve"), Some(&moderator), &[]).await.status(), 303);
    let now = shown(&app, id).await;
    assert_eq!(now["facility_location"], "Fairfax, VA", "the moderator's change survived");
    assert_eq!(now["jobs_promised"], 12, "Alice's change applied");
    assert_eq!(now["v"], 3, "snapshots carry their format version");
    assert_eq!(now["sources"][0]["id"], source_id.as_str(), "sources keep their ids");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_field_changed_on_both_sides_asks_which_value_to_keep() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    let id = app.record(&moderator, "Warehouse abatement", "Arlington County, VA").await;
    let source_id = source_of(&app, id).await;
    let base = with(&deal_form("Warehouse abatement", "Arlington County, VA"), &[("source_id", source_id.as_str())]);
    let moderator_edit = with(&base, &[("facility_location", "Fairfax, VA"), ("program", "Enterprise zone"), ("base", "1")]);
    assert_eq!(app.post_form(&format!("/deals/{id}/edit"), Some(&moderator), &moderator_edit).await.status(), 303);

    // Alice changed the location too: a conflict, and nothing is written.
    let before = revisions(&app).await;
    let alice_edit = with(&base, &[("facility_location", "Reston, VA"), ("jobs", "12"), ("base", "1")]);
    let res = app.post_form(&format!("/deals/{id}/edit"), Some(&alice), &alice_edit).await;
    assert_eq!(res.status(), 409);
    let body = res.text().await.unwrap();
    assert_eq!(revisions(&app).await, before, "a conflict writes nothing");
    for text in
        ["Facility location", "Fairfax, VA", "Reston, VA", "name=\"choose_facility_location\"", "Keep the current value", "Use yours"]
    {
        assert!(body.contains(text), "conflict page shows {text}");
    }
    assert!(body.contains("Enterprise zone"), "the other change is listed as kept and is in the form");
    assert!(body.contains("name=\"base\" value=\"1\""), "the form still says where the edit started");

    // Without a choice, it is asked again; choosing theirs saves Alice's other change only.
    let again = with(&alice_edit, &[("program", "Enterprise zone")]);
    assert_eq!(app.post_form(&format!("/deals/{id}/edit"), Some(&alice), &again).await.status(), 409);
    let chose = with(&again, &[("choose_facility_location", "now")]);
    assert_eq!(app.post_form(&format!("/deals/{id}/edit"), Some(&alice), &chose).await.status(), 303);
    let rid = app.pending_revision(id).await;
    assert_eq!(app.post_form(&format!("/review/{rid}/approve"), Some(&moderator), &[]).await.status(), 303);
    let now = shown(&app, id).await;
    assert_eq!(now["facility_location"], "Fairfax, VA");
    assert_eq!(now["program"], "Enterprise zone");
    assert_eq!(now["jobs_promised"], 12);

    // A moderator in the same position chooses too; choosing "mine" publishes theirs.
    let mod_edit = with(&base, &[("facility_location", "Herndon, VA"), ("base", "1"), ("choose_facility_location", "mine")]);
    assert_eq!(app.post_form(&format!("/deals/{id}/edit"), Some(&moderator), &mod_edit).await.status(), 303);
    let now = shown(&app, id).await;
    assert_eq!(now["facility_location"], "Herndon, VA");
    assert_eq!(now["jobs_promised"], 12, "fields the moderator did not change are kept");
}

#[tokio::test(flavor = "multi_thread")]
async fn pending_edits_of_the_same_deal_merge_at_approval() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    let bob = app.sign_up("bob").await;
    let id = app.record(&moderator, "Cloud contract", "Oakland, CA").await;
    let source_id = source_of(&app, id).await;
    let base = with(&deal_form("Cloud contract", "Oakland, CA"), &[("source_id", source_id.as_str())]);
    app.post_form(&format!("/deals/{id}/edit"), Some(&alice), &with(&base, &[("jobs", "40"), ("base", "1")])).await;
    let first = app.pending_revision(id).await;
    app.post_form(&format!("/deals/{id}/edit"), Some(&bob), &with(&base, &[("program", "Smart city"), ("base", "1")])).await;
    let second = app.pending_revision(id).await;
    assert_eq!(
        app.post_form(&format!("/review/{first}/approve"), Some(&moderator), &[("reason", "Checked the agreement")]).await.status(),
        303
    );

    // Bob's started from revision 1; approving merges it onto revision 2 as a new revision.
    let queue = app.get("/review", Some(&moderator)).await.text().await.unwrap();
    assert!(queue.contains("Approving it merges it"), "the queue says approving merges");
    let res = app.post_form(&format!("/review/{second}/approve"), Some(&moderator), &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/review?published={id}&revision=4"));
    let now = shown(&app, id).await;
    assert_eq!(now["jobs_promised"], 40);
    assert_eq!(now["program"], "Smart city");
    let (merged_from, decision): (Option<i64>, String) = sqlx::query_as(
        "SELECT r.merged_from, (SELECT decision FROM revision_decisions WHERE revision_id = ?) FROM revisions r WHERE r.deal_id = ? AND r.number = 4",
    )
    .bind(second)
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((merged_from, decision.as_str()), (Some(3), "merged"));

    // What happened is said, and the approval note is in the public history.
    let done = app.get(&format!("/review?published={id}&revision=4"), Some(&moderator)).await.text().await.unwrap();
    assert!(done.contains("Published.") && done.contains(&format!("href=\"/deals/{id}\"")));
    let history = app.get(&format!("/deals/{id}/history"), None).await.text().await.unwrap();
    assert!(history.contains("Checked the agreement"), "approval notes are shown");
    assert!(history.contains("Publishes revision 3"), "the merged revision names the one it publishes");

    // Two changes of the same field: the moderator chooses, in words meant for a moderator.
    app.post_form(&format!("/deals/{id}/edit"), Some(&alice), &with(&base, &[("jobs", "50"), ("program", "Smart city"), ("base", "4")]))
        .await;
    let a = app.pending_revision(id).await;
    app.post_form(&format!("/deals/{id}/edit"), Some(&bob), &with(&base, &[("jobs", "60"), ("program", "Smart city"), ("base", "4")]))
        .await;
    let b = app.pending_revision(id).await;
    assert_eq!(app.post_form(&format!("/review/{a}/approve"), Some(&moderator), &[]).await.status(), 303);
    let res = app.post_form(&format!("/review/{b}/approve"), Some(&moderator), &[]).await;
    assert_eq!(res.status(), 409);
    let body = res.text().await.unwrap();
    assert!(!body.contains("your edit was not saved"));
    assert!(body.contains("Choose which value to keep") && body.contains("name=\"choose_jobs\""));
    assert_eq!(app.post_form(&format!("/review/{b}/approve"), Some(&moderator), &[("choose_jobs", "mine")]).await.status(), 303);
    let now = shown(&app, id).await;
    assert_eq!(now["jobs_promised"], 60);
    assert_eq!(now["sources"].as_array().unwrap().len(), 1, "one source all along");
}

#[tokio::test(flavor = "multi_thread")]
async fn authors_see_where_their_work_stands() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;

    // A rejected new deal says so, with the reason.
    let id = app.record(&alice, "Ring doorbell subsidy", "Oakland, CA").await;
    let rid = app.pending_revision(id).await;
    app.post_form(&format!("/review/{rid}/reject"), Some(&moderator), &[("reason", "No source for the amount")]).await;
    let page = app.get(&format!("/deals/{id}"), Some(&alice)).await.text().await.unwrap();
    assert!(page.contains("turned this deal down") && page.contains("No source for the amount"));
    assert!(!page.contains("Waiting for review"));

    // A pending edit shows on the deal page, and the next edit starts from it.
    let published = app.record(&moderator, "Cloud contract", "Oakland, CA").await;
    let edit = with(&deal_form("Cloud contract", "Oakland, CA"), &[("jobs", "77"), ("base", "1")]);
    app.post_form(&format!("/deals/{published}/edit"), Some(&alice), &edit).await;
    let page = app.get(&format!("/deals/{published}"), Some(&alice)).await.text().await.unwrap();
    assert!(page.contains("Your change is waiting for review") && page.contains(&format!("/deals/{published}/history#r2")));
    assert!(!app.get(&format!("/deals/{published}"), None).await.text().await.unwrap().contains("waiting for review"));
    let form = app.get(&format!("/deals/{published}/edit"), Some(&alice)).await.text().await.unwrap();
    assert!(form.contains("value=\"77\""), "the form starts from the waiting change");
    assert!(form.contains("name=\"replaces\" value=\"2\""));
    let again = with(&edit, &[("jobs", "78"), ("replaces", "2")]);
    assert_eq!(app.post_form(&format!("/deals/{published}/edit"), Some(&alice), &again).await.status(), 303);
    let states: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT r.number, d.decision FROM revisions r LEFT JOIN revision_decisions d ON d.revision_id = r.id WHERE r.deal_id = ? ORDER BY r.number",
    )
    .bind(published)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(states, vec![(1, Some("approved".into())), (2, Some("superseded".into())), (3, None)]);

    // The review state and the government's decision read differently.
    let page = app.get(&format!("/deals/{id}"), Some(&alice)).await.text().await.unwrap();
    assert!(page.contains("not yet checked by a moderator"));
    let with_status = with(&deal_form("Approved grant", "Oakland, CA"), &[("status", "approved"), ("not_duplicate", "1")]);
    let res = app.post_form("/deals/new", Some(&moderator), &with_status).await;
    let loc = res.headers()["location"].to_str().unwrap().to_string();
    assert!(app.get(&loc, None).await.text().await.unwrap().contains("Approved by the government"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reporter_learns_their_report_was_resolved() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let alice = app.sign_up("alice").await;
    let id = app.record(&moderator, "Flagged deal", "Oakland, CA").await;
    app.post_form(&format!("/deals/{id}/flag"), Some(&alice), &[("kind", "source_dead"), ("note", "The PDF link returns 404")]).await;
    let account = app.get("/account", Some(&alice)).await.text().await.unwrap();
    assert!(account.contains("Problems you reported") && account.contains("Flagged deal") && account.contains("open"));
    let fid: i64 = sqlx::query_scalar("SELECT id FROM flags").fetch_one(&app.pool).await.unwrap();
    app.post_form(&format!("/review/flags/{fid}/resolve"), Some(&moderator), &[("reason", "Added an archived copy")]).await;
    let account = app.get("/account", Some(&alice)).await.text().await.unwrap();
    assert!(account.contains("resolved") && account.contains("Added an archived copy"));
    let public = app.get(&format!("/deals/{id}"), None).await.text().await.unwrap();
    assert!(public.contains("A reported problem was resolved on") && public.contains("Added an archived copy"));
    assert!(!public.contains("The PDF link returns 404") && !public.contains("alice"), "the report and reporter stay private");

    // A report sent back with an error keeps the chosen reason.
    let res = app.post_form(&format!("/deals/{id}/flag"), Some(&alice), &[("kind", "amount_wrong"), ("note", " ")]).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("<option value=\"amount_wrong\" selected"), "the reason stays chosen");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_withdrawn_deal_names_what_it_was_and_what_it_duplicated() {
    let app = TestApp::start().await;
    let moderator = app.staff("mod", "moderator").await;
    let keep = app.record(&moderator, "Kept deal", "Oakland, CA").await;
    let dup = app.record(&moderator, "Duplicate deal", "Oakland, CA").await;
    assert!(app.get(&format!("/deals/{keep}"), None).await.text().await.unwrap().contains(&format!("Deal number {keep}.")));
    let bad = app
        .post_form(&format!("/deals/{dup}/withdraw"), Some(&moderator), &[("reason", "Recorded twice"), ("duplicate_of", "99999")])
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("There is no live deal with that number"));
    let link = format!("http://tracker.example/deals/{keep}");
    let res =
        app.post_form(&format!("/deals/{dup}/withdraw"), Some(&moderator), &[("reason", "Recorded twice"), ("duplicate_of", &link)]).await;
    assert_eq!(res.status(), 303, "a pasted link names the kept deal");
    let gone = app.get(&format!("/deals/{dup}"), None).await;
    assert_eq!(gone.status(), 410);
    let body = gone.text().await.unwrap();
    for text in ["Duplicate deal", "Oakland, CA", "Kept deal", "Recorded twice"] {
        assert!(body.contains(text), "410 page shows {text}");
    }
}
