//! The notebook file: actions, undo/redo, refusals, search, migrations.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use annals::action::{
    Action, Created, EntityFields, EventFields, EventImport, ExcerptRange, ImportedEvent,
    ImportedExcerpt, ImportedInvolvement, ImportedLink, ImportedNote, ImportedOwner, ImportedRole,
    ImportedTrack, NotebookImport, RoleEntity, RoleEvent, SourceFields,
};
use annals::model::date::Date;
use annals::model::entity::Coordinates;
use annals::model::evidence::{Stance, Status};
use annals::model::filter::{Evidence, Filter};
use annals::model::notebook::Colour;
use annals::model::{EntityId, EventId, ExcerptId, NoteOwner, SourceId, Uid};
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
    /// Vladimir Putin (aliases "Putin", "Путин"): visitor at the summit
    /// (citing the excerpt), subject of the source; the summit precedes
    /// the launch (citing the excerpt).
    entity: EntityId,
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
    store
        .apply(&Action::SaveView {
            name: "Military only".into(),
            filter: Filter {
                tracks: vec!["Military".into()],
                ..Filter::default()
            },
            range: None,
        })
        .unwrap();
    let entity = match store
        .apply(&Action::CreateEntity(EntityFields {
            aliases: vec!["Putin".into(), "Путин".into()],
            ..EntityFields::new("person", "Vladimir Putin")
        }))
        .unwrap()
        .created
    {
        Some(Created::Entity(id)) => id,
        other => panic!("{other:?}"),
    };
    for action in [
        Action::Involve {
            event: summit,
            entity,
            role: "visitor".into(),
            excerpt: Some(excerpt),
        },
        Action::InvolveInSource {
            source,
            entity,
            role: "subject".into(),
        },
        Action::Relate {
            from: summit,
            to: launch,
            kind: "precedes".into(),
            excerpt: Some(excerpt),
        },
    ] {
        store.apply(&action).unwrap();
    }
    Fixture {
        store,
        summit,
        launch,
        source,
        excerpt,
        entity,
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
        Action::HideTrack {
            id: track,
            hidden: true,
        },
        Action::MoveTrack {
            id: track,
            position: 1,
        },
        Action::MergeTags {
            from: notebook.tags[0].id,
            into: notebook.tags[1].id,
        },
        Action::SaveView {
            name: "Unsupported 2023".into(),
            filter: Filter {
                from: Some("2023".into()),
                evidence: Some(Evidence::Unsupported),
                ..Filter::default()
            },
            range: Some((19_500, 19_800)),
        },
        Action::DeleteView {
            name: "Military only".into(),
        },
        Action::Batch {
            label: "delete 2 events".into(),
            actions: vec![Action::DeleteEvent(f.summit), Action::DeleteEvent(f.launch)],
        },
        Action::ImportEvents(EventImport {
            from: "events.csv".into(),
            new: vec![
                ImportedEvent {
                    uid: Some(Uid("row-1".into())),
                    fields: EventFields {
                        track: Some("Imported lane".into()),
                        tags: vec!["imported".into(), "Russia".into()],
                        ..event("Спутник", "2023-11-21")
                    },
                },
                ImportedEvent {
                    uid: None,
                    fields: event("普京访问朝鲜", "c. 2024"),
                },
            ],
            updates: vec![(f.launch, event("Satellite launch (revised)", "2023-11-22"))],
            // A CSV's people and places: an entity the notebook has, and
            // two it adds, on new and updated events.
            entities: vec![
                EntityFields::new("person", "김정은"),
                EntityFields::new("place", "Восточный"),
            ],
            roles: vec![
                ImportedRole {
                    event: RoleEvent::New(0),
                    entity: RoleEntity::Existing(f.entity),
                    role: "host".into(),
                },
                ImportedRole {
                    event: RoleEvent::New(1),
                    entity: RoleEntity::New(0),
                    role: "visitor".into(),
                },
                ImportedRole {
                    event: RoleEvent::Existing(f.launch),
                    entity: RoleEntity::New(1),
                    role: String::new(),
                },
            ],
        }),
        Action::ImportNotebook(Box::new(NotebookImport {
            tracks: vec![ImportedTrack {
                uid: Uid("track-x".into()),
                name: "Merged lane".into(),
                colour: Colour::PALETTE[2],
                position: 0,
            }],
            tags: vec![(Uid("tag-x".into()), "merged".into())],
            sources: vec![(
                Uid("source-x".into()),
                SourceFields {
                    title: "Their report".into(),
                    body: "Kim met Putin in Pyongyang.".into(),
                    ..SourceFields::default()
                },
            )],
            excerpts: vec![ImportedExcerpt {
                uid: Uid("excerpt-x".into()),
                source: Uid("source-x".into()),
                start: 0,
                end: 12,
                quote: "Kim met Puti".into(),
                prefix: String::new(),
                suffix: "n in Pyongyang.".into(),
                lost: false,
                digests: None,
            }],
            events: EventImport {
                from: "theirs.json".into(),
                new: vec![ImportedEvent {
                    uid: Some(Uid("event-x".into())),
                    fields: EventFields {
                        track: Some("Merged lane".into()),
                        tags: vec!["merged".into()],
                        ..event("Their event", "2024-06-19")
                    },
                }],
                updates: vec![(f.summit, event("Putin–Kim summit (theirs)", "2023-09"))],
                ..EventImport::default()
            },
            links: vec![
                (Uid("event-x".into()), Uid("excerpt-x".into())),
                (
                    notebook
                        .events
                        .iter()
                        .find(|e| e.id == f.summit)
                        .unwrap()
                        .uid
                        .clone(),
                    Uid("excerpt-x".into()),
                ),
            ],
            notes: vec![ImportedNote {
                uid: Uid("note-x".into()),
                body: "Их заметка".into(),
                owner: ImportedOwner::Event(Uid("event-x".into())),
            }],
            note_updates: vec![(note, "Checked twice.".into())],
            link_evidence: vec![(
                Uid("event-x".into()),
                Uid("excerpt-x".into()),
                Some(date("2024-06-19")),
                Stance::Mentions,
            )],
            statuses: vec![(Uid("event-x".into()), Status::Confirmed)],
            entities: vec![(
                Uid("entity-x".into()),
                EntityFields {
                    aliases: vec!["Пхеньян".into()],
                    coordinates: Coordinates::new(39.03, 125.75),
                    ..EntityFields::new("place", "Pyongyang")
                },
            )],
            involvements: vec![ImportedInvolvement {
                event: Uid("event-x".into()),
                entity: Uid("entity-x".into()),
                role: "location".into(),
                excerpt: Some(Uid("excerpt-x".into())),
            }],
            source_involvements: vec![(
                Uid("source-x".into()),
                Uid("entity-x".into()),
                "subject".into(),
            )],
            event_links: vec![ImportedLink {
                from: Uid("event-x".into()),
                to: notebook
                    .events
                    .iter()
                    .find(|e| e.id == f.launch)
                    .unwrap()
                    .uid
                    .clone(),
                kind: "responds-to".into(),
                excerpt: None,
            }],
            ..NotebookImport::default()
        })),
        Action::LinkWithEvidence {
            event: f.launch,
            excerpt: f.excerpt,
            asserts: Some(date("2023-10")),
            stance: Stance::Disputes,
        },
        Action::SetLinkEvidence {
            event: f.summit,
            excerpt: f.excerpt,
            asserts: Some(date("2023-10")),
            stance: Stance::Supports,
        },
        Action::SetEventStatus {
            id: f.summit,
            status: Status::Planned,
        },
        Action::CreateEntity(EntityFields {
            aliases: vec!["Kim Jong Un".into(), "김정은".into()],
            description: "Leader of North Korea".into(),
            dates: Some(date("1984-01-08")),
            ..EntityFields::new("person", "Kim Jong-un")
        }),
        Action::UpdateEntity {
            id: f.entity,
            fields: EntityFields {
                aliases: vec!["Путин".into(), "V. V. Putin".into()],
                notes: "President of Russia.".into(),
                ..EntityFields::new("person", "Vladimir V. Putin")
            },
        },
        Action::DeleteEntity(f.entity),
        Action::Involve {
            event: f.launch,
            entity: f.entity,
            role: "observer".into(),
            excerpt: None,
        },
        Action::Uninvolve {
            event: f.summit,
            entity: f.entity,
            role: None,
        },
        Action::InvolveInSource {
            source: f.source,
            entity: f.entity,
            role: "author".into(),
        },
        Action::UninvolveFromSource {
            source: f.source,
            entity: f.entity,
            role: Some("subject".into()),
        },
        Action::Relate {
            from: f.launch,
            to: f.summit,
            kind: "responds-to".into(),
            excerpt: Some(f.excerpt),
        },
        Action::Unrelate {
            from: f.summit,
            to: f.launch,
            kind: Some("precedes".into()),
        },
        Action::InvolveNew {
            event: f.summit,
            fields: EntityFields {
                aliases: vec!["Vostochny".into()],
                coordinates: Coordinates::new(51.88, 128.33),
                ..EntityFields::new("place", "Vostochny Cosmodrome")
            },
            role: "location".into(),
            excerpt: Some(f.excerpt),
        },
    ]
}

/// The number of `Action` variants, and which one an action is. The match
/// has no wildcard arm: a new variant does not compile until it is given a
/// number here, and then the tests below fail until [`every_action`] holds
/// a sample of it.
const ACTION_VARIANTS: usize = 41;

fn variant(action: &Action) -> usize {
    match action {
        Action::CreateEvent { .. } => 0,
        Action::UpdateEvent { .. } => 1,
        Action::DeleteEvent(_) => 2,
        Action::CreateTrack { .. } => 3,
        Action::UpdateTrack { .. } => 4,
        Action::DeleteTrack(_) => 5,
        Action::CreateTag { .. } => 6,
        Action::RenameTag { .. } => 7,
        Action::DeleteTag(_) => 8,
        Action::CreateSource(_) => 9,
        Action::UpdateSource { .. } => 10,
        Action::DeleteSource(_) => 11,
        Action::CreateExcerpt { .. } => 12,
        Action::CreateEventFromExcerpt { .. } => 13,
        Action::DeleteExcerpt(_) => 14,
        Action::Link { .. } => 15,
        Action::Unlink { .. } => 16,
        Action::CreateNote { .. } => 17,
        Action::UpdateNote { .. } => 18,
        Action::DeleteNote(_) => 19,
        Action::ImportEvents(_) => 20,
        Action::ImportNotebook(_) => 21,
        Action::HideTrack { .. } => 22,
        Action::MoveTrack { .. } => 23,
        Action::MergeTags { .. } => 24,
        Action::SaveView { .. } => 25,
        Action::DeleteView { .. } => 26,
        Action::Batch { .. } => 27,
        Action::LinkWithEvidence { .. } => 28,
        Action::SetLinkEvidence { .. } => 29,
        Action::SetEventStatus { .. } => 30,
        Action::CreateEntity(_) => 31,
        Action::UpdateEntity { .. } => 32,
        Action::DeleteEntity(_) => 33,
        Action::Involve { .. } => 34,
        Action::Uninvolve { .. } => 35,
        Action::InvolveInSource { .. } => 36,
        Action::UninvolveFromSource { .. } => 37,
        Action::Relate { .. } => 38,
        Action::Unrelate { .. } => 39,
        Action::InvolveNew { .. } => 40,
    }
}

/// The sample of each variant, in variant order; panics naming a variant
/// that has none.
fn sample_of_each_variant(f: &Fixture) -> Vec<Action> {
    let mut samples: Vec<Option<Action>> = vec![None; ACTION_VARIANTS];
    for action in every_action(f) {
        let slot = &mut samples[variant(&action)];
        assert!(slot.is_none(), "two samples of {action:?}");
        *slot = Some(action);
    }
    samples
        .into_iter()
        .enumerate()
        .map(|(i, sample)| {
            sample.unwrap_or_else(|| panic!("every_action has no sample of variant {i}"))
        })
        .collect()
}

#[test]
fn every_action_undoes_to_the_exact_previous_state_and_redoes() {
    let probe = fixture(Store::open_in_memory().unwrap());
    let count = sample_of_each_variant(&probe).len();
    for i in 0..count {
        let mut f = fixture(Store::open_in_memory().unwrap());
        let action = sample_of_each_variant(&f).swap_remove(i);
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

// ---- Excerpts survive edits to their source ----

/// The fixture's source with a new text and its other fields unchanged.
fn edit_text(f: &mut Fixture, body: &str) -> annals::action::Applied {
    let action = Action::UpdateSource {
        id: f.source,
        fields: SourceFields {
            title: "Summit report".into(),
            outlet: "Wire".into(),
            published: Some(date("2024-06-12")),
            body: body.into(),
            ..SourceFields::default()
        },
    };
    f.store
        .apply(&action)
        .unwrap_or_else(|e| panic!("{action:?}: {e}"))
}

fn excerpt_of(store: &Store, id: ExcerptId) -> annals::model::Excerpt {
    store.load().unwrap().excerpt(id).unwrap().clone()
}

/// Cuts the `nth` (0-based) occurrence of `quote` out of a source.
fn cut(store: &mut Store, source: SourceId, quote: &str, nth: usize) -> ExcerptId {
    let body = store.source_body(source).unwrap();
    let start = annals::model::text::occurrences(&body, quote)[nth];
    match store
        .apply(&Action::CreateExcerpt {
            range: ExcerptRange {
                source,
                start,
                end: start + quote.chars().count(),
            },
            events: vec![],
        })
        .unwrap()
        .created
    {
        Some(Created::Excerpt(id)) => id,
        other => panic!("{other:?}"),
    }
}

const FIRST_SENTENCE: &str = "The two leaders met in eastern Russia in September 2023.";

#[test]
fn an_insertion_before_the_quote_moves_the_excerpt_with_its_text() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let before = excerpt_of(&f.store, f.excerpt);
    assert_eq!((before.start, before.end), (0, 56));
    assert_eq!(before.quote, FIRST_SENTENCE);
    assert!(!before.lost);
    let inserted = "Seoul, 12 June — (wire) … ";
    edit_text(&mut f, &format!("{inserted}{ARTICLE}"));
    let after = excerpt_of(&f.store, f.excerpt);
    let shift = inserted.chars().count();
    assert_eq!((after.start, after.end), (shift, shift + 56));
    assert_eq!(after.quote, FIRST_SENTENCE);
    assert_eq!(after.prefix, inserted);
    assert!(!after.lost);
    assert_eq!(f.store.check().unwrap(), Vec::<String>::new());
    assert_eq!(
        f.store.load().unwrap().event(f.summit).unwrap().excerpts,
        vec![f.excerpt]
    );
}

#[test]
fn an_edited_quote_is_lost_in_place_and_check_reports_it() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let before = excerpt_of(&f.store, f.excerpt);
    let edited = ARTICLE.replacen("eastern Russia", "Russia's Far East", 1);
    edit_text(&mut f, &format!("Update. {edited}"));
    let after = excerpt_of(&f.store, f.excerpt);
    assert!(after.lost);
    // It keeps where it last was and the exact words that were cut.
    assert_eq!(
        (
            after.start,
            after.end,
            &after.quote,
            &after.prefix,
            &after.suffix
        ),
        (
            before.start,
            before.end,
            &before.quote,
            &before.prefix,
            &before.suffix
        )
    );
    let problems = f.store.check().unwrap();
    assert_eq!(
        problems,
        vec![format!(
            "excerpt {} is lost: its quote “{FIRST_SENTENCE}” no longer occurs in source {}",
            f.excerpt, f.source
        )]
    );
    // A lost excerpt is still evidence the researcher may link.
    f.store
        .apply(&Action::Link {
            event: f.launch,
            excerpt: f.excerpt,
        })
        .unwrap();
    assert_eq!(
        f.store.load().unwrap().events_of_excerpt(f.excerpt).len(),
        2
    );
}

#[test]
fn a_deleted_quote_is_lost_and_found_again_when_its_text_returns() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let second = ARTICLE.replacen(FIRST_SENTENCE, "", 1);
    edit_text(&mut f, second.trim_start());
    assert!(excerpt_of(&f.store, f.excerpt).lost);
    assert_eq!(f.store.check().unwrap().len(), 1);
    // Editing again, with the sentence back further on, anchors it there.
    let restored = format!("Preface. {ARTICLE}");
    edit_text(&mut f, &restored);
    let found = excerpt_of(&f.store, f.excerpt);
    assert!(!found.lost);
    assert_eq!((found.start, found.end), (9, 65));
    assert_eq!(found.prefix, "Preface. ");
    assert_eq!(f.store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn context_picks_the_right_one_of_a_duplicated_quote() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let text = "In Moscow, officials met in September. \
                In Pyongyang, officials met in September. Nothing was signed.";
    edit_text(&mut f, text);
    let pyongyang = cut(&mut f.store, f.source, "officials met in September", 1);
    assert_eq!(excerpt_of(&f.store, pyongyang).start, 53);
    // The Moscow sentence goes and the words come again further on, nearer
    // the old offset than the Pyongyang sentence is.
    edit_text(
        &mut f,
        "In Pyongyang, officials met in September. Nothing was signed. \
         Later, in Hanoi, officials met in September.",
    );
    let after = excerpt_of(&f.store, pyongyang);
    assert!(!after.lost);
    assert_eq!((after.start, after.end), (14, 40));
    assert_eq!(after.prefix, "In Pyongyang, ");
}

#[test]
fn undoing_a_re_anchoring_restores_offsets_and_lost_flags_exactly() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let satellite = cut(
        &mut f.store,
        f.source,
        "its first military spy satellite",
        0,
    );
    // First edit: the first sentence's quote is edited (lost), the second moves.
    let first = format!(
        "Preface. {}",
        ARTICLE.replacen("eastern Russia", "the Russian Far East", 1)
    );
    let before_first = f.store.dump().unwrap();
    edit_text(&mut f, &first);
    let after_first = f.store.dump().unwrap();
    assert!(excerpt_of(&f.store, f.excerpt).lost);
    assert!(!excerpt_of(&f.store, satellite).lost);
    // Second edit: the first quote comes back (found) and both move.
    let second = format!("A longer preface, then. {ARTICLE}");
    edit_text(&mut f, &second);
    let after_second = f.store.dump().unwrap();
    assert!(!excerpt_of(&f.store, f.excerpt).lost);
    assert_eq!(f.store.check().unwrap(), Vec::<String>::new());

    for (undo_to, redo_to) in [(&after_first, &after_second), (&before_first, &after_first)] {
        f.store.undo().unwrap();
        assert_eq!(&f.store.dump().unwrap(), undo_to);
        f.store.redo().unwrap();
        assert_eq!(&f.store.dump().unwrap(), redo_to);
        f.store.undo().unwrap();
        assert_eq!(&f.store.dump().unwrap(), undo_to);
    }
    let restored = excerpt_of(&f.store, f.excerpt);
    assert!(!restored.lost);
    assert_eq!((restored.start, restored.end), (0, 56));
    assert_eq!(
        f.store.undo_label().unwrap().as_deref(),
        Some("cut excerpt 'its first military spy satellite'")
    );
}

#[test]
fn editing_only_a_sources_details_leaves_its_excerpts_alone() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let before = f.store.load().unwrap().excerpts;
    f.store
        .apply(&Action::UpdateSource {
            id: f.source,
            fields: SourceFields {
                title: "Renamed report".into(),
                body: ARTICLE.into(),
                ..SourceFields::default()
            },
        })
        .unwrap();
    assert_eq!(f.store.load().unwrap().excerpts, before);
}

#[test]
fn a_bad_source_edit_changes_nothing() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let before = f.store.dump().unwrap();
    for action in [
        Action::UpdateSource {
            id: SourceId(42),
            fields: SourceFields {
                title: "X".into(),
                body: "new".into(),
                ..SourceFields::default()
            },
        },
        Action::UpdateSource {
            id: f.source,
            fields: SourceFields {
                title: "  ".into(),
                body: "Entirely new text.".into(),
                ..SourceFields::default()
            },
        },
    ] {
        assert!(f.store.apply(&action).is_err(), "{action:?}");
        assert_eq!(f.store.dump().unwrap(), before, "{action:?}");
    }
}

/// The shipped version-1 schema, as `annals demo` wrote it before excerpts
/// could be lost: copied, opened (which migrates) and used.
#[test]
fn a_version_1_notebook_is_upgraded_with_its_data_and_history_intact() {
    let fixture_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notebook-v1.annals");
    let version = |path: &Path| -> i64 {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&fixture_path), 1, "the fixture must stay frozen");
    let dir = temp_dir();
    let path = dir.path().join("old.annals");
    std::fs::copy(&fixture_path, &path).unwrap();

    let store = Store::open(&path).unwrap();
    let upgraded = store.dump().unwrap();
    drop(store);
    assert_eq!(version(&path), annals::store::schema_version());

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.dump().unwrap(), upgraded);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    let notebook = store.load().unwrap();
    assert_eq!(notebook.events.len(), 6);
    assert_eq!(notebook.sources.len(), 1);
    assert_eq!(notebook.excerpts.len(), 6);
    assert_eq!(notebook.tracks.len(), 3);
    assert_eq!(notebook.notes.len(), 3);
    assert!(notebook.excerpts.iter().all(|x| !x.lost));
    for event in &notebook.events {
        assert_eq!(event.excerpts.len(), 1, "{}", event.title);
    }
    let summit = notebook
        .events
        .iter()
        .find(|e| e.title == "Putin–Kim summit in eastern Russia")
        .unwrap();
    let evidence = notebook.excerpt(summit.excerpts[0]).unwrap();
    assert!(
        evidence
            .quote
            .starts_with("The two leaders last met in September 2023")
    );

    // The history written by version 1 still undoes and redoes.
    let history = store.history(100).unwrap();
    assert_eq!(history.len(), 10);
    for _ in 0..history.len() {
        store.undo().unwrap();
    }
    let emptied = store.load().unwrap();
    assert!(emptied.events.is_empty() && emptied.sources.is_empty());
    assert!(emptied.excerpts.is_empty() && emptied.notes.is_empty());
    for _ in 0..history.len() {
        store.redo().unwrap();
    }
    assert_eq!(store.dump().unwrap(), upgraded);

    // Re-anchoring works on the upgraded file and undoes exactly.
    let old_starts: std::collections::HashMap<ExcerptId, usize> =
        notebook.excerpts.iter().map(|x| (x.id, x.start)).collect();
    let source = notebook.sources[0].clone();
    let body = store.source_body(source.id).unwrap();
    let edited = format!(
        "Added first. {}",
        body.replacen(
            "summit in eastern Russia",
            "summit in the Russian Far East",
            1
        )
    );
    store
        .apply(&Action::UpdateSource {
            id: source.id,
            fields: SourceFields {
                title: source.title.clone(),
                outlet: source.outlet.clone(),
                author: source.author.clone(),
                url: source.url.clone(),
                published: source.published.clone(),
                accessed: source.accessed.clone(),
                body: edited,
                encoding: source.encoding.clone(),
                file: None,
            },
        })
        .unwrap();
    let after = store.dump().unwrap();
    let notebook = store.load().unwrap();
    let lost: Vec<ExcerptId> = notebook
        .excerpts
        .iter()
        .filter(|x| x.lost)
        .map(|x| x.id)
        .collect();
    assert_eq!(lost, vec![evidence.id]);
    // "Added first. " is 13 characters; the rewritten place name 6 more.
    for new in notebook.excerpts.iter().filter(|x| !x.lost) {
        let old = old_starts[&new.id];
        let shift = if old < evidence.start { 13 } else { 19 };
        assert_eq!(new.start, old + shift, "excerpt {}", new.id);
        assert_eq!(
            annals::model::text::slice_chars(
                &store.source_body(source.id).unwrap(),
                new.start,
                new.end
            ),
            Some(new.quote.as_str())
        );
    }
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with(&format!("excerpt {} is lost", evidence.id)));
    drop(store);
    let mut store = Store::open(&path).unwrap();
    store.undo().unwrap();
    assert_eq!(store.dump().unwrap(), upgraded);
    store.redo().unwrap();
    assert_eq!(store.dump().unwrap(), after);
}

/// The notebook as schema version 2 shipped it: the demo, then an edit of the
/// briefing that lost the satellite excerpt.
#[test]
fn a_version_2_notebook_is_upgraded_with_its_lost_excerpt_and_history() {
    let fixture_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notebook-v2.annals");
    let version = |path: &Path| -> i64 {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&fixture_path), 2, "the fixture must stay frozen");
    let dir = temp_dir();
    let path = dir.path().join("v2.annals");
    std::fs::copy(&fixture_path, &path).unwrap();
    let mut store = Store::open(&path).unwrap();
    let upgraded = store.dump().unwrap();
    assert_eq!(version(&path), annals::store::schema_version());
    let notebook = store.load().unwrap();
    assert_eq!(notebook.events.len(), 6);
    let lost: Vec<&str> = notebook
        .excerpts
        .iter()
        .filter(|x| x.lost)
        .map(|x| x.quote.as_str())
        .collect();
    assert_eq!(lost.len(), 1);
    assert!(lost[0].contains("spy satellite"));
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("is lost"));
    // Range queries use the new extent index on the old data.
    let from = Date::parse("2024-06-01").unwrap().bounds().earliest.day();
    let to = Date::parse("2024-06-30").unwrap().bounds().latest.day();
    let june: Vec<String> = store
        .events_in_range(from, to)
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert_eq!(june.len(), 3, "{june:?}");
    // Undoing the v2 edit brings the excerpt back; redo loses it again.
    let label = store.undo().unwrap();
    assert!(label.starts_with("edit source"), "{label}");
    assert!(store.load().unwrap().excerpts.iter().all(|x| !x.lost));
    assert!(store.check().unwrap().is_empty());
    store.redo().unwrap();
    assert_eq!(store.dump().unwrap(), upgraded);
}

/// The notebook as schema version 3 shipped it (built with the annals binary
/// at 3b080d5): the demo; an event titled in Russian with a tag; a note in
/// Korean with quotes; a source in Chinese and Arabic; an edit of the
/// briefing that lost the satellite excerpt; an edit and a delete of events,
/// both undone. Its history was SQL text; version 4 reads it as data.
#[test]
fn a_version_3_notebook_is_upgraded_and_its_sql_history_becomes_data() {
    let fixture_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notebook-v3.annals");
    let version = |path: &Path| -> i64 {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&fixture_path), 3, "the fixture must stay frozen");
    let dir = temp_dir();
    let path = dir.path().join("v3.annals");
    std::fs::copy(&fixture_path, &path).unwrap();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(version(&path), annals::store::schema_version());
    let upgraded = store.dump().unwrap();
    let notebook = store.load().unwrap();
    assert_eq!(notebook.events.len(), 7);
    assert_eq!(notebook.sources.len(), 2);
    assert!(
        notebook
            .events
            .iter()
            .any(|e| e.title == "Визит Путина в Пхеньян")
    );
    assert!(
        notebook
            .notes
            .iter()
            .any(|n| n.body.contains("푸틴 방북") && n.body.contains("O'Brien"))
    );
    assert!(notebook.sources.iter().any(|s| s.title == "多语种 مصدر"));
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("is lost"));
    let history = store.history(100).unwrap();
    assert_eq!(history.len(), 16);
    assert!(history[0].undone && history[1].undone && !history[2].undone);
    // The undone steps redo: the delete of an event with its links.
    assert!(store.redo().unwrap().starts_with("edit event"));
    assert!(store.redo().unwrap().starts_with("delete event"));
    assert_eq!(store.load().unwrap().events.len(), 6);
    store.undo().unwrap();
    store.undo().unwrap();
    assert_eq!(store.dump().unwrap(), upgraded);
    // Every done step undoes, back to an empty notebook, and redoes.
    let done = history.iter().filter(|h| !h.undone).count();
    for _ in 0..done {
        store.undo().unwrap();
    }
    let emptied = store.load().unwrap();
    assert!(emptied.events.is_empty() && emptied.sources.is_empty());
    assert!(emptied.excerpts.is_empty() && emptied.notes.is_empty());
    for _ in 0..done {
        store.redo().unwrap();
    }
    assert_eq!(store.dump().unwrap(), upgraded);
    // The restored texts come back with their checksums.
    assert_eq!(store.check().unwrap(), problems);
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.dump().unwrap(), upgraded);
}

fn same_read_model(a: &annals::model::Notebook, b: &annals::model::Notebook) -> bool {
    a.events == b.events
        && a.tracks == b.tracks
        && a.tags == b.tags
        && a.sources == b.sources
        && a.excerpts == b.excerpts
        && a.notes == b.notes
        && a.entities.entities == b.entities.entities
        && a.entities.involvements == b.entities.involvements
        && a.entities.source_involvements == b.entities.source_involvements
        && a.entities.links == b.entities.links
}

/// Patching the read model with what an action changed gives exactly what a
/// full reload gives, for every action kind and its undo and redo.
#[test]
fn refreshing_the_read_model_matches_a_full_reload() {
    let probe = fixture(Store::open_in_memory().unwrap());
    let count = sample_of_each_variant(&probe).len();
    for i in 0..count {
        let mut f = fixture(Store::open_in_memory().unwrap());
        let action = sample_of_each_variant(&f).swap_remove(i);
        let mut notebook = f.store.load().unwrap();
        f.store.apply(&action).unwrap();
        f.store.refresh(&mut notebook).unwrap();
        assert!(
            same_read_model(&notebook, &f.store.load().unwrap()),
            "after {action:?}"
        );
        assert!(
            !f.store.last_changes().everything,
            "{action:?} was patched, not reloaded"
        );
        f.store.undo().unwrap();
        f.store.refresh(&mut notebook).unwrap();
        assert!(
            same_read_model(&notebook, &f.store.load().unwrap()),
            "after undoing {action:?}"
        );
        f.store.redo().unwrap();
        f.store.refresh(&mut notebook).unwrap();
        assert!(
            same_read_model(&notebook, &f.store.load().unwrap()),
            "after redoing {action:?}"
        );
        // Lookups follow the patched order.
        for (position, event) in notebook.events.iter().enumerate() {
            assert_eq!(notebook.event_position(event.id), Some(position));
        }
    }
}

// ---- Entities and links between events (issue 18) ----

#[test]
fn entities_roles_and_links_reach_the_read_model() {
    let f = fixture(Store::open_in_memory().unwrap());
    let notebook = f.store.load().unwrap();
    let cast = &notebook.entities;
    let putin = cast.entity(f.entity).unwrap();
    assert_eq!(putin.name, "Vladimir Putin");
    assert_eq!(putin.aliases, vec!["Putin", "Путин"]);
    assert_eq!(cast.by_name("путин").map(|e| e.id), Some(f.entity));
    let roles: Vec<_> = cast.of_event(f.summit).collect();
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].role, "visitor");
    assert_eq!(roles[0].excerpt, Some(f.excerpt));
    assert_eq!(cast.of_source(f.source).count(), 1);
    let links: Vec<_> = cast.links_of(f.launch).collect();
    assert_eq!(links.len(), 1);
    assert_eq!((links[0].from, links[0].to), (f.summit, f.launch));
    assert_eq!(links[0].kind, "precedes");
}

#[test]
fn deleting_a_cited_excerpt_uncites_and_deleting_an_event_drops_its_links() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let before = f.store.dump().unwrap();
    f.store.apply(&Action::DeleteExcerpt(f.excerpt)).unwrap();
    let notebook = f.store.load().unwrap();
    assert_eq!(notebook.entities.links.len(), 1, "the link stays");
    assert_eq!(notebook.entities.links[0].excerpt, None);
    assert_eq!(notebook.entities.involvements[0].excerpt, None);
    f.store.undo().unwrap();
    assert_eq!(f.store.dump().unwrap(), before);
    f.store.apply(&Action::DeleteEvent(f.launch)).unwrap();
    let notebook = f.store.load().unwrap();
    assert!(notebook.entities.links.is_empty());
    f.store.apply(&Action::DeleteEvent(f.summit)).unwrap();
    let notebook = f.store.load().unwrap();
    assert!(notebook.entities.involvements.is_empty());
    assert_eq!(notebook.entities.event_count(f.entity), 0);
    f.store.undo().unwrap();
    f.store.undo().unwrap();
    assert_eq!(f.store.dump().unwrap(), before);
}

#[test]
fn bad_entity_actions_are_refused_and_change_nothing() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let before = f.store.dump().unwrap();
    let refused = [
        (
            Action::CreateEntity(EntityFields::new("person", "  ")),
            "entity name is empty",
        ),
        (
            Action::CreateEntity(EntityFields::new(" ", "Kim")),
            "kind is empty",
        ),
        (
            Action::Involve {
                event: f.summit,
                entity: f.entity,
                role: "visitor".into(),
                excerpt: None,
            },
            "already on event",
        ),
        (
            Action::Involve {
                event: f.summit,
                entity: EntityId(999),
                role: String::new(),
                excerpt: None,
            },
            "no entity with id 999",
        ),
        (
            Action::Relate {
                from: f.summit,
                to: f.summit,
                kind: "causes".into(),
                excerpt: None,
            },
            "linked to itself",
        ),
        (
            Action::Relate {
                from: f.summit,
                to: f.launch,
                kind: "Precedes".into(),
                excerpt: None,
            },
            "already precedes",
        ),
        (
            Action::Relate {
                from: f.summit,
                to: f.launch,
                kind: " ".into(),
                excerpt: None,
            },
            "link kind is empty",
        ),
        (
            Action::Relate {
                from: f.launch,
                to: f.summit,
                kind: "causes".into(),
                excerpt: Some(ExcerptId(999)),
            },
            "999",
        ),
        (
            Action::Unrelate {
                from: f.launch,
                to: f.summit,
                kind: None,
            },
            "no link from event",
        ),
        (
            Action::Uninvolve {
                event: f.launch,
                entity: f.entity,
                role: None,
            },
            "is not on event",
        ),
    ];
    for (action, message) in refused {
        let error = f.store.apply(&action).unwrap_err().to_string();
        assert!(error.contains(message), "{action:?}: {error}");
        assert_eq!(f.store.dump().unwrap(), before, "{action:?}");
    }
}

#[test]
fn entity_kinds_and_link_kinds_are_stored_normalised() {
    let mut f = fixture(Store::open_in_memory().unwrap());
    let applied = f
        .store
        .apply(&Action::CreateEntity(EntityFields {
            aliases: vec!["KCNA".into(), " KCNA ".into(), "".into(), "ЦТАК".into()],
            ..EntityFields::new("Organization", "Korean Central News Agency")
        }))
        .unwrap();
    assert_eq!(applied.label, "add entity 'Korean Central News Agency'");
    f.store
        .apply(&Action::Relate {
            from: f.launch,
            to: f.summit,
            kind: "Responds to".into(),
            excerpt: None,
        })
        .unwrap();
    let notebook = f.store.load().unwrap();
    let kcna = notebook.entities.by_name("ЦТАК").unwrap();
    assert_eq!(kcna.kind, "organisation");
    assert_eq!(kcna.aliases, vec!["KCNA", "ЦТАК"]);
    assert!(
        notebook
            .entities
            .links
            .iter()
            .any(|l| l.kind == "responds-to")
    );
    assert_eq!(
        f.store.undo_label().unwrap().as_deref(),
        Some("link event 'Spy satellite launch' to 'Putin–Kim summit'")
    );
}
