//! Objection replies: does the reply take each step of the prompt's response framework?
//!
//! Rules: each [`ReplyStep`] has cue phrases; a step is present when a sentence holds one of
//! them. Acknowledge: accepting the concern ("that's fair", "you're right", "I haven't ...
//! yet"). Evidence: a number, "for example", or a past-tense action of the speaker. Reframe:
//! turning the concern ("what matters", "that means", "seniority shows up in"). Plan: a
//! concrete next step ("in the first 30 days", "my plan", "I'd ramp up"). Ask back: a question
//! to the interviewer. Flexibility: room to move ("flexible", "open to", "happy to discuss").
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
            EVIDENCE.any(index, range.clone()) || range.clone().any(|i| is_number(index.word(i)))
        }
        ReplyStep::Reframe => REFRAME.any(index, range),
        ReplyStep::Plan => PLAN.any(index, range),
        ReplyStep::AskBack => {
            unit.question
                && range
                    .clone()
                    .any(|i| matches!(index.word(i), "you" | "your" | "you're"))
        }
        ReplyStep::Flexibility => FLEXIBILITY.any(index, range),
    }
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
