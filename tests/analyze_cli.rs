//! `rehearse analyze` end to end with the app's settings: the real binary, a settings file
//! written where the app writes it (REHEARSE_CONFIG_DIR), typed answers judged with and without
//! it. Each run gets fresh data, config and prompt folders, so the tester's own stay out.
#![allow(clippy::unwrap_used)] // tests may unwrap

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const ANSWER: &str = "Righto, so last spring our stock counts kept coming out wrong. \
My job was to find out why before the audit. I compared the till logs with the delivery notes \
every evening for a week, righto, and found two suppliers who were invoicing twice. \
We got 4,000 pounds back and the next audit was clean. Since then I check the notes myself.";

fn analyze(home: &Path, extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args([
            "analyze",
            "--text",
            ANSWER,
            "--kind",
            "behavioral",
            "--json",
        ])
        .args(extra)
        .env("REHEARSE_CONFIG_DIR", home.join("config"))
        .env("REHEARSE_DATA_DIR", home.join("data"))
        .env("REHEARSE_PROMPTS_DIR", home.join("prompts"))
        .output()
        .expect("run rehearse");
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON feedback")
}

fn filler_texts(feedback: &Value) -> Vec<String> {
    feedback["delivery"]["fillers"]
        .as_array()
        .expect("fillers")
        .iter()
        .map(|f| f["text"].as_str().expect("filler text").to_lowercase())
        .collect()
}

fn target_ms(feedback: &Value) -> (u64, u64) {
    let band = feedback["timing"]["target_ms"].as_array().expect("target");
    (band[0].as_u64().unwrap(), band[1].as_u64().unwrap())
}

#[test]
fn analyze_judges_with_the_users_fillers_and_target_band() {
    let home = tempfile::tempdir().unwrap();
    let defaults = analyze(home.path(), &[]);
    assert!(
        !filler_texts(&defaults).iter().any(|f| f == "righto"),
        "'righto' is not one of the engine's fillers: {:?}",
        filler_texts(&defaults)
    );
    let default_band = target_ms(&defaults);

    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/settings.json"),
        r#"{ "fillers": ["righto"], "target_bands": { "behavioral": [200, 300] } }"#,
    )
    .unwrap();
    let mine = analyze(home.path(), &[]);
    let fillers = filler_texts(&mine);
    assert_eq!(
        fillers.iter().filter(|f| f.as_str() == "righto").count(),
        2,
        "both of the user's own fillers are counted: {fillers:?}"
    );
    assert_eq!(target_ms(&mine), (200_000, 300_000));
    assert_ne!(default_band, (200_000, 300_000));

    let plain = analyze(home.path(), &["--no-settings"]);
    assert_eq!(filler_texts(&plain), filler_texts(&defaults));
    assert_eq!(target_ms(&plain), default_band);
}

#[test]
fn analyze_warns_about_a_broken_settings_file_and_uses_the_defaults() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(home.path().join("config/settings.json"), "{ not json").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(["analyze", "--text", ANSWER, "--json"])
        .env("REHEARSE_CONFIG_DIR", home.path().join("config"))
        .env("REHEARSE_DATA_DIR", home.path().join("data"))
        .env("REHEARSE_PROMPTS_DIR", home.path().join("prompts"))
        .output()
        .expect("run rehearse");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("could not be read") && stderr.contains("using defaults"),
        "{stderr}"
    );
    let feedback: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(feedback["timing"]["target_ms"].is_array());
}

/// `rehearse analyze` with the prompt answered, once with the default red-flag engine and once
/// with `REHEARSE_FLAGS=rules`.
fn analyze_blame(home: &Path, flags: Option<&str>, json: bool) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rehearse"));
    cmd.args([
        "analyze",
        "--text",
        "The app was cancelled and honestly it was all the other team's fault. They let us \
         down at every turn and none of it was down to me.",
        "--prompt",
        "grow-failed-project",
        "--no-settings",
    ])
    .env("REHEARSE_CONFIG_DIR", home.join("config"))
    .env("REHEARSE_DATA_DIR", home.join("data"))
    .env("REHEARSE_PROMPTS_DIR", home.join("prompts"))
    .env_remove("REHEARSE_FLAGS");
    if json {
        cmd.arg("--json");
    }
    if let Some(engine) = flags {
        cmd.env("REHEARSE_FLAGS", engine);
    }
    let out = cmd.output().expect("run rehearse");
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_report_and_the_json_say_who_judged_the_red_flags() {
    let home = tempfile::tempdir().unwrap();
    let default: Value =
        serde_json::from_slice(&analyze_blame(home.path(), None, true).stdout).unwrap();
    assert_eq!(
        default["red_flags_engine"], "model",
        "the encoder is installed"
    );
    assert!(!default["red_flags"].as_array().unwrap().is_empty());
    let report = String::from_utf8(analyze_blame(home.path(), None, false).stdout).unwrap();
    assert!(
        report.contains(
            "Red flags (judged by the phrase-list rules joined with the learned red-flag judge)"
        ),
        "{report}"
    );
    let rules: Value =
        serde_json::from_slice(&analyze_blame(home.path(), Some("rules"), true).stdout).unwrap();
    assert_eq!(rules["red_flags_engine"], "rules");
    let report =
        String::from_utf8(analyze_blame(home.path(), Some("rules"), false).stdout).unwrap();
    assert!(
        report.contains("judged by the phrase-list rules alone (REHEARSE_FLAGS=rules)"),
        "{report}"
    );
}
