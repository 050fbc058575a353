//! Typing a target band: the two lengths are edited as text and checked when the user presses
//! Enter or leaves the field, never on each keystroke (a drag value clamped each keystroke, so
//! typing 90 could end as 600, and dragging moved about a quarter second per pixel).
//!
//! Rules:
//! - A length is whole seconds ("90", "90 s", "90 sec"), minutes and seconds ("1:30"), or
//!   minutes ("2 min", "2m", "1m30", "1m 30s"). Anything else is refused with an example.
//! - It must lie in [`MIN_BAND_SECONDS`]..=[`MAX_TARGET_SECONDS`] (the prompt bank's limit).
//! - The shortest must not be longer than the longest; equal is allowed (a fixed length).
//! - A refused entry keeps what the user typed and the band in force, with the reason shown
//!   beside the field; nothing is changed silently.
//!
//! No egui here: the settings screen draws the fields and calls [`BandDraft::commit`].

pub use crate::prompts::MAX_TARGET_SECONDS;

/// The shortest band length accepted: under five seconds nothing can be said.
pub const MIN_BAND_SECONDS: u32 = 5;

/// Why a typed band was refused, in words the settings screen shows as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BandEntryError {
    #[error("Type a length, like 90 or 1:30.")]
    Empty,
    #[error(
        "\"{0}\" is not a length; type seconds (90), minutes and seconds (1:30) or minutes (2 min)."
    )]
    NotALength(String),
    #[error("{0} s is too short; the shortest band is {MIN_BAND_SECONDS} s.")]
    TooShort(u32),
    #[error("{0} s is too long; the longest band is {MAX_TARGET_SECONDS} s (10 min).")]
    TooLong(u32),
    #[error("The shortest ({low} s) is longer than the longest ({high} s).")]
    Reversed { low: u32, high: u32 },
}

/// Reads one typed length in seconds (see the module rules).
pub fn parse_length(text: &str) -> Result<u32, BandEntryError> {
    let trimmed = text.trim().to_lowercase();
    if trimmed.is_empty() {
        return Err(BandEntryError::Empty);
    }
    let not_a_length = || BandEntryError::NotALength(text.trim().to_string());
    let seconds = read_length(&trimmed).ok_or_else(not_a_length)?;
    if seconds < u64::from(MIN_BAND_SECONDS) {
        return Err(BandEntryError::TooShort(seconds as u32));
    }
    if seconds > u64::from(MAX_TARGET_SECONDS) {
        return Err(BandEntryError::TooLong(
            u32::try_from(seconds).unwrap_or(u32::MAX),
        ));
    }
    Ok(seconds as u32)
}

/// Seconds in `text` (lower-cased, trimmed), or `None` when it is not a length.
fn read_length(text: &str) -> Option<u64> {
    let number = |s: &str| -> Option<u64> {
        let s = s.trim();
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) || s.len() > 6 {
            return None;
        }
        s.parse().ok()
    };
    if let Some((minutes, seconds)) = text.split_once(':') {
        // Seconds after a colon are two digits below 60: "1:05", not "1:5" or "1:75".
        if seconds.trim().len() != 2 {
            return None;
        }
        let seconds = number(seconds).filter(|&s| s < 60)?;
        return Some(number(minutes)? * 60 + seconds);
    }
    for unit in ["seconds", "second", "secs", "sec", "s"] {
        if let Some(rest) = text.strip_suffix(unit)
            && !rest.trim_end().ends_with(|c: char| c.is_ascii_alphabetic())
        {
            return read_minutes_and_seconds(rest.trim_end(), &number);
        }
    }
    for unit in ["minutes", "minute", "mins", "min", "m"] {
        if let Some(rest) = text.strip_suffix(unit) {
            return number(rest).map(|m| m * 60);
        }
    }
    read_minutes_and_seconds(text, &number)
}

/// "1m30" / "1m 30" (seconds without their unit, after minutes) or plain seconds.
fn read_minutes_and_seconds(text: &str, number: &dyn Fn(&str) -> Option<u64>) -> Option<u64> {
    match text.split_once('m') {
        Some((minutes, seconds)) => {
            let seconds = number(seconds)?;
            (seconds < 60).then_some(())?;
            Some(number(minutes)? * 60 + seconds)
        }
        None => number(text),
    }
}

/// Reads a typed band: both lengths, the shortest first.
pub fn parse_band(low: &str, high: &str) -> Result<(u32, u32), BandEntryError> {
    let low = parse_length(low)?;
    let high = parse_length(high)?;
    if low > high {
        return Err(BandEntryError::Reversed { low, high });
    }
    Ok((low, high))
}

/// The text of one band being edited, and why the last entry was refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BandDraft {
    pub low: String,
    pub high: String,
    pub error: Option<BandEntryError>,
}

impl BandDraft {
    /// The fields showing `band`.
    pub fn of(band: (u32, u32)) -> Self {
        BandDraft {
            low: band.0.to_string(),
            high: band.1.to_string(),
            error: None,
        }
    }

    /// Checks the typed band (on Enter or when the field loses focus). A good band is returned
    /// and the fields show it as numbers; a bad one keeps the text, records the reason and
    /// returns `None`, so the band in force is unchanged.
    pub fn commit(&mut self) -> Option<(u32, u32)> {
        match parse_band(&self.low, &self.high) {
            Ok(band) => {
                *self = BandDraft::of(band);
                Some(band)
            }
            Err(err) => {
                self.error = Some(err);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_ninety_gives_ninety() {
        // The bug this replaces: each keystroke was clamped, so "9" became 5, then "50"...
        assert_eq!(parse_length("90"), Ok(90));
        assert_eq!(parse_length(" 90 s "), Ok(90));
        assert_eq!(parse_length("90sec"), Ok(90));
        assert_eq!(parse_length("90 seconds"), Ok(90));
    }

    #[test]
    fn minutes_are_understood_in_the_usual_ways() {
        assert_eq!(parse_length("1:30"), Ok(90));
        assert_eq!(parse_length("2:00"), Ok(120));
        assert_eq!(parse_length("2 min"), Ok(120));
        assert_eq!(parse_length("2m"), Ok(120));
        assert_eq!(parse_length("1m30"), Ok(90));
        assert_eq!(parse_length("1m 30s"), Ok(90));
        assert_eq!(parse_length("10 minutes"), Ok(600));
    }

    #[test]
    fn nonsense_is_refused_with_an_example() {
        for bad in [
            "ninety", "9o", "1:75", "1:5", "1:5:0", "-90", "90.5", "s", "1m75", "2 hours",
        ] {
            let err = parse_length(bad).unwrap_err();
            assert_eq!(err, BandEntryError::NotALength(bad.to_string()), "{bad}");
            assert!(err.to_string().contains("1:30"), "{err}");
        }
        assert_eq!(parse_length("   "), Err(BandEntryError::Empty));
    }

    #[test]
    fn lengths_outside_the_limits_are_refused_not_clamped() {
        assert_eq!(parse_length("4"), Err(BandEntryError::TooShort(4)));
        assert_eq!(parse_length("5"), Ok(5));
        assert_eq!(parse_length("600"), Ok(600));
        assert_eq!(parse_length("601"), Err(BandEntryError::TooLong(601)));
        assert_eq!(parse_length("11 min"), Err(BandEntryError::TooLong(660)));
        assert_eq!(
            parse_length("999999"),
            Err(BandEntryError::TooLong(999_999))
        );
        assert!(matches!(
            parse_length("99999999999"),
            Err(BandEntryError::NotALength(_))
        ));
    }

    #[test]
    fn a_band_must_run_from_shortest_to_longest() {
        assert_eq!(parse_band("60", "1:30"), Ok((60, 90)));
        assert_eq!(parse_band("90", "90"), Ok((90, 90)));
        assert_eq!(
            parse_band("100", "90"),
            Err(BandEntryError::Reversed { low: 100, high: 90 })
        );
    }

    #[test]
    fn a_refused_draft_keeps_the_text_and_the_band_in_force() {
        let mut draft = BandDraft::of((60, 120));
        draft.high = "9".into();
        assert_eq!(draft.commit(), None);
        assert_eq!(draft.high, "9", "what the user typed stays for them to fix");
        assert_eq!(
            draft.error,
            Some(BandEntryError::Reversed { low: 60, high: 9 })
        );
        draft.high = "1:30".into();
        assert_eq!(draft.commit(), Some((60, 90)));
        assert_eq!(
            draft,
            BandDraft::of((60, 90)),
            "shown as numbers, error gone"
        );
    }
}
