//! Comparing two kept attempts: the figures side by side and which way each one moved (the
//! history's compare screen draws these rows).
//!
//! Rules: scores, STAR parts and value cues are better when higher; fillers per minute when
//! lower; duration is better when it is inside (or closer to) the prompt's target band; pace is
//! better when closer to the coaching engine's pace band. A change is stated as an observation
//! ("Fillers per minute: 4.0 -> 1.5, better"), never a verdict about the person.

use super::markdown::format_duration;
use super::{AttemptSummary, Metrics};
use crate::analysis::Area;

/// The pace band, words per minute: the coaching engine's own.
pub const PACE_BAND_WPM: (f32, f32) = (
    crate::analysis::timing::PACE_BAND_WPM.0 as f32,
    crate::analysis::timing::PACE_BAND_WPM.1 as f32,
);
/// Smallest change in a figure that counts as a change (a rounding step of the display).
const SAME_WITHIN: f32 = 0.5;

/// Which way a figure moved from the first attempt to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Better,
    Worse,
    Same,
    /// One side has no value.
    Unknown,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Change::Better => "better",
            Change::Worse => "worse",
            Change::Same => "same",
            Change::Unknown => "",
        }
    }
}

/// One row of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    pub label: String,
    pub first: String,
    pub second: String,
    pub change: Change,
}

/// Distance of `value` from a band (0 inside).
fn distance_to_band(value: f32, (low, high): (f32, f32)) -> f32 {
    if value < low {
        low - value
    } else if value > high {
        value - high
    } else {
        0.0
    }
}

fn direction(first: Option<f32>, second: Option<f32>, higher_is_better: bool) -> Change {
    match (first, second) {
        (Some(a), Some(b)) if (a - b).abs() < SAME_WITHIN => Change::Same,
        (Some(a), Some(b)) if (b > a) == higher_is_better => Change::Better,
        (Some(_), Some(_)) => Change::Worse,
        _ => Change::Unknown,
    }
}

fn shown(value: Option<f32>, decimals: usize) -> String {
    value.map_or("-".to_string(), |v| format!("{v:.decimals$}"))
}

/// The comparison rows for two attempts, `first` being the earlier one.
pub fn compare_rows(
    first: &AttemptSummary,
    second: &AttemptSummary,
    target_seconds: Option<(u32, u32)>,
) -> Vec<CompareRow> {
    let none = Metrics::default();
    let (ma, mb) = (
        first.metrics.as_ref().unwrap_or(&none),
        second.metrics.as_ref().unwrap_or(&none),
    );
    let mut rows = Vec::new();
    let duration_change = match target_seconds {
        Some((low, high)) => {
            let band = (low as f32, high as f32);
            let da = distance_to_band(first.duration_ms as f32 / 1000.0, band);
            let db = distance_to_band(second.duration_ms as f32 / 1000.0, band);
            direction(Some(da), Some(db), false)
        }
        None => Change::Unknown,
    };
    rows.push(CompareRow {
        label: match target_seconds {
            Some((low, high)) => format!("Duration (target {low}-{high} s)"),
            None => "Duration".into(),
        },
        first: format_duration(first.duration_ms),
        second: format_duration(second.duration_ms),
        change: duration_change,
    });
    rows.push(CompareRow {
        label: format!(
            "Pace, words per minute (band {:.0}-{:.0})",
            PACE_BAND_WPM.0, PACE_BAND_WPM.1
        ),
        first: shown(ma.wpm, 0),
        second: shown(mb.wpm, 0),
        change: direction(
            ma.wpm.map(|w| distance_to_band(w, PACE_BAND_WPM)),
            mb.wpm.map(|w| distance_to_band(w, PACE_BAND_WPM)),
            false,
        ),
    });
    rows.push(CompareRow {
        label: "Fillers per minute".into(),
        first: shown(ma.fillers_per_minute, 1),
        second: shown(mb.fillers_per_minute, 1),
        change: direction(ma.fillers_per_minute, mb.fillers_per_minute, false),
    });
    if first.kind.expects_story() || second.kind.expects_story() {
        let parts = |m: &Metrics| {
            let names: Vec<_> = m.elements_present.iter().map(|e| e.label()).collect();
            format!(
                "{} ({})",
                names.len(),
                if names.is_empty() {
                    "none".into()
                } else {
                    names.join(", ")
                }
            )
        };
        rows.push(CompareRow {
            label: "Story parts (STAR + Learning)".into(),
            first: parts(ma),
            second: parts(mb),
            change: direction(
                first
                    .metrics
                    .as_ref()
                    .map(|m| m.elements_present.len() as f32),
                second
                    .metrics
                    .as_ref()
                    .map(|m| m.elements_present.len() as f32),
                true,
            ),
        });
    }
    rows.push(CompareRow {
        label: "Value cues".into(),
        first: ma.value_cues.to_string(),
        second: mb.value_cues.to_string(),
        change: direction(
            first.metrics.as_ref().map(|m| m.value_cues as f32),
            second.metrics.as_ref().map(|m| m.value_cues as f32),
            true,
        ),
    });
    for area in Area::ALL {
        let (a, b) = (
            ma.scores.get(&area).map(|&v| f32::from(v)),
            mb.scores.get(&area).map(|&v| f32::from(v)),
        );
        rows.push(CompareRow {
            label: format!("{} score", area.label()),
            first: shown(a, 0),
            second: shown(b, 0),
            change: direction(a, b, true),
        });
    }
    rows.push(CompareRow {
        label: "Overall score".into(),
        first: shown(first.overall(), 0),
        second: shown(second.overall(), 0),
        change: direction(first.overall(), second.overall(), true),
    });
    rows
}

/// One sentence per figure that improved.
pub fn improvements(rows: &[CompareRow]) -> Vec<String> {
    rows.iter()
        .filter(|r| r.change == Change::Better)
        .map(|r| format!("{}: {} -> {}", r.label, r.first, r.second))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Element, PromptKind};
    use crate::store::tests::fixture;

    fn summary(
        duration_ms: u64,
        scores: [u8; 5],
        elements: &[Element],
        wpm: f32,
        fpm: f32,
    ) -> AttemptSummary {
        let mut a = fixture::attempt(
            "2026-11-20T10:00:00Z",
            fixture::prompt("b1", PromptKind::Behavioral, &[]),
            "text",
            fixture::feedback(scores, elements, wpm, fpm),
        );
        a.duration_ms = duration_ms;
        AttemptSummary::of(&a)
    }

    #[test]
    fn fewer_fillers_more_parts_and_a_length_inside_the_band_are_better() {
        let first = summary(
            150_000,
            [50, 50, 50, 50, 50],
            &[Element::Situation],
            190.0,
            6.0,
        );
        let second = summary(
            100_000,
            [60, 50, 40, 50, 50],
            &[Element::Situation, Element::Action, Element::Result],
            150.0,
            2.0,
        );
        let rows = compare_rows(&first, &second, Some((60, 120)));
        let change = |label: &str| {
            rows.iter()
                .find(|r| r.label.starts_with(label))
                .unwrap()
                .change
        };
        assert_eq!(
            change("Duration"),
            Change::Better,
            "2:30 is outside 60-120 s, 1:40 inside"
        );
        assert_eq!(
            change("Pace"),
            Change::Better,
            "150 is inside the band, 190 above"
        );
        assert_eq!(change("Fillers"), Change::Better);
        assert_eq!(change("Story parts"), Change::Better);
        assert_eq!(change("Timing score"), Change::Better);
        assert_eq!(change("Delivery score"), Change::Same);
        assert_eq!(change("Structure score"), Change::Worse);
        let improved = improvements(&rows);
        assert!(
            improved
                .iter()
                .any(|s| s.starts_with("Fillers per minute: 6.0 -> 2.0")),
            "{improved:?}"
        );
        assert!(!improved.iter().any(|s| s.starts_with("Structure")));
    }
}
