//! Laying out the visible chunks (egui galleys) and finding text on screen:
//! the rows a character range covers, and the character under a point.

use std::sync::Arc;

use egui::text::{Galley, LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, FontId, Pos2, Rect, Ui, Vec2, pos2};

use super::Inputs;
use super::boxes::{RowBoxes, caret_in_row, char_boxes, char_under, x_range};
use super::heights::{Heights, LayoutKey, Metrics};
use super::scroll::{PendingScroll, scroll_target_offset};
use super::selection::Hit;
use super::text::{Chunk, TextIndex, display_text};

/// Line height as a multiple of the font size: 1.5 is the usual
/// recommendation for long-form reading.
const LINE_HEIGHT_FACTOR: f32 = 1.5;
/// Space after a paragraph, and the height of a blank line, in font sizes.
const PARAGRAPH_GAP_FACTOR: f32 = 0.6;
/// Widest text column, in font sizes: about 80 characters a line, beyond
/// which lines become hard to follow.
const READABLE_MEASURE_FACTOR: f32 = 40.0;
/// Narrowest wrap width, so a squeezed panel still lays out words.
const MIN_WRAP_WIDTH_POINTS: f32 = 40.0;

/// A `scroll_to` has settled when the target offset moves less than this.
const SCROLL_SETTLED_POINTS: f32 = 0.5;

/// Text whose glyph widths estimate the average character width.
const WIDTH_SAMPLE_TEXT: &str = "The quick brown fox jumps over the lazy dog, 1234567890.";

/// A visible chunk, laid out this frame.
pub(super) struct Laid {
    pub(super) chunk_index: usize,
    pub(super) chunk: Chunk,
    pub(super) galley: Arc<Galley>,
    /// Screen position of the galley's top-left corner.
    pub(super) origin: Pos2,
    /// Screen height of the chunk's slot (galley plus gap).
    pub(super) slot_height: f32,
    /// Each character's box, row by row (see [`boxes`](super::boxes)).
    pub(super) boxes: Vec<RowBoxes>,
}

/// The part of one galley row covered by a character range.
#[derive(Clone, Copy, Debug)]
pub(super) struct RowSpan {
    /// Row index in the galley.
    pub(super) row: usize,
    /// The whole line box (line height tall).
    pub(super) line: Rect,
    /// The glyphs' box (font height tall).
    pub(super) glyphs: Rect,
    /// The baseline's y.
    pub(super) baseline: f32,
}

/// The row spans of `start..end` (characters local to the galley), in
/// galley coordinates.
pub(super) fn row_spans(
    galley: &Galley,
    boxes: &[RowBoxes],
    start: usize,
    end: usize,
) -> Vec<RowSpan> {
    let mut spans = Vec::new();
    for (row_index, (placed, row)) in galley.rows.iter().zip(boxes).enumerate() {
        if let Some((x_from, x_to, glyph)) = x_range(row, start, end) {
            let line = Rect::from_x_y_ranges(x_from..=x_to, placed.min_y()..=placed.max_y());
            let (glyph_top, glyph_bottom, baseline) = placed.glyphs.get(glyph).map_or(
                (placed.min_y(), placed.max_y(), placed.max_y()),
                |glyph| {
                    let top = placed.pos.y + glyph.pos.y - glyph.font_ascent;
                    (top, top + glyph.font_height, placed.pos.y + glyph.pos.y)
                },
            );
            spans.push(RowSpan {
                row: row_index,
                line,
                glyphs: Rect::from_x_y_ranges(x_from..=x_to, glyph_top..=glyph_bottom),
                baseline,
            });
        }
        if row.end() >= end {
            break;
        }
    }
    spans
}

/// Screen spans of `start..end` (global characters) over the laid-out chunks,
/// tagged with the chunk they are in.
pub(super) fn screen_spans(laid: &[Laid], start: usize, end: usize) -> Vec<(usize, RowSpan, Vec2)> {
    let mut out = Vec::new();
    for row in laid {
        let (chunk_start, chunk_end) = (row.chunk.char_start, row.chunk.char_end());
        if end <= chunk_start || start >= chunk_end {
            continue;
        }
        let local_start = start.max(chunk_start) - chunk_start;
        let local_end = end.min(chunk_end) - chunk_start;
        for span in row_spans(&row.galley, &row.boxes, local_start, local_end) {
            out.push((row.chunk_index, span, row.origin.to_vec2()));
        }
    }
    out
}

/// The laid-out chunk a screen point is in (by its y), as an index into
/// `laid`.
fn laid_at(laid: &[Laid], pos: Pos2) -> Option<usize> {
    laid.iter()
        .position(|row| pos.y < row.origin.y + row.slot_height)
        .or_else(|| laid.len().checked_sub(1))
}

/// The galley row nearest to `y` (galley coordinates), or `None` above
/// the first row's margin (`Some(rows)` below the last one's).
fn galley_row_at(galley: &Galley, y: f32) -> Option<usize> {
    // As egui's own text edit: a point a little above the text is in it.
    const MARGIN_POINTS: f32 = 5.0;
    let first = galley.rows.first()?;
    if y < first.min_y() - MARGIN_POINTS {
        return None;
    }
    let mut best = (f32::INFINITY, 0);
    for (i, row) in galley.rows.iter().enumerate() {
        if (row.min_y()..=row.max_y()).contains(&y) {
            return Some(i);
        }
        let distance = (row.min_y() - y).abs().min((row.max_y() - y).abs());
        if distance < best.0 {
            best = (distance, i);
        }
    }
    if galley
        .rows
        .last()
        .is_some_and(|last| y > last.max_y() + MARGIN_POINTS)
    {
        return Some(galley.rows.len());
    }
    Some(best.1)
}

/// The caret nearest to a point in one laid-out chunk (local characters).
fn caret_in(row: &Laid, local: egui::Vec2) -> usize {
    let caret = match galley_row_at(&row.galley, local.y) {
        None => 0,
        Some(r) => row
            .boxes
            .get(r)
            .map_or(row.chunk.char_len, |boxes| caret_in_row(boxes, local.x)),
    };
    caret.min(row.chunk.char_len)
}

/// The character position (caret) nearest to a screen point.
pub(super) fn char_at(laid: &[Laid], pos: Pos2) -> Option<usize> {
    let row = &laid[laid_at(laid, pos)?];
    Some(row.chunk.char_start + caret_in(row, pos - row.origin))
}

/// Where a screen point falls in the laid-out chunks: which one (index
/// into `laid`), the caret nearest to it and the character under it.
pub(super) fn hit_at(laid: &[Laid], pos: Pos2) -> Option<(usize, Hit)> {
    let index = laid_at(laid, pos)?;
    let row = &laid[index];
    let local = pos - row.origin;
    let caret = caret_in(row, local);
    // The character whose box holds x, on the row whose line box holds y.
    let under = row
        .galley
        .rows
        .iter()
        .zip(&row.boxes)
        .find(|(placed, _)| (placed.min_y()..=placed.max_y()).contains(&local.y))
        .and_then(|(_, boxes)| char_under(boxes, local.x))
        .filter(|i| *i < row.chunk.char_len);
    Some((index, Hit { caret, under }))
}

/// The y of a character's row centre (galley coordinates).
fn y_of_char(row: &Laid, local: usize) -> Option<f32> {
    let r = row
        .boxes
        .iter()
        .position(|b| local <= b.end())
        .or_else(|| row.boxes.len().checked_sub(1))?;
    row.galley
        .rows
        .get(r)
        .map(|placed| placed.rect().center().y)
}

/// Where the text goes this frame.
pub(super) struct Geometry {
    pub(super) font: FontId,
    pub(super) line_height: f32,
    pub(super) paragraph_gap: f32,
    pub(super) wrap_width: f32,
    /// Width of the scrolled content (the column is centred in it).
    pub(super) content_width: f32,
    /// Screen x of the text column's left edge.
    pub(super) left: f32,
    /// Screen y of the content's top: above the viewport once scrolled.
    pub(super) content_top: f32,
    /// The visible part of the content, in screen coordinates.
    pub(super) clip: Rect,
}

impl Geometry {
    pub(super) fn new(ui: &Ui, font: &FontId) -> Self {
        let content_width = ui.available_width();
        let wrap_width = content_width
            .min(READABLE_MEASURE_FACTOR * font.size)
            .max(MIN_WRAP_WIDTH_POINTS);
        let max_rect = ui.max_rect();
        Self {
            font: font.clone(),
            line_height: (font.size * LINE_HEIGHT_FACTOR).round(),
            paragraph_gap: (font.size * PARAGRAPH_GAP_FACTOR).round(),
            wrap_width,
            content_width,
            left: max_rect.left() + ((content_width - wrap_width) / 2.0).max(0.0),
            content_top: max_rect.top(),
            clip: ui.clip_rect(),
        }
    }

    pub(super) fn key(&self, ui: &Ui) -> LayoutKey {
        LayoutKey {
            wrap_width: self.wrap_width,
            font_size: self.font.size,
            pixels_per_point: ui.pixels_per_point(),
        }
    }

    pub(super) fn metrics(&self, ui: &Ui) -> Metrics {
        let average_char_width = ui.painter().fonts_mut(|fonts| {
            WIDTH_SAMPLE_TEXT
                .chars()
                .map(|c| fonts.glyph_width(&self.font, c))
                .sum::<f32>()
                / WIDTH_SAMPLE_TEXT.chars().count() as f32
        });
        Metrics {
            line_height: self.line_height,
            paragraph_gap: self.paragraph_gap,
            average_char_width,
        }
    }

    /// Top of the viewport, in content coordinates.
    pub(super) fn visible_top(&self) -> f32 {
        (self.clip.top() - self.content_top).max(0.0)
    }

    /// Bottom of the viewport, in content coordinates.
    pub(super) fn visible_bottom(&self) -> f32 {
        self.clip.bottom() - self.content_top
    }

    /// Height of a chunk's slot once laid out.
    pub(super) fn slot_height(&self, chunk: &Chunk, galley: &Galley) -> f32 {
        if chunk.char_len == 0 {
            self.paragraph_gap
        } else if chunk.ends_paragraph {
            galley.size().y + self.paragraph_gap
        } else {
            galley.size().y
        }
    }
}

/// Lays out the chunks inside the viewport, recording their measured heights.
pub(super) fn lay_out_visible(
    ui: &Ui,
    inputs: &Inputs<'_>,
    index: &TextIndex,
    heights: &mut Heights,
    geometry: &Geometry,
) -> Vec<Laid> {
    let visible_top = geometry.visible_top();
    let first = heights.tree.find(f64::from(visible_top));
    let mut y = heights.tree.prefix(first) as f32;
    let mut laid = Vec::new();
    let mut chunk_index = first;
    while let Some(&chunk) = index.chunks.get(chunk_index)
        && y < geometry.visible_bottom()
    {
        let mut job = LayoutJob::single_section(
            display_text(inputs.text, &chunk),
            TextFormat {
                font_id: geometry.font.clone(),
                line_height: Some(geometry.line_height),
                color: Color32::PLACEHOLDER,
                ..TextFormat::default()
            },
        );
        job.wrap = TextWrapping::wrap_at_width(geometry.wrap_width);
        let galley = ui.painter().layout_job(job);
        let boxes = char_boxes(&galley, &galley.job.text);
        let slot_height = geometry.slot_height(&chunk, &galley);
        let delta = heights.measure(chunk_index, slot_height);
        if chunk_index == first && y < visible_top && inputs.scroll_applied.is_none() {
            // Scrolling up into a chunk laid out for the first time: keep its
            // bottom (and everything below it, already on screen) in place,
            // and move the scroll offset to match from the next frame on.
            let old_bottom = y + slot_height - delta;
            let top = (old_bottom - slot_height).min(visible_top);
            let correction = y - top;
            if correction != 0.0 {
                ui.scroll_with_delta(Vec2::new(0.0, -correction));
            }
            y = top;
        }
        laid.push(Laid {
            chunk_index,
            chunk,
            galley,
            origin: pos2(geometry.left, geometry.content_top + y),
            slot_height,
            boxes,
        });
        y += slot_height;
        chunk_index += 1;
    }
    laid
}

/// Ends a pending `scroll_to` once its target offset stops moving (each
/// frame measures the chunks around it, which refines the estimate).
pub(super) fn settle_pending_scroll(
    ui: &Ui,
    pending_scroll: &mut Option<PendingScroll>,
    index: &TextIndex,
    heights: &Heights,
    laid: &[Laid],
    inputs: &Inputs<'_>,
) {
    let Some(pending) = pending_scroll.as_mut() else {
        return;
    };
    let target = pending.char_index.min(index.char_count);
    let target_chunk = index.chunk_of_char(target);
    if let Some(row) = laid.iter().find(|row| row.chunk_index == target_chunk) {
        let local = target - row.chunk.char_start;
        pending.in_chunk_y = y_of_char(row, local);
    }
    let settled = inputs.scroll_applied.is_some_and(|applied| {
        let next = scroll_target_offset(index, heights, pending, inputs.viewport_height);
        (next - applied).abs() < SCROLL_SETTLED_POINTS
    });
    pending.frames_left = pending.frames_left.saturating_sub(1);
    if settled || pending.frames_left == 0 {
        *pending_scroll = None;
    } else {
        ui.ctx().request_repaint();
    }
}
