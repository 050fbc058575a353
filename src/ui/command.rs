//! The one command type: what a screen asks the app to do. Screens draw from the state they are
//! given and return at most one [`Command`]; `app.rs` applies it after drawing, so no screen
//! changes the app while it is being drawn (the pattern of egui_demo_app's `wrap_app`).

use crate::store::AttemptId;
use crate::stories::StoryId;
use std::path::PathBuf;

/// Something a screen asks the app to do.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Same prompt, fresh start (back to the practice screen).
    TryAgain,
    /// A new prompt, then a fresh start.
    DrawAnother,
    /// Back to the practice screen to open a file.
    OpenFile,
    /// Play a recording from the start, or stop the one playing.
    Play { path: PathBuf },
    /// Play a recording from a moment (a word's start, a point on the timeline or seek bar);
    /// a paused playback goes on from there.
    PlayFrom { path: PathBuf, start_ms: u64 },
    /// Save an attempt's notes and self-rating (on a worker; the answer comes back to the
    /// feedback screen and the history).
    SaveNotes {
        id: AttemptId,
        notes: String,
        rating: Option<u8>,
    },
    /// Write an attempt as Markdown into the exports folder (on a worker; Ctrl+E).
    ExportAttempt(AttemptId),
    /// Pause the recording playing, or resume it.
    PausePlayback,
    /// Stop the recording playing.
    StopPlayback,
    /// Practise a prompt from the bank again (from the history).
    PractisePrompt { prompt_id: String },
    /// Save the settings.
    SaveSettings,
    /// List the microphones again.
    RefreshDevices,
    /// Install the chosen Whisper model.
    InstallModel,
    /// Open the Settings tab (Ctrl+,).
    OpenSettings,
    /// Keep the take just reviewed (kept already when it has words; kept anyway when not).
    KeepTake,
    /// Throw away the take just reviewed: its attempt, or its recording when it was not kept.
    DiscardTake,
    /// Start the countdown, or stop (or cancel) the recording under way.
    ToggleRecording,
    /// A new prompt for the current filters (the practice screen's Draw another).
    DrawPrompt,
    /// A pitch drill of this many seconds.
    StartDrill(u32),
    /// Analyse and keep a WAV file (opened or dropped) against the current prompt.
    AnalyseFile(PathBuf),
    /// Show an error in the notice banner.
    ShowError(String),
    /// Practise a story from the bank, its notes on a cue card.
    PractiseStory(StoryId),
    /// Repair a recording left unfinished by a crash, then analyse it.
    Recover(PathBuf),
    /// Delete a recording left unfinished by a crash.
    DiscardUnfinished(PathBuf),
}
