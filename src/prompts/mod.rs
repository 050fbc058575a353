//! The prompt bank: the questions, objections and pitch drills a user rehearses, and the rules
//! for loading and drawing them.
//!
//! Rule: a prompt is data, never code. The built-in bank is a set of TOML files under
//! `prompts/` compiled into the binary (so the app works from any directory); user packs are
//! more TOML files in the same format, read from the user's config directory and from any
//! `--prompts DIR`. Loading is strict: an unknown field, a missing field, a misspelt enum, a
//! duplicate id or an impossible band is an error that names the file, the line and the field,
//! and a bad file or prompt is reported and skipped without hiding anything else. A user
//! prompt may not reuse a built-in id. Drawing ([`Drawer`]) filters, never repeats a prompt
//! until the filtered pool is used up, favours prompts practised least or scored lowest, and is
//! deterministic under a seed.
//!
//! Sources: docs/sources.md, "Seeds" (the seven soft skills, the role table, STAR stories,
//! the objection table, the pitches, SARL and the three goals of an interview, the
//! engineering-process topics) and "Length" (answer lengths, pitch word counts). The prompt
//! texts are the project's own words.
//!
//! Prompts tagged `general` are written for any profession (retail, nursing, teaching, sales,
//! support as well as engineering) and never speak of engineers or code; engineering-only
//! prompts carry the engineering roles instead. Word and time targets agree at
//! [`SPOKEN_WORDS_PER_MINUTE`] (160 words a minute).

mod bank;
mod draw;
mod error;
mod line_index;
mod roles;
mod schema;
#[cfg(test)]
mod tests;

pub use bank::{BUILTIN_FILES, PromptBank, PromptFilter, USER_PACK_DIR_ENV, user_pack_dir};
pub use draw::{Drawer, GAP_BOOST, LOW_SCORE_BOOST, UNKNOWN_SCORE_STANDING};
pub use error::PromptError;
pub use roles::{RoleEmphasis, all_role_emphases, role_emphasis};
pub use schema::{
    MAX_TARGET_SECONDS, PACE_TOLERANCE_SECONDS, SPOKEN_WORDS_PER_MINUTE, bands_agree, parse_pack,
    seconds_at_pace, words_at_pace,
};

use crate::domain::{Element, PromptKind, ReplyStep, Role, Skill};
use serde::{Deserialize, Serialize};

/// How hard a prompt is to answer well.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Difficulty {
    /// A common question most people have a story for.
    Easy,
    /// Needs a chosen story and some preparation.
    #[default]
    Medium,
    /// Uncomfortable, senior-level or easy to get wrong.
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The story structure a prompt expects; each one stands for its list of elements.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Structure {
    /// Situation, task, action, result.
    Star,
    /// Situation, action, result, learning (preferred by most-important-soft-skill.md).
    Sarl,
    /// Situation, task, action, result, learning.
    Starl,
}

impl Structure {
    pub fn elements(self) -> Vec<Element> {
        match self {
            Structure::Star => vec![
                Element::Situation,
                Element::Task,
                Element::Action,
                Element::Result,
            ],
            Structure::Sarl => vec![
                Element::Situation,
                Element::Action,
                Element::Result,
                Element::Learning,
            ],
            Structure::Starl => Element::ALL.to_vec(),
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One ordered step of a reply to an objection: which move it is and what it says for this
/// particular objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkStep {
    pub step: ReplyStep,
    /// What this step says for this objection, in a sentence.
    pub says: String,
}

/// Where a prompt was read from: the file name (built-ins) or path (user packs) and the line of
/// its `id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptSource {
    pub file: String,
    pub line: usize,
    pub builtin: bool,
}

/// One thing to rehearse: a question, an objection or a pitch drill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prompt {
    /// Stable identifier (lowercase letters, digits, `-`, `_`, `.`); history refers to it.
    pub id: String,
    pub kind: PromptKind,
    /// What the interviewer says.
    pub text: String,
    #[serde(default)]
    pub skills: Vec<Skill>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub difficulty: Difficulty,
    /// The band a good spoken answer falls in, in seconds, `(min, max)`.
    pub target_seconds: (u32, u32),
    /// The band in words as stated in the file (pitches must state it); it agrees with
    /// `target_seconds` at [`SPOKEN_WORDS_PER_MINUTE`]. [`Prompt::word_band`] is the band to use.
    #[serde(default)]
    pub target_words: Option<(u32, u32)>,
    /// The named story structure, if the prompt expects a story.
    #[serde(default)]
    pub structure: Option<Structure>,
    /// The story elements a strong answer contains.
    #[serde(default)]
    pub expected_elements: Vec<Element>,
    /// What a strong answer shows.
    #[serde(default)]
    pub signals: Vec<String>,
    /// Objections only: the ordered steps of a strong reply.
    #[serde(default)]
    pub framework: Vec<FrameworkStep>,
    /// Objections only: an outline of a strong reply.
    #[serde(default)]
    pub reply_outline: Option<String>,
    #[serde(default)]
    pub follow_ups: Vec<String>,
    #[serde(default)]
    pub tips: Vec<String>,
    /// Ids of earlier prompts merged into this one; the bank finds this prompt under them, so
    /// attempts kept under an old id still lead here.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub source: PromptSource,
}

impl Prompt {
    /// The reply steps of an objection, in order.
    pub fn framework_steps(&self) -> Vec<ReplyStep> {
        self.framework.iter().map(|s| s.step).collect()
    }

    /// What the coaching engine needs to know about this prompt: its kind, target band, word
    /// band ([`Prompt::word_band`]: stated, or derived from the time band), the story elements
    /// expected and the objection reply steps, in order.
    pub fn answer_context(&self) -> crate::analysis::AnswerContext {
        crate::analysis::AnswerContext {
            kind: self.kind,
            target_seconds: Some(self.target_seconds),
            expected_elements: self.expected_elements.clone(),
            framework: self.framework_steps(),
            prompt_text: self.text.clone(),
            signals: self.signals.clone(),
            target_words: Some(self.word_band()),
            user_wpm: None,
            custom_fillers: Vec::new(),
        }
    }

    /// The word band of a good answer: the stated one, else `target_seconds` at
    /// [`SPOKEN_WORDS_PER_MINUTE`].
    pub fn word_band(&self) -> (u32, u32) {
        self.target_words.unwrap_or((
            words_at_pace(self.target_seconds.0),
            words_at_pace(self.target_seconds.1),
        ))
    }

    /// Whether this prompt is meant for `role`: tagged with it, or tagged `general`.
    pub fn suits_role(&self, role: Role) -> bool {
        self.roles.contains(&role) || self.roles.contains(&Role::General)
    }
}
