//! The status bar: what just happened, errors, and an Undo offer.

use egui::{RichText, Ui};

use super::app::{AnnalsApp, Command};
use super::theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Kind {
    #[default]
    Info,
    Error,
}

/// The current status message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    text: String,
    kind: Kind,
    undo: bool,
}

impl Status {
    /// A neutral message.
    pub fn info(&mut self, text: impl Into<String>) {
        *self = Self {
            text: text.into(),
            kind: Kind::Info,
            undo: false,
        };
    }

    /// An error, shown in the error colour.
    pub fn error(&mut self, text: impl Into<String>) {
        *self = Self {
            text: text.into(),
            kind: Kind::Error,
            undo: false,
        };
    }

    /// A change that can be undone: "Deleted 'X' — Undo".
    pub fn offer_undo(&mut self, text: impl Into<String>) {
        *self = Self {
            text: text.into(),
            kind: Kind::Info,
            undo: true,
        };
    }

    /// The message text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the message is an error.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.kind == Kind::Error
    }
}

/// Draws the status bar at the bottom of the window.
pub fn status_bar(app: &mut AnnalsApp, ui: &mut Ui) {
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            if app.imports.is_busy() {
                let (done, total) = app.imports.progress();
                let fraction = done as f32 / total.max(1) as f32;
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(theme::PROGRESS_WIDTH_POINTS)
                        .text(format!("Importing {done} of {total}")),
                );
            }
            let text = RichText::new(&app.status.text);
            let text = if app.status.is_error() {
                text.color(theme::error_text(ui))
            } else {
                text
            };
            ui.label(text);
            if app.status.undo {
                ui.label("—");
                if ui.link("Undo").clicked() {
                    app.push(Command::Undo);
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(session) = &app.session {
                    let n = session.notebook.events.len();
                    ui.label(
                        RichText::new(format!("{n} event{}", if n == 1 { "" } else { "s" }))
                            .color(theme::weak_text(ui)),
                    );
                }
            });
        });
    });
}
