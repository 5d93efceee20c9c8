//! The read model: the whole notebook in memory, as the UI draws it.
//!
//! The store builds a [`Notebook`] after each action lands; the frame loop
//! reads it and never runs SQL. Source bodies are not held here (a source can
//! be megabytes); the reader asks the store for one when it opens.

use std::collections::HashMap;

use super::date::Date;
use super::ids::{EventId, ExcerptId, NoteId, SourceId, TagId, TrackId, Uid};

/// A track colour as 8-bit sRGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Colour {
    /// Colours given to new tracks in turn; chosen to stay distinct from one
    /// another and readable on light and dark backgrounds.
    pub const PALETTE: [Self; 8] = [
        Self::rgb(0x3b, 0x7d, 0xd8),
        Self::rgb(0xd9, 0x6a, 0x2b),
        Self::rgb(0x2e, 0x9e, 0x6a),
        Self::rgb(0xb8, 0x45, 0xa6),
        Self::rgb(0xc2, 0x9b, 0x14),
        Self::rgb(0x17, 0x9c, 0xaa),
        Self::rgb(0xc8, 0x3e, 0x4d),
        Self::rgb(0x6d, 0x6a, 0xc9),
    ];

    /// A colour from its components.
    #[must_use]
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// `#rrggbb`, lower case, as stored.
    #[must_use]
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Reads `#rrggbb` (either case).
    #[must_use]
    pub fn from_hex(text: &str) -> Option<Self> {
        let digits = text.strip_prefix('#')?;
        if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
        Some(Self::rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// The palette colour for the `n`th track.
    #[must_use]
    pub const fn nth(n: usize) -> Self {
        Self::PALETTE[n % Self::PALETTE.len()]
    }

    /// The palette colour of a track named `name`, the same in every
    /// notebook and every run: the palette indexed by a fixed hash (64-bit
    /// FNV-1a) of the lower-cased name. (std's hasher is seeded at random
    /// per process, so it would not do.)
    #[must_use]
    pub fn for_name(name: &str) -> Self {
        const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
        let hash = name.trim().to_lowercase().bytes().fold(FNV_OFFSET, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
        });
        // The remainder is below the palette's length, so it fits a usize.
        Self::nth((hash % Self::PALETTE.len() as u64) as usize)
    }
}

/// A timeline lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    /// Key.
    pub id: TrackId,
    /// Stable id.
    pub uid: Uid,
    /// Name shown on the lane.
    pub name: String,
    /// Lane colour.
    pub colour: Colour,
    /// Order of the lane, top first.
    pub position: i64,
    /// Hidden from the timeline (its events stay in the list).
    pub hidden: bool,
}

/// A label that groups events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Key.
    pub id: TagId,
    /// Stable id.
    pub uid: Uid,
    /// The tag text.
    pub name: String,
}

/// Something that happened, at a date as precisely as it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Key.
    pub id: EventId,
    /// Stable id.
    pub uid: Uid,
    /// Short title.
    pub title: String,
    /// When it happened.
    pub date: Date,
    /// IANA time zone name the date's time is in, if given.
    pub time_zone: Option<String>,
    /// Markdown description.
    pub description: String,
    /// The lane it sits on, if any.
    pub track: Option<TrackId>,
    /// Its tags, by name order.
    pub tags: Vec<TagId>,
    /// The excerpts that support it.
    pub excerpts: Vec<ExcerptId>,
}

/// A document the researcher collected (without its body, see module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Key.
    pub id: SourceId,
    /// Stable id.
    pub uid: Uid,
    /// Title.
    pub title: String,
    /// Publication or outlet ("Reuters").
    pub outlet: String,
    /// Author(s).
    pub author: String,
    /// Where it was found.
    pub url: String,
    /// When it was published.
    pub published: Option<Date>,
    /// When the researcher read it.
    pub accessed: Option<Date>,
    /// The encoding the text was decoded from ("UTF-8", "windows-1252").
    pub encoding: String,
    /// Length of the body in characters.
    pub body_chars: usize,
    /// The file the text was read from, if it came from one.
    pub file: Option<super::pages::OriginalFile>,
    /// Its pages, in order, for a paged source (a PDF); empty otherwise.
    pub pages: Vec<super::pages::PageSpan>,
    /// True when the notebook keeps the original file's bytes (their size
    /// is the file's); the read model never holds the bytes themselves.
    pub original_kept: bool,
}

impl Source {
    /// The pin cite of characters `start..end` of its text ("p. 3"), for a
    /// paged source.
    #[must_use]
    pub fn pin_cite(&self, start: usize, end: usize) -> Option<String> {
        super::pages::pin_cite(&self.pages, start, end)
    }

    /// The page an excerpt starts on, for a paged source.
    #[must_use]
    pub fn page_of(&self, excerpt: &Excerpt) -> Option<u32> {
        super::pages::page_at(&self.pages, excerpt.start)
    }
}

/// A passage cut out of a source: the evidence for events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// Key.
    pub id: ExcerptId,
    /// Stable id.
    pub uid: Uid,
    /// The source it was cut from.
    pub source: SourceId,
    /// First character (inclusive), counted in Unicode scalar values.
    pub start: usize,
    /// Last character (exclusive).
    pub end: usize,
    /// The exact text of the passage.
    pub quote: String,
    /// Up to [`super::text::CONTEXT_CHARS`] characters before the quote.
    pub prefix: String,
    /// Up to [`super::text::CONTEXT_CHARS`] characters after the quote.
    pub suffix: String,
    /// True when an edit of the source removed the quote (see
    /// [`super::anchor`]): `start`, `end`, `prefix` and `suffix` then say
    /// where it last was, and `annals check` reports it until the quote is
    /// back or the excerpt is re-cut.
    pub lost: bool,
}

/// What a note is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum NoteOwner {
    /// The notebook as a whole.
    Notebook,
    /// An event.
    Event(EventId),
    /// A source.
    Source(SourceId),
}

/// A markdown note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Key.
    pub id: NoteId,
    /// Stable id.
    pub uid: Uid,
    /// Markdown text.
    pub body: String,
    /// What it is about.
    pub owner: NoteOwner,
}

/// Above this many events that move, come or go in one change, the read
/// model is rebuilt rather than patched: each one shifts the events after
/// it (a memory move of up to the whole list).
const MOVES_BEFORE_REBUILD: usize = 16;

/// The next read-model revision; global so that two notebooks never share
/// one (a view keyed by revision never mistakes one for the other).
static NEXT_REVISION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// How the last [`Notebook::replace_events`] changed the events, by
/// position, so a view built from the events can be patched too: the view
/// removes its entries at `removed` (positions before), renumbers the rest
/// in order, and adds entries for `added` (positions after).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventsPatch {
    /// The revision the patch starts from.
    pub from: u64,
    /// The revision it makes.
    pub to: u64,
    /// Positions before the patch of the events replaced, moved or
    /// removed, ascending.
    pub removed: Vec<usize>,
    /// Positions after the patch of the events replaced, moved or added,
    /// ascending.
    pub added: Vec<usize>,
}

impl EventsPatch {
    /// The position after the patch of the event that was at `old` before
    /// it and is not in `removed`.
    #[must_use]
    pub fn moved(&self, old: usize) -> usize {
        let rank = old - self.removed.partition_point(|r| *r < old);
        let mut new = rank;
        for added in &self.added {
            if *added <= new {
                new += 1;
            } else {
                break;
            }
        }
        new
    }
}

/// The whole notebook in memory, as of the last action.
#[derive(Debug, Clone, Default)]
pub struct Notebook {
    /// Events in chronological order (sort key, then id), each in its own
    /// box: an edit that moves an event's date shifts the events between
    /// its old and new place, and shifting 8-byte pointers instead of
    /// whole events made a move across half a million of them several
    /// milliseconds faster (the boxes cost 24 bytes an event).
    #[allow(clippy::vec_box, reason = "the boxes are what a move shifts")]
    pub events: Vec<Box<Event>>,
    /// Tracks in lane order.
    pub tracks: Vec<Track>,
    /// Tags by name.
    pub tags: Vec<Tag>,
    /// Sources by title.
    pub sources: Vec<Source>,
    /// Excerpts by source and position.
    pub excerpts: Vec<Excerpt>,
    /// Notes by id.
    pub notes: Vec<Note>,
    /// Saved views by name.
    pub views: Vec<super::filter::SavedView>,
    /// What each link asserts, each event's status, excerpt digests.
    pub evidence: super::evidence::Evidence,
    /// Entities, who took part in what, and links between events.
    pub entities: super::entity::Entities,
    event_index: super::positions::Positions,
    /// The events' ids in the same order as `events`: renumbering the
    /// events a move shifted reads these 8-byte ids in a row rather than
    /// every shifted event through its box.
    ids: Vec<EventId>,
    excerpt_index: HashMap<ExcerptId, usize>,
    events_by_excerpt: HashMap<ExcerptId, Vec<EventId>>,
    /// Changes whenever the events do.
    revision: u64,
    /// How the last change to the events went, when it was a patch.
    patch: Option<EventsPatch>,
}

impl Notebook {
    /// Builds the read model and its lookup indexes.
    #[must_use]
    pub fn new(
        events: Vec<Event>,
        tracks: Vec<Track>,
        tags: Vec<Tag>,
        sources: Vec<Source>,
        excerpts: Vec<Excerpt>,
        notes: Vec<Note>,
    ) -> Self {
        let events = events.into_iter().map(Box::new).collect();
        Self::boxed(events, tracks, tags, sources, excerpts, notes)
    }

    /// [`Self::new`] with the events already boxed.
    #[allow(clippy::vec_box, reason = "the boxes are what a move shifts")]
    fn boxed(
        events: Vec<Box<Event>>,
        tracks: Vec<Track>,
        tags: Vec<Tag>,
        sources: Vec<Source>,
        excerpts: Vec<Excerpt>,
        notes: Vec<Note>,
    ) -> Self {
        let ids: Vec<EventId> = events.iter().map(|e| e.id).collect();
        let event_index = super::positions::Positions::build(ids.iter().copied());
        let excerpt_index = excerpts
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id, i))
            .collect();
        let mut events_by_excerpt: HashMap<ExcerptId, Vec<EventId>> = HashMap::new();
        for event in &events {
            for excerpt in &event.excerpts {
                events_by_excerpt
                    .entry(*excerpt)
                    .or_default()
                    .push(event.id);
            }
        }
        Self {
            events,
            tracks,
            tags,
            sources,
            excerpts,
            notes,
            views: Vec::new(),
            evidence: super::evidence::Evidence::default(),
            entities: super::entity::Entities::default(),
            event_index,
            ids,
            excerpt_index,
            events_by_excerpt,
            revision: next_revision(),
            patch: None,
        }
    }

    /// Rebuilds the lookup indexes after the fields were replaced.
    pub fn reindex(&mut self) {
        let events = std::mem::take(&mut self.events);
        let tracks = std::mem::take(&mut self.tracks);
        let tags = std::mem::take(&mut self.tags);
        let sources = std::mem::take(&mut self.sources);
        let excerpts = std::mem::take(&mut self.excerpts);
        let notes = std::mem::take(&mut self.notes);
        let views = std::mem::take(&mut self.views);
        let evidence = std::mem::take(&mut self.evidence);
        let entities = std::mem::take(&mut self.entities);
        *self = Self::boxed(events, tracks, tags, sources, excerpts, notes);
        self.views = views;
        self.evidence = evidence;
        self.entities = entities;
    }

    /// Replaces the events with these ids by `fresh` (the ones that still
    /// exist, reloaded), keeping chronological order, and brings the
    /// lookup indexes along.
    ///
    /// An event that keeps its place (an edit of anything but its date, or
    /// a date that sorts the same) is replaced where it is and its index
    /// entries are patched; a few that move, come or go shift the events
    /// between, and only the positions from the first of them on are
    /// renumbered. Many moves rebuild everything.
    pub fn replace_events(&mut self, ids: &std::collections::BTreeSet<EventId>, fresh: Vec<Event>) {
        let mut fresh: HashMap<EventId, Event> = fresh.into_iter().map(|e| (e.id, e)).collect();
        let mut touched_excerpts: Vec<ExcerptId> = Vec::new();
        let mut removed: Vec<usize> = Vec::new();
        let mut added_ids: Vec<EventId> = Vec::new();
        let mut in_place = std::collections::HashSet::new();
        // In place first.
        for id in ids {
            let (Some(at), Some(new)) = (self.event_index.get(*id), fresh.get(id)) else {
                continue;
            };
            if !self.fits_at(at, new) {
                continue;
            }
            let Some(new) = fresh.remove(id) else {
                continue;
            };
            in_place.insert(*id);
            removed.push(at);
            added_ids.push(*id);
            let old = std::mem::replace(&mut self.events[at], Box::new(new));
            if old.excerpts != self.events[at].excerpts {
                self.unlink_excerpts(&old, &mut touched_excerpts);
                let new_links = self.events[at].excerpts.clone();
                for excerpt in new_links {
                    self.events_by_excerpt.entry(excerpt).or_default().push(*id);
                    touched_excerpts.push(excerpt);
                }
            }
        }
        // What is left moves, comes or goes.
        let leaving: Vec<EventId> = ids
            .iter()
            .filter(|id| !in_place.contains(id) && self.event_index.contains(**id))
            .copied()
            .collect();
        if let ([id], 1) = (leaving.as_slice(), fresh.len())
            && let Some(new) = fresh.remove(id)
        {
            self.move_one(*id, new, &mut touched_excerpts, (removed, added_ids));
            self.sort_excerpt_lists(touched_excerpts);
            return;
        }
        if leaving.len() + fresh.len() > MOVES_BEFORE_REBUILD {
            self.events
                .retain(|e| !ids.contains(&e.id) || in_place.contains(&e.id));
            for event in fresh.into_values() {
                let at = self.sorted_position(&event);
                self.events.insert(at, Box::new(event));
            }
            self.reindex();
            return;
        }
        let mut first_changed = self.events.len();
        // Highest position first, so the lower ones stay valid.
        let mut positions: Vec<usize> = leaving
            .iter()
            .filter_map(|id| self.event_index.remove(*id))
            .collect();
        positions.sort_unstable_by(|a, b| b.cmp(a));
        removed.extend(&positions);
        for at in positions {
            self.ids.remove(at);
            let old = self.events.remove(at);
            self.unlink_excerpts(&old, &mut touched_excerpts);
            first_changed = first_changed.min(at);
        }
        for (_, event) in fresh {
            added_ids.push(event.id);
            let at = self.sorted_position(&event);
            for excerpt in &event.excerpts {
                self.events_by_excerpt
                    .entry(*excerpt)
                    .or_default()
                    .push(event.id);
                touched_excerpts.push(*excerpt);
            }
            self.ids.insert(at, event.id);
            self.events.insert(at, Box::new(event));
            first_changed = first_changed.min(at);
        }
        for (i, id) in self.ids.iter().enumerate().skip(first_changed) {
            self.event_index.insert(*id, i);
        }
        removed.sort_unstable();
        let mut added: Vec<usize> = added_ids
            .iter()
            .filter_map(|id| self.event_index.get(*id))
            .collect();
        added.sort_unstable();
        let revision = next_revision();
        self.patch = Some(EventsPatch {
            from: self.revision,
            to: revision,
            removed,
            added,
        });
        self.revision = revision;
        self.sort_excerpt_lists(touched_excerpts);
    }

    /// One event whose date moved it: the events between its old and new
    /// place shift by one, and only their positions are renumbered.
    fn move_one(
        &mut self,
        id: EventId,
        new: Event,
        touched_excerpts: &mut Vec<ExcerptId>,
        (mut removed, mut added_ids): (Vec<usize>, Vec<EventId>),
    ) {
        let Some(old) = self.event_index.get(id) else {
            return;
        };
        // The list is sorted (the old event by its old key), so this is the
        // count of events before the new key, the old one perhaps among them.
        let counted = self.sorted_position(&new);
        let at = if counted > old { counted - 1 } else { counted };
        if at > old {
            self.events[old..=at].rotate_left(1);
            self.ids[old..=at].rotate_left(1);
        } else {
            self.events[at..=old].rotate_right(1);
            self.ids[at..=old].rotate_right(1);
        }
        let previous = std::mem::replace(&mut self.events[at], Box::new(new));
        if previous.excerpts != self.events[at].excerpts {
            self.unlink_excerpts(&previous, touched_excerpts);
            for excerpt in self.events[at].excerpts.clone() {
                self.events_by_excerpt.entry(excerpt).or_default().push(id);
                touched_excerpts.push(excerpt);
            }
        }
        for i in old.min(at)..=old.max(at) {
            self.event_index.insert(self.ids[i], i);
        }
        removed.push(old);
        removed.sort_unstable();
        added_ids.push(id);
        let mut added: Vec<usize> = added_ids
            .iter()
            .filter_map(|id| self.event_index.get(*id))
            .collect();
        added.sort_unstable();
        let revision = next_revision();
        self.patch = Some(EventsPatch {
            from: self.revision,
            to: revision,
            removed,
            added,
        });
        self.revision = revision;
    }

    /// Lists the supporting events of these excerpts in chronological
    /// order again.
    fn sort_excerpt_lists(&mut self, mut touched_excerpts: Vec<ExcerptId>) {
        touched_excerpts.sort_unstable();
        touched_excerpts.dedup();
        for excerpt in touched_excerpts {
            if let Some(list) = self.events_by_excerpt.get_mut(&excerpt) {
                list.sort_by_key(|id| self.event_index.get(*id));
                list.dedup();
                if list.is_empty() {
                    self.events_by_excerpt.remove(&excerpt);
                }
            }
        }
    }

    /// Changes whenever the events change (a rebuild or a patch).
    #[must_use]
    pub const fn revision(&self) -> u64 {
        self.revision
    }

    /// How the events changed to reach this revision, when they were
    /// patched rather than rebuilt.
    #[must_use]
    pub fn last_patch(&self) -> Option<&EventsPatch> {
        self.patch.as_ref().filter(|p| p.to == self.revision)
    }

    /// Rebuilds the excerpt lookup after the excerpts were replaced.
    pub fn reindex_excerpts(&mut self) {
        self.excerpt_index = self
            .excerpts
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id, i))
            .collect();
    }

    /// Where `event` goes in chronological order.
    fn sorted_position(&self, event: &Event) -> usize {
        let key = (event.date.sort_key(), event.id);
        self.events
            .partition_point(|e| (e.date.sort_key(), e.id) < key)
    }

    /// True when `event` can replace the event at `at` without breaking
    /// chronological order.
    fn fits_at(&self, at: usize, event: &Event) -> bool {
        let key = (event.date.sort_key(), event.id);
        let after_previous = at == 0 || {
            let e = &self.events[at - 1];
            (e.date.sort_key(), e.id) < key
        };
        let before_next = self
            .events
            .get(at + 1)
            .is_none_or(|e| key < (e.date.sort_key(), e.id));
        after_previous && before_next
    }

    /// Removes an event from the excerpt lists it is in.
    fn unlink_excerpts(&mut self, event: &Event, touched: &mut Vec<ExcerptId>) {
        for excerpt in &event.excerpts {
            if let Some(list) = self.events_by_excerpt.get_mut(excerpt) {
                list.retain(|id| *id != event.id);
                touched.push(*excerpt);
            }
        }
    }

    /// The event with this id.
    #[must_use]
    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.event_index.get(id).map(|i| &*self.events[i])
    }

    /// Position of an event in chronological order.
    #[must_use]
    pub fn event_position(&self, id: EventId) -> Option<usize> {
        self.event_index.get(id)
    }

    /// The track with this id.
    #[must_use]
    pub fn track(&self, id: TrackId) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }

    /// The tag with this id.
    #[must_use]
    pub fn tag(&self, id: TagId) -> Option<&Tag> {
        self.tags.iter().find(|t| t.id == id)
    }

    /// The source with this id.
    #[must_use]
    pub fn source(&self, id: SourceId) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The excerpt with this id.
    #[must_use]
    pub fn excerpt(&self, id: ExcerptId) -> Option<&Excerpt> {
        self.excerpt_index.get(&id).map(|i| &self.excerpts[*i])
    }

    /// Events an excerpt supports.
    #[must_use]
    pub fn events_of_excerpt(&self, id: ExcerptId) -> &[EventId] {
        self.events_by_excerpt.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Excerpts cut from a source, in text order.
    pub fn excerpts_of_source(&self, id: SourceId) -> impl Iterator<Item = &Excerpt> {
        self.excerpts.iter().filter(move |x| x.source == id)
    }

    /// Notes attached to an owner, oldest first.
    pub fn notes_of(&self, owner: NoteOwner) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |n| n.owner == owner)
    }

    /// The track's name, or "No track".
    #[must_use]
    pub fn track_name(&self, id: Option<TrackId>) -> &str {
        id.and_then(|t| self.track(t))
            .map_or("No track", |t| t.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Date;
    use std::collections::BTreeSet;

    fn event(id: i64, date: &str, excerpts: &[i64]) -> Event {
        Event {
            id: EventId(id),
            uid: Uid::new(),
            title: format!("Event {id}"),
            date: Date::parse(date).unwrap(),
            time_zone: None,
            description: String::new(),
            track: None,
            tags: Vec::new(),
            excerpts: excerpts.iter().copied().map(ExcerptId).collect(),
        }
    }

    /// The lookups a patched read model answers, to compare with a rebuilt one.
    fn lookups(book: &Notebook) -> Vec<(EventId, Option<usize>, Vec<EventId>)> {
        // The ids kept beside the events follow them.
        let ids: Vec<EventId> = book.events.iter().map(|e| e.id).collect();
        assert_eq!(book.ids, ids);
        book.events
            .iter()
            .map(|e| {
                let by_excerpt = e
                    .excerpts
                    .iter()
                    .flat_map(|x| book.events_of_excerpt(*x).to_vec())
                    .collect();
                (e.id, book.event_position(e.id), by_excerpt)
            })
            .collect()
    }

    #[test]
    fn patching_the_events_matches_rebuilding_them() {
        let dates = ["2023-09", "1914", "2023-11-13", "2001"];
        let events: Vec<Event> = (1..=30)
            .map(|i| event(i, dates[i as usize % dates.len()], &[i % 3]))
            .collect();
        let mut book = Notebook::new(events, vec![], vec![], vec![], vec![], vec![]);
        let edits: Vec<(Vec<i64>, Vec<Event>)> = vec![
            (vec![4], vec![event(4, dates[0], &[1, 2])]),
            (vec![2], vec![event(2, "2030", &[0])]),
            (vec![31], vec![event(31, "1500", &[2])]),
            (vec![10, 11], vec![event(11, "1999", &[])]),
        ];
        for (ids, fresh) in edits {
            let ids: BTreeSet<EventId> = ids.into_iter().map(EventId).collect();
            let before = book.revision();
            book.replace_events(&ids, fresh);
            let patch = book.last_patch().expect("patched").clone();
            assert_eq!(patch.from, before);
            let mut rebuilt = book.clone();
            rebuilt.reindex();
            assert_eq!(lookups(&book), lookups(&rebuilt), "after {ids:?}");
            for x in 0..3 {
                assert_eq!(
                    book.events_of_excerpt(ExcerptId(x)),
                    rebuilt.events_of_excerpt(ExcerptId(x))
                );
            }
        }
    }

    #[test]
    fn a_patch_renumbers_the_events_it_did_not_touch() {
        let patch = EventsPatch {
            from: 1,
            to: 2,
            removed: vec![2, 5],
            added: vec![0, 4],
        };
        // Before: 0 1 [2] 3 4 [5] 6; the untouched 0 1 3 4 6 fill the
        // places after that are not 0 or 4: 1 2 3 5 6.
        let moved: Vec<usize> = [0, 1, 3, 4, 6].iter().map(|p| patch.moved(*p)).collect();
        assert_eq!(moved, [1, 2, 3, 5, 6]);
    }
}
