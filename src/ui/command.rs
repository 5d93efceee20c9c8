//! What a view asks the app to do. A leaf: it names model types and actions,
//! nothing else under `ui`, so every panel can push commands without knowing
//! the app.

use std::path::PathBuf;

use crate::action::Action;
use crate::model::date::Date;
use crate::model::filter::Filter;
use crate::model::{EventId, ExcerptId, SourceId};
use crate::store::HitKind;

/// Something a widget asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Apply an action to the notebook (one undo step).
    Apply(Box<Action>),
    /// Show only the events this filter keeps, in the list and on the
    /// timeline.
    SetFilter(Filter),
    /// Save the filter in force, with the visible range, as a named view.
    SaveView(String),
    /// Show this range of days (since 1970-01-01) on the timeline.
    ShowRange((i64, i64)),
    /// Open the search window (Edit ▸ Search…).
    OpenSearch,
    /// Open the Evidence window (Edit ▸ Evidence…, the status bar's counts).
    ShowEvidence,
    /// Ctrl+F: find in the open source while the reader is shown, else
    /// open the search window.
    Find,
    /// Search the notebook for these words (the search window's box).
    Search(String),
    /// Open a search hit: select an event, open an excerpt or a source in
    /// the reader, or a note's owner.
    OpenHit(HitKind, i64),
    /// Undo the last action.
    Undo,
    /// Redo the last undone action.
    Redo,
    /// Select an event (or nothing).
    Select(Option<EventId>),
    /// Select several events; the last is the one the inspector names.
    SelectMany(Vec<EventId>),
    /// Open the inspector to create an event, optionally with a date.
    NewEvent {
        /// A date to prefill.
        date: Option<Date>,
    },
    /// Delete the selected event.
    DeleteSelected,
    /// Ask for a file (native dialog, else an in-app path field).
    ChooseFile(FilePurpose),
    /// Open a notebook.
    Open(PathBuf),
    /// Open the demo notebook beside the default one (creating it).
    OpenDemo,
    /// Create a notebook and open it.
    Create(PathBuf),
    /// Write a copy of the notebook.
    SaveCopy(PathBuf),
    /// Close the notebook.
    Close,
    /// Show the Add source form.
    AddSource,
    /// Open a source in the reader.
    OpenSource(SourceId),
    /// Open an excerpt's source in the reader, scrolled to it and flashed.
    OpenExcerpt(ExcerptId),
    /// Import these files: as sources, one action each; a file of events,
    /// a notebook or references (.csv, .json, .bib, .ris) opens File ▸
    /// Import… on it instead.
    Import(Vec<PathBuf>),
    /// Show File ▸ Import…, reading this file at once if given.
    ShowImport(Option<PathBuf>),
    /// Read the open source's dates against its publication date (at once
    /// for a short text, on a worker for a long one).
    ReadDates {
        /// The source whose text is read.
        source: SourceId,
        /// The day relative dates are read against.
        published: Date,
    },
    /// Show the timeline or the reader in the centre.
    Centre(Centre),
    /// Fold a parent on the timeline (its children are not drawn), or
    /// unfold it. View state: not an action, not undoable.
    ToggleFold(EventId),
    /// Show a tab of the left panel.
    LeftTab(LeftTab),
    /// Give the keyboard to the inspector's title (Enter in the event
    /// list opens the selected event for editing).
    EditSelected,
    /// Ask where to write this source's kept original file.
    ChooseOriginalTarget(SourceId),
    /// Write the kept original of the source last asked for
    /// ([`Command::ChooseOriginalTarget`]) to this new file.
    SaveOriginal(PathBuf),
    /// Show File ▸ Export….
    ShowExport,
    /// Put this path in the Export dialog (chosen in a file dialog).
    ExportPath(PathBuf),
    /// Stop the export under way.
    CancelExport,
    /// Tell the user something about the event just opened in the
    /// inspector (shown under its date), and focus its title.
    InspectorHint(String),
    /// Show File ▸ Backups… (the open notebook's backups).
    ShowBackups,
    /// Make a verified backup of the open notebook now.
    BackUpNow,
    /// Put a backup in place of the open notebook (after the user
    /// confirmed), then reopen it.
    RestoreBackup(PathBuf),
    /// Put the latest good backup in place of a notebook that was refused
    /// as damaged, then open it.
    RestoreLatest(PathBuf),
    /// Copy every readable row of a damaged notebook into a new file.
    Salvage {
        /// The damaged notebook.
        damaged: PathBuf,
        /// The new file (never replaced).
        out: PathBuf,
    },
    /// Copy a refused notebook without what Annals did not put there.
    Repair {
        /// The refused notebook.
        notebook: PathBuf,
        /// The new file (never replaced).
        out: PathBuf,
    },
    /// Open an entity's page (its events, excerpts and notes).
    OpenEntity(crate::model::EntityId),
    /// Show File ▸ Share a copy….
    ShowShareCopy,
    /// Write a clean copy of the open notebook to share.
    ShareCopy {
        /// Where to.
        out: PathBuf,
        /// Leave the notes out.
        without_notes: bool,
        /// The user agreed to replace an existing file.
        replace: bool,
    },
}

impl Command {
    /// True for a command that would change the notebook (refused, with a
    /// message, when it is read-only).
    #[must_use]
    pub fn edits(&self) -> bool {
        matches!(
            self,
            Self::Apply(_)
                | Self::Undo
                | Self::Redo
                | Self::NewEvent { .. }
                | Self::DeleteSelected
                | Self::AddSource
                | Self::Import(_)
                | Self::ShowImport(_)
                | Self::ChooseFile(FilePurpose::Import | FilePurpose::ImportFile)
                | Self::RestoreBackup(_)
                | Self::SaveView(_)
        )
    }
}

/// What the left panel lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeftTab {
    /// The events.
    #[default]
    Events,
    /// The sources.
    Sources,
    /// The notebook's own notes.
    Notes,
    /// Tracks and tags, to rename, recolour, order, hide and merge.
    Tracks,
}

/// What the centre shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Centre {
    /// The timeline.
    #[default]
    Timeline,
    /// The open source.
    Reader,
}

/// What a file is being chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// Open an existing notebook.
    Open,
    /// Create a new notebook.
    New,
    /// Save a copy of the open notebook.
    SaveCopy,
    /// Import files as sources (several at once).
    Import,
    /// The file File ▸ Import… reads (events, a notebook, references).
    ImportFile,
    /// Where to write an export.
    Export,
    /// Where to write a source's kept original file.
    SaveOriginal,
}

impl FilePurpose {
    /// The heading of the dialog that asks for the file.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Open => "Open notebook",
            Self::New => "New notebook",
            Self::SaveCopy => "Save a copy",
            Self::Import => "Import a source file",
            Self::ImportFile => "Import events, a notebook or references",
            Self::Export => "Export to",
            Self::SaveOriginal => "Save the original file",
        }
    }

    /// The example in the path field, for what the field asks for.
    #[must_use]
    pub fn path_hint(self) -> &'static str {
        match self {
            Self::Import => "/path/to/file-to-import.txt (.txt, .md, .html, .pdf, .docx or .eml)",
            Self::ImportFile => super::import_dialog::PATH_HINT,
            Self::Open => "/path/to/notebook.annals",
            Self::New | Self::SaveCopy => "/path/to/new-notebook.annals",
            Self::Export => "/path/to/chronology.html",
            Self::SaveOriginal => "/path/to/original.pdf",
        }
    }

    /// What to do with the chosen files.
    #[must_use]
    pub fn command(self, mut paths: Vec<PathBuf>) -> Option<Command> {
        if self == Self::Import {
            return (!paths.is_empty()).then_some(Command::Import(paths));
        }
        let path = paths.drain(..).next()?;
        Some(match self {
            Self::Open => Command::Open(path),
            Self::New => Command::Create(with_extension(path)),
            Self::SaveCopy => Command::SaveCopy(with_extension(path)),
            Self::Import => Command::Import(vec![path]),
            Self::ImportFile => Command::ShowImport(Some(path)),
            Self::Export => Command::ExportPath(path),
            Self::SaveOriginal => Command::SaveOriginal(path),
        })
    }
}

/// Adds `.annals` to a new file's name if it has no extension.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("annals")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_files_become_commands() {
        let one = |p: &str| vec![PathBuf::from(p)];
        assert_eq!(
            FilePurpose::New.command(one("/tmp/case")),
            Some(Command::Create(PathBuf::from("/tmp/case.annals")))
        );
        assert_eq!(
            FilePurpose::SaveCopy.command(one("/tmp/copy.db")),
            Some(Command::SaveCopy(PathBuf::from("/tmp/copy.db")))
        );
        assert_eq!(
            FilePurpose::Open.command(one("/tmp/a.annals")),
            Some(Command::Open(PathBuf::from("/tmp/a.annals")))
        );
        assert_eq!(FilePurpose::Open.command(Vec::new()), None);
        assert_eq!(FilePurpose::Import.command(Vec::new()), None);
        assert_eq!(
            FilePurpose::Import.command(vec![PathBuf::from("a.txt"), PathBuf::from("b.md")]),
            Some(Command::Import(vec![
                PathBuf::from("a.txt"),
                PathBuf::from("b.md")
            ]))
        );
    }
}
