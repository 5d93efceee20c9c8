//! What the filter keeps, worked out off the frame budget: the text part
//! is a look-up ([`super::lookups`], on the search worker), then one flag
//! per event is computed [`MASK_EVENTS_PER_FRAME`] events a frame. Until
//! the new flags are complete the list, the timeline and the counts show
//! the last result.

use std::sync::Arc;

use super::lookups::Lookups;
use crate::model::filter::{Filter, Resolved};
use crate::model::{EventId, Notebook};
use crate::store::Store;

/// Events tested against the filter per frame. `benches/filter.rs`
/// measured 61–258 ns an event at 1M (2-core machine), so this many take
/// 2–8.5 ms, inside a 16 ms frame with the drawing; a million events take
/// about 31 frames, half a second, with the last result shown meanwhile.
pub const MASK_EVENTS_PER_FRAME: usize = 32_768;

/// The work in flight.
#[derive(Debug, Default)]
enum Work {
    /// Nothing to do.
    #[default]
    Idle,
    /// Waiting for the index's answer to the filter's words.
    Text {
        /// The look-up's number.
        seq: u64,
    },
    /// Testing events, `flags.len()` done so far.
    Mask {
        resolved: Box<Resolved>,
        flags: Vec<bool>,
    },
}

/// The filter in force and what it keeps, recomputed when the filter or
/// the read model changes (never per frame).
#[derive(Debug, Default)]
pub struct Shown {
    /// The filter.
    pub filter: Filter,
    /// One flag per event; `None` when every event is shown.
    pub mask: Option<Arc<Vec<bool>>>,
    /// Changes whenever `mask` does.
    pub key: u64,
    /// The read model's generation the work was started for.
    pub generation: Option<u64>,
    /// How many events `mask` keeps.
    pub count: Option<usize>,
    /// Why the filter does not apply (a name the notebook lacks, …).
    pub error: Option<String>,
    /// The events the filter's words found, for [`Shown::mask`] (an export
    /// of the current filter takes them too).
    pub text_hits: Option<Arc<std::collections::HashSet<EventId>>>,
    work: Work,
    fresh: bool,
}

impl Shown {
    /// True while a new result is being worked out.
    #[must_use]
    pub const fn busy(&self) -> bool {
        !matches!(self.work, Work::Idle)
    }

    /// Starts working out what the filter keeps in `notebook`.
    pub fn start(&mut self, notebook: &Notebook, store: &Store, lookups: &mut Lookups) {
        self.error = None;
        if self.filter.is_empty() {
            lookups.drop_filter();
            self.finish(None);
            return;
        }
        match self.filter.text_query() {
            Some(query) => {
                self.text_hits = None;
                let seq = lookups.filter(store, query);
                self.work = Work::Text { seq };
            }
            None => {
                lookups.drop_filter();
                self.text_hits = None;
                self.resolve(notebook, None);
            }
        }
    }

    /// Takes the index's answer for the filter's words.
    pub fn text_answer(
        &mut self,
        notebook: &Notebook,
        seq: u64,
        hits: Result<std::collections::HashSet<EventId>, String>,
    ) {
        if !matches!(self.work, Work::Text { seq: wanted } if wanted == seq) {
            return;
        }
        let hits = Arc::new(hits.unwrap_or_else(|error| {
            self.error = Some(error);
            std::collections::HashSet::new()
        }));
        self.text_hits = Some(hits.clone());
        self.resolve(notebook, Some(hits));
    }

    fn resolve(
        &mut self,
        notebook: &Notebook,
        hits: Option<Arc<std::collections::HashSet<EventId>>>,
    ) {
        match self.filter.resolve_shared(notebook, hits) {
            Ok(resolved) => {
                self.work = Work::Mask {
                    resolved: Box::new(resolved),
                    flags: Vec::with_capacity(notebook.events.len()),
                };
            }
            Err(error) => {
                self.error = Some(error);
                self.finish(None);
            }
        }
    }

    /// True once after a new result is ready (the timeline is then handed
    /// [`Shown::mask`]).
    pub const fn take_fresh(&mut self) -> bool {
        let fresh = self.fresh;
        self.fresh = false;
        fresh
    }

    /// Tests the next events (once a frame).
    pub fn step(&mut self, notebook: &Notebook) {
        let Work::Mask { resolved, flags } = &mut self.work else {
            return;
        };
        let from = flags.len().min(notebook.events.len());
        let to = (from + MASK_EVENTS_PER_FRAME).min(notebook.events.len());
        flags.extend(
            notebook.events[from..to]
                .iter()
                .map(|e| resolved.keep(notebook, e)),
        );
        if flags.len() < notebook.events.len() {
            return;
        }
        let flags = std::mem::take(flags);
        self.finish(Some(flags));
    }

    fn finish(&mut self, flags: Option<Vec<bool>>) {
        self.work = Work::Idle;
        self.fresh = true;
        self.key = self.key.wrapping_add(1);
        self.count = flags.as_ref().map(|m| m.iter().filter(|k| **k).count());
        self.mask = flags.map(Arc::new);
    }
}
