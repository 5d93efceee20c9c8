//! Markdown notes on an event, a source or the notebook: rendered when read
//! (egui_commonmark), edited in place; a saved edit is one undoable action.

use egui::{RichText, Ui};
use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use super::app::Command;
use super::theme;
use crate::action::Action;
use crate::model::{NoteId, NoteOwner, Notebook};

/// What is being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    /// An existing note.
    Note(NoteId),
    /// A new note for this owner.
    New(NoteOwner),
}

/// Editing state and the markdown renderer's cache.
#[derive(Default)]
pub struct NotesState {
    editing: Option<Editing>,
    buffer: String,
    cache: CommonMarkCache,
}

impl std::fmt::Debug for NotesState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotesState")
            .field("editing", &self.editing)
            .finish_non_exhaustive()
    }
}

impl NotesState {
    /// True while a note is being edited.
    #[must_use]
    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }
}

/// Shows the notes of `owner`, with Add, Edit and Delete.
pub fn notes(
    ui: &mut Ui,
    state: &mut NotesState,
    notebook: &Notebook,
    owner: NoteOwner,
    commands: &mut Vec<Command>,
) {
    let notes: Vec<_> = notebook.notes_of(owner).collect();
    for note in &notes {
        if state.editing == Some(Editing::Note(note.id)) {
            editor(ui, state, commands);
            continue;
        }
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            CommonMarkViewer::new().show(ui, &mut state.cache, &note.body);
            ui.horizontal(|ui| {
                if ui.small_button("Edit").clicked() {
                    state.editing = Some(Editing::Note(note.id));
                    state.buffer.clone_from(&note.body);
                }
                if ui.small_button("Delete").clicked() {
                    commands.push(Command::Apply(Box::new(Action::DeleteNote(note.id))));
                }
            });
        });
    }
    if state.editing == Some(Editing::New(owner)) {
        editor(ui, state, commands);
    } else if ui.button("+ Add note").clicked() {
        state.editing = Some(Editing::New(owner));
        state.buffer.clear();
    }
    if notes.is_empty() && state.editing.is_none() {
        ui.label(
            RichText::new("No notes yet. Notes are markdown: **bold**, *italic*, lists, links.")
                .color(theme::weak_text(ui)),
        );
    }
}

fn editor(ui: &mut Ui, state: &mut NotesState, commands: &mut Vec<Command>) {
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
