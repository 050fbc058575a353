//! Does the answer take up the question asked?
//!
//! Rules: an answer does not address the question when it opens by deflecting it ("I haven't
//! really had a project fail", "you've covered everything", "it's all on my CV"), or when it
//! shares (almost) nothing with the question *and* lacks the shape the question asks for (a
//! past episode for a story, who you are for a pitch or "tell me about yourself", a question
//! for "what questions do you have", a reply step for an objection). The shape check keeps a
//! short, on-topic answer that happens to use other words from being called off-topic.
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
use super::text::TextIndex;
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
    ])
});

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
/// rule); it is decided by the caller from the structure and rubric findings.
pub fn judge(
    index: &TextIndex,
    question: &str,
    has_shape: bool,
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
    let deflects = starts_not_really || DEFLECTION.any(index, opening);
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
            &WordOverlap,
        );
        assert!(!r.addressed);
        assert_eq!(r.flag_span, Some(TokenSpan { start: 0, end: 9 }));
    }

    #[test]
    fn an_answer_with_the_asked_shape_is_addressed_in_other_words() {
        let index = TextIndex::new("I'm a nurse who spots deterioration early.");
        let r = judge(&index, "Give me your pitch.", true, &WordOverlap);
        assert!(r.addressed);
    }

    #[test]
    fn a_deflecting_opening_is_not_an_answer() {
        let index = TextIndex::new("No, I think you've covered everything, thanks.");
        let r = judge(
            &index,
            "What questions do you have for us?",
            true,
            &WordOverlap,
        );
        assert!(!r.addressed);
        let index =
            TextIndex::new("I fixed the outage in an hour. We haven't really had outages since.");
        let r = judge(&index, "Tell me about an outage.", true, &WordOverlap);
        assert!(
            r.addressed,
            "a later 'haven't really had' is not a deflection"
        );
    }
}
