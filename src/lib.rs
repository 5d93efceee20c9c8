//! Annals: a desktop timeline research notebook.
//!
//! Researchers read sources, cut excerpts out of them, record dated events
//! backed by those excerpts, write notes, and review it all on a zoomable
//! timeline. The layers follow `DESIGN.md`: `model` (plain data), then the
//! command-line interface over it.

pub mod cli;
pub mod model;
