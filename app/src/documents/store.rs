//! Where document files live: content-addressed by SHA-256, each stored once.
//!
//! [`Store`] is the small interface the rest of the site uses, so an object store can be
//! added beside [`FolderStore`] later. Files never change once written: a name is the hash
//! of the bytes, so two uploads of one document are one file.

use sha2::{Digest, Sha256};
use std::{
    io::{self, Write},
    path::{Path, PathBuf},
};

/// Stored files by their SHA-256 (lower-case hex).
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Keeps `bytes` under `sha256` (their hash, computed by the caller while reading them).
    /// Safe to call again for a file already kept.
    fn put(&self, sha256: &str, bytes: &[u8]) -> io::Result<()>;
    /// The file's bytes.
    fn get(&self, sha256: &str) -> io::Result<Vec<u8>>;
    /// A path a child process (the text reader) can open: the file itself for a folder.
    fn local_path(&self, sha256: &str) -> io::Result<PathBuf>;
    /// Every stored file's name.
    fn list(&self) -> io::Result<Vec<String>>;
}

/// The hash of some bytes as the store names them.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Files in a folder, fanned out by their first two hex digits (`ab/abcdef…`) so no folder
/// holds more than a small share of them.
#[derive(Clone, Debug)]
pub struct FolderStore {
    dir: PathBuf,
}

impl FolderStore {
    pub fn new(dir: impl Into<PathBuf>) -> FolderStore {
        FolderStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, sha256: &str) -> io::Result<PathBuf> {
        // Names are checked here too: a name reaches the file system only as 64 hex digits.
        if crate::model::document::parse_sha256(sha256).as_deref() != Some(sha256) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a SHA-256"));
        }
        Ok(self.dir.join(&sha256[..2]).join(sha256))
    }
}

impl Store for FolderStore {
    fn put(&self, sha256: &str, bytes: &[u8]) -> io::Result<()> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = self.path(sha256)?;
        // A file already there is kept only if it is still these bytes: a damaged one is
        // replaced (a restore repairs it).
        if std::fs::read(&path).is_ok_and(|old| sha256_hex(&old) == sha256) {
            return Ok(());
        }
        let parent = path.parent().ok_or_else(|| io::Error::other("no folder"))?;
        std::fs::create_dir_all(parent)?;
        // Written beside its final place, flushed to disk, then renamed: a reader (or a
        // crash) sees the whole file or none of it. Each write has a name of its own, so two
        // uploads of one file at once never share a temporary file.
        let tmp = parent.join(format!(".{sha256}.{}.{}.tmp", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            std::fs::File::open(parent)?.sync_all()
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }

    fn get(&self, sha256: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.path(sha256)?)
    }

    fn local_path(&self, sha256: &str) -> io::Result<PathBuf> {
        let p = self.path(sha256)?;
        if p.is_file() {
            Ok(p)
        } else {
            Err(io::Error::new(io::ErrorKind::NotFound, "not stored"))
        }
    }

    fn list(&self) -> io::Result<Vec<String>> {
        let mut out = Vec::new();
        let top = match std::fs::read_dir(&self.dir) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(e),
        };
        for fan in top {
            let fan = fan?;
            if !fan.file_type()?.is_dir() {
                continue;
            }
            for f in std::fs::read_dir(fan.path())? {
                let name = f?.file_name().to_string_lossy().to_string();
                if crate::model::document::parse_sha256(&name).as_deref() == Some(name.as_str()) {
                    out.push(name);
                }
            }
        }
        out.sort();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_kept_once_by_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderStore::new(dir.path().join("documents"));
        let bytes = b"%PDF-1.4 minutes";
        let sha = sha256_hex(bytes);
        store.put(&sha, bytes).unwrap();
        store.put(&sha, bytes).unwrap();
        assert_eq!(store.get(&sha).unwrap(), bytes);
        std::fs::write(store.local_path(&sha).unwrap(), b"damaged").unwrap();
        store.put(&sha, bytes).unwrap();
        assert_eq!(store.get(&sha).unwrap(), bytes, "a damaged file is replaced");
        assert_eq!(store.list().unwrap(), vec![sha.clone()]);
        assert!(store.local_path(&sha).unwrap().ends_with(format!("{}/{sha}", &sha[..2])));
        assert!(store.get("../../etc/passwd").is_err(), "only hashes name files");
        assert!(store.get(&sha256_hex(b"other")).is_err());
    }
}
