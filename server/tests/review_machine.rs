//! Property test of the review state machine: for any sequence of submit, edit, approve,
//! reject, revert and withdraw by contributors and moderators, the public view equals the
//! last approved revision and the revision count only grows.

use app::model::{DealInput, Role, SourceInput};
use app::repo::{self, deals::Snapshot, review::Actor};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Edit { moderator: bool, stale: bool },
    Approve(usize),
    Reject(usize),
    Revert(usize),
    Withdraw,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<bool>(), prop::bool::weighted(0.2)).prop_map(|(moderator, stale)| Op::Edit { moderator, stale }),
        3 => (0usize..8).prop_map(Op::Approve),
        2 => (0usize..8).prop_map(Op::Reject),
        1 => (0usize..8).prop_map(Op::Revert),
        1 => Just(Op::Withdraw),
    ]
}

fn snap(n: usize, jid: i64) -> Snapshot {
    let input = DealInput {
        title: format!("Version {n}"),
        kind: "tax_abatement".into(),
        jurisdiction: "x".into(),
        entity_id: "3".into(),
        amount: format!("{}", 1000 + n),
        value_basis: "estimated".into(),
        status: "approved".into(),
        sources: (0..=(n % 3)).map(|i| SourceInput { url: format!("https://example.org/{n}/{i}"), ..Default::default() }).collect(),
        ..Default::default()
    };
    Snapshot { deal: input.parse().expect("valid"), jurisdiction_id: jid }
}

async fn check(pool: &sqlx::SqlitePool, deal: i64, last_count: &mut i64) {
    let mut conn = pool.acquire().await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions WHERE deal_id = ?").bind(deal).fetch_one(&mut *conn).await.unwrap();
    assert!(count >= *last_count, "revisions only grow");
    *last_count = count;
    let (published, shown, withdrawn): (i64, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT published, published_revision, deleted_at FROM deals WHERE id = ?").bind(deal).fetch_one(&mut *conn).await.unwrap();
    let last_approved: Option<(i64, String)> = sqlx::query_as(
        "SELECT r.number, r.snapshot FROM revisions r JOIN revision_decisions d ON d.revision_id = r.id
         WHERE r.deal_id = ? AND d.decision = 'approved' ORDER BY r.number DESC LIMIT 1",
    )
    .bind(deal)
    .fetch_optional(&mut *conn)
    .await
    .unwrap();
    let listed = repo::deals::list(&mut conn, &repo::deals::Scope::Site, 10).await.unwrap().iter().any(|r| r.id == deal);
    match last_approved {
        None => {
            assert_eq!(published, 0, "nothing approved: not public");
            assert!(!listed);
        }
        Some((number, snapshot)) => {
            assert_eq!(published, 1);
            assert_eq!(shown, Some(number), "the shown revision is the last approved one");
            let expected: Snapshot = serde_json::from_str(&snapshot).unwrap();
            let view = repo::deals::get(&mut conn, deal).await.unwrap().unwrap();
            assert_eq!(view.title, expected.deal.title);
            assert_eq!(view.amount_cents, expected.deal.amount_cents);
            assert_eq!(view.sources.len(), expected.deal.sources.len());
            assert_eq!(listed, withdrawn.is_none(), "public lists show it unless withdrawn");
        }
    }
}

async fn play(ops: Vec<Op>, contributor_first: bool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = repo::connect(&format!("sqlite://{}", dir.path().join("m.db").display())).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let c = Actor { id: repo::users::insert(&mut conn, "c", "!", Role::Contributor).await.unwrap(), role: Role::Contributor };
    let m = Actor { id: repo::users::insert(&mut conn, "m", "!", Role::Moderator).await.unwrap(), role: Role::Moderator };
    let jid: i64 = sqlx::query_scalar("SELECT id FROM jurisdictions WHERE state_usps = 'VA'").fetch_one(&mut *conn).await.unwrap();
    drop(conn);
    let mut tx = repo::begin_write(&pool).await.unwrap();
    let (deal, _) = repo::review::submit(&mut tx, &snap(0, jid), if contributor_first { c } else { m }).await.unwrap();
    tx.commit().await.unwrap();
    let mut count = 0;
    check(&pool, deal, &mut count).await;
    for (n, op) in ops.into_iter().enumerate() {
        let mut tx = repo::begin_write(&pool).await.unwrap();
        let revisions: Vec<(i64, i64)> = sqlx::query_as("SELECT id, number FROM revisions WHERE deal_id = ? ORDER BY number")
            .bind(deal)
            .fetch_all(&mut *tx)
            .await
            .unwrap();
        let pick = |i: usize| revisions[i % revisions.len()];
        // Errors (conflicts, already decided, withdrawn) are legal outcomes; the invariants
        // must hold whatever happened.
        let _ = match op {
            Op::Edit { moderator, stale } => {
                let (published, shown): (i64, Option<i64>) =
                    sqlx::query_as("SELECT published, published_revision FROM deals WHERE id = ?").bind(deal).fetch_one(&mut *tx).await.unwrap();
                let current = if published == 1 { shown.unwrap_or(0) } else { revisions.last().map(|r| r.1).unwrap_or(0) };
                let base = if stale { current - 1 } else { current };
                repo::review::edit(&mut tx, deal, base, &snap(n + 1, jid), if moderator { m } else { c }, "edit").await.map(|_| ())
            }
            Op::Approve(i) => repo::review::approve(&mut tx, pick(i).0, m, None).await.map(|_| ()),
            Op::Reject(i) => repo::review::reject(&mut tx, pick(i).0, m, "no").await.map(|_| ()),
            Op::Revert(i) => repo::review::revert(&mut tx, deal, pick(i).1, m).await.map(|_| ()),
            Op::Withdraw => repo::review::withdraw(&mut tx, deal, m, "gone", None).await,
        };
        tx.commit().await.unwrap();
        check(&pool, deal, &mut count).await;
    }
    // A contributor can never approve, revert or withdraw.
    let mut tx = repo::begin_write(&pool).await.unwrap();
    let any: i64 = sqlx::query_scalar("SELECT id FROM revisions WHERE deal_id = ? LIMIT 1").bind(deal).fetch_one(&mut *tx).await.unwrap();
    assert!(matches!(repo::review::approve(&mut tx, any, c, None).await, Err(repo::review::ReviewError::Forbidden)));
    assert!(matches!(repo::review::withdraw(&mut tx, deal, c, "x", None).await, Err(repo::review::ReviewError::Forbidden)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn public_view_is_the_last_approved_revision(ops in prop::collection::vec(op(), 1..25), contributor_first in any::<bool>()) {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(play(ops, contributor_first));
    }
}
