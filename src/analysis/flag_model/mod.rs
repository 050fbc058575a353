//! A learned red-flag judge: per-sentence heads on the sentence encoder, joined with the rules.
//!
//! Rule: every unit (clause or sentence, [`TextIndex`]) of the answer is described by
//! [`FEATURES`] numbers: its all-MiniLM-L6-v2 vector, the mean vector of its neighbours, the mean
//! vector of the whole answer, the question's vector, and a few scalars (the unit's and the
//! answer's cosine to the question, position, lengths, the share of first-person words, whether
//! the unit is a question, the question's scope as the rules read it — pay, weakness, difficult
//! person, setback — and the prompt kind; and, since 2026-12-03, generic word counts that are
//! no phrase list: the unit's and the answer's word overlap with the question, the shares of
//! negations, of words for other people, of past-tense verbs and of passives, and whether the
//! unit and the answer hold a number). Heads trained by `rehearse train-flags`
//! ([`train`]) give, per unit, a probability for each kind of red flag (six sigmoids after an
//! optional hidden ReLU layer, standardised inputs). A unit is flagged with a kind when its
//! probability reaches that kind's threshold; the evidence is the unit's words. Not answering
//! is a judgement on the whole answer: the mean probability over its units. The rules' phrase
//! lists are *not* features: they were tuned on the same training sets, so a head that read them
//! would learn to copy them and nothing about new wordings.
//!
//! How it joins the rules ([`merge`]): the union. Every rule flag stays; a model flag is added
//! where no flag of its kind already covers the unit; "not answering" (the model's or the
//! rules') is kept only for an answer with no other flag, the judge's included (a blaming or
//! caving answer engages with the question, badly).
//! Model flags are added before the analysis looks for rapport and growth cues, so a flagged
//! sentence lends none of its words to them (as with the rules). The judge runs by default
//! ([`DEFAULT_FLAG_ENGINE`], since 2026-12-03: the rule written down in the README before the
//! cross-validation that decided it picked the union) whenever the encoder is installed; without
//! the encoder, or with `REHEARSE_FLAGS=rules`, the rules alone decide, and the feedback says
//! which judged (`red_flags_engine`).
//!
//! Whether the answer takes up its question at all is decided in [`not_answering`]: the
//! relevance rule, or a learned decision on the relevance tests' outputs where the
//! cross-validation adopted it.
//!
//! Sources: the labelling definitions of tests/data/red_flags/answers.toml and
//! /work/shared/notes/labelling-guide.md (what each flag is); issue 10's encoder
//! ([`crate::encoder`], stack-facts.md); the role model's training recipe
//! ([`super::roles::train`]).

pub mod not_answering;
pub mod train;

use super::red_flags::{FlagHit, FlagScope, RedFlagKind, is_person_word, is_third_party};
use super::relevance::is_past_verb;
use super::roles::heads::Linear;
use super::text::{TextIndex, is_number};
use crate::domain::PromptKind;
use crate::encoder::{DIMENSIONS, SentenceEncoder, cosine};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The checked-in weights, written by `rehearse train-flags`.
pub const BUNDLED_FLAG_HEADS: &str = include_str!("heads.json");

/// Scalars after the four vectors (the last is the constant 1, the bias).
pub const SCALARS: usize = 26;
/// Numbers describing one unit.
pub const FEATURES: usize = 4 * DIMENSIONS + SCALARS;
/// Kinds in the order of the heads' outputs.
pub const KINDS: [RedFlagKind; 6] = RedFlagKind::ALL;

/// Why the flag heads cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FlagHeadsError {
    #[error("the red-flag heads are not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the red-flag heads have the wrong shape: {0}")]
    Shape(String),
}

/// Everything the red-flag judge learned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagHeads {
    /// What the weights were trained on, for the README.
    pub trained_on: String,
    /// Optional hidden layer: [`FEATURES`] -> width, then ReLU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<Linear>,
    /// [`FEATURES`] (or the hidden width) -> one logit per kind, in [`KINDS`] order.
    pub output: Linear,
    /// Probability from which a unit (for not answering: the answer) is flagged, per kind in
    /// [`KINDS`] order; above 1 the model never flags that kind.
    pub thresholds: Vec<f32>,
}

impl FlagHeads {
    /// The checked-in heads.
    pub fn bundled() -> Result<FlagHeads, FlagHeadsError> {
        FlagHeads::from_json(BUNDLED_FLAG_HEADS)
    }

    /// Reads and checks heads written by `rehearse train-flags`.
    pub fn from_json(text: &str) -> Result<FlagHeads, FlagHeadsError> {
        let heads: FlagHeads = serde_json::from_str(text)?;
        heads.check()?;
        Ok(heads)
    }

    fn check(&self) -> Result<(), FlagHeadsError> {
        let shape = |l: &Linear, inputs: usize, outputs: usize, name: &str| {
            let ok = l.mean.len() == inputs
                && l.scale.len() == inputs
                && l.bias.len() == outputs
                && l.weights.len() == inputs * outputs
                && l.weights
                    .iter()
                    .chain(&l.mean)
                    .chain(&l.scale)
                    .chain(&l.bias)
                    .all(|x| x.is_finite())
                && l.scale.iter().all(|s| *s != 0.0);
            if ok {
                Ok(())
            } else {
                Err(FlagHeadsError::Shape(format!(
                    "{name} should map {inputs} numbers to {outputs}"
                )))
            }
        };
        let inputs = match &self.hidden {
            Some(h) => {
                shape(h, FEATURES, h.outputs(), "the hidden layer")?;
                if h.outputs() == 0 {
                    return Err(FlagHeadsError::Shape("the hidden layer is empty".into()));
                }
                h.outputs()
            }
            None => FEATURES,
        };
        shape(&self.output, inputs, KINDS.len(), "the output layer")?;
        if self.thresholds.len() != KINDS.len() || self.thresholds.iter().any(|t| !t.is_finite()) {
            return Err(FlagHeadsError::Shape(format!(
                "{} thresholds for {} kinds",
                self.thresholds.len(),
                KINDS.len()
            )));
        }
        Ok(())
    }

    /// Probability of each kind ([`KINDS`] order) for one unit's features.
    pub fn probabilities(&self, features: &[f32]) -> [f32; 6] {
        let logits = match &self.hidden {
            Some(h) => {
                let hidden: Vec<f32> = h
                    .forward(features)
                    .into_iter()
                    .map(|x| x.max(0.0))
                    .collect();
                self.output.forward(&hidden)
            }
            None => self.output.forward(features),
        };
        let mut p = [0.0f32; 6];
        for (out, z) in p.iter_mut().zip(logits) {
            *out = 1.0 / (1.0 + (-z).exp());
        }
        p
    }

    /// The threshold of `kind`.
    pub fn threshold(&self, kind: RedFlagKind) -> f32 {
        KINDS
            .iter()
            .position(|k| *k == kind)
            .and_then(|i| self.thresholds.get(i).copied())
            .unwrap_or(f32::INFINITY)
    }
}

/// The features of every unit of an answer. `vectors` are the units' encoder vectors (one per
/// unit of `index`), `question` the question's vector.
pub fn unit_features(
    index: &TextIndex,
    scope: &FlagScope,
    kind: PromptKind,
    question_text: &str,
    question: &[f32],
    vectors: &[Vec<f32>],
) -> Vec<Vec<f32>> {
    use super::relevance::{QuestionSimilarity, WordOverlap};
    let answer_overlap = WordOverlap.similarity(question_text, index.text);
    let answer_has_number = (0..index.tokens.len()).any(|i| is_number(index.word(i)));
    let n = vectors.len();
    let zero = vec![0.0f32; DIMENSIONS];
    let mean_of = |rows: &[&Vec<f32>]| -> Vec<f32> {
        let mut m = vec![0.0f32; DIMENSIONS];
        for r in rows {
            for (a, b) in m.iter_mut().zip(r.iter()) {
                *a += b / rows.len() as f32;
            }
        }
        m
    };
    let all: Vec<&Vec<f32>> = vectors.iter().collect();
    let answer = if n == 0 { zero.clone() } else { mean_of(&all) };
    let answer_to_question = cosine(&answer, question);
    let answer_tokens = index.tokens.len() as f32;
    let q = if question.len() == DIMENSIONS {
        question.to_vec()
    } else {
        zero.clone()
    };
    (0..n)
        .map(|i| {
            let unit = &vectors[i];
            let neighbours: Vec<&Vec<f32>> = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| vectors.get(j))
                .collect();
            let around = if neighbours.is_empty() {
                zero.clone()
            } else {
                mean_of(&neighbours)
            };
            let mut x = Vec::with_capacity(FEATURES);
            for v in [unit, &around, &answer, &q] {
                if v.len() == DIMENSIONS {
                    x.extend_from_slice(v);
                } else {
                    x.extend_from_slice(&zero);
                }
            }
            let u = index.units.get(i);
            let tokens: Vec<&str> = u
                .map(|u| {
                    index.tokens[u.tokens()]
                        .iter()
                        .map(|t| t.lower.as_str())
                        .collect()
                })
                .unwrap_or_default();
            let first_person = tokens
                .iter()
                .filter(|t| matches!(**t, "i" | "i'm" | "i've" | "i'd" | "i'll" | "me" | "my"))
                .count() as f32
                / tokens.len().max(1) as f32;
            let flag = |b: bool| if b { 1.0 } else { 0.0 };
            let share = |test: &dyn Fn(usize) -> bool| {
                u.map_or(0.0, |u| u.tokens().filter(|&t| test(t)).count() as f32)
                    / tokens.len().max(1) as f32
            };
            let w = |t: usize| index.word(t);
            let words = Words::of(index, u);
            x.extend_from_slice(&[
                words.overlap(question_text),
                answer_overlap,
                share(&|t| is_negation(w(t))),
                share(&|t| is_person_word(w(t)) || is_third_party(w(t))),
                share(&|t| is_past_verb(w(t))),
                share(&|t| {
                    matches!(w(t), "was" | "were" | "been" | "got" | "get" | "being")
                        && is_past_verb(w(t + 1))
                }),
                flag(words.has_number),
                flag(answer_has_number),
                cosine(unit, question),
                answer_to_question,
                if n > 1 {
                    i as f32 / (n - 1) as f32
                } else {
                    0.0
                },
                flag(i == 0),
                flag(i + 1 == n),
                (n as f32).ln_1p(),
                (tokens.len() as f32 / 30.0).min(4.0),
                (answer_tokens / 100.0).min(6.0),
                first_person,
                flag(u.is_some_and(|u| u.question)),
                flag(scope.money),
                flag(scope.weakness),
                flag(scope.difficult_person),
                flag(scope.setback),
                flag(kind == PromptKind::Objection),
                flag(kind == PromptKind::Pitch),
                flag(kind == PromptKind::TellMe),
                1.0,
            ]);
            x
        })
        .collect()
}

fn is_negation(w: &str) -> bool {
    matches!(
        w,
        "not" | "no" | "never" | "nobody" | "nothing" | "none" | "nowhere" | "nor"
    ) || w.ends_with("n't")
}

/// A unit's own words: its text and whether it holds a number.
struct Words<'a> {
    text: &'a str,
    has_number: bool,
}

impl<'a> Words<'a> {
    fn of(index: &'a TextIndex, unit: Option<&super::text::Unit>) -> Words<'a> {
        match unit {
            Some(u) => Words {
                text: &index.text[u.start..u.end],
                has_number: u.tokens().any(|t| is_number(index.word(t))),
            },
            None => Words {
                text: "",
                has_number: false,
            },
        }
    }

    fn overlap(&self, question: &str) -> f32 {
        use super::relevance::{QuestionSimilarity, WordOverlap};
        WordOverlap.similarity(question, self.text)
    }
}

/// One flag found by the model: the kind, the unit it rests on (for not answering: every
/// unit, `None`) and its probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelFlag {
    pub kind: RedFlagKind,
    pub unit: Option<usize>,
    pub probability: f32,
}

/// Applies the heads to features: the units over their kind's threshold, and not answering
/// when the mean over the units reaches its threshold.
pub fn decide(heads: &FlagHeads, features: &[Vec<f32>]) -> Vec<ModelFlag> {
    let probabilities: Vec<[f32; 6]> = features.iter().map(|x| heads.probabilities(x)).collect();
    decide_from(heads, &probabilities)
}

/// [`decide`] from the units' probabilities.
pub fn decide_from(heads: &FlagHeads, probabilities: &[[f32; 6]]) -> Vec<ModelFlag> {
    let mut out = Vec::new();
    if probabilities.is_empty() {
        return out;
    }
    for (k, kind) in KINDS.iter().enumerate() {
        let t = heads.thresholds[k];
        if *kind == RedFlagKind::NotAnswering {
            let mean = probabilities.iter().map(|p| p[k]).sum::<f32>() / probabilities.len() as f32;
            if mean >= t {
                out.push(ModelFlag {
                    kind: *kind,
                    unit: None,
                    probability: mean,
                });
            }
            continue;
        }
        for (i, p) in probabilities.iter().enumerate() {
            if p[k] >= t {
                out.push(ModelFlag {
                    kind: *kind,
                    unit: Some(i),
                    probability: p[k],
                });
            }
        }
    }
    out
}

/// Adds the model's flags to the rules' (the union, see the module docs).
pub fn merge(flags: &mut Vec<FlagHit>, found: &[ModelFlag], index: &TextIndex) {
    for f in found {
        let Some(unit) = f.unit.and_then(|i| index.units.get(i)) else {
            continue;
        };
        let covered = flags
            .iter()
            .any(|h| h.kind == f.kind && h.span.start < unit.end_token && unit.first < h.span.end);
        if !covered && !unit.is_empty() {
            flags.push(FlagHit {
                kind: f.kind,
                span: super::delivery::TokenSpan {
                    start: unit.first,
                    end: unit.end_token,
                },
            });
        }
    }
    if flags.is_empty()
        && !index.tokens.is_empty()
        && found.iter().any(|f| f.kind == RedFlagKind::NotAnswering)
    {
        flags.push(FlagHit {
            kind: RedFlagKind::NotAnswering,
            span: super::delivery::TokenSpan {
                start: 0,
                end: index.tokens.len(),
            },
        });
    }
}

/// Who judges red flags: the phrase-list rules alone, or the rules joined with the model. In a
/// feedback record it says who did judge; records written before the field existed were judged
/// by the rules, hence the serde default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagEngine {
    /// The rules alone (no encoder installed, or asked for with `REHEARSE_FLAGS=rules`).
    #[default]
    Rules,
    /// The rules and the learned judge (needs the encoder).
    Model,
}

/// Environment variable that chooses who judges red flags: `rules` or `model`.
pub const FLAGS_ENV: &str = "REHEARSE_FLAGS";

/// The engine used when nothing else is chosen: the rules joined with the learned judge, which
/// the rule written in the README before the cross-validation (commit 87b2021: the union iff
/// its pooled F1 per answer is higher and its precision at most 0.03 lower) picked on
/// 2026-12-03 (F1 0.81 against 0.79, precision 0.84 against 0.85). Where the encoder is not
/// installed the rules alone judge, and the feedback says so.
pub const DEFAULT_FLAG_ENGINE: FlagEngine = FlagEngine::Model;

static CHOSEN: OnceLock<FlagEngine> = OnceLock::new();

impl FlagEngine {
    /// Reads `rules` or `model` (any case); `None` for anything else.
    pub fn parse(name: &str) -> Option<FlagEngine> {
        match name.trim().to_ascii_lowercase().as_str() {
            "rules" => Some(FlagEngine::Rules),
            "model" => Some(FlagEngine::Model),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FlagEngine::Rules => "rules",
            FlagEngine::Model => "model",
        }
    }

    /// Chooses for this process; the first choice wins. Returns the engine in force.
    pub fn choose(engine: FlagEngine) -> FlagEngine {
        *CHOSEN.get_or_init(|| engine)
    }

    /// The engine in force: the one chosen, else `REHEARSE_FLAGS`, else
    /// [`DEFAULT_FLAG_ENGINE`].
    pub fn chosen() -> FlagEngine {
        *CHOSEN.get_or_init(|| {
            std::env::var(FLAGS_ENV)
                .ok()
                .and_then(|v| FlagEngine::parse(&v))
                .unwrap_or(DEFAULT_FLAG_ENGINE)
        })
    }

    /// Whether `REHEARSE_FLAGS` names an engine (asking for the judge by name makes a missing
    /// encoder an error on the command line; the default falls back to the rules).
    pub fn asked_for() -> bool {
        std::env::var(FLAGS_ENV)
            .ok()
            .and_then(|v| FlagEngine::parse(&v))
            .is_some()
    }
}

/// The encoder and the checked-in heads.
pub struct FlagModel {
    pub encoder: &'static SentenceEncoder,
    pub heads: FlagHeads,
}

impl std::fmt::Debug for FlagModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlagModel").finish_non_exhaustive()
    }
}

impl FlagModel {
    /// The installed encoder (shared with the sentence-role model) with the checked-in heads;
    /// `None` when either is missing.
    pub fn installed() -> Option<&'static FlagModel> {
        static MODEL: OnceLock<Option<FlagModel>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                let heads = FlagHeads::bundled().ok()?;
                let encoder = super::roles::shared_encoder()?;
                Some(FlagModel { encoder, heads })
            })
            .as_ref()
    }

    /// The model when it is chosen ([`FlagEngine::chosen`], by default) and installed; `None`
    /// means the rules alone judge.
    pub fn default_judge() -> Option<&'static FlagModel> {
        match FlagEngine::chosen() {
            FlagEngine::Model => FlagModel::installed(),
            FlagEngine::Rules => None,
        }
    }

    /// The model's flags for an answer to `question`, and the encoder's cosines between the
    /// question and the answer ([`question_cosines`]) for the not-answering decision.
    pub fn judge(
        &self,
        index: &TextIndex,
        scope: &FlagScope,
        kind: PromptKind,
        question: &str,
    ) -> Result<(Vec<ModelFlag>, [f32; 2]), crate::encoder::EncoderError> {
        let mut sentences: Vec<&str> = index
            .units
            .iter()
            .map(|u| &index.text[u.start..u.end])
            .collect();
        if sentences.is_empty() {
            return Ok((Vec::new(), [0.0; 2]));
        }
        sentences.push(question);
        let mut vectors = self.encoder.embed(&sentences)?;
        let q = vectors.pop().unwrap_or_default();
        let features = unit_features(index, scope, kind, question, &q, &vectors);
        Ok((
            decide(&self.heads, &features),
            question_cosines(&q, &vectors),
        ))
    }
}

/// The encoder's cosine between the question (`question`, its vector) and the answer (the mean
/// of its units' `vectors`), and the largest cosine of one unit with the question; zeros for
/// an empty answer.
pub fn question_cosines(question: &[f32], vectors: &[Vec<f32>]) -> [f32; 2] {
    if vectors.is_empty() || question.len() != DIMENSIONS {
        return [0.0; 2];
    }
    let mut mean = vec![0.0f32; DIMENSIONS];
    for v in vectors {
        for (m, x) in mean.iter_mut().zip(v) {
            *m += x / vectors.len() as f32;
        }
    }
    let best = vectors
        .iter()
        .map(|v| cosine(v, question))
        .fold(f32::MIN, f32::max);
    [cosine(&mean, question), best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::delivery::TokenSpan;

    fn heads(thresholds: [f32; 6]) -> FlagHeads {
        // One input that matters (the first number), all kinds read it.
        let mut weights = vec![0.0f32; FEATURES * 6];
        for k in 0..6 {
            weights[k * FEATURES] = 10.0;
        }
        FlagHeads {
            trained_on: "test".into(),
            hidden: None,
            output: Linear {
                mean: vec![0.0; FEATURES],
                scale: vec![1.0; FEATURES],
                weights,
                bias: vec![-5.0; 6],
            },
            thresholds: thresholds.to_vec(),
        }
    }

    #[test]
    fn heads_check_their_shape_and_the_bundled_heads_load() {
        let good = heads([0.5; 6]);
        let json = serde_json::to_string(&good).unwrap();
        assert_eq!(FlagHeads::from_json(&json).unwrap(), good);
        let mut bad = good.clone();
        bad.thresholds.pop();
        assert!(FlagHeads::from_json(&serde_json::to_string(&bad).unwrap()).is_err());
        let mut bad = good;
        bad.output.weights.pop();
        assert!(FlagHeads::from_json(&serde_json::to_string(&bad).unwrap()).is_err());
        FlagHeads::bundled().expect("the checked-in red-flag heads load");
    }

    #[test]
    fn units_over_the_threshold_are_flagged_and_not_answering_by_the_mean() {
        let h = heads([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
        let mut hot = vec![0.0f32; FEATURES];
        hot[0] = 1.0; // logit 5
        let cold = vec![0.0f32; FEATURES]; // logit -5
        let found = decide(&h, &[cold.clone(), hot.clone()]);
        assert!(
            found
                .iter()
                .any(|f| f.kind == RedFlagKind::Blame && f.unit == Some(1))
        );
        assert!(!found.iter().any(|f| f.unit == Some(0)));
        // Mean over the two units is 0.5: just reaches the threshold.
        assert!(found.iter().any(|f| f.kind == RedFlagKind::NotAnswering));
        let found = decide(&h, &[cold.clone(), cold]);
        assert!(found.is_empty());
        let off = heads([2.0; 6]);
        assert!(decide(&off, &[hot]).is_empty());
    }

    #[test]
    fn merging_keeps_the_rules_and_adds_uncovered_units_only() {
        let text = "It was their fault. I fixed it. They never listen.";
        let index = TextIndex::new(text);
        assert_eq!(index.units.len(), 3);
        let first = &index.units[0];
        let mut flags = vec![FlagHit {
            kind: RedFlagKind::Blame,
            span: TokenSpan {
                start: first.first,
                end: first.end_token,
            },
        }];
        let found = [
            ModelFlag {
                kind: RedFlagKind::Blame,
                unit: Some(0),
                probability: 0.9,
            },
            ModelFlag {
                kind: RedFlagKind::Blame,
                unit: Some(2),
                probability: 0.8,
            },
            ModelFlag {
                kind: RedFlagKind::NotAnswering,
                unit: None,
                probability: 0.7,
            },
        ];
        merge(&mut flags, &found, &index);
        assert_eq!(flags.len(), 2, "{flags:?}");
        assert_eq!(flags[1].span.start, index.units[2].first);
        // Not answering joins only an answer with no other flag.
        assert!(!flags.iter().any(|f| f.kind == RedFlagKind::NotAnswering));
        let mut none = Vec::new();
        merge(&mut none, &found[2..], &index);
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].span.end, index.tokens.len());
    }

    #[test]
    fn the_engine_is_read_from_its_name() {
        assert_eq!(FlagEngine::parse(" Model "), Some(FlagEngine::Model));
        assert_eq!(FlagEngine::parse("rules"), Some(FlagEngine::Rules));
        assert_eq!(FlagEngine::parse("both"), None);
        // A record without the field was judged by the rules; the engine in force by default
        // is the union.
        assert_eq!(FlagEngine::default().as_str(), "rules");
        assert_eq!(DEFAULT_FLAG_ENGINE, FlagEngine::Model);
        assert_eq!(
            serde_json::to_value(FlagEngine::Model).unwrap(),
            serde_json::json!("model")
        );
    }
}
