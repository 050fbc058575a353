//! Training and evaluation of the role heads: `rehearse train` (and `make train`).
//!
//! Rule: read every labelled answer ([`super::data`]); split train / test BY AUTHOR STYLE AND
//! PROFESSION: an answer is in the test split when its author is in [`TEST_AUTHORS`] or its
//! profession in [`TEST_PROFESSIONS`], so no test author and no test profession is ever seen in
//! training. The older development set trains; the older held-out set is only evaluated. On the
//! training pool, 5-fold cross-validation with folds grouped by author style (the development
//! set counts as one author) chooses the L2 penalty, the hidden layer (none or 64 ReLU units),
//! the transition weight, the second-role threshold, the roles judged together with the rules
//! (greedily, while the mean F1 rises), the not-a-story threshold and gate and the Result
//! probability from which a unit's quantities count for the quantified result, then the heads
//! are trained on the whole pool and written to `heads.json`. Heads: softmax regression or a
//! one-hidden-layer network (roles) and logistic regression (not a story), full-batch AdamW on
//! class-weighted cross-entropy with an L2 penalty, in candle. Scores are computed exactly
//! like `rehearse eval` ([`crate::analysis::evaluation`]): per story answer, an element is a
//! true positive when labelled, found, and a found unit overlaps a labelled span; quantified
//! result and not-a-story per answer. Unit-level role accuracy is reported as well.

use super::data::{Labelled, gold_role, read_repository, repository_data_dir};
use super::features::{ANSWER_FEATURES, UNIT_FEATURES, answer_features, unit_features};
use super::heads::{Heads, Linear};
use super::{Role, apply, judge_with_vectors};
use crate::analysis::evaluation::Counts;
use crate::analysis::structure::{self, StructureFindings};
use crate::analysis::text::{CharMap, TextIndex};
use crate::analysis::{AnswerContext, analyze_with_engine};
use crate::domain::Element;
use crate::encoder::SentenceEncoder;
use crate::transcript::Transcript;
use candle_core::{DType, Device, Tensor, Var};
use candle_nn::Optimizer;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Author styles whose answers form the test split (never trained on): a2 writes rambling,
/// conversational answers; b3 fast Whisper-style run-ons (a3 and c4, other Whisper styles,
/// train); c3 out-of-order, present-tense stories; d5 (added 2 Dec 2026, written before any
/// model trained on d1-d4 was run) mixed-tense, rambling and dictated stories with "would" /
/// "always" cues, and hypothetical or habitual answers with past-tense background; d8 (added
/// 2 Dec 2026, written before any model ran on it) an older career-changer in many varieties of
/// English who tells stories out of order, with reported speech, several roles per sentence and
/// understatement, about 40% dictated, in professions no other author uses; d9 (added 3 Dec 2026,
/// 64 answers written before any model ran on them) a signposting North American voice that asks
/// and answers its own questions ("So what did I do?"), sets scenes in the second person and
/// says "we" with the "I" made clear, about 40% dictated, in professions no other author uses;
/// d12 (added 3 Dec 2026, 87 answers written before any model ran on them) a young,
/// early-career voice in first jobs, shift and gig work (quotatives such as "I was like",
/// "literally", deadpan jokes, results in short punchy sentences or at the tail of a run-on),
/// about 40% dictated, in professions no other author uses.
pub const TEST_AUTHORS: &[&str] = &["a2", "b3", "c3", "d5", "d8", "d9", "d12"];
/// Test authors added after the first test-split figures: the table also scores the test split
/// without them, so the earlier figures stay comparable, and them alone.
pub const LATER_TEST_AUTHORS: &[&str] = &["d5", "d8", "d9", "d12"];
/// Professions whose answers form the test split (never trained on), whoever wrote them.
pub const TEST_PROFESSIONS: &[&str] = &[
    "nurse",
    "teacher",
    "electrician",
    "chef",
    "pilot",
    "librarian",
];
/// Folds of the cross-validation.
pub const FOLDS: usize = 5;
/// Transition weights tried by the cross-validation.
const TRANSITION_WEIGHTS: &[f32] = &[0.0, 0.25, 0.5, 0.75, 1.0, 1.5];
/// L2 penalties on the weights (per weight, added to the mean cross-entropy) tried by the
/// cross-validation.
/// (1e-4, 3e-4 and 1e-3 scored lower than 3e-3 on 2026-12-02, with and without the hidden
/// layer, so the grid moved up.)
const L2_PENALTIES: &[f64] = &[3e-3, 1e-2];
/// Second-role thresholds tried by the cross-validation (1.0: one role per unit).
const SECONDARY_THRESHOLDS: &[f32] = &[1.0, 0.45, 0.35, 0.25];
/// Result probabilities from which a unit's quantities count for the quantified result, tried
/// by the cross-validation (1.0: only the units given the Result role, first or second).
const QUANTIFIED_THRESHOLDS: &[f32] = &[1.0, 0.3, 0.2, 0.15, 0.1, 0.05];
/// The settings `--fixed-settings` cross-validates alone (the fifth retrain's choices, 3 Dec
/// 2026): L2 penalty, hidden width and the swallowed roles trained on (every role).
const FIXED_SETTINGS: (f64, usize, usize) = (1e-2, 64, 2);
/// Hidden-layer widths tried by the cross-validation (0: softmax regression, no hidden layer).
const HIDDEN_WIDTHS: &[usize] = &[0, 64];
const EPOCHS: usize = 300;
const LEARNING_RATE: f64 = 0.02;
/// The not-a-story threshold is the lowest that keeps cross-validated precision at this.
const NOT_A_STORY_PRECISION: f64 = 0.97;

/// One answer ready for the heads: its rules judgement, unit vectors and gold labels.
pub struct Prepared {
    pub answer: Labelled,
    pub findings: StructureFindings,
    pub vectors: Vec<Vec<f32>>,
    pub unit_features: Vec<Vec<f32>>,
    pub answer_features: Vec<f32>,
    pub gold_roles: Vec<Role>,
    /// (start_char, end_char) of each unit.
    pub unit_chars: Vec<(usize, usize)>,
}

impl Prepared {
    fn not_a_story(&self) -> bool {
        self.answer.hypothetical || self.answer.habitual
    }

    fn group(&self) -> String {
        if self.answer.profession != "unknown" {
            return self.answer.profession.clone();
        }
        self.answer
            .id
            .split(['-', '_'])
            .next()
            .unwrap_or("unknown")
            .to_string()
    }

    fn in_test_split(&self) -> bool {
        TEST_AUTHORS.contains(&self.answer.author.as_str())
            || TEST_PROFESSIONS.contains(&self.group().as_str())
    }
}

/// Errors of training.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Data(#[from] super::data::DataError),
    #[error(transparent)]
    Encoder(#[from] crate::encoder::EncoderError),
    #[error("training failed: {0}")]
    Candle(#[from] candle_core::Error),
    #[error("cannot write the heads: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}

/// Sentence vectors kept between runs of `rehearse train` (in `target/`, never checked in), so
/// trying another feature or penalty does not embed every unit again. A missing or unreadable
/// file just means embedding afresh.
pub struct EmbeddingStore {
    path: std::path::PathBuf,
    vectors: std::collections::HashMap<String, Vec<f32>>,
    changed: bool,
}

impl EmbeddingStore {
    pub fn open(path: std::path::PathBuf) -> Self {
        let vectors = std::fs::read_to_string(&path)
            .ok()
            .and_then(|raw| serde_json::from_str(&raw).ok())
            .unwrap_or_default();
        EmbeddingStore {
            path,
            vectors,
            changed: false,
        }
    }

    /// The vectors of `sentences`, embedding those not kept yet. The kept ones are handed to
    /// the encoder's reuse cache ([`SentenceEncoder::remember`]), so an analysis of the same
    /// answer with the same encoder right after does not encode them again.
    pub fn embed(
        &mut self,
        encoder: &SentenceEncoder,
        sentences: &[&str],
    ) -> Result<Vec<Vec<f32>>, TrainError> {
        let mut missing: Vec<&str> = Vec::new();
        for s in sentences {
            match self.vectors.get(*s) {
                Some(v) => encoder.remember(s, v),
                None => missing.push(s),
            }
        }
        if !missing.is_empty() {
            for (s, v) in missing.iter().zip(encoder.embed(&missing)?) {
                self.vectors.insert((*s).to_string(), v);
            }
            self.changed = true;
        }
        Ok(sentences
            .iter()
            .map(|s| self.vectors.get(*s).cloned().unwrap_or_default())
            .collect())
    }

    /// Writes the vectors back when new ones were computed.
    pub fn save(&self) -> Result<(), TrainError> {
        if self.changed {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(
                &self.path,
                serde_json::to_string(&self.vectors)
                    .map_err(|e| TrainError::Other(e.to_string()))?,
            )?;
        }
        Ok(())
    }
}

/// Embeds and featurises answers.
pub fn prepare(
    encoder: &SentenceEncoder,
    store: &mut EmbeddingStore,
    answers: Vec<Labelled>,
) -> Result<Vec<Prepared>, TrainError> {
    let mut out = Vec::with_capacity(answers.len());
    for answer in answers {
        let index = TextIndex::new(&answer.text);
        let mut findings = structure::classify(&index);
        findings.hypothetical &= answer.kind.expects_story();
        let sentences: Vec<&str> = index
            .units
            .iter()
            .map(|u| &index.text[u.start..u.end])
            .collect();
        let vectors = store.embed(encoder, &sentences)?;
        let chars = CharMap::new(&answer.text);
        let unit_chars: Vec<(usize, usize)> = index
            .units
            .iter()
            .map(|u| (chars.char_at(u.start), chars.char_at(u.end)))
            .collect();
        let gold_roles = unit_chars
            .iter()
            .map(|&(a, b)| gold_role(&answer.spans, a, b))
            .collect();
        let unit_features = unit_features(&index, &findings, answer.kind, &vectors);
        let answer_features = answer_features(&index, &findings, answer.kind, &vectors);
        drop(index);
        out.push(Prepared {
            answer,
            findings,
            vectors,
            unit_features,
            answer_features,
            gold_roles,
            unit_chars,
        });
    }
    Ok(out)
}

/// Mean and spread of each column (the last, the bias, keeps mean 0).
pub(crate) fn standardiser(rows: &[&Vec<f32>], width: usize) -> (Vec<f32>, Vec<f32>) {
    let n = rows.len().max(1) as f32;
    let mut mean = vec![0.0f32; width];
    for r in rows {
        for (m, x) in mean.iter_mut().zip(r.iter()) {
            *m += x / n;
        }
    }
    let mut var = vec![0.0f32; width];
    for r in rows {
        for ((v, x), m) in var.iter_mut().zip(r.iter()).zip(&mean) {
            *v += (x - m) * (x - m) / n;
        }
    }
    // A column that never varied in training gets scale 1 (its weight stays near 0), so an
    // unusual value at inference cannot blow up; others are floored so rare cues stay bounded.
    let scale = var
        .iter()
        .map(|v| if *v < 1e-8 { 1.0 } else { v.sqrt().max(0.02) })
        .collect();
    // The constant bias feature keeps its value (scale 1, mean 0) so it still acts as a bias.
    if let Some(last) = mean.last_mut() {
        *last = 0.0;
    }
    (mean, scale)
}

/// Softmax (classes > 1) or logistic (classes == 1) regression on standardised rows.
fn fit_linear(
    rows: &[&Vec<f32>],
    labels: &[u32],
    width: usize,
    classes: usize,
    l2: f64,
) -> Result<Linear, TrainError> {
    let (mean, mut scale) = standardiser(rows, width);
    if let Some(last) = scale.last_mut() {
        *last = 1.0;
    }
    let n = rows.len();
    let device = Device::Cpu;
    let mut flat = Vec::with_capacity(n * width);
    for r in rows {
        for k in 0..width {
            flat.push((r[k] - mean[k]) / scale[k]);
        }
    }
    let x = Tensor::from_vec(flat, (n, width), &device)?;
    let outputs = classes.max(1);
    let w = Var::zeros((width, outputs), DType::F32, &device)?;
    let b = Var::zeros(outputs, DType::F32, &device)?;
    let mut opt = candle_nn::AdamW::new(
        vec![w.clone(), b.clone()],
        candle_nn::ParamsAdamW {
            lr: LEARNING_RATE,
            weight_decay: 0.0,
            ..Default::default()
        },
    )?;
    let y_index = Tensor::from_vec(labels.to_vec(), (n, 1), &device)?;
    let (row_weights, weight_sum) = class_weights(labels, outputs, &device)?;
    let y_binary = Tensor::from_vec(
        labels.iter().map(|&l| l as f32).collect::<Vec<_>>(),
        (n, 1),
        &device,
    )?;
    for _ in 0..EPOCHS {
        let logits = x.matmul(w.as_tensor())?.broadcast_add(b.as_tensor())?;
        let data_loss = if classes > 1 {
            // Class-weighted cross-entropy: rare roles (task, learning) count more.
            let picked = candle_nn::ops::log_softmax(&logits, 1)?.gather(&y_index, 1)?;
            ((picked * &row_weights)?.sum_all()? * (-1.0 / weight_sum))?
        } else {
            // Stable logistic loss: softplus(z) - y z (candle's helper takes ln of a
            // saturated sigmoid and turned the weights into NaN on this data).
            let softplus = (logits.relu()? + ((logits.abs()?.neg()?.exp()? + 1.0)?.log()?))?;
            (softplus - (&y_binary * &logits)?)?.mean_all()?
        };
        let penalty = (w.as_tensor().sqr()?.sum_all()? * l2)?;
        let loss = (data_loss + penalty)?;
        opt.backward_step(&loss)?;
    }
    let weights = w
        .as_tensor()
        .t()?
        .contiguous()?
        .flatten_all()?
        .to_vec1::<f32>()?;
    let bias = b.as_tensor().to_vec1::<f32>()?;
    Ok(Linear {
        mean,
        scale,
        weights,
        bias,
    })
}

/// Deterministic small starting weights for the hidden layer (Glorot-uniform from a fixed
/// linear congruential sequence), so two runs of `rehearse train` write the same heads.
pub(crate) fn initial_weights(rows: usize, cols: usize, seed: u64) -> Vec<f32> {
    let bound = (6.0 / (rows + cols) as f32).sqrt();
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..rows * cols)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let u = (x >> 40) as f32 / (1u64 << 24) as f32; // 0..1
            (2.0 * u - 1.0) * bound
        })
        .collect()
}

/// Softmax over `classes` after one ReLU hidden layer of `hidden` units, class-weighted like
/// [`fit_linear`]. Returns (hidden layer with the standardiser, output layer).
fn fit_mlp(
    rows: &[&Vec<f32>],
    labels: &[u32],
    width: usize,
    classes: usize,
    hidden: usize,
    l2: f64,
) -> Result<(Linear, Linear), TrainError> {
    let (mean, mut scale) = standardiser(rows, width);
    if let Some(last) = scale.last_mut() {
        *last = 1.0;
    }
    let n = rows.len();
    let device = Device::Cpu;
    let mut flat = Vec::with_capacity(n * width);
    for r in rows {
        for k in 0..width {
            flat.push((r[k] - mean[k]) / scale[k]);
        }
    }
    let x = Tensor::from_vec(flat, (n, width), &device)?;
    let w1 = Var::from_tensor(&Tensor::from_vec(
        initial_weights(width, hidden, 1),
        (width, hidden),
        &device,
    )?)?;
    let b1 = Var::zeros(hidden, DType::F32, &device)?;
    let w2 = Var::from_tensor(&Tensor::from_vec(
        initial_weights(hidden, classes, 2),
        (hidden, classes),
        &device,
    )?)?;
    let b2 = Var::zeros(classes, DType::F32, &device)?;
    let mut opt = candle_nn::AdamW::new(
        vec![w1.clone(), b1.clone(), w2.clone(), b2.clone()],
        candle_nn::ParamsAdamW {
            lr: LEARNING_RATE / 2.0,
            weight_decay: 0.0,
            ..Default::default()
        },
    )?;
    let y_index = Tensor::from_vec(labels.to_vec(), (n, 1), &device)?;
    let (row_weights, weight_sum) = class_weights(labels, classes, &device)?;
    for _ in 0..EPOCHS {
        let h = x
            .matmul(w1.as_tensor())?
            .broadcast_add(b1.as_tensor())?
            .relu()?;
        let logits = h.matmul(w2.as_tensor())?.broadcast_add(b2.as_tensor())?;
        let picked = candle_nn::ops::log_softmax(&logits, 1)?.gather(&y_index, 1)?;
        let data_loss = ((picked * &row_weights)?.sum_all()? * (-1.0 / weight_sum))?;
        let penalty =
            ((w1.as_tensor().sqr()?.sum_all()? + w2.as_tensor().sqr()?.sum_all()?)? * l2)?;
        opt.backward_step(&(data_loss + penalty)?)?;
    }
    let rows_of = |w: &Var| -> Result<Vec<f32>, TrainError> {
        Ok(w.as_tensor()
            .t()?
            .contiguous()?
            .flatten_all()?
            .to_vec1::<f32>()?)
    };
    let first = Linear {
        mean,
        scale,
        weights: rows_of(&w1)?,
        bias: b1.as_tensor().to_vec1::<f32>()?,
    };
    let second = Linear {
        mean: vec![0.0; hidden],
        scale: vec![1.0; hidden],
        weights: rows_of(&w2)?,
        bias: b2.as_tensor().to_vec1::<f32>()?,
    };
    Ok((first, second))
}

/// Weight of each row, (n / (classes x count of its class))^0.5 (a softened balance), as an
/// (n, 1) tensor, and their sum.
fn class_weights(
    labels: &[u32],
    classes: usize,
    device: &Device,
) -> Result<(Tensor, f64), TrainError> {
    let n = labels.len();
    let mut counts = vec![0usize; classes];
    for &l in labels {
        if let Some(c) = counts.get_mut(l as usize) {
            *c += 1;
        }
    }
    let per_row: Vec<f32> = labels
        .iter()
        .map(|&l| {
            let c = counts.get(l as usize).copied().unwrap_or(1).max(1);
            ((n as f32) / (classes as f32 * c as f32)).sqrt()
        })
        .collect();
    let sum = f64::from(per_row.iter().sum::<f32>().max(1e-6));
    Ok((Tensor::from_vec(per_row, (n, 1), device)?, sum))
}

/// ln start and transition frequencies of the gold role sequences (add-one smoothed).
fn transitions(train: &[&Prepared]) -> (Vec<f32>, Vec<f32>) {
    let mut start = [1.0f32; 6];
    let mut t = [[1.0f32; 6]; 6];
    for p in train {
        if let Some(first) = p.gold_roles.first() {
            start[first.index()] += 1.0;
        }
        for w in p.gold_roles.windows(2) {
            t[w[0].index()][w[1].index()] += 1.0;
        }
    }
    let total: f32 = start.iter().sum();
    let start = start.iter().map(|c| (c / total).ln()).collect();
    let mut flat = Vec::with_capacity(36);
    for row in t {
        let sum: f32 = row.iter().sum();
        flat.extend(row.iter().map(|c| (c / sum).ln()));
    }
    (start, flat)
}

/// The sets of swallowed roles ([`swallowed_roles`]) [`fit`] may train on, tried in this
/// order by the cross-validation (with the chosen penalty and hidden layer), which keeps the
/// first set unless another has a higher cross-validated mean F1. Learning alone was the
/// fourth retrain's choice (2 Dec 2026), made after seeing a test figure (see README); since 3
/// Dec the cross-validation chooses, because the missed Tasks of the cross-validation were
/// mostly Task clauses inside a dictated run-on's opening unit.
const RELABEL_CANDIDATES: &[&[Role]] = &[
    &[Role::Learning],
    &[Role::Task, Role::Learning],
    &[
        Role::Situation,
        Role::Task,
        Role::Action,
        Role::Result,
        Role::Learning,
    ],
];

/// Tagged elements that no unit carries as its gold role, each with the unit that holds most
/// of its characters. A unit's gold role is the tag covering most of it, so in a run-on answer
/// (dictated text with no full stops, one unit of several clauses) a short closing lesson
/// ("and these days i check the pegs first") sits inside a unit labelled Action or nothing,
/// and training would teach the heads that such a unit is no Learning at all. The evaluation
/// counts the element found when any unit overlapping it is given the role, first or second;
/// so [`fit`] adds the unit once more with the swallowed role as its label (for the roles it is
/// given, one of [`RELABEL_CANDIDATES`]), and the heads can learn to give it as the second
/// role.
fn swallowed_roles(p: &Prepared) -> Vec<(usize, Role)> {
    let mut out = Vec::new();
    for role in Role::ALL {
        if role == Role::None || p.gold_roles.contains(&role) {
            continue;
        }
        let spans = p.answer.role_spans(role);
        let overlap = |&(a, b): &(usize, usize)| -> usize {
            spans
                .iter()
                .map(|&(x, y)| y.min(b).saturating_sub(x.max(a)))
                .sum()
        };
        let best = p
            .unit_chars
            .iter()
            .enumerate()
            .map(|(u, c)| (overlap(c), u))
            .max();
        if let Some((chars, u)) = best
            && chars > 0
        {
            out.push((u, role));
        }
    }
    out
}

/// Trains heads on `train` (transition weight and threshold given); units holding a swallowed
/// role in `relabel` are added once more with that role.
#[allow(clippy::too_many_arguments)]
pub fn fit(
    train: &[&Prepared],
    l2: f64,
    hidden_width: usize,
    relabel: &[Role],
    transition_weight: f32,
    not_a_story_threshold: f32,
    trained_on: String,
) -> Result<Heads, TrainError> {
    let mut rows = Vec::new();
    let mut labels = Vec::new();
    for p in train {
        for (f, r) in p.unit_features.iter().zip(&p.gold_roles) {
            rows.push(f);
            labels.push(r.index() as u32);
        }
        for (u, role) in swallowed_roles(p) {
            if !relabel.contains(&role) {
                continue;
            }
            rows.push(&p.unit_features[u]);
            labels.push(role.index() as u32);
        }
    }
    let (hidden, roles) = if hidden_width == 0 {
        (None, fit_linear(&rows, &labels, UNIT_FEATURES, 6, l2)?)
    } else {
        let (h, r) = fit_mlp(&rows, &labels, UNIT_FEATURES, 6, hidden_width, l2)?;
        (Some(h), r)
    };
    let answer_rows: Vec<&Vec<f32>> = train.iter().map(|p| &p.answer_features).collect();
    let answer_labels: Vec<u32> = train.iter().map(|p| u32::from(p.not_a_story())).collect();
    let not_a_story = fit_linear(&answer_rows, &answer_labels, ANSWER_FEATURES, 1, l2)?;
    let (start, transitions) = transitions(train);
    Ok(Heads {
        trained_on,
        hidden,
        roles,
        start,
        transitions,
        transition_weight,
        not_a_story,
        not_a_story_threshold,
        secondary_threshold: 1.0,
        with_rules: Vec::new(),
        not_a_story_needs_rules: false,
        quantified_threshold: 1.0,
    })
}

/// What an engine said about one answer, in the evaluation's terms.
#[derive(Debug, Clone)]
pub struct Prediction {
    /// Unit spans per element.
    pub elements: BTreeMap<Element, Vec<(usize, usize)>>,
    pub quantified_result: bool,
    pub not_a_story: bool,
    /// Per-unit role (for unit-level accuracy).
    pub unit_roles: Vec<Role>,
    /// Probability of not-a-story (model only).
    pub not_a_story_probability: f32,
}

/// The model's prediction with these heads.
pub fn predict_model(heads: &Heads, p: &Prepared) -> Prediction {
    let index = TextIndex::new(&p.answer.text);
    let judged = judge_with_vectors(heads, &index, &p.findings, p.answer.kind, &p.vectors);
    let mut findings = p.findings.clone();
    apply(&mut findings, &judged);
    let mut elements: BTreeMap<Element, Vec<(usize, usize)>> = BTreeMap::new();
    for u in &judged.units {
        for e in u.elements() {
            elements
                .entry(e)
                .or_default()
                .push((u.start_char, u.end_char));
        }
    }
    Prediction {
        elements,
        quantified_result: judged.quantified_result,
        not_a_story: judged.not_a_story,
        unit_roles: judged.units.iter().map(|u| u.role).collect(),
        not_a_story_probability: judged.not_a_story_confidence,
    }
}

/// The phrase-list rules' prediction (through the full analysis, as `rehearse eval` does).
pub fn predict_rules(p: &Prepared) -> Prediction {
    let ctx = AnswerContext::for_kind(p.answer.kind);
    let fb = analyze_with_engine(
        &Transcript::from_text(&p.answer.text),
        None,
        &ctx,
        &crate::analysis::relevance::WordOverlap,
        None,
    );
    let mut elements: BTreeMap<Element, Vec<(usize, usize)>> = BTreeMap::new();
    for (e, f) in &fb.structure.elements {
        for s in &f.evidence {
            elements
                .entry(*e)
                .or_default()
                .push((s.start_char, s.end_char));
        }
    }
    let unit_roles = p
        .findings
        .units
        .iter()
        .map(|u| {
            u.elements
                .first()
                .copied()
                .map_or(Role::None, Role::of_element)
        })
        .collect();
    Prediction {
        elements,
        quantified_result: fb.value.quantified_result,
        not_a_story: fb.structure.hypothetical,
        unit_roles,
        not_a_story_probability: f32::from(u8::from(fb.structure.hypothetical)),
    }
}

/// Figures for one set of answers.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub answers: usize,
    pub elements: BTreeMap<Element, Counts>,
    pub quantified_result: Counts,
    pub not_a_story: Counts,
    pub units: usize,
    pub units_right: usize,
}

impl Scores {
    pub fn add(&mut self, p: &Prepared, pred: &Prediction) {
        self.answers += 1;
        if p.answer.kind.expects_story() {
            for element in Element::ALL {
                let gold: Vec<(usize, usize)> = p
                    .answer
                    .spans
                    .iter()
                    .filter(|(t, _, _)| *t == super::data::Tag::Role(Role::of_element(element)))
                    .map(|&(_, a, b)| (a, b))
                    .collect();
                let found = pred.elements.get(&element).cloned().unwrap_or_default();
                let c = self.elements.entry(element).or_default();
                match (gold.is_empty(), found.is_empty()) {
                    (true, true) => {}
                    (false, true) => c.fn_ += 1,
                    (true, false) => c.fp += 1,
                    (false, false) => {
                        if found
                            .iter()
                            .any(|f| gold.iter().any(|g| f.0 < g.1 && g.0 < f.1))
                        {
                            c.tp += 1;
                        } else {
                            c.fp += 1;
                            c.fn_ += 1;
                        }
                    }
                }
            }
            bool_count(&mut self.not_a_story, p.not_a_story(), pred.not_a_story);
        }
        bool_count(
            &mut self.quantified_result,
            p.answer.quantified_result,
            pred.quantified_result,
        );
        for (g, r) in p.gold_roles.iter().zip(&pred.unit_roles) {
            self.units += 1;
            self.units_right += usize::from(g == r);
        }
    }

    fn element(&self, e: Element) -> Counts {
        self.elements.get(&e).copied().unwrap_or_default()
    }

    /// The mean of the five element F1s and the quantified-result F1 (what the
    /// cross-validation maximises).
    fn mean_f1(&self) -> f64 {
        (Element::ALL
            .iter()
            .map(|e| self.element(*e).f1())
            .sum::<f64>()
            + self.quantified_result.f1())
            / 6.0
    }
}

fn bool_count(c: &mut Counts, gold: bool, found: bool) {
    match (gold, found) {
        (true, true) => c.tp += 1,
        (true, false) => c.fn_ += 1,
        (false, true) => c.fp += 1,
        (false, false) => {}
    }
}

/// One L2 penalty's cross-validation: scores per transition weight, heads per fold.
struct CvRun {
    l2: f64,
    hidden: usize,
    relabel: &'static [Role],
    scores: Vec<Scores>,
    heads: Vec<(Heads, Vec<usize>)>,
}

/// What `rehearse train` evaluates besides the cross-validation.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Stop after the cross-validation: no final heads, no test-split or held-out figures (for
    /// trying a change on the training pool without looking at the test split).
    pub cv_only: bool,
    /// Extra rows of the table, each scoring the test-split answers of a group of test authors
    /// alone (e.g. `["d9"]`); every name must be in [`TEST_AUTHORS`].
    pub author_rows: Vec<Vec<String>>,
    /// Cross-validate only [`FIXED_SETTINGS`] (L2 penalty, hidden width, swallowed roles)
    /// instead of the whole grid: a sixth of the fits, for comparing a change quickly. The
    /// transition weight, thresholds and the union with the rules are still chosen.
    pub fixed_settings: bool,
}

/// The outcome of `rehearse train`.
pub struct Report {
    /// The heads trained on the whole pool (`None` with [`RunOptions::cv_only`]).
    pub heads: Option<Heads>,
    pub table: String,
    /// Out-of-fold disagreements of the cross-validation, TRAINING-POOL answers only (the test
    /// split and the held-out set never appear here): printed by `rehearse train
    /// --cv-disagreements`.
    pub cv_disagreements: String,
}

/// Reads the data, cross-validates, trains the final heads and evaluates them.
pub fn run(
    encoder: &SentenceEncoder,
    options: &RunOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Report, TrainError> {
    for author in options.author_rows.iter().flatten() {
        if !TEST_AUTHORS.contains(&author.as_str()) {
            return Err(TrainError::Other(format!(
                "{author} is not a test author ({TEST_AUTHORS:?}): a row of its answers would score heads trained on them"
            )));
        }
    }
    let (labelled, dev, held) = read_repository(&repository_data_dir())?;
    progress(&format!(
        "read {} labelled answers, {} development, {} held-out; embedding",
        labelled.len(),
        dev.len(),
        held.len()
    ));
    let mut store = EmbeddingStore::open(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/rehearse-train-vectors.json"),
    );
    let labelled = prepare(encoder, &mut store, labelled)?;
    let dev = prepare(encoder, &mut store, dev)?;
    let held = prepare(encoder, &mut store, held)?;
    store.save()?;
    // Development-set answers of a test profession (by their id) join the test split too.
    let (test, pool): (Vec<&Prepared>, Vec<&Prepared>) = labelled
        .iter()
        .chain(dev.iter())
        .partition(|p| p.in_test_split());
    // Training pool only: elements no unit carries as its gold role, per author.
    let mut swallowed: BTreeMap<(String, Role), usize> = BTreeMap::new();
    for p in &pool {
        for (_, role) in swallowed_roles(p) {
            *swallowed
                .entry((p.answer.author.clone(), role))
                .or_default() += 1;
        }
    }
    progress(&format!(
        "training pool: tagged elements inside a unit of another gold role, per author: {swallowed:?}"
    ));
    let held: Vec<&Prepared> = held.iter().collect();
    if pool.is_empty() {
        return Err(TrainError::Other("no training answers".into()));
    }

    // Folds grouped by author style: whole authors, assigned greedily to the smallest fold, so
    // every fold is judged on writers the heads never saw.
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in pool.iter().enumerate() {
        groups.entry(p.answer.author.clone()).or_default().push(i);
    }
    let mut ordered: Vec<Vec<usize>> = groups.into_values().collect();
    ordered.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let mut folds: Vec<Vec<usize>> = vec![Vec::new(); FOLDS];
    for g in ordered {
        if let Some(f) = folds.iter_mut().min_by_key(|f| f.len()) {
            f.extend(g);
        }
    }

    // Out-of-fold predictions for each L2 penalty and transition weight.
    let mut runs: Vec<CvRun> = Vec::new();
    let grid: Vec<(f64, usize, &'static [Role])> = if options.fixed_settings {
        let (l2, hidden, relabel) = FIXED_SETTINGS;
        vec![(l2, hidden, RELABEL_CANDIDATES[relabel])]
    } else {
        L2_PENALTIES
            .iter()
            .flat_map(|l2| {
                HIDDEN_WIDTHS
                    .iter()
                    .map(move |h| (*l2, *h, RELABEL_CANDIDATES[0]))
            })
            .collect()
    };
    for (l2, hidden, relabel) in grid {
        runs.push(cross_validate(
            &pool, &folds, l2, hidden, relabel, progress,
        )?);
    }
    let mut best = (0usize, 0usize, f64::NEG_INFINITY);
    for (r, run) in runs.iter().enumerate() {
        let mut run_best = f64::NEG_INFINITY;
        for (w, scores) in run.scores.iter().enumerate() {
            let f1 = scores.mean_f1();
            run_best = run_best.max(f1);
            if f1 > best.2 {
                best = (r, w, f1);
            }
        }
        progress(&format!(
            "L2 {}, hidden {}: best cross-validated mean F1 {run_best:.3}",
            run.l2, run.hidden
        ));
    }
    let mut chosen = runs.swap_remove(best.0);
    let l2 = chosen.l2;
    let hidden = chosen.hidden;
    // Which swallowed roles to train on, with that penalty and hidden layer.
    let relabel_trials: &[&[Role]] = if options.fixed_settings {
        &[]
    } else {
        &RELABEL_CANDIDATES[1..]
    };
    for relabel in relabel_trials {
        let run = cross_validate(&pool, &folds, l2, hidden, relabel, progress)?;
        let (w, f1) = run.scores.iter().map(Scores::mean_f1).enumerate().fold(
            (0, f64::NEG_INFINITY),
            |b, (k, f)| if f > b.1 { (k, f) } else { b },
        );
        progress(&format!(
            "swallowed roles trained on {relabel:?}: best cross-validated mean F1 {f1:.3} (against {:.3} with {:?})",
            best.2, chosen.relabel
        ));
        if f1 > best.2 {
            best = (best.0, w, f1);
            chosen = run;
        }
    }
    let relabel = chosen.relabel;
    // The chosen penalty's grid, cross-validated (training pool only).
    for (k, scores) in chosen.scores.iter().enumerate() {
        let mut line = format!(
            "  CV grid: transition weight {}, second-role threshold {}: mean F1 {:.4};",
            TRANSITION_WEIGHTS[k / SECONDARY_THRESHOLDS.len()],
            SECONDARY_THRESHOLDS[k % SECONDARY_THRESHOLDS.len()],
            scores.mean_f1()
        );
        for e in Element::ALL {
            let _ = write!(line, " {e:?} {:.3}", scores.element(e).f1());
        }
        let _ = write!(line, " quantified {:.3}", scores.quantified_result.f1());
        progress(&line);
    }
    let transition_weight = TRANSITION_WEIGHTS[best.1 / SECONDARY_THRESHOLDS.len()];
    let secondary_threshold = SECONDARY_THRESHOLDS[best.1 % SECONDARY_THRESHOLDS.len()];
    for (heads, _) in &mut chosen.heads {
        heads.transition_weight = transition_weight;
        heads.secondary_threshold = secondary_threshold;
    }
    // Roles where the union with the rules' units helps, added greedily while the
    // cross-validated mean F1 rises.
    let cv_mean = |heads: &mut [(Heads, Vec<usize>)], with_rules: &[Role]| {
        let mut scores = Scores::default();
        for (h, fold) in heads.iter_mut() {
            h.with_rules = with_rules.to_vec();
            for &i in fold.iter() {
                scores.add(pool[i], &predict_model(h, pool[i]));
            }
        }
        scores.mean_f1()
    };
    let mut with_rules: Vec<Role> = Vec::new();
    let mut current = cv_mean(&mut chosen.heads, &with_rules);
    for role in [
        Role::Situation,
        Role::Task,
        Role::Action,
        Role::Result,
        Role::Learning,
    ] {
        let mut trial = with_rules.clone();
        trial.push(role);
        let f1 = cv_mean(&mut chosen.heads, &trial);
        progress(&format!(
            "union with the rules for {role:?}: cross-validated mean F1 {f1:.3} (without {current:.3})"
        ));
        if f1 > current {
            with_rules = trial;
            current = f1;
        }
    }
    for (h, _) in &mut chosen.heads {
        h.with_rules.clone_from(&with_rules);
    }
    // Not a story: the head alone or together with the rules, whichever finds more at the
    // required precision.
    let mut best_gate = (false, 0.9f32, -1.0f64);
    for needs_rules in [false, true] {
        let mut oof_probabilities: Vec<(bool, f32)> = Vec::new();
        for (heads, fold) in &mut chosen.heads {
            heads.not_a_story_needs_rules = needs_rules;
            for &i in fold.iter() {
                if pool[i].answer.kind.expects_story() {
                    let pred = predict_model(heads, pool[i]);
                    // An answer the gate rules out counts as probability 0.
                    let gated = needs_rules && !pool[i].findings.hypothetical;
                    let p = if gated {
                        0.0
                    } else {
                        pred.not_a_story_probability
                    };
                    oof_probabilities.push((pool[i].not_a_story(), p));
                }
            }
        }
        let threshold = choose_threshold(&oof_probabilities);
        let mut c = Counts::default();
        for &(gold, p) in &oof_probabilities {
            bool_count(&mut c, gold, p >= threshold);
        }
        progress(&format!(
            "not a story {}: threshold {threshold:.2}, cross-validated precision {:.2}, recall {:.2}",
            if needs_rules {
                "with the rules"
            } else {
                "alone"
            },
            c.precision(),
            c.recall()
        ));
        if c.precision() >= NOT_A_STORY_PRECISION && c.recall() > best_gate.2 {
            best_gate = (needs_rules, threshold, c.recall());
        }
    }
    let (not_a_story_needs_rules, threshold, _) = best_gate;
    for (heads, _) in &mut chosen.heads {
        heads.not_a_story_needs_rules = not_a_story_needs_rules;
        heads.not_a_story_threshold = threshold;
    }
    // The Result probability from which a unit's quantities count for the quantified result:
    // the highest cross-validated quantified-result F1 (the first, 1.0, unless another beats it).
    let mut quantified_threshold = (QUANTIFIED_THRESHOLDS[0], f64::NEG_INFINITY);
    for &t in QUANTIFIED_THRESHOLDS {
        let mut c = Counts::default();
        for (heads, fold) in &mut chosen.heads {
            heads.quantified_threshold = t;
            for &i in fold.iter() {
                let pred = predict_model(heads, pool[i]);
                bool_count(
                    &mut c,
                    pool[i].answer.quantified_result,
                    pred.quantified_result,
                );
            }
        }
        progress(&format!(
            "quantified result from Result probability {t}: cross-validated precision {:.3}, recall {:.3}, F1 {:.3}",
            c.precision(),
            c.recall(),
            c.f1()
        ));
        if c.f1() > quantified_threshold.1 {
            quantified_threshold = (t, c.f1());
        }
    }
    let quantified_threshold = quantified_threshold.0;
    for (heads, _) in &mut chosen.heads {
        heads.quantified_threshold = quantified_threshold;
    }
    progress(&format!(
        "cross-validation chose L2 {l2}, hidden width {hidden}, transition weight {transition_weight}, second-role threshold {secondary_threshold}, union with the rules for {with_rules:?}, not-a-story threshold {threshold:.2} (needs the rules: {not_a_story_needs_rules}), quantified from Result probability {quantified_threshold}"
    ));
    // The CV figures with the chosen settings.
    let mut cv_scores = Scores::default();
    let mut cv_disagreements = String::new();
    for (heads, fold) in &mut chosen.heads {
        for &i in fold.iter() {
            let pred = predict_model(heads, pool[i]);
            cv_scores.add(pool[i], &pred);
            describe_disagreements(&mut cv_disagreements, pool[i], &pred);
        }
    }

    let mut rules_pool = Scores::default();
    for p in &pool {
        rules_pool.add(p, &predict_rules(p));
    }
    let cv_row = (
        "5-fold CV (training pool)".to_string(),
        rules_pool,
        cv_scores,
    );
    let authors: BTreeSet<&str> = pool.iter().map(|p| p.answer.author.as_str()).collect();
    let professions: BTreeSet<String> = pool.iter().map(|p| p.group()).collect();
    let units: usize = pool.iter().map(|p| p.gold_roles.len()).sum();
    let trained_on = format!(
        "{} answers ({} units) by {} author styles in {} professions (L2 {l2}, hidden width {hidden}, swallowed roles trained on {relabel:?}, transition weight {transition_weight}, second-role threshold {secondary_threshold}, union with the rules for {with_rules:?}, not a story needs the rules: {not_a_story_needs_rules}, quantified from Result probability {quantified_threshold}); test split: authors {:?}, professions {:?}",
        pool.len(),
        units,
        authors.len(),
        professions.len(),
        TEST_AUTHORS,
        TEST_PROFESSIONS
    );
    if options.cv_only {
        let table = format_table(
            &format!("{trained_on} (cross-validation only: no final heads, no test split)"),
            &[cv_row],
            None,
        );
        return Ok(Report {
            heads: None,
            table,
            cv_disagreements,
        });
    }
    progress("training the final heads on the whole pool");
    let mut heads = fit(
        &pool,
        l2,
        hidden,
        relabel,
        transition_weight,
        threshold,
        trained_on,
    )?;
    heads.secondary_threshold = secondary_threshold;
    heads.with_rules.clone_from(&with_rules);
    heads.not_a_story_needs_rules = not_a_story_needs_rules;
    heads.quantified_threshold = quantified_threshold;

    let mut rows: Vec<(String, Scores, Scores)> = vec![cv_row];
    let score_set = |set: &[&Prepared], model: bool| {
        let mut s = Scores::default();
        for p in set {
            let pred = if model {
                predict_model(&heads, p)
            } else {
                predict_rules(p)
            };
            s.add(p, &pred);
        }
        s
    };
    rows.push((
        "test split".into(),
        score_set(&test, false),
        score_set(&test, true),
    ));
    let (later, earlier): (Vec<&Prepared>, Vec<&Prepared>) = test
        .iter()
        .copied()
        .partition(|p| LATER_TEST_AUTHORS.contains(&p.answer.author.as_str()));
    rows.push((
        "test split without the later authors".into(),
        score_set(&earlier, false),
        score_set(&earlier, true),
    ));
    rows.push((
        format!(
            "later test authors only ({})",
            LATER_TEST_AUTHORS.join(", ")
        ),
        score_set(&later, false),
        score_set(&later, true),
    ));
    for group in &options.author_rows {
        let set: Vec<&Prepared> = test
            .iter()
            .copied()
            .filter(|p| group.contains(&p.answer.author))
            .collect();
        rows.push((
            format!("test author {} only", group.join(", ")),
            score_set(&set, false),
            score_set(&set, true),
        ));
    }
    rows.push((
        "held-out set".into(),
        score_set(&held, false),
        score_set(&held, true),
    ));
    let table = format_table(&heads.trained_on, &rows, Some(test.len()));
    Ok(Report {
        heads: Some(heads),
        table,
        cv_disagreements,
    })
}

/// Cross-validates one setting of the heads over `folds` of `pool`: out-of-fold scores for
/// every transition weight and second-role threshold, and the heads of each fold.
fn cross_validate(
    pool: &[&Prepared],
    folds: &[Vec<usize>],
    l2: f64,
    hidden: usize,
    relabel: &'static [Role],
    progress: &mut dyn FnMut(&str),
) -> Result<CvRun, TrainError> {
    let mut run = CvRun {
        l2,
        hidden,
        relabel,
        scores: vec![Scores::default(); TRANSITION_WEIGHTS.len() * SECONDARY_THRESHOLDS.len()],
        heads: Vec::new(),
    };
    for (k, fold) in folds.iter().enumerate() {
        let held_in: BTreeSet<usize> = fold.iter().copied().collect();
        let train: Vec<&Prepared> = pool
            .iter()
            .enumerate()
            .filter(|(i, _)| !held_in.contains(i))
            .map(|(_, p)| *p)
            .collect();
        progress(&format!(
            "L2 {l2}, hidden {hidden}, swallowed {relabel:?}, fold {}/{FOLDS}: training on {} answers, testing on {}",
            k + 1,
            train.len(),
            fold.len()
        ));
        let mut heads = fit(&train, l2, hidden, relabel, 0.0, 0.5, String::new())?;
        let settings = TRANSITION_WEIGHTS
            .iter()
            .flat_map(|w| SECONDARY_THRESHOLDS.iter().map(move |s| (*w, *s)));
        for ((w, s), scores) in settings.zip(run.scores.iter_mut()) {
            heads.transition_weight = w;
            heads.secondary_threshold = s;
            for &i in fold {
                scores.add(pool[i], &predict_model(&heads, pool[i]));
            }
        }
        run.heads.push((heads, fold.clone()));
    }
    Ok(run)
}

/// Appends, for one training-pool answer judged out of fold, every element the model got wrong
/// at answer level (missed or false), with the units labelled or found as that element.
fn describe_disagreements(out: &mut String, p: &Prepared, pred: &Prediction) {
    if p.answer.quantified_result != pred.quantified_result {
        let verdict = if p.answer.quantified_result {
            "missed"
        } else {
            "false"
        };
        let _ = writeln!(
            out,
            "Quantified {verdict}: {} (author {}, {:?})",
            p.answer.id, p.answer.author, p.answer.kind
        );
        let index = TextIndex::new(&p.answer.text);
        let chars: Vec<char> = p.answer.text.chars().collect();
        let results = p.answer.role_spans(Role::Result);
        for (u, &(a, b)) in p.unit_chars.iter().enumerate() {
            let labelled = results.iter().any(|r| a < r.1 && r.0 < b);
            let model = pred.unit_roles.get(u).copied().unwrap_or(Role::None);
            let judged = pred
                .elements
                .get(&Element::Result)
                .is_some_and(|f| f.contains(&(a, b)));
            let found = super::quantity::unit_quantities(&index, u);
            if (labelled || judged) || !found.is_empty() {
                let text: String = chars[a..b.min(chars.len())].iter().collect();
                let _ = writeln!(
                    out,
                    "    gold {:?} / model {model:?}{}{} quantities {found:?}: {}",
                    p.gold_roles[u],
                    if labelled { " [labelled R]" } else { "" },
                    if judged { " [found R]" } else { "" },
                    text.trim()
                );
            }
        }
    }
    if !p.answer.kind.expects_story() {
        return;
    }
    for element in Element::ALL {
        let role = Role::of_element(element);
        let gold = p.answer.role_spans(role);
        let found = pred.elements.get(&element).cloned().unwrap_or_default();
        let overlaps =
            |x: &(usize, usize), ys: &[(usize, usize)]| ys.iter().any(|y| x.0 < y.1 && y.0 < x.1);
        let verdict = match (gold.is_empty(), found.is_empty()) {
            (true, true) => continue,
            (false, true) => "missed",
            (true, false) => "false",
            (false, false) if found.iter().any(|f| overlaps(f, &gold)) => continue,
            (false, false) => "elsewhere",
        };
        let _ = writeln!(
            out,
            "{element:?} {verdict}: {} (author {}, {:?})",
            p.answer.id, p.answer.author, p.answer.kind
        );
        let chars: Vec<char> = p.answer.text.chars().collect();
        for (u, &(a, b)) in p.unit_chars.iter().enumerate() {
            let labelled = p.gold_roles[u] == role || overlaps(&(a, b), &gold);
            let judged = overlaps(&(a, b), &found);
            if labelled || judged {
                let text: String = chars[a..b.min(chars.len())].iter().collect();
                let _ = writeln!(
                    out,
                    "    gold {:?} / model {:?}{}{}: {}",
                    p.gold_roles[u],
                    pred.unit_roles.get(u).copied().unwrap_or(Role::None),
                    if labelled { " [labelled]" } else { "" },
                    if judged { " [found]" } else { "" },
                    text.trim()
                );
            }
        }
    }
}

/// The lowest threshold whose out-of-fold precision reaches [`NOT_A_STORY_PRECISION`].
fn choose_threshold(oof: &[(bool, f32)]) -> f32 {
    let mut candidates: Vec<f32> = (10..=95).map(|k| k as f32 / 100.0).collect();
    candidates.sort_by(f32::total_cmp);
    for t in candidates {
        let mut c = Counts::default();
        for &(gold, p) in oof {
            bool_count(&mut c, gold, p >= t);
        }
        if c.tp + c.fp > 0 && c.precision() >= NOT_A_STORY_PRECISION {
            return t;
        }
    }
    0.9
}

fn format_table(
    trained_on: &str,
    rows: &[(String, Scores, Scores)],
    test_answers: Option<usize>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Trained on {trained_on}");
    if let Some(n) = test_answers {
        let _ = writeln!(out, "Test split: {n} answers");
    }
    let _ = writeln!(
        out,
        "\n| set | engine | answers | S F1 | T F1 | A F1 | R F1 | L F1 | quantified F1 | not-a-story P | not-a-story R | unit accuracy |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, rules, model) in rows {
        for (engine, s) in [("rules", rules), ("model", model)] {
            let _ = write!(out, "| {name} | {engine} | {} |", s.answers);
            for e in Element::ALL {
                let _ = write!(out, " {:.2} |", s.element(e).f1());
            }
            let _ = writeln!(
                out,
                " {:.2} | {:.2} | {:.2} | {:.2} |",
                s.quantified_result.f1(),
                s.not_a_story.precision(),
                s.not_a_story.recall(),
                if s.units == 0 {
                    1.0
                } else {
                    s.units_right as f64 / s.units as f64
                }
            );
        }
    }
    out
}

/// Path of the checked-in heads in the source tree.
pub fn heads_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/roles/heads.json")
}
