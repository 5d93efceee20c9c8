//! `annals event …` and `annals show`.

use std::process::ExitCode;

use super::output::{errln, outln};
use anyhow::Context as _;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::filter::FilterArgs;
use super::{NotebookArg, parse_date, print_json};
use crate::action::{Action, Created, EventFields};
use crate::model::{Event, EventId, ExcerptId, NoteOwner, Notebook};

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
    /// Only what sources published by this day support.
    #[arg(long, allow_hyphen_values = true)]
    as_of: Option<String>,
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
    /// New status: reported, confirmed, planned, cancelled or disputed.
    #[arg(long)]
    status: Option<String>,
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

/// Lists the events the filter keeps, streamed from the store: the date
/// range is answered by the notebook's index, every other part of the
/// filter is tested row by row, and the read model is never loaded, so
/// time and memory grow with the rows listed, not the notebook. The JSON
/// is exactly what pretty-printing the whole list at once writes.
fn list(args: &ListArgs) -> anyhow::Result<ExitCode> {
    use std::io::Write as _;
    let store = args.notebook.open_read_only()?;
    let notebook = store.load_without_events()?;
    let resolved = super::filter::resolve(&store, &notebook, &args.filter.filter())?;
    let (from, to, fuzzy) = resolved.day_range();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut listed = 0usize;
    let mut write = |notebook: &Notebook, event: &Event| -> anyhow::Result<()> {
        if args.json {
            let element = serde_json::to_string_pretty(&event_json(notebook, event))?;
            out.write_all(if listed == 0 { b"[\n" } else { b",\n" })?;
            for (n, line) in element.lines().enumerate() {
                if n > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(b"  ")?;
                out.write_all(line.as_bytes())?;
            }
        } else {
            let line = format!(
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
            out.write_all(super::output::escaped(&line).as_bytes())?;
            out.write_all(b"\n")?;
        }
        listed += 1;
        Ok(())
    };
    if let Some(as_of) = &args.as_of {
        // What the sources published by a day support needs every event's
        // evidence: the whole read model.
        let notebook = store.load()?;
        let resolved = super::filter::resolve(&store, &notebook, &args.filter.filter())?;
        let events = resolved.select(&notebook);
        for event in super::evidence::known_as_of(&notebook, events, as_of)? {
            write(&notebook, event)?;
        }
    } else {
        store.each_event_in_range(from, to, fuzzy, |event| -> anyhow::Result<()> {
            if resolved.keep(&notebook, &event) {
                write(&notebook, &event)?;
            }
            Ok(())
        })?;
    }
    if args.json {
        out.write_all(if listed == 0 { b"[]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn edit(args: EditArgs) -> anyhow::Result<ExitCode> {
    let status = args
        .status
        .as_deref()
        .map(super::evidence::parse_status)
        .transpose()?;
    let only_status = args.title.is_none()
        && args.date.is_none()
        && args.track.is_none()
        && !args.no_track
        && args.tags.is_empty()
        && !args.no_tags
        && args.description.is_none()
        && args.time_zone.is_none();
    if let (Some(status), true) = (status, only_status) {
        let mut store = args.notebook.open()?;
        let applied = store.apply(&Action::SetEventStatus {
            id: EventId(args.id),
            status,
        })?;
        errln!("{}", capitalised(&applied.label));
        return Ok(ExitCode::SUCCESS);
    }
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
    let update = Action::UpdateEvent { id, fields };
    let action = match status {
        Some(status) if status != notebook.evidence.status(id) => Action::Batch {
            label: format!(
                "edit event '{}'",
                crate::model::text::shortened(&event.title, 40, crate::model::text::Cut::AnyChar)
            ),
            actions: vec![update, Action::SetEventStatus { id, status }],
        },
        _ => update,
    };
    let applied = store.apply(&action)?;
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
    /// The page it starts on; `null` for an unpaged source.
    page: Option<u32>,
    /// "p. 3", "pp. 3–4"; skipped for an unpaged source.
    #[serde(skip)]
    pin: Option<String>,
}

/// A note in `show --json`.
#[derive(Debug, Serialize)]
struct ShownNote<'a> {
    id: i64,
    body: &'a str,
}

pub(super) fn show(args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    // The event alone, with everything but the events: a large notebook
    // is not loaded to show one of them.
    let id = EventId(args.id);
    let (notebook, event) = store.load_for_event(id)?;
    let event = event.with_context(|| format!("there is no event with id {id}"))?;
    let event = &event;
    let excerpts: Vec<ShownExcerpt<'_>> = event
        .excerpts
        .iter()
        .filter_map(|x| notebook.excerpt(*x))
        .map(|x| {
            let source = notebook.source(x.source);
            ShownExcerpt {
                id: x.id.0,
                quote: &x.quote,
                source_id: x.source.0,
                source_title: source.map_or("", |s| s.title.as_str()),
                page: source.and_then(|s| s.page_of(x)),
                pin: source.and_then(|s| s.pin_cite(x.start, x.end)),
            }
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
        super::evidence::add_to_shown(&notebook, event, &mut shown);
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
    outln!(
        "  status: {}{}",
        notebook.evidence.status(id).name(),
        if notebook.evidence.is_disputed(id) {
            " (disputed: its accounts disagree)"
        } else {
            ""
        }
    );
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
            let pin = x
                .pin
                .as_ref()
                .map_or_else(String::new, |p| format!(", {p}"));
            outln!(
                "  [{}] “{}” — {}{pin}{}",
                x.id,
                x.quote,
                x.source_title,
                super::evidence::shown_line(&notebook, id, ExcerptId(x.id))
            );
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
