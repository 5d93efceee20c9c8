//! "Early", "mid" and "late" as EDTF a person accepts.
//!
//! EDTF has no word for "the late 1970s". Annals stores such a phrase as
//! an interval of approximate ends covering the part meant: "the late
//! 1970s" is `1977~/1979~`, "mid-1800s" `1833~/1866~`, "early 2024"
//! `2024-01~/2024-04~`, "early March 2020" `2020-03-01~/2020-03-10~`, and
//! "the end of 2024" its last month, `2024-12~`. The date field and the
//! extractor both narrow through [`narrowed_edtf`], so a phrase reads the
//! same wherever it is written.

use super::calendar::{civil_from_day, days_in_month, iso_year};
use super::words::Part;
use super::{Date, Precision};

/// Last day of the early part of a month ("early March" is 1–10 March).
const EARLY_MONTH_LAST_DAY: u32 = 10;
/// Last day of the middle part of a month ("mid-March" is 11–20 March).
const MID_MONTH_LAST_DAY: u32 = 20;

/// Years of a decade in each part, as offsets from its first year: "the
/// early 1970s" is 1970–1973, "the mid-1970s" 1974–1976, "the late 1970s"
/// 1977–1979 (the reading of "late").
const DECADE_PARTS: [(i64, i64); 3] = [(0, 3), (4, 6), (7, 9)];
/// Years of a century in each part: thirds that share their boundary
/// years, so "the mid-1800s" is 1833–1866 as historians write it.
const CENTURY_PARTS: [(i64, i64); 3] = [(0, 33), (33, 66), (66, 99)];
/// Years of a millennium in each part, thirds like [`CENTURY_PARTS`].
const MILLENNIUM_PARTS: [(i64, i64); 3] = [(0, 333), (333, 666), (666, 999)];

/// Largest year the narrowed EDTF writes with four digits.
const MAX_FOUR_DIGIT_YEAR: i64 = 9999;

/// Index of a part in the early/mid/late tables.
const fn third(part: Part) -> usize {
    match part {
        Part::Early | Part::Start => 0,
        Part::Mid => 1,
        Part::Late | Part::End => 2,
    }
}

/// The EDTF of the part of `date` that `part` points at, or `None` when
/// the date cannot be narrowed (a day or finer, a range, a set, a year
/// beyond four digits).
#[must_use]
pub fn narrowed_edtf(date: &Date, part: Part) -> Option<String> {
    if date.is_interval() || date.is_one_of() || date.edtf().starts_with('{') {
        return None;
    }
    let bounds = date.bounds();
    let (first, last) = (bounds.earliest.day()?, bounds.latest.day()?);
    let (first_year, first_month, _) = civil_from_day(first);
    let (last_year, last_month, _) = civil_from_day(last);
    if first_year.abs() > MAX_FOUR_DIGIT_YEAR || last_year.abs() > MAX_FOUR_DIGIT_YEAR {
        return None;
    }
    let years = |(a, b): (i64, i64)| {
        approximate_interval(&iso_year(first_year + a), &iso_year(first_year + b))
    };
    match date.precision() {
        Precision::Month => {
            let days = days_in_month(first_year, first_month);
            let (a, b) = match third(part) {
                0 => (1, EARLY_MONTH_LAST_DAY),
                1 => (EARLY_MONTH_LAST_DAY + 1, MID_MONTH_LAST_DAY),
                _ => (MID_MONTH_LAST_DAY + 1, days),
            };
            let month = format!("{}-{first_month:02}", iso_year(first_year));
            Some(approximate_interval(
                &format!("{month}-{a:02}"),
                &format!("{month}-{b:02}"),
            ))
        }
        Precision::Year | Precision::Season | Precision::Quarter => {
            let months =
                (last_year - first_year) * 12 + i64::from(last_month) - i64::from(first_month) + 1;
            let (a, b) = match part {
                // "The start of 2024" is its first month, "the end" its last.
                Part::Start if date.precision() == Precision::Year => (0, 0),
                Part::End if date.precision() == Precision::Year => (months - 1, months - 1),
                _ => month_third(months, third(part)),
            };
            let month_text = |offset: i64| {
                let index = first_year * 12 + i64::from(first_month) - 1 + offset;
                let (y, m) = (index.div_euclid(12), index.rem_euclid(12) + 1);
                format!("{}-{m:02}", iso_year(y))
            };
            Some(approximate_interval(&month_text(a), &month_text(b)))
        }
        Precision::Decade => Some(years(DECADE_PARTS[third(part)])),
        Precision::Century => Some(years(CENTURY_PARTS[third(part)])),
        Precision::Millennium => Some(years(MILLENNIUM_PARTS[third(part)])),
        Precision::Day | Precision::Second => None,
    }
}

/// The months (offsets from the first) of one third of a span of `months`:
/// a third rounded up, the middle one centred ("mid-2024" is May–August).
fn month_third(months: i64, third: usize) -> (i64, i64) {
    let size = (months + 2) / 3;
    let start = match third {
        0 => 0,
        1 => (months - size) / 2,
        _ => months - size,
    };
    (start, start + size - 1)
}

/// `a~/b~`, or `a~` when both ends are the same.
fn approximate_interval(a: &str, b: &str) -> String {
    if a == b {
        format!("{a}~")
    } else {
        format!("{a}~/{b}~")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn narrowed(edtf: &str, part: Part) -> Option<String> {
        narrowed_edtf(&Date::parse_edtf(edtf).unwrap(), part)
    }

    #[test]
    fn parts_of_decades_centuries_and_years() {
        assert_eq!(narrowed("197X", Part::Late).as_deref(), Some("1977~/1979~"));
        assert_eq!(
            narrowed("197X", Part::Early).as_deref(),
            Some("1970~/1973~")
        );
        assert_eq!(narrowed("197X", Part::Mid).as_deref(), Some("1974~/1976~"));
        assert_eq!(narrowed("18XX", Part::Mid).as_deref(), Some("1833~/1866~"));
        assert_eq!(narrowed("18XX", Part::Late).as_deref(), Some("1866~/1899~"));
        assert_eq!(
            narrowed("1XXX", Part::Early).as_deref(),
            Some("1000~/1333~")
        );
        assert_eq!(
            narrowed("2024", Part::Early).as_deref(),
            Some("2024-01~/2024-04~")
        );
        assert_eq!(
            narrowed("2024", Part::Mid).as_deref(),
            Some("2024-05~/2024-08~")
        );
        assert_eq!(
            narrowed("2024", Part::Late).as_deref(),
            Some("2024-09~/2024-12~")
        );
        assert_eq!(narrowed("2024", Part::End).as_deref(), Some("2024-12~"));
        assert_eq!(narrowed("2024", Part::Start).as_deref(), Some("2024-01~"));
    }

    #[test]
    fn parts_of_months_and_seasons() {
        assert_eq!(
            narrowed("2020-03", Part::Early).as_deref(),
            Some("2020-03-01~/2020-03-10~")
        );
        assert_eq!(
            narrowed("2024-02", Part::Late).as_deref(),
            Some("2024-02-21~/2024-02-29~")
        );
        // Q3 is July–September: "early Q3" is July.
        assert_eq!(
            narrowed("2024-35", Part::Early).as_deref(),
            Some("2024-07~")
        );
        // The first half: January–June, its late part May–June.
        assert_eq!(
            narrowed("2024-40", Part::Late).as_deref(),
            Some("2024-05~/2024-06~")
        );
    }

    #[test]
    fn years_before_the_common_era_count_forwards() {
        // -01XX is 200–101 BC: its early part is 200–167 BC.
        assert_eq!(
            narrowed_edtf(&Date::parse("-01XX").unwrap(), Part::Early).as_deref(),
            Some("-0199~/-0166~")
        );
    }

    #[test]
    fn days_and_ranges_are_not_narrowed() {
        assert_eq!(narrowed("2024-03-04", Part::Early), None);
        assert_eq!(narrowed("1914/1918", Part::Late), None);
        assert_eq!(narrowed("[1667,1668]", Part::Late), None);
    }

    #[test]
    fn every_narrowed_text_is_valid_edtf_inside_the_whole() {
        for edtf in [
            "2024", "2024-02", "197X", "18XX", "2024-21", "2024-24", "2024-36", "-0043",
        ] {
            let whole = Date::parse_edtf(edtf).unwrap().bounds();
            for part in [Part::Early, Part::Mid, Part::Late, Part::Start, Part::End] {
                let text = narrowed(edtf, part).unwrap();
                let bounds = Date::parse_edtf(&text).unwrap().bounds();
                assert!(
                    bounds.earliest_key() >= whole.earliest_key()
                        && bounds.latest_key() <= whole.latest_key(),
                    "{edtf} {part:?} → {text}"
                );
            }
        }
    }
}
