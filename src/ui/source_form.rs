//! The Add source form: the fields of a source pasted in, read into one
//! action, and drawn in a modal.

use egui::{RichText, Ui};

use super::theme::{self, Theme};
use crate::action::{Action, SourceFields};
use crate::model::date::Date;

/// The paste-in form for a new source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SourceForm {
    /// Title.
    pub title: String,
    /// Outlet.
    pub outlet: String,
    /// Author(s).
    pub author: String,
    /// URL.
    pub url: String,
    /// Publication date as typed.
    pub published: String,
    /// Access date as typed.
    pub accessed: String,
    /// The pasted text.
    pub text: String,
}

impl SourceForm {
    /// The action that adds the source, or what is wrong.
    ///
    /// # Errors
    /// A message for the user.
    pub fn action(&self) -> Result<Action, String> {
        if self.title.trim().is_empty() {
            return Err("the title is empty".to_owned());
        }
        if self.text.trim().is_empty() {
            return Err("paste the source's text".to_owned());
        }
        let date = |text: &str, what: &str| -> Result<Option<Date>, String> {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                Date::parse(text)
                    .map(Some)
                    .map_err(|e| format!("{what}: {e}"))
            }
        };
        Ok(Action::CreateSource(SourceFields {
            title: self.title.clone(),
            outlet: self.outlet.clone(),
            author: self.author.clone(),
            url: self.url.clone(),
            published: date(&self.published, "published")?,
            accessed: date(&self.accessed, "accessed")?,
            body: self.text.replace("\r\n", "\n"),
            encoding: "UTF-8".to_owned(),
            file: None,
        }))
    }
}

/// The Add source form, in a modal; returns (add, cancel).
pub fn form(ui: &mut Ui, form: &mut SourceForm, theme: &Theme) -> (bool, bool) {
    ui.heading("Add a source");
    let field = |ui: &mut Ui, label: &str, text: &mut String, hint: &str| {
        let label = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    };
    egui::Grid::new("source_form")
        .num_columns(2)
        .show(ui, |ui| {
            field(ui, "Title", &mut form.title, "Headline or document name");
            ui.end_row();
            field(ui, "Outlet", &mut form.outlet, "Newspaper, agency, archive");
            ui.end_row();
            field(ui, "Author", &mut form.author, "");
            ui.end_row();
            field(ui, "URL", &mut form.url, "https://…");
            ui.end_row();
            field(ui, "Published", &mut form.published, "e.g. 12 June 2024");
            ui.end_row();
            ui.label("");
            date_feedback(ui, &form.published, theme);
            ui.end_row();
            field(ui, "Accessed", &mut form.accessed, "when you read it");
            ui.end_row();
            ui.label("");
            date_feedback(ui, &form.accessed, theme);
            ui.end_row();
        });
    let label = ui.label("Text");
    egui::ScrollArea::vertical()
        .max_height(theme::FORM_TEXT_HEIGHT_POINTS)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut form.text)
                    .hint_text("Paste the article or document here")
                    .desired_rows(10)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
    let action = form.action();
    let reason = action.as_ref().err().map_or("", String::as_str);
    theme::feedback(ui, RichText::new(reason).color(theme.weak_text));
    ui.horizontal(|ui| {
        let add = ui
            .add_enabled(action.is_ok(), egui::Button::new("Add source"))
            .clicked();
        let cancel = ui.button("Cancel").clicked();
        (add, cancel)
    })
    .inner
}

/// Live feedback under a date field: how it reads, or what is wrong.
pub(crate) fn date_feedback(ui: &mut Ui, text: &str, theme: &Theme) {
    let line = if text.trim().is_empty() {
        RichText::new("")
    } else {
        match Date::parse(text) {
            Ok(date) => RichText::new(format!(
                "✔ {} · {} precision",
                date.display(),
                date.precision()
            ))
            .color(theme.ok_text),
            Err(e) => RichText::new(e.to_string()).color(theme.error_text),
        }
    };
    theme::feedback(ui, line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> SourceForm {
        SourceForm {
            title: "Visit warnings".into(),
            outlet: "Wire".into(),
            published: "12 June 2024".into(),
            text: "Line one.\r\nLine two.".into(),
            ..SourceForm::default()
        }
    }

    #[test]
    fn a_filled_form_is_one_create_source_action() {
        let Ok(Action::CreateSource(fields)) = filled().action() else {
            panic!("{:?}", filled().action())
        };
        assert_eq!(fields.title, "Visit warnings");
        assert_eq!(fields.outlet, "Wire");
        assert_eq!(fields.published.unwrap().edtf(), "2024-06-12");
        assert_eq!(fields.accessed, None);
        assert_eq!(
            fields.body, "Line one.\nLine two.",
            "Windows line ends are unified"
        );
        assert_eq!(fields.encoding, "UTF-8");
    }

    #[test]
    fn what_is_missing_or_unreadable_is_said() {
        let untitled = SourceForm {
            title: " ".into(),
            ..filled()
        };
        assert_eq!(untitled.action(), Err("the title is empty".to_owned()));
        let empty = SourceForm {
            text: "\n".into(),
            ..filled()
        };
        assert_eq!(empty.action(), Err("paste the source's text".to_owned()));
        let bad = SourceForm {
            accessed: "2024-02-30".into(),
            ..filled()
        };
        assert!(bad.action().unwrap_err().starts_with("accessed: "));
    }
}
