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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// The inspector's state: the buffer being edited and the notes shown
/// under it.
#[derive(Debug, Default)]
pub struct Inspector {
    mode: Mode,
    fields: Fields,
    original: Fields,
    focus_title: bool,
    hint: Option<String>,
    notes: Notes,
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

    /// Shows nothing (the notes keep their renderer cache).
    pub fn clear(&mut self) {
        let notes = std::mem::take(&mut self.notes);
        *self = Self {
            notes,
            ..Self::default()
        };
    }

    /// Starts creating an event, the title focused.
    pub fn create(&mut self, date: Option<Date>) {
        self.mode = Mode::Create;
        self.fields = Fields {
            date: date.as_ref().map(editable_date).unwrap_or_default(),
            ..Fields::default()
        };
        self.original = Fields::default();
        self.focus_title = true;
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

    /// Shows an event's fields for editing.
    pub fn edit(&mut self, notebook: &Notebook, id: EventId) {
        if let Some(fields) = fields_of(notebook, id) {
            if self.mode != Mode::Edit(id) {
                self.hint = None;
            }
            self.mode = Mode::Edit(id);
            self.original = fields.clone();
            self.fields = fields;
        }
    }

    /// After the notebook changed: reloads the buffer from the event if it
    /// holds no unsaved edits (or always, after saving this event).
    pub fn reload(&mut self, notebook: &Notebook, id: EventId, force: bool) {
        if self.mode == Mode::Edit(id) && (force || !self.is_dirty()) {
            if force {
                self.hint = None;
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
                    ui.menu_button("⏷", |ui| {
                        if ui.button("No track").clicked() {
                            self.fields.track.clear();
                        }
                        for track in &notebook.tracks {
                            let colour = theme.track_colour(track.colour);
                            if ui
                                .button(RichText::new(&track.name).color(colour))
                                .clicked()
                            {
                                self.fields.track.clone_from(&track.name);
                            }
                        }
                    });
                    ui.add(
                        egui::TextEdit::singleline(&mut self.fields.track)
                            .hint_text("No track (type a name to create one)")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                });
                field(ui, "Tags", &mut self.fields.tags, "comma, separated");
                field(
                    ui,
                    "Time zone",
                    &mut self.fields.time_zone,
                    "for times of day, e.g. Asia/Seoul",
                );
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
                                out.push(Command::Select(None));
                            }
                        }
                        Mode::Edit(_) => {
                            if ui
                                .add_enabled(self.is_dirty(), egui::Button::new("Revert"))
                                .clicked()
                            {
                                self.fields = self.original.clone();
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
                    evidence(ui, ctx, id, out);
                    ui.add_space(theme::SECTION_GAP_POINTS);
                    ui.strong("Notes");
                    self.notes.ui(ui, ctx, NoteOwner::Event(id), out);
                }
            });
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) && !ctx.modal {
            match self.mode {
                Mode::Create => out.push(Command::Select(None)),
                Mode::Edit(_) => self.fields = self.original.clone(),
                Mode::Empty => {}
            }
        }
    }
}

/// The excerpts that support the event: click one to read it in its source.
fn evidence(ui: &mut Ui, ctx: &ViewCtx<'_>, id: EventId, commands: &mut Vec<Command>) {
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
        let source = notebook
            .source(excerpt.source)
            .map_or("", |s| s.title.as_str());
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
