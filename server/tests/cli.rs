//! The `tracker` command line, run as a user would run it.

use std::io::Write;
use std::process::{Command, Stdio};

fn tracker(db: &str, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tracker"))
        .args(args)
        .env("DATABASE_URL", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tracker");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn user_add_reads_the_password_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let (ok, out) = tracker(&db, &["migrate"], "");
    assert!(ok, "{out}");
    let (ok, out) = tracker(&db, &["user", "add", "alice", "--role", "moderator"], "correct horse battery\n");
    assert!(ok, "{out}");
    assert!(out.contains("created alice (moderator)"), "{out}");
    let (ok, out) = tracker(&db, &["user", "add", "ALICE"], "another long password\n");
    assert!(!ok && out.contains("taken"), "{out}");
    let (ok, out) = tracker(&db, &["user", "add", "bob"], "short\n");
    assert!(!ok && out.contains("12 characters"), "{out}");
    let (ok, out) = tracker(&db, &["user", "add", "carol", "--role", "emperor"], "correct horse battery\n");
    assert!(!ok && out.contains("contributor, moderator or admin"), "{out}");

    let (ok, out) = tracker(&db, &["user", "role", "alice", "admin"], "");
    assert!(ok && out.contains("alice is now admin (was moderator)"), "{out}");
    let (ok, out) = tracker(&db, &["user", "role", "nobody", "admin"], "");
    assert!(!ok && out.contains("no account nobody"), "{out}");
    let (ok, out) = tracker(&db, &["user", "reset-password", "alice"], "a completely new passphrase\n");
    assert!(ok && out.contains("password of alice changed"), "{out}");
    let (ok, out) = tracker(&db, &["user", "reset-password", "alice"], "tiny\n");
    assert!(!ok && out.contains("12 characters"), "{out}");
}

#[test]
fn an_import_refuses_a_count_window_of_no_deals() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let file = dir.path().join("deals.csv");
    std::fs::write(&file, "title,kind,government,state\n").unwrap();
    for bad in ["0", "-5", "many"] {
        let (ok, out) = tracker(&db, &["import", file.to_str().unwrap(), "--dry-run", &format!("--count-window={bad}")], "");
        assert!(!ok && out.contains("--count-window"), "{bad}: {out}");
    }
}

#[test]
fn places_load_explains_a_folder_without_census_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let (ok, out) = tracker(&db, &["places", "load", dir.path().to_str().unwrap()], "");
    assert!(!ok);
    assert!(out.contains("Gazetteer") && out.contains("README"), "{out}");
}

#[test]
fn backup_then_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("live.db").display());
    let (ok, out) = tracker(&db, &["user", "add", "keeper", "--role", "admin"], "correct horse battery\n");
    assert!(ok, "{out}");
    let copy = dir.path().join("copy.db");
    let (ok, out) = tracker(&db, &["backup", copy.to_str().unwrap()], "");
    assert!(ok && out.contains("integrity ok"), "{out}");
    let (ok, out) = tracker(&db, &["backup", copy.to_str().unwrap()], "");
    assert!(!ok && out.contains("already exists"), "a backup is never overwritten: {out}");

    // A file that is not a sound database is refused, and the live one is untouched.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"SQLite format 3\0 but then nothing of the sort, just text, for a while").unwrap();
    let (ok, out) = tracker(&db, &["restore", junk.to_str().unwrap()], "");
    assert!(!ok && out.contains("integrity check"), "{out}");
    let (ok, out) = tracker(&db, &["user", "role", "keeper", "moderator"], "");
    assert!(ok, "the live database still works: {out}");

    let (ok, out) = tracker(&db, &["restore", copy.to_str().unwrap()], "");
    assert!(ok && out.contains("restored") && out.contains("kept at"), "{out}");
    // The restored database is the backup: keeper is an admin again.
    let (ok, out) = tracker(&db, &["user", "role", "keeper", "contributor"], "");
    assert!(ok && out.contains("(was admin)"), "{out}");
}
