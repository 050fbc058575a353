//! The self-assessment over time: the latest rating of each skill, whether the monthly review
//! is due, and each skill's self-ratings beside the scores measured on attempts at it.
//!
//! Rules: a skill's current rating is the one from the newest assessment that rated it (an
//! assessment may rate only some skills). The review is due when the newest assessment is
//! more than [`REVIEW_INTERVAL_DAYS`] days old; with no assessment at all nothing is "due",
//! the user is invited to make a first one instead. A measured score is the mean of the five
//! area scores (0-100) of an analysed attempt whose prompt trains that skill; to put both on
//! one chart the self-rating 1-5 maps to 0-100 by [`rating_as_score`] (1 → 0, 5 → 100).
//!
//! Source: shared/seeds/soft-skills-framework.md, section 7 ("Review monthly") and 10
//! ("Monthly Review: update self-assessment").

use super::record::{Assessment, RATING_MAX, RATING_MIN, SkillRating};
use crate::domain::Skill;
use crate::store::AttemptSummary;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// A month, for the review reminder.
pub const REVIEW_INTERVAL_DAYS: i64 = 30;

/// The current rating of one skill and when it was given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurrentRating {
    pub rated: DateTime<Utc>,
    #[serde(flatten)]
    pub rating: SkillRating,
}

/// The newest rating of every skill that was ever rated. `assessments` in any order.
pub fn latest_ratings(assessments: &[Assessment]) -> BTreeMap<Skill, CurrentRating> {
    let mut latest: BTreeMap<Skill, CurrentRating> = BTreeMap::new();
    let mut ordered: Vec<&Assessment> = assessments.iter().collect();
    ordered.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    for assessment in ordered {
        for rating in &assessment.ratings {
            latest.insert(
                rating.skill,
                CurrentRating {
                    rated: assessment.created,
                    rating: rating.clone(),
                },
            );
        }
    }
    latest
}

/// Whether it is time to review the self-assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ReviewStatus {
    /// No assessment yet.
    NeverAssessed,
    /// The last assessment is older than a month.
    Due { last: DateTime<Utc>, days_ago: i64 },
    /// Reviewed within the month; next due on `next`.
    UpToDate {
        last: DateTime<Utc>,
        next: DateTime<Utc>,
    },
}

impl ReviewStatus {
    pub fn is_due(self) -> bool {
        matches!(self, ReviewStatus::Due { .. })
    }

    /// A gentle sentence for the screen and the CLI.
    pub fn sentence(self) -> String {
        match self {
            ReviewStatus::NeverAssessed => {
                "No self-assessment yet: rate the seven skills once to have a starting point."
                    .into()
            }
            ReviewStatus::Due { days_ago, .. } => {
                format!("Monthly review due: your last self-assessment was {days_ago} days ago.")
            }
            ReviewStatus::UpToDate { next, .. } => format!(
                "Self-assessment up to date; next review around {}.",
                next.format("%Y-%m-%d")
            ),
        }
    }
}

/// The review status at `now`.
pub fn review_status(assessments: &[Assessment], now: DateTime<Utc>) -> ReviewStatus {
    let Some(last) = assessments.iter().map(|a| a.created).max() else {
        return ReviewStatus::NeverAssessed;
    };
    let next = last + Duration::days(REVIEW_INTERVAL_DAYS);
    if now > next {
        ReviewStatus::Due {
            last,
            days_ago: (now - last).num_days(),
        }
    } else {
        ReviewStatus::UpToDate { last, next }
    }
}

/// A self-rating on the 0-100 scale of measured scores: 1 → 0, 3 → 50, 5 → 100.
pub fn rating_as_score(rating: u8) -> f64 {
    let span = f64::from(RATING_MAX - RATING_MIN);
    (f64::from(rating.clamp(RATING_MIN, RATING_MAX) - RATING_MIN) / span) * 100.0
}

/// One skill over time: self-ratings and measured scores, each oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SkillHistory {
    pub ratings: Vec<(DateTime<Utc>, u8)>,
    pub measured: Vec<(DateTime<Utc>, f32)>,
}

/// The self-ratings of `skill` and the measured scores of analysed attempts at it.
pub fn skill_history(
    skill: Skill,
    assessments: &[Assessment],
    attempts: &[AttemptSummary],
) -> SkillHistory {
    let mut ratings: Vec<(DateTime<Utc>, u8)> = assessments
        .iter()
        .flat_map(|a| {
            a.ratings
                .iter()
                .filter(|r| r.skill == skill)
                .map(|r| (a.created, r.rating))
        })
        .collect();
    ratings.sort_by_key(|r| r.0);
    let mut measured: Vec<(DateTime<Utc>, f32)> = attempts
        .iter()
        .filter(|a| a.skills.contains(&skill))
        .filter_map(|a| Some((a.created, a.overall()?)))
        .collect();
    measured.sort_by_key(|m| m.0);
    SkillHistory { ratings, measured }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Element, PromptKind};
    use crate::store::tests::fixture;

    fn rated(at: &str, pairs: &[(Skill, u8)]) -> Assessment {
        Assessment::new(
            pairs
                .iter()
                .map(|&(skill, rating)| SkillRating {
                    skill,
                    rating,
                    evidence: String::new(),
                    next_action: String::new(),
                })
                .collect(),
            at.parse().unwrap(),
        )
    }

    #[test]
    fn the_newest_rating_of_each_skill_wins() {
        let all = [
            rated("2026-11-10T00:00:00Z", &[(Skill::Leadership, 4)]),
            rated(
                "2026-10-01T00:00:00Z",
                &[(Skill::Leadership, 2), (Skill::Collaboration, 3)],
            ),
        ];
        let latest = latest_ratings(&all);
        assert_eq!(latest[&Skill::Leadership].rating.rating, 4);
        assert_eq!(latest[&Skill::Collaboration].rating.rating, 3);
        assert!(!latest.contains_key(&Skill::Communication));
    }

    #[test]
    fn the_review_is_due_after_a_month_and_not_before() {
        let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
        assert_eq!(review_status(&[], now), ReviewStatus::NeverAssessed);
        assert!(!review_status(&[], now).is_due());
        let recent = [rated("2026-11-15T00:00:00Z", &[(Skill::Leadership, 3)])];
        assert!(!review_status(&recent, now).is_due());
        let old = [rated("2026-10-20T00:00:00Z", &[(Skill::Leadership, 3)])];
        let status = review_status(&old, now);
        assert_eq!(
            status,
            ReviewStatus::Due {
                last: "2026-10-20T00:00:00Z".parse().unwrap(),
                days_ago: 42
            }
        );
        assert!(status.sentence().contains("42 days ago"));
        // Exactly thirty days is still within the month.
        let edge = [rated("2026-11-01T00:00:00Z", &[(Skill::Leadership, 3)])];
        assert!(!review_status(&edge, now).is_due());
    }

    #[test]
    fn ratings_map_onto_the_score_scale() {
        assert_eq!(rating_as_score(1), 0.0);
        assert_eq!(rating_as_score(3), 50.0);
        assert_eq!(rating_as_score(5), 100.0);
    }

    #[test]
    fn history_pairs_ratings_with_scores_of_attempts_at_the_skill() {
        let at_skill = fixture::attempt(
            "2026-11-05T00:00:00Z",
            fixture::prompt("b1", PromptKind::Behavioral, &[Skill::Leadership]),
            "t",
            fixture::feedback([60; 5], &[Element::Action], 140.0, 1.0),
        );
        let other = fixture::attempt(
            "2026-11-06T00:00:00Z",
            fixture::prompt("b2", PromptKind::Behavioral, &[Skill::Collaboration]),
            "t",
            fixture::feedback([90; 5], &[Element::Action], 140.0, 1.0),
        );
        let attempts = [AttemptSummary::of(&at_skill), AttemptSummary::of(&other)];
        let assessments = [
            rated("2026-11-10T00:00:00Z", &[(Skill::Leadership, 4)]),
            rated("2026-10-01T00:00:00Z", &[(Skill::Leadership, 2)]),
        ];
        let h = skill_history(Skill::Leadership, &assessments, &attempts);
        assert_eq!(h.ratings.iter().map(|r| r.1).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(h.measured.len(), 1);
        assert_eq!(h.measured[0].1, 60.0);
    }
}
