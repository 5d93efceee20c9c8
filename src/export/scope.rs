//! Which events an export covers.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use super::{ExportError, ExportResult};
use crate::model::date::Date;
use crate::model::{Event, Notebook, TagId, TrackId};

/// A further test on events, for filters the scope itself does not know
/// (the search issue's text and filter model plugs in here).
pub trait EventFilter: Send + Sync {
    /// True to keep the event.
    fn keep(&self, notebook: &Notebook, event: &Event) -> bool;
    /// How the filter reads in a report's header ("matching “summit”").
    fn describe(&self) -> String;
}

/// The events an export covers: those that may overlap the date range, on
/// any of the tracks (all when none is given), carrying any of the tags
/// (all when none is given), and kept by every extra filter.
#[derive(Clone, Default)]
pub struct Scope {
    /// Keep events that may overlap this date or later.
    pub from: Option<Date>,
    /// Keep events that may overlap this date or earlier.
    pub to: Option<Date>,
    /// Keep events on any of these tracks (names, any case).
    pub tracks: Vec<String>,
    /// Keep events with any of these tags (names, any case).
    pub tags: Vec<String>,
    /// Further filters, all of which must keep an event.
    pub filters: Vec<Arc<dyn EventFilter>>,
}

impl fmt::Debug for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            .field("from", &self.from.as_ref().map(Date::edtf))
            .field("to", &self.to.as_ref().map(Date::edtf))
            .field("tracks", &self.tracks)
            .field("tags", &self.tags)
            .field(
                "filters",
                &self
                    .filters
                    .iter()
                    .map(|x| x.describe())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Names listed in an error before "…": enough to spot a typo.
const NAMES_IN_ERROR: usize = 12;

fn unknown_name(kind: &str, name: &str, known: &[&str]) -> ExportError {
    let mut list: Vec<&str> = known.iter().copied().take(NAMES_IN_ERROR).collect();
    if known.len() > NAMES_IN_ERROR {
        list.push("…");
    }
    let choices = if known.is_empty() {
        format!("the notebook has no {kind}s")
    } else {
        format!("{kind}s: {}", list.join(", "))
    };
    ExportError::Invalid(format!("there is no {kind} “{name}” ({choices})"))
}

impl Scope {
    /// The whole notebook.
    #[must_use]
    pub fn whole() -> Self {
        Self::default()
    }

    /// True when nothing narrows the scope.
    #[must_use]
    pub fn is_whole(&self) -> bool {
        self.from.is_none()
            && self.to.is_none()
            && self.tracks.is_empty()
            && self.tags.is_empty()
            && self.filters.is_empty()
    }

    /// The events in scope, by sort key; events with equal keys keep the
    /// read model's order (which breaks ties by id), so exports are stable.
    ///
    /// # Errors
    /// [`ExportError::Invalid`] for a track or tag the notebook lacks, or a
    /// range whose start is after its end.
    pub fn select<'a>(&self, notebook: &'a Notebook) -> ExportResult<Vec<&'a Event>> {
        let from_day = self.from.as_ref().map(|d| d.bounds().earliest_key());
        let to_day = self.to.as_ref().map(|d| d.bounds().latest_key());
        if let (Some(from), Some(to), Some(a), Some(b)) = (&self.from, &self.to, from_day, to_day)
            && a > b
        {
            return Err(ExportError::Invalid(format!(
                "--from {} is after --to {}",
                from.display(),
                to.display()
            )));
        }
        let tracks = self.track_ids(notebook)?;
        let tags = self.tag_ids(notebook)?;
        let mut events: Vec<&Event> = notebook
            .events
            .iter()
            .filter(|e| {
                let bounds = e.date.bounds();
                from_day.is_none_or(|day| bounds.latest_key() >= day)
                    && to_day.is_none_or(|day| bounds.earliest_key() <= day)
            })
            .filter(|e| tracks.is_empty() || e.track.is_some_and(|t| tracks.contains(&t)))
            .filter(|e| tags.is_empty() || e.tags.iter().any(|t| tags.contains(t)))
            .filter(|e| self.filters.iter().all(|f| f.keep(notebook, e)))
            .collect();
        // The read model is already in this order; a stable sort keeps it
        // so for any caller that built a notebook by hand.
        events.sort_by_key(|e| e.date.sort_key());
        Ok(events)
    }

    fn track_ids(&self, notebook: &Notebook) -> ExportResult<HashSet<TrackId>> {
        let known: Vec<&str> = notebook.tracks.iter().map(|t| t.name.as_str()).collect();
        self.tracks
            .iter()
            .map(|name| {
                notebook
                    .tracks
                    .iter()
                    .find(|t| t.name.trim().to_lowercase() == name.trim().to_lowercase())
                    .map(|t| t.id)
                    .ok_or_else(|| unknown_name("track", name, &known))
            })
            .collect()
    }

    fn tag_ids(&self, notebook: &Notebook) -> ExportResult<HashSet<TagId>> {
        let known: Vec<&str> = notebook.tags.iter().map(|t| t.name.as_str()).collect();
        self.tags
            .iter()
            .map(|name| {
                notebook
                    .tags
                    .iter()
                    .find(|t| t.name.trim().to_lowercase() == name.trim().to_lowercase())
                    .map(|t| t.id)
                    .ok_or_else(|| unknown_name("tag", name, &known))
            })
            .collect()
    }

    /// How the scope reads in a report's header: "whole notebook", or
    /// "from September 2023 to June 2024; tracks: Diplomacy; tags: Russia".
    #[must_use]
    pub fn describe(&self) -> String {
        if self.is_whole() {
            return "whole notebook".to_owned();
        }
        let mut parts = Vec::new();
        match (&self.from, &self.to) {
            (Some(from), Some(to)) => {
                parts.push(format!("from {} to {}", from.display(), to.display()));
            }
            (Some(from), None) => parts.push(format!("from {}", from.display())),
            (None, Some(to)) => parts.push(format!("up to {}", to.display())),
            (None, None) => {}
        }
        if !self.tracks.is_empty() {
            let label = if self.tracks.len() == 1 {
                "track"
            } else {
                "tracks"
            };
            parts.push(format!("{label}: {}", self.tracks.join(", ")));
        }
        if !self.tags.is_empty() {
            let label = if self.tags.len() == 1 { "tag" } else { "tags" };
            parts.push(format!("{label}: {}", self.tags.join(", ")));
        }
        parts.extend(self.filters.iter().map(|f| f.describe()));
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::notebook::Colour;
    use crate::model::{EventId, Tag, Track, Uid};

    fn event(id: i64, date: &str, track: Option<i64>, tags: &[i64]) -> Event {
        Event {
            id: EventId(id),
            uid: Uid(format!("e{id}")),
            title: format!("event {id}"),
            date: Date::parse(date).unwrap(),
            time_zone: None,
            description: String::new(),
            track: track.map(TrackId),
            tags: tags.iter().copied().map(TagId).collect(),
            excerpts: Vec::new(),
        }
    }

    fn notebook() -> Notebook {
        let tracks = vec![Track {
            id: TrackId(1),
            uid: Uid("t1".into()),
            name: "Diplomacy".into(),
            colour: Colour::nth(0),
            position: 0,
            hidden: false,
        }];
        let tags = vec![Tag {
            id: TagId(1),
            uid: Uid("g1".into()),
            name: "Russia".into(),
        }];
        let events = vec![
            event(3, "2023-09", Some(1), &[1]),
            event(1, "2023-09", None, &[]),
            event(2, "2023-11", Some(1), &[]),
            event(4, "before 1066", None, &[1]),
        ];
        Notebook::new(events, tracks, tags, Vec::new(), Vec::new(), Vec::new())
    }

    fn ids(events: &[&Event]) -> Vec<i64> {
        events.iter().map(|e| e.id.0).collect()
    }

    #[test]
    fn the_whole_notebook_is_in_date_order_with_ties_kept() {
        let notebook = notebook();
        let events = Scope::whole().select(&notebook).unwrap();
        // Equal September 2023 dates keep the order they were given in.
        assert_eq!(ids(&events), vec![4, 3, 1, 2]);
        assert_eq!(Scope::whole().describe(), "whole notebook");
    }

    #[test]
    fn a_range_keeps_events_that_may_overlap_it() {
        let notebook = notebook();
        let scope = Scope {
            from: Some(Date::parse("2023-09-30").unwrap()),
            to: Some(Date::parse("2023-10").unwrap()),
            ..Scope::default()
        };
        assert_eq!(ids(&scope.select(&notebook).unwrap()), vec![3, 1]);
        let before = Scope {
            to: Some(Date::parse("1000").unwrap()),
            ..Scope::default()
        };
        // "before 1066" may have been in 1000.
        assert_eq!(ids(&before.select(&notebook).unwrap()), vec![4]);
        assert_eq!(before.describe(), "up to 1000");
    }

    #[test]
    fn tracks_and_tags_are_matched_in_any_case() {
        let notebook = notebook();
        let scope = Scope {
            tracks: vec!["diplomacy".into()],
            tags: vec!["RUSSIA".into()],
            ..Scope::default()
        };
        assert_eq!(ids(&scope.select(&notebook).unwrap()), vec![3]);
        assert_eq!(scope.describe(), "track: diplomacy; tag: RUSSIA");
    }

    #[test]
    fn unknown_names_and_reversed_ranges_are_refused() {
        let notebook = notebook();
        let scope = Scope {
            tracks: vec!["Militray".into()],
            ..Scope::default()
        };
        let error = scope.select(&notebook).unwrap_err().to_string();
        assert_eq!(
            error, "there is no track “Militray” (tracks: Diplomacy)",
            "{error}"
        );
        let scope = Scope {
            from: Some(Date::parse("2024").unwrap()),
            to: Some(Date::parse("2023").unwrap()),
            ..Scope::default()
        };
        assert!(
            scope
                .select(&notebook)
                .unwrap_err()
                .to_string()
                .contains("after")
        );
    }

    struct TitleContains(&'static str);

    impl EventFilter for TitleContains {
        fn keep(&self, _: &Notebook, event: &Event) -> bool {
            event.title.contains(self.0)
        }
        fn describe(&self) -> String {
            format!("matching “{}”", self.0)
        }
    }

    #[test]
    fn extra_filters_plug_in() {
        let notebook = notebook();
        let scope = Scope {
            filters: vec![Arc::new(TitleContains("2"))],
            ..Scope::default()
        };
        assert_eq!(ids(&scope.select(&notebook).unwrap()), vec![2]);
        assert_eq!(scope.describe(), "matching “2”");
    }
}
