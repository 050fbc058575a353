//! Checks on what the store reads back from disk: a record is untrusted input.
//!
//! Rules: an `attempt.json` may have been edited by hand, restored from a backup or crafted by
//! someone else, so nothing in it is used as a path until it passed these checks:
//! - its `id` has the strict id shape (enforced when it is parsed, see
//!   [`crate::store::AttemptId::parse`]) and equals the name of the folder it was read from, so
//!   writing the record back can never touch another folder;
//! - its `audio_file` is a plain file name ([`is_plain_file_name`]): no folder part, no `..`,
//!   no absolute path;
//! - the recording is opened only when its real location (after following links) is inside the
//!   attempt folder ([`locate_recording`]); a link that leads elsewhere is refused.
//!   A record that fails is reported as damaged (it is never rewritten or deleted).

use std::path::{Path, PathBuf};

use super::record::Attempt;

/// Longest recording file name accepted in a record.
const MAX_FILE_NAME: usize = 64;

/// What is wrong with a record read from disk, or `None` when it may be used.
pub fn record_problem(attempt: &Attempt, folder: &Path) -> Option<String> {
    let folder_name = folder.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if attempt.id.as_str() != folder_name {
        return Some(format!(
            "its id `{}` does not match its folder `{folder_name}`",
            attempt.id
        ));
    }
    if let Some(name) = &attempt.audio_file
        && !is_plain_file_name(name)
    {
        return Some(format!(
            "its recording `{}` is not a plain file name inside the attempt folder",
            name.escape_debug()
        ));
    }
    None
}

/// A short file name: letters, digits, `.`, `_` and `-`, not starting with a dot, ending in
/// `.wav`.
pub fn is_plain_file_name(name: &str) -> bool {
    name.len() <= MAX_FILE_NAME
        && name.ends_with(".wav")
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Where an attempt's recording is, as far as it may be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recording {
    /// The attempt has no recording.
    None,
    /// A readable file inside the attempt folder.
    Present(PathBuf),
    /// The record names a recording but the file is not there.
    Missing(PathBuf),
    /// The file is not inside the attempt folder (a link to elsewhere) or not a plain file.
    Refused { path: PathBuf, reason: String },
}

impl Recording {
    /// Why the recording cannot be used, in words, when it cannot.
    pub fn problem(&self) -> Option<String> {
        match self {
            Recording::None | Recording::Present(_) => None,
            Recording::Missing(path) => Some(format!(
                "missing ({} is not there; the transcript and feedback are kept)",
                path.display()
            )),
            Recording::Refused { path, reason } => {
                Some(format!("not used ({}: {reason})", path.display()))
            }
        }
    }
}

/// Locates the recording `name` of the attempt in `folder`.
pub fn locate_recording(folder: &Path, name: Option<&str>) -> Recording {
    let Some(name) = name else {
        return Recording::None;
    };
    if !is_plain_file_name(name) {
        return Recording::Refused {
            path: folder.to_path_buf(),
            reason: "the record's recording name is not a plain file name".into(),
        };
    }
    let path = folder.join(name);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Recording::Missing(path);
    };
    let (Ok(real_folder), Ok(real_path)) = (folder.canonicalize(), path.canonicalize()) else {
        return if meta.file_type().is_symlink() {
            Recording::Refused {
                path,
                reason: "it is a link to a file that does not exist".into(),
            }
        } else {
            Recording::Missing(path)
        };
    };
    if real_path.parent() != Some(real_folder.as_path()) {
        return Recording::Refused {
            path,
            reason: "it is a link to a file outside the attempt folder".into(),
        };
    }
    if !real_path.is_file() {
        return Recording::Refused {
            path,
            reason: "it is not a regular file".into(),
        };
    }
    Recording::Present(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_wav_names_pass() {
        for ok in ["audio.wav", "take-2.wav", "a_b.c.wav"] {
            assert!(is_plain_file_name(ok), "{ok}");
        }
        for bad in [
            "/root/.bashrc",
            "../x.wav",
            "a/b.wav",
            ".hidden.wav",
            "audio.txt",
            "",
            "a\\b.wav",
            "..wav",
        ] {
            assert!(!is_plain_file_name(bad), "{bad}");
        }
    }

    #[test]
    fn links_out_of_the_folder_are_refused_and_missing_files_named() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("20261122T041503-3f2a");
        std::fs::create_dir(&folder).unwrap();
        let outside = dir.path().join("secret.wav");
        std::fs::write(&outside, b"secret").unwrap();
        assert_eq!(
            locate_recording(&folder, Some("audio.wav")),
            Recording::Missing(folder.join("audio.wav"))
        );
        std::os::unix::fs::symlink(&outside, folder.join("audio.wav")).unwrap();
        assert!(matches!(
            locate_recording(&folder, Some("audio.wav")),
            Recording::Refused { .. }
        ));
        std::fs::remove_file(folder.join("audio.wav")).unwrap();
        std::fs::write(folder.join("audio.wav"), b"RIFF").unwrap();
        assert_eq!(
            locate_recording(&folder, Some("audio.wav")),
            Recording::Present(folder.join("audio.wav"))
        );
        assert_eq!(locate_recording(&folder, None), Recording::None);
    }
}
