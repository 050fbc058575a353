//! The prompt's own signals: each "a strong answer shows" line becomes a check.
//!
//! Rules: a signal is read once into one or more tests, all of which must hold:
//! - *Negative* signals ("No blaming others", "No criticism of the current employer",
//!   "without apologising", "no bluffing", "not a disguised strength") are met when the answer
//!   has no red flag of that kind ([`super::red_flags`]); their evidence is the flag.
//! - Signals that name a part of the answer use the rubric's detectors
//!   ([`super::rubric`]: identity, differentiator, proof, the close, present / past / future,
//!   specific / researched questions) or a reply step judged by meaning
//!   ([`super::objection`]: a plan, evidence from an adjacent tool, an acknowledgement).
//! - Signals about the story use the structure and the cues: a lesson (a Learning sentence or
//!   a growth cue), an outcome (a Result), a figure (a number in a told result or action), own
//!   part (owning a mistake), credit to others, raising a problem early, options, trust.
//! - Anything else is checked by the words it shares with the answer: present when one
//!   sentence holds at least [`WORDS_MIN_SHARE`] of the signal's content words (and at least
//!   one). The report says which test judged each signal ("judged_by"), so a word match is
//!   never mistaken for an understood signal.
//!
//! Evidence never comes from inside a red flag: a cynical "lesson" is not growth.
//!
//! Sources: the `signals` of prompts/*.toml; the team's labelling guide (what counts as a
//! Result, a Learning, value and rapport). Measured on tests/data/red_flags (README).

use super::delivery::TokenSpan;
use super::lexicon::Lexicon;
use super::rapport::{RapportCueKind, RapportHit};
use super::red_flags::{FlagHit, RedFlagKind};
use super::relevance::content_stems;
use super::rubric::{self, Part};
use super::structure::StructureFindings;
use super::text::TextIndex;
use super::value::ValueHit;
use crate::domain::{Element, ReplyStep};
use std::sync::LazyLock;

/// A word-matched signal is present when one sentence holds this share of its content words.
pub const WORDS_MIN_SHARE: f32 = 0.4;

/// One test a signal is read into.
#[derive(Debug, Clone, PartialEq)]
pub enum SignalTest {
    /// No red flag of these kinds.
    Avoids(Vec<RedFlagKind>),
    Part(Part),
    Step(ReplyStep),
    /// A figure inside a told result or action.
    Figure,
    QuestionBack,
    Learning,
    Credit,
    OwnPart,
    Perspective,
    Conversation,
    Outcome,
    Episode,
    Improvement,
    RoleLink,
    Early,
    Options,
    Trust,
    Enthusiasm,
    Salvage,
    /// Keeps the conversation open: room to move or a question back.
    Open,
    /// A number or an amount anywhere ("a number or a range" for pay).
    Amount,
    Words,
}

impl SignalTest {
    pub fn name(&self) -> String {
        match self {
            SignalTest::Avoids(kinds) => format!(
                "red flags ({})",
                kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            SignalTest::Part(p) => format!("part: {}", p.label().to_lowercase()),
            SignalTest::Step(s) => format!("reply step: {}", s.label().to_lowercase()),
            SignalTest::Figure => "figure in a result".into(),
            SignalTest::QuestionBack => "question back".into(),
            SignalTest::Learning => "lesson or growth".into(),
            SignalTest::Credit => "credit to others".into(),
            SignalTest::OwnPart => "own part".into(),
            SignalTest::Perspective => "their perspective".into(),
            SignalTest::Conversation => "conversation".into(),
            SignalTest::Outcome => "outcome".into(),
            SignalTest::Episode => "a specific episode".into(),
            SignalTest::Improvement => "steps to improve".into(),
            SignalTest::RoleLink => "link to this role".into(),
            SignalTest::Early => "raised early".into(),
            SignalTest::Options => "options".into(),
            SignalTest::Trust => "trust afterwards".into(),
            SignalTest::Enthusiasm => "enthusiasm".into(),
            SignalTest::Salvage => "what was kept".into(),
            SignalTest::Open => "kept open".into(),
            SignalTest::Amount => "a number stated".into(),
            SignalTest::Words => "shared words".into(),
        }
    }
}

/// Reads a signal into its tests (see the module rule).
pub fn tests_for(signal: &str) -> Vec<SignalTest> {
    let s = signal.to_lowercase();
    let has = |k: &str| s.contains(k);
    let mut out = Vec::new();
    let mut avoid = Vec::new();
    if has("blaming") || has("defensive") || has("excuses") {
        avoid.push(RedFlagKind::Blame);
    }
    if has("criticis")
        || has("character")
        || has("defensive")
        || has("bad-mouth")
        || has("relationship")
        || has("running anyone down")
        || has("not the person")
    {
        avoid.push(RedFlagKind::BadMouthing);
    }
    if has("bluff") {
        avoid.push(RedFlagKind::Bluffing);
    }
    if has("disguised strength") {
        avoid.extend([RedFlagKind::HumbleBrag, RedFlagKind::NotAnswering]);
    }
    if has("apologis")
        || has("apologiz")
        || has("unapolog")
        || has("apology")
        || has("concession")
        || has("dropping the number")
    {
        avoid.push(RedFlagKind::Caving);
    }
    if !avoid.is_empty() {
        out.push(SignalTest::Avoids(avoid));
    }
    let positive = if has("dropping the number") || has("conversation open") {
        Some(SignalTest::Open)
    } else if has("identity") {
        Some(SignalTest::Part(Part::Identity))
    } else if has("differentiator") {
        Some(SignalTest::Part(Part::Differentiator))
    } else if s.starts_with("present:") {
        Some(SignalTest::Part(Part::Present))
    } else if s.starts_with("past:") {
        Some(SignalTest::Part(Part::Past))
    } else if s.starts_with("future:") {
        Some(SignalTest::Part(Part::Future))
    } else if has("two or three") || has("specific questions") {
        Some(SignalTest::Part(Part::Specific))
    } else if has("questions about") {
        Some(SignalTest::Part(Part::AboutRoleOrTeam))
    } else if has("question back") || has("invites the interviewer") {
        Some(SignalTest::QuestionBack)
    } else if has("looking for") || has("close about the role") || has("role you want") {
        Some(SignalTest::Part(Part::Ask))
    } else if has("proof") || has("concrete result") {
        Some(SignalTest::Part(Part::Proof))
    } else if has("a number or a range") {
        Some(SignalTest::Amount)
    } else if has("own part") || has("their part") || has("honest about") || has("owns the") {
        Some(SignalTest::OwnPart)
    } else if has("salvag") {
        Some(SignalTest::Salvage)
    } else if has("lesson")
        || has("differently")
        || has("hindsight")
        || has("learned")
        || has("changed afterwards")
    {
        Some(SignalTest::Learning)
    } else if has("credit") {
        Some(SignalTest::Credit)
    } else if has("perspective")
        || has("understand their")
        || has("understood the other")
        || has("person needed")
    {
        Some(SignalTest::Perspective)
    } else if has("conversation") || has("working arrangement") {
        Some(SignalTest::Conversation)
    } else if has("plan") || has("time frame") || has("first weeks") {
        Some(SignalTest::Step(ReplyStep::Plan))
    } else if has("adjacent") || has("bridges") || has("transfer") || has("same problem") {
        Some(SignalTest::Step(ReplyStep::Evidence))
    } else if has("seriously") || has("agrees calmly") || has("accepts the") || has("acknowledg") {
        Some(SignalTest::Step(ReplyStep::Acknowledge))
    } else if has("example of when") || has("concrete example") || has("turning point") {
        Some(SignalTest::Episode)
    } else if has("actions taken") || has("specific actions") || has("put it right") {
        Some(SignalTest::Improvement)
    } else if has("number") || has("figure") || has("measur") || has("per month") {
        Some(SignalTest::Figure)
    } else if has("moving toward") || has("positive framing") || has("want next") {
        Some(SignalTest::Part(Part::Future))
    } else if has("this role") || has("role offers") {
        Some(SignalTest::RoleLink)
    } else if has("early") {
        Some(SignalTest::Early)
    } else if has("options") {
        Some(SignalTest::Options)
    } else if has("trust") {
        Some(SignalTest::Trust)
    } else if has("curiosity") || has("enthusiasm") {
        Some(SignalTest::Enthusiasm)
    } else if has("progress")
        || has("outcome")
        || has("result")
        || has("delivered")
        || has("achieved")
        || has("relationship")
    {
        Some(SignalTest::Outcome)
    } else if out.is_empty() && !has("calm") {
        Some(SignalTest::Words)
    } else {
        None
    };
    out.extend(positive);
    out
}

/// What the signal check found.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalFinding {
    pub signal: String,
    pub present: bool,
    pub negative: bool,
    /// The sentences (or, for a failed negative signal, the flags) it rests on.
    pub evidence: Vec<TokenSpan>,
    pub judged_by: String,
}

/// Everything the signal checks read.
pub struct SignalInputs<'a> {
    pub index: &'a TextIndex<'a>,
    pub structure: &'a StructureFindings,
    pub value: &'a [ValueHit],
    pub rapport: &'a [RapportHit],
    pub flags: &'a [FlagHit],
}

static OWN_PART: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "my part",
        "on me",
        "my mistake",
        "my fault",
        "i should have",
        "i underestimated",
        "i hadn't",
        "i had not",
        "i admitted",
        "i admit",
        "have to admit",
        "i got it wrong",
        "i was wrong",
        "i had approved",
        "i approved",
        "i set the",
        "i also hadn't",
        "i priced",
        "i didn't",
        "i never checked",
    ])
});

static PERSPECTIVE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "asked why",
        "asked what",
        "asked her why",
        "asked him why",
        "asked them why",
        "turned out",
        "learned he",
        "learned she",
        "learned they",
        "understand",
        "perspective",
        "worried about",
        "getting in the way",
        "listened",
        "why he",
        "why she",
        "why they",
    ])
});

static CONVERSATION: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "talked to",
        "talked with",
        "spoke to",
        "spoke with",
        "met him",
        "met her",
        "met them",
        "sat down",
        "asked her",
        "asked him",
        "asked them",
        "for a coffee",
        "we agreed",
        "conversation",
        "one-to-one",
        "one to one",
        "weekly",
        "suggested we",
        "we moved",
    ])
});

static ROLE_LINK: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "this role",
        "this job",
        "this position",
        "this school",
        "this team",
        "this company",
        "your plan",
        "your new",
        "your team",
        "here",
    ])
});

static EARLY: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "early",
        "straight away",
        "same day",
        "that week",
        "immediately",
        "right away",
        "at once",
        "rather than wait",
        "first thing",
        "as soon as",
    ])
});

static OPTIONS: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "option*",
        "a plan",
        "the plan",
        "choice",
        "alternative*",
        "we could",
        "either",
    ])
});

static TRUST: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "trust*",
        "asked me to",
        "now asks",
        "later asked",
        "after that",
        "since then",
        "afterwards",
        "confidence",
    ])
});

static ENTHUSIASM: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "curious",
        "keen",
        "love to know",
        "love to hear",
        "excited",
        "interested",
        "i'd love",
        "can't wait",
    ])
});

static IMPROVEMENT: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "since then",
        "i now",
        "now i",
        "i've since",
        "i've been",
        "i started",
        "i joined",
        "i review",
        "i rehearse",
        "i practise",
        "i practice",
        "i ask",
    ])
});

static SALVAGE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "salvag*",
        "we kept",
        "kept the",
        "reused",
        "still use*",
        "still used",
        "handed the",
        "we turned",
        "turned the",
    ])
});

static OPEN: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "open to",
        "flexib*",
        "happy to discuss",
        "look at the",
        "look at",
        "find a way",
        "how far apart",
        "room in",
        "make it work",
        "whole package",
        "total package",
        "before either of us",
    ])
});

/// Checks every signal.
pub fn check(signals: &[String], inputs: &SignalInputs) -> Vec<SignalFinding> {
    signals
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|signal| check_one(signal, inputs))
        .collect()
}

fn check_one(signal: &str, inputs: &SignalInputs) -> SignalFinding {
    let tests = tests_for(signal);
    let negative = matches!(tests.first(), Some(SignalTest::Avoids(_)));
    let mut present = true;
    let mut evidence = Vec::new();
    for test in &tests {
        let (ok, spans) = run(test, signal, inputs);
        present &= ok;
        evidence.extend(spans);
    }
    evidence.sort_by_key(|s| (s.start, s.end));
    evidence.dedup();
    SignalFinding {
        signal: signal.to_string(),
        present,
        negative,
        evidence,
        judged_by: tests
            .iter()
            .map(SignalTest::name)
            .collect::<Vec<_>>()
            .join(" + "),
    }
}

/// Runs one test: whether it holds, and the spans it rests on (for a negative test that
/// fails, the flags).
fn run(test: &SignalTest, signal: &str, inputs: &SignalInputs) -> (bool, Vec<TokenSpan>) {
    let index = inputs.index;
    let flagged = |k: usize| {
        let u = &index.units[k];
        inputs
            .flags
            .iter()
            .any(|f| f.span.start < u.end_token && u.first < f.span.end)
    };
    let spans = |units: Vec<usize>| -> (bool, Vec<TokenSpan>) {
        let kept: Vec<TokenSpan> = units
            .into_iter()
            .filter(|&k| !flagged(k))
            .map(|k| TokenSpan {
                start: index.units[k].first,
                end: index.units[k].end_token,
            })
            .collect();
        (!kept.is_empty(), kept)
    };
    let lexicon_units = |lexicon: &Lexicon| -> Vec<usize> {
        (0..index.units.len())
            .filter(|&k| lexicon.any(index, index.units[k].tokens()))
            .collect()
    };
    let rapport_units = |kinds: &[RapportCueKind]| -> Vec<usize> {
        inputs
            .rapport
            .iter()
            .filter(|c| kinds.contains(&c.kind))
            .filter_map(|c| index.unit_of(c.span.start))
            .collect()
    };
    let element_units =
        |e: Element| -> Vec<usize> { inputs.structure.units_with(e).collect::<Vec<_>>() };
    match test {
        SignalTest::Avoids(kinds) => {
            let hits: Vec<TokenSpan> = inputs
                .flags
                .iter()
                .filter(|f| kinds.contains(&f.kind))
                .map(|f| f.span)
                .collect();
            (hits.is_empty(), hits)
        }
        SignalTest::Part(part) => spans(rubric::find_part(
            index,
            *part,
            inputs.structure,
            inputs.value,
        )),
        SignalTest::Step(step) => spans(super::objection::units_with_step(index, *step)),
        SignalTest::Amount => spans(
            (0..index.units.len())
                .filter(|&k| {
                    index.units[k]
                        .tokens()
                        .any(|i| super::text::is_number(index.word(i)))
                })
                .collect(),
        ),
        SignalTest::Figure => spans(
            rubric::find_part(index, Part::Proof, inputs.structure, inputs.value)
                .into_iter()
                .filter(|&k| {
                    index.units[k]
                        .tokens()
                        .any(|i| super::text::is_number(index.word(i)))
                })
                .collect(),
        ),
        SignalTest::QuestionBack => {
            let mut units: Vec<usize> = index
                .units
                .iter()
                .enumerate()
                .filter(|(_, u)| {
                    u.question
                        && u.tokens()
                            .any(|i| matches!(index.word(i), "you" | "your" | "you're"))
                })
                .map(|(k, _)| k)
                .collect();
            units.extend(lexicon_units(&OPEN));
            spans(units)
        }
        SignalTest::Learning => {
            let mut units = element_units(Element::Learning);
            units.extend(rapport_units(&[RapportCueKind::Growth]));
            spans(units)
        }
        SignalTest::Credit => spans(rapport_units(&[RapportCueKind::Warmth])),
        SignalTest::OwnPart => {
            let mut units = lexicon_units(&OWN_PART);
            units.extend(rapport_units(&[RapportCueKind::Honesty]));
            spans(units)
        }
        SignalTest::Perspective => spans(lexicon_units(&PERSPECTIVE)),
        SignalTest::Conversation => spans(lexicon_units(&CONVERSATION)),
        SignalTest::Outcome => spans(element_units(Element::Result)),
        SignalTest::Episode => {
            let mut units = element_units(Element::Situation);
            units.extend(element_units(Element::Action));
            spans(units)
        }
        SignalTest::Improvement => {
            let mut units = lexicon_units(&IMPROVEMENT);
            units.extend(element_units(Element::Learning));
            spans(units)
        }
        SignalTest::RoleLink => spans(lexicon_units(&ROLE_LINK)),
        SignalTest::Early => spans(lexicon_units(&EARLY)),
        SignalTest::Options => spans(lexicon_units(&OPTIONS)),
        SignalTest::Trust => spans(lexicon_units(&TRUST)),
        SignalTest::Enthusiasm => {
            let mut units = lexicon_units(&ENTHUSIASM);
            units.extend(rapport_units(&[RapportCueKind::Enthusiasm]));
            spans(units)
        }
        SignalTest::Salvage => spans(lexicon_units(&SALVAGE)),
        SignalTest::Open => {
            let mut units = lexicon_units(&OPEN);
            units.extend(super::objection::units_with_step(
                index,
                ReplyStep::Flexibility,
            ));
            units.extend(index.units.iter().enumerate().filter_map(|(k, u)| {
                (u.question
                    && u.tokens()
                        .any(|i| matches!(index.word(i), "you" | "your" | "we" | "us")))
                .then_some(k)
            }));
            spans(units)
        }
        SignalTest::Words => spans(word_match(signal, index)),
    }
}

/// The sentence sharing the most content words with the signal, when it shares enough.
fn word_match(signal: &str, index: &TextIndex) -> Vec<usize> {
    let wanted = content_stems(signal);
    if wanted.is_empty() {
        return Vec::new();
    }
    let need = ((wanted.len() as f32 * WORDS_MIN_SHARE).ceil() as usize).max(1);
    index
        .units
        .iter()
        .enumerate()
        .map(|(k, u)| {
            let have = content_stems(&index.text[u.start..u.end]);
            (k, wanted.intersection(&have).count())
        })
        .filter(|(_, n)| *n >= need)
        .max_by_key(|(_, n)| *n)
        .map(|(k, _)| vec![k])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{rapport, red_flags, structure, value};

    fn check_text(text: &str, signal: &str, question: &str) -> SignalFinding {
        let index = TextIndex::new(text);
        let s = structure::classify(&index);
        let v = value::find(&index);
        let r = rapport::find(&index);
        let scope = red_flags::FlagScope::from_question(question, &[]);
        let flags = red_flags::find(&index, &scope);
        let inputs = SignalInputs {
            index: &index,
            structure: &s,
            value: &v,
            rapport: &r.cues,
            flags: &flags,
        };
        check(&[signal.to_string()], &inputs).remove(0)
    }

    #[test]
    fn a_negative_signal_fails_on_its_red_flag() {
        let f = check_text(
            "The designers never delivered the screens. None of it was my fault.",
            "No blaming others or circumstances alone",
            "Describe a project that failed.",
        );
        assert!(f.negative && !f.present);
        assert_eq!(f.evidence.len(), 2);
        let f = check_text(
            "I tested the vendor too late; that was my mistake.",
            "No blaming others or circumstances alone",
            "Describe a project that failed.",
        );
        assert!(f.present);
    }

    #[test]
    fn a_figure_must_sit_in_a_told_result() {
        let signal = "Ties the number to value delivered, with a figure";
        let q = "The number you gave us is above what we budgeted.";
        assert!(check_text("I cut our cloud bill by 40,000 euros a month.", signal, q).present);
        assert!(!check_text("The commute is about twenty minutes.", signal, q).present);
    }

    #[test]
    fn signals_are_read_into_named_tests() {
        assert_eq!(
            tests_for("Owned their part without blaming others"),
            [
                SignalTest::Avoids(vec![RedFlagKind::Blame]),
                SignalTest::OwnPart
            ]
        );
        assert_eq!(
            tests_for("One differentiator, not a list"),
            [SignalTest::Part(Part::Differentiator)]
        );
        assert_eq!(
            tests_for("Cost of change weighed against team skills"),
            [SignalTest::Words]
        );
    }

    #[test]
    fn a_word_matched_signal_points_at_its_sentence() {
        let f = check_text(
            "We met weekly. I recorded the decision in an ADR with its reasoning.",
            "Recorded the decision and its reasoning",
            "Tell me about a decision.",
        );
        assert!(f.present);
        assert_eq!(f.judged_by, "shared words");
        assert_eq!(f.evidence[0].start, 3);
    }
}
