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

/// A second answer, about a minute long, spoken after [`STAR_ANSWER`] to make a two-minute
/// recording for the live benchmark.
pub const SECOND_ANSWER: &str = "Last spring our mobile app crashed on launch for about one user in twenty, and \
the reviews got worse every week. I was asked to lead a group of four engineers and fix it within a month. We \
started by adding better crash reports, so that each failure named the phone and the screen it came from. Within \
a week we knew that almost every crash came from one image library on older phones. I decided to replace that \
library instead of patching it again, and I split the work so that two people rewrote the image code while the \
others built automatic tests on 12 old devices. We shipped the new version after three weeks. The crash rate fell \
from 5 percent to almost nothing, and the rating in the store went up by more than one star. The lesson for me \
was to measure first and argue later, because the data settled a debate that had gone on for months.";

/// Where Debian's `pocketsphinx-testdata` keeps its LibriVox read-speech clips.
pub const LIBRIVOX_DIR: &str = "/usr/share/pocketsphinx/test/data/librivox";
/// Silence put between the LibriVox clips when they are joined into one recording.
const LIBRIVOX_GAP_SECONDS: f32 = 0.6;

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

/// The ~2 minute recording: the STAR answer, then the second answer.
pub fn long_answer(dir: &Path) -> Result<Fixture, FixtureError> {
    speak(
        dir,
        "long-answer",
        &format!("{STAR_ANSWER} {SECOND_ANSWER}"),
    )
}

/// Real human speech: the LibriVox clips of `pocketsphinx-testdata` joined into one 16 kHz WAV
/// with short gaps, and their transcript. `Ok(None)` when the package is not installed.
pub fn librivox(dir: &Path) -> Result<Option<Fixture>, FixtureError> {
    let source = Path::new(LIBRIVOX_DIR);
    let Ok(listing) = std::fs::read_to_string(source.join("transcription")) else {
        return Ok(None);
    };
    let failed = |message: String| FixtureError::Failed {
        tool: "pocketsphinx-testdata",
        message,
    };
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let wav = dir.join("librivox.wav");
    let mut writer = hound::WavWriter::create(&wav, spec).map_err(|e| failed(e.to_string()))?;
    let gap = (LIBRIVOX_GAP_SECONDS * 16_000.0) as usize;
    let mut text = Vec::new();
    for line in listing.lines() {
        // "<s> words </s> (file-id)"
        let Some((words, id)) = line.rsplit_once('(') else {
            continue;
        };
        let id = id.trim().trim_end_matches(')');
        let words = words.replace("<s>", "").replace("</s>", "");
        let mut reader = hound::WavReader::open(source.join(format!("{id}.wav")))
            .map_err(|e| failed(format!("{id}.wav: {e}")))?;
        for _ in 0..gap {
            writer
                .write_sample(0i16)
                .map_err(|e| failed(e.to_string()))?;
        }
        for sample in reader.samples::<i16>() {
            let sample = sample.map_err(|e| failed(format!("{id}.wav: {e}")))?;
            writer
                .write_sample(sample)
                .map_err(|e| failed(e.to_string()))?;
        }
        text.push(words.trim().to_string());
    }
    for _ in 0..gap {
        writer
            .write_sample(0i16)
            .map_err(|e| failed(e.to_string()))?;
    }
    writer.finalize().map_err(|e| failed(e.to_string()))?;
    Ok(Some(Fixture {
        wav,
        text: text.join(" "),
    }))
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
