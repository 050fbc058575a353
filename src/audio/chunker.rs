//! Cuts 16 kHz speech into chunks at pauses, as it arrives, for chunk-by-chunk transcription.
//!
//! Rules: the signal is cut into [`FRAME_MS`] frames; a frame is voiced when its energy (RMS,
//! dB) is above a threshold [`THRESHOLD_FRACTION`] of the way from the noise floor (a low
//! percentile of the energies heard so far) to the speech level (a high percentile), and above
//! [`SILENT_BELOW_DBFS`]; while the two percentiles are less than [`MIN_DYNAMIC_RANGE_DB`]
//! apart every frame louder than silence counts as voiced (nothing to tell apart yet). This is
//! the rule of `analysis::pauses`, computed on the audio so far instead of the whole
//! recording, so the same samples always give the same cuts whether they are pushed at once
//! (a file) or block by block (a live recording).
//! A chunk closes in the middle of a quiet run once the run has lasted [`MIN_CUT_PAUSE_MS`]
//! and the chunk holds at least [`MIN_CHUNK_SPEECH_MS`] of voiced frames ([`CutRule::Standard`],
//! the only rule for files, so a file always gets the same cuts). A live recording whose
//! transcriber has nothing to do may ask for [`CutRule::Eager`] for the audio it pushes: then a
//! quiet run of [`EAGER_CUT_PAUSE_MS`] closes a chunk that holds [`EAGER_CHUNK_SPEECH_MS`] of
//! voice, so the chunk still open when the user stops is short; once a chunk has closed in a
//! push, the rest of that push goes back to the standard rule (the transcriber has work now,
//! and cutting more often would only multiply its runs). A chunk never grows
//! past [`MAX_CHUNK_MS`]: at that length it is cut at the quietest [`QUIET_WINDOW_MS`] of its
//! last part. Silence before a chunk's first voiced frame is dropped except for
//! [`LEAD_KEEP_MS`], so a long silence is never transcribed; a chunk with too little voice
//! ([`MIN_VOICED_MS`]) is not emitted. Sources: docs/sources.md ("Short Whisper chunks": cutting
//! on a clock raised the WER from 9.8% to 14-42%, cut at pauses; Whisper windows are 30 s);
//! whisper.cpp's stream example (energy VAD, keep a little audio around a cut).

use std::ops::Range;

/// Sample rate of the audio the chunker reads.
pub const SAMPLE_RATE_HZ: usize = 16_000;
/// Analysis frame, as in `analysis::pauses`.
pub const FRAME_MS: usize = 20;
const FRAME_LEN: usize = SAMPLE_RATE_HZ * FRAME_MS / 1000;
/// A chunk may close at a pause this long (the "about 0.3 s").
pub const MIN_CUT_PAUSE_MS: usize = 300;
/// ... once it holds this much voiced audio ("at least a few seconds of speech"): shorter
/// chunks give Whisper too little context (docs/sources.md: 3 s cuts scored 42% WER).
pub const MIN_CHUNK_SPEECH_MS: usize = 4_000;
/// With [`CutRule::Eager`] (a live transcriber with nothing to do), a quiet run this long ...
/// Measured 2 Dec 2026 (tiny.en, the espeak-ng answers and the LibriVox clips, the live
/// worker simulated on this machine): the synthetic voice pauses 360-420 ms between sentences
/// and 160-220 ms at commas, so 300 ms (2 s of voice) left the 58 s answer's last chunk at 11 s
/// and scored WER 12.3% / 9.9% / 4.2% (batch 9.9% / 6.5% / 2.8%); 200 ms with 3 s of voice
/// 13.0% / 9.6% / 2.8%; 160 ms with 2 s 10.5% / 8.0% / 4.2%; 160 ms with 3 s 9.3% / 7.1% / 2.8%,
/// with last chunks of 3.6-4.7 s.
pub const EAGER_CUT_PAUSE_MS: usize = 160;
/// ... closes a chunk holding this much voice, so that what is left at Stop is short (less
/// than 3 s of voice per chunk cost WER, above).
pub const EAGER_CHUNK_SPEECH_MS: usize = 3_000;
/// No chunk is longer than this (the "about 20 s"; Whisper's window is 30 s).
pub const MAX_CHUNK_MS: usize = 20_000;
/// A chunk forced closed at [`MAX_CHUNK_MS`] is cut in its quietest window after this point.
const FORCED_CUT_AFTER_MS: usize = 10_000;
/// Width of the window searched for the quietest place to force a cut.
pub const QUIET_WINDOW_MS: usize = 100;
/// Silence kept before a chunk's first voiced frame.
pub const LEAD_KEEP_MS: usize = 200;
/// Silence kept after the last voiced frame of the final chunk.
pub const TAIL_KEEP_MS: usize = 300;
/// A chunk with less voice than this is noise (a click, a breath) and is not emitted.
pub const MIN_VOICED_MS: usize = 100;
/// Percentiles of the energies so far taken as noise floor and speech level.
const NOISE_PERCENTILE: f32 = 0.10;
const SPEECH_PERCENTILE: f32 = 0.90;
/// Where the threshold sits between floor and speech level (as `analysis::pauses`).
pub const THRESHOLD_FRACTION: f32 = 0.35;
/// Below this spread between floor and speech, no frame can be called a pause yet.
pub const MIN_DYNAMIC_RANGE_DB: f32 = 12.0;
/// Frames quieter than this are silence whatever the threshold says.
pub const SILENT_BELOW_DBFS: f32 = -55.0;
/// Energy histogram: half-dB bins from -120 dB to 0 dB.
const HIST_MIN_DB: f32 = -120.0;
const HIST_BINS: usize = 240;

/// One chunk to transcribe: a sample range of the 16 kHz audio and how much of it was voiced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub samples: Range<usize>,
    pub voiced_ms: usize,
}

impl Chunk {
    pub fn start_ms(&self) -> u64 {
        (self.samples.start * 1000 / SAMPLE_RATE_HZ) as u64
    }
    pub fn duration_ms(&self) -> u64 {
        (self.samples.len() * 1000 / SAMPLE_RATE_HZ) as u64
    }
}

/// When the open chunk may close at a pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CutRule {
    /// [`MIN_CUT_PAUSE_MS`] of quiet after [`MIN_CHUNK_SPEECH_MS`] of voice: files, and a live
    /// transcriber that is busy.
    #[default]
    Standard,
    /// [`EAGER_CUT_PAUSE_MS`] of quiet after [`EAGER_CHUNK_SPEECH_MS`] of voice: a live
    /// transcriber with nothing queued or running. Good until a chunk closes.
    Eager,
}

impl CutRule {
    /// (quiet frames, voiced frames) that close a chunk under this rule.
    fn needs(self) -> (usize, usize) {
        match self {
            CutRule::Standard => (frames(MIN_CUT_PAUSE_MS), frames(MIN_CHUNK_SPEECH_MS)),
            CutRule::Eager => (frames(EAGER_CUT_PAUSE_MS), frames(EAGER_CHUNK_SPEECH_MS)),
        }
    }
}

/// The streaming chunker. Push 16 kHz audio in any block sizes; closed chunks come back.
#[derive(Debug, Clone)]
pub struct Chunker {
    /// Frame energies, dB, and whether each frame was voiced when it arrived.
    energies: Vec<f32>,
    voiced: Vec<bool>,
    histogram: [u32; HIST_BINS],
    /// Samples of an incomplete frame.
    partial: Vec<f32>,
    /// First frame of the open chunk.
    chunk_start: usize,
    /// Voiced frames in the open chunk.
    chunk_voiced: usize,
    /// First frame of the quiet run the open chunk ends in (None while voiced).
    quiet_since: Option<usize>,
}

impl Default for Chunker {
    fn default() -> Self {
        Self::new()
    }
}

fn frames(ms: usize) -> usize {
    ms / FRAME_MS
}

/// Energy of a frame in dB relative to full scale; non-finite samples count as silence.
pub fn frame_db(frame: &[f32]) -> f32 {
    if frame.is_empty() {
        return HIST_MIN_DB;
    }
    let sum: f32 = frame
        .iter()
        .map(|s| if s.is_finite() { s * s } else { 0.0 })
        .sum();
    let rms = (sum / frame.len() as f32).sqrt();
    (20.0 * rms.max(1e-6).log10()).max(HIST_MIN_DB)
}

impl Chunker {
    pub fn new() -> Self {
        Chunker {
            energies: Vec::new(),
            voiced: Vec::new(),
            histogram: [0; HIST_BINS],
            partial: Vec::with_capacity(FRAME_LEN),
            chunk_start: 0,
            chunk_voiced: 0,
            quiet_since: None,
        }
    }

    /// Samples seen so far (whole frames only).
    pub fn samples_seen(&self) -> usize {
        self.energies.len() * FRAME_LEN
    }

    /// Feeds audio under the standard rule; returns the chunks this closed, in order.
    pub fn push(&mut self, samples: &[f32]) -> Vec<Chunk> {
        self.push_with(samples, CutRule::Standard)
    }

    /// Feeds audio under `rule`; returns the chunks this closed, in order. With
    /// [`CutRule::Eager`], the frames after the first chunk that closes are judged by the
    /// standard rule (the caller has work queued from then on).
    pub fn push_with(&mut self, samples: &[f32], rule: CutRule) -> Vec<Chunk> {
        let mut rule = rule;
        let mut closed = Vec::new();
        let mut rest = samples;
        while !rest.is_empty() {
            let take = (FRAME_LEN - self.partial.len()).min(rest.len());
            self.partial.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.partial.len() == FRAME_LEN {
                let db = frame_db(&self.partial);
                self.partial.clear();
                if let Some(chunk) = self.frame(db, rule) {
                    closed.push(chunk);
                    rule = CutRule::Standard;
                }
            }
        }
        closed
    }

    /// Ends the audio: returns the last chunk (trailing silence trimmed), if it holds speech.
    /// `total_samples` is the length of the whole audio, so a final partial frame is included.
    pub fn finish(self, total_samples: usize) -> Option<Chunk> {
        let last_voiced = (self.chunk_start..self.voiced.len())
            .rev()
            .find(|&i| self.voiced[i]);
        let last_voiced = last_voiced?;
        let end_frame = (last_voiced + 1 + frames(TAIL_KEEP_MS)).min(self.voiced.len());
        let end = if end_frame == self.voiced.len() {
            total_samples
        } else {
            end_frame * FRAME_LEN
        };
        self.chunk(end.min(total_samples).max(self.chunk_start * FRAME_LEN))
            .filter(|c| c.voiced_ms >= MIN_VOICED_MS)
    }

    fn threshold(&self) -> Option<f32> {
        let n = self.energies.len() as u32;
        let at = |q: f32| {
            let rank = ((n.saturating_sub(1)) as f32 * q).round() as u32;
            let mut seen = 0u32;
            for (bin, count) in self.histogram.iter().enumerate() {
                seen += count;
                if seen > rank {
                    return HIST_MIN_DB + bin as f32 * 0.5;
                }
            }
            0.0
        };
        let floor = at(NOISE_PERCENTILE);
        let speech = at(SPEECH_PERCENTILE);
        (speech - floor >= MIN_DYNAMIC_RANGE_DB)
            .then_some(floor + THRESHOLD_FRACTION * (speech - floor))
    }

    fn frame(&mut self, db: f32, rule: CutRule) -> Option<Chunk> {
        let bin = (((db - HIST_MIN_DB) * 2.0) as usize).min(HIST_BINS - 1);
        self.histogram[bin] += 1;
        self.energies.push(db);
        let voiced = db >= SILENT_BELOW_DBFS && self.threshold().is_none_or(|t| db >= t);
        self.voiced.push(voiced);
        let index = self.energies.len() - 1;

        if voiced {
            self.chunk_voiced += 1;
            self.quiet_since = None;
        } else {
            if self.chunk_voiced == 0 {
                // Nothing said yet: keep only a little lead-in.
                self.chunk_start = self
                    .chunk_start
                    .max((index + 1).saturating_sub(frames(LEAD_KEEP_MS)));
                return None;
            }
            let since = *self.quiet_since.get_or_insert(index);
            let quiet = index + 1 - since;
            let (min_quiet, min_voiced) = rule.needs();
            if quiet >= min_quiet && self.chunk_voiced >= min_voiced {
                // Cut in the middle of the quiet run seen so far.
                let cut = since + quiet / 2;
                return self.close_at(cut);
            }
        }
        if index + 1 - self.chunk_start >= frames(MAX_CHUNK_MS) {
            let cut = self.quietest_cut();
            return self.close_at(cut);
        }
        None
    }

    /// The middle of the quietest window in the late part of the open chunk.
    fn quietest_cut(&self) -> usize {
        let window = frames(QUIET_WINDOW_MS).max(1);
        let from = self.chunk_start + frames(FORCED_CUT_AFTER_MS);
        let to = self.energies.len();
        let mut best = (f32::INFINITY, to);
        let mut i = from;
        while i + window <= to {
            let sum: f32 = self.energies[i..i + window].iter().sum();
            if sum < best.0 {
                best = (sum, i + window / 2);
            }
            i += 1;
        }
        best.1
    }

    /// Closes the open chunk at frame `cut` and opens the next one there.
    fn close_at(&mut self, cut: usize) -> Option<Chunk> {
        let chunk = self.chunk(cut * FRAME_LEN);
        self.chunk_start = cut;
        self.chunk_voiced = self.voiced[cut..].iter().filter(|v| **v).count();
        self.quiet_since = if self.voiced.last() == Some(&false) && self.chunk_voiced > 0 {
            self.voiced.iter().rposition(|v| *v).map(|i| i + 1)
        } else {
            None
        };
        if self.chunk_voiced == 0 {
            self.chunk_start = self
                .chunk_start
                .max(self.voiced.len().saturating_sub(frames(LEAD_KEEP_MS)));
        }
        chunk.filter(|c| c.voiced_ms >= MIN_VOICED_MS)
    }

    fn chunk(&self, end_sample: usize) -> Option<Chunk> {
        let start = self.chunk_start * FRAME_LEN;
        if end_sample <= start {
            return None;
        }
        let end_frame = end_sample.div_ceil(FRAME_LEN).min(self.voiced.len());
        let voiced = self.voiced[self.chunk_start.min(end_frame)..end_frame]
            .iter()
            .filter(|v| **v)
            .count();
        Some(Chunk {
            samples: start..end_sample,
            voiced_ms: voiced * FRAME_MS,
        })
    }
}

/// Chunks of a whole recording (the same cuts a live recording of it would get).
pub fn chunk_all(samples_16k: &[f32]) -> Vec<Chunk> {
    let mut chunker = Chunker::new();
    let mut chunks = chunker.push(samples_16k);
    chunks.extend(chunker.finish(samples_16k.len()));
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    const SR: usize = SAMPLE_RATE_HZ;

    /// Speech stand-in: a 200 Hz tone at -12 dBFS with a little noise-free variation.
    fn voice(ms: usize) -> Vec<f32> {
        (0..ms * SR / 1000)
            .map(|i| 0.35 * (i as f32 * 200.0 * std::f32::consts::TAU / SR as f32).sin())
            .collect()
    }

    /// Room tone at about -60 dBFS.
    fn quiet(ms: usize) -> Vec<f32> {
        (0..ms * SR / 1000)
            .map(|i| 0.001 * (i as f32 * 0.37).sin())
            .collect()
    }

    fn audio(parts: &[(bool, usize)]) -> Vec<f32> {
        parts
            .iter()
            .flat_map(|&(v, ms)| if v { voice(ms) } else { quiet(ms) })
            .collect()
    }

    fn ms(chunk: &Chunk) -> (u64, u64) {
        (chunk.start_ms(), chunk.start_ms() + chunk.duration_ms())
    }

    #[test]
    fn a_pause_after_enough_speech_closes_a_chunk_in_its_middle() {
        let a = audio(&[(true, 5_000), (false, 600), (true, 5_000)]);
        let chunks = chunk_all(&a);
        assert_eq!(chunks.len(), 2, "{chunks:?}");
        // The cut falls inside the pause, 150 ms after it began (the middle of the first 300 ms).
        assert_eq!(ms(&chunks[0]), (0, 5_140));
        // The next chunk starts a little before the voice comes back.
        assert_eq!(ms(&chunks[1]), (5_600 - LEAD_KEEP_MS as u64, 10_600));
    }

    #[test]
    fn short_pauses_and_pauses_before_enough_speech_do_not_cut() {
        // 200 ms is articulation, not a pause; 2 s of speech is too little for a chunk.
        let a = audio(&[
            (true, 2_000),
            (false, 600),
            (true, 3_000),
            (false, 200),
            (true, 3_000),
        ]);
        let chunks = chunk_all(&a);
        assert_eq!(chunks.len(), 1, "{chunks:?}");
        assert_eq!(ms(&chunks[0]), (0, 8_800));
    }

    #[test]
    fn no_chunk_exceeds_the_maximum_even_without_pauses() {
        let a = audio(&[(true, 50_000)]);
        let chunks = chunk_all(&a);
        assert!(chunks.len() >= 3, "{chunks:?}");
        for c in &chunks {
            assert!(c.duration_ms() <= MAX_CHUNK_MS as u64, "{c:?}");
        }
        // Together they cover the whole speech without gaps or overlaps.
        for pair in chunks.windows(2) {
            assert_eq!(pair[0].samples.end, pair[1].samples.start);
        }
        assert_eq!(chunks.last().map(|c| c.samples.end), Some(a.len()));
    }

    #[test]
    fn a_forced_cut_lands_in_the_quietest_place() {
        // 15 s of speech, a 150 ms dip (too short to be a pause), 10 s more speech.
        let a = audio(&[(true, 15_000), (false, 160), (true, 10_000)]);
        let chunks = chunk_all(&a);
        let cut_ms = chunks[0].start_ms() + chunks[0].duration_ms();
        assert!((15_000..=15_160).contains(&cut_ms), "cut at {cut_ms} ms");
    }

    #[test]
    fn leading_and_trailing_silence_are_not_transcribed() {
        let a = audio(&[(false, 3_000), (true, 2_000), (false, 4_000)]);
        let chunks = chunk_all(&a);
        assert_eq!(chunks.len(), 1, "{chunks:?}");
        let (start, end) = ms(&chunks[0]);
        assert_eq!(start, 3_000 - LEAD_KEEP_MS as u64);
        assert_eq!(end, 5_000 + TAIL_KEEP_MS as u64);
    }

    #[test]
    fn silence_gives_no_chunk() {
        assert!(chunk_all(&quiet(5_000)).is_empty());
        assert!(chunk_all(&[]).is_empty());
        assert!(chunk_all(&[f32::NAN; 16_000]).is_empty());
    }

    /// Pushes `a` in 20 ms blocks (the capture worker's size), each under the rule `rule_at`
    /// gives for the block's start in ms, as the live worker does.
    fn chunks_live(a: &[f32], rule_at: impl Fn(usize) -> CutRule) -> Vec<(u64, u64)> {
        let mut chunker = Chunker::new();
        let mut out = Vec::new();
        for (i, block) in a.chunks(FRAME_LEN).enumerate() {
            out.extend(chunker.push_with(block, rule_at(i * FRAME_MS)));
        }
        out.extend(chunker.finish(a.len()));
        out.iter().map(ms).collect()
    }

    /// 3.5 s of voice, a 0.6 s pause, 3.5 s of voice, a 0.6 s pause, 5 s of voice.
    fn two_short_sentences_then_a_long_one() -> Vec<f32> {
        audio(&[
            (true, 3_500),
            (false, 600),
            (true, 3_500),
            (false, 600),
            (true, 5_000),
        ])
    }

    #[test]
    fn an_idle_transcriber_gets_a_chunk_at_every_pause_after_three_seconds_of_voice() {
        let a = two_short_sentences_then_a_long_one();
        let idle = chunks_live(&a, |_| CutRule::Eager);
        // Each pause closes a chunk in the middle of its first 160 ms (80 ms in); the next
        // chunk starts 200 ms before the voice comes back.
        assert_eq!(idle, vec![(0, 3_580), (3_900, 7_680), (8_000, 13_200)]);
    }

    #[test]
    fn a_busy_transcriber_and_a_file_keep_the_standard_cuts() {
        let a = two_short_sentences_then_a_long_one();
        let busy = chunks_live(&a, |_| CutRule::Standard);
        // 3.5 s of voice is too little for the standard rule: one cut, 140 ms into the second
        // pause.
        assert_eq!(busy, vec![(0, 7_740), (8_000, 13_200)]);
        let file: Vec<(u64, u64)> = chunk_all(&a).iter().map(ms).collect();
        assert_eq!(file, busy);
    }

    #[test]
    fn the_eager_rule_still_needs_a_pause_and_three_seconds_of_voice() {
        // A long pause after 2.5 s of voice; then a 100 ms gap (a stop consonant) after 4 s.
        let a = audio(&[
            (true, 2_500),
            (false, 800),
            (true, 1_500),
            (false, 100),
            (true, 3_000),
        ]);
        let idle = chunks_live(&a, |_| CutRule::Eager);
        assert_eq!(idle, vec![(0, 7_900)]);
    }

    #[test]
    fn a_pause_that_began_while_busy_is_cut_once_the_transcriber_is_idle() {
        let a = two_short_sentences_then_a_long_one();
        // Busy for the first 400 ms of the first pause, idle from then on: the cut lands in
        // the middle of the 420 ms of quiet seen by the first idle block.
        let idle = chunks_live(&a, |at| {
            if (3_500..3_900).contains(&at) {
                CutRule::Standard
            } else {
                CutRule::Eager
            }
        });
        assert_eq!(idle, vec![(0, 3_700), (3_900, 7_680), (8_000, 13_200)]);
    }

    #[test]
    fn after_an_eager_cut_the_rest_of_the_push_follows_the_standard_rule() {
        let a = audio(&[
            (true, 3_500),
            (false, 600),
            (true, 3_500),
            (false, 600),
            (true, 3_500),
            (false, 600),
            (true, 3_500),
        ]);
        let mut chunker = Chunker::new();
        let mut at_once = chunker.push_with(&a, CutRule::Eager);
        at_once.extend(chunker.finish(a.len()));
        let at_once: Vec<(u64, u64)> = at_once.iter().map(ms).collect();
        // The first pause closes a chunk; the second, 3.5 s of voice later, is too early for
        // the standard rule; the third closes the next.
        assert_eq!(at_once, vec![(0, 3_580), (3_900, 11_840), (12_100, 15_800)]);
        let per_block = chunks_live(&a, |_| CutRule::Eager);
        assert_eq!(
            per_block,
            vec![
                (0, 3_580),
                (3_900, 7_680),
                (8_000, 11_780),
                (12_100, 15_800)
            ]
        );
    }

    #[test]
    fn block_by_block_gives_the_same_chunks_as_all_at_once() {
        let a = audio(&[
            (false, 700),
            (true, 4_500),
            (false, 500),
            (true, 6_000),
            (false, 900),
            (true, 22_000),
            (false, 400),
            (true, 1_000),
        ]);
        let whole = chunk_all(&a);
        for block in [1usize, 160, 441, 4_096] {
            let mut chunker = Chunker::new();
            let mut live = Vec::new();
            for piece in a.chunks(block) {
                live.extend(chunker.push(piece));
            }
            live.extend(chunker.finish(a.len()));
            assert_eq!(live, whole, "block size {block}");
        }
    }
}
