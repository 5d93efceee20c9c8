//! Typed work that is not saved yet, kept so that nothing typed is lost:
//! across a change of notebook, a closed window and a crash.
//!
//! The forms save what the user typed as the user moves on (see
//! `AnnalsApp::move_on`); what does not validate stays a draft. Drafts are
//! view state, not research data, so they live in eframe's storage beside
//! the window size and the recent list — never in the notebook, whose
//! every change is an undoable action — written every
//! [`DRAFT_SAVE_INTERVAL`] while any exists.

use std::path::PathBuf;
use std::time::Duration;

use super::inspector::{DraftOf, Fields};
use super::notes::NoteDraft;
use super::source_form::SourceForm;
use super::source_view::SourceDrafts;
use crate::model::{Notebook, SourceId};

/// eframe storage key of the drafts.
const DRAFTS_KEY: &str = "annals.drafts";

/// How often eframe writes its storage while a draft exists: a crash loses
/// at most this much typing. Writing is one small file on eframe's own
/// thread, so it costs the frame nothing.
pub const DRAFT_SAVE_INTERVAL: Duration = Duration::from_secs(2);

/// How often eframe writes its storage with no draft (its own default).
pub const IDLE_SAVE_INTERVAL: Duration = Duration::from_secs(30);

/// The unsaved drafts of one notebook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct NotebookDrafts {
    /// The notebook (canonical path).
    pub notebook: PathBuf,
    /// The inspector's drafts: a new event's, and edits of events.
    pub events: Vec<(DraftOf, Fields)>,
    /// Notes being typed on events and on the notebook.
    pub notes: Vec<NoteDraft>,
    /// A source's text, details or note being edited.
    pub sources: Vec<(SourceId, SourceDrafts)>,
    /// The Add source form.
    pub new_source: Option<SourceForm>,
}

impl NotebookDrafts {
    /// True when nothing is kept.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
            && self.notes.is_empty()
            && self.sources.is_empty()
            && self.new_source.is_none()
    }

    /// What is kept, in words: "the new event 'X', edits of 'Y', a note".
    #[must_use]
    pub fn summary(&self, notebook: &Notebook) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (of, fields) in &self.events {
            let title = fields.title.trim();
            parts.push(match of {
                DraftOf::New if title.is_empty() => "a new event".to_owned(),
                DraftOf::New => format!("the new event '{title}'"),
                DraftOf::Event(id) => format!(
                    "edits of '{}'",
                    notebook.event(*id).map_or(title, |e| e.title.as_str())
                ),
            });
        }
        if !self.notes.is_empty() {
            parts.push(match self.notes.len() {
                1 => "a note".to_owned(),
                n => format!("{n} notes"),
            });
        }
        for (id, _) in &self.sources {
            if let Some(source) = notebook.source(*id) {
                parts.push(format!("the source '{}'", source.title));
            }
        }
        if self.new_source.is_some() {
            parts.push("the Add source form".to_owned());
        }
        parts.join(", ")
    }
}

/// A fingerprint of the drafts, so that unchanged drafts (a long source
/// text being edited) are not serialised again every few seconds.
#[must_use]
pub fn fingerprint(drafts: &[NotebookDrafts]) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    drafts.hash(&mut hasher);
    hasher.finish()
}

/// Writes the drafts into eframe's storage (an empty list removes them),
/// unless they are what `last` says was written; returns what was written.
pub fn store(
    storage: &mut dyn eframe::Storage,
    drafts: &[NotebookDrafts],
    last: Option<u64>,
) -> u64 {
    let now = fingerprint(drafts);
    if last == Some(now) && (drafts.is_empty() || storage.get_string(DRAFTS_KEY).is_some()) {
        return now;
    }
    if drafts.is_empty() {
        storage.remove_string(DRAFTS_KEY);
    } else {
        eframe::set_value(storage, DRAFTS_KEY, &drafts);
    }
    now
}

/// Reads the drafts kept by the last run; unreadable ones are dropped
/// (they are the app's own view state, not the user's notebook).
#[must_use]
pub fn load(storage: Option<&dyn eframe::Storage>) -> Vec<NotebookDrafts> {
    storage
        .and_then(|s| eframe::get_value::<Vec<NotebookDrafts>>(s, DRAFTS_KEY))
        .unwrap_or_default()
}
