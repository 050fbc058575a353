//! Does the answer take up the question asked?
//!
//! Rules: an answer does not address the question when it opens by deflecting it ("I haven't
//! really had a project fail", "you've covered everything", "it's all on my CV"), or, for a
//! question that asks for an episode, a weakness or questions, opens by denying its premise
//! (a first-person negation followed by the question's topic word: "I've never really
//! disagreed with a manager"; the people it names and its generic verbs are not its topic), or
//! when it shares (almost) nothing with the question *and* lacks the shape the question asks
//! for (a past episode for a story, found by the structure rules or by past-tense verbs with
//! the speaker as a subject, [`tells_an_episode`], so a story transcribed without punctuation
//! still has it; who you are or one's work for a pitch or "tell me about yourself", talk
//! of one's work or pay for the other "tell me" questions such as "why did you leave" or
//! "your salary expectations", a question for "what questions do you have", a reply step for
//! an objection). The shape check keeps a short, on-topic answer that happens to use other
//! words from being called off-topic. Time words ("last", "next", "current") are not content
//! words: "last summer" shares no topic with "your last job".
//!
//! How close the answer is to the question is a [`QuestionSimilarity`]: today
//! [`WordOverlap`], the cosine between the sets of content-word stems of the question (with
//! its signals) and of the answer. This is the seam where a sentence encoder (the coaching
//! model of issue 10) replaces the word match: implement the trait, pass it to
//! [`super::analyze_with`], and the threshold travels with it.
//!
//! Source: the built-in prompts' signals and docs/sources.md ("Generic feedback that does not
//! tie a habit to the goal of the answer").

use super::delivery::TokenSpan;
use super::lexicon::Lexicon;
use super::text::{TextIndex, is_number};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// How close an answer (or one of its sentences) is to the question, 0..1.
pub trait QuestionSimilarity {
    /// The name shown in the feedback ("word_overlap", "encoder").
    fn name(&self) -> &'static str;
    fn similarity(&self, question: &str, answer: &str) -> f32;
    /// At or above this the answer is on the question's topic.
    fn threshold(&self) -> f32;
}

/// Word-overlap similarity: cosine of the two sets of content-word stems.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordOverlap;

/// One shared content word between a 20-word question and a 25-word answer gives about 0.045;
/// below this nothing is shared.
pub const WORD_OVERLAP_MIN: f32 = 0.04;
/// Stems are this many leading characters ("budgeted" and "budget" share "budge").
const STEM_CHARS: usize = 5;

impl QuestionSimilarity for WordOverlap {
    fn name(&self) -> &'static str {
        "word_overlap"
    }

    fn similarity(&self, question: &str, answer: &str) -> f32 {
        let q = content_stems(question);
        let a = content_stems(answer);
        if q.is_empty() || a.is_empty() {
            return 0.0;
        }
        let shared = q.intersection(&a).count() as f32;
        shared / ((q.len() * a.len()) as f32).sqrt()
    }

    fn threshold(&self) -> f32 {
        WORD_OVERLAP_MIN
    }
}

const STOPWORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "you",
    "your",
    "yours",
    "i",
    "me",
    "my",
    "we",
    "our",
    "us",
    "they",
    "them",
    "their",
    "he",
    "she",
    "his",
    "her",
    "what",
    "which",
    "who",
    "whom",
    "how",
    "why",
    "when",
    "where",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "not",
    "no",
    "so",
    "if",
    "then",
    "than",
    "there",
    "here",
    "about",
    "tell",
    "time",
    "describe",
    "give",
    "example",
    "one",
    "two",
    "three",
    "some",
    "any",
    "all",
    "more",
    "most",
    "other",
    "such",
    "very",
    "just",
    "also",
    "can",
    "could",
    "would",
    "should",
    "will",
    "may",
    "might",
    "must",
    "shall",
    "into",
    "out",
    "up",
    "down",
    "over",
    "under",
    "again",
    "once",
    "only",
    "own",
    "same",
    "too",
    "rather",
    "something",
    "things",
    "thing",
    "really",
    "like",
    "well",
    "even",
    "while",
    "after",
    "before",
    "during",
    "without",
    "within",
    "not",
    "only",
    "clear",
    "shows",
    "show",
    // Time qualifiers say when, not what about ("last summer" shares nothing with "your last
    // job").
    "last",
    "next",
    "first",
    "current",
    "previous",
    "former",
    "recent",
];

/// Lower-case content-word stems of a text.
pub fn content_stems(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.to_lowercase().replace('’', "'"))
        .map(|w| w.trim_end_matches("'s").to_string())
        .filter(|w| w.chars().count() >= 3 && !STOPWORDS.contains(&w.as_str()))
        .map(|w| w.chars().take(STEM_CHARS).collect())
        .collect()
}

/// Openings that decline the question.
static DEFLECTION: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "covered everything",
        "no questions",
        "don't have any questions",
        "don't have any weakness*",
        "don't really have any weakness*",
        "don't have weakness*",
        "don't really have weakness*",
        "haven't really had",
        "i've never had",
        "i have never had",
        "can't think of",
        "cannot think of",
        "all on my cv",
        "it's on my cv",
        "what would you like to know",
        "rather not say",
        "rather not answer",
        "skip this",
        "pass on this",
        "no comment",
        "answered everything",
        "answered them all",
        "answered it all",
        "answered all",
        "covered it all",
        "covered them all",
    ])
});

/// Negations that deny a question's premise after "I" or "we" ("I've never really
/// disagreed", "I don't really spend time on weaknesses").
const PREMISE_NEGATIONS: &[&str] = &["don't", "haven't", "never", "didn't", "not", "rarely"];

/// Whether the opening unit denies the premise of `prompt`: a first-person negation followed
/// within a few words by one of the prompt's content words. Meant for questions that ask for
/// an episode or a weakness; an objection reply rightly opens "I haven't used it, but...".
pub fn denies_premise(index: &TextIndex, prompt: &str) -> bool {
    // The people in the question are not its premise: "I didn't agree with my manager" answers
    // "a time you disagreed with your manager".
    let participants = content_stems(PARTICIPANTS);
    let asked: BTreeSet<String> = content_stems(prompt)
        .difference(&participants)
        .cloned()
        .collect();
    let Some(opening) = index.units.first() else {
        return false;
    };
    opening.tokens().any(|i| {
        PREMISE_NEGATIONS.contains(&index.word(i))
            && (i.saturating_sub(2).max(opening.first)..i)
                .any(|s| matches!(index.word(s), "i" | "i've" | "i'm" | "we" | "we've" | "i'd"))
            && (i + 1..(i + 7).min(opening.end_token)).any(|j| {
                content_stems(index.word(j))
                    .iter()
                    .any(|w| asked.contains(w))
            })
    })
}

/// People a question names and its generic verbs; they are not what it asks about ("I'm not
/// great at saying no, and I'm working on it" answers "a weakness you are working on").
const PARTICIPANTS: &str = "manager managers boss team colleague colleagues customer customers \
    client clients stakeholder stakeholders someone person people patient patients parent \
    parents work job role working doing done made make dealt deal handled handle keep kept \
    took take taking want like think";

/// Words of a working life: an answer to a "tell me" question that uses them talks about
/// the candidate's work, whatever words the question used ("why did you leave" answered with
/// "my contract ended").
const WORK_WORDS: &[&str] = &[
    "job",
    "jobs",
    "role",
    "roles",
    "post",
    "position",
    "contract",
    "career",
    "company",
    "firm",
    "employer",
    "manager",
    "boss",
    "worked",
    "store",
    "shop",
    "ward",
    "school",
    "clinic",
    "surgery",
    "hospital",
    "customers",
    "patients",
    "pupils",
    "students",
    "clients",
    "colleagues",
    "staff",
    "redundant",
    "redundancy",
    "laid",
    "promotion",
    "salary",
    "pay",
    "rate",
    "experience",
    "qualified",
    "trained",
    "skills",
    "customer",
    "patient",
    "pupil",
    "client",
    "colleague",
    "café",
    "cafe",
    "restaurant",
    "branch",
    "office",
    "sales",
    "target",
    "business",
];

/// Whether the answer speaks of the candidate's work or pay (the shape of a reply to "why
/// should we hire you", "why did you leave", "what are your salary expectations").
pub fn speaks_of_work(index: &TextIndex) -> bool {
    (0..index.tokens.len()).any(|i| {
        let w = index.word(i);
        WORK_WORDS.contains(&w)
            // "the work", "at work"; not "he's hard work".
            || (w == "work"
                && i > 0
                && matches!(index.word(i - 1), "the" | "my" | "our" | "at" | "of" | "to"))
            || (is_number(w)
                && matches!(
                    index.word(i + 1),
                    "thousand" | "grand" | "k" | "an" | "per" | "a"
                ))
            || w.starts_with('£')
            || w.starts_with('$')
            || w.starts_with('€')
    })
}

/// Past-tense verbs that do not end in "-ed".
const IRREGULAR_PAST: &[&str] = &[
    "told", "gave", "went", "took", "made", "sent", "rang", "found", "got", "kept", "put", "ran",
    "spoke", "said", "wrote", "brought", "bought", "left", "sat", "stood", "came", "saw", "felt",
    "thought", "lost", "paid", "built", "taught", "led", "met", "began", "chose", "drove", "fell",
    "heard", "knew", "sold", "spent", "won", "caught", "did", "split", "shut", "cut", "set",
];

fn is_past_verb(w: &str) -> bool {
    IRREGULAR_PAST.contains(&w) || (w.ends_with("ed") && w.chars().count() >= 5)
}

/// Whether the answer tells a past episode, in whatever words: the speaker ("I", "we") as the
/// subject of a past-tense verb at least once ("I told the matron", "we rolled it back") and
/// at least three past-tense verbs in all. The shape a story question asks for, found without
/// sentence punctuation (speech transcribed as one run-on) and without the structure rules.
pub fn tells_an_episode(index: &TextIndex) -> bool {
    let n = index.tokens.len();
    let own = (0..n).any(|i| {
        matches!(index.word(i), "i" | "we")
            && (is_past_verb(index.word(i + 1))
                || (matches!(
                    index.word(i + 1),
                    "then" | "just" | "also" | "finally" | "quickly"
                ) && is_past_verb(index.word(i + 2))))
    });
    own && (0..n).filter(|&i| is_past_verb(index.word(i))).count() >= 3
}

/// What the relevance check found.
#[derive(Debug, Clone, PartialEq)]
pub struct RelevanceFinding {
    pub addressed: bool,
    pub similarity: f32,
    pub measure: &'static str,
    /// The unit closest to the question.
    pub best_unit: Option<usize>,
    /// Why it is not addressed: the deflecting words, or the whole answer.
    pub flag_span: Option<TokenSpan>,
}

/// Judges whether the answer addresses `question` (the prompt text and its signals).
/// `has_shape` says whether the answer has the shape the question asks for (see the module
/// rule); it is decided by the caller from the structure and rubric findings. `premise` is the
/// prompt's text when an opening that denies it declines the question ([`denies_premise`]).
pub fn judge(
    index: &TextIndex,
    question: &str,
    has_shape: bool,
    premise: Option<&str>,
    similarity: &dyn QuestionSimilarity,
) -> RelevanceFinding {
    let n = index.tokens.len();
    let whole = TokenSpan { start: 0, end: n };
    if n == 0 || question.trim().is_empty() {
        return RelevanceFinding {
            addressed: true,
            similarity: 0.0,
            measure: similarity.name(),
            best_unit: None,
            flag_span: None,
        };
    }
    let overall = similarity.similarity(question, index.text);
    let best_unit = index
        .units
        .iter()
        .enumerate()
        .map(|(k, u)| {
            (
                k,
                similarity.similarity(question, &index.text[u.start..u.end]),
            )
        })
        .filter(|(_, s)| *s > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k);
    let opening = index.units.first().map_or(0..0, |u| u.tokens());
    let starts_not_really = index.word(0) == "not" && index.word(1) == "really";
    let deflects = starts_not_really
        || DEFLECTION.any(index, opening)
        || premise.is_some_and(|p| denies_premise(index, p));
    let off_topic = overall < similarity.threshold() && !has_shape;
    let addressed = !(deflects || off_topic);
    RelevanceFinding {
        addressed,
        similarity: (overall * 1000.0).round() / 1000.0,
        measure: similarity.name(),
        best_unit,
        flag_span: (!addressed).then_some(whole),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_stems_make_a_similarity() {
        let s = WordOverlap.similarity(
            "Why are you leaving your current job?",
            "I'm leaving because the job stopped growing.",
        );
        assert!(s > WORD_OVERLAP_MIN, "{s}");
        assert_eq!(
            WordOverlap.similarity("Why are you leaving?", "I love hiking and cooking."),
            0.0
        );
    }

    #[test]
    fn an_off_topic_answer_without_the_asked_shape_is_not_addressed() {
        let index = TextIndex::new("I love hiking and cooking in my free time.");
        let r = judge(
            &index,
            "Why are you leaving your current job?",
            false,
            None,
            &WordOverlap,
        );
        assert!(!r.addressed);
        assert_eq!(r.flag_span, Some(TokenSpan { start: 0, end: 9 }));
    }

    #[test]
    fn an_answer_with_the_asked_shape_is_addressed_in_other_words() {
        let index = TextIndex::new("I'm a nurse who spots deterioration early.");
        let r = judge(&index, "Give me your pitch.", true, None, &WordOverlap);
        assert!(r.addressed);
    }

    #[test]
    fn a_deflecting_opening_is_not_an_answer() {
        let index = TextIndex::new("No, I think you've covered everything, thanks.");
        let r = judge(
            &index,
            "What questions do you have for us?",
            true,
            None,
            &WordOverlap,
        );
        assert!(!r.addressed);
        let index =
            TextIndex::new("I fixed the outage in an hour. We haven't really had outages since.");
        let r = judge(&index, "Tell me about an outage.", true, None, &WordOverlap);
        assert!(
            r.addressed,
            "a later 'haven't really had' is not a deflection"
        );
    }

    #[test]
    fn an_opening_that_denies_the_premise_declines_the_question() {
        let asked = "Tell me about a time you disagreed with your manager.";
        let index = TextIndex::new("I've never really disagreed with a manager, I go along.");
        assert!(denies_premise(&index, asked));
        let r = judge(&index, asked, true, Some(asked), &WordOverlap);
        assert!(!r.addressed);
        // Disagreeing in other words, or a negation about something else, is an answer.
        let index =
            TextIndex::new("I didn't agree with my manager's rota, so I showed her the data.");
        assert!(!denies_premise(&index, asked));
        let index = TextIndex::new("My manager disagreed with me. I haven't forgotten it.");
        assert!(!denies_premise(&index, asked));
        let index = TextIndex::new("I'm not great at saying no, and I'm working on it.");
        assert!(!denies_premise(
            &index,
            "What is a professional weakness you are working on?"
        ));
        let index = TextIndex::new("I don't tend to make big mistakes, I'm careful.");
        assert!(denies_premise(
            &index,
            "Tell me about a mistake you made at work."
        ));
    }

    #[test]
    fn a_past_episode_is_found_without_punctuation() {
        assert!(tells_an_episode(&TextIndex::new(
            "i gave a patient his antibiotics late because i missed it on the chart i told the \
             nurse in charge and we checked there was no harm"
        )));
        assert!(tells_an_episode(&TextIndex::new(
            "In March I said yes to three extra reports and missed the deadline my manager needed."
        )));
        // Habits and plans are not an episode.
        assert!(!tells_an_episode(&TextIndex::new(
            "I always check everything twice and I plan my week on Mondays."
        )));
        assert!(!tells_an_episode(&TextIndex::new(
            "I'd rather talk about my strengths. I'm organised and I like people."
        )));
    }

    #[test]
    fn time_words_are_not_a_topic() {
        assert_eq!(
            WordOverlap.similarity(
                "Why did you leave your last job?",
                "Last summer I spent three weeks walking in Portugal."
            ),
            0.0
        );
    }

    #[test]
    fn a_tell_me_answer_about_work_or_pay_has_the_shape() {
        assert!(speaks_of_work(&TextIndex::new(
            "My contract ended when the funding finished."
        )));
        assert!(speaks_of_work(&TextIndex::new(
            "Around thirty-four thousand."
        )));
        assert!(!speaks_of_work(&TextIndex::new(
            "We've just got a puppy and he's hard work, I walk him on the downs."
        )));
    }
}
