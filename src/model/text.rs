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
}
