//! Words, clauses and sentences of an answer, with their positions in the transcript text.
//!
//! Rules: a *token* is a run of letters or digits, allowing an apostrophe or hyphen inside a
//! word ("don't", "on-call"), a decimal point or thousands comma between digits ("2.5",
//! "1,200"), a leading `$` and a trailing `%`. Everything between two tokens is their *gap*;
//! the gap's punctuation is what the other modules read ("like," is not "like"). A *unit* is a
//! sentence (ended by `.`, `!`, `?` or `;`), and a long sentence (over
//! [`LONG_SENTENCE_TOKENS`] tokens, typical of spoken run-ons) is further split before a
//! discourse marker that starts a new clause ("and then", ", so", ", but", ", which meant"),
//! before the closing reflection of a story ("and these days i...", "so what i took from
//! it is...", "um since then i..."; rule at `TextIndex::opens_reflection`), and (since 3 Dec
//! 2026) before a connector or pause filler that leads into a clause with its own subject ("and
//! she ran the marathon...", "uh i'd been handed the section...", "which meant..."; rule at
//! `TextIndex::opens_subject_clause`), which dictated text without full stops would otherwise
//! leave inside one long unit with the clauses around them. Units are what the
//! structure classifier labels, so a run-on answer still gets its situation, action, result
//! and lesson told apart.
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
        let marker = match w {
            "and" => {
                matches!(next, "then" | "so")
                    || (comma && matches!(next, "i" | "we" | "it" | "that"))
            }
            "so" => comma || matches!(next, "i" | "we"),
            "but" | "which" => comma,
            "then" => comma,
            "after" | "once" | "eventually" | "finally" => comma,
            _ => false,
        };
        marker || self.opens_reflection(i) || self.opens_subject_clause(i)
    }

    /// Whether token `i` is a connector or pause filler that leads a run-on into a new clause
    /// with its own subject: "...the lip was too high for her chair | uh i'd been handed that
    /// section...", "...we built the running back up slowly | and she ran the whole marathon...",
    /// "...and i rang the company | and the council wanted us to...". Dictated text has no
    /// full stops, so without this the duty or the outcome stays inside a long unit of the
    /// situation or the actions.
    ///
    /// Rule: the token is "and", "so", "but" or a pause filler, the first of a run of them, and
    /// after the run (and a "you know" / "i mean") comes a subject: a personal pronoun, a
    /// possessive or "the" with a finite verb within five words ("and the vets agreed", not
    /// "my notebook and the court list"), "nobody", "nothing", "everyone", a number. The word
    /// before must be able to end a clause: not a preposition, determiner, subordinator,
    /// auxiliary or subject ("in uh in leeds", "the um the form", "it was um the best", "i uh i
    /// went" do not cut), and "so" + subject + a modal within three words is a purpose clause
    /// that stays with the clause before it ("documented so nobody can point at me").
    /// "which meant" / "which means" also starts a clause (the outcome).
    fn opens_subject_clause(&self, i: usize) -> bool {
        let w = self.word(i);
        let filler = FILLERS.contains(&w);
        if w == "which" && matches!(self.word(i + 1), "meant" | "means") {
            // "...and i drove it over myself | which meant she had it two days early".
            return true;
        }
        if !(filler || matches!(w, "and" | "so" | "but")) {
            return false;
        }
        let before = i.checked_sub(1).map_or("", |k| self.word(k));
        if i == 0
            || i.checked_sub(1).is_some_and(|k| self.connector_len(k) == 1)
            || i.checked_sub(2).is_some_and(|k| self.connector_len(k) == 2)
            || FRAME_GOVERNORS.contains(&before)
            || NOT_CLAUSE_FINAL.contains(&before)
            || SUBJECTS.contains(&before)
        {
            return false;
        }
        let mut j = i;
        for _ in 0..4 {
            match self.connector_len(j) {
                0 => break,
                n => j += n,
            }
        }
        let subject = self.word(j);
        if w == "so" && j == i + 1 && (j + 1..j + 4).any(|k| MODALS.contains(&self.word(k))) {
            // "...documented so nobody can point at me": a purpose clause ("so that") belongs
            // to the clause before it.
            return false;
        }
        if NOUN_PHRASE_STARTS.contains(&subject) {
            // "and the vets agreed", not "my notebook and the court list": a noun phrase is a
            // subject only with a verb soon after it.
            return (j + 1..j + 6).any(|k| {
                let v = self.word(k);
                is_past_form(v) || FINITE_VERBS.contains(&v)
            });
        }
        SUBJECTS.contains(&subject) || CLAUSE_SUBJECTS.contains(&subject) || is_number(subject)
    }

    /// Whether token `i` begins the closing reflection of a spoken story: a clause that steps
    /// out of the episode, either to the time after it ("since then i", "these days i", "from
    /// then on we", "now i always", "next time i'd", "looking back i") or to what the speaker
    /// took from it ("i learned", "it taught me", "the lesson", "what i took from it is").
    /// Dictated text has no full stops, so without this the lesson that ends an answer stays in
    /// one long unit with the result before it.
    ///
    /// Rule: such a frame must start a clause. It does when a connector leads into it ("and",
    /// "so", "but", a pause filler, "i mean"; the cut goes before the connector, like "and
    /// then"), or, for the time frames and the "what i took from it is" cleft only, when the
    /// word before it is not one that would take the frame as its complement (a preposition,
    /// determiner or subordinator: "by now", "the next time", "because since then"). A "now",
    /// "next time" or "after that" frame also needs a subject with a verb that is not in the
    /// past tense ("now i always check", not "now we had a problem"), since those words also
    /// move a story along.
    fn opens_reflection(&self, i: usize) -> bool {
        let mut j = i;
        for _ in 0..3 {
            match self.connector_len(j) {
                0 => break,
                n => j += n,
            }
        }
        if j > i {
            return self.after_story_frame(j) || self.lesson_frame(j) || self.lesson_cleft(j);
        }
        let before = i.checked_sub(1).map_or("", |k| self.word(k));
        let led_in = i.checked_sub(1).is_some_and(|k| self.connector_len(k) == 1)
            || i.checked_sub(2).is_some_and(|k| self.connector_len(k) == 2);
        if i == 0 || led_in || FRAME_GOVERNORS.contains(&before) {
            return false;
        }
        (self.after_story_frame(i) && !self.hedge_after_frame(i)) || self.lesson_cleft(i)
    }

    /// Tokens of the connector at `i` ("and", "um", "i mean"), 0 when there is none.
    fn connector_len(&self, i: usize) -> usize {
        let w = self.word(i);
        if CONNECTORS.contains(&w) {
            1
        } else if CONNECTOR_PAIRS.contains(&[w, self.word(i + 1)]) {
            2
        } else {
            0
        }
    }

    /// Index of the first token at or after `i` that is not a pause filler.
    fn skip_fillers(&self, mut i: usize) -> usize {
        while FILLERS.contains(&self.word(i)) {
            i += 1;
        }
        i
    }

    /// Tokens of a frame at `i` that can only mean the time after the story, 0 if none.
    fn lasting_frame_len(&self, i: usize) -> usize {
        match [self.word(i), self.word(i + 1), self.word(i + 2)] {
            ["since", "then", _] | ["these", "days", _] => 2,
            ["looking", "back", _] | ["in", "hindsight", _] | ["going", "forward", _] => 2,
            ["ever", "since", "then"] | ["from", "then", "on"] => 3,
            ["ever", "since", _] => 2,
            // "since that day", "from that point on".
            ["since", "that", w] if !SUBJECTS.contains(&w) && !w.is_empty() => 3,
            ["from", "that", "day" | "point" | "night" | "moment"] => {
                if self.word(i + 3) == "on" {
                    4
                } else {
                    3
                }
            }
            ["nowadays", _, _] => 1,
            _ => 0,
        }
    }

    /// Tokens of a frame at `i` that may mean the time after the story or move the story on
    /// ("now", "next time", "after that"), 0 if none.
    fn moving_frame_len(&self, i: usize) -> usize {
        match [self.word(i), self.word(i + 1)] {
            ["now", _] => 1,
            ["next", "time"] | ["after", "that"] => 2,
            _ => 0,
        }
    }

    /// Whether a time frame at `i` opens a clause about the time after the story.
    fn after_story_frame(&self, i: usize) -> bool {
        let lasting = self.lasting_frame_len(i);
        if lasting > 0 {
            let j = self.skip_fillers(i + lasting);
            let w = self.word(j);
            return SUBJECTS.contains(&w) || SUBORDINATORS.contains(&w);
        }
        let moving = self.moving_frame_len(i);
        if moving > 0 {
            let j = self.skip_fillers(i + moving);
            return SUBJECTS.contains(&self.word(j)) && !is_past_form(self.word(j + 1));
        }
        false
    }

    /// "since then i think": the subject after the frame only comments ("i think", "i guess"),
    /// so the frame may close the clause before it ("i'd been there since then i think").
    fn hedge_after_frame(&self, i: usize) -> bool {
        let len = self.lasting_frame_len(i).max(self.moving_frame_len(i));
        let j = self.skip_fillers(i + len);
        SUBJECTS.contains(&self.word(j)) && HEDGES.contains(&self.word(j + 1))
    }

    /// "i learned", "i've learned", "i realised", "it taught me", "the lesson was", "my takeaway
    /// is" at `i` (a repeated "i i" of dictated speech allowed).
    fn lesson_frame(&self, i: usize) -> bool {
        let i = if self.word(i) == "i" && self.word(i + 1) == "i" {
            i + 1
        } else {
            i
        };
        match [self.word(i), self.word(i + 1), self.word(i + 2)] {
            ["i" | "i've", w, _] => LESSON_VERBS.contains(&w),
            ["it" | "that" | "this", "taught", "me"] => true,
            // "the lesson was", "my takeaway is", "the lesson i took"; not "the lesson plan".
            ["the" | "my", "lesson" | "lessons" | "takeaway", w] => {
                matches!(w, "is" | "was" | "here" | "there") || SUBJECTS.contains(&w)
            }
            _ => false,
        }
    }

    /// "what i took from it is...", "what i learned was...": a lesson told as a cleft, whose
    /// "is" / "was" within a few words shows the "what" clause is a subject, not an object
    /// ("i told them what i learned").
    fn lesson_cleft(&self, i: usize) -> bool {
        self.word(i) == "what"
            && self.word(i + 1) == "i"
            && (LESSON_VERBS.contains(&self.word(i + 2))
                || matches!(self.word(i + 2), "took" | "take"))
            && (i + 3..i + 8).any(|k| matches!(self.word(k), "is" | "was"))
    }
}

/// Words that lead one spoken clause into the next; a pause filler counts (the speaker
/// stopped). Used for the closing reflection of a story ([`TextIndex::opens_reflection`]).
/// ("well", "okay" and "honestly" are left out: they also end a clause, "it went well".)
const CONNECTORS: &[&str] = &["and", "so", "but", "um", "uh", "er", "erm", "anyway"];
/// Two-word connectors.
const CONNECTOR_PAIRS: &[[&str; 2]] = &[["i", "mean"], ["you", "know"]];
/// Pause fillers, skipped between a frame and its subject ("since then um i").
const FILLERS: &[&str] = &["um", "uh", "er", "erm"];
/// Words after which a time frame or "what" clause is a complement, not a new clause: "by
/// now", "until now", "the next time", "every time", "because since then", "that what".
const FRAME_GOVERNORS: &[&str] = &[
    "by", "until", "till", "for", "from", "to", "of", "in", "at", "on", "with", "about", "than",
    "since", "the", "a", "an", "that", "this", "those", "every", "each", "right", "just", "what",
    "when", "because", "if", "as", "how", "why", "who", "where", "while", "before", "after",
];
/// Words that begin the subject of a new clause, besides [`SUBJECTS`] and numbers (for
/// [`TextIndex::opens_subject_clause`]).
const CLAUSE_SUBJECTS: &[&str] = &[
    "he",
    "she",
    "they",
    "he'd",
    "she'd",
    "they'd",
    "it",
    "it's",
    "that's",
    "there",
    "my",
    "our",
    "his",
    "her",
    "their",
    "the",
    "nobody",
    "nothing",
    "everyone",
    "everybody",
    "everything",
    "none",
    "both",
    "all",
    "no",
    "someone",
    "somebody",
];
/// Words of [`CLAUSE_SUBJECTS`] that open a noun phrase, which may also be an object joined
/// by "and" ("the school and the gp").
const NOUN_PHRASE_STARTS: &[&str] = &[
    "my", "our", "his", "her", "their", "the", "no", "all", "both",
];
/// Finite verbs (besides past forms) that show a noun phrase is a clause's subject.
const FINITE_VERBS: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "would", "could", "will", "can", "did",
    "does", "do", "got", "gets", "goes", "says", "said", "agreed", "wasn't", "weren't", "didn't",
    "isn't", "couldn't", "won't", "hadn't", "hasn't", "needs", "wants", "starts", "makes", "takes",
    "puts",
];
/// Modal verbs that make "so" + subject a purpose clause ("so nobody can", "so she wouldn't").
const MODALS: &[&str] = &[
    "can",
    "could",
    "would",
    "will",
    "might",
    "should",
    "may",
    "can't",
    "couldn't",
    "wouldn't",
    "won't",
    "shouldn't",
];
/// Words that cannot end a clause (an auxiliary or copula waiting for its verb or complement,
/// an article, a possessive): a filler after them is a pause inside the clause.
const NOT_CLAUSE_FINAL: &[&str] = &[
    "is", "was", "were", "are", "be", "been", "am", "had", "has", "have", "would", "could",
    "should", "will", "can", "did", "do", "does", "my", "our", "his", "her", "their", "your",
    "its", "and", "or", "very", "really", "not", "he", "she", "they", "it", "you",
];

/// Subjects of the speaker's own lasting change or lesson.
const SUBJECTS: &[&str] = &[
    "i", "i've", "i'd", "i'm", "i'll", "we", "we've", "we'd", "we're", "we'll",
];
/// Words that open a habitual clause right after a time frame ("these days when i...").
const SUBORDINATORS: &[&str] = &["when", "whenever", "if", "before", "every", "any"];
/// Verbs of a comment clause ("i think") rather than a new statement.
const HEDGES: &[&str] = &["think", "guess", "suppose", "reckon", "mean"];
/// Verbs that tell a lesson after "i".
const LESSON_VERBS: &[&str] = &["learned", "learnt", "realised", "realized"];
/// Irregular past forms common in spoken stories (regular ones end in "-ed").
const IRREGULAR_PAST: &[&str] = &[
    "was", "were", "had", "did", "got", "went", "came", "said", "told", "knew", "thought", "felt",
    "saw", "made", "took", "gave", "found", "left", "ran", "began", "became", "put", "sent",
    "kept", "brought", "rang", "heard", "lost", "won", "sat", "stood", "spent", "wrote",
];

/// Whether a lower-case word is a past-tense verb form (an irregular one, or "-ed").
fn is_past_form(word: &str) -> bool {
    // "need", "feed", "proceed" end in "-ed" but are not past forms.
    IRREGULAR_PAST.contains(&word) || (word.ends_with("ed") && !word.ends_with("eed"))
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
        let starts: Vec<&str> = idx
            .units
            .iter()
            .map(|u| &idx.text[u.start..u.start + 10])
            .collect();
        assert_eq!(starts, ["we had thi", "and it kep", "and then I"]);
    }

    #[test]
    fn short_sentence_with_and_then_is_not_split() {
        let idx = TextIndex::new("I called them and then I wrote it down.");
        assert_eq!(idx.units.len(), 1);
    }

    fn unit_texts(text: &str) -> Vec<String> {
        let idx = TextIndex::new(text);
        idx.units
            .iter()
            .map(|u| idx.text[u.start..u.end].to_string())
            .collect()
    }

    /// Whether some unit of `text` begins exactly at `opener`.
    fn cut_before(text: &str, opener: &str) -> bool {
        unit_texts(text).iter().any(|u| u.starts_with(opener))
    }

    #[test]
    fn a_dictated_lesson_after_the_result_starts_its_own_unit() {
        let cases = [
            (
                "the peg held for the rest of the set and nobody in the crowd heard a thing \
                 and the band were happy with it and these days i check the pegs first before \
                 every show",
                "and these days i check",
            ),
            (
                "the file went over at twenty to eleven an hour inside the deadline and the \
                 client was happy with it so what i took from that is you send a rough cut early",
                "so what i took from that",
            ),
            (
                "we lost about a third of the buds in the top field that year and it cost us a \
                 lot of the vintage um since then i always order candles for the whole vineyard",
                "um since then i always",
            ),
            (
                "i paired the quick learners with the ones who were struggling and within a \
                 month picking errors were down by half what i took from it is people learn \
                 faster from each other",
                "what i took from it is",
            ),
            (
                "the customer got her refund that afternoon and she even wrote to the manager \
                 about it and next time i'd ask for the receipt before i promise anything",
                "and next time i'd ask",
            ),
            (
                "the venue found us a second room in the end and the talk started only ten \
                 minutes late and now i always ask every venue for their floor plan first",
                "and now i always ask",
            ),
            (
                "the audit came back clean in the end and my manager sent a note round the whole \
                 team about it and ever since then i keep a copy of every signed form",
                "and ever since then i keep",
            ),
            (
                "he walked out of the hospital eleven days later and came to the station with a \
                 card for all of us i mean what i took away is how much the first minutes matter",
                "i mean what i took away",
            ),
            (
                "we got the whole order out by the friday and the client signed for another year \
                 and it taught me to ask what the deadline really is",
                "and it taught me",
            ),
            (
                "so we rebuilt the whole rota over the weekend and the gaps were gone by monday \
                 morning and the lesson i took is to ask the people doing the shifts",
                "and the lesson i took",
            ),
        ];
        for (text, opener) in cases {
            assert!(
                cut_before(text, opener),
                "no unit starts at {opener:?}: {:?}",
                unit_texts(text)
            );
        }
    }

    #[test]
    fn time_and_lesson_words_inside_a_clause_do_not_cut_it() {
        let cases = [
            (
                "we had been driving around the estate for hours looking for the house and by \
                 now i was exhausted and nobody at the depot was answering the phone at all",
                "now i was",
            ),
            (
                "i fitted the new valve on the monday and told her to ring me if it dripped \
                 again and the next time i saw him he was walking without the stick at all",
                "the next time",
            ),
            (
                "the first pump was fine and the second one was leaking oil onto the floor and \
                 now we had a real problem because the spare had gone to the other site",
                "now we had",
            ),
            (
                "i came back from the course on the friday and i told the whole team what i \
                 learned about the new forms and they started using them the next week",
                "what i learned",
            ),
            (
                "i rewrote the worksheet for the year nines over the weekend and the lesson \
                 plan for tuesday so that the quiet ones had something to do in pairs",
                "and the lesson plan",
            ),
            (
                "the old system went down twice that winter and i had been looking after it on \
                 my own for most of that year since then i think because nobody else knew it",
                "since then i think",
            ),
            (
                "the line stopped at about four in the afternoon and the supervisor called \
                 everybody over after that we went through every pallet one by one together",
                "after that we went",
            ),
        ];
        for (text, inside) in cases {
            let units = unit_texts(text);
            assert!(
                units.iter().all(|u| !u.starts_with(inside)),
                "a unit starts at {inside:?}: {units:?}"
            );
        }
    }

    #[test]
    fn a_duty_or_an_outcome_after_a_connector_starts_its_own_unit() {
        let cases = [
            (
                "on the first night she couldn't get into the bathroom because the lip at the \
                 door was too high for her chair uh i'd been handed that section the day before \
                 so her cabin was mine to sort",
                "uh i'd been handed",
            ),
            (
                "we swapped two of her runs a week for the bike and the pool and built the \
                 running back up really slowly over the spring and she ran the whole marathon in \
                 four hours fifty with no pain",
                "and she ran the whole",
            ),
            (
                "so i split the rooms so the quick ones got done first by two people and i asked \
                 reception to give out the rooms in the order we finished them um so fifty four \
                 rooms were ready at two",
                "um so fifty four",
            ),
            (
                "a man had been sleeping in the same doorway by the market for about two years \
                 and the traders were complaining about him to the council and the council \
                 wanted us to get him indoors before the winter",
                "and the council wanted",
            ),
            (
                "i rang the shop and got them to find the right roll at our other branch and i \
                 drove over there myself in my lunch and fitted it that afternoon which meant she \
                 had it down two days before the party",
                "which meant she had",
            ),
        ];
        for (text, opener) in cases {
            assert!(
                cut_before(text, opener),
                "no unit starts at {opener:?}: {:?}",
                unit_texts(text)
            );
        }
    }

    #[test]
    fn a_connector_inside_a_clause_does_not_cut_it() {
        let cases = [
            (
                "i went back through my notebook and the court list to work out exactly when \
                 each of the hearings had been moved and who had been told about it",
                "and the court list",
            ),
            (
                "we had been waiting for the parts all week and honestly it was um the best call \
                 we made to ring the supplier direct because they sent the lot that afternoon",
                "um the best call",
            ),
            (
                "i had the whole list of clients in front of me on the desk and i uh i rang \
                 every single one of them myself over the next two days to tell them",
                "uh i rang",
            ),
            (
                "we passed the whole file over to uh the team that had run it the year before \
                 and they said they would look at it in the morning when everyone was back",
                "uh the team",
            ),
            (
                "i went through every shelf and every drawer in the store room on the friday and \
                 wrote down what we had so nobody could say later that the count was wrong",
                "so nobody could",
            ),
        ];
        for (text, inside) in cases {
            let units = unit_texts(text);
            assert!(
                units.iter().all(|u| !u.starts_with(inside)),
                "a unit starts at {inside:?}: {units:?}"
            );
        }
        assert_eq!(unit_texts("I rang the office and she answered.").len(), 1);
    }

    #[test]
    fn a_short_sentence_with_a_lesson_opener_is_not_split() {
        assert_eq!(
            unit_texts("It worked, and since then I always check.").len(),
            1
        );
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
