//! Events to re-check when a source's publication date changes: the
//! events dated from a relative expression of the source ("last month"),
//! whose words read differently against the new date. The reader offers
//! them after an edit of the source's details; `annals source edit
//! --published` lists them (and re-dates them with `--redate`).

use super::Suggestion;
use crate::model::date::Date;
use crate::model::{EventId, Notebook, Source};

/// An event dated from a relative expression in a source, whose
/// reading changed with the source's publication date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recheck {
    /// The event.
    pub event: EventId,
    /// Its title.
    pub title: String,
    /// Its date, as read against the old publication date.
    pub old: Date,
    /// The same words read against the new publication date.
    pub new: Date,
    /// The expression ("in September").
    pub expression: String,
}

/// The events dated from a relative expression of `body` whose reading
/// changes when the publication date goes from `old` to `new`. Nothing
/// records where an event's date came from, so it is derived: an event
/// supported by an excerpt of this source whose date is what a suggestion
/// inside that excerpt read (or offered) against the old publication date,
/// where the same words read differently against the new one.
#[must_use]
pub fn rechecks(
    notebook: &Notebook,
    source: &Source,
    body: &str,
    (old, new): (&Date, &Date),
) -> Vec<Recheck> {
    use super::{Locale, Options, extract};
    let (Ok(old_options), Ok(new_options)) = (
        Options::new(old.clone(), Locale::default()),
        Options::new(new.clone(), Locale::default()),
    ) else {
        return Vec::new();
    };
    let before = extract(body, &old_options);
    let after = extract(body, &new_options);
    let mut found = Vec::new();
    for excerpt in notebook.excerpts_of_source(source.id) {
        for event_id in notebook.events_of_excerpt(excerpt.id) {
            let Some(event) = notebook.event(*event_id) else {
                continue;
            };
            if found.iter().any(|r: &Recheck| r.event == event.id) {
                continue;
            }
            let inside = |s: &Suggestion| s.start >= excerpt.start && s.end <= excerpt.end;
            for old_reading in before.iter().filter(|s| inside(s)) {
                let readings: Vec<&Date> = std::iter::once(&old_reading.date)
                    .chain(old_reading.alternatives.iter().map(|a| &a.date))
                    .collect();
                let Some(which) = readings.iter().position(|d| **d == event.date) else {
                    continue;
                };
                let Some(new_reading) = after
                    .iter()
                    .find(|s| (s.start, s.end) == (old_reading.start, old_reading.end))
                else {
                    continue;
                };
                let new_date = std::iter::once(&new_reading.date)
                    .chain(new_reading.alternatives.iter().map(|a| &a.date))
                    .nth(which)
                    .unwrap_or(&new_reading.date);
                if *new_date != event.date {
                    found.push(Recheck {
                        event: event.id,
                        title: event.title.clone(),
                        old: event.date.clone(),
                        new: new_date.clone(),
                        expression: old_reading.text.clone(),
                    });
                    break;
                }
            }
        }
    }
    found
}
