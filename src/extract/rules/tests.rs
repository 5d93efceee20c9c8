//! Recognition tests: which spans are found, and what they say.

use super::super::token::tokenize;
use super::*;

fn texts(sentence: &str) -> Vec<String> {
    let tokens = tokenize(sentence);
    find_all(&tokens)
        .into_iter()
        .map(|m| {
            tokens[m.start..m.end]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn exprs(sentence: &str) -> Vec<Expr> {
    find_all(&tokenize(sentence))
        .into_iter()
        .map(|m| m.expr)
        .collect()
}

#[test]
fn finds_dates_with_their_prepositions() {
    assert_eq!(texts("They met in September."), ["in September"]);
    assert_eq!(
        texts("The accord of Feb. 14, 2019, holds."),
        ["Feb . 14 , 2019"]
    );
    assert_eq!(texts("Signed on 4 July 1997."), ["on 4 July 1997"]);
    assert_eq!(
        texts("It happened at 6:45 a.m. on Wednesday."),
        ["at 6 : 45 a . m . on Wednesday"]
    );
}

#[test]
fn ambiguous_words_need_a_date_like_neighbour() {
    assert!(texts("The rebels may march on the capital.").is_empty());
    assert!(texts("The March on Washington drew crowds.").is_empty());
    assert_eq!(texts("It rained in May."), ["in May"]);
    assert_eq!(texts("By May 2020 it was over."), ["By May 2020"]);
    assert!(texts("April Ryan asked a question.").is_empty());
    assert!(texts("Black Friday sales rose.").len() == 1);
}

#[test]
fn numbers_that_count_are_not_years() {
    assert!(texts("The outage lasted 36 hours.").is_empty());
    assert!(texts("In 2000 homes the power failed.").is_empty());
    assert!(texts("They paid $1999 for it.").is_empty());
    assert!(texts("Some 1,500 troops left.").is_empty());
    assert!(texts("It grew from 1500 to 2000 people.").is_empty());
    assert!(texts("About 1930 people attended.").is_empty());
    assert_eq!(texts("It was built around 1930."), ["around 1930"]);
    assert_eq!(texts("In 2019, it rained."), ["In 2019"]);
}

#[test]
fn ranges_share_their_fields() {
    assert_eq!(
        exprs("from 1914-18"),
        vec![Expr::Range(
            Box::new(year_only(1914)),
            Box::new(year_only(1918))
        )]
    );
    let march = |day| {
        Expr::Cal(Cal {
            year: None,
            month: Some(3),
            day: Some(day),
            weekday: None,
        })
    };
    assert_eq!(
        exprs("It ran March 3-5."),
        vec![Expr::Range(Box::new(march(3)), Box::new(march(5)))]
    );
    assert_eq!(
        exprs("from 9 to 11 March"),
        vec![Expr::Range(Box::new(march(9)), Box::new(march(11)))]
    );
}

#[test]
fn eras_and_centuries() {
    assert_eq!(exprs("in 218 BC"), vec![year_only(-217)]);
    assert_eq!(exprs("in 44 B.C."), vec![year_only(-43)]);
    assert_eq!(exprs("in AD 476"), vec![year_only(476)]);
    assert_eq!(
        exprs("the twenty-first century"),
        vec![Expr::Century {
            ordinal: 21,
            bc: false,
            millennium: false
        }]
    );
}

#[test]
fn durations_are_not_dates() {
    assert!(texts("The talks lasted three days.").is_empty());
    assert!(texts("We waited for 36 hours.").is_empty());
    assert!(texts("Over three years, sales grew.").is_empty());
    assert!(texts("The strike lasted two weeks.").is_empty());
    // A span counted from publication is a date (see `period`).
    assert_eq!(
        texts("Over the past three years, sales grew."),
        ["the past three years"]
    );
}
