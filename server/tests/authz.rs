//! The authorisation matrix: every write and every restricted page, driven over HTTP as
//! anonymous, the author (a contributor), another contributor, a moderator and an admin.

mod common;

use app::domain::review::{self, Edit};
use app::model::view::Viewer;
use app::model::Deal;
use app::model::{DealInput, Role, SourceInput};
use app::repo;
use common::TestApp;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Author,
    Other,
    Moderator,
    Admin,
}

const EVERYONE: [Who; 5] = [Who::Anonymous, Who::Author, Who::Other, Who::Moderator, Who::Admin];

/// Accounts with live sessions, made directly so the matrix doesn't pay for password hashing.
struct People {
    ids: Vec<(Who, i64, String)>,
}

impl People {
    async fn new(app: &TestApp) -> Self {
        let mut ids = Vec::new();
        for (who, role) in [
            (Who::Author, Role::Contributor),
            (Who::Other, Role::Contributor),
            (Who::Moderator, Role::Moderator),
            (Who::Admin, Role::Admin),
        ] {
            let mut conn = app.pool.acquire().await.unwrap();
            let handle = format!("{who:?}").to_lowercase();
            let id = repo::users::insert(&mut conn, &handle, "!", role).await.unwrap();
            let token = repo::sessions::create(&mut conn, id).await.unwrap();
            ids.push((who, id, format!("tracker_session={token}")));
        }
        People { ids }
    }
    fn cookie(&self, who: Who) -> Option<&str> {
        self.ids.iter().find(|p| p.0 == who).map(|p| p.2.as_str())
    }
    fn id(&self, who: Who) -> i64 {
        self.ids.iter().find(|p| p.0 == who).map(|p| p.1).unwrap()
    }
}

/// Fresh objects to act on.
struct Fixture {
    published: i64,
    other_published: i64,
    pending_deal: i64,
    pending_revision: i64,
    flag: i64,
    link: i64,
    proposal: i64,
    /// A contributor's "how to take part" version, waiting.
    profile: i64,
    /// A document the author attached in a change that waits for review.
    pending_document: String,
    /// A document the author attached in a change a moderator turned down.
    rejected_document: String,
}

/// Stores a document and attaches it, as `who`, to the first source of `deal` (published,
/// shown at revision 1); returns its SHA-256 and the revision.
async fn attached(app: &TestApp, tx: &mut sqlx::SqliteConnection, deal: i64, who: &Viewer, text: &str) -> (String, i64) {
    use app::documents::store::Store;
    let bytes = format!("%PDF-1.4 {text}").into_bytes();
    let sha = app::documents::store::sha256_hex(&bytes);
    app::documents::store::FolderStore::new(app.dir().join("documents")).put(&sha, &bytes).unwrap();
    repo::documents::add(
        &mut *tx,
        &sha,
        app::model::document::MediaType::Pdf,
        bytes.len() as i64,
        "m.pdf",
        who.id,
        repo::documents::Via::Form,
    )
    .await
    .unwrap();
    let (mut d, base, replaces) = review::edit_start(&mut *tx, deal, who).await.unwrap();
    d.sources[0].document = Some(sha.clone());
    let e = Edit { deal_id: deal, base, deal: d, choices: Default::default(), replaces, summary: "document" };
    review::edit(&mut *tx, e, who).await.unwrap();
    let rev: i64 = sqlx::query_scalar("SELECT max(id) FROM revisions WHERE deal_id = ?").bind(deal).fetch_one(&mut *tx).await.unwrap();
    (sha, rev)
}

async fn snapshot(app: &TestApp, title: &str) -> Deal {
    let input = DealInput {
        title: title.into(),
        kind: "cloud_contract".into(),
        jurisdiction: "x".into(),
        entity_id: "2".into(),
        amount: "100".into(),
        value_basis: "maximum".into(),
        status: "active".into(),
        sources: vec![SourceInput { url: "https://example.org/a".into(), ..Default::default() }],
        ..Default::default()
    };
    let jid: i64 =
        sqlx::query_scalar("SELECT id FROM jurisdictions WHERE geoidfq = '1600000US0653000'").fetch_one(&app.pool).await.unwrap();
    Deal { jurisdiction_id: jid, ..input.parse().unwrap() }
}

async fn jid_of(conn: &mut sqlx::SqliteConnection) -> i64 {
    sqlx::query_scalar("SELECT id FROM jurisdictions WHERE geoidfq = '1600000US0653000'").fetch_one(conn).await.unwrap()
}

async fn fixture(app: &TestApp, p: &People, n: usize) -> Fixture {
    let m = Viewer { id: p.id(Who::Moderator), handle: String::new(), role: Role::Moderator };
    let a = Viewer { id: p.id(Who::Author), handle: String::new(), role: Role::Contributor };
    let mut tx = repo::begin_write(&app.pool).await.unwrap();
    let (published, _) = review::submit(&mut tx, &snapshot(app, &format!("Published {n}")).await, &m, "Deal recorded").await.unwrap();
    let (other_published, _) = review::submit(&mut tx, &snapshot(app, &format!("Other {n}")).await, &m, "Deal recorded").await.unwrap();
    let (pending_deal, _) = review::submit(&mut tx, &snapshot(app, &format!("Pending {n}")).await, &a, "Deal recorded").await.unwrap();
    review::edit(
        &mut tx,
        Edit {
            deal_id: published,
            base: 1,
            deal: snapshot(app, &format!("Edited {n}")).await,
            choices: Default::default(),
            replaces: None,
            summary: "edit",
        },
        &a,
    )
    .await
    .unwrap();
    let pending_revision: i64 =
        sqlx::query_scalar("SELECT id FROM revisions WHERE deal_id = ? AND number = 2").bind(published).fetch_one(&mut *tx).await.unwrap();
    let flag = repo::flags::create(&mut tx, published, a.id, "other", "note").await.unwrap().unwrap();
    repo::links::insert(&mut tx, published, other_published, "package", a.id).await.unwrap();
    let link: i64 = sqlx::query_scalar("SELECT max(id) FROM deal_links").fetch_one(&mut *tx).await.unwrap();
    let name = format!("Port Authority {n}");
    let proposal = repo::proposals::propose(
        &mut tx,
        repo::proposals::NewProposal {
            name: &name,
            kind: app::model::JurisdictionKind::SpecialDistrict,
            state_usps: "CA",
            parent_id: None,
            note: "statute",
            user: a.id,
            approved: false,
        },
    )
    .await
    .unwrap();
    let oakland = jid_of(&mut tx).await;
    let profile = repo::profiles::insert(
        &mut tx,
        oakland,
        &app::model::profile::Profile { meetings_url: Some("https://example.org/meetings".into()), ..Default::default() },
        a.id,
        None,
    )
    .await
    .unwrap();
    let (doc_deal, _) = review::submit(&mut tx, &snapshot(app, &format!("Documented {n}")).await, &m, "Deal recorded").await.unwrap();
    let (pending_document, _) = attached(app, &mut tx, doc_deal, &a, &format!("pending {n}")).await;
    let (turned_down, _) = review::submit(&mut tx, &snapshot(app, &format!("Turned down {n}")).await, &m, "Deal recorded").await.unwrap();
    let (rejected_document, rev) = attached(app, &mut tx, turned_down, &a, &format!("rejected {n}")).await;
    review::reject(&mut tx, rev, &m, "not the right file").await.unwrap();
    tx.commit().await.unwrap();
    Fixture {
        published,
        other_published,
        pending_deal,
        pending_revision,
        flag,
        link,
        proposal,
        profile,
        pending_document,
        rejected_document,
    }
}

/// What a role should get: sent to sign in, or a status code.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Login,
    Status(u16),
}

async fn outcome(res: reqwest::Response) -> Expect {
    let status = res.status().as_u16();
    if status == 303 && res.headers().get("location").and_then(|l| l.to_str().ok()).is_some_and(|l| l.starts_with("/login")) {
        return Expect::Login;
    }
    Expect::Status(status)
}

type Req = (&'static str, String, Vec<(String, String)>);

async fn run(name: &str, expect: impl Fn(Who) -> Expect, request: impl Fn(&Fixture) -> Req) {
    let app = TestApp::start().await;
    let people = People::new(&app).await;
    for (n, who) in EVERYONE.iter().enumerate() {
        let f = fixture(&app, &people, n).await;
        let (method, path, form) = request(&f);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let res = if method == "GET" {
            app.get(&path, people.cookie(*who)).await
        } else {
            app.post_form(&path, people.cookie(*who), &form).await
        };
        let got = outcome(res).await;
        assert_eq!(got, expect(*who), "{name} as {who:?}: {method} {path}");
    }
}

fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn deal_form(base: Option<i64>) -> Vec<(String, String)> {
    let mut f = kv(&[
        ("title", "Matrix deal"),
        ("jurisdiction", "Oakland, CA"),
        ("entity_id", "2"),
        ("kind", "cloud_contract"),
        ("status", "active"),
        ("amount", "5"),
        ("value_basis", "maximum"),
        ("source_url", "https://example.org/m"),
        ("not_duplicate", "1"),
    ]);
    if let Some(b) = base {
        f.push(("base".into(), b.to_string()));
    }
    f
}

fn signed_in(ok: u16) -> impl Fn(Who) -> Expect {
    move |w| if w == Who::Anonymous { Expect::Login } else { Expect::Status(ok) }
}

fn moderators(ok: u16) -> impl Fn(Who) -> Expect {
    move |w| match w {
        Who::Anonymous => Expect::Login,
        Who::Author | Who::Other => Expect::Status(403),
        _ => Expect::Status(ok),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_action_checks_the_callers_role() {
    run("new deal form", signed_in(200), |_| ("GET", "/deals/new".into(), vec![])).await;
    run("record a deal", signed_in(303), |_| ("POST", "/deals/new".into(), deal_form(None))).await;
    run("edit a published deal", signed_in(303), |f| ("POST", format!("/deals/{}/edit", f.published), deal_form(Some(1)))).await;
    run(
        "edit a pending deal",
        |w| match w {
            Who::Anonymous => Expect::Login,
            Who::Other => Expect::Status(404),
            _ => Expect::Status(303),
        },
        |f| ("POST", format!("/deals/{}/edit", f.pending_deal), deal_form(Some(1))),
    )
    .await;
    run(
        "see a pending deal",
        |w| Expect::Status(if matches!(w, Who::Anonymous | Who::Other) { 404 } else { 200 }),
        |f| ("GET", format!("/deals/{}", f.pending_deal), vec![]),
    )
    .await;
    // A document is public only once an approved version of a published deal cites it:
    // until then its uploader and moderators see it, and others get "not found".
    let uploader_and_moderators = |w| Expect::Status(if matches!(w, Who::Anonymous | Who::Other) { 404 } else { 200 });
    run("see a pending document", uploader_and_moderators, |f| ("GET", format!("/documents/{}", f.pending_document), vec![])).await;
    run("download a pending document", uploader_and_moderators, |f| ("GET", format!("/documents/{}/file", f.pending_document), vec![]))
        .await;
    run("see a turned-down document", uploader_and_moderators, |f| ("GET", format!("/documents/{}", f.rejected_document), vec![])).await;
    run("download a turned-down document", uploader_and_moderators, |f| {
        ("GET", format!("/documents/{}/file", f.rejected_document), vec![])
    })
    .await;
    run(
        "see a pending deal's history",
        |w| Expect::Status(if matches!(w, Who::Anonymous | Who::Other) { 404 } else { 200 }),
        |f| ("GET", format!("/deals/{}/history", f.pending_deal), vec![]),
    )
    .await;
    run("approve", moderators(303), |f| ("POST", format!("/review/{}/approve", f.pending_revision), vec![])).await;
    run("reject", moderators(303), |f| ("POST", format!("/review/{}/reject", f.pending_revision), kv(&[("reason", "no")]))).await;
    run("revert", moderators(303), |f| {
        ("POST", format!("/deals/{}/revert", f.other_published), kv(&[("number", "1"), ("reason", "restore"), ("confirm", "yes")]))
    })
    .await;
    run("withdraw", moderators(303), |f| ("POST", format!("/deals/{}/withdraw", f.published), kv(&[("reason", "dup")]))).await;
    run("flag", signed_in(303), |f| ("POST", format!("/deals/{}/flag", f.published), kv(&[("kind", "other"), ("note", "wrong")]))).await;
    run("resolve a flag", moderators(303), |f| ("POST", format!("/review/flags/{}/resolve", f.flag), kv(&[("reason", "fixed")]))).await;
    run("link deals", signed_in(303), |f| {
        ("POST", format!("/deals/{}/links", f.other_published), kv(&[("link_kind", "renews"), ("other", &f.published.to_string())]))
    })
    .await;
    run("remove a link", moderators(303), |f| ("POST", format!("/deals/{}/links/{}/remove", f.published, f.link), vec![])).await;
    run("approve a proposed government", moderators(303), |f| ("POST", format!("/review/places/{}/approve", f.proposal), vec![])).await;
    run("propose how to take part", signed_in(303), |_| {
        ("POST", "/take-part?place=ca/oakland".into(), kv(&[("meetings_url", "https://example.org/oakland/agendas")]))
    })
    .await;
    // Following by email needs no account; on a site without SMTP nothing is queued for
    // anyone, and a mailed link's token, not an account, is what lets one manage follows.
    run(
        "follow by email (no SMTP here)",
        |_| Expect::Status(422),
        |_| ("POST", "/follow?feed=/places/ca/oakland/feed.atom".into(), kv(&[("email", "ana@example.org"), ("frequency", "daily")])),
    )
    .await;
    run(
        "confirm a follow with a made-up link",
        |_| Expect::Status(422),
        |_| ("POST", format!("/follow/confirm?token={}", "c".repeat(64)), vec![]),
    )
    .await;
    run(
        "stop a follow with a made-up link",
        |_| Expect::Status(422),
        |_| ("POST", format!("/follow/manage?token={}", "d".repeat(64)), kv(&[("follow", "1"), ("stop", "1")])),
    )
    .await;
    run(
        "unsubscribe with a made-up link",
        |_| Expect::Status(422),
        |_| ("POST", format!("/follow/unsubscribe?token={}", "e".repeat(64)), vec![]),
    )
    .await;
    run("approve how to take part", moderators(303), |f| ("POST", format!("/review/profiles/{}/approve", f.profile), vec![])).await;
    run("turn down how to take part", moderators(303), |f| {
        ("POST", format!("/review/profiles/{}/reject", f.profile), kv(&[("reason", "wrong link")]))
    })
    .await;
    run(
        "review queue",
        |w| {
            Expect::Status(match w {
                Who::Anonymous => 401,
                Who::Author | Who::Other => 403,
                _ => 200,
            })
        },
        |_| ("GET", "/review".into(), vec![]),
    )
    .await;
    run(
        "accounts page",
        |w| {
            Expect::Status(match w {
                Who::Anonymous => 401,
                Who::Admin => 200,
                _ => 403,
            })
        },
        |_| ("GET", "/admin/users".into(), vec![]),
    )
    .await;
    run(
        "change a role",
        |w| match w {
            Who::Anonymous => Expect::Login,
            Who::Admin => Expect::Status(303),
            _ => Expect::Status(403),
        },
        |_| ("POST", "/admin/users/role".into(), kv(&[("handle", "other"), ("role", "moderator")])),
    )
    .await;
}
