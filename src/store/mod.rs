//! The attempt store: every answer the user recorded, kept on their own disk.
//!
//! Layout under the data directory (`REHEARSE_DATA_DIR`, else the platform's data directory for
//! "rehearse"): `attempts/<id>/attempt.json` + `audio.wav`, one folder per attempt, ids sortable
//! by time; `trash/<id>/` for deleted attempts until they are restored or the trash is emptied;
//! `index.json`, a cache of one [`AttemptSummary`] per attempt; `.lock`, the writers' lock.
//!
//! Rules:
//! - Every file is written to a temporary file in the same folder, synced, then renamed over
//!   the old one, and the folder is synced: a crash leaves the old version or the new one,
//!   never half of one. A new attempt is assembled in a `.staging-<id>` folder and renamed into
//!   place, so an attempt folder always holds a complete record.
//! - Writers (create, save, delete, restore, index refresh) hold an exclusive lock on `.lock`,
//!   so two app instances writing at once queue instead of interleaving. Readers need no lock
//!   because every file changes by atomic rename.
//! - A record that cannot be read is reported in [`Listing::problems`] and skipped; it never
//!   hides the others, and it is never overwritten or deleted by the store.
//! - The index is only a cache: each entry remembers the size and modification time of the
//!   record it summarises, and listing re-reads any record whose stamp changed, so edits by
//!   another process or by hand are picked up and a lost or damaged index is simply rebuilt.
//! - Old records are upgraded in memory when read ([`record::migrate`]); they are rewritten in
//!   the current schema the next time they are saved. Records from a newer schema are refused.

pub mod compare;
pub mod markdown;
pub mod pending;
pub mod private;
pub mod progress;
pub mod record;
pub mod stories;
pub mod summary;
#[cfg(test)]
pub(crate) mod tests;
pub mod untrusted;

pub use crate::analysis::Area;
pub use record::{Attempt, AttemptId, EarlierAnalysis, PromptSnapshot, SCHEMA_VERSION};
pub use stories::{AssessmentListing, StoryListing, StoryStoreError};
pub use summary::{AttemptSummary, Metrics, PracticeLog, PromptPractice, Query};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The environment variable that overrides the data directory (tests, portable use).
pub use crate::paths::DATA_DIR_ENV;
const ATTEMPTS_DIR: &str = "attempts";
const TRASH_DIR: &str = "trash";
const INDEX_FILE: &str = "index.json";
const LOCK_FILE: &str = ".lock";
const RECORD_FILE: &str = "attempt.json";
/// The name of the recording inside an attempt folder.
pub const AUDIO_FILE: &str = "audio.wav";
const STAGING_PREFIX: &str = ".staging-";
/// The index format; a different number makes the store rebuild the index.
/// 2: summaries carry the spoken word count (wordless takes are left out of progress).
const INDEX_VERSION: u32 = 2;

/// What went wrong, in terms a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("could not find a data directory for rehearse; set {DATA_DIR_ENV} to a folder")]
    NoDataDir,
    #[error("could not {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "`{0}` is not an attempt id (ids look like 20261122T041503-3f2a; see `rehearse history list`)"
    )]
    BadId(String),
    #[error("no attempt {0} (see `rehearse history list`)")]
    NotFound(AttemptId),
    #[error("attempt {0} is in the trash; restore it first")]
    InTrash(AttemptId),
    #[error("attempt {0} is not in the trash")]
    NotInTrash(AttemptId),
    #[error("cannot restore {0}: an attempt with that id already exists")]
    AlreadyExists(AttemptId),
    #[error("the record {path} is damaged and was skipped: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("the record {path} cannot be read: {source}")]
    Migration {
        path: PathBuf,
        #[source]
        source: record::MigrationError,
    },
    #[error("a self-rating must be 1 to 5, not {0}")]
    BadRating(u8),
    #[error("the recording {path} is not a readable WAV file: {reason}")]
    BadAudio { path: PathBuf, reason: String },
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        action,
        path,
        source,
    }
}

/// An attempt folder that could not be read, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordProblem {
    pub folder: PathBuf,
    pub message: String,
}

impl std::fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.folder.display(), self.message)
    }
}

/// The attempts found, newest first, and the records that were skipped.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub attempts: Vec<AttemptSummary>,
    pub problems: Vec<RecordProblem>,
}

/// The size and modification time of a record file, used to tell whether a cached summary is
/// still current.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    modified_ns: u128,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Self {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Stamp {
            len: meta.len(),
            modified_ns,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct IndexEntry {
    stamp: Stamp,
    summary: AttemptSummary,
}

#[derive(Debug, Serialize, Deserialize)]
struct IndexFile {
    version: u32,
    entries: Vec<IndexEntry>,
}

/// The attempt store at one data directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// The folder of the data folder the app's Markdown exports go to.
pub const EXPORTS_DIR: &str = "exports";

impl Store {
    /// Opens (creating if needed) the store at `dir`.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let root = dir.into();
        for sub in [ATTEMPTS_DIR, TRASH_DIR] {
            let path = root.join(sub);
            private::create_dir_all(&path).map_err(io_error("create the folder", &path))?;
        }
        private::restrict_dir(&root).map_err(io_error("protect the folder", &root))?;
        let store = Store { root };
        store.remove_abandoned_staging()?;
        Ok(store)
    }

    /// Removes staging folders left by a create that crashed half-way. Creates hold the lock
    /// from staging to rename, so under the lock no staging folder belongs to a live writer.
    fn remove_abandoned_staging(&self) -> Result<(), StoreError> {
        let attempts_dir = self.root.join(ATTEMPTS_DIR);
        let abandoned: Vec<PathBuf> = fs::read_dir(&attempts_dir)
            .map_err(io_error("read the folder", &attempts_dir))?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(STAGING_PREFIX))
            .map(|e| e.path())
            .collect();
        if abandoned.is_empty() {
            return Ok(());
        }
        let _lock = self.lock()?;
        for path in abandoned {
            // Best effort: a folder that cannot be removed is left; listing ignores it.
            let _ = fs::remove_dir_all(path);
        }
        Ok(())
    }

    /// Opens the store at [`Store::default_dir`].
    pub fn open_default() -> Result<Self, StoreError> {
        Store::open(Store::default_dir()?)
    }

    /// `REHEARSE_DATA_DIR` when set, else the platform's data directory for rehearse
    /// (`~/.local/share/rehearse` on Linux).
    pub fn default_dir() -> Result<PathBuf, StoreError> {
        crate::paths::data_dir().ok_or(StoreError::NoDataDir)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Parses a user-typed id.
    pub fn parse_id(text: &str) -> Result<AttemptId, StoreError> {
        AttemptId::parse(text.trim()).ok_or_else(|| StoreError::BadId(text.to_string()))
    }

    fn folder(&self, id: &AttemptId) -> PathBuf {
        self.root.join(ATTEMPTS_DIR).join(id.as_str())
    }

    fn record_path(&self, id: &AttemptId) -> PathBuf {
        self.folder(id).join(RECORD_FILE)
    }

    /// The recording of an attempt, when it has one that is there and inside its folder.
    pub fn audio_path(&self, attempt: &Attempt) -> Option<PathBuf> {
        match self.recording(attempt) {
            untrusted::Recording::Present(path) => Some(path),
            _ => None,
        }
    }

    /// Where an attempt's recording is: present, missing, or refused (outside the folder).
    pub fn recording(&self, attempt: &Attempt) -> untrusted::Recording {
        untrusted::locate_recording(&self.folder(&attempt.id), attempt.audio_file.as_deref())
    }

    /// Takes the writers' lock; it is released when the returned file is dropped.
    fn lock(&self) -> Result<File, StoreError> {
        let path = self.root.join(LOCK_FILE);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_error("open the lock file", &path))?;
        file.lock().map_err(io_error("lock", &path))?;
        Ok(file)
    }

    /// Stores a new attempt, copying its recording (when given) into the attempt folder as
    /// `audio.wav`. The id is kept unless another attempt already has it. Returns the attempt
    /// as stored.
    pub fn create(&self, attempt: Attempt, audio: Option<&Path>) -> Result<Attempt, StoreError> {
        self.create_with(attempt, audio, false)
    }

    /// Stores a new attempt and takes its recording (one the app made itself) into the attempt
    /// folder, so the recording is kept once. The recording is linked (or copied, across file
    /// systems) into place and its old name removed only once the attempt is complete, so a
    /// crash at any point leaves it under one name or both, never none.
    pub fn create_taking(&self, attempt: Attempt, recording: &Path) -> Result<Attempt, StoreError> {
        let stored = self.create_with(attempt, Some(recording), true)?;
        fs::remove_file(recording).map_err(io_error("remove the kept recording", recording))?;
        Ok(stored)
    }

    fn create_with(
        &self,
        mut attempt: Attempt,
        audio: Option<&Path>,
        link: bool,
    ) -> Result<Attempt, StoreError> {
        check_rating(attempt.self_rating)?;
        if let Some(source) = audio {
            let duration_ms = wav_duration_ms(source)?;
            if attempt.duration_ms == 0 {
                attempt.duration_ms = duration_ms;
            }
            attempt.audio_file = Some(AUDIO_FILE.to_string());
        }
        attempt.schema_version = SCHEMA_VERSION;
        let _lock = self.lock()?;
        while self.folder(&attempt.id).exists() {
            attempt.id = AttemptId::new(attempt.created);
        }
        let attempts_dir = self.root.join(ATTEMPTS_DIR);
        let staging = attempts_dir.join(format!("{STAGING_PREFIX}{}", attempt.id));
        let result = (|| {
            fs::create_dir(&staging).map_err(io_error("create the folder", &staging))?;
            private::restrict_dir(&staging).map_err(io_error("protect the folder", &staging))?;
            if let Some(source) = audio {
                let target = staging.join(AUDIO_FILE);
                if !(link && fs::hard_link(source, &target).is_ok()) {
                    copy_synced(source, &target)?;
                }
            }
            write_json_atomically(&staging.join(RECORD_FILE), &attempt)?;
            sync_dir(&staging)?;
            let folder = self.folder(&attempt.id);
            fs::rename(&staging, &folder).map_err(io_error("move into place", &folder))
        })();
        // Once renamed the attempt is there; syncing its parent folder is best effort.
        if result.is_ok() {
            let _ = sync_dir(&attempts_dir);
        }
        if let Err(err) = result {
            let _ = fs::remove_dir_all(&staging);
            return Err(err);
        }
        // The attempt is kept from here on, so the outcome is success whatever happens to the
        // index: it is a cache, and a listing rebuilds a missing or stale entry.
        let _ = self.refresh_index_entry(&attempt.id);
        Ok(attempt)
    }

    /// Removes the recordings in `recordings` that an attempt already keeps, byte for byte, in
    /// its own folder (older versions kept every recording twice). A recording that no attempt
    /// keeps, an unfinished one, or one that differs in any byte is left alone, so nothing is
    /// lost. Returns how many were removed.
    pub fn drop_kept_recordings(&self, recordings: &Path) -> Result<usize, StoreError> {
        let Ok(entries) = fs::read_dir(recordings) else {
            return Ok(0); // no recordings folder: nothing to do
        };
        let finished: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "wav")
                    && !p
                        .to_string_lossy()
                        .ends_with(crate::audio::wav_stream::PARTIAL_SUFFIX)
            })
            .collect();
        if finished.is_empty() {
            return Ok(0);
        }
        // The kept recordings by size, so only same-sized files are compared byte for byte.
        let attempts_dir = self.root.join(ATTEMPTS_DIR);
        let mut kept: HashMap<u64, Vec<PathBuf>> = HashMap::new();
        for entry in fs::read_dir(&attempts_dir)
            .map_err(io_error("read the folder", &attempts_dir))?
            .filter_map(Result::ok)
        {
            let audio = entry.path().join(AUDIO_FILE);
            if let Ok(meta) = fs::metadata(&audio) {
                kept.entry(meta.len()).or_default().push(audio);
            }
        }
        let mut removed = 0;
        for recording in finished {
            let Ok(meta) = fs::metadata(&recording) else {
                continue;
            };
            let Some(candidates) = kept.get(&meta.len()) else {
                continue;
            };
            let Ok(bytes) = fs::read(&recording) else {
                continue;
            };
            let duplicate = candidates
                .iter()
                .any(|c| fs::read(c).is_ok_and(|other| other == bytes));
            if duplicate {
                fs::remove_file(&recording).map_err(io_error("remove", &recording))?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Writes an existing attempt back (notes, rating, a new analysis). Sets `updated`.
    pub fn save(&self, attempt: &Attempt) -> Result<Attempt, StoreError> {
        self.update(&attempt.id, |stored| *stored = attempt.clone())
    }

    /// Reads an attempt, changes it with `change` and writes it back, all under the writers'
    /// lock, so a change made meanwhile by another instance is not lost.
    pub fn update(
        &self,
        id: &AttemptId,
        change: impl FnOnce(&mut Attempt),
    ) -> Result<Attempt, StoreError> {
        let _lock = self.lock()?;
        let path = self.record_path(id);
        if !path.exists() {
            self.get(id)?; // the right "not found" or "in the trash" error
        }
        let (mut attempt, on_disk) = read_versioned(&path)?;
        if on_disk < u64::from(SCHEMA_VERSION) {
            // The first save in the new schema keeps the old file beside it, so an upgrade
            // never loses anything the new schema cannot hold.
            let backup = path.with_file_name(format!("attempt.v{on_disk}.json"));
            if !backup.exists() {
                fs::copy(&path, &backup).map_err(io_error("keep a copy of", &path))?;
            }
        }
        change(&mut attempt);
        check_rating(attempt.self_rating)?;
        attempt.id = id.clone();
        attempt.schema_version = SCHEMA_VERSION;
        attempt.updated = Utc::now();
        write_json_atomically(&self.record_path(id), &attempt)?;
        // Saved: the index is only a cache (see `create`).
        let _ = self.refresh_index_entry(id);
        Ok(attempt)
    }

    /// Writes one attempt as Markdown ([`markdown::attempt_markdown`], what `rehearse history
    /// export ID --md` prints) to `exports/<id>.md` in the data folder, replacing an earlier
    /// export of it, and returns the file's path.
    pub fn export_markdown(&self, id: &AttemptId) -> Result<PathBuf, StoreError> {
        let attempt = self.get(id)?;
        let dir = self.root.join(EXPORTS_DIR);
        fs::create_dir_all(&dir).map_err(io_error("create", &dir))?;
        let path = dir.join(format!("{id}.md"));
        crate::files::write_atomically(&path, markdown::attempt_markdown(&attempt, 1).as_bytes())
            .map_err(io_error("write", &path))?;
        Ok(path)
    }

    /// Reads one attempt, upgrading an older record in memory.
    pub fn get(&self, id: &AttemptId) -> Result<Attempt, StoreError> {
        let path = self.record_path(id);
        if !path.exists() {
            if self.root.join(TRASH_DIR).join(id.as_str()).exists() {
                return Err(StoreError::InTrash(id.clone()));
            }
            return Err(StoreError::NotFound(id.clone()));
        }
        read_record(&path)
    }

    /// Every readable attempt, newest first, and the records that could not be read.
    pub fn list(&self) -> Result<Listing, StoreError> {
        let attempts_dir = self.root.join(ATTEMPTS_DIR);
        let cached = self.read_index();
        let mut by_id: HashMap<AttemptId, IndexEntry> = cached
            .into_iter()
            .map(|e| (e.summary.id.clone(), e))
            .collect();
        let mut fresh = Vec::new();
        let mut problems = Vec::new();
        let mut changed = false;
        let entries =
            fs::read_dir(&attempts_dir).map_err(io_error("read the folder", &attempts_dir))?;
        for entry in entries {
            let entry = entry.map_err(io_error("read the folder", &attempts_dir))?;
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(AttemptId::parse) else {
                continue;
            };
            let folder = entry.path();
            let path = folder.join(RECORD_FILE);
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(err) => {
                    problems.push(RecordProblem {
                        folder,
                        message: format!("no readable {RECORD_FILE}: {err}"),
                    });
                    continue;
                }
            };
            let stamp = Stamp::of(&meta);
            match by_id.remove(&id) {
                Some(entry) if entry.stamp == stamp => fresh.push(entry),
                _ => {
                    changed = true;
                    match read_record(&path) {
                        Ok(attempt) => fresh.push(IndexEntry {
                            stamp,
                            summary: AttemptSummary::of(&attempt),
                        }),
                        Err(err) => problems.push(RecordProblem {
                            folder,
                            message: err.to_string(),
                        }),
                    }
                }
            }
        }
        changed |= !by_id.is_empty();
        fresh.sort_by(|a, b| {
            (b.summary.created, &b.summary.id).cmp(&(a.summary.created, &a.summary.id))
        });
        let attempts = fresh.iter().map(|e| e.summary.clone()).collect();
        if changed {
            // A failed index write only costs speed next time; the listing itself is complete.
            let _ = self.lock().and_then(|_lock| self.write_index(fresh));
        }
        problems.sort_by(|a, b| a.folder.cmp(&b.folder));
        Ok(Listing { attempts, problems })
    }

    /// The attempts that match `query`, newest first.
    pub fn search(&self, query: &Query) -> Result<Listing, StoreError> {
        let mut listing = self.list()?;
        listing.attempts.retain(|s| query.matches(s));
        Ok(listing)
    }

    /// Moves an attempt to the trash; [`Store::undo_delete`] brings it back.
    pub fn delete(&self, id: &AttemptId) -> Result<(), StoreError> {
        let _lock = self.lock()?;
        let folder = self.folder(id);
        if !folder.exists() {
            return Err(StoreError::NotFound(id.clone()));
        }
        let trash_dir = self.root.join(TRASH_DIR);
        let target = trash_dir.join(id.as_str());
        if target.exists() {
            fs::remove_dir_all(&target).map_err(io_error("clear the old trash copy", &target))?;
        }
        fs::rename(&folder, &target).map_err(io_error("move to the trash", &folder))?;
        sync_dir(&trash_dir)?;
        sync_dir(&self.root.join(ATTEMPTS_DIR))?;
        // Moved: a listing drops an index entry whose folder is gone (see `create`).
        let _ = self.remove_index_entry(id);
        Ok(())
    }

    /// Restores an attempt from the trash.
    pub fn undo_delete(&self, id: &AttemptId) -> Result<(), StoreError> {
        let _lock = self.lock()?;
        let source = self.root.join(TRASH_DIR).join(id.as_str());
        if !source.exists() {
            return Err(StoreError::NotInTrash(id.clone()));
        }
        let folder = self.folder(id);
        if folder.exists() {
            return Err(StoreError::AlreadyExists(id.clone()));
        }
        fs::rename(&source, &folder).map_err(io_error("restore from the trash", &source))?;
        sync_dir(&self.root.join(ATTEMPTS_DIR))?;
        // Restored: a listing adds the entry if this fails (see `create`).
        let _ = self.refresh_index_entry(id);
        Ok(())
    }

    /// The ids in the trash, most recent attempt first.
    pub fn trash(&self) -> Result<Vec<AttemptId>, StoreError> {
        let dir = self.root.join(TRASH_DIR);
        let mut ids: Vec<AttemptId> = fs::read_dir(&dir)
            .map_err(io_error("read the folder", &dir))?
            .filter_map(|e| e.ok()?.file_name().to_str().and_then(AttemptId::parse))
            .collect();
        ids.sort_by(|a, b| b.cmp(a));
        Ok(ids)
    }

    /// Deletes everything in the trash for good. Returns how many attempts were removed.
    pub fn empty_trash(&self) -> Result<usize, StoreError> {
        let _lock = self.lock()?;
        let ids = self.trash()?;
        for id in &ids {
            let path = self.root.join(TRASH_DIR).join(id.as_str());
            fs::remove_dir_all(&path).map_err(io_error("delete", &path))?;
        }
        Ok(ids.len())
    }

    fn read_index(&self) -> Vec<IndexEntry> {
        let path = self.root.join(INDEX_FILE);
        // A cache: one that cannot be read or is too large is rebuilt.
        let Ok(bytes) = crate::bounded::read_bytes(&path, crate::bounded::MAX_INDEX_BYTES) else {
            return Vec::new();
        };
        match serde_json::from_slice::<IndexFile>(&bytes) {
            Ok(index) if index.version == INDEX_VERSION => index.entries,
            _ => Vec::new(),
        }
    }

    fn write_index(&self, entries: Vec<IndexEntry>) -> Result<(), StoreError> {
        let index = IndexFile {
            version: INDEX_VERSION,
            entries,
        };
        write_atomically(&self.root.join(INDEX_FILE), serde_json::to_vec, &index)
    }

    /// Re-summarises one attempt into the index. The caller holds the lock.
    fn refresh_index_entry(&self, id: &AttemptId) -> Result<(), StoreError> {
        let path = self.record_path(id);
        let meta = fs::metadata(&path).map_err(io_error("read", &path))?;
        let attempt = read_record(&path)?;
        let mut entries = self.read_index();
        entries.retain(|e| e.summary.id != *id);
        entries.push(IndexEntry {
            stamp: Stamp::of(&meta),
            summary: AttemptSummary::of(&attempt),
        });
        self.write_index(entries)
    }

    fn remove_index_entry(&self, id: &AttemptId) -> Result<(), StoreError> {
        let mut entries = self.read_index();
        entries.retain(|e| e.summary.id != *id);
        self.write_index(entries)
    }
}

fn check_rating(rating: Option<u8>) -> Result<(), StoreError> {
    match rating {
        Some(r) if !(record::SELF_RATING_MIN..=record::SELF_RATING_MAX).contains(&r) => {
            Err(StoreError::BadRating(r))
        }
        _ => Ok(()),
    }
}

/// Just the schema version of a record, to pick the parsing path.
#[derive(Deserialize)]
struct SchemaProbe {
    #[serde(default)]
    schema_version: u64,
}

/// Reads a record, upgrading an older schema in memory.
fn read_record(path: &Path) -> Result<Attempt, StoreError> {
    read_versioned(path).map(|(attempt, _)| attempt)
}

/// Reads a record and the schema version it has on disk, and checks it before anything in it
/// is used as a path ([`untrusted::record_problem`]).
fn read_versioned(path: &Path) -> Result<(Attempt, u64), StoreError> {
    let (attempt, version) = parse_versioned(path)?;
    let folder = path.parent().unwrap_or(Path::new(""));
    if let Some(reason) = untrusted::record_problem(&attempt, folder) {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            reason,
        });
    }
    Ok((attempt, version))
}

fn parse_versioned(path: &Path) -> Result<(Attempt, u64), StoreError> {
    let bytes = untrusted::read_own_file(path, true, crate::bounded::MAX_ATTEMPT_RECORD_BYTES)
        .map_err(|e| match e {
            untrusted::OwnFileError::Io(source) => io_error("read", path)(source),
            untrusted::OwnFileError::Refused(reason) => StoreError::Corrupt {
                path: path.to_path_buf(),
                reason,
            },
        })?;
    let corrupt = |reason: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    let probe: SchemaProbe = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
    if probe.schema_version == u64::from(SCHEMA_VERSION) {
        let attempt = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        return Ok((attempt, probe.schema_version));
    }
    let attempt = record::migrate(&bytes, probe.schema_version).map_err(|source| match source {
        record::MigrationError::Unreadable(reason) => corrupt(reason),
        source => StoreError::Migration {
            path: path.to_path_buf(),
            source,
        },
    })?;
    Ok((attempt, probe.schema_version))
}

/// The length of a WAV recording, from its chunks and its size on disk (the bounded probe of
/// [`crate::audio::wav_parse`]; the file is untrusted).
fn wav_duration_ms(path: &Path) -> Result<u64, StoreError> {
    let (_format, duration) =
        crate::audio::wav_parse::probe_file(path).map_err(|e| StoreError::BadAudio {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    Ok(duration.as_millis() as u64)
}

/// Writes `value` as pretty JSON to a temporary file beside `path`, syncs it and renames it
/// over `path`, then syncs the folder.
fn write_json_atomically<T: Serialize>(path: &Path, value: &T) -> Result<(), StoreError> {
    write_atomically(path, serde_json::to_vec_pretty, value)
}

fn write_atomically<T: Serialize>(
    path: &Path,
    encode: impl FnOnce(&T) -> serde_json::Result<Vec<u8>>,
    value: &T,
) -> Result<(), StoreError> {
    let bytes = encode(value).map_err(|e| StoreError::Io {
        action: "encode",
        path: path.to_path_buf(),
        source: io::Error::other(e),
    })?;
    crate::files::write_atomically(path, &bytes).map_err(io_error("write", path))
}

fn copy_synced(source: &Path, target: &Path) -> Result<(), StoreError> {
    fs::copy(source, target).map_err(io_error("copy the recording", source))?;
    // fs::copy keeps the source's mode (often 0644): the stored copy is the user's alone.
    private::restrict_file(target).map_err(io_error("protect", target))?;
    File::open(target)
        .and_then(|f| f.sync_all())
        .map_err(io_error("sync", target))
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    crate::files::sync_dir(dir).map_err(io_error("sync the folder", dir))
}
