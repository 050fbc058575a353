//! What each role stresses: the soft skills an interviewer for that job listens for first, and
//! the angle a candidate's stories and pitch should take.
//!
//! Rule: every role has two or three emphasised skills, most important first, and the built-in
//! bank holds prompts tagged with the role that exercise each of them (checked by the tests),
//! so filtering by a role gives practice in what that role is hired for. Prompts tagged
//! `general` suit every role and are written for any profession.
//!
//! Sources: docs/sources.md, "Seeds" (the role table: infrastructure, DevOps, security and SRE,
//! translated to our seven skills); the other roles (backend, frontend, data, product, support,
//! sales, teaching, nursing) are the project's own reading of what those jobs are hired for,
//! written in the same form.

use crate::domain::{Role, Skill};
use serde::Serialize;

/// The emphasis of one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoleEmphasis {
    pub role: Role,
    /// A short name for people.
    pub label: &'static str,
    /// The skills the role stresses, most important first.
    pub skills: &'static [Skill],
    /// What stories and pitches for this role should show.
    pub angle: &'static str,
}

/// The emphasis of `role`.
pub fn role_emphasis(role: Role) -> RoleEmphasis {
    use Skill::*;
    let (label, skills, angle): (&str, &[Skill], &str) = match role {
        Role::General => (
            "Any profession",
            &[Communication, Collaboration, LearningAgility],
            "Plain-language stories any interviewer follows: what you did, for whom, and what changed.",
        ),
        Role::Infrastructure => (
            "Infrastructure engineer",
            &[RiskManagement, Communication, Collaboration],
            "Recovery drills, capacity plans and runbooks that operations rely on.",
        ),
        Role::Devops => (
            "DevOps engineer",
            &[Communication, LearningAgility, Leadership],
            "Faster, safer delivery and other teams enabled to ship on their own.",
        ),
        Role::Security => (
            "Security engineer",
            &[RiskManagement, BusinessAcumen, Leadership],
            "Risk in business terms, controls that keep teams moving, calm incident leadership.",
        ),
        Role::Sre => (
            "Site reliability engineer",
            &[ProblemSolving, RiskManagement, Communication],
            "Reliability in users' terms: objectives, incident reviews, on-call that lasts.",
        ),
        Role::Backend => (
            "Backend engineer",
            &[ProblemSolving, RiskManagement, Collaboration],
            "Correct data, dependable services and interfaces other teams can build on.",
        ),
        Role::Frontend => (
            "Frontend engineer",
            &[Communication, Collaboration, BusinessAcumen],
            "What users see and feel: design partnership, accessibility, measured usability.",
        ),
        Role::Data => (
            "Data analyst or engineer",
            &[ProblemSolving, BusinessAcumen, Communication],
            "Questions turned into trustworthy numbers, and numbers turned into decisions.",
        ),
        Role::Product => (
            "Product manager",
            &[BusinessAcumen, Leadership, Communication],
            "Choosing what not to build, aligning people without authority, outcomes over output.",
        ),
        Role::Support => (
            "Customer support",
            &[Communication, ProblemSolving, Collaboration],
            "Calm with upset customers, fixes found fast, patterns passed on to the product team.",
        ),
        Role::Sales => (
            "Sales",
            &[BusinessAcumen, Communication, LearningAgility],
            "The customer's problem before the pitch, honest forecasts, bouncing back from a lost deal.",
        ),
        Role::Teaching => (
            "Teacher",
            &[Communication, Leadership, LearningAgility],
            "Learners' progress you can show, a calm classroom, lessons adapted to who is in it.",
        ),
        Role::Nursing => (
            "Nurse",
            &[RiskManagement, Communication, Collaboration],
            "Patient safety first, clear handovers, speaking up, working as one care team.",
        ),
    };
    RoleEmphasis {
        role,
        label,
        skills,
        angle,
    }
}

/// Every role's emphasis, in [`Role::ALL`] order.
pub fn all_role_emphases() -> Vec<RoleEmphasis> {
    Role::ALL.iter().map(|&r| role_emphasis(r)).collect()
}
