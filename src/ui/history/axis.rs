//! The x axes of the progress charts, as pure functions (no egui): where each attempt sits, where
//! the grid marks go and what they and the hover labels say.
//!
//! Rules: the scale follows the span of the attempts shown. Over two days or more the axis is
//! dates ("1 Dec"); under that it is the time of day ("14:05", a day's first mark reading
//! "2 Dec" when the span crosses midnight); under ten minutes (a burst, or a history imported at
//! once) it is the attempt number ("#3"), because times that close would pile onto one spot.
//! Marks fall only on whole units of the scale (minutes, days, attempts), nested so each coarser
//! step is a multiple of the finer one, so no two marks of one day carry the same label (the
//! old day-number axis put "1 Dec" under every mark of a single day). Weekly charts are categorical: one slot per week, labelled with the Monday that starts
//! it ("week of 30 Nov"), so a week's figure is never drawn at some other date. Times are the
//! user's local clock (the caller converts).

use chrono::{Duration, NaiveDate, NaiveDateTime};

/// Below this span the axis counts attempts instead of showing times.
pub const ATTEMPT_SCALE_BELOW: Duration = Duration::minutes(10);
/// From this span on the axis shows dates instead of the time of day.
pub const DATE_SCALE_FROM: Duration = Duration::days(2);

/// Steps of the time-of-day scale, in minutes.
const MINUTE_STEPS: [i64; 9] = [1, 5, 15, 30, 60, 180, 360, 720, 1440];
/// Steps of the date scale, in days.
const DAY_STEPS: [i64; 6] = [1, 7, 28, 84, 168, 336];
/// Steps of the attempt-number scale and of the week slots.
const COUNT_STEPS: [i64; 7] = [1, 5, 10, 50, 100, 500, 1000];
/// More marks than this on one level are not worth computing (they would be too dense to draw).
const MAX_MARKS_PER_LEVEL: f64 = 2_000.0;

/// What one unit of x means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// x = 1, 2, 3... in order of time.
    AttemptNumber,
    /// x = hours since midnight of the first attempt's day.
    TimeOfDay,
    /// x = days since midnight of the first attempt's day.
    Date,
}

/// One grid mark: its position and the step of the coarsest level it belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    pub value: f64,
    pub step: f64,
}

/// The x axis for a series of attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeAxis {
    pub scale: Scale,
    origin: NaiveDateTime,
    /// The attempts' times, oldest first (for the attempt-number labels).
    times: Vec<NaiveDateTime>,
}

impl TimeAxis {
    /// Chooses the scale for attempts at these local times (any order).
    pub fn for_times(times: &[NaiveDateTime]) -> TimeAxis {
        let mut times = times.to_vec();
        times.sort();
        let (first, last) = match (times.first(), times.last()) {
            (Some(&f), Some(&l)) => (f, l),
            _ => (NaiveDateTime::default(), NaiveDateTime::default()),
        };
        let span = last - first;
        let scale = if span < ATTEMPT_SCALE_BELOW {
            Scale::AttemptNumber
        } else if span < DATE_SCALE_FROM {
            Scale::TimeOfDay
        } else {
            Scale::Date
        };
        TimeAxis {
            scale,
            origin: first.date().and_time(chrono::NaiveTime::MIN),
            times,
        }
    }

    /// Where the attempt at `time` sits; `time` must be one of the times the axis was made for
    /// (its rank gives the attempt number).
    pub fn x(&self, time: NaiveDateTime) -> f64 {
        match self.scale {
            Scale::AttemptNumber => self.times.partition_point(|t| *t < time) as f64 + 1.0,
            Scale::TimeOfDay => (time - self.origin).num_seconds() as f64 / 3_600.0,
            Scale::Date => (time - self.origin).num_seconds() as f64 / 86_400.0,
        }
    }

    fn unit_steps(&self) -> (&'static [i64], f64) {
        // (steps in whole units, x per unit)
        match self.scale {
            Scale::AttemptNumber => (&COUNT_STEPS, 1.0),
            Scale::TimeOfDay => (&MINUTE_STEPS, 1.0 / 60.0),
            Scale::Date => (&DAY_STEPS, 1.0),
        }
    }

    /// Grid marks between `min` and `max` no closer than `min_step` (in x); on the
    /// attempt-number scale only at attempts that exist.
    pub fn marks(&self, min: f64, max: f64, min_step: f64) -> Vec<Mark> {
        let (steps, per_unit) = self.unit_steps();
        let marks = nested_marks(steps, per_unit, min, max, min_step);
        match self.scale {
            Scale::AttemptNumber => marks
                .into_iter()
                .filter(|m| m.value >= 1.0 && m.value <= self.times.len() as f64)
                .collect(),
            Scale::TimeOfDay | Scale::Date => marks,
        }
    }

    /// The x range to show at least: on the attempt-number scale, every attempt with half a
    /// slot either side (so a single attempt is not drawn on a range of its own making).
    pub fn bounds_hint(&self) -> Option<(f64, f64)> {
        (self.scale == Scale::AttemptNumber).then(|| (0.5, self.times.len().max(1) as f64 + 0.5))
    }

    fn time_at(&self, x: f64) -> Option<NaiveDateTime> {
        let seconds = match self.scale {
            Scale::AttemptNumber => return None,
            Scale::TimeOfDay => x * 3_600.0,
            Scale::Date => x * 86_400.0,
        };
        seconds
            .is_finite()
            .then(|| self.origin + Duration::seconds(seconds.round() as i64))
    }

    /// The label under a grid mark.
    pub fn label(&self, x: f64) -> String {
        match self.scale {
            Scale::AttemptNumber => format!("#{}", x.round() as i64),
            Scale::TimeOfDay => self.time_at(x).map_or_else(String::new, |t| {
                let crosses_midnight = self
                    .times
                    .last()
                    .is_some_and(|last| last.date() != self.origin.date());
                if crosses_midnight && t.time() == chrono::NaiveTime::MIN {
                    t.format("%-d %b").to_string()
                } else {
                    t.format("%H:%M").to_string()
                }
            }),
            Scale::Date => self
                .time_at(x)
                .map_or_else(String::new, |t| t.format("%-d %b").to_string()),
        }
    }

    /// When the attempt at `x` was, for a hover label: "1 Dec 14:05", or "attempt 3, 1 Dec
    /// 14:05" on the attempt-number scale.
    pub fn point_label(&self, x: f64) -> String {
        match self.scale {
            Scale::AttemptNumber => {
                let n = x.round() as i64;
                let when = usize::try_from(n - 1)
                    .ok()
                    .and_then(|i| self.times.get(i))
                    .map(|t| format!(", {}", t.format("%-d %b %H:%M")))
                    .unwrap_or_default();
                format!("attempt {n}{when}")
            }
            Scale::TimeOfDay | Scale::Date => self
                .time_at(x)
                .map_or_else(String::new, |t| t.format("%-d %b %H:%M").to_string()),
        }
    }

    /// A few words under the chart saying what the axis counts.
    pub fn caption(&self) -> String {
        match self.scale {
            Scale::AttemptNumber => "attempts in order (taken within minutes)".into(),
            Scale::TimeOfDay => match (self.times.first(), self.times.last()) {
                (Some(f), Some(l)) if f.date() != l.date() => format!(
                    "time of day, {} to {}",
                    f.format("%-d %b"),
                    l.format("%-d %b")
                ),
                (Some(f), _) => format!("time of day, {}", f.format("%-d %b")),
                _ => "time of day".into(),
            },
            Scale::Date => "date".into(),
        }
    }
}

/// The x axis of a weekly chart: one slot per week, x = 0, 1, 2... oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekAxis {
    weeks: Vec<NaiveDate>,
}

impl WeekAxis {
    /// `weeks` are the Mondays that start the weeks, oldest first.
    pub fn new(weeks: Vec<NaiveDate>) -> WeekAxis {
        WeekAxis { weeks }
    }

    /// The x range to show: every slot with half a slot either side.
    pub fn bounds(&self) -> (f64, f64) {
        (-0.6, self.weeks.len().max(1) as f64 - 0.4)
    }

    /// Grid marks on whole slots only.
    pub fn marks(&self, min: f64, max: f64, min_step: f64) -> Vec<Mark> {
        nested_marks(&COUNT_STEPS, 1.0, min.max(0.0), max, min_step)
            .into_iter()
            .filter(|m| (m.value as usize) < self.weeks.len())
            .collect()
    }

    /// "week of 30 Nov" for a slot, empty between slots or outside them.
    pub fn label(&self, x: f64) -> String {
        let slot = x.round();
        if (x - slot).abs() > 1e-6 || slot < 0.0 {
            return String::new();
        }
        self.weeks
            .get(slot as usize)
            .map_or_else(String::new, |w| format!("week of {}", w.format("%-d %b")))
    }
}

/// A hover label: the series, its value and when.
pub fn hover_text(series: &str, value: &str, when: &str) -> String {
    if when.is_empty() {
        format!("{series}: {value}")
    } else {
        format!("{series}: {value}\n{when}")
    }
}

/// Marks on every level of `steps` (whole units; `per_unit` x per unit) at least `min_step`
/// apart, each mark carrying the coarsest step it is a multiple of.
fn nested_marks(steps: &[i64], per_unit: f64, min: f64, max: f64, min_step: f64) -> Vec<Mark> {
    if !(min.is_finite() && max.is_finite()) || max < min {
        return Vec::new();
    }
    let Some(&finest) = steps.iter().find(|&&s| {
        s as f64 * per_unit >= min_step
            && (max - min) / (s as f64 * per_unit) <= MAX_MARKS_PER_LEVEL
    }) else {
        return Vec::new();
    };
    let lo = (min / per_unit / finest as f64).ceil() as i64;
    let hi = (max / per_unit / finest as f64).floor() as i64;
    (lo..=hi)
        .map(|k| {
            let units = k * finest;
            let coarsest = steps
                .iter()
                .rev()
                .find(|&&s| s >= finest && units % s == 0)
                .copied()
                .unwrap_or(finest);
            Mark {
                value: units as f64 * per_unit,
                step: coarsest as f64 * per_unit,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    /// The labels an axis would show between the first and last attempt with marks at least
    /// `min_step` apart, one per level shown (the coarse marks).
    fn labels(axis: &TimeAxis, times: &[NaiveDateTime], min_step: f64) -> Vec<String> {
        let xs: Vec<f64> = times.iter().map(|&t| axis.x(t)).collect();
        let (min, max) = xs
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        axis.marks(min, max, min_step)
            .into_iter()
            .map(|m| axis.label(m.value))
            .collect()
    }

    #[test]
    fn one_day_of_attempts_is_labelled_by_time_of_day_with_distinct_labels() {
        // The reported case: every label read "1 Dec" for a single day of data.
        let times = [
            at("2026-12-01 09:10"),
            at("2026-12-01 11:40"),
            at("2026-12-01 16:05"),
        ];
        let axis = TimeAxis::for_times(&times);
        assert_eq!(axis.scale, Scale::TimeOfDay);
        let shown = labels(&axis, &times, 1.0);
        assert_eq!(
            shown,
            [
                "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"
            ]
        );
        assert!(shown.iter().all(|l| l != "1 Dec"));
        assert!((axis.x(at("2026-12-01 11:40")) - (11.0 + 40.0 / 60.0)).abs() < 1e-9);
        assert_eq!(axis.caption(), "time of day, 1 Dec");
        assert_eq!(axis.point_label(axis.x(times[1])), "1 Dec 11:40");
    }

    #[test]
    fn every_mark_label_is_distinct_whatever_the_zoom() {
        let times = [at("2026-12-01 09:10"), at("2026-12-01 09:55")];
        let axis = TimeAxis::for_times(&times);
        for min_step in [0.001, 0.02, 0.1, 0.3, 1.0, 5.0] {
            let shown = labels(&axis, &times, min_step);
            let distinct: BTreeSet<_> = shown.iter().collect();
            assert_eq!(distinct.len(), shown.len(), "{min_step}: {shown:?}");
        }
        // 15-minute marks when an hour would leave only one.
        assert_eq!(labels(&axis, &times, 0.2), ["09:15", "09:30", "09:45"]);
    }

    #[test]
    fn a_span_over_midnight_names_the_new_day_at_its_first_mark() {
        let times = [at("2026-12-01 21:00"), at("2026-12-02 02:00")];
        let axis = TimeAxis::for_times(&times);
        assert_eq!(axis.scale, Scale::TimeOfDay);
        // Marks every 3 hours from 21:00 to 02:00: 21:00 and midnight, which names the day.
        assert_eq!(labels(&axis, &times, 3.0), ["21:00", "2 Dec"]);
        assert_eq!(labels(&axis, &times, 1.0)[3..], ["2 Dec", "01:00", "02:00"]);
        assert_eq!(axis.caption(), "time of day, 1 Dec to 2 Dec");
    }

    #[test]
    fn attempts_minutes_apart_are_numbered() {
        let times = [
            at("2026-12-01 10:00"),
            at("2026-12-01 10:02"),
            at("2026-12-01 10:02"),
            at("2026-12-01 10:05"),
        ];
        let axis = TimeAxis::for_times(&times);
        assert_eq!(axis.scale, Scale::AttemptNumber);
        assert_eq!(axis.x(times[0]), 1.0);
        assert_eq!(axis.x(times[3]), 4.0);
        assert_eq!(labels(&axis, &times, 1.0), ["#1", "#2", "#3", "#4"]);
        // No mark for an attempt that does not exist, however wide the range shown.
        let marks: Vec<f64> = axis.marks(-3.0, 9.0, 1.0).iter().map(|m| m.value).collect();
        assert_eq!(marks, [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(axis.bounds_hint(), Some((0.5, 4.5)));
        assert_eq!(axis.point_label(4.0), "attempt 4, 1 Dec 10:05");
        // A single attempt too.
        let one = TimeAxis::for_times(&times[..1]);
        assert_eq!(one.scale, Scale::AttemptNumber);
        assert_eq!(one.x(times[0]), 1.0);
    }

    #[test]
    fn weeks_of_attempts_are_labelled_by_date() {
        let times = [
            at("2026-11-02 09:00"),
            at("2026-11-10 18:30"),
            at("2026-12-01 12:00"),
        ];
        let axis = TimeAxis::for_times(&times);
        assert_eq!(axis.scale, Scale::Date);
        assert_eq!(
            labels(&axis, &times, 7.0),
            ["9 Nov", "16 Nov", "23 Nov", "30 Nov"]
        );
        assert_eq!(axis.point_label(axis.x(times[1])), "10 Nov 18:30");
        // Day marks nest in week marks: the week marks carry the coarser step.
        let marks = axis.marks(0.0, 14.0, 1.0);
        assert_eq!(marks.len(), 15);
        assert_eq!(marks.iter().filter(|m| m.step >= 7.0).count(), 3);
    }

    #[test]
    fn the_week_chart_labels_a_week_by_its_own_monday() {
        // The reported case: 1 Dec data labelled "13 Dec". Tuesday 1 Dec 2026 is in the week
        // of Monday 30 Nov.
        let monday = crate::store::progress::week_start(at("2026-12-01 10:00").date());
        let axis = WeekAxis::new(vec![monday]);
        let (min, max) = axis.bounds();
        let marks = axis.marks(min, max, 0.01);
        assert_eq!(marks.iter().map(|m| m.value).collect::<Vec<_>>(), [0.0]);
        assert_eq!(axis.label(0.0), "week of 30 Nov");
        assert_eq!(axis.label(0.5), "", "no label between slots");
        assert_eq!(axis.label(1.0), "", "no label past the last week");

        let weeks = WeekAxis::new(vec![monday, monday + Duration::days(7)]);
        let (min, max) = weeks.bounds();
        let labels: Vec<_> = weeks
            .marks(min, max, 0.01)
            .into_iter()
            .map(|m| weeks.label(m.value))
            .collect();
        assert_eq!(labels, ["week of 30 Nov", "week of 7 Dec"]);
    }

    #[test]
    fn hover_text_names_the_series_value_and_time() {
        assert_eq!(
            hover_text("Timing", "82", "1 Dec 11:40"),
            "Timing: 82\n1 Dec 11:40"
        );
        assert_eq!(hover_text("Attempts", "3", ""), "Attempts: 3");
    }
}
