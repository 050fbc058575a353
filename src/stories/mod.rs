//! The story bank: the user's own STAR stories, one or more per soft skill, with their proof;
//! dated self-assessments of the seven skills; and the checks that turn a resume bullet into a
//! story.
//!
//! Rule: pure functions over records and attempt summaries. Nothing here reads files, audio or
//! the clock (callers pass `now`); the store keeps the records ([`crate::store::stories`]), the
//! CLI and the UI are thin shells. The parts: [`record`] (the on-disk types and ids),
//! [`practice`] (a story as a prompt with a hidden cue card, and its card: times told, best and
//! latest score, what the last telling lacked), [`coverage`] (skills × stories, the target
//! role's emphasis, gaps), [`bullet`] (action verb, number, business outcome, questions for
//! what is missing), [`assessment`] (latest ratings, "monthly review due", ratings over time
//! beside measured scores) and [`markdown`] (the export for a mentor).
//!
//! Sources: shared/seeds/soft-skills-framework.md (the seven skills, the story bank template
//! 3.2, the self-assessment checklist 7, the role table 9, the monthly review 10);
//! shared/seeds/most-important-soft-skill.md (turn every resume bullet into a short story that
//! shows value; SARL).

pub mod assessment;
pub mod bullet;
pub mod coverage;
pub mod markdown;
pub mod practice;
pub mod record;

pub use record::{Assessment, AssessmentId, SkillRating, Story, StoryId};
