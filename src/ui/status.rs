//! The status bar: what just happened, errors, and an Undo offer.

use egui::{RichText, Ui};

use super::command::Command;
use super::theme;
use super::view::ChromeCtx;

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

impl Status {
    /// Draws the status bar at the bottom of the window.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ChromeCtx<'_>, out: &mut Vec<Command>) {
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some((done, total)) = ctx.import_progress {
                    let fraction = done as f32 / total.max(1) as f32;
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(theme::PROGRESS_WIDTH_POINTS)
                            .text(format!("Importing {done} of {total}")),
                    );
                }
                if let Some((done, total)) = ctx.export_progress {
                    let fraction = done as f32 / total.max(1) as f32;
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(theme::PROGRESS_WIDTH_POINTS)
                            .text(format!("Exporting {done} of {total}")),
                    );
                    if ui.button("Cancel export").clicked() {
                        out.push(Command::CancelExport);
                    }
                }
                let text = RichText::new(&self.text);
                let text = if self.is_error() {
                    text.color(ctx.theme.error_text)
                } else {
                    text
                };
                ui.label(text);
                if self.undo {
                    ui.label("—");
                    if ui.link("Undo").clicked() {
                        out.push(Command::Undo);
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ctx.open
                        && let Some(evidence) = ctx.evidence
                    {
                        if ui
                            .link(RichText::new(evidence).color(ctx.theme.weak_text))
                            .on_hover_text("Open the Evidence window")
                            .clicked()
                        {
                            out.push(Command::ShowEvidence);
                        }
                        ui.label(RichText::new("·").color(ctx.theme.weak_text));
                    }
                    if ctx.open {
                        let n = ctx.event_count;
                        let plural = if n == 1 { "" } else { "s" };
                        let text = match ctx.shown_count {
                            Some(shown) => format!("{shown} of {n} event{plural} shown"),
                            None => format!("{n} event{plural}"),
                        };
                        ui.label(RichText::new(text).color(ctx.theme.weak_text));
                    }
                });
            });
        });
    }
}
