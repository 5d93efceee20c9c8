//! The Evidence window (Edit ▸ Evidence…, or the counts in the status
//! bar): a dashboard of the notebook's evidence. Unsupported events,
//! events resting on one source, lost excerpts, excerpts that support
//! nothing, sources with dates no event uses, disputed events, drift. Each
//! row opens its item.
//!
//! The review is recomputed when the read model changes, never per frame,
//! and a slice of the events a frame (a few milliseconds' worth), so that
//! an edit of a million-event notebook is not held up by it; the last
//! review stays shown meanwhile.
//! The unused dates need each source's text read for dates: the app hands
//! the texts over (see [`EvidenceWindow::missing_dates`]) and the readings
//! are kept per source until its text or publication date changes.

use std::collections::HashMap;

use egui::{RichText, Ui};

use super::command::Command;
use super::theme::Theme;
use crate::extract::Suggestion;
use crate::model::date::Date;
use crate::model::{EventId, ExcerptId, Notebook, SourceId};
use crate::review::{self, Review, ReviewSteps};

/// The longest a frame spends on the review.
const REVIEW_SLICE: std::time::Duration = std::time::Duration::from_millis(4);

/// Longest quote shown in a row, with its ellipsis.
const ROW_QUOTE_CHARS: usize = 80;
/// Default width of the window.
const WINDOW_WIDTH_POINTS: f32 = 520.0;
/// Tallest the window's list grows before it scrolls.
const LIST_MAX_HEIGHT_POINTS: f32 = 480.0;

/// What a source's dates were read from: its length and publication date.
/// A change of either reads them again; an edit of the same length is
/// caught by [`EvidenceWindow::forget_dates`], which the app calls after
/// any change to sources.
type DatesKey = (usize, Option<String>);

/// The Evidence window and the review it shows.
#[derive(Debug, Default)]
pub struct EvidenceWindow {
    open: bool,
    review: Review,
    /// The read model generation `review` was made from.
    generation: Option<u64>,
    /// The review under way, with the generation it is for.
    steps: Option<(u64, ReviewSteps)>,
    /// Each source's date suggestions, with what they were read from.
    dates: HashMap<SourceId, (DatesKey, Vec<Suggestion>)>,
    /// Sources whose dates are being read on a worker.
    pending: Vec<SourceId>,
}

fn key_of(notebook: &Notebook, source: SourceId) -> Option<DatesKey> {
    let s = notebook.source(source)?;
    Some((
        s.body_chars,
        s.published.as_ref().map(|d| d.edtf().to_owned()),
    ))
}

impl EvidenceWindow {
    /// Opens the window.
    pub fn open(&mut self) {
        self.open = true;
    }

    /// True while the window is open.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The review shown.
    #[must_use]
    pub fn review(&self) -> &Review {
        &self.review
    }

    /// Forgets every source's date readings (a source's text may have
    /// changed, by an edit, an import, an undo or a redo).
    pub fn forget_dates(&mut self) {
        self.dates.clear();
        self.generation = None;
    }

    /// Sources (with a publication day) whose dates are not read yet, and
    /// are not being read: the app reads their texts and hands back the
    /// suggestions with [`Self::land_dates`].
    #[must_use]
    pub fn missing_dates(&self, notebook: &Notebook) -> Vec<(SourceId, Date)> {
        notebook
            .sources
            .iter()
            .filter(|s| !self.pending.contains(&s.id))
            .filter_map(|s| Some((s.id, s.published.clone()?)))
            .filter(|(id, _)| {
                self.dates.get(id).map(|(k, _)| Some(k)) != Some(key_of(notebook, *id).as_ref())
            })
            .collect()
    }

    /// Marks sources as being read on a worker.
    pub fn reading(&mut self, sources: impl IntoIterator<Item = SourceId>) {
        self.pending.extend(sources);
    }

    /// Takes a source's date suggestions.
    pub fn land_dates(&mut self, notebook: &Notebook, source: SourceId, found: Vec<Suggestion>) {
        self.pending.retain(|s| *s != source);
        if let Some(key) = key_of(notebook, source) {
            self.dates.insert(source, (key, found));
        }
        self.generation = None;
    }

    /// Goes on recomputing the review when the read model changed: one
    /// step in the frame of the change, at most [`REVIEW_SLICE`] of it in
    /// each frame after. True while it is not done (the caller asks for
    /// another frame).
    pub fn refresh(&mut self, notebook: &Notebook, generation: u64) -> bool {
        if self.generation == Some(generation) {
            return false;
        }
        let started = std::time::Instant::now();
        // The frame the read model changed in has spent its time bringing
        // the list and the timeline along (the edit a user waits to see):
        // it reviews one step of events only, the frames after it the
        // whole slice.
        let (steps, slice) = match &mut self.steps {
            Some((g, steps)) if *g == generation => (steps, REVIEW_SLICE),
            _ => (
                &mut self.steps.insert((generation, ReviewSteps::default())).1,
                std::time::Duration::ZERO,
            ),
        };
        if !steps.step(notebook, || started.elapsed() < slice) {
            return true;
        }
        let Some((_, steps)) = self.steps.take() else {
            return false;
        };
        self.generation = Some(generation);
        self.dates
            .retain(|id, (key, _)| key_of(notebook, *id).as_ref() == Some(key));
        let unused = self
            .dates
            .iter()
            .map(|(id, (_, found))| review::unused_dates(notebook, *id, found.clone()))
            .collect::<Vec<_>>();
        let mut review = steps.finish(notebook, unused);
        review.unused_dates.sort_by_key(|u| u.source);
        self.review = review;
        false
    }

    /// The status bar's summary: "Evidence: 2 unsupported · 1 disputed",
    /// or `None` when there is nothing to review.
    #[must_use]
    pub fn summary(&self) -> Option<String> {
        let r = &self.review;
        let unused: usize = r.unused_dates.iter().map(|u| u.unused.len()).sum();
        let parts: Vec<String> = [
            (r.unsupported.len(), "unsupported"),
            (r.single_source.len(), "single-source"),
            (r.lost.len(), "lost"),
            (r.orphan_excerpts.len(), "unused excerpts"),
            (unused, "unused dates"),
            (r.disputed.len(), "disputed"),
            (r.drift.len(), "drift"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        (!parts.is_empty()).then(|| format!("Evidence: {}", parts.join(" · ")))
    }

    /// Draws the window when it is open.
    pub(crate) fn ui(
        &mut self,
        ui: &mut Ui,
        notebook: &Notebook,
        theme: &Theme,
        out: &mut Vec<Command>,
    ) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Evidence")
            .open(&mut open)
            .default_width(WINDOW_WIDTH_POINTS)
            .default_pos(ui.ctx().content_rect().center_top() + egui::vec2(-260.0, 70.0))
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                egui::ScrollArea::vertical()
                    .max_height(LIST_MAX_HEIGHT_POINTS)
                    .show(ui, |ui| self.contents(ui, notebook, theme, out));
            });
        if !open {
            self.open = false;
        }
    }

    fn contents(&self, ui: &mut Ui, notebook: &Notebook, theme: &Theme, out: &mut Vec<Command>) {
        let r = &self.review;
        let event_rows = |ui: &mut Ui, ids: &[EventId], out: &mut Vec<Command>| {
            for id in ids {
                if let Some(event) = notebook.event(*id) {
                    let text = format!("{} — {}", event.date.display(), event.title);
                    if ui.link(text).clicked() {
                        out.push(Command::Select(Some(*id)));
                    }
                }
            }
        };
        let excerpt_rows = |ui: &mut Ui, ids: &[ExcerptId], out: &mut Vec<Command>| {
            for id in ids {
                if let Some(x) = notebook.excerpt(*id) {
                    let source = notebook.source(x.source).map_or("", |s| s.title.as_str());
                    let quote = crate::model::text::shortened(
                        &x.quote,
                        ROW_QUOTE_CHARS,
                        crate::model::text::Cut::AnyChar,
                    );
                    if ui.link(format!("“{quote}” — {source}")).clicked() {
                        out.push(Command::OpenExcerpt(*id));
                    }
                }
            }
        };
        let heading = |ui: &mut Ui, text: &str, n: usize| {
            ui.add_space(6.0);
            ui.strong(format!("{text} ({n})"));
        };
        heading(ui, "Disputed events", r.disputed.len());
        for id in &r.disputed {
            let Some(event) = notebook.event(*id) else {
                continue;
            };
            let accounts: Vec<String> = review::accounts(notebook, *id)
                .into_iter()
                .map(|a| {
                    format!(
                        "{}: {}",
                        a.source_title,
                        a.asserts
                            .as_ref()
                            .map_or_else(|| a.stance.name().to_owned(), Date::display)
                    )
                })
                .collect();
            let text = RichText::new(format!("⚠ {} — {}", event.title, accounts.join(" vs ")))
                .color(theme.disputed);
            if ui.link(text).clicked() {
                out.push(Command::Select(Some(*id)));
            }
        }
        heading(ui, "Unsupported events", r.unsupported.len());
        event_rows(ui, &r.unsupported, out);
        heading(ui, "Events resting on one source", r.single_source.len());
        event_rows(ui, &r.single_source, out);
        heading(
            ui,
            "Drift: source text changed after the quote was cut",
            r.drift.len(),
        );
        excerpt_rows(ui, &r.drift, out);
        heading(ui, "Lost excerpts", r.lost.len());
        excerpt_rows(ui, &r.lost, out);
        heading(ui, "Excerpts that support nothing", r.orphan_excerpts.len());
        excerpt_rows(ui, &r.orphan_excerpts, out);
        heading(ui, "Sources with dates no event uses", r.unused_dates.len());
        if !self.pending.is_empty() {
            ui.label(RichText::new("Reading the sources' dates…").color(theme.weak_text));
        }
        for unused in &r.unused_dates {
            if ui
                .link(format!("{} — {}", unused.title, unused.summary()))
                .clicked()
            {
                out.push(Command::OpenSource(unused.source));
            }
            let dates: Vec<String> = unused
                .unused
                .iter()
                .map(|s| format!("{} ({})", s.text, s.date.display()))
                .collect();
            ui.label(RichText::new(dates.join(", ")).color(theme.weak_text));
        }
    }
}
