//! Source documents kept on the site (ssr): the store the files live in ([`store`]), what
//! an upload must be to be kept ([`accept`]), and reading their text ([`extract`]).

pub mod extract;
pub mod keep;
pub mod store;

use crate::model::{document::MediaType, msg::Msg};

/// What uploads may be, validated at start.
#[derive(Clone, Copy, Debug)]
pub struct UploadLimits {
    /// The largest file, in bytes.
    pub max_file: u64,
    /// Bytes one account may upload in a day.
    pub per_day: u64,
}

impl UploadLimits {
    /// The most a deal form may send, its sources' files included: four files at the
    /// largest size, so one too-large file is said next to its own field rather than as a
    /// refused post.
    pub fn form_max(&self) -> u64 {
        self.max_file.saturating_mul(4).saturating_add(1_000_000)
    }
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits { max_file: 25 * 1_000_000, per_day: 250 * 1_000_000 }
    }
}

/// What a file over the size limit is told.
pub fn too_large(max_file: u64) -> Msg {
    Msg::new("document-file-too-large").with("mb", (max_file / 1_000_000).to_string())
}

/// A file the site will keep: its type (from its bytes) and hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub sha256: String,
    pub media: MediaType,
}

/// Checks an uploaded file: not empty, a kind the site keeps (decided from the bytes, not
/// the name or the browser's claim), and for an image, a header that reads. Images too big
/// to read safely are kept, without their text and shown only as downloads.
pub fn accept(bytes: &[u8]) -> Result<Accepted, Msg> {
    if bytes.is_empty() {
        return Err(Msg::new("document-file-empty"));
    }
    let media = MediaType::sniff(bytes).ok_or_else(|| Msg::new("document-file-kind"))?;
    if media.is_image() && !image_header_reads(bytes, media) {
        return Err(Msg::new("document-image-damaged"));
    }
    Ok(Accepted { sha256: store::sha256_hex(bytes), media })
}

/// Whether a picture's header says what it is: its dimensions read (and a PNG's first
/// chunk is its header, as the format requires).
fn image_header_reads(bytes: &[u8], media: MediaType) -> bool {
    let png_header = media != MediaType::Png || bytes.get(12..16) == Some(b"IHDR");
    png_header && imagesize::blob_size(bytes).is_ok_and(|s| s.width > 0 && s.height > 0)
}

/// Whether an image may be shown in the page: its header reads and its size is sane. A
/// picture of huge dimensions is offered only as a download (a browser decoding it could
/// take gigabytes).
pub fn image_shows(bytes: &[u8], media: MediaType) -> bool {
    image_header_reads(bytes, media) && imagesize::blob_size(bytes).is_ok_and(|s| (s.width as u64) * (s.height as u64) <= 60_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_judged_by_their_bytes() {
        assert_eq!(accept(b"").unwrap_err().id, "document-file-empty");
        assert_eq!(accept(b"\x7fELF\x02\x01").unwrap_err().id, "document-file-kind");
        assert_eq!(accept(b"\x89PNG\r\n\x1a\nbroken").unwrap_err().id, "document-image-damaged");
        let html = accept(b"<!doctype html><script>alert(1)</script>").unwrap();
        assert_eq!(html.media, MediaType::Html, "a page named .pdf is still a page");
    }
}
