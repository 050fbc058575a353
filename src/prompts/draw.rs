//! Drawing prompts: weighted random choice without repeats.
//!
//! Rules: (1) a prompt is not drawn again until every prompt of the filtered pool has been
//! drawn once (a "round"); the prompt that closed a round is not the first of the next one when
//! the pool has more than one prompt. (2) Within a round, prompts the user has practised least
//! or scored lowest are more likely: a prompt weighs `1 / (1 + attempts)` times
//! `1 + LOW_SCORE_BOOST * (1 - s)`, where `s` in [0, 1] is the prompt's mean score placed
//! between the lowest and highest mean score in the history (so the scale of the scores does
//! not matter), or [`UNKNOWN_SCORE_STANDING`] when it has no score. An unpractised prompt thus
//! weighs 2, one practised once weighs 1.5 (lowest score) down to 0.5 (highest score). (3) When
//! asked to favour some skills (the user's story gaps: skills with no story in the story bank,
//! see `stories::coverage`), a prompt that trains one of them weighs [`GAP_BOOST`] times as
//! much, so within a round the gaps come first more often; the no-repeat rule still holds.
//! (4) The same seed, pool order, history and favoured skills give the same sequence. The
//! history and the favoured skills are inputs, so the drawer knows nothing of the store.
//!
//! Source: spaced-practice advice of docs/sources.md ("retry the same question", progress
//! over time) applied as a weighting; the weights are our choice and documented here.

use super::Prompt;
use super::bank::{PromptBank, PromptFilter};
use crate::domain::Skill;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::{HashMap, HashSet};

/// The score standing assumed for a prompt with no scored attempt: the middle of the range, so
/// an unscored prompt is neither favoured nor held back for its score.
pub const UNKNOWN_SCORE_STANDING: f64 = 0.5;

/// How much a low score raises a prompt's weight: the lowest-scored prompt in the history weighs
/// `1 + LOW_SCORE_BOOST` times as much as the highest-scored one with as many attempts.
pub const LOW_SCORE_BOOST: f64 = 2.0;

/// How much more a prompt for a favoured skill weighs: 3 makes a story gap's prompt three
/// times as likely as an otherwise equal prompt, enough to lead most rounds without hiding
/// the rest of the bank.
pub const GAP_BOOST: f64 = 3.0;

#[derive(Debug, Clone, Copy, Default)]
struct Practice {
    attempts: u32,
    scored: u32,
    score_sum: f64,
}

/// Draws prompts from a pool; see the module rules.
#[derive(Debug)]
pub struct Drawer {
    rng: StdRng,
    drawn: HashSet<String>,
    last: Option<String>,
    practice: HashMap<String, Practice>,
    favoured: Vec<Skill>,
}

impl Drawer {
    /// A drawer seeded from `seed`, or from the operating system when `None`.
    pub fn new(seed: Option<u64>) -> Drawer {
        let rng = match seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => rand::make_rng(),
        };
        Drawer {
            rng,
            drawn: HashSet::new(),
            last: None,
            practice: HashMap::new(),
            favoured: Vec::new(),
        }
    }

    /// A drawer seeded from `seed`.
    pub fn seeded(seed: u64) -> Drawer {
        Drawer::new(Some(seed))
    }

    /// Adds past attempts: one `(prompt_id, score)` per attempt, `None` when unscored. Scores may
    /// be on any scale, higher is better.
    pub fn with_history<I, S>(mut self, history: I) -> Drawer
    where
        I: IntoIterator<Item = (S, Option<f32>)>,
        S: AsRef<str>,
    {
        for (id, score) in history {
            self.record(id.as_ref(), score);
        }
        self
    }

    /// Records one attempt made during this session, so later draws see it.
    pub fn record(&mut self, prompt_id: &str, score: Option<f32>) {
        let entry = self.practice.entry(prompt_id.to_string()).or_default();
        entry.attempts += 1;
        if let Some(score) = score.filter(|s| s.is_finite()) {
            entry.scored += 1;
            entry.score_sum += f64::from(score);
        }
    }

    /// Favours prompts that train any of `skills` (see the module rules); an empty list turns
    /// favouring off.
    pub fn favour_skills(&mut self, skills: &[Skill]) {
        self.favoured = skills.to_vec();
    }

    /// The skills currently favoured.
    pub fn favoured(&self) -> &[Skill] {
        &self.favoured
    }

    /// The relative chance of drawing `prompt` within a round: its practice weight, times
    /// [`GAP_BOOST`] when it trains a favoured skill.
    pub fn weight_of(&self, prompt: &Prompt) -> f64 {
        let boost = if prompt.skills.iter().any(|s| self.favoured.contains(s)) {
            GAP_BOOST
        } else {
            1.0
        };
        self.weight(&prompt.id) * boost
    }

    /// The relative chance of drawing `prompt_id` within a round, from practice alone.
    pub fn weight(&self, prompt_id: &str) -> f64 {
        let practice = self.practice.get(prompt_id).copied().unwrap_or_default();
        let recency = 1.0 / (1.0 + f64::from(practice.attempts));
        let standing = self
            .score_standing(&practice)
            .unwrap_or(UNKNOWN_SCORE_STANDING);
        recency * (1.0 + LOW_SCORE_BOOST * (1.0 - standing))
    }

    /// Where a prompt's mean score sits between the lowest (0) and highest (1) mean in the history.
    fn score_standing(&self, practice: &Practice) -> Option<f64> {
        let mean = |p: &Practice| (p.scored > 0).then(|| p.score_sum / f64::from(p.scored));
        let own = mean(practice)?;
        let means = self.practice.values().filter_map(mean);
        let (lo, hi) = means.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), m| {
            (lo.min(m), hi.max(m))
        });
        if hi - lo <= f64::EPSILON {
            Some(0.5)
        } else {
            Some((own - lo) / (hi - lo))
        }
    }

    /// Draws one prompt from `pool`, or `None` if the pool is empty.
    pub fn draw<'a>(&mut self, pool: &[&'a Prompt]) -> Option<&'a Prompt> {
        if pool.is_empty() {
            return None;
        }
        let mut candidates: Vec<&'a Prompt> = pool
            .iter()
            .copied()
            .filter(|p| !self.drawn.contains(&p.id))
            .collect();
        if candidates.is_empty() {
            for prompt in pool {
                self.drawn.remove(&prompt.id);
            }
            candidates = pool.to_vec();
            if candidates.len() > 1
                && let Some(last) = &self.last
            {
                candidates.retain(|p| &p.id != last);
            }
        }
        let weights: Vec<f64> = candidates.iter().map(|p| self.weight_of(p)).collect();
        let total: f64 = weights.iter().sum();
        let mut target = self.rng.random_range(0.0..total);
        let mut chosen = candidates[candidates.len() - 1];
        for (prompt, weight) in candidates.iter().zip(&weights) {
            if target < *weight {
                chosen = prompt;
                break;
            }
            target -= weight;
        }
        self.drawn.insert(chosen.id.clone());
        self.last = Some(chosen.id.clone());
        Some(chosen)
    }

    /// Draws one prompt of `bank` matching `filter`.
    pub fn draw_from<'a>(
        &mut self,
        bank: &'a PromptBank,
        filter: &PromptFilter,
    ) -> Option<&'a Prompt> {
        self.draw(&bank.filter(filter))
    }
}
