//! The Sources tab: the notebook's sources in a table; a click opens one in
//! the reader. Adding one (pasted in, or imported from files) is a command.

use egui::{RichText, Ui};
use egui_extras::Column;

use super::command::{Command, FilePurpose};
use super::theme;
use super::view::ViewCtx;
use crate::model::date::Date;

/// The Sources tab: the notebook's sources, a click opens one in the reader.
#[derive(Debug, Default)]
pub struct SourceList;

impl SourceList {
    /// Draws the list.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let notebook = ctx.notebook;
        let commands = out;
        ui.horizontal(|ui| {
            if ui
                .button("+ Add source")
                .on_hover_text("Paste a text in")
                .clicked()
            {
                commands.push(Command::AddSource);
            }
            if ui
                .button("Import files…")
                .on_hover_text(
                    ".txt, .md, .html, .pdf, .docx or .eml — or drop files on the window",
                )
                .clicked()
            {
                commands.push(Command::ChooseFile(FilePurpose::Import));
            }
        });
        if notebook.sources.is_empty() {
            ui.label(
            RichText::new("No sources yet. Paste one in with Add source, or drop .txt, .md, .html, .pdf, .docx or .eml files here.")
                .color(ctx.theme.weak_text),
        );
        }
        ui.style_mut().interaction.selectable_labels = false;
        let open = ctx.open_source.map(|s| s.id);
        theme::list_table(ui, theme::title_column())
            .column(
                Column::initial(theme::NAME_COLUMN_POINTS)
                    .clip(true)
                    .resizable(true),
            )
            .column(Column::initial(theme::NAME_COLUMN_POINTS).clip(true))
            .column(Column::exact(theme::COUNT_COLUMN_POINTS))
            .header(theme::LIST_ROW_HEIGHT_POINTS, |mut row| {
                row.col(|ui| {
                    ui.strong("Title");
                });
                row.col(|ui| {
                    ui.strong("Outlet");
                });
                row.col(|ui| {
                    ui.strong("Published");
                });
                row.col(|ui| {
                    ui.strong("✂");
                });
            })
            .body(|body| {
                body.rows(
                    theme::LIST_ROW_HEIGHT_POINTS,
                    notebook.sources.len(),
                    |mut row| {
                        let source = &notebook.sources[row.index()];
                        row.set_selected(open == Some(source.id));
                        row.col(|ui| {
                            ui.label(&source.title);
                        });
                        row.col(|ui| {
                            ui.label(&source.outlet);
                        });
                        row.col(|ui| {
                            ui.label(
                                source
                                    .published
                                    .as_ref()
                                    .map(Date::display)
                                    .unwrap_or_default(),
                            );
                        });
                        row.col(|ui| {
                            ui.label(notebook.excerpts_of_source(source.id).count().to_string());
                        });
                        if row.response().clicked() {
                            commands.push(Command::OpenSource(source.id));
                        }
                    },
                );
            });
    }
}
