//! Getting the chronology out: reports with cited excerpts and data files.
//!
//! Every export is the same three steps, whatever the format:
//!
//! 1. a [`Scope`] picks the events with the one filter model (the whole
//!    notebook, a date range, tracks and tags, words, evidence, …), in
//!    chronological order with ties kept stable;
//! 2. a [`Job`] bundles them with the read model ([`Notebook`]), the source
//!    texts a format needs ([`Bodies`]), the [`Options`] and a progress
//!    callback that can cancel;
//! 3. the format's [`Writer`] turns the job into bytes.
//!
//! [`file::write_new`] puts those bytes on disk safely: never over an
//! existing file unless asked, through a temporary file beside the target
//! renamed into place, so a failed or cancelled export leaves nothing behind.
//!
//! The module knows no egui and no SQL: the CLI (and later the app) reads
//! the notebook through the store's public API and hands the read model in.

mod citation;
pub mod csv;
mod docx;
pub mod file;
mod html;
pub mod json;
mod markdown;
mod pdf;
pub mod picture;
mod report;
mod rich;
mod scope;
mod text;
mod timelinejs;

use std::collections::HashMap;
use std::io::Write;

pub use citation::Citation;
pub use scope::Scope;

use crate::model::{Event, Notebook, SourceId};
use crate::store::{Store, StoreError};

/// What an export produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The chronology report as Markdown with `[^1]` footnotes.
    Markdown,
    /// The chronology report as one self-contained, printable HTML file.
    Html,
    /// The chronology report as a Word document with real footnotes.
    Docx,
    /// The chronology report as a PDF.
    Pdf,
    /// The timeline as an SVG picture.
    Svg,
    /// The timeline as a PNG image ([`Options::width_px`] wide).
    Png,
    /// The timeline as a PDF paged for [`Options::paper`], landscape.
    TimelinePdf,
    /// TimelineJS's JSON for publishing the events as a timeline.
    TimelineJs,
    /// The read-only HTML page: the timeline picture and the chronology in
    /// one self-contained file.
    Page,
    /// One row per event, for spreadsheets.
    Csv,
    /// The whole notebook (or the scope) as lossless JSON, see [`json`].
    Json,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Self; 11] = [
        Self::Markdown,
        Self::Html,
        Self::Docx,
        Self::Pdf,
        Self::Svg,
        Self::Png,
        Self::TimelinePdf,
        Self::TimelineJs,
        Self::Page,
        Self::Csv,
        Self::Json,
    ];

    /// The name the CLI takes (`--format timelinejs`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::Docx => "docx",
            Self::Pdf => "pdf",
            Self::Svg => "svg",
            Self::Png => "png",
            Self::TimelinePdf => "timeline-pdf",
            Self::TimelineJs => "timelinejs",
            Self::Page => "page",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// Reads a name written by [`Format::name`].
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What a file of this format is called when only a folder is given:
    /// the notebook's name and this suffix.
    #[must_use]
    pub const fn file_suffix(self) -> &'static str {
        match self {
            Self::Markdown => "-chronology.md",
            Self::Html => "-chronology.html",
            Self::Docx => "-chronology.docx",
            Self::Pdf => "-chronology.pdf",
            Self::Svg => "-timeline.svg",
            Self::Png => "-timeline.png",
            Self::TimelinePdf => "-timeline.pdf",
            Self::TimelineJs => "-timelinejs.json",
            Self::Page => "-page.html",
            Self::Csv => "-events.csv",
            Self::Json => "-notebook.json",
        }
    }

    /// True when the writer needs the full text of sources (only the
    /// lossless JSON does; the others cite sources by their details).
    #[must_use]
    pub const fn needs_bodies(self) -> bool {
        matches!(self, Self::Json)
    }

    /// The writer for this format.
    #[must_use]
    pub fn writer(self) -> &'static dyn Writer {
        match self {
            Self::Markdown => &markdown::MarkdownWriter,
            Self::Html => &html::HtmlWriter,
            Self::Docx => &docx::DocxWriter,
            Self::Pdf => &pdf::PdfWriter,
            Self::Svg => &picture::SvgWriter,
            Self::Png => &picture::PngWriter,
            Self::TimelinePdf => &picture::TimelinePdfWriter,
            Self::TimelineJs => &timelinejs::TimelineJsWriter,
            Self::Page => &picture::PageWriter,
            Self::Csv => &csv::CsvWriter,
            Self::Json => &json::JsonWriter,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an export failed. Everything but [`ExportError::Io`] and
/// [`ExportError::Store`] is the user's to correct.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The scope or the options are wrong ("there is no track 'Militray'").
    #[error("{0}")]
    Invalid(String),
    /// The target exists and replacing it was not asked for.
    #[error("{} exists; pass --force to replace it", .0.display())]
    Exists(std::path::PathBuf),
    /// The progress callback asked to stop.
    #[error("the export was cancelled")]
    Cancelled,
    /// No usable font was found for the PDF.
    #[error("{0}")]
    Fonts(String),
    /// The PDF library refused the document.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    /// Reading the notebook failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The error.
        source: std::io::Error,
    },
}

impl ExportError {
    /// An I/O error with what was being done.
    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Self {
        let context = context.into();
        move |source| Self::Io { context, source }
    }
}

impl From<std::io::Error> for ExportError {
    fn from(source: std::io::Error) -> Self {
        Self::Io {
            context: "cannot write the export".to_owned(),
            source,
        }
    }
}

/// Result of an export step.
pub type ExportResult<T> = Result<T, ExportError>;

/// The full texts of sources, by id, fetched through the store for the
/// formats that need them ([`Format::needs_bodies`]).
pub type Bodies = HashMap<SourceId, String>;

/// Fetches the text of every source in `notebook` through the store.
///
/// # Errors
/// A store error.
pub fn fetch_bodies(store: &Store, notebook: &Notebook) -> ExportResult<Bodies> {
    notebook
        .sources
        .iter()
        .map(|s| Ok((s.id, store.source_body(s.id)?)))
        .collect()
}

/// How the chronology report is arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GroupBy {
    /// One entry per event, in date order (the report as it always was).
    #[default]
    Date,
    /// One section per entity on the events (people, then organisations,
    /// then places, then the user's own kinds; by name within a kind), its
    /// events in date order with the entity's role; the events no entity is
    /// on close the report under "Other events". An event with two
    /// entities is under both.
    Entity,
}

impl GroupBy {
    /// Every arrangement, in the order the CLI lists them.
    pub const ALL: [Self; 2] = [Self::Date, Self::Entity];

    /// The name the CLI takes (`--group-by entity`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Date => "date",
            Self::Entity => "entity",
        }
    }

    /// Reads a name written by [`GroupBy::name`].
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().to_lowercase();
        Self::ALL.into_iter().find(|g| g.name() == name)
    }
}

impl Format {
    /// True for the chronology report's formats, the ones
    /// [`Options::group_by`] arranges.
    #[must_use]
    pub const fn is_report(self) -> bool {
        matches!(self, Self::Markdown | Self::Html | Self::Docx | Self::Pdf)
    }
}

/// Settings of an export. Those of one format (the picture's width, the
/// timeline PDF's paper) have a default and are ignored by the others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// The report's title (the CLI passes the notebook's name).
    pub title: String,
    /// When the export was made (RFC 3339), printed in reports and JSON;
    /// `None` leaves it out (golden tests).
    pub generated: Option<String>,
    /// Width of a PNG in pixels; `None`: [`picture::PICTURE_WIDTH_POINTS`].
    pub width_px: Option<u32>,
    /// Paper of the timeline PDF.
    pub paper: picture::Paper,
    /// The window of time a picture shows (the app's "current view");
    /// `None`: the scope's dates, or the whole extent.
    pub view: Option<crate::timeline::scale::TimeView>,
    /// How the chronology report is arranged (the report formats only).
    pub group_by: GroupBy,
}

/// The progress callback: `(done, total)` events; returning `false`
/// cancels the export.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) -> bool + Sync);

/// Events between two calls of the progress callback: often enough for a
/// progress bar to move smoothly on 100,000 events, rarely enough that a
/// callback taking a lock costs nothing measurable.
const PROGRESS_EVERY_EVENTS: usize = 512;

/// Everything a writer needs.
pub struct Job<'a> {
    /// The read model.
    pub notebook: &'a Notebook,
    /// The events in scope, in chronological order.
    pub events: Vec<&'a Event>,
    /// The scope they were chosen by.
    pub scope: &'a Scope,
    /// Source texts, for the formats that need them.
    pub bodies: &'a Bodies,
    /// Settings.
    pub options: &'a Options,
    progress: Progress<'a>,
    warnings: std::sync::Mutex<Vec<String>>,
}

impl std::fmt::Debug for Job<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("events", &self.events.len())
            .field("scope", &self.scope)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<'a> Job<'a> {
    /// Selects the events of `scope` and prepares the job.
    ///
    /// # Errors
    /// [`ExportError::Invalid`] when the scope names a track or tag the
    /// notebook lacks or its dates are the wrong way round.
    pub fn new(
        notebook: &'a Notebook,
        scope: &'a Scope,
        bodies: &'a Bodies,
        options: &'a Options,
        progress: Progress<'a>,
    ) -> ExportResult<Self> {
        let events = scope.select(notebook)?;
        Ok(Self {
            notebook,
            events,
            scope,
            bodies,
            options,
            progress,
            warnings: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Records something the user should know about a finished export
    /// ("no installed font has these characters").
    pub fn warn(&self, message: String) {
        if let Ok(mut warnings) = self.warnings.lock() {
            warnings.push(message);
        }
    }

    /// Writes the job in `format` to `out`; returns the writer's warnings
    /// (see [`Job::warn`]).
    ///
    /// # Errors
    /// See [`Writer::write`].
    pub fn run(&self, format: Format, out: &mut dyn Write) -> ExportResult<Vec<String>> {
        format.writer().write(self, out)?;
        Ok(self.warnings())
    }

    /// What the writer warned about.
    #[must_use]
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// The report's title: the option, or "Notebook" when it is blank.
    #[must_use]
    pub fn title(&self) -> &str {
        let title = self.options.title.trim();
        if title.is_empty() { "Notebook" } else { title }
    }

    /// Reports that `done` of the job's events are written; every
    /// [`PROGRESS_EVERY_EVENTS`] events and at the end it calls the
    /// callback.
    ///
    /// # Errors
    /// [`ExportError::Cancelled`] when the callback asks to stop.
    pub fn tick(&self, done: usize) -> ExportResult<()> {
        self.tick_in(done, self.events.len())
    }

    /// [`Job::tick`] for `done` of `total` items other than the job's
    /// events (the report grouped by entity has an entry per event and
    /// entity, so more entries than events).
    ///
    /// # Errors
    /// [`ExportError::Cancelled`] when the callback asks to stop.
    pub fn tick_in(&self, done: usize, total: usize) -> ExportResult<()> {
        if (done.is_multiple_of(PROGRESS_EVERY_EVENTS) || done == total)
            && !(self.progress)(done, total)
        {
            return Err(ExportError::Cancelled);
        }
        Ok(())
    }
}

impl Job<'_> {
    /// Reports progress in other units than events (pages of the timeline
    /// PDF); returns false when the export should stop.
    #[must_use]
    pub fn tick_of(&self, done: usize, total: usize) -> bool {
        (self.progress)(done, total)
    }
}

/// Turns a job into the bytes of one format.
pub trait Writer: Sync {
    /// Writes the export to `out`. A writer may buffer (DOCX and PDF are
    /// assembled in memory and written at the end).
    ///
    /// # Errors
    /// An [`ExportError`]; `out` may then hold part of the export, which is
    /// why [`file::write_new`] writes to a temporary file.
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()>;
}

/// A progress callback that never cancels.
pub fn no_progress() -> Progress<'static> {
    &|_, _| true
}

/// Exports to memory (tests, the app's preview).
///
/// # Errors
/// See [`Job::new`] and [`Writer::write`].
pub fn export_to_vec(
    format: Format,
    notebook: &Notebook,
    scope: &Scope,
    bodies: &Bodies,
    options: &Options,
) -> ExportResult<Vec<u8>> {
    let mut out = Vec::new();
    Job::new(notebook, scope, bodies, options, no_progress())?.run(format, &mut out)?;
    Ok(out)
}
