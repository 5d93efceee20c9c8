//! The open source: its details and notes, the reader with its excerpts
//! highlighted and its date suggestions underlined, and the actions that turn
//! a selected passage (or a suggested date) into evidence.

use egui::{Pos2, RichText, Ui};

use super::app::{AnnalsApp, Command, OpenSource};
use super::reader::{self, Highlight, ReaderColours, Underline};
use super::theme;
use crate::action::{Action, EventFields, ExcerptRange, SourceFields};
use crate::extract::{self, Locale, Options, Suggestion};
use crate::model::date::Date;
use crate::model::text::slice_chars;
use crate::model::{EventId, ExcerptId, NoteOwner, Notebook, Source};

/// The extractor writes "→" (fine in a terminal); the UI font has "➡".
fn shown(text: &str) -> String {
    text.replace('→', "➡")
}

/// Longest title prefilled from a quote or a sentence.
const PREFILLED_TITLE_CHARS: usize = 90;

/// A popup over the reader.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Popup {
    /// What a clicked highlight (an excerpt) supports.
    Highlight {
        /// The excerpt.
        excerpt: ExcerptId,
        /// Where it was clicked.
        pos: Pos2,
    },
    /// A clicked date suggestion: its reading and alternatives.
    Suggestion {
        /// Index into the source's suggestions.
        index: usize,
        /// Where it was clicked.
        pos: Pos2,
    },
}

/// A title made from the start of a passage, for the researcher to edit.
#[must_use]
pub fn title_from_passage(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = flat.trim_end_matches(['.', ',', ';', ':']);
    if flat.chars().count() <= PREFILLED_TITLE_CHARS {
        return flat.to_owned();
    }
    let cut: String = flat.chars().take(PREFILLED_TITLE_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// The date a new event from an excerpt starts with: the source's
/// publication date marked uncertain — a hint to replace, not a fact — or
/// today's, if the source has no dates.
fn hint_date(source: &Source) -> Option<Date> {
    let published = source.published.as_ref().or(source.accessed.as_ref());
    let edtf = match published {
        Some(date) if date.is_uncertain() || date.is_interval() || date.is_one_of() => {
            date.edtf().to_owned()
        }
        Some(date) => format!("{}?", date.edtf().trim_end_matches(['~', '?', '%'])),
        None => format!("{}?", chrono::Utc::now().date_naive().format("%Y-%m-%d")),
    };
    Date::parse_edtf(&edtf).ok().or_else(|| published.cloned())
}

/// What the inspector says about a date prefilled from the source.
const HINT_TEXT: &str = "The date is the source's publication date, marked uncertain (?): change it to when this happened.";

/// Texts up to this many bytes are read for dates at once; longer ones on a
/// worker thread, so a 10 MB source opens without freezing the window (the
/// extractor reads about 1 MB in a few hundred milliseconds).
const SYNC_EXTRACT_MAX_BYTES: usize = 256 * 1024;

/// Reads the source's date suggestions once per text and publication date,
/// on a worker thread for long texts. Returns true while still reading.
fn ensure_suggestions(open: &mut OpenSource, source: &Source) -> bool {
    let Some(published) = &source.published else {
        open.suggestions = None;
        open.pending_suggestions = None;
        return false;
    };
    let wanted = published.edtf();
    if open
        .suggestions
        .as_ref()
        .is_some_and(|(edtf, _)| edtf == wanted)
    {
        return false;
    }
    if let Some((edtf, receiver)) = &open.pending_suggestions
        && edtf == wanted
    {
        let result = receiver.try_recv();
        let found = match result {
            Ok(found) => found,
            Err(std::sync::mpsc::TryRecvError::Empty) => return true,
            // The worker died: show no suggestions rather than wait forever.
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Vec::new(),
        };
        open.suggestions = Some((wanted.to_owned(), found));
        open.pending_suggestions = None;
        return false;
    }
    let Ok(options) = Options::new(published.clone(), Locale::default()) else {
        open.suggestions = Some((wanted.to_owned(), Vec::new()));
        return false;
    };
    if open.body.len() <= SYNC_EXTRACT_MAX_BYTES {
        open.suggestions = Some((wanted.to_owned(), extract::extract(&open.body, &options)));
        open.pending_suggestions = None;
        return false;
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    let body = open.body.clone();
    std::thread::spawn(move || {
        // The receiver may be gone (the source was closed): nothing to do.
        let _ = sender.send(extract::extract(&body, &options));
    });
    open.pending_suggestions = Some((wanted.to_owned(), receiver));
    true
}

fn reader_colours(ui: &Ui) -> ReaderColours {
    ReaderColours {
        underline: theme::suggestion_underline(ui),
        flash: theme::flash(ui),
    }
}

/// The highlight colour of an excerpt: the track of the first event it
/// supports, or neutral.
fn highlight_colour(ui: &Ui, notebook: &Notebook, excerpt: ExcerptId) -> egui::Color32 {
    notebook
        .events_of_excerpt(excerpt)
        .first()
        .and_then(|e| notebook.event(*e))
        .map_or_else(
            || theme::unlinked_excerpt(ui),
            |event| {
                event.track.and_then(|t| notebook.track(t)).map_or_else(
                    || theme::no_track_colour(ui),
                    |t| theme::track_colour(ui, t.colour),
                )
            },
        )
}

/// Draws the reader for the open source.
#[allow(
    clippy::too_many_lines,
    reason = "one view: header, suggestion bar, reader, popups"
)]
pub fn show(app: &mut AnnalsApp, ui: &mut Ui) {
    let (Some(session), Some(open)) = (&app.session, &mut app.reader) else {
        return;
    };
    let notebook = &session.notebook;
    let Some(source) = notebook.source(open.id) else {
        return;
    };
    let mut commands: Vec<Command> = Vec::new();
    let selected_event = app.selected;

    // Header: what this source is.
    ui.horizontal_wrapped(|ui| {
        ui.heading(&source.title);
    });
    let mut facts: Vec<String> = Vec::new();
    for part in [&source.outlet, &source.author] {
        if !part.is_empty() {
            facts.push(part.clone());
        }
    }
    if let Some(published) = &source.published {
        facts.push(format!("published {}", published.display()));
    }
    if let Some(accessed) = &source.accessed {
        facts.push(format!("read {}", accessed.display()));
    }
    if source.encoding != "UTF-8" {
        facts.push(format!("decoded from {}", source.encoding));
    }
    facts.push(format!("{} characters", source.body_chars));
    ui.label(RichText::new(facts.join(" · ")).color(theme::weak_text(ui)));
    if !source.url.is_empty() {
        ui.hyperlink(&source.url);
    }

    ui.horizontal(|ui| {
        let editing = open.editing_text.is_some();
        if !editing
            && ui
                .button("Edit text")
                .on_hover_text("Excerpts follow their quotes when the text changes")
                .clicked()
        {
            open.editing_text = Some(open.body.clone());
        }
        if ui
            .button("Delete source")
            .on_hover_text("Its excerpts and notes go with it; undo brings them back")
            .clicked()
        {
            commands.push(Command::Apply(Box::new(Action::DeleteSource(source.id))));
        }
    });
    egui::CollapsingHeader::new(format!(
        "Notes on this source ({})",
        notebook.notes_of(NoteOwner::Source(source.id)).count()
    ))
    .id_salt(("source_notes", source.id))
    .show(ui, |ui| {
        super::notes::notes(
            ui,
            &mut app.notes,
            notebook,
            NoteOwner::Source(source.id),
            &mut commands,
        );
    });

    // Editing the text replaces the reader until saved.
    if let Some(text) = &mut open.editing_text {
        ui.label(RichText::new("Editing the text. On save, every excerpt re-anchors by its quote; any whose quote is gone is marked lost.").color(theme::weak_text(ui)));
        let mut save = false;
        let mut cancel = false;
        ui.horizontal(|ui| {
            save = ui.button("Save text").clicked();
            cancel = ui.button("Cancel").clicked();
        });
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(text)
                        .desired_width(f32::INFINITY)
                        .desired_rows(30),
                );
            });
        if save {
            let fields = SourceFields::of(source, text.clone());
            commands.push(Command::Apply(Box::new(Action::UpdateSource {
                id: source.id,
                fields,
            })));
        }
        if save || cancel {
            open.editing_text = None;
        }
        app.commands_extend(commands);
        return;
    }

    // Date suggestions need the day the source was published.
    let reading_dates = ensure_suggestions(open, source);
    ui.separator();
    if reading_dates {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new("Reading the dates in this text…").color(theme::weak_text(ui)));
        });
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
    match &open.suggestions {
        None if reading_dates => {}
        None => {
            ui.horizontal_wrapped(|ui| {
                ui.label("When was this published? Dates like “in September” are read against it:");
                let field = ui.add(
                    egui::TextEdit::singleline(&mut open.published_text)
                        .hint_text("e.g. 12 June 2024")
                        .desired_width(theme::DATE_FIELD_WIDTH_POINTS),
                );
                let parsed = Date::parse(&open.published_text);
                let is_day = parsed.as_ref().is_ok_and(|d| {
                    d.precision() >= crate::model::date::Precision::Day && !d.is_interval()
                });
                let set = ui
                    .add_enabled(is_day, egui::Button::new("Set publication date"))
                    .clicked()
                    || (is_day
                        && field.lost_focus()
                        && ui.input(|i| i.key_pressed(egui::Key::Enter)));
                if !open.published_text.trim().is_empty() && !is_day {
                    let why = parsed.as_ref().map_or_else(
                        |e| e.to_string(),
                        |_| "give the day, e.g. 12 June 2024".to_owned(),
                    );
                    ui.label(RichText::new(why).color(theme::error_text(ui)));
                }
                if set && let Ok(date) = parsed {
                    let fields = SourceFields {
                        published: Some(date),
                        ..SourceFields::of(source, open.body.clone())
                    };
                    commands.push(Command::Apply(Box::new(Action::UpdateSource {
                        id: source.id,
                        fields,
                    })));
                }
            });
        }
        Some((_, found)) => {
            let text = if found.is_empty() {
                "No dates found in this text.".to_owned()
            } else {
                format!(
                    "{} date{} found, underlined: hover to see how each is read, click to make it an event. Select any passage to cut an excerpt.",
                    found.len(),
                    if found.len() == 1 { "" } else { "s" }
                )
            };
            ui.label(RichText::new(text).color(theme::weak_text(ui)));
        }
    }

    // The reader.
    let highlights: Vec<Highlight> = notebook
        .excerpts_of_source(source.id)
        .filter(|x| !x.lost)
        .map(|x| Highlight {
            start: x.start,
            end: x.end,
            colour: highlight_colour(ui, notebook, x.id),
            id: x.id,
            label: format!("Excerpt: {}", x.quote),
        })
        .collect();
    let underlines: Vec<Underline> = open
        .suggestions
        .as_ref()
        .map(|(_, found)| {
            found
                .iter()
                .enumerate()
                .map(|(i, s)| Underline {
                    start: s.start,
                    end: s.end,
                    id: i,
                    hover: shown(&s.hover_text()),
                })
                .collect()
        })
        .unwrap_or_default();
    let output = reader::reader(
        ui,
        &mut open.state,
        &open.body,
        &highlights,
        &underlines,
        &reader_colours(ui),
    );
    let pointer = ui.ctx().pointer_latest_pos().unwrap_or_default();
    // The click that opens a popup must not also close it as a click
    // "elsewhere".
    let just_opened = output.clicked_highlight.is_some() || output.clicked_underline.is_some();
    if let Some(excerpt) = output.clicked_highlight {
        open.popup = Some(Popup::Highlight {
            excerpt,
            pos: pointer,
        });
    }
    if let Some(index) = output.clicked_underline {
        open.popup = Some(Popup::Suggestion {
            index,
            pos: pointer,
        });
    }

    // The selection's actions float beside it.
    if let (Some((start, end)), Some(rect)) = (output.selection, output.selection_rect) {
        let range = ExcerptRange {
            source: source.id,
            start,
            end,
        };
        egui::Area::new(ui.scope_id().with("selection_actions"))
            .fixed_pos(rect.left_bottom() + egui::vec2(0.0, theme::ACTION_BAR_GAP_POINTS))
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui.button("New event from excerpt").clicked() {
                            let quote = slice_chars(&open.body, start, end).unwrap_or_default();
                            if let Some(date) = hint_date(source) {
                                let fields = EventFields::new(title_from_passage(quote), date);
                                commands.push(Command::Apply(Box::new(
                                    Action::CreateEventFromExcerpt { range, fields },
                                )));
                                commands.push(Command::InspectorHint(HINT_TEXT.to_owned()));
                                open.state.clear_selection();
                            }
                        }
                        let linked = ui
                            .add_enabled(
                                selected_event.is_some(),
                                egui::Button::new("Link to selected event"),
                            )
                            .on_disabled_hover_text(
                                "Select an event first (in the list or on the timeline)",
                            );
                        if linked.clicked()
                            && let Some(event) = selected_event
                        {
                            commands.push(Command::Apply(Box::new(Action::CreateExcerpt {
                                range,
                                events: vec![event],
                            })));
                            open.state.clear_selection();
                        }
                        if ui.button("Save excerpt").clicked() {
                            commands.push(Command::Apply(Box::new(Action::CreateExcerpt {
                                range,
                                events: Vec::new(),
                            })));
                            open.state.clear_selection();
                        }
                    });
                });
            });
    }

    match open.popup {
        Some(Popup::Highlight { excerpt, pos }) => {
            let keep = highlight_popup(ui, notebook, excerpt, pos, selected_event, &mut commands)
                || just_opened;
            if !keep {
                open.popup = None;
            }
        }
        Some(Popup::Suggestion { index, pos }) => {
            let suggestion = open
                .suggestions
                .as_ref()
                .and_then(|(_, found)| found.get(index))
                .cloned();
            let keep = suggestion.is_some_and(|s| {
                suggestion_popup(ui, &open.body, source, &s, pos, &mut commands) || just_opened
            });
            if !keep {
                open.popup = None;
            }
        }
        None => {}
    }
    if commands
        .iter()
        .any(|c| matches!(c, Command::Apply(_) | Command::Select(_)))
    {
        open.popup = None;
    }
    app.commands_extend(commands);
}

/// What an excerpt supports, with ways to jump, link and delete.
fn highlight_popup(
    ui: &Ui,
    notebook: &Notebook,
    excerpt_id: ExcerptId,
    pos: Pos2,
    selected: Option<EventId>,
    commands: &mut Vec<Command>,
) -> bool {
    let Some(excerpt) = notebook.excerpt(excerpt_id) else {
        return false;
    };
    let mut keep = true;
    let area = egui::Area::new(egui::Id::unique(("excerpt_popup", excerpt_id)))
        .fixed_pos(pos + egui::vec2(0.0, theme::POPUP_OFFSET_POINTS))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(theme::POPUP_MAX_WIDTH_POINTS);
                ui.label(RichText::new(format!("“{}”", excerpt.quote)).italics());
                let events = notebook.events_of_excerpt(excerpt_id);
                if events.is_empty() {
                    ui.label(RichText::new("Supports no event yet.").color(theme::weak_text(ui)));
                } else {
                    ui.strong(format!(
                        "Supports {} event{}:",
                        events.len(),
                        if events.len() == 1 { "" } else { "s" }
                    ));
                }
                for event in events.iter().filter_map(|e| notebook.event(*e)) {
                    ui.horizontal(|ui| {
                        if ui
                            .link(format!("{} — {}", event.date.display(), event.title))
                            .clicked()
                        {
                            commands.push(Command::Select(Some(event.id)));
                        }
                    });
                }
                ui.horizontal(|ui| {
                    if let Some(event) = selected.filter(|e| !events.contains(e))
                        && ui.button("Link to selected event").clicked()
                    {
                        commands.push(Command::Apply(Box::new(Action::Link {
                            event,
                            excerpt: excerpt_id,
                        })));
                    }
                    if ui.button("Delete excerpt").clicked() {
                        commands.push(Command::Apply(Box::new(Action::DeleteExcerpt(excerpt_id))));
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

/// A suggested date: how it was read, and one click to make it an event.
fn suggestion_popup(
    ui: &Ui,
    body: &str,
    source: &Source,
    suggestion: &Suggestion,
    pos: Pos2,
    commands: &mut Vec<Command>,
) -> bool {
    let mut keep = true;
    let sentence =
        slice_chars(body, suggestion.sentence_start, suggestion.sentence_end).unwrap_or_default();
    let range = ExcerptRange {
        source: source.id,
        start: suggestion.sentence_start,
        end: suggestion.sentence_end,
    };
    let make = |date: &Date| {
        let fields = EventFields::new(title_from_passage(sentence), date.clone());
        Command::Apply(Box::new(Action::CreateEventFromExcerpt { range, fields }))
    };
    let area = egui::Area::new(egui::Id::unique(("suggestion_popup", suggestion.start)))
        .fixed_pos(pos + egui::vec2(0.0, theme::POPUP_OFFSET_POINTS))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(theme::POPUP_MAX_WIDTH_POINTS);
                ui.label(RichText::new(shown(&suggestion.hover_text())).strong());
                ui.label(
                    RichText::new(format!(
                        "rule {} · confidence {:.0}%",
                        suggestion.rule,
                        suggestion.confidence * 100.0
                    ))
                    .color(theme::weak_text(ui)),
                );
                ui.label(
                    RichText::new("Makes the sentence an excerpt and an event dated:")
                        .color(theme::weak_text(ui)),
                );
                if ui
                    .button(format!("Create event: {}", suggestion.date.display()))
                    .clicked()
                {
                    commands.push(make(&suggestion.date));
                }
                for alternative in &suggestion.alternatives {
                    if ui
                        .button(format!(
                            "or {} ({})",
                            alternative.date.display(),
                            alternative.reading
                        ))
                        .clicked()
                    {
                        commands.push(make(&alternative.date));
                    }
                }
                if ui.button("Close").clicked() {
                    keep = false;
                }
            });
        });
    if area.response.clicked_elsewhere() {
        keep = false;
    }
    keep
}
