//! The decisions taken while recording, as pure functions so they can be tested without a
//! device: when to stop by itself (length cap, lost device), when to flush the WAV to disk,
//! where the elapsed time sits against the target band, and when to warn about silence.
//!
//! Rules come from the recording issue: a hard cap of 10 minutes by default, a flush at least
//! every second so a crash loses at most about a second, and a device lost mid-recording keeps
//! what was recorded. Target bands come from docs/sources.md.

use std::time::Duration;

/// Longest recording before it stops by itself (product requirement: "10 minutes by default"). The longest
/// answer the coaching norms expect is a 2-minute story, so 10 minutes only stops a forgotten
/// recording.
pub const DEFAULT_MAX_RECORDING: Duration = Duration::from_secs(10 * 60);

/// How often the WAV header and data are flushed to disk (product requirement: "flushed at least every
/// second, so a crash or kill loses at most about a second").
pub const FLUSH_INTERVAL: Duration = Duration::from_secs(1);

/// How long the input may stay below [`SILENCE_WARNING_DBFS`] before the UI says it hears
/// nothing. The first callback can arrive up to 2 s after start (docs/sources.md), so the wait
/// is longer than that.
pub const SILENCE_WARNING_AFTER: Duration = Duration::from_secs(4);

/// Peak level under which a block counts as "nothing heard": below the noise floor of a
/// typical laptop microphone (about -60 dBFS).
pub const SILENCE_WARNING_DBFS: f32 = -65.0;

/// Why a recording ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StopReason {
    /// The user pressed stop.
    Requested,
    /// The length cap was reached.
    CapReached { cap_seconds: u64 },
    /// The input device failed or disappeared; what was recorded before is kept.
    DeviceLost { reason: String },
    /// The app was closed while recording; the file stays for recovery.
    Shutdown,
}

impl StopReason {
    /// A sentence for the user, or `None` when the stop needs no explanation.
    pub fn notice(&self) -> Option<String> {
        match self {
            StopReason::Requested => None,
            StopReason::CapReached { cap_seconds } => Some(format!(
                "Recording stopped by itself at the {} limit.",
                format_clock(*cap_seconds * 1000)
            )),
            StopReason::DeviceLost { reason } => Some(format!(
                "The microphone stopped working ({reason}). Everything recorded before that was kept."
            )),
            StopReason::Shutdown => Some("The app was closed while recording.".to_string()),
        }
    }
}

/// How many frames at `sample_rate` make up `duration`.
pub fn frames_for(duration: Duration, sample_rate: u32) -> u64 {
    (duration.as_secs_f64() * f64::from(sample_rate)).round() as u64
}

/// How many frames of an incoming block may still be written before the cap. Returns the
/// number to keep and whether the cap is now reached.
pub fn frames_within_cap(written: u64, incoming: usize, cap_frames: u64) -> (usize, bool) {
    let room = cap_frames.saturating_sub(written);
    let keep = (incoming as u64).min(room) as usize;
    (keep, written + keep as u64 >= cap_frames)
}

/// Whether the WAV should be flushed now, given frames written since the last flush.
pub fn flush_due(frames_since_flush: u64, sample_rate: u32) -> bool {
    frames_since_flush >= frames_for(FLUSH_INTERVAL, sample_rate).max(1)
}

/// Where an elapsed time sits against a target band in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandPosition {
    Under,
    InBand,
    Over,
}

pub fn band_position(elapsed_ms: u64, band_seconds: (u32, u32)) -> BandPosition {
    let (low, high) = band_seconds;
    if elapsed_ms < u64::from(low) * 1000 {
        BandPosition::Under
    } else if elapsed_ms <= u64::from(high) * 1000 {
        BandPosition::InBand
    } else {
        BandPosition::Over
    }
}

/// Tracks how long the input has been silent, to warn about a muted or wrong microphone.
#[derive(Debug, Clone, Default)]
pub struct SilenceWatch {
    silent_ms: u64,
}

impl SilenceWatch {
    /// Feeds one block (its linear peak, 0..=1, and its length) and says whether to warn now.
    pub fn observe(&mut self, peak: f32, block_ms: u64) -> bool {
        // Compared in linear amplitude: digital silence (0.0) has no finite dBFS value.
        if peak < 10f32.powf(SILENCE_WARNING_DBFS / 20.0) {
            self.silent_ms += block_ms;
        } else {
            self.silent_ms = 0;
        }
        self.silent_ms >= SILENCE_WARNING_AFTER.as_millis() as u64
    }
}

/// `m:ss` for a number of milliseconds.
pub fn format_clock(ms: u64) -> String {
    let seconds = ms / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_truncates_the_block_that_crosses_it() {
        let cap = frames_for(Duration::from_secs(1), 1000);
        assert_eq!(frames_within_cap(900, 200, cap), (100, true));
        assert_eq!(frames_within_cap(0, 200, cap), (200, false));
        assert_eq!(frames_within_cap(1000, 50, cap), (0, true));
    }

    #[test]
    fn default_cap_is_ten_minutes_of_frames() {
        assert_eq!(frames_for(DEFAULT_MAX_RECORDING, 48_000), 600 * 48_000);
    }

    #[test]
    fn flush_happens_once_a_second_of_audio_is_pending() {
        assert!(!flush_due(47_999, 48_000));
        assert!(flush_due(48_000, 48_000));
    }

    #[test]
    fn band_edges_count_as_in_band() {
        assert_eq!(band_position(29_999, (30, 60)), BandPosition::Under);
        assert_eq!(band_position(30_000, (30, 60)), BandPosition::InBand);
        assert_eq!(band_position(60_000, (30, 60)), BandPosition::InBand);
        assert_eq!(band_position(60_001, (30, 60)), BandPosition::Over);
    }

    #[test]
    fn silence_warning_needs_four_quiet_seconds_in_a_row() {
        let mut watch = SilenceWatch::default();
        for _ in 0..39 {
            assert!(
                !watch.observe(0.0, 100),
                "digital silence counts as silence"
            );
        }
        assert!(
            !watch.observe(0.1, 100),
            "speech (-20 dBFS) resets the count"
        );
        for _ in 0..39 {
            assert!(!watch.observe(0.0001, 100), "-80 dBFS is silence");
        }
        assert!(watch.observe(0.0, 100));
    }

    #[test]
    fn device_loss_notice_says_the_audio_was_kept() {
        let notice = StopReason::DeviceLost {
            reason: "unplugged".into(),
        }
        .notice()
        .unwrap();
        assert!(notice.contains("kept"));
        assert_eq!(StopReason::Requested.notice(), None);
        assert!(
            StopReason::CapReached { cap_seconds: 600 }
                .notice()
                .unwrap()
                .contains("10:00")
        );
    }

    #[test]
    fn clock_formats_minutes_and_seconds() {
        assert_eq!(format_clock(0), "0:00");
        assert_eq!(format_clock(61_500), "1:01");
    }
}
