//! "Part of" on the timeline, driven like a user with egui_kittest: the
//! visit is a bracket over its days (not an arrow), its fold control hides
//! them and shows the count, Space folds the selected parent, the
//! inspector folds and unfolds it, and a fold never brings back what the
//! filter hides. (Cyrillic, not Korean: the harness has no CJK font.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use annals::action::{Action, Created, EventFields};
use annals::model::EventId;
use annals::model::date::Date;
use annals::model::filter::Filter;
use annals::store::Store;
use annals::timeline::extent::extent_from_date;
use annals::timeline::scale::TimeView;
use annals::ui::{AnnalsApp, Command};
use egui::Vec2;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const WINDOW: Vec2 = Vec2::new(1400.0, 860.0);

const VISIT: &str = "Визит Путина в КНДР";
const ARRIVAL: &str = "Прибытие в Пхеньян";
const GUARD: &str = "Почётный караул";
const TALKS: &str = "Переговоры с Ким Чен Ыном";
const TREATY: &str = "Подписание договора";
const LAUNCH: &str = "Запуск спутника";

struct Visit {
    app: AnnalsApp,
    visit: EventId,
    launch: EventId,
}

/// The June 2024 visit containing its arrival (which contains the guard
/// of honour), the talks and, on another track, the treaty; and the
/// satellite launch the visit follows.
fn visit() -> Visit {
    let mut store = Store::open_in_memory().unwrap();
    let mut event = |title: &str, date: &str, track: &str| {
        let mut fields = EventFields::new(title, Date::parse(date).unwrap());
        fields.track = Some(track.into());
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
    };
    let visit = event(VISIT, "2024-06-18/2024-06-19", "Дипломатия");
    let arrival = event(ARRIVAL, "2024-06-19", "Дипломатия");
    let guard = event(GUARD, "2024-06-19", "Дипломатия");
    let talks = event(TALKS, "2024-06-19", "Дипломатия");
    let treaty = event(TREATY, "2024-06-20", "Договоры");
    let launch = event(LAUNCH, "2024-06-10", "Военное");
    for (from, to, kind) in [
        (arrival, visit, "part-of"),
        (guard, arrival, "part-of"),
        (talks, visit, "part-of"),
        (treaty, visit, "part-of"),
        (launch, visit, "precedes"),
    ] {
        store
            .apply(&Action::Relate {
                from,
                to,
                kind: kind.into(),
                excerpt: None,
            })
            .unwrap();
    }
    let mut app = AnnalsApp::with_store(store).unwrap();
    let day = |d: &str| extent_from_date(&Date::parse(d).unwrap()).start;
    app.timeline_mut()
        .set_view(TimeView::from_range(day("2024-06-08"), day("2024-06-26")));
    Visit { app, visit, launch }
}

fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        .with_max_steps(16)
        .with_size(WINDOW)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

/// True when an event's mark (or bracket) is on the timeline.
fn drawn(harness: &Harness<'_, AnnalsApp>, title: &str) -> bool {
    harness
        .query_by_role_and_label(Role::Button, title)
        .is_some()
}

#[test]
fn the_visit_is_a_bracket_over_its_days_and_folds_from_its_control() {
    let v = visit();
    let mut harness = harness(v.app);
    // The parent and the nested parent are brackets with fold controls;
    // their children are marks; part-of is no arrow, precedes still is.
    for title in [VISIT, ARRIVAL, GUARD, TALKS, TREATY, LAUNCH] {
        assert!(drawn(&harness, title), "{title} is drawn");
    }
    harness.get_by_label(&format!("Fold {VISIT}"));
    harness.get_by_label(&format!("Fold {ARRIVAL}"));
    assert!(
        harness
            .query_by_label(&format!("{TALKS} part-of {VISIT}"))
            .is_none(),
        "part-of is drawn as the bracket, not an arrow"
    );
    harness.get_by_role_and_label(Role::Link, &format!("{LAUNCH} precedes {VISIT}"));
    let family = harness.state().timeline().family();
    assert_eq!(family.folded_away_count(), 0);

    harness.get_by_label(&format!("Fold {VISIT}")).click();
    harness.run();
    assert!(harness.state().folds().is_folded(v.visit));
    // One mark with its count; the children (the other lane's too) gone.
    assert!(drawn(&harness, &format!("{VISIT} (+4)")));
    for title in [ARRIVAL, GUARD, TALKS, TREATY] {
        assert!(!drawn(&harness, title), "{title} is folded away");
    }
    assert!(drawn(&harness, LAUNCH));
    assert_eq!(harness.state().timeline().drawn_events(), 2);
    // Folding is view state: nothing to undo, nothing stored.
    assert_eq!(harness.state().notebook().unwrap().events.len(), 6);

    harness.get_by_label(&format!("Unfold {VISIT}")).click();
    harness.run();
    assert!(!harness.state().folds().is_folded(v.visit));
    for title in [ARRIVAL, GUARD, TALKS, TREATY] {
        assert!(drawn(&harness, title), "{title} is back");
    }
}

#[test]
fn space_folds_the_selected_parent_and_the_inspector_unfolds_it() {
    let v = visit();
    let mut harness = harness(v.app);
    // Clicking the bracket selects the visit and gives the timeline the keys.
    harness.get_by_role_and_label(Role::Button, VISIT).click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(v.visit));
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(harness.state().folds().is_folded(v.visit));
    assert!(!drawn(&harness, TALKS));
    // The inspector's links section offers the other way round.
    harness
        .get_by_role_and_label(Role::Button, "Unfold on the timeline")
        .click();
    harness.run();
    assert!(!harness.state().folds().is_folded(v.visit));
    assert!(drawn(&harness, TALKS));
    harness
        .get_by_role_and_label(Role::Button, "Fold on the timeline")
        .click();
    harness.run();
    assert!(harness.state().folds().is_folded(v.visit));
    // An event that contains nothing offers no fold, and Space does nothing.
    harness.state_mut().push(Command::Select(Some(v.launch)));
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Fold on the timeline")
            .is_none()
    );
}

#[test]
fn a_fold_counts_and_unfolds_only_what_the_filter_shows() {
    let v = visit();
    let mut harness = harness(v.app);
    // Only the diplomacy track: the treaty (and the launch) are filtered out.
    harness.state_mut().push(Command::SetFilter(Filter {
        tracks: vec!["Дипломатия".into()],
        ..Filter::default()
    }));
    for _ in 0..4 {
        harness.run();
    }
    assert!(!drawn(&harness, TREATY));
    assert_eq!(harness.state().timeline().drawn_events(), 4);
    harness.get_by_label(&format!("Fold {VISIT}")).click();
    harness.run();
    assert!(
        drawn(&harness, &format!("{VISIT} (+3)")),
        "the treaty is not counted"
    );
    assert_eq!(harness.state().timeline().drawn_events(), 1);
    harness.get_by_label(&format!("Unfold {VISIT}")).click();
    harness.run();
    assert!(drawn(&harness, TALKS));
    assert!(!drawn(&harness, TREATY), "unfolding keeps the filter's");
    assert_eq!(harness.state().timeline().drawn_events(), 4);
}
