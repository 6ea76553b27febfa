//! Following by email against a real SMTP server (`scripts/smtp_sink.py`, Debian's
//! python3-aiosmtpd) and the real `tracker serve`: double opt-in, the instant mail after a
//! moderator publishes a deal in a followed place, a digest, one-click unsubscribe (RFC
//! 8058) from another origin; SMTP down and back with nothing lost; and `kill -9` between
//! the SMTP server's acceptance and the server's record of it, after which the message is
//! sent again with the same Message-ID.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The SMTP sink, keeping what it receives in `dir`.
struct Sink {
    child: Child,
}

impl Sink {
    fn start(port: u16, dir: &Path, delay_file: &Path) -> Sink {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/smtp_sink.py");
        let child = Command::new("/usr/bin/python3")
            .arg(script)
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir)
            .arg("--delay-file")
            .arg(delay_file)
            .stdout(Stdio::null())
            .spawn()
            .expect("start the SMTP sink (python3-aiosmtpd; scripts/test.sh installs it)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "the SMTP sink did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Sink { child }
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every message the sink kept, oldest first.
fn received(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).filter_map(|b| serde_json::from_slice(&b).ok()).collect()
}

/// Waits for a message to `to` whose text holds `words`.
async fn wait_for_mail(dir: &Path, to: &str, words: &str, within: Duration) -> Value {
    let started = Instant::now();
    loop {
        if let Some(m) = received(dir).into_iter().find(|m| m["to"][0] == to && m["text"].as_str().is_some_and(|t| t.contains(words))) {
            return m;
        }
        assert!(started.elapsed() < within, "no mail to {to} saying {words:?} within {within:?}; received: {:#?}", received(dir));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The link to `path` in a message's text ("/follow/confirm?token=…").
fn link(message: &Value, path: &str) -> String {
    let text = message["text"].as_str().unwrap();
    let at = text.find(path).unwrap_or_else(|| panic!("no {path} link in {text}"));
    let start = text[..at].rfind("http").unwrap();
    text[start..].split_whitespace().next().unwrap().to_string()
}

struct Tracker {
    child: Child,
    base: String,
}

impl Tracker {
    async fn start(db: &str, port: u16, smtp_port: u16) -> Tracker {
        let base = format!("http://127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .env("DATABASE_URL", db)
            .env("TRACKER_RATE_LIMITS", "login=0,login_account=0,signup=0,submit=0,edit=0,flag=0,password=0,follow=0")
            .env("TRACKER_PLACES_DIR", "/nonexistent")
            .env("TRACKER_SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
            .env("TRACKER_MAIL_FROM", "Amazon Contract Tracker <alerts@tracker.example.org>")
            .env("TRACKER_PUBLIC_URL", &base)
            .env("TRACKER_MAIL_RETRY_SECONDS", "1")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tracker");
        // Owned at once, so a failed start still reaps the process (Drop).
        let tracker = Tracker { child, base };
        let client = reqwest::Client::new();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if client.get(format!("{}/healthz", tracker.base)).send().await.is_ok_and(|r| r.status() == 200) {
                return tracker;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not start");
    }

    fn kill_9(mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().unwrap();
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the fixture database with a moderator; its URL.
fn database(dir: &Path) -> String {
    let path = dir.join("mail.db");
    std::fs::copy(common::template(), &path).unwrap();
    let db = format!("sqlite://{}", path.display());
    common::add_user(&db, "mod", "moderator", "correct horse battery");
    db
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(Duration::from_secs(30)).build().unwrap()
}

async fn sign_in(client: &reqwest::Client, base: &str) -> String {
    let login =
        client.post(format!("{base}/login")).form(&[("handle", "mod"), ("password", "correct horse battery")]).send().await.unwrap();
    assert_eq!(login.status(), 303);
    common::session_cookie(&login).expect("session")
}

/// Records and publishes a deal (a moderator's deal is published at once); its id.
async fn publish(client: &reqwest::Client, base: &str, cookie: &str, title: &str, place: &str) -> i64 {
    let mut form = common::deal_form(title, place);
    form.push(("not_duplicate", "1"));
    let res = client.post(format!("{base}/deals/new")).header("cookie", cookie).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap_or_default());
    res.headers()["location"].to_str().unwrap().trim_start_matches("/deals/").parse().unwrap()
}

async fn query_i64(db: &str, sql: &str) -> i64 {
    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(db).await.unwrap();
    sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
}

async fn execute(db: &str, sql: &str) {
    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(db).await.unwrap();
    sqlx::query(sql).execute(&mut c).await.unwrap();
}

/// Follows a feed's view with an address and confirms it from the mailed link, as a person
/// does: the form, the mail, the page the link opens (which changes nothing), its button.
async fn follow_and_confirm(
    client: &reqwest::Client,
    base: &str,
    mail: &Path,
    db: &str,
    feed: &str,
    email: &str,
    frequency: &str,
) -> String {
    let form = client.get(format!("{base}/follow?feed={feed}")).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("name=\"email\""), "the follow page has the email form");
    let res = client.post(format!("{base}/follow?feed={feed}")).form(&[("email", email), ("frequency", frequency)]).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(res.headers()["location"].to_str().unwrap().ends_with("&sent=1"));
    let confirm = wait_for_mail(mail, email, "/follow/confirm?token=", Duration::from_secs(15)).await;
    assert!(confirm["subject"].as_str().unwrap().starts_with("Confirm"), "{confirm:#?}");
    let url = link(&confirm, "/follow/confirm?token=");
    // Opening the link (as a mail scanner does) changes nothing.
    let page = client.get(&url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["referrer-policy"], "same-origin");
    assert!(page.text().await.unwrap().contains(email));
    let waiting = query_i64(db, &format!("SELECT count(*) FROM follows WHERE email = '{email}' AND confirmed_at IS NULL")).await;
    assert_eq!(waiting, 1, "a GET of the link confirmed nothing");
    let done = client.post(&url).form(&[("go", "1")]).send().await.unwrap();
    assert_eq!(done.status(), 303);
    let manage = done.headers()["location"].to_str().unwrap().to_string();
    assert!(manage.starts_with("/follow/manage?token="), "{manage}");
    let page = client.get(format!("{base}{manage}")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Confirmed."), "the manage page says so");
    manage
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn follow_confirm_instant_digest_and_one_click_unsubscribe() {
    let dir = tempfile::tempdir().unwrap();
    let mail = dir.path().join("mail");
    let db = database(dir.path());
    let smtp = free_port();
    let _sink = Sink::start(smtp, &mail, &dir.path().join("delay"));
    let server = Tracker::start(&db, free_port(), smtp).await;
    let base = server.base.clone();
    let client = client();

    let feed = "/places/oh/franklin-county/feed.atom";
    follow_and_confirm(&client, &base, &mail, &db, feed, "ana@example.org", "instant").await;
    // The same address again: no second confirmation, the same answer.
    let again = client
        .post(format!("{base}/follow?feed={feed}"))
        .form(&[("email", "ANA@example.org"), ("frequency", "daily")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 303);
    // A bad address is refused next to its field.
    let bad = client.post(format!("{base}/follow?feed={feed}")).form(&[("email", "ana@"), ("frequency", "daily")]).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("does not look like an email address"));

    let cookie = sign_in(&client, &base).await;
    let elsewhere = publish(&client, &base, &cookie, "Ring partnership in Travis County", "Travis County, TX").await;
    let id = publish(&client, &base, &cookie, "Columbus schools AWS contract", "Franklin County, OH").await;
    let instant = wait_for_mail(&mail, "ana@example.org", "Columbus schools AWS contract", Duration::from_secs(20)).await;
    let text = instant["text"].as_str().unwrap();
    assert!(text.contains(&format!("{base}/deals/{id}")), "links to the deal: {text}");
    assert!(text.contains("$23,000,000"));
    assert!(!text.contains("Travis County"), "a deal elsewhere is not in the mail: {text}");
    let _ = elsewhere;
    assert!(instant["html"].as_str().unwrap().contains(&format!("/deals/{id}")));
    let headers = &instant["headers"];
    assert_eq!(headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
    let unsubscribe = headers["List-Unsubscribe"].as_str().unwrap().trim_matches(['<', '>']).to_string();
    assert!(unsubscribe.starts_with(&format!("{base}/follow/unsubscribe?token=")), "{unsubscribe}");
    assert!(instant["message_id"].as_str().unwrap().starts_with("<change."), "{instant:#?}");
    assert_eq!(received(&mail).iter().filter(|m| m["to"][0] == "ana@example.org").count(), 2, "the confirmation and one instant mail");

    // A bulk import (another process, on the same database) is one message, not one per deal.
    let csv = dir.path().join("bulk.csv");
    let mut rows = String::from("external_id,title,kind,status,government,government_kind,state,entity,amount_usd,amount_disclosed,value_basis,approved,source_urls\n");
    for i in 1..=5 {
        rows.push_str(&format!("bulk-{i},Franklin bulk deal {i},cloud_contract,active,Franklin County,county,OH,\"Amazon Web Services, Inc.\",1000000.00,yes,maximum,2024-03,https://example.org/bulk-{i}.pdf\n"));
    }
    std::fs::write(&csv, rows).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["import", csv.to_str().unwrap(), "--allow-duplicates", "--as", "mod"])
        .env("DATABASE_URL", &db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let bulk = wait_for_mail(&mail, "ana@example.org", "Franklin bulk deal 1", Duration::from_secs(20)).await;
    for i in 2..=5 {
        assert!(
            bulk["text"].as_str().unwrap().contains(&format!("Franklin bulk deal {i}")),
            "one message lists the whole import: {bulk:#?}"
        );
    }
    assert!(bulk["subject"].as_str().unwrap().starts_with("5 updates"), "{bulk:#?}");
    // Six dispatcher passes later, still one.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(received(&mail).iter().filter(|m| m["to"][0] == "ana@example.org").count(), 3, "one message for the import");

    // A daily digest for the state, from another address.
    follow_and_confirm(&client, &base, &mail, &db, "/places/oh/feed.atom", "bo@example.net", "daily").await;
    publish(&client, &base, &cookie, "Ohio data center abatement", "Franklin County, OH").await;
    // Queued for the digest, not sent at once: once it waits, its send hour is brought forward.
    let started = Instant::now();
    while query_i64(&db, "SELECT count(*) FROM follow_items i JOIN follows f ON f.id = i.follow_id WHERE f.email = 'bo@example.net'").await
        == 0
    {
        assert!(started.elapsed() < Duration::from_secs(20), "the deal waits for bo's digest");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!received(&mail).iter().any(|m| m["to"][0] == "bo@example.net" && m["text"].as_str().unwrap().contains("abatement")));
    execute(&db, "UPDATE follows SET next_digest_at = '2000-01-01T00:00:00Z' WHERE email = 'bo@example.net'").await;
    let digest = wait_for_mail(&mail, "bo@example.net", "Ohio data center abatement", Duration::from_secs(20)).await;
    assert!(digest["subject"].as_str().unwrap().starts_with("Today on the tracker"), "{digest:#?}");
    assert!(digest["text"].as_str().unwrap().contains("(once a day)"), "the footer names the frequency in the sentence: {digest:#?}");
    assert!(query_i64(&db, "SELECT count(*) FROM follows WHERE email = 'bo@example.net' AND next_digest_at > '2001'").await == 1);

    // Addresses are in no public file.
    let download = client.get(format!("{base}/downloads/tracker-public.sqlite")).send().await.unwrap().bytes().await.unwrap();
    assert!(!download.windows(15).any(|w| w == b"ana@example.org"), "no address in the public download");
    let csv = client.get(format!("{base}/deals.csv")).send().await.unwrap().text().await.unwrap();
    assert!(!csv.contains("example.org\n") && !csv.contains("ana@"));

    // One click from a mail client, posted from no page of this site.
    let res = client
        .post(&unsubscribe)
        .header("origin", "https://mail.example.com")
        .header("sec-fetch-site", "cross-site")
        .multipart(reqwest::multipart::Form::new().text("List-Unsubscribe", "One-Click"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(query_i64(&db, "SELECT count(*) FROM follows WHERE email = 'ana@example.org'").await, 0);
    assert_eq!(query_i64(&db, "SELECT count(*) FROM follow_tokens WHERE email = 'ana@example.org'").await, 0, "the address is gone");
    // Another cross-site post is still refused.
    let forged = client
        .post(format!("{base}/follow/manage?token={}", "a".repeat(64)))
        .header("origin", "https://evil.example")
        .form(&[("follow", "1"), ("stop", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    // A made-up token is refused, never a 500; the body is the client's choice (RFC 8058
    // suggests multipart/form-data).
    let form = reqwest::multipart::Form::new().text("List-Unsubscribe", "One-Click");
    let made_up = client.post(format!("{base}/follow/unsubscribe?token={}", "b".repeat(64))).multipart(form).send().await.unwrap();
    assert_eq!(made_up.status(), 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nothing_is_lost_when_smtp_is_down_or_the_server_is_killed_mid_send() {
    let dir = tempfile::tempdir().unwrap();
    let mail = dir.path().join("mail");
    let delay = dir.path().join("delay");
    let db = database(dir.path());
    let smtp = free_port();
    let port = free_port();
    let sink = Sink::start(smtp, &mail, &delay);
    let server = Tracker::start(&db, port, smtp).await;
    let client = client();
    follow_and_confirm(&client, &server.base, &mail, &db, "/places/oh/franklin-county/feed.atom", "cy@example.org", "instant").await;
    let cookie = sign_in(&client, &server.base).await;

    // SMTP down: the mails wait, retried with backoff, and all arrive once it is back.
    sink.stop();
    publish(&client, &server.base, &cookie, "Contract while mail is down one", "Franklin County, OH").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    publish(&client, &server.base, &cookie, "Contract while mail is down two", "Franklin County, OH").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(query_i64(&db, "SELECT max(attempts) FROM mail_outbox").await >= 1, "sending was tried and failed");
    let sink = Sink::start(smtp, &mail, &delay);
    wait_for_mail(&mail, "cy@example.org", "Contract while mail is down one", Duration::from_secs(30)).await;
    wait_for_mail(&mail, "cy@example.org", "Contract while mail is down two", Duration::from_secs(30)).await;

    // kill -9 while the SMTP server holds its acceptance: the sink has the message, the
    // server never heard it was accepted.
    std::fs::write(&delay, "6").unwrap();
    publish(&client, &server.base, &cookie, "Contract sent across a crash", "Franklin County, OH").await;
    let first = wait_for_mail(&mail, "cy@example.org", "Contract sent across a crash", Duration::from_secs(20)).await;
    server.kill_9();
    std::fs::remove_file(&delay).unwrap();
    assert_eq!(query_i64(&db, "SELECT count(*) FROM mail_outbox").await, 1, "the send was not recorded before the kill");
    let server = Tracker::start(&db, port, smtp).await;
    let started = Instant::now();
    let copies = loop {
        let copies: Vec<Value> =
            received(&mail).into_iter().filter(|m| m["text"].as_str().unwrap().contains("Contract sent across a crash")).collect();
        if copies.len() >= 2 {
            break copies;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the message was sent again after the restart");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(copies.iter().all(|m| m["message_id"] == first["message_id"]), "sent twice with the same Message-ID: {copies:#?}");
    let started = Instant::now();
    while query_i64(&db, "SELECT count(*) FROM mail_outbox").await > 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "the resend was recorded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Every change was mailed, none twice under different Message-IDs.
    let mut ids: Vec<String> =
        received(&mail).iter().filter(|m| m["to"][0] == "cy@example.org").map(|m| m["message_id"].as_str().unwrap().to_string()).collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(all - ids.len(), 1, "only the crashed send came twice");
    drop(server);
    sink.stop();
}

#[tokio::test]
async fn without_smtp_the_form_says_so_and_the_limit_counts_per_address() {
    let app = common::TestApp::start().await;
    let page = app.get("/follow?feed=/places/va/feed.atom", None).await.text().await.unwrap();
    assert!(page.contains("Email updates are not set up on this site"), "{page}");
    assert!(!page.contains("name=\"email\""), "no form to fill in for nothing");
    let es = app.get("/es/follow?feed=/es/places/va/feed.atom", None).await.text().await.unwrap();
    assert!(es.contains("no están configurados"));

    // Confirmation mails to one address are limited wherever the requests come from.
    let app = common::TestApp::start_with_mail_limits("follow=2").await;
    let page = app.get("/follow?feed=/places/va/feed.atom", None).await.text().await.unwrap();
    assert!(page.contains("name=\"email\"") && page.contains("Once a day"), "the form, with its choices");
    for (n, feed) in ["/places/va/feed.atom", "/places/oh/feed.atom", "/places/tx/feed.atom"].iter().enumerate() {
        let res = app
            .client
            .post(format!("{}/follow?feed={feed}", app.base))
            .header("x-forwarded-for", format!("10.0.0.{n}"))
            // A +tag is the same mailbox.
            .form(&[("email", if n < 2 { "target@example.org" } else { "target+again@example.org" }), ("frequency", "weekly")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), if n < 2 { 303 } else { 429 }, "request {n}");
    }
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM mail_outbox").fetch_one(&app.pool).await.unwrap();
    assert_eq!(queued, 2);
    let label: String = sqlx::query_scalar("SELECT label FROM follows ORDER BY id LIMIT 1").fetch_one(&app.pool).await.unwrap();
    assert_eq!(label, "Virginia");
}
