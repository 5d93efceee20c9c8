//! The notebook file: actions, undo/redo, refusals, search, migrations.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use annals::action::{Action, Created, EventFields, ExcerptRange, SourceFields};
use annals::model::date::Date;
use annals::model::notebook::Colour;
use annals::model::{EventId, ExcerptId, NoteOwner, SourceId};
use annals::store::{HitKind, Store, StoreError};

const ARTICLE: &str = "The two leaders met in eastern Russia in September 2023. \
North Korea launched its first military spy satellite in November 2023.";

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn event(title: &str, when: &str) -> EventFields {
    EventFields::new(title, date(when))
}

fn created_event(applied: &annals::action::Applied) -> EventId {
    match applied.created {
        Some(Created::Event(id)) => id,
        other => panic!("expected an event, got {other:?}"),
    }
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A notebook with a source, an excerpt, two events on a track, a tag and notes.
struct Fixture {
    store: Store,
    summit: EventId,
    launch: EventId,
    source: SourceId,
    excerpt: ExcerptId,
}

fn fixture(store: Store) -> Fixture {
    let mut store = store;
    let source = match store
        .apply(&Action::CreateSource(SourceFields {
            title: "Summit report".into(),
            outlet: "Wire".into(),
            published: Some(date("2024-06-12")),
            body: ARTICLE.into(),
            ..SourceFields::default()
        }))
        .unwrap()
        .created
    {
        Some(Created::Source(id)) => id,
        other => panic!("{other:?}"),
    };
    let mut summit_fields = event("Putin–Kim summit", "September 2023");
    summit_fields.track = Some("Diplomacy".into());
    summit_fields.tags = vec!["Russia".into(), "DPRK".into()];
    let summit = created_event(
        &store
            .apply(&Action::CreateEvent {
                fields: summit_fields,
                excerpts: vec![],
            })
            .unwrap(),
    );
    let mut launch_fields = event("Spy satellite launch", "November 2023");
    launch_fields.track = Some("Military".into());
    let launch = created_event(
        &store
            .apply(&Action::CreateEvent {
                fields: launch_fields,
                excerpts: vec![],
            })
            .unwrap(),
    );
    let excerpt = match store
        .apply(&Action::CreateExcerpt {
            range: ExcerptRange {
                source,
                start: 0,
                end: 56,
            },
            events: vec![summit],
        })
        .unwrap()
        .created
    {
        Some(Created::Excerpt(id)) => id,
        other => panic!("{other:?}"),
    };
    store
        .apply(&Action::CreateNote {
            owner: NoteOwner::Event(summit),
            body: "Check the *date*.".into(),
        })
        .unwrap();
    store
        .apply(&Action::CreateNote {
            owner: NoteOwner::Source(source),
            body: "Reliable wire.".into(),
        })
        .unwrap();
    store
        .apply(&Action::CreateNote {
            owner: NoteOwner::Notebook,
            body: "Research plan".into(),
        })
        .unwrap();
    Fixture {
        store,
        summit,
        launch,
        source,
        excerpt,
    }
}

/// Every kind of action, as it would be applied to the fixture.
fn every_action(f: &Fixture) -> Vec<Action> {
    let notebook = f.store.load().unwrap();
    let track = notebook.tracks[0].id;
    let tag = notebook.tags[0].id;
    let note = notebook.notes[0].id;
    let mut edited = event("Putin–Kim summit at Vostochny", "2023-09-13");
    edited.description = "At the cosmodrome.".into();
    edited.track = Some("New lane".into());
    edited.tags = vec!["summit".into()];
    vec![
        Action::CreateEvent {
            fields: event("Planned visit", "June 2024"),
            excerpts: vec![f.excerpt],
        },
        Action::UpdateEvent {
            id: f.summit,
            fields: edited,
        },
        Action::DeleteEvent(f.summit),
        Action::CreateTrack {
            name: "Economy".into(),
            colour: None,
        },
        Action::UpdateTrack {
            id: track,
            name: "Talks".into(),
            colour: Colour::rgb(1, 2, 3),
        },
        Action::DeleteTrack(track),
        Action::CreateTag {
            name: "sanctions".into(),
        },
        Action::RenameTag {
            id: tag,
            name: "Kremlin".into(),
        },
        Action::DeleteTag(tag),
        Action::CreateSource(SourceFields {
            title: "Second".into(),
            body: "Text.".into(),
            ..SourceFields::default()
        }),
        Action::UpdateSource {
            id: f.source,
            fields: SourceFields {
                title: "Renamed report".into(),
                body: ARTICLE.into(),
                ..SourceFields::default()
            },
        },
        Action::DeleteSource(f.source),
        Action::CreateExcerpt {
            range: ExcerptRange {
                source: f.source,
                start: 57,
                end: 127,
            },
            events: vec![f.launch],
        },
        Action::CreateEventFromExcerpt {
            range: ExcerptRange {
                source: f.source,
                start: 57,
                end: 127,
            },
            fields: event("Launch", "November 2023"),
        },
        Action::DeleteExcerpt(f.excerpt),
        Action::Link {
            event: f.launch,
            excerpt: f.excerpt,
        },
        Action::Unlink {
            event: f.summit,
            excerpt: f.excerpt,
        },
        Action::CreateNote {
            owner: NoteOwner::Event(f.launch),
            body: "Confirmed by Japan.".into(),
        },
        Action::UpdateNote {
            id: note,
            body: "Checked.".into(),
        },
        Action::DeleteNote(note),
    ]
}

#[test]
fn every_action_undoes_to_the_exact_previous_state_and_redoes() {
    let probe = fixture(Store::open_in_memory().unwrap());
    let count = every_action(&probe).len();
    for i in 0..count {
        let mut f = fixture(Store::open_in_memory().unwrap());
        let action = every_action(&f).swap_remove(i);
        let before = f.store.dump().unwrap();
        f.store
            .apply(&action)
            .unwrap_or_else(|e| panic!("{action:?}: {e}"));
        let after = f.store.dump().unwrap();
        assert_ne!(before, after, "{action:?} changed nothing");
        f.store.undo().unwrap();
        assert_eq!(f.store.dump().unwrap(), before, "undo of {action:?}");
        f.store.redo().unwrap();
        assert_eq!(f.store.dump().unwrap(), after, "redo of {action:?}");
        f.store.undo().unwrap();
        assert_eq!(f.store.dump().unwrap(), before, "second undo of {action:?}");
    }
}

#[test]
fn deleting_a_source_cascades_and_undo_brings_it_all_back() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let before = f.store.load().unwrap();
    assert_eq!(before.excerpts.len(), 1);
    assert_eq!(before.event(f.summit).unwrap().excerpts, vec![f.excerpt]);
    f.store.apply(&Action::DeleteSource(f.source)).unwrap();
    let after = f.store.load().unwrap();
    assert!(after.sources.is_empty());
    assert!(after.excerpts.is_empty());
    assert!(after.event(f.summit).unwrap().excerpts.is_empty());
    assert!(after.notes_of(NoteOwner::Source(f.source)).next().is_none());
    assert!(
        f.store
            .search("satellite", 10)
            .unwrap()
            .iter()
            .all(|h| h.kind != HitKind::Source)
    );
    f.store.undo().unwrap();
    let restored = f.store.load().unwrap();
    assert_eq!(restored.event(f.summit).unwrap().excerpts, vec![f.excerpt]);
    assert_eq!(restored.excerpts, before.excerpts);
    assert_eq!(restored.sources, before.sources);
    let kinds: Vec<HitKind> = f
        .store
        .search("satellite", 10)
        .unwrap()
        .iter()
        .map(|h| h.kind)
        .collect();
    assert!(
        kinds.contains(&HitKind::Source) && kinds.contains(&HitKind::Event),
        "{kinds:?}"
    );
}

#[test]
fn history_says_what_was_done_and_undo_survives_reopening() {
    let dir = temp_dir();
    let path = dir.path().join("research.annals");
    {
        let mut store = Store::create(&path).unwrap();
        store
            .apply(&Action::CreateEvent {
                fields: event("Putin–Kim summit", "2023-09"),
                excerpts: vec![],
            })
            .unwrap();
        assert_eq!(
            store.undo_label().unwrap().as_deref(),
            Some("add event 'Putin–Kim summit'")
        );
    }
    let mut store = Store::open(&path).unwrap();
    let history = store.history(10).unwrap();
    assert_eq!(history[0].past, "Added event 'Putin–Kim summit'");
    assert_eq!(store.undo().unwrap(), "add event 'Putin–Kim summit'");
    assert!(store.load().unwrap().events.is_empty());
    assert_eq!(
        store.redo_label().unwrap().as_deref(),
        Some("add event 'Putin–Kim summit'")
    );
    drop(store);
    let mut store = Store::open(&path).unwrap();
    store.redo().unwrap();
    assert_eq!(store.load().unwrap().events[0].title, "Putin–Kim summit");
    assert!(matches!(store.redo(), Err(StoreError::NothingTo("redo"))));
}

#[test]
fn a_new_action_clears_the_redo_stack() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .apply(&Action::CreateEvent {
            fields: event("A", "2020"),
            excerpts: vec![],
        })
        .unwrap();
    store.undo().unwrap();
    store
        .apply(&Action::CreateEvent {
            fields: event("B", "2021"),
            excerpts: vec![],
        })
        .unwrap();
    assert!(store.redo_label().unwrap().is_none());
    store.undo().unwrap();
    assert!(matches!(store.undo(), Err(StoreError::NothingTo("undo"))));
    assert!(store.load().unwrap().events.is_empty());
}

#[test]
fn invalid_actions_change_nothing() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let before = f.store.dump().unwrap();
    let history_before = f.store.history(100).unwrap();
    let bad = vec![
        Action::CreateEvent {
            fields: event("   ", "2020"),
            excerpts: vec![],
        },
        // The excerpt id does not exist: the event must not be half-created.
        Action::CreateEvent {
            fields: event("Orphan", "2020"),
            excerpts: vec![ExcerptId(999)],
        },
        Action::UpdateEvent {
            id: EventId(999),
            fields: event("X", "2020"),
        },
        Action::DeleteEvent(EventId(999)),
        Action::CreateExcerpt {
            range: ExcerptRange {
                source: f.source,
                start: 10,
                end: 5,
            },
            events: vec![],
        },
        Action::CreateExcerpt {
            range: ExcerptRange {
                source: f.source,
                start: 0,
                end: 10_000,
            },
            events: vec![],
        },
        Action::CreateExcerpt {
            range: ExcerptRange {
                source: SourceId(42),
                start: 0,
                end: 3,
            },
            events: vec![],
        },
        Action::Unlink {
            event: f.launch,
            excerpt: f.excerpt,
        },
        Action::CreateNote {
            owner: NoteOwner::Event(EventId(999)),
            body: "x".into(),
        },
        Action::CreateNote {
            owner: NoteOwner::Notebook,
            body: "  ".into(),
        },
        Action::CreateTrack {
            name: "diplomacy".into(),
            colour: None,
        },
        Action::CreateSource(SourceFields {
            title: "".into(),
            body: "x".into(),
            ..SourceFields::default()
        }),
    ];
    for action in bad {
        let error = f
            .store
            .apply(&action)
            .expect_err(&format!("{action:?} should be refused"));
        assert!(!error.to_string().is_empty());
        assert_eq!(f.store.dump().unwrap(), before, "{action:?} left changes");
    }
    assert_eq!(f.store.history(100).unwrap(), history_before);
    let mut zoned = event("Zoned", "2023-09-13T10:30:00");
    zoned.time_zone = Some("not a zone!".into());
    assert!(matches!(
        f.store.apply(&Action::CreateEvent {
            fields: zoned,
            excerpts: vec![]
        }),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn any_text_is_only_text() {
    let mut store = Store::open_in_memory().unwrap();
    let nasty = "Robert'); DROP TABLE events;--";
    let mut fields = event(nasty, "2020");
    fields.description = "\"quoted\" 'single' \\ back\0slash? ; -- %".into();
    fields.tags = vec!["a'b".into()];
    fields.track = Some("x\"); DELETE FROM tracks;".into());
    let id = created_event(
        &store
            .apply(&Action::CreateEvent {
                fields: fields.clone(),
                excerpts: vec![],
            })
            .unwrap(),
    );
    let notebook = store.load().unwrap();
    let loaded = notebook.event(id).unwrap();
    assert_eq!(loaded.title, nasty);
    assert_eq!(loaded.description, fields.description);
    assert_eq!(notebook.tracks[0].name, "x\"); DELETE FROM tracks;");
    store.undo().unwrap();
    store.redo().unwrap();
    assert_eq!(store.load().unwrap().event(id).unwrap().title, nasty);
    for query in [
        "\"",
        "(",
        ")",
        "AND",
        "OR NOT",
        "*",
        "-",
        "a*b",
        "NEAR(",
        "title:",
        "'; DROP",
        "\"unbalanced",
        "^",
        "",
        "   ",
    ] {
        store
            .search(query, 10)
            .unwrap_or_else(|e| panic!("search {query:?}: {e}"));
    }
    let hits = store.search("Robert DROP", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, HitKind::Event);
    assert_eq!(hits[0].id, id.0);
}

#[test]
fn search_finds_every_kind_with_snippets() {
    let f = fixture(Store::open_in_memory().unwrap());
    let kinds = |q: &str| {
        let mut k: Vec<&str> = f
            .store
            .search(q, 10)
            .unwrap()
            .iter()
            .map(|h| h.kind.name())
            .collect();
        k.sort_unstable();
        k
    };
    assert_eq!(kinds("summit"), vec!["event", "source"]);
    assert_eq!(kinds("check date"), vec!["note"]);
    assert_eq!(kinds("eastern russia"), vec!["excerpt", "source"]);
    assert_eq!(kinds("wire"), vec!["note"]);
    assert_eq!(kinds("satell"), vec!["event", "source"]);
    let hit = &f.store.search("cosmodrome OR", 10).unwrap();
    assert!(hit.is_empty());
    let excerpt_hit = f
        .store
        .search("eastern", 10)
        .unwrap()
        .into_iter()
        .find(|h| h.kind == HitKind::Excerpt)
        .unwrap();
    assert_eq!(excerpt_hit.title, "Summit report");
    assert!(excerpt_hit.snippet.contains("«eastern»"));
}

#[test]
fn range_queries_keep_events_that_may_overlap() {
    let mut store = Store::open_in_memory().unwrap();
    for (title, when) in [
        ("Summit", "September 2023"),
        ("Launch", "November 2023"),
        ("Whole year", "2023"),
        ("Ongoing", "2020-03/.."),
        ("Before", "[..1066]"),
        ("Testimony", "2024-03-11"),
    ] {
        store
            .apply(&Action::CreateEvent {
                fields: event(title, when),
                excerpts: vec![],
            })
            .unwrap();
    }
    let day = |text: &str| date(text).bounds().earliest.day();
    let titles = |from: Option<i64>, to: Option<i64>| -> Vec<String> {
        store
            .events_in_range(from, to)
            .unwrap()
            .into_iter()
            .map(|e| e.title)
            .collect()
    };
    assert_eq!(
        titles(day("2023-10-01"), day("2023-10-31")),
        vec!["Ongoing", "Whole year"]
    );
    assert_eq!(
        titles(day("2023-09-30"), day("2023-11-01")),
        vec!["Ongoing", "Whole year", "Summit", "Launch"]
    );
    assert_eq!(titles(None, day("1100-01-01")), vec!["Before"]);
    assert_eq!(
        titles(day("2024-03-11"), None),
        vec!["Ongoing", "Testimony"]
    );
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn assert_refused(path: &Path, expected: &str) {
    let before = bytes(path);
    let error = Store::open(path).expect_err("should be refused");
    assert!(
        error.to_string().contains(expected),
        "{}: expected {expected:?}, got {error}",
        path.display()
    );
    assert_eq!(bytes(path), before, "{} was modified", path.display());
    // No journal was left behind either.
    let journal = PathBuf::from(format!("{}-journal", path.display()));
    assert!(!journal.exists());
}

#[test]
fn files_that_are_not_notebooks_are_refused_untouched() {
    let dir = temp_dir();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "just some text, long enough to look like a file header maybe ".repeat(4),
    )
    .unwrap();
    assert_refused(&text, "not a SQLite database");

    let empty = dir.path().join("empty.annals");
    std::fs::write(&empty, "").unwrap();
    assert_refused(&empty, "the file is empty");

    let other = dir.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    assert_refused(&other, "another application's SQLite database");

    let missing = dir.path().join("missing.annals");
    assert!(matches!(
        Store::open(&missing),
        Err(StoreError::NotFound(_))
    ));
    assert!(!missing.exists());
}

#[test]
fn a_notebook_from_a_newer_version_is_refused_untouched() {
    let dir = temp_dir();
    let path = dir.path().join("future.annals");
    drop(Store::create(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    assert_refused(&path, "newer version of Annals");
}

#[test]
fn a_corrupt_notebook_is_refused_untouched() {
    let dir = temp_dir();
    let path = dir.path().join("corrupt.annals");
    {
        let mut f = fixture(Store::create(&path).unwrap());
        let events: Vec<EventFields> = (0..2000)
            .map(|i| event(&format!("Event number {i}"), "2023"))
            .collect();
        f.store.add_events(events).unwrap();
    }
    let mut data = bytes(&path);
    let page = 4096;
    assert!(data.len() > 8 * page);
    // Scribble over a few pages in the middle of the file (not the header).
    for b in &mut data[3 * page..6 * page] {
        *b = 0x5A;
    }
    std::fs::write(&path, &data).unwrap();
    assert_refused(&path, "damaged");
}

#[test]
fn a_second_opener_is_told_the_notebook_is_already_open() {
    let dir = temp_dir();
    let path = dir.path().join("busy.annals");
    let first = Store::create(&path).unwrap();
    let error = Store::open(&path).expect_err("second open must fail");
    assert!(matches!(error, StoreError::AlreadyOpen(_)), "{error}");
    assert!(error.to_string().contains("already open"));
    drop(first);
    Store::open(&path).unwrap();
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = temp_dir();
    let path = dir.path().join("exists.annals");
    std::fs::write(&path, "keep me").unwrap();
    assert!(matches!(
        Store::create(&path),
        Err(StoreError::AlreadyExists(_))
    ));
    assert_eq!(bytes(&path), b"keep me");
}

#[test]
fn save_a_copy_writes_a_complete_notebook() {
    let dir = temp_dir();
    let path = dir.path().join("original.annals");
    let copy = dir.path().join("copy.annals");
    let f = fixture(Store::create(&path).unwrap());
    f.store.save_copy(&copy).unwrap();
    let copied = Store::open(&copy).unwrap();
    assert_eq!(copied.dump().unwrap(), f.store.dump().unwrap());
    assert!(matches!(
        f.store.save_copy(&copy),
        Err(StoreError::AlreadyExists(_))
    ));
}

#[test]
fn check_reports_excerpts_that_no_longer_match() {
    let dir = temp_dir();
    let path = dir.path().join("check.annals");
    let f = fixture(Store::create(&path).unwrap());
    assert_eq!(f.store.check().unwrap(), Vec::<String>::new());
    drop(f);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE excerpts SET start_char = 1", [])
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("no longer matches"));
}

#[test]
fn migrations_are_valid() {
    annals::store::validate_migrations().unwrap();
}

#[test]
fn bulk_adding_is_one_undo_step() {
    let mut store = Store::open_in_memory().unwrap();
    let added = store
        .add_events((0..500).map(|i| event(&format!("E{i}"), "2023-09-13")))
        .unwrap();
    assert_eq!(added, 500);
    assert_eq!(store.load().unwrap().events.len(), 500);
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("add 500 events")
    );
    store.undo().unwrap();
    assert!(store.load().unwrap().events.is_empty());
}
