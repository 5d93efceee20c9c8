//! The open notebook: its store, the read model the views draw from, the
//! undo and redo labels, and the text of the source open in the reader.
//!
//! The session is the store's one owner in the UI. After every action, undo
//! or redo it patches the read model with the rows the store reports as
//! changed, and re-reads the open source's text only when the change may
//! have touched that source.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::view::OpenText;
use crate::action::{Action, Applied};
use crate::model::{Notebook, SourceId};
use crate::store::{Store, StoreError};

/// The next read-model generation. Global, so that a reopened or another
/// notebook never repeats a generation a view has cached rows for.
static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, Ordering::Relaxed)
}

/// What a change did to the open source's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceText {
    /// Untouched (or no source is open).
    Kept,
    /// Edited: the reader must drop what it read from the old text.
    Changed,
    /// The source is gone (deleted, or an undo removed it).
    Gone,
}

/// A source's text, read once when opened or changed (not per frame).
#[derive(Debug)]
struct OpenBody {
    id: SourceId,
    body: String,
}

/// An open notebook.
#[derive(Debug)]
pub struct Session {
    store: Store,
    notebook: Notebook,
    generation: u64,
    undo_label: Option<String>,
    redo_label: Option<String>,
    open_source: Option<OpenBody>,
    /// The store is lent to the import worker; `store` holds an empty
    /// in-memory stand-in that nothing may write to until it is back.
    lent: bool,
}

impl Session {
    /// Opens a session on a store, loading its read model.
    ///
    /// # Errors
    /// If the read model or the history cannot be read.
    pub fn new(store: Store) -> Result<Self, StoreError> {
        let notebook = store.load()?;
        let mut session = Self {
            store,
            notebook,
            generation: next_generation(),
            undo_label: None,
            redo_label: None,
            open_source: None,
            lent: false,
        };
        session.refresh_labels()?;
        Ok(session)
    }

    /// The notebook file.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The notebook file, to change it behind the read model's back (tests
    /// and benchmarks; the read model catches up at the next undo or redo).
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Everything the UI draws, as of the last action.
    #[must_use]
    pub fn notebook(&self) -> &Notebook {
        &self.notebook
    }

    /// Changes with every reload of the read model.
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// What Undo would undo.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.undo_label.as_deref()
    }

    /// What Redo would redo.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.redo_label.as_deref()
    }

    /// The file's name, for the window title.
    #[must_use]
    pub fn name(&self) -> String {
        self.store.name()
    }

    /// The notebook's path (none for an in-memory notebook).
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    /// Writes a copy of the notebook.
    ///
    /// # Errors
    /// If the copy cannot be written.
    pub fn save_copy(&self, path: &Path) -> Result<(), StoreError> {
        self.store.save_copy(path)
    }

    /// The source open in the reader, with its text.
    #[must_use]
    pub fn open_text(&self) -> Option<OpenText<'_>> {
        self.open_source.as_ref().map(|open| OpenText {
            id: open.id,
            body: &open.body,
        })
    }

    /// Opens a source's text; returns true if it was not already open.
    ///
    /// # Errors
    /// If its text cannot be read (then the open source is unchanged).
    pub fn open_source(&mut self, id: SourceId) -> Result<bool, StoreError> {
        if self.open_source.as_ref().is_some_and(|open| open.id == id) {
            return Ok(false);
        }
        let body = self.store.source_body(id)?;
        self.open_source = Some(OpenBody { id, body });
        Ok(true)
    }

    /// Forgets the open source.
    pub fn close_source(&mut self) {
        self.open_source = None;
    }

    /// Lends the store to the import worker ([`super::jobs::Jobs::write_import`]),
    /// leaving an empty in-memory stand-in; the read model stays as it is
    /// for the views to draw. The app refuses every command until
    /// [`Self::take_back`].
    ///
    /// # Errors
    /// If the stand-in cannot be made (then nothing is lent).
    pub fn lend_store(&mut self) -> Result<Store, StoreError> {
        let stand_in = Store::open_in_memory()?;
        self.lent = true;
        Ok(std::mem::replace(&mut self.store, stand_in))
    }

    fn refuse_while_lent(&self) -> Result<(), StoreError> {
        if self.lent {
            return Err(StoreError::Invalid(
                "an import is being written; wait for it to finish".to_owned(),
            ));
        }
        Ok(())
    }

    /// Takes the lent store back with the read model the worker loaded
    /// (or reloads it here when the worker could not).
    ///
    /// # Errors
    /// If the read model or the labels cannot be read.
    pub fn take_back(
        &mut self,
        store: Store,
        notebook: Option<Result<Notebook, StoreError>>,
    ) -> Result<SourceText, StoreError> {
        self.store = store;
        self.lent = false;
        match notebook {
            Some(Ok(notebook)) => self.notebook = notebook,
            Some(Err(_)) => self.notebook = self.store.load()?,
            None => {}
        }
        self.generation = next_generation();
        self.refresh_labels()?;
        Ok(self.reread_source())
    }

    /// Applies an action and brings the read model up to date.
    ///
    /// # Errors
    /// If the store refused the action (then nothing changed) or the read
    /// model could not be refreshed.
    pub fn apply(&mut self, action: &Action) -> Result<(Applied, SourceText), StoreError> {
        self.refuse_while_lent()?;
        let applied = self.store.apply(action)?;
        self.reload()?;
        // Only these actions change a source's text or remove it.
        let touched = match action {
            Action::UpdateSource { id, .. } | Action::DeleteSource(id) => {
                self.open_source.as_ref().is_some_and(|open| open.id == *id)
            }
            _ => false,
        };
        let text = if touched {
            self.reread_source()
        } else {
            SourceText::Kept
        };
        Ok((applied, text))
    }

    /// Undoes (or redoes) the last action; returns its label.
    ///
    /// # Errors
    /// [`StoreError::NothingTo`] when there is nothing to undo or redo.
    pub fn undo_redo(&mut self, undo: bool) -> Result<(String, SourceText), StoreError> {
        self.refuse_while_lent()?;
        let label = if undo {
            self.store.undo()?
        } else {
            self.store.redo()?
        };
        self.reload()?;
        // The store reports changed events row by row and everything else
        // as a whole: a source may have changed only if something other
        // than events did.
        let changes = self.store.last_changes();
        let text = if changes.everything || changes.others {
            self.reread_source()
        } else {
            SourceText::Kept
        };
        Ok((label, text))
    }

    /// Brings the read model up to date after the notebook changed,
    /// reloading only what the last action, undo or redo touched.
    fn reload(&mut self) -> Result<(), StoreError> {
        self.store.refresh(&mut self.notebook)?;
        self.generation = next_generation();
        self.refresh_labels()
    }

    fn refresh_labels(&mut self) -> Result<(), StoreError> {
        self.undo_label = self.store.undo_label()?;
        self.redo_label = self.store.redo_label()?;
        Ok(())
    }

    /// Reads the open source's text again after a change that may have
    /// touched it.
    fn reread_source(&mut self) -> SourceText {
        let Some(open) = &mut self.open_source else {
            return SourceText::Kept;
        };
        match self.store.source_body(open.id) {
            // A change to its details (the publication date) keeps the text.
            Ok(body) if body == open.body => SourceText::Kept,
            Ok(body) => {
                open.body = body;
                SourceText::Changed
            }
            Err(_) => {
                self.open_source = None;
                SourceText::Gone
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Created, EventFields, SourceFields};
    use crate::model::date::Date;

    fn session_with_source(body: &str) -> (Session, SourceId) {
        let mut session = Session::new(Store::open_in_memory().unwrap()).unwrap();
        let (applied, _) = session
            .apply(&Action::CreateSource(SourceFields {
                title: "Wire".into(),
                body: body.into(),
                ..SourceFields::default()
            }))
            .unwrap();
        let Some(Created::Source(id)) = applied.created else {
            panic!("{applied:?}")
        };
        (session, id)
    }

    #[test]
    fn every_reload_is_a_new_generation_across_sessions() {
        let (mut session, _) = session_with_source("text");
        let first = session.generation();
        session
            .apply(&Action::CreateEvent {
                fields: EventFields::new("Summit", Date::parse("2023-09").unwrap()),
                excerpts: vec![],
            })
            .unwrap();
        assert!(session.generation() > first);
        let other = Session::new(Store::open_in_memory().unwrap()).unwrap();
        assert!(other.generation() > session.generation());
    }

    #[test]
    fn the_open_text_is_reread_only_when_its_source_changes() {
        let (mut session, id) = session_with_source("Kim met Putin.");
        assert!(session.open_source(id).unwrap());
        assert!(!session.open_source(id).unwrap(), "already open");
        let (_, text) = session
            .apply(&Action::CreateEvent {
                fields: EventFields::new("Summit", Date::parse("2023-09").unwrap()),
                excerpts: vec![],
            })
            .unwrap();
        assert_eq!(text, SourceText::Kept);
        let source = session.notebook().source(id).unwrap().clone();
        let dated = SourceFields {
            published: Some(Date::parse("2024-06-12").unwrap()),
            ..SourceFields::of(&source, "Kim met Putin.".into())
        };
        let (_, text) = session
            .apply(&Action::UpdateSource { id, fields: dated })
            .unwrap();
        assert_eq!(text, SourceText::Kept, "only its details changed");
        let edited = SourceFields::of(&source, "Kim met Putin in Vostochny.".into());
        let (_, text) = session
            .apply(&Action::UpdateSource { id, fields: edited })
            .unwrap();
        assert_eq!(text, SourceText::Changed);
        assert_eq!(
            session.open_text().map(|t| t.body),
            Some("Kim met Putin in Vostochny.")
        );
        let (label, text) = session.undo_redo(true).unwrap();
        assert_eq!(label, "edit source 'Wire'");
        assert_eq!(text, SourceText::Changed);
        assert_eq!(session.open_text().map(|t| t.body), Some("Kim met Putin."));
        let (_, text) = session.apply(&Action::DeleteSource(id)).unwrap();
        assert_eq!(text, SourceText::Gone);
        assert!(session.open_text().is_none());
    }
}
