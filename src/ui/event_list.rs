//! The event list: a sortable, filterable table of every event.
//!
//! Only the visible rows are laid out (egui_extras virtualises the table), and
//! the filtered, sorted row order is cached until the read model's
//! generation, the filter or the sort changes, so a 100 000-event notebook
//! scrolls freely. The generation is the one invalidation path: it changes
//! with every action, undo, redo and opened notebook.

use egui::{RichText, Ui};
use egui_extras::Column;

use super::command::Command;
use super::theme;
use super::view::ViewCtx;
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

/// What the rows depend on besides the read model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Query {
    filter: String,
    sort: SortColumn,
    descending: bool,
}

/// The list's view state and row cache.
#[derive(Debug, Default)]
pub struct EventList {
    query: Query,
    rows: Vec<usize>,
    /// The generation, filter key and query `rows` were built for.
    built_for: Option<(u64, u64, Query)>,
    /// Lower-cased "title, date, track" of every event, for filtering.
    haystack: Option<(u64, Vec<String>)>,
    scroll_to: Option<EventId>,
    /// The list has the keyboard (↑/↓, Enter): a row was clicked or the
    /// filter was typed in, and nothing outside the list was clicked since.
    keyboard: bool,
}

impl EventList {
    /// Scrolls the table to this event next frame.
    pub fn scroll_to(&mut self, id: EventId) {
        self.scroll_to = Some(id);
    }

    /// Indices (into the notebook's events) of the rows shown, in order.
    #[must_use]
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// Rebuilds the rows if the read model or the query changed.
    pub fn refresh(&mut self, notebook: &Notebook, generation: u64) {
        self.refresh_shown(notebook, generation, None);
    }

    /// As [`EventList::refresh`], listing only the events the filter keeps
    /// (`shown`: the filter's key and one flag per event).
    pub fn refresh_shown(
        &mut self,
        notebook: &Notebook,
        generation: u64,
        shown: Option<(u64, &[bool])>,
    ) {
        let key = shown.map_or(0, |(k, _)| k);
        if self
            .built_for
            .as_ref()
            .is_some_and(|(g, k, q)| *g == generation && *k == key && *q == self.query)
        {
            return;
        }
        let needle = self.query.filter.trim().to_lowercase();
        if !needle.is_empty() && self.haystack.as_ref().is_none_or(|(g, _)| *g != generation) {
            self.haystack = Some((generation, haystack(notebook)));
        }
        let haystack = self
            .haystack
            .as_ref()
            .map_or(&[][..], |(_, h)| h.as_slice());
        self.rows = rows(notebook, haystack, &self.query);
        if let Some((_, mask)) = shown {
            self.rows.retain(|i| mask.get(*i).copied().unwrap_or(true));
        }
        self.built_for = Some((generation, key, self.query.clone()));
    }

    /// What the filter holds.
    #[must_use]
    pub fn filter(&self) -> &str {
        &self.query.filter
    }

    /// Sets the filter (the one a notebook had when it was last open).
    pub fn set_filter(&mut self, filter: String) {
        self.query.filter = filter;
    }

    /// True when ↑/↓ and Enter go to the list.
    #[must_use]
    pub fn has_keyboard(&self) -> bool {
        self.keyboard
    }

    /// ↑/↓ select the row above or below the selected one (the first or
    /// last when none is); Enter opens the selected event for editing.
    fn keys(
        &mut self,
        ui: &mut Ui,
        ctx: &ViewCtx<'_>,
        filter_focused: bool,
        out: &mut Vec<Command>,
    ) {
        if !self.keyboard || ctx.modal || (ui.ctx().text_edit_focused() && !filter_focused) {
            return;
        }
        let (up, down, enter) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                !filter_focused && i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
            )
        });
        if (up || down) && filter_focused {
            // Leaving the filter for the rows, as in a search box's results.
            ui.memory_mut(egui::Memory::stop_text_input);
        }
        let current = ctx
            .selected
            .and_then(|id| ctx.notebook.event_position(id))
            .and_then(|position| self.rows.iter().position(|r| *r == position));
        let last = self.rows.len().checked_sub(1);
        let next = match (up, down, current) {
            (true, _, Some(row)) => Some(row.saturating_sub(1)),
            (true, _, None) => last,
            (_, true, Some(row)) => Some((row + 1).min(last.unwrap_or(0))),
            (_, true, None) => (!self.rows.is_empty()).then_some(0),
            _ => None,
        };
        if let Some(event) = next
            .and_then(|row| self.rows.get(row))
            .and_then(|i| ctx.notebook.events.get(*i))
            && Some(event.id) != ctx.selected
        {
            out.push(Command::Select(Some(event.id)));
        }
        if enter && ctx.selected.is_some() {
            out.push(Command::EditSelected);
        }
    }

    /// Draws the event list panel.
    pub(crate) fn ui(&mut self, ui: &mut Ui, ctx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let notebook = ctx.notebook;
        let list_rect = ui.max_rect();
        if ui.input(|i| {
            i.pointer.any_pressed()
                && i.pointer
                    .press_origin()
                    .is_some_and(|p| !list_rect.contains(p))
        }) {
            self.keyboard = false;
        }
        let filter_id = ui.make_persistent_id("event_filter");
        let filter_focused = ui.memory(|m| m.has_focus(filter_id));
        if filter_focused {
            self.keyboard = true;
        }
        self.refresh(notebook, ctx.generation);
        self.keys(ui, ctx, filter_focused, out);
        ui.horizontal(|ui| {
            if ui.button("+ New event").on_hover_text("Ctrl+N").clicked() {
                out.push(Command::NewEvent { date: None });
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            ui.add(
                egui::TextEdit::singleline(&mut self.query.filter)
                    .id(filter_id)
                    .hint_text("find in the list: title, date or track")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
        self.refresh_shown(notebook, ctx.generation, ctx.shown);
        let select_all = !ctx.modal
            && !ui.ctx().egui_wants_keyboard_input()
            && ui.input_mut(|i| {
                i.consume_shortcut(&egui::KeyboardShortcut::new(
                    egui::Modifiers::COMMAND,
                    egui::Key::A,
                ))
            });
        if select_all && !self.rows.is_empty() {
            out.push(Command::SelectMany(
                self.rows.iter().map(|i| notebook.events[*i].id).collect(),
            ));
        }
        let shown = self.rows.len();
        if shown != notebook.events.len() {
            ui.label(
                RichText::new(format!("{shown} of {} events", notebook.events.len()))
                    .color(ctx.theme.weak_text),
            );
        }
        let scroll_row = self
            .scroll_to
            .take()
            .and_then(|id| notebook.event_position(id))
            .and_then(|position| self.rows.iter().position(|r| *r == position));
        // Cell text is not selectable, so a click anywhere on a row selects it.
        ui.style_mut().interaction.selectable_labels = false;
        // In a narrow panel the dates give up room, and the track column
        // goes (the track still colours the timeline's lanes).
        let width = ui.available_width();
        let show_track = width >= theme::LIST_TRACK_COLUMN_MIN_PANEL_POINTS;
        let show_tags = width >= theme::LIST_TAGS_COLUMN_MIN_PANEL_POINTS;
        let date_column = Column::initial(
            theme::DATE_COLUMN_POINTS.min(width * theme::LIST_DATE_COLUMN_MAX_SHARE),
        )
        .at_least(theme::MIN_COLUMN_POINTS)
        .clip(true)
        .resizable(true);
        let mut table = theme::list_table(ui, date_column).column(theme::title_column());
        if show_track {
            table = table.column(
                Column::initial(theme::NAME_COLUMN_POINTS)
                    .at_least(theme::MIN_COLUMN_POINTS)
                    .clip(true)
                    .resizable(true),
            );
        }
        if show_tags {
            table = table.column(
                Column::initial(theme::NAME_COLUMN_POINTS)
                    .at_least(theme::MIN_COLUMN_POINTS)
                    .clip(true)
                    .resizable(true),
            );
        }
        let mut table = table.column(Column::exact(theme::COUNT_COLUMN_POINTS));
        if let Some(row) = scroll_row {
            table = table.scroll_to_row(row, Some(egui::Align::Center));
        }
        let query = &mut self.query;
        let rows = &self.rows;
        let keyboard = &mut self.keyboard;
        let theme = ctx.theme;
        table
            .header(theme::LIST_ROW_HEIGHT_POINTS, |mut row| {
                row.col(|ui| header(ui, query, SortColumn::Date, "Date"));
                row.col(|ui| header(ui, query, SortColumn::Title, "Title"));
                if show_track {
                    row.col(|ui| header(ui, query, SortColumn::Track, "Track"));
                }
                if show_tags {
                    row.col(|ui| {
                        ui.strong("Tags");
                    });
                }
                row.col(|ui| header(ui, query, SortColumn::Excerpts, "✂"));
            })
            .body(|body| {
                body.rows(theme::LIST_ROW_HEIGHT_POINTS, rows.len(), |mut row| {
                    let event = &notebook.events[rows[row.index()]];
                    row.set_selected(
                        ctx.selected == Some(event.id) || ctx.multi.contains(&event.id),
                    );
                    row.col(|ui| {
                        ui.label(event.date.display());
                    });
                    row.col(|ui| {
                        if show_tags || event.tags.is_empty() {
                            ui.label(&event.title);
                        } else {
                            // The title is the row's one label (what a
                            // screen reader reads, at the row's baseline);
                            // the tags are painted after it, clipped by the
                            // cell.
                            let title = ui.label(&event.title);
                            ui.painter().text(
                                egui::pos2(title.rect.right() + 8.0, title.rect.center().y),
                                egui::Align2::LEFT_CENTER,
                                tag_names(notebook, event),
                                egui::TextStyle::Body.resolve(ui.style()),
                                theme.weak_text,
                            );
                        }
                    });
                    if show_track {
                        row.col(|ui| {
                            let colour = theme.track_or_none(
                                event
                                    .track
                                    .and_then(|t| notebook.track(t))
                                    .map(|t| t.colour),
                            );
                            ui.label(RichText::new(notebook.track_name(event.track)).color(colour));
                        });
                    }
                    if show_tags {
                        row.col(|ui| {
                            let tags = tag_names(notebook, event);
                            if !tags.is_empty() {
                                ui.label(RichText::new(tags).color(theme.weak_text));
                            }
                        });
                    }
                    row.col(|ui| {
                        let count = event.excerpts.len();
                        if count == 0 {
                            ui.label(RichText::new("0").color(theme.unsupported))
                                .on_hover_text("No excerpt supports this event yet");
                        } else {
                            ui.label(count.to_string());
                        }
                    });
                    let response = row.response();
                    if response.clicked() {
                        let modifiers = response.ctx.input(|i| i.modifiers);
                        out.push(click(rows, ctx, event.id, modifiers));
                        *keyboard = true;
                    }
                });
            });
    }
}

/// An event's tags as the list shows them ("summit, DPRK").
#[must_use]
pub fn tag_names(notebook: &Notebook, event: &crate::model::Event) -> String {
    event
        .tags
        .iter()
        .filter_map(|t| notebook.tag(*t))
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A sortable column's header: click to sort by it, again to reverse.
fn header(ui: &mut Ui, query: &mut Query, column: SortColumn, name: &str) {
    let arrow = match (query.sort == column, query.descending) {
        (true, false) => " ⏶",
        (true, true) => " ⏷",
        (false, _) => "",
    };
    if ui
        .add(egui::Button::new(RichText::new(format!("{name}{arrow}")).strong()).frame(false))
        .clicked()
    {
        if query.sort == column {
            query.descending = !query.descending;
        } else {
            query.sort = column;
            query.descending = false;
        }
    }
}

/// What the filter searches in, per event: title, date as shown and track,
/// lower-cased.
fn haystack(notebook: &Notebook) -> Vec<String> {
    notebook
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
        .collect()
}

/// The rows a query shows: events whose haystack holds every word of the
/// filter, in the query's order.
fn rows(notebook: &Notebook, haystack: &[String], query: &Query) -> Vec<usize> {
    let needle = query.filter.trim().to_lowercase();
    let mut rows: Vec<usize> = if needle.is_empty() {
        (0..notebook.events.len()).collect()
    } else {
        let words: Vec<&str> = needle.split_whitespace().collect();
        (0..notebook.events.len())
            .filter(|i| {
                haystack
                    .get(*i)
                    .is_some_and(|text| words.iter().all(|w| text.contains(w)))
            })
            .collect()
    };
    let events = &notebook.events;
    match query.sort {
        SortColumn::Date => {}
        SortColumn::Title => rows.sort_by_cached_key(|i| events[*i].title.to_lowercase()),
        SortColumn::Track => {
            rows.sort_by_cached_key(|i| notebook.track_name(events[*i].track).to_lowercase());
        }
        SortColumn::Excerpts => rows.sort_by_key(|i| events[*i].excerpts.len()),
    }
    if query.descending {
        rows.reverse();
    }
    rows
}

/// What a click on a row selects: the row alone, or with Ctrl one more (or
/// one less), with Shift the rows from the selected one to it.
fn click(rows: &[usize], ctx: &ViewCtx<'_>, id: EventId, modifiers: egui::Modifiers) -> Command {
    let notebook = ctx.notebook;
    let mut chosen: Vec<EventId> = if ctx.multi.is_empty() {
        ctx.selected.into_iter().collect()
    } else {
        rows.iter()
            .map(|i| notebook.events[*i].id)
            .filter(|e| ctx.multi.contains(e))
            .collect()
    };
    if modifiers.shift
        && let Some(anchor) = ctx.selected
    {
        let position = |id: EventId| {
            notebook
                .event_position(id)
                .and_then(|p| rows.iter().position(|r| *r == p))
        };
        if let (Some(a), Some(b)) = (position(anchor), position(id)) {
            let (lo, hi) = (a.min(b), a.max(b));
            let mut range: Vec<EventId> = rows[lo..=hi]
                .iter()
                .map(|i| notebook.events[*i].id)
                .collect();
            // The clicked row last: it is the one the inspector names.
            range.retain(|e| *e != id);
            range.push(id);
            return Command::SelectMany(range);
        }
    }
    if modifiers.command {
        if chosen.contains(&id) {
            chosen.retain(|e| *e != id);
        } else {
            chosen.push(id);
        }
        return Command::SelectMany(chosen);
    }
    Command::Select(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::fixtures;

    fn notebook(events: &[(&str, &str, Option<&str>)]) -> Notebook {
        let events: Vec<_> = events
            .iter()
            .map(|(t, d, k)| (*t, *d, *k, &[][..]))
            .collect();
        fixtures::notebook(&events)
    }

    fn titles(notebook: &Notebook, list: &EventList) -> Vec<String> {
        list.rows()
            .iter()
            .map(|i| notebook.events[*i].title.clone())
            .collect()
    }

    #[test]
    fn the_filter_needs_every_word_in_title_date_or_track() {
        let notebook = notebook(&[
            ("Putin–Kim summit", "2023-09", Some("Diplomacy")),
            ("Spy satellite launch", "2023-11", Some("Military")),
            ("Haines testimony", "2024-03", None),
        ]);
        let mut list = EventList::default();
        list.refresh(&notebook, 1);
        assert_eq!(list.rows(), &[0, 1, 2]);
        list.query.filter = "SAT 2023".into();
        list.refresh(&notebook, 1);
        assert_eq!(titles(&notebook, &list), vec!["Spy satellite launch"]);
        list.query.filter = "diplomacy september".into();
        list.refresh(&notebook, 1);
        assert_eq!(titles(&notebook, &list), vec!["Putin–Kim summit"]);
        list.query.filter = "no track".into();
        list.refresh(&notebook, 1);
        assert_eq!(titles(&notebook, &list), vec!["Haines testimony"]);
    }

    #[test]
    fn sorting_by_title_track_and_excerpts_and_reversed() {
        let notebook = notebook(&[
            ("b event", "2020", Some("Zeta")),
            ("A event", "2021", Some("alpha")),
            ("C event", "2019", None),
        ]);
        let mut list = EventList::default();
        list.refresh(&notebook, 1);
        assert_eq!(
            titles(&notebook, &list),
            vec!["C event", "b event", "A event"]
        );
        list.query.sort = SortColumn::Title;
        list.refresh(&notebook, 1);
        assert_eq!(
            titles(&notebook, &list),
            vec!["A event", "b event", "C event"]
        );
        list.query.descending = true;
        list.refresh(&notebook, 1);
        assert_eq!(
            titles(&notebook, &list),
            vec!["C event", "b event", "A event"]
        );
        list.query = Query {
            sort: SortColumn::Track,
            ..Query::default()
        };
        list.refresh(&notebook, 1);
        assert_eq!(
            titles(&notebook, &list),
            vec!["A event", "C event", "b event"]
        );
    }

    #[test]
    fn rows_are_rebuilt_only_for_a_new_generation_or_query() {
        let first = notebook(&[("Summit", "2023-09", None)]);
        let second = notebook(&[("Summit", "2023-09", None), ("Launch", "2023-11", None)]);
        let mut list = EventList::default();
        list.query.filter = "launch".into();
        list.refresh(&first, 7);
        assert!(list.rows().is_empty());
        // The same generation: the cache stands.
        list.refresh(&second, 7);
        assert!(list.rows().is_empty());
        list.refresh(&second, 8);
        assert_eq!(titles(&second, &list), vec!["Launch"]);
    }
}
