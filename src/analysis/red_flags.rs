//! Red flags: what makes an interviewer stop listening, found with the words that carry it.
//!
//! Rules (each flag points at the clause that carries it and says why in one line):
//! - **Blame**: the speaker puts their own outcome on other people or on circumstances, or
//!   denies any part in it: "it was the product manager's fault", "the designers never
//!   delivered", "out of my hands", "none of it was my fault", a cynical lesson about other
//!   people ("you can't rely on anyone"). Owning a part ("my fault", "that's on me", "I
//!   dropped the ball") is honesty, not blame; "nobody's fault" blames no one. Acts of other
//!   people ("never listened", "let us down") count only with a third person as their subject,
//!   and not at all when the question asks about a difficult person (describing what they did
//!   is then the answer).
//! - **Bad-mouthing**: a judgement of an employer, manager, colleague or customer as a person
//!   or an organisation ("clueless", "a joke", "toxic", "takes all the credit"), in a clause
//!   that names or points at people. Facts about what someone did are not bad-mouthing.
//! - **Caving** on money (only when the question or the answer is about pay): apologising for
//!   the number, dropping it unasked, or accepting any figure ("whatever you have budgeted").
//! - **Bluffing**: claims too broad to be true ("I can learn anything in a day", "an expert in
//!   all the major platforms"); soft claims ("I'm an expert", "the perfect fit") only when
//!   nothing in the answer backs them (no number, no "for example", no past action told in the
//!   first person). "A quick learner" in a list of qualities is weak, not a bluff.
//! - **Humble-brag** (only when the question or the answer is about a weakness): a strength in
//!   disguise ("I'm a perfectionist", "I work too hard"), unless set aside ("I used to say
//!   perfectionism, but...").
//! - **Not answering** is judged in [`super::relevance`] and reported with the others, only
//!   when no other flag is found (a blaming or caving answer engages with the question, badly).
//!
//! Sources: the seeds (docs/sources.md) (rapport: honesty and admitting faults
//! build trust; "Execs took all the credit" is the kind of aside a coach cuts);
//! the seeds (docs/sources.md) section 5 (objections: tie pay to value, no
//! defensiveness; "no bluffing" in the prompts' own signals); the engineering-process seed
//! ("blameless post-mortems": process, not people); the built-in
//! prompts' signals ("No blaming others", "No criticism of the current employer", "not a
//! disguised strength", "without apologising"). Measured on tests/data/red_flags (README).

use super::delivery::TokenSpan;
use super::lexicon::Lexicon;
use super::text::{TextIndex, Unit, is_number};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The kinds of red flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedFlagKind {
    Blame,
    BadMouthing,
    Caving,
    Bluffing,
    HumbleBrag,
    NotAnswering,
}

impl RedFlagKind {
    pub const ALL: [RedFlagKind; 6] = [
        RedFlagKind::Blame,
        RedFlagKind::BadMouthing,
        RedFlagKind::Caving,
        RedFlagKind::Bluffing,
        RedFlagKind::HumbleBrag,
        RedFlagKind::NotAnswering,
    ];

    /// The spelling used in JSON and labelled files.
    pub fn as_str(self) -> &'static str {
        match self {
            RedFlagKind::Blame => "blame",
            RedFlagKind::BadMouthing => "bad_mouthing",
            RedFlagKind::Caving => "caving",
            RedFlagKind::Bluffing => "bluffing",
            RedFlagKind::HumbleBrag => "humble_brag",
            RedFlagKind::NotAnswering => "not_answering",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        RedFlagKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            RedFlagKind::Blame => "Blame",
            RedFlagKind::BadMouthing => "Bad-mouthing",
            RedFlagKind::Caving => "Caving on money",
            RedFlagKind::Bluffing => "Bluffing",
            RedFlagKind::HumbleBrag => "Humble-brag",
            RedFlagKind::NotAnswering => "Not answering",
        }
    }

    /// The one-line why, written for the person who gave the answer.
    pub fn why(self) -> &'static str {
        match self {
            RedFlagKind::Blame => {
                "Puts the outcome on other people or circumstances; interviewers listen for what you own and what you changed."
            }
            RedFlagKind::BadMouthing => {
                "Judges a former employer or colleague; the listener wonders what you will say about them."
            }
            RedFlagKind::Caving => {
                "Apologises for or drops your number before any counter-offer; state its basis calmly and keep the number."
            }
            RedFlagKind::Bluffing => {
                "A claim too broad to believe with nothing to back it; one specific example is more convincing."
            }
            RedFlagKind::HumbleBrag => {
                "A strength dressed as a weakness; interviewers hear it as avoiding the question."
            }
            RedFlagKind::NotAnswering => {
                "Does not take up the question asked; answer it first, then add what you want them to know."
            }
        }
    }
}

/// What the detectors need to know about the question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlagScope {
    /// The question is about pay (salary, budget, offer): apologies and concessions count.
    pub money: bool,
    /// The question asks for a weakness: strengths in disguise count.
    pub weakness: bool,
    /// The question asks about a difficult person: describing what they did is the answer.
    pub difficult_person: bool,
}

impl FlagScope {
    /// Reads the scope from the question's text (and its signals, which name the traps).
    pub fn from_question(question: &str, signals: &[String]) -> Self {
        let q = question.to_lowercase();
        let s = signals.join(" ").to_lowercase();
        let words: Vec<&str> = q
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .collect();
        let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
        FlagScope {
            money: has(&[
                "salary",
                "budget",
                "budgeted",
                "compensation",
                "pay",
                "paid",
                "wage",
            ]) || q.contains("the number you")
                || s.contains("apologis")
                || s.contains("dropping the number"),
            weakness: has(&["weakness", "weaknesses", "flaw", "flaws"])
                || s.contains("disguised strength"),
            difficult_person: has(&["difficult", "disagree", "disagreed", "conflict"])
                || q.contains("someone you found"),
        }
    }
}

/// One red flag: tokens `span` of the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagHit {
    pub kind: RedFlagKind,
    pub span: TokenSpan,
}

/// Words that name or point at people or an organisation (the targets of blame and
/// bad-mouthing).
const PEOPLE: &[&str] = &[
    "they",
    "them",
    "their",
    "he",
    "him",
    "his",
    "she",
    "her",
    "who",
    "manager",
    "managers",
    "boss",
    "bosses",
    "lead",
    "leads",
    "director",
    "directors",
    "management",
    "leadership",
    "executives",
    "execs",
    "ceo",
    "cto",
    "owners",
    "founders",
    "company",
    "companies",
    "employer",
    "firm",
    "organisation",
    "organization",
    "colleague",
    "colleagues",
    "coworker",
    "coworkers",
    "co-worker",
    "co-workers",
    "teammate",
    "teammates",
    "team",
    "people",
    "everyone",
    "everybody",
    "guy",
    "guys",
    "woman",
    "man",
    "person",
    "client",
    "clients",
    "customer",
    "customers",
    "vendor",
    "supplier",
    "consultants",
    "contractor",
    "contractors",
    "designers",
    "developers",
    "engineers",
    "pm",
    "hr",
    "department",
    "place",
];

fn is_person_word(word: &str) -> bool {
    PEOPLE.contains(&word) || (word.ends_with("'s") && PEOPLE.contains(&&word[..word.len() - 2]))
}

/// Explicit fault and denial phrases: blame on their own.
static BLAME: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "not my fault",
        "wasn't my fault",
        "was not my fault",
        "isn't my fault",
        "none of it was my fault",
        "none of that was my fault",
        "none of this was my fault",
        "no fault of mine",
        "nobody can point at me",
        "no one can point at me",
        "nobody can blame me",
        "no one can blame me",
        "cover myself",
        "cover my back",
        "nothing to do with me",
        "wasn't on me",
        "not on me",
        "out of my hands",
        "out of my control",
        "beyond my control",
        "nothing i could have done",
        "nothing i could've done",
        "nothing i could do",
        "nothing more i could have done",
        "couldn't have done anything",
        "i did my part",
        "i did everything i was asked",
        "i did everything right",
        "i did everything i could",
        "my code was fine",
        "my code was solid",
        "my part was fine",
        "my side was fine",
        "bad luck",
        "just unlucky",
        "nobody could have seen it coming",
        "no one could have seen it coming",
        "set up to fail",
        "because of bad",
        "because of poor",
        "due to bad",
        "due to poor",
        "held my career back",
        "can't rely on other people",
        "can't rely on others",
        "can't rely on anyone",
        "can't trust anyone",
        "can't trust other people",
        "never trust",
        "people always let you down",
        "was really theirs",
        "was theirs",
        "were theirs",
        "the real problem was that",
    ])
});

/// Acts of other people that blame them when a third person is their subject.
static OTHERS_FAULT: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "kept changing",
        "kept moving the goalposts",
        "moving the goalposts",
        "moved the goalposts",
        "never delivered",
        "didn't deliver",
        "never listened",
        "didn't listen",
        "wouldn't listen",
        "didn't know what they wanted",
        "sent us the wrong",
        "gave us the wrong",
        "gave us bad",
        "ignored my",
        "ignored our",
        "let us down",
        "let me down",
        "dropped the ball",
        "failed to deliver",
        "messed up",
        "messed it up",
        "screwed up",
        "screwed it up",
        "held me back",
    ])
});

/// Circumstances named as the cause: blame when a schedule or budget word is the subject.
static IMPOSSIBLE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "was impossible",
        "were impossible",
        "were unrealistic",
        "was unrealistic",
    ])
});

static BAD_MOUTH: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "lazy",
        "arrogant",
        "incompetent",
        "clueless",
        "useless",
        "toxic",
        "idiot",
        "idiots",
        "stupid",
        "a joke",
        "a nightmare",
        "a mess",
        "hopeless",
        "a disaster",
        "dysfunctional",
        "control freak",
        "micromanager",
        "a bully",
        "bullies",
        "plays favourites",
        "plays favorites",
        "corporate climber",
        "takes all the credit",
        "takes credit",
        "take all the credit",
        "took all the credit",
        "took the credit",
        "takes the credit",
        "had no idea what",
        "has no idea what",
        "no idea what they were doing",
        "only care about money",
        "only cares about money",
        "going downhill",
        "don't value anyone",
        "doesn't value anyone",
        "didn't value anyone",
        "couldn't care less",
        "everyone hated",
        "hated working with",
        "are impossible",
        "is impossible",
        "the worst colleague",
        "the worst manager",
        "the worst boss",
        "the worst company",
        "as bad as",
    ])
});

static CAVING: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "sorry",
        "i apologise",
        "i apologize",
        "my apologies",
        "cheeky of me",
        "didn't mean to ask",
        "shouldn't have asked",
        "ask for too much",
        "asking too much",
        "asked for too much",
        "whatever you",
        "any figure",
        "any number",
        "any amount",
        "anything you can offer",
        "i'll take whatever",
        "i'll take anything",
        "take whatever",
        "is completely fine with me",
        "is fine with me",
        "go lower",
        "come down",
        "drop my number",
        "drop my",
        "lower my",
        "reduce my",
        "rather have the job than",
        "don't need that much",
        "money isn't important",
        "money doesn't matter",
        "the money doesn't matter",
        "argue about money",
    ])
});

/// Claims too broad to be true, backed or not.
static BLUFF: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "learn anything",
        "sell anything",
        "anything to anyone",
        "pick up any",
        "pick up anything",
        "master anything",
        "couldn't master",
        "couldn't handle",
        "couldn't solve",
        "can't solve",
        "nothing i can't",
        "nothing i couldn't",
        "nothing i haven't done",
        "nothing about it i couldn't",
        "there's nothing i",
        "never met a problem",
        "never met a tool",
        "never make mistakes",
        "never made a mistake",
        "expert in all",
        "expert in everything",
        "expert at everything",
        "every language",
        "every framework",
        "know everything",
        "all the major",
        "you'll ever meet",
        "you'll ever hire",
        "you'll ever have",
        "tools are all the same",
        "all the same",
        "the same as everything",
        "all really easy",
        "really easy for me",
        "easy for me",
        "won't be a problem at all",
        "no problem at all",
        "basically used it",
        "used it loads",
        "done loads",
        "i know ? really well",
        "i know ? inside out",
    ])
});

/// Learning-time claims: a bluff when told about learning ("up to speed in a day").
static QUICK_LEARNING: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "in a day",
        "in a weekend",
        "in a day or two",
        "in an afternoon",
        "overnight",
        "instantly",
    ])
});

/// Soft claims: a bluff only when nothing in the answer backs them.
static SOFT_CLAIM: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "i'm an expert",
        "i am an expert",
        "i'm the best",
        "perfect fit",
        "perfect candidate",
    ])
});

static HUMBLE_BRAG: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "perfectionist",
        "perfectionism",
        "care too much",
        "work too hard",
        "working too hard",
        "workaholic",
        "too dedicated",
        "too detail*",
        "too passionate",
        "too committed",
        "too honest",
        "too loyal",
        "too much of a team player",
        "expect too much of myself",
        "too hard on myself",
        "give too much",
    ])
});

/// Words before a phrase that set it aside ("I used to say perfectionism, but...").
const SET_ASIDE: &[&str] = &["not", "never", "n't", "used", "instead", "than", "without"];

/// Finds the red flags of an answer (all but not answering, see [`super::relevance`]).
pub fn find(index: &TextIndex, scope: &FlagScope) -> Vec<FlagHit> {
    let mut hits = Vec::new();
    let money = scope.money || mentions_money(index);
    let weakness = scope.weakness || mentions(index, &["weakness", "weaknesses", "flaw"]);
    let backed = answer_has_specifics(index);
    for unit in &index.units {
        let range = unit.tokens();
        let mut push = |kind, start, end| {
            hits.push(FlagHit {
                kind,
                span: clause(index, unit, start, end),
            })
        };
        for h in BLAME.find(index, range.clone()) {
            push(RedFlagKind::Blame, h.start, h.end);
        }
        for k in range.clone() {
            if let Some(end) = others_fault_at(index, k) {
                push(RedFlagKind::Blame, k, end);
            }
        }
        if !scope.difficult_person {
            for h in OTHERS_FAULT.find(index, range.clone()) {
                if third_person_subject(index, unit, h.start) {
                    push(RedFlagKind::Blame, h.start, h.end);
                }
            }
        }
        for h in IMPOSSIBLE.find(index, range.clone()) {
            if range.clone().any(|i| {
                matches!(
                    index.word(i),
                    "deadline" | "deadlines" | "timeline" | "timing" | "schedule" | "budget"
                )
            }) {
                push(RedFlagKind::Blame, h.start, h.end);
            }
        }
        for h in BAD_MOUTH.find(index, range.clone()) {
            if !set_aside(index, unit, h.start, 4)
                && !self_subject(index, unit, h.start)
                && unit_names_people(index, unit)
            {
                push(RedFlagKind::BadMouthing, h.start, h.end);
            }
        }
        if money {
            for h in CAVING.find(index, range.clone()) {
                if !(index.word(h.start) == "sorry" && index.word(h.start + 1) == "to") {
                    push(RedFlagKind::Caving, h.start, h.end);
                }
            }
        }
        for h in BLUFF.find(index, range.clone()) {
            if !set_aside(index, unit, h.start, 2) {
                push(RedFlagKind::Bluffing, h.start, h.end);
            }
        }
        if range.clone().any(|i| {
            let w = index.word(i);
            w.starts_with("learn") || w.starts_with("pick") || w == "speed" || w == "master"
        }) {
            for h in QUICK_LEARNING.find(index, range.clone()) {
                push(RedFlagKind::Bluffing, h.start, h.end);
            }
        }
        if !backed {
            for h in SOFT_CLAIM.find(index, range.clone()) {
                push(RedFlagKind::Bluffing, h.start, h.end);
            }
        }
        if weakness {
            for h in HUMBLE_BRAG.find(index, range.clone()) {
                if !set_aside(index, unit, h.start, 4) {
                    push(RedFlagKind::HumbleBrag, h.start, h.end);
                }
            }
        }
    }
    merge(index, hits)
}

/// "X's fault" / "their fault" blames X; "my fault", "nobody's fault" do not.
fn others_fault_at(index: &TextIndex, k: usize) -> Option<usize> {
    if index.word(k) != "fault" || k == 0 {
        return None;
    }
    let before = index.word(k - 1);
    let blames = match before {
        "their" | "his" | "her" | "your" | "its" => true,
        "my" | "own" | "our" | "nobody's" | "anybody's" | "anyone's" | "no-one's" => false,
        w => w.ends_with("'s") && w != "one's" && w != "it's" && w != "that's",
    };
    let from = k.saturating_sub(4);
    let denied = (from..k).any(|i| {
        let w = index.word(i);
        w == "not" || w == "never" || w.ends_with("n't")
    });
    if !blames || denied {
        return None;
    }
    // "it was their fault" reads from "was"; keep the subject in the span.
    Some(k + 1)
}

/// Whether the nearest subject before `at` in the unit is a third person (not "I" or "we").
fn third_person_subject(index: &TextIndex, unit: &Unit, at: usize) -> bool {
    for i in (unit.first..at).rev() {
        let w = index.word(i);
        if matches!(
            w,
            "i" | "we" | "i'd" | "we'd" | "i've" | "we've" | "me" | "us"
        ) {
            return false;
        }
        if is_person_word(w) && !matches!(w, "his" | "her" | "their") {
            return true;
        }
    }
    false
}

/// Whether "I" is the subject right before `at` ("I took the credit").
fn self_subject(index: &TextIndex, unit: &Unit, at: usize) -> bool {
    at > unit.first && matches!(index.word(at - 1), "i" | "we")
}

/// Whether one of `window` words before `at` sets the phrase aside.
fn set_aside(index: &TextIndex, unit: &Unit, at: usize, window: usize) -> bool {
    let from = at.saturating_sub(window).max(unit.first);
    (from..at).any(|i| {
        let w = index.word(i);
        SET_ASIDE.contains(&w) || w.ends_with("n't")
    })
}

fn unit_names_people(index: &TextIndex, unit: &Unit) -> bool {
    unit.tokens().any(|i| is_person_word(index.word(i)))
}

fn mentions(index: &TextIndex, words: &[&str]) -> bool {
    (0..index.tokens.len()).any(|i| words.contains(&index.word(i)))
}

fn mentions_money(index: &TextIndex) -> bool {
    (0..index.tokens.len()).any(|i| {
        let w = index.word(i);
        matches!(
            w,
            "salary" | "pay" | "money" | "budget" | "budgeted" | "offer" | "package" | "figure"
        ) || w.starts_with('$')
            || w.starts_with('£')
            || w.starts_with('€')
    })
}

/// A number, "for example", or a first-person past action: something that backs a claim.
fn answer_has_specifics(index: &TextIndex) -> bool {
    (0..index.tokens.len()).any(|i| {
        let w = index.word(i);
        is_number(w)
            || (w == "for" && matches!(index.word(i + 1), "example" | "instance"))
            || (matches!(w, "i" | "we")
                && index.word(i + 1).ends_with("ed")
                && index.word(i + 1).len() > 3)
    })
}

/// The clause around tokens `start..end`: back to the previous clause punctuation and on to
/// the next one, inside the unit.
fn clause(index: &TextIndex, unit: &Unit, start: usize, end: usize) -> TokenSpan {
    let mut a = start;
    while a > unit.first && !index.punct_after(a - 1) {
        a -= 1;
    }
    let mut b = end.max(start + 1).min(unit.end_token);
    while b < unit.end_token && !index.punct_after(b - 1) {
        b += 1;
    }
    TokenSpan { start: a, end: b }
}

/// Sorts and merges flags of the same kind that overlap, or touch inside one sentence (two
/// clauses of one complaint are one flag; two sentences are two).
fn merge(index: &TextIndex, mut hits: Vec<FlagHit>) -> Vec<FlagHit> {
    hits.sort_by_key(|h| (h.span.start, h.kind, h.span.end));
    let mut out: Vec<FlagHit> = Vec::new();
    for h in hits {
        let joins = |o: &FlagHit| {
            o.kind == h.kind
                && (o.span.end > h.span.start
                    || (o.span.end == h.span.start
                        && o.span.end > 0
                        && !index.sentence_end_after(o.span.end - 1)))
        };
        if let Some(last) = out.iter_mut().rev().find(|o| joins(o)) {
            last.span.end = last.span.end.max(h.span.end);
            continue;
        }
        out.push(h);
    }
    out.sort_by_key(|h| (h.span.start, h.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_in(text: &str, scope: FlagScope) -> Vec<RedFlagKind> {
        find(&TextIndex::new(text), &scope)
            .into_iter()
            .map(|h| h.kind)
            .collect()
    }

    fn kinds(text: &str) -> Vec<RedFlagKind> {
        kinds_in(text, FlagScope::default())
    }

    const MONEY: FlagScope = FlagScope {
        money: true,
        weakness: false,
        difficult_person: false,
    };
    const WEAKNESS: FlagScope = FlagScope {
        money: false,
        weakness: true,
        difficult_person: false,
    };

    #[test]
    fn pinning_the_outcome_on_a_colleague_is_blame() {
        assert_eq!(
            kinds("It was the product manager's fault, he kept changing the scope."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("The designers never delivered the screens on time."),
            [RedFlagKind::Blame]
        );
    }

    #[test]
    fn owning_a_mistake_is_honesty_not_blame() {
        assert!(kinds("That was my mistake, and it was my fault we slipped.").is_empty());
        assert!(kinds("I dropped the ball on the handover.").is_empty());
        assert!(kinds("The merger was nobody's fault, but we were late too.").is_empty());
    }

    #[test]
    fn denying_any_part_and_naming_circumstances_are_blame() {
        assert_eq!(kinds("None of it was my fault."), [RedFlagKind::Blame]);
        assert_eq!(
            kinds("There was nothing I could have done, the timing was impossible."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("What I learned is that you can't rely on other people."),
            [RedFlagKind::Blame]
        );
    }

    #[test]
    fn describing_a_difficult_colleague_is_not_blame_when_asked_about_one() {
        let scope = FlagScope {
            difficult_person: true,
            ..FlagScope::default()
        };
        assert!(kinds_in("He never listened in our planning meetings.", scope).is_empty());
        assert_eq!(
            kinds("They never listened to us, so of course it failed."),
            [RedFlagKind::Blame]
        );
    }

    #[test]
    fn judging_a_manager_is_bad_mouthing() {
        assert_eq!(
            kinds("My manager was clueless about what we do."),
            [RedFlagKind::BadMouthing]
        );
        assert_eq!(
            kinds("My boss takes all the credit for our work."),
            [RedFlagKind::BadMouthing]
        );
    }

    #[test]
    fn a_supportive_manager_or_a_messy_codebase_is_not_bad_mouthing() {
        assert!(kinds("My manager supported me when I asked to stop early.").is_empty());
        assert!(kinds("The codebase was a mess when I joined.").is_empty());
        assert!(kinds("He missed three deadlines in a month.").is_empty());
        assert!(kinds("I don't think she was lazy at all.").is_empty());
    }

    #[test]
    fn apologising_or_accepting_any_figure_is_caving_on_money() {
        assert_eq!(
            kinds_in("Sorry, that was cheeky of me.", MONEY),
            [RedFlagKind::Caving]
        );
        assert_eq!(
            kinds_in("Any figure in the range works for me.", MONEY),
            [RedFlagKind::Caving]
        );
    }

    #[test]
    fn an_apology_outside_money_or_an_open_package_is_not_caving() {
        assert!(kinds("I said sorry to the customer and fixed the order.").is_empty());
        assert!(kinds_in("I'm open to looking at the whole package.", MONEY).is_empty());
        assert!(kinds_in("Thank you for being open about the budget.", MONEY).is_empty());
    }

    #[test]
    fn a_claim_too_broad_to_be_true_is_bluffing() {
        assert_eq!(
            kinds("Tools are all the same, I can learn anything in a day."),
            [RedFlagKind::Bluffing]
        );
    }

    #[test]
    fn a_soft_claim_backed_by_an_example_is_not_bluffing() {
        assert_eq!(
            kinds("I'm an expert in Kubernetes."),
            [RedFlagKind::Bluffing]
        );
        assert!(
            kinds("I'm an expert in Kubernetes: I migrated 40 services at my last job.").is_empty()
        );
        assert!(kinds("I'm organised and a quick learner.").is_empty());
        assert!(kinds("We processed 300 orders in a day.").is_empty());
    }

    #[test]
    fn a_disguised_strength_is_a_humble_brag_only_as_a_weakness() {
        assert_eq!(
            kinds_in("I'm a perfectionist, I care too much.", WEAKNESS),
            [RedFlagKind::HumbleBrag]
        );
        assert!(
            kinds_in(
                "I used to say perfectionism, but really I avoid hard conversations.",
                WEAKNESS
            )
            .is_empty()
        );
        assert!(kinds("Our perfectionist designer loved the layout.").is_empty());
    }

    #[test]
    fn scope_is_read_from_the_question() {
        let s = FlagScope::from_question(
            "The number you gave us is above what we budgeted for this position.",
            &[],
        );
        assert!(s.money && !s.weakness);
        let s =
            FlagScope::from_question("What is a professional weakness you are working on?", &[]);
        assert!(s.weakness && !s.money);
    }
}
