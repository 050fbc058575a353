//! Evaluation of red flags and prompt signals against labelled answers.
//!
//! Rules: a labelled set is a folder with `prompts.toml` (the questions, each with its kind,
//! text, signals and optional framework and targets) and one or more answer files (`*.toml`,
//! one `[[answer]]` table each: `id`, `prompt`, `signals` as one true/false per signal of the
//! prompt, and `text` with `[kind|words]` around the words that carry each red flag). The
//! markup is removed and whitespace collapsed before analysis; the spans become character
//! offsets into the clean text.
//!
//! Scoring: *per answer and kind* (the headline): an answer labelled with a kind of flag and
//! given at least one flag of that kind is a true positive; flagged but not labelled is a false
//! positive; labelled but not flagged a false negative. *Per span*: a detected flag is correct
//! when it overlaps a labelled span of its kind; a labelled span is found when a detected flag
//! of its kind overlaps it (not answering is one span per answer). *Signals*: each (answer,
//! signal) pair, "present" as the positive class.
//!
//! The sets live in the repository (tests/data/red_flags), not in the program: `rehearse eval`
//! reads them from disk.

use super::evaluation::Counts;
use super::red_flags::RedFlagKind;
use super::{AnswerContext, Feedback, analyze};
use crate::domain::{PromptKind, ReplyStep};
use crate::transcript::Transcript;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Where the repository keeps the labelled red-flag set (the development answers; the
/// held-out answers are in its `held_out/`, `held_out_2/`, `held_out_3/`, `held_out_4/`,
/// `held_out_5/`, `held_out_6/`, `held_out_7/`, `held_out_8/` and `held_out_9/` folders, the
/// training-only answers in `training_1/`, `training_2/`, `training_3/` and `training_4/`).
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/red_flags")
}

/// The bundled sets: (name, folder). `held_out_2` was written after the first held-out set had
/// been looked at, and before the detectors were generalised; `held_out_3` was written and
/// committed before any detector ran on it, and only its summary figures are read (README,
/// "Red flags"); `held_out_4` was written and landed before the detector changes of 2026-12-02
/// and is measured once, after them; `held_out_5` was written and landed on 2026-12-02 before
/// the learned red-flag judge was trained or any detector changed that session (summary
/// figures only); `held_out_6` was written and landed on 2026-12-02, untouched: before any
/// detector or model ran on it (summary figures only, never trained on); `held_out_7` was
/// written and landed on 2026-12-03, untouched in the same way, to be measured once after that
/// day's changes are final; `held_out_8` was written and landed on 2026-12-03 by a new writer,
/// untouched in the same way (no detector, judge or model has run on it), for the next
/// measurement; `held_out_9` was written and landed later on 2026-12-03 by another new writer,
/// who read none of the detector's rules, untouched in the same way, for a measurement after
/// that. `training_1` is no
/// measurement: it was written on 2026-12-02 to train the learned red-flag judge on more varied
/// wordings (`flag_model::train::TRAINING_SETS`), and may be read in full; so is `training_2`,
/// written on 2026-12-03 for the judge's known weaknesses (blame and bluffing without the
/// obvious words, answers that take up the question in other words), `training_3`, written
/// later that day for not answering, humble-brags in other words and indirect blame, and
/// `training_4`, written that evening by a new writer for bad-mouthing and humble-brags in many
/// shapes (polite, sarcastic, faint praise, outside the weakness question) beside as many hard
/// negatives.
pub fn default_sets() -> Vec<(String, PathBuf)> {
    let dev = default_dir();
    let held_out = dev.join("held_out");
    let held_out_2 = dev.join("held_out_2");
    let held_out_3 = dev.join("held_out_3");
    let held_out_4 = dev.join("held_out_4");
    let held_out_5 = dev.join("held_out_5");
    let held_out_6 = dev.join("held_out_6");
    let held_out_7 = dev.join("held_out_7");
    let held_out_8 = dev.join("held_out_8");
    let held_out_9 = dev.join("held_out_9");
    let training_1 = dev.join("training_1");
    let training_2 = dev.join("training_2");
    let training_3 = dev.join("training_3");
    let training_4 = dev.join("training_4");
    vec![
        ("development".to_string(), dev),
        ("held-out".to_string(), held_out),
        ("held-out-2".to_string(), held_out_2),
        ("held-out-3".to_string(), held_out_3),
        ("held-out-4".to_string(), held_out_4),
        ("held-out-5".to_string(), held_out_5),
        ("held-out-6".to_string(), held_out_6),
        ("held-out-7".to_string(), held_out_7),
        ("held-out-8".to_string(), held_out_8),
        ("held-out-9".to_string(), held_out_9),
        ("training-1".to_string(), training_1),
        ("training-2".to_string(), training_2),
        ("training-3".to_string(), training_3),
        ("training-4".to_string(), training_4),
    ]
}

#[derive(Debug, thiserror::Error)]
pub enum FlagEvalError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid labelled file: {source}")]
    Toml {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("answer {id}: {problem}")]
    Answer { id: String, problem: String },
}

#[derive(Debug, Deserialize)]
struct RawPrompts {
    prompt: Vec<LabelledPrompt>,
}

/// A question of the labelled set.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledPrompt {
    pub id: String,
    pub kind: PromptKind,
    pub text: String,
    #[serde(default)]
    pub signals: Vec<String>,
    #[serde(default)]
    pub framework: Vec<ReplyStep>,
    #[serde(default)]
    pub target_seconds: Option<(u32, u32)>,
    #[serde(default)]
    pub target_words: Option<(u32, u32)>,
}

impl LabelledPrompt {
    pub fn context(&self) -> AnswerContext {
        let mut ctx = AnswerContext::for_kind(self.kind);
        ctx.prompt_text = self.text.clone();
        ctx.signals = self.signals.clone();
        if !self.framework.is_empty() {
            ctx.framework = self.framework.clone();
        }
        if self.target_seconds.is_some() {
            ctx.target_seconds = self.target_seconds;
        }
        ctx.target_words = self.target_words;
        ctx
    }
}

#[derive(Debug, Deserialize)]
struct RawAnswers {
    answer: Vec<RawAnswer>,
}

#[derive(Debug, Deserialize)]
struct RawAnswer {
    id: String,
    prompt: String,
    signals: Vec<bool>,
    text: String,
}

/// One labelled answer, markup removed.
#[derive(Debug, Clone, PartialEq)]
pub struct FlaggedAnswer {
    pub id: String,
    pub prompt: usize,
    pub text: String,
    /// (kind, start_char, end_char)
    pub flags: Vec<(RedFlagKind, usize, usize)>,
    pub signals: Vec<bool>,
    /// The file the answer was read from (its name only), so training can group by it.
    pub file: String,
}

#[derive(Debug, Clone)]
pub struct FlagSet {
    pub prompts: Vec<LabelledPrompt>,
    pub answers: Vec<FlaggedAnswer>,
}

fn read(path: &Path) -> Result<String, FlagEvalError> {
    std::fs::read_to_string(path).map_err(|source| FlagEvalError::Read {
        path: path.to_path_buf(),
        source,
    })
}

impl FlagSet {
    /// Reads `prompts.toml` (from `dir`, or else its parent) and every other `*.toml` of `dir`
    /// (sorted by name; sub-folders such as `held_out/` are separate sets).
    pub fn load(dir: &Path) -> Result<Self, FlagEvalError> {
        let here = dir.join("prompts.toml");
        let prompts_path = match dir.parent() {
            Some(parent) if !here.is_file() => parent.join("prompts.toml"),
            _ => here,
        };
        let prompts: RawPrompts =
            toml::from_str(&read(&prompts_path)?).map_err(|source| FlagEvalError::Toml {
                path: prompts_path.clone(),
                source,
            })?;
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|source| FlagEvalError::Read {
                path: dir.to_path_buf(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "toml")
                    && p.file_name().is_some_and(|n| n != "prompts.toml")
            })
            .collect();
        files.sort();
        let mut answers = Vec::new();
        for path in files {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let raw: RawAnswers =
                toml::from_str(&read(&path)?).map_err(|source| FlagEvalError::Toml {
                    path: path.clone(),
                    source,
                })?;
            for a in raw.answer {
                answers.push(Self::answer(&prompts.prompt, a, &file)?);
            }
        }
        Ok(FlagSet {
            prompts: prompts.prompt,
            answers,
        })
    }

    fn answer(
        prompts: &[LabelledPrompt],
        a: RawAnswer,
        file: &str,
    ) -> Result<FlaggedAnswer, FlagEvalError> {
        let fail = |problem: String| FlagEvalError::Answer {
            id: a.id.clone(),
            problem,
        };
        let prompt = prompts
            .iter()
            .position(|p| p.id == a.prompt)
            .ok_or_else(|| fail(format!("no prompt `{}` in prompts.toml", a.prompt)))?;
        if a.signals.len() != prompts[prompt].signals.len() {
            return Err(fail(format!(
                "{} signal labels for a prompt with {} signals",
                a.signals.len(),
                prompts[prompt].signals.len()
            )));
        }
        let (text, flags) = strip_flags(&a.text).map_err(fail)?;
        Ok(FlaggedAnswer {
            id: a.id,
            prompt,
            text,
            flags,
            signals: a.signals,
            file: file.to_string(),
        })
    }
}

type StrippedFlags = (String, Vec<(RedFlagKind, usize, usize)>);

/// Removes `[kind|...]` markup and collapses whitespace; returns the clean text and the spans.
pub fn strip_flags(marked: &str) -> Result<StrippedFlags, String> {
    let mut text = String::new();
    let mut count = 0usize;
    let mut flags = Vec::new();
    let mut open: Option<(RedFlagKind, usize)> = None;
    let mut pending_space = false;
    let mut chars = marked.chars();
    while let Some(c) = chars.next() {
        if c == '[' {
            let kind: String = chars.by_ref().take_while(|&x| x != '|').collect();
            let kind = RedFlagKind::parse(kind.trim())
                .ok_or_else(|| format!("unknown red flag kind `{kind}`"))?;
            if open.is_some() {
                return Err("nested [".into());
            }
            if pending_space && !text.is_empty() {
                text.push(' ');
                count += 1;
                pending_space = false;
            }
            open = Some((kind, count));
            continue;
        }
        if c == ']' {
            let (kind, start) = open.take().ok_or("] without [")?;
            flags.push((kind, start, count));
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !text.is_empty() {
            text.push(' ');
            count += 1;
        }
        pending_space = false;
        text.push(c);
        count += 1;
    }
    if open.is_some() {
        return Err("[ is never closed".into());
    }
    Ok((text, flags))
}

/// The figures of one evaluation.
#[derive(Debug, Clone, Default)]
pub struct FlagEvalResult {
    pub answers: usize,
    pub flagged_answers: usize,
    /// Per answer and kind, all kinds together.
    pub by_answer: Counts,
    /// Per answer, for each kind.
    pub by_kind: Vec<(RedFlagKind, Counts)>,
    /// Per span: detected flags that overlap a label (precision side) and labels found (recall
    /// side).
    pub span_precision: (usize, usize),
    pub span_recall: (usize, usize),
    pub signals: Counts,
    pub signals_absent: Counts,
    pub disagreements: Vec<String>,
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

pub fn evaluate(set: &FlagSet) -> FlagEvalResult {
    let mut r = FlagEvalResult {
        by_kind: RedFlagKind::ALL
            .iter()
            .map(|k| (*k, Counts::default()))
            .collect(),
        ..FlagEvalResult::default()
    };
    for answer in &set.answers {
        let prompt = &set.prompts[answer.prompt];
        let fb: Feedback = analyze(
            &Transcript::from_text(&answer.text),
            None,
            &prompt.context(),
        );
        r.answers += 1;
        r.flagged_answers += usize::from(!answer.flags.is_empty());
        for (kind, counts) in r.by_kind.iter_mut() {
            let gold = answer.flags.iter().any(|f| f.0 == *kind);
            let found = fb.red_flags.iter().any(|f| f.kind == *kind);
            match (gold, found) {
                (true, true) => {
                    counts.tp += 1;
                    r.by_answer.tp += 1;
                }
                (false, true) => {
                    counts.fp += 1;
                    r.by_answer.fp += 1;
                    let words: Vec<&str> = fb
                        .red_flags
                        .iter()
                        .filter(|f| f.kind == *kind)
                        .map(|f| match f.why.split_once(" Here ") {
                            // Not answering: which test found it, not the whole answer.
                            Some((_, reason)) if f.kind == RedFlagKind::NotAnswering => reason,
                            _ => f.text.as_str(),
                        })
                        .collect();
                    r.disagreements.push(format!(
                        "{}: flagged {} not labelled: {words:?}",
                        answer.id,
                        kind.as_str()
                    ));
                }
                (true, false) => {
                    counts.fn_ += 1;
                    r.by_answer.fn_ += 1;
                    r.disagreements
                        .push(format!("{}: missed {}", answer.id, kind.as_str()));
                }
                (false, false) => {}
            }
        }
        for f in &fb.red_flags {
            r.span_precision.1 += 1;
            if answer
                .flags
                .iter()
                .any(|g| g.0 == f.kind && overlaps((g.1, g.2), (f.start_char, f.end_char)))
            {
                r.span_precision.0 += 1;
            }
        }
        for g in &answer.flags {
            r.span_recall.1 += 1;
            if fb
                .red_flags
                .iter()
                .any(|f| g.0 == f.kind && overlaps((g.1, g.2), (f.start_char, f.end_char)))
            {
                r.span_recall.0 += 1;
            }
        }
        for (k, gold) in answer.signals.iter().enumerate() {
            let Some(found) = fb.signals.get(k) else {
                continue;
            };
            let (sig, absent) = (&mut r.signals, &mut r.signals_absent);
            match (*gold, found.present) {
                (true, true) => {
                    sig.tp += 1;
                }
                (false, false) => absent.tp += 1,
                (false, true) => {
                    sig.fp += 1;
                    absent.fn_ += 1;
                    r.disagreements.push(format!(
                        "{}: signal \"{}\" judged present ({}), labelled absent",
                        answer.id, found.signal, found.judged_by
                    ));
                }
                (true, false) => {
                    sig.fn_ += 1;
                    absent.fp += 1;
                    r.disagreements.push(format!(
                        "{}: signal \"{}\" judged absent ({}), labelled present",
                        answer.id, found.signal, found.judged_by
                    ));
                }
            }
        }
    }
    r
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl FlagEvalResult {
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut o = String::new();
        let _ = writeln!(
            o,
            "{} answers, {} with a red flag",
            self.answers, self.flagged_answers
        );
        let _ = writeln!(
            o,
            "{:<28} {:>4} {:>4} {:>4} {:>9} {:>7}",
            "red flags (per answer)", "tp", "fp", "fn", "precision", "recall"
        );
        let row = |o: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                o,
                "{:<28} {:>4} {:>4} {:>4} {:>9.2} {:>7.2}",
                name,
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall()
            );
        };
        for (kind, c) in &self.by_kind {
            row(&mut o, &format!("  {}", kind.as_str()), c);
        }
        row(&mut o, "  all kinds", &self.by_answer);
        let _ = writeln!(
            o,
            "{:<28} {:>14} {:>9.2} {:>7.2}",
            "red flags (per span)",
            format!(
                "{}/{} {}/{}",
                self.span_precision.0,
                self.span_precision.1,
                self.span_recall.0,
                self.span_recall.1
            ),
            ratio(self.span_precision.0, self.span_precision.1),
            ratio(self.span_recall.0, self.span_recall.1)
        );
        row(&mut o, "signals (present)", &self.signals);
        row(&mut o, "signals (absent)", &self.signals_absent);
        o
    }
}

/// One row per kind (and all kinds, per span, signals) and one column per set, each cell
/// "precision / recall (labelled answers)": the README's table, as `rehearse eval` prints it.
pub fn summary_table(results: &[(String, FlagEvalResult)]) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let cell = |c: &Counts| {
        format!(
            "{:.2} / {:.2} ({})",
            c.precision(),
            c.recall(),
            c.tp + c.fn_
        )
    };
    let _ = write!(o, "{:<24}", "P / R (labelled)");
    for (name, r) in results {
        let _ = write!(o, " {:>20}", format!("{name} ({})", r.answers));
    }
    o.push('\n');
    let mut row = |name: &str, f: &dyn Fn(&FlagEvalResult) -> String| {
        let _ = write!(o, "{name:<24}");
        for (_, r) in results {
            let _ = write!(o, " {:>20}", f(r));
        }
        o.push('\n');
    };
    for (i, kind) in RedFlagKind::ALL.iter().enumerate() {
        row(kind.as_str(), &|r| {
            r.by_kind
                .get(i)
                .filter(|(k, _)| k == kind)
                .map_or_else(String::new, |(_, c)| cell(c))
        });
    }
    row("all kinds, per answer", &|r| cell(&r.by_answer));
    row("per span", &|r| {
        format!(
            "{:.2} / {:.2}",
            ratio(r.span_precision.0, r.span_precision.1),
            ratio(r.span_recall.0, r.span_recall.1)
        )
    });
    row("signals present", &|r| cell(&r.signals));
    row("signals absent", &|r| cell(&r.signals_absent));
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many answers of `set` carry a flag of `kind`.
    fn answers_flagged(set: &FlagSet, kind: RedFlagKind) -> usize {
        set.answers
            .iter()
            .filter(|a| a.flags.iter().any(|f| f.0 == kind))
            .count()
    }

    #[test]
    fn markup_becomes_clean_text_and_char_spans() {
        let (text, flags) = strip_flags("It  was [blame|their\n fault], Ångström.").unwrap();
        assert_eq!(text, "It was their fault, Ångström.");
        assert_eq!(flags, [(RedFlagKind::Blame, 7, 18)]);
        assert!(strip_flags("[oops|x]").is_err());
        assert!(strip_flags("[blame|x").is_err());
    }

    /// The labelled set meets the targets (precision >= 0.9, recall >= 0.85) per answer
    /// and kind, and the signals are judged with precision >= 0.85. The set was labelled
    /// before the detectors were written but the detectors were then developed on it: these
    /// are development figures (README, "Red flags"); the held-out figures are in the README.
    #[test]
    fn the_labelled_red_flag_set_meets_the_targets() {
        let set = FlagSet::load(&default_dir()).unwrap();
        assert!(set.answers.len() >= 80);
        assert!(
            set.answers.iter().filter(|a| !a.flags.is_empty()).count() * 2 >= set.answers.len()
        );
        let r = evaluate(&set);
        let table = r.table();
        assert!(
            r.by_answer.precision() >= 0.9,
            "{table}\n{:#?}",
            r.disagreements
        );
        assert!(
            r.by_answer.recall() >= 0.85,
            "{table}\n{:#?}",
            r.disagreements
        );
        assert!(
            r.signals.precision() >= 0.85,
            "{table}\n{:#?}",
            r.disagreements
        );
    }

    /// Prints, for the sets the rules were developed on (never held-out 4), each answer's
    /// encoder similarity to its question and its closest other common question: the figures
    /// `relevance::ENCODER_MIN` and `ANOTHER_QUESTION_MARGIN` were calibrated from. Run by hand:
    /// `cargo test --lib relevance_margins -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn relevance_margins() {
        use crate::analysis::relevance::{ELSEWHERE, EncoderSimilarity, QuestionSimilarity};
        let Some(enc) = EncoderSimilarity::installed() else {
            return;
        };
        for (name, dir) in default_sets().into_iter().take(4) {
            let set = FlagSet::load(&dir).unwrap();
            for a in &set.answers {
                let p = &set.prompts[a.prompt];
                let own = enc.similarity(&p.text, &a.text);
                let (best, other) = ELSEWHERE
                    .iter()
                    .filter(|q| {
                        enc.similarity(&p.text, q) < crate::analysis::relevance::SAME_QUESTION
                    })
                    .map(|q| (*q, enc.similarity(q, &a.text)))
                    .max_by(|x, y| x.1.total_cmp(&y.1))
                    .unwrap_or(("", 0.0));
                let na = a.flags.iter().any(|f| f.0 == RedFlagKind::NotAnswering);
                println!(
                    "{name}\t{}\t{na}\t{own:.3}\t{other:.3}\t{:.3}\t{best}",
                    a.id,
                    other - own
                );
            }
        }
    }

    /// The held-out sets load (every answer labels every signal of its question) and are about
    /// half flagged. Their figures are reported in the README, not asserted: a threshold here
    /// would make them a tuning target.
    #[test]
    fn the_held_out_sets_load_and_are_about_half_flagged() {
        for (name, dir) in default_sets()
            .into_iter()
            .filter(|(n, _)| n.starts_with("held-out"))
        {
            let set = FlagSet::load(&dir).unwrap();
            let flagged = set.answers.iter().filter(|a| !a.flags.is_empty()).count();
            assert!(set.answers.len() >= 25, "{name}");
            assert!(
                flagged * 5 >= set.answers.len() * 2 && flagged * 5 <= set.answers.len() * 3,
                "{name}: {flagged} of {}",
                set.answers.len()
            );
        }
        let second = FlagSet::load(&default_dir().join("held_out_2")).unwrap();
        assert!(second.answers.len() >= 60);
        for kind in RedFlagKind::ALL {
            assert!(
                second
                    .answers
                    .iter()
                    .any(|a| a.flags.iter().any(|f| f.0 == kind)),
                "held_out_2 has no {kind:?}"
            );
        }
    }

    /// The training set written for the learned red-flag judge loads, is registered, is about
    /// half flagged, and holds what it was written for: at least 160 answers, 30 or more with
    /// blame and with bad-mouthing, 20 or more not answering, 15 or more of every other kind.
    #[test]
    fn the_training_set_loads_and_covers_every_kind() {
        let dir = default_dir().join("training_1");
        assert!(
            default_sets()
                .iter()
                .any(|(n, d)| *d == dir && n == "training-1")
        );
        let set = FlagSet::load(&dir).unwrap();
        assert!(set.answers.len() >= 160, "{}", set.answers.len());
        let flagged = set.answers.iter().filter(|a| !a.flags.is_empty()).count();
        assert!(
            flagged * 5 >= set.answers.len() * 2 && flagged * 5 <= set.answers.len() * 3,
            "{flagged} of {}",
            set.answers.len()
        );
        for kind in RedFlagKind::ALL {
            let n = answers_flagged(&set, kind);
            let least = match kind {
                RedFlagKind::Blame | RedFlagKind::BadMouthing => 30,
                RedFlagKind::NotAnswering => 20,
                _ => 15,
            };
            assert!(n >= least, "training_1 has {n} answers flagged {kind:?}");
        }
    }

    /// The second training set loads, is registered, and holds what it was written for: at
    /// least 150 answers, 30 or more with blame, 20 or more with bluffing, 10 or more not
    /// answering, and at least 30 answers that take up the question with no flag at all (the
    /// not-answering hard negatives), while fewer than 60% are flagged.
    #[test]
    fn the_second_training_set_loads_and_covers_its_targets() {
        let dir = default_dir().join("training_2");
        assert!(
            default_sets()
                .iter()
                .any(|(n, d)| *d == dir && n == "training-2")
        );
        let set = FlagSet::load(&dir).unwrap();
        assert!(set.answers.len() >= 150, "{}", set.answers.len());
        let flagged = set.answers.iter().filter(|a| !a.flags.is_empty()).count();
        assert!(
            flagged * 5 < set.answers.len() * 3,
            "{flagged} of {}",
            set.answers.len()
        );
        assert!(set.answers.len() - flagged >= 30);
        for (kind, least) in [
            (RedFlagKind::Blame, 30),
            (RedFlagKind::Bluffing, 20),
            (RedFlagKind::NotAnswering, 10),
        ] {
            let n = answers_flagged(&set, kind);
            assert!(n >= least, "training_2 has {n} answers flagged {kind:?}");
        }
    }

    #[test]
    fn the_third_training_set_loads_and_covers_its_targets() {
        let dir = default_dir().join("training_3");
        assert!(
            default_sets()
                .iter()
                .any(|(n, d)| *d == dir && n == "training-3")
        );
        let set = FlagSet::load(&dir).unwrap();
        assert!(set.answers.len() >= 100, "{}", set.answers.len());
        let flagged = set.answers.iter().filter(|a| !a.flags.is_empty()).count();
        // Hard negatives beside the flags: at least 40 clean answers.
        assert!(set.answers.len() - flagged >= 40);
        for (kind, least) in [
            (RedFlagKind::NotAnswering, 35),
            (RedFlagKind::HumbleBrag, 15),
            (RedFlagKind::Blame, 15),
        ] {
            let n = answers_flagged(&set, kind);
            assert!(n >= least, "training_3 has {n} answers flagged {kind:?}");
        }
    }

    /// The counts a bundled set was landed with: questions (all asked), answers, flagged
    /// answers, labelled spans and answers per kind in [`RedFlagKind::ALL`] order.
    struct LandedCounts {
        name: &'static str,
        folder: &'static str,
        prompts: usize,
        answers: usize,
        flagged: usize,
        spans: usize,
        per_kind: [usize; 6],
    }

    /// Loads the set in `counts.folder`, checks it is registered under `counts.name` and still
    /// has the counts it was landed with, and that every span lies inside its answer (a
    /// not-answering span covering the whole answer). Only the loader runs.
    fn assert_landed_counts(counts: &LandedCounts) {
        let dir = default_dir().join(counts.folder);
        assert!(
            default_sets()
                .iter()
                .any(|(n, d)| *d == dir && n == counts.name),
            "{} is not registered",
            counts.name
        );
        let set = FlagSet::load(&dir).unwrap();
        assert_eq!(set.prompts.len(), counts.prompts);
        let mut asked: Vec<usize> = set.answers.iter().map(|a| a.prompt).collect();
        asked.sort_unstable();
        asked.dedup();
        assert_eq!(asked.len(), counts.prompts);
        assert_eq!(set.answers.len(), counts.answers);
        let flagged = set.answers.iter().filter(|a| !a.flags.is_empty()).count();
        assert_eq!(flagged, counts.flagged);
        let spans: usize = set.answers.iter().map(|a| a.flags.len()).sum();
        assert_eq!(spans, counts.spans);
        let per_kind: Vec<(RedFlagKind, usize)> = RedFlagKind::ALL
            .iter()
            .map(|&k| (k, answers_flagged(&set, k)))
            .collect();
        let expected: Vec<(RedFlagKind, usize)> = RedFlagKind::ALL
            .iter()
            .copied()
            .zip(counts.per_kind)
            .collect();
        assert_eq!(per_kind, expected);
        for a in &set.answers {
            for &(kind, start, end) in &a.flags {
                assert!(start < end && end <= a.text.chars().count(), "{}", a.id);
                if kind == RedFlagKind::NotAnswering {
                    assert_eq!((start, end), (0, a.text.chars().count()), "{}", a.id);
                }
            }
        }
    }

    /// The fourth training set (written 2026-12-03 by a new writer for bad-mouthing and
    /// humble-brags in many shapes, with blame, not answering and hard negatives) is registered
    /// as "training-4", is trained on and never held out, and loads with the counts it was
    /// landed with: 40 questions, all asked; 194 answers, 97 of them flagged; 98 labelled spans;
    /// answers per kind as below. An edit to its answers or labels shows here.
    #[test]
    fn the_fourth_training_set_loads_with_its_labelled_counts() {
        assert!(crate::analysis::flag_model::train::TRAINING_SETS.contains(&"training-4"));
        assert_landed_counts(&LandedCounts {
            name: "training-4",
            folder: "training_4",
            prompts: 40,
            answers: 194,
            flagged: 97,
            spans: 98,
            // blame, bad-mouthing, caving, bluffing, humble-brag, not answering
            per_kind: [13, 44, 0, 0, 31, 10],
        });
    }

    /// The third to ninth held-out sets are at least 90 answers each with at least eight
    /// flagged answers of every kind (the fifth at least nine, the sixth and the eighth at least
    /// ten, the ninth at least thirteen), and are listed among the bundled sets (so
    /// `rehearse eval` prints them).
    #[test]
    fn the_third_and_fourth_held_out_sets_load_and_cover_every_kind() {
        for (folder, least) in [
            ("held_out_3", 8),
            ("held_out_4", 8),
            ("held_out_5", 9),
            ("held_out_6", 10),
            ("held_out_7", 8),
            ("held_out_8", 10),
            ("held_out_9", 13),
        ] {
            let dir = default_dir().join(folder);
            assert!(default_sets().iter().any(|(_, d)| *d == dir), "{folder}");
            let set = FlagSet::load(&dir).unwrap();
            assert!(set.answers.len() >= 90, "{folder}: {}", set.answers.len());
            for kind in RedFlagKind::ALL {
                let n = answers_flagged(&set, kind);
                assert!(n >= least, "{folder} has {n} answers flagged {kind:?}");
            }
        }
    }

    /// The eighth held-out set (written 2026-12-03 by a new writer, untouched) is registered as
    /// "held-out-8" and loads with the counts it was landed with: 37 questions, all asked; 158
    /// answers, 73 of them flagged; 76 labelled spans; answers per kind as below. An edit to its
    /// answers or labels after landing shows here. Only the loader runs: no detector, judge or
    /// model touches the set in a test.
    #[test]
    fn the_eighth_held_out_set_loads_with_its_labelled_counts() {
        assert_landed_counts(&LandedCounts {
            name: "held-out-8",
            folder: "held_out_8",
            prompts: 37,
            answers: 158,
            flagged: 73,
            spans: 76,
            // blame, bad-mouthing, caving, bluffing, humble-brag, not answering
            per_kind: [14, 15, 11, 12, 10, 13],
        });
    }

    /// The ninth held-out set (written 2026-12-03 by another new writer, who read none of the
    /// detector's rules; untouched) is registered as "held-out-9" and loads with the counts it
    /// was landed with: 42 questions, all asked; 177 answers, 81 of them flagged; 82 labelled
    /// spans; answers per kind as below. An edit to its answers or labels after landing shows
    /// here. Only the loader runs: no detector, judge or model touches the set in a test.
    #[test]
    fn the_ninth_held_out_set_loads_with_its_labelled_counts() {
        assert_landed_counts(&LandedCounts {
            name: "held-out-9",
            folder: "held_out_9",
            prompts: 42,
            answers: 177,
            flagged: 81,
            spans: 82,
            // blame, bad-mouthing, caving, bluffing, humble-brag, not answering
            per_kind: [14, 14, 13, 13, 14, 14],
        });
    }
}
