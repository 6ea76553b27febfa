//! Source documents kept on the site: their fingerprint, their type as read from their
//! bytes, and what a document's page shows.

use serde::{Deserialize, Serialize};

/// A document's fingerprint, as stored and as it appears in addresses: the SHA-256 of its
/// bytes in lower-case hex. `None` for anything else (upper case is accepted and lowered,
/// since people paste `sha256sum` lines from other tools).
pub fn parse_sha256(s: &str) -> Option<String> {
    let s = s.trim();
    (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_ascii_lowercase())
}

/// The kinds of file the site keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaType {
    Pdf,
    Png,
    Jpeg,
    Tiff,
    Html,
    Text,
}

impl MediaType {
    pub const ALL: [MediaType; 6] = [MediaType::Pdf, MediaType::Png, MediaType::Jpeg, MediaType::Tiff, MediaType::Html, MediaType::Text];

    /// The MIME type, as stored.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Tiff => "image/tiff",
            MediaType::Html => "text/html",
            MediaType::Text => "text/plain",
        }
    }

    pub fn from_mime(s: &str) -> Option<MediaType> {
        MediaType::ALL.into_iter().find(|m| m.mime() == s)
    }

    /// The catalogue id of its name for readers ("PDF", "scanned image").
    pub fn msg_id(self) -> &'static str {
        match self {
            MediaType::Pdf => "document-type-pdf",
            MediaType::Png | MediaType::Jpeg | MediaType::Tiff => "document-type-image",
            MediaType::Html => "document-type-html",
            MediaType::Text => "document-type-text",
        }
    }

    /// The file name ending a download gets.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Pdf => "pdf",
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Tiff => "tif",
            MediaType::Html => "html",
            MediaType::Text => "txt",
        }
    }

    /// Whether the site may show it inline (after checking its header again): PDFs and the
    /// images browsers draw. HTML and TIFF are downloads only: HTML would run as a page of
    /// the site, and browsers do not draw TIFF.
    pub fn inline(self) -> bool {
        matches!(self, MediaType::Pdf | MediaType::Png | MediaType::Jpeg)
    }

    /// Whether it is a picture whose words need OCR.
    pub fn is_image(self) -> bool {
        matches!(self, MediaType::Png | MediaType::Jpeg | MediaType::Tiff)
    }

    /// The type of a file, decided from its first bytes alone. Text is UTF-8 without
    /// control characters other than whitespace; HTML is text that opens with a tag a saved
    /// web page opens with. Anything else is not kept.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        if bytes.starts_with(b"%PDF-") {
            return Some(MediaType::Pdf);
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(MediaType::Png);
        }
        if bytes.starts_with(b"\xff\xd8\xff") {
            return Some(MediaType::Jpeg);
        }
        if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            return Some(MediaType::Tiff);
        }
        let head = &bytes[..bytes.len().min(4096)];
        // A cut in the middle of a character at the end of the head is not a reason to refuse.
        let text = match std::str::from_utf8(head) {
            Ok(t) => t,
            Err(e) if e.valid_up_to() + 4 >= head.len() && e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
            Err(_) => return None,
        };
        if text.is_empty() || text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            return None;
        }
        let start = text.trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
        let html = ["<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<title", "<?xml"];
        if html.iter().any(|p| start.starts_with(p)) {
            return Some(MediaType::Html);
        }
        Some(MediaType::Text)
    }
}

/// A file name as offered on download: the uploader's name kept to safe characters, with
/// the ending of the type the bytes are.
pub fn download_name(file_name: &str, media: MediaType) -> String {
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or("").rsplit_once('.').map(|(s, _)| s).unwrap_or(file_name);
    let safe: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ') { c } else { '_' }).take(80).collect();
    let safe = safe.trim();
    format!("{}.{}", if safe.is_empty() { "document" } else { safe }, media.extension())
}

/// The address of the form that attaches a document to a deal's source.
pub fn attach_path(deal: i64, source: &str) -> String {
    format!("/deals/{deal}/sources/{source}/document")
}

/// A size for readers: "820 bytes", "1.4 MB".
pub fn format_size(bytes: i64) -> String {
    const KB: f64 = 1000.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / (KB * KB))
    }
}

/// A deal that cites a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CitingDeal {
    pub id: i64,
    pub title: String,
    /// Whether the deal was withdrawn (its documents stay with its record).
    pub withdrawn: bool,
    /// Whether the citing version is published; false for a change waiting for review
    /// (only its author and moderators see those).
    pub published: bool,
}

/// A document's page: what it is, where it came from and its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub sha256: String,
    pub media_type: MediaType,
    pub size: i64,
    /// The title and publisher of a source citing it ("Board minutes, March 2019").
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub file_name: String,
    pub uploaded_at: String,
    /// The first uploader's public name; `None` for a deleted account.
    pub uploaded_by: Option<String>,
    /// Whether the public sees it (an approved version of a published deal cites it).
    pub public: bool,
    pub citing: Vec<CitingDeal>,
    /// waiting, done, none or failed.
    pub text_status: String,
    pub pages: Option<i64>,
    /// The text of the pages shown, in order: (page number, text).
    pub text: Vec<(i64, String)>,
    /// Whether pages beyond those shown have text ("show all").
    pub more_text: bool,
}

/// How a source's document shows on a deal page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentBrief {
    pub sha256: String,
    pub media_type: MediaType,
    pub size: i64,
}

/// Where a search's words were found in a deal's documents: "page 4 of 'Board minutes'".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentHit {
    pub sha256: String,
    /// The citing source's title (or link).
    pub title: String,
    pub page: i64,
    /// The words around the first match, marked by \u{2}…\u{3}.
    pub snippet: String,
}

/// Pages of a document's text its page shows before "show all".
pub const PAGES_SHOWN: i64 = 3;

/// The link to one page of a document's text.
pub fn page_link(sha256: &str, page: i64) -> String {
    if page <= PAGES_SHOWN {
        format!("/documents/{sha256}#page-{page}")
    } else {
        format!("/documents/{sha256}?text=all#page-{page}")
    }
}

/// What the attach form shows: the deal, the source, and the limits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachView {
    pub deal_id: i64,
    pub deal_title: String,
    pub source_id: String,
    /// The source as a reader knows it: its title, else its link.
    pub source_label: String,
    /// The document the source has now, when it has one (a new file replaces it).
    pub current: Option<String>,
    /// The largest file, in MB.
    pub max_mb: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n..."), Some(MediaType::Pdf));
        assert_eq!(MediaType::sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some(MediaType::Png));
        assert_eq!(MediaType::sniff(b"\xff\xd8\xff\xe0"), Some(MediaType::Jpeg));
        assert_eq!(MediaType::sniff(b"II*\0\x08"), Some(MediaType::Tiff));
        assert_eq!(MediaType::sniff(b"  <!DOCTYPE html><script>alert(1)</script>"), Some(MediaType::Html));
        assert_eq!(MediaType::sniff(b"\xef\xbb\xbf<html>"), Some(MediaType::Html));
        assert_eq!(MediaType::sniff("Minutes of the board. Señor".as_bytes()), Some(MediaType::Text));
        assert_eq!(MediaType::sniff(b"PK\x03\x04zip"), None, "a zip is not kept");
        assert_eq!(MediaType::sniff(b"MZ\x90\0"), None, "nor a program");
        assert_eq!(MediaType::sniff(b""), None);
        for m in MediaType::ALL {
            assert_eq!(MediaType::from_mime(m.mime()), Some(m));
        }
    }

    #[test]
    fn fingerprints_and_sizes() {
        let h = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        assert_eq!(parse_sha256(h).as_deref(), Some(h.to_ascii_lowercase().as_str()));
        assert_eq!(parse_sha256("e3b0"), None);
        assert_eq!(parse_sha256(&"g".repeat(64)), None);
        assert_eq!(format_size(820), "820 bytes");
        assert_eq!(format_size(14_200), "14 KB");
        assert_eq!(format_size(1_400_000), "1.4 MB");
        assert_eq!(download_name("../../Board minutes.pdf", MediaType::Html), "Board minutes.html");
        assert_eq!(download_name("", MediaType::Pdf), "document.pdf");
        assert_eq!(download_name("a\"b;c.pdf", MediaType::Pdf), "a_b_c.pdf");
    }
}
