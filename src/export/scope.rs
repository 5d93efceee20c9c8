//! Which events an export covers: the one filter model
//! ([`crate::model::filter::Filter`]) the list, the timeline and
//! `annals event list` use, so an export keeps exactly what they show.

use std::collections::HashSet;
use std::sync::Arc;

use super::{ExportError, ExportResult};
use crate::model::date::Date;
use crate::model::filter::Filter;
use crate::model::{Event, EventId, Notebook};

/// The events an export covers: those the filter keeps (every event when
/// it is empty). The filter's words are answered by the store's index, which
/// the export library does not reach: the caller hands in the events found.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Which events.
    pub filter: Filter,
    /// The events the store's index found for the filter's words (needed
    /// when the filter has words).
    pub text_hits: Option<Arc<HashSet<EventId>>>,
}

fn parse(text: Option<&str>) -> Option<Date> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .and_then(|t| Date::parse(t).ok())
}

impl Scope {
    /// The whole notebook.
    #[must_use]
    pub fn whole() -> Self {
        Self::default()
    }

    /// The events `filter` keeps (a filter without words).
    #[must_use]
    pub fn of(filter: Filter) -> Self {
        Self {
            filter,
            text_hits: None,
        }
    }

    /// The events `filter` keeps, its words having found `text_hits`.
    #[must_use]
    pub fn with_hits(filter: Filter, text_hits: Arc<HashSet<EventId>>) -> Self {
        Self {
            filter,
            text_hits: Some(text_hits),
        }
    }

    /// True when nothing narrows the scope.
    #[must_use]
    pub fn is_whole(&self) -> bool {
        self.filter.is_empty()
    }

    /// The start of the range, when the filter has one that reads.
    #[must_use]
    pub fn from(&self) -> Option<Date> {
        parse(self.filter.from.as_deref())
    }

    /// The end of the range, when the filter has one that reads.
    #[must_use]
    pub fn to(&self) -> Option<Date> {
        parse(self.filter.to.as_deref())
    }

    /// The scope without its date range (a picture's events; the range
    /// gives its window of time instead).
    #[must_use]
    pub fn without_range(&self) -> Self {
        let mut scope = self.clone();
        scope.filter.from = None;
        scope.filter.to = None;
        scope
    }

    /// The events in scope, by sort key; events with equal keys keep the
    /// read model's order (which breaks ties by id), so exports are stable.
    ///
    /// # Errors
    /// [`ExportError::Invalid`] for a track or tag the notebook lacks, a
    /// date that does not read, a range whose start is after its end, or
    /// words without the index's answer.
    pub fn select<'a>(&self, notebook: &'a Notebook) -> ExportResult<Vec<&'a Event>> {
        if self.filter.text_query().is_some() && self.text_hits.is_none() {
            return Err(ExportError::Invalid(
                "the scope's words were not looked up in the notebook's index".to_owned(),
            ));
        }
        let resolved = self
            .filter
            .resolve_shared(notebook, self.text_hits.clone())
            .map_err(ExportError::Invalid)?;
        let mut events = resolved.select(notebook);
        // The read model is already in this order; a stable sort keeps it
        // so for any caller that built a notebook by hand.
        events.sort_by_key(|e| e.date.sort_key());
        Ok(events)
    }

    /// How the scope reads in a report's header: "whole notebook", or
    /// "from September 2023 to June 2024; track: Diplomacy; tag: Russia;
    /// “summit”; unsupported".
    #[must_use]
    pub fn describe(&self) -> String {
        if self.is_whole() {
            return "whole notebook".to_owned();
        }
        let filter = &self.filter;
        let mut parts = Vec::new();
        let shown =
            |text: &str| Date::parse(text.trim()).map_or_else(|_| text.to_owned(), |d| d.display());
        match (filter.from.as_deref(), filter.to.as_deref()) {
            (Some(from), Some(to)) => parts.push(format!("from {} to {}", shown(from), shown(to))),
            (Some(from), None) => parts.push(format!("from {}", shown(from))),
            (None, Some(to)) => parts.push(format!("up to {}", shown(to))),
            (None, None) => {}
        }
        if !filter.tracks.is_empty() {
            let label = if filter.tracks.len() == 1 {
                "track"
            } else {
                "tracks"
            };
            parts.push(format!("{label}: {}", filter.tracks.join(", ")));
        }
        if !filter.tags.is_empty() {
            let label = match (filter.tags.len(), filter.all_tags) {
                (1, _) => "tag",
                (_, true) => "all tags",
                (_, false) => "tags",
            };
            parts.push(format!("{label}: {}", filter.tags.join(", ")));
        }
        use crate::model::filter::FilterPart;
        parts.extend(
            filter
                .parts()
                .into_iter()
                .filter(|(part, _)| {
                    !matches!(
                        part,
                        FilterPart::Range | FilterPart::Track(_) | FilterPart::Tag(_)
                    )
                })
                .map(|(_, label)| label),
        );
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::filter::Evidence;
    use crate::model::notebook::Colour;
    use crate::model::{EventId, Tag, TagId, Track, TrackId, Uid};

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
            name: "Дипломатия".into(),
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

    fn filter(f: impl FnOnce(&mut Filter)) -> Scope {
        let mut filter = Filter::default();
        f(&mut filter);
        Scope::of(filter)
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
        let scope = filter(|f| {
            f.from = Some("2023-09-30".into());
            f.to = Some("2023-10".into());
        });
        assert_eq!(ids(&scope.select(&notebook).unwrap()), vec![3, 1]);
        let before = filter(|f| f.to = Some("1000".into()));
        // "before 1066" may have been in 1000.
        assert_eq!(ids(&before.select(&notebook).unwrap()), vec![4]);
        assert_eq!(before.describe(), "up to 1000");
    }

    #[test]
    fn tracks_and_tags_are_matched_in_any_case_in_any_script() {
        let notebook = notebook();
        let scope = filter(|f| {
            f.tracks = vec!["ДИПЛОМАТИЯ".into()];
            f.tags = vec!["RUSSIA".into()];
        });
        assert_eq!(ids(&scope.select(&notebook).unwrap()), vec![3]);
        assert_eq!(scope.describe(), "track: ДИПЛОМАТИЯ; tag: RUSSIA");
    }

    #[test]
    fn unknown_names_and_reversed_ranges_are_refused() {
        let notebook = notebook();
        let scope = filter(|f| f.tracks = vec!["Militray".into()]);
        let error = scope.select(&notebook).unwrap_err().to_string();
        assert_eq!(
            error, "there is no track “Militray” (tracks: Дипломатия)",
            "{error}"
        );
        let scope = filter(|f| {
            f.from = Some("2024".into());
            f.to = Some("2023".into());
        });
        assert!(
            scope
                .select(&notebook)
                .unwrap_err()
                .to_string()
                .contains("after")
        );
    }

    #[test]
    fn words_and_evidence_narrow_it_too() {
        let notebook = notebook();
        let mut words = Filter {
            text: "event".into(),
            evidence: Some(Evidence::Unsupported),
            ..Filter::default()
        };
        let hits: HashSet<EventId> = [EventId(2), EventId(4)].into_iter().collect();
        let scope = Scope::with_hits(words.clone(), Arc::new(hits));
        assert_eq!(ids(&scope.select(&notebook).unwrap()), vec![4, 2]);
        assert_eq!(scope.describe(), "“event”; unsupported");
        // Words that were never looked up are refused, not ignored.
        words.evidence = None;
        assert!(Scope::of(words).select(&notebook).is_err());
    }
}
