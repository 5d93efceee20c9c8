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
use crate::action::{Action, Created, ExcerptRange, SourceFields};
use crate::import;
use crate::model::text::{Cut, occurrences, shortened};
use crate::model::{EventId, Excerpt, ExcerptId, NoteOwner, SourceId};

/// `annals source` subcommands.
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source from a file (`-` reads standard input); prints its id.
    Add(SourceAddArgs),
    /// Show a source: its details, its text and its excerpts.
    Show(SourceShowArgs),
    /// Replace a source's text from a file (`-` reads standard input); its
    /// excerpts follow their quotes, and those whose quote is gone are
    /// reported lost.
    Edit(SourceEditArgs),
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
    /// The new text: .txt, .md or .html; `-` for standard input.
    file: PathBuf,
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
    /// The file to import: .txt, .md or .html; `-` for standard input.
    file: PathBuf,
}

/// `annals excerpt` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExcerptCommand {
    /// Cut an excerpt by quoting it; prints its id.
    Add(ExcerptAddArgs),
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
}

/// `annals note` subcommands.
#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Add a markdown note; prints its id.
    Add(NoteAddArgs),
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
        SourceCommand::Show(args) => source_show(&args),
        SourceCommand::Edit(args) => source_edit(args),
    }
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
    quote: &'a str,
    state: &'static str,
}

/// `source show --json`.
#[derive(Debug, Serialize)]
struct SourceJson<'a> {
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
    text: &'a str,
    excerpts: Vec<SourceExcerptJson<'a>>,
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
            id: source.id.0,
            uid: &source.uid.0,
            title: &source.title,
            outlet: &source.outlet,
            author: &source.author,
            url: &source.url,
            published: source.published.as_ref().map(|d| d.edtf()),
            accessed: source.accessed.as_ref().map(|d| d.edtf()),
            encoding: &source.encoding,
            text: &text,
            excerpts: excerpts
                .iter()
                .map(|x| SourceExcerptJson {
                    id: x.id.0,
                    start: x.start,
                    end: x.end,
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
    outln!("\n{}", text.trim_end());
    if excerpts.is_empty() {
        outln!("\nNo excerpts have been cut from this source yet.");
    } else {
        outln!("\nExcerpts:");
        for x in &excerpts {
            outln!(
                "  [{}] {}–{} {:<8} “{}”",
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

fn source_edit(args: SourceEditArgs) -> anyhow::Result<ExitCode> {
    let bytes = read_input(&args.file)?;
    let path = (args.file.as_os_str() != "-").then_some(args.file.as_path());
    let imported = import::import_bytes(path, &bytes)
        .with_context(|| format!("cannot import {}", args.file.display()))?;
    let mut store = args.notebook.open()?;
    let id = SourceId(args.id);
    let before = store.load()?;
    let source = before
        .source(id)
        .with_context(|| format!("there is no source with id {id}"))?;
    if store.source_body(id)? == imported.text {
        errln!("The text of source {id} is unchanged; nothing to do");
        return Ok(ExitCode::SUCCESS);
    }
    let applied = store.apply(&Action::UpdateSource {
        id,
        fields: SourceFields {
            encoding: imported.encoding,
            ..SourceFields::of(source, imported.text)
        },
    })?;
    if let Some(notice) = imported.notice {
        errln!("notice: {notice}");
    }
    errln!("{}", capitalised(&applied.label));
    // The action re-anchored the excerpts; report what it did from the
    // notebook as it was and as it is.
    let after = store.load()?;
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
    let imported = import::import_bytes(path, &bytes)
        .with_context(|| format!("cannot import {}", args.file.display()))?;
    let title = args
        .title
        .or(imported.title)
        .or_else(|| {
            path.and_then(|p| p.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
        })
        .context("give the source a --title")?;
    let mut store = args.notebook.open()?;
    let applied = store.apply(&Action::CreateSource(SourceFields {
        title,
        outlet: args.outlet,
        author: args.author,
        url: args.url,
        published,
        accessed,
        body: imported.text,
        encoding: imported.encoding,
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
    let action = if link {
        Action::Link { event, excerpt }
    } else {
        Action::Unlink { event, excerpt }
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
    }
}
