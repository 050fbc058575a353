//! Objection replies: does the reply take each step of the prompt's response framework?
//!
//! Rules: a step is present when a sentence carries its meaning, not merely a cue word.
//! Acknowledge: accepting the concern or thanking for it ("that's fair", "you're right", "I
//! haven't ... yet", "thank you for being open about the budget", "I appreciate that"; the
//! framework itself says to thank the interviewer). Evidence: a claim about what the speaker
//! did *with specifics*: a past action or an evidence phrase ("at my last job", "I built") in a
//! sentence that also holds a number, a name (a capitalised word inside the sentence) or "for
//! example"; a claim with nothing specific ("I'm a fast learner") is not evidence. Reframe:
//! turning the concern ("what matters", "that means", "seniority shows up in"). Plan: an
//! intention ("I'll", "I'd", "my plan") with a concrete step (shadow, pair, rebuild, a course)
//! or a time frame ("in the first 30 days", "my first week"); "I'll learn it" is not a plan.
//! Ask back: a question to the interviewer. Flexibility: room to move ("flexible", "open to",
//! "happy to discuss"). Caving and bluffing sentences are red flags
//! ([`super::red_flags`]) and are taken out of the steps by the caller.
//!
//! Source: the seeds (docs/sources.md), section 5 "Handling Common Objections"
//! (response frameworks and example replies: emphasise evidence, connect adjacent skills,
//! share a plan, reframe seniority as behaviour, tie pay to value).

use super::delivery::TokenSpan;
use super::lexicon::Lexicon;
use super::text::{TextIndex, is_number};
use crate::domain::ReplyStep;
use std::sync::LazyLock;

static ACKNOWLEDGE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "that's fair",
        "that is fair",
        "fair point",
        "fair question",
        "fair concern",
        "you're right",
        "you are right",
        "i understand",
        "i hear you",
        "that's a valid",
        "that's true",
        "it's true",
        "i agree",
        "makes sense",
        "that makes sense",
        "i get that",
        "i get it",
        "i totally understand",
        "good question",
        "i don't have",
        "i haven't",
        "i've not",
        "while my",
        "although my",
        "it's a reasonable",
        "that's a reasonable",
        "i can see why",
        "i see why",
        "understandable",
        "valid concern",
        "i know my",
        "i know i",
        "yes i",
        "yeah i",
        "absolutely",
        "thank*",
        "appreciat*",
        "correct",
        "that's right",
        "agreed",
        "true",
        "i realise",
        "i realize",
        "i recognise",
        "i recognize",
        "understood",
        "i can see",
        "good point",
        "fair enough",
    ])
});

static EVIDENCE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "for example",
        "for instance",
        "in my last",
        "at my last",
        "i built",
        "i delivered",
        "i went from",
        "i led",
        "i've led",
        "i've built",
        "i've shipped",
        "i've delivered",
        "i shipped",
        "i ran",
        "i designed",
        "i wrote",
        "i set up",
        "i created",
        "i reduced",
        "i cut",
        "i saved",
        "i picked up",
        "i learned",
        "i taught myself",
        "my portfolio",
        "i can show",
        "last year i",
        "i managed",
        "i've managed",
        "i've used",
        "i used",
        "i've worked",
        "i worked",
        "i've run",
        "i was the",
        "i brought",
        "i set",
        "i introduced",
        "i trained",
        "in my current",
        "on my current",
        "my last two",
        "my last",
    ])
});

/// A concrete step of a plan: something one can picture being done.
static CONCRETE_STEP: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "shadow*",
        "pair*",
        "rebuild",
        "build",
        "set up",
        "read",
        "take a course",
        "a course",
        "book",
        "asked",
        "ask",
        "practis*",
        "practic*",
        "study",
        "complete",
        "finish",
        "deploy",
        "migrate",
        "write",
        "run",
        "start by",
        "sign up",
        "signed up",
        "enrolled",
        "certification",
        "demo",
    ])
});

/// A time frame that makes a plan checkable.
static TIME_FRAME: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "#",
        "first week",
        "first month",
        "first day",
        "first weeks",
        "first months",
        "by the end of",
        "within",
        "this week",
        "next week",
        "already",
        "weeks",
        "days",
        "months",
    ])
});

static REFRAME: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "what matters",
        "what really matters",
        "is really about",
        "it's really about",
        "the way i see it",
        "in practice",
        "that means",
        "which means",
        "what that means",
        "shows up in",
        "shows up as",
        "the real question",
        "rather than",
        "instead of",
        "what you get",
        "notice that",
        "translates",
        "the point is",
        "more important",
        "more importantly",
        "the upside",
        "the advantage",
        "actually means",
        "i'd argue",
        "i see it as",
        "is a strength",
        "brings",
        "fresh",
        "the same behaviors",
        "the same skills",
        "transfer",
        "transferable",
        "adjacent",
        "same problem",
        "reflect*",
    ])
});

static PLAN: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "my plan",
        "first # days",
        "in the first",
        "within # ?",
        "i would start by",
        "i'd start by",
        "i'll",
        "i will",
        "i'm planning",
        "i plan to",
        "i'd spend",
        "ramp up",
        "ramp on",
        "next step",
        "i've already started",
        "i'm already",
        "i'm taking",
        "i'm working through",
        "course",
        "certification",
        "i'd pair",
        "onboarding",
        "learning plan",
        "by the end of",
        "i'd",
        "i would",
        "i'm going to",
        "i've already",
        "i'd plan",
    ])
});

static FLEXIBILITY: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "flexible",
        "flexibility",
        "open to",
        "negotiable",
        "happy to discuss",
        "work with you",
        "range",
        "total package",
        "equity",
        "start date",
        "room to",
        "meet in the middle",
        "find something that works",
        "open conversation",
        "willing to",
    ])
});

/// The evidence for one step: sentence token spans.
#[derive(Debug, Clone, PartialEq)]
pub struct StepFinding {
    pub step: ReplyStep,
    pub units: Vec<TokenSpan>,
}

pub fn check(index: &TextIndex, framework: &[ReplyStep]) -> Vec<StepFinding> {
    framework
        .iter()
        .map(|&step| {
            let units = index
                .units
                .iter()
                .filter(|u| unit_has_step(index, u, step))
                .map(|u| TokenSpan {
                    start: u.first,
                    end: u.end_token,
                })
                .collect();
            StepFinding { step, units }
        })
        .collect()
}

fn unit_has_step(index: &TextIndex, unit: &super::text::Unit, step: ReplyStep) -> bool {
    let range = unit.tokens();
    match step {
        ReplyStep::Acknowledge => ACKNOWLEDGE.any(index, range),
        ReplyStep::Evidence => {
            (EVIDENCE.any(index, range.clone()) || past_claim(index, unit))
                && has_specifics(index, unit)
        }
        ReplyStep::Reframe => REFRAME.any(index, range),
        ReplyStep::Plan => {
            PLAN.any(index, range.clone())
                && (CONCRETE_STEP.any(index, range.clone()) || TIME_FRAME.any(index, range))
        }
        ReplyStep::AskBack => {
            unit.question
                && range
                    .clone()
                    .any(|i| matches!(index.word(i), "you" | "your" | "you're"))
        }
        ReplyStep::Flexibility => FLEXIBILITY.any(index, range),
    }
}

/// "I cut", "we shipped", "I've led": the speaker tells something done.
fn past_claim(index: &TextIndex, unit: &super::text::Unit) -> bool {
    unit.tokens().any(|i| {
        let next = index.word(i + 1);
        matches!(index.word(i), "i" | "we" | "i've" | "we've")
            && ((next.ends_with("ed") && next.len() > 3)
                || matches!(
                    next,
                    "built"
                        | "led"
                        | "ran"
                        | "brought"
                        | "made"
                        | "set"
                        | "won"
                        | "took"
                        | "cut"
                        | "wrote"
                        | "taught"
                        | "went"
                        | "did"
                        | "grew"
                        | "sold"
                        | "got"
                ))
    })
}

/// A number, "for example", or a name (a capitalised word that does not open the sentence and
/// is not "I"): what turns a claim into evidence.
fn has_specifics(index: &TextIndex, unit: &super::text::Unit) -> bool {
    unit.tokens().any(|i| {
        let w = index.word(i);
        if is_number(w) || (w == "for" && matches!(index.word(i + 1), "example" | "instance")) {
            return true;
        }
        let raw = &index.text[index.tokens[i].start..index.tokens[i].end];
        i > unit.first
            && raw.chars().next().is_some_and(char::is_uppercase)
            && !(w == "i" || w.starts_with("i'"))
    })
}

/// The sentences of the answer that take `step`, by meaning (see the module rule), whether or
/// not the prompt's framework lists it (the signals check asks about steps too).
pub fn units_with_step(index: &TextIndex, step: ReplyStep) -> Vec<usize> {
    index
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| unit_has_step(index, u, step))
        .map(|(k, _)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn present(text: &str, steps: &[ReplyStep]) -> Vec<bool> {
        check(&TextIndex::new(text), steps)
            .into_iter()
            .map(|f| !f.units.is_empty())
            .collect()
    }

    #[test]
    fn a_full_reply_takes_every_step() {
        let text = "That's a fair concern, I haven't used Kafka in production. At my last job I built a queue on \
                    RabbitMQ that handled 2 million messages a day. The way I see it, the concepts transfer. In the \
                    first 30 days I'd pair with your team on the pipeline. What does your stack look like?";
        let steps = [
            ReplyStep::Acknowledge,
            ReplyStep::Evidence,
            ReplyStep::Reframe,
            ReplyStep::Plan,
            ReplyStep::AskBack,
        ];
        assert_eq!(present(text, &steps), [true; 5]);
    }

    #[test]
    fn an_argumentative_reply_does_not_acknowledge() {
        assert_eq!(
            present("No, that's wrong. I am senior.", &[ReplyStep::Acknowledge]),
            [false]
        );
    }

    #[test]
    fn thanks_is_an_acknowledgement() {
        assert_eq!(
            present(
                "Thank you for being open about the budget.",
                &[ReplyStep::Acknowledge]
            ),
            [true]
        );
    }

    #[test]
    fn a_claim_without_specifics_is_not_evidence() {
        let steps = [ReplyStep::Evidence];
        assert_eq!(present("I'm a very fast learner.", &steps), [false]);
        assert_eq!(present("I have learned lots of tools.", &steps), [false]);
        assert_eq!(
            present("At my last job I ran our services on Nomad.", &steps),
            [true]
        );
        assert_eq!(
            present("I cut our cloud bill by 40,000 euros a month.", &steps),
            [true]
        );
    }

    #[test]
    fn a_plan_needs_a_concrete_step_or_a_time_frame() {
        let steps = [ReplyStep::Plan];
        assert_eq!(present("I'll learn it.", &steps), [false]);
        assert_eq!(
            present("I'd shadow a colleague for my first week.", &steps),
            [true]
        );
    }

    #[test]
    fn flexibility_is_found_in_salary_replies() {
        assert_eq!(
            present(
                "I'm open to talking about the total package.",
                &[ReplyStep::Flexibility]
            ),
            [true]
        );
    }
}
