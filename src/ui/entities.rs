//! People, places, organisations and links between events, in the
//! inspector and on an entity's own page (issue 18).
//!
//! The inspector's two sections edit the selected event's entities (with
//! completion of the names and aliases the notebook knows; a new name is
//! added as a new entity in the same step) and its links to other events
//! (picked by title). The entity page lists an entity's events in date
//! order over a small timeline, its excerpts and notes, and edits its
//! fields. Every change is one action.

use egui::{RichText, Ui};

use super::command::Command;
use super::theme;
use super::view::ViewCtx;
use crate::action::{Action, EntityFields};
use crate::model::date::Date;
use crate::model::entity::{
    Coordinates, Entity, KNOWN_KINDS, KNOWN_LINK_KINDS, link_heading, normalised_kind,
};
use crate::model::{EntityId, EventId, ExcerptId, Notebook};

/// Most completions listed under a name or title field.
const MAX_COMPLETIONS: usize = 6;

/// Width of the role field.
const ROLE_FIELD_POINTS: f32 = 90.0;

/// Height of the entity page's mini timeline.
const MINI_TIMELINE_POINTS: f32 = 28.0;

/// Radius of an event's dot on the mini timeline.
const MINI_DOT_POINTS: f32 = 3.5;

/// The inspector sections' state: what is being typed to add an entity or
/// a link to the event shown.
#[derive(Debug, Default)]
pub struct EventEntities {
    /// The event the typing is for (cleared when another is shown).
    event: Option<EventId>,
    name: String,
    role: String,
    kind: String,
    excerpt: Option<ExcerptId>,
    target_text: String,
    target: Option<EventId>,
    link_kind: String,
    link_excerpt: Option<ExcerptId>,
}

/// Entities whose name or an alias contains `typed` (case-insensitive),
/// those starting with it first.
#[must_use]
pub fn entity_completions<'a>(notebook: &'a Notebook, typed: &str) -> Vec<&'a Entity> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, &Entity)> = notebook
        .entities
        .entities
        .iter()
        .filter_map(|e| {
            let mut names = e.names().map(str::to_lowercase);
            let hit = names.find(|n| n.contains(&typed))?;
            Some((!hit.starts_with(&typed), e))
        })
        .collect();
    found.sort_by_key(|(later, _)| *later);
    found
        .into_iter()
        .take(MAX_COMPLETIONS)
        .map(|(_, e)| e)
        .collect()
}

/// Events whose title contains `typed` (case-insensitive), but `not`.
fn event_completions(notebook: &Notebook, typed: &str, not: EventId) -> Vec<EventId> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return Vec::new();
    }
    notebook
        .events
        .iter()
        .filter(|e| e.id != not && e.title.to_lowercase().contains(&typed))
        .take(MAX_COMPLETIONS)
        .map(|e| e.id)
        .collect()
}

/// A small combo of the excerpts that may be cited: the event's own.
fn excerpt_picker(
    ui: &mut Ui,
    id: &str,
    notebook: &Notebook,
    excerpts: &[ExcerptId],
    chosen: &mut Option<ExcerptId>,
) {
    let quote = |x: ExcerptId| {
        notebook.excerpt(x).map_or_else(String::new, |x| {
            crate::model::text::shortened(&x.quote, 40, crate::model::text::Cut::AnyChar)
        })
    };
    let shown = chosen.map_or_else(|| "no excerpt".to_owned(), |x| format!("“{}”", quote(x)));
    let label = ui.label("citing");
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(ui.available_width().min(theme::POPUP_MAX_WIDTH_POINTS))
        .show_ui(ui, |ui| {
            ui.selectable_value(chosen, None, "no excerpt");
            for x in excerpts {
                ui.selectable_value(chosen, Some(*x), format!("“{}”", quote(*x)));
            }
            // The sentence that asserts a link or a role is often another
            // one of the same article: offer the other excerpts of the
            // sources this event's excerpts come from (worked out only
            // while the list is open).
            let nearby = same_source_excerpts(notebook, excerpts);
            if !nearby.is_empty() {
                ui.separator();
                ui.label(RichText::new("From the same sources").weak());
                for x in nearby {
                    ui.selectable_value(chosen, Some(x), format!("“{}”", quote(x)));
                }
            }
        })
        .response
        .labelled_by(label.id);
}

/// Most excerpts "From the same sources" lists.
const NEARBY_EXCERPTS: usize = 100;

/// The other excerpts of the sources `own` are cut from, in text order
/// (at most [`NEARBY_EXCERPTS`]).
fn same_source_excerpts(notebook: &Notebook, own: &[ExcerptId]) -> Vec<ExcerptId> {
    let sources: std::collections::HashSet<_> = own
        .iter()
        .filter_map(|x| notebook.excerpt(*x).map(|x| x.source))
        .collect();
    let mut nearby: Vec<&crate::model::notebook::Excerpt> = notebook
        .excerpts
        .iter()
        .filter(|x| sources.contains(&x.source) && !own.contains(&x.id))
        .collect();
    nearby.sort_by_key(|x| (x.source, x.start));
    nearby.truncate(NEARBY_EXCERPTS);
    nearby.into_iter().map(|x| x.id).collect()
}

impl EventEntities {
    fn follow(&mut self, event: EventId) {
        if self.event != Some(event) {
            *self = Self {
                event: Some(event),
                kind: "person".to_owned(),
                link_kind: "causes".to_owned(),
                ..Self::default()
            };
        }
    }

    /// Draws the event's "People, places, organisations" and "Links".
    pub(crate) fn ui(
        &mut self,
        ui: &mut Ui,
        ctx: &ViewCtx<'_>,
        id: EventId,
        out: &mut Vec<Command>,
    ) {
        self.follow(id);
        let notebook = ctx.notebook;
        let Some(event) = notebook.event(id) else {
            return;
        };
        ui.add_space(theme::SECTION_GAP_POINTS);
        ui.separator();
        self.people(ui, ctx, id, &event.excerpts, out);
        ui.add_space(theme::SECTION_GAP_POINTS);
        ui.separator();
        self.links(ui, ctx, id, &event.excerpts, out);
    }

    fn people(
        &mut self,
        ui: &mut Ui,
        ctx: &ViewCtx<'_>,
        id: EventId,
        excerpts: &[ExcerptId],
        out: &mut Vec<Command>,
    ) {
        let (notebook, theme) = (ctx.notebook, ctx.theme);
        let cast = &notebook.entities;
        let roles: Vec<_> = cast.of_event(id).collect();
        ui.strong(format!("People, places, organisations ({})", roles.len()));
        for role in roles {
            let Some(entity) = cast.entity(role.entity) else {
                continue;
            };
            ui.horizontal_wrapped(|ui| {
                let name = ui.link(&entity.name).on_hover_text(format!(
                    "Open the page of {} ({})",
                    entity.name, entity.kind
                ));
                if name.clicked() {
                    out.push(Command::OpenEntity(entity.id));
                }
                let what = if role.role.is_empty() {
                    entity.kind.clone()
                } else {
                    format!("{} · {}", role.role, entity.kind)
                };
                ui.label(RichText::new(what).color(theme.weak_text));
                if let Some(x) = role.excerpt.and_then(|x| notebook.excerpt(x))
                    && icon_button(ui, "“ ”", format!("“{}” — open it in its source", x.quote))
                        .clicked()
                {
                    out.push(Command::OpenExcerpt(x.id));
                }
                if icon_button(ui, "×", format!("Take {} off this event", entity.name)).clicked() {
                    out.push(Command::Apply(Box::new(Action::Uninvolve {
                        event: id,
                        entity: entity.id,
                        role: Some(role.role.clone()),
                    })));
                }
            });
        }
        // Add: a name (completed from the names and aliases the notebook
        // knows), a role, and for a new name its kind.
        let mut add = false;
        ui.horizontal(|ui| {
            let label = ui.label("Add");
            let name = ui
                .add(
                    egui::TextEdit::singleline(&mut self.name)
                        .hint_text("name or alias")
                        .desired_width(ui.available_width() - ROLE_FIELD_POINTS - 8.0),
                )
                .labelled_by(label.id);
            add |= name.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let role_label = ui.label("as");
            let role = ui
                .add(
                    egui::TextEdit::singleline(&mut self.role)
                        .hint_text("role")
                        .desired_width(ROLE_FIELD_POINTS),
                )
                .labelled_by(role_label.id);
            add |= role.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        });
        let known = cast.by_name(&self.name).map(|e| e.id);
        let completions = entity_completions(notebook, &self.name);
        if known.is_none() {
            for entity in &completions {
                let also = entity
                    .aliases
                    .iter()
                    .find(|a| a.to_lowercase().contains(&self.name.trim().to_lowercase()))
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default();
                if ui
                    .selectable_label(false, format!("{}{also} · {}", entity.name, entity.kind))
                    .clicked()
                {
                    self.name.clone_from(&entity.name);
                }
            }
        }
        let new = known.is_none() && !self.name.trim().is_empty();
        ui.horizontal_wrapped(|ui| {
            if new {
                let label = ui.label(RichText::new("new").color(theme.weak_text));
                egui::ComboBox::from_id_salt("entity_kind")
                    .selected_text(self.kind.clone())
                    .show_ui(ui, |ui| {
                        for kind in KNOWN_KINDS {
                            ui.selectable_value(&mut self.kind, kind.to_owned(), kind);
                        }
                        for entity in &cast.entities {
                            if !KNOWN_KINDS.contains(&entity.kind.as_str()) {
                                ui.selectable_value(
                                    &mut self.kind,
                                    entity.kind.clone(),
                                    &entity.kind,
                                );
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.add(
                    egui::TextEdit::singleline(&mut self.kind)
                        .hint_text("or your own kind")
                        .desired_width(ROLE_FIELD_POINTS),
                );
            }
            excerpt_picker(ui, "entity_excerpt", notebook, excerpts, &mut self.excerpt);
            let can = !self.name.trim().is_empty();
            let button =
                ui.add_enabled(can, egui::Button::new(if new { "Add new" } else { "Add" }));
            add |= button.clicked();
            if add && can {
                let role = self.role.trim().to_owned();
                let action = match known {
                    Some(entity) => Action::Involve {
                        event: id,
                        entity,
                        role,
                        excerpt: self.excerpt,
                    },
                    None => Action::InvolveNew {
                        event: id,
                        fields: EntityFields::new(
                            normalised_kind(&self.kind).unwrap_or_else(|| "person".to_owned()),
                            self.name.trim(),
                        ),
                        role,
                        excerpt: self.excerpt,
                    },
                };
                out.push(Command::Apply(Box::new(action)));
                self.name.clear();
                self.role.clear();
                self.excerpt = None;
            }
        });
    }

    fn links(
        &mut self,
        ui: &mut Ui,
        ctx: &ViewCtx<'_>,
        id: EventId,
        excerpts: &[ExcerptId],
        out: &mut Vec<Command>,
    ) {
        let (notebook, theme) = (ctx.notebook, ctx.theme);
        let links: Vec<_> = notebook.entities.links_of(id).collect();
        ui.strong(format!("Links ({})", links.len()));
        let contains = links
            .iter()
            .filter(|l| l.kind == crate::timeline::brackets::PART_OF && l.to == id)
            .count();
        if contains > 0 {
            // Folding is the timeline's view, not the notebook's data.
            let (verb, hint) = if ctx.folds.is_folded(id) {
                (
                    "Unfold on the timeline",
                    "Draw the events it contains again",
                )
            } else {
                (
                    "Fold on the timeline",
                    "Draw it as one mark, without the events it contains",
                )
            };
            if ui
                .button(verb)
                .on_hover_text(format!(
                    "{hint} (or Space on the timeline with it selected)"
                ))
                .clicked()
            {
                out.push(Command::ToggleFold(id));
            }
        }
        for link in links {
            let out_going = link.from == id;
            let other = if out_going { link.to } else { link.from };
            let Some(other_event) = notebook.event(other) else {
                continue;
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(link_heading(&link.kind, out_going)).color(theme.weak_text));
                if ui
                    .link(&other_event.title)
                    .on_hover_text(format!("{} — go to it", other_event.date.display()))
                    .clicked()
                {
                    out.push(Command::Select(Some(other)));
                }
                if let Some(x) = link.excerpt.and_then(|x| notebook.excerpt(x))
                    && icon_button(ui, "“ ”", format!("“{}” — open it in its source", x.quote))
                        .clicked()
                {
                    out.push(Command::OpenExcerpt(x.id));
                }
                if icon_button(ui, "×", "Remove this link").clicked() {
                    out.push(Command::Apply(Box::new(Action::Unrelate {
                        from: link.from,
                        to: link.to,
                        kind: Some(link.kind.clone()),
                    })));
                }
            });
        }
        // Add a link: a kind, another event by its title, an excerpt.
        ui.horizontal(|ui| {
            let label = ui.label("This event");
            egui::ComboBox::from_id_salt("link_kind")
                .selected_text(self.link_kind.clone())
                .show_ui(ui, |ui| {
                    for kind in KNOWN_LINK_KINDS {
                        ui.selectable_value(&mut self.link_kind, kind.to_owned(), kind);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.add(
                egui::TextEdit::singleline(&mut self.link_kind)
                    .hint_text("or your own")
                    .desired_width(ROLE_FIELD_POINTS),
            );
        });
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.target_text)
                    .hint_text("the other event's title")
                    .desired_width(f32::INFINITY),
            )
            .on_hover_text("Link to another event: type part of its title");
        if field.changed() {
            self.target = None;
        }
        if self.target.is_none() {
            for other in event_completions(notebook, &self.target_text, id) {
                let Some(event) = notebook.event(other) else {
                    continue;
                };
                if ui
                    .selectable_label(false, format!("{} — {}", event.title, event.date.display()))
                    .clicked()
                {
                    self.target = Some(other);
                    self.target_text.clone_from(&event.title);
                }
            }
        }
        ui.horizontal_wrapped(|ui| {
            excerpt_picker(
                ui,
                "link_excerpt",
                notebook,
                excerpts,
                &mut self.link_excerpt,
            );
            let can = self.target.is_some() && !self.link_kind.trim().is_empty();
            if ui
                .add_enabled(can, egui::Button::new("Add link"))
                .on_disabled_hover_text("Pick the other event from the list under its title")
                .clicked()
                && let Some(to) = self.target
            {
                out.push(Command::Apply(Box::new(Action::Relate {
                    from: id,
                    to,
                    kind: self.link_kind.trim().to_owned(),
                    excerpt: self.link_excerpt,
                })));
                self.target = None;
                self.target_text.clear();
                self.link_excerpt = None;
            }
        });
    }
}

/// The editable text of an entity's fields on its page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct EntityForm {
    kind: String,
    name: String,
    aliases: String,
    description: String,
    dates: String,
    coordinates: String,
    notes: String,
}

impl EntityForm {
    fn of(entity: &Entity) -> Self {
        Self {
            kind: entity.kind.clone(),
            name: entity.name.clone(),
            aliases: entity.aliases.join(", "),
            description: entity.description.clone(),
            dates: entity
                .dates
                .as_ref()
                .map(super::inspector::editable_date)
                .unwrap_or_default(),
            coordinates: entity
                .coordinates
                .map(|c| c.to_string())
                .unwrap_or_default(),
            notes: entity.notes.clone(),
        }
    }

    /// The fields to save, or why they cannot be.
    fn fields(&self) -> Result<EntityFields, String> {
        let dates = match self.dates.trim() {
            "" => None,
            text => Some(Date::parse(text).map_err(|e| format!("dates: {e}"))?),
        };
        let coordinates =
            match self.coordinates.trim() {
                "" => None,
                text => Some(Coordinates::parse(text).ok_or_else(|| {
                    "coordinates: write “latitude, longitude” in degrees".to_owned()
                })?),
            };
        if self.name.trim().is_empty() {
            return Err("the name is empty".to_owned());
        }
        Ok(EntityFields {
            kind: self.kind.clone(),
            name: self.name.clone(),
            aliases: self
                .aliases
                .split(',')
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
                .collect(),
            description: self.description.clone(),
            dates,
            notes: self.notes.clone(),
            coordinates,
        })
    }
}

/// An entity's page: a window listing its events, excerpts and notes.
#[derive(Debug, Default)]
pub struct EntityPage {
    open: Option<EntityId>,
    form: EntityForm,
    original: EntityForm,
}

impl EntityPage {
    /// Opens the page of an entity.
    pub fn open(&mut self, notebook: &Notebook, id: EntityId) {
        if let Some(entity) = notebook.entities.entity(id) {
            self.open = Some(id);
            self.form = EntityForm::of(entity);
            self.original = self.form.clone();
        }
    }

    /// The entity whose page is open.
    #[must_use]
    pub fn shown(&self) -> Option<EntityId> {
        self.open
    }

    /// Draws the page (when open).
    #[allow(clippy::too_many_lines)] // One window: details, events, excerpts, notes, edit.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let Some(id) = self.open else {
            return;
        };
        let (notebook, theme) = (ctx.notebook, ctx.theme);
        let Some(entity) = notebook.entities.entity(id) else {
            self.open = None;
            return;
        };
        // Someone else's change (undo) shows unless the form is being edited.
        if self.form == self.original && EntityForm::of(entity) != self.original {
            self.form = EntityForm::of(entity);
            self.original = self.form.clone();
        }
        let mut open = true;
        egui::Window::new(format!("{} ({})", entity.name, entity.kind))
            .id(egui::Id::unique("entity_page"))
            .open(&mut open)
            .default_width(theme::FORM_DIALOG_WIDTH_POINTS)
            .vscroll(true)
            .show(ui.ctx(), |ui| {
                if !entity.aliases.is_empty() {
                    ui.label(format!("Also: {}", entity.aliases.join(", ")));
                }
                if let Some(d) = &entity.dates {
                    ui.label(format!("Dates: {}", d.display()));
                }
                if let Some(c) = entity.coordinates {
                    ui.label(format!("At {c}"));
                }
                if !entity.description.is_empty() {
                    ui.label(&entity.description);
                }
                let mut events: Vec<_> = notebook
                    .entities
                    .events_of(id)
                    .filter_map(|r| Some((notebook.event_position(r.event)?, r)))
                    .collect();
                events.sort_by_key(|(p, _)| *p);
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.horizontal(|ui| {
                    ui.strong(format!("Events ({})", events.len()));
                    if ui
                        .button("Show only these")
                        .on_hover_text("Filter the list and the timeline to this entity's events")
                        .clicked()
                    {
                        let mut filter = ctx.filter.clone();
                        if !filter.entities.contains(&entity.name) {
                            filter.entities.push(entity.name.clone());
                        }
                        out.push(Command::SetFilter(filter));
                    }
                });
                mini_timeline(ui, ctx, events.iter().map(|(p, _)| *p));
                for (position, role) in &events {
                    let event = &notebook.events[*position];
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(event.date.display()).color(theme.weak_text));
                        if ui.link(&event.title).clicked() {
                            out.push(Command::Select(Some(event.id)));
                        }
                        if !role.role.is_empty() {
                            ui.label(
                                RichText::new(format!("— {}", role.role)).color(theme.weak_text),
                            );
                        }
                    });
                }
                // Its excerpts: those its roles cite, then those of its
                // events that name it.
                let mut excerpts: Vec<ExcerptId> =
                    events.iter().filter_map(|(_, r)| r.excerpt).collect();
                let names: Vec<String> = entity.names().map(str::to_lowercase).collect();
                for (position, _) in &events {
                    for x in &notebook.events[*position].excerpts {
                        let names_it = notebook.excerpt(*x).is_some_and(|x| {
                            let quote = x.quote.to_lowercase();
                            names.iter().any(|n| quote.contains(n.as_str()))
                        });
                        if names_it {
                            excerpts.push(*x);
                        }
                    }
                }
                let mut seen = std::collections::HashSet::new();
                excerpts.retain(|x| seen.insert(*x));
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.strong(format!("Excerpts ({})", excerpts.len()));
                for x in excerpts.iter().filter_map(|x| notebook.excerpt(*x)) {
                    let source = notebook.source(x.source).map_or("", |s| s.title.as_str());
                    if ui
                        .add(
                            egui::Label::new(
                                RichText::new(format!("“{}” — {source}", x.quote)).italics(),
                            )
                            .sense(egui::Sense::click()),
                        )
                        .on_hover_text("Open the source at this passage")
                        .clicked()
                    {
                        out.push(Command::OpenExcerpt(x.id));
                    }
                }
                let sources: Vec<_> = notebook.entities.of_source_entity(id).collect();
                if !sources.is_empty() {
                    ui.add_space(theme::SECTION_GAP_POINTS);
                    ui.strong(format!("Sources ({})", sources.len()));
                    for s in sources {
                        if let Some(source) = notebook.source(s.source) {
                            ui.horizontal(|ui| {
                                if ui.link(&source.title).clicked() {
                                    out.push(Command::OpenSource(source.id));
                                }
                                if !s.role.is_empty() {
                                    ui.label(RichText::new(&s.role).color(theme.weak_text));
                                }
                            });
                        }
                    }
                }
                let event_notes: Vec<_> = events
                    .iter()
                    .flat_map(|(p, _)| {
                        notebook.notes_of(crate::model::NoteOwner::Event(notebook.events[*p].id))
                    })
                    .collect();
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.strong("Notes");
                if !entity.notes.is_empty() {
                    ui.label(&entity.notes);
                }
                for note in event_notes {
                    ui.label(RichText::new(&note.body).color(theme.weak_text));
                }
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.collapsing("Edit", |ui| {
                    let f = &mut self.form;
                    for (label, text, hint) in [
                        ("Name", &mut f.name, ""),
                        (
                            "Kind",
                            &mut f.kind,
                            "person, organisation, place or your own",
                        ),
                        ("Aliases", &mut f.aliases, "comma, separated"),
                        ("Dates", &mut f.dates, "born, founded: any date"),
                        ("Coordinates", &mut f.coordinates, "latitude, longitude"),
                        ("Description", &mut f.description, ""),
                    ] {
                        let l = ui.label(label);
                        ui.add(
                            egui::TextEdit::singleline(text)
                                .hint_text(hint)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(l.id);
                    }
                    let l = ui.label("Entity notes");
                    ui.add(
                        egui::TextEdit::multiline(&mut f.notes)
                            .hint_text("Markdown")
                            .desired_rows(3)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                    let fields = self.form.fields();
                    if let Err(reason) = &fields {
                        ui.label(RichText::new(reason).color(theme.error_text));
                    }
                    ui.horizontal(|ui| {
                        let dirty = self.form != self.original;
                        if ui
                            .add_enabled(dirty && fields.is_ok(), egui::Button::new("Save entity"))
                            .clicked()
                            && let Ok(fields) = fields
                        {
                            out.push(Command::Apply(Box::new(Action::UpdateEntity {
                                id,
                                fields,
                            })));
                            self.original = self.form.clone();
                        }
                        if ui.add_enabled(dirty, egui::Button::new("Revert")).clicked() {
                            self.form = self.original.clone();
                        }
                        if ui.button("Delete entity").clicked() {
                            out.push(Command::Apply(Box::new(Action::DeleteEntity(id))));
                        }
                    });
                });
            });
        if !open {
            self.open = None;
        }
    }
}

/// A strip with a dot per event (positions in `Notebook::events`, in date
/// order) between the first and the last: when, and how bunched up.
fn mini_timeline(ui: &mut Ui, ctx: &ViewCtx<'_>, positions: impl Iterator<Item = usize>) {
    let notebook = ctx.notebook;
    let days: Vec<(i64, &str)> = positions
        .filter_map(|p| {
            let event = notebook.events.get(p)?;
            let bounds = event.date.bounds();
            Some((
                bounds.earliest.day().or(bounds.latest.day())?,
                event.title.as_str(),
            ))
        })
        .collect();
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return;
    };
    let (response, painter) = ui.allocate_painter(
        egui::vec2(ui.available_width(), MINI_TIMELINE_POINTS),
        egui::Sense::hover(),
    );
    let rect = response.rect.shrink(MINI_DOT_POINTS * 2.0);
    let y = rect.center().y;
    let stroke = ui.visuals().widgets.noninteractive.bg_stroke;
    painter.line_segment(
        [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
        stroke,
    );
    let span = (last.0 - first.0).max(1) as f32;
    let colour = ui.visuals().strong_text_color();
    for (day, _) in &days {
        let x = rect.left() + rect.width() * ((day - first.0) as f32 / span);
        painter.circle_filled(egui::pos2(x, y), MINI_DOT_POINTS, colour);
    }
    let font = egui::FontId::proportional(10.0);
    let weak = ctx.theme.weak_text;
    let label = |day: i64| crate::model::date::calendar::iso_from_day(day);
    painter.text(
        egui::pos2(rect.left(), response.rect.bottom()),
        egui::Align2::LEFT_BOTTOM,
        label(first.0),
        font.clone(),
        weak,
    );
    if last.0 != first.0 {
        painter.text(
            egui::pos2(rect.right(), response.rect.bottom()),
            egui::Align2::RIGHT_BOTTOM,
            label(last.0),
            font,
            weak,
        );
    }
}

/// A small button drawn as an icon ("×", "“ ”"), named for screen readers
/// and tests by what it does (its hover text), not by its glyph.
fn icon_button(ui: &mut Ui, icon: &str, what: impl Into<String>) -> egui::Response {
    let what = what.into();
    let response = ui.small_button(icon);
    let enabled = response.enabled();
    let name = what.clone();
    response.widget_info(move || egui::WidgetInfo::labeled(egui::Role::Button, enabled, &name));
    response.on_hover_text(what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_saves_only_what_reads() {
        let mut form = EntityForm {
            kind: "place".into(),
            name: "Vostochny".into(),
            aliases: "Восточный, , Cosmodrome".into(),
            coordinates: "51.88, 128.33".into(),
            ..EntityForm::default()
        };
        let fields = form.fields().unwrap();
        assert_eq!(fields.aliases, vec!["Восточный", "Cosmodrome"]);
        assert!(fields.coordinates.is_some());
        form.coordinates = "north".into();
        assert!(form.fields().unwrap_err().contains("latitude"));
        form.coordinates.clear();
        form.dates = "2023-02-30".into();
        assert!(form.fields().unwrap_err().contains("28 days"));
    }

    #[test]
    fn a_link_can_cite_another_excerpt_of_the_events_sources() {
        use crate::action::{Action, EventFields, ExcerptRange, SourceFields};
        let mut store = crate::store::Store::open_in_memory().unwrap();
        let body =
            "The leaders met in eastern Russia. Officials watched closely. Аналитики молчали.";
        for title in ["Article", "Other"] {
            store
                .apply(&Action::CreateSource(SourceFields {
                    title: title.into(),
                    body: body.into(),
                    ..SourceFields::default()
                }))
                .unwrap();
        }
        store
            .apply(&Action::CreateEvent {
                fields: EventFields::new("Summit", Date::parse("2023-09").unwrap()),
                excerpts: vec![],
            })
            .unwrap();
        let nb = store.load().unwrap();
        let (article, other, summit) = (nb.sources[0].id, nb.sources[1].id, nb.events[0].id);
        let cut = |store: &mut crate::store::Store, source, quote: &str, events| {
            let start = body[..body.find(quote).unwrap()].chars().count();
            store
                .apply(&Action::CreateExcerpt {
                    range: ExcerptRange {
                        source,
                        start,
                        end: start + quote.chars().count(),
                    },
                    events,
                })
                .unwrap();
        };
        cut(&mut store, article, "Аналитики молчали.", vec![]);
        cut(
            &mut store,
            article,
            "The leaders met in eastern Russia.",
            vec![summit],
        );
        cut(&mut store, article, "Officials watched closely.", vec![]);
        cut(&mut store, other, "Officials watched closely.", vec![]);
        let nb = store.load().unwrap();
        let own = &nb.event(summit).unwrap().excerpts;
        let quotes: Vec<&str> = same_source_excerpts(&nb, own)
            .iter()
            .map(|x| nb.excerpt(*x).unwrap().quote.as_str())
            .collect();
        // The article's other two, in text order; not the other source's.
        assert_eq!(quotes, ["Officials watched closely.", "Аналитики молчали."]);
        assert!(same_source_excerpts(&nb, &[]).is_empty());
    }
}

/// Underline ids at and above this are mentions of entities (below are the
/// date suggestions' indexes, which never come near it).
pub const MENTION_UNDERLINE_BASE: usize = 1 << 40;

/// The mentions of known entities in the open source, found once per
/// source and change of the notebook (not every frame).
#[derive(Debug, Default)]
pub struct Mentions {
    found: Option<(
        (crate::model::SourceId, u64),
        Vec<crate::model::entity::Mention>,
    )>,
}

impl Mentions {
    /// The underlines of the entities mentioned in `body`.
    pub fn underlines(
        &mut self,
        ctx: &ViewCtx<'_>,
        source: crate::model::SourceId,
        body: &str,
    ) -> Vec<super::reader::Underline> {
        let key = (source, ctx.generation);
        if self.found.as_ref().is_none_or(|(k, _)| *k != key) {
            let found = crate::model::entity::mentions(body, &ctx.notebook.entities.entities);
            self.found = Some((key, found));
        }
        let Some((_, found)) = &self.found else {
            return Vec::new();
        };
        found
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let entity = ctx.notebook.entities.entity(m.entity)?;
                Some(super::reader::Underline {
                    start: m.start,
                    end: m.end,
                    id: MENTION_UNDERLINE_BASE + i,
                    hover: format!(
                        "{} ({}) — click to add to an event",
                        entity.name, entity.kind
                    ),
                })
            })
            .collect()
    }

    /// The entity of a clicked underline id, if it is a mention.
    #[must_use]
    pub fn entity_of(&self, id: usize) -> Option<EntityId> {
        let i = id.checked_sub(MENTION_UNDERLINE_BASE)?;
        self.found.as_ref()?.1.get(i).map(|m| m.entity)
    }
}

/// The popup of a clicked mention: the entity, "add to" the selected event
/// in one click, and its page. Returns false once it should close.
pub(crate) fn mention_popup(
    ui: &Ui,
    ctx: &ViewCtx<'_>,
    id: EntityId,
    pos: egui::Pos2,
    out: &mut Vec<Command>,
) -> bool {
    let notebook = ctx.notebook;
    let Some(entity) = notebook.entities.entity(id) else {
        return false;
    };
    let mut keep = true;
    let area = egui::Area::new(egui::Id::unique(("mention_popup", id)))
        .fixed_pos(pos + egui::vec2(0.0, theme::POPUP_OFFSET_POINTS))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(theme::POPUP_MAX_WIDTH_POINTS);
                ui.strong(format!("{} ({})", entity.name, entity.kind));
                let count = notebook.entities.event_count(id);
                ui.label(
                    RichText::new(format!(
                        "On {count} event{}",
                        if count == 1 { "" } else { "s" }
                    ))
                    .color(ctx.theme.weak_text),
                );
                ui.horizontal_wrapped(|ui| {
                    let target = ctx.selected.and_then(|e| notebook.event(e));
                    let already = target
                        .is_some_and(|e| notebook.entities.of_event(e.id).any(|r| r.entity == id));
                    let label = target.map_or_else(
                        || "Add to event".to_owned(),
                        |e| format!("Add to “{}”", e.title),
                    );
                    let button = ui
                        .add_enabled(target.is_some() && !already, egui::Button::new(label))
                        .on_disabled_hover_text(if already {
                            "Already on the selected event"
                        } else {
                            "Select an event first (in the list or on the timeline)"
                        });
                    if button.clicked()
                        && let Some(event) = target
                    {
                        out.push(Command::Apply(Box::new(Action::Involve {
                            event: event.id,
                            entity: id,
                            role: String::new(),
                            excerpt: None,
                        })));
                        keep = false;
                    }
                    if ui.button("Open page").clicked() {
                        out.push(Command::OpenEntity(id));
                        keep = false;
                    }
                    if ui.button("Close").clicked() {
                        keep = false;
                    }
                });
            });
        });
    if area.response.clicked_elsewhere() {
        keep = false;
    }
    keep
}
