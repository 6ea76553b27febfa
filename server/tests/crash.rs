//! Crash: many writers, `kill -9` of the real server mid-load, restart. Every write the
//! server acknowledged must be there, whole, and the database must pass its integrity check;
//! the kept aggregates equal a recount, and the search index catches up with the change
//! record to hold exactly the public deals.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start(db: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", db)
        .env("TRACKER_RATE_LIMITS", "login=0,login_account=0,signup=0,submit=0,edit=0,flag=0,password=0")
        .env("TRACKER_PLACES_DIR", "/nonexistent")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tracker");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut server = Server { child, base };
    while started.elapsed() < Duration::from_secs(60) {
        if client.get(format!("{}/healthz", server.base)).send().await.is_ok_and(|r| r.status() == 200) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = server.child.kill();
    let _ = server.child.wait();
    panic!("the server did not start");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    std::fs::copy(common::template(), &path).unwrap();
    let db = format!("sqlite://{}", path.display());
    common::add_user(&db, "crasher", "moderator", "correct horse battery");

    let mut server = start(&db).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(Duration::from_secs(20)).build().unwrap();
    let login = client
        .post(format!("{}/login", server.base))
        .form(&[("handle", "crasher"), ("password", "correct horse battery")])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let cookie = common::session_cookie(&login).expect("session");

    // Eight writers record deals as fast as the server answers.
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let mut writers = Vec::new();
    for w in 0..8 {
        let (client, base, cookie, acked) = (client.clone(), server.base.clone(), cookie.clone(), acked.clone());
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let title = format!("Crash deal {w}-{i}");
                let mut form = common::deal_form(&title, "Franklin County, OH");
                form.push(("not_duplicate", "1"));
                let Ok(res) = client.post(format!("{base}/deals/new")).header("cookie", &cookie).form(&form).send().await else { break };
                if res.status() != 303 {
                    break;
                }
                let id = res.headers()["location"].to_str().unwrap().trim_start_matches("/deals/").parse::<i64>().unwrap();
                acked.lock().unwrap().push(id);
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    server.child.kill().expect("kill -9");
    server.child.wait().unwrap();
    for w in writers {
        let _ = w.await;
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 8, "writes were acknowledged before the kill: {}", acked.len());

    // Restart on the same file: the server recovers the write-ahead log, and its search
    // index goes on from its last commit.
    let mut server = start(&db).await;
    for id in acked.iter().step_by((acked.len() / 50).max(1)) {
        let page = client.get(format!("{}/deals/{id}", server.base)).send().await.unwrap();
        assert_eq!(page.status(), 200, "deal {id} was acknowledged");
    }
    index_agrees(&db);
    let found = client.get(format!("{}/deals?q=crash+deal", server.base)).send().await.unwrap().text().await.unwrap();
    // Writes the server made but could not acknowledge before it died are found too.
    let total: usize = found
        .split(" deals match")
        .next()
        .and_then(|s| s.rsplit('>').next())
        .and_then(|n| n.trim().replace(',', "").parse().ok())
        .unwrap_or(0);
    assert!(total >= acked.len(), "every acknowledged deal is found: {total} of {}", acked.len());
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&db).await.unwrap();
    assert_eq!(sqlx::query_scalar::<_, String>("PRAGMA integrity_check").fetch_one(&mut c).await.unwrap(), "ok");
    for id in &acked {
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM revisions r JOIN revision_decisions d ON d.revision_id = r.id WHERE r.deal_id = ?")
                .bind(id)
                .fetch_one(&mut c)
                .await
                .unwrap();
        assert_eq!(n, 1, "deal {id}: its revision and its approval");
    }
    let orphans: i64 =
        sqlx::query_scalar("SELECT count(*) FROM revisions WHERE deal_id NOT IN (SELECT id FROM deals)").fetch_one(&mut c).await.unwrap();
    assert_eq!(orphans, 0, "no orphaned revision");
    let bare: i64 =
        sqlx::query_scalar("SELECT count(*) FROM deals WHERE id NOT IN (SELECT deal_id FROM revisions)").fetch_one(&mut c).await.unwrap();
    assert_eq!(bare, 0, "no deal without its revision (no half-written deal)");
    let no_source: i64 =
        sqlx::query_scalar("SELECT count(*) FROM deals WHERE id NOT IN (SELECT deal_id FROM sources)").fetch_one(&mut c).await.unwrap();
    assert_eq!(no_source, 0, "every deal kept its source");
    drop(c);
    aggregates_agree(&db);
}

/// A database (`i.db` in `dir`) of the fixture's places with a moderator, `importer`; its URL.
async fn importer_db(dir: &std::path::Path) -> String {
    let path = dir.join("i.db");
    std::fs::copy(common::template(), &path).unwrap();
    let db = format!("sqlite://{}", path.display());
    let pool = app::repo::connect(&db).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    app::repo::users::insert(&mut conn, "importer", "!", app::model::Role::Moderator).await.unwrap();
    drop(conn);
    pool.close().await;
    db
}

/// `tracker aggregates check`: the kept counts equal a recount.
fn aggregates_agree(db: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_tracker")).args(["aggregates", "check"]).env("DATABASE_URL", db).output().unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// `tracker search check`, until the running server's index has caught up (at most a
/// minute): it then holds exactly the public deals at their current text.
fn index_agrees(db: &str) {
    let started = Instant::now();
    loop {
        let out = Command::new(env!("CARGO_BIN_EXE_tracker")).args(["search", "check"]).env("DATABASE_URL", db).output().unwrap();
        if out.status.success() {
            return;
        }
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(said.contains("behind") && started.elapsed() < Duration::from_secs(60), "{said}");
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// `kill -9` of a bulk import half-way: the database, its aggregates included, is as before
/// the import, and the import run again counts every deal once. The file is longer than the
/// import's counting window (set to 10,000 new deals counted at once), so both full windows
/// and the rest counted at the end are checked.
#[tokio::test(flavor = "multi_thread")]
async fn an_import_killed_half_way_leaves_the_aggregates_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = importer_db(dir.path()).await;
    let file = dir.path().join("deals.csv");
    let csv = Command::new(env!("CARGO_BIN_EXE_tracker-deals-csv")).args(["30000", "3"]).env("DATABASE_URL", &db).output().unwrap();
    assert!(csv.status.success());
    std::fs::write(&file, &csv.stdout).unwrap();
    let import = || {
        Command::new(env!("CARGO_BIN_EXE_tracker"))
            .args(["import", file.to_str().unwrap(), "--partial", "--allow-duplicates", "--as", "importer", "--count-window", "10000"])
            .env("DATABASE_URL", &db)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Killed once it has written into the log, well before it could finish.
    let mut child = import();
    let wal = dir.path().join("i.db-wal");
    let started = Instant::now();
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 8 << 20 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    aggregates_agree(&db);
    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&db).await.unwrap();
    let deals: i64 = sqlx::query_scalar("SELECT count(*) FROM deals").fetch_one(&mut c).await.unwrap();
    assert_eq!(deals, 0, "nothing of the killed import is kept");
    drop(c);
    assert!(import().wait().unwrap().success());
    aggregates_agree(&db);
    // The server's index follows the import's changes from the record.
    let mut server = start(&db).await;
    index_agrees(&db);
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}

/// An import refused by a bad row near its end, after windows of its new deals (10,000 at a
/// time) were counted in the aggregates: nothing of it is kept, its counts included.
#[tokio::test(flavor = "multi_thread")]
async fn an_import_refused_after_a_counted_window_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = importer_db(dir.path()).await;
    let csv = Command::new(env!("CARGO_BIN_EXE_tracker-deals-csv")).args(["28000", "3"]).env("DATABASE_URL", &db).output().unwrap();
    assert!(csv.status.success());
    // The file's last row once more, under a new external id and with a kind the tracker
    // doesn't have: the last row of the file fails.
    let mut reader = csv::Reader::from_reader(&csv.stdout[..]);
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, kind) = (column("external_id"), column("kind"));
    let last = reader.records().last().unwrap().unwrap();
    let bad: Vec<&str> = last
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if i == id {
                "refused-last-row"
            } else if i == kind {
                "spaceship"
            } else {
                v
            }
        })
        .collect();
    let mut file = csv.stdout.clone();
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    writer.write_record(&bad).unwrap();
    file.extend(writer.into_inner().unwrap());
    let path = dir.path().join("deals.csv");
    std::fs::write(&path, &file).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["import", path.to_str().unwrap(), "--allow-duplicates", "--as", "importer", "--count-window", "10000"])
        .env("DATABASE_URL", &db)
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success() && said.contains("1 row failed; nothing was written"), "{said}");
    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&db).await.unwrap();
    let kept: (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM deals), (SELECT count(*) FROM tallied_deals)").fetch_one(&mut c).await.unwrap();
    assert_eq!(kept, (0, 0), "deals and counted deals after the refused import");
    drop(c);
    aggregates_agree(&db);
}
