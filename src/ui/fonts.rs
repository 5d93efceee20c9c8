//! Every script reads: egui's own fonts cover Latin, Greek and Cyrillic
//! only, so at start-up the system's fonts are searched (with `fontdb`, which
//! reads the usual Linux, macOS and Windows font folders and fontconfig) for
//! one that shows each script below, and the fonts found are added to egui's
//! fallback chain. No font is bundled: a CJK font alone is many megabytes.
//!
//! Choosing is pure (a database in, a plan out) so that tests can hand it a
//! folder of their own; installing the plan is the only step that touches
//! egui.

use std::collections::BTreeMap;
use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// A script the window must show, and text that proves a font shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Script {
    /// The script's name, as the status bar says it.
    pub name: &'static str,
    /// Characters a font must have to count as showing the script.
    pub sample: &'static str,
}

/// The scripts looked for, in the order their fonts join the fallback chain.
/// Chinese comes first among the CJK scripts: one CJK font usually covers
/// all three, and its Han characters are then drawn in the Chinese style.
pub const SCRIPTS: &[Script] = &[
    Script {
        name: "Chinese",
        sample: "中文习近平北京",
    },
    Script {
        name: "Japanese",
        sample: "ひらがなカタカナ東京",
    },
    Script {
        name: "Korean",
        sample: "김정은한국어",
    },
    Script {
        name: "Arabic",
        sample: "العربية",
    },
    Script {
        name: "Hebrew",
        sample: "עברית",
    },
    Script {
        name: "Devanagari",
        sample: "हिन्दी",
    },
    Script {
        name: "Thai",
        sample: "ภาษาไทย",
    },
    Script {
        name: "Emoji",
        sample: "😀🌍",
    },
];

/// Name prefix of a system font in egui's font definitions.
const FONT_NAME_PREFIX: &str = "system:";

/// egui's icon font: system fonts go before it, so that a character both
/// have is drawn from the font made for its script.
const ICON_FONT: &str = "egui-icons";

/// Family names preferred when several fonts show a script, best first
/// (common, complete, and sans-serif like egui's own font).
const PREFERRED_FAMILIES: &[&str] = &[
    "Noto Sans",
    "Source Han Sans",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
    "Segoe UI",
    "Microsoft YaHei",
    "Malgun Gothic",
    "Yu Gothic",
    "PingFang",
    "Hiragino Sans",
    "Apple SD Gothic Neo",
    "Noto",
];

/// One system font chosen as a fallback.
#[derive(Clone)]
pub struct Chosen {
    /// Its family name (for the log and the tests).
    pub family: String,
    /// The file it was read from (none for fonts loaded from memory).
    pub path: Option<std::path::PathBuf>,
    /// The scripts it was chosen for.
    pub scripts: Vec<&'static str>,
    /// The font file's bytes and the face's index in it.
    pub data: FontData,
}

impl std::fmt::Debug for Chosen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chosen")
            .field("family", &self.family)
            .field("scripts", &self.scripts)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Which fonts to add, and which scripts no font shows.
#[derive(Debug, Clone, Default)]
pub struct FontPlan {
    /// System fonts to add, in fallback order.
    pub chosen: Vec<Chosen>,
    /// Scripts egui's own fonts already show.
    pub built_in: Vec<&'static str>,
    /// Scripts no font shows: their text will be boxes.
    pub missing: Vec<&'static str>,
}

impl FontPlan {
    /// The status bar's one-time notice, when some script has no font.
    #[must_use]
    pub fn notice(&self) -> Option<String> {
        if self.missing.is_empty() {
            return None;
        }
        let names = self.missing.join(", ");
        Some(if self.chosen.is_empty() {
            format!(
                "No system font for {names} was found: such text shows as boxes (install e.g. the Noto fonts)"
            )
        } else {
            format!("No system font for {names}: such text shows as boxes")
        })
    }

    /// True when one of the chosen or built-in fonts shows `script`.
    #[must_use]
    pub fn covers(&self, script: &str) -> bool {
        self.built_in.contains(&script) || self.chosen.iter().any(|c| c.scripts.contains(&script))
    }
}

/// The system's fonts (the usual folders and fontconfig's).
#[must_use]
pub fn system_database() -> fontdb::Database {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    db
}

/// True when the font in `data` (face `index`) has a glyph for every
/// character of `sample`. A file that does not parse covers nothing.
fn covers(data: &[u8], index: u32, sample: &str) -> bool {
    ttf_parser::Face::parse(data, index).is_ok_and(|face| {
        sample
            .chars()
            .all(|c| face.glyph_index(c).is_some_and(|g| g.0 != 0))
    })
}

/// How well a face suits as a fallback: lower is better. Upright regular
/// proportional faces of a well-known family first; the family name breaks
/// ties so the choice does not depend on the order folders were read.
fn rank(face: &fontdb::FaceInfo) -> (bool, bool, u16, usize, String) {
    let family = face
        .families
        .first()
        .map(|(name, _)| name.clone())
        .unwrap_or_default();
    let preferred = PREFERRED_FAMILIES
        .iter()
        .position(|p| family.starts_with(p))
        .unwrap_or(PREFERRED_FAMILIES.len());
    (
        face.style != fontdb::Style::Normal,
        face.monospaced,
        face.weight.0.abs_diff(fontdb::Weight::NORMAL.0),
        preferred,
        family,
    )
}

/// Chooses a font for every script of [`SCRIPTS`] that `built_in` (egui's
/// fonts) lacks, from the faces in `db`. A font chosen for one script is
/// reused for the next when it covers it too.
#[must_use]
pub fn plan(db: &fontdb::Database, built_in: &FontDefinitions) -> FontPlan {
    let mut plan = FontPlan::default();
    let mut chosen_ids: Vec<fontdb::ID> = Vec::new();
    let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
    faces.sort_by_cached_key(|f| rank(f));
    for script in SCRIPTS {
        let in_built_in = built_in
            .font_data
            .values()
            .any(|d| covers(d.bytes(), d.index, script.sample));
        if in_built_in {
            plan.built_in.push(script.name);
            continue;
        }
        let reused = chosen_ids.iter().position(|id| {
            db.with_face_data(*id, |data, index| covers(data, index, script.sample))
                .unwrap_or(false)
        });
        if let Some(i) = reused {
            if let Some(chosen) = plan.chosen.get_mut(i) {
                chosen.scripts.push(script.name);
            }
            continue;
        }
        let found = faces.iter().find_map(|face| {
            db.with_face_data(face.id, |data, index| {
                covers(data, index, script.sample).then(|| (data.to_vec(), index))
            })
            .flatten()
            .map(|d| (face, d))
        });
        match found {
            Some((face, (bytes, index))) => {
                chosen_ids.push(face.id);
                let path = match &face.source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                        Some(path.clone())
                    }
                    fontdb::Source::Binary(_) => None,
                };
                plan.chosen.push(Chosen {
                    family: rank(face).4,
                    path,
                    scripts: vec![script.name],
                    data: FontData::from_blob(Arc::new(bytes), index),
                });
            }
            None => plan.missing.push(script.name),
        }
    }
    plan
}

/// `definitions` with the plan's fonts added to both families, after
/// egui's text fonts and before its icon and emoji fonts.
#[must_use]
pub fn with_fallbacks(mut definitions: FontDefinitions, plan: &FontPlan) -> FontDefinitions {
    let names: Vec<String> = plan
        .chosen
        .iter()
        .map(|c| format!("{FONT_NAME_PREFIX}{}", c.family))
        .collect();
    for (name, chosen) in names.iter().zip(&plan.chosen) {
        definitions
            .font_data
            .insert(name.clone(), Arc::new(chosen.data.clone()));
    }
    let families: &mut BTreeMap<FontFamily, Vec<String>> = &mut definitions.families;
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = families.entry(family).or_default();
        let at = list
            .iter()
            .position(|n| n == ICON_FONT)
            .unwrap_or(list.len());
        for (offset, name) in names.iter().enumerate() {
            list.insert(at + offset, name.clone());
        }
    }
    definitions
}

/// Finds the system's fonts, adds the fallbacks to `ctx` and returns the
/// notice for the status bar, if some script has no font.
pub fn install_system_fonts(ctx: &egui::Context) -> Option<String> {
    let db = system_database();
    let plan = plan(&db, &FontDefinitions::default());
    ctx.set_fonts(with_fallbacks(FontDefinitions::default(), &plan));
    plan.notice()
}
