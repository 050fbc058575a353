//! A story and a dated self-assessment as they are kept on disk (`stories/<id>/story.json`,
//! `assessments/<id>.json`), their ids, and the migrations that bring older files up to date.
//!
//! Rules: ids have one strict shape (`s-` or `a-`, the creation time to the second in UTC, `-`,
//! four hex digits), so an id typed by a user or read from a file can never name a path
//! outside the data folder; a record whose id differs from its folder or file name is
//! refused. Every record carries `schema_version`; an older record is read with the typed struct
//! of its own version and converted forward ([`migrate_story`], [`migrate_assessment`]), so
//! there is no untyped JSON in between; a record from a newer rehearse is refused, never
//! guessed at. A rating outside 1-5 in a file is a damaged record, not clamped.
//!
//! Sources: the story bank template (skill, title, Situation, Task, Action, Result, proof) and
//! the self-assessment checklist (rating 1-5, evidence, gaps / next action, review monthly) of
//! shared/seeds/soft-skills-framework.md (3.2, 7, 10); Learning from SARL in
//! shared/seeds/most-important-soft-skill.md.

use crate::domain::{Element, Role, Skill};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The story schema this build writes. Version 0 is a hand-written file with no
/// `schema_version`, possibly with one `skill` instead of a `skills` list.
pub const STORY_SCHEMA_VERSION: u32 = 1;
/// The self-assessment schema this build writes (0 as for stories: no `schema_version`).
pub const ASSESSMENT_SCHEMA_VERSION: u32 = 1;
/// The lowest self-rating of a skill (framework section 7: 1 = needs development).
pub const RATING_MIN: u8 = 1;
/// The highest self-rating of a skill (5 = strength).
pub const RATING_MAX: u8 = 5;

/// Makes a time-ordered id with a prefix, e.g. `s-20261201T021503-3f2a`.
fn new_id(prefix: &str, at: DateTime<Utc>) -> String {
    let suffix: u16 = rand::random();
    format!("{prefix}{}-{suffix:04x}", at.format("%Y%m%dT%H%M%S"))
}

/// Whether `text` is `prefix` + `YYYYMMDDTHHMMSS-hhhh` exactly (ASCII only).
fn has_id_shape(text: &str, prefix: &str) -> bool {
    let Some(rest) = text.strip_prefix(prefix) else {
        return false;
    };
    let b = rest.as_bytes();
    b.len() == 20
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'-'
        && b[16..]
            .iter()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
}

macro_rules! strict_id {
    ($name:ident, $prefix:literal, $what:literal) => {
        #[doc = concat!("The identity of ", $what, ": `", $prefix, "` + creation time + 4 hex digits.")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            /// A fresh id for a record created at `at`.
            pub fn new(at: DateTime<Utc>) -> Self {
                $name(new_id($prefix, at))
            }

            /// Accepts only the strict id shape.
            pub fn parse(text: &str) -> Option<Self> {
                has_id_shape(text, $prefix).then(|| $name(text.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("`{}` is not ", $what, " id"), text))
                })
            }
        }
    };
}

strict_id!(StoryId, "s-", "a story");
strict_id!(AssessmentId, "a-", "a self-assessment");

/// One story of the bank: the user's own notes for each part, the skills it proves and where
/// the proof lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub schema_version: u32,
    pub id: StoryId,
    pub title: String,
    /// The soft skills this story shows, most important first.
    pub skills: Vec<Skill>,
    /// The roles this story is aimed at (empty: any).
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub task: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub learning: String,
    /// Links or file paths to documents, metrics, testimonials. Kept as text, never opened.
    #[serde(default)]
    pub proof: Vec<String>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

impl Story {
    /// A new story with a title and skills and no notes yet.
    pub fn new(title: impl Into<String>, skills: Vec<Skill>, at: DateTime<Utc>) -> Self {
        Story {
            schema_version: STORY_SCHEMA_VERSION,
            id: StoryId::new(at),
            title: title.into(),
            skills,
            roles: Vec::new(),
            situation: String::new(),
            task: String::new(),
            action: String::new(),
            result: String::new(),
            learning: String::new(),
            proof: Vec::new(),
            created: at,
            updated: at,
        }
    }

    /// The user's note for one part of the story.
    pub fn note(&self, element: Element) -> &str {
        match element {
            Element::Situation => &self.situation,
            Element::Task => &self.task,
            Element::Action => &self.action,
            Element::Result => &self.result,
            Element::Learning => &self.learning,
        }
    }

    /// The note for one part, to edit.
    pub fn note_mut(&mut self, element: Element) -> &mut String {
        match element {
            Element::Situation => &mut self.situation,
            Element::Task => &mut self.task,
            Element::Action => &mut self.action,
            Element::Result => &mut self.result,
            Element::Learning => &mut self.learning,
        }
    }

    /// Whether the notes hold something for `element`.
    pub fn has_note(&self, element: Element) -> bool {
        !self.note(element).trim().is_empty()
    }

    /// What is wrong with the story before it may be stored, in words a user can act on.
    pub fn check(&self) -> Result<(), StoryProblem> {
        if self.title.trim().is_empty() {
            return Err(StoryProblem::NoTitle);
        }
        if self.skills.is_empty() {
            return Err(StoryProblem::NoSkill);
        }
        Ok(())
    }

    /// Title, notes and proof, lower-cased, for search.
    pub fn search_text(&self) -> String {
        let mut text = self.title.clone();
        for element in Element::ALL {
            text.push('\n');
            text.push_str(self.note(element));
        }
        for proof in &self.proof {
            text.push('\n');
            text.push_str(proof);
        }
        for skill in &self.skills {
            text.push('\n');
            text.push_str(skill.label());
        }
        text.to_lowercase()
    }

    /// Whether every word of `query` occurs in the story (case-insensitive).
    pub fn matches(&self, query: &str) -> bool {
        let text = self.search_text();
        query
            .to_lowercase()
            .split_whitespace()
            .all(|word| text.contains(word))
    }
}

/// Why a story cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoryProblem {
    #[error("a story needs a title")]
    NoTitle,
    #[error("a story needs at least one skill (one of: {})", skill_ids())]
    NoSkill,
}

/// The seven skill ids, comma-separated, for messages.
pub fn skill_ids() -> String {
    Skill::ALL.map(Skill::as_str).join(", ")
}

/// One skill rated in a self-assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillRating {
    pub skill: Skill,
    /// 1 (needs development) to 5 (strength).
    pub rating: u8,
    #[serde(default)]
    pub evidence: String,
    /// The gap and the next action that closes it.
    #[serde(default)]
    pub next_action: String,
}

/// A dated self-assessment: one or more skills rated at one moment. Every assessment is kept,
/// so ratings can be followed over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub schema_version: u32,
    pub id: AssessmentId,
    pub created: DateTime<Utc>,
    pub ratings: Vec<SkillRating>,
}

impl Assessment {
    pub fn new(ratings: Vec<SkillRating>, at: DateTime<Utc>) -> Self {
        Assessment {
            schema_version: ASSESSMENT_SCHEMA_VERSION,
            id: AssessmentId::new(at),
            created: at,
            ratings,
        }
    }

    /// The first rating outside 1-5, or a skill rated twice, as a message.
    pub fn check(&self) -> Result<(), String> {
        if self.ratings.is_empty() {
            return Err("an assessment needs at least one rated skill".into());
        }
        for (i, r) in self.ratings.iter().enumerate() {
            if !(RATING_MIN..=RATING_MAX).contains(&r.rating) {
                return Err(format!(
                    "a rating must be {RATING_MIN} to {RATING_MAX}, not {} ({})",
                    r.rating,
                    r.skill.as_str()
                ));
            }
            if self.ratings[..i].iter().any(|o| o.skill == r.skill) {
                return Err(format!("{} is rated twice", r.skill.as_str()));
            }
        }
        Ok(())
    }
}

/// Why a record could not be brought up to the current schema.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RecordMigrationError {
    #[error("the record is not a JSON object")]
    NotAnObject,
    #[error(
        "the record was written by a newer rehearse (schema {found}, this build reads up to {supported}); update rehearse to open it"
    )]
    TooNew { found: u64, supported: u32 },
    /// Not JSON, or JSON that does not fit the schema it claims.
    #[error("{0}")]
    Unreadable(String),
}

/// A record brought up to date, and the schema version it had on disk.
pub type Migrated<T> = Result<(T, u64), RecordMigrationError>;

/// Only the version of a record, read before the rest.
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    schema_version: u64,
}

/// The schema version of a record: 0 when it has none; a record must be a JSON object.
fn schema_of(bytes: &[u8]) -> Result<u64, RecordMigrationError> {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
        .map_err(|e| RecordMigrationError::Unreadable(e.to_string()))?;
    if !bytes.trim_ascii_start().starts_with(b"{") {
        return Err(RecordMigrationError::NotAnObject);
    }
    serde_json::from_slice::<VersionProbe>(bytes)
        .map(|probe| probe.schema_version)
        .map_err(|_| RecordMigrationError::NotAnObject)
}

fn unreadable(e: serde_json::Error) -> RecordMigrationError {
    RecordMigrationError::Unreadable(e.to_string())
}

/// Version 0 of a story: hand-written, possibly one `skill` instead of a `skills` list, `proof`
/// as one string, no `updated` time.
#[derive(Deserialize)]
struct StoryV0 {
    id: StoryId,
    title: String,
    skills: Option<Vec<Skill>>,
    skill: Option<Skill>,
    #[serde(default)]
    roles: Vec<Role>,
    #[serde(default)]
    situation: String,
    #[serde(default)]
    task: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    learning: String,
    #[serde(default)]
    proof: OneOrMany,
    created: DateTime<Utc>,
    updated: Option<DateTime<Utc>>,
}

/// One string or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl StoryV0 {
    fn upgrade(self) -> Result<Story, RecordMigrationError> {
        let skills = match (self.skills, self.skill) {
            (Some(skills), _) => skills,
            (None, Some(skill)) => vec![skill],
            (None, None) => {
                return Err(RecordMigrationError::Unreadable(
                    "missing field `skills`".into(),
                ));
            }
        };
        Ok(Story {
            schema_version: STORY_SCHEMA_VERSION,
            id: self.id,
            title: self.title,
            skills,
            roles: self.roles,
            situation: self.situation,
            task: self.task,
            action: self.action,
            result: self.result,
            learning: self.learning,
            proof: match self.proof {
                OneOrMany::One(proof) => vec![proof],
                OneOrMany::Many(proof) => proof,
            },
            created: self.created,
            updated: self.updated.unwrap_or(self.created),
        })
    }
}

/// Reads a story written in any schema up to [`STORY_SCHEMA_VERSION`]; returns it and the
/// version found on disk.
pub fn migrate_story(bytes: &[u8]) -> Migrated<Story> {
    let found = schema_of(bytes)?;
    let mut story = match found {
        0 => serde_json::from_slice::<StoryV0>(bytes)
            .map_err(unreadable)?
            .upgrade()?,
        1 => serde_json::from_slice::<Story>(bytes).map_err(unreadable)?,
        _ => {
            return Err(RecordMigrationError::TooNew {
                found,
                supported: STORY_SCHEMA_VERSION,
            });
        }
    };
    story.schema_version = STORY_SCHEMA_VERSION;
    Ok((story, found))
}

/// Version 0 of an assessment: a rating's next action could be called `next`.
#[derive(Deserialize)]
struct AssessmentV0 {
    id: AssessmentId,
    created: DateTime<Utc>,
    ratings: Vec<SkillRatingV0>,
}

#[derive(Deserialize)]
struct SkillRatingV0 {
    skill: Skill,
    rating: u8,
    #[serde(default)]
    evidence: String,
    next_action: Option<String>,
    next: Option<String>,
}

/// Reads an assessment written in any schema up to [`ASSESSMENT_SCHEMA_VERSION`].
pub fn migrate_assessment(bytes: &[u8]) -> Migrated<Assessment> {
    let found = schema_of(bytes)?;
    let mut assessment = match found {
        0 => {
            let old: AssessmentV0 = serde_json::from_slice(bytes).map_err(unreadable)?;
            Assessment {
                schema_version: ASSESSMENT_SCHEMA_VERSION,
                id: old.id,
                created: old.created,
                ratings: old
                    .ratings
                    .into_iter()
                    .map(|r| SkillRating {
                        skill: r.skill,
                        rating: r.rating,
                        evidence: r.evidence,
                        next_action: r.next_action.or(r.next).unwrap_or_default(),
                    })
                    .collect(),
            }
        }
        1 => serde_json::from_slice::<Assessment>(bytes).map_err(unreadable)?,
        _ => {
            return Err(RecordMigrationError::TooNew {
                found,
                supported: ASSESSMENT_SCHEMA_VERSION,
            });
        }
    };
    assessment.schema_version = ASSESSMENT_SCHEMA_VERSION;
    Ok((assessment, found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_have_one_strict_shape() {
        let at = "2026-12-01T02:15:03Z".parse().unwrap();
        let id = StoryId::new(at);
        assert!(id.as_str().starts_with("s-20261201T021503-"));
        assert_eq!(StoryId::parse(id.as_str()), Some(id));
        for bad in [
            "",
            "s-20261201T021503-3F2A",
            "s-20261201T021503-3f2a/..",
            "../s-20261201T021503-3f2",
            "a-20261201T021503-3f2a",
            "s-2026120lT021503-3f2a",
            "s-20261201T021503-3f2a ",
        ] {
            assert_eq!(StoryId::parse(bad), None, "{bad:?}");
        }
        assert!(AssessmentId::parse("a-20261201T021503-00ff").is_some());
    }

    #[test]
    fn a_bad_id_in_a_file_fails_to_parse() {
        let got: Result<StoryId, _> = serde_json::from_value(json!("../../etc"));
        assert!(got.is_err());
    }

    #[test]
    fn version_zero_story_gets_a_skill_list_and_a_version() {
        let old = json!({"id": "s-20261101T090000-0001", "title": "T", "skill": "leadership",
            "proof": "docs/adr-7.md", "created": "2026-11-01T09:00:00Z"});
        let (story, found) = migrate_story(old.to_string().as_bytes()).unwrap();
        assert_eq!(found, 0);
        assert_eq!(story.skills, vec![Skill::Leadership]);
        assert_eq!(story.proof, vec!["docs/adr-7.md".to_string()]);
        assert_eq!(story.updated, story.created);
        assert_eq!(story.schema_version, STORY_SCHEMA_VERSION);
    }

    #[test]
    fn a_newer_story_is_refused() {
        let err = migrate_story(br#"{"schema_version": 99}"#).unwrap_err();
        assert!(matches!(
            err,
            RecordMigrationError::TooNew { found: 99, .. }
        ));
        assert_eq!(
            migrate_story(b"[1]").unwrap_err(),
            RecordMigrationError::NotAnObject
        );
    }

    #[test]
    fn version_zero_assessment_renames_next() {
        let old = json!({"id": "a-20261101T090000-0001", "created": "2026-11-01T09:00:00Z",
            "ratings": [{"skill": "collaboration", "rating": 3, "next": "Run a brown bag"}]});
        let (a, _) = migrate_assessment(old.to_string().as_bytes()).unwrap();
        assert_eq!(a.ratings[0].next_action, "Run a brown bag");
    }

    #[test]
    fn assessment_check_refuses_out_of_range_and_duplicates() {
        let at = Utc::now();
        let rate = |skill, rating| SkillRating {
            skill,
            rating,
            evidence: String::new(),
            next_action: String::new(),
        };
        assert!(
            Assessment::new(vec![rate(Skill::Leadership, 0)], at)
                .check()
                .is_err()
        );
        assert!(
            Assessment::new(vec![rate(Skill::Leadership, 6)], at)
                .check()
                .is_err()
        );
        assert!(
            Assessment::new(
                vec![rate(Skill::Leadership, 3), rate(Skill::Leadership, 4)],
                at
            )
            .check()
            .is_err()
        );
        assert!(Assessment::new(vec![], at).check().is_err());
        assert!(
            Assessment::new(vec![rate(Skill::Leadership, 5)], at)
                .check()
                .is_ok()
        );
    }

    #[test]
    fn search_needs_every_word() {
        let mut s = Story::new(
            "Demystified the backup plan",
            vec![Skill::Communication],
            Utc::now(),
        );
        s.result = "Audit passed with zero findings".into();
        assert!(s.matches("backup AUDIT"));
        assert!(s.matches("communication"));
        assert!(!s.matches("backup salary"));
    }
}
