//! The one adapter between whisper.cpp (through whisper-rs) and the project's [`Transcript`].
//!
//! Rule: a model is loaded once, after [`crate::models::validate`] accepted it; every job gets a
//! fresh whisper state (a reused state keeps its sampling generator, so a job's text after a
//! temperature fallback would depend on the jobs before it: measured 2 Dec 2026, the same
//! two-minute answer read at 6.5% WER alone and 9.0% after fifteen live runs). Decoding is greedy, English, on the thread count of [`threads`], with the
//! short filler-keeping prompt [`FILLER_PROMPT`] and DTW token timestamps using the alignment
//! heads of the model's size. Words are built from tokens: a token that starts with a space
//! starts a new word; punctuation-only tokens join the previous word's text but not its timing
//! (DTW stamps them after the following pause). A word ends at its last token's DTW time and
//! starts where the previous word ended (so leading silence and pauses are absorbed into the
//! next word: measure pauses from the audio). Whisper's 10 ms units become milliseconds in one
//! place, [`centis_to_ms`]. Sources: docs/sources.md (threads, prompt wording, DTW behaviour).

pub mod chunked;
pub mod fixtures;
pub mod input_guard;
pub mod live;
pub mod repeat_stop;
pub mod threads;

use crate::audio::resample::WHISPER_SAMPLE_RATE;
use crate::models::{self, ModelError, catalog};
use crate::transcript::{Segment, Transcript, Word};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use whisper_rs::{
    DtwMode, DtwModelPreset, DtwParameters, FullParams, SamplingStrategy, WhisperContext,
    WhisperContextParameters,
};

pub use threads::THREADS_ENV;
/// Initial prompt that keeps "um" and "uh" in the transcript. Measured with tiny.en: WER stayed
/// at 9.8% (same as no prompt) and 3 of 4 fillers were kept; a longer chatty prompt raised WER
/// to 15.5% (docs/sources.md).
pub const FILLER_PROMPT: &str = "Um, uh, hmm, er, ah.";
/// Longest audio accepted, as for WAV files (30 minutes).
pub const MAX_SAMPLES: usize =
    crate::audio::decode::MAX_AUDIO_SECONDS as usize * WHISPER_SAMPLE_RATE as usize;
/// How often the caller's progress callback is given a chance to run.
const PROGRESS_POLL: Duration = Duration::from_millis(50);

/// Why transcription failed.
#[derive(Debug, thiserror::Error)]
pub enum TranscribeError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("whisper.cpp could not load {path}: {reason}")]
    Load { path: PathBuf, reason: String },
    #[error("there is no audio to transcribe")]
    NoAudio,
    #[error("the audio is {minutes} minutes long; the limit is 30 minutes")]
    TooLong { minutes: usize },
    #[error("whisper.cpp failed while transcribing: {0}")]
    Whisper(String),
    #[error("the live recording could not be transcribed: {0}")]
    LiveAudio(String),
    #[error("the transcription was cancelled")]
    Cancelled,
}

/// Whisper's 10 ms timestamp units to milliseconds (the only place this conversion happens).
/// Negative values (whisper's "unknown") become 0.
pub fn centis_to_ms(t: i64) -> u64 {
    u64::try_from(t).unwrap_or(0) * 10
}

/// A loaded model, ready for any number of jobs. `Send`, so it can live on a worker thread.
pub struct Transcriber {
    ctx: WhisperContext,
    vocab: repeat_stop::Vocabulary,
    model_name: String,
    threads: usize,
}

fn dtw_preset(name: &str) -> Option<DtwModelPreset> {
    match name {
        "tiny.en" => Some(DtwModelPreset::TinyEn),
        "tiny" => Some(DtwModelPreset::Tiny),
        "base.en" => Some(DtwModelPreset::BaseEn),
        "base" => Some(DtwModelPreset::Base),
        "small.en" => Some(DtwModelPreset::SmallEn),
        "small" => Some(DtwModelPreset::Small),
        _ => None,
    }
}

impl Transcriber {
    /// Checks the file, then loads it into whisper.cpp (once; about 0.1-0.2 s for tiny.en).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, TranscribeError> {
        let path = path.as_ref();
        let valid = models::validate(path, None)?;
        let dims = valid.summary.hparams.dims();
        let spec = catalog::spec_for(&dims, valid.summary.hparams.weight_type());
        let model_name = spec.map_or_else(
            || {
                path.file_stem()
                    .map(|s| s.to_string_lossy().trim_start_matches("ggml-").to_string())
                    .unwrap_or_default()
            },
            |s| s.name.to_string(),
        );
        whisper_rs::install_logging_hooks();
        let mut params = WhisperContextParameters::default();
        params.flash_attn(false); // DTW needs flash attention off.
        // Alignment heads belong to the architecture, whatever the weight format.
        let family = spec.map_or(model_name.as_str(), |s| s.family());
        let mode = match dtw_preset(family) {
            Some(model_preset) => DtwMode::ModelPreset { model_preset },
            None => DtwMode::TopMost {
                n_top: dims.n_text_layer,
            },
        };
        params.dtw_parameters(DtwParameters {
            mode,
            ..DtwParameters::default()
        });
        let ctx =
            WhisperContext::new_with_params(path, params).map_err(|e| TranscribeError::Load {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        Ok(Transcriber {
            vocab: repeat_stop::Vocabulary::of(&ctx),
            ctx,
            model_name,
            threads: threads::choose(None).count,
        })
    }

    /// Finds and loads an installed model by name.
    pub fn load_named(name: &str) -> Result<Self, TranscribeError> {
        Self::load(models::find(name)?)
    }

    pub fn model_name(&self) -> &str {
        &self.model_name
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Uses `threads` whisper threads instead of the automatic choice, clamped to the CPUs
    /// there are (see [`threads`]); returns what was chosen, with a note if it was clamped.
    pub fn set_threads(&mut self, count: usize) -> threads::Threads {
        let chosen = threads::resolve(Some(count), threads::available());
        self.threads = chosen.count;
        chosen
    }

    /// Transcribes 16 kHz mono audio in one whisper.cpp run (30 s windows, one after the
    /// other); `on_progress` receives 0..=100. [`chunked::transcribe_chunked`] is the faster
    /// path the app uses; this one stays as the reference it is measured against.
    pub fn transcribe(
        &self,
        samples_16k: &[f32],
        on_progress: &mut dyn FnMut(u8),
    ) -> Result<Transcript, TranscribeError> {
        check_length(samples_16k)?;
        let duration_ms = duration_ms(samples_16k);
        let options = RunOptions {
            prompt: FILLER_PROMPT,
            audio_ctx: None,
            max_tokens: None,
            stop_repeats: false,
        };
        let mut segments = self.run(samples_16k, &options, on_progress)?.segments;
        keep_word_times_in_order(&mut segments, duration_ms);
        Ok(Transcript::from_segments(
            self.model_name.clone(),
            duration_ms,
            segments,
        ))
    }

    /// One whisper.cpp run over `samples_16k`; segment and word times are relative to its
    /// start and clamped to its length. Non-speech annotations are dropped. With
    /// [`RunOptions::stop_repeats`], a decode that starts to say the same thing again is stopped
    /// ([`repeat_stop`]) and the run says so.
    pub(crate) fn run(
        &self,
        samples_16k: &[f32],
        options: &RunOptions<'_>,
        on_progress: &mut dyn FnMut(u8),
    ) -> Result<Run, TranscribeError> {
        // No NaN, infinity or out-of-range sample ever reaches whisper.cpp.
        let samples_16k = &*input_guard::for_whisper(samples_16k);
        let duration_ms = duration_ms(samples_16k);
        let mut state = self
            .ctx
            .create_state()
            .map_err(|e| TranscribeError::Whisper(e.to_string()))?;
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(self.threads as i32);
        params.set_language(Some("en"));
        params.set_translate(false);
        params.set_no_context(true);
        params.set_print_special(false);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        params.set_initial_prompt(options.prompt);
        if let Some(ctx) = options.audio_ctx {
            params.set_audio_ctx(ctx);
        }
        if let Some(cap) = options.max_tokens {
            params.set_max_tokens(cap);
        }
        // Declared before the run and dropped after it: whisper.cpp holds a pointer to it.
        let repeat_stop = repeat_stop::RepeatStop::new(&self.ctx, &self.vocab, samples_16k.len());
        if options.stop_repeats {
            repeat_stop.install(&mut params);
        }
        let (tx, rx) = mpsc::channel::<i32>();
        params.set_progress_callback_safe(move |p: i32| {
            let _ = tx.send(p);
        });

        // whisper-rs wants a 'static progress closure, so the job runs on a scoped thread and
        // this thread relays its progress to the caller's (non-'static) callback.
        let result = std::thread::scope(|scope| {
            let job = scope.spawn(|| {
                let r = state.full(params, samples_16k);
                (r, state)
            });
            let mut last = 0u8;
            on_progress(0);
            while !job.is_finished() {
                if let Ok(p) = rx.recv_timeout(PROGRESS_POLL) {
                    let p = p.clamp(0, 100) as u8;
                    if p > last {
                        last = p;
                        on_progress(p);
                    }
                }
            }
            job.join()
        });
        let (outcome, state) = result
            .map_err(|_| TranscribeError::Whisper("the transcription thread panicked".into()))?;
        outcome.map_err(|e| TranscribeError::Whisper(e.to_string()))?;
        on_progress(100);

        let eot = self.ctx.token_eot();
        let mut segments = Vec::new();
        for segment in state.as_iter() {
            let start = centis_to_ms(segment.start_timestamp()).min(duration_ms);
            let end = centis_to_ms(segment.end_timestamp())
                .min(duration_ms)
                .max(start);
            let mut tokens = Vec::new();
            for i in 0..segment.n_tokens() {
                let Some(token) = segment.get_token(i) else {
                    continue;
                };
                let data = token.token_data();
                if data.id >= eot {
                    continue; // special and timestamp tokens
                }
                let bytes = token.to_bytes().map(<[u8]>::to_vec).unwrap_or_default();
                tokens.push(TokenInfo {
                    bytes,
                    p: data.p,
                    t_dtw: data.t_dtw,
                });
            }
            let segment = build_segment(&tokens, start, end);
            if !is_non_speech_marker(&segment.text) {
                segments.push(segment);
            }
        }
        Ok(Run {
            segments,
            repeat_stopped: repeat_stop.stopped(),
        })
    }
}

/// What one whisper.cpp run heard.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub segments: Vec<Segment>,
    /// Whether the run began to say a segment again and was stopped there ([`repeat_stop`]).
    pub repeat_stopped: bool,
}

/// How one whisper.cpp run is set up (see [`Transcriber::run`]).
#[derive(Debug, Clone)]
pub(crate) struct RunOptions<'a> {
    /// Initial prompt: the filler prompt, perhaps followed by the previous chunk's text.
    pub prompt: &'a str,
    /// Encoder frames to compute (50 a second); `None` is the full 30 s window.
    pub audio_ctx: Option<i32>,
    /// Most text tokens in one segment (a guard against loops); `None` is no limit.
    pub max_tokens: Option<i32>,
    /// Stop the decode where it starts to say the same thing again ([`repeat_stop`]). Chunks
    /// only: on a 30 s window of a longer recording, ending a repeated sentence at the end of
    /// the window would skip whatever speech followed it.
    pub stop_repeats: bool,
}

/// Length of 16 kHz audio in milliseconds.
pub fn duration_ms(samples_16k: &[f32]) -> u64 {
    samples_16k.len() as u64 * 1000 / u64::from(WHISPER_SAMPLE_RATE)
}

/// Refuses empty audio and audio over the 30-minute limit.
pub fn check_length(samples_16k: &[f32]) -> Result<(), TranscribeError> {
    if samples_16k.is_empty() {
        return Err(TranscribeError::NoAudio);
    }
    if samples_16k.len() > MAX_SAMPLES {
        return Err(TranscribeError::TooLong {
            minutes: samples_16k
                .len()
                .div_ceil(WHISPER_SAMPLE_RATE as usize * 60),
        });
    }
    Ok(())
}

/// Word times may not run backwards across segments, nor past the end of the audio.
pub fn keep_word_times_in_order(segments: &mut [Segment], duration_ms: u64) {
    let mut floor = 0u64;
    for seg in segments {
        for w in &mut seg.words {
            w.start_ms = w.start_ms.max(floor).min(duration_ms);
            w.end_ms = w.end_ms.max(w.start_ms).min(duration_ms);
            floor = w.end_ms;
        }
    }
}

/// Most words in a non-speech annotation ("(audience applauding)"); Whisper sometimes wraps a
/// whole spoken sentence in parentheses, and that is speech.
const MAX_MARKER_WORDS: usize = 3;

/// Whether a segment's whole text is one of Whisper's non-speech annotations, such as
/// `[BLANK_AUDIO]`, `[MUSIC]` or `(silence)`. Such a segment is not speech: keeping it would
/// stretch the answer to the end of the recording and lower the measured pace.
pub fn is_non_speech_marker(text: &str) -> bool {
    let t = text.trim();
    let bracketed = |open: char, close: char| {
        t.len() >= 2
            && t.starts_with(open)
            && t.ends_with(close)
            && t[1..t.len() - 1].chars().all(|c| c != open && c != close)
            && t[1..t.len() - 1].split_whitespace().count() <= MAX_MARKER_WORDS
    };
    bracketed('[', ']') || bracketed('(', ')') || bracketed('*', '*')
}

/// One decoded text token with its confidence and DTW time (10 ms units, -1 if unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenInfo {
    pub bytes: Vec<u8>,
    pub p: f32,
    pub t_dtw: i64,
}

fn is_punctuation_only(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().all(|c| {
            c.is_ascii_punctuation() || matches!(c, '…' | '“' | '”' | '‘' | '’' | '—' | '–')
        })
}

/// Builds one segment's words from its text tokens (see the module rule).
pub fn build_segment(tokens: &[TokenInfo], seg_start_ms: u64, seg_end_ms: u64) -> Segment {
    struct Building {
        bytes: Vec<u8>,
        start_ms: u64,
        end_ms: u64,
        /// The least sure of the word's tokens: one unsure token ("7" "." "8") makes the word
        /// unsure (analysis::doubtful marks numbers and names below its threshold).
        p_min: f32,
        p_n: u32,
    }
    let text_bytes: Vec<u8> = tokens
        .iter()
        .flat_map(|t| t.bytes.iter().copied())
        .collect();
    let total_chars = text_bytes.len().max(1) as u64;
    let mut words: Vec<Word> = Vec::new();
    let mut current: Option<Building> = None;
    let mut prev_end = seg_start_ms;
    let mut chars_seen = 0u64;
    let finish = |b: Building, words: &mut Vec<Word>| {
        let text = String::from_utf8_lossy(&b.bytes).trim().to_string();
        // p_n == 0: punctuation that no word followed.
        if !text.is_empty() && b.p_n > 0 {
            let p = if b.p_n > 0 { b.p_min } else { 0.0 };
            words.push(Word {
                text,
                start_ms: b.start_ms,
                end_ms: b.end_ms.max(b.start_ms),
                p,
                start_char: 0,
                end_char: 0,
            });
        }
    };
    for token in tokens {
        chars_seen += token.bytes.len() as u64;
        let text = String::from_utf8_lossy(&token.bytes);
        // DTW time of this token; without one, place it proportionally inside the segment.
        let t = if token.t_dtw >= 0 {
            centis_to_ms(token.t_dtw).clamp(seg_start_ms, seg_end_ms.max(seg_start_ms))
        } else {
            seg_start_ms + (seg_end_ms.saturating_sub(seg_start_ms)) * chars_seen / total_chars
        };
        let starts_word = token.bytes.first() == Some(&b' ');
        if is_punctuation_only(&text) {
            // Punctuation joins the word it touches but never sets its time. One that opens a
            // new word (" $" before "50") waits for that word; if none follows it is dropped.
            match current.as_mut() {
                Some(b) if !starts_word => b.bytes.extend_from_slice(&token.bytes),
                _ => {
                    if let Some(b) = current.take() {
                        prev_end = prev_end.max(b.end_ms);
                        finish(b, &mut words);
                    }
                    current = Some(Building {
                        bytes: token.bytes.clone(),
                        start_ms: prev_end,
                        end_ms: prev_end,
                        p_min: 1.0,
                        p_n: 0,
                    });
                }
            }
            continue;
        }
        if starts_word || current.is_none() {
            if let Some(b) = current.take() {
                prev_end = prev_end.max(b.end_ms);
                finish(b, &mut words);
            }
            current = Some(Building {
                bytes: token.bytes.clone(),
                start_ms: prev_end,
                end_ms: t.max(prev_end),
                p_min: token.p,
                p_n: 1,
            });
        } else if let Some(b) = current.as_mut() {
            b.bytes.extend_from_slice(&token.bytes);
            b.end_ms = b.end_ms.max(t);
            b.p_min = b.p_min.min(token.p);
            b.p_n += 1;
        }
    }
    if let Some(b) = current.take() {
        finish(b, &mut words);
    }
    Segment {
        start_ms: seg_start_ms,
        end_ms: seg_end_ms.max(seg_start_ms),
        text: String::from_utf8_lossy(&text_bytes).into_owned(),
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str, t: i64) -> TokenInfo {
        TokenInfo {
            bytes: text.as_bytes().to_vec(),
            p: 0.8,
            t_dtw: t,
        }
    }

    #[test]
    fn whisper_annotations_are_not_speech() {
        assert!(is_non_speech_marker(" [BLANK_AUDIO]"));
        assert!(is_non_speech_marker("(silence)"));
        assert!(is_non_speech_marker("[ Music ]"));
        assert!(!is_non_speech_marker(" We cut costs [by 30%]."));
        assert!(is_non_speech_marker(" (upbeat music)"));
        // Whisper sometimes puts a whole spoken sentence in parentheses: that is speech.
        assert!(!is_non_speech_marker(
            " (Two years ago I was the support lead at a delivery company)"
        ));
        assert!(!is_non_speech_marker(""));
    }

    #[test]
    fn centiseconds_become_milliseconds() {
        assert_eq!(centis_to_ms(0), 0);
        assert_eq!(centis_to_ms(123), 1230);
        assert_eq!(centis_to_ms(-1), 0);
    }

    #[test]
    fn quantized_models_get_their_familys_alignment_heads() {
        // Word times need the f16 family's DTW heads whatever the weight format: the default
        // tiny.en-q8_0 must use tiny.en's, and no catalogued model may fall back to TopMost.
        let default = catalog::spec(models::DEFAULT_MODEL).unwrap();
        assert_eq!(default.family(), "tiny.en");
        assert!(matches!(
            dtw_preset(default.family()),
            Some(DtwModelPreset::TinyEn)
        ));
        for spec in catalog::CATALOG {
            assert!(dtw_preset(spec.family()).is_some(), "{}", spec.name);
        }
    }

    #[test]
    fn tokens_form_words_and_punctuation_does_not_move_times() {
        let seg = build_segment(
            &[
                tok(" We", 40),
                tok(" grew", 80),
                tok(" rev", 110),
                tok("enue", 130),
                tok(" 40", 170),
                tok("%", 175),
                tok(".", 900),
            ],
            0,
            2000,
        );
        let words: Vec<(&str, u64, u64)> = seg
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start_ms, w.end_ms))
            .collect();
        assert_eq!(
            words,
            vec![
                ("We", 0, 400),
                ("grew", 400, 800),
                ("revenue", 800, 1300),
                ("40%.", 1300, 1700)
            ]
        );
        // "%" and "." are punctuation: joined to "40" without moving its end.
        assert_eq!(seg.text, " We grew revenue 40%.");
    }

    #[test]
    fn punctuation_opening_a_word_stays_with_it() {
        let seg = build_segment(
            &[
                tok(" under", 50),
                tok(" $", 60),
                tok("50", 90),
                tok(".", 300),
            ],
            0,
            1000,
        );
        let words: Vec<(&str, u64, u64)> = seg
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start_ms, w.end_ms))
            .collect();
        assert_eq!(words, vec![("under", 0, 500), ("$50.", 500, 900)]);
    }

    #[test]
    fn free_standing_punctuation_is_skipped_and_missing_times_are_interpolated() {
        let seg = build_segment(
            &[tok(" Well", -1), tok(" -", -1), tok(" yes", -1)],
            1000,
            2000,
        );
        let words: Vec<&str> = seg.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, ["Well", "yes"]);
        assert!(seg.words[0].end_ms > 1000 && seg.words[0].end_ms < seg.words[1].end_ms);
        assert_eq!(seg.words[1].end_ms, 2000);
        assert_eq!(seg.words[1].start_ms, seg.words[0].end_ms);
    }
}
