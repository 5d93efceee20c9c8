//! The selection (two ends, either first), grapheme clusters, words (for
//! double-clicks, word-snapping drags and Ctrl+Shift+arrows). Pure: no egui.

use unicode_segmentation::UnicodeSegmentation as _;

/// The selection as two ends: it may be empty (a caret), and either end may
/// come first.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Selection {
    /// Where the selection started (the fixed end); `None` when nothing is
    /// selected and no caret was placed.
    pub(super) anchor: Option<usize>,
    /// The moving end.
    pub(super) cursor: usize,
    /// During a word-snapping drag: the word it started on (global
    /// characters), which stays selected whichever way the drag goes.
    pub(super) unit: Option<(usize, usize)>,
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

/// A piece of text as characters, each marked whether it starts a
/// grapheme cluster (a base letter with its combining marks, a Hangul
/// syllable from jamo, an emoji sequence). A selection never ends inside
/// a cluster: "é" written as e + U+0301 is selected whole or not at all.
#[derive(Clone, Debug, Default)]
pub(super) struct Letters {
    pub(super) chars: Vec<char>,
    starts: Vec<bool>,
}

impl Letters {
    pub(super) fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut starts = Vec::with_capacity(text.len());
        for grapheme in text.graphemes(true) {
            for (i, c) in grapheme.chars().enumerate() {
                chars.push(c);
                starts.push(i == 0);
            }
        }
        Self { chars, starts }
    }

    pub(super) fn len(&self) -> usize {
        self.chars.len()
    }

    /// True when a caret at `at` sits between two clusters.
    pub(super) fn is_boundary(&self, at: usize) -> bool {
        at == 0 || at >= self.len() || self.starts[at]
    }

    /// The cluster boundary at or before `at`.
    pub(super) fn floor(&self, at: usize) -> usize {
        let mut at = at.min(self.len());
        while !self.is_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The cluster boundary at or after `at`.
    pub(super) fn ceil(&self, at: usize) -> usize {
        let mut at = at.min(self.len());
        while !self.is_boundary(at) {
            at += 1;
        }
        at
    }

    /// The class of character `i`; a character inside a cluster (a
    /// combining mark) has its cluster's class, so marks stay in words.
    fn class_at(&self, i: usize) -> CharClass {
        let mut base = i;
        while base > 0 && !self.starts[base] {
            base -= 1;
        }
        let chars = &self.chars;
        let c = chars[base];
        let is_apostrophe = matches!(c, '\'' | '\u{2019}');
        let between_letters = || {
            base > 0
                && chars[base - 1].is_alphanumeric()
                && chars.get(base + 1).is_some_and(|c| c.is_alphanumeric())
        };
        if c.is_alphanumeric() || c == '_' || (is_apostrophe && between_letters()) {
            CharClass::Word
        } else if c.is_whitespace() {
            CharClass::Space
        } else {
            CharClass::Other
        }
    }

    /// The run of character `i`'s class around it: a word, a run of
    /// whitespace, or one punctuation cluster.
    pub(super) fn run_at(&self, i: usize) -> (usize, usize, CharClass) {
        let class = self.class_at(i);
        if class == CharClass::Other {
            return (self.floor(i), self.ceil(i + 1), class);
        }
        let mut start = i;
        while start > 0 && self.class_at(start - 1) == class {
            start -= 1;
        }
        let mut end = i + 1;
        while end < self.len() && self.class_at(end) == class {
            end += 1;
        }
        (start, end, class)
    }

    /// The caret one cluster (or with `word`, one word) from `at` in
    /// `forward` direction.
    pub(super) fn step(&self, at: usize, forward: bool, word: bool) -> usize {
        let at = at.min(self.len());
        if !word {
            return if forward {
                self.ceil(at + 1)
            } else {
                self.floor(at.saturating_sub(1))
            };
        }
        // A word step skips whitespace, then the run after it.
        let mut at = at;
        if forward {
            while at < self.len() && self.class_at(at) == CharClass::Space {
                at += 1;
            }
            if at < self.len() {
                at = self.run_at(at).1;
            }
        } else {
            while at > 0 && self.class_at(at - 1) == CharClass::Space {
                at -= 1;
            }
            if at > 0 {
                at = self.run_at(at - 1).0;
            }
        }
        at
    }
}

/// Where the pointer is in one laid-out chunk (characters local to it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Hit {
    /// The caret nearest to the pointer (between two characters).
    pub(super) caret: usize,
    /// The character the pointer is over, if it is over one.
    pub(super) under: Option<usize>,
}

/// The stretch one end of a drag covers (local characters): with `words`,
/// the word under the pointer (whitespace counts as nothing, so that a
/// selection never starts or ends with spaces); else the caret, moved to
/// a cluster boundary.
pub(super) fn drag_unit(letters: &Letters, hit: Hit, words: bool) -> (usize, usize) {
    match hit.under.filter(|_| words && !letters.chars.is_empty()) {
        Some(under) => {
            let (start, end, class) = letters.run_at(under.min(letters.len() - 1));
            if class == CharClass::Space {
                // Over whitespace: the caret, at the nearer end of the run.
                let at = if hit.caret.abs_diff(start) <= hit.caret.abs_diff(end) {
                    start
                } else {
                    end
                };
                (at, at)
            } else {
                (start, end)
            }
        }
        None => (letters.floor(hit.caret), letters.ceil(hit.caret)),
    }
}

/// The selection a drag makes from the unit it started on to the unit the
/// pointer is on now (global characters): (anchor, cursor), the anchor at
/// the far side of the first unit, the cursor at the far side of the
/// current one.
pub(super) fn drag_selection(anchor: (usize, usize), current: (usize, usize)) -> (usize, usize) {
    if current.0 >= anchor.0 {
        (anchor.0, current.1.max(anchor.1))
    } else {
        (anchor.1, current.0)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum CharClass {
    Word,
    Space,
    Other,
}

/// The word around caret position `at` (local character indices): a run of
/// letters and digits (with inner apostrophes: "Putin’s", and combining
/// marks), a run of whitespace, or one punctuation cluster.
pub(super) fn word_range(letters: &Letters, at: usize) -> (usize, usize) {
    if letters.chars.is_empty() {
        return (0, 0);
    }
    let at = at.min(letters.len());
    // Prefer the character after the caret, unless that is not part of a
    // word and the one before is (a double-click just past a word's end).
    let i = if at == letters.len()
        || (letters.class_at(at) != CharClass::Word
            && at > 0
            && letters.class_at(at - 1) == CharClass::Word)
    {
        at - 1
    } else {
        at
    };
    let (start, end, _) = letters.run_at(i);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_range_finds_words_with_inner_apostrophes() {
        let letters = Letters::new("Putin’s visit, now.");
        assert_eq!(word_range(&letters, 2), (0, 7));
        assert_eq!(word_range(&letters, 7), (0, 7));
        assert_eq!(word_range(&letters, 9), (8, 13));
        assert_eq!(word_range(&letters, 19), (18, 19));
        assert_eq!(word_range(&Letters::new(""), 0), (0, 0));
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        // "café" with a combining acute, then a Korean word.
        let letters = Letters::new("cafe\u{301} 김정은");
        assert_eq!(letters.len(), 9);
        assert!(!letters.is_boundary(4));
        assert_eq!((letters.floor(4), letters.ceil(4)), (3, 5));
        assert_eq!(word_range(&letters, 1), (0, 5));
        assert_eq!(letters.run_at(4).0..letters.run_at(4).1, 0..5);
        assert_eq!(word_range(&letters, 7), (6, 9));
        assert_eq!(letters.step(3, true, false), 5);
        assert_eq!(letters.step(5, false, false), 3);
        assert_eq!(letters.step(0, true, true), 5);
        assert_eq!(letters.step(9, false, true), 6);
    }

    #[test]
    fn a_word_drag_covers_whole_words_and_no_spaces() {
        let letters = Letters::new("the launch in November.");
        // Pressed inside "the" (on its 'h'), released on "November"'s 'e'.
        let anchor = drag_unit(
            &letters,
            Hit {
                caret: 2,
                under: Some(1),
            },
            true,
        );
        let current = drag_unit(
            &letters,
            Hit {
                caret: 16,
                under: Some(15),
            },
            true,
        );
        assert_eq!(anchor, (0, 3));
        let (a, c) = drag_selection(anchor, current);
        assert_eq!(
            &letters.chars[a..c].iter().collect::<String>(),
            "the launch in November"
        );
        // Backwards: the same words.
        let (a, c) = drag_selection(current, anchor);
        assert_eq!((a.min(c), a.max(c)), (0, 22));
        // Ending over the space after "launch": the selection stops at the word.
        let space = drag_unit(
            &letters,
            Hit {
                caret: 10,
                under: Some(10),
            },
            true,
        );
        assert_eq!(drag_selection(anchor, space), (0, 10));
        // Character mode: exactly the carets.
        let exact = drag_unit(
            &letters,
            Hit {
                caret: 1,
                under: Some(1),
            },
            false,
        );
        assert_eq!(exact, (1, 1));
    }
}
