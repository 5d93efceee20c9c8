//! Where each panel goes in the window, frame by frame: the left panel's
//! tabs, the centre (timeline or reader), files dropped on the window, and
//! the keyboard shortcuts. The app owns the panels and lends them here.

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use super::command::{Centre, Command, LeftTab};
use super::event_list::EventList;
use super::filter_bar::FilterBar;
use super::notes::NotebookNotes;
use super::source_view::SourceView;
use super::sources::SourceList;
use super::theme;
use super::tracks::TracksPanel;
use super::view::ViewCtx;
use crate::model::text::{Cut, shortened};
use crate::timeline::Timeline;

/// Longest source title in the centre's "Reader: …" tab, with its ellipsis.
const READER_TAB_TITLE_CHARS: usize = 49;

/// The left panel: its tabs, and the list of the tab shown.
pub(super) fn left_panel(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    left_tab: &mut LeftTab,
    (filter_bar, events, sources, notes_tab, tracks): (
        &mut FilterBar,
        &mut EventList,
        &mut SourceList,
        &mut NotebookNotes,
        &mut TracksPanel,
    ),
    out: &mut Vec<Command>,
) {
    let notebook = ctx.notebook;
    let notes = notebook.notes_of(crate::model::NoteOwner::Notebook).count();
    ui.horizontal_wrapped(|ui| {
        for (tab, name) in [
            (
                LeftTab::Events,
                format!("Events ({})", notebook.events.len()),
            ),
            (
                LeftTab::Sources,
                format!("Sources ({})", notebook.sources.len()),
            ),
            (LeftTab::Notes, format!("Notes ({notes})")),
            (LeftTab::Tracks, "Tracks & tags".to_owned()),
        ] {
            ui.selectable_value(left_tab, tab, name);
        }
    });
    ui.separator();
    match *left_tab {
        LeftTab::Events => {
            filter_bar.ui(ui, ctx, out);
            events.ui(ui, ctx, out);
        }
        LeftTab::Sources => sources.ui(ui, ctx, out),
        LeftTab::Notes => notes_tab.ui(ui, ctx, out),
        LeftTab::Tracks => tracks.ui(ui, ctx, out),
    }
}

/// The centre: the timeline, or the open source in the reader.
pub(super) fn centre_panel(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    centre: &mut Centre,
    (source_view, timeline): (&mut SourceView, &mut Timeline),
    out: &mut Vec<Command>,
) {
    let reader_title = ctx
        .open_source
        .and_then(|open| ctx.notebook.source(open.id))
        .map(|s| shortened(&s.title, READER_TAB_TITLE_CHARS, Cut::AnyChar));
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(centre, Centre::Timeline, "Timeline");
        match &reader_title {
            Some(title) => {
                ui.selectable_value(centre, Centre::Reader, format!("Reader: {title}"));
            }
            None => {
                ui.add_enabled(false, egui::Button::new("Reader"))
                    .on_disabled_hover_text("Open a source from the Sources list");
            }
        }
    });
    if *centre == Centre::Reader && reader_title.is_some() {
        source_view.ui(ui, ctx, out);
        return;
    }
    let output = timeline.show(
        ui,
        ctx.notebook,
        ctx.generation,
        ctx.selected,
        &ctx.theme.timeline_style(),
    );
    if let Some(id) = output.clicked {
        out.push(Command::Select(Some(id)));
    }
    if let Some(at) = output.new_event_at {
        out.push(Command::NewEvent { date: at.date() });
    }
}

/// Files dropped on the window become an import; while they hover, the
/// window says so.
pub(super) fn receive_dropped_files(ui: &Ui, open: bool, out: &mut Vec<Command>) {
    let (dropped, hovering) = ui.input(|i| {
        (
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect::<Vec<_>>(),
            !i.raw.hovered_files.is_empty(),
        )
    });
    if !open {
        return;
    }
    if hovering {
        let painter = ui.ctx().layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop_overlay"),
        ));
        let rect = ui.ctx().content_rect();
        painter.rect_filled(
            rect,
            0.0,
            ui.visuals()
                .selection
                .bg_fill
                .gamma_multiply(theme::DROP_TINT_ALPHA),
        );
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Drop .txt, .md, .html, .pdf, .docx or .eml files to add them as sources",
            egui::FontId::proportional(theme::BANNER_FONT_POINTS),
            ui.visuals().strong_text_color(),
        );
    }
    if !dropped.is_empty() {
        out.push(Command::Import(dropped));
    }
}

/// The window's keyboard shortcuts pressed this frame (none while a modal
/// dialog is open).
pub(super) fn shortcuts(ui: &mut Ui, modal: bool, out: &mut Vec<Command>) {
    // A focused timeline or list row still leaves these keys to the window;
    // only a text field keeps them.
    let typing = ui.ctx().text_edit_focused();
    ui.input_mut(|input| {
        // Most specific first: Ctrl+Shift+Z would also match Ctrl+Z.
        let redo = input.consume_shortcut(&KeyboardShortcut::new(
            Modifiers::COMMAND | Modifiers::SHIFT,
            Key::Z,
        )) || input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y));
        // While typing, Ctrl+Z belongs to the text field's own undo.
        let undo =
            !typing && input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z));
        let new_event = input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::N));
        let open = input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::O));
        let delete = !typing && input.consume_key(Modifiers::NONE, Key::Delete);
        // Search; taken here too so that no widget reads it as a plain F
        // (the timeline's Fit).
        let search = input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F));
        if modal {
            return;
        }
        if redo && !typing {
            out.push(Command::Redo);
        }
        if undo {
            out.push(Command::Undo);
        }
        if new_event {
            out.push(Command::NewEvent { date: None });
        }
        if delete {
            out.push(Command::DeleteSelected);
        }
        if search {
            out.push(Command::OpenSearch);
        }
        if open {
            out.push(Command::ChooseFile(super::command::FilePurpose::Open));
        }
    });
}
