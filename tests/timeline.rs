//! The timeline in the app, driven with egui_kittest, and image snapshots of
//! the demo notebook at year, month and day zoom (wgpu on the CPU: needs a
//! Vulkan driver such as Debian's `mesa-vulkan-drivers`).

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use annals::model::date::Date;
use annals::store::Store;
use annals::timeline::extent::extent_from_date;
use annals::timeline::scale::{Mapping, TimeView};
use annals::ui::AnnalsApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::{Harness, SnapshotOptions};

/// Window size the tests run at.
const WINDOW: Vec2 = Vec2::new(1400.0, 860.0);

fn demo_app() -> AnnalsApp {
    let mut store = Store::open_in_memory().unwrap();
    annals::demo::build(&mut store).unwrap();
    AnnalsApp::with_store(store).unwrap()
}

fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        // A job that ends (a backup on close, an export) asks for a repaint or two more.
        .with_max_steps(16)
        .with_size(WINDOW)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

fn seconds(date: &str) -> f64 {
    let extent = extent_from_date(&Date::parse(date).unwrap());
    extent.start
}

/// The button the timeline exposes for an event (the list shows a label).
fn timeline_event<'a>(
    harness: &'a Harness<'_, AnnalsApp>,
    title: &'a str,
) -> egui_kittest::Node<'a> {
    harness.get_by_role_and_label(Role::Button, title)
}

#[test]
fn clicking_an_event_on_the_timeline_selects_it_and_the_inspector_follows() {
    let mut harness = harness(demo_app());
    timeline_event(&harness, "First military spy satellite launched").click();
    harness.run();
    let app = harness.state();
    let notebook = app.notebook().unwrap();
    let selected = app.selected().and_then(|id| notebook.event(id)).unwrap();
    assert_eq!(selected.title, "First military spy satellite launched");
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .value()
            .as_deref(),
        Some("First military spy satellite launched")
    );
    // The hover card shows the date as written and as read, and the evidence.
    timeline_event(&harness, "Putin–Kim summit in eastern Russia").hover();
    harness.run();
    harness.get_by_label_contains("As written: 2023-09");
    harness.get_by_label_contains("September 2023 — month precision");
    harness.get_by_label_contains("The two leaders last met in September 2023");
}

#[test]
fn selecting_in_the_list_scrolls_the_timeline_to_it() {
    let mut harness = harness(demo_app());
    harness
        .state_mut()
        .timeline_mut()
        .set_view(TimeView::from_range(seconds("1990"), seconds("1991")));
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(
                Role::Button,
                "Haines on Russia's concessions to North Korea"
            )
            .is_none()
    );
    harness
        .get_all_by_label("Haines on Russia's concessions to North Korea")
        .next()
        .unwrap()
        .click();
    harness.run();
    let view = harness.state().timeline().view;
    assert!(view.contains(seconds("2024-03-15")), "{view:?}");
    timeline_event(&harness, "Haines on Russia's concessions to North Korea");
}

#[test]
fn the_wheel_zooms_around_the_cursor() {
    let mut harness = harness(demo_app());
    let before = harness.state().timeline().view;
    let anchor_node = timeline_event(&harness, "First military spy satellite launched");
    let pos = Pos2::new(
        anchor_node.rect().left() + 2.0,
        anchor_node.rect().top() + 4.0,
    );
    harness.hover_at(pos);
    harness.run();
    let rect = harness.state().timeline().lanes_rect();
    let (left, width) = (f64::from(rect.min.x), f64::from(rect.width()));
    let anchor_before = Mapping::new(before, left, width).time_from_x(f64::from(pos.x));
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: Vec2::new(0.0, 240.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    harness.run();
    let after = harness.state().timeline().view;
    assert!(
        after.span < before.span / 1.5,
        "zoomed in: {before:?} → {after:?}"
    );
    let anchor_after = Mapping::new(after, left, width).time_from_x(f64::from(pos.x));
    let tolerance = after.span * 0.01;
    assert!(
        (anchor_after - anchor_before).abs() < tolerance,
        "the time under the cursor stayed put"
    );
}

#[test]
fn keys_pan_zoom_and_f_fits_everything() {
    let mut harness = harness(demo_app());
    let fitted = harness.state().timeline().view;
    let centre = timeline_event(&harness, "First military spy satellite launched")
        .rect()
        .center();
    harness.hover_at(Pos2::new(centre.x, centre.y + 60.0));
    harness.run();
    harness.key_press(Key::Plus);
    harness.run();
    let zoomed = harness.state().timeline().view;
    assert!(zoomed.span < fitted.span);
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert!(
        harness.state().timeline().view.start > zoomed.start,
        "→ pans later"
    );
    harness
        .state_mut()
        .timeline_mut()
        .set_view(TimeView::from_range(seconds("1800"), seconds("1801")));
    harness.run();
    harness.key_press(Key::F);
    harness.run();
    let view = harness.state().timeline().view;
    for date in ["2023-09", "2024-06-30"] {
        assert!(view.contains(seconds(date)), "F shows {date}: {view:?}");
    }
    // Go to date takes anything the date field accepts.
    let field = harness.get_by_role_and_label(Role::TextInput, "Go to");
    field.focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Go to")
        .type_text("13 September 2023");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let view = harness.state().timeline().view;
    assert!(
        view.contains(seconds("2023-09-13")) && view.span < 30.0 * 86_400.0,
        "{view:?}"
    );
}

#[test]
fn double_click_on_empty_space_starts_a_new_event_at_that_date() {
    // Short steps, so two clicks land within the double-click delay.
    let mut harness = Harness::builder()
        // A job that ends (a backup on close, an export) asks for a repaint or two more.
        .with_max_steps(16)
        .with_size(WINDOW)
        .with_step_dt(0.05)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), demo_app());
    harness.run();
    harness
        .state_mut()
        .timeline_mut()
        .set_view(TimeView::from_range(
            seconds("2024-06-01"),
            seconds("2024-07-01"),
        ));
    harness.run();
    let rect = harness.state().timeline().lanes_rect();
    let pos = Pos2::new(rect.center().x, rect.max.y - 30.0);
    harness.hover_at(pos);
    harness.run();
    // Two clicks a step apart: a double-click.
    for _ in 0..2 {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    let date = &harness.state().inspector().fields().date;
    assert!(
        date.ends_with("June 2024") && date.len() > "June 2024".len(),
        "a day in June 2024: {date}"
    );
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .is_focused()
    );
}

fn snapshot_harness(view: TimeView) -> Harness<'static, AnnalsApp> {
    let mut app = demo_app();
    app.timeline_mut().set_view(view);
    let mut harness = Harness::builder()
        // A job that ends (a backup on close, an export) asks for a repaint or two more.
        .with_max_steps(16)
        .with_size(WINDOW)
        .wgpu()
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

/// Snapshots tolerate a few pixels of driver-dependent anti-aliasing.
fn options() -> SnapshotOptions {
    SnapshotOptions::new().max_failed_pixels(400)
}

#[test]
fn snapshot_demo_at_year_zoom() {
    let mut harness = snapshot_harness(TimeView::from_range(
        seconds("2023-01-01"),
        seconds("2025-01-01"),
    ));
    harness.snapshot_options("timeline_year", &options());
}

#[test]
fn snapshot_demo_at_month_zoom() {
    let mut harness = snapshot_harness(TimeView::from_range(
        seconds("2024-04-20"),
        seconds("2024-07-10"),
    ));
    harness.snapshot_options("timeline_month", &options());
}

#[test]
fn snapshot_demo_at_day_zoom() {
    let mut harness = snapshot_harness(TimeView::from_range(
        seconds("2024-06-08"),
        seconds("2024-06-15"),
    ));
    harness.snapshot_options("timeline_day", &options());
}

#[test]
fn clicking_a_cluster_zooms_into_it() {
    let mut store = Store::open_in_memory().unwrap();
    let events = (0..60).map(|i| {
        annals::action::EventFields::new(
            format!("Crowded event {i}"),
            Date::parse(&format!("2023-09-{:02}", 1 + i % 28)).unwrap(),
        )
    });
    store.add_events(events).unwrap();
    let mut harness = harness(AnnalsApp::with_store(store).unwrap());
    harness
        .state_mut()
        .timeline_mut()
        .set_view(TimeView::from_range(seconds("2020"), seconds("2026")));
    harness.run();
    let cluster = harness
        .get_all_by_label_contains(" events")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap();
    let before = harness.state().timeline().view.span;
    cluster.click();
    harness.run();
    assert!(
        harness.state().timeline().view.span < before / 10.0,
        "zoomed into the cluster"
    );
}

#[test]
fn new_keys_do_not_fire_while_typing_in_the_go_to_field() {
    let mut harness = harness(demo_app());
    let before = harness.state().timeline().view;
    harness
        .get_by_role_and_label(Role::TextInput, "Go to")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Go to")
        .type_text("f");
    harness.key_press(Key::F);
    harness.key_press_modifiers(Modifiers::NONE, Key::Minus);
    harness.run();
    assert_eq!(harness.state().timeline().view, before);
}

#[test]
fn many_tracks_scroll_into_view() {
    let mut store = Store::open_in_memory().unwrap();
    let events = (0..22).map(|i| {
        let mut fields = annals::action::EventFields::new(
            format!("Event on track {i}"),
            Date::parse("2023-09").unwrap(),
        );
        fields.track = Some(format!("Track {i:02}"));
        fields
    });
    store.add_events(events).unwrap();
    let mut harness = harness(AnnalsApp::with_store(store).unwrap());
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Event on track 21")
            .is_none(),
        "the last lane is below the fold"
    );
    let rect = harness.state().timeline().lanes_rect();
    let top = Pos2::new(rect.max.x - 4.0, rect.min.y + 10.0);
    let bottom = Pos2::new(rect.max.x - 4.0, rect.max.y + 200.0);
    harness.hover_at(top);
    harness.run();
    harness.drag_at(top);
    harness.run();
    harness.hover_at(bottom);
    harness.run();
    harness.drop_at(bottom);
    harness.run();
    timeline_event(&harness, "Event on track 21");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Event on track 0")
            .is_none(),
        "the first lane scrolled away"
    );
}
