use super::calendar::{day_from_civil, iso_from_day};
use super::*;
use proptest::prelude::*;

fn day(y: i64, m: u32, d: u32) -> DayBound {
    DayBound::Day(day_from_civil(y, m, d))
}

fn parse(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// (EDTF, display, precision, earliest, latest) for every supported form.
#[test]
fn edtf_forms_table() {
    let cases: &[(&str, &str, Precision, &str, &str)] = &[
        // Level 0
        ("2023", "2023", Precision::Year, "2023-01-01", "2023-12-31"),
        (
            "2023-09",
            "September 2023",
            Precision::Month,
            "2023-09-01",
            "2023-09-30",
        ),
        (
            "2023-09-13",
            "13 September 2023",
            Precision::Day,
            "2023-09-13",
            "2023-09-13",
        ),
        (
            "2023-09-13T10:30:00+09:00",
            "13 September 2023, 10:30 UTC+09:00",
            Precision::Second,
            "2023-09-13",
            "2023-09-13",
        ),
        (
            "2023-09/2023-11",
            "September–November 2023",
            Precision::Month,
            "2023-09-01",
            "2023-11-30",
        ),
        (
            "2023-09-13/2023-09-14",
            "13–14 Sep 2023",
            Precision::Day,
            "2023-09-13",
            "2023-09-14",
        ),
        (
            "2023-09-30/2023-10-02",
            "30 Sep – 2 Oct 2023",
            Precision::Day,
            "2023-09-30",
            "2023-10-02",
        ),
        (
            "1914/1918",
            "1914–1918",
            Precision::Year,
            "1914-01-01",
            "1918-12-31",
        ),
        // Level 1: qualifiers
        (
            "1850~",
            "c. 1850",
            Precision::Year,
            "1850-01-01",
            "1850-12-31",
        ),
        (
            "1850?",
            "1850?",
            Precision::Year,
            "1850-01-01",
            "1850-12-31",
        ),
        (
            "1850%",
            "c. 1850?",
            Precision::Year,
            "1850-01-01",
            "1850-12-31",
        ),
        // Level 1: unspecified digits
        (
            "202X",
            "2020s",
            Precision::Decade,
            "2020-01-01",
            "2029-12-31",
        ),
        (
            "199X",
            "1990s",
            Precision::Decade,
            "1990-01-01",
            "1999-12-31",
        ),
        (
            "190X",
            "1900s (decade)",
            Precision::Decade,
            "1900-01-01",
            "1909-12-31",
        ),
        (
            "19XX",
            "20th century",
            Precision::Century,
            "1900-01-01",
            "1999-12-31",
        ),
        (
            "11XX",
            "12th century",
            Precision::Century,
            "1100-01-01",
            "1199-12-31",
        ),
        (
            "1XXX",
            "2nd millennium",
            Precision::Millennium,
            "1000-01-01",
            "1999-12-31",
        ),
        (
            "2023-XX",
            "2023, month unknown",
            Precision::Year,
            "2023-01-01",
            "2023-12-31",
        ),
        (
            "2023-09-XX",
            "September 2023, day unknown",
            Precision::Month,
            "2023-09-01",
            "2023-09-30",
        ),
        // Level 1: seasons
        (
            "2024-21",
            "spring 2024",
            Precision::Season,
            "2024-03-01",
            "2024-05-31",
        ),
        (
            "2024-22",
            "summer 2024",
            Precision::Season,
            "2024-06-01",
            "2024-08-31",
        ),
        (
            "2024-23",
            "autumn 2024",
            Precision::Season,
            "2024-09-01",
            "2024-11-30",
        ),
        (
            "2024-24",
            "winter 2024",
            Precision::Season,
            "2024-12-01",
            "2025-02-28",
        ),
        // Level 1: big and negative years
        (
            "Y-170000000",
            "170,000,001 BC",
            Precision::Year,
            "-170000000-01-01",
            "-170000000-12-31",
        ),
        (
            "Y12000",
            "12,000",
            Precision::Year,
            "+12000-01-01",
            "+12000-12-31",
        ),
        (
            "-0043",
            "44 BC",
            Precision::Year,
            "-0043-01-01",
            "-0043-12-31",
        ),
        (
            "-0043-03-15",
            "15 March 44 BC",
            Precision::Day,
            "-0043-03-15",
            "-0043-03-15",
        ),
        ("0000", "1 BC", Precision::Year, "0000-01-01", "0000-12-31"),
        (
            "-0500",
            "501 BC",
            Precision::Year,
            "-0500-01-01",
            "-0500-12-31",
        ),
        // Level 1: open and unknown ends
        (
            "2020-03/..",
            "March 2020 – ongoing",
            Precision::Month,
            "2020-03-01",
            "..",
        ),
        (
            "2020-03/",
            "March 2020 – end unknown",
            Precision::Month,
            "2020-03-01",
            "",
        ),
        ("../1066", "until 1066", Precision::Year, "..", "1066-12-31"),
        (
            "/1066",
            "start unknown – 1066",
            Precision::Year,
            "",
            "1066-12-31",
        ),
        // Level 2: quarters and sets
        (
            "2024-33",
            "Q1 2024",
            Precision::Quarter,
            "2024-01-01",
            "2024-03-31",
        ),
        (
            "2024-35",
            "Q3 2024",
            Precision::Quarter,
            "2024-07-01",
            "2024-09-30",
        ),
        (
            "2024-36",
            "Q4 2024",
            Precision::Quarter,
            "2024-10-01",
            "2024-12-31",
        ),
        (
            "[..1066]",
            "before 1066",
            Precision::Year,
            "..",
            "1066-12-31",
        ),
        (
            "[1500..]",
            "after 1500",
            Precision::Year,
            "1500-01-01",
            "..",
        ),
        (
            "[1667,1668,1670..1672]",
            "one of 1667, 1668, 1670–1672",
            Precision::Year,
            "1667-01-01",
            "1672-12-31",
        ),
    ];
    for (edtf, display, precision, earliest, latest) in cases {
        let date = Date::parse_edtf(edtf).unwrap_or_else(|e| panic!("{edtf}: {e}"));
        assert_eq!(date.edtf(), *edtf, "canonical form of {edtf}");
        assert_eq!(date.display(), *display, "display of {edtf}");
        assert_eq!(date.precision(), *precision, "precision of {edtf}");
        let bounds = date.bounds();
        assert_eq!(bounds.earliest.iso(), *earliest, "earliest of {edtf}");
        assert_eq!(bounds.latest.iso(), *latest, "latest of {edtf}");
    }
}

#[test]
fn unknown_and_open_ends_differ() {
    assert_eq!(parse("2020-03/..").bounds().latest, DayBound::Open);
    assert_eq!(parse("2020-03/").bounds().latest, DayBound::Unknown);
    assert!(parse("2020-03/..").is_open_end());
    assert!(!parse("2020-03/").is_open_end());
    assert!(parse("[..1066]").is_open_start());
}

#[test]
fn fuzzy_bounds_widen_by_one_unit_or_two_for_both_qualifiers() {
    let cases: &[(&str, &str, &str)] = &[
        ("2023-09-13", "2023-09-13", "2023-09-13"),
        ("2023-09-13~", "2023-09-12", "2023-09-14"),
        ("2023-09-13?", "2023-09-12", "2023-09-14"),
        ("2023-09-13%", "2023-09-11", "2023-09-15"),
        ("2023-09~", "2023-08-01", "2023-10-31"),
        ("2024-01%", "2023-11-01", "2024-03-31"),
        ("1850~", "1849-01-01", "1851-12-31"),
        ("1850%", "1848-01-01", "1852-12-31"),
        ("-0043~", "-0044-01-01", "-0042-12-31"),
        ("185X~", "1840-01-01", "1869-12-31"),
        ("2024-35?", "2024-04-01", "2024-12-31"),
        ("2024-21~", "2023-12-01", "2024-08-31"),
        ("2024-02-29~", "2024-02-28", "2024-03-01"),
        ("2023-09~/2023-11", "2023-08-01", "2023-11-30"),
        ("2023-09/2023-11?", "2023-09-01", "2023-12-31"),
        ("2020~/..", "2019-01-01", ".."),
    ];
    for (edtf, earliest, latest) in cases {
        let fuzzy = parse(edtf).fuzzy_bounds();
        assert_eq!(fuzzy.earliest.iso(), *earliest, "fuzzy earliest of {edtf}");
        assert_eq!(fuzzy.latest.iso(), *latest, "fuzzy latest of {edtf}");
    }
}

#[test]
fn sort_key_uses_latest_when_start_is_open() {
    let before = parse("[..1066]");
    assert_eq!(before.sort_key(), day_from_civil(1066, 12, 31) * 86_400);
    let plain = parse("1066");
    assert_eq!(plain.sort_key(), day_from_civil(1066, 1, 1) * 86_400);
    let timed = parse("2023-09-13T10:30:00");
    assert_eq!(
        timed.sort_key(),
        day_from_civil(2023, 9, 13) * 86_400 + 10 * 3600 + 30 * 60
    );
    assert!(parse("2023-09-13").sort_key() < timed.sort_key());
}

/// What a person types into the date field, and the EDTF Annals stores.
#[test]
fn natural_forms_table() {
    let cases: &[(&str, &str)] = &[
        ("Sept 2023", "2023-09"),
        ("Sept. 2023", "2023-09"),
        ("September 13, 2023", "2023-09-13"),
        ("13 September 2023", "2023-09-13"),
        ("13th of September 2023", "2023-09-13"),
        ("Sep 13 2023", "2023-09-13"),
        ("c. 1850", "1850~"),
        ("circa 1850", "1850~"),
        ("ca. 1850", "1850~"),
        ("about 1850?", "1850%"),
        ("1850?", "1850?"),
        ("1850s", "185X"),
        ("the 1990s", "199X"),
        ("the '90s", "199X"),
        ("AD 90s", "009X"),
        ("1900s", "19XX"),
        ("2000s", "200X"),
        ("20th century", "19XX"),
        ("2nd millennium", "1XXX"),
        ("44 BC", "-0043"),
        ("44 B.C.", "-0043"),
        ("c. 500 BC", "-0499~"),
        ("AD 476", "0476"),
        ("476 AD", "0476"),
        ("1914–1918", "1914/1918"),
        ("1914-1918", "1914/1918"),
        ("1914–18", "1914/1918"),
        ("1914 to 1918", "1914/1918"),
        ("from 1994 to 2001", "1994/2001"),
        ("218–201 BC", "-0217/-0200"),
        ("between March and May 1917", "1917-03/1917-05"),
        ("between 1914 and 1918", "1914/1918"),
        ("December – February 2024", "2023-12/2024-02"),
        ("13–14 September 2023", "2023-09-13/2023-09-14"),
        ("September 13–14, 2023", "2023-09-13/2023-09-14"),
        ("Q3 2024", "2024-35"),
        ("3rd quarter of 2024", "2024-35"),
        ("third quarter 2024", "2024-35"),
        ("first half of 2024", "2024-40"),
        ("spring 2024", "2024-21"),
        ("fall 2024", "2024-23"),
        ("before 1066", "[..1066]"),
        ("after 1500", "[1500..]"),
        ("since March 2020", "2020-03/.."),
        ("March 2020 – present", "2020-03/.."),
        ("2020 onwards", "2020/.."),
        ("until 1066", "../1066"),
        ("13 September 2023 10:30", "2023-09-13T10:30:00"),
        ("13 September 2023, 6:45 pm", "2023-09-13T18:45:00"),
        ("one of 1667, 1668, 1670–1672", "[1667,1668,1670..1672]"),
        ("2024-02-29", "2024-02-29"),
        ("-0500", "-0500"),
        ("Y-170000000", "Y-170000000"),
        // ISO 8601 basic: year, month and day without hyphens.
        ("20230913", "2023-09-13"),
        // A month with its zero left out, where no range of years fits.
        ("2016-5", "2016-05"),
        ("2016-5-7", "2016-05-07"),
        // A dash and one digit ends a range in the same decade.
        ("1985–6", "1985/1986"),
        ("1914–18", "1914/1918"),
        // Early, mid and late: the part of the span, approximately.
        ("late 1970s", "1977~/1979~"),
        ("the early 1970s", "1970~/1973~"),
        ("the mid-1800s", "1833~/1866~"),
        ("late 19th century", "1866~/1899~"),
        ("early 2024", "2024-01~/2024-04~"),
        ("mid-2024", "2024-05~/2024-08~"),
        ("late 2024", "2024-09~/2024-12~"),
        ("early March 2020", "2020-03-01~/2020-03-10~"),
        ("mid-March 2020", "2020-03-11~/2020-03-20~"),
        ("late February 2024", "2024-02-21~/2024-02-29~"),
        ("the end of 2024", "2024-12~"),
        ("the beginning of 1990", "1990-01~"),
        ("late summer 1969", "1969-08~"),
        // Counted centuries before the common era are negative masks.
        ("2nd century BC", "-01XX"),
        ("twelfth century", "11XX"),
        // Negative years with unspecified digits, and with a time of day.
        ("-01XX", "-01XX"),
        ("-199X~", "-199X~"),
        ("-1975-05-02T10:15:00Z", "-1975-05-02T10:15:00Z"),
        ("the last quarter of 2024", "2024-36"),
    ];
    for (input, edtf) in cases {
        assert_eq!(parse(input).edtf(), *edtf, "reading {input:?}");
    }
}

#[test]
fn invalid_input_says_what_is_wrong() {
    let cases: &[(&str, &str)] = &[
        ("2023-02-30", "February 2023 has 28 days"),
        ("1900-02-29", "1900 is not a leap year"),
        ("2023-13", "there is no month 13"),
        ("2023-09-31", "September 2023 has 30 days"),
        ("", "the date is empty"),
        ("   ", "the date is empty"),
        ("yesterday-ish", "cannot read “yesterday-ish” as a date"),
        ("31 September 2023", "September 2023 has 30 days"),
        ("February 29, 1900", "1900 is not a leap year"),
        ("1855s", "1855s is not a decade"),
        ("Q5 2024", "there is no quarter 5"),
        ("March", "which year?"),
        ("0 BC", "there is no year 0 BC"),
        // Read two ways: refused with both readings.
        ("1985-6", "could be June 1985 (1985-06) or 1985–1986"),
        (
            "217",
            "AD 217 (write 0217 or AD 217), or the decade 2170–2179",
        ),
        ("18", "the century 1800–1899"),
        ("7", "AD 7"),
        // Zero months and days are refused the same way.
        ("2016-00", "there is no month 00: write 2016-XX"),
        ("2016-05-00", "there is no day 00: write 2016-05-XX"),
        ("2016–3", "runs backwards"),
        ("1914-18", "for the years 1914–1918 write 1914–18"),
        ("20231399", "its month is out of range"),
        ("123456", "Y123456"),
        ("1990?~", "with %"),
        ("2001-06-15T12:30:60", "leap second"),
        ("early 13 March 2020", "cannot be narrowed"),
        ("early March", "which year?"),
        ("last century", "cannot read"),
        ("the 190s BC", "decades BC"),
        ("--0050", "cannot read"),
    ];
    for (input, expected) in cases {
        let error = Date::parse(input).expect_err(input);
        assert!(
            error.message().contains(expected),
            "{input:?}: expected {expected:?} in {:?}",
            error.message()
        );
    }
    // Stored strings are strict EDTF: natural forms are refused there.
    assert!(Date::parse_edtf("Sept 2023").is_err());
    assert!(
        Date::parse_edtf("2023-02-30")
            .unwrap_err()
            .message()
            .contains("28 days")
    );
}

/// Negative years with unspecified digits: edtf-core refuses them, Annals
/// reads them with the bounds of the years they cover.
#[test]
fn negative_years_with_unspecified_digits() {
    let cases: &[(&str, &str, &str, Precision, &str)] = &[
        (
            "-03XX",
            "-0399-01-01",
            "-0300-12-31",
            Precision::Century,
            "400–301 BC",
        ),
        (
            "-252X",
            "-2529-01-01",
            "-2520-12-31",
            Precision::Decade,
            "2530–2521 BC",
        ),
        (
            "-2XXX",
            "-2999-01-01",
            "-2000-12-31",
            Precision::Millennium,
            "3000–2001 BC",
        ),
        (
            "-062X-07-04",
            "-0629-07-04",
            "-0620-07-04",
            Precision::Day,
            "",
        ),
        (
            "-1X05-X1-1X",
            "-1905-01-10",
            "-1005-11-19",
            Precision::Month,
            "",
        ),
    ];
    for (edtf, earliest, latest, precision, display) in cases {
        let date = parse(edtf);
        assert_eq!(date.edtf(), *edtf);
        let bounds = date.bounds();
        assert_eq!(
            (bounds.earliest.iso(), bounds.latest.iso()),
            ((*earliest).to_owned(), (*latest).to_owned()),
            "{edtf}"
        );
        assert_eq!(date.precision(), *precision, "{edtf}");
        if !display.is_empty() {
            assert_eq!(date.display(), *display);
        }
        // Stored text reads back the same.
        assert_eq!(Date::parse_edtf(edtf).unwrap(), date);
    }
    // A qualifier widens a negative mask like any other.
    let fuzzy = parse("-03XX~").fuzzy_bounds();
    assert_eq!(fuzzy.earliest.iso(), "-0499-01-01");
    // Intervals of them, and negative zero, stay refused.
    assert!(Date::parse("-01XX/-00XX").is_err());
    assert!(Date::parse("-0000-01-01T10:00:00").is_err());
}

#[test]
fn negative_date_times_read_their_local_day() {
    let date = parse("-0044-03-15T11:00:00+01:00");
    assert_eq!(date.bounds().earliest.iso(), "-0044-03-15");
    assert_eq!(date.precision(), Precision::Second);
    assert!(Date::parse("-0044-03-15T11:00:00+25:00").is_err());
}

#[test]
fn a_leap_second_is_only_at_the_end_of_june_or_december() {
    assert!(Date::parse("2016-12-31T23:59:60Z").is_ok());
    assert!(Date::parse("2015-06-30T23:59:60Z").is_ok());
    assert!(Date::parse_edtf("2016-12-30T23:59:60Z").is_err());
}

/// A part of a span shows as the words that read it back.
#[test]
fn early_mid_and_late_show_as_words_that_read_back() {
    let cases: &[(&str, &str)] = &[
        ("1977~/1979~", "late 1970s"),
        ("1833~/1866~", "mid-19th century"),
        ("2024-01~/2024-04~", "early 2024"),
        ("2020-03-21~/2020-03-31~", "late March 2020"),
        ("1000~/1333~", "early 2nd millennium"),
        ("1900~/1903~", "early 1900s (decade)"),
        // Not a part of anything: the plain range.
        ("1975~/1979~", "c. 1975 – c. 1979"),
        ("1977?/1979?", "1977? – 1979?"),
    ];
    for (edtf, display) in cases {
        let date = parse(edtf);
        assert_eq!(date.display(), *display, "{edtf}");
        assert_eq!(parse(display).edtf(), *edtf, "{display} reads back");
    }
}

#[test]
fn display_texts_of_the_issue() {
    let cases: &[(&str, &str)] = &[
        ("2023-09-13", "13 September 2023"),
        ("2023-09", "September 2023"),
        ("1850~", "c. 1850"),
        ("1850?", "1850?"),
        ("2024-21", "spring 2024"),
        ("2024-35", "Q3 2024"),
        ("199X", "1990s"),
        ("-0043", "44 BC"),
        ("[..1066]", "before 1066"),
        ("2020-03/..", "March 2020 – ongoing"),
        ("2023-09-13/2023-09-14", "13–14 Sep 2023"),
    ];
    for (edtf, display) in cases {
        assert_eq!(parse(edtf).display(), *display);
    }
}

/// EDTF strings over the supported shapes.
fn edtf_strategy() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        (-9999i64..=9999).prop_map(calendar::iso_year),
        (10_000i64..1_000_000_000).prop_map(|y| format!("Y{y}")),
        (10_000i64..1_000_000_000).prop_map(|y| format!("Y-{y}")),
    ];
    let qualifier = prop_oneof![Just(""), Just("~"), Just("?"), Just("%")];
    let small_year = -9999i64..=9999;
    let day_parts = (small_year.clone(), 1u32..=12, 1u32..=31)
        .prop_map(|(y, m, d)| (y, m, d.min(calendar::days_in_month(y, m))));
    let day_text = |(y, m, d): (i64, u32, u32)| format!("{}-{m:02}-{d:02}", calendar::iso_year(y));
    let day_date = day_parts.clone().prop_map(day_text);
    let month_date = (small_year.clone(), 1u32..=12)
        .prop_map(|(y, m)| format!("{}-{m:02}", calendar::iso_year(y)));
    let season = (small_year.clone(), prop_oneof![21u32..=24, 33u32..=36])
        .prop_map(|(y, c)| format!("{}-{c}", calendar::iso_year(y)));
    let masked = prop_oneof![
        (0i64..1000).prop_map(|p| format!("{p:03}X")),
        (0i64..100).prop_map(|p| format!("{p:02}XX")),
        (0i64..10).prop_map(|p| format!("{p}XXX")),
    ];
    let single = prop_oneof![
        (year, qualifier.clone()).prop_map(|(y, q)| if y.starts_with('Y') {
            y
        } else {
            format!("{y}{q}")
        }),
        (day_date.clone(), qualifier.clone()).prop_map(|(d, q)| format!("{d}{q}")),
        (month_date.clone(), qualifier.clone()).prop_map(|(d, q)| format!("{d}{q}")),
        (season, qualifier).prop_map(|(d, q)| format!("{d}{q}")),
        masked,
    ];
    let interval = (day_parts.clone(), day_parts).prop_map(move |(a, b)| {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        format!("{}/{}", day_text(a), day_text(b))
    });
    prop_oneof![
        4 => single,
        1 => interval,
        1 => month_date.clone().prop_map(|d| format!("{d}/..")),
        1 => month_date.clone().prop_map(|d| format!("{d}/")),
        1 => month_date.clone().prop_map(|d| format!("../{d}")),
        1 => small_year.clone().prop_map(|y| format!("[..{}]", calendar::iso_year(y))),
        1 => small_year.prop_map(|y| format!("[{}..]", calendar::iso_year(y))),
    ]
}

/// Dates a person commonly writes, whose display text must read back.
fn common_date_strategy() -> impl Strategy<Value = String> {
    let year = 1i64..=9999;
    let any_year = -9999i64..=9999;
    let qualifier = prop_oneof![Just(""), Just("~"), Just("?"), Just("%")];
    prop_oneof![
        (any_year.clone(), qualifier.clone())
            .prop_map(|(y, q)| format!("{}{q}", calendar::iso_year(y))),
        (any_year.clone(), 1u32..=12, 1u32..=31, qualifier.clone()).prop_map(|(y, m, d, q)| {
            let d = d.min(calendar::days_in_month(y, m));
            format!("{}-{m:02}-{d:02}{q}", calendar::iso_year(y))
        }),
        (year.clone(), 1u32..=12, qualifier).prop_map(|(y, m, q)| format!("{y:04}-{m:02}{q}")),
        (
            year.clone(),
            prop_oneof![21u32..=24, 33u32..=36, 40u32..=41]
        )
            .prop_map(|(y, c)| format!("{y:04}-{c}")),
        (1i64..1000).prop_map(|p| format!("{p:03}X")),
        (0i64..100).prop_map(|p| format!("{p:02}XX")),
        (year.clone(), year.clone()).prop_map(|(a, b)| format!("{:04}/{:04}", a.min(b), a.max(b))),
        (year.clone(), 1u32..=12, 1u32..=12).prop_map(|(y, a, b)| format!(
            "{y:04}-{:02}/{y:04}-{:02}",
            a.min(b),
            a.max(b)
        )),
        (year.clone(), 1u32..=12, 1u32..=28, 1u32..=28).prop_map(|(y, m, a, b)| format!(
            "{y:04}-{m:02}-{:02}/{y:04}-{m:02}-{:02}",
            a.min(b),
            a.max(b)
        )),
        (year.clone(), 1u32..=12).prop_map(|(y, m)| format!("{y:04}-{m:02}/..")),
        year.clone().prop_map(|y| format!("[..{y:04}]")),
        year.prop_map(|y| format!("[{y:04}..]")),
    ]
}

proptest! {
    #[test]
    fn edtf_round_trip(text in edtf_strategy()) {
        let date = Date::parse_edtf(&text).unwrap();
        let again = Date::parse_edtf(date.edtf()).unwrap();
        prop_assert_eq!(&again, &date);
        prop_assert_eq!(again.edtf(), date.edtf());
    }

    #[test]
    fn display_reads_back_to_the_same_date(text in common_date_strategy()) {
        let date = Date::parse_edtf(&text).unwrap();
        let shown = date.display();
        let read = Date::parse(&shown).map_err(|e| TestCaseError::fail(format!("{shown}: {e}")))?;
        prop_assert_eq!(read.edtf(), date.edtf(), "display {:?}", shown);
    }

    #[test]
    fn sort_key_orders_like_the_bounds(a in edtf_strategy(), b in edtf_strategy()) {
        let (a, b) = (Date::parse_edtf(&a).unwrap(), Date::parse_edtf(&b).unwrap());
        let start = |d: &Date| {
            let bounds = d.bounds();
            bounds.earliest.day().or(bounds.latest.day())
        };
        if let (Some(x), Some(y)) = (start(&a), start(&b))
            && x < y {
                prop_assert!(a.sort_key() < b.sort_key(), "{} vs {}", a.edtf(), b.edtf());
            }
    }

    #[test]
    fn strict_bounds_are_ordered_and_inside_fuzzy(text in edtf_strategy()) {
        let date = Date::parse_edtf(&text).unwrap();
        let strict = date.bounds();
        let fuzzy = date.fuzzy_bounds();
        if let (Some(a), Some(b)) = (strict.earliest.day(), strict.latest.day()) {
            prop_assert!(a <= b);
        }
        if let (Some(a), Some(b)) = (fuzzy.earliest.day(), strict.earliest.day()) {
            prop_assert!(a <= b);
        }
        if let (Some(a), Some(b)) = (fuzzy.latest.day(), strict.latest.day()) {
            prop_assert!(a >= b);
        }
    }
}

#[test]
fn iso_days_beyond_four_digits() {
    assert_eq!(iso_from_day(day_from_civil(-43, 3, 15)), "-0043-03-15");
    assert_eq!(parse("Y12000").bounds().earliest, day(12000, 1, 1));
}
