//! Delivery: fillers, hedges, repetition.
//!
//! Rules (docs/sources.md, "Fillers"): filler sounds ("um", "uh", "er", "ah", "hmm") are
//! always fillers. Filler *words* ("like", "you know", "I mean", "so", "actually",
//! "basically", "anyway") carry meaning in many sentences, and "a false filler flag is worse
//! than a miss", so each is a filler only in a context that rules the meaning out: set off by
//! commas ("it was, like, chaos"), next to a filler sound ("so um"), or at the edge of a clause
//! where it cannot be a verb, comparison or connective. "I like Rust", "so that we could",
//! "you know the answer" and "looks like" are never flagged. Bursts (several fillers close
//! together) are reported separately because they matter more than isolated ones. Hedges are
//! the weak words Speaker Coach and the issue list ("I think", "maybe", "kind of", "I guess",
//! "just"). Repetition is a word or two-word phrase said twice in a row ("the the", "I was I
//! was"), the trace of a restart. The user's own filler words (Settings) are fillers wherever
//! they occur as whole words, matched token by token ignoring case; they join the one filler
//! list, so every count, rate and struck-through word comes from the same spans.

use super::lexicon::Lexicon;
use super::text::TextIndex;
use std::sync::LazyLock;

/// Three fillers within this many tokens make a burst. About 4 s of speech at the
/// conversational 110-150 WPM (docs/sources.md, "Pace"); the norms note that bursts matter
/// more than isolated fillers.
pub const FILLER_BURST_WINDOW_TOKENS: usize = 10;
/// Fillers needed inside the window to count as a burst.
pub const FILLER_BURST_COUNT: usize = 3;

/// Filler sounds: always fillers (docs/sources.md: "uh" a minor delay, "um" a major one).
const FILLER_SOUNDS: &[&str] = &[
    "um", "umm", "ummm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "hmm", "hm", "mm", "mmm",
    "eh",
];

/// Words after which "like" is the verb or a comparison, never a filler.
const LIKE_IS_MEANINGFUL_AFTER: &[&str] = &[
    "i",
    "we",
    "you",
    "they",
    "he",
    "she",
    "would",
    "i'd",
    "we'd",
    "you'd",
    "they'd",
    "really",
    "don't",
    "didn't",
    "doesn't",
    "do",
    "did",
    "does",
    "to",
    "also",
    "feel",
    "feels",
    "felt",
    "look",
    "looks",
    "looked",
    "seem",
    "seems",
    "seemed",
    "sound",
    "sounds",
    "sounded",
    "just",
    "more",
    "something",
    "things",
    "stuff",
    "anything",
    "nothing",
    "much",
    "exactly",
    "kind",
    "sort",
    "people",
    "would've",
    "not",
    "tools",
];

/// Words that start a clause: "like" between a connective and one of these is a filler ("and
/// like we were stuck").
const CLAUSE_STARTERS: &[&str] = &[
    "i",
    "we",
    "they",
    "he",
    "she",
    "it",
    "it's",
    "there",
    "there's",
    "that",
    "this",
    "nobody",
    "everyone",
    "everybody",
    "the",
    "our",
    "my",
    "really",
    "literally",
    "totally",
];

/// Filler words that are fillers whenever they follow another filler ("so basically", "um
/// like"): in that spot they carry no meaning.
const FOLLOWS_A_FILLER: &[&str] = &["like", "basically", "actually", "so", "literally"];

/// Words before "you know" that make it a real question or statement ("do you know", "as you
/// know").
const YOU_KNOW_IS_MEANINGFUL_AFTER: &[&str] = &[
    "do", "did", "don't", "didn't", "if", "as", "what", "whether", "would", "let", "i", "you",
    "not", "to",
];

static HEDGES: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "i think maybe",
        "i think",
        "i guess",
        "i suppose",
        "i feel like",
        "i'm not sure",
        "not really sure",
        "maybe",
        "perhaps",
        "probably",
        "kind of",
        "sort of",
        "kinda",
        "sorta",
        "let's say",
        "a little bit",
        "somewhat",
        "hopefully",
        "more or less",
        "pretty much",
        "i'd say",
        "i just",
        "we just",
        "just kind of",
        "i believe",
        "or something",
        "stuff like that",
        "things like that",
    ])
});

/// A filler, hedge or repetition found in the text: tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSpan {
    pub start: usize,
    pub end: usize,
}

/// What delivery found.
#[derive(Debug, Clone, Default)]
pub struct DeliveryFindings {
    pub fillers: Vec<TokenSpan>,
    /// Filler sounds only (um, uh...), a subset of `fillers` by count.
    pub filler_sounds: usize,
    pub bursts: Vec<TokenSpan>,
    pub hedges: Vec<TokenSpan>,
    pub repetitions: Vec<TokenSpan>,
}

pub fn find(index: &TextIndex) -> DeliveryFindings {
    find_with_custom(index, &[])
}

/// [`find`] with the user's own filler words or phrases (`custom`) counted as fillers too.
pub fn find_with_custom(index: &TextIndex, custom: &[String]) -> DeliveryFindings {
    let fillers = merge_fillers(find_fillers(index), find_custom_fillers(index, custom));
    let filler_sounds = fillers
        .iter()
        .filter(|f| FILLER_SOUNDS.contains(&index.word(f.start)))
        .count();
    let bursts = find_bursts(&fillers);
    let hedges = HEDGES
        .find(index, 0..index.tokens.len())
        .into_iter()
        .map(|h| TokenSpan {
            start: h.start,
            end: h.end,
        })
        .collect();
    let repetitions = find_repetitions(index, &fillers);
    DeliveryFindings {
        fillers,
        filler_sounds,
        bursts,
        hedges,
        repetitions,
    }
}

/// All fillers, left to right.
pub fn find_fillers(index: &TextIndex) -> Vec<TokenSpan> {
    let mut out = Vec::new();
    let n = index.tokens.len();
    let mut i = 0;
    while i < n {
        let after_filler = out.last().is_some_and(|f: &TokenSpan| f.end == i);
        let len = if after_filler && FOLLOWS_A_FILLER.contains(&index.word(i)) {
            1
        } else {
            filler_len_at(index, i)
        };
        if len > 0 {
            out.push(TokenSpan {
                start: i,
                end: i + len,
            });
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

/// Where the user's own filler words or phrases occur: the phrase's tokens in a row, ignoring
/// case and the punctuation between them ("sort of" matches "Sort of" and "sort, of", never
/// "resort offers"). Where two phrases start at the same word the longer one wins.
pub fn find_custom_fillers(index: &TextIndex, custom: &[String]) -> Vec<TokenSpan> {
    let mut phrases: Vec<Vec<String>> = custom
        .iter()
        .map(|w| {
            TextIndex::new(w)
                .tokens
                .into_iter()
                .map(|t| t.lower)
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    phrases.dedup();
    let n = index.tokens.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let hit = phrases.iter().find(|p| {
            i + p.len() <= n && p.iter().enumerate().all(|(k, w)| index.word(i + k) == w)
        });
        match hit {
            Some(p) => {
                out.push(TokenSpan {
                    start: i,
                    end: i + p.len(),
                });
                i += p.len();
            }
            None => i += 1,
        }
    }
    out
}

/// The engine's fillers plus the user's, left to right; a user's filler that overlaps one of
/// the engine's is the same filler, counted once (the engine's span is kept).
fn merge_fillers(engine: Vec<TokenSpan>, custom: Vec<TokenSpan>) -> Vec<TokenSpan> {
    let mut out = engine;
    for c in custom {
        if !out.iter().any(|f| f.start < c.end && c.start < f.end) {
            out.push(c);
        }
    }
    out.sort_by_key(|f| (f.start, f.end));
    out
}

fn is_sound(word: &str) -> bool {
    FILLER_SOUNDS.contains(&word)
}

fn clause_start(index: &TextIndex, i: usize) -> bool {
    i == 0
        || index.sentence_end_after(i - 1)
        || index.comma_before(i)
        || is_sound(index.word(i - 1))
}

/// How many tokens the filler starting at token `i` spans (0 when there is none).
fn filler_len_at(index: &TextIndex, i: usize) -> usize {
    let w = index.word(i);
    let prev = if i == 0 { "" } else { index.word(i - 1) };
    let next = index.word(i + 1);
    if is_sound(w) {
        return 1;
    }
    match w {
        "like" => usize::from(like_is_filler(index, i, prev, next)),
        "you" if next == "know" => {
            let set_off = index.punct_after(i + 1) || is_sound(index.word(i + 2));
            let meaningful =
                i > 0 && YOU_KNOW_IS_MEANINGFUL_AFTER.contains(&prev) && !index.comma_before(i);
            if set_off && !meaningful { 2 } else { 0 }
        }
        "i" if next == "mean" => {
            let set_off = index.comma_after(i + 1) || is_sound(index.word(i + 2));
            let meaningful = matches!(prev, "what" | "if" | "do" | "did") && !index.comma_before(i);
            if set_off && !meaningful { 2 } else { 0 }
        }
        "so" => {
            if next == "yeah" {
                return 2;
            }
            // The first word of the answer: "So we had..." opens with a filler.
            if i == 0 && !matches!(next, "that" | "much" | "many" | "far" | "long") {
                return 1;
            }
            let after_clause = clause_start(index, i);
            let set_off = index.comma_after(i)
                && after_clause
                && !matches!(next, "that" | "much" | "many" | "far");
            let trailing = i > 0 && index.sentence_end_after(i) && !index.sentence_end_after(i - 1);
            let before_sound = is_sound(next);
            usize::from(set_off || trailing || before_sound)
        }
        "actually" | "basically" | "anyway" | "anyways" | "literally" => {
            let both_commas = index.comma_before(i) && index.comma_after(i);
            let before_sound = is_sound(next) || is_sound(prev);
            let opens = clause_start(index, i) && index.comma_after(i) && w != "actually";
            let closes = i > 0
                && index.sentence_end_after(i)
                && matches!(w, "anyway" | "anyways" | "basically");
            usize::from(both_commas || before_sound || opens || closes)
        }
        "yeah" => usize::from(matches!(prev, "and" | "but")),
        _ => 0,
    }
}

fn like_is_filler(index: &TextIndex, i: usize, prev: &str, next: &str) -> bool {
    if matches!(next, "i" | "we") && matches!(index.word(i + 2), "said" | "mentioned") {
        return false;
    }
    if i > 0 && LIKE_IS_MEANINGFUL_AFTER.contains(&prev) && !index.comma_before(i) {
        return false;
    }
    if index.comma_after(i) || is_sound(next) || is_sound(prev) {
        return true;
    }
    if next == "like" {
        return true;
    }
    let connective = matches!(
        prev,
        "and" | "but" | "so" | "because" | "was" | "were" | "it's" | "is"
    );
    let starts = clause_start(index, i) || connective;
    starts
        && CLAUSE_STARTERS.contains(&next)
        && !matches!(next, "the" | "my" | "our" if !connective)
}

fn find_bursts(fillers: &[TokenSpan]) -> Vec<TokenSpan> {
    let mut bursts: Vec<TokenSpan> = Vec::new();
    for (k, first) in fillers.iter().enumerate() {
        let Some(last) = fillers.get(k + FILLER_BURST_COUNT - 1) else {
            break;
        };
        if last.end - first.start <= FILLER_BURST_WINDOW_TOKENS {
            match bursts.last_mut() {
                Some(b) if b.end >= first.start => b.end = b.end.max(last.end),
                _ => bursts.push(TokenSpan {
                    start: first.start,
                    end: last.end,
                }),
            }
        }
    }
    bursts
}

/// Words whose doubling is grammatical ("that that", "had had").
const DOUBLE_OK: &[&str] = &[
    "that", "had", "is", "very", "really", "bye", "no", "yes", "so", "ha", "knock",
];

fn find_repetitions(index: &TextIndex, fillers: &[TokenSpan]) -> Vec<TokenSpan> {
    let n = index.tokens.len();
    // One pass marks every token inside a filler, so each lookup below is O(1) (scanning the
    // filler list per token made a transcript of 300,000 "um" take 16 s).
    let mut in_filler = vec![false; n];
    for f in fillers {
        for flag in in_filler.iter_mut().take(f.end.min(n)).skip(f.start) {
            *flag = true;
        }
    }
    let is_filler = |i: usize| in_filler.get(i).copied().unwrap_or(false);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < n {
        let w = index.word(i);
        let sentence_break = index.sentence_end_after(i);
        // Two-word phrase repeated: "I was I was".
        if i + 3 < n
            && !sentence_break
            && !index.sentence_end_after(i + 1)
            && w == index.word(i + 2)
            && index.word(i + 1) == index.word(i + 3)
            && w != index.word(i + 1)
            && !is_filler(i)
        {
            out.push(TokenSpan {
                start: i,
                end: i + 4,
            });
            i += 4;
            continue;
        }
        if !sentence_break
            && w == index.word(i + 1)
            && !DOUBLE_OK.contains(&w)
            && !is_filler(i)
            && !w.chars().any(|c| c.is_ascii_digit())
        {
            out.push(TokenSpan {
                start: i,
                end: i + 2,
            });
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fillers(text: &str) -> Vec<String> {
        let idx = TextIndex::new(text);
        find_fillers(&idx)
            .iter()
            .map(|f| {
                let (a, b) = idx.span(f.start, f.end);
                text[a..b].to_lowercase()
            })
            .collect()
    }

    fn custom(text: &str, words: &[&str]) -> Vec<String> {
        let idx = TextIndex::new(text);
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        find_with_custom(&idx, &words)
            .fillers
            .iter()
            .map(|f| {
                let (a, b) = idx.span(f.start, f.end);
                text[a..b].to_lowercase()
            })
            .collect()
    }

    #[test]
    fn custom_fillers_match_whole_words_and_phrases_ignoring_case() {
        assert_eq!(
            custom(
                "Sort of a resort offer, right? It was sort of right.",
                &["sort of", "right"]
            ),
            ["sort of", "right", "sort of", "right"]
        );
        assert!(custom("A resort offers rights.", &["sort of", "right"]).is_empty());
        assert!(custom("anything", &["", "  ", "!"]).is_empty());
    }

    #[test]
    fn a_custom_filler_the_engine_also_found_counts_once() {
        // "um" is the engine's; the user listing it too must not double it.
        assert_eq!(
            custom("Um, we shipped, literally.", &["um", "literally"]),
            ["um", "literally"]
        );
    }

    #[test]
    fn filler_sounds_are_always_fillers() {
        assert_eq!(
            fillers("Um, I uh fixed it, er, hmm, twice."),
            ["um", "uh", "er", "hmm"]
        );
    }

    #[test]
    fn like_as_a_verb_is_not_a_filler() {
        assert!(fillers("I like Rust and we'd like to hire.").is_empty());
    }

    #[test]
    fn like_as_a_comparison_is_not_a_filler() {
        assert!(
            fillers(
                "It looks like a race condition, something like that. Tools like Terraform helped."
            )
            .is_empty()
        );
    }

    #[test]
    fn like_set_off_by_commas_is_a_filler() {
        assert_eq!(fillers("It was, like, a total mess."), ["like"]);
    }

    #[test]
    fn like_between_connective_and_clause_is_a_filler() {
        assert_eq!(fillers("and like we were stuck for days"), ["like"]);
    }

    #[test]
    fn like_i_said_is_not_a_filler() {
        assert!(fillers("Like I said, the data was wrong.").is_empty());
    }

    #[test]
    fn you_know_the_answer_is_not_a_filler() {
        assert!(fillers("You know the answer to that! Do you know, the plan?").is_empty());
    }

    #[test]
    fn you_know_set_off_is_a_filler() {
        assert_eq!(
            fillers("We had, you know, three outages, you know."),
            ["you know", "you know"]
        );
    }

    #[test]
    fn i_mean_with_a_comma_is_a_filler_but_what_i_mean_is_not() {
        assert_eq!(fillers("I mean, it worked."), ["i mean"]);
        assert!(fillers("That is what I mean by ownership.").is_empty());
    }

    #[test]
    fn so_that_and_so_i_decided_are_not_fillers() {
        assert!(
            fillers("We split the job so that we could retry. So I decided to call them.")
                .is_empty()
        );
    }

    #[test]
    fn so_opening_with_a_comma_is_a_filler() {
        assert_eq!(fillers("So, we had a database problem."), ["so"]);
    }

    #[test]
    fn so_yeah_at_the_end_is_one_filler() {
        assert_eq!(fillers("And it worked. So yeah."), ["so yeah"]);
    }

    #[test]
    fn actually_with_meaning_is_not_a_filler() {
        assert!(fillers("It actually reduced costs. Actually, I disagree with that.").is_empty());
    }

    #[test]
    fn basically_opening_a_clause_is_a_filler() {
        assert_eq!(
            fillers("Basically, the job failed. It was basically a cron job."),
            ["basically"]
        );
    }

    #[test]
    fn um_inside_umbrella_is_not_found() {
        assert!(fillers("The umbrella policy covered it.").is_empty());
    }

    #[test]
    fn three_fillers_close_together_are_a_burst() {
        let idx = TextIndex::new("So, um, like, we, uh, fixed it. Then much later, um, done.");
        let found = find(&idx);
        assert_eq!(found.bursts.len(), 1);
        assert_eq!(found.fillers.len(), 5);
    }

    #[test]
    fn hedges_are_found_longest_first() {
        let idx = TextIndex::new("I think maybe we kind of fixed it, I guess.");
        let found = find(&idx);
        assert_eq!(found.hedges.len(), 3);
    }

    #[test]
    fn restarts_are_repetitions_but_that_that_is_not() {
        let idx = TextIndex::new("I was I was on call and the the pager said that that was fine.");
        let found = find(&idx);
        assert_eq!(found.repetitions.len(), 2);
    }
}
