//! Plain data and its invariants: no egui, no rusqlite.

pub mod anchor;
pub mod date;
pub mod entity;
pub mod evidence;
pub mod filter;
pub mod ids;
pub mod notebook;
pub mod pages;
mod positions;
pub mod text;

pub use ids::{EntityId, EventId, ExcerptId, NoteId, SourceId, TagId, TrackId, Uid, UidSeries};
pub use notebook::{Event, Excerpt, Note, NoteOwner, Notebook, Source, Tag, Track};

/// True when a time zone looks like an IANA name ("UTC", "Asia/Seoul"): the
/// store refuses anything else, and importers check rows with the same rule.
#[must_use]
pub fn is_time_zone_name(zone: &str) -> bool {
    let well_formed = zone.split('/').all(|part| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
    });
    well_formed && zone.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}
