//! `annals import`: events from a file, previewed, then applied as one
//! undoable action (or refused whole).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::Args;
use clap::builder::PossibleValue;
use serde::Serialize;

use super::output::{errln, outln};
use super::{EXIT_BAD_INPUT, NotebookArg, print_json};
use crate::action::Action;
use crate::export::json::NotebookJson;
use crate::import::Format;
use crate::import::events::{Preview, RowError, Status, roles_text, rows_from_table};
use crate::import::notebook::Prefer;
use crate::import::table::{MAX_FILE_BYTES, Mapping, read_table};

/// Arguments of `annals import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// The file to import.
    file: PathBuf,
    /// What the file is; guessed from its extension (and, for .json, its
    /// content) when not given.
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<Format>,
    /// Map a column (its header, or its number from 1) to a field: title,
    /// date, start, end, track (or group), tags, description, uid,
    /// time_zone, people, organisations, places or ignore. Repeat for
    /// several.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// Print the preview and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import the valid rows of a file that has invalid ones.
    #[arg(long)]
    skip_invalid: bool,
    /// Print the preview as JSON.
    #[arg(long)]
    json: bool,
    /// Merging a notebook file (json): which side wins where both have a
    /// row with the same uid and different content. Without it such
    /// conflicts are listed and the file is refused.
    #[arg(long, value_enum, value_name = "SIDE")]
    prefer: Option<Side>,
}

/// `--prefer mine|theirs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Side {
    /// Keep the notebook's row.
    Mine,
    /// Take the file's row.
    Theirs,
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    kind: &'static str,
    uid: &'a str,
    title: &'a str,
    fields: &'a [&'static str],
}

#[derive(Serialize)]
struct MergeJson<'a> {
    file: String,
    format: &'static str,
    dry_run: bool,
    imported: bool,
    new: usize,
    updated: usize,
    unchanged: usize,
    conflicts: Vec<ConflictJson<'a>>,
    errors: Vec<&'a str>,
}

#[derive(Serialize)]
struct SourceRowJson<'a> {
    line: u64,
    status: &'static str,
    title: &'a str,
    author: &'a str,
    outlet: &'a str,
    published: Option<&'a str>,
    url: &'a str,
}

#[derive(Serialize)]
struct SourcesJson<'a> {
    file: String,
    format: &'static str,
    dry_run: bool,
    imported: bool,
    new: usize,
    unchanged: usize,
    errors: Vec<ErrorJson<'a>>,
    sources: Vec<SourceRowJson<'a>>,
}

/// `annals import` of BibTeX, RIS or CSL-JSON: each record a source. A
/// record with the title and URL of a source the notebook (or the file
/// before it) has is unchanged.
fn references(
    args: &ImportArgs,
    format: Format,
    bytes: &[u8],
    file_name: &str,
) -> anyhow::Result<ExitCode> {
    use crate::import::references::{read_bibtex, read_csl_json, read_ris};
    let records = match format {
        Format::Bibtex => read_bibtex(bytes),
        Format::Ris => read_ris(bytes),
        _ => read_csl_json(bytes),
    }
    .with_context(|| format!("cannot import {}", args.file.display()))?;
    let mut store = if args.dry_run {
        args.notebook.open_read_only()?
    } else {
        args.notebook.open()?
    };
    let notebook = store.load()?;
    let mut seen: std::collections::HashSet<(String, String)> = notebook
        .sources
        .iter()
        .map(|s| (s.title.clone(), s.url.clone()))
        .collect();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut import = crate::action::NotebookImport::default();
    import.events.from = file_name.to_owned();
    for record in records {
        match record {
            Err(e) => errors.push(e),
            Ok((line, fields)) => {
                let new = seen.insert((fields.title.clone(), fields.url.clone()));
                if new {
                    import
                        .sources
                        .push((crate::model::Uid::new(), fields.clone()));
                }
                rows.push((line, new, fields));
            }
        }
    }
    let refused = !errors.is_empty() && !args.skip_invalid;
    let new = import.sources.len();
    let will_write = !args.dry_run && !refused && new > 0;
    if will_write {
        store.apply(&Action::ImportNotebook(Box::new(import)))?;
    }
    let status = |new: bool| if new { "new" } else { "unchanged" };
    if args.json {
        print_json(&SourcesJson {
            file: args.file.display().to_string(),
            format: format.name(),
            dry_run: args.dry_run,
            imported: will_write,
            new,
            unchanged: rows.len() - new,
            errors: errors
                .iter()
                .map(|e| ErrorJson {
                    line: e.line,
                    message: &e.message,
                })
                .collect(),
            sources: rows
                .iter()
                .map(|(line, new, f)| SourceRowJson {
                    line: *line,
                    status: status(*new),
                    title: &f.title,
                    author: &f.author,
                    outlet: &f.outlet,
                    published: f.published.as_ref().map(crate::model::date::Date::edtf),
                    url: &f.url,
                })
                .collect(),
        })?;
    } else {
        let where_ = if format == Format::Ris {
            "line"
        } else {
            "record"
        };
        outln!(
            "{file_name}: {new} new source{}, {} unchanged, {} error{}",
            if new == 1 { "" } else { "s" },
            rows.len() - new,
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        let mut lines: Vec<(u64, String)> = errors
            .iter()
            .map(|e| (e.line, format!("{where_} {}: error: {}", e.line, e.message)))
            .collect();
        if args.dry_run {
            for (line, new, f) in &rows {
                lines.push((
                    *line,
                    format!(
                        "{where_} {line}: {}: {} — {}{}",
                        status(*new),
                        f.title,
                        if f.author.is_empty() {
                            "(no author)"
                        } else {
                            &f.author
                        },
                        f.published
                            .as_ref()
                            .map(|d| format!(", {}", d.display()))
                            .unwrap_or_default()
                    ),
                ));
            }
        }
        lines.sort_by_key(|(line, _)| *line);
        for (_, text) in lines {
            outln!("{text}");
        }
    }
    if refused {
        errln!(
            "error: {} record{} cannot be imported, so nothing was imported; fix {} or pass --skip-invalid",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            if errors.len() == 1 { "it" } else { "them" }
        );
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    if will_write && !args.json {
        errln!(
            "imported as one step; `annals undo -n {}` takes it back",
            args.notebook.path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `annals import --format json`: merges a notebook file by uid.
fn merge(args: &ImportArgs, bytes: &[u8], file_name: &str) -> anyhow::Result<ExitCode> {
    let file = NotebookJson::from_slice(bytes)
        .with_context(|| format!("cannot import {}", args.file.display()))?;
    let mut store = if args.dry_run {
        args.notebook.open_read_only()?
    } else {
        args.notebook.open()?
    };
    let notebook = store.load()?;
    let bodies = crate::export::fetch_bodies(&store, &notebook)?;
    let prefer = args.prefer.map(|side| match side {
        Side::Mine => Prefer::Mine,
        Side::Theirs => Prefer::Theirs,
    });
    let preview = crate::import::notebook::plan(&file, &notebook, &bodies, prefer, file_name);
    let refused_errors = !preview.errors.is_empty() && !args.skip_invalid;
    let refused_conflicts = !preview.conflicts.is_empty() && prefer.is_none();
    let refused = refused_errors || refused_conflicts;
    let will_write = !args.dry_run && !refused && (preview.new > 0 || preview.updated() > 0);
    if will_write {
        store.apply(&Action::ImportNotebook(Box::new(preview.import.clone())))?;
    }
    if args.json {
        print_json(&MergeJson {
            file: args.file.display().to_string(),
            format: Format::Json.name(),
            dry_run: args.dry_run,
            imported: will_write,
            new: preview.new,
            updated: preview.updated(),
            unchanged: preview.unchanged,
            conflicts: preview
                .conflicts
                .iter()
                .map(|c| ConflictJson {
                    kind: c.kind,
                    uid: &c.uid.0,
                    title: &c.title,
                    fields: &c.fields,
                })
                .collect(),
            errors: preview.errors.iter().map(String::as_str).collect(),
        })?;
    } else {
        outln!("{file_name}: {}", preview.summary());
        for c in &preview.conflicts {
            outln!(
                "conflict: {} {} “{}”: {} differ{}",
                c.kind,
                c.uid,
                c.title,
                c.fields.join(", "),
                match prefer {
                    Some(Prefer::Mine) => " (keeping mine)",
                    Some(Prefer::Theirs) => " (taking theirs)",
                    None => "",
                }
            );
        }
        for e in &preview.errors {
            outln!("error: {e}");
        }
    }
    if refused_errors {
        errln!(
            "error: the file holds rows that cannot be imported, so nothing was imported; pass --skip-invalid to import the rest"
        );
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    if refused_conflicts {
        errln!(
            "error: {} row{} differ{} between the notebook and the file, so nothing was imported; pick a side with --prefer mine or --prefer theirs",
            preview.conflicts.len(),
            if preview.conflicts.len() == 1 {
                ""
            } else {
                "s"
            },
            if preview.conflicts.len() == 1 {
                "s"
            } else {
                ""
            }
        );
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    if will_write && !args.json {
        errln!(
            "imported as one step; `annals undo -n {}` takes it back",
            args.notebook.path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

#[derive(Serialize)]
struct RowJson<'a> {
    line: u64,
    status: &'static str,
    uid: Option<&'a str>,
    title: &'a str,
    date: &'a str,
    display: String,
    read_from: &'a str,
    changed: &'a [&'static str],
    entities: Vec<RoleJson<'a>>,
}

/// An entity a row puts on its event.
#[derive(Serialize)]
struct RoleJson<'a> {
    kind: &'static str,
    name: &'a str,
    role: &'a str,
    new: bool,
}

/// An entity the import adds.
#[derive(Serialize)]
struct EntityJson<'a> {
    kind: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    line: u64,
    message: &'a str,
}

#[derive(Serialize)]
struct PreviewJson<'a> {
    file: String,
    format: &'static str,
    dry_run: bool,
    imported: bool,
    new: usize,
    updated: usize,
    unchanged: usize,
    errors: Vec<ErrorJson<'a>>,
    rows: Vec<RowJson<'a>>,
    new_entities: Vec<EntityJson<'a>>,
}

/// New entities the summary names before "and 3 more".
const ENTITIES_LISTED: usize = 10;

/// Reads a file for import, refusing one over the size limit before reading.
fn read_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_FILE_BYTES {
        bail!(
            "{} is {} MB; files over {} MB are not imported",
            path.display(),
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The events a CSV file gives, through the guessed mapping changed by
/// `--map`.
fn csv_rows(
    bytes: &[u8],
    maps: &[String],
) -> anyhow::Result<Vec<Result<crate::import::events::Row, RowError>>> {
    let table = read_table(bytes)?;
    if let Some(notice) = &table.notice {
        errln!("notice: {notice}");
    }
    if crate::import::timelinejs::is_template(&table) && maps.is_empty() {
        return Ok(crate::import::timelinejs::rows_from_template(&table));
    }
    let mut mapping = Mapping::guess(&table.headers);
    for map in maps {
        let (column, field) = map
            .rsplit_once('=')
            .with_context(|| format!("--map “{map}”: write it as COLUMN=FIELD"))?;
        mapping
            .set(&table.headers, column, field)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("--map “{map}”"))?;
    }
    mapping.check().map_err(anyhow::Error::msg)?;
    Ok(rows_from_table(&table, &mapping))
}

pub(super) fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let bytes = read_file(&args.file)?;
    let format = match args.format {
        Some(format) => format,
        None => Format::guess(&args.file, &bytes).with_context(|| {
            format!(
                "cannot tell the format of {} from its name; give --format (csv, json, timelinejs, bibtex, ris or csl-json)",
                args.file.display()
            )
        })?,
    };
    if !args.map.is_empty() && format != Format::Csv {
        bail!("--map applies to CSV files only");
    }
    if args.prefer.is_some() && format != Format::Json {
        bail!("--prefer applies to notebook files (json) only");
    }
    let file_name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let rows = match format {
        Format::Json => return merge(args, &bytes, &file_name),
        Format::Bibtex | Format::Ris | Format::CslJson => {
            return references(args, format, &bytes, &file_name);
        }
        Format::Csv => csv_rows(&bytes, &args.map)
            .with_context(|| format!("cannot import {}", args.file.display()))?,
        Format::TimelineJs => crate::import::timelinejs::rows_from_json(&bytes)
            .with_context(|| format!("cannot import {}", args.file.display()))?,
    };
    // A dry run never writes: the notebook is opened read-only.
    let mut store = if args.dry_run {
        args.notebook.open_read_only()?
    } else {
        args.notebook.open()?
    };
    let preview = Preview::plan(&store.load()?, rows);
    let refused = !preview.errors.is_empty() && !args.skip_invalid;
    let counts = preview.counts();
    let will_write = !args.dry_run && !refused && (counts.new > 0 || counts.updated > 0);
    if will_write {
        store.apply(&Action::ImportEvents(preview.import(&file_name)))?;
    }
    if args.json {
        print_json(&PreviewJson {
            file: args.file.display().to_string(),
            format: format.name(),
            dry_run: args.dry_run,
            imported: will_write,
            new: counts.new,
            updated: counts.updated,
            unchanged: counts.unchanged,
            errors: preview
                .errors
                .iter()
                .map(|e| ErrorJson {
                    line: e.line,
                    message: &e.message,
                })
                .collect(),
            rows: preview
                .rows
                .iter()
                .map(|r| RowJson {
                    line: r.line,
                    status: r.status.name(),
                    uid: r.uid.as_ref().map(|u| u.0.as_str()),
                    title: &r.fields.title,
                    date: r.fields.date.edtf(),
                    display: r.fields.date.display(),
                    read_from: &r.date_text,
                    changed: &r.changed,
                    entities: r
                        .roles
                        .iter()
                        .map(|role| RoleJson {
                            kind: role.kind,
                            name: &role.name,
                            role: &role.role,
                            new: role.is_new(),
                        })
                        .collect(),
                })
                .collect(),
            new_entities: preview
                .new_entities
                .iter()
                .map(|e| EntityJson {
                    kind: &e.kind,
                    name: &e.name,
                })
                .collect(),
        })?;
    } else {
        outln!("{file_name}: {}", preview.summary());
        if let Some(entities) = preview.entities_summary(ENTITIES_LISTED) {
            outln!("{entities}");
        }
        // Rows (in a dry run) and errors, in file order.
        let mut lines: Vec<(u64, String)> = preview
            .errors
            .iter()
            .map(|e| (e.line, format!("line {}: error: {}", e.line, e.message)))
            .collect();
        if args.dry_run {
            for row in &preview.rows {
                let changed = if row.status == Status::Updated {
                    format!(" ({})", row.changed.join(", "))
                } else {
                    String::new()
                };
                let who = if row.roles.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", roles_text(&row.roles))
                };
                lines.push((
                    row.line,
                    format!(
                        "line {}: {}{changed}: {} — {} (read “{}” as {}){who}",
                        row.line,
                        row.status.name(),
                        row.fields.title,
                        row.fields.date.edtf(),
                        row.date_text,
                        row.fields.date.display()
                    ),
                ));
            }
        }
        lines.sort_by_key(|(line, _)| *line);
        for (_, text) in lines {
            outln!("{text}");
        }
    }
    if refused {
        errln!(
            "error: {} row{} cannot be imported, so nothing was imported; fix {} or pass --skip-invalid",
            counts.errors,
            if counts.errors == 1 { "" } else { "s" },
            if counts.errors == 1 { "it" } else { "them" }
        );
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    if will_write && !args.json {
        errln!(
            "imported as one step; `annals undo -n {}` takes it back",
            args.notebook.path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
