//! Markdown notes on an event, a source or the notebook: rendered when read
//! (egui_commonmark), edited in place; a saved edit is one undoable action.

use egui::{RichText, Ui};
use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use super::command::Command;
use super::view::ViewCtx;
use crate::action::Action;
use crate::model::{NoteId, NoteOwner};

/// What is being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Editing {
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
    /// The note's text when editing began ("" for a new note).
    original: String,
    cache: CommonMarkCache,
}

/// A note being typed, kept across a crash.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct NoteDraft {
    /// Which note, or a new one for which owner.
    pub editing: Editing,
    /// The text typed.
    pub body: String,
}

impl std::fmt::Debug for Notes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notes")
            .field("editing", &self.editing)
            .finish_non_exhaustive()
    }
}

impl Notes {
    /// The note being typed, if it differs from what is stored.
    #[must_use]
    pub fn draft(&self) -> Option<NoteDraft> {
        let editing = self.editing?;
        (self.buffer != self.original).then(|| NoteDraft {
            editing,
            body: self.buffer.clone(),
        })
    }

    /// True while a note is being typed.
    #[must_use]
    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    /// Closes the editor without saving (another notebook opens).
    pub fn reset(&mut self) {
        self.editing = None;
        self.buffer.clear();
        self.original.clear();
    }

    /// Opens the editor on a draft kept earlier.
    pub fn restore(&mut self, draft: NoteDraft, original: String) {
        self.editing = Some(draft.editing);
        self.buffer = draft.body;
        self.original = original;
    }

    /// The user moves on: the action that saves the note being typed (an
    /// empty one is not saved: a new note is dropped, an emptied one stays
    /// open), and the editor closes.
    pub fn move_on(&mut self) -> Option<Action> {
        let draft = self.draft()?;
        if draft.body.trim().is_empty() {
            if matches!(draft.editing, Editing::New(_)) {
                self.editing = None;
            }
            return None;
        }
        self.editing = None;
        Some(match draft.editing {
            Editing::Note(id) => Action::UpdateNote {
                id,
                body: draft.body,
            },
            Editing::New(owner) => Action::CreateNote {
                owner,
                body: draft.body,
            },
        })
    }

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
                        self.original.clone_from(&note.body);
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
            self.original.clear();
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
    /// The editor of the notebook's notes.
    pub fn notes_mut(&mut self) -> &mut Notes {
        &mut self.notes
    }

    /// The editor of the notebook's notes.
    #[must_use]
    pub fn notes(&self) -> &Notes {
        &self.notes
    }

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
