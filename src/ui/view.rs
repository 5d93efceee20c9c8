//! What a view may read. The app builds these once per frame from its
//! session and hands them to every panel, so a panel sees the read model,
//! the selection and the theme, never the app.

use std::path::PathBuf;

use super::theme::Theme;
use crate::model::filter::Filter;
use crate::model::{EventId, Notebook, SourceId};

/// The context of a panel over the open notebook.
#[derive(Debug, Clone, Copy)]
pub struct ViewCtx<'a> {
    /// Everything the notebook holds, as of the last action.
    pub notebook: &'a Notebook,
    /// Increases with every change of the read model (across notebooks
    /// too), so a panel knows when to rebuild what it caches.
    pub generation: u64,
    /// The selected event.
    pub selected: Option<EventId>,
    /// The colours of the active theme.
    pub theme: Theme,
    /// The source open in the reader, with its text.
    pub open_source: Option<OpenText<'a>>,
    /// A modal dialog is open: keys belong to it.
    pub modal: bool,
    /// The filter in force (empty: every event).
    pub filter: &'a Filter,
    /// One flag per event (in `Notebook::events` order) of what the filter
    /// keeps, with a key that changes whenever the flags do; `None` when
    /// every event is shown.
    pub shown: Option<(u64, &'a [bool])>,
    /// Why the filter could not be applied, if it could not.
    pub filter_error: Option<&'a str>,
    /// Several selected events (empty when one or none is selected).
    pub multi: &'a std::collections::HashSet<EventId>,
    /// The parents folded on the timeline (view state).
    pub folds: &'a crate::timeline::brackets::Folds,
}

/// A source's full text (the read model holds no bodies).
#[derive(Debug, Clone, Copy)]
pub struct OpenText<'a> {
    /// Which source.
    pub id: SourceId,
    /// Its text.
    pub body: &'a str,
}

/// The context of the window's chrome (menu, status bar, welcome), drawn
/// with or without a notebook.
#[derive(Debug, Clone, Copy)]
pub struct ChromeCtx<'a> {
    /// A notebook is open.
    pub open: bool,
    /// Events in the open notebook.
    pub event_count: usize,
    /// With a filter on: how many of them it shows.
    pub shown_count: Option<usize>,
    /// What Undo would undo.
    pub undo_label: Option<&'a str>,
    /// What Redo would redo.
    pub redo_label: Option<&'a str>,
    /// The selected event.
    pub selected: Option<EventId>,
    /// Recently opened notebooks, newest first.
    pub recent: &'a [PathBuf],
    /// The user's own notebook in the data folder, when started without a
    /// path (the welcome view offers it, and the demo beside it).
    pub default_path: Option<&'a std::path::Path>,
    /// Files imported so far and in this batch, while importing.
    pub import_progress: Option<(usize, usize)>,
    /// (done, total) while an export runs.
    pub export_progress: Option<(usize, usize)>,
    /// The colours of the active theme.
    pub theme: Theme,
    /// The evidence review's counts ("Evidence: 2 unsupported · 1
    /// disputed"), when there is anything to review.
    pub evidence: Option<&'a str>,
}

/// Read models for unit tests, built in memory without a store.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::model::date::Date;
    use crate::model::notebook::Colour;
    use crate::model::{Event, EventId, Notebook, Tag, TagId, Track, TrackId, Uid};

    /// Events as (title, date, track, tags), kept in the read model's
    /// chronological order; tracks in order of first use, tags by name.
    pub(crate) fn notebook(events: &[(&str, &str, Option<&str>, &[&str])]) -> Notebook {
        let mut tracks: Vec<Track> = Vec::new();
        let mut tag_names: Vec<&str> = events.iter().flat_map(|e| e.3.iter().copied()).collect();
        tag_names.sort_unstable();
        tag_names.dedup();
        let tags: Vec<Tag> = (1..)
            .zip(&tag_names)
            .map(|(id, name)| Tag {
                id: TagId(id),
                uid: Uid::new(),
                name: (*name).to_owned(),
            })
            .collect();
        let mut built: Vec<Event> = Vec::new();
        for (id, (title, date, track, event_tags)) in (1..).zip(events) {
            let track = track.map(|name| {
                if let Some(t) = tracks.iter().find(|t| t.name == name) {
                    return t.id;
                }
                let n = tracks.len();
                tracks.push(Track {
                    id: TrackId(n as i64 + 1),
                    uid: Uid::new(),
                    name: name.to_owned(),
                    colour: Colour::nth(n),
                    position: n as i64,
                    hidden: false,
                });
                TrackId(n as i64 + 1)
            });
            let mut tag_ids: Vec<TagId> = tags
                .iter()
                .filter(|t| event_tags.contains(&t.name.as_str()))
                .map(|t| t.id)
                .collect();
            tag_ids.sort_unstable_by_key(|t| t.0);
            built.push(Event {
                id: EventId(id),
                uid: Uid::new(),
                title: (*title).to_owned(),
                date: Date::parse(date).expect("a test date"),
                time_zone: None,
                description: String::new(),
                track,
                tags: tag_ids,
                excerpts: Vec::new(),
            });
        }
        built.sort_by_key(|e| (e.date.sort_key(), e.id.0));
        Notebook::new(built, tracks, tags, Vec::new(), Vec::new(), Vec::new())
    }
}
