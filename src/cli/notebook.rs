//! Notebook-wide commands: new, demo, search, undo/redo, history, check.

use std::path::Path;
use std::process::ExitCode;

use super::output::{errln, outln};
use anyhow::Context as _;
use clap::Args;

use super::events::capitalised;
use super::{EXIT_PROBLEMS, NotebookArg, print_json};
use crate::store::Store;

/// Arguments of `annals search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Words to find; any text is fine.
    #[arg(allow_hyphen_values = true)]
    query: String,
    /// Most hits to show.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Skip this many hits first (the next page).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub(super) fn new(path: &Path, demo: bool) -> anyhow::Result<ExitCode> {
    let mut store =
        Store::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    if demo {
        crate::demo::build(&mut store).context("cannot build the demo")?;
    }
    errln!("Created {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `annals history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Keep at most this many undo steps from now on (0: no limit; the
    /// default is 1000).
    #[arg(long)]
    keep_steps: Option<u32>,
    /// Forget undo steps older than this many days (0: no limit, the
    /// default).
    #[arg(long)]
    keep_days: Option<u32>,
}

pub(super) fn search(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let page = store.search_page(&args.query, args.offset, args.limit)?;
    let hits = page.hits;
    if args.json {
        return print_json(&hits);
    }
    if hits.is_empty() {
        errln!("No matches for “{}”", args.query);
    } else if page.total > args.offset + hits.len() || page.more {
        errln!(
            "Showing {}–{} of {}{} hits; --offset {} shows the next ones",
            args.offset + 1,
            args.offset + hits.len(),
            if page.more { "more than " } else { "" },
            page.total,
            args.offset + hits.len()
        );
    }
    for hit in &hits {
        outln!(
            "{:<8} {:>6}  {}\n                 {}",
            hit.kind.name(),
            hit.id,
            hit.title,
            hit.snippet.replace('\n', " ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn undo(args: &NotebookArg, undo: bool) -> anyhow::Result<ExitCode> {
    let mut store = args.open()?;
    let label = if undo { store.undo()? } else { store.redo()? };
    errln!("{} {label}", if undo { "Undid" } else { "Redid" });
    Ok(ExitCode::SUCCESS)
}

pub(super) fn history(args: &HistoryArgs) -> anyhow::Result<ExitCode> {
    if args.keep_steps.is_some() || args.keep_days.is_some() {
        let mut store = args.notebook.open()?;
        let current = store.history_limits()?;
        let limits = crate::store::HistoryLimits {
            steps: args.keep_steps.unwrap_or(current.steps),
            days: args.keep_days.unwrap_or(current.days),
        };
        store.set_history_limits(limits)?;
        let said = |n: u32, unit: &str| {
            if n == 0 {
                format!("any number of {unit}")
            } else {
                format!("{n} {unit}")
            }
        };
        errln!(
            "History now keeps {} and steps of {}",
            said(limits.steps, "steps"),
            if limits.days == 0 {
                "any age".to_owned()
            } else {
                format!("the last {} days", limits.days)
            }
        );
        return Ok(ExitCode::SUCCESS);
    }
    let store = args.notebook.open_read_only()?;
    for entry in store.history(usize::MAX)? {
        let when = chrono::DateTime::from_timestamp(entry.done_at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let state = if entry.undone { "  (undone)" } else { "" };
        outln!("{when}  {}{state}", capitalised(&entry.past));
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn check(args: &NotebookArg) -> anyhow::Result<ExitCode> {
    let store = args.open_read_only()?;
    let problems = store.check()?;
    // Disputes are the sources' disagreement, not damage: reported, but
    // they do not fail the check.
    for dispute in store.disputes()? {
        outln!("{dispute}");
    }
    if problems.is_empty() {
        outln!("No problems found in {}", args.path.display());
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        outln!("problem: {problem}");
    }
    errln!("{} problem(s) found", problems.len());
    Ok(ExitCode::from(EXIT_PROBLEMS))
}
