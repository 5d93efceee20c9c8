//! The application: owns the store, the read model and the view state, and
//! is the only place that applies actions.
//!
//! Widgets never change research data themselves: they push [`Command`]s,
//! which the app carries out after the frame's UI is built. An action goes to
//! the store (one transaction, one undo step); the read model is then
//! reloaded, and the next frame draws from it without running any SQL.

use std::path::{Path, PathBuf};
use std::time::Instant;

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use super::dialogs::{self, Dialog, FilePurpose};
use super::event_list::EventList;
use super::inspector::Inspector;
use super::{menu, status::Status};
use crate::action::{Action, Created};
use crate::model::{EventId, ExcerptId, Notebook, SourceId};
use crate::store::{Store, StoreError};

/// Most notebooks remembered in File ▸ Open recent.
const RECENT_LIMIT: usize = 10;
/// eframe storage key of the recent-notebooks list.
const RECENT_KEY: &str = "annals.recent";

/// Something a widget asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Apply an action to the notebook (one undo step).
    Apply(Box<Action>),
    /// Undo the last action.
    Undo,
    /// Redo the last undone action.
    Redo,
    /// Select an event (or nothing).
    Select(Option<EventId>),
    /// Open the inspector to create an event, optionally with a date.
    NewEvent {
        /// A date to prefill, as text for the date field.
        date: Option<String>,
    },
    /// Delete the selected event.
    DeleteSelected,
    /// Ask for a file (native dialog, else an in-app path field).
    ChooseFile(FilePurpose),
    /// Open a notebook.
    Open(PathBuf),
    /// Create a notebook and open it.
    Create(PathBuf),
    /// Write a copy of the notebook.
    SaveCopy(PathBuf),
    /// Close the notebook.
    Close,
    /// Show a dialog.
    Show(Dialog),
    /// Open a source in the reader.
    OpenSource(SourceId),
    /// Open an excerpt's source in the reader, scrolled to it and flashed.
    OpenExcerpt(ExcerptId),
    /// Ask for files to import as sources.
    ChooseImports,
    /// Import these files as sources, one action each.
    Import(Vec<PathBuf>),
    /// Show the timeline or the reader in the centre.
    Centre(Centre),
    /// Show a tab of the left panel.
    LeftTab(LeftTab),
    /// Tell the user something about the event just opened in the
    /// inspector (shown under its date), and focus its title.
    InspectorHint(String),
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

/// A source open in the reader.
pub struct OpenSource {
    /// Which source.
    pub id: SourceId,
    /// Its full text (loaded once when opened or changed, not per frame).
    pub body: String,
    /// The reader widget's state: selection, scroll, layout caches.
    pub state: super::reader::ReaderState,
    /// Date suggestions for this text, and the publication date they were
    /// read against.
    pub suggestions: Option<(String, Vec<crate::extract::Suggestion>)>,
    /// Suggestions being read on a worker thread (long texts), with the
    /// publication date they are read against.
    pub pending_suggestions: Option<(
        String,
        std::sync::mpsc::Receiver<Vec<crate::extract::Suggestion>>,
    )>,
    /// The popup shown for a clicked highlight or suggestion.
    pub popup: Option<super::source_view::Popup>,
    /// The text being edited, when editing.
    pub editing_text: Option<String>,
    /// The publication date being typed in the suggestions bar.
    pub published_text: String,
}

/// An open notebook: the store and its read model.
pub struct Session {
    /// The notebook file.
    pub store: Store,
    /// Everything the UI draws, as of the last action.
    pub notebook: Notebook,
    /// What Undo would undo.
    pub undo_label: Option<String>,
    /// What Redo would redo.
    pub redo_label: Option<String>,
    /// Increases with every reload, so views know to rebuild caches.
    pub generation: u64,
}

impl Session {
    fn new(store: Store) -> Result<Self, StoreError> {
        let notebook = store.load()?;
        let mut session = Self {
            store,
            notebook,
            undo_label: None,
            redo_label: None,
            generation: 0,
        };
        session.refresh_labels()?;
        Ok(session)
    }

    fn refresh_labels(&mut self) -> Result<(), StoreError> {
        self.undo_label = self.store.undo_label()?;
        self.redo_label = self.store.redo_label()?;
        Ok(())
    }

    /// Brings the read model up to date after the notebook changed,
    /// reloading only what the last action, undo or redo touched.
    fn reload(&mut self) -> Result<(), StoreError> {
        self.store.refresh(&mut self.notebook)?;
        self.generation += 1;
        self.refresh_labels()
    }
}

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
pub struct AnnalsApp {
    /// The open notebook, if any.
    pub session: Option<Session>,
    /// The selected event.
    pub selected: Option<EventId>,
    /// The event list's filter, sort and row cache.
    pub list: EventList,
    /// The inspector's editing buffer.
    pub inspector: Inspector,
    /// The status bar.
    pub status: Status,
    /// The open modal dialog.
    pub dialog: Option<Dialog>,
    /// Recently opened notebooks, newest first.
    pub recent: Vec<PathBuf>,
    /// Whether the shortcuts window is shown.
    pub show_shortcuts: bool,
    /// The timeline's view and index.
    pub timeline: crate::timeline::Timeline,
    /// What the left panel lists.
    pub left_tab: LeftTab,
    /// What the centre shows.
    pub centre: Centre,
    /// The source open in the reader.
    pub reader: Option<OpenSource>,
    /// Files waiting to be imported.
    pub imports: super::sources::ImportQueue,
    /// Note editing and markdown rendering.
    pub notes: super::notes::NotesState,
    commands: Vec<Command>,
    sent_title: Option<String>,
    /// Milliseconds the last action took from apply to refreshed read model.
    pub last_apply_millis: Option<f64>,
}

impl AnnalsApp {
    /// Starts the app, opening what `startup` names.
    #[must_use]
    pub fn new(startup: Startup, recent: Vec<PathBuf>) -> Self {
        let mut app = Self {
            session: None,
            selected: None,
            list: EventList::default(),
            inspector: Inspector::default(),
            status: Status::default(),
            dialog: None,
            recent,
            show_shortcuts: false,
            timeline: crate::timeline::Timeline::default(),
            left_tab: LeftTab::default(),
            centre: Centre::default(),
            reader: None,
            imports: super::sources::ImportQueue::default(),
            notes: super::notes::NotesState::default(),
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
        self.session.as_ref().map(|s| &s.notebook)
    }

    /// Queues a command for the end of the frame.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Queues several commands for the end of the frame.
    pub fn commands_extend(&mut self, commands: impl IntoIterator<Item = Command>) {
        self.commands.extend(commands);
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
        if self.session.as_ref().and_then(|s| s.store.path()) == Some(path) {
            return;
        }
        // Release our own lock first if we are reopening a notebook we hold.
        match Store::open(path) {
            Ok(store) => self.switch_to(store, path),
            Err(e) => self.refused(path, &e),
        }
    }

    fn refused(&mut self, path: &Path, error: &StoreError) {
        self.dialog = Some(Dialog::Refused {
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
                self.inspector = Inspector::default();
                self.timeline = crate::timeline::Timeline::default();
                self.reader = None;
                self.centre = Centre::Timeline;
                self.list.invalidate();
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
        self.shortcuts(ui);
        self.update_title(ui);
        menu::menu_bar(self, ui);
        super::status::status_bar(self, ui);
        if self.session.is_some() {
            egui::Panel::left("event_list")
                .resizable(true)
                .default_size(super::theme::EVENT_LIST_DEFAULT_WIDTH_POINTS)
                .show(ui, |ui| self.show_left(ui));
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(super::theme::INSPECTOR_DEFAULT_WIDTH_POINTS)
                .show(ui, |ui| super::inspector::show(self, ui));
            egui::CentralPanel::default().show(ui, |ui| self.show_centre(ui));
        } else {
            egui::CentralPanel::default().show(ui, |ui| super::welcome::show(self, ui));
        }
        self.receive_dropped_files(ui);
        dialogs::show(self, ui);
        if self.show_shortcuts {
            menu::shortcuts_window(self, ui);
        }
        self.run_commands(ui);
        if self.imports.is_busy() {
            super::sources::import_next(self);
            ui.ctx().request_repaint();
        } else if let Some(summary) = self.imports.finish() {
            self.status.info(summary);
        }
    }

    fn show_left(&mut self, ui: &mut Ui) {
        let counts = self.session.as_ref().map(|s| {
            let n = &s.notebook;
            (
                n.events.len(),
                n.sources.len(),
                n.notes_of(crate::model::NoteOwner::Notebook).count(),
            )
        });
        let (events, sources, notes) = counts.unwrap_or_default();
        ui.horizontal(|ui| {
            ui.selectable_value(
                &mut self.left_tab,
                LeftTab::Events,
                format!("Events ({events})"),
            );
            ui.selectable_value(
                &mut self.left_tab,
                LeftTab::Sources,
                format!("Sources ({sources})"),
            );
            ui.selectable_value(
                &mut self.left_tab,
                LeftTab::Notes,
                format!("Notes ({notes})"),
            );
        });
        ui.separator();
        match self.left_tab {
            LeftTab::Events => super::event_list::show(self, ui),
            LeftTab::Sources => super::sources::show(self, ui),
            LeftTab::Notes => {
                let Some(session) = &self.session else {
                    return;
                };
                let mut commands = Vec::new();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        ui.label(
                            egui::RichText::new("Notes on the notebook as a whole")
                                .color(super::theme::weak_text(ui)),
                        );
                        super::notes::notes(
                            ui,
                            &mut self.notes,
                            &session.notebook,
                            crate::model::NoteOwner::Notebook,
                            &mut commands,
                        );
                    });
                self.commands.extend(commands);
            }
        }
    }

    fn show_centre(&mut self, ui: &mut Ui) {
        let reader_title = self
            .reader
            .as_ref()
            .and_then(|r| self.notebook().and_then(|n| n.source(r.id)))
            .map(|s| s.title.clone());
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.centre, Centre::Timeline, "Timeline");
            match &reader_title {
                Some(title) => {
                    let short: String = title.chars().take(48).collect();
                    let short = if short.len() < title.len() {
                        format!("{short}…")
                    } else {
                        short
                    };
                    ui.selectable_value(
                        &mut self.centre,
                        Centre::Reader,
                        format!("Reader: {short}"),
                    );
                }
                None => {
                    ui.add_enabled(false, egui::Button::new("Reader"))
                        .on_disabled_hover_text("Open a source from the Sources list");
                }
            }
        });
        match (self.centre, reader_title.is_some()) {
            (Centre::Reader, true) => super::source_view::show(self, ui),
            _ => self.show_timeline(ui),
        }
    }

    fn receive_dropped_files(&mut self, ui: &Ui) {
        let (dropped, hovering) = ui.input(|i| {
            (
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect::<Vec<_>>(),
                !i.raw.hovered_files.is_empty(),
            )
        });
        if hovering && self.session.is_some() {
            let painter = ui.ctx().layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop_overlay"),
            ));
            let rect = ui.ctx().content_rect();
            painter.rect_filled(
                rect,
                0.0,
                ui.visuals()
                    .selection
                    .bg_fill
                    .gamma_multiply(super::theme::DROP_TINT_ALPHA),
            );
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop .txt, .md or .html files to add them as sources",
                egui::FontId::proportional(super::theme::BANNER_FONT_POINTS),
                ui.visuals().strong_text_color(),
            );
        }
        if !dropped.is_empty() && self.session.is_some() {
            self.commands.push(Command::Import(dropped));
        }
    }

    fn show_timeline(&mut self, ui: &mut Ui) {
        let Some(session) = &self.session else {
            return;
        };
        let output = self
            .timeline
            .show(ui, &session.notebook, session.generation, self.selected);
        if let Some(id) = output.clicked {
            self.commands.push(Command::Select(Some(id)));
        }
        if let Some(date) = output.new_event_at {
            self.commands.push(Command::NewEvent { date: Some(date) });
        }
    }

    fn shortcuts(&mut self, ui: &mut Ui) {
        let typing = ui.ctx().egui_wants_keyboard_input();
        let modal = self.dialog.is_some();
        ui.input_mut(|input| {
            // Most specific first: Ctrl+Shift+Z would also match Ctrl+Z.
            let redo = input.consume_shortcut(&KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )) || input
                .consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y));
            // While typing, Ctrl+Z belongs to the text field's own undo.
            let undo = !typing
                && input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z));
            let new_event =
                input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::N));
            let delete = !typing && input.consume_key(Modifiers::NONE, Key::Delete);
            if modal {
                return;
            }
            if redo && !typing {
                self.commands.push(Command::Redo);
            }
            if undo {
                self.commands.push(Command::Undo);
            }
            if new_event {
                self.commands.push(Command::NewEvent { date: None });
            }
            if delete {
                self.commands.push(Command::DeleteSelected);
            }
        });
    }

    fn update_title(&mut self, ui: &Ui) {
        let title = match &self.session {
            Some(session) => format!("{} — Annals", session.store.name()),
            None => "Annals".to_owned(),
        };
        if self.sent_title.as_deref() != Some(title.as_str()) {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.sent_title = Some(title);
        }
    }

    fn run_commands(&mut self, ui: &Ui) {
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            self.run(command, ui);
        }
    }

    fn run(&mut self, command: Command, ui: &Ui) {
        match command {
            Command::Apply(action) => self.apply(&action),
            Command::Undo => self.undo_redo(true),
            Command::Redo => self.undo_redo(false),
            Command::Select(id) => {
                self.selected = id;
                if let (Some(id), Some(session)) = (id, &self.session) {
                    self.inspector.edit(&session.notebook, id);
                    self.list.scroll_to(id);
                    self.timeline.reveal(id);
                } else {
                    self.inspector = Inspector::default();
                }
            }
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
            Command::ChooseFile(purpose) => dialogs::choose_file(self, purpose),
            Command::Open(path) => self.open(&path),
            Command::Create(path) => match Store::create(&path) {
                Ok(store) => self.switch_to(store, &path),
                Err(e) => self.refused(&path, &e),
            },
            Command::SaveCopy(path) => {
                if let Some(session) = &self.session {
                    match session.store.save_copy(&path) {
                        Ok(()) => self
                            .status
                            .info(format!("Saved a copy as {}", path.display())),
                        Err(e) => self.status.error(format!("Could not save a copy: {e}")),
                    }
                }
            }
            Command::Close => {
                self.reader = None;
                self.centre = Centre::Timeline;
                self.session = None;
                self.selected = None;
                self.inspector = Inspector::default();
                self.status.info("Closed the notebook");
            }
            Command::Show(dialog) => self.dialog = Some(dialog),
            Command::OpenSource(id) => self.open_source(id, None),
            Command::OpenExcerpt(id) => {
                let excerpt = self
                    .notebook()
                    .and_then(|n| n.excerpt(id))
                    .map(|x| (x.source, x.start, x.end));
                if let Some((source, start, end)) = excerpt {
                    self.open_source(source, Some((start, end)));
                }
            }
            Command::ChooseImports => dialogs::choose_imports(self),
            Command::Import(paths) => {
                self.imports.add(paths);
                self.left_tab = LeftTab::Sources;
            }
            Command::Centre(centre) => self.centre = centre,
            Command::LeftTab(tab) => self.left_tab = tab,
            Command::InspectorHint(hint) => self.inspector.hint(hint),
        }
        ui.ctx().request_repaint();
    }

    /// Opens a source in the reader, optionally scrolled to a passage that
    /// is briefly flashed.
    pub fn open_source(&mut self, id: SourceId, passage: Option<(usize, usize)>) {
        let Some(session) = &self.session else {
            return;
        };
        if self.reader.as_ref().is_none_or(|r| r.id != id) {
            match session.store.source_body(id) {
                Ok(body) => {
                    self.reader = Some(OpenSource {
                        id,
                        body,
                        state: super::reader::ReaderState::default(),
                        suggestions: None,
                        pending_suggestions: None,
                        popup: None,
                        editing_text: None,
                        published_text: String::new(),
                    });
                }
                Err(e) => {
                    self.status.error(format!("Could not open the source: {e}"));
                    return;
                }
            }
        }
        if let (Some(reader), Some((start, end))) = (&mut self.reader, passage) {
            reader.state.scroll_to(start, Some((start, end)));
        }
        self.centre = Centre::Reader;
    }

    /// After the notebook changed: reload the open source's text (it may
    /// have been edited, or deleted).
    fn refresh_reader(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let Some(reader) = &mut self.reader else {
            return;
        };
        match session.store.source_body(reader.id) {
            Ok(body) => {
                if body != reader.body {
                    reader.body = body;
                    reader.suggestions = None;
                    reader.pending_suggestions = None;
                    reader.state.clear_selection();
                }
            }
            Err(_) => {
                self.reader = None;
                self.centre = Centre::Timeline;
            }
        }
    }

    /// Applies an action, reloads the read model and reports in the status bar.
    pub fn apply(&mut self, action: &Action) {
        let Some(session) = &mut self.session else {
            return;
        };
        let started = Instant::now();
        let result = session.store.apply(action).and_then(|applied| {
            session.reload()?;
            Ok(applied)
        });
        self.last_apply_millis = Some(started.elapsed().as_secs_f64() * 1000.0);
        match result {
            Ok(applied) => {
                let notebook = &session.notebook;
                match (action, applied.created) {
                    (Action::DeleteEvent(id), _) => {
                        if self.selected == Some(*id) {
                            self.selected = None;
                            self.inspector = Inspector::default();
                        }
                        self.status.offer_undo(format!(
                            "Deleted {}",
                            applied.label.trim_start_matches("delete event ")
                        ));
                    }
                    (_, Some(Created::Event(id) | Created::EventWithExcerpt(id, _))) => {
                        self.selected = Some(id);
                        self.inspector.edit(notebook, id);
                        self.list.scroll_to(id);
                        self.status.offer_undo(super::capitalised(&applied.label));
                    }
                    _ => {
                        if let Some(id) = self.selected {
                            // The user's own save replaces the buffer; other
                            // changes keep unsaved edits.
                            let own_save = matches!(action, Action::UpdateEvent { id: edited, .. } if *edited == id);
                            self.inspector.reload(notebook, id, own_save);
                        }
                        self.status.offer_undo(super::capitalised(&applied.label));
                    }
                }
                if let (Action::CreateSource(_), Some(Created::Source(id)), false) =
                    (action, applied.created, self.imports.is_busy())
                {
                    self.open_source(id, None);
                }
                self.list.invalidate();
                self.refresh_reader();
            }
            Err(e) => self.status.error(format!("Could not save: {e}")),
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let Some(session) = &mut self.session else {
            return;
        };
        let result = if undo {
            session.store.undo()
        } else {
            session.store.redo()
        };
        let result = result.and_then(|label| {
            session.reload()?;
            Ok(label)
        });
        match result {
            Ok(label) => {
                let verb = if undo { "Undid" } else { "Redid" };
                self.status.info(format!("{verb} {label}"));
                let notebook = &session.notebook;
                if let Some(id) = self.selected {
                    if notebook.event(id).is_none() {
                        self.selected = None;
                        self.inspector = Inspector::default();
                    } else {
                        self.inspector.reload(notebook, id, false);
                    }
                }
                self.list.invalidate();
                self.refresh_reader();
            }
            Err(StoreError::NothingTo(what)) => self.status.info(format!("Nothing to {what}")),
            Err(e) => self.status.error(format!(
                "Could not {}: {e}",
                if undo { "undo" } else { "redo" }
            )),
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
