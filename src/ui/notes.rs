//! Markdown notes on an event, a source or the notebook: rendered when read
//! (egui_commonmark), edited in place; a saved edit is one undoable action.

use egui::{RichText, Ui};
use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use super::command::Command;
use super::view::ViewCtx;
use crate::action::Action;
use crate::model::{NoteId, NoteOwner};

/// What is being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    /// An existing note.
    Note(NoteId),
    /// A new note for this owner.
    New(NoteOwner),
}

/// The notes of one owner at a time, with their editing state and the
/// markdown renderer's cache.
#[derive(Default)]
pub struct Notes {
    editing: Option<Editing>,
    buffer: String,
    cache: CommonMarkCache,
}

impl std::fmt::Debug for Notes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notes")
            .field("editing", &self.editing)
            .finish_non_exhaustive()
    }
}

impl Notes {
    /// Shows the notes of `owner`, with Add, Edit and Delete.
    pub(crate) fn ui(
        &mut self,
        ui: &mut Ui,
        ctx: &ViewCtx<'_>,
        owner: NoteOwner,
        out: &mut Vec<Command>,
    ) {
        let notes: Vec<_> = ctx.notebook.notes_of(owner).collect();
        for note in &notes {
            if self.editing == Some(Editing::Note(note.id)) {
                editor(ui, self, out);
                continue;
            }
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                CommonMarkViewer::new().show(ui, &mut self.cache, &note.body);
                ui.horizontal(|ui| {
                    if ui.small_button("Edit").clicked() {
                        self.editing = Some(Editing::Note(note.id));
                        self.buffer.clone_from(&note.body);
                    }
                    if ui.small_button("Delete").clicked() {
                        out.push(Command::Apply(Box::new(Action::DeleteNote(note.id))));
                    }
                });
            });
        }
        if self.editing == Some(Editing::New(owner)) {
            editor(ui, self, out);
        } else if ui.button("+ Add note").clicked() {
            self.editing = Some(Editing::New(owner));
            self.buffer.clear();
        }
        if notes.is_empty() && self.editing.is_none() {
            ui.label(
                RichText::new(
                    "No notes yet. Notes are markdown: **bold**, *italic*, lists, links.",
                )
                .color(ctx.theme.weak_text),
            );
        }
    }
}

/// The notes on the notebook as a whole: the left panel's Notes tab.
#[derive(Debug, Default)]
pub struct NotebookNotes {
    notes: Notes,
}

impl NotebookNotes {
    /// Draws the tab.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.label(
                    RichText::new("Notes on the notebook as a whole").color(ctx.theme.weak_text),
                );
                self.notes.ui(ui, ctx, NoteOwner::Notebook, out);
            });
    }
}

fn editor(ui: &mut Ui, state: &mut Notes, commands: &mut Vec<Command>) {
    let label = ui.label("Note (markdown)");
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut state.buffer)
                .desired_rows(5)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if state.buffer.is_empty() && !response.has_focus() {
        response.request_focus();
    }
    ui.horizontal(|ui| {
        let can_save = !state.buffer.trim().is_empty();
        if ui
            .add_enabled(can_save, egui::Button::new("Save note"))
            .clicked()
        {
            let action = match state.editing {
                Some(Editing::Note(id)) => Some(Action::UpdateNote {
                    id,
                    body: state.buffer.clone(),
                }),
                Some(Editing::New(owner)) => Some(Action::CreateNote {
                    owner,
                    body: state.buffer.clone(),
                }),
                None => None,
            };
            if let Some(action) = action {
                commands.push(Command::Apply(Box::new(action)));
            }
            state.editing = None;
        }
        if ui.button("Cancel").clicked() {
            state.editing = None;
        }
    });
}
