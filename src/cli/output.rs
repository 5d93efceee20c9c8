//! Writing to the terminal: text from a notebook is escaped (a title may
//! hold terminal escape sequences), and a closed pipe (`| head -1`) ends
//! the command quietly instead of panicking.

use std::borrow::Cow;
use std::io::Write as _;

/// True for characters that are shown escaped: control characters other
/// than line feed and tab (ESC sequences recolour or retitle a terminal,
/// carriage returns overwrite a line), and the bidirectional overrides
/// that make text display in another order than it reads.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with [`needs_escape`] characters written as `\u{1b}`.
#[must_use]
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if needs_escape(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Writes one line of human-readable output, escaped.
///
/// # Errors
/// The write error (a closed pipe among them).
pub fn line(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(escaped(text).as_bytes())?;
    out.write_all(b"\n")
}

/// Writes machine-readable output exactly as it is.
///
/// # Errors
/// The write error.
pub fn raw(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")
}

/// Writes one message line to standard error, escaped; a closed standard
/// error is ignored.
pub fn message(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(escaped(text).as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// True when `error` comes from writing to a closed pipe.
#[must_use]
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints a formatted line of output through [`line`]; `?` on its error.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::output::line(&format!($($arg)*))?
    };
}

/// Prints a formatted message line through [`message`].
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::output::message(&format!($($arg)*))
    };
}

pub(crate) use {errln, outln};

#[cfg(test)]
mod tests {
    use super::escaped;

    #[test]
    fn control_characters_and_overrides_are_escaped() {
        assert_eq!(escaped("Putin–Kim summit\tok\n"), "Putin–Kim summit\tok\n");
        assert_eq!(
            escaped("a\u{1b}]0;pwned\u{7}b\rc"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{d}c"
        );
        assert_eq!(escaped("x\u{202e}y\u{9b}z"), "x\\u{202e}y\\u{9b}z");
        let scripts = "زيارة بوتين 普京访问朝鲜 푸틴 방북 Визит";
        assert_eq!(escaped(scripts), scripts);
    }
}
