//! The holes found when the site was tried as an attacker would (issue 16), over HTTP.

mod common;

use common::{session_cookie, TestApp};

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_never_redirects_off_the_site() {
    let app = TestApp::start().await;
    app.sign_up("walker").await;
    for next in ["/\t/example.com", "//example.com/x", "/\\example.com", "https://example.com/", "/\n/example.com"] {
        let res = app.post_form("/login", None, &[("handle", "walker"), ("password", "correct horse battery"), ("next", next)]).await;
        assert_eq!(res.status(), 303, "{next:?}");
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(to, "/", "{next:?} led to {to:?}");
    }
    let res = app.post_form("/login", None, &[("handle", "walker"), ("password", "correct horse battery"), ("next", "/deals/new")]).await;
    assert_eq!(res.headers()["location"], "/deals/new");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_committed_change_moves_the_data_version() {
    let app = TestApp::start().await;
    let m = app.staff("mod", "moderator").await;
    let id = app.record(&m, "Cached deal", "Oakland, CA").await;
    let path = format!("/deals/{id}");
    assert!(app.get(&path, None).await.text().await.unwrap().contains("Cached deal"));
    // Changed behind the server's back: no change is recorded, so the page stays as kept...
    sqlx::query("UPDATE deals SET title = 'Changed behind its back' WHERE id = ?").bind(id).execute(&app.pool).await.unwrap();
    // ...whatever an anonymous visitor posts: signing out without a session, a failed
    // sign-in, a form with nothing valid.
    assert_eq!(app.post_form("/logout", None, &[]).await.status(), 303);
    app.post_form("/login", None, &[("handle", "nobody"), ("password", "wrong password!!")]).await;
    app.post_form("/signup", None, &[("handle", "x")]).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let page = app.get(&path, None).await.text().await.unwrap();
    assert!(page.contains("Cached deal"), "the cached page was not dropped");
    // A real change through the site is seen at once.
    let other = app.record(&m, "Another deal", "Oakland, CA").await;
    assert!(other > id);
    assert!(app.get(&path, None).await.text().await.unwrap().contains("Changed behind its back"));
}

#[tokio::test(flavor = "multi_thread")]
async fn passwords_are_checked_a_limited_number_of_times() {
    let app = TestApp::start_with("password=2,login=0,login_account=3,signup=0,submit=0,edit=0,flag=0").await;
    let cookie = app.sign_up("patsy").await;
    for _ in 0..2 {
        let res = app
            .post_form(
                "/account/password",
                Some(&cookie),
                &[("current", "wrong password here"), ("password", "a new long passphrase"), ("confirm", "a new long passphrase")],
            )
            .await;
        assert_eq!(res.status(), 422);
    }
    let res = app.post_form("/account/delete", Some(&cookie), &[("delete_password", "wrong password here")]).await;
    assert_eq!(res.status(), 429, "password checks are limited per account");
    assert!(res.headers().contains_key("retry-after"));

    // Sign-ins per account, by the handle typed, whether or not it exists, from anywhere:
    // the answer is the same for both.
    let mut answers = Vec::new();
    for handle in ["patsy", "PATSY ", " Patsy", "nobody_here", "nobody_here", "nobody_here"] {
        let res = app.post_form("/login", None, &[("handle", handle), ("password", "wrong password!!")]).await;
        answers.push((
            handle,
            res.status().as_u16(),
            res.headers().get("retry-after").map(|v| v.to_str().unwrap().parse::<u64>().unwrap()),
        ));
    }
    assert_eq!(answers.iter().map(|a| a.1).collect::<Vec<_>>(), [401, 401, 401, 401, 401, 401], "{answers:?}");
    let res = app.post_form("/login", None, &[("handle", "Patsy"), ("password", "correct horse battery")]).await;
    assert_eq!(res.status(), 429, "the account is locked for a while, even with the right password");
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((60..=900).contains(&wait), "minutes, not forever: {wait}");
    let body = res.text().await.unwrap();
    assert!(body.contains("Wait") && body.contains("minutes"));
    let res = app.post_form("/login", None, &[("handle", "nobody_here"), ("password", "wrong password!!")]).await;
    assert_eq!(res.status(), 429, "an unknown handle is locked the same way");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_sign_in_stores_a_short_prefix_of_what_was_typed() {
    let app = TestApp::start().await;
    let long = "h".repeat(200_000);
    app.post_form("/login", None, &[("handle", long.as_str()), ("password", "wrong password!!")]).await;
    let stored: Option<String> = sqlx::query_scalar("SELECT subject FROM audit_log WHERE action = 'login_failed' ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(stored.unwrap().chars().count() <= 40);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_accounts_handle_cannot_be_squatted() {
    let app = TestApp::start().await;
    let cookie = app.sign_up("leaving").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE handle = 'leaving'").fetch_one(&app.pool).await.unwrap();
    // Someone takes the name the old scheme would have given the deleted account.
    app.sign_up(&format!("deleted-{id}")).await;
    let res = app.post_form("/account/delete", Some(&cookie), &[("delete_password", "correct horse battery")]).await;
    assert_eq!(res.status(), 303, "the deletion goes through");
    let handle: String = sqlx::query_scalar("SELECT handle FROM users WHERE id = ?").bind(id).fetch_one(&app.pool).await.unwrap();
    assert!(handle.starts_with('~'), "{handle}");
    // Nobody can sign up with a handle of that shape.
    let res = app
        .post_form("/signup", None, &[("handle", &handle), ("password", "correct horse battery"), ("confirm", "correct horse battery")])
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn https_mode_uses_host_prefixed_secure_cookies_and_hsts() {
    let tls = TestApp::start_secure().await;
    let res = tls
        .post_form(
            "/signup",
            None,
            &[("handle", "secure_one"), ("password", "correct horse battery"), ("confirm", "correct horse battery")],
        )
        .await;
    let set = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.starts_with("__Host-tracker_session=") && set.contains("; Secure") && set.contains("Path=/") && !set.contains("Domain"),
        "{set}"
    );
    let cookie = session_cookie(&res).unwrap();
    assert!(tls.get("/account", Some(&cookie)).await.text().await.unwrap().contains("secure_one"));
    // The plain name is not read in HTTPS mode (a subdomain could set it).
    let plain = cookie.trim_start_matches("__Host-");
    assert!(!tls.get("/account", Some(plain)).await.text().await.unwrap().contains("Signed in as secure_one"));
    assert!(tls.get("/", None).await.headers().contains_key("strict-transport-security"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_is_the_address_the_trusted_proxy_appended() {
    let app = TestApp::start_behind_proxy("login=2,login_account=0,signup=0,submit=0,edit=0,flag=0,password=0").await;
    // A client names a new address on its own header line every time; the proxy appends the
    // real one on a second line. The limit follows the real address.
    let mut statuses = Vec::new();
    for i in 0..3 {
        let res = app
            .client
            .post(format!("{}/login", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", format!("6.6.6.{i}"))
            .header("x-forwarded-for", "198.51.100.7")
            .body("handle=x&password=wrong+password%21%21")
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 429]);
    let last: Option<String> = sqlx::query_scalar("SELECT client FROM audit_log WHERE action = 'login_failed' ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(last.as_deref(), Some("198.51.100.7"));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_inline_script_on_every_page_is_listed_by_hash_in_the_policy() {
    use app::web::security::{script_bodies, script_hash};
    let app = TestApp::start().await;
    let m = app.staff("csp_mod", "moderator").await;
    let id = app.record(&m, "Policy deal", "Arlington County, VA").await;
    let pages: Vec<(String, Option<&str>)> = vec![
        ("/".into(), None),
        ("/search?q=arlington".into(), None),
        ("/deals".into(), None),
        ("/deals?q=policy".into(), None),
        (format!("/deals/{id}"), None),
        (format!("/deals/{id}/history"), None),
        (format!("/deals/{id}/edit"), Some(m.as_str())),
        ("/deals/new".into(), Some(m.as_str())),
        ("/places".into(), None),
        ("/places/va".into(), None),
        ("/places/va/arlington-county".into(), None),
        ("/places/propose".into(), Some(m.as_str())),
        ("/login".into(), None),
        ("/signup".into(), None),
        ("/account".into(), Some(m.as_str())),
        ("/review".into(), Some(m.as_str())),
        ("/review/import".into(), Some(m.as_str())),
        ("/about/data".into(), None),
        ("/follow?feed=/feed.atom".into(), None),
        ("/nowhere".into(), None),
    ];
    for (path, cookie) in pages {
        let res = app.get(&path, cookie).await;
        let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        let html = res.text().await.unwrap();
        let scripts = script_bodies(&html);
        for s in &scripts {
            assert!(csp.contains(&script_hash(s)), "{path}: an inline script is not in the policy: {}", &s[..s.len().min(120)]);
        }
    }
    let embed = app.get("/embed/places/va", None).await;
    assert!(embed.headers()["content-security-policy"].to_str().unwrap().contains("script-src 'none'"));
    assert!(script_bodies(&embed.text().await.unwrap()).is_empty(), "embeds carry no script");
}
