//! The Sources view: the notebook's sources, the form to paste one in, and
//! importing `.txt`, `.md` and `.html` files (from the file dialog or dropped
//! on the window), each file its own undoable action.

use std::collections::VecDeque;
use std::path::PathBuf;

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::app::{AnnalsApp, Command};
use super::dialogs::Dialog;
use super::theme;
use crate::action::{Action, SourceFields};
use crate::import;
use crate::model::date::Date;

/// The paste-in form for a new source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceForm {
    /// Title.
    pub title: String,
    /// Outlet.
    pub outlet: String,
    /// Author(s).
    pub author: String,
    /// URL.
    pub url: String,
    /// Publication date as typed.
    pub published: String,
    /// Access date as typed.
    pub accessed: String,
    /// The pasted text.
    pub text: String,
}

impl SourceForm {
    /// The action that adds the source, or what is wrong.
    ///
    /// # Errors
    /// A message for the user.
    pub fn action(&self) -> Result<Action, String> {
        if self.title.trim().is_empty() {
            return Err("the title is empty".to_owned());
        }
        if self.text.trim().is_empty() {
            return Err("paste the source's text".to_owned());
        }
        let date = |text: &str, what: &str| -> Result<Option<Date>, String> {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                Date::parse(text)
                    .map(Some)
                    .map_err(|e| format!("{what}: {e}"))
            }
        };
        Ok(Action::CreateSource(SourceFields {
            title: self.title.clone(),
            outlet: self.outlet.clone(),
            author: self.author.clone(),
            url: self.url.clone(),
            published: date(&self.published, "published")?,
            accessed: date(&self.accessed, "accessed")?,
            body: self.text.replace("\r\n", "\n"),
            encoding: "UTF-8".to_owned(),
        }))
    }
}

/// Files waiting to be imported, one per frame so the window stays live.
#[derive(Debug, Default)]
pub struct ImportQueue {
    pending: VecDeque<PathBuf>,
    total: usize,
    done: usize,
    messages: Vec<String>,
}

impl ImportQueue {
    /// Adds files to import.
    pub fn add(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        for path in paths {
            self.pending.push_back(path);
            self.total += 1;
        }
    }

    /// True while files are waiting.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        !self.pending.is_empty()
    }

    /// (files done, files in this batch).
    #[must_use]
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.total)
    }

    fn next(&mut self) -> Option<PathBuf> {
        let next = self.pending.pop_front();
        if next.is_some() {
            self.done += 1;
        }
        next
    }

    /// The summary of a finished batch (once), resetting the queue.
    pub fn finish(&mut self) -> Option<String> {
        if !self.pending.is_empty() || self.total == 0 {
            return None;
        }
        let summary = format!(
            "Imported {} of {} file(s). {}",
            self.total - self.failures(),
            self.total,
            self.messages.join(" ")
        );
        *self = Self::default();
        Some(summary.trim().to_owned())
    }

    fn failures(&self) -> usize {
        self.messages
            .iter()
            .filter(|m| m.starts_with("Could not"))
            .count()
    }
}

/// Imports the next queued file (called once per frame while busy), and
/// reports the batch when it is done.
pub fn import_next(app: &mut AnnalsApp) {
    let Some(path) = app.imports.next() else {
        return;
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let result = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| import::import_bytes(Some(&path), &bytes).map_err(|e| e.to_string()));
    match result {
        Ok(imported) => {
            if let Some(notice) = &imported.notice {
                app.imports.messages.push(format!("{name}: {notice}."));
            }
            let title = imported.title.clone().unwrap_or_else(|| {
                path.file_stem()
                    .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned())
            });
            app.apply(&Action::CreateSource(SourceFields {
                title,
                body: imported.text,
                encoding: imported.encoding,
                ..SourceFields::default()
            }));
        }
        Err(e) => app
            .imports
            .messages
            .push(format!("Could not import {name}: {e}.")),
    }
}

/// Draws the sources list.
pub fn show(app: &mut AnnalsApp, ui: &mut Ui) {
    let Some(session) = &app.session else {
        return;
    };
    let notebook = &session.notebook;
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        if ui
            .button("+ Add source")
            .on_hover_text("Paste a text in")
            .clicked()
        {
            commands.push(Command::Show(Dialog::AddSource(Box::default())));
        }
        if ui
            .button("Import files…")
            .on_hover_text(".txt, .md or .html — or drop files on the window")
            .clicked()
        {
            commands.push(Command::ChooseImports);
        }
    });
    if notebook.sources.is_empty() {
        ui.label(
            RichText::new("No sources yet. Paste one in with Add source, or drop .txt, .md or .html files here.")
                .color(theme::weak_text(ui)),
        );
    }
    ui.style_mut().interaction.selectable_labels = false;
    let open = app.reader.as_ref().map(|r| r.id);
    TableBuilder::new(ui)
        .striped(true)
        .sense(Sense::click())
        .column(
            Column::remainder()
                .at_least(theme::NAME_COLUMN_POINTS)
                .clip(true),
        )
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
    for command in commands {
        app.push(command);
    }
}

/// The Add source form, in a modal; returns (add, cancel).
pub fn form(ui: &mut Ui, form: &mut SourceForm) -> (bool, bool) {
    ui.heading("Add a source");
    let field = |ui: &mut Ui, label: &str, text: &mut String, hint: &str| {
        let label = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    };
    egui::Grid::new("source_form")
        .num_columns(2)
        .show(ui, |ui| {
            field(ui, "Title", &mut form.title, "Headline or document name");
            ui.end_row();
            field(ui, "Outlet", &mut form.outlet, "Newspaper, agency, archive");
            ui.end_row();
            field(ui, "Author", &mut form.author, "");
            ui.end_row();
            field(ui, "URL", &mut form.url, "https://…");
            ui.end_row();
            field(ui, "Published", &mut form.published, "e.g. 12 June 2024");
            ui.end_row();
            ui.label("");
            date_feedback(ui, &form.published);
            ui.end_row();
            field(ui, "Accessed", &mut form.accessed, "when you read it");
            ui.end_row();
            ui.label("");
            date_feedback(ui, &form.accessed);
            ui.end_row();
        });
    let label = ui.label("Text");
    egui::ScrollArea::vertical()
        .max_height(theme::FORM_TEXT_HEIGHT_POINTS)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut form.text)
                    .hint_text("Paste the article or document here")
                    .desired_rows(10)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
    let action = form.action();
    if let Err(reason) = &action {
        ui.label(RichText::new(reason).color(theme::weak_text(ui)));
    }
    ui.horizontal(|ui| {
        let add = ui
            .add_enabled(action.is_ok(), egui::Button::new("Add source"))
            .clicked();
        let cancel = ui.button("Cancel").clicked();
        (add, cancel)
    })
    .inner
}

/// Live feedback under a date field: how it reads, or what is wrong.
pub fn date_feedback(ui: &mut Ui, text: &str) {
    if text.trim().is_empty() {
        ui.label("");
        return;
    }
    match Date::parse(text) {
        Ok(date) => ui.label(
            RichText::new(format!(
                "✔ {} · {} precision",
                date.display(),
                date.precision()
            ))
            .color(theme::ok_text(ui)),
        ),
        Err(e) => ui.label(RichText::new(e.to_string()).color(theme::error_text(ui))),
    };
}
