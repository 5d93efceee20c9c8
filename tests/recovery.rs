//! A notebook can be recovered: verified backups that rotate and restore,
//! journals that do not belong to the file set aside, damaged files
//! salvaged, read-only opening that never writes, clean copies to share,
//! checksums of source texts, and an undo history that stays small.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;

use common::tree;

use annals::action::{Action, Created, EventFields, SourceFields};
use annals::model::NoteOwner;
use annals::model::date::Date;
use annals::store::{
    BackupPolicy, BackupReason, HistoryLimits, Store, StoreError, backups, rescue,
};

fn event(title: &str) -> Action {
    Action::CreateEvent {
        fields: EventFields::new(title, Date::parse("2023-09").unwrap()),
        excerpts: vec![],
    }
}

fn titles(store: &Store) -> Vec<String> {
    let mut titles: Vec<String> = store
        .load()
        .unwrap()
        .events
        .into_iter()
        .map(|e| e.title)
        .collect();
    titles.sort();
    titles
}

fn version(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

fn journal_of(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}-journal", path.display()))
}

#[test]
fn reading_an_older_notebook_read_only_never_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_copy("notebook-v1.annals", dir.path());
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let before = tree(dir.path());
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    {
        let mut store = Store::open_read_only(&path).unwrap();
        assert!(store.read_only().is_some());
        assert_eq!(store.load().unwrap().events.len(), 6);
        assert!(store.check().unwrap().is_empty());
        assert_eq!(store.history(100).unwrap().len(), 10);
        assert!(!store.search("satellite", 10).unwrap().is_empty());
        assert!(matches!(
            store.apply(&event("Never written")),
            Err(StoreError::ReadOnly(_))
        ));
        assert!(matches!(store.undo(), Err(StoreError::ReadOnly(_))));
        // Readers share the file; a writer is kept out while one reads.
        Store::open_read_only(&path).unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::AlreadyOpen(_))
        ));
    }
    assert_eq!(tree(dir.path()), before, "the folder changed");
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(version(&path), 1);
}

#[test]
fn an_upgrade_is_preceded_by_a_verified_backup_of_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::fixture_copy("notebook-v3.annals", dir.path());
    drop(Store::open(&path).unwrap());
    let found = backups::list(&path).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].reason, BackupReason::BeforeUpgrade);
    assert!(
        found[0]
            .path
            .starts_with(dir.path().join("notebook-v3.backups"))
    );
    assert_eq!(version(&found[0].path), 3);
    assert_eq!(version(&path), annals::store::schema_version());
    // Restoring it gives back the version-3 file, which upgrades again.
    backups::restore(&path, &found[0].path).unwrap();
    assert_eq!(version(&path), 3);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.load().unwrap().events.len(), 7);
}

#[test]
fn backups_are_listed_newest_first_and_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research.annals");
    let mut store = Store::create(&path).unwrap();
    store.apply(&event("Putin–Kim summit")).unwrap();
    // Backups of earlier days, as if made then.
    let first = store.backup_now().unwrap();
    let folder = backups::folder(&path);
    let day = |days_ago: i64, hms: &str| {
        let date = chrono::Utc::now().date_naive() - chrono::Duration::days(days_ago);
        folder.join(format!(
            "research-{}-{hms}-000-automatic.annals",
            date.format("%Y%m%d")
        ))
    };
    for old in [day(3, "090000"), day(3, "180000"), day(20, "120000")] {
        std::fs::copy(&first.path, old).unwrap();
    }
    let mut made = Vec::new();
    for _ in 0..12 {
        made.push(store.backup_now().unwrap());
    }
    let listed = backups::list(&path).unwrap();
    let names: Vec<PathBuf> = listed.iter().map(|b| b.path.clone()).collect();
    // The ten newest, and the newest of three days ago; not the older one
    // of that day, nor the one from twenty days ago.
    assert_eq!(listed.len(), 11, "{names:#?}");
    assert_eq!(listed[0].path, made[11].path);
    assert!(listed.windows(2).all(|w| w[0].taken_at >= w[1].taken_at));
    assert!(names.contains(&day(3, "180000")));
    assert!(!names.contains(&day(3, "090000")));
    assert!(!names.contains(&day(20, "120000")));
    for backup in &listed {
        let copy = Store::open_read_only(&backup.path).unwrap();
        assert_eq!(titles(&copy), vec!["Putin–Kim summit"]);
    }
}

#[test]
fn automatic_backups_follow_edits_and_closing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research.annals");
    let mut store = Store::create(&path).unwrap();
    let now = BackupPolicy {
        every: Duration::ZERO,
        ..BackupPolicy::DEFAULT
    };
    assert_eq!(
        store.backup_if_due(&now).unwrap(),
        None,
        "nothing changed yet"
    );
    store.apply(&event("A")).unwrap();
    assert!(store.changed_since_backup());
    assert_eq!(
        store.backup_if_due(&BackupPolicy::DEFAULT).unwrap(),
        None,
        "ten minutes have not passed"
    );
    let made = store.backup_if_due(&now).unwrap().unwrap();
    assert_eq!(made.reason, BackupReason::Automatic);
    assert!(!store.changed_since_backup());
    assert_eq!(store.backup_on_close().unwrap(), None);
    store.undo().unwrap();
    let closing = store.backup_on_close().unwrap().unwrap();
    assert_eq!(closing.reason, BackupReason::OnClose);
    assert_eq!(store.backups().unwrap().len(), 2);
}

#[test]
fn restoring_a_backup_saves_the_current_file_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research.annals");
    let mut store = Store::create(&path).unwrap();
    store.apply(&event("Summit")).unwrap();
    let good = store.backup_now().unwrap();
    store.apply(&event("Launch")).unwrap();
    assert!(matches!(
        backups::restore(&path, &good.path),
        Err(StoreError::AlreadyOpen(_))
    ));
    drop(store);
    let restored = backups::restore(&path, &good.path).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(titles(&store), vec!["Summit"]);
    drop(store);
    let previous = restored.previous.unwrap();
    let kept = Store::open_read_only(&previous).unwrap();
    assert_eq!(titles(&kept), vec!["Launch", "Summit"]);
    // A file that is not a notebook is refused and nothing changes.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a backup").unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(backups::restore(&path, &text).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// A notebook with a transaction caught in the middle: the file and its hot
/// journal as a crash would leave them, copied while the writer is inside
/// its transaction.
fn crashed_copy(from: &Path, to: &Path) {
    let conn = rusqlite::Connection::open(from).unwrap();
    conn.execute_batch("PRAGMA cache_size = 1; BEGIN;").unwrap();
    for i in 0..300 {
        conn.execute(
            "INSERT INTO notes (uid, body) VALUES (?1, ?2)",
            (format!("crash-{i}"), "x".repeat(500)),
        )
        .unwrap();
    }
    conn.execute("CREATE TABLE scratch (x)", []).unwrap();
    assert!(
        journal_of(from).exists(),
        "the transaction spilled no journal"
    );
    std::fs::copy(from, to).unwrap();
    std::fs::copy(journal_of(from), journal_of(to)).unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_journal_that_belongs_to_the_file_is_rolled_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research.annals");
    let mut store = Store::create(&path).unwrap();
    store.apply(&event("Summit")).unwrap();
    let before = store.dump().unwrap();
    drop(store);
    let crashed = dir.path().join("crashed.annals");
    crashed_copy(&path, &crashed);
    let store = Store::open(&crashed).unwrap();
    assert!(store.notices().is_empty(), "{:?}", store.notices());
    assert_eq!(store.dump().unwrap(), before);
    assert!(store.check().unwrap().is_empty());
    assert!(!journal_of(&crashed).exists());
}

#[test]
fn a_journal_left_beside_a_restored_backup_is_set_aside_not_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research.annals");
    let mut store = Store::create(&path).unwrap();
    store.apply(&event("Summit")).unwrap();
    drop(store);
    let backup = dir.path().join("backup.annals");
    std::fs::copy(&path, &backup).unwrap();
    let expected = Store::open_read_only(&backup).unwrap().dump().unwrap();
    let mut store = Store::open(&path).unwrap();
    for i in 0..50 {
        store.apply(&event(&format!("Later {i}"))).unwrap();
    }
    drop(store);
    // The notebook crashes; the user copies the backup over it.
    let crashed = dir.path().join("crashed.annals");
    crashed_copy(&path, &crashed);
    std::fs::copy(&backup, &crashed).unwrap();
    let store = Store::open(&crashed).unwrap();
    assert_eq!(store.notices().len(), 1, "{:?}", store.notices());
    assert!(
        store.notices()[0].contains("set aside"),
        "{:?}",
        store.notices()
    );
    assert_eq!(store.dump().unwrap(), expected);
    assert!(store.check().unwrap().is_empty());
    assert!(!journal_of(&crashed).exists());
    let set_aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("crashed.annals-journal.set-aside-")
        })
        .count();
    assert_eq!(set_aside, 1);
}

/// A notebook with 2,000 events whose middle pages are overwritten.
fn damaged_notebook(dir: &Path) -> PathBuf {
    let path = dir.join("damaged.annals");
    let mut store = Store::create(&path).unwrap();
    store
        .apply(&Action::CreateSource(SourceFields {
            title: "Визит Путина".into(),
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
    store.backup_now().unwrap();
    drop(store);
    // Overwrite the table page that holds event 1000: the page with its
    // title and its date precision (the search index holds titles too, but
    // not precisions). The event's indexes still name its row.
    let mut data = std::fs::read(&path).unwrap();
    let page = 4096;
    let holds = |chunk: &[u8], text: &str| chunk.windows(text.len()).any(|w| w == text.as_bytes());
    let target = (0..data.len() / page)
        .find(|&i| {
            let chunk = &data[i * page..(i + 1) * page];
            holds(chunk, "Event number 1000") && holds(chunk, "year")
        })
        .unwrap();
    for b in &mut data[target * page + 8..(target + 1) * page] {
        *b = 0x5A;
    }
    std::fs::write(&path, &data).unwrap();
    path
}

#[test]
fn a_damaged_notebook_is_refused_in_one_sentence_and_its_rows_salvaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_notebook(dir.path());
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(&path).expect_err("a damaged file must be refused");
    assert!(error.is_damaged(), "{error}");
    let message = error.to_string();
    assert!(!message.contains('\n') && message.len() < 300, "{message}");
    assert!(
        message.contains("is damaged") && message.contains("salvage"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The latest good backup is offered.
    let good = backups::latest_good(&path).unwrap().unwrap();
    assert_eq!(
        Store::open_read_only(&good.path)
            .unwrap()
            .load()
            .unwrap()
            .events
            .len(),
        2000
    );
    // Salvage copies what reads and says what was lost.
    let out = dir.path().join("salvaged.annals");
    let report = rescue::salvage(&path, &out).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "salvage wrote the damaged file"
    );
    let events = report.tables.iter().find(|t| t.table == "events").unwrap();
    assert!(!report.complete(), "{report:?}");
    assert!(events.unreadable > 0, "{report:?}");
    assert_eq!(events.copied + events.unreadable, 2000, "{report:?}");
    let salvaged = Store::open(&out).unwrap();
    assert!(
        salvaged.check().unwrap().is_empty(),
        "{:?}",
        salvaged.check()
    );
    let notebook = salvaged.load().unwrap();
    assert_eq!(notebook.events.len() as u64, events.copied);
    assert_eq!(notebook.sources[0].title, "Визит Путина");
    assert!(salvaged.history(10).unwrap().is_empty());
    assert!(matches!(
        rescue::salvage(&path, &out),
        Err(StoreError::AlreadyExists(_))
    ));
}

#[test]
fn a_changed_byte_in_a_source_text_is_found_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research.annals");
    let mut store = Store::create(&path).unwrap();
    store
        .apply(&Action::CreateSource(SourceFields {
            title: "Report".into(),
            body: "North Korea launched its first military spy satellite in November 2023.".into(),
            ..SourceFields::default()
        }))
        .unwrap();
    assert!(store.check().unwrap().is_empty());
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE sources SET body = replace(body, '2023', '2022')",
            [],
        )
        .unwrap();
    }
    let store = Store::open_read_only(&path).unwrap();
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("source 1") && problems[0].contains("checksum"));
}

#[test]
fn a_clean_copy_holds_no_history_and_no_deleted_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research.annals");
    let mut store = Store::create(&path).unwrap();
    let secret = "Zyxwvutsecret";
    let event_id = match store
        .apply(&event(&format!("Meeting with {secret}")))
        .unwrap()
        .created
    {
        Some(Created::Event(id)) => id,
        other => panic!("{other:?}"),
    };
    store
        .apply(&Action::UpdateEvent {
            id: event_id,
            fields: EventFields::new("Meeting with a source", Date::parse("2023-09").unwrap()),
        })
        .unwrap();
    let note = match store
        .apply(&Action::CreateNote {
            owner: NoteOwner::Notebook,
            body: format!("Call {secret} back"),
        })
        .unwrap()
        .created
    {
        Some(Created::Note(id)) => id,
        other => panic!("{other:?}"),
    };
    store.apply(&Action::DeleteNote(note)).unwrap();
    store
        .apply(&Action::CreateNote {
            owner: NoteOwner::Notebook,
            body: "Private plan".into(),
        })
        .unwrap();
    let contains = |bytes: &[u8], text: &str| {
        bytes
            .windows(text.len())
            .any(|w| w.eq_ignore_ascii_case(text.as_bytes()))
    };
    store.save_copy(&dir.path().join("plain.annals")).unwrap();
    assert!(
        contains(
            &std::fs::read(dir.path().join("plain.annals")).unwrap(),
            secret
        ),
        "the test would prove nothing: a plain copy should still hold the deleted text"
    );
    let clean = dir.path().join("clean.annals");
    store.copy_clean(&clean, false).unwrap();
    let bytes = std::fs::read(&clean).unwrap();
    assert!(!contains(&bytes, secret), "deleted text in the clean copy");
    let copy = Store::open(&clean).unwrap();
    assert!(copy.history(10).unwrap().is_empty());
    assert_eq!(titles(&copy), vec!["Meeting with a source"]);
    assert_eq!(copy.load().unwrap().notes.len(), 1);
    assert!(copy.check().unwrap().is_empty());
    assert_eq!(copy.search("private", 10).unwrap().len(), 1);
    let freelist: i64 = rusqlite::Connection::open(&clean)
        .unwrap()
        .pragma_query_value(None, "freelist_count", |r| r.get(0))
        .unwrap();
    assert_eq!(freelist, 0);
    let without = dir.path().join("without-notes.annals");
    store.copy_clean(&without, true).unwrap();
    let bytes = std::fs::read(&without).unwrap();
    assert!(!contains(&bytes, "Private plan") && !contains(&bytes, "private"));
    assert!(
        Store::open(&without)
            .unwrap()
            .load()
            .unwrap()
            .notes
            .is_empty()
    );
    assert!(matches!(
        store.copy_clean(&without, true),
        Err(StoreError::AlreadyExists(_))
    ));
}

#[test]
fn editing_a_long_source_ten_times_keeps_the_file_small_and_undoes_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.annals");
    let mut store = Store::create(&path).unwrap();
    let line = |i: usize| {
        format!("Line {i}: the summit in eastern Russia, September 2023. Визит. 북러.\n")
    };
    let original: String = (0..30_000).map(line).collect();
    assert!(original.len() > 2_000_000);
    let source = match store
        .apply(&Action::CreateSource(SourceFields {
            title: "Long report".into(),
            body: original.clone(),
            ..SourceFields::default()
        }))
        .unwrap()
        .created
    {
        Some(Created::Source(id)) => id,
        other => panic!("{other:?}"),
    };
    let size = || std::fs::metadata(&path).unwrap().len();
    let start = size();
    let mut body = original.clone();
    for edit in 0..10 {
        body = body.replacen(
            &line(edit * 2_500 + 7),
            &format!("Edited line {edit}.\n"),
            1,
        );
        body.push_str(&format!("Appended paragraph {edit}.\n"));
        store
            .apply(&Action::UpdateSource {
                id: source,
                fields: SourceFields {
                    title: "Long report".into(),
                    body: body.clone(),
                    ..SourceFields::default()
                },
            })
            .unwrap();
    }
    let grown = size() - start;
    let conn = rusqlite::Connection::open(&path).unwrap();
    let pages = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    eprintln!(
        "free pages {}, history values {} bytes",
        pages("PRAGMA freelist_count"),
        pages("SELECT coalesce(sum(length(CAST(value AS BLOB))), 0) FROM undo_values")
    );
    drop(conn);
    eprintln!(
        "a {} byte source edited ten times: file {start} → {} bytes",
        original.len(),
        size()
    );
    assert!(grown < 6_000_000, "the file grew by {grown} bytes");
    for _ in 0..10 {
        store.undo().unwrap();
    }
    assert_eq!(store.source_body(source).unwrap(), original);
    assert!(store.check().unwrap().is_empty());
    for _ in 0..10 {
        store.redo().unwrap();
    }
    assert_eq!(store.source_body(source).unwrap(), body);
}

#[test]
fn history_can_be_capped_and_keeps_the_newest_steps() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.history_limits().unwrap(), HistoryLimits::DEFAULT);
    for i in 0..5 {
        store.apply(&event(&format!("E{i}"))).unwrap();
    }
    store
        .set_history_limits(HistoryLimits { steps: 3, days: 0 })
        .unwrap();
    assert_eq!(store.history(100).unwrap().len(), 3);
    store.apply(&event("E5")).unwrap();
    let history = store.history(100).unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].label, "add event 'E5'");
    for _ in 0..3 {
        store.undo().unwrap();
    }
    assert!(matches!(store.undo(), Err(StoreError::NothingTo("undo"))));
    assert_eq!(titles(&store), vec!["E0", "E1", "E2"]);
    store
        .set_history_limits(HistoryLimits { steps: 0, days: 1 })
        .unwrap();
    assert_eq!(
        store.history_limits().unwrap(),
        HistoryLimits { steps: 0, days: 1 }
    );
}
