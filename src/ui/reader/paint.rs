//! Painting one frame of the reader: highlights, the flash, the
//! selection, the text, suggestion underlines and the hover outline.

use std::sync::Arc;

use egui::{
    Align2, CornerRadius, FontId, Rangef, Rect, Role, Sense, Shape, Stroke, StrokeKind, Ui,
    WidgetInfo, pos2, vec2,
};

use super::layout::{row_spans, screen_spans};
use super::pointer::View;
use super::scroll::Flash;

/// How long a flashed range takes to fade out after a `scroll_to`.
const FLASH_SECONDS: f64 = 1.5;
/// Opacity of a highlight's colour, so text stays readable on it in light
/// and dark themes while two overlapping highlights still show darker.
const HIGHLIGHT_ALPHA: f32 = 0.4;
/// Rounding of highlight rects.
const HIGHLIGHT_CORNER_POINTS: u8 = 3;
/// How far a highlight rect reaches above and below the glyphs, so that
/// highlights on neighbouring lines stay apart.
const HIGHLIGHT_PAD_POINTS: f32 = 2.0;
/// Outline of the current find match, so it stands out among the others.
const FIND_CURRENT_STROKE_POINTS: f32 = 2.0;
/// Fill of the current find match: a little stronger than the others.
const FIND_CURRENT_ALPHA: f32 = 0.55;
/// Outline of the highlight under the pointer.
const HIGHLIGHT_HOVER_STROKE_POINTS: f32 = 1.0;
/// Width of a date suggestion's underline (house style: 1.5 points).
const UNDERLINE_WIDTH_POINTS: f32 = 1.5;
/// Underline position below the baseline, in font sizes: clear of the
/// glyphs but above the next line.
const UNDERLINE_OFFSET_FACTOR: f32 = 0.18;
/// Wave length of the underline: wavy, so it is not mistaken for a highlight
/// edge or a hyperlink.
const UNDERLINE_WAVE_POINTS: f32 = 4.0;
/// Wave height of the underline, from peak to trough.
const UNDERLINE_AMPLITUDE_POINTS: f32 = 2.0;
/// Width painted for a selected line break, in font sizes, so a selection
/// across a blank line shows.
const NEWLINE_MARK_FACTOR: f32 = 0.4;
/// Size of a page label ("p. 3"), in font sizes: small enough to sit in the
/// blank line between two pages.
const PAGE_LABEL_FACTOR: f32 = 0.7;
/// Width of the rule between two pages.
const PAGE_RULE_POINTS: f32 = 1.0;
/// Space between the rule and the page label.
const PAGE_LABEL_GAP_POINTS: f32 = 6.0;

impl View<'_> {
    /// Paints the find matches in view (found by binary search in the
    /// sorted matches, so a text with 100,000 of them costs what is shown),
    /// the current one stronger and outlined.
    pub(super) fn paint_find(&self, ui: &Ui, find: &super::Find) {
        let (Some(first), Some(last)) = (self.laid.first(), self.laid.last()) else {
            return;
        };
        let (from, to) = (first.chunk.char_start, last.chunk.char_end());
        let matches = find.matches();
        let begin = matches.partition_point(|m| m.1 <= from);
        let current = find.current_range();
        let colour = self.inputs.colours.flash;
        for &(start, end) in matches[begin..].iter().take_while(|m| m.0 < to) {
            let strong = current == Some((start, end));
            for (_, span, offset) in screen_spans(&self.laid, start, end) {
                let rect = padded(span.glyphs.translate(offset));
                // The current match is told by its outline, not by an
                // opaque fill: the text on it must stay as readable as on
                // the other matches.
                let alpha = if strong {
                    FIND_CURRENT_ALPHA
                } else {
                    HIGHLIGHT_ALPHA
                };
                ui.painter()
                    .rect_filled(rect, highlight_corner(), colour.gamma_multiply(alpha));
                if strong {
                    ui.painter().rect_stroke(
                        rect,
                        highlight_corner(),
                        Stroke::new(FIND_CURRENT_STROKE_POINTS, colour),
                        StrokeKind::Outside,
                    );
                }
            }
        }
    }

    pub(super) fn paint_highlights(&self, ui: &Ui) {
        for segment in &self.highlights {
            let colour = self.inputs.highlights[segment.item].colour;
            ui.painter().rect_filled(
                padded(segment.glyphs),
                highlight_corner(),
                colour.gamma_multiply(HIGHLIGHT_ALPHA),
            );
        }
    }

    /// Paints the flash behind a `scroll_to` range, fading out; the fade
    /// starts once the scroll has settled.
    pub(super) fn paint_flash(&self, ui: &Ui, flash: &mut Option<Flash>, may_start: bool) {
        let Some(active) = flash.as_mut().filter(|_| may_start) else {
            return;
        };
        let now = ui.input(|i| i.time);
        let started_at = *active.started_at.get_or_insert(now);
        let progress = (now - started_at) / FLASH_SECONDS;
        if progress >= 1.0 {
            *flash = None;
            return;
        }
        let colour = self
            .inputs
            .colours
            .flash
            .gamma_multiply((1.0 - progress) as f32);
        let end = active.end.min(self.index.char_count);
        for (_, span, offset) in screen_spans(&self.laid, active.start.min(end), end) {
            ui.painter().rect_filled(
                padded(span.glyphs.translate(offset)),
                highlight_corner(),
                colour,
            );
        }
        ui.ctx().request_repaint();
    }

    /// Paints the selection; returns the rect of its last visible line.
    pub(super) fn paint_selection(
        &self,
        ui: &Ui,
        selection: Option<(usize, usize)>,
    ) -> Option<Rect> {
        let (start, end) = selection?;
        let fill = ui.visuals().selection.bg_fill;
        let newline_width = self.geometry.font.size * NEWLINE_MARK_FACTOR;
        let mut last_line = None;
        for row in &self.laid {
            let (chunk_start, chunk_end) = (row.chunk.char_start, row.chunk.char_end());
            if end <= chunk_start || start > chunk_end {
                continue;
            }
            let local_start = start.max(chunk_start) - chunk_start;
            let local_end = end.min(chunk_end) - chunk_start;
            for span in row_spans(&row.galley, &row.boxes, local_start, local_end) {
                let rect = span.line.translate(row.origin.to_vec2());
                ui.painter().rect_filled(rect, 0.0, fill);
                last_line = Some(rect);
            }
            // The line break after a paragraph is selected too: mark it, so
            // that a selection across a blank line shows.
            let has_line_break = row.chunk.ends_paragraph && chunk_end < self.index.char_count;
            if has_line_break
                && start <= chunk_end
                && end > chunk_end
                && let Some(last_row) = row.galley.rows.last()
            {
                let x = row.origin.x + last_row.pos.x + last_row.size.x;
                let height = if row.chunk.char_len == 0 {
                    self.geometry.paragraph_gap
                } else {
                    last_row.height()
                };
                let top = row.origin.y + last_row.min_y();
                let rect = Rect::from_min_size(pos2(x, top), vec2(newline_width, height));
                ui.painter().rect_filled(rect, 0.0, fill);
                last_line = Some(rect);
            }
        }
        last_line
    }

    pub(super) fn paint_text(&self, ui: &Ui) {
        let colour = ui.visuals().text_color();
        for row in &self.laid {
            ui.painter()
                .galley(row.origin, Arc::clone(&row.galley), colour);
        }
    }

    /// Paints a rule across the column and the page's label at its right
    /// end, in the blank line above the first line of each visible page
    /// (pages are separated by a blank line, so the space is there). Each
    /// label is also a widget that screen readers and UI tests find by its
    /// text.
    pub(super) fn paint_page_breaks(&self, ui: &Ui, breaks: &[(usize, String)]) {
        if breaks.is_empty() {
            return;
        }
        let colour = ui.visuals().weak_text_color();
        let font = FontId::proportional(self.geometry.font.size * PAGE_LABEL_FACTOR);
        let left = self.geometry.left;
        let right = left + self.geometry.wrap_width;
        for row in self.laid.iter().filter(|r| r.chunk.char_len > 0) {
            let Some((_, label)) = breaks.iter().find(|(at, _)| *at == row.chunk.char_start) else {
                continue;
            };
            let y = row.origin.y - self.geometry.paragraph_gap;
            let text_rect = ui.painter().text(
                pos2(right, y),
                Align2::RIGHT_CENTER,
                label,
                font.clone(),
                colour,
            );
            ui.painter().hline(
                left..=text_rect.left() - PAGE_LABEL_GAP_POINTS,
                y,
                Stroke::new(PAGE_RULE_POINTS, colour),
            );
            let response = ui.interact(
                text_rect,
                self.inputs.id.with(("page_break", row.chunk.char_start)),
                Sense::hover(),
            );
            response.widget_info(|| WidgetInfo::labeled(Role::Label, true, label));
        }
    }

    pub(super) fn paint_underlines(&self, ui: &Ui) {
        let stroke = Stroke::new(UNDERLINE_WIDTH_POINTS, self.inputs.colours.underline);
        let offset = self.geometry.font.size * UNDERLINE_OFFSET_FACTOR;
        for segment in &self.underlines {
            ui.painter().add(wavy_line(
                segment.glyphs.x_range(),
                segment.baseline + offset,
                stroke,
            ));
        }
    }

    /// Outlines the highlight under the pointer, so it reads as clickable.
    pub(super) fn paint_hover_outline(&self, ui: &Ui, hovered: Option<usize>) {
        let Some(item) = hovered else {
            return;
        };
        let stroke = Stroke::new(
            HIGHLIGHT_HOVER_STROKE_POINTS,
            self.inputs.highlights[item].colour,
        );
        for segment in self.highlights.iter().filter(|s| s.item == item) {
            ui.painter().rect_stroke(
                padded(segment.glyphs),
                highlight_corner(),
                stroke,
                StrokeKind::Inside,
            );
        }
    }
}

fn highlight_corner() -> CornerRadius {
    CornerRadius::same(HIGHLIGHT_CORNER_POINTS)
}

/// A glyph box grown to a highlight's rect.
fn padded(glyphs: Rect) -> Rect {
    glyphs.expand2(vec2(0.0, HIGHLIGHT_PAD_POINTS))
}

/// A wavy line along `x_range` at height `y`.
fn wavy_line(x_range: Rangef, y: f32, stroke: Stroke) -> Shape {
    let half_wave = UNDERLINE_WAVE_POINTS / 2.0;
    let half_height = UNDERLINE_AMPLITUDE_POINTS / 2.0;
    let steps = ((x_range.span() / half_wave).ceil() as usize).max(1);
    let points = (0..=steps)
        .map(|step| {
            let x = (x_range.min + step as f32 * half_wave).min(x_range.max);
            let dy = if step % 2 == 0 {
                half_height
            } else {
                -half_height
            };
            pos2(x, y + dy)
        })
        .collect();
    Shape::line(points, stroke)
}
