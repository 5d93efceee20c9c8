//! File ▸ Import… (or a .csv, .json, .bib or .ris file dropped on the
//! window): events from a CSV or TimelineJS file, another notebook to merge
//! (Annals' lossless JSON), or references (BibTeX, RIS, CSL-JSON) as
//! sources.
//!
//! The dialog gathers the choices: the file, its format (guessed from the
//! name, changeable), for a CSV the field each column becomes (guessed from
//! the headers), for a merge the side that wins each conflict. Reading the
//! file and comparing it with the notebook ([`read_plan`]) runs on a worker
//! (`jobs.rs`) each time a choice changes; the dialog shows the answer: the
//! first rows as Annals reads them, the rows that cannot be imported with
//! their line numbers, and "12 new, 3 updated, 2 unchanged, 1 error".
//! Import all hands the app one action (one undo step), which it writes on
//! a worker too, so a 100,000-row file never freezes the window.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Modal, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::theme::{self, Theme};
use crate::action::{Action, NotebookImport, SourceFields};
use crate::export::Bodies;
use crate::export::json::NotebookJson;
use crate::import::Format;
use crate::import::events::{Preview, RowError, Status, roles_text};
use crate::import::notebook::{Choices, MergePreview, Prefer, plan_with};
use crate::import::table::{Field, MAX_FILE_BYTES, Mapping, read_table};
use crate::import::{references, timelinejs};
use crate::model::date::Date;
use crate::model::{Notebook, Uid};

/// Rows the preview table lists: enough to see how the columns read; the
/// counts above it cover the whole file.
pub const PREVIEW_ROWS: usize = 200;

/// Rows that cannot be imported listed by line in full; the rest are
/// counted ("and 40 more").
pub const LISTED_ERRORS: usize = 50;

/// Height of the preview table, in points: about a dozen rows.
const PREVIEW_HEIGHT_POINTS: f32 = 260.0;

/// Height of the conflicts list, in points.
const CONFLICTS_HEIGHT_POINTS: f32 = 220.0;

/// Height of the list of rows that cannot be imported, in points.
const ERRORS_HEIGHT_POINTS: f32 = 90.0;

/// Width of the dialog, in points: the preview's seven columns readable.
const DIALOG_WIDTH_POINTS: f32 = 900.0;

/// Width of the path field, in points: the dialog's width less its label
/// and two buttons.
const PATH_FIELD_WIDTH_POINTS: f32 = 620.0;

/// Width of the preview's narrow columns (line, status), in points.
const NARROW_COLUMN_POINTS: f32 = 70.0;

/// Width of the preview's date columns, in points.
const DATE_COLUMN_POINTS: f32 = 150.0;

/// New entities the preview names before "and 3 more": a line's worth.
const ENTITIES_LISTED: usize = 8;

/// Longest sample cell shown beside a column's box, in characters.
const SAMPLE_CHARS: usize = 60;

/// The example in the path field.
pub const PATH_HINT: &str = "/path/to/file-to-import.csv (.csv, .json, .bib or .ris)";

/// What each format is called in the dialog.
#[must_use]
pub fn format_label(format: Format) -> &'static str {
    match format {
        Format::Csv => "Events — CSV (or a TimelineJS sheet)",
        Format::Json => "Annals notebook — JSON (merge by uid)",
        Format::TimelineJs => "Events — TimelineJS JSON",
        Format::Bibtex => "References — BibTeX / BibLaTeX",
        Format::Ris => "References — RIS",
        Format::CslJson => "References — CSL-JSON",
    }
}

/// What a column can become, as the mapping step names it (lowercase, as
/// `annals import --map` spells them).
#[must_use]
pub fn field_label(field: Field) -> &'static str {
    match field {
        Field::Title => "title",
        Field::Date => "date",
        Field::Start => "start",
        Field::End => "end",
        Field::Track => "track (group)",
        Field::Tags => "tags",
        Field::Description => "description",
        Field::Uid => "uid",
        Field::TimeZone => "time zone",
        Field::People => "people",
        Field::Organisations => "organisations",
        Field::Places => "places",
        Field::Ignore => "— not imported",
    }
}

/// True for a file the import dialog reads (by its extension), rather than
/// a text to add as a source.
#[must_use]
pub fn is_import_file(path: &Path) -> bool {
    Format::guess(path, &[]).is_some()
}

/// What is missing from a mapping for rows to be read, in the dialog's
/// words.
#[must_use]
pub fn mapping_problem(mapping: &Mapping) -> Option<&'static str> {
    if mapping.column(Field::Title).is_none() {
        return Some("Choose the column that holds the title.");
    }
    if mapping.column(Field::Date).is_none() && mapping.column(Field::Start).is_none() {
        return Some("Choose the column that holds the date (or a start and an end).");
    }
    if mapping.column(Field::End).is_some() && mapping.column(Field::Start).is_none() {
        return Some("An end column needs a start column.");
    }
    None
}

/// Maps column `index` to `field`; a column that had that field is not
/// imported from now on (a field comes from one column).
pub fn set_column(mapping: &mut Mapping, index: usize, field: Field) {
    if field != Field::Ignore {
        for f in &mut mapping.columns {
            if *f == field {
                *f = Field::Ignore;
            }
        }
    }
    if let Some(slot) = mapping.columns.get_mut(index) {
        *slot = field;
    }
}

/// What the worker is asked to read.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    /// Answers carry it back; only the latest is shown.
    pub seq: u64,
    /// The file.
    pub path: PathBuf,
    /// Its bytes, once read (a changed choice does not read it again).
    pub bytes: Option<Arc<Vec<u8>>>,
    /// The format the user chose; guessed when `None`.
    pub format: Option<Format>,
    /// The mapping the user chose (CSV); guessed from the headers when
    /// `None`.
    pub mapping: Option<Mapping>,
    /// The sides chosen for a merge's conflicts.
    pub choices: Choices,
}

/// How a CSV's columns were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableShape {
    /// The header row.
    pub headers: Vec<String>,
    /// The first row's cells, to show what each column holds.
    pub samples: Vec<String>,
    /// The mapping used.
    pub mapping: Mapping,
    /// Read as a TimelineJS sheet (its own column names), not mapped.
    pub template: bool,
    /// "UTF-8, comma-separated", and a notice for another encoding.
    pub reading: String,
}

/// One line of the events preview, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// `preview.rows[i]`.
    Row(usize),
    /// `preview.errors[i]`.
    Error(usize),
}

/// A reference file read as sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourcesPlan {
    /// Each record that reads: its line, whether it is new, its fields.
    pub rows: Vec<(u64, bool, SourceFields)>,
    /// The records that do not.
    pub errors: Vec<RowError>,
    /// The new sources, as one action.
    pub import: NotebookImport,
}

impl SourcesPlan {
    /// "3 new sources, 1 unchanged, 1 error".
    #[must_use]
    pub fn summary(&self) -> String {
        let new = self.import.sources.len();
        let errors = self.errors.len();
        format!(
            "{new} new source{}, {} unchanged, {errors} error{}",
            if new == 1 { "" } else { "s" },
            self.rows.len() - new,
            if errors == 1 { "" } else { "s" }
        )
    }
}

/// What a file holds, compared with the notebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanBody {
    /// Events (CSV, TimelineJS).
    Events {
        /// A CSV's columns; `None` for TimelineJS JSON.
        table: Option<TableShape>,
        /// What the mapping lacks, if anything (then nothing was read).
        mapping_error: Option<&'static str>,
        /// The rows, compared with the notebook.
        preview: Preview,
        /// The first [`PREVIEW_ROWS`] lines, rows and errors in file order.
        lines: Vec<Line>,
    },
    /// A notebook to merge.
    Merge(MergePreview),
    /// References, as sources.
    Sources(SourcesPlan),
}

/// The worker's answer.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The request it answers.
    pub seq: u64,
    /// The file.
    pub path: PathBuf,
    /// Its bytes, read once.
    pub bytes: Option<Arc<Vec<u8>>>,
    /// The format it was read as (`None`: the name does not tell).
    pub format: Option<Format>,
    /// What it holds, or why it cannot be read.
    pub body: Result<PlanBody, String>,
}

/// The file's name, for labels.
#[must_use]
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("Cannot read {}: {e}", path.display()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{} is {} MB; files over {} MB are not imported.",
            file_name(path),
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    std::fs::read(path).map_err(|e| format!("Cannot read {}: {e}", path.display()))
}

/// Reads the file `request` names and compares it with `notebook` (on the
/// import worker). `bodies` holds the notebook's source texts when a merge
/// may need them (empty otherwise).
#[must_use]
pub fn read_plan(request: &PlanRequest, notebook: &Notebook, bodies: &Bodies) -> Plan {
    let mut plan = Plan {
        seq: request.seq,
        path: request.path.clone(),
        bytes: request.bytes.clone(),
        format: request.format,
        body: Err(String::new()),
    };
    let bytes = match &request.bytes {
        Some(bytes) => Arc::clone(bytes),
        None => match read_bytes(&request.path) {
            Ok(bytes) => Arc::new(bytes),
            Err(e) => {
                plan.body = Err(e);
                return plan;
            }
        },
    };
    plan.bytes = Some(Arc::clone(&bytes));
    let Some(format) = request
        .format
        .or_else(|| Format::guess(&request.path, &bytes))
    else {
        plan.body = Err(format!(
            "The name {} does not say what it holds: choose its format.",
            file_name(&request.path)
        ));
        return plan;
    };
    plan.format = Some(format);
    plan.body = plan_body(request, format, &bytes, notebook, bodies);
    plan
}

fn plan_body(
    request: &PlanRequest,
    format: Format,
    bytes: &[u8],
    notebook: &Notebook,
    bodies: &Bodies,
) -> Result<PlanBody, String> {
    let name = file_name(&request.path);
    let cannot = |e: &dyn std::fmt::Display| format!("Cannot import {name}: {e}.");
    match format {
        Format::Csv => {
            let table = read_table(bytes).map_err(|e| cannot(&e))?;
            let mapping = request
                .mapping
                .clone()
                .filter(|m| m.columns.len() == table.headers.len());
            let template = mapping.is_none() && timelinejs::is_template(&table);
            let mapping = mapping.unwrap_or_else(|| Mapping::guess(&table.headers));
            let delimiter = match table.delimiter {
                b';' => "semicolon",
                b'\t' => "tab",
                _ => "comma",
            };
            let mut reading = format!("{}, {delimiter}-separated", table.encoding);
            if let Some(notice) = &table.notice {
                reading = format!("{reading} ({notice})");
            }
            let shape = TableShape {
                samples: table
                    .rows
                    .first()
                    .map(|(_, r)| r.iter().map(str::to_owned).collect())
                    .unwrap_or_default(),
                headers: table.headers.clone(),
                mapping: mapping.clone(),
                template,
                reading,
            };
            let problem = (!template).then(|| mapping_problem(&mapping)).flatten();
            let rows = match (template, problem) {
                (true, _) => timelinejs::rows_from_template(&table),
                (false, None) => crate::import::events::rows_from_table(&table, &mapping),
                (false, Some(_)) => Vec::new(),
            };
            Ok(events_body(Some(shape), problem, notebook, rows))
        }
        Format::TimelineJs => {
            let rows = timelinejs::rows_from_json(bytes).map_err(|e| cannot(&e))?;
            Ok(events_body(None, None, notebook, rows))
        }
        Format::Json => {
            let file = NotebookJson::from_slice(bytes).map_err(|e| cannot(&e))?;
            Ok(PlanBody::Merge(plan_with(
                &file,
                notebook,
                bodies,
                &request.choices,
                &name,
            )))
        }
        Format::Bibtex | Format::Ris | Format::CslJson => {
            let records = match format {
                Format::Bibtex => references::read_bibtex(bytes),
                Format::Ris => references::read_ris(bytes),
                _ => references::read_csl_json(bytes),
            }
            .map_err(|e| cannot(&e))?;
            Ok(PlanBody::Sources(sources_plan(records, notebook, &name)))
        }
    }
}

fn events_body(
    table: Option<TableShape>,
    mapping_error: Option<&'static str>,
    notebook: &Notebook,
    rows: Vec<Result<crate::import::events::Row, RowError>>,
) -> PlanBody {
    let preview = Preview::plan(notebook, rows);
    let lines = first_lines(&preview, PREVIEW_ROWS);
    PlanBody::Events {
        table,
        mapping_error,
        preview,
        lines,
    }
}

/// The first `n` lines of a preview, rows and errors merged in file order
/// (each list is in file order already).
#[must_use]
pub fn first_lines(preview: &Preview, n: usize) -> Vec<Line> {
    let (mut r, mut e) = (0, 0);
    let mut lines = Vec::with_capacity(n.min(preview.rows.len() + preview.errors.len()));
    while lines.len() < n {
        let row = preview.rows.get(r).map(|x| x.line);
        let error = preview.errors.get(e).map(|x| x.line);
        match (row, error) {
            (Some(a), Some(b)) if b < a => {
                lines.push(Line::Error(e));
                e += 1;
            }
            (Some(_), _) => {
                lines.push(Line::Row(r));
                r += 1;
            }
            (None, Some(_)) => {
                lines.push(Line::Error(e));
                e += 1;
            }
            (None, None) => break,
        }
    }
    lines
}

/// References compared with the notebook: a record with the title and URL
/// of a source the notebook (or the file before it) has is unchanged, as
/// `annals import` counts them.
#[must_use]
pub fn sources_plan(
    records: Vec<references::Record>,
    notebook: &Notebook,
    from: &str,
) -> SourcesPlan {
    let mut seen: std::collections::HashSet<(String, String)> = notebook
        .sources
        .iter()
        .map(|s| (s.title.clone(), s.url.clone()))
        .collect();
    let mut plan = SourcesPlan::default();
    plan.import.events.from = from.to_owned();
    for record in records {
        match record {
            Err(e) => plan.errors.push(e),
            Ok((line, fields)) => {
                let new = seen.insert((fields.title.clone(), fields.url.clone()));
                if new {
                    plan.import.sources.push((Uid::new(), fields.clone()));
                }
                plan.rows.push((line, new, fields));
            }
        }
    }
    plan
}

/// What the dialog asks the app for.
#[derive(Debug, Clone)]
pub enum ImportAsk {
    /// Show the native file dialog.
    Browse,
    /// Read the file (again) on the worker.
    Plan(PlanRequest),
    /// Write this action (one undo step) on the worker; `what` says what it
    /// imports ("1,000 events").
    Write {
        /// The action.
        action: Box<Action>,
        /// What it imports, for the status line.
        what: String,
    },
}

/// The Import dialog's state.
#[derive(Debug, Default)]
pub struct ImportDialog {
    open: bool,
    path_text: String,
    /// Why the path field is to be typed in (no native dialog), if so.
    note: Option<String>,
    format: Option<Format>,
    mapping: Option<Mapping>,
    choices: Choices,
    skip_invalid: bool,
    errors_only: bool,
    seq: u64,
    /// A plan is being read.
    pending: bool,
    plan: Option<Plan>,
    /// The action is being written ("Importing 1,000 events…").
    writing: Option<String>,
    /// The file's bytes, once read (a changed choice reads them again
    /// from here, not from the disk).
    bytes: Option<(PathBuf, Arc<Vec<u8>>)>,
    /// The notebook as it was when the dialog opened (the dialog is
    /// modal: nothing else changes it meanwhile).
    notebook: Option<Arc<Notebook>>,
    /// Its source texts, fetched for a merge.
    bodies: Option<Arc<Bodies>>,
}

impl ImportDialog {
    /// Opens the dialog on a copy of the read model, with a file to read
    /// at once (dropped, or chosen) if given.
    pub fn show(&mut self, notebook: Arc<Notebook>, path: Option<&Path>) -> Option<PlanRequest> {
        *self = Self {
            open: true,
            notebook: Some(notebook),
            seq: self.seq,
            ..Self::default()
        };
        path.map(|p| self.choose(p))
    }

    /// True while shown.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// True while the file is read or the import written.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.pending || self.writing.is_some()
    }

    /// True while the import is written.
    #[must_use]
    pub fn is_writing(&self) -> bool {
        self.writing.is_some()
    }

    /// Closes it.
    pub fn close(&mut self) {
        let seq = self.seq;
        *self = Self {
            seq,
            ..Self::default()
        };
    }

    /// Says why the path is to be typed (no native file dialog).
    pub fn note(&mut self, note: &str) {
        self.note = Some(note.to_owned());
    }

    /// The notebook the dialog compares with.
    #[must_use]
    pub fn notebook(&self) -> Option<&Arc<Notebook>> {
        self.notebook.as_ref()
    }

    /// The source texts, once fetched for a merge.
    #[must_use]
    pub fn bodies(&self) -> Option<&Arc<Bodies>> {
        self.bodies.as_ref()
    }

    /// Keeps the source texts fetched for a merge.
    pub fn set_bodies(&mut self, bodies: Arc<Bodies>) {
        self.bodies = Some(bodies);
    }

    /// The file read, with the choices made so far.
    #[must_use]
    pub fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
    }

    /// The summary line of what is read ("12 new, 3 updated, 2 unchanged,
    /// 1 error"), once read.
    #[must_use]
    pub fn summary(&self) -> Option<String> {
        match &self.plan.as_ref()?.body {
            Ok(PlanBody::Events {
                mapping_error: None,
                preview,
                ..
            }) => Some(preview.summary()),
            Ok(PlanBody::Merge(merge)) => Some(merge.summary()),
            Ok(PlanBody::Sources(sources)) => Some(sources.summary()),
            _ => None,
        }
    }

    /// Starts reading another file.
    pub fn choose(&mut self, path: &Path) -> PlanRequest {
        self.path_text = path.display().to_string();
        self.plan = None;
        self.bytes = None;
        self.format = None;
        self.mapping = None;
        self.choices = Choices::default();
        self.skip_invalid = false;
        self.errors_only = false;
        self.request()
    }

    /// A request for the current choices (the answer to an older one is
    /// dropped when it comes).
    fn request(&mut self) -> PlanRequest {
        self.seq += 1;
        self.pending = true;
        let path = PathBuf::from(self.path_text.trim());
        let bytes = self
            .bytes
            .as_ref()
            .filter(|(p, _)| *p == path)
            .map(|(_, b)| Arc::clone(b));
        PlanRequest {
            seq: self.seq,
            path,
            bytes,
            format: self.format,
            mapping: self.mapping.clone(),
            choices: self.choices.clone(),
        }
    }

    /// Takes the worker's answer, if it answers the latest request.
    pub fn land(&mut self, plan: Plan) {
        if plan.seq != self.seq || !self.open {
            return;
        }
        self.pending = false;
        if let Some(bytes) = &plan.bytes {
            self.bytes = Some((plan.path.clone(), Arc::clone(bytes)));
        }
        if let Ok(PlanBody::Events {
            table: Some(shape), ..
        }) = &plan.body
            && !shape.template
        {
            self.mapping = Some(shape.mapping.clone());
        }
        self.plan = Some(plan);
    }

    /// The worker stopped without an answer.
    pub fn failed(&mut self, why: &str) {
        self.pending = false;
        self.note = Some(why.to_owned());
    }

    /// The import was written (or not): on success the dialog closes.
    pub fn written(&mut self, ok: bool) {
        self.writing = None;
        if ok {
            self.close();
        }
    }

    /// Why Import all is refused now, if it is.
    fn refusal(&self) -> Option<String> {
        let plan = self.plan.as_ref()?;
        let body = plan.body.as_ref().ok()?;
        let (errors, nothing) = match body {
            PlanBody::Events {
                mapping_error,
                preview,
                ..
            } => {
                if let Some(problem) = mapping_error {
                    return Some((*problem).to_owned());
                }
                let c = preview.counts();
                (c.errors, c.new + c.updated == 0)
            }
            PlanBody::Merge(merge) => {
                let open = merge.unresolved();
                if open > 0 {
                    return Some(format!(
                        "Pick a side for {open} conflict{} first.",
                        if open == 1 { "" } else { "s" }
                    ));
                }
                (merge.errors.len(), merge.new + merge.updated() == 0)
            }
            PlanBody::Sources(sources) => (sources.errors.len(), sources.import.sources.is_empty()),
        };
        if errors > 0 && !self.skip_invalid {
            return Some(format!(
                "{errors} row{} cannot be imported: fix the file or the columns, or tick “Skip invalid rows”.",
                if errors == 1 { "" } else { "s" }
            ));
        }
        nothing.then(|| "Nothing to import: the notebook has all of it already.".to_owned())
    }

    /// The action Import all applies, and what it imports.
    fn action(&self) -> Option<(Action, String)> {
        let plan = self.plan.as_ref()?;
        let name = file_name(&plan.path);
        Some(match plan.body.as_ref().ok()? {
            PlanBody::Events { preview, .. } => {
                let c = preview.counts();
                let mut what = count(c.new, "event");
                if c.updated > 0 {
                    what = format!("{what} and updated {}", c.updated);
                }
                match preview.new_entities.len() {
                    0 => {}
                    1 => what.push_str(", adding 1 entity"),
                    n => what.push_str(&format!(", adding {n} entities")),
                }
                (Action::ImportEvents(preview.import(&name)), what)
            }
            PlanBody::Merge(merge) => (
                Action::ImportNotebook(Box::new(merge.import.clone())),
                format!(
                    "{} and {} from {name}",
                    count(merge.new, "new row"),
                    count(merge.updated(), "update")
                ),
            ),
            PlanBody::Sources(sources) => (
                Action::ImportNotebook(Box::new(sources.import.clone())),
                count(sources.import.sources.len(), "source"),
            ),
        })
    }

    /// Draws the dialog; returns what the user asked for.
    pub fn ui(&mut self, ui: &Ui, theme: &Theme) -> Option<ImportAsk> {
        if !self.open {
            return None;
        }
        let mut ask = None;
        let response = Modal::new(egui::Id::unique("import_dialog")).show(ui.ctx(), |ui| {
            ui.set_width(DIALOG_WIDTH_POINTS);
            ask = self.contents(ui, theme);
        });
        // Escape closes it; a click beside it does not (the choices made
        // would be lost).
        let _ = response;
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
        if escape && self.writing.is_none() && ask.is_none() {
            self.close();
        }
        ask
    }

    fn contents(&mut self, ui: &mut Ui, theme: &Theme) -> Option<ImportAsk> {
        let mut ask = None;
        ui.heading("Import");
        ui.label(
            RichText::new(
                "Events from a CSV or TimelineJS file, another Annals notebook (JSON) to merge, or references (BibTeX, RIS, CSL-JSON) as sources.",
            )
            .color(theme.weak_text),
        );
        ui.add_space(theme::SECTION_GAP_POINTS);
        let busy = self.writing.is_some();
        ui.horizontal(|ui| {
            let label = ui.label("File to import");
            let field = ui
                .add_enabled(
                    !busy,
                    egui::TextEdit::singleline(&mut self.path_text)
                        .hint_text(PATH_HINT)
                        .desired_width(PATH_FIELD_WIDTH_POINTS),
                )
                .labelled_by(label.id);
            let entered = (field.lost_focus() || field.has_focus())
                && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let read = ui
                .add_enabled(
                    !busy && !self.path_text.trim().is_empty(),
                    egui::Button::new("Read"),
                )
                .clicked();
            if (entered || read) && !self.path_text.trim().is_empty() {
                let path = PathBuf::from(self.path_text.trim());
                ask = Some(ImportAsk::Plan(self.choose(&path)));
            }
            if ui
                .add_enabled(!busy, egui::Button::new("Browse…"))
                .clicked()
            {
                ask = Some(ImportAsk::Browse);
            }
        });
        if let Some(note) = &self.note {
            ui.label(RichText::new(note).color(theme.weak_text));
        }
        if self.pending {
            ui.label(RichText::new("Reading the file…").color(theme.weak_text));
        }
        // Taken out while drawn (the choices below change `self`), and put
        // back unless a new file was chosen meanwhile.
        if let Some(plan) = self.plan.take() {
            ui.add_space(theme::SECTION_GAP_POINTS);
            if let Some(request) = self.format_row(ui, &plan) {
                ask = Some(ImportAsk::Plan(request));
            }
            match &plan.body {
                Err(e) => {
                    ui.label(RichText::new(e).color(theme.error_text));
                }
                Ok(body) => {
                    if let Some(request) = self.body_ui(ui, theme, body) {
                        ask = Some(ImportAsk::Plan(request));
                    }
                }
            }
            self.plan = Some(plan);
        }
        ui.add_space(theme::SECTION_GAP_POINTS);
        ui.separator();
        if let Some(what) = &self.writing {
            ui.label(format!("Importing {what}…"));
        }
        let refusal = self.refusal();
        let ready = self.plan.as_ref().is_some_and(|p| p.body.is_ok()) && !self.pending;
        ui.horizontal(|ui| {
            let can = ready && refusal.is_none() && !busy;
            let button = ui.add_enabled(can, egui::Button::new("Import all"));
            if button.clicked()
                && let Some((action, what)) = self.action()
            {
                self.writing = Some(what.clone());
                ask = Some(ImportAsk::Write {
                    action: Box::new(action),
                    what,
                });
            }
            if ui.add_enabled(!busy, egui::Button::new("Cancel")).clicked() {
                self.close();
            }
            if let (true, Some(why)) = (ready, &refusal) {
                ui.label(RichText::new(why).color(theme.weak_text));
            } else if ready && !busy {
                ui.label(
                    RichText::new("Imports as one step: Undo (Ctrl+Z) takes it back.")
                        .color(theme.weak_text),
                );
            }
        });
        ask
    }

    /// The format chooser; a change reads the file again.
    fn format_row(&mut self, ui: &mut Ui, plan: &Plan) -> Option<PlanRequest> {
        let mut chosen = plan.format;
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("Format")
                .width(theme::PATH_DIALOG_WIDTH_POINTS)
                .selected_text(chosen.map_or("Choose a format", format_label))
                .show_ui(ui, |ui| {
                    for format in Format::ALL {
                        ui.selectable_value(&mut chosen, Some(format), format_label(format));
                    }
                });
            if let Ok(PlanBody::Events {
                table: Some(shape), ..
            }) = &plan.body
            {
                ui.label(RichText::new(&shape.reading).weak());
            }
        });
        if chosen == plan.format || self.writing.is_some() {
            return None;
        }
        self.format = chosen;
        self.mapping = None;
        self.choices = Choices::default();
        Some(self.request())
    }

    fn body_ui(&mut self, ui: &mut Ui, theme: &Theme, body: &PlanBody) -> Option<PlanRequest> {
        match body {
            PlanBody::Events {
                table,
                mapping_error,
                preview,
                lines,
            } => {
                let mut request = None;
                if let Some(shape) = table {
                    request = self.mapping_ui(ui, shape);
                }
                if let Some(problem) = mapping_error {
                    ui.label(RichText::new(*problem).color(theme.error_text));
                    return request;
                }
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.strong(preview.summary());
                if let Some(entities) = preview.entities_summary(ENTITIES_LISTED) {
                    ui.label(format!("The import {entities}."));
                }
                self.errors_ui(ui, theme, &preview.errors);
                self.events_table(ui, theme, preview, lines);
                request
            }
            PlanBody::Merge(merge) => {
                ui.strong(merge.summary());
                let request = self.conflicts_ui(ui, theme, merge);
                let errors: Vec<RowError> = merge
                    .errors
                    .iter()
                    .map(|message| RowError {
                        line: 0,
                        message: message.clone(),
                    })
                    .collect();
                self.errors_ui(ui, theme, &errors);
                request
            }
            PlanBody::Sources(sources) => {
                ui.strong(sources.summary());
                self.errors_ui(ui, theme, &sources.errors);
                sources_table(ui, sources);
                None
            }
        }
    }

    /// The mapping step: a combo box per column; a change reads again.
    fn mapping_ui(&mut self, ui: &mut Ui, shape: &TableShape) -> Option<PlanRequest> {
        if shape.template {
            ui.label("Read as a TimelineJS sheet: its columns are used as TimelineJS names them.");
            return None;
        }
        ui.label("Each column becomes:");
        let mut mapping = shape.mapping.clone();
        egui::ScrollArea::horizontal()
            .id_salt("import_columns")
            .show(ui, |ui| {
                egui::Grid::new("import_mapping")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for (i, header) in shape.headers.iter().enumerate() {
                            let mut field =
                                mapping.columns.get(i).copied().unwrap_or(Field::Ignore);
                            let label = if header.is_empty() {
                                format!("column {}", i + 1)
                            } else {
                                header.clone()
                            };
                            egui::ComboBox::new(("import_column", i), label)
                                .selected_text(field_label(field))
                                .show_ui(ui, |ui| {
                                    for f in Field::ALL {
                                        ui.selectable_value(&mut field, f, field_label(f));
                                    }
                                });
                            let sample = shape.samples.get(i).map_or("", String::as_str);
                            ui.label(
                                RichText::new(crate::model::text::shortened(
                                    sample,
                                    SAMPLE_CHARS,
                                    crate::model::text::Cut::AnyChar,
                                ))
                                .weak(),
                            );
                            ui.end_row();
                            if Some(&field) != mapping.columns.get(i) {
                                set_column(&mut mapping, i, field);
                            }
                        }
                    });
            });
        if mapping == shape.mapping || self.writing.is_some() {
            return None;
        }
        self.mapping = Some(mapping);
        Some(self.request())
    }

    /// The rows that cannot be imported, by line, and Skip invalid rows.
    fn errors_ui(&mut self, ui: &mut Ui, theme: &Theme, errors: &[RowError]) {
        if errors.is_empty() {
            return;
        }
        ui.label(
            RichText::new(format!(
                "{} row{} cannot be imported:",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            ))
            .color(theme.error_text),
        );
        egui::ScrollArea::vertical()
            .id_salt("import_errors")
            .max_height(ERRORS_HEIGHT_POINTS)
            .show(ui, |ui| {
                for error in errors.iter().take(LISTED_ERRORS) {
                    let text = if error.line > 0 {
                        format!("line {}: {}", error.line, error.message)
                    } else {
                        error.message.clone()
                    };
                    ui.label(RichText::new(text).color(theme.error_text));
                }
                if errors.len() > LISTED_ERRORS {
                    ui.label(format!("and {} more", errors.len() - LISTED_ERRORS));
                }
            });
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.skip_invalid, "Skip invalid rows")
                .on_hover_text("Import the other rows and leave these out");
            ui.checkbox(&mut self.errors_only, "Show only rows with errors");
        });
    }

    fn events_table(&self, ui: &mut Ui, theme: &Theme, preview: &Preview, lines: &[Line]) {
        let shown: Vec<Line> = if self.errors_only {
            (0..preview.errors.len().min(PREVIEW_ROWS))
                .map(Line::Error)
                .collect()
        } else {
            lines.to_vec()
        };
        let total = preview.rows.len() + preview.errors.len();
        if total > shown.len() && !self.errors_only {
            ui.label(
                RichText::new(format!("The first {} of {total} rows:", shown.len()))
                    .color(theme.weak_text),
            );
        }
        let who = preview.rows.iter().any(|r| !r.roles.is_empty());
        ui.push_id("import_preview", |ui| {
            let mut table = TableBuilder::new(ui)
                .striped(true)
                .max_scroll_height(PREVIEW_HEIGHT_POINTS)
                .min_scrolled_height(
                    PREVIEW_HEIGHT_POINTS
                        .min((shown.len() as f32 + 1.0) * theme::LIST_ROW_HEIGHT_POINTS),
                )
                .column(Column::exact(NARROW_COLUMN_POINTS))
                .column(Column::exact(NARROW_COLUMN_POINTS))
                .column(
                    Column::remainder()
                        .at_least(theme::NAME_COLUMN_POINTS)
                        .clip(true),
                )
                .column(Column::exact(DATE_COLUMN_POINTS).clip(true))
                .column(Column::exact(DATE_COLUMN_POINTS).clip(true))
                .column(Column::initial(theme::NAME_COLUMN_POINTS).clip(true))
                .column(Column::initial(theme::NAME_COLUMN_POINTS).clip(true));
            // Who and where only when the file names entities.
            if who {
                table = table.column(Column::initial(theme::NAME_COLUMN_POINTS).clip(true));
            }
            table
                .header(theme::LIST_ROW_HEIGHT_POINTS, |mut row| {
                    for name in [
                        "Line",
                        "Status",
                        "Title",
                        "Date",
                        "Read from",
                        "Track",
                        "Tags",
                    ] {
                        row.col(|ui| {
                            ui.strong(name);
                        });
                    }
                    if who {
                        row.col(|ui| {
                            ui.strong("Who and where");
                        });
                    }
                })
                .body(|body| {
                    body.rows(theme::LIST_ROW_HEIGHT_POINTS, shown.len(), |mut row| {
                        match shown[row.index()] {
                            Line::Row(i) => {
                                let r = &preview.rows[i];
                                let status = match r.status {
                                    Status::Updated => {
                                        format!("updated ({})", r.changed.join(", "))
                                    }
                                    s => s.name().to_owned(),
                                };
                                let cells = [
                                    r.line.to_string(),
                                    status,
                                    r.fields.title.clone(),
                                    r.fields.date.display(),
                                    r.date_text.clone(),
                                    r.fields.track.clone().unwrap_or_default(),
                                    r.fields.tags.join(", "),
                                ];
                                for cell in cells {
                                    row.col(|ui| {
                                        ui.label(cell);
                                    });
                                }
                                if who {
                                    let text = roles_text(&r.roles);
                                    row.col(|ui| {
                                        ui.label(&text).on_hover_text(&text);
                                    });
                                }
                            }
                            Line::Error(i) => {
                                let e = &preview.errors[i];
                                // A bad row is highlighted and says why.
                                row.set_selected(true);
                                row.col(|ui| {
                                    ui.label(
                                        RichText::new(e.line.to_string()).color(theme.error_text),
                                    );
                                });
                                row.col(|ui| {
                                    ui.label(RichText::new("⚠ error").color(theme.error_text));
                                });
                                row.col(|ui| {
                                    ui.label(RichText::new(&e.message).color(theme.error_text))
                                        .on_hover_text(&e.message);
                                });
                                for _ in 0..(4 + usize::from(who)) {
                                    row.col(|_| {});
                                }
                            }
                        }
                    });
                });
        });
    }

    /// A merge's conflicts: the side of each, or of all at once.
    fn conflicts_ui(
        &mut self,
        ui: &mut Ui,
        theme: &Theme,
        merge: &MergePreview,
    ) -> Option<PlanRequest> {
        if merge.conflicts.is_empty() {
            return None;
        }
        let before = self.choices.clone();
        ui.add_space(theme::SECTION_GAP_POINTS);
        ui.label(format!(
            "{} row{} both notebooks have with different content (same uid). Keep yours, or take theirs, for each:",
            merge.conflicts.len(),
            if merge.conflicts.len() == 1 { " is in" } else { "s are in" }
        ));
        ui.horizontal(|ui| {
            if ui.button("All mine").clicked() {
                self.choices.choose_all(Prefer::Mine);
            }
            if ui.button("All theirs").clicked() {
                self.choices.choose_all(Prefer::Theirs);
            }
            let open = merge.unresolved();
            if open > 0 {
                ui.label(RichText::new(format!("{open} not decided yet")).color(theme.error_text));
            }
        });
        egui::ScrollArea::vertical()
            .id_salt("import_conflicts")
            .max_height(CONFLICTS_HEIGHT_POINTS)
            .show(ui, |ui| {
                egui::Grid::new("import_conflicts_grid")
                    .num_columns(5)
                    .striped(true)
                    .show(ui, |ui| {
                        for name in ["Kind", "Mine", "Theirs", "Differs in", "Keep"] {
                            ui.strong(name);
                        }
                        ui.end_row();
                        for (i, c) in merge.conflicts.iter().enumerate() {
                            ui.label(c.kind);
                            ui.label(&c.title);
                            ui.label(&c.theirs);
                            ui.label(c.fields.join(", "));
                            if c.choosable() {
                                ui.push_id(("conflict", i), |ui| {
                                    ui.horizontal(|ui| {
                                        let mut side = c.side;
                                        ui.radio_value(
                                            &mut side,
                                            Some(Prefer::Mine),
                                            format!("mine: {}", c.title),
                                        )
                                        .on_hover_text("Keep the notebook's");
                                        ui.radio_value(
                                            &mut side,
                                            Some(Prefer::Theirs),
                                            format!("theirs: {}", c.theirs),
                                        )
                                        .on_hover_text("Take the file's");
                                        if side != c.side
                                            && let Some(side) = side
                                        {
                                            self.choices.choose(c.kind, &c.uid, side);
                                        }
                                    });
                                });
                            } else {
                                ui.label(
                                    RichText::new("mine (its range follows the source's text)")
                                        .weak(),
                                );
                            }
                            ui.end_row();
                        }
                    });
            });
        if self.choices == before || self.writing.is_some() {
            return None;
        }
        Some(self.request())
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn sources_table(ui: &mut Ui, sources: &SourcesPlan) {
    let shown = sources.rows.len().min(PREVIEW_ROWS);
    ui.push_id("import_sources", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(PREVIEW_HEIGHT_POINTS)
            .column(Column::exact(NARROW_COLUMN_POINTS))
            .column(Column::exact(NARROW_COLUMN_POINTS))
            .column(
                Column::remainder()
                    .at_least(theme::NAME_COLUMN_POINTS)
                    .clip(true),
            )
            .column(Column::initial(DATE_COLUMN_POINTS).clip(true))
            .column(Column::exact(DATE_COLUMN_POINTS).clip(true))
            .header(theme::LIST_ROW_HEIGHT_POINTS, |mut row| {
                for name in ["Record", "Status", "Title", "Author", "Published"] {
                    row.col(|ui| {
                        ui.strong(name);
                    });
                }
            })
            .body(|body| {
                body.rows(theme::LIST_ROW_HEIGHT_POINTS, shown, |mut row| {
                    let (line, new, fields) = &sources.rows[row.index()];
                    let cells = [
                        line.to_string(),
                        if *new { "new" } else { "unchanged" }.to_owned(),
                        fields.title.clone(),
                        fields.author.clone(),
                        fields
                            .published
                            .as_ref()
                            .map(Date::display)
                            .unwrap_or_default(),
                    ];
                    for cell in cells {
                        row.col(|ui| {
                            ui.label(cell);
                        });
                    }
                });
            });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_change_moves_a_field_from_its_old_column() {
        let headers: Vec<String> = ["Что", "Когда", "Date"].map(str::to_owned).to_vec();
        let mut mapping = Mapping::guess(&headers);
        assert_eq!(
            mapping.columns,
            vec![Field::Ignore, Field::Ignore, Field::Date]
        );
        assert!(mapping_problem(&mapping).is_some());
        set_column(&mut mapping, 0, Field::Title);
        set_column(&mut mapping, 1, Field::Date);
        assert_eq!(
            mapping.columns,
            vec![Field::Title, Field::Date, Field::Ignore]
        );
        assert_eq!(mapping_problem(&mapping), None);
        set_column(&mut mapping, 2, Field::End);
        assert_eq!(
            mapping_problem(&mapping),
            Some("An end column needs a start column.")
        );
    }

    #[test]
    fn import_files_are_told_from_sources_by_name() {
        for name in ["a.csv", "b.TSV", "c.json", "d.bib", "e.ris"] {
            assert!(is_import_file(Path::new(name)), "{name}");
        }
        for name in ["a.txt", "b.md", "c.html", "d.pdf", "noext"] {
            assert!(!is_import_file(Path::new(name)), "{name}");
        }
    }

    fn plan_of(csv: &str, mapping: Option<Mapping>) -> Plan {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("события.csv");
        std::fs::write(&path, csv).unwrap();
        read_plan(
            &PlanRequest {
                seq: 1,
                path,
                bytes: None,
                format: None,
                mapping,
                choices: Choices::default(),
            },
            &Notebook::default(),
            &Bodies::new(),
        )
    }

    #[test]
    fn a_csv_is_read_in_file_order_with_its_errors_between_the_rows() {
        let plan = plan_of(
            "Headline,When\nA,Sept 2023\nB,Smarch\nC,2023-09-13\n,2024\nD,c. 1850\n",
            None,
        );
        assert_eq!(plan.format, Some(Format::Csv));
        let Ok(PlanBody::Events {
            preview,
            lines,
            table,
            ..
        }) = plan.body
        else {
            panic!("{:?}", plan.body)
        };
        assert_eq!(preview.summary(), "3 new, 0 updated, 0 unchanged, 2 errors");
        assert_eq!(
            lines,
            vec![
                Line::Row(0),
                Line::Error(0),
                Line::Row(1),
                Line::Error(1),
                Line::Row(2)
            ]
        );
        assert_eq!(table.unwrap().samples, vec!["A", "Sept 2023"]);
        // Without a title column nothing is read, and the dialog says why.
        let mut mapping = Mapping::guess(&["Headline".to_owned(), "When".to_owned()]);
        set_column(&mut mapping, 0, Field::Description);
        let plan = plan_of("Headline,When\nA,2023\n", Some(mapping));
        let Ok(PlanBody::Events {
            mapping_error,
            preview,
            ..
        }) = plan.body
        else {
            panic!()
        };
        assert_eq!(
            mapping_error,
            Some("Choose the column that holds the title.")
        );
        assert!(preview.rows.is_empty());
    }

    #[test]
    fn an_unreadable_file_says_why() {
        let plan = plan_of("", None);
        assert!(plan.body.unwrap_err().contains("empty"));
        let plan = read_plan(
            &PlanRequest {
                seq: 2,
                path: PathBuf::from("/nonexistent/x.csv"),
                bytes: None,
                format: None,
                mapping: None,
                choices: Choices::default(),
            },
            &Notebook::default(),
            &Bodies::new(),
        );
        assert!(plan.body.unwrap_err().starts_with("Cannot read"));
    }
}
