//! `relevance(deals_fts)`: the order of a text search's matches, registered on every
//! connection the pool opens.
//!
//! FTS5's own `bm25()` divides each match's score by the length of its text, which it reads
//! per match through an internal query of the `deals_fts_docsize` table: for a search
//! matching 13,000 deals that lookup was two thirds of the ranking (12-15 ms of 15-18 ms).
//! `relevance` is BM25 without the length term (b = 0) and without each word's rarity
//! (IDF): how often each searched word occurs in the deal, saturating (k1 = 1.2), a title
//! occurrence counting three times. Short titles that name the words lead; a long
//! description repeating them does not run away, as each word adds at most k1 + 1.
//! Rarity is left out because every match holds every searched word (the search is an
//! AND), so it only tilts between the words' repeat counts, and working it out means
//! running each word's search again: for a prefix like "tax*" (58,000 deals) that doubled
//! the search.
//!
//! No crate wraps FTS5's extension API (rusqlite doesn't either), so this is the one place
//! with `unsafe`: FFI through `libsqlite3-sys`, the same SQLite sqlx links. Nothing here may
//! panic: SQLite calls `relevance` from C.

use libsqlite3_sys as ffi;
use std::collections::BTreeMap;
use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// How much an occurrence counts, by column of `deals_fts` (title first; see the migration).
const COLUMN_WEIGHTS: [f64; 7] = [3.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
/// BM25's saturation: a word's fifth occurrence adds little over its second.
const K1: f64 = 1.2;

/// Registers `relevance` on the connection.
pub async fn register(conn: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    // SAFETY: `db` is the open connection held locked above for the duration of the call.
    let rc = unsafe { register_on(db) };
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(sqlx::Error::Protocol(format!("registering the relevance function failed (SQLite code {rc})")))
    }
}

/// Finds the connection's FTS5 API (the documented `SELECT fts5(?1)` handshake) and adds
/// the function to it.
unsafe fn register_on(db: *mut ffi::sqlite3) -> c_int {
    let mut api: *mut ffi::fts5_api = ptr::null_mut();
    let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
    // SAFETY (whole block): every pointer passed is valid for the call; the statement is
    // finalized on every path after it is prepared.
    unsafe {
        let rc = ffi::sqlite3_prepare_v2(db, c"SELECT fts5(?1)".as_ptr(), -1, &mut stmt, ptr::null_mut());
        if rc != ffi::SQLITE_OK {
            return rc;
        }
        ffi::sqlite3_bind_pointer(stmt, 1, (&raw mut api).cast::<c_void>(), c"fts5_api_ptr".as_ptr(), None);
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        if api.is_null() {
            return ffi::SQLITE_ERROR;
        }
        let Some(create) = (*api).xCreateFunction else { return ffi::SQLITE_ERROR };
        create(api, c"relevance".as_ptr(), ptr::null_mut(), Some(relevance), None)
    }
}

/// Where `relevance` leaves each search's (deal id, rank) pairs, by the token the
/// search passed. Entries live only while `ranked` runs.
static SINKS: Mutex<BTreeMap<u64, Vec<(i64, f64)>>> = Mutex::new(BTreeMap::new());
static TOKENS: AtomicU64 = AtomicU64::new(1);

/// Every match of the full-text query `q` with its rank (lower is better), up to `limit`
/// (-1: all), in the index's order (by id).
///
/// Thousands of rows one at a time through the driver cost more than the search, and
/// SQLite spends as long again sorting ranks and joining them into one text value; here
/// the ranking function hands each match to Rust as it goes, and the caller sorts only
/// what it keeps.
pub async fn ranked(conn: &mut sqlx::SqliteConnection, q: &str, limit: i64) -> Result<Vec<(i64, f64)>, sqlx::Error> {
    found(conn, q, limit, true).await
}

/// Every match's id, up to `limit` (-1: all), in the index's order: as `ranked`, without
/// working out the ranks. The ids as one text value joined by SQLite (`group_concat`) and
/// split here took 12.1 ms for 100,000 matches, this 10.9 (medians of 350 searches).
pub async fn matching(conn: &mut sqlx::SqliteConnection, q: &str, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    Ok(found(conn, q, limit, false).await?.into_iter().map(|(id, _)| id).collect())
}

async fn found(conn: &mut sqlx::SqliteConnection, q: &str, limit: i64, rank: bool) -> Result<Vec<(i64, f64)>, sqlx::Error> {
    /// Removes the search's sink however the query ends (an error, a cancelled future).
    struct Sink(u64);
    impl Drop for Sink {
        fn drop(&mut self) {
            sinks().remove(&self.0);
        }
    }
    let sink = Sink(TOKENS.fetch_add(1, Ordering::Relaxed));
    sinks().insert(sink.0, Vec::new());
    let token = i64::try_from(sink.0).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    // The outer count reads the rank, so SQLite can't leave it out.
    sqlx::query("SELECT count(r) FROM (SELECT relevance(deals_fts, ?, ?) AS r FROM deals_fts WHERE deals_fts MATCH ? LIMIT ?)")
        .bind(token)
        .bind(rank)
        .bind(q)
        .bind(limit)
        .fetch_one(&mut *conn)
        .await?;
    // Taken in its own statement: the guard must be gone before `sink`'s drop locks again.
    let found = sinks().remove(&sink.0).unwrap_or_default();
    Ok(found)
}

fn sinks() -> std::sync::MutexGuard<'static, BTreeMap<u64, Vec<(i64, f64)>>> {
    // A panic while holding it can't leave the map inconsistent (single inserts and removes).
    SINKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `relevance(deals_fts)`, the FTS5 function: a lower value is a better match, like bm25(),
/// so `ORDER BY` it ascends. `relevance(deals_fts, token)` also adds the match's id and rank
/// to the sink of `token` (see `ranked`); `relevance(deals_fts, token, 0)` adds the id alone
/// (rank 0) without working the rank out.
unsafe extern "C" fn relevance(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n: c_int,
    args: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite passes a valid API, cursor and result context, and `n` arguments.
    unsafe {
        let rank = n < 2 || ffi::sqlite3_value_int64(*args.add(1)) != 0;
        let s = if rank { score(&*api, fts) } else { Some(0.0) };
        let (Some(s), Some(rowid)) = (s, (*api).xRowid) else {
            ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_ERROR);
            return;
        };
        if n >= 1 {
            let token = ffi::sqlite3_value_int64(*args);
            if let Some(found) = sinks().get_mut(&(token as u64)) {
                found.push((rowid(fts), -s));
            }
        }
        ffi::sqlite3_result_double(ctx, -s);
    }
}

unsafe fn score(api: &ffi::Fts5ExtensionApi, fts: *mut ffi::Fts5Context) -> Option<f64> {
    // SAFETY (whole block): as in `relevance`.
    unsafe {
        let phrases = (api.xPhraseCount?)(fts).clamp(0, 16) as usize;
        // A search has at most twelve words (`text::fts_query`); no allocation per match.
        let mut freq = [0.0f64; 16];
        let mut count: c_int = 0;
        if (api.xInstCount?)(fts, &mut count) != ffi::SQLITE_OK {
            return None;
        }
        let inst = api.xInst?;
        for i in 0..count {
            let (mut phrase, mut column, mut offset) = (0, 0, 0);
            if inst(fts, i, &mut phrase, &mut column, &mut offset) != ffi::SQLITE_OK {
                return None;
            }
            if let Some(f) = freq.get_mut(phrase as usize) {
                *f += COLUMN_WEIGHTS.get(column as usize).copied().unwrap_or(1.0);
            }
        }
        Some(freq.iter().take(phrases).map(|f| f * (K1 + 1.0) / (f + K1)).sum())
    }
}

#[cfg(test)]
mod tests {
    async fn order(conn: &mut sqlx::SqliteConnection, q: &str) -> Vec<i64> {
        sqlx::query_scalar("SELECT rowid FROM t WHERE t MATCH ? ORDER BY relevance(t), rowid").bind(q).fetch_all(&mut *conn).await.unwrap()
    }

    #[tokio::test]
    async fn title_hits_and_repeated_words_rank_first() {
        let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        sqlx::query("CREATE VIRTUAL TABLE t USING fts5(title, body)").execute(&mut *conn).await.unwrap();
        let rows = [
            (1, "budget", "data center data center data"),
            (2, "data center lease", ""),
            (3, "other", "a data center"),
            (4, "common", "filler"),
            (5, "common", "filler"),
            (6, "common", "filler"),
            (7, "common common common", "filler"),
        ];
        for (id, title, body) in rows {
            sqlx::query("INSERT INTO t (rowid, title, body) VALUES (?, ?, ?)")
                .bind(id)
                .bind(title)
                .bind(body)
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        // In the title beats three times in the text, which beats once.
        assert_eq!(order(&mut conn, "data center").await, vec![2, 1, 3]);
        // Among deals with the same words, more occurrences first.
        assert_eq!(order(&mut conn, "common").await, vec![7, 4, 5, 6]);
        // Every connection of the pool has the function, not only the first (sqlx shares
        // one memory database between them).
        let mut other = pool.acquire().await.unwrap();
        assert_eq!(order(&mut other, "data center").await, vec![2, 1, 3]);
    }

    #[tokio::test]
    async fn ranked_hands_over_every_match_with_the_same_rank() {
        let pool = crate::repo::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        for i in 1..=40i64 {
            let title = if i % 2 == 0 { "data center lease" } else { "other" };
            sqlx::query("INSERT INTO deals_fts (rowid, title, description, program, agency, facility, place, sources) VALUES (?, ?, ?, '', '', '', '', '')")
                .bind(i).bind(title).bind(vec!["data center"; (i % 4) as usize].join(" ")).execute(&mut *conn).await.unwrap();
        }
        let mut expected: Vec<(i64, f64)> =
            sqlx::query_as("SELECT rowid, relevance(deals_fts) FROM deals_fts WHERE deals_fts MATCH 'data center'")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        let mut got = super::ranked(&mut conn, "data center", -1).await.unwrap();
        expected.sort_by_key(|p| p.0);
        got.sort_by_key(|p| p.0);
        assert_eq!(got.len(), 40);
        assert_eq!(got, expected);
        assert_eq!(super::ranked(&mut conn, "data center", 7).await.unwrap().len(), 7, "the limit holds");
        // Without ranks: the same matches, in the index's order.
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT rowid FROM deals_fts WHERE deals_fts MATCH 'data center'").fetch_all(&mut *conn).await.unwrap();
        assert_eq!(super::matching(&mut conn, "data center", -1).await.unwrap(), ids);
        assert_eq!(super::matching(&mut conn, "data center", 5).await.unwrap(), ids[..5]);
    }
}
