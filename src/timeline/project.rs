//! The read model as the timeline sees it: one lane per track (and "No
//! track" last), each event's extent on the axis, and the event index.
//! Rebuilt when the read model's generation changes, not every frame.
//! Pure: no egui.

use super::brackets::{Family, Folds, PART_OF, Parent};
use super::extent::{Extent, extent_from_date};
use super::index::{EventIndex, TimelineEvent};
use super::layout::MAX_LABEL_WIDTH_POINTS;
use crate::model::notebook::Colour;
use crate::model::{Notebook, TrackId};

/// Average glyph width of the label font, for estimating label widths when
/// the index is built (measuring a million titles exactly would take
/// seconds; labels are elided when drawn anyway).
pub const AVG_CHAR_WIDTH_POINTS: f32 = 6.6;

/// How many average glyphs a wide character (Han, Hangul, kana,
/// full-width forms) takes: such glyphs are about an em wide, twice a
/// Latin letter's average.
pub const WIDE_CHAR_GLYPHS: f32 = 2.0;

/// True for characters drawn about an em wide.
#[must_use]
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f | 0xff00..=0xff60 | 0xffe0..=0xffe6 | 0x20000..=0x3fffd)
}

/// The estimated width of a label's text, in points at the label font:
/// [`AVG_CHAR_WIDTH_POINTS`] a character, wide ones counted
/// [`WIDE_CHAR_GLYPHS`] times, so Korean and Chinese titles get the room
/// they need.
#[must_use]
pub fn estimated_text_width_points(text: &str) -> f32 {
    // No ASCII character is wide, and an ASCII text is as many characters
    // as bytes: found without decoding (most titles, a million at open).
    if text.is_ascii() {
        #[allow(clippy::cast_precision_loss)]
        return text.len() as f32 * AVG_CHAR_WIDTH_POINTS;
    }
    text.chars()
        .map(|c| if is_wide(c) { WIDE_CHAR_GLYPHS } else { 1.0 })
        .sum::<f32>()
        * AVG_CHAR_WIDTH_POINTS
}

/// Width of the excerpt-count badge after a label.
pub const BADGE_WIDTH_POINTS: f32 = 20.0;

/// Distinct date texts kept in the extent cache; beyond this it starts
/// afresh (a million events over fifty years have some tens of thousands).
const EXTENT_CACHE_MAX_DATES: usize = 1_000_000;

/// What the lanes are: tracks (the default) or entities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LaneMode {
    /// One lane per track, "No track" last.
    #[default]
    Tracks,
    /// One lane per entity of a kind ("one lane per person") that is on a
    /// shown event, by name, then "No person" for events with none; an
    /// event with two people is drawn in both lanes. `None` takes entities
    /// of every kind.
    Entities(Option<String>),
}

/// One lane: a track, or "No track".
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// The track, `None` for "No track" (and for lanes by entity).
    pub track: Option<TrackId>,
    /// The entity, for lanes by entity (`None` for "No person").
    pub entity: Option<crate::model::EntityId>,
    /// Name shown on the lane.
    pub name: String,
    /// The track's colour, `None` for "No track".
    pub colour: Option<Colour>,
    /// With a filter on: how many of the lane's events it shows, of all.
    pub filtered: Option<(usize, usize)>,
}

/// The timeline's projection of one generation of the read model.
#[derive(Debug)]
pub struct Projection {
    lanes: Vec<Lane>,
    /// Extents by position in `Notebook::events`.
    extents: Vec<Extent>,
    /// Extents by the EDTF they were computed from: most events share
    /// their date's text with others, so each distinct text is computed
    /// once, and a notebook change only computes the dates it brought.
    extent_cache: std::collections::HashMap<String, Extent>,
    index: std::sync::Arc<EventIndex>,
    /// (generation, filter key, folds key) it was built for.
    built_for: Option<(u64, u64, u64)>,
    /// The read model's revision the index shows.
    built_revision: Option<u64>,
    mode: LaneMode,
    /// Who contains whom among the shown events, and what the folds hide.
    family: Family,
    /// The generation the extents were computed for.
    extents_for: Option<u64>,
    /// While a filter is on (lanes by track, nothing folded, no part-of
    /// links): the index of every event, for `built_revision`, that
    /// filtered indexes are derived from.
    base: Option<std::sync::Arc<EventIndex>>,
    /// A filtered index being derived on a worker, for the key it answers.
    deriving: Option<Deriving>,
    /// Indexes of at least this many events are filtered on a worker.
    worker_from: usize,
}

/// Indexes of at least this many events are filtered on a worker; smaller
/// ones within the frame ([`EventIndex::filtered`] takes about 10 ns an
/// event, so this many take well under a millisecond).
pub const FILTER_ON_WORKER_EVENTS: usize = 65_536;

/// A filtered index on its way from a worker.
#[derive(Debug)]
struct Deriving {
    key: (u64, u64, u64),
    answer: std::sync::mpsc::Receiver<(EventIndex, Vec<(usize, usize)>)>,
}

impl Default for Projection {
    fn default() -> Self {
        Self {
            lanes: Vec::new(),
            extents: Vec::new(),
            extent_cache: std::collections::HashMap::new(),
            index: std::sync::Arc::new(EventIndex::build(&[], 0)),
            built_for: None,
            built_revision: None,
            mode: LaneMode::Tracks,
            family: Family::default(),
            extents_for: None,
            base: None,
            deriving: None,
            worker_from: FILTER_ON_WORKER_EVENTS,
        }
    }
}

impl Projection {
    /// Rebuilds from `notebook` unless it was built for `generation`;
    /// returns true when it rebuilt. Every event is shown.
    pub fn sync(&mut self, notebook: &Notebook, generation: u64) -> bool {
        self.sync_shown(notebook, generation, None)
    }

    /// Lays lanes out by track or by entity from the next sync on.
    pub fn set_lane_mode(&mut self, mode: LaneMode) {
        if self.mode != mode {
            self.mode = mode;
            self.built_for = None;
        }
    }

    /// How the lanes are laid out.
    #[must_use]
    pub fn lane_mode(&self) -> &LaneMode {
        &self.mode
    }

    /// As [`Projection::sync_shown`] for the widget, which must not stall a
    /// frame when the filter changes: when only the filter changed since
    /// the last build (same generation, lanes by track), the filtered index
    /// is derived from the index of every event on a worker
    /// ([`EventIndex::filtered`]) and the last one is shown until it
    /// arrives; clearing the filter puts the index of every event back at
    /// once. Anything else rebuilds here, as [`Projection::sync_folded`]
    /// does: an edit, lanes by entity, a fold, and any filter change in a
    /// notebook with part-of links (the brackets' spans and counts follow
    /// the filter). Returns true when what is shown changed.
    pub fn sync_shared(
        &mut self,
        notebook: &Notebook,
        generation: u64,
        shown: Option<(u64, &std::sync::Arc<Vec<bool>>)>,
        folds: &Folds,
    ) -> bool {
        let key = (generation, shown.map_or(0, |(k, _)| k), folds.key());
        if self.built_for == Some(key) {
            return self.take_derived();
        }
        let same_rows = self
            .built_for
            .is_some_and(|(g, _, f)| g == generation && f == 0)
            && folds.is_empty()
            && self.built_revision == Some(notebook.revision())
            && matches!(self.mode, LaneMode::Tracks)
            && self.extents.len() == notebook.events.len()
            && !has_part_of(notebook);
        if !same_rows {
            let mask = shown.map(|(k, m)| (k, m.as_slice()));
            return self.sync_folded(notebook, generation, mask, folds);
        }
        self.deriving = None;
        let base = match self.base.take() {
            Some(base) => base,
            // Unfiltered until now: what is shown is the index of every event.
            None => self.index.clone(),
        };
        self.built_for = Some(key);
        let Some((_, mask)) = shown else {
            self.index = base;
            for lane in &mut self.lanes {
                lane.filtered = None;
            }
            return true;
        };
        self.base = Some(base.clone());
        if base.len() < self.worker_from {
            // Small enough to derive within the frame (well under 1 ms).
            let derived = base.filtered(mask);
            self.show_derived(derived);
            return true;
        }
        let (send, answer) = std::sync::mpsc::channel();
        let mask = mask.clone();
        let work = move || {
            // The receiver is gone when the filter changed again meanwhile.
            let _ = send.send(base.filtered(&mask));
        };
        if std::thread::Builder::new()
            .name("timeline-filter".into())
            .spawn(work)
            .is_err()
        {
            // No thread to be had: derive it here.
            if let Some(base) = &self.base {
                let derived = base.filtered(shown.map_or(&[][..], |(_, m)| m.as_slice()));
                self.show_derived(derived);
                return true;
            }
        }
        self.deriving = Some(Deriving { key, answer });
        false
    }

    /// True while a filtered index is being derived (the last one shown).
    #[must_use]
    pub const fn deriving(&self) -> bool {
        self.deriving.is_some()
    }

    /// Takes the worker's filtered index if it has arrived; true if so.
    fn take_derived(&mut self) -> bool {
        let Some(deriving) = &self.deriving else {
            return false;
        };
        match deriving.answer.try_recv() {
            Ok(derived) if self.built_for == Some(deriving.key) => {
                self.deriving = None;
                self.show_derived(derived);
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            // Stale, or the worker died: build it here rather than never.
            Ok(_) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.deriving = None;
                self.built_for = None;
                false
            }
        }
    }

    fn show_derived(&mut self, (index, counts): (EventIndex, Vec<(usize, usize)>)) {
        for (lane, count) in self.lanes.iter_mut().zip(counts) {
            lane.filtered = Some(count);
        }
        self.index = std::sync::Arc::new(index);
    }

    /// As [`Projection::sync`], drawing only the events a filter keeps:
    /// `shown` is (a key that changes with the filter, one flag per event
    /// in `Notebook::events` order). Lanes of hidden tracks are left out.
    pub fn sync_shown(
        &mut self,
        notebook: &Notebook,
        generation: u64,
        shown: Option<(u64, &[bool])>,
    ) -> bool {
        self.sync_folded(notebook, generation, shown, &Folds::default())
    }

    /// As [`Projection::sync_shown`], the parents in `folds` folded: what
    /// they contain is left out, and every parent is placed by its
    /// family's span (see [`super::brackets`]).
    pub fn sync_folded(
        &mut self,
        notebook: &Notebook,
        generation: u64,
        shown: Option<(u64, &[bool])>,
        folds: &Folds,
    ) -> bool {
        let key = (generation, shown.map_or(0, |(k, _)| k), folds.key());
        if self.built_for == Some(key) {
            return false;
        }
        let mask = shown.map(|(_, m)| m);
        let was_plain =
            self.built_for.is_some_and(|(_, k, f)| k == 0 && f == 0) && self.family.is_empty();
        self.built_for = Some(key);
        self.base = None;
        self.deriving = None;
        let by_tracks = matches!(self.mode, LaneMode::Tracks);
        // A patch moves events by their own extents; a family needs its
        // spans worked out again, so part-of links mean a rebuild.
        let plain = mask.is_none() && folds.is_empty() && !has_part_of(notebook);
        if by_tracks && plain && was_plain && self.patched(notebook) {
            self.extents_for = Some(generation);
            return true;
        }
        self.built_revision = Some(notebook.revision());
        if let LaneMode::Entities(kind) = &self.mode {
            let kind = kind.clone();
            self.sync_extents(notebook, generation);
            let shown = |i: usize| mask.is_none_or(|m| m.get(i).copied().unwrap_or(true));
            self.family = Family::build(notebook, &self.extents, shown, folds);
            self.sync_by_entity(notebook, mask, kind.as_deref());
            return true;
        }
        self.lanes = lanes(notebook, mask);
        let lane_of_track: std::collections::HashMap<TrackId, usize> = self
            .lanes
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.track.map(|t| (t, i)))
            .collect();
        let no_track_lane = self.lanes.iter().position(|l| l.track.is_none());
        let lane_of = |track: Option<TrackId>| match track {
            Some(id) => lane_of_track.get(&id).copied(),
            None => no_track_lane,
        };
        self.sync_extents(notebook, generation);
        let shown = |i: usize| {
            mask.is_none_or(|m| m.get(i).copied().unwrap_or(true))
                && lane_of(notebook.events[i].track).is_some()
        };
        self.family = Family::build(notebook, &self.extents, shown, folds);
        let family = &self.family;
        let items: Vec<TimelineEvent> = notebook
            .events
            .iter()
            .zip(&self.extents)
            .enumerate()
            .filter(|(i, _)| mask.is_none_or(|m| m.get(*i).copied().unwrap_or(true)))
            .filter(|(i, _)| !family.is_folded_away(*i))
            .filter_map(|(i, (event, extent))| {
                let lane = lane_of(event.track)?;
                Some(timeline_event(i, lane, event, extent, family))
            })
            .collect();
        self.index = std::sync::Arc::new(EventIndex::build(&items, self.lanes.len()));
        true
    }

    /// Recomputes the extents of events whose date changed.
    /// A fold or a filter keeps the generation: the extents stay.
    fn sync_extents(&mut self, notebook: &Notebook, generation: u64) {
        if self.extents_for == Some(generation) && self.extents.len() == notebook.events.len() {
            return;
        }
        self.extents_for = Some(generation);
        let cache = &mut self.extent_cache;
        if cache.len() > EXTENT_CACHE_MAX_DATES {
            cache.clear();
        }
        // Events in date order share their neighbour's date often (the
        // events of one date share one parsed value, compared at once).
        let mut last: Option<(&crate::model::date::Date, Extent)> = None;
        self.extents = notebook
            .events
            .iter()
            .map(|e| {
                if let Some((date, extent)) = last
                    && *date == e.date
                {
                    return extent;
                }
                let extent = match cache.get(e.date.edtf()) {
                    Some(extent) => *extent,
                    None => {
                        let extent = extent_from_date(&e.date);
                        cache.insert(e.date.edtf().to_owned(), extent);
                        extent
                    }
                };
                last = Some((&e.date, extent));
                extent
            })
            .collect();
    }

    /// Lanes by entity: one per entity of `kind` on a shown event, by name,
    /// then one for shown events with none.
    fn sync_by_entity(&mut self, notebook: &Notebook, mask: Option<&[bool]>, kind: Option<&str>) {
        let cast = &notebook.entities;
        let shown = |i: usize| mask.is_none_or(|m| m.get(i).copied().unwrap_or(true));
        let of_kind = |id| {
            cast.entity(id)
                .is_some_and(|e| kind.is_none_or(|k| e.kind == k))
        };
        let mut lane_of_entity: std::collections::HashMap<crate::model::EntityId, usize> =
            std::collections::HashMap::new();
        self.lanes = Vec::new();
        for entity in &cast.entities {
            if !of_kind(entity.id) {
                continue;
            }
            let on_shown = cast
                .events_of(entity.id)
                .any(|r| notebook.event_position(r.event).is_some_and(shown));
            if on_shown {
                lane_of_entity.insert(entity.id, self.lanes.len());
                self.lanes.push(Lane {
                    track: None,
                    entity: Some(entity.id),
                    name: entity.name.clone(),
                    colour: Some(Colour::for_name(&entity.name)),
                    filtered: None,
                });
            }
        }
        let none_lane = self.lanes.len();
        let mut items: Vec<TimelineEvent> = Vec::new();
        let mut lanes_of: Vec<usize> = Vec::new();
        let family = &self.family;
        for (i, (event, extent)) in notebook.events.iter().zip(&self.extents).enumerate() {
            if !shown(i) || family.is_folded_away(i) {
                continue;
            }
            lanes_of.clear();
            for r in cast.of_event(event.id) {
                if let Some(lane) = lane_of_entity.get(&r.entity)
                    && !lanes_of.contains(lane)
                {
                    lanes_of.push(*lane);
                }
            }
            if lanes_of.is_empty() {
                lanes_of.push(none_lane);
            }
            for lane in &lanes_of {
                items.push(timeline_event(i, *lane, event, extent, family));
            }
        }
        if items.iter().any(|t| t.lane as usize == none_lane) {
            let noun = kind.unwrap_or("entity");
            self.lanes.push(Lane {
                track: None,
                entity: None,
                name: format!("No {noun}"),
                colour: None,
                filtered: None,
            });
        }
        self.index = std::sync::Arc::new(EventIndex::build(&items, self.lanes.len()));
    }

    /// Follows the read model's last patch, when it starts from what this
    /// shows and keeps the lanes: the extents and index entries of the
    /// events it touched are replaced, the rest renumbered. Returns false
    /// (and changes nothing) when a rebuild is needed.
    fn patched(&mut self, notebook: &Notebook) -> bool {
        let Some(patch) = notebook.last_patch() else {
            return false;
        };
        if Some(patch.from) != self.built_revision
            || self.extents.len() + patch.added.len() != notebook.events.len() + patch.removed.len()
            || lanes(notebook, None) != self.lanes
        {
            return false;
        }
        let lane_of_track: std::collections::HashMap<TrackId, usize> = self
            .lanes
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.track.map(|t| (t, i)))
            .collect();
        let no_track_lane = self.lanes.iter().position(|l| l.track.is_none());
        let cache = &mut self.extent_cache;
        let mut extent_at = |position: usize| {
            let date = &notebook.events[position].date;
            match cache.get(date.edtf()) {
                Some(extent) => *extent,
                None => {
                    let extent = extent_from_date(date);
                    cache.insert(date.edtf().to_owned(), extent);
                    extent
                }
            }
        };
        // The extents, by position: one event that moved shifts only the
        // ones between its places.
        match (patch.removed.as_slice(), patch.added.as_slice()) {
            (removed, added) if removed == added => {
                for position in added {
                    self.extents[*position] = extent_at(*position);
                }
            }
            ([old], [new]) => {
                let (old, new) = (*old, *new);
                if new > old {
                    self.extents[old..=new].rotate_left(1);
                } else {
                    self.extents[new..=old].rotate_right(1);
                }
                self.extents[new] = extent_at(new);
            }
            (removed, added) => {
                for position in removed.iter().rev() {
                    self.extents.remove(*position);
                }
                for position in added {
                    let extent = extent_at(*position);
                    self.extents.insert(*position, extent);
                }
            }
        }
        let items: Vec<TimelineEvent> = patch
            .added
            .iter()
            .filter_map(|position| {
                let event = &notebook.events[*position];
                let lane = match event.track {
                    Some(id) => lane_of_track.get(&id).copied(),
                    None => no_track_lane,
                }?;
                let extent = self.extents[*position];
                Some(TimelineEvent {
                    event_index: u32::try_from(*position).unwrap_or(u32::MAX),
                    lane: u32::try_from(lane).unwrap_or(u32::MAX),
                    start: extent.start,
                    end: extent.end,
                    label_width_points: estimated_text_width_points(&event.title)
                        .min(MAX_LABEL_WIDTH_POINTS)
                        + BADGE_WIDTH_POINTS,
                })
            })
            .collect();
        // An edit that keeps every touched event's place and extent (a
        // title) only changes label widths: found by binary search.
        if patch.removed == patch.added && items.len() == patch.added.len() {
            let index = std::sync::Arc::make_mut(&mut self.index);
            if items.iter().all(|item| index.relabel(item)) {
                self.built_revision = Some(notebook.revision());
                return true;
            }
        }
        let removed: Vec<u32> = patch
            .removed
            .iter()
            .map(|p| u32::try_from(*p).unwrap_or(u32::MAX))
            .collect();
        let unchanged = patch.removed == patch.added;
        let first = patch
            .removed
            .first()
            .copied()
            .unwrap_or(usize::MAX)
            .min(patch.added.first().copied().unwrap_or(usize::MAX));
        let index = std::sync::Arc::make_mut(&mut self.index);
        match (patch.removed.as_slice(), patch.added.as_slice()) {
            // One event moved from `from` to `to`: the entries between
            // shift by one toward where it was, a range check per entry.
            ([from], [to]) if !unchanged => {
                let (from, to) = (
                    u32::try_from(*from).unwrap_or(u32::MAX),
                    u32::try_from(*to).unwrap_or(u32::MAX),
                );
                index.patch(
                    &removed,
                    |old| {
                        if old > from && old <= to {
                            old - 1
                        } else if old >= to && old < from {
                            old + 1
                        } else {
                            old
                        }
                    },
                    &items,
                );
            }
            _ => index.patch(
                &removed,
                |old| {
                    let old_position = old as usize;
                    if unchanged || old_position < first {
                        old
                    } else {
                        u32::try_from(patch.moved(old_position)).unwrap_or(u32::MAX)
                    }
                },
                &items,
            ),
        }
        self.built_revision = Some(notebook.revision());
        true
    }

    /// The generation this was built for.
    #[must_use]
    pub fn generation(&self) -> Option<u64> {
        self.built_for.map(|(g, _, _)| g)
    }

    /// Who contains whom among the shown events, as of the last sync.
    #[must_use]
    pub fn family(&self) -> &Family {
        &self.family
    }

    /// The lanes, top first.
    #[must_use]
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// Each event's extent, by position in `Notebook::events`.
    #[must_use]
    pub fn extents(&self) -> &[Extent] {
        &self.extents
    }

    /// The event index over the extents.
    #[must_use]
    pub fn index(&self) -> &EventIndex {
        &self.index
    }
}

/// True when the notebook has a part-of link.
fn has_part_of(notebook: &Notebook) -> bool {
    notebook.entities.links.iter().any(|l| l.kind == PART_OF)
}

/// The index entry of the event at `position` in `lane`: a parent is placed
/// by its family's span, its label room for its title (and, folded, its
/// count); any other event by its own extent.
fn timeline_event(
    position: usize,
    lane: usize,
    event: &crate::model::Event,
    extent: &Extent,
    family: &Family,
) -> TimelineEvent {
    let event_index = u32::try_from(position).unwrap_or(u32::MAX);
    let parent: Option<&Parent> = family.parent(event_index);
    let (start, end) = parent.map_or((extent.start, extent.end), |p| (p.start, p.end));
    let title_width = match parent {
        Some(p) if p.folded => {
            estimated_text_width_points(&format!("{} (+{})", event.title, p.hidden))
        }
        _ => estimated_text_width_points(&event.title),
    };
    TimelineEvent {
        event_index,
        lane: u32::try_from(lane).unwrap_or(u32::MAX),
        start,
        end,
        label_width_points: title_width.min(MAX_LABEL_WIDTH_POINTS) + BADGE_WIDTH_POINTS,
    }
}

/// One lane per shown track in order, then "No track" if any event has
/// none; with a filter, each lane counts its shown events of all.
fn lanes(notebook: &Notebook, mask: Option<&[bool]>) -> Vec<Lane> {
    let counts = mask.map(|mask| {
        let mut counts: std::collections::HashMap<Option<TrackId>, (usize, usize)> =
            std::collections::HashMap::new();
        for (event, shown) in notebook.events.iter().zip(mask) {
            let entry = counts.entry(event.track).or_default();
            entry.1 += 1;
            if *shown {
                entry.0 += 1;
            }
        }
        counts
    });
    let filtered = |track: Option<TrackId>| {
        counts
            .as_ref()
            .map(|c| c.get(&track).copied().unwrap_or((0, 0)))
    };
    let mut lanes: Vec<Lane> = notebook
        .tracks
        .iter()
        .filter(|t| !t.hidden)
        .map(|t| Lane {
            track: Some(t.id),
            entity: None,
            name: t.name.clone(),
            colour: Some(t.colour),
            filtered: filtered(Some(t.id)),
        })
        .collect();
    if notebook.events.iter().any(|e| e.track.is_none()) {
        lanes.push(Lane {
            track: None,
            entity: None,
            name: "No track".to_owned(),
            colour: None,
            filtered: filtered(None),
        });
    }
    lanes
}

/// Events for unit tests of the timeline, built without a store.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::model::date::Date;
    use crate::model::{Event, EventId, TrackId, Uid};

    /// An event with a title, a date as typed and a track.
    pub(crate) fn event(id: i64, title: &str, date: &str, track: Option<TrackId>) -> Event {
        Event {
            id: EventId(id),
            uid: Uid::new(),
            title: title.into(),
            date: Date::parse(date).unwrap(),
            time_zone: None,
            description: String::new(),
            track,
            tags: Vec::new(),
            excerpts: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Date;
    use crate::model::{Event, EventId, Track, Uid};

    fn event(id: i64, date: &str, track: Option<TrackId>) -> Event {
        fixtures::event(id, &format!("Event {id}"), date, track)
    }

    fn notebook(events: Vec<Event>) -> Notebook {
        let track = Track {
            id: TrackId(1),
            uid: Uid::new(),
            name: "Diplomacy".into(),
            colour: Colour::nth(0),
            position: 0,
            hidden: false,
        };
        Notebook::new(events, vec![track], vec![], vec![], vec![], vec![])
    }

    #[test]
    fn tracks_become_lanes_and_no_track_comes_last() {
        let mut projection = Projection::default();
        let book = notebook(vec![event(1, "2023-09", Some(TrackId(1)))]);
        assert!(projection.sync(&book, 1));
        assert_eq!(projection.lanes().len(), 1, "no event lacks a track");
        let book = notebook(vec![
            event(1, "2023-09", Some(TrackId(1))),
            event(2, "2023-11", None),
        ]);
        assert!(!projection.sync(&book, 1), "same generation");
        assert!(projection.sync(&book, 2));
        let names: Vec<&str> = projection.lanes().iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, vec!["Diplomacy", "No track"]);
        assert_eq!(projection.lanes()[0].colour, Some(Colour::nth(0)));
        assert_eq!(projection.index().count_visible(1, f64::MIN, f64::MAX), 1);
        assert_eq!(projection.extents().len(), 2);
    }

    #[test]
    fn an_extent_is_recomputed_only_when_its_date_changes() {
        let mut projection = Projection::default();
        projection.sync(&notebook(vec![event(3, "2023-09", None)]), 1);
        let september = projection.extents()[0];
        projection.sync(&notebook(vec![event(3, "2023-09", None)]), 2);
        assert_eq!(projection.extents()[0], september);
        projection.sync(&notebook(vec![event(3, "2023-11-13", None)]), 3);
        assert_eq!(
            projection.extents()[0],
            extent_from_date(&Date::parse("2023-11-13").unwrap())
        );
    }

    /// Everything the timeline shows, to compare a patched projection with
    /// a rebuilt one.
    fn shown(projection: &Projection) -> (Vec<Lane>, Vec<Extent>, Vec<Vec<TimelineEvent>>, usize) {
        let index = projection.index();
        let per_lane = (0..index.lane_count())
            .map(|lane| {
                let mut out = Vec::new();
                index.visible(lane, f64::MIN, f64::MAX, &mut out);
                out
            })
            .collect();
        (
            projection.lanes().to_vec(),
            projection.extents().to_vec(),
            per_lane,
            index.len(),
        )
    }

    /// Sixty events on a track and "No track", sorted as the read model
    /// holds them.
    fn sixty() -> Notebook {
        let dates = [
            "2023-09",
            "2023-11-13",
            "1914",
            "2001-09-11/2001-10",
            "2020-03/..",
        ];
        let mut events: Vec<Event> = (1..=60)
            .map(|i| {
                let track = if i % 4 == 0 { None } else { Some(TrackId(1)) };
                event(i, dates[i as usize % dates.len()], track)
            })
            .collect();
        events.sort_by_key(|e| (e.date.sort_key(), e.id));
        notebook(events)
    }

    /// Syncs `projection` through the widget's path until the worker's
    /// answer is in.
    fn sync_through_the_worker(
        projection: &mut Projection,
        book: &Notebook,
        generation: u64,
        shown: Option<(u64, &std::sync::Arc<Vec<bool>>)>,
    ) {
        projection.sync_shared(book, generation, shown, &Folds::default());
        for _ in 0..10_000 {
            if !projection.deriving() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
            projection.sync_shared(book, generation, shown, &Folds::default());
        }
        panic!("the worker never answered");
    }

    #[test]
    fn a_filter_change_derives_what_a_rebuild_would_show_in_the_frame_or_on_a_worker() {
        let book = sixty();
        let masks: Vec<std::sync::Arc<Vec<bool>>> = [3, 2, 7]
            .iter()
            .map(|m| std::sync::Arc::new((0..60).map(|i| i % m == 0).collect()))
            .collect();
        for worker_from in [usize::MAX, 0] {
            let mut projection = Projection {
                worker_from,
                ..Projection::default()
            };
            projection.sync(&book, 1);
            let everything = shown(&projection);
            for (key, mask) in masks.iter().enumerate() {
                let key = key as u64 + 1;
                let mut rebuilt = Projection::default();
                rebuilt.sync_shown(&book, 1, Some((key, mask.as_slice())));
                sync_through_the_worker(&mut projection, &book, 1, Some((key, mask)));
                assert_eq!(
                    shown(&projection),
                    shown(&rebuilt),
                    "mask {key}, {worker_from}"
                );
                assert!(projection.lanes()[0].filtered.is_some());
            }
            // Clearing the filter puts every event back at once.
            assert!(projection.sync_shared(&book, 1, None, &Folds::default()));
            assert!(!projection.deriving());
            assert_eq!(shown(&projection), everything);
        }
    }

    #[test]
    fn an_edit_while_a_filter_is_derived_rebuilds_and_drops_the_stale_answer() {
        let book = sixty();
        let mut projection = Projection {
            worker_from: 0,
            ..Projection::default()
        };
        projection.sync(&book, 1);
        let odd = std::sync::Arc::new((0..60).map(|i| i % 2 == 1).collect::<Vec<bool>>());
        assert!(
            !projection.sync_shared(&book, 1, Some((1, &odd)), &Folds::default()),
            "the last result stays"
        );
        assert!(projection.deriving());
        // A new generation (an edit) before the answer is taken: rebuilt here.
        let fewer = notebook(book.events[..30].iter().map(|e| (**e).clone()).collect());
        let half = std::sync::Arc::new(odd[..30].to_vec());
        assert!(projection.sync_shared(&fewer, 2, Some((1, &half)), &Folds::default()));
        assert!(!projection.deriving());
        let mut rebuilt = Projection::default();
        rebuilt.sync_shown(&fewer, 2, Some((1, half.as_slice())));
        assert_eq!(shown(&projection), shown(&rebuilt));
    }

    #[test]
    fn a_patched_projection_equals_a_rebuilt_one() {
        use std::collections::BTreeSet;
        let dates = [
            "2023-09",
            "2023-11-13",
            "1914",
            "2001-09-11/2001-10",
            "2023~",
            "2020-03/..",
        ];
        let events: Vec<Event> = (1..=60)
            .map(|i| {
                let track = if i % 4 == 0 { None } else { Some(TrackId(1)) };
                event(i, dates[i as usize % dates.len()], track)
            })
            .collect();
        let mut events = events;
        events.sort_by_key(|e| (e.date.sort_key(), e.id));
        let mut book = notebook(events);
        let mut projection = Projection::default();
        projection.sync(&book, 1);
        let mut generation = 1;
        // An edit in place, a date that moves an event later and one
        // earlier, an addition, a deletion, and several at once.
        let edits: Vec<(Vec<i64>, Vec<Event>)> = vec![
            (
                vec![7],
                vec![fixtures::event(7, "Renamed", dates[1], Some(TrackId(1)))],
            ),
            (vec![3], vec![event(3, "2024-01-01", Some(TrackId(1)))]),
            (vec![50], vec![event(50, "1800", None)]),
            (vec![61], vec![event(61, "2023-10", Some(TrackId(1)))]),
            (vec![12], vec![]),
            (
                vec![5, 9, 62, 20],
                vec![
                    event(5, "1990", None),
                    event(9, "2023-09", Some(TrackId(1))),
                    event(62, "1066", Some(TrackId(1))),
                ],
            ),
        ];
        for (ids, fresh) in edits {
            let ids: BTreeSet<EventId> = ids.into_iter().map(EventId).collect();
            book.replace_events(&ids, fresh);
            assert!(book.last_patch().is_some(), "a few changes are patched");
            generation += 1;
            assert!(projection.sync(&book, generation));
            let mut rebuilt = Projection::default();
            rebuilt.sync(&book, generation);
            assert_eq!(
                shown(&projection),
                shown(&rebuilt),
                "after changing {ids:?}"
            );
            let sorted: Vec<(i64, EventId)> = book
                .events
                .iter()
                .map(|e| (e.date.sort_key(), e.id))
                .collect();
            assert!(sorted.windows(2).all(|w| w[0] < w[1]), "chronological");
            for (i, e) in book.events.iter().enumerate() {
                assert_eq!(book.event_position(e.id), Some(i));
            }
        }
    }

    #[test]
    fn lanes_by_entity_put_an_event_in_each_of_its_peoples_lanes() {
        use crate::model::EntityId;
        use crate::model::entity::{Entities, Entity, Involvement};
        let person = |id: i64, name: &str, kind: &str| Entity {
            id: EntityId(id),
            uid: Uid::new(),
            kind: kind.into(),
            name: name.into(),
            aliases: vec![],
            description: String::new(),
            dates: None,
            notes: String::new(),
            coordinates: None,
        };
        let on = |event: i64, entity: i64| Involvement {
            event: crate::model::EventId(event),
            entity: EntityId(entity),
            role: String::new(),
            excerpt: None,
        };
        let mut book = notebook(vec![
            event(1, "2023-09", Some(TrackId(1))),
            event(2, "2023-11", Some(TrackId(1))),
            event(3, "2024-06", None),
        ]);
        book.entities = Entities::new(
            vec![
                person(10, "Путин", "person"),
                person(11, "Kim Jong-un", "person"),
                person(12, "Vostochny", "place"),
                person(13, "Nobody", "person"),
            ],
            vec![on(1, 10), on(1, 11), on(1, 12), on(2, 10)],
            vec![],
            vec![],
        );
        let mut projection = Projection::default();
        projection.set_lane_mode(LaneMode::Entities(Some("person".into())));
        projection.sync(&book, 1);
        let names: Vec<&str> = projection.lanes().iter().map(|l| l.name.as_str()).collect();
        // By name as the read model orders them; an entity on no event has
        // no lane; the place is not a person.
        assert_eq!(names, vec!["Путин", "Kim Jong-un", "No person"]);
        assert_eq!(projection.lanes()[0].entity, Some(EntityId(10)));
        let all = f64::MIN..f64::MAX;
        let count = |lane| projection.index().count_visible(lane, all.start, all.end);
        assert_eq!((count(0), count(1), count(2)), (2, 1, 1));
        assert_eq!(projection.index().len(), 4, "event 1 is in two lanes");
        // Back to tracks: rebuilt without a new generation.
        projection.set_lane_mode(LaneMode::Tracks);
        assert!(projection.sync(&book, 1));
        let names: Vec<&str> = projection.lanes().iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, vec!["Diplomacy", "No track"]);
    }
}
