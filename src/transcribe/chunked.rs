//! Chunk-by-chunk transcription: the path the app uses for recordings (live, while the user
//! speaks) and for files (one chunk after another, with honest progress).
//!
//! Rules: the audio is cut at pauses by [`crate::audio::chunker`]. Each chunk is one
//! whisper.cpp run whose encoder covers only the chunk ([`audio_ctx_for`]: 50 frames a second
//! plus a margin, instead of a fixed 30 s window), with the filler prompt followed by the last
//! [`CONTEXT_WORDS`] words of the text so far, so a chunk that starts mid-sentence still reads
//! on. Loop guards: a token cap per segment ([`token_cap`]); a chunk whose text repeats a word
//! group ([`find_loop`]) or holds more words than anyone can say in its time
//! ([`MAX_WORDS_PER_SECOND`]) is repaired as the caller says ([`LoopRepair`]). For files it is
//! run again once without the previous text and with Whisper's full 30 s window (the previous
//! text can make a looping chunk mishear as well as repeat; the full window costs about four
//! times a short chunk's run). Live, it is cross-checked instead: run again on its own window
//! with no prompt, the repeats of both runs dropped ([`find_loop`], [`repeated_words`]: the
//! first saying kept), and the first run kept when the two agree, else the bare one; the full
//! window only when neither can be speech. If a full re-run still loops, its repeats are cut
//! off. Every run of a chunk stops where it starts to say the same thing again
//! ([`super::repeat_stop`]) instead of decoding the repeats up to the token cap, and such a run
//! counts as looping. Chunks shorter than [`MIN_RUN_MS`] are
//! padded with silence (whisper.cpp skips input under 1 s). Times are offset by the chunk's
//! start, clamped to it, and kept in order across chunks; the stitched [`Transcript`] has the
//! shape and word-timing rules of [`Transcriber::transcribe`]. Pauses are not taken from here:
//! they are measured on the whole recording. Sources: docs/sources.md ("Short Whisper chunks":
//! `set_audio_ctx(seconds x 50 + 64)` made a 6 s chunk cost 200 ms instead of 0.9-1.0 s; the
//! filler prompt with a reduced window can loop on a chunk that starts mid-word).

use super::{
    FILLER_PROMPT, Run, RunOptions, TranscribeError, Transcriber, check_length, duration_ms,
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
    let words = chunk_words(segments);
    let seconds = chunk_samples as f64 / f64::from(WHISPER_SAMPLE_RATE);
    words.len() as f64 > seconds * MAX_WORDS_PER_SECOND + 4.0 || find_loop(&words).is_some()
}

/// Keeps the words before a loop and drops the repeats.
fn cut_loop(segments: &mut Vec<Segment>) {
    let words = chunk_words(segments);
    let Some(keep) = find_loop(&words) else {
        return;
    };
    let mask: Vec<bool> = (0..words.len()).map(|i| i < keep).collect();
    keep_words(segments, &mask);
}

/// A chunk's words in order.
fn chunk_words(segments: &[Segment]) -> Vec<&str> {
    segments
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.text.as_str()))
        .collect()
}

/// Keeps the words whose `keep` entry is true (in chunk order), rebuilding each segment's text
/// and times and dropping segments left empty.
fn keep_words(segments: &mut Vec<Segment>, keep: &[bool]) {
    let mut at = 0;
    segments.retain_mut(|seg| {
        let before = seg.words.len();
        let mut i = 0;
        seg.words.retain(|_| {
            let kept = keep.get(at + i).copied().unwrap_or(true);
            i += 1;
            kept
        });
        at += before;
        if seg.words.len() != before {
            seg.text = seg.words.iter().map(|w| format!(" {}", w.text)).collect();
            if let (Some(first), Some(last)) = (seg.words.first(), seg.words.last()) {
                seg.start_ms = first.start_ms;
                seg.end_ms = last.end_ms;
            }
        }
        !seg.words.is_empty()
    });
}

/// Sentences repeated back to back must be at least this long to be dropped as a repeat.
pub const MIN_REPEATED_SENTENCE_WORDS: usize = 3;
/// A chunk that starts by reading back at least this many words of the text before it (the
/// context prompt) has them dropped.
pub const MIN_READ_BACK_WORDS: usize = 5;

/// Which words of a looping chunk are repeats rather than speech (true = drop), besides the
/// loop [`find_loop`] finds: a sentence said again in the same words right after itself, or
/// cut off part way through the repeat (on a short chunk Whisper tends to say its one sentence
/// twice), and a start that reads back the end of `before`, the text the chunk was prompted
/// with.
pub fn repeated_words(words: &[&str], before: &[&str]) -> Vec<bool> {
    let keys: Vec<String> = words.iter().map(|w| loop_key(w)).collect();
    let mut drop = vec![false; words.len()];
    // The prompt read back: the longest start of the chunk that is the end of `before`.
    let before_keys: Vec<String> = before.iter().map(|w| loop_key(w)).collect();
    let longest = keys.len().min(before_keys.len());
    if let Some(n) = (MIN_READ_BACK_WORDS..=longest)
        .rev()
        .find(|&n| keys[..n] == before_keys[before_keys.len() - n..])
    {
        drop[..n].iter_mut().for_each(|d| *d = true);
    }
    // Sentences: runs of words ending with . ! or ? (the last may be open).
    let mut sentences: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, w) in words.iter().enumerate() {
        if w.ends_with(['.', '!', '?']) || i + 1 == words.len() {
            sentences.push(start..i + 1);
            start = i + 1;
        }
    }
    let mut last_kept: Option<std::ops::Range<usize>> = None;
    for sentence in sentences {
        let said = &keys[sentence.clone()];
        let repeat = last_kept.as_ref().is_some_and(|prev| {
            let prev = &keys[prev.clone()];
            let open_end = sentence.end == words.len();
            said.len() >= MIN_REPEATED_SENTENCE_WORDS
                && (said == prev || (open_end && prev.starts_with(said)))
        });
        if repeat {
            drop[sentence].iter_mut().for_each(|d| *d = true);
        } else if !drop[sentence.start] {
            last_kept = Some(sentence);
        }
    }
    drop
}

/// Two runs of a looping chunk agree when their longest common subsequence of words covers
/// this share of the longer one: then the first run, which had the previous text as context,
/// is kept. Measured 2 Dec 2026 on the looping chunks of the espeak-ng answers and the LibriVox
/// clips: runs that differed by a word agreed at 0.92 or more; a run the context made mishear
/// ("10 weeks, 10 months" for "every step of the") agreed at 0.63.
pub const MIN_AGREEMENT: f64 = 0.8;

/// The share of the longer chunk's words found, in order, in the other (the longest common
/// subsequence of their [`loop_key`]s).
pub fn agreement(a: &[Segment], b: &[Segment]) -> f64 {
    let keys = |s: &[Segment]| -> Vec<String> {
        chunk_words(s)
            .iter()
            .map(|w| loop_key(w))
            .filter(|k| !k.is_empty())
            .collect()
    };
    let (a, b) = (keys(a), keys(b));
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 1.0;
    }
    let mut row = vec![0usize; b.len() + 1];
    for x in &a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                row[j + 1].max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()] as f64 / longer as f64
}

/// Drops the repeats of a chunk that looked like a loop ([`cut_loop`], then
/// [`repeated_words`]), the cheap repair tried before running the chunk again.
fn drop_repeats(segments: &mut Vec<Segment>, before: &str) {
    cut_loop(segments);
    let before: Vec<&str> = before.split_whitespace().collect();
    let drop = repeated_words(&chunk_words(segments), &before);
    let keep: Vec<bool> = drop.iter().map(|d| !d).collect();
    keep_words(segments, &keep);
}

/// What the loop guard does with a chunk that loops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopRepair {
    /// Run it again with the filler prompt on Whisper's full window: the most accurate (the
    /// previous text can make a looping chunk mishear as well as repeat), and about four times
    /// a short chunk's run. For files, whose user waits for the whole file anyway.
    Rerun,
    /// Run it again on its own window with no prompt (the previous text is what sets a short
    /// chunk repeating), drop the repeats of both runs ([`drop_repeats`]) and keep the first
    /// run's words when the two agree ([`MIN_AGREEMENT`]), else the bare run's; only when
    /// neither can be speech is it run again as [`LoopRepair::Rerun`]. About twice a short
    /// chunk's run: for live transcription, where the user soon waits for every chunk (the
    /// pause that closes the last chunk usually comes before Stop).
    CrossCheck,
}

/// A transcript being built chunk by chunk.
#[derive(Debug, Clone)]
pub struct ChunkedTranscript {
    model: String,
    segments: Vec<Segment>,
    /// Chunks transcribed so far.
    pub chunks_done: usize,
    /// Looping chunks the loop guard settled by a cross-check ([`LoopRepair::CrossCheck`]).
    pub cross_checked: usize,
    /// Looping chunks it ran again on Whisper's full 30 s window.
    pub full_reruns: usize,
    /// Whisper runs stopped as they began to say a segment again ([`super::repeat_stop`]).
    pub repeats_stopped: usize,
}

impl ChunkedTranscript {
    pub fn new(model: impl Into<String>) -> Self {
        ChunkedTranscript {
            model: model.into(),
            segments: Vec::new(),
            chunks_done: 0,
            cross_checked: 0,
            full_reruns: 0,
            repeats_stopped: 0,
        }
    }

    fn note_stop(&mut self, run: &Run) {
        if run.repeat_stopped {
            self.repeats_stopped += 1;
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

    /// Transcribes one chunk of `audio_16k` (the recording so far) and adds its words; a chunk
    /// that loops is repaired as `repair` says.
    pub fn add(
        &mut self,
        transcriber: &Transcriber,
        audio_16k: &[f32],
        chunk: &Chunk,
        repair: LoopRepair,
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
            stop_repeats: true,
        };
        let first = transcriber.run(&samples, &options, &mut |_| {})?;
        self.note_stop(&first);
        let mut segments = first.segments;
        // A run stopped at a repeat still loops: its first saying may be misheard.
        let mut looping = first.repeat_stopped || looks_like_a_loop(&segments, samples.len());
        if looping && repair == LoopRepair::CrossCheck {
            let mut first_saying = segments.clone();
            drop_repeats(&mut first_saying, &self.text_so_far());
            let bare = RunOptions {
                prompt: "",
                audio_ctx: Some(audio_ctx_for(samples.len())),
                max_tokens: Some(token_cap(samples.len())),
                stop_repeats: true,
            };
            let bare_run = transcriber.run(&samples, &bare, &mut |_| {})?;
            self.note_stop(&bare_run);
            let mut bare_saying = bare_run.segments;
            drop_repeats(&mut bare_saying, "");
            let usable = |s: &[Segment]| !s.is_empty() && !looks_like_a_loop(s, samples.len());
            let chosen = match (usable(&first_saying), usable(&bare_saying)) {
                (true, true) if agreement(&first_saying, &bare_saying) >= MIN_AGREEMENT => {
                    Some(first_saying)
                }
                (_, true) => Some(bare_saying),
                (true, false) => Some(first_saying),
                (false, false) => None,
            };
            if let Some(chosen) = chosen {
                self.cross_checked += 1;
                segments = chosen;
                looping = false;
            }
        }
        if looping {
            self.full_reruns += 1;
            let plain = RunOptions {
                prompt: FILLER_PROMPT,
                audio_ctx: None,
                max_tokens: Some(token_cap(samples.len())),
                stop_repeats: true,
            };
            let full = transcriber.run(&samples, &plain, &mut |_| {})?;
            self.note_stop(&full);
            segments = full.segments;
            drop_repeats(&mut segments, "");
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
        built.add(transcriber, samples_16k, chunk, LoopRepair::Rerun)?;
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

    fn dropped(chunk: &str, before: &str) -> String {
        let words: Vec<&str> = chunk.split_whitespace().collect();
        let before: Vec<&str> = before.split_whitespace().collect();
        let drop = repeated_words(&words, &before);
        words
            .iter()
            .zip(drop)
            .filter(|(_, d)| !d)
            .map(|(w, _)| *w)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_sentence_said_twice_keeps_its_first_saying() {
        assert_eq!(
            dropped(
                "And that is what I learned. And that is what I learned.",
                ""
            ),
            "And that is what I learned."
        );
        // The repeat cut off part way, and a repeat that differs only in case and commas.
        assert_eq!(
            dropped("We shipped it on time. we shipped it on", ""),
            "We shipped it on time."
        );
        assert_eq!(
            dropped("So we shipped, on time. So we shipped on time!", ""),
            "So we shipped, on time."
        );
        // Two different sentences, short repeats and a sentence said again later stay.
        for speech in [
            "We shipped it. We tested it.",
            "No. No. I said no.",
            "The test passed. Then it failed. The test passed.",
            "We shipped it on time. We shipped it on Friday.",
        ] {
            assert_eq!(dropped(speech, ""), speech);
        }
    }

    #[test]
    fn a_chunk_that_reads_back_its_prompt_loses_the_read_back() {
        let before = "first I called the supplier and asked for the invoices";
        assert_eq!(
            dropped(
                "called the supplier and asked for the invoices then I checked them",
                before
            ),
            "then I checked them"
        );
        // Fewer words than MIN_READ_BACK_WORDS are speech that happens to match.
        assert_eq!(
            dropped("the invoices were wrong", before),
            "the invoices were wrong"
        );
    }

    #[test]
    fn repairing_a_looping_chunk_keeps_times_and_text_in_step() {
        let said = [
            "It", "went", "well.", "It", "went", "well.", "It", "went", "well.",
        ];
        let mut segments = vec![Segment {
            start_ms: 0,
            end_ms: 900,
            text: said.iter().map(|w| format!(" {w}")).collect(),
            words: said
                .iter()
                .enumerate()
                .map(|(i, w)| word(w, i as u64 * 100))
                .collect(),
        }];
        assert!(looks_like_a_loop(&segments, 16_000));
        drop_repeats(&mut segments, "");
        assert_eq!(segments.len(), 1);
        assert_eq!(segments[0].text, " It went well.");
        assert_eq!((segments[0].start_ms, segments[0].end_ms), (0, 300));
        assert!(!looks_like_a_loop(&segments, 16_000));
    }

    #[test]
    fn two_runs_agree_when_they_differ_by_a_word_not_when_one_misheard() {
        fn said(text: &str) -> Vec<Segment> {
            vec![Segment {
                start_ms: 0,
                end_ms: 1000,
                text: text.into(),
                words: text
                    .split_whitespace()
                    .enumerate()
                    .map(|(i, w)| word(w, i as u64 * 50))
                    .collect(),
            }]
        }
        let context = said("So I now start every project by asking which step we can remove.");
        let bare = said("So I'll start every project by asking, which step we can remove.");
        assert!(agreement(&context, &bare) >= MIN_AGREEMENT);
        let misheard = said(
            "First, I'm up, 10 weeks, 10 months refund process with the 12 people on my team.",
        );
        let heard =
            said("First, I map every step of the refund process with the 12 people on my team.");
        assert!(agreement(&misheard, &heard) < MIN_AGREEMENT);
        assert_eq!(agreement(&heard, &heard), 1.0);
        assert_eq!(agreement(&said(""), &heard), 0.0);
    }

    #[test]
    fn progress_counts_chunks() {
        assert_eq!(ChunkProgress { done: 1, total: 4 }.percent(), 25);
        assert_eq!(ChunkProgress { done: 0, total: 0 }.percent(), 100);
    }
}
