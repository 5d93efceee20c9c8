//! The desktop app, driven like a user with egui_kittest (no GPU needed).

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;
use ui_support::{click, click_button, export_to, harness, type_into, wait_for_status};

use annals::action::{Action, EventFields};
use annals::model::date::Date;
use annals::store::Store;
use annals::ui::{AnnalsApp, Startup};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

fn app_with(events: &[(&str, &str)]) -> AnnalsApp {
    let mut store = Store::open_in_memory().unwrap();
    for (title, date) in events {
        store
            .apply(&Action::CreateEvent {
                fields: EventFields::new(*title, Date::parse(date).unwrap()),
                excerpts: vec![],
            })
            .unwrap();
    }
    AnnalsApp::with_store(store).unwrap()
}

fn titles(harness: &Harness<'_, AnnalsApp>) -> Vec<String> {
    let notebook = harness.state().notebook().unwrap();
    harness
        .state()
        .event_list()
        .rows()
        .iter()
        .map(|i| notebook.events[*i].title.clone())
        .collect()
}

#[test]
fn create_an_event_by_typing_into_the_inspector() {
    let mut harness = harness(app_with(&[("Existing", "2020")]));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .is_focused(),
        "Ctrl+N focuses the title"
    );
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Putin–Kim summit");
    harness.run();
    type_into(&mut harness, "Date", "Sept 2023");
    // Live feedback reads the date back.
    harness.get_by_label_contains("September 2023 · month precision");
    type_into(&mut harness, "Track", "Diplomacy");
    harness
        .get_by_role_and_label(Role::Button, "Create")
        .click();
    harness.run();
    assert_eq!(titles(&harness), vec!["Existing", "Putin–Kim summit"]);
    let notebook = harness.state().notebook().unwrap();
    let event = &notebook.events[1];
    assert_eq!(event.date.edtf(), "2023-09");
    assert_eq!(notebook.track_name(event.track), "Diplomacy");
    assert_eq!(harness.state().selected(), Some(event.id));
    harness.get_by_label_contains("Add event 'Putin–Kim summit'");
}

#[test]
fn enter_saves_and_escape_cancels() {
    let mut harness = harness(app_with(&[]));
    harness
        .get_by_role_and_label(Role::Button, "+ New event")
        .click();
    harness.run();
    type_into(&mut harness, "Date", "2023-11");
    type_into(&mut harness, "Title", "Satellite launch");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(titles(&harness), vec!["Satellite launch"]);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Never saved");
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(titles(&harness), vec!["Satellite launch"]);
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Title")
            .is_none(),
        "the inspector closed"
    );
}

#[test]
fn an_invalid_date_shows_the_error_and_saves_nothing() {
    let mut harness = harness(app_with(&[]));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Bad date");
    harness.run();
    type_into(&mut harness, "Date", "2023-02-30");
    harness.get_by_label_contains("February 2023 has 28 days");
    let create = harness.get_by_role_and_label(Role::Button, "Create");
    assert!(
        create.accesskit_node().is_disabled(),
        "Save is disabled while the date is invalid"
    );
    create.click();
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.state().notebook().unwrap().events.is_empty());
    let store = harness.state().store().unwrap();
    assert!(
        store.history(10).unwrap().is_empty(),
        "nothing was recorded"
    );
}

#[test]
fn edit_is_one_action_and_undo_redo_work_from_keys_and_menu() {
    let mut harness = harness(app_with(&[("Summit", "2023-09")]));
    click(&mut harness, "Summit");
    let title = harness.get_by_role_and_label(Role::TextInput, "Title");
    title.focus();
    harness.run();
    harness.key_press(Key::End);
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text(" in Vostochny");
    harness.run();
    // Typing changed nothing in the notebook yet.
    assert_eq!(titles(&harness), vec!["Summit"]);
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    assert_eq!(titles(&harness), vec!["Summit in Vostochny"]);
    let store = harness.state().store().unwrap();
    assert_eq!(
        store.history(10).unwrap().len(),
        2,
        "one action for the edit, one for the creation"
    );

    // Undo from the keyboard (with no text field focused).
    click(&mut harness, "Summit in Vostochny");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(titles(&harness), vec!["Summit"]);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(titles(&harness), vec!["Summit in Vostochny"]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(titles(&harness), vec!["Summit in Vostochny"]);

    // The Edit menu says what it will undo.
    click(&mut harness, "Edit");
    harness
        .get_by_label_contains("Undo edit event 'Summit in Vostochny'")
        .click();
    harness.run();
    assert_eq!(titles(&harness), vec!["Summit"]);
    click(&mut harness, "Edit");
    harness.get_by_label_contains("Redo edit event 'Summit in Vostochny'");
}

#[test]
fn the_filter_narrows_the_list() {
    let mut harness = harness(app_with(&[
        ("Putin–Kim summit", "2023-09"),
        ("Spy satellite launch", "2023-11"),
        ("Haines testimony", "2024-03"),
    ]));
    assert_eq!(titles(&harness).len(), 3);
    type_into(&mut harness, "Filter", "sat");
    assert_eq!(titles(&harness), vec!["Spy satellite launch"]);
    harness.get_by_label("1 of 3 events");
    type_into(&mut harness, "Filter", "x");
    assert!(titles(&harness).is_empty());
    // Dates filter too, as displayed.
    let field = harness.get_by_role_and_label(Role::TextInput, "Filter");
    field.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("2023");
    harness.run();
    assert_eq!(
        titles(&harness),
        vec!["Putin–Kim summit", "Spy satellite launch"]
    );
}

#[test]
fn the_list_sorts_by_column() {
    let mut harness = harness(app_with(&[
        ("B event", "2020"),
        ("A event", "2021"),
        ("C event", "2019"),
    ]));
    assert_eq!(titles(&harness), vec!["C event", "B event", "A event"]);
    click(&mut harness, "Title");
    assert_eq!(titles(&harness), vec!["A event", "B event", "C event"]);
    click(&mut harness, "Title ⏶");
    assert_eq!(titles(&harness), vec!["C event", "B event", "A event"]);
}

#[test]
fn delete_then_undo_restores_it() {
    let mut harness = harness(app_with(&[("Summit", "2023-09"), ("Launch", "2023-11")]));
    click(&mut harness, "Launch");
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(titles(&harness), vec!["Summit"]);
    harness.get_by_label("Deleted 'Launch'");
    harness.get_by_role_and_label(Role::Link, "Undo").click();
    harness.run();
    assert_eq!(titles(&harness), vec!["Summit", "Launch"]);
    // And the inspector's Delete button works the same way.
    click(&mut harness, "Summit");
    harness
        .get_by_role_and_label(Role::Button, "Delete")
        .click();
    harness.run();
    assert_eq!(titles(&harness), vec!["Launch"]);
}

#[test]
fn a_refused_notebook_shows_its_reason_and_the_app_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.annals");
    std::fs::write(&path, "this is a text file, not a notebook").unwrap();
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    assert!(
        harness
            .query_all_by_label_contains("is not an Annals notebook: it is not a SQLite database")
            .count()
            >= 1
    );
    harness.get_by_label("The file was not changed.");
    harness.get_by_role_and_label(Role::Button, "OK").click();
    harness.run();
    assert!(harness.state().dialog().is_none());
    harness.get_by_label("No notebook is open");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"this is a text file, not a notebook"
    );

    // A notebook held by another process is refused the same way.
    let busy = dir.path().join("busy.annals");
    let _held = Store::create(&busy).unwrap();
    harness.state_mut().push(annals::ui::Command::Open(busy));
    harness.run();
    assert!(harness.query_all_by_label_contains("already open").count() >= 1);
}

#[test]
fn first_run_creates_the_demo_in_the_default_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("Notebook.annals");
    let harness = harness(AnnalsApp::new(Startup::Default(path.clone()), Vec::new()));
    assert!(path.exists());
    // The demo has its own notebook beside the user's (issue 12).
    let demo = dir.path().join("data").join("Demo.annals");
    assert_eq!(harness.state().path(), Some(demo.as_path()));
    let notebook = harness.state().notebook().unwrap();
    assert!(notebook.events.len() >= 6);
    assert!(notebook.events.iter().all(|e| !e.excerpts.is_empty()));
    assert!(
        harness
            .query_all_by_label("Putin–Kim summit in eastern Russia")
            .count()
            >= 1
    );
    assert_eq!(
        harness.state().recent().len(),
        2,
        "the user's own and the demo"
    );
}

#[test]
fn the_export_dialog_runs_an_export_to_a_temp_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("case.annals")).unwrap();
    store
        .apply(&Action::CreateEvent {
            fields: EventFields::new("Putin–Kim summit", Date::parse("2023-09").unwrap()),
            excerpts: vec![],
        })
        .unwrap();
    let mut harness = harness(AnnalsApp::with_store(store).unwrap());
    click(&mut harness, "File");
    click(&mut harness, "Export…");
    // The format list offers every format; pick the timeline as SVG.
    click(&mut harness, "Format");
    click(&mut harness, "Timeline picture — SVG");
    let target = dir.path().join("timeline.svg");
    let status = export_to(&mut harness, &target);
    assert!(status.contains("timeline.svg"), "{status}");
    let svg = std::fs::read_to_string(&target).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Putin–Kim summit"));

    // Again to the same file: it asks, and keeps the file until told.
    std::fs::write(&target, "mine").unwrap();
    click(&mut harness, "File");
    click(&mut harness, "Export…");
    click_button(&mut harness, "Export");
    assert!(
        harness
            .query_by_label_contains("exists. Replace it?")
            .is_some()
    );
    click(&mut harness, "Keep it");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
    click_button(&mut harness, "Export");
    click(&mut harness, "Replace");
    wait_for_status(&mut harness, "Exported");
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("<svg")
    );
}

#[test]
fn the_export_dialog_groups_a_report_by_entity() {
    use annals::action::{Created, EntityFields};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("case.annals")).unwrap();
    let created = |applied: annals::action::Applied| applied.created.unwrap();
    let Created::Event(summit) = created(
        store
            .apply(&Action::CreateEvent {
                fields: EventFields::new("Putin–Kim summit", Date::parse("2023-09").unwrap()),
                excerpts: vec![],
            })
            .unwrap(),
    ) else {
        panic!()
    };
    store
        .apply(&Action::CreateEvent {
            fields: EventFields::new("Haines on Russia", Date::parse("2024-03").unwrap()),
            excerpts: vec![],
        })
        .unwrap();
    store
        .apply(&Action::InvolveNew {
            event: summit,
            fields: EntityFields::new("person", "Владимир Путин"),
            role: "host".into(),
            excerpt: None,
        })
        .unwrap();
    let mut harness = harness(AnnalsApp::with_store(store).unwrap());
    click(&mut harness, "File");
    click(&mut harness, "Export…");
    click(&mut harness, "Format");
    click(&mut harness, "Chronology — Markdown");
    // Offered for the report formats only.
    click(&mut harness, "By entity");
    let target = dir.path().join("grouped.md");
    export_to(&mut harness, &target);
    let md = std::fs::read_to_string(&target).unwrap();
    assert!(md.contains("\n## Владимир Путин (person)\n"), "{md}");
    assert!(md.contains("*Role: host*"), "{md}");
    assert!(
        md.contains("\n## Other events\n\n### March 2024 — Haines on Russia"),
        "{md}"
    );
    // A picture has no such choice.
    click(&mut harness, "File");
    click(&mut harness, "Export…");
    click(&mut harness, "Format");
    click(&mut harness, "Timeline picture — SVG");
    assert!(harness.query_by_label("By entity").is_none());
}

/// A three-page source with an excerpt on page 3 supporting an event.
fn app_with_paged_source() -> (AnnalsApp, annals::model::SourceId) {
    use annals::action::{Created, ExcerptRange, SourceFields};
    use annals::model::pages::{OriginalFile, PageSpan, SourceFile};
    let pages = [
        "Warnings over the visit.",
        "Путин в Пхеньяне — визит.",
        "The two leaders met in eastern Russia.",
    ];
    let body = pages.join("\n\n");
    let mut spans = Vec::new();
    let mut at = 0;
    for (i, page) in pages.iter().enumerate() {
        let len = page.chars().count();
        spans.push(PageSpan {
            page: i as u32 + 1,
            start: at,
            end: at + len,
        });
        at += len + 2;
    }
    let mut store = Store::open_in_memory().unwrap();
    let created = store
        .apply(&Action::CreateSource(SourceFields {
            title: "Visit report".into(),
            body: body.clone(),
            encoding: "PDF".into(),
            file: Some(SourceFile {
                original: OriginalFile::of("report.pdf", b"%PDF-1.7 stand-in"),
                pages: spans,
                ..SourceFile::default()
            }),
            ..SourceFields::default()
        }))
        .unwrap();
    let Some(Created::Source(source)) = created.created else {
        panic!("{created:?}")
    };
    store
        .apply(&Action::CreateEvent {
            fields: EventFields::new("Summit in eastern Russia", Date::parse("2023-09").unwrap()),
            excerpts: vec![],
        })
        .unwrap();
    let start = body[..body.find("met in").unwrap()].chars().count();
    store
        .apply(&Action::CreateExcerpt {
            range: ExcerptRange {
                source,
                start,
                end: start + "met in eastern Russia".chars().count(),
            },
            events: vec![annals::model::EventId(1)],
        })
        .unwrap();
    (AnnalsApp::with_store(store).unwrap(), source)
}

#[test]
fn a_paged_source_shows_its_page_breaks_file_and_pin_cite() {
    let (app, source) = app_with_paged_source();
    let mut harness = harness(app);
    harness
        .state_mut()
        .push(annals::ui::Command::OpenSource(source));
    harness.run();
    // A rule and label where pages 2 and 3 start; none for page 1.
    assert!(harness.query_by_label("p. 2").is_some());
    assert!(harness.query_by_label("p. 3").is_some());
    assert!(harness.query_by_label("p. 1").is_none());
    let sha = annals::model::pages::OriginalFile::of("report.pdf", b"%PDF-1.7 stand-in").sha256;
    assert!(
        harness
            .query_by_label_contains("File: report.pdf · 17 bytes · imported ")
            .is_some_and(|n| n
                .accesskit_node()
                .value()
                .unwrap_or_default()
                .ends_with(&sha))
    );
    // The inspector's evidence line cites the page.
    click(&mut harness, "Summit in eastern Russia");
    assert!(
        harness.query_by_label("— Visit report, p. 3").is_some(),
        "no pin cite in the inspector"
    );
}

#[test]
fn dropped_pdf_docx_and_eml_files_come_in_or_say_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let mail = dir.path().join("launch.eml");
    std::fs::write(
        &mail,
        "From: Kim <kim@example.org>\nSubject: =?UTF-8?B?0JfQsNC/0YPRgdC6INGB0L/Rg9GC0L3QuNC60LA=?=\n\
         Date: Tue, 21 Nov 2023 23:40:00 +0900\n\nNew spy satellite launched.\n",
    )
    .unwrap();
    let scan = dir.path().join("broken.pdf");
    std::fs::write(&scan, b"%PDF-1.7\nnot really a PDF").unwrap();
    let mut harness = harness(app_with(&[]));
    harness
        .state_mut()
        .push(annals::ui::Command::Import(vec![mail, scan]));
    for _ in 0..500 {
        harness.step();
        if harness.query_by_label("Import").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
    harness.get_by_label("Import").click();
    harness.run();
    let status = harness.state().status().text().to_owned();
    assert!(status.starts_with("Imported 1 of 2 file(s)."), "{status}");
    assert!(
        status.contains("Could not import broken.pdf: this PDF cannot be read"),
        "{status}"
    );
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.sources.len(), 1, "the refused file added nothing");
    let source = &notebook.sources[0];
    assert_eq!(source.title, "Запуск спутника");
    assert_eq!(source.author, "Kim <kim@example.org>");
    assert_eq!(source.published.as_ref().unwrap().edtf(), "2023-11-21");
    assert_eq!(source.file.as_ref().unwrap().name, "launch.eml");
    // One undoable step.
    harness.state_mut().push(annals::ui::Command::Undo);
    harness.run();
    assert!(harness.state().notebook().unwrap().sources.is_empty());
}

#[test]
fn the_list_follows_the_selected_event_a_date_edit_moved_far() {
    let events: Vec<(String, String)> = (0..300)
        .map(|i| (format!("Event {i:03}"), format!("{}", 1700 + i)))
        .collect();
    let events: Vec<(&str, &str)> = events
        .iter()
        .map(|(t, d)| (t.as_str(), d.as_str()))
        .collect();
    let mut harness = harness(app_with(&events));
    click(&mut harness, "Event 000");
    let date = harness.get_by_role_and_label(Role::TextInput, "Date");
    date.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Date")
        .type_text("2100");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.events.last().unwrap().title, "Event 000");
    // Its row is shown where it went: the list scrolled to the end.
    assert!(
        in_list(&harness, "Event 000"),
        "the moved row is not in view"
    );
    // Undo puts it back at the top, and the list goes with it.
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.events[0].title, "Event 000");
    assert!(
        in_list(&harness, "Event 000"),
        "the list did not follow the undo"
    );
}

/// True when a row labelled `label` is drawn in the event list (left of the
/// timeline, which labels its events too).
fn in_list(harness: &Harness<'_, AnnalsApp>, label: &str) -> bool {
    let timeline_left = harness
        .get_by_role_and_label(Role::Button, "Timeline")
        .rect()
        .left();
    harness
        .query_all_by_label(label)
        .any(|node| node.rect().right() < timeline_left)
}
