//! Calendar-aware ruler ticks: which times get a tick and what it says.
//!
//! [`ticks`] picks the finest [`TickUnit`] on the ladder (1 minute … 10⁹
//! years) whose labels do not overlap at the current zoom, and returns the
//! ticks inside the view. Ticks sit on real calendar boundaries: midnight,
//! Mondays, the first of each month, 1 January, with leap years and month
//! lengths from [`crate::model::date::calendar`].
//!
//! Labels, per unit (major ticks carry the context of the next larger unit):
//!
//! | unit | minor | major |
//! | --- | --- | --- |
//! | minutes, hours | `10:30` | at midnight: `13 Sep 2023` |
//! | days | `13 Sep` | on the 1st: `Sep 2023` |
//! | weeks (Mondays) | `11 Sep` | first Monday of a month: `4 Sep 2023` |
//! | months, quarters, half-years | `Sep` | January: `Jan 2024` |
//! | years (1-2-5 steps up to 10⁹) | `1066`, `44 BC`, `12,000` | each power of ten above the step |
//!
//! Years read as in the rest of Annals: `44 BC` (never a year 0:
//! astronomical year 0 is `1 BC`), `AD 476` below 1000, thousands separators
//! beyond four digits, and deep time written out in full (`170,000,000 BC`)
//! so one rule covers every scale. Steps of more than one year count from
//! the era, so BC ticks fall on round BC numbers (`20 BC`, `10 BC`, `AD 10`).
//!
//! Cost: a ladder rung is generated only if its average spacing could fit a
//! label and it has at most [`MAX_TICKS`] ticks, so a frame formats a few
//! dozen labels and never walks the years of deep time.

use super::scale::{SECONDS_PER_MEAN_YEAR, TIME_LIMIT_SECONDS, TimeView};
use crate::model::date::calendar::{
    MONTH_ABBREVIATIONS, SECONDS_PER_DAY, add_months, civil_from_day, day_from_civil,
    weekday_from_day,
};

/// Minimum empty space between two neighbouring labels, so adjacent labels
/// read as separate words (about one character at 13-point text).
pub const LABEL_GAP_POINTS: f64 = 8.0;

/// Most ticks one call generates. Labels need at least ~30 points each, so a
/// 4k-wide widget shows ~130; this cap only guards against absurd widths and
/// keeps a rung with millions of candidate ticks from ever being walked.
pub const MAX_TICKS: usize = 500;

/// Seconds per day as `f64`, for time arithmetic.
const DAY_SECONDS: f64 = SECONDS_PER_DAY as f64;

/// Seconds per day as `i64`, for exact tick arithmetic.
const DAY_SECONDS_I64: i64 = SECONDS_PER_DAY;

/// Largest year step on the ladder: 10⁹ years covers the deep-time limit.
const LARGEST_YEAR_STEP: i64 = 1_000_000_000;

/// How important a tick is; the painter draws majors taller or bolder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TickLevel {
    /// A boundary of the next larger unit (midnight, a month start,
    /// January, a round year), labelled with that context.
    Major,
    /// An ordinary tick of the chosen unit.
    Minor,
}

/// The spacing between ticks: one rung of the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TickUnit {
    /// Every n minutes (1, 5, 15, 30), aligned to the hour.
    Minutes(u32),
    /// Every n hours (1, 3, 6, 12), aligned to midnight.
    Hours(u32),
    /// Every midnight.
    Days,
    /// Every Monday.
    Weeks,
    /// Every n months (1, 3 = quarters, 6 = half-years), aligned to January.
    Months(u32),
    /// Every n years (1-2-5 steps up to 10⁹), counted from the era so BC
    /// ticks fall on round BC numbers.
    Years(i64),
}

impl TickUnit {
    /// Every unit from finest to coarsest.
    pub fn ladder() -> impl Iterator<Item = Self> {
        const FIXED: [TickUnit; 13] = [
            TickUnit::Minutes(1),
            TickUnit::Minutes(5),
            TickUnit::Minutes(15),
            TickUnit::Minutes(30),
            TickUnit::Hours(1),
            TickUnit::Hours(3),
            TickUnit::Hours(6),
            TickUnit::Hours(12),
            TickUnit::Days,
            TickUnit::Weeks,
            TickUnit::Months(1),
            TickUnit::Months(3),
            TickUnit::Months(6),
        ];
        let years =
            std::iter::successors(Some(1i64), |p| (*p < LARGEST_YEAR_STEP).then_some(p * 10))
                .flat_map(|p| [p, 2 * p, 5 * p])
                .filter(|step| *step <= LARGEST_YEAR_STEP)
                .map(TickUnit::Years);
        FIXED.into_iter().chain(years)
    }

    /// Average seconds between ticks (months and years use the mean
    /// Gregorian year).
    #[must_use]
    pub fn nominal_seconds(self) -> f64 {
        match self {
            Self::Minutes(n) => 60.0 * f64::from(n),
            Self::Hours(n) => 3600.0 * f64::from(n),
            Self::Days => DAY_SECONDS,
            Self::Weeks => 7.0 * DAY_SECONDS,
            Self::Months(n) => f64::from(n) * SECONDS_PER_MEAN_YEAR / 12.0,
            Self::Years(n) => n as f64 * SECONDS_PER_MEAN_YEAR,
        }
    }

    /// Characters in this unit's shortest label (`10:30`, `9 Sep`, `Sep`,
    /// `1066`), for the quick "can labels possibly fit" test.
    const fn shortest_label_chars(self) -> usize {
        match self {
            Self::Minutes(_) | Self::Hours(_) | Self::Days | Self::Weeks => 5,
            Self::Months(_) => 3,
            Self::Years(_) => 4,
        }
    }
}

/// One tick on the ruler.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Where the tick is, in seconds since 1970-01-01.
    pub time: f64,
    /// Its text.
    pub label: String,
    /// Major or minor.
    pub level: TickLevel,
}

/// The ticks for one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    /// The unit chosen.
    pub unit: TickUnit,
    /// Ticks inside the view, in time order.
    pub ticks: Vec<Tick>,
    /// The next larger unit around the view's left edge ("13 Sep 2023" at
    /// hour zoom, "Sep 2023" at day zoom, "2023" at month zoom), for a label
    /// pinned at the left like rerun's and Perfetto's; `None` for years.
    pub context_label: Option<String>,
}

/// Width of a label in points, estimated from its character count.
#[must_use]
pub fn label_width_points(label: &str, avg_char_width_points: f64) -> f64 {
    label.chars().count() as f64 * avg_char_width_points.max(0.0)
}

/// The ticks for `view` in a widget `width_points` wide, whose text averages
/// `avg_char_width_points` per character.
///
/// Chooses the finest unit whose neighbouring labels leave at least
/// [`LABEL_GAP_POINTS`] between them, assuming each label may be drawn
/// either centred on its tick or starting at it: for neighbours `a`, `b`,
/// `x_b - x_a >= max(width_a, width_b) + LABEL_GAP_POINTS`.
#[must_use]
pub fn ticks(view: &TimeView, width_points: f64, avg_char_width_points: f64) -> Ticks {
    let coarsest = TickUnit::Years(LARGEST_YEAR_STEP);
    if width_points.is_nan() || width_points <= 0.0 || view.span.is_nan() || view.span <= 0.0 {
        return Ticks {
            unit: coarsest,
            ticks: Vec::new(),
            context_label: None,
        };
    }
    let char_width = if avg_char_width_points.is_finite() {
        avg_char_width_points.max(0.0)
    } else {
        0.0
    };
    let points_per_second = width_points / view.span;
    let (t0, t1) = (
        view.start.max(-TIME_LIMIT_SECONDS),
        view.end().min(TIME_LIMIT_SECONDS),
    );
    for unit in TickUnit::ladder() {
        let nominal = unit.nominal_seconds();
        let expected = view.span / nominal;
        if expected > MAX_TICKS as f64 {
            continue;
        }
        // If the average spacing cannot hold the shortest label, some pair
        // of neighbours overlaps: skip without formatting anything.
        let shortest = unit.shortest_label_chars() as f64 * char_width + LABEL_GAP_POINTS;
        if expected >= 2.0 && nominal * points_per_second < shortest {
            continue;
        }
        let Some(found) = generate(unit, t0, t1) else {
            continue;
        };
        if labels_fit(&found, points_per_second, char_width) {
            return Ticks {
                unit,
                ticks: found,
                context_label: context_label(unit, t0),
            };
        }
    }
    // Only a widget a few points wide gets here: thin the coarsest rung.
    let mut found = generate(coarsest, t0, t1).unwrap_or_default();
    thin_overlapping(&mut found, points_per_second, char_width);
    Ticks {
        unit: coarsest,
        ticks: found,
        context_label: None,
    }
}

/// A label for the time under the cursor, as precise as the tick unit:
/// "13 Sep 2023 10:31" at minute and hour zoom, "13 Sep 2023" at day and
/// week zoom, "Sep 2023" at month zoom, the year beyond.
#[must_use]
pub fn cursor_label(time: f64, unit: TickUnit) -> String {
    let t = clamp_time(time);
    let day = day_from_time(t);
    let (year, month, day_of_month) = civil_from_day(day);
    match unit {
        TickUnit::Minutes(_) | TickUnit::Hours(_) => {
            let second_of_day = (t - day as f64 * DAY_SECONDS).floor() as i64;
            format!(
                "{} {}",
                day_month_year_label(year, month, day_of_month),
                clock_label(second_of_day)
            )
        }
        TickUnit::Days | TickUnit::Weeks => day_month_year_label(year, month, day_of_month),
        TickUnit::Months(_) => month_year_label(year, month),
        TickUnit::Years(_) => year_label(year),
    }
}

/// A year as read on the axis: "44 BC", "AD 476", "2023", "12,000" (the
/// date model's own wording, so the axis and the event texts agree).
#[must_use]
pub fn year_label(year: i64) -> String {
    crate::model::date::year_text(year)
}

/// `Sep`.
fn month_label(month: u32) -> &'static str {
    let index = month.clamp(1, 12) as usize - 1;
    MONTH_ABBREVIATIONS[index]
}

/// `Sep 2023`, `Mar 44 BC`.
fn month_year_label(year: i64, month: u32) -> String {
    format!("{} {}", month_label(month), year_label(year))
}

/// `13 Sep`.
fn day_month_label(month: u32, day: u32) -> String {
    format!("{day} {}", month_label(month))
}

/// `13 Sep 2023`.
fn day_month_year_label(year: i64, month: u32, day: u32) -> String {
    format!("{day} {} {}", month_label(month), year_label(year))
}

/// `10:30` from seconds into the day.
fn clock_label(second_of_day: i64) -> String {
    let minutes = second_of_day.rem_euclid(DAY_SECONDS_I64) / 60;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The time clamped to the view limits, so day numbers stay in range.
fn clamp_time(t: f64) -> f64 {
    if t.is_nan() {
        0.0
    } else {
        t.clamp(-TIME_LIMIT_SECONDS, TIME_LIMIT_SECONDS)
    }
}

/// The day containing `t` (`t` within the time limits).
fn day_from_time(t: f64) -> i64 {
    (t / DAY_SECONDS).floor() as i64
}

/// The first day starting at or after `t`.
fn first_day_at_or_after(t: f64) -> i64 {
    (t / DAY_SECONDS).ceil() as i64
}

/// Midnight starting `day`, exact: day · 86 400 is a multiple of 128 and far
/// below 2⁶⁰ inside the time limits, so the `f64` holds it exactly.
fn time_from_day(day: i64) -> f64 {
    day.saturating_mul(DAY_SECONDS_I64) as f64
}

/// The context for the view's left edge (see [`Ticks::context_label`]).
fn context_label(unit: TickUnit, t0: f64) -> Option<String> {
    let (year, month, day) = civil_from_day(day_from_time(t0));
    match unit {
        TickUnit::Minutes(_) | TickUnit::Hours(_) => Some(day_month_year_label(year, month, day)),
        TickUnit::Days | TickUnit::Weeks => Some(month_year_label(year, month)),
        TickUnit::Months(_) => Some(year_label(year)),
        TickUnit::Years(_) => None,
    }
}

/// Ticks of `unit` in `t0..=t1`, or `None` when there would be more than
/// [`MAX_TICKS`].
fn generate(unit: TickUnit, t0: f64, t1: f64) -> Option<Vec<Tick>> {
    let mut out = Vec::new();
    match unit {
        TickUnit::Minutes(n) | TickUnit::Hours(n) => {
            let step = i64::from(n)
                * if matches!(unit, TickUnit::Minutes(_)) {
                    60
                } else {
                    3600
                };
            let step_f = step as f64;
            let (first, last) = ((t0 / step_f).ceil() as i64, (t1 / step_f).floor() as i64);
            for k in first..=last {
                let second = k * step;
                let day = second.div_euclid(DAY_SECONDS_I64);
                let second_of_day = second.rem_euclid(DAY_SECONDS_I64);
                let ok = if second_of_day == 0 {
                    let (y, m, d) = civil_from_day(day);
                    push(
                        &mut out,
                        second as f64,
                        day_month_year_label(y, m, d),
                        TickLevel::Major,
                    )
                } else {
                    push(
                        &mut out,
                        second as f64,
                        clock_label(second_of_day),
                        TickLevel::Minor,
                    )
                };
                if !ok {
                    return None;
                }
            }
        }
        TickUnit::Days | TickUnit::Weeks => {
            let mut day = first_day_at_or_after(t0);
            let step = if unit == TickUnit::Weeks {
                // weekday_from_day is 0 for Monday.
                day += i64::from((7 - weekday_from_day(day)) % 7);
                7
            } else {
                1
            };
            while time_from_day(day) <= t1 {
                let (y, m, d) = civil_from_day(day);
                let (label, level) = match (unit, d) {
                    (TickUnit::Days, 1) => (month_year_label(y, m), TickLevel::Major),
                    (TickUnit::Weeks, 1..=7) => (day_month_year_label(y, m, d), TickLevel::Major),
                    _ => (day_month_label(m, d), TickLevel::Minor),
                };
                if !push(&mut out, time_from_day(day), label, level) {
                    return None;
                }
                day += step;
            }
        }
        TickUnit::Months(n) => {
            let first_day = first_day_at_or_after(t0);
            let (y, m, d) = civil_from_day(first_day);
            let (y, m) = if d == 1 { (y, m) } else { add_months(y, m, 1) };
            // Align to January: quarters start Jan/Apr/Jul/Oct.
            let offset = (n - (m - 1) % n) % n;
            let (mut year, mut month) = add_months(y, m, i64::from(offset));
            loop {
                let time = time_from_day(day_from_civil(year, month, 1));
                if time > t1 {
                    break;
                }
                let ok = if month == 1 {
                    push(
                        &mut out,
                        time,
                        month_year_label(year, month),
                        TickLevel::Major,
                    )
                } else {
                    push(
                        &mut out,
                        time,
                        month_label(month).to_owned(),
                        TickLevel::Minor,
                    )
                };
                if !ok {
                    return None;
                }
                (year, month) = add_months(year, month, i64::from(n));
            }
        }
        TickUnit::Years(n) => {
            let n = n.max(1);
            let major_step = major_year_step(n);
            let (y, m, d) = civil_from_day(first_day_at_or_after(t0));
            let first = if m == 1 && d == 1 { y } else { y + 1 };
            let last = civil_from_day(day_from_time(t1)).0;
            if first > last {
                return Some(out);
            }
            // BC years: ticks on multiples of n counted as BC numbers
            // (b = 1 - year), latest BC number first.
            if first <= 0 {
                let bc_highest = 1 - first;
                let bc_lowest = 1 - last.min(0);
                let mut bc = bc_highest / n * n;
                while bc >= bc_lowest && bc >= 1 {
                    let year = 1 - bc;
                    let level = level_of(bc, major_step);
                    if !push(
                        &mut out,
                        time_from_day(day_from_civil(year, 1, 1)),
                        year_label(year),
                        level,
                    ) {
                        return None;
                    }
                    bc -= n;
                }
            }
            if last >= 1 {
                let lowest = first.max(1);
                let mut year = (lowest + n - 1) / n * n;
                while year <= last {
                    let level = level_of(year, major_step);
                    if !push(
                        &mut out,
                        time_from_day(day_from_civil(year, 1, 1)),
                        year_label(year),
                        level,
                    ) {
                        return None;
                    }
                    year += n;
                }
            }
        }
    }
    // In deep time an f64 holds whole seconds only to within a few seconds,
    // so a boundary computed exactly can round just outside the view.
    out.retain(|tick| tick.time >= t0 && tick.time <= t1);
    Some(out)
}

/// Appends a tick; false once there are more than [`MAX_TICKS`].
fn push(out: &mut Vec<Tick>, time: f64, label: String, level: TickLevel) -> bool {
    out.push(Tick { time, label, level });
    out.len() <= MAX_TICKS
}

/// The power of ten above a year step: the round years drawn as majors.
fn major_year_step(step: i64) -> i64 {
    let mut major = 10;
    while major <= step {
        major = major.saturating_mul(10);
    }
    major
}

/// Major when `number` (an AD year or a BC number) is a multiple of
/// `major_step`.
fn level_of(number: i64, major_step: i64) -> TickLevel {
    if number % major_step == 0 {
        TickLevel::Major
    } else {
        TickLevel::Minor
    }
}

/// True when every pair of neighbouring labels leaves the gap.
fn labels_fit(ticks: &[Tick], points_per_second: f64, char_width: f64) -> bool {
    ticks.windows(2).all(|pair| {
        let dx = (pair[1].time - pair[0].time) * points_per_second;
        let widest = label_width_points(&pair[0].label, char_width)
            .max(label_width_points(&pair[1].label, char_width));
        dx >= widest + LABEL_GAP_POINTS
    })
}

/// Drops every tick whose label would overlap the previous kept one.
fn thin_overlapping(ticks: &mut Vec<Tick>, points_per_second: f64, char_width: f64) {
    let mut kept: Vec<Tick> = Vec::with_capacity(ticks.len());
    for tick in ticks.drain(..) {
        let fits = kept.last().is_none_or(|previous| {
            let dx = (tick.time - previous.time) * points_per_second;
            let widest = label_width_points(&previous.label, char_width)
                .max(label_width_points(&tick.label, char_width));
            dx >= widest + LABEL_GAP_POINTS
        });
        if fits {
            kept.push(tick);
        }
    }
    *ticks = kept;
}

#[cfg(test)]
mod tests;
