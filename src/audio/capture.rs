//! The recording worker: one thread owns the input stream, takes Start / Stop / Shutdown
//! commands, streams mono audio to a WAV file and reports levels and results through a
//! callback.
//!
//! Rules:
//! - The worker opens the device as soon as it gets Start (during the UI's countdown), so a
//!   device error reaches the UI before the user starts talking: that is the start-up
//!   handshake (`Started` or `Failed`). Audio that arrives before the countdown ends only
//!   moves the level meter.
//! - Any sample format and channel count is converted to mono f32 in the audio callback
//!   (an average of the channels); the file keeps the device rate and the 16 kHz conversion
//!   happens once, when the recording is decoded for transcription, with the project's one
//!   resampler. The first callback can come up to 2 s after `play()` (docs/sources.md).
//! - Stop on the first real stream error (the ALSA error callback repeats when the sound
//!   server dies) and keep what was recorded; buffer over/underruns are not errors.
//! - A [`CaptureSource::WavFile`] feeds a file through the same pipeline (tests, demos, and
//!   `rehearse bench --live`, which plays it at real-time pace).
//! - A tap ([`Recorder::start_with_tap`]) receives every block as it is written (mono, device
//!   rate), for live transcription; it is closed when the recording ends, which tells the
//!   listener that the audio is complete.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, SizedSample};

use super::devices;
use super::level::Level;
use super::recording_rules::{self, SilenceWatch, StopReason};
use super::wav_stream::{WavStream, WavStreamError};

/// How often the level meter is reported while the device is open: 10 Hz is smooth enough for
/// a calm meter, and each report costs a repaint (measured: 20 Hz kept a software-rendered
/// debug build near one core while recording).
pub const LEVEL_REPORT_INTERVAL: Duration = Duration::from_millis(100);

/// Block length used when feeding a WAV file through the pipeline: 20 ms, a typical audio
/// callback size.
const FILE_BLOCK: Duration = Duration::from_millis(20);

/// How long the worker waits for a command or audio before checking its clocks.
const WORKER_TICK: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, thiserror::Error)]
pub enum CaptureError {
    #[error(
        "No microphone found. Connect one and pick it in Settings; you can still open a WAV file to analyse."
    )]
    NoMicrophone,
    #[error("The microphone \"{device}\" cannot be opened: {reason}")]
    DeviceUnavailable { device: String, reason: String },
    #[error(
        "The microphone \"{device}\" uses the sample format {format}, which rehearse cannot read."
    )]
    UnsupportedFormat { device: String, format: String },
    #[error("{0}")]
    File(String),
    #[error("The recording worker has stopped; restart the app.")]
    WorkerGone,
}

impl From<WavStreamError> for CaptureError {
    fn from(err: WavStreamError) -> Self {
        CaptureError::File(err.to_string())
    }
}

/// Where the audio comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum CaptureSource {
    /// A microphone by id (see [`devices::input_devices`]); `None` is the system default.
    Microphone { device_id: Option<String> },
    /// A WAV file fed through the same pipeline, in real time or as fast as possible.
    WavFile { path: PathBuf, real_time: bool },
}

/// Everything the worker needs to start a recording.
#[derive(Debug, Clone)]
pub struct StartRequest {
    pub source: CaptureSource,
    /// Folder for the recording; created if missing.
    pub dir: PathBuf,
    /// File name without extension.
    pub stem: String,
    /// Audio arriving before this much time has passed only moves the meter (the countdown).
    pub record_after: Duration,
    pub max_duration: Duration,
}

/// A finished recording.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedRecording {
    pub path: PathBuf,
    pub duration_ms: u64,
    pub sample_rate: u32,
    pub reason: StopReason,
}

/// A block of recorded audio handed to a tap: mono samples at `rate` Hz, exactly as written
/// to the recording (nothing from the countdown, nothing past the cap).
#[derive(Debug, Clone, PartialEq)]
pub struct AudioBlock {
    pub rate: u32,
    pub samples: Vec<f32>,
}

/// What the worker reports.
#[derive(Debug, Clone)]
pub enum CaptureEvent {
    /// The device is open (the handshake succeeded).
    Started {
        device: String,
        sample_rate: u32,
    },
    /// Current loudness; `elapsed_ms` is the audio written so far; `silent` when nothing has
    /// been heard for a while.
    Level {
        level: Level,
        elapsed_ms: u64,
        silent: bool,
    },
    Finished(FinishedRecording),
    Failed(CaptureError),
}

enum WorkerMsg {
    Start(StartRequest, Option<mpsc::Sender<AudioBlock>>),
    Stop,
    Shutdown,
    Audio { generation: u64, samples: Vec<f32> },
    StreamError { generation: u64, reason: String },
}

/// Handle to the recording worker. Dropping it shuts the worker down.
pub struct Recorder {
    tx: mpsc::Sender<WorkerMsg>,
    thread: Option<JoinHandle<()>>,
}

impl Recorder {
    /// Starts the worker; `report` is called on the worker thread for every event.
    pub fn spawn(
        report: impl FnMut(CaptureEvent) + Send + 'static,
    ) -> Result<Recorder, CaptureError> {
        let (tx, rx) = mpsc::channel();
        let worker_tx = tx.clone();
        let thread = std::thread::Builder::new()
            .name("rehearse-capture".into())
            .spawn(move || Worker::new(worker_tx, Box::new(report)).run(rx))
            .map_err(|_| CaptureError::WorkerGone)?;
        Ok(Recorder {
            tx,
            thread: Some(thread),
        })
    }

    /// Opens the source and starts recording; the answer comes as `Started` or `Failed`.
    pub fn start(&self, request: StartRequest) -> Result<(), CaptureError> {
        self.tx
            .send(WorkerMsg::Start(request, None))
            .map_err(|_| CaptureError::WorkerGone)
    }

    /// As [`Recorder::start`], and every block written is also sent to `tap`; the tap is
    /// dropped when the recording ends (Stop, cap, lost device or shutdown).
    pub fn start_with_tap(
        &self,
        request: StartRequest,
        tap: mpsc::Sender<AudioBlock>,
    ) -> Result<(), CaptureError> {
        self.tx
            .send(WorkerMsg::Start(request, Some(tap)))
            .map_err(|_| CaptureError::WorkerGone)
    }

    /// Stops recording; the answer comes as `Finished`.
    pub fn stop(&self) -> Result<(), CaptureError> {
        self.tx
            .send(WorkerMsg::Stop)
            .map_err(|_| CaptureError::WorkerGone)
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        let _ = self.tx.send(WorkerMsg::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Averages interleaved frames into mono.
pub fn downmix<T: Copy>(interleaved: &[T], channels: usize, to_f32: impl Fn(T) -> f32) -> Vec<f32> {
    let channels = channels.max(1);
    interleaved
        .chunks(channels)
        .map(|frame| frame.iter().map(|&s| to_f32(s)).sum::<f32>() / frame.len() as f32)
        .collect()
}

/// The open input: a cpal stream (kept alive by owning it) or a file feeder thread.
enum Input {
    Device(#[allow(dead_code)] cpal::Stream),
    File(#[allow(dead_code)] JoinHandle<()>),
}

struct Active {
    _input: Input,
    generation: u64,
    opened_at: Instant,
    record_after: Duration,
    wav: WavStream,
    cap_frames: u64,
    cap_seconds: u64,
    silence: SilenceWatch,
    silent: bool,
    pending_level: Level,
    last_report: Instant,
    last_audio: Instant,
    tap: Option<mpsc::Sender<AudioBlock>>,
}

struct Worker {
    tx: mpsc::Sender<WorkerMsg>,
    report: Box<dyn FnMut(CaptureEvent) + Send>,
    generation: u64,
    active: Option<Active>,
}

impl Worker {
    fn new(tx: mpsc::Sender<WorkerMsg>, report: Box<dyn FnMut(CaptureEvent) + Send>) -> Worker {
        Worker {
            tx,
            report,
            generation: 0,
            active: None,
        }
    }

    fn run(mut self, rx: mpsc::Receiver<WorkerMsg>) {
        loop {
            match rx.recv_timeout(WORKER_TICK) {
                Ok(WorkerMsg::Start(request, tap)) => {
                    self.finish(StopReason::Requested);
                    self.start(request, tap);
                }
                Ok(WorkerMsg::Stop) => self.finish(StopReason::Requested),
                Ok(WorkerMsg::Shutdown) | Err(RecvTimeoutError::Disconnected) => {
                    self.finish(StopReason::Shutdown);
                    return;
                }
                Ok(WorkerMsg::Audio {
                    generation,
                    samples,
                }) if generation == self.generation => self.audio(&samples),
                Ok(WorkerMsg::StreamError { generation, reason })
                    if generation == self.generation =>
                {
                    self.finish(StopReason::DeviceLost { reason });
                }
                Ok(_) => {} // audio or errors from a stream that has already been closed
                Err(RecvTimeoutError::Timeout) => self.tick(),
            }
        }
    }

    fn start(&mut self, request: StartRequest, tap: Option<mpsc::Sender<AudioBlock>>) {
        self.generation += 1;
        let generation = self.generation;
        let opened = match &request.source {
            CaptureSource::Microphone { device_id } => {
                open_device(device_id.as_deref(), self.tx.clone(), generation)
            }
            CaptureSource::WavFile { path, real_time } => {
                open_file(path, *real_time, self.tx.clone(), generation)
            }
        };
        let (input, device, sample_rate) = match opened {
            Ok(opened) => opened,
            Err(err) => return (self.report)(CaptureEvent::Failed(err)),
        };
        let wav = match WavStream::create(&request.dir, &request.stem, sample_rate) {
            Ok(wav) => wav,
            Err(err) => return (self.report)(CaptureEvent::Failed(err.into())),
        };
        let now = Instant::now();
        self.active = Some(Active {
            _input: input,
            generation,
            opened_at: now,
            record_after: request.record_after,
            wav,
            cap_frames: recording_rules::frames_for(request.max_duration, sample_rate),
            cap_seconds: request.max_duration.as_secs(),
            silence: SilenceWatch::default(),
            silent: false,
            pending_level: Level::default(),
            last_report: now,
            last_audio: now,
            tap,
        });
        (self.report)(CaptureEvent::Started {
            device,
            sample_rate,
        });
    }

    fn audio(&mut self, samples: &[f32]) {
        let Some(active) = self.active.as_mut() else {
            return;
        };
        debug_assert_eq!(active.generation, self.generation);
        let now = Instant::now();
        active.last_audio = now;
        let level = Level::measure(samples);
        active.pending_level = active.pending_level.max(level);
        let block_ms = samples.len() as u64 * 1000 / u64::from(active.wav.sample_rate().max(1));
        active.silent = active.silence.observe(level.peak, block_ms);

        let mut cap_reached = false;
        if now.duration_since(active.opened_at) >= active.record_after {
            let (keep, reached) = recording_rules::frames_within_cap(
                active.wav.frames_written(),
                samples.len(),
                active.cap_frames,
            );
            cap_reached = reached;
            if let Err(err) = active.wav.write(&samples[..keep]) {
                (self.report)(CaptureEvent::Failed(err.into()));
                self.finish(StopReason::DeviceLost {
                    reason: "the recording could not be written".into(),
                });
                return;
            }
            if let Some(tap) = &active.tap
                && keep > 0
            {
                let block = AudioBlock {
                    rate: active.wav.sample_rate(),
                    samples: samples[..keep].to_vec(),
                };
                if tap.send(block).is_err() {
                    active.tap = None; // the listener has gone; the recording goes on
                }
            }
        }
        if cap_reached {
            let cap_seconds = active.cap_seconds;
            self.finish(StopReason::CapReached { cap_seconds });
        } else if now.duration_since(active.last_report) >= LEVEL_REPORT_INTERVAL {
            self.report_level();
        }
    }

    fn tick(&mut self) {
        let Some(active) = self.active.as_mut() else {
            return;
        };
        // No audio at all for a while is as telling as silent audio.
        if active.last_audio.elapsed() >= recording_rules::SILENCE_WARNING_AFTER {
            active.silent = true;
        }
        self.report_level();
    }

    fn report_level(&mut self) {
        let Some(active) = self.active.as_mut() else {
            return;
        };
        let event = CaptureEvent::Level {
            level: active.pending_level,
            elapsed_ms: active.wav.duration_ms(),
            silent: active.silent,
        };
        active.pending_level = Level::default();
        active.last_report = Instant::now();
        (self.report)(event);
    }

    fn finish(&mut self, reason: StopReason) {
        let Some(mut active) = self.active.take() else {
            return;
        };
        // Close the input first so no more audio arrives for this generation, then the tap, so
        // a live listener can start on the last chunk at once.
        drop(active._input);
        drop(active.tap.take());
        self.generation += 1;
        let sample_rate = active.wav.sample_rate();
        let duration_ms = active.wav.duration_ms();
        let result = if reason == StopReason::Shutdown {
            active.wav.abandon()
        } else {
            active.wav.finish()
        };
        let event = match result {
            Ok(path) => CaptureEvent::Finished(FinishedRecording {
                path,
                duration_ms,
                sample_rate,
                reason,
            }),
            Err(err) => CaptureEvent::Failed(err.into()),
        };
        (self.report)(event);
    }
}

type Opened = (Input, String, u32);

fn open_device(
    device_id: Option<&str>,
    tx: mpsc::Sender<WorkerMsg>,
    generation: u64,
) -> Result<Opened, CaptureError> {
    let device = devices::open_input(device_id)?;
    let name = devices::name_of(&device);
    let unavailable = |err: cpal::Error| CaptureError::DeviceUnavailable {
        device: name.clone(),
        reason: err.to_string(),
    };
    let supported = device.default_input_config().map_err(unavailable)?;
    let config = supported.config();
    let format = supported.sample_format();
    use cpal::SampleFormat as F;
    let stream = match format {
        F::I8 => build::<i8>(&device, &config, tx, generation),
        F::I16 => build::<i16>(&device, &config, tx, generation),
        F::I32 => build::<i32>(&device, &config, tx, generation),
        F::I64 => build::<i64>(&device, &config, tx, generation),
        F::U8 => build::<u8>(&device, &config, tx, generation),
        F::U16 => build::<u16>(&device, &config, tx, generation),
        F::U32 => build::<u32>(&device, &config, tx, generation),
        F::U64 => build::<u64>(&device, &config, tx, generation),
        F::F32 => build::<f32>(&device, &config, tx, generation),
        F::F64 => build::<f64>(&device, &config, tx, generation),
        F::I24 => build::<cpal::I24>(&device, &config, tx, generation),
        F::U24 => build::<cpal::U24>(&device, &config, tx, generation),
        other => {
            return Err(CaptureError::UnsupportedFormat {
                device: name,
                format: format!("{other:?}"),
            });
        }
    }
    .map_err(unavailable)?;
    stream.play().map_err(unavailable)?;
    Ok((Input::Device(stream), name, config.sample_rate))
}

fn build<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    tx: mpsc::Sender<WorkerMsg>,
    generation: u64,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + Send + 'static,
    f32: FromSample<T>,
{
    let channels = usize::from(config.channels);
    let error_tx = tx.clone();
    device.build_input_stream::<T, _, _>(
        *config,
        move |data: &[T], _info| {
            let samples = downmix(data, channels, f32::from_sample_);
            let _ = tx.send(WorkerMsg::Audio {
                generation,
                samples,
            });
        },
        move |err: cpal::Error| {
            // Over/underruns and reroutes are hiccups, not a lost device.
            if matches!(
                err.kind(),
                cpal::ErrorKind::Xrun
                    | cpal::ErrorKind::DeviceChanged
                    | cpal::ErrorKind::RealtimeDenied
            ) {
                return;
            }
            let _ = error_tx.send(WorkerMsg::StreamError {
                generation,
                reason: err.to_string(),
            });
        },
        None,
    )
}

/// Reads a whole WAV file as mono f32 and its sample rate (through the bounded reader of
/// [`crate::audio::wav_parse`]; the file is untrusted).
pub fn read_wav_mono(path: &Path) -> Result<(Vec<f32>, u32), CaptureError> {
    let pcm = crate::audio::wav_parse::read_file(path, PLAYBACK_MAX_SECONDS)
        .map_err(|e| CaptureError::File(format!("Cannot read {}: {e}", path.display())))?;
    Ok((
        downmix(&pcm.interleaved, usize::from(pcm.format.channels), |s| s),
        pcm.format.sample_rate,
    ))
}

/// Longest file played back or fed as a microphone: a day (memory is bounded by the bytes on
/// disk anyway; recordings are capped at an hour by the settings).
const PLAYBACK_MAX_SECONDS: u64 = 24 * 3600;

fn open_file(
    path: &Path,
    real_time: bool,
    tx: mpsc::Sender<WorkerMsg>,
    generation: u64,
) -> Result<Opened, CaptureError> {
    let (samples, rate) = read_wav_mono(path)?;
    let block = (recording_rules::frames_for(FILE_BLOCK, rate) as usize).max(1);
    let feeder = std::thread::Builder::new()
        .name("rehearse-file-source".into())
        .spawn(move || {
            let started = Instant::now();
            for (i, chunk) in samples.chunks(block).enumerate() {
                if real_time {
                    let due = started + FILE_BLOCK * i as u32;
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                }
                if tx
                    .send(WorkerMsg::Audio {
                        generation,
                        samples: chunk.to_vec(),
                    })
                    .is_err()
                {
                    return;
                }
            }
        })
        .map_err(|e| CaptureError::File(e.to_string()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((Input::File(feeder), name, rate))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::Receiver;

    #[test]
    fn downmix_averages_channels() {
        assert_eq!(downmix(&[1.0f32, 0.0, 0.5, 0.5], 2, |s| s), vec![0.5, 0.5]);
        assert_eq!(downmix(&[0.25f32, -0.25], 1, |s| s), vec![0.25, -0.25]);
        let from_i16 = downmix(&[i16::MAX, i16::MAX], 2, f32::from_sample_);
        assert!((from_i16[0] - 1.0).abs() < 1e-3);
    }

    fn write_tone(path: &Path, rate: u32, channels: u16, seconds: f32) {
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..(rate as f32 * seconds) as usize {
            let v = (0.3 * (i as f32 * 0.05).sin() * 32767.0) as i16;
            for _ in 0..channels {
                writer.write_sample(v).unwrap();
            }
        }
        writer.finalize().unwrap();
    }

    fn recorder() -> (Recorder, Receiver<CaptureEvent>) {
        let (tx, rx) = mpsc::channel();
        let recorder = Recorder::spawn(move |event| {
            let _ = tx.send(event);
        })
        .unwrap();
        (recorder, rx)
    }

    fn wait_finished(rx: &Receiver<CaptureEvent>) -> FinishedRecording {
        loop {
            match rx.recv_timeout(Duration::from_secs(10)).expect("an event") {
                CaptureEvent::Finished(done) => return done,
                CaptureEvent::Failed(err) => panic!("failed: {err}"),
                _ => {}
            }
        }
    }

    #[test]
    fn file_source_records_every_frame_as_mono_at_its_rate() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("stereo.wav");
        write_tone(&source, 22_050, 2, 1.0);
        let (recorder, rx) = recorder();
        recorder
            .start(StartRequest {
                source: CaptureSource::WavFile {
                    path: source,
                    real_time: false,
                },
                dir: dir.path().join("recordings"),
                stem: "take1".into(),
                record_after: Duration::ZERO,
                max_duration: recording_rules::DEFAULT_MAX_RECORDING,
            })
            .unwrap();
        match rx.recv_timeout(Duration::from_secs(5)).unwrap() {
            CaptureEvent::Started { sample_rate, .. } => assert_eq!(sample_rate, 22_050),
            other => panic!("expected Started, got {other:?}"),
        }
        std::thread::sleep(Duration::from_millis(500));
        recorder.stop().unwrap();
        let done = wait_finished(&rx);
        assert_eq!(done.reason, StopReason::Requested);
        assert_eq!(done.duration_ms, 1000);
        let (samples, rate) = read_wav_mono(&done.path).unwrap();
        assert_eq!((samples.len(), rate), (22_050, 22_050));
    }

    #[test]
    fn cap_stops_the_recording_by_itself_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("long.wav");
        write_tone(&source, 8000, 1, 3.0);
        let (recorder, rx) = recorder();
        recorder
            .start(StartRequest {
                source: CaptureSource::WavFile {
                    path: source,
                    real_time: false,
                },
                dir: dir.path().to_path_buf(),
                stem: "capped".into(),
                record_after: Duration::ZERO,
                max_duration: Duration::from_secs(1),
            })
            .unwrap();
        let done = wait_finished(&rx);
        assert_eq!(done.reason, StopReason::CapReached { cap_seconds: 1 });
        assert_eq!(done.duration_ms, 1000);
        assert_eq!(hound::WavReader::open(&done.path).unwrap().len(), 8000);
    }

    #[test]
    fn unreadable_source_fails_the_handshake_with_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let (recorder, rx) = recorder();
        recorder
            .start(StartRequest {
                source: CaptureSource::WavFile {
                    path: dir.path().join("missing.wav"),
                    real_time: false,
                },
                dir: dir.path().to_path_buf(),
                stem: "never".into(),
                record_after: Duration::ZERO,
                max_duration: Duration::from_secs(1),
            })
            .unwrap();
        match rx.recv_timeout(Duration::from_secs(5)).unwrap() {
            CaptureEvent::Failed(CaptureError::File(msg)) => {
                assert!(msg.contains("missing.wav"), "{msg}")
            }
            other => panic!("expected Failed, got {other:?}"),
        }
    }

    #[test]
    fn shutdown_while_recording_leaves_a_partial_file_for_recovery() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("tone.wav");
        write_tone(&source, 8000, 1, 0.5);
        let (recorder, rx) = recorder();
        recorder
            .start(StartRequest {
                source: CaptureSource::WavFile {
                    path: source,
                    real_time: false,
                },
                dir: dir.path().join("rec"),
                stem: "interrupted".into(),
                record_after: Duration::ZERO,
                max_duration: Duration::from_secs(60),
            })
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        drop(recorder);
        let done = wait_finished(&rx);
        assert_eq!(done.reason, StopReason::Shutdown);
        assert_eq!(
            super::super::wav_stream::unfinished_recordings(&dir.path().join("rec")),
            vec![done.path]
        );
    }
}
