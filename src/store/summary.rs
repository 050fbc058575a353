//! The lightweight summary of each attempt that listing, searching and the progress view read,
//! and the query that filters them.
//!
//! Rule: a summary is derived from the record alone (never edited by hand) and holds what a
//! list row, a filter or a plot needs, plus one lower-cased search text (prompt, transcript,
//! notes). The store caches summaries in `index.json` keyed by each record's size and
//! modification time, so a listing reads one file instead of a thousand.

use super::record::{Attempt, AttemptId};
use crate::analysis::{Area, Feedback};
use crate::domain::{Element, PromptKind, Skill};
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The figures of one feedback that lists, filters and plots need, cached in the index so a
/// listing never parses whole feedbacks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    #[serde(default)]
    pub scores: BTreeMap<Area, u8>,
    /// Speaking rate in words per minute, pauses included (`None` for typed text).
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
    /// The figures of a feedback.
    pub fn of(feedback: &Feedback) -> Self {
        Metrics {
            scores: Area::ALL
                .iter()
                .map(|&area| (area, feedback.scores.get(area)))
                .collect(),
            wpm: feedback.timing.wpm.map(|v| v as f32),
            fillers_per_minute: Some(feedback.delivery.fillers_per_minute as f32),
            filler_count: feedback.delivery.fillers.len(),
            elements_present: Element::ALL
                .into_iter()
                .filter(|e| {
                    feedback
                        .structure
                        .elements
                        .get(e)
                        .is_some_and(|x| x.present)
                })
                .collect(),
            quantified_result: Some(feedback.value.quantified_result),
            value_cues: feedback.value.cues.len(),
            rapport_cues: feedback.rapport.cues.len(),
            next_steps: feedback.next_steps.clone(),
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

/// One attempt as the history list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub id: AttemptId,
    pub created: DateTime<Utc>,
    pub prompt_id: String,
    pub prompt_text: String,
    pub kind: PromptKind,
    #[serde(default)]
    pub skills: Vec<Skill>,
    pub duration_ms: u64,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub has_audio: bool,
    /// The figures of the current feedback; `None` when the attempt was never analysed.
    #[serde(default)]
    pub metrics: Option<Metrics>,
    #[serde(default)]
    pub self_rating: Option<u8>,
    /// How many earlier analyses are kept.
    #[serde(default)]
    pub earlier_analyses: usize,
    #[serde(default)]
    pub has_notes: bool,
    /// The story from the story bank this answer tells (as stored; it may name no story).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story_id: Option<String>,
    /// Prompt text, transcript and notes, lower-cased, for full-text search.
    #[serde(default)]
    pub search_text: String,
}

impl AttemptSummary {
    pub fn of(attempt: &Attempt) -> Self {
        let transcript = attempt.transcript.as_ref().map_or("", |t| t.text.as_str());
        let search_text =
            format!("{}\n{}\n{}", attempt.prompt.text, transcript, attempt.notes).to_lowercase();
        AttemptSummary {
            id: attempt.id.clone(),
            created: attempt.created,
            prompt_id: attempt.prompt.id.clone(),
            prompt_text: attempt.prompt.text.clone(),
            kind: attempt.prompt.kind,
            skills: attempt.prompt.skills.clone(),
            duration_ms: attempt.duration_ms,
            model: attempt.model.clone(),
            has_audio: attempt.audio_file.is_some(),
            metrics: attempt.feedback.as_ref().map(Metrics::of),
            self_rating: attempt.self_rating,
            earlier_analyses: attempt.earlier_analyses.len(),
            has_notes: !attempt.notes.trim().is_empty(),
            story_id: attempt.story_id.clone(),
            search_text,
        }
    }

    /// The mean area score, when the attempt was analysed.
    pub fn overall(&self) -> Option<f32> {
        self.metrics.as_ref().and_then(Metrics::overall)
    }

    /// The day the attempt was made, in the user's time zone.
    pub fn local_date(&self) -> NaiveDate {
        self.created.with_timezone(&Local).date_naive()
    }
}

/// A filter over summaries. The default matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Words that must all occur (case-insensitive) in the prompt, transcript or notes.
    pub text: String,
    pub kind: Option<PromptKind>,
    pub skill: Option<Skill>,
    pub prompt_id: Option<String>,
    /// First day included, in the user's time zone.
    pub since: Option<NaiveDate>,
    /// Last day included, in the user's time zone.
    pub until: Option<NaiveDate>,
    /// Lowest overall score included; unanalysed attempts never pass a score bound.
    pub min_score: Option<u8>,
    pub max_score: Option<u8>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }

    pub fn matches(&self, s: &AttemptSummary) -> bool {
        if self.kind.is_some_and(|k| k != s.kind)
            || self.skill.is_some_and(|k| !s.skills.contains(&k))
            || self.prompt_id.as_ref().is_some_and(|p| *p != s.prompt_id)
        {
            return false;
        }
        if self.since.is_some() || self.until.is_some() {
            let day = s.local_date();
            if self.since.is_some_and(|d| day < d) || self.until.is_some_and(|d| day > d) {
                return false;
            }
        }
        if self.min_score.is_some() || self.max_score.is_some() {
            let Some(score) = s.overall() else {
                return false;
            };
            if self.min_score.is_some_and(|m| score < f32::from(m))
                || self.max_score.is_some_and(|m| score > f32::from(m))
            {
                return false;
            }
        }
        if !self.text.trim().is_empty() {
            let needle = self.text.to_lowercase();
            if !needle
                .split_whitespace()
                .all(|word| s.search_text.contains(word))
            {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_figures_of_a_feedback() {
        let feedback: Feedback = serde_json::from_str(
            r#"{
            "structure": {"elements": {
                "situation": {"present": true, "evidence": [{"start_char": 0, "end_char": 10, "text": "x"}]},
                "task": {"present": true, "evidence": []},
                "action": {"present": true, "evidence": []},
                "result": {"present": false, "evidence": []}
            }},
            "delivery": {"fillers": [{"text": "um", "start_char": 11, "end_char": 13}], "fillers_per_minute": 2.5},
            "timing": {"wpm": 141.0},
            "value": {"quantified_result": true, "cues": []},
            "scores": {"timing": 80, "delivery": 70, "structure": 60, "value": 50, "rapport": 40},
            "next_steps": ["State the result."]
        }"#,
        )
        .expect("an older, partial feedback still reads");
        let m = Metrics::of(&feedback);
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
        let spans = feedback.highlights();
        assert_eq!(spans.len(), 2);
        assert_eq!(
            spans[0].category,
            crate::analysis::HighlightCategory::Situation
        );
        assert_eq!(
            spans[1].category,
            crate::analysis::HighlightCategory::Filler
        );
    }
}
