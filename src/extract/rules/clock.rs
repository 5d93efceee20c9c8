//! Times of day: "6:45 a.m.", "18:30", "noon", with a time zone if written.

use super::super::token::Kind;
use super::{Clock, Parser};

/// Largest hour a 24-hour clock time may name.
const MAX_HOUR: i64 = 23;

/// Largest minute of an hour.
const MAX_MINUTE: i64 = 59;

impl Parser<'_> {
    /// "6:45 a.m.", "6 pm", "18:30", "noon", "midnight", with "GMT"/"UTC".
    pub(super) fn clock(&self, i: usize) -> Option<(usize, Clock)> {
        if let Some(w) = self.word(i) {
            let hour = match w {
                "noon" | "midday" => 12,
                "midnight" => 0,
                _ => return None,
            };
            return Some((
                i + 1,
                Clock {
                    hour,
                    minute: 0,
                    offset_minutes: None,
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
        let mut offset_minutes = None;
        if let Some(zone) = self.tok(end).filter(|t| t.kind == Kind::Word)
            && let Some(offset) = zone_offset_minutes(&zone.text)
        {
            offset_minutes = offset;
            end += 1;
        } else if self.is(end, "local") && self.is(end + 1, "time") {
            end += 2;
        }
        Some((
            end,
            Clock {
                hour: u32::try_from(hour).ok()?,
                minute: u32::try_from(minute).ok()?,
                offset_minutes,
            },
        ))
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

/// Minutes east of UTC of a time-zone abbreviation news writes after a time:
/// `Some(None)` for the zones whose offset depends on the season ("ET").
fn zone_offset_minutes(zone: &str) -> Option<Option<i32>> {
    Some(match zone {
        "GMT" | "UTC" | "Z" => Some(0),
        "EST" | "CDT" => Some(-300),
        "EDT" => Some(-240),
        "CST" | "MDT" => Some(-360),
        "MST" | "PDT" => Some(-420),
        "PST" => Some(-480),
        "BST" | "CET" => Some(60),
        "CEST" | "EET" => Some(120),
        "EEST" | "MSK" => Some(180),
        "JST" | "KST" => Some(540),
        "ET" | "CT" | "MT" | "PT" => None,
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
