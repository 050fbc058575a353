//! The background job that turns a recording into feedback: decode to 16 kHz mono, measure the
//! pauses from the audio, transcribe with Whisper, analyse.
//!
//! Rule: one worker thread runs one job at a time and keeps the loaded Whisper model between
//! jobs (loading is 0.1-0.2 s, but memory is 300 MB: load once, stack-facts.md). It reports
//! progress and the result as events; the UI thread never waits on it.

use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::JoinHandle;

use crate::analysis::{self, AnswerContext, Feedback};
use crate::prompts::Prompt;
use crate::transcribe::Transcriber;
use crate::transcript::Transcript;

/// Everything a review needs.
#[derive(Debug, Clone)]
pub struct ReviewRequest {
    pub job: u64,
    pub wav: PathBuf,
    pub prompt: Option<Prompt>,
    pub context: AnswerContext,
    pub model: String,
    /// A message to show with the feedback (for example "the microphone stopped").
    pub notice: Option<String>,
}

/// The steps of a review, in order, for the progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStage {
    Decoding,
    LoadingModel,
    Transcribing,
    Analysing,
}

impl ReviewStage {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStage::Decoding => "Reading the recording",
            ReviewStage::LoadingModel => "Loading the speech model",
            ReviewStage::Transcribing => "Transcribing",
            ReviewStage::Analysing => "Analysing",
        }
    }
}

/// A finished review: what the feedback screen shows.
#[derive(Debug, Clone)]
pub struct Review {
    pub recording: Option<PathBuf>,
    pub duration_ms: u64,
    pub prompt: Option<Prompt>,
    pub context: AnswerContext,
    pub transcript: Transcript,
    pub feedback: Feedback,
    pub notice: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error(transparent)]
    Decode(#[from] crate::audio::decode::DecodeError),
    #[error(transparent)]
    Model(#[from] crate::models::ModelError),
    #[error(transparent)]
    Transcribe(#[from] crate::transcribe::TranscribeError),
}

/// What the worker reports.
#[derive(Debug)]
pub enum ReviewEvent {
    Progress {
        job: u64,
        stage: ReviewStage,
        percent: u8,
    },
    Done {
        job: u64,
        result: Result<Box<Review>, String>,
    },
}

/// Handle to the review worker; dropping it lets the thread end after its current job.
pub struct ReviewWorker {
    tx: Option<mpsc::Sender<ReviewRequest>>,
    thread: Option<JoinHandle<()>>,
}

impl ReviewWorker {
    pub fn spawn(
        mut report: impl FnMut(ReviewEvent) + Send + 'static,
    ) -> std::io::Result<ReviewWorker> {
        let (tx, rx) = mpsc::channel::<ReviewRequest>();
        let thread = std::thread::Builder::new()
            .name("rehearse-review".into())
            .spawn(move || {
                let mut loaded: Option<(String, Transcriber)> = None;
                for request in rx {
                    let job = request.job;
                    let result = review(request, &mut loaded, &mut |stage, percent| {
                        report(ReviewEvent::Progress {
                            job,
                            stage,
                            percent,
                        });
                    });
                    report(ReviewEvent::Done {
                        job,
                        result: result.map(Box::new).map_err(|e| e.to_string()),
                    });
                }
            })?;
        Ok(ReviewWorker {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Queues a job; returns false when the worker has died.
    pub fn submit(&self, request: ReviewRequest) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.send(request).is_ok())
    }
}

impl Drop for ReviewWorker {
    fn drop(&mut self) {
        self.tx.take();
        // Do not join: a long transcription would hold the window open. The thread ends on its own.
        self.thread.take();
    }
}

/// Runs one review. `loaded` keeps the Whisper model between calls.
pub fn review(
    request: ReviewRequest,
    loaded: &mut Option<(String, Transcriber)>,
    progress: &mut dyn FnMut(ReviewStage, u8),
) -> Result<Review, ReviewError> {
    progress(ReviewStage::Decoding, 0);
    let audio = crate::audio::decode::read_wav(&request.wav)?;
    let pauses = analysis::pauses::detect_pauses(&audio.samples);

    let transcriber = match loaded.take() {
        Some((name, transcriber)) if name == request.model => transcriber,
        _ => {
            progress(ReviewStage::LoadingModel, 0);
            let path = crate::models::find(&request.model)?;
            Transcriber::load(&path)?
        }
    };
    progress(ReviewStage::Transcribing, 0);
    let result = transcriber.transcribe(&audio.samples, &mut |percent| {
        progress(ReviewStage::Transcribing, percent)
    });
    *loaded = Some((request.model.clone(), transcriber));
    let transcript = result?;
    progress(ReviewStage::Analysing, 100);
    let feedback = analysis::analyze(&transcript, Some(&pauses), &request.context);
    Ok(Review {
        recording: Some(request.wav),
        duration_ms: audio.duration_ms(),
        prompt: request.prompt,
        context: request.context,
        transcript,
        feedback,
        notice: request.notice,
    })
}
