//! The app-level state the screens read: the recording lifecycle ([`Phase`], which carries what
//! the open microphone reports), the tab, and the speech model's status
//! (messages belong to the screens: [`super::message`]).
//!
//! Rule: screens import these types and [`super::command::Command`], never `app.rs`; each
//! screen owns its own state type in its own file (`PracticeState`, `HistoryView`,
//! `StoriesView`, `SettingsView`) and the app hands it in with read-only context.

use std::path::PathBuf;
use std::time::Instant;

use crate::audio::level::Level;
use crate::pipeline::{Review, Stage};

/// What the open microphone reports during the countdown and the recording.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listening {
    /// The latest input level (the meter).
    pub level: Level,
    /// Nothing heard for a few seconds.
    pub silent: bool,
    /// The device's name, once it is open.
    pub device: Option<String>,
    /// The words heard so far (live transcription), for the live-captions line.
    pub caption: String,
}

/// The recording lifecycle.
#[derive(Debug)]
pub enum Phase {
    /// Ready: the practice screen.
    Idle,
    /// The device is opening or open; recording starts at `until`.
    Countdown {
        until: Instant,
        listening: Listening,
    },
    /// Recording; `elapsed_ms` is the audio written so far.
    Recording {
        elapsed_ms: u64,
        listening: Listening,
    },
    /// Stop was pressed; waiting for the file to be closed.
    Stopping,
    /// Transcription and analysis run in the background.
    Transcribing {
        job: u64,
        recording: PathBuf,
        stage: Stage,
        percent: u8,
    },
    /// The feedback screen.
    Reviewing(Box<Review>),
}

impl Phase {
    pub fn is_busy_recording(&self) -> bool {
        matches!(
            self,
            Phase::Countdown { .. } | Phase::Recording { .. } | Phase::Stopping
        )
    }

    /// What the microphone reports, while it is open.
    pub fn listening(&self) -> Option<&Listening> {
        match self {
            Phase::Countdown { listening, .. } | Phase::Recording { listening, .. } => {
                Some(listening)
            }
            _ => None,
        }
    }

    pub fn listening_mut(&mut self) -> Option<&mut Listening> {
        match self {
            Phase::Countdown { listening, .. } | Phase::Recording { listening, .. } => {
                Some(listening)
            }
            _ => None,
        }
    }
}

/// Which screen the top bar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Practice,
    History,
    Stories,
    Settings,
}

/// Whether the Whisper model is there.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelStatus {
    Checking,
    Ready(PathBuf),
    Missing(String),
    Installing {
        message: String,
        fraction: Option<f32>,
    },
    Failed(String),
}
