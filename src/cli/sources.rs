//! `annals source …`, `annals excerpt …`, `annals link`/`unlink`, `annals note …`.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{errln, outln};
use anyhow::Context as _;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::events::capitalised;
use super::{NotebookArg, parse_date, print_json};
use crate::action::{Action, Created, EventFields, ExcerptRange, SourceFields};
use crate::extract::recheck::rechecks;
use crate::import;
use crate::model::date::Date;
use crate::model::pages::KeptBytes;
use crate::model::text::{Cut, occurrences, shortened};
use crate::model::{EventId, Excerpt, ExcerptId, NoteId, NoteOwner, Notebook, Source, SourceId};
use crate::store::Store;

/// `annals source` subcommands.
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source from a file (`-` reads standard input); prints its id.
    Add(SourceAddArgs),
    /// List the sources, by title.
    List(SourceListArgs),
    /// Show a source: its details, its text and its excerpts.
    Show(SourceShowArgs),
    /// Change a source's details, and its text from a file (`-` reads
    /// standard input): one undoable step. Its excerpts follow their
    /// quotes, and those whose quote is gone are reported lost.
    Edit(SourceEditArgs),
    /// Delete a source with its excerpts and notes (undo brings it back).
    Delete(IdArgs),
    /// Write the original file kept in the notebook for a source, byte for
    /// byte (checked against the SHA-256 recorded at import).
    Original(SourceOriginalArgs),
}

/// Arguments of `annals source original`.
#[derive(Debug, Args)]
pub struct SourceOriginalArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The source's id.
    id: i64,
    /// Where to write the file.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
}

/// `--keep-original` / `--no-keep-original` of `source add` and `source edit`.
#[derive(Debug, Args)]
pub struct KeepArgs {
    /// Keep the original file's bytes in the notebook (the default for a
    /// file of up to 50 MB); `annals source original` writes them back.
    #[arg(long, conflicts_with = "no_keep_original")]
    keep_original: bool,
    /// Do not keep the original file's bytes (the default above 50 MB);
    /// its name, size and SHA-256 are kept either way.
    #[arg(long)]
    no_keep_original: bool,
}

impl KeepArgs {
    /// Whether a file of `bytes` bytes is kept: as asked, else by the
    /// default rule.
    fn keep(&self, bytes: u64) -> bool {
        if self.keep_original {
            true
        } else if self.no_keep_original {
            false
        } else {
            crate::model::pages::kept_by_default(bytes)
        }
    }

    fn given(&self) -> bool {
        self.keep_original || self.no_keep_original
    }
}

/// Arguments of `annals source list`.
#[derive(Debug, Args)]
pub struct SourceListArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// A notebook and the id of what to act on.
#[derive(Debug, Args)]
pub struct IdArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The id.
    id: i64,
}

/// Arguments of `annals source show`.
#[derive(Debug, Args)]
pub struct SourceShowArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The source's id.
    id: i64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `annals source edit`.
#[derive(Debug, Args)]
pub struct SourceEditArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The source's id.
    id: i64,
    /// New title.
    #[arg(long)]
    title: Option<String>,
    /// New outlet ("" clears it).
    #[arg(long)]
    outlet: Option<String>,
    /// New author(s) ("" clears them).
    #[arg(long)]
    author: Option<String>,
    /// New URL ("" clears it).
    #[arg(long)]
    url: Option<String>,
    /// New publication date ("" clears it).
    #[arg(long, allow_hyphen_values = true)]
    published: Option<String>,
    /// New access date ("" clears it).
    #[arg(long, allow_hyphen_values = true)]
    accessed: Option<String>,
    /// After a new --published date, re-date the events that took their
    /// date from a relative expression in this source ("last month") as
    /// the words now read (one more undoable step); without it they are
    /// only listed.
    #[arg(long)]
    redate: bool,
    #[command(flatten)]
    keep: KeepArgs,
    /// The new text: .txt, .md, .html, .pdf, .docx or .eml; `-` for
    /// standard input. Without it the text stays as it is. The original
    /// file kept in the notebook is replaced by this one (or let go, by
    /// --no-keep-original and for a file over 50 MB).
    file: Option<PathBuf>,
}

/// Arguments of `annals source add`.
#[derive(Debug, Args)]
pub struct SourceAddArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Title of the source.
    #[arg(long)]
    title: Option<String>,
    /// Outlet or publication.
    #[arg(long, default_value = "")]
    outlet: String,
    /// Author(s).
    #[arg(long, default_value = "")]
    author: String,
    /// Where it was found.
    #[arg(long, default_value = "")]
    url: String,
    /// Publication date.
    #[arg(long, allow_hyphen_values = true)]
    published: Option<String>,
    /// When it was read.
    #[arg(long, allow_hyphen_values = true)]
    accessed: Option<String>,
    #[command(flatten)]
    keep: KeepArgs,
    /// The file to import: .txt, .md, .html, .pdf, .docx or .eml; `-` for
    /// standard input.
    file: PathBuf,
}

/// `annals excerpt` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExcerptCommand {
    /// Cut an excerpt by quoting it; prints its id.
    Add(ExcerptAddArgs),
    /// Delete an excerpt and its links (undo brings it back).
    Delete(IdArgs),
}

/// Arguments of `annals excerpt add`.
#[derive(Debug, Args)]
pub struct ExcerptAddArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The source's id.
    #[arg(long)]
    source: i64,
    /// The exact text to cut; it must occur in the source.
    #[arg(long, allow_hyphen_values = true)]
    quote: String,
    /// Which occurrence to take (1 = first) when the quote occurs more than once.
    #[arg(long)]
    occurrence: Option<usize>,
    /// An event the excerpt supports; repeat for several.
    #[arg(long = "event")]
    events: Vec<i64>,
}

/// Arguments of `annals link` and `annals unlink`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The event's id.
    #[arg(long)]
    event: i64,
    /// The excerpt's id.
    #[arg(long)]
    excerpt: i64,
    /// The date the excerpt gives for the event ("September 2023", "none"
    /// for no date); without it, the date suggested inside the excerpt.
    #[arg(long, allow_hyphen_values = true)]
    asserts: Option<String>,
    /// How the excerpt bears on the event: supports, disputes or mentions.
    #[arg(long)]
    stance: Option<String>,
}

/// `annals note` subcommands.
#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Add a markdown note; prints its id.
    Add(NoteAddArgs),
    /// Replace a note's text.
    Edit(NoteEditArgs),
    /// Delete a note (undo brings it back).
    Delete(IdArgs),
}

/// Arguments of `annals note edit`.
#[derive(Debug, Args)]
pub struct NoteEditArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The note's id.
    id: i64,
    /// The note's new markdown text.
    text: String,
}

/// Arguments of `annals note add`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("owner").required(true).args(["event", "source", "notebook_note"])))]
pub struct NoteAddArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Attach to this event.
    #[arg(long)]
    event: Option<i64>,
    /// Attach to this source.
    #[arg(long)]
    source: Option<i64>,
    /// Attach to the notebook itself.
    #[arg(long = "notebook")]
    notebook_note: bool,
    /// The note's markdown text.
    text: String,
}

/// Reads a file argument (or standard input for `-`).
pub(super) fn read_input(path: &PathBuf) -> anyhow::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        Ok(bytes)
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

pub(super) fn run_source(command: SourceCommand) -> anyhow::Result<ExitCode> {
    match command {
        SourceCommand::Add(args) => source_add(args),
        SourceCommand::List(args) => source_list(&args),
        SourceCommand::Show(args) => source_show(&args),
        SourceCommand::Edit(args) => source_edit(args),
        SourceCommand::Delete(args) => apply_one(&args, Action::DeleteSource(SourceId(args.id))),
        SourceCommand::Original(args) => source_original(&args),
    }
}

/// Sets what a file read from `bytes` keeps in the notebook, and says so
/// when a large file is not kept by default.
fn choose_kept(imported: &mut import::Imported, bytes: Vec<u8>, keep: &KeepArgs) {
    let size = bytes.len() as u64;
    let Some(file) = imported.file.as_mut() else {
        return;
    };
    let kept = keep.keep(size);
    if !kept && !keep.given() {
        errln!(
            "notice: the original file ({}) is over 50 MB and was not kept in the notebook; --keep-original keeps it",
            crate::model::pages::size_text(size)
        );
    }
    file.kept = KeptBytes::chosen(kept, bytes.into());
}

fn source_original(args: &SourceOriginalArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let id = SourceId(args.id);
    let notebook = store.load_without_events()?;
    let source = notebook
        .source(id)
        .with_context(|| format!("there is no source with id {id}"))?;
    let Some(bytes) = store.original(id)? else {
        errln!(
            "source {id} keeps no original file in the notebook ({})",
            if source.file.is_some() {
                "it was imported without keeping it"
            } else {
                "its text was typed or pasted in"
            }
        );
        return Ok(ExitCode::from(super::EXIT_PROBLEMS));
    };
    crate::export::file::write_new(&args.out, args.force, |out| {
        out.write_all(&bytes)
            .map_err(crate::export::ExportError::io(format!(
                "cannot write {}",
                args.out.display()
            )))
    })?;
    errln!(
        "Wrote the original of source {id} ({}) to {}",
        crate::model::pages::size_text(bytes.len() as u64),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Longest piece of a quote shown in a one-line report.
const REPORT_QUOTE_CHARS: usize = 60;

/// `text` on one line, shortened with an ellipsis when long.
fn one_line(text: &str) -> String {
    shortened(text, REPORT_QUOTE_CHARS, Cut::AnyChar)
}

/// "anchored" or "lost", as `source show` prints an excerpt's state.
fn state(excerpt: &Excerpt) -> &'static str {
    if excerpt.lost { "lost" } else { "anchored" }
}

/// An excerpt in `source show --json`.
#[derive(Debug, Serialize)]
struct SourceExcerptJson<'a> {
    id: i64,
    start: usize,
    end: usize,
    /// The page it starts on; `null` for an unpaged source.
    page: Option<u32>,
    quote: &'a str,
    state: &'static str,
}

/// A page of a paged source in `source show --json`.
#[derive(Debug, Serialize)]
struct PageJson {
    page: u32,
    start: usize,
    end: usize,
}

/// The original file in `source show --json`.
#[derive(Debug, Serialize)]
struct FileJson<'a> {
    name: &'a str,
    sha256: &'a str,
    bytes: u64,
    imported: &'a str,
}

/// A source's details, as `source show --json` and `source list --json`
/// print them.
#[derive(Debug, Serialize)]
struct SourceDetailsJson<'a> {
    id: i64,
    uid: &'a str,
    title: &'a str,
    outlet: &'a str,
    author: &'a str,
    url: &'a str,
    /// EDTF, or `null`.
    published: Option<&'a str>,
    /// EDTF, or `null`.
    accessed: Option<&'a str>,
    encoding: &'a str,
    /// SHA-256 of the original file, or `null` for a typed or pasted text.
    sha256: Option<&'a str>,
    /// True when the notebook keeps the original file's bytes.
    original_kept: bool,
    /// The original file, or `null`.
    file: Option<FileJson<'a>>,
}

impl<'a> SourceDetailsJson<'a> {
    fn of(source: &'a Source) -> Self {
        Self {
            id: source.id.0,
            uid: &source.uid.0,
            title: &source.title,
            outlet: &source.outlet,
            author: &source.author,
            url: &source.url,
            published: source.published.as_ref().map(|d| d.edtf()),
            accessed: source.accessed.as_ref().map(|d| d.edtf()),
            encoding: &source.encoding,
            sha256: source.file.as_ref().map(|f| f.sha256.as_str()),
            original_kept: source.original_kept,
            file: source.file.as_ref().map(|f| FileJson {
                name: &f.name,
                sha256: &f.sha256,
                bytes: f.bytes,
                imported: &f.imported,
            }),
        }
    }
}

/// `source show --json`.
#[derive(Debug, Serialize)]
struct SourceJson<'a> {
    #[serde(flatten)]
    details: SourceDetailsJson<'a>,
    text: &'a str,
    /// The page map, for a paged source only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<Vec<PageJson>>,
    excerpts: Vec<SourceExcerptJson<'a>>,
}

/// One source in `source list --json`.
#[derive(Debug, Serialize)]
struct SourceListJson<'a> {
    #[serde(flatten)]
    details: SourceDetailsJson<'a>,
    excerpt_count: usize,
}

fn source_list(args: &SourceListArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let notebook = store.load()?;
    let count = |id| notebook.excerpts_of_source(id).count();
    if args.json {
        let rows: Vec<SourceListJson<'_>> = notebook
            .sources
            .iter()
            .map(|s| SourceListJson {
                details: SourceDetailsJson::of(s),
                excerpt_count: count(s.id),
            })
            .collect();
        return print_json(&rows);
    }
    for source in &notebook.sources {
        let mut about: Vec<String> = [&source.outlet, &source.author]
            .into_iter()
            .filter(|t| !t.is_empty())
            .cloned()
            .collect();
        if let Some(date) = &source.published {
            about.push(date.display());
        }
        let excerpts = match count(source.id) {
            1 => "1 excerpt".to_owned(),
            n => format!("{n} excerpts"),
        };
        let about = if about.is_empty() {
            String::new()
        } else {
            format!("  ({})", about.join(", "))
        };
        outln!("{:>6}  {}{about}  [{excerpts}]", source.id, source.title);
    }
    Ok(ExitCode::SUCCESS)
}

fn source_show(args: &SourceShowArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let notebook = store.load()?;
    let id = SourceId(args.id);
    let source = notebook
        .source(id)
        .with_context(|| format!("there is no source with id {id}"))?;
    let text = store.source_body(id)?;
    let excerpts: Vec<&Excerpt> = notebook.excerpts_of_source(id).collect();
    if args.json {
        return print_json(&SourceJson {
            details: SourceDetailsJson::of(source),
            text: &text,
            pages: (!source.pages.is_empty()).then(|| {
                source
                    .pages
                    .iter()
                    .map(|p| PageJson {
                        page: p.page,
                        start: p.start,
                        end: p.end,
                    })
                    .collect()
            }),
            excerpts: excerpts
                .iter()
                .map(|x| SourceExcerptJson {
                    id: x.id.0,
                    start: x.start,
                    end: x.end,
                    page: source.page_of(x),
                    quote: &x.quote,
                    state: state(x),
                })
                .collect(),
        });
    }
    outln!("{}", source.title);
    outln!("  id:         {}", source.id);
    outln!("  uid:        {}", source.uid);
    for (name, value) in [
        ("outlet", &source.outlet),
        ("author", &source.author),
        ("url", &source.url),
    ] {
        if !value.is_empty() {
            outln!("  {:<11} {value}", format!("{name}:"));
        }
    }
    for (name, date) in [
        ("published", &source.published),
        ("accessed", &source.accessed),
    ] {
        if let Some(date) = date {
            outln!(
                "  {:<11} {} ({})",
                format!("{name}:"),
                date.display(),
                date.edtf()
            );
        }
    }
    outln!("  encoding:   {}", source.encoding);
    outln!("  length:     {} characters", source.body_chars);
    if !source.pages.is_empty() {
        outln!("  pages:      {}", source.pages.len());
    }
    if let Some(file) = &source.file {
        let name = if file.name.is_empty() {
            "(standard input)"
        } else {
            &file.name
        };
        outln!(
            "  file:       {name}, {}, imported {}",
            file.size(),
            file.imported
        );
        outln!("  sha256:     {}", file.sha256);
        if source.original_kept {
            outln!(
                "  original:   kept in the notebook ({}); `annals source original` writes it",
                file.size()
            );
        } else {
            outln!("  original:   not kept in the notebook");
        }
    }
    outln!("\n{}", text.trim_end());
    if excerpts.is_empty() {
        outln!("\nNo excerpts have been cut from this source yet.");
    } else {
        outln!("\nExcerpts:");
        for x in &excerpts {
            let page = source
                .pin_cite(x.start, x.end)
                .map_or_else(String::new, |p| format!(" ({p})"));
            outln!(
                "  [{}] {}–{}{page} {:<8} “{}”",
                x.id,
                x.start,
                x.end,
                state(x),
                one_line(&x.quote)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A date option of `source edit`: absent keeps the old date, "" clears it.
fn edited_date(
    option: &str,
    text: Option<&str>,
    old: Option<&crate::model::date::Date>,
) -> anyhow::Result<Option<crate::model::date::Date>> {
    match text {
        None => Ok(old.cloned()),
        Some(t) if t.trim().is_empty() => Ok(None),
        Some(t) => parse_date(option, t).map(Some),
    }
}

/// After a source's publication date changed: lists the events dated from
/// its relative expressions whose words now read differently, and with
/// `redate` re-dates them in one undoable step.
fn offer_rechecks(
    store: &mut Store,
    notebook: &Notebook,
    id: SourceId,
    body: &str,
    dates: (&Date, &Date),
    redate: bool,
) -> anyhow::Result<()> {
    let Some(source) = notebook.source(id) else {
        return Ok(());
    };
    let found = rechecks(notebook, source, body, dates);
    if found.is_empty() {
        return Ok(());
    }
    errln!(
        "{} dated from relative expressions in this source read differently now:",
        if found.len() == 1 {
            "1 event was".to_owned()
        } else {
            format!("{} events were", found.len())
        }
    );
    for recheck in &found {
        outln!(
            "re-check: event {} '{}': “{}” was {}, now reads {}",
            recheck.event,
            one_line(&recheck.title),
            one_line(&recheck.expression),
            recheck.old.edtf(),
            recheck.new.edtf()
        );
    }
    if !redate {
        errln!("Run the same command with --redate to re-date them (one undoable step)");
        return Ok(());
    }
    let actions = found
        .iter()
        .filter_map(|recheck| {
            let event = notebook.event(recheck.event)?;
            Some(Action::UpdateEvent {
                id: recheck.event,
                fields: EventFields {
                    date: recheck.new.clone(),
                    ..EventFields::of(notebook, event)
                },
            })
        })
        .collect();
    let applied = store.apply(&Action::Batch {
        label: if found.len() == 1 {
            "re-date 1 event".to_owned()
        } else {
            format!("re-date {} events", found.len())
        },
        actions,
    })?;
    errln!("{}", capitalised(&applied.label));
    Ok(())
}

/// A text option of `source edit`: absent keeps the old value.
fn edited_text(text: Option<&str>, old: &str) -> String {
    text.map_or_else(|| old.to_owned(), |t| t.trim().to_owned())
}

fn source_edit(args: SourceEditArgs) -> anyhow::Result<ExitCode> {
    let imported = match &args.file {
        Some(file) => {
            let bytes = read_input(file)?;
            let path = (file.as_os_str() != "-").then_some(file.as_path());
            let mut imported = import::import_bytes(path, &bytes)
                .with_context(|| format!("cannot import {}", file.display()))?;
            choose_kept(&mut imported, bytes, &args.keep);
            Some(imported)
        }
        None if args.keep.given() => anyhow::bail!(
            "--keep-original and --no-keep-original go with a FILE: the notebook keeps the bytes of a file read now"
        ),
        None => None,
    };
    let metadata_asked = [
        &args.title,
        &args.outlet,
        &args.author,
        &args.url,
        &args.published,
        &args.accessed,
    ]
    .iter()
    .any(|o| o.is_some());
    if imported.is_none() && !metadata_asked {
        anyhow::bail!(
            "nothing to change: give --title, --outlet, --author, --url, --published, --accessed or a FILE"
        );
    }
    let mut store = args.notebook.open()?;
    let id = SourceId(args.id);
    let before = store.load()?;
    let source = before
        .source(id)
        .with_context(|| format!("there is no source with id {id}"))?;
    let published = edited_date(
        "--published",
        args.published.as_deref(),
        source.published.as_ref(),
    )?;
    let accessed = edited_date(
        "--accessed",
        args.accessed.as_deref(),
        source.accessed.as_ref(),
    )?;
    let old_body = store.source_body(id)?;
    let (body, encoding) = match &imported {
        Some(imported) => (imported.text.clone(), imported.encoding.clone()),
        None => (old_body.clone(), source.encoding.clone()),
    };
    let text_changed = body != old_body;
    // A text read again from a file takes that file's fingerprint and pages
    // when they say something new: a new text, other pages, or another file than the
    // one recorded (the same text from a file, for a source typed in, is no
    // change; nor are another name or import time for the same bytes).
    let file = imported.as_ref().and_then(|i| i.file.clone()).filter(|f| {
        let other_file = source
            .file
            .as_ref()
            .is_some_and(|old| (&old.sha256, old.bytes) != (&f.original.sha256, f.original.bytes));
        let keeping_changes = matches!(f.kept, KeptBytes::Keep(_)) != source.original_kept;
        text_changed || source.pages != f.pages || other_file || keeping_changes
    });
    let fields = SourceFields {
        // Trimmed as the store keeps them, so that " Wire " is no change.
        title: edited_text(args.title.as_deref(), &source.title),
        outlet: edited_text(args.outlet.as_deref(), &source.outlet),
        author: edited_text(args.author.as_deref(), &source.author),
        url: edited_text(args.url.as_deref(), &source.url),
        published,
        accessed,
        encoding: if text_changed {
            encoding
        } else {
            source.encoding.clone()
        },
        body,
        file: None,
    };
    let old_published = source.published.clone();
    let unchanged = !text_changed && file.is_none() && fields == SourceFields::of(source, old_body);
    let fields = SourceFields { file, ..fields };
    if unchanged {
        if metadata_asked {
            errln!("Source {id} is unchanged; nothing to do");
        } else {
            errln!("The text of source {id} is unchanged; nothing to do");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let new_published = fields.published.clone();
    let new_body = fields.body.clone();
    let applied = store.apply(&Action::UpdateSource { id, fields })?;
    if let Some(notice) = imported.as_ref().and_then(|i| i.notice.as_ref()) {
        errln!("notice: {notice}");
    }
    errln!("{}", capitalised(&applied.label));
    let redated = match (&old_published, &new_published) {
        (Some(old), Some(new)) if old != new => Some((old, new)),
        _ => None,
    };
    if !text_changed && redated.is_none() {
        return Ok(ExitCode::SUCCESS);
    }
    // Read again only when the edit has something more to report.
    let after = store.load()?;
    if let Some(dates) = redated {
        offer_rechecks(&mut store, &after, id, &new_body, dates, args.redate)?;
    }
    if !text_changed {
        return Ok(ExitCode::SUCCESS);
    }
    // The action re-anchored the excerpts; report what it did from the
    // notebook as it was and as it is.
    let (mut moved, mut found, mut lost, mut unchanged) = (0, 0, 0, 0);
    for old in before.excerpts_of_source(id) {
        let Some(new) = after.excerpt(old.id) else {
            continue;
        };
        let quote = one_line(&new.quote);
        match (old.lost, new.lost) {
            (was_lost, true) => {
                lost += 1;
                outln!(
                    "{}: excerpt {} (last at {}–{}): its quote “{quote}” no longer occurs in the text",
                    if was_lost { "still lost" } else { "lost" },
                    new.id,
                    new.start,
                    new.end
                );
            }
            (true, false) => {
                found += 1;
                outln!(
                    "found: excerpt {} at {}–{}: its quote “{quote}” is back",
                    new.id,
                    new.start,
                    new.end
                );
            }
            (false, false) if (old.start, old.end) != (new.start, new.end) => {
                moved += 1;
                outln!(
                    "moved: excerpt {} from {}–{} to {}–{}: “{quote}”",
                    new.id,
                    old.start,
                    old.end,
                    new.start,
                    new.end
                );
            }
            (false, false) => unchanged += 1,
        }
    }
    errln!("Excerpts: {moved} moved, {found} found again, {lost} lost, {unchanged} unchanged");
    if lost > 0 {
        errln!(
            "`annals check` reports lost excerpts until they are re-cut; `annals undo` restores the previous text"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn source_add(args: SourceAddArgs) -> anyhow::Result<ExitCode> {
    let published = args
        .published
        .as_deref()
        .map(|t| parse_date("--published", t))
        .transpose()?;
    let accessed = args
        .accessed
        .as_deref()
        .map(|t| parse_date("--accessed", t))
        .transpose()?;
    let bytes = read_input(&args.file)?;
    let path = (args.file.as_os_str() != "-").then_some(args.file.as_path());
    let mut imported = import::import_bytes(path, &bytes)
        .with_context(|| format!("cannot import {}", args.file.display()))?;
    choose_kept(&mut imported, bytes, &args.keep);
    let title = args
        .title
        .or(imported.title)
        .or_else(|| {
            path.and_then(|p| p.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
        })
        .context("give the source a --title")?;
    // What the file says of itself (a PDF's Author, an e-mail's From and
    // Date) fills what the options leave empty.
    let author = if args.author.trim().is_empty() {
        imported.author.unwrap_or_default()
    } else {
        args.author
    };
    let mut store = args.notebook.open()?;
    let applied = store.apply(&Action::CreateSource(SourceFields {
        title,
        outlet: args.outlet,
        author,
        url: args.url,
        published: published.or(imported.published),
        accessed,
        body: imported.text,
        encoding: imported.encoding,
        file: imported.file,
    }))?;
    if let Some(notice) = imported.notice {
        errln!("notice: {notice}");
    }
    match applied.created {
        Some(Created::Source(id)) => outln!("{id}"),
        other => anyhow::bail!("unexpected result {other:?}"),
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_excerpt(command: ExcerptCommand) -> anyhow::Result<ExitCode> {
    match command {
        ExcerptCommand::Add(args) => excerpt_add(&args),
        ExcerptCommand::Delete(args) => apply_one(&args, Action::DeleteExcerpt(ExcerptId(args.id))),
    }
}

/// Occurrences of an ambiguous quote listed before the count: enough to
/// pick from, while a quote found 389,703 times prints a few lines, not
/// megabytes.
const OCCURRENCES_SHOWN: usize = 10;

fn excerpt_add(args: &ExcerptAddArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.notebook.open()?;
    let source = SourceId(args.source);
    let body = store.source_body(source)?;
    let found = occurrences(&body, &args.quote);
    let start = match (found.as_slice(), args.occurrence) {
        ([], _) => anyhow::bail!(
            "the quote “{}” does not occur in source {source}",
            one_line(&args.quote)
        ),
        (_, Some(k)) => *found.get(k.wrapping_sub(1)).with_context(|| {
            format!("--occurrence {k}: the quote occurs {} time(s)", found.len())
        })?,
        ([only], None) => *only,
        (many, None) => {
            for (i, at) in many.iter().take(OCCURRENCES_SHOWN).enumerate() {
                let shown = body
                    .chars()
                    .skip(at.saturating_sub(20))
                    .take(60)
                    .collect::<String>();
                errln!("  {}: at character {at}: …{}…", i + 1, one_line(&shown));
            }
            if many.len() > OCCURRENCES_SHOWN {
                errln!("  … and {} more", many.len() - OCCURRENCES_SHOWN);
            }
            anyhow::bail!(
                "the quote occurs {} times in source {source}; pick one with --occurrence K",
                many.len()
            )
        }
    };
    let range = ExcerptRange {
        source,
        start,
        end: start + args.quote.chars().count(),
    };
    let events = args.events.iter().copied().map(EventId).collect();
    let applied = store.apply(&Action::CreateExcerpt { range, events })?;
    match applied.created {
        Some(Created::Excerpt(id)) => outln!("{id}"),
        other => anyhow::bail!("unexpected result {other:?}"),
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn link(args: &LinkArgs, link: bool) -> anyhow::Result<ExitCode> {
    let mut store = args.notebook.open()?;
    let (event, excerpt) = (EventId(args.event), ExcerptId(args.excerpt));
    let action = if !link {
        if args.asserts.is_some() || args.stance.is_some() {
            anyhow::bail!("--asserts and --stance go with `annals link`, not `annals unlink`");
        }
        Action::Unlink { event, excerpt }
    } else if args.asserts.is_none() && args.stance.is_none() {
        Action::Link { event, excerpt }
    } else {
        let (asserts, stance) = super::evidence::link_evidence(
            &store,
            event,
            excerpt,
            args.asserts.as_deref(),
            args.stance.as_deref(),
        )?;
        Action::LinkWithEvidence {
            event,
            excerpt,
            asserts,
            stance,
        }
    };
    let applied = store.apply(&action)?;
    errln!("{}", capitalised(&applied.label));
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_note(command: NoteCommand) -> anyhow::Result<ExitCode> {
    match command {
        NoteCommand::Add(args) => {
            let owner = match (args.event, args.source) {
                (Some(e), _) => NoteOwner::Event(EventId(e)),
                (None, Some(s)) => NoteOwner::Source(SourceId(s)),
                (None, None) => NoteOwner::Notebook,
            };
            let mut store = args.notebook.open()?;
            let applied = store.apply(&Action::CreateNote {
                owner,
                body: args.text,
            })?;
            match applied.created {
                Some(Created::Note(id)) => outln!("{id}"),
                other => anyhow::bail!("unexpected result {other:?}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Edit(args) => {
            let mut store = args.notebook.open()?;
            let id = NoteId(args.id);
            let notebook = store.load()?;
            let note = notebook
                .notes
                .iter()
                .find(|n| n.id == id)
                .with_context(|| format!("there is no note with id {id}"))?;
            if note.body == args.text {
                errln!("Note {id} is unchanged; nothing to do");
                return Ok(ExitCode::SUCCESS);
            }
            let applied = store.apply(&Action::UpdateNote {
                id,
                body: args.text,
            })?;
            errln!("{}", capitalised(&applied.label));
            Ok(ExitCode::SUCCESS)
        }
        NoteCommand::Delete(args) => apply_one(&args, Action::DeleteNote(NoteId(args.id))),
    }
}

/// Applies one action to the notebook of `args` and says what it did; the
/// store refuses a missing id ("there is no note with id 9").
fn apply_one(args: &IdArgs, action: Action) -> anyhow::Result<ExitCode> {
    let mut store = args.notebook.open()?;
    let applied = store.apply(&action)?;
    errln!("{}", capitalised(&applied.label));
    Ok(ExitCode::SUCCESS)
}
