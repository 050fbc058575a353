//! The review pipeline: a recording (or a transcript made elsewhere) and a prompt become
//! feedback and, when a store is given, a kept attempt. It is the only place that strings the
//! steps together: decode to 16 kHz mono, measure the pauses from the audio, transcribe with
//! Whisper, analyse, keep. The desktop app's worker ([`worker`]), `rehearse analyze`,
//! `rehearse history import` and `rehearse history reanalyse` all call it.
//!
//! Rules:
//! - One [`Pipeline`] keeps the loaded Whisper model between runs (loading is 0.1-0.2 s but it
//!   holds about 300 MB, so load once; see docs/sources.md) and at most one store.
//! - Pauses always come from the audio, never from Whisper's word times, and only when the
//!   recording is at hand; a typed or pre-made transcript without audio is analysed untimed
//!   for pauses.
//! - A [`Request`] names its input as [`Input`]: a recording to transcribe, or a finished
//!   [`Transcript`] (a live, chunked transcriber hands over its stitched transcript this way),
//!   with the recording when there is one. Optional fields (`story_id`, `notice`) ride along to
//!   the kept attempt and the feedback screen.
//! - Keeping is part of the run and happens on the caller's thread (the worker in the app):
//!   the UI thread never writes the store. A failure to keep does not lose the feedback: the
//!   [`Review`] comes back with [`Review::keep_error`] set.
//! - A take in which nothing was said (no words in its transcript: a silent or accidental
//!   recording) is kept only when [`Request::keep_wordless`] is set. The app leaves it off and
//!   offers "Keep anyway"; the command line keeps what the user explicitly imports.
//! - Progress is reported as ([`Stage`], percent) through one callback.
//! - Live recordings ([`Pipeline::begin_live`], [`Input::Live`]): while the user speaks, a
//!   live transcriber ([`crate::transcribe::live`]) reads the capture worker's tap and
//!   transcribes the answer chunk by chunk; at Stop the run waits only for the tail, takes the
//!   stitched transcript and measures the pauses on the whole recording (the live worker's
//!   16 kHz copy of it, every sample written to the file). If the live worker failed (model
//!   missing, a changed sample rate, whisper.cpp error, a panic) or its audio does not match
//!   the file on disk ([`LIVE_AUDIO_TOLERANCE_MS`]), the run falls back to the batch path on the
//!   recording, which is never touched by the live worker, so nothing is lost. A live worker
//!   that lags behind the speaker simply has more chunks left at Stop: finishing them is never
//!   more work than starting the batch path over, so lag is not a reason to fall back.
//!   [`Review::transcription`] says which path made the transcript. Only one live session
//!   exists; a new one, or any other run, cancels an older one (never two whisper jobs at once,
//!   docs/sources.md).

pub mod worker;

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::analysis::{self, AnswerContext, Feedback, pauses::Pause};
use crate::audio::capture::AudioBlock;
use crate::encoder::ahead::EncodeAhead;
use crate::prompts::{Prompt, PromptBank};
use crate::store::untrusted::Recording;
use crate::store::{Attempt, AttemptId, PromptSnapshot, Store, StoreError};
use crate::transcribe::Transcriber;
use crate::transcribe::live::{LiveEvent, LiveResult, LiveTranscription};
use crate::transcript::Transcript;

pub use worker::{ReviewEvent, ReviewWorker};

/// What the pipeline starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A WAV recording: decoded, its pauses measured, transcribed.
    Recording(PathBuf),
    /// A transcript made elsewhere (a live transcriber, a JSON file, typed text). When the
    /// recording is given too, the pauses and the length come from it and it is kept.
    Transcript {
        transcript: Transcript,
        recording: Option<PathBuf>,
    },
    /// A recording made with live transcription on: `session` is the number given to
    /// [`Pipeline::begin_live`] when the recording started.
    Live { recording: PathBuf, session: u64 },
}

impl Input {
    /// The recording behind this input, when there is one.
    pub fn recording(&self) -> Option<&Path> {
        match self {
            Input::Recording(path)
            | Input::Live {
                recording: path, ..
            } => Some(path),
            Input::Transcript { recording, .. } => recording.as_deref(),
        }
    }
}

/// Everything one run needs.
#[derive(Debug, Clone)]
pub struct Request {
    /// The caller's number for this run (the app drops results of runs it no longer waits for).
    pub job: u64,
    pub input: Input,
    pub prompt: Option<Prompt>,
    pub context: AnswerContext,
    /// The Whisper model to transcribe with (unused when the input is a transcript).
    pub model: String,
    /// A message to show with the feedback (for example "the microphone stopped").
    pub notice: Option<String>,
    /// Keep the result as an attempt in the pipeline's store.
    pub keep: bool,
    /// Keep it even when nothing was said (see the module rules). On by default; the app turns
    /// it off so an accidental take never becomes an attempt scored 0.
    pub keep_wordless: bool,
    /// The recording is the app's own (made by the recorder): keeping takes it into the
    /// attempt folder instead of copying it. Never set for a user's file.
    pub take_recording: bool,
    /// The story this answer tells, linked to the kept attempt.
    pub story_id: Option<String>,
}

impl Request {
    /// A request to review `input` against `prompt` (its own answer context) and keep it.
    pub fn new(input: Input, prompt: Option<Prompt>, context: AnswerContext, model: &str) -> Self {
        Request {
            job: 0,
            input,
            prompt,
            context,
            model: model.to_string(),
            notice: None,
            keep: true,
            keep_wordless: true,
            take_recording: false,
            story_id: None,
        }
    }
}

/// The steps of a run, in order, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Decoding,
    LoadingModel,
    Transcribing,
    Analysing,
    Keeping,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Decoding => "Reading the recording",
            Stage::LoadingModel => "Loading the speech model",
            Stage::Transcribing => "Transcribing",
            Stage::Analysing => "Analysing",
            Stage::Keeping => "Keeping the attempt",
        }
    }
}

/// How the transcript of a review was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transcription {
    /// Transcribed after the recording ended, chunk by chunk (a file, a recovered recording).
    AfterStop,
    /// Given with the request (typed, a JSON file, a transcript kept before).
    Given,
    /// Live while the user spoke: `chunks` in all, `after_stop` of them still to do at Stop
    /// (the tail, and any the live worker had not reached yet); the loop guard settled
    /// `cross_checked` looping chunks by a cross-check and ran `full_reruns` again on the full window;
    /// `repeats_stopped` whisper runs were stopped as they began to say a segment again.
    Live {
        chunks: usize,
        after_stop: usize,
        cross_checked: usize,
        full_reruns: usize,
        repeats_stopped: usize,
    },
    /// The live transcription could not be used (`reason`); the recording was transcribed after
    /// Stop instead.
    FellBack { reason: String },
}

/// How long the steps of a run took (`rehearse bench --live` prints them: where the time
/// between Stop and the feedback goes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepTimes {
    /// Waiting for the live transcription to finish (the chunk running at Stop and the tail).
    pub live_wait: Duration,
    /// Of which the live worker's work after the recording ended (flush, tail chunk).
    pub live_after_end: Duration,
    /// Checking the recording on disk against the live audio, or decoding it.
    pub read: Duration,
    /// Measuring the pauses on the whole recording.
    pub pauses: Duration,
    /// Transcribing after the fact (files, fallback).
    pub transcribe: Duration,
    /// The coaching analysis.
    pub analysis: Duration,
    /// Keeping the attempt.
    pub keep: Duration,
}

/// The live audio may differ from the recording on disk by this much (the resampler's flush
/// rounds to whole output samples; anything more means audio was lost on the way).
pub const LIVE_AUDIO_TOLERANCE_MS: u64 = 50;

/// The live transcription of the recording in progress.
struct LiveSession {
    session: u64,
    /// The running worker, or why it could not start.
    worker: Result<LiveTranscription, String>,
    /// Encodes the sentences transcribed so far when the model engine judges (so at Stop
    /// only the tail is left to encode).
    ahead: Option<EncodeAhead>,
}

/// A finished run: what the feedback screen shows and the CLI prints.
#[derive(Debug, Clone)]
pub struct Review {
    /// The recording: the kept copy in the attempt folder once kept, else the input file.
    pub recording: Option<PathBuf>,
    pub duration_ms: u64,
    pub prompt: Option<Prompt>,
    pub context: AnswerContext,
    pub transcript: Transcript,
    /// The pauses measured from the audio (`None` without a recording).
    pub pauses: Option<Vec<Pause>>,
    pub feedback: Feedback,
    pub notice: Option<String>,
    pub story_id: Option<String>,
    /// The attempt this review was kept as.
    pub kept: Option<AttemptId>,
    /// Why keeping failed, when it did (the feedback is still good).
    pub keep_error: Option<String>,
    /// Which path made the transcript.
    pub transcription: Transcription,
    /// Nothing was said, so the take was not kept although keeping was asked for
    /// ([`Request::keep_wordless`] was off). The recording is left where it was.
    pub held_back: bool,
    /// How long each step took.
    pub times: StepTimes,
}

impl Review {
    /// Whether anything was said in this take: the engine heard speech and the transcript
    /// holds a word.
    pub fn has_words(&self) -> bool {
        !self.feedback.no_speech && self.transcript.spoken_word_count() > 0
    }
}

/// Why a run produced no feedback.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Decode(#[from] crate::audio::decode::DecodeError),
    #[error(transparent)]
    Model(#[from] crate::models::ModelError),
    #[error(transparent)]
    Transcribe(#[from] crate::transcribe::TranscribeError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The pipeline: a loaded model kept between runs and the store results are kept in.
#[derive(Default)]
pub struct Pipeline {
    store: Option<Store>,
    loaded: Option<(String, Arc<Transcriber>)>,
    live: Option<LiveSession>,
}

impl Pipeline {
    /// A pipeline that keeps attempts in `store` (`None`: analyse only).
    pub fn new(store: Option<Store>) -> Self {
        Pipeline {
            store,
            loaded: None,
            live: None,
        }
    }

    /// Uses an already loaded model under the name `model` (a benchmark that chose its threads).
    pub fn use_transcriber(&mut self, model: &str, transcriber: Arc<Transcriber>) {
        self.loaded = Some((model.to_string(), transcriber));
    }

    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// Starts transcribing a recording while it is made: `audio` is the tap handed to
    /// [`crate::audio::capture::Recorder::start_with_tap`] (blocks wait in it while the model
    /// loads), `session` the number a later [`Input::Live`] names, `on_event` hears each chunk
    /// as it is done (live captions; called on the live worker's thread). A failure to start is
    /// kept, not returned: the run at Stop then falls back to the batch path and says why.
    /// An older live session is cancelled.
    pub fn begin_live(
        &mut self,
        session: u64,
        model: &str,
        audio: mpsc::Receiver<AudioBlock>,
        on_event: impl FnMut(LiveEvent) + Send + 'static,
    ) {
        self.live = None;
        let ahead = EncodeAhead::for_chosen_engine();
        let offerer = ahead.as_ref().and_then(EncodeAhead::offerer);
        let mut on_event = on_event;
        let on_event = move |event: LiveEvent| {
            if let Some(offerer) = &offerer {
                let LiveEvent::ChunkDone { text, .. } = &event;
                let _ = offerer.send(text.clone());
            }
            on_event(event);
        };
        let worker = self
            .transcriber(model, &mut |_, _| {})
            .map_err(|e| e.to_string())
            .and_then(|transcriber| {
                LiveTranscription::start_on(transcriber, audio, on_event).map_err(|e| e.to_string())
            });
        self.live = Some(LiveSession {
            session,
            worker,
            ahead,
        });
    }

    /// Waits for the live session `session` to transcribe its tail and checks its audio against
    /// the recording on disk.
    fn finish_live(
        &mut self,
        session: u64,
        recording: &Path,
        times: &mut StepTimes,
    ) -> Result<LiveResult, String> {
        let live = match self.live.take() {
            Some(live) if live.session == session => live,
            _ => return Err("live transcription was not running for this recording".into()),
        };
        let waiting = Instant::now();
        let result = live.worker?.wait().map_err(|e| e.to_string())?;
        times.live_wait = waiting.elapsed();
        times.live_after_end = result.after_end;
        // The live worker (and with it the offering callback) has ended: let the sentences in
        // flight finish encoding so the analysis does not encode them a second time.
        if let Some(ahead) = live.ahead {
            ahead.finish();
        }
        let reading = Instant::now();
        let (_, on_disk) = crate::audio::wav_parse::probe_file(recording)
            .map_err(|e| format!("the recording cannot be read: {e}"))?;
        let on_disk = on_disk.as_millis() as u64;
        let heard = crate::transcribe::duration_ms(&result.audio_16k);
        if heard.abs_diff(on_disk) > LIVE_AUDIO_TOLERANCE_MS {
            return Err(format!(
                "the live transcription heard {heard} ms of the {on_disk} ms recording"
            ));
        }
        times.read = reading.elapsed();
        Ok(result)
    }

    /// Runs one request: decode, pauses, transcribe, analyse, and keep when asked to.
    pub fn run(
        &mut self,
        request: Request,
        progress: &mut dyn FnMut(Stage, u8),
    ) -> Result<Review, PipelineError> {
        let Request {
            job: _,
            input,
            prompt,
            context,
            model,
            notice,
            keep,
            keep_wordless,
            take_recording,
            story_id,
        } = request;
        if !matches!(input, Input::Live { .. }) {
            self.live = None; // a session nobody will ask for: stop it
        }
        let mut times = StepTimes::default();
        let (transcript, recording, heard, transcription) = match input {
            Input::Recording(path) => {
                progress(Stage::Decoding, 0);
                let heard = hear(&path, &mut times)?;
                let transcribing = Instant::now();
                let transcript = self.transcribe(&model, &heard.samples, progress)?;
                times.transcribe = transcribing.elapsed();
                (
                    transcript,
                    Some(path),
                    Some(heard),
                    Transcription::AfterStop,
                )
            }
            Input::Live { recording, session } => {
                progress(Stage::Transcribing, 0);
                match self.finish_live(session, &recording, &mut times) {
                    Ok(live) => {
                        let how = Transcription::Live {
                            chunks: live.chunks,
                            after_stop: live.chunks_after_stop,
                            cross_checked: live.cross_checked,
                            full_reruns: live.full_reruns,
                            repeats_stopped: live.repeats_stopped,
                        };
                        let measuring = Instant::now();
                        let pauses = analysis::pauses::detect_pauses(&live.audio_16k);
                        times.pauses = measuring.elapsed();
                        let heard = Heard {
                            pauses,
                            duration_ms: crate::transcribe::duration_ms(&live.audio_16k),
                            samples: live.audio_16k,
                        };
                        (live.transcript, Some(recording), Some(heard), how)
                    }
                    Err(reason) => {
                        progress(Stage::Decoding, 0);
                        let heard = hear(&recording, &mut times)?;
                        let transcribing = Instant::now();
                        let transcript = self.transcribe(&model, &heard.samples, progress)?;
                        times.transcribe = transcribing.elapsed();
                        let how = Transcription::FellBack { reason };
                        (transcript, Some(recording), Some(heard), how)
                    }
                }
            }
            Input::Transcript {
                transcript,
                recording,
            } => {
                let heard = match &recording {
                    Some(path) => {
                        progress(Stage::Decoding, 0);
                        Some(hear(path, &mut times)?)
                    }
                    None => None,
                };
                (transcript, recording, heard, Transcription::Given)
            }
        };
        let notice = match (&transcription, notice) {
            (Transcription::FellBack { reason }, None) => Some(format!(
                "Live transcription could not be used ({reason}); the answer was transcribed after Stop."
            )),
            (_, notice) => notice,
        };
        progress(Stage::Analysing, 100);
        let pauses = heard.as_ref().map(|h| h.pauses.clone());
        let analysing = Instant::now();
        let feedback = analysis::analyze(&transcript, pauses.as_deref(), &context);
        times.analysis = analysing.elapsed();
        let duration_ms = heard
            .as_ref()
            .map_or(transcript.duration_ms, |h| h.duration_ms);
        let mut review = Review {
            recording,
            duration_ms,
            prompt,
            context,
            transcript,
            pauses,
            feedback,
            notice,
            story_id,
            kept: None,
            keep_error: None,
            transcription,
            held_back: false,
            times,
        };
        let keep = keep && self.store.is_some();
        if keep && !keep_wordless && !review.has_words() {
            review.held_back = true;
        } else if keep && let Some(store) = &self.store {
            progress(Stage::Keeping, 100);
            let keeping = Instant::now();
            match keep_review(store, &review, take_recording) {
                Ok(attempt) => {
                    review.recording = store.audio_path(&attempt).or(review.recording);
                    review.kept = Some(attempt.id);
                }
                Err(err) => review.keep_error = Some(err.to_string()),
            }
            review.times.keep = keeping.elapsed();
        }
        Ok(review)
    }

    /// The loaded Whisper model `model`, loading it unless it is already loaded.
    fn transcriber(
        &mut self,
        model: &str,
        progress: &mut dyn FnMut(Stage, u8),
    ) -> Result<Arc<Transcriber>, PipelineError> {
        if let Some((name, transcriber)) = &self.loaded
            && name == model
        {
            return Ok(Arc::clone(transcriber));
        }
        self.loaded = None; // free the old model before loading another
        progress(Stage::LoadingModel, 0);
        let path = crate::models::find(model)?;
        let transcriber = Arc::new(Transcriber::load(&path)?);
        self.loaded = Some((model.to_string(), Arc::clone(&transcriber)));
        Ok(transcriber)
    }

    /// Transcribes 16 kHz mono samples with `model`, loading it unless it is already loaded.
    fn transcribe(
        &mut self,
        model: &str,
        samples: &[f32],
        progress: &mut dyn FnMut(Stage, u8),
    ) -> Result<Transcript, PipelineError> {
        let transcriber = self.transcriber(model, progress)?;
        progress(Stage::Transcribing, 0);
        // Chunks cut at pauses, as a live recording is transcribed; progress is chunks done.
        let result =
            crate::transcribe::chunked::transcribe_chunked(&transcriber, samples, &mut |p| {
                progress(Stage::Transcribing, p.percent())
            });
        Ok(result?)
    }
}

/// A recording decoded to 16 kHz mono, with its pauses and length.
struct Heard {
    samples: Vec<f32>,
    pauses: Vec<Pause>,
    duration_ms: u64,
}

fn hear(path: &Path, times: &mut StepTimes) -> Result<Heard, PipelineError> {
    let reading = Instant::now();
    let audio = crate::audio::decode::read_wav(path)?;
    times.read = reading.elapsed();
    let measuring = Instant::now();
    let pauses = analysis::pauses::detect_pauses(&audio.samples);
    times.pauses = measuring.elapsed();
    Ok(Heard {
        pauses,
        duration_ms: audio.duration_ms(),
        samples: audio.samples,
    })
}

/// Keeps a review as a new attempt, with its recording when the file is still there (taken
/// into the attempt folder when `take_recording`, else copied).
pub fn keep_review(
    store: &Store,
    review: &Review,
    take_recording: bool,
) -> Result<Attempt, StoreError> {
    let prompt = match &review.prompt {
        Some(p) => PromptSnapshot::of(p, review.context.target_seconds),
        None => PromptSnapshot::free_answer(review.context.kind, review.context.target_seconds),
    };
    let now = chrono::Utc::now();
    let mut attempt = Attempt::new(prompt, now);
    attempt.duration_ms = review.duration_ms;
    attempt.story_id = review.story_id.clone();
    attempt.record_feedback(review.transcript.clone(), &review.feedback, now);
    match review.recording.as_deref().filter(|p| p.exists()) {
        Some(recording) if take_recording => store.create_taking(attempt, recording),
        recording => store.create(attempt, recording),
    }
}

/// What re-analysing one attempt did.
#[derive(Debug, Clone, PartialEq)]
pub enum Reanalysis {
    /// The new feedback differs; the earlier one was kept in `earlier_analyses`.
    Changed,
    /// The engine gave the same feedback as before; nothing was written.
    Unchanged,
    /// The attempt has no transcript to analyse.
    NotTranscribed,
}

/// Analyses a kept attempt again with this build's coaching engine (its stored transcript, the
/// pauses of its recording when readable). `warn` hears about a recording that could not be
/// read (the analysis then goes on without pauses).
pub fn reanalyse(
    store: &Store,
    id: &AttemptId,
    bank: &PromptBank,
    warn: &mut dyn FnMut(String),
) -> Result<Reanalysis, PipelineError> {
    let attempt = store.get(id)?;
    let Some(transcript) = attempt.transcript.clone() else {
        return Ok(Reanalysis::NotTranscribed);
    };
    let mut context = match bank.get(&attempt.prompt.id) {
        Some(prompt) => prompt.answer_context(),
        None => AnswerContext::for_kind(attempt.prompt.kind),
    };
    if attempt.prompt.target_seconds.is_some() {
        context.target_seconds = attempt.prompt.target_seconds;
    }
    // Only a recording inside the attempt folder is ever opened (see `store::untrusted`).
    let recording = store.recording(&attempt);
    let pauses = match &recording {
        Recording::Present(path) => match hear(path, &mut StepTimes::default()) {
            Ok(heard) => Some(heard.pauses),
            Err(err) => {
                warn(format!("recording unreadable ({err}); pauses left out"));
                None
            }
        },
        other => {
            if let Some(problem) = other.problem() {
                warn(format!("recording {problem}; pauses left out"));
            }
            None
        }
    };
    let feedback = analysis::analyze(&transcript, pauses.as_deref(), &context);
    if attempt.feedback.as_ref() == Some(&feedback) {
        return Ok(Reanalysis::Unchanged);
    }
    store.update(id, |a| {
        a.record_feedback(transcript, &feedback, chrono::Utc::now())
    })?;
    Ok(Reanalysis::Changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PromptKind;

    fn typed(text: &str, keep_wordless: bool) -> Request {
        Request {
            keep_wordless,
            ..Request::new(
                Input::Transcript {
                    transcript: Transcript::from_text(text),
                    recording: None,
                },
                None,
                AnswerContext::for_kind(PromptKind::Behavioral),
                "tiny.en",
            )
        }
    }

    fn kept_count(store: &Store) -> usize {
        store.list().expect("list").attempts.len()
    }

    #[test]
    fn a_wordless_take_is_held_back_unless_asked_for() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().join("data")).expect("store");
        let mut pipeline = Pipeline::new(Some(store.clone()));
        let silent = pipeline
            .run(typed("", false), &mut |_, _| {})
            .expect("runs");
        assert!(silent.held_back && silent.kept.is_none() && !silent.has_words());
        assert_eq!(kept_count(&store), 0, "nothing was said, nothing was kept");

        // Punctuation alone is not speech either.
        let dots = pipeline
            .run(typed("... ?", false), &mut |_, _| {})
            .expect("runs");
        assert!(dots.held_back);

        // "Keep anyway": the same take with keep_wordless on is kept.
        let asked = pipeline.run(typed("", true), &mut |_, _| {}).expect("runs");
        assert!(!asked.held_back && asked.kept.is_some());
        assert_eq!(kept_count(&store), 1);

        // A take with words is kept whatever the flag says.
        let spoken = pipeline
            .run(
                typed("We cut the build time by 40%.", false),
                &mut |_, _| {},
            )
            .expect("runs");
        assert!(!spoken.held_back && spoken.kept.is_some() && spoken.has_words());
        assert_eq!(kept_count(&store), 2);
    }

    #[test]
    fn without_a_store_nothing_is_held_back() {
        let mut pipeline = Pipeline::new(None);
        let review = pipeline
            .run(typed("", false), &mut |_, _| {})
            .expect("runs");
        assert!(!review.held_back && review.kept.is_none());
    }
}
