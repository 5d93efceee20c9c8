//! The timeline widget. `scale`, `ticks`, `index`, `layout` and `extent` are
//! pure (f64 seconds, no egui); this module (interaction) and `paint` (the
//! marks) are the only files here that touch egui.
//!
//! The widget never changes research data: it reports what the user asked
//! for in a [`TimelineOutput`] and the app turns that into commands.

pub mod extent;
pub mod index;
pub mod layout;
mod paint;

pub use paint::TimelineStyle;
pub mod scale;
pub mod ticks;

use egui::{Key, Pos2, Rect, RichText, Sense, Ui, Vec2};

use crate::model::date::Date;
use crate::model::{EventId, Notebook, TrackId};
use extent::{Extent, extent_from_date};
use index::{EventIndex, Histogram, TimelineEvent};
use layout::{LaneContent, MAX_LABEL_WIDTH_POINTS};
use scale::TimeView;

/// Height of the time axis with its labels.
pub const AXIS_HEIGHT_POINTS: f32 = 26.0;
/// Height of one row of events in a lane: a mark above, its label under it.
pub const ROW_HEIGHT_POINTS: f32 = 27.0;
/// Height of a lane's name strip.
pub const LANE_HEADER_POINTS: f32 = 18.0;
/// Height of a lane drawn as a density strip.
pub const DENSITY_LANE_POINTS: f32 = 40.0;
/// Height of the overview strip under the timeline.
pub const OVERVIEW_HEIGHT_POINTS: f32 = 36.0;
/// Average glyph width of the body font, for estimating label widths when
/// the index is built (measuring a million titles exactly would take
/// seconds; labels are elided at draw time anyway).
pub const AVG_CHAR_WIDTH_POINTS: f32 = 6.6;
/// Width of the excerpt-count badge after a label.
pub const BADGE_WIDTH_POINTS: f32 = 20.0;
/// Zoom per wheel point: 200 points of wheel double or halve the span.
const WHEEL_POINTS_PER_DOUBLING: f32 = 200.0;
/// Zoom factor of one + / − key press.
const KEY_ZOOM_FACTOR: f64 = 1.5;
/// Fraction of the width one arrow-key press pans.
const KEY_PAN_FRACTION: f64 = 0.1;
/// Width of the scroll bar shown when the lanes are taller than the widget.
const SCROLL_BAR_WIDTH_POINTS: f32 = 8.0;
/// Room left after the last event when fitting, for its label.
const FIT_LABEL_ROOM_FRACTION: f64 = 0.2;
/// Events with ids beyond this are not cached (the cache is a vector
/// indexed by id; ids are row numbers, so this is tens of millions of rows).
const EXTENT_CACHE_MAX_ID: usize = 50_000_000;
/// Bins in the overview strip per point of width.
const OVERVIEW_BIN_POINTS: f32 = 3.0;

/// One lane: a track, or "No track".
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// The track, `None` for "No track".
    pub track: Option<TrackId>,
    /// Name shown on the lane.
    pub name: String,
}

/// What the user asked for this frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineOutput {
    /// An event was clicked: select it.
    pub clicked: Option<EventId>,
    /// Empty space was double-clicked: start a new event at this date text.
    pub new_event_at: Option<String>,
}

/// The timeline's state: the view and the index of the notebook it shows.
#[derive(Debug)]
pub struct Timeline {
    /// The visible window of time.
    pub view: TimeView,
    index: EventIndex,
    extents: Vec<Extent>,
    /// Extents by event id (ids are small dense integers) with the EDTF they
    /// were computed from, so a notebook change only recomputes the extents
    /// of events whose date changed.
    extent_cache: Vec<Option<(String, Extent)>>,
    lanes: Vec<Lane>,
    built_for: Option<u64>,
    overview: Option<(u64, usize, Histogram)>,
    goto: String,
    goto_error: Option<String>,
    /// Whether the legend is shown.
    pub show_legend: bool,
    fit_pending: bool,
    reveal: Option<EventId>,
    last_width: f64,
    lanes_rect: Rect,
    /// How far the lanes are scrolled down, when they are taller than the
    /// widget (many tracks).
    scroll_y: f32,
}

impl Default for Timeline {
    fn default() -> Self {
        Self {
            view: TimeView::default(),
            index: EventIndex::build(&[], 0),
            extents: Vec::new(),
            extent_cache: Vec::new(),
            lanes: Vec::new(),
            built_for: None,
            overview: None,
            goto: String::new(),
            goto_error: None,
            show_legend: false,
            fit_pending: true,
            reveal: None,
            last_width: 1.0,
            lanes_rect: Rect::NOTHING,
            scroll_y: 0.0,
        }
    }
}

impl Timeline {
    /// Rebuilds the index when the notebook changed (not every frame).
    pub fn sync(&mut self, notebook: &Notebook, generation: u64) {
        if self.built_for == Some(generation) {
            return;
        }
        self.built_for = Some(generation);
        self.lanes = notebook
            .tracks
            .iter()
            .map(|t| Lane {
                track: Some(t.id),
                name: t.name.clone(),
            })
            .collect();
        let no_track_lane = self.lanes.len();
        let lane_of = |track: Option<TrackId>| {
            track
                .and_then(|id| notebook.tracks.iter().position(|t| t.id == id))
                .unwrap_or(no_track_lane)
        };
        if notebook.events.iter().any(|e| e.track.is_none()) {
            self.lanes.push(Lane {
                track: None,
                name: "No track".to_owned(),
            });
        }
        let cache = &mut self.extent_cache;
        self.extents = notebook
            .events
            .iter()
            .map(|e| {
                let Some(slot) = usize::try_from(e.id.0)
                    .ok()
                    .filter(|i| *i < EXTENT_CACHE_MAX_ID)
                else {
                    return extent_from_date(&e.date);
                };
                if cache.len() <= slot {
                    cache.resize(slot + 1, None);
                }
                match &cache[slot] {
                    Some((edtf, extent)) if edtf == e.date.edtf() => *extent,
                    _ => {
                        let extent = extent_from_date(&e.date);
                        cache[slot] = Some((e.date.edtf().to_owned(), extent));
                        extent
                    }
                }
            })
            .collect();
        let items: Vec<TimelineEvent> = notebook
            .events
            .iter()
            .zip(&self.extents)
            .enumerate()
            .map(|(i, (event, extent))| TimelineEvent {
                event_index: u32::try_from(i).unwrap_or(u32::MAX),
                lane: u32::try_from(lane_of(event.track)).unwrap_or(u32::MAX),
                start: extent.start,
                end: extent.end,
                label_width_points: (event.title.chars().count() as f32 * AVG_CHAR_WIDTH_POINTS)
                    .min(MAX_LABEL_WIDTH_POINTS)
                    + BADGE_WIDTH_POINTS,
            })
            .collect();
        self.index = EventIndex::build(&items, self.lanes.len());
        self.overview = None;
    }

    /// Where the lanes were drawn last frame (screen points).
    #[must_use]
    pub fn lanes_rect(&self) -> Rect {
        self.lanes_rect
    }

    /// Shows this window of time (and cancels a pending fit).
    pub fn set_view(&mut self, view: TimeView) {
        self.view = view;
        self.fit_pending = false;
    }

    /// Shows everything next frame.
    pub fn fit_all(&mut self) {
        self.fit_pending = true;
    }

    /// Brings an event into view next frame (after selecting it elsewhere).
    pub fn reveal(&mut self, id: EventId) {
        self.reveal = Some(id);
    }

    fn apply_pending(&mut self, notebook: &Notebook) {
        if self.fit_pending
            && let Some((start, end)) = self.index.extent()
        {
            self.view
                .fit(start, end + (end - start) * FIT_LABEL_ROOM_FRACTION);
            self.fit_pending = false;
        }
        if let Some(id) = self.reveal.take() {
            let Some(position) = notebook.event_position(id) else {
                return;
            };
            let Some(extent) = self.extents.get(position) else {
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

    /// Draws the timeline in the available space.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        notebook: &Notebook,
        generation: u64,
        selected: Option<EventId>,
        style: &TimelineStyle,
    ) -> TimelineOutput {
        self.sync(notebook, generation);
        self.apply_pending(notebook);
        let mut output = TimelineOutput::default();
        self.toolbar(ui, style);
        let full = ui.available_rect_before_wrap();
        let axis_rect = Rect::from_min_size(full.min, Vec2::new(full.width(), AXIS_HEIGHT_POINTS));
        let overview_rect = Rect::from_min_max(
            Pos2::new(full.min.x, full.max.y - OVERVIEW_HEIGHT_POINTS),
            full.max,
        );
        let lanes_rect = Rect::from_min_max(
            Pos2::new(full.min.x, axis_rect.max.y),
            Pos2::new(full.max.x, overview_rect.min.y - 4.0),
        );
        ui.allocate_rect(full, Sense::hover());
        self.lanes_rect = lanes_rect;
        let width = f64::from(lanes_rect.width().max(1.0));
        self.last_width = width;
        let left = f64::from(lanes_rect.min.x);

        // The background takes drags (pan), wheel (zoom), double-clicks (new
        // event) and keyboard focus; items drawn over it take clicks.
        let background = ui.interact(
            lanes_rect,
            ui.scope_id().with("timeline_background"),
            Sense::click_and_drag(),
        );
        self.interact(ui, &background, left, width, &mut output);

        let ticks = ticks::ticks(&self.view, width, f64::from(AVG_CHAR_WIDTH_POINTS));
        paint::axis(ui, axis_rect, lanes_rect, &self.view, &ticks);
        let layouts = layout::layout(&self.index, &self.view, left, width);
        let heights: Vec<f32> = layouts
            .lanes
            .iter()
            .map(|lane| match &lane.content {
                LaneContent::Items(items) => {
                    LANE_HEADER_POINTS + f32::from(items.row_count.max(1)) * ROW_HEIGHT_POINTS
                }
                LaneContent::Density(_) => LANE_HEADER_POINTS + DENSITY_LANE_POINTS,
            })
            .collect();
        let total_height: f32 = heights.iter().sum();
        self.scroll_lanes(ui, lanes_rect, total_height);
        let mut y = lanes_rect.min.y - self.scroll_y;
        let painter = ui.painter_at(lanes_rect);
        for ((lane_layout, lane), height) in layouts.lanes.iter().zip(&self.lanes).zip(heights) {
            let lane_rect = Rect::from_min_size(
                Pos2::new(lanes_rect.min.x, y),
                Vec2::new(lanes_rect.width(), height),
            );
            y += height;
            if !lane_rect.intersects(lanes_rect) {
                continue;
            }
            let colour = lane
                .track
                .and_then(|t| notebook.track(t))
                .map_or_else(|| style.no_track, |t| style.track_colour(t.colour));
            paint::lane_background(
                &painter,
                ui,
                lane_rect,
                &lane.name,
                colour,
                lane_layout.visible_count,
            );
            let rows_top = lane_rect.min.y + LANE_HEADER_POINTS;
            match &lane_layout.content {
                LaneContent::Items(items) => {
                    for item in &items.items {
                        let position = item.event_index as usize;
                        let (Some(event), Some(extent)) =
                            (notebook.events.get(position), self.extents.get(position))
                        else {
                            continue;
                        };
                        let row_rect = Rect::from_min_size(
                            Pos2::new(
                                lanes_rect.min.x,
                                rows_top + f32::from(item.row) * ROW_HEIGHT_POINTS,
                            ),
                            Vec2::new(lanes_rect.width(), ROW_HEIGHT_POINTS),
                        );
                        let mark = paint::Mark {
                            item,
                            event,
                            extent,
                            colour,
                            selected: selected == Some(event.id),
                        };
                        let map = paint::Mapping {
                            view: &self.view,
                            left,
                            width,
                        };
                        let hit = paint::event(&painter, ui, row_rect, &mark, map, style);
                        if hit.intersects(lanes_rect) {
                            let response = ui
                                .interact(
                                    hit.intersect(lanes_rect),
                                    ui.scope_id().with(("timeline_event", event.id)),
                                    Sense::click(),
                                )
                                .on_hover_ui(|ui| paint::hover_card(ui, notebook, event, style));
                            response.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::Button, true, &event.title)
                            });
                            if response.clicked() {
                                output.clicked = Some(event.id);
                            }
                        }
                    }
                    for cluster in &items.clusters {
                        let row_rect = Rect::from_min_size(
                            Pos2::new(
                                lanes_rect.min.x,
                                rows_top + f32::from(cluster.row) * ROW_HEIGHT_POINTS,
                            ),
                            Vec2::new(lanes_rect.width(), ROW_HEIGHT_POINTS),
                        );
                        let rect = paint::cluster(&painter, ui, row_rect, cluster, colour);
                        let label = format!("{} events", cluster.count);
                        let response = ui
                            .interact(
                                rect.intersect(lanes_rect),
                                ui.scope_id().with((
                                    "timeline_cluster",
                                    lane_layout.lane,
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
                            self.view.fit(
                                cluster.start.max(self.view.start),
                                cluster.end.min(self.view.end()),
                            );
                        }
                    }
                }
                LaneContent::Density(histogram) => {
                    let strip = Rect::from_min_size(
                        Pos2::new(lanes_rect.min.x, rows_top),
                        Vec2::new(lanes_rect.width(), DENSITY_LANE_POINTS),
                    );
                    let map = paint::Mapping {
                        view: &self.view,
                        left,
                        width,
                    };
                    paint::density(&painter, strip, histogram, map, colour);
                }
            }
        }
        if self.index.is_empty() {
            painter.text(
                lanes_rect.center(),
                egui::Align2::CENTER_CENTER,
                "No events yet — double-click to add one here",
                egui::FontId::proportional(14.0),
                style.weak_text,
            );
        }
        self.overview_strip(ui, overview_rect);
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

    fn toolbar(&mut self, ui: &mut Ui, style: &TimelineStyle) {
        ui.horizontal(|ui| {
            let label = ui.label("Go to");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.goto)
                        .hint_text("any date, e.g. Sept 2023")
                        .desired_width(style.date_field_width_points),
                )
                .labelled_by(label.id);
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
            if let Some(error) = &self.goto_error {
                ui.label(RichText::new(error).color(style.error_text));
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
        });
    }

    fn interact(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        left: f64,
        width: f64,
        output: &mut TimelineOutput,
    ) {
        if response.dragged() {
            self.view
                .pan_by_points(f64::from(response.drag_delta().x), width);
        }
        if response.clicked() {
            response.request_focus();
        }

        if response.double_clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let time = self.view.time_from_x(f64::from(pos.x), left, width);
            output.new_event_at = Some(extent::date_text_at(time, self.view.span));
        }
        if let Some(pos) = response.hover_pos() {
            let anchor = self.view.time_from_x(f64::from(pos.x), left, width);
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
        let keyboard =
            (response.hovered() || response.has_focus()) && !ui.ctx().egui_wants_keyboard_input();
        if keyboard {
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
            if self.fit_pending {
                ui.ctx().request_repaint();
            }
        }
    }

    fn overview_strip(&mut self, ui: &mut Ui, rect: Rect) {
        let Some((start, end)) = self.index.extent() else {
            return;
        };
        // The overview spans the notebook plus the current view, so the
        // window rectangle is always on it.
        let mut whole = TimeView::default();
        whole.fit(start.min(self.view.start), end.max(self.view.end()));
        let bins = (rect.width() / OVERVIEW_BIN_POINTS).max(1.0) as usize;
        let generation = self.built_for.unwrap_or_default();
        let stale = self.overview.as_ref().is_none_or(|(g, b, h)| {
            *g != generation || *b != bins || h.start != whole.start || h.end != whole.end()
        });
        if stale {
            let histogram = self.index.histogram(None, whole.start, whole.end(), bins);
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
        let overview_left = f64::from(rect.min.x);
        let overview_width = f64::from(rect.width().max(1.0));
        let map = paint::Mapping {
            view: &whole,
            left: overview_left,
            width: overview_width,
        };
        paint::overview(ui, rect, histogram, map, &self.view);
        if (response.dragged() || response.clicked())
            && let Some(pos) = response.interact_pointer_pos()
        {
            let t = whole.time_from_x(f64::from(pos.x), overview_left, overview_width);
            self.view.center_on(t);
        }
        response.on_hover_text("The whole notebook; drag the window to move through it");
    }
}

/// Now, in seconds since 1970 (the system clock).
fn now_seconds() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}
