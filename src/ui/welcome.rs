//! What the window shows when no notebook is open.

use egui::{RichText, Ui};

use super::app::{AnnalsApp, Command};
use super::dialogs::FilePurpose;
use super::theme;

/// Draws the welcome view.
pub fn show(app: &mut AnnalsApp, ui: &mut Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(theme::SECTION_GAP_POINTS * 4.0);
        ui.heading("No notebook is open");
        ui.add_space(theme::SECTION_GAP_POINTS);
        if ui.button("Open a notebook…").clicked() {
            app.push(Command::ChooseFile(FilePurpose::Open));
        }
        if ui.button("New notebook…").clicked() {
            app.push(Command::ChooseFile(FilePurpose::New));
        }
        if !app.recent.is_empty() {
            ui.add_space(theme::SECTION_GAP_POINTS);
            ui.label(RichText::new("Recent").color(theme::weak_text(ui)));
            for path in app.recent.clone() {
                if ui.link(path.display().to_string()).clicked() {
                    app.push(Command::Open(path));
                }
            }
        }
    });
}
