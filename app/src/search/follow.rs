//! Keeping the index current: it follows the change record from its own position, off the
//! write path. Each pass reads the changes after the position, reads again the text of the
//! deals they name (or, for a places change, of the deals of every government whose names
//! changed), replaces their documents (a deal no longer public is only removed), and
//! commits with the new position as the commit's payload: the index and its position are
//! saved together, so after a crash it goes on from the last commit and reading a change
//! twice does no harm.

use super::{payload_text, text_hash, Fields, SearchError, SearchIndex};
use crate::repo::search_text::{self, DealText};
use sqlx::SqlitePool;
use std::sync::atomic::Ordering::SeqCst;
use std::time::Duration;
use tantivy::{doc, IndexWriter, TantivyDocument, Term};

/// Deals read again per commit while catching up (a bulk import's batches are many).
const DEALS_PER_COMMIT: usize = 20_000;
/// Deals read from the database at a time.
const WINDOW: i64 = 5_000;
/// The writer's memory for documents not yet written out: small, as the server's memory
/// is bounded; a bulk rebuild writes more, smaller segments, merged in the background.
const WRITER_MEMORY: usize = 15_000_000;
/// The file beside the index with the governments' names as last indexed.
const NAMES_FILE: &str = "governments.json";

/// Runs the follower for as long as the server runs: a pass after each write (see
/// [`SearchIndex::wake`]) and at least twice a second, which also finds another process's
/// writes (the command-line importer). A failed pass is logged and tried again.
pub fn spawn(index: std::sync::Arc<SearchIndex>, pool: SqlitePool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = catch_up(&index, &pool).await {
                tracing::error!(error = %e, "search index: catching up failed; trying again in 5 s");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
            tokio::select! {
                _ = index.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_millis(500)) => {}
            }
        }
    })
}

/// Brings the index up to the newest change (building it again first when it is stale or
/// ahead of the database); returns its position.
pub async fn catch_up(index: &SearchIndex, pool: &SqlitePool) -> Result<u64, SearchError> {
    let mut writer = index.writer.lock().await;
    let mut conn = pool.acquire().await?;
    let position = index.position();
    if position > 0 && !index.stale.load(SeqCst) {
        // The change the index stopped at must be the database's: a database restored or
        // replaced (older, or as long but another) is indexed again from scratch.
        let at = search_text::change_at(&mut conn, position as i64).await?;
        if at.is_none() || at != index.at.lock().map(|a| a.clone()).unwrap_or_default() {
            index.stale.store(true, SeqCst);
        }
    }
    loop {
        if index.stale.load(SeqCst) {
            drop(conn);
            if let Err(e) = build(index, pool, &mut writer).await {
                // Whatever the writer added is dropped with it, never committed later.
                *writer = None;
                return Err(e);
            }
            conn = pool.acquire().await?;
        }
        let from = index.position();
        let changes = search_text::changes_after(&mut conn, from as i64, 1_000).await?;
        if changes.is_empty() {
            break;
        }
        let mut texts: Vec<DealText> = Vec::new();
        let mut upto = (from, None);
        let mut names = None;
        for c in &changes {
            match (c.kind.as_str(), c.first_deal, c.last_deal) {
                ("deal" | "deals", Some(first), Some(last)) => {
                    let mut at = first;
                    while at <= last {
                        let end = (at + WINDOW - 1).min(last);
                        texts.extend(search_text::range(&mut conn, at, end).await?);
                        at = end + 1;
                    }
                }
                ("places", _, _) => {
                    let Some((ids, now)) = renamed(index, &mut conn).await? else {
                        // Nothing to compare the names with: everything is read again, by
                        // a build that streams it rather than one pass holding it all.
                        index.stale.store(true, SeqCst);
                        break;
                    };
                    if ids.len() > DEALS_PER_COMMIT {
                        // Renames reaching more deals than a pass holds (a gazetteer reload):
                        // built again, streaming, rather than held in one pass.
                        index.stale.store(true, SeqCst);
                        break;
                    }
                    for chunk in ids.chunks(WINDOW as usize) {
                        texts.extend(search_text::some(&mut conn, chunk).await?);
                    }
                    names = Some(now);
                }
                _ => {}
            }
            upto = (c.seq as u64, Some(c.at.clone()));
            // A places change ends the pass, so its names are saved before the next one
            // compares with them.
            if texts.len() >= DEALS_PER_COMMIT || names.is_some() {
                break;
            }
        }
        if index.stale.load(SeqCst) {
            continue;
        }
        if let Err(e) = apply(index, &mut writer, texts, upto.0, upto.1).await {
            *writer = None;
            return Err(e);
        }
        if let Some(n) = names {
            index.save_names(&n)?;
        }
    }
    Ok(index.position())
}

/// Builds the index again from every public deal (`tracker search rebuild`, after a
/// restore, or when the index is new), then follows the changes made meanwhile.
pub async fn rebuild(index: &SearchIndex, pool: &SqlitePool) -> Result<u64, SearchError> {
    index.stale.store(true, SeqCst);
    catch_up(index, pool).await
}

/// The opened writer, or a new one.
fn writer_of(index: &tantivy::Index, held: Option<IndexWriter>) -> Result<IndexWriter, SearchError> {
    match held {
        Some(w) => Ok(w),
        None => index.writer_with_num_threads(1, WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => SearchError::Locked,
            e => SearchError::Index(e),
        }),
    }
}

/// Runs `work` with the writer on a thread of its own, at a lower priority than the
/// renders; the writer is kept for the next pass only when the work succeeded (a failed
/// pass leaves nothing half-added behind).
///
/// The threads Tantivy starts from it (for each commit a new indexing thread, which zeroes
/// its 15 MB of tables for the next segment; the merges) take its priority: at nice 0,
/// above the renders, that work slowed the next search after a write by about a third, on
/// two cores. The command-line rebuild and repair write at this priority too. A pass is a
/// thread: a commit under way when the server stops is cut short, which Tantivy's commits
/// allow (the index stays at its last commit, and the follower goes on from there).
async fn with_writer(
    index: &SearchIndex,
    held: &mut Option<IndexWriter>,
    work: impl FnOnce(&mut IndexWriter) -> Result<(), SearchError> + Send + 'static,
) -> Result<(), SearchError> {
    let (writer, tantivy_index) = (held.take(), index.index.clone());
    let (done, result) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("index-writer".into())
        .spawn(move || {
            set_thread_nice(WRITING_NICE);
            let _ = done.send(writer_of(&tantivy_index, writer).and_then(|mut w| work(&mut w).map(|()| w)));
        })
        .map_err(|e| SearchError::Join(e.to_string()))?;
    *held = Some(result.await.map_err(|_| SearchError::Join("the index's writing thread stopped".into()))??);
    Ok(())
}

/// The nice value the index is written at: below the renders' 10.
const WRITING_NICE: i32 = 15;

/// Sets the calling thread's nice value (Linux applies nice per thread; threads it starts
/// inherit it). Only ever raised: lowering it again would need a privilege.
pub fn set_thread_nice(nice: i32) {
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's own id; no memory is shared.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, nice);
    }
}

/// Replaces the documents of `texts` and commits at change `upto`, made `at`.
async fn apply(
    index: &SearchIndex,
    held: &mut Option<IndexWriter>,
    texts: Vec<DealText>,
    upto: u64,
    at: Option<String>,
) -> Result<(), SearchError> {
    let f = index.f;
    let payload = payload_text(upto, at.as_deref());
    with_writer(index, held, move |w| {
        for t in &texts {
            w.delete_term(Term::from_field_u64(f.id, t.id as u64));
            if t.public {
                w.add_document(document(f, t))?;
            }
        }
        commit(w, &payload)
    })
    .await?;
    committed(index, upto, at)
}

/// After a commit: searches see it, and its position is announced.
fn committed(index: &SearchIndex, upto: u64, at: Option<String>) -> Result<(), SearchError> {
    index.reader.reload()?;
    if let Ok(mut a) = index.at.lock() {
        *a = at;
    }
    index.position.send_replace(upto);
    Ok(())
}

fn commit(w: &mut IndexWriter, payload: &str) -> Result<(), SearchError> {
    let mut c = w.prepare_commit()?;
    c.set_payload(payload);
    c.commit()?;
    Ok(())
}

/// A deal's document.
fn document(f: Fields, t: &DealText) -> TantivyDocument {
    doc!(
        f.id => t.id as u64,
        f.hash => text_hash(&t.title, &t.body),
        f.part => "deal",
        f.title => t.title.as_str(),
        f.body => format!("{} {}", t.title, t.body),
    )
}

/// Empties the index and adds every public deal, read in one snapshot of the database, then
/// commits at the change that snapshot had reached.
async fn build(index: &SearchIndex, pool: &SqlitePool, held: &mut Option<IndexWriter>) -> Result<(), SearchError> {
    let started = std::time::Instant::now();
    use sqlx::Connection as _;
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    let latest = crate::repo::changes::latest(&mut tx).await?.max(0) as u64;
    let at = search_text::change_at(&mut tx, latest as i64).await?;
    let names = hashed_names(&mut tx).await?;
    with_writer(index, held, |w| {
        w.delete_all_documents()?;
        Ok(())
    })
    .await?;
    let f = index.f;
    let mut from = 0;
    let mut added = 0usize;
    loop {
        let batch = search_text::public_from(&mut tx, from, WINDOW).await?;
        let Some(last) = batch.last().map(|t| t.id) else { break };
        from = last + 1;
        added += batch.len();
        with_writer(index, held, move |w| {
            for t in &batch {
                w.add_document(document(f, t))?;
            }
            Ok(())
        })
        .await?;
    }
    tx.rollback().await?;
    let payload = payload_text(latest, at.as_deref());
    with_writer(index, held, move |w| commit(w, &payload)).await?;
    committed(index, latest, at)?;
    index.stale.store(false, SeqCst);
    index.save_names(&names)?;
    tracing::info!(deals = added, seconds = started.elapsed().as_secs_f64(), "search index built");
    Ok(())
}

/// Every government's id with a hash of its names.
async fn hashed_names(conn: &mut sqlx::SqliteConnection) -> Result<Vec<(i64, u64)>, sqlx::Error> {
    Ok(search_text::government_names(conn).await?.into_iter().map(|(id, n)| (id, text_hash(&n, ""))).collect())
}

/// The public deals of governments whose names changed since they were last indexed, and
/// every government's names now; None when the names last indexed are unknown.
async fn renamed(index: &SearchIndex, conn: &mut sqlx::SqliteConnection) -> Result<Option<(Vec<i64>, Vec<(i64, u64)>)>, SearchError> {
    let Some(before) = index.load_names()? else { return Ok(None) };
    let now = hashed_names(conn).await?;
    let before: rustc_hash::FxHashMap<i64, u64> = before.into_iter().collect();
    let changed: Vec<i64> = now.iter().filter(|(id, h)| before.get(id) != Some(h)).map(|(id, _)| *id).collect();
    let deals = if changed.is_empty() { Vec::new() } else { search_text::public_of_governments(conn, &changed).await? };
    Ok(Some((deals, now)))
}

impl SearchIndex {
    /// The governments' names as last indexed.
    fn load_names(&self) -> Result<Option<Vec<(i64, u64)>>, SearchError> {
        match &self.dir {
            None => Ok(self.names.lock().map(|n| n.clone()).unwrap_or_default()),
            Some(dir) => match std::fs::read(dir.join(NAMES_FILE)) {
                Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            },
        }
    }

    /// Keeps the governments' names as indexed (a file written whole, then renamed).
    fn save_names(&self, names: &[(i64, u64)]) -> Result<(), SearchError> {
        match &self.dir {
            None => {
                if let Ok(mut n) = self.names.lock() {
                    *n = Some(names.to_vec());
                }
                Ok(())
            }
            Some(dir) => {
                let tmp = dir.join(format!("{NAMES_FILE}.tmp"));
                std::fs::write(&tmp, serde_json::to_vec(names).map_err(std::io::Error::other)?)?;
                std::fs::rename(&tmp, dir.join(NAMES_FILE))?;
                Ok(())
            }
        }
    }
}

/// What `tracker search check` found: how far the index is behind, and the deals it holds
/// wrongly (missing, not public, or with other text).
#[derive(Debug, Default, PartialEq)]
pub struct Checked {
    pub position: u64,
    pub latest: u64,
    pub differences: Vec<String>,
}

/// Compares the index with the public deals now in the database.
pub async fn check(index: &SearchIndex, pool: &SqlitePool) -> Result<Checked, SearchError> {
    use sqlx::Connection as _;
    // The position first: the contents read next are of that commit or a later one (another
    // process may be committing), never an earlier one.
    let position = super::read_payload(&index.index).map(|p| p.seq).unwrap_or(0);
    index.reader.reload()?;
    let held = index.contents()?;
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    let latest = crate::repo::changes::latest(&mut tx).await?.max(0) as u64;
    let mut want = Vec::new();
    let mut from = 0;
    loop {
        let batch = search_text::public_from(&mut tx, from, WINDOW).await?;
        let Some(last) = batch.last().map(|t| t.id) else { break };
        from = last + 1;
        want.extend(batch.iter().map(|t| (t.id, text_hash(&t.title, &t.body))));
    }
    tx.rollback().await?;
    let mut differences = Vec::new();
    let (mut a, mut b) = (held.iter().peekable(), want.iter().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => break,
            (Some(h), Some(w)) if h.0 == w.0 => {
                if h.1 != w.1 {
                    differences.push(format!("deal {}: indexed with other text", h.0));
                }
                a.next();
                b.next();
            }
            (Some(h), Some(w)) if h.0 < w.0 => {
                differences.push(format!("deal {}: indexed but not public (or twice)", h.0));
                a.next();
            }
            (Some(h), None) => {
                differences.push(format!("deal {}: indexed but not public (or twice)", h.0));
                a.next();
            }
            (_, Some(w)) => {
                differences.push(format!("deal {}: public but not indexed", w.0));
                b.next();
            }
        }
    }
    Ok(Checked { position, latest, differences })
}
