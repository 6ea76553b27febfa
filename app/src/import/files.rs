//! Source documents an import names in its `source_files` column: files read from the
//! folder given by `--files-from`, checked as an upload is checked, kept in the documents
//! store, and attached to the row's sources in order.

use crate::documents::{accept, store::Store, Accepted};
use crate::i18n::{text, Lang};
use crate::model::{document::MediaType, msg::Msg};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Where an import's files come from and where they are kept.
#[derive(Clone)]
pub struct FilesFrom {
    /// The folder the `source_files` paths are relative to.
    pub dir: PathBuf,
    pub store: Arc<dyn Store>,
    /// The largest file, as for uploads.
    pub max_file: u64,
}

impl std::fmt::Debug for FilesFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilesFrom").field("dir", &self.dir).field("max_file", &self.max_file).finish()
    }
}

/// A file an import keeps: what the documents table records of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub sha256: String,
    pub media: MediaType,
    pub size: i64,
    pub file_name: String,
}

/// Reads, checks and (unless `dry_run`) stores the file `name` names; Err is the reason, in
/// `lang`, for the row's report.
pub fn keep(files: Option<&FilesFrom>, name: &str, dry_run: bool, lang: Lang) -> Result<Kept, String> {
    let say = |m: Msg| text(lang, &m.with("file", name));
    let Some(files) = files else { return Err(say(Msg::new("import-files-no-folder"))) };
    // Only a relative path of plain names: nothing outside the folder, even by a link.
    let relative = Path::new(name);
    if name.is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(say(Msg::new("import-files-outside")));
    }
    let (Ok(root), Ok(path)) = (files.dir.canonicalize(), files.dir.join(relative).canonicalize()) else {
        return Err(say(Msg::new("import-files-missing")));
    };
    if !path.starts_with(&root) {
        return Err(say(Msg::new("import-files-outside")));
    }
    // Only a regular file: a pipe or a device would hold the import (and its write) forever.
    let meta = std::fs::metadata(&path).map_err(|_| say(Msg::new("import-files-missing")))?;
    if !meta.is_file() {
        return Err(say(Msg::new("import-files-missing")));
    }
    let size = meta.len();
    if size > files.max_file {
        return Err(say(Msg::new("import-files-too-large").with("mb", (files.max_file / 1_000_000).to_string())));
    }
    let bytes = std::fs::read(&path).map_err(|_| say(Msg::new("import-files-missing")))?;
    let Accepted { sha256, media } = accept(&bytes).map_err(|m| format!("{name}: {}", text(lang, &m)))?;
    if !dry_run {
        files.store.put(&sha256, &bytes).map_err(|e| {
            tracing::error!(error = %e, "import: a document could not be stored");
            say(Msg::new("import-files-not-stored"))
        })?;
    }
    let file_name = relative.file_name().map(|n| n.to_string_lossy().chars().take(200).collect()).unwrap_or_default();
    Ok(Kept { sha256, media, size: bytes.len() as i64, file_name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::store::FolderStore;

    #[test]
    fn files_come_from_inside_the_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("files");
        std::fs::create_dir_all(inside.join("2019")).unwrap();
        std::fs::write(inside.join("2019/minutes.pdf"), b"%PDF-1.4 minutes").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"not for import").unwrap();
        let files = FilesFrom { dir: inside.clone(), store: Arc::new(FolderStore::new(dir.path().join("kept"))), max_file: 1_000 };
        let kept = keep(Some(&files), "2019/minutes.pdf", false, Lang::En).unwrap();
        assert_eq!((kept.media, kept.file_name.as_str()), (MediaType::Pdf, "minutes.pdf"));
        assert!(files.store.get(&kept.sha256).is_ok(), "kept in the store");
        assert!(keep(Some(&files), "./2019/minutes.pdf", true, Lang::En).is_ok());
        assert!(keep(Some(&files), "2019", true, Lang::En).is_err(), "a folder is not a file");
        for bad in ["../secret.txt", "/etc/passwd", "2019/../../secret.txt", ""] {
            assert!(keep(Some(&files), bad, true, Lang::En).is_err(), "{bad}");
        }
        assert!(keep(Some(&files), "nothing.pdf", true, Lang::En).unwrap_err().contains("nothing.pdf"));
        assert!(keep(None, "2019/minutes.pdf", true, Lang::En).unwrap_err().contains("--files-from"));
    }
}
