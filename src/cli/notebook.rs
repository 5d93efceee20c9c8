//! Notebook-wide commands: new, demo, search, undo/redo, history, check.

use std::path::Path;
use std::process::ExitCode;

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
    eprintln!("Created {}", path.display());
    Ok(ExitCode::SUCCESS)
}

pub(super) fn search(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open()?;
    let hits = store.search(&args.query, args.limit)?;
    if args.json {
        return print_json(&hits);
    }
    if hits.is_empty() {
        eprintln!("No matches for “{}”", args.query);
    }
    for hit in &hits {
        println!(
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
    eprintln!("{} {label}", if undo { "Undid" } else { "Redid" });
    Ok(ExitCode::SUCCESS)
}

pub(super) fn history(args: &NotebookArg) -> anyhow::Result<ExitCode> {
    let store = args.open()?;
    for entry in store.history(usize::MAX)? {
        let when = chrono::DateTime::from_timestamp(entry.done_at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let state = if entry.undone { "  (undone)" } else { "" };
        println!("{when}  {}{state}", capitalised(&entry.past));
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn check(args: &NotebookArg) -> anyhow::Result<ExitCode> {
    let store = args.open()?;
    let problems = store.check()?;
    if problems.is_empty() {
        println!("No problems found in {}", args.path.display());
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        println!("problem: {problem}");
    }
    eprintln!("{} problem(s) found", problems.len());
    Ok(ExitCode::from(EXIT_PROBLEMS))
}
