//! The files read for import, shown before they become sources: each with
//! its size and whether the notebook keeps the original file (issue 15: a
//! per-import choice, on by default up to 50 MB and off above).

use egui::{Modal, RichText, Ui};

use super::theme::{self, Theme};
use crate::action::{Action, SourceFields};
use crate::import::Imported;
use crate::model::pages::{KeptBytes, kept_by_default, size_text};

/// One file read and waiting to be added.
#[derive(Debug)]
pub struct PendingFile {
    /// The file's name.
    pub name: String,
    /// The source's title.
    pub title: String,
    /// What was read, with the file's bytes.
    pub imported: Imported,
    /// Keep the original file in the notebook.
    pub keep: bool,
}

impl PendingFile {
    /// Size of the file in bytes.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        self.imported.file.as_ref().map_or(0, |f| f.original.bytes)
    }

    /// The action that adds it as a source.
    fn action(self) -> Action {
        let mut file = self.imported.file;
        if let Some(file) = file.as_mut()
            && !self.keep
        {
            file.kept = KeptBytes::Discard;
        }
        Action::CreateSource(SourceFields {
            title: self.title,
            author: self.imported.author.unwrap_or_default(),
            published: self.imported.published,
            body: self.imported.text,
            encoding: self.imported.encoding,
            file,
            ..SourceFields::default()
        })
    }
}

/// What the user answered.
#[derive(Debug)]
pub enum ReviewAnswer {
    /// Add these sources, one action each.
    Import(Vec<Action>),
    /// Add none of them.
    Cancel(usize),
}

/// The files waiting for the user's word.
#[derive(Debug, Default)]
pub struct ImportReview {
    files: Vec<PendingFile>,
}

impl ImportReview {
    /// Adds a file read, its keeping preset by the default rule.
    pub fn add(&mut self, name: String, title: String, imported: Imported) {
        let mut file = PendingFile {
            name,
            title,
            imported,
            keep: false,
        };
        file.keep = kept_by_default(file.bytes());
        self.files.push(file);
    }

    /// True when no file waits.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files waiting (tests).
    #[must_use]
    pub fn files(&self) -> &[PendingFile] {
        &self.files
    }

    /// The files waiting, to tick a box as a user would (tests).
    pub fn files_mut(&mut self) -> &mut [PendingFile] {
        &mut self.files
    }

    /// Ends the review: the actions for the files, or none.
    fn answer(&mut self, import: bool) -> ReviewAnswer {
        let files = std::mem::take(&mut self.files);
        if import {
            ReviewAnswer::Import(files.into_iter().map(PendingFile::action).collect())
        } else {
            ReviewAnswer::Cancel(files.len())
        }
    }

    /// Draws the review in a modal while files wait; returns the answer
    /// once given.
    pub fn ui(&mut self, ui: &Ui, theme: &Theme) -> Option<ReviewAnswer> {
        if self.files.is_empty() {
            return None;
        }
        let response = Modal::new(egui::Id::unique("import_review_dialog")).show(ui.ctx(), |ui| {
            ui.set_width(theme::FORM_DIALOG_WIDTH_POINTS);
            ui.heading(if self.files.len() == 1 {
                "Import a source".to_owned()
            } else {
                format!("Import {} sources", self.files.len())
            });
            ui.label(
                RichText::new(
                    "The notebook always records each file's name, size and SHA-256. \
                     It can also keep the file itself, to hand it back byte for byte.",
                )
                .color(theme.weak_text),
            );
            ui.add_space(theme::SECTION_GAP_POINTS);
            egui::ScrollArea::vertical()
                .max_height(theme::FORM_TEXT_HEIGHT_POINTS)
                .show(ui, |ui| {
                    for (i, file) in self.files.iter_mut().enumerate() {
                        ui.push_id(i, |ui| file_row(ui, theme, file));
                    }
                });
            ui.add_space(theme::SECTION_GAP_POINTS);
            ui.horizontal(|ui| {
                let import = ui
                    .button(if self.files.len() == 1 {
                        "Import".to_owned()
                    } else {
                        format!("Import {}", self.files.len())
                    })
                    .clicked();
                let cancel = ui.button("Cancel").clicked();
                (import, cancel)
            })
            .inner
        });
        let (import, cancel) = response.inner;
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
        if import {
            Some(self.answer(true))
        } else if cancel || escape {
            Some(self.answer(false))
        } else {
            None
        }
    }
}

/// One file: its name, title and size, and the keep box.
fn file_row(ui: &mut Ui, theme: &Theme, file: &mut PendingFile) {
    let bytes = file.bytes();
    ui.label(RichText::new(&file.name).strong());
    ui.label(
        RichText::new(format!("“{}” · {}", file.title, size_text(bytes))).color(theme.weak_text),
    );
    ui.checkbox(
        &mut file.keep,
        format!(
            "Keep the original file in the notebook ({})",
            size_text(bytes)
        ),
    );
    if !kept_by_default(bytes) {
        ui.label(
            RichText::new("Over 50 MB: not kept unless ticked, so the notebook stays small.")
                .color(theme.weak_text),
        );
    }
    ui.add_space(theme::SECTION_GAP_POINTS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pages::KEEP_BY_DEFAULT_MAX_BYTES;

    fn read(name: &str, bytes: &[u8]) -> Imported {
        let mut imported = crate::import::import_bytes(Some(std::path::Path::new(name)), bytes)
            .expect("a text file reads");
        imported.file.as_mut().expect("read from a file").kept = KeptBytes::Keep(bytes.into());
        imported
    }

    #[test]
    fn files_are_kept_by_default_up_to_50_mb_and_the_box_decides() {
        assert!(kept_by_default(KEEP_BY_DEFAULT_MAX_BYTES));
        assert!(!kept_by_default(KEEP_BY_DEFAULT_MAX_BYTES + 1));
        let mut review = ImportReview::default();
        review.add("a.txt".into(), "A".into(), read("a.txt", b"Kim met Putin."));
        review.add(
            "b.txt".into(),
            "B".into(),
            read("b.txt", b"Satellite launched."),
        );
        assert!(review.files().iter().all(|f| f.keep));
        review.files_mut()[1].keep = false;
        let ReviewAnswer::Import(actions) = review.answer(true) else {
            panic!("imported")
        };
        assert!(review.is_empty());
        let kept: Vec<bool> = actions
            .iter()
            .map(|a| match a {
                Action::CreateSource(SourceFields {
                    file: Some(file), ..
                }) => matches!(file.kept, KeptBytes::Keep(_)),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(kept, [true, false]);
    }
}
