//! Search (Ctrl+F): one box over everything the notebook's full-text index
//! holds — events, excerpts, sources and notes — as you type, ranked and
//! grouped by kind, each with its snippet and the match marked. Enter or a
//! click opens the hit. The panel only asks; the app runs the query (once
//! per change of the words, never per frame) and hands the page back.

use egui::text::LayoutJob;
use egui::{Color32, FontId, RichText, TextFormat, Ui};

use super::command::Command;
use super::theme::Theme;
use crate::store::{HitKind, SearchHit};

/// Hits asked for per query (the first page; the count says how many more).
pub const PAGE: usize = 50;

/// The order the groups are shown in.
const GROUPS: [(HitKind, &str); 4] = [
    (HitKind::Event, "Events"),
    (HitKind::Excerpt, "Excerpts"),
    (HitKind::Source, "Sources"),
    (HitKind::Note, "Notes"),
];

/// The search window's state.
#[derive(Debug, Default)]
pub struct SearchPanel {
    open: bool,
    focus: bool,
    query: String,
    /// The words the hits are for.
    answered: String,
    hits: Vec<SearchHit>,
    total: usize,
    more: bool,
    error: Option<String>,
}

impl SearchPanel {
    /// Opens the window with its box focused (Ctrl+F).
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// True while the window is shown.
    #[must_use]
    pub const fn is_open(&self) -> bool {
        self.open
    }

    /// Takes the store's answer for `query`.
    pub fn answer(&mut self, query: &str, page: Result<crate::store::SearchPage, String>) {
        query.clone_into(&mut self.answered);
        match page {
            Ok(page) => {
                self.hits = page.hits;
                self.total = page.total;
                self.more = page.more;
                self.error = None;
            }
            Err(error) => {
                self.hits.clear();
                self.total = 0;
                self.more = false;
                self.error = Some(error);
            }
        }
    }

    /// The hits shown, best first within each group.
    #[must_use]
    pub fn hits(&self) -> &[SearchHit] {
        &self.hits
    }

    /// Draws the window (when open).
    pub(crate) fn ui(&mut self, ui: &mut Ui, theme: &Theme, out: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Search")
            .open(&mut open)
            .default_width(460.0)
            .default_pos(ui.ctx().content_rect().center_top() + egui::vec2(-230.0, 60.0))
            .collapsible(false)
            .show(ui.ctx(), |ui| self.contents(ui, theme, out));
        if !open || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.open = false;
        }
    }

    fn contents(&mut self, ui: &mut Ui, theme: &Theme, out: &mut Vec<Command>) {
        let label = ui.label("Search the notebook");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("words, or \"a phrase\"; the last word may be a prefix")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if self.focus {
            field.request_focus();
            self.focus = false;
        }
        if field.changed() {
            out.push(Command::Search(self.query.clone()));
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if enter && let Some(hit) = self.first_shown() {
            out.push(Command::OpenHit(hit.kind, hit.id));
            self.open = false;
        }
        if let Some(error) = &self.error {
            ui.label(RichText::new(error).color(theme.error_text));
            return;
        }
        if self.query.trim().is_empty() {
            ui.label(RichText::new("Titles, descriptions, source texts, excerpts and notes; accents are ignored (Pyongyang finds Pyŏngyang).").color(theme.weak_text));
            return;
        }
        let count = if self.more {
            format!("{}+ matches", self.total)
        } else {
            format!(
                "{} match{}",
                self.total,
                if self.total == 1 { "" } else { "es" }
            )
        };
        ui.label(RichText::new(count).color(theme.weak_text));
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                for (kind, heading) in GROUPS {
                    let group: Vec<&SearchHit> =
                        self.hits.iter().filter(|h| h.kind == kind).collect();
                    if group.is_empty() {
                        continue;
                    }
                    ui.add_space(4.0);
                    ui.strong(format!("{heading} ({})", group.len()));
                    for hit in group {
                        let title = if hit.title.is_empty() {
                            "(untitled)"
                        } else {
                            hit.title.as_str()
                        };
                        let response = ui
                            .add(egui::Button::new(title).frame(false))
                            .on_hover_text("Open it");
                        ui.label(snippet(&hit.snippet, ui, theme));
                        if response.clicked() {
                            out.push(Command::OpenHit(hit.kind, hit.id));
                        }
                    }
                }
            });
    }

    /// The first hit in the order shown (groups in order).
    fn first_shown(&self) -> Option<&SearchHit> {
        GROUPS
            .iter()
            .find_map(|(kind, _)| self.hits.iter().find(|h| h.kind == *kind))
    }
}

/// A snippet with its «marked» matches highlighted.
fn snippet(text: &str, ui: &Ui, theme: &Theme) -> LayoutJob {
    let font = FontId::proportional(12.5);
    let plain = TextFormat {
        font_id: font.clone(),
        color: theme.weak_text,
        ..TextFormat::default()
    };
    let marked = TextFormat {
        font_id: font,
        color: ui.visuals().strong_text_color(),
        background: theme.flash.gamma_multiply(0.45),
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let mut rest = text;
    while let Some(start) = rest.find('«') {
        job.append(&rest[..start], 0.0, plain.clone());
        let after = &rest[start + '«'.len_utf8()..];
        let end = after.find('»').unwrap_or(after.len());
        job.append(&after[..end], 0.0, marked.clone());
        rest = after.get(end + '»'.len_utf8()..).unwrap_or("");
    }
    job.append(rest, 0.0, plain);
    if job.sections.is_empty() {
        job.append(
            " ",
            0.0,
            TextFormat::simple(FontId::proportional(12.5), Color32::GRAY),
        );
    }
    job
}
