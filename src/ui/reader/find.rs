//! Find in the open source (Ctrl+F in the reader): every match of the
//! words, ignoring case, with a current one to step through. A 10 MB text
//! is scanned [`FIND_BYTES_PER_FRAME`] bytes a frame, so typing never waits
//! for the whole text; the matches found so far are shown and counted
//! meanwhile, and no frame rescans the text.

/// Bytes of text scanned for matches per frame. `benches/search.rs`
/// ("find in 10 MB") measured the whole 10 MB scan at about 25 ms on this
/// 2-core machine, so a slice of 1 MiB costs about 2.5 ms and a 10 MB
/// source is done in ten frames.
pub const FIND_BYTES_PER_FRAME: usize = 1 << 20;

/// Most matches kept: past this many, more are not painted or counted one
/// by one (the count says "10000+").
pub const MAX_FIND_MATCHES: usize = 100_000;

/// Longest needle, in characters (the field takes a phrase, not a page).
const MAX_NEEDLE_CHARS: usize = 200;

/// A character folded for matching: lower case, one character for one (so
/// offsets stay offsets).
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// The find state of one open text.
#[derive(Debug, Default, Clone)]
pub struct Find {
    /// The folded needle.
    needle: Vec<char>,
    /// Matches found so far, as character ranges, in text order.
    matches: Vec<(usize, usize)>,
    /// Where the scan goes on: a byte offset and the character offset there.
    scan_byte: usize,
    scan_char: usize,
    /// True once the whole text was scanned.
    done: bool,
    /// The match stepped to (an index into `matches`).
    current: Option<usize>,
    /// Scroll to the current match next frame.
    pub(super) scroll_pending: bool,
    /// The text scanned (its key), so a changed text is scanned again.
    key: Option<super::text::TextKey>,
}

impl Find {
    /// Looks for `needle` from the start of the text.
    pub fn set(&mut self, needle: &str) {
        let needle: Vec<char> = needle.chars().take(MAX_NEEDLE_CHARS).map(fold).collect();
        if needle == self.needle {
            return;
        }
        *self = Self {
            needle,
            key: self.key,
            ..Self::default()
        };
    }

    /// Clears the needle and the matches.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The matches found so far.
    #[must_use]
    pub fn matches(&self) -> &[(usize, usize)] {
        &self.matches
    }

    /// The current match's place (0-based), when there is one.
    #[must_use]
    pub const fn current(&self) -> Option<usize> {
        self.current
    }

    /// The current match's range.
    #[must_use]
    pub fn current_range(&self) -> Option<(usize, usize)> {
        self.current.and_then(|i| self.matches.get(i).copied())
    }

    /// True while the text is still being scanned.
    #[must_use]
    pub fn scanning(&self) -> bool {
        !self.needle.is_empty() && !self.done
    }

    /// True when more than [`MAX_FIND_MATCHES`] were found.
    #[must_use]
    pub fn capped(&self) -> bool {
        self.matches.len() >= MAX_FIND_MATCHES
    }

    /// Steps to the next (or previous) match, wrapping round.
    pub fn step(&mut self, forward: bool) {
        let n = self.matches.len();
        if n == 0 {
            return;
        }
        self.current = Some(match (self.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        });
        self.scroll_pending = true;
    }

    /// Scans the next slice of `text` (once a frame; nothing once done).
    pub(super) fn scan(&mut self, text: &str, key: super::text::TextKey) {
        if self.key != Some(key) {
            let needle = std::mem::take(&mut self.needle);
            *self = Self {
                needle,
                key: Some(key),
                ..Self::default()
            };
        }
        if self.needle.is_empty() || self.done {
            return;
        }
        let end = (self.scan_byte + FIND_BYTES_PER_FRAME).min(text.len());
        let first = self.needle[0];
        let mut char_at = self.scan_char;
        let mut next_byte = end;
        for (byte, c) in text[self.scan_byte..].char_indices() {
            let byte = self.scan_byte + byte;
            if byte >= end {
                next_byte = byte;
                break;
            }
            if fold(c) == first && self.matches_at(text, byte) {
                if self.matches.len() >= MAX_FIND_MATCHES {
                    self.done = true;
                    break;
                }
                let len = self.needle.len();
                self.matches.push((char_at, char_at + len));
                if self.current.is_none() {
                    self.current = Some(0);
                    self.scroll_pending = true;
                }
            }
            char_at += 1;
        }
        if end >= text.len() {
            self.done = true;
        }
        self.scan_byte = next_byte;
        self.scan_char = char_at;
    }

    fn matches_at(&self, text: &str, byte: usize) -> bool {
        let mut chars = text[byte..].chars();
        self.needle
            .iter()
            .all(|n| chars.next().is_some_and(|c| fold(c) == *n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_all(find: &mut Find, text: &str) {
        let key = super::super::text::TextKey::of(text);
        for _ in 0..1000 {
            find.scan(text, key);
            if !find.scanning() {
                return;
            }
        }
        panic!("never finished");
    }

    #[test]
    fn finds_every_match_ignoring_case_in_any_script() {
        let text = "Kim met Putin. KIM left; kimchi. Визит Ким; визит. 金正恩 金";
        let mut find = Find::default();
        find.set("kim");
        scan_all(&mut find, text);
        assert_eq!(find.matches().len(), 3);
        let chars: Vec<char> = text.chars().collect();
        for &(s, e) in find.matches() {
            let word: String = chars[s..e].iter().collect();
            assert_eq!(word.to_lowercase(), "kim");
        }
        find.set("ВИЗИТ");
        scan_all(&mut find, text);
        assert_eq!(find.matches().len(), 2);
        find.set("金");
        scan_all(&mut find, text);
        assert_eq!(find.matches().len(), 2);
        assert_eq!(find.current(), Some(0));
        find.step(true);
        assert_eq!(find.current(), Some(1));
        find.step(true);
        assert_eq!(find.current(), Some(0), "wraps round");
        find.step(false);
        assert_eq!(find.current(), Some(1));
    }

    #[test]
    fn a_long_text_is_scanned_a_slice_a_frame_and_matches_across_slices_count() {
        // Fewer matches than MAX_FIND_MATCHES, over three slices.
        let unit = "the summit in eastern Russia, said Kim. ";
        let text = unit.repeat(3 * FIND_BYTES_PER_FRAME / unit.len() + 7);
        let key = super::super::text::TextKey::of(&text);
        let mut find = Find::default();
        find.set("summit");
        find.scan(&text, key);
        assert!(find.scanning(), "one slice is not the whole text");
        let after_one = find.matches().len();
        assert!(after_one > 0 && after_one < text.len() / unit.len());
        scan_all(&mut find, &text);
        assert_eq!(find.matches().len(), text.len() / unit.len());
        // Consecutive, no duplicates at the slice edges.
        assert!(text.len() / unit.len() < MAX_FIND_MATCHES);
        let step = unit.chars().count();
        assert!(find.matches().windows(2).all(|w| w[1].0 == w[0].0 + step));
    }
}
