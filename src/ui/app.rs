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

use super::command::{Centre, Command, FilePurpose, LeftTab};
use super::dialogs::{Dialog, Dialogs};
use super::event_list::EventList;
use super::export_dialog::{ExportAsk, ExportDialog, ExportRequest};
use super::frame;
use super::inspector::Inspector;
use super::jobs::{DialogAnswer, ExportInput, Jobs};
use super::menu::MenuBar;
use super::notes::NotebookNotes;
use super::session::{Session, SourceText};
use super::source_view::SourceView;
use super::sources::SourceList;
use super::status::Status;
use super::theme::{self, Theme};
use super::view::{ChromeCtx, ViewCtx};
use super::welcome::Welcome;
use crate::action::{Action, ActionKind, Created, SourceFields};
use crate::extract::{self, Locale, Options};
use crate::model::date::Date;
use crate::model::{EventId, ExcerptId, Notebook, SourceId};
use crate::store::{Store, StoreError};
use crate::timeline::Timeline;

/// Most notebooks remembered in File ▸ Open recent.
const RECENT_LIMIT: usize = 10;
/// eframe storage key of the recent-notebooks list.
const RECENT_KEY: &str = "annals.recent";
/// Texts up to this many bytes are read for dates at once; longer ones on a
/// worker thread, so a 10 MB source opens without freezing the window (the
/// extractor reads about 1 MB in a few hundred milliseconds).
const SYNC_EXTRACT_MAX_BYTES: usize = 256 * 1024;
/// How often the app looks for a native file dialog's answer.
const DIALOG_POLL: Duration = Duration::from_millis(50);

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
    commands: Vec<Command>,
    sent_title: Option<String>,
    last_apply_millis: Option<f64>,
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
            commands: Vec::new(),
            sent_title: None,
            last_apply_millis: None,
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

    /// The timeline, to set its view.
    pub fn timeline_mut(&mut self) -> &mut Timeline {
        &mut self.timeline
    }

    /// The status bar's message.
    #[must_use]
    pub fn status(&self) -> &Status {
        &self.status
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

    /// Queues a command for the end of the frame.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    fn open_default(&mut self, path: &Path) {
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
        let created = Store::create(path).and_then(|mut store| {
            crate::demo::build(&mut store)?;
            Ok(store)
        });
        match created {
            Ok(store) => {
                self.switch_to(store, path);
                self.status.info("Welcome: this notebook holds the demo research. Select an event to see its evidence.");
            }
            Err(e) => self.refused(path, &e),
        }
    }

    fn open(&mut self, path: &Path) {
        if self.session.as_ref().and_then(Session::path) == Some(path) {
            return;
        }
        match Store::open(path) {
            Ok(store) => self.switch_to(store, path),
            Err(e) => self.refused(path, &e),
        }
    }

    fn refused(&mut self, path: &Path, error: &StoreError) {
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

    fn switch_to(&mut self, store: Store, path: &Path) {
        match Session::new(store) {
            Ok(session) => {
                self.session = Some(session);
                self.selected = None;
                self.inspector.clear();
                self.timeline = Timeline::default();
                self.close_reader();
                self.remember(path);
                self.status.info(format!("Opened {}", path.display()));
            }
            Err(e) => self.refused(path, &e),
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
        let modal = self.dialogs.open().is_some();
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
            undo_label: self.session.as_ref().and_then(Session::undo_label),
            redo_label: self.session.as_ref().and_then(Session::redo_label),
            selected: self.selected,
            recent: &self.recent,
            import_progress: self.jobs.import_progress(),
            export_progress: self.jobs.export_progress(),
            theme,
        };
        self.menu.ui(ui, &chrome, &mut out);
        self.status.ui(ui, &chrome, &mut out);
        match &self.session {
            Some(session) => {
                let ctx = ViewCtx {
                    notebook: session.notebook(),
                    generation: session.generation(),
                    selected: self.selected,
                    theme,
                    open_source: session.open_text(),
                    modal: self.dialogs.open().is_some(),
                };
                egui::Panel::left("event_list")
                    .resizable(true)
                    .default_size(theme::EVENT_LIST_DEFAULT_WIDTH_POINTS)
                    .show(ui, |ui| {
                        frame::left_panel(
                            ui,
                            &ctx,
                            &mut self.left_tab,
                            (
                                &mut self.events,
                                &mut self.sources,
                                &mut self.notebook_notes,
                            ),
                            &mut out,
                        );
                    });
                egui::Panel::right("inspector")
                    .resizable(true)
                    .default_size(theme::INSPECTOR_DEFAULT_WIDTH_POINTS)
                    .show(ui, |ui| self.inspector.ui(ui, &ctx, &mut out));
                egui::CentralPanel::default().show(ui, |ui| {
                    frame::centre_panel(
                        ui,
                        &ctx,
                        &mut self.centre,
                        (&mut self.source_view, &mut self.timeline),
                        &mut out,
                    );
                });
            }
            None => {
                egui::CentralPanel::default().show(ui, |ui| self.welcome.ui(ui, &chrome, &mut out));
            }
        }
        frame::receive_dropped_files(ui, self.session.is_some(), &mut out);
        self.dialogs.ui(ui, &theme, &mut out);
        if let Some(session) = &self.session {
            let name = session.name();
            let running = self.jobs.export_progress().is_some();
            let context = (session.notebook(), name.as_str(), &self.timeline.view);
            match self.export.ui(ui, &theme, context, running) {
                Some(ExportAsk::Browse) => out.push(Command::ChooseFile(FilePurpose::Export)),
                Some(ExportAsk::Start(request)) => self.start_export(*request),
                None => {}
            }
        }
        self.menu.shortcuts_window(ui);
        for command in out {
            self.run(command, ui);
        }
        self.poll_jobs(ui);
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
        match command {
            Command::Apply(action) => self.apply(&action),
            Command::Undo => self.undo_redo(true),
            Command::Redo => self.undo_redo(false),
            Command::Select(id) => self.select(id),
            Command::NewEvent { date } => {
                if self.session.is_some() {
                    self.inspector.create(date);
                }
            }
            Command::DeleteSelected => {
                if let Some(id) = self.selected {
                    self.apply(&Action::DeleteEvent(id));
                }
            }
            Command::ChooseFile(purpose) => {
                if !self.jobs.choose_file(purpose) {
                    self.dialogs
                        .ask_path(purpose, Dialogs::no_native_dialog(purpose));
                }
            }
            Command::Open(path) => self.open(&path),
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
                self.close_reader();
                self.session = None;
                self.selected = None;
                self.inspector.clear();
                self.status.info("Closed the notebook");
            }
            Command::AddSource => self.dialogs.show(Dialog::AddSource(Box::default())),
            Command::OpenSource(id) => self.show_source(id, None),
            Command::OpenExcerpt(id) => self.open_excerpt(id),
            Command::Import(paths) => {
                self.jobs.import(paths);
                self.left_tab = LeftTab::Sources;
            }
            Command::ReadDates { source, published } => self.read_dates(source, published),
            Command::Centre(centre) => self.centre = centre,
            Command::LeftTab(tab) => self.left_tab = tab,
            Command::InspectorHint(hint) => self.inspector.hint(hint),
        }
        ui.ctx().request_repaint();
    }

    fn select(&mut self, id: Option<EventId>) {
        self.selected = id;
        match (id, &self.session) {
            (Some(id), Some(session)) => {
                self.inspector.edit(session.notebook(), id);
                self.events.scroll_to(id);
                self.timeline.reveal(id);
            }
            _ => self.inspector.clear(),
        }
    }

    /// Opens a source in the reader, optionally scrolled to a passage that
    /// is briefly flashed.
    fn show_source(&mut self, id: SourceId, passage: Option<(usize, usize)>) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.open_source(id) {
            Ok(true) => {
                self.source_view = SourceView::default();
                self.jobs.cancel_dates();
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
        let Some(session) = &mut self.session else {
            return;
        };
        let started = Instant::now();
        let result = session.apply(action);
        self.last_apply_millis = Some(started.elapsed().as_secs_f64() * 1000.0);
        let (applied, text) = match result {
            Ok(done) => done,
            Err(e) => {
                self.status.error(format!("Could not save: {e}"));
                return;
            }
        };
        self.source_text(text);
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
    }

    fn undo_redo(&mut self, undo: bool) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.undo_redo(undo) {
            Ok((label, text)) => {
                let verb = if undo { "Undid" } else { "Redid" };
                self.status.info(format!("{verb} {label}"));
                self.follow_selection(false);
                self.source_text(text);
            }
            Err(StoreError::NothingTo(what)) => self.status.info(format!("Nothing to {what}")),
            Err(e) => self.status.error(format!(
                "Could not {}: {e}",
                if undo { "undo" } else { "redo" }
            )),
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

    /// Takes what the jobs finished: an imported file (one a frame, so the
    /// window stays live), the dates of a long text, a dialog's answer.
    fn poll_jobs(&mut self, ui: &Ui) {
        if let Some(file) = self.jobs.next_imported()
            && let Ok((title, imported)) = file.result
        {
            self.apply(&Action::CreateSource(SourceFields {
                title,
                body: imported.text,
                encoding: imported.encoding,
                ..SourceFields::default()
            }));
        }
        if self.jobs.is_importing() {
            ui.ctx().request_repaint();
        } else if let Some(summary) = self.jobs.import_summary() {
            self.status.info(summary);
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
    }
}
