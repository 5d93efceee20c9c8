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
use crate::model::EventId;
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
    let output = timeline.show_with(
        ui,
        ctx.notebook,
        ctx.generation,
        (ctx.selected, ctx.multi, ctx.folds),
        &ctx.theme.timeline_style(),
    );
    if let Some(id) = output.toggle_fold {
        out.push(Command::ToggleFold(id));
    }
    if let Some(id) = output.clicked {
        if ui.input(|i| i.modifiers.command) {
            out.push(toggled(ctx, id));
        } else {
            out.push(Command::Select(Some(id)));
        }
    }
    rectangle_select(ui, ctx, timeline.lanes_rect(), out);
    if let Some(at) = output.new_event_at {
        out.push(Command::NewEvent { date: at.date() });
    }
}

/// Ctrl+click on a mark: the event joins the selection (the list's
/// multi-selection), or leaves it if it was in it. The one named last is
/// the one the inspector names.
fn toggled(ctx: &ViewCtx<'_>, id: EventId) -> Command {
    let mut chosen: Vec<EventId> = ctx
        .multi
        .iter()
        .copied()
        .filter(|e| Some(*e) != ctx.selected)
        .collect();
    chosen.sort_unstable();
    chosen.extend(ctx.selected);
    if chosen.contains(&id) {
        chosen.retain(|e| *e != id);
    } else {
        chosen.push(id);
    }
    Command::SelectMany(chosen)
}

/// Shift+drag on the timeline draws a rectangle; the marks inside it become
/// the selection when the button is let go. The rectangle is a widget over
/// the lanes, there only while Shift is held (or the drag goes on), so a
/// plain drag still pans and clicks still reach the marks.
///
/// Which marks were inside is read from the frame's widget rects: each mark
/// is a widget with the id `("timeline_event", id)` in the timeline's scope
/// (`timeline::Timeline::show`); a test (`tests/ui_find.rs`) checks that a
/// drag selects the marks it covers.
fn rectangle_select(ui: &mut Ui, ctx: &ViewCtx<'_>, lanes: egui::Rect, out: &mut Vec<Command>) {
    let id = ui.scope_id().with("timeline_rectangle_select");
    let shift = ui.input(|i| i.modifiers.shift);
    if !(shift || ui.ctx().is_being_dragged(id)) || !lanes.is_positive() {
        return;
    }
    let response = ui.interact(lanes, id, egui::Sense::drag());
    // The press origin is gone in the frame the button is let go, so the
    // rectangle drawn while dragging is kept for that frame.
    let drawn = ui.input(|i| i.pointer.press_origin().zip(i.pointer.latest_pos()));
    let rect = match drawn {
        Some((origin, now)) => {
            let rect = egui::Rect::from_two_pos(origin, now).intersect(lanes);
            ui.data_mut(|d| d.insert_temp(id, rect));
            rect
        }
        None => match ui.data(|d| d.get_temp::<egui::Rect>(id)) {
            Some(rect) if response.drag_stopped() => rect,
            _ => return,
        },
    };
    if response.dragged() {
        let fill = ui.visuals().selection.bg_fill;
        ui.painter().rect(
            rect,
            0.0,
            fill.gamma_multiply(theme::RECTANGLE_SELECT_ALPHA),
            egui::Stroke::new(1.0, fill),
            egui::StrokeKind::Inside,
        );
    }
    if !response.drag_stopped() {
        return;
    }
    ui.data_mut(|d| d.remove::<egui::Rect>(id));
    let layer = ui.layer_id();
    let inside: std::collections::HashSet<egui::Id> = ui.ctx().viewport(|v| {
        v.this_pass
            .widgets
            .get_layer(layer)
            .filter(|w| w.rect.intersects(rect))
            .map(|w| w.id)
            .collect()
    });
    let scope = ui.scope_id();
    let chosen: Vec<EventId> = ctx
        .notebook
        .events
        .iter()
        .map(|e| e.id)
        .filter(|e| inside.contains(&scope.with(("timeline_event", *e))))
        .collect();
    if !chosen.is_empty() {
        out.push(Command::SelectMany(chosen));
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
            "Drop .txt, .md, .html, .pdf, .docx or .eml files to add them as sources — .csv, .json, .bib or .ris to import",
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
            out.push(Command::Find);
        }
        if open {
            out.push(Command::ChooseFile(super::command::FilePurpose::Open));
        }
    });
}
