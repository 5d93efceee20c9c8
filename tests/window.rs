//! The window holds up (issue 12): every script reads, the keyboard reaches
//! the timeline and the event list, small windows keep every panel usable,
//! forms do not jump, and the first run keeps the demo in its own notebook.
//! Driven like a user with egui_kittest.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;
use ui_support::settle;

use std::path::Path;

use annals::action::{Action, EventFields};
use annals::model::date::Date;
use annals::store::Store;
use annals::ui::dialogs::Dialog;
use annals::ui::fonts;
use annals::ui::{AnnalsApp, Startup};
use egui::accesskit::Role;
use egui::{Event, FontDefinitions, FontFamily, FontId, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const WINDOW: Vec2 = Vec2::new(1400.0, 860.0);

fn harness_at(app: AnnalsApp, size: Vec2) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        // A job that ends (a backup on close, an export) asks for a repaint or two more.
        .with_max_steps(16)
        .with_size(size)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    harness_at(app, WINDOW)
}

/// A harness whose fonts are the app's: egui's and the system fallbacks.
fn harness_with_fonts(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        // A job that ends (a backup on close, an export) asks for a repaint or two more.
        .with_max_steps(16)
        .with_size(WINDOW)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    let plan = fonts::plan(&fonts::system_database(), &FontDefinitions::default());
    harness
        .ctx
        .set_fonts(fonts::with_fallbacks(FontDefinitions::default(), &plan));
    harness.run();
    harness
}

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

fn click_at(harness: &mut Harness<'_, AnnalsApp>, pos: Pos2) {
    harness.hover_at(pos);
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

fn press(harness: &mut Harness<'_, AnnalsApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

/// Text in every script the issue names, Russian included.
const SCRIPT_SAMPLES: &[(&str, &str)] = &[
    ("Korean", "김정은"),
    ("Chinese", "中文习近平"),
    ("Arabic", "العربية"),
    ("Hebrew", "עברית"),
    ("Russian", "Путин"),
];

fn font_coverage(ctx: &egui::Context, text: &str) -> bool {
    ctx.fonts_mut(|f| f.has_glyphs(&FontId::new(14.0, FontFamily::Proportional), text))
}

// ---------------------------------------------------------------- fonts

#[test]
fn the_system_fonts_give_korean_chinese_arabic_and_hebrew_glyphs() {
    // CI installs DejaVu (Latin, Cyrillic, Arabic, Hebrew) and WenQuanYi
    // Micro Hei (Chinese, Korean): with egui's own fonts alone, these are
    // boxes.
    let bare = egui::Context::default();
    let mut output = bare.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    assert!(
        !font_coverage(&bare, "김정은"),
        "egui's own fonts have no Hangul: the test would prove nothing"
    );
    let mut harness = harness(app_with(&[]));
    let plan = fonts::plan(&fonts::system_database(), &FontDefinitions::default());
    harness
        .ctx
        .set_fonts(fonts::with_fallbacks(FontDefinitions::default(), &plan));
    harness.run();
    for (script, text) in SCRIPT_SAMPLES {
        assert!(
            font_coverage(&harness.ctx, text),
            "{script} ({text}) has no glyphs; chosen: {:?}",
            plan.chosen
        );
    }
    // The monospace family falls back the same way.
    assert!(
        harness
            .ctx
            .fonts_mut(|f| f.has_glyphs(&FontId::monospace(14.0), "김정은"))
    );
    // One CJK font serves Chinese and Korean: it is added once.
    let cjk: Vec<_> = plan
        .chosen
        .iter()
        .filter(|c| c.scripts.contains(&"Korean") || c.scripts.contains(&"Chinese"))
        .collect();
    assert_eq!(cjk.len(), 1, "{cjk:?}");
    assert!(plan.covers("Korean") && plan.covers("Arabic") && plan.covers("Emoji"));
    // A Korean title is drawn (kittest panics on a missing glyph).
    harness.state_mut().apply(&Action::CreateEvent {
        fields: EventFields::new("김정은 visits Vladivostok", Date::parse("2019-04").unwrap()),
        excerpts: vec![],
    });
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Title");
    assert!(
        harness
            .query_all_by_label("김정은 visits Vladivostok")
            .count()
            >= 2,
        "list and timeline"
    );
}

#[test]
fn a_fake_font_folder_gives_what_it_holds_and_names_what_it_lacks() {
    let system = fonts::plan(&fonts::system_database(), &FontDefinitions::default());
    let korean = system
        .chosen
        .iter()
        .find(|c| c.scripts.contains(&"Korean"))
        .and_then(|c| c.path.clone())
        .expect("CI has a Korean font (fonts-wqy-microhei)");

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&korean, dir.path().join(korean.file_name().unwrap())).unwrap();
    // A broken font file is skipped, not a crash.
    std::fs::write(dir.path().join("broken.ttf"), b"not a font at all").unwrap();
    let mut db = fontdb::Database::new();
    db.load_fonts_dir(dir.path());
    let plan = fonts::plan(&db, &FontDefinitions::default());
    assert!(plan.covers("Korean"), "{plan:?}");
    assert!(plan.covers("Chinese"), "{plan:?}");
    assert_eq!(plan.chosen.len(), 1, "{plan:?}");
    // egui's own emoji font needs no system font.
    assert!(plan.built_in.contains(&"Emoji"));
    assert!(!plan.covers("Thai"));
    let notice = plan.notice().expect("Thai is missing");
    assert!(notice.contains("Thai"), "{notice}");
    assert!(!notice.contains("Korean"), "{notice}");

    // An empty folder: nothing found, and the notice says so once.
    let empty = tempfile::tempdir().unwrap();
    let mut db = fontdb::Database::new();
    db.load_fonts_dir(empty.path());
    let plan = fonts::plan(&db, &FontDefinitions::default());
    assert!(plan.chosen.is_empty());
    let notice = plan.notice().unwrap();
    assert!(
        notice.starts_with("No system font for Chinese, Japanese, Korean, Arabic"),
        "{notice}"
    );
    let mut app = app_with(&[]);
    app.notice(&notice);
    let harness = harness(app);
    harness.get_by_label_contains("No system font for Chinese");
}

// ------------------------------------------------------------- keyboard

#[test]
fn the_timeline_keys_work_after_clicking_the_timeline() {
    let mut harness = harness(app_with(&[
        ("Summit", "2023-09-13"),
        ("Launch", "2023-11-21"),
    ]));
    let lanes = harness.state().timeline().lanes_rect();
    // Empty space in the lanes, below the marks.
    click_at(
        &mut harness,
        Pos2::new(lanes.center().x, lanes.bottom() - 10.0),
    );
    // The pointer leaves the timeline: the focus alone must carry the keys.
    harness.hover_at(Pos2::new(5.0, 5.0));
    harness.run();
    let before = harness.state().timeline().view;
    press(&mut harness, Key::ArrowLeft);
    let panned = harness.state().timeline().view;
    assert!(
        panned.start < before.start,
        "← pans: {before:?} → {panned:?}"
    );
    press(&mut harness, Key::ArrowRight);
    press(&mut harness, Key::ArrowRight);
    assert!(
        harness.state().timeline().view.start > before.start,
        "→ pans back"
    );
    press(&mut harness, Key::Plus);
    assert!(
        harness.state().timeline().view.span < before.span,
        "+ zooms in"
    );
    press(&mut harness, Key::Minus);
    press(&mut harness, Key::Minus);
    assert!(
        harness.state().timeline().view.span > before.span,
        "− zooms out"
    );
    press(&mut harness, Key::F);
    harness.run();
    let fitted = harness.state().timeline().view;
    assert!(
        (fitted.span - before.span).abs() < before.span * 1e-6,
        "F fits again"
    );
    // Ctrl+F opens search, it is not Fit; T jumps to today.
    harness
        .state_mut()
        .timeline_mut()
        .view
        .zoom_around(fitted.center(), 4.0);
    let zoomed = harness.state().timeline().view;
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert_eq!(harness.state().timeline().view.span, zoomed.span);
    assert!(harness.state().search().is_open());
    press(&mut harness, Key::Escape);
    assert!(!harness.state().search().is_open());
    click_at(
        &mut harness,
        Pos2::new(lanes.center().x, lanes.bottom() - 10.0),
    );
    harness.hover_at(Pos2::new(5.0, 5.0));
    harness.run();
    press(&mut harness, Key::T);
    assert!(
        harness.state().timeline().view.start > zoomed.start,
        "T: today"
    );

    // Clicking an event keeps the keyboard on the timeline too.
    press(&mut harness, Key::F);
    harness.run();
    harness
        .get_all_by_role_and_label(Role::Button, "Summit")
        .find(|n| n.rect().min.x > lanes.min.x)
        .expect("the summit's mark")
        .click();
    harness.run();
    harness.hover_at(Pos2::new(5.0, 5.0));
    let before = harness.state().timeline().view;
    press(&mut harness, Key::ArrowLeft);
    assert!(harness.state().timeline().view.start < before.start);
}

#[test]
fn the_event_list_moves_with_arrows_and_opens_with_enter() {
    let mut harness = harness(app_with(&[
        ("Summit", "2023-09"),
        ("Launch", "2023-11"),
        ("Testimony", "2024-03"),
    ]));
    harness.get_all_by_label("Summit").next().unwrap().click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    let ids: Vec<_> = notebook.events.iter().map(|e| e.id).collect();
    assert_eq!(harness.state().selected(), Some(ids[0]));
    press(&mut harness, Key::ArrowDown);
    assert_eq!(harness.state().selected(), Some(ids[1]));
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::ArrowDown);
    assert_eq!(
        harness.state().selected(),
        Some(ids[2]),
        "stops at the last"
    );
    press(&mut harness, Key::ArrowUp);
    assert_eq!(harness.state().selected(), Some(ids[1]));
    press(&mut harness, Key::Enter);
    harness.run();
    let title = harness.get_by_role_and_label(Role::TextInput, "Title");
    assert!(
        title.is_focused(),
        "Enter opens the event: its title has the keyboard"
    );
    // Typing in the title: arrows belong to the field, not the list.
    press(&mut harness, Key::ArrowDown);
    assert_eq!(harness.state().selected(), Some(ids[1]));
}

#[test]
fn from_the_filter_the_arrows_reach_the_rows() {
    let mut harness = harness(app_with(&[("Summit", "2023-09"), ("Launch", "2023-11")]));
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("launch");
    harness.run();
    press(&mut harness, Key::ArrowDown);
    let launch = harness.state().notebook().unwrap().events[1].id;
    assert_eq!(harness.state().selected(), Some(launch));
}

#[test]
fn help_lists_every_key_the_timeline_and_list_included() {
    let mut harness = harness(app_with(&[("Summit", "2023-09")]));
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts").click();
    harness.run();
    for keys in [
        "Ctrl+O",
        "Ctrl+N",
        "Ctrl+Z",
        "Delete",
        "⬅ / ➡",
        "+ / −",
        "F",
        "T",
        "⬆ / ⬇",
        "Shift+⬅ / ➡",
    ] {
        assert!(
            harness.query_by_label(keys).is_some(),
            "Help ▸ Keyboard shortcuts lacks {keys}"
        );
    }
}

#[test]
fn ctrl_o_asks_for_a_notebook_and_enter_submits_the_path() {
    // SAFETY: every test in this file that reads it wants the in-app field.
    unsafe { std::env::set_var("ANNALS_NO_NATIVE_DIALOGS", "1") };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Other.annals");
    drop(Store::create(&path).unwrap());
    let mut harness = harness(app_with(&[("Summit", "2023-09")]));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    assert!(
        matches!(harness.state().dialog(), Some(Dialog::Path { .. })),
        "Ctrl+O asks for a notebook: {:?}",
        harness.state().dialog()
    );
    let field = harness
        .get_all_by_role(Role::TextInput)
        .last()
        .expect("the path field");
    field.type_text(path.to_str().unwrap());
    harness.run();
    press(&mut harness, Key::Enter);
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert_eq!(harness.state().path(), Some(path.as_path()));
}

#[test]
fn the_import_path_field_speaks_of_files_to_import() {
    use annals::ui::command::FilePurpose;
    assert!(FilePurpose::Import.path_hint().contains("import"));
    assert!(!FilePurpose::Import.path_hint().contains(".annals"));
    assert!(FilePurpose::Open.path_hint().ends_with(".annals"));
}

// --------------------------------------------------------- small windows

fn assert_usable(size: Vec2) {
    let mut app = app_with(&[
        ("Putin–Kim summit at Vostochny", "2023-09-13"),
        ("Spy satellite launch", "2023-11-21"),
    ]);
    let id = app.notebook().unwrap().events[0].id;
    app.push(annals::ui::Command::Select(Some(id)));
    let mut harness = harness_at(app, size);
    harness.run();
    let window = egui::Rect::from_min_size(Pos2::ZERO, size);
    std::fs::create_dir_all("shots").ok();
    harness
        .render()
        .unwrap()
        .save(format!("shots/kittest-{}-before.png", size.x))
        .ok();
    let lanes = harness.state().timeline().lanes_rect();
    assert!(
        lanes.width() >= 250.0 && lanes.height() >= 150.0,
        "{size:?}: the timeline is squeezed to {lanes:?}"
    );
    assert!(
        window.contains_rect(lanes),
        "{size:?}: {lanes:?} leaves the window"
    );
    let title = harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .rect();
    assert!(
        window.contains_rect(title),
        "{size:?}: the inspector's title {title:?}"
    );
    assert!(
        !title.intersects(lanes),
        "{size:?}: the inspector covers the timeline"
    );
    assert!(title.width() >= 100.0, "{size:?}: title field {title:?}");
    for button in ["Fit", "Today", "Legend"] {
        let rect = harness.get_by_label(button).rect();
        assert!(window.contains_rect(rect), "{size:?}: {button} at {rect:?}");
    }
    // The list still shows titles, not just dates.
    let row = harness
        .get_all_by_label("Spy satellite launch")
        .map(|n| n.rect())
        .find(|r| r.max.x < lanes.min.x)
        .expect("the list shows the title");
    assert!(row.width() >= 40.0, "{size:?}: the title column is {row:?}");
    // The side panels collapse from the View menu, and the timeline takes
    // the room.
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Inspector").click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    harness.run();
    assert_eq!(harness.state().panels_shown(), (true, false));
    let wider = harness.state().timeline().lanes_rect();
    std::fs::create_dir_all("shots").ok();
    harness
        .render()
        .unwrap()
        .save(format!("shots/kittest-{}.png", size.x))
        .ok();
    assert!(
        wider.width() > lanes.width() + 100.0,
        "{wider:?} vs {lanes:?}"
    );
}

#[test]
fn at_800_by_600_every_panel_is_usable() {
    assert_usable(Vec2::new(800.0, 600.0));
}

#[test]
fn at_1024_by_700_every_panel_is_usable() {
    assert_usable(Vec2::new(1024.0, 700.0));
}

// ----------------------------------------------------------------- forms

#[test]
fn a_bad_go_to_date_does_not_push_the_toolbar_away() {
    let mut harness = harness(app_with(&[("Summit", "2023-09")]));
    let fit = harness.get_by_label("Fit").rect();
    let field = harness.get_by_role_and_label(Role::TextInput, "Go to");
    field.focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Go to")
        .type_text("the thirty-third of Smarch, which is no date at all");
    harness.run();
    press(&mut harness, Key::Enter);
    harness.run();
    assert!(
        harness
            .get_all_by_role(Role::Label)
            .any(|n| n.rect().min.x > fit.max.x),
        "the message shows after the buttons"
    );
    assert_eq!(harness.get_by_label("Fit").rect(), fit, "Fit stayed put");
}

#[test]
fn the_inspector_does_not_jump_while_a_date_is_typed() {
    let mut harness = harness_at(app_with(&[]), Vec2::new(800.0, 600.0));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    let track_y = |h: &Harness<'_, AnnalsApp>| {
        h.get_by_role_and_label(Role::TextInput, "Track")
            .rect()
            .min
            .y
    };
    let empty = track_y(&harness);
    let date = harness.get_by_role_and_label(Role::TextInput, "Date");
    date.focus();
    harness.run();
    let mut seen = vec![empty];
    for typed in ["2023", "-1", "3-45", " or so, give or take a fortnight"] {
        harness
            .get_by_role_and_label(Role::TextInput, "Date")
            .type_text(typed);
        harness.run();
        seen.push(track_y(&harness));
    }
    assert!(
        seen.iter().all(|y| (*y - empty).abs() < 0.5),
        "the Track field moved: {seen:?}"
    );
}

#[test]
fn the_add_source_form_does_not_jump_when_it_becomes_valid() {
    let mut harness = harness_with_fonts(app_with(&[]));
    harness.state_mut().push(annals::ui::Command::AddSource);
    harness.run();
    let add =
        |h: &Harness<'_, AnnalsApp>| h.get_by_role_and_label(Role::Button, "Add source").rect();
    let before = add(&harness);
    let title = harness.get_by_role_and_label(Role::TextInput, "Title");
    title.focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("김정은 in Vostochny");
    harness.run();
    let text = harness.get_by_role_and_label(Role::MultilineTextInput, "Text");
    text.focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Text")
        .type_text("김정은 met Putin.");
    harness.run();
    assert!(
        !harness
            .get_by_role_and_label(Role::Button, "Add source")
            .accesskit_node()
            .is_disabled()
    );
    assert_eq!(add(&harness).min.y, before.min.y, "the buttons stayed put");
}

// -------------------------------------------------------------- first run

#[test]
fn the_first_run_opens_the_demo_in_its_own_notebook() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("data").join("Notebook.annals");
    let app = AnnalsApp::new(Startup::Default(own.clone()), Vec::new());
    let demo = dir.path().join("data").join("Demo.annals");
    assert_eq!(app.path(), Some(demo.as_path()));
    assert!(
        !app.notebook().unwrap().events.is_empty(),
        "the demo is filled"
    );
    // The researcher's own notebook exists and is clean.
    let store = Store::open(&own).unwrap();
    assert!(store.load().unwrap().events.is_empty());
    drop(store);
    assert_recent_has(&app, &own);

    // The welcome view offers both.
    let mut harness = harness(app);
    harness.state_mut().push(annals::ui::Command::Close);
    settle(&mut harness);
    harness.get_by_label("Open my notebook").click();
    harness.run();
    assert_eq!(harness.state().path(), Some(own.as_path()));
    harness.state_mut().push(annals::ui::Command::Close);
    settle(&mut harness);
    harness.get_by_label("Open the demo notebook").click();
    harness.run();
    assert_eq!(harness.state().path(), Some(demo.as_path()));

    // The next start opens the researcher's own notebook.
    let again = AnnalsApp::new(Startup::Default(own.clone()), Vec::new());
    assert_eq!(again.path(), Some(own.as_path()));
}

fn assert_recent_has(app: &AnnalsApp, path: &Path) {
    let path = path.canonicalize().unwrap();
    assert!(app.recent().contains(&path), "{:?}", app.recent());
}

// --------------------------------------------------------------- reader

#[test]
fn the_action_bar_shows_the_exact_quote_before_it_is_saved() {
    let mut harness = harness_with_fonts(app_with(&[]));
    let body = "김정은 met Putin. Officials warned before the launch in November.";
    harness
        .state_mut()
        .apply(&Action::CreateSource(annals::action::SourceFields {
            title: "김정은 in Vostochny".to_owned(),
            body: body.to_owned(),
            ..annals::action::SourceFields::default()
        }));
    harness.run();
    let quote = "the launch in November";
    let start = body[..body.find(quote).unwrap()].chars().count();
    let end = start + quote.chars().count();
    harness
        .state_mut()
        .source_view_mut()
        .reader_mut()
        .set_selection(start, end);
    harness.run();
    harness.get_by_label("“the launch in November”");
    harness.get_by_label("Save excerpt").click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    let excerpt = notebook.excerpts.first().unwrap();
    assert_eq!(excerpt.quote, quote);
}

// --------------------------------------------------------- track colours

#[test]
fn a_track_name_has_the_same_colour_in_every_notebook() {
    use annals::model::notebook::Colour;
    let colours = |names: &[&str]| {
        let mut store = Store::open_in_memory().unwrap();
        for name in names {
            let mut fields = EventFields::new(format!("In {name}"), Date::parse("2023").unwrap());
            fields.track = Some((*name).to_owned());
            store
                .apply(&Action::CreateEvent {
                    fields,
                    excerpts: vec![],
                })
                .unwrap();
        }
        let notebook = store.load().unwrap();
        notebook
            .tracks
            .iter()
            .map(|t| (t.name.clone(), t.colour))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    // Created in a different order, in different notebooks.
    let first = colours(&["Diplomacy", "Military", "Economy"]);
    let second = colours(&["Economy", "김정은 visits", "Military", "Diplomacy"]);
    for name in ["Diplomacy", "Military", "Economy"] {
        assert_eq!(first[name], second[name], "{name}");
    }
    // Stable across runs and builds: a fixed hash, not std's seeded one.
    assert_eq!(Colour::for_name("Diplomacy").hex(), "#d96a2b");
    assert_eq!(Colour::for_name("Military").hex(), "#c83e4d");
    assert_eq!(
        Colour::for_name(" diplomacy "),
        Colour::for_name("Diplomacy")
    );
    // A colour the user chose is kept.
    let mut store = Store::open_in_memory().unwrap();
    let chosen = Colour::rgb(0x12, 0x34, 0x56);
    store
        .apply(&Action::CreateTrack {
            name: "Diplomacy".into(),
            colour: Some(chosen),
        })
        .unwrap();
    assert_eq!(store.load().unwrap().tracks[0].colour, chosen);
}

// ---------------------------------------------------- state per notebook

#[test]
fn the_list_filter_belongs_to_its_notebook() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("A.annals"), dir.path().join("B.annals"));
    for (path, title) in [(&a, "Summit in A"), (&b, "Launch in B")] {
        let mut store = Store::create(path).unwrap();
        store
            .apply(&Action::CreateEvent {
                fields: EventFields::new(title, Date::parse("2023").unwrap()),
                excerpts: vec![],
            })
            .unwrap();
    }
    let mut harness = harness(AnnalsApp::new(Startup::Path(a.clone()), Vec::new()));
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("summit");
    harness.run();
    harness
        .state_mut()
        .push(annals::ui::Command::Open(b.clone()));
    harness.run();
    assert_eq!(harness.state().event_list().filter(), "");
    assert_eq!(
        harness.state().event_list().rows().len(),
        1,
        "B's event shows"
    );
    harness
        .state_mut()
        .push(annals::ui::Command::Open(a.clone()));
    harness.run();
    assert_eq!(harness.state().event_list().filter(), "summit");
}

#[test]
fn a_newly_opened_source_opens_at_its_top() {
    let long: String = (0..400)
        .map(|i| format!("Paragraph {i} of the long report on the summit.\n"))
        .collect();
    // Long enough to scroll too: a shared scroll offset would show its end.
    let short: String = std::iter::once("김정은 arrived in Vostochny.\n".to_owned())
        .chain((0..300).map(|i| format!("Hour {i} of the talks.\n")))
        .collect();
    let short = short.as_str();
    let mut store = Store::open_in_memory().unwrap();
    for (title, body) in [("Long report", long.as_str()), ("Second report", short)] {
        store
            .apply(&Action::CreateSource(annals::action::SourceFields {
                title: title.to_owned(),
                body: body.to_owned(),
                ..annals::action::SourceFields::default()
            }))
            .unwrap();
    }
    let app = AnnalsApp::with_store(store).unwrap();
    let (long_id, short_id) = {
        let n = app.notebook().unwrap();
        (n.sources[0].id, n.sources[1].id)
    };
    let mut harness = harness_with_fonts(app);
    // Cut an excerpt at the very start of the short note.
    harness.state_mut().apply(&Action::CreateExcerpt {
        range: annals::action::ExcerptRange {
            source: short_id,
            start: 0,
            end: 3,
        },
        events: vec![],
    });
    harness
        .state_mut()
        .push(annals::ui::Command::OpenSource(long_id));
    harness.run();
    let chars = long.chars().count();
    harness
        .state_mut()
        .source_view_mut()
        .reader_mut()
        .scroll_to(chars, None);
    for _ in 0..10 {
        harness.step();
    }
    harness.run();
    harness
        .state_mut()
        .push(annals::ui::Command::OpenSource(short_id));
    harness.run();
    assert!(
        harness.query_by_label("Excerpt: 김정은").is_some(),
        "the short note shows from its top"
    );
}
