//! Source documents: the stored files' records, their text, who uploaded them, and who may
//! see them. A document is public exactly when an approved revision of a published deal
//! cites it; otherwise only its uploaders and moderators see it.

use crate::model::{
    document::{CitingDeal, DocumentBrief, DocumentView, MediaType},
    view::Viewer,
};
use sqlx::SqliteConnection;

/// The condition "the document `{sha}` is public", for a `WHERE` naming the hash column.
const PUBLIC: &str = "EXISTS (SELECT 1 FROM revision_documents rd
        JOIN revision_decisions dc ON dc.revision_id = rd.revision_id AND dc.decision = 'approved'
        JOIN deals d ON d.id = rd.deal_id AND d.published = 1
        WHERE rd.sha256 = {sha})";

fn public_sql(sha: &str) -> String {
    PUBLIC.replace("{sha}", sha)
}

/// How a document came: the upload form (counted in the day's quota) or an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Form,
    Import,
}

/// Records an upload: the document (once) and who uploaded it. Returns whether the
/// document is new to the site.
pub async fn add(
    conn: &mut SqliteConnection,
    sha256: &str,
    media: MediaType,
    size: i64,
    file_name: &str,
    user_id: i64,
    via: Via,
) -> Result<bool, sqlx::Error> {
    let now = super::now();
    let new = sqlx::query(
        "INSERT INTO documents (sha256, media_type, size, file_name, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(media.mime())
    .bind(size)
    .bind(file_name)
    .bind(user_id)
    .bind(&now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    sqlx::query("INSERT INTO document_uploads (sha256, user_id, size, file_name, via, at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(sha256)
        .bind(user_id)
        .bind(size)
        .bind(file_name)
        .bind(if via == Via::Form { "form" } else { "import" })
        .bind(&now)
        .execute(&mut *conn)
        .await?;
    Ok(new)
}

/// Bytes an account uploaded through the form since `since` (an RFC 3339 time), for the
/// daily quota; a moderator's command-line import does not use it up.
pub async fn uploaded_since(conn: &mut SqliteConnection, user_id: i64, since: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT coalesce(sum(size), 0) FROM document_uploads WHERE user_id = ? AND at >= ? AND via = 'form'")
        .bind(user_id)
        .bind(since)
        .fetch_one(conn)
        .await
}

/// How the public knows a public document: from the first approved revision of a published
/// deal that cites it, who attached it, when, under what file name, and the citing source's
/// title and publisher as the published version shows them. None while it is not public.
struct PublicFace {
    attached_by: Option<String>,
    attached_at: String,
    file_name: String,
}

async fn first_public_citation(conn: &mut SqliteConnection, sha256: &str) -> Result<Option<PublicFace>, sqlx::Error> {
    let row: Option<(Option<i64>, Option<String>, String)> = sqlx::query_as(
        "SELECT r.author_id, CASE WHEN u.deleted_at IS NULL THEN u.handle END, r.created_at
         FROM revision_documents rd
         JOIN revision_decisions dc ON dc.revision_id = rd.revision_id AND dc.decision = 'approved'
         JOIN deals d ON d.id = rd.deal_id AND d.published = 1
         JOIN revisions r ON r.id = rd.revision_id LEFT JOIN users u ON u.id = r.author_id
         WHERE rd.sha256 = ? ORDER BY r.id LIMIT 1",
    )
    .bind(sha256)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((author, attached_by, attached_at)) = row else { return Ok(None) };
    // The name of that author's own upload; another uploader's name stays theirs.
    let file_name: Option<String> =
        sqlx::query_scalar("SELECT file_name FROM document_uploads WHERE sha256 = ? AND user_id = ? ORDER BY id LIMIT 1")
            .bind(sha256)
            .bind(author)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(Some(PublicFace { attached_by, attached_at, file_name: file_name.unwrap_or_else(|| "document".into()) }))
}

/// Whether the public sees the document.
pub async fn is_public(conn: &mut SqliteConnection, sha256: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT {}", public_sql("?"))).bind(sha256).fetch_one(conn).await
}

/// Whether `viewer` may see the document: anyone when it is public, else its uploaders and
/// moderators. `None` when there is no such document (or it may not be seen: the two look
/// the same from outside).
pub async fn visible(
    conn: &mut SqliteConnection,
    sha256: &str,
    viewer: Option<&Viewer>,
) -> Result<Option<(MediaType, String)>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT media_type, file_name FROM documents WHERE sha256 = ?").bind(sha256).fetch_optional(&mut *conn).await?;
    let Some((mime, first_name)) = row else { return Ok(None) };
    let Some(media) = MediaType::from_mime(&mime) else { return Ok(None) };
    if let Some(first) = first_public_citation(&mut *conn, sha256).await? {
        return Ok(Some((media, first.file_name)));
    }
    if viewer.is_some_and(Viewer::is_moderator) {
        return Ok(Some((media, first_name)));
    }
    let Some(v) = viewer else { return Ok(None) };
    // An uploader sees the file under the name their own upload had.
    let own: Option<String> =
        sqlx::query_scalar("SELECT file_name FROM document_uploads WHERE sha256 = ? AND user_id = ? ORDER BY id LIMIT 1")
            .bind(sha256)
            .bind(v.id)
            .fetch_optional(conn)
            .await?;
    Ok(own.map(|name| (media, name)))
}

/// A document's page, for a viewer who may see it (checked by the caller with [`visible`]):
/// the text of its first `pages` pages. Citing deals waiting for review are listed only to
/// moderators and their authors.
pub async fn view(
    conn: &mut SqliteConnection,
    sha256: &str,
    pages: i64,
    viewer: Option<&Viewer>,
) -> Result<Option<DocumentView>, sqlx::Error> {
    type Row = (String, i64, String, String, Option<String>, String, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT d.media_type, d.size, d.file_name, d.uploaded_at,
                CASE WHEN u.deleted_at IS NULL THEN u.handle END, d.text_status, d.pages
         FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by WHERE d.sha256 = ?",
    )
    .bind(sha256)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((mime, size, mut file_name, mut uploaded_at, mut uploaded_by, text_status, page_count)) = row else { return Ok(None) };
    let Some(media_type) = MediaType::from_mime(&mime) else { return Ok(None) };
    let face = first_public_citation(&mut *conn, sha256).await?;
    let public = face.is_some();
    let moderator = viewer.is_some_and(Viewer::is_moderator);
    if let Some(f) = face {
        (file_name, uploaded_at, uploaded_by) = (f.file_name, f.attached_at, f.attached_by);
    } else if let (Some(v), false) = (viewer, moderator) {
        // An uploader of a private document sees their own upload, never another's.
        let own: Option<(String, String)> =
            sqlx::query_as("SELECT file_name, at FROM document_uploads WHERE sha256 = ? AND user_id = ? ORDER BY id LIMIT 1")
                .bind(sha256)
                .bind(v.id)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some((name, at)) = own {
            (file_name, uploaded_at, uploaded_by) = (name, at, Some(v.handle.clone()));
        }
    }
    // Each deal citing it once, with whether the citing version is approved and published.
    type Cite = (i64, String, bool, bool, bool);
    let cites: Vec<Cite> = sqlx::query_as(
        "SELECT d.id, d.title, d.deleted_at IS NOT NULL,
                max(dc.decision = 'approved' AND d.published = 1), max(coalesce(r.author_id = ?2, 0))
         FROM revision_documents rd JOIN revisions r ON r.id = rd.revision_id JOIN deals d ON d.id = rd.deal_id
         LEFT JOIN revision_decisions dc ON dc.revision_id = rd.revision_id
         WHERE rd.sha256 = ?1 AND (dc.decision IS NULL OR dc.decision = 'approved')
         GROUP BY d.id ORDER BY d.id",
    )
    .bind(sha256)
    .bind(viewer.map(|v| v.id))
    .fetch_all(&mut *conn)
    .await?;
    let citing: Vec<CitingDeal> = cites
        .into_iter()
        .filter(|(_, _, _, published, own)| *published || moderator || *own)
        .map(|(id, title, withdrawn, published, _)| CitingDeal { id, title, withdrawn, published })
        .collect();
    // Its title and publisher: as a published version's source shows them when it is
    // public, else as the newest citing revision has them: any, for a moderator; their own,
    // for an uploader.
    let shown: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT s.title, s.url, s.publisher FROM sources s JOIN deals d ON d.id = s.deal_id AND d.published = 1
         WHERE s.document = ? ORDER BY s.deal_id LIMIT 1",
    )
    .bind(sha256)
    .fetch_optional(&mut *conn)
    .await?;
    let source: serde_json::Value = match shown {
        Some((title, url, publisher)) if public => serde_json::json!({ "title": title, "url": url, "publisher": publisher }),
        _ if public => serde_json::Value::Null,
        _ => {
            let newest: Option<String> = sqlx::query_scalar(
                "SELECT s.value FROM revision_documents rd JOIN revisions r ON r.id = rd.revision_id, json_each(r.snapshot, '$.sources') s
                 WHERE rd.sha256 = ?1 AND json_extract(s.value, '$.document') = ?1 AND (?2 OR r.author_id = ?3)
                 ORDER BY r.id DESC LIMIT 1",
            )
            .bind(sha256)
            .bind(moderator)
            .bind(viewer.map(|v| v.id))
            .fetch_optional(&mut *conn)
            .await?;
            newest.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
        }
    };
    let text_of = |k: &str| source.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let text: Vec<(i64, String)> = sqlx::query_as("SELECT page, text FROM document_pages WHERE sha256 = ? AND page <= ? ORDER BY page")
        .bind(sha256)
        .bind(pages)
        .fetch_all(&mut *conn)
        .await?;
    let more_text: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM document_pages WHERE sha256 = ? AND page > ?)")
        .bind(sha256)
        .bind(pages)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Some(DocumentView {
        sha256: sha256.to_string(),
        media_type,
        size,
        title: text_of("title").or_else(|| text_of("url")),
        publisher: text_of("publisher"),
        file_name,
        uploaded_at,
        uploaded_by,
        public,
        citing,
        text_status,
        pages: page_count,
        text,
        more_text,
    }))
}

/// What the deal page shows of each kept document it cites.
pub async fn briefs(conn: &mut SqliteConnection, shas: &[String]) -> Result<Vec<DocumentBrief>, sqlx::Error> {
    let mut out = Vec::new();
    for sha in shas {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT media_type, size FROM documents WHERE sha256 = ?").bind(sha).fetch_optional(&mut *conn).await?;
        if let Some((mime, size)) = row {
            if let Some(media_type) = MediaType::from_mime(&mime) {
                out.push(DocumentBrief { sha256: sha.clone(), media_type, size });
            }
        }
    }
    Ok(out)
}

/// The oldest document whose text waits to be read.
pub async fn next_waiting(conn: &mut SqliteConnection) -> Result<Option<(String, MediaType)>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT sha256, media_type FROM documents WHERE text_status = 'waiting' ORDER BY uploaded_at, sha256 LIMIT 1")
            .fetch_optional(conn)
            .await?;
    Ok(row.and_then(|(sha, mime)| Some((sha, MediaType::from_mime(&mime)?))))
}

/// Stores a document's text (its pages), or why there is none.
pub async fn set_text(conn: &mut SqliteConnection, sha256: &str, text: Result<&[String], &str>) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM document_pages WHERE sha256 = ?").bind(sha256).execute(&mut *conn).await?;
    let (status, pages, problem) = match text {
        Ok(pages) => {
            for (i, p) in pages.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
                sqlx::query("INSERT INTO document_pages (sha256, page, text) VALUES (?, ?, ?)")
                    .bind(sha256)
                    .bind(i as i64 + 1)
                    .bind(p)
                    .execute(&mut *conn)
                    .await?;
            }
            let any = pages.iter().any(|p| !p.is_empty());
            (if any { "done" } else { "none" }, Some(pages.len() as i64), None)
        }
        Err(code) => ("failed", None, Some(code)),
    };
    sqlx::query("UPDATE documents SET text_status = ?, pages = ?, text_problem = ? WHERE sha256 = ?")
        .bind(status)
        .bind(pages)
        .bind(problem)
        .bind(sha256)
        .execute(conn)
        .await?;
    Ok(())
}

/// Published deals whose approved versions cite the document.
pub async fn public_deals(conn: &mut SqliteConnection, sha256: &str) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT rd.deal_id FROM revision_documents rd
         JOIN revision_decisions dc ON dc.revision_id = rd.revision_id AND dc.decision = 'approved'
         JOIN deals d ON d.id = rd.deal_id AND d.published = 1
         WHERE rd.sha256 = ? ORDER BY rd.deal_id",
    )
    .bind(sha256)
    .fetch_all(conn)
    .await
}

/// Every document on record with its size, for checking the stored files.
pub async fn all(conn: &mut SqliteConnection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT sha256, size FROM documents ORDER BY sha256").fetch_all(conn).await
}

/// Pages of documents one result page may read to say where its matches are.
pub const PAGES_READ_PER_LIST: i64 = 2_000;

/// The first page of a deal's shown documents where the search's words are, with the words
/// around them marked. Reads pages a few at a time, stops at the first match, and reads at
/// most `budget` pages (shared by a list's results, and lowered by what it read), so a list
/// costs what it shows.
pub async fn find_in(
    conn: &mut SqliteConnection,
    deal_id: i64,
    marker: &mut crate::search::Marker,
    budget: &mut i64,
) -> Result<Option<crate::model::document::DocumentHit>, sqlx::Error> {
    const BATCH: i64 = 20;
    let (mut position, mut page) = (-1i64, 0i64);
    while *budget > 0 {
        let rows: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
            "SELECT s.position, s.document, coalesce(s.title, s.url, ''), p.page, p.text
             FROM sources s JOIN document_pages p ON p.sha256 = s.document
             WHERE s.deal_id = ? AND (s.position, p.page) > (?, ?) ORDER BY s.position, p.page LIMIT ?",
        )
        .bind(deal_id)
        .bind(position)
        .bind(page)
        .bind(BATCH)
        .fetch_all(&mut *conn)
        .await?;
        let done = (rows.len() as i64) < BATCH;
        for (pos, sha256, title, n, text) in rows {
            *budget -= 1;
            (position, page) = (pos, n);
            if let Some(snippet) = marker.snippet(&text) {
                return Ok(Some(crate::model::document::DocumentHit { sha256, title, page: n, snippet }));
            }
        }
        if done {
            break;
        }
    }
    Ok(None)
}
