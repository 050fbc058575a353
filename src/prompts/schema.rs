//! The prompt file format and its validation.
//!
//! A prompt file is TOML with one `[[prompt]]` table per prompt. The schema is strict: every
//! table denies unknown fields, enums are spelt in `snake_case` as in [`crate::domain`], and
//! after parsing each prompt is checked against the rules below. Errors carry the file, the
//! 1-based line (from the TOML span of the offending value) and the field.
//!
//! Rules beyond the types: ids are short, lowercase and stable; text is not empty; target bands
//! have `0 < min <= max <= MAX_TARGET_SECONDS`; stories (`behavioral`, `technical_behavioral`)
//! name at least one skill and their expected elements (directly or via `structure`);
//! objections list at least [`MIN_OBJECTION_STEPS`] distinct reply steps and an outline of a
//! strong reply, and nothing else carries a framework; pitches state a word band; a stated word
//! band agrees with the time band at [`SPOKEN_WORDS_PER_MINUTE`] (each bound within
//! [`PACE_TOLERANCE_SECONDS`] of speech), so the two targets never contradict each other;
//! aliases (ids a merged prompt replaced) follow the id rules and differ from the prompt's id.
//!
//! The pace rule: a spoken answer runs at 160 words a minute, so `words = seconds x 160 / 60`
//! (30 s is 80 words, a minute 160, two minutes 320). A prompt that gives only
//! `target_seconds` gets its word band derived ([`super::Prompt::word_band`]); one that gives
//! both must make them agree. 160 is the top of the presentation pace (docs/sources.md, "Pace":
//! 130-160 words a minute) and the pace at which the pitch word counts of "Length" (75-100
//! words, 150-200, 300-350) take about 30 s, a minute and two minutes.

use super::error::PromptError;
use super::line_index::LineIndex;
use super::{Difficulty, FrameworkStep, Prompt, PromptSource, Structure};
use crate::domain::{Element, PromptKind, ReplyStep, Role, Skill};
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// Longest allowed prompt id. Ids are typed on the command line and stored with each attempt.
pub const MAX_ID_LEN: usize = 64;

/// Longest allowed target band, in seconds. The longest format in the seeds is the 2-minute
/// pitch and behavioural answers run 1-2 minutes (docs/sources.md); ten minutes leaves room
/// for user packs (e.g. a system-design walk-through) while catching typos such as `1200`.
pub const MAX_TARGET_SECONDS: u32 = 600;

/// The speaking pace that links a prompt's word band to its time band (see the module rule).
pub const SPOKEN_WORDS_PER_MINUTE: u32 = 160;

/// How far, in seconds of speech at [`SPOKEN_WORDS_PER_MINUTE`], a stated word bound may sit
/// from the matching time bound: one second, the resolution of `target_seconds`.
pub const PACE_TOLERANCE_SECONDS: f64 = 1.0;

/// Words spoken in `seconds` at [`SPOKEN_WORDS_PER_MINUTE`], rounded to the nearest word.
pub fn words_at_pace(seconds: u32) -> u32 {
    let words = (u64::from(seconds) * u64::from(SPOKEN_WORDS_PER_MINUTE) + 30) / 60;
    u32::try_from(words).unwrap_or(u32::MAX)
}

/// Seconds it takes to speak `words` at [`SPOKEN_WORDS_PER_MINUTE`].
pub fn seconds_at_pace(words: u32) -> f64 {
    f64::from(words) * 60.0 / f64::from(SPOKEN_WORDS_PER_MINUTE)
}

/// Whether a word band and a time band say the same thing at the stated pace: each word bound,
/// spoken at [`SPOKEN_WORDS_PER_MINUTE`], lands within [`PACE_TOLERANCE_SECONDS`] of its time
/// bound.
pub fn bands_agree(seconds: (u32, u32), words: (u32, u32)) -> bool {
    let near = |w: u32, s: u32| (seconds_at_pace(w) - f64::from(s)).abs() <= PACE_TOLERANCE_SECONDS;
    near(words.0, seconds.0) && near(words.1, seconds.1)
}

/// An objection reply needs at least this many steps to be checkable step by step (the
/// framework table of soft-skills-framework.md gives each objection two or three moves).
pub const MIN_OBJECTION_STEPS: usize = 2;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    #[serde(default)]
    prompt: Vec<RawPrompt>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrompt {
    id: Spanned<String>,
    kind: Spanned<PromptKind>,
    text: Spanned<String>,
    #[serde(default)]
    skills: Option<Spanned<Vec<Skill>>>,
    #[serde(default)]
    roles: Option<Spanned<Vec<Role>>>,
    #[serde(default)]
    difficulty: Option<Difficulty>,
    target_seconds: Spanned<(u32, u32)>,
    #[serde(default)]
    target_words: Option<Spanned<(u32, u32)>>,
    #[serde(default)]
    structure: Option<Spanned<Structure>>,
    #[serde(default)]
    expected_elements: Option<Spanned<Vec<Element>>>,
    #[serde(default)]
    signals: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    framework: Option<Spanned<Vec<RawStep>>>,
    #[serde(default)]
    reply_outline: Option<Spanned<String>>,
    #[serde(default)]
    follow_ups: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    tips: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    aliases: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    step: ReplyStep,
    says: String,
}

/// Parses and validates one prompt file. `file` is the name used in errors and in each
/// prompt's [`PromptSource`]. A file that is not valid TOML or does not fit the schema yields
/// no prompts and one error; a prompt that breaks a rule is skipped with an error and the rest
/// of the file is kept. Duplicate ids are the bank's business, not checked here.
pub fn parse_pack(file: &str, text: &str, builtin: bool) -> (Vec<Prompt>, Vec<PromptError>) {
    let raw: RawPack = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => return (Vec::new(), vec![schema_error(file, text, &err)]),
    };
    if raw.prompt.is_empty() {
        return (
            Vec::new(),
            vec![PromptError::EmptyPack {
                file: file.to_string(),
            }],
        );
    }
    let mut prompts = Vec::with_capacity(raw.prompt.len());
    let mut errors = Vec::new();
    let lines = LineIndex::new(text);
    for raw_prompt in raw.prompt {
        let mut check = Check {
            file,
            lines: &lines,
            id: raw_prompt.id.get_ref().clone(),
            errors: Vec::new(),
        };
        let prompt = check.prompt(raw_prompt, builtin);
        if check.errors.is_empty() {
            prompts.push(prompt);
        } else {
            errors.append(&mut check.errors);
        }
    }
    (prompts, errors)
}

/// The 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn schema_error(file: &str, text: &str, err: &toml::de::Error) -> PromptError {
    let span = err.span().unwrap_or(0..0);
    let (line, column) = line_col(text, span.start);
    let message = err.message().trim().to_string();
    let field = field_named_in(&message).or_else(|| key_before(text, span.start));
    PromptError::Schema {
        file: file.to_string(),
        line,
        column,
        field,
        message,
    }
}

/// serde names the field in "unknown field `x`" and "missing field `x`".
fn field_named_in(message: &str) -> Option<String> {
    let rest = &message[message.find("field `")? + "field `".len()..];
    Some(rest[..rest.find('`')?].to_string())
}

/// The key whose value contains `offset`: the nearest `key =` at the start of a line at or
/// before it (values such as arrays may span lines), stopping at a table header.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_end = text
        .get(offset..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| offset + i);
    let upto = text.get(..line_end)?;
    for line in upto.lines().rev() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            return None;
        }
        if let Some((key, _)) = trimmed.split_once('=') {
            let key = key.trim().trim_matches('"');
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Some(key.to_string());
            }
        }
    }
    None
}

struct Check<'a> {
    file: &'a str,
    lines: &'a LineIndex,
    id: String,
    errors: Vec<PromptError>,
}

impl Check<'_> {
    fn fail(&mut self, span: Range<usize>, field: &str, message: impl Into<String>) {
        let line = self.lines.line(span.start);
        self.errors.push(PromptError::Invalid {
            file: self.file.to_string(),
            line,
            id: self.id.clone(),
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn prompt(&mut self, raw: RawPrompt, builtin: bool) -> Prompt {
        let id_span = raw.id.span();
        let kind_span = raw.kind.span();
        let kind = *raw.kind.get_ref();
        self.id_rules(raw.id.get_ref(), id_span.clone());

        if raw.text.get_ref().trim().is_empty() {
            self.fail(raw.text.span(), "text", "must not be empty");
        }

        let skills = self.distinct("skills", raw.skills);
        if kind.expects_story() && skills.is_empty() {
            self.fail(
                kind_span.clone(),
                "skills",
                format!("a `{}` prompt must name at least one skill", kind.as_str()),
            );
        }
        let mut roles = self.distinct("roles", raw.roles);
        if roles.is_empty() {
            roles.push(Role::General);
        }

        let target_seconds = self.band(
            "target_seconds",
            &raw.target_seconds,
            Some(MAX_TARGET_SECONDS),
        );
        let target_words = raw
            .target_words
            .as_ref()
            .map(|w| self.band("target_words", w, None));
        if kind == PromptKind::Pitch && target_words.is_none() {
            self.fail(
                kind_span.clone(),
                "target_words",
                "a pitch must state its word band, e.g. target_words = [75, 100]",
            );
        }
        if let (Some(words), Some(raw_words)) = (target_words, raw.target_words.as_ref())
            && words.0 > 0
            && words.0 <= words.1
            && target_seconds.0 > 0
            && target_seconds.0 <= target_seconds.1
            && target_seconds.1 <= MAX_TARGET_SECONDS
            && !bands_agree(target_seconds, words)
        {
            let (s0, s1) = target_seconds;
            self.fail(
                raw_words.span(),
                "target_words",
                format!(
                    "{}-{} words disagree with target_seconds [{s0}, {s1}] at \
                     {SPOKEN_WORDS_PER_MINUTE} words a minute ({s0}-{s1} s is {}-{} words; \
                     {}-{} words take {:.0}-{:.0} s); make them agree or leave out target_words",
                    words.0,
                    words.1,
                    words_at_pace(s0),
                    words_at_pace(s1),
                    words.0,
                    words.1,
                    seconds_at_pace(words.0),
                    seconds_at_pace(words.1),
                ),
            );
        }

        let structure = raw.structure.as_ref().map(|s| *s.get_ref());
        let structure_span = raw.structure.as_ref().map(|s| s.span());
        let elements_span = raw.expected_elements.as_ref().map(|e| e.span());
        let mut expected_elements = self.distinct("expected_elements", raw.expected_elements);
        match (structure, elements_span) {
            (Some(structure), Some(span)) if !expected_elements.is_empty() => {
                if expected_elements != structure.elements() {
                    self.fail(
                        span,
                        "expected_elements",
                        format!(
                            "disagree with structure = \"{}\"; give one or the other",
                            structure.as_str()
                        ),
                    );
                }
            }
            (Some(structure), _) => expected_elements = structure.elements(),
            (None, _) => {}
        }
        if kind.expects_story() && expected_elements.is_empty() {
            self.fail(
                structure_span.unwrap_or(kind_span.clone()),
                "expected_elements",
                "a story prompt must give `structure` (star, sarl, starl) or `expected_elements`",
            );
        }

        let framework = self.framework(kind, kind_span.clone(), raw.framework);
        let reply_outline = self.outline(kind, kind_span, raw.reply_outline);
        let signals = self.texts("signals", raw.signals);
        let follow_ups = self.texts("follow_ups", raw.follow_ups);
        let tips = self.texts("tips", raw.tips);
        let aliases_span = raw.aliases.as_ref().map(|a| a.span());
        let aliases = self.texts("aliases", raw.aliases);
        if let Some(span) = aliases_span {
            for (i, alias) in aliases.iter().enumerate() {
                if alias == raw.id.get_ref() || aliases[..i].contains(alias) {
                    self.fail(
                        span.clone(),
                        "aliases",
                        format!("`{alias}` is the prompt's own id or listed twice"),
                    );
                }
                self.id_rules_for("aliases", alias, span.clone());
            }
        }

        let line = self.lines.line(id_span.start);
        Prompt {
            id: raw.id.into_inner(),
            kind,
            text: raw.text.into_inner().trim().to_string(),
            skills,
            roles,
            difficulty: raw.difficulty.unwrap_or_default(),
            target_seconds,
            target_words,
            structure,
            expected_elements,
            signals,
            framework,
            reply_outline,
            follow_ups,
            tips,
            aliases,
            source: PromptSource {
                file: self.file.to_string(),
                line,
                builtin,
            },
        }
    }

    fn id_rules(&mut self, id: &str, span: Range<usize>) {
        self.id_rules_for("id", id, span);
    }

    fn id_rules_for(&mut self, field: &str, id: &str, span: Range<usize>) {
        let allowed =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.');
        if id.is_empty() {
            self.fail(span, field, "must not be empty");
        } else if id.len() > MAX_ID_LEN {
            self.fail(
                span,
                field,
                format!("is {} characters long; the limit is {MAX_ID_LEN}", id.len()),
            );
        } else if !id.chars().all(allowed) {
            self.fail(
                span,
                field,
                "may only contain lowercase letters, digits, '-', '_' and '.'",
            );
        }
    }

    fn band(
        &mut self,
        field: &str,
        band: &Spanned<(u32, u32)>,
        ceiling: Option<u32>,
    ) -> (u32, u32) {
        let (min, max) = *band.get_ref();
        if min == 0 {
            self.fail(band.span(), field, "the minimum must be above 0");
        }
        if min > max {
            self.fail(
                band.span(),
                field,
                format!("minimum {min} is greater than maximum {max}"),
            );
        }
        if let Some(ceiling) = ceiling
            && max > ceiling
        {
            self.fail(
                band.span(),
                field,
                format!("maximum {max} is above the limit of {ceiling}"),
            );
        }
        (min, max)
    }

    fn distinct<T: PartialEq + Copy + std::fmt::Debug>(
        &mut self,
        field: &str,
        list: Option<Spanned<Vec<T>>>,
    ) -> Vec<T> {
        let Some(list) = list else { return Vec::new() };
        let span = list.span();
        let list = list.into_inner();
        for (i, item) in list.iter().enumerate() {
            if list[..i].contains(item) {
                self.fail(span.clone(), field, format!("lists {item:?} twice"));
            }
        }
        list
    }

    fn texts(&mut self, field: &str, list: Option<Spanned<Vec<String>>>) -> Vec<String> {
        let Some(list) = list else { return Vec::new() };
        let span = list.span();
        let list: Vec<String> = list
            .into_inner()
            .into_iter()
            .map(|s| s.trim().to_string())
            .collect();
        if list.iter().any(String::is_empty) {
            self.fail(span, field, "contains an empty entry");
        }
        list
    }

    fn framework(
        &mut self,
        kind: PromptKind,
        kind_span: Range<usize>,
        raw: Option<Spanned<Vec<RawStep>>>,
    ) -> Vec<FrameworkStep> {
        let (span, steps) = match raw {
            Some(raw) => (raw.span(), raw.into_inner()),
            None => (kind_span, Vec::new()),
        };
        if kind != PromptKind::Objection {
            if !steps.is_empty() {
                self.fail(
                    span,
                    "framework",
                    format!(
                        "only objections have a framework, not `{}` prompts",
                        kind.as_str()
                    ),
                );
            }
            return Vec::new();
        }
        if steps.len() < MIN_OBJECTION_STEPS {
            self.fail(
                span.clone(),
                "framework",
                format!(
                    "an objection needs at least {MIN_OBJECTION_STEPS} reply steps, found {}",
                    steps.len()
                ),
            );
        }
        let mut out: Vec<FrameworkStep> = Vec::with_capacity(steps.len());
        for step in steps {
            if out.iter().any(|s| s.step == step.step) {
                self.fail(
                    span.clone(),
                    "framework",
                    format!("step `{}` appears twice", step.step.as_str()),
                );
            }
            if step.says.trim().is_empty() {
                self.fail(
                    span.clone(),
                    "framework",
                    format!("step `{}` has an empty `says`", step.step.as_str()),
                );
            }
            out.push(FrameworkStep {
                step: step.step,
                says: step.says.trim().to_string(),
            });
        }
        out
    }

    fn outline(
        &mut self,
        kind: PromptKind,
        kind_span: Range<usize>,
        raw: Option<Spanned<String>>,
    ) -> Option<String> {
        match (kind, raw) {
            (PromptKind::Objection, Some(outline)) if !outline.get_ref().trim().is_empty() => {
                Some(outline.into_inner().trim().to_string())
            }
            (PromptKind::Objection, Some(outline)) => {
                self.fail(outline.span(), "reply_outline", "must not be empty");
                None
            }
            (PromptKind::Objection, None) => {
                self.fail(
                    kind_span,
                    "reply_outline",
                    "an objection needs an outline of a strong reply",
                );
                None
            }
            (_, Some(outline)) => {
                self.fail(
                    outline.span(),
                    "reply_outline",
                    format!(
                        "only objections have a reply outline, not `{}` prompts",
                        kind.as_str()
                    ),
                );
                None
            }
            (_, None) => None,
        }
    }
}
