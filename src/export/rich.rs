//! Event descriptions are Markdown. The HTML report renders them to HTML
//! that cannot run or fetch anything; DOCX and PDF take them as paragraphs
//! of bold and italic runs.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(
        markdown,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    )
}

/// True for a link target that is safe to keep in a report: web and mail
/// addresses (no `javascript:`, `data:` or `file:`).
fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// Markdown rendered to HTML that is safe inside the report: raw HTML is
/// shown as text, images become their description (a report makes no
/// requests), links other than web and mail addresses become plain text,
/// and headings become bold paragraphs so they cannot outrank the
/// report's own.
#[must_use]
pub fn html(markdown: &str) -> String {
    // Whether each open link was kept, so a dropped link's end goes too.
    let mut links: Vec<bool> = Vec::new();
    let events = parser(markdown).flat_map(|event| -> Vec<Event<'_>> {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => vec![Event::Text(raw)],
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => Vec::new(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            }) => {
                let keep = safe_link(&dest_url);
                links.push(keep);
                if keep {
                    vec![Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title: CowStr::Borrowed(""),
                        id,
                    })]
                } else {
                    Vec::new()
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(false) {
                    vec![Event::End(TagEnd::Link)]
                } else {
                    Vec::new()
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                vec![Event::Start(Tag::Paragraph), Event::Start(Tag::Strong)]
            }
            Event::End(TagEnd::Heading(_)) => {
                vec![Event::End(TagEnd::Strong), Event::End(TagEnd::Paragraph)]
            }
            Event::FootnoteReference(name) => vec![Event::Text(format!("[^{name}]").into())],
            other => vec![other],
        }
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// A run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Strong.
    pub bold: bool,
    /// Emphasised.
    pub italic: bool,
    /// Code.
    pub code: bool,
}

/// A paragraph of runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Block {
    /// Indent level: 0 for paragraphs, 1 and more inside lists and quotes.
    pub indent: usize,
    /// Its runs.
    pub runs: Vec<Run>,
}

impl Block {
    /// The block's text without emphasis.
    #[must_use]
    pub fn plain(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Default)]
struct BlockBuilder {
    blocks: Vec<Block>,
    current: Option<Block>,
    bold: usize,
    italic: usize,
    indent: usize,
    /// Per open list: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    /// Link targets to append after the link text.
    links: Vec<String>,
}

impl BlockBuilder {
    fn start_block(&mut self) {
        self.finish_block();
        self.current = Some(Block {
            indent: self.indent,
            runs: Vec::new(),
        });
    }

    fn finish_block(&mut self) {
        if let Some(block) = self.current.take()
            && !block.plain().trim().is_empty()
        {
            self.blocks.push(block);
        }
    }

    fn push(&mut self, text: &str, code: bool) {
        if self.current.is_none() {
            self.start_block();
        }
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        if let Some(block) = self.current.as_mut() {
            match block.runs.last_mut() {
                Some(last) if last.bold == bold && last.italic == italic && last.code == code => {
                    last.text.push_str(text);
                }
                _ => block.runs.push(Run {
                    text: text.to_owned(),
                    bold,
                    italic,
                    code,
                }),
            }
        }
    }
}

/// Markdown as paragraphs of runs, for DOCX and PDF: emphasis kept, list
/// items with their bullet or number, link targets after the link text,
/// images as their description, raw HTML as text.
#[must_use]
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut b = BlockBuilder::default();
    for event in parser(markdown) {
        match event {
            Event::Start(Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock) => b.start_block(),
            Event::Start(Tag::Heading { .. }) => {
                b.start_block();
                b.bold += 1;
            }
            Event::End(TagEnd::Heading(_)) => {
                b.bold = b.bold.saturating_sub(1);
                b.finish_block();
            }
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                b.finish_block();
            }
            Event::Start(Tag::BlockQuote(_)) => b.indent += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                b.finish_block();
                b.indent = b.indent.saturating_sub(1);
            }
            Event::Start(Tag::List(first)) => {
                b.finish_block();
                b.lists.push(first);
                b.indent += 1;
            }
            Event::End(TagEnd::List(_)) => {
                b.finish_block();
                b.lists.pop();
                b.indent = b.indent.saturating_sub(1);
            }
            Event::Start(Tag::Item) => {
                b.start_block();
                let marker = match b.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}. ");
                        *n += 1;
                        marker
                    }
                    _ => "• ".to_owned(),
                };
                b.push(&marker, false);
            }
            Event::End(TagEnd::Item) => b.finish_block(),
            Event::Start(Tag::Strong) => b.bold += 1,
            Event::End(TagEnd::Strong) => b.bold = b.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => b.italic += 1,
            Event::End(TagEnd::Emphasis) => b.italic = b.italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => b.links.push(dest_url.into_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = b.links.pop()
                    && !url.is_empty()
                {
                    b.push(&format!(" ({url})"), false);
                }
            }
            Event::Start(Tag::TableCell) => b.push(" ", false),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => b.finish_block(),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                b.push(&text, false);
            }
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                b.push(&text, true);
            }
            Event::FootnoteReference(name) => b.push(&format!("[^{name}]"), false),
            Event::SoftBreak => b.push(" ", false),
            Event::HardBreak => b.push("\n", false),
            Event::Rule => b.finish_block(),
            Event::TaskListMarker(done) => b.push(if done { "☑ " } else { "☐ " }, false),
            Event::Start(_) | Event::End(_) => {}
        }
    }
    b.finish_block();
    b.blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_cannot_run_or_fetch_anything() {
        let out = html(
            "**bold** <script>alert(1)</script> ![x](http://evil/p.png) \
             [ok](https://example.org) [bad](javascript:alert(1))\n\n# Big",
        );
        assert!(out.contains("<strong>bold</strong>"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("evil"), "{out}");
        assert!(
            out.contains("<a href=\"https://example.org\">ok</a>"),
            "{out}"
        );
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains(">bad<") || out.contains(" bad"), "{out}");
        assert!(!out.contains("<h1"), "{out}");
        assert!(out.contains("<strong>Big</strong>"), "{out}");
    }

    #[test]
    fn blocks_keep_emphasis_lists_and_links() {
        let blocks = blocks(
            "The leaders agreed, **including military** matters.\n\n- one\n- [two](https://x.org)",
        );
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].runs[1].text, "including military");
        assert!(blocks[0].runs[1].bold);
        assert_eq!(blocks[1].plain(), "• one");
        assert_eq!(blocks[2].plain(), "• two (https://x.org)");
        assert_eq!(blocks[2].indent, 1);
    }
}
