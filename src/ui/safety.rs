//! The notebook's safety in the window: the read-only banner, File ▸
//! Backups…, the dialog for a notebook refused as damaged or as holding
//! foreign objects, and File ▸ Share a copy….
//!
//! These views only show what the app hands them (a backup list read when
//! the dialog opened, a path typed by the user) and push commands; the file
//! work runs as jobs the app starts.

use std::path::{Path, PathBuf};

use egui::{Modal, RichText, Ui};

use super::command::Command;
use super::theme::{self, Theme};
use crate::store::{Backup, BackupReason};

/// Draws the banner under the menu bar of a notebook open read-only.
pub fn read_only_banner(ui: &mut Ui, why: &str, theme: &Theme) {
    egui::Panel::top("read_only_banner").show(ui, |ui| {
        ui.add_space(theme::ACTION_BAR_GAP_POINTS);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Read-only").strong().color(theme.unsupported));
            ui.label(format!(
                "— {why}. You can read, search and export; changes are refused. Save a copy… in the File menu makes a copy you can edit."
            ));
        });
        ui.add_space(theme::ACTION_BAR_GAP_POINTS);
    });
}

/// A backup's kind in words.
#[must_use]
pub fn reason_words(reason: BackupReason) -> &'static str {
    match reason {
        BackupReason::Manual => "made by hand",
        BackupReason::Automatic => "automatic",
        BackupReason::OnClose => "on close",
        BackupReason::BeforeUpgrade => "before an upgrade",
        BackupReason::BeforeRestore => "before a restore",
    }
}

/// When a backup was taken, in the local time zone.
#[must_use]
pub fn when(backup: &Backup) -> String {
    backup
        .taken_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// A file size in words ("12 KB", "3.4 MB").
#[must_use]
pub fn size_words(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

/// A file's name for messages.
#[must_use]
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `NAME-SUFFIX.annals` beside `path`.
#[must_use]
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let stem = path.file_stem().map_or_else(
        || "notebook".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!("{stem}-{suffix}.annals"))
}

/// File ▸ Backups…: the open notebook's backups, Back up now, and Restore…
/// with a confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupsDialog {
    /// The notebook's file name.
    name: String,
    /// Where its backups are written.
    folder: String,
    /// Its backups, newest first (as listed when the dialog opened or a
    /// backup finished).
    backups: Vec<Backup>,
    /// Why the list could not be read, if it could not.
    problem: Option<String>,
    /// The backup the user asked to restore, awaiting confirmation.
    confirm: Option<usize>,
    /// A backup is being made.
    busy: bool,
}

impl BackupsDialog {
    /// The dialog for the notebook named `name` with these backups.
    #[must_use]
    pub fn new(name: String, folder: String, backups: Result<Vec<Backup>, String>) -> Self {
        let (backups, problem) = match backups {
            Ok(b) => (b, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        Self {
            name,
            folder,
            backups,
            problem,
            confirm: None,
            busy: false,
        }
    }

    /// The backups listed.
    #[must_use]
    pub fn backups(&self) -> &[Backup] {
        &self.backups
    }

    /// Replaces the list (a backup finished).
    pub fn set_backups(&mut self, backups: Result<Vec<Backup>, String>) {
        *self = Self::new(
            std::mem::take(&mut self.name),
            std::mem::take(&mut self.folder),
            backups,
        );
    }

    /// Marks a backup as being made.
    pub fn set_busy(&mut self, busy: bool) {
        self.busy = busy;
    }

    /// Draws the dialog; false once closed.
    pub fn ui(&mut self, ui: &Ui, theme: &Theme, out: &mut Vec<Command>) -> bool {
        let response = Modal::new(egui::Id::unique("backups_dialog")).show(ui.ctx(), |ui| {
            ui.set_width(theme::FORM_DIALOG_WIDTH_POINTS);
            ui.heading(format!("Backups of {}", self.name));
            ui.label(
                RichText::new(
                    "Annals backs the notebook up after at most 10 minutes of editing and when it is closed; each backup is checked before it is kept.",
                )
                .color(theme.weak_text),
            );
            if !self.folder.is_empty() {
                ui.label(RichText::new(format!("Kept in {}", self.folder)).color(theme.weak_text));
            }
            ui.add_space(theme::SECTION_GAP_POINTS);
            if let Some(problem) = &self.problem {
                ui.label(RichText::new(problem).color(theme.error_text));
            } else if self.backups.is_empty() {
                ui.label("There are no backups of this notebook yet.");
            } else {
                self.list(ui, out);
            }
            ui.add_space(theme::SECTION_GAP_POINTS);
            if let Some(i) = self.confirm {
                self.confirmation(ui, i, out);
            }
            ui.horizontal(|ui| {
                let label = if self.busy {
                    "Backing up…"
                } else {
                    "Back up now"
                };
                if ui
                    .add_enabled(!self.busy, egui::Button::new(label))
                    .clicked()
                {
                    self.busy = true;
                    out.push(Command::BackUpNow);
                }
                ui.button("Close").clicked()
            })
            .inner
        });
        let restoring = out.iter().any(|c| matches!(c, Command::RestoreBackup(_)));
        !(response.inner || response.should_close() || restoring)
    }

    fn list(&mut self, ui: &mut Ui, _out: &mut Vec<Command>) {
        egui::ScrollArea::vertical()
            .max_height(theme::FORM_TEXT_HEIGHT_POINTS)
            .show(ui, |ui| {
                egui::Grid::new("backups_list")
                    .striped(true)
                    .num_columns(4)
                    .show(ui, |ui| {
                        ui.strong("When");
                        ui.strong("Kind");
                        ui.strong("Size");
                        ui.label("");
                        ui.end_row();
                        for (i, backup) in self.backups.iter().enumerate() {
                            ui.label(when(backup));
                            ui.label(reason_words(backup.reason));
                            ui.label(size_words(backup.bytes));
                            if ui.button("Restore…").clicked() {
                                self.confirm = Some(i);
                            }
                            ui.end_row();
                        }
                    });
            });
    }

    fn confirmation(&mut self, ui: &mut Ui, i: usize, out: &mut Vec<Command>) {
        let Some(backup) = self.backups.get(i) else {
            self.confirm = None;
            return;
        };
        ui.group(|ui| {
            ui.label(format!(
                "Restore the backup of {}? The notebook as it is now is backed up first, so this can be reversed.",
                when(backup)
            ));
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    out.push(Command::RestoreBackup(backup.path.clone()));
                }
                if ui.button("Cancel").clicked() {
                    self.confirm = None;
                }
            });
        });
        ui.add_space(theme::SECTION_GAP_POINTS);
    }
}

/// Why a notebook was refused, for [`RescueDialog`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It is damaged.
    Damaged {
        /// Its newest backup, if it has one (checked when restoring).
        newest: Option<Backup>,
    },
    /// It holds schema objects Annals did not create.
    Foreign {
        /// Each, in words.
        objects: Vec<String>,
    },
}

/// A notebook refused at open as damaged or foreign, with what can be done:
/// restore the latest good backup, salvage into a new file, or repair into
/// a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RescueDialog {
    notebook: PathBuf,
    refusal: Refusal,
    /// Where the salvaged or repaired copy goes.
    out: String,
}

impl RescueDialog {
    /// The dialog for `notebook`, refused for `refusal`.
    #[must_use]
    pub fn new(notebook: PathBuf, refusal: Refusal) -> Self {
        let suffix = match refusal {
            Refusal::Damaged { .. } => "salvaged",
            Refusal::Foreign { .. } => "repaired",
        };
        let out = sibling(&notebook, suffix).display().to_string();
        Self {
            notebook,
            refusal,
            out,
        }
    }

    /// The one sentence that says what is wrong.
    #[must_use]
    pub fn sentence(&self) -> String {
        let name = file_name(&self.notebook);
        match &self.refusal {
            Refusal::Damaged { .. } => {
                format!("{name} is damaged, so it was not opened; the file was not changed.")
            }
            Refusal::Foreign { objects } => format!(
                "{name} holds things Annals did not put there ({}), so it was not opened; the file was not changed.",
                objects.join("; ")
            ),
        }
    }

    /// Draws the dialog; false once closed.
    pub fn ui(&mut self, ui: &Ui, theme: &Theme, out: &mut Vec<Command>) -> bool {
        let response = Modal::new(egui::Id::unique("rescue_dialog")).show(ui.ctx(), |ui| {
            ui.set_width(theme::FORM_DIALOG_WIDTH_POINTS);
            ui.heading(format!("Cannot open {}", file_name(&self.notebook)));
            ui.add_space(theme::SECTION_GAP_POINTS);
            ui.label(RichText::new(self.sentence()).color(theme.error_text));
            ui.add_space(theme::SECTION_GAP_POINTS);
            let mut started = false;
            match &self.refusal {
                Refusal::Damaged { newest } => {
                    match newest {
                        Some(backup) => {
                            ui.label(format!(
                                "Its newest backup is from {} ({}). Restoring puts the latest backup that checks out in its place; the damaged file is kept beside the backups.",
                                when(backup),
                                reason_words(backup.reason)
                            ));
                            if ui
                                .button("Restore the latest good backup")
                                .clicked()
                            {
                                out.push(Command::RestoreLatest(self.notebook.clone()));
                                started = true;
                            }
                        }
                        None => {
                            ui.label("There is no backup of this notebook.");
                        }
                    }
                    ui.add_space(theme::SECTION_GAP_POINTS);
                    ui.label("Or copy every row that can still be read into a new notebook:");
                }
                Refusal::Foreign { .. } => {
                    ui.label("Repair writes a copy without them, with all your research, and opens it:");
                }
            }
            let label = ui.label("New file");
            ui.add(
                egui::TextEdit::singleline(&mut self.out)
                    .desired_width(f32::INFINITY)
                    .hint_text("/path/to/new.annals"),
            )
            .labelled_by(label.id);
            let out_path = PathBuf::from(self.out.trim());
            let ready = !self.out.trim().is_empty();
            ui.add_space(theme::SECTION_GAP_POINTS);
            ui.horizontal(|ui| {
                let (label, command) = match self.refusal {
                    Refusal::Damaged { .. } => (
                        "Salvage into the new file",
                        Command::Salvage {
                            damaged: self.notebook.clone(),
                            out: out_path,
                        },
                    ),
                    Refusal::Foreign { .. } => (
                        "Repair into the new file",
                        Command::Repair {
                            notebook: self.notebook.clone(),
                            out: out_path,
                        },
                    ),
                };
                if ui.add_enabled(ready, egui::Button::new(label)).clicked() {
                    out.push(command);
                    started = true;
                }
                (ui.button("Close").clicked(), started)
            })
            .inner
        });
        let (close, started) = response.inner;
        !(close || started || response.should_close())
    }
}

/// File ▸ Share a copy…: where to, and whether to leave the notes out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareDialog {
    out: String,
    without_notes: bool,
    /// The file exists: ask before replacing it.
    exists: bool,
}

impl ShareDialog {
    /// The dialog for the notebook at `notebook` (the copy goes beside it).
    #[must_use]
    pub fn new(notebook: Option<&Path>) -> Self {
        Self {
            out: notebook
                .map(|p| sibling(p, "shared").display().to_string())
                .unwrap_or_default(),
            without_notes: false,
            exists: false,
        }
    }

    /// The same dialog again, asking whether to replace the existing file.
    #[must_use]
    pub fn replace(out: &Path, without_notes: bool) -> Self {
        Self {
            out: out.display().to_string(),
            without_notes,
            exists: true,
        }
    }

    /// Draws the dialog; false once closed.
    pub fn ui(&mut self, ui: &Ui, theme: &Theme, out: &mut Vec<Command>) -> bool {
        let response = Modal::new(egui::Id::unique("share_dialog")).show(ui.ctx(), |ui| {
            ui.set_width(theme::FORM_DIALOG_WIDTH_POINTS);
            ui.heading("Share a copy");
            ui.label(
                "A clean copy to hand over: compacted, with no undo history and no trace of deleted text.",
            );
            ui.add_space(theme::SECTION_GAP_POINTS);
            let before = self.out.clone();
            let label = ui.label("Copy to");
            ui.add(
                egui::TextEdit::singleline(&mut self.out)
                    .desired_width(f32::INFINITY)
                    .hint_text("/path/to/copy.annals"),
            )
            .labelled_by(label.id);
            if self.out != before {
                self.exists = false;
            }
            ui.checkbox(&mut self.without_notes, "Without notes");
            ui.add_space(theme::SECTION_GAP_POINTS);
            let path = PathBuf::from(self.out.trim());
            let mut started = false;
            if self.exists {
                ui.label(
                    RichText::new(format!("{} already exists. Replace it?", file_name(&path)))
                        .color(theme.error_text),
                );
            }
            ui.horizontal(|ui| {
                let label = if self.exists { "Replace" } else { "Write the copy" };
                if ui
                    .add_enabled(!self.out.trim().is_empty(), egui::Button::new(label))
                    .clicked()
                {
                    out.push(Command::ShareCopy {
                        out: with_extension(path),
                        without_notes: self.without_notes,
                        replace: self.exists,
                    });
                    started = true;
                }
                (ui.button("Cancel").clicked(), started)
            })
            .inner
        });
        let (cancel, started) = response.inner;
        !(cancel || started || response.should_close())
    }
}

/// Adds `.annals` to a name without an extension.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("annals")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_names_read_well() {
        assert_eq!(size_words(900), "900 B");
        assert_eq!(size_words(12 * 1024), "12 KB");
        assert_eq!(size_words(3_565_158), "3.4 MB");
        assert_eq!(
            sibling(Path::new("/x/Визит.annals"), "shared"),
            Path::new("/x/Визит-shared.annals")
        );
        assert_eq!(
            with_extension(PathBuf::from("/x/copy")),
            Path::new("/x/copy.annals")
        );
    }
}
