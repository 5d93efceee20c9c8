//! Each character's box on screen, in the text's (logical) order.
//!
//! egui promises one glyph per character, in order, and the reader's
//! selection relies on it. egui 0.37 breaks the promise for right-to-left
//! text (Arabic, Hebrew): a run shaped right to left comes out in visual
//! order and is followed by one zero-width "continuation" glyph for every
//! character but its first, so every character after an Arabic word was
//! off by the word's length less one: the stored quote was not what the
//! screen showed selected. The boxes here undo that: a right-to-left run's
//! visual glyphs are matched back to its characters (the last character is
//! drawn leftmost), and its continuation glyphs are dropped. Text without
//! right-to-left runs maps glyph for character, as before. (An Arabic word
//! that egui breaks across two lines — glued to other text, or wider than
//! the line — is wrapped in visual order and maps one to one: rare, and
//! beyond repair here.)

use egui::Galley;

/// One character's box, in galley coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct CharBox {
    /// Left and right edge of its advance.
    pub(super) x_min: f32,
    pub(super) x_max: f32,
    /// Read right to left: its caret "after" is on its left.
    pub(super) rtl: bool,
    /// The glyph drawn for it (its metrics give the line's ascent).
    pub(super) glyph: usize,
}

/// The boxes of one galley row, for characters `first..first + boxes.len()`
/// (local to the chunk).
#[derive(Clone, Debug, Default)]
pub(super) struct RowBoxes {
    pub(super) first: usize,
    pub(super) boxes: Vec<CharBox>,
}

impl RowBoxes {
    pub(super) fn end(&self) -> usize {
        self.first + self.boxes.len()
    }
}

/// True for the scripts written right to left (Hebrew, Arabic, Syriac,
/// Thaana, NKo, Samaritan, Mandaic and their presentation forms).
pub(super) fn is_rtl(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x1_0800..=0x1_0FFF | 0x1_E800..=0x1_EFFF)
}

/// Characters that ride along in a right-to-left run (its marks and
/// joiners, which the shaper keeps in the run).
fn joins_rtl_run(c: char) -> bool {
    is_rtl(c) || matches!(c as u32, 0x0300..=0x036F | 0x200C | 0x200D)
}

/// The boxes of every row of `galley`, laid out from `text`.
pub(super) fn char_boxes(galley: &Galley, text: &str) -> Vec<RowBoxes> {
    let chars: Vec<char> = text.chars().collect();
    let mut rows = Vec::with_capacity(galley.rows.len());
    let mut at = 0;
    for placed in &galley.rows {
        let glyphs = &placed.glyphs;
        let x0 = placed.pos.x;
        let mut row = RowBoxes {
            first: at,
            boxes: Vec::with_capacity(glyphs.len()),
        };
        let mut g = 0;
        while g < glyphs.len() && at < chars.len() {
            if joins_rtl_run(chars[at])
                && let Some((boxes, used)) = rtl_run(&chars[at..], &glyphs[g..], x0, g)
            {
                at += boxes.len();
                row.boxes.extend(boxes);
                g += used;
                continue;
            }
            let glyph = &glyphs[g];
            row.boxes.push(CharBox {
                x_min: x0 + glyph.pos.x,
                x_max: x0 + glyph.max_x(),
                rtl: false,
                glyph: g,
            });
            at += 1;
            g += 1;
        }
        // Glyphs start on whole pixels but advance by fractions: a box
        // ends where the next one (to its right) starts, so that no point
        // is in two boxes, and no point between two touching glyphs is in
        // none (the sub-pixel gap the rounding leaves after "e" in "é—"
        // belongs to the "é", not to nothing and then to the dash).
        // (Zero-width boxes — combining marks drawn over their letter —
        // take no room and cut nothing.)
        let mut visual: Vec<usize> = (0..row.boxes.len())
            .filter(|&i| row.boxes[i].x_max > row.boxes[i].x_min)
            .collect();
        visual.sort_by(|&a, &b| row.boxes[a].x_min.total_cmp(&row.boxes[b].x_min));
        for pair in visual.windows(2) {
            let next_start = row.boxes[pair[1]].x_min;
            let left = &mut row.boxes[pair[0]];
            let rounding_gap = next_start > left.x_max && next_start - left.x_max < 1.0;
            if (left.x_max > next_start || rounding_gap) && next_start > left.x_min {
                left.x_max = next_start;
            }
        }
        // A combining mark sits on its letter: its zero-width box is kept
        // inside the letter's, or the cluster's hull would reach over the
        // next glyph (in "é—" egui can place the accent a pixel right of
        // where the dash starts).
        for i in 1..row.boxes.len() {
            let (base, mark) = (row.boxes[i - 1], row.boxes[i]);
            if mark.x_max <= mark.x_min && !mark.rtl && !base.rtl {
                let x = mark.x_min.clamp(base.x_min, base.x_max);
                row.boxes[i].x_min = x;
                row.boxes[i].x_max = x;
            }
        }
        at += usize::from(placed.ends_with_newline);
        rows.push(row);
    }
    rows
}

/// A right-to-left run at the start of `chars`, as egui lays it out: its
/// visual glyphs, then a zero-width continuation glyph for each character
/// after its first. Returns the characters' boxes and the glyphs used, or
/// `None` when the glyphs do not show that pattern (then they map one to
/// one).
fn rtl_run(
    chars: &[char],
    glyphs: &[egui::epaint::text::Glyph],
    x0: f32,
    glyph_offset: usize,
) -> Option<(Vec<CharBox>, usize)> {
    let n = chars.iter().take_while(|c| joins_rtl_run(**c)).count();
    // Combining marks alone ("Ǻ" after its "A") are no right-to-left run.
    if n < 2 || !chars[..n].iter().any(|c| is_rtl(*c)) {
        return None;
    }
    let continuation = &chars[1..n];
    // The continuation block: n − 1 zero-width glyphs reading chars[1..n].
    let start = (1..glyphs.len()).find(|&j| {
        glyphs.len() >= j + continuation.len()
            && glyphs[j..j + continuation.len()]
                .iter()
                .zip(continuation)
                .all(|(g, c)| g.chr == *c && g.advance_width == 0.0)
    })?;
    let visual = &glyphs[..start];
    let boxes = if visual.len() == n {
        // One glyph per character: the last character is drawn leftmost.
        (0..n)
            .map(|i| {
                let k = n - 1 - i;
                CharBox {
                    x_min: x0 + visual[k].pos.x,
                    x_max: x0 + visual[k].max_x(),
                    rtl: true,
                    glyph: glyph_offset + k,
                }
            })
            .collect()
    } else {
        // Ligatures: share the run's width out, right to left.
        let left = visual.iter().map(|g| g.pos.x).fold(f32::INFINITY, f32::min);
        let right = visual
            .iter()
            .map(|g| g.max_x())
            .fold(f32::NEG_INFINITY, f32::max);
        let width = (right - left).max(0.0) / n as f32;
        (0..n)
            .map(|i| CharBox {
                x_min: x0 + right - width * (i + 1) as f32,
                x_max: x0 + right - width * i as f32,
                rtl: true,
                glyph: glyph_offset,
            })
            .collect()
    };
    Some((boxes, start + continuation.len()))
}

/// The caret nearest to `x` on a row: before a character when `x` is in
/// its leading half (the left half of a left-to-right one, the right half
/// of a right-to-left one), else after it.
pub(super) fn caret_in_row(row: &RowBoxes, x: f32) -> usize {
    if let Some(i) = row.boxes.iter().rposition(|b| b.x_min <= x && x < b.x_max) {
        let b = row.boxes[i];
        let centre = (b.x_min + b.x_max) / 2.0;
        let leading = if b.rtl { x >= centre } else { x < centre };
        return row.first + i + usize::from(!leading);
    }
    // Not over a character: the caret by the nearest edge.
    let nearest = row.boxes.iter().enumerate().min_by(|(_, a), (_, b)| {
        let da = (a.x_min - x).abs().min((a.x_max - x).abs());
        let db = (b.x_min - x).abs().min((b.x_max - x).abs());
        da.total_cmp(&db)
    });
    match nearest {
        None => row.first,
        Some((i, b)) => {
            let after = if b.rtl { x < b.x_min } else { x >= b.x_max };
            row.first + i + usize::from(after)
        }
    }
}

/// The character whose box holds `x` on a row.
pub(super) fn char_under(row: &RowBoxes, x: f32) -> Option<usize> {
    // Boxes start on whole pixels but advance by fractions, so one box can
    // overlap the next one's start: the later one wins there.
    row.boxes
        .iter()
        .rposition(|b| b.x_min <= x && x < b.x_max)
        .map(|i| row.first + i)
}

/// The x range of characters `start..end` on a row (the boxes' hull).
pub(super) fn x_range(row: &RowBoxes, start: usize, end: usize) -> Option<(f32, f32, usize)> {
    let (from, to) = (start.max(row.first), end.min(row.end()));
    if from >= to {
        return None;
    }
    let boxes = &row.boxes[from - row.first..to - row.first];
    let left = boxes.iter().map(|b| b.x_min).fold(f32::INFINITY, f32::min);
    let right = boxes
        .iter()
        .map(|b| b.x_max)
        .fold(f32::NEG_INFINITY, f32::max);
    Some((left, right, boxes[0].glyph))
}
