//! Where a `scroll_to` is going, and the flash that marks its passage:
//! the scroll offset that centres a character, from the heights known so
//! far. Pure: no egui.

use super::heights::Heights;
use super::text::TextIndex;

/// Frames a `scroll_to` may take to settle: each frame measures the
/// paragraphs around the target, which corrects the estimated heights above it.
pub(super) const MAX_SCROLL_SETTLE_FRAMES: u8 = 8;

/// Where a `scroll_to` is going.
pub(super) struct PendingScroll {
    pub(super) char_index: usize,
    pub(super) frames_left: u8,
    /// The target's row centre inside its chunk, once the chunk was laid out.
    pub(super) in_chunk_y: Option<f32>,
}

/// A range flashed after a `scroll_to`.
pub(super) struct Flash {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Set when the scroll has settled and the fade begins.
    pub(super) started_at: Option<f64>,
}

/// The scroll offset that centres `pending`'s character, clamped to the content.
pub(super) fn scroll_target_offset(
    index: &TextIndex,
    heights: &Heights,
    pending: &PendingScroll,
    viewport_height: f32,
) -> f32 {
    let char_index = pending.char_index.min(index.char_count);
    let chunk_index = index.chunk_of_char(char_index);
    let top = heights.tree.prefix(chunk_index) as f32;
    let in_chunk = pending.in_chunk_y.unwrap_or_else(|| {
        // Not laid out yet: assume the characters are spread evenly.
        let chunk = &index.chunks[chunk_index];
        let fraction = if chunk.char_len == 0 {
            0.0
        } else {
            (char_index - chunk.char_start) as f32 / chunk.char_len as f32
        };
        fraction * heights.slot[chunk_index]
    });
    let max_offset = (heights.tree.total() as f32 - viewport_height).max(0.0);
    (top + in_chunk - viewport_height / 2.0).clamp(0.0, max_offset)
}
