//! `annals backup`, `annals salvage`, `annals repair` and `annals copy`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;

use super::output::{errln, outln};
use super::{EXIT_PROBLEMS, NotebookArg, opened, print_json};
use crate::store::rescue::RescueReport;
use crate::store::{Store, backups};

/// Arguments of `annals backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// List the backups, newest first, instead of making one.
    #[arg(long, conflicts_with = "restore")]
    list: bool,
    /// With --list: print JSON.
    #[arg(long, requires = "list")]
    json: bool,
    /// Replace the notebook with this backup (the current file is backed
    /// up first).
    #[arg(long, value_name = "BACKUP")]
    restore: Option<PathBuf>,
}

/// Arguments of `annals salvage`.
#[derive(Debug, Args)]
pub struct SalvageArgs {
    /// The damaged notebook (only read).
    damaged: PathBuf,
    /// The new notebook to write (must not exist).
    out: PathBuf,
}

/// Arguments of `annals repair`.
#[derive(Debug, Args)]
pub struct RepairArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The new notebook to write (must not exist).
    out: PathBuf,
}

/// Arguments of `annals copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Leave out the undo history and every trace of deleted text, and
    /// compact the file: a copy to share.
    #[arg(long)]
    clean: bool,
    /// With --clean: leave out the notes too.
    #[arg(long, requires = "clean")]
    without_notes: bool,
    /// Where to write the copy (must not exist).
    out: PathBuf,
}

pub(super) fn backup(args: &BackupArgs) -> anyhow::Result<ExitCode> {
    let path = &args.notebook.path;
    if args.list {
        // Listing works for a notebook that cannot even be opened.
        let found = backups::list(path)?;
        if args.json {
            return print_json(&found);
        }
        if found.is_empty() {
            errln!("There are no backups of {} yet", path.display());
        }
        for backup in &found {
            outln!(
                "{}  {:<15} {:>9} bytes  {}",
                backup.taken_at.format("%Y-%m-%d %H:%M:%S UTC"),
                backup.reason.name(),
                backup.bytes,
                backup.path.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(from) = &args.restore {
        let restored = backups::restore(path, from)
            .with_context(|| format!("cannot restore {}", from.display()))?;
        if let Some(previous) = &restored.previous {
            errln!("The notebook as it was is saved as {}", previous.display());
        }
        if let Some(journal) = &restored.journal_set_aside {
            errln!(
                "Its leftover journal was set aside as {}",
                journal.display()
            );
        }
        errln!("Restored {} from {}", path.display(), from.display());
        return Ok(ExitCode::SUCCESS);
    }
    let mut store = opened(Store::open_or_read_only(path), path)?;
    let made = store.backup_now()?;
    outln!("{}", made.path.display());
    Ok(ExitCode::SUCCESS)
}

fn report(report: &RescueReport) -> anyhow::Result<()> {
    for line in &report.tables {
        let mut said = format!("{:<15} {} copied", line.table, line.copied);
        if line.unreadable > 0 {
            said.push_str(&format!(", {} unreadable (lost)", line.unreadable));
        }
        if line.orphaned > 0 {
            said.push_str(&format!(
                ", {} dropped because what they belong to was lost",
                line.orphaned
            ));
        }
        outln!("{said}");
    }
    for table in &report.tables_lost {
        outln!("lost: the table {table} could not be read at all");
    }
    for removed in &report.removed {
        outln!("left out: {removed}");
    }
    Ok(())
}

pub(super) fn salvage(args: &SalvageArgs) -> anyhow::Result<ExitCode> {
    let found = crate::store::rescue::salvage(&args.damaged, &args.out)
        .with_context(|| format!("cannot salvage {}", args.damaged.display()))?;
    report(&found)?;
    errln!(
        "Wrote {}; it starts with an empty undo history",
        args.out.display()
    );
    if found.complete() {
        errln!("Every row was copied");
        Ok(ExitCode::SUCCESS)
    } else {
        errln!("Some rows could not be read; they are listed above as lost");
        Ok(ExitCode::from(EXIT_PROBLEMS))
    }
}

pub(super) fn repair(args: &RepairArgs) -> anyhow::Result<ExitCode> {
    let path = &args.notebook.path;
    let found = crate::store::rescue::repair(path, &args.out)
        .with_context(|| format!("cannot repair {}", path.display()))?;
    report(&found)?;
    if found.removed.is_empty() {
        errln!("Nothing foreign was found; the copy holds the same research");
    }
    errln!(
        "Wrote {}; it starts with an empty undo history",
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn copy(args: &CopyArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    if args.clean {
        store.copy_clean(&args.out, args.without_notes)?;
        errln!(
            "Wrote a clean copy to {}: no undo history, no deleted text{}",
            args.out.display(),
            if args.without_notes { ", no notes" } else { "" }
        );
    } else {
        store.save_copy(&args.out)?;
        errln!("Wrote a copy to {}", args.out.display());
    }
    Ok(ExitCode::SUCCESS)
}
