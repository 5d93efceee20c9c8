//! The menu bar and the keyboard-shortcuts window.

use egui::{ThemePreference, Ui};

use super::command::{Command, FilePurpose};
use super::view::ChromeCtx;

/// Every keyboard shortcut, as listed in Help ▸ Keyboard shortcuts.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+N", "New event"),
    ("Enter", "Save the event being edited"),
    ("Escape", "Cancel the new event, or revert unsaved edits"),
    ("Delete", "Delete the selected event (undo brings it back)"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
];

/// The menu bar, and the shortcuts window it opens.
#[derive(Debug, Default)]
pub struct MenuBar {
    show_shortcuts: bool,
}

impl MenuBar {
    /// Draws the menu bar (and the shortcuts window when open).
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ChromeCtx<'_>, out: &mut Vec<Command>) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                file_menu(ui, ctx, out);
                edit_menu(ui, ctx, out);
                view_menu(ui);
                ui.menu_button("Help", |ui| {
                    if ui.button("Keyboard shortcuts").clicked() {
                        self.show_shortcuts = true;
                    }
                });
            });
        });
    }

    /// The Help ▸ Keyboard shortcuts window, drawn over the panels.
    pub fn shortcuts_window(&mut self, ui: &Ui) {
        if !self.show_shortcuts {
            return;
        }
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.show_shortcuts)
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
    }
}

fn file_menu(ui: &mut Ui, ctx: &ChromeCtx<'_>, out: &mut Vec<Command>) {
    ui.menu_button("File", |ui| {
        if ui.button("New notebook…").clicked() {
            out.push(Command::ChooseFile(FilePurpose::New));
        }
        if ui.button("Open…").clicked() {
            out.push(Command::ChooseFile(FilePurpose::Open));
        }
        ui.add_enabled_ui(!ctx.recent.is_empty(), |ui| {
            ui.menu_button("Open recent", |ui| {
                for path in ctx.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Command::Open(path.clone()));
                    }
                }
            });
        });
        if ui
            .add_enabled(ctx.open, egui::Button::new("Save a copy…"))
            .clicked()
        {
            out.push(Command::ChooseFile(FilePurpose::SaveCopy));
        }
        if ui
            .add_enabled(ctx.open, egui::Button::new("Export…"))
            .clicked()
        {
            out.push(Command::ShowExport);
        }
        if ui
            .add_enabled(ctx.open, egui::Button::new("Close"))
            .clicked()
        {
            out.push(Command::Close);
        }
    });
}

/// "Undo add event 'X'" when there is something to undo, else a disabled
/// "Undo".
fn history_button(ui: &mut Ui, verb: &str, label: Option<&str>, shortcut: &str) -> egui::Response {
    let text = label.map_or_else(|| verb.to_owned(), |l| format!("{verb} {l}"));
    ui.add_enabled(
        label.is_some(),
        egui::Button::new(text).shortcut_text(shortcut),
    )
}

fn edit_menu(ui: &mut Ui, ctx: &ChromeCtx<'_>, out: &mut Vec<Command>) {
    ui.menu_button("Edit", |ui| {
        if history_button(ui, "Undo", ctx.undo_label, "Ctrl+Z").clicked() {
            out.push(Command::Undo);
        }
        if history_button(ui, "Redo", ctx.redo_label, "Ctrl+Shift+Z").clicked() {
            out.push(Command::Redo);
        }
        ui.separator();
        if ui
            .add_enabled(
                ctx.open,
                egui::Button::new("New event").shortcut_text("Ctrl+N"),
            )
            .clicked()
        {
            out.push(Command::NewEvent { date: None });
        }
        if ui
            .add_enabled(
                ctx.selected.is_some(),
                egui::Button::new("Delete event").shortcut_text("Del"),
            )
            .clicked()
        {
            out.push(Command::DeleteSelected);
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
