//! Load: 200 concurrent clients mixing reads and writes for a bounded time. No answer may be
//! a 5xx, and no client may see a database-busy error.

mod common;

use common::TestApp;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_clients_reading_and_writing_get_no_5xx() {
    let app = Arc::new(TestApp::start().await);
    let m = app.staff("load_mod", "moderator").await;
    let c = app.sign_up("load_contrib").await;
    let first = app.record(&m, "Load seed deal", "Franklin County, OH").await;
    let reads = [
        "/places/oh/franklin-county".to_string(),
        "/places/oh".into(),
        "/deals?state=oh&kind=cloud_contract".into(),
        "/deals?q=seed".into(),
        format!("/deals/{first}"),
        "/".into(),
    ];
    let ok = Arc::new(AtomicUsize::new(0));
    let writes = Arc::new(AtomicUsize::new(0));
    let bad = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let until = Instant::now() + Duration::from_secs(5);
    let mut clients = Vec::new();
    for n in 0..200usize {
        let (app, m, c, reads, ok, writes, bad) =
            (app.clone(), m.clone(), c.clone(), reads.clone(), ok.clone(), writes.clone(), bad.clone());
        clients.push(tokio::spawn(async move {
            let mut i = 0usize;
            while Instant::now() < until {
                i += 1;
                // One request in five is a write: a moderator's deal or a contributor's.
                let (path, res) = if (n + i).is_multiple_of(5) {
                    let cookie = if n % 2 == 0 { &m } else { &c };
                    let title = format!("Load deal {n}-{i}");
                    let mut form = common::deal_form(&title, "Columbus, OH");
                    form.push(("not_duplicate", "1"));
                    (
                        "/deals/new".to_string(),
                        app.client.post(format!("{}/deals/new", app.base)).header("cookie", cookie).form(&form).send().await,
                    )
                } else {
                    let p = reads[(n + i) % reads.len()].clone();
                    let res = app.client.get(format!("{}{p}", app.base)).send().await;
                    (p, res)
                };
                match res {
                    Ok(r) => {
                        let status = r.status();
                        let write = path == "/deals/new";
                        let body = r.text().await.unwrap_or_default();
                        if status.is_server_error() || body.contains("database is locked") || body.contains("busy") {
                            bad.lock().unwrap().push(format!("{status} {path}: {}", body.chars().take(200).collect::<String>()));
                        } else {
                            ok.fetch_add(1, Ordering::Relaxed);
                            if write && status == 303 {
                                writes.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                    Err(e) => bad.lock().unwrap().push(format!("{path}: {e}")),
                }
            }
        }));
    }
    for cl in clients {
        cl.await.unwrap();
    }
    let bad = bad.lock().unwrap().clone();
    assert!(bad.is_empty(), "{} bad answers, e.g. {:?}", bad.len(), bad.iter().take(5).collect::<Vec<_>>());
    let (ok, writes) = (ok.load(Ordering::Relaxed), writes.load(Ordering::Relaxed));
    eprintln!("{ok} answers, {writes} writes acknowledged");
    // A debug build on two cores answers a few hundred; the point is that none failed.
    assert!(ok >= 200 && writes >= 20, "the load ran: {ok} answers, {writes} writes");
    let recorded: i64 = sqlx::query_scalar("SELECT count(*) FROM deals WHERE title LIKE 'Load deal %'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(recorded as usize, writes, "every acknowledged write, and only those");
}
