//! Times of day: "6:45 a.m.", "18:30", "noon", with a time zone if written.

use super::super::token::Kind;
use super::{Clock, Parser, Zone};

/// Largest hour a 24-hour clock time may name.
const MAX_HOUR: i64 = 23;

/// Largest minute of an hour.
const MAX_MINUTE: i64 = 59;

impl Parser<'_> {
    /// "6:45 a.m.", "6 pm", "18:30", "noon", "midnight", with "GMT"/"UTC".
    pub(super) fn clock(&self, i: usize) -> Option<(usize, Clock)> {
        if let Some(found) = self.agency_clock(i) {
            return Some(found);
        }
        if let Some(w) = self.word(i) {
            let hour = match w {
                "noon" | "midday" => 12,
                "midnight" => 0,
                _ => return None,
            };
            let (end, zone) = self.zone(i + 1);
            return Some((
                end,
                Clock {
                    hour,
                    minute: 0,
                    zone,
                },
            ));
        }
        let h = self.tok(i)?;
        if h.kind != Kind::Number || h.grouped || h.digits > 2 || h.value > MAX_HOUR {
            return None;
        }
        let mut end = i + 1;
        let mut minute = 0;
        let mut minutes_written = false;
        let mut meridiem = meridiem_of(&h.suffix);
        if h.suffix.is_empty() && self.punct(end, ":") && self.attached(end) {
            let m = self.tok(end + 1)?;
            if m.kind != Kind::Number
                || m.digits != 2
                || m.value > MAX_MINUTE
                || !self.attached(end + 1)
            {
                return None;
            }
            minute = m.value;
            meridiem = meridiem_of(&m.suffix);
            if !(m.suffix.is_empty() || meridiem.is_some()) {
                return None;
            }
            minutes_written = true;
            end += 2;
        } else if !h.suffix.is_empty() && meridiem.is_none() {
            return None;
        }
        if meridiem.is_none()
            && let Some((after, pm)) = self.meridiem_words(end)
        {
            meridiem = Some(pm);
            end = after;
        }
        let hour = match meridiem {
            Some(pm) => {
                if !(1..=12).contains(&h.value) {
                    return None;
                }
                h.value % 12 + if pm { 12 } else { 0 }
            }
            // A bare number is a time only with minutes: "18:30".
            None if minutes_written => h.value,
            None => return None,
        };
        let (end, zone) = self.zone(end);
        Some((
            end,
            Clock {
                hour: u32::try_from(hour).ok()?,
                minute: u32::try_from(minute).ok()?,
                zone,
            },
        ))
    }

    /// "1800 GMT", "0930 UTC": a four-digit time, which news agencies write
    /// only with a zone after it.
    fn agency_clock(&self, i: usize) -> Option<(usize, Clock)> {
        let t = self.tok(i)?;
        if !(t.is_plain_number() && t.digits == AGENCY_TIME_DIGITS) {
            return None;
        }
        let (hour, minute) = (t.value / 100, t.value % 100);
        if hour > MAX_HOUR || minute > MAX_MINUTE {
            return None;
        }
        let (end, zone) = self.zone(i + 1);
        zone.is_written().then_some((
            end,
            Clock {
                hour: u32::try_from(hour).ok()?,
                minute: u32::try_from(minute).ok()?,
                zone,
            },
        ))
    }

    /// The zone at `i`, if one is written: "GMT", "ET", "local time",
    /// "Eastern time", "London time", "(1800 GMT)".
    fn zone(&self, i: usize) -> (usize, Zone) {
        if let Some(t) = self.tok(i).filter(|t| t.kind == Kind::Word)
            && let Some(zone) = zone_from_abbreviation(&t.text)
        {
            return (i + 1, zone);
        }
        if self.is(i + 1, "time")
            && let Some(zone) = self.word(i).and_then(zone_from_name)
        {
            return (i + 2, zone);
        }
        (i, Zone::Local)
    }

    /// "am", "a.m.", "pm", "p.m." at `i`: (end, is pm).
    pub(super) fn meridiem_words(&self, i: usize) -> Option<(usize, bool)> {
        let w = self.word(i)?;
        if let Some(pm) = meridiem_of(w) {
            let end = if self.punct(i + 1, ".") && self.attached(i + 1) {
                i + 2
            } else {
                i + 1
            };
            return Some((end, pm));
        }
        let pm = match w {
            "a" => false,
            "p" => true,
            _ => return None,
        };
        if !(self.punct(i + 1, ".")
            && self.attached(i + 1)
            && self.is(i + 2, "m")
            && self.attached(i + 2))
        {
            return None;
        }
        let end = if self.punct(i + 3, ".") && self.attached(i + 3) {
            i + 4
        } else {
            i + 3
        };
        Some((end, pm))
    }
}

/// True for a word that names a zone after a time, in any case ("GMT",
/// "ET", "London" of "London time"): a sentence does not end between "a.m."
/// and it.
pub(in crate::extract) fn is_zone_word(word: &str) -> bool {
    zone_from_abbreviation(&word.to_uppercase()).is_some()
        || zone_from_name(&word.to_lowercase()).is_some_and(Zone::is_written)
}

/// Digits of a news agency's time, "1800 GMT".
const AGENCY_TIME_DIGITS: usize = 4;

/// Minutes in an hour, for zone offsets.
const MINUTES_PER_HOUR: i32 = 60;

/// The zone of an abbreviation news writes after a time (upper case).
fn zone_from_abbreviation(zone: &str) -> Option<Zone> {
    let hours = |h: i32| Zone::Fixed(h * MINUTES_PER_HOUR);
    Some(match zone {
        "GMT" | "UTC" | "Z" => hours(0),
        "EST" | "CDT" => hours(-5),
        "EDT" => hours(-4),
        "CST" | "MDT" => hours(-6),
        "MST" | "PDT" => hours(-7),
        "PST" => hours(-8),
        "BST" | "CET" | "WAT" => hours(1),
        "CEST" | "EET" | "CAT" | "SAST" => hours(2),
        "EEST" | "MSK" | "EAT" => hours(3),
        "GST" => hours(4),
        "PKT" => hours(5),
        "ICT" | "WIB" => hours(7),
        "HKT" | "SGT" | "AWST" => hours(8),
        "JST" | "KST" => hours(9),
        "AEST" => hours(10),
        "AEDT" => hours(11),
        "NZST" => hours(12),
        "ET" => Zone::UnitedStates(-5 * MINUTES_PER_HOUR),
        "CT" => Zone::UnitedStates(-6 * MINUTES_PER_HOUR),
        "MT" => Zone::UnitedStates(-7 * MINUTES_PER_HOUR),
        "PT" => Zone::UnitedStates(-8 * MINUTES_PER_HOUR),
        _ => return None,
    })
}

/// The zone of a name written before "time" ("Eastern time", "London
/// time", "local time").
fn zone_from_name(name: &str) -> Option<Zone> {
    let hours = |h: i32| h * MINUTES_PER_HOUR;
    Some(match name {
        "local" => Zone::Local,
        "eastern" => Zone::UnitedStates(hours(-5)),
        "central" => Zone::UnitedStates(hours(-6)),
        "mountain" => Zone::UnitedStates(hours(-7)),
        "pacific" => Zone::UnitedStates(hours(-8)),
        "london" | "uk" | "british" | "lisbon" | "dublin" => Zone::Europe(0),
        "paris" | "berlin" | "brussels" | "rome" | "madrid" | "amsterdam" | "vienna" | "warsaw"
        | "geneva" => Zone::Europe(hours(1)),
        "kyiv" | "kiev" | "athens" | "helsinki" | "bucharest" => Zone::Europe(hours(2)),
        "moscow" => Zone::Fixed(hours(3)),
        "beijing" | "singapore" | "taipei" => Zone::Fixed(hours(8)),
        "tokyo" | "seoul" | "pyongyang" => Zone::Fixed(hours(9)),
        _ => return None,
    })
}

/// "am" → Some(false), "pm" → Some(true).
fn meridiem_of(text: &str) -> Option<bool> {
    match text {
        "am" => Some(false),
        "pm" => Some(true),
        _ => None,
    }
}
