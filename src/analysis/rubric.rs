//! Kind-aware rubrics: what the parts of an answer are, by the kind of question.
//!
//! Rules: a story ("tell me about a time") is judged as STAR + Learning by
//! [`super::structure`]; the other kinds have their own parts and are never judged or drawn as
//! a story:
//! - **Pitch**: *identity* (who you are, in the first sentences: "I'm a support engineer"),
//!   *differentiator* (one thing you do better: "who turns recurring tickets into fixes", "my
//!   strength is"), *proof* (a number inside a told result or action, or a told result), and
//!   the *ask* (the close: what you are looking for, or a question back), in the last
//!   sentences.
//! - **About you** ("tell me about yourself", "why this role", "why are you leaving"):
//!   *present* (what you do now), *past* (the steps that led here), *future* (what you want
//!   next and why here), and *proof* (one concrete result, not a recital of the CV).
//! - **Questions for the interviewer**: *specific* (two or more questions, at least one about
//!   the work), *researched* (refers to something learned about them: "I read that you..."),
//!   *about the role or team* (its problems, success in the role, how decisions are made).
//! - **Objection replies** follow the prompt's own framework ([`super::objection`]).
//!
//! Sources: the team's labelling guide ("Pitches and tell me about yourself": who you
//! are, a proof point with its value, what you want next or a question back);
//! the seeds (docs/sources.md) (section 6, elevator pitches; section 5, objection
//! frameworks); the built-in prompts' signals ("One clear identity line", "One differentiator,
//! not a list", "Ends with what you are looking for", "Present / Past / Future", "Two or three
//! prepared, specific questions").

use super::lexicon::Lexicon;
use super::text::{TextIndex, Unit, is_number};
use super::value::{ValueCueKind, ValueHit};
use super::{AnswerContext, structure::StructureFindings};
use crate::domain::{Element, PromptKind};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Which rubric judges the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RubricKind {
    Story,
    Pitch,
    AboutYou,
    InterviewerQuestions,
    Objection,
}

impl RubricKind {
    /// The rubric for a question: its kind, and for "tell me" questions whether it asks for
    /// the candidate's questions.
    pub fn of(ctx: &AnswerContext) -> Self {
        match ctx.kind {
            PromptKind::Behavioral | PromptKind::TechnicalBehavioral => RubricKind::Story,
            PromptKind::Pitch => RubricKind::Pitch,
            PromptKind::Objection => RubricKind::Objection,
            PromptKind::TellMe if asks_for_questions(&ctx.prompt_text) => {
                RubricKind::InterviewerQuestions
            }
            PromptKind::TellMe => RubricKind::AboutYou,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RubricKind::Story => "story (STAR + Learning)",
            RubricKind::Pitch => "pitch",
            RubricKind::AboutYou => "about you",
            RubricKind::InterviewerQuestions => "questions for the interviewer",
            RubricKind::Objection => "objection reply",
        }
    }

    /// The parts this rubric checks (empty for stories and objections, judged elsewhere).
    pub fn parts(self) -> &'static [Part] {
        match self {
            RubricKind::Pitch => &[Part::Identity, Part::Differentiator, Part::Proof, Part::Ask],
            RubricKind::AboutYou => &[Part::Present, Part::Past, Part::Future, Part::Proof],
            RubricKind::InterviewerQuestions => {
                &[Part::Specific, Part::Researched, Part::AboutRoleOrTeam]
            }
            RubricKind::Story | RubricKind::Objection => &[],
        }
    }
}

/// "What questions do you have for us?"
fn asks_for_questions(prompt: &str) -> bool {
    let p = prompt.to_lowercase();
    p.contains("questions") && (p.contains("for us") || p.contains("for me") || p.contains("ask"))
}

/// One part of a non-story answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Identity,
    Differentiator,
    Proof,
    Ask,
    Present,
    Past,
    Future,
    Specific,
    Researched,
    AboutRoleOrTeam,
}

impl Part {
    pub fn label(self) -> &'static str {
        match self {
            Part::Identity => "Who you are",
            Part::Differentiator => "Differentiator",
            Part::Proof => "Proof with its value",
            Part::Ask => "What you want next",
            Part::Present => "Present",
            Part::Past => "Past",
            Part::Future => "Future",
            Part::Specific => "Specific questions",
            Part::Researched => "Researched",
            Part::AboutRoleOrTeam => "About the role or team",
        }
    }

    /// What to add when the part is missing, said as an observation plus its purpose.
    pub fn missing_advice(self) -> &'static str {
        match self {
            Part::Identity => {
                "No line says who you are; open with one: your role and the kind of work you do."
            }
            Part::Differentiator => {
                "Nothing sets you apart from other candidates; name the one thing you do better, not a list of qualities."
            }
            Part::Proof => {
                "No concrete result backs it up; one outcome with a number makes the claim stick."
            }
            Part::Ask => {
                "The answer stops without a close; end with what you are looking for, or a question back."
            }
            Part::Present => {
                "It does not say what you do now; start from your current role and strength."
            }
            Part::Past => {
                "The steps that led here are missing; two or three of them show a trajectory."
            }
            Part::Future => {
                "It does not say why this role is your next step; close on what you want next and why here."
            }
            Part::Specific => {
                "Ask two or three specific questions about the work rather than one general one."
            }
            Part::Researched => {
                "Nothing shows you looked into them; refer to something you read or heard about the team."
            }
            Part::AboutRoleOrTeam => {
                "Ask about the team's problems, what success in the role looks like, or how decisions are made."
            }
        }
    }
}

/// The units that carry one part.
#[derive(Debug, Clone, PartialEq)]
pub struct PartFinding {
    pub part: Part,
    pub units: Vec<usize>,
}

static IDENTITY: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "i'm a",
        "i'm an",
        "i am a",
        "i am an",
        "im a",
        "im an",
        "i work as",
        "i work in",
        "i work at",
        "i'm currently",
        "i've been a",
        "i've been an",
        "my role is",
        "my job is",
        "my name is",
        "i'm at",
        "i'm the",
    ])
});

static DIFFERENTIATOR: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "what i'm good at",
        "i'm good at",
        "i'm really good at",
        "my strength is",
        "my strengths are",
        "i specialise",
        "i specialize",
        "who specialises",
        "who specializes",
        "what sets me apart",
        "what makes me different",
        "my differentiator",
        "known for",
        "i'm best at",
        "what i do best",
        "i'm the person who",
        "i'm someone who",
    ])
});

static CLOSE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "looking for",
        "i want to",
        "i want",
        "i'd like",
        "i'd love",
        "i would like",
        "i would love",
        "next step",
        "hoping to",
        "i'm hoping",
        "my goal",
        "where i can",
        "i'm applying",
        "applying here",
        "want to be",
        "want to join",
        "want to move",
        "keen to",
        "excited to",
        "this role",
        "this job",
        "this position",
    ])
});

static PRESENT: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "currently",
        "right now",
        "at the moment",
        "these days",
        "i'm responsible",
        "i manage",
        "i run",
        "i lead",
        "my current",
        "where i am",
        "i've been teaching",
        "i've been working",
    ])
});

static PAST: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "i started",
        "started in",
        "started as",
        "started out",
        "before that",
        "then i",
        "previously",
        "i trained",
        "trained in",
        "i studied",
        "degree",
        "apprenticeship",
        "moved into",
        "worked my way",
        "i spent",
        "spent # years",
        "i used to",
        "my first job",
        "after university",
        "i worked",
        "worked at",
        "worked as",
        "i joined",
        "promoted",
        "took over",
        "i've been",
        "for # years",
        "i became",
        "became the",
    ])
});

static RESEARCHED: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "i read",
        "i've read",
        "i saw",
        "i noticed",
        "i heard",
        "you announced",
        "you opened",
        "you're moving",
        "you are moving",
        "you launched",
        "your plan",
        "your recent",
        "on your website",
        "in your report",
        "your blog",
        "your annual",
    ])
});

static INDIRECT_QUESTION: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "i'd love to know",
        "i'd like to know",
        "i'm curious",
        "i wonder",
        "could you tell me",
        "can you tell me",
        "i'd be interested to hear",
        "i'd like to hear",
        "i'd love to hear",
    ])
});

/// Words of a question about the work rather than about perks.
const ROLE_OR_TEAM: &[&str] = &[
    "team",
    "teams",
    "role",
    "success",
    "problem",
    "problems",
    "decide",
    "decides",
    "decision",
    "decisions",
    "roadmap",
    "priorities",
    "prioritise",
    "prioritize",
    "challenge",
    "challenges",
    "hardest",
    "biggest",
    "months",
    "on-call",
    "manager",
    "fix",
    "goals",
    "customers",
    "patients",
    "students",
];

/// The units that count as questions, with how many questions each holds ("how..., and
/// what...?" asks two).
pub fn questions(index: &TextIndex) -> Vec<(usize, usize)> {
    index
        .units
        .iter()
        .enumerate()
        .filter_map(|(k, u)| {
            let direct = u.question;
            let indirect = INDIRECT_QUESTION.any(index, u.tokens());
            if !(direct || indirect) {
                return None;
            }
            let joined = u.tokens().filter(|&i| {
                index.word(i) == "and"
                    && matches!(
                        index.word(i + 1),
                        "what" | "how" | "who" | "when" | "which" | "why" | "where"
                    )
            });
            Some((k, 1 + joined.count()))
        })
        .collect()
}

/// Finds the parts of a non-story answer.
pub fn find(
    index: &TextIndex,
    kind: RubricKind,
    structure: &StructureFindings,
    value: &[ValueHit],
) -> Vec<PartFinding> {
    kind.parts()
        .iter()
        .map(|&part| PartFinding {
            part,
            units: find_part(index, part, structure, value),
        })
        .collect()
}

/// The units that carry `part` (see the module rule).
pub fn find_part(
    index: &TextIndex,
    part: Part,
    structure: &StructureFindings,
    value: &[ValueHit],
) -> Vec<usize> {
    let n = index.units.len();
    let units = |pred: &dyn Fn(usize, &Unit) -> bool| -> Vec<usize> {
        index
            .units
            .iter()
            .enumerate()
            .filter(|(k, u)| pred(*k, u))
            .map(|(k, _)| k)
            .collect()
    };
    let early = |k: usize| k < 3.max(n / 3);
    let late = |k: usize| k + 2 >= n;
    let first_half = |k: usize| k <= n / 2;
    match part {
        Part::Identity => units(&|k, u| early(k) && IDENTITY.any(index, u.tokens())),
        Part::Differentiator => units(&|k, u| early(k) && differentiates(index, u)),
        Part::Proof => proof_units(index, structure, value),
        Part::Ask => {
            units(&|k, u| late(k) && (CLOSE.any(index, u.tokens()) || question_back(index, u)))
        }
        Part::Present => units(&|k, u| {
            first_half(k) && (IDENTITY.any(index, u.tokens()) || PRESENT.any(index, u.tokens()))
        }),
        Part::Past => units(&|_, u| PAST.any(index, u.tokens())),
        Part::Future => units(&|k, u| (k > 0 || n == 1) && CLOSE.any(index, u.tokens())),
        Part::Specific => {
            let asked = questions(index);
            let count: usize = asked.iter().map(|(_, c)| c).sum();
            let about_work = asked
                .iter()
                .any(|(k, _)| about_role(index, &index.units[*k]))
                || RESEARCHED.any(index, 0..index.tokens.len());
            if count >= 2 && about_work {
                asked.iter().map(|(k, _)| *k).collect()
            } else {
                Vec::new()
            }
        }
        Part::Researched => units(&|_, u| RESEARCHED.any(index, u.tokens())),
        Part::AboutRoleOrTeam => questions(index)
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| about_role(index, &index.units[*k]))
            .collect(),
    }
}

fn about_role(index: &TextIndex, unit: &Unit) -> bool {
    unit.tokens().any(|i| ROLE_OR_TEAM.contains(&index.word(i)))
}

fn question_back(index: &TextIndex, unit: &Unit) -> bool {
    unit.question
        && unit
            .tokens()
            .any(|i| matches!(index.word(i), "you" | "your" | "you're"))
}

/// "I'm a nurse who spots..." or an explicit strength, and not a list of adjectives.
fn differentiates(index: &TextIndex, unit: &Unit) -> bool {
    if DIFFERENTIATOR.any(index, unit.tokens()) {
        return true;
    }
    let Some(hit) = IDENTITY.find(index, unit.tokens()).into_iter().next() else {
        return false;
    };
    (hit.end..unit.end_token).any(|i| index.word(i) == "who")
}

/// A number inside a sentence that tells an action or a result, or a told result with a
/// business outcome. A result sentence alone is not proof: the last sentence of a pitch is
/// often background ("I've worked on surgical wards").
fn proof_units(index: &TextIndex, structure: &StructureFindings, value: &[ValueHit]) -> Vec<usize> {
    let mut out: Vec<usize> = structure
        .units_with(Element::Result)
        .filter(|&k| {
            value
                .iter()
                .any(|h| h.kind == ValueCueKind::Business && index.unit_of(h.span.start) == Some(k))
        })
        .collect();
    for hit in value.iter().filter(|h| h.kind == ValueCueKind::Quantity) {
        if let Some(k) = index.unit_of(hit.span.start) {
            let label = &structure.units[k];
            let told = label.elements.contains(&Element::Action)
                || label.elements.contains(&Element::Result)
                || label.past_action;
            if told && !out.contains(&k) {
                out.push(k);
            }
        }
    }
    // A number alone in a proof sentence ("from 61 to 78 percent") with an outcome verb.
    for (k, u) in index.units.iter().enumerate() {
        if !out.contains(&k)
            && u.tokens().any(|i| is_number(index.word(i)))
            && u.tokens().any(|i| {
                matches!(
                    index.word(i),
                    "rose" | "fell" | "dropped" | "cut" | "halved" | "doubled" | "went" | "grew"
                )
            })
        {
            out.push(k);
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{structure, value};

    fn parts(text: &str, kind: RubricKind) -> Vec<(Part, bool)> {
        let index = TextIndex::new(text);
        let s = structure::classify(&index);
        let v = value::find(&index);
        find(&index, kind, &s, &v)
            .into_iter()
            .map(|p| (p.part, !p.units.is_empty()))
            .collect()
    }

    #[test]
    fn a_three_sentence_pitch_has_every_part() {
        let p = parts(
            "I'm a support engineer who turns recurring tickets into fixes. At my company I traced our \
             top ten ticket types to four bugs, and ticket volume dropped by 35 percent in a quarter. \
             I'm looking for a support role close to the product team.",
            RubricKind::Pitch,
        );
        assert!(p.iter().all(|(_, present)| *present), "{p:?}");
    }

    #[test]
    fn a_list_of_qualities_is_not_a_differentiator_or_proof() {
        let p = parts(
            "I'm a nurse. I'm caring, organised, hard-working and a quick learner. I've worked on surgical wards.",
            RubricKind::Pitch,
        );
        assert_eq!(
            p,
            [
                (Part::Identity, true),
                (Part::Differentiator, false),
                (Part::Proof, false),
                (Part::Ask, false)
            ]
        );
    }

    #[test]
    fn about_you_needs_present_past_and_future() {
        let p = parts(
            "I'm a junior accountant at a small firm. Before that I did an apprenticeship. I'm quite organised.",
            RubricKind::AboutYou,
        );
        assert_eq!(
            p[..3],
            [
                (Part::Present, true),
                (Part::Past, true),
                (Part::Future, false)
            ]
        );
    }

    #[test]
    fn one_general_question_is_not_specific_or_about_the_role() {
        let p = parts(
            "What's the company culture like?",
            RubricKind::InterviewerQuestions,
        );
        assert!(p.iter().all(|(_, present)| !present), "{p:?}");
        let p = parts(
            "I saw that you opened three stores. How are you staffing them, and what should the new \
             manager fix first?",
            RubricKind::InterviewerQuestions,
        );
        assert!(p.iter().all(|(_, present)| *present), "{p:?}");
    }

    #[test]
    fn the_rubric_follows_the_question() {
        let mut ctx = AnswerContext::for_kind(PromptKind::TellMe);
        assert_eq!(RubricKind::of(&ctx), RubricKind::AboutYou);
        ctx.prompt_text = "We're nearly out of time. What questions do you have for us?".into();
        assert_eq!(RubricKind::of(&ctx), RubricKind::InterviewerQuestions);
    }
}
