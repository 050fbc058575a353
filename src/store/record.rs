//! One attempt as it is kept on disk (`attempt.json`), and the migrations that bring records
//! written by older versions of rehearse up to the current schema.
//!
//! Rules: every record carries `schema_version`. A record in the current schema is parsed
//! straight into [`Attempt`]; an older one is parsed into the typed shape of its own version
//! and converted forward ([`migrate`]), so there is no untyped JSON in between. The feedback is
//! the coaching engine's own [`Feedback`] type, every field defaulted, so a feedback written by
//! an older engine with fewer fields still loads; one whose shape no longer fits at all is read
//! as "not analysed" (re-analyse to bring it back) and the file on disk is left as it was until
//! the record is next saved, when the old file is kept beside the new one as
//! `attempt.v<N>.json`. A record newer than this build is refused rather than guessed at, and
//! is never overwritten. The prompt is kept as a snapshot (id, text, kind, skills) because the
//! prompt bank can change after the answer was given. Re-analysing keeps every earlier result
//! in `earlier_analyses`, oldest first, so an improved coaching engine never erases what the
//! user saw at the time.

use crate::analysis::Feedback;
use crate::domain::{PromptKind, Skill};
use crate::transcript::Transcript;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The schema this build writes. Version 0 is the unversioned prototype format (flat prompt
/// fields, a plain-text transcript, `recorded_at` and `rating`); version 1 kept the feedback as
/// untyped JSON of the same shape; version 2 adds `story_id`. See [`migrate`].
pub const SCHEMA_VERSION: u32 = 2;

/// The lowest self-rating a user can give.
pub const SELF_RATING_MIN: u8 = 1;
/// The highest self-rating a user can give (a five-point scale, as in the issue).
pub const SELF_RATING_MAX: u8 = 5;

/// Reads a stored feedback leniently: the engine's type when it fits, `None` when its shape is
/// from an engine too different to read (the record still loads).
fn lenient_feedback<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Feedback>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Typed(Box<Feedback>),
        Unreadable(serde::de::IgnoredAny),
    }
    Ok(match Option::<Stored>::deserialize(d)? {
        Some(Stored::Typed(feedback)) => Some(*feedback),
        Some(Stored::Unreadable(_)) | None => None,
    })
}

/// The identity of an attempt: its creation time to the second (UTC) plus four random hex
/// digits, e.g. `20261122T041503-3f2a`. Ids sort by time as plain strings.
///
/// Deserialising checks the shape too: an id read from disk can never hold a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AttemptId(String);

impl TryFrom<String> for AttemptId {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        AttemptId::parse(&text).ok_or_else(|| {
            format!(
                "`{}` is not an attempt id (expected the shape 20261122T041503-3f2a)",
                text.escape_debug()
            )
        })
    }
}

impl From<AttemptId> for String {
    fn from(id: AttemptId) -> String {
        id.0
    }
}

impl AttemptId {
    /// A fresh id for an attempt created at `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        let suffix: u16 = rand::random();
        AttemptId(format!("{}-{suffix:04x}", at.format("%Y%m%dT%H%M%S")))
    }

    /// Accepts only the id shape above, so an id can never name a path outside the store.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 20
            && bytes[..8].iter().all(u8::is_ascii_digit)
            && bytes[8] == b'T'
            && bytes[9..15].iter().all(u8::is_ascii_digit)
            && bytes[15] == b'-'
            && bytes[16..].iter().all(|b| b.is_ascii_hexdigit());
        shape_ok.then(|| AttemptId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AttemptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the prompt said when the attempt was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptSnapshot {
    /// The prompt bank id, or an empty string for a free answer with no prompt.
    pub id: String,
    pub text: String,
    pub kind: PromptKind,
    #[serde(default)]
    pub skills: Vec<Skill>,
    /// The target length in seconds, when the prompt had one.
    #[serde(default)]
    pub target_seconds: Option<(u32, u32)>,
}

impl PromptSnapshot {
    /// A snapshot of a prompt from the bank, with the target band the answer was judged by.
    pub fn of(prompt: &crate::prompts::Prompt, target_seconds: Option<(u32, u32)>) -> Self {
        PromptSnapshot {
            id: prompt.id.clone(),
            text: prompt.text.clone(),
            kind: prompt.kind,
            skills: prompt.skills.clone(),
            target_seconds,
        }
    }

    /// The snapshot for an answer given with no prompt (an analysed file).
    pub fn free_answer(kind: PromptKind, target_seconds: Option<(u32, u32)>) -> Self {
        PromptSnapshot {
            id: String::new(),
            text: "Free answer (no prompt)".into(),
            kind,
            skills: Vec::new(),
            target_seconds,
        }
    }
}

/// An analysis that was replaced by a later one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlierAnalysis {
    /// When this analysis was made (the attempt's creation time for the first one).
    pub analysed_at: DateTime<Utc>,
    /// The model whose transcript it analysed.
    pub model: String,
    #[serde(default)]
    pub transcript: Option<Transcript>,
    #[serde(default, deserialize_with = "lenient_feedback")]
    pub feedback: Option<Feedback>,
}

/// One attempt: the record stored as `attempt.json` beside `audio.wav`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub schema_version: u32,
    pub id: AttemptId,
    pub prompt: PromptSnapshot,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// When the current feedback was made.
    #[serde(default)]
    pub analysed_at: Option<DateTime<Utc>>,
    /// The Whisper model that produced the transcript (empty when there is none yet).
    #[serde(default)]
    pub model: String,
    /// The recording's length, from the audio itself.
    #[serde(default)]
    pub duration_ms: u64,
    /// The recording's file name inside the attempt folder, when there is one.
    #[serde(default)]
    pub audio_file: Option<String>,
    #[serde(default)]
    pub transcript: Option<Transcript>,
    #[serde(default, deserialize_with = "lenient_feedback")]
    pub feedback: Option<Feedback>,
    /// Results replaced by re-analysis, oldest first.
    #[serde(default)]
    pub earlier_analyses: Vec<EarlierAnalysis>,
    #[serde(default)]
    pub notes: String,
    /// The user's own rating, 1 to 5.
    #[serde(default)]
    pub self_rating: Option<u8>,
    /// The story from the user's story bank this answer tells, when it tells one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story_id: Option<String>,
}

impl Attempt {
    /// A new, empty attempt at a prompt, with a fresh id (the store picks another if it is taken).
    pub fn new(prompt: PromptSnapshot, created: DateTime<Utc>) -> Self {
        Attempt {
            schema_version: SCHEMA_VERSION,
            id: AttemptId::new(created),
            prompt,
            created,
            updated: created,
            analysed_at: None,
            model: String::new(),
            duration_ms: 0,
            audio_file: None,
            transcript: None,
            feedback: None,
            earlier_analyses: Vec::new(),
            notes: String::new(),
            self_rating: None,
            story_id: None,
        }
    }

    /// Sets a new transcript and feedback, moving the current ones into `earlier_analyses`.
    pub fn record_feedback(
        &mut self,
        transcript: Transcript,
        feedback: &Feedback,
        at: DateTime<Utc>,
    ) {
        if let Some(previous) = self.feedback.take() {
            self.earlier_analyses.push(EarlierAnalysis {
                analysed_at: self.analysed_at.unwrap_or(self.created),
                model: self.model.clone(),
                transcript: self.transcript.take(),
                feedback: Some(previous),
            });
        }
        self.model = transcript.model.clone();
        if self.duration_ms == 0 {
            self.duration_ms = transcript.duration_ms;
        }
        self.transcript = Some(transcript);
        self.feedback = Some(feedback.clone());
        self.analysed_at = Some(at);
    }

    /// The first analysis ever made of this attempt (the one the user saw after recording).
    pub fn original_feedback(&self) -> Option<&Feedback> {
        match self.earlier_analyses.first() {
            Some(first) => first.feedback.as_ref(),
            None => self.feedback.as_ref(),
        }
    }
}

/// Why a record could not be brought up to the current schema.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MigrationError {
    #[error("the record does not fit its schema: {0}")]
    Unreadable(String),
    #[error(
        "the record was written by a newer rehearse (schema {found}, this build reads up to {SCHEMA_VERSION}); update rehearse to open it"
    )]
    TooNew { found: u64 },
}

/// Brings a record read from `bytes`, written in schema `found`, up to [`SCHEMA_VERSION`].
pub fn migrate(bytes: &[u8], found: u64) -> Result<Attempt, MigrationError> {
    let bad = |e: serde_json::Error| MigrationError::Unreadable(e.to_string());
    let mut attempt = match found {
        0 => serde_json::from_slice::<AttemptV0>(bytes)
            .map_err(bad)?
            .upgrade(),
        // Version 1 differs only in keeping the feedback untyped; its JSON has the same shape,
        // which the lenient reader takes as it is.
        1 | 2 => serde_json::from_slice::<Attempt>(bytes).map_err(bad)?,
        _ => return Err(MigrationError::TooNew { found }),
    };
    attempt.schema_version = SCHEMA_VERSION;
    Ok(attempt)
}

/// Version 0 (the prototype) kept the prompt flat (`prompt_id`, `prompt_text`, `kind`), the
/// transcript as plain text, `recorded_at` instead of `created`, `rating` instead of
/// `self_rating`, `wav` for the audio file name, and no `updated` time.
#[derive(Deserialize)]
struct AttemptV0 {
    id: AttemptId,
    recorded_at: DateTime<Utc>,
    #[serde(default)]
    prompt_id: String,
    #[serde(default)]
    prompt_text: String,
    kind: PromptKind,
    #[serde(default)]
    skills: Vec<Skill>,
    #[serde(default)]
    model: String,
    #[serde(default)]
    duration_ms: u64,
    #[serde(default)]
    wav: Option<String>,
    #[serde(default)]
    transcript: Option<String>,
    #[serde(default, deserialize_with = "lenient_feedback")]
    feedback: Option<Feedback>,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    rating: Option<u8>,
}

impl AttemptV0 {
    fn upgrade(self) -> Attempt {
        let transcript = self.transcript.map(|text| {
            let mut t = Transcript::from_text(&text);
            t.model = if self.model.is_empty() {
                "unknown".into()
            } else {
                self.model.clone()
            };
            t
        });
        let mut attempt = Attempt::new(
            PromptSnapshot {
                id: self.prompt_id,
                text: self.prompt_text,
                kind: self.kind,
                skills: self.skills,
                target_seconds: None,
            },
            self.recorded_at,
        );
        attempt.id = self.id;
        attempt.model = self.model;
        attempt.duration_ms = self.duration_ms;
        attempt.audio_file = self.wav;
        attempt.transcript = transcript;
        attempt.feedback = self.feedback;
        attempt.notes = self.notes;
        attempt.self_rating = self.rating;
        attempt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_reject_paths() {
        let early = AttemptId::new("2026-11-22T04:15:03Z".parse().unwrap());
        let late = AttemptId::new("2026-11-22T04:15:04Z".parse().unwrap());
        assert!(early < late);
        assert!(early.as_str().starts_with("20261122T041503-"));
        assert_eq!(AttemptId::parse(early.as_str()), Some(early));
        for bad in [
            "../20261122T041503",
            "20261122T041503-3f2/",
            "20261122T041503-3f2a/..",
            "",
        ] {
            assert_eq!(AttemptId::parse(bad), None, "{bad}");
        }
    }

    /// A feedback that differs from others by its word count.
    fn numbered(n: usize) -> Feedback {
        Feedback {
            word_count: n,
            ..Feedback::default()
        }
    }

    #[test]
    fn reanalysis_keeps_the_original_result() {
        let prompt = PromptSnapshot {
            id: "p".into(),
            text: "Tell me".into(),
            kind: PromptKind::Behavioral,
            skills: vec![],
            target_seconds: None,
        };
        let at: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let mut attempt = Attempt::new(prompt, at);
        attempt.record_feedback(Transcript::from_text("first"), &numbered(1), at);
        attempt.record_feedback(Transcript::from_text("second"), &numbered(2), at);
        attempt.record_feedback(Transcript::from_text("third"), &numbered(3), at);
        assert_eq!(attempt.original_feedback(), Some(&numbered(1)));
        assert_eq!(attempt.feedback, Some(numbered(3)));
        assert_eq!(attempt.earlier_analyses.len(), 2);
        assert_eq!(
            attempt.earlier_analyses[1]
                .transcript
                .as_ref()
                .unwrap()
                .text,
            "second"
        );
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let err = migrate(br#"{"schema_version": 99}"#, 99).unwrap_err();
        assert_eq!(err, MigrationError::TooNew { found: 99 });
    }

    #[test]
    fn a_feedback_of_another_shape_loads_as_not_analysed() {
        let mut attempt = Attempt::new(
            PromptSnapshot::free_answer(PromptKind::Pitch, None),
            Utc::now(),
        );
        attempt.record_feedback(Transcript::from_text("x"), &numbered(4), Utc::now());
        let json = serde_json::to_string(&attempt)
            .unwrap()
            .replace(r#""word_count":4"#, r#""word_count":"four""#);
        let read = migrate(json.as_bytes(), 1).unwrap();
        assert_eq!(read.feedback, None);
        assert_eq!(read.transcript, attempt.transcript);
    }
}
