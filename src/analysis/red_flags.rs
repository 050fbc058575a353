//! Red flags: what makes an interviewer stop listening, found with the words that carry it.
//!
//! Rules (each flag points at the clause that carries it and says why in one line). Phrase
//! lists give the words; patterns decide who they are about:
//! - **Blame**: the speaker puts their own outcome on other people or on circumstances, or
//!   denies any part in it. Always blame: a denial ("none of it was my fault", "the error
//!   wasn't really mine", "wasn't on me"), another's fault ("the product manager's fault").
//!   Blame unless the answer owns a part ("my mistake", "that part was mine", "I never asked
//!   for..."): an excuse ("nothing we could have done", "anyone would have"), or a failure
//!   ("didn't", "never", "should have caught", "sent us the wrong", "was slow") whose
//!   grammatical subject is another person, group or circumstance (not "I" or "we") and that
//!   is either attributed as the cause ("because", "due to", "down to", "thanks to") or told
//!   in an answer with a bad outcome elsewhere (in one unpunctuated run: told earlier) and no
//!   "so I..." response in its sentence; another's unmet duty ("QA should have caught it")
//!   blames on its own. When
//!   the question asks about a difficult person, what they did is the answer: only an
//!   attributed failure or a denial blames. "My fault", "nobody's fault" blame no one.
//! - **Bad-mouthing**: a judgement of an employer, manager, colleague or customer as a person
//!   or an organisation (character words: "clueless", "a joke", "petty", "cowboys", "takes
//!   credit for everything", "treated the staff like dirt"), in a clause that names or points
//!   at people, not negated and not about oneself. Facts about what someone did are not
//!   bad-mouthing; a clause that bad-mouths is not also counted as blame.
//! - **Caving** on money (only when the question or the answer is about pay): apologising or
//!   showing discomfort ("sorry", "awkward about money"), accepting any figure ("whatever you
//!   think is fair"), the job put before the number ("foot in the door"), or dropping one's
//!   number: a concession not negated ("I could go down", "knock five grand off", "I'm not
//!   going to drop my number" is firm) or a lower figure named ("I'd take twenty-five").
//! - **Bluffing**: a claim of experience or ability over everything of a kind in the first
//!   person ("I've worked with every database", "I'm a natural with any CRM", "I can do any
//!   job"; "every shift" is a habit, "I'm up to every step" and "I'm happy to cover any" claim
//!   nothing: a word of experience or ability must come between the speaker and the
//!   "every"), "nothing I haven't done", "better than anyone", and claims too broad to be true ("learn anything in a
//!   day"). Only when nothing in the answer backs them (no number, no "for example", no past
//!   action told in the first person): soft claims ("I'm an expert"), waving the gap away
//!   ("customers are customers", "works the same way"), ranking oneself first ("the strongest
//!   salesperson"), mastery at once in a clause about knowing or learning ("inside out in a
//!   week", "from day one"). A concession on money is caving, not also a bluff.
//! - **Humble-brag** (only when the question, its signals or the answer are about a weakness,
//!   a flaw, a failing or a downside): a virtue in disguise ("perfectionist", "can't switch
//!   off", "for my own good"), in any words of these shapes: "too" before a virtue ("too
//!   invested", "too much of a giver"; "too quick to judge" names no virtue), a caring or giving verb with
//!   an excess ("care so much more than I should", "go above and beyond a bit too much"), being
//!   better or faster than others ("can't keep up with me", "to my standard"), the virtue given
//!   as the reason ("because people rely on me", "letting anyone down", "done properly"), doing
//!   more than asked ("over-deliver") or never stopping ("don't know when to stop"); unless set
//!   aside before ("I used to say...") or disowned after ("...but that isn't my weakness"), or
//!   the answer owns the cost: it tells the episode where the weakness cost something and the
//!   change made since ("...the hearse arrived late. Now I check the diary").
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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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
        self.into()
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
    /// The question asks about a setback (a failure, a cancelled project, a mistake, bad news,
    /// criticism): the bad outcome is given by the question, so another's failure told
    /// without any part owned puts that outcome on them.
    pub setback: bool,
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
            setback: words.iter().any(|w| {
                [
                    "fail", "cancel", "mistake", "wrong", "missed", "critic", "setback",
                ]
                .iter()
                .any(|p| w.starts_with(p))
            }) || q.contains("bad news"),
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

pub(crate) fn is_person_word(word: &str) -> bool {
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
        "nothing to do with my",
        "nothing to do with us",
        "nothing to do with our",
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
        "held ? up",
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

/// Denials of any part, in any wording: blame whatever else the answer says.
static DENIAL: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "wasn't on me",
        "wasn't really on me",
        "isn't on me",
        "wasn't mine",
        "wasn't really mine",
        "isn't really mine",
        "wasn't anything i did",
        "wasn't anything we did",
        "wasn't down to me",
        "wasn't down to us",
        "not down to me",
        "wasn't my doing",
        "didn't do anything wrong",
        "hadn't done anything wrong",
    ])
});

/// Excuses: helplessness and attribution to others. Blame unless the answer owns a part.
static EXCUSE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "nothing ? could",
        "nothing ? could've",
        "nothing ? can",
        "wasn't a lot ? could",
        "wasn't much ? could",
        "not a lot ? could",
        "not much ? could",
        "no way ? could",
        "anyone would have",
        "anyone would've",
        "anybody would have",
        "came down to them",
        "all down to them",
        "down to them",
        "down to him",
        "down to her",
        // Impossibility told as everyone's ("targets nobody could hit"), helplessness.
        "nobody could have",
        "no one could have",
        "nobody could hit",
        "no one could hit",
        "nobody could meet",
        "no one could meet",
        "nobody would have",
        "no one would have",
        "only so much",
        // Inevitability and the set-up as the cause: nobody's part, so nobody's fault.
        "bound to happen",
        "always going to happen",
        "was always going to",
        "was never going to",
        "were never going to",
        "doomed from the start",
        "doomed from day one",
        "waiting to happen",
        "one of those things",
        "one of those ones",
        "against us from the start",
        "the way it was set up",
        "the way things were set up",
        "the way it was all set up",
        "the way ? was set up",
        "the way it was organised",
        "the way it was all organised",
        "the way ? was organised",
        "the way ? was run",
        "the way ? were run",
        "the way ? ran things",
        "the way ? were structured",
        "the way ? was structured",
        "the way ? work there",
        "the system we had",
        "that was the system",
        "through no fault of",
        "no fault of ours",
        "no fault of mine",
        "out of our hands",
        "what you get really",
        "what you get when",
        // The outcome fixed whatever one did, the set-up or the moment as the only cause.
        "whatever ? did",
        "whatever ? tried",
        "turned against ?",
        "never mine to",
        "not mine to",
        "hands were tied",
        "hands are tied",
        "above my head",
        "left ? with no choice",
        "left ? no choice",
        "left ? with no option*",
        "left ? no option*",
    ])
});

/// Words that attribute an outcome to a cause ("because", "down to", "thanks to").
const ATTRIBUTION: &[&str] = &[
    "because", "cause", "due", "thanks", "owing", "reason", "blame",
];

/// What a third party failed to do or did wrong: with a third party as its subject, the
/// failure clause of a blaming answer ("head office didn't send the stock").
static FAILURE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "didn't",
        "never",
        "wouldn't",
        "couldn't",
        "failed",
        "refused",
        "forgot",
        "ignored",
        "missed",
        "messed",
        "screwed",
        "burned",
        "burnt",
        "wrong",
        "rubbish",
        "garbage",
        "poor",
        "awful",
        "terrible",
        "useless",
        "slow",
        "late",
        "should have",
        "should've",
        "took forever",
        "pulled the",
        "kept changing",
        "kept moving",
        "kept cancelling",
        "kept adding",
        "kept boarding",
        "kept covering",
        "was down",
        "were down",
        "was cut",
        "were cut",
        "got cut",
    ])
});

/// Third parties and circumstances that an answer can make the subject of its failure.
const THIRD_PARTY: &[&str] = &[
    "office",
    "supplier",
    "suppliers",
    "agency",
    "finance",
    "qa",
    "testers",
    "doctors",
    "doctor",
    "gp",
    "architect",
    "council",
    "plasterers",
    "builders",
    "founders",
    "owner",
    "inspector",
    "landlord",
    "analysts",
    "courier",
    "factory",
    "vendors",
    "sales",
    "marketing",
    "board",
    "staff",
    "nurses",
    "teachers",
    "weather",
    "system",
    "software",
];

/// Subjects that make a clause the speaker's own.
const SELF: &[&str] = &[
    "i", "we", "i'd", "we'd", "i've", "we've", "i'm", "we're", "i'll", "we'll", "myself",
];

/// Owning a part of the failure: "my mistake", "that's on me", "I hadn't tested it".
static OWNERSHIP: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "my fault",
        "my mistake",
        "my error",
        "on me",
        "was mine",
        "is mine",
        "my part",
        "my call",
        "my responsibility",
        "i own",
        "i owned",
        "owned up",
        "own that",
        "i should have",
        "i should've",
        "i underestimated",
        "i got it wrong",
        "i was wrong",
        "i misjudged",
        "was me",
        "i take responsibility",
        "i'm responsible",
        "i was responsible",
    ])
});

/// Verbs of an own omission after "I didn't / hadn't / never" ("I never checked").
const OMISSION_VERBS: &[&str] = &[
    "check", "test", "ask", "plan", "push", "chase", "think", "consider", "read", "rais",
    "escalat", "verif", "train", "follow", "tell", "speak", "talk",
];

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
        // Character words: a judgement of the person, not a report of what they did.
        "laziest",
        "snake",
        "snakes",
        "two-faced",
        "petty",
        "spiteful",
        "selfish",
        "backstabber*",
        "backstabbing",
        "crooks",
        "cowboys",
        "clown",
        "clowns",
        "a shambles",
        "thick",
        "entitled",
        "pathetic",
        "a liar",
        "liars",
        "no clue",
        "have a clue",
        "had a clue",
        "has a clue",
        "got a clue",
        "couldn't manage a",
        "couldn't organise a",
        "couldn't organize a",
        "couldn't run a",
        "to save her life",
        "to save his life",
        "to save their lives",
        "only care* about",
        "only looked after",
        "favourites",
        "favorites",
        "like dirt",
        "like rubbish",
        "like children",
        "like slaves",
        "should never have been promoted",
        "nobody could stand",
        "no one could stand",
        "takes credit for",
        "take credit for",
        "took credit for",
        "moron*",
        "jobsworth*",
        "waste of space",
        "dinosaur*",
        "bitter",
        "nasty",
        "vindictive",
        "greedy",
        "crooked",
        "dodgy",
        "shady",
        "spineless",
        "power-hungry",
        "power trip",
        "a cowboy",
        "amateurs",
        "a circus",
        "madhouse",
        "sinking ship",
        "didn't know what he was doing",
        "didn't know what she was doing",
        "didn't know what they were doing",
        "don't know what they're doing",
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
        "rather have the job than",
        "don't need that much",
        "money isn't important",
        "money doesn't matter",
        "the money doesn't matter",
        "argue about money",
        // Discomfort offered as an apology, or the job put before the number.
        "awkward",
        "embarrass*",
        "hate talking about",
        "hate asking",
        "feel bad asking",
        "fine by me",
        "happy with whatever",
        "happy with anything",
        "price myself out",
        "foot in the door",
        "just want the job",
        "just really want the job",
        "really want the job",
        "rather be working",
        "not about the money",
    ])
});

/// Concessions on one's own number: caving unless negated ("I'm not going to drop my number").
static CONCESSION: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "take less",
        "accept less",
        "settle for",
        "go down",
        "go lower",
        "come down",
        "knock ? off",
        "knock ? ? off",
        "knock ? ? ? off",
        "drop my",
        "drop the number",
        "lower my",
        "reduce my",
        "less if",
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
        "inside out within",
        "inside out in",
        "better than anyone",
        "better than everyone",
        "better than the people",
        "better than your own",
        "without exaggeration",
        "put me in front of any",
        "give me any",
        "never been stuck",
    ])
});

/// Waving the gap away or promising mastery at once: a bluff when nothing in the answer backs
/// it ("tools are tools" next to an example of learning one is the seed's honest reply).
static SAME_ANYWAY: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "the same way",
        "basically the same",
        "all basically",
        "the same underneath",
        "no different",
    ])
});

/// Mastery at once ("I'd know it inside out straight away"): a bluff in a clause about
/// knowing or learning, when nothing in the answer backs it.
static FAST_MASTERY: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "give me a week",
        "give me a day",
        "give me a month",
        "straight away",
        "right away",
        "from day one",
        "first day",
        "by lunchtime",
        "in no time",
        "within a week",
        "in a week",
    ])
});

/// Nouns of time after "every"/"any": "every shift", "any day" are habits, not claims.
const TIME_NOUNS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "shift",
    "shifts",
    "time",
    "times",
    "morning",
    "night",
    "evening",
    "friday",
    "monday",
    "sprint",
    "single",
    "one",
    "other",
    "now",
    "questions",
    "question",
];

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
        "too hard-working",
        "too hardworking",
        "too driven",
        "too nice",
        "too kind",
        "too generous",
        "too caring",
        "too thorough",
        "too organised",
        "too organized",
        "too conscientious",
        "too ambitious",
        "too helpful",
        "too reliable",
        "too focused",
        "for my own good",
        "can't switch off",
        "cannot switch off",
        "never switch off",
        "don't switch off",
        "high standards",
    ])
});

/// Virtues (stems) that a weakness answer can dress up with "too": "too invested", "too calm",
/// "too much of a giver". Matched by prefix on the word after "too" (or after "too much of a").
const VIRTUE_STEMS: &[&str] = &[
    "dedicat",
    "driven",
    "honest",
    "loyal",
    "nice",
    "kind",
    "generos",
    "invest",
    "calm",
    "modest",
    "humble",
    "commit",
    "thorough",
    "organis",
    "organiz",
    "caring",
    "passion",
    "hard-work",
    "hardwork",
    "helpful",
    "reliab",
    "conscientious",
    "ambitio",
    "focus",
    "careful",
    "patien",
    "selfless",
    "attached",
    "responsib",
    "eager",
    "enthusias",
    "diligent",
    "meticulous",
    "detail",
    "accura",
    "precise",
    "efficient",
    "perfect",
    "involved",
    "giving",
    "giver",
    "willing",
    "particular",
    "high",
    "good",
    "well",
];

/// Words that may come between "too" and its virtue ("too much of a", "a bit too really").
const INTENSIFIER_FILLERS: &[&str] = &["much", "of", "a", "an", "bit", "very", "really", "just"];

/// More of a virtue than is good: a caring, giving or striving verb followed closely by an
/// excess ("care so much more than I should", "give too much of myself", "go above and beyond a
/// bit too much").
const VIRTUE_VERBS: &[&str] = &[
    "care", "cares", "cared", "caring", "give", "gave", "giving", "love", "loved", "invest",
    "invested", "help", "helped", "prepare", "prepared", "deliver", "try", "tried", "go", "put",
    "do",
];

static EXCESS: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "too much",
        "so much",
        "more than i should",
        "more than i probably should",
        "more than i ought",
        "more than anyone",
        "above and beyond",
        "more hours than",
        "over and above",
    ])
});

/// The rest of a disguised strength, whatever its first word: being better or faster than
/// others ("not everyone can keep up with me", "people who don't work at my pace", "expect
/// everyone to work to my standard"), standards too high ("a higher standard than most"), the
/// virtue given as the reason ("because people rely on me", "because I can't bear to let anyone
/// down", "because I know it'll be done properly"), more than anyone ("over-deliver",
/// "over-prepare"), and never stopping ("I don't know when to stop", "I forget to take my
/// breaks").
static DISGUISED_STRENGTH: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "keep up with me",
        "at my pace",
        "at my speed",
        "as fast as i do",
        "as quick as i am",
        "as quickly as i do",
        "to my standard*",
        "higher standard*",
        "high bar",
        "happy with good enough",
        "rely on me",
        "relies on me",
        "count on me",
        "trust me with everything",
        "do it better",
        "do the job better",
        "better and faster",
        "want it to be perfect",
        "my name's on it",
        "my names on it",
        "my name is on it",
        "over-deliver*",
        "overdeliver*",
        "over-prepar*",
        "overprepar*",
        "over-achiev*",
        "overachiev*",
        "when to stop",
        "forget to take my break*",
        "forget to eat",
        "so absorbed",
        "stickler",
    ])
});

/// A change made after a weakness cost something ("so now I ring first", "since then I...").
static CHANGE_MADE: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "now i",
        "i now",
        "since then",
        "these days i",
        "i've started",
        "ive started",
        "i set myself",
        "i've set",
    ])
});

/// Letting people down, a disguised strength only when it is what one avoids ("I hate letting
/// anyone down", "because I can't bear to let people down"), not when it is owned ("I've let
/// people down by being late").
static LET_DOWN: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "let anyone down",
        "letting anyone down",
        "let anybody down",
        "letting anybody down",
        "let people down",
        "letting people down",
        "let them down",
        "letting them down",
    ])
});

/// Work "done properly" or "done right", a disguised strength only as the reason one keeps it
/// ("because I know it'll be done properly if I do it myself").
static DONE_WELL: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::new(&[
        "done properly",
        "done right",
        "done well",
        "done to my standard*",
    ])
});

/// Words before [`LET_DOWN`] or [`DONE_WELL`] (within eight) that make it what one avoids or
/// the reason one holds on.
const AVOIDING: &[&str] = &[
    "hate", "bear", "stand", "like", "want", "afraid", "thought", "because", "cause", "know",
    "knowing", "sure",
];

fn avoided_or_a_reason(index: &TextIndex, unit: &Unit, at: usize) -> bool {
    (at.saturating_sub(8).max(unit.first)..at).any(|i| AVOIDING.contains(&index.word(i)))
}

/// Whether the answer owns a cost of its weakness: it tells a past episode (the speaker the
/// subject of a past-tense verb, two past-tense verbs at least: the weakness showed and cost
/// something) and a change made since. Then a "too much"/"I hate letting
/// people down" weakness is a real one, told honestly, not a strength in disguise.
fn owns_a_cost(index: &TextIndex) -> bool {
    let n = index.tokens.len();
    let past_of_mine = (0..n).any(|i| {
        matches!(index.word(i), "i" | "we" | "i'd" | "id")
            && super::relevance::is_past_verb(index.word(i + 1))
    });
    let past_verbs = (0..n)
        .filter(|&i| super::relevance::is_past_verb(index.word(i)))
        .count();
    past_of_mine && past_verbs >= 2 && CHANGE_MADE.any(index, 0..n)
}

/// "too" (with at most two fillers: "too much of a") before a virtue ([`VIRTUE_STEMS`]; quick,
/// fast or slow are no virtues: "too quick to judge" is a real weakness). Returns the end.
fn intensified_virtue(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    if index.word(k) != "too" {
        return None;
    }
    let mut j = k + 1;
    while j < unit.end_token && j < k + 5 && INTENSIFIER_FILLERS.contains(&index.word(j)) {
        j += 1;
    }
    let w = index.word(j);
    let virtue = j < unit.end_token && VIRTUE_STEMS.iter().any(|v| w.starts_with(v));
    // "Too high" is a virtue only of standards ("my standards are too high", not "I priced it
    // too high").
    let of_standards = w != "high"
        || unit.tokens().any(|i| {
            let x = index.word(i);
            x.starts_with("standard") || x == "bar" || x.starts_with("expectation")
        });
    (virtue && of_standards).then_some(j + 1)
}

/// Words between "weakness" and the virtue named as it ("my weakness would be loyalty", "my
/// flaw is probably that I'm too honest").
const NAMING_FILLERS: &[&str] = &[
    "is", "was", "would", "be", "probably", "my", "just", "that", "i'm", "im", "being", "really",
    "honestly", "maybe", "say", "i'd", "id", "a", "bit", "of",
];

/// "My weakness would be loyalty", "my only flaw is my honesty": a virtue ([`VIRTUE_STEMS`])
/// named as the weakness itself, at most five filler words after "weakness", "flaw" or
/// "failing". Returns the end of the virtue.
fn virtue_named_as_weakness(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    if !matches!(index.word(k), "weakness" | "flaw" | "failing") {
        return None;
    }
    let mut j = k + 1;
    while j < unit.end_token && j < k + 7 && NAMING_FILLERS.contains(&index.word(j)) {
        j += 1;
    }
    let w = index.word(j);
    (j > k + 1
        && j < unit.end_token
        && w != "high"
        && VIRTUE_STEMS.iter().any(|v| w.starts_with(v)))
    .then_some(j + 1)
}

/// "My biggest mistake is...", "my only problem is...", "my one fault would be...": the answer
/// characterises itself by a failing, which puts it in the scope of a weakness whatever the
/// question was.
fn names_own_failing(index: &TextIndex) -> bool {
    (0..index.tokens.len()).any(|i| {
        index.word(i) == "my"
            && matches!(
                index.word(i + 1),
                "only" | "biggest" | "main" | "one" | "worst" | "greatest"
            )
            && matches!(
                index.word(i + 2),
                "mistake" | "problem" | "failing" | "fault" | "flaw" | "weakness"
            )
            && matches!(index.word(i + 3), "is" | "would" | "was")
    })
}

/// A caring, giving or striving verb ([`VIRTUE_VERBS`]) and an [`EXCESS`] within five words
/// after it, in the unit. Returns the end of the excess.
fn virtue_in_excess(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    if !VIRTUE_VERBS.contains(&index.word(k)) {
        return None;
    }
    (k + 1..(k + 6).min(unit.end_token))
        .find_map(|j| EXCESS.longest_at(index, j, unit.end_token))
        .map(|h| h.end)
}

/// Words before a phrase that set it aside ("I used to say perfectionism, but...").
const SET_ASIDE: &[&str] = &["not", "never", "n't", "used", "instead", "than", "without"];

/// Finds the red flags of an answer (all but not answering, see [`super::relevance`]).
pub fn find(index: &TextIndex, scope: &FlagScope) -> Vec<FlagHit> {
    let mut hits = Vec::new();
    let money = scope.money || mentions_money(index);
    let weakness = scope.weakness
        || mentions(
            index,
            &[
                "weakness",
                "weaknesses",
                "flaw",
                "flaws",
                "failing",
                "failings",
                "downside",
            ],
        )
        || names_own_failing(index);
    let owns_a_cost = weakness && owns_a_cost(index);
    let backed = answer_has_specifics(index);
    let owns_a_part = owns_a_part(index);
    // A credit note or a refund in the answer: "he took the credit" is the money, not praise.
    let refund_talk = (0..index.tokens.len()).any(|i| {
        let w = index.word(i);
        (w == "credit" && matches!(index.word(i + 1), "note" | "notes"))
            || w.starts_with("refund")
            || w == "voucher"
    });
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
        for h in DENIAL.find(index, range.clone()) {
            push(RedFlagKind::Blame, h.start, h.end);
        }
        for k in range.clone() {
            if let Some(end) = others_fault_at(index, k)
                .or_else(|| denies_own_part(index, unit, k))
                .or_else(|| put_on_others(index, unit, k))
            {
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
        if !owns_a_part {
            for h in EXCUSE.find(index, range.clone()) {
                push(RedFlagKind::Blame, h.start, h.end);
            }
            for k in range.clone() {
                if let Some(end) = others_counterfactual(index, unit, k)
                    .or_else(|| deprived(index, unit, k))
                    .or_else(|| not_me_after_a_cause(index, unit, k))
                    .or_else(|| spoiled_before_it_reached_me(index, unit, k))
                    .or_else(|| unmet_passive_duty(index, k))
                    // Control denied and orders followed excuse only a bad outcome.
                    // (the outcome is looked for only once the words are found: it reads the
                    // whole answer).
                    .or_else(|| {
                        no_say(index, unit, k)
                            .or_else(|| only_followed_orders(index, unit, k))
                            .filter(|_| scope.setback || outcome_elsewhere(index, unit, k))
                    })
                {
                    push(RedFlagKind::Blame, k, end);
                }
            }
            for h in FAILURE.find(index, range.clone()) {
                if set_aside_before_failure(index, h.start)
                    || !predicate_position(index, unit, h.start)
                {
                    continue;
                }
                let subject = failure_subject(index, unit, h.start);
                let attributed = attributed(index, unit, h.start);
                // Describing what a difficult person did is the answer to such a question;
                // only an outcome attributed to them ("because they...") blames.
                // "QA should have caught it": another's duty said to be unmet accuses on its own.
                let duty = matches!(index.word(h.start), "should" | "should've");
                let blames = match subject {
                    Subject::Own => false,
                    Subject::Other if attributed => true,
                    Subject::Other if duty => !scope.difficult_person,
                    Subject::Other => {
                        !scope.difficult_person
                            && !answered_by_own_action(index, unit, h.end)
                            && (scope.setback || outcome_elsewhere(index, unit, h.start))
                    }
                    Subject::Unknown => attributed && !scope.difficult_person,
                };
                if blames {
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
            let credit_is_money =
                (h.start..h.end).any(|i| index.word(i) == "credit") && refund_talk;
            if !credit_is_money
                && !set_aside(index, unit, h.start, 4)
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
            for h in CONCESSION.find(index, range.clone()) {
                if !set_aside(index, unit, h.start, 4) {
                    push(RedFlagKind::Caving, h.start, h.end);
                }
            }
            for k in range.clone() {
                if let Some(end) = takes_a_lower_figure(index, unit, k)
                    .or_else(|| accepts_any_figure(index, unit, k))
                    .or_else(|| lowers_own_number(index, unit, k))
                {
                    push(RedFlagKind::Caving, k, end);
                }
            }
        }
        for h in BLUFF.find(index, range.clone()) {
            if !set_aside(index, unit, h.start, 2) {
                push(RedFlagKind::Bluffing, h.start, h.end);
            }
        }
        for k in range.clone() {
            if let Some(end) = universal_claim(index, unit, k).or(nothing_i_havent(index, unit, k))
            {
                push(RedFlagKind::Bluffing, k, end);
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
            for h in SAME_ANYWAY.find(index, range.clone()) {
                if !set_aside(index, unit, h.start, 3) {
                    push(RedFlagKind::Bluffing, h.start, h.end);
                }
            }
            if range.clone().any(|i| is_mastery_word(index.word(i))) {
                for h in FAST_MASTERY.find(index, range.clone()) {
                    push(RedFlagKind::Bluffing, h.start, h.end);
                }
            }
            for k in range.clone() {
                if let Some(end) = tautology_or_superlative(index, unit, k)
                    .or_else(|| sweeping_competence(index, unit, k))
                    .or_else(|| every_one_a_success(index, unit, k))
                {
                    push(RedFlagKind::Bluffing, k, end);
                }
            }
        }
        if weakness && !owns_a_cost {
            for h in HUMBLE_BRAG.find(index, range.clone()) {
                if !set_aside(index, unit, h.start, 4) && !disowned_after(index, unit, h.end) {
                    push(RedFlagKind::HumbleBrag, h.start, h.end);
                }
            }
            // The shapes below carry negations of their own ("can't keep up with me", "I
            // don't know when to stop"): only a past or replaced claim sets them aside.
            let mut found: Vec<(usize, usize)> = DISGUISED_STRENGTH
                .find(index, range.clone())
                .into_iter()
                .chain(
                    LET_DOWN
                        .find(index, range.clone())
                        .into_iter()
                        .chain(DONE_WELL.find(index, range.clone()))
                        .filter(|h| avoided_or_a_reason(index, unit, h.start)),
                )
                .map(|h| (h.start, h.end))
                .collect();
            for k in range.clone() {
                if let Some(end) = intensified_virtue(index, unit, k)
                    .or_else(|| virtue_in_excess(index, unit, k))
                    .or_else(|| virtue_named_as_weakness(index, unit, k))
                {
                    found.push((k, end));
                }
            }
            for (start, end) in found {
                let replaced = (start.saturating_sub(4).max(unit.first)..start)
                    .any(|i| matches!(index.word(i), "used" | "instead"));
                if !replaced && !disowned_after(index, unit, end) {
                    push(RedFlagKind::HumbleBrag, start, end);
                }
            }
        }
    }
    merge(index, prefer_stronger_reading(hits))
}

/// One clause, one reading: a clause that judges a person is bad-mouthing rather than also
/// blame, and a concession on money ("I'd settle for less, no problem at all") is caving
/// rather than also a bluff.
fn prefer_stronger_reading(hits: Vec<FlagHit>) -> Vec<FlagHit> {
    let overlaps =
        |a: &FlagHit, b: &FlagHit| a.span.start < b.span.end && b.span.start < a.span.end;
    let weaker_of = |kind| match kind {
        RedFlagKind::Blame => Some(RedFlagKind::BadMouthing),
        RedFlagKind::Bluffing => Some(RedFlagKind::Caving),
        _ => None,
    };
    hits.iter()
        .filter(|h| {
            weaker_of(h.kind)
                .is_none_or(|stronger| !hits.iter().any(|o| o.kind == stronger && overlaps(o, h)))
        })
        .copied()
        .collect()
}

/// Words of knowing or learning a tool: the clause a promise of instant mastery lives in.
fn is_mastery_word(w: &str) -> bool {
    w.starts_with("learn")
        || w.starts_with("pick")
        || w.starts_with("nail")
        || w.starts_with("master")
        || w.starts_with("productive")
        || w.starts_with("fluent")
        || matches!(w, "know" | "speed" | "expert")
}

/// Failure words that are adjectives ("late", "wrong"): they accuse only as a predicate ("the
/// order was late") or after a verb of handing over ("gave me rubbish data"), not in front of
/// a noun of one's own story ("a colleague's late reports").
const FAILURE_ADJECTIVES: &[&str] = &[
    "wrong", "rubbish", "garbage", "poor", "awful", "terrible", "useless", "slow", "late",
];

fn predicate_position(index: &TextIndex, unit: &Unit, at: usize) -> bool {
    // "X ordered the wrong parts": whatever the verb, "the wrong" is what someone did.
    if !FAILURE_ADJECTIVES.contains(&index.word(at))
        || (index.word(at) == "wrong" && at > 0 && index.word(at - 1) == "the")
    {
        return true;
    }
    let from = at.saturating_sub(3).max(unit.first);
    (from..at).any(|i| {
        matches!(
            index.word(i),
            "was"
                | "were"
                | "is"
                | "are"
                | "been"
                | "gave"
                | "sent"
                | "loaded"
                | "supplied"
                | "delivered"
                | "sold"
                | "wrote"
                | "made"
                | "built"
        )
    })
}

/// Who a failure clause is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// "I" or "we" (the speaker's own failure: honesty, not blame).
    Own,
    /// A person, group, organisation or circumstance outside the speaker.
    Other,
    /// No subject found in the clause.
    Unknown,
}

/// Words that start a new clause: the subject of a failure is looked for after them.
const CLAUSE_STARTS: &[&str] = &[
    "and", "but", "so", "which", "because", "then", "while", "when", "although", "though",
];

/// The subject of the clause that holds token `at`: the nearest own or third-party word before
/// it, back to the clause's start. Objects ("sent us", "gave me") are not subjects.
fn failure_subject(index: &TextIndex, unit: &Unit, at: usize) -> Subject {
    let mut i = at;
    while i > unit.first {
        if index.punct_after(i - 1) {
            break;
        }
        i -= 1;
        let w = index.word(i);
        if SELF.contains(&w) {
            return Subject::Own;
        }
        if matches!(w, "me" | "us" | "his" | "her" | "their" | "my" | "our") {
            continue;
        }
        if is_person_word(w) || is_third_party(w) {
            return Subject::Other;
        }
        if CLAUSE_STARTS.contains(&w) {
            break;
        }
    }
    Subject::Unknown
}

pub(crate) fn is_third_party(word: &str) -> bool {
    let base = word.strip_suffix("'s").unwrap_or(word);
    THIRD_PARTY.contains(&base) || is_agent_plural(base)
}

/// Plural nouns of people by role ("porters", "suppliers", "analysts", "technicians",
/// "parents") and of machines that do a job ("scanners"), found by their endings so that any
/// trade is covered; the plural nouns of things that end the same way are not agents.
fn is_agent_plural(word: &str) -> bool {
    const NOT_AGENTS: &[&str] = &[
        "numbers",
        "orders",
        "letters",
        "papers",
        "answers",
        "matters",
        "others",
        "figures",
        "events",
        "incidents",
        "accidents",
        "contents",
        "plants",
        "grants",
        "centers",
        "corners",
        "layers",
        "covers",
        "offers",
        "chapters",
        "meters",
        "parameters",
        "quarters",
        "headquarters",
        "characters",
        "powers",
        "towers",
        "waters",
    ];
    word.chars().count() > 5
        && !NOT_AGENTS.contains(&word)
        && ["ers", "ors", "ists", "ians", "ents", "ants"]
            .iter()
            .any(|e| word.ends_with(e))
        && !word.ends_with("ments")
}

/// Words of a bad outcome for the speaker's work ("cancelled", "fell apart", "complained").
fn is_outcome_word(w: &str) -> bool {
    [
        "cancel", "scrap", "shelv", "flop", "collaps", "fail", "abandon", "delay", "slipp",
        "overran", "complain", "folded", "lost", "closed", "broke",
    ]
    .iter()
    .any(|p| w.starts_with(p))
        || matches!(w, "apart" | "late")
}

/// An unattributed failure of someone else blames them only in an answer that tells of a bad
/// outcome in another sentence ("the app was cancelled... the designers never delivered");
/// alone ("he missed three deadlines") it is a report. Speech transcribed without sentence
/// punctuation is one unit: there the outcome counts when told before the failure's clause
/// ("the app got scrapped um the designers never delivered").
fn outcome_elsewhere(index: &TextIndex, unit: &Unit, at: usize) -> bool {
    let unpunctuated = index.units.len() == 1 && unit.end_token - unit.first > 25;
    (0..index.tokens.len())
        .filter(|&i| i < unit.first || i >= unit.end_token || (unpunctuated && i + 3 < at))
        .any(|i| is_outcome_word(index.word(i)))
}

/// "The supplier was late, so I rang two other mills": another's failure told as the problem
/// the speaker then solved, in the same sentence, is the situation of a story, not blame.
fn answered_by_own_action(index: &TextIndex, unit: &Unit, from: usize) -> bool {
    (from..unit.end_token).any(|i| {
        index.word(i) == "so"
            && matches!(index.word(i + 1), "i" | "we")
            && !matches!(
                index.word(i + 2),
                "just" | "did" | "kept" | "had" | "was" | "were" | "could" | "couldn't" | "can't"
            )
    })
}

/// Whether the failure at `at` is given as the cause of the outcome: an attribution word
/// ("because", "due to", "thanks to", "the reason") earlier in its sentence.
fn attributed(index: &TextIndex, unit: &Unit, at: usize) -> bool {
    let from = at.saturating_sub(12).max(unit.first);
    (from..at).any(|i| {
        let w = index.word(i);
        ATTRIBUTION.contains(&w) || (w == "down" && index.word(i + 1) == "to")
    })
}

/// "I wouldn't say they failed", "not that they didn't try": a failure word under a negation
/// or a hedge of the speaker's own is not an accusation.
fn set_aside_before_failure(index: &TextIndex, at: usize) -> bool {
    at > 0 && matches!(index.word(at - 1), "not" | "hardly")
}

/// Whether the answer owns a part of what went wrong (then naming an outside cause is
/// context, not blame).
fn owns_a_part(index: &TextIndex) -> bool {
    let all = 0..index.tokens.len();
    let owned = OWNERSHIP.find(index, all.clone()).into_iter().any(|h| {
        let from = h.start.saturating_sub(2);
        !(from..h.start).any(|i| {
            let w = index.word(i);
            w == "not" || w.ends_with("n't") || w == "never"
        })
    });
    owned
        || all.into_iter().any(|i| {
            index.word(i) == "i"
                && matches!(
                    index.word(i + 1),
                    "didn't" | "hadn't" | "never" | "wasn't" | "haven't"
                )
                && [index.word(i + 2), index.word(i + 3)]
                    .iter()
                    .any(|w| OMISSION_VERBS.iter().any(|v| w.starts_with(v)))
        })
}

/// Words between a negation and the speaker in a denial of any part ("it wasn't really a
/// mistake on my side", "wasn't down to me at all").
const DENIAL_FILLERS: &[&str] = &[
    "really", "at", "all", "down", "to", "on", "a", "an", "mistake", "error", "problem",
    "anything", "from", "of", "the", "fault", "doing", "part",
];

/// "It wasn't down to me", "wasn't really a mistake on my side", "not on us": a negation,
/// then only [`DENIAL_FILLERS`] up to the speaker ("me", "us", "my side"). Returns the end of
/// the phrase. "That wasn't like me" and "it wasn't easy for me" are not denials.
fn denies_own_part(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    if !matches!(
        index.word(k),
        "wasn't" | "isn't" | "weren't" | "aren't" | "not"
    ) {
        return None;
    }
    let end = (k + 8).min(unit.end_token);
    let mut i = k + 1;
    let mut saw_filler = false;
    while i < end {
        let w = index.word(i);
        match w {
            "me" | "us" | "mine" | "ours" => return saw_filler.then_some(i + 1),
            "my" | "our" => {
                return matches!(
                    index.word(i + 1),
                    "side" | "end" | "doing" | "part" | "fault"
                )
                .then_some(i + 2);
            }
            _ if DENIAL_FILLERS.contains(&w) => saw_filler = true,
            _ => return None,
        }
        i += 1;
    }
    None
}

/// "That was on them", "it was all on the supplier": the outcome said to be another's to
/// carry. Returns the end of the phrase.
fn put_on_others(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    if !matches!(index.word(k), "was" | "is" | "that's" | "it's") {
        return None;
    }
    let mut i = k + 1;
    if matches!(index.word(i), "all" | "really" | "entirely" | "completely") {
        i += 1;
    }
    if index.word(i) != "on" || i + 1 >= unit.end_token {
        return None;
    }
    let who = index.word(i + 1);
    let who = if who == "the" { index.word(i + 2) } else { who };
    (matches!(who, "them" | "him" | "her") || is_person_word(who) || is_third_party(who))
        .then_some(i + 2)
}

/// The speaker and their side: the subject of a counterfactual that owns a part ("if I had
/// checked", "if we'd known").
const OWN_SUBJECTS: &[&str] = &["i", "we", "i'd", "we'd", "you", "you'd", "it", "it'd"];

/// "If the parents had made their children come, it would have been fine", "had the warehouse
/// picked the orders on time, it would have worked", "if they'd given me the promotion I
/// wouldn't be here": the outcome put on what someone else did not do. The counterfactual must
/// name another subject (not "I", "we", a generic "you" or "it"), be a past that did not happen
/// ("had", "'d"), and its sentence must say what would have followed ("would", "'d"). Returns
/// the end of the "if" clause.
fn others_counterfactual(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    let opens =
        k == unit.first || index.punct_after(k - 1) || CLAUSE_STARTS.contains(&index.word(k - 1));
    let (subject, from) = match index.word(k) {
        "if" => (k + 1, k + 1),
        // "Had the warehouse picked...": an inverted "if" opens its clause.
        "had"
            if opens
                && matches!(
                    index.word(k + 1),
                    "the" | "they" | "he" | "she" | "my" | "our" | "management"
                ) =>
        {
            (k + 1, k + 1)
        }
        _ => return None,
    };
    let who = index.word(subject);
    if OWN_SUBJECTS.contains(&who) || who.is_empty() {
        return None;
    }
    // The if-clause runs to its comma or, unpunctuated, at most twelve words.
    let mut end = from;
    while end < unit.end_token && end < from + 12 && !index.punct_after(end) {
        end += 1;
    }
    let clause_end = (end + 1).min(unit.end_token);
    let in_clause = |test: &dyn Fn(&str) -> bool| (from..clause_end).any(|i| test(index.word(i)));
    // A past that did not happen: "had" or "'d" in the clause ("if they'd given me"). A plain
    // past ("if the customer complained, I'd listen") is how one would act, not blame.
    let past = index.word(k) == "had"
        || in_clause(&|w| {
            w == "had" || (w.ends_with("'d") && !w.starts_with("i'") && !w.starts_with("we'"))
        });
    let said_of_others = {
        let w = who.strip_suffix("'d").unwrap_or(who);
        matches!(
            w,
            "the"
                | "they"
                | "he"
                | "she"
                | "my"
                | "our"
                | "his"
                | "her"
                | "their"
                | "someone"
                | "somebody"
                | "anyone"
                | "management"
        ) || is_person_word(w)
            || is_third_party(w)
    };
    let follows = (unit.first..unit.end_token).any(|i| {
        let w = index.word(i);
        matches!(
            w,
            "would" | "wouldn't" | "would've" | "i'd" | "we'd" | "it'd"
        ) || w.ends_with("wouldve")
    });
    (past && said_of_others && follows).then_some(clause_end)
}

/// "I was never given the time", "nobody had told me the bank changed its format", "we weren't
/// given any training": what the speaker lacked put forward as the reason, with no response of
/// their own in the sentence ("I was never given a handover, so I rang her" tells the problem
/// they solved). Returns the end of the phrase.
fn deprived(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    let w = index.word(k);
    const GIVING: &[&str] = &[
        "given",
        "shown",
        "trained",
        "told",
        "offered",
        "taught",
        "gave",
        "showed",
        "explained",
    ];
    let end = if matches!(w, "i" | "we") {
        // "I was never given", "we weren't given", "I never got".
        let mut i = k + 1;
        if matches!(index.word(i), "was" | "were") {
            i += 1;
        }
        let negated = matches!(index.word(i), "never" | "wasn't" | "weren't" | "not");
        if !negated {
            return None;
        }
        i += 1;
        if index.word(i) == "ever" || index.word(i) == "really" {
            i += 1;
        }
        // "I was never told off" is no lack.
        (GIVING.contains(&index.word(i)) && index.word(i + 1) != "off").then_some(i + 1)?
    } else if matches!(w, "nobody" | "no-one") || (w == "no" && index.word(k + 1) == "one") {
        let mut i = if w == "no" { k + 2 } else { k + 1 };
        if matches!(index.word(i), "ever" | "had" | "really" | "actually") {
            i += 1;
        }
        (GIVING.contains(&index.word(i)) && matches!(index.word(i + 1), "me" | "us" | "how"))
            .then_some(i + 2)?
    } else {
        return None;
    };
    (!answered_by_own_action(index, unit, end)).then_some(end)
}

/// Control nouns that a speaker says they lacked ("I had no say", "it wasn't my call").
const CONTROL: &[&str] = &["say", "call", "decision", "control"];

/// "I had no say in it", "it wasn't my call", "not something I had any say in", "never my
/// decision": the speaker denies having had any control over the outcome. A control noun
/// ([`CONTROL`]) after "my", "any" or "no", with a negation within five words before (or "no"
/// itself); "say" must not be the verb ("I didn't say"). Returns the end of the noun.
fn no_say(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    let w = index.word(k);
    if !CONTROL.contains(&w) || k == unit.first {
        return None;
    }
    let before = index.word(k - 1);
    if !matches!(before, "my" | "any" | "no" | "our") {
        return None;
    }
    let negated = before == "no"
        || (k.saturating_sub(6).max(unit.first)..k - 1).any(|i| {
            let x = index.word(i);
            matches!(
                x,
                "not" | "never" | "no" | "wasnt" | "didnt" | "dont" | "isnt" | "hadnt" | "werent"
            ) || x.ends_with("n't")
        });
    negated.then_some(k + 1)
}

/// Words that deliver a piece of work to the speaker ("by the time it reached me").
const REACHED: &[&str] = &[
    "reached", "got", "came", "arrived", "landed", "passed", "handed",
];

/// "By the time the crates reached me they'd been packed badly", "it came to me already
/// broken": the work is said to have been spoiled before the speaker touched it, with no
/// response of their own in the sentence. A verb of arrival ([`REACHED`]) followed within three
/// words by "me" or "us" (or "my desk"), with "by the time" before it or "already" after it in
/// the unit. Returns the end of the unit.
fn spoiled_before_it_reached_me(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    if !REACHED.contains(&index.word(k)) {
        return None;
    }
    // "reached me", "came (over) to me", "got to us", "landed on my desk", "arrived with me";
    // not "got me into retail".
    let verb = index.word(k);
    let me_at = |j: usize| {
        matches!(index.word(j), "me" | "us")
            || (index.word(j) == "my" && index.word(j + 1) == "desk")
    };
    let to_me = if verb == "reached" {
        me_at(k + 1).then_some(k + 1)
    } else {
        let mut j = k + 1;
        if index.word(j) == "over" {
            j += 1;
        }
        (matches!(index.word(j), "to" | "on" | "with") && me_at(j + 1)).then_some(j + 1)
    }
    .filter(|&j| j < unit.end_token)?;
    let by_the_time = (unit.first..k).any(|i| {
        index.word(i) == "by" && index.word(i + 1) == "the" && index.word(i + 2) == "time"
    });
    let already = (to_me..unit.end_token).any(|i| index.word(i) == "already");
    ((by_the_time || already) && !answered_by_own_action(index, unit, to_me))
        .then_some(unit.end_token)
}

/// "I only did what the sheet said", "I just gave what it said", "I was only following the
/// procedure", "I did as I was told": the speaker's part reduced to following someone else's
/// instruction. "only" or "just" before a verb of doing or following and then "what", "as" or
/// an instruction noun within three words. Returns the end of the phrase.
fn only_followed_orders(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    if !matches!(index.word(k), "only" | "just") {
        return None;
    }
    let mut i = k + 1;
    if matches!(index.word(i), "ever") {
        i += 1;
    }
    let verb = index.word(i);
    let doing = matches!(
        verb,
        "did" | "do" | "done" | "gave" | "give" | "followed" | "following" | "follow" | "went"
    );
    if !doing || i >= unit.end_token {
        return None;
    }
    (i + 1..(i + 5).min(unit.end_token))
        .find(|&j| {
            let w = index.word(j);
            (w == "what" || w == "as")
                && (j + 1..(j + 6).min(unit.end_token)).any(|m| {
                    matches!(
                        index.word(m),
                        "said" | "says" | "told" | "asked" | "say" | "tell" | "instructed"
                    )
                })
                || matches!(
                    w,
                    "procedure" | "procedures" | "instructions" | "orders" | "policy" | "process"
                )
        })
        .map(|j| j + 1)
}

/// "It should've been picked up at the quality check", "that ought to have been caught":
/// a duty left unmet by nobody named, in the passive. Blames when the answer owns no part.
/// Returns the end of the participle.
fn unmet_passive_duty(index: &TextIndex, k: usize) -> Option<usize> {
    let w = index.word(k);
    let next = if matches!(w, "should've" | "shouldve") && index.word(k + 1) == "been" {
        k + 2
    } else if w == "should" && index.word(k + 1) == "have" && index.word(k + 2) == "been" {
        k + 3
    } else {
        return None;
    };
    let p = index.word(next);
    let participle = matches!(
        p,
        "picked"
            | "caught"
            | "spotted"
            | "checked"
            | "flagged"
            | "noticed"
            | "found"
            | "told"
            | "sent"
            | "done"
            | "fixed"
            | "tested"
            | "stopped"
            | "raised"
            | "reported"
    );
    participle.then_some(next + 1)
}

/// "That was the system, not me", "down to the migration, not my order", "head office not us":
/// a cause named and the speaker set against it. Only after a word of cause or being ("was",
/// "down to", "because") earlier in the clause. Returns the end of the phrase.
fn not_me_after_a_cause(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    if index.word(k) != "not" || k == unit.first {
        return None;
    }
    let end = match index.word(k + 1) {
        "me" | "us" => k + 2,
        "my" | "our" if k + 2 < unit.end_token => k + 3,
        "anything" if matches!(index.word(k + 2), "i" | "we" | "my" | "our") => k + 3,
        _ => return None,
    };
    // The speaker's side closes its clause: "not me." / "not us so..." / end of the sentence.
    let closes = end >= unit.end_token
        || index.punct_after(end - 1)
        || matches!(index.word(end), "and" | "so" | "but" | "at" | "really");
    let from = k.saturating_sub(10).max(unit.first);
    let cause = (from..k).any(|i| {
        let w = index.word(i);
        matches!(w, "was" | "were" | "because" | "that's" | "it's")
            || (w == "down" && index.word(i + 1) == "to")
    });
    (closes && cause).then_some(end)
}

/// Words of accepting a figure: "I'll take whatever...", "whatever you pay is fine".
const ACCEPTING: &[&str] = &[
    "take", "accept", "fine", "ok", "okay", "happy", "work", "do", "fair", "suits", "works",
    "good", "go",
];

/// "I'll take whatever's going", "whatever you'd normally pay is fine with me", "accept
/// whatever the budget allows": an unnamed figure accepted (in a money context). Returns the
/// end of the phrase. "Whatever the offer, the number reflects..." accepts nothing.
fn accepts_any_figure(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    let w = index.word(k);
    if !(w.starts_with("whatever")
        || (w == "any" && matches!(index.word(k + 1), "offer" | "rate" | "salary" | "pay")))
    {
        return None;
    }
    let before = k.saturating_sub(4).max(unit.first)..k;
    let after = k + 1..(k + 8).min(unit.end_token);
    let accepting = |i: usize| ACCEPTING.contains(&index.word(i));
    let negated = before.clone().any(|i| {
        let w = index.word(i);
        w == "not" || w.ends_with("n't") || w == "never"
    });
    if negated {
        return None;
    }
    if before.clone().any(accepting) {
        return Some(k + 1);
    }
    after.clone().find(|&i| accepting(i)).map(|i| i + 1)
}

/// Verbs that lower a figure.
const LOWERING: &[&str] = &["drop", "lower", "reduce", "cut", "knock", "trim", "shave"];

/// "I can drop it", "I'll go down to twenty-four", "I'd happily come down", "or less": the
/// speaker lowers their own number (in a money context) before any counter-offer. Returns
/// the end of the phrase. Negated ("I'm not going to drop it") is firm.
fn lowers_own_number(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    let w = index.word(k);
    if w == "or" && matches!(index.word(k + 1), "less" | "lower") {
        return Some(k + 2);
    }
    let first_person = match w {
        "i'll" | "i'd" | "i'm" => k + 1,
        "i" if matches!(
            index.word(k + 1),
            "can" | "could" | "will" | "would" | "might" | "am"
        ) =>
        {
            k + 2
        }
        _ => return None,
    };
    let end = (first_person + 4).min(unit.end_token);
    let mut i = first_person;
    while i < end {
        let v = index.word(i);
        if v == "not" || v.ends_with("n't") || v == "never" {
            return None;
        }
        if LOWERING.iter().any(|l| v.starts_with(l))
            || (matches!(v, "go" | "come" | "move") && index.word(i + 1) == "down")
        {
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// "I'd take twenty-five", "I can do 40": the speaker names a figure they would accept (an
/// offer to drop their number before any counter-offer). Returns the end of the phrase.
fn takes_a_lower_figure(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    let modal = match index.word(k) {
        "i'd" | "i'll" => k + 1,
        "i" if matches!(index.word(k + 1), "could" | "can" | "would" | "will") => k + 2,
        _ => return None,
    };
    let mut v = modal;
    if matches!(
        index.word(v),
        "happily" | "gladly" | "still" | "probably" | "even"
    ) {
        v += 1;
    }
    if !matches!(index.word(v), "take" | "accept" | "do" | "settle" | "go") {
        return None;
    }
    (v + 1..(v + 4).min(unit.end_token))
        .find(|&i| is_number(index.word(i)))
        .map(|i| i + 1)
}

/// Words that make a first-person sentence a claim about the speaker's experience or ability
/// (stems: "work" covers "worked"; "expert", "natural", "comfortable", "brilliant" are
/// competence; "used", "done", "handled", "seen" experience; "handle", "sell", "fix", "run",
/// "master", "learn" ability). Without one, "every" or "any" after "I'm" is no claim: "I'm up to
/// every step of the refund process" (a mishearing of "I mapped every step") tells a task, "I'll
/// take any shift" a willingness.
const CLAIM_STEMS: &[&str] = &[
    "work",
    "used",
    "use",
    "done",
    "handl",
    "dealt",
    "deal",
    "seen",
    "sold",
    "sell",
    "fix",
    "run",
    "ran",
    "manag",
    "led",
    "lead",
    "master",
    "taught",
    "teach",
    "built",
    "build",
    "cover",
    "solv",
    "cope",
    "adapt",
    "tackl",
    "nurs",
    "cook",
    "driv",
    "program",
    "repair",
    "install",
    "train",
    "touch",
    "know",
    "knew",
    "learn",
    "pick",
    "speed",
    "expert",
    "natural",
    "comfortabl",
    "confident",
    "familiar",
    "fluent",
    "good",
    "great",
    "brilliant",
    "excellent",
    "profici",
    "strong",
    "skill",
    "experienc",
    "qualif",
    "certif",
    "capabl",
    "able",
    "walk",
    "turn",
    "place",
    "close",
    "crack",
    "win",
    "winning",
    "running",
    "beat",
    "outsell",
    "outperform",
    "fit",
];

/// Whether `w` is a word of experience or ability ([`CLAIM_STEMS`]). Stems shorter than four
/// letters match whole words only ("run", not "rung"; "led", not "ledger").
fn is_claim_word(w: &str) -> bool {
    CLAIM_STEMS.iter().any(|s| {
        if s.len() < 4 {
            w == *s || (w.starts_with(s) && matches!(&w[s.len()..], "s" | "ed" | "ing"))
        } else {
            w.starts_with(s)
        }
    })
}

/// "I've worked with every database", "I'm a natural with any CRM", "I can do any job": a
/// first-person claim of experience or ability over everything of a kind. A claim needs its
/// words: "can"/"could" (ability) or a word of [`CLAIM_STEMS`] between the speaker and the
/// "every"/"any". Habits ("every shift"), negated claims and sentences that merely contain
/// "every" ("I'm up to every step", "I'd ask any questions") are not.
fn universal_claim(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    let aux = match index.word(k) {
        "i'm" | "i've" | "i'll" | "i'd" => k + 1,
        "i" if matches!(
            index.word(k + 1),
            "am" | "have" | "can" | "could" | "will" | "would" | "know"
        ) =>
        {
            k + 2
        }
        _ => return None,
    };
    let end = (aux + 6).min(unit.end_token);
    let mut claims = matches!(index.word(k + 1), "can" | "could" | "know");
    for i in aux..end {
        let w = index.word(i);
        if w == "not" || w.ends_with("n't") || w == "never" || index.punct_after(i) {
            return None;
        }
        if matches!(w, "any" | "every" | "anyone" | "anybody" | "everyone") {
            let next = index.word(i + 1);
            if !claims || TIME_NOUNS.contains(&next) || next.is_empty() {
                return None;
            }
            return Some(i + 2);
        }
        // "I'm happy to cover any department" offers, it does not claim.
        if WILLING.contains(&w) {
            return None;
        }
        claims |= matches!(w, "can" | "could") || is_claim_word(w);
    }
    None
}

/// Words of willingness: "I'm happy to cover any", "I'd be glad to learn any" offer rather than
/// claim.
const WILLING: &[&str] = &[
    "happy", "willing", "glad", "keen", "prepared", "open", "want", "like", "love", "try", "ask",
];

/// "There's nothing in retail I haven't done", "there's no job I can't do": a denial that any
/// of it is new to (or beyond) the speaker.
fn nothing_i_havent(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    // "There's no job I can't do": "no" and one noun, then the speaker's negation; "there
    // isn't a car made that I couldn't sort out", "I've never met a target I couldn't smash".
    let w = index.word(k);
    // "No, I haven't used it" is an honest answer: "no" must be followed by its noun.
    let no_noun = w == "no"
        && !index.punct_after(k)
        && !matches!(
            index.word(k + 1),
            "way" | "one" | "doubt" | "idea" | "matter" | "" | "i" | "i'm" | "i've" | "im" | "ive"
        )
        && !TIME_NOUNS.contains(&index.word(k + 1));
    let not_a = matches!(w, "isn't" | "isnt" | "wasn't" | "met")
        && matches!(index.word(k + 1), "a" | "an" | "one")
        && !TIME_NOUNS.contains(&index.word(k + 2));
    if w != "nothing" && !no_noun && !not_a {
        return None;
    }
    let mut end = (k + 9).min(unit.end_token);
    if let Some(p) = (k..end).find(|&i| index.punct_after(i)) {
        end = end.min(p + 1);
    }
    (k + 1..end)
        .find(|&i| {
            (index.word(i) == "i" && is_negated_modal(index.word(i + 1)))
                || (matches!(index.word(i), "i'm" | "im") && index.word(i + 1) == "not")
        })
        .map(|i| i + 2)
}

/// A negated modal or auxiliary, with or without its apostrophe (dictation drops it: "cant").
fn is_negated_modal(w: &str) -> bool {
    matches!(
        w,
        "haven't"
            | "havent"
            | "can't"
            | "cant"
            | "cannot"
            | "couldn't"
            | "couldnt"
            | "don't"
            | "dont"
            | "won't"
            | "wont"
            | "wouldn't"
            | "wouldnt"
    )
}

/// "I'm strong across the board", "I'm good at all of it", "I can fix anything": a claim of
/// competence over everything at once. A bluff only when nothing in the answer backs it (the
/// caller checks). Returns the end of the phrase.
fn sweeping_competence(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    let from = match index.word(k) {
        "i'm" | "im" => k + 1,
        "i" if matches!(index.word(k + 1), "am" | "can" | "could") => k + 1,
        _ => return None,
    };
    let end = (from + 5).min(unit.end_token);
    let mut claims = false;
    for i in from..end {
        let w = index.word(i);
        if w == "not" || w.ends_with("n't") || w == "never" || WILLING.contains(&w) {
            return None;
        }
        claims |= matches!(w, "can" | "could") || is_claim_word(w);
        let sweeping = matches!(w, "everything" | "anything")
            || (w == "all" && index.word(i + 1) == "of" && index.word(i + 2) == "it")
            || (w == "across" && index.word(i + 1) == "the" && index.word(i + 2) == "board");
        if sweeping {
            return claims.then_some(i + if matches!(w, "all" | "across") { 3 } else { 1 });
        }
    }
    None
}

/// "Every job I've ever done has been a success", "every team I'm in does well": every one of
/// the speaker's own a success, with nothing to back it (the caller checks).
fn every_one_a_success(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    if index.word(k) != "every" {
        return None;
    }
    let own = (k + 2..(k + 5).min(unit.end_token)).any(|i| {
        matches!(
            index.word(i),
            "i" | "i've" | "ive" | "i'm" | "im" | "we" | "we've"
        )
    });
    if !own {
        return None;
    }
    (k + 2..(k + 14).min(unit.end_token))
        .find(|&i| {
            let w = index.word(i);
            w.starts_with("success")
                || matches!(w, "best" | "top" | "won" | "running" | "smashed")
                || (w == "well" && matches!(index.word(i - 1), "does" | "did" | "do" | "went"))
        })
        .map(|i| i + 1)
}

/// "Customers are customers", "I'm simply the strongest salesperson in this city": a claim
/// that waves the question away or ranks oneself above everyone.
fn tautology_or_superlative(index: &TextIndex, unit: &Unit, k: usize) -> Option<usize> {
    let w = index.word(k);
    if k + 2 < unit.end_token
        && matches!(index.word(k + 1), "are" | "is")
        && index.word(k + 2) == w
        && w.len() > 2
    {
        return Some(k + 3);
    }
    if matches!(w, "i'm" | "im" | "i" | "i've" | "ive") {
        let from = if w == "i" && index.word(k + 1) == "am" {
            k + 2
        } else if matches!(w, "i'm" | "im") {
            k + 1
        } else if matches!(w, "i've" | "ive") && index.word(k + 1) == "been" {
            // "I've been the best performer everywhere I've worked".
            k + 2
        } else {
            return None;
        };
        let end = (from + 4).min(unit.end_token);
        return (from..end)
            .find(|&i| {
                matches!(
                    index.word(i),
                    "best" | "strongest" | "greatest" | "fastest" | "smartest"
                )
            })
            .map(|i| i + 1);
    }
    None
}

/// "...that I'm a perfectionist, but that isn't really my weakness": the phrase is disowned
/// later in its sentence.
fn disowned_after(index: &TextIndex, unit: &Unit, end: usize) -> bool {
    (end..unit.end_token).any(|i| {
        let w = index.word(i);
        (w == "not" || w.ends_with("n't"))
            && (i + 1..(i + 5).min(unit.end_token))
                .any(|j| matches!(index.word(j), "weakness" | "problem" | "issue" | "real"))
    })
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
        if (is_person_word(w) || is_third_party(w)) && !matches!(w, "his" | "her" | "their") {
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
        setback: false,
    };
    const WEAKNESS: FlagScope = FlagScope {
        money: false,
        weakness: true,
        difficult_person: false,
        setback: false,
    };
    const SETBACK: FlagScope = FlagScope {
        money: false,
        weakness: false,
        difficult_person: false,
        setback: true,
    };

    #[test]
    fn a_question_about_a_setback_reads_its_outcome_from_the_question() {
        let scope = FlagScope::from_question(
            "Describe a project that failed or was cancelled. What was your part in it?",
            &[],
        );
        assert!(scope.setback);
        assert!(!FlagScope::from_question("Tell me about yourself.", &[]).setback);
        // Another's failure, no part owned, no outcome word in the answer: blame, because the
        // question gives the outcome.
        let blaming = "We ran a bake sale app for the school fair. The volunteers didn't hand out \
                       the flyers.";
        assert_eq!(kinds_in(blaming, SETBACK), [RedFlagKind::Blame]);
        assert!(
            kinds(blaming).is_empty(),
            "without a setback asked, a report"
        );
        // Owning a part, or answering the failure with one's own step, is not blame.
        assert!(
            kinds_in(
                "The volunteers didn't hand out the flyers, and I never checked they had them. \
                 That was my mistake.",
                SETBACK
            )
            .is_empty()
        );
        assert!(
            kinds_in(
                "The volunteers didn't hand out the flyers, so I rang the parents myself.",
                SETBACK
            )
            .is_empty()
        );
    }

    #[test]
    fn plural_role_nouns_are_third_parties() {
        for w in [
            "porters",
            "suppliers",
            "analysts",
            "technicians",
            "parents",
            "scanners",
        ] {
            assert!(is_third_party(w), "{w}");
        }
        for w in ["numbers", "orders", "events", "payments", "answers", "i"] {
            assert!(!is_third_party(w), "{w}");
        }
        assert_eq!(
            kinds_in(
                "um the porters never turned up on sundays so the brunch got pulled",
                SETBACK
            ),
            [RedFlagKind::Blame]
        );
    }

    #[test]
    fn denying_ones_part_in_any_words_is_blame() {
        for text in [
            "The label was smudged, so it wasn't really a mistake on my side.",
            "to be fair it wasn't down to me at all",
            "The figures came late and that was on them, not me.",
            "It was all on the supplier.",
        ] {
            assert_eq!(kinds(text), [RedFlagKind::Blame], "{text}");
        }
        // Not denials: a feeling, a manner, a fact about someone else.
        for text in [
            "It wasn't easy for me to tell her.",
            "That wasn't like me, so I apologised the next day.",
            "It wasn't on the rota, so I added it.",
            "The decision was on me, and I made it.",
        ] {
            assert!(kinds(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn what_others_had_not_done_told_as_a_counterfactual_blames() {
        assert_eq!(
            kinds("If the parents had actually made their children come, it would have been fine."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("Had the warehouse picked the orders on time, it would have worked."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("If they'd given me the promotion I was promised, I wouldn't be sitting here."),
            [RedFlagKind::Blame]
        );
        // One's own counterfactual is ownership; a plain past is how one would act.
        assert!(kinds("If I had checked the docket, it would never have happened.").is_empty());
        assert!(kinds("If we'd asked earlier, we would have had the stock.").is_empty());
        assert!(
            kinds("If the customer complained, I'd listen first and then offer a fix.").is_empty()
        );
    }

    #[test]
    fn a_lack_put_forward_as_the_reason_blames_unless_the_speaker_answered_it() {
        assert_eq!(
            kinds("I was never given the time or the cover to do the paperwork."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("Nobody had told me the bank had changed its file format."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("We weren't given any training at all, just a login."),
            [RedFlagKind::Blame]
        );
        assert!(
            kinds("I was never given a handover, so I rang her at home and wrote one.").is_empty()
        );
        assert!(kinds("In ten years I was never told off by a parent.").is_empty());
    }

    #[test]
    fn a_cause_set_against_the_speaker_and_the_set_up_as_the_cause_blame() {
        assert_eq!(
            kinds("So if my quality scores looked bad, that was the system, not me."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("The way the programme was set up, it was never going to land."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("the tickets didn't show allergies so it was bound to happen at some point"),
            [RedFlagKind::Blame]
        );
        assert!(kinds("She chose the blue design, not me, and it sold well.").is_empty());
        assert!(
            kinds("The way the rota was run was my job, and I got it wrong, so it was bound to happen.")
                .is_empty()
        );
    }

    #[test]
    fn impossibility_told_as_everyones_is_an_excuse() {
        assert_eq!(
            kinds("I was let go. They set targets nobody could hit."),
            [RedFlagKind::Blame]
        );
        assert!(kinds("Nobody could find the file, so I rebuilt it from the backups.").is_empty());
    }

    #[test]
    fn accepting_an_unnamed_figure_is_caving() {
        for text in [
            "um i'll take whatever's going really",
            "Whatever you'd normally pay is absolutely fine with me.",
            "I'll accept whatever the budget allows then.",
            "honestly whatever the budget is i'll work with it",
            "I'll do it for whatever you're offering.",
        ] {
            assert_eq!(kinds_in(text, MONEY), [RedFlagKind::Caving], "{text}");
        }
        // Firm: the figure stands whatever the offer; outside money talk nothing counts.
        for text in [
            "Whatever the budget, my number reflects the twelve thousand I saved last year.",
            "I'm firm on forty whatever happens with the grade.",
        ] {
            assert!(kinds_in(text, MONEY).is_empty(), "{text}");
        }
        assert!(kinds("I'll take whatever shift is going.").is_empty());
    }

    #[test]
    fn lowering_ones_own_number_is_caving() {
        for text in [
            "that's no problem i can drop it",
            "In that case I'll go down to twenty-four.",
            "Twenty-five would do. Or less, honestly.",
            "I'd happily lower it a bit.",
        ] {
            assert!(
                kinds_in(text, MONEY).contains(&RedFlagKind::Caving),
                "{text}"
            );
        }
        for text in [
            "I'm not going to drop my number, but I'm open on the start date.",
            "I can't lower it, it's already the going rate.",
            "We cut costs by a third, which is why I'm asking for forty.",
        ] {
            assert!(kinds_in(text, MONEY).is_empty(), "{text}");
        }
    }

    #[test]
    fn an_unmet_duty_of_others_or_a_denial_for_ones_team_is_blame() {
        assert_eq!(
            kinds("i pushed the change that broke checkout but qa should have caught it"),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds(
                "I told the director QA had held everything up and it had nothing to do with my team."
            ),
            [RedFlagKind::Blame]
        );
        // The speaker's own unmet duty is honesty.
        assert!(
            kinds("I should have caught it before the release, so I added a check.").is_empty()
        );
        // A credit note taken is money, not credit stolen.
        assert!(
            kinds("I offered a repair or a credit note; he took the credit and bought a jacket.")
                .is_empty()
        );
        assert_eq!(
            kinds("I'm an electrician. There's no job I can't do."),
            [RedFlagKind::Bluffing]
        );
        assert!(
            kinds("There's no way I can't help you with this, I spent a year on it.").is_empty()
        );
    }

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

    // Pattern rules, in wordings no phrase list holds.

    #[test]
    fn another_party_as_the_subject_of_the_failure_is_blame() {
        assert_eq!(
            kinds("The project slipped because the landscapers didn't turn up for a week."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("The rollout failed. The vendor's engineers never documented the interface."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("It was late due to purchasing, who ordered the wrong parts."),
            [RedFlagKind::Blame]
        );
    }

    #[test]
    fn the_speaker_as_the_subject_of_the_failure_is_honesty() {
        assert!(kinds("We never tested it on real data, and the launch slipped.").is_empty());
        assert!(kinds("I didn't check the stock before promising the date.").is_empty());
        assert!(kinds("A colleague's late reports piled up before I raised it.").is_empty());
    }

    #[test]
    fn an_outside_cause_next_to_an_owned_part_is_not_blame() {
        assert!(
            kinds(
                "The courier kept losing parcels and the supplier was slow, but I never asked \
                 for their loss rates, so that part was mine."
            )
            .is_empty()
        );
        assert!(
            kinds("The supplier was late with the fabric, so I rang two other mills.").is_empty()
        );
    }

    #[test]
    fn a_denial_or_an_excuse_in_new_words_is_blame() {
        assert_eq!(
            kinds("Strictly speaking the error wasn't really mine."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("We were short of people that day, anyone would have slipped."),
            [RedFlagKind::Blame]
        );
        assert_eq!(
            kinds("there wasn't much we could do about it so we stopped"),
            [RedFlagKind::Blame]
        );
        // Owning a part turns an excuse into context.
        assert!(
            kinds(
                "There was not much we could do about the storm, but my mistake was the late call."
            )
            .is_empty()
        );
    }

    #[test]
    fn a_difficult_persons_behaviour_is_blame_only_when_it_excuses_the_speaker() {
        let scope = FlagScope {
            difficult_person: true,
            ..FlagScope::default()
        };
        assert!(kinds_in("The new starter never answered his phone on nights.", scope).is_empty());
        assert_eq!(
            kinds_in(
                "She complained only because the doctors never updated her, so it wasn't on me.",
                scope
            ),
            [RedFlagKind::Blame]
        );
    }

    #[test]
    fn character_words_about_people_are_bad_mouthing_in_any_question() {
        assert_eq!(
            kinds("The owners were crooked and treated the drivers like dirt."),
            [RedFlagKind::BadMouthing]
        );
        assert_eq!(
            kinds("my supervisor was a proper jobsworth who nobody could stand"),
            [RedFlagKind::BadMouthing]
        );
        // One clause, one reading: judging the manager is not also blame.
        assert_eq!(
            kinds("My manager was clueless and never gave us a plan."),
            [RedFlagKind::BadMouthing]
        );
    }

    #[test]
    fn a_report_of_what_someone_did_or_a_helpful_manager_is_not_bad_mouthing() {
        assert!(kinds("My manager supported me while I rebuilt the timetable.").is_empty());
        assert!(kinds("The head of year gave me a free period to plan it.").is_empty());
        assert!(kinds("I don't have favourites among my pupils.").is_empty());
        assert!(kinds("I was petty about it at first, I admit.").is_empty());
    }

    #[test]
    fn naming_a_lower_figure_or_waving_the_number_away_is_caving() {
        assert_eq!(
            kinds_in("Okay, I'd take thirty-two if that helps.", MONEY),
            [RedFlagKind::Caving]
        );
        assert_eq!(
            kinds_in("Fair enough, I'll knock a few grand off.", MONEY),
            [RedFlagKind::Caving]
        );
        assert_eq!(
            kinds_in("I feel a bit awkward about money to be honest.", MONEY),
            [RedFlagKind::Caving]
        );
        assert_eq!(
            kinds_in("i'd settle for less no problem at all", MONEY),
            [RedFlagKind::Caving]
        );
    }

    #[test]
    fn a_firm_number_or_sympathy_about_the_budget_is_not_caving() {
        assert!(
            kinds_in(
                "I'm sorry to hear it's tight. I'm not going to drop my number, it reflects \
                 the 300 thousand I brought in.",
                MONEY
            )
            .is_empty()
        );
        assert!(
            kinds_in(
                "I'd still like to stay at forty; I'm open to talking about the review date.",
                MONEY
            )
            .is_empty()
        );
        assert!(kinds("I'd take the same approach with your team.").is_empty());
    }

    #[test]
    fn a_claim_over_everything_of_a_kind_is_bluffing() {
        assert_eq!(
            kinds("I've worked with every database out there."),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("I'm comfortable with any accounting package you could name."),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("Honestly there's nothing in retail I haven't done."),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("Industries are industries. I'd know yours inside out in a week."),
            [RedFlagKind::Bluffing, RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("I'm simply the strongest recruiter in the region."),
            [RedFlagKind::Bluffing]
        );
    }

    #[test]
    fn every_or_any_in_a_first_person_sentence_is_no_claim_without_words_of_ability() {
        // A mishearing of "I mapped every step of the refund process" (issue 15 bug).
        assert!(kinds("I'm up to every step of the refund process.").is_empty());
        assert!(kinds("i'm up to every step of the refund process and then i").is_empty());
        assert!(kinds("I'm happy to cover any department that needs me.").is_empty());
        assert!(kinds("I'd ask any new starter to shadow me first.").is_empty());
        assert!(kinds("I've got every receipt filed by month.").is_empty());
        // The same shapes with a claim of experience or ability are bluffs.
        assert_eq!(
            kinds("I'm across it, I've handled every kind of refund there is."),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("I can do any job on any ward."),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("I'm brilliant at every part of this job."),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("I know every till system going."),
            [RedFlagKind::Bluffing]
        );
    }

    #[test]
    fn sweeping_claims_in_new_words_and_dictation_are_bluffing() {
        assert_eq!(
            kinds("theres no event i cant pull off weddings festivals conferences"),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("i can fix anything honestly there isn't a car made that i couldn't sort out"),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("I'm strong across the board."),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("every job ive ever done has been a success"),
            [RedFlagKind::Bluffing]
        );
        assert_eq!(
            kinds("I've been the best performer everywhere I've worked."),
            [RedFlagKind::Bluffing]
        );
        // Backed, willing, a habit or a time: no bluff.
        assert!(
            kinds("I can fix anything electrical: last month I traced a van's flat battery to a ten-pound switch.")
                .is_empty()
        );
        assert!(kinds("I'm happy to help with anything on the rota.").is_empty());
        assert!(kinds("No, I haven't used Jira, but I ran our board in Trello.").is_empty());
        assert!(kinds("no i haven't used kubernetes in production").is_empty());
        assert!(kinds("There isn't a day I don't learn something from the drivers.").is_empty());
        assert!(kinds("Every team I join, I ask for the last three incident reports.").is_empty());
    }

    #[test]
    fn habits_honest_gaps_and_backed_claims_are_not_bluffing() {
        assert!(kinds("I check every chart with the outgoing nurse.").is_empty());
        assert!(kinds("I'd ask any questions in our one-to-ones.").is_empty());
        assert!(kinds("I haven't used every feature of it yet.").is_empty());
        assert!(
            kinds(
                "Tools are tools: I learned Trello's automation in a week by copying one \
                 rule at a time, and cut our triage from 40 minutes to 10."
            )
            .is_empty()
        );
        assert!(kinds("When our audit failed I told the board straight away.").is_empty());
    }

    #[test]
    fn a_virtue_dressed_as_a_weakness_is_a_humble_brag_in_new_words() {
        assert_eq!(
            kinds_in(
                "Honestly I'm too driven, I can't switch off at night.",
                WEAKNESS
            ),
            [RedFlagKind::HumbleBrag]
        );
        assert_eq!(
            kinds_in("probably that i'm too nice to people", WEAKNESS),
            [RedFlagKind::HumbleBrag]
        );
        assert!(
            kinds_in(
                "People joke that I'm a perfectionist, but that isn't my weakness. I avoid \
                 hard conversations.",
                WEAKNESS
            )
            .is_empty()
        );
        assert!(kinds("My manager is too kind to say it.").is_empty());
    }

    #[test]
    fn having_no_control_is_blame_unless_a_part_is_owned() {
        for text in [
            "The branch never opened. I had no say in it; the lease was signed above my head.",
            "i had to tell the client it was late but that was the procedure it wasnt \
             something i had any say in",
            "By the time the textiles reached me they had been packed badly, so the damage \
             was done.",
            "A prisoner got the wrong tablets, but my hands were tied, I just gave what the \
             chart said.",
            "I only did what the manufacturer's sheet said.",
            "The beer went out weak. It should've been picked up at the quality check.",
            "The contract wasn't renewed; the hygiene was never mine to fix.",
        ] {
            assert!(
                kinds_in(text, SETBACK).contains(&RedFlagKind::Blame),
                "{text}"
            );
        }
        // Without a bad outcome, having no say is a report, not an excuse.
        assert!(kinds("In my last job I had no say in the rota.").is_empty());
        for text in [
            // A part owned, a response of one's own, or no excuse at all.
            "The textiles reached me packed badly, but I signed them off without opening the \
             crates, which was my mistake.",
            "By the time the order reached me it was late, so I rang the customer myself.",
            "I said no to the rota change and showed my manager the figures.",
            "I just followed up with the supplier every morning until the parts came.",
            "The call was mine: I kept the rest of the tanks sealed.",
            "It should have been a simple job, and I priced it wrong, which was my mistake.",
        ] {
            assert!(
                !kinds_in(text, SETBACK).contains(&RedFlagKind::Blame),
                "{text}"
            );
        }
    }

    #[test]
    fn a_disguised_strength_is_found_by_its_shape_not_its_phrase() {
        for text in [
            "I get too attached to the animals in my care.",
            "probably that im too modest i never shout about what ive done",
            "i think i get too invested in my patients because i care so much more than i should",
            "I give too much of myself to the families.",
            "She'd say I go above and beyond a bit too much.",
            "I get frustrated when colleagues can't keep up with me.",
            "I find it hard to hand work over, because I know it'll be done properly if I do it.",
            "i say yes to everybody because i cant stand letting anyone down",
            "I over-deliver: they ask for twelve photos and get sixty.",
            "Honestly, I don't know when to stop once a job is started.",
        ] {
            assert_eq!(
                kinds_in(text, WEAKNESS),
                [RedFlagKind::HumbleBrag],
                "{text}"
            );
        }
        // Real weaknesses, the same shapes outside a weakness, and a weakness owned with its
        // cost and the change made.
        for text in [
            "I'm too quick to judge people, and I've missed good ideas because of it.",
            "I'm slow with paperwork and my timesheets are often late.",
            "I get frustrated when the printer jams.",
            "I've let people down by turning up late to handovers.",
            "I set my prices too high when I started out.",
        ] {
            assert!(kinds_in(text, WEAKNESS).is_empty(), "{text}");
        }
        assert!(kinds("The families rely on me and I went above and beyond for them.").is_empty());
        assert!(
            kinds_in(
                "I take on too much because I hate letting people down. In March I double-booked \
                 myself and the hearse arrived late, so now I check the diary before I say yes.",
                WEAKNESS
            )
            .is_empty()
        );
        // A virtue named as the weakness; a failing of one's own named outside a weakness
        // question; a real weakness named the same way.
        assert_eq!(
            kinds_in("My weakness would be loyalty, I stay too long.", WEAKNESS),
            [RedFlagKind::HumbleBrag]
        );
        assert_eq!(
            kinds("My biggest mistake is probably that I give too much of myself to my pupils."),
            [RedFlagKind::HumbleBrag]
        );
        assert!(kinds_in("My weakness is probably public speaking.", WEAKNESS).is_empty());
        assert!(kinds("In my biggest mistake I gave a patient too much of the dose.").is_empty());
        // "downside" makes the answer about a weakness.
        assert_eq!(
            kinds("Pressure suits me. The downside is I get too driven when it's busy."),
            [RedFlagKind::HumbleBrag]
        );
    }
}
