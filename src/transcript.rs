//! The project's own transcript type: what Whisper heard, with times, in the shape every other
//! part reads (analysis, store, UI, `--json` output).
//!
//! Rules: times are whole milliseconds from the start of the audio; `text` is the segments'
//! texts, trimmed and joined by single spaces; each word carries its position in `text` as
//! Unicode character offsets (`start_char..end_char`, the same convention as Python string
//! indices), so evidence spans can point into the text exactly. A transcript built from typed
//! text (`from_text`) has no timing: `timed` is false and every time is zero.

use serde::{Deserialize, Serialize};

/// One recognised word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub start_ms: u64,
    pub end_ms: u64,
    /// The recogniser's confidence, 0..1: the least sure of the word's tokens (1 for typed text).
    pub p: f32,
    #[serde(default)]
    pub start_char: usize,
    #[serde(default)]
    pub end_char: usize,
}

/// A stretch of speech as the recogniser segmented it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
    pub words: Vec<Word>,
}

/// A whole transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    pub model: String,
    pub duration_ms: u64,
    pub text: String,
    pub segments: Vec<Segment>,
    /// False when the transcript came from typed text and carries no times.
    #[serde(default = "default_timed")]
    pub timed: bool,
}

fn default_timed() -> bool {
    true
}

/// How far ahead of the previous word (in bytes) a word is looked for in its segment's text.
const WORD_SEARCH_WINDOW: usize = 4096;

impl Transcript {
    /// Builds a transcript from segments whose words have text and times; fills `text` and
    /// every word's character offsets. Words that cannot be found in their segment's text (the
    /// recogniser split a token oddly) keep an empty span at the running position.
    pub fn from_segments(
        model: impl Into<String>,
        duration_ms: u64,
        segments: Vec<Segment>,
    ) -> Self {
        let mut text = String::new();
        let mut text_chars = 0usize;
        let mut out_segments = Vec::with_capacity(segments.len());
        for mut segment in segments {
            let seg_text = segment.text.trim().to_string();
            if seg_text.is_empty() && segment.words.is_empty() {
                continue;
            }
            if !text.is_empty() && !seg_text.is_empty() {
                text.push(' ');
                text_chars += 1;
            }
            let seg_start_char = text_chars;
            // Locate each word inside the segment text, left to right.
            // The cursor advances in bytes and characters together, and a word is looked for
            // only in the next few kilobytes, so a long segment costs linear time (counting
            // characters from the segment start for every word was quadratic).
            let mut cursor_byte = 0usize;
            let mut cursor_char = 0usize;
            for word in &mut segment.words {
                let needle = word.text.trim();
                let found = if needle.is_empty() {
                    None
                } else {
                    let mut window_end =
                        (cursor_byte + WORD_SEARCH_WINDOW + needle.len()).min(seg_text.len());
                    while !seg_text.is_char_boundary(window_end) {
                        window_end -= 1;
                    }
                    seg_text[cursor_byte..window_end].find(needle)
                };
                match found {
                    Some(rel) => {
                        let start_byte = cursor_byte + rel;
                        let end_byte = start_byte + needle.len();
                        let start = cursor_char + seg_text[cursor_byte..start_byte].chars().count();
                        let end = start + needle.chars().count();
                        word.start_char = seg_start_char + start;
                        word.end_char = seg_start_char + end;
                        cursor_byte = end_byte;
                        cursor_char = end;
                    }
                    None => {
                        let at = seg_start_char + cursor_char;
                        word.start_char = at;
                        word.end_char = at;
                    }
                }
                word.text = needle.to_string();
            }
            text.push_str(&seg_text);
            text_chars += seg_text.chars().count();
            segment.text = seg_text;
            out_segments.push(segment);
        }
        Transcript {
            model: model.into(),
            duration_ms,
            text,
            segments: out_segments,
            timed: true,
        }
    }

    /// A transcript of typed text: one segment, words split on white space, no times.
    pub fn from_text(text: &str) -> Self {
        let text = text.trim().to_string();
        let mut words = Vec::new();
        let mut char_pos = 0usize;
        let mut start: Option<(usize, usize)> = None; // (byte, char)
        for (byte, ch) in text.char_indices() {
            if ch.is_whitespace() {
                if let Some((sb, sc)) = start.take() {
                    words.push(typed_word(&text[sb..byte], sc, char_pos));
                }
            } else if start.is_none() {
                start = Some((byte, char_pos));
            }
            char_pos += 1;
        }
        if let Some((sb, sc)) = start {
            words.push(typed_word(&text[sb..], sc, char_pos));
        }
        let segments = if text.is_empty() {
            Vec::new()
        } else {
            vec![Segment {
                start_ms: 0,
                end_ms: 0,
                text: text.clone(),
                words,
            }]
        };
        Transcript {
            model: "typed".into(),
            duration_ms: 0,
            text,
            segments,
            timed: false,
        }
    }

    /// All words in order.
    /// A transcript read from a file (untrusted: edited, damaged or crafted) made consistent
    /// with its own rules: `text` and every word's character span are rebuilt from the
    /// segments, a word never ends before it starts, and the duration covers every word. A
    /// transcript this program wrote comes back unchanged.
    pub fn rebuilt_from_segments(self) -> Transcript {
        let timed = self.timed;
        let segments = self
            .segments
            .into_iter()
            .map(|mut segment| {
                segment.end_ms = segment.end_ms.max(segment.start_ms);
                for word in &mut segment.words {
                    word.end_ms = word.end_ms.max(word.start_ms);
                    if !word.p.is_finite() {
                        word.p = 0.0;
                    }
                }
                segment
            })
            .collect::<Vec<_>>();
        let last_end = segments
            .iter()
            .flat_map(|s| std::iter::once(s.end_ms).chain(s.words.iter().map(|w| w.end_ms)))
            .max()
            .unwrap_or(0);
        let mut out =
            Transcript::from_segments(self.model, self.duration_ms.max(last_end), segments);
        out.timed = timed;
        out
    }

    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.segments.iter().flat_map(|s| s.words.iter())
    }

    /// How many words were said: white-space separated pieces of the text holding at least one
    /// letter or digit (punctuation alone is not a word). Zero for a silent or accidental take.
    pub fn spoken_word_count(&self) -> usize {
        self.text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }

    /// The text between two character offsets (clamped to the text).
    pub fn slice_chars(&self, start_char: usize, end_char: usize) -> &str {
        slice_chars(&self.text, start_char, end_char)
    }
}

fn typed_word(text: &str, start_char: usize, end_char: usize) -> Word {
    Word {
        text: text.to_string(),
        start_ms: 0,
        end_ms: 0,
        p: 1.0,
        start_char,
        end_char,
    }
}

/// The part of `text` between two Unicode character offsets, clamped to the text.
pub fn slice_chars(text: &str, start_char: usize, end_char: usize) -> &str {
    let byte_at = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let start = byte_at(start_char);
    let end = byte_at(end_char.max(start_char));
    &text[start..end]
}

/// A transcript of `text` as one segment with one word every `word_ms`, as Whisper would time an
/// even speaker (for tests of the screens that play and show transcripts).
#[cfg(test)]
pub(crate) fn evenly_timed(text: &str, word_ms: u64) -> Transcript {
    let words: Vec<Word> = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| Word {
            text: w.into(),
            start_ms: i as u64 * word_ms,
            end_ms: (i as u64 + 1) * word_ms,
            p: 0.9,
            start_char: 0,
            end_char: 0,
        })
        .collect();
    let end = words.len() as u64 * word_ms;
    Transcript::from_segments(
        "tiny.en",
        end,
        vec![Segment {
            start_ms: 0,
            end_ms: end,
            text: text.into(),
            words,
        }],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, start_ms: u64, end_ms: u64) -> Word {
        Word {
            text: text.into(),
            start_ms,
            end_ms,
            p: 0.9,
            start_char: 0,
            end_char: 0,
        }
    }

    #[test]
    fn a_transcript_read_from_a_file_is_rebuilt_consistent_and_ours_comes_back_unchanged() {
        let ours = Transcript::from_segments(
            "tiny.en",
            2000,
            vec![Segment {
                start_ms: 0,
                end_ms: 2000,
                text: " Um, we shipped it.".into(),
                words: vec![
                    word(" Um,", 0, 400),
                    word(" we", 400, 800),
                    word(" shipped", 800, 1500),
                    word(" it.", 1500, 2000),
                ],
            }],
        );
        assert_eq!(ours.clone().rebuilt_from_segments(), ours);
        let typed = Transcript::from_text("I think  it went well.");
        assert_eq!(typed.clone().rebuilt_from_segments(), typed);
        // An edited file: the text no longer matches the words, times run backwards.
        let mut edited = ours.clone();
        edited.text = "Us".into();
        edited.segments[0].words[1].start_ms = 5000;
        edited.duration_ms = 10;
        let fixed = edited.rebuilt_from_segments();
        assert_eq!(fixed.text, ours.text);
        let chars = fixed.text.chars().count();
        for w in fixed.words() {
            assert!(w.start_char <= w.end_char && w.end_char <= chars);
            assert!(w.start_ms <= w.end_ms && w.end_ms <= fixed.duration_ms);
        }
    }

    #[test]
    fn from_segments_joins_text_and_places_words_by_character() {
        let t = Transcript::from_segments(
            "tiny.en",
            3000,
            vec![
                Segment {
                    start_ms: 0,
                    end_ms: 1000,
                    text: " Café opened.".into(),
                    words: vec![word(" Café", 0, 500), word(" opened.", 500, 1000)],
                },
                Segment {
                    start_ms: 1000,
                    end_ms: 3000,
                    text: " We grew 40%.".into(),
                    words: vec![
                        word(" We", 1000, 1200),
                        word(" grew", 1200, 1500),
                        word(" 40%.", 1500, 2000),
                    ],
                },
            ],
        );
        assert_eq!(t.text, "Café opened. We grew 40%.");
        let spans: Vec<_> = t
            .words()
            .map(|w| t.slice_chars(w.start_char, w.end_char).to_string())
            .collect();
        assert_eq!(spans, ["Café", "opened.", "We", "grew", "40%."]);
    }

    #[test]
    fn from_text_has_no_timing_and_exact_spans() {
        let t = Transcript::from_text("  I led   the migration ");
        assert!(!t.timed);
        let spans: Vec<_> = t.words().map(|w| (w.start_char, w.end_char)).collect();
        assert_eq!(spans, [(0, 1), (2, 5), (8, 11), (12, 21)]);
        assert!(Transcript::from_text("   ").segments.is_empty());
    }
}
