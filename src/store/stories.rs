//! The story bank and the dated self-assessments, kept beside the attempts in the same data
//! folder and with the same rules (see [`crate::store`]).
//!
//! Layout: `stories/<id>/story.json` (one folder per story, room for its proof files later);
//! `assessments/<id>.json` (one file per dated self-assessment, never rewritten); deleted
//! stories go to `trash/stories/<id>/` until restored.
//!
//! Rules, as for attempts: every write goes to a temporary file that is synced and renamed into
//! place (a new story is assembled in a `.staging-<id>` folder first); writers hold the store's
//! lock; a file that cannot be read is reported and skipped, never overwritten; older files
//! are upgraded in memory ([`crate::stories::record::migrate_story`]). Everything read from
//! disk is untrusted: a folder or file whose name is not a strict id is ignored, and a record
//! whose id differs from its folder or file name, whose title or skills are missing, or whose
//! rating is outside 1-5 is reported as damaged; so is a story folder or file that is a link, or
//! a file over its size limit ([`crate::store::untrusted::read_own_file`],
//! [`crate::bounded::MAX_STORY_BYTES`]). No path inside a record is ever opened: a story's proof
//! is text shown to the user. Folders are created 0700 and files written 0600
//! ([`crate::store::private`]).

use super::untrusted::{OwnFileError, read_own_file};
use super::{
    RecordProblem, STAGING_PREFIX, StoreError, TRASH_DIR, io_error, private, sync_dir,
    write_json_atomically,
};
use crate::stories::record::{
    Assessment, AssessmentId, Migrated, RecordMigrationError, Story, StoryId, StoryProblem,
    migrate_assessment, migrate_story,
};
use chrono::Utc;
use std::fs;
use std::path::{Path, PathBuf};

const STORIES_DIR: &str = "stories";
const STORY_FILE: &str = "story.json";
const ASSESSMENTS_DIR: &str = "assessments";
const STORY_TRASH_DIR: &str = "stories";

/// What went wrong with a story or an assessment, in terms a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoryStoreError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "`{0}` is not a story id (ids look like s-20261201T021503-3f2a; see `rehearse stories list`)"
    )]
    BadId(String),
    #[error("no story {0} (see `rehearse stories list`)")]
    NotFound(StoryId),
    #[error("story {0} is in the trash; restore it with `rehearse stories restore {0}`")]
    InTrash(StoryId),
    #[error("story {0} is not in the trash")]
    NotInTrash(StoryId),
    #[error("cannot restore {0}: a story with that id already exists")]
    AlreadyExists(StoryId),
    #[error("{0}")]
    Invalid(#[from] StoryProblem),
    #[error("{0}")]
    InvalidAssessment(String),
    #[error("the record {path} is damaged and was skipped: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("the record {path} cannot be read: {source}")]
    Migration {
        path: PathBuf,
        #[source]
        source: RecordMigrationError,
    },
}

/// The stories found, most recently updated first, and the records that were skipped.
#[derive(Debug, Clone, Default)]
pub struct StoryListing {
    pub stories: Vec<Story>,
    pub problems: Vec<RecordProblem>,
}

/// Every self-assessment, oldest first, and the files that were skipped.
#[derive(Debug, Clone, Default)]
pub struct AssessmentListing {
    pub assessments: Vec<Assessment>,
    pub problems: Vec<RecordProblem>,
}

impl super::Store {
    /// Parses a user-typed story id.
    pub fn parse_story_id(text: &str) -> Result<StoryId, StoryStoreError> {
        StoryId::parse(text.trim()).ok_or_else(|| StoryStoreError::BadId(text.to_string()))
    }

    fn stories_dir(&self) -> Result<PathBuf, StoreError> {
        let dir = self.root.join(STORIES_DIR);
        private::create_dir_all(&dir).map_err(io_error("create the folder", &dir))?;
        Ok(dir)
    }

    fn story_trash_dir(&self) -> Result<PathBuf, StoreError> {
        let dir = self.root.join(TRASH_DIR).join(STORY_TRASH_DIR);
        private::create_dir_all(&dir).map_err(io_error("create the folder", &dir))?;
        Ok(dir)
    }

    fn assessments_dir(&self) -> Result<PathBuf, StoreError> {
        let dir = self.root.join(ASSESSMENTS_DIR);
        private::create_dir_all(&dir).map_err(io_error("create the folder", &dir))?;
        Ok(dir)
    }

    /// Stores a new story. Its id is kept unless taken; `created`/`updated` are kept as given.
    pub fn create_story(&self, mut story: Story) -> Result<Story, StoryStoreError> {
        story.check()?;
        story.schema_version = crate::stories::record::STORY_SCHEMA_VERSION;
        let dir = self.stories_dir()?;
        let _lock = self.lock()?;
        while dir.join(story.id.as_str()).exists()
            || self.story_trash_dir()?.join(story.id.as_str()).exists()
        {
            story.id = StoryId::new(story.created);
        }
        let staging = dir.join(format!("{STAGING_PREFIX}{}", story.id));
        let result = (|| {
            fs::create_dir(&staging).map_err(io_error("create the folder", &staging))?;
            private::restrict_dir(&staging).map_err(io_error("protect the folder", &staging))?;
            write_json_atomically(&staging.join(STORY_FILE), &story)?;
            sync_dir(&staging)?;
            let folder = dir.join(story.id.as_str());
            fs::rename(&staging, &folder).map_err(io_error("move into place", &folder))?;
            sync_dir(&dir)
        })();
        if let Err(err) = result {
            let _ = fs::remove_dir_all(&staging);
            return Err(err.into());
        }
        Ok(story)
    }

    /// Reads a story, changes it with `change` and writes it back under the lock. Sets
    /// `updated`; the id and creation time cannot change.
    pub fn update_story(
        &self,
        id: &StoryId,
        change: impl FnOnce(&mut Story),
    ) -> Result<Story, StoryStoreError> {
        let _lock = self.lock()?;
        let mut story = self.get_story(id)?;
        let created = story.created;
        change(&mut story);
        story.id = id.clone();
        story.created = created;
        story.check()?;
        story.schema_version = crate::stories::record::STORY_SCHEMA_VERSION;
        story.updated = Utc::now();
        write_json_atomically(
            &self.stories_dir()?.join(id.as_str()).join(STORY_FILE),
            &story,
        )?;
        Ok(story)
    }

    /// Reads one story.
    pub fn get_story(&self, id: &StoryId) -> Result<Story, StoryStoreError> {
        let folder = self.stories_dir()?.join(id.as_str());
        let path = folder.join(STORY_FILE);
        if !path.exists() {
            if self.story_trash_dir()?.join(id.as_str()).exists() {
                return Err(StoryStoreError::InTrash(id.clone()));
            }
            return Err(StoryStoreError::NotFound(id.clone()));
        }
        read_story(&path, id)
    }

    /// The coverage of the story bank for `role` ([`crate::stories::coverage`]): every
    /// readable story with its card from every readable attempt (unreadable records are left
    /// out here; listing them reports them).
    pub fn story_coverage(
        &self,
        role: Option<crate::domain::Role>,
    ) -> Result<crate::stories::coverage::Coverage, StoryStoreError> {
        let stories = self.list_stories()?.stories;
        let attempts = self.list()?.attempts;
        let cards: Vec<_> = stories
            .iter()
            .map(|s| crate::stories::practice::StoryCard::of(s, &attempts))
            .collect();
        Ok(crate::stories::coverage::coverage(&stories, &cards, role))
    }

    /// Every readable story, most recently updated first, and the ones that were skipped.
    pub fn list_stories(&self) -> Result<StoryListing, StoryStoreError> {
        let dir = self.stories_dir()?;
        let mut listing = StoryListing::default();
        for entry in fs::read_dir(&dir).map_err(io_error("read the folder", &dir))? {
            let entry = entry.map_err(io_error("read the folder", &dir))?;
            let Some(id) = entry.file_name().to_str().and_then(StoryId::parse) else {
                continue;
            };
            let folder = entry.path();
            match read_story(&folder.join(STORY_FILE), &id) {
                Ok(story) => listing.stories.push(story),
                Err(err) => listing.problems.push(RecordProblem {
                    folder,
                    message: err.to_string(),
                }),
            }
        }
        listing
            .stories
            .sort_by(|a, b| (b.updated, &b.id).cmp(&(a.updated, &a.id)));
        listing.problems.sort_by(|a, b| a.folder.cmp(&b.folder));
        Ok(listing)
    }

    /// Moves a story to the trash; [`Store::restore_story`] brings it back. Attempts linked to
    /// it keep their link.
    pub fn delete_story(&self, id: &StoryId) -> Result<(), StoryStoreError> {
        let dir = self.stories_dir()?;
        let trash = self.story_trash_dir()?;
        let _lock = self.lock()?;
        let folder = dir.join(id.as_str());
        if !folder.exists() {
            return Err(StoryStoreError::NotFound(id.clone()));
        }
        let target = trash.join(id.as_str());
        if target.exists() {
            fs::remove_dir_all(&target).map_err(io_error("clear the old trash copy", &target))?;
        }
        fs::rename(&folder, &target).map_err(io_error("move to the trash", &folder))?;
        sync_dir(&trash)?;
        sync_dir(&dir)?;
        Ok(())
    }

    /// Brings a story back from the trash.
    pub fn restore_story(&self, id: &StoryId) -> Result<(), StoryStoreError> {
        let dir = self.stories_dir()?;
        let trash = self.story_trash_dir()?;
        let _lock = self.lock()?;
        let source = trash.join(id.as_str());
        if !source.exists() {
            return Err(StoryStoreError::NotInTrash(id.clone()));
        }
        let folder = dir.join(id.as_str());
        if folder.exists() {
            return Err(StoryStoreError::AlreadyExists(id.clone()));
        }
        fs::rename(&source, &folder).map_err(io_error("restore from the trash", &source))?;
        sync_dir(&dir)?;
        sync_dir(&trash)?;
        Ok(())
    }

    /// The story ids in the trash, newest first.
    pub fn story_trash(&self) -> Result<Vec<StoryId>, StoryStoreError> {
        let dir = self.story_trash_dir()?;
        let mut ids: Vec<StoryId> = fs::read_dir(&dir)
            .map_err(io_error("read the folder", &dir))?
            .filter_map(|e| e.ok()?.file_name().to_str().and_then(StoryId::parse))
            .collect();
        ids.sort_by(|a, b| b.cmp(a));
        Ok(ids)
    }

    /// Keeps a new dated self-assessment. Assessments are never rewritten.
    pub fn add_assessment(
        &self,
        mut assessment: Assessment,
    ) -> Result<Assessment, StoryStoreError> {
        assessment
            .check()
            .map_err(StoryStoreError::InvalidAssessment)?;
        assessment.schema_version = crate::stories::record::ASSESSMENT_SCHEMA_VERSION;
        let dir = self.assessments_dir()?;
        let _lock = self.lock()?;
        while dir.join(assessment_file(&assessment.id)).exists() {
            assessment.id = AssessmentId::new(assessment.created);
        }
        write_json_atomically(&dir.join(assessment_file(&assessment.id)), &assessment)?;
        Ok(assessment)
    }

    /// Every readable self-assessment, oldest first, and the files that were skipped.
    pub fn assessments(&self) -> Result<AssessmentListing, StoryStoreError> {
        let dir = self.assessments_dir()?;
        let mut listing = AssessmentListing::default();
        for entry in fs::read_dir(&dir).map_err(io_error("read the folder", &dir))? {
            let entry = entry.map_err(io_error("read the folder", &dir))?;
            let name = entry.file_name();
            let Some(id) = name
                .to_str()
                .and_then(|n| n.strip_suffix(".json"))
                .and_then(AssessmentId::parse)
            else {
                continue;
            };
            let path = entry.path();
            match read_assessment(&path, &id) {
                Ok(a) => listing.assessments.push(a),
                Err(err) => listing.problems.push(RecordProblem {
                    folder: path,
                    message: err.to_string(),
                }),
            }
        }
        listing
            .assessments
            .sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        listing.problems.sort_by(|a, b| a.folder.cmp(&b.folder));
        Ok(listing)
    }
}

fn assessment_file(id: &AssessmentId) -> String {
    format!("{id}.json")
}

/// Reads a JSON record and parses it, upgrading an older schema with `migrate`.
fn read_migrated<T>(
    path: &Path,
    in_own_folder: bool,
    limit: u64,
    migrate: fn(&[u8]) -> Migrated<T>,
) -> Result<T, StoryStoreError> {
    let corrupt = |reason: String| StoryStoreError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = read_own_file(path, in_own_folder, limit).map_err(|e| match e {
        OwnFileError::Io(source) => StoryStoreError::Store(io_error("read", path)(source)),
        OwnFileError::Refused(reason) => corrupt(reason),
    })?;
    let (record, _found) = migrate(&bytes).map_err(|source| match source {
        RecordMigrationError::Unreadable(reason) => corrupt(reason),
        source => StoryStoreError::Migration {
            path: path.to_path_buf(),
            source,
        },
    })?;
    Ok(record)
}

fn read_story(path: &Path, expected: &StoryId) -> Result<Story, StoryStoreError> {
    let story: Story = read_migrated(path, true, crate::bounded::MAX_STORY_BYTES, migrate_story)?;
    let corrupt = |reason: String| StoryStoreError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    if story.id != *expected {
        return Err(corrupt(format!(
            "its id {} does not match its folder {expected}",
            story.id
        )));
    }
    story.check().map_err(|e| corrupt(e.to_string()))?;
    Ok(story)
}

fn read_assessment(path: &Path, expected: &AssessmentId) -> Result<Assessment, StoryStoreError> {
    let assessment: Assessment = read_migrated(
        path,
        false,
        crate::bounded::MAX_ASSESSMENT_BYTES,
        migrate_assessment,
    )?;
    let corrupt = |reason: String| StoryStoreError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    if assessment.id != *expected {
        return Err(corrupt(format!(
            "its id {} does not match its file name {expected}",
            assessment.id
        )));
    }
    assessment.check().map_err(corrupt)?;
    Ok(assessment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Skill;
    use crate::store::Store;
    use crate::stories::record::SkillRating;

    fn story(title: &str) -> Story {
        let mut s = Story::new(title, vec![Skill::Communication], Utc::now());
        s.situation = "Stakeholders were unsure how backups worked.".into();
        s.result = "The audit passed with no findings.".into();
        s.proof = vec!["docs/runbook.md".into()];
        s
    }

    #[test]
    fn a_story_round_trips_and_updates_keep_id_and_created() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let created = store.create_story(story("Backup plan")).unwrap();
        assert_eq!(store.get_story(&created.id).unwrap(), created);
        let updated = store
            .update_story(&created.id, |s| {
                s.title = "Backup plan, explained".into();
                s.id = StoryId::parse("s-20990101T000000-ffff").unwrap();
            })
            .unwrap();
        assert_eq!(updated.id, created.id);
        assert_eq!(updated.created, created.created);
        assert_eq!(store.list_stories().unwrap().stories, vec![updated]);
        // No temporary or staging file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path().join(STORIES_DIR).join(created.id.as_str()))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [STORY_FILE]);
    }

    #[test]
    fn an_invalid_story_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut s = story("  ");
        assert!(matches!(
            store.create_story(s.clone()),
            Err(StoryStoreError::Invalid(StoryProblem::NoTitle))
        ));
        s.title = "Has a title".into();
        s.skills.clear();
        assert!(store.create_story(s).is_err());
        let stories = dir.path().join(STORIES_DIR);
        assert!(!stories.exists() || fs::read_dir(&stories).unwrap().count() == 0);
    }

    #[test]
    fn a_corrupt_or_misnamed_story_is_skipped_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let good = store.create_story(story("Good")).unwrap();
        let stories = dir.path().join(STORIES_DIR);
        let broken = stories.join("s-20261101T000000-0bad");
        fs::create_dir_all(&broken).unwrap();
        fs::write(broken.join(STORY_FILE), "{ not json").unwrap();
        // A valid record copied under another id's folder is refused: ids must match.
        let moved = stories.join("s-20261101T000000-0abc");
        fs::create_dir_all(&moved).unwrap();
        fs::copy(
            stories.join(good.id.as_str()).join(STORY_FILE),
            moved.join(STORY_FILE),
        )
        .unwrap();
        // A folder that is not an id is ignored, whatever it holds.
        fs::create_dir_all(stories.join("..hidden")).unwrap();
        let listing = store.list_stories().unwrap();
        assert_eq!(listing.stories.len(), 1);
        assert_eq!(listing.problems.len(), 2);
        assert!(
            listing
                .problems
                .iter()
                .any(|p| p.folder.ends_with("s-20261101T000000-0abc")
                    && p.message.contains("does not match")),
            "{:?}",
            listing.problems
        );
        // The damaged file is left as it was.
        assert_eq!(
            fs::read_to_string(broken.join(STORY_FILE)).unwrap(),
            "{ not json"
        );
    }

    #[cfg(unix)]
    #[test]
    fn stories_and_assessments_are_private_and_never_read_through_links_or_whole_when_huge() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("data")).unwrap();
        let s = store.create_story(story("Private")).unwrap();
        let a = store
            .add_assessment(Assessment::new(
                vec![SkillRating {
                    skill: Skill::Leadership,
                    rating: 3,
                    evidence: String::new(),
                    next_action: String::new(),
                }],
                Utc::now(),
            ))
            .unwrap();
        let data = dir.path().join("data");
        let stories = data.join(STORIES_DIR);
        let assessments = data.join(ASSESSMENTS_DIR);
        let folder = stories.join(s.id.as_str());
        for d in [&stories, &folder, &assessments] {
            assert_eq!(mode(d), 0o700, "{}", d.display());
        }
        for f in [
            folder.join(STORY_FILE),
            assessments.join(assessment_file(&a.id)),
        ] {
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }

        // A story folder that is a link to a valid story outside the data folder: reported as
        // damaged, and an update cannot write through it.
        let outside = dir.path().join("outside").join("s-20261101T000000-0abc");
        fs::create_dir_all(&outside).unwrap();
        let mut other = story("Elsewhere");
        other.id = StoryId::parse("s-20261101T000000-0abc").unwrap();
        fs::write(
            outside.join(STORY_FILE),
            serde_json::to_vec(&other).unwrap(),
        )
        .unwrap();
        let before = fs::read(outside.join(STORY_FILE)).unwrap();
        std::os::unix::fs::symlink(&outside, stories.join(other.id.as_str())).unwrap();
        let listing = store.list_stories().unwrap();
        assert_eq!(listing.stories, vec![s.clone()]);
        assert!(
            listing.problems[0].message.contains("is a link"),
            "{:?}",
            listing.problems
        );
        assert!(matches!(
            store.update_story(&other.id, |s| s.title = "Overwritten".into()),
            Err(StoryStoreError::Corrupt { .. })
        ));
        assert_eq!(fs::read(outside.join(STORY_FILE)).unwrap(), before);

        // An assessment that is a link, and a story file over the size limit.
        let linked = assessments.join("a-20261201T000000-0001.json");
        std::os::unix::fs::symlink(outside.join(STORY_FILE), &linked).unwrap();
        let huge = stories.join("s-20261102T000000-0b16");
        fs::create_dir(&huge).unwrap();
        let mut padded = serde_json::to_vec(&s).unwrap();
        padded.extend(std::iter::repeat_n(b' ', 2 << 20));
        fs::write(huge.join(STORY_FILE), padded).unwrap();
        let listing = store.assessments().unwrap();
        assert_eq!(listing.assessments, vec![a]);
        assert!(listing.problems[0].message.contains("is a link"));
        let problems = store.list_stories().unwrap().problems;
        assert!(
            problems
                .iter()
                .any(|p| p.folder == huge && p.message.contains("larger than 1 MB")),
            "{problems:?}"
        );
    }

    #[test]
    fn an_old_story_file_is_migrated_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let folder = dir.path().join(STORIES_DIR).join("s-20261001T080000-00aa");
        fs::create_dir_all(&folder).unwrap();
        fs::write(
            folder.join(STORY_FILE),
            r#"{"id": "s-20261001T080000-00aa", "title": "Hand-written",
                "skill": "risk_management", "created": "2026-10-01T08:00:00Z"}"#,
        )
        .unwrap();
        let id = StoryId::parse("s-20261001T080000-00aa").unwrap();
        let s = store.get_story(&id).unwrap();
        assert_eq!(s.skills, vec![Skill::RiskManagement]);
        // Saving writes the current schema.
        store
            .update_story(&id, |s| s.task = "Fix it".into())
            .unwrap();
        let text = fs::read_to_string(folder.join(STORY_FILE)).unwrap();
        assert!(text.contains("\"schema_version\": 1"), "{text}");
    }

    #[test]
    fn delete_goes_to_the_trash_and_restore_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let s = store.create_story(story("Trash me")).unwrap();
        store.delete_story(&s.id).unwrap();
        assert!(matches!(
            store.get_story(&s.id),
            Err(StoryStoreError::InTrash(_))
        ));
        assert!(store.list_stories().unwrap().stories.is_empty());
        assert_eq!(store.story_trash().unwrap(), vec![s.id.clone()]);
        // The attempt trash does not list stories.
        assert!(store.trash().unwrap().is_empty());
        store.restore_story(&s.id).unwrap();
        assert_eq!(store.get_story(&s.id).unwrap(), s);
        assert!(matches!(
            store.restore_story(&s.id),
            Err(StoryStoreError::NotInTrash(_))
        ));
        let missing = StoryId::parse("s-20200101T000000-0000").unwrap();
        assert!(matches!(
            store.delete_story(&missing),
            Err(StoryStoreError::NotFound(_))
        ));
    }

    #[test]
    fn assessments_are_kept_in_date_order_and_bad_ratings_on_disk_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let rate = |rating| SkillRating {
            skill: Skill::Leadership,
            rating,
            evidence: "Ran the planning".into(),
            next_action: "Write an ADR".into(),
        };
        let older = Assessment::new(vec![rate(2)], "2026-10-01T08:00:00Z".parse().unwrap());
        let newer = Assessment::new(vec![rate(4)], "2026-11-01T08:00:00Z".parse().unwrap());
        store.add_assessment(newer.clone()).unwrap();
        store.add_assessment(older.clone()).unwrap();
        assert!(matches!(
            store.add_assessment(Assessment::new(vec![rate(9)], Utc::now())),
            Err(StoryStoreError::InvalidAssessment(_))
        ));
        let hand = dir
            .path()
            .join(ASSESSMENTS_DIR)
            .join("a-20261201T000000-0001.json");
        fs::write(
            &hand,
            r#"{"schema_version":1,"id":"a-20261201T000000-0001","created":"2026-12-01T00:00:00Z",
               "ratings":[{"skill":"leadership","rating":7}]}"#,
        )
        .unwrap();
        let listing = store.assessments().unwrap();
        assert_eq!(listing.assessments, vec![older, newer]);
        assert_eq!(listing.problems.len(), 1);
        assert!(listing.problems[0].message.contains("1 to 5"));
    }
}
