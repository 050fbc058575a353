//! `rehearse stories` and `rehearse assess` end to end: the real binary on a temporary data
//! directory; every command, and bad input that must fail clearly and write nothing.

use rehearse::analysis::Feedback;
use rehearse::domain::{Element, PromptKind, Skill};
use rehearse::store::{Attempt, PromptSnapshot, Store};
use rehearse::stories::practice::story_prompt;
use rehearse::transcript::Transcript;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

mod common;

fn rehearse(data: &Path, args: &[&str]) -> (bool, String, String) {
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

fn ok_json(data: &Path, args: &[&str]) -> Value {
    let (ok, out, err) = rehearse(data, args);
    assert!(ok, "{args:?} failed: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

/// Every file under `dir`, relative, sorted: to show that a failed command wrote nothing.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(
                    files(&path)
                        .into_iter()
                        .map(|f| format!("{}/{f}", entry.file_name().to_string_lossy())),
                );
            } else {
                out.push(entry.file_name().to_string_lossy().into());
            }
        }
    }
    out.sort();
    out
}

/// An analysed attempt telling `story_id`, with the given elements found.
fn telling(
    story: &rehearse::stories::Story,
    created: &str,
    score: u8,
    elements: &[Element],
) -> Attempt {
    let prompt = story_prompt(story, None);
    let at = created.parse().expect("fixture time");
    let mut attempt = Attempt::new(PromptSnapshot::of(&prompt, None), at);
    let mut all = serde_json::Map::new();
    for e in Element::ALL {
        all.insert(
            e.as_str().into(),
            json!({"present": elements.contains(&e), "evidence": []}),
        );
    }
    let feedback: Feedback = serde_json::from_value(json!({
        "structure": {"elements": all},
        "scores": {"timing": score, "delivery": score, "structure": score, "value": score, "rapport": score},
    }))
    .expect("the engine's shape");
    attempt.record_feedback(Transcript::from_text("I fixed it."), &feedback, at);
    attempt.story_id = Some(story.id.to_string());
    attempt
}

#[test]
fn add_list_show_coverage_export_delete_restore() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    // Empty bank: the list says what to do first; coverage has all seven skills at zero.
    let (ok, out, _) = rehearse(&data, &["stories", "list"]);
    assert!(ok && out.contains("No stories yet"), "{out}");
    let cov = ok_json(&data, &["stories", "coverage", "--json"]);
    let rows = cov["skills"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    assert!(
        rows.iter()
            .all(|r| r["stories"] == 0 && r["practised"] == 0)
    );
    assert_eq!(
        rows[0],
        json!({"skill": "communication", "stories": 0, "practised": 0})
    );

    let added = ok_json(
        &data,
        &[
            "stories",
            "add",
            "--title",
            "Cut the cloud bill",
            "--skill",
            "business_acumen",
            "--skill",
            "leadership",
            "--situation",
            "Hosting costs doubled in a year.",
            "--action",
            "I moved batch jobs to spot instances.",
            "--result",
            "The bill fell by 30%.",
            "--proof",
            "docs/cost-report.pdf",
            "--json",
        ],
    );
    let id = added["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("s-"), "{added}");
    assert_eq!(
        added.as_object().unwrap().len(),
        1,
        "add --json prints only the id"
    );
    let (ok, plain_id, err) = rehearse(
        &data,
        &[
            "stories",
            "add",
            "--title",
            "Runbook for on-call",
            "--skill",
            "communication",
        ],
    );
    assert!(ok, "{err}");
    let second = plain_id.trim().to_string();

    // Practise the first story twice (attempts linked through the store's public API).
    let store = Store::open(&data).unwrap();
    let story = store
        .get_story(&Store::parse_story_id(&id).unwrap())
        .unwrap();
    let all = [Element::Situation, Element::Action, Element::Result];
    store
        .create(telling(&story, "2026-11-02T10:00:00Z", 82, &all), None)
        .unwrap();
    store
        .create(
            telling(
                &story,
                "2026-11-03T10:00:00Z",
                61,
                &[Element::Situation, Element::Action],
            ),
            None,
        )
        .unwrap();
    // An unrelated attempt does not count.
    let unrelated = Attempt::new(
        PromptSnapshot {
            id: "x".into(),
            text: "x".into(),
            kind: PromptKind::Behavioral,
            skills: vec![Skill::Leadership],
            target_seconds: None,
        },
        "2026-11-04T10:00:00Z".parse().unwrap(),
    );
    store.create(unrelated, None).unwrap();

    let list = ok_json(&data, &["stories", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let first = list.iter().find(|r| r["id"] == json!(id)).unwrap();
    assert_eq!(
        first,
        &json!({"id": id, "title": "Cut the cloud bill", "skills": ["business_acumen", "leadership"],
                "attempts": 2, "best_score": 82})
    );
    let other = list.iter().find(|r| r["id"] == json!(second)).unwrap();
    assert_eq!(other["attempts"], 0);
    assert_eq!(other["best_score"], Value::Null);
    let found = ok_json(
        &data,
        &["stories", "list", "--search", "SPOT bill", "--json"],
    );
    assert_eq!(found.as_array().unwrap().len(), 1);

    let shown = ok_json(&data, &["stories", "show", &id, "--json"]);
    assert_eq!(shown["story"]["result"], "The bill fell by 30%.");
    assert_eq!(shown["latest_score"], 61);
    assert_eq!(shown["missing_last_time"][0]["element"], "result");
    assert_eq!(
        shown["missing_last_time"][0]["message"],
        "no Result said out loud, although your notes have one"
    );
    assert!(
        shown["prompt"]
            .as_str()
            .unwrap()
            .starts_with("Tell me about a time you")
    );
    let (ok, out, _) = rehearse(&data, &["stories", "show", &id]);
    assert!(
        ok && out.contains("Told 2 time(s); best score 82, latest 61."),
        "{out}"
    );

    let cov = ok_json(
        &data,
        &["stories", "coverage", "--json", "--role", "security"],
    );
    let row = |skill: &str| {
        cov["skills"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["skill"] == skill)
            .unwrap()
            .clone()
    };
    assert_eq!(
        row("leadership"),
        json!({"skill": "leadership", "stories": 1, "practised": 1})
    );
    assert_eq!(row("communication")["practised"], 0);
    assert_eq!(row("collaboration")["stories"], 0);
    assert!(
        cov["emphasis"]
            .as_array()
            .unwrap()
            .contains(&json!("risk_management"))
    );

    // Export: the bank and the latest self-assessment in one Markdown file.
    let (ok, _, err) = rehearse(
        &data,
        &[
            "assess",
            "set",
            "--skill",
            "leadership",
            "--rating",
            "3",
            "--evidence",
            "Ran planning",
            "--next",
            "Write an ADR",
        ],
    );
    assert!(ok, "{err}");
    let md_path = dir.path().join("bank.md");
    let (ok, _, err) = rehearse(
        &data,
        &[
            "stories",
            "export",
            "--md",
            "--output",
            md_path.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(md.contains("## Cut the cloud bill"), "{md}");
    assert!(md.contains("**Result.** The bill fell by 30%."));
    assert!(md.contains("- docs/cost-report.pdf"));
    assert!(md.contains("| Leadership & strategic thinking | 3 |"));
    assert!(md.contains("Write an ADR"));

    // Delete moves to the trash; restore brings it back.
    let (ok, out, _) = rehearse(&data, &["stories", "delete", &second]);
    assert!(ok && out.contains("rehearse stories restore"), "{out}");
    assert_eq!(
        ok_json(&data, &["stories", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (ok, _, err) = rehearse(&data, &["stories", "show", &second]);
    assert!(!ok && err.contains("in the trash"), "{err}");
    let (ok, _, err) = rehearse(&data, &["stories", "restore", &second]);
    assert!(ok, "{err}");
    assert_eq!(
        ok_json(&data, &["stories", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Edit changes only what is given.
    let (ok, _, err) = rehearse(
        &data,
        &[
            "stories",
            "edit",
            &second,
            "--learning",
            "Write it down first.",
        ],
    );
    assert!(ok, "{err}");
    let edited = ok_json(&data, &["stories", "show", &second, "--json"]);
    assert_eq!(edited["story"]["learning"], "Write it down first.");
    assert_eq!(edited["story"]["title"], "Runbook for on-call");
}

#[test]
fn bad_input_is_a_clear_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ok, _, err) = rehearse(
        &data,
        &["stories", "add", "--title", "T", "--skill", "leadership"],
    );
    assert!(ok, "{err}");
    let before = files(&data);

    let cases: &[(&[&str], &str)] = &[
        (
            &["stories", "add", "--title", "T", "--skill", "juggling"],
            "invalid value 'juggling'",
        ),
        (&["stories", "add", "--title", "T"], "--skill"),
        (
            &["stories", "add", "--title", "   ", "--skill", "leadership"],
            "needs a title",
        ),
        (
            &["stories", "show", "s-20990101T000000-0000"],
            "no story s-20990101T000000-0000",
        ),
        (
            &["stories", "show", "../../etc/passwd"],
            "is not a story id",
        ),
        (&["stories", "delete", "s-20990101T000000-0000"], "no story"),
        (
            &["stories", "restore", "s-20990101T000000-0000"],
            "not in the trash",
        ),
        (
            &["stories", "edit", "s-20990101T000000-0000", "--title", "x"],
            "no story",
        ),
        (&["stories", "from-bullet", "   "], "the bullet is empty"),
        (
            &["stories", "from-bullet", "Led a migration", "--save"],
            "--skill",
        ),
        (
            &["assess", "set", "--skill", "leadership", "--rating", "6"],
            "6 is not in 1..=5",
        ),
        (
            &["assess", "set", "--skill", "leadership", "--rating", "0"],
            "0 is not in 1..=5",
        ),
        (
            &["assess", "set", "--skill", "charm", "--rating", "3"],
            "invalid value 'charm'",
        ),
        (
            &["stories", "coverage", "--json", "--role", "astronaut"],
            "invalid value 'astronaut'",
        ),
        (
            &[
                "history",
                "import",
                "missing.wav",
                "--story",
                "s-20990101T000000-0000",
            ],
            "no story",
        ),
        (
            &["history", "import", "missing.wav", "--story", "nonsense"],
            "is not a story id",
        ),
    ];
    for (args, expected) in cases {
        let (ok, out, err) = rehearse(&data, args);
        assert!(!ok, "{args:?} should fail; printed {out}");
        assert!(
            err.contains(expected),
            "{args:?}: expected {expected:?} in: {err}"
        );
        assert_eq!(files(&data), before, "{args:?} wrote something");
    }
}

#[test]
fn from_bullet_reports_what_a_bullet_carries_and_can_start_a_story() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let weak = ok_json(
        &data,
        &[
            "stories",
            "from-bullet",
            "Migrated SQL Server to Postgres",
            "--json",
        ],
    );
    assert_eq!(weak["has_action"], true);
    assert_eq!(weak["has_number"], false);
    assert_eq!(weak["has_outcome"], false);
    let questions: Vec<&str> = weak["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap())
        .collect();
    assert!(questions.contains(&"What was at stake, and for whom?"));
    assert!(questions.iter().any(|q| q.contains("in numbers")));
    assert!(questions.contains(&"What would you do differently next time?"));
    let mut keys: Vec<&String> = weak.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["has_action", "has_number", "has_outcome", "questions"]
    );
    assert!(
        files(&data).iter().all(|f| !f.starts_with("stories/s-")),
        "a check alone saves nothing"
    );

    let strong = ok_json(
        &data,
        &[
            "stories",
            "from-bullet",
            "Cut hosting costs by 30% by moving batch jobs to spot instances",
            "--json",
        ],
    );
    assert_eq!(strong["has_number"], true);
    assert_eq!(strong["has_outcome"], true);
    assert_eq!(strong["has_action"], true);

    let saved = ok_json(
        &data,
        &[
            "stories",
            "from-bullet",
            "Migrated SQL Server to Postgres",
            "--save",
            "--skill",
            "business_acumen",
            "--json",
        ],
    );
    let id = saved["id"].as_str().unwrap();
    let shown = ok_json(&data, &["stories", "show", id, "--json"]);
    assert_eq!(shown["story"]["action"], "Migrated SQL Server to Postgres");
    assert_eq!(shown["story"]["skills"], json!(["business_acumen"]));
}

#[test]
fn assess_keeps_every_dated_rating_and_shows_the_latest() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let shown = ok_json(&data, &["assess", "show", "--json"]);
    assert_eq!(shown["assessments"], 0);
    assert_eq!(shown["review_due"], false);
    assert_eq!(shown["review"]["state"], "never_assessed");
    for rating in ["2", "4"] {
        let (ok, _, err) = rehearse(
            &data,
            &[
                "assess",
                "set",
                "--skill",
                "collaboration",
                "--rating",
                rating,
                "--evidence",
                "Brown bag",
            ],
        );
        assert!(ok, "{err}");
    }
    let shown = ok_json(&data, &["assess", "show", "--json"]);
    assert_eq!(shown["assessments"], 2);
    let collab = shown["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == "collaboration")
        .unwrap();
    assert_eq!(collab["rating"], 4);
    assert_eq!(collab["evidence"], "Brown bag");
    let leadership = shown["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == "leadership")
        .unwrap();
    assert_eq!(leadership["rating"], Value::Null);
    assert_eq!(shown["review_due"], false);
    let (ok, out, _) = rehearse(&data, &["assess", "show"]);
    assert!(ok && out.contains("up to date"), "{out}");
}

#[test]
fn import_with_a_story_links_the_attempt_to_it() {
    rehearse::models::find(rehearse::models::DEFAULT_MODEL)
        .expect("this test needs the default Whisper model: run `make model`");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let added = ok_json(
        &data,
        &[
            "stories",
            "add",
            "--title",
            "Checkout outages",
            "--skill",
            "problem_solving",
            "--situation",
            "Checkout kept failing at peak time.",
            "--result",
            "Errors dropped by 40%.",
            "--learning",
            "Measure before changing anything.",
            "--json",
        ],
    );
    let id = added["id"].as_str().unwrap();
    let wav = common::espeak_fixture(dir.path(), "answer.wav", common::STAR_ANSWER);
    let record = ok_json(
        &data,
        &[
            "history",
            "import",
            wav.to_str().unwrap(),
            "--story",
            id,
            "--json",
        ],
    );
    assert_eq!(record["story_id"], json!(id));
    assert!(
        record["prompt"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Tell me about a time you")
    );
    assert_eq!(record["prompt"]["id"], json!(format!("story:{id}")));
    let list = ok_json(&data, &["stories", "list", "--json"]);
    assert_eq!(list[0]["attempts"], 1);
    assert!(list[0]["best_score"].as_u64().is_some(), "{list}");
    let cov = ok_json(&data, &["stories", "coverage", "--json"]);
    let ps = cov["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"] == "problem_solving")
        .unwrap()
        .clone();
    assert_eq!(
        ps,
        json!({"skill": "problem_solving", "stories": 1, "practised": 1})
    );
}
