//! HTML to text from the token stream: block elements end paragraphs, line
//! elements end lines, scripts and styles are dropped, white space outside
//! `<pre>` is collapsed. No tree is built, so nothing grows with depth.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Elements that start and end a paragraph.
const PARAGRAPH_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];
/// Elements that start and end a line.
const LINE_ELEMENTS: &[&str] = &["br", "caption", "dd", "dt", "li", "option", "tr"];
/// Elements whose content is not text a reader sees.
const HIDDEN_ELEMENTS: &[&str] = &["noscript", "select", "svg", "template"];
/// Elements whose content the tokenizer reads raw: script and style code,
/// the title, a text area.
const RAW_ELEMENTS: &[(&str, RawKind)] = &[
    ("iframe", RawKind::Rawtext),
    ("noembed", RawKind::Rawtext),
    ("noframes", RawKind::Rawtext),
    ("script", RawKind::ScriptData),
    ("style", RawKind::Rawtext),
    ("textarea", RawKind::Rcdata),
    ("title", RawKind::Rcdata),
    ("xmp", RawKind::Rawtext),
];

/// A break owed before the next text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Line,
    Paragraph,
}

#[derive(Debug)]
struct Extract {
    out: String,
    pending: Break,
    space: bool,
    /// Inside `<pre>`, this many deep.
    pre: usize,
    /// Inside a hidden element: its name and how many of it are open.
    hidden: Option<(String, usize)>,
    /// Inside a raw element: its name.
    raw: Option<String>,
    title: Option<String>,
    /// The first title's text so far.
    title_text: String,
}

impl Extract {
    fn owe(&mut self, owed: Break) {
        self.pending = self.pending.max(owed);
    }

    fn text(&mut self, text: &str) {
        if let Some(raw) = &self.raw {
            if raw == "title" && self.title.is_none() {
                self.title_text.push_str(text);
            }
            return;
        }
        if self.hidden.is_some() {
            return;
        }
        for c in text.chars() {
            if self.pre == 0 && c.is_whitespace() && c != '\u{a0}' {
                self.space = true;
                continue;
            }
            if !self.out.is_empty() {
                match self.pending {
                    Break::Paragraph => self.out.push_str("\n\n"),
                    Break::Line => self.out.push('\n'),
                    Break::None if self.space => self.out.push(' '),
                    Break::None => {}
                }
            }
            self.pending = Break::None;
            self.space = false;
            self.out.push(c);
        }
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if let Some((hidden, depth)) = &mut self.hidden {
            if hidden == name {
                if start && !tag.self_closing {
                    *depth += 1;
                } else if !start {
                    *depth -= 1;
                }
                if *depth == 0 {
                    self.hidden = None;
                }
            }
            return TokenSinkResult::Continue;
        }
        if !start && self.raw.as_deref() == Some(name) {
            self.raw = None;
            if name == "title" && self.title.is_none() {
                let title = self
                    .title_text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                self.title = (!title.is_empty()).then_some(title);
            }
            return TokenSinkResult::Continue;
        }
        if start && HIDDEN_ELEMENTS.contains(&name) && !tag.self_closing {
            self.hidden = Some((name.to_owned(), 1));
            return TokenSinkResult::Continue;
        }
        if start && let Some((_, kind)) = RAW_ELEMENTS.iter().find(|(n, _)| *n == name) {
            self.raw = Some(name.to_owned());
            return TokenSinkResult::RawData(*kind);
        }
        if name == "pre" {
            if start {
                self.pre += 1;
            } else {
                self.pre = self.pre.saturating_sub(1);
            }
        }
        if PARAGRAPH_ELEMENTS.contains(&name) {
            self.owe(Break::Paragraph);
        } else if LINE_ELEMENTS.contains(&name) {
            self.owe(Break::Line);
        } else if matches!(name, "td" | "th") {
            self.space = true;
        }
        TokenSinkResult::Continue
    }
}

struct Sink(RefCell<Extract>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => state.tag(&tag),
            Token::CharacterTokens(text) => {
                state.text(&text);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// The text of an HTML document and its first title.
pub(super) fn extract(html: &str) -> (String, Option<String>) {
    let sink = Sink(RefCell::new(Extract {
        out: String::with_capacity(html.len() / 2),
        pending: Break::None,
        space: false,
        pre: 0,
        hidden: None,
        raw: None,
        title: None,
        title_text: String::new(),
    }));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    // The sink never asks to pause for a script, so one feed reads it all.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.0.into_inner();
    (state.out, state.title)
}
