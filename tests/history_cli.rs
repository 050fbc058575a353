//! `rehearse history` end to end: the real binary on a temporary data directory filled through
//! the store's public API.

use rehearse::analysis::Feedback;
use rehearse::domain::{PromptKind, Skill};
use rehearse::store::{Attempt, PromptSnapshot, Store};
use rehearse::transcript::Transcript;
use serde_json::json;
use std::process::Command;

fn rehearse(data: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(args)
        .env("REHEARSE_DATA_DIR", data)
        .output()
        .expect("run rehearse");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn analysed(created: &str, kind: PromptKind, text: &str, score: u8) -> Attempt {
    let prompt = PromptSnapshot {
        id: format!("{}-01", kind.as_str()),
        text: format!("A {} prompt about the release you led.", kind.label()),
        kind,
        skills: vec![Skill::Leadership],
        target_seconds: Some((60, 120)),
    };
    let at = created.parse().expect("time");
    let mut attempt = Attempt::new(prompt, at);
    attempt.duration_ms = 90_000;
    let feedback: Feedback = serde_json::from_value(json!({
        "structure": {"elements": {
            "situation": {"present": true, "evidence": [{"start_char": 0, "end_char": 20, "text": ""}]},
            "task": {"present": true, "evidence": []},
            "action": {"present": true, "evidence": []},
            "result": {"present": true, "evidence": []}
        }},
        "delivery": {"fillers": [], "fillers_per_minute": 1.5, "hedges": []},
        "timing": {"wpm": 135.0},
        "scores": {"timing": score, "delivery": score, "structure": score, "value": score, "rapport": score},
        "next_steps": ["Name the result."]
    }))
    .expect("the engine's shape");
    attempt.record_feedback(Transcript::from_text(text), &feedback, at);
    attempt
}

#[test]
fn list_show_export_stats_delete_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let old = store
        .create(
            analysed(
                "2026-10-01T12:00:00Z",
                PromptKind::Behavioral,
                "We shipped the release late.",
                40,
            ),
            None,
        )
        .unwrap();
    let new = store
        .create(
            analysed(
                "2026-11-20T12:00:00Z",
                PromptKind::Pitch,
                "I build calm platforms.",
                80,
            ),
            None,
        )
        .unwrap();
    // A damaged record is reported on stderr and does not stop the listing.
    let broken = dir.path().join("attempts").join("20261121T120000-dead");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("attempt.json"), "{").unwrap();

    let (ok, out, err) = rehearse(dir.path(), &["history", "list"]);
    assert!(ok, "{err}");
    assert!(
        out.find(new.id.as_str()).unwrap() < out.find(old.id.as_str()).unwrap(),
        "newest first:\n{out}"
    );
    assert!(
        err.contains("warning: skipped") && err.contains("20261121T120000-dead"),
        "{err}"
    );

    let (ok, out, _) = rehearse(
        dir.path(),
        &["history", "list", "--json", "--search", "RELEASE late"],
    );
    assert!(ok);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["id"], json!(old.id.as_str()));

    let (ok, out, _) = rehearse(dir.path(), &["history", "show", new.id.as_str()]);
    assert!(ok);
    assert!(
        out.contains("I build calm platforms.") && out.contains("| Timing | 80 |"),
        "{out}"
    );
    let (ok, out, _) = rehearse(dir.path(), &["history", "show", new.id.as_str(), "--json"]);
    assert!(ok);
    let record: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(record["prompt"]["kind"], json!("pitch"));

    let md_path = dir.path().join("since.md");
    let (ok, _, err) = rehearse(
        dir.path(),
        &[
            "history",
            "export",
            "--since",
            "2026-11-01",
            "--md",
            "-o",
            md_path.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(
        md.contains("I build calm platforms.") && !md.contains("shipped the release late"),
        "{md}"
    );

    let (ok, out, _) = rehearse(dir.path(), &["history", "stats", "--json"]);
    assert!(ok);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["attempts"], json!(2));
    assert_eq!(stats["area_averages"]["timing"], json!(60.0));

    let (ok, _, err) = rehearse(dir.path(), &["history", "show", "not-an-id"]);
    assert!(!ok && err.contains("is not an attempt id"), "{err}");

    let (ok, out, _) = rehearse(dir.path(), &["history", "delete", old.id.as_str()]);
    assert!(ok && out.contains("restore"), "{out}");
    let (_, out, _) = rehearse(dir.path(), &["history", "list"]);
    assert!(!out.contains(old.id.as_str()));
    let (ok, _, _) = rehearse(dir.path(), &["history", "restore", old.id.as_str()]);
    assert!(ok);
    let (_, out, _) = rehearse(dir.path(), &["history", "list"]);
    assert!(out.contains(old.id.as_str()));
}

mod common;

#[test]
fn import_transcribes_analyses_and_keeps_a_wav_then_reanalyse_keeps_the_original() {
    rehearse::models::find(rehearse::models::DEFAULT_MODEL)
        .expect("this test needs the default Whisper model: run `make model`");
    let dir = tempfile::tempdir().unwrap();
    let wav = common::espeak_fixture(dir.path(), "answer.wav", common::STAR_ANSWER);
    let data = dir.path().join("data");
    let (ok, out, err) = rehearse(
        &data,
        &[
            "history",
            "import",
            wav.to_str().unwrap(),
            "--prompt",
            "comm-bad-news-to-leadership",
            "--json",
        ],
    );
    assert!(ok, "{err}");
    let record: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(record["prompt"]["id"], json!("comm-bad-news-to-leadership"));
    let text = record["transcript"]["text"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(
        text.contains("checkout"),
        "the answer was transcribed: {text}"
    );
    assert!(record["feedback"]["scores"]["structure"].as_u64().is_some());
    let id = record["id"].as_str().unwrap().to_string();
    let stored = data.join("attempts").join(&id).join("audio.wav");
    assert_eq!(
        std::fs::read(&stored).unwrap(),
        std::fs::read(&wav).unwrap(),
        "the recording is kept"
    );

    // Re-analysing with the same engine changes nothing, so nothing is added.
    let (ok, out, err) = rehearse(&data, &["history", "reanalyse", &id]);
    assert!(ok, "{err}");
    assert!(out.contains("0 re-analysed, 1 unchanged"), "{out}");

    // An attempt analysed by an older engine (simulated by its stored result) gets the new
    // result, and the old one is kept for comparison.
    let store = Store::open(&data).unwrap();
    let parsed = Store::parse_id(&id).unwrap();
    let older: Feedback = serde_json::from_value(json!({"scores": {"timing": 1}})).unwrap();
    store
        .update(&parsed, |a| a.feedback = Some(older.clone()))
        .unwrap();
    let (ok, out, err) = rehearse(&data, &["history", "reanalyse", "--all"]);
    assert!(ok, "{err}");
    assert!(out.contains("1 re-analysed"), "{out}");
    let after = store.get(&parsed).unwrap();
    assert_eq!(after.earlier_analyses.len(), 1);
    assert_eq!(after.original_feedback(), Some(&older));
    assert_eq!(
        serde_json::to_value(&after.feedback.as_ref().unwrap().scores).unwrap(),
        record["feedback"]["scores"]
    );

    // An unknown prompt is a clear error and stores nothing.
    let (ok, _, err) = rehearse(
        &data,
        &[
            "history",
            "import",
            wav.to_str().unwrap(),
            "--prompt",
            "no-such-prompt",
        ],
    );
    assert!(!ok && err.contains("no prompt `no-such-prompt`"), "{err}");
    assert_eq!(std::fs::read_dir(data.join("attempts")).unwrap().count(), 1);
}
