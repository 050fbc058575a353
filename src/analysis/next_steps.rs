//! Next steps by impact, and one thing to keep doing.
//!
//! Rules: the observations of [`super::scores`] are ranked by their impact weight (a red flag
//! first, then not answering the question, a hypothetical non-story, a missing ending, no
//! action of one's own, then the rest by how many points they cost); two observations about
//! the same thing (one [`Topic`]) or with the same words are one step; at most
//! [`MAX_NEXT_STEPS`]. Several steps may come from one area. When nothing is left to say and
//! no area is low, the answer is told it is within target; when an area is low, the step names
//! it and its first reason instead. The thing to keep doing is quoted from the answer, never
//! from inside a red flag: a measured result first, then the proof point, a step told in the
//! first person, a lesson, an acknowledgement, a rapport cue.
//!
//! Sources: docs/sources.md ("Generic feedback that does not tie a habit to the goal of the
//! answer"; report what was observed, not verdicts); the seeds (docs/sources.md)
//! (value, rapport, trajectory).

use super::rapport::RapportCueKind;
use super::scores::{LOW_AREA_SCORE, Observation, Topic, short_quote};
use super::{Area, Feedback, Span};
use crate::domain::{Element, ReplyStep};
use serde::{Deserialize, Serialize};

/// At most this many next steps: more would not be acted on in one retry.
pub const MAX_NEXT_STEPS: usize = 3;
/// Quotes in next steps are cut to this many characters.
const QUOTE_CHARS: usize = 110;

/// One thing the answer did well, quoted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeepDoing {
    pub text: String,
    pub start_char: usize,
    pub end_char: usize,
    /// Why it works, in a few words.
    pub why: String,
}

/// The ranked next steps.
pub fn rank(mut obs: Vec<Observation>, fb: &Feedback) -> Vec<String> {
    obs.sort_by_key(|o| std::cmp::Reverse(o.weight));
    let mut topics: Vec<Topic> = Vec::new();
    let mut next: Vec<String> = Vec::new();
    for o in obs {
        if next.len() == MAX_NEXT_STEPS {
            break;
        }
        if topics.contains(&o.topic) || next.contains(&o.text) {
            continue;
        }
        topics.push(o.topic);
        next.push(o.text);
    }
    if next.is_empty() {
        let lowest = Area::ALL
            .iter()
            .map(|a| (*a, fb.scores.get(*a)))
            .min_by_key(|(_, s)| *s);
        match lowest {
            Some((area, score)) if score < LOW_AREA_SCORE => {
                let why = fb
                    .scores
                    .reasons
                    .get(&area)
                    .and_then(|r| r.iter().find(|x| !x.starts_with('+')))
                    .cloned()
                    .unwrap_or_default();
                next.push(format!(
                    "{} is the lowest area at {score}{}; that is the place to work on next.",
                    area.label(),
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!(" ({why})")
                    }
                ));
            }
            _ => next.push("Every area is within its target: try the same prompt again at a different length, or a harder prompt.".into()),
        }
    }
    next
}

/// The one thing to keep doing, quoted from the answer (see the module rule).
pub fn keep_doing(fb: &Feedback) -> Option<KeepDoing> {
    let flagged = |s: &Span| {
        fb.red_flags
            .iter()
            .any(|f| f.start_char < s.end_char && s.start_char < f.end_char)
    };
    let pick = |spans: &[Span], why: &str| -> Option<KeepDoing> {
        spans.iter().find(|s| !flagged(s)).map(|s| KeepDoing {
            text: short_quote(&s.text, QUOTE_CHARS),
            start_char: s.start_char,
            end_char: s.end_char,
            why: why.to_string(),
        })
    };
    let element = |e: Element| -> Vec<Span> {
        fb.structure
            .elements
            .get(&e)
            .map(|x| x.evidence.clone())
            .unwrap_or_default()
    };
    // The latest measured result: results close a story, and an early "after five months"
    // is usually its setting.
    let quantified_results: Vec<Span> = element(Element::Result)
        .into_iter()
        .rev()
        .filter(|s| {
            fb.value.cues.iter().any(|c| {
                c.kind == super::value::ValueCueKind::Quantity
                    && c.start_char >= s.start_char
                    && c.end_char <= s.end_char
            })
        })
        .collect();
    let proof: Vec<Span> = fb
        .rubric
        .parts
        .iter()
        .filter(|p| p.part == super::rubric::Part::Proof)
        .flat_map(|p| p.evidence.clone())
        .collect();
    let first_person: Vec<Span> = if fb.structure.first_person_action {
        element(Element::Action)
            .into_iter()
            .filter(|s| {
                let lower = format!(" {} ", s.text.to_lowercase());
                lower.contains(" i ")
            })
            .collect()
    } else {
        Vec::new()
    };
    let acknowledged: Vec<Span> = fb
        .objection
        .iter()
        .flat_map(|o| o.steps.iter())
        .filter(|s| s.step == ReplyStep::Acknowledge)
        .flat_map(|s| s.evidence.clone())
        .collect();
    let cue = |k: RapportCueKind| -> Vec<Span> {
        fb.rapport
            .cues
            .iter()
            .filter(|c| c.kind == k)
            .map(|c| Span {
                text: c.text.clone(),
                start_char: c.start_char,
                end_char: c.end_char,
                confidence: None,
            })
            .collect()
    };
    pick(
        &quantified_results,
        "a measured result is the strongest proof of value",
    )
    .or_else(|| pick(&proof, "a concrete proof point makes the claim believable"))
    .or_else(|| {
        pick(
            &first_person,
            "telling your own step in the first person shows what you did",
        )
    })
    .or_else(|| pick(&element(Element::Learning), "a lesson shows growth"))
    .or_else(|| {
        pick(
            &acknowledged,
            "acknowledging the concern calmly keeps the conversation open",
        )
    })
    .or_else(|| pick(&cue(RapportCueKind::Honesty), "candour builds trust"))
    .or_else(|| pick(&cue(RapportCueKind::Enthusiasm), "enthusiasm is contagious"))
    .or_else(|| {
        pick(
            &cue(RapportCueKind::Question),
            "a question back makes it a conversation",
        )
    })
}
