//! What an unfinished recording answers: the prompt (a full snapshot, so a story prompt or a
//! prompt from a pack removed since still reads back), the answer context (kind, target band,
//! expected parts), the story told and the pitch drill, kept in a small JSON file beside the
//! recording while it is being made.
//!
//! Rules:
//! - The file is `<stem>.answer.json` beside `<stem>.partial.wav` (or `<stem>.wav`), written
//!   atomically ([`crate::files::write_atomically`]) before the first sample is recorded, so a
//!   crash at any point leaves either no file or a whole one.
//! - Recovery files the recording under the prompt it answered, never the one on screen at
//!   restart. A recording without this file (made by an older version) or with a damaged one
//!   is recovered as a free answer and the user is told the prompt is not known: a guess would
//!   file it under the wrong prompt again.
//! - The file is read as untrusted input: bounded in size ([`MAX_PENDING_BYTES`]), parsed
//!   strictly; it is removed when the recording is finished, recovered or discarded.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::AnswerContext;
use crate::audio::wav_stream::PARTIAL_SUFFIX;
use crate::prompts::Prompt;

/// The ending of the file kept beside a recording.
pub const PENDING_SUFFIX: &str = ".answer.json";

/// Largest answer file read back (a prompt snapshot is a few kilobytes).
pub const MAX_PENDING_BYTES: u64 = 256 * 1024;

/// What a recording in progress answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingAnswer {
    /// The prompt on screen when recording started; `None` for a free answer.
    pub prompt: Option<Prompt>,
    /// What the analysis is to use: kind, the band in force (the user's own or a drill's), the
    /// expected parts.
    pub context: AnswerContext,
    /// The story from the story bank being told, if any.
    #[serde(default)]
    pub story_id: Option<String>,
    /// The pitch drill length in seconds, if a drill was running.
    #[serde(default)]
    pub drill_seconds: Option<u32>,
}

/// Why an answer file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum PendingError {
    #[error("could not write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("could not read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path} is damaged ({reason}); the prompt this recording answered is not known")]
    Damaged { path: PathBuf, reason: String },
}

/// The answer file of a recording: `<stem>.answer.json` for `<stem>.partial.wav` or
/// `<stem>.wav`.
pub fn path_beside(recording: &Path) -> PathBuf {
    let name = recording
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(PARTIAL_SUFFIX)
        .or_else(|| name.strip_suffix(".wav"))
        .unwrap_or(&name);
    recording.with_file_name(format!("{stem}{PENDING_SUFFIX}"))
}

impl PendingAnswer {
    /// Writes the answer file beside `recording` (which need not exist yet).
    pub fn write_beside(&self, recording: &Path) -> Result<PathBuf, PendingError> {
        let path = path_beside(recording);
        let write_err = |source| PendingError::Write {
            path: path.clone(),
            source,
        };
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| write_err(e.into()))?;
        crate::files::write_atomically(&path, &bytes).map_err(write_err)?;
        Ok(path)
    }

    /// Reads the answer file beside `recording`: `Ok(None)` when there is none.
    pub fn read_beside(recording: &Path) -> Result<Option<PendingAnswer>, PendingError> {
        let path = path_beside(recording);
        let text = match crate::bounded::read_text(&path, MAX_PENDING_BYTES) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::InvalidData | io::ErrorKind::FileTooLarge
                ) =>
            {
                return Err(PendingError::Damaged {
                    path,
                    reason: err.to_string(),
                });
            }
            Err(source) => return Err(PendingError::Read { path, source }),
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|err| PendingError::Damaged {
                path,
                reason: err.to_string(),
            })
    }
}

/// Removes the answer file beside `recording`; a missing one is not an error.
pub fn remove_beside(recording: &Path) -> io::Result<()> {
    match std::fs::remove_file(path_beside(recording)) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PromptKind;
    use crate::prompts::{PromptBank, PromptFilter};

    fn a_prompt() -> Prompt {
        let (bank, _) = PromptBank::load(&[]);
        let filter = PromptFilter {
            kind: Some(PromptKind::Behavioral),
            ..PromptFilter::default()
        };
        bank.filter(&filter)[0].clone()
    }

    #[test]
    fn the_answer_file_sits_beside_the_partial_and_the_finished_recording() {
        let dir = Path::new("/data/recordings");
        let expected = dir.join("answer-20261201-101500.answer.json");
        assert_eq!(
            path_beside(&dir.join("answer-20261201-101500.partial.wav")),
            expected
        );
        assert_eq!(
            path_beside(&dir.join("answer-20261201-101500.wav")),
            expected
        );
    }

    #[test]
    fn round_trip_keeps_prompt_band_story_and_drill() {
        let dir = tempfile::tempdir().unwrap();
        let recording = dir.path().join("answer-1.partial.wav");
        let prompt = a_prompt();
        let mut context = prompt.answer_context();
        context.target_seconds = Some((80, 95)); // the user's own band, not the prompt's
        let pending = PendingAnswer {
            prompt: Some(prompt.clone()),
            context,
            story_id: Some("s-20261130T101010-ab12".into()),
            drill_seconds: None,
        };
        pending.write_beside(&recording).unwrap();
        let back = PendingAnswer::read_beside(&recording).unwrap().unwrap();
        assert_eq!(back, pending);
        assert_eq!(back.prompt.unwrap().id, prompt.id);
        assert_eq!(back.context.target_seconds, Some((80, 95)));
        // The finished recording finds the same file.
        let finished = dir.path().join("answer-1.wav");
        assert!(PendingAnswer::read_beside(&finished).unwrap().is_some());
        remove_beside(&finished).unwrap();
        assert_eq!(PendingAnswer::read_beside(&recording).unwrap(), None);
        remove_beside(&finished).expect("removing twice is fine");
    }

    #[test]
    fn a_missing_file_is_none_and_a_damaged_one_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let recording = dir.path().join("old.partial.wav");
        assert_eq!(PendingAnswer::read_beside(&recording).unwrap(), None);
        std::fs::write(path_beside(&recording), "{\"prompt\": 3").unwrap();
        let err = PendingAnswer::read_beside(&recording).unwrap_err();
        assert!(matches!(err, PendingError::Damaged { .. }), "{err}");
        assert!(err.to_string().contains("not known"), "{err}");
    }

    #[test]
    fn an_oversized_file_is_refused_without_reading_it_all() {
        let dir = tempfile::tempdir().unwrap();
        let recording = dir.path().join("big.partial.wav");
        let big = vec![b' '; (MAX_PENDING_BYTES + 1) as usize];
        std::fs::write(path_beside(&recording), big).unwrap();
        let err = PendingAnswer::read_beside(&recording).unwrap_err();
        assert!(matches!(err, PendingError::Damaged { .. }), "{err}");
    }
}
