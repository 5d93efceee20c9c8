//! Making notebook text safe for each format: escaping, bidi isolation,
//! characters a format cannot carry, spreadsheet formulas.
//!
//! A notebook is untrusted input: a title may be `</script>`, an
//! `<img onerror>`, `=HYPERLINK(…)` or a right-to-left override meant to
//! turn the rest of a line around. Every writer passes every notebook text
//! through one of these functions.

use std::borrow::Cow;

/// Escapes text for HTML element content and quoted attribute values.
#[must_use]
pub fn html(text: &str) -> Cow<'_, str> {
    let clean = xml_chars(text);
    if !clean.contains(['<', '>', '&', '"', '\'']) {
        return clean;
    }
    let mut out = String::with_capacity(clean.len() + clean.len() / 8);
    for c in clean.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escapes text for HTML element content only (`<`, `>`, `&`): for
/// JSON fields a page inserts as HTML, where an escaped apostrophe would
/// show as `&#39;` wherever the page treats the field as plain text.
#[must_use]
pub fn html_content(text: &str) -> Cow<'_, str> {
    let clean = xml_chars(text);
    if !clean.contains(['<', '>', '&']) {
        return clean;
    }
    Cow::Owned(
        clean
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
    )
}

/// Escapes text for XML (DOCX): as [`html`], which XML also accepts.
#[must_use]
pub fn xml(text: &str) -> Cow<'_, str> {
    html(text)
}

/// True for a character XML 1.0 cannot carry at all (C0 controls other
/// than tab, line feed and carriage return; U+FFFE and U+FFFF).
fn is_xml_illegal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Replaces characters XML and HTML cannot carry with U+FFFD, so a stray
/// control character cannot make Word refuse the document.
#[must_use]
pub fn xml_chars(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_xml_illegal) {
        Cow::Owned(
            text.chars()
                .map(|c| if is_xml_illegal(c) { '\u{fffd}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// First strong isolate: starts a bidi isolate whose direction follows
/// its own text.
const FSI: char = '\u{2068}';
/// Pop directional isolate: ends an isolate, and every embedding or
/// override opened inside it.
const PDI: char = '\u{2069}';

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Wraps text holding explicit bidi controls in an isolate so an override
/// inside it (U+202E) cannot reverse the text around it: the closing PDI
/// ends every embedding and override opened inside. A stray PDI in the
/// text, which would close the isolate early, is dropped; isolates the text
/// opens are closed first. Text without controls is returned as it is.
#[must_use]
pub fn isolate(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_bidi_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    out.push(FSI);
    let mut open_isolates = 0usize;
    for c in text.chars() {
        match c {
            '\u{2066}'..='\u{2068}' => {
                open_isolates += 1;
                out.push(c);
            }
            PDI if open_isolates == 0 => {}
            PDI => {
                open_isolates -= 1;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    for _ in 0..=open_isolates {
        out.push(PDI);
    }
    Cow::Owned(out)
}

/// Text on one line: runs of whitespace (newlines included) become one
/// space. For headings and table cells where a newline would break the
/// format's structure.
#[must_use]
pub fn one_line(text: &str) -> Cow<'_, str> {
    if text.contains(['\n', '\r', '\t']) || text.contains("  ") {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(text.trim())
    }
}

/// Escapes text for Markdown so it reads verbatim when rendered: inline
/// markup, links, footnote references, raw HTML, math and entities are
/// backslash-escaped, and line-start markers (headings, lists, quotes,
/// rules) are escaped at the start of each line (`>` and `|` are escaped
/// everywhere).
#[must_use]
pub fn markdown(text: &str) -> String {
    let text = isolate(text);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches(' ');
        out.push_str(&line[..line.len() - body.len()]);
        let mut chars = body.chars().peekable();
        // A line that would start a block: escape its marker.
        if let Some(&first) = chars.peek()
            && matches!(first, '#' | '+' | '-' | '=')
        {
            out.push('\\');
        }
        let digits: String = body.chars().take_while(char::is_ascii_digit).collect();
        let ordered =
            !digits.is_empty() && matches!(body[digits.len()..].chars().next(), Some('.' | ')'));
        for (j, c) in body.chars().enumerate() {
            if ordered && j == digits.len() {
                out.push('\\');
            }
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '$'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP's
/// CSV injection list: `=`, `+`, `-`, `@`, tab and carriage return).
fn starts_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A CSV cell a spreadsheet will not execute: a cell that would start a
/// formula gets a leading apostrophe, which spreadsheets read as "text".
#[must_use]
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if starts_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_drops_illegal_characters() {
        assert_eq!(
            html("</script><img src=x onerror='a()'>&\u{1}"),
            "&lt;/script&gt;&lt;img src=x onerror=&#39;a()&#39;&gt;&amp;\u{fffd}"
        );
        assert!(matches!(html("김정은"), Cow::Borrowed("김정은")));
    }

    #[test]
    fn isolate_contains_overrides() {
        assert!(matches!(isolate("plain"), Cow::Borrowed(_)));
        assert_eq!(isolate("a\u{202e}b"), "\u{2068}a\u{202e}b\u{2069}");
        // A stray PDI cannot close the isolate early; an opened one is closed.
        assert_eq!(isolate("\u{2069}x"), "\u{2068}x\u{2069}");
        assert_eq!(isolate("\u{2067}x"), "\u{2068}\u{2067}x\u{2069}\u{2069}");
    }

    #[test]
    fn markdown_reads_verbatim() {
        assert_eq!(
            markdown("*a* [b](c) <x> [^1]"),
            "\\*a\\* \\[b\\](c) \\<x\\> \\[^1\\]"
        );
        assert_eq!(
            markdown("# not a heading\n- nor a list"),
            "\\# not a heading\n\\- nor a list"
        );
        assert_eq!(markdown("1. no"), "1\\. no");
        assert_eq!(markdown("2023 was"), "2023 was");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("-0043-03-15"), "'-0043-03-15");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("2023-09"), "2023-09");
    }

    #[test]
    fn one_line_joins_lines() {
        assert_eq!(one_line("a\n b\tc"), "a b c");
        assert_eq!(one_line(" a "), "a");
    }
}
