//! The selection (two ends, either first) and the word around a caret,
//! for double-clicks. Pure: no egui.

/// The selection as two ends: it may be empty (a caret), and either end may
/// come first.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Selection {
    /// Where the selection started (the fixed end); `None` when nothing is
    /// selected and no caret was placed.
    pub(super) anchor: Option<usize>,
    /// The moving end.
    pub(super) cursor: usize,
}

impl Selection {
    pub(super) fn range(&self) -> Option<(usize, usize)> {
        let anchor = self.anchor?;
        let (start, end) = (anchor.min(self.cursor), anchor.max(self.cursor));
        (start < end).then_some((start, end))
    }

    /// The one place a selection is stored: the mouse, `set_selection` and
    /// the word and paragraph selections all come through here.
    pub(super) fn store(&mut self, anchor: usize, cursor: usize) {
        self.anchor = Some(anchor);
        self.cursor = cursor;
    }

    /// Nothing selected, but a shift-click extends from here.
    pub(super) fn place_caret(&mut self, at: usize) {
        self.store(at, at);
    }

    /// Moves the cursor end, keeping the anchor (or starting from the caret).
    pub(super) fn extend_to(&mut self, at: usize) {
        let anchor = self.anchor.unwrap_or(self.cursor);
        self.store(anchor, at);
    }
}

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
pub(super) fn word_range(chars: &[char], at: usize) -> (usize, usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
