//! Typed ids: an event id can never be passed where a source id is wanted.
//!
//! Each research row has an integer key (fast joins, stable within one
//! notebook) and a UUID v7 ([`Uid`]) that stays unique across notebooks, so
//! exports and merges never collide.

use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

typed_id!(
    /// Key of an event.
    EventId,
    /// Key of a track (a timeline lane).
    TrackId,
    /// Key of a tag.
    TagId,
    /// Key of a source.
    SourceId,
    /// Key of an excerpt.
    ExcerptId,
    /// Key of a note.
    NoteId,
    /// Key of an entity (person, organisation, place, …).
    EntityId,
);

/// A row's stable, globally unique id (UUID v7, time-ordered).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Uid(pub String);

impl Uid {
    /// A fresh UUID v7.
    #[must_use]
    pub fn new() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }
}

impl Default for Uid {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
