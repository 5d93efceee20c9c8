//! Modal dialogs: a refused notebook's reason, the Add source form, and the
//! in-app path field used where no native file dialog answers.

use std::path::PathBuf;

use egui::{Modal, RichText, Ui};

use super::command::{Command, FilePurpose};
use super::safety::{BackupsDialog, RescueDialog, ShareDialog};
use super::source_form::{self, SourceForm};
use super::theme::{self, Theme};

/// A modal dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// A notebook was refused; says why.
    Refused {
        /// Heading.
        title: String,
        /// The reason, in words.
        reason: String,
    },
    /// The Add source form.
    AddSource(Box<SourceForm>),
    /// Type a path (no native dialog available).
    Path {
        /// What the path is for.
        purpose: FilePurpose,
        /// The path typed so far.
        text: String,
        /// Why this field is shown.
        note: String,
    },
    /// File ▸ Backups….
    Backups(Box<BackupsDialog>),
    /// A damaged or foreign notebook, with restore, salvage or repair.
    Rescue(Box<RescueDialog>),
    /// File ▸ Share a copy….
    Share(Box<ShareDialog>),
}

/// The open modal dialog, if any.
#[derive(Debug, Default)]
pub struct Dialogs {
    open: Option<Dialog>,
}

impl Dialogs {
    /// Why the path field shows when a native dialog answered at once.
    pub const NO_ANSWER: &str = "The system file dialog did not answer; type the file's path.";

    /// Why the path field shows when there is no native dialog to try.
    #[must_use]
    pub fn no_native_dialog(purpose: FilePurpose) -> &'static str {
        if purpose == FilePurpose::Import {
            "No native file dialog is available here; type the file's path (or drop files on the window)."
        } else {
            "No native file dialog is available here; type the file's path."
        }
    }

    /// The dialog shown, if any.
    #[must_use]
    pub fn open(&self) -> Option<&Dialog> {
        self.open.as_ref()
    }

    /// The dialog shown, to update it (a job finished).
    pub fn open_mut(&mut self) -> Option<&mut Dialog> {
        self.open.as_mut()
    }

    /// Shows a dialog (replacing any other).
    pub fn show(&mut self, dialog: Dialog) {
        self.open = Some(dialog);
    }

    /// The Add source form, while it is open.
    #[must_use]
    pub fn add_source_form(&self) -> Option<&SourceForm> {
        match &self.open {
            Some(Dialog::AddSource(form)) => Some(form),
            _ => None,
        }
    }

    /// The Add source form, to type into as a user would.
    pub fn add_source_form_mut(&mut self) -> Option<&mut SourceForm> {
        match &mut self.open {
            Some(Dialog::AddSource(form)) => Some(form),
            _ => None,
        }
    }

    /// Closes the Add source form and hands back what was typed in it.
    pub fn take_add_source(&mut self) -> Option<SourceForm> {
        match self.open.take() {
            Some(Dialog::AddSource(form)) => Some(*form),
            other => {
                self.open = other;
                None
            }
        }
    }

    /// Shows the path field for `purpose`, saying why in `note`.
    pub fn ask_path(&mut self, purpose: FilePurpose, note: &str) {
        self.show(Dialog::Path {
            purpose,
            text: String::new(),
            note: note.to_owned(),
        });
    }

    /// Draws the open dialog, if any.
    pub(crate) fn ui(&mut self, ui: &mut Ui, theme: &Theme, out: &mut Vec<Command>) {
        let Some(dialog) = self.open.take() else {
            return;
        };
        self.open = match dialog {
            Dialog::Refused { title, reason } => refused(ui, theme, title, reason),
            Dialog::AddSource(form) => add_source(ui, theme, form, out),
            Dialog::Path {
                purpose,
                text,
                note,
            } => path(ui, theme, purpose, text, note, out),
            Dialog::Backups(mut d) => d.ui(ui, theme, out).then_some(Dialog::Backups(d)),
            Dialog::Rescue(mut d) => d.ui(ui, theme, out).then_some(Dialog::Rescue(d)),
            Dialog::Share(mut d) => d.ui(ui, theme, out).then_some(Dialog::Share(d)),
        };
    }
}

/// A refused notebook; `None` once dismissed.
fn refused(ui: &Ui, theme: &Theme, title: String, reason: String) -> Option<Dialog> {
    let response = Modal::new(egui::Id::unique("refused_dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(theme::MESSAGE_DIALOG_WIDTH_POINTS);
        ui.heading(&title);
        ui.add_space(theme::SECTION_GAP_POINTS);
        ui.label(RichText::new(&reason).color(theme.error_text));
        ui.add_space(theme::SECTION_GAP_POINTS);
        ui.label("The file was not changed.");
        ui.add_space(theme::SECTION_GAP_POINTS);
        ui.button("OK").clicked()
    });
    let close = response.inner || response.should_close();
    (!close).then_some(Dialog::Refused { title, reason })
}

/// The Add source form; `None` once added or cancelled.
fn add_source(
    ui: &Ui,
    theme: &Theme,
    mut form: Box<SourceForm>,
    out: &mut Vec<Command>,
) -> Option<Dialog> {
    let response = Modal::new(egui::Id::unique("add_source_dialog")).show(ui.ctx(), |ui| {
        ui.set_width(theme::FORM_DIALOG_WIDTH_POINTS);
        source_form::form(ui, &mut form, theme)
    });
    let (add, cancel) = response.inner;
    // Escape and Cancel throw the form away; a click beside the dialog
    // closes it only when nothing was typed, so no typed work is lost.
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    let untouched = *form == SourceForm::default();
    if add {
        if let Ok(action) = form.action() {
            out.push(Command::Apply(Box::new(action)));
        }
        None
    } else if cancel || escape || (response.should_close() && untouched) {
        None
    } else {
        Some(Dialog::AddSource(form))
    }
}

/// The path field; `None` once a path is given or the dialog cancelled.
fn path(
    ui: &Ui,
    theme: &Theme,
    purpose: FilePurpose,
    mut text: String,
    note: String,
    out: &mut Vec<Command>,
) -> Option<Dialog> {
    let response = Modal::new(egui::Id::unique("path_dialog")).show(ui.ctx(), |ui| {
        ui.set_min_width(theme::PATH_DIALOG_WIDTH_POINTS);
        ui.heading(purpose.title());
        ui.label(RichText::new(&note).color(theme.weak_text));
        let field = ui.add(
            egui::TextEdit::singleline(&mut text)
                .hint_text(purpose.path_hint())
                .desired_width(f32::INFINITY),
        );
        // Read Enter before focusing the field again: refocusing first
        // would hide that Enter just took the focus away.
        let entered = (field.lost_focus() || field.has_focus())
            && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if !entered {
            field.request_focus();
        }
        ui.horizontal(|ui| {
            let ok = ui
                .add_enabled(!text.trim().is_empty(), egui::Button::new("OK"))
                .clicked();
            let cancel = ui.button("Cancel").clicked();
            (ok || (entered && !text.trim().is_empty()), cancel)
        })
        .inner
    });
    let (ok, cancel) = response.inner;
    if ok {
        out.extend(purpose.command(vec![PathBuf::from(text.trim())]));
        None
    } else if cancel || response.should_close() {
        None
    } else {
        Some(Dialog::Path {
            purpose,
            text,
            note,
        })
    }
}
