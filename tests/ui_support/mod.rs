//! Helpers shared by the window's kittest suites. Each suite uses some of
//! them, so the ones a suite leaves unused are not dead code.
#![allow(dead_code)]

use annals::ui::AnnalsApp;
use egui::Vec2;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// Window size the suites run at.
pub const WINDOW: Vec2 = Vec2::new(1400.0, 860.0);

/// A harness over `app` at [`WINDOW`], after its first frames.
pub fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        // A job that ends (a backup on close, an export) asks for a repaint or two more.
        .with_max_steps(16)
        .with_size(WINDOW)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

/// Runs frames until the file work (backups, copies) is done: its end asks
/// for a repaint, so a plain `run` could see more frames than it allows.
pub fn settle(harness: &mut Harness<'_, AnnalsApp>) {
    for _ in 0..1000 {
        harness.step();
        if harness.state().file_work_running() == 0 {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the file work never finished");
}

/// Clicks the first node with this label (the event list comes first).
pub fn click(harness: &mut Harness<'_, AnnalsApp>, label: &str) {
    harness
        .get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no node labelled {label:?}"))
        .click();
    harness.run();
}

/// Clicks the button with this label (where a label of the same text exists too).
pub fn click_button(harness: &mut Harness<'_, AnnalsApp>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    harness.run();
}

/// Focuses the text field labelled `field` and types `text` where its cursor is.
pub fn type_into(harness: &mut Harness<'_, AnnalsApp>, field: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    harness.run();
}

/// Steps the app until the status bar says `what` (an export job runs on a
/// worker thread while frames go on).
pub fn wait_for_status(harness: &mut Harness<'_, AnnalsApp>, what: &str) -> String {
    for _ in 0..3000 {
        harness.step();
        let text = harness.state().status().text().to_owned();
        if text.contains(what) {
            return text;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!(
        "the status never said {what:?}: {:?}",
        harness.state().status().text()
    )
}

/// In the open export dialog: replaces the Path field's text with `target`,
/// clicks Export and waits until the status bar says it was exported;
/// returns what the status bar says.
pub fn export_to(harness: &mut Harness<'_, AnnalsApp>, target: &std::path::Path) -> String {
    type_into(harness, "Path", "");
    // The field starts with the notebook's folder: replace it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Path")
        .type_text(target.to_str().unwrap());
    harness.run();
    click_button(harness, "Export");
    wait_for_status(harness, "Exported")
}
