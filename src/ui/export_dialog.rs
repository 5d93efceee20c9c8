//! File ▸ Export…: every format, its scope, where it goes. The dialog only
//! gathers the choice; the app runs the export as a job (`jobs.rs`) so the
//! window stays live, and never replaces a file without asking here.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use super::theme::{self, Theme};
use crate::export::picture::{MAX_PNG_WIDTH_PX, MIN_PNG_WIDTH_PX, PICTURE_WIDTH_POINTS, Paper};
use crate::export::{Format, GroupBy, Options, Scope, file};
use std::collections::HashSet;
use std::sync::Arc;

use crate::model::date::Date;
use crate::model::filter::Filter;
use crate::model::{EventId, Notebook};
use crate::timeline::scale::TimeView;

/// What the export covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeKind {
    /// Every event.
    #[default]
    Whole,
    /// Events that may overlap a date range.
    Range,
    /// Events on some tracks or with some tags.
    TracksAndTags,
    /// The window the timeline shows now (pictures only).
    CurrentView,
    /// The events the filter bar's filter shows now.
    CurrentFilter,
}

/// The filter in force in the window, offered as a scope.
#[derive(Debug, Clone, Copy)]
pub struct CurrentFilter<'a> {
    /// The filter.
    pub filter: &'a Filter,
    /// The events its words found (when it has words and they were found).
    pub text_hits: Option<&'a Arc<HashSet<EventId>>>,
    /// How many events it shows.
    pub shown: usize,
}

/// An export the user asked for.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The format.
    pub format: Format,
    /// The events.
    pub scope: Scope,
    /// The format's settings.
    pub options: Options,
    /// The file.
    pub target: PathBuf,
    /// Replace it (the user said so).
    pub force: bool,
}

/// What the dialog asks the app for.
#[derive(Debug, Clone)]
pub enum ExportAsk {
    /// Run this export.
    Start(Box<ExportRequest>),
    /// Show the native save dialog for the target.
    Browse,
}

/// Formats in the order the dialog lists them, with what each is for.
const FORMATS: [(Format, &str); 11] = [
    (Format::Markdown, "Chronology — Markdown"),
    (Format::Html, "Chronology — HTML"),
    (Format::Docx, "Chronology — Word (DOCX)"),
    (Format::Pdf, "Chronology — PDF"),
    (Format::Svg, "Timeline picture — SVG"),
    (Format::Png, "Timeline picture — PNG"),
    (Format::TimelinePdf, "Timeline picture — PDF (paged)"),
    (Format::TimelineJs, "TimelineJS (JSON)"),
    (Format::Page, "Read-only HTML page (timeline + chronology)"),
    (Format::Csv, "Events — CSV"),
    (Format::Json, "Whole notebook — JSON"),
];

/// True for the formats that draw the timeline.
fn is_picture(format: Format) -> bool {
    matches!(
        format,
        Format::Svg | Format::Png | Format::TimelinePdf | Format::Page
    )
}

/// The Export dialog's state.
#[derive(Debug)]
pub struct ExportDialog {
    open: bool,
    format: Format,
    scope: ScopeKind,
    from: String,
    to: String,
    tracks: Vec<String>,
    tags: Vec<String>,
    path: String,
    width_px: u32,
    paper: Paper,
    /// How a chronology report is arranged.
    group_by: GroupBy,
    /// The target that exists, while asking whether to replace it.
    confirm: Option<PathBuf>,
    error: Option<String>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Pdf,
            scope: ScopeKind::Whole,
            from: String::new(),
            to: String::new(),
            tracks: Vec::new(),
            tags: Vec::new(),
            path: String::new(),
            width_px: PICTURE_WIDTH_POINTS as u32,
            paper: Paper::A4,
            group_by: GroupBy::Date,
            confirm: None,
            error: None,
        }
    }
}

impl ExportDialog {
    /// Opens the dialog, suggesting the notebook's folder for the file.
    pub fn show(&mut self, folder: Option<&Path>) {
        self.open = true;
        self.confirm = None;
        self.error = None;
        if self.path.is_empty()
            && let Some(folder) = folder
        {
            self.path = folder.display().to_string();
        }
    }

    /// True while shown.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Closes it (the export started).
    pub fn close(&mut self) {
        self.open = false;
        self.confirm = None;
    }

    /// Puts a chosen path in the field.
    pub fn set_path(&mut self, path: &Path) {
        self.path = path.display().to_string();
        self.confirm = None;
    }

    /// The request the current choices make, or what is wrong with them.
    fn request(
        &self,
        notebook_name: &str,
        view: &TimeView,
        current: &CurrentFilter<'_>,
        force: bool,
    ) -> Result<ExportRequest, String> {
        let date = |label: &str, text: &str| -> Result<Option<Date>, String> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            Date::parse(text)
                .map(Some)
                .map_err(|e| format!("{label} “{text}”: {e}"))
        };
        let mut scope = Scope::whole();
        let mut filter = Filter::default();
        let mut options = Options {
            title: notebook_name.to_owned(),
            generated: Some(chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            ..Options::default()
        };
        match self.scope {
            ScopeKind::Whole => {}
            ScopeKind::Range => {
                filter.from = date("From", &self.from)?.map(|d| d.edtf().to_owned());
                filter.to = date("To", &self.to)?.map(|d| d.edtf().to_owned());
                if filter.from.is_none() && filter.to.is_none() {
                    return Err("Give a From or a To date for the range.".to_owned());
                }
                scope = Scope::of(filter);
            }
            ScopeKind::TracksAndTags => {
                filter.tracks.clone_from(&self.tracks);
                filter.tags.clone_from(&self.tags);
                if filter.tracks.is_empty() && filter.tags.is_empty() {
                    return Err("Pick at least one track or tag.".to_owned());
                }
                scope = Scope::of(filter);
            }
            ScopeKind::CurrentView => options.view = Some(*view),
            ScopeKind::CurrentFilter => {
                scope = match (current.filter.text_query(), current.text_hits) {
                    (Some(_), Some(hits)) => Scope::with_hits(current.filter.clone(), hits.clone()),
                    (Some(_), None) => {
                        return Err(
                            "The filter's words are still being looked up; try again in a moment."
                                .to_owned(),
                        );
                    }
                    (None, _) => Scope::of(current.filter.clone()),
                };
            }
        }
        if self.format == Format::Png {
            options.width_px = Some(self.width_px);
        }
        options.paper = self.paper;
        if self.format.is_report() {
            options.group_by = self.group_by;
        }
        let path = self.path.trim();
        if path.is_empty() {
            return Err("Choose where to write the file.".to_owned());
        }
        let target = file::target_path(Path::new(path), self.format, notebook_name);
        file::check_target(&target, force).map_err(|e| match e {
            crate::export::ExportError::Exists(_) => "exists".to_owned(),
            e => e.to_string(),
        })?;
        Ok(ExportRequest {
            format: self.format,
            scope,
            options,
            target,
            force,
        })
    }

    /// Draws the dialog; returns what the user asked for. `running` is the
    /// progress of an export under way (the Export button waits for it).
    pub fn ui(
        &mut self,
        ui: &Ui,
        theme: &Theme,
        (notebook, name, view): (&Notebook, &str, &TimeView),
        current: &CurrentFilter<'_>,
        running: bool,
    ) -> Option<ExportAsk> {
        if !self.open {
            return None;
        }
        let mut ask = None;
        // Escape closes the dialog, as it does the import dialog, unless it
        // is closing the format list or the question about an existing file.
        let mut open = !(ui.input(|i| i.key_pressed(egui::Key::Escape))
            && !egui::Popup::is_any_open(ui.ctx())
            && self.confirm.is_none());
        egui::Window::new("Export")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(theme::FORM_DIALOG_WIDTH_POINTS)
            .show(ui.ctx(), |ui| {
                ask = self.contents(ui, theme, (notebook, name, view), current, running);
            });
        if !open {
            self.close();
        }
        ask
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        theme: &Theme,
        (notebook, name, view): (&Notebook, &str, &TimeView),
        current: &CurrentFilter<'_>,
        running: bool,
    ) -> Option<ExportAsk> {
        let mut ask = None;
        egui::ComboBox::from_label("Format")
            .width(theme::PATH_DIALOG_WIDTH_POINTS)
            .selected_text(
                FORMATS
                    .iter()
                    .find(|(f, _)| *f == self.format)
                    .map_or("", |(_, label)| *label),
            )
            .show_ui(ui, |ui| {
                for (format, label) in FORMATS {
                    ui.selectable_value(&mut self.format, format, label);
                }
            });
        if self.format == Format::Png {
            ui.horizontal(|ui| {
                ui.label("Width (pixels)");
                ui.add(
                    egui::DragValue::new(&mut self.width_px)
                        .range(MIN_PNG_WIDTH_PX..=MAX_PNG_WIDTH_PX),
                );
            });
        }
        if self.format == Format::TimelinePdf {
            ui.horizontal(|ui| {
                ui.label("Paper (landscape)");
                ui.radio_value(&mut self.paper, Paper::A4, "A4");
                ui.radio_value(&mut self.paper, Paper::Letter, "Letter");
            });
        }
        if self.format.is_report() {
            ui.horizontal(|ui| {
                ui.label("Arrange");
                ui.radio_value(&mut self.group_by, GroupBy::Date, "By date");
                ui.radio_value(&mut self.group_by, GroupBy::Entity, "By entity")
                    .on_hover_text(
                        "A section per person, organisation and place with its events; \
                         an event with two is under both",
                    );
            });
        }
        ui.add_space(theme::SECTION_GAP_POINTS);
        ui.strong("Scope");
        ui.horizontal_wrapped(|ui| {
            ui.radio_value(&mut self.scope, ScopeKind::Whole, "Whole notebook");
            ui.radio_value(&mut self.scope, ScopeKind::Range, "Date range");
            ui.radio_value(&mut self.scope, ScopeKind::TracksAndTags, "Tracks and tags");
            if is_picture(self.format) {
                ui.radio_value(&mut self.scope, ScopeKind::CurrentView, "Current view");
            }
            if !current.filter.is_empty() {
                let label = format!(
                    "Current filter ({} event{})",
                    current.shown,
                    if current.shown == 1 { "" } else { "s" }
                );
                ui.radio_value(&mut self.scope, ScopeKind::CurrentFilter, label);
            }
        });
        if self.scope == ScopeKind::CurrentFilter && current.filter.is_empty() {
            self.scope = ScopeKind::Whole;
        }
        if self.scope == ScopeKind::CurrentView && !is_picture(self.format) {
            self.scope = ScopeKind::Whole;
        }
        match self.scope {
            ScopeKind::Range => {
                ui.horizontal(|ui| {
                    let label = ui.label("From");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.from)
                            .hint_text("e.g. Sept 2023")
                            .desired_width(theme::DATE_FIELD_WIDTH_POINTS),
                    )
                    .labelled_by(label.id);
                    let label = ui.label("To");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.to)
                            .hint_text("e.g. 2024")
                            .desired_width(theme::DATE_FIELD_WIDTH_POINTS),
                    )
                    .labelled_by(label.id);
                });
            }
            ScopeKind::TracksAndTags => {
                let pick = |ui: &mut Ui, chosen: &mut Vec<String>, name: &str| {
                    let mut on = chosen.iter().any(|c| c == name);
                    if ui.checkbox(&mut on, name).changed() {
                        chosen.retain(|c| c != name);
                        if on {
                            chosen.push(name.to_owned());
                        }
                    }
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label("Tracks:");
                    for track in &notebook.tracks {
                        pick(ui, &mut self.tracks, &track.name);
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    ui.label("Tags:");
                    for tag in &notebook.tags {
                        pick(ui, &mut self.tags, &tag.name);
                    }
                });
            }
            ScopeKind::CurrentView => {
                ui.label(
                    RichText::new("The window of time the timeline shows now.")
                        .color(theme.weak_text),
                );
            }
            ScopeKind::CurrentFilter => {
                let parts: Vec<String> =
                    current.filter.parts().into_iter().map(|(_, l)| l).collect();
                ui.label(RichText::new(parts.join(" · ")).color(theme.weak_text));
            }
            ScopeKind::Whole => {}
        }
        ui.add_space(theme::SECTION_GAP_POINTS);
        ui.strong("File");
        ui.horizontal(|ui| {
            let label = ui.label("Path");
            let changed = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path)
                        .hint_text("a file, or a folder to write it in")
                        .desired_width(theme::PATH_DIALOG_WIDTH_POINTS),
                )
                .labelled_by(label.id)
                .changed();
            if changed {
                self.confirm = None;
            }
            if ui.button("Browse…").clicked() {
                ask = Some(ExportAsk::Browse);
            }
        });
        ui.add_space(theme::SECTION_GAP_POINTS);
        if let Some(error) = &self.error {
            ui.label(RichText::new(error).color(theme.error_text));
        }
        if let Some(target) = self.confirm.clone() {
            ui.label(format!("{} exists. Replace it?", target.display()));
            ui.horizontal(|ui| {
                if ui.button("Replace").clicked() {
                    match self.request(name, view, current, true) {
                        Ok(request) => ask = Some(ExportAsk::Start(Box::new(request))),
                        Err(e) => self.error = Some(e),
                    }
                    self.confirm = None;
                }
                if ui.button("Keep it").clicked() {
                    self.confirm = None;
                }
            });
        } else {
            let export = ui
                .add_enabled(!running, egui::Button::new("Export"))
                .on_disabled_hover_text("An export is running");
            if export.clicked() {
                self.error = None;
                match self.request(name, view, current, false) {
                    Ok(request) => ask = Some(ExportAsk::Start(Box::new(request))),
                    Err(e) if e == "exists" => {
                        self.confirm = Some(file::target_path(
                            Path::new(self.path.trim()),
                            self.format,
                            name,
                        ));
                    }
                    Err(e) => self.error = Some(e),
                }
            }
        }
        ask
    }
}
