//! The date field's tokens: numbers, words, dashes and marks, with the
//! era and meridiem abbreviations folded ("B.C." is `bc`).

use super::{DateError, EXAMPLES};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    Num { value: i64, digits: usize },
    Word(String),
    Hyphen,
    RangeDash,
    Comma,
    Colon,
    Question,
    Tilde,
    LParen,
    RParen,
}

pub(super) fn tokenize(input: &str) -> Result<Vec<Tok>, DateError> {
    let lowered = input
        .to_lowercase()
        .replace("b.c.e.", "bce")
        .replace("b.c.", "bc")
        .replace("a.d.", "ad")
        .replace("c.e.", "ce")
        .replace("a.m.", "am")
        .replace("p.m.", "pm");
    let chars: Vec<char> = lowered.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == '.' {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let value = text
                .parse::<i64>()
                .map_err(|_| DateError::new(format!("the number {text} is too large")))?;
            tokens.push(Tok::Num {
                value,
                digits: text.len(),
            });
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            tokens.push(Tok::Word(chars[start..i].iter().collect()));
        } else {
            tokens.push(match c {
                '-' | '\u{2010}' | '\u{2011}' => Tok::Hyphen,
                '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => Tok::RangeDash,
                ',' => Tok::Comma,
                ':' => Tok::Colon,
                '?' => Tok::Question,
                '~' => Tok::Tilde,
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                '\'' | '\u{2019}' => {
                    i += 1;
                    continue;
                }
                other => {
                    return Err(DateError::new(format!(
                        "unexpected character ‘{other}’ in the date; {EXAMPLES}"
                    )));
                }
            });
            i += 1;
        }
    }
    Ok(tokens)
}
