//! The open source's header: what it is, its buttons and its notes; and
//! the editor that replaces the reader while its text is edited.

use egui::{RichText, Ui};

use super::super::command::Command;
use super::super::notes::Notes;
use super::super::theme;
use super::super::view::ViewCtx;
use crate::action::{Action, SourceFields};
use crate::model::date::Date;
use crate::model::{NoteOwner, Source};

/// A source's details as typed in the header's Edit details form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct DetailsForm {
    /// Title.
    pub title: String,
    /// Outlet.
    pub outlet: String,
    /// Author(s).
    pub author: String,
    /// URL.
    pub url: String,
    /// Publication date as typed ("" for none).
    pub published: String,
    /// Access date as typed ("" for none).
    pub accessed: String,
}

impl DetailsForm {
    /// The form filled with a source's details as stored.
    #[must_use]
    pub fn of(source: &Source) -> Self {
        let date = |d: &Option<Date>| {
            d.as_ref()
                .map(crate::ui::inspector::editable_date)
                .unwrap_or_default()
        };
        Self {
            title: source.title.clone(),
            outlet: source.outlet.clone(),
            author: source.author.clone(),
            url: source.url.clone(),
            published: date(&source.published),
            accessed: date(&source.accessed),
        }
    }

    /// The action that saves the details (the text stays as it is), or
    /// what is wrong.
    ///
    /// # Errors
    /// A message for the user: an empty title or an unreadable date.
    pub fn action(&self, source: &Source, body: &str) -> Result<Action, String> {
        if self.title.trim().is_empty() {
            return Err("the title is empty".to_owned());
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
        Ok(Action::UpdateSource {
            id: source.id,
            fields: SourceFields {
                title: self.title.trim().to_owned(),
                outlet: self.outlet.trim().to_owned(),
                author: self.author.trim().to_owned(),
                url: self.url.trim().to_owned(),
                published: date(&self.published, "published")?,
                accessed: date(&self.accessed, "accessed")?,
                ..SourceFields::of(source, body.to_owned())
            },
        })
    }
}

/// Title, facts, link, Edit details, Edit text and Delete source, and the
/// source's notes.
pub(super) fn header(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    (source, body): (&Source, &str),
    (editing_text, editing_details): (&mut Option<String>, &mut Option<DetailsForm>),
    notes: &mut Notes,
    out: &mut Vec<Command>,
) {
    if let Some(form) = editing_details {
        if details_editor(ui, ctx, (source, body), form, out) {
            *editing_details = None;
        }
    } else {
        ui.horizontal_wrapped(|ui| {
            ui.heading(&source.title);
        });
        ui.label(RichText::new(facts(source).join(" · ")).color(ctx.theme.weak_text));
        if let Some(line) = original_file_line(source) {
            // Selectable, so the fingerprint can be copied and checked
            // against the file (`sha256sum FILE`).
            ui.add(
                egui::Label::new(RichText::new(line).color(ctx.theme.weak_text)).selectable(true),
            );
        }
        if let Some(line) = original_kept_line(source) {
            ui.horizontal(|ui| {
                ui.label(RichText::new(line).color(ctx.theme.weak_text));
                if ui
                    .button("Save original…")
                    .on_hover_text("Write the file, byte for byte, where you choose")
                    .clicked()
                {
                    out.push(Command::ChooseOriginalTarget(source.id));
                }
            });
        }
        if !source.url.is_empty() {
            ui.hyperlink(&source.url);
        }
    }

    ui.horizontal(|ui| {
        if editing_details.is_none()
            && ui
                .button("Edit details")
                .on_hover_text("Correct the title, outlet, author, URL and dates")
                .clicked()
        {
            *editing_details = Some(DetailsForm::of(source));
        }
        if editing_text.is_none()
            && ui
                .button("Edit text")
                .on_hover_text("Excerpts follow their quotes when the text changes")
                .clicked()
        {
            *editing_text = Some(body.to_owned());
        }
        if ui
            .button("Delete source")
            .on_hover_text("Its excerpts and notes go with it; undo brings them back")
            .clicked()
        {
            out.push(Command::Apply(Box::new(Action::DeleteSource(source.id))));
        }
    });
    egui::CollapsingHeader::new(format!(
        "Notes on this source ({})",
        ctx.notebook.notes_of(NoteOwner::Source(source.id)).count()
    ))
    .id_salt(("source_notes", source.id))
    .show(ui, |ui| {
        notes.ui(ui, ctx, NoteOwner::Source(source.id), out);
    });
}

/// The Edit details form in place of the title; returns true once saved
/// or cancelled. Enter in any field saves.
fn details_editor(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    (source, body): (&Source, &str),
    form: &mut DetailsForm,
    out: &mut Vec<Command>,
) -> bool {
    ui.strong("Source details");
    let mut enter = false;
    egui::Grid::new(("source_details", source.id))
        .num_columns(2)
        .show(ui, |ui| {
            let mut field = |ui: &mut Ui, label: &str, text: &mut String, hint: &str| {
                let label = ui.label(label);
                let response = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .hint_text(hint)
                            .desired_width(theme::DETAILS_FIELD_WIDTH_POINTS),
                    )
                    .labelled_by(label.id);
                enter |= response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.end_row();
            };
            field(ui, "Title", &mut form.title, "Headline or document name");
            field(ui, "Outlet", &mut form.outlet, "Newspaper, agency, archive");
            field(ui, "Author", &mut form.author, "");
            field(ui, "URL", &mut form.url, "https://…");
            field(ui, "Published", &mut form.published, "e.g. 12 June 2024");
            ui.label("");
            super::super::source_form::date_feedback(ui, &form.published, &ctx.theme);
            ui.end_row();
            field(ui, "Accessed", &mut form.accessed, "when you read it");
            ui.label("");
            super::super::source_form::date_feedback(ui, &form.accessed, &ctx.theme);
            ui.end_row();
        });
    let action = form.action(source, body);
    // The line is always there, so the buttons do not jump as you type.
    match &action {
        Err(reason) => ui.label(RichText::new(reason).color(ctx.theme.error_text)),
        Ok(_) => ui.label(""),
    };
    let (save, cancel) = ui
        .horizontal(|ui| {
            let save = ui
                .add_enabled(action.is_ok(), egui::Button::new("Save details"))
                .clicked();
            (save, ui.button("Cancel").clicked())
        })
        .inner;
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape)) && !ctx.modal;
    if (save || enter)
        && let Ok(action) = action
    {
        if *form != DetailsForm::of(source) {
            out.push(Command::Apply(Box::new(action)));
        }
        return true;
    }
    cancel || escape
}

/// What the header says about a source, in order.
fn facts(source: &Source) -> Vec<String> {
    let mut facts: Vec<String> = [&source.outlet, &source.author]
        .into_iter()
        .filter(|part| !part.is_empty())
        .cloned()
        .collect();
    if let Some(published) = &source.published {
        facts.push(format!("published {}", published.display()));
    }
    if let Some(accessed) = &source.accessed {
        facts.push(format!("read {}", accessed.display()));
    }
    match source.encoding.as_str() {
        "UTF-8" => {}
        // The readers of these formats name them; they are no text encoding.
        format @ ("PDF" | "DOCX" | "e-mail") => facts.push(format!("read from {format}")),
        encoding => facts.push(format!("decoded from {encoding}")),
    }
    match source.pages.len() {
        0 => {}
        1 => facts.push("1 page".to_owned()),
        n => facts.push(format!("{n} pages")),
    }
    facts.push(format!("{} characters", source.body_chars));
    facts
}

/// "File: report.pdf · 240 KB · imported 2026-12-02T08:30:00Z · SHA-256 …",
/// for a source read from a file.
pub(crate) fn original_file_line(source: &Source) -> Option<String> {
    let file = source.file.as_ref()?;
    let name = if file.name.is_empty() {
        "(standard input)"
    } else {
        file.name.as_str()
    };
    Some(format!(
        "File: {name} · {} · imported {} · SHA-256 {}",
        file.size(),
        file.imported,
        file.sha256
    ))
}

/// "Original kept in the notebook (2.3 MB)", for a source that keeps its
/// original file's bytes.
pub(crate) fn original_kept_line(source: &Source) -> Option<String> {
    let file = source.file.as_ref().filter(|_| source.original_kept)?;
    Some(format!("Original kept in the notebook ({})", file.size()))
}

/// The text being edited, in place of the reader; returns true once saved
/// or cancelled.
pub(super) fn text_editor(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    source: &Source,
    text: &mut String,
    out: &mut Vec<Command>,
) -> bool {
    ui.label(RichText::new("Editing the text. On save, every excerpt re-anchors by its quote; any whose quote is gone is marked lost.").color(ctx.theme.weak_text));
    let mut save = false;
    let mut cancel = false;
    ui.horizontal(|ui| {
        save = ui.button("Save text").clicked();
        cancel = ui.button("Cancel").clicked();
    });
    let label = ui.label("Source text");
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_width(f32::INFINITY)
                    .desired_rows(30),
            )
            .labelled_by(label.id);
        });
    if save {
        let fields = SourceFields::of(source, text.clone());
        out.push(Command::Apply(Box::new(Action::UpdateSource {
            id: source.id,
            fields,
        })));
    }
    save || cancel
}
