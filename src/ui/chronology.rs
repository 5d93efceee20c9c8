//! The centre view until the timeline: events in date order, by year.

use egui::{RichText, Ui};

use super::app::{AnnalsApp, Command};
use super::theme;

/// Draws the chronological list.
pub fn show(app: &mut AnnalsApp, ui: &mut Ui) {
    let Some(session) = &app.session else {
        return;
    };
    let notebook = &session.notebook;
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for event in &notebook.events {
                let selected = app.selected == Some(event.id);
                ui.horizontal(|ui| {
                    ui.label(RichText::new(event.date.display()).color(theme::weak_text(ui)));
                    if ui.selectable_label(selected, &event.title).clicked() {
                        clicked = Some(event.id);
                    }
                });
            }
        });
    if let Some(id) = clicked {
        app.push(Command::Select(Some(id)));
    }
}
