//! One frame of the timeline as geometry: the axis and its ticks, lanes
//! with their headers, every mark (`marks.rs`) with its rectangles, fuzzy
//! zones, arrows and label box, clusters, density bars and the overview
//! strip. Pure: no egui.
//!
//! The widget paints a [`Scene`] with egui (`paint.rs`); an exporter draws
//! the same scene (SVG, PDF) without egui, so a page looks like the screen:
//!
//! ```
//! use annals::model::Notebook;
//! use annals::timeline::marks::Glyph;
//! use annals::timeline::project::Projection;
//! use annals::timeline::scale::TimeView;
//! use annals::timeline::scene::{Bounds, LaneMarks, Scene};
//!
//! let notebook = Notebook::default(); // the read model: `Store::load`
//! let mut projection = Projection::default();
//! projection.sync(&notebook, 1);
//! let view = TimeView::from_range(0.0, 86_400.0 * 365.0);
//! let page = Bounds::from_min_size(0.0, 0.0, 1200.0, 800.0);
//! let scene = Scene::new(&projection, &notebook, &view, page, 0.0);
//! for tick in &scene.axis.ticks {
//!     let _ = (tick.x, &tick.label); // a grid line and its text
//! }
//! for lane in &scene.lanes {
//!     let _ = (&lane.header.text, lane.colour); // name strip, track colour
//!     if let LaneMarks::Events { marks, .. } = &lane.content {
//!         for mark in marks {
//!             let title = &notebook.events[mark.event_index].title;
//!             match mark.glyph {
//!                 Glyph::Point { centre, .. } => { let _ = (centre, title); }
//!                 Glyph::Bar { bounds, .. } => { let _ = (bounds, title); }
//!             }
//!         }
//!     }
//! }
//! assert_eq!(scene.empty_notice, Some(scene.areas.lanes.centre()));
//! ```
//!
//! Rectangles are in points, y down; a page taller than
//! [`Scene::content_height`] plus the axis and overview shows every lane.
//! Colours are not here: a lane carries its track's stored colour and the
//! painter applies its theme and the alphas in `marks.rs`. Only text is
//! measured by the painter (its font is its own): a label's box says where
//! the title starts and how wide it may be, and the badge follows the
//! measured text.

use super::brackets::{BRACKET_ROW_POINTS, BracketMark};
pub use super::geometry::{Bounds, Point};
use super::index::Histogram;
use super::layout::{self, LaneContent};
use super::marks::{ClusterMark, Mark, cluster, mark};
use super::project::{Lane, Projection};
use super::scale::{Mapping, TimeView};
use super::ticks::{self, TickLevel};
use crate::model::notebook::Colour;
use crate::model::{Notebook, TrackId};

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
/// Space between the lanes and the overview strip.
pub const OVERVIEW_GAP_POINTS: f32 = 4.0;
/// A non-empty histogram bin is at least this tall, so it stays visible.
pub const MIN_BAR_POINTS: f32 = 1.5;
/// A density bar is at least this wide.
pub const MIN_BIN_WIDTH_POINTS: f32 = 1.0;
/// The overview's window on the view is at least this wide.
pub const MIN_WINDOW_POINTS: f32 = 3.0;
/// Room above the overview's bars, so the window frames them.
pub const OVERVIEW_BARS_TOP_POINTS: f32 = 4.0;
/// Distance from a lane header's corner to its colour swatch.
pub const SWATCH_OFFSET_POINTS: (f32, f32) = (6.0, 5.0);
/// Size of a lane header's colour swatch.
pub const SWATCH_POINTS: f32 = 8.0;
/// Distance from a lane header's corner to its text.
pub const LANE_TEXT_OFFSET_POINTS: (f32, f32) = (18.0, 2.0);
/// Axis and lane header font size.
pub const AXIS_FONT_POINTS: f32 = 11.5;
/// Opacity of a density strip's bars.
pub const DENSITY_ALPHA: f32 = 0.8;
/// What an empty timeline says, in the middle of its lanes.
pub const EMPTY_NOTICE: &str = "No events yet — double-click to add one here";

/// Where the parts of a timeline of some size go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Areas {
    /// The time axis along the top.
    pub axis: Bounds,
    /// The lanes, between the axis and the overview; marks are clipped to it.
    pub lanes: Bounds,
    /// The overview strip along the bottom.
    pub overview: Bounds,
}

impl Areas {
    /// The parts of a timeline drawn in `area`.
    #[must_use]
    pub fn of(area: Bounds) -> Self {
        let axis = Bounds::from_min_size(area.min_x, area.min_y, area.width(), AXIS_HEIGHT_POINTS);
        let overview = Bounds::from_min_max(
            area.min_x,
            area.max_y - OVERVIEW_HEIGHT_POINTS,
            area.max_x,
            area.max_y,
        );
        let lanes = Bounds::from_min_max(
            area.min_x,
            axis.max_y,
            area.max_x,
            overview.min_y - OVERVIEW_GAP_POINTS,
        );
        Self {
            axis,
            lanes,
            overview,
        }
    }

    /// The time ↔ x mapping of the lanes (and the axis above them).
    #[must_use]
    pub fn mapping(&self, view: &TimeView) -> Mapping {
        Mapping::new(
            *view,
            f64::from(self.lanes.min_x),
            f64::from(self.lanes.width().max(1.0)),
        )
    }
}

/// A tick on the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisTick {
    /// Where its grid line runs.
    pub x: f32,
    /// Major ticks are drawn stronger.
    pub major: bool,
    /// Its text, drawn right of the line (left out where it would run under
    /// the context label).
    pub label: String,
}

/// The time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Where the axis is.
    pub bounds: Bounds,
    /// How far down the grid lines run (the bottom of the lanes).
    pub grid_bottom: f32,
    /// The ticks, left to right.
    pub ticks: Vec<AxisTick>,
    /// What the ticks leave unsaid ("Sep 2023" at day zoom), pinned at the
    /// left.
    pub context_label: Option<String>,
}

/// A lane's name strip.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneHeader {
    /// The strip.
    pub bounds: Bounds,
    /// The square in the lane's colour.
    pub swatch: Bounds,
    /// Top-left of the text.
    pub text_at: Point,
    /// "Diplomacy  ·  3 in view".
    pub text: String,
}

/// What a lane shows.
#[derive(Debug, Clone, PartialEq)]
pub enum LaneMarks {
    /// Event by event.
    Events {
        /// The marks, in start order.
        marks: Vec<Mark>,
        /// The clusters, left to right.
        clusters: Vec<ClusterMark>,
        /// Parents drawn as brackets over their children, on the rows
        /// above the marks (outer parents first).
        brackets: Vec<BracketMark>,
    },
    /// Too many events to draw one by one: their density.
    Density {
        /// The strip.
        strip: Bounds,
        /// One bar per non-empty bin, standing on the strip's bottom.
        bars: Vec<Bounds>,
    },
}

/// One lane as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneScene {
    /// Lane number (track order, "No track" last).
    pub lane: u32,
    /// The track, `None` for "No track".
    pub track: Option<TrackId>,
    /// The track's stored colour, `None` for "No track".
    pub colour: Option<Colour>,
    /// The whole lane, header included.
    pub bounds: Bounds,
    /// Its name strip.
    pub header: LaneHeader,
    /// Events intersecting the view.
    pub visible_count: usize,
    /// Its marks.
    pub content: LaneMarks,
}

/// One frame of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Where axis, lanes and overview go.
    pub areas: Areas,
    /// The lanes' time ↔ x mapping.
    pub mapping: Mapping,
    /// The time axis.
    pub axis: Axis,
    /// Every lane, top first, placed for [`Self::scroll_y`] (lanes outside
    /// `areas.lanes` are scrolled away).
    pub lanes: Vec<LaneScene>,
    /// Height of all lanes together.
    pub content_height: f32,
    /// How far the lanes are scrolled down.
    pub scroll_y: f32,
    /// Where [`EMPTY_NOTICE`] goes when there are no events.
    pub empty_notice: Option<Point>,
}

impl Scene {
    /// Lays out the projected notebook for `view` in `area`, the lanes
    /// scrolled down by `scroll_y` (clamped to what there is to scroll).
    #[must_use]
    pub fn new(
        projection: &Projection,
        notebook: &Notebook,
        view: &TimeView,
        area: Bounds,
        scroll_y: f32,
    ) -> Self {
        Self::with_selection(projection, notebook, view, area, scroll_y, None)
    }

    /// [`Scene::new`], the selected event (its position in
    /// `Notebook::events`) labelled whenever it has a row.
    #[must_use]
    pub fn with_selection(
        projection: &Projection,
        notebook: &Notebook,
        view: &TimeView,
        area: Bounds,
        scroll_y: f32,
        selected: Option<u32>,
    ) -> Self {
        let areas = Areas::of(area);
        let mapping = areas.mapping(view);
        let axis = axis(&areas, view, &mapping);
        let layouts =
            layout::layout_with_family(projection.index(), &mapping, selected, projection.family());
        let heights: Vec<f32> = layouts
            .lanes
            .iter()
            .map(|lane| lane_height(&lane.content))
            .collect();
        let content_height: f32 = heights.iter().sum();
        let scroll_y = scroll_y.clamp(0.0, max_scroll(areas.lanes, content_height));
        let mut y = areas.lanes.min_y - scroll_y;
        let mut lanes = Vec::with_capacity(layouts.lanes.len());
        for ((lane_layout, lane), height) in
            layouts.lanes.iter().zip(projection.lanes()).zip(heights)
        {
            let bounds = Bounds::from_min_size(areas.lanes.min_x, y, areas.lanes.width(), height);
            y += height;
            let brackets_top = bounds.min_y + LANE_HEADER_POINTS;
            let content = match &lane_layout.content {
                LaneContent::Items(items) => LaneMarks::Events {
                    brackets: items
                        .brackets
                        .iter()
                        .filter_map(|placed| {
                            let event = notebook.events.get(placed.event_index as usize)?;
                            let row = Bounds::from_min_size(
                                areas.lanes.min_x,
                                brackets_top + f32::from(placed.row) * BRACKET_ROW_POINTS,
                                areas.lanes.width(),
                                BRACKET_ROW_POINTS,
                            );
                            Some(BracketMark::new(
                                placed,
                                (event.id, event.excerpts.len()),
                                row,
                            ))
                        })
                        .collect(),
                    marks: items
                        .items
                        .iter()
                        .filter_map(|item| {
                            let position = item.event_index as usize;
                            let event = notebook.events.get(position)?;
                            let extent = projection.extents().get(position)?;
                            let rows_top =
                                brackets_top + f32::from(items.bracket_rows) * BRACKET_ROW_POINTS;
                            let row = row_bounds(&areas, rows_top, item.row);
                            Some(mark(
                                item,
                                (event.id, event.excerpts.len()),
                                extent,
                                row,
                                areas.lanes,
                                &mapping,
                            ))
                        })
                        .collect(),
                    clusters: items
                        .clusters
                        .iter()
                        .map(|c| {
                            let rows_top =
                                brackets_top + f32::from(items.bracket_rows) * BRACKET_ROW_POINTS;
                            cluster(c, row_bounds(&areas, rows_top, c.row))
                        })
                        .collect(),
                },
                LaneContent::Density(histogram) => {
                    let strip = Bounds::from_min_size(
                        areas.lanes.min_x,
                        brackets_top,
                        areas.lanes.width(),
                        DENSITY_LANE_POINTS,
                    );
                    LaneMarks::Density {
                        strip,
                        bars: histogram_bars(strip, histogram, &mapping),
                    }
                }
            };
            lanes.push(LaneScene {
                lane: lane_layout.lane,
                track: lane.track,
                colour: lane.colour,
                bounds,
                header: header(bounds, lane, lane_layout.visible_count),
                visible_count: lane_layout.visible_count,
                content,
            });
        }
        Self {
            areas,
            mapping,
            axis,
            lanes,
            content_height,
            scroll_y,
            empty_notice: projection.index().is_empty().then(|| areas.lanes.centre()),
        }
    }

    /// Keeps only the lanes at `range` (positions in [`Self::lanes`]),
    /// stacked from the top of the lanes area as if the others were not
    /// there: a printed page shows a group of lanes that fits it.
    pub fn keep_lanes(&mut self, range: std::ops::Range<usize>) {
        self.scroll_to(0.0);
        let end = range.end.min(self.lanes.len());
        let start = range.start.min(end);
        self.lanes.truncate(end);
        self.lanes.drain(..start);
        let mut top = self.areas.lanes.min_y;
        for lane in &mut self.lanes {
            let dy = top - lane.bounds.min_y;
            lane.shift_down(dy);
            top = lane.bounds.max_y;
        }
        self.content_height = top - self.areas.lanes.min_y;
    }

    /// Scrolls the lanes to `scroll_y` (clamped), moving every lane's
    /// geometry with them.
    pub fn scroll_to(&mut self, scroll_y: f32) {
        let scroll_y = scroll_y.clamp(0.0, max_scroll(self.areas.lanes, self.content_height));
        let dy = self.scroll_y - scroll_y;
        self.scroll_y = scroll_y;
        if dy == 0.0 {
            return;
        }
        for lane in &mut self.lanes {
            lane.shift_down(dy);
        }
    }
}

impl LaneScene {
    fn shift_down(&mut self, dy: f32) {
        let down = |b: &mut Bounds| *b = b.shifted_down(dy);
        let point = |p: &mut Point| p.y += dy;
        down(&mut self.bounds);
        down(&mut self.header.bounds);
        down(&mut self.header.swatch);
        point(&mut self.header.text_at);
        match &mut self.content {
            LaneMarks::Events {
                marks,
                clusters,
                brackets,
            } => {
                for mark in marks {
                    mark.shift_down(dy);
                }
                for bracket in brackets {
                    bracket.shift_down(dy);
                }
                for cluster in clusters {
                    down(&mut cluster.bounds);
                }
            }
            LaneMarks::Density { strip, bars } => {
                down(strip);
                for bar in bars {
                    down(bar);
                }
            }
        }
    }
}

/// How far lanes `content_height` tall can scroll in `lanes`.
fn max_scroll(lanes: Bounds, content_height: f32) -> f32 {
    (content_height - lanes.height().max(1.0)).max(0.0)
}

/// A lane's height: its header and its rows, or its density strip.
fn lane_height(content: &LaneContent) -> f32 {
    match content {
        LaneContent::Items(items) => {
            LANE_HEADER_POINTS
                + f32::from(items.bracket_rows) * BRACKET_ROW_POINTS
                + f32::from(items.row_count.max(1)) * ROW_HEIGHT_POINTS
        }
        LaneContent::Density(_) => LANE_HEADER_POINTS + DENSITY_LANE_POINTS,
    }
}

/// Row `row` of a lane whose rows start at `rows_top`.
fn row_bounds(areas: &Areas, rows_top: f32, row: u16) -> Bounds {
    Bounds::from_min_size(
        areas.lanes.min_x,
        rows_top + f32::from(row) * ROW_HEIGHT_POINTS,
        areas.lanes.width(),
        ROW_HEIGHT_POINTS,
    )
}

fn axis(areas: &Areas, view: &TimeView, mapping: &Mapping) -> Axis {
    let ticks = ticks::ticks(
        view,
        mapping.width(),
        f64::from(super::project::AVG_CHAR_WIDTH_POINTS),
    );
    Axis {
        bounds: areas.axis,
        grid_bottom: areas.lanes.max_y,
        ticks: ticks
            .ticks
            .into_iter()
            .map(|tick| AxisTick {
                x: mapping.x_from_time(tick.time) as f32,
                major: tick.level == TickLevel::Major,
                label: tick.label,
            })
            .collect(),
        context_label: ticks.context_label,
    }
}

fn header(bounds: Bounds, lane: &Lane, visible: usize) -> LaneHeader {
    let strip = Bounds::from_min_size(
        bounds.min_x,
        bounds.min_y,
        bounds.width(),
        LANE_HEADER_POINTS,
    );
    LaneHeader {
        bounds: strip,
        swatch: Bounds::from_min_size(
            strip.min_x + SWATCH_OFFSET_POINTS.0,
            strip.min_y + SWATCH_OFFSET_POINTS.1,
            SWATCH_POINTS,
            SWATCH_POINTS,
        ),
        text_at: Point {
            x: strip.min_x + LANE_TEXT_OFFSET_POINTS.0,
            y: strip.min_y + LANE_TEXT_OFFSET_POINTS.1,
        },
        text: match lane.filtered {
            Some((shown, total)) => {
                format!(
                    "{}  ·  {visible} in view  ·  {shown} of {total} shown",
                    lane.name
                )
            }
            None => format!("{}  ·  {visible} in view", lane.name),
        },
    }
}

/// Bars of a histogram standing on the bottom of `area`, the tallest
/// filling it: the density strips and the overview share this.
fn histogram_bars(area: Bounds, histogram: &Histogram, mapping: &Mapping) -> Vec<Bounds> {
    if histogram.max_count == 0 {
        return Vec::new();
    }
    let scale = area.height() / histogram.max_count as f32;
    histogram
        .counts
        .iter()
        .enumerate()
        .filter(|(_, count)| **count > 0)
        .map(|(i, count)| {
            let (t0, t1) = histogram.bin_range(i);
            let x0 = mapping.x_from_time(t0) as f32;
            let x1 = (mapping.x_from_time(t1) as f32).max(x0 + MIN_BIN_WIDTH_POINTS);
            let h = (*count as f32 * scale).max(MIN_BAR_POINTS);
            Bounds::from_min_max(x0, area.max_y - h, x1, area.max_y)
        })
        .collect()
}

/// Room left after the last event when fitting, for its label.
pub const FIT_LABEL_ROOM_FRACTION: f64 = 0.2;

/// The view "Fit" shows for events spanning `extent` (seconds): all of
/// them, with room after the last for its label. Exported pictures of the
/// whole notebook use the same view.
#[must_use]
pub fn fitted_view((start, end): (f64, f64)) -> TimeView {
    let mut view = TimeView::default();
    view.fit(start, end + (end - start) * FIT_LABEL_ROOM_FRACTION);
    view
}

/// The overview strip: the whole notebook's density and the window the
/// view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// The strip.
    pub bounds: Bounds,
    /// The whole range's time ↔ x mapping across the strip.
    pub mapping: Mapping,
    /// One bar per non-empty bin.
    pub bars: Vec<Bounds>,
    /// The view's window on the whole range.
    pub window: Bounds,
}

/// The range the overview spans: the notebook's extent (from the index)
/// plus the current view, so the window is always on it.
#[must_use]
pub fn overview_view(extent: (f64, f64), view: &TimeView) -> TimeView {
    let mut whole = TimeView::default();
    whole.fit(extent.0.min(view.start), extent.1.max(view.end()));
    whole
}

impl Overview {
    /// The strip in `bounds` for `histogram` over `whole` (see
    /// [`overview_view`]), with the window of `view`.
    #[must_use]
    pub fn new(bounds: Bounds, whole: &TimeView, histogram: &Histogram, view: &TimeView) -> Self {
        let mapping = Mapping::new(
            *whole,
            f64::from(bounds.min_x),
            f64::from(bounds.width().max(1.0)),
        );
        let bars_area = Bounds::from_min_max(
            bounds.min_x,
            bounds.min_y + OVERVIEW_BARS_TOP_POINTS,
            bounds.max_x,
            bounds.max_y,
        );
        let x0 = mapping.x_from_time(view.start) as f32;
        let x1 = (mapping.x_from_time(view.end()) as f32).max(x0 + MIN_WINDOW_POINTS);
        Self {
            bounds,
            mapping,
            bars: histogram_bars(bars_area, histogram, &mapping),
            window: Bounds::from_min_max(x0, bounds.min_y + 1.0, x1, bounds.max_y - 1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Date;
    use crate::model::{Track, Uid};
    use crate::timeline::marks::{ARROW_INSET_POINTS, Glyph};
    use crate::timeline::project::fixtures::event;

    fn demo() -> Notebook {
        let tracks = (1..=2)
            .map(|i| Track {
                id: TrackId(i),
                uid: Uid::new(),
                name: format!("Track {i}"),
                colour: Colour::nth(i as usize),
                position: i,
                hidden: false,
            })
            .collect();
        Notebook::new(
            vec![
                event(1, "Putin–Kim summit", "2023-09-13", Some(TrackId(1))),
                event(2, "Spy satellite", "2023-11", Some(TrackId(2))),
                event(3, "Haines testimony", "2024-03~", None),
                event(4, "Talks ongoing", "2024-01/..", Some(TrackId(2))),
            ],
            tracks,
            vec![],
            vec![],
            vec![],
            vec![],
        )
    }

    fn scene(notebook: &Notebook, height: f32, scroll_y: f32) -> Scene {
        let mut projection = Projection::default();
        projection.sync(notebook, 1);
        let view = TimeView::from_range(
            super::super::extent::extent_from_date(&Date::parse("2023-08").unwrap()).start,
            super::super::extent::extent_from_date(&Date::parse("2024-06").unwrap()).start,
        );
        Scene::new(
            &projection,
            notebook,
            &view,
            Bounds::from_min_size(10.0, 20.0, 1000.0, height),
            scroll_y,
        )
    }

    fn marks(lane: &LaneScene) -> &[Mark] {
        match &lane.content {
            LaneMarks::Events { marks, .. } => marks,
            LaneMarks::Density { .. } => panic!("a density strip"),
        }
    }

    #[test]
    fn areas_stack_axis_lanes_and_overview() {
        let areas = Areas::of(Bounds::from_min_size(10.0, 20.0, 1000.0, 500.0));
        assert_eq!(areas.axis.max_y, 20.0 + AXIS_HEIGHT_POINTS);
        assert_eq!(areas.lanes.min_y, areas.axis.max_y);
        assert_eq!(areas.overview.max_y, 520.0);
        assert_eq!(
            areas.lanes.max_y + OVERVIEW_GAP_POINTS,
            areas.overview.min_y
        );
        assert_eq!(areas.lanes.width(), 1000.0);
    }

    #[test]
    fn lanes_stack_under_the_axis_with_every_mark_inside_its_row() {
        let notebook = demo();
        let scene = scene(&notebook, 600.0, 0.0);
        let names: Vec<&str> = scene.lanes.iter().map(|l| l.header.text.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "Track 1  ·  1 in view",
                "Track 2  ·  2 in view",
                "No track  ·  1 in view"
            ]
        );
        let mut top = scene.areas.lanes.min_y;
        for lane in &scene.lanes {
            assert_eq!(lane.bounds.min_y, top);
            top = lane.bounds.max_y;
            for mark in marks(lane) {
                assert!(mark.row.min_y >= lane.header.bounds.max_y);
                assert!(mark.row.max_y <= lane.bounds.max_y);
                assert!(mark.hit.min_y >= mark.row.min_y);
            }
        }
        assert_eq!(top - scene.areas.lanes.min_y, scene.content_height);
        assert!(scene.empty_notice.is_none());
    }

    #[test]
    fn each_date_gets_its_glyph() {
        let notebook = demo();
        let scene = scene(&notebook, 600.0, 0.0);
        let day = &marks(&scene.lanes[0])[0];
        assert!(matches!(
            day.glyph,
            Glyph::Point {
                uncertain: false,
                ..
            }
        ));
        assert!(day.fuzzy.is_none() && day.label.is_some());
        assert_eq!(day.excerpts, 0);
        let month = &marks(&scene.lanes[1])[0];
        let Glyph::Bar { bounds, fade, .. } = month.glyph else {
            panic!("{month:?}")
        };
        assert!(bounds.width() > 1.0 && fade.0 > 0.0, "a soft-edged period");
        let ongoing = &marks(&scene.lanes[1])[1];
        assert_eq!(
            ongoing.open_end.map(|p| p.x),
            Some(scene.areas.lanes.max_x - ARROW_INSET_POINTS)
        );
        let approximate = &marks(&scene.lanes[2])[0];
        let zones = approximate.fuzzy.unwrap();
        assert!(zones[0].outer_x < zones[0].inner_x && zones[1].outer_x > zones[1].inner_x);
    }

    #[test]
    fn scrolling_moves_every_lane_and_is_clamped() {
        let notebook = demo();
        let tall = scene(&notebook, 600.0, 0.0);
        let mut short = scene(&notebook, 150.0, 10_000.0);
        let max = tall.content_height - short.areas.lanes.height();
        assert_eq!(short.scroll_y, max);
        let scrolled = short.lanes[2].clone();
        short.scroll_to(0.0);
        assert_eq!(short.scroll_y, 0.0);
        assert_eq!(short.lanes[2].bounds.min_y, scrolled.bounds.min_y + max);
        assert_eq!(
            marks(&short.lanes[2])[0].hit.min_y,
            marks(&scrolled)[0].hit.min_y + max
        );
        // Scrolled back, the lanes sit where an unscrolled scene puts them
        // (its taller lanes area starts at the same top).
        assert_eq!(short.lanes[0].bounds, tall.lanes[0].bounds);
    }

    #[test]
    fn an_empty_notebook_says_so_in_the_middle() {
        let notebook = Notebook::default();
        let scene = scene(&notebook, 400.0, 0.0);
        assert!(scene.lanes.is_empty());
        assert_eq!(scene.empty_notice, Some(scene.areas.lanes.centre()));
    }

    #[test]
    fn the_overview_frames_the_view_on_the_whole_range() {
        let view = TimeView::new(1000.0, 100.0);
        let whole = overview_view((0.0, 5000.0), &view);
        assert!(whole.start <= 0.0 && whole.end() >= 5000.0);
        let histogram = Histogram {
            start: whole.start,
            end: whole.end(),
            counts: vec![0, 4, 2, 0],
            max_count: 4,
        };
        let bounds = Bounds::from_min_size(0.0, 100.0, 400.0, OVERVIEW_HEIGHT_POINTS);
        let overview = Overview::new(bounds, &whole, &histogram, &view);
        assert_eq!(overview.bars.len(), 2);
        assert_eq!(overview.bars[0].max_y, bounds.max_y);
        assert_eq!(
            overview.bars[0].height(),
            bounds.height() - OVERVIEW_BARS_TOP_POINTS
        );
        assert!(overview.window.width() >= MIN_WINDOW_POINTS);
        let t = overview
            .mapping
            .time_from_x(f64::from(overview.window.centre().x));
        assert!((t - view.center()).abs() < whole.span / 400.0);
    }
}
