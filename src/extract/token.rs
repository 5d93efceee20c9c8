//! Splits text into words, numbers and punctuation, keeping each token's
//! character range so a match maps straight back onto the source text.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Letters, with inner apostrophes (`Valentine's`, `o'clock`).
    Word,
    /// A run of digits, possibly with a letter suffix (`12th`, `1990s`, `6am`).
    Number,
    /// Any other single non-space character.
    Punct,
}

/// One token of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    /// First character (Unicode scalar value) of the token.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    pub kind: Kind,
    /// The text as written.
    pub text: String,
    /// Lower case, with typographic apostrophes made plain.
    pub lower: String,
    /// True when whitespace (or the start of the text) comes right before.
    pub space_before: bool,
    /// For numbers: the digits' value (saturating), else 0.
    pub value: i64,
    /// For numbers: how many digits were written.
    pub digits: usize,
    /// For numbers: the lower-case letters written right after the digits
    /// (`th`, `s`, `am`), or `'s` for a possessive.
    pub suffix: String,
    /// For numbers: written with thousands separators (`1,500`).
    pub grouped: bool,
}

impl Token {
    /// The lower-case word without a possessive ending (`monday's` → `monday`).
    pub fn base(&self) -> &str {
        self.lower
            .strip_suffix("'s")
            .or_else(|| self.lower.strip_suffix('\''))
            .unwrap_or(&self.lower)
    }

    /// True for a word whose first letter is upper case.
    pub fn is_capitalized(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// True for a word written all in capitals (`GMT`, `BC`).
    pub fn is_all_caps(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().all(|c| !c.is_lowercase())
    }

    /// True for a number with nothing but digits (no suffix, no separators).
    pub fn is_plain_number(&self) -> bool {
        self.kind == Kind::Number && self.suffix.is_empty() && !self.grouped
    }
}

/// Characters per token in English news (a word and its space), to size
/// the token list once.
const TYPICAL_CHARS_PER_TOKEN: usize = 5;

/// A straight or typographic apostrophe.
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Tokens of `text`, in order.
#[cfg(test)]
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    tokenize_chars(&text.chars().collect::<Vec<char>>())
}

/// Tokens of a text given as its characters, in order.
pub(super) fn tokenize_chars(chars: &[char]) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(chars.len() / TYPICAL_CHARS_PER_TOKEN);
    let mut i = 0;
    let mut space_before = true;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            space_before = true;
            i += 1;
            continue;
        }
        let start = i;
        let token = if c.is_alphabetic() {
            i = scan_word(chars, i);
            word_token(chars, start, i)
        } else if c.is_ascii_digit() {
            let (end, token) = number_token(chars, start);
            i = end;
            token
        } else {
            i += 1;
            Token {
                start,
                end: i,
                kind: Kind::Punct,
                text: c.to_string(),
                lower: if is_apostrophe(c) {
                    "'".to_owned()
                } else {
                    c.to_string()
                },
                space_before: false,
                value: 0,
                digits: 0,
                suffix: String::new(),
                grouped: false,
            }
        };
        tokens.push(Token {
            space_before,
            ..token
        });
        space_before = false;
    }
    tokens
}

/// End of the word starting at `i`: letters, and apostrophes between letters.
fn scan_word(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        let inner_apostrophe =
            is_apostrophe(chars[i]) && i + 1 < chars.len() && chars[i + 1].is_alphabetic();
        if chars[i].is_alphabetic() || inner_apostrophe {
            i += 1;
        } else if is_apostrophe(chars[i])
            && i > 0
            && chars[i - 1] == 's'
            && chars.get(i + 1).is_none_or(|c| !c.is_alphanumeric())
        {
            // A plural possessive ("Presidents' Day", "All Saints' Day").
            i += 1;
            break;
        } else {
            break;
        }
    }
    i
}

/// The word token for `chars[start..end]`.
fn word_token(chars: &[char], start: usize, end: usize) -> Token {
    let text: String = chars[start..end].iter().collect();
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    Token {
        start,
        end,
        kind: Kind::Word,
        text,
        lower,
        space_before: false,
        value: 0,
        digits: 0,
        suffix: String::new(),
        grouped: false,
    }
}

/// Digits in one thousands group.
const GROUP_DIGITS: usize = 3;

/// The Han characters written after a number of a date: year, month, day.
fn is_han_date_unit(c: char) -> bool {
    matches!(c, '年' | '月' | '日' | '号' | '號')
}

/// A number starting at `start`: digits, optional `,ddd` groups, and an
/// optional letter suffix or possessive.
fn number_token(chars: &[char], start: usize) -> (usize, Token) {
    let mut i = start;
    let mut digit_text = String::new();
    while i < chars.len() && chars[i].is_ascii_digit() {
        digit_text.push(chars[i]);
        i += 1;
    }
    let mut grouped = false;
    // Thousands groups: "1,500" or "2,000,000" (exactly three digits after
    // each comma, and not followed by more digits).
    loop {
        let group_end = i + 1 + GROUP_DIGITS;
        if i < chars.len()
            && chars[i] == ','
            && group_end <= chars.len()
            && chars[i + 1..group_end].iter().all(char::is_ascii_digit)
            && chars.get(group_end).is_none_or(|c| !c.is_ascii_digit())
        {
            grouped = true;
            digit_text.extend(&chars[i + 1..group_end]);
            i = group_end;
        } else {
            break;
        }
    }
    let digits = if grouped { digit_text.len() } else { i - start };
    let mut suffix = String::new();
    if i < chars.len() && is_han_date_unit(chars[i]) {
        // Chinese and Japanese write no spaces: `2024年6月19日抵达` is a
        // number, its unit and the next word.
        suffix = chars[i].to_string();
        i += 1;
    } else if i < chars.len() && chars[i].is_alphabetic() {
        let suffix_start = i;
        i = scan_word(chars, i);
        suffix = chars[suffix_start..i]
            .iter()
            .collect::<String>()
            .to_lowercase()
            .replace('\u{2019}', "'");
    } else if i + 1 < chars.len()
        && is_apostrophe(chars[i])
        && chars[i + 1] == 's'
        && chars.get(i + 2).is_none_or(|c| !c.is_alphanumeric())
    {
        suffix = "'s".to_owned();
        i += 2;
    }
    let value = digit_text.bytes().fold(0i64, |acc, b| {
        acc.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    let text: String = chars[start..i].iter().collect();
    let lower = text.to_lowercase();
    (
        i,
        Token {
            start,
            end: i,
            kind: Kind::Number,
            text,
            lower,
            space_before: false,
            value,
            digits,
            suffix,
            grouped,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_words_numbers_and_punctuation() {
        assert_eq!(
            texts("Sept. 11, 2001 at 6:45 a.m."),
            [
                "Sept", ".", "11", ",", "2001", "at", "6", ":", "45", "a", ".", "m", "."
            ]
        );
        assert_eq!(texts("Kim Jong-un"), ["Kim", "Jong", "-", "un"]);
    }

    #[test]
    fn numbers_keep_suffixes_and_groups() {
        let tokens = tokenize("the 12th century, the 1990s, 1,500 troops, 2019's vote");
        let twelfth = &tokens[1];
        assert_eq!((twelfth.value, twelfth.suffix.as_str()), (12, "th"));
        assert_eq!(tokens[5].suffix, "s");
        assert_eq!((tokens[7].value, tokens[7].grouped), (1500, true));
        assert_eq!((tokens[10].value, tokens[10].suffix.as_str()), (2019, "'s"));
    }

    #[test]
    fn char_ranges_count_characters_not_bytes() {
        let tokens = tokenize("Putin’s trip in März");
        assert_eq!(tokens[0].text, "Putin’s");
        assert_eq!(tokens[0].base(), "putin");
        let last = &tokens[3];
        assert_eq!((last.start, last.end), (16, 20));
    }

    #[test]
    fn plural_possessive_keeps_its_apostrophe() {
        let tokens = tokenize("Presidents' Day");
        assert_eq!(tokens[0].lower, "presidents'");
        assert_eq!(tokens[0].base(), "presidents");
    }
}
