//! Text positions counted in characters (Unicode scalar values), the unit
//! excerpts are stored in and text editors select in.

/// Characters of context kept on each side of an excerpt, so it can be found
/// again if its source text changes.
pub const CONTEXT_CHARS: usize = 32;

/// Byte offset of the `char_index`th character (the length for the end).
#[must_use]
pub fn byte_from_char(text: &str, char_index: usize) -> Option<usize> {
    if char_index == 0 {
        return Some(0);
    }
    match text.char_indices().nth(char_index) {
        Some((byte, _)) => Some(byte),
        None if text.chars().count() == char_index => Some(text.len()),
        None => None,
    }
}

/// The characters `start..end` of `text`, or `None` if out of range.
#[must_use]
pub fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let a = byte_from_char(text, start)?;
    let b = a + byte_from_char(&text[a..], end - start)?;
    Some(&text[a..b])
}

/// Character index of a byte offset that lies on a character boundary.
#[must_use]
pub fn char_from_byte(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Up to [`CONTEXT_CHARS`] characters before and after `start..end`.
#[must_use]
pub fn context_around(text: &str, start: usize, end: usize) -> (String, String) {
    let prefix_start = start.saturating_sub(CONTEXT_CHARS);
    let prefix = slice_chars(text, prefix_start, start)
        .unwrap_or_default()
        .to_owned();
    let suffix: String = text.chars().skip(end).take(CONTEXT_CHARS).collect();
    (prefix, suffix)
}

/// Every character offset at which `needle` occurs in `haystack`,
/// overlapping ones included (`aaa` occurs twice in `aaaa`).
#[must_use]
pub fn occurrences(haystack: &str, needle: &str) -> Vec<usize> {
    let Some(first_char) = needle.chars().next() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut chars_before = 0;
    let mut counted_to = 0;
    let mut from = 0;
    while let Some(at) = haystack[from..].find(needle) {
        let byte = from + at;
        chars_before += haystack[counted_to..byte].chars().count();
        counted_to = byte;
        found.push(chars_before);
        // The next occurrence may start inside this one.
        from = byte + first_char.len_utf8();
    }
    found
}

/// Where [`shortened`] may cut a long text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// At any character (labels and reports: the most text that fits).
    AnyChar,
    /// After a whole word (titles a person edits), or at a character when
    /// the text has no space to cut at.
    AtWord,
}

/// `text` on one line (runs of whitespace become one space), cut with "…"
/// so that it is at most `max_chars` characters long, the ellipsis included.
#[must_use]
pub fn shortened(text: &str, max_chars: usize, cut: Cut) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let kept: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
    let kept = match cut {
        Cut::AnyChar => kept.trim_end(),
        Cut::AtWord => kept
            .rsplit_once(' ')
            .map_or(kept.as_str(), |(head, _)| head),
    };
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_slicing_handles_multibyte_text() {
        let text = "Putin’s visit — Pyongyang";
        assert_eq!(slice_chars(text, 6, 7), Some("s"));
        assert_eq!(slice_chars(text, 0, 5), Some("Putin"));
        assert_eq!(slice_chars(text, 16, 25), Some("Pyongyang"));
        assert_eq!(slice_chars(text, 16, 26), None);
        assert_eq!(char_from_byte(text, text.find("visit").unwrap_or(0)), 8);
    }

    #[test]
    fn occurrences_are_character_offsets() {
        assert_eq!(occurrences("a’b a’b", "b"), vec![2, 6]);
        assert!(occurrences("abc", "").is_empty());
        assert_eq!(occurrences("aaa", "aa"), vec![0, 1]);
        assert_eq!(occurrences("aaaa", "aaa"), vec![0, 1]);
        assert_eq!(occurrences("ёёё", "ёё"), vec![0, 1]);
    }

    #[test]
    fn context_is_clipped_at_the_edges() {
        let (prefix, suffix) = context_around("hello world", 6, 11);
        assert_eq!(prefix, "hello ");
        assert_eq!(suffix, "");
    }

    #[test]
    fn shortened_text_is_one_line_and_fits_with_its_ellipsis() {
        assert_eq!(shortened("a  b\n c", 10, Cut::AnyChar), "a b c");
        assert_eq!(
            shortened("Putin–Kim summit", 16, Cut::AnyChar),
            "Putin–Kim summit"
        );
        assert_eq!(
            shortened("Putin–Kim summit", 11, Cut::AnyChar),
            "Putin–Kim…"
        );
        assert_eq!(shortened("Putin–Kim summit", 12, Cut::AtWord), "Putin–Kim…");
        assert_eq!(shortened("Пхеньян Пхеньян", 9, Cut::AnyChar), "Пхеньян…");
        assert_eq!(shortened("평양평양평양", 4, Cut::AtWord), "평양평…");
        for cut in [Cut::AnyChar, Cut::AtWord] {
            let long = "word ".repeat(40);
            assert!(shortened(&long, 25, cut).chars().count() <= 25);
            assert_eq!(shortened(&long, 1, cut), "…");
        }
    }
}
