//! Turns audio of any channel count and sample rate into what Whisper needs: 16 kHz mono f32.
//!
//! Rule: channels are averaged into one (a plain downmix, so a one-sided stereo recording keeps
//! half its level rather than being lost), then a synchronous FFT resampler from `rubato` 5
//! converts the rate; 16 kHz input is passed through untouched. The resampler's start-up delay
//! is trimmed, so a sound at time t in the input is at time t in the output. Sources: Whisper's
//! input format (16 kHz mono, see docs/sources.md); rubato 5 `Fft` + `process_all`.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{
    Async, Fft, FixedAsync, FixedSync, Resampler, SincInterpolationParameters,
    SincInterpolationType, WindowFunction,
};

/// The sample rate Whisper was trained on; every model input must be at this rate.
pub const WHISPER_SAMPLE_RATE: u32 = 16_000;

/// Frames per FFT chunk: rubato's documented default size; large enough for an efficient FFT,
/// small enough that short clips are not padded much.
const RESAMPLE_CHUNK_FRAMES: usize = 1024;

/// Why audio could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum ResampleError {
    #[error("audio has no channels")]
    NoChannels,
    #[error("audio has a sample rate of 0 Hz")]
    ZeroRate,
    #[error(
        "audio data is not a whole number of frames: {samples} samples for {channels} channels"
    )]
    RaggedFrames { samples: usize, channels: u16 },
    #[error("resampling from {rate} Hz failed: {reason}")]
    Resampler { rate: u32, reason: String },
}

/// Averages interleaved channels into one mono signal.
pub fn downmix(interleaved: &[f32], channels: u16) -> Result<Vec<f32>, ResampleError> {
    let n = usize::from(channels);
    if n == 0 {
        return Err(ResampleError::NoChannels);
    }
    if !interleaved.len().is_multiple_of(n) {
        return Err(ResampleError::RaggedFrames {
            samples: interleaved.len(),
            channels,
        });
    }
    if n == 1 {
        return Ok(interleaved.to_vec());
    }
    let scale = 1.0 / n as f32;
    Ok(interleaved
        .chunks_exact(n)
        .map(|frame| frame.iter().sum::<f32>() * scale)
        .collect())
}

/// Resamples a mono signal from `rate` to `target_rate`, trimming the resampler delay so the
/// output has `ceil(len * target / rate)` samples aligned with the input.
pub fn resample_mono(mono: &[f32], rate: u32, target_rate: u32) -> Result<Vec<f32>, ResampleError> {
    if rate == 0 || target_rate == 0 {
        return Err(ResampleError::ZeroRate);
    }
    if rate == target_rate || mono.is_empty() {
        return Ok(mono.to_vec());
    }
    if fft_block(rate, target_rate) > MAX_FFT_BLOCK {
        return resample_mono_sinc(mono, rate, target_rate);
    }
    let fail = |reason: String| ResampleError::Resampler { rate, reason };
    let mut resampler = Fft::<f32>::new(
        rate as usize,
        target_rate as usize,
        RESAMPLE_CHUNK_FRAMES,
        1,
        FixedSync::Input,
    )
    .map_err(|e| fail(e.to_string()))?;
    let input = InterleavedSlice::new(mono, 1, mono.len()).map_err(|e| fail(e.to_string()))?;
    let output = resampler
        .process_all(&input, mono.len(), None)
        .map_err(|e| fail(e.to_string()))?;
    Ok(output.take_data())
}

/// Longest FFT block (input frames) the synchronous resampler may use. Its block is the input
/// rate divided by the greatest common divisor of the two rates: 441 frames for 44.1 kHz, but
/// the whole rate for one like 383,999 Hz, whose set-up and transforms then took seconds for a
/// 2 kB file. Such rates go through a sinc interpolator instead, whose cost does not depend on
/// the ratio.
const MAX_FFT_BLOCK: u32 = 8192;

fn fft_block(rate: u32, target_rate: u32) -> u32 {
    let (mut a, mut b) = (rate, target_rate);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    rate / a.max(1)
}

/// Resampling for rates with no small common block: windowed-sinc interpolation (rubato's
/// `Async`, 128 taps, automatic anti-aliasing cut-off), with the same delay trimming.
fn resample_mono_sinc(
    mono: &[f32],
    rate: u32,
    target_rate: u32,
) -> Result<Vec<f32>, ResampleError> {
    let fail = |reason: String| ResampleError::Resampler { rate, reason };
    let params = SincInterpolationParameters {
        sinc_len: 128,
        f_cutoff: None,
        oversampling_factor: 128,
        interpolation: SincInterpolationType::Linear,
        window: WindowFunction::BlackmanHarris2,
    };
    let mut resampler = Async::<f32>::new_sinc(
        f64::from(target_rate) / f64::from(rate),
        1.0,
        &params,
        RESAMPLE_CHUNK_FRAMES,
        1,
        FixedAsync::Input,
    )
    .map_err(|e| fail(e.to_string()))?;
    let input = InterleavedSlice::new(mono, 1, mono.len()).map_err(|e| fail(e.to_string()))?;
    let output = resampler
        .process_all(&input, mono.len(), None)
        .map_err(|e| fail(e.to_string()))?;
    Ok(output.take_data())
}

/// Interleaved samples with any channel count and rate -> 16 kHz mono (the capture worker and
/// the WAV decoder both use this).
pub fn to_mono_16k(
    interleaved: &[f32],
    channels: u16,
    rate: u32,
) -> Result<Vec<f32>, ResampleError> {
    let mono = downmix(interleaved, channels)?;
    resample_mono(&mono, rate, WHISPER_SAMPLE_RATE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq: f32, rate: u32, seconds: f32) -> Vec<f32> {
        let n = (rate as f32 * seconds) as usize;
        (0..n)
            .map(|i| (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin())
            .collect()
    }

    /// Frequency estimate from zero crossings (rising), over the middle of the signal.
    fn zero_crossing_freq(x: &[f32], rate: u32) -> f32 {
        let mid = &x[x.len() / 4..3 * x.len() / 4];
        let rising = mid.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
        rising as f32 * rate as f32 / mid.len() as f32
    }

    #[test]
    fn downmix_averages_channels() {
        let stereo = [1.0, 0.0, 0.5, 0.5, -1.0, 1.0];
        assert_eq!(downmix(&stereo, 2).unwrap(), vec![0.5, 0.5, 0.0]);
        assert!(matches!(
            downmix(&stereo, 4),
            Err(ResampleError::RaggedFrames { .. })
        ));
        assert!(matches!(
            downmix(&stereo, 0),
            Err(ResampleError::NoChannels)
        ));
    }

    #[test]
    fn sixteen_khz_mono_passes_through_unchanged() {
        let x = sine(440.0, 16_000, 0.1);
        assert_eq!(to_mono_16k(&x, 1, 16_000).unwrap(), x);
    }

    #[test]
    fn resampling_keeps_length_pitch_and_timing() {
        for rate in [8_000u32, 22_050, 44_100, 48_000] {
            let x = sine(440.0, rate, 2.0);
            let y = to_mono_16k(&x, 1, rate).unwrap();
            let expected = (x.len() as f64 * 16_000.0 / rate as f64).ceil() as usize;
            assert_eq!(y.len(), expected, "length at {rate} Hz");
            let f = zero_crossing_freq(&y, 16_000);
            assert!(
                (f - 440.0).abs() < 3.0,
                "pitch {f} Hz after resampling from {rate} Hz"
            );
            let rms = (y[y.len() / 4..3 * y.len() / 4]
                .iter()
                .map(|v| v * v)
                .sum::<f32>()
                / (y.len() / 2) as f32)
                .sqrt();
            assert!(
                (rms - std::f32::consts::FRAC_1_SQRT_2).abs() < 0.02,
                "level {rms} at {rate} Hz"
            );
        }
    }

    #[test]
    fn a_rate_with_no_common_block_is_resampled_quickly_and_correctly() {
        // 383,999 Hz shares no factor with 16 kHz: the FFT resampler would need a block of
        // the whole rate (seconds of set-up); the sinc path keeps length, pitch and timing.
        let rate = 383_999;
        assert!(fft_block(rate, 16_000) > MAX_FFT_BLOCK);
        assert_eq!(fft_block(44_100, 16_000), 441);
        let started = std::time::Instant::now();
        let x = sine(440.0, rate, 1.0);
        let y = to_mono_16k(&x, 1, rate).unwrap();
        assert!(
            started.elapsed().as_secs_f32() < 5.0,
            "{:?}",
            started.elapsed()
        );
        let expected = (x.len() as f64 * 16_000.0 / f64::from(rate)).ceil() as usize;
        assert!(
            (y.len() as i64 - expected as i64).abs() <= 1,
            "{} vs {expected}",
            y.len()
        );
        let f = zero_crossing_freq(&y, 16_000);
        assert!((f - 440.0).abs() < 3.0, "pitch {f}");
    }

    #[test]
    fn resampling_does_not_shift_a_click() {
        // A single click at 0.5 s must stay at 0.5 s (the resampler delay is trimmed).
        let rate = 48_000;
        let mut x = vec![0.0f32; rate as usize];
        x[rate as usize / 2] = 1.0;
        let y = to_mono_16k(&x, 1, rate).unwrap();
        let peak = y
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .map(|(i, _)| i)
            .unwrap();
        assert!(
            (peak as i64 - 8_000).abs() <= 2,
            "click moved to sample {peak}"
        );
    }

    #[test]
    fn high_frequencies_above_8_khz_are_filtered_out() {
        // 11 kHz cannot exist at 16 kHz; it must not alias down into the speech band.
        let y = to_mono_16k(&sine(11_000.0, 48_000, 1.0), 1, 48_000).unwrap();
        let rms = (y.iter().map(|v| v * v).sum::<f32>() / y.len() as f32).sqrt();
        assert!(rms < 0.01, "aliasing energy {rms}");
    }
}
