//! The filter bar, saved views and the Tracks & tags tab, driven like a user
//! with egui_kittest.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use annals::action::{Action, EventFields};
use annals::model::date::Date;
use annals::store::Store;
use annals::ui::AnnalsApp;
use egui::Vec2;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const WINDOW: Vec2 = Vec2::new(1400.0, 860.0);

fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        // A job that ends (a backup on close, an export) asks for a repaint or two more.
        .with_max_steps(16)
        .with_size(WINDOW)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

/// The seed's events on two tracks, with tags, and one in Russian (the harness has no CJK font until the system fonts are loaded).
fn research() -> AnnalsApp {
    let mut store = Store::open_in_memory().unwrap();
    for (title, date, track, tags) in [
        (
            "Putin–Kim summit at Vostochny",
            "September 2023",
            "Diplomacy",
            &["summit"][..],
        ),
        (
            "Spy satellite launch",
            "2023-11-21",
            "Military",
            &["satellite"][..],
        ),
        (
            "Визит Ким Чен Ына",
            "2023-09-12",
            "Diplomacy",
            &["summit", "DPRK"][..],
        ),
        ("Treaty of friendship", "~1961", "Diplomacy", &[][..]),
    ] {
        let mut fields = EventFields::new(title, Date::parse(date).unwrap());
        fields.track = Some(track.into());
        fields.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        store
            .apply(&Action::CreateEvent {
                fields,
                excerpts: vec![],
            })
            .unwrap();
    }
    AnnalsApp::with_store(store).unwrap()
}

fn listed(harness: &Harness<'_, AnnalsApp>) -> Vec<String> {
    let notebook = harness.state().notebook().unwrap();
    harness
        .state()
        .event_list()
        .rows()
        .iter()
        .map(|i| notebook.events[*i].title.clone())
        .collect()
}

fn click(harness: &mut Harness<'_, AnnalsApp>, label: &str) {
    harness
        .get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no node labelled {label:?}"))
        .click();
    harness.run();
}

#[test]
fn words_in_the_filter_bar_hide_rows_in_the_list_and_marks_on_the_timeline() {
    let mut harness = harness(research());
    assert_eq!(harness.state().timeline().drawn_events(), 4);
    let field = harness.get_by_role_and_label(Role::TextInput, "Show");
    field.focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Show")
        .type_text("satel");
    harness.run();
    harness.run();
    assert_eq!(listed(&harness), ["Spy satellite launch"]);
    assert_eq!(harness.state().timeline().drawn_events(), 1);
    let lanes = harness.state().timeline().lanes();
    assert_eq!(lanes[0].filtered, Some((0, 3)), "Diplomacy: 0 of 3 shown");
    assert_eq!(lanes[1].filtered, Some((1, 1)));
    // The chip names the words; its × clears them and everything is back.
    click(&mut harness, "“satel”  ×");
    harness.run();
    assert_eq!(listed(&harness).len(), 4);
    assert_eq!(harness.state().timeline().drawn_events(), 4);
    assert!(harness.state().timeline().lanes()[0].filtered.is_none());
}

#[test]
fn a_tag_click_filters_by_it_and_a_saved_view_brings_the_filter_back() {
    let mut harness = harness(research());
    click(&mut harness, "Tracks & tags");
    click(&mut harness, "#summit");
    assert_eq!(harness.state().filter().tags, ["summit"]);
    click(&mut harness, "Events (4)");
    assert_eq!(
        listed(&harness),
        ["Putin–Kim summit at Vostochny", "Визит Ким Чен Ына"]
    );
    assert_eq!(harness.state().timeline().drawn_events(), 2);
    // Save it as a view, clear the filter, pick the view again.
    click(&mut harness, "Views");
    let name = harness.get_by_role_and_label(Role::TextInput, "Save the current filter as");
    name.focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Save the current filter as")
        .type_text("Summits");
    harness.run();
    click(&mut harness, "Save");
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(notebook.views.len(), 1);
    assert_eq!(notebook.views[0].name, "Summits");
    click(&mut harness, "Clear");
    assert_eq!(listed(&harness).len(), 4);
    click(&mut harness, "Views");
    click(&mut harness, "Summits");
    harness.run();
    assert_eq!(listed(&harness).len(), 2);
}

#[test]
fn a_hidden_track_leaves_the_timeline_but_not_the_list_and_undo_shows_it() {
    let mut harness = harness(research());
    click(&mut harness, "Tracks & tags");
    harness
        .get_all_by_label("Show on the timeline")
        .nth(1)
        .expect("a checkbox per track")
        .click();
    harness.run();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert!(notebook.tracks[1].hidden, "Military is hidden");
    let lanes: Vec<String> = harness
        .state()
        .timeline()
        .lanes()
        .iter()
        .map(|l| l.name.clone())
        .collect();
    assert_eq!(lanes, ["Diplomacy"]);
    assert_eq!(harness.state().timeline().drawn_events(), 3);
    assert_eq!(listed(&harness).len(), 4, "the list still has every event");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    harness.run();
    assert_eq!(harness.state().timeline().lanes().len(), 2);
}

#[test]
fn moving_a_track_up_reorders_the_lanes_everywhere() {
    let mut harness = harness(research());
    click(&mut harness, "Tracks & tags");
    harness
        .get_all_by_label("⏶")
        .nth(1)
        .expect("Military's move up button")
        .click();
    harness.run();
    harness.run();
    let lanes: Vec<String> = harness
        .state()
        .timeline()
        .lanes()
        .iter()
        .map(|l| l.name.clone())
        .collect();
    assert_eq!(lanes, ["Military", "Diplomacy"]);
    let tracks: Vec<String> = harness
        .state()
        .notebook()
        .unwrap()
        .tracks
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(tracks, ["Military", "Diplomacy"]);
}

#[test]
fn ctrl_f_searches_everything_and_enter_opens_the_event() {
    let mut harness = harness(research());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    assert!(harness.state().search().is_open());
    let field = harness.get_by_role_and_label(Role::TextInput, "Search the notebook");
    assert!(field.is_focused(), "Ctrl+F focuses the box");
    field.type_text("satell");
    harness.run();
    harness.run();
    let hits = harness.state().search().hits();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(
        hits[0].snippet.contains('«'),
        "the match is marked: {}",
        hits[0].snippet
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.run();
    let selected = harness.state().selected().expect("Enter selects the hit");
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(
        notebook.event(selected).unwrap().title,
        "Spy satellite launch"
    );
    assert!(
        !harness.state().search().is_open(),
        "opening a hit closes the window"
    );
}

#[test]
fn a_search_hit_in_a_group_is_opened_by_a_click() {
    let mut harness = harness(research());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Search the notebook")
        .type_text("Treaty");
    harness.run();
    harness.run();
    click(&mut harness, "Treaty of friendship");
    harness.run();
    let selected = harness
        .state()
        .selected()
        .expect("a click selects the event");
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(
        notebook.event(selected).unwrap().title,
        "Treaty of friendship"
    );
}

fn track_of(harness: &Harness<'_, AnnalsApp>, title: &str) -> String {
    let notebook = harness.state().notebook().unwrap();
    let event = notebook.events.iter().find(|e| e.title == title).unwrap();
    notebook.track_name(event.track).to_owned()
}

#[test]
fn ctrl_click_selects_several_and_a_bulk_track_change_is_one_undo_step() {
    let mut harness = harness(research());
    click(&mut harness, "Putin–Kim summit at Vostochny");
    harness
        .get_all_by_label("Treaty of friendship")
        .next()
        .unwrap()
        .click_modifiers(egui::Modifiers::COMMAND);
    harness.run();
    assert_eq!(harness.state().multi_selection().len(), 2);
    assert!(harness.query_by_label("2 events selected").is_some());
    let field = harness.get_by_role_and_label(Role::TextInput, "Track");
    field.focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Track")
        .type_text("Archive");
    harness.run();
    click(&mut harness, "Set track");
    harness.run();
    assert_eq!(
        track_of(&harness, "Putin–Kim summit at Vostochny"),
        "Archive"
    );
    assert_eq!(track_of(&harness, "Treaty of friendship"), "Archive");
    assert_eq!(track_of(&harness, "Spy satellite launch"), "Military");
    // One step: one undo puts both back.
    harness
        .get_by_role_and_label(Role::TextInput, "Track")
        .focus();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    click(&mut harness, "Edit");
    click(&mut harness, "Undo");
    harness.run();
    assert_eq!(
        track_of(&harness, "Putin–Kim summit at Vostochny"),
        "Diplomacy"
    );
    assert_eq!(track_of(&harness, "Treaty of friendship"), "Diplomacy");
}

#[test]
fn ctrl_a_then_delete_removes_every_shown_event_in_one_undo_step() {
    let mut harness = harness(research());
    click(&mut harness, "Spy satellite launch");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    assert_eq!(harness.state().multi_selection().len(), 4);
    click(&mut harness, "Delete 4 events");
    harness.run();
    assert!(harness.state().notebook().unwrap().events.is_empty());
    assert!(harness.state().multi_selection().is_empty());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    harness.run();
    assert_eq!(harness.state().notebook().unwrap().events.len(), 4);
}

#[test]
fn shift_click_selects_the_rows_between() {
    let mut harness = harness(research());
    click(&mut harness, "Treaty of friendship");
    harness
        .get_all_by_label("Spy satellite launch")
        .next()
        .unwrap()
        .click_modifiers(egui::Modifiers::SHIFT);
    harness.run();
    // c. 1961, Sept 2023, 12 Sept 2023, 21 Nov 2023: all four rows.
    assert_eq!(harness.state().multi_selection().len(), 4);
    let selected = harness.state().selected().unwrap();
    let notebook = harness.state().notebook().unwrap();
    assert_eq!(
        notebook.event(selected).unwrap().title,
        "Spy satellite launch"
    );
}
