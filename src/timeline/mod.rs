//! The timeline widget. `scale`, `ticks`, `index`, `layout`, `extent`,
//! `project` and `scene` are pure (f64 seconds, no egui); this module
//! (interaction) and `paint` (drawing a scene) are the only files here that
//! touch egui.
//!
//! The widget never changes research data: it reports what the user asked
//! for in a [`TimelineOutput`] and the app turns that into commands. An
//! exporter draws what the widget draws from a [`scene::Scene`].

pub mod as_of;
pub mod brackets;
pub mod extent;
pub mod geometry;
pub mod index;
pub mod layout;
pub mod links;
pub mod marks;
mod paint;
pub mod project;
pub mod scale;
pub mod scene;
pub mod ticks;

pub use paint::TimelineStyle;

use egui::{Key, Pos2, Rect, RichText, Sense, Ui, Vec2};

use crate::model::date::{Date, Precision};
use crate::model::{EventId, Notebook};
use extent::extent_from_date;
use index::Histogram;
use project::Projection;
use scale::{Mapping, TimeView};
use scene::{Areas, Bounds, LaneMarks, Overview, Scene};

/// Zoom per wheel point: 200 points of wheel double or halve the span.
const WHEEL_POINTS_PER_DOUBLING: f32 = 200.0;
/// Zoom factor of one + / − key press.
const KEY_ZOOM_FACTOR: f64 = 1.5;
/// Fraction of the width one arrow-key press pans.
const KEY_PAN_FRACTION: f64 = 0.1;
/// Width of the scroll bar shown when the lanes are taller than the widget.
const SCROLL_BAR_WIDTH_POINTS: f32 = 8.0;
/// Bins in the overview strip per point of width.
const OVERVIEW_BIN_POINTS: f32 = 3.0;
/// Size of the notice on an empty timeline.
const EMPTY_NOTICE_FONT_POINTS: f32 = 14.0;

/// Where a double-click on empty space asked for a new event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewEventAt {
    /// The time under the pointer, in seconds since 1970-01-01.
    pub time: f64,
    /// How precisely one can point at this zoom: a day, a month or a year.
    pub precision: Precision,
}

impl NewEventAt {
    /// The date a new event made here starts with.
    #[must_use]
    pub fn date(&self) -> Option<Date> {
        extent::date_at(self.time, self.precision)
    }
}

/// What the user asked for this frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineOutput {
    /// An event was clicked: select it.
    pub clicked: Option<EventId>,
    /// Empty space was double-clicked: start a new event there.
    pub new_event_at: Option<NewEventAt>,
    /// A parent's fold control was clicked, or Space pressed with a parent
    /// selected: fold it, or unfold it.
    pub toggle_fold: Option<EventId>,
}

/// The timeline's state: the view and the projection of the notebook it
/// shows.
#[derive(Debug)]
pub struct Timeline {
    /// The visible window of time.
    pub view: TimeView,
    projection: Projection,
    overview: Option<(u64, usize, Histogram)>,
    goto: String,
    goto_error: Option<String>,
    /// Whether the legend is shown.
    pub show_legend: bool,
    fit_pending: bool,
    reveal: Option<EventId>,
    lanes_rect: Rect,
    /// How far the lanes are scrolled down, when they are taller than the
    /// widget (many tracks).
    scroll_y: f32,
    /// The filter's flags per event, with the key that names them.
    shown: Option<(u64, std::sync::Arc<Vec<bool>>)>,
    /// The as-of control: what the sources published by a day support.
    pub as_of: as_of::AsOf,
    /// Whether arrows between linked events are drawn.
    pub show_links: bool,
}

impl Default for Timeline {
    fn default() -> Self {
        Self {
            view: TimeView::default(),
            projection: Projection::default(),
            overview: None,
            goto: String::new(),
            goto_error: None,
            show_legend: false,
            fit_pending: true,
            reveal: None,
            lanes_rect: Rect::NOTHING,
            scroll_y: 0.0,
            shown: None,
            as_of: as_of::AsOf::default(),
            show_links: true,
        }
    }
}

impl Timeline {
    /// Rebuilds the projection when the notebook changed (not every frame).
    fn sync(&mut self, notebook: &Notebook, generation: u64, folds: &brackets::Folds) {
        let shown = self.shown.as_ref().map(|(k, m)| (*k, m));
        if self
            .projection
            .sync_shared(notebook, generation, shown, folds)
        {
            self.overview = None;
        }
    }

    /// True while the lanes still show the last filter's result (the new
    /// one is being worked out on a worker).
    #[must_use]
    pub const fn filter_pending(&self) -> bool {
        self.projection.deriving()
    }

    /// Draws only the events a filter keeps: a key that changes with the
    /// filter and one flag per event (`None` shows every event).
    pub fn set_shown(&mut self, shown: Option<(u64, std::sync::Arc<Vec<bool>>)>) {
        self.shown = shown;
    }

    /// How many events the timeline draws (after the filter and hidden
    /// tracks), as of the last frame.
    #[must_use]
    pub fn drawn_events(&self) -> usize {
        self.projection.index().len()
    }

    /// Bytes the timeline's event index holds (the memory benchmark).
    #[must_use]
    pub fn index_heap_bytes(&self) -> usize {
        self.projection.index().heap_bytes()
    }

    /// The lanes drawn, top first, as of the last frame.
    #[must_use]
    pub fn lanes(&self) -> &[project::Lane] {
        self.projection.lanes()
    }

    /// Where the lanes were drawn last frame (screen points).
    #[must_use]
    pub fn lanes_rect(&self) -> Rect {
        self.lanes_rect
    }

    /// Lays the lanes out by track or by entity.
    pub fn set_lane_mode(&mut self, mode: project::LaneMode) {
        self.projection.set_lane_mode(mode);
        self.overview = None;
    }

    /// How the lanes are laid out.
    #[must_use]
    pub fn lane_mode(&self) -> &project::LaneMode {
        self.projection.lane_mode()
    }

    /// Shows this window of time (and cancels a pending fit).
    pub fn set_view(&mut self, view: TimeView) {
        self.view = view;
        self.fit_pending = false;
    }

    /// Brings an event into view next frame (after selecting it elsewhere).
    pub fn reveal(&mut self, id: EventId) {
        self.reveal = Some(id);
    }

    fn apply_pending(&mut self, notebook: &Notebook) {
        if self.fit_pending
            && let Some((start, end)) = self.projection.index().extent()
        {
            self.view = scene::fitted_view((start, end));
            self.fit_pending = false;
        }
        if let Some(id) = self.reveal.take() {
            let Some(position) = notebook.event_position(id) else {
                return;
            };
            let Some(extent) = self.projection.extents().get(position) else {
                return;
            };
            let (start, end) = (extent.start, extent.end);
            let visible = start <= self.view.end() && end >= self.view.start;
            if !visible {
                let centre = match (start.is_finite(), end.is_finite()) {
                    (true, true) => (start + end) / 2.0,
                    (true, false) => start,
                    (false, true) => end,
                    (false, false) => self.view.center(),
                };
                self.view.center_on(centre);
            }
        }
    }

    /// Draws the timeline in the available space, `selected` marked and
    /// nothing folded.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        notebook: &Notebook,
        generation: u64,
        selected: Option<EventId>,
        style: &TimelineStyle,
    ) -> TimelineOutput {
        let none = std::collections::HashSet::new();
        let folds = brackets::Folds::default();
        self.show_with(ui, notebook, generation, (selected, &none, &folds), style)
    }

    /// Who contains whom among the events drawn, as of the last frame.
    #[must_use]
    pub fn family(&self) -> &brackets::Family {
        self.projection.family()
    }

    /// As [`Timeline::show`], marking the events of a multi-selection
    /// (`also`) as selected too (`selected` is the one the view follows),
    /// the parents in `folds` folded (the window keeps the folds: they are
    /// view state).
    pub fn show_with(
        &mut self,
        ui: &mut Ui,
        notebook: &Notebook,
        generation: u64,
        (selected, also, folds): (
            Option<EventId>,
            &std::collections::HashSet<EventId>,
            &brackets::Folds,
        ),
        style: &TimelineStyle,
    ) -> TimelineOutput {
        self.sync(notebook, generation, folds);
        if self.projection.deriving() {
            ui.ctx().request_repaint();
        }
        self.apply_pending(notebook);
        let mut output = TimelineOutput::default();
        self.toolbar(ui, notebook, style);
        let known = self.as_of.known(notebook, generation);
        // Never wider than the panel, whatever the toolbar needed.
        let full = ui.available_rect_before_wrap().intersect(ui.max_rect());
        ui.allocate_rect(full, Sense::hover());
        let area = Bounds::from_min_max(full.min.x, full.min.y, full.max.x, full.max.y);
        let areas = Areas::of(area);
        let lanes_rect = paint::rect(areas.lanes);
        self.lanes_rect = lanes_rect;

        // The background takes drags (pan), wheel (zoom), double-clicks (new
        // event) and keyboard focus; items drawn over it take clicks.
        let background = ui.interact(
            lanes_rect,
            ui.scope_id().with("timeline_background"),
            Sense::click_and_drag(),
        );
        let selected_position = selected
            .and_then(|id| notebook.event_position(id))
            .and_then(|p| u32::try_from(p).ok());
        self.interact(ui, &background, &areas.mapping(&self.view), &mut output);
        if Self::keyboard(ui, &background)
            && ui.input(|i| i.key_pressed(Key::Space))
            && let Some(position) = selected_position
            && self.projection.family().parent(position).is_some()
        {
            output.toggle_fold = selected;
        }
        let mut scene = Scene::with_selection(
            &self.projection,
            notebook,
            &self.view,
            area,
            self.scroll_y,
            selected_position,
        );
        paint::axis(ui, &scene.axis, lanes_rect);
        self.scroll_y = scene.scroll_y;
        self.scroll_lanes(ui, lanes_rect, scene.content_height);
        scene.scroll_to(self.scroll_y);
        let painter = ui.painter_at(lanes_rect);
        for lane in &scene.lanes {
            let lane_rect = paint::rect(lane.bounds);
            if lane_rect.intersects(lanes_rect) {
                let colour = style.lane_colour(lane.colour);
                paint::lane_background(&painter, ui, lane_rect, &lane.header, colour);
            }
        }
        // Arrows go under the marks: a label painted later, on its own
        // background, stays readable where an arrow crosses it.
        if self.show_links {
            self.paint_links(ui, &painter, &scene, notebook, selected, &mut output);
        }
        // Events whose mark has its widget this frame: with lanes by entity
        // an event is in the lane of each of its people, and the later
        // marks take an id of their own (the first keeps the id the
        // rectangle selection looks for).
        let mut marked = std::collections::HashSet::new();
        for lane in &scene.lanes {
            let lane_rect = paint::rect(lane.bounds);
            if !lane_rect.intersects(lanes_rect) {
                continue;
            }
            let colour = style.lane_colour(lane.colour);
            match &lane.content {
                LaneMarks::Events {
                    marks,
                    clusters,
                    brackets,
                } => {
                    for bracket in brackets {
                        self.bracket(
                            (&*ui, &painter, &background),
                            (bracket, lane.lane, colour),
                            (notebook, selected, style),
                            (&mut marked, &mut output),
                        );
                    }
                    for mark in marks {
                        let Some(event) = notebook.events.get(mark.event_index) else {
                            continue;
                        };
                        let chosen = selected == Some(event.id) || also.contains(&event.id);
                        let look = (event.title.as_str(), colour, chosen);
                        let hit = paint::mark(&painter, ui, mark, look, style);
                        let evidence = paint::EvidenceLook::of(
                            notebook,
                            event.id,
                            known
                                .as_ref()
                                .and_then(|k| k.get(mark.event_index).copied()),
                        );
                        paint::evidence_overlay(&painter, ui, mark, (hit, colour), evidence, style);
                        if !hit.intersects(lanes_rect) {
                            continue;
                        }
                        let id = if marked.insert(event.id) {
                            ui.scope_id().with(("timeline_event", event.id))
                        } else {
                            ui.scope_id().with(("timeline_event", event.id, lane.lane))
                        };
                        let response = ui
                            .interact(hit.intersect(lanes_rect), id, Sense::click())
                            .on_hover_ui(|ui| {
                                paint::hover_card(ui, notebook, event, style);
                                paint::evidence_hover(ui, notebook, event.id, evidence, style);
                            });
                        let label = evidence.label(&event.title);
                        // Selected marks read as pressed (a screen reader says so).
                        response.widget_info(|| {
                            egui::WidgetInfo::selected(egui::Role::Button, true, chosen, &label)
                        });
                        if response.clicked() {
                            output.clicked = Some(event.id);
                            background.request_focus();
                        }
                    }
                    for cluster in clusters {
                        let rect = paint::cluster(&painter, ui, cluster, colour);
                        let label = format!("{} events", cluster.count);
                        let response = ui
                            .interact(
                                rect.intersect(lanes_rect),
                                ui.scope_id().with((
                                    "timeline_cluster",
                                    lane.lane,
                                    cluster.x0.to_bits(),
                                )),
                                Sense::click(),
                            )
                            .on_hover_ui(|ui| {
                                ui.strong(&label);
                                for member in &cluster.members {
                                    if let Some(event) = notebook.events.get(*member as usize) {
                                        ui.label(format!(
                                            "{} — {}",
                                            event.date.display(),
                                            event.title
                                        ));
                                    }
                                }
                                if cluster.count as usize > cluster.members.len() {
                                    ui.label("…");
                                }
                                ui.label(RichText::new("Click to zoom in").color(style.weak_text));
                            });
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                        });
                        if response.clicked() {
                            background.request_focus();
                            self.view.fit(
                                cluster.start.max(self.view.start),
                                cluster.end.min(self.view.end()),
                            );
                        }
                    }
                }
                LaneMarks::Density { bars, .. } => paint::density(&painter, bars, colour),
            }
        }
        if let Some(centre) = scene.empty_notice {
            painter.text(
                Pos2::new(centre.x, centre.y),
                egui::Align2::CENTER_CENTER,
                scene::EMPTY_NOTICE,
                egui::FontId::proportional(EMPTY_NOTICE_FONT_POINTS),
                style.weak_text,
            );
        }
        self.overview_strip(ui, areas.overview);
        if self.show_legend {
            paint::legend(ui, lanes_rect, style);
        }
        output
    }

    /// When the lanes are taller than the widget: a scroll bar at the right
    /// edge (drag it, or turn the wheel over it; the wheel elsewhere zooms).
    fn scroll_lanes(&mut self, ui: &mut Ui, lanes_rect: Rect, total_height: f32) {
        let visible = lanes_rect.height().max(1.0);
        let max_scroll = (total_height - visible).max(0.0);
        self.scroll_y = self.scroll_y.clamp(0.0, max_scroll);
        if max_scroll <= 0.0 {
            return;
        }
        let bar = Rect::from_min_max(
            Pos2::new(lanes_rect.max.x - SCROLL_BAR_WIDTH_POINTS, lanes_rect.min.y),
            lanes_rect.max,
        );
        let response = ui.interact(
            bar,
            ui.scope_id().with("timeline_lane_scroll"),
            Sense::drag(),
        );
        let points_per_scroll = visible / total_height;
        if response.dragged() {
            self.scroll_y += response.drag_delta().y / points_per_scroll;
        }
        if response.hovered() {
            self.scroll_y -= ui.input(|i| i.smooth_scroll_delta.y);
        }
        self.scroll_y = self.scroll_y.clamp(0.0, max_scroll);
        let handle_height = (visible * points_per_scroll).max(SCROLL_BAR_WIDTH_POINTS * 3.0);
        let handle_top = bar.min.y + self.scroll_y * points_per_scroll;
        let handle = Rect::from_min_size(
            Pos2::new(bar.min.x, handle_top),
            Vec2::new(bar.width(), handle_height),
        );
        let visuals = ui.visuals();
        let painter = ui.painter_at(lanes_rect);
        painter.rect_filled(bar, 3.0, visuals.extreme_bg_color);
        let fill = if response.hovered() || response.dragged() {
            visuals.widgets.hovered.bg_fill
        } else {
            visuals.widgets.inactive.bg_fill
        };
        painter.rect_filled(handle, 3.0, fill);
        response.on_hover_text("More tracks below: drag, or turn the wheel here");
    }

    fn toolbar(&mut self, ui: &mut Ui, notebook: &Notebook, style: &TimelineStyle) {
        // Wraps onto a second row in a narrow window rather than running
        // under the inspector.
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Go to");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.goto)
                        .hint_text("any date, e.g. Sept 2023")
                        .desired_width(style.date_field_width_points),
                )
                .labelled_by(label.id);
            if field.changed() {
                self.goto_error = None;
            }
            let go = ui.button("Go").clicked();
            if go || (field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter))) {
                match Date::parse(&self.goto) {
                    Ok(date) => {
                        let extent = extent_from_date(&date);
                        let (start, end) = (extent.fuzzy_start, extent.fuzzy_end);
                        match (start.is_finite(), end.is_finite()) {
                            (true, true) => self.view.fit(start, end),
                            (true, false) => self.view.center_on(start),
                            (false, true) => self.view.center_on(end),
                            (false, false) => {}
                        }
                        self.goto_error = None;
                    }
                    Err(e) => self.goto_error = Some(e.to_string()),
                }
            }
            ui.separator();
            if ui
                .button("Fit")
                .on_hover_text("Show everything (F)")
                .clicked()
            {
                self.fit_pending = true;
            }
            if ui
                .button("Today")
                .on_hover_text("Jump to today (T)")
                .clicked()
            {
                self.view.center_on(now_seconds());
            }
            if ui.button("−").on_hover_text("Zoom out (−)").clicked() {
                self.view
                    .zoom_around(self.view.center(), 1.0 / KEY_ZOOM_FACTOR);
            }
            if ui.button("+").on_hover_text("Zoom in (+)").clicked() {
                self.view.zoom_around(self.view.center(), KEY_ZOOM_FACTOR);
            }
            ui.toggle_value(&mut self.show_legend, "Legend");
            self.as_of_controls(ui, notebook, style);
            self.entity_toolbar(ui, notebook);
            // A bad date's message goes after the buttons, cut to the room
            // left (whole on hover), so it never pushes them away.
            if let Some(error) = &self.goto_error {
                ui.add(egui::Label::new(RichText::new(error).color(style.error_text)).truncate())
                    .on_hover_text(error);
            }
        });
    }

    /// The as-of control: a checkbox, a date field and a slider over the
    /// sources' publication days. Events only later sources support fade.
    fn as_of_controls(&mut self, ui: &mut Ui, notebook: &Notebook, style: &TimelineStyle) {
        ui.separator();
        let range = as_of::publication_range(notebook);
        let mut enabled = self.as_of.enabled;
        let toggle = ui.checkbox(&mut enabled, "As of").on_hover_text(
            "Show only what the sources published by this day support; the rest fades",
        );
        if toggle.changed() {
            let day = if self.as_of.text.is_empty() {
                range.map_or_else(|| (now_seconds() / 86_400.0).floor() as i64, |r| r.1)
            } else {
                self.as_of.day
            };
            self.as_of.set(enabled, day);
        }
        if !self.as_of.enabled {
            return;
        }
        let field = ui.add(
            egui::TextEdit::singleline(&mut self.as_of.text)
                .hint_text("a day, e.g. 1 June 2024")
                .desired_width(style.date_field_width_points * 0.8),
        );
        field.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "As-of date"));
        if field.lost_focus() || (field.changed() && Date::parse(&self.as_of.text).is_ok()) {
            self.as_of.read_text();
        }
        if let Some((first, last)) = range {
            let mut day = self.as_of.day;
            let slider = ui.add(
                egui::Slider::new(&mut day, (first - 1)..=last.max(first))
                    .show_value(false)
                    .custom_formatter(|d, _| model_day_iso(d)),
            );
            if slider.changed() {
                self.as_of.set_day(day);
            }
        }
        if let Some(error) = &self.as_of.error {
            ui.add(egui::Label::new(RichText::new(error).color(style.error_text)).truncate())
                .on_hover_text(error);
        }
    }

    fn interact(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        mapping: &Mapping,
        output: &mut TimelineOutput,
    ) {
        let width = mapping.width();
        if response.dragged() {
            self.view
                .pan_by_points(f64::from(response.drag_delta().x), width);
        }
        if response.clicked() || response.drag_started() {
            response.request_focus();
        }

        if response.double_clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            output.new_event_at = Some(NewEventAt {
                time: mapping.time_from_x(f64::from(pos.x)),
                precision: extent::pointing_precision(self.view.span),
            });
        }
        if let Some(pos) = response.hover_pos() {
            let anchor = mapping.time_from_x(f64::from(pos.x));
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            if scroll.y != 0.0 {
                self.view.zoom_around(
                    anchor,
                    f64::from((scroll.y / WHEEL_POINTS_PER_DOUBLING).exp2()),
                );
            }
            if scroll.x != 0.0 {
                self.view.pan_by_points(f64::from(scroll.x), width);
            }
            if zoom != 1.0 {
                self.view.zoom_around(anchor, f64::from(zoom));
            }
        }
        // The timeline keeps the keyboard once clicked: arrows pan it rather
        // than move egui's focus to the next widget.
        if response.has_focus() {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    response.id,
                    egui::EventFilter {
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        tab: false,
                        escape: false,
                    },
                );
            });
        }
        if Self::keyboard(ui, response) {
            ui.input(|i| {
                if i.key_pressed(Key::ArrowLeft) {
                    self.view.pan_by_points(width * KEY_PAN_FRACTION, width);
                }
                if i.key_pressed(Key::ArrowRight) {
                    self.view.pan_by_points(-width * KEY_PAN_FRACTION, width);
                }
                if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
                    self.view.zoom_around(self.view.center(), KEY_ZOOM_FACTOR);
                }
                if i.key_pressed(Key::Minus) {
                    self.view
                        .zoom_around(self.view.center(), 1.0 / KEY_ZOOM_FACTOR);
                }
                if i.key_pressed(Key::F) {
                    self.fit_pending = true;
                }
                if i.key_pressed(Key::T) {
                    self.view.center_on(now_seconds());
                }
            });
            // (An empty notebook has nothing to fit: no repaint loop.)
            if self.fit_pending && self.projection.index().extent().is_some() {
                ui.ctx().request_repaint();
            }
        }
    }

    /// True when the timeline takes plain keys this frame: it has the
    /// focus, or the pointer is over it and nothing else has. Ctrl/Alt
    /// combinations belong to the window (Ctrl+F is search).
    fn keyboard(ui: &Ui, background: &egui::Response) -> bool {
        let nothing_focused = ui.memory(|m| m.focused().is_none());
        let keyboard = background.has_focus() || (background.hovered() && nothing_focused);
        let plain = ui.input(|i| !i.modifiers.command && !i.modifiers.alt && !i.modifiers.ctrl);
        keyboard && plain
    }

    /// One parent's bracket (or folded bar) with its fold control: a click
    /// on the bracket selects the parent, a click on the control folds or
    /// unfolds it.
    fn bracket(
        &self,
        (ui, painter, background): (&Ui, &egui::Painter, &egui::Response),
        (bracket, lane, colour): (&brackets::BracketMark, u32, egui::Color32),
        (notebook, selected, style): (&Notebook, Option<EventId>, &TimelineStyle),
        (marked, output): (&mut std::collections::HashSet<EventId>, &mut TimelineOutput),
    ) {
        let Some(event) = notebook.events.get(bracket.event_index) else {
            return;
        };
        let is_selected = selected == Some(event.id);
        let (hit, toggle) = paint::bracket(
            painter,
            ui,
            bracket,
            (event.title.as_str(), colour, is_selected),
            style,
        );
        let lanes_rect = self.lanes_rect;
        if !hit.intersects(lanes_rect) {
            return;
        }
        let id = if marked.insert(event.id) {
            ui.scope_id().with(("timeline_event", event.id))
        } else {
            ui.scope_id().with(("timeline_event", event.id, lane))
        };
        let label = bracket.title(&event.title);
        let response = ui
            .interact(hit.intersect(lanes_rect), id, Sense::click())
            .on_hover_ui(|ui| {
                paint::hover_card(ui, notebook, event, style);
                let what = if bracket.folded {
                    format!("Folded: {} more inside", bracket.hidden)
                } else {
                    "Contains the events under its bracket".to_owned()
                };
                ui.label(RichText::new(what).color(style.weak_text));
            });
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if response.clicked() {
            output.clicked = Some(event.id);
            background.request_focus();
        }
        let toggle_rect = toggle.intersect(lanes_rect);
        if toggle_rect.is_positive() {
            let verb = if bracket.folded { "Unfold" } else { "Fold" };
            let name = format!("{verb} {}", event.title);
            let response = ui
                .interact(
                    toggle_rect,
                    ui.scope_id().with(("timeline_fold", event.id, lane)),
                    Sense::click(),
                )
                .on_hover_text(format!("{verb} (Space with it selected)"));
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if response.clicked() {
                output.toggle_fold = Some(event.id);
                background.request_focus();
            }
        }
    }

    fn overview_strip(&mut self, ui: &mut Ui, bounds: Bounds) {
        let Some(extent) = self.projection.index().extent() else {
            return;
        };
        let whole = scene::overview_view(extent, &self.view);
        let rect = paint::rect(bounds);
        let bins = (rect.width() / OVERVIEW_BIN_POINTS).max(1.0) as usize;
        let generation = self.projection.generation().unwrap_or_default();
        let stale = self.overview.as_ref().is_none_or(|(g, b, h)| {
            *g != generation || *b != bins || h.start != whole.start || h.end != whole.end()
        });
        if stale {
            let histogram = self
                .projection
                .index()
                .histogram(None, whole.start, whole.end(), bins);
            self.overview = Some((generation, bins, histogram));
        }
        let Some((_, _, histogram)) = &self.overview else {
            return;
        };
        let response = ui.interact(
            rect,
            ui.scope_id().with("timeline_overview"),
            Sense::click_and_drag(),
        );
        let overview = Overview::new(bounds, &whole, histogram, &self.view);
        paint::overview(ui, &overview);
        if (response.dragged() || response.clicked())
            && let Some(pos) = response.interact_pointer_pos()
        {
            self.view
                .center_on(overview.mapping.time_from_x(f64::from(pos.x)));
        }
        response.on_hover_text("The whole notebook; drag the window to move through it");
    }
}

impl Timeline {
    /// The toolbar's part for entities and links: lanes by track or by a
    /// kind of entity, and whether arrows are drawn.
    fn entity_toolbar(&mut self, ui: &mut Ui, notebook: &Notebook) {
        if notebook.entities.links.is_empty() && notebook.entities.entities.is_empty() {
            return;
        }
        if !notebook.entities.links.is_empty() {
            ui.toggle_value(&mut self.show_links, "Links")
                .on_hover_text("Draw arrows between linked events");
        }
        let mut kinds: Vec<&str> = crate::model::entity::KNOWN_KINDS.to_vec();
        for entity in &notebook.entities.entities {
            if !kinds.contains(&entity.kind.as_str()) {
                kinds.push(&entity.kind);
            }
        }
        let current = self.lane_mode().clone();
        let name = |mode: &project::LaneMode| match mode {
            project::LaneMode::Tracks => "Lanes: by track".to_owned(),
            project::LaneMode::Entities(None) => "Lanes: by entity".to_owned(),
            project::LaneMode::Entities(Some(kind)) => format!("Lanes: by {kind}"),
        };
        let mut picked = None;
        egui::ComboBox::from_id_salt("timeline_lane_mode")
            .selected_text(name(&current))
            .show_ui(ui, |ui| {
                let mut modes = vec![project::LaneMode::Tracks];
                modes.extend(
                    kinds
                        .iter()
                        .map(|k| project::LaneMode::Entities(Some((*k).to_owned()))),
                );
                modes.push(project::LaneMode::Entities(None));
                for mode in modes {
                    if ui.selectable_label(mode == current, name(&mode)).clicked() {
                        picked = Some(mode);
                    }
                }
            })
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name(&current)));
        if let Some(mode) = picked {
            self.set_lane_mode(mode);
        }
    }

    /// Arrows between linked events whose marks are in the frame; a click
    /// on one's middle selects the event it points to.
    #[allow(clippy::too_many_arguments)] // The frame's parts, as the other painters take them.
    fn paint_links(
        &self,
        ui: &Ui,
        painter: &egui::Painter,
        scene: &Scene,
        notebook: &Notebook,
        selected: Option<EventId>,
        output: &mut TimelineOutput,
    ) {
        let ceiling = self.lanes_rect.top() + LINK_HIT_POINTS;
        let arrows = links::arrows(&scene.lanes, notebook, selected, ceiling);

        let colour = ui.visuals().strong_text_color();
        for arrow in &arrows {
            paint::link_arrow(painter, arrow, colour);
            let (Some(from), Some(to)) = (
                notebook.event(arrow.from_event),
                notebook.event(arrow.to_event),
            ) else {
                continue;
            };
            let kind = notebook
                .entities
                .links
                .get(arrow.link_index)
                .map_or("", |l| l.kind.as_str());
            let middle = links::point_at(arrow, 0.5);
            let hit =
                Rect::from_center_size(Pos2::new(middle.x, middle.y), Vec2::splat(LINK_HIT_POINTS));
            if !hit.intersects(self.lanes_rect) {
                continue;
            }
            let label = format!("{} {kind} {}", from.title, to.title);
            let response = ui
                .interact(
                    hit,
                    ui.scope_id().with(("timeline_link", arrow.link_index)),
                    Sense::click(),
                )
                .on_hover_text(format!("{label}\nClick to go to “{}”", to.title));
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &label));
            if response.clicked() {
                output.clicked = Some(to.id);
            }
        }
    }
}

/// Size of the spot in an arrow's middle that takes its click.
const LINK_HIT_POINTS: f32 = 10.0;

/// Now, in seconds since 1970 (the system clock).
fn now_seconds() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// ISO text of a day number for the as-of slider.
fn model_day_iso(day: f64) -> String {
    crate::model::date::DayBound::Day(day.round() as i64).iso()
}
