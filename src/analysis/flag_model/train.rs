//! Training of the red-flag heads: `rehearse train-flags` (and `make train-flags`).
//!
//! Rule: train ONLY on the red-flag sets the rules were already tuned on, and on the sets
//! written for training ([`TRAINING_SETS`]: development, held-out, held-out 2, held-out 3,
//! training 1 to 4); held-out 4 to 9 are never read here. Every
//! unit of every answer gets [`super::unit_features`] and six labels (it overlaps a labelled
//! span of that kind; for not answering, the whole answer is labelled). Cross-validation is
//! grouped by set (the development set's two files count as two groups, so nine folds, each
//! holding out one whole set written at one time): it chooses the L2 penalty and the hidden
//! layer (none or [`HIDDEN`] ReLU units) by the mean per-kind F1 of the model alone, per answer,
//! and each kind's threshold as the lowest probability whose out-of-fold precision per answer is
//! at least [`PRECISION_FLOOR`] (the kind is switched off when none reaches it). Heads: six
//! sigmoids on standardised features, class-weighted binary cross-entropy (positives weighted
//! by the square root of the negative-to-positive ratio) with an L2 penalty, full-batch AdamW in
//! candle, deterministic start. Then the heads are trained on every training answer and written
//! to `heads.json`. The printed table puts the rules (tuned on these sets, so optimistic), the
//! model alone and the union side by side, per answer and kind, on the cross-validation.
//! Before the heads, the learned not-answering decision ([`super::not_answering`]) is trained
//! on the same answers ([`train_not_answering`]: nested cross-validation grouped by set, both
//! variants against the relevance rule, adopted by the README's rule) and written to
//! `not_answering.json`; the heads' table then reads the adopted decision out of fold in place
//! of the rule's not answering (the encoder variant in the union).

use super::not_answering::fit::{NaExample, choose, count as na_count, fit as na_fit, nested};
use super::not_answering::{
    ENCODER_FEATURES, NaEngine, NaInputs, NaModel, NaModels, WORD_FEATURES, encoder_features,
    word_features,
};
use super::{FEATURES, FlagHeads, KINDS, decide_from, unit_features};
use crate::analysis::analyze_with_not_answering_inputs;
use crate::analysis::evaluation::Counts;
use crate::analysis::flag_eval::{FlagSet, default_sets};
use crate::analysis::red_flags::{FlagScope, RedFlagKind};
use crate::analysis::roles::heads::Linear;
use crate::analysis::roles::train::{EmbeddingStore, initial_weights, standardiser};
use crate::analysis::text::{CharMap, TextIndex};
use crate::encoder::SentenceEncoder;
use crate::transcript::Transcript;
use candle_core::{DType, Device, Tensor, Var};
use candle_nn::Optimizer;
use std::fmt::Write as _;

/// The sets trained on (names of [`default_sets`]); held-out 4 to 9 are never among them.
/// `training-1` (tests/data/red_flags/training_1) was written for training only: 239 answers
/// with far more varied wordings of every flag, and as many hard negatives. `training-2`
/// (tests/data/red_flags/training_2), also training only: 160 answers aimed at the judge's
/// known weaknesses (blame and bluffing without the obvious words, answers that take up the
/// question in other words), each with hard negatives.
/// `training-3` (tests/data/red_flags/training_3), training only too: 132 answers aimed at
/// not answering (answers to a neighbouring question, talk of the topic with no episode,
/// beside answers in a trade's own words), humble-brags in other words and indirect blame.
/// `training-4` (tests/data/red_flags/training_4), training only, by a new writer: 194 answers
/// aimed at bad-mouthing and humble-brags in many shapes (97 flagged) beside as many hard
/// negatives.
pub const TRAINING_SETS: &[&str] = &[
    "development",
    "held-out",
    "held-out-2",
    "held-out-3",
    "training-1",
    "training-2",
    "training-3",
    "training-4",
];
/// L2 penalties tried by the cross-validation.
const L2_PENALTIES: &[f64] = &[3e-4, 3e-3, 3e-2];
/// Width of the hidden layer when there is one.
pub const HIDDEN: usize = 32;
/// Hidden widths tried (0: logistic regression).
const HIDDEN_WIDTHS: &[usize] = &[0, HIDDEN];
/// Thresholds tried per kind.
const THRESHOLDS: &[f32] = &[
    0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95,
];
/// Out-of-fold precision per answer a kind's threshold must keep.
pub const PRECISION_FLOOR: f64 = 0.9;
const EPOCHS: usize = 300;
const LEARNING_RATE: f64 = 0.01;
/// Threshold that switches a kind off.
const OFF: f32 = 2.0;

/// Errors of training.
#[derive(Debug, thiserror::Error)]
pub enum FlagTrainError {
    #[error(transparent)]
    Data(#[from] crate::analysis::flag_eval::FlagEvalError),
    #[error(transparent)]
    Embed(#[from] crate::analysis::roles::train::TrainError),
    #[error("training failed: {0}")]
    Candle(#[from] candle_core::Error),
    #[error("{0}")]
    Other(String),
}

/// One training answer, featurised.
pub struct Example {
    pub group: String,
    pub features: Vec<Vec<f32>>,
    pub unit_labels: Vec<[bool; 6]>,
    pub gold: [bool; 6],
    /// The rules' flags per kind (answer level; not answering by the relevance rule).
    pub rules: [bool; 6],
    /// What the not-answering decision reads ([`super::not_answering::NaInputs`]).
    pub not_answering: Option<NaInputs>,
    /// The encoder's cosines between the question and the answer
    /// ([`super::question_cosines`]).
    pub cosines: [f32; 2],
}

/// Reads and featurises the training sets.
pub fn prepare(
    encoder: &SentenceEncoder,
    store: &mut EmbeddingStore,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Example>, FlagTrainError> {
    let mut out = Vec::new();
    for (name, dir) in default_sets() {
        if !TRAINING_SETS.contains(&name.as_str()) {
            continue;
        }
        let set = FlagSet::load(&dir)?;
        progress(&format!("{name}: {} answers", set.answers.len()));
        for a in &set.answers {
            let prompt = &set.prompts[a.prompt];
            let index = TextIndex::new(&a.text);
            let mut sentences: Vec<&str> = index
                .units
                .iter()
                .map(|u| &index.text[u.start..u.end])
                .collect();
            if sentences.is_empty() {
                continue;
            }
            sentences.push(&prompt.text);
            let mut vectors = store.embed(encoder, &sentences)?;
            let q = vectors.pop().unwrap_or_default();
            let scope = FlagScope::from_question(&prompt.text, &prompt.signals);
            let features = unit_features(&index, &scope, prompt.kind, &prompt.text, &q, &vectors);
            let chars = CharMap::new(&a.text);
            let unit_labels = index
                .units
                .iter()
                .map(|u| {
                    let (s, e) = (chars.char_at(u.start), chars.char_at(u.end));
                    let mut l = [false; 6];
                    for (k, kind) in KINDS.iter().enumerate() {
                        l[k] = a.flags.iter().any(|f| {
                            f.0 == *kind
                                && (*kind == RedFlagKind::NotAnswering || (f.1 < e && s < f.2))
                        });
                    }
                    l
                })
                .collect();
            let mut gold = [false; 6];
            let mut rules = [false; 6];
            let (fb, not_answering) = analyze_with_not_answering_inputs(
                &Transcript::from_text(&a.text),
                &prompt.context(),
            );
            for (k, kind) in KINDS.iter().enumerate() {
                gold[k] = a.flags.iter().any(|f| f.0 == *kind);
                rules[k] = fb.red_flags.iter().any(|f| f.kind == *kind);
            }
            let group = if name == "development" {
                format!("development/{}", a.file)
            } else {
                name.clone()
            };
            out.push(Example {
                group,
                cosines: super::question_cosines(&q, &vectors),
                features,
                unit_labels,
                gold,
                rules,
                not_answering,
            });
        }
    }
    Ok(out)
}

/// Fits the heads (thresholds left at 0.5) on the units of `train`.
pub fn fit(train: &[&Example], hidden: usize, l2: f64) -> Result<FlagHeads, FlagTrainError> {
    let rows: Vec<&Vec<f32>> = train.iter().flat_map(|e| e.features.iter()).collect();
    let labels: Vec<[bool; 6]> = train.iter().flat_map(|e| e.unit_labels.clone()).collect();
    let n = rows.len();
    if n == 0 {
        return Err(FlagTrainError::Other("no training units".into()));
    }
    let (mean, mut scale) = standardiser(&rows, FEATURES);
    if let Some(last) = scale.last_mut() {
        *last = 1.0;
    }
    let device = Device::Cpu;
    let mut flat = Vec::with_capacity(n * FEATURES);
    for r in &rows {
        for k in 0..FEATURES {
            flat.push((r[k] - mean[k]) / scale[k]);
        }
    }
    let x = Tensor::from_vec(flat, (n, FEATURES), &device)?;
    let kinds = KINDS.len();
    let y: Vec<f32> = labels
        .iter()
        .flat_map(|l| l.iter().map(|b| f32::from(u8::from(*b))))
        .collect();
    let mut positive_weight = [1.0f32; 6];
    for (k, w) in positive_weight.iter_mut().enumerate() {
        let pos = labels.iter().filter(|l| l[k]).count().max(1) as f32;
        let neg = (n as f32 - pos).max(1.0);
        *w = (neg / pos).sqrt();
    }
    let weights: Vec<f32> = labels
        .iter()
        .flat_map(|l| {
            l.iter()
                .enumerate()
                .map(|(k, b)| if *b { positive_weight[k] } else { 1.0 })
                .collect::<Vec<_>>()
        })
        .collect();
    let weight_sum = f64::from(weights.iter().sum::<f32>().max(1e-6));
    let y = Tensor::from_vec(y, (n, kinds), &device)?;
    let row_weights = Tensor::from_vec(weights, (n, kinds), &device)?;
    let inputs = if hidden == 0 { FEATURES } else { hidden };
    let w1 = (hidden > 0)
        .then(|| -> Result<(Var, Var), FlagTrainError> {
            let w = Var::from_tensor(&Tensor::from_vec(
                initial_weights(FEATURES, hidden, 11),
                (FEATURES, hidden),
                &device,
            )?)?;
            Ok((w, Var::zeros(hidden, DType::F32, &device)?))
        })
        .transpose()?;
    let w2 = if hidden > 0 {
        Var::from_tensor(&Tensor::from_vec(
            initial_weights(hidden, kinds, 12),
            (hidden, kinds),
            &device,
        )?)?
    } else {
        Var::zeros((inputs, kinds), DType::F32, &device)?
    };
    let b2 = Var::zeros(kinds, DType::F32, &device)?;
    let mut vars = vec![w2.clone(), b2.clone()];
    if let Some((w, b)) = &w1 {
        vars.push(w.clone());
        vars.push(b.clone());
    }
    let mut opt = candle_nn::AdamW::new(
        vars,
        candle_nn::ParamsAdamW {
            lr: LEARNING_RATE,
            weight_decay: 0.0,
            ..Default::default()
        },
    )?;
    for _ in 0..EPOCHS {
        let h = match &w1 {
            Some((w, b)) => x
                .matmul(w.as_tensor())?
                .broadcast_add(b.as_tensor())?
                .relu()?,
            None => x.clone(),
        };
        let z = h.matmul(w2.as_tensor())?.broadcast_add(b2.as_tensor())?;
        // Stable logistic loss: softplus(z) - y z.
        let softplus = (z.relu()? + ((z.abs()?.neg()?.exp()? + 1.0)?.log()?))?;
        let per = (softplus - (&y * &z)?)?;
        let data = ((per * &row_weights)?.sum_all()? * (1.0 / weight_sum))?;
        let mut penalty = w2.as_tensor().sqr()?.sum_all()?;
        if let Some((w, _)) = &w1 {
            penalty = (penalty + w.as_tensor().sqr()?.sum_all()?)?;
        }
        opt.backward_step(&(data + (penalty * l2)?)?)?;
    }
    let rows_of = |w: &Var| -> Result<Vec<f32>, FlagTrainError> {
        Ok(w.as_tensor()
            .t()?
            .contiguous()?
            .flatten_all()?
            .to_vec1::<f32>()?)
    };
    let (hidden_layer, output) = match &w1 {
        Some((w, b)) => (
            Some(Linear {
                mean,
                scale,
                weights: rows_of(w)?,
                bias: b.as_tensor().to_vec1::<f32>()?,
            }),
            Linear {
                mean: vec![0.0; hidden],
                scale: vec![1.0; hidden],
                weights: rows_of(&w2)?,
                bias: b2.as_tensor().to_vec1::<f32>()?,
            },
        ),
        None => (
            None,
            Linear {
                mean,
                scale,
                weights: rows_of(&w2)?,
                bias: b2.as_tensor().to_vec1::<f32>()?,
            },
        ),
    };
    Ok(FlagHeads {
        trained_on: String::new(),
        hidden: hidden_layer,
        output,
        thresholds: vec![0.5; kinds],
    })
}

/// Answer-level decisions of the model alone, per kind, at the given thresholds.
fn model_decisions(probabilities: &[[f32; 6]], thresholds: &[f32]) -> [bool; 6] {
    let heads_like = FlagHeads {
        trained_on: String::new(),
        hidden: None,
        output: Linear {
            mean: Vec::new(),
            scale: Vec::new(),
            weights: Vec::new(),
            bias: Vec::new(),
        },
        thresholds: thresholds.to_vec(),
    };
    let mut d = [false; 6];
    for f in decide_from(&heads_like, probabilities) {
        if let Some(k) = KINDS.iter().position(|k| *k == f.kind) {
            d[k] = true;
        }
    }
    d
}

/// The union at answer level: a rule or a model flag of the kind; not answering (the rules' or
/// the model's) only when no other kind is flagged.
fn union(rules: &[bool; 6], model: &[bool; 6]) -> [bool; 6] {
    let na = KINDS
        .iter()
        .position(|k| *k == RedFlagKind::NotAnswering)
        .unwrap_or(5);
    let mut u = [false; 6];
    for k in 0..6 {
        if k != na {
            u[k] = rules[k] || model[k];
        }
    }
    let others = (0..6).any(|k| k != na && u[k]);
    u[na] = (rules[na] || model[na]) && !others;
    u
}

fn count(c: &mut Counts, gold: bool, found: bool) {
    match (gold, found) {
        (true, true) => c.tp += 1,
        (true, false) => c.fn_ += 1,
        (false, true) => c.fp += 1,
        (false, false) => {}
    }
}

/// Per kind, the lowest threshold whose out-of-fold precision reaches the floor (OFF if none),
/// and the model-alone counts at it.
fn choose_thresholds(examples: &[Example], oof: &[Vec<[f32; 6]>]) -> (Vec<f32>, Vec<Counts>) {
    let mut thresholds = vec![OFF; 6];
    let mut chosen = vec![Counts::default(); 6];
    for k in 0..6 {
        for &t in THRESHOLDS {
            let mut ts = vec![OFF; 6];
            ts[k] = t;
            let mut c = Counts::default();
            for (e, p) in examples.iter().zip(oof) {
                count(&mut c, e.gold[k], model_decisions(p, &ts)[k]);
            }
            if c.tp > 0 && c.precision() >= PRECISION_FLOOR {
                thresholds[k] = t;
                chosen[k] = c;
                break;
            }
        }
        if thresholds[k] >= OFF {
            let mut c = Counts::default();
            for e in examples {
                count(&mut c, e.gold[k], false);
            }
            chosen[k] = c;
        }
    }
    (thresholds, chosen)
}

/// The position of not answering among [`KINDS`].
fn na_index() -> usize {
    KINDS
        .iter()
        .position(|k| *k == RedFlagKind::NotAnswering)
        .unwrap_or(5)
}

/// The learned not-answering decision's training: both variants' models, the table comparing
/// them with the rule, and each answer's out-of-fold decision per variant.
pub struct NaTraining {
    pub models: NaModels,
    pub table: String,
    /// Out-of-fold decisions of the word-level variant (nested cross-validation).
    pub words: Vec<bool>,
    /// Out-of-fold decisions of the variant that also reads the encoder.
    pub encoder: Vec<bool>,
}

/// Trains and cross-validates the not-answering decision (module docs of
/// [`super::not_answering`]): nested cross-validation grouped by set for each variant, the
/// adoption rule against the relevance rule, then each variant fitted on every answer.
pub fn train_not_answering(examples: &[Example]) -> NaTraining {
    let na = na_index();
    let others = |e: &Example| (0..6).any(|k| k != na && e.rules[k]);
    let inputs: Vec<NaInputs> = examples
        .iter()
        .map(|e| {
            e.not_answering.unwrap_or(NaInputs {
                tests: Default::default(),
                rubric: crate::analysis::rubric::RubricKind::Story,
                parts_share: 0.0,
                elements_share: 0.0,
                words: 0,
                units: 0,
                first_person: 0.0,
                past: 0.0,
                questions: 0,
                has_number: false,
            })
        })
        .collect();
    let encoder_names: Vec<&str> = WORD_FEATURES
        .iter()
        .chain(ENCODER_FEATURES)
        .copied()
        .collect();
    let variant = |x: &dyn Fn(usize) -> Vec<f32>| -> Vec<NaExample> {
        examples
            .iter()
            .enumerate()
            .map(|(i, e)| NaExample {
                group: e.group.clone(),
                x: x(i),
                gold: e.gold[na],
                other_flags: others(e),
            })
            .collect()
    };
    let words_examples = variant(&|i| word_features(&inputs[i]));
    let encoder_examples = variant(&|i| encoder_features(&inputs[i], examples[i].cosines));
    let words_oof = nested(&words_examples, WORD_FEATURES);
    let encoder_oof = nested(&encoder_examples, &encoder_names);

    let mut groups: Vec<String> = examples.iter().map(|e| e.group.clone()).collect();
    groups.sort();
    groups.dedup();
    let counts = |decided: &dyn Fn(usize) -> bool, group: Option<&str>| {
        let mut c = Counts::default();
        for (i, e) in examples.iter().enumerate() {
            if group.is_none_or(|g| e.group == g) {
                na_count(&mut c, e.gold[na], decided(i));
            }
        }
        c
    };
    let rule = counts(&|i| examples[i].rules[na], None);
    let cell = |c: &Counts| format!("{:.2} / {:.2} / {:.2}", c.precision(), c.recall(), c.f1());
    let mut table = String::new();
    let _ = writeln!(
        table,
        "not answering per answer, P / R / F1; nested {}-fold cross-validation grouped by set \
         (penalty and threshold chosen inside each training fold)",
        groups.len()
    );
    let _ = writeln!(
        table,
        "{:<28} {:>7} {:>18} {:>18} {:>18}",
        "fold", "answers", "rule", "learned (words)", "learned (+encoder)"
    );
    for g in &groups {
        let n = examples.iter().filter(|e| &e.group == g).count();
        let _ = writeln!(
            table,
            "{:<28} {:>7} {:>18} {:>18} {:>18}",
            g,
            n,
            cell(&counts(&|i| examples[i].rules[na], Some(g.as_str()))),
            cell(&counts(&|i| words_oof[i], Some(g.as_str()))),
            cell(&counts(&|i| encoder_oof[i], Some(g.as_str())))
        );
    }
    let words_c = counts(&|i| words_oof[i], None);
    let encoder_c = counts(&|i| encoder_oof[i], None);
    let _ = writeln!(
        table,
        "{:<28} {:>7} {:>18} {:>18} {:>18}",
        "all",
        examples.len(),
        cell(&rule),
        cell(&words_c),
        cell(&encoder_c)
    );
    // The adoption rule (README, written before the first run): a higher pooled F1 than the
    // rule's and a precision not below it.
    let beats = |c: &Counts| c.f1() > rule.f1() && c.precision() >= rule.precision();
    let final_model = |variant: &[NaExample], names: &[&str], c: &Counts, label: &str| {
        let refs: Vec<&NaExample> = variant.iter().collect();
        let (l2, threshold, f1) = choose(&refs, names);
        let mut m: NaModel = na_fit(&refs, names, l2);
        m.threshold = threshold;
        m.adopted = beats(c);
        m.cv = format!(
            "{label}: nested CV P / R / F1 {} against the rule's {}; adopted: {}; final L2 {l2}, \
             threshold {threshold} (CV F1 {f1:.3})",
            cell(c),
            cell(&rule),
            m.adopted
        );
        m
    };
    let words_model = final_model(&words_examples, WORD_FEATURES, &words_c, "words");
    let encoder_model = final_model(&encoder_examples, &encoder_names, &encoder_c, "+encoder");
    let _ = writeln!(table, "{}\n{}", words_model.cv, encoder_model.cv);
    let _ = writeln!(
        table,
        "largest weights of the word-level model (standardised):"
    );
    let mut weights: Vec<(f32, &String)> = words_model
        .weights
        .iter()
        .copied()
        .zip(&words_model.features)
        .collect();
    weights.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    for (w, name) in weights.iter().take(8) {
        let _ = writeln!(table, "  {w:+.2} {name}");
    }
    NaTraining {
        models: NaModels {
            trained_on: format!(
                "{} answers of the red-flag sets {}",
                examples.len(),
                TRAINING_SETS.join(", ")
            ),
            words: Some(words_model),
            encoder: Some(encoder_model),
        },
        table,
        words: words_oof,
        encoder: encoder_oof,
    }
}

/// One setting's cross-validation: its score, hidden width, L2, thresholds and out-of-fold
/// probabilities per answer and unit.
struct Candidate {
    mean_f1: f64,
    hidden: usize,
    l2: f64,
    thresholds: Vec<f32>,
    oof: Vec<Vec<[f32; 6]>>,
}

/// The outcome of `rehearse train-flags`.
pub struct FlagReport {
    /// The judge's heads (`None` when only the not-answering decision was trained).
    pub heads: Option<FlagHeads>,
    pub not_answering: NaModels,
    pub table: String,
}

/// Reads the data, trains the not-answering decision, cross-validates, trains the final heads
/// (unless `not_answering_only`) and prints the table. The relevance rule must be in force
/// ([`NaEngine::Rules`]): it is the baseline both are compared with. `logistic_only` leaves the
/// hidden layer out of the grid (a sixth of the compute of the 32-unit fits; it lost the
/// cross-validation in the rounds of 2026-12-02 and -03).
pub fn run(
    encoder: &SentenceEncoder,
    not_answering_only: bool,
    logistic_only: bool,
    progress: &mut dyn FnMut(&str),
) -> Result<FlagReport, FlagTrainError> {
    if NaEngine::chosen() != NaEngine::Rules {
        return Err(FlagTrainError::Other(
            "training needs the relevance rule as the not-answering baseline".into(),
        ));
    }
    let mut store = EmbeddingStore::open(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/rehearse-flag-vectors.json"),
    );
    let mut examples = prepare(encoder, &mut store, progress)?;
    store.save()?;
    let na = na_index();
    let learned = train_not_answering(&examples);
    progress(&learned.table);
    if not_answering_only {
        return Ok(FlagReport {
            heads: None,
            not_answering: learned.models,
            table: learned.table,
        });
    }
    // From here on "rules" means the default engine: the rules with the adopted not-answering
    // decision (out of fold); the union reads the encoder variant where it is adopted.
    let words_adopted = learned.models.words.as_ref().is_some_and(|m| m.adopted);
    let encoder_adopted = learned.models.encoder.as_ref().is_some_and(|m| m.adopted);
    let mut union_na = Vec::with_capacity(examples.len());
    for (i, e) in examples.iter_mut().enumerate() {
        if words_adopted {
            e.rules[na] = learned.words[i];
        }
        union_na.push(if encoder_adopted {
            learned.encoder[i]
        } else {
            e.rules[na]
        });
    }
    let mut groups: Vec<String> = examples.iter().map(|e| e.group.clone()).collect();
    groups.sort();
    groups.dedup();
    progress(&format!(
        "{} answers, {} units, folds: {}",
        examples.len(),
        examples.iter().map(|e| e.features.len()).sum::<usize>(),
        groups.join(", ")
    ));
    let mut table = String::new();
    let mut best: Option<Candidate> = None;
    let widths: &[usize] = if logistic_only { &[0] } else { HIDDEN_WIDTHS };
    for &hidden in widths {
        for &l2 in L2_PENALTIES {
            let mut oof: Vec<Vec<[f32; 6]>> = vec![Vec::new(); examples.len()];
            for g in &groups {
                let train: Vec<&Example> = examples.iter().filter(|e| &e.group != g).collect();
                let heads = fit(&train, hidden, l2)?;
                for (i, e) in examples.iter().enumerate() {
                    if &e.group == g {
                        oof[i] = e.features.iter().map(|x| heads.probabilities(x)).collect();
                    }
                }
            }
            let (thresholds, counts) = choose_thresholds(&examples, &oof);
            let mean_f1 = counts.iter().map(Counts::f1).sum::<f64>() / 6.0;
            let line = format!(
                "CV hidden {hidden}, L2 {l2}: model alone mean F1 {mean_f1:.3}, thresholds {:?}",
                thresholds
            );
            progress(&line);
            let _ = writeln!(table, "{line}");
            if best.as_ref().is_none_or(|b| mean_f1 > b.mean_f1) {
                best = Some(Candidate {
                    mean_f1,
                    hidden,
                    l2,
                    thresholds,
                    oof,
                });
            }
        }
    }
    let Candidate {
        hidden,
        l2,
        thresholds,
        oof,
        ..
    } = best.ok_or_else(|| FlagTrainError::Other("no setting was tried".into()))?;

    // The chosen setting's cross-validation, rules against model against union.
    let mut rules_c: [Counts; 6] = std::array::from_fn(|_| Counts::default());
    let mut model_c: [Counts; 6] = std::array::from_fn(|_| Counts::default());
    let mut union_c: [Counts; 6] = std::array::from_fn(|_| Counts::default());
    let mut all = [Counts::default(), Counts::default(), Counts::default()];
    for ((e, p), una) in examples.iter().zip(&oof).zip(&union_na) {
        let m = model_decisions(p, &thresholds);
        let u = union(&with_na(&e.rules, *una), &m);
        for k in 0..6 {
            count(&mut rules_c[k], e.gold[k], e.rules[k]);
            count(&mut model_c[k], e.gold[k], m[k]);
            count(&mut union_c[k], e.gold[k], u[k]);
            count(&mut all[0], e.gold[k], e.rules[k]);
            count(&mut all[1], e.gold[k], m[k]);
            count(&mut all[2], e.gold[k], u[k]);
        }
    }
    let _ = writeln!(
        table,
        "\nchosen: hidden {hidden}, L2 {l2}; per answer P / R on the {}-fold cross-validation \
         (folds = whole sets; the rules were tuned on these sets)",
        groups.len()
    );
    let _ = writeln!(
        table,
        "{:<16} {:>9} {:>14} {:>14} {:>14}",
        "kind", "threshold", "rules", "model alone", "rules + model"
    );
    let cell = |c: &Counts| format!("{:.2} / {:.2}", c.precision(), c.recall());
    for (k, kind) in KINDS.iter().enumerate() {
        let _ = writeln!(
            table,
            "{:<16} {:>9} {:>14} {:>14} {:>14}",
            kind.as_str(),
            if thresholds[k] >= OFF {
                "off".to_string()
            } else {
                format!("{:.2}", thresholds[k])
            },
            cell(&rules_c[k]),
            cell(&model_c[k]),
            cell(&union_c[k])
        );
    }
    let _ = writeln!(
        table,
        "{:<16} {:>9} {:>14} {:>14} {:>14}",
        "all kinds",
        "",
        cell(&all[0]),
        cell(&all[1]),
        cell(&all[2])
    );

    // Each fold on its own (the chosen setting, thresholds of the pooled cross-validation):
    // shows whether a set written in other words is judged as well as the others.
    let _ = writeln!(
        table,
        "\nper fold, all kinds per answer P / R (each set judged by heads trained without it)"
    );
    let _ = writeln!(
        table,
        "{:<28} {:>7} {:>14} {:>14} {:>14}",
        "fold", "answers", "rules", "model alone", "rules + model"
    );
    for g in &groups {
        let mut fold = [Counts::default(), Counts::default(), Counts::default()];
        let mut answers = 0;
        for ((e, p), una) in examples
            .iter()
            .zip(&oof)
            .zip(&union_na)
            .filter(|((e, _), _)| &e.group == g)
        {
            answers += 1;
            let m = model_decisions(p, &thresholds);
            let u = union(&with_na(&e.rules, *una), &m);
            for k in 0..6 {
                count(&mut fold[0], e.gold[k], e.rules[k]);
                count(&mut fold[1], e.gold[k], m[k]);
                count(&mut fold[2], e.gold[k], u[k]);
            }
        }
        let _ = writeln!(
            table,
            "{:<28} {:>7} {:>14} {:>14} {:>14}",
            g,
            answers,
            cell(&fold[0]),
            cell(&fold[1]),
            cell(&fold[2])
        );
    }

    progress(&format!(
        "training the final heads on all {} answers",
        examples.len()
    ));
    let every: Vec<&Example> = examples.iter().collect();
    let mut heads = fit(&every, hidden, l2)?;
    heads.thresholds = thresholds;
    heads.trained_on = format!(
        "{} answers ({} units) of the red-flag sets {}; hidden {hidden}, L2 {l2}; thresholds by \
         {}-fold cross-validation grouped by set at precision >= {PRECISION_FLOOR}",
        examples.len(),
        every.iter().map(|e| e.features.len()).sum::<usize>(),
        TRAINING_SETS.join(", "),
        groups.len()
    );
    let table = format!("{}\n{table}", learned.table);
    Ok(FlagReport {
        heads: Some(heads),
        not_answering: learned.models,
        table,
    })
}

/// The rules' flags with not answering replaced by `na`.
fn with_na(rules: &[bool; 6], na: bool) -> [bool; 6] {
    let mut r = *rules;
    r[na_index()] = na;
    r
}

/// Where `rehearse train-flags` writes the not-answering models (the source checkout).
pub fn not_answering_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/analysis/flag_model/not_answering.json")
}

/// Where `rehearse train-flags` writes the heads (the source checkout).
pub fn heads_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/flag_model/heads.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_union_keeps_not_answering_for_answers_with_no_other_flag() {
        let none = [false; 6];
        let mut model_na = [false; 6];
        model_na[5] = true;
        assert_eq!(union(&none, &model_na), model_na);
        let mut rules_blame = [false; 6];
        rules_blame[0] = true;
        let u = union(&rules_blame, &model_na);
        assert!(u[0] && !u[5]);
    }

    #[test]
    fn held_out_4_to_9_are_never_trained_on() {
        assert!(!TRAINING_SETS.contains(&"held-out-4"));
        assert!(!TRAINING_SETS.contains(&"held-out-5"));
        assert!(!TRAINING_SETS.contains(&"held-out-6"));
        assert!(!TRAINING_SETS.contains(&"held-out-7"));
        assert!(!TRAINING_SETS.contains(&"held-out-8"));
        assert!(!TRAINING_SETS.contains(&"held-out-9"));
        assert!(TRAINING_SETS.contains(&"training-1"));
        assert!(TRAINING_SETS.contains(&"training-2"));
        assert!(TRAINING_SETS.contains(&"training-3"));
        assert!(TRAINING_SETS.contains(&"training-4"));
        let names: Vec<String> = default_sets().into_iter().map(|(n, _)| n).collect();
        for t in TRAINING_SETS {
            assert!(names.iter().any(|n| n == t), "{t}");
        }
    }
}
