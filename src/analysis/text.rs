//! Words, clauses and sentences of an answer, with their positions in the transcript text.
//!
//! Rules: a *token* is a run of letters or digits, allowing an apostrophe or hyphen inside a
//! word ("don't", "on-call"), a decimal point or thousands comma between digits ("2.5",
//! "1,200"), a leading `$` and a trailing `%`. Everything between two tokens is their *gap*;
//! the gap's punctuation is what the other modules read ("like," is not "like"). A *unit* is a
//! sentence (ended by `.`, `!`, `?` or `;`), and a long sentence (over
//! [`LONG_SENTENCE_TOKENS`] tokens, typical of spoken run-ons) is further split before a
//! discourse marker that starts a new clause ("and then", ", so", ", but", ", which meant").
//! Units are what the structure classifier labels, so a run-on answer still gets its
//! situation, action and result told apart.
//!
//! Positions are byte offsets inside this module and its callers; [`CharMap`] converts them to
//! the Unicode character offsets that [`crate::transcript`] and the feedback use.

/// A sentence longer than this many tokens is split at clause markers. Spoken answers run
/// sentences together with "and then", "so"; 25 tokens is about 10 s of speech at the
/// conversational 110-150 WPM of docs/sources.md ("Pace").
pub const LONG_SENTENCE_TOKENS: usize = 25;

/// Never split off a clause shorter than this many tokens (a fragment carries no element).
const MIN_CLAUSE_TOKENS: usize = 4;

/// One word of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Lower-case form with typographic apostrophes made straight.
    pub lower: String,
}

/// A sentence or clause: tokens `first..end_token`, text `start..end` (bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    pub first: usize,
    pub end_token: usize,
    /// True when the sentence this unit belongs to ends with a question mark.
    pub question: bool,
}

impl Unit {
    pub fn len(&self) -> usize {
        self.end_token - self.first
    }

    pub fn is_empty(&self) -> bool {
        self.end_token == self.first
    }

    pub fn tokens(&self) -> std::ops::Range<usize> {
        self.first..self.end_token
    }
}

/// The tokenised text.
#[derive(Debug, Clone)]
pub struct TextIndex<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    pub units: Vec<Unit>,
}

impl<'a> TextIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let mut index = TextIndex {
            text,
            tokens,
            units: Vec::new(),
        };
        index.units = index.split_units();
        index
    }

    /// The characters between token `i` and the next one (or the end of the text).
    pub fn gap_after(&self, i: usize) -> &'a str {
        let Some(token) = self.tokens.get(i) else {
            return "";
        };
        let end = self.tokens.get(i + 1).map_or(self.text.len(), |t| t.start);
        &self.text[token.end..end]
    }

    /// The characters between the previous token (or the start) and token `i`.
    pub fn gap_before(&self, i: usize) -> &'a str {
        let Some(token) = self.tokens.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.tokens[i - 1].end };
        &self.text[start..token.start]
    }

    /// Lower-case form of token `i`, or "" past either end.
    pub fn word(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.lower.as_str())
    }

    /// Whether the gap after token `i` holds clause punctuation (`,` `;` `:` or a dash).
    pub fn comma_after(&self, i: usize) -> bool {
        has_clause_punct(self.gap_after(i))
    }

    /// Whether the gap before token `i` holds clause punctuation.
    pub fn comma_before(&self, i: usize) -> bool {
        has_clause_punct(self.gap_before(i))
    }

    /// Whether a sentence ends right after token `i`.
    pub fn sentence_end_after(&self, i: usize) -> bool {
        i + 1 >= self.tokens.len() || has_sentence_punct(self.gap_after(i))
    }

    /// Whether any punctuation (clause or sentence) follows token `i`.
    pub fn punct_after(&self, i: usize) -> bool {
        self.comma_after(i) || self.sentence_end_after(i)
    }

    /// Index of the unit containing token `i`.
    pub fn unit_of(&self, i: usize) -> Option<usize> {
        let pos = self.units.partition_point(|u| u.end_token <= i);
        (pos < self.units.len() && self.units[pos].first <= i).then_some(pos)
    }

    /// Byte span of tokens `from..to` (exclusive), from the first token's start to the last
    /// token's end.
    pub fn span(&self, from: usize, to: usize) -> (usize, usize) {
        let to = to.min(self.tokens.len());
        if from >= to {
            return (0, 0);
        }
        (self.tokens[from].start, self.tokens[to - 1].end)
    }

    fn split_units(&self) -> Vec<Unit> {
        let mut units = Vec::new();
        let n = self.tokens.len();
        let mut sentence_start = 0;
        for i in 0..n {
            if self.sentence_end_after(i) {
                let question = self.gap_after(i).contains('?');
                self.push_sentence(sentence_start, i + 1, question, &mut units);
                sentence_start = i + 1;
            }
        }
        units
    }

    fn push_sentence(&self, first: usize, end_token: usize, question: bool, units: &mut Vec<Unit>) {
        let mut cuts = vec![first];
        if end_token - first > LONG_SENTENCE_TOKENS {
            let mut last_cut = first;
            for i in first + 1..end_token {
                if i - last_cut >= MIN_CLAUSE_TOKENS
                    && end_token - i >= MIN_CLAUSE_TOKENS
                    && self.starts_clause(i)
                {
                    cuts.push(i);
                    last_cut = i;
                }
            }
        }
        cuts.push(end_token);
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let start = self.tokens[a].start;
            let mut end = self.tokens[b - 1].end;
            // Keep the closing punctuation of the sentence with its last unit.
            if b == end_token {
                let gap = self.gap_after(b - 1);
                let closing = gap
                    .char_indices()
                    .take_while(|(_, c)| ".!?;\"'”’)".contains(*c))
                    .last();
                if let Some((at, c)) = closing {
                    end += at + c.len_utf8();
                }
            }
            units.push(Unit {
                start,
                end,
                first: a,
                end_token: b,
                question,
            });
        }
    }

    /// Whether token `i` begins a new clause of a run-on sentence.
    fn starts_clause(&self, i: usize) -> bool {
        let w = self.word(i);
        let next = self.word(i + 1);
        let comma = self.comma_before(i);
        match w {
            "and" => {
                matches!(next, "then" | "so")
                    || (comma && matches!(next, "i" | "we" | "it" | "that"))
            }
            "so" => comma || matches!(next, "i" | "we"),
            "but" | "which" => comma,
            "then" => comma,
            "after" | "once" | "eventually" | "finally" => comma,
            _ => false,
        }
    }
}

fn has_clause_punct(gap: &str) -> bool {
    gap.chars()
        .any(|c| matches!(c, ',' | ';' | ':' | '—' | '–' | '…'))
        || gap.contains(" - ")
        || gap.contains("--")
}

fn has_sentence_punct(gap: &str) -> bool {
    gap.chars()
        .any(|c| matches!(c, '.' | '!' | '?' | ';' | '。' | '！' | '？'))
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let starts_word = c.is_alphanumeric()
            || (c == '$' && chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_digit()));
        if !starts_word {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let (_, c) = chars[j];
            if c.is_alphanumeric() {
                j += 1;
                continue;
            }
            let prev = chars[j - 1].1;
            let next = chars.get(j + 1).map(|(_, n)| *n);
            let joins = match c {
                '\'' | '’' | '-' => {
                    prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric)
                }
                '.' | ',' => prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
                _ => false,
            };
            if joins {
                j += 2;
            } else {
                if c == '%' {
                    j += 1;
                }
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
        let lower = text[start..end].to_lowercase().replace('’', "'");
        tokens.push(Token { start, end, lower });
        i = j;
    }
    tokens
}

/// Converts byte offsets of one text to Unicode character offsets.
#[derive(Debug, Clone)]
pub struct CharMap {
    /// Byte offset of every character, in order.
    char_starts: Vec<usize>,
    len_bytes: usize,
}

impl CharMap {
    pub fn new(text: &str) -> Self {
        CharMap {
            char_starts: text.char_indices().map(|(b, _)| b).collect(),
            len_bytes: text.len(),
        }
    }

    /// The character index of the character starting at (or containing) byte `byte`.
    pub fn char_at(&self, byte: usize) -> usize {
        if byte >= self.len_bytes {
            return self.char_starts.len();
        }
        self.char_starts.partition_point(|&b| b < byte)
    }

    /// The byte offset of character `c` (the text length past the end).
    pub fn byte_at(&self, c: usize) -> usize {
        self.char_starts.get(c).copied().unwrap_or(self.len_bytes)
    }
}

/// Whether a lower-case token is a number: digits, or a number word large enough to measure
/// something ("one" is left out: "one of", "no one", "one day" are rarely quantities).
pub fn is_number(word: &str) -> bool {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    // "twenty-one", "one-third": a compound is a number when a part is.
    if let Some((a, b)) = word.split_once('-') {
        return is_number_word(a) || is_number_word(b);
    }
    is_number_word(word)
}

fn is_number_word(word: &str) -> bool {
    matches!(
        word,
        "zero"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "thirteen"
            | "fourteen"
            | "sixteen"
            | "seventeen"
            | "eighteen"
            | "nineteen"
            | "fifteen"
            | "twenty"
            | "thirty"
            | "forty"
            | "fifty"
            | "sixty"
            | "seventy"
            | "eighty"
            | "ninety"
            | "hundred"
            | "hundreds"
            | "thousand"
            | "thousands"
            | "million"
            | "millions"
            | "billion"
            | "dozen"
            | "dozens"
            | "half"
            | "twice"
            | "double"
            | "doubled"
            | "triple"
            | "tripled"
            | "halved"
            | "percent"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        TextIndex::new(text)
            .tokens
            .into_iter()
            .map(|t| t.lower)
            .collect()
    }

    #[test]
    fn punctuation_is_not_part_of_a_word() {
        assert_eq!(
            words("Well, um... I think so!"),
            ["well", "um", "i", "think", "so"]
        );
    }

    #[test]
    fn contractions_hyphens_and_numbers_stay_whole() {
        assert_eq!(
            words("I don’t run on-call; we saved $1,200.50 or 40%."),
            [
                "i",
                "don't",
                "run",
                "on-call",
                "we",
                "saved",
                "$1,200.50",
                "or",
                "40%"
            ]
        );
    }

    #[test]
    fn sentences_split_at_terminal_punctuation() {
        let idx = TextIndex::new("We had an outage. I fixed it! Did it work?");
        let texts: Vec<_> = idx
            .units
            .iter()
            .map(|u| &idx.text[u.start..u.end])
            .collect();
        assert_eq!(texts, ["We had an outage.", "I fixed it!", "Did it work?"]);
        assert!(idx.units[2].question);
    }

    #[test]
    fn long_run_on_sentence_splits_before_and_then() {
        let text = "we had this old billing system that nobody really understood at all and it kept \
                    failing every single month and then I sat down with the finance team and mapped \
                    every step of the process";
        let idx = TextIndex::new(text);
        assert_eq!(idx.units.len(), 2);
        assert!(idx.text[idx.units[1].start..].starts_with("and then I sat"));
    }

    #[test]
    fn short_sentence_with_and_then_is_not_split() {
        let idx = TextIndex::new("I called them and then I wrote it down.");
        assert_eq!(idx.units.len(), 1);
    }

    #[test]
    fn char_map_counts_characters_not_bytes() {
        let text = "Café — naïve 🙂 ok";
        let map = CharMap::new(text);
        let ok = text.find("ok").unwrap();
        assert_eq!(map.char_at(ok), text.chars().count() - 2);
        assert_eq!(map.byte_at(map.char_at(ok)), ok);
        assert_eq!(map.char_at(text.len()), text.chars().count());
    }

    #[test]
    fn numbers_and_number_words_count_but_one_does_not() {
        assert!(is_number("40%"));
        assert!(is_number("twice"));
        assert!(!is_number("one"));
        assert!(!is_number("first"));
    }

    #[test]
    fn gaps_report_commas_and_sentence_ends() {
        let idx = TextIndex::new("So, like, I mean it.");
        assert!(idx.comma_after(0));
        assert!(idx.comma_before(1));
        assert!(idx.sentence_end_after(4));
        assert!(!idx.sentence_end_after(2));
    }
}
