//! The record of checked notebook files (store::verified): an unchanged
//! file skips the full check, and no change to the file (even one that
//! keeps its size and puts its time stamps back) nor a copy of it does.
//!
//! One test in its own binary: the record's location is process-wide.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Seek as _, SeekFrom, Write as _};

use annals::action::{Action, EventFields, SourceFields};
use annals::model::date::Date;
use annals::store::{Store, verified};

#[test]
fn only_an_unchanged_file_skips_the_check() {
    let dir = tempfile::tempdir().unwrap();
    verified::set_location(Some(dir.path().join("cache").join("verified-notebooks")));
    let path = dir.path().join("nb.annals");
    let mut store = Store::create(&path).unwrap();
    store
        .apply(&Action::CreateSource(SourceFields {
            title: "Source".into(),
            body: "The two leaders met in eastern Russia.".into(),
            ..SourceFields::default()
        }))
        .unwrap();
    store
        .add_events(
            (0..2000).map(|i| {
                EventFields::new(format!("Event number {i}"), Date::parse("2023").unwrap())
            }),
        )
        .unwrap();
    drop(store);

    // Just written: too recent to record (a second write in the same
    // clock tick could keep the time stamps).
    drop(Store::open(&path).unwrap());
    assert!(!verified::is_recorded(&path), "a racy state was recorded");

    std::thread::sleep(verified::SETTLE + std::time::Duration::from_millis(100));
    drop(Store::open(&path).unwrap());
    assert!(
        verified::is_recorded(&path),
        "a checked, settled file is recorded"
    );
    drop(Store::open(&path).unwrap());
    assert!(verified::is_recorded(&path));

    // A copy is another file: never recorded, however alike.
    let copy = dir.path().join("copy.annals");
    std::fs::copy(&path, &copy).unwrap();
    let file = std::fs::File::options().write(true).open(&copy).unwrap();
    file.set_modified(std::fs::metadata(&path).unwrap().modified().unwrap())
        .unwrap();
    drop(file);
    assert!(!verified::is_recorded(&copy));

    // Damage a table page in place, keep the size and the header, and put
    // the modification time back: the file is checked again and refused.
    let before = std::fs::metadata(&path).unwrap();
    let data = std::fs::read(&path).unwrap();
    let page = 4096;
    let target = (1..data.len() / page)
        .find(|&i| {
            data[i * page..(i + 1) * page]
                .windows(17)
                .any(|w| w == b"Event number 1000")
        })
        .unwrap();
    let mut file = std::fs::File::options().write(true).open(&path).unwrap();
    file.seek(SeekFrom::Start((target * page + 8) as u64))
        .unwrap();
    file.write_all(&vec![0x5A; page - 8]).unwrap();
    file.set_modified(before.modified().unwrap()).unwrap();
    drop(file);
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(after.len(), before.len());
    assert_eq!(after.modified().unwrap(), before.modified().unwrap());
    assert!(
        !verified::is_recorded(&path),
        "a tampered file matched its record"
    );
    std::thread::sleep(verified::SETTLE + std::time::Duration::from_millis(100));
    assert!(
        !verified::is_recorded(&path),
        "a tampered file matched its record"
    );
    let error = Store::open(&path).expect_err("the damage must be found");
    assert!(error.is_damaged(), "{error}");
    assert!(!verified::is_recorded(&path));
}
