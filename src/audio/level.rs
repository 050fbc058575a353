//! Loudness of a block of samples for a calm level meter: RMS (how loud the voice is on
//! average) and peak (whether it clips), both in dBFS, mapped onto a 0..1 bar.
//!
//! Rule: the bar spans [`METER_FLOOR_DBFS`]..0 dBFS, linear in decibels, because loudness is
//! perceived roughly logarithmically; everything quieter than the floor shows as empty.

/// Quietest level the meter shows. Room noise on a laptop microphone sits around -60 dBFS and
/// speech at a normal distance around -30..-12 dBFS (common recording practice), so -60 dBFS
/// leaves speech in the upper half of the bar.
pub const METER_FLOOR_DBFS: f32 = -60.0;

/// Peak level at or above which a block counts as clipping (full scale, minus rounding of
/// 16-bit PCM).
pub const CLIP_PEAK: f32 = 0.999;

/// RMS and peak of one block, both linear in 0..=1 of full scale.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Level {
    pub rms: f32,
    pub peak: f32,
}

impl Level {
    /// Measures a block of mono samples in -1..=1. An empty block is silence.
    pub fn measure(samples: &[f32]) -> Level {
        if samples.is_empty() {
            return Level::default();
        }
        let mut sum_sq = 0.0f64;
        let mut peak = 0.0f32;
        for &s in samples {
            let s = if s.is_finite() { s } else { 0.0 };
            sum_sq += f64::from(s) * f64::from(s);
            peak = peak.max(s.abs());
        }
        let rms = (sum_sq / samples.len() as f64).sqrt() as f32;
        Level {
            rms: rms.min(1.0),
            peak: peak.min(1.0),
        }
    }

    /// The louder of two levels, used to merge blocks between two repaints.
    pub fn max(self, other: Level) -> Level {
        Level {
            rms: self.rms.max(other.rms),
            peak: self.peak.max(other.peak),
        }
    }

    pub fn rms_dbfs(self) -> f32 {
        to_dbfs(self.rms)
    }

    pub fn peak_dbfs(self) -> f32 {
        to_dbfs(self.peak)
    }

    pub fn is_clipping(self) -> bool {
        self.peak >= CLIP_PEAK
    }
}

/// Linear amplitude to dBFS; silence is clamped to the meter floor.
pub fn to_dbfs(amplitude: f32) -> f32 {
    if amplitude <= 0.0 || !amplitude.is_finite() {
        return METER_FLOOR_DBFS;
    }
    (20.0 * amplitude.log10()).max(METER_FLOOR_DBFS)
}

/// Fraction of the meter bar to fill for a level in dBFS.
pub fn meter_fraction(dbfs: f32) -> f32 {
    ((dbfs - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_measures_zero_and_shows_an_empty_bar() {
        let level = Level::measure(&[0.0; 480]);
        assert_eq!(level, Level::default());
        assert_eq!(meter_fraction(level.rms_dbfs()), 0.0);
    }

    #[test]
    fn full_scale_square_wave_has_rms_and_peak_of_one_and_clips() {
        let block: Vec<f32> = (0..100)
            .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let level = Level::measure(&block);
        assert!((level.rms - 1.0).abs() < 1e-6);
        assert!(level.is_clipping());
        assert_eq!(meter_fraction(level.rms_dbfs()), 1.0);
    }

    #[test]
    fn sine_at_half_scale_has_rms_of_peak_over_root_two() {
        let block: Vec<f32> = (0..4800).map(|i| 0.5 * (i as f32 * 0.05).sin()).collect();
        let level = Level::measure(&block);
        assert!((level.rms - 0.5 / 2f32.sqrt()).abs() < 0.01, "{level:?}");
        assert!((level.peak - 0.5).abs() < 0.01);
        assert!(!level.is_clipping());
    }

    #[test]
    fn minus_thirty_dbfs_fills_half_the_bar() {
        assert!((meter_fraction(-30.0) - 0.5).abs() < 1e-6);
        assert!((to_dbfs(0.1) + 20.0).abs() < 1e-4);
    }

    #[test]
    fn nan_samples_do_not_poison_the_meter() {
        let level = Level::measure(&[f32::NAN, 0.5]);
        assert!(level.rms.is_finite());
        assert_eq!(level.peak, 0.5);
    }
}
