//! The command-line interface: every command works through the same store
//! and actions as the app, so anything scripted here is undoable there.

mod date;
mod entities;
mod events;
mod evidence;
mod export;
mod filter;
mod generate;
mod import;
mod notebook;
pub mod output;
mod safety;
mod sources;
mod suggest;
mod tracks;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};

use crate::store::Store;
use output::errln;

/// Exit code for input the user must correct or a refused notebook (clap
/// uses the same code for usage errors).
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code of `annals check` and `annals salvage` when they found
/// problems.
pub const EXIT_PROBLEMS: u8 = 1;

/// Annals, a timeline research notebook. Without a command it opens the
/// window on PATH, or on the default notebook.
#[derive(Debug, Parser)]
#[command(name = "annals", version, about)]
pub struct Cli {
    /// The command to run; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A notebook to open in the window.
    pub path: Option<PathBuf>,
}

/// Which notebook a command works on.
#[derive(Debug, Args)]
pub struct NotebookArg {
    /// The notebook file.
    #[arg(short = 'n', long = "file", value_name = "PATH")]
    pub path: PathBuf,
}

impl NotebookArg {
    /// Opens the notebook to change it.
    fn open(&self) -> anyhow::Result<Store> {
        opened(Store::open(&self.path), &self.path)
    }

    /// Opens the notebook only to read it: the file is never written or
    /// upgraded.
    fn open_read_only(&self) -> anyhow::Result<Store> {
        opened(Store::open_read_only(&self.path), &self.path)
    }
}

/// Tells the user what the opening noticed, and names the file on error.
fn opened(store: crate::store::StoreResult<Store>, path: &Path) -> anyhow::Result<Store> {
    let store = store.with_context(|| format!("cannot open {}", path.display()))?;
    for notice in store.notices() {
        errln!("notice: {notice}");
    }
    Ok(store)
}

/// The commands of the CLI.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how Annals reads a date: EDTF, display text, precision and bounds.
    Date(date::DateArgs),
    /// Create a new, empty notebook.
    New {
        /// Where to create it (must not exist).
        path: PathBuf,
    },
    /// Create a synthetic notebook of many events (benchmarks, demos).
    Generate(generate::GenerateArgs),
    /// Create a notebook filled with the demo research.
    Demo {
        /// Where to create it (must not exist).
        path: PathBuf,
    },
    /// Add, list, edit or delete events.
    #[command(subcommand)]
    Event(events::EventCommand),
    /// Add, show or edit sources.
    #[command(subcommand)]
    Source(sources::SourceCommand),
    /// Cut excerpts out of sources.
    #[command(subcommand)]
    Excerpt(sources::ExcerptCommand),
    /// Record that an excerpt supports an event.
    Link(sources::LinkArgs),
    /// Remove that record.
    Unlink(sources::LinkArgs),
    /// Add notes.
    #[command(subcommand)]
    Note(sources::NoteCommand),
    /// Show an event with its excerpts and notes.
    Show(events::ShowArgs),
    /// Search events, sources, excerpts and notes.
    Search(notebook::SearchArgs),
    /// Undo the last change.
    Undo(NotebookArg),
    /// Redo the last undone change.
    Redo(NotebookArg),
    /// List what was done, newest first; set how much history is kept.
    History(notebook::HistoryArgs),
    /// Check the notebook's integrity; exits 1 if there are problems.
    Check(NotebookArg),
    /// Find the dates in a text and read them against its publication date.
    Suggest(suggest::SuggestArgs),
    /// Make a verified backup now, list the backups, or restore one.
    Backup(safety::BackupArgs),
    /// Copy every readable row of a damaged notebook into a new one.
    Salvage(safety::SalvageArgs),
    /// Copy a notebook without schema objects Annals did not create.
    Repair(safety::RepairArgs),
    /// Copy a notebook; `--clean` leaves out history and deleted text.
    Copy(safety::CopyArgs),
    /// Write the chronology (Markdown, HTML, DOCX, PDF), the timeline (SVG, PNG, PDF),
    /// TimelineJS JSON, the read-only HTML page, CSV or JSON.
    Export(export::ExportArgs),
    /// Tracks (timeline lanes): list, rename, recolour, hide, reorder, delete.
    #[command(subcommand)]
    Track(tracks::TrackCommand),
    /// Tags: list with counts, rename, merge, delete.
    #[command(subcommand)]
    Tag(tracks::TagCommand),
    /// Saved views (named filters): list, save, delete.
    #[command(subcommand)]
    View(tracks::ViewCommand),
    /// Import events or sources from a CSV, TimelineJS, Annals JSON, BibTeX,
    /// RIS or CSL-JSON file, previewed, as one undoable step.
    Import(import::ImportArgs),
    /// Review the evidence: unsupported, single-source and disputed events,
    /// lost, unused and drifted excerpts, dates no event uses.
    Review(evidence::ReviewArgs),
    /// People, organisations, places and your own kinds: add, list, show,
    /// edit, delete.
    #[command(subcommand)]
    Entity(entities::EntityCommand),
    /// Put an entity on an event (or a source) in a role.
    Involve(entities::InvolveArgs),
    /// Take an entity off an event (or a source).
    Uninvolve(entities::InvolveArgs),
    /// Link two events: causes, precedes, part-of, responds-to, contradicts
    /// or a kind of your own.
    Relate(entities::RelateArgs),
    /// Remove a link between two events.
    Unrelate(entities::RelateArgs),
}

/// Runs a CLI command, printing errors to stderr. `Ok(None)` means "no
/// command: open the window".
#[must_use]
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Date(args) => date::run(&args),
        Command::New { path } => notebook::new(&path, false),
        Command::Demo { path } => notebook::new(&path, true),
        Command::Generate(args) => generate::run(&args),
        Command::Event(command) => events::run(command),
        Command::Source(command) => sources::run_source(command),
        Command::Excerpt(command) => sources::run_excerpt(command),
        Command::Link(args) => sources::link(&args, true),
        Command::Unlink(args) => sources::link(&args, false),
        Command::Note(command) => sources::run_note(command),
        Command::Show(args) => events::show(&args),
        Command::Search(args) => notebook::search(&args),
        Command::Undo(args) => notebook::undo(&args, true),
        Command::Redo(args) => notebook::undo(&args, false),
        Command::History(args) => notebook::history(&args),
        Command::Check(args) => notebook::check(&args),
        Command::Suggest(args) => suggest::run(&args),
        Command::Backup(args) => safety::backup(&args),
        Command::Salvage(args) => safety::salvage(&args),
        Command::Repair(args) => safety::repair(&args),
        Command::Copy(args) => safety::copy(&args),
        Command::Export(args) => export::run(&args),
        Command::Track(command) => tracks::run_track(command),
        Command::Tag(command) => tracks::run_tag(command),
        Command::View(command) => tracks::run_view(command),
        Command::Import(args) => import::run(&args),
        Command::Review(args) => evidence::run_review(&args),
        Command::Entity(command) => entities::run_entity(command),
        Command::Involve(args) => entities::involve(&args, true),
        Command::Uninvolve(args) => entities::involve(&args, false),
        Command::Relate(args) => entities::relate(&args, true),
        Command::Unrelate(args) => entities::relate(&args, false),
    };
    match result {
        Ok(code) => code,
        // `annals event list | head -1`: the reader has all it wanted.
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            errln!("error: {}", one_line(&format!("{error:#}")));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// An error message on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a date argument, naming the option in the error.
fn parse_date(option: &str, text: &str) -> anyhow::Result<crate::model::date::Date> {
    crate::model::date::Date::parse(text).with_context(|| format!("{option} “{text}”"))
}

/// Prints a value as pretty JSON (exact: JSON escapes control characters
/// itself).
fn print_json(value: &impl serde::Serialize) -> anyhow::Result<ExitCode> {
    output::raw(&serde_json::to_string_pretty(value)?)?;
    Ok(ExitCode::SUCCESS)
}
