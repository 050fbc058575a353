//! Shared vocabulary of the product: the kinds of prompt, the seven soft skills, the roles, the
//! elements of a story and the steps of an objection reply.
//!
//! Sources: docs/sources.md, "Seeds" (the seven skills, the role table, STAR and SARL, the
//! 30 s / 60 s / 2 min pitches, objection handling, rapport, value and growth, and the
//! engineering-process topics: incidents, post-mortems, ADRs, on-call, review).
//! Every enum serialises in `snake_case`, which is also how prompt files and the CLI spell it.

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
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
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
        match self {
            PromptKind::Behavioral => "behavioral",
            PromptKind::TechnicalBehavioral => "technical_behavioral",
            PromptKind::Objection => "objection",
            PromptKind::Pitch => "pitch",
            PromptKind::TellMe => "tell_me",
        }
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
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
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
        match self {
            Skill::Communication => "communication",
            Skill::Leadership => "leadership",
            Skill::ProblemSolving => "problem_solving",
            Skill::LearningAgility => "learning_agility",
            Skill::BusinessAcumen => "business_acumen",
            Skill::RiskManagement => "risk_management",
            Skill::Collaboration => "collaboration",
        }
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
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
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
        match self {
            Role::General => "general",
            Role::Infrastructure => "infrastructure",
            Role::Devops => "devops",
            Role::Security => "security",
            Role::Sre => "sre",
            Role::Backend => "backend",
            Role::Frontend => "frontend",
            Role::Data => "data",
            Role::Product => "product",
            Role::Support => "support",
            Role::Sales => "sales",
            Role::Teaching => "teaching",
            Role::Nursing => "nursing",
        }
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
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
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
        match self {
            Element::Situation => "situation",
            Element::Task => "task",
            Element::Action => "action",
            Element::Result => "result",
            Element::Learning => "learning",
        }
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
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
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
        match self {
            ReplyStep::Acknowledge => "acknowledge",
            ReplyStep::Evidence => "evidence",
            ReplyStep::Reframe => "reframe",
            ReplyStep::Plan => "plan",
            ReplyStep::AskBack => "ask_back",
            ReplyStep::Flexibility => "flexibility",
        }
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
