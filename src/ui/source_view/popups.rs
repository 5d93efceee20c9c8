//! What floats over the reader: the action bar beside a selection, and the
//! popups of a clicked highlight (an excerpt) or date suggestion.

use egui::{Pos2, Rect, RichText, Ui};

use super::super::command::Command;
use super::super::reader::ReaderState;
use super::super::theme;
use super::super::view::ViewCtx;
use super::dates::shown;
use super::passage::{HINT_TEXT, hint_date, title_from_passage};
use crate::action::{Action, EventFields, ExcerptRange};
use crate::extract::Suggestion;
use crate::model::date::Date;
use crate::model::text::slice_chars;
use crate::model::{ExcerptId, Source};

/// A popup over the reader.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Popup {
    /// What a clicked highlight (an excerpt) supports.
    Highlight {
        /// The excerpt.
        excerpt: ExcerptId,
        /// Where it was clicked.
        pos: Pos2,
    },
    /// A clicked mention of a known entity.
    Mention {
        /// The entity.
        entity: crate::model::EntityId,
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

/// The selection's actions, floating under its last line: a new event from
/// it, a link to the selected event, or an excerpt alone.
pub(super) fn selection_bar(
    ui: &Ui,
    ctx: &ViewCtx<'_>,
    (source, body): (&Source, &str),
    ((start, end), rect): ((usize, usize), Rect),
    reader: &mut ReaderState,
    out: &mut Vec<Command>,
) {
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
                ui.set_max_width(theme::POPUP_MAX_WIDTH_POINTS);
                let quote = slice_chars(body, start, end).unwrap_or_default();
                // Exactly what will be saved, both ends shown even when long.
                ui.add(egui::Label::new(RichText::new(quote_preview(quote)).italics()).wrap());
                ui.horizontal(|ui| {
                    if ui.button("New event from excerpt").clicked()
                        && let Some(date) = hint_date(source)
                    {
                        let fields = EventFields::new(title_from_passage(quote), date);
                        out.push(Command::Apply(Box::new(Action::CreateEventFromExcerpt {
                            range,
                            fields,
                        })));
                        out.push(Command::InspectorHint(HINT_TEXT.to_owned()));
                        reader.clear_selection();
                    }
                    let linked = ui
                        .add_enabled(
                            ctx.selected.is_some(),
                            egui::Button::new("Link to selected event"),
                        )
                        .on_disabled_hover_text(
                            "Select an event first (in the list or on the timeline)",
                        );
                    if linked.clicked()
                        && let Some(event) = ctx.selected
                    {
                        out.push(Command::Apply(Box::new(Action::CreateExcerpt {
                            range,
                            events: vec![event],
                        })));
                        reader.clear_selection();
                    }
                    if ui.button("Save excerpt").clicked() {
                        out.push(Command::Apply(Box::new(Action::CreateExcerpt {
                            range,
                            events: Vec::new(),
                        })));
                        reader.clear_selection();
                    }
                });
            });
        });
}

/// Characters of a quote shown whole in the action bar; a longer one shows
/// its first and last [`QUOTE_END_CHARS`], so both ends can be checked.
const QUOTE_PREVIEW_MAX_CHARS: usize = 240;
/// See [`QUOTE_PREVIEW_MAX_CHARS`].
const QUOTE_END_CHARS: usize = 100;

/// The action bar's quote: “exactly the selected text”, or its two ends
/// around " … " when long.
fn quote_preview(quote: &str) -> String {
    let count = quote.chars().count();
    if count <= QUOTE_PREVIEW_MAX_CHARS {
        return format!("“{quote}”");
    }
    let head: String = quote.chars().take(QUOTE_END_CHARS).collect();
    let tail: String = quote.chars().skip(count - QUOTE_END_CHARS).collect();
    format!("“{head} … {tail}” ({count} characters)")
}

/// What an excerpt supports, with ways to jump, link and delete; returns
/// false once it should close.
pub(super) fn highlight_popup(
    ui: &Ui,
    ctx: &ViewCtx<'_>,
    excerpt_id: ExcerptId,
    pos: Pos2,
    out: &mut Vec<Command>,
) -> bool {
    let notebook = ctx.notebook;
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
                    ui.label(RichText::new("Supports no event yet.").color(ctx.theme.weak_text));
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
                            out.push(Command::Select(Some(event.id)));
                        }
                    });
                }
                ui.horizontal(|ui| {
                    if let Some(event) = ctx.selected.filter(|e| !events.contains(e))
                        && ui.button("Link to selected event").clicked()
                    {
                        out.push(Command::Apply(Box::new(Action::Link {
                            event,
                            excerpt: excerpt_id,
                        })));
                    }
                    if ui.button("Delete excerpt").clicked() {
                        out.push(Command::Apply(Box::new(Action::DeleteExcerpt(excerpt_id))));
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

/// A suggested date: how it was read, and one click to make it an event;
/// returns false once it should close.
pub(super) fn suggestion_popup(
    ui: &Ui,
    ctx: &ViewCtx<'_>,
    (source, body): (&Source, &str),
    suggestion: &Suggestion,
    pos: Pos2,
    out: &mut Vec<Command>,
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
                    .color(ctx.theme.weak_text),
                );
                ui.label(
                    RichText::new("Makes the sentence an excerpt and an event dated:")
                        .color(ctx.theme.weak_text),
                );
                if ui
                    .button(format!("Create event: {}", suggestion.date.display()))
                    .clicked()
                {
                    out.push(make(&suggestion.date));
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
                        out.push(make(&alternative.date));
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
