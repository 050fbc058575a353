//! Reads a WAV file of any common kind into 16 kHz mono f32 for Whisper.
//!
//! Rule: integer PCM of 8, 16, 24 or 32 bits, float of 32 or 64 bits, a-law and µ-law, 1 to 64
//! channels at 1 to 384 kHz, are accepted (see [`crate::audio::wav_parse`], which reads the
//! untrusted file within bounds); integers are scaled by 2^(bits-1) into -1..1; the result goes
//! through [`crate::audio::resample::to_mono_16k`]. A file that is not a WAV, holds no audio,
//! holds a NaN or infinite sample, or is longer than [`MAX_AUDIO_SECONDS`] is refused with an
//! error that says so.

use crate::audio::resample::{self, ResampleError, WHISPER_SAMPLE_RATE};
use crate::audio::wav_parse::{self, WavProblem};
use std::path::{Path, PathBuf};

/// Longest recording we accept: 30 minutes. An interview answer is 1-3 minutes (see
/// docs/sources.md); anything far longer is a wrong file and would take minutes to transcribe.
pub const MAX_AUDIO_SECONDS: u64 = 30 * 60;

/// Decoded audio, always 16 kHz mono.
#[derive(Debug, Clone, PartialEq)]
pub struct Audio {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
}

impl Audio {
    /// Length in whole milliseconds.
    pub fn duration_ms(&self) -> u64 {
        if self.sample_rate == 0 {
            return 0;
        }
        self.samples.len() as u64 * 1000 / u64::from(self.sample_rate)
    }
}

/// Why a WAV file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a WAV file ({reason})")]
    NotWav { path: PathBuf, reason: String },
    #[error("{path} uses an unsupported sample format: {format}")]
    Unsupported { path: PathBuf, format: String },
    #[error("{path} contains no audio (zero samples)")]
    Empty { path: PathBuf },
    #[error(
        "{path} is truncated: the header promises {expected} bytes of audio but only {found} are there"
    )]
    Truncated {
        path: PathBuf,
        expected: u64,
        found: u64,
    },
    #[error("{path} is {minutes} minutes long; the limit is {limit} minutes")]
    TooLong {
        path: PathBuf,
        minutes: u64,
        limit: u64,
    },
    #[error("{path} cannot be used: {problem}")]
    Damaged { path: PathBuf, problem: WavProblem },
    #[error("{path}: {source}")]
    Resample {
        path: PathBuf,
        source: ResampleError,
    },
}

/// Reads and converts a WAV file to 16 kHz mono. The file is parsed by the bounded reader of
/// [`crate::audio::wav_parse`] (the file is untrusted: sizes come from the bytes on disk).
pub fn read_wav(path: impl AsRef<Path>) -> Result<Audio, DecodeError> {
    let path = path.as_ref();
    let p = || path.to_path_buf();
    let file = std::fs::File::open(path).map_err(|source| DecodeError::Io { path: p(), source })?;
    let len = file
        .metadata()
        .map_err(|source| DecodeError::Io { path: p(), source })?
        .len();
    let pcm = wav_parse::parse_wav(std::io::BufReader::new(file), len, MAX_AUDIO_SECONDS)
        .map_err(|problem| DecodeError::from_problem(path, problem))?;
    let samples = resample::to_mono_16k(
        &pcm.interleaved,
        pcm.format.channels,
        pcm.format.sample_rate,
    )
    .map_err(|source| DecodeError::Resample { path: p(), source })?;
    Ok(Audio {
        samples,
        sample_rate: WHISPER_SAMPLE_RATE,
    })
}

impl DecodeError {
    fn from_problem(path: &Path, problem: WavProblem) -> DecodeError {
        let path = path.to_path_buf();
        match problem {
            WavProblem::Io(source) => DecodeError::Io { path, source },
            WavProblem::NotWav(reason) => DecodeError::NotWav { path, reason },
            WavProblem::Unsupported(format) => DecodeError::Unsupported { path, format },
            WavProblem::Empty => DecodeError::Empty { path },
            WavProblem::Truncated { expected, found } => DecodeError::Truncated {
                path,
                expected,
                found,
            },
            WavProblem::TooLong { minutes, limit } => DecodeError::TooLong {
                path,
                minutes,
                limit,
            },
            problem => DecodeError::Damaged { path, problem },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hound::{SampleFormat, WavSpec, WavWriter};

    fn tone(rate: u32, seconds: f32) -> Vec<f32> {
        let n = (rate as f32 * seconds) as usize;
        (0..n)
            .map(|i| 0.5 * (2.0 * std::f32::consts::PI * 300.0 * i as f32 / rate as f32).sin())
            .collect()
    }

    fn write(path: &Path, channels: u16, rate: u32, bits: u16, float: bool, mono: &[f32]) {
        let spec = WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: bits,
            sample_format: if float {
                SampleFormat::Float
            } else {
                SampleFormat::Int
            },
        };
        let mut w = WavWriter::create(path, spec).unwrap();
        for &v in mono {
            for ch in 0..channels {
                // Put the signal on channel 0 and its negation-free copy on the others.
                let v = if ch == 0 { v } else { v * 0.5 };
                if float {
                    w.write_sample(v).unwrap();
                } else {
                    let max = ((1i64 << (bits - 1)) - 1) as f32;
                    let q = (v * max).round() as i32;
                    if bits == 8 {
                        w.write_sample(q as i8).unwrap();
                    } else if bits == 16 {
                        w.write_sample(q as i16).unwrap();
                    } else {
                        w.write_sample(q).unwrap();
                    }
                }
            }
        }
        w.finalize().unwrap();
    }

    #[test]
    fn every_common_format_decodes_to_16k_mono_with_the_right_level() {
        let dir = tempfile::tempdir().unwrap();
        for (bits, float) in [
            (8, false),
            (16, false),
            (24, false),
            (32, false),
            (32, true),
        ] {
            for (channels, rate) in [(1u16, 16_000u32), (2, 44_100), (2, 48_000), (6, 22_050)] {
                let path = dir
                    .path()
                    .join(format!("t{bits}{float}{channels}{rate}.wav"));
                let src = tone(rate, 1.0);
                write(&path, channels, rate, bits, float, &src);
                let audio = read_wav(&path).unwrap();
                assert_eq!(audio.sample_rate, 16_000);
                assert!(
                    (audio.samples.len() as i64 - 16_000).abs() <= 1,
                    "{bits} bit {channels} ch {rate} Hz"
                );
                // Channel 0 at 0.5 amplitude, the rest at 0.25: the mean over channels.
                let expected_amp = (0.5 + 0.25 * f32::from(channels - 1)) / f32::from(channels);
                let mid = &audio.samples[4000..12000];
                let rms = (mid.iter().map(|v| v * v).sum::<f32>() / mid.len() as f32).sqrt();
                let expected_rms = expected_amp * std::f32::consts::FRAC_1_SQRT_2;
                let tolerance = if bits == 8 { 0.02 } else { 0.005 };
                assert!(
                    (rms - expected_rms).abs() < tolerance,
                    "{bits} bit {channels} ch {rate} Hz: rms {rms}"
                );
            }
        }
    }

    #[test]
    fn bad_files_give_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.wav");
        std::fs::write(&text, b"this is not audio at all, just some text").unwrap();
        assert!(matches!(read_wav(&text), Err(DecodeError::NotWav { .. })));

        let zero = dir.path().join("zero.wav");
        std::fs::write(&zero, b"").unwrap();
        let err = read_wav(&zero).unwrap_err();
        assert!(matches!(err, DecodeError::NotWav { .. }), "{err:?}");

        let empty = dir.path().join("empty.wav");
        write(&empty, 1, 16_000, 16, false, &[]);
        let err = read_wav(&empty).unwrap_err();
        assert!(matches!(err, DecodeError::Empty { .. }));
        assert!(err.to_string().contains("no audio"));

        let missing = dir.path().join("missing.wav");
        assert!(matches!(read_wav(&missing), Err(DecodeError::Io { .. })));

        let whole = dir.path().join("whole.wav");
        write(&whole, 1, 16_000, 16, false, &tone(16_000, 1.0));
        let bytes = std::fs::read(&whole).unwrap();
        let cut = dir.path().join("cut.wav");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let err = read_wav(&cut).unwrap_err();
        assert!(matches!(err, DecodeError::Truncated { .. }), "{err}");
    }

    #[test]
    fn over_thirty_minutes_is_refused_without_reading_it() {
        // A header that claims 31 minutes at 8 kHz, 8-bit mono (about 15 MB of data).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.wav");
        let spec = WavSpec {
            channels: 1,
            sample_rate: 8_000,
            bits_per_sample: 8,
            sample_format: SampleFormat::Int,
        };
        let mut w = WavWriter::create(&path, spec).unwrap();
        for _ in 0..(31 * 60 * 8_000) {
            w.write_sample(0i8).unwrap();
        }
        w.finalize().unwrap();
        let err = read_wav(&path).unwrap_err();
        assert!(
            matches!(
                err,
                DecodeError::TooLong {
                    minutes: 31,
                    limit: 30,
                    ..
                }
            ),
            "{err}"
        );
    }
}
