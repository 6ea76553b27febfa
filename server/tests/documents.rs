//! Source documents, driven as people use them: a contributor attaches a file to a source
//! with the plain multipart form, nobody else sees it until a moderator approves, then
//! anyone finds its words through the site search, opens its page, and downloads the same
//! bytes. Hostile files are refused or kept safely without text. The command line checks
//! the files, backs them up and restores them.
//!
//! Fixtures are made here: PDFs written by `pdf()` (text in Helvetica, one page per entry),
//! scans rendered from them by poppler's `pdftoppm`, an image bomb's header.

mod common;

use common::TestApp;
use reqwest::multipart::{Form, Part};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

/// A PDF with one page per entry, each page's words in 24-point Helvetica.
fn pdf(pages: &[&str]) -> Vec<u8> {
    let n = pages.len();
    let mut objects: Vec<String> = Vec::new();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    for (i, text) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        let stream = format!("BT /F1 24 Tf 72 700 Td ({text}) Tj ET");
        objects.push(format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Posts the attach form for a deal's first source, as a browser without JavaScript does.
async fn attach(app: &TestApp, cookie: Option<&str>, deal: i64, name: &str, claimed: &str, bytes: Vec<u8>) -> reqwest::Response {
    let source: String = sqlx::query_scalar("SELECT stable_id FROM sources WHERE deal_id = ? ORDER BY position LIMIT 1")
        .bind(deal)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let part = Part::bytes(bytes).file_name(name.to_string()).mime_str(claimed).unwrap();
    let mut req = app.client.post(format!("{}/deals/{deal}/sources/{source}/document", app.base)).multipart(Form::new().part("file", part));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

/// Waits until the document's text was read (or given up on); returns its status.
async fn read_status(app: &TestApp, sha: &str, within: Duration) -> String {
    let started = Instant::now();
    loop {
        let status: Option<String> =
            sqlx::query_scalar("SELECT text_status FROM documents WHERE sha256 = ?").bind(sha).fetch_optional(&app.pool).await.unwrap();
        match status {
            Some(s) if s != "waiting" => return s,
            _ if started.elapsed() > within => panic!("the text of {sha} was not read within {within:?}"),
            _ => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// The documents the public download lists, built as the site builds it.
async fn public_documents(app: &TestApp) -> Vec<(String, String)> {
    let path = app.dir().join(format!("public-{}.sqlite", rand_suffix()));
    app::repo::backup::public_copy(&app.pool, &path).await.unwrap();
    let copy = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let rows = sqlx::query_as("SELECT sha256, media_type FROM documents").fetch_all(&copy).await.unwrap();
    copy.close().await;
    rows
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

/// The public search page for `path` once it lists `title` (the text is read and indexed in
/// the background), or as it stands after 20 seconds.
async fn search_until(app: &TestApp, path: &str, title: &str) -> String {
    let started = Instant::now();
    loop {
        app.indexed().await;
        let page = body(app.get(path, None).await).await;
        if page.contains(title) || started.elapsed() > Duration::from_secs(20) {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn body(res: reqwest::Response) -> String {
    res.text().await.unwrap()
}

#[tokio::test]
async fn a_contributors_document_is_private_until_approved_then_found_opened_and_downloaded() {
    let app = TestApp::start().await;
    let moderator = app.staff("mona", "moderator").await;
    let ana = app.sign_up("ana").await;
    let ben = app.sign_up("ben").await;
    let deal = app.record(&moderator, "Cloud storage contract", "Arlington County, VA").await;

    // The deal page offers the form for each source to those signed in.
    let page = body(app.get(&format!("/deals/{deal}"), Some(&ana)).await).await;
    assert!(page.contains("Attach the document"), "the deal page links the attach form");
    let source: String =
        sqlx::query_scalar("SELECT stable_id FROM sources WHERE deal_id = ?").bind(deal).fetch_one(&app.pool).await.unwrap();
    let form = body(app.get(&format!("/deals/{deal}/sources/{source}/document"), Some(&ana)).await).await;
    assert!(form.contains("enctype=\"multipart/form-data\"") && form.contains("Board minutes"), "{form}");
    let signed_out = app.get(&format!("/deals/{deal}/sources/{source}/document"), None).await;
    assert_eq!(signed_out.status(), 401, "the form asks to sign in first");

    let bytes = pdf(&["Minutes of the board", "Janitorial services and a zephyrquartz clawback"]);
    let sha = sha256(&bytes);
    let res = attach(&app, Some(&ana), deal, "minutes.pdf", "application/pdf", bytes.clone()).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/deals/{deal}?submitted=1"), "a contributor's attachment waits for review");
    assert_eq!(read_status(&app, &sha, Duration::from_secs(60)).await, "done");

    // Only the uploader and moderators see it while the change waits.
    for (who, cookie, status) in [
        ("the public", None, 404),
        ("another contributor", Some(ben.as_str()), 404),
        ("the uploader", Some(ana.as_str()), 200),
        ("a moderator", Some(moderator.as_str()), 200),
    ] {
        assert_eq!(app.get(&format!("/documents/{sha}"), cookie).await.status(), status, "{who}: the page");
        assert_eq!(app.get(&format!("/documents/{sha}/file"), cookie).await.status(), status, "{who}: the file");
    }
    // Nobody else can cite it by its fingerprint through the edit form.
    let mut edit = common::deal_form("Cloud storage contract", "Arlington County, VA");
    edit.extend([("base", "1"), ("source_id", source.as_str()), ("source_document", sha.as_str())]);
    let refused = app.post_form(&format!("/deals/{deal}/edit"), Some(&ben), &edit).await;
    assert_eq!(refused.status(), 422, "another contributor cannot cite a private document");
    assert!(body(refused).await.contains("document reference is not valid"));
    let own = body(app.get(&format!("/documents/{sha}"), Some(&ana)).await).await;
    assert!(own.contains("Only you and the moderators") && own.contains("zephyrquartz"), "{own}");
    app.indexed().await;
    let search = body(app.get("/deals?q=zephyrquartz", None).await).await;
    assert!(!search.contains("Cloud storage contract"), "a pending document's words are not searchable");
    assert!(public_documents(&app).await.is_empty(), "a pending document is not in the public download");

    // A moderator approves: the public sees the document, its text and its words in search.
    let rid = app.pending_revision(deal).await;
    assert_eq!(app.post_form(&format!("/review/{rid}/approve"), Some(&moderator), &[]).await.status(), 303);
    let shown = body(app.get(&format!("/deals/{deal}"), None).await).await;
    assert!(shown.contains(&format!("/documents/{sha}")) && shown.contains(&sha), "the deal page shows the fingerprint");
    let doc = body(app.get(&format!("/documents/{sha}"), None).await).await;
    for want in ["Board minutes", "Cloud storage contract", &sha, "Page 2", "zephyrquartz", &format!("{sha}  minutes.pdf")] {
        assert!(doc.contains(want), "the document page shows {want}: {doc}");
    }
    let file = app.get(&format!("/documents/{sha}/file"), None).await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-disposition"], "attachment; filename=\"minutes.pdf\"");
    assert_eq!(file.headers()["x-content-type-options"], "nosniff");
    assert_eq!(sha256(&file.bytes().await.unwrap()), sha, "the download is the same bytes");
    let inline = app.get(&format!("/documents/{sha}/view"), None).await;
    assert_eq!((inline.status().as_u16(), inline.headers()["content-type"].to_str().unwrap()), (200, "application/pdf"));

    // Its words are found, counted and placed: page 2 of the source's document.
    let found = search_until(&app, "/deals?q=zephyrquartz", "Cloud storage contract").await;
    assert!(found.contains("Cloud storage contract"), "the public document's words find the deal: {found}");
    assert!(found.contains("On page 2 of “Board minutes”") && found.contains("<mark>zephyrquartz</mark>"), "{found}");
    assert_eq!(public_documents(&app).await, vec![(sha.clone(), "application/pdf".to_string())], "the public download lists it");
    // The history names the document among the changes.
    let history = body(app.get(&format!("/deals/{deal}/history"), None).await).await;
    assert!(history.contains(&sha), "the history shows the document's fingerprint");
}

#[tokio::test]
async fn hostile_files_are_refused_or_kept_safely_without_text() {
    let app = TestApp::start().await;
    let moderator = app.staff("mona", "moderator").await;
    let deal = app.record(&moderator, "Ring partnership", "Arlington County, VA").await;

    // Nothing from someone signed out, nothing from another site.
    let res = attach(&app, None, deal, "a.pdf", "application/pdf", pdf(&["x"])).await;
    assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap().starts_with("/login")), (303, true));
    let source: String =
        sqlx::query_scalar("SELECT stable_id FROM sources WHERE deal_id = ?").bind(deal).fetch_one(&app.pool).await.unwrap();
    let forged = app
        .client
        .post(format!("{}/deals/{deal}/sources/{source}/document", app.base))
        .header("cookie", &moderator)
        .header("origin", "https://evil.example")
        .multipart(Form::new().part("file", Part::bytes(pdf(&["x"])).file_name("a.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "a cross-site upload is refused");

    // Refused, each with its reason next to the field and nothing written.
    let elf = b"\x7fELF\x02\x01\x01\0program".to_vec();
    let damaged_png = b"\x89PNG\r\n\x1a\nnot a header at all".to_vec();
    let too_big = [b"%PDF-1.4\n".to_vec(), vec![b' '; 2_100_000]].concat();
    for (what, bytes, status, says) in [
        ("a program", elf, 422, "none of these"),
        ("an empty file", Vec::new(), 422, "Choose the file"),
        ("a damaged image", damaged_png, 422, "looks damaged"),
        ("a file over the limit", too_big, 413, "larger than 2 MB"),
    ] {
        let res = attach(&app, Some(&moderator), deal, "x.pdf", "application/pdf", bytes).await;
        assert_eq!(res.status(), status, "{what}");
        let page = body(res).await;
        assert!(page.contains(says) && page.contains("id=\"err-file\""), "{what}: {page}");
    }
    // A source that does not exist: refused before anything is stored.
    let nowhere = app
        .client
        .post(format!("{}/deals/{deal}/sources/nosuchsource/document", app.base))
        .header("cookie", &moderator)
        .multipart(Form::new().part("file", Part::bytes(pdf(&["orphan"])).file_name("a.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(nowhere.status(), 404);
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM documents").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 0, "nothing refused was recorded");
    assert!(!app.dir().join("documents").exists(), "and no file was kept");

    // A page with a script, named .pdf and claimed as a PDF, is kept as what it is: a
    // download, never shown as a page of the site.
    let html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>Contract text</body></html>".to_vec();
    let html_sha = sha256(&html);
    assert_eq!(attach(&app, Some(&moderator), deal, "contract.pdf", "application/pdf", html).await.status(), 303);
    let kind: String =
        sqlx::query_scalar("SELECT media_type FROM documents WHERE sha256 = ?").bind(&html_sha).fetch_one(&app.pool).await.unwrap();
    assert_eq!(kind, "text/html");
    let view = app.get(&format!("/documents/{html_sha}/view"), None).await;
    assert_eq!(
        (view.status().as_u16(), view.headers()["location"].to_str().unwrap()),
        (303, format!("/documents/{html_sha}/file").as_str())
    );
    // An address with stray whitespace around the fingerprint redirects to the clean one.
    let padded = app.get(&format!("/documents/%0A{html_sha}%20/view"), None).await;
    assert_eq!(padded.headers()["location"].to_str().unwrap(), format!("/documents/{html_sha}/file"));
    let file = app.get(&format!("/documents/{html_sha}/file"), None).await;
    assert_eq!(file.headers()["content-type"], "application/octet-stream");
    assert_eq!(file.headers()["content-disposition"], "attachment; filename=\"contract.html\"");
    assert!(file.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert_eq!(read_status(&app, &html_sha, Duration::from_secs(30)).await, "done", "its words are read without running it");
    let words: String =
        sqlx::query_scalar("SELECT text FROM document_pages WHERE sha256 = ?").bind(&html_sha).fetch_one(&app.pool).await.unwrap();
    assert_eq!(words, "Contract text");

    // A corrupt PDF and an image bomb (a PNG header claiming 100,000 × 100,000 pixels) are
    // kept without text, and the bomb is never shown inline.
    let corrupt = b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage garbage".to_vec();
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bomb.extend_from_slice(&100_000u32.to_be_bytes());
    bomb.extend_from_slice(&100_000u32.to_be_bytes());
    bomb.extend_from_slice(b"\x08\x02\0\0\0\0\0\0\0");
    for (what, bytes, problem) in [("a corrupt PDF", corrupt, "unreadable"), ("an image bomb", bomb, "too_large")] {
        let sha = sha256(&bytes);
        let started = Instant::now();
        assert_eq!(attach(&app, Some(&moderator), deal, "scan.png", "image/png", bytes).await.status(), 303, "{what}");
        assert_eq!(read_status(&app, &sha, Duration::from_secs(60)).await, "failed", "{what}");
        assert!(started.elapsed() < Duration::from_secs(60));
        let why: String =
            sqlx::query_scalar("SELECT text_problem FROM documents WHERE sha256 = ?").bind(&sha).fetch_one(&app.pool).await.unwrap();
        assert_eq!(why, problem, "{what}");
        let page = body(app.get(&format!("/documents/{sha}"), None).await).await;
        assert!(page.contains("could not be read"), "{what}: the page says so");
    }
    let bomb_view = app
        .get(
            &format!(
                "/documents/{}/view",
                sha256(&{
                    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
                    b.extend_from_slice(&100_000u32.to_be_bytes());
                    b.extend_from_slice(&100_000u32.to_be_bytes());
                    b.extend_from_slice(b"\x08\x02\0\0\0\0\0\0\0");
                    b
                })
            ),
            None,
        )
        .await;
    assert_eq!(bomb_view.status(), 303, "an image bomb is a download only");

    // A PDF of 2,000 pages is read within the time limit, every page kept.
    let texts: Vec<String> = (1..=2000).map(|i| format!("Page {i} of the long appendix")).collect();
    let long = pdf(&texts.iter().map(String::as_str).collect::<Vec<_>>());
    let long_sha = sha256(&long);
    assert_eq!(attach(&app, Some(&moderator), deal, "appendix.pdf", "application/pdf", long).await.status(), 303);
    assert_eq!(read_status(&app, &long_sha, Duration::from_secs(120)).await, "done");
    let pages: i64 =
        sqlx::query_scalar("SELECT count(*) FROM document_pages WHERE sha256 = ?").bind(&long_sha).fetch_one(&app.pool).await.unwrap();
    assert_eq!(pages, 2000);
    let doc = body(app.get(&format!("/documents/{long_sha}"), None).await).await;
    assert!(
        doc.contains("Page 3 of the long appendix") && !doc.contains("Page 4 of the long appendix") && doc.contains("?text=all"),
        "first pages, then a link"
    );
    let all = body(app.get(&format!("/documents/{long_sha}?text=all"), None).await).await;
    assert!(all.contains("Page 2000 of the long appendix"));
}

#[tokio::test]
async fn a_scan_is_read_by_ocr_and_found_in_spanish_too() {
    let app = TestApp::start().await;
    let moderator = app.staff("mona", "moderator").await;
    let deal = app.record(&moderator, "Warehouse abatement", "Arlington County, VA").await;
    // A scan: a page printed to PDF, rendered to a picture as a scanner would.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.pdf"), pdf(&["ABATEMENT RESOLUTION QUORUM"])).unwrap();
    let ok = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-singlefile"])
        .arg(dir.path().join("page.pdf"))
        .arg(dir.path().join("scan"))
        .status()
        .expect("pdftoppm (poppler-utils) is installed by scripts/test.sh");
    assert!(ok.success());
    let scan = std::fs::read(dir.path().join("scan.png")).unwrap();
    let sha = sha256(&scan);
    assert_eq!(attach(&app, Some(&moderator), deal, "scan.png", "image/png", scan).await.status(), 303);
    assert_eq!(read_status(&app, &sha, Duration::from_secs(90)).await, "done");
    let text: String =
        sqlx::query_scalar("SELECT text FROM document_pages WHERE sha256 = ?").bind(&sha).fetch_one(&app.pool).await.unwrap();
    assert!(text.contains("QUORUM"), "OCR read the scan: {text:?}");
    let inline = app.get(&format!("/documents/{sha}/view"), None).await;
    assert_eq!(inline.headers()["content-type"], "image/png", "a sane picture is shown inline");
    let found = search_until(&app, "/es/deals?q=quorum", "Warehouse abatement").await;
    assert!(found.contains("En la página 1 de «Board minutes»"), "{found}");
}

#[tokio::test]
async fn uploads_are_limited_per_minute_and_per_day() {
    // Test servers take files up to 2 MB and 6 MB per account a day.
    let app = TestApp::start_with("upload=4").await;
    let moderator = app.staff("mona", "moderator").await;
    let deal = app.record(&moderator, "Busy deal", "Arlington County, VA").await;
    let file = |n: u8, size: usize| [b"%PDF-1.4\n".to_vec(), vec![n; size]].concat();
    for n in 0..3 {
        assert_eq!(attach(&app, Some(&moderator), deal, "big.pdf", "application/pdf", file(n, 1_900_000)).await.status(), 303);
    }
    let res = attach(&app, Some(&moderator), deal, "more.pdf", "application/pdf", file(9, 500_000)).await;
    assert_eq!(res.status(), 429, "over the day's quota");
    assert!(body(res).await.contains("You have uploaded 6 MB of documents in the last 24 hours"));
    let res = attach(&app, Some(&moderator), deal, "tiny.pdf", "application/pdf", file(8, 10)).await;
    assert_eq!(res.status(), 429, "over the minute's limit");
    assert!(res.headers().get("retry-after").is_some());
    let uploads: i64 = sqlx::query_scalar("SELECT count(*) FROM document_uploads").fetch_one(&app.pool).await.unwrap();
    assert_eq!(uploads, 3);
}

#[tokio::test]
async fn an_import_keeps_the_files_its_rows_name_and_refuses_paths_outside_the_folder() {
    let app = TestApp::start().await;
    app.staff("mona", "moderator").await;
    let files = app.dir().join("files");
    std::fs::create_dir_all(files.join("2019")).unwrap();
    let minutes = pdf(&["Imported minutes with the word xylophonic"]);
    std::fs::write(files.join("2019/minutes.pdf"), &minutes).unwrap();
    std::fs::write(app.dir().join("secret.pdf"), pdf(&["not for import"])).unwrap();
    std::fs::write(files.join("2019/big.pdf"), [pdf(&["A long report"]), vec![b' '; 1_200_000]].concat()).unwrap();
    let head = "external_id,title,kind,status,government,government_kind,state,geoidfq,entity,amount_usd,amount_disclosed,value_basis,approved,source_urls,source_titles,source_files\n";
    let good = "f-1,Imported with minutes,cloud_contract,active,Arlington County,county,VA,,\"Amazon Web Services, Inc.\",1000.00,yes,maximum,2024,https://example.org/f1 | https://example.org/f1b,Board minutes | Staff report,2019/minutes.pdf\n";
    let outside = "f-2,Reaching outside,cloud_contract,active,Arlington County,county,VA,,\"Amazon Web Services, Inc.\",2000.00,yes,maximum,2024,https://example.org/f2,Memo,../secret.pdf\n";
    let csv = app.dir().join("import.csv");
    let big = "f-3,Too big a file,cloud_contract,active,Arlington County,county,VA,,\"Amazon Web Services, Inc.\",3000.00,yes,maximum,2024,https://example.org/f3,Report,2019/big.pdf\n";
    std::fs::write(&csv, format!("{head}{good}{outside}{big}")).unwrap();

    // Without --files-from, rows naming files are refused.
    let (_, out) = tracker(&app, &["import", csv.to_str().unwrap(), "--as", "mona", "--partial"]);
    assert!(out.contains("2019/minutes.pdf: give the folder these files are in with --files-from DIR"), "{out}");
    let deals: i64 =
        sqlx::query_scalar("SELECT count(*) FROM deals WHERE title = 'Imported with minutes'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(deals, 0);
    let (_, out) = tracker(
        &app,
        &["import", csv.to_str().unwrap(), "--as", "mona", "--partial", "--files-from", files.to_str().unwrap(), "--max-upload-mb", "1"],
    );
    assert!(out.contains("../secret.pdf: name a file inside the --files-from folder"), "{out}");
    assert!(out.contains("2019/big.pdf: larger than 1 MB, the most the site keeps."), "the server's upload limit holds: {out}");
    let sha = sha256(&minutes);
    let cited: String = sqlx::query_scalar(
        "SELECT s.document FROM sources s JOIN deals d ON d.id = s.deal_id WHERE d.title = 'Imported with minutes' AND s.position = 0",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(cited, sha, "the first source keeps the file; the second has none");
    let second: Option<String> = sqlx::query_scalar(
        "SELECT s.document FROM sources s JOIN deals d ON d.id = s.deal_id WHERE d.title = 'Imported with minutes' AND s.position = 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(second, None);
    assert_eq!(sha256(&std::fs::read(app.dir().join("documents").join(&sha[..2]).join(&sha)).unwrap()), sha);
    let via: String =
        sqlx::query_scalar("SELECT via FROM document_uploads WHERE sha256 = ?").bind(&sha).fetch_one(&app.pool).await.unwrap();
    assert_eq!(via, "import", "an import does not use up the moderator's daily upload quota");
    // The server reads its text and the public finds its words, placed on its page.
    assert_eq!(read_status(&app, &sha, Duration::from_secs(60)).await, "done");
    let found = search_until(&app, "/deals?q=xylophonic", "Imported with minutes").await;
    assert!(found.contains("On page 1 of “Board minutes”"), "{found}");
    let page = body(app.get(&format!("/documents/{sha}"), None).await).await;
    assert!(page.contains("minutes.pdf") && page.contains("Imported with minutes"), "{page}");
}

fn tracker(app: &TestApp, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .env("DATABASE_URL", format!("sqlite://{}", app.dir().join("test.db").display()))
        .env("TRACKER_DOCUMENTS_DIR", app.dir().join("documents"))
        .env("TRACKER_SEARCH_DIR", app.dir().join("search-cli"))
        .output()
        .expect("run tracker");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[tokio::test]
async fn documents_are_verified_backed_up_and_restored_with_their_hashes() {
    let app = TestApp::start().await;
    let moderator = app.staff("mona", "moderator").await;
    let deal = app.record(&moderator, "Data center tax break", "Arlington County, VA").await;
    let (a, b) = (pdf(&["First document"]), pdf(&["Second document"]));
    let (sa, sb) = (sha256(&a), sha256(&b));
    assert_eq!(attach(&app, Some(&moderator), deal, "a.pdf", "application/pdf", a.clone()).await.status(), 303);
    assert_eq!(attach(&app, Some(&moderator), deal, "b.pdf", "application/pdf", b).await.status(), 303);
    read_status(&app, &sb, Duration::from_secs(60)).await;

    let (ok, out) = tracker(&app, &["documents", "verify"]);
    assert!(ok && out.contains("2 documents"), "{out}");

    let backup = app.dir().join("backup");
    let (ok, out) = tracker(&app, &["backup", backup.to_str().unwrap()]);
    assert!(ok && out.contains("integrity ok") && out.contains("2 documents"), "{out}");
    let copied = backup.join("documents").join(&sa[..2]).join(&sa);
    assert_eq!(sha256(&std::fs::read(&copied).unwrap()), sa);

    // A file changed on disk is found.
    let live_b = app.dir().join("documents").join(&sb[..2]).join(&sb);
    std::fs::write(&live_b, b"%PDF-1.4 tampered").unwrap();
    let (ok, out) = tracker(&app, &["documents", "verify"]);
    assert!(!ok && out.contains(&format!("damaged: {sb}")), "{out}");

    // Restored elsewhere: the database and every document, each hash checked.
    let target = app.dir().join("restored");
    std::fs::create_dir_all(&target).unwrap();
    let restored = std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["restore", backup.to_str().unwrap()])
        .env("DATABASE_URL", format!("sqlite://{}", target.join("tracker.db").display()))
        .env("TRACKER_DOCUMENTS_DIR", target.join("documents"))
        .env("TRACKER_SEARCH_DIR", target.join("search"))
        .output()
        .unwrap();
    let out = format!("{}{}", String::from_utf8_lossy(&restored.stdout), String::from_utf8_lossy(&restored.stderr));
    assert!(restored.status.success() && out.contains("2 documents"), "{out}");
    assert_eq!(std::fs::read(target.join("documents").join(&sa[..2]).join(&sa)).unwrap(), a, "the same bytes");
    assert_eq!(sha256(&std::fs::read(target.join("documents").join(&sb[..2]).join(&sb)).unwrap()), sb, "the backup's good copy came back");

    // A backup whose document was changed is refused before anything is replaced.
    std::fs::write(&copied, b"%PDF-1.4 changed in the backup").unwrap();
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["restore", backup.to_str().unwrap()])
        .env("DATABASE_URL", format!("sqlite://{}", target.join("tracker.db").display()))
        .env("TRACKER_DOCUMENTS_DIR", target.join("documents"))
        .output()
        .unwrap();
    let out = format!("{}{}", String::from_utf8_lossy(&refused.stdout), String::from_utf8_lossy(&refused.stderr));
    assert!(!refused.status.success() && out.contains("the database was not restored") && out.contains(&format!("damaged: {sa}")), "{out}");
}

/// Posts the new-deal form as a browser does once a file input is on it: multipart, every
/// field as typed, one `source_file` part per source (empty when no file was chosen).
async fn post_new_deal(app: &TestApp, cookie: &str, fields: &[(&str, &str)], file: Option<(&str, Vec<u8>)>) -> reqwest::Response {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let (name, bytes) = file.unwrap_or(("", Vec::new()));
    form = form.part("source_file", Part::bytes(bytes).file_name(name.to_string()).mime_str("application/octet-stream").unwrap());
    app.client.post(format!("{}/deals/new", app.base)).header("cookie", cookie).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn the_deal_form_keeps_a_sources_document_sent_with_it() {
    let app = TestApp::start().await;
    let moderator = app.staff("mona", "moderator").await;
    let ana = app.sign_up("ana").await;
    let ben = app.sign_up("ben").await;
    let form = body(app.get("/deals/new", Some(&ana)).await).await;
    assert!(form.contains("enctype=\"multipart/form-data\"") && form.contains("name=\"source_file\""), "{form}");

    let mut fields = common::deal_form("Warehouse abatement", "Arlington County, VA");
    fields.push(("not_duplicate", "1"));
    // A file that is no document: said next to its field, with the rest as typed.
    let refused = post_new_deal(&app, &ana, &fields, Some(("minutes.pdf", b"MZ\x90\x00 not a document".to_vec()))).await;
    assert_eq!(refused.status(), 422);
    let page = body(refused).await;
    assert!(page.contains("id=\"err-source_file_0\"") && page.contains("This file is none of these"), "{page}");
    assert!(page.contains("value=\"Warehouse abatement\""), "the title comes back as typed");

    // A good file with another field wrong: the file is kept, the form says so and carries it.
    let bytes = pdf(&["Abatement agreement", "The quillwort clause"]);
    let sha = sha256(&bytes);
    let untitled: Vec<(&str, &str)> = fields.iter().map(|&(k, v)| if k == "title" { (k, "") } else { (k, v) }).collect();
    let again = post_new_deal(&app, &ana, &untitled, Some(("agreement.pdf", bytes.clone()))).await;
    assert_eq!(again.status(), 422);
    let page = body(again).await;
    assert!(page.contains(&format!("name=\"source_document\" value=\"{sha}\"")), "the kept file rides with the form: {page}");
    assert!(page.contains("A document is kept for this source."), "{page}");
    assert_eq!(app.get(&format!("/documents/{sha}"), None).await.status(), 404, "nobody else sees it yet");

    // Sent again with the title and no new file, as the browser does: the deal cites it.
    let mut resent = fields.clone();
    resent.push(("source_document", sha.as_str()));
    let saved = post_new_deal(&app, &ana, &resent, None).await;
    assert_eq!(saved.status(), 303);
    let deal: i64 = saved.headers()["location"].to_str().unwrap().trim_start_matches("/deals/").split('?').next().unwrap().parse().unwrap();
    assert_eq!(read_status(&app, &sha, Duration::from_secs(60)).await, "done");
    let cited: i64 = sqlx::query_scalar("SELECT count(*) FROM revision_documents WHERE deal_id = ? AND sha256 = ?")
        .bind(deal)
        .bind(&sha)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(cited, 1, "the deal's revision cites the document");
    let uploads: i64 =
        sqlx::query_scalar("SELECT count(*) FROM document_uploads WHERE sha256 = ?").bind(&sha).fetch_one(&app.pool).await.unwrap();
    assert_eq!(uploads, 1, "sent once, kept once");

    // Another contributor who holds the same file and attaches it sees their own upload on
    // its page, never the first uploader's name or file name.
    let other = app.record(&moderator, "Cloud storage contract", "Arlington County, VA").await;
    assert_eq!(attach(&app, Some(&ben), other, "bens-copy.pdf", "application/pdf", bytes.clone()).await.status(), 303);
    let bens = body(app.get(&format!("/documents/{sha}"), Some(&ben)).await).await;
    assert!(bens.contains("bens-copy.pdf") && bens.contains(" by ben"), "{bens}");
    assert!(!bens.contains("agreement.pdf") && !bens.contains(" by ana") && !bens.contains("Warehouse abatement"), "{bens}");

    // Approved, the document is public and its words find the deal.
    let rid = app.pending_revision(deal).await;
    assert_eq!(app.post_form(&format!("/review/{rid}/approve"), Some(&moderator), &[]).await.status(), 303);
    let found = search_until(&app, "/deals?q=quillwort", "Warehouse abatement").await;
    assert!(found.contains("Warehouse abatement") && found.contains("On page 2 of “Board minutes”"), "{found}");
}

/// The new-deal form with several sources, each with its own file input, in the order a
/// browser sends them: each source's fields, then its file (empty when none was chosen).
fn sources_form(title: &str, rows: &[(&str, &str, Option<Vec<u8>>)]) -> Form {
    let mut form = Form::new();
    for (k, v) in common::deal_form(title, "Arlington County, VA") {
        if !k.starts_with("source_") {
            form = form.text(k.to_string(), v.to_string());
        }
    }
    form = form.text("not_duplicate", "1");
    for (i, (row_title, publisher, file)) in rows.iter().enumerate() {
        for (k, v) in
            [("source_id", ""), ("source_url", ""), ("source_title", *row_title), ("source_publisher", *publisher), ("source_document", "")]
        {
            form = form.text(k.to_string(), v.to_string());
        }
        let (name, bytes) = match file {
            Some(b) => (format!("part-{i}.pdf"), b.clone()),
            None => (String::new(), Vec::new()),
        };
        form = form.part("source_file", Part::bytes(bytes).file_name(name).mime_str("application/octet-stream").unwrap());
    }
    form
}

#[tokio::test]
async fn each_file_on_the_deal_form_goes_to_its_own_source_within_the_limits() {
    // Test servers take files up to 2 MB and 6 MB per account a day; six uploads a minute.
    let app = TestApp::start_with("upload=6").await;
    let moderator = app.staff("mona", "moderator").await;
    let post = async |form: Form| {
        app.client.post(format!("{}/deals/new", app.base)).header("cookie", &moderator).multipart(form).send().await.unwrap()
    };
    let file = |n: u8, size: usize| [b"%PDF-1.4\n".to_vec(), vec![n; size]].concat();

    // A file over the limit is said next to its own field, not the source's before it.
    let res =
        post(sources_form("Three part deal", &[("Notice", "City Clerk", None), ("Agreement", "City Clerk", Some(file(1, 2_100_000)))]))
            .await;
    assert_eq!(res.status(), 422);
    let page = body(res).await;
    assert!(page.contains("id=\"err-source_file_1\"") && page.contains("larger than 2 MB"), "{page}");
    assert!(!page.contains("id=\"err-source_file_0\""), "{page}");

    // Three files for three sources: each source cites its own.
    let parts: Vec<Vec<u8>> = (2..5).map(|n| file(n, 1_900_000)).collect();
    let rows: Vec<(&str, &str, Option<Vec<u8>>)> =
        ["Part one", "Part two", "Part three"].iter().zip(&parts).map(|(t, b)| (*t, "City Clerk", Some(b.clone()))).collect();
    let res = post(sources_form("Three part deal", &rows)).await;
    assert_eq!(res.status(), 303);
    let deal: i64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/deals/").parse().unwrap();
    let cited: Vec<(String, Option<String>)> = sqlx::query_as("SELECT title, document FROM sources WHERE deal_id = ? ORDER BY position")
        .bind(deal)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let want: Vec<(String, Option<String>)> =
        ["Part one", "Part two", "Part three"].iter().zip(&parts).map(|(t, b)| (t.to_string(), Some(sha256(b)))).collect();
    assert_eq!(cited, want);

    // A file sent on its own, ahead of the form, is held to the same size.
    let part = Part::bytes(file(5, 2_030_000)).file_name("big.pdf").mime_str("application/pdf").unwrap();
    let res = app
        .client
        .post(format!("{}/documents", app.base))
        .header("cookie", &moderator)
        .multipart(Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(body(res)
        .await
        .trim_end()
        .ends_with("the most this site takes. Upload a smaller copy (for example only the pages that matter)."));

    // The day's quota holds across the files of one post (5.7 MB kept, 6 MB a day).
    let res = post(sources_form("Quota deal", &[("More", "City Clerk", Some(file(7, 400_000)))])).await;
    assert_eq!(res.status(), 422);
    let page = body(res).await;
    assert!(page.contains("id=\"err-source_file_0\"") && page.contains("You have uploaded 6 MB"), "{page}");

    // Over the minute's uploads, a large post is refused before it is read: a body that is
    // no form at all gets the 429, not the 400 reading it would give.
    for path in ["/deals/new", "/documents"] {
        let res = app
            .client
            .post(format!("{}{path}", app.base))
            .header("cookie", &moderator)
            .header("content-type", "multipart/form-data; boundary=never-sent")
            .body(vec![b'x'; 300_000])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "{path}");
        assert!(res.headers().get("retry-after").is_some(), "{path}");
    }
    let uploads: i64 = sqlx::query_scalar("SELECT count(*) FROM document_uploads").fetch_one(&app.pool).await.unwrap();
    assert_eq!(uploads, 3);
}

#[tokio::test]
async fn a_file_sent_ahead_of_the_form_answers_its_fingerprint_and_stays_its_senders() {
    let app = TestApp::start().await;
    let ana = app.sign_up("ana").await;
    let send = async |cookie: Option<&str>, bytes: Vec<u8>| {
        let part = Part::bytes(bytes).file_name("notes.pdf").mime_str("application/pdf").unwrap();
        let mut req = app.client.post(format!("{}/documents", app.base)).multipart(Form::new().part("file", part));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.unwrap()
    };
    let bytes = pdf(&["Notes sent ahead"]);
    assert_eq!(send(None, bytes.clone()).await.status(), 401, "signing in comes first");
    let part = Part::bytes(bytes.clone()).file_name("notes.pdf").mime_str("application/pdf").unwrap();
    let forged = app
        .client
        .post(format!("{}/documents", app.base))
        .header("cookie", &ana)
        .header("origin", "https://evil.example")
        .multipart(Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "another site's page cannot upload in a reader's name");

    let uploads = async || -> i64 { sqlx::query_scalar("SELECT count(*) FROM document_uploads").fetch_one(&app.pool).await.unwrap() };
    assert_eq!(uploads().await, 0, "nothing kept for a refused post");
    let res = send(Some(&ana), bytes.clone()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(body(res).await, sha256(&bytes), "the answer is the file's SHA-256");
    assert_eq!(app.get(&format!("/documents/{}", sha256(&bytes)), Some(&ana)).await.status(), 200);
    assert_eq!(app.get(&format!("/documents/{}", sha256(&bytes)), None).await.status(), 404, "private until cited and approved");

    let res = send(Some(&ana), b"MZ\x90\x00 a program".to_vec()).await;
    assert_eq!(res.status(), 422);
    assert!(
        body(res).await.trim_end().ends_with("This file is none of these, whatever its name says."),
        "the last line says what is wrong"
    );
    let res = app
        .client
        .post(format!("{}/es/documents", app.base))
        .header("cookie", &ana)
        .multipart(Form::new().text("file", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(body(res).await.contains("Elija el archivo"), "in the page's language");
}

#[test]
fn the_server_says_at_start_when_a_text_reader_is_missing() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // A PATH with neither pdftotext nor tesseract on it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("readers.db").display()))
        .env("TRACKER_PLACES_DIR", "/nonexistent")
        .env("PATH", dir.path())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut said = String::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !(said.contains("tesseract is not installed") && said.contains("pdftotext is not installed")) && Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            said.push_str(&line);
            said.push('\n');
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        said.contains("pdftotext is not installed, so documents are kept without their text; install Debian's poppler-utils"),
        "{said}"
    );
    assert!(
        said.contains("tesseract is not installed, so documents are kept without their text; install Debian's tesseract-ocr"),
        "{said}"
    );
}
