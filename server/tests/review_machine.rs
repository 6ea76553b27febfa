//! Property test of the review state machine: for any sequence of submit, edit, approve,
//! reject, revert and withdraw by contributors and moderators, the public view equals the
//! last approved revision and the revision count only grows.

use app::domain::review::{self, Edit, ReviewError};
use app::model::view::Viewer;
use app::model::Deal;
use app::model::{DealInput, Role, SourceInput};
use app::repo;
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

fn snap(n: usize, jid: i64) -> Deal {
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
    Deal { jurisdiction_id: jid, ..input.parse().expect("valid") }
}

async fn check(pool: &sqlx::SqlitePool, deal: i64, last_count: &mut i64) {
    let mut conn = pool.acquire().await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM revisions WHERE deal_id = ?").bind(deal).fetch_one(&mut *conn).await.unwrap();
    assert!(count >= *last_count, "revisions only grow");
    *last_count = count;
    let (published, shown, withdrawn): (i64, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT published, published_revision, deleted_at FROM deals WHERE id = ?")
            .bind(deal)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    let last_approved: Option<(i64, String)> = sqlx::query_as(
        "SELECT r.number, r.snapshot FROM revisions r JOIN revision_decisions d ON d.revision_id = r.id
         WHERE r.deal_id = ? AND d.decision = 'approved' ORDER BY r.number DESC LIMIT 1",
    )
    .bind(deal)
    .fetch_optional(&mut *conn)
    .await
    .unwrap();
    let listed = repo::sets::list(&mut conn, &repo::sets::DealSet::Site, 10).await.unwrap().iter().any(|r| r.id == deal);
    match last_approved {
        None => {
            assert_eq!(published, 0, "nothing approved: not public");
            assert!(!listed);
        }
        Some((number, snapshot)) => {
            assert_eq!(published, 1);
            assert_eq!(shown, Some(number), "the shown revision is the last approved one");
            let expected = Deal::from_stored(&snapshot).unwrap();
            let view = repo::deals::get(&mut conn, deal).await.unwrap().unwrap();
            assert_eq!(view.deal.title, expected.title);
            assert_eq!(view.deal.amount_cents, expected.amount_cents);
            assert_eq!(view.deal.sources.len(), expected.sources.len());
            assert_eq!(listed, withdrawn.is_none(), "public lists show it unless withdrawn");
        }
    }
}

async fn play(ops: Vec<Op>, contributor_first: bool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = repo::connect(&format!("sqlite://{}", dir.path().join("m.db").display())).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let c = Viewer {
        id: repo::users::insert(&mut conn, "c", "!", Role::Contributor).await.unwrap(),
        handle: "c".into(),
        role: Role::Contributor,
    };
    let m =
        Viewer { id: repo::users::insert(&mut conn, "m", "!", Role::Moderator).await.unwrap(), handle: "m".into(), role: Role::Moderator };
    let jid: i64 = sqlx::query_scalar("SELECT id FROM jurisdictions WHERE state_usps = 'VA'").fetch_one(&mut *conn).await.unwrap();
    drop(conn);
    let mut tx = repo::begin_write(&pool).await.unwrap();
    let (deal, _) = review::submit(&mut tx, &snap(0, jid), if contributor_first { &c } else { &m }, "Deal recorded").await.unwrap();
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
                let (published, shown): (i64, Option<i64>) = sqlx::query_as("SELECT published, published_revision FROM deals WHERE id = ?")
                    .bind(deal)
                    .fetch_one(&mut *tx)
                    .await
                    .unwrap();
                let current = if published == 1 { shown.unwrap_or(0) } else { revisions.last().map(|r| r.1).unwrap_or(0) };
                let base = if stale { current - 1 } else { current };
                review::edit(
                    &mut tx,
                    Edit { deal_id: deal, base, deal: snap(n + 1, jid), choices: Default::default(), replaces: None, summary: "edit" },
                    if moderator { &m } else { &c },
                )
                .await
                .map(|_| ())
            }
            Op::Approve(i) => review::approve(&mut tx, pick(i).0, &m, None, &Default::default()).await.map(|_| ()),
            Op::Reject(i) => review::reject(&mut tx, pick(i).0, &m, "no").await.map(|_| ()),
            Op::Revert(i) => review::revert(&mut tx, deal, pick(i).1, &m, "back").await.map(|_| ()),
            Op::Withdraw => review::withdraw(&mut tx, deal, &m, "gone", None).await,
        };
        tx.commit().await.unwrap();
        check(&pool, deal, &mut count).await;
    }
    // A contributor can never approve, revert or withdraw.
    let mut tx = repo::begin_write(&pool).await.unwrap();
    let any: i64 = sqlx::query_scalar("SELECT id FROM revisions WHERE deal_id = ? LIMIT 1").bind(deal).fetch_one(&mut *tx).await.unwrap();
    assert!(matches!(review::approve(&mut tx, any, &c, None, &Default::default()).await, Err(ReviewError::Forbidden)));
    assert!(matches!(review::withdraw(&mut tx, deal, &c, "x", None).await, Err(ReviewError::Forbidden)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn public_view_is_the_last_approved_revision(ops in prop::collection::vec(op(), 1..25), contributor_first in any::<bool>()) {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(play(ops, contributor_first));
    }
}

/// One step of several people editing one deal at once.
#[derive(Clone, Debug)]
enum Step {
    /// Editor `who` opens the edit form on the version shown now.
    Open { who: usize },
    /// Editor `who` changes units of the deal and saves what they opened; conflicts are
    /// settled all one way (`mine`).
    Save { who: usize, changes: Vec<(usize, u8)>, mine: bool },
    /// A moderator approves the `i`-th waiting change, settling conflicts all one way.
    Approve { i: usize, mine: bool },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0usize..4).prop_map(|who| Step::Open { who }),
        4 => ((0usize..4), prop::collection::vec((0usize..8, any::<u8>()), 1..4), any::<bool>())
            .prop_map(|(who, changes, mine)| Step::Save { who, changes, mine }),
        3 => ((0usize..6), any::<bool>()).prop_map(|(i, mine)| Step::Approve { i, mine }),
    ]
}

/// A change to one unit of the deal, as a person would type it.
fn change(s: &mut Deal, unit: usize, value: u8) {
    let d = s;
    match unit {
        0 => d.title = format!("Title {value}"),
        1 => d.program = Some(format!("Program {value}")),
        2 => d.jobs_promised = Some(value as i64),
        3 => d.amount_cents = Some(100 + value as i64),
        4 => d.facility_location = Some(format!("Place {value}")),
        5 => d.description = value.is_multiple_of(2).then(|| format!("Said {value}")),
        6 => d.sources[0].note = Some(format!("page {value}")),
        _ => d.sources.push(app::model::Source { url: Some(format!("https://example.org/{value}")), ..Default::default() }),
    }
}

async fn shown(conn: &mut sqlx::SqliteConnection, deal: i64) -> (i64, Deal) {
    let (number, text): (i64, String) = sqlx::query_as(
        "SELECT r.number, r.snapshot FROM revisions r JOIN deals d ON d.id = r.deal_id AND r.number = d.published_revision WHERE d.id = ?",
    )
    .bind(deal)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    (number, Deal::from_stored(&text).unwrap())
}

async fn stored(conn: &mut sqlx::SqliteConnection, deal: i64, number: i64) -> (Option<i64>, Option<i64>, Deal) {
    let (base, merged_from, text): (Option<i64>, Option<i64>, String) =
        sqlx::query_as("SELECT base_number, merged_from, snapshot FROM revisions WHERE deal_id = ? AND number = ?")
            .bind(deal)
            .bind(number)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    (base, merged_from, Deal::from_stored(&text).unwrap())
}

/// Plays the steps: whenever the shown version changes, every unit that changed is one the
/// published edit itself changed (against the version it started from). So no committed
/// value disappears unless an edit changed that very unit.
async fn edit_together(steps: Vec<Step>) {
    use app::domain::merge::{keys, same, Choice};
    let dir = tempfile::tempdir().unwrap();
    let pool = repo::connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let mut people = Vec::new();
    for (i, role) in [Role::Contributor, Role::Contributor, Role::Moderator, Role::Contributor].into_iter().enumerate() {
        people.push(Viewer {
            id: repo::users::insert(&mut conn, &format!("p{i}"), "!", role).await.unwrap(),
            handle: format!("p{i}"),
            role,
        });
    }
    let moderator = people[2].clone();
    let jid: i64 = sqlx::query_scalar("SELECT id FROM jurisdictions WHERE state_usps = 'VA'").fetch_one(&mut *conn).await.unwrap();
    drop(conn);
    let mut tx = repo::begin_write(&pool).await.unwrap();
    let (deal, _) = review::submit(&mut tx, &snap(0, jid), &moderator, "Deal recorded").await.unwrap();
    tx.commit().await.unwrap();
    let mut forms: Vec<Option<(i64, Deal)>> = vec![None; people.len()];
    for step in steps {
        let mut tx = repo::begin_write(&pool).await.unwrap();
        let (before_n, before) = shown(&mut tx, deal).await;
        let choose = |mine: bool, conflicts: &[app::domain::merge::FieldKey]| {
            conflicts.iter().map(|k| (k.clone(), if mine { Choice::Mine } else { Choice::Now })).collect()
        };
        match step {
            Step::Open { who } => forms[who] = Some((before_n, before.clone())),
            Step::Save { who, changes, mine } => {
                let Some((base, opened)) = forms[who].clone() else { continue };
                let mut edited = opened.clone();
                for (unit, value) in changes {
                    change(&mut edited, unit, value);
                }
                let e = |choices| Edit { deal_id: deal, base, deal: edited.clone(), choices, replaces: None, summary: "edit" };
                match review::edit(&mut tx, e(Default::default()), &people[who]).await {
                    Err(ReviewError::Conflict(report)) => {
                        review::edit(&mut tx, e(choose(mine, &report.fields)), &people[who]).await.unwrap();
                    }
                    Err(ReviewError::Invalid(_)) => {}
                    other => {
                        other.unwrap();
                    }
                }
            }
            Step::Approve { i, mine } => {
                let waiting: Vec<i64> = sqlx::query_scalar(
                    "SELECT r.id FROM revisions r LEFT JOIN revision_decisions d ON d.revision_id = r.id
                     WHERE r.deal_id = ? AND d.revision_id IS NULL ORDER BY r.number",
                )
                .bind(deal)
                .fetch_all(&mut *tx)
                .await
                .unwrap();
                if waiting.is_empty() {
                    continue;
                }
                let rid = waiting[i % waiting.len()];
                match review::approve(&mut tx, rid, &moderator, None, &Default::default()).await {
                    Err(ReviewError::Conflict(report)) => {
                        review::approve(&mut tx, rid, &moderator, None, &choose(mine, &report.fields)).await.unwrap();
                    }
                    Err(ReviewError::Invalid(_)) => {}
                    other => {
                        other.unwrap();
                    }
                }
            }
        }
        let (after_n, after) = shown(&mut tx, deal).await;
        if after_n != before_n {
            // The edit that was published: the revision itself, or the one it merged.
            let (mut base, merged_from, mut edit) = stored(&mut tx, deal, after_n).await;
            if let Some(m) = merged_from {
                let (b, _, s) = stored(&mut tx, deal, m).await;
                base = b;
                edit = s;
            }
            let (_, _, started) = stored(&mut tx, deal, base.expect("an edit has a base")).await;
            for key in keys(&[&before, &after]) {
                if !same(&before, &after, &key) {
                    assert!(
                        !same(&started, &edit, &key),
                        "{key:?} changed from revision {before_n} to {after_n} though the edit did not change it"
                    );
                }
            }
        }
        tx.commit().await.unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn no_committed_value_disappears_unless_an_edit_changed_it(steps in prop::collection::vec(step(), 1..30)) {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(edit_together(steps));
    }
}
