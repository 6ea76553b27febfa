//! Checking and copying the stored files: `tracker documents verify`, and the documents
//! half of `tracker backup` and `tracker restore`. Every file is read and hashed again; a
//! file whose bytes no longer match its name is reported, never copied.

use super::store::{sha256_hex, Store};

/// What a check or a copy found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Check {
    /// Files read whose bytes match their hash.
    pub good: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Documents on record without a file.
    pub missing: Vec<String>,
    /// Files whose bytes do not hash to their name (changed on disk).
    pub damaged: Vec<String>,
    /// Files in the store that no document on record names (an upload cut off before its
    /// write; harmless, and left alone).
    pub unlisted: Vec<String>,
}

impl Check {
    pub fn is_sound(&self) -> bool {
        self.missing.is_empty() && self.damaged.is_empty()
    }
}

/// Reads every listed document's file and checks its hash; copies the good ones to `to`
/// when given.
pub fn check(from: &dyn Store, listed: &[String], to: Option<&dyn Store>) -> std::io::Result<Check> {
    let mut c = Check::default();
    for sha in listed {
        match from.get(sha) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => c.missing.push(sha.clone()),
            Err(e) => return Err(e),
            Ok(bytes) if sha256_hex(&bytes) != *sha => c.damaged.push(sha.clone()),
            Ok(bytes) => {
                if let Some(to) = to {
                    to.put(sha, &bytes)?;
                }
                c.good += 1;
                c.bytes += bytes.len() as u64;
            }
        }
    }
    let known: std::collections::HashSet<&String> = listed.iter().collect();
    c.unlisted = from.list()?.into_iter().filter(|f| !known.contains(f)).collect();
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::store::FolderStore;

    #[test]
    fn a_changed_file_is_found_and_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let live = FolderStore::new(dir.path().join("live"));
        let (a, b) = (b"%PDF-1.4 first".to_vec(), b"%PDF-1.4 second".to_vec());
        let (sa, sb) = (sha256_hex(&a), sha256_hex(&b));
        live.put(&sa, &a).unwrap();
        live.put(&sb, &b).unwrap();
        std::fs::write(live.local_path(&sb).unwrap(), b"%PDF-1.4 tampered").unwrap();
        let stray = sha256_hex(b"stray");
        live.put(&stray, b"stray").unwrap();
        let gone = sha256_hex(b"gone");
        let copy = FolderStore::new(dir.path().join("copy"));
        let c = check(&live, &[sa.clone(), sb.clone(), gone.clone()], Some(&copy)).unwrap();
        assert_eq!((c.good, c.missing, c.damaged, c.unlisted), (1, vec![gone], vec![sb], vec![stray]));
        assert_eq!(copy.list().unwrap(), vec![sa]);
    }
}
