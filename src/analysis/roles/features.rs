//! The features the role heads read, per unit and per answer.
//!
//! Rule: per unit, [its sentence vector (384), the mean vector of the units before and after
//! it (384, zeros at the ends), [`EXTRA`] numbers: position in the answer, first / last, answer
//! length, unit length, the phrase-list scores and decisions of [`super::super::structure`] for
//! the unit and its two neighbours, its hypothetical / action / number / quantity cues, explicit
//! duty ("I was asked to", "it was on me", "I'd been handed"), lesson ("since then") and
//! episode ("two years ago") cues, whether it is a short fragment with no personal subject (an
//! imperative task: "Keep the show going."), and the prompt's kind]. Per answer: [the mean unit vector (384), the share and count of units with
//! conditional ("would", "I'd") and habit ("always", "usually", "whenever") cues, the share of
//! past-tense actions, the prompt's kind]. Vectors come from [`crate::encoder`].

use super::super::structure::StructureFindings;
use super::super::text::{TextIndex, is_number};
use crate::domain::PromptKind;
use crate::encoder::DIMENSIONS;

/// Numbers after the two vectors in a unit's features.
pub const EXTRA: usize = 38;
/// Length of a unit's feature vector.
pub const UNIT_FEATURES: usize = 2 * DIMENSIONS + EXTRA;
/// Numbers after the mean vector in an answer's features.
pub const ANSWER_EXTRA: usize = 10;
/// Length of an answer's feature vector.
pub const ANSWER_FEATURES: usize = DIMENSIONS + ANSWER_EXTRA;

/// Words that make a clause conditional: what the speaker would do.
const CONDITIONAL: &[&str] = &["would", "i'd", "we'd", "i'll", "could", "should", "might"];
/// Words that make a clause a habit: what the speaker always does.
const HABIT: &[&str] = &[
    "always",
    "usually",
    "typically",
    "normally",
    "generally",
    "whenever",
    "tend",
    "often",
    "every",
    "routinely",
];

/// Explicit duty or goal cues (labelling guide, Task: "my job was to", "I was asked to", "we
/// needed to").
const TASK_CUES: &[&[&str]] = &[
    &["asked", "to"],
    &["asked", "me"],
    &["my", "job"],
    &["my", "role"],
    &["my", "task"],
    &["my", "goal"],
    &["our", "goal"],
    &["the", "goal"],
    &["responsible", "for"],
    &["my", "responsibility"],
    &["needed", "to"],
    &["had", "to"],
    &["supposed", "to"],
    &["tasked"],
    &["wanted", "me"],
    &["in", "charge"],
    &["fell", "to", "me"],
    &["up", "to", "me"],
    &["on", "call"],
    // The same duty in the other words the training answers use for it (3 Dec 2026, from the
    // cross-validation's missed Tasks): a duty that rests on the speaker ("it was on me", "down
    // to me", "my call", "mine to refer"), one handed over ("I'd been handed", "assigned",
    // "the brief was", "my target"), or taken on ("I'd promised", "I volunteered to").
    &["on", "me"],
    &["down", "to", "me"],
    &["my", "call"],
    &["my", "decision"],
    &["my", "problem"],
    &["my", "duty"],
    &["my", "brief"],
    &["the", "brief"],
    &["my", "target"],
    &["the", "target"],
    &["my", "mandate"],
    &["the", "ask"],
    &["mine", "to"],
    &["was", "mine"],
    &["handed"],
    &["assigned"],
    &["delegated"],
    &["entrusted"],
    &["promised"],
    &["volunteered", "to"],
    &["i", "owned"],
    &["i", "wanted", "to"],
    &["brought", "in", "to"],
];
/// Lesson and lasting-change cues (labelling guide, Learning).
const LEARNING_CUES: &[&[&str]] = &[
    &["learned"],
    &["learnt"],
    &["taught", "me"],
    &["lesson"],
    &["since", "then"],
    &["ever", "since"],
    &["now", "i"],
    &["hindsight"],
    &["looking", "back"],
    &["next", "time"],
    &["differently"],
    &["takeaway"],
    &["took", "away"],
    &["took", "from"],
    &["take", "away"],
    &["i", "take", "from"],
    &["realised"],
    &["realized"],
    &["these", "days"],
];
/// Cues that anchor a specific past episode (labelling guide, Situation).
const SITUATION_CUES: &[&[&str]] = &[
    &["ago"],
    &["last", "year"],
    &["last", "spring"],
    &["last", "summer"],
    &["last", "autumn"],
    &["last", "winter"],
    &["back", "in"],
    &["at", "the", "time"],
    &["when", "i", "was"],
    &["one", "day"],
    &["one", "night"],
    &["one", "morning"],
    &["at", "my", "last"],
    &["at", "my", "previous"],
    &["in", "my", "last"],
    &["in", "my", "first"],
    &["there", "was"],
];

/// Whether unit `i` holds one of the word sequences in `cues`.
fn has_cue(index: &TextIndex, i: usize, cues: &[&[&str]]) -> bool {
    let Some(unit) = index.units.get(i) else {
        return false;
    };
    unit.tokens().any(|t| {
        cues.iter().any(|cue| {
            t + cue.len() <= unit.end_token
                && cue.iter().enumerate().all(|(k, w)| index.word(t + k) == *w)
        })
    })
}

/// Personal subject pronouns; a short unit with none of them is a telegraphic fragment.
const SUBJECT_PRONOUNS: &[&str] = &[
    "i", "i'd", "i'm", "i've", "i'll", "we", "we'd", "we're", "we've", "he", "she", "they", "he'd",
    "she'd", "they'd", "you", "it's", "there",
];

/// Whether unit `i` is a short fragment with no personal subject: the imperative or
/// telegraphic way of stating a task ("Keep the show going.", "Venue, catering and AV in four
/// days.") that the labelling guide counts as a Task.
fn is_subjectless_fragment(index: &TextIndex, i: usize) -> bool {
    let Some(unit) = index.units.get(i) else {
        return false;
    };
    unit.len() <= 12
        && unit
            .tokens()
            .all(|t| !SUBJECT_PRONOUNS.contains(&index.word(t)))
}

fn unit_vector(vectors: &[Vec<f32>], i: usize) -> Option<&[f32]> {
    vectors
        .get(i)
        .filter(|v| v.len() == DIMENSIONS)
        .map(Vec::as_slice)
}

/// Whether unit `i` holds conditional and habit cue words.
pub fn conditional_and_habit_cues(index: &TextIndex, i: usize) -> (bool, bool) {
    let Some(unit) = index.units.get(i) else {
        return (false, false);
    };
    let mut would = false;
    let mut habit = false;
    for t in unit.tokens() {
        let w = index.word(t);
        would |= CONDITIONAL.contains(&w) || (w == "if" && index.word(t + 1) == "i");
        habit |= HABIT.contains(&w);
    }
    (would, habit)
}

fn kind_features(kind: PromptKind) -> [f32; 2] {
    [
        f32::from(u8::from(kind.expects_story())),
        f32::from(u8::from(matches!(
            kind,
            PromptKind::Pitch | PromptKind::TellMe
        ))),
    ]
}

fn elements_of(rules: &StructureFindings, i: Option<usize>) -> [f32; 5] {
    let mut out = [0.0; 5];
    if let Some(label) = i.and_then(|i| rules.units.get(i)) {
        for (k, e) in crate::domain::Element::ALL.iter().enumerate() {
            if label.elements.contains(e) {
                out[k] = 1.0;
            }
        }
    }
    out
}

/// One feature vector of [`UNIT_FEATURES`] per unit.
pub fn unit_features(
    index: &TextIndex,
    rules: &StructureFindings,
    kind: PromptKind,
    vectors: &[Vec<f32>],
) -> Vec<Vec<f32>> {
    let n = index.units.len();
    let quantities = super::super::value::quantities(index);
    (0..n)
        .map(|i| {
            let mut f = Vec::with_capacity(UNIT_FEATURES);
            match unit_vector(vectors, i) {
                Some(v) => f.extend_from_slice(v),
                None => f.extend(std::iter::repeat_n(0.0, DIMENSIONS)),
            }
            let mut context = vec![0.0f32; DIMENSIONS];
            let mut k = 0.0;
            for j in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
                if let Some(v) = unit_vector(vectors, j) {
                    for (c, x) in context.iter_mut().zip(v) {
                        *c += x;
                    }
                    k += 1.0;
                }
            }
            if k > 0.0 {
                context.iter_mut().for_each(|c| *c /= k);
            }
            f.extend_from_slice(&context);

            let unit = &index.units[i];
            let relative = if n <= 1 {
                0.0
            } else {
                i as f32 / (n - 1) as f32
            };
            f.push(relative);
            f.push(f32::from(u8::from(i == 0)));
            f.push(f32::from(u8::from(i + 1 == n)));
            f.push(((1 + n) as f32).ln() / 3.0);
            f.push((unit.len() as f32 / 30.0).min(3.0));
            let label = rules.units.get(i);
            for k in 0..5 {
                f.push(label.map_or(0.0, |l| (l.scores[k] / 6.0).min(2.0)));
            }
            f.extend(elements_of(rules, Some(i)));
            f.push(label.map_or(0.0, |l| f32::from(u8::from(l.hypothetical))));
            f.push(label.map_or(0.0, |l| f32::from(u8::from(l.first_person_action))));
            f.push(label.map_or(0.0, |l| f32::from(u8::from(l.past_action))));
            let has_number = unit.tokens().any(|t| is_number(index.word(t)));
            f.push(f32::from(u8::from(has_number)));
            let has_quantity = quantities
                .iter()
                .any(|q| q.span.start >= unit.first && q.span.start < unit.end_token);
            f.push(f32::from(u8::from(has_quantity)));
            f.push(f32::from(u8::from(unit.question)));
            for cues in [TASK_CUES, LEARNING_CUES, SITUATION_CUES] {
                f.push(f32::from(u8::from(has_cue(index, i, cues))));
            }
            f.push(f32::from(u8::from(is_subjectless_fragment(index, i))));
            f.extend(elements_of(rules, i.checked_sub(1)));
            f.extend(elements_of(rules, (i + 1 < n).then_some(i + 1)));
            f.extend(kind_features(kind));
            f.push(1.0);
            debug_assert_eq!(f.len(), UNIT_FEATURES);
            f
        })
        .collect()
}

/// The answer's feature vector of [`ANSWER_FEATURES`].
pub fn answer_features(
    index: &TextIndex,
    rules: &StructureFindings,
    kind: PromptKind,
    vectors: &[Vec<f32>],
) -> Vec<f32> {
    let n = index.units.len();
    let mut f = vec![0.0f32; DIMENSIONS];
    let mut k = 0.0;
    for i in 0..n {
        if let Some(v) = unit_vector(vectors, i) {
            for (c, x) in f.iter_mut().zip(v) {
                *c += x;
            }
            k += 1.0;
        }
    }
    if k > 0.0 {
        f.iter_mut().for_each(|c| *c /= k);
    }
    let (mut would, mut habit) = (0.0f32, 0.0f32);
    for i in 0..n {
        let (w, h) = conditional_and_habit_cues(index, i);
        would += f32::from(u8::from(w));
        habit += f32::from(u8::from(h));
    }
    let rule_hyp = rules.units.iter().filter(|u| u.hypothetical).count() as f32;
    let past = rules.units.iter().filter(|u| u.past_action).count() as f32;
    let share = |x: f32| if n == 0 { 0.0 } else { x / n as f32 };
    f.push(share(would));
    f.push(share(habit));
    f.push(share(rule_hyp));
    f.push(share(past));
    f.push((would / 5.0).min(2.0));
    f.push((habit / 5.0).min(2.0));
    f.push(f32::from(u8::from(rules.hypothetical)));
    f.extend(kind_features(kind));
    f.push(1.0);
    debug_assert_eq!(f.len(), ANSWER_FEATURES);
    f
}
