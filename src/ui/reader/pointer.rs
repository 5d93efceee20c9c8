//! The pointer over the laid-out text: what it hovers, clicks, double- and
//! triple-clicks and drags select, auto-scroll while dragging, and copying
//! the selection.

use egui::{CursorIcon, Event, Id, Pos2, Rect, Response, Role, Sense, Ui, Vec2, WidgetInfo};

use super::layout::{Geometry, Laid, char_at, hit_at, screen_spans};
use super::selection::{Letters, Selection, drag_selection, drag_unit, word_range};
use super::text::{TextIndex, display_text};
use super::{Inputs, ReaderOutput};

/// Drag-selection auto-scroll speed, in points per second for every point
/// the pointer is beyond the viewport edge.
const AUTOSCROLL_SPEED_PER_POINT: f32 = 10.0;

/// A highlight or underline's span on screen.
pub(super) struct Segment {
    /// Index into the `highlights` or `underlines` slice.
    pub(super) item: usize,
    /// The span in screen coordinates.
    pub(super) line: Rect,
    pub(super) glyphs: Rect,
    pub(super) baseline: f32,
    pub(super) response: Response,
}

/// What the pointer is exactly over (indices into the highlights and
/// underlines slices).
pub(super) struct Hover {
    pub(super) highlight: Option<usize>,
    pub(super) underline: Option<usize>,
}

/// One frame's laid-out view: what the pointer and the painter work on.
pub(super) struct View<'a> {
    pub(super) inputs: &'a Inputs<'a>,
    pub(super) index: &'a TextIndex,
    pub(super) geometry: Geometry,
    pub(super) laid: Vec<Laid>,
    /// Longest first, so that a shorter overlapping highlight is on top.
    pub(super) highlights: Vec<Segment>,
    pub(super) underlines: Vec<Segment>,
    /// The text area's response.
    pub(super) main: Response,
}

impl<'a> View<'a> {
    pub(super) fn new(
        ui: &Ui,
        inputs: &'a Inputs<'a>,
        index: &'a TextIndex,
        geometry: Geometry,
        laid: Vec<Laid>,
        main: Response,
    ) -> Self {
        let visible = laid
            .first()
            .zip(laid.last())
            .map_or((0, 0), |(first, last)| {
                (first.chunk.char_start, last.chunk.char_end() + 1)
            });
        let clamp = |start: usize, end: usize| {
            (
                start.min(end).min(index.char_count),
                start.max(end).min(index.char_count),
            )
        };
        let in_view =
            |(start, end): (usize, usize)| start < end && end > visible.0 && start < visible.1;

        let mut highlight_order: Vec<usize> = (0..inputs.highlights.len())
            .filter(|&i| in_view(clamp(inputs.highlights[i].start, inputs.highlights[i].end)))
            .collect();
        highlight_order.sort_by_key(|&i| {
            let h = &inputs.highlights[i];
            std::cmp::Reverse(h.end.abs_diff(h.start))
        });
        let highlights = segments(
            ui,
            &laid,
            &highlight_order,
            |i| {
                let h = &inputs.highlights[i];
                let (start, end) = clamp(h.start, h.end);
                // The id only salts the widget id: its bits are all that matter.
                (start, end, h.id.0.cast_unsigned(), &h.label, Role::Button)
            },
            inputs.id.with("highlight"),
        );
        let underline_order: Vec<usize> = (0..inputs.underlines.len())
            .filter(|&i| in_view(clamp(inputs.underlines[i].start, inputs.underlines[i].end)))
            .collect();
        let underlines = segments(
            ui,
            &laid,
            &underline_order,
            |i| {
                let u = &inputs.underlines[i];
                let (start, end) = clamp(u.start, u.end);
                (start, end, u.id as u64, &u.hover, Role::Link)
            },
            inputs.id.with("underline"),
        );
        Self {
            inputs,
            index,
            geometry,
            laid,
            highlights,
            underlines,
            main,
        }
    }

    /// Finds what is exactly under the pointer, sets the cursor icon and
    /// shows an underline's tooltip.
    pub(super) fn hover(&self, ui: &Ui) -> Hover {
        let pointer_over_us = self.main.contains_pointer()
            || self
                .highlights
                .iter()
                .chain(&self.underlines)
                .any(|s| s.response.contains_pointer());
        let pos = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|_| pointer_over_us && !self.main.dragged());
        let hover = Hover {
            highlight: pos.and_then(|pos| topmost(&self.highlights, pos)),
            underline: pos.and_then(|pos| topmost(&self.underlines, pos)),
        };
        if hover.highlight.is_some() || hover.underline.is_some() {
            ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        } else if self.main.hovered() || self.main.dragged() {
            ui.ctx().set_cursor_icon(CursorIcon::Text);
        }
        if let (Some(item), Some(pos)) = (hover.underline, pos)
            && let Some(segment) = self
                .underlines
                .iter()
                .rev()
                .find(|s| s.item == item && s.line.contains(pos))
        {
            // egui's hover is generous (it helps hit small buttons); the
            // tooltip shows only when the pointer is on the date itself.
            let _ = segment
                .response
                .clone()
                .on_hover_text(&self.inputs.underlines[item].hover);
        }
        hover
    }

    /// Clicks, double- and triple-clicks and drags: moves the selection and
    /// reports clicked highlights and underlines.
    pub(super) fn handle_pointer(
        &self,
        ui: &Ui,
        selection: &mut Selection,
        output: &mut ReaderOutput,
    ) {
        enum Source {
            Text,
            Highlight(usize),
            Underline(usize),
        }
        let responses = std::iter::once((&self.main, Source::Text))
            .chain(
                self.highlights
                    .iter()
                    .map(|s| (&s.response, Source::Highlight(s.item))),
            )
            .chain(
                self.underlines
                    .iter()
                    .map(|s| (&s.response, Source::Underline(s.item))),
            );
        let mut click = None;
        let mut double_click = None;
        let mut triple_click = None;
        for (response, source) in responses {
            if response.triple_clicked() {
                triple_click = response.interact_pointer_pos();
            } else if response.double_clicked() {
                double_click = response.interact_pointer_pos();
            } else if response.clicked() {
                click = Some((response.interact_pointer_pos(), source));
            }
        }
        let shift = ui.input(|i| i.modifiers.shift);
        let highlights = self.inputs.highlights;
        let underlines = self.inputs.underlines;

        if let Some(char_index) = triple_click.and_then(|pos| char_at(&self.laid, pos)) {
            let (first, last) = self
                .index
                .paragraph_of_chunk(self.index.chunk_of_char(char_index));
            selection.store(
                self.index.chunks[first].char_start,
                self.index.chunks[last].char_end(),
            );
            self.main.request_focus();
        } else if let Some(char_index) = double_click.and_then(|pos| char_at(&self.laid, pos)) {
            if let Some(row) = self.laid.iter().find(|row| {
                row.chunk.char_start <= char_index && char_index <= row.chunk.char_end()
            }) {
                let letters = Letters::new(&display_text(self.inputs.text, &row.chunk));
                let (start, end) = word_range(&letters, char_index - row.chunk.char_start);
                selection.store(row.chunk.char_start + start, row.chunk.char_start + end);
            }
            self.main.request_focus();
        } else if let Some((pos, source)) = click {
            match pos.and_then(|pos| Some((pos, char_at(&self.laid, pos)?))) {
                Some((_, char_index)) if shift => selection.extend_to(char_index),
                Some((pos, char_index)) => {
                    // Decide by what is exactly under the pointer, not by
                    // which widget egui's generous hit test picked.
                    if let Some(i) = topmost(&self.underlines, pos) {
                        output.clicked_underline = Some(underlines[i].id);
                    } else if let Some(i) = topmost(&self.highlights, pos) {
                        output.clicked_highlight = Some(highlights[i].id);
                    }
                    selection.place_caret(char_index);
                }
                // A keyboard or screen-reader click: no pointer to look under.
                None => match source {
                    Source::Highlight(i) => output.clicked_highlight = Some(highlights[i].id),
                    Source::Underline(i) => output.clicked_underline = Some(underlines[i].id),
                    Source::Text => {}
                },
            }
            if matches!(source, Source::Text) {
                self.main.request_focus();
            }
        }

        // A drag selects whole words (Alt: single characters); either way
        // its ends are never inside a letter's cluster.
        let words = !ui.input(|i| i.modifiers.alt);
        if self.main.drag_started() {
            if let Some(origin) = ui.input(|i| i.pointer.press_origin())
                && let Some(unit) = self.drag_unit_at(origin, words)
            {
                if shift {
                    selection.unit = None;
                    selection.extend_to(unit.1);
                } else {
                    selection.store(unit.0, unit.1);
                    selection.unit = Some(unit);
                }
            }
            self.main.request_focus();
        }
        if (self.main.dragged() || self.main.drag_stopped())
            && let Some(pos) = self.main.interact_pointer_pos()
        {
            if let Some(current) = self.drag_unit_at(pos, words)
                && selection.anchor.is_some()
            {
                match selection.unit {
                    Some(anchor) => {
                        let (anchor, cursor) = drag_selection(anchor, current);
                        selection.store(anchor, cursor);
                    }
                    None => selection.extend_to(current.1),
                }
            }
            if self.main.dragged() {
                self.autoscroll(ui, pos);
            }
        }
        if self.main.drag_stopped() {
            selection.unit = None;
        }
    }

    /// The unit (word, or snapped caret) one end of a drag covers at a
    /// screen point, in global characters.
    fn drag_unit_at(&self, pos: Pos2, words: bool) -> Option<(usize, usize)> {
        let (row, hit) = hit_at(&self.laid, pos)?;
        let chunk = self.laid[row].chunk;
        let letters = Letters::new(&display_text(self.inputs.text, &chunk));
        let (start, end) = drag_unit(&letters, hit, words);
        Some((chunk.char_start + start, chunk.char_start + end))
    }

    /// Shift+⬅/➡ extend the selection by a character (a cluster), with Ctrl
    /// by a word; Escape drops it. Only while the text has the keyboard.
    pub(super) fn handle_keys(&self, ui: &Ui, selection: &mut Selection) {
        if !(self.main.has_focus() || self.main.lost_focus()) {
            return;
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            selection.anchor = None;
            return;
        }
        if !self.main.has_focus() {
            return;
        }
        let (left, right, word) = ui.input_mut(|i| {
            let word = i.modifiers.command || i.modifiers.ctrl || i.modifiers.alt;
            let mut take = |key| {
                i.consume_key(egui::Modifiers::SHIFT, key)
                    || i.consume_key(egui::Modifiers::SHIFT | egui::Modifiers::COMMAND, key)
                    || i.consume_key(egui::Modifiers::SHIFT | egui::Modifiers::ALT, key)
            };
            (
                take(egui::Key::ArrowLeft),
                take(egui::Key::ArrowRight),
                word,
            )
        });
        if !(left || right) {
            return;
        }
        let cursor = selection.cursor.min(self.index.char_count);
        let Some(&chunk) = self.index.chunks.get(self.index.chunk_of_char(cursor)) else {
            return;
        };
        let local = cursor - chunk.char_start;
        let moved = if right && local >= chunk.char_len {
            // Past the line break into the next paragraph.
            (cursor + 1).min(self.index.char_count)
        } else if left && local == 0 {
            cursor.saturating_sub(1)
        } else {
            let letters = Letters::new(&display_text(self.inputs.text, &chunk));
            chunk.char_start + letters.step(local, right, word)
        };
        selection.unit = None;
        selection.extend_to(moved);
        ui.ctx().request_repaint();
    }

    /// While drag-selecting beyond the top or bottom edge, scroll that way,
    /// faster the further the pointer is out.
    pub(super) fn autoscroll(&self, ui: &Ui, pos: Pos2) {
        let clip = self.geometry.clip;
        let beyond = if pos.y < clip.top() {
            clip.top() - pos.y
        } else if pos.y > clip.bottom() {
            clip.bottom() - pos.y
        } else {
            return;
        };
        let dt = ui.input(|i| i.stable_dt);
        ui.scroll_with_delta(Vec2::new(0.0, beyond * AUTOSCROLL_SPEED_PER_POINT * dt));
        ui.ctx().request_repaint();
    }

    /// Ctrl+C (egui's copy event) copies the selection, unless another widget
    /// has the keyboard focus.
    pub(super) fn copy_selection(&self, ui: &Ui, selection: &Selection) {
        let Some((start, end)) = selection.range() else {
            return;
        };
        if !ui.input(|i| i.events.iter().any(|e| matches!(e, Event::Copy))) {
            return;
        }
        let ours = |focused: Id| {
            focused == self.main.id
                || self
                    .highlights
                    .iter()
                    .chain(&self.underlines)
                    .any(|s| s.response.id == focused)
        };
        if ui.ctx().memory(|m| m.focused()).is_none_or(ours) {
            let text = self.index.slice(self.inputs.text, start, end);
            ui.ctx().copy_text(text.to_owned());
        }
    }
}

/// The item of the topmost segment containing `pos`.
fn topmost(segments: &[Segment], pos: Pos2) -> Option<usize> {
    segments
        .iter()
        .rev()
        .find(|s| s.line.contains(pos))
        .map(|s| s.item)
}

/// Gives each visible row span of the items in `order` an interactive rect.
/// The first visible span of an item carries its accessible name and takes
/// keyboard focus; the others only take clicks.
fn segments<'l>(
    ui: &Ui,
    laid: &[Laid],
    order: &[usize],
    describe: impl Fn(usize) -> (usize, usize, u64, &'l str, Role),
    id: Id,
) -> Vec<Segment> {
    let mut segments = Vec::new();
    for &item in order {
        let (start, end, key, label, role) = describe(item);
        let spans = screen_spans(laid, start, end);
        for (n, (chunk_index, span, offset)) in spans.into_iter().enumerate() {
            let line = span.line.translate(offset);
            let segment_id = id.with((item, key, chunk_index, span.row));
            let response = if n == 0 {
                let response = ui.interact(line, segment_id, Sense::click());
                response.widget_info(|| WidgetInfo::labeled(role, true, label));
                response
            } else {
                ui.interact(line, segment_id, Sense::CLICK)
            };
            segments.push(Segment {
                item,
                line,
                glyphs: span.glyphs.translate(offset),
                baseline: span.baseline + offset.y,
                response,
            });
        }
    }
    segments
}
