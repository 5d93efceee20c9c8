//! `annals export`: the chronology report, publishing and data formats.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args;
use clap::builder::PossibleValue;

use super::filter::FilterArgs;
use super::{NotebookArg, parse_date};
use crate::export::picture::{self, Paper};
use crate::export::{self, Format, GroupBy, Job, Options, Scope, file};

/// Arguments of `annals export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// What to write: the chronology report (markdown, html, docx, pdf),
    /// the timeline picture (svg, png, timeline-pdf), publishing
    /// (timelinejs; page, the read-only HTML page) or data (csv, json).
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Format,
    /// The file to write, or a folder to write it in (named after the
    /// notebook and the format).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    output: PathBuf,
    /// Keep events that may overlap this date or later.
    #[arg(long, allow_hyphen_values = true)]
    from: Option<String>,
    /// Keep events that may overlap this date or earlier.
    #[arg(long, allow_hyphen_values = true)]
    to: Option<String>,
    /// Keep events on this track; repeat for several (any of them).
    #[arg(long = "track", value_name = "TRACK")]
    tracks: Vec<String>,
    /// Keep events with this tag; repeat for several (any of them).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Keep events whose title, description, excerpts or notes contain
    /// these words (as `event list --text`).
    #[arg(long, value_name = "QUERY")]
    text: Option<String>,
    /// Keep only events no excerpt supports.
    #[arg(long)]
    unsupported: bool,
    /// Width of a PNG in pixels (200 to 16384; default 1400).
    #[arg(long, value_name = "PX")]
    width: Option<u32>,
    /// Paper of the timeline PDF, landscape: a4 or letter (default a4).
    #[arg(long, value_name = "PAPER")]
    paper: Option<String>,
    /// How the chronology report (markdown, html, docx, pdf) is arranged:
    /// date, one entry per event in date order (the default), or entity, a
    /// section per person, organisation and place with its events and
    /// roles, then the events no entity is on.
    #[arg(long = "group-by", value_enum, value_name = "GROUPING")]
    group_by: Option<GroupBy>,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

impl clap::ValueEnum for GroupBy {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

pub(super) fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    if args.width.is_some() && args.format != Format::Png {
        anyhow::bail!("--width applies to --format png only");
    }
    if args.paper.is_some() && args.format != Format::TimelinePdf {
        anyhow::bail!("--paper applies to --format timeline-pdf only");
    }
    if args.group_by.is_some() && !args.format.is_report() {
        anyhow::bail!(
            "--group-by applies to the chronology report (markdown, html, docx, pdf) only"
        );
    }
    if let Some(width) = args.width {
        picture::check_width(width)?;
    }
    let paper = match args.paper.as_deref() {
        None => Paper::default(),
        Some(name) => Paper::from_name(name)
            .with_context(|| format!("--paper {name:?} is not a paper size: give a4 or letter"))?,
    };
    // An export never changes the notebook.
    let store = args.notebook.open_read_only()?;
    let notebook = store.load()?;
    // Dates are read (and refused) as the other commands read them.
    for (flag, text) in [("--from", &args.from), ("--to", &args.to)] {
        if let Some(text) = text {
            parse_date(flag, text)?;
        }
    }
    let filter = FilterArgs {
        text: args.text.clone(),
        unsupported: args.unsupported,
        tracks: args.tracks.clone(),
        tags: args.tags.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        ..FilterArgs::default()
    }
    .filter();
    let scope = match filter.text_query() {
        Some(query) => Scope::with_hits(filter.clone(), Arc::new(store.matching_events(query)?)),
        None => Scope::of(filter),
    };
    // A bad scope is refused before anything is written.
    scope.select(&notebook)?;
    let target = file::target_path(&args.output, args.format, &store.name());
    // Refuse existing files before any work is done (a bad scope was
    // refused by `Job::new` below before anything is written, too).
    file::check_target(&target, args.force)?;
    let bodies = if args.format.needs_bodies() {
        export::fetch_bodies(&store, &notebook)?
    } else {
        export::Bodies::new()
    };
    let options = Options {
        title: store.name(),
        generated: Some(chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        width_px: args.width,
        paper,
        view: None,
        group_by: args.group_by.unwrap_or_default(),
    };
    let job = Job::new(&notebook, &scope, &bodies, &options, export::no_progress())?;
    let mut warnings = Vec::new();
    file::write_new(&target, args.force, |out| {
        warnings = job.run(args.format, out)?;
        Ok(())
    })
    .with_context(|| format!("cannot export {}", args.format))?;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    println!("{}", target.display());
    Ok(ExitCode::SUCCESS)
}
