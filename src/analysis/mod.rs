//! The coaching engine: from a transcript, the audio's pauses and the prompt's context, the
//! feedback a person can act on, with every judgement pointing at the words it rests on.
//!
//! Rule: pure functions only. No files, audio devices, Whisper or UI here; callers hand in a
//! [`Transcript`] (words with times, or typed text) and optionally the pauses measured by
//! [`pauses::detect_pauses`], and get a [`Feedback`] back. Positions in the feedback are
//! Unicode character offsets into `transcript.text`. The parts: [`text`] (tokens and
//! sentences), [`delivery`] (fillers, hedges, repetition), [`structure`] (STAR + Learning,
//! first person, hypothetical), [`value`], [`rapport`], [`objection`], [`pauses`], [`timing`],
//! [`red_flags`] (blame, bad-mouthing, caving, bluffing, humble-brags, not answering, with
//! [`relevance`]), [`rubric`] (the parts of pitches, "about you" answers and questions for the
//! interviewer), [`signals`] (the prompt's own "a strong answer shows" list), [`doubtful`]
//! (numbers and names the recogniser was unsure of), [`scores`] (0-100 per area; each score is
//! the sum of its reasons) and [`next_steps`] (ranked by impact, plus one thing to keep
//! doing). A red flag's words never count as a rapport or growth cue. Sources:
//! docs/sources.md ("Coaching norms" and "Seeds"), cited at each threshold.

pub mod delivery;
pub mod doubtful;
pub mod evaluation;
pub mod flag_eval;
pub mod flag_model;
pub mod lexicon;
pub mod next_steps;
pub mod objection;
pub mod pauses;
pub mod rapport;
pub mod red_flags;
pub mod relevance;
pub mod roles;
pub mod rubric;
pub mod scores;
pub mod signals;
pub mod structure;
mod structure_phrases;
pub mod text;
pub mod timing;
pub mod value;

#[cfg(test)]
mod robustness;

use crate::domain::{Element, PromptKind, ReplyStep};
use crate::transcript::Transcript;
use delivery::TokenSpan;
use doubtful::DoubtfulWord;
use next_steps::KeepDoing;
use pauses::{Pause, PlacedPause};
use rapport::{Flow, RapportCueKind};
use red_flags::{FlagHit, FlagScope, RedFlagKind};
use relevance::QuestionSimilarity;
use rubric::{Part, RubricKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use text::{CharMap, TextIndex};
use timing::TypedPace;
use value::ValueCueKind;

/// What the analysis needs to know about the prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerContext {
    pub kind: PromptKind,
    /// The target length band in seconds, if the prompt has one.
    pub target_seconds: Option<(u32, u32)>,
    /// The story elements the answer should contain (empty for pitches and objections).
    pub expected_elements: Vec<Element>,
    /// The steps of an objection reply, in order (empty for other kinds).
    pub framework: Vec<ReplyStep>,
    /// The question as asked (empty when no prompt is known).
    #[serde(default)]
    pub prompt_text: String,
    /// What a strong answer shows, from the prompt (each becomes a check).
    #[serde(default)]
    pub signals: Vec<String>,
    /// The prompt's word band, when it has one (times typed answers, see [`timing`]).
    #[serde(default)]
    pub target_words: Option<(u32, u32)>,
    /// The user's measured pace (median of recent recordings), for timing typed answers.
    #[serde(default)]
    pub user_wpm: Option<f64>,
    /// The user's own filler words or phrases (Settings): counted as fillers on top of the
    /// engine's context-aware ones, so the count and the struck-through words are one list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_fillers: Vec<String>,
}

/// Behavioural answer: 1-2 minutes (docs/sources.md, "Length").
pub const BEHAVIORAL_TARGET_SECONDS: (u32, u32) = (60, 120);
/// Elevator pitch: 30-60 s for the short form (docs/sources.md, "Length").
pub const PITCH_TARGET_SECONDS: (u32, u32) = (30, 60);
/// "Tell me about yourself": about 60 s (docs/sources.md, "Length"); a band around it.
pub const TELL_ME_TARGET_SECONDS: (u32, u32) = (45, 90);
/// Objection reply: short; the framework's example replies (soft-skills-framework.md, section
/// 5) are three or four sentences, 20-60 s when spoken.
pub const OBJECTION_TARGET_SECONDS: (u32, u32) = (20, 60);

impl AnswerContext {
    /// Sensible defaults for a kind of prompt when no prompt is given.
    pub fn for_kind(kind: PromptKind) -> Self {
        match kind {
            PromptKind::Behavioral | PromptKind::TechnicalBehavioral => AnswerContext {
                kind,
                target_seconds: Some(BEHAVIORAL_TARGET_SECONDS),
                expected_elements: Element::ALL.to_vec(),
                framework: Vec::new(),
                ..AnswerContext::blank(kind)
            },
            PromptKind::Pitch => AnswerContext {
                kind,
                target_seconds: Some(PITCH_TARGET_SECONDS),
                expected_elements: Vec::new(),
                framework: Vec::new(),
                ..AnswerContext::blank(kind)
            },
            PromptKind::TellMe => AnswerContext {
                kind,
                target_seconds: Some(TELL_ME_TARGET_SECONDS),
                expected_elements: Vec::new(),
                framework: Vec::new(),
                ..AnswerContext::blank(kind)
            },
            PromptKind::Objection => AnswerContext {
                kind,
                target_seconds: Some(OBJECTION_TARGET_SECONDS),
                expected_elements: Vec::new(),
                framework: vec![
                    ReplyStep::Acknowledge,
                    ReplyStep::Evidence,
                    ReplyStep::Reframe,
                    ReplyStep::Plan,
                ],
                ..AnswerContext::blank(kind)
            },
        }
    }

    /// A context that knows only the kind.
    fn blank(kind: PromptKind) -> Self {
        AnswerContext {
            kind,
            target_seconds: None,
            expected_elements: Vec::new(),
            framework: Vec::new(),
            prompt_text: String::new(),
            signals: Vec::new(),
            target_words: None,
            user_wpm: None,
            custom_fillers: Vec::new(),
        }
    }

    /// The question with its signals: what the answer is compared with.
    pub fn question(&self) -> String {
        let mut q = self.prompt_text.clone();
        for s in &self.signals {
            q.push(' ');
            q.push_str(s);
        }
        q
    }
}

impl Default for AnswerContext {
    fn default() -> Self {
        AnswerContext::for_kind(PromptKind::Behavioral)
    }
}

/// A stretch of the transcript text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub start_char: usize,
    pub end_char: usize,
    /// How sure the model engine is of this evidence (0-1); absent for the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// A value cue with its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueCue {
    pub text: String,
    pub start_char: usize,
    pub end_char: usize,
    pub kind: ValueCueKind,
}

/// A rapport cue with its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RapportCue {
    pub text: String,
    pub start_char: usize,
    pub end_char: usize,
    pub kind: RapportCueKind,
}

/// One story element.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ElementFeedback {
    pub present: bool,
    /// 0-100: how clearly the best sentence carries the element.
    pub strength: u8,
    /// The sentences that carry it.
    pub evidence: Vec<Span>,
    /// Time spent on it, when the transcript is timed.
    pub duration_ms: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StructureFeedback {
    pub elements: BTreeMap<Element, ElementFeedback>,
    pub first_person_action: bool,
    pub hypothetical: bool,
    /// Sentences that describe habits or what the speaker would do.
    pub hypothetical_evidence: Vec<Span>,
    /// Expected elements not found.
    pub missing: Vec<Element>,
    /// Every unit (sentence or clause) with its role, confidence and hypothetical / habitual
    /// flags, whichever engine judged.
    #[serde(default)]
    pub roles: Vec<roles::SentenceRole>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueFeedback {
    pub quantified_result: bool,
    /// Every number that makes the result quantified is a doubtful word ([`doubtful`]).
    #[serde(default)]
    pub quantified_result_doubtful: bool,
    pub cues: Vec<ValueCue>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RapportFeedback {
    pub cues: Vec<RapportCue>,
    /// A growth cue was found (what was learned, progression, next time).
    pub trajectory: bool,
    pub flow: Flow,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeliveryFeedback {
    pub fillers: Vec<Span>,
    /// Fillers per minute of speech; over the estimated duration when the text is untimed.
    pub fillers_per_minute: f64,
    /// Fillers as a percentage of words.
    pub filler_percent: f64,
    /// How many fillers are sounds (um, uh) rather than words (like, you know).
    pub filler_sounds: usize,
    /// Places where several fillers come close together.
    pub filler_bursts: Vec<Span>,
    pub hedges: Vec<Span>,
    pub repetitions: Vec<Span>,
    /// Much shorter than the target band.
    pub terse: bool,
    /// Much longer than the target band, or sentences that run on.
    pub rambling: bool,
    /// True when per-minute rates come from an estimate (typed text has no times).
    pub rate_estimated: bool,
}

/// How the answer's length compares with its target band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthCheck {
    TooShort,
    WithinBand,
    TooLong,
    #[default]
    NoTarget,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimingFeedback {
    pub timed: bool,
    /// Speaking time from the first word to the last (null for typed text).
    pub duration_ms: Option<u64>,
    /// `duration_ms`, or for typed text the time it would take at a conversational pace.
    pub estimated_duration_ms: u64,
    pub target_ms: Option<(u64, u64)>,
    pub length: LengthCheck,
    /// Speaking rate: words per minute over the whole speaking time.
    pub wpm: Option<f64>,
    /// Articulation rate: words per minute of time actually speaking (pauses removed).
    pub articulation_wpm: Option<f64>,
    pub pauses: Vec<PlacedPause>,
    pub long_pauses: usize,
    /// Time spent on each story element, when timed.
    pub element_ms: BTreeMap<Element, u64>,
    /// For typed text: the pace the length was estimated at, and where it came from.
    #[serde(default)]
    pub pace: Option<TypedPace>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepFeedback {
    pub step: ReplyStep,
    pub present: bool,
    pub evidence: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectionFeedback {
    pub steps: Vec<StepFeedback>,
}

/// The five areas that get a score.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Area {
    Timing,
    Delivery,
    Structure,
    Value,
    Rapport,
}

impl Area {
    pub const ALL: [Area; 5] = [
        Area::Timing,
        Area::Delivery,
        Area::Structure,
        Area::Value,
        Area::Rapport,
    ];

    /// The spelling used in JSON and files.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            Area::Timing => "Timing",
            Area::Delivery => "Delivery",
            Area::Structure => "Structure",
            Area::Value => "Value",
            Area::Rapport => "Rapport",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scores {
    pub timing: u8,
    pub delivery: u8,
    pub structure: u8,
    pub value: u8,
    pub rapport: u8,
    /// The mean of the five, capped when the answer has a red flag.
    pub overall: u8,
    /// What raised or lowered each score; the points of an area's reasons add up to its score.
    pub reasons: BTreeMap<Area, Vec<String>>,
    /// How the overall score was formed (the mean, and any cap).
    #[serde(default)]
    pub overall_reasons: Vec<String>,
}

impl Scores {
    pub fn get(&self, area: Area) -> u8 {
        match area {
            Area::Timing => self.timing,
            Area::Delivery => self.delivery,
            Area::Structure => self.structure,
            Area::Value => self.value,
            Area::Rapport => self.rapport,
        }
    }
}

/// A red flag with the words that carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlag {
    pub kind: RedFlagKind,
    pub text: String,
    pub start_char: usize,
    pub end_char: usize,
    /// One line on why it costs the answer ("check: heard as ..." when it rests on words the
    /// recogniser was unsure of).
    pub why: String,
    /// The flag rests on words the recogniser was unsure of ([`doubtful`]): it is shown, with
    /// "check: heard as ...", but does not cap the score on its own.
    #[serde(default)]
    pub doubtful: bool,
}

/// The unsure words a red flag rests on, if it does ([`doubtful`], module rule): a rule's flag
/// that the rules no longer raise once those words are blanked out, or a flag of the learned
/// judge or "not answering" of which at least [`doubtful::UNSURE_SHARE`] of the words are
/// unsure. `None` for typed text and for a flag heard clearly.
fn flag_doubt(
    transcript: &Transcript,
    scope: &FlagScope,
    rule_flags: &[FlagHit],
    flag: &FlagHit,
    span: &Span,
) -> Option<Vec<String>> {
    let unsure = doubtful::unsure_words(transcript);
    let (inside, share) =
        doubtful::unsure_in(&unsure, &transcript.text, span.start_char, span.end_char);
    if inside.is_empty() {
        return None;
    }
    let rests_on_them = if flag.kind != RedFlagKind::NotAnswering && rule_flags.contains(flag) {
        let masked = doubtful::masked_text(&transcript.text, &unsure);
        let index = TextIndex::new(&masked);
        let spans = SpanMaker {
            index: &index,
            chars: CharMap::new(&masked),
        };
        !red_flags::find(&index, scope).iter().any(|m| {
            let ms = spans.tokens(m.span);
            m.kind == flag.kind && ms.start_char < span.end_char && span.start_char < ms.end_char
        })
    } else {
        share >= doubtful::UNSURE_SHARE
    };
    rests_on_them.then(|| inside.into_iter().map(str::to_string).collect())
}

/// What the learned not-answering decision reads about an answer besides the relevance tests
/// ([`flag_model::not_answering::NaInputs`]).
fn not_answering_inputs(
    index: &TextIndex,
    tests: relevance::RelevanceTests,
    rubric: RubricKind,
    parts: &[rubric::PartFinding],
    structure: &structure::StructureFindings,
) -> flag_model::not_answering::NaInputs {
    let words = index.tokens.len();
    let share = |test: &dyn Fn(&str) -> bool| {
        (0..words).filter(|&i| test(index.word(i))).count() as f32 / words.max(1) as f32
    };
    flag_model::not_answering::NaInputs {
        tests,
        rubric,
        parts_share: if parts.is_empty() {
            0.0
        } else {
            parts.iter().filter(|p| !p.units.is_empty()).count() as f32 / parts.len() as f32
        },
        elements_share: Element::ALL.iter().filter(|e| structure.has(**e)).count() as f32
            / Element::ALL.len() as f32,
        words,
        units: index.units.len(),
        first_person: share(&|w| {
            matches!(
                w,
                "i" | "i'm"
                    | "i've"
                    | "i'd"
                    | "i'll"
                    | "me"
                    | "my"
                    | "we"
                    | "we've"
                    | "our"
                    | "us"
                    | "im"
                    | "ive"
            )
        }),
        past: share(&|w| relevance::is_past_verb(w)),
        questions: rubric::questions(index).len(),
        has_number: (0..words).any(|i| text::is_number(index.word(i))),
    }
}

/// One of the prompt's signals, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalCheck {
    pub signal: String,
    pub present: bool,
    /// A "no ..." signal: met when the answer avoids the fault.
    pub negative: bool,
    /// The sentences it rests on; for a failed negative signal, the red flags.
    pub evidence: Vec<Span>,
    /// Which test judged it ("part: differentiator", "red flags (blame)", "shared words").
    pub judged_by: String,
}

/// Whether the answer takes up the question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelevanceFeedback {
    pub addressed: bool,
    /// How close the answer is to the question (0-1), by `measure`.
    pub similarity: f32,
    /// "word_overlap", "encoder" or "word_overlap+encoder" ([`relevance::default_similarity`]).
    pub measure: String,
    /// The common question the answer takes up instead of the one asked (encoder only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_instead: Option<String>,
    /// The sentence closest to the question.
    pub evidence: Option<Span>,
}

/// One part of a kind-aware rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartFeedback {
    pub part: Part,
    pub label: String,
    pub present: bool,
    pub evidence: Vec<Span>,
}

/// The rubric the answer was judged by: a story (STAR + Learning, in `structure`) or the parts
/// of a pitch, an "about you" answer, questions for the interviewer or an objection reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricFeedback {
    pub kind: RubricKind,
    /// The parts checked (empty for stories and objection replies).
    pub parts: Vec<PartFeedback>,
}

impl Default for RubricFeedback {
    fn default() -> Self {
        RubricFeedback {
            kind: RubricKind::Story,
            parts: Vec::new(),
        }
    }
}

/// Everything the coach says about one answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Feedback {
    pub kind: PromptKind,
    /// Which engine judged the structure: the learned model or the phrase-list rules.
    #[serde(default)]
    pub engine: roles::Engine,
    pub word_count: usize,
    /// No words at all: every other field is empty and the scores are zero.
    pub no_speech: bool,
    pub structure: StructureFeedback,
    pub value: ValueFeedback,
    pub rapport: RapportFeedback,
    pub delivery: DeliveryFeedback,
    pub timing: TimingFeedback,
    /// Present when the context has an objection framework.
    pub objection: Option<ObjectionFeedback>,
    pub scores: Scores,
    /// One to three observations about the answer, the one that costs it most first.
    pub next_steps: Vec<String>,
    /// Red flags, each with its words and why (empty when there are none).
    #[serde(default)]
    pub red_flags: Vec<RedFlag>,
    /// Who judged the red flags: the rules joined with the learned judge (`model`, the default
    /// when the sentence encoder is installed) or the phrase-list rules alone (`rules`).
    #[serde(default)]
    pub red_flags_engine: flag_model::FlagEngine,
    /// The prompt's "a strong answer shows" signals, each checked.
    #[serde(default)]
    pub signals: Vec<SignalCheck>,
    /// Whether the answer takes up the question (null when no question is known).
    #[serde(default)]
    pub relevance: Option<RelevanceFeedback>,
    /// The rubric the structure was judged by.
    #[serde(default)]
    pub rubric: RubricFeedback,
    /// Numbers and names the recogniser was unsure of ("check: heard as 7.8").
    #[serde(default)]
    pub doubtful_words: Vec<DoubtfulWord>,
    /// One thing the answer did well, quoted from it.
    #[serde(default)]
    pub keep_doing: Option<KeepDoing>,
}

/// What a highlighted stretch of text is evidence of (the UI gives each its colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HighlightCategory {
    Situation,
    Task,
    Action,
    Result,
    Learning,
    Filler,
    Hedge,
    ValueCue,
    RapportCue,
    LongPause,
    RedFlag,
    Doubtful,
}

impl HighlightCategory {
    pub fn of_element(element: Element) -> Self {
        match element {
            Element::Situation => HighlightCategory::Situation,
            Element::Task => HighlightCategory::Task,
            Element::Action => HighlightCategory::Action,
            Element::Result => HighlightCategory::Result,
            Element::Learning => HighlightCategory::Learning,
        }
    }

    /// The story element this category marks, when it marks one.
    pub fn element(self) -> Option<Element> {
        Element::ALL
            .into_iter()
            .find(|&e| HighlightCategory::of_element(e) == self)
    }

    pub fn label(self) -> &'static str {
        match self {
            HighlightCategory::Situation => "situation",
            HighlightCategory::Task => "task",
            HighlightCategory::Action => "action",
            HighlightCategory::Result => "result",
            HighlightCategory::Learning => "learning",
            HighlightCategory::Filler => "filler",
            HighlightCategory::Hedge => "hedge",
            HighlightCategory::ValueCue => "value cue",
            HighlightCategory::RapportCue => "rapport cue",
            HighlightCategory::LongPause => "long pause",
            HighlightCategory::RedFlag => "red flag",
            HighlightCategory::Doubtful => "check: unsure word",
        }
    }
}

/// One highlighted stretch of the transcript text (character offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Highlight {
    pub start_char: usize,
    pub end_char: usize,
    pub category: HighlightCategory,
}

impl Feedback {
    /// Every piece of evidence as a highlight, sorted by position (then category). Spans may
    /// overlap: a filler inside an Action sentence is both.
    pub fn highlights(&self) -> Vec<Highlight> {
        let mut out = Vec::new();
        let mut push = |start_char: usize, end_char: usize, category| {
            if end_char > start_char {
                out.push(Highlight {
                    start_char,
                    end_char,
                    category,
                });
            }
        };
        // Only a story is drawn as Situation, Task, Action, Result and Learning.
        let story = self.rubric.kind == RubricKind::Story;
        for (element, fb) in self.structure.elements.iter().filter(|_| story) {
            for s in &fb.evidence {
                push(
                    s.start_char,
                    s.end_char,
                    HighlightCategory::of_element(*element),
                );
            }
        }
        for s in &self.delivery.fillers {
            push(s.start_char, s.end_char, HighlightCategory::Filler);
        }
        for s in &self.delivery.hedges {
            push(s.start_char, s.end_char, HighlightCategory::Hedge);
        }
        for c in &self.value.cues {
            push(c.start_char, c.end_char, HighlightCategory::ValueCue);
        }
        for c in &self.rapport.cues {
            push(c.start_char, c.end_char, HighlightCategory::RapportCue);
        }
        for p in self.timing.pauses.iter().filter(|p| p.long) {
            if let (Some(a), Some(b)) = (p.start_char, p.end_char) {
                push(a, b.max(a + 1), HighlightCategory::LongPause);
            }
        }
        for f in &self.red_flags {
            push(f.start_char, f.end_char, HighlightCategory::RedFlag);
        }
        for d in &self.doubtful_words {
            push(d.start_char, d.end_char, HighlightCategory::Doubtful);
        }
        out.sort();
        out
    }
}

/// Converts byte positions of the analysed text into feedback spans.
struct SpanMaker<'a> {
    index: &'a TextIndex<'a>,
    chars: CharMap,
}

impl SpanMaker<'_> {
    fn bytes(&self, start: usize, end: usize) -> Span {
        Span {
            text: self.index.text[start..end].to_string(),
            start_char: self.chars.char_at(start),
            end_char: self.chars.char_at(end),
            confidence: None,
        }
    }

    fn tokens(&self, span: TokenSpan) -> Span {
        let (a, b) = self.index.span(span.start, span.end);
        self.bytes(a, b)
    }

    fn unit(&self, unit: usize) -> Span {
        let u = &self.index.units[unit];
        self.bytes(u.start, u.end)
    }
}

/// Analyses one answer. `pauses` are the pauses measured from the audio; without them, a timed
/// transcript's pauses are read from the gaps between its words. Whether the answer addresses
/// the question is judged by word overlap and the rules, or by the sentence encoder when
/// `REHEARSE_RELEVANCE` asks for it and it is installed ([`relevance::default_similarity`]; the
/// feedback's `relevance.measure` says which); the
/// structure by the
/// default engine ([`roles::RoleModel::default_engine`]: the phrase-list rules unless the
/// sentence-role model is chosen and its encoder installed).
pub fn analyze(transcript: &Transcript, pauses: Option<&[Pause]>, ctx: &AnswerContext) -> Feedback {
    analyze_with_engine(
        transcript,
        pauses,
        ctx,
        relevance::default_similarity(),
        roles::RoleModel::default_engine(),
    )
}

/// [`analyze`] with another measure of how close the answer is to the question (the seam for
/// a sentence encoder).
pub fn analyze_with(
    transcript: &Transcript,
    pauses: Option<&[Pause]>,
    ctx: &AnswerContext,
    similarity: &dyn QuestionSimilarity,
) -> Feedback {
    analyze_with_engine(
        transcript,
        pauses,
        ctx,
        similarity,
        roles::RoleModel::default_engine(),
    )
}

/// [`analyze_with`] with an explicit structure engine: `Some(model)` for the sentence-role
/// model, `None` for the phrase-list rules. Red flags are judged by the default engine
/// ([`flag_model::FlagModel::default_judge`]).
pub fn analyze_with_engine(
    transcript: &Transcript,
    pauses: Option<&[Pause]>,
    ctx: &AnswerContext,
    similarity: &dyn QuestionSimilarity,
    model: Option<&roles::RoleModel>,
) -> Feedback {
    let judge = flag_model::FlagModel::default_judge();
    analyze_with_judge(transcript, pauses, ctx, similarity, model, judge)
}

/// [`analyze_with_engine`] with an explicit red-flag judge: `Some(judge)` joins the learned
/// judge to the rules, `None` leaves the rules alone (as when the encoder is not installed).
pub fn analyze_with_judge(
    transcript: &Transcript,
    pauses: Option<&[Pause]>,
    ctx: &AnswerContext,
    similarity: &dyn QuestionSimilarity,
    model: Option<&roles::RoleModel>,
    judge: Option<&flag_model::FlagModel>,
) -> Feedback {
    analyze_inner(transcript, pauses, ctx, similarity, model, judge).0
}

/// [`analyze`], with what the learned not-answering decision read about the answer (`None`
/// when there is no question or no words): for training that decision
/// (`flag_model::train`).
pub fn analyze_with_not_answering_inputs(
    transcript: &Transcript,
    ctx: &AnswerContext,
) -> (Feedback, Option<flag_model::not_answering::NaInputs>) {
    analyze_inner(
        transcript,
        None,
        ctx,
        relevance::default_similarity(),
        roles::RoleModel::default_engine(),
        flag_model::FlagModel::default_judge(),
    )
}

fn analyze_inner(
    transcript: &Transcript,
    pauses: Option<&[Pause]>,
    ctx: &AnswerContext,
    similarity: &dyn QuestionSimilarity,
    model: Option<&roles::RoleModel>,
    judge: Option<&flag_model::FlagModel>,
) -> (Feedback, Option<flag_model::not_answering::NaInputs>) {
    let index = TextIndex::new(&transcript.text);
    let spans = SpanMaker {
        index: &index,
        chars: CharMap::new(&transcript.text),
    };
    let word_count = index.tokens.len();

    let mut found_structure = structure::classify(&index);
    // Only a question that asks for a story can be answered hypothetically.
    found_structure.hypothetical &= ctx.kind.expects_story();
    // The model's decision replaces the rules' (which it reads as features).
    let judged = model
        .filter(|_| word_count > 0)
        .and_then(|m| m.judge(&index, &found_structure, ctx.kind).ok());
    let sentence_roles = match &judged {
        Some(j) => {
            roles::apply(&mut found_structure, j);
            j.units.clone()
        }
        None => roles::from_rules(&index, &found_structure),
    };
    let found_delivery = delivery::find_with_custom(&index, &ctx.custom_fillers);
    let found_value = value::find(&index);
    let mut found_rapport = rapport::find(&index);

    // Red flags first: their words are never also rapport or growth cues, lessons or steps.
    let scope = FlagScope::from_question(&ctx.prompt_text, &ctx.signals);
    let mut flags = red_flags::find(&index, &scope);
    let rule_flags = flags.clone();
    let rubric_kind = RubricKind::of(ctx);
    let part_findings = rubric::find(&index, rubric_kind, &found_structure, &found_value);
    let objection_findings =
        (!ctx.framework.is_empty()).then(|| objection::check(&index, &ctx.framework));
    let has_shape = match rubric_kind {
        // A past episode, found by the structure rules or by its past-tense verbs (speech
        // transcribed without punctuation defeats the rules' sentences).
        RubricKind::Story => {
            found_structure.has(Element::Action)
                || found_structure.has(Element::Result)
                || relevance::tells_an_episode(&index)
        }
        RubricKind::Objection => objection_findings
            .as_ref()
            .is_some_and(|steps| steps.iter().any(|s| !s.units.is_empty())),
        RubricKind::InterviewerQuestions => !rubric::questions(&index).is_empty(),
        // Who you are, or what you want next; a past alone may be a flat move or a hobby. A
        // pitch about one's work has the shape in whatever words ("I lead a support team").
        RubricKind::Pitch => {
            relevance::speaks_of_work(&index)
                || part_findings.iter().any(|p| {
                    matches!(p.part, Part::Identity | Part::Present | Part::Future)
                        && !p.units.is_empty()
                })
        }
        // "Why should we hire you", "why did you leave", "your salary expectations": an
        // answer about one's work or pay has the shape, in whatever words.
        // "Tell me about yourself" is also answered by who you are outside work.
        RubricKind::AboutYou => {
            relevance::speaks_of_work(&index)
                || (ctx.prompt_text.to_lowercase().contains("yourself")
                    && part_findings.iter().any(|p| {
                        matches!(p.part, Part::Identity | Part::Present | Part::Future)
                            && !p.units.is_empty()
                    }))
        }
    };
    // An episode or a weakness asked for: an opening that denies it declines the question.
    let premise = matches!(
        rubric_kind,
        RubricKind::Story | RubricKind::InterviewerQuestions
    )
    .then_some(ctx.prompt_text.as_str());
    let relevance_finding = (!ctx.prompt_text.trim().is_empty() && word_count > 0).then(|| {
        // A question about the person may be answered with life outside work.
        let about_the_person =
            rubric_kind == RubricKind::Pitch || ctx.prompt_text.to_lowercase().contains("yourself");
        relevance::judge_prompt(
            &index,
            &ctx.question(),
            (!about_the_person).then_some(ctx.prompt_text.as_str()),
            has_shape,
            premise,
            similarity,
        )
    });
    let mut relevance_finding = relevance_finding;
    let na_inputs = relevance_finding.as_ref().map(|r| {
        not_answering_inputs(
            &index,
            r.tests,
            rubric_kind,
            &part_findings,
            &found_structure,
        )
    });
    // The learned red-flag judge, when chosen and installed (the default), joins the rules (the
    // union; its not answering only where nothing else is flagged). Only with a question to
    // answer; without one, or when the encoder fails, the rules alone judge and say so.
    let mut encoder_cosines = None;
    let mut red_flags_engine = flag_model::FlagEngine::Rules;
    if !ctx.prompt_text.trim().is_empty()
        && word_count > 0
        && let Some(judge) = judge
        && let Ok((found, cosines)) = judge.judge(&index, &scope, ctx.kind, &ctx.prompt_text)
    {
        flag_model::merge(&mut flags, &found, &index);
        encoder_cosines = Some(cosines);
        red_flags_engine = flag_model::FlagEngine::Model;
    }
    // The learned not-answering decision replaces the rule's where it is in force
    // (flag_model::not_answering); it was trained on the word-overlap tests, so another
    // measure (REHEARSE_RELEVANCE) keeps the rule.
    if let (Some(r), Some(inputs)) = (relevance_finding.as_mut(), na_inputs.as_ref())
        && r.measure == relevance::WordOverlap.name()
        && let Some(unanswered) = flag_model::not_answering::decide(inputs, encoder_cosines)
    {
        r.decide(
            unanswered,
            TokenSpan {
                start: 0,
                end: word_count,
            },
        );
    }
    // Another red flag (the rules' or the judge's) shows the answer engages with the question,
    // if badly: not answering only when nothing else is flagged.
    let mut rule_na = None;
    if let Some(span) = relevance_finding.as_ref().and_then(|r| r.flag_span)
        && flags.iter().all(|f| f.kind == RedFlagKind::NotAnswering)
    {
        flags.retain(|f| f.kind != RedFlagKind::NotAnswering);
        flags.push(FlagHit {
            kind: RedFlagKind::NotAnswering,
            span,
        });
        rule_na = Some(span);
    }
    // A sentence that carries a red flag lends none of its words to a cue, a lesson or a step
    // ("Honestly, it was the manager's fault" is not honesty).
    let flagged_units: Vec<bool> = index
        .units
        .iter()
        .map(|u| {
            flags
                .iter()
                .filter(|f| f.kind != RedFlagKind::NotAnswering)
                .any(|f| f.span.start < u.end_token && u.first < f.span.end)
        })
        .collect();
    let in_flag = |span: TokenSpan| {
        (span.start..span.end.max(span.start + 1))
            .filter_map(|i| index.unit_of(i))
            .any(|k| flagged_units[k])
    };
    found_rapport.cues.retain(|c| !in_flag(c.span));
    found_rapport.trajectory = found_rapport
        .cues
        .iter()
        .any(|c| c.kind == rapport::RapportCueKind::Growth);
    for (k, unit) in index.units.iter().enumerate() {
        let span = TokenSpan {
            start: unit.first,
            end: unit.end_token,
        };
        if in_flag(span) {
            found_structure.units[k]
                .elements
                .retain(|e| *e != Element::Learning);
        }
    }

    // Structure.
    let mut elements = BTreeMap::new();
    for element in Element::ALL {
        let units: Vec<usize> = found_structure.units_with(element).collect();
        let k = structure_index(element);
        let best = units
            .iter()
            .map(|&u| found_structure.units[u].scores[k])
            .fold(0.0f32, f32::max);
        // The model's probability of this element for the unit (its decoded role or a second
        // role it also tells).
        let confidence = |u: usize| {
            judged
                .as_ref()
                .and_then(|j| j.probabilities.get(u))
                .map(|p| p[roles::Role::of_element(element).index()])
        };
        let strength = match &judged {
            Some(_) => model_strength(
                units
                    .iter()
                    .filter_map(|&u| confidence(u))
                    .fold(0.0, f32::max),
                units.len(),
            ),
            None => strength(best, units.len()),
        };
        elements.insert(
            element,
            ElementFeedback {
                present: !units.is_empty(),
                strength,
                evidence: units
                    .iter()
                    .map(|&u| Span {
                        confidence: confidence(u),
                        ..spans.unit(u)
                    })
                    .collect(),
                duration_ms: None,
            },
        );
    }
    let hypothetical_evidence = if found_structure.hypothetical {
        found_structure
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.hypothetical)
            .map(|(i, _)| spans.unit(i))
            .collect()
    } else {
        Vec::new()
    };
    let missing = ctx
        .expected_elements
        .iter()
        .copied()
        .filter(|e| !found_structure.has(*e))
        .collect();

    // Value: a result is quantified when a Result sentence holds a quantity (the model engine
    // also leaves out tenure, deadlines, clock times and team sizes: roles::quantity).
    let result_quantities: Vec<&value::ValueHit> = found_value
        .iter()
        .filter(|h| {
            h.kind == ValueCueKind::Quantity
                && index
                    .unit_of(h.span.start)
                    .is_some_and(|u| found_structure.units[u].elements.contains(&Element::Result))
        })
        .collect();
    let quantified_result = match &judged {
        Some(j) => j.quantified_result,
        None => !result_quantities.is_empty(),
    };
    let doubtful_words = doubtful::find(transcript);
    let quantified_result_doubtful = quantified_result
        && result_quantities.iter().all(|h| {
            let s = spans.tokens(h.span);
            doubtful_words
                .iter()
                .any(|d| d.start_char < s.end_char && s.start_char < d.end_char)
        });
    let value_cues = found_value
        .iter()
        .map(|h| {
            let s = spans.tokens(h.span);
            ValueCue {
                text: s.text,
                start_char: s.start_char,
                end_char: s.end_char,
                kind: h.kind,
            }
        })
        .collect();

    let rapport_cues = found_rapport
        .cues
        .iter()
        .map(|h| {
            let s = spans.tokens(h.span);
            RapportCue {
                text: s.text,
                start_char: s.start_char,
                end_char: s.end_char,
                kind: h.kind,
            }
        })
        .collect();

    // Timing.
    let unit_chars: Vec<(usize, usize)> = index
        .units
        .iter()
        .map(|u| (spans.chars.char_at(u.start), spans.chars.char_at(u.end)))
        .collect();
    let element_units: BTreeMap<Element, Vec<usize>> = Element::ALL
        .iter()
        .map(|e| (*e, found_structure.units_with(*e).collect()))
        .collect();
    let timing = timing::measure(
        transcript,
        word_count,
        pauses,
        ctx,
        &unit_chars,
        &element_units,
    );
    let mut timing = timing;
    if rubric_kind != RubricKind::Story {
        timing.element_ms.clear();
    }
    for (element, ms) in &timing.element_ms {
        if let Some(fb) = elements.get_mut(element) {
            fb.duration_ms = Some(*ms);
        }
    }

    // Delivery.
    let minutes = timing.estimated_duration_ms as f64 / 60_000.0;
    let filler_count = found_delivery.fillers.len();
    let flow = found_rapport.flow.unwrap_or(Flow::Unknown);
    let delivery = DeliveryFeedback {
        fillers: found_delivery
            .fillers
            .iter()
            .map(|f| spans.tokens(*f))
            .collect(),
        fillers_per_minute: if minutes > 0.0 {
            round1(filler_count as f64 / minutes)
        } else {
            0.0
        },
        filler_percent: if word_count > 0 {
            round1(100.0 * filler_count as f64 / word_count as f64)
        } else {
            0.0
        },
        filler_sounds: found_delivery.filler_sounds,
        filler_bursts: found_delivery
            .bursts
            .iter()
            .map(|f| spans.tokens(*f))
            .collect(),
        hedges: found_delivery
            .hedges
            .iter()
            .map(|f| spans.tokens(*f))
            .collect(),
        repetitions: found_delivery
            .repetitions
            .iter()
            .map(|f| spans.tokens(*f))
            .collect(),
        terse: timing::is_terse(&timing),
        rambling: timing::is_rambling(&timing) || flow == Flow::RunOn,
        rate_estimated: !timing.timed,
    };

    // Objection steps: a caving or bluffing sentence takes no step.
    let objection = objection_findings.map(|steps| ObjectionFeedback {
        steps: steps
            .into_iter()
            .map(|f| {
                let units: Vec<TokenSpan> = f.units.into_iter().filter(|u| !in_flag(*u)).collect();
                StepFeedback {
                    step: f.step,
                    present: !units.is_empty(),
                    evidence: units.iter().map(|u| spans.tokens(*u)).collect(),
                }
            })
            .collect(),
    });

    let signal_findings = signals::check(
        &ctx.signals,
        &signals::SignalInputs {
            index: &index,
            structure: &found_structure,
            value: &found_value,
            rapport: &found_rapport.cues,
            flags: &flags,
        },
    );
    let red_flags = flags
        .iter()
        .map(|f| {
            let s = spans.tokens(f.span);
            let unsure = flag_doubt(transcript, &scope, &rule_flags, f, &s);
            let why = match &unsure {
                Some(words) => format!(
                    "{} (check: heard as \"{}\"; the recogniser was unsure of {}, so this flag \
                     alone does not cap the score)",
                    f.kind.why(),
                    scores::short_quote(&s.text, 90),
                    words
                        .iter()
                        .map(|w| format!("\"{w}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => f.kind.why().to_string(),
            };
            // Not answering says which test found it so ("it answers another question").
            let why = match relevance_finding.as_ref().and_then(|r| r.reason) {
                Some(reason) if f.kind == RedFlagKind::NotAnswering && rule_na == Some(f.span) => {
                    format!("{why} Here {reason}.")
                }
                _ => why,
            };
            RedFlag {
                kind: f.kind,
                text: s.text,
                start_char: s.start_char,
                end_char: s.end_char,
                why,
                doubtful: unsure.is_some(),
            }
        })
        .collect();
    let unit_span = |k: usize| {
        spans.tokens(TokenSpan {
            start: index.units[k].first,
            end: index.units[k].end_token,
        })
    };

    let mut feedback = Feedback {
        kind: ctx.kind,
        engine: if judged.is_some() {
            roles::Engine::Model
        } else {
            roles::Engine::Rules
        },
        word_count,
        no_speech: word_count == 0,
        structure: StructureFeedback {
            elements,
            first_person_action: found_structure.first_person_action,
            hypothetical: found_structure.hypothetical,
            hypothetical_evidence,
            missing,
            roles: sentence_roles,
        },
        value: ValueFeedback {
            quantified_result,
            quantified_result_doubtful,
            cues: value_cues,
        },
        rapport: RapportFeedback {
            cues: rapport_cues,
            trajectory: found_rapport.trajectory,
            flow,
        },
        delivery,
        timing,
        objection,
        scores: Scores {
            timing: 0,
            delivery: 0,
            structure: 0,
            value: 0,
            rapport: 0,
            overall: 0,
            reasons: BTreeMap::new(),
            overall_reasons: Vec::new(),
        },
        next_steps: Vec::new(),
        red_flags,
        red_flags_engine,
        signals: signal_findings
            .into_iter()
            .map(|f| SignalCheck {
                signal: f.signal,
                present: f.present,
                negative: f.negative,
                evidence: f.evidence.into_iter().map(|t| spans.tokens(t)).collect(),
                judged_by: f.judged_by,
            })
            .collect(),
        relevance: relevance_finding.map(|r| RelevanceFeedback {
            addressed: r.addressed,
            similarity: r.similarity,
            measure: r.measure.to_string(),
            answers_instead: r.instead.map(str::to_string),
            evidence: r.best_unit.map(unit_span),
        }),
        rubric: RubricFeedback {
            kind: rubric_kind,
            parts: part_findings
                .into_iter()
                .map(|p| PartFeedback {
                    part: p.part,
                    label: p.part.label().to_string(),
                    present: !p.units.is_empty(),
                    evidence: p.units.into_iter().map(unit_span).collect(),
                })
                .collect(),
        },
        doubtful_words,
        keep_doing: None,
    };
    if feedback.no_speech {
        feedback.red_flags.clear();
    }
    let (scores, observations) = scores::score(&feedback, ctx);
    feedback.scores = scores;
    feedback.next_steps = if feedback.no_speech {
        vec!["No speech was detected: the recording or text held no words to analyse.".into()]
    } else {
        next_steps::rank(observations, &feedback)
    };
    feedback.keep_doing = next_steps::keep_doing(&feedback);
    (feedback, na_inputs)
}

fn structure_index(element: Element) -> usize {
    Element::ALL.iter().position(|e| *e == element).unwrap_or(0)
}

/// A best score of twice the threshold, or support from a second sentence, is a strong element.
fn strength(best: f32, sentences: usize) -> u8 {
    if sentences == 0 {
        return 0;
    }
    let base = (best / (2.0 * structure::ELEMENT_MIN_SCORE)).min(1.0) * 80.0;
    let support = if sentences > 1 { 20.0 } else { 0.0 };
    (base + support).round().clamp(0.0, 100.0) as u8
}

/// The model's strength: its best confidence, plus support from a second sentence.
fn model_strength(confidence: f32, sentences: usize) -> u8 {
    if sentences == 0 {
        return 0;
    }
    let support = if sentences > 1 { 20.0 } else { 0.0 };
    (confidence * 80.0 + support).round().clamp(0.0, 100.0) as u8
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAR: &str = "At my last job our nightly billing run failed twice a week. I was asked to make it \
        reliable. I, um, traced the failures to a lock and I rewrote the job in smaller batches. As a result, \
        failures dropped to zero for six months. I learned to measure before I fix.";

    #[test]
    fn feedback_serialises_to_the_issue_shape() {
        let fb = analyze(
            &Transcript::from_text(STAR),
            None,
            &AnswerContext::default(),
        );
        let json = serde_json::to_value(&fb).unwrap();
        for e in ["situation", "task", "action", "result", "learning"] {
            assert_eq!(json["structure"]["elements"][e]["present"], true, "{e}");
            assert!(json["structure"]["elements"][e]["evidence"][0]["start_char"].is_u64());
        }
        assert_eq!(json["structure"]["first_person_action"], true);
        assert_eq!(json["structure"]["hypothetical"], false);
        assert_eq!(json["value"]["quantified_result"], true);
        assert!(json["value"]["cues"][0]["text"].is_string());
        assert!(json["rapport"]["cues"].is_array());
        assert_eq!(json["delivery"]["fillers"][0]["text"], "um");
        assert!(json["delivery"]["fillers_per_minute"].is_f64());
        assert!(json["delivery"]["hedges"].is_array());
        assert!(json["timing"]["duration_ms"].is_null());
        assert!(json["timing"]["wpm"].is_null());
        assert_eq!(
            json["timing"]["target_ms"],
            serde_json::json!([60000, 120000])
        );
        assert!(json["timing"]["pauses"].is_array());
        for area in ["timing", "delivery", "structure", "value", "rapport"] {
            assert!(json["scores"][area].is_u64(), "{area}");
        }
        assert!(json["next_steps"].is_array());
        let back: Feedback = serde_json::from_value(json).unwrap();
        assert_eq!(back, fb);
    }

    #[test]
    fn evidence_offsets_are_characters_not_bytes() {
        let text = "Café naïve 🙂 start. At my last job, um, the team was stuck.";
        let t = Transcript::from_text(text);
        let fb = analyze(&t, None, &AnswerContext::default());
        let um = &fb.delivery.fillers[0];
        assert_eq!(t.slice_chars(um.start_char, um.end_char), "um");
    }

    #[test]
    fn red_flags_signals_and_parts_point_at_their_exact_characters() {
        let text = "Café first: I'm a nurse who spots sepsis early. Honestly, my manager was clueless 🙂. \
                    I cut sepsis delays from 3 hours to 1. I'm looking for a ward-lead role.";
        let mut ctx = AnswerContext::for_kind(PromptKind::Pitch);
        ctx.prompt_text = "Give me your 30-second pitch.".into();
        ctx.signals = vec![
            "One differentiator, not a list".into(),
            "No criticism of the current employer".into(),
        ];
        let t = Transcript::from_text(text);
        let fb = analyze(&t, None, &ctx);
        assert_eq!(fb.red_flags.len(), 1, "{:?}", fb.red_flags);
        let mut spans: Vec<(String, usize, usize)> = fb
            .red_flags
            .iter()
            .map(|f| (f.text.clone(), f.start_char, f.end_char))
            .collect();
        for s in &fb.signals {
            spans.extend(
                s.evidence
                    .iter()
                    .map(|e| (e.text.clone(), e.start_char, e.end_char)),
            );
        }
        for p in &fb.rubric.parts {
            spans.extend(
                p.evidence
                    .iter()
                    .map(|e| (e.text.clone(), e.start_char, e.end_char)),
            );
        }
        assert!(spans.len() >= 4);
        for (quoted, a, b) in spans {
            assert_eq!(t.slice_chars(a, b), quoted);
        }
        let json = serde_json::to_value(&fb).unwrap();
        assert_eq!(json["red_flags"][0]["kind"], "bad_mouthing");
        assert!(json["red_flags"][0]["why"].is_string());
        assert!(json["red_flags"][0]["start_char"].is_u64());
    }

    /// A transcript as Whisper gives it: one segment, words 300 ms apart, every word heard with
    /// probability 0.95 except those named in `unsure`.
    fn heard(text: &str, unsure: &[&str]) -> Transcript {
        use crate::transcript::{Segment, Word};
        let words: Vec<Word> = text
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| Word {
                text: w.into(),
                start_ms: i as u64 * 300,
                end_ms: i as u64 * 300 + 250,
                p: if unsure.contains(&w) { 0.3 } else { 0.95 },
                start_char: 0,
                end_char: 0,
            })
            .collect();
        let end = words.len() as u64 * 300;
        Transcript::from_segments(
            "test",
            end,
            vec![Segment {
                start_ms: 0,
                end_ms: end,
                text: text.into(),
                words,
            }],
        )
    }

    #[test]
    fn a_red_flag_resting_on_unsure_words_says_check_and_does_not_cap_the_score() {
        let text = format!("{STAR} Honestly, I've handled every kind of billing job there is.");
        let ctx = AnswerContext::default();
        // Heard clearly: a bluff, and the overall score is capped.
        let sure = analyze(&heard(&text, &[]), None, &ctx);
        let bluff = |fb: &Feedback| {
            fb.red_flags
                .iter()
                .find(|f| f.kind == RedFlagKind::Bluffing)
                .cloned()
        };
        let flag = bluff(&sure).expect("a bluff when heard clearly");
        assert!(!flag.doubtful);
        assert!(!flag.why.contains("check: heard as"));
        assert!(sure.scores.overall <= scores::RED_FLAG_OVERALL_CAP);
        // "handled" unsure: without it the sentence claims nothing, so the flag rests on it.
        let unsure = analyze(&heard(&text, &["handled"]), None, &ctx);
        let flag = bluff(&unsure).expect("still shown");
        assert!(flag.doubtful);
        assert!(
            flag.why
                .contains("check: heard as \"I've handled every kind of billing job"),
            "{}",
            flag.why
        );
        assert!(flag.why.contains("\"handled\""), "{}", flag.why);
        assert!(
            unsure.scores.overall > scores::RED_FLAG_OVERALL_CAP,
            "{:?}",
            unsure.scores.overall_reasons
        );
        assert!(
            !unsure
                .scores
                .overall_reasons
                .iter()
                .any(|r| r.contains("capped"))
        );
        // The bug seen live: "I mapped every step" misheard as "I'm up to every step" is no bluff.
        let misheard = analyze(
            &heard(
                "I'm up to every step of the refund process and I cut the wait to two days.",
                &["up", "to"],
            ),
            None,
            &ctx,
        );
        assert!(bluff(&misheard).is_none(), "{:?}", misheard.red_flags);
        // An unsure word that the flag does not rest on ("kind") leaves it a sure flag.
        let beside = analyze(&heard(&text, &["kind"]), None, &ctx);
        let flag = bluff(&beside).expect("a bluff");
        assert!(!flag.doubtful, "{}", flag.why);
        assert!(beside.scores.overall <= scores::RED_FLAG_OVERALL_CAP);
    }

    #[test]
    fn an_answer_without_red_flags_has_an_empty_list_in_json() {
        let fb = analyze(
            &Transcript::from_text(STAR),
            None,
            &AnswerContext::default(),
        );
        let json = serde_json::to_value(&fb).unwrap();
        assert_eq!(json["red_flags"], serde_json::json!([]));
    }

    #[test]
    fn empty_transcript_means_no_speech() {
        let fb = analyze(&Transcript::from_text(""), None, &AnswerContext::default());
        assert!(fb.no_speech);
        assert_eq!(fb.scores.overall, 0);
        assert_eq!(fb.next_steps.len(), 1);
    }

    #[test]
    fn highlights_are_sorted_and_cover_fillers_and_elements() {
        let fb = analyze(
            &Transcript::from_text(STAR),
            None,
            &AnswerContext::default(),
        );
        let h = fb.highlights();
        assert!(h.windows(2).all(|w| w[0] <= w[1]));
        assert!(h.iter().any(|x| x.category == HighlightCategory::Filler));
        assert!(h.iter().any(|x| x.category == HighlightCategory::Result));
        assert!(h.iter().any(|x| x.category == HighlightCategory::ValueCue));
    }

    #[test]
    fn objection_context_checks_each_step() {
        let ctx = AnswerContext::for_kind(PromptKind::Objection);
        let fb = analyze(
            &Transcript::from_text("That's fair. I built a CI pipeline in four weeks."),
            None,
            &ctx,
        );
        let steps = fb.objection.unwrap().steps;
        assert_eq!(steps.len(), 4);
        assert!(steps[0].present && steps[1].present && !steps[3].present);
    }

    #[test]
    fn missing_elements_are_listed() {
        let fb = analyze(
            &Transcript::from_text("I rewrote the deploy script over a weekend."),
            None,
            &AnswerContext::default(),
        );
        assert!(fb.structure.missing.contains(&Element::Result));
        assert!(!fb.structure.missing.contains(&Element::Action));
    }
}
