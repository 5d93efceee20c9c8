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

/// The whole notebook in memory, as of the last action.
#[derive(Debug, Clone, Default)]
pub struct Notebook {
    /// Events in chronological order (sort key, then id).
    pub events: Vec<Event>,
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
    /// Entities, who took part in what, and links between events.
    pub entities: super::entity::Entities,
    event_index: HashMap<EventId, usize>,
    excerpt_index: HashMap<ExcerptId, usize>,
    events_by_excerpt: HashMap<ExcerptId, Vec<EventId>>,
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
        let event_index = events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
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
            entities: super::entity::Entities::default(),
            event_index,
            excerpt_index,
            events_by_excerpt,
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
        let entities = std::mem::take(&mut self.entities);
        *self = Self::new(events, tracks, tags, sources, excerpts, notes);
        self.views = views;
        self.entities = entities;
    }

    /// Replaces the events with these ids by `fresh` (the ones that still
    /// exist, reloaded), keeping chronological order, and reindexes.
    pub fn replace_events(&mut self, ids: &std::collections::BTreeSet<EventId>, fresh: Vec<Event>) {
        if !ids.is_empty() {
            self.events.retain(|e| !ids.contains(&e.id));
        }
        for event in fresh {
            let key = (event.date.sort_key(), event.id);
            let at = self
                .events
                .partition_point(|e| (e.date.sort_key(), e.id) < key);
            self.events.insert(at, event);
        }
        self.reindex();
    }

    /// The event with this id.
    #[must_use]
    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.event_index.get(&id).map(|i| &self.events[*i])
    }

    /// Position of an event in chronological order.
    #[must_use]
    pub fn event_position(&self, id: EventId) -> Option<usize> {
        self.event_index.get(&id).copied()
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
