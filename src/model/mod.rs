//! Plain data and its invariants: no egui, no rusqlite.

pub mod anchor;
pub mod date;
pub mod filter;
pub mod ids;
pub mod notebook;
pub mod text;

pub use ids::{EventId, ExcerptId, NoteId, SourceId, TagId, TrackId, Uid};
pub use notebook::{Event, Excerpt, Note, NoteOwner, Notebook, Source, Tag, Track};
