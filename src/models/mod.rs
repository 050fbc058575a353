//! Whisper models: which ones exist, where they are installed, whether a file is sound, and
//! how to install one on a machine with or without a model hub.
//!
//! Rule: nothing reaches whisper.cpp unless [`validate`] has accepted it (magic, header, every
//! tensor's name, shape, type and size, exact length, and a checksum when one is known), so a
//! damaged file produces a [`ModelError`] that says what is wrong instead of a crash. Models are
//! looked up in, in order: `$REHEARSE_MODELS`, the `models/` folder of the source checkout, and
//! the user data folder. The library never prints; installers report through a callback.
//! Sources: docs/sources.md; whisper.cpp `models/README.md` for official checksums.

pub mod catalog;
pub mod convert;
pub mod ct2;
pub mod ggml;
pub mod install;
pub mod quantize;
pub mod values;

pub use catalog::{CATALOG, DEFAULT_MODEL, ModelSpec};
pub use ggml::ModelProblem;
pub use install::{
    InstallOptions, InstallProgress, Installed, SourceFailure, install, install_with,
};

use sha1::{Digest, Sha1};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Environment variable naming a folder of models (checked first, and used for installs).
pub use crate::paths::MODELS_ENV;
/// Suffix of the file holding the SHA-1 recorded when a model was installed or converted.
pub const CHECKSUM_SUFFIX: &str = ".sha1";

/// Why a model could not be found, checked, or installed.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("unknown model `{name}`; known models: {known}")]
    UnknownModel { name: String, known: String },
    #[error(
        "the Whisper model {name} is not installed (looked in {searched}); install it with `rehearse models install {name}`"
    )]
    NotInstalled { name: String, searched: String },
    #[error(
        "the model file {path} cannot be used: {problem}; reinstall it with `rehearse models install {name} --force`"
    )]
    Invalid {
        name: String,
        path: PathBuf,
        problem: ModelProblem,
    },
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not install {name}; every source failed:\n{}", list_failures(.failures))]
    AllSourcesFailed {
        name: String,
        failures: Vec<SourceFailure>,
    },
}

fn list_failures(failures: &[SourceFailure]) -> String {
    failures
        .iter()
        .map(|f| format!("  - {}: {}", f.source, f.reason))
        .collect::<Vec<_>>()
        .join("\n")
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ModelError + '_ {
    move |source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The per-user data folder for models (`~/.local/share/rehearse/models` on Linux).
pub fn user_models_dir() -> Option<PathBuf> {
    crate::paths::user_models_dir()
}

/// Folders searched for models, in order (see [`crate::paths::model_search_dirs`]).
pub fn search_dirs() -> Vec<PathBuf> {
    crate::paths::model_search_dirs()
}

/// Where `install` puts models: `$REHEARSE_MODELS` if set, else the checkout's `models/` if it
/// exists, else the user data folder.
pub fn install_dir() -> PathBuf {
    search_dirs()
        .into_iter()
        .next()
        .unwrap_or_else(|| PathBuf::from("models"))
}

/// Looks a model up in the catalogue.
pub fn spec(name: &str) -> Result<&'static ModelSpec, ModelError> {
    catalog::spec(name).ok_or_else(|| ModelError::UnknownModel {
        name: name.to_string(),
        known: catalog::names(),
    })
}

/// How a file's checksum was confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checksum {
    /// Matches whisper.cpp's published SHA-1 for this model.
    Official,
    /// Matches the SHA-1 recorded next to it when rehearse installed it.
    Recorded,
    /// No known checksum (a file placed by hand); the structure was still checked in full.
    Unknown,
}

/// A model file that passed [`validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidModel {
    pub path: PathBuf,
    pub summary: ggml::GgmlSummary,
    pub checksum: Checksum,
    pub sha1: String,
}

/// SHA-1 of a file, in lower-case hex.
pub fn file_sha1(path: &Path) -> Result<String, std::io::Error> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha1::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn recorded_checksum_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(CHECKSUM_SUFFIX);
    PathBuf::from(s)
}

/// Reads the SHA-1 recorded next to a model file, if any.
pub fn recorded_checksum(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(recorded_checksum_path(path)).ok()?;
    text.split_whitespace().next().map(str::to_ascii_lowercase)
}

/// Records a model file's SHA-1 next to it (`<file>.sha1`).
pub fn record_checksum(path: &Path, sha1: &str, origin: &str) -> Result<(), ModelError> {
    let side = recorded_checksum_path(path);
    std::fs::write(
        &side,
        format!(
            "{sha1}  {}\n# {origin}\n{}\n",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            values::VALUES_MARK
        ),
    )
    .map_err(io_error(&side))
}

/// Checks a model file completely: structure, architecture (when `expected` is given) and
/// checksum (official SHA-1, or the one recorded at install time).
pub fn validate(path: &Path, expected: Option<&ModelSpec>) -> Result<ValidModel, ModelError> {
    let name = expected.map_or_else(|| path.display().to_string(), |s| s.name.to_string());
    let invalid = |problem| ModelError::Invalid {
        name: name.clone(),
        path: path.to_path_buf(),
        problem,
    };
    let summary = match ggml::inspect(path) {
        Ok(s) => s,
        Err(ggml::InspectError::Io(e)) => return Err(io_error(path)(e)),
        Err(ggml::InspectError::Problem(p)) => return Err(invalid(p)),
    };
    if let Some(spec) = expected
        && summary.hparams.weight_type() != spec.weights
    {
        return Err(invalid(ModelProblem::Header(format!(
            "its weights are {}, but {} is a {} model",
            summary.hparams.weight_type().label(),
            spec.name,
            spec.weights.label()
        ))));
    }
    if let Some(spec) = expected
        && summary.hparams.dims() != spec.dims
    {
        return Err(invalid(ModelProblem::Header(format!(
            "it holds a different model ({} layers, width {}, {} tokens), not {}",
            summary.hparams.n_audio_layer,
            summary.hparams.n_audio_state,
            summary.hparams.n_vocab,
            spec.name
        ))));
    }
    let sha1 = file_sha1(path).map_err(io_error(path))?;
    check_values_once(path, &sha1).map_err(|e| match e {
        values::ValuesError::Io(e) => io_error(path)(e),
        values::ValuesError::Problem(p) => invalid(p),
    })?;
    let official = catalog::spec_for(&summary.hparams.dims(), summary.hparams.weight_type())
        .map(|s| s.official_sha1);
    let checksum = if official == Some(sha1.as_str()) {
        Checksum::Official
    } else if let Some(recorded) = recorded_checksum(path) {
        if recorded != sha1 {
            return Err(invalid(ModelProblem::Checksum {
                expected: recorded,
                found: sha1,
            }));
        }
        Checksum::Recorded
    } else {
        Checksum::Unknown
    };
    Ok(ValidModel {
        path: path.to_path_buf(),
        summary,
        checksum,
        sha1,
    })
}

/// Scans the model's values ([`values`]) unless its `.sha1` file records that this very file
/// (same SHA-1) was already found finite.
fn check_values_once(path: &Path, sha1: &str) -> Result<(), values::ValuesError> {
    let side = recorded_checksum_path(path);
    let recorded = std::fs::read_to_string(&side)
        .ok()
        .filter(|text| text.split_whitespace().next() == Some(sha1));
    if recorded
        .as_deref()
        .is_some_and(|text| text.lines().any(|l| l == values::VALUES_MARK))
    {
        return Ok(());
    }
    values::check_file(path)?;
    // A checksum file from an older rehearse: remember the result (best effort).
    if let Some(text) = recorded {
        let _ = std::fs::write(
            &side,
            format!("{}\n{}\n", text.trim_end(), values::VALUES_MARK),
        );
    }
    Ok(())
}

/// The path of a valid installed model, or an error naming the install command (or saying
/// what is wrong with the file that is there).
pub fn find(name: &str) -> Result<PathBuf, ModelError> {
    find_in(name, &search_dirs())
}

/// [`find`] over an explicit list of folders. The first folder holding anything under the
/// model's file name decides: a broken file there is reported (naming it), never passed over
/// for a copy further down the list, and a folder or a dangling link under that name is named
/// as such rather than reported as "not installed".
pub fn find_in(name: &str, dirs: &[PathBuf]) -> Result<PathBuf, ModelError> {
    let spec = spec(name)?;
    if let Some((_path, first)) = copies_in(spec, dirs).into_iter().next() {
        return first.map(|valid| valid.path);
    }
    let searched = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    Err(ModelError::NotInstalled {
        name: name.to_string(),
        searched,
    })
}

/// Every entry named like the model in `dirs`, in search order, each with its check result.
pub fn copies_in(
    spec: &'static ModelSpec,
    dirs: &[PathBuf],
) -> Vec<(PathBuf, Result<ValidModel, ModelError>)> {
    let mut out = Vec::new();
    for dir in dirs {
        let path = dir.join(spec.file_name);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let invalid = |what: String| ModelError::Invalid {
            name: spec.name.to_string(),
            path: path.clone(),
            problem: ModelProblem::NotAFile(what),
        };
        let result = if meta.is_dir() {
            Err(invalid("it is a folder".into()))
        } else if meta.file_type().is_symlink() && !path.exists() {
            let target = std::fs::read_link(&path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            Err(invalid(format!(
                "it is a link to {target}, which does not exist"
            )))
        } else if !path.is_file() {
            Err(invalid("it is not a regular file".into()))
        } else {
            validate(&path, Some(spec))
        };
        out.push((path, result));
    }
    out
}
