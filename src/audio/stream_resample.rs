//! Converts mono audio to 16 kHz block by block, as it is recorded, for live transcription.
//!
//! Rule: the same synchronous FFT resampler from `rubato` 5 as [`super::resample`], fed in its
//! fixed input size; the resampler's start-up delay is dropped from the front and, at the end,
//! the last partial block is padded with silence and the output cut to
//! `ceil(input * 16000 / rate)` samples, so a whole recording pushed through it has the length
//! and timing of [`super::resample::resample_mono`]. 16 kHz input passes through untouched.
//! Sources: rubato 5 `Resampler::process_into_buffer` (`partial_len`), `output_delay`.

use super::resample::{ResampleError, WHISPER_SAMPLE_RATE};
use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

/// Frames per FFT block, as the whole-file resampler.
const BLOCK_FRAMES: usize = 1024;

/// A resampler that keeps its state between blocks.
pub struct StreamResampler {
    rate: u32,
    inner: Option<Fft<f32>>,
    pending: Vec<f32>,
    delay_left: usize,
    consumed: u64,
    produced: u64,
}

impl std::fmt::Debug for StreamResampler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamResampler")
            .field("rate", &self.rate)
            .field("consumed", &self.consumed)
            .field("produced", &self.produced)
            .finish()
    }
}

impl StreamResampler {
    /// A resampler from `rate` to 16 kHz.
    pub fn new(rate: u32) -> Result<Self, ResampleError> {
        if rate == 0 {
            return Err(ResampleError::ZeroRate);
        }
        let inner = if rate == WHISPER_SAMPLE_RATE {
            None
        } else {
            Some(
                Fft::<f32>::new(
                    rate as usize,
                    WHISPER_SAMPLE_RATE as usize,
                    BLOCK_FRAMES,
                    1,
                    FixedSync::Input,
                )
                .map_err(|e| ResampleError::Resampler {
                    rate,
                    reason: e.to_string(),
                })?,
            )
        };
        let delay_left = inner.as_ref().map_or(0, Resampler::output_delay);
        Ok(StreamResampler {
            rate,
            inner,
            pending: Vec::new(),
            delay_left,
            consumed: 0,
            produced: 0,
        })
    }

    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Output length the whole input so far will have once finished.
    fn expected_total(&self) -> u64 {
        (self.consumed * u64::from(WHISPER_SAMPLE_RATE)).div_ceil(u64::from(self.rate))
    }

    /// Feeds mono samples at the input rate; returns the 16 kHz samples now ready.
    pub fn push(&mut self, samples: &[f32]) -> Result<Vec<f32>, ResampleError> {
        self.consumed += samples.len() as u64;
        let Some(inner) = self.inner.as_mut() else {
            self.produced += samples.len() as u64;
            return Ok(samples.to_vec());
        };
        self.pending.extend_from_slice(samples);
        let mut out = Vec::new();
        let mut used = 0;
        while self.pending.len() - used >= inner.input_frames_next() {
            let need = inner.input_frames_next();
            let block = run(inner, &self.pending[used..used + need], None, self.rate)?;
            used += need;
            append(&mut out, block, &mut self.delay_left);
        }
        self.pending.drain(..used);
        self.produced += out.len() as u64;
        Ok(out)
    }

    /// Ends the input; returns the remaining 16 kHz samples.
    pub fn finish(mut self) -> Result<Vec<f32>, ResampleError> {
        let expected = self.expected_total();
        let Some(inner) = self.inner.as_mut() else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        let mut remaining = expected.saturating_sub(self.produced);
        let mut pending = std::mem::take(&mut self.pending);
        // Feed the partial block, then silence, until the delayed output has all come out.
        while remaining > 0 {
            let need = inner.input_frames_next();
            let partial = pending.len().min(need);
            let mut block = std::mem::take(&mut pending);
            block.resize(need, 0.0);
            let indexing = Indexing::new().partial_len(partial);
            let produced = run(inner, &block, Some(&indexing), self.rate)?;
            let before = out.len();
            append(&mut out, produced, &mut self.delay_left);
            remaining = remaining.saturating_sub((out.len() - before) as u64);
        }
        out.truncate((expected - self.produced) as usize);
        Ok(out)
    }
}

fn run(
    inner: &mut Fft<f32>,
    block: &[f32],
    indexing: Option<&Indexing>,
    rate: u32,
) -> Result<Vec<f32>, ResampleError> {
    let fail = |reason: String| ResampleError::Resampler { rate, reason };
    let input = InterleavedSlice::new(block, 1, block.len()).map_err(|e| fail(e.to_string()))?;
    let output = inner
        .process(&input, indexing)
        .map_err(|e| fail(e.to_string()))?;
    Ok(output.take_data())
}

fn append(out: &mut Vec<f32>, block: Vec<f32>, delay_left: &mut usize) {
    let skip = (*delay_left).min(block.len());
    *delay_left -= skip;
    out.extend_from_slice(&block[skip..]);
}

#[cfg(test)]
mod tests {
    use super::super::resample::resample_mono;
    use super::*;

    fn speechy(rate: u32, seconds: f32) -> Vec<f32> {
        let n = (rate as f32 * seconds) as usize;
        (0..n)
            .map(|i| {
                let t = i as f32 / rate as f32;
                0.3 * (t * 220.0 * std::f32::consts::TAU).sin() * (t * 3.0).sin().abs()
            })
            .collect()
    }

    #[test]
    fn block_by_block_matches_the_whole_file_resampler() {
        for rate in [44_100u32, 48_000, 22_050, 16_000] {
            let x = speechy(rate, 2.3);
            let whole = resample_mono(&x, rate, WHISPER_SAMPLE_RATE).unwrap();
            let mut stream = StreamResampler::new(rate).unwrap();
            let mut live = Vec::new();
            for block in x.chunks(rate as usize / 50 + 7) {
                live.extend(stream.push(block).unwrap());
            }
            live.extend(stream.finish().unwrap());
            assert_eq!(live.len(), whole.len(), "length at {rate} Hz");
            let worst = live
                .iter()
                .zip(&whole)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0f32, f32::max);
            assert!(worst < 1e-3, "difference {worst} at {rate} Hz");
        }
    }

    #[test]
    fn zero_rate_is_an_error() {
        assert!(matches!(
            StreamResampler::new(0),
            Err(ResampleError::ZeroRate)
        ));
    }
}
