//! The words the rules read: month and day names, number words, holidays,
//! and the small closed word classes that decide whether a number or a name
//! is a date at all.

use std::collections::HashSet;
use std::sync::LazyLock;

pub(super) use crate::model::date::words::{
    is_approximation_word, is_month_abbreviation, month_from_word, ordinal_from_word,
    season_from_word,
};

/// True when `word` is one of the words of `class`. Each class is a set
/// built once from its space-separated list: the classes are asked about
/// every token, and scanning the lists instead took over a third of the
/// extraction time (perf on `benches/extract.rs`).
fn listed(class: &'static LazyLock<HashSet<&'static str>>, word: &str) -> bool {
    class.contains(word)
}

/// The words of a space-separated list, as a set.
fn word_set(list: &'static str) -> HashSet<&'static str> {
    list.split_ascii_whitespace().collect()
}

/// Months whose names are also common verbs or nouns ("may", "march"):
/// they need a date-like neighbour to count.
pub(super) fn month_is_common_word(month: u32) -> bool {
    matches!(month, 3 | 5)
}

/// Months that are also given names ("April Ryan", "June Carter").
pub(super) fn month_is_given_name(month: u32) -> bool {
    matches!(month, 4 | 5 | 6 | 8)
}

/// Weekday (0 = Monday) of a day name or its abbreviation.
pub(super) fn weekday_from_word(word: &str) -> Option<u32> {
    Some(match word {
        "monday" | "mon" => 0,
        "tuesday" | "tue" | "tues" => 1,
        "wednesday" | "wed" => 2,
        "thursday" | "thu" | "thur" | "thurs" => 3,
        "friday" | "fri" => 4,
        "saturday" | "sat" => 5,
        "sunday" => 6,
        _ => return None,
    })
}

/// True for the full day names; abbreviations only count with a full stop.
pub(super) fn is_full_weekday(word: &str) -> bool {
    word.ends_with("day")
}

/// English day names, Monday first.
pub(super) const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Words before a day name that make it part of another name
/// ("Black Friday" is handled as a holiday; "Super Tuesday" is no weekday).
pub(super) fn blocks_weekday(word: &str) -> bool {
    listed(&WEEKDAY_BLOCKERS_SET, word)
}

/// Words that make a day name part of another name (see [`blocks_weekday`]).
const WEEKDAY_BLOCKERS: &str = "black cyber super good ash holy maundy bloody blue palm easter whit shrove fat giving \
     small";

/// [`WEEKDAY_BLOCKERS`] as a set.
static WEEKDAY_BLOCKERS_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(WEEKDAY_BLOCKERS));

/// Value of a cardinal number word ("three", "twenty"), for amounts.
pub(super) fn number_from_word(word: &str) -> Option<i64> {
    Some(match word {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    })
}

/// The two-digit decade a decade word names: "nineties" → 90. "Tens" and
/// "teens" are left out: they name ages and numbers far more often.
pub(super) fn decade_from_word(word: &str) -> Option<i64> {
    Some(match word {
        "twenties" => 20,
        "thirties" => 30,
        "forties" => 40,
        "fifties" => 50,
        "sixties" => 60,
        "seventies" => 70,
        "eighties" => 80,
        "nineties" => 90,
        _ => return None,
    })
}

/// True for the letters an ordinal number takes (`1st`, `22nd`, `12th`).
pub(super) fn is_ordinal_suffix(suffix: &str) -> bool {
    matches!(suffix, "st" | "nd" | "rd" | "th")
}

/// A unit of calendar time a relative expression counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// The unit's name, singular.
    pub(super) const fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
            Self::Decade => "decade",
            Self::Century => "century",
        }
    }
}

/// The unit a word names, singular or plural.
pub(super) fn unit_from_word(word: &str) -> Option<Unit> {
    Some(match word {
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "month" | "months" => Unit::Month,
        "quarter" | "quarters" => Unit::Quarter,
        "year" | "years" => Unit::Year,
        "decade" | "decades" => Unit::Decade,
        "century" | "centuries" => Unit::Century,
        _ => return None,
    })
}

/// A holiday: its English names and how to find its day in a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Holiday {
    /// The name as it reads in an explanation.
    pub name: &'static str,
    pub rule: HolidayRule,
}

/// How a holiday falls in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HolidayRule {
    /// The same month and day every year.
    Fixed { month: u32, day: u32 },
    /// The `nth` given weekday (0 = Monday) of a month; `nth` −1 is the last.
    NthWeekday { month: u32, weekday: u32, nth: i32 },
    /// Days from Easter Sunday (Gregorian computus).
    Easter { offset_days: i64 },
    /// Days after US Thanksgiving (Black Friday is the day after).
    AfterThanksgiving { offset_days: i64 },
}

/// US Thanksgiving: the fourth Thursday of November.
pub(super) const THANKSGIVING: Holiday = nth("Thanksgiving", 11, 3, 4);

/// Holidays by the lower-case words of their names, longest names first so
/// "Christmas Day" wins over "Christmas". Floating US holidays follow US
/// federal rules; Mother's Day is left out because the UK and US differ.
pub(super) const HOLIDAYS: &[(&[&str], Holiday)] = &[
    (&["new", "year's", "day"], fixed("New Year's Day", 1, 1)),
    (&["new", "year's", "eve"], fixed("New Year's Eve", 12, 31)),
    (&["new", "years", "day"], fixed("New Year's Day", 1, 1)),
    (&["new", "years", "eve"], fixed("New Year's Eve", 12, 31)),
    (&["christmas", "day"], fixed("Christmas Day", 12, 25)),
    (&["christmas", "eve"], fixed("Christmas Eve", 12, 24)),
    (&["boxing", "day"], fixed("Boxing Day", 12, 26)),
    (&["independence", "day"], fixed("Independence Day", 7, 4)),
    (
        &["the", "fourth", "of", "july"],
        fixed("the Fourth of July", 7, 4),
    ),
    (&["valentine's", "day"], fixed("Valentine's Day", 2, 14)),
    (
        &["st", ".", "valentine's", "day"],
        fixed("Valentine's Day", 2, 14),
    ),
    (
        &["st", ".", "patrick's", "day"],
        fixed("St Patrick's Day", 3, 17),
    ),
    (
        &["st", "patrick's", "day"],
        fixed("St Patrick's Day", 3, 17),
    ),
    (
        &["saint", "patrick's", "day"],
        fixed("St Patrick's Day", 3, 17),
    ),
    (&["bastille", "day"], fixed("Bastille Day", 7, 14)),
    (
        &["guy", "fawkes", "night"],
        fixed("Guy Fawkes Night", 11, 5),
    ),
    (&["bonfire", "night"], fixed("Bonfire Night", 11, 5)),
    (&["armistice", "day"], fixed("Armistice Day", 11, 11)),
    (&["remembrance", "day"], fixed("Remembrance Day", 11, 11)),
    (&["veterans", "day"], fixed("Veterans Day", 11, 11)),
    (&["veterans'", "day"], fixed("Veterans Day", 11, 11)),
    (&["all", "saints'", "day"], fixed("All Saints' Day", 11, 1)),
    (&["april", "fools'", "day"], fixed("April Fools' Day", 4, 1)),
    (&["april", "fool's", "day"], fixed("April Fools' Day", 4, 1)),
    (&["groundhog", "day"], fixed("Groundhog Day", 2, 2)),
    (&["may", "day"], fixed("May Day", 5, 1)),
    (&["halloween"], fixed("Halloween", 10, 31)),
    (&["juneteenth"], fixed("Juneteenth", 6, 19)),
    (&["hogmanay"], fixed("Hogmanay", 12, 31)),
    (&["christmas"], fixed("Christmas Day", 12, 25)),
    (&["thanksgiving", "day"], THANKSGIVING),
    (&["thanksgiving"], THANKSGIVING),
    (&["memorial", "day"], nth("Memorial Day", 5, 0, -1)),
    (&["labor", "day"], nth("Labor Day", 9, 0, 1)),
    (&["father's", "day"], nth("Father's Day", 6, 6, 3)),
    (&["presidents'", "day"], nth("Presidents' Day", 2, 0, 3)),
    (&["presidents", "day"], nth("Presidents' Day", 2, 0, 3)),
    (
        &["black", "friday"],
        Holiday {
            name: "Black Friday",
            rule: HolidayRule::AfterThanksgiving { offset_days: 1 },
        },
    ),
    (&["easter", "sunday"], easter("Easter Sunday", 0)),
    (&["easter", "monday"], easter("Easter Monday", 1)),
    (&["easter"], easter("Easter Sunday", 0)),
    (&["good", "friday"], easter("Good Friday", -2)),
    (&["maundy", "thursday"], easter("Maundy Thursday", -3)),
    (&["palm", "sunday"], easter("Palm Sunday", -7)),
    (&["ash", "wednesday"], easter("Ash Wednesday", -46)),
    (&["shrove", "tuesday"], easter("Shrove Tuesday", -47)),
    (&["pentecost"], easter("Pentecost", 49)),
    (&["whit", "sunday"], easter("Whit Sunday", 49)),
];

/// A holiday on the same day every year.
const fn fixed(name: &'static str, month: u32, day: u32) -> Holiday {
    Holiday {
        name,
        rule: HolidayRule::Fixed { month, day },
    }
}

/// A holiday on the `nth` weekday of a month.
const fn nth(name: &'static str, month: u32, weekday: u32, nth: i32) -> Holiday {
    Holiday {
        name,
        rule: HolidayRule::NthWeekday {
            month,
            weekday,
            nth,
        },
    }
}

/// A holiday a number of days from Easter Sunday.
const fn easter(name: &'static str, offset_days: i64) -> Holiday {
    Holiday {
        name,
        rule: HolidayRule::Easter { offset_days },
    }
}

/// Closed-class words: a number followed by one of these is not counting
/// anything ("in 2019 the…"), so it may be a year.
pub(super) fn is_function_word(word: &str) -> bool {
    listed(&FUNCTION_WORDS_SET, word)
}

/// Closed-class words (see [`is_function_word`]).
const FUNCTION_WORDS: &str = "the a an and or but nor when while as after before since until till that which who whom \
     whose where with without to in on at by for of from into onto over under about around \
     through during he she it they we i you his her its their our my your there this these \
     those then than so if because although though only also not is was were are be been has \
     have had will would could should can may might must did does do just even again both all \
     some most many more no yet still already later earlier onwards onward now amid despite \
     against among between saw ago alone respectively inclusive ad bc bce ce";

/// [`FUNCTION_WORDS`] as a set.
static FUNCTION_WORDS_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(FUNCTION_WORDS));

/// Words that say a number counts or measures something, so it is no year.
pub(super) fn is_measure_word(word: &str) -> bool {
    listed(&MEASURE_WORDS_SET, word)
}

/// Units and counted nouns (see [`is_measure_word`]).
const MEASURE_WORDS: &str = "percent per pc people persons troops soldiers men women children residents workers jobs \
     units cases deaths votes seats times dollars euros pounds yen yuan rubles roubles won \
     rupees million billion trillion thousand hundred km kilometres kilometers miles metres \
     meters feet ft tons tonnes kg barrels acres hectares points pages words seconds minutes \
     hours days weeks months years decades centuries members homes houses vehicles cars ships \
     planes aircraft rounds shells missiles rockets drones tanks guns items pieces copies \
     students patients victims refugees migrants prisoners hostages employees staff officers \
     police delegates participants visitors tourists fans users customers households families \
     villages towns sites projects companies firms shares mw gw kw mph kph degrees calories \
     bytes gb mb sq square cubic ml litres liters gallons hits steps";

/// [`MEASURE_WORDS`] as a set.
static MEASURE_WORDS_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(MEASURE_WORDS));

/// Past-tense forms that do not end in "-ed". Shared present/past forms
/// ("put", "cut", "read") are left out: they do not tell the tense.
pub(super) fn is_irregular_past(word: &str) -> bool {
    listed(&IRREGULAR_PAST_SET, word)
}

/// Past forms without "-ed" (see [`is_irregular_past`]).
const IRREGULAR_PAST: &str = "was were had did said met fell rose took made went came led built began became broke \
     brought bought caught chose drew drove ate fought found flew forgot froze got gave grew \
     held kept knew laid left lent lost meant paid ran saw sold sent shot sat slept spoke \
     spent stood stole struck swore taught told thought threw understood woke won wrote sank \
     sought withdrew overtook undertook oversaw arose awoke bore beat bit blew bled bred \
     clung dealt dug dove fed felt fled flung forbade forgave hung hid heard knelt lay leapt \
     lit mistook rang rode sang shook shone shrank slid spun sprang stuck stung strove swept \
     swam swung tore trod wept wore wound wrung ago previously formerly";

/// [`IRREGULAR_PAST`] as a set.
static IRREGULAR_PAST_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(IRREGULAR_PAST));

/// Words ending in "-ed" that are not past-tense verbs.
pub(super) fn is_false_past(word: &str) -> bool {
    listed(&FALSE_PAST_SET, word)
}

/// "-ed" words that are no past verbs (see [`is_false_past`]).
const FALSE_PAST: &str = "need seed speed breed bleed feed greed indeed proceed exceed succeed red bed shed wed \
     hundred kindred sacred naked wicked rugged beloved embed weed deed creed steed reed heed \
     sled shred unprecedented so-called armed aged scheduled expected planned slated proposed \
     anticipated intended based related limited united advanced detailed alleged supposed \
     concerned interested required";

/// [`FALSE_PAST`] as a set.
static FALSE_PAST_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(FALSE_PAST));

/// Words that mark the future wherever they stand.
pub(super) fn is_future_word(word: &str) -> bool {
    listed(&FUTURE_WORDS_SET, word)
}

/// Words of the future (see [`is_future_word`]).
const FUTURE_WORDS: &str = "will won't shall scheduled slated upcoming forthcoming planned anticipated proposed \
     intended would coming tomorrow expects expect expecting anticipates anticipate predicts";

/// [`FUTURE_WORDS`] as a set.
static FUTURE_WORDS_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(FUTURE_WORDS));

/// Verbs of intent or expectation: followed by "to", they point ahead
/// ("vowed to hold elections in March"), whatever their own tense.
pub(super) fn is_intent_verb(word: &str) -> bool {
    listed(&INTENT_VERBS_SET, word)
}

/// Verbs of intent (see [`is_intent_verb`]).
const INTENT_VERBS: &str = "plan plans planned planning aim aims aimed aiming intend intends intended hope hopes \
     hoped hoping expect expects expected want wants wanted vow vows vowed pledge pledges \
     pledged promise promises promised agree agrees agreed decide decides decided prepare \
     prepares prepared preparing seek seeks sought threaten threatens threatened set due \
     poised likely going about ready bound expecting scheduled slated";

/// [`INTENT_VERBS`] as a set.
static INTENT_VERBS_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(INTENT_VERBS));

/// Present-tense forms of "be" and the verbs news uses in the present for
/// what is scheduled ("the trial opens on Thursday").
pub(super) fn is_present_word(word: &str) -> bool {
    listed(&PRESENT_WORDS_SET, word)
}

/// Present forms (see [`is_present_word`]).
const PRESENT_WORDS: &str = "is are am take takes run runs start starts begin begins ends open opens closes expire \
     expires meet meets hold holds host hosts resume resumes go goes return returns reopen reopens \
     arrive arrives launch launches debut debuts premiere premieres conclude concludes finish \
     finishes kick kicks visit visits travel travels face faces";

/// [`PRESENT_WORDS`] as a set.
static PRESENT_WORDS_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(PRESENT_WORDS));

/// Nouns a bare year qualifies without a determiner ("exceeded 2019
/// levels", "1995 sales rose").
pub(super) fn is_year_qualified_noun(word: &str) -> bool {
    listed(&YEAR_QUALIFIED_NOUNS_SET, word)
}

/// Nouns a year qualifies (see [`is_year_qualified_noun`]).
const YEAR_QUALIFIED_NOUNS: &str = "levels level figures results prices budget budgets election elections census season \
     campaign contract target targets forecast forecasts estimates earnings revenue revenues \
     sales output production highs lows peak peaks totals rates values law treaty model \
     vintage crop harvest olympics championship tournament summit crisis report survey data \
     standards emissions baseline average averages record records";

/// [`YEAR_QUALIFIED_NOUNS`] as a set.
static YEAR_QUALIFIED_NOUNS_SET: LazyLock<HashSet<&str>> =
    LazyLock::new(|| word_set(YEAR_QUALIFIED_NOUNS));

/// Verbs of saying: the tense of the telling, not of what is told.
pub(super) fn is_reporting_verb(word: &str) -> bool {
    listed(&REPORTING_VERBS_SET, word)
}

/// Verbs of saying (see [`is_reporting_verb`]).
const REPORTING_VERBS: &str = "said says say told tells tell announced announces reported reports added adds noted notes \
     stated states wrote writes claimed claims warned warns confirmed confirms acknowledged \
     acknowledges disclosed discloses revealed reveals testified testifies insisted insists \
     argued argues explained explains";

/// [`REPORTING_VERBS`] as a set.
static REPORTING_VERBS_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(REPORTING_VERBS));

/// Nouns of violent or sudden events: a date naming one ("the Jan. 6
/// riot", "Sunday's attack") names something that has happened.
pub(super) fn is_past_event_noun(word: &str) -> bool {
    listed(&PAST_EVENT_NOUNS_SET, word)
}

/// Event nouns (see [`is_past_event_noun`]).
const PAST_EVENT_NOUNS: &str = "riot riots attack attacks bombing bombings shooting shootings massacre killing killings \
     uprising insurrection coup invasion raid raids assault ambush explosion explosions blast \
     crash earthquake quake tsunami fire wildfire flood floods disaster tragedy incident \
     incidents clashes storming siege stabbing murder murders hijacking derailment collapse \
     outage breach hack leak crackdown landslide eruption";

/// [`PAST_EVENT_NOUNS`] as a set.
static PAST_EVENT_NOUNS_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(PAST_EVENT_NOUNS));

/// Events known by their day, which a month and day with the event's noun
/// name whatever the publication date: (month, day, noun, year, name).
pub(super) const NAMED_EVENTS: &[(u32, u32, &str, i64, &str)] = &[
    (9, 11, "attacks", 2001, "the September 11 attacks"),
    (9, 11, "attack", 2001, "the September 11 attacks"),
    (9, 11, "hijackings", 2001, "the September 11 attacks"),
];

/// Determiners: after "due to" they make it mean "because of", not "expected".
pub(super) fn is_determiner(word: &str) -> bool {
    listed(&DETERMINERS_SET, word)
}

/// Determiners (see [`is_determiner`]).
const DETERMINERS: &str =
    "the a an his her its their our my your this that these those some high low poor bad";

/// [`DETERMINERS`] as a set.
static DETERMINERS_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(DETERMINERS));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_days() {
        assert_eq!(month_from_word("sept"), Some(9));
        assert_eq!(month_from_word("maybe"), None);
        assert_eq!(weekday_from_word("sunday"), Some(6));
        assert!(month_is_common_word(5));
        assert!(!month_is_common_word(9));
    }

    #[test]
    fn holidays_list_longer_names_first() {
        // A shorter name listed before a longer one that starts the same way
        // would shadow it: "Christmas" must not win over "Christmas Day".
        for (i, (words, _)) in HOLIDAYS.iter().enumerate() {
            for (longer, _) in &HOLIDAYS[i + 1..] {
                let shadows = longer.len() > words.len() && longer.starts_with(words);
                assert!(!shadows, "{words:?} shadows {longer:?}");
            }
        }
    }

    #[test]
    fn numbers_and_units() {
        assert_eq!(number_from_word("ten"), Some(10));
        assert_eq!(ordinal_from_word("twelfth"), Some(12));
        assert_eq!(unit_from_word("weeks"), Some(Unit::Week));
        assert!(is_measure_word("troops"));
        assert!(!is_measure_word("election"));
    }
}
