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
//! words: "last summer" shares no topic with "your last job". It also does not answer when it
//! opens by declining in its own words ([`declines_to_answer`]: "I'd rather talk about...",
//! "I'm not one for looking back", the question handed back), when a universal negative in
//! the opening denies the premise ("nothing I've led has ever been cancelled"), or when an
//! episode (or questions) was asked and the answer tells none, only how one always is
//! ([`speaks_in_generalities`]). An opening that declines or denies and then turns ("I'm not one
//! for talking about myself, *but* the honest answer is...", [`turns_to_answer`]) concedes rather
//! than declines when the answer has the shape asked for. The finding names the test that found
//! the answer unanswered ([`RelevanceFinding::reason`]), and the red flag's why says it.
//!
//! How close the answer is to the question is a [`QuestionSimilarity`]: by default
//! [`WordOverlap`], the cosine between the sets of content-word stems of the question (with
//! its signals) and of the answer. [`EncoderSimilarity`] (the MiniLM encoder of issue 10) and
//! [`WordsAndEncoder`] implement the same trait and also judge an answer about life outside
//! work ([`ELSEWHERE`]); `REHEARSE_RELEVANCE` chooses them ([`default_similarity`]). They were
//! measured worse than word overlap on the development sets (README, "Red flags"), so they are
//! not the default; without the encoder installed the rules judge, and the feedback names the
//! measure.
//!
//! Source: the built-in prompts' signals and docs/sources.md ("Generic feedback that does not
//! tie a habit to the goal of the answer").

use super::delivery::TokenSpan;
use super::lexicon::Lexicon;
use super::text::{TextIndex, is_number};
use crate::encoder::{SentenceEncoder, cosine};
use std::collections::BTreeSet;
use std::sync::{LazyLock, OnceLock};

/// How close an answer (or one of its sentences) is to the question, 0..1.
pub trait QuestionSimilarity {
    /// The name shown in the feedback ("word_overlap", "encoder").
    fn name(&self) -> &'static str;
    fn similarity(&self, question: &str, answer: &str) -> f32;
    /// At or above this the answer is on the question's topic.
    fn threshold(&self) -> f32;
    /// The question ([`ELSEWHERE`]) the answer takes up instead of
    /// `prompt` (the question's own text), when the measure can tell; word overlap cannot.
    fn answers_instead(&self, _prompt: &str, _answer: &str) -> Option<&'static str> {
        None
    }
    /// Whether the answer shares no topic with the question (by default: its similarity is
    /// under the threshold).
    fn off_topic(&self, question: &str, answer: &str) -> bool {
        self.similarity(question, answer) < self.threshold()
    }
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

/// Sentence-encoder similarity: the cosine of the all-MiniLM-L6-v2 vectors of the question and
/// the answer ([`crate::encoder`]), shared with the sentence-role model. It sees "I kept the
/// ward calm" as close to "a time you handled pressure" without a shared word, and "being a
/// mum" as far from "your proudest achievement at work" although both speak of pride.
pub struct EncoderSimilarity {
    encoder: &'static SentenceEncoder,
}

impl std::fmt::Debug for EncoderSimilarity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncoderSimilarity").finish_non_exhaustive()
    }
}

/// Below this cosine an answer shares no topic with the question. Calibrated on the
/// development red-flag sets (answers labelled not answering sit at 0.05-0.25, answers that
/// take the question up at 0.2-0.7); like word overlap it only flags together with a missing
/// shape.
pub const ENCODER_MIN: f32 = 0.12;
/// A question closer than this to the one asked is the same question in other words (then an
/// answer close to it answers the question asked).
pub const SAME_QUESTION: f32 = 0.55;
/// An answer is taken to answer another question when it is closer to that question than to
/// the one asked by more than this margin (cosine). Calibrated on the development and earlier
/// held-out sets (never on held-out 4): answers labelled not answering that talk of life
/// outside work sit 0.23-0.26 closer to [`ELSEWHERE`] than to their question; answers that take
/// the question up at most 0.17.
pub const ANOTHER_QUESTION_MARGIN: f32 = 0.2;

/// Questions an interview answer should not be answering, in our own words: life outside work
/// (family, home, pets, hobbies, travel). An answer much closer to one of them than to the
/// question asked talks about something else ("my sister's just had a baby and the dog's
/// getting old" to "why are you leaving"). Answers that drift to another *work* question
/// (strengths told for "why us") were measured too, but the encoder does not separate them
/// from answers that take the question up in other words (README, "Red flags"), so they are
/// not judged this way.
pub const ELSEWHERE: &[&str] = &["What do you do outside work: your family, home and hobbies?"];

impl EncoderSimilarity {
    /// The installed encoder (loaded once, shared with the sentence-role model); `None` when it
    /// is not installed.
    pub fn installed() -> Option<Self> {
        let encoder = super::roles::shared_encoder()?;
        Some(EncoderSimilarity { encoder })
    }
}

impl QuestionSimilarity for EncoderSimilarity {
    fn name(&self) -> &'static str {
        "encoder"
    }

    fn similarity(&self, question: &str, answer: &str) -> f32 {
        match self.encoder.embed(&[question, answer]) {
            Ok(v) if v.len() == 2 => cosine(&v[0], &v[1]).max(0.0),
            // An answer the encoder cannot read is judged by its words.
            _ => WordOverlap.similarity(question, answer),
        }
    }

    fn threshold(&self) -> f32 {
        ENCODER_MIN
    }

    fn answers_instead(&self, prompt: &str, answer: &str) -> Option<&'static str> {
        let mut texts = vec![prompt, answer];
        texts.extend(ELSEWHERE);
        let v = self.encoder.embed(&texts).ok()?;
        let own = cosine(&v[1], &v[0]);
        ELSEWHERE
            .iter()
            .zip(&v[2..])
            .filter(|(_, q)| cosine(q, &v[0]) < SAME_QUESTION)
            .map(|(text, q)| (*text, cosine(q, &v[1])))
            .filter(|(_, s)| *s > own + ANOTHER_QUESTION_MARGIN)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(text, _)| text)
    }
}

/// Word overlap for the topic, the encoder for "talks about something else"
/// ([`ELSEWHERE`]); chosen with `REHEARSE_RELEVANCE=both`. Measured on the sets the rules were
/// developed on it found no answer the rules missed and added one false flag (README, "Red
/// flags"), so it is not the default.
#[derive(Debug)]
pub struct WordsAndEncoder {
    encoder: EncoderSimilarity,
}

impl QuestionSimilarity for WordsAndEncoder {
    fn name(&self) -> &'static str {
        "word_overlap+encoder"
    }

    fn similarity(&self, question: &str, answer: &str) -> f32 {
        WordOverlap.similarity(question, answer)
    }

    fn threshold(&self) -> f32 {
        WORD_OVERLAP_MIN
    }

    fn answers_instead(&self, prompt: &str, answer: &str) -> Option<&'static str> {
        self.encoder.answers_instead(prompt, answer)
    }
}

/// How [`default_similarity`] judges, from `REHEARSE_RELEVANCE`: `encoder` (the encoder's
/// cosine for the topic and [`ELSEWHERE`]), `both` ([`WordsAndEncoder`]), anything else or
/// unset: word overlap, the measure that scored best on the development sets (README, "Red
/// flags": the encoder's cosine lost recall, an answer about one's strengths sits close to
/// "why us" without taking it up).
pub const RELEVANCE_ENV: &str = "REHEARSE_RELEVANCE";

/// The measure [`super::analyze`] uses: word overlap unless `REHEARSE_RELEVANCE` chooses an
/// encoder measure ([`RELEVANCE_ENV`]) and the encoder is installed; without the encoder the
/// rules judge. The feedback names the one that judged (`relevance.measure`).
pub fn default_similarity() -> &'static dyn QuestionSimilarity {
    enum Chosen {
        Words,
        Encoder(EncoderSimilarity),
        Both(WordsAndEncoder),
    }
    static CHOSEN: OnceLock<Chosen> = OnceLock::new();
    let chosen = CHOSEN.get_or_init(|| {
        let wanted = std::env::var(RELEVANCE_ENV)
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let encoder = || EncoderSimilarity::installed();
        match wanted.as_str() {
            "encoder" => encoder().map_or(Chosen::Words, Chosen::Encoder),
            "both" => encoder().map_or(Chosen::Words, |encoder| {
                Chosen::Both(WordsAndEncoder { encoder })
            }),
            _ => Chosen::Words,
        }
    });
    match chosen {
        Chosen::Words => &WordOverlap,
        Chosen::Encoder(e) => e,
        Chosen::Both(b) => b,
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
        // The question handed back, or pointed elsewhere.
        "up to you",
        "you want to know",
        "you'd like to know",
        "on my application",
        "on the application",
        "on my form",
        "on the form",
    ])
});

/// A first-person preference about answering ("I'd rather", "I don't like", "I'm not one
/// for"): with a word of telling, looking back or handing over after it, it declines.
static PREFERENCE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "i'd rather",
        "i would rather",
        "i'd prefer",
        "i prefer",
        "i don't like",
        "i don't really like",
        "i do not like",
        "i don't enjoy",
        "i don't really enjoy",
        "i'm not one for",
        "i'm not really one for",
        "i'm not a fan of",
        "i'm not big on",
        "i'm not really big on",
    ])
});

/// Words in the opening at most this many tokens long are read for a refusal (an unpunctuated
/// answer is one long unit).
const OPENING_TOKENS: usize = 20;

/// Whether the answer opens by declining to answer in its own words: a first-person preference
/// about answering followed by telling about oneself ("I'd rather talk about what I'm good
/// at", "I don't like talking myself up"), looking back or dwelling ("I'm not really one for
/// looking back"), or the question handed on ("I'd rather you asked my references", "I'd rather
/// not say"). Only the opening is read: a story may later say "I'd rather talk it through".
pub fn declines_to_answer(index: &TextIndex) -> bool {
    let end = index
        .units
        .first()
        .map_or(0, |u| u.end_token)
        .min(OPENING_TOKENS);
    PREFERENCE.find(index, 0..end).into_iter().any(|h| {
        let rather = (h.start..h.end).any(|i| matches!(index.word(i), "rather" | "prefer"));
        let next = |k: usize| index.word(h.end + k);
        if rather && matches!(next(0), "you" | "not") {
            return true;
        }
        (0..3).any(|k| {
            let w = next(k);
            let telling = [
                "talk", "speak", "say", "go", "discuss", "answer", "brag", "boast",
            ]
            .iter()
            .any(|v| w.starts_with(v));
            (telling
                && (1..4).any(|j| {
                    matches!(
                        next(k + j),
                        "myself" | "me" | "up" | "about" | "into" | "this" | "that"
                    )
                }))
                || ((w.starts_with("look") || w.starts_with("dwell")) && next(k + 1) == "back")
                || w.starts_with("dwell")
        })
    })
}

/// Words that turn from a concession to the answer ("I'm not one for talking about myself,
/// *but* the honest answer is...").
const CONTRAST: &[&str] = &["but", "though", "although", "however", "yet"];

/// Whether the opening sentence turns, after a contrast word, to more words of its own: "I've
/// never really thought of customers as difficult, but one I remember is...", "nothing I've run
/// has been cancelled, but one definitely failed". With the shape the question asks for, such an
/// opening concedes and then answers; it does not decline.
pub fn turns_to_answer(index: &TextIndex) -> bool {
    let Some(opening) = index.units.first() else {
        return false;
    };
    let end = opening.end_token.min(OPENING_TOKENS + 10);
    (opening.first + 1..end).any(|i| {
        CONTRAST.contains(&index.word(i))
            // "but not really", "but I'd rather not": the turn must lead somewhere.
            && index.tokens.len() > i + 4
            && !matches!(index.word(i + 1), "not" | "no" | "nothing" | "i'd" | "honestly")
    })
}

/// Words of a general statement about oneself or everyone ("I always...", "I get on with
/// everyone", "nobody's ever been difficult").
const GENERALITY: &[&str] = &[
    "always",
    "never",
    "ever",
    "everyone",
    "everybody",
    "anyone",
    "anybody",
    "nobody",
    "nobody's",
    "usually",
    "generally",
    "normally",
    "tend",
    "whatever",
];

/// Whether the answer speaks in generalities ([`GENERALITY`]): with no episode told, it
/// answers "tell me about a time" with how one always is, which does not take the question
/// up.
pub fn speaks_in_generalities(index: &TextIndex) -> bool {
    (0..index.tokens.len()).any(|i| GENERALITY.contains(&index.word(i)))
}

/// Universal negatives that deny a question's premise without "I" in front ("nothing I've led
/// has ever been cancelled", "nobody's ever complained").
const UNIVERSAL_NEGATIVES: &[&str] = &["nothing", "nobody", "nobody's", "no-one", "none"];

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
        let first_person_negation = PREMISE_NEGATIONS.contains(&index.word(i))
            && (i.saturating_sub(2).max(opening.first)..i)
                .any(|s| matches!(index.word(s), "i" | "i've" | "i'm" | "we" | "we've" | "i'd"));
        (first_person_negation || UNIVERSAL_NEGATIVES.contains(&index.word(i)))
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

pub(crate) fn is_past_verb(w: &str) -> bool {
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

/// The outputs of the relevance tests for one answer, before any decision: what the rule
/// decides from ([`RelevanceTests::rule_unanswered`]) and what the learned not-answering
/// decision reads ([`super::flag_model::not_answering`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RelevanceTests {
    /// The opening deflects in a set phrase ("you've covered everything", "not really...").
    pub opening_deflects: bool,
    /// The opening declines in its own words ([`declines_to_answer`]).
    pub declines: bool,
    /// The opening denies the question's premise ([`denies_premise`]).
    pub denies_premise: bool,
    /// The opening turns after a contrast word ([`turns_to_answer`]).
    pub turns: bool,
    /// The answer has the shape the question asks for (decided by the caller).
    pub has_shape: bool,
    /// Shares no topic with the question by the measure, and lacks the shape.
    pub off_topic: bool,
    /// An episode was asked for ("premise" given).
    pub episode_asked: bool,
    /// Words of a general statement ([`speaks_in_generalities`]).
    pub general_words: bool,
    /// A past episode told ([`tells_an_episode`]).
    pub episode: bool,
    /// Talk of one's work or pay ([`speaks_of_work`]).
    pub work: bool,
    /// Word overlap of the whole answer with the question (with its signals).
    pub overlap: f32,
    /// The largest word overlap of one unit with the question.
    pub best_unit_overlap: f32,
    /// The measure found another question the answer takes up.
    pub instead: bool,
}

impl RelevanceTests {
    /// The opening declines or denies the question and does not turn to answer it.
    pub fn deflects(&self) -> bool {
        (self.opening_deflects || self.declines || self.denies_premise)
            && !(self.has_shape && self.turns)
    }

    /// An episode asked for and only how one always is told.
    pub fn generalities(&self) -> bool {
        self.episode_asked && !self.has_shape && self.general_words
    }

    /// The rule's reason for calling the answer unanswered, if it does (the module rule).
    pub fn rule_reason(&self) -> Option<&'static str> {
        if self.deflects() {
            Some(reason::DECLINES)
        } else if self.instead {
            Some(reason::ANOTHER_QUESTION)
        } else if self.off_topic {
            Some(reason::OFF_TOPIC)
        } else if self.generalities() {
            Some(reason::GENERALITIES)
        } else {
            None
        }
    }

    /// Whether the rule calls the answer unanswered.
    pub fn rule_unanswered(&self) -> bool {
        self.rule_reason().is_some()
    }
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
    /// The common question the answer takes up instead, when the measure can tell.
    pub instead: Option<&'static str>,
    /// Which test found it unanswered, in words for the answer's author (`None` when
    /// addressed).
    pub reason: Option<&'static str>,
    /// The tests' outputs the decision was made from.
    pub tests: RelevanceTests,
}

impl RelevanceFinding {
    /// Replaces the rule's decision with another (the learned one): unanswered with `reason`,
    /// or answered when `None`. The evidence stays the whole answer.
    pub fn decide(&mut self, reason: Option<&'static str>, whole: TokenSpan) {
        self.addressed = reason.is_none();
        self.reason = reason;
        self.flag_span = reason.map(|_| whole);
    }
}

/// The reasons of [`RelevanceFinding::reason`].
pub mod reason {
    pub const DECLINES: &str = "it opens by declining or denying the question";
    pub const OFF_TOPIC: &str =
        "it shares no topic with the question and has not the shape the question asks for";
    pub const GENERALITIES: &str = "it tells how you always are, not the episode asked for";
    pub const ANOTHER_QUESTION: &str = "it answers another question";
    /// The learned decision's reason when no single test carries it.
    pub const FAR: &str =
        "taken together, its words and its shape are far from what the question asks";
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
    judge_prompt(index, question, None, has_shape, premise, similarity)
}

/// [`judge`] with the question's own text (`prompt`, without its signals) apart: the measure
/// compares the answer with it and with questions an answer should not be answering
/// ([`QuestionSimilarity::answers_instead`]). `None` for a question about the person (a pitch,
/// "tell me about yourself"), which life outside work may rightly answer.
pub fn judge_prompt(
    index: &TextIndex,
    question: &str,
    prompt: Option<&str>,
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
            instead: None,
            reason: None,
            tests: RelevanceTests::default(),
        };
    }
    let overall = similarity.similarity(question, index.text);
    let unit_similarities: Vec<(usize, f32)> = index
        .units
        .iter()
        .enumerate()
        .map(|(k, u)| {
            (
                k,
                similarity.similarity(question, &index.text[u.start..u.end]),
            )
        })
        .collect();
    let best_unit = unit_similarities
        .iter()
        .copied()
        .filter(|(_, s)| *s > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k);
    let opening = index.units.first().map_or(0..0, |u| u.tokens());
    let starts_not_really = index.word(0) == "not" && index.word(1) == "really";
    let instead = prompt.and_then(|p| similarity.answers_instead(p, index.text));
    let words = WordOverlap;
    let tests = RelevanceTests {
        opening_deflects: starts_not_really || DEFLECTION.any(index, opening.clone()),
        declines: declines_to_answer(index),
        denies_premise: premise.is_some_and(|p| denies_premise(index, p)),
        turns: turns_to_answer(index),
        has_shape,
        off_topic: !has_shape && similarity.off_topic(question, index.text),
        episode_asked: premise.is_some(),
        general_words: speaks_in_generalities(index),
        episode: tells_an_episode(index),
        work: speaks_of_work(index),
        overlap: words.similarity(question, index.text),
        best_unit_overlap: index
            .units
            .iter()
            .map(|u| words.similarity(question, &index.text[u.start..u.end]))
            .fold(0.0, f32::max),
        instead: instead.is_some(),
    };
    let why = tests.rule_reason();
    let addressed = why.is_none();
    RelevanceFinding {
        addressed,
        similarity: (overall * 1000.0).round() / 1000.0,
        measure: similarity.name(),
        best_unit,
        flag_span: (!addressed).then_some(whole),
        instead,
        reason: why,
        tests,
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
    fn a_concession_that_turns_to_the_answer_is_not_a_deflection() {
        let q = "Tell me about a project that failed.";
        let index = TextIndex::new(
            "Nothing I've run has been cancelled, but one definitely failed: the loyalty card I \
             launched got forty sign-ups because I'd made customers fill in a paper form.",
        );
        let r = judge(&index, q, true, Some(q), &WordOverlap);
        assert!(r.addressed, "{:?}", r.reason);
        // Without the turn, or without the shape asked for, it still declines.
        let index = TextIndex::new("Nothing I've worked on has ever failed, to be honest.");
        let r = judge(&index, q, false, Some(q), &WordOverlap);
        assert!(!r.addressed);
        assert_eq!(r.reason, Some(reason::DECLINES));
        let index = TextIndex::new("I can't think of one, but I'm sure there was something.");
        let r = judge(&index, q, false, Some(q), &WordOverlap);
        assert!(!r.addressed);
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
    fn an_opening_that_declines_in_its_own_words_is_not_an_answer() {
        for text in [
            "I'd rather talk about what I'm good at. I run the busiest till.",
            "oh um i don't really like talking about myself to be honest",
            "I'm not really one for looking back, I focus on what's next.",
            "I'd rather you asked my references.",
            "I'd rather not say.",
        ] {
            assert!(declines_to_answer(&TextIndex::new(text)), "{text}");
            let r = judge(
                &TextIndex::new(text),
                "Tell me about yourself.",
                true,
                None,
                &WordOverlap,
            );
            assert!(!r.addressed, "{text}");
        }
        // A preference inside a story, or about something other than answering, declines
        // nothing.
        for text in [
            "I'd rather lose a sale than mislead a customer, so I told her the truth and she came back.",
            "I don't like leaving a ward short, so I rang the bank staff and we covered the shift.",
            "We had a rota clash in March and I talked to both nurses. I'd rather talk it through than email.",
        ] {
            assert!(!declines_to_answer(&TextIndex::new(text)), "{text}");
        }
        let handed_back = TextIndex::new("That's really up to you to decide, isn't it?");
        assert!(
            !judge(
                &handed_back,
                "Why should we hire you?",
                true,
                None,
                &WordOverlap
            )
            .addressed
        );
    }

    #[test]
    fn generalities_instead_of_an_asked_episode_do_not_answer_it() {
        let asked = "Tell me about a time you had to make a decision without all the information.";
        let habits =
            TextIndex::new("I always make sure I have all the facts before I decide anything.");
        assert!(speaks_in_generalities(&habits));
        assert!(!judge(&habits, asked, false, Some(asked), &WordOverlap).addressed);
        // The same words with an episode told answer it; a "tell me" question is not asking
        // for an episode.
        assert!(judge(&habits, asked, true, Some(asked), &WordOverlap).addressed);
        assert!(
            judge(
                &habits,
                "How do you make decisions?",
                true,
                None,
                &WordOverlap
            )
            .addressed
        );
        let specific = TextIndex::new("My manager wanted the rota changed in March.");
        assert!(!speaks_in_generalities(&specific));
    }

    #[test]
    fn a_universal_negative_in_the_opening_denies_the_premise() {
        let asked = "Describe a project that failed or was cancelled.";
        let index = TextIndex::new(
            "I've been fortunate, nothing I've led has ever been cancelled. My releases went out on time.",
        );
        assert!(denies_premise(&index, asked));
        // Later, or about something else, it does not.
        let index = TextIndex::new(
            "The trial was cancelled in May. Nothing I tried had moved the numbers, and I learned why.",
        );
        assert!(!denies_premise(&index, asked));
        let index = TextIndex::new("Nothing prepared me for the launch, which we cancelled.");
        assert!(!denies_premise(
            &index,
            "Tell me about a time you deliver bad news."
        ));
    }

    /// With the encoder installed (the checkout's `models/`), an answer to another common
    /// question is told apart from an answer in other words; without it, word overlap says
    /// nothing about other questions.
    #[test]
    fn the_encoder_tells_an_answer_to_another_question() {
        assert_eq!(
            WordOverlap.answers_instead("Why are you leaving your current job?", "I love my dog."),
            None
        );
        let Some(encoder) = EncoderSimilarity::installed() else {
            eprintln!("encoder not installed: skipped");
            return;
        };
        assert_eq!(encoder.name(), "encoder");
        let asked = "Describe a project that failed or was cancelled. What was your part in it?";
        let home = "Well, we've just moved house and the kids have started a new school, and I \
                    spend my weekends walking the dog and fishing with my brother.";
        assert!(encoder.answers_instead(asked, home).is_some());
        let answer = "We dropped the new rota system after two months. I hadn't asked the night \
                      staff, which was my mistake; we kept the shift swap form, and on the next \
                      change I ran a pilot first.";
        assert_eq!(encoder.answers_instead(asked, answer), None);
        // A question about life outside work is answered by it.
        assert_eq!(
            encoder.answers_instead("What do you do to relax outside work?", home),
            None
        );
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
