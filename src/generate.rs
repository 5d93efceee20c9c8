//! Synthetic notebooks for benchmarks and demos (`annals generate`).
//!
//! A generated notebook looks like a researcher's at scale: titles of four
//! to eight words (some in Russian, Korean, Chinese or Arabic), dates
//! spread over the years at mixed precision (days, months, years,
//! approximate years, a few ranges and times of day), a tenth of the events
//! tagged, and a few sources whose sentences are cut into excerpts that
//! support some events. It is built deterministically from a seed and
//! applied as one [`Action::ImportNotebook`], so the events go through the
//! bulk import path and the whole notebook is one undo step.

use crate::action::{
    Action, EventFields, EventImport, ImportedEvent, ImportedExcerpt, ImportedTrack,
    NotebookImport, SourceFields,
};
use crate::model::Uid;
use crate::model::date::Date;
use crate::model::date::calendar::{civil_from_day, day_from_civil, days_in_month};
use crate::model::notebook::Colour;
use crate::model::text::context_around;
use crate::store::{Store, StoreError, StoreResult};

/// The most events one run makes: beyond this the notebook is larger than
/// anything Annals is measured at (the stretch goal is ten million).
pub const MAX_EVENTS: usize = 20_000_000;
/// The most tracks: lanes beyond a few dozen are unreadable anyway.
pub const MAX_TRACKS: usize = 200;
/// The most years the dates spread over.
pub const MAX_YEARS: i64 = 5000;
/// The last year dates fall in.
const LAST_YEAR: i64 = 2025;
/// One event in this many is tagged (the 10%).
const TAGGED_ONE_IN: u64 = 10;
/// One title in this many contains "summit": a word in a tenth of the
/// events, the search benchmark.
const SUMMIT_ONE_IN: u64 = 10;
/// One title in this many is written in another script.
const FOREIGN_ONE_IN: u64 = 8;
/// Events per source; each source gets [`EXCERPTS_PER_SOURCE`] excerpts.
const EVENTS_PER_SOURCE: usize = 5_000;
/// The most sources a notebook gets (their text is read whole at open).
const MAX_SOURCES: usize = 200;
/// Excerpts cut from each source.
const EXCERPTS_PER_SOURCE: usize = 12;
/// Events each excerpt supports.
const EVENTS_PER_EXCERPT: usize = 3;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// How many events.
    pub events: usize,
    /// How many tracks (lanes); events are spread over them.
    pub tracks: usize,
    /// How many years, ending in 2025, the dates spread over.
    pub years: i64,
    /// The seed: the same spec makes the same notebook (up to uids).
    pub seed: u64,
}

impl Default for Spec {
    fn default() -> Self {
        Self {
            events: 1000,
            tracks: 5,
            years: 50,
            seed: 1,
        }
    }
}

/// What a generation made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Events added.
    pub events: usize,
    /// Sources added.
    pub sources: usize,
    /// Excerpts added.
    pub excerpts: usize,
    /// Links from excerpts to events.
    pub links: usize,
}

/// SplitMix64: small, fast, and the same on every platform (the tests of
/// the store's packed R*Tree draw from it too). The field is the seed.
#[derive(Debug, Clone)]
pub(crate) struct Random(pub(crate) u64);

impl Random {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        // The modulo bias is far below what a benchmark notices.
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        // Below the slice's length, so it fits a usize.
        &items[self.below(items.len() as u64) as usize]
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}

const TRACK_NAMES: &[&str] = &[
    "Diplomacy",
    "Military",
    "Визиты",
    "经济",
    "Space",
    "외교",
    "الطاقة",
    "Intelligence",
    "Trade",
    "Sanctions",
];

const TAG_NAMES: &[&str] = &[
    "summit",
    "sanctions",
    "missile",
    "satellite",
    "treaty",
    "санкции",
    "정상회담",
    "条约",
    "النفط",
    "disputed",
    "follow-up",
    "press",
];

const SUBJECTS: &[&str] = &[
    "Putin",
    "Kim",
    "Officials",
    "Delegation",
    "Ministry",
    "Parliament",
    "Council",
    "Envoy",
    "Navy",
    "Government",
    "Agency",
    "Committee",
];

const VERBS: &[&str] = &[
    "announces",
    "signs",
    "rejects",
    "launches",
    "visits",
    "hosts",
    "opens",
    "condemns",
    "approves",
    "delays",
    "reports",
    "meets",
];

const OBJECTS: &[&str] = &[
    "talks",
    "agreement",
    "satellite",
    "sanctions",
    "exercise",
    "pipeline",
    "railway",
    "embassy",
    "loan",
    "treaty",
    "inquiry",
    "ceasefire",
];

const PLACES: &[&str] = &[
    "in Pyongyang",
    "in Moscow",
    "in Vladivostok",
    "in Seoul",
    "in Beijing",
    "near the border",
    "at the port",
    "in the capital",
    "after long delays",
    "despite protests",
    "with partners",
    "for the region",
];

/// Titles in other scripts, four to eight words each.
const FOREIGN_TITLES: &[&str] = &[
    "Путин прибыл с визитом в Пхеньян",
    "Переговоры о новом договоре отложены снова",
    "정상회담 이후 공동 성명 발표",
    "북한 위성 발사 계획 공식 확인",
    "两国 领导人 在 边境 城市 会晤",
    "新 铁路 线路 正式 开通 运营",
    "توقيع اتفاقية جديدة للتعاون في الطاقة",
    "وفد رسمي يزور العاصمة لإجراء محادثات",
];

/// Sentences the sources are made of; excerpts are cut from them.
const SENTENCES: &[&str] = &[
    "The two leaders met at a summit in eastern Russia and agreed to expand their cooperation.",
    "Officials said the launch put the first military satellite into orbit.",
    "The ministry announced that the agreement would take effect within a year.",
    "Analysts cautioned that the figures could not be verified independently.",
    "Переговоры продолжались несколько часов и закончились подписанием договора.",
    "양국 정상은 회담 후 공동 성명을 발표했다.",
    "双方同意在边境地区扩大经济合作。",
    "وقال المسؤولون إن المحادثات ستستأنف الشهر المقبل.",
    "The delegation left the capital two days later without a statement.",
    "A spokesman declined to say when the talks would resume.",
];

fn title(random: &mut Random) -> String {
    if random.one_in(FOREIGN_ONE_IN) {
        return (*random.pick(FOREIGN_TITLES)).to_owned();
    }
    let mut words = vec![*random.pick(SUBJECTS), *random.pick(VERBS)];
    if random.one_in(SUMMIT_ONE_IN) {
        words.push("summit");
    } else {
        words.push(*random.pick(OBJECTS));
    }
    // Subject, verb and object are three words; a place adds two or three,
    // a second object one: four to eight in all.
    match random.below(4) {
        0 => words.push(*random.pick(OBJECTS)),
        1 => {}
        _ => words.extend(random.pick(PLACES).split(' ')),
    }
    if random.one_in(3) {
        words.push(*random.pick(OBJECTS));
    }
    if words.len() < 4 {
        words.push(*random.pick(OBJECTS));
    }
    words.join(" ")
}

/// A date on day `day` at a mixed precision, as EDTF.
fn edtf_on(random: &mut Random, day: i64) -> String {
    let (y, m, d) = civil_from_day(day);
    match random.below(100) {
        0..=59 => format!("{y:04}-{m:02}-{d:02}"),
        60..=74 => format!("{y:04}-{m:02}"),
        75..=84 => format!("{y:04}"),
        85..=89 => format!("{y:04}~"),
        90..=93 => format!("{y:04}-{m:02}-{d:02}?"),
        94..=96 => {
            let last = days_in_month(y, m);
            let end = day + i64::from(last) - i64::from(d) + random.below(60) as i64;
            let (ey, em, ed) = civil_from_day(end);
            format!("{y:04}-{m:02}-{d:02}/{ey:04}-{em:02}-{ed:02}")
        }
        _ => format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00",
            random.below(24),
            random.below(60)
        ),
    }
}

/// Refuses a spec out of range, with the option named.
///
/// # Errors
/// [`StoreError::Invalid`].
pub fn check(spec: &Spec) -> StoreResult<()> {
    if spec.events > MAX_EVENTS {
        return Err(StoreError::Invalid(format!(
            "--events {} is more than {MAX_EVENTS}",
            spec.events
        )));
    }
    if spec.tracks > MAX_TRACKS {
        return Err(StoreError::Invalid(format!(
            "--tracks {} is more than {MAX_TRACKS}",
            spec.tracks
        )));
    }
    if !(1..=MAX_YEARS).contains(&spec.years) {
        return Err(StoreError::Invalid(format!(
            "--years {} is not between 1 and {MAX_YEARS}",
            spec.years
        )));
    }
    Ok(())
}

/// The events, sources and excerpts of a generated notebook, as one import.
///
/// # Errors
/// [`StoreError::Invalid`] for a spec out of range.
pub fn plan(spec: &Spec) -> StoreResult<NotebookImport> {
    check(spec)?;
    let mut random = Random(spec.seed);
    let track_names: Vec<String> = (0..spec.tracks)
        .map(|i| match TRACK_NAMES.get(i) {
            Some(name) => (*name).to_owned(),
            None => format!("Track {}", i + 1),
        })
        .collect();
    let tracks = track_names
        .iter()
        .enumerate()
        .map(|(i, name)| ImportedTrack {
            uid: Uid::new(),
            name: name.clone(),
            colour: Colour::for_name(name),
            position: i as i64,
        })
        .collect();

    let first_day = day_from_civil(LAST_YEAR - spec.years + 1, 1, 1);
    let span_days = day_from_civil(LAST_YEAR + 1, 1, 1) - first_day;
    let mut new = Vec::with_capacity(spec.events);
    for i in 0..spec.events {
        // Evenly spread with a little jitter, so the events come out in
        // date order as a real chronology mostly does.
        let base = first_day + (i as i64 * span_days) / spec.events.max(1) as i64;
        let day = (base + random.below(3) as i64).min(first_day + span_days - 1);
        let edtf = edtf_on(&mut random, day);
        let date = Date::parse_edtf(&edtf).map_err(|e| {
            StoreError::Invalid(format!("generated date “{edtf}”: {}", e.message()))
        })?;
        let track = if track_names.is_empty() || random.one_in(20) {
            None
        } else {
            Some(random.pick(&track_names).clone())
        };
        let tags = if random.one_in(TAGGED_ONE_IN) {
            let mut tags = vec![(*random.pick(TAG_NAMES)).to_owned()];
            if random.one_in(3) {
                tags.push((*random.pick(TAG_NAMES)).to_owned());
            }
            tags
        } else {
            Vec::new()
        };
        let description = if random.one_in(4) {
            format!("{} {}", random.pick(SENTENCES), random.pick(SENTENCES))
        } else {
            String::new()
        };
        new.push(ImportedEvent {
            uid: None,
            fields: EventFields {
                title: title(&mut random),
                date,
                time_zone: None,
                description,
                track,
                tags,
            },
        });
    }

    let source_count = spec.events.div_ceil(EVENTS_PER_SOURCE).min(MAX_SOURCES);
    let mut sources = Vec::with_capacity(source_count);
    let mut excerpts = Vec::new();
    let mut links = Vec::new();
    for s in 0..source_count {
        let uid = Uid::new();
        let sentences: Vec<&str> = (0..EXCERPTS_PER_SOURCE * 2)
            .map(|_| *random.pick(SENTENCES))
            .collect();
        let body = sentences.join(" ");
        // Every other sentence is cut out as an excerpt.
        let mut at = 0;
        for (n, sentence) in sentences.iter().enumerate() {
            let length = sentence.chars().count();
            if n % 2 == 0 {
                let (prefix, suffix) = context_around(&body, at, at + length);
                let excerpt_uid = Uid::new();
                excerpts.push(ImportedExcerpt {
                    uid: excerpt_uid.clone(),
                    source: uid.clone(),
                    start: at,
                    end: at + length,
                    quote: (*sentence).to_owned(),
                    prefix,
                    suffix,
                    lost: false,
                    digests: None,
                });
                for _ in 0..EVENTS_PER_EXCERPT {
                    if new.is_empty() {
                        break;
                    }
                    // Below the number of events, so it fits a usize.
                    let count = new.len() as u64;
                    let event = &mut new[random.below(count) as usize];
                    let event_uid = event.uid.get_or_insert_with(Uid::new).clone();
                    links.push((event_uid, excerpt_uid.clone()));
                }
            }
            at += length + 1;
        }
        let year = LAST_YEAR - random.below(spec.years as u64) as i64;
        sources.push((
            uid,
            SourceFields {
                title: format!("Report {} — {}", s + 1, random.pick(PLACES)),
                outlet: (*random.pick(&["Reuters", "ТАСС", "연합뉴스", "新华社", "الجزيرة"]))
                    .to_owned(),
                author: String::new(),
                url: format!("https://example.org/report/{}", s + 1),
                published: Date::parse_edtf(&format!("{year:04}")).ok(),
                accessed: None,
                body,
                encoding: "UTF-8".to_owned(),
                file: None,
            },
        ));
    }
    Ok(NotebookImport {
        tracks,
        sources,
        excerpts,
        events: EventImport {
            from: format!("generate --events {}", spec.events),
            new,
            ..EventImport::default()
        },
        links,
        ..NotebookImport::default()
    })
}

/// Generates a notebook into `store` as one undoable import.
///
/// # Errors
/// As [`plan`], or the store's error.
pub fn generate(store: &mut Store, spec: &Spec) -> StoreResult<Generated> {
    let import = plan(spec)?;
    let generated = Generated {
        events: import.events.new.len(),
        sources: import.sources.len(),
        excerpts: import.excerpts.len(),
        links: import.links.len(),
    };
    store.apply(&Action::ImportNotebook(Box::new(import)))?;
    Ok(generated)
}
