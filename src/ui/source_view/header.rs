//! The open source's header: what it is, its buttons and its notes; and
//! the editor that replaces the reader while its text is edited.

use egui::{RichText, Ui};

use super::super::command::Command;
use super::super::notes::Notes;
use super::super::view::ViewCtx;
use crate::action::{Action, SourceFields};
use crate::model::{NoteOwner, Source};

/// Title, facts, link, Edit text and Delete source, and the source's notes.
pub(super) fn header(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    (source, body): (&Source, &str),
    editing_text: &mut Option<String>,
    notes: &mut Notes,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.heading(&source.title);
    });
    ui.label(RichText::new(facts(source).join(" · ")).color(ctx.theme.weak_text));
    if !source.url.is_empty() {
        ui.hyperlink(&source.url);
    }

    ui.horizontal(|ui| {
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
    if source.encoding != "UTF-8" {
        facts.push(format!("decoded from {}", source.encoding));
    }
    facts.push(format!("{} characters", source.body_chars));
    facts
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
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_width(f32::INFINITY)
                    .desired_rows(30),
            );
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
