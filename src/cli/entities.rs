//! `annals entity …`, `annals involve`/`uninvolve`, `annals relate`/`unrelate`,
//! and the entities and links of `annals show`.

use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::events::capitalised;
use super::output::{errln, outln};
use super::{NotebookArg, parse_date, print_json};
use crate::action::{Action, Created, EntityFields};
use crate::model::entity::{Coordinates, link_heading};
use crate::model::{EntityId, EventId, ExcerptId, Notebook, SourceId};

/// `annals entity` subcommands.
#[derive(Debug, Subcommand)]
pub enum EntityCommand {
    /// Add a person, organisation, place or an entity of your own kind;
    /// prints its id.
    Add(EntityAddArgs),
    /// List the entities with their aliases and how many events they are on.
    List(EntityListArgs),
    /// Show an entity: its details and its events in date order.
    Show(EntityShowArgs),
    /// Change an entity's fields.
    Edit(EntityEditArgs),
    /// Delete an entity and its roles (undo brings them back).
    Delete {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The entity's id, name or alias.
        entity: String,
    },
}

/// Arguments of `annals entity add`.
#[derive(Debug, Args)]
pub struct EntityAddArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// person, organisation, place, or a kind of your own.
    #[arg(long)]
    kind: String,
    /// The name it is shown by.
    #[arg(long)]
    name: String,
    /// Another spelling; repeat for several.
    #[arg(long = "alias")]
    aliases: Vec<String>,
    /// A short description.
    #[arg(long, default_value = "")]
    description: String,
    /// Born, founded, … (any date the date field accepts).
    #[arg(long, allow_hyphen_values = true)]
    dates: Option<String>,
    /// For a place: "latitude, longitude" in degrees.
    #[arg(long, allow_hyphen_values = true)]
    coordinates: Option<String>,
}

/// Arguments of `annals entity edit`.
#[derive(Debug, Args)]
pub struct EntityEditArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The entity's id, name or alias.
    entity: String,
    /// New kind.
    #[arg(long)]
    kind: Option<String>,
    /// New name.
    #[arg(long)]
    name: Option<String>,
    /// Replace the aliases; repeat for several.
    #[arg(long = "alias", conflicts_with = "no_aliases")]
    aliases: Vec<String>,
    /// Remove every alias.
    #[arg(long)]
    no_aliases: bool,
    /// New description.
    #[arg(long)]
    description: Option<String>,
    /// New dates ("" removes them).
    #[arg(long, allow_hyphen_values = true)]
    dates: Option<String>,
    /// New coordinates ("" removes them).
    #[arg(long, allow_hyphen_values = true)]
    coordinates: Option<String>,
}

/// Arguments of `annals entity list`.
#[derive(Debug, Args)]
pub struct EntityListArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Only entities of this kind.
    #[arg(long)]
    kind: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `annals entity show`.
#[derive(Debug, Args)]
pub struct EntityShowArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The entity's id, name or alias.
    entity: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `annals involve` and `annals uninvolve`.
#[derive(Debug, Args)]
pub struct InvolveArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The event's id.
    #[arg(long, required_unless_present = "source", conflicts_with = "source")]
    event: Option<i64>,
    /// A source's id instead of an event's (its author, its subject, …).
    #[arg(long)]
    source: Option<i64>,
    /// The entity's id, name or alias.
    #[arg(long)]
    entity: String,
    /// Its role ("visitor", "location", "author"); `uninvolve` without it
    /// removes every role.
    #[arg(long)]
    role: Option<String>,
    /// The id of the excerpt that says so (events only).
    #[arg(long, conflicts_with = "source")]
    excerpt: Option<i64>,
}

/// Arguments of `annals relate` and `annals unrelate`.
#[derive(Debug, Args)]
pub struct RelateArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The event the link starts at.
    #[arg(long)]
    from: i64,
    /// The event it points to.
    #[arg(long)]
    to: i64,
    /// causes, precedes, part-of, responds-to, contradicts or a kind of
    /// your own; `unrelate` without it removes every link from → to.
    #[arg(long)]
    kind: Option<String>,
    /// The id of the excerpt that asserts it.
    #[arg(long)]
    excerpt: Option<i64>,
}

/// The entity an argument names: an id, or a name or alias that exactly one
/// entity has.
fn entity_named(notebook: &Notebook, text: &str) -> anyhow::Result<EntityId> {
    let cast = &notebook.entities;
    if let Ok(id) = text.trim().parse::<i64>()
        && let Some(e) = cast.entity(EntityId(id))
    {
        return Ok(e.id);
    }
    if let Some(e) = cast.by_name(text) {
        return Ok(e.id);
    }
    let wanted = text.trim().to_lowercase();
    let n = cast
        .entities
        .iter()
        .filter(|e| e.names().any(|n| n.to_lowercase() == wanted))
        .count();
    if n > 1 {
        bail!("{n} entities are called “{}”; give its id", text.trim());
    }
    bail!("there is no entity with id or name “{}”", text.trim())
}

fn coordinates(text: &str) -> anyhow::Result<Coordinates> {
    Coordinates::parse(text).with_context(|| {
        format!("--coordinates “{text}” is not “latitude, longitude” in degrees (±90, ±180)")
    })
}

fn add(args: EntityAddArgs) -> anyhow::Result<ExitCode> {
    let dates = args
        .dates
        .as_deref()
        .map(|d| parse_date("--dates", d))
        .transpose()?;
    let coordinates = args.coordinates.as_deref().map(coordinates).transpose()?;
    let mut store = args.notebook.open()?;
    let applied = store.apply(&Action::CreateEntity(EntityFields {
        kind: args.kind,
        name: args.name,
        aliases: args.aliases,
        description: args.description,
        dates,
        notes: String::new(),
        coordinates,
    }))?;
    match applied.created {
        Some(Created::Entity(id)) => outln!("{id}"),
        other => bail!("unexpected result {other:?}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn edit(args: EntityEditArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.notebook.open()?;
    let notebook = store.load()?;
    let id = entity_named(&notebook, &args.entity)?;
    let Some(entity) = notebook.entities.entity(id) else {
        bail!("there is no entity with id {id}");
    };
    let mut fields = EntityFields::of(entity);
    if let Some(kind) = args.kind {
        fields.kind = kind;
    }
    if let Some(name) = args.name {
        fields.name = name;
    }
    if args.no_aliases {
        fields.aliases.clear();
    } else if !args.aliases.is_empty() {
        fields.aliases = args.aliases;
    }
    if let Some(description) = args.description {
        fields.description = description;
    }
    match args.dates.as_deref().map(str::trim) {
        Some("") => fields.dates = None,
        Some(d) => fields.dates = Some(parse_date("--dates", d)?),
        None => {}
    }
    match args.coordinates.as_deref().map(str::trim) {
        Some("") => fields.coordinates = None,
        Some(c) => fields.coordinates = Some(coordinates(c)?),
        None => {}
    }
    let applied = store.apply(&Action::UpdateEntity { id, fields })?;
    errln!("{}", capitalised(&applied.label));
    Ok(ExitCode::SUCCESS)
}

/// One entity in `entity list --json`.
#[derive(Debug, Serialize)]
struct ListedEntity<'a> {
    id: i64,
    uid: &'a str,
    kind: &'a str,
    name: &'a str,
    aliases: &'a [String],
    description: &'a str,
    dates: Option<&'a str>,
    coordinates: Option<Coordinates>,
    events: usize,
}

fn list(args: &EntityListArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let notebook = store.load()?;
    let cast = &notebook.entities;
    let kind = args
        .kind
        .as_deref()
        .map(|k| crate::model::entity::normalised_kind(k).unwrap_or_default());
    let rows: Vec<ListedEntity<'_>> = cast
        .entities
        .iter()
        .filter(|e| kind.as_ref().is_none_or(|k| &e.kind == k))
        .map(|e| ListedEntity {
            id: e.id.0,
            uid: &e.uid.0,
            kind: &e.kind,
            name: &e.name,
            aliases: &e.aliases,
            description: &e.description,
            dates: e.dates.as_ref().map(crate::model::date::Date::edtf),
            coordinates: e.coordinates,
            events: cast.event_count(e.id),
        })
        .collect();
    if args.json {
        return print_json(&rows);
    }
    for row in &rows {
        let aliases = if row.aliases.is_empty() {
            String::new()
        } else {
            format!("  ({})", row.aliases.join(", "))
        };
        let events = if row.events == 1 {
            "1 event".to_owned()
        } else {
            format!("{} events", row.events)
        };
        outln!(
            "{:>6}  {:<12}  {}{aliases}  — {events}",
            row.id,
            row.kind,
            row.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// An event of an entity in `entity show --json`.
#[derive(Debug, Serialize)]
struct EntityEvent<'a> {
    id: i64,
    title: &'a str,
    date: &'a str,
    display: String,
    role: &'a str,
    excerpt_id: Option<i64>,
}

fn show(args: &EntityShowArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let notebook = store.load()?;
    let id = entity_named(&notebook, &args.entity)?;
    let Some(entity) = notebook.entities.entity(id) else {
        bail!("there is no entity with id {id}");
    };
    let mut events: Vec<EntityEvent<'_>> = notebook
        .entities
        .events_of(id)
        .filter_map(|r| {
            let event = notebook.event(r.event)?;
            Some(EntityEvent {
                id: event.id.0,
                title: &event.title,
                date: event.date.edtf(),
                display: event.date.display(),
                role: &r.role,
                excerpt_id: r.excerpt.map(|x| x.0),
            })
        })
        .collect();
    events.sort_by_key(|e| notebook.event_position(EventId(e.id)));
    if args.json {
        let mut shown = serde_json::json!({
            "id": entity.id.0,
            "uid": entity.uid.0,
            "kind": entity.kind,
            "name": entity.name,
            "aliases": entity.aliases,
            "description": entity.description,
            "dates": entity.dates.as_ref().map(crate::model::date::Date::edtf),
            "notes": entity.notes,
            "coordinates": entity.coordinates,
        });
        shown["events"] = serde_json::to_value(&events)?;
        return print_json(&shown);
    }
    outln!("{} ({})", entity.name, entity.kind);
    if !entity.aliases.is_empty() {
        outln!("  also:   {}", entity.aliases.join(", "));
    }
    if let Some(d) = &entity.dates {
        outln!("  dates:  {}", d.display());
    }
    if let Some(c) = entity.coordinates {
        outln!("  at:     {c}");
    }
    if !entity.description.is_empty() {
        outln!("\n{}", entity.description);
    }
    if events.is_empty() {
        outln!("\nOn no event yet.");
    } else {
        outln!("\nEvents:");
        for e in &events {
            let role = if e.role.is_empty() {
                String::new()
            } else {
                format!(" — {}", e.role)
            };
            outln!("  [{}] {:<24} {}{role}", e.id, e.display, e.title);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_entity(command: EntityCommand) -> anyhow::Result<ExitCode> {
    match command {
        EntityCommand::Add(args) => add(args),
        EntityCommand::List(args) => list(&args),
        EntityCommand::Show(args) => show(&args),
        EntityCommand::Edit(args) => edit(args),
        EntityCommand::Delete { notebook, entity } => {
            let mut store = notebook.open()?;
            let id = entity_named(&store.load()?, &entity)?;
            let applied = store.apply(&Action::DeleteEntity(id))?;
            errln!("{}", capitalised(&applied.label));
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(super) fn involve(args: &InvolveArgs, add: bool) -> anyhow::Result<ExitCode> {
    let mut store = args.notebook.open()?;
    let notebook = store.load()?;
    let entity = entity_named(&notebook, &args.entity)?;
    let action = match (args.event, args.source, add) {
        (Some(e), _, true) => Action::Involve {
            event: EventId(e),
            entity,
            role: args.role.clone().unwrap_or_default(),
            excerpt: args.excerpt.map(ExcerptId),
        },
        (Some(e), _, false) => Action::Uninvolve {
            event: EventId(e),
            entity,
            role: args.role.clone(),
        },
        (None, Some(s), true) => Action::InvolveInSource {
            source: SourceId(s),
            entity,
            role: args.role.clone().unwrap_or_default(),
        },
        (None, Some(s), false) => Action::UninvolveFromSource {
            source: SourceId(s),
            entity,
            role: args.role.clone(),
        },
        (None, None, _) => bail!("give --event or --source"),
    };
    let applied = store.apply(&action)?;
    errln!("{}", capitalised(&applied.label));
    Ok(ExitCode::SUCCESS)
}

pub(super) fn relate(args: &RelateArgs, add: bool) -> anyhow::Result<ExitCode> {
    let mut store = args.notebook.open()?;
    let (from, to) = (EventId(args.from), EventId(args.to));
    let action = if add {
        let Some(kind) = args.kind.clone() else {
            bail!(
                "give the link's --kind (causes, precedes, part-of, responds-to, contradicts or your own)"
            );
        };
        Action::Relate {
            from,
            to,
            kind,
            excerpt: args.excerpt.map(ExcerptId),
        }
    } else {
        if args.excerpt.is_some() {
            bail!("unrelate takes no --excerpt");
        }
        Action::Unrelate {
            from,
            to,
            kind: args.kind.clone(),
        }
    };
    let applied = store.apply(&action)?;
    errln!("{}", capitalised(&applied.label));
    Ok(ExitCode::SUCCESS)
}

/// An entity on an event, in `show --json`.
#[derive(Debug, Serialize)]
struct ShownEntity<'a> {
    id: i64,
    name: &'a str,
    kind: &'a str,
    role: &'a str,
    excerpt_id: Option<i64>,
}

/// A link of an event, in `show --json`.
#[derive(Debug, Serialize)]
struct ShownLink<'a> {
    kind: &'a str,
    direction: &'static str,
    event_id: i64,
    title: &'a str,
    excerpt_id: Option<i64>,
}

fn shown_entities(notebook: &Notebook, event: EventId) -> Vec<ShownEntity<'_>> {
    notebook
        .entities
        .of_event(event)
        .filter_map(|r| {
            let e = notebook.entities.entity(r.entity)?;
            Some(ShownEntity {
                id: e.id.0,
                name: &e.name,
                kind: &e.kind,
                role: &r.role,
                excerpt_id: r.excerpt.map(|x| x.0),
            })
        })
        .collect()
}

fn shown_links(notebook: &Notebook, event: EventId) -> Vec<ShownLink<'_>> {
    notebook
        .entities
        .links_of(event)
        .filter_map(|l| {
            let out = l.from == event;
            let other = notebook.event(if out { l.to } else { l.from })?;
            Some(ShownLink {
                kind: &l.kind,
                direction: if out { "out" } else { "in" },
                event_id: other.id.0,
                title: &other.title,
                excerpt_id: l.excerpt.map(|x| x.0),
            })
        })
        .collect()
}

/// Adds `"entities"` and `"links"` to an event's `show --json`.
pub(super) fn add_to_shown_json(
    shown: &mut serde_json::Value,
    notebook: &Notebook,
    event: EventId,
) -> anyhow::Result<()> {
    shown["entities"] = serde_json::to_value(shown_entities(notebook, event))?;
    shown["links"] = serde_json::to_value(shown_links(notebook, event))?;
    Ok(())
}

/// Prints an event's entities and links in `show`'s text.
pub(super) fn print_shown(notebook: &Notebook, event: EventId) -> anyhow::Result<()> {
    let entities = shown_entities(notebook, event);
    if !entities.is_empty() {
        outln!("\nPeople, places, organisations:");
        for e in &entities {
            let role = if e.role.is_empty() {
                String::new()
            } else {
                format!(" — {}", e.role)
            };
            outln!("  [{}] {} ({}){role}", e.id, e.name, e.kind);
        }
    }
    let links = shown_links(notebook, event);
    if !links.is_empty() {
        outln!("\nLinks:");
        for l in &links {
            outln!(
                "  {}: [{}] {}",
                link_heading(l.kind, l.direction == "out"),
                l.event_id,
                l.title
            );
        }
    }
    Ok(())
}
