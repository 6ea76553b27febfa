//! The importer's own records: each import, and each imported row's external id and content
//! hash (so a re-import of the same file creates nothing), plus what the matcher reads.

use super::Prepared;
use sqlx::SqliteConnection;

/// A jurisdiction as the matcher reads it.
#[derive(Debug, sqlx::FromRow)]
pub struct MatchRow {
    pub id: i64,
    pub kind: String,
    /// The type the Census gives ("city", "township", "village").
    pub legal_type: String,
    pub display_name: String,
    pub state_usps: String,
    pub geoidfq: Option<String>,
    pub leaid: Option<String>,
    pub ocd_id: Option<String>,
    pub state_name: String,
}

/// Every jurisdiction an import may name: accepted, not pending.
/// With `only` (states, and identifiers in lower case), just the states themselves, the
/// governments in those states and those with those identifiers: a file whose every row
/// names its state needs no other (a one-row import reads a few thousand governments, not
/// every one).
pub async fn matchable(conn: &mut SqliteConnection, only: Option<(&[String], &[String])>) -> Result<Vec<MatchRow>, sqlx::Error> {
    let json = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let (states, idents) = match only {
        Some((s, i)) => (Some(json(s)), Some(json(i))),
        None => (None, None),
    };
    sqlx::query_as(
        "SELECT j.id, j.kind, j.legal_type, j.display_name, j.state_usps, j.geoidfq, j.leaid, j.ocd_id, st.display_name AS state_name
         FROM jurisdictions j JOIN jurisdictions st ON st.state_usps = j.state_usps AND st.kind = 'state'
         WHERE j.pending = 0 AND j.rejected_reason IS NULL
           AND (?1 IS NULL OR j.kind = 'state' OR j.state_usps IN (SELECT value FROM json_each(?1))
             OR lower(j.geoidfq) IN (SELECT value FROM json_each(?2)) OR lower(j.leaid) IN (SELECT value FROM json_each(?2))
             OR lower(j.ocd_id) IN (SELECT value FROM json_each(?2))
             OR j.id IN (SELECT a.jurisdiction_id FROM jurisdiction_aliases a WHERE lower(a.identifier) IN (SELECT value FROM json_each(?2))))",
    )
    .bind(states)
    .bind(idents)
    .fetch_all(conn)
    .await
}

/// Other identifiers a jurisdiction is known by (identifier, jurisdiction id).
pub async fn aliases(conn: &mut SqliteConnection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT identifier, jurisdiction_id FROM jurisdiction_aliases").fetch_all(conn).await
}

/// Every Amazon company (name, id).
pub async fn entities(conn: &mut SqliteConnection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT name, id FROM entities").fetch_all(conn).await
}

/// For each key (government, company, year, amount), the newest live deal it describes, if
/// any: looked up by the government's index in one statement, so checking a chunk of rows
/// costs what the chunk touches, never a read of every deal.
pub async fn likenesses_of(conn: &mut SqliteConnection, keys: &[(i64, i64, i32, i64)]) -> Result<Vec<Option<i64>>, sqlx::Error> {
    let mut out = vec![None; keys.len()];
    // In bounded lists: one JSON value per statement, whatever the file's size.
    for (c, chunk) in keys.chunks(10_000).enumerate() {
        let json: Vec<[i64; 4]> = chunk.iter().map(|&(j, e, y, a)| [j, e, i64::from(y), a]).collect();
        // A subquery per key, in the select list, through the government's index (the `+`
        // keeps SQLite off the company's, which holds a quarter of all deals): 2 ms for a
        // row against a million deals, where a join read every deal (385 ms).
        let found: Vec<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT w.key, (SELECT x.id FROM deals x WHERE x.jurisdiction_id = w.value ->> 0 AND x.deleted_at IS NULL
                  AND +x.entity_id = w.value ->> 1 AND +x.amount_cents = w.value ->> 3
                  AND substr(coalesce(x.approved_on, x.announced_on, x.starts_on), 1, 4) = printf('%04d', w.value ->> 2)
                ORDER BY x.id DESC LIMIT 1)
             FROM json_each(?1) w",
        )
        .bind(serde_json::to_string(&json).unwrap_or_else(|_| "[]".into()))
        .fetch_all(&mut *conn)
        .await?;
        for (k, id) in found {
            if let Some(slot) = usize::try_from(k).ok().and_then(|k| out.get_mut(c * 10_000 + k)) {
                *slot = id;
            }
        }
    }
    Ok(out)
}

/// A row imported before.
#[derive(Debug, sqlx::FromRow)]
pub struct KnownRow {
    pub external_id: String,
    pub deal_id: i64,
    /// The hash of the snapshot the row made, once recorded.
    pub derived_hash: Option<String>,
    /// The revision the import last wrote for it.
    pub revision: i64,
    /// For rows recorded before derived hashes: that revision's stored snapshot.
    pub snapshot: Option<String>,
}

/// The rows imported before under these external ids (looked up by key, so a one-row import
/// into a million imported deals reads one).
pub async fn known_rows(conn: &mut SqliteConnection, external_ids: &[&str]) -> Result<Vec<KnownRow>, sqlx::Error> {
    let mut out = Vec::new();
    // In bounded lists: one JSON value per statement, whatever the file's size.
    for chunk in external_ids.chunks(10_000) {
        let rows: Vec<KnownRow> = sqlx::query_as(
            "SELECT ir.external_id, ir.deal_id, ir.derived_hash, rev.number AS revision,
                CASE WHEN ir.derived_hash IS NULL THEN rev.snapshot END AS snapshot
             FROM json_each(?1) w JOIN import_rows ir ON ir.external_id = w.value
             JOIN revisions rev ON rev.deal_id = ir.deal_id AND rev.number = coalesce(ir.revision,
                (SELECT max(r.number) FROM revisions r WHERE r.deal_id = ir.deal_id AND r.summary LIKE 'Imported from %'), 1)",
        )
        .bind(serde_json::to_string(chunk).unwrap_or_else(|_| "[]".into()))
        .fetch_all(&mut *conn)
        .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Records an import at its start (inside its transaction) and returns its id.
pub async fn start(conn: &mut SqliteConnection, file_name: &str, format: &str, user_id: i64) -> Result<i64, sqlx::Error> {
    // A large import rewrites the same index pages many times; a bigger page cache for this
    // transaction keeps them in memory instead of spilling them to the log (2× faster at
    // 100,000 rows with 256 MB; 48 MB keeps most of that and a million rows within 400 MB).
    // And it stops mapping the file: with the map, SQLite looks every page up in the log of
    // the import's one transaction before its own cache, a search that grows with the
    // transaction (a sixth of a million-row import's processor time); without it, a page in
    // the cache is found without searching (a million rows: 187-206 s before, 121-149 s
    // after, the same peak memory).
    // The caller closes the connection afterwards, however the import ends, so the pool's
    // other readers never inherit either setting.
    sqlx::query("PRAGMA cache_size = -49152").execute(&mut *conn).await?;
    sqlx::query("PRAGMA mmap_size = 0").execute(&mut *conn).await?;
    sqlx::query_scalar("INSERT INTO imports (file_name, format, user_id, created_at) VALUES (?, ?, ?, ?) RETURNING id")
        .bind(file_name)
        .bind(format)
        .bind(user_id)
        .bind(super::now())
        .fetch_one(conn)
        .await
}

/// Indexes a large import's new deals go into at scattered places: by government, amount,
/// approval date, and the counted deals' government. Every other index on what an import
/// writes is in the order of its new ids (ids, creation time) or has a few places where new
/// rows go (a state, a kind, a company). Inserting a million deals into these four, each
/// larger than the page cache, read and wrote a page from the log for nearly every row: a
/// million-row import took 61 s with them and 45 s without, and building the four again
/// from the written rows takes about 4 s (docs/benchmarks.md, issue 18's eighth part).
const SCATTERED: [&str; 4] = ["deals_jurisdiction", "deals_public_amount_order", "deals_public_approved_order", "tallied_deals_place"];

/// The statements that build the indexes [`set_aside`] dropped, to run before the same
/// transaction commits.
#[must_use = "the indexes must be built again before the transaction commits"]
pub struct SetAside(Vec<String>);

/// Drops the indexes new deals go into at scattered places, inside an import's transaction,
/// so it writes its rows without them; [`build_again`] makes them anew from every row before
/// the transaction commits. Readers on other connections never see the database without
/// them: the drop and the build commit together, and a failed import rolls both back.
pub async fn set_aside(conn: &mut SqliteConnection) -> Result<SetAside, sqlx::Error> {
    let names = serde_json::to_string(&SCATTERED).unwrap_or_else(|_| "[]".into());
    let found: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (SELECT value FROM json_each(?1)) ORDER BY name",
    )
    .bind(names)
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &found {
        // A name from SCATTERED, as sqlite_master spells it.
        sqlx::query(&format!("DROP INDEX \"{name}\"")).persistent(false).execute(&mut *conn).await?;
    }
    Ok(SetAside(found.into_iter().map(|(_, sql)| sql).collect()))
}

/// Builds the indexes [`set_aside`] dropped again, with the statements that made them.
pub async fn build_again(conn: &mut SqliteConnection, aside: SetAside) -> Result<(), sqlx::Error> {
    for sql in aside.0 {
        sqlx::query(&sql).persistent(false).execute(&mut *conn).await?;
    }
    Ok(())
}

/// A newly created row as recorded: its external id, deal, content and snapshot hashes, line.
pub struct CreatedRow {
    pub external_id: String,
    pub deal_id: i64,
    pub content_hash: String,
    pub derived_hash: String,
    pub line: usize,
}

/// The statement recording newly created rows (each wrote its deal's revision 1).
pub fn rows_of(import_id: i64, rows: impl IntoIterator<Item = CreatedRow>) -> Prepared {
    // Seven values a row: as many rows a statement as SQLite's bound-value limit allows.
    const PER_STATEMENT: usize = super::MAX_BINDS / 7;
    let mut rest: Vec<CreatedRow> = rows.into_iter().collect();
    let mut statements = Prepared::new();
    while !rest.is_empty() {
        let later = rest.split_off(rest.len().min(PER_STATEMENT));
        let mut b = sqlx::QueryBuilder::new(
            "INSERT INTO import_rows (external_id, deal_id, content_hash, derived_hash, revision, import_id, line) ",
        );
        let taken = std::mem::replace(&mut rest, later);
        let full = taken.len() == PER_STATEMENT;
        b.push_values(taken, |mut row, r| {
            row.push_bind(r.external_id)
                .push_bind(r.deal_id)
                .push_bind(r.content_hash)
                .push_bind(r.derived_hash)
                .push_bind(1i64)
                .push_bind(import_id)
                .push_bind(r.line as i64);
        });
        statements.push(b, full);
    }
    statements
}

/// Records that a changed row was applied by this import, as `revision`.
pub async fn row_updated(
    conn: &mut SqliteConnection,
    external_id: &str,
    hashes: (&str, &str),
    revision: i64,
    import_id: i64,
    line: usize,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE import_rows SET content_hash = ?, derived_hash = ?, revision = ?, import_id = ?, line = ? WHERE external_id = ?")
        .bind(hashes.0)
        .bind(hashes.1)
        .bind(revision)
        .bind(import_id)
        .bind(line as i64)
        .bind(external_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records what the import wrote; call last in the import's transaction, before committing.
pub async fn finish(conn: &mut SqliteConnection, import_id: i64, created: i64, updated: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE imports SET rows_created = ?, rows_updated = ? WHERE id = ?")
        .bind(created)
        .bind(updated)
        .bind(import_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A connection's page cache (KiB when negative) and how much of the file it maps.
    async fn reading(conn: &mut SqliteConnection) -> (i64, i64) {
        let cache: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut *conn).await.unwrap();
        let map: i64 = sqlx::query_scalar("PRAGMA mmap_size").fetch_one(&mut *conn).await.unwrap();
        (cache, map)
    }

    /// An import reads through a page cache of its own size, not the mapped file (the import
    /// closes the connection after: server/tests/import.rs), and records what it wrote.
    #[tokio::test]
    async fn an_import_reads_through_its_own_cache_and_records_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::repo::connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        let mut tx = crate::repo::begin_write_on(&mut conn).await.unwrap();
        assert_eq!(reading(&mut tx).await, (-2000, crate::repo::MMAP_SIZE.parse().unwrap()), "the pool's connections map the file");
        let user = crate::repo::users::insert(&mut tx, "importer", "not a hash", crate::model::Role::Moderator).await.unwrap();
        let id = start(&mut tx, "deals.csv", "tracker", user).await.unwrap();
        assert_eq!(reading(&mut tx).await, (-49152, 0), "while importing");
        finish(&mut tx, id, 3, 2).await.unwrap();
        tx.commit().await.unwrap();
        let counts: (i64, i64) =
            sqlx::query_as("SELECT rows_created, rows_updated FROM imports WHERE id = ?").bind(id).fetch_one(&pool).await.unwrap();
        assert_eq!(counts, (3, 2));
    }

    /// After an import the command line empties the write-ahead log, so the next process
    /// to open the database has none to read.
    #[tokio::test]
    async fn the_log_is_emptied_when_no_reader_is_in_the_way() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let pool = crate::repo::connect(&format!("sqlite://{}", db.display())).await.unwrap();
        let mut tx = crate::repo::begin_write(&pool).await.unwrap();
        crate::repo::users::insert(&mut tx, "importer", "not a hash", crate::model::Role::Moderator).await.unwrap();
        tx.commit().await.unwrap();
        let log = || std::fs::metadata(dir.path().join("t.db-wal")).map(|m| m.len()).unwrap_or(0);
        assert!(log() > 0, "the write is in the log");
        crate::repo::empty_log(&pool).await.unwrap();
        assert_eq!(log(), 0);
        let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&pool).await.unwrap();
        assert_eq!(users, 1, "and in the database");
    }

    /// Every live deal with a disclosed amount: (id, government, company, year, amount), read
    /// in full, as the reference for the lookups by index.
    async fn likenesses(conn: &mut SqliteConnection) -> Result<Vec<(i64, i64, i64, Option<String>, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, jurisdiction_id, entity_id, substr(coalesce(approved_on, announced_on, starts_on), 1, 4), amount_cents
             FROM deals WHERE deleted_at IS NULL AND amount_cents IS NOT NULL ORDER BY id",
        )
        .fetch_all(conn)
        .await
    }

    /// A deal found by index for a row's likeness is one the full read would have found, and
    /// a row like none is like none either way (withdrawn and undisclosed deals included).
    #[tokio::test]
    async fn a_likeness_looked_up_by_index_is_the_one_read_in_full() {
        let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        sqlx::query("INSERT INTO jurisdictions (id, kind, legal_type, official_name, display_name, state_fips, state_usps, slug) VALUES (90001, 'county', 'County', 'Fairfax County', 'Fairfax County', '51', 'VA', 'fairfax-county'), (90002, 'county', 'County', 'Loudoun County', 'Loudoun County', '51', 'VA', 'loudoun-county')")
            .execute(&mut *conn).await.unwrap();
        // (id, government, company, approved, announced, amount, withdrawn)
        let deals = [
            (1, 90001, 1, Some("2019-05"), None, Some(10_000), false),
            (2, 90001, 1, None, Some("2019"), Some(10_000), false),
            (3, 90001, 2, Some("2020"), None, Some(10_000), false),
            (4, 90002, 1, Some("2019"), None, Some(50_000), true),
            (5, 90002, 1, Some("2019"), None, None, false),
        ];
        for (id, j, e, approved, announced, amount, withdrawn) in deals {
            sqlx::query(
                "INSERT INTO deals (id, title, kind, jurisdiction_id, entity_id, amount_cents, amount_disclosed, value_basis, approved_on, announced_on, status, review_state, published, created_at, updated_at, state_usps, deleted_at)
                 VALUES (?, 'A deal', 'tax_abatement', ?, ?, ?, ?, ?, ?, ?, 'active', 'approved', 1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'VA', ?)",
            )
            .bind(id).bind(j).bind(e).bind(amount).bind(amount.is_some()).bind(amount.map(|_| "maximum")).bind(approved).bind(announced)
            .bind(withdrawn.then_some("2024-02-01T00:00:00Z"))
            .execute(&mut *conn).await.unwrap();
        }
        // In id order, so the last of deals alike (the one kept) has the highest id.
        let read: std::collections::HashMap<(i64, i64, i32, i64), i64> = likenesses(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|(id, j, e, year, amount)| Some(((j, e, year?.parse().ok()?, amount), id)))
            .collect();
        assert_eq!(read.len(), 2, "deals 1 and 2 look alike; 3 is another company's; 4 is withdrawn, 5 undisclosed");
        let keys =
            [(90001, 1, 2019, 10_000), (90001, 2, 2020, 10_000), (90001, 1, 2020, 10_000), (90002, 1, 2019, 50_000), (90002, 1, 2019, 0)];
        let found = likenesses_of(&mut conn, &keys).await.unwrap();
        for (key, found) in keys.iter().zip(found) {
            assert_eq!(found, read.get(key).copied(), "{key:?}");
        }
    }
}
