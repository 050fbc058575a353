//! Shared vocabulary of the product: the kinds of prompt, the seven soft skills, the roles, the
//! elements of a story and the steps of an objection reply.
//!
//! Sources: docs/sources.md, "Seeds" (the seven skills, the role table, STAR and SARL, the
//! 30 s / 60 s / 2 min pitches, objection handling, rapport, value and growth, and the
//! engineering-process topics: incidents, post-mortems, ADRs, on-call, review).
//! Every enum serialises in `snake_case`, which is also how prompt files and the CLI spell it
//! (serde, clap and `as_str` through strum's `IntoStaticStr` all derive it from the variant).

use serde::{Deserialize, Serialize};

/// What a prompt asks the user to produce.
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
pub enum PromptKind {
    /// "Tell me about a time...": a story told as STAR or SARL.
    #[default]
    Behavioral,
    /// A story about an engineering practice (incidents, ADRs, on-call, review).
    TechnicalBehavioral,
    /// An interviewer's doubt to answer briefly and constructively.
    Objection,
    /// An elevator pitch of a fixed length (30 s, 60 s or 2 min).
    Pitch,
    /// "Tell me about yourself" and "why this role".
    TellMe,
}

impl PromptKind {
    pub const ALL: [PromptKind; 5] = [
        PromptKind::Behavioral,
        PromptKind::TechnicalBehavioral,
        PromptKind::Objection,
        PromptKind::Pitch,
        PromptKind::TellMe,
    ];

    /// The spelling used in files, JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::Behavioral => "Behavioural",
            PromptKind::TechnicalBehavioral => "Engineering practice",
            PromptKind::Objection => "Objection",
            PromptKind::Pitch => "Pitch",
            PromptKind::TellMe => "About you",
        }
    }

    /// Whether an answer of this kind is expected to be a story with STAR/SARL elements.
    pub fn expects_story(self) -> bool {
        matches!(
            self,
            PromptKind::Behavioral | PromptKind::TechnicalBehavioral
        )
    }
}

/// The seven soft skills of the framework.
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
    clap::ValueEnum,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Skill {
    Communication,
    Leadership,
    ProblemSolving,
    LearningAgility,
    BusinessAcumen,
    RiskManagement,
    Collaboration,
}

impl Skill {
    pub const ALL: [Skill; 7] = [
        Skill::Communication,
        Skill::Leadership,
        Skill::ProblemSolving,
        Skill::LearningAgility,
        Skill::BusinessAcumen,
        Skill::RiskManagement,
        Skill::Collaboration,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            Skill::Communication => "Communication & documentation",
            Skill::Leadership => "Leadership & strategic thinking",
            Skill::ProblemSolving => "Problem solving & analytical thinking",
            Skill::LearningAgility => "Learning agility & adaptability",
            Skill::BusinessAcumen => "Business acumen & ROI focus",
            Skill::RiskManagement => "Risk management & security mindset",
            Skill::Collaboration => "Collaboration & knowledge sharing",
        }
    }
}

/// The roles a prompt is most relevant to: the framework's role table (infrastructure, DevOps,
/// security, SRE), the other common engineering and non-engineering jobs people rehearse for,
/// and `general` (any profession). Which skills each role stresses: `prompts::role_emphasis`.
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
    clap::ValueEnum,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    General,
    Infrastructure,
    Devops,
    Security,
    Sre,
    Backend,
    Frontend,
    Data,
    Product,
    Support,
    Sales,
    Teaching,
    Nursing,
}

impl Role {
    pub const ALL: [Role; 13] = [
        Role::General,
        Role::Infrastructure,
        Role::Devops,
        Role::Security,
        Role::Sre,
        Role::Backend,
        Role::Frontend,
        Role::Data,
        Role::Product,
        Role::Support,
        Role::Sales,
        Role::Teaching,
        Role::Nursing,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The parts of a story: STAR plus the Learning of SARL/STARL.
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
    clap::ValueEnum,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Element {
    Situation,
    Task,
    Action,
    Result,
    Learning,
}

impl Element {
    pub const ALL: [Element; 5] = [
        Element::Situation,
        Element::Task,
        Element::Action,
        Element::Result,
        Element::Learning,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            Element::Situation => "Situation",
            Element::Task => "Task",
            Element::Action => "Action",
            Element::Result => "Result",
            Element::Learning => "Learning",
        }
    }
}

/// One step of a reply to an objection. Prompt files list the steps a strong reply takes, in
/// order; the coaching engine checks each one against the reply.
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
    clap::ValueEnum,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ReplyStep {
    /// Accept the concern as fair instead of arguing with it.
    Acknowledge,
    /// Concrete proof: an example, a number, a result.
    Evidence,
    /// Turn the concern toward a strength or toward what the role really needs.
    Reframe,
    /// A concrete plan to close the gap (learning plan, first 90 days).
    Plan,
    /// Hand the conversation back with a question to the interviewer.
    AskBack,
    /// Show room to move (salary, scope, start date) while stating one's worth.
    Flexibility,
}

impl ReplyStep {
    pub const ALL: [ReplyStep; 6] = [
        ReplyStep::Acknowledge,
        ReplyStep::Evidence,
        ReplyStep::Reframe,
        ReplyStep::Plan,
        ReplyStep::AskBack,
        ReplyStep::Flexibility,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            ReplyStep::Acknowledge => "Acknowledge",
            ReplyStep::Evidence => "Evidence",
            ReplyStep::Reframe => "Reframe",
            ReplyStep::Plan => "Plan",
            ReplyStep::AskBack => "Ask back",
            ReplyStep::Flexibility => "Flexibility",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `as_str` (strum) spells every variant as serde writes it in files and JSON.
    fn spelled_as_serde<T: Serialize + Copy>(all: &[T], as_str: fn(T) -> &'static str) {
        for &value in all {
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{}\"", as_str(value)));
        }
    }

    #[test]
    fn as_str_is_the_serialised_name() {
        spelled_as_serde(&PromptKind::ALL, PromptKind::as_str);
        spelled_as_serde(&Skill::ALL, Skill::as_str);
        spelled_as_serde(&Role::ALL, Role::as_str);
        spelled_as_serde(&Element::ALL, Element::as_str);
        spelled_as_serde(&ReplyStep::ALL, ReplyStep::as_str);
        spelled_as_serde(&crate::prompts::Difficulty::ALL, |d| d.as_str());
        assert_eq!(PromptKind::TellMe.as_str(), "tell_me");
        assert_eq!(ReplyStep::AskBack.as_str(), "ask_back");
    }
}
