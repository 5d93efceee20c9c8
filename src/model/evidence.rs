//! Evidence that reasons: what each excerpt asserts about the event it is
//! linked to, the event's status, and what follows from them.
//!
//! A link between an event and an excerpt carries the date the excerpt
//! asserts for the event (prefilled from the date suggestion inside the
//! excerpt) and a [`Stance`]. From the supporting links follow the event's
//! [derived date](derived_range) (the narrowest range every supporting
//! account allows) and whether it is [disputed](EventEvidence::is_disputed).
//! Pure data: no egui, no rusqlite.

use std::collections::{HashMap, HashSet};

use super::date::{Date, DayBound};
use super::ids::{EventId, ExcerptId};

/// How an excerpt bears on the event it is linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Stance {
    /// It says the event happened (at the date it asserts).
    #[default]
    Supports,
    /// It says the event did not happen, or not so.
    Disputes,
    /// It names the event without vouching for it.
    Mentions,
}

impl Stance {
    /// Every stance, in menu order.
    pub const ALL: [Self; 3] = [Self::Supports, Self::Disputes, Self::Mentions];

    /// The stored name ("supports").
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Supports => "supports",
            Self::Disputes => "disputes",
            Self::Mentions => "mentions",
        }
    }

    /// Reads a stored or typed name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// What the researcher says about an event's standing. `Disputed` may be
/// set by hand (a source denies the event happened at all); an event is
/// also *shown* disputed when its accounts disagree, whatever its status
/// (see [`EventEvidence::is_disputed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    /// A source reports it (the default).
    #[default]
    Reported,
    /// Confirmed, by the researcher's judgement or a later source.
    Confirmed,
    /// Announced or expected, not yet happened ("slated for this month").
    Planned,
    /// Announced, then called off.
    Cancelled,
    /// Contested.
    Disputed,
}

impl Status {
    /// Every status, in menu order.
    pub const ALL: [Self; 5] = [
        Self::Reported,
        Self::Confirmed,
        Self::Planned,
        Self::Cancelled,
        Self::Disputed,
    ];

    /// The stored name ("reported").
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Reported => "reported",
            Self::Confirmed => "confirmed",
            Self::Planned => "planned",
            Self::Cancelled => "cancelled",
            Self::Disputed => "disputed",
        }
    }

    /// Reads a stored or typed name ("canceled" is read too).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase();
        if name == "canceled" {
            return Some(Self::Cancelled);
        }
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// One excerpt's account of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The excerpt.
    pub excerpt: ExcerptId,
    /// The date it asserts for the event, if it gives one.
    pub asserts: Option<Date>,
    /// How it bears on the event.
    pub stance: Stance,
}

/// An inclusive range of day numbers; `i64::MIN`/`i64::MAX` for an
/// unbounded side (as the store keeps them).
pub type Days = (i64, i64);

/// The day range of a date, unbounded sides as `i64::MIN`/`i64::MAX`.
#[must_use]
pub fn days_of(date: &Date) -> Days {
    let b = date.bounds();
    (b.earliest_key(), b.latest_key())
}

/// True when two day ranges share a day.
#[must_use]
pub const fn overlap(a: Days, b: Days) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// The narrowest range every date allows: the intersection of their
/// ranges, or `None` when they do not all overlap (or there are none).
#[must_use]
pub fn derived_range<'a>(dates: impl IntoIterator<Item = &'a Date>) -> Option<Days> {
    let mut range: Option<Days> = None;
    for date in dates {
        let (from, to) = days_of(date);
        range = Some(match range {
            None => (from, to),
            Some((a, b)) => (a.max(from), b.min(to)),
        });
    }
    range.filter(|(a, b)| a <= b)
}

/// A date for a day range: the day, month or year it is exactly, or an
/// EDTF interval of days (`2023-09-10/2023-09-30`); open sides as `..`.
#[must_use]
pub fn date_from_days(range: Days) -> Option<Date> {
    let side = |d: i64, open: i64| {
        if d == open {
            DayBound::Open.iso()
        } else {
            DayBound::Day(d).iso()
        }
    };
    let (from, to) = (side(range.0, i64::MIN), side(range.1, i64::MAX));
    if range.0 != i64::MIN && range.1 != i64::MAX {
        // The whole day, month or year, when the range is exactly one.
        let mut candidates = vec![from.clone()];
        if let Some((month, _)) = from.rsplit_once('-') {
            candidates.push(month.to_owned());
            if let Some((year, _)) = month.rsplit_once('-')
                && !year.is_empty()
            {
                candidates.push(year.to_owned());
            }
        }
        for candidate in candidates.iter().rev() {
            if let Ok(date) = Date::parse_edtf(candidate)
                && days_of(&date) == range
            {
                return Some(date);
            }
        }
    }
    Date::parse_edtf(&format!("{from}/{to}")).ok()
}

/// The evidence of one event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventEvidence {
    /// Its status.
    pub status: Status,
    /// Its links, in the order they were made.
    pub links: Vec<Link>,
}

impl EventEvidence {
    /// The links that support it.
    pub fn supporting(&self) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(|l| l.stance == Stance::Supports)
    }

    /// The dates the supporting excerpts assert.
    pub fn asserted(&self) -> impl Iterator<Item = &Date> {
        self.supporting().filter_map(|l| l.asserts.as_ref())
    }

    /// True when two supporting excerpts assert dates that do not overlap.
    #[must_use]
    pub fn dates_conflict(&self) -> bool {
        let ranges: Vec<Days> = self.asserted().map(days_of).collect();
        ranges
            .iter()
            .enumerate()
            .any(|(i, a)| ranges[i + 1..].iter().any(|b| !overlap(*a, *b)))
    }

    /// True when the event is disputed: its supporting accounts assert
    /// dates that do not overlap, an excerpt disputes it, or the researcher
    /// set its status to disputed.
    #[must_use]
    pub fn is_disputed(&self) -> bool {
        self.status == Status::Disputed
            || self.dates_conflict()
            || self.links.iter().any(|l| l.stance == Stance::Disputes)
    }

    /// The narrowest date consistent with every supporting excerpt's
    /// asserted date; `None` without asserted dates or when they conflict.
    #[must_use]
    pub fn derived_date(&self) -> Option<Date> {
        derived_range(self.asserted()).and_then(date_from_days)
    }

    /// The link of an excerpt.
    #[must_use]
    pub fn link(&self, excerpt: ExcerptId) -> Option<&Link> {
        self.links.iter().find(|l| l.excerpt == excerpt)
    }
}

/// The SHA-256 digests an excerpt keeps (lower-case hex).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExcerptHashes {
    /// Of its quote, as cut.
    pub quote: String,
    /// Of its source's text when it was cut.
    pub source: String,
}

/// The evidence of the whole notebook, held beside the events in the
/// read model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evidence {
    /// Per event; an event without an entry is reported and unlinked.
    pub events: HashMap<EventId, EventEvidence>,
    /// Per excerpt, its digests.
    pub hashes: HashMap<ExcerptId, ExcerptHashes>,
    /// Excerpts whose source text changed after they were cut, or whose
    /// quote no longer matches its digest.
    pub drifted: HashSet<ExcerptId>,
}

/// The evidence of an event without any: reported, no links.
static NONE: std::sync::LazyLock<EventEvidence> = std::sync::LazyLock::new(EventEvidence::default);

impl Evidence {
    /// The evidence of an event (empty when it has none).
    #[must_use]
    pub fn of(&self, event: EventId) -> &EventEvidence {
        self.events.get(&event).unwrap_or(&NONE)
    }

    /// The status of an event.
    #[must_use]
    pub fn status(&self, event: EventId) -> Status {
        self.of(event).status
    }

    /// True when an event is disputed (see [`EventEvidence::is_disputed`]).
    #[must_use]
    pub fn is_disputed(&self, event: EventId) -> bool {
        self.events
            .get(&event)
            .is_some_and(EventEvidence::is_disputed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse_edtf(text).unwrap()
    }

    fn link(id: i64, asserts: Option<&str>, stance: Stance) -> Link {
        Link {
            excerpt: ExcerptId(id),
            asserts: asserts.map(d),
            stance,
        }
    }

    #[test]
    fn names_round_trip() {
        for s in Stance::ALL {
            assert_eq!(Stance::from_name(s.name()), Some(s));
        }
        for s in Status::ALL {
            assert_eq!(Status::from_name(s.name()), Some(s));
        }
        assert_eq!(Status::from_name("Canceled"), Some(Status::Cancelled));
        assert_eq!(Stance::from_name("denies"), None);
    }

    #[test]
    fn september_and_october_accounts_conflict() {
        let e = EventEvidence {
            status: Status::Reported,
            links: vec![
                link(1, Some("2023-09"), Stance::Supports),
                link(2, Some("2023-10"), Stance::Supports),
            ],
        };
        assert!(e.dates_conflict());
        assert!(e.is_disputed());
        assert_eq!(e.derived_date(), None);
    }

    #[test]
    fn the_derived_date_is_the_narrowest_consistent_range() {
        let e = EventEvidence {
            status: Status::Reported,
            links: vec![
                link(1, Some("2023"), Stance::Supports),
                link(2, Some("2023-09"), Stance::Supports),
                link(3, Some("2023-09-13"), Stance::Supports),
                // Neither a mention nor a dispute narrows it.
                link(4, Some("2024"), Stance::Mentions),
            ],
        };
        assert!(!e.dates_conflict());
        assert_eq!(e.derived_date(), Some(d("2023-09-13")));
        let month = EventEvidence {
            links: vec![
                link(1, Some("2023"), Stance::Supports),
                link(2, Some("2023-09"), Stance::Supports),
            ],
            ..EventEvidence::default()
        };
        assert_eq!(month.derived_date(), Some(d("2023-09")));
        let odd = EventEvidence {
            links: vec![
                link(1, Some("2023-09-10/2023-10-05"), Stance::Supports),
                link(2, Some("2023-09"), Stance::Supports),
            ],
            ..EventEvidence::default()
        };
        assert_eq!(odd.derived_date(), Some(d("2023-09-10/2023-09-30")));
    }

    #[test]
    fn a_disputing_excerpt_or_the_status_makes_it_disputed() {
        let e = EventEvidence {
            status: Status::Reported,
            links: vec![link(1, None, Stance::Disputes)],
        };
        assert!(e.is_disputed());
        assert!(!e.dates_conflict());
        let set = EventEvidence {
            status: Status::Disputed,
            links: vec![],
        };
        assert!(set.is_disputed());
        assert!(!EventEvidence::default().is_disputed());
    }

    #[test]
    fn day_ranges_become_the_plainest_date() {
        for text in [
            "2024-06-12",
            "2024-06",
            "2024",
            "-0043-03-15",
            "2023-09-10/2023-09-30",
        ] {
            let date = d(text);
            assert_eq!(date_from_days(days_of(&date)), Some(date), "{text}");
        }
        let open = date_from_days((days_of(&d("2024-06-12")).0, i64::MAX)).unwrap();
        assert_eq!(open.edtf(), "2024-06-12/..");
    }
}
