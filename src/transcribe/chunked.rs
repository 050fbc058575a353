//! Chunk-by-chunk transcription: the path the app uses for recordings (live, while the user
//! speaks) and for files (one chunk after another, with honest progress).
//!
//! Rules: the audio is cut at pauses by [`crate::audio::chunker`]. Each chunk is one
//! whisper.cpp run whose encoder covers only the chunk ([`audio_ctx_for`]: 50 frames a second
//! plus a margin, instead of a fixed 30 s window), with the filler prompt followed by the last
//! [`CONTEXT_WORDS`] words of the text so far, so a chunk that starts mid-sentence still reads
//! on. Loop guards: a token cap per segment ([`token_cap`]); a chunk whose text repeats a word
//! group ([`find_loop`]) or holds more words than anyone can say in its time
//! ([`MAX_WORDS_PER_SECOND`]) is run again once without the previous text and with the full
//! window; if it still loops, the repeats are cut off. Chunks shorter than [`MIN_RUN_MS`] are
//! padded with silence (whisper.cpp skips input under 1 s). Times are offset by the chunk's
//! start, clamped to it, and kept in order across chunks; the stitched [`Transcript`] has the
//! shape and word-timing rules of [`Transcriber::transcribe`]. Pauses are not taken from here:
//! they are measured on the whole recording. Sources: docs/sources.md ("Short Whisper chunks":
//! `set_audio_ctx(seconds x 50 + 64)` made a 6 s chunk cost 200 ms instead of 0.9-1.0 s; the
//! filler prompt with a reduced window can loop on a chunk that starts mid-word).

use super::{
    FILLER_PROMPT, RunOptions, TranscribeError, Transcriber, check_length, duration_ms,
    keep_word_times_in_order,
};
use crate::audio::chunker::{self, Chunk};
use crate::audio::resample::WHISPER_SAMPLE_RATE;
use crate::transcript::{Segment, Transcript};

/// Encoder frames per second of audio (Whisper's 1500 frames cover 30 s).
pub const AUDIO_CTX_PER_SECOND: f64 = 50.0;
/// Extra encoder frames beyond the chunk (docs/sources.md measured with 64).
pub const AUDIO_CTX_MARGIN: i32 = 64;
/// Whisper's full window.
pub const FULL_AUDIO_CTX: i32 = 1500;
/// Chunks shorter than this are padded with silence up to it.
pub const MIN_RUN_MS: u64 = 1_500;
/// Words of the text so far given to the next chunk as context. Measured 2 Dec 2026 (tiny.en,
/// chunked): 24 words gave WER 11.1% on the STAR answer and 9.3% on the two-minute answer
/// (batch 9.9% / 6.5%); 48 gave 9.9% / 9.0%, LibriVox 2.8% either way; none gave 0 (11.1%);
/// the full 30 s encoder window instead of the chunk's did not help (12.3%).
pub const CONTEXT_WORDS: usize = 48;
/// Token cap per segment: this many tokens per second of chunk, plus [`TOKEN_CAP_MARGIN`].
/// Fast speech is about 3-4 words (4-5 tokens) a second.
pub const TOKENS_PER_SECOND_CAP: f64 = 8.0;
pub const TOKEN_CAP_MARGIN: i32 = 16;
/// More words a second than this is a loop, not speech (300 wpm is an auctioneer).
pub const MAX_WORDS_PER_SECOND: f64 = 5.0;
/// A group of 2-8 words repeated this many times in a row is a loop...
pub const MAX_GROUP_REPEATS: usize = 3;
/// ... and so is one word repeated this many times ("no, no, no" is speech).
pub const MAX_WORD_REPEATS: usize = 5;

/// Encoder frames for a chunk of `samples` 16 kHz samples.
pub fn audio_ctx_for(samples: usize) -> i32 {
    let seconds = samples as f64 / f64::from(WHISPER_SAMPLE_RATE);
    ((seconds * AUDIO_CTX_PER_SECOND).ceil() as i32 + AUDIO_CTX_MARGIN).min(FULL_AUDIO_CTX)
}

/// Token cap per segment for a chunk of `samples` samples.
pub fn token_cap(samples: usize) -> i32 {
    let seconds = samples as f64 / f64::from(WHISPER_SAMPLE_RATE);
    (seconds * TOKENS_PER_SECOND_CAP).ceil() as i32 + TOKEN_CAP_MARGIN
}

/// The prompt for the next chunk: the filler prompt, then the end of the text so far.
pub fn prompt_with_context(text_so_far: &str) -> String {
    // whisper-rs refuses a prompt with a NUL byte (it panics): never pass one on.
    let clean = text_so_far.replace('\0', " ");
    let words: Vec<&str> = clean.split_whitespace().collect();
    let tail = &words[words.len().saturating_sub(CONTEXT_WORDS)..];
    if tail.is_empty() {
        FILLER_PROMPT.to_string()
    } else {
        format!("{FILLER_PROMPT} {}", tail.join(" "))
    }
}

fn loop_key(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where a loop begins: the index of the first word after the first occurrence of a group that
/// then repeats back to back ([`MAX_GROUP_REPEATS`] times for 2-8 words,
/// [`MAX_WORD_REPEATS`] for one word). Everything from there on is the loop.
pub fn find_loop(words: &[&str]) -> Option<usize> {
    let keys: Vec<String> = words.iter().map(|w| loop_key(w)).collect();
    let mut earliest: Option<usize> = None;
    for n in 1..=8usize {
        let needed = if n == 1 {
            MAX_WORD_REPEATS
        } else {
            MAX_GROUP_REPEATS
        };
        if keys.len() < n * needed {
            continue;
        }
        for start in 0..=keys.len() - n * needed {
            let group = &keys[start..start + n];
            if group.iter().all(String::is_empty) {
                continue;
            }
            let repeats = (1..needed).all(|r| keys[start + r * n..start + (r + 1) * n] == *group);
            if repeats {
                let at = start + n;
                earliest = Some(earliest.map_or(at, |e| e.min(at)));
                break;
            }
        }
    }
    earliest
}

/// Whether a chunk's words look like a decoding loop rather than speech.
fn looks_like_a_loop(segments: &[Segment], chunk_samples: usize) -> bool {
    let words: Vec<&str> = segments
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.text.as_str()))
        .collect();
    let seconds = chunk_samples as f64 / f64::from(WHISPER_SAMPLE_RATE);
    words.len() as f64 > seconds * MAX_WORDS_PER_SECOND + 4.0 || find_loop(&words).is_some()
}

/// Keeps the words before a loop and drops the repeats (the last resort of the loop guard).
fn cut_loop(segments: &mut Vec<Segment>) {
    let words: Vec<&str> = segments
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.text.as_str()))
        .collect();
    let Some(keep) = find_loop(&words) else {
        return;
    };
    let mut left = keep;
    segments.retain_mut(|seg| {
        if left == 0 {
            return false;
        }
        if seg.words.len() > left {
            seg.words.truncate(left);
            seg.text = seg
                .words
                .iter()
                .map(|w| format!(" {}", w.text))
                .collect::<String>();
            seg.end_ms = seg.words.last().map_or(seg.start_ms, |w| w.end_ms);
        }
        left -= seg.words.len().min(left);
        true
    });
}

/// A transcript being built chunk by chunk.
#[derive(Debug, Clone)]
pub struct ChunkedTranscript {
    model: String,
    segments: Vec<Segment>,
    /// Chunks transcribed so far.
    pub chunks_done: usize,
    /// Chunks that had to be run again by the loop guard.
    pub retries: usize,
}

impl ChunkedTranscript {
    pub fn new(model: impl Into<String>) -> Self {
        ChunkedTranscript {
            model: model.into(),
            segments: Vec::new(),
            chunks_done: 0,
            retries: 0,
        }
    }

    /// The words so far, for live captions and as context for the next chunk.
    pub fn text_so_far(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.text.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Transcribes one chunk of `audio_16k` (the recording so far) and adds its words.
    pub fn add(
        &mut self,
        transcriber: &Transcriber,
        audio_16k: &[f32],
        chunk: &Chunk,
    ) -> Result<(), TranscribeError> {
        let end = chunk.samples.end.min(audio_16k.len());
        let start = chunk.samples.start.min(end);
        let mut samples = audio_16k[start..end].to_vec();
        let min_len = (MIN_RUN_MS * u64::from(WHISPER_SAMPLE_RATE) / 1000) as usize;
        if samples.len() < min_len {
            samples.resize(min_len, 0.0);
        }
        let prompt = prompt_with_context(&self.text_so_far());
        let options = RunOptions {
            prompt: &prompt,
            audio_ctx: Some(audio_ctx_for(samples.len())),
            max_tokens: Some(token_cap(samples.len())),
        };
        let mut segments = transcriber.run(&samples, &options, &mut |_| {})?;
        if looks_like_a_loop(&segments, samples.len()) {
            self.retries += 1;
            let plain = RunOptions {
                prompt: FILLER_PROMPT,
                audio_ctx: None,
                max_tokens: Some(token_cap(samples.len())),
            };
            segments = transcriber.run(&samples, &plain, &mut |_| {})?;
            cut_loop(&mut segments);
        }
        let offset = chunk.start_ms();
        let chunk_end = offset + duration_ms(&audio_16k[start..end]);
        for mut seg in segments {
            seg.start_ms = (seg.start_ms + offset).min(chunk_end);
            seg.end_ms = (seg.end_ms + offset).clamp(seg.start_ms, chunk_end);
            for w in &mut seg.words {
                w.start_ms = (w.start_ms + offset).min(chunk_end);
                w.end_ms = (w.end_ms + offset).clamp(w.start_ms, chunk_end);
            }
            self.segments.push(seg);
        }
        self.chunks_done += 1;
        Ok(())
    }

    /// The stitched transcript of audio `duration_ms` long.
    pub fn finish(mut self, duration_ms: u64) -> Transcript {
        keep_word_times_in_order(&mut self.segments, duration_ms);
        Transcript::from_segments(self.model, duration_ms, self.segments)
    }
}

/// Progress of a chunked transcription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkProgress {
    pub done: usize,
    pub total: usize,
}

impl ChunkProgress {
    /// Whole percent done.
    pub fn percent(&self) -> u8 {
        (self.done * 100)
            .checked_div(self.total)
            .map_or(100, |p| p.min(100) as u8)
    }
}

/// Transcribes a whole recording chunk by chunk (the same cuts a live recording gets);
/// `on_progress` hears about every finished chunk.
pub fn transcribe_chunked(
    transcriber: &Transcriber,
    samples_16k: &[f32],
    on_progress: &mut dyn FnMut(ChunkProgress),
) -> Result<Transcript, TranscribeError> {
    check_length(samples_16k)?;
    let chunks = chunker::chunk_all(samples_16k);
    let total = chunks.len();
    let mut built = ChunkedTranscript::new(transcriber.model_name());
    on_progress(ChunkProgress { done: 0, total });
    for chunk in &chunks {
        built.add(transcriber, samples_16k, chunk)?;
        on_progress(ChunkProgress {
            done: built.chunks_done,
            total,
        });
    }
    Ok(built.finish(duration_ms(samples_16k)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Word;

    #[test]
    fn the_encoder_window_follows_the_chunk_length() {
        assert_eq!(audio_ctx_for(16_000 * 6), 364);
        assert_eq!(audio_ctx_for(16_000 * 3 + 8_000), 239);
        assert_eq!(audio_ctx_for(16_000 * 40), FULL_AUDIO_CTX);
        assert_eq!(token_cap(16_000 * 10), 96);
    }

    #[test]
    fn the_prompt_carries_the_end_of_the_text_so_far() {
        assert_eq!(prompt_with_context(""), FILLER_PROMPT);
        let long: String = (0..80).map(|i| format!("w{i} ")).collect();
        let prompt = prompt_with_context(&long);
        assert!(prompt.starts_with(FILLER_PROMPT));
        assert!(prompt.ends_with("w79"));
        assert!(prompt.contains(&format!("w{} ", 80 - CONTEXT_WORDS)));
        assert!(!prompt.contains(&format!("w{} ", 79 - CONTEXT_WORDS)));
        assert_eq!(prompt.split_whitespace().count(), 5 + CONTEXT_WORDS);
    }

    #[test]
    fn loops_are_found_where_they_start() {
        let looped =
            "we reviewed every single table, every single table, every single table, every";
        let words: Vec<&str> = looped.split_whitespace().collect();
        assert_eq!(find_loop(&words), Some(5));
        let stutter: Vec<&str> = "no, no, no, I said".split_whitespace().collect();
        assert_eq!(find_loop(&stutter), None);
        let honest: Vec<&str> = "the team met, the team agreed, and we shipped"
            .split_whitespace()
            .collect();
        assert_eq!(find_loop(&honest), None);
        let one: Vec<&str> = "so so so so so so".split_whitespace().collect();
        assert_eq!(find_loop(&one), Some(1));
    }

    fn word(text: &str, start_ms: u64) -> Word {
        Word {
            text: text.into(),
            start_ms,
            end_ms: start_ms + 100,
            p: 0.9,
            start_char: 0,
            end_char: 0,
        }
    }

    #[test]
    fn cutting_a_loop_keeps_the_first_occurrence() {
        let words = ["we", "checked", "it", "again", "it", "again", "it", "again"];
        let mut segments = vec![
            Segment {
                start_ms: 0,
                end_ms: 400,
                text: " we checked it again".into(),
                words: words[..4]
                    .iter()
                    .enumerate()
                    .map(|(i, w)| word(w, i as u64 * 100))
                    .collect(),
            },
            Segment {
                start_ms: 400,
                end_ms: 800,
                text: " it again it again".into(),
                words: words[4..]
                    .iter()
                    .enumerate()
                    .map(|(i, w)| word(w, 400 + i as u64 * 100))
                    .collect(),
            },
        ];
        cut_loop(&mut segments);
        assert_eq!(segments.len(), 1);
        assert_eq!(segments[0].text, " we checked it again");
        assert!(looks_like_a_loop(
            &[Segment {
                start_ms: 0,
                end_ms: 1000,
                text: String::new(),
                words: (0..20).map(|i| word(&format!("w{i}"), i)).collect(),
            }],
            16_000
        ));
    }

    #[test]
    fn progress_counts_chunks() {
        assert_eq!(ChunkProgress { done: 1, total: 4 }.percent(), 25);
        assert_eq!(ChunkProgress { done: 0, total: 0 }.percent(), 100);
    }
}
