//! An event's mark as geometry: its marker or bar, fuzzy zones, unknown
//! end, open-end arrows, label box and click area; and a cluster's badge.
//! Pure: no egui. The constants say how marks look, for the painter and an
//! exporter alike.

use super::extent::{Extent, Shape};
use super::geometry::{Bounds, Point};
use super::layout::{Cluster, MARKER_RADIUS_POINTS, PlacedItem};
use super::project::BADGE_WIDTH_POINTS;
use super::scale::Mapping;
use crate::model::EventId;

/// Height of an event bar.
pub const BAR_HEIGHT_POINTS: f32 = 7.0;

/// Distance from a row's top to the centre of its bar or marker. Marks sit
/// in the top strip of a row and labels under them, so a label never
/// covers a bar.
pub const BAR_CENTRE_POINTS: f32 = 6.0;

/// Distance from a row's top to the top of its label.
pub const LABEL_TOP_POINTS: f32 = 11.0;

/// Narrowest text a label is given, so a crowded one still shows a glyph.
pub const MIN_LABEL_TEXT_POINTS: f32 = 12.0;

/// How far a period's soft edge fades in, at most.
pub const SOFT_EDGE_MAX_POINTS: f32 = 14.0;

/// Length of the fading tail of an unknown end.
pub const UNKNOWN_TAIL_POINTS: f32 = 30.0;

/// Gap between an unknown end's tail and its "?".
pub const UNKNOWN_MARK_GAP_POINTS: f32 = 2.0;

/// How far past the tail a click still hits an unknown end (the "?").
pub const UNKNOWN_MARK_HIT_POINTS: f32 = 10.0;

/// How far inside the lanes' edge an open end's arrow points.
pub const ARROW_INSET_POINTS: f32 = 2.0;

/// Size of the arrow at an open end.
pub const ARROW_POINTS: f32 = 7.0;

/// Room around a mark that still takes its click.
pub const HIT_PAD_POINTS: f32 = 2.0;

/// Half the height of a fuzzy zone around a point marker.
pub const POINT_FUZZ_HALF_HEIGHT_POINTS: f32 = 2.0;

/// Gap between a label's text and its excerpt badge.
pub const BADGE_GAP_POINTS: f32 = 3.0;

/// Size of the excerpt badge.
pub const BADGE_SIZE_POINTS: (f32, f32) = (16.0, 14.0);

/// Half the height of a cluster badge.
pub const CLUSTER_HALF_HEIGHT_POINTS: f32 = 7.0;

/// Narrowest cluster badge drawn, room for its count.
pub const CLUSTER_MIN_DRAWN_POINTS: f32 = 24.0;

/// Event label font size.
pub const LABEL_FONT_POINTS: f32 = 12.5;

/// Opacity of the fuzzy zones beyond a qualified date's strict bounds.
pub const FUZZY_ALPHA: f32 = 0.45;

/// Opacity of a bar's fill, so labels and overlapping bars stay readable.
pub const BAR_ALPHA: f32 = 0.85;

/// Opacity of an unknown end's fading tail.
pub const UNKNOWN_TAIL_ALPHA: f32 = 0.6;

/// Dash and gap lengths of an uncertain outline.
pub const DASH_POINTS: f32 = 3.0;

/// See [`DASH_POINTS`].
pub const DASH_GAP_POINTS: f32 = 2.5;

/// A zone fading from a colour at `inner_x` to nothing at `outer_x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FadeZone {
    /// Where the colour is full.
    pub inner_x: f32,
    /// Where it has faded out.
    pub outer_x: f32,
    /// Top.
    pub y0: f32,
    /// Bottom.
    pub y1: f32,
}

/// How an event's date is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Glyph {
    /// Known to the day: a marker of [`MARKER_RADIUS_POINTS`].
    Point {
        /// Its centre.
        centre: Point,
        /// Uncertain (`?`): a faint fill and a dashed ring.
        uncertain: bool,
    },
    /// A period, range or set of dates: a bar.
    Bar {
        /// The bar (at least a point wide).
        bounds: Bounds,
        /// How far each end fades in (a period may be any day in it).
        fade: (f32, f32),
        /// Uncertain or one of several: a dashed outline around it.
        dashed: bool,
    },
}

impl Mark {
    /// Moves every part of the mark down by `dy` (the lanes scrolled).
    pub(super) fn shift_down(&mut self, dy: f32) {
        let point = |p: &mut Point| p.y += dy;
        self.row = self.row.shifted_down(dy);
        self.hit = self.hit.shifted_down(dy);
        match &mut self.glyph {
            Glyph::Point { centre, .. } => point(centre),
            Glyph::Bar { bounds, .. } => *bounds = bounds.shifted_down(dy),
        }
        for zone in self.fuzzy.iter_mut().flatten() {
            zone.y0 += dy;
            zone.y1 += dy;
        }
        if let Some((tail, at)) = &mut self.unknown_end {
            tail.y0 += dy;
            tail.y1 += dy;
            point(at);
        }
        for tip in [&mut self.open_start, &mut self.open_end]
            .into_iter()
            .flatten()
        {
            point(tip);
        }
        if let Some(label) = &mut self.label {
            point(&mut label.at);
        }
    }
}

/// Where an event's label goes: its title, elided to `max_width`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelBox {
    /// Top-left of the text.
    pub at: Point,
    /// Widest the text may be; the badge follows the text.
    pub max_width: f32,
}

/// One event as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The event.
    pub event: EventId,
    /// Its position in `Notebook::events`.
    pub event_index: usize,
    /// The row it is on.
    pub row: Bounds,
    /// Its marker or bar.
    pub glyph: Glyph,
    /// The fuzzy zones beyond its strict bounds (`~`, `?`): before, after.
    pub fuzzy: Option<[FadeZone; 2]>,
    /// An unknown end's fading tail, and where its "?" goes (left centre).
    pub unknown_end: Option<(FadeZone, Point)>,
    /// Tip of the arrow of an open start, at the lanes' left edge.
    pub open_start: Option<Point>,
    /// Tip of the arrow of an open end, at the lanes' right edge.
    pub open_end: Option<Point>,
    /// Its label, when there was room.
    pub label: Option<LabelBox>,
    /// Excerpts supporting it, for the badge after the label (none: a
    /// warning badge).
    pub excerpts: usize,
    /// Where a click selects it, before the label's text and badge (whose
    /// size depends on the font) are added.
    pub hit: Bounds,
}

/// Events that did not fit in the rows, drawn as one badge.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterMark {
    /// The badge.
    pub bounds: Bounds,
    /// Events in it.
    pub count: u32,
    /// Earliest start and latest end of its members (seconds; may be
    /// infinite).
    pub start: f64,
    /// See [`Self::start`].
    pub end: f64,
    /// The first few members, as `Notebook::events` positions.
    pub members: Vec<u32>,
    /// The layout's x of its earliest member, stable while the view is.
    pub x0: f32,
}

/// An event's mark on its row.
pub(super) fn mark(
    item: &PlacedItem,
    (event, excerpts): (EventId, usize),
    extent: &Extent,
    row: Bounds,
    lanes: Bounds,
    mapping: &Mapping,
) -> Mark {
    let y = row.min_y + BAR_CENTRE_POINTS;
    let (y0, y1) = (y - BAR_HEIGHT_POINTS / 2.0, y + BAR_HEIGHT_POINTS / 2.0);
    let (x0, x1) = (item.x0, item.x1);
    let mut hit = Bounds::from_min_max(
        x0 - MARKER_RADIUS_POINTS - HIT_PAD_POINTS,
        row.min_y,
        x1 + MARKER_RADIUS_POINTS + HIT_PAD_POINTS,
        y1 + HIT_PAD_POINTS,
    );
    let fuzzy_around = |inner: (f32, f32), (zone_y0, zone_y1): (f32, f32)| {
        (extent.approximate || extent.uncertain).then(|| {
            [
                FadeZone {
                    inner_x: inner.0,
                    outer_x: mapping.x_clamped(extent.fuzzy_start),
                    y0: zone_y0,
                    y1: zone_y1,
                },
                FadeZone {
                    inner_x: inner.1,
                    outer_x: mapping.x_clamped(extent.fuzzy_end),
                    y0: zone_y0,
                    y1: zone_y1,
                },
            ]
        })
    };
    let mut mark = Mark {
        event,
        event_index: item.event_index as usize,
        row,
        glyph: Glyph::Point {
            centre: Point { x: x0, y },
            uncertain: extent.uncertain,
        },
        fuzzy: None,
        unknown_end: None,
        open_start: None,
        open_end: None,
        label: item.label.map(|label| LabelBox {
            at: Point {
                x: label.x,
                y: row.min_y + LABEL_TOP_POINTS,
            },
            max_width: (label.max_width - BADGE_WIDTH_POINTS).max(MIN_LABEL_TEXT_POINTS),
        }),
        excerpts,
        hit,
    };
    if extent.shape == Shape::Point {
        let half = POINT_FUZZ_HALF_HEIGHT_POINTS;
        mark.fuzzy = fuzzy_around((x0, x0), (y - half, y + half));
        return mark;
    }
    let bar = Bounds::from_min_max(x0, y0, x1.max(x0 + 1.0), y1);
    // A period (a month, a year) may be any day in it: soft edges.
    let soft = if extent.shape == Shape::Period {
        SOFT_EDGE_MAX_POINTS.min(bar.width() / 4.0)
    } else {
        0.0
    };
    let open_start = extent.start.is_infinite();
    let open_end = extent.end.is_infinite();
    mark.glyph = Glyph::Bar {
        bounds: bar,
        fade: (
            if open_start { 0.0 } else { soft },
            if open_end { 0.0 } else { soft },
        ),
        dashed: extent.uncertain || extent.shape == Shape::OneOf,
    };
    mark.fuzzy = fuzzy_around((bar.min_x, bar.max_x), (y0, y1));
    if extent.unknown_end {
        let tail_end = bar.max_x + UNKNOWN_TAIL_POINTS;
        mark.unknown_end = Some((
            FadeZone {
                inner_x: bar.max_x,
                outer_x: tail_end,
                y0,
                y1,
            },
            Point {
                x: tail_end + UNKNOWN_MARK_GAP_POINTS,
                y,
            },
        ));
        hit.max_x = hit.max_x.max(tail_end + UNKNOWN_MARK_HIT_POINTS);
        mark.hit = hit;
    }
    mark.open_end = open_end.then_some(Point {
        x: lanes.max_x - ARROW_INSET_POINTS,
        y,
    });
    mark.open_start = open_start.then_some(Point {
        x: lanes.min_x + ARROW_INSET_POINTS,
        y,
    });
    mark
}

pub(super) fn cluster(cluster: &Cluster, row: Bounds) -> ClusterMark {
    let y = row.min_y + BAR_CENTRE_POINTS;
    ClusterMark {
        bounds: Bounds::from_min_max(
            cluster.x0 - MARKER_RADIUS_POINTS,
            y - CLUSTER_HALF_HEIGHT_POINTS,
            cluster.x1.max(cluster.x0 + CLUSTER_MIN_DRAWN_POINTS),
            y + CLUSTER_HALF_HEIGHT_POINTS,
        ),
        count: cluster.count,
        start: cluster.start,
        end: cluster.end,
        members: cluster.members.clone(),
        x0: cluster.x0,
    }
}

/// One sample of the legend: which kind of mark it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendSample {
    /// A point marker.
    Day,
    /// A bar with hard ends.
    Range,
    /// A bar with soft ends.
    Period,
    /// A bar with fuzzy zones beyond its ends.
    Approximate,
    /// A faint bar with a dashed outline.
    Uncertain,
    /// A bar with an arrow at its end.
    OpenEnd,
    /// An excerpt badge with a count.
    Excerpts,
    /// The warning badge of an unsupported event.
    Unsupported,
}

/// What the legend explains, in order: the widget's legend and every
/// exported picture draw these samples with these words.
pub const LEGEND: [(LegendSample, &str); 8] = [
    (LegendSample::Day, "known to the day (or time)"),
    (LegendSample::Range, "a range"),
    (
        LegendSample::Period,
        "known to the month or year: any day in it",
    ),
    (LegendSample::Approximate, "approximate (~): faded ends"),
    (LegendSample::Uncertain, "uncertain (?) or one of several"),
    (LegendSample::OpenEnd, "open end: runs on"),
    (LegendSample::Excerpts, "excerpts supporting it"),
    (LegendSample::Unsupported, "no supporting excerpt yet"),
];

/// Width of a legend sample's drawing.
pub const LEGEND_SAMPLE_WIDTH_POINTS: f32 = 60.0;
/// Width of a sample's bar, centred in the sample.
pub const LEGEND_BAR_WIDTH_POINTS: f32 = 44.0;
/// How far a period sample's soft ends fade in.
pub const LEGEND_SOFT_EDGE_POINTS: f32 = 12.0;
/// How far an approximate sample's fuzzy zones reach beyond its bar.
pub const LEGEND_FUZZ_POINTS: f32 = 10.0;
/// Opacity of an uncertain sample's fill.
pub const UNCERTAIN_FILL_ALPHA: f32 = 0.4;
/// Excerpts the "supported" badge sample counts.
pub const LEGEND_EXCERPT_COUNT: usize = 2;
/// Where a badge sample's badge starts, from the sample's left.
pub const LEGEND_BADGE_OFFSET_POINTS: f32 = 20.0;
/// Gap between an open-end sample's bar and its arrow tip.
pub const LEGEND_ARROW_GAP_POINTS: f32 = 6.0;
