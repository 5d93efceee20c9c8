//! Extractor tests: whole sentences in, suggestions out. The cases here are
//! written for the rules; the scoring suite in `tests/extract_suite.rs`
//! runs the public news table separately.

use proptest::prelude::*;

use super::*;

mod news;

pub(super) fn options(published: &str) -> Options {
    Options::new(Date::parse_edtf(published).unwrap(), Locale::EnUs).unwrap()
}

/// (text, EDTF) of every suggestion.
pub(super) fn found(text: &str, published: &str) -> Vec<(String, String)> {
    extract(text, &options(published))
        .into_iter()
        .map(|s| (s.text, s.date.edtf().to_owned()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// One table row: publication date, sentence, and the (text, EDTF) pairs
/// expected from it.
pub(super) type Row<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// Checks a table of rows, reporting every failing row at once.
pub(super) fn check(rows: &[Row<'_>]) {
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|(published, sentence, expected)| {
            let got = found(sentence, published);
            (got != pairs(expected))
                .then(|| format!("{sentence}\n  want {expected:?}\n  got  {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const ARTICLE: &str = "South Korean and United States officials have issued warnings against Russian President Vladimir Putin’s potential visit to North Korea, slated for this month, citing concerns that it could deepen military ties and violate United Nations Security Council resolutions.
Rumors of Putin’s trip emerged following reports from Russia’s Vedomosti newspaper on Monday, suggesting visits to North Korea and Vietnam in the coming weeks.
Despite denials from Moscow and Pyongyang, the two leaders previously met in eastern Russia in September, where they agreed to deepen cooperation, including in military spheres.
In March, US Director of National Intelligence Avril Haines highlighted Russia’s concessions to North Korea, China, and Iran due to the conflict in Ukraine, raising concerns about potential violations of non-proliferation norms.
Kim Jong-un has spearheaded North Korea’s military modernization efforts, evidenced by ongoing weapons testing and the launch of its first military spy satellite in November.";

#[test]
fn the_putin_article() {
    assert_eq!(
        found(ARTICLE, "2024-06-12"),
        pairs(&[
            ("this month", "2024-06"),
            ("on Monday", "2024-06-10"),
            ("in the coming weeks", "2024-06-12/2024-07-03~"),
            ("in September", "2023-09"),
            ("In March", "2024-03"),
            ("in November", "2023-11"),
        ])
    );
}

#[test]
fn the_article_explains_its_readings() {
    let suggestions = extract(ARTICLE, &options("2024-06-12"));
    let september = suggestions
        .iter()
        .find(|s| s.text == "in September")
        .unwrap();
    assert_eq!(september.rule, "month-by-tense");
    assert_eq!(
        september.hover_text(),
        "'in September' → September 2023, past tense (“met”), published 12 June 2024"
    );
    // The future reading is offered, not lost.
    assert_eq!(september.alternatives[0].date.edtf(), "2024-09");
    // The sentence range is the third line.
    let third_line_start = ARTICLE
        .split('\n')
        .take(2)
        .map(|l| l.chars().count() + 1)
        .sum::<usize>();
    assert_eq!(september.sentence_start, third_line_start);
}

#[test]
fn months_and_weekdays_follow_the_tense() {
    check(&[
        (
            "2025-03-20",
            "The ministry said on Tuesday that talks stalled.",
            &[("on Tuesday", "2025-03-18")],
        ),
        (
            "2025-03-20",
            "The delegation will travel on Tuesday.",
            &[("on Tuesday", "2025-03-25")],
        ),
        (
            "2025-03-20",
            "Exports fell sharply in August.",
            &[("in August", "2024-08")],
        ),
        (
            "2025-03-20",
            "The embargo is set to expire in August.",
            &[("in August", "2025-08")],
        ),
        (
            "2025-03-20",
            "The trial opens on Thursday.",
            &[("on Thursday", "2025-03-20")],
        ),
        (
            "2025-03-20",
            "The festival is in August.",
            &[("in August", "2025-08")],
        ),
        (
            "2025-03-20",
            "The unemployment rate is 4.1% in February.",
            &[("in February", "2025-02")],
        ),
        (
            "2025-03-20",
            "The talks may resume in May.",
            &[("in May", "2025-05")],
        ),
        (
            "2025-03-20",
            "The reservoir will stay closed until June.",
            &[("until June", "2025-03-20/2025-06")],
        ),
        (
            "2023-12-05",
            "Elections are due in March.",
            &[("in March", "2024-03")],
        ),
        (
            "2023-12-05",
            "Inflation peaked in October.",
            &[("in October", "2023-10")],
        ),
        // No cue at all: news reports the past, so the most recent.
        (
            "2024-06-12",
            "The launch of the satellite in November.",
            &[("in November", "2023-11")],
        ),
    ]);
}

#[test]
fn written_dates_need_no_anchor() {
    check(&[
        (
            "2025-03-20",
            "The attacks of Sept. 11, 2001, changed everything.",
            &[("Sept. 11, 2001", "2001-09-11")],
        ),
        (
            "2025-03-20",
            "Independence was declared on July 4, 1776.",
            &[("on July 4, 1776", "1776-07-04")],
        ),
        (
            "2025-03-20",
            "He was born on 12 June 1980 in Leeds.",
            &[("on 12 June 1980", "1980-06-12")],
        ),
        (
            "2025-03-20",
            "The deal was signed on 2024-03-04.",
            &[("on 2024-03-04", "2024-03-04")],
        ),
        (
            "2025-03-20",
            "The towers fell in September 2001.",
            &[("in September 2001", "2001-09")],
        ),
        (
            "2025-03-20",
            "The company was founded in 1998 and went public in 2004.",
            &[("in 1998", "1998"), ("in 2004", "2004")],
        ),
        (
            "2025-03-20",
            "The 2022 invasion shocked Europe.",
            &[("2022", "2022")],
        ),
        (
            "2025-03-20",
            "The drought of 2022 ruined crops.",
            &[("2022", "2022")],
        ),
        (
            "2025-03-20",
            "Socrates died in 399 BCE.",
            &[("in 399 BCE", "-0398")],
        ),
        (
            "2025-03-20",
            "Vesuvius erupted in AD 79.",
            &[("in AD 79", "0079")],
        ),
        (
            "2025-03-20",
            "Caesar died in 44 B.C.",
            &[("in 44 B.C.", "-0043")],
        ),
        (
            "2025-03-20",
            "It was built in the 19th century.",
            &[("in the 19th century", "18XX")],
        ),
        (
            "2025-03-20",
            "The city was founded in the third century BC.",
            &[("in the third century BC", "-0299/-0200")],
        ),
        (
            "2025-03-20",
            "Protests erupted in the 1960s and again in the '90s.",
            &[("in the 1960s", "196X"), ("in the '90s", "199X")],
        ),
        (
            "2025-03-20",
            "The house was built in the 1800s.",
            &[("in the 1800s", "18XX")],
        ),
        (
            "2025-03-20",
            "The internet spread in the 2000s.",
            &[("in the 2000s", "200X")],
        ),
    ]);
}

#[test]
fn numeric_dates_follow_the_locale() {
    let text = "The meeting is on 03/04/2024.";
    let published = Date::parse_edtf("2025-03-20").unwrap();
    let us = extract(
        text,
        &Options::new(published.clone(), Locale::EnUs).unwrap(),
    );
    let gb = extract(
        text,
        &Options::new(published.clone(), Locale::EnGb).unwrap(),
    );
    assert_eq!(us[0].date.edtf(), "2024-03-04");
    assert_eq!(us[0].alternatives[0].date.edtf(), "2024-04-03");
    assert_eq!(gb[0].date.edtf(), "2024-04-03");
    // Only one order is a date: the locale yields to it.
    let only = extract(
        "Filed on 25/12/2024.",
        &Options::new(published, Locale::EnUs).unwrap(),
    );
    assert_eq!(only[0].date.edtf(), "2024-12-25");
    assert!(only[0].alternatives.is_empty());
}

#[test]
fn relative_to_publication() {
    check(&[
        (
            "2025-03-20",
            "The reactor was shut down last month.",
            &[("last month", "2025-02")],
        ),
        (
            "2025-03-20",
            "She will visit next week.",
            &[("next week", "2025-03-24/2025-03-30")],
        ),
        (
            "2025-03-20",
            "He left last week.",
            &[("last week", "2025-03-10/2025-03-16")],
        ),
        (
            "2025-03-20",
            "They will meet this weekend.",
            &[("this weekend", "2025-03-22/2025-03-23")],
        ),
        (
            "2025-03-20",
            "He arrived last Friday.",
            &[("last Friday", "2025-03-14")],
        ),
        (
            "2025-03-20",
            "The vote is next Tuesday.",
            &[("next Tuesday", "2025-03-25")],
        ),
        (
            "2025-03-20",
            "Inflation hit a peak last year.",
            &[("last year", "2024")],
        ),
        (
            "2025-03-20",
            "Crops failed last autumn.",
            &[("last autumn", "2024-23")],
        ),
        (
            "2025-03-20",
            "The minister resigned yesterday.",
            &[("yesterday", "2025-03-19")],
        ),
        (
            "2025-03-20",
            "Last night the rebels attacked.",
            &[("Last night", "2025-03-19")],
        ),
        (
            "2025-03-20",
            "The plant closed two weeks ago.",
            &[("two weeks ago", "2025-03-06~")],
        ),
        (
            "2025-03-20",
            "The company was founded a decade ago.",
            &[("a decade ago", "2015~")],
        ),
        (
            "2025-03-20",
            "The border reopened twenty-one days ago.",
            &[("twenty-one days ago", "2025-02-27")],
        ),
        (
            "2025-03-20",
            "Growth slowed earlier this year.",
            &[("earlier this year", "2025-01-01/2025-03-20")],
        ),
        (
            "2025-03-20",
            "Later this week, the jury will deliberate.",
            &[("Later this week", "2025-03-20/2025-03-23")],
        ),
        (
            "2023-12-05",
            "Sales rose last quarter.",
            &[("last quarter", "2023-35")],
        ),
        (
            "2023-02-10",
            "Sales will rise next quarter.",
            &[("next quarter", "2023-34")],
        ),
    ]);
}

#[test]
fn holidays_seasons_and_quarters() {
    check(&[
        (
            "2025-03-20",
            "The ceasefire took effect on Christmas Eve.",
            &[("on Christmas Eve", "2024-12-24")],
        ),
        (
            "2025-03-20",
            "Shops were closed on New Year's Day.",
            &[("on New Year's Day", "2025-01-01")],
        ),
        (
            "2025-02-20",
            "The parade will take place on St. Patrick's Day.",
            &[("on St. Patrick's Day", "2025-03-17")],
        ),
        (
            "2025-03-20",
            "Families gathered for Thanksgiving.",
            &[("Thanksgiving", "2024-11-28")],
        ),
        (
            "2025-05-20",
            "Protests were held on Easter Sunday.",
            &[("on Easter Sunday", "2025-04-20")],
        ),
        (
            "2025-03-20",
            "The deal was signed on Valentine's Day 2019.",
            &[("on Valentine's Day 2019", "2019-02-14")],
        ),
        (
            "2025-03-20",
            "Stores reopened the day after Christmas.",
            &[("the day after Christmas", "2024-12-26")],
        ),
        (
            "2025-03-20",
            "The summit will be held in the spring.",
            &[("in the spring", "2025-21")],
        ),
        (
            "2025-03-20",
            "The winter of 1947 was harsh.",
            &[("The winter of 1947", "1947-24")],
        ),
        (
            "2025-03-20",
            "The firm reported a loss in Q3.",
            &[("in Q3", "2024-35")],
        ),
        (
            "2025-03-20",
            "Profits rose in the first quarter of 2025.",
            &[("in the first quarter of 2025", "2025-33")],
        ),
        (
            "2025-03-20",
            "Sales fell in the third quarter of last year.",
            &[("in the third quarter of last year", "2024-35")],
        ),
        (
            "2025-03-20",
            "Profits fell in the first half of 2024.",
            &[("in the first half of 2024", "2024-40")],
        ),
    ]);
}

#[test]
fn spans_and_open_ends() {
    check(&[
        (
            "2025-03-20",
            "He led the party from 1994 to 2001.",
            &[("from 1994 to 2001", "1994/2001")],
        ),
        (
            "2025-03-20",
            "The war (1914–1918) killed millions.",
            &[("1914–1918", "1914/1918")],
        ),
        (
            "2025-03-20",
            "The band toured in 1998-99.",
            &[("in 1998-99", "1998/1999")],
        ),
        (
            "2025-03-20",
            "The conference ran March 15-17, 2024.",
            &[("March 15-17, 2024", "2024-03-15/2024-03-17")],
        ),
        (
            "2025-03-20",
            "The summit took place on 15-16 November 2022.",
            &[("on 15-16 November 2022", "2022-11-15/2022-11-16")],
        ),
        (
            "2025-03-20",
            "The strike lasted between March and May 2017.",
            &[("between March and May 2017", "2017-03/2017-05")],
        ),
        (
            "2025-03-20",
            "The talks ran from Monday to Friday.",
            &[("from Monday to Friday", "2025-03-10/2025-03-14")],
        ),
        (
            "2025-03-20",
            "The outage lasted from Dec. 31, 1999, to Jan. 1, 2000.",
            &[(
                "from Dec. 31, 1999, to Jan. 1, 2000",
                "1999-12-31/2000-01-01",
            )],
        ),
        (
            "2025-03-20",
            "Prices have doubled since 2019.",
            &[("since 2019", "2019/..")],
        ),
        (
            "2025-03-20",
            "The border has been closed since last March.",
            &[("since last March", "2024-03/..")],
        ),
        (
            "2025-03-20",
            "He ruled until 1999.",
            &[("until 1999", "../1999")],
        ),
        (
            "2025-03-20",
            "The pact was signed shortly before 1914.",
            &[("shortly before 1914", "[..1914]")],
        ),
        (
            "2025-03-20",
            "The vase dates to circa 1850.",
            &[("circa 1850", "1850~")],
        ),
        (
            "2025-03-20",
            "The coin was minted c. 1850.",
            &[("c. 1850", "1850~")],
        ),
        (
            "2025-03-20",
            "The rule must be in place by 2030.",
            &[("by 2030", "2025-03-20/2030")],
        ),
        (
            "2025-03-20",
            "The plan should be ready by the end of the year.",
            &[("by the end of the year", "2025-03-20/2025-12-31")],
        ),
        (
            "2025-03-20",
            "Payment is due on or before March 31.",
            &[("on or before March 31", "2025-03-20/2025-03-31")],
        ),
        (
            "2025-03-20",
            "By June, the army had withdrawn.",
            &[("By June", "[..2024-06]")],
        ),
    ]);
}

#[test]
fn times_join_their_day() {
    check(&[
        (
            "2025-03-20",
            "The shop opened at 9 a.m. Monday.",
            &[("at 9 a.m. Monday", "2025-03-17T09:00:00")],
        ),
        (
            "2025-03-20",
            "The blast occurred at 11:30 p.m. on Saturday.",
            &[("at 11:30 p.m. on Saturday", "2025-03-15T23:30:00")],
        ),
        (
            "2025-03-20",
            "The court will rule Tuesday at 3 p.m.",
            &[("Tuesday at 3 p.m.", "2025-03-25T15:00:00")],
        ),
        (
            "2025-03-20",
            "The statement was issued at 14:30 GMT on Tuesday.",
            &[("at 14:30 GMT on Tuesday", "2025-03-18T14:30:00Z")],
        ),
        (
            "2025-03-20",
            "The launch is set for 3 p.m. tomorrow.",
            &[("3 p.m. tomorrow", "2025-03-21T15:00:00")],
        ),
        (
            "2025-03-20",
            "The rally starts at noon on Friday.",
            &[("at noon on Friday", "2025-03-21T12:00:00")],
        ),
        // A time with no day is no date.
        ("2025-03-20", "It happened at 4 p.m.", &[]),
    ]);
}

#[test]
fn anaphora_count_from_the_last_date() {
    check(&[
        (
            "2025-03-20",
            "He led the party from 1994 to 2001. The next year, he retired.",
            &[
                ("from 1994 to 2001", "1994/2001"),
                ("The next year", "2002"),
            ],
        ),
        (
            "2025-03-20",
            "The bridge opened on 4 July 1997. Two days later, it closed.",
            &[
                ("on 4 July 1997", "1997-07-04"),
                ("Two days later", "1997-07-06"),
            ],
        ),
        (
            "2025-03-20",
            "The treaty was signed in 1648. The next year, war resumed.",
            &[("in 1648", "1648"), ("The next year", "1649")],
        ),
        (
            "2025-03-20",
            "He was arrested on Jan. 6. The day before, he had posted a video.",
            &[
                ("on Jan. 6", "2025-01-06"),
                ("The day before", "2025-01-05"),
            ],
        ),
        (
            "2025-03-20",
            "The plant was shut in July 2023. Three months later, it reopened.",
            &[
                ("in July 2023", "2023-07"),
                ("Three months later", "2023-10"),
            ],
        ),
        (
            "2025-03-20",
            "The accident happened on March 3, 2022. The same day, a second crash occurred.",
            &[
                ("on March 3, 2022", "2022-03-03"),
                ("The same day", "2022-03-03"),
            ],
        ),
    ]);
}

#[test]
fn more_anaphora_and_decade_forms() {
    check(&[
        (
            "2025-03-20",
            "The party was founded in 1994. Later that year, it won a seat.",
            &[("in 1994", "1994"), ("Later that year", "1994")],
        ),
        (
            "2025-03-20",
            "The strike began on 4 March 2024. The following Monday, talks resumed.",
            &[
                ("on 4 March 2024", "2024-03-04"),
                ("The following Monday", "2024-03-11"),
            ],
        ),
        (
            "2025-03-20",
            "Punk exploded in the seventies.",
            &[("in the seventies", "197X")],
        ),
        ("2025-03-20", "He was in his sixties.", &[]),
        (
            "2025-03-20",
            "The economy boomed in the 1990's.",
            &[("in the 1990's", "199X")],
        ),
        (
            "2025-03-20",
            "Sales in 2023/24 rose.",
            &[("in 2023/24", "2023/2024")],
        ),
        (
            "2025-03-20",
            "The statement came at 9 a.m. EST on Monday.",
            &[("at 9 a.m. EST on Monday", "2025-03-17T09:00:00-05:00")],
        ),
        (
            "2025-03-20",
            "The minister will visit this Monday.",
            &[("this Monday", "2025-03-24")],
        ),
        (
            "2025-03-20",
            "The minister said this Monday that talks failed.",
            &[("this Monday", "2025-03-17")],
        ),
    ]);
}

#[test]
fn a_written_year_opening_the_sentence_sets_the_months_after_it() {
    check(&[(
        "2025-03-20",
        "In 2019, protests began in March and ended in June.",
        &[
            ("In 2019", "2019"),
            ("in March", "2019-03"),
            ("in June", "2019-06"),
        ],
    )]);
}

#[test]
fn a_day_name_picks_the_year_it_fits() {
    check(&[
        (
            "2025-03-20",
            "The vote took place on Sunday, March 16.",
            &[("on Sunday, March 16", "2025-03-16")],
        ),
        // 16 March was a Saturday in 2024 and a Sunday in 2025 and 2031:
        // the nearest year that fits wins over the tense reading.
        (
            "2025-03-20",
            "The vote will take place on Sunday, March 16.",
            &[("on Sunday, March 16", "2025-03-16")],
        ),
    ]);
}

#[test]
fn not_dates() {
    check(&[
        ("2025-03-20", "The rebels may march on the capital.", &[]),
        ("2025-03-20", "The outage lasted 36 hours.", &[]),
        ("2025-03-20", "The talks lasted three days.", &[]),
        ("2025-03-20", "The company employs 2,000 people.", &[]),
        ("2025-03-20", "Shares rose 12 percent to $1,250.", &[]),
        ("2025-03-20", "The model costs $2019.", &[]),
        ("2025-03-20", "In 2000 homes the power failed.", &[]),
        ("2025-03-20", "It grew from 1500 to 2000 people.", &[]),
        ("2025-03-20", "About 1930 people attended.", &[]),
        ("2025-03-20", "She is in her 30s.", &[]),
        ("2025-03-20", "The March on Washington drew crowds.", &[]),
        ("2025-03-20", "April Ryan asked a question.", &[]),
        ("2025-03-20", "You may be right.", &[]),
        ("2025-03-20", "The Summer Olympics opened in Paris.", &[]),
        ("2025-03-20", "The fall of Rome reshaped Europe.", &[]),
        ("2025-03-20", "The first quarter of the game was slow.", &[]),
        ("2025-03-20", "Sunday Times reporters visited.", &[]),
        (
            "2025-03-20",
            "The Super Tuesday primaries were decisive.",
            &[],
        ),
        ("2025-03-20", "He visits every Monday.", &[]),
        ("2025-03-20", "Christmas shopping started early.", &[]),
        ("2025-03-20", "The vote was 52 to 48.", &[]),
        ("2025-03-20", "Interest rates rose to 5.25 percent.", &[]),
    ]);
}

#[test]
fn offsets_are_characters_and_cover_the_text() {
    let text = "Café owners — “furious” — protested on Monday, March 17.";
    let suggestions = extract(text, &options("2025-03-20"));
    assert_eq!(suggestions.len(), 1);
    let s = &suggestions[0];
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(
        chars[s.start..s.end].iter().collect::<String>(),
        "on Monday, March 17"
    );
    assert_eq!(s.text, "on Monday, March 17");
    assert_eq!((s.sentence_start, s.sentence_end), (0, chars.len()));
    assert_eq!(s.date.edtf(), "2025-03-17");
}

#[test]
fn options_need_a_single_day() {
    for bad in [
        "2024-06",
        "2024",
        "2024-06-12~",
        "2024-06-10/2024-06-12",
        "2024-06-12T10:00:00",
    ] {
        let date = Date::parse_edtf(bad).unwrap();
        assert!(
            Options::new(date.clone(), Locale::EnUs).is_err(),
            "{bad} accepted"
        );
        // Built by hand, the options yield nothing rather than a wrong anchor.
        let options = Options {
            published: date,
            locale: Locale::EnUs,
        };
        assert!(extract("He resigned yesterday.", &options).is_empty());
    }
    assert!(Options::new(Date::parse_edtf("2024-06-12").unwrap(), Locale::EnGb).is_ok());
}

#[test]
fn locale_tags() {
    assert_eq!("en-US".parse::<Locale>(), Ok(Locale::EnUs));
    assert_eq!("en_gb".parse::<Locale>(), Ok(Locale::EnGb));
    assert!("fr-FR".parse::<Locale>().is_err());
    assert_eq!(Locale::EnGb.to_string(), "en-GB");
    assert_eq!(Locale::default(), Locale::EnUs);
}

#[test]
fn confidence_reflects_the_evidence() {
    let confidence = |text: &str| extract(text, &options("2025-03-20"))[0].confidence;
    let written = confidence("It was signed on 4 July 1997.");
    let cued = confidence("They met in January.");
    let uncued = confidence("The launch in January.");
    assert!(written > cued && cued > uncued, "{written} {cued} {uncued}");
}

proptest! {
    #[test]
    fn suggestions_are_ordered_disjoint_and_inside_their_sentence(
        words in proptest::collection::vec(
            prop_oneof![
                Just("in"), Just("on"), Just("March"), Just("May"), Just("may"), Just("Monday"),
                Just("2019"), Just("1,500"), Just("the"), Just("1990s"), Just("last"), Just("week"),
                Just("ago"), Just("three"), Just("days"), Just("from"), Just("to"), Just("."),
                Just(","), Just("-"), Just("6:45"), Just("a.m."), Just("12th"), Just("century"),
                Just("BC"), Just("since"), Just("by"), Just("the end of"), Just("Christmas Day"),
                Just("later"), Just("said"), Just("will"), Just("Q3"), Just("03/04/2024"),
                Just("Ünïcödé"), Just("\n"), Just("’s"), Just("the day before"),
                Just("fiscal"), Just("that"), Just("past"), Just("coming"), Just("year-earlier"),
                Just("quarter"), Just("9/11"), Just("GMT"), Just("ET"), Just("nineteen"),
                Just("ninety-six"), Just("late"), Just("early"), Just("mid-"), Just("1970s"),
                Just("FY"), Just("first-half"), Just("Dec. 15"), Just("riot"), Just("said"),
                Just("0600"), Just("London time"), Just("a year ago"), Just("had planned to"),
            ],
            0..40,
        ),
        day in 0i64..40_000,
    ) {
        let text = words.join(" ");
        let published = Date::parse_edtf(&crate::model::date::calendar::iso_from_day(day)).unwrap();
        let options = Options::new(published, Locale::EnUs).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let suggestions = extract(&text, &options);
        let mut last_end = 0;
        for s in &suggestions {
            prop_assert!(s.start >= last_end && s.start < s.end && s.end <= chars.len());
            prop_assert!(s.sentence_start <= s.start && s.end <= s.sentence_end);
            prop_assert_eq!(chars[s.start..s.end].iter().collect::<String>(), s.text.clone());
            prop_assert!((0.0..=1.0).contains(&s.confidence));
            last_end = s.end;
        }
    }
}

#[test]
fn chinese_japanese_and_korean_dates() {
    check(&[
        (
            "2023-09-14",
            "김정은 국무위원장은 2023년 9월 13일 러시아에서 정상회담을 가졌다.",
            &[("2023년 9월 13일", "2023-09-13")],
        ),
        (
            "2023-11-22",
            "북한은 11월 21일에 군사정찰위성을 발사했다.",
            &[("11월 21일에", "2023-11-21")],
        ),
        (
            "2024-06-20",
            "普京于2024年6月19日抵达平壤。",
            &[("2024年6月19日", "2024-06-19")],
        ),
        (
            "2024-06-20",
            "金正恩氏は2023年9月にロシアを訪問した。",
            &[("2023年9月", "2023-09")],
        ),
        (
            "2024-06-20",
            "2019년에 회담이 열렸다.",
            &[("2019년에", "2019")],
        ),
        // Counts, not dates: "for 13 days", "for 3 years".
        ("2024-06-20", "13일 동안 머물렀다. 3년 동안.", &[]),
    ]);
}
