//! The text index: a source cut into chunks (paragraphs, and pieces of
//! long paragraphs cut at whitespace) with their byte and character
//! offsets, and a cheap identity for a text. Pure: no egui.

use std::hash::{DefaultHasher, Hash as _, Hasher as _};

/// Longest piece of text laid out as one galley. Measured (release build,
/// egui 0.37's default font, 600 points wide): a 4 KB piece lays out in about
/// 1.2 ms, 8 KB in 2.5 ms; a 10 MB line laid out whole would freeze the
/// window for seconds.
const MAX_CHUNK_BYTES: usize = 4096;
/// A long paragraph is cut at the last whitespace in the second half of a
/// piece; a piece with no whitespace there is cut at a character boundary.
const MIN_CHUNK_BYTES: usize = MAX_CHUNK_BYTES / 2;

/// Texts up to this size are hashed whole each frame to tell them apart
/// (64 KiB hash in tens of microseconds).
const FULL_HASH_MAX_BYTES: usize = 64 * 1024;
/// Larger texts are told apart by their length and this many hashed slices:
/// hashing all of 10 MB each frame would cost milliseconds.
const IDENTITY_SAMPLES: usize = 256;
/// Bytes in each hashed slice.
const IDENTITY_SAMPLE_BYTES: usize = 64;

/// Identifies a text cheaply: its length and a hash of it (all of a small
/// text, evenly spread samples of a large one). Not its address: an app that
/// clones the text each frame must not pay for re-indexing 10 MB each frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TextKey {
    pub(super) len: usize,
    pub(super) hash: u64,
}

impl TextKey {
    pub(super) fn of(text: &str) -> Self {
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
pub(super) struct Chunk {
    pub(super) byte_start: usize,
    pub(super) byte_end: usize,
    pub(super) char_start: usize,
    pub(super) char_len: usize,
    /// The last chunk of its paragraph (a gap follows it).
    pub(super) ends_paragraph: bool,
}

impl Chunk {
    pub(super) fn char_end(&self) -> usize {
        self.char_start + self.char_len
    }
}

/// A text split into chunks, with their byte and character offsets.
pub(super) struct TextIndex {
    pub(super) key: TextKey,
    pub(super) chunks: Vec<Chunk>,
    pub(super) char_count: usize,
}

impl TextIndex {
    pub(super) fn build(text: &str, key: TextKey) -> Self {
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
    pub(super) fn chunk_of_char(&self, char_index: usize) -> usize {
        self.chunks
            .partition_point(|chunk| chunk.char_start <= char_index)
            .saturating_sub(1)
    }

    /// The byte offset of `char_index` (clamped to the end of the text).
    pub(super) fn byte_of_char(&self, text: &str, char_index: usize) -> usize {
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
    pub(super) fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        let (start, end) = (self.byte_of_char(text, start), self.byte_of_char(text, end));
        text.get(start..end).unwrap_or_default()
    }

    /// The first and last chunk of the paragraph holding `chunk_index`.
    pub(super) fn paragraph_of_chunk(&self, chunk_index: usize) -> (usize, usize) {
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

/// The text a chunk shows: control characters (tab, carriage return) become
/// spaces so that each character keeps exactly one glyph.
pub(super) fn display_text(text: &str, chunk: &Chunk) -> String {
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
}
