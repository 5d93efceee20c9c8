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

use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::sync::Arc;

use egui::scroll_area::{DragScroll, ScrollSource};
use egui::text::{CCursor, CharIndex, Galley, LayoutJob, TextFormat, TextWrapping};
use egui::{
    Color32, CornerRadius, CursorIcon, Event, FontId, Id, Pos2, Rangef, Rect, Response, Role,
    ScrollArea, Sense, Shape, Stroke, StrokeKind, TextStyle, Ui, Vec2, WidgetInfo, pos2, vec2,
};

/// Longest piece of text laid out as one galley. Measured (release build,
/// egui 0.37's default font, 600 points wide): a 4 KB piece lays out in about
/// 1.2 ms, 8 KB in 2.5 ms; a 10 MB line laid out whole would freeze the
/// window for seconds.
const MAX_CHUNK_BYTES: usize = 4096;
/// A long paragraph is cut at the last whitespace in the second half of a
/// piece; a piece with no whitespace there is cut at a character boundary.
const MIN_CHUNK_BYTES: usize = MAX_CHUNK_BYTES / 2;
/// Smallest body font size for reading: egui's default body size (12.5) is
/// made for controls, not for pages of prose.
const MIN_READER_FONT_POINTS: f32 = 15.0;
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
/// Opacity of a highlight's colour, so text stays readable on it in light
/// and dark themes while two overlapping highlights still show darker.
const HIGHLIGHT_ALPHA: f32 = 0.4;
/// Rounding of highlight rects.
const HIGHLIGHT_CORNER_POINTS: u8 = 3;
/// How far a highlight rect reaches above and below the glyphs, so that
/// highlights on neighbouring lines stay apart.
const HIGHLIGHT_PAD_POINTS: f32 = 2.0;
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
/// How long a flashed range takes to fade out after a `scroll_to`.
const FLASH_SECONDS: f64 = 1.5;
/// Frames a `scroll_to` may take to settle: each frame measures the
/// paragraphs around the target, which corrects the estimated heights above it.
const MAX_SCROLL_SETTLE_FRAMES: u8 = 8;
/// A `scroll_to` has settled when the target offset moves less than this.
const SCROLL_SETTLED_POINTS: f32 = 0.5;
/// Drag-selection auto-scroll speed, in points per second for every point
/// the pointer is beyond the viewport edge.
const AUTOSCROLL_SPEED_PER_POINT: f32 = 10.0;
/// A measured height differing from the stored one by less than this is
/// not worth a tree update.
const HEIGHT_EPSILON_POINTS: f32 = 0.01;
/// Texts up to this size are hashed whole each frame to tell them apart
/// (64 KiB hash in tens of microseconds).
const FULL_HASH_MAX_BYTES: usize = 64 * 1024;
/// Larger texts are told apart by their length and this many hashed slices:
/// hashing all of 10 MB each frame would cost milliseconds.
const IDENTITY_SAMPLES: usize = 256;
/// Bytes in each hashed slice.
const IDENTITY_SAMPLE_BYTES: usize = 64;
/// Text whose glyph widths estimate the average character width.
const WIDTH_SAMPLE_TEXT: &str = "The quick brown fox jumps over the lazy dog, 1234567890.";

/// A highlighted excerpt.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    /// First character of the excerpt.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Colour of the highlight; painted semi-transparent behind the text.
    pub colour: Color32,
    /// The excerpt's id, reported back in [`ReaderOutput::clicked_highlight`].
    pub id: i64,
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
    /// A highlight was clicked (without dragging): its id.
    pub clicked_highlight: Option<i64>,
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

/// The selection as two ends: it may be empty (a caret), and either end may
/// come first.
#[derive(Clone, Copy, Debug, Default)]
struct Selection {
    /// Where the selection started (the fixed end); `None` when nothing is
    /// selected and no caret was placed.
    anchor: Option<usize>,
    /// The moving end.
    cursor: usize,
}

impl Selection {
    fn range(&self) -> Option<(usize, usize)> {
        let anchor = self.anchor?;
        let (start, end) = (anchor.min(self.cursor), anchor.max(self.cursor));
        (start < end).then_some((start, end))
    }

    /// The one place a selection is stored: the mouse, `set_selection` and
    /// the word and paragraph selections all come through here.
    fn store(&mut self, anchor: usize, cursor: usize) {
        self.anchor = Some(anchor);
        self.cursor = cursor;
    }

    /// Nothing selected, but a shift-click extends from here.
    fn place_caret(&mut self, at: usize) {
        self.store(at, at);
    }

    /// Moves the cursor end, keeping the anchor (or starting from the caret).
    fn extend_to(&mut self, at: usize) {
        let anchor = self.anchor.unwrap_or(self.cursor);
        self.store(anchor, at);
    }
}

/// Where a `scroll_to` is going.
struct PendingScroll {
    char_index: usize,
    frames_left: u8,
    /// The target's row centre inside its chunk, once the chunk was laid out.
    in_chunk_y: Option<f32>,
}

/// A range flashed after a `scroll_to`.
struct Flash {
    start: usize,
    end: usize,
    /// Set when the scroll has settled and the fade begins.
    started_at: Option<f64>,
}

/// The scroll offset that centres `pending`'s character, clamped to the content.
fn scroll_target_offset(
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

// ---------------------------------------------------------------------------
// The text index.

/// Identifies a text cheaply: its length and a hash of it (all of a small
/// text, evenly spread samples of a large one). Not its address: an app that
/// clones the text each frame must not pay for re-indexing 10 MB each frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TextKey {
    len: usize,
    hash: u64,
}

impl TextKey {
    fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut hasher = DefaultHasher::new();
        if bytes.len() <= FULL_HASH_MAX_BYTES {
            bytes.hash(&mut hasher);
        } else {
            let stride = bytes.len() / IDENTITY_SAMPLES;
            for sample in 0..IDENTITY_SAMPLES {
                let start = sample * stride;
                bytes
                    .get(start..start + IDENTITY_SAMPLE_BYTES)
                    .hash(&mut hasher);
            }
            bytes
                .get(bytes.len() - IDENTITY_SAMPLE_BYTES..)
                .hash(&mut hasher);
        }
        Self {
            len: bytes.len(),
            hash: hasher.finish(),
        }
    }
}

/// A piece of text laid out as one galley: a whole paragraph, or a piece of
/// a long one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Chunk {
    byte_start: usize,
    byte_end: usize,
    char_start: usize,
    char_len: usize,
    /// The last chunk of its paragraph (a gap follows it).
    ends_paragraph: bool,
}

impl Chunk {
    fn char_end(&self) -> usize {
        self.char_start + self.char_len
    }
}

/// A text split into chunks, with their byte and character offsets.
struct TextIndex {
    key: TextKey,
    chunks: Vec<Chunk>,
    char_count: usize,
}

impl TextIndex {
    fn build(text: &str, key: TextKey) -> Self {
        let mut chunks = Vec::new();
        let mut byte = 0;
        let mut char_start = 0;
        for paragraph in text.split('\n') {
            let chars = push_paragraph_chunks(paragraph, byte, char_start, &mut chunks);
            byte += paragraph.len() + 1;
            char_start += chars + 1;
        }
        Self {
            key,
            chunks,
            // Each paragraph but the last is followed by a '\n'.
            char_count: char_start.saturating_sub(1),
        }
    }

    /// The chunk holding `char_index`; the '\n' after a paragraph belongs to
    /// its last chunk.
    fn chunk_of_char(&self, char_index: usize) -> usize {
        self.chunks
            .partition_point(|chunk| chunk.char_start <= char_index)
            .saturating_sub(1)
    }

    /// The byte offset of `char_index` (clamped to the end of the text).
    fn byte_of_char(&self, text: &str, char_index: usize) -> usize {
        let Some(chunk) = self.chunks.get(self.chunk_of_char(char_index)) else {
            return 0;
        };
        let local = char_index.saturating_sub(chunk.char_start);
        if local >= chunk.char_len {
            return chunk.byte_end;
        }
        text.get(chunk.byte_start..chunk.byte_end)
            .and_then(|piece| piece.char_indices().nth(local))
            .map_or(chunk.byte_end, |(byte, _)| chunk.byte_start + byte)
    }

    /// The text of a character range.
    fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        let (start, end) = (self.byte_of_char(text, start), self.byte_of_char(text, end));
        text.get(start..end).unwrap_or_default()
    }

    /// The first and last chunk of the paragraph holding `chunk_index`.
    fn paragraph_of_chunk(&self, chunk_index: usize) -> (usize, usize) {
        let mut first = chunk_index;
        while first > 0
            && self
                .chunks
                .get(first - 1)
                .is_some_and(|c| !c.ends_paragraph)
        {
            first -= 1;
        }
        let mut last = chunk_index;
        while self.chunks.get(last).is_some_and(|c| !c.ends_paragraph) {
            last += 1;
        }
        (first, last.min(self.chunks.len().saturating_sub(1)))
    }
}

/// Splits one paragraph (no '\n' in it) into chunks of at most
/// [`MAX_CHUNK_BYTES`], cut after whitespace where possible. Returns the
/// paragraph's length in characters.
fn push_paragraph_chunks(
    paragraph: &str,
    byte_offset: usize,
    char_offset: usize,
    chunks: &mut Vec<Chunk>,
) -> usize {
    let mut start = 0;
    let mut chars = 0;
    loop {
        let rest = &paragraph[start..];
        let end = if rest.len() <= MAX_CHUNK_BYTES {
            paragraph.len()
        } else {
            let hard_end = paragraph.floor_char_boundary(start + MAX_CHUNK_BYTES);
            let soft_start = paragraph.floor_char_boundary(start + MIN_CHUNK_BYTES);
            paragraph[soft_start..hard_end]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(hard_end, |(byte, c)| soft_start + byte + c.len_utf8())
        };
        // A paragraph cut at a character boundary always advances: one
        // character is at most 4 bytes, far below the chunk size.
        let end = if end <= start {
            paragraph.ceil_char_boundary(start + 1)
        } else {
            end
        };
        let char_len = paragraph[start..end].chars().count();
        chunks.push(Chunk {
            byte_start: byte_offset + start,
            byte_end: byte_offset + end,
            char_start: char_offset + chars,
            char_len,
            ends_paragraph: end == paragraph.len(),
        });
        chars += char_len;
        start = end;
        if start >= paragraph.len() {
            return chars;
        }
    }
}

// ---------------------------------------------------------------------------
// Heights.

/// What chunk heights depend on; a change invalidates every measurement.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LayoutKey {
    wrap_width: f32,
    font_size: f32,
    pixels_per_point: f32,
}

/// Metrics shared by every chunk of one layout.
#[derive(Clone, Copy, Debug)]
struct Metrics {
    line_height: f32,
    paragraph_gap: f32,
    average_char_width: f32,
}

/// Height of every chunk's slot (its galley plus the gap after a paragraph):
/// measured once laid out, estimated before.
struct Heights {
    key: LayoutKey,
    slot: Vec<f32>,
    tree: Fenwick,
}

impl Heights {
    fn estimate(index: &TextIndex, key: LayoutKey, metrics: Metrics) -> Self {
        let chars_per_row = (key.wrap_width / metrics.average_char_width.max(1.0)).max(1.0);
        let slot: Vec<f32> = index
            .chunks
            .iter()
            .map(|chunk| {
                if chunk.char_len == 0 {
                    // Exact: a blank line is only a gap.
                    return metrics.paragraph_gap;
                }
                let rows = (chunk.char_len as f32 / chars_per_row).ceil().max(1.0);
                rows * metrics.line_height + gap_after(chunk, metrics)
            })
            .collect();
        let tree = Fenwick::from_values(&slot);
        Self { key, slot, tree }
    }

    /// Records a measured slot height; returns how much it changed.
    fn measure(&mut self, chunk_index: usize, height: f32) -> f32 {
        let Some(slot) = self.slot.get_mut(chunk_index) else {
            return 0.0;
        };
        let delta = height - *slot;
        if delta.abs() < HEIGHT_EPSILON_POINTS {
            return 0.0;
        }
        *slot = height;
        self.tree.add(chunk_index, f64::from(delta));
        delta
    }
}

fn gap_after(chunk: &Chunk, metrics: Metrics) -> f32 {
    if chunk.ends_paragraph {
        metrics.paragraph_gap
    } else {
        0.0
    }
}

/// Prefix sums of chunk heights with O(log n) update, prefix and search.
/// `f64`: a 10 MB source is millions of points tall.
#[derive(Clone, Debug)]
struct Fenwick {
    /// 1-based: `tree[i]` sums the `i & -i` values ending at value `i - 1`.
    tree: Vec<f64>,
}

impl Fenwick {
    fn from_values(values: &[f32]) -> Self {
        let n = values.len();
        let mut tree = vec![0.0; n + 1];
        for i in 1..=n {
            tree[i] += f64::from(values[i - 1]);
            let parent = i + (i & i.wrapping_neg());
            if parent <= n {
                tree[parent] += tree[i];
            }
        }
        Self { tree }
    }

    fn len(&self) -> usize {
        self.tree.len() - 1
    }

    fn add(&mut self, index: usize, delta: f64) {
        let mut i = index + 1;
        while i < self.tree.len() {
            self.tree[i] += delta;
            i += i & i.wrapping_neg();
        }
    }

    /// Sum of the first `count` values: the top of value `count`.
    fn prefix(&self, count: usize) -> f64 {
        let mut i = count.min(self.len());
        let mut sum = 0.0;
        while i > 0 {
            sum += self.tree[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }

    fn total(&self) -> f64 {
        self.prefix(self.len())
    }

    /// The value whose span `[prefix(i), prefix(i + 1))` holds `y`, clamped
    /// to the first and last value.
    fn find(&self, y: f64) -> usize {
        let n = self.len();
        if n == 0 {
            return 0;
        }
        let mut position = 0;
        let mut remaining = y;
        let mut step = 1 << (usize::BITS - 1 - n.leading_zeros());
        while step > 0 {
            let next = position + step;
            if next <= n && self.tree[next] <= remaining {
                position = next;
                remaining -= self.tree[next];
            }
            step >>= 1;
        }
        position.min(n - 1)
    }
}

// ---------------------------------------------------------------------------
// Laid-out rows.

/// A visible chunk, laid out this frame.
struct Laid {
    chunk_index: usize,
    chunk: Chunk,
    galley: Arc<Galley>,
    /// Screen position of the galley's top-left corner.
    origin: Pos2,
    /// Screen height of the chunk's slot (galley plus gap).
    slot_height: f32,
}

/// The part of one galley row covered by a character range.
#[derive(Clone, Copy, Debug)]
struct RowSpan {
    /// Row index in the galley.
    row: usize,
    /// The whole line box (line height tall).
    line: Rect,
    /// The glyphs' box (font height tall).
    glyphs: Rect,
    /// The baseline's y.
    baseline: f32,
}

/// The row spans of `start..end` (characters local to the galley), in
/// galley coordinates.
fn row_spans(galley: &Galley, start: usize, end: usize) -> Vec<RowSpan> {
    let mut spans = Vec::new();
    let mut row_start = 0;
    for (row_index, row) in galley.rows.iter().enumerate() {
        let row_len = row.glyphs.len();
        let row_end = row_start + row_len;
        let (from, to) = (start.max(row_start), end.min(row_end));
        if from < to {
            let x_from = row.pos.x + row.x_offset(CharIndex(from - row_start));
            let x_to = row.pos.x + row.x_offset(CharIndex(to - row_start));
            let line = Rect::from_x_y_ranges(x_from..=x_to, row.min_y()..=row.max_y());
            let (glyph_top, glyph_bottom, baseline) = row.glyphs.get(from - row_start).map_or(
                (row.min_y(), row.max_y(), row.max_y()),
                |glyph| {
                    let top = row.pos.y + glyph.pos.y - glyph.font_ascent;
                    (top, top + glyph.font_height, row.pos.y + glyph.pos.y)
                },
            );
            spans.push(RowSpan {
                row: row_index,
                line,
                glyphs: Rect::from_x_y_ranges(x_from..=x_to, glyph_top..=glyph_bottom),
                baseline,
            });
        }
        if row_end >= end {
            break;
        }
        row_start = row_end + usize::from(row.ends_with_newline);
    }
    spans
}

/// A highlight or underline's span on screen.
struct Segment {
    /// Index into the `highlights` or `underlines` slice.
    item: usize,
    /// The span in screen coordinates.
    line: Rect,
    glyphs: Rect,
    baseline: f32,
    response: Response,
}

/// Screen spans of `start..end` (global characters) over the laid-out chunks,
/// tagged with the chunk they are in.
fn screen_spans(laid: &[Laid], start: usize, end: usize) -> Vec<(usize, RowSpan, Vec2)> {
    let mut out = Vec::new();
    for row in laid {
        let (chunk_start, chunk_end) = (row.chunk.char_start, row.chunk.char_end());
        if end <= chunk_start || start >= chunk_end {
            continue;
        }
        let local_start = start.max(chunk_start) - chunk_start;
        let local_end = end.min(chunk_end) - chunk_start;
        for span in row_spans(&row.galley, local_start, local_end) {
            out.push((row.chunk_index, span, row.origin.to_vec2()));
        }
    }
    out
}

/// The character position (caret) nearest to a screen point.
fn char_at(laid: &[Laid], pos: Pos2) -> Option<usize> {
    let row = laid
        .iter()
        .find(|row| pos.y < row.origin.y + row.slot_height)
        .or_else(|| laid.last())?;
    let local = row
        .galley
        .cursor_from_pos(pos - row.origin)
        .index
        .0
        .min(row.chunk.char_len);
    Some(row.chunk.char_start + local)
}

/// The text a chunk shows: control characters (tab, carriage return) become
/// spaces so that each character keeps exactly one glyph.
fn display_text(text: &str, chunk: &Chunk) -> String {
    let piece = text
        .get(chunk.byte_start..chunk.byte_end)
        .unwrap_or_default();
    if piece.chars().any(char::is_control) {
        piece
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    } else {
        piece.to_owned()
    }
}

// ---------------------------------------------------------------------------
// Words.

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Word,
    Space,
    Other,
}

fn class_at(chars: &[char], i: usize) -> CharClass {
    let c = chars[i];
    let is_apostrophe = matches!(c, '\'' | '\u{2019}');
    let between_letters = || {
        i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
    };
    if c.is_alphanumeric() || c == '_' || (is_apostrophe && between_letters()) {
        CharClass::Word
    } else if c.is_whitespace() {
        CharClass::Space
    } else {
        CharClass::Other
    }
}

/// The word around caret position `at` (local character indices): a run of
/// letters and digits (with inner apostrophes: "Putin’s"), a run of
/// whitespace, or one punctuation character.
fn word_range(chars: &[char], at: usize) -> (usize, usize) {
    if chars.is_empty() {
        return (0, 0);
    }
    let at = at.min(chars.len());
    // Prefer the character after the caret, unless that is not part of a
    // word and the one before is (a double-click just past a word's end).
    let i = if at == chars.len()
        || (class_at(chars, at) != CharClass::Word
            && at > 0
            && class_at(chars, at - 1) == CharClass::Word)
    {
        at - 1
    } else {
        at
    };
    let class = class_at(chars, i);
    if class == CharClass::Other {
        return (i, i + 1);
    }
    let mut start = i;
    while start > 0 && class_at(chars, start - 1) == class {
        start -= 1;
    }
    let mut end = i + 1;
    while end < chars.len() && class_at(chars, end) == class {
        end += 1;
    }
    (start, end)
}

// ---------------------------------------------------------------------------
// The widget.

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
    view.copy_selection(ui, selection);

    view.paint_highlights(ui);
    view.paint_flash(ui, flash, pending_scroll.is_none());
    output.selection = selection.range();
    output.selection_rect = view.paint_selection(ui, output.selection);
    view.paint_text(ui);
    view.paint_underlines(ui);
    view.paint_hover_outline(ui, hover.highlight);
    output
}

/// Where the text goes this frame.
struct Geometry {
    font: FontId,
    line_height: f32,
    paragraph_gap: f32,
    wrap_width: f32,
    /// Width of the scrolled content (the column is centred in it).
    content_width: f32,
    /// Screen x of the text column's left edge.
    left: f32,
    /// Screen y of the content's top: above the viewport once scrolled.
    content_top: f32,
    /// The visible part of the content, in screen coordinates.
    clip: Rect,
}

impl Geometry {
    fn new(ui: &Ui, font: &FontId) -> Self {
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

    fn key(&self, ui: &Ui) -> LayoutKey {
        LayoutKey {
            wrap_width: self.wrap_width,
            font_size: self.font.size,
            pixels_per_point: ui.pixels_per_point(),
        }
    }

    fn metrics(&self, ui: &Ui) -> Metrics {
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
    fn visible_top(&self) -> f32 {
        (self.clip.top() - self.content_top).max(0.0)
    }

    /// Bottom of the viewport, in content coordinates.
    fn visible_bottom(&self) -> f32 {
        self.clip.bottom() - self.content_top
    }

    /// Height of a chunk's slot once laid out.
    fn slot_height(&self, chunk: &Chunk, galley: &Galley) -> f32 {
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
fn lay_out_visible(
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
        });
        y += slot_height;
        chunk_index += 1;
    }
    laid
}

/// Ends a pending `scroll_to` once its target offset stops moving (each
/// frame measures the chunks around it, which refines the estimate).
fn settle_pending_scroll(
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
        let rect = row.galley.pos_from_cursor(CCursor::new(local));
        pending.in_chunk_y = Some(rect.center().y);
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

/// What the pointer is exactly over (indices into the highlights and
/// underlines slices).
struct Hover {
    highlight: Option<usize>,
    underline: Option<usize>,
}

/// One frame's laid-out view: what the pointer and the painter work on.
struct View<'a> {
    inputs: &'a Inputs<'a>,
    index: &'a TextIndex,
    geometry: Geometry,
    laid: Vec<Laid>,
    /// Longest first, so that a shorter overlapping highlight is on top.
    highlights: Vec<Segment>,
    underlines: Vec<Segment>,
    /// The text area's response.
    main: Response,
}

impl<'a> View<'a> {
    fn new(
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
                (start, end, h.id.cast_unsigned(), &h.label, Role::Button)
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
    fn hover(&self, ui: &Ui) -> Hover {
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
    fn handle_pointer(&self, ui: &Ui, selection: &mut Selection, output: &mut ReaderOutput) {
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
                let chars: Vec<char> = display_text(self.inputs.text, &row.chunk).chars().collect();
                let (start, end) = word_range(&chars, char_index - row.chunk.char_start);
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

        if self.main.drag_started() {
            if let Some(origin) = ui.input(|i| i.pointer.press_origin())
                && let Some(char_index) = char_at(&self.laid, origin)
            {
                if shift {
                    selection.extend_to(char_index);
                } else {
                    selection.place_caret(char_index);
                }
            }
            self.main.request_focus();
        }
        if (self.main.dragged() || self.main.drag_stopped())
            && let Some(pos) = self.main.interact_pointer_pos()
        {
            if let Some(char_index) = char_at(&self.laid, pos)
                && selection.anchor.is_some()
            {
                selection.extend_to(char_index);
            }
            if self.main.dragged() {
                self.autoscroll(ui, pos);
            }
        }
    }

    /// While drag-selecting beyond the top or bottom edge, scroll that way,
    /// faster the further the pointer is out.
    fn autoscroll(&self, ui: &Ui, pos: Pos2) {
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
    fn copy_selection(&self, ui: &Ui, selection: &Selection) {
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

    fn paint_highlights(&self, ui: &Ui) {
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
    fn paint_flash(&self, ui: &Ui, flash: &mut Option<Flash>, may_start: bool) {
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
    fn paint_selection(&self, ui: &Ui, selection: Option<(usize, usize)>) -> Option<Rect> {
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
            for span in row_spans(&row.galley, local_start, local_end) {
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

    fn paint_text(&self, ui: &Ui) {
        let colour = ui.visuals().text_color();
        for row in &self.laid {
            ui.painter()
                .galley(row.origin, Arc::clone(&row.galley), colour);
        }
    }

    fn paint_underlines(&self, ui: &Ui) {
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
    fn paint_hover_outline(&self, ui: &Ui, hovered: Option<usize>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> TextIndex {
        TextIndex::build(text, TextKey::of(text))
    }

    #[test]
    fn chunks_cover_the_text_in_characters_and_bytes() {
        let text = "Putin’s visit — a summit.\n\nSecond paragraph\nthird";
        let index = index(text);
        assert_eq!(index.char_count, text.chars().count());
        assert_eq!(index.chunks.len(), 4);
        let chars: Vec<char> = text.chars().collect();
        for chunk in &index.chunks {
            let piece = &text[chunk.byte_start..chunk.byte_end];
            let by_chars: String = chars[chunk.char_start..chunk.char_end()].iter().collect();
            assert_eq!(piece, by_chars);
            assert!(chunk.ends_paragraph);
        }
        assert_eq!(index.chunks[1].char_len, 0);
    }

    #[test]
    fn long_lines_are_cut_at_whitespace_into_bounded_chunks() {
        let text = "word’s ".repeat(5000);
        let index = index(&text);
        assert!(index.chunks.len() > 1);
        let mut next_char = 0;
        let mut next_byte = 0;
        for (i, chunk) in index.chunks.iter().enumerate() {
            assert!(chunk.byte_end - chunk.byte_start <= MAX_CHUNK_BYTES);
            assert_eq!(chunk.char_start, next_char);
            assert_eq!(chunk.byte_start, next_byte);
            let piece = &text[chunk.byte_start..chunk.byte_end];
            assert_eq!(piece.chars().count(), chunk.char_len);
            if i + 1 < index.chunks.len() {
                assert!(piece.ends_with(' '), "cut inside a word: {piece:?}");
                assert!(!chunk.ends_paragraph);
            }
            next_char = chunk.char_end();
            next_byte = chunk.byte_end;
        }
        assert_eq!(next_char, index.char_count);
        assert!(index.chunks.last().is_some_and(|c| c.ends_paragraph));
    }

    #[test]
    fn a_line_with_no_whitespace_is_cut_at_character_boundaries() {
        let text = "—".repeat(10_000);
        let index = index(&text);
        let total: usize = index.chunks.iter().map(|c| c.char_len).sum();
        assert_eq!(total, 10_000);
        assert!(
            index
                .chunks
                .iter()
                .all(|c| text.is_char_boundary(c.byte_end))
        );
    }

    #[test]
    fn char_offsets_map_to_bytes_and_back() {
        let text = "a’b\n—c\n\nd";
        let index = index(text);
        for (char_index, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.byte_of_char(text, char_index), byte);
        }
        assert_eq!(index.byte_of_char(text, index.char_count), text.len());
        assert_eq!(index.slice(text, 1, 5), "’b\n—");
    }

    #[test]
    fn fenwick_prefix_and_find_agree() {
        let values: Vec<f32> = (0..1000).map(|i| (i % 7 + 1) as f32 * 3.5).collect();
        let mut tree = Fenwick::from_values(&values);
        tree.add(10, 5.0);
        let mut values = values;
        values[10] += 5.0;
        let mut sum = 0.0;
        for (i, value) in values.iter().enumerate() {
            assert!((tree.prefix(i) - sum).abs() < 1e-6);
            assert_eq!(tree.find(sum), i);
            assert_eq!(tree.find(sum + f64::from(*value) * 0.5), i);
            sum += f64::from(*value);
        }
        assert_eq!(tree.find(sum + 100.0), values.len() - 1);
        assert_eq!(tree.find(-1.0), 0);
    }

    #[test]
    fn word_range_finds_words_with_inner_apostrophes() {
        let chars: Vec<char> = "Putin’s visit, now.".chars().collect();
        assert_eq!(word_range(&chars, 2), (0, 7));
        assert_eq!(word_range(&chars, 7), (0, 7));
        assert_eq!(word_range(&chars, 9), (8, 13));
        assert_eq!(word_range(&chars, 19), (18, 19));
        assert_eq!(word_range(&[], 0), (0, 0));
    }
}
