//! The application: owns the session (store and read model), the panels and
//! the jobs, and is the only place that carries out commands.
//!
//! Widgets never change research data themselves: they push [`Command`]s,
//! which the app carries out after the frame's UI is built. An action goes
//! through the session to the store (one transaction, one undo step); the
//! read model is then patched, and the next frame draws from it without
//! running any SQL.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::Ui;

use super::bulk::BulkPanel;
use super::command::{Centre, Command, FilePurpose, LeftTab};
use super::dialogs::{Dialog, Dialogs};
use super::drafts::{self, NotebookDrafts};
use super::event_list::EventList;
use super::evidence::EvidenceWindow;
use super::export_dialog::{CurrentFilter, ExportAsk, ExportDialog, ExportRequest};
use super::filter_bar::FilterBar;
use super::frame;
use super::import_dialog::{self, ImportAsk, ImportDialog, PlanRequest};
use super::import_review::{ImportReview, ReviewAnswer};
use super::inspector::{DraftOf, Inspector, MovedOn};
use super::jobs::{
    DialogAnswer, ExportInput, FileDone, FileWork, ImportWritten, Jobs, OriginalBytes,
};
use super::lookups::{Answer, Lookups};
use super::menu::MenuBar;
use super::notes::NotebookNotes;
use super::safety::{self, BackupsDialog, Refusal, RescueDialog, ShareDialog};
use super::search::{self, SearchPanel};
use super::session::{Session, SourceText};
use super::shown::Shown;
use super::source_view::{SourceDrafts, SourceView};
use super::sources::SourceList;
use super::status::Status;
use super::theme::{self, Theme};
use super::tracks::TracksPanel;
use super::view::{ChromeCtx, ViewCtx};
use super::welcome::Welcome;
use crate::action::{Action, ActionKind, Applied, Created, SourceFields};
use crate::extract::{self, Locale, Options};
use crate::model::date::Date;
use crate::model::filter::Filter;
use crate::model::{EventId, ExcerptId, NoteOwner, Notebook, SourceId};
use crate::store::{BackupPolicy, BackupReason, HitKind, ReadOnly, Store, StoreError, backups};
use crate::timeline::Timeline;

/// Most notebooks remembered in File ▸ Open recent.
const RECENT_LIMIT: usize = 10;
/// eframe storage key of the recent-notebooks list.
const RECENT_KEY: &str = "annals.recent";
/// Texts up to this many bytes are read for dates at once; longer ones on a
/// worker thread, so a 10 MB source opens without freezing the window (the
/// extractor reads about 1 MB in a few hundred milliseconds).
const SYNC_EXTRACT_MAX_BYTES: usize = 256 * 1024;
/// File name of the demo notebook, beside the default notebook.
pub const DEMO_FILE_NAME: &str = "Demo.annals";
/// How often the app looks for a native file dialog's answer.
const DIALOG_POLL: Duration = Duration::from_millis(50);
/// How often the app looks for finished file work (backups, copies).
const FILE_WORK_POLL: Duration = Duration::from_millis(100);
/// Notebooks larger than this are checked by SQLite in the background:
/// `quick_check` reads about 100 MB/s warm here (3.3 s for a million
/// events), so below 16 MB the check costs under a frame budget's tenfold
/// and its verdict can come before the first frame.
const CHECK_IN_BACKGROUND_ABOVE_BYTES: u64 = 16 * 1024 * 1024;
/// How often a frame looks for the background check's verdict.
const VERIFY_POLL: Duration = Duration::from_millis(100);
/// How long closing the window waits for a backup on close to finish.
const EXIT_BACKUP_WAIT: Duration = Duration::from_secs(30);

/// How the app was started.
#[derive(Debug, Clone)]
pub enum Startup {
    /// Open this file.
    Path(PathBuf),
    /// Open the default notebook, creating it with the demo on first run.
    Default(PathBuf),
    /// Start with no notebook.
    Empty,
}

/// The Annals window.
#[derive(Debug)]
pub struct AnnalsApp {
    session: Option<Session>,
    selected: Option<EventId>,
    recent: Vec<PathBuf>,
    left_tab: LeftTab,
    centre: Centre,
    menu: MenuBar,
    status: Status,
    dialogs: Dialogs,
    welcome: Welcome,
    events: EventList,
    sources: SourceList,
    notebook_notes: NotebookNotes,
    inspector: Inspector,
    timeline: Timeline,
    source_view: SourceView,
    jobs: Jobs,
    export: ExportDialog,
    import: ImportDialog,
    /// Files read for import, waiting for the user to say what is kept.
    import_review: ImportReview,
    /// Sources the user agreed to import, added one a frame.
    queued_sources: std::collections::VecDeque<Action>,
    /// The summary of the import read, shown once its sources are added.
    import_summary: Option<String>,
    /// The source whose kept original is being given a file name.
    original_to_save: Option<crate::model::SourceId>,
    /// What the import being written imports ("1,000 events").
    writing_import: Option<String>,
    commands: Vec<Command>,
    sent_title: Option<String>,
    last_apply_millis: Option<f64>,
    backup_policy: BackupPolicy,
    filter_bar: FilterBar,
    tracks_panel: TracksPanel,
    search: SearchPanel,
    /// The page of an entity, when one is open (issue 18).
    entity_page: super::entities::EntityPage,
    shown: Shown,
    lookups: Lookups,
    bulk: BulkPanel,
    /// Several selected events (empty when one or none is).
    multi: std::collections::HashSet<EventId>,
    /// The parents folded on the timeline: view state of the open notebook,
    /// never stored in it.
    folds: crate::timeline::brackets::Folds,
    /// Unsaved drafts of sources not open in the reader (they did not
    /// validate when the user moved on).
    source_drafts: std::collections::BTreeMap<SourceId, SourceDrafts>,
    /// Unsaved drafts of notebooks not open (kept when the user switched
    /// away, or recovered after a crash), offered back when each opens.
    kept: Vec<NotebookDrafts>,
    /// The fingerprint of the drafts last written to eframe's storage.
    stored_drafts: Option<u64>,
    /// The user's own notebook (the platform data folder), when started
    /// without a path.
    default_path: Option<PathBuf>,
    /// The event list's filter of each notebook open before in this run:
    /// a filter belongs to the notebook it was typed in.
    filters: std::collections::HashMap<PathBuf, String>,
    /// The Evidence window and its review (issue 19).
    evidence: EvidenceWindow,
    /// Its counts, for the status bar.
    evidence_summary: Option<String>,
}

/// Which forms the user is leaving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Leaving {
    /// The inspector's event (another event, a new one).
    Event,
    /// The event and the open source (another source, an excerpt).
    Source,
    /// Everything in the notebook (another notebook, closing).
    Notebook,
}

impl AnnalsApp {
    /// Starts the app, opening what `startup` names.
    #[must_use]
    pub fn new(startup: Startup, recent: Vec<PathBuf>) -> Self {
        let mut app = Self {
            session: None,
            selected: None,
            recent,
            left_tab: LeftTab::default(),
            centre: Centre::default(),
            menu: MenuBar::default(),
            status: Status::default(),
            dialogs: Dialogs::default(),
            welcome: Welcome,
            events: EventList::default(),
            sources: SourceList,
            notebook_notes: NotebookNotes::default(),
            inspector: Inspector::default(),
            timeline: Timeline::default(),
            source_view: SourceView::default(),
            jobs: Jobs::default(),
            export: ExportDialog::default(),
            import: ImportDialog::default(),
            import_review: ImportReview::default(),
            queued_sources: std::collections::VecDeque::new(),
            import_summary: None,
            original_to_save: None,
            writing_import: None,
            commands: Vec::new(),
            sent_title: None,
            last_apply_millis: None,
            backup_policy: BackupPolicy::DEFAULT,
            filter_bar: FilterBar::default(),
            tracks_panel: TracksPanel::default(),
            search: SearchPanel::default(),
            entity_page: super::entities::EntityPage::default(),
            shown: Shown::default(),
            lookups: Lookups::default(),
            bulk: BulkPanel::default(),
            multi: std::collections::HashSet::new(),
            folds: crate::timeline::brackets::Folds::default(),
            source_drafts: std::collections::BTreeMap::new(),
            kept: Vec::new(),
            stored_drafts: None,
            default_path: None,
            filters: std::collections::HashMap::new(),
            evidence: EvidenceWindow::default(),
            evidence_summary: None,
        };
        match startup {
            Startup::Path(path) => app.open(&path),
            Startup::Default(path) => app.open_default(&path),
            Startup::Empty => {}
        }
        app
    }

    /// An app on an already open store (tests, benchmarks).
    ///
    /// # Errors
    /// If the read model cannot be loaded.
    pub fn with_store(store: Store) -> Result<Self, StoreError> {
        let mut app = Self::new(Startup::Empty, Vec::new());
        app.session = Some(Session::new(store)?);
        Ok(app)
    }

    /// The read model, when a notebook is open.
    #[must_use]
    pub fn notebook(&self) -> Option<&Notebook> {
        self.session.as_ref().map(Session::notebook)
    }

    /// The open notebook's file.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.session.as_ref().and_then(Session::path)
    }

    /// The side panels' visibility (View ▸ Side panel, View ▸ Inspector).
    #[must_use]
    pub fn panels_shown(&self) -> (bool, bool) {
        (self.menu.show_left, self.menu.show_inspector)
    }

    /// The open notebook's store.
    #[must_use]
    pub fn store(&self) -> Option<&Store> {
        self.session.as_ref().map(Session::store)
    }

    /// The open notebook's store, to change it behind the read model's back
    /// (tests and benchmarks; an undo or redo brings the read model along).
    pub fn store_mut(&mut self) -> Option<&mut Store> {
        self.session.as_mut().map(Session::store_mut)
    }

    /// The selected event.
    #[must_use]
    pub fn selected(&self) -> Option<EventId> {
        self.selected
    }

    /// What the centre shows.
    #[must_use]
    pub fn centre(&self) -> Centre {
        self.centre
    }

    /// The source open in the reader.
    #[must_use]
    pub fn open_source(&self) -> Option<SourceId> {
        self.session
            .as_ref()
            .and_then(Session::open_text)
            .map(|t| t.id)
    }

    /// The reader panel.
    #[must_use]
    pub fn source_view(&self) -> &SourceView {
        &self.source_view
    }

    /// The reader panel, to select or type as the user would.
    pub fn source_view_mut(&mut self) -> &mut SourceView {
        &mut self.source_view
    }

    /// The inspector.
    #[must_use]
    pub fn inspector(&self) -> &Inspector {
        &self.inspector
    }

    /// The inspector, to type as the user would.
    pub fn inspector_mut(&mut self) -> &mut Inspector {
        &mut self.inspector
    }

    /// The event list.
    #[must_use]
    pub fn event_list(&self) -> &EventList {
        &self.events
    }

    /// The timeline.
    #[must_use]
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The events selected together (empty when one or none is).
    #[must_use]
    pub fn multi_selection(&self) -> &std::collections::HashSet<EventId> {
        &self.multi
    }

    /// The entity page (which entity it shows, if any).
    #[must_use]
    pub fn entity_page(&self) -> &super::entities::EntityPage {
        &self.entity_page
    }

    /// The search window.
    #[must_use]
    pub fn search(&self) -> &SearchPanel {
        &self.search
    }

    /// The filter in force.
    #[must_use]
    pub fn filter(&self) -> &Filter {
        &self.shown.filter
    }

    /// The parents folded on the timeline.
    #[must_use]
    pub fn folds(&self) -> &crate::timeline::brackets::Folds {
        &self.folds
    }

    /// The timeline, to set its view.
    pub fn timeline_mut(&mut self) -> &mut Timeline {
        &mut self.timeline
    }

    /// The status bar's message.
    #[must_use]
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// File ▸ Import….
    #[must_use]
    pub fn import_dialog(&self) -> &ImportDialog {
        &self.import
    }

    /// True while an import is read or written on its worker.
    #[must_use]
    pub fn import_busy(&self) -> bool {
        self.import.is_busy() || self.jobs.is_writing_import()
    }

    /// The open modal dialog.
    #[must_use]
    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialogs.open()
    }

    /// Recently opened notebooks, newest first.
    #[must_use]
    pub fn recent(&self) -> &[PathBuf] {
        &self.recent
    }

    /// Milliseconds the last action took from apply to refreshed read model.
    #[must_use]
    pub fn last_apply_millis(&self) -> Option<f64> {
        self.last_apply_millis
    }

    /// Sets when automatic backups are made (tests make them due at once).
    pub fn set_backup_policy(&mut self, policy: BackupPolicy) {
        self.backup_policy = policy;
    }

    /// File work (backups, restores, copies) still running.
    #[must_use]
    pub fn file_work_running(&self) -> usize {
        self.jobs.file_work_running()
    }

    /// Why the open notebook is read-only, in words, if it is.
    #[must_use]
    pub fn read_only(&self) -> Option<String> {
        let why = self.session.as_ref()?.store().read_only()?;
        Some(match why {
            ReadOnly::NotWritable(reason) => reason.clone(),
            ReadOnly::Requested => "it was opened read-only".to_owned(),
        })
    }

    /// Adds a one-time notice (fonts missing at start-up) to the status
    /// bar's message, keeping what it says already.
    pub fn notice(&mut self, notice: &str) {
        let text = self.status.text();
        let text = if text.is_empty() {
            notice.to_owned()
        } else {
            format!("{text} · {notice}")
        };
        self.status.info(text);
    }

    /// Queues a command for the end of the frame.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The user's own notebook, or on the first run (it does not exist
    /// yet) the demo in its own notebook beside it, so that the user's own
    /// starts clean. Both are created then; the welcome view offers both.
    fn open_default(&mut self, path: &Path) {
        self.default_path = Some(path.to_owned());
        if path.exists() {
            self.open(path);
            return;
        }
        if let Some(dir) = path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            self.status
                .error(format!("Could not create {}: {e}", dir.display()));
            return;
        }
        match Store::create(path) {
            Ok(store) => drop(store),
            Err(e) => {
                self.refused(path, &e);
                return;
            }
        }
        self.remember(path);
        self.open_demo();
        if self.session.is_some() {
            self.status.info(format!(
                "Welcome: this is the demo notebook — select an event to see its evidence. Your own notebook, {}, is empty: open it from File > Open recent",
                path.display()
            ));
        }
    }

    /// Where the demo notebook lives: beside the default notebook.
    fn demo_path(&self) -> Option<PathBuf> {
        let dir = self.default_path.as_deref()?.parent()?;
        Some(dir.join(DEMO_FILE_NAME))
    }

    /// Opens the demo notebook, creating it (filled with the demo) if need be.
    fn open_demo(&mut self) {
        let Some(path) = self.demo_path() else {
            return;
        };
        if path.exists() {
            self.open(&path);
            return;
        }
        let created = Store::create(&path).and_then(|mut store| {
            crate::demo::build(&mut store)?;
            Ok(store)
        });
        match created {
            Ok(store) => self.switch_to(store, &path),
            Err(e) => self.refused(&path, &e),
        }
    }

    fn open(&mut self, path: &Path) {
        if self.session.as_ref().and_then(Session::path) == Some(path) {
            return;
        }
        // A large file is checked in the background (its first frame does
        // not wait for SQLite to read every page); a small one at once, so
        // its verdict is there before anything is shown.
        let large =
            std::fs::metadata(path).is_ok_and(|m| m.len() > CHECK_IN_BACKGROUND_ABOVE_BYTES);
        let opened = if large {
            Store::open_or_read_only_deferred(path)
        } else {
            Store::open_or_read_only(path)
        };
        match opened {
            Ok(store) => self.switch_to(store, path),
            Err(e) => self.refused(path, &e),
        }
    }

    /// Takes the background check's verdict on the open notebook: a pass
    /// allows editing, a failure closes it with the refusal a damaged
    /// notebook gets at open.
    fn poll_verification(&mut self, ui: &Ui) {
        let Some((path, verdict)) = self.jobs.verdict() else {
            if self.jobs.is_verifying() {
                ui.ctx().request_repaint_after(VERIFY_POLL);
            }
            return;
        };
        ui.ctx().request_repaint();
        let Some(session) = self
            .session
            .as_mut()
            .filter(|s| s.path() == Some(path.as_path()))
        else {
            return;
        };
        if let Err(error) = session.store_mut().set_verified(verdict) {
            self.session = None;
            self.selected = None;
            self.multi.clear();
            self.inspector.reset();
            self.timeline = Timeline::default();
            self.folds = crate::timeline::brackets::Folds::default();
            self.shown = Shown::default();
            self.close_reader();
            self.refused(&path, &error);
        }
    }

    fn refused(&mut self, path: &Path, error: &StoreError) {
        let refusal = match error {
            StoreError::Corrupt { .. } => Some(Refusal::Damaged {
                // A folder listing, not a read of any backup.
                newest: backups::list(path).ok().and_then(|b| b.into_iter().next()),
            }),
            StoreError::ForeignSchema { objects, .. } => Some(Refusal::Foreign {
                objects: objects.clone(),
            }),
            _ => None,
        };
        if let Some(refusal) = refusal {
            let dialog = RescueDialog::new(path.to_owned(), refusal);
            self.status.error(dialog.sentence());
            self.dialogs.show(Dialog::Rescue(Box::new(dialog)));
            return;
        }
        self.dialogs.show(Dialog::Refused {
            title: format!(
                "Cannot open {}",
                path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
            reason: error.to_string(),
        });
        self.status
            .error(format!("Could not open {}: {error}", path.display()));
    }

    /// Keeps the open notebook's list filter for when it is opened again,
    /// and clears the list for the next one.
    fn put_filter_away(&mut self) {
        if let Some(path) = self.session.as_ref().and_then(Session::path) {
            let filter = self.events.filter().to_owned();
            self.filters.insert(path.to_owned(), filter);
        }
        self.events.set_filter(String::new());
    }

    fn switch_to(&mut self, store: Store, path: &Path) {
        let notices = store.notices().join(" ");
        let verifier = store.verifier();
        match Session::new(store) {
            Ok(session) => {
                self.leave_notebook();
                self.back_up_on_close();
                self.put_filter_away();
                self.events
                    .set_filter(self.filters.get(path).cloned().unwrap_or_default());
                self.session = Some(session);
                self.selected = None;
                self.inspector.reset();
                self.timeline = Timeline::default();
                self.folds = crate::timeline::brackets::Folds::default();
                self.shown = Shown::default();
                self.lookups.close();
                self.close_reader();
                self.remember(path);
                let mut message = format!("Opened {}", path.display());
                if let Some(why) = self.read_only() {
                    message = format!("Opened {} read-only: {why}", path.display());
                }
                if !notices.is_empty() {
                    message = format!("{message}. {}", super::capitalised(&notices));
                }
                if let Some(verifier) = verifier {
                    self.jobs.verify(path.to_owned(), verifier);
                    message =
                        format!("{message}; checking it for damage (editing waits for the check)");
                }
                self.status.info(message);
                self.offer_kept_drafts();
            }
            Err(e) => self.refused(path, &e),
        }
    }

    /// Before the notebook closes: saves what validates, and keeps the rest
    /// (by the notebook's path) to offer back when it is opened again.
    fn leave_notebook(&mut self) {
        if self.session.is_none() {
            return;
        }
        self.move_on(Leaving::Notebook);
        if let Some(form) = self.dialogs.add_source_form().cloned()
            && let Ok(action) = form.action()
        {
            let _ = self.dialogs.take_add_source();
            self.save_draft(&action);
        }
        if let Some(left) = self.live_drafts() {
            self.kept.retain(|k| k.notebook != left.notebook);
            self.kept.push(left);
        }
        let _ = self.dialogs.take_add_source();
        self.source_drafts.clear();
        self.inspector.reset();
        self.inspector.notes_mut().reset();
        self.notebook_notes.notes_mut().reset();
    }

    /// True when anything typed is unsaved or kept (cheap: asked every
    /// frame by eframe's autosave).
    fn has_drafts(&self) -> bool {
        !self.kept.is_empty()
            || !self.source_drafts.is_empty()
            || self.inspector.holds_drafts()
            || self.source_view.is_editing()
            || self.notebook_notes.notes().is_editing()
            || self.dialogs.add_source_form().is_some()
    }

    /// The open notebook's path as drafts are kept under it.
    fn drafts_key(&self) -> Option<PathBuf> {
        let path = self.session.as_ref()?.path()?;
        Some(path.canonicalize().unwrap_or_else(|_| path.to_owned()))
    }

    /// Everything typed and not saved in the open notebook.
    fn live_drafts(&self) -> Option<NotebookDrafts> {
        let notebook = self.drafts_key()?;
        let session = self.session.as_ref()?;
        let mut sources: Vec<(SourceId, SourceDrafts)> = self
            .source_drafts
            .iter()
            .map(|(id, d)| (*id, d.clone()))
            .collect();
        if let Some(open) = session.open_text()
            && let Some(source) = session.notebook().source(open.id)
        {
            let open_drafts = self.source_view.drafts(source, open.body);
            if open_drafts != SourceDrafts::default() {
                sources.retain(|(id, _)| *id != open.id);
                sources.push((open.id, open_drafts));
            }
        }
        let drafts = NotebookDrafts {
            notebook,
            events: self.inspector.drafts(),
            notes: self
                .inspector
                .notes()
                .draft()
                .into_iter()
                .chain(self.notebook_notes.notes().draft())
                .collect(),
            sources,
            new_source: self.dialogs.add_source_form().cloned(),
        };
        (!drafts.is_empty()).then_some(drafts)
    }

    /// Every unsaved draft, of the open notebook and of others, as it is
    /// kept in eframe's storage so that it survives a crash.
    #[must_use]
    pub fn drafts(&self) -> Vec<NotebookDrafts> {
        let live = self.live_drafts();
        let mut all: Vec<NotebookDrafts> = self
            .kept
            .iter()
            .filter(|k| live.as_ref().is_none_or(|l| l.notebook != k.notebook))
            .cloned()
            .collect();
        all.extend(live);
        all
    }

    /// Takes drafts kept from an earlier run (after a crash, or a window
    /// closed with a draft that did not validate); those of the open
    /// notebook come back at once, the others when their notebook opens.
    pub fn recover_drafts(&mut self, drafts: Vec<NotebookDrafts>) {
        self.kept = drafts;
        self.offer_kept_drafts();
    }

    /// Brings back the drafts kept for the notebook just opened, marked
    /// unsaved, and says so in the status bar.
    fn offer_kept_drafts(&mut self) {
        let Some(key) = self.drafts_key() else {
            return;
        };
        let Some(at) = self.kept.iter().position(|k| k.notebook == key) else {
            return;
        };
        let kept = self.kept.remove(at);
        let Some(session) = &self.session else {
            return;
        };
        let notebook = session.notebook();
        let summary = kept.summary(notebook);
        let note_body = |note: &super::notes::NoteDraft| match note.editing {
            super::notes::Editing::Note(id) => notebook
                .notes
                .iter()
                .find(|n| n.id == id)
                .map(|n| n.body.clone()),
            super::notes::Editing::New(_) => Some(String::new()),
        };
        let first_event = kept.events.iter().find_map(|(of, _)| match of {
            DraftOf::Event(id) if notebook.event(*id).is_some() => Some(*id),
            _ => None,
        });
        let new_event = kept.events.iter().any(|(of, _)| *of == DraftOf::New);
        for note in &kept.notes {
            let Some(original) = note_body(note) else {
                continue;
            };
            let owner = match note.editing {
                super::notes::Editing::New(owner) => Some(owner),
                super::notes::Editing::Note(id) => {
                    notebook.notes.iter().find(|n| n.id == id).map(|n| n.owner)
                }
            };
            match owner {
                Some(crate::model::NoteOwner::Notebook) => {
                    self.notebook_notes
                        .notes_mut()
                        .restore(note.clone(), original);
                }
                Some(_) => self.inspector.notes_mut().restore(note.clone(), original),
                None => {}
            }
        }
        let sources: Vec<(SourceId, SourceDrafts)> = kept
            .sources
            .into_iter()
            .filter(|(id, _)| notebook.source(*id).is_some())
            .collect();
        self.inspector.restore(kept.events);
        self.inspector.forget_missing(notebook);
        let first_source = sources.first().map(|(id, _)| *id);
        self.source_drafts.extend(sources);
        if let Some(id) = first_source {
            self.show_source(id, None);
        }
        if new_event {
            self.inspector.create(None);
        } else if let Some(id) = first_event {
            self.select(Some(id));
        }
        if let Some(form) = kept.new_source {
            self.dialogs
                .show(super::dialogs::Dialog::AddSource(Box::new(form)));
        }
        self.status.info(format!(
            "Recovered unsaved work from the last session: {summary}. It is marked unsaved: save it, or throw it away with Escape."
        ));
    }

    /// The user moves on from what `leaving` covers: every form's typed
    /// work is saved as its own undoable step ("Saved 'X' — Undo"), and a
    /// draft that does not validate is kept, marked unsaved, for when the
    /// user comes back to it.
    fn move_on(&mut self, leaving: Leaving) {
        if self.session.is_none() {
            return;
        }
        let mut saves: Vec<Action> = Vec::new();
        let mut kept: Vec<String> = Vec::new();
        match self.inspector.move_on() {
            MovedOn::Clean => {}
            MovedOn::Save(action) => saves.push(*action),
            MovedOn::Kept { title, reason } => kept.push(format!("'{title}' ({reason})")),
        }
        saves.extend(self.inspector.notes_mut().move_on());
        if leaving >= Leaving::Source
            && let Some(session) = &self.session
            && let Some(open) = session.open_text()
            && let Some(source) = session.notebook().source(open.id)
        {
            let (actions, not_saved) = self.source_view.move_on(source, open.body);
            saves.extend(actions);
            if let Some(reason) = not_saved {
                kept.push(format!("the details of '{}' ({reason})", source.title));
                let drafts = self.source_view.drafts(source, open.body);
                self.source_drafts.insert(open.id, drafts);
            }
        }
        if leaving == Leaving::Notebook {
            saves.extend(self.notebook_notes.notes_mut().move_on());
        }
        for action in &saves {
            self.save_draft(action);
        }
        if !kept.is_empty() {
            self.status.error(format!(
                "Kept unsaved: {} — it comes back, marked unsaved, when you return to it",
                kept.join(", ")
            ));
        }
    }

    /// Applies a draft the user moved on from and says "Saved 'X' — Undo".
    fn save_draft(&mut self, action: &Action) {
        if let Some(applied) = self.apply_action(action) {
            self.status
                .offer_undo(format!("Saved '{}'", applied.subject));
        }
    }

    /// The window is closing: what validates is saved; the rest is kept in
    /// eframe's storage (see [`Self::drafts`]) and offered back next time.
    pub fn window_closing(&mut self) {
        if self.session.is_none() {
            return;
        }
        // An import being written finishes first: drafts are saved to the
        // notebook's own store, not the stand-in.
        self.finish_write_now();
        self.move_on(Leaving::Notebook);
        if let Some(form) = self.dialogs.add_source_form().cloned()
            && let Ok(action) = form.action()
        {
            let _ = self.dialogs.take_add_source();
            self.save_draft(&action);
        }
    }

    fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }

    /// Draws one frame and then carries out what the widgets asked for.
    pub fn show(&mut self, ui: &mut Ui) {
        if ui.input(|i| i.viewport().close_requested()) {
            self.window_closing();
        }
        let modal = self.dialogs.open().is_some() || self.import.is_open();
        frame::shortcuts(ui, modal, &mut self.commands);
        self.update_title(ui);
        let theme = Theme::of(ui);
        let mut out = std::mem::take(&mut self.commands);
        let chrome = ChromeCtx {
            open: self.session.is_some(),
            event_count: self
                .session
                .as_ref()
                .map_or(0, |s| s.notebook().events.len()),
            shown_count: self.shown.count,
            undo_label: self.session.as_ref().and_then(Session::undo_label),
            redo_label: self.session.as_ref().and_then(Session::redo_label),
            selected: self.selected,
            recent: &self.recent,
            default_path: self.default_path.as_deref(),
            import_progress: self.jobs.import_progress(),
            export_progress: self.jobs.export_progress(),
            theme,
            evidence: self.evidence_summary.as_deref(),
        };
        self.menu.ui(ui, &chrome, &mut out);
        if let Some(why) = self.read_only() {
            safety::read_only_banner(ui, &why, &theme);
        }
        self.status.ui(ui, &chrome, &mut out);
        match &self.session {
            Some(session) => {
                let ctx = ViewCtx {
                    notebook: session.notebook(),
                    generation: session.generation(),
                    selected: self.selected,
                    theme,
                    open_source: session.open_text(),
                    modal,
                    filter: &self.shown.filter,
                    shown: self
                        .shown
                        .mask
                        .as_ref()
                        .map(|m| (self.shown.key, m.as_slice())),
                    filter_error: self.shown.error.as_deref(),
                    multi: &self.multi,
                    folds: &self.folds,
                };
                let width = ui.max_rect().width();
                let (min, max, first) = theme::side_panel_widths(
                    width,
                    theme::SIDE_PANEL_MIN_WIDTH_POINTS,
                    theme::EVENT_LIST_DEFAULT_WIDTH_POINTS,
                );
                egui::Panel::left("event_list")
                    .resizable(true)
                    .default_size(first)
                    .size_range(min..=max)
                    .show_collapsible(ui, &mut self.menu.show_left, |ui| {
                        frame::left_panel(
                            ui,
                            &ctx,
                            &mut self.left_tab,
                            (
                                &mut self.filter_bar,
                                &mut self.events,
                                &mut self.sources,
                                &mut self.notebook_notes,
                                &mut self.tracks_panel,
                            ),
                            &mut out,
                        );
                    });
                let (min, max, first) = theme::side_panel_widths(
                    width,
                    theme::INSPECTOR_MIN_WIDTH_POINTS,
                    theme::INSPECTOR_DEFAULT_WIDTH_POINTS,
                );
                egui::Panel::right("inspector")
                    .resizable(true)
                    .default_size(first)
                    .size_range(min..=max)
                    .show_collapsible(ui, &mut self.menu.show_inspector, |ui| {
                        if self.multi.len() > 1 {
                            self.bulk.ui(ui, &ctx, &mut out);
                        } else {
                            self.inspector.ui(ui, &ctx, &mut out);
                        }
                    });
                egui::CentralPanel::default().show(ui, |ui| {
                    frame::centre_panel(
                        ui,
                        &ctx,
                        &mut self.centre,
                        (&mut self.source_view, &mut self.timeline),
                        &mut out,
                    );
                });
                self.entity_page.ui(ui, &ctx, &mut out);
            }
            None => {
                egui::CentralPanel::default().show(ui, |ui| self.welcome.ui(ui, &chrome, &mut out));
            }
        }
        frame::receive_dropped_files(ui, self.session.is_some(), &mut out);
        self.dialogs.ui(ui, &theme, &mut out);
        // Once every file is read, the user says which originals are kept.
        if self.session.is_some() && !self.jobs.is_importing() {
            match self.import_review.ui(ui, &theme) {
                Some(ReviewAnswer::Import(actions)) => self.queued_sources.extend(actions),
                Some(ReviewAnswer::Cancel(n)) => {
                    self.import_summary = None;
                    self.status.info(format!(
                        "Cancelled the import of {n} file(s); nothing was added."
                    ));
                }
                None => {}
            }
        }
        if self.session.is_some() {
            match self.import.ui(ui, &theme) {
                Some(ImportAsk::Browse) => out.push(Command::ChooseFile(FilePurpose::ImportFile)),
                Some(ImportAsk::Plan(request)) => self.start_plan(request),
                Some(ImportAsk::Write { action, what }) => self.start_write(*action, what),
                None => {}
            }
        }
        self.search.ui(ui, &theme, &mut out);
        if let Some(session) = &self.session {
            self.evidence.ui(ui, session.notebook(), &theme, &mut out);
        }
        if let Some(session) = &self.session {
            let name = session.name();
            let running = self.jobs.export_progress().is_some();
            let context = (session.notebook(), name.as_str(), &self.timeline.view);
            let current = CurrentFilter {
                filter: &self.shown.filter,
                text_hits: self.shown.text_hits.as_ref(),
                shown: self
                    .shown
                    .count
                    .unwrap_or_else(|| session.notebook().events.len()),
            };
            match self.export.ui(ui, &theme, context, &current, running) {
                Some(ExportAsk::Browse) => out.push(Command::ChooseFile(FilePurpose::Export)),
                Some(ExportAsk::Start(request)) => self.start_export(*request),
                None => {}
            }
        }
        self.menu.shortcuts_window(ui);
        for command in out {
            self.run(command, ui);
        }
        self.refresh_shown(ui);
        self.refresh_evidence(ui);
        self.poll_jobs(ui);
        self.poll_verification(ui);
        self.poll_file_work(ui);
        self.back_up_if_due(ui);
    }

    /// Opens what a search hit names.
    fn open_hit(&mut self, kind: HitKind, id: i64) {
        let Some(session) = &self.session else {
            return;
        };
        match kind {
            HitKind::Event => {
                self.centre = Centre::Timeline;
                self.select(Some(EventId(id)));
            }
            HitKind::Excerpt => self.open_excerpt(ExcerptId(id)),
            HitKind::Source => self.show_source(SourceId(id), None),
            HitKind::Note => {
                let owner = session
                    .notebook()
                    .notes
                    .iter()
                    .find(|n| n.id.0 == id)
                    .map(|n| n.owner);
                match owner {
                    Some(NoteOwner::Event(event)) => {
                        self.centre = Centre::Timeline;
                        self.select(Some(event));
                    }
                    Some(NoteOwner::Source(source)) => self.show_source(source, None),
                    Some(NoteOwner::Notebook) => self.left_tab = LeftTab::Notes,
                    None => {}
                }
            }
        }
    }

    /// Starts working out what the filter keeps when the filter or the read
    /// model changed, takes the look-ups' answers, and goes on with the work
    /// (a slice of it a frame); the timeline gets the result when it is
    /// complete. The text part asks the store's index once per change, not
    /// per frame, on the search worker when the notebook has a file.
    fn refresh_shown(&mut self, ui: &Ui) {
        let Some(session) = &self.session else {
            return;
        };
        let generation = session.generation();
        let notebook = session.notebook();
        if self.shown.generation != Some(generation) {
            self.shown.generation = Some(generation);
            // Deleted events leave the selection.
            self.multi.retain(|id| notebook.event(*id).is_some());
            if self.multi.len() == 1 {
                self.multi.clear();
            }
            self.shown
                .start(notebook, session.store(), &mut self.lookups);
        }
        for answer in self.lookups.poll() {
            match answer {
                Answer::Search { query, page, .. } => self.search.answer(&query, page),
                Answer::Filter { seq, hits } => self.shown.text_answer(notebook, seq, hits),
            }
        }
        self.shown.step(notebook);
        if self.shown.take_fresh() {
            self.timeline
                .set_shown(self.shown.mask.clone().map(|m| (self.shown.key, m)));
        }
        if self.shown.busy() || self.lookups.pending() {
            ui.ctx().request_repaint();
        }
    }

    /// True while the filter's new result is being worked out (the last
    /// one is shown meanwhile): its flags, or the timeline's lanes.
    #[must_use]
    pub const fn filter_pending(&self) -> bool {
        self.shown.busy() || self.timeline.filter_pending()
    }

    /// True while the search window waits for its answer.
    #[must_use]
    pub const fn search_pending(&self) -> bool {
        self.lookups.search_pending()
    }

    fn update_title(&mut self, ui: &Ui) {
        let title = match &self.session {
            Some(session) => format!("{} — Annals", session.name()),
            None => "Annals".to_owned(),
        };
        if self.sent_title.as_deref() != Some(title.as_str()) {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.sent_title = Some(title);
        }
    }

    fn run(&mut self, command: Command, ui: &Ui) {
        if self.jobs.is_writing_import() {
            self.status
                .error("An import is being written; wait for it to finish.");
            return;
        }
        if command.edits()
            && let Some(why) = self.read_only()
        {
            self.status.error(format!(
                "This notebook is read-only ({why}); nothing was changed."
            ));
            return;
        }
        match command {
            Command::ShowEvidence => {
                if self.session.is_some() {
                    self.evidence.open();
                }
            }
            Command::OpenSearch => {
                if self.session.is_some() {
                    self.search.open();
                }
            }
            Command::Find => {
                let reading = self.centre == Centre::Reader && self.open_source().is_some();
                // A second Ctrl+F in the reader's find bar searches the
                // whole notebook.
                if reading && !self.source_view.find_focused(ui) {
                    self.source_view.open_find();
                } else if self.session.is_some() {
                    self.search.open();
                }
            }
            Command::Search(query) => {
                if let Some(session) = &self.session {
                    self.lookups.search(session.store(), &query, search::PAGE);
                }
            }
            Command::OpenHit(kind, id) => self.open_hit(kind, id),
            Command::SetFilter(filter) => {
                self.shown.filter = filter;
                self.shown.generation = None;
                self.refresh_shown(ui);
            }
            Command::SaveView(name) => {
                let view = &self.timeline.view;
                let day = |seconds: f64| (seconds / 86_400.0).floor() as i64;
                let range = Some((day(view.start), day(view.end()).max(day(view.start))));
                self.apply(&Action::SaveView {
                    name,
                    filter: self.shown.filter.clone(),
                    range,
                });
            }
            Command::ShowRange((start, end)) => {
                let mut view = self.timeline.view;
                view.fit(start as f64 * 86_400.0, (end + 1) as f64 * 86_400.0);
                self.timeline.set_view(view);
            }
            Command::Apply(action) => {
                // A new event from the reader takes the inspector: what was
                // typed there is saved first.
                if matches!(*action, Action::CreateEventFromExcerpt { .. }) {
                    self.move_on(Leaving::Event);
                }
                self.apply(&action);
            }
            Command::Undo => self.undo_redo(true),
            Command::Redo => self.undo_redo(false),
            Command::Select(id) => {
                if id != self.selected || self.inspector.draft_of() == Some(DraftOf::New) {
                    self.move_on(Leaving::Event);
                }
                self.multi.clear();
                self.select(id);
            }
            Command::SelectMany(ids) => {
                self.move_on(Leaving::Event);
                self.select(ids.last().copied());
                self.multi = if ids.len() > 1 {
                    ids.into_iter().collect()
                } else {
                    std::collections::HashSet::new()
                };
            }
            Command::NewEvent { date } => {
                if self.session.is_some() {
                    self.move_on(Leaving::Event);
                    self.inspector.create(date);
                    self.menu.show_inspector = true;
                }
            }
            Command::DeleteSelected => {
                if let Some(id) = self.selected {
                    self.apply(&Action::DeleteEvent(id));
                }
            }
            Command::ChooseFile(purpose) => {
                // A native dialog answers in poll_jobs; without one, the
                // Import dialog has its own path field.
                if !self.jobs.choose_file(purpose) {
                    if purpose == FilePurpose::ImportFile {
                        self.import.note(Dialogs::no_native_dialog(purpose));
                    } else {
                        self.dialogs
                            .ask_path(purpose, Dialogs::no_native_dialog(purpose));
                    }
                }
            }
            Command::Open(path) => self.open(&path),
            Command::OpenDemo => self.open_demo(),
            Command::Create(path) => match Store::create(&path) {
                Ok(store) => self.switch_to(store, &path),
                Err(e) => self.refused(&path, &e),
            },
            Command::SaveCopy(path) => {
                if let Some(session) = &self.session {
                    match session.save_copy(&path) {
                        Ok(()) => self
                            .status
                            .info(format!("Saved a copy as {}", path.display())),
                        Err(e) => self.status.error(format!("Could not save a copy: {e}")),
                    }
                }
            }
            Command::ChooseOriginalTarget(source) => {
                let name = self
                    .session
                    .as_ref()
                    .and_then(|s| s.notebook().source(source))
                    .and_then(|s| s.file.as_ref())
                    .map(|f| f.name.clone());
                self.original_to_save = Some(source);
                let purpose = FilePurpose::SaveOriginal;
                if !self.jobs.choose_file_named(purpose, name) {
                    self.dialogs
                        .ask_path(purpose, Dialogs::no_native_dialog(purpose));
                }
            }
            Command::SaveOriginal(target) => self.save_original(target),
            Command::ShowExport => {
                let folder = self
                    .session
                    .as_ref()
                    .and_then(|s| s.path())
                    .and_then(Path::parent)
                    .map(Path::to_owned);
                self.export.show(folder.as_deref());
            }
            Command::ExportPath(path) => self.export.set_path(&path),
            Command::CancelExport => self.jobs.cancel_export(),
            Command::Close => {
                self.lookups.close();
                self.leave_notebook();
                self.back_up_on_close();
                self.put_filter_away();
                self.close_reader();
                self.session = None;
                self.selected = None;
                self.inspector.clear();
                self.status.info("Closed the notebook");
            }
            Command::AddSource => self.dialogs.show(Dialog::AddSource(Box::default())),
            Command::OpenSource(id) => self.show_source(id, None),
            Command::OpenExcerpt(id) => self.open_excerpt(id),
            Command::Import(paths) => self.import_files(paths, ui),
            Command::ShowImport(path) => self.show_import(path.as_deref()),
            Command::ReadDates { source, published } => self.read_dates(source, published),
            Command::Centre(centre) => self.centre = centre,
            Command::ToggleFold(id) => self.folds.toggle(id),
            Command::LeftTab(tab) => self.left_tab = tab,
            Command::InspectorHint(hint) => self.inspector.hint(hint),
            Command::ShowBackups => self.show_backups(),
            Command::BackUpNow => self.back_up_now(),
            Command::RestoreBackup(backup) => self.restore(Some(backup)),
            Command::RestoreLatest(notebook) => {
                self.status.info(format!(
                    "Restoring the latest good backup of {}…",
                    notebook.display()
                ));
                self.jobs.file_work(FileWork::Restore {
                    notebook,
                    backup: None,
                });
            }
            Command::Salvage { damaged, out } => {
                self.status
                    .info(format!("Salvaging {}…", damaged.display()));
                self.jobs.file_work(FileWork::Salvage { damaged, out });
            }
            Command::Repair { notebook, out } => {
                self.status
                    .info(format!("Repairing {}…", notebook.display()));
                self.jobs.file_work(FileWork::Repair { notebook, out });
            }
            Command::OpenEntity(id) => {
                if let Some(session) = &self.session {
                    self.entity_page.open(session.notebook(), id);
                }
            }
            Command::ShowShareCopy => {
                if let Some(session) = &self.session {
                    let dialog = ShareDialog::new(session.path());
                    self.dialogs.show(Dialog::Share(Box::new(dialog)));
                }
            }
            Command::ShareCopy {
                out,
                without_notes,
                replace,
            } => self.share_copy(out, without_notes, replace),
            Command::EditSelected => {
                if self.selected.is_some() {
                    self.inspector.focus_title();
                    self.menu.show_inspector = true;
                }
            }
        }
        ui.ctx().request_repaint();
    }

    fn select(&mut self, id: Option<EventId>) {
        self.selected = id;
        match (id, &self.session) {
            (Some(id), Some(session)) => {
                // Selecting the event being edited again keeps its edits.
                if self.inspector.mode() != super::inspector::Mode::Edit(id) {
                    self.inspector.edit(session.notebook(), id);
                }
                self.events.scroll_to(id);
                self.timeline.reveal(id);
            }
            _ => self.inspector.clear(),
        }
    }

    /// Opens a source in the reader, optionally scrolled to a passage that
    /// is briefly flashed.
    fn show_source(&mut self, id: SourceId, passage: Option<(usize, usize)>) {
        self.move_on(if self.open_source() == Some(id) {
            Leaving::Event
        } else {
            Leaving::Source
        });
        let Some(session) = &mut self.session else {
            return;
        };
        match session.open_source(id) {
            Ok(true) => {
                self.source_view = SourceView::default();
                self.jobs.cancel_dates();
                if let Some(drafts) = self.source_drafts.remove(&id) {
                    let original = drafts
                        .note
                        .as_ref()
                        .and_then(|n| match n.editing {
                            super::notes::Editing::Note(note) => session
                                .notebook()
                                .notes
                                .iter()
                                .find(|x| x.id == note)
                                .map(|x| x.body.clone()),
                            super::notes::Editing::New(_) => None,
                        })
                        .unwrap_or_default();
                    self.source_view.restore(drafts, original);
                }
            }
            Ok(false) => {}
            Err(e) => {
                self.status.error(format!("Could not open the source: {e}"));
                return;
            }
        }
        if let Some((start, end)) = passage {
            self.source_view
                .reader_mut()
                .scroll_to(start, Some((start, end)));
        }
        self.centre = Centre::Reader;
    }

    fn open_excerpt(&mut self, id: ExcerptId) {
        let excerpt = self
            .notebook()
            .and_then(|n| n.excerpt(id))
            .map(|x| (x.source, x.start, x.end));
        if let Some((source, start, end)) = excerpt {
            self.show_source(source, Some((start, end)));
        }
    }

    fn close_reader(&mut self) {
        if let Some(session) = &mut self.session {
            session.close_source();
        }
        self.source_view = SourceView::default();
        self.jobs.cancel_dates();
        self.centre = Centre::Timeline;
    }

    /// What a change did to the open source's text, carried to the reader.
    fn source_text(&mut self, text: SourceText) {
        match text {
            SourceText::Kept => {}
            SourceText::Changed => {
                self.source_view.text_changed();
                self.jobs.cancel_dates();
            }
            SourceText::Gone => self.close_reader(),
        }
    }

    /// After the read model changed: the selection is dropped if its event
    /// is gone, else the inspector catches up (keeping unsaved edits unless
    /// `own_save`).
    fn follow_selection(&mut self, own_save: bool) {
        let (Some(id), Some(session)) = (self.selected, &self.session) else {
            return;
        };
        if session.notebook().event(id).is_none() {
            self.selected = None;
            self.inspector.clear();
        } else {
            self.inspector.reload(session.notebook(), id, own_save);
        }
    }

    /// Applies an action, patches the read model and reports in the status bar.
    pub fn apply(&mut self, action: &Action) {
        let _ = self.apply_action(action);
    }

    /// Writes the kept original of the source last asked for to `target`,
    /// on a worker.
    fn save_original(&mut self, target: PathBuf) {
        let (Some(session), Some(source)) = (&self.session, self.original_to_save.take()) else {
            return;
        };
        if self.jobs.is_saving_original() {
            self.status
                .error("An original file is being saved; try again when it is done.");
            return;
        }
        let store = session.store();
        let from = match store.original_reader(source) {
            Some(reader) => OriginalBytes::Reader(reader),
            // A notebook in memory has no file another connection could read.
            None => match store.original(source) {
                Ok(bytes) => OriginalBytes::Read(bytes),
                Err(e) => {
                    self.status
                        .error(format!("Could not save the original file: {e}"));
                    return;
                }
            },
        };
        self.jobs.save_original(source, from, target);
    }

    /// [`Self::apply`], handing back what was applied.
    fn apply_action(&mut self, action: &Action) -> Option<Applied> {
        // When the selected event is, to follow it if the action moves it.
        let selected_at = self.selected_sort_key();
        let Some(session) = &mut self.session else {
            return None;
        };
        let published_before = match action {
            Action::UpdateSource { id, fields } => session
                .notebook()
                .source(*id)
                .and_then(|s| s.published.clone())
                .filter(|old| fields.published.as_ref().is_some_and(|new| new != old)),
            _ => None,
        };
        let started = Instant::now();
        let result = session.apply(action);
        self.last_apply_millis = Some(started.elapsed().as_secs_f64() * 1000.0);
        let (applied, text) = match result {
            Ok(done) => done,
            Err(e) => {
                self.status.error(format!("Could not save: {e}"));
                return None;
            }
        };
        self.source_text(text);
        if matches!(
            applied.kind,
            ActionKind::UpdateSource
                | ActionKind::CreateSource
                | ActionKind::DeleteSource
                | ActionKind::ImportNotebook
                | ActionKind::Batch
        ) {
            self.evidence.forget_dates();
        }
        match applied.created {
            Some(Created::Event(id) | Created::EventWithExcerpt(id, _)) => {
                self.selected = Some(id);
                if let Some(session) = &self.session {
                    self.inspector.edit(session.notebook(), id);
                }
                self.events.scroll_to(id);
            }
            _ => {
                // The user's own save replaces the buffer; other changes
                // keep unsaved edits.
                let own_save =
                    matches!(action, Action::UpdateEvent { id, .. } if Some(*id) == self.selected);
                self.follow_selection(own_save);
                self.follow_if_moved(selected_at);
            }
        }
        self.status.offer_undo(match applied.kind {
            ActionKind::DeleteEvent => format!("Deleted '{}'", applied.subject),
            _ => super::capitalised(&applied.label),
        });
        if let Some(Created::Source(id)) = applied.created
            && !self.jobs.is_importing()
        {
            self.show_source(id, None);
        }
        if let (Some(old), Action::UpdateSource { id, fields }) = (&published_before, action) {
            self.offer_recheck(*id, old, fields);
        }
        Some(applied)
    }

    /// After a source's publication date changed: the reader re-reads its
    /// dates by itself; events dated from its relative expressions are
    /// offered for re-checking (texts too long to read at once are left to
    /// the user, with a word in the status bar).
    fn offer_recheck(&mut self, id: SourceId, old: &Date, fields: &SourceFields) {
        let (Some(session), Some(new)) = (&self.session, &fields.published) else {
            return;
        };
        let notebook = session.notebook();
        let Some(source) = notebook.source(id) else {
            return;
        };
        let linked = notebook
            .excerpts_of_source(id)
            .any(|x| !notebook.events_of_excerpt(x.id).is_empty());
        if !linked {
            return;
        }
        if fields.body.len() > SYNC_EXTRACT_MAX_BYTES {
            self.status.info(format!(
                "The publication date of '{}' changed: re-check the events dated from its relative expressions (“last month”, “in September”)",
                source.title
            ));
            return;
        }
        let found = super::source_view::rechecks(notebook, source, &fields.body, (old, new));
        // The reader lists them; the status bar keeps its Undo offer.
        if !found.is_empty() {
            if self.open_source() != Some(id) {
                self.show_source(id, None);
            }
            self.source_view.offer_recheck(found);
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let selected_at = self.selected_sort_key();
        let Some(session) = &mut self.session else {
            return;
        };
        match session.undo_redo(undo) {
            Ok((label, text)) => {
                self.evidence.forget_dates();
                let verb = if undo { "Undid" } else { "Redid" };
                self.status.info(format!("{verb} {label}"));
                self.follow_selection(false);
                self.follow_if_moved(selected_at);
                self.source_text(text);
            }
            Err(StoreError::NothingTo(what)) => self.status.info(format!("Nothing to {what}")),
            Err(e) => self.status.error(format!(
                "Could not {}: {e}",
                if undo { "undo" } else { "redo" }
            )),
        }
    }

    /// Where the selected event sorts (its date's sort key).
    fn selected_sort_key(&self) -> Option<i64> {
        let notebook = self.session.as_ref()?.notebook();
        Some(notebook.event(self.selected?)?.date.sort_key())
    }

    /// Scrolls the list to the selected event when the last change (a date
    /// edit, its undo or redo) moved it in time: `before` is where it
    /// sorted before. Events that merely shift (one added or deleted
    /// before it) leave the list where it is.
    fn follow_if_moved(&mut self, before: Option<i64>) {
        if let Some(id) = self.selected
            && before.is_some()
            && self
                .selected_sort_key()
                .is_some_and(|now| Some(now) != before)
        {
            self.events.scroll_to(id);
        }
    }

    /// Reads the open source's dates against `published`: at once for a
    /// short text, as a job for a long one.
    fn read_dates(&mut self, source: SourceId, published: Date) {
        let Some(open) = self
            .session
            .as_ref()
            .and_then(Session::open_text)
            .filter(|open| open.id == source)
        else {
            return;
        };
        let edtf = published.edtf().to_owned();
        match Options::new(published, Locale::default()) {
            Err(_) => self.source_view.land_dates(&edtf, Vec::new()),
            Ok(options) if open.body.len() <= SYNC_EXTRACT_MAX_BYTES => {
                let found = extract::extract(open.body, &options);
                self.source_view.land_dates(&edtf, found);
            }
            Ok(options) => self.jobs.read_dates(source, open.body.to_owned(), options),
        }
    }

    /// Starts a backup of the notebook being closed when it changed since
    /// its last backup.
    fn back_up_on_close(&mut self) {
        let Some(store) = self.session.as_ref().map(Session::store) else {
            return;
        };
        if !store.changed_since_backup() || store.read_only().is_some() {
            return;
        }
        let edits = store.edits_since_backup();
        match store.file() {
            Ok(Some(file)) => {
                self.jobs.file_work(FileWork::Backup {
                    file,
                    reason: BackupReason::OnClose,
                    edits,
                });
            }
            Ok(None) => {}
            Err(e) => self.status.error(format!("Could not back up: {e}")),
        }
    }

    /// Starts an automatic backup once the policy's minutes of editing
    /// have passed, and wakes the app up when they will have.
    fn back_up_if_due(&mut self, ui: &Ui) {
        if self.jobs.is_writing_import() {
            return;
        }
        let Some(store) = self.session.as_ref().map(Session::store) else {
            return;
        };
        // One piece of file work at a time: a copy under way is waited for
        // (and a worker that died leaves nothing behind to wait for).
        if self.jobs.file_work_running() > 0 || store.read_only().is_some() {
            return;
        }
        match store.backup_due_in(&self.backup_policy) {
            None => {}
            Some(wait) if !wait.is_zero() => ui.ctx().request_repaint_after(wait),
            Some(_) => {
                let edits = store.edits_since_backup();
                if let Ok(Some(file)) = store.file() {
                    self.jobs.file_work(FileWork::Backup {
                        file,
                        reason: BackupReason::Automatic,
                        edits,
                    });
                }
            }
        }
    }

    fn show_backups(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let listed = session
            .store()
            .backups()
            .map_err(|e| format!("Could not list the backups: {e}"));
        let listed = match session.path() {
            Some(_) => listed,
            None => Err("This notebook lives in memory only and has no backups.".to_owned()),
        };
        let folder = session
            .path()
            .map(|p| backups::folder(p).display().to_string())
            .unwrap_or_default();
        let dialog = BackupsDialog::new(session.name(), folder, listed);
        self.dialogs.show(Dialog::Backups(Box::new(dialog)));
    }

    fn back_up_now(&mut self) {
        let Some(store) = self.session.as_ref().map(Session::store) else {
            return;
        };
        let edits = store.edits_since_backup();
        match store.file() {
            Ok(Some(file)) => {
                self.status.info("Backing up…");
                self.jobs.file_work(FileWork::Backup {
                    file,
                    reason: BackupReason::Manual,
                    edits,
                });
            }
            Ok(None) => self
                .status
                .error("This notebook lives in memory only and has no backups."),
            Err(e) => self.status.error(format!("Could not back up: {e}")),
        }
    }

    /// Closes the notebook and puts `backup` in its place, as a job; the
    /// notebook is reopened when it is done.
    fn restore(&mut self, backup: Option<PathBuf>) {
        let Some(notebook) = self.session.as_ref().and_then(Session::path) else {
            return;
        };
        let notebook = notebook.to_owned();
        // The store lets go of the file; restoring backs it up first.
        self.close_reader();
        self.session = None;
        self.selected = None;
        self.inspector.clear();
        self.status
            .info(format!("Restoring a backup of {}…", notebook.display()));
        self.jobs.file_work(FileWork::Restore { notebook, backup });
    }

    fn share_copy(&mut self, out: PathBuf, without_notes: bool, replace: bool) {
        let Some(store) = self.session.as_ref().map(Session::store) else {
            return;
        };
        match store.file() {
            Ok(Some(file)) => {
                self.status
                    .info(format!("Writing a clean copy to {}…", out.display()));
                self.jobs.file_work(FileWork::ShareCopy {
                    file,
                    out,
                    without_notes,
                    replace,
                });
            }
            Ok(None) => self
                .status
                .error("This notebook lives in memory only; save it first."),
            Err(e) => self.status.error(format!("Could not write a copy: {e}")),
        }
    }

    /// Takes finished file work and says what it did.
    fn poll_file_work(&mut self, ui: &Ui) {
        for done in self.jobs.finished_file_work() {
            self.file_work_done(done);
            ui.ctx().request_repaint();
        }
        if self.jobs.file_work_running() > 0 {
            ui.ctx().request_repaint_after(FILE_WORK_POLL);
        }
    }

    fn file_work_done(&mut self, done: FileDone) {
        match done {
            FileDone::BackedUp {
                notebook,
                reason,
                edits,
                result,
            } => {
                let current = self
                    .session
                    .as_mut()
                    .filter(|s| s.path() == Some(notebook.as_path()));
                let is_current = current.is_some();
                match (&result, current) {
                    (Ok(_), Some(session)) => session.store_mut().backed_up(edits),
                    // Wait a whole period before trying again.
                    (Err(_), Some(session)) => session.store_mut().backed_up(0),
                    _ => {}
                }
                match result {
                    Ok(backup) if reason == BackupReason::Manual => self.status.info(format!(
                        "Backed up {} as {}",
                        safety::file_name(&notebook),
                        backup.path.display()
                    )),
                    Ok(_) => {}
                    Err(e) => self.status.error(format!(
                        "Could not back up {}: {e}",
                        safety::file_name(&notebook)
                    )),
                }
                if is_current && let Some(Dialog::Backups(dialog)) = self.dialogs.open_mut() {
                    // A folder listing, as when the dialog opened.
                    dialog.set_backups(
                        backups::list(&notebook)
                            .map_err(|e| format!("Could not list the backups: {e}")),
                    );
                }
            }
            FileDone::Restored { notebook, result } => match result {
                Ok((backup, restored)) => {
                    self.open(&notebook);
                    let mut message = format!(
                        "Restored {} from {}",
                        safety::file_name(&notebook),
                        safety::file_name(&backup)
                    );
                    if let Some(previous) = restored.previous {
                        message.push_str(&format!(
                            "; the notebook as it was is kept as {}",
                            previous.display()
                        ));
                    }
                    if let Some(journal) = restored.journal_set_aside {
                        message.push_str(&format!(
                            "; a leftover journal was set aside as {}",
                            journal.display()
                        ));
                    }
                    if self.session.is_some() {
                        self.status.info(message);
                    }
                }
                Err(e) => {
                    // The notebook is as it was: open it again (a damaged
                    // one is refused again, with its dialog).
                    self.open(&notebook);
                    self.status.error(format!(
                        "Could not restore {}: {e}",
                        safety::file_name(&notebook)
                    ));
                }
            },
            FileDone::Rescued {
                salvage,
                out,
                result,
            } => {
                let verb = if salvage { "salvage" } else { "repair" };
                match result {
                    Ok(report) => {
                        let copied: u64 = report.tables.iter().map(|t| t.copied).sum();
                        let lost: u64 = report
                            .tables
                            .iter()
                            .map(|t| t.unreadable + t.orphaned)
                            .sum();
                        self.open(&out);
                        let mut message = format!(
                            "{} into {}: {copied} rows copied",
                            if salvage { "Salvaged" } else { "Repaired" },
                            out.display()
                        );
                        if lost > 0 {
                            message.push_str(&format!(", {lost} could not be read"));
                        }
                        if !report.tables_lost.is_empty() {
                            message.push_str(&format!(
                                ", tables lost: {}",
                                report.tables_lost.join(", ")
                            ));
                        }
                        if !report.removed.is_empty() {
                            message.push_str(&format!(", left out: {}", report.removed.join("; ")));
                        }
                        if self.session.is_some() {
                            self.status.info(message);
                        }
                    }
                    Err(e) => self.status.error(format!("Could not {verb}: {e}")),
                }
            }
            FileDone::Shared {
                out,
                without_notes,
                result,
            } => match result {
                Ok(()) => self.status.info(format!(
                    "Wrote a clean copy to {}: no undo history{}",
                    out.display(),
                    if without_notes { ", no notes" } else { "" }
                )),
                Err(StoreError::AlreadyExists(_)) => {
                    self.status.error(format!(
                        "{} already exists; nothing was written.",
                        out.display()
                    ));
                    let dialog = ShareDialog::replace(&out, without_notes);
                    self.dialogs.show(Dialog::Share(Box::new(dialog)));
                }
                Err(e) => self.status.error(format!("Could not write the copy: {e}")),
            },
        }
    }

    /// Starts `request` as a job on a copy of the read model (and, for the
    /// lossless JSON only, the source texts, read here once).
    fn start_export(&mut self, request: ExportRequest) {
        let Some(session) = &self.session else {
            return;
        };
        let notebook = session.notebook().clone();
        let bodies = if request.format.needs_bodies() {
            match crate::export::fetch_bodies(session.store(), &notebook) {
                Ok(bodies) => bodies,
                Err(e) => {
                    self.status.error(format!("Could not export: {e}"));
                    return;
                }
            }
        } else {
            crate::export::Bodies::new()
        };
        let input = ExportInput {
            notebook: Box::new(notebook),
            bodies,
        };
        let target = request.target.clone();
        if self.jobs.export(input, request) {
            self.export.close();
            self.status
                .info(format!("Exporting to {}…", target.display()));
        } else {
            self.status.error("An export is already running");
        }
    }

    /// Files given to import (dropped, or chosen as sources): texts become
    /// sources; a file of events, a notebook or references opens File ▸
    /// Import… on it (one at a time).
    fn import_files(&mut self, paths: Vec<std::path::PathBuf>, ui: &Ui) {
        let (files, texts): (Vec<_>, Vec<_>) = paths
            .into_iter()
            .partition(|p| import_dialog::is_import_file(p));
        if !texts.is_empty() {
            self.jobs.import(texts);
            self.left_tab = LeftTab::Sources;
        }
        if let Some(first) = files.first() {
            self.show_import(Some(first));
            if files.len() > 1 {
                self.status.info(format!(
                    "Import reads one file at a time: opened {}; import the other {} after it.",
                    import_dialog::file_name(first),
                    files.len() - 1
                ));
            }
            ui.ctx().request_repaint();
        }
    }

    /// Opens File ▸ Import… (on a copy of the read model), or reads another
    /// file in it when it is open.
    fn show_import(&mut self, path: Option<&Path>) {
        let Some(session) = &self.session else {
            return;
        };
        let request = match (self.import.is_open(), path) {
            (true, Some(path)) => Some(self.import.choose(path)),
            (true, None) => None,
            (false, _) => {
                let notebook = std::sync::Arc::new(session.notebook().clone());
                self.import.show(notebook, path)
            }
        };
        if let Some(request) = request {
            self.start_plan(request);
        }
    }

    /// Reads the import dialog's file on a worker. A merge compares source
    /// texts too: they are fetched here once, for a file that may be one.
    fn start_plan(&mut self, request: PlanRequest) {
        let (Some(session), Some(notebook)) = (&self.session, self.import.notebook().cloned())
        else {
            return;
        };
        let may_merge = match request.format {
            Some(format) => format == crate::import::Format::Json,
            None => request
                .path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json")),
        };
        let bodies = match self.import.bodies() {
            Some(bodies) => std::sync::Arc::clone(bodies),
            None if may_merge => match crate::export::fetch_bodies(session.store(), &notebook) {
                Ok(bodies) => {
                    let bodies = std::sync::Arc::new(bodies);
                    self.import.set_bodies(std::sync::Arc::clone(&bodies));
                    bodies
                }
                Err(e) => {
                    self.status
                        .error(format!("Could not read the notebook's sources: {e}"));
                    return;
                }
            },
            None => std::sync::Arc::default(),
        };
        self.jobs.plan_import(request, notebook, bodies);
    }

    /// Writes an import on a worker, the store lent to it meanwhile.
    fn start_write(&mut self, action: Action, what: String) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.lend_store() {
            Ok(store) => {
                self.jobs.write_import(store, action);
                self.status.info(format!("Importing {what}…"));
                self.writing_import = Some(what);
            }
            Err(e) => {
                self.import.written(false);
                self.status.error(format!("Could not import: {e}"));
            }
        }
    }

    /// The import was written: the store comes back, and the status line
    /// offers to undo it.
    fn import_written(&mut self, written: Result<ImportWritten, ()>) {
        let what = self.writing_import.take().unwrap_or_default();
        let Some(session) = &mut self.session else {
            return;
        };
        let Ok(ImportWritten {
            store,
            applied,
            notebook,
        }) = written
        else {
            // The worker died with the store; its transaction was rolled
            // back. Open the notebook again.
            let path = session.path().map(Path::to_owned);
            self.session = None;
            self.import.written(false);
            if let Some(path) = path {
                self.open(&path);
            }
            self.status
                .error("The import stopped unexpectedly; nothing was imported.");
            return;
        };
        let ok = applied.is_ok();
        let back = session.take_back(store, notebook);
        self.import.written(ok);
        match (applied, back) {
            (Ok(_), Ok(text)) => {
                self.source_text(text);
                self.follow_selection(false);
                self.status.offer_undo(format!("Imported {what}"));
            }
            (Err(e), _) => self
                .status
                .error(format!("Could not import: {e}; nothing was changed.")),
            (Ok(_), Err(e)) => self.status.error(format!(
                "Imported {what}, but could not reload the notebook: {e}"
            )),
        }
    }

    /// Waits for an import being written (the window is closing).
    fn finish_write_now(&mut self) {
        if !self.jobs.is_writing_import() {
            return;
        }
        let written = self.jobs.wait_for_write(EXIT_BACKUP_WAIT).ok_or(());
        self.import_written(written);
    }

    /// Recomputes the evidence review when the read model changed (never
    /// per frame) and, while the Evidence window is open, reads the dates
    /// of sources not read yet: short texts at once, long ones on workers.
    fn refresh_evidence(&mut self, ui: &Ui) {
        let Some(session) = &self.session else {
            return;
        };
        for (source, found) in self.jobs.finished_review_dates() {
            self.evidence.land_dates(session.notebook(), source, found);
            ui.ctx().request_repaint();
        }
        if self.evidence.is_open() {
            for (source, published) in self.evidence.missing_dates(session.notebook()) {
                let Ok(options) = Options::new(published, Locale::default()) else {
                    self.evidence
                        .land_dates(session.notebook(), source, Vec::new());
                    continue;
                };
                match session.store().source_body(source) {
                    Ok(body) if body.len() <= SYNC_EXTRACT_MAX_BYTES => {
                        let found = extract::extract(&body, &options);
                        self.evidence.land_dates(session.notebook(), source, found);
                    }
                    Ok(body) => {
                        self.jobs.review_dates(source, body, options);
                        self.evidence.reading([source]);
                    }
                    Err(e) => {
                        self.status
                            .error(format!("Could not read a source's dates: {e}"));
                        self.evidence
                            .land_dates(session.notebook(), source, Vec::new());
                    }
                }
            }
        }
        if self
            .evidence
            .refresh(session.notebook(), session.generation())
        {
            ui.ctx().request_repaint();
        }
        self.evidence_summary = self.evidence.summary();
    }

    /// The Evidence window (tests).
    #[must_use]
    pub fn evidence(&self) -> &EvidenceWindow {
        &self.evidence
    }

    /// Takes what the jobs finished: an imported file (one a frame, so the
    /// window stays live), the dates of a long text, a dialog's answer.
    fn poll_jobs(&mut self, ui: &Ui) {
        if let Some(answer) = self.jobs.finished_plan() {
            match answer {
                Ok(plan) => self.import.land(plan),
                Err(()) => self
                    .import
                    .failed("Reading the file stopped unexpectedly; try again."),
            }
            ui.ctx().request_repaint();
        }
        if self.jobs.is_planning_import() {
            ui.ctx().request_repaint_after(DIALOG_POLL);
        }
        if let Some(written) = self.jobs.finished_write() {
            self.import_written(written);
            ui.ctx().request_repaint();
        }
        let writing = self.jobs.is_writing_import();
        if writing {
            ui.ctx().request_repaint_after(DIALOG_POLL);
        }
        if let Some(file) = self.jobs.next_imported()
            && let Ok((title, imported)) = file.result
        {
            self.import_review.add(file.name, title, imported);
        }
        // Sources from files wait for a lent store to come back.
        if !writing && let Some(action) = self.queued_sources.pop_front() {
            self.apply(&action);
        }
        if self.jobs.is_importing() || !self.queued_sources.is_empty() {
            ui.ctx().request_repaint();
        } else if let Some(summary) = self.jobs.import_summary() {
            if self.import_review.is_empty() {
                self.status.info(summary);
            } else {
                self.import_summary = Some(summary);
            }
        } else if self.import_review.is_empty()
            && let Some(summary) = self.import_summary.take()
        {
            self.status.info(summary);
        }
        if let Some((source, target, result)) = self.jobs.finished_original() {
            match result {
                Ok(bytes) => self.status.info(format!(
                    "Saved the original file of source {source} ({}) as {}",
                    crate::model::pages::size_text(bytes),
                    target.display()
                )),
                Err(e) => self.status.error(format!(
                    "Could not save the original file of source {source}: {e}"
                )),
            }
            ui.ctx().request_repaint();
        }
        if self.jobs.is_saving_original() {
            ui.ctx().request_repaint_after(DIALOG_POLL);
        }
        if let Some((source, edtf, found)) = self.jobs.finished_dates()
            && self.open_source() == Some(source)
        {
            self.source_view.land_dates(&edtf, found);
            ui.ctx().request_repaint();
        }
        match self.jobs.dialog_answer() {
            Some(DialogAnswer::Chosen(purpose, paths)) => {
                if let Some(command) = purpose.command(paths) {
                    self.run(command, ui);
                }
            }
            Some(DialogAnswer::NotShown(FilePurpose::ImportFile)) => {
                self.import.note(Dialogs::NO_ANSWER);
            }
            Some(DialogAnswer::NotShown(purpose)) => {
                self.dialogs.ask_path(purpose, Dialogs::NO_ANSWER);
            }
            Some(DialogAnswer::Cancelled) | None => {}
        }
        if self.jobs.is_choosing_file() {
            ui.ctx().request_repaint_after(DIALOG_POLL);
        }
        match self.jobs.finished_export() {
            Some(Ok((path, warnings))) => {
                let mut text = format!("Exported {}", path.display());
                for warning in warnings {
                    text.push_str(&format!(" (warning: {warning})"));
                }
                self.status.info(text);
            }
            Some(Err(e)) => self.status.error(format!("Could not export: {e}")),
            None => {
                if self.jobs.export_progress().is_some() {
                    ui.ctx().request_repaint_after(DIALOG_POLL);
                }
            }
        }
    }

    /// Restores what eframe stored: the recent-notebooks list.
    #[must_use]
    pub fn load_recent(storage: Option<&dyn eframe::Storage>) -> Vec<PathBuf> {
        storage
            .and_then(|s| eframe::get_value::<Vec<PathBuf>>(s, RECENT_KEY))
            .unwrap_or_default()
    }
}

impl eframe::App for AnnalsApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        self.stored_drafts = Some(drafts::store(storage, &self.drafts(), self.stored_drafts));
    }

    fn auto_save_interval(&self) -> Duration {
        if !self.has_drafts() {
            drafts::IDLE_SAVE_INTERVAL
        } else {
            drafts::DRAFT_SAVE_INTERVAL
        }
    }

    /// The window is closing (no frame is drawn any more): back up a
    /// changed notebook and wait for the file work to finish.
    fn on_exit(&mut self) {
        self.finish_write_now();
        self.back_up_on_close();
        for done in self.jobs.wait_for_file_work(EXIT_BACKUP_WAIT) {
            if let FileDone::BackedUp {
                result: Err(e),
                notebook,
                ..
            } = done
            {
                eprintln!("Could not back up {}: {e}", notebook.display());
            }
        }
    }
}
