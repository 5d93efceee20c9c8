//! The one filter model: which events the list, the timeline, the status
//! bar, exports and `annals event list` show.
//!
//! A [`Filter`] is what the user chose, by name (tracks and tags as typed,
//! dates as EDTF), so it can be saved in a view and read back in another
//! session. [`Filter::resolve`] checks it against a notebook and gives a
//! [`Resolved`] filter that tests events quickly. The text part is answered
//! by the store's full-text index and handed in as a set of event ids.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::date::{Date, Precision};
use super::{Event, EventId, Notebook, SourceId, TagId, TrackId};

/// Which events have evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// At least one excerpt supports the event.
    Supported,
    /// No excerpt supports the event.
    Unsupported,
    /// An excerpt of the event could not be found in its source's text.
    LostExcerpts,
}

impl Evidence {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::Supported, Self::Unsupported, Self::LostExcerpts];

    /// How the choice reads in a chip or a menu.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Supported => "supported",
            Self::Unsupported => "unsupported",
            Self::LostExcerpts => "with lost excerpts",
        }
    }
}

/// Precision grouped the way a researcher asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrecisionClass {
    /// A day or a time of day.
    DayOrFiner,
    /// A month (seasons and quarters count here too: finer than a year).
    Month,
    /// A year.
    Year,
    /// A decade, century or millennium.
    Coarser,
}

impl PrecisionClass {
    /// Every choice, finest first.
    pub const ALL: [Self; 4] = [Self::DayOrFiner, Self::Month, Self::Year, Self::Coarser];

    /// The class of a date's precision.
    #[must_use]
    pub const fn of(precision: Precision) -> Self {
        match precision {
            Precision::Second | Precision::Day => Self::DayOrFiner,
            Precision::Month | Precision::Quarter | Precision::Season => Self::Month,
            Precision::Year => Self::Year,
            Precision::Decade | Precision::Century | Precision::Millennium => Self::Coarser,
        }
    }

    /// How the choice reads in a chip or a menu.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::DayOrFiner => "day or finer",
            Self::Month => "month",
            Self::Year => "year",
            Self::Coarser => "coarser than a year",
        }
    }
}

/// The kinds of doubt a date can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uncertainty {
    /// Exactly as written: no qualifier, a single date or range.
    Certain,
    /// `~` (or `%`): about.
    Approximate,
    /// `?` (or `%`): perhaps.
    Uncertain,
    /// `[a, b]`: one of several dates.
    OneOf,
}

impl Uncertainty {
    /// Every choice, in menu order.
    pub const ALL: [Self; 4] = [
        Self::Certain,
        Self::Approximate,
        Self::Uncertain,
        Self::OneOf,
    ];

    /// How the choice reads in a chip or a menu.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Certain => "certain",
            Self::Approximate => "approximate ~",
            Self::Uncertain => "uncertain ?",
            Self::OneOf => "one of a set",
        }
    }

    fn matches(self, date: &Date) -> bool {
        match self {
            Self::Certain => !date.is_approximate() && !date.is_uncertain() && !date.is_one_of(),
            Self::Approximate => date.is_approximate(),
            Self::Uncertain => date.is_uncertain(),
            Self::OneOf => date.is_one_of(),
        }
    }
}

/// What the user chose to see. Empty parts do not narrow anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Words searched in titles, descriptions, the supporting excerpts and
    /// the event's notes (the store's full-text index).
    pub text: String,
    /// Events on any of these tracks (names, any case).
    pub tracks: Vec<String>,
    /// Events with these tags (names, any case): any of them, or all when
    /// [`Filter::all_tags`].
    pub tags: Vec<String>,
    /// Require every tag rather than any.
    pub all_tags: bool,
    /// Events that may overlap this date or later (EDTF).
    pub from: Option<String>,
    /// Events that may overlap this date or earlier (EDTF).
    pub to: Option<String>,
    /// Compare the range with the dates' fuzzy bounds (widened for `~ ? %`)
    /// rather than their strict ones.
    pub fuzzy: bool,
    /// Events with an excerpt from this source.
    pub source: Option<SourceId>,
    /// Events with this kind of evidence.
    pub evidence: Option<Evidence>,
    /// Events whose precision is in one of these classes.
    pub precision: Vec<PrecisionClass>,
    /// Events whose date carries one of these kinds of doubt.
    pub uncertainty: Vec<Uncertainty>,
    /// Events with any of these entities (names or aliases, any case).
    pub entities: Vec<String>,
    /// Events with an entity in this role (any case); with
    /// [`Filter::entities`], one of those entities in this role.
    pub role: Option<String>,
}

/// A filter checked against one notebook, ready to test events.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    tracks: HashSet<TrackId>,
    tags: Vec<TagId>,
    all_tags: bool,
    from_day: Option<i64>,
    to_day: Option<i64>,
    fuzzy: bool,
    source: Option<SourceId>,
    evidence: Option<Evidence>,
    precision: Vec<PrecisionClass>,
    uncertainty: Vec<Uncertainty>,
    text: Option<std::sync::Arc<HashSet<EventId>>>,
    entities: HashSet<super::EntityId>,
    role: Option<String>,
    empty: bool,
}

/// True when a name the user typed names `name` (any case, any script).
fn same_name(name: &str, typed: &str) -> bool {
    let (name, typed) = (name.trim(), typed.trim());
    name == typed || name.eq_ignore_ascii_case(typed) || name.to_lowercase() == typed.to_lowercase()
}

/// Names listed in an error before "…": enough to spot a typo.
const NAMES_IN_ERROR: usize = 12;

fn unknown(kind: &str, name: &str, known: &[&str]) -> String {
    if known.is_empty() {
        return format!("there is no {kind} “{name}” (the notebook has no {kind}s)");
    }
    let mut list: Vec<&str> = known.iter().copied().take(NAMES_IN_ERROR).collect();
    if known.len() > NAMES_IN_ERROR {
        list.push("…");
    }
    format!("there is no {kind} “{name}” ({kind}s: {})", list.join(", "))
}

fn parse_bound(flag: &str, text: Option<&str>) -> Result<Option<Date>, String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    Date::parse(text)
        .map(Some)
        .map_err(|e| format!("{flag} “{text}”: {}", e.message()))
}

impl Filter {
    /// True when nothing narrows the events.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.text_query().is_none()
            && self.tracks.is_empty()
            && self.tags.is_empty()
            && self.from.as_deref().is_none_or(|t| t.trim().is_empty())
            && self.to.as_deref().is_none_or(|t| t.trim().is_empty())
            && self.source.is_none()
            && self.evidence.is_none()
            && self.precision.is_empty()
            && self.uncertainty.is_empty()
            && self.entities.is_empty()
            && self.role_query().is_none()
    }

    /// The role part, trimmed; `None` when there is none.
    #[must_use]
    pub fn role_query(&self) -> Option<&str> {
        self.role
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
    }

    /// The text part, trimmed; `None` when there is none.
    #[must_use]
    pub fn text_query(&self) -> Option<&str> {
        Some(self.text.trim()).filter(|t| !t.is_empty())
    }

    /// Checks the filter against a notebook. `text_hits` are the events the
    /// store's index found for [`Filter::text_query`] (ignored without one).
    ///
    /// # Errors
    /// A one-line message for a track or tag the notebook lacks, a date that
    /// does not read, or a range whose start is after its end.
    pub fn resolve(
        &self,
        notebook: &Notebook,
        text_hits: Option<HashSet<EventId>>,
    ) -> Result<Resolved, String> {
        self.resolve_shared(notebook, text_hits.map(std::sync::Arc::new))
    }

    /// As [`Filter::resolve`], with the index's answer shared (the app
    /// keeps it for an export of the current filter).
    ///
    /// # Errors
    /// As [`Filter::resolve`].
    pub fn resolve_shared(
        &self,
        notebook: &Notebook,
        text_hits: Option<std::sync::Arc<HashSet<EventId>>>,
    ) -> Result<Resolved, String> {
        let mut tracks = HashSet::new();
        for name in &self.tracks {
            let found = notebook.tracks.iter().find(|t| same_name(&t.name, name));
            match found {
                Some(track) => {
                    tracks.insert(track.id);
                }
                None => {
                    let known: Vec<&str> =
                        notebook.tracks.iter().map(|t| t.name.as_str()).collect();
                    return Err(unknown("track", name, &known));
                }
            }
        }
        let mut tags = Vec::new();
        for name in &self.tags {
            let found = notebook.tags.iter().find(|t| same_name(&t.name, name));
            match found {
                Some(tag) if !tags.contains(&tag.id) => tags.push(tag.id),
                Some(_) => {}
                None => {
                    let known: Vec<&str> = notebook.tags.iter().map(|t| t.name.as_str()).collect();
                    return Err(unknown("tag", name, &known));
                }
            }
        }
        let from = parse_bound("--from", self.from.as_deref())?;
        let to = parse_bound("--to", self.to.as_deref())?;
        let from_day = from.as_ref().map(|d| d.bounds().earliest_key());
        let to_day = to.as_ref().map(|d| d.bounds().latest_key());
        if let (Some(a), Some(b), Some(from), Some(to)) = (from_day, to_day, &from, &to)
            && a > b
        {
            return Err(format!(
                "--from {} is after --to {}",
                from.display(),
                to.display()
            ));
        }
        if let Some(source) = self.source
            && notebook.source(source).is_none()
        {
            return Err(format!("there is no source with id {source}"));
        }
        let mut entities = HashSet::new();
        for name in &self.entities {
            match notebook.entities.by_name(name) {
                Some(entity) => {
                    entities.insert(entity.id);
                }
                None => {
                    let known: Vec<&str> = notebook
                        .entities
                        .entities
                        .iter()
                        .map(|e| e.name.as_str())
                        .collect();
                    return Err(unknown("entity", name.trim(), &known));
                }
            }
        }
        Ok(Resolved {
            entities,
            role: self.role_query().map(str::to_lowercase),
            tracks,
            tags,
            all_tags: self.all_tags,
            from_day,
            to_day,
            fuzzy: self.fuzzy,
            source: self.source,
            evidence: self.evidence,
            precision: self.precision.clone(),
            uncertainty: self.uncertainty.clone(),
            text: if self.text_query().is_some() {
                Some(text_hits.unwrap_or_default())
            } else {
                None
            },
            empty: self.is_empty(),
        })
    }

    /// Short descriptions of each part, for chips and report headers.
    #[must_use]
    pub fn parts(&self) -> Vec<(FilterPart, String)> {
        let mut parts = Vec::new();
        if let Some(text) = self.text_query() {
            parts.push((FilterPart::Text, format!("“{text}”")));
        }
        for (i, track) in self.tracks.iter().enumerate() {
            parts.push((FilterPart::Track(i), format!("track: {track}")));
        }
        let joiner = if self.all_tags { "all tags" } else { "tag" };
        for (i, tag) in self.tags.iter().enumerate() {
            parts.push((FilterPart::Tag(i), format!("{joiner}: {tag}")));
        }
        let shown =
            |edtf: &str| Date::parse_edtf(edtf).map_or_else(|_| edtf.to_owned(), |d| d.display());
        match (self.from.as_deref(), self.to.as_deref()) {
            (Some(a), Some(b)) => {
                parts.push((FilterPart::Range, format!("{} – {}", shown(a), shown(b))))
            }
            (Some(a), None) => parts.push((FilterPart::Range, format!("from {}", shown(a)))),
            (None, Some(b)) => parts.push((FilterPart::Range, format!("to {}", shown(b)))),
            (None, None) => {}
        }
        if let Some(source) = self.source {
            parts.push((FilterPart::Source, format!("source #{source}")));
        }
        if let Some(evidence) = self.evidence {
            parts.push((FilterPart::Evidence, evidence.label().to_owned()));
        }
        for (i, p) in self.precision.iter().enumerate() {
            parts.push((
                FilterPart::Precision(i),
                format!("precision: {}", p.label()),
            ));
        }
        for (i, u) in self.uncertainty.iter().enumerate() {
            parts.push((FilterPart::Uncertainty(i), u.label().to_owned()));
        }
        for (i, e) in self.entities.iter().enumerate() {
            parts.push((FilterPart::Entity(i), format!("entity: {e}")));
        }
        if let Some(role) = self.role_query() {
            parts.push((FilterPart::Role, format!("role: {role}")));
        }
        parts
    }

    /// Removes one part (a chip's ×).
    pub fn remove(&mut self, part: FilterPart) {
        match part {
            FilterPart::Text => self.text.clear(),
            FilterPart::Track(i) if i < self.tracks.len() => {
                self.tracks.remove(i);
            }
            FilterPart::Tag(i) if i < self.tags.len() => {
                self.tags.remove(i);
            }
            FilterPart::Range => {
                self.from = None;
                self.to = None;
            }
            FilterPart::Source => self.source = None,
            FilterPart::Evidence => self.evidence = None,
            FilterPart::Precision(i) if i < self.precision.len() => {
                self.precision.remove(i);
            }
            FilterPart::Uncertainty(i) if i < self.uncertainty.len() => {
                self.uncertainty.remove(i);
            }
            FilterPart::Entity(i) if i < self.entities.len() => {
                self.entities.remove(i);
            }
            FilterPart::Role => self.role = None,
            _ => {}
        }
    }

    /// Follows a track's rename (saved views keep names).
    pub fn rename_track(&mut self, old: &str, new: &str) {
        for t in &mut self.tracks {
            if t.eq_ignore_ascii_case(old) {
                new.clone_into(t);
            }
        }
    }
}

/// One removable part of a filter, as shown in a chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterPart {
    /// The words.
    Text,
    /// The n-th track.
    Track(usize),
    /// The n-th tag.
    Tag(usize),
    /// The date range.
    Range,
    /// The source.
    Source,
    /// The evidence choice.
    Evidence,
    /// The n-th precision class.
    Precision(usize),
    /// The n-th kind of doubt.
    Uncertainty(usize),
    /// The n-th entity.
    Entity(usize),
    /// The role.
    Role,
}

impl Resolved {
    /// True when the filter keeps every event.
    #[must_use]
    pub const fn keeps_all(&self) -> bool {
        self.empty
    }

    /// The range of days it keeps (either side open) and whether it
    /// compares the fuzzy bounds: what a store query can narrow by before
    /// [`Resolved::keep`] tests the rest.
    #[must_use]
    pub const fn day_range(&self) -> (Option<i64>, Option<i64>, bool) {
        (self.from_day, self.to_day, self.fuzzy)
    }

    /// True to show the event.
    #[must_use]
    pub fn keep(&self, notebook: &Notebook, event: &Event) -> bool {
        if self.empty {
            return true;
        }
        if let Some(hits) = &self.text
            && !hits.contains(&event.id)
        {
            return false;
        }
        if !self.tracks.is_empty() && !event.track.is_some_and(|t| self.tracks.contains(&t)) {
            return false;
        }
        if !self.tags.is_empty() {
            let has = |t: &TagId| event.tags.contains(t);
            let ok = if self.all_tags {
                self.tags.iter().all(has)
            } else {
                self.tags.iter().any(has)
            };
            if !ok {
                return false;
            }
        }
        if self.from_day.is_some() || self.to_day.is_some() {
            let bounds = if self.fuzzy {
                event.date.fuzzy_bounds()
            } else {
                event.date.bounds()
            };
            if self.from_day.is_some_and(|d| bounds.latest_key() < d)
                || self.to_day.is_some_and(|d| bounds.earliest_key() > d)
            {
                return false;
            }
        }
        if let Some(source) = self.source {
            let from_source = event
                .excerpts
                .iter()
                .filter_map(|x| notebook.excerpt(*x))
                .any(|x| x.source == source);
            if !from_source {
                return false;
            }
        }
        if let Some(evidence) = self.evidence {
            let ok = match evidence {
                Evidence::Supported => !event.excerpts.is_empty(),
                Evidence::Unsupported => event.excerpts.is_empty(),
                Evidence::LostExcerpts => event
                    .excerpts
                    .iter()
                    .filter_map(|x| notebook.excerpt(*x))
                    .any(|x| x.lost),
            };
            if !ok {
                return false;
            }
        }
        if !self.precision.is_empty()
            && !self
                .precision
                .contains(&PrecisionClass::of(event.date.precision()))
        {
            return false;
        }
        if !self.uncertainty.is_empty() && !self.uncertainty.iter().any(|u| u.matches(&event.date))
        {
            return false;
        }
        if (!self.entities.is_empty() || self.role.is_some())
            && !self.keeps_by_entity(notebook, event)
        {
            return false;
        }
        true
    }

    /// The entity and role parts: some role on the event is of one of the
    /// entities (any, if none is named) and in the role (any, if none).
    fn keeps_by_entity(&self, notebook: &Notebook, event: &Event) -> bool {
        notebook.entities.of_event(event.id).any(|r| {
            (self.entities.is_empty() || self.entities.contains(&r.entity))
                && self
                    .role
                    .as_ref()
                    .is_none_or(|role| r.role.to_lowercase() == *role)
        })
    }

    /// The kept events, in the read model's (date) order.
    #[must_use]
    pub fn select<'a>(&self, notebook: &'a Notebook) -> Vec<&'a Event> {
        notebook
            .events
            .iter()
            .filter(|e| self.keep(notebook, e))
            .map(|e| &**e)
            .collect()
    }
}

/// A filter kept in the notebook under a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    /// Stable identity across copies of the notebook.
    pub uid: super::Uid,
    /// What the user called it.
    pub name: String,
    /// What it shows.
    pub filter: Filter,
    /// The visible range saved with it, in days since 1970-01-01.
    pub range: Option<(i64, i64)>,
}

#[cfg(test)]
mod tests;
