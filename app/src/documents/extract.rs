//! Reading the text of stored documents, in the background.
//!
//! PDFs are read by poppler's `pdftotext` and scans by Tesseract, each a child process
//! under `prlimit` (address space and CPU time) and a wall-clock timeout, so a hostile file
//! (thousands of pages, a corrupt stream, an image bomb) costs a bounded amount and leaves
//! the file kept without text. The text goes into SQLite page by page: rebuilding the
//! search index never reads a file again.
//!
//! The worker wakes on the change record's `documents` changes (an upload records one in
//! its transaction) and reads every document still `waiting`, so a crash mid-read only
//! means that document is read again at the next start.

use crate::model::document::MediaType;
use crate::repo;
use std::{path::Path, time::Duration};

/// How much a reader may use.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Wall-clock time for one document.
    pub time: Duration,
    /// Address space of the reading process, in bytes.
    pub memory: u64,
    /// Images with more pixels than this are kept without OCR (a decompression bomb).
    pub max_pixels: u64,
    /// Text kept per document, in bytes; the rest is cut (said on the page).
    pub max_text: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { time: Duration::from_secs(120), memory: 1 << 30, max_pixels: 60_000_000, max_text: 20 << 20 }
    }
}

/// Why a document has no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The reader ran out of time.
    Timeout,
    /// An image too large to read safely.
    TooLarge,
    /// The reader could not make sense of the file (corrupt, encrypted), or is missing.
    Unreadable,
}

impl Problem {
    pub fn code(self) -> &'static str {
        match self {
            Problem::Timeout => "timeout",
            Problem::TooLarge => "too_large",
            Problem::Unreadable => "unreadable",
        }
    }
}

/// The text of a file, page by page.
pub async fn read_text(path: &Path, media: MediaType, limits: Limits) -> Result<Vec<String>, Problem> {
    let mut pages = match media {
        MediaType::Pdf => {
            let out = run(&["pdftotext", "-q", "-enc", "UTF-8"], path, &["-"], limits).await?;
            // pdftotext ends every page with a form feed.
            let mut pages: Vec<String> = out.split('\u{c}').map(str::to_string).collect();
            if pages.last().is_some_and(|p| p.trim().is_empty()) {
                pages.pop();
            }
            pages
        }
        m if m.is_image() => {
            let size = imagesize::size(path).map_err(|_| Problem::Unreadable)?;
            if (size.width as u64).saturating_mul(size.height as u64) > limits.max_pixels {
                return Err(Problem::TooLarge);
            }
            let out = run(&["tesseract"], path, &["stdout", "-l", "eng+spa", "--psm", "3"], limits).await?;
            out.split('\u{c}').filter(|p| !p.trim().is_empty()).map(str::to_string).collect()
        }
        MediaType::Html => {
            let bytes = tokio::fs::read(path).await.map_err(|_| Problem::Unreadable)?;
            vec![html_text(&String::from_utf8_lossy(&bytes))]
        }
        _ => {
            let bytes = tokio::fs::read(path).await.map_err(|_| Problem::Unreadable)?;
            vec![String::from_utf8_lossy(&bytes).into_owned()]
        }
    };
    let mut total = 0;
    for p in pages.iter_mut() {
        let tidy = p.split_whitespace().collect::<Vec<_>>().join(" ");
        let room = limits.max_text.saturating_sub(total);
        *p = if tidy.len() > room { tidy[..tidy.floor_char_boundary(room)].to_string() } else { tidy };
        total += p.len();
    }
    Ok(pages)
}

/// Runs a reader under the limits and returns what it wrote. Its output is read only up to
/// a few times the text kept (a small file can expand to gigabytes of text): past that the
/// reader is stopped and the text read so far is kept.
async fn run(program: &[&str], path: &Path, after: &[&str], limits: Limits) -> Result<String, Problem> {
    use tokio::io::AsyncReadExt;
    let started = std::time::Instant::now();
    let cpu = limits.time.as_secs().max(1);
    let mut cmd = tokio::process::Command::new("prlimit");
    cmd.arg(format!("--as={}", limits.memory))
        .arg(format!("--cpu={cpu}"))
        .arg("--")
        .args(program)
        .arg(path)
        .args(after)
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true);
    let mut child = cmd.spawn().map_err(|e| {
        tracing::error!(error = %e, program = program[0], "documents: the text reader could not start");
        Problem::Unreadable
    })?;
    let Some(stdout) = child.stdout.take() else { return Err(Problem::Unreadable) };
    let cap = limits.max_text as u64 * 4;
    let mut out = Vec::new();
    match tokio::time::timeout(limits.time, stdout.take(cap).read_to_end(&mut out)).await {
        Err(_) => return Err(Problem::Timeout),
        Ok(Err(_)) => return Err(Problem::Unreadable),
        Ok(Ok(_)) => {}
    }
    if out.len() as u64 >= cap {
        // Enough text: the rest is cut, as the page says.
        let _ = child.kill().await;
        return Ok(String::from_utf8_lossy(&out).into_owned());
    }
    let left = limits.time.saturating_sub(started.elapsed());
    match tokio::time::timeout(left, child.wait()).await {
        Err(_) => Err(Problem::Timeout),
        Ok(Ok(status)) if status.success() => Ok(String::from_utf8_lossy(&out).into_owned()),
        Ok(_) => Err(Problem::Unreadable),
    }
}

/// The words of a saved web page: its text without tags, scripts or styles.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        if lower[i..].starts_with("<script") || lower[i..].starts_with("<style") {
            let close = if lower[i..].starts_with("<script") { "</script" } else { "</style" };
            i = lower[i..].find(close).map(|k| i + k + close.len()).unwrap_or(html.len());
            i = lower[i..].find('>').map(|k| i + k + 1).unwrap_or(html.len());
        } else if html[i..].starts_with('<') {
            i = html[i..].find('>').map(|k| i + k + 1).unwrap_or(html.len());
            out.push(' ');
        } else {
            let end = html[i..].find('<').map(|k| i + k).unwrap_or(html.len());
            out.push_str(&decode_entities(&html[i..end]));
            i = end;
        }
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// Reads the oldest waiting document's text and stores it; false when nothing waits. When
/// the document is public its deals get a change, so the search index reads them again.
pub async fn read_one(state: &crate::web::AppState, limits: Limits) -> Result<bool, sqlx::Error> {
    let mut conn = state.pool.acquire().await?;
    let Some((sha, media)) = repo::documents::next_waiting(&mut conn).await? else { return Ok(false) };
    drop(conn);
    let result = match state.documents.local_path(&sha) {
        Ok(path) => read_text(&path, media, limits).await,
        Err(e) => {
            tracing::error!(error = %e, %sha, "documents: a stored file is missing");
            Err(Problem::Unreadable)
        }
    };
    crate::web::action::background_write(state, async |tx| {
        repo::documents::set_text(&mut *tx, &sha, result.as_ref().map(Vec::as_slice).map_err(|p| p.code())).await?;
        for deal in repo::documents::public_deals(&mut *tx, &sha).await? {
            repo::changes::record(&mut *tx, repo::changes::Change::Deal(deal)).await?;
        }
        Ok(())
    })
    .await?;
    Ok(true)
}

/// The programs that read documents' text, and the Debian package each comes in.
const READERS: [(&str, &str); 2] = [("pdftotext", "poppler-utils"), ("tesseract", "tesseract-ocr")];

/// Says at start which readers are missing: documents are then kept without their text
/// (each page says so), and whoever runs the site should hear why from the log.
async fn warn_of_missing_readers() {
    use std::process::Stdio;
    for (reader, package) in READERS {
        let runs = tokio::process::Command::new(reader).arg("-v").stdout(Stdio::null()).stderr(Stdio::null()).status().await.is_ok();
        if !runs {
            tracing::warn!("documents: {reader} is not installed, so documents are kept without their text; install Debian's {package}");
        }
    }
}

/// Starts the worker: reads what waits now (left by a crash), then whenever woken.
pub fn spawn(state: crate::web::AppState, limits: Limits) {
    tokio::spawn(async move {
        warn_of_missing_readers().await;
        loop {
            match read_one(&state, limits).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "documents: reading text");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    continue;
                }
            }
            // Woken by an upload in this process; the poll finds another process's (a
            // command-line import with --files-from) within seconds. It reads one indexed row.
            let _ = tokio::time::timeout(Duration::from_secs(5), state.documents_wake.notified()).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_page_reads_as_its_words() {
        let t = html_text(
            "<html><head><style>p{}</style><script>alert('x < y')</script></head><body><p>Hotel&nbsp;tax &amp; fees</p></body></html>",
        );
        assert_eq!(t.split_whitespace().collect::<Vec<_>>().join(" "), "Hotel tax & fees");
    }
}
