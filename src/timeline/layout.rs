//! Per-frame placement of events in lanes: rows, labels, clusters and
//! density strips. Pure data in points; the painter draws what it says.
//!
//! For each lane, [`layout`] first counts the visible events with the index
//! (O(log n)). Above [`DENSITY_BUDGET_ITEMS_PER_LANE`] the lane becomes a
//! density strip (a [`Histogram`] with bins about [`DENSITY_BIN_POINTS`]
//! wide) and no event is touched. Otherwise it fetches only the visible
//! events and packs them, in start order, into at most
//! [`MAX_ROWS_PER_LANE`] rows:
//!
//! 1. Each item reserves `[x0 - MARKER_RADIUS_POINTS, right]`, where `right`
//!    covers its bar, its marker and, if shown, its label. Items in a row
//!    keep [`ITEM_GAP_POINTS`] between reservations, so bars, markers and
//!    labels never overlap.
//! 2. An item goes to the first row with room, else to a new row while
//!    there are fewer than the maximum.
//! 3. If no row has room, the lowest row whose last item would have room
//!    without that item's label hides that label and takes the item: every
//!    event keeps its own marker as long as markers fit, and labels fill the
//!    space that is left.
//! 4. Otherwise the item overflows into the cluster row (row index
//!    [`MAX_ROWS_PER_LANE`]): consecutive overflowing items whose positions
//!    are within [`CLUSTER_GAP_POINTS`] of the current cluster's badge merge
//!    into it. Placed items plus cluster counts equal the visible count.
//!
//! The cost is O(log n + k · rows) for k visible events (k is at most the
//! budget), so a frame never depends on the notebook's size.

use super::brackets::{
    Family, MAX_BRACKET_ROWS, MIN_BRACKET_WIDTH_POINTS, PlacedBracket, TOGGLE_PAD_POINTS,
    TOGGLE_POINTS,
};
use super::index::{EventIndex, Histogram, TimelineEvent};
use super::scale::Mapping;

/// Half-width of the marker drawn at an event's start: every item reserves
/// this much on both sides of its bar so markers on one row never touch.
pub const MARKER_RADIUS_POINTS: f32 = 4.0;

/// Space between an item's marker and its label text.
pub const LABEL_PAD_POINTS: f32 = 4.0;

/// Minimum empty space between two items on one row, so a label never runs
/// into the next marker.
pub const ITEM_GAP_POINTS: f32 = 6.0;

/// Longest label reserved on a row; the painter elides longer titles to
/// this width, so one long title cannot block a row for a whole screen.
pub const MAX_LABEL_WIDTH_POINTS: f32 = 240.0;

/// Rows per lane before events fold into clusters. Six rows of ~18-point
/// text keep a lane near 110 points, so five or six lanes fit a laptop
/// screen together.
pub const MAX_ROWS_PER_LANE: u16 = 6;

/// Overflowing events closer than this to the current cluster merge into
/// it: a few points apart, two markers cannot be told apart or clicked
/// separately.
pub const CLUSTER_GAP_POINTS: f32 = 4.0;

/// Narrowest cluster badge, enough for a count such as "999+" at the
/// timeline font; events starting under the badge join the cluster.
pub const CLUSTER_MIN_WIDTH_POINTS: f32 = 28.0;

/// Members listed per cluster (the earliest ones), for its tooltip.
pub const CLUSTER_SAMPLE_MEMBERS: usize = 5;

/// Visible events per lane above which the lane is drawn as a density
/// strip. At 1000 events across a 1000–2000-point widget, markers would be
/// 1–2 points apart and unreadable, and it bounds the shapes egui
/// tessellates per lane.
pub const DENSITY_BUDGET_ITEMS_PER_LANE: usize = 1000;

/// Target width of one density bin: 4 points keeps a strip's bars
/// distinguishable while a 2000-point widget needs only 500 bins per lane.
pub const DENSITY_BIN_POINTS: f64 = 4.0;

/// Where to draw an item's label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelPlacement {
    /// Left edge of the text. For an event that started before the view
    /// the label is pinned at the widget's left edge.
    pub x: f32,
    /// Width reserved for the text: the measured width, capped at
    /// [`MAX_LABEL_WIDTH_POINTS`] (elide beyond it).
    pub max_width: f32,
}

/// One event placed on a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedItem {
    /// Position of the event in `Notebook::events`.
    pub event_index: u32,
    /// Row within the lane, 0 at the top.
    pub row: u16,
    /// Start x in points (clamped near the widget).
    pub x0: f32,
    /// End x in points (clamped); equal to `x0` for a point event.
    pub x1: f32,
    /// The label, when there was room for it.
    pub label: Option<LabelPlacement>,
    /// Left edge of the space the item reserves (marker included).
    pub reserved_x0: f32,
    /// Right edge of the space the item reserves (bar, marker, label).
    pub reserved_x1: f32,
}

/// Events that did not fit in the rows, merged because they sit together.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Row it is drawn on: always [`MAX_ROWS_PER_LANE`], below the rows.
    pub row: u16,
    /// x of the earliest member's start.
    pub x0: f32,
    /// Right edge: the latest member's end, or the badge width.
    pub x1: f32,
    /// Number of events in it.
    pub count: u32,
    /// Earliest start of its members (seconds; may be infinite).
    pub start: f64,
    /// Latest end of its members (seconds; may be infinite).
    pub end: f64,
    /// The first [`CLUSTER_SAMPLE_MEMBERS`] members, as `Notebook::events`
    /// positions.
    pub members: Vec<u32>,
}

/// A lane drawn event by event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LaneItems {
    /// Placed events, in start order.
    pub items: Vec<PlacedItem>,
    /// Clusters, left to right, all on row [`MAX_ROWS_PER_LANE`].
    pub clusters: Vec<Cluster>,
    /// Rows in use, the cluster row included when there are clusters; the
    /// painter may size the lane from it.
    pub row_count: u16,
    /// Parents drawn as brackets over their children (see
    /// [`super::brackets`]), on rows of their own above the marks.
    pub brackets: Vec<PlacedBracket>,
    /// Bracket rows in use, above the rows of marks.
    pub bracket_rows: u16,
}

impl LaneItems {
    /// The item on `row` whose reserved space contains `x`, for hit tests.
    #[must_use]
    pub fn item_at(&self, x: f32, row: u16) -> Option<&PlacedItem> {
        self.items
            .iter()
            .find(|i| i.row == row && i.reserved_x0 <= x && x <= i.reserved_x1)
    }

    /// The cluster whose badge contains `x`.
    #[must_use]
    pub fn cluster_at(&self, x: f32) -> Option<&Cluster> {
        self.clusters
            .iter()
            .find(|c| c.x0 - MARKER_RADIUS_POINTS <= x && x <= c.x1)
    }
}

/// What a lane shows this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum LaneContent {
    /// Individual events, rows and clusters.
    Items(LaneItems),
    /// Too many events to draw one by one: counts per bin across the width.
    /// Bin `i` covers `histogram.bin_range(i)`; map it with
    /// [`Mapping::x_from_time`].
    Density(Histogram),
}

/// One lane's layout.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneLayout {
    /// Lane number (track order, "No track" last).
    pub lane: u32,
    /// Events intersecting the view (widened by the marker radius).
    pub visible_count: usize,
    /// What to draw.
    pub content: LaneContent,
}

/// Every lane's layout for one frame.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LaneLayouts {
    /// One entry per lane of the index, in lane order.
    pub lanes: Vec<LaneLayout>,
}

impl LaneLayouts {
    /// Events intersecting the view over all lanes.
    #[must_use]
    pub fn visible_count(&self) -> usize {
        self.lanes.iter().map(|l| l.visible_count).sum()
    }
}

/// Lays out every lane of `index` for the view and x-range of `mapping`.
/// Positions in the result are absolute x in points, as from
/// [`Mapping::x_clamped`].
#[must_use]
pub fn layout(index: &EventIndex, mapping: &Mapping) -> LaneLayouts {
    layout_with_selection(index, mapping, None)
}

/// [`layout`], with the selected event (its position in
/// `Notebook::events`) always labelled when it is placed on a row.
#[must_use]
pub fn layout_with_selection(
    index: &EventIndex,
    mapping: &Mapping,
    selected: Option<u32>,
) -> LaneLayouts {
    layout_with_family(index, mapping, selected, &Family::default())
}

/// [`layout_with_selection`], the parents of `family` placed as brackets
/// on rows above the marks rather than as marks.
#[must_use]
pub fn layout_with_family(
    index: &EventIndex,
    mapping: &Mapping,
    selected: Option<u32>,
    family: &Family,
) -> LaneLayouts {
    let (view, width) = (mapping.view(), mapping.width());
    // A point event just outside the view still shows half its marker.
    let margin_seconds = f64::from(MARKER_RADIUS_POINTS) * view.seconds_per_point(width.max(1.0));
    let (t0, t1) = (view.start - margin_seconds, view.end() + margin_seconds);
    let mut scratch = Vec::new();
    let lanes = (0..index.lane_count())
        .map(|lane| {
            let visible_count = index.count_visible(lane, t0, t1);
            let content = if visible_count > DENSITY_BUDGET_ITEMS_PER_LANE {
                let bins = (width / DENSITY_BIN_POINTS).round().max(1.0) as usize;
                LaneContent::Density(index.histogram(Some(lane), t0, t1, bins))
            } else {
                scratch.clear();
                index.visible(lane, t0, t1, &mut scratch);
                LaneContent::Items(pack(&scratch, mapping, selected, family))
            };
            LaneLayout {
                lane: u32::try_from(lane).unwrap_or(u32::MAX),
                visible_count,
                content,
            }
        })
        .collect();
    LaneLayouts { lanes }
}

/// Narrowest label shown: room for a few letters and the ellipsis. A mark
/// with less room before its neighbour on the row goes unlabelled.
pub const MIN_LABEL_ROOM_POINTS: f32 = 36.0;

/// State of one row while packing.
struct Row {
    /// Right edge of the row's last item with its whole label.
    right: f32,
    /// Right edge of the row's last item's marker and bar (its label is
    /// then cut to the room left): the selected event's counts its label.
    right_marker: f32,
}

/// Packs visible events (in start order) into rows and clusters, then gives
/// labels the room each mark has before the next one on its row.
fn pack(
    events: &[TimelineEvent],
    mapping: &Mapping,
    selected: Option<u32>,
    family: &Family,
) -> LaneItems {
    let (brackets, bracket_rows) = if family.is_empty() {
        (Vec::new(), 0)
    } else {
        place_brackets(events, mapping, family)
    };
    let mut items: Vec<PlacedItem> = Vec::with_capacity(events.len());
    let mut clusters: Vec<Cluster> = Vec::new();
    // Each cluster's first member: (event, x0, x1).
    let mut firsts: Vec<(u32, f32, f32)> = Vec::new();
    let mut rows: Vec<Row> = Vec::with_capacity(usize::from(MAX_ROWS_PER_LANE));
    let left_edge = mapping.left() as f32;

    // Pass 1: a row for every marker. A row where the whole label fits
    // comes first; else a new row; else the row whose last mark ends
    // earliest, so the mark before keeps the most room for its label.
    for event in events {
        if !brackets.is_empty() && family.parent(event.event_index).is_some() {
            continue;
        }
        let x0 = mapping.x_clamped(event.start);
        let x1 = mapping.x_clamped(event.end).max(x0);
        let reserved_x0 = x0 - MARKER_RADIUS_POINTS;
        let right_without_label = x1 + MARKER_RADIUS_POINTS;
        let label_width = event.label_width_points.min(MAX_LABEL_WIDTH_POINTS);
        let label = (label_width > 0.0).then(|| LabelPlacement {
            x: (x0 + MARKER_RADIUS_POINTS + LABEL_PAD_POINTS).max(left_edge + LABEL_PAD_POINTS),
            max_width: label_width,
        });
        let right_with_label = label.map_or(right_without_label, |l| {
            right_without_label.max(l.x + l.max_width)
        });
        let fits = |right: f32| right + ITEM_GAP_POINTS <= reserved_x0;
        let is_selected = selected == Some(event.event_index);

        let row = if let Some(row) = rows.iter().position(|r| fits(r.right)) {
            Some(row)
        } else if rows.len() < usize::from(MAX_ROWS_PER_LANE) {
            rows.push(Row {
                right: f32::NEG_INFINITY,
                right_marker: f32::NEG_INFINITY,
            });
            Some(rows.len() - 1)
        } else {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| fits(r.right_marker))
                .min_by(|(_, a), (_, b)| a.right_marker.total_cmp(&b.right_marker))
                .map(|(row, _)| row)
        };

        match row {
            Some(row) => {
                rows[row] = Row {
                    right: right_with_label,
                    // The selected event's whole label stays clear.
                    right_marker: if is_selected {
                        right_with_label
                    } else {
                        right_without_label
                    },
                };
                items.push(PlacedItem {
                    event_index: event.event_index,
                    // At most MAX_ROWS_PER_LANE rows exist, so this fits u16.
                    row: u16::try_from(row).unwrap_or(MAX_ROWS_PER_LANE),
                    x0,
                    x1,
                    label,
                    reserved_x0,
                    reserved_x1: right_with_label,
                });
            }
            None => {
                if add_to_clusters(&mut clusters, event, x0, x1) {
                    firsts.push((event.event_index, x0, x1));
                }
            }
        }
    }

    // A "cluster" of one is just a mark: it goes on the cluster row.
    let mut kept = Vec::with_capacity(clusters.len());
    for (cluster, (event_index, x0, x1)) in clusters.into_iter().zip(firsts) {
        if cluster.count == 1 {
            items.push(PlacedItem {
                event_index,
                row: MAX_ROWS_PER_LANE,
                x0,
                x1,
                label: None,
                reserved_x0: x0 - MARKER_RADIUS_POINTS,
                reserved_x1: x1 + MARKER_RADIUS_POINTS,
            });
        } else {
            kept.push(cluster);
        }
    }
    let clusters = kept;

    // Pass 2: each label gets the room before the next mark on its row.
    label_the_room(&mut items, &clusters);

    let rows_used = u16::try_from(rows.len()).unwrap_or(MAX_ROWS_PER_LANE);
    let cluster_row = !clusters.is_empty() || items.iter().any(|i| i.row == MAX_ROWS_PER_LANE);
    LaneItems {
        items,
        row_count: rows_used + u16::from(cluster_row),
        clusters,
        brackets,
        bracket_rows,
    }
}

/// Places the parents among `events` on bracket rows: outer parents first,
/// each on the first row under its own parents' where it overlaps no other
/// bracket (its title and control counted). Past [`MAX_BRACKET_ROWS`] a
/// bracket shares the last row, untitled. Returns them and the rows used.
fn place_brackets(
    events: &[TimelineEvent],
    mapping: &Mapping,
    family: &Family,
) -> (Vec<PlacedBracket>, u16) {
    let mut found: Vec<(&TimelineEvent, &super::brackets::Parent)> = events
        .iter()
        .filter_map(|e| family.parent(e.event_index).map(|p| (e, p)))
        .collect();
    if found.is_empty() {
        return (Vec::new(), 0);
    }
    found.sort_by(|a, b| {
        (a.1.depth, a.0.start, a.0.event_index)
            .partial_cmp(&(b.1.depth, b.0.start, b.0.event_index))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let left_edge = mapping.left() as f32;
    let last_row = usize::from(MAX_BRACKET_ROWS - 1);
    let mut rows: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut row_of: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    let mut placed = Vec::with_capacity(found.len());
    for (event, parent) in found {
        let x0 = mapping.x_clamped(event.start);
        let x1 = mapping
            .x_clamped(event.end)
            .max(x0 + MIN_BRACKET_WIDTH_POINTS);
        let label_x = x0.max(left_edge) + 2.0 * TOGGLE_PAD_POINTS + TOGGLE_POINTS;
        let width = event.label_width_points.min(MAX_LABEL_WIDTH_POINTS);
        let label = (width > 0.0).then_some(LabelPlacement {
            x: label_x,
            max_width: width,
        });
        let reserved_x0 = x0 - TOGGLE_PAD_POINTS;
        let reserved_x1 = x1.max(label.map_or(label_x, |l| l.x + l.max_width));
        let below_parents = parent
            .parents
            .iter()
            .filter_map(|p| row_of.get(p))
            .map(|r| r + 1)
            .max()
            .unwrap_or(0)
            .min(last_row);
        let free = |row: &Vec<(f32, f32)>| {
            row.iter().all(|(a, b)| {
                reserved_x1 + ITEM_GAP_POINTS <= *a || *b + ITEM_GAP_POINTS <= reserved_x0
            })
        };
        let (row, label, reserved_x1) =
            match (below_parents..=last_row).find(|r| rows.get(*r).is_none_or(&free)) {
                Some(row) => (row, label, reserved_x1),
                None => (last_row, None, x1),
            };
        while rows.len() <= row {
            rows.push(Vec::new());
        }
        rows[row].push((reserved_x0, reserved_x1));
        row_of.insert(event.event_index, row);
        placed.push(PlacedBracket {
            event_index: event.event_index,
            // At most MAX_BRACKET_ROWS rows exist, so this fits u16.
            row: u16::try_from(row).unwrap_or(MAX_BRACKET_ROWS - 1),
            x0,
            x1,
            label,
            reserved_x0,
            reserved_x1,
            folded: parent.folded,
            hidden: parent.hidden,
        });
    }
    let used = u16::try_from(rows.len()).unwrap_or(MAX_BRACKET_ROWS);
    (placed, used)
}

/// Cuts every label to the room before the next mark on its row (clusters
/// count on the cluster row), hiding it below [`MIN_LABEL_ROOM_POINTS`];
/// the reservations shrink to match.
fn label_the_room(items: &mut [PlacedItem], clusters: &[Cluster]) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        (items[a].row, items[a].reserved_x0)
            .partial_cmp(&(items[b].row, items[b].reserved_x0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for (k, &i) in order.iter().enumerate() {
        let row = items[i].row;
        let next_item = order
            .get(k + 1)
            .map(|&j| &items[j])
            .filter(|next| next.row == row)
            .map(|next| next.reserved_x0);
        let next_cluster = (row == MAX_ROWS_PER_LANE)
            .then(|| {
                clusters
                    .iter()
                    .map(|c| c.x0 - MARKER_RADIUS_POINTS)
                    .find(|x| *x > items[i].x0)
            })
            .flatten();
        let next = match (next_item, next_cluster) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let item = &mut items[i];
        let bare = item.x1 + MARKER_RADIUS_POINTS;
        let Some(label) = item.label else {
            item.reserved_x1 = bare;
            continue;
        };
        let full_end = label.x + label.max_width;
        let mut end = next.map_or(full_end, |next| full_end.min(next - ITEM_GAP_POINTS));
        while next.is_some_and(|next| end + ITEM_GAP_POINTS > next) {
            end = end.next_down();
        }
        let mut width = if end >= full_end {
            label.max_width
        } else {
            (end - label.x).max(0.0)
        };
        // Float sums: keep the text inside its reservation to the last bit.
        while width > 0.0 && label.x + width > end {
            width = width.next_down();
        }
        if width >= MIN_LABEL_ROOM_POINTS {
            item.label = Some(LabelPlacement {
                max_width: width,
                ..label
            });
            item.reserved_x1 = bare.max(end);
        } else {
            item.label = None;
            item.reserved_x1 = bare;
        }
    }
}

/// Merges an overflowing event into the last cluster if it starts within
/// [`CLUSTER_GAP_POINTS`] of its badge, else opens a new cluster (and
/// returns true).
fn add_to_clusters(clusters: &mut Vec<Cluster>, event: &TimelineEvent, x0: f32, x1: f32) -> bool {
    if let Some(cluster) = clusters.last_mut()
        && x0 - MARKER_RADIUS_POINTS <= cluster.x1 + CLUSTER_GAP_POINTS
    {
        cluster.count += 1;
        cluster.x1 = cluster.x1.max(x1 + MARKER_RADIUS_POINTS);
        cluster.start = cluster.start.min(event.start);
        cluster.end = cluster.end.max(event.end);
        if cluster.members.len() < CLUSTER_SAMPLE_MEMBERS {
            cluster.members.push(event.event_index);
        }
        return false;
    }
    clusters.push(Cluster {
        row: MAX_ROWS_PER_LANE,
        x0,
        x1: (x1 + MARKER_RADIUS_POINTS).max(x0 + CLUSTER_MIN_WIDTH_POINTS),
        count: 1,
        start: event.start,
        end: event.end,
        members: vec![event.event_index],
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::scale::{OFFSCREEN_MARGIN_POINTS, SECONDS_PER_MEAN_YEAR, TimeView};
    use proptest::prelude::*;

    const WIDTH: f64 = 1000.0;

    fn point(event_index: u32, lane: u32, t: f64, label: f32) -> TimelineEvent {
        TimelineEvent {
            event_index,
            lane,
            start: t,
            end: t,
            label_width_points: label,
        }
    }

    fn items(layout: &LaneLayout) -> &LaneItems {
        match &layout.content {
            LaneContent::Items(items) => items,
            LaneContent::Density(_) => panic!("lane {} is a density strip", layout.lane),
        }
    }

    fn placed_total(items: &LaneItems) -> usize {
        items.items.len()
            + items
                .clusters
                .iter()
                .map(|c| c.count as usize)
                .sum::<usize>()
    }

    /// Every pair on one row keeps the gap between reservations, and every
    /// label lies inside its item's reservation.
    fn assert_no_overlap(items: &LaneItems) {
        for row in 0..=MAX_ROWS_PER_LANE {
            let mut on_row: Vec<&PlacedItem> =
                items.items.iter().filter(|i| i.row == row).collect();
            on_row.sort_by(|a, b| a.reserved_x0.total_cmp(&b.reserved_x0));
            // Lone marks on the cluster row keep the clusters' spacing.
            let gap = if row == MAX_ROWS_PER_LANE {
                CLUSTER_GAP_POINTS
            } else {
                ITEM_GAP_POINTS
            };
            for pair in on_row.windows(2) {
                assert!(
                    pair[0].reserved_x1 + gap <= pair[1].reserved_x0,
                    "overlap on row {row}: {:?} {:?}",
                    pair[0],
                    pair[1]
                );
            }
        }
        for item in &items.items {
            assert!(item.row <= MAX_ROWS_PER_LANE);
            assert!(item.reserved_x0 <= item.x0 && item.x1 <= item.reserved_x1);
            if let Some(label) = item.label {
                assert!(label.x + label.max_width <= item.reserved_x1);
            }
        }
        for pair in items.clusters.windows(2) {
            assert!(pair[0].x1 + CLUSTER_GAP_POINTS < pair[1].x0 - MARKER_RADIUS_POINTS);
        }
    }

    #[test]
    fn sparse_events_get_labels_on_one_row() {
        let events: Vec<TimelineEvent> = (0..5)
            .map(|i| point(i, 0, f64::from(i) * 200.0, 80.0))
            .collect();
        let index = EventIndex::build(&events, 2);
        let result = layout(
            &index,
            &Mapping::new(TimeView::new(-100.0, 1000.0), 0.0, WIDTH),
        );
        assert_eq!(result.lanes.len(), 2);
        let lane = items(&result.lanes[0]);
        assert_eq!(lane.row_count, 1);
        assert!(lane.items.iter().all(|i| i.row == 0 && i.label.is_some()));
        assert_eq!(lane.items[1].x0, 300.0);
        assert_eq!(lane.items[1].label.unwrap().x, 308.0);
        assert_eq!(items(&result.lanes[1]).items.len(), 0);
        assert_eq!(lane.item_at(310.0, 0).unwrap().event_index, 1);
        assert!(lane.item_at(310.0, 1).is_none());
    }

    #[test]
    fn crowded_labels_stack_then_hide_then_cluster() {
        // 40 events 20 points apart with 150-point labels: six rows give
        // each item 120 points, less than a label needs.
        let events: Vec<TimelineEvent> = (0..40)
            .map(|i| point(i, 0, 100.0 + f64::from(i) * 20.0, 150.0))
            .collect();
        let index = EventIndex::build(&events, 1);
        let result = layout(
            &index,
            &Mapping::new(TimeView::new(0.0, 1000.0), 0.0, WIDTH),
        );
        let lane = items(&result.lanes[0]);
        assert_no_overlap(lane);
        // Markers fit 20 points apart, so nothing needs a cluster...
        assert!(lane.clusters.is_empty());
        assert_eq!(lane.items.len(), 40);
        // ...and every mark keeps a label, cut to the room before the next
        // mark on its row (six rows: 120 points, less the gaps).
        let labelled = lane.items.iter().filter(|i| i.label.is_some()).count();
        assert_eq!(labelled, 40);
        assert!(
            lane.items
                .iter()
                .any(|i| i.label.unwrap().max_width < 150.0)
        );
        assert_eq!(lane.row_count, MAX_ROWS_PER_LANE);
    }

    #[test]
    fn dense_lanes_label_every_mark_with_room_and_the_selected_one() {
        // 300 events over two years in five lanes, 1000 points wide, with
        // titles of 90 to 180 points.
        let two_years = 2.0 * SECONDS_PER_MEAN_YEAR;
        let events: Vec<TimelineEvent> = (0..300u32)
            .map(|i| {
                let t = f64::from(i) * two_years / 300.0 + f64::from(i % 3) * 3600.0;
                point(i, i % 5, t, 90.0 + (i % 7) as f32 * 15.0)
            })
            .collect();
        let index = EventIndex::build(&events, 5);
        let mapping = Mapping::new(TimeView::new(0.0, two_years), 0.0, WIDTH);
        let selected = 137;
        let result = layout_with_selection(&index, &mapping, Some(selected));
        let (mut marks, mut labelled) = (0, 0);
        for lane in &result.lanes {
            let lane_items = items(lane);
            assert_no_overlap(lane_items);
            assert!(
                lane_items.clusters.iter().all(|c| c.count > 1),
                "no cluster of one"
            );
            assert_eq!(placed_total(lane_items), lane.visible_count);
            for item in &lane_items.items {
                marks += 1;
                if item.label.is_some() {
                    labelled += 1;
                    continue;
                }
                // Unlabelled only when the next mark leaves no room.
                let label_x = item.x0 + MARKER_RADIUS_POINTS + LABEL_PAD_POINTS;
                let next = lane_items
                    .items
                    .iter()
                    .filter(|o| o.row == item.row && o.reserved_x0 > item.x0)
                    .map(|o| o.reserved_x0)
                    .fold(f32::INFINITY, f32::min);
                assert!(
                    next - ITEM_GAP_POINTS - label_x < MIN_LABEL_ROOM_POINTS,
                    "{item:?}"
                );
            }
        }
        assert_eq!(marks, 300, "every event has its own mark");
        assert!(labelled * 10 >= marks * 9, "{labelled} of {marks} labelled");
        let chosen = result
            .lanes
            .iter()
            .flat_map(|l| items(l).items.iter())
            .find(|i| i.event_index == selected)
            .unwrap();
        let whole = events[selected as usize].label_width_points;
        assert_eq!(
            chosen.label.map(|l| l.max_width),
            Some(whole),
            "the selected label is whole"
        );
    }

    #[test]
    fn a_lone_overflowing_event_is_a_mark_not_a_cluster_of_one() {
        // Seven events on one spot: six rows, and one left over.
        let events: Vec<TimelineEvent> = (0..7)
            .map(|i| point(i, 0, 500.0 + f64::from(i) * 0.01, 60.0))
            .collect();
        let index = EventIndex::build(&events, 1);
        let result = layout(
            &index,
            &Mapping::new(TimeView::new(0.0, 1000.0), 0.0, WIDTH),
        );
        let lane = items(&result.lanes[0]);
        assert!(lane.clusters.is_empty());
        assert_eq!(lane.items.len(), 7);
        assert_eq!(
            lane.items
                .iter()
                .filter(|i| i.row == MAX_ROWS_PER_LANE)
                .count(),
            1
        );
        assert_eq!(lane.row_count, MAX_ROWS_PER_LANE + 1);
        assert_no_overlap(lane);
    }

    #[test]
    fn events_closer_than_the_gap_cluster_with_counts() {
        // 50 events on one spot (within 2 points) and 10 at another, far
        // away: more than the rows can hold at each spot.
        let mut events: Vec<TimelineEvent> = (0..50)
            .map(|i| point(i, 0, 200.0 + f64::from(i) * 0.04, 30.0))
            .collect();
        events.extend((50..60).map(|i| point(i, 0, 700.0 + f64::from(i - 50) * 0.1, 30.0)));
        let index = EventIndex::build(&events, 1);
        let result = layout(
            &index,
            &Mapping::new(TimeView::new(0.0, 1000.0), 0.0, WIDTH),
        );
        let lane = items(&result.lanes[0]);
        assert_no_overlap(lane);
        assert_eq!(lane.items.len(), 2 * usize::from(MAX_ROWS_PER_LANE));
        assert_eq!(lane.clusters.len(), 2);
        assert_eq!(lane.clusters[0].count, 50 - u32::from(MAX_ROWS_PER_LANE));
        assert_eq!(lane.clusters[1].count, 10 - u32::from(MAX_ROWS_PER_LANE));
        assert_eq!(lane.clusters[0].members.len(), CLUSTER_SAMPLE_MEMBERS);
        assert_eq!(lane.clusters[0].members[0], u32::from(MAX_ROWS_PER_LANE));
        assert_eq!(lane.clusters[0].row, MAX_ROWS_PER_LANE);
        assert_eq!(lane.row_count, MAX_ROWS_PER_LANE + 1);
        assert_eq!(placed_total(lane), result.lanes[0].visible_count);
        assert_eq!(placed_total(lane), 60);
        assert!(lane.cluster_at(lane.clusters[1].x0).is_some());
    }

    #[test]
    fn density_strip_above_the_budget() {
        let n = 5 * DENSITY_BUDGET_ITEMS_PER_LANE as u32;
        let mut events: Vec<TimelineEvent> =
            (0..n).map(|i| point(i, 0, f64::from(i), 50.0)).collect();
        events.push(TimelineEvent {
            event_index: n,
            lane: 0,
            start: -1e6,
            end: f64::INFINITY,
            label_width_points: 50.0,
        });
        events.push(point(n + 1, 1, 10.0, 50.0));
        let index = EventIndex::build(&events, 2);
        let view = TimeView::new(1000.0, 3000.0);
        let result = layout(&index, &Mapping::new(view, 0.0, WIDTH));
        let LaneContent::Density(histogram) = &result.lanes[0].content else {
            panic!("expected a density strip");
        };
        assert_eq!(
            histogram.counts.len(),
            (WIDTH / DENSITY_BIN_POINTS) as usize
        );
        assert_eq!(histogram.total(), result.lanes[0].visible_count as u64);
        // 3001 points in view, 12 more on each side within the marker
        // radius (3 s per point), and the open-ended range.
        assert_eq!(result.lanes[0].visible_count, 3001 + 24 + 1);
        assert_eq!(items(&result.lanes[1]).items.len(), 0);

        // Zoomed in under the budget, the same lane is drawn item by item.
        let result = layout(
            &index,
            &Mapping::new(TimeView::new(1000.0, 100.0), 0.0, WIDTH),
        );
        let lane = items(&result.lanes[0]);
        assert_eq!(placed_total(lane), result.lanes[0].visible_count);
    }

    #[test]
    fn long_range_before_the_view_is_placed_and_clipped() {
        let year = SECONDS_PER_MEAN_YEAR;
        let events = [
            TimelineEvent {
                event_index: 7,
                lane: 0,
                start: -10.0 * year,
                end: 10.0 * year,
                label_width_points: 120.0,
            },
            TimelineEvent {
                event_index: 8,
                lane: 0,
                start: f64::NEG_INFINITY,
                end: f64::INFINITY,
                label_width_points: 60.0,
            },
        ];
        let index = EventIndex::build(&events, 1);
        let result = layout(&index, &Mapping::new(TimeView::new(0.0, year), 50.0, WIDTH));
        let lane = items(&result.lanes[0]);
        assert_eq!(lane.items.len(), 2);
        for item in &lane.items {
            assert_eq!(item.x0, (50.0 - OFFSCREEN_MARGIN_POINTS) as f32);
            assert_eq!(item.x1, (50.0 + WIDTH + OFFSCREEN_MARGIN_POINTS) as f32);
            // The label is pinned at the left edge of the widget.
            assert_eq!(item.label.unwrap().x, 50.0 + LABEL_PAD_POINTS);
        }
        assert_ne!(lane.items[0].row, lane.items[1].row);
    }

    #[test]
    fn long_labels_are_capped() {
        let index = EventIndex::build(&[point(0, 0, 100.0, 10_000.0)], 1);
        let result = layout(
            &index,
            &Mapping::new(TimeView::new(0.0, 1000.0), 0.0, WIDTH),
        );
        let item = items(&result.lanes[0]).items[0];
        assert_eq!(item.label.unwrap().max_width, MAX_LABEL_WIDTH_POINTS);
    }

    fn arbitrary_event() -> impl Strategy<Value = (u32, f64, f64, f32)> {
        (
            0u32..2,
            -200.0f64..1200.0,
            prop_oneof![4 => Just(0.0), 2 => 0.0f64..30.0, 1 => 0.0f64..2000.0],
            prop_oneof![1 => Just(0.0f32), 4 => 5.0f32..300.0],
        )
            .prop_map(|(lane, start, length, label)| (lane, start, start + length, label))
    }

    proptest! {
        #[test]
        fn stacking_never_overlaps_and_counts_add_up(
            raw in prop::collection::vec(arbitrary_event(), 0..400),
            start in -100.0f64..500.0,
            log_span in 4.2f64..8.0,
            left_x in -100.0f64..100.0,
            width in 100.0f64..2000.0,
        ) {
            let events: Vec<TimelineEvent> = raw
                .iter()
                .enumerate()
                .map(|(i, (lane, s, e, w))| TimelineEvent {
                    event_index: u32::try_from(i).unwrap(),
                    lane: *lane,
                    start: *s,
                    end: *e,
                    label_width_points: *w,
                })
                .collect();
            let index = EventIndex::build(&events, 2);
            let view = TimeView::new(start, log_span.exp());
            let result = layout(&index, &Mapping::new(view, left_x, width));
            prop_assert_eq!(result.lanes.len(), 2);
            for lane in &result.lanes {
                let LaneContent::Items(items) = &lane.content else {
                    prop_assert!(false, "under the budget");
                    continue;
                };
                assert_no_overlap(items);
                prop_assert_eq!(placed_total(items), lane.visible_count);
                let mut seen: Vec<u32> = items.items.iter().map(|i| i.event_index).collect();
                seen.sort_unstable();
                seen.dedup();
                prop_assert_eq!(seen.len(), items.items.len());
            }
        }
    }
}
