//! Finding things (issue 14), driven like a user with egui_kittest: the
//! Ctrl+F search window over events, excerpts and sources; find in the
//! reader; a track filter hiding marks from the timeline's lanes; Ctrl+click
//! on timeline marks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;
use ui_support::harness;

use annals::action::{Action, EventFields, ExcerptRange, SourceFields};
use annals::model::date::Date;
use annals::model::filter::Filter;
use annals::store::{HitKind, Store};
use annals::ui::{AnnalsApp, Command};
use egui::accesskit::Role;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const BODY: &str = "The leaders toured the cosmodrome at dawn. Later the cosmodrome \
hosted talks. Nobody outside saw the Cosmodrome that week.";

/// Two events on two tracks, a source whose text says "cosmodrome" three
/// times, and an excerpt of its first sentence supporting the first event.
fn notebook() -> AnnalsApp {
    let mut store = Store::open_in_memory().unwrap();
    for (title, date, track) in [
        ("Summit at the cosmodrome", "2023-09-13", "Diplomacy"),
        ("Spy satellite launch", "2023-11-21", "Military"),
    ] {
        let mut fields = EventFields::new(title, Date::parse(date).unwrap());
        fields.track = Some(track.into());
        store
            .apply(&Action::CreateEvent {
                fields,
                excerpts: vec![],
            })
            .unwrap();
    }
    store
        .apply(&Action::CreateSource(SourceFields {
            title: "Vostochny memoir".into(),
            body: BODY.into(),
            ..SourceFields::default()
        }))
        .unwrap();
    let app = AnnalsApp::with_store(store).unwrap();
    let notebook = app.notebook().unwrap();
    let source = notebook.sources[0].id;
    let summit = notebook.events[0].id;
    let end = BODY.find('.').unwrap() + 1;
    let mut app = app;
    app.push(Command::Apply(Box::new(Action::CreateExcerpt {
        range: ExcerptRange {
            source,
            start: 0,
            end,
        },
        events: vec![summit],
    })));
    app
}

fn search(harness: &mut Harness<'_, AnnalsApp>, words: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.state().search().is_open());
    harness
        .get_by_role_and_label(Role::TextInput, "Search the notebook")
        .type_text(words);
    harness.run();
    harness.run();
}

fn title_of_selected(harness: &Harness<'_, AnnalsApp>) -> Option<String> {
    let selected = harness.state().selected()?;
    let notebook = harness.state().notebook().unwrap();
    Some(notebook.event(selected).unwrap().title.clone())
}

#[test]
fn the_search_window_finds_an_event_an_excerpt_and_a_source_and_opens_them() {
    let mut harness = harness(notebook());
    assert_eq!(harness.state().notebook().unwrap().excerpts.len(), 1);
    search(&mut harness, "cosmodrome");
    let mut kinds: Vec<HitKind> = harness
        .state()
        .search()
        .hits()
        .iter()
        .map(|h| h.kind)
        .collect();
    kinds.sort_by_key(|k| k.name());
    kinds.dedup();
    assert_eq!(
        kinds,
        [HitKind::Event, HitKind::Excerpt, HitKind::Source],
        "{:?}",
        harness.state().search().hits()
    );
    assert!(
        harness
            .state()
            .search()
            .hits()
            .iter()
            .all(|h| h.snippet.to_lowercase().contains("«cosmodrome»")),
        "every hit marks the word: {:?}",
        harness.state().search().hits()
    );
    assert!(harness.query_all_by_label("Excerpts (1)").next().is_some());
    assert!(harness.query_all_by_label("Sources (1)").next().is_some());
    // The event hit (the last button of that name: the window is drawn
    // after the timeline's mark) selects the event.
    harness
        .get_all_by_label("Summit at the cosmodrome")
        .rfind(|n| n.accesskit_node().role() == Role::Button)
        .unwrap()
        .click();
    harness.run();
    harness.run();
    assert_eq!(
        title_of_selected(&harness).as_deref(),
        Some("Summit at the cosmodrome")
    );
    assert!(harness.state().open_source().is_none());
    // The source hit (the last "Vostochny memoir" button: excerpts come
    // before sources) opens the reader on the source.
    let last = harness.get_all_by_label("Vostochny memoir").count();
    assert!(last >= 2, "an excerpt hit and a source hit");
    harness
        .get_all_by_label("Vostochny memoir")
        .nth(last - 1)
        .unwrap()
        .click();
    harness.run();
    harness.run();
    let source = harness.state().notebook().unwrap().sources[0].id;
    assert_eq!(harness.state().open_source(), Some(source));
}

#[test]
fn a_word_no_text_holds_finds_nothing() {
    let mut harness = harness(notebook());
    search(&mut harness, "zeppelin");
    assert!(harness.state().search().hits().is_empty());
    assert!(harness.query_all_by_label("0 matches").next().is_some());
}

#[test]
fn find_in_the_reader_counts_matches_and_steps_through_them() {
    let mut app = notebook();
    let source = app.notebook().unwrap().sources[0].id;
    app.push(Command::OpenSource(source));
    let mut harness = harness(app);
    assert_eq!(harness.state().open_source(), Some(source));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(
        harness.state().source_view().find_open(),
        "Ctrl+F in the reader opens its find bar"
    );
    assert!(!harness.state().search().is_open(), "not the search window");
    harness
        .get_by_role_and_label(Role::TextInput, "Find in source")
        .type_text("COSMODROME");
    harness.run();
    harness.run();
    let find = harness.state().source_view().reader().find();
    let starts: Vec<usize> = find.matches().iter().map(|m| m.0).collect();
    let expected: Vec<usize> = BODY
        .to_lowercase()
        .match_indices("cosmodrome")
        .map(|(byte, _)| BODY[..byte].chars().count())
        .collect();
    assert_eq!(expected.len(), 3);
    assert_eq!(starts, expected, "case is ignored");
    assert_eq!(find.current(), Some(0), "the first match is current");
    assert!(harness.query_all_by_label("1 of 3").next().is_some());
    let current =
        |harness: &Harness<'_, AnnalsApp>| harness.state().source_view().reader().find().current();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(current(&harness), Some(1));
    assert!(harness.query_all_by_label("2 of 3").next().is_some());
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(current(&harness), Some(2));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    assert_eq!(current(&harness), Some(1));
    harness.get_by_label("⏶ Previous").click();
    harness.run();
    assert_eq!(current(&harness), Some(0));
    // Previous from the first wraps round to the last.
    harness.get_by_label("⏶ Previous").click();
    harness.run();
    assert_eq!(
        harness.state().source_view().reader().find().current(),
        Some(2)
    );
    assert!(harness.query_all_by_label("3 of 3").next().is_some());
    assert_eq!(
        harness
            .state()
            .source_view()
            .reader()
            .find()
            .current_range(),
        Some((expected[2], expected[2] + "cosmodrome".len()))
    );
}

#[test]
fn a_track_filter_hides_marks_from_the_lanes_and_rows_from_the_list() {
    let mut app = notebook();
    app.push(Command::SetFilter(Filter {
        tracks: vec!["military".into()],
        ..Filter::default()
    }));
    let mut harness = harness(app);
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    let listed: Vec<&str> = harness
        .state()
        .event_list()
        .rows()
        .iter()
        .map(|i| notebook.events[*i].title.as_str())
        .collect();
    assert_eq!(listed, ["Spy satellite launch"]);
    assert_eq!(harness.state().timeline().drawn_events(), 1);
    let lanes = harness.state().timeline().lanes();
    let diplomacy = lanes.iter().position(|l| l.filtered == Some((0, 1)));
    let military = lanes.iter().position(|l| l.filtered == Some((1, 1)));
    assert!(diplomacy.is_some() && military.is_some(), "{lanes:?}");
    // The hidden event has no mark to click on the timeline.
    let marks = harness
        .query_all_by_label("Summit at the cosmodrome")
        .filter(|n| {
            let rect = n.rect();
            harness
                .state()
                .timeline()
                .lanes_rect()
                .contains(rect.center())
        })
        .count();
    assert_eq!(marks, 0);
}

fn mark<'a>(harness: &'a Harness<'_, AnnalsApp>, title: &'a str) -> egui_kittest::Node<'a> {
    let lanes = harness.state().timeline().lanes_rect();
    harness
        .get_all_by_label(title)
        .find(|n| lanes.contains(n.rect().center()))
        .unwrap_or_else(|| panic!("no mark for {title:?} in {lanes:?}"))
}

#[test]
fn ctrl_click_on_timeline_marks_selects_several_and_again_leaves_one_out() {
    let mut harness = harness(notebook());
    mark(&harness, "Summit at the cosmodrome").click();
    harness.run();
    assert_eq!(
        title_of_selected(&harness).as_deref(),
        Some("Summit at the cosmodrome")
    );
    mark(&harness, "Spy satellite launch").click_modifiers(Modifiers::COMMAND);
    harness.run();
    assert_eq!(harness.state().multi_selection().len(), 2);
    assert!(
        harness
            .query_all_by_label("2 events selected")
            .next()
            .is_some()
    );
    // Both marks are drawn as selected, not only the last one clicked.
    for title in ["Summit at the cosmodrome", "Spy satellite launch"] {
        assert_eq!(
            mark(&harness, title).accesskit_node().toggled(),
            Some(egui::accesskit::Toggled::True),
            "{title} is marked selected"
        );
    }
    mark(&harness, "Summit at the cosmodrome").click_modifiers(Modifiers::COMMAND);
    harness.run();
    assert_eq!(
        mark(&harness, "Summit at the cosmodrome")
            .accesskit_node()
            .toggled(),
        Some(egui::accesskit::Toggled::False)
    );
    let notebook = harness.state().notebook().unwrap();
    let titles: Vec<&str> = harness
        .state()
        .multi_selection()
        .iter()
        .map(|id| notebook.event(*id).unwrap().title.as_str())
        .collect();
    assert!(
        titles.len() <= 1 && !titles.contains(&"Summit at the cosmodrome"),
        "{titles:?}"
    );
    assert_eq!(
        title_of_selected(&harness).as_deref(),
        Some("Spy satellite launch")
    );
}

/// Shift held, the pointer pressed at `from`, moved to `to` and let go.
fn shift_drag(harness: &mut Harness<'_, AnnalsApp>, from: egui::Pos2, to: egui::Pos2) {
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::SHIFT,
    };
    harness.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    harness.event(egui::Event::PointerMoved(from));
    harness.run();
    harness.event(button(from, true));
    harness.event(egui::Event::PointerMoved(from.lerp(to, 0.5)));
    harness.event(egui::Event::PointerMoved(to));
    harness.event(button(to, false));
    harness.run();
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

#[test]
fn shift_drag_on_the_timeline_selects_the_marks_inside_the_rectangle() {
    let mut harness = harness(notebook());
    let spy = mark(&harness, "Spy satellite launch").rect();
    let summit = mark(&harness, "Summit at the cosmodrome").rect();
    assert!(summit.right() < spy.left(), "{summit:?} {spy:?}");
    // Round the spy satellite's mark only.
    shift_drag(
        &mut harness,
        spy.left_top() - Vec2::new(6.0, 6.0),
        spy.right_bottom() + Vec2::new(6.0, 6.0),
    );
    let notebook = harness.state().notebook().unwrap();
    let titles = |harness: &Harness<'_, AnnalsApp>| {
        let mut titles: Vec<String> = harness
            .state()
            .multi_selection()
            .iter()
            .map(|id| notebook.event(*id).unwrap().title.clone())
            .collect();
        titles.sort();
        titles
    };
    // One mark inside is a plain selection of it.
    assert!(titles(&harness).is_empty());
    assert_eq!(
        title_of_selected(&harness).as_deref(),
        Some("Spy satellite launch")
    );
    // Round both.
    shift_drag(
        &mut harness,
        summit.left_top() - Vec2::new(6.0, 6.0),
        spy.right_bottom() + Vec2::new(6.0, 6.0),
    );
    let notebook = harness.state().notebook().unwrap();
    let mut both: Vec<String> = harness
        .state()
        .multi_selection()
        .iter()
        .map(|id| notebook.event(*id).unwrap().title.clone())
        .collect();
    both.sort();
    assert_eq!(both, ["Spy satellite launch", "Summit at the cosmodrome"]);
}

#[test]
fn escape_closes_the_search_window_even_while_typing_in_it() {
    let mut harness = harness(notebook());
    search(&mut harness, "zeppelin");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().search().is_open());
}
