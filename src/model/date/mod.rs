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

pub use display::year_text;

use std::fmt;

use edtf_core::{Bound, Edtf, IntervalEndpoint, SetElement};

use calendar::{SECONDS_PER_DAY, add_months, civil_from_day, day_from_civil, days_in_month};

/// A parsed, valid date in EDTF, with everything derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    edtf: Edtf,
    canonical: String,
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
        match Edtf::parse(trimmed) {
            Ok(edtf) => {
                let canonical = edtf.to_string();
                Ok(Self { edtf, canonical })
            }
            Err(error) => Err(natural::explain_edtf_error(trimmed, &error)),
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
        if let Ok(edtf) = Edtf::parse(trimmed) {
            let canonical = edtf.to_string();
            return Ok(Self { edtf, canonical });
        }
        let edtf_text = natural::edtf_from_natural(trimmed)?;
        Self::parse_edtf(&edtf_text)
    }

    /// The canonical EDTF text, which is what the notebook stores.
    #[must_use]
    pub fn edtf(&self) -> &str {
        &self.canonical
    }

    /// The text a person reads: "13 September 2023", "c. 1850", "44 BC".
    #[must_use]
    pub fn display(&self) -> String {
        display::display(&self.edtf)
    }

    /// True if any part is marked approximate (`~` or `%`).
    #[must_use]
    pub fn is_approximate(&self) -> bool {
        self.edtf.is_approximate()
    }

    /// True if any part is marked uncertain (`?` or `%`).
    #[must_use]
    pub fn is_uncertain(&self) -> bool {
        self.edtf.is_uncertain()
    }

    /// True for a range (interval) rather than a single date or a set.
    #[must_use]
    pub fn is_interval(&self) -> bool {
        matches!(self.edtf, Edtf::Interval(_))
    }

    /// True for a "one of" set (`[1667,1668]`, `[..1066]`): the event
    /// happened once, at a time somewhere within the bounds.
    #[must_use]
    pub fn is_one_of(&self) -> bool {
        matches!(&self.edtf, Edtf::Set(set) if set.kind == edtf_core::SetKind::OneMember)
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
        match &self.edtf {
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
        let b = self.edtf.bounds();
        DayRange {
            earliest: day_bound(b.earliest),
            latest: day_bound(b.latest),
        }
    }

    /// The extent widened for qualifiers: one unit of the precision for `~`
    /// or `?`, two for `%`. Unqualified sides equal the strict bounds.
    #[must_use]
    pub fn fuzzy_bounds(&self) -> DayRange {
        let strict = self.bounds();
        let (start_widening, end_widening) = match &self.edtf {
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
        match &self.edtf {
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
        let bounds = self.bounds();
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

/// The year span `(first, last)` a year component may denote.
pub(crate) fn year_span(date: &edtf_core::Date) -> Option<(i64, i64)> {
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
