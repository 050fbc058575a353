//! Live transcription: a worker thread transcribes a recording chunk by chunk while the user
//! is still speaking, so that at Stop only the last chunk is left.
//!
//! Rules: the worker reads the capture worker's tap ([`AudioBlock`]s at the device rate),
//! converts them to 16 kHz block by block ([`StreamResampler`]), cuts them at pauses
//! ([`Chunker`]) and transcribes each closed chunk ([`ChunkedTranscript::add`]), always
//! draining the audio that has arrived before starting the next chunk so the queue of audio
//! never grows while Whisper runs. Audio that arrives while the worker waits with nothing
//! queued is cut by the chunker's eager rule ([`CutRule::Eager`]: a shorter pause after less
//! voice), so the chunk still open at Stop is short; audio that piled up while Whisper ran, or
//! arrives while a chunk waits, keeps the standard rule, so a worker that falls behind is not
//! given more, shorter runs. A chunk that loops is cross-checked on its own window rather than
//! run again on Whisper's full window ([`LoopRepair::CrossCheck`]): the pause that closes the
//! last chunk usually comes just before Stop, so the user soon waits for every chunk. The tap
//! closing means the recording has ended: the rest of
//! the audio becomes the tail chunk, and the result holds the stitched transcript plus the
//! whole recording at 16 kHz (pauses are measured on that, not on chunks). Cancelling (drop)
//! stops the work between chunks. One worker, one whisper job at a time (docs/sources.md: never
//! two whisper jobs at once on 2 vCPUs).

use super::chunked::{ChunkedTranscript, LoopRepair};
use super::{TranscribeError, Transcriber, duration_ms};
use crate::audio::capture::AudioBlock;
use crate::audio::chunker::{Chunk, Chunker, CutRule};
use crate::audio::stream_resample::StreamResampler;
use crate::transcript::Transcript;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

/// What the live worker reports while the user speaks.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// A chunk is transcribed; `text` is every word so far (for live captions).
    ChunkDone { chunks: usize, text: String },
}

/// A finished live transcription.
#[derive(Debug, Clone)]
pub struct LiveResult {
    pub transcript: Transcript,
    /// The whole recording at 16 kHz, for measuring pauses.
    pub audio_16k: Vec<f32>,
    /// Chunks transcribed in all.
    pub chunks: usize,
    /// Chunks still waiting when the recording ended (the tail, usually 1).
    pub chunks_after_stop: usize,
    /// Looping chunks the loop guard settled by a cross-check, and chunks it ran again on the
    /// full window ([`LoopRepair`]).
    pub cross_checked: usize,
    pub full_reruns: usize,
    /// Whisper runs stopped as they began to say a segment again.
    pub repeats_stopped: usize,
    /// Time from noticing that the recording ended to the result (flushing the resampler,
    /// closing and transcribing the tail). A chunk already running when the recording ended
    /// is not in it: it shows in the caller's wait.
    pub after_end: std::time::Duration,
}

/// Handle to a live transcription in progress.
pub struct LiveTranscription {
    thread: Option<JoinHandle<Result<LiveResult, TranscribeError>>>,
    cancel: Arc<AtomicBool>,
}

impl LiveTranscription {
    /// Starts the worker. Hand the returned sender to
    /// [`crate::audio::capture::Recorder::start_with_tap`].
    pub fn start(
        transcriber: Arc<Transcriber>,
        on_event: impl FnMut(LiveEvent) + Send + 'static,
    ) -> Result<(LiveTranscription, mpsc::Sender<AudioBlock>), TranscribeError> {
        let (tx, rx) = mpsc::channel();
        let live = LiveTranscription::start_on(transcriber, rx, on_event)?;
        Ok((live, tx))
    }

    /// As [`LiveTranscription::start`], reading a tap whose sender was handed out before the
    /// model was loaded (the app opens the microphone and loads the model at the same time;
    /// audio waits in the channel meanwhile, nothing is lost).
    pub fn start_on(
        transcriber: Arc<Transcriber>,
        rx: mpsc::Receiver<AudioBlock>,
        on_event: impl FnMut(LiveEvent) + Send + 'static,
    ) -> Result<LiveTranscription, TranscribeError> {
        let cancel = Arc::new(AtomicBool::new(false));
        let worker_cancel = Arc::clone(&cancel);
        let thread = std::thread::Builder::new()
            .name("rehearse-live-transcription".into())
            .spawn(move || run(&transcriber, &rx, &worker_cancel, Box::new(on_event)))
            .map_err(|e| TranscribeError::Whisper(format!("cannot start a thread: {e}")))?;
        Ok(LiveTranscription {
            thread: Some(thread),
            cancel,
        })
    }

    /// Whether the worker has ended (the recording ended and the tail is done, or it failed):
    /// [`LiveTranscription::wait`] will not block.
    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Waits for the recording to end and the last chunk to be transcribed.
    pub fn wait(mut self) -> Result<LiveResult, TranscribeError> {
        let Some(thread) = self.thread.take() else {
            return Err(TranscribeError::Whisper(
                "the live transcription has already ended".into(),
            ));
        };
        thread.join().map_err(|_| {
            TranscribeError::Whisper("the live transcription thread panicked".into())
        })?
    }
}

impl Drop for LiveTranscription {
    /// A dropped (not waited-for) transcription is cancelled; the thread ends on its own.
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.cancel.store(true, Ordering::Relaxed);
        }
    }
}

struct Intake {
    resampler: Option<StreamResampler>,
    audio: Vec<f32>,
    chunker: Chunker,
    queue: VecDeque<Chunk>,
}

impl Intake {
    /// Takes in a block; `idle` when the worker was waiting for it with nothing queued.
    fn take(&mut self, block: AudioBlock, idle: bool) -> Result<(), TranscribeError> {
        let resampler = match self.resampler.as_mut() {
            Some(r) if r.rate() == block.rate => r,
            Some(r) => {
                return Err(TranscribeError::LiveAudio(format!(
                    "the sample rate changed from {} Hz to {} Hz mid-recording",
                    r.rate(),
                    block.rate
                )));
            }
            None => self.resampler.insert(
                StreamResampler::new(block.rate)
                    .map_err(|e| TranscribeError::LiveAudio(e.to_string()))?,
            ),
        };
        let converted = resampler
            .push(&block.samples)
            .map_err(|e| TranscribeError::LiveAudio(e.to_string()))?;
        self.audio.extend_from_slice(&converted);
        let rule = if idle && self.queue.is_empty() {
            CutRule::Eager
        } else {
            CutRule::Standard
        };
        self.queue.extend(self.chunker.push_with(&converted, rule));
        Ok(())
    }
}

fn run(
    transcriber: &Transcriber,
    rx: &mpsc::Receiver<AudioBlock>,
    cancel: &AtomicBool,
    mut on_event: Box<dyn FnMut(LiveEvent) + Send>,
) -> Result<LiveResult, TranscribeError> {
    let mut intake = Intake {
        resampler: None,
        audio: Vec::new(),
        chunker: Chunker::new(),
        queue: VecDeque::new(),
    };
    let mut built = ChunkedTranscript::new(transcriber.model_name());
    let mut ended = false;
    while !ended {
        // Take in everything that has arrived (it came while Whisper ran: the worker was busy);
        // then, with nothing to transcribe, wait for audio (the worker is idle: eager cuts).
        let mut waiting = false;
        loop {
            let next = if waiting {
                rx.recv().map_err(|_| mpsc::TryRecvError::Disconnected)
            } else {
                rx.try_recv()
            };
            match next {
                Ok(block) => {
                    intake.take(block, waiting)?;
                    waiting = waiting && intake.queue.is_empty();
                }
                Err(mpsc::TryRecvError::Empty) if intake.queue.is_empty() => waiting = true,
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    ended = true;
                    break;
                }
            }
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(TranscribeError::Cancelled);
        }
        if !ended && let Some(chunk) = intake.queue.pop_front() {
            built.add(transcriber, &intake.audio, &chunk, LoopRepair::CrossCheck)?;
            on_event(LiveEvent::ChunkDone {
                chunks: built.chunks_done,
                text: built.text_so_far(),
            });
        }
    }
    // The recording has ended: flush the resampler, close the tail, finish the queue.
    let ended_at = std::time::Instant::now();
    if let Some(resampler) = intake.resampler.take() {
        let rest = resampler
            .finish()
            .map_err(|e| TranscribeError::LiveAudio(e.to_string()))?;
        intake.audio.extend_from_slice(&rest);
        let more = intake.chunker.push(&rest);
        intake.queue.extend(more);
    }
    let chunker = std::mem::take(&mut intake.chunker);
    intake.queue.extend(chunker.finish(intake.audio.len()));
    let chunks_after_stop = intake.queue.len();
    while let Some(chunk) = intake.queue.pop_front() {
        if cancel.load(Ordering::Relaxed) {
            return Err(TranscribeError::Cancelled);
        }
        built.add(transcriber, &intake.audio, &chunk, LoopRepair::CrossCheck)?;
    }
    if intake.audio.is_empty() {
        return Err(TranscribeError::NoAudio);
    }
    let chunks = built.chunks_done;
    let cross_checked = built.cross_checked;
    let full_reruns = built.full_reruns;
    let repeats_stopped = built.repeats_stopped;
    let transcript = built.finish(duration_ms(&intake.audio));
    Ok(LiveResult {
        transcript,
        audio_16k: intake.audio,
        chunks,
        chunks_after_stop,
        cross_checked,
        full_reruns,
        repeats_stopped,
        after_end: ended_at.elapsed(),
    })
}
