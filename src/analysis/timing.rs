//! Timing: length against the target band, speaking and articulation rate, pauses, and the
//! time spent on each story element.
//!
//! Rules: the answer's duration is the speaking time from the first word's start to the last
//! word's end, so silence before and after does not count. The speaking rate is words over
//! that time; the articulation rate is words over that time minus the pauses (docs/sources.md
//! "Pace": report both). Typed text has no times: its duration is estimated at a pace taken,
//! in this order, from the prompt's own word target (the middle of its word band over the
//! middle of its time band: a 75-100 word, 25-35 s pitch implies 175 WPM), from the user's
//! measured pace (the median of their last [`RECENT_ATTEMPTS`] recorded attempts), or
//! [`ESTIMATED_WPM`]; the feedback says which. Every measured field is null. An element's time
//! is the span of the words of the sentences that carry it.

use super::pauses::{self, Pause};
use super::{AnswerContext, LengthCheck, TimingFeedback};
use crate::domain::Element;
use crate::transcript::Transcript;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The pace band in words per minute: a sustained speaking rate below its lower end is
/// flagged slow, above its upper end fast (docs/sources.md, "Pace": flag under 110 or over
/// 180-190). Scores, the feedback screen and the history comparison all use this one band.
pub const PACE_BAND_WPM: (f64, f64) = (110.0, 185.0);

/// Pace used to estimate the length of typed text when neither the prompt nor the user's
/// recordings give one: the top of the presentation band (130-160 WPM, docs/sources.md
/// "Pace"), which is also what the prompts' own word targets imply (150-200 words a minute for
/// a 60 s pitch, docs/sources.md "Length").
pub const ESTIMATED_WPM: f64 = 160.0;
/// The user's pace is the median of this many most recent recorded attempts.
pub const RECENT_ATTEMPTS: usize = 5;

/// Where the pace used for typed text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceSource {
    /// Implied by the prompt's word and time targets.
    PromptWords,
    /// The median of the user's recent recorded attempts.
    YourPace,
    /// [`ESTIMATED_WPM`].
    Default,
}

impl PaceSource {
    pub fn describe(self) -> &'static str {
        match self {
            PaceSource::PromptWords => "the pace implied by the prompt's word target",
            PaceSource::YourPace => "your measured pace (median of your recent recordings)",
            PaceSource::Default => "a typical presentation pace",
        }
    }
}

/// The pace used to time typed text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TypedPace {
    pub wpm: f64,
    pub source: PaceSource,
}

/// The pace for typed text (see the module rule).
pub fn typed_pace(ctx: &AnswerContext) -> TypedPace {
    if let (Some((wlo, whi)), Some((slo, shi))) = (ctx.target_words, ctx.target_seconds)
        && wlo > 0
        && slo > 0
    {
        let words = f64::from(wlo + whi) / 2.0;
        let seconds = f64::from(slo + shi) / 2.0;
        return TypedPace {
            wpm: (words / seconds * 60.0).round(),
            source: PaceSource::PromptWords,
        };
    }
    if let Some(wpm) = ctx.user_wpm.filter(|w| w.is_finite() && *w > 0.0) {
        return TypedPace {
            wpm: wpm.round(),
            source: PaceSource::YourPace,
        };
    }
    TypedPace {
        wpm: ESTIMATED_WPM,
        source: PaceSource::Default,
    }
}

/// The median of the most recent paces (newest first), over at most [`RECENT_ATTEMPTS`].
pub fn median_recent_pace(newest_first: &[f64]) -> Option<f64> {
    let mut recent: Vec<f64> = newest_first
        .iter()
        .copied()
        .filter(|w| w.is_finite() && *w > 0.0)
        .take(RECENT_ATTEMPTS)
        .collect();
    if recent.is_empty() {
        return None;
    }
    recent.sort_by(f64::total_cmp);
    let n = recent.len();
    Some(if n % 2 == 1 {
        recent[n / 2]
    } else {
        (recent[n / 2 - 1] + recent[n / 2]) / 2.0
    })
}
/// Shorter than this fraction of the band's lower end is terse (the seed asks for "no short,
/// terse direct answers"; half the minimum is clearly short of a story).
pub const TERSE_FRACTION: f64 = 0.5;
/// Longer than this multiple of the band's upper end is rambling.
pub const RAMBLING_FRACTION: f64 = 1.5;

pub fn measure(
    transcript: &Transcript,
    word_count: usize,
    audio_pauses: Option<&[Pause]>,
    ctx: &AnswerContext,
    unit_chars: &[(usize, usize)],
    element_units: &BTreeMap<Element, Vec<usize>>,
) -> TimingFeedback {
    let target_ms = ctx
        .target_seconds
        .map(|(a, b)| (u64::from(a) * 1000, u64::from(b) * 1000));
    let words: Vec<_> = transcript.words().collect();
    let timed_words = transcript.timed && words.iter().any(|w| w.end_ms > 0);
    let duration_ms = if !transcript.timed {
        None
    } else if timed_words {
        let first = words.iter().map(|w| w.start_ms).min().unwrap_or(0);
        let last = words.iter().map(|w| w.end_ms).max().unwrap_or(0);
        Some(last.saturating_sub(first))
    } else {
        Some(transcript.duration_ms)
    };
    let pace = (!transcript.timed).then(|| typed_pace(ctx));
    let estimated_duration_ms = duration_ms.unwrap_or_else(|| {
        let wpm = pace.map_or(ESTIMATED_WPM, |p| p.wpm);
        (word_count as f64 / wpm * 60_000.0).round() as u64
    });

    let pause_list: Vec<Pause> = match audio_pauses {
        Some(p) => p.to_vec(),
        None if timed_words => pauses::pauses_from_word_gaps(transcript),
        None => Vec::new(),
    };
    let placed = if transcript.timed {
        pauses::place(transcript, &pause_list)
    } else {
        Vec::new()
    };
    let long_pauses = placed.iter().filter(|p| p.long).count();

    let (wpm, articulation_wpm) = match duration_ms {
        Some(ms) if ms > 0 && word_count > 0 => {
            let paused: u64 = placed.iter().map(|p| p.duration_ms).sum();
            let speaking = ms.saturating_sub(paused).max(1);
            (
                Some(per_minute(word_count, ms)),
                Some(per_minute(word_count, speaking)),
            )
        }
        _ => (None, None),
    };

    let mut element_ms = BTreeMap::new();
    if timed_words {
        for (element, units) in element_units {
            let ms: u64 = units
                .iter()
                .filter_map(|&u| unit_chars.get(u))
                .map(|&(a, b)| {
                    let inside: Vec<_> = words
                        .iter()
                        .filter(|w| w.start_char >= a && w.start_char < b)
                        .collect();
                    match (inside.first(), inside.last()) {
                        (Some(f), Some(l)) => l.end_ms.saturating_sub(f.start_ms),
                        _ => 0,
                    }
                })
                .sum();
            element_ms.insert(*element, ms);
        }
    }

    let length = match target_ms {
        None => LengthCheck::NoTarget,
        Some(_) if word_count == 0 => LengthCheck::TooShort,
        Some((lo, _)) if estimated_duration_ms < lo => LengthCheck::TooShort,
        Some((_, hi)) if estimated_duration_ms > hi => LengthCheck::TooLong,
        Some(_) => LengthCheck::WithinBand,
    };

    TimingFeedback {
        timed: transcript.timed,
        duration_ms,
        estimated_duration_ms,
        target_ms,
        length,
        wpm,
        articulation_wpm,
        pauses: placed,
        long_pauses,
        element_ms,
        pace,
    }
}

fn per_minute(count: usize, ms: u64) -> f64 {
    (count as f64 * 60_000.0 / ms as f64 * 10.0).round() / 10.0
}

pub fn is_terse(t: &TimingFeedback) -> bool {
    t.target_ms
        .is_some_and(|(lo, _)| (t.estimated_duration_ms as f64) < lo as f64 * TERSE_FRACTION)
}

pub fn is_rambling(t: &TimingFeedback) -> bool {
    t.target_ms
        .is_some_and(|(_, hi)| (t.estimated_duration_ms as f64) > hi as f64 * RAMBLING_FRACTION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PromptKind;
    use crate::transcript::{Segment, Word};

    fn timed(words: &[(&str, u64, u64)]) -> Transcript {
        let text = words.iter().map(|w| w.0).collect::<Vec<_>>().join(" ");
        let words = words
            .iter()
            .map(|&(t, s, e)| Word {
                text: t.into(),
                start_ms: s,
                end_ms: e,
                p: 0.9,
                start_char: 0,
                end_char: 0,
            })
            .collect();
        Transcript::from_segments(
            "t",
            20_000,
            vec![Segment {
                start_ms: 0,
                end_ms: 20_000,
                text,
                words,
            }],
        )
    }

    #[test]
    fn duration_ignores_silence_before_the_first_and_after_the_last_word() {
        let t = timed(&[("We", 2000, 2500), ("won.", 2500, 3000)]);
        let ctx = AnswerContext::for_kind(PromptKind::Pitch);
        let m = measure(&t, 2, None, &ctx, &[], &BTreeMap::new());
        assert_eq!(m.duration_ms, Some(1000));
        assert_eq!(m.wpm, Some(120.0));
        assert_eq!(m.length, LengthCheck::TooShort);
    }

    #[test]
    fn articulation_rate_excludes_pauses() {
        let t = timed(&[
            ("one", 0, 1000),
            ("two", 1000, 2000),
            ("three,", 2000, 3000),
            ("four", 5000, 6000),
        ]);
        let ctx = AnswerContext::for_kind(PromptKind::Pitch);
        let m = measure(&t, 4, None, &ctx, &[], &BTreeMap::new());
        assert_eq!(m.wpm, Some(40.0));
        assert_eq!(m.articulation_wpm, Some(60.0));
        assert_eq!(m.pauses.len(), 1);
    }

    #[test]
    fn typed_pitches_are_timed_at_the_pace_their_word_target_implies() {
        let mut ctx = AnswerContext::for_kind(PromptKind::Pitch);
        ctx.target_seconds = Some((25, 35));
        ctx.target_words = Some((75, 100));
        let t = Transcript::from_text(&"word ".repeat(84));
        let m = measure(&t, 84, None, &ctx, &[], &BTreeMap::new());
        assert_eq!(m.pace.map(|p| p.source), Some(PaceSource::PromptWords));
        assert_eq!(m.length, LengthCheck::WithinBand, "{m:?}");
        ctx.target_seconds = Some((50, 65));
        ctx.target_words = Some((150, 200));
        let t = Transcript::from_text(&"word ".repeat(185));
        let m = measure(&t, 185, None, &ctx, &[], &BTreeMap::new());
        assert_eq!(m.length, LengthCheck::WithinBand, "{m:?}");
    }

    #[test]
    fn the_users_own_pace_is_used_when_the_prompt_has_no_word_target() {
        let mut ctx = AnswerContext::for_kind(PromptKind::Behavioral);
        ctx.user_wpm = median_recent_pace(&[120.0, 200.0, 130.0, 125.0, 500.0, 10.0]);
        assert_eq!(ctx.user_wpm, Some(130.0));
        let t = Transcript::from_text(&"word ".repeat(130));
        let m = measure(&t, 130, None, &ctx, &[], &BTreeMap::new());
        assert_eq!(m.pace.map(|p| p.source), Some(PaceSource::YourPace));
        assert_eq!(m.estimated_duration_ms, 60_000);
    }

    #[test]
    fn typed_text_has_null_timing_and_an_estimate() {
        let t = Transcript::from_text(&"word ".repeat(160));
        let ctx = AnswerContext::for_kind(PromptKind::Behavioral);
        let m = measure(&t, 160, None, &ctx, &[], &BTreeMap::new());
        assert_eq!(m.pace.map(|p| p.source), Some(PaceSource::Default));
        assert_eq!(m.duration_ms, None);
        assert_eq!(m.wpm, None);
        assert_eq!(m.estimated_duration_ms, 60_000);
        assert_eq!(m.length, LengthCheck::WithinBand);
    }
}
