//! Pauses: silences measured from the audio, then placed between the words around them.
//!
//! Rules: the 16 kHz signal is cut into [`FRAME_MS`] frames and each frame's energy (RMS, in
//! dB) is compared with a threshold that adapts to the recording: a fraction
//! ([`THRESHOLD_FRACTION`]) of the way from the noise floor (a low percentile of frame
//! energies) to the speech level (a high percentile). A run of quiet frames lasting at least
//! [`MIN_PAUSE_MS`] between the first and the last voiced frame is a pause; silence before the
//! first word and after the last is not (it is the user getting ready, not a pause). A
//! recording whose loud frames are barely louder than its quiet ones holds no measurable pause.
//! Each pause is then placed between the two words whose times surround its middle and
//! classified: *at punctuation* when the transcript has punctuation there, *mid-clause*
//! otherwise. Long pauses are flagged by kind (docs/sources.md, "Pauses": about 0.6 s at
//! punctuation is rated most natural; over about 1.2 s mid-clause reads as uncertainty).

use crate::transcript::Transcript;
use serde::{Deserialize, Serialize};

/// Sample rate of the audio handed to [`detect_pauses`] (the foundation's decode output).
pub const SAMPLE_RATE_HZ: u64 = 16_000;
/// Analysis frame: 20 ms, the usual frame of voice-activity detectors.
pub const FRAME_MS: u64 = 20;
/// Silences shorter than this are part of articulation (stops, breaths between words), not
/// pauses; 250 ms is the customary lower bound for silent pauses in fluency research.
pub const MIN_PAUSE_MS: u64 = 250;
/// A burst of energy shorter than this inside a silence (a click, a lip smack) does not end it.
pub const MIN_VOICED_MS: u64 = 60;
/// Percentile of frame energies taken as the noise floor.
const NOISE_PERCENTILE: f32 = 0.10;
/// Percentile of frame energies taken as the speech level.
const SPEECH_PERCENTILE: f32 = 0.90;
/// The threshold sits this fraction of the way from the noise floor to the speech level.
pub const THRESHOLD_FRACTION: f32 = 0.35;
/// If speech is not at least this many dB above the floor, the recording is all speech or all
/// noise: no pause can be measured.
pub const MIN_DYNAMIC_RANGE_DB: f32 = 12.0;
/// A recording whose speech level is below this (dBFS) is silent: no speech detected.
pub const SILENT_BELOW_DBFS: f32 = -55.0;
/// A mid-clause pause this long reads as uncertainty (docs/sources.md, "Pauses": over about
/// 1.2 s).
pub const LONG_MID_CLAUSE_PAUSE_MS: u64 = 1_200;
/// A pause at punctuation this long loses the listener: over three times the 0.6 s rated most
/// natural (docs/sources.md, "Pauses").
pub const LONG_PUNCTUATION_PAUSE_MS: u64 = 2_000;

/// A silence inside the answer, in milliseconds from the start of the audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub start_ms: u64,
    pub end_ms: u64,
}

impl Pause {
    pub fn duration_ms(&self) -> u64 {
        self.end_ms.saturating_sub(self.start_ms)
    }
}

/// Where a pause fell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseKind {
    /// At a comma or the end of a sentence.
    AtPunctuation,
    /// Inside a clause, between words that belong together.
    MidClause,
    /// The words around it could not be found (no word times).
    Unplaced,
}

/// A pause placed in the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedPause {
    pub start_ms: u64,
    pub end_ms: u64,
    pub duration_ms: u64,
    pub kind: PauseKind,
    pub long: bool,
    /// The gap between the word before and the word after, as character offsets of the
    /// transcript text (end of the word before .. start of the word after).
    pub start_char: Option<usize>,
    pub end_char: Option<usize>,
}

/// Finds the pauses in 16 kHz mono samples. Non-finite samples count as silence.
pub fn detect_pauses(samples_16k: &[f32]) -> Vec<Pause> {
    let frame_len = (SAMPLE_RATE_HZ * FRAME_MS / 1000) as usize;
    let energies: Vec<f32> = samples_16k.chunks(frame_len).map(frame_db).collect();
    if energies.len() < 3 {
        return Vec::new();
    }
    let mut sorted = energies.clone();
    sorted.sort_by(f32::total_cmp);
    let at = |q: f32| sorted[((sorted.len() - 1) as f32 * q).round() as usize];
    let floor = at(NOISE_PERCENTILE);
    let speech = at(SPEECH_PERCENTILE);
    if speech < SILENT_BELOW_DBFS || speech - floor < MIN_DYNAMIC_RANGE_DB {
        return Vec::new();
    }
    let threshold = floor + THRESHOLD_FRACTION * (speech - floor);
    let mut voiced: Vec<bool> = energies.iter().map(|&e| e >= threshold).collect();
    // Short voiced blips inside silence are noise.
    let min_voiced_frames = (MIN_VOICED_MS / FRAME_MS) as usize;
    let mut i = 0;
    while i < voiced.len() {
        if voiced[i] {
            let start = i;
            while i < voiced.len() && voiced[i] {
                i += 1;
            }
            if i - start < min_voiced_frames {
                voiced[start..i].iter_mut().for_each(|v| *v = false);
            }
        } else {
            i += 1;
        }
    }
    let (Some(first), Some(last)) = (
        voiced.iter().position(|&v| v),
        voiced.iter().rposition(|&v| v),
    ) else {
        return Vec::new();
    };
    let mut pauses = Vec::new();
    let mut i = first;
    while i <= last {
        if voiced[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i <= last && !voiced[i] {
            i += 1;
        }
        let (start_ms, end_ms) = (start as u64 * FRAME_MS, i as u64 * FRAME_MS);
        if end_ms - start_ms >= MIN_PAUSE_MS {
            pauses.push(Pause { start_ms, end_ms });
        }
    }
    pauses
}

fn frame_db(frame: &[f32]) -> f32 {
    let sum: f64 = frame
        .iter()
        .map(|&s| {
            if s.is_finite() {
                f64::from(s) * f64::from(s)
            } else {
                0.0
            }
        })
        .sum();
    let rms = (sum / frame.len().max(1) as f64).sqrt();
    (20.0 * (rms + 1e-9).log10()) as f32
}

/// Pauses read from the gaps between timed words, for transcripts that come without audio.
pub fn pauses_from_word_gaps(transcript: &Transcript) -> Vec<Pause> {
    let words: Vec<_> = transcript.words().collect();
    words
        .windows(2)
        .filter(|w| w[1].start_ms >= w[0].end_ms + MIN_PAUSE_MS)
        .map(|w| Pause {
            start_ms: w[0].end_ms,
            end_ms: w[1].start_ms,
        })
        .collect()
}

/// Places each pause between the words around it and classifies it.
pub fn place(transcript: &Transcript, pauses: &[Pause]) -> Vec<PlacedPause> {
    let words: Vec<_> = transcript
        .words()
        .filter(|w| w.end_char > w.start_char)
        .collect();
    let chars: Vec<char> = transcript.text.chars().collect();
    pauses
        .iter()
        .filter(|p| p.end_ms > p.start_ms)
        .map(|p| {
            let mid = p.start_ms + p.duration_ms() / 2;
            let after = words.partition_point(|w| (w.start_ms + w.end_ms) / 2 < mid);
            let (kind, span) = if after == 0 || after >= words.len() || !transcript.timed {
                (PauseKind::Unplaced, None)
            } else {
                let (before_word, after_word) = (words[after - 1], words[after]);
                let from = before_word.end_char.min(chars.len());
                let to = after_word.start_char.clamp(from, chars.len());
                let last_of_word = before_word.text.chars().last();
                let punct = last_of_word.is_some_and(is_pause_punctuation)
                    || chars[from..to].iter().copied().any(is_pause_punctuation);
                (
                    if punct {
                        PauseKind::AtPunctuation
                    } else {
                        PauseKind::MidClause
                    },
                    Some((from, to.max(from))),
                )
            };
            let limit = match kind {
                PauseKind::MidClause => LONG_MID_CLAUSE_PAUSE_MS,
                _ => LONG_PUNCTUATION_PAUSE_MS,
            };
            PlacedPause {
                start_ms: p.start_ms,
                end_ms: p.end_ms,
                duration_ms: p.duration_ms(),
                kind,
                long: p.duration_ms() >= limit,
                start_char: span.map(|s| s.0),
                end_char: span.map(|s| s.1),
            }
        })
        .collect()
}

fn is_pause_punctuation(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '—' | '–' | '…')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{Segment, Word};

    /// A tone burst of `ms` milliseconds at amplitude `amp` (a stand-in for a voiced sound).
    fn tone(ms: u64, amp: f32) -> Vec<f32> {
        (0..(ms * SAMPLE_RATE_HZ / 1000))
            .map(|i| amp * (i as f32 * 0.07).sin())
            .collect()
    }

    fn noise(ms: u64, amp: f32) -> Vec<f32> {
        // Deterministic pseudo-noise: a linear congruential sequence.
        let mut x: u32 = 12345;
        (0..(ms * SAMPLE_RATE_HZ / 1000))
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                amp * ((x >> 16) as f32 / 32768.0 - 1.0)
            })
            .collect()
    }

    fn join(parts: &[Vec<f32>]) -> Vec<f32> {
        parts.concat()
    }

    #[test]
    fn a_silence_between_two_sounds_is_one_pause_and_edges_are_ignored() {
        let audio = join(&[
            noise(1000, 0.001),
            tone(800, 0.3),
            noise(700, 0.001),
            tone(800, 0.3),
            noise(1500, 0.001),
        ]);
        let pauses = detect_pauses(&audio);
        assert_eq!(pauses.len(), 1);
        let p = pauses[0];
        assert!((1780..=1820).contains(&p.start_ms), "{p:?}");
        assert!((2480..=2520).contains(&p.end_ms), "{p:?}");
    }

    #[test]
    fn a_short_gap_between_words_is_not_a_pause() {
        let audio = join(&[tone(500, 0.3), noise(120, 0.001), tone(500, 0.3)]);
        assert!(detect_pauses(&audio).is_empty());
    }

    #[test]
    fn the_threshold_adapts_to_a_noisy_room() {
        // Background noise at -30 dBFS; speech 20 dB above it.
        let audio = join(&[tone(600, 0.4), noise(600, 0.05), tone(600, 0.4)]);
        assert_eq!(detect_pauses(&audio).len(), 1);
    }

    #[test]
    fn pure_silence_and_empty_input_have_no_pauses() {
        assert!(detect_pauses(&[]).is_empty());
        assert!(detect_pauses(&vec![0.0; 16_000]).is_empty());
        assert!(detect_pauses(&[f32::NAN; 4000]).is_empty());
    }

    fn w(text: &str, start_ms: u64, end_ms: u64) -> Word {
        Word {
            text: text.into(),
            start_ms,
            end_ms,
            p: 0.9,
            start_char: 0,
            end_char: 0,
        }
    }

    fn transcript() -> Transcript {
        Transcript::from_segments(
            "test",
            4000,
            vec![Segment {
                start_ms: 0,
                end_ms: 4000,
                text: "We shipped it. Then the the load went".into(),
                words: vec![
                    w("We", 0, 300),
                    w("shipped", 300, 700),
                    w("it.", 700, 1000),
                    w("Then", 1700, 1900),
                    w("the", 1900, 2000),
                    w("the", 3500, 3600),
                    w("load", 3600, 3800),
                    w("went", 3800, 4000),
                ],
            }],
        )
    }

    #[test]
    fn a_pause_after_a_full_stop_is_at_punctuation_and_not_long() {
        let placed = place(
            &transcript(),
            &[Pause {
                start_ms: 1000,
                end_ms: 1700,
            }],
        );
        assert_eq!(placed[0].kind, PauseKind::AtPunctuation);
        assert!(!placed[0].long);
        assert_eq!(placed[0].start_char, Some(14));
    }

    #[test]
    fn a_long_pause_inside_a_clause_is_flagged() {
        let placed = place(
            &transcript(),
            &[Pause {
                start_ms: 2000,
                end_ms: 3500,
            }],
        );
        assert_eq!(placed[0].kind, PauseKind::MidClause);
        assert!(placed[0].long);
    }

    #[test]
    fn gaps_between_timed_words_become_pauses() {
        let pauses = pauses_from_word_gaps(&transcript());
        assert_eq!(
            pauses,
            [
                Pause {
                    start_ms: 1000,
                    end_ms: 1700
                },
                Pause {
                    start_ms: 2000,
                    end_ms: 3500
                }
            ]
        );
    }
}
