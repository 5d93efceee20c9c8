//! The event index: built once per notebook change, queried every frame.
//!
//! Per lane it keeps the events in struct-of-arrays form sorted by start,
//! plus the ends sorted on their own and a max-end tree over blocks of
//! [`BLOCK_LEN`] events. With those, per lane:
//!
//! - *how many events intersect `[t0, t1]`* is two binary searches:
//!   `#(start <= t1) - #(end < t0)` (an event that ended before `t0` also
//!   started before `t1`, so the second set is inside the first), O(log n);
//! - *which events intersect `[t0, t1]`* is the slice of starts inside
//!   `[t0, t1]` (two binary searches, then O(k)) plus the events that
//!   started earlier and are still running at `t0`, found by walking the
//!   max-end tree and skipping every subtree whose latest end is before
//!   `t0`. Each block holding such an event costs one root-to-leaf path and
//!   one scan of [`BLOCK_LEN`] ends, so the whole query is
//!   O(log n + k + r·(log n + BLOCK_LEN)) for r long events running into the
//!   view: O(log n + k) with a constant factor, however long the ranges
//!   and however many ended before the view;
//! - *a density histogram* over b bins counts events by start with one
//!   galloping search per bin boundary, O(b log(n / b)), never touching the
//!   events themselves.
//!
//! Intervals are closed: an event is visible in `[t0, t1]` when
//! `start <= t1 && end >= t0`, so a point event exactly at an edge counts.

use super::scale::MIN_SPAN_SECONDS;

/// Events per leaf of the max-end tree. A leaf is scanned linearly once the
/// tree says it holds a running event; 32 `f64` ends are four cache lines,
/// and the tree over blocks stays 32 times smaller than the events.
pub const BLOCK_LEN: usize = 32;

/// One event as the timeline sees it; the caller builds these from the read
/// model.
///
/// Open sides are infinite: an open start (`../2020`) is
/// `f64::NEG_INFINITY`, an open end (`2020-03/..`) is `f64::INFINITY`.
/// Layout clips them to the widget, and [`EventIndex::extent`] ignores
/// them. An end that nobody recorded is the caller's choice (a point at the
/// start is the usual one). `end < start` is read as the swapped range; a
/// NaN start drops the event and a NaN end makes it a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimelineEvent {
    /// Position of the event in `Notebook::events`.
    pub event_index: u32,
    /// Lane: one per track in lane order, then "No track" last.
    pub lane: u32,
    /// Start, seconds since 1970-01-01.
    pub start: f64,
    /// End, seconds since 1970-01-01; equal to `start` for a point event.
    pub end: f64,
    /// Width of the event's label at the timeline font, in points, measured
    /// by the caller (the index is rebuilt when the font changes).
    pub label_width_points: f32,
}

/// Counts per bin over `start..=end`, bins of equal duration.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Start of the first bin.
    pub start: f64,
    /// End of the last bin.
    pub end: f64,
    /// Events per bin, by start; events already running at `start` are in
    /// the first bin, so the counts sum to the events intersecting the range.
    pub counts: Vec<u32>,
    /// The largest count, for scaling the bars.
    pub max_count: u32,
}

impl Histogram {
    /// Duration of one bin in seconds.
    #[must_use]
    pub fn bin_seconds(&self) -> f64 {
        (self.end - self.start) / self.counts.len().max(1) as f64
    }

    /// Start and end time of bin `i`.
    #[must_use]
    pub fn bin_range(&self, i: usize) -> (f64, f64) {
        let width = self.bin_seconds();
        (
            self.start + i as f64 * width,
            self.start + (i + 1) as f64 * width,
        )
    }

    /// Sum of all counts: the events intersecting the range.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|c| u64::from(*c)).sum()
    }
}

/// One lane's events, sorted by start (ties by end, then event index).
#[derive(Debug, Clone, Default)]
struct LaneIndex {
    starts: Vec<f64>,
    /// Ends in start order.
    ends: Vec<f64>,
    event_indices: Vec<u32>,
    label_widths: Vec<f32>,
    /// Ends sorted on their own, for counting events that ended before t0.
    sorted_ends: Vec<f64>,
    /// Implicit binary tree of the latest end per block of `BLOCK_LEN`
    /// events: node 1 is the root, leaves start at `leaf_count`.
    end_tree: Vec<f64>,
    leaf_count: usize,
}

impl LaneIndex {
    fn new(mut events: Vec<TimelineEvent>) -> Self {
        events.sort_unstable_by(|a, b| {
            a.start
                .total_cmp(&b.start)
                .then(a.end.total_cmp(&b.end))
                .then(a.event_index.cmp(&b.event_index))
        });
        let starts: Vec<f64> = events.iter().map(|e| e.start).collect();
        let ends: Vec<f64> = events.iter().map(|e| e.end).collect();
        let event_indices = events.iter().map(|e| e.event_index).collect();
        let label_widths = events.iter().map(|e| e.label_width_points).collect();
        let mut sorted_ends = ends.clone();
        sorted_ends.sort_unstable_by(f64::total_cmp);

        let block_count = ends.len().div_ceil(BLOCK_LEN).max(1);
        let leaf_count = block_count.next_power_of_two();
        let mut end_tree = vec![f64::NEG_INFINITY; 2 * leaf_count];
        for (block, chunk) in ends.chunks(BLOCK_LEN).enumerate() {
            end_tree[leaf_count + block] = chunk.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        }
        for node in (1..leaf_count).rev() {
            end_tree[node] = end_tree[2 * node].max(end_tree[2 * node + 1]);
        }
        Self {
            starts,
            ends,
            event_indices,
            label_widths,
            sorted_ends,
            end_tree,
            leaf_count,
        }
    }

    /// Rebuilds the max-end tree from the ends.
    fn rebuild_end_tree(&mut self) {
        let block_count = self.ends.len().div_ceil(BLOCK_LEN).max(1);
        let leaf_count = block_count.next_power_of_two();
        self.end_tree.clear();
        self.end_tree.resize(2 * leaf_count, f64::NEG_INFINITY);
        for (block, chunk) in self.ends.chunks(BLOCK_LEN).enumerate() {
            self.end_tree[leaf_count + block] =
                chunk.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        }
        for node in (1..leaf_count).rev() {
            self.end_tree[node] = self.end_tree[2 * node].max(self.end_tree[2 * node + 1]);
        }
        self.leaf_count = leaf_count;
    }

    /// Drops the entries whose event index is in `removed` (sorted) and
    /// renumbers the rest with `renumber`, in one pass that keeps the
    /// order; returns the (start, end) of each entry dropped.
    fn remove_and_renumber(
        &mut self,
        removed: &[u32],
        renumber: &impl Fn(u32) -> u32,
    ) -> Vec<(f64, f64)> {
        let mut dropped = Vec::new();
        // The entries that go: a few, found by one scan of the 4-byte
        // event indices (an edit removes one or a handful).
        let gone = |index: &u32| {
            if removed.len() <= 8 {
                removed.contains(index)
            } else {
                removed.binary_search(index).is_ok()
            }
        };
        if let Some(first) = self.event_indices.iter().position(gone) {
            let mut write = first;
            for read in first..self.starts.len() {
                if gone(&self.event_indices[read]) {
                    dropped.push((self.starts[read], self.ends[read]));
                    continue;
                }
                self.starts[write] = self.starts[read];
                self.ends[write] = self.ends[read];
                self.label_widths[write] = self.label_widths[read];
                self.event_indices[write] = self.event_indices[read];
                write += 1;
            }
            self.starts.truncate(write);
            self.ends.truncate(write);
            self.label_widths.truncate(write);
            self.event_indices.truncate(write);
        }
        // Then every entry left is renumbered, in a pass over the indices
        // alone.
        for index in &mut self.event_indices {
            *index = renumber(*index);
        }
        for (_, end) in &dropped {
            let at = self
                .sorted_ends
                .partition_point(|e| e.total_cmp(end).is_lt());
            if self
                .sorted_ends
                .get(at)
                .is_some_and(|e| e.total_cmp(end).is_eq())
            {
                self.sorted_ends.remove(at);
            }
        }
        dropped
    }

    /// The slot of the entry with exactly this start, end and event index.
    fn slot_of(&self, event: &TimelineEvent) -> Option<usize> {
        let key = |i: usize| {
            self.starts[i]
                .total_cmp(&event.start)
                .then(self.ends[i].total_cmp(&event.end))
                .then(self.event_indices[i].cmp(&event.event_index))
        };
        let (mut low, mut high) = (0, self.starts.len());
        while low < high {
            let i = low + (high - low) / 2;
            match key(i) {
                std::cmp::Ordering::Less => low = i + 1,
                std::cmp::Ordering::Greater => high = i,
                std::cmp::Ordering::Equal => return Some(i),
            }
        }
        None
    }

    /// Adds one (sanitized) entry in its sorted place.
    fn insert(&mut self, event: &TimelineEvent) {
        let (mut low, mut high) = (0, self.starts.len());
        while low < high {
            let i = low + (high - low) / 2;
            let before = self.starts[i]
                .total_cmp(&event.start)
                .then(self.ends[i].total_cmp(&event.end))
                .then(self.event_indices[i].cmp(&event.event_index))
                .is_lt();
            if before {
                low = i + 1;
            } else {
                high = i;
            }
        }
        let position = low;
        self.starts.insert(position, event.start);
        self.ends.insert(position, event.end);
        self.event_indices.insert(position, event.event_index);
        self.label_widths.insert(position, event.label_width_points);
        let at = self
            .sorted_ends
            .partition_point(|e| e.total_cmp(&event.end).is_lt());
        self.sorted_ends.insert(at, event.end);
    }

    fn event(&self, position: usize) -> TimelineEvent {
        TimelineEvent {
            event_index: self.event_indices[position],
            lane: 0,
            start: self.starts[position],
            end: self.ends[position],
            label_width_points: self.label_widths[position],
        }
    }

    /// Events with `start <= t`.
    fn count_started_by(&self, t: f64) -> usize {
        self.starts.partition_point(|s| *s <= t)
    }

    /// Events with `end < t`.
    fn count_ended_before(&self, t: f64) -> usize {
        self.sorted_ends.partition_point(|e| *e < t)
    }

    fn count_visible(&self, t0: f64, t1: f64) -> usize {
        self.count_started_by(t1)
            .saturating_sub(self.count_ended_before(t0))
    }

    /// Calls `found` with every position below `before` whose end is at or
    /// after `t0`, in position (start) order: a depth-first walk of the
    /// max-end tree that skips every subtree ending before `t0`.
    fn running_at(&self, before: usize, t0: f64, found: &mut impl FnMut(usize)) {
        if before == 0 {
            return;
        }
        let last_block = (before - 1) / BLOCK_LEN;
        // (node, first block under it, blocks under it); the tree is at most
        // 64 levels deep and holds two pending nodes per level.
        let mut pending: Vec<(usize, usize, usize)> = Vec::with_capacity(128);
        pending.push((1, 0, self.leaf_count));
        while let Some((node, first_block, block_span)) = pending.pop() {
            if first_block > last_block || self.end_tree[node] < t0 {
                continue;
            }
            if block_span == 1 {
                let from = first_block * BLOCK_LEN;
                let to = (from + BLOCK_LEN).min(before);
                for position in from..to {
                    if self.ends[position] >= t0 {
                        found(position);
                    }
                }
                continue;
            }
            let half = block_span / 2;
            // Right child first so the left one is visited first.
            pending.push((2 * node + 1, first_block + half, half));
            pending.push((2 * node, first_block, half));
        }
    }

    /// Adds this lane's per-bin start counts over `t0..=t1` into `counts`.
    fn add_histogram(&self, t0: f64, t1: f64, counts: &mut [u32]) {
        let bins = counts.len();
        if bins == 0 {
            return;
        }
        let bin_seconds = (t1 - t0) / bins as f64;
        let ended_before = self.count_ended_before(t0);
        let started_by_end = self.count_started_by(t1);
        // `previous` is #(start < left edge of bin i); bin 0's left edge is
        // "everything still running at t0", i.e. the ended-before count.
        let mut previous = ended_before;
        let mut position = 0;
        for (i, count) in counts.iter_mut().enumerate() {
            let upto = if i + 1 == bins {
                started_by_end
            } else {
                let edge = t0 + (i + 1) as f64 * bin_seconds;
                position = gallop_count_below(&self.starts, position, edge).min(started_by_end);
                position
            };
            let here = upto.saturating_sub(previous);
            *count = count.saturating_add(u32::try_from(here).unwrap_or(u32::MAX));
            previous = previous.max(upto);
        }
    }
}

/// Number of values below `x` in sorted `values`, given that the first
/// `from` are below it: exponential then binary search, so a sweep of
/// increasing `x` costs O(log gap) per step.
fn gallop_count_below(values: &[f64], from: usize, x: f64) -> usize {
    let mut low = from.min(values.len());
    let mut step = 1;
    let mut high = low;
    while high < values.len() && values[high] < x {
        low = high + 1;
        high = high.saturating_add(step);
        step *= 2;
    }
    let high = high.min(values.len());
    low + values[low..high].partition_point(|v| *v < x)
}

/// All events of a notebook, by lane, ready for per-frame queries.
#[derive(Debug, Clone, Default)]
pub struct EventIndex {
    lanes: Vec<LaneIndex>,
    len: usize,
    extent: Option<(f64, f64)>,
}

impl EventIndex {
    /// Builds the index in O(n log n): measured 77 ms for a million events
    /// on six lanes (release build, 2-core machine, input in chronological
    /// order as the notebook holds it). There are `lane_count` lanes, or
    /// more if an event names a higher lane.
    #[must_use]
    pub fn build(events: &[TimelineEvent], lane_count: usize) -> Self {
        let lane_count = events
            .iter()
            .map(|e| e.lane as usize + 1)
            .max()
            .unwrap_or(0)
            .max(lane_count);
        let mut per_lane = vec![0usize; lane_count];
        for event in events {
            per_lane[event.lane as usize] += 1;
        }
        let mut grouped: Vec<Vec<TimelineEvent>> =
            per_lane.iter().map(|n| Vec::with_capacity(*n)).collect();
        let mut low = f64::INFINITY;
        let mut high = f64::NEG_INFINITY;
        let mut len = 0;
        for event in events {
            let Some(event) = sanitized(*event) else {
                continue;
            };
            for t in [event.start, event.end] {
                if t.is_finite() {
                    low = low.min(t);
                    high = high.max(t);
                }
            }
            len += 1;
            grouped[event.lane as usize].push(event);
        }
        Self {
            lanes: build_lanes(grouped, len),
            len,
            extent: (low <= high).then_some((low, high)),
        }
    }

    /// Takes a new label width for an event whose place is unchanged (an
    /// edit of its title): true when its entry, with the same lane, start,
    /// end and event index, is there and was updated in O(log n); false
    /// (and nothing changed) otherwise, when [`Self::patch`] is needed.
    pub fn relabel(&mut self, event: &TimelineEvent) -> bool {
        let Some(event) = sanitized(*event) else {
            return false;
        };
        let Some(lane) = self.lanes.get_mut(event.lane as usize) else {
            return false;
        };
        match lane.slot_of(&event) {
            Some(slot) => {
                lane.label_widths[slot] = event.label_width_points;
                true
            }
            None => false,
        }
    }

    /// Patches the index after the events it was built from changed: the
    /// entries of the events at `removed` (positions before, sorted) go,
    /// every other entry's event index `i` becomes `renumber(i)`, and
    /// `added` come in (their lanes must exist). One pass over the
    /// entries plus a sorted insert per added event: measured in
    /// `benches/scale.rs`, a few milliseconds at a million events where a
    /// rebuild takes a few hundred.
    pub fn patch(
        &mut self,
        removed: &[u32],
        renumber: impl Fn(u32) -> u32,
        added: &[TimelineEvent],
    ) {
        let (was_low, was_high) = self.extent.unwrap_or((f64::INFINITY, f64::NEG_INFINITY));
        // The extent is patched too, unless an entry that went held one of
        // its ends: then it is worked out again from every entry.
        let mut edge_went = false;
        let mut touched = vec![false; self.lanes.len()];
        for (lane, index) in self.lanes.iter_mut().enumerate() {
            let dropped = index.remove_and_renumber(removed, &renumber);
            edge_went |= dropped
                .iter()
                .any(|(s, e)| [s, e].iter().any(|t| **t == was_low || **t == was_high));
            touched[lane] = !dropped.is_empty();
        }
        let (mut low, mut high) = (was_low, was_high);
        for event in added {
            let Some(event) = sanitized(*event) else {
                continue;
            };
            let Some(index) = self.lanes.get_mut(event.lane as usize) else {
                continue;
            };
            index.insert(&event);
            touched[event.lane as usize] = true;
            for t in [event.start, event.end] {
                if t.is_finite() {
                    low = low.min(t);
                    high = high.max(t);
                }
            }
        }
        for (index, touched) in self.lanes.iter_mut().zip(touched) {
            if touched {
                index.rebuild_end_tree();
            }
        }
        self.len = self.lanes.iter().map(|l| l.starts.len()).sum();
        if edge_went {
            low = f64::INFINITY;
            high = f64::NEG_INFINITY;
            for index in &self.lanes {
                for t in index.starts.iter().chain(&index.ends) {
                    if t.is_finite() {
                        low = low.min(*t);
                        high = high.max(*t);
                    }
                }
            }
        }
        self.extent = (low <= high).then_some((low, high));
    }

    /// The index of the events `keep` flags (by position in
    /// `Notebook::events`; a position beyond it is kept), with each lane's
    /// (kept, all) counts. The lanes stay as they are, so no event changes
    /// lane: each lane's arrays are filtered in order (already sorted by
    /// start) and only its kept ends are sorted again. O(n) plus that sort,
    /// and pure, so the timeline runs it on a worker when a filter changes
    /// (`Projection::sync_shared`).
    #[must_use]
    pub fn filtered(&self, keep: &[bool]) -> (Self, Vec<(usize, usize)>) {
        let kept = |i: u32| keep.get(i as usize).copied().unwrap_or(true);
        let mut counts = Vec::with_capacity(self.lanes.len());
        let mut low = f64::INFINITY;
        let mut high = f64::NEG_INFINITY;
        let lanes: Vec<LaneIndex> = self
            .lanes
            .iter()
            .map(|lane| {
                let mut out = LaneIndex::default();
                for (p, i) in lane.event_indices.iter().enumerate() {
                    if kept(*i) {
                        out.starts.push(lane.starts[p]);
                        out.ends.push(lane.ends[p]);
                        out.event_indices.push(*i);
                        out.label_widths.push(lane.label_widths[p]);
                    }
                }
                for t in out.starts.iter().chain(&out.ends) {
                    if t.is_finite() {
                        low = low.min(*t);
                        high = high.max(*t);
                    }
                }
                out.sorted_ends.clone_from(&out.ends);
                out.sorted_ends.sort_unstable_by(f64::total_cmp);
                out.rebuild_end_tree();
                counts.push((out.starts.len(), lane.starts.len()));
                out
            })
            .collect();
        let index = Self {
            len: lanes.iter().map(|l| l.starts.len()).sum(),
            lanes,
            extent: (low <= high).then_some((low, high)),
        };
        (index, counts)
    }

    /// Bytes the index holds on the heap (its arrays' capacity), for the
    /// memory benchmark.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        self.lanes
            .iter()
            .map(|l| {
                (l.starts.capacity()
                    + l.ends.capacity()
                    + l.sorted_ends.capacity()
                    + l.end_tree.capacity())
                    * size_of::<f64>()
                    + l.event_indices.capacity() * size_of::<u32>()
                    + l.label_widths.capacity() * size_of::<f32>()
            })
            .sum::<usize>()
            + self.lanes.capacity() * size_of::<LaneIndex>()
    }

    /// Number of lanes.
    #[must_use]
    pub fn lane_count(&self) -> usize {
        self.lanes.len()
    }

    /// Number of events indexed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no event is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Earliest and latest finite time of any event (open sides ignored),
    /// for "fit all" and the overview strip; `None` when nothing is dated.
    #[must_use]
    pub fn extent(&self) -> Option<(f64, f64)> {
        self.extent
    }

    /// How many events of `lane` intersect `t0..=t1`, in O(log n).
    #[must_use]
    pub fn count_visible(&self, lane: usize, t0: f64, t1: f64) -> usize {
        self.lanes.get(lane).map_or(0, |l| l.count_visible(t0, t1))
    }

    /// Appends the events of `lane` that intersect `t0..=t1` to `out`, in
    /// start order (ties by end), in O(log n + k). `lane` in the returned
    /// events is set to `lane`.
    pub fn visible(&self, lane: usize, t0: f64, t1: f64, out: &mut Vec<TimelineEvent>) {
        let Some(index) = self.lanes.get(lane) else {
            return;
        };
        let lane_number = u32::try_from(lane).unwrap_or(u32::MAX);
        let with_lane = |position: usize| TimelineEvent {
            lane: lane_number,
            ..index.event(position)
        };
        let first_in_view = index.starts.partition_point(|s| *s < t0);
        let after_view = index.count_started_by(t1).max(first_in_view);
        index.running_at(first_in_view, t0, &mut |position| {
            out.push(with_lane(position));
        });
        out.extend((first_in_view..after_view).map(with_lane));
    }

    /// Start counts per bin over `t0..=t1` for one lane, or for all lanes
    /// when `lane` is `None`. Events running at `t0` count in the first
    /// bin, so the total equals the events intersecting the range.
    /// O(lanes · bins · log(n / bins)); at least one bin.
    #[must_use]
    pub fn histogram(&self, lane: Option<usize>, t0: f64, t1: f64, bin_count: usize) -> Histogram {
        let mut counts = vec![0u32; bin_count.max(1)];
        match lane {
            Some(lane) => {
                if let Some(index) = self.lanes.get(lane) {
                    index.add_histogram(t0, t1, &mut counts);
                }
            }
            None => {
                for index in &self.lanes {
                    index.add_histogram(t0, t1, &mut counts);
                }
            }
        }
        let max_count = counts.iter().copied().max().unwrap_or(0);
        Histogram {
            start: t0,
            end: t1,
            counts,
            max_count,
        }
    }

    /// The whole notebook's density over its [`Self::extent`] (widened to
    /// at least [`MIN_SPAN_SECONDS`]), for the overview strip. Its cost
    /// grows with bins times lanes, not with the events, but every bin edge
    /// is a cache miss: measured 0.3 ms at 100k events and 2.3 ms at a
    /// million (1800 bins, six lanes, release build), so compute it when the
    /// notebook or the strip's width changes and keep it, not every frame.
    #[must_use]
    pub fn overview(&self, bin_count: usize) -> Option<Histogram> {
        let (low, high) = self.extent?;
        let (low, high) = if high - low < MIN_SPAN_SECONDS {
            let middle = 0.5 * (low + high);
            (
                middle - 0.5 * MIN_SPAN_SECONDS,
                middle + 0.5 * MIN_SPAN_SECONDS,
            )
        } else {
            (low, high)
        };
        Some(self.histogram(None, low, high, bin_count))
    }
}

/// Applies the documented rules for odd input; `None` drops the event.
/// Entries from which the lanes are built on all cores.
const PARALLEL_FROM_ENTRIES: usize = 65_536;

/// Builds each lane's index (a sort and a tree per lane), the lanes shared
/// among the machine's cores when there are many entries: a million
/// events' first frame waits for this.
fn build_lanes(grouped: Vec<Vec<TimelineEvent>>, len: usize) -> Vec<LaneIndex> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(grouped.len());
    if len < PARALLEL_FROM_ENTRIES || workers < 2 {
        return grouped.into_iter().map(LaneIndex::new).collect();
    }
    // Lane i goes to worker i % workers.
    let mut shares: Vec<Vec<(usize, Vec<TimelineEvent>)>> = vec![Vec::new(); workers];
    for (i, lane) in grouped.into_iter().enumerate() {
        shares[i % workers].push((i, lane));
    }
    let mut built: Vec<(usize, LaneIndex)> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                scope.spawn(move || {
                    share
                        .into_iter()
                        .map(|(i, lane)| (i, LaneIndex::new(lane)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    built.sort_unstable_by_key(|(i, _)| *i);
    built.into_iter().map(|(_, lane)| lane).collect()
}

fn sanitized(event: TimelineEvent) -> Option<TimelineEvent> {
    if event.start.is_nan() {
        return None;
    }
    let end = if event.end.is_nan() {
        event.start
    } else {
        event.end
    };
    let label_width_points = if event.label_width_points.is_finite() {
        event.label_width_points.max(0.0)
    } else {
        0.0
    };
    Some(TimelineEvent {
        start: event.start.min(end),
        end: event.start.max(end),
        label_width_points,
        ..event
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn event(event_index: u32, lane: u32, start: f64, end: f64) -> TimelineEvent {
        TimelineEvent {
            event_index,
            lane,
            start,
            end,
            label_width_points: 40.0,
        }
    }

    fn visible_indices(index: &EventIndex, lane: usize, t0: f64, t1: f64) -> Vec<u32> {
        let mut out = Vec::new();
        index.visible(lane, t0, t1, &mut out);
        out.iter().map(|e| e.event_index).collect()
    }

    #[test]
    fn long_ranges_starting_before_the_view_are_found() {
        let mut events: Vec<TimelineEvent> = (0..10_000)
            .map(|i| event(i, 0, f64::from(i), f64::from(i)))
            .collect();
        // A long range far back, an open start, and an open end.
        events.push(event(20_000, 0, -1e9, 5_000.5));
        events.push(event(20_001, 0, f64::NEG_INFINITY, 6_000.0));
        events.push(event(20_002, 0, 100.0, f64::INFINITY));
        // Ended just before the view: not visible.
        events.push(event(20_003, 0, -5.0, 4_999.0));
        let index = EventIndex::build(&events, 1);
        let found = visible_indices(&index, 0, 5_000.0, 5_002.0);
        assert_eq!(found, [20_001, 20_000, 20_002, 5_000, 5_001, 5_002]);
        assert_eq!(index.count_visible(0, 5_000.0, 5_002.0), 6);
        assert_eq!(index.extent(), Some((-1e9, 9_999.0)));
    }

    #[test]
    fn relabel_changes_only_an_entry_in_its_place() {
        let events: Vec<TimelineEvent> = (0..1000)
            .map(|i| event(i, i % 2, f64::from(i / 3), f64::from(i / 3) + 2.0))
            .collect();
        let mut index = EventIndex::build(&events, 2);
        let mut wider = events[501];
        wider.label_width_points = 90.0;
        assert!(index.relabel(&wider));
        let mut out = Vec::new();
        index.visible(1, 166.0, 168.0, &mut out);
        let found = out.iter().find(|e| e.event_index == 501).unwrap();
        assert!((found.label_width_points - 90.0).abs() < f32::EPSILON);
        // Moved, or on another lane: not in its place, nothing changes.
        let mut moved = wider;
        moved.start += 1.0;
        assert!(!index.relabel(&moved));
        let mut other_lane = wider;
        other_lane.lane = 0;
        assert!(!index.relabel(&other_lane));
        let mut rebuilt_events = events.clone();
        rebuilt_events[501] = wider;
        let rebuilt = EventIndex::build(&rebuilt_events, 2);
        for lane in 0..2 {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            index.visible(lane, -10.0, 400.0, &mut a);
            rebuilt.visible(lane, -10.0, 400.0, &mut b);
            assert_eq!(a, b, "lane {lane}");
        }
    }

    #[test]
    fn lanes_built_on_several_cores_equal_lanes_built_on_one() {
        let events: Vec<TimelineEvent> = (0..100_000_u32)
            .map(|i| {
                let start = f64::from((i * 7919) % 50_000);
                event(i, i % 7, start, start + f64::from(i % 30))
            })
            .collect();
        let group = || {
            let mut grouped = vec![Vec::new(); 7];
            for e in &events {
                grouped[e.lane as usize].push(*e);
            }
            grouped
        };
        let parallel = build_lanes(group(), events.len());
        let serial = build_lanes(group(), 0);
        assert_eq!(parallel.len(), 7);
        for (lane, (a, b)) in parallel.iter().zip(&serial).enumerate() {
            assert_eq!(a.starts, b.starts, "lane {lane}");
            assert_eq!(a.ends, b.ends, "lane {lane}");
            assert_eq!(a.event_indices, b.event_indices, "lane {lane}");
            assert_eq!(a.sorted_ends, b.sorted_ends, "lane {lane}");
            assert_eq!(a.end_tree, b.end_tree, "lane {lane}");
        }
    }

    #[test]
    fn closed_intervals_and_odd_input() {
        let events = [
            event(0, 0, 10.0, 10.0),
            event(1, 0, 30.0, 20.0), // swapped
            event(2, 0, f64::NAN, 20.0),
            event(3, 0, 40.0, f64::NAN),
            event(4, 2, 15.0, 15.0),
        ];
        let index = EventIndex::build(&events, 1);
        assert_eq!(index.lane_count(), 3);
        assert_eq!(index.len(), 4);
        assert_eq!(visible_indices(&index, 0, 20.0, 40.0), [1, 3]);
        assert_eq!(visible_indices(&index, 0, 0.0, 10.0), [0]);
        assert_eq!(visible_indices(&index, 9, 0.0, 10.0), Vec::<u32>::new());
        assert_eq!(index.count_visible(2, 15.0, 15.0), 1);
        assert!(EventIndex::build(&[], 0).overview(10).is_none());
    }

    #[test]
    fn histogram_counts_sum_to_visible() {
        let mut events: Vec<TimelineEvent> = (0..1000)
            .map(|i| event(i, 0, f64::from(i) * 10.0, f64::from(i) * 10.0))
            .collect();
        events.push(event(5000, 0, -100.0, 2_000.0));
        let index = EventIndex::build(&events, 1);
        let histogram = index.histogram(Some(0), 1_000.0, 2_000.0, 10);
        assert_eq!(histogram.counts.len(), 10);
        // 101 points in 1000..=2000 plus the long range, counted in bin 0.
        assert_eq!(histogram.total(), 102);
        assert_eq!(histogram.counts[0], 11);
        assert_eq!(histogram.counts[9], 11);
        assert_eq!(histogram.max_count, 11);
        assert_eq!(histogram.bin_range(1), (1_100.0, 1_200.0));

        let overview = index.overview(7).unwrap();
        assert_eq!(overview.total(), 1001);
        assert_eq!((overview.start, overview.end), (-100.0, 9_990.0));
    }

    #[test]
    fn single_instant_overview_is_widened() {
        let index = EventIndex::build(&[event(0, 0, 5.0, 5.0)], 1);
        let overview = index.overview(4).unwrap();
        assert_eq!(overview.end - overview.start, MIN_SPAN_SECONDS);
        assert_eq!(overview.total(), 1);
    }

    fn arbitrary_event() -> impl Strategy<Value = (u32, f64, f64)> {
        (
            0u32..3,
            -1000.0f64..1000.0,
            prop_oneof![
                3 => Just(0.0),
                2 => 0.0f64..50.0,
                1 => 0.0f64..3000.0,
                1 => Just(f64::INFINITY),
            ],
        )
            .prop_map(|(lane, start, length)| (lane, start, start + length))
    }

    proptest! {
        #[test]
        fn queries_match_brute_force(
            raw in prop::collection::vec(arbitrary_event(), 0..300),
            t0 in -1500.0f64..1500.0,
            length in 0.0f64..500.0,
            bins in 1usize..40,
        ) {
            let t1 = t0 + length;
            let events: Vec<TimelineEvent> = raw
                .iter()
                .enumerate()
                .map(|(i, (lane, s, e))| event(u32::try_from(i).unwrap(), *lane, *s, *e))
                .collect();
            let index = EventIndex::build(&events, 3);
            for lane in 0..3 {
                let mut expected: Vec<&TimelineEvent> = events
                    .iter()
                    .filter(|e| e.lane as usize == lane && e.start <= t1 && e.end >= t0)
                    .collect();
                expected.sort_by(|a, b| {
                    a.start.total_cmp(&b.start)
                        .then(a.end.total_cmp(&b.end))
                        .then(a.event_index.cmp(&b.event_index))
                });
                let expected: Vec<u32> = expected.iter().map(|e| e.event_index).collect();
                prop_assert_eq!(&visible_indices(&index, lane, t0, t1), &expected);
                prop_assert_eq!(index.count_visible(lane, t0, t1), expected.len());
                let histogram = index.histogram(Some(lane), t0, t1, bins);
                prop_assert_eq!(histogram.total(), expected.len() as u64);
            }
        }
    }
}
