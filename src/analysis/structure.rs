//! Structure: which sentences tell the Situation, Task, Action, Result and Learning of a story.
//!
//! Rules: each unit (sentence or clause, see [`super::text`]) gets a score per element from
//! cue phrases and one grammatical pattern, and carries every element whose score reaches
//! [`ELEMENT_MIN_SCORE`] (a spoken sentence often holds an action and its result).
//! - Situation: setting and background ("at my last job", "we had", "a few years ago",
//!   "kept failing"), helped by position (stories open with the setting).
//! - Task: the goal or the responsibility ("I was asked to", "my job was", "we needed to").
//! - Action: a first-person or team subject followed by a past-tense action verb ("I rewrote",
//!   "we migrated", "so I, um, called"); states and feelings ("I was", "I felt", "I needed")
//!   are not actions. First person ("I") is tracked apart from the team ("we"), because
//!   coaches ask for the speaker's own actions.
//! - Result: explicit markers ("as a result", "in the end", "which meant") or outcome verbs
//!   ("dropped", "saved", "passed"), the more so with a number; background changes ("costs had
//!   increased") do not count.
//! - Learning: "I learned", "taught me", "next time", "since then I", "in hindsight".
//! - Hypothetical: habits and conditionals ("I would", "I always", "I usually", "I'd start
//!   by") outside a learning sentence. An answer is hypothetical when such sentences
//!   outnumber past-tense actions: it describes what the speaker would do, not a story.
//!
//! Sources: docs/sources.md, "Story structure" (STAR and SARL, "SARL is better"; annotators
//! agree only moderately, so every label keeps its evidence). The phrase lists live in
//! `structure_phrases`.

use super::structure_phrases::{
    ACTION_EXTRA, BACKGROUND_BEFORE_OUTCOME, BETWEEN_SUBJECT_AND_VERB, HYPOTHETICAL,
    IRREGULAR_ACTIONS, LEARNING, LEARNING_WEAK, NOT_ACTIONS, OUTCOMES, RESULT_MARKERS, SITUATION,
    TASK,
};
use super::text::{TextIndex, Unit, is_number};
use crate::domain::Element;

/// A unit carries an element when its score reaches this. One strong cue (3) suffices; weak
/// cues (2, 1.5) need support from a second cue or from position.
pub const ELEMENT_MIN_SCORE: f32 = 3.0;
/// Weight of a strong cue: an explicit marker of the element.
const STRONG: f32 = 3.0;
/// Weight of a situation cue; needs a second cue or an early position.
const SETTING: f32 = 2.0;
/// Weight of an outcome word; needs a number or a second outcome word.
const OUTCOME: f32 = 1.5;
/// Situation cues stop adding up here (a long background sentence is still one situation).
const SITUATION_CAP: f32 = 4.0;
/// Units in the first part of the answer (this fraction of units) get [`POSITION_BONUS`]
/// toward Situation; units in the last part (from [`LATE_FROM`]) toward Result and Learning.
const EARLY_UNTIL: f32 = 0.35;
const LATE_FROM: f32 = 0.5;
const POSITION_BONUS: f32 = 1.0;
/// The opening sentence of a story with no other element is its situation when it has at
/// least this many words (a setting needs a clause; "Payroll errors." does not set one).
const OPENING_MIN_TOKENS: usize = 6;
/// The last this-many sentences of a story are its close, where results are told.
const CLOSING_UNITS: usize = 2;
/// An answer with at least this many hypothetical sentences, outnumbering its past-tense
/// actions, is hypothetical.
pub const HYPOTHETICAL_MIN_UNITS: usize = 1;

/// What the classifier decided about one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitLabel {
    /// Scores in `Element::ALL` order.
    pub scores: [f32; 5],
    pub elements: Vec<Element>,
    pub hypothetical: bool,
    /// The unit has an action told with "I".
    pub first_person_action: bool,
    /// The unit has a past-tense action told with "I" or "we".
    pub past_action: bool,
}

/// Structure of the whole answer.
#[derive(Debug, Clone, Default)]
pub struct StructureFindings {
    pub units: Vec<UnitLabel>,
    pub hypothetical: bool,
    pub first_person_action: bool,
}

impl StructureFindings {
    /// Units that carry `element`, in order.
    pub fn units_with(&self, element: Element) -> impl Iterator<Item = usize> + '_ {
        self.units
            .iter()
            .enumerate()
            .filter(move |(_, u)| u.elements.contains(&element))
            .map(|(i, _)| i)
    }

    pub fn has(&self, element: Element) -> bool {
        self.units_with(element).next().is_some()
    }
}

fn idx(element: Element) -> usize {
    match element {
        Element::Situation => 0,
        Element::Task => 1,
        Element::Action => 2,
        Element::Result => 3,
        Element::Learning => 4,
    }
}

pub fn classify(index: &TextIndex) -> StructureFindings {
    let n_units = index.units.len();
    let mut units: Vec<UnitLabel> = index
        .units
        .iter()
        .enumerate()
        .map(|(k, unit)| classify_unit(index, unit, k, n_units))
        .collect();
    let hypothetical_units = units.iter().filter(|u| u.hypothetical).count();
    let past_actions = units.iter().filter(|u| u.past_action).count();
    let hypothetical =
        hypothetical_units >= HYPOTHETICAL_MIN_UNITS && hypothetical_units > past_actions;
    if hypothetical {
        // An answer about what the speaker would do is not a story: its sentences carry no
        // situation, action or result (a lesson can still be stated).
        for unit in units.iter_mut() {
            unit.elements.retain(|e| *e == Element::Learning);
        }
    }
    let first_person_action = units
        .iter()
        .any(|u| u.first_person_action && u.elements.contains(&Element::Action));
    StructureFindings {
        units,
        hypothetical,
        first_person_action,
    }
}

fn classify_unit(index: &TextIndex, unit: &Unit, position: usize, n_units: usize) -> UnitLabel {
    let range = unit.tokens();
    let relative = if n_units <= 1 {
        0.0
    } else {
        position as f32 / (n_units - 1) as f32
    };
    let early = n_units > 1 && relative < EARLY_UNTIL;
    let late = n_units > 1 && relative >= LATE_FROM;
    let mut scores = [0.0f32; 5];

    let background = if has_background_verb(index, unit) {
        SETTING
    } else {
        0.0
    };
    let situation = SITUATION.find(index, range.clone()).len() as f32 * SETTING + background;
    let opening = if position == 0 && n_units > 1 {
        POSITION_BONUS
    } else {
        0.0
    };
    scores[idx(Element::Situation)] = situation.min(SITUATION_CAP)
        + if situation > 0.0 && early {
            POSITION_BONUS + opening
        } else {
            0.0
        };

    scores[idx(Element::Task)] = TASK.find(index, range.clone()).len() as f32 * STRONG;

    // "I learned to check before I fixed it" is a lesson, not a step of the story.
    let action = if LEARNING.any(index, range.clone()) {
        None
    } else {
        find_action(index, unit)
    };
    if action.is_some() {
        let extra = ACTION_EXTRA.find(index, range.clone()).len().min(2) as f32;
        scores[idx(Element::Action)] = STRONG + extra;
    }

    let markers = RESULT_MARKERS.find(index, range.clone()).len() as f32 * STRONG;
    let outcomes = OUTCOMES
        .find(index, range.clone())
        .into_iter()
        .filter(|h| h.start == 0 || !BACKGROUND_BEFORE_OUTCOME.contains(&index.word(h.start - 1)))
        .count() as f32
        * OUTCOME;
    let has_number = range
        .clone()
        .any(|i| is_number(index.word(i)) && !is_year(index.word(i)));
    let result = markers + outcomes;
    // Stories end with what changed: an outcome word near the end, outside the speaker's own
    // action and outside a lesson, is the result even without an explicit marker.
    let closing = n_units > 2 && position + CLOSING_UNITS >= n_units;
    let closing_outcome =
        closing && outcomes > 0.0 && action.is_none() && !LEARNING.any(index, range.clone());
    scores[idx(Element::Result)] = result
        + if result > 0.0 && has_number {
            OUTCOME
        } else {
            0.0
        }
        + if result > 0.0 && late {
            POSITION_BONUS / 2.0
        } else {
            0.0
        }
        + if closing_outcome { OUTCOME } else { 0.0 };

    let learning = LEARNING.find(index, range.clone()).len() as f32 * STRONG
        + LEARNING_WEAK.find(index, range.clone()).len() as f32 * SETTING;
    scores[idx(Element::Learning)] = learning
        + if learning > 0.0 && late {
            POSITION_BONUS
        } else {
            0.0
        };

    let has_learning_cue = LEARNING.any(index, range.clone());
    let hypothetical =
        !has_learning_cue && (HYPOTHETICAL.any(index, range.clone()) || has_id_would(index, unit));

    let mut elements: Vec<Element> = Element::ALL
        .iter()
        .copied()
        .filter(|e| scores[idx(*e)] >= ELEMENT_MIN_SCORE)
        .collect();
    // A story opens with its setting: an opening sentence of some length that carries no other
    // element is the situation.
    if position == 0 && n_units > 1 && elements.is_empty() && unit.len() >= OPENING_MIN_TOKENS {
        elements.push(Element::Situation);
    }
    UnitLabel {
        scores,
        elements,
        hypothetical,
        first_person_action: action == Some(Subject::FirstPerson),
        past_action: action.is_some(),
    }
}

/// Background tense: past progressive ("was answering", "were getting") or past perfect ("had
/// turned", "had been") describes the setting, not a step of the story.
fn has_background_verb(index: &TextIndex, unit: &Unit) -> bool {
    unit.tokens().any(|i| {
        let next = index.word(i + 1);
        i + 1 < unit.end_token
            && match index.word(i) {
                "was" | "were" => next.len() > 4 && next.ends_with("ing") && next != "going",
                "had" | "we'd" | "they'd" => {
                    next.len() > 3
                        && (next.ends_with("ed")
                            || matches!(next, "been" | "gone" | "become" | "grown"))
                }
                _ => false,
            }
    })
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.chars().all(|c| c.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    FirstPerson,
    Team,
}

/// A past-tense action in the unit: "I" or "we", optional adverbs or fillers, then an action
/// verb. "I'd" followed by a base verb is a conditional, handled by [`has_id_would`].
fn find_action(index: &TextIndex, unit: &Unit) -> Option<Subject> {
    let mut found = None;
    for i in unit.tokens() {
        let subject = match index.word(i) {
            "i" => Subject::FirstPerson,
            "we" => Subject::Team,
            _ => continue,
        };
        let mut j = i + 1;
        while j < unit.end_token && BETWEEN_SUBJECT_AND_VERB.contains(&index.word(j)) {
            j += 1;
        }
        if j >= unit.end_token {
            continue;
        }
        let verb = index.word(j);
        if is_action_verb(verb) && !is_setting_use(verb, index.word(j + 1)) {
            if subject == Subject::FirstPerson {
                return Some(Subject::FirstPerson);
            }
            found = Some(Subject::Team);
        }
    }
    found
}

fn is_action_verb(verb: &str) -> bool {
    if NOT_ACTIONS.contains(&verb) {
        return false;
    }
    IRREGULAR_ACTIONS.contains(&verb) || (verb.len() > 4 && verb.ends_with("ed") && verb.is_ascii())
}

/// "worked at", "started as", "joined in": where the speaker was, not what they did.
fn is_setting_use(verb: &str, next: &str) -> bool {
    matches!(
        verb,
        "worked" | "started" | "joined" | "spent" | "stayed" | "lived" | "moved"
    ) && matches!(
        next,
        "at" | "as" | "for" | "in" | "on" | "there" | "here" | "with"
    ) && verb != "spent"
        || (verb == "got" && matches!(next, "a" | "an" | "the" | "hired" | "there"))
}

/// "I'd" followed by a base verb ("I'd start by", not "I'd built").
fn has_id_would(index: &TextIndex, unit: &Unit) -> bool {
    unit.tokens().any(|i| {
        index.word(i) == "i'd" && {
            let next = index.word(i + 1);
            !next.is_empty()
                && !next.ends_with("ed")
                && !matches!(
                    next,
                    "been" | "had" | "never" | "already" | "done" | "gone" | "just" | "written"
                )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<Vec<Element>> {
        let idx = TextIndex::new(text);
        classify(&idx)
            .units
            .into_iter()
            .map(|u| u.elements)
            .collect()
    }

    use Element::*;

    #[test]
    fn a_textbook_star_answer_gets_each_element_in_order() {
        let got = labels(
            "At my last job our deploys failed every Friday. I was asked to make them reliable. \
             I rewrote the pipeline and added canary checks. As a result, failed deploys dropped by 80%. \
             I learned to measure before I fix.",
        );
        assert_eq!(
            got,
            [
                vec![Situation],
                vec![Task],
                vec![Action],
                vec![Result],
                vec![Learning]
            ]
        );
    }

    #[test]
    fn feelings_and_states_are_not_actions() {
        let idx = TextIndex::new("I felt nervous and I needed help.");
        assert!(!classify(&idx).units[0].past_action);
    }

    #[test]
    fn a_filler_between_subject_and_verb_does_not_hide_the_action() {
        let idx = TextIndex::new("So I, um, called the vendor.");
        let s = classify(&idx);
        assert!(s.first_person_action);
    }

    #[test]
    fn team_actions_are_actions_but_not_first_person() {
        let idx = TextIndex::new("We migrated the database over a weekend.");
        let s = classify(&idx);
        assert!(s.has(Action));
        assert!(!s.first_person_action);
    }

    #[test]
    fn an_answer_of_habits_is_hypothetical_and_has_no_action() {
        let idx = TextIndex::new(
            "I would first talk to the stakeholders. Then I'd write down the requirements. I always follow up by email.",
        );
        let s = classify(&idx);
        assert!(s.hypothetical);
        assert!(!s.has(Action));
    }

    #[test]
    fn next_time_i_would_is_learning_not_hypothetical() {
        let idx = TextIndex::new(
            "I rebuilt the report from scratch. The error rate fell to zero. Next time I would involve finance earlier.",
        );
        let s = classify(&idx);
        assert!(!s.hypothetical);
        assert!(s.has(Learning));
    }

    #[test]
    fn background_increase_is_not_a_result() {
        let got = labels("Our cloud costs had increased by 40% over the year.");
        assert!(!got[0].contains(&Result));
    }

    #[test]
    fn an_action_with_its_outcome_carries_both() {
        let got = labels("I rewrote the query, which cut the load time by 40%.");
        assert!(got[0].contains(&Action) && got[0].contains(&Result));
    }

    #[test]
    fn worked_at_is_a_setting_not_an_action() {
        let idx = TextIndex::new("I worked at a hospital for years.");
        assert!(!classify(&idx).units[0].past_action);
    }

    #[test]
    fn empty_text_has_no_structure() {
        let idx = TextIndex::new("");
        let s = classify(&idx);
        assert!(s.units.is_empty() && !s.hypothetical && !s.first_person_action);
    }
}
