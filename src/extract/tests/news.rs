//! The failure classes seen on real annotated news (issue 17), each with
//! made-up sentences of the same kind: no corpus text. Every class is read
//! by a general rule; the cases around each rule probe what else in news
//! falls into its class.

use super::{check, extract, options};

/// Class 1. A date without a year: the occurrence nearest publication, unless a
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
        // A year's possessive sets the year of the day after it.
        (
            "2024-10-31",
            "Last year's Nov. 5 vote was close.",
            &[("Last year's", "2023"), ("Nov. 5", "2023-11-05")],
        ),
        (
            "2024-10-31",
            "Unlike 2019's Dec. 12 election, this one is in spring.",
            &[
                ("2019's", "2019"),
                ("Dec. 12", "2019-12-12"),
                ("in spring", "2025-21"),
            ],
        ),
        // "postponed" is past, the hearing ahead: the nearest wins.
        (
            "2024-10-31",
            "The hearing was postponed until Dec. 3.",
            &[("until Dec. 3", "2024-10-31/2024-12-03")],
        ),
        // Even a verb that surely governs yields to a near occurrence: news
        // would have written last December's year.
        (
            "2024-10-31",
            "The old bridge collapsed on Dec. 15.",
            &[("on Dec. 15", "2024-12-15")],
        ),
        // When the nearest is far off, the other is about as near, and the
        // governing verb chooses.
        (
            "2024-07-01",
            "The suspect was arrested on Dec. 15.",
            &[("on Dec. 15", "2023-12-15")],
        ),
        (
            "2024-07-01",
            "The trial will open on Dec. 15.",
            &[("on Dec. 15", "2024-12-15")],
        ),
        (
            "2024-07-01",
            "The mayor said the suspect was arrested on Dec. 15.",
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

/// Class 2. Weekdays: the verb after the day, possessives, the past perfect, and
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

/// Class 3. Financial periods, placed from the publication date.
#[test]
fn quarters_fiscal_years_and_year_earlier_periods() {
    check(&[
        (
            "2024-10-21",
            "Third-quarter profit rose 8%.",
            &[("Third-quarter", "2024-35")],
        ),
        // Results of a quarter just ended are still to come in October.
        (
            "2024-10-08",
            "The company will report third-quarter results next week.",
            &[
                ("third-quarter", "2024-35"),
                ("next week", "2024-10-14/2024-10-20"),
            ],
        ),
        (
            "2024-08-05",
            "The retailer expects fourth-quarter sales to rise.",
            &[("fourth-quarter", "2024-36")],
        ),
        (
            "2025-02-03",
            "Sales in the latest quarter fell 2%.",
            &[("in the latest quarter", "2024-36")],
        ),
        (
            "2025-02-03",
            "Revenue in the most recent quarter was flat.",
            &[("in the most recent quarter", "2024-36")],
        ),
        (
            "2025-02-03",
            "Fourth-quarter revenue rose 4% from the year-earlier quarter.",
            &[
                ("Fourth-quarter", "2024-36"),
                ("the year-earlier quarter", "2023-36"),
            ],
        ),
        // No quarter named: the latest one to have ended, a year before.
        (
            "2025-02-03",
            "Margins were wider than in the year-ago period.",
            &[("in the year-ago period", "2023-36")],
        ),
        (
            "2025-02-03",
            "Fourth-quarter net income was $4 million, up from $3 million a year earlier.",
            &[("Fourth-quarter", "2024-36"), ("a year earlier", "2023-36")],
        ),
        (
            "2025-02-03",
            "First-half sales rose 3% from a year ago.",
            &[("First-half", "2024-40"), ("a year ago", "2023-40")],
        ),
        (
            "1989-11-02",
            "Profit for fiscal 1989 rose 12%.",
            &[("fiscal 1989", "1989")],
        ),
        (
            "1989-11-02",
            "The company expects fiscal-year 1990 sales to rise.",
            &[("fiscal-year 1990", "1990")],
        ),
        (
            "2024-05-02",
            "Guidance for FY2025 was cut.",
            &[("FY2025", "2025")],
        ),
        (
            "1989-11-02",
            "Results for the 1988 second quarter were restated.",
            &[("the 1988 second quarter", "1988-34")],
        ),
        (
            "1989-11-02",
            "Earnings in 1988's fourth quarter were lower.",
            &[("in 1988's fourth quarter", "1988-36")],
        ),
        (
            "1989-11-02",
            "Its fiscal third quarter ended Sept. 30.",
            &[
                ("Its fiscal third quarter", "1989-35"),
                ("Sept. 30", "1989-09-30"),
            ],
        ),
        (
            "1989-11-02",
            "Sales in the first quarter of fiscal 1990 will rise.",
            &[("in the first quarter of fiscal 1990", "1990-33")],
        ),
        (
            "2024-10-30",
            "Sales in the first nine months rose 5%.",
            &[("in the first nine months", "2024-01/2024-09")],
        ),
        (
            "2024-08-01",
            "Profit in the first half of the year doubled.",
            &[("in the first half of the year", "2024-40")],
        ),
        // Not calendar periods.
        ("2024-10-21", "The first quarter of the game was slow.", &[]),
        ("2024-10-21", "He scored in the second half.", &[]),
    ]);
}

/// Class 3. Clock times with a zone are instants, with their offset.
#[test]
fn clock_times_with_zones() {
    check(&[
        (
            "2024-06-12",
            "Voting closes at 18:00 UTC.",
            &[("at 18:00 UTC", "2024-06-12T18:00:00Z")],
        ),
        // Eastern time is UTC−4 in June, UTC−5 in January.
        (
            "2024-06-12",
            "The statement is due at 3 p.m. ET on Friday.",
            &[("at 3 p.m. ET on Friday", "2024-06-14T15:00:00-04:00")],
        ),
        (
            "2024-01-10",
            "Markets reopen at 9:30 a.m. ET on Monday.",
            &[("at 9:30 a.m. ET on Monday", "2024-01-15T09:30:00-05:00")],
        ),
        (
            "2024-06-12",
            "The talks ended at 15:00 GMT Saturday.",
            &[("at 15:00 GMT Saturday", "2024-06-08T15:00:00Z")],
        ),
        (
            "2024-06-12",
            "The ceasefire began at 0600 GMT on Monday.",
            &[("at 0600 GMT on Monday", "2024-06-10T06:00:00Z")],
        ),
        (
            "2024-07-03",
            "Polls open at 7 a.m. London time on Thursday.",
            &[(
                "at 7 a.m. London time on Thursday",
                "2024-07-04T07:00:00+01:00",
            )],
        ),
        // A zoned time alone is on the day last mentioned.
        (
            "2024-06-12",
            "The quake struck on Monday. It hit at 04:10 UTC.",
            &[
                ("on Monday", "2024-06-10"),
                ("at 04:10 UTC", "2024-06-10T04:10:00Z"),
            ],
        ),
        // A time with no zone and no day is still no date.
        ("2024-06-12", "It happened at 4 p.m.", &[]),
    ]);
}

/// Class 3. Bare years in more contexts, and years in words.
#[test]
fn bare_and_spelled_years() {
    check(&[
        (
            "2024-06-12",
            "Talks may continue into 2025.",
            &[("2025", "2025")],
        ),
        (
            "2024-06-12",
            "The dispute dates back to 1994.",
            &[("1994", "1994")],
        ),
        (
            "2024-06-12",
            "The records, dating to 1962, were lost.",
            &[("1962", "1962")],
        ),
        (
            "2024-06-12",
            "Output exceeded 2019 levels.",
            &[("2019", "2019")],
        ),
        (
            "2024-06-12",
            "Construction will begin in 2026.",
            &[("in 2026", "2026")],
        ),
        (
            "2024-06-12",
            "Such raids were reported as early as 2016.",
            &[("2016", "2016")],
        ),
        (
            "2024-06-12",
            "The band formed in nineteen ninety-six.",
            &[("in nineteen ninety-six", "1996")],
        ),
        (
            "2024-06-12",
            "The mill closed in nineteen oh five.",
            &[("in nineteen oh five", "1905")],
        ),
        (
            "2024-06-12",
            "It was founded in two thousand and eight.",
            &[("in two thousand and eight", "2008")],
        ),
        // Counts stay counts.
        ("2024-06-12", "The firm cut 1500 jobs.", &[]),
        ("2024-06-12", "Turnout rose to 2015 voters.", &[]),
        ("2024-06-12", "Nineteen people were hurt.", &[]),
        ("2024-06-12", "Two thousand protesters marched.", &[]),
        ("2024-06-12", "Nineteen ninety-six delegates voted.", &[]),
        ("2024-06-12", "The index rose to 1995 points.", &[]),
    ]);
}

/// Class 3. Anaphora, spans from publication and named days.
#[test]
fn anaphora_periods_and_named_days() {
    check(&[
        (
            "2024-06-12",
            "The strike began on 4 March 2024. That morning, trains stood still.",
            &[
                ("on 4 March 2024", "2024-03-04"),
                ("That morning", "2024-03-04"),
            ],
        ),
        (
            "2024-06-12",
            "Flooding hit the city on May 3. Schools closed that day.",
            &[("on May 3", "2024-05-03"), ("that day", "2024-05-03")],
        ),
        (
            "2024-06-12",
            "The vote was held on 9 May 2024. On the day, turnout was low.",
            &[
                ("on 9 May 2024", "2024-05-09"),
                ("On the day", "2024-05-09"),
            ],
        ),
        (
            "2024-06-12",
            "The party was founded in 1994. That year, it won a seat.",
            &[("in 1994", "1994"), ("That year", "1994")],
        ),
        // With no date before, "that day" points outside the text.
        ("2024-06-12", "She said that year was the worst.", &[]),
        ("2024-06-12", "He said that day-to-day work went on.", &[]),
        (
            "2024-06-12",
            "Putin is expected to visit in the coming weeks.",
            &[("in the coming weeks", "2024-06-12/2024-07-03~")],
        ),
        (
            "2024-06-12",
            "Prices have tripled over the past decade.",
            &[("the past decade", "2014/2024")],
        ),
        (
            "2024-06-12",
            "Sales grew over the past three years.",
            &[("the past three years", "2021-06/2024-06")],
        ),
        (
            "2024-06-12",
            "The next two weeks will be decisive.",
            &[("The next two weeks", "2024-06-12/2024-06-26")],
        ),
        (
            "2024-06-12",
            "Rents rose in recent months.",
            &[("in recent months", "2024-03-12~/2024-06-12")],
        ),
        (
            "2024-06-12",
            "In the coming months, prices will rise.",
            &[("In the coming months", "2024-06-12/2024-09-12~")],
        ),
        // "the next year" after a date counts from it, not from publication.
        (
            "2024-06-12",
            "The treaty was signed in 1648. The next year, war resumed.",
            &[("in 1648", "1648"), ("The next year", "1649")],
        ),
        (
            "2024-06-12",
            "The last week of June was hot.",
            &[("June", "2024-06")],
        ),
        (
            "2024-06-12",
            "The 9/11 attacks changed air travel.",
            &[("9/11", "2001-09-11")],
        ),
        (
            "2024-06-12",
            "Since 9/11, airports have changed.",
            &[("Since 9/11", "2001-09-11/..")],
        ),
        (
            "2024-06-12",
            "The Sept. 11 attacks killed nearly 3,000 people.",
            &[("Sept. 11", "2001-09-11")],
        ),
        // Other numbers with a slash are no named day.
        (
            "2024-06-12",
            "The ratio held at 19/11 and file 9/11/4 was sealed.",
            &[],
        ),
        // A past event is the nearest before publication, not after.
        (
            "2025-01-03",
            "Hundreds were charged over the Jan. 6 riot.",
            &[("Jan. 6", "2024-01-06")],
        ),
        (
            "2025-01-03",
            "The inquiry into the Jan. 5 explosion will report soon.",
            &[("Jan. 5", "2024-01-05")],
        ),
    ]);
}

/// Class 4. Whole expressions, not half of them.
#[test]
fn whole_expressions_and_modifiers() {
    check(&[
        (
            "2024-06-12",
            "Prices fell in January this year.",
            &[("in January this year", "2024-01")],
        ),
        (
            "2024-06-12",
            "The plant closed in March last year.",
            &[("in March last year", "2023-03")],
        ),
        (
            "2024-06-12",
            "Talks resume in May of next year.",
            &[("in May of next year", "2025-05")],
        ),
        (
            "2024-06-12",
            "The firm was fined on Christmas Eve last year.",
            &[("on Christmas Eve last year", "2023-12-24")],
        ),
        (
            "2024-06-12",
            "Sales were weaker a year ago.",
            &[("a year ago", "2023-06-12~")],
        ),
        (
            "2024-06-12",
            "The road will open at the end of next year.",
            &[("at the end of next year", "2025-12~")],
        ),
        (
            "2024-06-12",
            "Inflation peaked in the late 1970s.",
            &[("in the late 1970s", "1977~/1979~")],
        ),
        (
            "2024-06-12",
            "The mill was built in the mid-1800s.",
            &[("in the mid-1800s", "1833~/1866~")],
        ),
        (
            "2024-06-12",
            "Elections are due in early 2025.",
            &[("in early 2025", "2025-01~/2025-04~")],
        ),
        (
            "2024-06-12",
            "The plan was drafted in early March.",
            &[("in early March", "2024-03-01~/2024-03-10~")],
        ),
        (
            "2024-06-12",
            "A decision is expected early next week.",
            &[("early next week", "2024-06-17~/2024-06-19~")],
        ),
        (
            "2024-06-12",
            "The dome was finished in the late 19th century.",
            &[("in the late 19th century", "1866~/1899~")],
        ),
        (
            "2024-06-12",
            "Growth slowed in late 2023.",
            &[("in late 2023", "2023-09~/2023-12~")],
        ),
    ]);
}

/// "a year ago" offers the year too, and a narrowed date keeps its whole.
#[test]
fn readings_keep_what_they_narrowed() {
    let year_ago = extract("Sales were weaker a year ago.", &options("2024-06-12"));
    // The year is the other reading, about as far back.
    assert_eq!(year_ago[0].alternatives[0].date.edtf(), "2023~");
    let late = extract(
        "Inflation peaked in the late 1970s.",
        &options("2024-06-12"),
    );
    assert_eq!(late[0].modifier, Some(super::super::Part::Late));
    assert_eq!(late[0].unmodified.as_ref().map(|d| d.edtf()), Some("197X"));
    assert!(
        late[0].reading.contains("the late part of it (1970s)"),
        "{}",
        late[0].reading
    );
}
