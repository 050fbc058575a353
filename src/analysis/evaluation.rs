//! Evaluation of the engine against labelled answers.
//!
//! Rules: a labelled set is TOML with one `[[answer]]` table per answer: `id`, `kind`, `text`,
//! `quantified_result` and optionally `hypothetical`. Labels live inside the text as markup:
//! `<S>…</S>`, `<T>…</T>`, `<A>…</A>`, `<R>…</R>`, `<L>…</L>` around the words that carry each
//! element (an element may be marked several times) and `{…}` around each filler. The markup
//! is stripped before analysis; its character positions become the gold spans.
//!
//! Scoring: for each element, over the story answers (kinds that expect a story), a true
//! positive needs the element labelled *and* detected *and* a detected evidence sentence that
//! overlaps a labelled span; detected without overlap counts as both a false positive and a
//! false negative. Quantified result is scored per answer (all kinds). Fillers are scored per
//! span over all answers, matching each detected filler to at most one overlapping labelled
//! filler. Hypothetical detection is scored per answer like quantified result.

use super::relevance::WordOverlap;
use super::{AnswerContext, Feedback, analyze_with_engine};
use crate::domain::{Element, PromptKind};
use crate::transcript::Transcript;
use serde::Deserialize;

/// The labelled sets of the checkout, relative to its root: the development set (tuned on)
/// and the held-out set (written before tuning and never tuned on). They are development
/// data: read from the checkout when `rehearse eval` runs (`make eval`), never compiled into
/// the program.
pub const CHECKOUT_SETS: [(&str, &str); 2] = [
    ("development set", "tests/data/eval/development.toml"),
    ("held-out set", "tests/data/eval/held_out.toml"),
];

/// The development set, for the tests.
#[cfg(test)]
pub const DEVELOPMENT_SET: &str = include_str!("../../tests/data/eval/development.toml");

/// The checkout's labelled sets with their names, read from `root` (the checkout).
pub fn checkout_sets(root: &std::path::Path) -> Result<Vec<(String, EvalSet)>, EvalError> {
    CHECKOUT_SETS
        .iter()
        .map(|(name, file)| {
            let path = root.join(file);
            let raw = std::fs::read_to_string(&path).map_err(|source| EvalError::Missing {
                path: path.clone(),
                source,
            })?;
            Ok((name.to_string(), EvalSet::parse(&raw)?))
        })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(
        "cannot read the labelled set {path}: {source}; run `rehearse eval` from the project checkout (`make eval`) or pass --set FILE"
    )]
    Missing {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("the labelled set is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("answer {id}: {problem}")]
    Markup { id: String, problem: String },
}

#[derive(Debug, Deserialize)]
struct RawSet {
    answer: Vec<RawAnswer>,
}

#[derive(Debug, Deserialize)]
struct RawAnswer {
    id: String,
    kind: PromptKind,
    text: String,
    quantified_result: bool,
    #[serde(default)]
    hypothetical: bool,
}

/// One labelled answer, markup removed.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledAnswer {
    pub id: String,
    pub kind: PromptKind,
    pub text: String,
    /// (element, start_char, end_char)
    pub elements: Vec<(Element, usize, usize)>,
    /// (start_char, end_char)
    pub fillers: Vec<(usize, usize)>,
    pub quantified_result: bool,
    pub hypothetical: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EvalSet {
    pub answers: Vec<LabelledAnswer>,
}

impl EvalSet {
    pub fn parse(toml_text: &str) -> Result<Self, EvalError> {
        let raw: RawSet = toml::from_str(toml_text)?;
        let answers = raw
            .answer
            .into_iter()
            .map(|a| {
                let (text, elements, fillers) =
                    strip_markup(&a.text).map_err(|problem| EvalError::Markup {
                        id: a.id.clone(),
                        problem,
                    })?;
                Ok(LabelledAnswer {
                    id: a.id,
                    kind: a.kind,
                    text,
                    elements,
                    fillers,
                    quantified_result: a.quantified_result,
                    hypothetical: a.hypothetical,
                })
            })
            .collect::<Result<_, EvalError>>()?;
        Ok(EvalSet { answers })
    }
}

type Stripped = (String, Vec<(Element, usize, usize)>, Vec<(usize, usize)>);

fn element_of(tag: char) -> Option<Element> {
    match tag {
        'S' => Some(Element::Situation),
        'T' => Some(Element::Task),
        'A' => Some(Element::Action),
        'R' => Some(Element::Result),
        'L' => Some(Element::Learning),
        _ => None,
    }
}

/// Removes the markup; returns the clean text (whitespace collapsed and trimmed, as a
/// transcript's text would be) with the labelled spans as character offsets.
pub fn strip_markup(marked: &str) -> Result<Stripped, String> {
    let mut text = String::new();
    let mut count = 0usize;
    let mut open: Vec<(Element, usize)> = Vec::new();
    let mut elements = Vec::new();
    let mut fillers = Vec::new();
    let mut filler_start: Option<usize> = None;
    let chars: Vec<char> = marked.chars().collect();
    let mut i = 0;
    let mut pending_space = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            let closing = chars.get(i + 1) == Some(&'/');
            let tag_at = if closing { i + 2 } else { i + 1 };
            let tag = chars.get(tag_at).copied().and_then(element_of);
            if let (Some(element), Some('>')) = (tag, chars.get(tag_at + 1)) {
                if pending_space && !text.is_empty() && !closing {
                    text.push(' ');
                    count += 1;
                    pending_space = false;
                }
                if closing {
                    let Some(pos) = open.iter().rposition(|(e, _)| *e == element) else {
                        return Err(format!("</{}> without an opening tag", element.label()));
                    };
                    let (_, start) = open.remove(pos);
                    elements.push((element, start, count));
                } else {
                    open.push((element, count));
                }
                i = tag_at + 2;
                continue;
            }
        }
        if c == '{' || c == '}' {
            if pending_space && !text.is_empty() && c == '{' {
                text.push(' ');
                count += 1;
                pending_space = false;
            }
            if c == '{' {
                if filler_start.is_some() {
                    return Err("nested {".into());
                }
                filler_start = Some(count);
            } else {
                let Some(start) = filler_start.take() else {
                    return Err("} without {".into());
                };
                fillers.push((start, count));
            }
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
        } else {
            if pending_space && !text.is_empty() {
                text.push(' ');
                count += 1;
            }
            pending_space = false;
            text.push(c);
            count += 1;
        }
        i += 1;
    }
    if let Some((e, _)) = open.first() {
        return Err(format!("<{}> is never closed", e.label()));
    }
    if filler_start.is_some() {
        return Err("{ is never closed".into());
    }
    elements.sort_by_key(|&(e, a, _)| (a, e));
    Ok((text, elements, fillers))
}

/// True and false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// With nothing to find and nothing found, a detector is perfect.
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The figures for one set.
#[derive(Debug, Clone, Default)]
pub struct EvalResult {
    pub answers: usize,
    pub stories: usize,
    pub elements: Vec<(Element, Counts)>,
    pub quantified_result: Counts,
    pub fillers: Counts,
    pub hypothetical: Counts,
    /// One line per disagreement, for `rehearse eval --verbose`.
    pub disagreements: Vec<String>,
}

impl EvalResult {
    pub fn element(&self, element: Element) -> Counts {
        self.elements
            .iter()
            .find(|(e, _)| *e == element)
            .map(|(_, c)| *c)
            .unwrap_or_default()
    }

    /// A plain-text table of precision, recall and F1.
    pub fn table(&self) -> String {
        let mut rows: Vec<(String, Counts)> = self
            .elements
            .iter()
            .map(|(e, c)| (e.label().to_string(), *c))
            .collect();
        rows.push(("Quantified result".into(), self.quantified_result));
        rows.push(("Fillers (spans)".into(), self.fillers));
        rows.push(("Hypothetical".into(), self.hypothetical));
        let mut out = format!(
            "  {:<18} {:>5} {:>5} {:>5} {:>4} {:>4} {:>4}\n",
            "", "P", "R", "F1", "TP", "FP", "FN"
        );
        for (name, c) in rows {
            out.push_str(&format!(
                "  {:<18} {:>5.2} {:>5.2} {:>5.2} {:>4} {:>4} {:>4}\n",
                name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            ));
        }
        out
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Runs the engine in force ([`super::roles::Engine::chosen`]) on every answer of the set and
/// compares.
pub fn evaluate(set: &EvalSet) -> EvalResult {
    evaluate_with(set, super::roles::RoleModel::default_engine())
}

/// [`evaluate`] with an explicit engine: `None` for the phrase-list rules.
pub fn evaluate_with(set: &EvalSet, model: Option<&super::roles::RoleModel>) -> EvalResult {
    let mut result = EvalResult {
        answers: set.answers.len(),
        ..Default::default()
    };
    let mut element_counts: Vec<(Element, Counts)> = Element::ALL
        .iter()
        .map(|e| (*e, Counts::default()))
        .collect();
    for answer in &set.answers {
        let ctx = AnswerContext::for_kind(answer.kind);
        let feedback = analyze_with_engine(
            &Transcript::from_text(&answer.text),
            None,
            &ctx,
            &WordOverlap,
            model,
        );
        if answer.kind.expects_story() {
            result.stories += 1;
            for (element, counts) in element_counts.iter_mut() {
                score_element(
                    answer,
                    &feedback,
                    *element,
                    counts,
                    &mut result.disagreements,
                );
            }
        }
        score_bool(
            answer.quantified_result,
            feedback.value.quantified_result,
            &mut result.quantified_result,
            || {
                format!(
                    "{}: quantified result labelled {}",
                    answer.id, answer.quantified_result
                )
            },
            &mut result.disagreements,
        );
        score_bool(
            answer.hypothetical,
            feedback.structure.hypothetical,
            &mut result.hypothetical,
            || {
                format!(
                    "{}: hypothetical labelled {}",
                    answer.id, answer.hypothetical
                )
            },
            &mut result.disagreements,
        );
        score_fillers(
            answer,
            &feedback,
            &mut result.fillers,
            &mut result.disagreements,
        );
    }
    result.elements = element_counts;
    result
}

fn score_element(
    answer: &LabelledAnswer,
    feedback: &Feedback,
    element: Element,
    counts: &mut Counts,
    notes: &mut Vec<String>,
) {
    let gold: Vec<(usize, usize)> = answer
        .elements
        .iter()
        .filter(|(e, _, _)| *e == element)
        .map(|&(_, a, b)| (a, b))
        .collect();
    let found = feedback.structure.elements.get(&element);
    let predicted: Vec<(usize, usize)> = found
        .map(|f| {
            f.evidence
                .iter()
                .map(|s| (s.start_char, s.end_char))
                .collect()
        })
        .unwrap_or_default();
    let name = element.label();
    match (gold.is_empty(), predicted.is_empty()) {
        (true, true) => {}
        (false, true) => {
            counts.fn_ += 1;
            notes.push(format!(
                "{}: {name} missed: \"{}\"",
                answer.id,
                slice(&answer.text, gold[0])
            ));
        }
        (true, false) => {
            counts.fp += 1;
            notes.push(format!(
                "{}: {name} found but not labelled: \"{}\"",
                answer.id,
                slice(&answer.text, predicted[0])
            ));
        }
        (false, false) => {
            if predicted
                .iter()
                .any(|p| gold.iter().any(|g| overlaps(*p, *g)))
            {
                counts.tp += 1;
            } else {
                counts.fp += 1;
                counts.fn_ += 1;
                notes.push(format!(
                    "{}: {name} found in the wrong place: \"{}\"",
                    answer.id,
                    slice(&answer.text, predicted[0])
                ));
            }
        }
    }
}

fn score_bool(
    gold: bool,
    predicted: bool,
    counts: &mut Counts,
    note: impl Fn() -> String,
    notes: &mut Vec<String>,
) {
    match (gold, predicted) {
        (true, true) => counts.tp += 1,
        (true, false) => {
            counts.fn_ += 1;
            notes.push(note());
        }
        (false, true) => {
            counts.fp += 1;
            notes.push(note());
        }
        (false, false) => {}
    }
}

fn score_fillers(
    answer: &LabelledAnswer,
    feedback: &Feedback,
    counts: &mut Counts,
    notes: &mut Vec<String>,
) {
    let mut used = vec![false; answer.fillers.len()];
    for f in &feedback.delivery.fillers {
        let span = (f.start_char, f.end_char);
        match answer
            .fillers
            .iter()
            .enumerate()
            .position(|(k, g)| !used[k] && overlaps(span, *g))
        {
            Some(k) => {
                used[k] = true;
                counts.tp += 1;
            }
            None => {
                counts.fp += 1;
                notes.push(format!(
                    "{}: filler found but not labelled: \"{}\" in \"{}\"",
                    answer.id,
                    f.text,
                    context(&answer.text, span)
                ));
            }
        }
    }
    for (k, g) in answer.fillers.iter().enumerate() {
        if !used[k] {
            counts.fn_ += 1;
            notes.push(format!(
                "{}: filler missed: \"{}\" in \"{}\"",
                answer.id,
                slice(&answer.text, *g),
                context(&answer.text, *g)
            ));
        }
    }
}

fn slice(text: &str, (a, b): (usize, usize)) -> String {
    let s: String = text.chars().skip(a).take(b.saturating_sub(a)).collect();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

fn context(text: &str, (a, b): (usize, usize)) -> String {
    slice(text, (a.saturating_sub(25), b + 25))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_clean_text_and_char_spans() {
        let (text, elements, fillers) =
            strip_markup("<S>At my  café job,</S>\n  {um} <A>I fixed it.</A>").unwrap();
        assert_eq!(text, "At my café job, um I fixed it.");
        assert_eq!(
            elements,
            [(Element::Situation, 0, 15), (Element::Action, 19, 30)]
        );
        assert_eq!(fillers, [(16, 18)]);
    }

    #[test]
    fn unbalanced_markup_is_an_error() {
        assert!(strip_markup("<S>open").is_err());
        assert!(strip_markup("close</A>").is_err());
        assert!(strip_markup("{um").is_err());
    }

    #[test]
    fn empty_counts_are_perfect_and_f1_combines_p_and_r() {
        assert_eq!(Counts::default().f1(), 1.0);
        let c = Counts {
            tp: 3,
            fp: 1,
            fn_: 1,
        };
        assert!((c.f1() - 0.75).abs() < 1e-9);
    }

    /// The targets of the coaching issue, on the development set: F1 >= 0.9 per element,
    /// at least 0.95 for quantified result, filler precision and recall >= 0.9 (the
    /// phrase-list rules, which were tuned on it; the model is measured by `rehearse train`).
    #[test]
    fn development_set_meets_the_targets() {
        let set = EvalSet::parse(DEVELOPMENT_SET).unwrap();
        let r = evaluate_with(&set, None);
        let report = format!("{}\n{}", r.table(), r.disagreements.join("\n"));
        for element in Element::ALL {
            assert!(r.element(element).f1() >= 0.9, "{element:?}\n{report}");
        }
        assert!(r.quantified_result.f1() >= 0.95, "{report}");
        assert!(
            r.fillers.precision() >= 0.9 && r.fillers.recall() >= 0.9,
            "{report}"
        );
    }
}
