//! Where a source's text came from: the original file's fingerprint, and
//! for a paged source (a PDF) which characters of the text are on which
//! page, so an excerpt can be cited with its page ("p. 3").

/// Most pages a source may have: a PDF with more is refused at import, and a
/// page map with more is refused by the store (a notebook is untrusted).
pub const MAX_PAGES: usize = 5000;

/// One page of a paged source: page `page` is the characters
/// `start..end` (Unicode scalar values, end exclusive) of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSpan {
    /// The page number, 1 for the file's first page.
    pub page: u32,
    /// First character of the page (inclusive).
    pub start: usize,
    /// End of the page (exclusive).
    pub end: usize,
}

/// The file a source's text was read from, as it was when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OriginalFile {
    /// The file's name, without its folder.
    pub name: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// When it was imported, RFC 3339 in UTC.
    pub imported: String,
}

impl OriginalFile {
    /// The fingerprint of `bytes` read from a file called `name`, imported now.
    #[must_use]
    pub fn of(name: &str, bytes: &[u8]) -> Self {
        use sha2::{Digest as _, Sha256};
        let digest = Sha256::digest(bytes);
        Self {
            name: name.to_owned(),
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            bytes: bytes.len() as u64,
            imported: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }

    /// "240 KB", "3.1 MB": the size as the details show it.
    #[must_use]
    pub fn size(&self) -> String {
        size_text(self.bytes)
    }
}

/// "240 KB", "3.1 MB": a size of `bytes` bytes as the app and CLI show it.
#[must_use]
pub fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    match bytes {
        n if n < KB => format!("{n} bytes"),
        n if n < KB * KB => format!("{} KB", n.div_ceil(KB)),
        n => format!("{:.1} MB", n as f64 / (KB * KB) as f64),
    }
}

/// What a source's text came from: its original file and page map. Given
/// with a source's fields when its text was (re)read from a file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceFile {
    /// The file's fingerprint.
    pub original: OriginalFile,
    /// Its pages, in order; empty for an unpaged file (text, HTML, DOCX, EML).
    pub pages: Vec<PageSpan>,
    /// Whether the notebook keeps the file's bytes.
    pub kept: KeptBytes,
}

/// Largest original file kept in the notebook unless asked (the issue's
/// rule: a per-import choice, on by default up to 50 MB and off above, so
/// that a notebook of a few scanned reports stays a file one can e-mail).
pub const KEEP_BY_DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Largest original file a notebook keeps: the import limit (200 MB), which
/// the `original_files` table's CHECK repeats.
pub const MAX_KEPT_BYTES: u64 = 200 * 1024 * 1024;

/// Whether an original file of `bytes` bytes is kept when nobody said.
#[must_use]
pub const fn kept_by_default(bytes: u64) -> bool {
    bytes <= KEEP_BY_DEFAULT_MAX_BYTES
}

/// What a source keeps of its original file's bytes, as an action says it.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum KeptBytes {
    /// As before: the bytes kept stay while they are still this file's (a
    /// text read again from the same file, a lossless JSON import, which
    /// carries no bytes); a new source keeps none.
    #[default]
    AsBefore,
    /// Keep no bytes (any kept before are let go).
    Discard,
    /// Keep these bytes: the file's own (the store checks them against its
    /// SHA-256 and size).
    Keep(std::sync::Arc<[u8]>),
}

impl std::fmt::Debug for KeptBytes {
    // Not the bytes: an action is printed in test failures and logs, and a
    // kept file may be 200 MB.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AsBefore => f.write_str("AsBefore"),
            Self::Discard => f.write_str("Discard"),
            Self::Keep(bytes) => write!(f, "Keep({} bytes)", bytes.len()),
        }
    }
}

impl KeptBytes {
    /// `Keep(bytes)` when `keep`, else `Discard`.
    #[must_use]
    pub fn chosen(keep: bool, bytes: std::sync::Arc<[u8]>) -> Self {
        if keep {
            Self::Keep(bytes)
        } else {
            Self::Discard
        }
    }

    /// The bytes to keep, if any.
    #[must_use]
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Keep(bytes) => Some(bytes),
            Self::AsBefore | Self::Discard => None,
        }
    }
}

/// The page holding character `at`, if the text has a page map and `at` is
/// on a page. A character between two pages (the blank line between them)
/// counts as on the next page.
#[must_use]
pub fn page_at(pages: &[PageSpan], at: usize) -> Option<u32> {
    let i = pages.partition_point(|p| p.end <= at);
    pages
        .get(i)
        .filter(|p| p.start <= at || i > 0)
        .map(|p| p.page)
}

/// The first and last page of the characters `start..end`.
#[must_use]
pub fn pages_of(pages: &[PageSpan], start: usize, end: usize) -> Option<(u32, u32)> {
    let first = page_at(pages, start)?;
    let last = page_at(pages, end.saturating_sub(1).max(start)).unwrap_or(first);
    Some((first, last.max(first)))
}

/// The pin cite of `start..end`: "p. 3", "pp. 3–4", or `None` for an unpaged
/// source.
#[must_use]
pub fn pin_cite(pages: &[PageSpan], start: usize, end: usize) -> Option<String> {
    pages_of(pages, start, end).map(|(first, last)| {
        if first == last {
            format!("p. {first}")
        } else {
            format!("pp. {first}–{last}")
        }
    })
}

/// Why a page map does not fit its text.
#[must_use]
pub fn check(pages: &[PageSpan], text_chars: usize) -> Option<String> {
    if pages.len() > MAX_PAGES {
        return Some(format!(
            "the page map has {} pages; at most {MAX_PAGES} are kept",
            pages.len()
        ));
    }
    let mut last_end = 0;
    let mut last_page = 0;
    for p in pages {
        if p.page <= last_page || p.start < last_end || p.end < p.start || p.end > text_chars {
            return Some(format!(
                "page {} (characters {}–{}) does not follow the pages before it within the text of {text_chars} characters",
                p.page, p.start, p.end
            ));
        }
        last_end = p.end;
        last_page = p.page;
    }
    None
}

/// The page map of `old` carried over to `new`, a edited copy of it: each
/// page boundary moves with the text around it (a line diff, as the undo
/// log keeps long texts); a boundary inside a changed passage goes to the
/// start of what replaced it, or its end for the end of a page.
#[must_use]
pub fn remap(old: &str, new: &str, pages: &[PageSpan]) -> Vec<PageSpan> {
    if pages.is_empty() || old == new {
        return pages.to_vec();
    }
    // (old start, old end, new start, new end, equal) in characters, in order.
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_millis(250))
        .diff_lines(old, new);
    let mut spans: Vec<(usize, usize, usize, usize, bool)> = Vec::new();
    let (mut o, mut n) = (0usize, 0usize);
    for op in diff.ops() {
        let (mut old_len, mut new_len) = (0, 0);
        for change in diff.iter_changes(op) {
            let len = change.value().chars().count();
            match change.tag() {
                similar::ChangeTag::Equal => {
                    old_len += len;
                    new_len += len;
                }
                similar::ChangeTag::Delete => old_len += len,
                similar::ChangeTag::Insert => new_len += len,
            }
        }
        let equal = matches!(op.tag(), similar::DiffTag::Equal);
        spans.push((o, o + old_len, n, n + new_len, equal));
        o += old_len;
        n += new_len;
    }
    let new_chars = n;
    let map = |at: usize, is_end: bool| -> usize {
        for &(os, oe, ns, ne, equal) in &spans {
            if at < oe || (at == oe && is_end) {
                // In a changed run, a start goes to its beginning and an
                // end keeps its distance from the run's end (a page that
                // ends a line before the run ends still does).
                return if equal {
                    ns + (at - os)
                } else if is_end {
                    ne.saturating_sub(oe - at).max(ns)
                } else {
                    ns
                };
            }
        }
        new_chars
    };
    let mut out: Vec<PageSpan> = Vec::with_capacity(pages.len());
    for p in pages {
        let start = map(p.start, false).max(out.last().map_or(0, |l| l.end));
        let end = map(p.end, true).clamp(start, new_chars);
        out.push(PageSpan {
            page: p.page,
            start,
            end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three() -> Vec<PageSpan> {
        // "one\n\ntwo\n\nthree": pages at 0–3, 5–8, 10–15.
        vec![
            PageSpan {
                page: 1,
                start: 0,
                end: 3,
            },
            PageSpan {
                page: 2,
                start: 5,
                end: 8,
            },
            PageSpan {
                page: 3,
                start: 10,
                end: 15,
            },
        ]
    }

    #[test]
    fn characters_find_their_page() {
        let pages = three();
        assert_eq!(page_at(&pages, 0), Some(1));
        assert_eq!(page_at(&pages, 2), Some(1));
        // The blank line between pages 1 and 2 is counted with page 2.
        assert_eq!(page_at(&pages, 3), Some(2));
        assert_eq!(page_at(&pages, 5), Some(2));
        assert_eq!(page_at(&pages, 12), Some(3));
        assert_eq!(page_at(&pages, 15), None);
        assert_eq!(page_at(&[], 0), None);
        assert_eq!(pin_cite(&pages, 10, 15).as_deref(), Some("p. 3"));
        assert_eq!(pin_cite(&pages, 6, 12).as_deref(), Some("pp. 2–3"));
        assert_eq!(pin_cite(&[], 6, 12), None);
    }

    #[test]
    fn a_page_map_must_fit_its_text() {
        assert_eq!(check(&three(), 15), None);
        assert!(check(&three(), 14).is_some());
        let mut overlapping = three();
        overlapping[1].start = 2;
        assert!(check(&overlapping, 15).is_some());
        let mut unordered = three();
        unordered[2].page = 2;
        assert!(check(&unordered, 15).is_some());
    }

    #[test]
    fn pages_follow_an_edit() {
        let old = "one\n\ntwo\n\nthree";
        // A line added after page 1's last line moves pages 2 and 3 down
        // by its length.
        let new = "one\nextra\n\ntwo\n\nthree";
        let moved = remap(old, new, &three());
        assert_eq!(
            moved.iter().map(|p| (p.start, p.end)).collect::<Vec<_>>(),
            vec![(0, 3), (11, 14), (16, 21)]
        );
        // A word changed on page 2 keeps page 2 around it.
        let edited = remap(old, "one\n\nTWO!\n\nthree", &three());
        assert_eq!(
            edited.iter().map(|p| (p.start, p.end)).collect::<Vec<_>>(),
            vec![(0, 3), (5, 9), (11, 16)]
        );
        assert_eq!(check(&moved, new.chars().count()), None);
        // Unchanged text keeps its map; a text emptied keeps pages in range.
        assert_eq!(remap(old, old, &three()), three());
        let emptied = remap(old, "", &three());
        assert_eq!(check(&emptied, 0), None);
    }

    #[test]
    fn the_fingerprint_is_the_files_sha256() {
        let f = OriginalFile::of("a.pdf", b"abc");
        assert_eq!(
            f.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(f.bytes, 3);
        assert_eq!(f.size(), "3 bytes");
    }
}
