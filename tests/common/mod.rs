//! Helpers shared by the integration tests: files left untouched, and the
//! output of a command run as a user runs it.

// Each test crate includes this module and uses part of it.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One entry of a folder: its path, its bytes (empty for a folder) and,
/// for a file, when it was last modified.
pub type Entry = (PathBuf, Vec<u8>, Option<SystemTime>);

/// Everything below a folder, recursively, in a stable order.
pub fn tree(dir: &Path) -> Vec<Entry> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
                found.push((path, Vec::new(), None));
            } else {
                let modified = std::fs::metadata(&path).unwrap().modified().ok();
                let bytes = std::fs::read(&path).unwrap();
                found.push((path, bytes, modified));
            }
        }
    }
    found.sort();
    found
}

/// A copy of a frozen fixture notebook in `dir`.
pub fn fixture_copy(name: &str, dir: &Path) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
        &to,
    )
    .unwrap();
    to
}

/// The standard output of a command that must succeed (its standard error
/// is the failure's message).
pub fn stdout_of(mut cmd: impl std::borrow::BorrowMut<assert_cmd::Command>) -> String {
    let output = cmd.borrow_mut().output().unwrap();
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The standard output of a command that must succeed, read as JSON.
pub fn json_of(cmd: impl std::borrow::BorrowMut<assert_cmd::Command>) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd)).unwrap()
}
