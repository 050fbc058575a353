//! Spoken test material made on the spot with espeak-ng and sox, and the word error rate used
//! to score transcripts of it (the benchmark and the real-model tests share these).
//!
//! Rule: nothing is downloaded or checked in; the texts below are our own, and the speech is
//! synthesised at 22.05 kHz (espeak-ng's rate) and padded with half a second of silence by sox,
//! so the decoder's resampling path is exercised too. WER is the word-level Levenshtein distance
//! divided by the reference length, after lower-casing, dropping punctuation and writing small
//! number words as digits (Whisper writes "9 days" or "nine days" at will).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A ~60 s behavioural answer in STAR shape (situation, task, action, result, learning) with
/// numbers in it.
pub const STAR_ANSWER: &str = "Two years ago I was the support lead at a delivery company, and our customers waited 10 days on average for a \
refund. My task was to bring that under 3 days without hiring anyone. First, I mapped every step of the refund \
process with the 12 people on my team, and we found that most of the delay came from manual approval of small \
claims. I proposed a rule that claims under 50 dollars would be approved automatically, and I wrote a short \
guide so that agents could handle the exceptions. I also set up a weekly review to catch mistakes early. After \
8 weeks the average wait dropped to 2 days, complaints about refunds fell by 40 percent, and the team saved \
about 20 hours every week. What I learned is that the biggest gains often come from removing a step rather \
than working harder at it, so I now start every project by asking which steps we can remove.";

/// The numbers the STAR answer must keep.
pub const STAR_NUMBERS: &[&str] = &["10", "3", "12", "50", "8", "2", "40", "20"];

/// A short answer with hesitations.
pub const FILLER_ANSWER: &str = "Um, I think the hardest part was the deadline. Uh, we had two weeks, and um, \
the client kept changing the scope. Uh, so I set up a daily call.";

/// Silence added before and after the speech, seconds.
const PAD_SECONDS: &str = "0.5";
/// espeak-ng speaking rate in words per minute: a calm interview pace (docs/sources.md puts
/// comfortable speech at about 130-160 wpm).
const SPEECH_WPM: &str = "150";

/// Generated speech and the text it says.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub wav: PathBuf,
    pub text: String,
}

/// Why speech could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("{tool} is not installed or failed to start ({source}); run `bash scripts/setup.sh`")]
    Missing {
        tool: &'static str,
        source: std::io::Error,
    },
    #[error("{tool} failed: {message}")]
    Failed { tool: &'static str, message: String },
}

fn run(tool: &'static str, args: &[&std::ffi::OsStr]) -> Result<(), FixtureError> {
    let out = Command::new(tool)
        .args(args)
        .output()
        .map_err(|source| FixtureError::Missing { tool, source })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(FixtureError::Failed {
            tool,
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

/// Speaks `text` into `dir/name.wav` (22.05 kHz mono, half a second of silence each side).
pub fn speak(dir: &Path, name: &str, text: &str) -> Result<Fixture, FixtureError> {
    let raw = dir.join(format!("{name}.raw.wav"));
    let wav = dir.join(format!("{name}.wav"));
    run(
        "espeak-ng",
        &[
            "-v".as_ref(),
            "en-us".as_ref(),
            "-s".as_ref(),
            SPEECH_WPM.as_ref(),
            "-w".as_ref(),
            raw.as_os_str(),
            text.as_ref(),
        ],
    )?;
    run(
        "sox",
        &[
            raw.as_os_str(),
            wav.as_os_str(),
            "pad".as_ref(),
            PAD_SECONDS.as_ref(),
            PAD_SECONDS.as_ref(),
        ],
    )?;
    let _ = std::fs::remove_file(&raw);
    Ok(Fixture {
        wav,
        text: text.to_string(),
    })
}

/// The ~60 s STAR answer.
pub fn star_answer(dir: &Path) -> Result<Fixture, FixtureError> {
    speak(dir, "star-answer", STAR_ANSWER)
}

/// The short answer with "um" and "uh".
pub fn filler_answer(dir: &Path) -> Result<Fixture, FixtureError> {
    speak(dir, "filler-answer", FILLER_ANSWER)
}

fn number_word(w: &str) -> Option<&'static str> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const DIGITS: [&str; 21] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
        "17", "18", "19", "20",
    ];
    const TENS: [(&str, &str); 7] = [
        ("thirty", "30"),
        ("forty", "40"),
        ("fifty", "50"),
        ("sixty", "60"),
        ("seventy", "70"),
        ("eighty", "80"),
        ("ninety", "90"),
    ];
    WORDS
        .iter()
        .position(|x| *x == w)
        .map(|i| DIGITS[i])
        .or_else(|| TENS.iter().find(|(t, _)| *t == w).map(|(_, d)| *d))
}

/// Lower-cased words without punctuation; "%" becomes "percent", "$50" becomes "50 dollars",
/// small number words become digits, and "2,000" becomes "2000".
pub fn normalize_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        let lower = raw.to_lowercase();
        let dollars = lower.starts_with('$');
        let percent = lower.contains('%');
        let cleaned: String = lower
            .chars()
            .filter(|c| *c != ',')
            .map(|c| {
                if c.is_alphanumeric() || c == '\'' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        for w in cleaned.split_whitespace() {
            let w = w.trim_matches('\'');
            if w.is_empty() {
                continue;
            }
            out.push(number_word(w).map_or_else(|| w.to_string(), str::to_string));
        }
        if percent {
            out.push("percent".into());
        }
        if dollars {
            out.push("dollars".into());
        }
    }
    out
}

/// Word error rate of `hypothesis` against `reference` (0 = perfect).
pub fn word_error_rate(reference: &str, hypothesis: &str) -> f64 {
    let r = normalize_words(reference);
    let h = normalize_words(hypothesis);
    if r.is_empty() {
        return if h.is_empty() { 0.0 } else { 1.0 };
    }
    let mut prev: Vec<usize> = (0..=h.len()).collect();
    for (i, rw) in r.iter().enumerate() {
        let mut cur = vec![i + 1; h.len() + 1];
        for (j, hw) in h.iter().enumerate() {
            let sub = prev[j] + usize::from(rw != hw);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[h.len()] as f64 / r.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_handles_numbers_money_and_punctuation() {
        assert_eq!(
            normalize_words("Fell by 40%, saved $50."),
            ["fell", "by", "40", "percent", "saved", "50", "dollars"]
        );
        assert_eq!(
            normalize_words("Nine days, 2,000 users"),
            ["9", "days", "2000", "users"]
        );
    }

    #[test]
    fn word_error_rate_counts_edits() {
        assert_eq!(word_error_rate("a b c d", "a b c d"), 0.0);
        assert_eq!(word_error_rate("a b c d", "a x c d"), 0.25);
        assert_eq!(word_error_rate("a b c d", "a c d"), 0.25);
        assert_eq!(word_error_rate("a b c d", "a b c d e"), 0.25);
        assert_eq!(
            word_error_rate("We waited nine days.", "we waited 9 days"),
            0.0
        );
    }
}
