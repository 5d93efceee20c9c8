//! The filter bar above the event list: words searched in the full-text
//! index, the filter's parts as removable chips, a menu to add tracks, tags,
//! a date range, evidence, precision and doubt, and the saved views. The
//! filter it edits applies to the list and the timeline alike (the app
//! holds it; this panel only asks for changes).

use egui::{RichText, Ui};

use super::command::Command;
use super::view::ViewCtx;
use crate::action::Action;
use crate::model::filter::{Evidence, Filter, PrecisionClass, Uncertainty};

/// Width of the range fields in the filter menu.
const RANGE_FIELD_POINTS: f32 = 120.0;

/// The filter bar's own state: what is being typed.
#[derive(Debug, Default)]
pub struct FilterBar {
    /// The words as typed; sent as the filter's text while typing.
    text: String,
    /// The range fields as typed; applied with their button.
    from: String,
    to: String,
    /// A saved view's name as typed.
    view_name: String,
    /// The role field as typed; applied with its button.
    role: String,
    /// The filter `text`, `from`, `to` and `role` were last synced from.
    synced: Option<Filter>,
}

impl FilterBar {
    /// Draws the bar. `filter` is the filter in force.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let filter = ctx.filter;
        if self.synced.as_ref() != Some(filter) {
            // The filter changed elsewhere (a chip, a view, a tag click).
            filter.text.clone_into(&mut self.text);
            self.from = filter.from.clone().unwrap_or_default();
            self.to = filter.to.clone().unwrap_or_default();
            self.role = filter.role.clone().unwrap_or_default();
            self.synced = Some(filter.clone());
        }
        ui.horizontal(|ui| {
            let label = ui.label("Show");
            // Buttons from the right, then the field takes what is left, so
            // the bar never widens its panel.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button("Views", |ui| self.views_menu(ui, ctx, out));
                ui.menu_button("+ Filter", |ui| self.menu(ui, ctx, out));
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.text)
                            .hint_text("words in titles, excerpts, notes")
                            .desired_width(ui.available_width()),
                    )
                    .labelled_by(label.id);
                if field.changed() {
                    let mut changed = filter.clone();
                    changed.text.clone_from(&self.text);
                    out.push(Command::SetFilter(changed));
                }
            });
        });
        let parts = filter.parts();
        if !parts.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for (part, label) in parts {
                    let chip = ui
                        .add(egui::Button::new(format!("{label}  ×")).corner_radius(8.0))
                        .on_hover_text("Remove this part of the filter");
                    if chip.clicked() {
                        let mut changed = filter.clone();
                        changed.remove(part);
                        out.push(Command::SetFilter(changed));
                    }
                }
                if ui.small_button("Clear").clicked() {
                    out.push(Command::SetFilter(Filter::default()));
                }
            });
        }
        if let Some(error) = ctx.filter_error {
            ui.label(RichText::new(error).color(ctx.theme.error_text));
        }
    }

    fn menu(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let notebook = ctx.notebook;
        let filter = ctx.filter;
        let mut changed = filter.clone();
        ui.set_min_width(220.0);
        ui.menu_button("Track", |ui| {
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for track in &notebook.tracks {
                        let mut on = changed.tracks.iter().any(|t| t == &track.name);
                        if ui.checkbox(&mut on, &track.name).changed() {
                            if on {
                                changed.tracks.push(track.name.clone());
                            } else {
                                changed.tracks.retain(|t| t != &track.name);
                            }
                        }
                    }
                    if notebook.tracks.is_empty() {
                        ui.label("No tracks yet");
                    }
                });
        });
        ui.menu_button("Tag", |ui| {
            ui.checkbox(&mut changed.all_tags, "Require all chosen tags");
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for tag in &notebook.tags {
                        let mut on = changed.tags.iter().any(|t| t == &tag.name);
                        if ui.checkbox(&mut on, &tag.name).changed() {
                            if on {
                                changed.tags.push(tag.name.clone());
                            } else {
                                changed.tags.retain(|t| t != &tag.name);
                            }
                        }
                    }
                    if notebook.tags.is_empty() {
                        ui.label("No tags yet");
                    }
                });
        });
        ui.menu_button("Date range", |ui| {
            egui::Grid::new("filter_range")
                .num_columns(2)
                .show(ui, |ui| {
                    ui.label("From");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.from)
                            .desired_width(RANGE_FIELD_POINTS)
                            .hint_text("2023"),
                    );
                    ui.end_row();
                    ui.label("To");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.to)
                            .desired_width(RANGE_FIELD_POINTS)
                            .hint_text("Nov 2023"),
                    );
                    ui.end_row();
                });
            ui.checkbox(&mut changed.fuzzy, "Widen uncertain dates (~ ? %)");
            if ui.button("Apply range").clicked() {
                changed.from = Some(self.from.trim().to_owned()).filter(|t| !t.is_empty());
                changed.to = Some(self.to.trim().to_owned()).filter(|t| !t.is_empty());
            }
        });
        ui.menu_button("People, places, organisations", |ui| {
            let cast = &notebook.entities;
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    // A filter names entities by name or alias, any case,
                    // as the store resolves them.
                    let names = |name: &String, id| cast.by_name(name).is_some_and(|e| e.id == id);
                    for entity in &cast.entities {
                        let mut on = changed.entities.iter().any(|n| names(n, entity.id));
                        let label = format!("{} · {}", entity.name, entity.kind);
                        if ui.checkbox(&mut on, label).changed() {
                            if on {
                                changed.entities.push(entity.name.clone());
                            } else {
                                changed.entities.retain(|n| !names(n, entity.id));
                            }
                        }
                    }
                    if cast.entities.is_empty() {
                        ui.label("No people, places or organisations yet");
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("In the role");
                ui.add(
                    egui::TextEdit::singleline(&mut self.role)
                        .desired_width(RANGE_FIELD_POINTS)
                        .hint_text("visitor"),
                )
                .labelled_by(label.id);
            });
            if ui.button("Apply role").clicked() {
                changed.role = Some(self.role.trim().to_owned()).filter(|r| !r.is_empty());
            }
        });
        ui.menu_button("Evidence", |ui| {
            for evidence in Evidence::ALL {
                let on = changed.evidence == Some(evidence);
                if ui.radio(on, evidence.label()).clicked() {
                    changed.evidence = if on { None } else { Some(evidence) };
                }
            }
        });
        ui.menu_button("Precision", |ui| {
            for class in PrecisionClass::ALL {
                toggle(ui, &mut changed.precision, class, class.label());
            }
        });
        ui.menu_button("Doubt", |ui| {
            for kind in Uncertainty::ALL {
                toggle(ui, &mut changed.uncertainty, kind, kind.label());
            }
        });
        if ui
            .add_enabled(
                ctx.open_source.is_some(),
                egui::Button::new("From the open source"),
            )
            .on_hover_text("Events with an excerpt from the source in the reader")
            .clicked()
        {
            changed.source = ctx.open_source.map(|s| s.id);
        }
        if changed != *filter {
            out.push(Command::SetFilter(changed));
        }
    }

    fn views_menu(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let notebook = ctx.notebook;
        ui.set_min_width(220.0);
        if notebook.views.is_empty() {
            ui.label(RichText::new("No saved views yet").color(ctx.theme.weak_text));
        }
        for view in &notebook.views {
            ui.horizontal(|ui| {
                if ui.button(&view.name).clicked() {
                    out.push(Command::SetFilter(view.filter.clone()));
                    if let Some(range) = view.range {
                        out.push(Command::ShowRange(range));
                    }
                    ui.close();
                }
                if ui
                    .small_button("×")
                    .on_hover_text("Delete this view")
                    .clicked()
                {
                    out.push(Command::Apply(Box::new(Action::DeleteView {
                        name: view.name.clone(),
                    })));
                }
            });
        }
        ui.separator();
        let label = ui.label("Save the current filter as");
        ui.horizontal(|ui| {
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.view_name)
                        .hint_text("view name")
                        .desired_width(140.0),
                )
                .labelled_by(label.id);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let save = ui.add_enabled(!self.view_name.trim().is_empty(), egui::Button::new("Save"));
            if (save.clicked() || enter) && !self.view_name.trim().is_empty() {
                out.push(Command::SaveView(self.view_name.trim().to_owned()));
                self.view_name.clear();
                ui.close();
            }
        });
    }
}

/// A checkbox that puts `value` in or out of `set`.
fn toggle<T: PartialEq + Copy>(ui: &mut Ui, set: &mut Vec<T>, value: T, label: &str) {
    let mut on = set.contains(&value);
    if ui.checkbox(&mut on, label).changed() {
        if on {
            set.push(value);
        } else {
            set.retain(|v| *v != value);
        }
    }
}
