//! The filter flags shared by `annals event list` and `annals export`: the
//! same filter model as the app's filter bar (`model::filter`).

use std::collections::HashSet;

use clap::{Args, ValueEnum};

use crate::model::filter::{Evidence, Filter, PrecisionClass, Resolved, Uncertainty};
use crate::model::{EventId, Notebook, SourceId};
use crate::store::Store;

/// A precision class as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrecisionArg {
    /// A day or a time of day.
    Day,
    /// A month, season or quarter.
    Month,
    /// A year.
    Year,
    /// A decade, century or millennium.
    Coarser,
}

/// A kind of doubt as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DoubtArg {
    /// No qualifier and not one of a set.
    Certain,
    /// `~` or `%`.
    Approximate,
    /// `?` or `%`.
    Uncertain,
    /// `[a, b]`.
    OneOf,
}

/// Which events to keep.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Keep events whose title, description, excerpts or notes contain
    /// these words (the last may be a prefix).
    #[arg(long, value_name = "QUERY")]
    pub text: Option<String>,
    /// Keep events on this track; repeat for several (any of them).
    #[arg(long = "track", value_name = "TRACK")]
    pub tracks: Vec<String>,
    /// Keep events with this tag; repeat for several (any of them).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// With several --tag: keep events that have all of them.
    #[arg(long)]
    pub all_tags: bool,
    /// Keep events that may overlap this date or later.
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Keep events that may overlap this date or earlier.
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Compare --from/--to with the dates' fuzzy bounds (widened for ~ ? %).
    #[arg(long)]
    pub fuzzy: bool,
    /// Keep events with an excerpt from this source.
    #[arg(long, value_name = "ID")]
    pub source: Option<i64>,
    /// Keep events no excerpt supports.
    #[arg(long, conflicts_with_all = ["supported", "lost_excerpts"])]
    pub unsupported: bool,
    /// Keep events at least one excerpt supports.
    #[arg(long, conflicts_with = "lost_excerpts")]
    pub supported: bool,
    /// Keep events with an excerpt that is lost from its source's text.
    #[arg(long)]
    pub lost_excerpts: bool,
    /// Keep events of this precision; repeat for several.
    #[arg(long, value_enum, value_name = "PRECISION")]
    pub precision: Vec<PrecisionArg>,
    /// Keep events whose date carries this doubt; repeat for several.
    #[arg(long, value_enum, value_name = "DOUBT")]
    pub doubt: Vec<DoubtArg>,
    /// Only events with this entity (name or alias); repeat for any of
    /// several.
    #[arg(long = "entity", value_name = "ENTITY")]
    pub entities: Vec<String>,
    /// Only events with an entity in this role ("visitor").
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
}

impl FilterArgs {
    /// The filter the flags describe.
    #[must_use]
    pub fn filter(&self) -> Filter {
        Filter {
            text: self.text.clone().unwrap_or_default(),
            tracks: self.tracks.clone(),
            tags: self.tags.clone(),
            all_tags: self.all_tags,
            from: self.from.clone(),
            to: self.to.clone(),
            fuzzy: self.fuzzy,
            source: self.source.map(SourceId),
            evidence: if self.unsupported {
                Some(Evidence::Unsupported)
            } else if self.supported {
                Some(Evidence::Supported)
            } else if self.lost_excerpts {
                Some(Evidence::LostExcerpts)
            } else {
                None
            },
            precision: self
                .precision
                .iter()
                .map(|p| match p {
                    PrecisionArg::Day => PrecisionClass::DayOrFiner,
                    PrecisionArg::Month => PrecisionClass::Month,
                    PrecisionArg::Year => PrecisionClass::Year,
                    PrecisionArg::Coarser => PrecisionClass::Coarser,
                })
                .collect(),
            uncertainty: self
                .doubt
                .iter()
                .map(|d| match d {
                    DoubtArg::Certain => Uncertainty::Certain,
                    DoubtArg::Approximate => Uncertainty::Approximate,
                    DoubtArg::Uncertain => Uncertainty::Uncertain,
                    DoubtArg::OneOf => Uncertainty::OneOf,
                })
                .collect(),
            entities: self.entities.clone(),
            role: self.role.clone(),
        }
    }
}

/// Checks a filter against the notebook, asking the store's index for the
/// text part.
///
/// # Errors
/// A one-line message for an unknown track, tag or source, a bad date, or
/// an overlong query.
pub fn resolve(store: &Store, notebook: &Notebook, filter: &Filter) -> anyhow::Result<Resolved> {
    let hits: Option<HashSet<EventId>> = match filter.text_query() {
        Some(query) => Some(store.matching_events(query)?),
        None => None,
    };
    filter.resolve(notebook, hits).map_err(anyhow::Error::msg)
}
