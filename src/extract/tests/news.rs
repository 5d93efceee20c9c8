//! The failure classes seen on real annotated news (issue 17), each with
//! made-up sentences of the same kind: no corpus text. Every class is read
//! by a general rule; the cases around each rule probe what else in news
//! falls into its class.

use super::{check, extract, options};

/// 1. A date without a year: the occurrence nearest publication, unless a
/// verb surely governs it; a reporting verb dates the telling only.
#[test]
fn days_of_the_year_take_the_nearest_occurrence() {
    check(&[
        // "said" is the telling; the repairs are six weeks ahead.
        (
            "2024-10-31",
            "The mayor said repairs by Dec. 15 could reopen the road.",
            &[("by Dec. 15", "2024-10-31/2024-12-15")],
        ),
        (
            "2024-10-31",
            "Officials said the bridge would be finished by Dec. 15.",
            &[("by Dec. 15", "2024-10-31/2024-12-15")],
        ),
        // A future sentence about a noun phrase six days old.
        (
            "2024-08-13",
            "Investigators will review the incidents of Aug. 7.",
            &[("Aug. 7", "2024-08-07")],
        ),
        (
            "2024-08-13",
            "Police will question witnesses to the Aug. 9 robbery at the depot.",
            &[("Aug. 9", "2024-08-09")],
        ),
        // The present tense of a count in progress, across the new year.
        (
            "2024-01-03",
            "Ballots cast on Dec. 28 are still being counted.",
            &[("on Dec. 28", "2023-12-28")],
        ),
        (
            "2024-12-20",
            "The ministry says the tunnel reopens on Jan. 4.",
            &[("on Jan. 4", "2025-01-04")],
        ),
        // A reporting verb right before the date dates it.
        (
            "2024-03-02",
            "The minister told parliament on Feb. 27 that reserves had fallen.",
            &[("on Feb. 27", "2024-02-27")],
        ),
        // No verb at all: the nearest, not the past lean.
        (
            "2024-11-25",
            "Deadline for comments: Dec. 2.",
            &[("Dec. 2", "2024-12-02")],
        ),
        // A verb that surely governs still decides.
        (
            "2025-03-20",
            "The parade will take place on St. Patrick's Day.",
            &[("on St. Patrick's Day", "2026-03-17")],
        ),
        (
            "2024-10-31",
            "The old bridge collapsed on Dec. 15 after heavy rain.",
            &[("on Dec. 15", "2023-12-15")],
        ),
        // Months keep their tense: "fell" is past, seven months back.
        (
            "2025-03-20",
            "Officials said exports fell in August.",
            &[("in August", "2024-08")],
        ),
        (
            "2025-03-20",
            "The bank said on Tuesday that inflation will ease in August.",
            &[("on Tuesday", "2025-03-18"), ("in August", "2025-08")],
        ),
    ]);
}

/// 2. Weekdays: the verb after the day, possessives, the past perfect, and
/// a written date over the day name.
#[test]
fn weekdays_land_in_the_right_week() {
    check(&[
        // The nearest cue before is "will"; the verb after the day decides.
        (
            "2025-03-20",
            "The Senate, which will vote again next month, on Monday approved the bill.",
            &[("next month", "2025-04"), ("on Monday", "2025-03-17")],
        ),
        (
            "2025-03-20",
            "The court, due to rule later, on Tuesday formally rejected the appeal.",
            &[("on Tuesday", "2025-03-18")],
        ),
        // A possessive looks back, whatever comes after.
        (
            "2025-03-20",
            "Trading will resume above Tuesday's closing price.",
            &[("Tuesday's", "2025-03-18")],
        ),
        (
            "2025-03-20",
            "Analysts expect a rebound from Monday's losses.",
            &[("Monday's", "2025-03-17")],
        ),
        // A plan in the past perfect happened (or failed) in the past.
        (
            "2025-03-20",
            "The two sides had planned to meet on Wednesday, but the talks collapsed.",
            &[("on Wednesday", "2025-03-19")],
        ),
        (
            "2025-03-20",
            "The vote had been expected on Monday.",
            &[("on Monday", "2025-03-17")],
        ),
        // A past event on a day name.
        (
            "2025-03-20",
            "Schools will reopen after Sunday's explosion.",
            &[("Sunday's", "2025-03-16")],
        ),
        // The written date wins over the day name's own reasoning.
        (
            "2020-04-20",
            "The rally will be held on Saturday, April 25.",
            &[("on Saturday, April 25", "2020-04-25")],
        ),
        (
            "2020-04-27",
            "Crowds gathered on Saturday, April 25, at noon.",
            &[("on Saturday, April 25, at noon", "2020-04-25T12:00:00")],
        ),
    ]);
}

/// A written date whose day name disagrees stays written, and says so.
#[test]
fn a_wrong_day_name_does_not_move_the_date() {
    let suggestions = extract("The rally is on Sunday, April 25.", &options("2020-04-20"));
    assert_eq!(suggestions.len(), 1);
    let rally = &suggestions[0];
    // 25 April 2020 was a Saturday; 2021's was a Sunday, a year away.
    assert_eq!(rally.date.edtf(), "2020-04-25");
    assert!(
        rally.reading.contains("does not agree"),
        "{}",
        rally.reading
    );
    assert!(rally.confidence < 0.5);
}
