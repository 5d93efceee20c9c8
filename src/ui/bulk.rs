//! The inspector's place when several events are selected: what the
//! selection is, and the bulk actions on it — set the track, add or remove
//! a tag, delete — each one action (one undo step) over every event.

use std::collections::HashSet;

use egui::{RichText, Ui};

use super::command::Command;
use super::view::ViewCtx;
use crate::action::{Action, EventFields};
use crate::model::{EventId, Notebook};

/// The bulk panel's own state: the fields as typed.
#[derive(Debug, Default)]
pub struct BulkPanel {
    track: String,
    tag: String,
}

/// One step that edits every selected event with `change`; events it
/// leaves as they were are skipped. `None` when nothing would change.
pub fn edit_all(
    notebook: &Notebook,
    ids: &HashSet<EventId>,
    label: String,
    change: impl Fn(&mut EventFields),
) -> Option<Action> {
    let mut actions = Vec::new();
    for event in notebook.events.iter().filter(|e| ids.contains(&e.id)) {
        let before = EventFields::of(notebook, event);
        let mut after = before.clone();
        change(&mut after);
        if after != before {
            actions.push(Action::UpdateEvent {
                id: event.id,
                fields: after,
            });
        }
    }
    (!actions.is_empty()).then_some(Action::Batch { label, actions })
}

impl BulkPanel {
    /// Draws the panel for the selection in `ctx.multi`.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let notebook = ctx.notebook;
        let ids = ctx.multi;
        let n = ids.len();
        ui.heading(format!("{n} events selected"));
        ui.label(
            RichText::new("Ctrl+click adds or removes one, Shift+click a range, Ctrl+A all shown.")
                .color(ctx.theme.weak_text),
        );
        ui.add_space(super::theme::SECTION_GAP_POINTS);
        let mut action: Option<Action> = None;
        ui.horizontal(|ui| {
            let label = ui.label("Track");
            ui.add(
                egui::TextEdit::singleline(&mut self.track)
                    .hint_text("empty: No track")
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
            if ui.button("Set track").clicked() {
                let track = Some(self.track.trim().to_owned()).filter(|t| !t.is_empty());
                let label = format!(
                    "set track of {n} events to {}",
                    track
                        .as_deref()
                        .map_or("No track".to_owned(), |t| format!("'{t}'"))
                );
                action = edit_all(notebook, ids, label, |f| f.track.clone_from(&track));
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Tag");
            ui.add(egui::TextEdit::singleline(&mut self.tag).desired_width(160.0))
                .labelled_by(label.id);
            let tag = self.tag.trim().to_owned();
            let ok = !tag.is_empty();
            if ui.add_enabled(ok, egui::Button::new("Add tag")).clicked() {
                action = edit_all(notebook, ids, format!("tag {n} events '{tag}'"), |f| {
                    if !f.tags.contains(&tag) {
                        f.tags.push(tag.clone());
                    }
                });
            }
            if ui
                .add_enabled(ok, egui::Button::new("Remove tag"))
                .clicked()
            {
                action = edit_all(notebook, ids, format!("untag {n} events '{tag}'"), |f| {
                    f.tags.retain(|t| t != &tag);
                });
            }
        });
        ui.add_space(super::theme::SECTION_GAP_POINTS);
        ui.horizontal(|ui| {
            if ui.button(format!("Delete {n} events")).clicked() {
                let actions: Vec<Action> = notebook
                    .events
                    .iter()
                    .filter(|e| ids.contains(&e.id))
                    .map(|e| Action::DeleteEvent(e.id))
                    .collect();
                action = (!actions.is_empty()).then(|| Action::Batch {
                    label: format!("delete {n} events"),
                    actions,
                });
            }
            if ui.button("Clear selection").clicked() {
                out.push(Command::Select(None));
            }
        });
        if let Some(action) = action {
            out.push(Command::Apply(Box::new(action)));
        }
    }
}
