//! The menu bar and the keyboard-shortcuts window.

use egui::{ThemePreference, Ui};

use super::app::{AnnalsApp, Command};
use super::dialogs::FilePurpose;

/// Every keyboard shortcut, as listed in Help ▸ Keyboard shortcuts.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+N", "New event"),
    ("Enter", "Save the event being edited"),
    ("Escape", "Cancel the new event, or revert unsaved edits"),
    ("Delete", "Delete the selected event (undo brings it back)"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
];

/// Draws the menu bar.
pub fn menu_bar(app: &mut AnnalsApp, ui: &mut Ui) {
    egui::Panel::top("menu_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            file_menu(app, ui);
            edit_menu(app, ui);
            view_menu(ui);
            ui.menu_button("Help", |ui| {
                if ui.button("Keyboard shortcuts").clicked() {
                    app.show_shortcuts = true;
                }
            });
        });
    });
}

fn file_menu(app: &mut AnnalsApp, ui: &mut Ui) {
    ui.menu_button("File", |ui| {
        if ui.button("New notebook…").clicked() {
            app.push(Command::ChooseFile(FilePurpose::New));
        }
        if ui.button("Open…").clicked() {
            app.push(Command::ChooseFile(FilePurpose::Open));
        }
        ui.add_enabled_ui(!app.recent.is_empty(), |ui| {
            ui.menu_button("Open recent", |ui| {
                let recent = app.recent.clone();
                for path in recent {
                    if ui.button(path.display().to_string()).clicked() {
                        app.push(Command::Open(path));
                    }
                }
            });
        });
        let open = app.session.is_some();
        if ui
            .add_enabled(open, egui::Button::new("Save a copy…"))
            .clicked()
        {
            app.push(Command::ChooseFile(FilePurpose::SaveCopy));
        }
        if ui.add_enabled(open, egui::Button::new("Close")).clicked() {
            app.push(Command::Close);
        }
    });
}

fn edit_menu(app: &mut AnnalsApp, ui: &mut Ui) {
    ui.menu_button("Edit", |ui| {
        let (undo, redo) = app
            .session
            .as_ref()
            .map(|s| (s.undo_label.clone(), s.redo_label.clone()))
            .unwrap_or_default();
        let undo_text = undo.map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
        if ui
            .add_enabled(
                undo_text != "Undo",
                egui::Button::new(undo_text).shortcut_text("Ctrl+Z"),
            )
            .clicked()
        {
            app.push(Command::Undo);
        }
        let redo_text = redo.map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
        if ui
            .add_enabled(
                redo_text != "Redo",
                egui::Button::new(redo_text).shortcut_text("Ctrl+Shift+Z"),
            )
            .clicked()
        {
            app.push(Command::Redo);
        }
        ui.separator();
        let open = app.session.is_some();
        if ui
            .add_enabled(open, egui::Button::new("New event").shortcut_text("Ctrl+N"))
            .clicked()
        {
            app.push(Command::NewEvent { date: None });
        }
        if ui
            .add_enabled(
                app.selected.is_some(),
                egui::Button::new("Delete event").shortcut_text("Del"),
            )
            .clicked()
        {
            app.push(Command::DeleteSelected);
        }
    });
}

fn view_menu(ui: &mut Ui) {
    ui.menu_button("View", |ui| {
        let mut preference = ui.ctx().options(|o| o.theme_preference);
        let before = preference;
        ui.label("Theme");
        ui.radio_value(
            &mut preference,
            ThemePreference::System,
            "Follow the system",
        );
        ui.radio_value(&mut preference, ThemePreference::Light, "Light");
        ui.radio_value(&mut preference, ThemePreference::Dark, "Dark");
        if preference != before {
            ui.ctx().set_theme(preference);
        }
    });
}

/// The Help ▸ Keyboard shortcuts window.
pub fn shortcuts_window(app: &mut AnnalsApp, ui: &mut Ui) {
    let mut open = app.show_shortcuts;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (keys, what) in SHORTCUTS {
                    ui.strong(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
            });
        });
    app.show_shortcuts = open;
}
