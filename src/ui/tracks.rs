//! The Tracks tab: every track with its event count, to rename, recolour,
//! reorder, hide from the timeline and delete; every tag with its count, to
//! rename, merge into another, delete, or click to filter by. Each change is
//! one action (one undo step).

use egui::{Color32, RichText, Ui};

use super::command::Command;
use super::view::ViewCtx;
use crate::action::Action;
use crate::model::notebook::Colour;
use crate::model::{TagId, TrackId};

/// What is being renamed, and the name as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Renaming {
    Track(TrackId, String),
    Tag(TagId, String),
}

/// The Tracks tab's own state.
#[derive(Debug, Default)]
pub struct TracksPanel {
    renaming: Option<Renaming>,
}

fn colour32(c: Colour) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

impl TracksPanel {
    /// Draws the tab.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let notebook = ctx.notebook;
        let mut track_counts = std::collections::HashMap::new();
        let mut tag_counts = std::collections::HashMap::new();
        for event in &notebook.events {
            *track_counts.entry(event.track).or_insert(0_usize) += 1;
            for tag in &event.tags {
                *tag_counts.entry(*tag).or_insert(0_usize) += 1;
            }
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.strong("Tracks");
                if notebook.tracks.is_empty() {
                    ui.label(
                        RichText::new("No tracks yet: give an event a track in the inspector.")
                            .color(ctx.theme.weak_text),
                    );
                }
                let last = notebook.tracks.len().saturating_sub(1);
                for (i, track) in notebook.tracks.iter().enumerate() {
                    ui.horizontal(|ui| {
                        let mut rgb = [track.colour.r, track.colour.g, track.colour.b];
                        if ui
                            .color_edit_button_srgb(&mut rgb)
                            .on_hover_text("Colour")
                            .changed()
                        {
                            out.push(apply(Action::UpdateTrack {
                                id: track.id,
                                name: track.name.clone(),
                                colour: Colour::rgb(rgb[0], rgb[1], rgb[2]),
                            }));
                        }
                        match &mut self.renaming {
                            Some(Renaming::Track(id, name)) if *id == track.id => {
                                let field =
                                    ui.add(egui::TextEdit::singleline(name).desired_width(120.0));
                                field.request_focus();
                                if field.lost_focus() {
                                    if ui.input(|i| i.key_pressed(egui::Key::Enter))
                                        && name.trim() != track.name
                                    {
                                        out.push(apply(Action::UpdateTrack {
                                            id: track.id,
                                            name: name.trim().to_owned(),
                                            colour: track.colour,
                                        }));
                                    }
                                    self.renaming = None;
                                }
                            }
                            _ => {
                                let text = RichText::new(&track.name).color(colour32(track.colour));
                                let name = if track.hidden {
                                    text.strikethrough()
                                } else {
                                    text
                                };
                                if ui
                                    .add(egui::Label::new(name).sense(egui::Sense::click()))
                                    .on_hover_text("Double-click to rename")
                                    .double_clicked()
                                {
                                    self.renaming =
                                        Some(Renaming::Track(track.id, track.name.clone()));
                                }
                            }
                        }
                        ui.label(
                            RichText::new(
                                track_counts
                                    .get(&Some(track.id))
                                    .copied()
                                    .unwrap_or(0)
                                    .to_string(),
                            )
                            .color(ctx.theme.weak_text),
                        );
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui
                                .small_button("🗑")
                                .on_hover_text("Delete the track (its events move to No track)")
                                .clicked()
                            {
                                out.push(apply(Action::DeleteTrack(track.id)));
                            }
                            if ui
                                .add_enabled(i < last, egui::Button::new("⏷").small())
                                .on_hover_text("Move down")
                                .clicked()
                            {
                                out.push(apply(Action::MoveTrack {
                                    id: track.id,
                                    position: i + 1,
                                }));
                            }
                            if ui
                                .add_enabled(i > 0, egui::Button::new("⏶").small())
                                .on_hover_text("Move up")
                                .clicked()
                            {
                                out.push(apply(Action::MoveTrack {
                                    id: track.id,
                                    position: i - 1,
                                }));
                            }
                            let mut shown = !track.hidden;
                            if ui
                                .checkbox(&mut shown, "")
                                .on_hover_text("Show on the timeline")
                                .changed()
                            {
                                out.push(apply(Action::HideTrack {
                                    id: track.id,
                                    hidden: !shown,
                                }));
                            }
                            if ui
                                .small_button("Filter")
                                .on_hover_text("Show only this track's events")
                                .clicked()
                            {
                                let mut filter = ctx.filter.clone();
                                if !filter.tracks.contains(&track.name) {
                                    filter.tracks.push(track.name.clone());
                                }
                                out.push(Command::SetFilter(filter));
                            }
                        });
                    });
                }
                ui.add_space(super::theme::SECTION_GAP_POINTS);
                ui.strong("Tags");
                if notebook.tags.is_empty() {
                    ui.label(
                        RichText::new("No tags yet: add some in the inspector.")
                            .color(ctx.theme.weak_text),
                    );
                }
                for tag in &notebook.tags {
                    ui.horizontal(|ui| {
                        match &mut self.renaming {
                            Some(Renaming::Tag(id, name)) if *id == tag.id => {
                                let field =
                                    ui.add(egui::TextEdit::singleline(name).desired_width(120.0));
                                field.request_focus();
                                if field.lost_focus() {
                                    if ui.input(|i| i.key_pressed(egui::Key::Enter))
                                        && name.trim() != tag.name
                                    {
                                        out.push(apply(Action::RenameTag {
                                            id: tag.id,
                                            name: name.trim().to_owned(),
                                        }));
                                    }
                                    self.renaming = None;
                                }
                            }
                            _ => {
                                let chip = ui
                                    .add(
                                        egui::Label::new(format!("#{}", tag.name))
                                            .sense(egui::Sense::click()),
                                    )
                                    .on_hover_text(
                                        "Click to filter by this tag; double-click to rename",
                                    );
                                if chip.double_clicked() {
                                    self.renaming = Some(Renaming::Tag(tag.id, tag.name.clone()));
                                } else if chip.clicked() {
                                    let mut filter = ctx.filter.clone();
                                    if !filter.tags.contains(&tag.name) {
                                        filter.tags.push(tag.name.clone());
                                    }
                                    out.push(Command::SetFilter(filter));
                                }
                            }
                        }
                        ui.label(
                            RichText::new(
                                tag_counts.get(&tag.id).copied().unwrap_or(0).to_string(),
                            )
                            .color(ctx.theme.weak_text),
                        );
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui
                                .small_button("🗑")
                                .on_hover_text("Delete the tag from every event")
                                .clicked()
                            {
                                out.push(apply(Action::DeleteTag(tag.id)));
                            }
                            ui.menu_button("Merge into…", |ui| {
                                ui.label(
                                    RichText::new(format!(
                                        "Give #{}'s events this tag, then delete #{}:",
                                        tag.name, tag.name
                                    ))
                                    .color(ctx.theme.weak_text),
                                );
                                for other in notebook.tags.iter().filter(|t| t.id != tag.id) {
                                    if ui.button(format!("#{}", other.name)).clicked() {
                                        out.push(apply(Action::MergeTags {
                                            from: tag.id,
                                            into: other.id,
                                        }));
                                        ui.close();
                                    }
                                }
                            });
                        });
                    });
                }
            });
    }
}

fn apply(action: Action) -> Command {
    Command::Apply(Box::new(action))
}
