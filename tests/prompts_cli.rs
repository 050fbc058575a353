//! `rehearse prompts` end to end: the real binary, the real built-in bank, user packs on disk.
//! Each run points REHEARSE_PROMPTS_DIR at an empty directory and REHEARSE_DATA_DIR at a missing
//! one, so the tester's own packs and practice history stay out.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn rehearse(args: &[&str], user_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(args)
        .env("REHEARSE_PROMPTS_DIR", user_dir)
        .env("REHEARSE_DATA_DIR", user_dir.join("no-attempts-here"))
        .output()
        .expect("run rehearse")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Vec<Value> {
    assert!(out.status.success(), "stderr: {}", stderr(out));
    serde_json::from_slice::<Value>(&out.stdout)
        .expect("JSON")
        .as_array()
        .expect("array")
        .clone()
}

const USER_PROMPT: &str = r#"
[[prompt]]
id = "team-own-question"
kind = "behavioral"
text = "Tell me about the on-call rota you are proudest of."
skills = ["collaboration"]
roles = ["sre"]
target_seconds = [60, 120]
structure = "sarl"
"#;

#[test]
fn list_json_has_the_documented_shape() {
    let home = tempfile::tempdir().unwrap();
    let all = json(&rehearse(&["prompts", "list", "--json"], home.path()));
    assert!(all.len() >= 170, "{} prompts", all.len());
    for p in &all {
        for key in ["id", "kind", "skills", "roles", "text", "target_seconds"] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
        let band = p["target_seconds"].as_array().unwrap();
        assert_eq!(band.len(), 2);
        assert!(band[0].as_u64().unwrap() <= band[1].as_u64().unwrap());
        if p["kind"] == "objection" {
            let steps = p["framework"]
                .as_array()
                .expect("objections list their framework");
            assert!(
                steps.len() >= 2 && steps.iter().all(Value::is_string),
                "{p}"
            );
        }
    }
    let objections = json(&rehearse(
        &["prompts", "list", "--kind", "objection", "--json"],
        home.path(),
    ));
    assert!(objections.len() >= 10 && objections.iter().all(|p| p["kind"] == "objection"));
    let sre_pitches = json(&rehearse(
        &[
            "prompts", "list", "--kind", "pitch", "--role", "sre", "--json",
        ],
        home.path(),
    ));
    assert!(sre_pitches.iter().any(|p| p["id"] == "pitch-60s-role"));
    assert!(sre_pitches.iter().all(|p| {
        let roles = p["roles"].as_array().unwrap();
        roles.contains(&Value::from("sre")) || roles.contains(&Value::from("general"))
    }));
    for p in &all {
        let words = p["target_words"]
            .as_array()
            .expect("every prompt has a word band");
        let seconds = p["target_seconds"].as_array().unwrap();
        for (w, s) in words.iter().zip(seconds) {
            // 160 words a minute, within a second.
            let spoken = w.as_f64().unwrap() * 60.0 / 160.0;
            assert!((spoken - s.as_f64().unwrap()).abs() <= 1.0, "{p}");
        }
    }
    let nursing = json(&rehearse(
        &["prompts", "list", "--role", "nursing", "--json"],
        home.path(),
    ));
    assert!(
        nursing
            .iter()
            .any(|p| p["roles"] == serde_json::json!(["nursing"]))
    );
    assert!(!nursing.iter().any(|p| p["id"] == "proc-code-review"));
}

#[test]
fn roles_lists_every_role_with_its_emphasis_and_prompt_counts() {
    let home = tempfile::tempdir().unwrap();
    let roles = json(&rehearse(&["prompts", "roles", "--json"], home.path()));
    let names: Vec<&str> = roles.iter().map(|r| r["role"].as_str().unwrap()).collect();
    for role in [
        "general",
        "infrastructure",
        "devops",
        "security",
        "sre",
        "backend",
        "frontend",
        "data",
        "product",
        "support",
        "sales",
        "teaching",
        "nursing",
    ] {
        assert!(names.contains(&role), "{role} missing from {names:?}");
    }
    let total = json(&rehearse(&["prompts", "list", "--json"], home.path())).len() as u64;
    for r in &roles {
        let skills = r["skills"].as_array().unwrap();
        assert!((2..=3).contains(&skills.len()), "{r}");
        let (own, all) = (
            r["own_prompts"].as_u64().unwrap(),
            r["prompts"].as_u64().unwrap(),
        );
        assert!(own >= 5 && own <= all && all <= total, "{r}");
        let listed = json(&rehearse(
            &[
                "prompts",
                "list",
                "--role",
                r["role"].as_str().unwrap(),
                "--json",
            ],
            home.path(),
        ));
        assert_eq!(listed.len() as u64, all, "{r}");
    }
    let text = rehearse(&["prompts", "roles"], home.path());
    assert!(text.status.success());
    assert!(stdout(&text).contains("nursing") && stdout(&text).contains("risk_management"));
}

#[test]
fn check_without_a_directory_checks_the_builtin_bank() {
    let home = tempfile::tempdir().unwrap();
    let out = rehearse(&["prompts", "check"], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("built-in bank: ") && text.contains("no errors"),
        "{text}"
    );
    assert!(text.contains("160 words a minute"), "{text}");
}

#[test]
fn an_old_id_of_a_merged_prompt_still_shows_the_merged_prompt() {
    let home = tempfile::tempdir().unwrap();
    let out = rehearse(
        &["prompts", "show", "proc-five-whys", "--json"],
        home.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["id"], "solve-root-cause");
    assert!(
        p["aliases"]
            .as_array()
            .unwrap()
            .contains(&Value::from("proc-five-whys"))
    );
}

#[test]
fn random_is_repeatable_with_a_seed_and_does_not_repeat() {
    let home = tempfile::tempdir().unwrap();
    let args = [
        "prompts",
        "random",
        "--skill",
        "risk_management",
        "--seed",
        "42",
        "--count",
        "6",
        "--json",
    ];
    let first = json(&rehearse(&args, home.path()));
    let second = json(&rehearse(&args, home.path()));
    assert_eq!(first, second);
    let ids: std::collections::HashSet<_> = first
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 6);
    assert!(first.iter().all(|p| {
        p["skills"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "risk_management")
    }));

    let none = rehearse(
        &[
            "prompts",
            "random",
            "--kind",
            "pitch",
            "--skill",
            "collaboration",
            "--difficulty",
            "hard",
        ],
        home.path(),
    );
    assert!(!none.status.success());
    assert!(
        stderr(&none).contains("No prompt matches"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn show_prints_a_prompt_in_full_and_suggests_ids() {
    let home = tempfile::tempdir().unwrap();
    let out = rehearse(&["prompts", "show", "obj-salary-high"], home.path());
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("Reply framework:") && text.contains("1. Acknowledge"),
        "{text}"
    );
    let missing = rehearse(&["prompts", "show", "salary"], home.path());
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("obj-salary-high"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn check_reports_each_error_with_file_and_line_and_fails() {
    let home = tempfile::tempdir().unwrap();
    let pack = tempfile::tempdir().unwrap();
    std::fs::write(pack.path().join("good.toml"), USER_PROMPT).unwrap();
    let ok = rehearse(
        &["prompts", "check", pack.path().to_str().unwrap()],
        home.path(),
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stdout(&ok).contains("1 prompts, no errors"),
        "{}",
        stdout(&ok)
    );

    std::fs::write(
        pack.path().join("typo.toml"),
        USER_PROMPT
            .replace("team-own-question", "typo")
            .replace("\"sarl\"", "\"sarl\"\nlevel = 2"),
    )
    .unwrap();
    std::fs::write(
        pack.path().join("band.toml"),
        USER_PROMPT
            .replace("team-own-question", "band")
            .replace("[60, 120]", "[90, 60]"),
    )
    .unwrap();
    let bad = rehearse(
        &["prompts", "check", pack.path().to_str().unwrap()],
        home.path(),
    );
    assert!(!bad.status.success());
    let report = stdout(&bad);
    let band = pack.path().join("band.toml");
    let typo = pack.path().join("typo.toml");
    assert!(
        report.contains(&format!(
            "{}:8: prompt `band`: field `target_seconds`",
            band.display()
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!("{}:10:1: field `level`", typo.display())),
        "{report}"
    );
    assert!(stderr(&bad).contains("2 errors"), "{}", stderr(&bad));
}

#[test]
fn user_packs_merge_and_a_broken_one_is_reported_but_hides_nothing() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("mine.toml"), USER_PROMPT).unwrap();
    let extra = tempfile::tempdir().unwrap();
    std::fs::write(
        extra.path().join("broken.toml"),
        "[[prompt]]\nid = \"x\"\nkind = \"nonsense\"\n",
    )
    .unwrap();
    let builtin = json(&rehearse(
        &["prompts", "list", "--json"],
        tempfile::tempdir().unwrap().path(),
    ))
    .len();

    let out = rehearse(
        &[
            "prompts",
            "--prompts",
            extra.path().to_str().unwrap(),
            "list",
            "--json",
        ],
        home.path(),
    );
    let all = json(&out);
    assert_eq!(all.len(), builtin + 1);
    assert!(all.iter().any(|p| p["id"] == "team-own-question"));
    assert!(stderr(&out).contains("broken.toml:3"), "{}", stderr(&out));
}

#[test]
fn random_favours_prompts_missing_from_the_practice_history() {
    use rehearse::store::{Attempt, PromptSnapshot, Store};
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("no-attempts-here");
    let bank = rehearse::prompts::PromptBank::builtin();
    let store = Store::open(&data).unwrap();
    // Every pitch but one practised three times (unscored): weight 0.5 each against 2 for the
    // unpractised one, so it comes first about 2 / (2 + 7 x 0.5) = 36 % of the time, not 1 in 8.
    let pitches: Vec<_> = bank
        .all()
        .iter()
        .filter(|p| p.kind == rehearse::domain::PromptKind::Pitch)
        .collect();
    assert_eq!(pitches.len(), 8);
    for p in pitches.iter().filter(|p| p.id != "pitch-2min") {
        for _ in 0..3 {
            let snapshot = PromptSnapshot {
                id: p.id.clone(),
                text: p.text.clone(),
                kind: p.kind,
                skills: p.skills.clone(),
                target_seconds: Some(p.target_seconds),
            };
            store
                .create(Attempt::new(snapshot, chrono::Utc::now()), None)
                .unwrap();
        }
    }
    let first_is_new = |extra: &[&str]| {
        (0..60)
            .filter(|seed| {
                let seed = seed.to_string();
                let mut args = vec![
                    "prompts", "random", "--kind", "pitch", "--seed", &seed, "--json",
                ];
                args.extend_from_slice(extra);
                json(&rehearse(&args, home.path()))[0]["id"] == "pitch-2min"
            })
            .count()
    };
    let with_history = first_is_new(&[]);
    let without = first_is_new(&["--no-history"]);
    assert!(
        with_history > without + 5,
        "with history {with_history} of 60, without {without} of 60"
    );
}

#[test]
fn random_can_favour_the_skills_the_story_bank_has_no_story_for() {
    use rehearse::domain::{PromptKind, Skill};
    use rehearse::store::Store;
    use rehearse::stories::Story;
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(home.path().join("no-attempts-here")).unwrap();
    // Stories for six of the seven skills: risk management is the one gap.
    let covered: Vec<Skill> = Skill::ALL
        .into_iter()
        .filter(|s| *s != Skill::RiskManagement)
        .collect();
    store
        .create_story(Story::new("Six skills", covered, chrono::Utc::now()))
        .unwrap();
    let bank = rehearse::prompts::PromptBank::builtin();
    let pool: Vec<_> = bank
        .all()
        .iter()
        .filter(|p| p.kind == PromptKind::Behavioral)
        .collect();
    let gap_ids: Vec<&str> = pool
        .iter()
        .filter(|p| p.skills.contains(&Skill::RiskManagement))
        .map(|p| p.id.as_str())
        .collect();
    assert!(!gap_ids.is_empty() && gap_ids.len() * 3 < pool.len());
    let count = pool.len().to_string();
    // The mean position of the gap's prompts in a whole round, over a few seeds: favouring
    // moves them forward; every prompt still comes once per round.
    let mean_rank = |extra: &[&str]| {
        let mut ranks = Vec::new();
        for seed in 0..6 {
            let seed = seed.to_string();
            let mut args = vec![
                "prompts",
                "random",
                "--kind",
                "behavioral",
                "--count",
                &count,
                "--seed",
                &seed,
                "--json",
            ];
            args.extend_from_slice(extra);
            let out = rehearse(&args, home.path());
            let drawn = json(&out);
            assert_eq!(drawn.len(), pool.len(), "one whole round");
            for (rank, p) in drawn.iter().enumerate() {
                if gap_ids.contains(&p["id"].as_str().unwrap()) {
                    ranks.push(rank as f64);
                }
            }
            if extra.contains(&"--favour-gaps") {
                assert!(
                    stderr(&out).contains("Favouring prompts for: Risk management"),
                    "{}",
                    stderr(&out)
                );
            }
        }
        ranks.iter().sum::<f64>() / ranks.len() as f64
    };
    let plain = mean_rank(&[]);
    let favoured = mean_rank(&["--favour-gaps"]);
    assert!(
        favoured < plain * 0.75,
        "gap prompts at mean rank {favoured:.1} when favoured, {plain:.1} otherwise"
    );
}
