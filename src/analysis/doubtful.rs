//! Doubtful words: numbers and names the recogniser was unsure of.
//!
//! Rules: a word of a timed transcript is doubtful when its probability (the least sure of its
//! Whisper tokens, see [`crate::transcribe`]) is below [`DOUBTFUL_P`] and it is a number (digits
//! or a number word) or a name (a capitalised word that does not open a sentence and is not
//! "I"). Below even odds the recogniser found the alternatives together more likely than the
//! word it wrote, which is when "780" becomes "7.8". Such a word is shown as "check: heard as
//! 7.8", and a quantified result that rests only on doubtful numbers says so. Typed text is
//! never doubtful.
//!
//! Red flags: any word (not only numbers and names) below [`DOUBTFUL_P`] is *unsure*
//! ([`unsure_words`]). A rule's red flag rests on unsure words when the rules no longer raise
//! it (no flag of its kind overlaps it) on the text with those words blanked out
//! ([`masked_text`]: each replaced by as many "x" as it has characters, so every offset stays);
//! a flag of the learned judge or "not answering", which read a whole sentence or answer, rests
//! on them when at least [`UNSURE_SHARE`] of its words are unsure. Such a flag says "check:
//! heard as ..." in its why and does not cap the score on its own (the analysis,
//! [`super::analyze`]): "I mapped every step" heard as "I'm up to every step" is no bluff.
//!
//! Source: docs/sources.md ("a detector must show its evidence ... so the user can judge");
//! Whisper's per-token probabilities (whisper.cpp `whisper_token_data.p`).

use super::text::is_number;
use crate::transcript::Transcript;
use serde::{Deserialize, Serialize};

/// Numbers and names below this token probability are marked for checking.
pub const DOUBTFUL_P: f32 = 0.5;

/// A flag of the learned judge or "not answering" rests on unsure words when at least this share
/// of its words are unsure (they judge a whole sentence or answer, so one word rarely decides).
pub const UNSURE_SHARE: f32 = 0.25;

/// One doubtful word, with character offsets into the transcript text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoubtfulWord {
    pub text: String,
    pub start_char: usize,
    pub end_char: usize,
    /// The recogniser's probability for the word.
    pub p: f32,
    /// "check: heard as 7.8".
    pub note: String,
}

/// The doubtful numbers and names of a transcript.
pub fn find(transcript: &Transcript) -> Vec<DoubtfulWord> {
    if !transcript.timed {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut sentence_start = true;
    for word in transcript.words() {
        let bare = word
            .text
            .trim()
            .trim_matches(|c: char| !(c.is_alphanumeric() || c == '%' || c == '$'))
            .to_string();
        let opens = sentence_start;
        sentence_start = word.text.trim_end().ends_with(['.', '!', '?']);
        if bare.is_empty() || word.p >= DOUBTFUL_P || word.end_char <= word.start_char {
            continue;
        }
        let lower = bare.to_lowercase();
        let number = is_number(&lower);
        let name = !opens
            && bare.chars().next().is_some_and(char::is_uppercase)
            && !(lower == "i" || lower.starts_with("i'"));
        if number || name {
            let (start_char, end_char) = trimmed_chars(transcript, word.start_char, word.end_char);
            out.push(DoubtfulWord {
                note: format!("check: heard as {bare}"),
                text: bare,
                start_char,
                end_char,
                p: (word.p * 100.0).round() / 100.0,
            });
        }
    }
    out
}

/// Every word of a timed transcript heard below [`DOUBTFUL_P`], whatever it is: (start_char,
/// end_char, text) without surrounding punctuation. Empty for typed text.
pub fn unsure_words(transcript: &Transcript) -> Vec<(usize, usize, String)> {
    if !transcript.timed {
        return Vec::new();
    }
    transcript
        .words()
        .filter(|w| w.p < DOUBTFUL_P && w.end_char > w.start_char)
        .filter_map(|w| {
            let (s, e) = trimmed_chars(transcript, w.start_char, w.end_char);
            let text = transcript.slice_chars(s, e).to_string();
            text.chars()
                .any(char::is_alphanumeric)
                .then_some((s, e, text))
        })
        .collect()
}

/// `text` with every character of the `unsure` words (character spans) replaced by "x": the
/// words are gone but every offset is where it was.
pub fn masked_text(text: &str, unsure: &[(usize, usize, String)]) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if unsure.iter().any(|(s, e, _)| *s <= i && i < *e) {
                'x'
            } else {
                c
            }
        })
        .collect()
}

/// The unsure words inside a character span, and the share of the span's words they are.
pub fn unsure_in<'a>(
    unsure: &'a [(usize, usize, String)],
    text: &str,
    start_char: usize,
    end_char: usize,
) -> (Vec<&'a str>, f32) {
    let inside: Vec<&str> = unsure
        .iter()
        .filter(|(s, e, _)| *s < end_char && start_char < *e)
        .map(|(_, _, t)| t.as_str())
        .collect();
    let words = crate::transcript::slice_chars(text, start_char, end_char)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
        .max(1);
    let share = inside.len() as f32 / words as f32;
    (inside, share)
}

/// The word's character span without its surrounding punctuation.
fn trimmed_chars(transcript: &Transcript, start: usize, end: usize) -> (usize, usize) {
    let chars: Vec<char> = transcript
        .text
        .chars()
        .skip(start)
        .take(end - start)
        .collect();
    let keep = |c: &char| c.is_alphanumeric() || *c == '%' || *c == '$';
    let lead = chars.iter().take_while(|c| !keep(c)).count();
    let trail = chars.iter().rev().take_while(|c| !keep(c)).count();
    if lead + trail >= chars.len() {
        return (start, end);
    }
    (start + lead, end - trail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::{Segment, Word};

    fn transcript(words: &[(&str, f32)]) -> Transcript {
        let text = words.iter().map(|w| w.0).collect::<Vec<_>>().join(" ");
        let words = words
            .iter()
            .enumerate()
            .map(|(i, &(t, p))| Word {
                text: t.into(),
                start_ms: i as u64 * 300,
                end_ms: i as u64 * 300 + 250,
                p,
                start_char: 0,
                end_char: 0,
            })
            .collect();
        Transcript::from_segments(
            "t",
            10_000,
            vec![Segment {
                start_ms: 0,
                end_ms: 10_000,
                text,
                words,
            }],
        )
    }

    #[test]
    fn an_unsure_number_is_marked_for_checking() {
        let t = transcript(&[
            ("Latency", 0.9),
            ("fell", 0.9),
            ("to", 0.9),
            ("7.8", 0.31),
            ("milliseconds.", 0.8),
        ]);
        let d = find(&t);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].note, "check: heard as 7.8");
        assert_eq!(t.slice_chars(d[0].start_char, d[0].end_char), "7.8");
    }

    #[test]
    fn sure_numbers_unsure_common_words_and_typed_text_are_not_doubtful() {
        let t = transcript(&[("We", 0.9), ("cut", 0.2), ("40", 0.95), ("percent.", 0.9)]);
        assert!(find(&t).is_empty());
        assert!(find(&Transcript::from_text("We cut 40 percent.")).is_empty());
    }

    #[test]
    fn unsure_words_of_any_kind_are_listed_and_masked_in_place() {
        let t = transcript(&[
            ("I'm", 0.9),
            ("up", 0.3),
            ("to", 0.35),
            ("every", 0.9),
            ("step.", 0.9),
        ]);
        let u = unsure_words(&t);
        assert_eq!(
            u.iter().map(|w| w.2.as_str()).collect::<Vec<_>>(),
            ["up", "to"]
        );
        let masked = masked_text(&t.text, &u);
        assert_eq!(masked, "I'm xx xx every step.");
        assert_eq!(masked.chars().count(), t.text.chars().count());
        let (inside, share) = unsure_in(&u, &t.text, 0, t.text.chars().count());
        assert_eq!(inside, ["up", "to"]);
        assert!((share - 0.4).abs() < 1e-6, "{share}");
        assert!(unsure_words(&Transcript::from_text("I'm up to every step.")).is_empty());
    }

    #[test]
    fn an_unsure_name_inside_a_sentence_is_doubtful_but_the_opening_word_is_not() {
        let t = transcript(&[("Then", 0.3), ("I", 0.9), ("called", 0.9), ("Priya.", 0.4)]);
        let d = find(&t);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].text, "Priya");
    }
}
