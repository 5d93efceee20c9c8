//! The inspector's evidence controls (issue 19): the event's status, the
//! date its evidence gives, a disputed event's accounts side by side, and
//! per linked excerpt its stance and the date it asserts.
//!
//! Kept apart from `inspector.rs`, which calls in at two places.

use std::collections::HashMap;

use egui::{RichText, Ui};

use super::command::Command;
use super::view::ViewCtx;
use crate::action::{Action, EventFields};
use crate::model::date::Date;
use crate::model::evidence::{Stance, Status};
use crate::model::{EventId, ExcerptId};
use crate::review;

/// Width of an asserted-date field.
const ASSERTS_FIELD_WIDTH_POINTS: f32 = 130.0;
/// Most accounts shown side by side; more wrap onto further rows.
const ACCOUNT_COLUMNS: usize = 3;

/// What the user is typing in the asserted-date fields, per link, until
/// it is set with Enter.
#[derive(Debug, Default, Clone)]
pub struct LinkEdits {
    dates: HashMap<(EventId, ExcerptId), String>,
    errors: HashMap<(EventId, ExcerptId), String>,
}

/// "Status", with a combo of the statuses; a change is one action.
fn status_row(ui: &mut Ui, ctx: &ViewCtx<'_>, id: EventId, out: &mut Vec<Command>) {
    let current = ctx.notebook.evidence.status(id);
    ui.horizontal(|ui| {
        let label = ui.label("Status");
        let mut chosen = current;
        egui::ComboBox::from_id_salt(("event_status", id))
            .selected_text(current.name())
            .show_ui(ui, |ui| {
                for status in Status::ALL {
                    ui.selectable_value(&mut chosen, status, status.name());
                }
            })
            .response
            .labelled_by(label.id);
        if chosen != current {
            out.push(Command::Apply(Box::new(Action::SetEventStatus {
                id,
                status: chosen,
            })));
        }
    });
}

/// The status, the date the evidence gives (with a button to adopt it),
/// and a disputed event's accounts side by side with their sources.
pub(super) fn summary(ui: &mut Ui, ctx: &ViewCtx<'_>, id: EventId, out: &mut Vec<Command>) {
    let (notebook, theme) = (ctx.notebook, ctx.theme);
    let Some(event) = notebook.event(id) else {
        return;
    };
    status_row(ui, ctx, id, out);
    let evidence = notebook.evidence.of(id);
    if let Some(derived) = evidence.derived_date()
        && derived != event.date
    {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("Its evidence says {}", derived.display()))
                    .color(theme.weak_text),
            );
            if ui
                .small_button("Use this date")
                .on_hover_text("The narrowest date every supporting excerpt allows")
                .clicked()
            {
                let mut fields = EventFields::of(notebook, event);
                fields.date = derived;
                out.push(Command::Apply(Box::new(Action::UpdateEvent { id, fields })));
            }
        });
    }
    if !notebook.evidence.is_disputed(id) {
        return;
    }
    ui.add_space(super::theme::SECTION_GAP_POINTS);
    let why = if evidence.dates_conflict() {
        "Disputed: the sources disagree on the date"
    } else if evidence.links.iter().any(|l| l.stance == Stance::Disputes) {
        "Disputed: an excerpt disputes it"
    } else {
        "Disputed (set by hand)"
    };
    ui.label(
        RichText::new(format!("⚠ {why}"))
            .strong()
            .color(theme.disputed),
    );
    let accounts = review::accounts(notebook, id);
    for row in accounts.chunks(ACCOUNT_COLUMNS) {
        ui.columns(row.len(), |columns| {
            for (ui, account) in columns.iter_mut().zip(row) {
                // Columns are justified, and a label in a justified
                // layout spreads its words: read the account left-aligned.
                let left = egui::Layout::top_down(egui::Align::LEFT);
                ui.with_layout(left, |ui| {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.strong(&account.source_title);
                        if let Some(published) = &account.published {
                            ui.label(
                                RichText::new(format!("published {}", published.display()))
                                    .color(theme.weak_text),
                            );
                        }
                        let says = account
                            .asserts
                            .as_ref()
                            .map_or_else(|| "gives no date".to_owned(), Date::display);
                        ui.label(format!("{}: {says}", account.stance.name()));
                        let quote = ui
                            .add(
                                egui::Label::new(
                                    RichText::new(format!("“{}”", account.quote)).italics(),
                                )
                                .sense(egui::Sense::click()),
                            )
                            .on_hover_text("Open the source at this passage");
                        if quote.clicked() {
                            out.push(Command::OpenExcerpt(account.excerpt));
                        }
                    })
                });
            }
        });
    }
}

/// A linked excerpt's stance and asserted date, editable.
pub(super) fn link_row(
    ui: &mut Ui,
    ctx: &ViewCtx<'_>,
    (id, excerpt): (EventId, ExcerptId),
    edits: &mut LinkEdits,
    out: &mut Vec<Command>,
) {
    let notebook = ctx.notebook;
    let Some(link) = notebook.evidence.of(id).link(excerpt) else {
        return;
    };
    let stored = link
        .asserts
        .as_ref()
        .map(super::inspector::editable_date)
        .unwrap_or_default();
    let key = (id, excerpt);
    ui.horizontal_wrapped(|ui| {
        let mut stance = link.stance;
        egui::ComboBox::from_id_salt(("link_stance", id, excerpt))
            .selected_text(stance.name())
            .width(90.0)
            .show_ui(ui, |ui| {
                for s in Stance::ALL {
                    ui.selectable_value(&mut stance, s, s.name());
                }
            })
            .response
            .on_hover_text("How this excerpt bears on the event");
        if stance != link.stance {
            out.push(Command::Apply(Box::new(Action::SetLinkEvidence {
                event: id,
                excerpt,
                asserts: link.asserts.clone(),
                stance,
            })));
        }
        let label = ui.label("asserts");
        let text = edits.dates.entry(key).or_insert_with(|| stored.clone());
        let field = ui
            .add(
                egui::TextEdit::singleline(text)
                    .hint_text("no date")
                    .desired_width(ASSERTS_FIELD_WIDTH_POINTS),
            )
            .labelled_by(label.id)
            .on_hover_text("The date this excerpt gives for the event; Enter sets it");
        let submitted = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if submitted {
            let typed = text.trim().to_owned();
            let parsed = if typed.is_empty() {
                Ok(None)
            } else {
                Date::parse(&typed).map(Some).map_err(|e| e.to_string())
            };
            match parsed {
                Ok(asserts) if asserts != link.asserts => {
                    edits.errors.remove(&key);
                    edits.dates.remove(&key);
                    out.push(Command::Apply(Box::new(Action::SetLinkEvidence {
                        event: id,
                        excerpt,
                        asserts,
                        stance: link.stance,
                    })));
                }
                Ok(_) => {
                    edits.errors.remove(&key);
                }
                Err(e) => {
                    edits.errors.insert(key, e);
                }
            }
        } else if !field.has_focus() && !edits.errors.contains_key(&key) {
            // Not being typed in: follow the stored value (undo, redo).
            *text = stored;
        }
    });
    if let Some(error) = edits.errors.get(&key) {
        ui.label(RichText::new(error).color(ctx.theme.error_text));
    }
    if notebook.evidence.drifted.contains(&excerpt) {
        ui.label(
            RichText::new("drift: its source text changed after this quote was cut")
                .color(ctx.theme.error_text),
        );
    }
}
