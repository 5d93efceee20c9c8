//! The menu bar and the keyboard-shortcuts window.

use egui::{ThemePreference, Ui};

use super::command::{Command, FilePurpose};
use super::view::ChromeCtx;

/// Every key the window answers, by where it works, as listed in Help ▸
/// Keyboard shortcuts: (where, keys, what).
pub const SHORTCUTS: &[(&str, &str, &str)] = &[
    ("Window", "Ctrl+O", "Open a notebook"),
    ("Window", "Ctrl+N", "New event"),
    ("Window", "Ctrl+Z", "Undo"),
    ("Window", "Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    (
        "Window",
        "Delete",
        "Delete the selected event (undo brings it back)",
    ),
    ("Window", "Ctrl+F", "Search the notebook"),
    (
        "Window",
        "Tab, Shift+Tab",
        "Move between fields and buttons",
    ),
    ("Inspector", "Enter", "Save the event being edited"),
    (
        "Inspector",
        "Escape",
        "Cancel the new event, or revert unsaved edits",
    ),
    (
        "Event list",
        "⬆ / ⬇",
        "Select the previous / next event (after clicking a row or in the filter)",
    ),
    (
        "Event list",
        "Ctrl+click, Shift+click, Ctrl+A",
        "Select several events: one more, a range, every row shown",
    ),
    (
        "Event list",
        "Enter",
        "Edit the selected event: its title takes the keyboard",
    ),
    (
        "Timeline",
        "⬅ / ➡",
        "Pan (after clicking the timeline, or under the pointer)",
    ),
    ("Timeline", "+ / −", "Zoom in / out"),
    ("Timeline", "F", "Fit: show every event"),
    ("Timeline", "T", "Today"),
    ("Timeline", "Wheel, pinch", "Zoom around the pointer"),
    ("Timeline", "Drag", "Pan"),
    ("Timeline", "Double-click", "New event at that date"),
    (
        "Reader",
        "Drag",
        "Select whole words (Alt+drag: single characters)",
    ),
    ("Reader", "Double-click", "Select a word"),
    (
        "Reader",
        "Shift+⬅ / ➡",
        "Extend the selection by a character",
    ),
    (
        "Reader",
        "Ctrl+Shift+⬅ / ➡",
        "Extend the selection by a word",
    ),
    ("Reader", "Escape", "Drop the selection"),
];
/// The menu bar, the shortcuts window it opens, and which side panels
/// are shown (View ▸ Event list, View ▸ Inspector).
#[derive(Debug)]
pub struct MenuBar {
    show_shortcuts: bool,
    /// The left panel (events, sources, notes) is open.
    pub show_left: bool,
    /// The inspector is open.
    pub show_inspector: bool,
}

impl Default for MenuBar {
    fn default() -> Self {
        Self {
            show_shortcuts: false,
            show_left: true,
            show_inspector: true,
        }
    }
}

impl MenuBar {
    /// Draws the menu bar (and the shortcuts window when open).
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ChromeCtx<'_>, out: &mut Vec<Command>) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                file_menu(ui, ctx, out);
                edit_menu(ui, ctx, out);
                view_menu(ui, &mut self.show_left, &mut self.show_inspector);
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
                egui::ScrollArea::vertical().show(ui, |ui| {
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        let mut section = "";
                        for (place, keys, what) in SHORTCUTS {
                            if *place == section {
                                ui.label("");
                            } else {
                                ui.label(egui::RichText::new(*place).weak());
                                section = place;
                            }
                            ui.strong(*keys);
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
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
            .add_enabled(ctx.open, egui::Button::new("Share a copy…"))
            .clicked()
        {
            out.push(Command::ShowShareCopy);
        }
        if ui
            .add_enabled(ctx.open, egui::Button::new("Backups…"))
            .clicked()
        {
            out.push(Command::ShowBackups);
        }
        if ui
            .add_enabled(ctx.open, egui::Button::new("Import…"))
            .on_hover_text("Events (CSV, TimelineJS), another notebook (JSON) or references (BibTeX, RIS, CSL-JSON)")
            .clicked()
        {
            out.push(Command::ShowImport(None));
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
                egui::Button::new("Search…").shortcut_text("Ctrl+F, or Ctrl+F twice in the reader"),
            )
            .clicked()
        {
            out.push(Command::OpenSearch);
        }
        if ui
            .add_enabled(ctx.open, egui::Button::new("Evidence…"))
            .on_hover_text(
                "Unsupported, single-source and disputed events, lost and unused excerpts, drift",
            )
            .clicked()
        {
            out.push(Command::ShowEvidence);
        }
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

fn view_menu(ui: &mut Ui, show_left: &mut bool, show_inspector: &mut bool) {
    ui.menu_button("View", |ui| {
        ui.checkbox(show_left, "Side panel (events, sources, notes)");
        ui.checkbox(show_inspector, "Inspector");
        ui.separator();
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
