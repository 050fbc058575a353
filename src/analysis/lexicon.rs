//! Phrase lists matched against tokens.
//!
//! Rules: a phrase is written as space-separated lower-case words; a word ending in `*` matches
//! any token with that prefix ("reduc*" matches "reduced", "reducing"), `#` matches a number
//! (see [`super::text::is_number`]) and `?` matches any one token. Matching is by token, never
//! by substring, so "um" never matches inside "umbrella" and punctuation between words does
//! not stop a phrase (transcribers place commas unpredictably).

use super::text::{TextIndex, is_number};

/// One matched phrase: tokens `start..end` and the phrase's position in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub phrase: usize,
}

/// A compiled phrase list.
#[derive(Debug)]
pub struct Lexicon {
    phrases: Vec<Vec<&'static str>>,
}

impl Lexicon {
    pub fn new(phrases: &[&'static str]) -> Self {
        Lexicon {
            phrases: phrases
                .iter()
                .map(|p| p.split_whitespace().collect())
                .collect(),
        }
    }

    /// Every phrase match that starts and ends inside `range`, longest first at each start,
    /// without overlaps (left to right).
    pub fn find(&self, index: &TextIndex, range: std::ops::Range<usize>) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = range.start;
        while i < range.end {
            match self.longest_at(index, i, range.end) {
                Some(hit) => {
                    i = hit.end;
                    hits.push(hit);
                }
                None => i += 1,
            }
        }
        hits
    }

    /// Whether any phrase matches inside `range`.
    pub fn any(&self, index: &TextIndex, range: std::ops::Range<usize>) -> bool {
        range
            .clone()
            .any(|i| self.longest_at(index, i, range.end).is_some())
    }

    /// The longest phrase matching at token `i` and ending by `limit`.
    pub fn longest_at(&self, index: &TextIndex, i: usize, limit: usize) -> Option<Hit> {
        let mut best: Option<Hit> = None;
        for (p, words) in self.phrases.iter().enumerate() {
            let end = i + words.len();
            if end > limit || words.is_empty() {
                continue;
            }
            let matched = words
                .iter()
                .enumerate()
                .all(|(k, pat)| word_matches(pat, index.word(i + k)));
            if matched && best.is_none_or(|b| end > b.end) {
                best = Some(Hit {
                    start: i,
                    end,
                    phrase: p,
                });
            }
        }
        best
    }
}

fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern {
        "?" => !word.is_empty(),
        "#" => is_number(word),
        _ => match pattern.strip_suffix('*') {
            Some(prefix) => word.starts_with(prefix),
            None => pattern == word,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_tokens_only() {
        let lex = Lexicon::new(&["um"]);
        let idx = TextIndex::new("My umbrella, um, broke.");
        let hits = lex.find(&idx, 0..idx.tokens.len());
        assert_eq!(hits.len(), 1);
        assert_eq!(idx.word(hits[0].start), "um");
    }

    #[test]
    fn prefix_number_and_wildcard_patterns() {
        let lex = Lexicon::new(&["reduc* ? by #"]);
        let idx = TextIndex::new("We reduced costs by 30% overall.");
        let hits = lex.find(&idx, 0..idx.tokens.len());
        assert_eq!(
            hits,
            [Hit {
                start: 1,
                end: 5,
                phrase: 0
            }]
        );
    }

    #[test]
    fn longest_phrase_wins_at_a_position() {
        let lex = Lexicon::new(&["i think", "i think maybe"]);
        let idx = TextIndex::new("I think maybe we should.");
        let hits = lex.find(&idx, 0..idx.tokens.len());
        assert_eq!(
            hits,
            [Hit {
                start: 0,
                end: 3,
                phrase: 1
            }]
        );
    }

    #[test]
    fn a_phrase_does_not_run_past_the_range() {
        let lex = Lexicon::new(&["as a result"]);
        let idx = TextIndex::new("as a result");
        assert!(lex.find(&idx, 0..2).is_empty());
    }
}
