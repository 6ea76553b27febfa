//! The index against the database: following the change record, suggestions, and a
//! property test of matching against a brute-force reading of the same text.

use super::follow::{catch_up, check, rebuild};
use super::query::{analyzer, words};
use super::{Scoring, SearchIndex, Wanted};
use sqlx::SqlitePool;

async fn database() -> SqlitePool {
    let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
    sqlx::query("INSERT INTO jurisdictions (id, kind, legal_type, official_name, display_name, state_fips, state_usps, slug) VALUES (90001, 'county', 'County', 'Fairfax County', 'Fairfax County', '51', 'VA', 'fairfax-county')")
        .execute(&pool).await.unwrap();
    pool
}

async fn deal(pool: &SqlitePool, id: i64, title: &str, description: &str, published: bool) {
    sqlx::query(
        "INSERT INTO deals (id, title, description, kind, jurisdiction_id, entity_id, amount_disclosed, status, review_state, published, created_at, updated_at, state_usps)
         VALUES (?, ?, ?, 'tax_abatement', 90001, 1, 0, 'active', 'approved', ?, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'VA')",
    )
    .bind(id).bind(title).bind(description).bind(published).execute(pool).await.unwrap();
}

/// Records a change as the writes do (without the aggregates' upkeep, not tested here).
async fn changed(pool: &SqlitePool, kind: &str, first: Option<i64>, last: Option<i64>) {
    sqlx::query("INSERT INTO changes (at, kind, first_deal, last_deal) VALUES ('2024-01-01T00:00:00Z', ?, ?, ?)")
        .bind(kind)
        .bind(first)
        .bind(last)
        .execute(pool)
        .await
        .unwrap();
}

fn found(index: &SearchIndex, q: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = index.find(&Wanted::parse(q).unwrap(), false).unwrap().into_iter().map(|h| h.0).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn the_index_follows_the_change_record() {
    let pool = database().await;
    deal(&pool, 1, "Data center tax abatement", "", true).await;
    deal(&pool, 2, "Warehouse abatement agreement", "Fulfillment center in Chantilly", true).await;
    deal(&pool, 3, "Ring camera partnership", "", true).await;
    deal(&pool, 4, "Zebrafish hatchery subsidy", "", false).await;
    changed(&pool, "deals", Some(1), Some(4)).await;
    let index = SearchIndex::open(None).unwrap();
    assert_eq!(catch_up(&index, &pool).await.unwrap(), 1, "built, then at the newest change");
    assert_eq!(found(&index, "abatement"), vec![1, 2]);
    assert_eq!(found(&index, "center"), vec![1, 2], "the description is searched");
    assert_eq!(found(&index, "fairfax"), vec![1, 2, 3], "and the government's name");
    assert!(found(&index, "zebrafish").is_empty(), "an unpublished deal is not in the index");
    // An edit, a withdrawal and a publication, each recorded.
    sqlx::query("UPDATE deals SET title = 'Logistics hub abatement' WHERE id = 2").execute(&pool).await.unwrap();
    changed(&pool, "deal", Some(2), Some(2)).await;
    sqlx::query("UPDATE deals SET deleted_at = '2024-02-01T00:00:00Z' WHERE id = 1").execute(&pool).await.unwrap();
    changed(&pool, "deal", Some(1), Some(1)).await;
    sqlx::query("UPDATE deals SET published = 1 WHERE id = 4").execute(&pool).await.unwrap();
    changed(&pool, "deal", Some(4), Some(4)).await;
    // Not followed yet: the index is behind, and says so.
    let behind = check(&index, &pool).await.unwrap();
    assert_eq!((behind.position, behind.latest), (1, 4));
    assert!(!behind.differences.is_empty());
    assert_eq!(catch_up(&index, &pool).await.unwrap(), 4);
    assert_eq!(found(&index, "abatement"), vec![2]);
    assert!(found(&index, "warehouse").is_empty());
    assert_eq!(found(&index, "zebrafish"), vec![4]);
    // A renamed government: its deals are found by the new name.
    sqlx::query("UPDATE jurisdictions SET display_name = 'Fairfax Borough' WHERE id = 90001").execute(&pool).await.unwrap();
    changed(&pool, "places", None, None).await;
    // An import's batch.
    for id in 10..=40 {
        deal(&pool, id, &format!("Imported cloud contract {id}"), "", true).await;
    }
    changed(&pool, "deals", Some(10), Some(40)).await;
    assert_eq!(catch_up(&index, &pool).await.unwrap(), 6);
    assert_eq!(found(&index, "borough"), [vec![2, 3, 4], (10..=40).collect::<Vec<i64>>()].concat());
    assert_eq!(found(&index, "imported cloud").len(), 31);
    let c = check(&index, &pool).await.unwrap();
    assert_eq!((c.position, c.latest, c.differences.len()), (6, 6, 0), "{:?}", c.differences);
    // Text changed behind the index's back is found by the check, and a rebuild repairs it.
    sqlx::query("UPDATE deals SET title = 'Changed quietly' WHERE id = 3").execute(&pool).await.unwrap();
    assert_eq!(check(&index, &pool).await.unwrap().differences, vec!["deal 3: indexed with other text".to_string()]);
    rebuild(&index, &pool).await.unwrap();
    assert!(check(&index, &pool).await.unwrap().differences.is_empty());
}

#[tokio::test]
async fn an_index_in_a_folder_keeps_its_position_and_starts_over_for_an_older_database() {
    let pool = database().await;
    deal(&pool, 1, "Data center tax abatement", "", true).await;
    changed(&pool, "deal", Some(1), Some(1)).await;
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(Some(dir.path())).unwrap();
        catch_up(&index, &pool).await.unwrap();
    }
    deal(&pool, 2, "Warehouse abatement", "", true).await;
    changed(&pool, "deal", Some(2), Some(2)).await;
    let index = SearchIndex::open(Some(dir.path())).unwrap();
    assert_eq!(index.position(), 1, "the position is kept with the index");
    assert_eq!(found(&index, "abatement"), vec![1]);
    assert_eq!(catch_up(&index, &pool).await.unwrap(), 2);
    assert_eq!(found(&index, "abatement"), vec![1, 2]);
    drop(index);
    // A database older than the index (a restore): the index is built again from it.
    let older = database().await;
    deal(&older, 1, "Data center tax abatement", "", true).await;
    changed(&older, "deal", Some(1), Some(1)).await;
    let index = SearchIndex::open(Some(dir.path())).unwrap();
    assert_eq!(catch_up(&index, &older).await.unwrap(), 1);
    assert_eq!(found(&index, "abatement"), vec![1]);
    let pool = older;
    // A folder holding anything but an index is never emptied to make one.
    let shared = tempfile::tempdir().unwrap();
    std::fs::write(shared.path().join("tracker.db"), b"the database").unwrap();
    assert!(matches!(SearchIndex::open(Some(shared.path())), Err(super::SearchError::Foreign(_))));
    assert!(shared.path().join("tracker.db").exists());
    // Another process holding the index can't be written to at the same time.
    let other = SearchIndex::open(Some(dir.path())).unwrap();
    changed(&pool, "deal", Some(1), Some(1)).await;
    assert!(matches!(catch_up(&other, &pool).await, Err(super::SearchError::Locked)));
}

#[tokio::test]
async fn a_search_that_finds_nothing_is_offered_a_spelling_from_published_deals() {
    let pool = database().await;
    deal(&pool, 1, "Data center tax abatement", "", true).await;
    deal(&pool, 2, "Warehouse abatement agreement", "", true).await;
    deal(&pool, 3, "Abutment repair", "", true).await;
    // Not published: its words are never offered.
    deal(&pool, 4, "Zebrafish hatchery subsidy", "", false).await;
    let index = SearchIndex::open(None).unwrap();
    rebuild(&index, &pool).await.unwrap();
    let s = |q: &str| index.suggest(&Wanted::parse(q).unwrap()).unwrap();
    // One letter missing: the word more deals hold wins over an equally close one.
    assert_eq!(s("abatment").as_deref(), Some("abatement"));
    assert_eq!(s("data centr abatment").as_deref(), Some("data center abatement"));
    assert_eq!(s("Tax Abatemnet").as_deref(), Some("tax abatement"), "a swap of two letters is one edit");
    assert_eq!(s("\"tax abatemnt\"").as_deref(), Some("\"tax abatement\""), "in a phrase too");
    // Words the index has, or none close: nothing to offer.
    assert_eq!(s("abatement"), None);
    assert_eq!(s("abat"), None, "the last word is a prefix of a word held");
    assert_eq!(s("quantum"), None);
    // Only an unpublished deal holds the close word.
    assert_eq!(s("zebrafsh"), None);
    // Close words that together find nothing are not offered.
    assert_eq!(s("ring abatment"), None);
}

mod matching {
    use super::*;
    use proptest::prelude::*;

    const VOCABULARY: [&str; 12] =
        ["data", "center", "datacenter", "tax", "taxes", "abatement", "Ring", "camera", "Cañada", "cloud", "contract", "Fulfillment"];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec((0..VOCABULARY.len(), prop_oneof![Just(" "), Just("-"), Just(", "), Just(". ")]), 0..8)
            .prop_map(|ws| ws.into_iter().map(|(i, sep)| format!("{}{sep}", VOCABULARY[i])).collect())
    }

    fn typed() -> impl Strategy<Value = String> {
        let word = (0..VOCABULARY.len(), 2usize..7).prop_map(|(i, n)| {
            let w = VOCABULARY[i].to_lowercase();
            // Whole, or cut short (a prefix when last).
            let cut: String = w.chars().take(n.max(3)).collect();
            if n == 6 {
                w
            } else {
                cut
            }
        });
        proptest::collection::vec((word, any::<bool>()), 1..4).prop_map(|ws| {
            let mut out = String::new();
            for (i, (w, quoted)) in ws.iter().enumerate() {
                if *quoted && i + 1 < ws.len() {
                    out.push_str(&format!("\"{w} {}\" ", ws[i + 1].0));
                } else {
                    out.push_str(&format!("{w} "));
                }
            }
            out.trim_end().to_string()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

        /// Any search over any public deals finds exactly the deals whose text, read word by
        /// word, holds every word (the last as a prefix) and every phrase in order.
        #[test]
        fn the_index_finds_what_reading_the_text_finds(
            deals in proptest::collection::vec((text().prop_map(|t| if t.is_empty() { "x".to_string() } else { t }), text(), any::<bool>()), 1..25),
            searches in proptest::collection::vec(typed(), 1..8),
        ) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                let pool = database().await;
                for (i, (title, description, public)) in deals.iter().enumerate() {
                    deal(&pool, i as i64 + 1, title, description, *public).await;
                }
                let index = SearchIndex::open(None).unwrap();
                rebuild(&index, &pool).await.unwrap();
                let texts = crate::repo::search_text::range(&mut pool.acquire().await.unwrap(), 1, 100).await.unwrap();
                for q in &searches {
                    let Ok(wanted) = Wanted::parse(q) else { continue };
                    let mut a = analyzer();
                    let brute: Vec<i64> = texts
                        .iter()
                        .filter(|t| t.public && wanted.matches(&words(&mut a, &format!("{} {}", t.title, t.body))))
                        .map(|t| t.id)
                        .collect();
                    assert_eq!(found(&index, q), brute, "{q:?} as {wanted:?}");
                }
            });
        }

        /// Whatever is typed, a search parses or says why not, and the index answers it.
        #[test]
        fn hostile_searches_are_answered_or_refused_with_a_message(q in "\\PC{0,80}") {
            let index = SearchIndex::open(None).unwrap();
            match Wanted::parse(&q) {
                Ok(w) => {
                    prop_assert!(!w.words.is_empty() || !w.phrases.is_empty());
                    prop_assert!(index.find(&w, true).is_ok());
                    prop_assert!(index.suggest(&w).is_ok());
                }
                Err(m) => prop_assert!(m.id == "search-empty" || m.id == "search-words-too-short"),
            }
        }
    }
}

/// The matches walked in shares on threads (`each`) are those `find` lists, with the same
/// scores, across segments and past withdrawn deals.
#[tokio::test]
async fn walking_in_shares_finds_what_find_finds() {
    let pool = database().await;
    let texts = ["Data center tax abatement", "Warehouse abatement", "Ring camera data sharing", "Cloud hosting"];
    // Enough that a share holds several full blocks and batches of matches (64 each).
    for id in 1..=400 {
        deal(&pool, id, texts[id as usize % 4], &"abatement ".repeat(id as usize % 3), true).await;
    }
    changed(&pool, "deals", Some(1), Some(400)).await;
    let index = SearchIndex::open(None).unwrap();
    catch_up(&index, &pool).await.unwrap();
    for id in 401..=700 {
        deal(&pool, id, texts[id as usize % 4], "data", true).await;
    }
    changed(&pool, "deals", Some(401), Some(700)).await;
    sqlx::query("UPDATE deals SET deleted_at = '2024-02-01T00:00:00Z' WHERE id IN (3, 444)").execute(&pool).await.unwrap();
    changed(&pool, "deals", Some(3), Some(444)).await;
    catch_up(&index, &pool).await.unwrap();
    for q in ["abatement", "data", "dat", "\"tax abatement\"", "cloud"] {
        let w = Wanted::parse(q).unwrap();
        for scoring in [Scoring::Every, Scoring::Asked, Scoring::Off] {
            let mut want = index.find(&w, scoring != Scoring::Off).unwrap();
            want.sort_by_key(|h| h.0);
            let every = |p: &mut Vec<(i64, f32)>, ids: &[i64], s: &mut dyn FnMut(usize) -> f32| {
                p.extend(ids.iter().enumerate().map(|(i, id)| (*id, s(i))));
            };
            let parts = index.each(&index.searcher(), &w, scoring, Vec::new, every).unwrap();
            assert_eq!(parts.len(), crate::threads::SHARES);
            // The shares come back in the index's order, whichever thread walked each.
            let ordered: Vec<i64> = parts.concat().iter().map(|h| h.0).collect();
            let in_order: Vec<i64> = index.find(&w, false).unwrap().iter().map(|h| h.0).collect();
            assert_eq!(ordered, in_order, "{q}, {scoring:?}");
            let mut got = parts.concat();
            got.sort_by_key(|h| h.0);
            assert!(got.len() > 150 && !got.iter().any(|h| h.0 == 3 || h.0 == 444), "{q}: {}", got.len());
            assert_eq!(got, want, "{q}, {scoring:?}");
            // Asked for only some (every third), the scores given are still each match's own.
            let some = index
                .each(&index.searcher(), &w, scoring, Vec::new, |p: &mut Vec<(i64, f32)>, ids: &[i64], s: &mut dyn FnMut(usize) -> f32| {
                    p.extend(ids.iter().enumerate().filter(|(_, id)| **id % 3 == 0).map(|(i, id)| (*id, s(i))));
                })
                .unwrap()
                .concat();
            let mut some = some;
            some.sort_by_key(|h| h.0);
            assert_eq!(some, want.iter().copied().filter(|h| h.0 % 3 == 0).collect::<Vec<_>>(), "{q}, {scoring:?}, some");
        }
    }
}

/// The best found by skipping (`best`) are those a walk scoring every match keeps: the
/// highest scores, ties by the lower id, among the matches the caller accepts; a search it
/// can't answer that way says so (None) rather than answering otherwise.
#[tokio::test]
async fn the_best_found_by_skipping_are_the_best_of_every_match() {
    let pool = database().await;
    let texts = [
        "Data center tax abatement",
        "Warehouse abatement for a data center",
        "Ring camera data sharing",
        "Cloud hosting",
        "Data data data centers",
        "Abatements",
    ];
    for id in 1..=400 {
        let body = ["abatement ", "data ", "center hosting ", ""][id as usize % 4].repeat(id as usize % 5);
        deal(&pool, id, texts[id as usize % texts.len()], &body, true).await;
    }
    changed(&pool, "deals", Some(1), Some(400)).await;
    let index = SearchIndex::open(None).unwrap();
    catch_up(&index, &pool).await.unwrap();
    // A second segment, and a deal changed since (its older document deleted).
    for id in 401..=460 {
        deal(&pool, id, texts[id as usize % texts.len()], "abatement data", true).await;
    }
    sqlx::query("UPDATE deals SET deleted_at = '2024-02-01T00:00:00Z' WHERE id IN (7, 402)").execute(&pool).await.unwrap();
    changed(&pool, "deals", Some(1), Some(460)).await;
    catch_up(&index, &pool).await.unwrap();
    // Documents walked after others of the same text and score but a higher id: deals 3
    // and 4 indexed again, last (the same text as 63, 123, ... and 64, 124, ...).
    changed(&pool, "deals", Some(3), Some(4)).await;
    catch_up(&index, &pool).await.unwrap();
    type Accepts = (&'static str, fn(i64) -> bool);
    let accepts: [Accepts; 3] = [("every", |_| true), ("odd", |id| id % 2 == 1), ("few", |id| id % 37 == 0)];
    let mut answered = 0;
    for q in ["abatement", "abat", "data", "data cent", "center data", "hosting", "ring camera", "cloud", "sharing"] {
        let w = Wanted::parse(q).unwrap();
        for (name, keep) in accepts {
            for n in [1, 2, 3, 5, 8, 13, 51] {
                let mut want: Vec<(i64, f32)> = index.find(&w, true).unwrap().into_iter().filter(|h| keep(h.0)).collect();
                want.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let want: Vec<i64> = want.into_iter().map(|h| h.0).take(n).collect();
                match index.best(&index.searcher(), &w, n, keep).unwrap() {
                    Some(got) => {
                        answered += 1;
                        assert_eq!(got, want, "{q}, {name}, {n}");
                    }
                    None => {
                        // Only a prefix alone, when fewer than asked for hold it whole.
                        let whole = Wanted { prefix: false, ..w.clone() };
                        let held = index.find(&whole, false).unwrap().into_iter().filter(|h| keep(h.0)).count();
                        assert!(w.words.len() == 1 && w.prefix && held < n, "{q}, {name}, {n}: {want:?}");
                    }
                }
            }
        }
    }
    assert!(answered > 40, "most are answered by skipping: {answered}");
    assert_eq!(
        index.best(&index.searcher(), &Wanted::parse("\"tax abatement\"").unwrap(), 5, |_| true).unwrap(),
        None,
        "a phrase is walked"
    );
}

/// A prefix finds the deals holding a word it starts, whether its words are few (walked as
/// their union), many (more than `FEW_WORDS`: a pattern) or none.
#[tokio::test]
async fn a_prefix_finds_every_word_it_starts_few_or_many() {
    let pool = database().await;
    for id in 1..=80 {
        deal(&pool, id, &format!("Deal abat{}", id % 40), if id % 3 == 0 { "abatement" } else { "other" }, true).await;
    }
    changed(&pool, "deals", Some(1), Some(80)).await;
    let index = SearchIndex::open(None).unwrap();
    catch_up(&index, &pool).await.unwrap();
    let texts = crate::repo::search_text::range(&mut pool.acquire().await.unwrap(), 1, 100).await.unwrap();
    let searcher = index.searcher();
    for (q, starting) in [("abat", None), ("abat1", Some(11)), ("deal abat3", Some(11)), ("abatx", Some(0)), ("abatement", Some(1))] {
        let w = Wanted::parse(q).unwrap();
        let last = w.words.last().unwrap();
        assert_eq!(index.words_from(&searcher, last).unwrap().map(|v| v.len()), starting, "{q}");
        let mut a = analyzer();
        let brute: Vec<i64> =
            texts.iter().filter(|t| w.matches(&words(&mut a, &format!("{} {}", t.title, t.body)))).map(|t| t.id).collect();
        let mut got: Vec<i64> = index.find(&w, false).unwrap().into_iter().map(|h| h.0).collect();
        got.sort();
        assert_eq!(got, brute, "{q}");
        assert_eq!(got.is_empty(), q == "abatx", "{q}");
    }
}

#[test]
fn shares_are_of_about_equal_size_and_cover_every_document() {
    for (sizes, parts) in [(vec![315, 315, 315, 39, 15, 1, 1], 2), (vec![10], 3), (vec![], 2), (vec![0, 7, 0, 1], 2), (vec![5, 5], 1)] {
        let shares = super::shares(&sizes, parts);
        assert_eq!(shares.len(), parts);
        let covered: Vec<(usize, u32)> = shares.iter().flatten().flat_map(|s| (s.from..s.to).map(move |d| (s.segment, d))).collect();
        let every: Vec<(usize, u32)> = sizes.iter().enumerate().flat_map(|(i, n)| (0..*n).map(move |d| (i, d))).collect();
        assert_eq!(covered, every, "{sizes:?} in {parts}: each document once, in order");
        let total: u32 = sizes.iter().sum();
        for share in &shares {
            let n: u32 = share.iter().map(|s| s.to - s.from).sum();
            assert!(n <= total.div_ceil(parts as u32), "{sizes:?} in {parts}: {n}");
        }
    }
}
