//! Notebooks built by an attacker: each is refused or neutralised, and the
//! user's other notebook, another program's database and the home folder
//! stay byte for byte as they were.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

mod common;

use common::tree;

use annals::action::{Action, Created, EventFields, SourceFields};
use annals::model::NoteOwner;
use annals::model::date::Date;
use annals::store::{Store, StoreError, rescue};

fn event(title: &str) -> Action {
    Action::CreateEvent {
        fields: EventFields::new(title, Date::parse("2024-06").unwrap()),
        excerpts: vec![],
    }
}

/// The user's world an attack aims at: another notebook, another program's
/// database, a home folder.
struct World {
    dir: tempfile::TempDir,
    victim: PathBuf,
    other: PathBuf,
    home: PathBuf,
    before: Vec<common::Entry>,
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let world = dir.path().join("world");
        let home = world.join("home");
        std::fs::create_dir_all(home.join(".config")).unwrap();
        std::fs::write(home.join(".bashrc"), "# the user's shell\n").unwrap();
        let victim = world.join("my-research.annals");
        let mut store = Store::create(&victim).unwrap();
        store.apply(&event("My own event")).unwrap();
        store
            .apply(&Action::CreateNote {
                owner: NoteOwner::Notebook,
                body: "My own note".into(),
            })
            .unwrap();
        drop(store);
        let other = world.join("other-app.sqlite");
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch(
            "CREATE TABLE secrets (secret TEXT); INSERT INTO secrets VALUES ('password123');",
        )
        .unwrap();
        drop(conn);
        let before = tree(&world);
        Self {
            dir,
            victim,
            other,
            home,
            before,
        }
    }

    fn assert_untouched(&self) {
        assert_eq!(
            tree(&self.dir.path().join("world")),
            self.before,
            "the attack reached the user's other files"
        );
    }

    /// A hostile copy of the version-3 fixture whose newest done history
    /// entry's statements are replaced by `statements`.
    fn v3_with_undo(&self, statements: &[String]) -> PathBuf {
        let path = self.dir.path().join("hostile.annals");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notebook-v3.annals"),
            &path,
        )
        .unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let (first, last): (i64, i64) = conn
            .query_row(
                "SELECT first_seq, last_seq FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        conn.execute(
            "DELETE FROM undo_log WHERE seq BETWEEN ?1 AND ?2",
            [first, last],
        )
        .unwrap();
        for (i, statement) in statements.iter().enumerate() {
            conn.execute(
                "INSERT INTO undo_log (seq, statement) VALUES (?1, ?2)",
                (first + i as i64, statement),
            )
            .unwrap();
        }
        conn.execute(
            "UPDATE history SET last_seq = ?1 WHERE first_seq = ?2",
            [first + statements.len() as i64 - 1, first],
        )
        .unwrap();
        path
    }

    /// A notebook of this version, with some research, for planting things.
    fn notebook(&self) -> PathBuf {
        let path = self.dir.path().join("shared.annals");
        let mut store = Store::create(&path).unwrap();
        store
            .apply(&Action::CreateSource(SourceFields {
                title: "Report".into(),
                body: "The two leaders met in eastern Russia in September 2023.".into(),
                ..SourceFields::default()
            }))
            .unwrap();
        store.apply(&event("Putin–Kim summit")).unwrap();
        store
            .apply(&Action::CreateNote {
                owner: NoteOwner::Notebook,
                body: "Research plan".into(),
            })
            .unwrap();
        drop(store);
        path
    }
}

fn plant(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

/// Undo refuses an entry that is not data, runs nothing, and leaves the
/// notebook as it was; the rest of the history still works.
fn assert_undo_refused(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let before = store.dump().unwrap();
    let error = store
        .undo()
        .expect_err("a hostile undo entry must be refused");
    assert!(matches!(error, StoreError::BadHistory { .. }), "{error}");
    assert!(error.to_string().contains("not a change Annals recorded"));
    assert_eq!(store.dump().unwrap(), before);
    // The undone steps after it redo as before, and new work is recorded.
    assert!(store.redo().unwrap().starts_with("edit event"));
    store.apply(&event("After the attack")).unwrap();
    store.undo().unwrap();
    // The fixture's one known problem: an excerpt its last edit lost.
    let problems = store.check().unwrap();
    assert!(
        problems.iter().all(|p| p.contains("is lost")),
        "{problems:?}"
    );
    drop(store);
    // Nothing of the attack is left in a table to run later.
    let conn = rusqlite::Connection::open(path).unwrap();
    let old_log: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'undo_log'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old_log, 0);
}

#[test]
fn undo_log_sql_that_reaches_other_files_is_never_run() {
    let world = World::new();
    let path = world.v3_with_undo(&[
        format!(
            "COMMIT; ATTACH '{}' AS victim; DELETE FROM victim.notes; DELETE FROM victim.events; BEGIN",
            world.victim.display()
        ),
        format!(
            "COMMIT; ATTACH '{}' AS other; INSERT INTO notes (uid, body) SELECT 'stolen', secret FROM other.secrets; BEGIN",
            world.other.display()
        ),
        "DELETE FROM events WHERE rowid=7; DELETE FROM notes".to_owned(),
    ]);
    assert_undo_refused(&path);
    let store = Store::open(&path).unwrap();
    assert!(
        store
            .load()
            .unwrap()
            .notes
            .iter()
            .all(|n| n.uid.0 != "stolen")
    );
    world.assert_untouched();
}

#[test]
fn vacuum_into_in_an_undo_entry_writes_no_file() {
    let world = World::new();
    let ssh = world.home.join(".ssh");
    let path = world.v3_with_undo(&[format!(
        "COMMIT; VACUUM INTO '{}'; BEGIN",
        ssh.join("authorized_keys").display()
    )]);
    assert_undo_refused(&path);
    assert!(!ssh.exists());
    world.assert_untouched();
}

#[test]
fn attach_and_a_temp_trigger_in_an_undo_entry_are_never_run() {
    let world = World::new();
    let path = world.v3_with_undo(&[format!(
        "COMMIT; ATTACH '{}' AS victim; CREATE TEMP TRIGGER spy AFTER INSERT ON main.events BEGIN DELETE FROM victim.notes; END; BEGIN",
        world.victim.display()
    )]);
    assert_undo_refused(&path);
    let mut store = Store::open(&path).unwrap();
    store.apply(&event("A normal edit")).unwrap();
    drop(store);
    world.assert_untouched();
}

#[test]
fn typed_undo_data_naming_a_foreign_table_or_column_is_refused() {
    let world = World::new();
    let path = world.notebook();
    for (op, table, column) in [
        ("insert", "sqlite_master", "sql"),
        ("update", "events", "title\" = 'x', uid"),
        ("delete", "notes; DROP TABLE notes", ""),
        ("update", "events", "rowid"),
    ] {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let (last, seq): (i64, i64) = conn
            .query_row(
                "SELECT last_seq, (SELECT max(seq) FROM undo_changes) FROM history ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(last, seq);
        conn.execute("DELETE FROM undo_values WHERE seq = ?1", [seq])
            .unwrap();
        conn.execute(
            "UPDATE undo_changes SET op = ?1, table_name = ?2 WHERE seq = ?3",
            (op, table, seq),
        )
        .unwrap();
        if !column.is_empty() {
            conn.execute(
                "INSERT OR REPLACE INTO undo_values (seq, column_name, value) VALUES (?1, ?2, 'x')",
                (seq, column),
            )
            .unwrap();
        }
        drop(conn);
        let mut store = Store::open(&path).unwrap();
        let before = store.dump().unwrap();
        let error = store.undo().expect_err(table);
        assert!(
            matches!(error, StoreError::BadHistory { .. }),
            "{table}: {error}"
        );
        assert_eq!(store.dump().unwrap(), before);
    }
    world.assert_untouched();
}

#[test]
fn a_planted_trigger_is_refused_by_name_and_repair_leaves_it_out() {
    let world = World::new();
    let path = world.notebook();
    plant(
        &path,
        "CREATE TRIGGER evil AFTER INSERT ON events BEGIN
             DELETE FROM notes;
             UPDATE sources SET body = 'rewritten';
         END;",
    );
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(&path).expect_err("a planted trigger must be refused");
    assert!(matches!(error, StoreError::ForeignSchema { .. }), "{error}");
    assert!(
        error.to_string().contains("trigger ‘evil’ on ‘events’"),
        "{error}"
    );
    assert!(error.to_string().contains("annals repair"), "{error}");
    assert!(Store::open_read_only(&path).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let repaired = world.dir.path().join("repaired.annals");
    let report = rescue::repair(&path, &repaired).unwrap();
    assert_eq!(report.removed.len(), 1, "{:?}", report.removed);
    assert!(report.removed[0].contains("evil"));
    assert!(report.complete(), "{report:?}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "repair wrote the original"
    );
    let mut store = Store::open(&repaired).unwrap();
    store.apply(&event("An edit after repair")).unwrap();
    let notebook = store.load().unwrap();
    assert_eq!(notebook.notes.len(), 1);
    assert_eq!(notebook.events.len(), 2);
    let body = store.source_body(notebook.sources[0].id).unwrap();
    assert!(body.starts_with("The two leaders"), "{body}");
    assert!(store.check().unwrap().is_empty());
    world.assert_untouched();
}

#[test]
fn a_planted_trigger_in_an_older_notebook_is_refused_before_the_upgrade() {
    let world = World::new();
    let path = world.dir.path().join("old.annals");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notebook-v2.annals"),
        &path,
    )
    .unwrap();
    // Migration 03 fills the extent index from events: a trigger on it would
    // run during the upgrade.
    plant(
        &path,
        "CREATE TABLE loot (x); CREATE TRIGGER during_upgrade AFTER INSERT ON loot BEGIN DELETE FROM notes; END;",
    );
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(&path).expect_err("refused");
    let message = error.to_string();
    assert!(
        message.contains("during_upgrade") && message.contains("loot"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    world.assert_untouched();
}

#[test]
fn a_view_shadowing_a_table_is_refused() {
    let world = World::new();
    let path = world.notebook();
    plant(
        &path,
        "ALTER TABLE tags RENAME TO tags_kept;
         CREATE VIEW tags AS SELECT * FROM tags_kept UNION ALL SELECT 99, 'planted', 'Planted';",
    );
    let error = Store::open(&path).expect_err("a planted view must be refused");
    let message = error.to_string();
    assert!(message.contains("view ‘tags’"), "{message}");
    assert!(message.contains("table ‘tags_kept’"), "{message}");
    let repaired = world.dir.path().join("repaired.annals");
    let report = rescue::repair(&path, &repaired).unwrap();
    assert!(
        report.tables_lost.contains(&"tags".to_owned()),
        "{report:?}"
    );
    let store = Store::open(&repaired).unwrap();
    assert!(store.load().unwrap().tags.is_empty());
    assert_eq!(store.load().unwrap().events.len(), 1);
    world.assert_untouched();
}

#[test]
fn a_changed_trigger_body_is_refused() {
    let world = World::new();
    let path = world.notebook();
    plant(
        &path,
        "DROP TRIGGER notes_search_insert;
         CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN DELETE FROM events; END;",
    );
    let error = Store::open(&path).expect_err("refused");
    assert!(
        error
            .to_string()
            .contains("trigger ‘notes_search_insert’ on ‘notes’ was changed"),
        "{error}"
    );
    world.assert_untouched();
}

#[test]
fn an_unknown_search_index_setting_is_refused() {
    let world = World::new();
    let path = world.notebook();
    plant(
        &path,
        "INSERT INTO search (search, rank) VALUES ('rank', 'bm25(10.0)');",
    );
    let error = Store::open(&path).expect_err("refused");
    assert!(
        error.to_string().contains("search index setting ‘rank’"),
        "{error}"
    );
    world.assert_untouched();
}

#[test]
fn only_the_default_hashsize_setting_is_accepted() {
    // A large import leaves `hashsize` at FTS5's default in the file; any
    // other value (or spelling) of it is still a planted setting.
    for (planted, refused) in [
        (
            "INSERT INTO search (search, rank) VALUES ('hashsize', 1048576);",
            false,
        ),
        (
            "INSERT INTO search (search, rank) VALUES ('hashsize', 64);",
            true,
        ),
        (
            "INSERT INTO search (search, rank) VALUES ('HashSize', 1048576);",
            true,
        ),
    ] {
        let world = World::new();
        let path = world.notebook();
        plant(&path, planted);
        match Store::open(&path) {
            Ok(_) => assert!(!refused, "{planted} was accepted"),
            Err(error) => {
                assert!(refused, "{planted}: {error}");
                assert!(
                    error.to_string().contains("search index setting"),
                    "{error}"
                );
                world.assert_untouched();
            }
        }
    }
}

#[test]
fn a_new_notebook_never_follows_a_planted_symlink() {
    let world = World::new();
    let dir = world.dir.path().join("shared-folder");
    std::fs::create_dir(&dir).unwrap();
    // The names the old code used for its temporary file: predictable.
    let pid = std::process::id();
    std::os::unix::fs::symlink(
        &world.victim,
        dir.join(format!(".new.annals.creating-{pid}")),
    )
    .unwrap();
    std::os::unix::fs::symlink(&world.victim, dir.join("planted.annals")).unwrap();
    let store = Store::create(&dir.join("new.annals")).unwrap();
    assert!(store.load().unwrap().events.is_empty());
    assert!(matches!(
        Store::create(&dir.join("planted.annals")),
        Err(StoreError::AlreadyExists(_))
    ));
    drop(store);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    world.assert_untouched();
}

#[test]
fn linking_an_already_linked_pair_is_refused_so_undo_stays_right() {
    let mut store = Store::open_in_memory().unwrap();
    let source = match store
        .apply(&Action::CreateSource(SourceFields {
            title: "Report".into(),
            body: "The two leaders met in eastern Russia.".into(),
            ..SourceFields::default()
        }))
        .unwrap()
        .created
    {
        Some(Created::Source(id)) => id,
        other => panic!("{other:?}"),
    };
    let (event, excerpt) = match store
        .apply(&Action::CreateEventFromExcerpt {
            range: annals::action::ExcerptRange {
                source,
                start: 0,
                end: 14,
            },
            fields: EventFields::new("Meeting", Date::parse("2023-09").unwrap()),
        })
        .unwrap()
        .created
    {
        Some(Created::EventWithExcerpt(e, x)) => (e, x),
        other => panic!("{other:?}"),
    };
    let history = store.history(10).unwrap();
    let error = store.apply(&Action::Link { event, excerpt }).unwrap_err();
    assert!(error.to_string().contains("already linked"), "{error}");
    assert_eq!(store.history(10).unwrap(), history);
    assert_eq!(
        store.undo().unwrap(),
        "add event 'Meeting' from an excerpt",
        "undo undid something older"
    );
}
