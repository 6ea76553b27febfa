//! `places load` against the real reference files: what it loads, how it names things, and
//! that a second run changes nothing.

mod common;

use sqlx::SqlitePool;

async fn one(pool: &SqlitePool, sql: &str) -> String {
    sqlx::query_scalar::<_, String>(sql).fetch_one(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn loads_the_reference_files_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let pool = app::repo::connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
    let first = app::load::load_dir(&pool, &common::refdata(), false).await.unwrap();
    assert!(first.inserted > 50_000, "{first:?}");
    let kinds: std::collections::HashMap<_, _> = first.by_kind.iter().cloned().collect();
    assert_eq!(kinds["place"], 19_469 + 6, "active places plus the six consolidated balance rows");
    assert!(kinds["county"] > 3_100 && kinds["county"] < 3_222, "independent cities are loaded once, as places");
    assert!(kinds["school_district"] > 17_000);

    let second = app::load::load_dir(&pool, &common::refdata(), false).await.unwrap();
    assert_eq!((second.inserted, second.updated, second.unincorporated_changed), (0, 0, 0), "{second:?}");

    let aliases: i64 = sqlx::query_scalar("SELECT count(*) FROM jurisdiction_aliases").fetch_one(&pool).await.unwrap();
    assert_eq!(aliases, 41, "the 41 independent cities");
    assert_eq!(one(&pool, "SELECT slug FROM jurisdictions WHERE geoidfq = '0500000US51013'").await, "arlington-county");
    assert_eq!(one(&pool, "SELECT slug FROM jurisdictions WHERE leaid = '5103130'").await, "prince-william-county-public-schools");
    assert_eq!(one(&pool, "SELECT display_name FROM jurisdictions WHERE leaid = '5103130'").await, "Prince William County Public Schools");
    assert_eq!(one(&pool, "SELECT slug FROM jurisdictions WHERE geoidfq = '1600000US0653000'").await, "oakland");
    assert_eq!(one(&pool, "SELECT slug FROM jurisdictions WHERE geoidfq = '1600000US0639003'").await, "la-canada-flintridge");
    assert_eq!(one(&pool, "SELECT display_name FROM jurisdictions WHERE geoidfq = '1600000US4752006'").await, "Nashville-Davidson");
    assert_eq!(one(&pool, "SELECT display_name FROM jurisdictions WHERE geoidfq = '1600000US1836003'").await, "Indianapolis");
    // A place's parent is the county containing its internal point.
    assert_eq!(
        one(
            &pool,
            "SELECT p.display_name FROM jurisdictions j JOIN jurisdictions p ON p.id = j.parent_id WHERE j.geoidfq = '1600000US0653000'"
        )
        .await,
        "Alameda County"
    );
    // A school district's parent comes from its OCD id.
    assert_eq!(
        one(&pool, "SELECT p.display_name FROM jurisdictions j JOIN jurisdictions p ON p.id = j.parent_id WHERE j.leaid = '5103130'").await,
        "Prince William County"
    );
    // An independent city sits directly under its state.
    assert_eq!(
        one(&pool, "SELECT p.kind FROM jurisdictions j JOIN jurisdictions p ON p.id = j.parent_id WHERE j.geoidfq = '1600000US5167000'")
            .await,
        "state"
    );
    // Same-named townships in one state are told apart by county.
    let jacksons: i64 =
        sqlx::query_scalar("SELECT count(*) FROM jurisdictions WHERE state_usps = 'OH' AND slug LIKE 'jackson-township-%-county'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(jacksons > 10, "{jacksons}");
    let dupes: i64 = sqlx::query_scalar("SELECT count(*) FROM (SELECT 1 FROM jurisdictions GROUP BY state_usps, slug HAVING count(*) > 1)")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(dupes, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_folder_without_census_files_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pool = app::repo::connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
    let err = app::load::load_dir(&pool, dir.path(), false).await.unwrap_err();
    assert!(err.to_string().contains("Gazetteer"), "{err}");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM jurisdictions").fetch_one(&pool).await.unwrap();
    assert_eq!(n, 56, "only the states the project carries");
}
