//! The open source's date suggestions: asked for once per text and
//! publication date, shown as underlines, and the bar above the reader that
//! says how many were found (or asks when the source was published).

use egui::{RichText, Ui};

use super::super::command::Command;
use super::super::reader::Underline;
use super::super::theme;
use super::super::view::ViewCtx;
use crate::action::{Action, SourceFields};
use crate::extract::Suggestion;
use crate::model::Source;
use crate::model::date::{Date, Precision};

/// How often the bar redraws while a worker reads the dates, to notice
/// when they arrive.
const READING_REPAINT: std::time::Duration = std::time::Duration::from_millis(100);

/// The extractor writes "→" (fine in a terminal); the UI font has "➡".
pub(super) fn shown(text: &str) -> String {
    text.replace('→', "➡")
}

/// The suggestions found, the reading asked for, and the publication date
/// being typed.
#[derive(Debug, Default)]
pub(super) struct Dates {
    /// What was found, with the publication date (EDTF) it was read against.
    found: Option<(String, Vec<Suggestion>)>,
    /// The publication date (EDTF) a reading was asked for, until it lands.
    requested: Option<String>,
    /// The publication date being typed, when the source has none.
    published_text: String,
}

impl Dates {
    /// The suggestions found in the text, once read.
    pub(super) fn found(&self) -> Option<&[Suggestion]> {
        self.found.as_ref().map(|(_, found)| found.as_slice())
    }

    /// The publication date being typed.
    pub(super) fn published_text_mut(&mut self) -> &mut String {
        &mut self.published_text
    }

    /// Forgets what was read (the text changed).
    pub(super) fn clear(&mut self) {
        self.found = None;
        self.requested = None;
    }

    /// Takes the dates read against `edtf`, if that is the reading asked for.
    pub(super) fn land(&mut self, edtf: &str, found: Vec<Suggestion>) {
        if self.requested.as_deref() == Some(edtf) {
            self.found = Some((edtf.to_owned(), found));
            self.requested = None;
        }
    }

    /// Asks for the dates of `source` once per publication date; returns
    /// true while they are being read.
    fn ensure(&mut self, source: &Source, out: &mut Vec<Command>) -> bool {
        let Some(published) = &source.published else {
            self.clear();
            return false;
        };
        let wanted = published.edtf();
        if self.found.as_ref().is_some_and(|(edtf, _)| edtf == wanted) {
            return false;
        }
        if self.requested.as_deref() != Some(wanted) {
            self.requested = Some(wanted.to_owned());
            out.push(Command::ReadDates {
                source: source.id,
                published: published.clone(),
            });
        }
        true
    }

    /// The suggestions as the reader underlines them.
    pub(super) fn underlines(&self) -> Vec<Underline> {
        self.found()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, s)| Underline {
                start: s.start,
                end: s.end,
                id: i,
                hover: shown(&s.hover_text()),
            })
            .collect()
    }

    /// The bar above the reader: reading, found, or "when was this
    /// published?".
    pub(super) fn bar(
        &mut self,
        ui: &mut Ui,
        ctx: &ViewCtx<'_>,
        (source, body): (&Source, &str),
        out: &mut Vec<Command>,
    ) {
        let reading = self.ensure(source, out);
        ui.separator();
        if reading {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(
                    RichText::new("Reading the dates in this text…").color(ctx.theme.weak_text),
                );
            });
            ui.ctx().request_repaint_after(READING_REPAINT);
        }
        match &self.found {
            None if reading => {}
            None => ask_published(ui, ctx, (source, body), &mut self.published_text, out),
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
                ui.label(RichText::new(text).color(ctx.theme.weak_text));
            }
        }
    }
}

/// Date suggestions need the day the source was published: ask for it.
fn ask_published(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    (source, body): (&Source, &str),
    published_text: &mut String,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label("When was this published? Dates like “in September” are read against it:");
        let field = ui.add(
            egui::TextEdit::singleline(published_text)
                .hint_text("e.g. 12 June 2024")
                .desired_width(theme::DATE_FIELD_WIDTH_POINTS),
        );
        let parsed = Date::parse(published_text);
        let is_day = parsed
            .as_ref()
            .is_ok_and(|d| d.precision() >= Precision::Day && !d.is_interval());
        let set = ui
            .add_enabled(is_day, egui::Button::new("Set publication date"))
            .clicked()
            || (is_day && field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
        if !published_text.trim().is_empty() && !is_day {
            let why = parsed.as_ref().map_or_else(
                |e| e.to_string(),
                |_| "give the day, e.g. 12 June 2024".to_owned(),
            );
            ui.label(RichText::new(why).color(ctx.theme.error_text));
        }
        if set && let Ok(date) = parsed {
            let fields = SourceFields {
                published: Some(date),
                ..SourceFields::of(source, body.to_owned())
            };
            out.push(Command::Apply(Box::new(Action::UpdateSource {
                id: source.id,
                fields,
            })));
        }
    });
}
