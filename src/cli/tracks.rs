//! `annals track …`, `annals tag …` and `annals view …`: lanes, tags and
//! saved views, each change one undoable action.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::events::capitalised;
use super::filter::FilterArgs;
use super::output::{errln, outln};
use super::{NotebookArg, print_json};
use crate::action::Action;
use crate::model::notebook::Colour;
use crate::model::{Notebook, Tag, Track};

/// `annals track` subcommands.
#[derive(Debug, Subcommand)]
pub enum TrackCommand {
    /// List the tracks in lane order with their event counts.
    List(ListArgs),
    /// Rename a track.
    Rename {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The track's name now.
        old: String,
        /// Its new name.
        new: String,
    },
    /// Set a track's colour ('#rrggbb').
    Colour {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The track.
        name: String,
        /// The colour, as '#rrggbb'.
        colour: String,
    },
    /// Delete a track; its events move to "No track" (undo brings it back).
    Delete {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The track.
        name: String,
    },
    /// Hide a track's lane from the timeline (its events stay listed).
    Hide {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The track.
        name: String,
    },
    /// Show a hidden track's lane again.
    Show {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The track.
        name: String,
    },
    /// Move a track to a place in the lane order (1 is the top lane).
    Move {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The track.
        name: String,
        /// Its new place, from 1.
        position: usize,
    },
}

/// `annals tag` subcommands.
#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// List the tags with the number of events carrying each.
    List(ListArgs),
    /// Rename a tag.
    Rename {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The tag now.
        old: String,
        /// Its new text.
        new: String,
    },
    /// Give FROM's events the tag INTO and delete FROM.
    Merge {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The tag that goes away.
        from: String,
        /// The tag that stays.
        into: String,
    },
    /// Delete a tag from every event (undo brings it back).
    Delete {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The tag.
        name: String,
    },
}

/// `annals view` subcommands.
#[derive(Debug, Subcommand)]
pub enum ViewCommand {
    /// List the saved views.
    List(ListArgs),
    /// Save the filter the flags describe under a name (replacing a view of
    /// that name).
    Save {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The view's name.
        name: String,
        #[command(flatten)]
        /// What it shows (boxed: the filter's flags dwarf the other
        /// variants).
        filter: Box<FilterArgs>,
    },
    /// Delete a saved view.
    Delete {
        #[command(flatten)]
        /// The notebook.
        notebook: NotebookArg,
        /// The view's name.
        name: String,
    },
}

/// Arguments of the `list` subcommands.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// One track in `track list --json`.
#[derive(Debug, Serialize)]
struct TrackJson<'a> {
    name: &'a str,
    colour: String,
    position: usize,
    hidden: bool,
    event_count: usize,
}

/// One tag in `tag list --json`.
#[derive(Debug, Serialize)]
struct TagJson<'a> {
    name: &'a str,
    count: usize,
}

/// Names listed in an error before "…".
const NAMES_IN_ERROR: usize = 12;

fn unknown(kind: &str, name: &str, known: Vec<&str>) -> anyhow::Error {
    if known.is_empty() {
        return anyhow::anyhow!("there is no {kind} “{name}” (the notebook has no {kind}s)");
    }
    let mut list: Vec<&str> = known.into_iter().take(NAMES_IN_ERROR + 1).collect();
    if list.len() > NAMES_IN_ERROR {
        list.truncate(NAMES_IN_ERROR);
        list.push("…");
    }
    anyhow::anyhow!("there is no {kind} “{name}” ({kind}s: {})", list.join(", "))
}

/// The track of that name: exactly, else ignoring case.
fn track<'a>(notebook: &'a Notebook, name: &str) -> anyhow::Result<&'a Track> {
    let name = name.trim();
    notebook
        .tracks
        .iter()
        .find(|t| t.name == name)
        .or_else(|| {
            notebook
                .tracks
                .iter()
                .find(|t| t.name.to_lowercase() == name.to_lowercase())
        })
        .ok_or_else(|| {
            unknown(
                "track",
                name,
                notebook.tracks.iter().map(|t| t.name.as_str()).collect(),
            )
        })
}

/// The tag of that name: exactly, else ignoring case.
fn tag<'a>(notebook: &'a Notebook, name: &str) -> anyhow::Result<&'a Tag> {
    let name = name.trim();
    notebook
        .tags
        .iter()
        .find(|t| t.name == name)
        .or_else(|| {
            notebook
                .tags
                .iter()
                .find(|t| t.name.to_lowercase() == name.to_lowercase())
        })
        .ok_or_else(|| {
            unknown(
                "tag",
                name,
                notebook.tags.iter().map(|t| t.name.as_str()).collect(),
            )
        })
}

/// Applies one action and says what it did.
fn apply(
    notebook: &NotebookArg,
    action: impl FnOnce(&Notebook) -> anyhow::Result<Action>,
) -> anyhow::Result<ExitCode> {
    let mut store = notebook.open()?;
    let model = store.load()?;
    let action = action(&model)?;
    let applied = store.apply(&action)?;
    errln!("{}", capitalised(&applied.label));
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_track(command: TrackCommand) -> anyhow::Result<ExitCode> {
    match command {
        TrackCommand::List(args) => list_tracks(&args),
        TrackCommand::Rename { notebook, old, new } => apply(&notebook, |nb| {
            let t = track(nb, &old)?;
            Ok(Action::UpdateTrack {
                id: t.id,
                name: new,
                colour: t.colour,
            })
        }),
        TrackCommand::Colour {
            notebook,
            name,
            colour,
        } => {
            let Some(parsed) = Colour::from_hex(colour.trim()) else {
                anyhow::bail!("“{colour}” is not a colour: write it as '#rrggbb', e.g. '#1f77b4'");
            };
            apply(&notebook, |nb| {
                let t = track(nb, &name)?;
                Ok(Action::UpdateTrack {
                    id: t.id,
                    name: t.name.clone(),
                    colour: parsed,
                })
            })
        }
        TrackCommand::Delete { notebook, name } => apply(&notebook, |nb| {
            Ok(Action::DeleteTrack(track(nb, &name)?.id))
        }),
        TrackCommand::Hide { notebook, name } => apply(&notebook, |nb| {
            Ok(Action::HideTrack {
                id: track(nb, &name)?.id,
                hidden: true,
            })
        }),
        TrackCommand::Show { notebook, name } => apply(&notebook, |nb| {
            Ok(Action::HideTrack {
                id: track(nb, &name)?.id,
                hidden: false,
            })
        }),
        TrackCommand::Move {
            notebook,
            name,
            position,
        } => {
            if position == 0 {
                anyhow::bail!("positions start at 1 (the top lane)");
            }
            apply(&notebook, |nb| {
                Ok(Action::MoveTrack {
                    id: track(nb, &name)?.id,
                    position: position - 1,
                })
            })
        }
    }
}

fn list_tracks(args: &ListArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let notebook = store.load()?;
    let mut counts = std::collections::HashMap::new();
    for event in &notebook.events {
        if let Some(t) = event.track {
            *counts.entry(t).or_insert(0_usize) += 1;
        }
    }
    let rows: Vec<TrackJson<'_>> = notebook
        .tracks
        .iter()
        .enumerate()
        .map(|(i, t)| TrackJson {
            name: &t.name,
            colour: t.colour.hex(),
            position: i + 1,
            hidden: t.hidden,
            event_count: counts.get(&t.id).copied().unwrap_or(0),
        })
        .collect();
    if args.json {
        return print_json(&rows);
    }
    for row in &rows {
        outln!(
            "{:>3}  {}  {:>7}  {}{}",
            row.position,
            row.colour,
            row.event_count,
            row.name,
            if row.hidden { "  (hidden)" } else { "" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_tag(command: TagCommand) -> anyhow::Result<ExitCode> {
    match command {
        TagCommand::List(args) => {
            let store = args.notebook.open_read_only()?;
            let notebook = store.load()?;
            let mut counts = std::collections::HashMap::new();
            for event in &notebook.events {
                for t in &event.tags {
                    *counts.entry(*t).or_insert(0_usize) += 1;
                }
            }
            let rows: Vec<TagJson<'_>> = notebook
                .tags
                .iter()
                .map(|t| TagJson {
                    name: &t.name,
                    count: counts.get(&t.id).copied().unwrap_or(0),
                })
                .collect();
            if args.json {
                return print_json(&rows);
            }
            for row in &rows {
                outln!("{:>7}  {}", row.count, row.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        TagCommand::Rename { notebook, old, new } => apply(&notebook, |nb| {
            Ok(Action::RenameTag {
                id: tag(nb, &old)?.id,
                name: new,
            })
        }),
        TagCommand::Merge {
            notebook,
            from,
            into,
        } => apply(&notebook, |nb| {
            Ok(Action::MergeTags {
                from: tag(nb, &from)?.id,
                into: tag(nb, &into)?.id,
            })
        }),
        TagCommand::Delete { notebook, name } => {
            apply(&notebook, |nb| Ok(Action::DeleteTag(tag(nb, &name)?.id)))
        }
    }
}

pub(super) fn run_view(command: ViewCommand) -> anyhow::Result<ExitCode> {
    match command {
        ViewCommand::List(args) => {
            let store = args.notebook.open_read_only()?;
            let notebook = store.load()?;
            if args.json {
                let rows: Vec<serde_json::Value> = notebook
                    .views
                    .iter()
                    .map(|v| serde_json::json!({ "name": v.name, "filter": v.filter }))
                    .collect();
                return print_json(&rows);
            }
            for view in &notebook.views {
                let parts: Vec<String> = view.filter.parts().into_iter().map(|(_, l)| l).collect();
                outln!(
                    "{}  ({})",
                    view.name,
                    if parts.is_empty() {
                        "everything".to_owned()
                    } else {
                        parts.join(", ")
                    }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ViewCommand::Save {
            notebook,
            name,
            filter,
        } => {
            let filter = filter.filter();
            apply(&notebook, |nb| {
                // Refuse a view that names what the notebook lacks.
                filter.resolve(nb, None).map_err(anyhow::Error::msg)?;
                Ok(Action::SaveView {
                    name,
                    filter,
                    range: None,
                })
            })
        }
        ViewCommand::Delete { notebook, name } => {
            apply(&notebook, |_| Ok(Action::DeleteView { name }))
        }
    }
}
