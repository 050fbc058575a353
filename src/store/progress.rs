//! Progress over time, computed from attempt summaries: averages per scored area, pace and
//! fillers, the share of story answers with every STAR part, coverage of the seven soft skills,
//! attempts per week and the current streak of practice days.
//!
//! Rules: a wordless take (nothing said, kept only because the user asked) counts nowhere;
//! only analysed attempts count toward score, pace and filler figures; only story
//! prompts (behavioural and engineering-practice, see `PromptKind::expects_story`) count toward
//! the STAR share; weeks start on Monday in the user's time zone; a streak is the number of
//! consecutive days with at least one attempt, ending today or yesterday (a streak is not
//! broken before the day is over).

use super::summary::AttemptSummary;
use crate::analysis::Area;
use crate::domain::Skill;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How one soft skill has been practised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillCoverage {
    pub skill: Skill,
    pub attempts: usize,
    /// Mean overall score of the analysed attempts at prompts for this skill.
    pub average_score: Option<f32>,
}

/// Attempts in one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekCount {
    /// The Monday that starts the week.
    pub week_start: NaiveDate,
    pub attempts: usize,
    pub story_answers: usize,
    pub story_answers_with_all_star: usize,
}

/// The summary figures of a history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub attempts: usize,
    pub analysed: usize,
    pub practice_ms: u64,
    pub area_averages: BTreeMap<Area, f32>,
    pub average_wpm: Option<f32>,
    pub average_fillers_per_minute: Option<f32>,
    pub story_answers: usize,
    pub story_answers_with_all_star: usize,
    pub skills: Vec<SkillCoverage>,
    /// Oldest week first, including weeks with no attempts between the first and the last.
    pub weeks: Vec<WeekCount>,
    pub streak_days: u32,
}

impl Progress {
    /// The share of story answers with Situation, Task, Action and Result, 0..1.
    pub fn all_star_share(&self) -> Option<f32> {
        (self.story_answers > 0)
            .then(|| self.story_answers_with_all_star as f32 / self.story_answers as f32)
    }
}

fn mean(values: impl Iterator<Item = f32>) -> Option<f32> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f32)
}

/// The Monday of the week that holds `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Computes the progress figures; `today` is the user's current date.
pub fn progress(summaries: &[AttemptSummary], today: NaiveDate) -> Progress {
    let counted: Vec<&AttemptSummary> = summaries
        .iter()
        .filter(|s| s.counts_as_practice())
        .collect();
    let summaries = counted.as_slice();
    let analysed: Vec<_> = summaries
        .iter()
        .filter_map(|s| Some((s, s.metrics.as_ref()?)))
        .collect();
    let area_averages = Area::ALL
        .into_iter()
        .filter_map(|area| {
            Some((
                area,
                mean(
                    analysed
                        .iter()
                        .filter_map(|(_, m)| m.scores.get(&area).map(|&v| f32::from(v))),
                )?,
            ))
        })
        .collect();
    let is_story = |s: &AttemptSummary| s.kind.expects_story();
    let all_star = |s: &AttemptSummary| s.metrics.as_ref().is_some_and(|m| m.has_all_star());
    let stories: Vec<_> = analysed.iter().filter(|(s, _)| is_story(s)).collect();
    let skills = Skill::ALL
        .into_iter()
        .map(|skill| {
            let at_skill: Vec<_> = summaries
                .iter()
                .filter(|s| s.skills.contains(&skill))
                .collect();
            SkillCoverage {
                skill,
                attempts: at_skill.len(),
                average_score: mean(at_skill.iter().filter_map(|s| s.overall())),
            }
        })
        .collect();
    let mut by_week: BTreeMap<NaiveDate, WeekCount> = BTreeMap::new();
    for s in summaries {
        let start = week_start(s.local_date());
        let week = by_week.entry(start).or_insert(WeekCount {
            week_start: start,
            attempts: 0,
            story_answers: 0,
            story_answers_with_all_star: 0,
        });
        week.attempts += 1;
        if is_story(s) && s.metrics.is_some() {
            week.story_answers += 1;
            week.story_answers_with_all_star += usize::from(all_star(s));
        }
    }
    let mut weeks = Vec::new();
    if let (Some(&first), Some(&last)) = (by_week.keys().next(), by_week.keys().next_back()) {
        let mut start = first;
        while start <= last {
            weeks.push(by_week.remove(&start).unwrap_or(WeekCount {
                week_start: start,
                attempts: 0,
                story_answers: 0,
                story_answers_with_all_star: 0,
            }));
            start += Duration::days(7);
        }
    }
    let days: BTreeSet<NaiveDate> = summaries.iter().map(|s| s.local_date()).collect();
    let mut day = if days.contains(&today) {
        today
    } else {
        today - Duration::days(1)
    };
    let mut streak_days = 0;
    while days.contains(&day) {
        streak_days += 1;
        day -= Duration::days(1);
    }
    Progress {
        attempts: summaries.len(),
        analysed: analysed.len(),
        practice_ms: summaries.iter().map(|s| s.duration_ms).sum(),
        area_averages,
        average_wpm: mean(analysed.iter().filter_map(|(_, m)| m.wpm)),
        average_fillers_per_minute: mean(analysed.iter().filter_map(|(_, m)| m.fillers_per_minute)),
        story_answers: stories.len(),
        story_answers_with_all_star: stories.iter().filter(|(s, _)| all_star(s)).count(),
        skills,
        weeks,
        streak_days,
    }
}
