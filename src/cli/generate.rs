//! `annals generate`: a synthetic notebook for benchmarks and demos.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;

use super::output::errln;
use crate::generate::{Spec, generate};
use crate::store::Store;

/// Arguments of `annals generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The notebook to create (must not exist).
    #[arg(short = 'n', long = "file", value_name = "PATH")]
    path: PathBuf,
    /// How many events.
    #[arg(long)]
    events: usize,
    /// How many tracks (lanes).
    #[arg(long, default_value_t = Spec::default().tracks)]
    tracks: usize,
    /// How many years, ending in 2025, the dates spread over.
    #[arg(long, default_value_t = Spec::default().years)]
    years: i64,
    /// Seed of the generator: the same seed makes the same notebook.
    #[arg(long, default_value_t = Spec::default().seed)]
    seed: u64,
}

pub(super) fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let spec = Spec {
        events: args.events,
        tracks: args.tracks,
        years: args.years,
        seed: args.seed,
    };
    // Check the spec before a file exists.
    crate::generate::check(&spec)?;
    let started = Instant::now();
    let mut store = Store::create(&args.path)
        .with_context(|| format!("cannot create {}", args.path.display()))?;
    let made = match generate(&mut store, &spec) {
        Ok(made) => made,
        Err(error) => {
            // Nothing of the import was written; the empty notebook goes.
            drop(store);
            let _ = std::fs::remove_file(&args.path);
            return Err(error).context("cannot generate the notebook");
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    errln!(
        "Created {} with {} events, {} sources, {} excerpts and {} links in {:.1} s ({:.0} events/s)",
        args.path.display(),
        made.events,
        made.sources,
        made.excerpts,
        made.links,
        seconds,
        made.events as f64 / seconds.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}
