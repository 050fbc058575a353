//! A learned answer-level "not answering" decision on the relevance tests' outputs.
//!
//! Rule: the relevance rule ([`super::super::relevance`]) calls an answer unanswered when one of
//! its tests fires (the opening declines, another question is answered, no shared topic and no
//! asked-for shape, generalities where an episode was asked). This module reads the same
//! tests' outputs as numbers ([`RelevanceTests`]: each test's verdict, the word overlap of the
//! answer and of its closest unit with the question) together with generic facts about the
//! answer (its length, the share of first-person and past-tense words, how many of its
//! rubric's parts and story elements the other analysers found, whether it asks questions or
//! holds a number, the question's kind) and, when the sentence encoder runs (the learned judge,
//! the default engine when the encoder is installed), the encoder's cosine between the question and the answer and its
//! closest unit. A logistic model ([`NaModel`], `not_answering.json`, written by
//! `rehearse train-flags`) turns them into a probability; the answer is unanswered from the
//! model's threshold on. Like the rule's, the flag is kept only when no other flag is found.
//! The evidence is the whole answer; the why names the test that weighs most for the flag in
//! this answer (the rule's reason when the rule also fires, else the feature whose weighted,
//! standardised value pushes hardest towards "not answering"; [`reason::FAR`] when none of the
//! named tests does).
//!
//! Training and adoption (`flag_model::train`): the model is fitted on the tuning and
//! training sets only (never an untouched held-out set), with its L2 penalty and threshold
//! chosen by cross-validation grouped by set inside each training fold (nested), so every
//! out-of-fold decision is made by a model and a threshold that never saw that set. A variant
//! is adopted (`adopted: true`) only when its pooled out-of-fold per-answer F1 beats the rule's
//! and its precision is not below the rule's (the rule written in the README before the first
//! run); otherwise the rule decides. `REHEARSE_NOT_ANSWERING=rules` forces the rule and
//! `=learned` the model even when not adopted, to compare.
//!
//! Sources: the relevance rule and its tests ([`super::super::relevance`]); the labelling rules
//! of tests/data/red_flags/answers.toml ("not_answering: the answer does not take up the
//! question asked").

use crate::analysis::relevance::{RelevanceTests, reason};
use crate::analysis::rubric::RubricKind;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The checked-in models, written by `rehearse train-flags`.
pub const BUNDLED_NOT_ANSWERING: &str = include_str!("not_answering.json");

/// What the decision reads about one answer besides the relevance tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NaInputs {
    pub tests: RelevanceTests,
    pub rubric: RubricKind,
    /// Share of the rubric's parts found (0 for a story).
    pub parts_share: f32,
    /// Share of the five story elements found.
    pub elements_share: f32,
    pub words: usize,
    pub units: usize,
    /// Share of first-person words ("i", "i'm", "my", "we"...).
    pub first_person: f32,
    /// Share of past-tense verbs.
    pub past: f32,
    /// Questions the answer asks.
    pub questions: usize,
    pub has_number: bool,
}

/// Names of the word-level features, in order (checked against the trained model).
pub const WORD_FEATURES: &[&str] = &[
    "rule: unanswered",
    "opening deflects",
    "declines in its own words",
    "denies the premise",
    "turns to answer",
    "has the shape asked",
    "off topic",
    "generalities where an episode was asked",
    "general words",
    "tells an episode",
    "speaks of work",
    "an episode asked",
    "word overlap",
    "best unit overlap",
    "log words",
    "log units",
    "first-person share",
    "past-tense share",
    "rubric parts share",
    "story elements share",
    "questions asked",
    "holds a number",
    "kind: story",
    "kind: pitch",
    "kind: about you",
    "kind: questions for the interviewer",
    "kind: objection",
];

/// The encoder's features, after the word-level ones.
pub const ENCODER_FEATURES: &[&str] = &["encoder: answer cosine", "encoder: best unit cosine"];

/// The reason a feature stands for, when it pushes towards "not answering".
fn reason_of(feature: &str) -> Option<&'static str> {
    match feature {
        "rule: unanswered" => None,
        "opening deflects" | "declines in its own words" | "denies the premise" => {
            Some(reason::DECLINES)
        }
        "has the shape asked"
        | "off topic"
        | "word overlap"
        | "best unit overlap"
        | "encoder: answer cosine"
        | "encoder: best unit cosine" => Some(reason::OFF_TOPIC),
        "generalities where an episode was asked" | "general words" | "tells an episode" => {
            Some(reason::GENERALITIES)
        }
        _ => None,
    }
}

fn flag(b: bool) -> f32 {
    if b { 1.0 } else { 0.0 }
}

/// The word-level features of an answer ([`WORD_FEATURES`] order).
pub fn word_features(x: &NaInputs) -> Vec<f32> {
    let t = &x.tests;
    vec![
        flag(t.rule_unanswered()),
        flag(t.opening_deflects),
        flag(t.declines),
        flag(t.denies_premise),
        flag(t.turns),
        flag(t.has_shape),
        flag(t.off_topic),
        flag(t.generalities()),
        flag(t.general_words),
        flag(t.episode),
        flag(t.work),
        flag(t.episode_asked),
        t.overlap,
        t.best_unit_overlap,
        (x.words as f32).ln_1p(),
        (x.units as f32).ln_1p(),
        x.first_person,
        x.past,
        x.parts_share,
        x.elements_share,
        (x.questions.min(3) as f32) / 3.0,
        flag(x.has_number),
        flag(x.rubric == RubricKind::Story),
        flag(x.rubric == RubricKind::Pitch),
        flag(x.rubric == RubricKind::AboutYou),
        flag(x.rubric == RubricKind::InterviewerQuestions),
        flag(x.rubric == RubricKind::Objection),
    ]
}

/// The features of an answer with the encoder's cosines ([`ENCODER_FEATURES`]) after the
/// word-level ones.
pub fn encoder_features(x: &NaInputs, cosines: [f32; 2]) -> Vec<f32> {
    let mut v = word_features(x);
    v.extend_from_slice(&cosines);
    v
}

/// Why the models cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum NaModelError {
    #[error("the not-answering models are not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the not-answering model has the wrong shape: {0}")]
    Shape(String),
}

/// One logistic model: standardised inputs, weights, bias, threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NaModel {
    /// The feature names, in order.
    pub features: Vec<String>,
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    pub weights: Vec<f32>,
    pub bias: f32,
    /// From this probability on, the answer is unanswered.
    pub threshold: f32,
    /// The L2 penalty the cross-validation chose.
    pub l2: f64,
    /// The cross-validation said it beats the rule (module rule); otherwise the rule decides.
    pub adopted: bool,
    /// The cross-validated figures it was adopted (or not) on, for the README.
    pub cv: String,
}

impl NaModel {
    fn check(&self, names: &[&str]) -> Result<(), NaModelError> {
        let d = names.len();
        let named =
            self.features.len() == d && self.features.iter().zip(names).all(|(a, b)| a == b);
        let ok = named
            && self.mean.len() == d
            && self.scale.len() == d
            && self.weights.len() == d
            && self
                .mean
                .iter()
                .chain(&self.scale)
                .chain(&self.weights)
                .chain([&self.bias, &self.threshold])
                .all(|x| x.is_finite())
            && self.scale.iter().all(|s| *s != 0.0);
        if ok {
            Ok(())
        } else {
            Err(NaModelError::Shape(format!(
                "it should read the {d} features {names:?}"
            )))
        }
    }

    /// Each feature's contribution to the logit (weight times standardised value).
    pub fn contributions(&self, x: &[f32]) -> Vec<f32> {
        x.iter()
            .zip(&self.mean)
            .zip(&self.scale)
            .zip(&self.weights)
            .map(|(((v, m), s), w)| w * (v - m) / s)
            .collect()
    }

    /// The probability that the answer does not take up its question.
    pub fn probability(&self, x: &[f32]) -> f32 {
        let z = self.bias + self.contributions(x).iter().sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }

    /// The reason to show for a flag on `x`: the named test that pushes hardest towards "not
    /// answering", else [`reason::FAR`].
    pub fn reason(&self, x: &[f32]) -> &'static str {
        self.contributions(x)
            .iter()
            .zip(&self.features)
            .filter(|(c, _)| **c > 0.0)
            .filter_map(|(c, name)| reason_of(name).map(|r| (*c, r)))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map_or(reason::FAR, |(_, r)| r)
    }
}

/// The checked-in models: one on the word-level features, one also reading the encoder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NaModels {
    /// What they were trained on, for the README.
    #[serde(default)]
    pub trained_on: String,
    #[serde(default)]
    pub words: Option<NaModel>,
    #[serde(default)]
    pub encoder: Option<NaModel>,
}

impl NaModels {
    /// Reads and checks models written by `rehearse train-flags`.
    pub fn from_json(text: &str) -> Result<NaModels, NaModelError> {
        let models: NaModels = serde_json::from_str(text)?;
        if let Some(m) = &models.words {
            m.check(WORD_FEATURES)?;
        }
        if let Some(m) = &models.encoder {
            let names: Vec<&str> = WORD_FEATURES
                .iter()
                .chain(ENCODER_FEATURES)
                .copied()
                .collect();
            m.check(&names)?;
        }
        Ok(models)
    }

    /// The checked-in models (none when the file does not check: the rule decides).
    pub fn bundled() -> &'static NaModels {
        static MODELS: OnceLock<NaModels> = OnceLock::new();
        MODELS.get_or_init(|| NaModels::from_json(BUNDLED_NOT_ANSWERING).unwrap_or_default())
    }
}

/// Who decides "not answering": the relevance rule, or the learned model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NaEngine {
    /// The relevance rule.
    Rules,
    /// The learned model, even when the cross-validation did not adopt it (to compare).
    Learned,
    /// The learned model where the cross-validation adopted it, else the rule (the default).
    Adopted,
}

/// Environment variable that chooses who decides "not answering": `rules` or `learned`.
pub const NA_ENV: &str = "REHEARSE_NOT_ANSWERING";

static CHOSEN: OnceLock<NaEngine> = OnceLock::new();

impl NaEngine {
    /// Reads `rules` or `learned` (any case); `None` for anything else.
    pub fn parse(name: &str) -> Option<NaEngine> {
        match name.trim().to_ascii_lowercase().as_str() {
            "rules" => Some(NaEngine::Rules),
            "learned" => Some(NaEngine::Learned),
            _ => None,
        }
    }

    /// Chooses for this process; the first choice wins. Returns the engine in force.
    pub fn choose(engine: NaEngine) -> NaEngine {
        *CHOSEN.get_or_init(|| engine)
    }

    /// The engine in force: the one chosen, else `REHEARSE_NOT_ANSWERING`, else
    /// [`NaEngine::Adopted`].
    pub fn chosen() -> NaEngine {
        *CHOSEN.get_or_init(|| {
            std::env::var(NA_ENV)
                .ok()
                .and_then(|v| NaEngine::parse(&v))
                .unwrap_or(NaEngine::Adopted)
        })
    }

    /// The model that decides for an answer, if any: the encoder variant when the encoder's
    /// cosines are known and it may decide, else the word-level one; `None`: the rule.
    pub fn model(self, models: &NaModels, encoder: bool) -> Option<&NaModel> {
        let usable = |m: &&NaModel| match self {
            NaEngine::Rules => false,
            NaEngine::Learned => true,
            NaEngine::Adopted => m.adopted,
        };
        encoder
            .then_some(models.encoder.as_ref())
            .flatten()
            .filter(usable)
            .or(models.words.as_ref().filter(usable))
    }

    /// Says who decides, for `rehearse eval`.
    pub fn describe(self, models: &NaModels, encoder: bool) -> &'static str {
        match self.model(models, encoder) {
            None => "the relevance rule",
            Some(m) if m.features.len() > WORD_FEATURES.len() => {
                "the learned decision on the relevance tests and the encoder"
            }
            Some(_) => "the learned decision on the relevance tests",
        }
    }
}

/// The learned decision for one answer: `None` when the rule decides (no model in force),
/// else `Some(reason)` for unanswered (with the reason to show) or `Some(None)` for answered.
pub fn decide(inputs: &NaInputs, cosines: Option<[f32; 2]>) -> Option<Option<&'static str>> {
    let models = NaModels::bundled();
    let model = NaEngine::chosen().model(models, cosines.is_some())?;
    let x = match cosines {
        Some(c) if model.features.len() > WORD_FEATURES.len() => encoder_features(inputs, c),
        _ => word_features(inputs),
    };
    Some((model.probability(&x) >= model.threshold).then(|| {
        inputs
            .tests
            .rule_reason()
            .unwrap_or_else(|| model.reason(&x))
    }))
}

/// Training: an L2-penalised logistic regression fitted by Newton's method, and the nested
/// grouped cross-validation that chooses its penalty and threshold.
pub mod fit {
    use super::NaModel;
    use crate::analysis::evaluation::Counts;

    /// Penalties tried (on the standardised weights, per answer).
    pub const L2_PENALTIES: &[f64] = &[0.0003, 0.003, 0.03];
    /// Thresholds tried (about one answer in eight is unanswered, so low ones too).
    pub const THRESHOLDS: &[f32] = &[
        0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8,
    ];
    const NEWTON_STEPS: usize = 25;

    /// One training answer.
    #[derive(Debug, Clone)]
    pub struct NaExample {
        pub group: String,
        pub x: Vec<f32>,
        pub gold: bool,
        /// Another kind of flag is found (then "not answering" is not kept).
        pub other_flags: bool,
    }

    /// Fits the weights (threshold 0.5, not adopted) with `names` as the features.
    pub fn fit(examples: &[&NaExample], names: &[&str], l2: f64) -> NaModel {
        let d = names.len();
        let n = examples.len().max(1) as f64;
        let mut mean = vec![0.0f64; d];
        for e in examples {
            for (m, v) in mean.iter_mut().zip(&e.x) {
                *m += f64::from(*v) / n;
            }
        }
        let mut scale = vec![0.0f64; d];
        for e in examples {
            for ((s, v), m) in scale.iter_mut().zip(&e.x).zip(&mean) {
                *s += (f64::from(*v) - m).powi(2) / n;
            }
        }
        for s in &mut scale {
            *s = if *s > 1e-12 { s.sqrt() } else { 1.0 };
        }
        let rows: Vec<Vec<f64>> = examples
            .iter()
            .map(|e| {
                let mut r: Vec<f64> =
                    e.x.iter()
                        .zip(&mean)
                        .zip(&scale)
                        .map(|((v, m), s)| (f64::from(*v) - m) / s)
                        .collect();
                r.push(1.0);
                r
            })
            .collect();
        let y: Vec<f64> = examples
            .iter()
            .map(|e| f64::from(u8::from(e.gold)))
            .collect();
        // Weights then bias (the bias is not penalised).
        let mut w = vec![0.0f64; d + 1];
        for _ in 0..NEWTON_STEPS {
            let mut grad = vec![0.0f64; d + 1];
            let mut hess = vec![vec![0.0f64; d + 1]; d + 1];
            for (r, yi) in rows.iter().zip(&y) {
                let z: f64 = r.iter().zip(&w).map(|(a, b)| a * b).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                let g = p - yi;
                let h = (p * (1.0 - p)).max(1e-9);
                for j in 0..=d {
                    grad[j] += g * r[j] / n;
                    for k in 0..=j {
                        hess[j][k] += h * r[j] * r[k] / n;
                    }
                }
            }
            for j in 0..d {
                grad[j] += l2 * w[j];
                hess[j][j] += l2;
            }
            hess[d][d] += 1e-9;
            let lower = hess.clone();
            for (j, row) in hess.iter_mut().enumerate() {
                for (k, v) in row.iter_mut().enumerate().skip(j + 1) {
                    *v = lower[k][j];
                }
            }
            let Some(step) = solve(hess, grad) else {
                break;
            };
            let size: f64 = step.iter().map(|s| s * s).sum::<f64>().sqrt();
            for (wi, s) in w.iter_mut().zip(&step) {
                *wi -= s;
            }
            if size < 1e-8 {
                break;
            }
        }
        NaModel {
            features: names.iter().map(|s| s.to_string()).collect(),
            mean: mean.iter().map(|m| *m as f32).collect(),
            scale: scale.iter().map(|s| *s as f32).collect(),
            weights: w[..d].iter().map(|x| *x as f32).collect(),
            bias: w[d] as f32,
            threshold: 0.5,
            l2,
            adopted: false,
            cv: String::new(),
        }
    }

    /// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when singular.
    fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
        let n = b.len();
        for col in 0..n {
            let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
            if a[pivot][col].abs() < 1e-12 {
                return None;
            }
            a.swap(col, pivot);
            b.swap(col, pivot);
            for row in col + 1..n {
                let (top, rest) = a.split_at_mut(row);
                let pivot_row = &top[col];
                let target = &mut rest[0];
                let f = target[col] / pivot_row[col];
                if f == 0.0 {
                    continue;
                }
                for (x, p) in target[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= f * p;
                }
                b[row] -= f * b[col];
            }
        }
        let mut x = vec![0.0f64; n];
        for row in (0..n).rev() {
            let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
            x[row] = (b[row] - s) / a[row][row];
        }
        x.iter().all(|v| v.is_finite()).then_some(x)
    }

    /// The decision at answer level: unanswered by the model, and no other flag.
    pub fn decision(p: f32, threshold: f32, e: &NaExample) -> bool {
        p >= threshold && !e.other_flags
    }

    pub fn count(c: &mut Counts, gold: bool, found: bool) {
        match (gold, found) {
            (true, true) => c.tp += 1,
            (true, false) => c.fn_ += 1,
            (false, true) => c.fp += 1,
            (false, false) => {}
        }
    }

    fn groups_of(examples: &[&NaExample]) -> Vec<String> {
        let mut g: Vec<String> = examples.iter().map(|e| e.group.clone()).collect();
        g.sort();
        g.dedup();
        g
    }

    /// Out-of-fold probabilities of `examples` (grouped by set) at penalty `l2`.
    pub fn out_of_fold(examples: &[&NaExample], names: &[&str], l2: f64) -> Vec<f32> {
        let mut p = vec![0.0f32; examples.len()];
        for g in groups_of(examples) {
            let train: Vec<&NaExample> =
                examples.iter().filter(|e| e.group != g).copied().collect();
            let model = fit(&train, names, l2);
            for (i, e) in examples.iter().enumerate() {
                if e.group == g {
                    p[i] = model.probability(&e.x);
                }
            }
        }
        p
    }

    /// The penalty and threshold whose grouped cross-validation on `examples` gives the best
    /// per-answer F1 of the decision (ties: the larger penalty, then the higher threshold).
    pub fn choose(examples: &[&NaExample], names: &[&str]) -> (f64, f32, f64) {
        let mut best = (L2_PENALTIES[0], 0.5f32, -1.0f64);
        for &l2 in L2_PENALTIES {
            let p = out_of_fold(examples, names, l2);
            for &t in THRESHOLDS {
                let mut c = Counts::default();
                for (e, pi) in examples.iter().zip(&p) {
                    count(&mut c, e.gold, decision(*pi, t, e));
                }
                let f1 = c.f1();
                if f1 >= best.2 {
                    best = (l2, t, f1);
                }
            }
        }
        best
    }

    /// Nested grouped cross-validation: for each set, the penalty and threshold are chosen by
    /// a grouped cross-validation on the other sets, the model is fitted on them, and the set's
    /// answers are decided. Returns each answer's out-of-fold decision.
    pub fn nested(examples: &[NaExample], names: &[&str]) -> Vec<bool> {
        let all: Vec<&NaExample> = examples.iter().collect();
        let mut out = vec![false; examples.len()];
        for g in groups_of(&all) {
            let train: Vec<&NaExample> = all.iter().filter(|e| e.group != g).copied().collect();
            let (l2, t, _) = choose(&train, names);
            let model = fit(&train, names, l2);
            for (i, e) in examples.iter().enumerate() {
                if e.group == g {
                    out[i] = decision(model.probability(&e.x), t, e);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::fit::{NaExample, choose, fit, nested};
    use super::*;

    fn inputs(rule_off_topic: bool, overlap: f32) -> NaInputs {
        NaInputs {
            tests: RelevanceTests {
                off_topic: rule_off_topic,
                overlap,
                best_unit_overlap: overlap,
                ..RelevanceTests::default()
            },
            rubric: RubricKind::AboutYou,
            parts_share: 0.5,
            elements_share: 0.0,
            words: 30,
            units: 2,
            first_person: 0.1,
            past: 0.0,
            questions: 0,
            has_number: false,
        }
    }

    #[test]
    fn the_features_follow_their_names() {
        let x = inputs(true, 0.0);
        assert_eq!(word_features(&x).len(), WORD_FEATURES.len());
        assert_eq!(
            word_features(&x)[0],
            1.0,
            "the rule fires on an off-topic answer"
        );
        assert_eq!(word_features(&x)[6], 1.0);
        assert_eq!(word_features(&inputs(false, 0.2))[0], 0.0);
        let e = encoder_features(&x, [0.3, 0.5]);
        assert_eq!(e.len(), WORD_FEATURES.len() + ENCODER_FEATURES.len());
        assert_eq!(&e[WORD_FEATURES.len()..], &[0.3, 0.5]);
    }

    /// A separable toy problem: the model learns that low overlap means unanswered, in every
    /// fold, and a flag's reason is the off-topic test.
    #[test]
    fn the_logistic_fit_learns_and_the_nested_cv_decides_held_out_sets() {
        let mut examples = Vec::new();
        for g in 0..4 {
            for k in 0..30 {
                let unanswered = k % 3 == 0;
                let overlap = if unanswered { 0.01 } else { 0.2 } + (k as f32) * 0.001;
                examples.push(NaExample {
                    group: format!("set {g}"),
                    x: word_features(&inputs(unanswered, overlap)),
                    gold: unanswered,
                    other_flags: false,
                });
            }
        }
        let refs: Vec<&NaExample> = examples.iter().collect();
        let model = fit(&refs, WORD_FEATURES, 0.03);
        let off = word_features(&inputs(true, 0.01));
        let on = word_features(&inputs(false, 0.25));
        assert!(model.probability(&off) > 0.8, "{}", model.probability(&off));
        assert!(model.probability(&on) < 0.2, "{}", model.probability(&on));
        assert_eq!(model.reason(&off), reason::OFF_TOPIC);
        let (_, t, f1) = choose(&refs, WORD_FEATURES);
        assert!(f1 > 0.99 && (0.2..=0.8).contains(&t), "{f1} {t}");
        let decided = nested(&examples, WORD_FEATURES);
        assert!(decided.iter().zip(&examples).all(|(d, e)| *d == e.gold));
        // Another flag on the answer keeps "not answering" off.
        let mut other = examples[0].clone();
        other.other_flags = true;
        assert!(!fit::decision(0.99, 0.5, &other));
    }

    #[test]
    fn models_check_their_features_and_the_bundled_file_loads() {
        let examples: Vec<NaExample> = (0..20)
            .map(|k| NaExample {
                group: "a".into(),
                x: word_features(&inputs(k % 2 == 0, 0.1)),
                gold: k % 2 == 0,
                other_flags: false,
            })
            .collect();
        let refs: Vec<&NaExample> = examples.iter().collect();
        let model = fit(&refs, WORD_FEATURES, 0.3);
        let good = NaModels {
            trained_on: "test".into(),
            words: Some(model.clone()),
            encoder: None,
        };
        let json = serde_json::to_string(&good).unwrap();
        assert_eq!(NaModels::from_json(&json).unwrap(), good);
        let mut bad = model;
        bad.weights.pop();
        let bad = NaModels {
            words: Some(bad),
            ..NaModels::default()
        };
        assert!(NaModels::from_json(&serde_json::to_string(&bad).unwrap()).is_err());
        NaModels::from_json(BUNDLED_NOT_ANSWERING).expect("the checked-in models load");
    }

    #[test]
    fn the_engine_chooses_an_adopted_model_only_by_default() {
        let mut m = fit(
            &[&NaExample {
                group: "a".into(),
                x: word_features(&inputs(true, 0.0)),
                gold: true,
                other_flags: false,
            }],
            WORD_FEATURES,
            0.3,
        );
        let models = NaModels {
            trained_on: String::new(),
            words: Some(m.clone()),
            encoder: None,
        };
        assert!(NaEngine::Adopted.model(&models, false).is_none());
        assert!(NaEngine::Learned.model(&models, false).is_some());
        assert!(NaEngine::Rules.model(&models, false).is_none());
        m.adopted = true;
        let models = NaModels {
            words: Some(m),
            ..models
        };
        assert!(NaEngine::Adopted.model(&models, true).is_some());
        assert_eq!(NaEngine::parse(" Learned "), Some(NaEngine::Learned));
        assert_eq!(NaEngine::parse("both"), None);
    }
}
