//! A recording streamed to disk as it happens, so a crash or a kill loses at most about a
//! second, and the recovery of a recording that was never finished.
//!
//! Rule: while recording, the file is named `<stem>.partial.wav` and holds mono 16-bit PCM at
//! the device rate; the header is rewritten on every flush (hound's `flush` makes the file
//! readable up to that point). A clean stop finalises it and renames it to `<stem>.wav`. Any
//! `*.partial.wav` found later is an unfinished recording: [`recover`] rewrites its RIFF and
//! `data` sizes from the file length (so even the samples after the last flush come back) and
//! renames it. Source: the RIFF/WAVE chunk layout (a 12-byte `RIFF....WAVE` header followed by
//! `id, u32 size` chunks).

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::recording_rules;

/// Suffix of a recording that is still being written (or was never finished).
pub const PARTIAL_SUFFIX: &str = ".partial.wav";

/// Bits per sample on disk: 16-bit PCM is what every player and decoder reads, and its
/// 96 dB range is far beyond a speaking voice.
const BITS_PER_SAMPLE: u16 = 16;

#[derive(Debug, thiserror::Error)]
pub enum WavStreamError {
    #[error("Cannot create the recordings folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Cannot write the recording {path}: {source}")]
    Write { path: PathBuf, source: hound::Error },
    #[error("Cannot rename {from} to {to}: {source}")]
    Rename {
        from: PathBuf,
        to: PathBuf,
        source: std::io::Error,
    },
    #[error("Cannot repair {path}: {reason}")]
    Repair { path: PathBuf, reason: String },
}

/// A WAV file being written while recording.
pub struct WavStream {
    writer: hound::WavWriter<BufWriter<File>>,
    partial_path: PathBuf,
    final_path: PathBuf,
    sample_rate: u32,
    frames_written: u64,
    frames_since_flush: u64,
}

impl WavStream {
    /// Creates `<dir>/<stem>.partial.wav` for mono audio at `sample_rate`.
    pub fn create(dir: &Path, stem: &str, sample_rate: u32) -> Result<WavStream, WavStreamError> {
        crate::store::private::create_dir_all(dir).map_err(|source| WavStreamError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let partial_path = dir.join(format!("{stem}{PARTIAL_SUFFIX}"));
        let final_path = dir.join(format!("{stem}.wav"));
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate,
            bits_per_sample: BITS_PER_SAMPLE,
            sample_format: hound::SampleFormat::Int,
        };
        let writer = hound::WavWriter::create(&partial_path, spec).map_err(|source| {
            WavStreamError::Write {
                path: partial_path.clone(),
                source,
            }
        })?;
        // The recording is the user's voice: owner-only from the first byte on.
        crate::store::private::restrict_file(&partial_path).map_err(|e| WavStreamError::Write {
            path: partial_path.clone(),
            source: hound::Error::IoError(e),
        })?;
        Ok(WavStream {
            writer,
            partial_path,
            final_path,
            sample_rate,
            frames_written: 0,
            frames_since_flush: 0,
        })
    }

    /// Appends mono samples in -1..=1 and flushes when a second has accumulated.
    pub fn write(&mut self, samples: &[f32]) -> Result<(), WavStreamError> {
        for &s in samples {
            let s = if s.is_finite() {
                s.clamp(-1.0, 1.0)
            } else {
                0.0
            };
            let value = (s * f32::from(i16::MAX)).round() as i16;
            self.writer
                .write_sample(value)
                .map_err(|source| WavStreamError::Write {
                    path: self.partial_path.clone(),
                    source,
                })?;
        }
        self.frames_written += samples.len() as u64;
        self.frames_since_flush += samples.len() as u64;
        if recording_rules::flush_due(self.frames_since_flush, self.sample_rate) {
            self.flush()?;
        }
        Ok(())
    }

    /// Makes everything written so far readable on disk.
    pub fn flush(&mut self) -> Result<(), WavStreamError> {
        self.frames_since_flush = 0;
        self.writer.flush().map_err(|source| WavStreamError::Write {
            path: self.partial_path.clone(),
            source,
        })
    }

    pub fn frames_written(&self) -> u64 {
        self.frames_written
    }

    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    pub fn duration_ms(&self) -> u64 {
        self.frames_written * 1000 / u64::from(self.sample_rate.max(1))
    }

    pub fn partial_path(&self) -> &Path {
        &self.partial_path
    }

    /// Finalises the header and renames the file to `<stem>.wav`; returns the final path.
    pub fn finish(self) -> Result<PathBuf, WavStreamError> {
        let WavStream {
            writer,
            partial_path,
            final_path,
            ..
        } = self;
        writer.finalize().map_err(|source| WavStreamError::Write {
            path: partial_path.clone(),
            source,
        })?;
        fs::rename(&partial_path, &final_path).map_err(|source| WavStreamError::Rename {
            from: partial_path.clone(),
            to: final_path.clone(),
            source,
        })?;
        Ok(final_path)
    }

    /// Flushes and leaves the file as `.partial.wav`, to be offered for recovery next time.
    pub fn abandon(mut self) -> Result<PathBuf, WavStreamError> {
        self.flush()?;
        let path = self.partial_path.clone();
        // Dropping the writer would finalise the header; it is already current after the flush,
        // and the file keeps its partial name so the next start offers it.
        drop(self.writer);
        Ok(path)
    }
}

/// Unfinished recordings (`*.partial.wav`) in `dir`, oldest first. A missing folder has none.
pub fn unfinished_recordings(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(PARTIAL_SUFFIX))
        })
        .collect();
    found.sort();
    found
}

/// A recovered recording: its new path and its length.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub path: PathBuf,
    pub duration_ms: u64,
}

/// Repairs the header of an unfinished recording from its length on disk and renames it from
/// `<stem>.partial.wav` to `<stem>.wav`.
pub fn recover(partial: &Path) -> Result<Recovered, WavStreamError> {
    let repair_err = |reason: String| WavStreamError::Repair {
        path: partial.to_path_buf(),
        reason,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(partial)
        .map_err(|e| repair_err(e.to_string()))?;
    let file_len = file
        .metadata()
        .map_err(|e| repair_err(e.to_string()))?
        .len();
    let mut header = [0u8; 12];
    file.read_exact(&mut header)
        .map_err(|_| repair_err("the file is too short to be a WAV".into()))?;
    if &header[0..4] != b"RIFF" || &header[8..12] != b"WAVE" {
        return Err(repair_err("it is not a RIFF/WAVE file".into()));
    }
    // Walk the chunks up to `data`, remembering the block alignment from `fmt `.
    let mut pos = 12u64;
    let mut block_align = 0u64;
    let mut byte_rate = 0u64;
    let data_size_at = loop {
        let mut chunk = [0u8; 8];
        file.seek(SeekFrom::Start(pos))
            .map_err(|e| repair_err(e.to_string()))?;
        file.read_exact(&mut chunk)
            .map_err(|_| repair_err("no data chunk was found".into()))?;
        let size = u64::from(u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]));
        if &chunk[0..4] == b"fmt " {
            let mut fmt = [0u8; 16];
            file.read_exact(&mut fmt)
                .map_err(|_| repair_err("the format chunk is cut short".into()))?;
            byte_rate = u64::from(u32::from_le_bytes([fmt[8], fmt[9], fmt[10], fmt[11]]));
            block_align = u64::from(u16::from_le_bytes([fmt[12], fmt[13]]));
        }
        if &chunk[0..4] == b"data" {
            break pos + 4;
        }
        pos += 8 + size + (size & 1);
    };
    if block_align == 0 || byte_rate == 0 {
        return Err(repair_err("the format chunk is missing or empty".into()));
    }
    let data_start = data_size_at + 4;
    let available = file_len.saturating_sub(data_start);
    let data_len = available - available % block_align;
    let riff_len = data_start - 8 + data_len;
    let to_u32 = |v: u64| {
        u32::try_from(v)
            .map_err(|_| repair_err("the recording is larger than a WAV can hold".into()))
    };
    file.seek(SeekFrom::Start(4))
        .map_err(|e| repair_err(e.to_string()))?;
    file.write_all(&to_u32(riff_len)?.to_le_bytes())
        .map_err(|e| repair_err(e.to_string()))?;
    file.seek(SeekFrom::Start(data_size_at))
        .map_err(|e| repair_err(e.to_string()))?;
    file.write_all(&to_u32(data_len)?.to_le_bytes())
        .map_err(|e| repair_err(e.to_string()))?;
    file.set_len(data_start + data_len)
        .map_err(|e| repair_err(e.to_string()))?;
    file.sync_all().map_err(|e| repair_err(e.to_string()))?;
    drop(file);

    let name = partial
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let stem = name.strip_suffix(PARTIAL_SUFFIX).unwrap_or(name);
    let final_path = partial.with_file_name(format!("{stem}.wav"));
    fs::rename(partial, &final_path).map_err(|source| WavStreamError::Rename {
        from: partial.to_path_buf(),
        to: final_path.clone(),
        source,
    })?;
    Ok(Recovered {
        path: final_path,
        duration_ms: data_len * 1000 / byte_rate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(n: usize) -> Vec<f32> {
        (0..n).map(|i| 0.25 * (i as f32 * 0.1).sin()).collect()
    }

    #[test]
    fn finished_recording_is_renamed_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut stream = WavStream::create(dir.path(), "take", 8000).unwrap();
        stream.write(&tone(12_000)).unwrap();
        assert_eq!(stream.duration_ms(), 1500);
        let path = stream.finish().unwrap();
        assert_eq!(path, dir.path().join("take.wav"));
        assert!(unfinished_recordings(dir.path()).is_empty());
        let reader = hound::WavReader::open(&path).unwrap();
        assert_eq!(reader.spec().channels, 1);
        assert_eq!(reader.len(), 12_000);
    }

    #[test]
    fn killed_recording_keeps_what_was_flushed_and_recovers_even_the_tail() {
        let dir = tempfile::tempdir().unwrap();
        let mut stream = WavStream::create(dir.path(), "crash", 8000).unwrap();
        stream.write(&tone(8000)).unwrap(); // one second: flushed by the rule
        stream.write(&tone(4000)).unwrap(); // half a second more, not yet flushed
        // Simulate a kill: push the buffered bytes to the file but skip the header update.
        let partial = stream.partial_path().to_path_buf();
        let flushed = hound::WavReader::open(&partial).unwrap().len();
        assert_eq!(
            flushed, 8000,
            "the automatic flush made one second readable"
        );
        std::mem::forget(stream);

        assert_eq!(unfinished_recordings(dir.path()), vec![partial.clone()]);
        let recovered = recover(&partial).unwrap();
        assert_eq!(recovered.path, dir.path().join("crash.wav"));
        let reader = hound::WavReader::open(&recovered.path).unwrap();
        // Samples still in the BufWriter at the kill are lost; everything on disk comes back.
        assert!(reader.len() >= 8000, "recovered {} samples", reader.len());
        assert_eq!(recovered.duration_ms, u64::from(reader.len()) * 1000 / 8000);
        assert!(unfinished_recordings(dir.path()).is_empty());
    }

    #[test]
    fn recovery_extends_a_stale_header_to_the_bytes_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join(format!("stale{PARTIAL_SUFFIX}"));
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 1000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(&partial, spec).unwrap();
        for _ in 0..500 {
            writer.write_sample(1000i16).unwrap();
        }
        writer.finalize().unwrap();
        // Append 250 samples behind the header's back, plus one stray byte.
        let mut file = OpenOptions::new().append(true).open(&partial).unwrap();
        file.write_all(&vec![0u8; 501]).unwrap();
        drop(file);
        let recovered = recover(&partial).unwrap();
        assert_eq!(hound::WavReader::open(&recovered.path).unwrap().len(), 750);
        assert_eq!(recovered.duration_ms, 750);
    }

    #[test]
    fn recovery_refuses_a_file_that_is_not_a_wav_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join(format!("junk{PARTIAL_SUFFIX}"));
        fs::write(&partial, b"not a wav file at all").unwrap();
        let err = recover(&partial).unwrap_err();
        assert!(err.to_string().contains("not a RIFF/WAVE"), "{err}");
        assert!(partial.exists());
    }

    #[test]
    fn abandoned_recording_stays_partial_and_readable() {
        let dir = tempfile::tempdir().unwrap();
        let mut stream = WavStream::create(dir.path(), "closed", 8000).unwrap();
        stream.write(&tone(2000)).unwrap();
        let path = stream.abandon().unwrap();
        assert!(path.to_string_lossy().ends_with(PARTIAL_SUFFIX));
        assert_eq!(hound::WavReader::open(&path).unwrap().len(), 2000);
    }
}
