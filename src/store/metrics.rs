//! The figures the history needs from a stored feedback: scores per area, pace, fillers per
//! minute, which story elements were present, and the marked spans of the transcript.
//!
//! Rule: read the feedback's JSON shape as the coaching engine publishes it (issue 3: `scores`,
//! `timing.wpm`, `delivery.fillers_per_minute`, `structure.elements.<element>.present` and
//! `.evidence`, `delivery.fillers` / `hedges`, `value.cues`, `rapport.cues`, `next_steps`), and
//! treat every field as optional: a feedback from an older or newer engine, or from a typed
//! answer with no timing, yields fewer figures, never an error.

use crate::domain::Element;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The five scored areas: the coaching engine's own type, so the two can never disagree.
pub use crate::analysis::Area;

/// The figures of one feedback. Missing fields stay `None` / empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    #[serde(default)]
    pub scores: BTreeMap<Area, u8>,
    /// Speaking rate in words per minute, pauses included.
    #[serde(default)]
    pub wpm: Option<f32>,
    #[serde(default)]
    pub fillers_per_minute: Option<f32>,
    #[serde(default)]
    pub filler_count: usize,
    /// Story elements the engine found, in STAR + Learning order.
    #[serde(default)]
    pub elements_present: Vec<Element>,
    #[serde(default)]
    pub quantified_result: Option<bool>,
    #[serde(default)]
    pub value_cues: usize,
    #[serde(default)]
    pub rapport_cues: usize,
    #[serde(default)]
    pub next_steps: Vec<String>,
}

impl Metrics {
    /// Reads the figures from a feedback value.
    pub fn from_feedback(feedback: &Value) -> Self {
        let scores = Area::ALL
            .iter()
            .filter_map(|&area| {
                let score = feedback.get("scores")?.get(area.as_str())?.as_f64()?;
                Some((area, score.clamp(0.0, 100.0).round() as u8))
            })
            .collect();
        let elements = feedback.get("structure").and_then(|s| s.get("elements"));
        let elements_present = Element::ALL
            .into_iter()
            .filter(|e| {
                elements
                    .and_then(|all| all.get(e.as_str()))
                    .and_then(|x| x.get("present"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            })
            .collect();
        let count = |section: &str, field: &str| {
            feedback
                .get(section)
                .and_then(|s| s.get(field))
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        };
        let number = |section: &str, field: &str| {
            feedback
                .get(section)
                .and_then(|s| s.get(field))
                .and_then(Value::as_f64)
                .map(|v| v as f32)
        };
        Metrics {
            scores,
            wpm: number("timing", "wpm"),
            fillers_per_minute: number("delivery", "fillers_per_minute"),
            filler_count: count("delivery", "fillers"),
            elements_present,
            quantified_result: feedback
                .get("value")
                .and_then(|v| v.get("quantified_result"))
                .and_then(Value::as_bool),
            value_cues: count("value", "cues"),
            rapport_cues: count("rapport", "cues"),
            next_steps: feedback
                .get("next_steps")
                .and_then(Value::as_array)
                .map(|steps| {
                    steps
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The mean of the area scores present, 0-100.
    pub fn overall(&self) -> Option<f32> {
        if self.scores.is_empty() {
            return None;
        }
        Some(self.scores.values().map(|&s| f32::from(s)).sum::<f32>() / self.scores.len() as f32)
    }

    /// Whether Situation, Task, Action and Result were all present (Learning is extra).
    pub fn has_all_star(&self) -> bool {
        [
            Element::Situation,
            Element::Task,
            Element::Action,
            Element::Result,
        ]
        .iter()
        .all(|e| self.elements_present.contains(e))
    }
}

/// What a marked span of the transcript is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MarkKind {
    Element(Element),
    Filler,
    Hedge,
    Value,
    Rapport,
}

impl MarkKind {
    pub fn label(self) -> &'static str {
        match self {
            MarkKind::Element(e) => e.label(),
            MarkKind::Filler => "Filler",
            MarkKind::Hedge => "Hedge",
            MarkKind::Value => "Value",
            MarkKind::Rapport => "Rapport",
        }
    }
}

/// A span of the transcript the feedback points at, in character offsets into its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub kind: MarkKind,
    pub start_char: usize,
    pub end_char: usize,
}

/// Every span the feedback points at, sorted by start (elements before cues at the same place).
pub fn marks(feedback: &Value) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut push_spans = |kind: MarkKind, spans: Option<&Value>| {
        for span in spans.and_then(Value::as_array).into_iter().flatten() {
            let get = |k: &str| {
                span.get(k)
                    .and_then(Value::as_u64)
                    .and_then(|v| usize::try_from(v).ok())
            };
            if let (Some(start_char), Some(end_char)) = (get("start_char"), get("end_char"))
                && end_char > start_char
            {
                out.push(Mark {
                    kind,
                    start_char,
                    end_char,
                });
            }
        }
    };
    let elements = feedback.get("structure").and_then(|s| s.get("elements"));
    for element in Element::ALL {
        let evidence = elements
            .and_then(|all| all.get(element.as_str()))
            .and_then(|e| e.get("evidence"));
        push_spans(MarkKind::Element(element), evidence);
    }
    let field = |section: &str, name: &str| feedback.get(section).and_then(|s| s.get(name));
    push_spans(MarkKind::Filler, field("delivery", "fillers"));
    push_spans(MarkKind::Hedge, field("delivery", "hedges"));
    push_spans(MarkKind::Value, field("value", "cues"));
    push_spans(MarkKind::Rapport, field("rapport", "cues"));
    out.sort_by_key(|m| (m.start_char, m.kind, m.end_char));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_published_feedback_shape() {
        let feedback = json!({
            "structure": {"elements": {
                "situation": {"present": true, "evidence": [{"start_char": 0, "end_char": 10, "text": "x"}]},
                "task": {"present": true, "evidence": []},
                "action": {"present": true, "evidence": []},
                "result": {"present": false, "evidence": []},
            }},
            "delivery": {"fillers": [{"text": "um", "start_char": 11, "end_char": 13}], "fillers_per_minute": 2.5},
            "timing": {"wpm": 141.0},
            "value": {"quantified_result": true, "cues": []},
            "scores": {"timing": 80, "delivery": 70, "structure": 60, "value": 50, "rapport": 40},
            "next_steps": ["State the result."]
        });
        let m = Metrics::from_feedback(&feedback);
        assert_eq!(m.scores[&Area::Timing], 80);
        assert_eq!(m.overall(), Some(60.0));
        assert_eq!(
            m.elements_present,
            [Element::Situation, Element::Task, Element::Action]
        );
        assert!(!m.has_all_star(), "no result, so not all of STAR");
        assert_eq!(m.wpm, Some(141.0));
        assert_eq!(m.filler_count, 1);
        assert_eq!(m.next_steps, ["State the result."]);
        let spans = marks(&feedback);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].kind, MarkKind::Element(Element::Situation));
        assert_eq!(spans[1].kind, MarkKind::Filler);
    }

    #[test]
    fn an_unknown_shape_gives_empty_figures() {
        let m = Metrics::from_feedback(&json!({"something": "else", "scores": "n/a"}));
        assert_eq!(m, Metrics::default());
        assert!(marks(&json!(null)).is_empty());
    }
}
