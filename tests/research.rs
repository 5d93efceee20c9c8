//! The research loop in the app: sources, the reader, excerpts, date
//! suggestions and notes, driven like a user with egui_kittest.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use annals::action::{Action, Created, EventFields, SourceFields};
use annals::model::date::Date;
use annals::model::text::occurrences;
use annals::model::{NoteOwner, SourceId};
use annals::store::Store;
use annals::ui::{AnnalsApp, Command};
use egui::Vec2;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// Window size the tests run at.
const WINDOW: Vec2 = Vec2::new(1400.0, 900.0);

/// Our own short article in the style of the seed news report.
const ARTICLE: &str = "Officials warned against the Russian president's potential visit to North Korea, slated for this month.\n\
Rumours of the trip emerged from reports on Monday.\n\
The two leaders previously met in eastern Russia in September, where they agreed to deepen cooperation.\n\
In March, the US intelligence director highlighted Russia's concessions.\n\
North Korea launched its first military spy satellite in November.";

fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    // Flashes and imports animate over a few frames.
    let mut harness = Harness::builder()
        .with_size(WINDOW)
        .with_max_steps(120)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

/// An app with the article as a source (published 12 June 2024), open in the reader.
fn app_with_article(published: Option<&str>) -> (AnnalsApp, SourceId) {
    let mut store = Store::open_in_memory().unwrap();
    let applied = store
        .apply(&Action::CreateSource(SourceFields {
            title: "Visit warnings".into(),
            outlet: "Wire".into(),
            published: published.map(|p| Date::parse(p).unwrap()),
            body: ARTICLE.into(),
            ..SourceFields::default()
        }))
        .unwrap();
    let Some(Created::Source(id)) = applied.created else {
        panic!("{applied:?}")
    };
    let mut app = AnnalsApp::with_store(store).unwrap();
    app.push(Command::OpenSource(id));
    (app, id)
}

fn range_of(quote: &str) -> (usize, usize) {
    let start = occurrences(ARTICLE, quote)[0];
    (start, start + quote.chars().count())
}

fn history_len(harness: &Harness<'_, AnnalsApp>) -> usize {
    harness.state().store().unwrap().history(100).unwrap().len()
}

fn undo(harness: &mut Harness<'_, AnnalsApp>) {
    harness.state_mut().push(Command::Undo);
    harness.run();
}

#[test]
fn add_a_source_by_filling_the_form() {
    let mut harness = harness(AnnalsApp::with_store(Store::open_in_memory().unwrap()).unwrap());
    harness.get_by_label("Sources (0)").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "+ Add source")
        .click();
    harness.run();
    for (role, field, text) in [
        (Role::TextInput, "Title", "Visit warnings"),
        (Role::TextInput, "Outlet", "Wire"),
        (Role::TextInput, "Published", "12 June 2024"),
        (Role::MultilineTextInput, "Text", ARTICLE),
    ] {
        harness.get_by_role_and_label(role, field).focus();
        harness.run();
        harness.get_by_role_and_label(role, field).type_text(text);
        harness.run();
    }
    harness.get_by_label_contains("12 June 2024 · day precision");
    harness
        .get_by_role_and_label(Role::Button, "Add source")
        .click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.sources.len(), 1);
    let source = &notebook.sources[0];
    assert_eq!(source.title, "Visit warnings");
    assert_eq!(source.published.as_ref().unwrap().edtf(), "2024-06-12");
    // It opened in the reader, with its date suggestions underlined.
    assert_eq!(harness.state().open_source(), Some(source.id));
    harness.get_by_label_contains("5 dates found");
}

#[test]
fn a_selection_becomes_an_excerpt_and_a_new_event_in_one_undoable_action() {
    let (app, source) = app_with_article(Some("2024-06-12"));
    let mut harness = harness(app);
    let (start, end) = range_of("The two leaders previously met in eastern Russia in September");
    harness
        .state_mut()
        .source_view_mut()
        .reader_mut()
        .set_selection(start, end);
    harness.run();
    let before = history_len(&harness);
    harness
        .get_by_role_and_label(Role::Button, "New event from excerpt")
        .click();
    harness.run();
    assert_eq!(history_len(&harness), before + 1, "one action");
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.excerpts.len(), 1);
    let excerpt = &notebook.excerpts[0];
    assert_eq!(
        (excerpt.source, excerpt.start, excerpt.end),
        (source, start, end)
    );
    let event = &notebook.events[0];
    assert_eq!(event.excerpts, vec![excerpt.id]);
    assert_eq!(
        event.title,
        "The two leaders previously met in eastern Russia in September"
    );
    // The date is the publication date as a hint, marked uncertain.
    assert_eq!(event.date.edtf(), "2024-06-12?");
    assert_eq!(harness.state().selected(), Some(event.id));
    harness.get_by_label_contains("change it to when this happened");
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .is_focused()
    );
    // The researcher fixes title and date: a second action.
    harness.state_mut().inspector_mut().fields_mut().title = "Putin–Kim summit".into();
    harness.state_mut().inspector_mut().fields_mut().date = "September 2023".into();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    assert_eq!(
        harness.state().notebook().unwrap().events[0].date.edtf(),
        "2023-09"
    );
    undo(&mut harness);
    undo(&mut harness);
    let notebook = harness.state().notebook().unwrap();
    assert!(
        notebook.events.is_empty() && notebook.excerpts.is_empty(),
        "undo removed both"
    );
}

#[test]
fn link_a_selection_to_the_selected_event_and_save_an_excerpt_alone() {
    let (mut app, _) = app_with_article(Some("2024-06-12"));
    let applied = app.store_mut().unwrap().apply(&Action::CreateEvent {
        fields: EventFields::new("Spy satellite launch", Date::parse("2023-11").unwrap()),
        excerpts: vec![],
    });
    let Ok(annals::action::Applied {
        created: Some(Created::Event(event)),
        ..
    }) = applied
    else {
        panic!()
    };
    app.push(Command::Undo);
    app.push(Command::Redo);
    let mut harness = harness(app);
    harness.state_mut().push(Command::Select(Some(event)));
    harness.run();
    harness
        .state_mut()
        .push(Command::Centre(annals::ui::command::Centre::Reader));
    harness.run();
    let (start, end) = range_of("launched its first military spy satellite in November");
    harness
        .state_mut()
        .source_view_mut()
        .reader_mut()
        .set_selection(start, end);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Link to selected event")
        .click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.event(event).unwrap().excerpts.len(), 1);
    assert_eq!(
        notebook.excerpts[0].quote,
        "launched its first military spy satellite in November"
    );
    undo(&mut harness);
    assert!(harness.state().notebook().unwrap().excerpts.is_empty());

    let (start, end) = range_of("In March, the US intelligence director");
    harness
        .state_mut()
        .source_view_mut()
        .reader_mut()
        .set_selection(start, end);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Save excerpt")
        .click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.excerpts.len(), 1);
    assert!(
        notebook
            .events_of_excerpt(notebook.excerpts[0].id)
            .is_empty()
    );
    undo(&mut harness);
    assert!(harness.state().notebook().unwrap().excerpts.is_empty());
}

#[test]
fn a_highlight_shows_what_it_supports_and_jumps_to_it() {
    let (mut app, source) = app_with_article(Some("2024-06-12"));
    let (start, end) =
        range_of("North Korea launched its first military spy satellite in November");
    let store = app.store_mut().unwrap();
    store
        .apply(&Action::CreateEventFromExcerpt {
            range: annals::action::ExcerptRange { source, start, end },
            fields: EventFields::new("Satellite launch", Date::parse("2023-11").unwrap()),
        })
        .unwrap();
    app.push(Command::Undo);
    app.push(Command::Redo);
    let mut harness = harness(app);
    harness
        .get_by_label("Excerpt: North Korea launched its first military spy satellite in November")
        .click();
    harness.run();
    harness.get_by_label_contains("Supports 1 event");
    harness
        .get_by_role_and_label(Role::Link, "November 2023 — Satellite launch")
        .click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(harness.state().selected(), Some(notebook.events[0].id));
    // From the inspector, the linked excerpt opens the reader at the passage.
    harness
        .state_mut()
        .push(Command::Centre(annals::ui::command::Centre::Timeline));
    harness.run();
    harness
        .get_by_label_contains("“North Korea launched its first military spy satellite")
        .click();
    harness.run();
    assert_eq!(
        harness.state().centre(),
        annals::ui::command::Centre::Reader
    );
}

#[test]
fn a_date_suggestion_becomes_an_event_in_two_clicks() {
    let (app, _) = app_with_article(Some("2024-06-12"));
    let mut harness = harness(app);
    let before = history_len(&harness);
    // Click 1: the underlined date; its reading is in the popup.
    harness
        .get_by_label_contains("'in September' ➡ September 2023")
        .click();
    harness.run();
    harness.get_by_label_contains("rule month-by-tense");
    // Click 2: make it an event.
    harness
        .get_by_role_and_label(Role::Button, "Create event: September 2023")
        .click();
    harness.run();
    assert_eq!(history_len(&harness), before + 1, "one undoable action");
    let notebook = harness.state().notebook().unwrap();
    let event = &notebook.events[0];
    assert_eq!(event.date.edtf(), "2023-09");
    let excerpt = notebook.excerpt(event.excerpts[0]).unwrap();
    assert!(
        excerpt
            .quote
            .starts_with("The two leaders previously met in eastern Russia in September"),
        "{}",
        excerpt.quote
    );
    assert!(event.title.starts_with("The two leaders previously met"));
    // The alternatives are offered in the same popup.
    harness
        .get_by_label_contains("'in November' ➡ November 2023")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "or November 2024 (if it is still to come)")
        .click();
    harness.run();
    let dates: Vec<String> = harness
        .state()
        .notebook()
        .unwrap()
        .events
        .iter()
        .map(|e| e.date.edtf().to_owned())
        .collect();
    assert_eq!(dates, vec!["2023-09", "2024-11"]);
    undo(&mut harness);
    undo(&mut harness);
    assert!(harness.state().notebook().unwrap().events.is_empty());
}

#[test]
fn the_seed_readings_are_offered() {
    let (app, _) = app_with_article(Some("2024-06-12"));
    let harness = harness(app);
    for expected in [
        "'this month' ➡ June 2024",
        "'on Monday' ➡ 10 June 2024",
        "'in September' ➡ September 2023",
        "'In March' ➡ March 2024",
        "'in November' ➡ November 2023",
    ] {
        harness.get_by_label_contains(expected);
    }
}

#[test]
fn a_source_without_a_publication_date_asks_for_one_before_suggesting() {
    let (app, source) = app_with_article(None);
    let mut harness = harness(app);
    harness.get_by_label_contains("When was this published?");
    assert!(harness.query_by_label_contains("'in September'").is_none());
    let field = harness
        .get_all_by_role(Role::TextInput)
        .find(|n| n.value().unwrap_or_default().is_empty() && n.rect().width() < 200.0);
    assert!(field.is_some());
    *harness.state_mut().source_view_mut().published_text_mut() = "12 June 2024".into();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Set publication date")
        .click();
    harness.run();
    let published = harness
        .state()
        .notebook()
        .unwrap()
        .source(source)
        .unwrap()
        .published
        .clone();
    assert_eq!(published.unwrap().edtf(), "2024-06-12");
    harness.get_by_label_contains("'in September' ➡ September 2023");
}

#[test]
fn notes_on_the_notebook_are_markdown_and_undoable() {
    let mut harness = harness(AnnalsApp::with_store(Store::open_in_memory().unwrap()).unwrap());
    harness.get_by_label("Notes (0)").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "+ Add note")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Note (markdown)")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Note (markdown)")
        .type_text("Plan: **verify** the summit date");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Save note")
        .click();
    harness.run();
    let notes: Vec<String> = harness
        .state()
        .notebook()
        .unwrap()
        .notes_of(NoteOwner::Notebook)
        .map(|n| n.body.clone())
        .collect();
    assert_eq!(notes, vec!["Plan: **verify** the summit date"]);
    // Rendered: the bold word is its own text run, without the asterisks.
    harness.get_by_label("verify");
    harness
        .get_all_by_role_and_label(Role::Button, "Edit")
        .last()
        .unwrap()
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::MultilineTextInput, "Note (markdown)");
    harness.state_mut().push(Command::Undo);
    harness.run();
    assert_eq!(harness.state().notebook().unwrap().notes.len(), 0);
}

#[test]
fn dropped_or_chosen_files_import_as_sources_one_action_each() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("wire.txt");
    std::fs::write(&text, ARTICLE).unwrap();
    let html = dir.path().join("page.html");
    std::fs::write(&html, "<html><head><title>Summit page</title><script>x()</script></head><body><p>Leaders met &amp; talked.</p></body></html>").unwrap();
    let latin = dir.path().join("latin.txt");
    std::fs::write(&latin, b"Caf\xe9 talks").unwrap();
    let binary = dir.path().join("broken.txt");
    std::fs::write(&binary, b"\0\0\0binary").unwrap();
    let mut harness = harness(AnnalsApp::with_store(Store::open_in_memory().unwrap()).unwrap());
    harness
        .state_mut()
        .push(Command::Import(vec![text, html, latin, binary]));
    harness.run();
    // The files read wait for the user's word on keeping the originals.
    assert!(harness.state().notebook().unwrap().sources.is_empty());
    harness.get_by_label("Import 3").click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    let mut titles: Vec<&str> = notebook.sources.iter().map(|s| s.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(titles, vec!["Summit page", "latin", "wire"]);
    assert_eq!(history_len(&harness), 3, "one action per imported file");
    let status = harness.state().status().text().to_owned();
    assert!(status.contains("Imported 3 of 4"), "{status}");
    assert!(
        status.contains("Windows-1252") && status.contains("Could not import broken.txt"),
        "{status}"
    );
}

/// A long source opens at once: its dates are read on a worker thread while
/// the window keeps drawing, and arrive when ready.
#[test]
fn a_long_source_opens_without_waiting_for_its_dates() {
    let paragraph = ARTICLE.replace('\n', " ");
    let body: String = (0..1200)
        .map(|i| format!("Paragraph {i}. {paragraph}\n"))
        .collect();
    assert!(body.len() > 400_000, "{}", body.len());
    let mut store = Store::open_in_memory().unwrap();
    let applied = store
        .apply(&Action::CreateSource(SourceFields {
            title: "Long wire".into(),
            published: Some(Date::parse("2024-06-12").unwrap()),
            body,
            ..SourceFields::default()
        }))
        .unwrap();
    let Some(Created::Source(id)) = applied.created else {
        panic!()
    };
    let mut app = AnnalsApp::with_store(store).unwrap();
    app.push(Command::OpenSource(id));
    let mut harness = Harness::builder()
        // A job that ends (a backup on close, an export) asks for a repaint or two more.
        .with_max_steps(16)
        .with_size(WINDOW)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.step();
    harness.step();
    harness.get_by_label("Reading the dates in this text…");
    // Frames keep coming while the worker reads; the dates then appear.
    let mut frames = 0;
    while harness.state().source_view().suggestions().is_none() {
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.step();
        frames += 1;
        assert!(frames < 2000, "the dates never arrived");
    }
    harness.step();
    let found = harness.state().source_view().suggestions().unwrap();
    assert_eq!(found.len(), 1200 * 5, "five dates in each paragraph");
    assert!(
        harness
            .query_by_label("Reading the dates in this text…")
            .is_none()
    );
}
