//! The filter bar, saved views, the Tracks & tags tab, the list's Tags
//! column, tag completion and exporting what the filter shows, driven like
//! a user with egui_kittest.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;
use ui_support::{click, click_button, export_to, harness, type_into};

use annals::action::{Action, EventFields};
use annals::model::date::Date;
use annals::store::Store;
use annals::ui::AnnalsApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

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

/// Drags the event list panel's right edge `by` points to the right: the
/// edge is where the pointer turns into the resize cursor.
fn widen_the_list(harness: &mut Harness<'_, AnnalsApp>, by: f32) {
    let y = 600.0;
    let edge = (300..520)
        .map(|x| x as f32)
        .find(|x| {
            harness.hover_at(egui::pos2(*x, y));
            harness.run();
            matches!(
                harness.output().platform_output.cursor_icon,
                egui::CursorIcon::ResizeHorizontal
                    | egui::CursorIcon::ResizeEast
                    | egui::CursorIcon::ResizeWest
                    | egui::CursorIcon::ResizeColumn
            )
        })
        .expect("the list panel has a resize edge");
    harness.drag_at(egui::pos2(edge, y));
    harness.run();
    harness.hover_at(egui::pos2(edge + by / 2.0, y));
    harness.run();
    harness.hover_at(egui::pos2(edge + by, y));
    harness.run();
    harness.drop_at(egui::pos2(edge + by, y));
    harness.run();
    harness.remove_cursor();
    harness.run();
}

#[test]
fn a_wide_list_shows_the_tags_in_a_column_of_their_own() {
    let mut harness = harness(research());
    // At its first width the tags follow the title, painted, not a cell.
    assert!(harness.query_by_label("DPRK, summit").is_none());
    assert!(
        harness
            .get_all_by_label("Визит Ким Чен Ына")
            .next()
            .is_some()
    );
    let before = harness
        .get_by_role_and_label(Role::TextInput, "Show")
        .rect();
    widen_the_list(&mut harness, 160.0);
    let after = harness
        .get_by_role_and_label(Role::TextInput, "Show")
        .rect();
    assert!(
        after.width() > before.width() + 100.0,
        "{before:?} {after:?}"
    );
    let cell = harness
        .query_by_label("DPRK, summit")
        .expect("a Tags cell once the list is wide");
    // The list's row comes first (the timeline's mark has the title too).
    let title = harness
        .get_all_by_label("Визит Ким Чен Ына")
        .next()
        .unwrap();
    let (cell, title) = (cell.rect(), title.rect());
    assert!(
        (cell.center().y - title.center().y).abs() < 2.0 && cell.left() > title.left(),
        "the tags sit in the event's row, after its title: {cell:?} {title:?}"
    );
    // Every tagged event has its cell in the same column.
    let column = cell.left();
    for tags in ["summit", "satellite"] {
        assert!(
            harness
                .get_all_by_label(tags)
                .any(|n| (n.rect().left() - column).abs() < 1.0),
            "{tags} in the Tags column"
        );
    }
}

#[test]
fn the_tags_field_completes_the_notebooks_tags_and_a_pick_is_saved() {
    let mut harness = harness(research());
    click(&mut harness, "Treaty of friendship");
    type_into(&mut harness, "Tags", "sat");
    // "sat" starts one tag; "DPRK" and "summit" are not offered.
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "satellite")
            .is_some()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "summit")
            .is_none()
    );
    click_button(&mut harness, "satellite");
    let field = harness.get_by_role_and_label(Role::TextInput, "Tags");
    assert_eq!(field.value().as_deref(), Some("satellite, "));
    // Typing goes on after the picked tag; a word inside a tag is offered too.
    harness
        .get_by_role_and_label(Role::TextInput, "Tags")
        .type_text("mmi");
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "summit")
            .is_some()
    );
    click_button(&mut harness, "summit");
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "Tags")
            .value()
            .as_deref(),
        Some("satellite, summit, ")
    );
    click_button(&mut harness, "Save");
    let notebook = harness.state().notebook().unwrap();
    let treaty = notebook
        .events
        .iter()
        .find(|e| e.title == "Treaty of friendship")
        .unwrap();
    let mut tags: Vec<&str> = treaty
        .tags
        .iter()
        .map(|t| notebook.tag(*t).unwrap().name.as_str())
        .collect();
    tags.sort_unstable();
    assert_eq!(tags, ["satellite", "summit"]);
    // No new tag was made by the completion: still the notebook's three.
    assert_eq!(notebook.tags.len(), 3);
}

#[test]
fn the_export_dialog_exports_just_what_the_filter_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(research());
    // No filter: the scope is not offered.
    click(&mut harness, "File");
    click(&mut harness, "Export…");
    assert!(harness.query_by_label_contains("Current filter").is_none());
    // Escape closes the dialog.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Scope").is_none());
    click(&mut harness, "Tracks & tags");
    click(&mut harness, "#summit");
    click(&mut harness, "File");
    click(&mut harness, "Export…");
    click(&mut harness, "Format");
    // The last formats are below the list's fold: scroll to the item first.
    harness.get_by_label("Events — CSV").scroll_to_me();
    harness.run();
    click(&mut harness, "Events — CSV");
    click(&mut harness, "Current filter (2 events)");
    let target = dir.path().join("summits.csv");
    let status = export_to(&mut harness, &target);
    assert!(status.contains("summits.csv"), "{status}");
    let bytes = std::fs::read(&target).unwrap();
    let csv = String::from_utf8(bytes.clone())
        .unwrap_or_else(|_| panic!("not UTF-8: {:?}", &bytes[..bytes.len().min(64)]));
    assert!(csv.contains("Putin–Kim summit at Vostochny"), "{csv}");
    assert!(csv.contains("Визит Ким Чен Ына"), "{csv}");
    assert!(!csv.contains("Spy satellite launch"), "{csv}");
    assert!(!csv.contains("Treaty of friendship"), "{csv}");
    assert_eq!(csv.lines().count(), 3, "a header and two rows: {csv}");
}
