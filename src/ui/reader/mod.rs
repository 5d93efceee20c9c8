//! The source reader: shows a source's text as wrapped paragraphs, paints
//! the excerpts already cut from it and the date suggestions found in it,
//! and lets the researcher select text with the mouse to cut a new excerpt.
//!
//! All positions are **character** offsets (Unicode scalar values) into the
//! source text, end exclusive: the unit Annals stores excerpts in.
//!
//! Sources can be large (a 10 MB text), so the reader is virtualised:
//! the text is indexed once into chunks (a paragraph, or a piece of a long
//! paragraph cut at whitespace), each chunk's height is estimated from its
//! length until it has been laid out once, and a Fenwick tree over the heights
//! finds the chunks inside the viewport in O(log n). Each frame lays out only
//! the visible chunks (egui caches their galleys between frames).

mod boxes;
mod find;
mod heights;
mod layout;
mod paint;
mod pointer;
mod scroll;
mod selection;
#[cfg(test)]
mod selection_props;
mod text;

use egui::scroll_area::{DragScroll, ScrollSource};
use egui::{Color32, FontId, Id, Rect, Role, ScrollArea, Sense, TextStyle, Ui, WidgetInfo, vec2};

use crate::model::ExcerptId;
use heights::Heights;
use layout::{Geometry, lay_out_visible, settle_pending_scroll};
use pointer::View;
use scroll::{Flash, MAX_SCROLL_SETTLE_FRAMES, PendingScroll, scroll_target_offset};
use selection::Selection;
use text::{TextIndex, TextKey};

pub use find::{FIND_BYTES_PER_FRAME, Find, MAX_FIND_MATCHES};

/// Smallest body font size for reading: egui's default body size (12.5) is
/// made for controls, not for pages of prose.
const MIN_READER_FONT_POINTS: f32 = 15.0;

/// A highlighted excerpt.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    /// First character of the excerpt.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Colour of the highlight; painted semi-transparent behind the text.
    pub colour: Color32,
    /// The excerpt, reported back in [`ReaderOutput::clicked_highlight`].
    pub id: ExcerptId,
    /// Accessible name (what a screen reader says, what UI tests search for).
    pub label: String,
}

/// An underlined date suggestion.
#[derive(Clone, Debug, PartialEq)]
pub struct Underline {
    /// First character of the date phrase.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The suggestion's id, reported back in [`ReaderOutput::clicked_underline`]
    /// and [`ReaderOutput::hovered_underline`].
    pub id: usize,
    /// Tooltip text, also the accessible name.
    pub hover: String,
}

/// Colours the reader needs that are not in egui's visuals (the app passes
/// them from its theme module).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReaderColours {
    /// Date suggestion underlines.
    pub underline: Color32,
    /// Background flashed behind a range after [`ReaderState::scroll_to`].
    pub flash: Color32,
}

/// What happened in the reader this frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReaderOutput {
    /// The selected character range, `start < end`, if any.
    pub selection: Option<(usize, usize)>,
    /// Screen rect of the last visible line of the selection, to float an
    /// action bar next to; `None` when no selected line is on screen.
    pub selection_rect: Option<Rect>,
    /// A highlight was clicked (without dragging): its excerpt.
    pub clicked_highlight: Option<ExcerptId>,
    /// An underline was clicked: its id.
    pub clicked_underline: Option<usize>,
    /// The pointer is over an underline: its id.
    pub hovered_underline: Option<usize>,
}

/// Persistent state of the reader for one open source: the paragraph index,
/// measured heights, selection, pending scroll and flash.
#[derive(Default)]
pub struct ReaderState {
    index: Option<TextIndex>,
    heights: Option<Heights>,
    selection: Selection,
    pending_scroll: Option<PendingScroll>,
    flash: Option<Flash>,
    /// Height of the viewport last frame, to centre a `scroll_to` target.
    viewport_height: f32,
    /// Find in the text (Ctrl+F in the reader).
    find: Find,
    /// Where each page after the first starts (a character offset) and
    /// its label ("p. 3"), for a paged source.
    page_breaks: Vec<(usize, String)>,
}

impl std::fmt::Debug for ReaderState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReaderState")
            .field("selection", &self.selection.range())
            .finish_non_exhaustive()
    }
}

impl ReaderState {
    /// The selected character range, `start < end`, if any.
    #[must_use]
    pub fn selection(&self) -> Option<(usize, usize)> {
        self.selection.range()
    }

    /// Selects `start..end` (character offsets), as a mouse drag from
    /// `start` to `end` would.
    pub fn set_selection(&mut self, start: usize, end: usize) {
        self.selection.store(start, end);
    }

    /// Shows a rule and a page label ("p. 3") above the first line of each
    /// page: `breaks` lists each page's first character and its label.
    pub fn set_page_breaks(&mut self, breaks: Vec<(usize, String)>) {
        if self.page_breaks != breaks {
            self.page_breaks = breaks;
        }
    }

    /// The page breaks shown, as [`Self::set_page_breaks`] set them.
    #[must_use]
    pub fn page_breaks(&self) -> &[(usize, String)] {
        &self.page_breaks
    }

    /// Removes the selection.
    pub fn clear_selection(&mut self) {
        self.selection.anchor = None;
    }

    /// Scrolls so that the character at `char_index` is centred in the
    /// viewport, and briefly flashes the `flash` range (about 1.5 s).
    pub fn scroll_to(&mut self, char_index: usize, flash: Option<(usize, usize)>) {
        self.pending_scroll = Some(PendingScroll {
            char_index,
            frames_left: MAX_SCROLL_SETTLE_FRAMES,
            in_chunk_y: None,
        });
        self.flash = flash.map(|(start, end)| Flash {
            start: start.min(end),
            end: start.max(end),
            started_at: None,
        });
    }

    /// Find in the text: the words, matches and current match.
    #[must_use]
    pub const fn find(&self) -> &Find {
        &self.find
    }

    /// Find in the text, to set the words or step through the matches.
    pub const fn find_mut(&mut self) -> &mut Find {
        &mut self.find
    }

    /// Indexes `text` unless the index already belongs to it.
    fn ensure_index(&mut self, text: &str) {
        let key = TextKey::of(text);
        if self.index.as_ref().is_some_and(|index| index.key == key) {
            return;
        }
        let index = TextIndex::build(text, key);
        let chars = index.char_count;
        self.index = Some(index);
        self.heights = None;
        if self.selection.anchor.is_some_and(|anchor| anchor > chars)
            || self.selection.cursor > chars
        {
            self.selection = Selection::default();
        }
    }

    /// The offset to show a pending `scroll_to` target centred, computed from
    /// the heights known so far; `None` when there is nothing to scroll to.
    fn pending_scroll_offset(&self, viewport_height: f32) -> Option<f32> {
        let pending = self.pending_scroll.as_ref()?;
        let index = self.index.as_ref()?;
        let heights = self.heights.as_ref()?;
        Some(scroll_target_offset(
            index,
            heights,
            pending,
            viewport_height,
        ))
    }
}

/// Everything the reader's body needs besides the state.
struct Inputs<'a> {
    id: Id,
    text: &'a str,
    highlights: &'a [Highlight],
    underlines: &'a [Underline],
    colours: &'a ReaderColours,
    font: FontId,
    /// A `scroll_to` set the offset this frame.
    scroll_applied: Option<f32>,
    /// The viewport height `scroll_applied` was centred in.
    viewport_height: f32,
}

/// Shows `text` in a scrolling reader. Place it in a panel: it fills the
/// available space. To show two readers in one `Ui`, wrap each in
/// [`Ui::push_id`].
pub fn reader(
    ui: &mut Ui,
    state: &mut ReaderState,
    text: &str,
    highlights: &[Highlight],
    underlines: &[Underline],
    colours: &ReaderColours,
) -> ReaderOutput {
    let id = ui.make_persistent_id("annals_reader");
    let body_font = TextStyle::Body.resolve(ui.style());
    let font = FontId::new(body_font.size.max(MIN_READER_FONT_POINTS), body_font.family);
    state.ensure_index(text);
    if let Some(index) = &state.index {
        state.find.scan(text, index.key);
        if state.find.scanning() {
            ui.ctx().request_repaint();
        }
    }
    if std::mem::take(&mut state.find.scroll_pending)
        && let Some((start, _)) = state.find.current_range()
    {
        // The find paint marks the current match; no flash.
        state.scroll_to(start, None);
    }

    let viewport_height = if state.viewport_height > 0.0 {
        state.viewport_height
    } else {
        ui.available_height()
    };
    let scroll_applied = state.pending_scroll_offset(viewport_height);
    let mut area = ScrollArea::vertical()
        .id_salt(id.with("scroll"))
        .auto_shrink([false, false])
        .animated(false)
        // Dragging selects text, even on a touch screen.
        .scroll_source(ScrollSource {
            drag: DragScroll::Never,
            ..ScrollSource::default()
        });
    if let Some(offset) = scroll_applied {
        area = area.vertical_scroll_offset(offset);
    }
    let inputs = Inputs {
        id,
        text,
        highlights,
        underlines,
        colours,
        font,
        scroll_applied,
        viewport_height,
    };
    let shown = area.show_viewport(ui, |ui, _viewport| body(ui, state, &inputs));
    state.viewport_height = shown.inner_rect.height();
    shown.inner
}

/// The scrolled content: lays out the visible chunks, handles the pointer,
/// paints.
fn body(ui: &mut Ui, state: &mut ReaderState, inputs: &Inputs<'_>) -> ReaderOutput {
    let ReaderState {
        index,
        heights,
        selection,
        pending_scroll,
        flash,
        viewport_height: _,
        find,
        page_breaks,
    } = state;
    let Some(index) = index.as_ref() else {
        return ReaderOutput::default();
    };
    let geometry = Geometry::new(ui, &inputs.font);
    let key = geometry.key(ui);
    if heights.as_ref().is_none_or(|h| h.key != key) {
        *heights = None;
    }
    let heights =
        heights.get_or_insert_with(|| Heights::estimate(index, key, geometry.metrics(ui)));

    // The text area goes first, so that highlights and underlines added
    // after it are on top: they take clicks, while a drag that starts on
    // them still reaches the text area and selects.
    let total = heights.tree.total() as f32;
    let area_rect = Rect::from_x_y_ranges(
        ui.max_rect().x_range(),
        geometry.clip.top().max(geometry.content_top)
            ..=geometry.clip.bottom().min(geometry.content_top + total),
    );
    let main = ui.interact(area_rect, inputs.id.with("text"), Sense::click_and_drag());
    main.widget_info(|| WidgetInfo::labeled(Role::Document, true, "Source text"));

    let laid = lay_out_visible(ui, inputs, index, heights, &geometry);
    ui.set_min_size(vec2(geometry.content_width, heights.tree.total() as f32));
    settle_pending_scroll(ui, pending_scroll, index, heights, &laid, inputs);

    let view = View::new(ui, inputs, index, geometry, laid, main);
    let mut output = ReaderOutput::default();
    let hover = view.hover(ui);
    output.hovered_underline = hover.underline.map(|i| inputs.underlines[i].id);
    view.handle_pointer(ui, selection, &mut output);
    view.handle_keys(ui, selection);
    view.copy_selection(ui, selection);

    view.paint_highlights(ui);
    view.paint_find(ui, find);
    view.paint_flash(ui, flash, pending_scroll.is_none());
    output.selection = selection.range();
    output.selection_rect = view.paint_selection(ui, output.selection);
    view.paint_text(ui);
    view.paint_page_breaks(ui, page_breaks);
    view.paint_underlines(ui);
    view.paint_hover_outline(ui, hover.highlight);
    output
}
