//! Rapport cues and the trajectory of growth.
//!
//! Rules: cues are phrases in seven kinds: enthusiasm ("I loved", "excited", "fun"), warmth and
//! credit to others ("the team", "thanked", "my colleague"), humour ("haha", "we laughed"),
//! honesty about limits or mistakes ("I made a mistake", "I had never", "to be honest"),
//! questions back to the interviewer (a question sentence with "you"/"your"), a personal
//! anecdote ("I remember", "one day") and growth ("I learned", "since then", "promoted",
//! "picked up"). The answer shows a *trajectory* when it has a growth cue. Its *flow* is
//! conversational unless its sentences are list-like (very short on average) or run-on (very
//! long on average).
//!
//! Sources: the seeds (docs/sources.md) (three objectives: rapport - warm,
//! laugh, admit faults, make it a conversation, ask questions, no terse answers; trajectory -
//! humility, mistakes made and lessons learned, growth over time) and docs/sources.md
//! ("Generic feedback that does not tie a habit to the goal of the answer").

use super::delivery::TokenSpan;
use super::lexicon::Lexicon;
use super::text::TextIndex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Sentences shorter than this on average read as a bullet list, not a conversation (the seed:
/// "Short answers in bullet-point format are boring"). Six words is a short clause.
pub const LIST_LIKE_MEAN_TOKENS: f32 = 6.0;
/// Sentences longer than this on average are run-ons: 40 words is 15-20 s of speech at the
/// 110-150 WPM of docs/sources.md ("Pace") without a full stop.
pub const RUN_ON_MEAN_TOKENS: f32 = 40.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RapportCueKind {
    Enthusiasm,
    Warmth,
    Humour,
    Honesty,
    Question,
    Anecdote,
    Growth,
}

impl RapportCueKind {
    pub fn label(self) -> &'static str {
        match self {
            RapportCueKind::Enthusiasm => "enthusiasm",
            RapportCueKind::Warmth => "warmth",
            RapportCueKind::Humour => "humour",
            RapportCueKind::Honesty => "honesty",
            RapportCueKind::Question => "question back",
            RapportCueKind::Anecdote => "anecdote",
            RapportCueKind::Growth => "growth",
        }
    }
}

/// How the answer flows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    Conversational,
    ListLike,
    RunOn,
    /// Too little speech to judge.
    #[default]
    Unknown,
}

static LEXICONS: LazyLock<Vec<(Lexicon, RapportCueKind)>> = LazyLock::new(|| {
    vec![
        (
            Lexicon::new(&[
                "i love",
                "i loved",
                "i really enjoy*",
                "i enjoy*",
                "excit*",
                "fun",
                "passionate",
                "proud",
                "fascinat*",
                "thrilled",
                "favorite",
                "favourite",
                "amazing",
                "love working",
                "can't wait",
                "energiz*",
                "rewarding",
                "i'm drawn",
            ]),
            RapportCueKind::Enthusiasm,
        ),
        (
            Lexicon::new(&[
                "thank*",
                "together",
                "my colleague*",
                "my teammate*",
                "the whole team",
                "we all",
                "helped me",
                "credit",
                "grateful",
                "appreciat*",
                "with them",
                "side by side",
                "paired with",
                "partnered",
                "listened",
                "i listened",
                "we sat down",
            ]),
            RapportCueKind::Warmth,
        ),
        (
            Lexicon::new(&[
                "haha", "ha ha", "laugh*", "funny", "joke*", "lol", "chuckle*",
            ]),
            RapportCueKind::Humour,
        ),
        (
            Lexicon::new(&[
                "to be honest",
                "honestly",
                "i made a mistake",
                "my mistake",
                "mistake",
                "mistakes",
                "i was wrong",
                "i didn't know",
                "i had never",
                "i'd never",
                "i hadn't",
                "i messed up",
                "i underestimated",
                "i admit",
                "i'll admit",
                "i struggled",
                "not my strongest",
                "i failed",
                "i dropped the ball",
                "i overlooked",
                "i'm still learning",
                "i don't have",
                "i haven't",
                "my fault",
                "i got it wrong",
                "i was nervous",
                "embarrass*",
                "humbling",
            ]),
            RapportCueKind::Honesty,
        ),
        (
            Lexicon::new(&[
                "i remember",
                "i'll never forget",
                "one day",
                "one time",
                "funny story",
                "my first",
                "when i was",
                "growing up",
                "as a kid",
            ]),
            RapportCueKind::Anecdote,
        ),
        (
            Lexicon::new(&[
                "i learned",
                "i've learned",
                "i learnt",
                "since then",
                "now i",
                "next time",
                "grew",
                "growth",
                "i moved up",
                "promoted",
                "went from",
                "step up",
                "stepped up",
                "picked up",
                "taught myself",
                "i've grown",
                "over the years",
                "my next step",
                "grow into",
                "mentor*",
                "i'm learning",
                "lesson*",
                "taught me",
                "in hindsight",
                "looking back",
                "took over",
                "more responsibility",
            ]),
            RapportCueKind::Growth,
        ),
    ]
});

/// One rapport cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RapportHit {
    pub span: TokenSpan,
    pub kind: RapportCueKind,
}

/// What rapport found.
#[derive(Debug, Clone, Default)]
pub struct RapportFindings {
    pub cues: Vec<RapportHit>,
    pub trajectory: bool,
    pub flow: Option<Flow>,
}

pub fn find(index: &TextIndex) -> RapportFindings {
    let all = 0..index.tokens.len();
    let mut cues: Vec<RapportHit> = Vec::new();
    for (lexicon, kind) in LEXICONS.iter() {
        for h in lexicon.find(index, all.clone()) {
            cues.push(RapportHit {
                span: TokenSpan {
                    start: h.start,
                    end: h.end,
                },
                kind: *kind,
            });
        }
    }
    for unit in index.units.iter().filter(|u| u.question) {
        if unit
            .tokens()
            .any(|i| matches!(index.word(i), "you" | "your" | "you're" | "yours"))
        {
            cues.push(RapportHit {
                span: TokenSpan {
                    start: unit.first,
                    end: unit.end_token,
                },
                kind: RapportCueKind::Question,
            });
        }
    }
    cues.sort_by_key(|c| (c.span.start, c.span.end));
    // One span, one kind: the first lexicon in the order above wins an exact tie.
    cues.dedup_by(|b, a| a.span == b.span);
    let trajectory = cues.iter().any(|c| c.kind == RapportCueKind::Growth);
    RapportFindings {
        cues,
        trajectory,
        flow: Some(flow(index)),
    }
}

/// Conversational, list-like or run-on, from the mean sentence length.
pub fn flow(index: &TextIndex) -> Flow {
    let mut sentences = 0usize;
    for i in 0..index.tokens.len() {
        if index.sentence_end_after(i) {
            sentences += 1;
        }
    }
    if sentences < 2 || index.tokens.len() < 12 {
        return Flow::Unknown;
    }
    let mean = index.tokens.len() as f32 / sentences as f32;
    if mean < LIST_LIKE_MEAN_TOKENS {
        Flow::ListLike
    } else if mean > RUN_ON_MEAN_TOKENS {
        Flow::RunOn
    } else {
        Flow::Conversational
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<RapportCueKind> {
        find(&TextIndex::new(text))
            .cues
            .into_iter()
            .map(|c| c.kind)
            .collect()
    }

    #[test]
    fn admitting_a_mistake_is_honesty() {
        assert_eq!(
            kinds("Honestly I made a mistake there."),
            [RapportCueKind::Honesty, RapportCueKind::Honesty]
        );
    }

    #[test]
    fn a_question_to_the_interviewer_is_found() {
        assert_eq!(
            kinds("That was the project. How does your team handle on-call?"),
            [RapportCueKind::Question]
        );
    }

    #[test]
    fn a_rhetorical_question_without_you_is_not_a_question_back() {
        assert!(kinds("And what happened next? It broke.").is_empty());
    }

    #[test]
    fn growth_cue_makes_a_trajectory() {
        assert!(find(&TextIndex::new("Since then I review every change.")).trajectory);
        assert!(!find(&TextIndex::new("I fixed it.")).trajectory);
    }

    #[test]
    fn bullet_fragments_read_as_a_list() {
        assert_eq!(
            flow(&TextIndex::new(
                "Python. SQL. Airflow. Dashboards. Stakeholders. Reports. Budgets. Hiring. Metrics. Teams. Done. Growth."
            )),
            Flow::ListLike
        );
    }
}
