//! The timeline widget. `scale`, `ticks` and `layout` are pure (f64 seconds,
//! no egui); painting and interaction live in this module and `paint`.

pub mod index;
pub mod layout;
pub mod scale;
pub mod ticks;
