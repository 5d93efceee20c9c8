//! Annals: a desktop timeline research notebook.
//!
//! Researchers read sources, cut excerpts out of them, record dated events
//! backed by those excerpts, write notes, and review it all on a zoomable
//! timeline. The layers follow `DESIGN.md`: `model` (plain data), `store`
//! (the SQLite notebook, changed only through [`action::Action`]s), and the
//! command-line interface over both.

pub mod action;
pub mod cli;
pub mod demo;
pub mod export;
pub mod extract;
pub mod generate;
pub mod import;
pub mod model;
pub mod review;
pub mod store;
pub mod timeline;
pub mod ui;
