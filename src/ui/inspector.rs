//! The inspector: the selected event's fields, edited in a buffer and saved
//! as one action (never one per keystroke), with live feedback on the date.

use egui::{RichText, Ui};

use super::app::{AnnalsApp, Command};
use super::theme;
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

/// The inspector's state.
#[derive(Debug, Clone, Default)]
pub struct Inspector {
    /// Create, edit or nothing.
    pub mode: Mode,
    /// The buffer being edited.
    pub fields: Fields,
    original: Fields,
    focus_title: bool,
    hint: Option<String>,
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
    /// Starts creating an event, the title focused.
    pub fn create(&mut self, date: Option<String>) {
        self.mode = Mode::Create;
        self.fields = Fields {
            date: date.unwrap_or_default(),
            ..Fields::default()
        };
        self.original = Fields::default();
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

/// Draws the inspector panel.
pub fn show(app: &mut AnnalsApp, ui: &mut Ui) {
    let Some(session) = &app.session else {
        return;
    };
    let notebook = &session.notebook;
    let inspector = &mut app.inspector;
    let notes_state = &mut app.notes;
    let mut commands = Vec::new();
    match inspector.mode {
        Mode::Empty => {
            ui.heading("Inspector");
            ui.label(
                RichText::new("Select an event to see and edit it, or press Ctrl+N to add one.")
                    .color(theme::weak_text(ui)),
            );
            return;
        }
        Mode::Create => {
            ui.heading("New event");
        }
        Mode::Edit(id) => {
            if notebook.event(id).is_none() {
                *inspector = Inspector::default();
                return;
            }
            ui.heading("Event");
        }
    }
    let mut submit = false;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let title = field(ui, "Title", &mut inspector.fields.title, "What happened");
            if inspector.focus_title {
                title.request_focus();
                inspector.focus_title = false;
            }
            let enter = |r: &egui::Response| {
                r.lost_focus() && r.ctx.input(|i| i.key_pressed(egui::Key::Enter))
            };
            submit |= enter(&title);

            ui.add_space(theme::SECTION_GAP_POINTS / 2.0);
            let date = field(
                ui,
                "Date",
                &mut inspector.fields.date,
                "e.g. 13 September 2023, Sept 2023, c. 1850",
            );
            submit |= enter(&date);
            match inspector.parsed_date() {
                Ok(parsed) => {
                    ui.label(
                        RichText::new(format!(
                            "✔ {} · {} precision · EDTF {}",
                            parsed.display(),
                            parsed.precision(),
                            parsed.edtf()
                        ))
                        .color(theme::ok_text(ui)),
                    );
                }
                Err(message) if inspector.fields.date.trim().is_empty() => {
                    let _ = message;
                    ui.label(
                        RichText::new("Enter a date as you would write it")
                            .color(theme::weak_text(ui)),
                    );
                }
                Err(message) => {
                    ui.label(RichText::new(message).color(theme::error_text(ui)));
                }
            }
            if let Some(hint) = &inspector.hint {
                ui.label(RichText::new(hint).color(theme::unsupported(ui)));
            }

            ui.add_space(theme::SECTION_GAP_POINTS / 2.0);
            ui.horizontal(|ui| {
                let label = ui.label("Track");
                ui.menu_button("⏷", |ui| {
                    if ui.button("No track").clicked() {
                        inspector.fields.track.clear();
                    }
                    for track in &notebook.tracks {
                        let colour = theme::track_colour(ui, track.colour);
                        if ui
                            .button(RichText::new(&track.name).color(colour))
                            .clicked()
                        {
                            inspector.fields.track.clone_from(&track.name);
                        }
                    }
                });
                ui.add(
                    egui::TextEdit::singleline(&mut inspector.fields.track)
                        .hint_text("No track (type a name to create one)")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            });
            field(ui, "Tags", &mut inspector.fields.tags, "comma, separated");
            field(
                ui,
                "Time zone",
                &mut inspector.fields.time_zone,
                "for times of day, e.g. Asia/Seoul",
            );
            let label = ui.label("Description");
            ui.add(
                egui::TextEdit::multiline(&mut inspector.fields.description)
                    .hint_text("Markdown")
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);

            ui.add_space(theme::SECTION_GAP_POINTS);
            let action = inspector.action();
            let can_save =
                action.is_ok() && (inspector.mode == Mode::Create || inspector.is_dirty());
            ui.horizontal(|ui| {
                let save_label = if inspector.mode == Mode::Create {
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
                match inspector.mode {
                    Mode::Create => {
                        if ui.button("Cancel").clicked() {
                            commands.push(Command::Select(None));
                        }
                    }
                    Mode::Edit(_) => {
                        if ui
                            .add_enabled(inspector.is_dirty(), egui::Button::new("Revert"))
                            .clicked()
                        {
                            inspector.fields = inspector.original.clone();
                        }
                        if ui.button("Delete").clicked() {
                            commands.push(Command::DeleteSelected);
                        }
                    }
                    Mode::Empty => {}
                }
            });
            if submit && !can_save {
                submit = false;
            }
            if submit && let Ok(action) = action {
                commands.push(Command::Apply(Box::new(action)));
            }

            if let Mode::Edit(id) = inspector.mode {
                evidence(ui, notebook, id, &mut commands);
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.strong("Notes");
                super::notes::notes(
                    ui,
                    notes_state,
                    notebook,
                    NoteOwner::Event(id),
                    &mut commands,
                );
            }
        });
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) && app.dialog.is_none() {
        match inspector.mode {
            Mode::Create => commands.push(Command::Select(None)),
            Mode::Edit(_) => inspector.fields = inspector.original.clone(),
            Mode::Empty => {}
        }
    }
    for command in commands {
        app.push(command);
    }
}

/// The excerpts that support the event: click one to read it in its source.
fn evidence(ui: &mut Ui, notebook: &Notebook, id: EventId, commands: &mut Vec<Command>) {
    let Some(event) = notebook.event(id) else {
        return;
    };
    ui.add_space(theme::SECTION_GAP_POINTS);
    ui.separator();
    ui.strong(format!("Evidence ({})", event.excerpts.len()));
    if event.excerpts.is_empty() {
        ui.label(
            RichText::new("No excerpt supports this event yet: open a source, select the passage and link it.")
                .color(theme::unsupported(ui)),
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
            ui.label(RichText::new(format!("— {source}")).color(theme::weak_text(ui)));
            if excerpt.lost {
                ui.label(
                    RichText::new("lost: its quote is no longer in the source")
                        .color(theme::error_text(ui)),
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
