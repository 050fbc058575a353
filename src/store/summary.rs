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
use chrono::{DateTime, Datelike, Local, NaiveDate, Utc};
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
    /// Words said in the current transcript ([`Transcript::spoken_word_count`]); `None` when
    /// the attempt has no transcript.
    ///
    /// [`Transcript::spoken_word_count`]: crate::transcript::Transcript::spoken_word_count
    #[serde(default)]
    pub words: Option<usize>,
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
            words: attempt
                .transcript
                .as_ref()
                .map(crate::transcript::Transcript::spoken_word_count),
            search_text,
        }
    }

    /// A take in which nothing was said (a silent or accidental recording, kept only because the
    /// user asked). It never counts in progress, prompt history or the drawer's weights.
    pub fn is_wordless(&self) -> bool {
        self.words == Some(0)
    }

    /// Whether this attempt counts in progress figures and practice history: every attempt
    /// except a wordless take.
    pub fn counts_as_practice(&self) -> bool {
        !self.is_wordless()
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

/// How one prompt has been practised: what its card says ("practised 3 times, last score 85,
/// 12 Nov").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PromptPractice {
    pub times: usize,
    /// The overall score of the latest attempt, when it was analysed.
    pub last_score: Option<u8>,
    /// The day of the latest attempt, in the user's time zone.
    pub last_day: NaiveDate,
}

impl PromptPractice {
    /// "practised 3 times, last score 85, 12 Nov": the day as "today" or "yesterday" when it
    /// was, with the year only when it is not `today`'s.
    pub fn sentence(&self, today: NaiveDate) -> String {
        let times = match self.times {
            1 => "once".to_string(),
            2 => "twice".to_string(),
            n => format!("{n} times"),
        };
        let day = if self.last_day == today {
            "today".to_string()
        } else if today.pred_opt() == Some(self.last_day) {
            "yesterday".to_string()
        } else if self.last_day.year() == today.year() {
            self.last_day.format("%-d %b").to_string()
        } else {
            self.last_day.format("%-d %b %Y").to_string()
        };
        match self.last_score {
            Some(score) => format!("practised {times}, last score {score}, {day}"),
            None => format!("practised {times}, last {day}"),
        }
    }
}

/// Which prompts were practised when, and how the latest attempt at each scored: enough for
/// a prompt card's history line without keeping whole summaries. Wordless takes are left out
/// ([`AttemptSummary::counts_as_practice`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PracticeLog {
    /// Per prompt id: the time and overall score of each attempt, in the order recorded.
    by_prompt: BTreeMap<String, Vec<Telling>>,
}

/// When a prompt was answered and the overall score of that answer.
type Telling = (DateTime<Utc>, Option<f32>);

impl PracticeLog {
    /// The log of `summaries`; `canonical` maps a stored prompt id to the id it is known by now
    /// (a merged prompt's attempts count for the prompt that replaced it).
    pub fn of<'a>(
        summaries: impl IntoIterator<Item = &'a AttemptSummary>,
        canonical: impl Fn(&str) -> String,
    ) -> Self {
        let mut log = PracticeLog::default();
        for s in summaries.into_iter().filter(|s| s.counts_as_practice()) {
            log.record(&canonical(&s.prompt_id), s.created, s.overall());
        }
        log
    }

    /// Adds one attempt (in any order: the latest by time is the one the card names).
    pub fn record(&mut self, prompt_id: &str, at: DateTime<Utc>, score: Option<f32>) {
        self.by_prompt
            .entry(prompt_id.to_string())
            .or_default()
            .push((at, score));
    }

    /// Removes the latest attempt at `prompt_id` (a take the user discarded).
    pub fn forget_latest(&mut self, prompt_id: &str) {
        let Some(entries) = self.by_prompt.get_mut(prompt_id) else {
            return;
        };
        if let Some(latest) = (0..entries.len()).max_by_key(|&i| entries[i].0) {
            entries.remove(latest);
        }
        if entries.is_empty() {
            self.by_prompt.remove(prompt_id);
        }
    }

    /// How the prompt `prompt_id` was practised, if it was.
    pub fn practice_of(&self, prompt_id: &str) -> Option<PromptPractice> {
        let entries = self.by_prompt.get(prompt_id)?;
        let &(at, score) = entries.iter().max_by_key(|(at, _)| *at)?;
        Some(PromptPractice {
            times: entries.len(),
            last_score: score
                .filter(|s| s.is_finite())
                .map(|s| s.round().clamp(0.0, 100.0) as u8),
            last_day: at.with_timezone(&Local).date_naive(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_history_line_says_times_last_score_and_day() {
        let p = PromptPractice {
            times: 3,
            last_score: Some(85),
            last_day: day(2026, 11, 12),
        };
        assert_eq!(
            p.sentence(day(2026, 12, 1)),
            "practised 3 times, last score 85, 12 Nov"
        );
        assert_eq!(
            p.sentence(day(2027, 1, 3)),
            "practised 3 times, last score 85, 12 Nov 2026",
            "another year is named"
        );
        assert_eq!(
            p.sentence(day(2026, 11, 13)),
            "practised 3 times, last score 85, yesterday"
        );
        let once = PromptPractice {
            times: 1,
            last_score: None,
            ..p
        };
        assert_eq!(
            once.sentence(day(2026, 11, 12)),
            "practised once, last today"
        );
        let twice = PromptPractice { times: 2, ..p };
        assert!(
            twice
                .sentence(day(2026, 12, 1))
                .starts_with("practised twice,")
        );
    }

    fn summary(prompt_id: &str, created: &str, text: &str, score: u8) -> AttemptSummary {
        let at: DateTime<Utc> = created.parse().unwrap();
        let mut s = AttemptSummary {
            id: AttemptId::new(at),
            created: at,
            prompt_id: prompt_id.into(),
            prompt_text: String::new(),
            kind: PromptKind::Behavioral,
            skills: vec![],
            duration_ms: 60_000,
            model: String::new(),
            has_audio: false,
            metrics: None,
            self_rating: None,
            earlier_analyses: 0,
            has_notes: false,
            story_id: None,
            words: Some(text.split_whitespace().count()),
            search_text: text.into(),
        };
        let mut m = Metrics::default();
        m.scores.insert(Area::Timing, score);
        s.metrics = Some(m);
        s
    }

    #[test]
    fn the_log_counts_attempts_per_prompt_keeps_the_latest_and_skips_wordless_takes() {
        let summaries = vec![
            summary("old-id", "2026-11-10T12:00:00Z", "first try", 60),
            // Newest first, as a listing gives them: the latest must still win.
            summary("p1", "2026-11-12T12:00:00Z", "third try here", 85),
            summary("p1", "2026-11-11T12:00:00Z", "second try", 70),
            summary("p1", "2026-11-13T12:00:00Z", "", 0),
            summary("p2", "2026-11-09T12:00:00Z", "other", 50),
        ];
        // `old-id` was merged into `p1`.
        let log = PracticeLog::of(&summaries, |id| {
            if id == "old-id" { "p1" } else { id }.to_string()
        });
        let p1 = log.practice_of("p1").unwrap();
        assert_eq!(p1.times, 3, "the wordless take on the 13th does not count");
        assert_eq!(p1.last_score, Some(85));
        assert_eq!(p1.last_day, summaries[1].local_date());
        assert_eq!(log.practice_of("p2").unwrap().times, 1);
        assert_eq!(log.practice_of("never"), None);

        // A discarded take is forgotten and the one before it is named again.
        let mut log = log;
        log.record("p1", "2026-11-14T12:00:00Z".parse().unwrap(), Some(10.0));
        assert_eq!(log.practice_of("p1").unwrap().last_score, Some(10));
        log.forget_latest("p1");
        assert_eq!(log.practice_of("p1").unwrap().last_score, Some(85));
        assert_eq!(log.practice_of("p1").unwrap().times, 3);
        log.forget_latest("p2");
        assert_eq!(log.practice_of("p2"), None);
    }

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
