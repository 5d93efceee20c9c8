//! Compounds built on a simple expression: ranges, "since", "until",
//! "by", "before"/"after" and "around".

use super::super::lexicon::is_approximation_word;
use super::{
    Cal, Expr, Found, MAX_BARE_YEAR, Parser, RangeEnd, YearContext, longest, share_years, year_only,
};

/// Longest span, in years, a dash between two bare years is read as a range
/// ("1914–1918"); wider pairs are more likely counts ("1000-5000").
const MAX_YEAR_RANGE_YEARS: i64 = 200;

/// Years in a century, for "1998–03" style two-digit ends.
const CENTURY_YEARS: i64 = 100;

impl Parser<'_> {
    /// "from 1994 to 2001", "from March 3 to 5", "from 9 to 11 March".
    pub(super) fn range_with_from(&self, i: usize) -> Found {
        if !self.is(i, "from") {
            return None;
        }
        self.range_from(i + 1, |p, j| {
            p.is_any(j, &["to", "until", "till", "through", "thru"]) || p.dash(j)
        })
    }

    /// "between 1914 and 1918", "between March and May 2017".
    pub(super) fn between_range(&self, i: usize) -> Found {
        if !self.is(i, "between") {
            return None;
        }
        self.range_from(i + 1, |p, j| p.is(j, "and"))
    }

    /// A range starting at `j` whose sides a separator joins.
    pub(super) fn range_from(&self, j: usize, separator: impl Fn(&Self, usize) -> bool) -> Found {
        // A bare day borrowing its month from the right: "from 9 to 11 March".
        if let Some(day) = self.day_number(j)
            && separator(self, j + 1)
            && let Some((end, Expr::Cal(right))) = self.dated(j + 2)
            && right.day.is_some()
            && right.month.is_some()
        {
            let left = Cal {
                day: Some(day),
                weekday: None,
                ..right
            };
            return Some((
                end,
                Expr::Range(Box::new(Expr::Cal(left)), Box::new(Expr::Cal(right))),
            ));
        }
        let (mut after, left) = self.simple_for_range(j)?;
        // "from Dec. 31, 1999, to Jan. 1, 2000".
        if self.punct(after, ",") && separator(self, after + 1) {
            after += 1;
        }
        if !separator(self, after) {
            return None;
        }
        let (end, left, right) = self.range_right(after + 1, &left)?;
        Some((end, Expr::Range(Box::new(left), Box::new(right))))
    }

    /// The left side of a range: a simple expression, bare years allowed.
    pub(super) fn simple_for_range(&self, j: usize) -> Found {
        let year = self.year(j, YearContext::Given).and_then(|(e, y)| {
            // A year that counts ("from 1500 to 2000 people") fails later.
            (!self.measured(j)).then_some((e, year_only(y)))
        });
        longest(self.simple(j), year)
    }

    /// The right side of a range after its separator, with the fields it
    /// shares with the left filled in: (end, left, right).
    pub(super) fn range_right(&self, j: usize, left: &Expr) -> Option<(usize, Expr, Expr)> {
        let right = if let Some((end, expr)) = self.dated(j) {
            RangeEnd::Dated(end, expr)
        } else {
            let t = self.tok(j)?;
            if !t.is_plain_number() || self.measured(j) {
                return None;
            }
            RangeEnd::Bare(j + 1, t.value, t.digits)
        };
        // A bare year on the right is only a year when the left is one.
        let right = match right {
            RangeEnd::Dated(end, Expr::Cal(cal))
                if cal.month.is_none() && cal.weekday.is_none() && cal.day.is_none() =>
            {
                match cal.year {
                    Some(year) => RangeEnd::Bare(end, year, 4),
                    None => return None,
                }
            }
            other => other,
        };
        match (left, right) {
            (Expr::Cal(l), RangeEnd::Bare(end, n, digits)) => {
                if l.day.is_some() && digits <= 2 && (1..=31).contains(&n) {
                    if !self.clause_break(end) && self.month_word(end).is_none() {
                        return None;
                    }
                    let mut l = *l;
                    let mut end = end;
                    // "March 15-17, 2024": the year after the range is both sides'.
                    let y = if self.punct(end, ",") { end + 1 } else { end };
                    if l.year.is_none()
                        && let Some((after, year)) = self.written_year(y)
                    {
                        l.year = Some(year);
                        end = after;
                    }
                    let r = Cal {
                        day: u32::try_from(n).ok(),
                        weekday: None,
                        ..l
                    };
                    return Some((end, Expr::Cal(l), Expr::Cal(r)));
                }
                let year = l.year.filter(|_| l.month.is_none() && l.day.is_none())?;
                let right_year = match digits {
                    2 => {
                        let century = year.div_euclid(CENTURY_YEARS) * CENTURY_YEARS;
                        let candidate = century + n;
                        if candidate > year {
                            candidate
                        } else {
                            candidate + CENTURY_YEARS
                        }
                    }
                    4 => n,
                    _ => return None,
                };
                let plausible = right_year > year
                    && right_year - year <= MAX_YEAR_RANGE_YEARS
                    && right_year <= MAX_BARE_YEAR
                    && !self.measured(end - 1)
                    && self.clause_break(end);
                plausible.then(|| (end, Expr::Cal(*l), year_only(right_year)))
            }
            (Expr::Cal(l), RangeEnd::Dated(end, Expr::Cal(r))) => {
                let (l, r) = share_years(*l, r);
                Some((end, Expr::Cal(l), Expr::Cal(r)))
            }
            (_, RangeEnd::Bare(..)) => None,
            (left, RangeEnd::Dated(end, right)) => {
                let compatible = !matches!(right, Expr::Ago { .. } | Expr::Anaphoric { .. });
                compatible.then(|| (end, left.clone(), right))
            }
        }
    }

    /// "since March 2020", "ever since 2019".
    pub(super) fn since(&self, i: usize) -> Found {
        let j = if self.is(i, "ever") { i + 1 } else { i };
        if !self.is(j, "since") {
            return None;
        }
        let (end, inner) = self.dated(j + 1)?;
        Some((end, Expr::Since(Box::new(inner))))
    }

    /// "until 2001", "through June", "up to 2030".
    pub(super) fn until(&self, i: usize) -> Found {
        let j = if self.is(i, "up") && self.is_any(i + 1, &["to", "until"]) {
            i + 2
        } else if self.is_any(i, &["until", "till", "through", "thru", "throughout"]) {
            i + 1
        } else {
            return None;
        };
        let (end, inner) = self.dated(j)?;
        if matches!(inner, Expr::Ago { .. } | Expr::Anaphoric { .. }) {
            return None;
        }
        Some((end, Expr::Until(Box::new(inner))))
    }

    /// "by the end of June", "by 2030", "no later than Friday".
    pub(super) fn deadline(&self, i: usize) -> Found {
        let j = if self.is(i, "by") {
            i + 1
        } else if self.is(i, "no") && self.is(i + 1, "later") && self.is(i + 2, "than") {
            i + 3
        } else {
            return None;
        };
        let end_of = self.is(j, "the") && self.is(j + 1, "end") && self.is(j + 2, "of");
        let (end, inner) = if end_of {
            self.modifiable(j + 3, true)?
        } else {
            let (end, inner) = self.dated(j)?;
            if matches!(inner, Expr::Ago { .. } | Expr::Anaphoric { .. }) {
                return None;
            }
            (end, inner)
        };
        Some((
            end,
            Expr::Deadline {
                inner: Box::new(inner),
                end_of,
            },
        ))
    }

    /// "before 1066", "sometime after 1648", "shortly after the 1990s",
    /// "on or before 4 July 1997". Only dates with their year written: "after
    /// Monday" is left to the weekday rule.
    pub(super) fn before_after(&self, i: usize) -> Found {
        let mut j = i;
        let on_or = self.is(j, "on") && self.is(j + 1, "or");
        let two_word_prefix = on_or
            || (self.is(j, "some") && self.is(j + 1, "time"))
            || (self.is(j, "not") && self.is(j + 1, "long"));
        if two_word_prefix {
            j += 2;
        } else if self.is_any(
            j,
            &[
                "sometime",
                "shortly",
                "soon",
                "just",
                "well",
                "long",
                "sometimes",
            ],
        ) {
            j += 1;
        }
        let after = match self.word(j)? {
            "before" => false,
            "after" => true,
            _ => return None,
        };
        let (end, inner) = self.dated(j + 1)?;
        // "on or before March 31" is a deadline; a bare "before Monday" is
        // left to the name alone.
        if on_or && !after {
            return Some((
                end,
                Expr::Deadline {
                    inner: Box::new(inner),
                    end_of: false,
                },
            ));
        }
        if !(inner.has_explicit_year() || on_or) {
            return None;
        }
        let inner = Box::new(inner);
        Some((
            end,
            if after {
                Expr::After(inner)
            } else {
                Expr::Before(inner)
            },
        ))
    }

    /// "around 1930", "circa 1850", "c. 1850", "about 1930".
    pub(super) fn approx(&self, i: usize) -> Found {
        let word = self.word(i)?;
        if !is_approximation_word(word) {
            return None;
        }
        let stop = self.punct(i + 1, ".") && self.attached(i + 1);
        // The abbreviations take their full stop: "c. 1850", "ca. 1850".
        let j = match (word, stop) {
            ("c" | "ca" | "approx", true) => i + 2,
            ("c" | "ca", false) => return None,
            _ => i + 1,
        };
        let (end, inner) = self.dated(j)?;
        let fits = inner.has_explicit_year()
            && !matches!(inner, Expr::Range(..) | Expr::Approx(_) | Expr::Time { .. });
        fits.then(|| (end, Expr::Approx(Box::new(inner))))
    }
}
