//! One attempt as it is kept on disk (`attempt.json`), and the migrations that bring records
//! written by older versions of rehearse up to the current schema.
//!
//! Rules: every record carries `schema_version`; a record is read by first upgrading its JSON
//! one version at a time ([`migrate`]) and only then deserialising it, so old files never need
//! a second parser. A record newer than this build is refused rather than guessed at, and is
//! never overwritten. The prompt is kept as a snapshot (id, text, kind, skills) because the
//! prompt bank can change after the answer was given. Re-analysing keeps every earlier result
//! in `earlier_analyses`, oldest first, so an improved coaching engine never erases what the
//! user saw at the time.

use crate::domain::{PromptKind, Skill};
use crate::transcript::Transcript;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// The schema this build writes. Version 0 is the unversioned prototype format (flat prompt
/// fields, a plain-text transcript, `recorded_at` and `rating`); see [`migrate`].
pub const SCHEMA_VERSION: u32 = 1;

/// The lowest self-rating a user can give.
pub const SELF_RATING_MIN: u8 = 1;
/// The highest self-rating a user can give (a five-point scale, as in the issue).
pub const SELF_RATING_MAX: u8 = 5;

/// The feedback the coaching engine produced, kept as the JSON value it serialises to.
///
/// Keeping the value rather than the engine's Rust type means a record written by an older or
/// newer engine still loads; [`crate::store::metrics`] reads the fields the history needs.
pub type FeedbackRecord = Value;

/// The identity of an attempt: its creation time to the second (UTC) plus four random hex
/// digits, e.g. `20261122T041503-3f2a`. Ids sort by time as plain strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttemptId(String);

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
    pub feedback: FeedbackRecord,
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
    #[serde(default)]
    pub feedback: Option<FeedbackRecord>,
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
    pub fn record_analysis(
        &mut self,
        transcript: Transcript,
        feedback: FeedbackRecord,
        at: DateTime<Utc>,
    ) {
        if let Some(previous) = self.feedback.take() {
            self.earlier_analyses.push(EarlierAnalysis {
                analysed_at: self.analysed_at.unwrap_or(self.created),
                model: self.model.clone(),
                transcript: self.transcript.take(),
                feedback: previous,
            });
        }
        self.model = transcript.model.clone();
        if self.duration_ms == 0 {
            self.duration_ms = transcript.duration_ms;
        }
        self.transcript = Some(transcript);
        self.feedback = Some(feedback);
        self.analysed_at = Some(at);
    }

    /// Sets a new transcript and coaching feedback (see [`Attempt::record_analysis`]).
    pub fn record_feedback(
        &mut self,
        transcript: Transcript,
        feedback: &crate::analysis::Feedback,
        at: DateTime<Utc>,
    ) -> Result<(), serde_json::Error> {
        let value = serde_json::to_value(feedback)?;
        self.record_analysis(transcript, value, at);
        Ok(())
    }

    /// The current feedback as the coaching engine's type. `None` when there is no feedback;
    /// an error when it was written by an engine whose output had another shape (re-analyse
    /// to update it; the figures in [`crate::store::Metrics`] still read it).
    pub fn typed_feedback(&self) -> Option<Result<crate::analysis::Feedback, serde_json::Error>> {
        self.feedback
            .as_ref()
            .map(|f| serde_json::from_value(f.clone()))
    }

    /// The first analysis ever made of this attempt (the one the user saw after recording).
    pub fn original_feedback(&self) -> Option<&FeedbackRecord> {
        self.earlier_analyses
            .first()
            .map(|a| &a.feedback)
            .or(self.feedback.as_ref())
    }
}

/// Why a record could not be brought up to the current schema.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MigrationError {
    #[error("the record is not a JSON object")]
    NotAnObject,
    #[error(
        "the record was written by a newer rehearse (schema {found}, this build reads up to {SCHEMA_VERSION}); update rehearse to open it"
    )]
    TooNew { found: u64 },
    #[error("schema {version} record is missing its `{field}` field")]
    MissingField { version: u32, field: &'static str },
}

/// Upgrades a record's JSON to [`SCHEMA_VERSION`]. Returns the upgraded value and the version
/// the record had on disk.
pub fn migrate(mut value: Value) -> Result<(Value, u32), MigrationError> {
    let found = match value.get("schema_version") {
        None => 0,
        Some(v) => v.as_u64().ok_or(MigrationError::NotAnObject)?,
    };
    if found > u64::from(SCHEMA_VERSION) {
        return Err(MigrationError::TooNew { found });
    }
    let found = u32::try_from(found).map_err(|_| MigrationError::TooNew { found })?;
    if found == 0 {
        value = migrate_v0_to_v1(value)?;
    }
    Ok((value, found))
}

/// Version 0 (the prototype) kept the prompt flat (`prompt_id`, `prompt_text`, `kind`), the
/// transcript as plain text, `recorded_at` instead of `created`, `rating` instead of
/// `self_rating`, `wav` for the audio file name, and no `updated` time.
fn migrate_v0_to_v1(value: Value) -> Result<Value, MigrationError> {
    let Value::Object(mut old) = value else {
        return Err(MigrationError::NotAnObject);
    };
    let missing = |field| MigrationError::MissingField { version: 0, field };
    let created = old.remove("recorded_at").ok_or(missing("recorded_at"))?;
    let prompt = serde_json::json!({
        "id": old.remove("prompt_id").unwrap_or(Value::String(String::new())),
        "text": old.remove("prompt_text").unwrap_or(Value::String(String::new())),
        "kind": old.remove("kind").ok_or(missing("kind"))?,
        "skills": old.remove("skills").unwrap_or(Value::Array(Vec::new())),
    });
    let transcript = match old.remove("transcript") {
        Some(Value::String(text)) => {
            let mut t = Transcript::from_text(&text);
            t.model = old
                .get("model")
                .and_then(Value::as_str)
                .unwrap_or("unknown")
                .to_string();
            serde_json::to_value(t).ok()
        }
        Some(Value::Null) | None => None,
        Some(other) => Some(other),
    };
    let mut new = serde_json::Map::new();
    new.insert("schema_version".into(), Value::from(1));
    new.insert("id".into(), old.remove("id").ok_or(missing("id"))?);
    new.insert("prompt".into(), prompt);
    new.insert("updated".into(), created.clone());
    new.insert("created".into(), created);
    new.insert(
        "model".into(),
        old.remove("model").unwrap_or(Value::String(String::new())),
    );
    new.insert(
        "duration_ms".into(),
        old.remove("duration_ms").unwrap_or(Value::from(0)),
    );
    new.insert(
        "audio_file".into(),
        old.remove("wav").unwrap_or(Value::Null),
    );
    new.insert("transcript".into(), transcript.unwrap_or(Value::Null));
    new.insert(
        "feedback".into(),
        old.remove("feedback").unwrap_or(Value::Null),
    );
    new.insert(
        "notes".into(),
        old.remove("notes").unwrap_or(Value::String(String::new())),
    );
    new.insert(
        "self_rating".into(),
        old.remove("rating").unwrap_or(Value::Null),
    );
    Ok(Value::Object(new))
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
        attempt.record_analysis(
            Transcript::from_text("first"),
            serde_json::json!({"v": 1}),
            at,
        );
        attempt.record_analysis(
            Transcript::from_text("second"),
            serde_json::json!({"v": 2}),
            at,
        );
        attempt.record_analysis(
            Transcript::from_text("third"),
            serde_json::json!({"v": 3}),
            at,
        );
        assert_eq!(
            attempt.original_feedback(),
            Some(&serde_json::json!({"v": 1}))
        );
        assert_eq!(attempt.feedback, Some(serde_json::json!({"v": 3})));
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
        let err = migrate(serde_json::json!({"schema_version": 99})).unwrap_err();
        assert_eq!(err, MigrationError::TooNew { found: 99 });
    }
}
