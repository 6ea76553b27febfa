//! Starts the real router on a random port with its own database, a copy of one loaded
//! from the reference files once per test binary.

#![allow(dead_code)]

use reqwest::{redirect::Policy, Client, Response};
use server::ServeConfig;
use sqlx::SqlitePool;
use std::{net::SocketAddr, path::PathBuf, sync::OnceLock};

/// The shared reference files (Census Gazetteer, school districts, maps).
pub fn refdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/refdata")
}

/// A database with the jurisdictions loaded, shared read-only by the tests of one binary;
/// copy it before writing.
pub fn template() -> &'static PathBuf {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        // Under the target directory, one per test process. A static is never dropped, so
        // each run's template would stay behind (19 MB each, in /tmp before): those of
        // processes that have ended go now.
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("templates");
        std::fs::create_dir_all(&root).expect("template folder");
        let me = std::process::id();
        // Whether a process is running is read from /proc (Linux); elsewhere nothing goes.
        let proc_fs = std::path::Path::new("/proc/self").exists();
        for entry in std::fs::read_dir(&root).expect("template folder").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let pid = name.strip_prefix("template-").and_then(|r| r.split('.').next()).and_then(|p| p.parse::<u32>().ok());
            if proc_fs && pid.is_some_and(|p| p != me && !std::path::Path::new(&format!("/proc/{p}")).exists()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let path = root.join(format!("template-{me}.db"));
        let url = format!("sqlite://{}", path.display());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async {
                let pool = app::repo::connect(&url).await.expect("connect");
                app::load::load_dir(&pool, &refdata(), false).await.expect("load refdata");
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&pool).await.expect("checkpoint");
                pool.close().await;
            });
        })
        .join()
        .expect("template thread");
        path
    })
}

/// A running server and a client that keeps no cookies of its own.
pub struct TestApp {
    pub base: String,
    pub pool: SqlitePool,
    pub client: Client,
    /// The server's search index (see [`TestApp::indexed`]).
    pub search: std::sync::Arc<app::search::SearchIndex>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn start() -> Self {
        Self::start_with("login=0,login_account=0,signup=0,submit=0,edit=0,flag=0,password=0,upload=0").await
    }

    /// Starts as if behind TLS (Secure cookies, HSTS).
    pub async fn start_secure() -> Self {
        Self::start_full("login=0,login_account=0,signup=0,submit=0,edit=0,flag=0,password=0", true).await
    }

    /// Starts with the given rate limits ("login=2,…").
    pub async fn start_with(limits: &str) -> Self {
        Self::start_full(limits, false).await
    }

    /// Starts as if behind a proxy on this machine (127.0.0.1 is trusted for X-Forwarded-For).
    pub async fn start_behind_proxy(limits: &str) -> Self {
        Self::start_config(limits, false, vec!["127.0.0.1".parse().expect("address")]).await
    }

    /// Whether the reference maps were found (tests of maps need them).
    pub fn has_maps() -> bool {
        atlas().is_some()
    }

    async fn start_full(limits: &str, secure: bool) -> Self {
        Self::start_config(limits, secure, vec![]).await
    }

    /// Starts with mail to followers set up, sending to an SMTP address where nothing
    /// listens (what is queued waits): for tests of the follow forms.
    pub async fn start_with_mail() -> Self {
        Self::start_with_mail_limits("follow=0").await
    }

    /// [`start_with_mail`](Self::start_with_mail) with the `follow` limit given
    /// ("follow=2"), others off, behind a proxy on this machine (X-Forwarded-For believed).
    pub async fn start_with_mail_limits(follow: &str) -> Self {
        let mail = server::mail::MailConfig::new(
            "smtp://127.0.0.1:9",
            "tracker@example.org",
            "http://tracker.example.org",
            7,
            std::time::Duration::from_secs(3600),
        )
        .expect("mail config");
        let limits = format!("login=0,login_account=0,signup=0,submit=0,edit=0,flag=0,password=0,{follow}");
        Self::start_inner(&limits, false, vec!["127.0.0.1".parse().expect("address")], Some(mail)).await
    }

    async fn start_config(limits: &str, secure: bool, trusted_proxies: Vec<std::net::IpAddr>) -> Self {
        Self::start_inner(limits, secure, trusted_proxies, None).await
    }

    async fn start_inner(
        limits: &str,
        secure: bool,
        trusted_proxies: Vec<std::net::IpAddr>,
        mail: Option<server::mail::MailConfig>,
    ) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("test.db");
        std::fs::copy(template(), &db).expect("copy template");
        let pool = app::repo::connect(&format!("sqlite://{}", db.display())).await.expect("connect");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let search = std::sync::Arc::new(app::search::SearchIndex::open(Some(&dir.path().join("search"))).expect("search index"));
        let config = ServeConfig {
            addr,
            secure_cookies: secure,
            site_root: dir.path().join("site"),
            places_dirs: vec![],
            limits: app::web::limits::RateLimits::parse(limits).expect("limits"),
            trusted_proxies,
            data_licence: "CC BY 4.0".into(),
            public_url: format!("http://{addr}"),
            atlas: atlas(),
            page_cache_bytes: 0,
            search: search.clone(),
            mail,
            documents: std::sync::Arc::new(app::documents::store::FolderStore::new(dir.path().join("documents"))),
            uploads: app::documents::UploadLimits { max_file: 2_000_000, per_day: 6_000_000 },
        };
        let router = server::router(pool.clone(), &config).await;
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
        });
        let client = Client::builder().redirect(Policy::none()).timeout(std::time::Duration::from_secs(60)).build().expect("client");
        TestApp { base: format!("http://{addr}"), pool, client, search, _dir: dir }
    }

    /// Brings the search index up to every change written so far. A signed-out search does
    /// not wait for the index (it may be a moment behind a write), and these tests write to
    /// the database directly, which does not wake the index's follower.
    pub async fn indexed(&self) {
        app::search::follow::catch_up(&self.search, &self.pool).await.expect("search index caught up");
    }

    /// A GET. A 503 from the server's 30 s request timeout is retried once: Leptos' async SSR
    /// rarely leaves a response unfinished (see the session note), and a GET is safe to repeat.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Response {
        let send = || {
            let mut req = self.client.get(format!("{}{path}", self.base));
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            req.send()
        };
        let res = send().await.expect("get");
        if res.status() == 503 {
            eprintln!("retrying GET {path} after a 503");
            return send().await.expect("get");
        }
        res
    }

    pub async fn post_form(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Response {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        let mut req =
            self.client.post(format!("{}{path}", self.base)).header("content-type", "application/x-www-form-urlencoded").body(body);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.expect("post")
    }

    /// Signs up and returns the `name=value` session cookie.
    pub async fn sign_up(&self, handle: &str) -> String {
        let res = self
            .post_form("/signup", None, &[("handle", handle), ("password", "correct horse battery"), ("confirm", "correct horse battery")])
            .await;
        assert_eq!(res.status(), 303, "sign-up should redirect");
        session_cookie(&res).expect("session cookie")
    }

    /// Signs up and makes the account a moderator (or admin); returns its cookie.
    pub async fn staff(&self, handle: &str, role: &str) -> String {
        let cookie = self.sign_up(handle).await;
        sqlx::query("UPDATE users SET role = ? WHERE handle = ?").bind(role).bind(handle).execute(&self.pool).await.expect("role");
        cookie
    }

    /// Records a deal as `cookie`'s account; returns its id.
    pub async fn record(&self, cookie: &str, title: &str, place: &str) -> i64 {
        let mut form = deal_form(title, place);
        form.push(("not_duplicate", "1"));
        let res = self.post_form("/deals/new", Some(cookie), &form).await;
        assert_eq!(res.status(), 303, "recording {title}");
        let loc = res.headers()["location"].to_str().unwrap().to_string();
        loc.trim_start_matches("/deals/").parse().expect("deal id")
    }

    /// The id of the newest pending revision of a deal.
    pub async fn pending_revision(&self, deal: i64) -> i64 {
        sqlx::query_scalar(
            "SELECT r.id FROM revisions r LEFT JOIN revision_decisions d ON d.revision_id = r.id
             WHERE r.deal_id = ? AND d.revision_id IS NULL ORDER BY r.number DESC LIMIT 1",
        )
        .bind(deal)
        .fetch_one(&self.pool)
        .await
        .expect("a pending revision")
    }

    /// The revision number the public sees.
    pub async fn shown_revision(&self, deal: i64) -> i64 {
        sqlx::query_scalar("SELECT published_revision FROM deals WHERE id = ?").bind(deal).fetch_one(&self.pool).await.expect("shown")
    }

    /// The server's own folder: its database (`test.db`) and documents (`documents/`).
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub async fn deal_count(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM deals").fetch_one(&self.pool).await.expect("count")
    }
}

/// The `tracker_session=…` pair (`__Host-tracker_session=…` behind TLS) from a response's
/// Set-Cookie.
pub fn session_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| {
            let v = v.trim_start_matches("__Host-");
            v.starts_with("tracker_session=") && !v.starts_with("tracker_session=;")
        })
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

/// A complete, valid deal form; tests change what they need.
pub fn deal_form<'a>(title: &'a str, jurisdiction: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("jurisdiction", jurisdiction),
        ("jurisdiction_id", ""),
        ("entity_id", "2"),
        ("kind", "cloud_contract"),
        ("status", "active"),
        ("amount", "$23,000,000"),
        ("value_basis", "maximum"),
        ("approved", "2023-05"),
        ("source_url", "https://example.org/minutes.pdf"),
        ("source_title", "Board minutes"),
        ("source_publisher", ""),
        ("source_published", ""),
        ("source_archive_url", ""),
        ("source_note", ""),
    ]
}

/// The map outlines from ../shared/refdata, read once per test binary.
fn atlas() -> Option<std::sync::Arc<app::maps::Atlas>> {
    static ATLAS: std::sync::OnceLock<Option<std::sync::Arc<app::maps::Atlas>>> = std::sync::OnceLock::new();
    ATLAS.get_or_init(|| app::maps::Atlas::load(&[refdata()]).map(std::sync::Arc::new)).clone()
}

/// Adds an account with `tracker user add` (the passphrase typed at its prompt), as an
/// operator does, to the database at `db`.
pub fn add_user(db: &str, handle: &str, role: &str, passphrase: &str) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let out = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(["user", "add", handle, "--role", role])
        .env("DATABASE_URL", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().expect("stdin").write_all(format!("{passphrase}\n").as_bytes())?;
            c.wait_with_output()
        })
        .expect("tracker user add");
    assert!(out.status.success(), "tracker user add {handle}");
}

/// Where the kept counts, and what each deal was counted for (its `tallied_deals` row and its
/// government's place), differ from what a rebuild from the deals makes of them: a line per
/// difference, none when they agree. The rebuild is rolled back.
pub async fn counts_differ_from_a_rebuild(pool: &SqlitePool) -> Vec<String> {
    let tallied = "SELECT json_group_array(json_array(t.deal_id, t.jurisdiction_id, t.state_usps, t.kind, t.status, t.basis,
                    t.entity_id, t.year, t.cents, t.updated_at, p.parent_id, p.state_usps, p.is_state))
                   FROM (SELECT * FROM tallied_deals ORDER BY deal_id) t JOIN tallied_places p USING (jurisdiction_id)";
    let mut tx = app::repo::begin_write(pool).await.expect("write");
    let kept = app::repo::tallies::snapshot(&mut tx).await.expect("kept counts");
    let kept_deals: String = sqlx::query_scalar(tallied).fetch_one(&mut *tx).await.expect("counted deals");
    app::repo::tallies::rebuild(&mut tx).await.expect("rebuild");
    let recounted = app::repo::tallies::snapshot(&mut tx).await.expect("rebuilt counts");
    let recounted_deals: String = sqlx::query_scalar(tallied).fetch_one(&mut *tx).await.expect("recounted deals");
    tx.rollback().await.expect("rollback");
    let mut differ = app::repo::tallies::differences(&kept, &recounted);
    if kept_deals != recounted_deals {
        differ.push(format!("what each deal was counted for: kept {kept_deals}; rebuilt {recounted_deals}"));
    }
    differ
}
