//! Helpers shared by the app's integration tests: spoken fixtures made with espeak-ng.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A short behavioural answer with a filler, a hedge, a number and a lesson, so the feedback
/// has something in every colour.
pub const STAR_ANSWER: &str = "Last year our checkout service kept failing at peak time. \
I was asked to fix it before the holiday sale. Um, I added load tests and I rewrote the retry logic. \
As a result, errors dropped by forty percent. I learned to measure before changing anything.";

/// Speaks `text` into `dir/name` with espeak-ng (22.05 kHz mono WAV).
pub fn espeak_fixture(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("espeak-ng")
        .args(["-s", "150", "-w"])
        .arg(&path)
        .arg(text)
        .status()
        .expect("espeak-ng must be installed (scripts/setup.sh installs it)");
    assert!(status.success(), "espeak-ng failed");
    path
}

/// Whether a program is on the PATH.
pub fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}
