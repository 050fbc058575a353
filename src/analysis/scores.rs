//! Scores and next steps.
//!
//! Rules: each area starts from a base and every deduction or credit is written down as a
//! reason, so a score can always be explained. Next steps are the one to three observations
//! with the largest effect, phrased as what the answer did or did not contain ("No result is
//! stated"), never as a verdict about the person (docs/sources.md, "What users ... ask for":
//! report what was observed; tie a habit to the goal of the answer).

use super::rapport::{Flow, RapportCueKind};
use super::value::ValueCueKind;
use super::{AnswerContext, Area, Feedback, LengthCheck, Scores};
use crate::domain::{Element, PromptKind};
use std::collections::BTreeMap;

/// Up to this many fillers a minute did no measurable harm (docs/sources.md, "Fillers":
/// 5/min harmless, 12/min harmful in a 2024 study).
pub const FILLERS_HARMLESS_PER_MIN: f64 = 5.0;
/// At this rate fillers measurably hurt (docs/sources.md, "Fillers").
pub const FILLERS_HARMFUL_PER_MIN: f64 = 12.0;
/// Deduction at the harmful rate; more fillers deduct up to [`FILLER_MAX_DEDUCTION`].
const FILLER_HARMFUL_DEDUCTION: f64 = 40.0;
const FILLER_MAX_DEDUCTION: f64 = 55.0;
/// Hedges over this share of words weaken the answer; the norms' filler bands (under 2% of
/// words excellent, over 5% needs work) applied to weak words.
pub const HEDGE_PERCENT_NOTICEABLE: f64 = 2.0;
pub const HEDGE_PERCENT_HIGH: f64 = 5.0;
/// Speaking rates outside [`super::timing::PACE_BAND_WPM`] are flagged.
pub const WPM_SLOW: f64 = super::timing::PACE_BAND_WPM.0;
pub const WPM_FAST: f64 = super::timing::PACE_BAND_WPM.1;
/// Length outside the band costs this much per 10% outside, up to [`LENGTH_MAX_DEDUCTION`].
const LENGTH_DEDUCTION_PER_10_PERCENT: f64 = 8.0;
const LENGTH_MAX_DEDUCTION: f64 = 45.0;
/// Each long pause costs this much, up to [`PAUSE_MAX_DEDUCTION`].
const PAUSE_DEDUCTION: u32 = 6;
const PAUSE_MAX_DEDUCTION: u32 = 24;
/// A hypothetical answer's structure score is capped here: it is not a story.
const HYPOTHETICAL_STRUCTURE_CAP: u32 = 35;

/// A candidate next step with the size of its effect.
struct Observation {
    weight: u32,
    area: Area,
    text: String,
}

struct AreaScore {
    score: i64,
    reasons: Vec<String>,
}

impl AreaScore {
    fn new(base: i64) -> Self {
        AreaScore {
            score: base,
            reasons: Vec::new(),
        }
    }

    fn change(&mut self, points: i64, reason: impl Into<String>) {
        self.score += points;
        let sign = if points >= 0 { "+" } else { "" };
        self.reasons
            .push(format!("{sign}{points}: {}", reason.into()));
    }

    fn note(&mut self, reason: impl Into<String>) {
        self.reasons.push(reason.into());
    }

    fn value(&self) -> u8 {
        self.score.clamp(0, 100) as u8
    }
}

pub fn score(fb: &Feedback, ctx: &AnswerContext) -> (Scores, Vec<String>) {
    if fb.no_speech {
        let mut reasons = BTreeMap::new();
        for area in Area::ALL {
            reasons.insert(area, vec!["no speech detected".to_string()]);
        }
        let scores = Scores {
            timing: 0,
            delivery: 0,
            structure: 0,
            value: 0,
            rapport: 0,
            overall: 0,
            reasons,
        };
        return (
            scores,
            vec!["No speech was detected: the recording or text held no words to analyse.".into()],
        );
    }
    let mut obs: Vec<Observation> = Vec::new();
    let timing = timing_score(fb, &mut obs);
    let delivery = delivery_score(fb, &mut obs);
    let structure = structure_score(fb, ctx, &mut obs);
    let value = value_score(fb, &mut obs);
    let rapport = rapport_score(fb, &mut obs);

    let values = [
        timing.value(),
        delivery.value(),
        structure.value(),
        value.value(),
        rapport.value(),
    ];
    let overall = (values.iter().map(|&v| u32::from(v)).sum::<u32>() as f32 / 5.0).round() as u8;
    let mut reasons = BTreeMap::new();
    for (area, a) in Area::ALL
        .iter()
        .zip([timing, delivery, structure, value, rapport])
    {
        reasons.insert(*area, a.reasons);
    }
    let scores = Scores {
        timing: values[0],
        delivery: values[1],
        structure: values[2],
        value: values[3],
        rapport: values[4],
        overall,
        reasons,
    };

    // The heaviest observations, at most one per area, at most three.
    obs.sort_by_key(|o| std::cmp::Reverse(o.weight));
    let mut next = Vec::new();
    let mut used = Vec::new();
    for o in obs {
        if next.len() == 3 {
            break;
        }
        if !used.contains(&o.area) {
            used.push(o.area);
            next.push(o.text);
        }
    }
    if next.is_empty() {
        next.push("Every area is within its target: try the same prompt again at a different length, or a harder prompt.".into());
    }
    (scores, next)
}

fn seconds(ms: u64) -> String {
    let s = (ms + 500) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

fn timing_score(fb: &Feedback, obs: &mut Vec<Observation>) -> AreaScore {
    let t = &fb.timing;
    let mut a = AreaScore::new(100);
    if !t.timed {
        a.note(format!(
            "typed text: length estimated at {} WPM",
            super::timing::ESTIMATED_WPM
        ));
    }
    if let Some((lo, hi)) = t.target_ms {
        let d = t.estimated_duration_ms;
        let band = format!("{}-{}", seconds(lo), seconds(hi));
        let off = match t.length {
            LengthCheck::TooShort => (lo.saturating_sub(d)) as f64 / lo.max(1) as f64,
            LengthCheck::TooLong => (d.saturating_sub(hi)) as f64 / hi.max(1) as f64,
            _ => 0.0,
        };
        let points = ((off * 10.0) * LENGTH_DEDUCTION_PER_10_PERCENT)
            .min(LENGTH_MAX_DEDUCTION)
            .round() as i64;
        let est = if t.timed { "" } else { " (estimated)" };
        match t.length {
            LengthCheck::TooShort if points > 0 => {
                a.change(
                    -points,
                    format!("{}{est} is under the {band} target", seconds(d)),
                );
                obs.push(Observation {
                    weight: points as u32,
                    area: Area::Timing,
                    text: format!("The answer ran {}{est} against a {band} target; there is room for more detail on what was done and what changed.", seconds(d)),
                });
            }
            LengthCheck::TooLong if points > 0 => {
                a.change(
                    -points,
                    format!("{}{est} is over the {band} target", seconds(d)),
                );
                obs.push(Observation {
                    weight: points as u32,
                    area: Area::Timing,
                    text: format!("The answer ran {}{est} against a {band} target; the background is the usual place to trim.", seconds(d)),
                });
            }
            _ => a.note(format!("{}{est} is within the {band} target", seconds(d))),
        }
    }
    if let Some(wpm) = t.wpm {
        if wpm < WPM_SLOW {
            a.change(-10, format!("{wpm:.0} WPM is under {WPM_SLOW:.0}"));
            obs.push(Observation {
                weight: 10,
                area: Area::Timing,
                text: format!(
                    "The pace was {wpm:.0} words a minute, slower than the 110-150 of conversation."
                ),
            });
        } else if wpm > WPM_FAST {
            a.change(-10, format!("{wpm:.0} WPM is over {WPM_FAST:.0}"));
            obs.push(Observation {
                weight: 10,
                area: Area::Timing,
                text: format!("The pace was {wpm:.0} words a minute, faster than listeners follow comfortably (over 180)."),
            });
        } else {
            a.note(format!("{wpm:.0} WPM is a comfortable pace"));
        }
    }
    if t.long_pauses > 0 {
        let points = (t.long_pauses as u32 * PAUSE_DEDUCTION).min(PAUSE_MAX_DEDUCTION);
        a.change(
            -i64::from(points),
            format!("{} long pause(s)", t.long_pauses),
        );
        let mid = t
            .pauses
            .iter()
            .filter(|p| p.long && p.kind == super::pauses::PauseKind::MidClause)
            .count();
        obs.push(Observation {
            weight: points,
            area: Area::Timing,
            text: if mid > 0 {
                format!("{mid} pause(s) over 1.2 s fell in the middle of a sentence, where silence reads as searching for words.")
            } else {
                format!("{} pause(s) between sentences ran over 2 s.", t.long_pauses)
            },
        });
    }
    let (s, act) = (
        t.element_ms.get(&Element::Situation),
        t.element_ms.get(&Element::Action),
    );
    if let (Some(&s), Some(&act)) = (s, act)
        && s > 0
        && act > 0
        && act < s
    {
        a.change(-10, "the action took less time than the situation");
        obs.push(Observation {
            weight: 12,
            area: Area::Timing,
            text: format!(
                "The situation took {} and the action {}; in a strong story the action carries the most time.",
                seconds(s),
                seconds(act)
            ),
        });
    }
    a
}

fn delivery_score(fb: &Feedback, obs: &mut Vec<Observation>) -> AreaScore {
    let d = &fb.delivery;
    let mut a = AreaScore::new(100);
    let rate = d.fillers_per_minute;
    let est = if d.rate_estimated { " (estimated)" } else { "" };
    if rate > FILLERS_HARMLESS_PER_MIN {
        let over = (rate - FILLERS_HARMLESS_PER_MIN)
            / (FILLERS_HARMFUL_PER_MIN - FILLERS_HARMLESS_PER_MIN);
        let points = (over * FILLER_HARMFUL_DEDUCTION)
            .min(FILLER_MAX_DEDUCTION)
            .round() as i64;
        a.change(-points, format!("{rate:.1} fillers a minute{est}"));
        let examples: Vec<String> = {
            let mut seen: Vec<String> = Vec::new();
            for f in &d.fillers {
                let w = f.text.to_lowercase();
                if !seen.contains(&w) {
                    seen.push(w);
                }
            }
            seen.into_iter()
                .take(3)
                .map(|w| format!("\"{w}\""))
                .collect()
        };
        obs.push(Observation {
            weight: points as u32,
            area: Area::Delivery,
            text: format!(
                "{} fillers ({}), {rate:.1} a minute{est}; above about 5 a minute they start to cost the listener's attention.",
                d.fillers.len(),
                examples.join(", ")
            ),
        });
    } else {
        a.note(format!(
            "{rate:.1} fillers a minute{est}, within the harmless range"
        ));
    }
    if !d.filler_bursts.is_empty() {
        let points = (5 * d.filler_bursts.len() as i64).min(15);
        a.change(
            -points,
            format!("{} burst(s) of fillers", d.filler_bursts.len()),
        );
        obs.push(Observation {
            weight: points as u32 + 4,
            area: Area::Delivery,
            text: format!("Fillers came in a cluster at \"{}\"; a short silent pause there would sound more certain.", d.filler_bursts[0].text),
        });
    }
    let words = fb.word_count.max(1) as f64;
    let hedge_percent = 100.0 * d.hedges.len() as f64 / words;
    if hedge_percent > HEDGE_PERCENT_NOTICEABLE {
        let points = if hedge_percent > HEDGE_PERCENT_HIGH {
            20
        } else {
            10
        };
        a.change(-points, format!("hedges are {hedge_percent:.1}% of words"));
        obs.push(Observation {
            weight: points as u32,
            area: Area::Delivery,
            text: format!(
                "{} hedges such as \"{}\" soften claims the story supports; stating the fact plainly sounds more sure.",
                d.hedges.len(),
                d.hedges[0].text
            ),
        });
    }
    if !d.repetitions.is_empty() {
        let points = (3 * d.repetitions.len() as i64).min(15);
        a.change(
            -points,
            format!("{} restart(s) or repeated words", d.repetitions.len()),
        );
    }
    if d.terse {
        a.change(-20, "much shorter than the target");
    }
    if d.rambling {
        a.change(-15, "much longer than the target, or sentences that run on");
        obs.push(Observation {
            weight: 14,
            area: Area::Delivery,
            text: "Sentences ran on without a full stop; ending a sentence after each step makes the story easier to follow.".into(),
        });
    }
    a
}

fn structure_score(fb: &Feedback, ctx: &AnswerContext, obs: &mut Vec<Observation>) -> AreaScore {
    let s = &fb.structure;
    let present = |e: Element| s.elements.get(&e).is_some_and(|x| x.present);
    if !ctx.expected_elements.is_empty() {
        let mut a = AreaScore::new(0);
        let expected = &ctx.expected_elements;
        let share = 80 / expected.len() as i64;
        for e in expected {
            if present(*e) {
                a.change(share, format!("{} present", e.label()));
            } else {
                a.note(format!("no {} found", e.label().to_lowercase()));
            }
        }
        let found = expected.iter().filter(|e| present(**e)).count();
        if s.first_person_action {
            a.change(20, "the action is told in the first person");
        } else if present(Element::Action) {
            a.change(8, "actions are told as \"we\"");
            obs.push(Observation {
                weight: 15,
                area: Area::Structure,
                text: "The actions are told as \"we\"; the answer does not say which steps were yours.".into(),
            });
        }
        if s.hypothetical {
            let cap = i64::from(HYPOTHETICAL_STRUCTURE_CAP);
            if a.score > cap {
                let drop = a.score - cap;
                a.change(
                    -drop,
                    "hypothetical: describes what would be done, not a time it happened",
                );
            }
            obs.push(Observation {
                weight: 45,
                area: Area::Structure,
                text: "The answer describes what would be done in general (\"I would\", \"I always\") rather than one time it happened; a specific past example is what the question asks for.".into(),
            });
        } else if found < expected.len() {
            let missing: Vec<&str> = s.missing.iter().map(|e| e.label()).collect();
            let first_missing = s.missing.first().copied();
            let why = match first_missing {
                Some(Element::Result) => {
                    " Saying what changed, with a number if there is one, shows the value of the work."
                }
                Some(Element::Learning) => {
                    " A closing sentence on what was learned or would be done differently shows growth."
                }
                Some(Element::Action) => " The steps taken are the heart of the story.",
                Some(Element::Situation) => {
                    " A sentence of context lets the listener follow why it mattered."
                }
                Some(Element::Task) => {
                    " Naming the goal or your responsibility frames the actions."
                }
                None => "",
            };
            let weight = if first_missing == Some(Element::Action)
                || first_missing == Some(Element::Result)
            {
                40
            } else {
                22
            };
            obs.push(Observation {
                weight,
                area: Area::Structure,
                text: format!(
                    "{found} of {} story parts found; no {} stated.{why}",
                    expected.len(),
                    missing.join(", ").to_lowercase()
                ),
            });
        }
        return a;
    }
    if let Some(objection) = &fb.objection {
        let mut a = AreaScore::new(0);
        let n = objection.steps.len().max(1) as i64;
        let share = 100 / n;
        for step in &objection.steps {
            if step.present {
                a.change(share, format!("{} present", step.step.label()));
            } else {
                a.note(format!(
                    "no {} step found",
                    step.step.label().to_lowercase()
                ));
            }
        }
        if objection.steps.iter().all(|st| st.present) {
            a.score = 100;
        }
        let missing: Vec<&str> = objection
            .steps
            .iter()
            .filter(|st| !st.present)
            .map(|st| st.step.label())
            .collect();
        if !missing.is_empty() {
            obs.push(Observation {
                weight: 30,
                area: Area::Structure,
                text: format!(
                    "The reply took {} of {} steps of the framework; missing: {}.",
                    objection.steps.len() - missing.len(),
                    objection.steps.len(),
                    missing.join(", ").to_lowercase()
                ),
            });
        }
        return a;
    }
    // Pitch and "tell me about yourself": proof, ownership, direction.
    let mut a = AreaScore::new(10);
    let has_value = |k: ValueCueKind| fb.value.cues.iter().any(|c| c.kind == k);
    if has_value(ValueCueKind::Quantity) {
        a.change(35, "a measurable proof point");
    } else {
        obs.push(Observation {
            weight: 25,
            area: Area::Structure,
            text: "No number or measurable outcome backs the pitch; one concrete result makes the claim stick.".into(),
        });
    }
    if s.first_person_action || has_value(ValueCueKind::Ownership) {
        a.change(30, "something you did, in the first person");
    }
    if fb.rapport.trajectory
        || fb
            .rapport
            .cues
            .iter()
            .any(|c| c.kind == RapportCueKind::Enthusiasm)
    {
        a.change(25, "direction or enthusiasm");
    } else if ctx.kind == PromptKind::Pitch || ctx.kind == PromptKind::TellMe {
        obs.push(Observation {
            weight: 18,
            area: Area::Structure,
            text: "The pitch does not say where you are heading or what draws you to the role."
                .into(),
        });
    }
    a
}

fn value_score(fb: &Feedback, obs: &mut Vec<Observation>) -> AreaScore {
    let v = &fb.value;
    let mut a = AreaScore::new(0);
    let has = |k: ValueCueKind| v.cues.iter().any(|c| c.kind == k);
    if v.quantified_result {
        a.change(40, "the result is quantified");
    } else if has(ValueCueKind::Quantity) {
        a.change(20, "numbers appear, but not in the result");
        obs.push(Observation {
            weight: 20,
            area: Area::Value,
            text: "There are numbers in the answer but none in the result; how much changed is the strongest evidence of value.".into(),
        });
    } else {
        obs.push(Observation {
            weight: 24,
            area: Area::Value,
            text: "The answer has no number: time saved, cost, errors, people affected. One figure makes the impact concrete.".into(),
        });
    }
    for (kind, points, label) in [
        (
            ValueCueKind::Business,
            20,
            "ties the work to a business outcome",
        ),
        (ValueCueKind::Ownership, 20, "shows ownership"),
        (
            ValueCueKind::ProblemSolving,
            20,
            "shows how the problem was worked out",
        ),
    ] {
        if has(kind) {
            a.change(points, label);
        } else {
            a.note(format!("no cue that {label}"));
        }
    }
    if !has(ValueCueKind::Business) && !v.quantified_result {
        obs.push(Observation {
            weight: 12,
            area: Area::Value,
            text: "The answer does not link the work to cost, customers, risk or time; saying why it mattered to the business shows value.".into(),
        });
    }
    a
}

fn rapport_score(fb: &Feedback, obs: &mut Vec<Observation>) -> AreaScore {
    let r = &fb.rapport;
    let mut a = AreaScore::new(40);
    let kinds = [
        RapportCueKind::Enthusiasm,
        RapportCueKind::Warmth,
        RapportCueKind::Humour,
        RapportCueKind::Honesty,
        RapportCueKind::Question,
        RapportCueKind::Anecdote,
        RapportCueKind::Growth,
    ];
    for kind in kinds {
        if r.cues.iter().any(|c| c.kind == kind) {
            a.change(
                if kind == RapportCueKind::Growth {
                    20
                } else {
                    12
                },
                kind.label(),
            );
        }
    }
    match r.flow {
        Flow::ListLike => {
            a.change(-15, "short, list-like sentences");
            obs.push(Observation {
                weight: 14,
                area: Area::Rapport,
                text: "The sentences are short fragments, like a list; joining them with why and how makes it a conversation.".into(),
            });
        }
        Flow::RunOn => a.change(-5, "sentences run on"),
        _ => {}
    }
    if !r.trajectory {
        obs.push(Observation {
            weight: 10,
            area: Area::Rapport,
            text: "Nothing in the answer shows growth: what was learned, what changed since, or what you would do next time.".into(),
        });
    }
    if r.cues.is_empty() {
        obs.push(Observation {
            weight: 11,
            area: Area::Rapport,
            text: "No personal touch was found: no enthusiasm, credit to others, or honesty about a difficulty.".into(),
        });
    }
    a
}

#[cfg(test)]
mod tests {
    use super::super::{AnswerContext, analyze};
    use crate::domain::PromptKind;
    use crate::transcript::Transcript;

    fn fb(text: &str, kind: PromptKind) -> super::Feedback {
        analyze(
            &Transcript::from_text(text),
            None,
            &AnswerContext::for_kind(kind),
        )
    }

    #[test]
    fn a_story_without_a_result_gets_a_result_next_step() {
        let f = fb(
            "At my last job the reports were always late. I was asked to fix it. I rewrote the export and I \
             automated the emails.",
            PromptKind::Behavioral,
        );
        assert!(
            f.next_steps.iter().any(|s| s.contains("no result")),
            "{:?}",
            f.next_steps
        );
    }

    #[test]
    fn next_steps_are_observations_not_verdicts_about_the_person() {
        let f = fb(
            "Um, I would, like, um, talk to people. Uh, I always do that.",
            PromptKind::Behavioral,
        );
        assert!((1..=3).contains(&f.next_steps.len()));
        for s in &f.next_steps {
            let lower = s.to_lowercase();
            assert!(
                !lower.contains("you lack")
                    && !lower.contains("you are not")
                    && !lower.contains("confidence"),
                "{s}"
            );
        }
    }

    #[test]
    fn a_hypothetical_answer_scores_low_on_structure() {
        let f = fb(
            "I would talk to the stakeholders first. Then I'd agree on a plan. I always follow up.",
            PromptKind::Behavioral,
        );
        assert!(f.structure.hypothetical);
        assert!(f.scores.structure <= 35);
    }

    #[test]
    fn many_fillers_lower_delivery_and_a_clean_answer_keeps_it_high() {
        let messy = fb(
            "Um, so, uh, we, like, um, fixed, uh, the, um, thing, uh, you know.",
            PromptKind::Behavioral,
        );
        let clean = fb(
            "We fixed the billing job and it has run cleanly since.",
            PromptKind::Behavioral,
        );
        assert!(messy.scores.delivery < 50, "{}", messy.scores.delivery);
        assert!(clean.scores.delivery >= 70, "{}", clean.scores.delivery);
    }

    #[test]
    fn every_score_has_reasons() {
        let f = fb(
            "I led the migration and cut costs by 30%. I learned a lot.",
            PromptKind::Pitch,
        );
        for area in super::Area::ALL {
            assert!(!f.scores.reasons[&area].is_empty(), "{area:?}");
        }
    }
}
