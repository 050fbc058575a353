//! The last check before audio reaches whisper.cpp.
//!
//! Rule: whisper.cpp must never see a NaN, an infinity or a sample far outside -1..1 (a NaN
//! crashes its DTW timestamp code; a huge value overflows the mel spectrogram into NaN). The
//! readers at the boundary already refuse such files with a clear message
//! ([`crate::audio::wav_parse`]); this guard covers every other path (the microphone, a future
//! source) by replacing a non-finite sample with silence and clipping the rest to -1..1. Clean
//! audio is passed through without a copy.

use std::borrow::Cow;

/// `samples` made safe for whisper.cpp: borrowed when already clean.
pub fn for_whisper(samples: &[f32]) -> Cow<'_, [f32]> {
    let clean = |v: f32| v.is_finite() && (-1.0..=1.0).contains(&v);
    if samples.iter().all(|&v| clean(v)) {
        return Cow::Borrowed(samples);
    }
    Cow::Owned(
        samples
            .iter()
            .map(|&v| {
                if v.is_finite() {
                    v.clamp(-1.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_audio_is_not_copied_and_bad_samples_are_neutralised() {
        let clean = [0.0f32, 0.5, -1.0];
        assert!(matches!(for_whisper(&clean), Cow::Borrowed(_)));
        let bad = [f32::NAN, f32::INFINITY, 3.0, -1e30, 0.25];
        assert_eq!(&*for_whisper(&bad), &[0.0, 0.0, 1.0, -1.0, 0.25]);
    }
}
