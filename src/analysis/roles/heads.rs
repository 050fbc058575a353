//! The trained heads: a softmax over the six roles per unit (optionally after one hidden layer),
//! a Viterbi decoder over the answer's units, and a logistic "not a story" head per answer.
//!
//! Rule: features are standardised with the training set's mean and spread, then
//! `p(role | unit) = softmax(W x + b)`, or with a hidden layer
//! `p(role | unit) = softmax(W2 relu(W1 x + b1) + b2)` (cross-validation chooses). The decoder maximises
//! `sum_i ln p(role_i | unit_i) + w * (ln start(role_0) + sum_i ln T(role_{i-1}, role_i))`,
//! where `start` and `T` are the role-to-role frequencies of the training answers (add-one
//! smoothed) and `w` ([`Heads::transition_weight`]) was chosen by cross-validation. The weights
//! are written by `rehearse train` into `heads.json` next to this file and compiled in.

use super::Role;
use super::features::{ANSWER_FEATURES, UNIT_FEATURES};
use serde::{Deserialize, Serialize};

/// The checked-in weights, written by `rehearse train`.
pub const BUNDLED_HEADS: &str = include_str!("heads.json");

/// Why the heads cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum HeadsError {
    #[error("the role heads are not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the role heads have the wrong shape: {0}")]
    Shape(String),
}

/// A linear layer over standardised features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Linear {
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    /// Row-major, one row of `inputs` weights per output.
    pub weights: Vec<f32>,
    pub bias: Vec<f32>,
}

impl Linear {
    pub fn inputs(&self) -> usize {
        self.mean.len()
    }

    pub fn outputs(&self) -> usize {
        self.bias.len()
    }

    fn check(&self, inputs: usize, outputs: usize, name: &str) -> Result<(), HeadsError> {
        let ok = self.mean.len() == inputs
            && self.scale.len() == inputs
            && self.bias.len() == outputs
            && self.weights.len() == inputs * outputs
            && self
                .weights
                .iter()
                .chain(&self.mean)
                .chain(&self.scale)
                .chain(&self.bias)
                .all(|x| x.is_finite());
        if ok {
            Ok(())
        } else {
            Err(HeadsError::Shape(format!(
                "{name} should map {inputs} features to {outputs} outputs"
            )))
        }
    }

    /// `W standardise(x) + b`.
    pub fn forward(&self, x: &[f32]) -> Vec<f32> {
        let n = self.inputs();
        let z: Vec<f32> = (0..n)
            .map(|k| {
                let v = x.get(k).copied().unwrap_or(0.0);
                let v = if v.is_finite() { v } else { 0.0 };
                (v - self.mean[k]) / self.scale[k]
            })
            .collect();
        self.bias
            .iter()
            .enumerate()
            .map(|(o, b)| {
                let row = &self.weights[o * n..(o + 1) * n];
                b + row.iter().zip(&z).map(|(w, v)| w * v).sum::<f32>()
            })
            .collect()
    }
}

/// Everything the model learned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heads {
    /// What the weights were trained on (files, answers, units), for the README and `--json`.
    pub trained_on: String,
    /// Optional hidden layer of the role head: [`UNIT_FEATURES`] -> width, then ReLU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<Linear>,
    /// Per-unit role head: [`UNIT_FEATURES`] (or the hidden width) -> 6 roles in [`Role::ALL`]
    /// order.
    pub roles: Linear,
    /// ln of how often each role opens an answer.
    pub start: Vec<f32>,
    /// ln T(from, to), row-major 6 x 6.
    pub transitions: Vec<f32>,
    /// How much the transitions count against the per-unit probabilities.
    pub transition_weight: f32,
    /// Per-answer "not a story" head: [`ANSWER_FEATURES`] -> 1 logit.
    pub not_a_story: Linear,
    /// Probability from which an answer is called not a story (set for precision).
    pub not_a_story_threshold: f32,
    /// Probability from which a unit also tells a second story role beside the decoded one
    /// (chosen by cross-validation; 1 or more turns it off).
    #[serde(default = "no_secondary")]
    pub secondary_threshold: f32,
    /// Story roles whose presence also takes the units the phrase-list rules give that role
    /// (the union of both judges, chosen per role by cross-validation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with_rules: Vec<Role>,
    /// The answer is called not a story only when the phrase-list rules call it hypothetical
    /// too (the intersection, chosen by cross-validation for precision).
    #[serde(default)]
    pub not_a_story_needs_rules: bool,
    /// Result probability from which a unit's quantities are read for the quantified result,
    /// besides the units the model gives the Result role first or second (chosen by
    /// cross-validation; 1 or more reads only those).
    #[serde(default = "no_secondary")]
    pub quantified_threshold: f32,
}

fn no_secondary() -> f32 {
    1.0
}

impl Heads {
    /// The checked-in heads.
    pub fn bundled() -> Result<Heads, HeadsError> {
        Heads::from_json(BUNDLED_HEADS)
    }

    pub fn from_json(text: &str) -> Result<Heads, HeadsError> {
        let heads: Heads = serde_json::from_str(text)?;
        match &heads.hidden {
            Some(hidden) => {
                let width = hidden.outputs();
                if width == 0 {
                    return Err(HeadsError::Shape("the hidden layer is empty".into()));
                }
                hidden.check(UNIT_FEATURES, width, "the hidden layer")?;
                heads.roles.check(width, 6, "the role head")?;
            }
            None => heads.roles.check(UNIT_FEATURES, 6, "the role head")?,
        }
        heads
            .not_a_story
            .check(ANSWER_FEATURES, 1, "the not-a-story head")?;
        if heads.start.len() != 6
            || heads.transitions.len() != 36
            || !heads
                .start
                .iter()
                .chain(&heads.transitions)
                .all(|x| x.is_finite())
        {
            return Err(HeadsError::Shape(
                "transitions should be 6 and 6 x 6".into(),
            ));
        }
        Ok(heads)
    }

    /// Role probabilities for one unit's features.
    pub fn role_probabilities(&self, features: &[f32]) -> [f32; 6] {
        match &self.hidden {
            Some(hidden) => {
                let h: Vec<f32> = hidden
                    .forward(features)
                    .into_iter()
                    .map(|x| x.max(0.0))
                    .collect();
                softmax6(&self.roles.forward(&h))
            }
            None => softmax6(&self.roles.forward(features)),
        }
    }

    /// Probability that the answer is not a story (hypothetical or habitual).
    pub fn not_a_story_probability(&self, features: &[f32]) -> f32 {
        let z = self
            .not_a_story
            .forward(features)
            .first()
            .copied()
            .unwrap_or(0.0);
        1.0 / (1.0 + (-z).exp())
    }

    /// The story roles other than `decoded` whose probability reaches
    /// [`Heads::secondary_threshold`], most likely first.
    pub fn secondary_roles(&self, probabilities: &[f32; 6], decoded: Role) -> Vec<Role> {
        let mut out: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| {
                *r != decoded
                    && *r != Role::None
                    && probabilities[r.index()] >= self.secondary_threshold
            })
            .collect();
        out.sort_by(|a, b| probabilities[b.index()].total_cmp(&probabilities[a.index()]));
        out
    }

    /// The best role sequence (Viterbi).
    pub fn decode(&self, probabilities: &[[f32; 6]]) -> Vec<Role> {
        viterbi(
            probabilities,
            &self.start,
            &self.transitions,
            self.transition_weight,
        )
    }
}

fn softmax6(logits: &[f32]) -> [f32; 6] {
    let mut out = [0.0f32; 6];
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let max = if max.is_finite() { max } else { 0.0 };
    let mut sum = 0.0;
    for (o, l) in out.iter_mut().zip(logits) {
        *o = (l - max).exp();
        sum += *o;
    }
    if sum > 0.0 && sum.is_finite() {
        out.iter_mut().for_each(|o| *o /= sum);
    } else {
        out = [1.0 / 6.0; 6];
    }
    out
}

/// Viterbi over per-unit probabilities with weighted ln start / transition scores.
pub fn viterbi(
    probabilities: &[[f32; 6]],
    start: &[f32],
    transitions: &[f32],
    weight: f32,
) -> Vec<Role> {
    let n = probabilities.len();
    if n == 0 {
        return Vec::new();
    }
    let ln = |p: f32| p.max(1e-6).ln();
    let mut score = [0.0f32; 6];
    for r in 0..6 {
        score[r] = ln(probabilities[0][r]) + weight * start.get(r).copied().unwrap_or(0.0);
    }
    let mut back = vec![[0usize; 6]; n];
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; 6];
        for to in 0..6 {
            let mut best = (f32::NEG_INFINITY, 0);
            for (from, previous) in score.iter().enumerate() {
                let s = previous + weight * transitions.get(from * 6 + to).copied().unwrap_or(0.0);
                if s > best.0 {
                    best = (s, from);
                }
            }
            next[to] = best.0 + ln(probabilities[i][to]);
            back[i][to] = best.1;
        }
        score = next;
    }
    let mut last = (0..6)
        .max_by(|&a, &b| score[a].total_cmp(&score[b]))
        .unwrap_or(5);
    let mut path = vec![Role::None; n];
    for i in (0..n).rev() {
        path[i] = Role::ALL[last];
        last = back[i][last];
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_heads_have_the_right_shape() {
        let heads = Heads::bundled().expect("heads.json is checked in");
        let inputs = heads.hidden.as_ref().map_or(heads.roles.inputs(), |h| {
            assert_eq!(h.outputs(), heads.roles.inputs());
            h.inputs()
        });
        assert_eq!(inputs, UNIT_FEATURES);
        assert_eq!(heads.roles.outputs(), 6);
    }

    #[test]
    fn viterbi_prefers_the_story_order_when_a_unit_is_unsure() {
        // Unit 1 is torn between Situation and Result; after a Situation and before an Action,
        // a transition table favouring S -> S and S -> A settles it as Situation.
        let probs = [
            [0.9, 0.02, 0.02, 0.02, 0.02, 0.02],
            [0.45, 0.01, 0.02, 0.5, 0.01, 0.01],
            [0.02, 0.02, 0.9, 0.02, 0.02, 0.02],
        ];
        let mut t = vec![(0.01f32).ln(); 36];
        t[0] = 0.5f32.ln(); // S -> S
        t[2] = 0.4f32.ln(); // S -> A
        t[3 * 6 + 2] = 0.1f32.ln(); // R -> A is rare
        let start = vec![0.0; 6];
        assert_eq!(viterbi(&probs, &start, &t, 0.0)[1], Role::Result);
        assert_eq!(viterbi(&probs, &start, &t, 1.0)[1], Role::Situation);
        assert!(viterbi(&[], &start, &t, 1.0).is_empty());
    }

    fn linear(inputs: usize, outputs: usize, weight: f32) -> Linear {
        Linear {
            mean: vec![0.0; inputs],
            scale: vec![1.0; inputs],
            weights: vec![weight; inputs * outputs],
            bias: vec![0.0; outputs],
        }
    }

    #[test]
    fn a_hidden_layer_is_checked_and_used() {
        let mut heads = Heads::bundled().expect("heads.json is checked in");
        // Hidden layer of 2 ReLU units; the output layer favours Action from the first unit.
        let mut out = linear(2, 6, 0.0);
        out.weights[2 * 2] = 1.0; // Action <- hidden 0
        heads.hidden = Some(linear(UNIT_FEATURES, 2, 0.01));
        heads.roles = out;
        let json = serde_json::to_string(&heads).expect("serialises");
        let back = Heads::from_json(&json).expect("a consistent hidden layer loads");
        let features = vec![1.0; UNIT_FEATURES];
        let p = back.role_probabilities(&features);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert!(p[Role::Action.index()] > p[Role::Situation.index()]);
        // An output layer that does not read the hidden layer's width is refused.
        heads.roles = linear(3, 6, 0.0);
        let json = serde_json::to_string(&heads).expect("serialises");
        assert!(Heads::from_json(&json).is_err());
    }

    #[test]
    fn non_finite_features_do_not_poison_the_output() {
        let lin = Linear {
            mean: vec![0.0; 2],
            scale: vec![1.0; 2],
            weights: vec![1.0, 1.0],
            bias: vec![0.0],
        };
        assert_eq!(lin.forward(&[f32::NAN, 2.0]), vec![2.0]);
        let p = softmax6(&[f32::NAN; 6]);
        assert!(p.iter().all(|x| x.is_finite()));
    }
}
