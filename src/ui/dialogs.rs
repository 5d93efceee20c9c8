//! Modal dialogs: a refused notebook's reason, and the in-app path field
//! used where no native file dialog answers.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Modal, RichText, Ui};

use super::app::{AnnalsApp, Command};
use super::theme;

/// A native dialog that returns this fast was not shown to anyone: no
/// portal answered, so the in-app path field takes over.
const NO_DIALOG_THRESHOLD: Duration = Duration::from_millis(150);

/// Set this environment variable to always use the in-app path field.
pub const NO_NATIVE_DIALOGS_ENV: &str = "ANNALS_NO_NATIVE_DIALOGS";

/// What a file is being chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// Open an existing notebook.
    Open,
    /// Create a new notebook.
    New,
    /// Save a copy of the open notebook.
    SaveCopy,
    /// Import a file as a source.
    Import,
}

impl FilePurpose {
    fn title(self) -> &'static str {
        match self {
            Self::Open => "Open notebook",
            Self::New => "New notebook",
            Self::SaveCopy => "Save a copy",
            Self::Import => "Import a source file",
        }
    }

    fn command(self, path: PathBuf) -> Command {
        match self {
            Self::Open => Command::Open(path),
            Self::New => Command::Create(with_extension(path)),
            Self::SaveCopy => Command::SaveCopy(with_extension(path)),
            Self::Import => Command::Import(vec![path]),
        }
    }
}

/// Adds `.annals` to a new file's name if it has no extension.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("annals")
    }
}

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
    AddSource(Box<super::sources::SourceForm>),
    /// Type a path (no native dialog available).
    Path {
        /// What the path is for.
        purpose: FilePurpose,
        /// The path typed so far.
        text: String,
        /// Why this field is shown.
        note: String,
    },
}

fn native_dialogs_available() -> bool {
    if std::env::var_os(NO_NATIVE_DIALOGS_ENV).is_some() {
        return false;
    }
    // On Linux rfd talks to the XDG desktop portal over D-Bus.
    !cfg!(target_os = "linux") || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

/// Asks for a file with the native dialog, else with the in-app field.
pub fn choose_file(app: &mut AnnalsApp, purpose: FilePurpose) {
    let fallback = |note: &str| Dialog::Path {
        purpose,
        text: String::new(),
        note: note.to_owned(),
    };
    if !native_dialogs_available() {
        app.dialog = Some(fallback(
            "No native file dialog is available here; type the file's path.",
        ));
        return;
    }
    let dialog = rfd::FileDialog::new()
        .set_title(purpose.title())
        .add_filter("Annals notebook", &["annals"]);
    let started = Instant::now();
    let chosen = match purpose {
        FilePurpose::Open => dialog.pick_file(),
        FilePurpose::New | FilePurpose::SaveCopy => dialog.save_file(),
        FilePurpose::Import => {
            choose_imports(app);
            return;
        }
    };
    match chosen {
        Some(path) => app.push(purpose.command(path)),
        None if started.elapsed() < NO_DIALOG_THRESHOLD => {
            app.dialog = Some(fallback(
                "The system file dialog did not answer; type the file's path.",
            ));
        }
        None => {}
    }
}

/// Asks for source files to import (several at once with the native dialog).
pub fn choose_imports(app: &mut AnnalsApp) {
    if !native_dialogs_available() {
        app.dialog = Some(Dialog::Path {
            purpose: FilePurpose::Import,
            text: String::new(),
            note: "No native file dialog is available here; type the file's path (or drop files on the window).".to_owned(),
        });
        return;
    }
    let started = Instant::now();
    let chosen = rfd::FileDialog::new()
        .set_title("Import sources")
        .add_filter(
            "Text, Markdown or HTML",
            &["txt", "md", "markdown", "html", "htm"],
        )
        .pick_files();
    match chosen {
        Some(paths) if !paths.is_empty() => app.push(Command::Import(paths)),
        None if started.elapsed() < NO_DIALOG_THRESHOLD => {
            app.dialog = Some(Dialog::Path {
                purpose: FilePurpose::Import,
                text: String::new(),
                note: "The system file dialog did not answer; type the file's path.".to_owned(),
            });
        }
        _ => {}
    }
}

/// Draws the open dialog, if any.
pub fn show(app: &mut AnnalsApp, ui: &mut Ui) {
    let Some(dialog) = app.dialog.clone() else {
        return;
    };
    let mut close = false;
    let mut next = None;
    match dialog {
        Dialog::Refused { title, reason } => {
            let response = Modal::new(egui::Id::unique("refused_dialog")).show(ui.ctx(), |ui| {
                ui.set_max_width(theme::MESSAGE_DIALOG_WIDTH_POINTS);
                ui.heading(&title);
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.label(RichText::new(&reason).color(theme::error_text(ui)));
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.label("The file was not changed.");
                ui.add_space(theme::SECTION_GAP_POINTS);
                ui.button("OK").clicked()
            });
            close = response.inner || response.should_close();
        }
        Dialog::AddSource(mut form) => {
            let response = Modal::new(egui::Id::unique("add_source_dialog")).show(ui.ctx(), |ui| {
                ui.set_width(theme::FORM_DIALOG_WIDTH_POINTS);
                super::sources::form(ui, &mut form)
            });
            let (add, cancel) = response.inner;
            if add {
                if let Ok(action) = form.action() {
                    app.push(Command::Apply(Box::new(action)));
                }
                close = true;
            } else if cancel || response.should_close() {
                close = true;
            } else {
                next = Some(Dialog::AddSource(form));
            }
        }
        Dialog::Path {
            purpose,
            mut text,
            note,
        } => {
            let response = Modal::new(egui::Id::unique("path_dialog")).show(ui.ctx(), |ui| {
                ui.set_min_width(theme::PATH_DIALOG_WIDTH_POINTS);
                ui.heading(purpose.title());
                ui.label(RichText::new(&note).color(theme::weak_text(ui)));
                let field = ui.add(
                    egui::TextEdit::singleline(&mut text)
                        .hint_text("/path/to/notebook.annals")
                        .desired_width(f32::INFINITY),
                );
                field.request_focus();
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
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
                let path = PathBuf::from(text.trim());
                app.push(purpose.command(path));
                close = true;
            } else if cancel || response.should_close() {
                close = true;
            } else {
                next = Some(Dialog::Path {
                    purpose,
                    text,
                    note,
                });
            }
        }
    }
    app.dialog = if close {
        None
    } else {
        next.or(app.dialog.take())
    };
}
