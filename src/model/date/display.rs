//! Display text a person reads: "13 September 2023", "c. 1850", "44 BC",
//! "March 2020 – ongoing", "13–14 Sep 2023".
//!
//! Every text produced here for the common forms is read back by the natural
//! parser to the same date (a property test holds the two together).

use edtf_core::{
    Date as EdtfDate, DateField, Edtf, Interval, IntervalEndpoint, Set, SetElement, SetKind,
    TimeShift, YearKind,
};

use super::calendar::{MONTH_ABBREVIATIONS, MONTH_NAMES};
use super::parts::narrowed_edtf;
use super::words::Part;
use super::{Date, year_span};

/// The display text of any parsed EDTF value.
pub(super) fn display(edtf: &Edtf) -> String {
    match edtf {
        Edtf::Date(d) => qualified(d, &date_body(d, MonthStyle::Full)),
        Edtf::DateTime(dt) => {
            let mut text = date_body(&dt.date, MonthStyle::Full);
            let t = dt.time;
            text.push_str(&format!(", {:02}:{:02}", t.hour, t.minute));
            if t.second != 0 {
                text.push_str(&format!(":{:02}", t.second));
            }
            match t.shift {
                None => {}
                Some(TimeShift::Utc) => text.push_str(" UTC"),
                Some(TimeShift::Offset { minutes, .. }) => {
                    let sign = if minutes < 0 { '−' } else { '+' };
                    let magnitude = minutes.unsigned_abs();
                    text.push_str(&format!(
                        " UTC{sign}{:02}:{:02}",
                        magnitude / 60,
                        magnitude % 60
                    ));
                }
            }
            text
        }
        Edtf::Interval(iv) => interval(iv),
        Edtf::Set(set) => set_text(set),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MonthStyle {
    Full,
    Short,
}

fn month_name(month: u8, style: MonthStyle) -> &'static str {
    let index = usize::from(month.clamp(1, 12) - 1);
    match style {
        MonthStyle::Full => MONTH_NAMES[index],
        MonthStyle::Short => MONTH_ABBREVIATIONS[index],
    }
}

/// Adds "c." for approximate and "?" for uncertain.
fn qualified(date: &EdtfDate, body: &str) -> String {
    let prefix = if date.is_approximate() { "c. " } else { "" };
    let suffix = if date.is_uncertain() { "?" } else { "" };
    format!("{prefix}{body}{suffix}")
}

/// Groups thousands for years beyond four digits: 12000 → "12,000".
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Years below this get an "AD" so "January AD 1" cannot read as a day.
const FIRST_PLAIN_YEAR: i64 = 1000;

/// An astronomical year as read: 2023 → "2023", 476 → "AD 476",
/// -43 → "44 BC", 0 → "1 BC".
pub fn year_text(year: i64) -> String {
    if year <= 0 {
        format!("{} BC", group_thousands((1 - year).unsigned_abs()))
    } else if year < FIRST_PLAIN_YEAR {
        format!("AD {year}")
    } else {
        group_thousands(year.unsigned_abs())
    }
}

fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The year part: exact years, decades ("1990s"), centuries
/// ("12th century" for `11XX`, as news and catalogues write it), millennia.
fn year_part(date: &EdtfDate) -> String {
    let YearKind::Standard { negative, digits } = date.year.kind else {
        return match (date.year.value(), date.year.significant_digits) {
            (Some(v), None) => year_text(v),
            _ => span_years(date),
        };
    };
    if date.year.significant_digits.is_some() {
        return span_years(date);
    }
    if let Some(value) = date.year.value() {
        return year_text(value);
    }
    let known: Vec<u8> = digits.iter().map_while(|d| *d).collect();
    let trailing_unknown = digits.iter().rev().take_while(|d| d.is_none()).count();
    if negative {
        // "-01XX" has no name that reads unambiguously ("the 100s BC"
        // counts backwards): give its years, "200–101 BC".
        return match year_span(date) {
            Some((a, b)) if a <= 0 && b <= 0 => format!("{}–{} BC", 1 - a, 1 - b),
            _ => written_year(date),
        };
    }
    if known.len() + trailing_unknown != 4 {
        // Masks in the middle of a year (`19X5`) have no common name.
        return written_year(date);
    }
    let prefix = known.iter().fold(0i64, |acc, d| acc * 10 + i64::from(*d));
    match trailing_unknown {
        0 => year_text(prefix),
        // "1900s" alone reads as the century, so a decade starting a century
        // says so; 2000s is universally the decade.
        1 if prefix % 10 == 0 && prefix != 200 => format!("{}s (decade)", prefix * 10),
        1 if prefix * 10 < FIRST_PLAIN_YEAR => format!("AD {}s", prefix * 10),
        1 => format!("{}s", prefix * 10),
        2 => format!("{} century", ordinal(prefix + 1)),
        3 => format!("{} millennium", ordinal(prefix + 1)),
        _ => "unknown year".to_owned(),
    }
}

/// The year exactly as written in EDTF (`19X5`), for masks without a name.
fn written_year(date: &EdtfDate) -> String {
    let YearKind::Standard { negative, digits } = date.year.kind else {
        return span_years(date);
    };
    let mut text = String::new();
    if negative {
        text.push('-');
    }
    for d in digits {
        text.push(d.map_or('X', |v| char::from(b'0' + v)));
    }
    text
}

/// "1900–1999" for a year only known to lie in a span.
fn span_years(date: &EdtfDate) -> String {
    match year_span(date) {
        Some((a, b)) if a == b => year_text(a),
        Some((a, b)) => format!("{}–{}", year_text(a), year_text(b)),
        None => "an unknown year".to_owned(),
    }
}

fn sub_year_name(code: u8) -> &'static str {
    match code {
        21 => "spring",
        22 => "summer",
        23 => "autumn",
        24 => "winter",
        25 => "spring (Northern Hemisphere)",
        26 => "summer (Northern Hemisphere)",
        27 => "autumn (Northern Hemisphere)",
        28 => "winter (Northern Hemisphere)",
        29 => "spring (Southern Hemisphere)",
        30 => "summer (Southern Hemisphere)",
        31 => "autumn (Southern Hemisphere)",
        32 => "winter (Southern Hemisphere)",
        33 => "Q1",
        34 => "Q2",
        35 => "Q3",
        36 => "Q4",
        37 => "first four months of",
        38 => "second four months of",
        39 => "last four months of",
        40 => "first half of",
        _ => "second half of",
    }
}

/// The span of month numbers a partly unspecified field (`1X`) may hold.
fn field_span(field: DateField, max: u8) -> (u8, u8) {
    let matches = |v: u8| {
        field.digits[0].is_none_or(|d| d == v / 10) && field.digits[1].is_none_or(|d| d == v % 10)
    };
    let first = (1..=max).find(|v| matches(*v)).unwrap_or(1);
    let last = (1..=max).rev().find(|v| matches(*v)).unwrap_or(max);
    (first, last)
}

/// A date without its qualifiers.
fn date_body(date: &EdtfDate, style: MonthStyle) -> String {
    let year = year_part(date);
    let Some(month) = date.month else {
        return year;
    };
    let Some(month_value) = month.value() else {
        if month.digits.iter().all(Option::is_none) {
            return format!("{year}, month unknown");
        }
        let (first, last) = field_span(month, 12);
        return format!(
            "{}–{} {year}",
            month_name(first, style),
            month_name(last, style)
        );
    };
    if month_value > 12 {
        return format!("{} {year}", sub_year_name(month_value));
    }
    let month_text = month_name(month_value, style);
    let Some(day) = date.day else {
        return format!("{month_text} {year}");
    };
    match day.value() {
        Some(d) => format!("{d} {month_text} {year}"),
        None if day.digits.iter().all(Option::is_none) => {
            format!("{month_text} {year}, day unknown")
        }
        None => {
            let (first, last) = field_span(day, 31);
            format!("{first}–{last} {month_text} {year}")
        }
    }
}

/// A plain (unqualified, fully specified, four-digit year) date's parts.
fn plain_parts(date: &EdtfDate) -> Option<(i64, Option<u8>, Option<u8>)> {
    if date.year.qualifier.is_qualified()
        || date.month.is_some_and(|m| m.qualifier.is_qualified())
        || date.day.is_some_and(|d| d.qualifier.is_qualified())
        || date.has_unspecified()
        || !matches!(date.year.kind, YearKind::Standard { .. })
    {
        return None;
    }
    let year = date.year.value()?;
    let month = match date.month {
        Some(m) => Some(m.value().filter(|v| *v <= 12)?),
        None => None,
    };
    Some((year, month, date.day.and_then(DateField::value)))
}

/// Compact text for two plain dates of the same shape: "13–14 Sep 2023",
/// "30 Sep – 2 Oct 2023", "September–November 2023", "1914–1918".
fn compact_range(a: &EdtfDate, b: &EdtfDate) -> Option<String> {
    let (ya, ma, da) = plain_parts(a)?;
    let (yb, mb, db) = plain_parts(b)?;
    let short = MonthStyle::Short;
    let full = MonthStyle::Full;
    match (ma, da, mb, db) {
        (Some(ma), Some(da), Some(mb), Some(db)) => Some(if ya == yb && ma == mb {
            format!("{da}–{db} {} {}", month_name(ma, short), year_text(ya))
        } else if ya == yb {
            format!(
                "{da} {} – {db} {} {}",
                month_name(ma, short),
                month_name(mb, short),
                year_text(ya)
            )
        } else {
            format!(
                "{da} {} {} – {db} {} {}",
                month_name(ma, short),
                year_text(ya),
                month_name(mb, short),
                year_text(yb)
            )
        }),
        (Some(ma), None, Some(mb), None) => Some(if ya == yb {
            format!(
                "{}–{} {}",
                month_name(ma, full),
                month_name(mb, full),
                year_text(ya)
            )
        } else {
            format!(
                "{} {} – {} {}",
                month_name(ma, full),
                year_text(ya),
                month_name(mb, full),
                year_text(yb)
            )
        }),
        (None, None, None, None) => Some(if ya <= 0 && yb <= 0 {
            format!("{}–{} BC", 1 - ya, 1 - yb)
        } else if ya <= 0 {
            format!("{} – {}", year_text(ya), year_text(yb))
        } else {
            format!("{}–{}", year_text(ya), year_text(yb))
        }),
        _ => None,
    }
}

fn full(date: &EdtfDate) -> String {
    qualified(date, &date_body(date, MonthStyle::Full))
}

fn interval(iv: &Interval) -> String {
    use IntervalEndpoint as E;
    match (&iv.start, &iv.end) {
        (E::Date(a), E::Date(b)) => part_name(a, b)
            .or_else(|| compact_range(a, b))
            .unwrap_or_else(|| format!("{} – {}", full(a), full(b))),
        (start, end) => {
            let start_text = match start {
                E::Date(d) => full(d),
                E::OnOrBefore(d) => format!("on or before {}", full(d)),
                E::OnOrAfter(d) => format!("on or after {}", full(d)),
                E::Open => return format!("until {}", end_text(end)),
                E::Unknown => "start unknown".to_owned(),
            };
            format!("{start_text} – {}", end_text(end))
        }
    }
}

/// Years the decade, century and millennium a year lies in start at.
const SPAN_YEARS: [i64; 3] = [10, 100, 1000];

/// "late 1970s" for `1977~/1979~`: an interval of approximate ends that is
/// exactly the early, middle or late part of a decade, century, millennium,
/// year or month (see [`narrowed_edtf`]), named the way the date field
/// reads it back.
fn part_name(a: &EdtfDate, b: &EdtfDate) -> Option<String> {
    let approximate_only = |d: &EdtfDate| d.is_approximate() && !d.is_uncertain();
    if !(approximate_only(a) && approximate_only(b)) {
        return None;
    }
    let year = a.year.value().filter(|y| (1..=9999).contains(y))?;
    let text = format!("{}/{}", Edtf::Date(*a), Edtf::Date(*b));
    let wholes: Vec<String> = match (a.month.and_then(DateField::value), a.day) {
        (None, None) => SPAN_YEARS
            .iter()
            .map(|span| {
                let start = year - year % span;
                let digits = span.ilog10() as usize;
                let kept = format!("{start:04}");
                format!("{}{}", &kept[..4 - digits], "X".repeat(digits))
            })
            .collect(),
        (Some(1..=12), None) => vec![format!("{year:04}")],
        (Some(month @ 1..=12), Some(_)) => vec![format!("{year:04}-{month:02}")],
        _ => return None,
    };
    for whole in wholes {
        let date = Date::parse_edtf(&whole).ok()?;
        for part in [Part::Early, Part::Mid, Part::Late] {
            if narrowed_edtf(&date, part).as_deref() == Some(text.as_str()) {
                let name = date.display();
                return Some(match part {
                    Part::Mid => format!("mid-{name}"),
                    _ => format!("{} {name}", part.name()),
                });
            }
        }
    }
    None
}

fn end_text(end: &IntervalEndpoint) -> String {
    match end {
        IntervalEndpoint::Date(d) => full(d),
        IntervalEndpoint::OnOrBefore(d) => format!("on or before {}", full(d)),
        IntervalEndpoint::OnOrAfter(d) => format!("on or after {}", full(d)),
        IntervalEndpoint::Open => "ongoing".to_owned(),
        IntervalEndpoint::Unknown => "end unknown".to_owned(),
    }
}

fn set_text(set: &Set) -> String {
    let items: Vec<String> = set
        .elements
        .iter()
        .map(|element| match element {
            SetElement::Date(d) => full(d),
            SetElement::OnOrBefore(d) => format!("before {}", full(d)),
            SetElement::OnOrAfter(d) => format!("after {}", full(d)),
            SetElement::Range(a, b) => {
                compact_range(a, b).unwrap_or_else(|| format!("{} – {}", full(a), full(b)))
            }
        })
        .collect();
    match (set.kind, items.as_slice()) {
        (SetKind::OneMember, [only]) if !matches!(set.elements[0], SetElement::Date(_)) => {
            only.clone()
        }
        (SetKind::OneMember, _) => format!("one of {}", items.join(", ")),
        (SetKind::AllMembers, _) => format!("all of {}", items.join(", ")),
    }
}
