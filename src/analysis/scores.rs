//! Scores and the observations that become next steps.
//!
//! Rules: every area's score is the sum of the reasons shown under it: each reason that moves
//! the score starts with its points ("+25: ...", "-8: ..."), the starting points are a reason
//! too ("+100: full marks before deductions"), and a score pushed past 0 or 100 gets a reason
//! for the difference ("-10: capped at 100"). Reasons without points are notes. The overall
//! score is the mean of the five areas, capped at [`RED_FLAG_OVERALL_CAP`] when the answer has a
//! red flag (a coach would not rate such an answer higher), with its own reasons. A flag that
//! rests on words the recogniser was unsure of ([`super::doubtful`]) does not cap on its own,
//! does not take the neutral rapport start away, and is told after what surely costs the answer.
//!
//! Structure is judged by the answer's rubric ([`super::rubric`]): a story by STAR + Learning,
//! a pitch by identity / differentiator / proof / ask, "about you" by present / past / future /
//! proof, questions for the interviewer by specific / researched / about the role, an objection
//! reply by the prompt's framework. Observations are phrased as what the answer did or did not
//! contain ("No result is stated"), never as a verdict about the person (docs/sources.md,
//! "What users ... ask for"); [`super::next_steps`] ranks them by impact.

use super::rapport::{Flow, RapportCueKind};
use super::red_flags::RedFlagKind;
use super::rubric::{Part, RubricKind};
use super::value::ValueCueKind;
use super::{AnswerContext, Area, Feedback, LengthCheck, Scores};
use crate::domain::Element;
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
const HYPOTHETICAL_STRUCTURE_CAP: i64 = 35;
/// An answer with a red flag scores at most this overall (issue 15: "a coach would not rate
/// such an answer above 60").
pub const RED_FLAG_OVERALL_CAP: u8 = 60;
/// Rapport's starting points, earned by an answer with no red flag: nothing in it puts the
/// listener off, and cues of warmth, honesty and growth add to it.
const RAPPORT_NEUTRAL_START: i64 = 40;
/// Areas below this are "low": never told "within target".
pub const LOW_AREA_SCORE: u8 = 60;

/// What an observation is about; two observations about the same thing are one next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    RedFlag(RedFlagKind),
    Hypothetical,
    /// The answer has no ending: no result for a story, no close for a pitch.
    Ending,
    OwnAction,
    StoryParts,
    Part(Part),
    ReplySteps,
    Signal,
    Length,
    Pace,
    Pauses,
    ActionTime,
    Fillers,
    FillerBurst,
    Hedges,
    RunOn,
    Numbers,
    DoubtfulNumber,
    Business,
    Growth,
    Personal,
    ListLike,
}

/// A candidate next step with the size of its effect.
#[derive(Debug, Clone)]
pub struct Observation {
    pub weight: u32,
    pub area: Area,
    pub topic: Topic,
    pub text: String,
}

/// Impact weights: what costs the answer most comes first (issue 15, "next steps by impact").
pub mod impact {
    pub const RED_FLAG: u32 = 100;
    pub const NOT_ANSWERING: u32 = 95;
    pub const HYPOTHETICAL: u32 = 90;
    pub const MISSING_ENDING: u32 = 80;
    pub const MISSING_ACTION: u32 = 75;
    pub const NO_OWN_ACTION: u32 = 70;
    /// A red flag that rests on words the recogniser was unsure of: worth checking, after what
    /// surely costs the answer.
    pub const DOUBTFUL_RED_FLAG: u32 = 40;
}

struct AreaScore {
    score: i64,
    reasons: Vec<String>,
}

impl AreaScore {
    fn new() -> Self {
        AreaScore {
            score: 0,
            reasons: Vec::new(),
        }
    }

    fn starting(points: i64, why: &str) -> Self {
        let mut a = AreaScore::new();
        a.change(points, why);
        a
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

    /// The score, with a reason for any clamping so that the reasons still add up.
    fn finish(mut self) -> (u8, Vec<String>) {
        if self.score > 100 {
            let over = self.score - 100;
            self.change(-over, "capped at 100");
        } else if self.score < 0 {
            let under = -self.score;
            self.change(under, "floored at 0");
        }
        (self.score.clamp(0, 100) as u8, self.reasons)
    }
}

/// Sums the points of a list of reasons (the "+25: ..." prefixes).
pub fn reason_points(reasons: &[String]) -> i64 {
    reasons
        .iter()
        .filter_map(|r| {
            let (head, _) = r.split_once(':')?;
            if head.starts_with('+') || head.starts_with('-') {
                head.trim_start_matches('+').parse::<i64>().ok()
            } else {
                None
            }
        })
        .sum()
}

pub fn score(fb: &Feedback, ctx: &AnswerContext) -> (Scores, Vec<Observation>) {
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
            overall_reasons: vec!["no speech detected".into()],
        };
        return (scores, Vec::new());
    }
    let kind = fb.rubric.kind;
    let mut obs: Vec<Observation> = Vec::new();
    flag_observations(fb, ctx, &mut obs);
    let timing = timing_score(fb, kind, &mut obs);
    let delivery = delivery_score(fb, &mut obs);
    let structure = structure_score(fb, ctx, &mut obs);
    let value = value_score(fb, kind, &mut obs);
    let rapport = rapport_score(fb, kind, &mut obs);
    signal_observations(fb, &mut obs);

    let finished = [timing, delivery, structure, value, rapport].map(AreaScore::finish);
    let values: Vec<u8> = finished.iter().map(|(v, _)| *v).collect();
    let mean = (values.iter().map(|&v| u32::from(v)).sum::<u32>() as f32 / 5.0).round() as u8;
    let mut overall_reasons = vec![format!("{mean}: the mean of the five areas")];
    let mut overall = mean;
    // A flag that rests on words the recogniser was unsure of does not cap on its own.
    if let Some(flag) = fb.red_flags.iter().find(|f| !f.doubtful)
        && mean > RED_FLAG_OVERALL_CAP
    {
        overall = RED_FLAG_OVERALL_CAP;
        overall_reasons.push(format!(
            "-{}: capped at {RED_FLAG_OVERALL_CAP} by a red flag ({})",
            mean - RED_FLAG_OVERALL_CAP,
            flag.kind.label().to_lowercase()
        ));
    }
    let mut reasons = BTreeMap::new();
    for (area, (_, r)) in Area::ALL.iter().zip(finished) {
        reasons.insert(*area, r);
    }
    let scores = Scores {
        timing: values[0],
        delivery: values[1],
        structure: values[2],
        value: values[3],
        rapport: values[4],
        overall,
        reasons,
        overall_reasons,
    };
    (scores, obs)
}

fn seconds(ms: u64) -> String {
    let s = (ms + 500) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// A quote of at most `max` characters, cut at a word.
pub fn short_quote(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}...")
}

fn flag_observations(fb: &Feedback, ctx: &AnswerContext, obs: &mut Vec<Observation>) {
    let mut seen = Vec::new();
    // Sure flags first: a kind is told once, by its surest flag.
    let sure_first = fb
        .red_flags
        .iter()
        .filter(|f| !f.doubtful)
        .chain(fb.red_flags.iter().filter(|f| f.doubtful));
    for flag in sure_first {
        if seen.contains(&flag.kind) {
            continue;
        }
        seen.push(flag.kind);
        let text = if flag.kind == RedFlagKind::NotAnswering {
            let question = if ctx.prompt_text.is_empty() {
                String::new()
            } else {
                format!(" (\"{}\")", short_quote(&ctx.prompt_text, 90))
            };
            format!(
                "Red flag, not answering: the answer does not take up the question{question}. {}",
                flag.why
            )
        } else {
            format!(
                "Red flag, {}: \"{}\". {}",
                flag.kind.label().to_lowercase(),
                short_quote(&flag.text, 90),
                flag.why
            )
        };
        obs.push(Observation {
            weight: if flag.doubtful {
                impact::DOUBTFUL_RED_FLAG
            } else if flag.kind == RedFlagKind::NotAnswering {
                impact::NOT_ANSWERING
            } else {
                impact::RED_FLAG
            },
            area: Area::Rapport,
            topic: Topic::RedFlag(flag.kind),
            text,
        });
    }
}

fn timing_score(fb: &Feedback, kind: RubricKind, obs: &mut Vec<Observation>) -> AreaScore {
    let t = &fb.timing;
    let mut a = AreaScore::starting(100, "full marks before deductions");
    if !t.timed {
        match &t.pace {
            Some(p) => a.note(format!(
                "typed text: length estimated at {:.0} WPM, {}",
                p.wpm,
                p.source.describe()
            )),
            None => a.note("typed text: length estimated"),
        }
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
                    topic: Topic::Length,
                    text: format!("The answer ran {}{est} against a {band} target; there is room for more detail on what was done and what changed.", seconds(d)),
                });
            }
            LengthCheck::TooLong if points > 0 => {
                a.change(
                    -points,
                    format!("{}{est} is over the {band} target", seconds(d)),
                );
                let trim = if kind == RubricKind::Story {
                    "the background is the usual place to trim"
                } else {
                    "keep one proof point and cut the rest"
                };
                obs.push(Observation {
                    weight: points as u32,
                    area: Area::Timing,
                    topic: Topic::Length,
                    text: format!(
                        "The answer ran {}{est} against a {band} target; {trim}.",
                        seconds(d)
                    ),
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
                topic: Topic::Pace,
                text: format!(
                    "The pace was {wpm:.0} words a minute, slower than the 110-150 of conversation."
                ),
            });
        } else if wpm > WPM_FAST {
            a.change(-10, format!("{wpm:.0} WPM is over {WPM_FAST:.0}"));
            obs.push(Observation {
                weight: 10,
                area: Area::Timing,
                topic: Topic::Pace,
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
            topic: Topic::Pauses,
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
    if kind == RubricKind::Story
        && let (Some(&s), Some(&act)) = (s, act)
        && s > 0
        && act > 0
        && act < s
    {
        a.change(-10, "the action took less time than the situation");
        obs.push(Observation {
            weight: 12,
            area: Area::Timing,
            topic: Topic::ActionTime,
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
    let mut a = AreaScore::starting(100, "full marks before deductions");
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
            topic: Topic::Fillers,
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
            topic: Topic::FillerBurst,
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
            topic: Topic::Hedges,
            text: format!(
                "{} hedges such as \"{}\" soften claims the answer supports; stating the fact plainly sounds more sure.",
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
            topic: Topic::RunOn,
            text: "Sentences ran on without a full stop; ending a sentence after each step makes the answer easier to follow.".into(),
        });
    }
    a
}

/// Points for each of `n` parts that add up to `total` exactly.
fn shares(total: i64, n: usize) -> Vec<i64> {
    let n = n.max(1) as i64;
    (0..n)
        .map(|i| total * (i + 1) / n - total * i / n)
        .collect()
}

fn structure_score(fb: &Feedback, ctx: &AnswerContext, obs: &mut Vec<Observation>) -> AreaScore {
    match fb.rubric.kind {
        RubricKind::Story => story_score(fb, ctx, obs),
        RubricKind::Objection => objection_score(fb, obs),
        kind => parts_score(fb, kind, obs),
    }
}

fn story_score(fb: &Feedback, ctx: &AnswerContext, obs: &mut Vec<Observation>) -> AreaScore {
    let s = &fb.structure;
    let present = |e: Element| s.elements.get(&e).is_some_and(|x| x.present);
    let mut a = AreaScore::new();
    let expected: Vec<Element> = if ctx.expected_elements.is_empty() {
        Element::ALL.to_vec()
    } else {
        ctx.expected_elements.clone()
    };
    for (e, points) in expected.iter().zip(shares(80, expected.len())) {
        if present(*e) {
            a.change(points, format!("{} present", e.label()));
        } else {
            a.note(format!("no {} found", e.label().to_lowercase()));
        }
    }
    if s.first_person_action {
        a.change(20, "the action is told in the first person");
    } else if present(Element::Action) {
        a.change(8, "actions are told as \"we\"");
        obs.push(Observation {
            weight: impact::NO_OWN_ACTION,
            area: Area::Structure,
            topic: Topic::OwnAction,
            text: "Every action is told as \"we\"; the answer does not say which steps were yours. Tell at least one step with \"I\".".into(),
        });
    }
    if s.hypothetical {
        if a.score > HYPOTHETICAL_STRUCTURE_CAP {
            let drop = a.score - HYPOTHETICAL_STRUCTURE_CAP;
            a.change(
                -drop,
                "hypothetical: describes what would be done, not a time it happened",
            );
        }
        obs.push(Observation {
            weight: impact::HYPOTHETICAL,
            area: Area::Structure,
            topic: Topic::Hypothetical,
            text: "The answer describes what would be done in general (\"I would\", \"I always\") rather than one time it happened; a specific past example is what the question asks for.".into(),
        });
        return a;
    }
    let missing: Vec<Element> = expected.iter().copied().filter(|e| !present(*e)).collect();
    if missing.contains(&Element::Action) {
        obs.push(Observation {
            weight: impact::MISSING_ACTION,
            area: Area::Structure,
            topic: Topic::OwnAction,
            text: "No step you took is told; the actions, in the first person, are the heart of the story.".into(),
        });
    }
    if missing.contains(&Element::Result) {
        obs.push(Observation {
            weight: impact::MISSING_ENDING,
            area: Area::Structure,
            topic: Topic::Ending,
            text: "No result is stated: the story stops before saying what changed. End with the outcome, with a number if there is one.".into(),
        });
    }
    if missing.contains(&Element::Learning) {
        obs.push(Observation {
            weight: 22,
            area: Area::Structure,
            topic: Topic::Growth,
            text: "No lesson is stated; a closing sentence on what you learned or now do differently shows growth.".into(),
        });
    }
    let minor: Vec<&str> = missing
        .iter()
        .filter(|e| matches!(e, Element::Situation | Element::Task))
        .map(|e| e.label())
        .collect();
    if !minor.is_empty() {
        let why = if minor.contains(&"Task") {
            "naming your goal or responsibility frames the actions"
        } else {
            "a sentence of context lets the listener follow why it mattered"
        };
        obs.push(Observation {
            weight: 18,
            area: Area::Structure,
            topic: Topic::StoryParts,
            text: format!(
                "{} of {} story parts found; no {} stated: {why}.",
                expected.len() - missing.len(),
                expected.len(),
                minor.join(" or ").to_lowercase()
            ),
        });
    }
    a
}

fn objection_score(fb: &Feedback, obs: &mut Vec<Observation>) -> AreaScore {
    let mut a = AreaScore::new();
    let Some(objection) = &fb.objection else {
        a.note("no reply framework to check");
        return a;
    };
    for (step, points) in objection
        .steps
        .iter()
        .zip(shares(100, objection.steps.len()))
    {
        if step.present {
            a.change(points, format!("{} present", step.step.label()));
        } else {
            a.note(format!(
                "no {} step found",
                step.step.label().to_lowercase()
            ));
        }
    }
    let missing: Vec<&str> = objection
        .steps
        .iter()
        .filter(|st| !st.present)
        .map(|st| st.step.label())
        .collect();
    if !missing.is_empty() {
        obs.push(Observation {
            weight: 30 + 5 * missing.len() as u32,
            area: Area::Structure,
            topic: Topic::ReplySteps,
            text: format!(
                "The reply took {} of {} steps of the framework; missing: {}.",
                objection.steps.len() - missing.len(),
                objection.steps.len(),
                missing.join(", ").to_lowercase()
            ),
        });
    }
    a
}

fn parts_score(fb: &Feedback, kind: RubricKind, obs: &mut Vec<Observation>) -> AreaScore {
    let mut a = AreaScore::new();
    let weights: &[i64] = match kind {
        RubricKind::InterviewerQuestions => &[35, 30, 35],
        _ => &[25, 25, 25, 25],
    };
    for (part, points) in fb.rubric.parts.iter().zip(weights.iter().copied()) {
        if part.present {
            a.change(
                points,
                format!("{} present", part.part.label().to_lowercase()),
            );
            continue;
        }
        a.note(format!("no {} found", part.part.label().to_lowercase()));
        let (weight, topic) = match part.part {
            Part::Ask | Part::Future => (impact::MISSING_ENDING, Topic::Ending),
            Part::Identity | Part::Present => (50, Topic::Part(part.part)),
            Part::Proof => (40, Topic::Part(part.part)),
            Part::Specific | Part::AboutRoleOrTeam => (45, Topic::Part(part.part)),
            _ => (30, Topic::Part(part.part)),
        };
        obs.push(Observation {
            weight,
            area: Area::Structure,
            topic,
            text: part.part.missing_advice().to_string(),
        });
    }
    a
}

fn value_score(fb: &Feedback, kind: RubricKind, obs: &mut Vec<Observation>) -> AreaScore {
    let v = &fb.value;
    let mut a = AreaScore::new();
    let has = |k: ValueCueKind| v.cues.iter().any(|c| c.kind == k);
    let told_result = fb
        .structure
        .elements
        .get(&Element::Result)
        .is_some_and(|e| e.present);
    let numbered_proof =
        fb.rubric.parts.iter().any(|p| {
            p.part == Part::Proof && p.present && p.evidence.iter().any(has_digit_or_number)
        });
    if v.quantified_result || numbered_proof {
        let check = if v.quantified_result_doubtful {
            " (check the number: the recogniser was unsure of it)"
        } else {
            ""
        };
        let what = if v.quantified_result {
            "the result is quantified"
        } else {
            "a number backs the proof point"
        };
        a.change(40, format!("{what}{check}"));
        if v.quantified_result_doubtful {
            obs.push(Observation {
                weight: 20,
                area: Area::Value,
                topic: Topic::DoubtfulNumber,
                text: "The result's number is the only proof of impact and the recogniser was unsure of it (marked \"check: heard as ...\"); check it in the transcript.".into(),
            });
        }
    } else if has(ValueCueKind::Quantity) {
        a.change(20, "numbers appear, but not in a result");
        if kind == RubricKind::Story && told_result {
            obs.push(Observation {
                weight: 20,
                area: Area::Value,
                topic: Topic::Numbers,
                text: "There are numbers in the answer but none in the result; how much changed is the strongest evidence of value.".into(),
            });
        }
    } else if kind != RubricKind::InterviewerQuestions {
        a.note("no number");
        obs.push(Observation {
            weight: 24,
            area: Area::Value,
            topic: Topic::Numbers,
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
    if !has(ValueCueKind::Business)
        && !v.quantified_result
        && matches!(kind, RubricKind::Story | RubricKind::Pitch)
    {
        obs.push(Observation {
            weight: 12,
            area: Area::Value,
            topic: Topic::Business,
            text: "The answer does not link the work to cost, customers, risk or time; saying why it mattered to the business shows value.".into(),
        });
    }
    a
}

fn has_digit_or_number(span: &super::Span) -> bool {
    span.text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.' || c == ','))
        .any(|w| super::text::is_number(&w.to_lowercase()))
}

fn rapport_score(fb: &Feedback, kind: RubricKind, obs: &mut Vec<Observation>) -> AreaScore {
    let r = &fb.rapport;
    let mut a = AreaScore::new();
    if fb.red_flags.iter().all(|f| f.doubtful) {
        a.change(
            RAPPORT_NEUTRAL_START,
            "a neutral start: nothing in the answer puts the listener off",
        );
    } else {
        a.note("no neutral start: the answer has a red flag");
    }
    let kinds = [
        RapportCueKind::Enthusiasm,
        RapportCueKind::Warmth,
        RapportCueKind::Humour,
        RapportCueKind::Honesty,
        RapportCueKind::Question,
        RapportCueKind::Anecdote,
        RapportCueKind::Growth,
    ];
    for cue_kind in kinds {
        if r.cues.iter().any(|c| c.kind == cue_kind) {
            a.change(
                if cue_kind == RapportCueKind::Growth {
                    20
                } else {
                    12
                },
                cue_kind.label(),
            );
        }
    }
    match r.flow {
        Flow::ListLike => {
            a.change(-15, "short, list-like sentences");
            obs.push(Observation {
                weight: 14,
                area: Area::Rapport,
                topic: Topic::ListLike,
                text: "The sentences are short fragments, like a list; joining them with why and how makes it a conversation.".into(),
            });
        }
        Flow::RunOn => a.change(-5, "sentences run on"),
        _ => {}
    }
    let growth_fits = matches!(kind, RubricKind::Story | RubricKind::AboutYou);
    if !r.trajectory && growth_fits {
        obs.push(Observation {
            weight: 10,
            area: Area::Rapport,
            topic: Topic::Growth,
            text: "Nothing in the answer shows growth: what was learned, what changed since, or what you would do next time.".into(),
        });
    }
    if r.cues.is_empty() && kind != RubricKind::Objection {
        obs.push(Observation {
            weight: 11,
            area: Area::Rapport,
            topic: Topic::Personal,
            text: "No personal touch was found: no enthusiasm, credit to others, or honesty about a difficulty.".into(),
        });
    }
    a
}

/// The first signal of the prompt that is missing and not already covered by a part, a reply
/// step or a red flag.
fn signal_observations(fb: &Feedback, obs: &mut Vec<Observation>) {
    let covered = |judged_by: &str| {
        judged_by.starts_with("part:")
            || judged_by.starts_with("reply step:")
            || judged_by.starts_with("red flags")
            || judged_by.starts_with("figure")
    };
    if let Some(signal) = fb
        .signals
        .iter()
        .find(|s| !s.present && !s.negative && !covered(&s.judged_by))
    {
        obs.push(Observation {
            weight: 26,
            area: Area::Structure,
            topic: Topic::Signal,
            text: format!(
                "The prompt looks for \"{}\"; nothing in the answer shows it yet.",
                signal.signal
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AnswerContext, analyze_with_engine, relevance};
    use super::reason_points;
    use crate::domain::PromptKind;
    use crate::transcript::Transcript;

    /// These tests check how scores and next steps follow from a structure judgement, so they
    /// pin the judge to the phrase-list rules (deterministic, no encoder); the sentence-role
    /// model's own judgements are tested in tests/encoder.rs and measured by `make train`.
    fn judged_by_rules(text: &str, ctx: &AnswerContext) -> super::Feedback {
        analyze_with_engine(
            &Transcript::from_text(text),
            None,
            ctx,
            relevance::default_similarity(),
            None,
        )
    }

    fn fb(text: &str, kind: PromptKind) -> super::Feedback {
        judged_by_rules(text, &AnswerContext::for_kind(kind))
    }

    fn with_prompt(text: &str, id: &str) -> super::Feedback {
        let bank = crate::prompts::PromptBank::builtin();
        let prompt = bank.get(id).expect("built-in prompt");
        judged_by_rules(text, &prompt.answer_context())
    }

    /// Written for this test: an honest STAR+L story of a cancelled project.
    const EXCELLENT_FAILED_PROJECT: &str = "Two years ago I led a small team building a self-service \
        returns portal for our online shop, and after five months the company cancelled it. My job was \
        to get customers processing their own returns before the holiday peak. I made the call to build \
        our own label printing instead of using the courier's service, and I underestimated how long the \
        courier's certification would take; that was my mistake, and it cost us eight weeks. When it was \
        clear we would miss the peak, I went to my director with the numbers and recommended we stop \
        rather than pour in another quarter. We salvaged the returns-reason form, which I shipped on its \
        own, and it cut support calls about returns by 30 percent within two months. I learned to test \
        the riskiest dependency in the first two weeks, and on my next project I ran a one-week spike on \
        the payment provider before we committed to a plan. Honestly, I'm proud of how we closed it down \
        as much as anything we built.";

    /// Written for this test: the same project told as other people's fault.
    const BLAMING_FAILED_PROJECT: &str = "Two years ago I was on a team building a self-service returns \
        portal for our online shop, and after five months the company cancelled it. Honestly, it was the \
        product manager's fault. He kept changing the requirements every sprint, so we never had a stable \
        plan. The designers never delivered the screens on time, and the courier's integration team let \
        us down with an API that barely worked. I did my part and my code was solid; I wrote the label \
        printing service and the returns form myself. My manager takes all the credit when things go well \
        and blames the developers when they don't, so of course we were the ones who looked bad. In the \
        end the whole thing was shelved and we lost five months of work. What I learned is that you can't \
        rely on other people, so now I make sure everything I'm responsible for is documented so nobody \
        can point at me.";

    #[test]
    fn the_blaming_answer_lands_at_least_20_points_below_the_excellent_one() {
        let excellent = with_prompt(EXCELLENT_FAILED_PROJECT, "grow-failed-project");
        let blaming = with_prompt(BLAMING_FAILED_PROJECT, "grow-failed-project");
        assert!(excellent.red_flags.is_empty(), "{:?}", excellent.red_flags);
        assert!(
            blaming.red_flags.len() >= 3,
            "{:?}",
            blaming
                .red_flags
                .iter()
                .map(|f| &f.text)
                .collect::<Vec<_>>()
        );
        assert!(
            excellent.scores.overall >= blaming.scores.overall + 20,
            "excellent {} {:?} vs blaming {} {:?}",
            excellent.scores.overall,
            excellent.scores.reasons,
            blaming.scores.overall,
            blaming.scores.reasons
        );
        assert!(blaming.scores.overall <= super::RED_FLAG_OVERALL_CAP);
        assert!(
            blaming.next_steps[0].starts_with("Red flag"),
            "{:?}",
            blaming.next_steps
        );
        // Its denial is not honesty, its colleagues are not warmth, its cynical lesson is not
        // growth.
        assert!(!blaming.rapport.trajectory);
        assert!(
            blaming.rapport.cues.is_empty(),
            "{:?}",
            blaming.rapport.cues
        );
        assert!(blaming.signals.iter().any(|s| s.negative && !s.present));
    }

    #[test]
    fn every_area_score_is_the_sum_of_its_reasons() {
        let answers = [
            (EXCELLENT_FAILED_PROJECT, PromptKind::Behavioral),
            (BLAMING_FAILED_PROJECT, PromptKind::Behavioral),
            ("I'm a nurse. I'm caring and organised.", PromptKind::Pitch),
            (
                "Um, so, uh, we, like, um, fixed, uh, the, um, thing.",
                PromptKind::Behavioral,
            ),
            (
                "That's fair. I built a CI pipeline in four weeks.",
                PromptKind::Objection,
            ),
            (
                &"We shipped it and it worked. ".repeat(60),
                PromptKind::TellMe,
            ),
        ];
        for (text, kind) in answers {
            let f = fb(text, kind);
            for area in super::Area::ALL {
                let reasons = &f.scores.reasons[&area];
                assert_eq!(
                    reason_points(reasons),
                    i64::from(f.scores.get(area)),
                    "{kind:?} {area:?}: {reasons:?}"
                );
            }
        }
    }

    #[test]
    fn a_rambling_story_without_an_ending_is_first_told_the_ending() {
        let f = fb(
            "At my last job the reports were always late and nobody owned them and the managers kept \
             asking why and the team was tired. We looked at the export and we rewrote parts of it and we \
             talked to finance and we automated the emails and we changed the schedule and we moved the \
             servers and we argued about the format for weeks and then we changed it again.",
            PromptKind::Behavioral,
        );
        assert!(
            f.next_steps[0].starts_with("No result is stated"),
            "{:?}",
            f.next_steps
        );
        assert!(
            f.next_steps.iter().any(|s| s.contains("\"we\"")),
            "an all-we story is told so: {:?}",
            f.next_steps
        );
    }

    #[test]
    fn pitches_objections_and_questions_get_no_story_or_growth_steps() {
        let pitch = with_prompt(
            "I'm a support engineer who turns recurring tickets into fixes. I traced our top ten ticket \
             types to four bugs and ticket volume dropped by 35 percent in a quarter. What are the biggest \
             support problems on your team right now?",
            "pitch-30s-networking",
        );
        let salary = with_prompt(
            "Thank you for being open about the budget. In my current role I cut our cloud bill by 40,000 \
             euros a year. I'm open to looking at the whole package.",
            "obj-salary-high",
        );
        let questions = with_prompt(
            "What does success look like in the first six months? And how does the team decide what to \
             fix first?",
            "questions-for-us",
        );
        for f in [&pitch, &salary, &questions] {
            for step in &f.next_steps {
                let lower = step.to_lowercase();
                assert!(
                    !lower.contains("story parts")
                        && !lower.contains("growth")
                        && !lower.contains("no result is stated"),
                    "{:?}: {step}",
                    f.kind
                );
            }
        }
        assert!(pitch.timing.element_ms.is_empty());
        assert!(pitch.highlights().iter().all(|h| !matches!(
            h.category,
            super::super::HighlightCategory::Situation | super::super::HighlightCategory::Action
        )));
    }

    #[test]
    fn within_target_is_never_said_next_to_a_low_area() {
        let f = fb("We fixed it.", PromptKind::Behavioral);
        for step in &f.next_steps {
            assert!(!step.contains("within its target"), "{step}");
        }
    }

    #[test]
    fn next_steps_never_repeat_a_topic_and_keep_doing_is_quoted() {
        let f = fb(
            "At my last job our nightly billing run failed twice a week. I was asked to make it reliable. \
             I traced the failures to a lock and I rewrote the job in smaller batches. As a result, failures \
             dropped to zero for six months.",
            PromptKind::Behavioral,
        );
        let mut seen = f.next_steps.clone();
        seen.dedup();
        assert_eq!(seen.len(), f.next_steps.len());
        let keep = f.keep_doing.expect("a measured result to keep");
        assert!(keep.text.contains("dropped to zero"), "{keep:?}");
    }

    #[test]
    fn a_story_without_a_result_gets_a_result_next_step() {
        let f = fb(
            "At my last job the reports were always late. I was asked to fix it. I rewrote the export and I \
             automated the emails.",
            PromptKind::Behavioral,
        );
        assert!(
            f.next_steps.iter().any(|s| s.contains("No result")),
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
