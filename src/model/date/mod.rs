//! The date model: what a researcher's date means.
//!
//! The stored truth is an EDTF string (Library of Congress Extended
//! Date/Time Format, the ISO 8601-2 profile). Parsing is delegated to the
//! pinned `edtf-core` crate and kept behind [`Date`]; everything a reader or
//! the timeline needs — precision, strict and fuzzy day bounds, a sort key
//! and a display text — is derived here so the rest of Annals never touches
//! the crate directly.

pub mod calendar;
mod display;
mod natural;
pub mod parts;
pub mod words;

pub use display::year_text;

use std::fmt;

use edtf_core::{Bound, Edtf, IntervalEndpoint, SetElement, YearKind};

use calendar::{SECONDS_PER_DAY, add_months, civil_from_day, day_from_civil, days_in_month};

/// A parsed, valid date in EDTF, with everything derived from it.
///
/// Cheap to clone and small (one pointer): the parsed value is shared, so
/// the events of a notebook that share a date text share one copy of it (a
/// million events over fifty years have some tens of thousands of distinct
/// dates; measured in `benches/scale.rs`'s memory figure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    inner: std::sync::Arc<Parsed>,
}

/// What a [`Date`] shares among its clones.
#[derive(Debug, PartialEq, Eq)]
struct Parsed {
    edtf: Edtf,
    canonical: Box<str>,
}

/// Why a text is not a date, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DateError {
    message: String,
}

impl DateError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The message shown to the user.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// How finely a date is known, from millennium down to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `1XXX`: some year in a thousand-year span.
    Millennium,
    /// `19XX`: some year in a hundred-year span.
    Century,
    /// `199X`: some year in a ten-year span.
    Decade,
    /// `2023`.
    Year,
    /// Seasons, four-month and half-year groupings (`2024-21`, `2024-40`).
    Season,
    /// Quarters (`2024-33` … `2024-36`).
    Quarter,
    /// `2023-09`.
    Month,
    /// `2023-09-13`.
    Day,
    /// `2023-09-13T10:30:00`.
    Second,
}

impl Precision {
    /// Lower-case English name ("month"), used in the CLI, JSON and the UI.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Millennium => "millennium",
            Self::Century => "century",
            Self::Decade => "decade",
            Self::Year => "year",
            Self::Season => "season",
            Self::Quarter => "quarter",
            Self::Month => "month",
            Self::Day => "day",
            Self::Second => "second",
        }
    }

    /// Reads a name written by [`Precision::name`].
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Millennium,
            Self::Century,
            Self::Decade,
            Self::Year,
            Self::Season,
            Self::Quarter,
            Self::Month,
            Self::Day,
            Self::Second,
        ]
        .into_iter()
        .find(|p| p.name() == name)
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One side of a date's extent, as a day number (days since 1970-01-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayBound {
    /// A known calendar day.
    Day(i64),
    /// Unbounded on purpose: `2020-03/..` runs on, `[..1066]` has no start.
    Open,
    /// Not known: `2020-03/` has an end nobody recorded.
    Unknown,
}

impl DayBound {
    /// The day number, when there is one.
    #[must_use]
    pub const fn day(self) -> Option<i64> {
        match self {
            Self::Day(d) => Some(d),
            Self::Open | Self::Unknown => None,
        }
    }

    /// ISO 8601 text of the day (`-0043-03-15`, `+12000-01-01`), or `..`
    /// for an open side and an empty string for an unknown one, as in EDTF.
    #[must_use]
    pub fn iso(self) -> String {
        match self {
            Self::Day(d) => calendar::iso_from_day(d),
            Self::Open => "..".to_owned(),
            Self::Unknown => String::new(),
        }
    }
}

/// The earliest and latest day a date may cover, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayRange {
    /// First day the date may cover.
    pub earliest: DayBound,
    /// Last day the date may cover.
    pub latest: DayBound,
}

impl DayRange {
    /// Earliest day, with an unbounded side as `i64::MIN`, for range queries.
    #[must_use]
    pub const fn earliest_key(&self) -> i64 {
        match self.earliest {
            DayBound::Day(d) => d,
            DayBound::Open | DayBound::Unknown => i64::MIN,
        }
    }

    /// Latest day, with an unbounded side as `i64::MAX`, for range queries.
    #[must_use]
    pub const fn latest_key(&self) -> i64 {
        match self.latest {
            DayBound::Day(d) => d,
            DayBound::Open | DayBound::Unknown => i64::MAX,
        }
    }
}

/// How far a qualifier widens a bound: a number of days or of months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Widening {
    Days(i64),
    Months(i64),
    None,
}

impl Date {
    /// Reads a stored EDTF string. Use [`Date::parse`] for what a person typed.
    ///
    /// # Errors
    /// A [`DateError`] saying what is wrong and where.
    pub fn parse_edtf(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(DateError::new("the date is empty"));
        }
        let edtf = match Edtf::parse(trimmed) {
            Ok(edtf) => edtf,
            Err(error) => match negative_masked(trimmed) {
                Some(edtf) => edtf,
                None => return Err(natural::explain_edtf_error(trimmed, &error)),
            },
        };
        check_leap_second(&edtf, trimmed)?;
        Ok(Self::from_edtf(edtf))
    }

    /// Wraps a parsed value with its canonical text.
    fn from_edtf(edtf: Edtf) -> Self {
        let canonical = edtf.to_string().into_boxed_str();
        Self {
            inner: std::sync::Arc::new(Parsed { edtf, canonical }),
        }
    }

    /// Reads what a person typed into a date field: EDTF (`2023-09`) or a
    /// natural form (`Sept 2023`, `c. 1850`, `44 BC`, `before 1066`,
    /// `between March and May 1917`).
    ///
    /// # Errors
    /// A [`DateError`] saying what is wrong, with examples of accepted forms
    /// when the text is not recognisable as a date at all.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(DateError::new("the date is empty"));
        }
        if let Some(edtf) = Edtf::parse(trimmed)
            .ok()
            .or_else(|| negative_masked(trimmed))
        {
            check_leap_second(&edtf, trimmed)?;
            return Ok(Self::from_edtf(edtf));
        }
        let edtf_text = natural::edtf_from_natural(trimmed)?;
        Self::parse_edtf(&edtf_text)
    }

    /// The canonical EDTF text, which is what the notebook stores.
    #[must_use]
    pub fn edtf(&self) -> &str {
        &self.inner.canonical
    }

    /// The text a person reads: "13 September 2023", "c. 1850", "44 BC".
    #[must_use]
    pub fn display(&self) -> String {
        display::display(&self.inner.edtf)
    }

    /// True if any part is marked approximate (`~` or `%`).
    #[must_use]
    pub fn is_approximate(&self) -> bool {
        self.inner.edtf.is_approximate()
    }

    /// True if any part is marked uncertain (`?` or `%`).
    #[must_use]
    pub fn is_uncertain(&self) -> bool {
        self.inner.edtf.is_uncertain()
    }

    /// True for a range (interval) rather than a single date or a set.
    #[must_use]
    pub fn is_interval(&self) -> bool {
        matches!(self.inner.edtf, Edtf::Interval(_))
    }

    /// True for a "one of" set (`[1667,1668]`, `[..1066]`): the event
    /// happened once, at a time somewhere within the bounds.
    #[must_use]
    pub fn is_one_of(&self) -> bool {
        matches!(&self.inner.edtf, Edtf::Set(set) if set.kind == edtf_core::SetKind::OneMember)
    }

    /// True when the start runs off into the past (`../2020`, `[..1066]`).
    #[must_use]
    pub fn is_open_start(&self) -> bool {
        self.bounds().earliest == DayBound::Open
    }

    /// True when the end runs on (`2020-03/..`, `[1500..]`).
    #[must_use]
    pub fn is_open_end(&self) -> bool {
        self.bounds().latest == DayBound::Open
    }

    /// How finely the date is known. For a range, the precision of its start
    /// (or of its end when the start is not dated).
    #[must_use]
    pub fn precision(&self) -> Precision {
        match &self.inner.edtf {
            Edtf::Date(d) => date_precision(d),
            Edtf::DateTime(_) => Precision::Second,
            Edtf::Interval(iv) => endpoint_date(&iv.start)
                .or_else(|| endpoint_date(&iv.end))
                .map_or(Precision::Year, date_precision),
            Edtf::Set(set) => set
                .elements
                .first()
                .map_or(Precision::Year, |e| date_precision(element_date(e))),
        }
    }

    /// The strict extent: the first and last calendar day the date may cover.
    #[must_use]
    pub fn bounds(&self) -> DayRange {
        if let Edtf::Date(d) = &self.inner.edtf
            && is_negative_masked(d)
        {
            return negative_masked_bounds(d);
        }
        let b = self.inner.edtf.bounds();
        DayRange {
            earliest: day_bound(b.earliest),
            latest: day_bound(b.latest),
        }
    }

    /// The extent widened for qualifiers: one unit of the precision for `~`
    /// or `?`, two for `%`. Unqualified sides equal the strict bounds.
    #[must_use]
    pub fn fuzzy_bounds(&self) -> DayRange {
        self.fuzzy_bounds_from(self.bounds())
    }

    /// [`Date::fuzzy_bounds`] given the strict [`Date::bounds`] (which a
    /// caller that needs both computes once).
    #[must_use]
    pub fn fuzzy_bounds_from(&self, strict: DayRange) -> DayRange {
        let (start_widening, end_widening) = match &self.inner.edtf {
            Edtf::Date(d) => {
                let w = widening(d, date_precision(d));
                (w, w)
            }
            Edtf::DateTime(_) => (Widening::None, Widening::None),
            Edtf::Interval(iv) => (
                endpoint_date(&iv.start).map_or(Widening::None, |d| widening(d, date_precision(d))),
                endpoint_date(&iv.end).map_or(Widening::None, |d| widening(d, date_precision(d))),
            ),
            Edtf::Set(set) => {
                let precision = self.precision();
                let widest = set
                    .elements
                    .iter()
                    .map(|e| widening(element_date(e), precision))
                    .max_by_key(|w| match w {
                        Widening::None => 0,
                        Widening::Days(n) => *n,
                        Widening::Months(n) => n * 31,
                    })
                    .unwrap_or(Widening::None);
                (widest, widest)
            }
        };
        DayRange {
            earliest: widen(strict.earliest, start_widening, -1),
            latest: widen(strict.latest, end_widening, 1),
        }
    }

    /// Seconds into the written day for a date with a time of day, else 0.
    /// The time is the local time as written; the offset is kept in the EDTF.
    #[must_use]
    pub fn time_of_day_seconds(&self) -> i64 {
        match &self.inner.edtf {
            Edtf::DateTime(dt) => {
                i64::from(dt.time.hour) * 3600
                    + i64::from(dt.time.minute) * 60
                    + i64::from(dt.time.second)
            }
            _ => 0,
        }
    }

    /// Orders dates chronologically: the earliest instant in seconds since
    /// 1970-01-01 (local time as written), or the latest day when the start
    /// is not dated. Dates with no dated side sort last.
    #[must_use]
    pub fn sort_key(&self) -> i64 {
        self.sort_key_from(self.bounds())
    }

    /// [`Date::sort_key`] given the strict [`Date::bounds`].
    #[must_use]
    pub fn sort_key_from(&self, bounds: DayRange) -> i64 {
        match (bounds.earliest, bounds.latest) {
            (DayBound::Day(d), _) => d
                .saturating_mul(SECONDS_PER_DAY)
                .saturating_add(self.time_of_day_seconds()),
            (_, DayBound::Day(d)) => d.saturating_mul(SECONDS_PER_DAY),
            _ => i64::MAX,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

fn day_bound(bound: Bound) -> DayBound {
    match bound {
        Bound::Date(b) => {
            DayBound::Day(day_from_civil(b.year, u32::from(b.month), u32::from(b.day)))
        }
        Bound::NegativeInfinity | Bound::PositiveInfinity => DayBound::Open,
        Bound::Unknown => DayBound::Unknown,
    }
}

fn endpoint_date(endpoint: &IntervalEndpoint) -> Option<&edtf_core::Date> {
    match endpoint {
        IntervalEndpoint::Date(d)
        | IntervalEndpoint::OnOrBefore(d)
        | IntervalEndpoint::OnOrAfter(d) => Some(d),
        IntervalEndpoint::Open | IntervalEndpoint::Unknown => None,
    }
}

fn element_date(element: &SetElement) -> &edtf_core::Date {
    match element {
        SetElement::Date(d) | SetElement::OnOrBefore(d) | SetElement::OnOrAfter(d) => d,
        SetElement::Range(a, _) => a,
    }
}

/// `-01XX`, `-199X`, `-156X-12-25`: a negative year with unspecified
/// digits. edtf-core refuses these by design (its decision D21), while
/// python-edtf, edtf-ruby and edtf-validate accept them and BCE historians
/// write them ("the 190s BC"), so Annals reads them itself: the value is
/// the positive date with its sign set, and [`negative_masked_bounds`]
/// gives its days. Only single dates: intervals and sets of them are
/// refused with edtf-core's message.
///
/// Negative years with a time of day (`-1985-04-12T23:20:30Z`) are read the
/// same way: edtf-core keeps date-times to level 0, where years are
/// positive, but edtf-validate and go-edtf accept them and the day is
/// unambiguous.
fn negative_masked(text: &str) -> Option<Edtf> {
    let rest = text.strip_prefix('-')?;
    let negate = |date: &mut edtf_core::Date| {
        let YearKind::Standard {
            negative: false,
            digits,
        } = date.year.kind
        else {
            return false;
        };
        // "-0000" is no year: year 0 is written 0000.
        if digits.iter().all(|d| *d == Some(0)) {
            return false;
        }
        date.year.kind = YearKind::Standard {
            negative: true,
            digits,
        };
        true
    };
    match Edtf::parse(rest).ok()? {
        Edtf::Date(mut date) if rest.get(..4)?.contains('X') => {
            negate(&mut date).then_some(Edtf::Date(date))
        }
        Edtf::DateTime(mut date_time) => {
            negate(&mut date_time.date).then_some(Edtf::DateTime(date_time))
        }
        _ => None,
    }
}

/// The second a leap second takes: 23:59:60.
const LEAP_SECOND: u8 = 60;

/// Refuses a second 60 that is no leap second. Leap seconds are inserted at
/// 23:59:60 UTC at the end of June or December, so `T23:20:60` is a slip.
fn check_leap_second(edtf: &Edtf, text: &str) -> Result<(), DateError> {
    let Edtf::DateTime(dt) = edtf else {
        return Ok(());
    };
    let t = dt.time;
    let end_of_half = matches!(
        (
            dt.date.month.and_then(|m| m.value()),
            dt.date.day.and_then(|d| d.value())
        ),
        (Some(6), Some(30)) | (Some(12), Some(31))
    );
    if t.second == LEAP_SECOND && !(t.hour == 23 && t.minute == 59 && end_of_half) {
        return Err(DateError::new(format!(
            "“{text}” has second 60, which only a leap second has (23:59:60 UTC on 30 June or \
             31 December); a minute's seconds run 00–59"
        )));
    }
    Ok(())
}

/// True for a negative year with unspecified digits (see [`negative_masked`]).
fn is_negative_masked(date: &edtf_core::Date) -> bool {
    matches!(
        date.year.kind,
        YearKind::Standard { negative: true, digits } if digits.iter().any(Option::is_none)
    )
}

/// Largest year four digits can write.
const MAX_FOUR_DIGIT_YEAR: i64 = 9999;

/// The days a negative masked date may cover: its earliest day lies in the
/// year of largest magnitude, its latest in the smallest. Each candidate
/// year is tried as a positive date with the same month and day pattern
/// (leap years are symmetric about year 0, so the pattern fits `-y` exactly
/// when it fits `y`).
fn negative_masked_bounds(date: &edtf_core::Date) -> DayRange {
    let YearKind::Standard { digits, .. } = date.year.kind else {
        return DayRange {
            earliest: DayBound::Unknown,
            latest: DayBound::Unknown,
        };
    };
    let matches = |year: i64| {
        let written = year_digits(year);
        digits
            .iter()
            .zip(written)
            .all(|(mask, digit)| mask.is_none_or(|m| m == digit))
    };
    let in_year = |year: i64, earliest: bool| {
        let positive = edtf_core::Date {
            year: edtf_core::Year {
                kind: YearKind::Standard {
                    negative: false,
                    digits: year_digits(year).map(Some),
                },
                ..date.year
            },
            month: date.month,
            day: date.day,
        };
        let b = Edtf::Date(positive).bounds();
        match if earliest { b.earliest } else { b.latest } {
            Bound::Date(d) => Some(DayBound::Day(day_from_civil(
                -year,
                u32::from(d.month),
                u32::from(d.day),
            ))),
            _ => None,
        }
    };
    let earliest = (0..=MAX_FOUR_DIGIT_YEAR)
        .rev()
        .filter(|y| matches(*y))
        .find_map(|y| in_year(y, true));
    let latest = (0..=MAX_FOUR_DIGIT_YEAR)
        .filter(|y| matches(*y))
        .find_map(|y| in_year(y, false));
    DayRange {
        earliest: earliest.unwrap_or(DayBound::Unknown),
        latest: latest.unwrap_or(DayBound::Unknown),
    }
}

/// The four decimal digits of a year 0–9999, most significant first.
fn year_digits(year: i64) -> [u8; 4] {
    let digit = |place: i64| u8::try_from(year / place % 10).unwrap_or(0);
    [digit(1000), digit(100), digit(10), digit(1)]
}

/// The year span `(first, last)` a year component may denote.
pub(crate) fn year_span(date: &edtf_core::Date) -> Option<(i64, i64)> {
    if is_negative_masked(date) {
        let year_only = edtf_core::Date {
            year: date.year,
            month: None,
            day: None,
        };
        let bounds = negative_masked_bounds(&year_only);
        let first = civil_from_day(bounds.earliest.day()?).0;
        let last = civil_from_day(bounds.latest.day()?).0;
        return Some((first, last));
    }
    let b = edtf_core::Edtf::Date(edtf_core::Date {
        year: date.year,
        month: None,
        day: None,
    })
    .bounds();
    match (b.earliest, b.latest) {
        (Bound::Date(a), Bound::Date(z)) => Some((a.year, z.year)),
        _ => None,
    }
}

/// Years a span of this many years reads as: a decade, century, millennium.
const DECADE_YEARS: i64 = 10;
/// See [`DECADE_YEARS`].
const CENTURY_YEARS: i64 = 100;

fn date_precision(date: &edtf_core::Date) -> Precision {
    if let Some(day) = date.day {
        return if day.has_unspecified() {
            Precision::Month
        } else {
            Precision::Day
        };
    }
    if let Some(month) = date.month {
        return match month.value() {
            Some(33..=36) => Precision::Quarter,
            Some(21..) => Precision::Season,
            Some(_) => Precision::Month,
            None => Precision::Year,
        };
    }
    match year_span(date) {
        Some((first, last)) => match last - first + 1 {
            1 => Precision::Year,
            n if n <= DECADE_YEARS => Precision::Decade,
            n if n <= CENTURY_YEARS => Precision::Century,
            _ => Precision::Millennium,
        },
        None => Precision::Year,
    }
}

/// One unit of `precision` for a date, times the qualifier's weight.
fn widening(date: &edtf_core::Date, precision: Precision) -> Widening {
    let weight = match (date.is_approximate(), date.is_uncertain()) {
        (true, true) => 2,
        (true, false) | (false, true) => 1,
        (false, false) => return Widening::None,
    };
    let sub_year_months = date
        .month
        .and_then(|m| m.value())
        .map_or(3, |code| match code {
            37..=39 => 4,
            40 | 41 => 6,
            _ => 3,
        });
    match precision {
        Precision::Second => Widening::None,
        Precision::Day => Widening::Days(weight),
        Precision::Month => Widening::Months(weight),
        Precision::Season | Precision::Quarter => Widening::Months(weight * sub_year_months),
        Precision::Year => Widening::Months(weight * 12),
        Precision::Decade => Widening::Months(weight * 12 * DECADE_YEARS),
        Precision::Century => Widening::Months(weight * 12 * CENTURY_YEARS),
        Precision::Millennium => Widening::Months(weight * 12 * 1000),
    }
}

/// Moves a bound outward (`direction` −1 for earlier, +1 for later).
fn widen(bound: DayBound, widening: Widening, direction: i64) -> DayBound {
    let DayBound::Day(day) = bound else {
        return bound;
    };
    match widening {
        Widening::None => bound,
        Widening::Days(n) => DayBound::Day(day.saturating_add(direction * n)),
        Widening::Months(n) => {
            let (year, month, dom) = civil_from_day(day);
            let was_last_day = dom == days_in_month(year, month);
            let (y, m) = add_months(year, month, direction * n);
            let last = days_in_month(y, m);
            let new_dom = if was_last_day { last } else { dom.min(last) };
            DayBound::Day(day_from_civil(y, m, new_dom))
        }
    }
}

#[cfg(test)]
mod tests;
