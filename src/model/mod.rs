//! Plain data and its invariants: no egui, no rusqlite.

pub mod date;
