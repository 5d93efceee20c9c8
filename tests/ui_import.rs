//! File ▸ Import… in the window, driven like a user with egui_kittest: a
//! CSV with mixed date forms and bad rows, its column mapping, one undo
//! step; a dropped CSV; a notebook merge with conflicts chosen per item.
//! (Cyrillic rather than CJK: the test window loads no CJK font.)

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;
use ui_support::click_button;

use std::path::{Path, PathBuf};
use std::time::Duration;

use annals::action::{Action, EventFields};
use annals::export::json::NotebookJson;
use annals::import::notebook::Choices;
use annals::model::date::Date;
use annals::store::Store;
use annals::ui::AnnalsApp;
use annals::ui::import_dialog::PlanBody;
use egui::accesskit::Role;
use egui::{Key, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// A file dropped on the window, as the windowing backend hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn dropped(path: std::path::PathBuf) -> egui::DroppedFileHandle {
    std::sync::Arc::new(Dropped(path))
}

/// Window size the tests run at.
const WINDOW: Vec2 = Vec2::new(1400.0, 900.0);

fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        // A job that ends (a file read, an import written) asks for a repaint or two more.
        .with_max_steps(16)
        .with_size(WINDOW)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

/// Clicks the first node with this label (a combo box's label names its
/// button too).
fn click(harness: &mut Harness<'_, AnnalsApp>, label: &str) {
    // Scrolled into view first, as a user would: the dialog's mapping and
    // preview may reach past its fold.
    harness
        .get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no node labelled {label:?}"))
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no node labelled {label:?}"))
        .click();
    harness.run();
}

/// Steps the app until the import dialog has read its file or written its
/// import (both run on workers while frames go on).
fn settle_import(harness: &mut Harness<'_, AnnalsApp>) {
    for _ in 0..3000 {
        harness.step();
        if !harness.state().import_busy() {
            harness.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the import never finished");
}

fn summary(harness: &Harness<'_, AnnalsApp>) -> String {
    harness
        .state()
        .import_dialog()
        .summary()
        .unwrap_or_default()
}

fn event_titles(harness: &Harness<'_, AnnalsApp>) -> Vec<String> {
    let mut titles: Vec<String> = harness
        .state()
        .notebook()
        .unwrap()
        .events
        .iter()
        .map(|e| e.title.clone())
        .collect();
    titles.sort();
    titles
}

/// Opens File ▸ Import… and reads `path` (typed in the field, Enter).
fn import_file(harness: &mut Harness<'_, AnnalsApp>, path: &Path) {
    click(harness, "File");
    click(harness, "Import…");
    assert!(harness.state().import_dialog().is_open());
    harness
        .get_by_role_and_label(Role::TextInput, "File to import")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "File to import")
        .type_text(path.to_str().unwrap());
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    settle_import(harness);
}

/// Six rows in mixed date forms; line 5 has no date Annals reads, line 6
/// no title. "Группа" is not a header Annals recognises.
const MIXED: &str = "Headline,When,Notes,Группа\n\
    Саммит в Восточном,Sept 2023,встреча на космодроме,Дипломатия\n\
    Запуск спутника,2023-09-13,,Космос\n\
    Крымская война,c. 1850,,\n\
    Плохая строка,Smarch 2023,,\n\
    ,2024,без заголовка,\n\
    Визит в Пхеньян,June 2024,,Дипломатия\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn empty_app() -> AnnalsApp {
    AnnalsApp::with_store(Store::open_in_memory().unwrap()).unwrap()
}

#[test]
fn a_csv_with_mixed_dates_flags_its_bad_rows_maps_columns_and_imports_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "события.csv", MIXED);
    let mut harness = harness(empty_app());
    import_file(&mut harness, &csv);

    // Every form read as the date field reads it; the bad rows by line.
    assert_eq!(summary(&harness), "4 new, 0 updated, 0 unchanged, 2 errors");
    for shown in ["Sept 2023", "2023-09-13", "c. 1850", "September 2023"] {
        assert!(
            harness.query_all_by_label(shown).count() >= 1,
            "{shown} is not shown"
        );
    }
    assert!(
        harness
            .query_by_label_contains("line 5: the date “Smarch 2023” is not a date")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("line 6: the title is empty")
            .is_some()
    );
    // Two rows highlighted in the preview, each saying what is wrong.
    assert_eq!(harness.query_all_by_label("⚠ error").count(), 2);

    // Refused while rows are invalid.
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Import all")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        harness
            .query_by_label_contains("2 rows cannot be imported: fix the file")
            .is_some()
    );

    // The track column was not recognised: map it.
    let track_of_first = |harness: &Harness<'_, AnnalsApp>| {
        let plan = harness.state().import_dialog().plan().unwrap();
        let Ok(PlanBody::Events { preview, .. }) = &plan.body else {
            panic!("{:?}", plan.body)
        };
        preview.rows[0].fields.track.clone()
    };
    assert_eq!(track_of_first(&harness), None);
    click(&mut harness, "Группа");
    click(&mut harness, "track (group)");
    settle_import(&mut harness);
    assert_eq!(track_of_first(&harness).as_deref(), Some("Дипломатия"));
    // The preview shows it in the Track column now.
    assert!(harness.query_all_by_label("Дипломатия").count() >= 2);
    // The description column not imported: the preview follows again.
    click(&mut harness, "Notes");
    click(&mut harness, "— not imported");
    settle_import(&mut harness);
    let plan = harness.state().import_dialog().plan().unwrap();
    let Ok(PlanBody::Events { preview, .. }) = &plan.body else {
        panic!()
    };
    assert_eq!(preview.rows[0].fields.description, "");

    // Skip the invalid rows and import: one step.
    click(&mut harness, "Skip invalid rows");
    click_button(&mut harness, "Import all");
    settle_import(&mut harness);
    assert!(!harness.state().import_dialog().is_open());
    let status = harness.state().status().text().to_owned();
    assert_eq!(status, "Imported 4 events");
    assert!(
        harness.query_by_label("Undo").is_some(),
        "the status offers Undo"
    );
    assert_eq!(
        event_titles(&harness),
        vec![
            "Визит в Пхеньян",
            "Запуск спутника",
            "Крымская война",
            "Саммит в Восточном"
        ]
    );
    let notebook = harness.state().notebook().unwrap();
    let summit = notebook
        .events
        .iter()
        .find(|e| e.title == "Саммит в Восточном")
        .unwrap();
    assert_eq!(summit.date.edtf(), "2023-09");
    assert_eq!(
        summit.track.and_then(|t| notebook.track(t)).unwrap().name,
        "Дипломатия"
    );
    let war = notebook
        .events
        .iter()
        .find(|e| e.title == "Крымская война")
        .unwrap();
    assert_eq!(war.date.edtf(), "1850~");

    // One undo takes all of it back, and nothing is left to undo.
    click(&mut harness, "Undo");
    assert!(harness.state().notebook().unwrap().events.is_empty());
    assert!(harness.state().notebook().unwrap().tracks.is_empty());
    assert_eq!(harness.state().store().unwrap().undo_label().unwrap(), None);
}

#[test]
fn a_dropped_csv_opens_the_import_dialog_instead_of_becoming_a_source() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "хроника.csv",
        "title,date\nСаммит,Sept 2023\nЗапуск,2023-11-21\n",
    );
    let mut harness = harness(empty_app());
    harness.input_mut().dropped_files.push(dropped(csv.clone()));
    harness.run();
    assert!(harness.state().import_dialog().is_open());
    settle_import(&mut harness);
    assert_eq!(summary(&harness), "2 new, 0 updated, 0 unchanged, 0 errors");
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "File to import")
            .value()
            .unwrap(),
        csv.display().to_string()
    );
    // Not a source.
    assert!(harness.state().notebook().unwrap().sources.is_empty());
    click_button(&mut harness, "Import all");
    settle_import(&mut harness);
    assert_eq!(event_titles(&harness), vec!["Запуск", "Саммит"]);
    assert!(harness.state().notebook().unwrap().sources.is_empty());

    // A text dropped still becomes a source, once the user says what the
    // notebook keeps of it.
    let text = write(dir.path(), "заметка.txt", "Путин прибыл в Пхеньян.");
    harness.input_mut().dropped_files.push(dropped(text));
    for _ in 0..200 {
        harness.step();
        if harness.query_by_label("Import").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(!harness.state().import_dialog().is_open());
    click_button(&mut harness, "Import");
    assert_eq!(harness.state().notebook().unwrap().sources.len(), 1);
}

/// The lossless JSON of a store's notebook.
fn json_of(store: &Store) -> NotebookJson {
    let notebook = store.load().unwrap();
    let bodies = annals::export::fetch_bodies(store, &notebook).unwrap();
    let scope = annals::export::Scope::whole();
    let options = annals::export::Options::default();
    let job = annals::export::Job::new(&notebook, &scope, &bodies, &options, &|_, _| true).unwrap();
    NotebookJson::from_job(&job).unwrap()
}

fn edit_event(store: &mut Store, title: &str, change: impl Fn(&mut EventFields)) {
    let notebook = store.load().unwrap();
    let event = notebook.events.iter().find(|e| e.title == title).unwrap();
    let mut fields = EventFields::of(&notebook, event);
    change(&mut fields);
    store
        .apply(&Action::UpdateEvent {
            id: event.id,
            fields,
        })
        .unwrap();
}

#[test]
fn a_merge_lists_its_conflicts_and_the_user_picks_a_side_for_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut mine = Store::open_in_memory().unwrap();
    for (title, date) in [("Саммит", "2023-09"), ("Запуск", "2023-11")] {
        mine.apply(&Action::CreateEvent {
            fields: EventFields::new(title, Date::parse(date).unwrap()),
            excerpts: vec![],
        })
        .unwrap();
    }
    // A colleague works on a copy (same uids) and edits both events; the
    // user edits one of them too.
    let mut theirs = Store::open_in_memory().unwrap();
    let notebook = theirs.load().unwrap();
    let copy = annals::import::notebook::plan_with(
        &json_of(&mine),
        &notebook,
        &annals::export::Bodies::new(),
        &Choices::default(),
        "copy.json",
    );
    theirs
        .apply(&Action::ImportNotebook(Box::new(copy.import)))
        .unwrap();
    edit_event(&mut theirs, "Саммит", |f| {
        f.title = "Саммит во Восточном".to_owned();
    });
    edit_event(&mut theirs, "Запуск", |f| {
        f.date = Date::parse("2023-11-21").unwrap();
    });
    theirs
        .apply(&Action::CreateEvent {
            fields: EventFields::new("Визит в Пхеньян", Date::parse("2024-06").unwrap()),
            excerpts: vec![],
        })
        .unwrap();
    edit_event(&mut mine, "Запуск", |f| {
        f.description = "моё".to_owned()
    });
    let file = dir.path().join("коллега.json");
    std::fs::write(&file, serde_json::to_vec(&json_of(&theirs)).unwrap()).unwrap();

    let mut harness = harness(AnnalsApp::with_store(mine).unwrap());
    import_file(&mut harness, &file);
    assert!(
        summary(&harness).contains("2 conflicts"),
        "{}",
        summary(&harness)
    );
    assert!(
        summary(&harness).starts_with("1 new"),
        "{}",
        summary(&harness)
    );
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Import all")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        harness
            .query_by_label("Pick a side for 2 conflicts first.")
            .is_some()
    );
    // Theirs for the summit, mine for the launch: one at a time.
    click(&mut harness, "theirs: Саммит во Восточном");
    settle_import(&mut harness);
    assert!(
        harness
            .query_by_label("Pick a side for 1 conflict first.")
            .is_some()
    );
    click(&mut harness, "mine: Запуск");
    settle_import(&mut harness);
    click_button(&mut harness, "Import all");
    settle_import(&mut harness);
    assert_eq!(
        event_titles(&harness),
        vec!["Визит в Пхеньян", "Запуск", "Саммит во Восточном"]
    );
    let notebook = harness.state().notebook().unwrap();
    let launch = notebook
        .events
        .iter()
        .find(|e| e.title == "Запуск")
        .unwrap();
    assert_eq!(launch.date.edtf(), "2023-11", "mine kept");
    assert_eq!(launch.description, "моё");
    let status = harness.state().status().text().to_owned();
    assert!(
        status.starts_with("Imported 1 new row and 1 update"),
        "{status}"
    );
    // One undo: back to the user's own.
    click(&mut harness, "Undo");
    assert_eq!(event_titles(&harness), vec!["Запуск", "Саммит"]);
}

/// People guessed from "Who", a column mapped to places in the combo box.
const WITH_ENTITIES: &str = "Headline,When,Who,Место\n\
    Саммит в Восточном,Sept 2023,Путин (host); Ким Чен Ын (visitor),Восточный (location)\n\
    Запуск спутника,Nov 2023,ким чен ын,Сохэ\n";

#[test]
fn a_csv_maps_columns_to_people_and_places_and_undo_removes_them() {
    use annals::action::EntityFields;
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "участники.csv", WITH_ENTITIES);
    let mut store = Store::open_in_memory().unwrap();
    store
        .apply(&Action::CreateEntity(EntityFields {
            aliases: vec!["Путин".into()],
            ..EntityFields::new("person", "Vladimir Putin")
        }))
        .unwrap();
    let mut harness = harness(AnnalsApp::with_store(store).unwrap());
    import_file(&mut harness, &csv);
    assert_eq!(summary(&harness), "2 new, 0 updated, 0 unchanged, 0 errors");
    // "Who" was guessed as people; the preview names them with their roles.
    assert!(harness.query_by_label("Who and where").is_some());
    assert!(
        harness
            .query_by_label("Vladimir Putin (host), Ким Чен Ын (visitor, new)")
            .is_some()
    );
    // "Место" is not a header Annals knows: the combo offers places.
    click(&mut harness, "Место");
    click(&mut harness, "places");
    settle_import(&mut harness);
    assert!(
        harness
            .query_by_label_contains(
                "The import adds 3 entities: Ким Чен Ын (person), Восточный (place), Сохэ (place)"
            )
            .is_some()
    );
    click_button(&mut harness, "Import all");
    settle_import(&mut harness);
    assert_eq!(
        harness.state().status().text(),
        "Imported 2 events, adding 3 entities"
    );
    let cast = &harness.state().notebook().unwrap().entities;
    let mut names: Vec<&str> = cast.entities.iter().map(|e| e.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        vec!["Vladimir Putin", "Восточный", "Ким Чен Ын", "Сохэ"]
    );
    assert_eq!(cast.involvements.len(), 5);

    // One undo takes the events, the roles and the new entities back.
    click(&mut harness, "Undo");
    let notebook = harness.state().notebook().unwrap();
    assert!(notebook.events.is_empty());
    let names: Vec<&str> = notebook
        .entities
        .entities
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, vec!["Vladimir Putin"]);
    assert!(notebook.entities.involvements.is_empty());
}
