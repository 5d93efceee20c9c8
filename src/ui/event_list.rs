//! The event list: a sortable, filterable table of every event.
//!
//! Only the visible rows are laid out (egui_extras virtualises the table), and
//! the filtered, sorted row order is cached until the notebook, the filter or
//! the sort changes, so a 100 000-event notebook scrolls freely.

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::app::{AnnalsApp, Command};
use super::theme;
use crate::model::{EventId, Notebook};

/// A column the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortColumn {
    /// Chronological (the notebook's own order).
    #[default]
    Date,
    /// Title, case-insensitive.
    Title,
    /// Track name.
    Track,
    /// Number of supporting excerpts.
    Excerpts,
}

/// The list's view state and row cache.
#[derive(Debug, Default)]
pub struct EventList {
    /// Text the list is narrowed to (title, date or track).
    pub filter: String,
    /// Sort column.
    pub sort: SortColumn,
    /// True for descending order.
    pub descending: bool,
    rows: Vec<usize>,
    cache_key: Option<(u64, String, SortColumn, bool)>,
    haystack: Option<(u64, Vec<String>)>,
    scroll_to: Option<EventId>,
    dirty: bool,
}

impl EventList {
    /// Forces the rows to be rebuilt next frame.
    pub fn invalidate(&mut self) {
        self.dirty = true;
    }

    /// Scrolls the table to this event next frame.
    pub fn scroll_to(&mut self, id: EventId) {
        self.scroll_to = Some(id);
    }

    /// Indices (into the notebook's events) of the rows shown, in order.
    #[must_use]
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// Rebuilds the rows if anything they depend on changed.
    pub fn refresh(&mut self, notebook: &Notebook, generation: u64) {
        let key = (generation, self.filter.clone(), self.sort, self.descending);
        if !self.dirty && self.cache_key.as_ref() == Some(&key) {
            return;
        }
        self.dirty = false;
        let needle = self.filter.trim().to_lowercase();
        let mut rows: Vec<usize> = if needle.is_empty() {
            (0..notebook.events.len()).collect()
        } else {
            if self.haystack.as_ref().is_none_or(|(g, _)| *g != generation) {
                let text = notebook
                    .events
                    .iter()
                    .map(|e| {
                        format!(
                            "{}\u{1f}{}\u{1f}{}",
                            e.title,
                            e.date.display(),
                            notebook.track_name(e.track)
                        )
                        .to_lowercase()
                    })
                    .collect();
                self.haystack = Some((generation, text));
            }
            let haystack = self
                .haystack
                .as_ref()
                .map_or(&[][..], |(_, h)| h.as_slice());
            let words: Vec<&str> = needle.split_whitespace().collect();
            (0..notebook.events.len())
                .filter(|i| words.iter().all(|w| haystack[*i].contains(w)))
                .collect()
        };
        let events = &notebook.events;
        match self.sort {
            SortColumn::Date => {}
            SortColumn::Title => rows.sort_by_cached_key(|i| events[*i].title.to_lowercase()),
            SortColumn::Track => {
                rows.sort_by_cached_key(|i| notebook.track_name(events[*i].track).to_lowercase())
            }
            SortColumn::Excerpts => rows.sort_by_key(|i| events[*i].excerpts.len()),
        }
        if self.descending {
            rows.reverse();
        }
        self.rows = rows;
        self.cache_key = Some(key);
    }
}

fn header(ui: &mut Ui, list: &mut EventList, column: SortColumn, name: &str) {
    let arrow = match (list.sort == column, list.descending) {
        (true, false) => " ⏶",
        (true, true) => " ⏷",
        (false, _) => "",
    };
    if ui
        .add(egui::Button::new(RichText::new(format!("{name}{arrow}")).strong()).frame(false))
        .clicked()
    {
        if list.sort == column {
            list.descending = !list.descending;
        } else {
            list.sort = column;
            list.descending = false;
        }
    }
}

/// Draws the event list panel.
pub fn show(app: &mut AnnalsApp, ui: &mut Ui) {
    let Some(session) = &app.session else {
        return;
    };
    let mut new_event = false;
    ui.horizontal(|ui| {
        new_event = ui.button("+ New event").on_hover_text("Ctrl+N").clicked();
    });
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut app.list.filter)
                .hint_text("title, date or track")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    let notebook = &session.notebook;
    app.list.refresh(notebook, session.generation);
    let shown = app.list.rows.len();
    if shown != notebook.events.len() {
        ui.label(
            RichText::new(format!("{shown} of {} events", notebook.events.len()))
                .color(theme::weak_text(ui)),
        );
    }
    let scroll_row = app
        .list
        .scroll_to
        .take()
        .and_then(|id| notebook.event_position(id))
        .and_then(|position| app.list.rows.iter().position(|r| *r == position));
    let mut clicked = None;
    // Cell text is not selectable, so a click anywhere on a row selects it.
    ui.style_mut().interaction.selectable_labels = false;
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .sense(Sense::click())
        .column(
            Column::initial(theme::DATE_COLUMN_POINTS)
                .at_least(theme::MIN_COLUMN_POINTS)
                .clip(true)
                .resizable(true),
        )
        .column(
            Column::remainder()
                .at_least(theme::NAME_COLUMN_POINTS)
                .clip(true),
        )
        .column(
            Column::initial(theme::NAME_COLUMN_POINTS)
                .at_least(theme::MIN_COLUMN_POINTS)
                .clip(true)
                .resizable(true),
        )
        .column(Column::exact(theme::COUNT_COLUMN_POINTS));
    if let Some(row) = scroll_row {
        table = table.scroll_to_row(row, Some(egui::Align::Center));
    }
    let selected = app.selected;
    let list = &mut app.list;
    table
        .header(theme::LIST_ROW_HEIGHT_POINTS, |mut row| {
            row.col(|ui| header(ui, list, SortColumn::Date, "Date"));
            row.col(|ui| header(ui, list, SortColumn::Title, "Title"));
            row.col(|ui| header(ui, list, SortColumn::Track, "Track"));
            row.col(|ui| header(ui, list, SortColumn::Excerpts, "✂"));
        })
        .body(|body| {
            body.rows(theme::LIST_ROW_HEIGHT_POINTS, list.rows.len(), |mut row| {
                let event = &notebook.events[list.rows[row.index()]];
                row.set_selected(selected == Some(event.id));
                row.col(|ui| {
                    ui.label(event.date.display());
                });
                row.col(|ui| {
                    ui.label(&event.title);
                });
                row.col(|ui| {
                    let track = event.track.and_then(|t| notebook.track(t));
                    let colour = track.map_or_else(
                        || theme::no_track_colour(ui),
                        |t| theme::track_colour(ui, t.colour),
                    );
                    ui.label(RichText::new(notebook.track_name(event.track)).color(colour));
                });
                row.col(|ui| {
                    let count = event.excerpts.len();
                    if count == 0 {
                        ui.label(RichText::new("0").color(theme::unsupported(ui)))
                            .on_hover_text("No excerpt supports this event yet");
                    } else {
                        ui.label(count.to_string());
                    }
                });
                if row.response().clicked() {
                    clicked = Some(event.id);
                }
            });
        });
    if new_event {
        app.push(Command::NewEvent { date: None });
    }
    if let Some(id) = clicked {
        app.push(Command::Select(Some(id)));
    }
}
