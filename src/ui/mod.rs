//! The desktop app (egui/eframe): panels over the open notebook.
//!
//! Every panel owns its view state and draws with `ui(&mut self, ui, ctx,
//! out)`: it reads the read model, selection and theme from a
//! [`view::ViewCtx`] and pushes [`Command`]s; only [`app::AnnalsApp`]
//! carries them out, through the [`session::Session`] (the store) and the
//! [`jobs::Jobs`] (long work off the frame).

pub mod app;
pub mod bulk;
pub mod command;
pub mod dialogs;
pub mod drafts;
pub mod entities;
pub mod event_list;
pub mod evidence;
mod evidence_inspector;
pub mod export_dialog;
pub mod filter_bar;
pub mod fonts;
mod frame;
pub mod import_dialog;
pub mod import_review;
pub mod inspector;
pub(crate) mod jobs;
pub mod lookups;
mod menu;
pub mod notes;
pub mod reader;
pub mod safety;
pub mod search;
pub(crate) mod session;
pub mod shown;
pub mod source_form;
pub mod source_view;
pub(crate) mod sources;
pub mod status;
pub mod theme;
pub mod tracks;
pub(crate) mod view;
mod welcome;

use std::path::PathBuf;

pub use app::{AnnalsApp, Startup};
pub use command::Command;

/// "add event 'X'" → "Add event 'X'".
#[must_use]
pub fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Where the default notebook lives: the platform data folder.
#[must_use]
pub fn default_notebook_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Annals", "Annals")
        .map(|dirs| dirs.data_dir().join("Notebook.annals"))
}

/// Opens the window and runs until it is closed.
///
/// # Errors
/// If the window cannot be created (no display, no graphics).
pub fn run(startup: Startup) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Annals")
            .with_app_id("annals")
            .with_inner_size(theme::WINDOW_SIZE_POINTS)
            .with_min_inner_size(theme::MIN_WINDOW_SIZE_POINTS),
        ..Default::default()
    };
    eframe::run_native(
        "Annals",
        options,
        Box::new(move |cc| {
            let font_notice = fonts::install_system_fonts(&cc.egui_ctx);
            let recent = AnnalsApp::load_recent(cc.storage);
            let mut app = AnnalsApp::new(startup, recent);
            app.recover_drafts(drafts::load(cc.storage));
            if let Some(notice) = font_notice {
                app.notice(&notice);
            }
            Ok(Box::new(app))
        }),
    )
}
