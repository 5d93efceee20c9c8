//! The inspector: the selected event's fields, edited in a buffer and saved
//! as one action (never one per keystroke), with live feedback on the date.

use egui::{RichText, Ui};

use super::command::Command;
use super::notes::Notes;
use super::theme;
use super::view::ViewCtx;
use crate::action::{Action, EventFields};
use crate::model::date::Date;
use crate::model::{EventId, NoteOwner, Notebook};

/// What the inspector is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Nothing selected.
    #[default]
    Empty,
    /// Creating a new event.
    Create,
    /// Editing an existing event.
    Edit(EventId),
}

/// The editable text of an event's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Fields {
    /// Title.
    pub title: String,
    /// Date as typed.
    pub date: String,
    /// Track name ("" for none).
    pub track: String,
    /// Tags, comma-separated.
    pub tags: String,
    /// Markdown description.
    pub description: String,
    /// IANA time zone ("" for none).
    pub time_zone: String,
}

/// Whose draft a kept buffer is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum DraftOf {
    /// The half-filled new event.
    New,
    /// Unsaved edits of this event.
    Event(EventId),
}

/// What became of the inspector's buffer when the user moved on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MovedOn {
    /// Nothing was typed: nothing to keep.
    Clean,
    /// The buffer is complete: this action saves it.
    Save(Box<Action>),
    /// The buffer does not validate: it is kept as a draft of its event,
    /// marked unsaved, for when the user comes back. Says why and what.
    Kept {
        /// The event's title as typed (or "new event").
        title: String,
        /// Why it could not be saved.
        reason: String,
    },
}

/// The inspector's state: the buffer being edited, the drafts kept of
/// other events, and the notes shown under it.
#[derive(Debug, Default)]
pub struct Inspector {
    mode: Mode,
    fields: Fields,
    original: Fields,
    focus_title: bool,
    hint: Option<String>,
    /// Drafts that could not be saved when the user moved on, by event.
    drafts: std::collections::BTreeMap<DraftOf, Fields>,
    /// The buffer came back from a kept or recovered draft.
    restored: bool,
    notes: Notes,
    /// Asserted dates being typed (issue 19).
    links: super::evidence_inspector::LinkEdits,
    /// The event's entities and links (issue 18).
    entities: super::entities::EventEntities,
}

/// The text to put in a date field for a stored date: its display text when
/// that reads back to the same date, else the EDTF.
#[must_use]
pub fn editable_date(date: &Date) -> String {
    let display = date.display();
    match Date::parse(&display) {
        Ok(read) if read == *date => display,
        _ => date.edtf().to_owned(),
    }
}

fn fields_of(notebook: &Notebook, id: EventId) -> Option<Fields> {
    let event = notebook.event(id)?;
    Some(Fields {
        title: event.title.clone(),
        date: editable_date(&event.date),
        track: event
            .track
            .and_then(|t| notebook.track(t))
            .map(|t| t.name.clone())
            .unwrap_or_default(),
        tags: event
            .tags
            .iter()
            .filter_map(|t| notebook.tag(*t))
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        description: event.description.clone(),
        time_zone: event.time_zone.clone().unwrap_or_default(),
    })
}

impl Inspector {
    /// Create, edit or nothing.
    #[must_use]
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The buffer being edited.
    #[must_use]
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The buffer, to change it as typing would.
    pub fn fields_mut(&mut self) -> &mut Fields {
        &mut self.fields
    }

    /// Shows nothing, keeping the drafts of other events (the notes keep
    /// their renderer cache).
    pub fn clear(&mut self) {
        let notes = std::mem::take(&mut self.notes);
        let drafts = std::mem::take(&mut self.drafts);
        *self = Self {
            notes,
            drafts,
            ..Self::default()
        };
    }

    /// Shows nothing and forgets every draft (another notebook opens; the
    /// app has taken them with [`Self::drafts`] first).
    pub fn reset(&mut self) {
        self.clear();
        self.drafts.clear();
    }

    /// Starts creating an event, the title focused. A kept draft of a new
    /// event comes back instead of an empty form.
    pub fn create(&mut self, date: Option<Date>) {
        self.mode = Mode::Create;
        self.original = Fields::default();
        self.focus_title = true;
        self.hint = None;
        if let Some(draft) = self.drafts.remove(&DraftOf::New) {
            self.fields = draft;
            self.restored = true;
            return;
        }
        self.restored = false;
        self.fields = Fields {
            date: date.as_ref().map(editable_date).unwrap_or_default(),
            ..Fields::default()
        };
    }

    /// Whose buffer the inspector shows.
    #[must_use]
    pub fn draft_of(&self) -> Option<DraftOf> {
        match self.mode {
            Mode::Empty => None,
            Mode::Create => Some(DraftOf::New),
            Mode::Edit(id) => Some(DraftOf::Event(id)),
        }
    }

    /// True when the buffer holds something typed and not saved: edits of
    /// an event, or anything typed into a new one (a date prefilled by a
    /// double-click alone is not typed work).
    #[must_use]
    pub fn has_unsaved(&self) -> bool {
        match self.mode {
            Mode::Empty => false,
            Mode::Create => {
                self.restored
                    || self.fields
                        != Fields {
                            date: self.fields.date.clone(),
                            ..Fields::default()
                        }
            }
            Mode::Edit(_) => self.is_dirty(),
        }
    }

    /// The user moves on (another event, a new one, a source, another
    /// notebook, closing): the buffer is saved if it validates, else kept
    /// as a draft of its event. The inspector then shows nothing until the
    /// app says what comes next.
    pub fn move_on(&mut self) -> MovedOn {
        let (Some(of), true) = (self.draft_of(), self.has_unsaved()) else {
            return MovedOn::Clean;
        };
        let outcome = match self.action() {
            Ok(action) => MovedOn::Save(Box::new(action)),
            Err(reason) => {
                let title = if self.fields.title.trim().is_empty() {
                    "new event".to_owned()
                } else {
                    self.fields.title.trim().to_owned()
                };
                self.drafts.insert(of, self.fields.clone());
                MovedOn::Kept { title, reason }
            }
        };
        self.clear();
        outcome
    }

    /// Every unsaved buffer: the kept drafts and the one being edited, for
    /// keeping across a crash or a change of notebook.
    #[must_use]
    pub fn drafts(&self) -> Vec<(DraftOf, Fields)> {
        let mut all: Vec<(DraftOf, Fields)> =
            self.drafts.iter().map(|(k, v)| (*k, v.clone())).collect();
        if let (Some(of), true) = (self.draft_of(), self.has_unsaved()) {
            all.retain(|(k, _)| *k != of);
            all.push((of, self.fields.clone()));
        }
        all
    }

    /// Takes back drafts kept earlier (after a crash, or from when this
    /// notebook was last open); each shows, marked unsaved, when its event
    /// is opened (a new event's with Ctrl+N).
    pub fn restore(&mut self, drafts: Vec<(DraftOf, Fields)>) {
        self.drafts.extend(drafts);
    }

    /// True when a draft of this event is kept.
    #[must_use]
    pub fn has_draft(&self, of: DraftOf) -> bool {
        self.drafts.contains_key(&of)
    }

    /// The editor of the event's notes.
    pub fn notes_mut(&mut self) -> &mut Notes {
        &mut self.notes
    }

    /// The editor of the event's notes.
    #[must_use]
    pub fn notes(&self) -> &Notes {
        &self.notes
    }

    /// True when anything is typed and unsaved, shown or kept.
    #[must_use]
    pub fn holds_drafts(&self) -> bool {
        self.has_unsaved() || !self.drafts.is_empty() || self.notes.is_editing()
    }

    /// Forgets the drafts of events that are gone.
    pub fn forget_missing(&mut self, notebook: &Notebook) {
        self.drafts.retain(|of, _| match of {
            DraftOf::New => true,
            DraftOf::Event(id) => notebook.event(*id).is_some(),
        });
    }

    /// Gives the keyboard to the title next frame.
    pub fn focus_title(&mut self) {
        self.focus_title = true;
    }

    /// Shows a hint under the date and focuses the title, for an event just
    /// made from a passage whose title and date are guesses to edit.
    pub fn hint(&mut self, hint: String) {
        self.hint = Some(hint);
        self.focus_title = true;
    }

    /// Shows an event's fields for editing, or its kept draft.
    pub fn edit(&mut self, notebook: &Notebook, id: EventId) {
        if let Some(fields) = fields_of(notebook, id) {
            if self.mode != Mode::Edit(id) {
                self.hint = None;
                self.restored = false;
            }
            self.mode = Mode::Edit(id);
            self.original = fields.clone();
            self.fields = fields;
            if let Some(draft) = self.drafts.remove(&DraftOf::Event(id)) {
                self.fields = draft;
                self.restored = true;
            }
        }
    }

    /// Throws the buffer away: Escape or Cancel on a new event, Revert on
    /// an edited one.
    pub fn discard(&mut self) {
        self.restored = false;
        match self.mode {
            Mode::Create => self.clear(),
            Mode::Edit(_) => self.fields = self.original.clone(),
            Mode::Empty => {}
        }
    }

    /// After the notebook changed: reloads the buffer from the event if it
    /// holds no unsaved edits (or always, after saving this event).
    pub fn reload(&mut self, notebook: &Notebook, id: EventId, force: bool) {
        if self.mode == Mode::Edit(id) && (force || !self.is_dirty()) {
            if force {
                self.hint = None;
                self.restored = false;
            }
            self.edit(notebook, id);
        }
    }

    /// True when the buffer differs from what is stored.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.fields != self.original
    }

    /// The date as currently typed, read.
    pub fn parsed_date(&self) -> Result<Date, String> {
        Date::parse(&self.fields.date).map_err(|e| e.to_string())
    }

    /// The action that saves the buffer, or why it cannot be saved.
    ///
    /// # Errors
    /// A message for the user: an empty title or an unreadable date.
    pub fn action(&self) -> Result<Action, String> {
        if self.fields.title.trim().is_empty() {
            return Err("the title is empty".to_owned());
        }
        let date = self.parsed_date()?;
        let fields = EventFields {
            title: self.fields.title.trim().to_owned(),
            date,
            time_zone: Some(self.fields.time_zone.trim().to_owned()).filter(|z| !z.is_empty()),
            description: self.fields.description.clone(),
            track: Some(self.fields.track.trim().to_owned()).filter(|t| !t.is_empty()),
            tags: self
                .fields
                .tags
                .split(',')
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect(),
        };
        match self.mode {
            Mode::Create => Ok(Action::CreateEvent {
                fields,
                excerpts: Vec::new(),
            }),
            Mode::Edit(id) => Ok(Action::UpdateEvent { id, fields }),
            Mode::Empty => Err("nothing is being edited".to_owned()),
        }
    }
}

/// A labelled single-line field; returns its response.
/// Most tags the completion under the Tags field offers.
const TAG_SUGGESTIONS: usize = 8;

/// The notebook's tags that complete the part of `typed` after its last
/// comma (starting with it first, then containing it; any case), leaving
/// out the tags already typed.
#[must_use]
pub fn tag_suggestions<'n>(notebook: &'n Notebook, typed: &str) -> Vec<&'n str> {
    let (done, part) = typed.rsplit_once(',').unwrap_or(("", typed));
    let part = part.trim().to_lowercase();
    if part.is_empty() {
        return Vec::new();
    }
    let chosen: Vec<String> = done
        .split(',')
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let mut starts = Vec::new();
    let mut contains = Vec::new();
    for tag in &notebook.tags {
        let lower = tag.name.to_lowercase();
        if chosen.contains(&lower) || lower == part {
            continue;
        }
        if lower.starts_with(&part) {
            starts.push(tag.name.as_str());
        } else if lower.contains(&part) {
            contains.push(tag.name.as_str());
        }
    }
    starts.sort_unstable_by_key(|t| t.to_lowercase());
    contains.sort_unstable_by_key(|t| t.to_lowercase());
    starts.extend(contains);
    starts.truncate(TAG_SUGGESTIONS);
    starts
}

/// `typed` with its last part replaced by `tag`, ready for the next one.
fn complete_tag(typed: &str, tag: &str) -> String {
    match typed.rsplit_once(',') {
        Some((done, _)) => format!("{}, {tag}, ", done.trim_end()),
        None => format!("{tag}, "),
    }
}

fn field(ui: &mut Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
}

impl Inspector {
    /// A popup of matching tags under the Tags field while it is typed in;
    /// a click puts the tag in the field.
    fn tag_completion(&mut self, ui: &mut Ui, notebook: &Notebook, field: &egui::Response) {
        let popup_id = field.id.with("tag_completion");
        let hovered_before = ui.ctx().memory(|m| m.data.get_temp::<bool>(popup_id)) == Some(true);
        if !(field.has_focus() || hovered_before) {
            return;
        }
        let suggestions = tag_suggestions(notebook, &self.fields.tags);
        if suggestions.is_empty() {
            return;
        }
        let mut picked = None;
        let area = egui::Area::new(popup_id)
            .order(egui::Order::Foreground)
            .fixed_pos(field.rect.left_bottom())
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_min_width(field.rect.width().min(240.0));
                    for tag in &suggestions {
                        if ui
                            .add(egui::Button::new(*tag).frame(false))
                            .on_hover_text("Add this tag")
                            .clicked()
                        {
                            picked = Some((*tag).to_owned());
                        }
                    }
                });
            });
        let hovered = area.response.contains_pointer();
        ui.ctx()
            .memory_mut(|m| m.data.insert_temp(popup_id, hovered && picked.is_none()));
        if let Some(tag) = picked {
            self.fields.tags = complete_tag(&self.fields.tags, &tag);
            field.request_focus();
            // Typing goes on after the tag, not where the cursor was.
            if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), field.id) {
                let end = egui::text::CCursor::new(self.fields.tags.chars().count());
                state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::one(end)));
                state.store(ui.ctx(), field.id);
            }
        }
    }

    /// Draws the inspector panel.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let notebook = ctx.notebook;
        let theme = ctx.theme;
        match self.mode {
            Mode::Empty => {
                ui.heading("Inspector");
                ui.label(
                    RichText::new(
                        "Select an event to see and edit it, or press Ctrl+N to add one.",
                    )
                    .color(theme.weak_text),
                );
                return;
            }
            Mode::Create => {
                ui.heading("New event");
            }
            Mode::Edit(id) => {
                if notebook.event(id).is_none() {
                    self.clear();
                    return;
                }
                ui.heading("Event");
            }
        }
        // The line is always there (empty when nothing is unsaved): a line
        // appearing as typing starts would move the fields and take the
        // keyboard focus from the one being typed in.
        let unsaved = match (self.has_unsaved(), self.restored) {
            (false, _) => "",
            (true, true) => "Unsaved draft — Enter or Save keeps it, Escape throws it away",
            (true, false) => "Unsaved changes — saved when you move on",
        };
        ui.label(RichText::new(unsaved).color(theme.unsupported));
        let mut submit = false;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let title = field(ui, "Title", &mut self.fields.title, "What happened");
                if self.focus_title {
                    title.request_focus();
                    self.focus_title = false;
                }
                let enter = |r: &egui::Response| {
                    r.lost_focus() && r.ctx.input(|i| i.key_pressed(egui::Key::Enter))
                };
                submit |= enter(&title);

                ui.add_space(theme::SECTION_GAP_POINTS / 2.0);
                let date = field(
                    ui,
                    "Date",
                    &mut self.fields.date,
                    "e.g. 13 September 2023, Sept 2023, c. 1850",
                );
                submit |= enter(&date);
                // One feedback line of fixed height, so the fields below
                // stay put while the date is typed.
                let feedback = match self.parsed_date() {
                    Ok(parsed) => RichText::new(format!(
                        "✔ {} · {} precision · EDTF {}",
                        parsed.display(),
                        parsed.precision(),
                        parsed.edtf()
                    ))
                    .color(theme.ok_text),
                    Err(_) if self.fields.date.trim().is_empty() => {
                        RichText::new("Enter a date as you would write it").color(theme.weak_text)
                    }
                    Err(message) => RichText::new(message).color(theme.error_text),
                };
                theme::feedback(ui, feedback);
                if let Some(hint) = &self.hint {
                    ui.label(RichText::new(hint).color(theme.unsupported));
                }

                ui.add_space(theme::SECTION_GAP_POINTS / 2.0);
                ui.horizontal(|ui| {
                    let label = ui.label("Track");
                    let mut picked = false;
                    ui.menu_button("⏷", |ui| {
                        if ui.button("No track").clicked() {
                            self.fields.track.clear();
                            picked = true;
                        }
                        for track in &notebook.tracks {
                            let colour = theme.track_colour(track.colour);
                            if ui
                                .button(RichText::new(&track.name).color(colour))
                                .clicked()
                            {
                                self.fields.track.clone_from(&track.name);
                                picked = true;
                            }
                        }
                    });
                    let track = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.fields.track)
                                .hint_text("No track (type a name to create one)")
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                    // After picking from the menu the keyboard goes back to
                    // the field, so Enter saves as after typing the name.
                    if picked {
                        track.request_focus();
                    }
                    submit |= enter(&track);
                });
                let tags = field(ui, "Tags", &mut self.fields.tags, "comma, separated");
                submit |= enter(&tags);
                self.tag_completion(ui, notebook, &tags);
                submit |= enter(&field(
                    ui,
                    "Time zone",
                    &mut self.fields.time_zone,
                    "for times of day, e.g. Asia/Seoul",
                ));
                let label = ui.label("Description");
                ui.add(
                    egui::TextEdit::multiline(&mut self.fields.description)
                        .hint_text("Markdown")
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);

                ui.add_space(theme::SECTION_GAP_POINTS);
                let action = self.action();
                let can_save = action.is_ok() && (self.mode == Mode::Create || self.is_dirty());
                ui.horizontal(|ui| {
                    let save_label = if self.mode == Mode::Create {
                        "Create"
                    } else {
                        "Save"
                    };
                    let save = ui.add_enabled(can_save, egui::Button::new(save_label));
                    let save = if let Err(reason) = &action {
                        save.on_disabled_hover_text(reason)
                    } else {
                        save
                    };
                    if save.clicked() {
                        submit = true;
                    }
                    match self.mode {
                        Mode::Create => {
                            if ui.button("Cancel").clicked() {
                                self.discard();
                                out.push(Command::Select(None));
                            }
                        }
                        Mode::Edit(_) => {
                            if ui
                                .add_enabled(self.is_dirty(), egui::Button::new("Revert"))
                                .clicked()
                            {
                                self.discard();
                            }
                            if ui.button("Delete").clicked() {
                                out.push(Command::DeleteSelected);
                            }
                        }
                        Mode::Empty => {}
                    }
                });
                if submit && !can_save {
                    submit = false;
                }
                if submit && let Ok(action) = action {
                    out.push(Command::Apply(Box::new(action)));
                }

                if let Mode::Edit(id) = self.mode {
                    super::evidence_inspector::summary(ui, ctx, id, out);
                    evidence(ui, ctx, id, &mut self.links, out);
                    self.entities.ui(ui, ctx, id, out);
                    ui.add_space(theme::SECTION_GAP_POINTS);
                    ui.strong("Notes");
                    self.notes.ui(ui, ctx, NoteOwner::Event(id), out);
                }
            });
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) && !ctx.modal {
            if self.mode == Mode::Create {
                out.push(Command::Select(None));
            }
            self.discard();
        }
    }
}

/// The excerpts that support the event: click one to read it in its source.
fn evidence(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    id: EventId,
    links: &mut super::evidence_inspector::LinkEdits,
    commands: &mut Vec<Command>,
) {
    let (notebook, theme) = (ctx.notebook, ctx.theme);
    let Some(event) = notebook.event(id) else {
        return;
    };
    ui.add_space(theme::SECTION_GAP_POINTS);
    ui.separator();
    ui.strong(format!("Evidence ({})", event.excerpts.len()));
    if event.excerpts.is_empty() {
        ui.label(
            RichText::new("No excerpt supports this event yet: open a source, select the passage and link it.")
                .color(theme.unsupported),
        );
    }
    for excerpt in event.excerpts.iter().filter_map(|x| notebook.excerpt(*x)) {
        // The citation line: the source's title, and the page for a paged
        // source ("p. 3"), as the exported notes cite it.
        let source = notebook
            .source(excerpt.source)
            .map_or_else(String::new, |s| {
                match s.pin_cite(excerpt.start, excerpt.end) {
                    Some(pin) => format!("{}, {pin}", s.title),
                    None => s.title.clone(),
                }
            });
        let quote = ui
            .add(
                egui::Label::new(RichText::new(format!("“{}”", excerpt.quote)).italics())
                    .sense(egui::Sense::click()),
            )
            .on_hover_text("Open the source at this passage");
        if quote.clicked() {
            commands.push(Command::OpenExcerpt(excerpt.id));
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("— {source}")).color(theme.weak_text));
            if excerpt.lost {
                ui.label(
                    RichText::new("lost: its quote is no longer in the source")
                        .color(theme.error_text),
                );
            }
            if ui
                .small_button("Unlink")
                .on_hover_text("This excerpt no longer supports the event")
                .clicked()
            {
                commands.push(Command::Apply(Box::new(Action::Unlink {
                    event: id,
                    excerpt: excerpt.id,
                })));
            }
        });
        super::evidence_inspector::link_row(ui, ctx, (id, excerpt.id), links, commands);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::fixtures;

    fn notebook_with_summit() -> (Notebook, EventId) {
        let notebook = fixtures::notebook(&[(
            "Putin–Kim summit",
            "2023-09",
            Some("Diplomacy"),
            &["Russia", "DPRK"],
        )]);
        let id = notebook.events[0].id;
        (notebook, id)
    }

    #[test]
    fn a_new_event_needs_a_title_and_a_readable_date() {
        let mut inspector = Inspector::default();
        assert!(inspector.action().is_err(), "nothing is being edited");
        inspector.create(Date::parse("13 September 2023").ok());
        assert_eq!(inspector.fields().date, "13 September 2023");
        assert_eq!(inspector.action(), Err("the title is empty".to_owned()));
        inspector.fields_mut().title = "  Summit  ".into();
        inspector.fields_mut().tags = "Russia, , DPRK ".into();
        inspector.fields_mut().track = " ".into();
        let Ok(Action::CreateEvent { fields, excerpts }) = inspector.action() else {
            panic!("{:?}", inspector.action())
        };
        assert_eq!(fields.title, "Summit");
        assert_eq!(fields.date.edtf(), "2023-09-13");
        assert_eq!(fields.tags, vec!["Russia", "DPRK"]);
        assert_eq!((fields.track, fields.time_zone), (None, None));
        assert!(excerpts.is_empty());
        inspector.fields_mut().date = "2023-02-30".into();
        assert!(inspector.action().unwrap_err().contains("28 days"));
    }

    #[test]
    fn editing_fills_the_buffer_and_saves_as_an_update() {
        let (notebook, id) = notebook_with_summit();
        let mut inspector = Inspector::default();
        inspector.edit(&notebook, id);
        assert_eq!(inspector.mode(), Mode::Edit(id));
        assert_eq!(inspector.fields().date, "September 2023");
        assert_eq!(inspector.fields().track, "Diplomacy");
        assert_eq!(inspector.fields().tags, "DPRK, Russia");
        assert!(!inspector.is_dirty());
        inspector.fields_mut().title.push_str(" in Vostochny");
        assert!(inspector.is_dirty());
        let Ok(Action::UpdateEvent { id: saved, fields }) = inspector.action() else {
            panic!()
        };
        assert_eq!(saved, id);
        assert_eq!(fields.title, "Putin–Kim summit in Vostochny");
        // Another change reloads a clean buffer but keeps unsaved edits...
        inspector.reload(&notebook, id, false);
        assert!(inspector.is_dirty());
        // ...unless it is the user's own save.
        inspector.reload(&notebook, id, true);
        assert!(!inspector.is_dirty());
    }

    #[test]
    fn moving_on_saves_a_valid_buffer_and_keeps_an_invalid_one() {
        let (notebook, id) = notebook_with_summit();
        let mut inspector = Inspector::default();
        inspector.edit(&notebook, id);
        assert_eq!(inspector.move_on(), MovedOn::Clean, "nothing typed");
        inspector.edit(&notebook, id);
        inspector.fields_mut().title.push_str(" II");
        let MovedOn::Save(action) = inspector.move_on() else {
            panic!("a valid edit is saved")
        };
        assert!(matches!(*action, Action::UpdateEvent { id: saved, .. } if saved == id));
        assert_eq!(inspector.mode(), Mode::Empty);

        inspector.edit(&notebook, id);
        inspector.fields_mut().date = "2023-02-30".into();
        let MovedOn::Kept { title, reason } = inspector.move_on() else {
            panic!("an invalid edit is kept")
        };
        assert_eq!(title, "Putin–Kim summit");
        assert!(reason.contains("28 days"), "{reason}");
        assert!(inspector.has_draft(DraftOf::Event(id)));
        assert_eq!(inspector.drafts().len(), 1);
        // It comes back when the event is opened again.
        inspector.edit(&notebook, id);
        assert_eq!(inspector.fields().date, "2023-02-30");
        assert!(inspector.has_unsaved());
        assert!(!inspector.has_draft(DraftOf::Event(id)));
        // Escape throws it away.
        inspector.discard();
        assert!(!inspector.has_unsaved());
    }

    #[test]
    fn a_prefilled_date_alone_is_not_typed_work() {
        let mut inspector = Inspector::default();
        inspector.create(Date::parse("2023").ok());
        assert!(!inspector.has_unsaved());
        assert_eq!(inspector.move_on(), MovedOn::Clean);
        inspector.create(None);
        inspector.fields_mut().title = "Only a title".into();
        assert!(matches!(inspector.move_on(), MovedOn::Kept { .. }));
        inspector.create(Date::parse("2024").ok());
        assert_eq!(
            inspector.fields().title,
            "Only a title",
            "the draft comes back"
        );
    }

    #[test]
    fn a_date_reads_back_in_the_field_as_it_is_shown_or_as_edtf() {
        for edtf in ["2023-09", "2023-09-13", "1850~", "2023-09-13/2023-09-14"] {
            let date = Date::parse_edtf(edtf).unwrap();
            assert_eq!(Date::parse(&editable_date(&date)).unwrap(), date, "{edtf}");
        }
        assert_eq!(
            editable_date(&Date::parse_edtf("2023-09").unwrap()),
            "September 2023"
        );
    }
}
