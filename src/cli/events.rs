//! `annals event …` and `annals show`.

use std::process::ExitCode;

use super::output::{errln, outln};
use anyhow::Context as _;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::filter::FilterArgs;
use super::{NotebookArg, parse_date, print_json};
use crate::action::{Action, Created, EventFields};
use crate::model::{Event, EventId, NoteOwner, Notebook};

/// `annals event` subcommands.
#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Add an event; prints its id.
    Add(AddArgs),
    /// List events in date order.
    List(ListArgs),
    /// Change an event's fields.
    Edit(EditArgs),
    /// Delete an event (undo brings it back).
    Delete {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The event's id.
        id: i64,
    },
}

/// Arguments of `annals event add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Title of the event.
    #[arg(long)]
    title: String,
    /// When it happened: anything the date field accepts ("Sept 2023", "c. 1850").
    #[arg(long, allow_hyphen_values = true)]
    date: String,
    /// Track (timeline lane); created if new.
    #[arg(long)]
    track: Option<String>,
    /// A tag; repeat for several.
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Markdown description.
    #[arg(long, default_value = "")]
    description: String,
    /// IANA time zone of the date's time of day ("Asia/Seoul").
    #[arg(long)]
    time_zone: Option<String>,
}

/// Arguments of `annals event list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    #[command(flatten)]
    filter: FilterArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `annals event edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The event's id.
    id: i64,
    /// New title.
    #[arg(long)]
    title: Option<String>,
    /// New date.
    #[arg(long, allow_hyphen_values = true)]
    date: Option<String>,
    /// New track (created if new).
    #[arg(long, conflicts_with = "no_track")]
    track: Option<String>,
    /// Take the event off its track.
    #[arg(long)]
    no_track: bool,
    /// Replace the tags; repeat for several.
    #[arg(long = "tag", conflicts_with = "no_tags")]
    tags: Vec<String>,
    /// Remove all tags.
    #[arg(long)]
    no_tags: bool,
    /// New description.
    #[arg(long)]
    description: Option<String>,
    /// New time zone ("" removes it).
    #[arg(long)]
    time_zone: Option<String>,
}

/// Arguments of `annals show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The event's id.
    id: i64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// One event in `event list --json`.
#[derive(Debug, Serialize)]
struct EventJson<'a> {
    id: i64,
    uid: &'a str,
    title: &'a str,
    date: &'a str,
    display: String,
    earliest: Option<String>,
    latest: Option<String>,
    precision: &'static str,
    track: Option<&'a str>,
    tags: Vec<&'a str>,
    excerpts: Vec<i64>,
}

fn event_json<'a>(notebook: &'a Notebook, event: &'a Event) -> EventJson<'a> {
    let bounds = event.date.bounds();
    EventJson {
        id: event.id.0,
        uid: &event.uid.0,
        title: &event.title,
        date: event.date.edtf(),
        display: event.date.display(),
        earliest: bounds.earliest.day().map(|_| bounds.earliest.iso()),
        latest: bounds.latest.day().map(|_| bounds.latest.iso()),
        precision: event.date.precision().name(),
        track: event
            .track
            .and_then(|t| notebook.track(t))
            .map(|t| t.name.as_str()),
        tags: event
            .tags
            .iter()
            .filter_map(|t| notebook.tag(*t))
            .map(|t| t.name.as_str())
            .collect(),
        excerpts: event.excerpts.iter().map(|x| x.0).collect(),
    }
}

pub(super) fn run(command: EventCommand) -> anyhow::Result<ExitCode> {
    match command {
        EventCommand::Add(args) => add(args),
        EventCommand::List(args) => list(&args),
        EventCommand::Edit(args) => edit(args),
        EventCommand::Delete { notebook, id } => {
            let mut store = notebook.open()?;
            let applied = store.apply(&Action::DeleteEvent(EventId(id)))?;
            errln!("{}", capitalised(&applied.label));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// "delete event 'X'" → "Delete event 'X'" for messages.
pub(super) fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn add(args: AddArgs) -> anyhow::Result<ExitCode> {
    let date = parse_date("--date", &args.date)?;
    let mut store = args.notebook.open()?;
    let fields = EventFields {
        title: args.title,
        date,
        time_zone: args.time_zone,
        description: args.description,
        track: args.track,
        tags: args.tags,
    };
    let applied = store.apply(&Action::CreateEvent {
        fields,
        excerpts: Vec::new(),
    })?;
    match applied.created {
        Some(Created::Event(id)) => outln!("{id}"),
        other => anyhow::bail!("unexpected result {other:?}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn list(args: &ListArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let notebook = store.load()?;
    let resolved = super::filter::resolve(&store, &notebook, &args.filter.filter())?;
    let events = resolved.select(&notebook);
    if args.json {
        let rows: Vec<EventJson<'_>> = events.iter().map(|e| event_json(&notebook, e)).collect();
        return print_json(&rows);
    }
    for event in &events {
        outln!(
            "{:>6}  {:<28}  {}{}",
            event.id,
            event.date.display(),
            event.title,
            event
                .track
                .and_then(|t| notebook.track(t))
                .map(|t| format!("  [{}]", t.name))
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn edit(args: EditArgs) -> anyhow::Result<ExitCode> {
    let date = args
        .date
        .as_deref()
        .map(|t| parse_date("--date", t))
        .transpose()?;
    let mut store = args.notebook.open()?;
    let notebook = store.load()?;
    let id = EventId(args.id);
    let event = notebook
        .event(id)
        .with_context(|| format!("there is no event with id {id}"))?;
    let tags = if args.no_tags {
        Vec::new()
    } else if args.tags.is_empty() {
        event
            .tags
            .iter()
            .filter_map(|t| notebook.tag(*t))
            .map(|t| t.name.clone())
            .collect()
    } else {
        args.tags
    };
    let track = if args.no_track {
        None
    } else {
        args.track.or_else(|| {
            event
                .track
                .and_then(|t| notebook.track(t))
                .map(|t| t.name.clone())
        })
    };
    let fields = EventFields {
        title: args.title.unwrap_or_else(|| event.title.clone()),
        date: date.unwrap_or_else(|| event.date.clone()),
        time_zone: match args.time_zone {
            Some(zone) if zone.trim().is_empty() => None,
            Some(zone) => Some(zone),
            None => event.time_zone.clone(),
        },
        description: args
            .description
            .unwrap_or_else(|| event.description.clone()),
        track,
        tags,
    };
    let applied = store.apply(&Action::UpdateEvent { id, fields })?;
    errln!("{}", capitalised(&applied.label));
    Ok(ExitCode::SUCCESS)
}

/// An excerpt in `show --json`.
#[derive(Debug, Serialize)]
struct ShownExcerpt<'a> {
    id: i64,
    quote: &'a str,
    source_id: i64,
    source_title: &'a str,
}

/// A note in `show --json`.
#[derive(Debug, Serialize)]
struct ShownNote<'a> {
    id: i64,
    body: &'a str,
}

pub(super) fn show(args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let notebook = store.load()?;
    let id = EventId(args.id);
    let event = notebook
        .event(id)
        .with_context(|| format!("there is no event with id {id}"))?;
    let excerpts: Vec<ShownExcerpt<'_>> = event
        .excerpts
        .iter()
        .filter_map(|x| notebook.excerpt(*x))
        .map(|x| ShownExcerpt {
            id: x.id.0,
            quote: &x.quote,
            source_id: x.source.0,
            source_title: notebook.source(x.source).map_or("", |s| s.title.as_str()),
        })
        .collect();
    let notes: Vec<ShownNote<'_>> = notebook
        .notes_of(NoteOwner::Event(id))
        .map(|n| ShownNote {
            id: n.id.0,
            body: &n.body,
        })
        .collect();
    if args.json {
        // The list's shape, with excerpts spelled out and the long fields.
        let mut shown = serde_json::to_value(event_json(&notebook, event))?;
        shown["excerpts"] = serde_json::to_value(&excerpts)?;
        shown["notes"] = serde_json::to_value(&notes)?;
        shown["description"] = event.description.clone().into();
        shown["time_zone"] = event.time_zone.clone().into();
        super::entities::add_to_shown_json(&mut shown, &notebook, id)?;
        return print_json(&shown);
    }
    outln!("{}", event.title);
    outln!(
        "  date:   {} ({}, {})",
        event.date.display(),
        event.date.edtf(),
        event.date.precision()
    );
    outln!("  track:  {}", notebook.track_name(event.track));
    let tags: Vec<&str> = event
        .tags
        .iter()
        .filter_map(|t| notebook.tag(*t))
        .map(|t| t.name.as_str())
        .collect();
    if !tags.is_empty() {
        outln!("  tags:   {}", tags.join(", "));
    }
    if !event.description.is_empty() {
        outln!("\n{}", event.description);
    }
    if excerpts.is_empty() {
        outln!("\nNo excerpts support this event yet.");
    } else {
        outln!("\nExcerpts:");
        for x in &excerpts {
            outln!("  [{}] “{}” — {}", x.id, x.quote, x.source_title);
        }
    }
    super::entities::print_shown(&notebook, id)?;
    if !notes.is_empty() {
        outln!("\nNotes:");
        for n in &notes {
            outln!("  [{}] {}", n.id, n.body.replace('\n', "\n      "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
