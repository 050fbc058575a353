//! The lightweight summary of each attempt that listing, searching and the progress view read,
//! and the query that filters them.
//!
//! Rule: a summary is derived from the record alone (never edited by hand) and holds what a
//! list row, a filter or a plot needs, plus one lower-cased search text (prompt, transcript,
//! notes). The store caches summaries in `index.json` keyed by each record's size and
//! modification time, so a listing reads one file instead of a thousand.

use super::metrics::Metrics;
use super::record::{Attempt, AttemptId};
use crate::domain::{PromptKind, Skill};
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

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
            metrics: attempt.feedback.as_ref().map(Metrics::from_feedback),
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
