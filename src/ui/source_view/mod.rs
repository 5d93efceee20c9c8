//! The open source: its details and notes, the reader with its excerpts
//! highlighted and its date suggestions underlined, and the actions that turn
//! a selected passage (or a suggested date) into evidence.

mod dates;
mod header;
mod passage;
mod popups;

use egui::{RichText, Ui};

use super::command::Command;
use super::notes::Notes;
use super::reader::{self, Highlight, ReaderState};
use super::theme::Theme;
use super::view::ViewCtx;
use crate::action::{Action, SourceFields};
use crate::extract::Suggestion;
pub use crate::extract::recheck::{Recheck, rechecks};
use crate::model::EventId;
use crate::model::{ExcerptId, Notebook, Source};
use dates::Dates;
pub use header::DetailsForm;
pub use passage::title_from_passage;
use popups::Popup;

/// The reader panel's state for the open source: selection and scroll,
/// the dates read, the popup, the text being edited.
#[derive(Debug, Default)]
pub struct SourceView {
    reader: ReaderState,
    dates: Dates,
    popup: Option<Popup>,
    editing_text: Option<String>,
    editing_details: Option<DetailsForm>,
    recheck: Vec<Recheck>,
    notes: Notes,
    find: FindBar,
    /// Known entities mentioned in the text (issue 18).
    mentions: super::entities::Mentions,
}

/// The reader's find bar (Ctrl+F while reading).
#[derive(Debug, Default)]
struct FindBar {
    open: bool,
    focus: bool,
    text: String,
    field: Option<egui::Id>,
}

/// What the reader's forms hold unsaved, kept across a crash.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SourceDrafts {
    /// The text being edited.
    pub text: Option<String>,
    /// The details being edited.
    pub details: Option<DetailsForm>,
    /// A note on the source being typed.
    pub note: Option<super::notes::NoteDraft>,
}

impl SourceView {
    /// The reader's selection, scroll and layout caches.
    #[must_use]
    pub fn reader(&self) -> &ReaderState {
        &self.reader
    }

    /// The reader's state, to select or scroll as the user would.
    pub fn reader_mut(&mut self) -> &mut ReaderState {
        &mut self.reader
    }

    /// Opens the find bar with its field focused (Ctrl+F in the reader).
    pub fn open_find(&mut self) {
        self.find.open = true;
        self.find.focus = true;
    }

    /// True while the find bar is shown.
    #[must_use]
    pub const fn find_open(&self) -> bool {
        self.find.open
    }

    /// True when the find bar's field has the keyboard.
    #[must_use]
    pub fn find_focused(&self, ui: &Ui) -> bool {
        self.find.open
            && self
                .find
                .field
                .is_some_and(|id| ui.ctx().memory(|m| m.has_focus(id)))
    }

    /// The find bar: the words, "3 of 17", previous and next, close.
    fn find_bar(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>) {
        if !self.find.open {
            return;
        }
        let mut close = false;
        ui.horizontal(|ui| {
            let label = ui.label("Find in source");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.find.text)
                        .hint_text("words in this text; case is ignored")
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
            self.find.field = Some(field.id);
            if self.find.focus {
                field.request_focus();
                self.find.focus = false;
            }
            if field.changed() {
                self.reader.find_mut().set(self.find.text.trim());
            }
            let (enter, shift, escape) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::Enter),
                    i.modifiers.shift,
                    i.key_pressed(egui::Key::Escape),
                )
            });
            if field.lost_focus() && enter {
                self.reader.find_mut().step(!shift);
                field.request_focus();
            }
            if (field.has_focus() || field.lost_focus()) && escape {
                close = true;
            }
            let find = self.reader.find();
            let total = find.matches().len();
            let more = if find.scanning() || find.capped() {
                "+"
            } else {
                ""
            };
            let count = match (find.current(), total) {
                _ if self.find.text.trim().is_empty() => String::new(),
                (_, 0) if find.scanning() => "searching…".to_owned(),
                (_, 0) => "no matches".to_owned(),
                (Some(i), n) => format!("{} of {n}{more}", i + 1),
                (None, n) => format!("{n}{more} matches"),
            };
            ui.label(RichText::new(count).color(ctx.theme.weak_text));
            if ui
                .add_enabled(total > 0, egui::Button::new("⏶ Previous"))
                .on_hover_text("Shift+Enter")
                .clicked()
            {
                self.reader.find_mut().step(false);
            }
            if ui
                .add_enabled(total > 0, egui::Button::new("⏷ Next"))
                .on_hover_text("Enter")
                .clicked()
            {
                self.reader.find_mut().step(true);
            }
            if ui.button("×").on_hover_text("Close (Escape)").clicked() {
                close = true;
            }
        });
        if close {
            self.find.open = false;
            self.find.text.clear();
            self.reader.find_mut().clear();
        }
    }

    /// The date suggestions found in the text, once read.
    #[must_use]
    pub fn suggestions(&self) -> Option<&[Suggestion]> {
        self.dates.found()
    }

    /// The publication date being typed in the suggestions bar.
    pub fn published_text_mut(&mut self) -> &mut String {
        self.dates.published_text_mut()
    }

    /// Takes the dates read against the publication date `edtf`.
    pub fn land_dates(&mut self, edtf: &str, found: Vec<Suggestion>) {
        self.dates.land(edtf, found);
    }

    /// The text changed under the reader: what was read from it and the
    /// selection in it no longer hold.
    pub fn text_changed(&mut self) {
        self.dates.clear();
        self.reader.clear_selection();
    }

    /// The details form, when open (tests type into it as a user would).
    pub fn details_mut(&mut self) -> Option<&mut DetailsForm> {
        self.editing_details.as_mut()
    }

    /// The events offered for re-checking after the publication date
    /// changed.
    #[must_use]
    pub fn rechecks(&self) -> &[Recheck] {
        &self.recheck
    }

    /// Offers these events for re-checking.
    pub fn offer_recheck(&mut self, recheck: Vec<Recheck>) {
        self.recheck = recheck;
    }

    /// What is typed and not saved in the source's text editor, details
    /// form and note editor.
    #[must_use]
    pub fn drafts(&self, source: &Source, body: &str) -> SourceDrafts {
        SourceDrafts {
            text: self.editing_text.clone().filter(|t| t != body),
            details: self
                .editing_details
                .clone()
                .filter(|d| *d != DetailsForm::of(source)),
            note: self.notes.draft(),
        }
    }

    /// True while a form of the source is open.
    #[must_use]
    pub fn is_editing(&self) -> bool {
        self.editing_text.is_some() || self.editing_details.is_some() || self.notes.is_editing()
    }

    /// Opens the forms on drafts kept earlier.
    pub fn restore(&mut self, drafts: SourceDrafts, original_note: String) {
        if drafts.text.is_some() {
            self.editing_text = drafts.text;
        }
        if drafts.details.is_some() {
            self.editing_details = drafts.details;
        }
        if let Some(note) = drafts.note {
            self.notes.restore(note, original_note);
        }
    }

    /// The user moves on from this source: the actions that save what was
    /// typed in its forms (text and details in one step), and the drafts
    /// that do not validate, which stay open.
    pub fn move_on(&mut self, source: &Source, body: &str) -> (Vec<Action>, Option<String>) {
        let mut actions = Vec::new();
        let mut kept = None;
        let text = self.editing_text.take().filter(|t| t != body);
        let details = self
            .editing_details
            .take()
            .filter(|d| *d != DetailsForm::of(source));
        let new_body = text.unwrap_or_else(|| body.to_owned());
        match details {
            Some(form) => match form.action(source, &new_body) {
                Ok(action) => actions.push(action),
                Err(reason) => {
                    kept = Some(reason);
                    self.editing_details = Some(form);
                    if new_body != body {
                        self.editing_text = Some(new_body);
                    }
                }
            },
            None if new_body != body => actions.push(Action::UpdateSource {
                id: source.id,
                fields: SourceFields::of(source, new_body),
            }),
            None => {}
        }
        actions.extend(self.notes.move_on());
        (actions, kept)
    }

    /// Draws the open source, if the context has one.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let Some(open) = ctx.open_source else {
            return;
        };
        let Some(source) = ctx.notebook.source(open.id) else {
            return;
        };
        let first_command = out.len();
        let body = open.body;
        header::header(
            ui,
            ctx,
            (source, body),
            (&mut self.editing_text, &mut self.editing_details),
            &mut self.notes,
            out,
        );
        self.recheck_bar(ui, ctx, out);
        // Editing the text replaces the reader until saved.
        if let Some(text) = &mut self.editing_text {
            if header::text_editor(ui, ctx, source, text, out) {
                self.editing_text = None;
            }
            return;
        }

        self.dates.bar(ui, ctx, (source, body), out);
        self.find_bar(ui, ctx);

        // The reader's scroll offset lives in egui's memory under its id:
        // one id per source (by its uid, unique across notebooks), so a
        // newly opened source starts at its top, and one read before where
        // it was left.
        // A paged source shows where each page starts ("p. 3").
        self.reader.set_page_breaks(
            source
                .pages
                .iter()
                .skip(1)
                .map(|p| (p.start, format!("p. {}", p.page)))
                .collect(),
        );
        let mut underlines = self.dates.underlines();
        underlines.extend(self.mentions.underlines(ctx, source.id, body));
        let output = ui
            .push_id(("reader", &source.uid), |ui| {
                reader::reader(
                    ui,
                    &mut self.reader,
                    body,
                    &highlights(ctx.notebook, source, &ctx.theme),
                    &underlines,
                    &ctx.theme.reader_colours(),
                )
            })
            .inner;
        let pointer = ui.ctx().pointer_latest_pos().unwrap_or_default();
        // The click that opens a popup must not also close it as a click
        // "elsewhere".
        let just_opened = output.clicked_highlight.is_some() || output.clicked_underline.is_some();
        if let Some(excerpt) = output.clicked_highlight {
            self.popup = Some(Popup::Highlight {
                excerpt,
                pos: pointer,
            });
        }
        if let Some(index) = output.clicked_underline {
            self.popup = Some(match self.mentions.entity_of(index) {
                Some(entity) => Popup::Mention {
                    entity,
                    pos: pointer,
                },
                None => Popup::Suggestion {
                    index,
                    pos: pointer,
                },
            });
        }
        if let (Some(selection), Some(rect)) = (output.selection, output.selection_rect) {
            popups::selection_bar(
                ui,
                ctx,
                (source, body),
                (selection, rect),
                &mut self.reader,
                out,
            );
        }
        let keep = match self.popup {
            Some(Popup::Highlight { excerpt, pos }) => {
                popups::highlight_popup(ui, ctx, excerpt, pos, out) || just_opened
            }
            Some(Popup::Suggestion { index, pos }) => self
                .dates
                .found()
                .and_then(|found| found.get(index))
                .is_some_and(|s| {
                    popups::suggestion_popup(ui, ctx, (source, body), s, pos, out) || just_opened
                }),
            Some(Popup::Mention { entity, pos }) => {
                super::entities::mention_popup(ui, ctx, entity, pos, out) || just_opened
            }
            None => true,
        };
        let acted = out[first_command..]
            .iter()
            .any(|c| matches!(c, Command::Apply(_) | Command::Select(_)));
        if !keep || acted {
            self.popup = None;
        }
    }
}

impl SourceView {
    /// Events dated from this source's relative expressions, after its
    /// publication date changed: re-date each, or keep it.
    fn recheck_bar(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        if self.recheck.is_empty() {
            return;
        }
        ui.separator();
        ui.label(
            RichText::new(
                "The publication date changed. These events were dated from relative expressions in this source; re-check them:",
            )
            .color(ctx.theme.unsupported),
        );
        let mut done = Vec::new();
        for (i, recheck) in self.recheck.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "'{}': “{}” was {}, now reads {}",
                    recheck.title,
                    recheck.expression,
                    recheck.old.display(),
                    recheck.new.display()
                ));
                if ui
                    .button(format!("Re-date to {}", recheck.new.display()))
                    .clicked()
                    && let Some(fields) = event_fields(ctx.notebook, recheck.event)
                {
                    out.push(Command::Apply(Box::new(Action::UpdateEvent {
                        id: recheck.event,
                        fields: crate::action::EventFields {
                            date: recheck.new.clone(),
                            ..fields
                        },
                    })));
                    done.push(i);
                }
                if ui.button("Keep").clicked() {
                    done.push(i);
                }
            });
        }
        for i in done.into_iter().rev() {
            self.recheck.remove(i);
        }
    }
}

/// An event's stored fields, for an edit that changes one of them.
fn event_fields(notebook: &Notebook, id: EventId) -> Option<crate::action::EventFields> {
    let event = notebook.event(id)?;
    Some(crate::action::EventFields::of(notebook, event))
}

/// The source's anchored excerpts as the reader highlights them.
fn highlights(notebook: &Notebook, source: &Source, theme: &Theme) -> Vec<Highlight> {
    notebook
        .excerpts_of_source(source.id)
        .filter(|x| !x.lost)
        .map(|x| Highlight {
            start: x.start,
            end: x.end,
            colour: highlight_colour(notebook, x.id, theme),
            id: x.id,
            label: format!("Excerpt: {}", x.quote),
        })
        .collect()
}

/// The highlight colour of an excerpt: the track of the first event it
/// supports, or neutral.
fn highlight_colour(notebook: &Notebook, excerpt: ExcerptId, theme: &Theme) -> egui::Color32 {
    notebook
        .events_of_excerpt(excerpt)
        .first()
        .and_then(|e| notebook.event(*e))
        .map_or(theme.unlinked_excerpt, |event| {
            theme.track_or_none(
                event
                    .track
                    .and_then(|t| notebook.track(t))
                    .map(|t| t.colour),
            )
        })
}
