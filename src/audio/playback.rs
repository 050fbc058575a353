//! Plays a recording through the default output device.
//!
//! Rule: a thread owns the output stream and reports whether it opened (the same handshake as
//! capture), so a machine with no sound card gets a message ("No speaker or headphones found")
//! instead of a silent button. The stream is opened at the file's own rate (mono copied to every
//! channel); a device that refuses that rate gets a clear error rather than a second resampler.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SizedSample};

use super::capture::read_wav_mono;

/// How long the opening handshake may take before playback is reported as failed.
const OPEN_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, thiserror::Error)]
pub enum PlaybackError {
    #[error(
        "No speaker or headphones found, so the recording cannot be played here. The file is {0}."
    )]
    NoOutputDevice(PathBuf),
    #[error("The speaker \"{device}\" cannot play this recording: {reason}")]
    DeviceUnavailable { device: String, reason: String },
    #[error("{0}")]
    File(String),
}

/// A recording that is playing; dropping it stops the sound.
pub struct Playback {
    stop: mpsc::Sender<()>,
    finished: Arc<AtomicBool>,
    position: Arc<AtomicUsize>,
    paused: Arc<AtomicBool>,
    total: usize,
    sample_rate: u32,
    path: PathBuf,
}

impl Playback {
    /// Starts playing `path`; `on_finish` runs (on the playback thread) when the end is reached.
    pub fn start(
        path: &Path,
        on_finish: impl FnOnce() + Send + 'static,
    ) -> Result<Playback, PlaybackError> {
        let (samples, sample_rate) =
            read_wav_mono(path).map_err(|e| PlaybackError::File(e.to_string()))?;
        let total = samples.len();
        let finished = Arc::new(AtomicBool::new(false));
        let position = Arc::new(AtomicUsize::new(0));
        let paused = Arc::new(AtomicBool::new(false));
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let (ready_tx, ready_rx) = mpsc::sync_channel::<Result<(), PlaybackError>>(1);
        let path = path.to_path_buf();
        let kept_path = path.clone();
        let (thread_finished, thread_position) = (finished.clone(), position.clone());
        let thread_paused = paused.clone();
        std::thread::Builder::new()
            .name("rehearse-playback".into())
            .spawn(move || {
                let stream = match open_output(
                    &path,
                    Arc::new(samples),
                    sample_rate,
                    thread_position.clone(),
                    thread_paused,
                ) {
                    Ok(stream) => stream,
                    Err(err) => {
                        let _ = ready_tx.send(Err(err));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok(()));
                let frame = Duration::from_millis(50);
                loop {
                    match stop_rx.recv_timeout(frame) {
                        Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            if thread_position.load(Ordering::Relaxed) >= total {
                                break;
                            }
                        }
                    }
                }
                drop(stream);
                thread_finished.store(true, Ordering::Relaxed);
                on_finish();
            })
            .map_err(|e| PlaybackError::File(e.to_string()))?;
        match ready_rx.recv_timeout(OPEN_TIMEOUT) {
            Ok(Ok(())) => Ok(Playback {
                stop: stop_tx,
                finished,
                position,
                paused,
                total,
                sample_rate,
                path: kept_path,
            }),
            Ok(Err(err)) => Err(err),
            Err(_) => Err(PlaybackError::DeviceUnavailable {
                device: "default".into(),
                reason: "the output did not open in time".into(),
            }),
        }
    }

    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Relaxed)
    }

    /// The file playing.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Holds the sound where it is (silence, the position stays) or lets it go on.
    pub fn set_paused(&self, paused: bool) {
        self.paused.store(paused, Ordering::Relaxed);
    }

    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Relaxed)
    }

    /// Where playback is and how long the recording is, in milliseconds.
    pub fn progress_ms(&self) -> (u64, u64) {
        let rate = u64::from(self.sample_rate.max(1));
        let at = self.position.load(Ordering::Relaxed).min(self.total) as u64;
        (at * 1000 / rate, self.total as u64 * 1000 / rate)
    }

    /// Moves the play position to `ms` from the start (clamped to the end); the output
    /// callback continues from there (used by click-a-word-to-seek in the history).
    pub fn seek_ms(&self, ms: u64) {
        let sample = ms.saturating_mul(u64::from(self.sample_rate)) / 1000;
        let sample = usize::try_from(sample)
            .unwrap_or(usize::MAX)
            .min(self.total);
        self.position.store(sample, Ordering::Relaxed);
    }

    /// Seconds played so far and total seconds.
    pub fn progress_seconds(&self) -> (f32, f32) {
        let rate = self.sample_rate.max(1) as f32;
        (
            self.position.load(Ordering::Relaxed).min(self.total) as f32 / rate,
            self.total as f32 / rate,
        )
    }
}

impl Drop for Playback {
    fn drop(&mut self) {
        let _ = self.stop.send(());
    }
}

fn open_output(
    path: &Path,
    samples: Arc<Vec<f32>>,
    sample_rate: u32,
    position: Arc<AtomicUsize>,
    paused: Arc<AtomicBool>,
) -> Result<cpal::Stream, PlaybackError> {
    let host = cpal::default_host();
    let device = host
        .default_output_device()
        .filter(|d| {
            !super::devices::is_placeholder(&d.to_string())
                && !d
                    .id()
                    .is_ok_and(|id| super::devices::is_placeholder_id(&id.to_string()))
        })
        .ok_or_else(|| PlaybackError::NoOutputDevice(path.to_path_buf()))?;
    let name = device.to_string();
    let unavailable = |err: cpal::Error| {
        if err.kind() == cpal::ErrorKind::DeviceNotAvailable {
            PlaybackError::NoOutputDevice(path.to_path_buf())
        } else {
            PlaybackError::DeviceUnavailable {
                device: name.clone(),
                reason: err.to_string(),
            }
        }
    };
    let default = device.default_output_config().map_err(unavailable)?;
    let config = cpal::StreamConfig {
        channels: default.channels(),
        sample_rate,
        buffer_size: cpal::BufferSize::Default,
    };
    let stream = match default.sample_format() {
        cpal::SampleFormat::I16 => build::<i16>(&device, &config, samples, position, paused),
        cpal::SampleFormat::I32 => build::<i32>(&device, &config, samples, position, paused),
        cpal::SampleFormat::U16 => build::<u16>(&device, &config, samples, position, paused),
        _ => build::<f32>(&device, &config, samples, position, paused),
    }
    .map_err(unavailable)?;
    stream.play().map_err(unavailable)?;
    Ok(stream)
}

fn build<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    samples: Arc<Vec<f32>>,
    position: Arc<AtomicUsize>,
    paused: Arc<AtomicBool>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + FromSample<f32> + Send + 'static,
{
    let channels = usize::from(config.channels.max(1));
    device.build_output_stream::<T, _, _>(
        *config,
        move |out: &mut [T], _info| {
            if paused.load(Ordering::Relaxed) {
                out.fill(T::from_sample_(0.0f32));
                return;
            }
            let mut pos = position.load(Ordering::Relaxed);
            for frame in out.chunks_mut(channels) {
                let value = samples.get(pos).copied().unwrap_or(0.0);
                pos += 1;
                for slot in frame {
                    *slot = T::from_sample_(value);
                }
            }
            position.store(pos, Ordering::Relaxed);
        },
        |_err| {},
        None,
    )
}
