//! "What was known when" (issue 19): the timeline's as-of day, and which
//! events the sources published by then support. Pure: no egui.
//!
//! Events whose every supporting excerpt comes from a source published
//! after the day (or that no excerpt supports) are drawn faded; the flags
//! are computed when the day or the read model changes, never per frame.

use std::sync::Arc;

use crate::model::Notebook;
use crate::model::date::{Date, DayBound};
use crate::model::evidence::days_of;
use crate::review;

/// The as-of control's state.
#[derive(Debug, Clone, Default)]
pub struct AsOf {
    /// The control is on: later-only events fade.
    pub enabled: bool,
    /// The day (days since 1970-01-01).
    pub day: i64,
    /// The date field's text.
    pub text: String,
    /// Why the text is not a date, if it is not.
    pub error: Option<String>,
    /// Per event in chronological order, whether it was known by `day`,
    /// with the read model generation and day it was computed for.
    flags: Option<(u64, i64, Arc<Vec<bool>>)>,
}

/// The first and last publication day of the notebook's sources, the
/// slider's range; `None` without dated sources.
#[must_use]
pub fn publication_range(notebook: &Notebook) -> Option<(i64, i64)> {
    let days: Vec<i64> = notebook
        .sources
        .iter()
        .filter_map(|s| s.published.as_ref())
        .map(|p| days_of(p).0)
        .filter(|d| *d != i64::MIN)
        .collect();
    Some((*days.iter().min()?, *days.iter().max()?))
}

impl AsOf {
    /// Turns the control on at `day`, or off.
    pub fn set(&mut self, enabled: bool, day: i64) {
        self.enabled = enabled;
        self.set_day(day);
    }

    /// Moves the day (the slider) and writes it in the field.
    pub fn set_day(&mut self, day: i64) {
        self.day = day;
        self.text = DayBound::Day(day).iso();
        self.error = None;
    }

    /// Reads the field: the last day of what was typed ("June 2024" is 30
    /// June 2024).
    pub fn read_text(&mut self) {
        match Date::parse(&self.text) {
            Ok(date) => {
                let day = review::as_of_day(&date);
                if day == i64::MAX {
                    self.error = Some("the as-of date needs an end".to_owned());
                } else {
                    self.day = day;
                    self.error = None;
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Whether each event (in the read model's order) was known by the
    /// day; `None` while the control is off.
    pub fn known(&mut self, notebook: &Notebook, generation: u64) -> Option<Arc<Vec<bool>>> {
        if !self.enabled {
            return None;
        }
        match &self.flags {
            Some((g, d, flags)) if *g == generation && *d == self.day => Some(Arc::clone(flags)),
            _ => {
                let flags: Arc<Vec<bool>> = Arc::new(
                    notebook
                        .events
                        .iter()
                        .map(|e| review::known_by(notebook, e, self.day))
                        .collect(),
                );
                self.flags = Some((generation, self.day, Arc::clone(&flags)));
                Some(flags)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_reads_the_last_day_of_what_was_typed() {
        let mut as_of = AsOf {
            text: "June 2024".into(),
            ..AsOf::default()
        };
        as_of.read_text();
        assert_eq!(as_of.error, None);
        assert_eq!(DayBound::Day(as_of.day).iso(), "2024-06-30");
        as_of.set_day(as_of.day - 29);
        assert_eq!(as_of.text, "2024-06-01");
        as_of.text = "not a date".into();
        as_of.read_text();
        assert!(as_of.error.is_some());
        assert_eq!(as_of.text, "not a date");
    }

    #[test]
    fn flags_are_off_until_enabled_and_follow_the_day() {
        let notebook = Notebook::default();
        let mut as_of = AsOf::default();
        assert!(as_of.known(&notebook, 1).is_none());
        as_of.set(true, 19_000);
        assert_eq!(as_of.known(&notebook, 1).map(|f| f.len()), Some(0));
    }
}
