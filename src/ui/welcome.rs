//! What the window shows when no notebook is open.

use egui::{RichText, Ui};

use super::command::{Command, FilePurpose};
use super::theme;
use super::view::ChromeCtx;

/// The welcome view: open or create a notebook, or pick a recent one.
#[derive(Debug, Default)]
pub struct Welcome;

impl Welcome {
    /// Draws the welcome view.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ChromeCtx<'_>, out: &mut Vec<Command>) {
        ui.vertical_centered(|ui| {
            ui.add_space(theme::SECTION_GAP_POINTS * 4.0);
            ui.heading("No notebook is open");
            ui.add_space(theme::SECTION_GAP_POINTS);
            if let Some(own) = ctx.default_path {
                if ui
                    .button("Open my notebook")
                    .on_hover_text(own.display().to_string())
                    .clicked()
                {
                    out.push(Command::Open(own.to_owned()));
                }
                if ui
                    .button("Open the demo notebook")
                    .on_hover_text("A finished example: events, sources, excerpts and notes")
                    .clicked()
                {
                    out.push(Command::OpenDemo);
                }
                ui.add_space(theme::SECTION_GAP_POINTS);
            }
            if ui.button("Open a notebook…").clicked() {
                out.push(Command::ChooseFile(FilePurpose::Open));
            }
            if ui.button("New notebook…").clicked() {
                out.push(Command::ChooseFile(FilePurpose::New));
            }
            if !ctx.recent.is_empty() {
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.label(RichText::new("Recent").color(ctx.theme.weak_text));
                for path in ctx.recent {
                    if ui.link(path.display().to_string()).clicked() {
                        out.push(Command::Open(path.clone()));
                    }
                }
            }
        });
    }
}
