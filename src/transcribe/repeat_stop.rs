//! Stops a whisper.cpp decode the moment it starts to say the same thing again.
//!
//! Rule: with an encoder window sized to a short chunk, Whisper often reads a chunk's last
//! sentence two or three times until the token cap (measured 3 Dec 2026 on the kept answers of
//! `rehearse bench --live --keep-answers`: the looping last chunk of the 58 s answer cost 2.0 s and
//! that of the LibriVox clips 3.6 s, against 0.9-1.4 s for chunks that do not loop). Those
//! decodes carried no timestamp token at all, so the capped run also counted as failed and went
//! through the temperature fallbacks, each decoded to the cap again. whisper.cpp calls a logits
//! filter before it picks every token; this one reads the tokens decoded so far in the window
//! ([`next_step`]) and, once a repeat has begun, leaves a single token possible:
//! - a whole sentence said twice back to back ([`MIN_SENTENCE_TOKENS`] or more text tokens
//!   from a sentence start to a sentence end): the timestamp at the end of the run's audio, which
//!   closes the segment there with its text kept (the caller drops the second saying). This is
//!   for chunks (`RunOptions::stop_repeats`), where the repeat comes at the end of the
//!   speech; on a 30 s window of a longer recording it would skip the speech after it;
//! - a segment, after a timestamp, that begins with the same [`REPEAT_TOKENS`] text tokens as an
//!   earlier segment of the window: end-of-text, so whisper.cpp keeps the tokens up to the last
//!   timestamp and, when more than a second of audio is left after it, decodes the rest in a new
//!   window (a false alarm costs a second run over the rest, never words).
//!
//! A stop is recorded ([`RepeatStop::stopped`]) so the caller still treats the chunk as looping:
//! the first saying of a looping chunk can be misheard (docs/sources.md), and the cross-check
//! decides. Sources: whisper.cpp `whisper_process_logits` (the filter runs after the fixed
//! suppressions and before the timestamp rules, which never suppress end-of-text nor a timestamp
//! later than the last one) and the end-of-segment rules of `whisper_full_with_state` (a
//! timestamp within 100 ms of the end of the audio completes the decode).
//!
//! This is the crate's only `unsafe` code: the C callback reads whisper.cpp's token array and
//! writes its logits array, both of the lengths whisper.cpp passes.
#![allow(unsafe_code)]

use std::ffi::{c_int, c_void};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use whisper_rs::{FullParams, WhisperContext, WhisperTokenData};

/// How many text tokens of a new segment must equal the start of an earlier segment of the same
/// window before the decode is stopped (three tokens is often just "And I was").
pub const REPEAT_TOKENS: usize = 5;
/// Fewest text tokens of a sentence said twice back to back for the second saying to count as a
/// loop ("No. No." and "Thank you so much. Thank you so much." are speech; the loops seen were
/// 10-15 tokens long).
pub const MIN_SENTENCE_TOKENS: usize = 6;
/// Whisper's timestamp tokens step 20 ms: 320 samples at 16 kHz. The last one is 30 s.
const SAMPLES_PER_TIMESTAMP: usize = 320;
const LAST_TIMESTAMP: usize = 1500;

/// What the tokens of one model are, for reading a decode.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// End of text: ids below it are text.
    pub eot: i32,
    /// The first timestamp token (0.00 s): ids from it on are timestamps.
    pub beg: i32,
    /// Text tokens that end a sentence (their text ends in '.', '?' or '!').
    pub sentence_ends: Arc<[bool]>,
}

impl Vocabulary {
    /// Reads a model's vocabulary (once per model: about 50,000 tokens).
    pub fn of(ctx: &WhisperContext) -> Self {
        let eot = ctx.token_eot();
        let sentence_ends = (0..eot)
            .map(|id| {
                ctx.token_to_bytes(id).is_ok_and(|b| {
                    let t = String::from_utf8_lossy(b);
                    let t = t.trim_end();
                    t.ends_with('.') || t.ends_with('?') || t.ends_with('!')
                })
            })
            .collect();
        Vocabulary {
            eot,
            beg: ctx.token_beg(),
            sentence_ends,
        }
    }

    fn ends_sentence(&self, id: i32) -> bool {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.sentence_ends.get(i))
            .copied()
            .unwrap_or(false)
    }
}

/// What the filter makes whisper.cpp do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Go on decoding.
    No,
    /// End the window here: the unfinished segment after the last timestamp is dropped (a new
    /// segment that began to say an earlier one again).
    EndOfText,
    /// Close the segment at the end of the audio, keeping its text (a decode with no timestamp
    /// yet, which end-of-text would fail, whose last sentence was just said twice).
    EndOfAudio,
}

/// Reads the tokens decoded so far in a window: a segment (after a timestamp) that begins with
/// the same [`REPEAT_TOKENS`] text tokens as an earlier segment of the window is a repeat to cut
/// at its start; the same whole sentence (at least [`MIN_SENTENCE_TOKENS`] tokens, from a
/// sentence start to a sentence end) said twice back to back in the current segment is a repeat
/// to end after.
pub fn next_step(ids: &[i32], vocab: &Vocabulary) -> Stop {
    let mut segments: Vec<Vec<i32>> = vec![Vec::new()];
    let mut any_timestamp = false;
    for &id in ids {
        if id >= vocab.beg {
            any_timestamp = true;
            if segments.last().is_some_and(|s| !s.is_empty()) {
                segments.push(Vec::new());
            }
        } else if id < vocab.eot
            && let Some(current) = segments.last_mut()
        {
            current.push(id);
        }
    }
    let Some((current, earlier)) = segments.split_last() else {
        return Stop::No;
    };
    let restarts_an_earlier_segment = current.len() >= REPEAT_TOKENS
        && earlier
            .iter()
            .any(|s| s.len() >= current.len() && s[..current.len()] == current[..]);
    if any_timestamp && restarts_an_earlier_segment {
        return Stop::EndOfText;
    }
    if says_its_last_sentence_twice(current, vocab) {
        return Stop::EndOfAudio;
    }
    Stop::No
}

/// Whether `text` ends with the same sentence twice: `... A. A.`, where A starts the text or
/// follows a sentence end, ends in a sentence end and holds no other.
fn says_its_last_sentence_twice(text: &[i32], vocab: &Vocabulary) -> bool {
    let Some(&last) = text.last() else {
        return false;
    };
    if !vocab.ends_sentence(last) {
        return false;
    }
    // The last sentence: from just after the previous sentence end to the end.
    let body = &text[..text.len() - 1];
    let start = body
        .iter()
        .rposition(|&id| vocab.ends_sentence(id))
        .map_or(0, |i| i + 1);
    let sentence = &text[start..];
    let before = &text[..start];
    if sentence.len() < MIN_SENTENCE_TOKENS || !before.ends_with(sentence) {
        return false;
    }
    // The first saying must be a whole sentence too, not the end of a longer one.
    let first_start = before.len() - sentence.len();
    first_start == 0 || vocab.ends_sentence(before[first_start - 1])
}

/// The filter's state for one whisper.cpp run. Keep it alive, and at the same address, until the
/// run is over: [`RepeatStop::install`] hands whisper.cpp a pointer to it.
#[derive(Debug)]
pub struct RepeatStop {
    vocab: Vocabulary,
    n_vocab: usize,
    /// The timestamp token at (or after) the end of the run's audio.
    end_of_audio: i32,
    stopped: AtomicBool,
}

impl RepeatStop {
    /// For a run over `samples` 16 kHz samples.
    pub fn new(ctx: &WhisperContext, vocab: &Vocabulary, samples: usize) -> Self {
        let end = samples.div_ceil(SAMPLES_PER_TIMESTAMP).min(LAST_TIMESTAMP);
        RepeatStop {
            vocab: vocab.clone(),
            n_vocab: usize::try_from(ctx.n_vocab()).unwrap_or(0),
            end_of_audio: vocab.beg + i32::try_from(end).unwrap_or(0),
            stopped: AtomicBool::new(false),
        }
    }

    /// Whether the filter stopped a repeat during the run.
    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    /// Sets the filter on `params`. `self` must outlive every use of `params`.
    pub fn install(&self, params: &mut FullParams<'_, '_>) {
        let data = std::ptr::from_ref(self).cast_mut().cast::<c_void>();
        // SAFETY: the callback only reads `*data` as a `RepeatStop` (through a shared reference;
        // its one mutable field is atomic), and the caller keeps `self` alive and in place for
        // the whole run (see `Transcriber::run`).
        unsafe {
            params.set_filter_logits_callback(Some(filter));
            params.set_filter_logits_callback_user_data(data);
        }
    }

    fn filter(&self, ids: &[i32], logits: &mut [f32]) {
        let only = match next_step(ids, &self.vocab) {
            Stop::No => return,
            Stop::EndOfText => self.vocab.eot,
            Stop::EndOfAudio => self.end_of_audio,
        };
        self.stopped.store(true, Ordering::Relaxed);
        let only = usize::try_from(only).unwrap_or(usize::MAX);
        for (i, logit) in logits.iter_mut().enumerate() {
            if i != only {
                *logit = f32::NEG_INFINITY;
            }
        }
    }
}

/// The C side of [`RepeatStop`].
unsafe extern "C" fn filter(
    _ctx: *mut whisper_rs::WhisperSysContext,
    _state: *mut whisper_rs::WhisperSysState,
    tokens: *const WhisperTokenData,
    n_tokens: c_int,
    logits: *mut f32,
    user_data: *mut c_void,
) {
    if user_data.is_null() || logits.is_null() {
        return;
    }
    // SAFETY: `user_data` is the `RepeatStop` that `install` set, alive for the run.
    let stop = unsafe { &*user_data.cast::<RepeatStop>() };
    let n_tokens = usize::try_from(n_tokens).unwrap_or(0);
    let ids: Vec<i32> = if tokens.is_null() || n_tokens == 0 {
        Vec::new()
    } else {
        // SAFETY: whisper.cpp passes its decoder's token vector: `n_tokens` initialised items.
        unsafe { std::slice::from_raw_parts(tokens, n_tokens) }
            .iter()
            .map(|t| t.id)
            .collect()
    };
    // SAFETY: whisper.cpp passes its logits vector, one float per vocabulary entry (`n_vocab`).
    let logits = unsafe { std::slice::from_raw_parts_mut(logits, stop.n_vocab) };
    stop.filter(&ids, logits);
}

#[cfg(test)]
mod tests {
    use super::*;

    const TS: i32 = 250;
    const DOT: i32 = 13;

    fn vocab() -> Vocabulary {
        let mut ends = vec![false; 100];
        ends[DOT as usize] = true;
        Vocabulary {
            eot: 100,
            beg: 200,
            sentence_ends: ends.into(),
        }
    }

    #[test]
    fn a_segment_said_again_after_its_closing_timestamp_is_cut_at_its_start() {
        let mut ids = vec![TS, 1, 2, 3, 4, 5, 6, 7, TS, TS, 1, 2, 3, 4];
        assert_eq!(
            next_step(&ids, &vocab()),
            Stop::No,
            "four tokens are not enough"
        );
        ids.push(5);
        assert_eq!(next_step(&ids, &vocab()), Stop::EndOfText);
        // A five-token segment said again in full is caught too.
        let ids = [TS, 1, 2, 3, 4, 5, TS, TS, 1, 2, 3, 4, 5];
        assert_eq!(next_step(&ids, &vocab()), Stop::EndOfText);
    }

    #[test]
    fn a_new_segment_that_starts_like_another_but_goes_on_differently_is_not_a_repeat() {
        let ids = [TS, 1, 2, 3, 4, 5, 6, TS, TS, 1, 2, 3, 4, 9];
        assert_eq!(next_step(&ids, &vocab()), Stop::No);
        // Special tokens between eot and the timestamps are neither text nor boundaries.
        let ids = [TS, 1, 2, 3, 4, 5, 6, TS, 150, TS, 1, 2, 150, 3, 4, 5];
        assert_eq!(next_step(&ids, &vocab()), Stop::EndOfText);
    }

    #[test]
    fn a_whole_sentence_said_twice_with_no_timestamp_ends_at_the_end_of_the_audio() {
        let mut ids = vec![1, 2, 3, 4, 5, DOT, 1, 2, 3, 4, 5];
        assert_eq!(next_step(&ids, &vocab()), Stop::No);
        ids.push(DOT);
        assert_eq!(next_step(&ids, &vocab()), Stop::EndOfAudio);
        // After another sentence, and inside a timestamped segment.
        let ids = [TS, 7, 8, DOT, 1, 2, 3, 4, 5, DOT, 1, 2, 3, 4, 5, DOT];
        assert_eq!(next_step(&ids, &vocab()), Stop::EndOfAudio);
    }

    #[test]
    fn short_or_partial_sentences_said_twice_are_speech() {
        // "No. No." and other short sentences.
        assert_eq!(next_step(&[1, 2, DOT, 1, 2, DOT], &vocab()), Stop::No);
        assert_eq!(
            next_step(&[1, 2, 3, 4, DOT, 1, 2, 3, 4, DOT], &vocab()),
            Stop::No
        );
        // The end of one sentence matching another's is not the same sentence.
        let ids = [9, 1, 2, 3, 4, 5, DOT, 1, 2, 3, 4, 5, DOT];
        assert_eq!(next_step(&ids, &vocab()), Stop::No);
        // Words said twice without a sentence end are left to the chunk's loop guard.
        let ids = [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6];
        assert_eq!(next_step(&ids, &vocab()), Stop::No);
    }

    #[test]
    fn nothing_decoded_or_one_segment_is_never_a_repeat() {
        assert_eq!(next_step(&[], &vocab()), Stop::No);
        assert_eq!(next_step(&[TS], &vocab()), Stop::No);
        assert_eq!(next_step(&[TS, 1, 2, 3, 4, 5, 6, 7, 8], &vocab()), Stop::No);
    }

    #[test]
    fn the_filter_leaves_one_token_once_a_repeat_begins() {
        let stop = RepeatStop {
            vocab: vocab(),
            n_vocab: 300,
            end_of_audio: 260,
            stopped: AtomicBool::new(false),
        };
        let mut logits = vec![0.5f32; 300];
        stop.filter(&[TS, 1, 2, 3, 4, 5, TS, TS, 1, 2, 3], &mut logits);
        assert!(!stop.stopped());
        assert!(logits.iter().all(|&l| l == 0.5));
        stop.filter(&[TS, 1, 2, 3, 4, 5, TS, TS, 1, 2, 3, 4, 5], &mut logits);
        assert!(stop.stopped());
        assert_eq!(logits[100], 0.5, "end of text");
        assert_eq!(logits.iter().filter(|l| l.is_finite()).count(), 1);
        let mut logits = vec![0.5f32; 300];
        stop.filter(&[1, 2, 3, 4, 5, DOT, 1, 2, 3, 4, 5, DOT], &mut logits);
        assert_eq!(logits[260], 0.5, "the end of the audio");
        assert_eq!(logits.iter().filter(|l| l.is_finite()).count(), 1);
    }
}
