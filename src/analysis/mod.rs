//! The coaching engine: from a transcript, the audio's pauses and the prompt's context, the
//! feedback a person can act on, with every judgement pointing at the words it rests on.
//!
//! Rule: pure functions only. No files, audio devices, Whisper or UI here; callers hand in a
//! [`Transcript`] (words with times, or typed text) and optionally the pauses measured by
//! [`pauses::detect_pauses`], and get a [`Feedback`] back. Positions in the feedback are
//! Unicode character offsets into `transcript.text`. The parts: [`text`] (tokens and
//! sentences), [`delivery`] (fillers, hedges, repetition), [`structure`] (STAR + Learning,
//! first person, hypothetical), [`value`], [`rapport`], [`objection`], [`pauses`], [`timing`]
//! and [`scores`] (0-100 per area with reasons, and next steps). Sources:
//! docs/sources.md ("Coaching norms" and "Seeds"), cited at each threshold.

pub mod delivery;
pub mod evaluation;
pub mod lexicon;
pub mod objection;
pub mod pauses;
pub mod rapport;
pub mod roles;
pub mod scores;
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
use pauses::{Pause, PlacedPause};
use rapport::{Flow, RapportCueKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use text::{CharMap, TextIndex};
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
            },
            PromptKind::Pitch => AnswerContext {
                kind,
                target_seconds: Some(PITCH_TARGET_SECONDS),
                expected_elements: Vec::new(),
                framework: Vec::new(),
            },
            PromptKind::TellMe => AnswerContext {
                kind,
                target_seconds: Some(TELL_ME_TARGET_SECONDS),
                expected_elements: Vec::new(),
                framework: Vec::new(),
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
            },
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
        match self {
            Area::Timing => "timing",
            Area::Delivery => "delivery",
            Area::Structure => "structure",
            Area::Value => "value",
            Area::Rapport => "rapport",
        }
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
    /// The mean of the five.
    pub overall: u8,
    /// What raised or lowered each score.
    pub reasons: BTreeMap<Area, Vec<String>>,
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
    /// One to three observations about the answer, most useful first.
    pub next_steps: Vec<String>,
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
        for (element, fb) in &self.structure.elements {
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
/// transcript's pauses are read from the gaps between its words. The structure is judged by
/// the sentence-role model when its encoder is installed ([`roles::RoleModel::installed`],
/// loaded once), else by the phrase-list rules.
pub fn analyze(transcript: &Transcript, pauses: Option<&[Pause]>, ctx: &AnswerContext) -> Feedback {
    analyze_with(transcript, pauses, ctx, roles::RoleModel::installed())
}

/// [`analyze`] with an explicit engine: `Some(model)` for the sentence-role model, `None` for
/// the phrase-list rules.
pub fn analyze_with(
    transcript: &Transcript,
    pauses: Option<&[Pause]>,
    ctx: &AnswerContext,
    model: Option<&roles::RoleModel>,
) -> Feedback {
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
    let found_delivery = delivery::find(&index);
    let found_value = value::find(&index);
    let found_rapport = rapport::find(&index);

    // Structure.
    let mut elements = BTreeMap::new();
    for element in Element::ALL {
        let units: Vec<usize> = found_structure.units_with(element).collect();
        let k = structure_index(element);
        let best = units
            .iter()
            .map(|&u| found_structure.units[u].scores[k])
            .fold(0.0f32, f32::max);
        let confidence = |u: usize| {
            judged
                .as_ref()
                .and_then(|j| j.units.get(u))
                .map(|r| r.confidence)
        };
        let strength = match &judged {
            Some(_) => model_strength(
                units.iter().filter_map(|&u| confidence(u)).fold(0.0, f32::max),
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
    let quantified_result = judged.as_ref().map(|j| j.quantified_result).unwrap_or_else(|| found_value.iter().any(|h| {
        h.kind == ValueCueKind::Quantity
            && index
                .unit_of(h.span.start)
                .is_some_and(|u| found_structure.units[u].elements.contains(&Element::Result))
    }));
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

    let objection = (!ctx.framework.is_empty()).then(|| ObjectionFeedback {
        steps: objection::check(&index, &ctx.framework)
            .into_iter()
            .map(|f| StepFeedback {
                step: f.step,
                present: !f.units.is_empty(),
                evidence: f.units.iter().map(|u| spans.tokens(*u)).collect(),
            })
            .collect(),
    });

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
        },
        next_steps: Vec::new(),
    };
    let (scores, next_steps) = scores::score(&feedback, ctx);
    feedback.scores = scores;
    feedback.next_steps = next_steps;
    feedback
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
