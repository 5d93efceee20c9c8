//! Typed work is never thrown away: every form saves what was typed as the
//! user moves on (one undoable step, "Saved 'X' — Undo"), keeps a draft
//! that does not validate, and keeps drafts across a closed window and a
//! crash. Driven like a user with egui_kittest.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;
use ui_support::{click, settle};

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use annals::action::{Action, Created, EventFields, ExcerptRange, SourceFields};
use annals::model::date::Date;
use annals::model::text::occurrences;
use annals::model::{EventId, NoteOwner, SourceId};
use annals::store::Store;
use annals::ui::inspector::Mode;
use annals::ui::{AnnalsApp, Command, Startup, drafts};
use eframe::App as _;
use egui::accesskit::Role;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// Window size the tests run at.
const WINDOW: Vec2 = Vec2::new(1400.0, 900.0);

const ARTICLE: &str = "Officials warned against the Russian president's potential visit to North Korea, slated for this month.\n\
The two leaders previously met in eastern Russia in September, where they agreed to deepen cooperation.\n\
김정은 위원장이 러시아를 방문했다.";

fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        .with_size(WINDOW)
        .with_max_steps(120)
        .build_ui_state(
            |ui, app: &mut AnnalsApp| {
                // Which fonts draw Korean is the font set's business (tested
                // with it); here a glyph no font has may show as a box
                // rather than stop the test.
                ui.ctx()
                    .set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
                app.show(ui);
            },
            app,
        );
    harness.run();
    harness
}

fn event(store: &mut Store, title: &str, date: &str, track: Option<&str>) -> EventId {
    let mut fields = EventFields::new(title, Date::parse(date).unwrap());
    fields.track = track.map(str::to_owned);
    match store
        .apply(&Action::CreateEvent {
            fields,
            excerpts: vec![],
        })
        .unwrap()
        .created
    {
        Some(Created::Event(id)) => id,
        other => panic!("{other:?}"),
    }
}

fn source(store: &mut Store, title: &str, published: Option<&str>) -> SourceId {
    match store
        .apply(&Action::CreateSource(SourceFields {
            title: title.into(),
            published: published.map(|p| Date::parse(p).unwrap()),
            body: ARTICLE.into(),
            ..SourceFields::default()
        }))
        .unwrap()
        .created
    {
        Some(Created::Source(id)) => id,
        other => panic!("{other:?}"),
    }
}

/// Two events, "Summit" (Diplomacy) and "Launch", and two sources.
fn store_with_research(store: &mut Store) {
    event(store, "Summit", "2023-09", Some("Diplomacy"));
    event(store, "Launch", "2023-11", None);
    source(store, "Visit warnings", Some("2024-06-12"));
    source(store, "김정은 방문", None);
}

fn app() -> AnnalsApp {
    let mut store = Store::open_in_memory().unwrap();
    store_with_research(&mut store);
    AnnalsApp::with_store(store).unwrap()
}

fn titles(harness: &Harness<'_, AnnalsApp>) -> Vec<String> {
    harness
        .state()
        .notebook()
        .unwrap()
        .events
        .iter()
        .map(|e| e.title.clone())
        .collect()
}

fn history_len(harness: &Harness<'_, AnnalsApp>) -> usize {
    harness.state().store().unwrap().history(100).unwrap().len()
}

/// Types at the end of a single-line field, as a user would.
fn type_at_end(harness: &mut Harness<'_, AnnalsApp>, field: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .focus();
    harness.run();
    harness.key_press(Key::End);
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    harness.run();
}

/// Replaces what a single-line field holds, as a user would.
fn retype(harness: &mut Harness<'_, AnnalsApp>, field: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    harness.run();
}

fn assert_saved_with_undo(harness: &Harness<'_, AnnalsApp>, title: &str) {
    assert_eq!(
        harness.state().status().text(),
        format!("Saved '{title}'"),
        "the status bar says what was saved"
    );
    harness.get_by_role_and_label(Role::Link, "Undo");
}

#[test]
fn selecting_another_event_saves_the_edits_as_one_undoable_step() {
    let mut harness = harness(app());
    click(&mut harness, "Summit");
    type_at_end(&mut harness, "Title", " in Vostochny");
    harness.get_by_label("Unsaved changes — saved when you move on");
    let before = history_len(&harness);
    click(&mut harness, "Launch");
    assert_eq!(titles(&harness), vec!["Summit in Vostochny", "Launch"]);
    assert_eq!(history_len(&harness), before + 1, "one step");
    assert_saved_with_undo(&harness, "Summit in Vostochny");
    // The inspector moved on to what was selected.
    assert_eq!(harness.state().inspector().fields().title, "Launch");
    harness.get_by_role_and_label(Role::Link, "Undo").click();
    harness.run();
    assert_eq!(titles(&harness), vec!["Summit", "Launch"]);
}

#[test]
fn selecting_on_the_timeline_saves_the_edits_too() {
    let mut harness = harness(app());
    click(&mut harness, "Summit");
    type_at_end(&mut harness, "Title", " in Vostochny");
    // The timeline selects with the same command as a click on its mark.
    let launch = harness.state().notebook().unwrap().events[1].id;
    harness.state_mut().push(Command::Select(Some(launch)));
    harness.run();
    assert_eq!(titles(&harness)[0], "Summit in Vostochny");
    assert_eq!(harness.state().selected(), Some(launch));
}

#[test]
fn a_draft_that_does_not_validate_is_kept_marked_unsaved() {
    let mut harness = harness(app());
    click(&mut harness, "Summit");
    retype(&mut harness, "Date", "2023-02-30");
    let before = history_len(&harness);
    click(&mut harness, "Launch");
    assert_eq!(history_len(&harness), before, "nothing saved");
    assert!(harness.state().status().is_error());
    assert!(
        harness
            .state()
            .status()
            .text()
            .contains("Kept unsaved: 'Summit'"),
        "{}",
        harness.state().status().text()
    );
    assert_eq!(harness.state().inspector().fields().title, "Launch");
    // Back on Summit, the draft is there, marked unsaved.
    click(&mut harness, "Summit");
    assert_eq!(harness.state().inspector().fields().date, "2023-02-30");
    harness.get_by_label("Unsaved draft — Enter or Save keeps it, Escape throws it away");
    assert!(
        harness
            .query_all_by_label_contains("February 2023 has 28 days")
            .count()
            >= 1
    );
    // Fixing the date and pressing Enter saves it.
    retype(&mut harness, "Date", "2023-09-13");
    harness.key_press(Key::Enter);
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.events[0].date.edtf(), "2023-09-13");
}

#[test]
fn ctrl_n_saves_the_half_filled_new_event_and_keeps_an_incomplete_one() {
    let mut harness = harness(app());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("김정은 visit");
    harness.run();
    retype(&mut harness, "Date", "June 2024");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(titles(&harness).contains(&"김정은 visit".to_owned()));
    assert_saved_with_undo(&harness, "김정은 visit");
    assert_eq!(harness.state().inspector().mode(), Mode::Create);
    assert_eq!(harness.state().inspector().fields().title, "");

    // A new event without a date cannot be saved: Ctrl+N brings it back.
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("No date yet");
    harness.run();
    let before = history_len(&harness);
    click(&mut harness, "Launch");
    assert_eq!(history_len(&harness), before);
    assert_eq!(harness.state().inspector().fields().title, "Launch");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert_eq!(harness.state().inspector().fields().title, "No date yet");
    harness.get_by_label("Unsaved draft — Enter or Save keeps it, Escape throws it away");
    // Escape is the one way to throw it away.
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert_eq!(harness.state().inspector().fields().title, "");
}

#[test]
fn opening_a_source_saves_the_inspector() {
    let mut harness = harness(app());
    click(&mut harness, "Summit");
    type_at_end(&mut harness, "Title", " (draft)");
    click(&mut harness, "Sources (2)");
    click(&mut harness, "Visit warnings");
    assert!(harness.state().open_source().is_some());
    assert_eq!(titles(&harness)[0], "Summit (draft)");
    assert_saved_with_undo(&harness, "Summit (draft)");
}

#[test]
fn jumping_to_evidence_saves_the_inspector() {
    let mut store = Store::open_in_memory().unwrap();
    store_with_research(&mut store);
    let start = occurrences(ARTICLE, "met in eastern Russia")[0];
    store
        .apply(&Action::CreateExcerpt {
            range: ExcerptRange {
                source: SourceId(1),
                start,
                end: start + "met in eastern Russia".chars().count(),
            },
            events: vec![EventId(1)],
        })
        .unwrap();
    let mut harness = harness(AnnalsApp::with_store(store).unwrap());
    click(&mut harness, "Summit");
    type_at_end(&mut harness, "Tags", "Russia");
    harness.get_by_label("“met in eastern Russia”").click();
    harness.run();
    assert_eq!(harness.state().open_source(), Some(SourceId(1)));
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.events[0].tags.len(), 1, "the tag was saved");
}

#[test]
fn enter_saves_from_every_single_line_field() {
    for (field, text) in [
        ("Title", " II"),
        ("Date", "13 September 2023"),
        ("Track", "s"),
        ("Tags", "Russia"),
        ("Time zone", "Asia/Seoul"),
    ] {
        let mut harness = harness(app());
        click(&mut harness, "Summit");
        if field == "Date" {
            retype(&mut harness, field, text);
        } else {
            type_at_end(&mut harness, field, text);
        }
        let before = history_len(&harness);
        harness.key_press(Key::Enter);
        harness.run();
        assert_eq!(history_len(&harness), before + 1, "Enter in {field} saves");
        let event = &harness.state().notebook().unwrap().events[0];
        let notebook = harness.state().notebook().unwrap();
        let saved = match field {
            "Title" => event.title.clone(),
            "Date" => event.date.edtf().to_owned(),
            "Track" => notebook.track_name(event.track).to_owned(),
            "Tags" => notebook.tag(event.tags[0]).unwrap().name.clone(),
            _ => event.time_zone.clone().unwrap(),
        };
        let expected = match field {
            "Title" => "Summit II",
            "Date" => "2023-09-13",
            "Track" => "Diplomacys",
            "Tags" => "Russia",
            _ => "Asia/Seoul",
        };
        assert_eq!(saved, expected, "{field}");
        assert!(!harness.state().inspector().is_dirty(), "{field}");
    }
}

#[test]
fn enter_saves_right_after_picking_a_track_from_its_menu() {
    let mut harness = harness(app());
    click(&mut harness, "Launch");
    harness.get_by_role_and_label(Role::Button, "⏷").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Diplomacy")
        .click();
    harness.run();
    assert_eq!(harness.state().inspector().fields().track, "Diplomacy");
    harness.key_press(Key::Enter);
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    let launch = notebook
        .events
        .iter()
        .find(|e| e.title == "Launch")
        .unwrap();
    assert_eq!(notebook.track_name(launch.track), "Diplomacy");
}

#[test]
fn a_note_being_typed_is_saved_when_the_user_moves_on() {
    let mut harness = harness(app());
    click(&mut harness, "Summit");
    harness
        .get_all_by_role_and_label(Role::Button, "+ Add note")
        .next()
        .unwrap()
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Note (markdown)")
        .type_text("확인 필요: the month");
    harness.run();
    click(&mut harness, "Launch");
    let notebook = harness.state().notebook().unwrap();
    let notes: Vec<&str> = notebook
        .notes_of(NoteOwner::Event(EventId(1)))
        .map(|n| n.body.as_str())
        .collect();
    assert_eq!(notes, vec!["확인 필요: the month"]);
}

#[test]
fn the_source_text_being_edited_is_saved_when_another_source_opens() {
    let mut harness = harness(app());
    harness.state_mut().push(Command::OpenSource(SourceId(1)));
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Edit text")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Source text")
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Source text")
        .type_text("\nAdded line.");
    harness.run();
    harness.state_mut().push(Command::OpenSource(SourceId(2)));
    harness.run();
    let body = harness
        .state()
        .store()
        .unwrap()
        .source_body(SourceId(1))
        .unwrap();
    assert!(body.ends_with("\nAdded line."), "{body:?}");
    assert_saved_with_undo(&harness, "Visit warnings");
}

// ---- The source's details can be corrected in the app ----

#[test]
fn a_sources_details_are_edited_in_the_reader_as_one_undoable_step() {
    let mut harness = harness(app());
    harness.state_mut().push(Command::OpenSource(SourceId(2)));
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Edit details")
        .click();
    harness.run();
    retype(&mut harness, "Title", "김정은 위원장 방러");
    retype(&mut harness, "Outlet", "연합뉴스");
    retype(&mut harness, "Author", "Иван Петров");
    retype(&mut harness, "URL", "https://example.org/visit");
    retype(&mut harness, "Published", "12 June 2024");
    harness.get_by_label_contains("12 June 2024 · day precision");
    retype(&mut harness, "Accessed", "13 June 2024");
    let before = history_len(&harness);
    harness
        .get_by_role_and_label(Role::Button, "Save details")
        .click();
    harness.run();
    assert_eq!(history_len(&harness), before + 1, "one step");
    let notebook = harness.state().notebook().unwrap();
    let source = notebook.source(SourceId(2)).unwrap();
    assert_eq!(source.title, "김정은 위원장 방러");
    assert_eq!(source.outlet, "연합뉴스");
    assert_eq!(source.author, "Иван Петров");
    assert_eq!(source.url, "https://example.org/visit");
    assert_eq!(source.published.as_ref().unwrap().edtf(), "2024-06-12");
    assert_eq!(source.accessed.as_ref().unwrap().edtf(), "2024-06-13");
    assert_eq!(
        harness
            .state()
            .store()
            .unwrap()
            .source_body(SourceId(2))
            .unwrap(),
        ARTICLE,
        "the text is untouched"
    );
    harness.state_mut().push(Command::Undo);
    harness.run();
    let source = harness
        .state()
        .notebook()
        .unwrap()
        .source(SourceId(2))
        .unwrap()
        .clone();
    assert_eq!(
        (source.title.as_str(), source.published),
        ("김정은 방문", None)
    );
}

#[test]
fn a_bad_date_in_the_details_is_said_and_enter_saves_a_good_one() {
    let mut harness = harness(app());
    harness.state_mut().push(Command::OpenSource(SourceId(1)));
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Edit details")
        .click();
    harness.run();
    retype(&mut harness, "Published", "2024-02-30");
    assert!(
        harness
            .query_all_by_label_contains("February 2024 has 29 days")
            .count()
            >= 1
    );
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Save details")
            .accesskit_node()
            .is_disabled()
    );
    let before = history_len(&harness);
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(history_len(&harness), before, "nothing saved");
    retype(&mut harness, "Title", "Visit warnings (Wire)");
    retype(&mut harness, "Published", "13 June 2024");
    harness.key_press(Key::Enter);
    harness.run();
    let source = harness
        .state()
        .notebook()
        .unwrap()
        .source(SourceId(1))
        .unwrap()
        .clone();
    assert_eq!(source.title, "Visit warnings (Wire)");
    assert_eq!(source.published.unwrap().edtf(), "2024-06-13");
}

#[test]
fn a_new_publication_date_offers_to_recheck_events_dated_from_relative_expressions() {
    let mut store = Store::open_in_memory().unwrap();
    let source = source(&mut store, "Visit warnings", Some("2024-06-12"));
    // "in September", read against 12 June 2024 in the past tense, is
    // September 2023: the event was made from that suggestion.
    let sentence = "The two leaders previously met in eastern Russia in September, where they agreed to deepen cooperation.";
    let start = occurrences(ARTICLE, sentence)[0];
    store
        .apply(&Action::CreateEventFromExcerpt {
            range: ExcerptRange {
                source,
                start,
                end: start + sentence.chars().count(),
            },
            fields: EventFields::new("Putin–Kim summit", Date::parse("2023-09").unwrap()),
        })
        .unwrap();
    // An event linked to nothing relative keeps its date unasked.
    event(&mut store, "Launch", "2023-11", None);
    let mut harness = harness(AnnalsApp::with_store(store).unwrap());
    harness.state_mut().push(Command::OpenSource(source));
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Edit details")
        .click();
    harness.run();
    retype(&mut harness, "Published", "12 June 2025");
    harness.key_press(Key::Enter);
    harness.run();
    let offered = harness.state().source_view().rechecks().to_vec();
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert_eq!(offered[0].title, "Putin–Kim summit");
    assert_eq!(offered[0].new.edtf(), "2024-09");
    // The suggestions were read again against the new date.
    harness.get_by_label_contains("dates found");
    harness
        .get_by_role_and_label(Role::Button, "Re-date to September 2024")
        .click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    let summit = notebook
        .events
        .iter()
        .find(|e| e.title == "Putin–Kim summit")
        .unwrap();
    assert_eq!(summit.date.edtf(), "2024-09");
    assert!(harness.state().source_view().rechecks().is_empty());
}

// ---- Other notebooks, closing, and crashes ----

/// A notebook file with the research in it.
fn notebook_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut store = Store::create(&path).unwrap();
    store_with_research(&mut store);
    path
}

fn stored_titles(path: &Path) -> Vec<String> {
    let store = Store::open_read_only(path).unwrap();
    store
        .load()
        .unwrap()
        .events
        .iter()
        .map(|e| e.title.clone())
        .collect()
}

#[test]
fn switching_notebook_saves_the_draft_into_the_notebook_it_belongs_to() {
    let dir = tempfile::tempdir().unwrap();
    let first = notebook_file(dir.path(), "first.annals");
    let second = notebook_file(dir.path(), "second.annals");
    let mut harness = harness(AnnalsApp::new(Startup::Path(first.clone()), Vec::new()));
    click(&mut harness, "Summit");
    type_at_end(&mut harness, "Title", " in Vostochny");
    harness.state_mut().push(Command::Open(second.clone()));
    harness.run();
    assert_eq!(
        titles(&harness),
        vec!["Summit", "Launch"],
        "the second is untouched"
    );
    assert_eq!(stored_titles(&first)[0], "Summit in Vostochny");

    // An invalid draft is kept with its notebook and comes back with it.
    click(&mut harness, "Launch");
    retype(&mut harness, "Date", "Novembre");
    harness.state_mut().push(Command::Open(first.clone()));
    harness.run();
    assert_eq!(stored_titles(&second), vec!["Summit", "Launch"]);
    assert!(harness.state().inspector().fields().title.is_empty());
    harness.state_mut().push(Command::Open(second.clone()));
    harness.run();
    assert_eq!(harness.state().inspector().fields().date, "Novembre");
    assert!(
        harness
            .state()
            .status()
            .text()
            .contains("Recovered unsaved work")
    );
}

#[test]
fn closing_the_notebook_saves_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_file(dir.path(), "research.annals");
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    click(&mut harness, "Summit");
    type_at_end(&mut harness, "Title", " in Vostochny");
    harness.state_mut().push(Command::Close);
    settle(&mut harness);
    assert!(harness.state().notebook().is_none());
    assert_eq!(stored_titles(&path)[0], "Summit in Vostochny");
}

/// eframe's storage, in memory.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn closing_the_window_saves_what_validates_and_keeps_the_rest_for_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_file(dir.path(), "research.annals");
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    click(&mut harness, "Summit");
    type_at_end(&mut harness, "Title", " in Vostochny");
    click(&mut harness, "Launch");
    retype(&mut harness, "Date", "Novembre");
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    let mut storage = MemoryStorage::default();
    harness.state_mut().save(&mut storage);
    drop(harness);
    assert_eq!(stored_titles(&path)[0], "Summit in Vostochny");

    let mut app = AnnalsApp::new(Startup::Path(path), Vec::new());
    app.recover_drafts(drafts::load(Some(&storage)));
    let restarted = self::harness(app);
    assert_eq!(restarted.state().inspector().fields().title, "Launch");
    assert_eq!(restarted.state().inspector().fields().date, "Novembre");
    restarted.get_by_label("Unsaved draft — Enter or Save keeps it, Escape throws it away");
}

#[test]
fn after_a_crash_what_was_being_typed_is_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_file(dir.path(), "research.annals");
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    // A new event half typed, a source's details being corrected and the
    // Add source form half filled: nothing saved yet.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Путин в Пхеньяне");
    harness.run();
    harness.state_mut().push(Command::OpenSource(SourceId(2)));
    harness.run();
    let before = history_len(&harness);
    // (Opening the source saved nothing: the new event has no date.)
    harness
        .get_by_role_and_label(Role::Button, "Edit details")
        .click();
    harness.run();
    harness
        .state_mut()
        .source_view_mut()
        .details_mut()
        .unwrap()
        .title = "김정은 위원장 방러".into();
    harness.run();
    // eframe saves its storage every couple of seconds while drafts exist.
    assert_eq!(
        harness.state().auto_save_interval(),
        drafts::DRAFT_SAVE_INTERVAL
    );
    let mut storage = MemoryStorage::default();
    harness.state_mut().save(&mut storage);
    assert_eq!(history_len(&harness), before);
    // The crash: no move-on, no close, nothing saved.
    drop(harness);
    assert_eq!(stored_titles(&path), vec!["Summit", "Launch"]);

    let mut app = AnnalsApp::new(Startup::Path(path.clone()), Vec::new());
    app.recover_drafts(drafts::load(Some(&storage)));
    let mut harness = self::harness(app);
    let status = harness.state().status().text().to_owned();
    assert!(status.contains("Recovered unsaved work"), "{status}");
    assert!(
        status.contains("the new event 'Путин в Пхеньяне'"),
        "{status}"
    );
    assert_eq!(harness.state().inspector().mode(), Mode::Create);
    assert_eq!(
        harness.state().inspector().fields().title,
        "Путин в Пхеньяне"
    );
    assert_eq!(harness.state().open_source(), Some(SourceId(2)));
    assert_eq!(
        harness
            .state_mut()
            .source_view_mut()
            .details_mut()
            .unwrap()
            .title,
        "김정은 위원장 방러"
    );
    // Saved from where it was left: the details form's Save.
    harness
        .get_by_role_and_label(Role::Button, "Save details")
        .click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(
        notebook.source(SourceId(2)).unwrap().title,
        "김정은 위원장 방러"
    );
    // Nothing left over is offered twice.
    let mut storage = MemoryStorage::default();
    harness.state_mut().save(&mut storage);
    let kept = drafts::load(Some(&storage));
    assert_eq!(kept.len(), 1, "only the new event is still a draft");
    assert_eq!(kept[0].events.len(), 1);
}

#[test]
fn the_add_source_form_half_filled_survives_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_file(dir.path(), "research.annals");
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    harness.state_mut().push(Command::AddSource);
    harness.run();
    for (role, field, text) in [
        (Role::TextInput, "Title", "Визит Путина"),
        (Role::MultilineTextInput, "Text", "Pasted, not yet added."),
    ] {
        harness.get_by_role_and_label(role, field).focus();
        harness.run();
        harness.get_by_role_and_label(role, field).type_text(text);
        harness.run();
    }
    let mut storage = MemoryStorage::default();
    harness.state_mut().save(&mut storage);
    drop(harness);

    let mut app = AnnalsApp::new(Startup::Path(path), Vec::new());
    app.recover_drafts(drafts::load(Some(&storage)));
    let mut harness = self::harness(app);
    assert!(
        harness
            .state()
            .status()
            .text()
            .contains("the Add source form"),
        "{}",
        harness.state().status().text()
    );
    harness
        .get_by_role_and_label(Role::Button, "Add source")
        .click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert!(notebook.sources.iter().any(|s| s.title == "Визит Путина"));
}

#[test]
fn clicking_the_event_being_edited_again_keeps_its_edits() {
    let mut harness = harness(app());
    click(&mut harness, "Summit");
    type_at_end(&mut harness, "Title", " in Vostochny");
    let before = history_len(&harness);
    click(&mut harness, "Summit");
    assert_eq!(history_len(&harness), before);
    assert_eq!(
        harness.state().inspector().fields().title,
        "Summit in Vostochny"
    );
}

#[test]
fn a_click_beside_the_add_source_form_keeps_what_was_typed() {
    let mut harness = harness(app());
    harness.state_mut().push(Command::AddSource);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Half typed");
    harness.run();
    // A click on the backdrop, far from the dialog.
    let corner = egui::pos2(5.0, WINDOW.y - 5.0);
    harness.hover_at(corner);
    harness.event(egui::Event::PointerButton {
        pos: corner,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: corner,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    assert_eq!(
        add_source_title(&harness),
        Some("Half typed".to_owned()),
        "the form stays open with its text"
    );
    // Escape is the deliberate way to throw it away.
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(add_source_title(&harness), None);
}

/// The title typed in the Add source form, while it is open.
fn add_source_title(harness: &Harness<'_, AnnalsApp>) -> Option<String> {
    match harness.state().dialog() {
        Some(annals::ui::dialogs::Dialog::AddSource(form)) => Some(form.title.clone()),
        _ => None,
    }
}

#[test]
fn source_details_that_do_not_validate_wait_for_the_source_to_open_again() {
    let mut harness = harness(app());
    harness.state_mut().push(Command::OpenSource(SourceId(1)));
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Edit details")
        .click();
    harness.run();
    retype(&mut harness, "Outlet", "Reuters");
    retype(&mut harness, "Published", "Juin 2024");
    let before = history_len(&harness);
    harness.state_mut().push(Command::OpenSource(SourceId(2)));
    harness.run();
    assert_eq!(history_len(&harness), before, "nothing saved");
    assert!(
        harness
            .state()
            .status()
            .text()
            .contains("the details of 'Visit warnings'"),
        "{}",
        harness.state().status().text()
    );
    harness.state_mut().push(Command::OpenSource(SourceId(1)));
    harness.run();
    let form = harness
        .state_mut()
        .source_view_mut()
        .details_mut()
        .unwrap()
        .clone();
    assert_eq!(
        (form.outlet.as_str(), form.published.as_str()),
        ("Reuters", "Juin 2024")
    );
}
