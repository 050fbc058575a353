//! Tests of the prompt bank: the built-in content, the strict loader and the drawer.

use super::*;
use crate::domain::{Element, PromptKind, ReplyStep, Role, Skill};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

fn builtin_errors() -> Vec<PromptError> {
    let mut bank = PromptBank::default();
    let mut errors = Vec::new();
    for (name, text) in BUILTIN_FILES {
        bank.add_file(name, text, true, &mut errors);
    }
    errors
}

// ---------------------------------------------------------------- built-in content

#[test]
fn every_builtin_file_loads_without_errors() {
    let errors = builtin_errors();
    assert!(
        errors.is_empty(),
        "built-in errors:\n{}",
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (name, text) in BUILTIN_FILES {
        let (prompts, _) = parse_pack(name, text, true);
        assert!(!prompts.is_empty(), "{name} has no prompts");
    }
}

#[test]
fn every_builtin_prompt_has_coaching_content() {
    let bank = PromptBank::builtin();
    for p in bank.all() {
        assert!(p.source.builtin, "{}", p.id);
        assert!(p.text.len() >= 10, "{}: text too short", p.id);
        assert!(!p.roles.is_empty(), "{}: no roles", p.id);
        assert!(
            p.signals.len() >= 2,
            "{}: needs at least two signals of a strong answer",
            p.id
        );
        assert!(
            !p.follow_ups.is_empty(),
            "{}: needs a follow-up question",
            p.id
        );
        assert!(!p.tips.is_empty(), "{}: needs a tip", p.id);
        let (lo, hi) = p.target_seconds;
        assert!(
            0 < lo && lo <= hi && hi <= MAX_TARGET_SECONDS,
            "{}: band {lo}-{hi}",
            p.id
        );
        if p.kind.expects_story() {
            assert!(
                p.expected_elements.len() >= 4,
                "{}: a story needs STAR or SARL",
                p.id
            );
            assert!(
                p.expected_elements.contains(&Element::Action),
                "{}: a story has an action",
                p.id
            );
            assert!(
                p.expected_elements.contains(&Element::Result),
                "{}: a story has a result",
                p.id
            );
        }
        if p.kind == PromptKind::Objection {
            assert!(
                p.framework.len() >= 3,
                "{}: objection frameworks have 3+ steps",
                p.id
            );
            assert!(p.reply_outline.is_some(), "{}", p.id);
        } else {
            assert!(
                p.framework.is_empty() && p.reply_outline.is_none(),
                "{}",
                p.id
            );
        }
    }
}

#[test]
fn at_least_eight_behavioural_questions_lead_with_each_skill() {
    let bank = PromptBank::builtin();
    for skill in Skill::ALL {
        let led = bank
            .all()
            .iter()
            .filter(|p| p.kind == PromptKind::Behavioral && p.skills.first() == Some(&skill))
            .count();
        assert!(
            led >= 8,
            "{skill:?}: only {led} behavioural questions lead with it"
        );
        let filtered = bank.filter(&PromptFilter {
            kind: Some(PromptKind::Behavioral),
            skill: Some(skill),
            ..Default::default()
        });
        assert!(filtered.len() >= led);
    }
}

#[test]
fn the_required_objections_are_present_with_frameworks() {
    let bank = PromptBank::builtin();
    let required = [
        "obj-not-enough-experience",
        "obj-hit-the-ground-running",
        "obj-lack-tool",
        "obj-want-more-senior",
        "obj-salary-high",
        "obj-job-hopping",
        "obj-overqualified",
        "obj-gap-in-cv",
        "obj-no-degree",
        "obj-career-change",
    ];
    for id in required {
        let p = bank
            .get(id)
            .unwrap_or_else(|| panic!("missing objection {id}"));
        assert_eq!(p.kind, PromptKind::Objection);
        assert_eq!(
            p.framework[0].step,
            ReplyStep::Acknowledge,
            "{id}: a reply starts by acknowledging"
        );
    }
    let salary = bank.get("obj-salary-high").unwrap();
    assert!(salary.framework_steps().contains(&ReplyStep::Flexibility));
    assert!(
        bank.filter(&PromptFilter {
            kind: Some(PromptKind::Objection),
            ..Default::default()
        })
        .len()
            >= 10
    );
}

#[test]
fn pitch_lengths_follow_the_coaching_norms() {
    // docs/sources.md: 30 s ~ 75-100 words, 60 s ~ 150-200 words, 2 min ~ 300-350 words.
    let bank = PromptBank::builtin();
    let cases = [
        ("pitch-30s", (75, 100), 30),
        ("pitch-60s", (150, 200), 60),
        ("pitch-2min", (300, 350), 120),
    ];
    for (id, words, seconds) in cases {
        let p = bank.get(id).unwrap();
        assert_eq!(p.kind, PromptKind::Pitch);
        assert_eq!(p.target_words, Some(words), "{id}");
        assert!(
            p.target_seconds.0 <= seconds && seconds <= p.target_seconds.1,
            "{id}: {seconds} s inside the band"
        );
    }
    let about = bank.get("tell-me-about-yourself").unwrap();
    assert_eq!(about.kind, PromptKind::TellMe);
    assert!(about.target_seconds.0 <= 60 && 60 <= about.target_seconds.1);
    assert_eq!(bank.get("why-this-role").unwrap().kind, PromptKind::TellMe);
}

#[test]
fn every_role_has_its_own_engineering_stories() {
    let bank = PromptBank::builtin();
    for role in [
        Role::Infrastructure,
        Role::Devops,
        Role::Security,
        Role::Sre,
    ] {
        let own = bank
            .all()
            .iter()
            .filter(|p| p.kind == PromptKind::TechnicalBehavioral && p.roles.contains(&role))
            .count();
        assert!(
            own >= 3,
            "{role:?}: only {own} role-specific engineering stories"
        );
        let pitch = bank
            .all()
            .iter()
            .any(|p| p.kind == PromptKind::Pitch && p.roles.contains(&role));
        assert!(pitch, "{role:?}: no role pitch");
    }
    for id in [
        "proc-incident-response",
        "proc-blameless-postmortem",
        "proc-five-whys",
        "proc-adr",
        "proc-runbook",
        "proc-oncall-handoff",
        "proc-code-review-teaching",
        "proc-mentoring-sponsorship",
    ] {
        assert_eq!(
            bank.get(id).map(|p| p.kind),
            Some(PromptKind::TechnicalBehavioral),
            "{id}"
        );
    }
    for id in [
        "grow-tool-not-used",
        "grow-mistake-made",
        "grow-vague-requirements",
        "grow-asked-for-help",
    ] {
        assert!(bank.get(id).is_some(), "{id}");
    }
}

// ---------------------------------------------------------------- strict loader

const GOOD: &str = r#"
[[prompt]]
id = "user-one"
kind = "behavioral"
text = "Tell me about a time you improved something."
skills = ["problem_solving"]
target_seconds = [60, 120]
structure = "star"
"#;

fn only_error(text: &str) -> PromptError {
    let (_, mut errors) = parse_pack("pack/user.toml", text, false);
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one error, got {errors:?}"
    );
    errors.remove(0)
}

#[test]
fn a_valid_user_prompt_loads_with_its_source_line() {
    let (prompts, errors) = parse_pack("pack/user.toml", GOOD, false);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(prompts.len(), 1);
    let p = &prompts[0];
    assert_eq!(
        p.expected_elements,
        vec![
            Element::Situation,
            Element::Task,
            Element::Action,
            Element::Result
        ]
    );
    assert_eq!(p.roles, vec![Role::General], "roles default to general");
    assert_eq!(p.difficulty, Difficulty::Medium);
    assert_eq!(
        (p.source.file.as_str(), p.source.line, p.source.builtin),
        ("pack/user.toml", 3, false)
    );
}

#[test]
fn an_unknown_field_names_file_line_and_field() {
    let text = GOOD.replace(
        "structure = \"star\"",
        "structure = \"star\"\ncolour = \"blue\"",
    );
    let err = only_error(&text);
    assert!(matches!(err, PromptError::Schema { .. }), "{err:?}");
    assert_eq!(
        (err.file().as_str(), err.line(), err.field()),
        ("pack/user.toml", Some(9), Some("colour"))
    );
    assert!(err.to_string().starts_with("pack/user.toml:9:"), "{err}");
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
}

#[test]
fn a_missing_field_names_file_line_and_field() {
    // The second prompt has no `text`; the error points into that prompt's table.
    let text = format!(
        "{GOOD}\n[[prompt]]\nid = \"user-two\"\nkind = \"pitch\"\ntarget_seconds = [20, 30]\n"
    );
    let err = only_error(&text);
    assert!(matches!(err, PromptError::Schema { .. }), "{err:?}");
    assert_eq!(err.field(), Some("text"));
    let line = err.line().unwrap();
    assert!(
        (10..=13).contains(&line),
        "line {line} should be inside the second [[prompt]] (lines 10-13)"
    );
}

#[test]
fn a_misspelt_enum_names_file_line_and_field() {
    let text = GOOD.replace(
        "skills = [\"problem_solving\"]",
        "skills = [\n  \"problem_solving\",\n  \"juggling\",\n]",
    );
    let err = only_error(&text);
    assert_eq!((err.line(), err.field()), (Some(8), Some("skills")));
    assert!(
        err.to_string().contains("unknown variant `juggling`"),
        "{err}"
    );

    let text = GOOD.replace("kind = \"behavioral\"", "kind = \"behavioural\"");
    let err = only_error(&text);
    assert_eq!((err.line(), err.field()), (Some(4), Some("kind")));
}

#[test]
fn min_above_max_names_file_line_and_field() {
    let text = GOOD.replace("target_seconds = [60, 120]", "target_seconds = [120, 60]");
    let err = only_error(&text);
    assert!(matches!(err, PromptError::Invalid { .. }), "{err:?}");
    assert_eq!((err.line(), err.field()), (Some(7), Some("target_seconds")));
    assert!(
        err.to_string()
            .contains("minimum 120 is greater than maximum 60"),
        "{err}"
    );
    assert!(err.to_string().contains("prompt `user-one`"), "{err}");
}

#[test]
fn bad_toml_names_file_and_line() {
    let text = GOOD.replace("text = \"Tell me", "text = Tell me");
    let err = only_error(&text);
    assert!(matches!(err, PromptError::Schema { .. }), "{err:?}");
    assert_eq!((err.line(), err.field()), (Some(5), Some("text")));
}

#[test]
fn duplicate_ids_name_both_places() {
    let mut bank = PromptBank::default();
    let mut errors = Vec::new();
    bank.add_file("a.toml", GOOD, false, &mut errors);
    let twice = format!("{GOOD}\n{GOOD}");
    bank.add_file("b.toml", &twice, false, &mut errors);
    assert_eq!(bank.len(), 1);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        matches!(&errors[0], PromptError::DuplicateId { first, .. } if first == "a.toml:3"),
        "{:?}",
        errors[0]
    );
    assert_eq!(
        (
            errors[0].file().as_str(),
            errors[0].line(),
            errors[0].field()
        ),
        ("b.toml", Some(3), Some("id"))
    );
    assert_eq!(errors[1].line(), Some(12));
}

#[test]
fn kind_rules_are_enforced() {
    let objection = r#"
[[prompt]]
id = "user-obj"
kind = "objection"
text = "You seem too junior."
target_seconds = [30, 60]
framework = [{ step = "acknowledge", says = "Fair." }]
"#;
    let (prompts, errors) = parse_pack("o.toml", objection, false);
    assert!(prompts.is_empty());
    let fields: Vec<_> = errors.iter().map(|e| e.field().unwrap_or("")).collect();
    assert_eq!(fields, vec!["framework", "reply_outline"], "{errors:?}");
    assert_eq!(errors[0].line(), Some(7));

    let pitch =
        "[[prompt]]\nid = \"p\"\nkind = \"pitch\"\ntext = \"Pitch.\"\ntarget_seconds = [25, 35]\n";
    let (_, errors) = parse_pack("p.toml", pitch, false);
    assert_eq!(
        errors.iter().map(|e| e.field()).collect::<Vec<_>>(),
        vec![Some("target_words")]
    );

    let id = GOOD.replace("user-one", "User One");
    assert_eq!(only_error(&id).field(), Some("id"));

    let framework_on_story = GOOD.replace(
        "structure = \"star\"",
        "structure = \"star\"\nframework = [{ step = \"evidence\", says = \"x\" }]",
    );
    assert_eq!(only_error(&framework_on_story).field(), Some("framework"));

    let disagree = GOOD.replace(
        "structure = \"star\"",
        "structure = \"star\"\nexpected_elements = [\"action\"]",
    );
    assert_eq!(only_error(&disagree).field(), Some("expected_elements"));

    assert!(matches!(
        only_error("# nothing here\n"),
        PromptError::EmptyPack { .. }
    ));
}

#[test]
fn a_bad_prompt_is_skipped_and_its_neighbours_kept() {
    let text = format!(
        "{}\n{}",
        GOOD.replace("[60, 120]", "[0, 120]"),
        GOOD.replace("user-one", "user-two")
    );
    let (prompts, errors) = parse_pack("mixed.toml", &text, false);
    assert_eq!(
        prompts.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        vec!["user-two"]
    );
    assert_eq!(errors.len(), 1);
}

fn pack_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn user_packs_merge_and_a_bad_pack_never_hides_the_builtins() {
    let builtin = PromptBank::builtin().len();
    let good = pack_dir(&[("good.toml", GOOD), ("notes.txt", "not a pack")]);
    let bad = pack_dir(&[
        ("broken.toml", "[[prompt]\nid = 3"),
        ("also.toml", &GOOD.replace("user-one", "user-two")),
    ]);
    let missing = PathBuf::from("/nonexistent/rehearse-pack");
    let (bank, errors) =
        PromptBank::with_packs(&[good.path().to_path_buf(), bad.path().to_path_buf(), missing]);
    assert_eq!(bank.len(), builtin + 2, "builtins + user-one + user-two");
    assert!(bank.get("user-one").is_some() && bank.get("user-two").is_some());
    assert!(bank.get("pitch-30s").is_some());
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].file().ends_with("broken.toml") && errors[0].line() == Some(1),
        "{}",
        errors[0]
    );
    assert!(matches!(errors[1], PromptError::UnreadableDir { .. }));
}

#[test]
fn a_user_prompt_cannot_silently_override_a_builtin() {
    let clash = GOOD.replace("user-one", "tell-me-about-yourself");
    let dir = pack_dir(&[("clash.toml", &clash)]);
    let (bank, errors) = PromptBank::with_packs(&[dir.path().to_path_buf()]);
    assert_eq!(
        bank.get("tell-me-about-yourself").unwrap().kind,
        PromptKind::TellMe,
        "built-in kept"
    );
    assert_eq!(errors.len(), 1);
    assert!(
        matches!(&errors[0], PromptError::OverridesBuiltin { builtin, .. } if builtin.starts_with("pitches.toml:")),
        "{:?}",
        errors[0]
    );
    assert_eq!((errors[0].line(), errors[0].field()), (Some(3), Some("id")));
}

#[test]
fn a_single_file_can_be_given_instead_of_a_directory() {
    let dir = pack_dir(&[("one.toml", GOOD)]);
    let (bank, errors) = PromptBank::with_packs(&[dir.path().join("one.toml")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(bank.get("user-one").is_some());
}

// ---------------------------------------------------------------- filters

#[test]
fn filters_combine_and_general_prompts_suit_every_role() {
    let bank = PromptBank::builtin();
    let sre = bank.filter(&PromptFilter {
        role: Some(Role::Sre),
        ..Default::default()
    });
    assert!(sre.iter().any(|p| p.roles == vec![Role::General]));
    assert!(
        sre.iter()
            .all(|p| p.roles.contains(&Role::Sre) || p.roles.contains(&Role::General))
    );
    assert!(!sre.iter().any(|p| p.id == "pitch-60s-security"));
    let hard_objections = bank.filter(&PromptFilter {
        kind: Some(PromptKind::Objection),
        difficulty: Some(Difficulty::Hard),
        ..Default::default()
    });
    assert!(!hard_objections.is_empty());
    assert!(
        hard_objections
            .iter()
            .all(|p| p.kind == PromptKind::Objection && p.difficulty == Difficulty::Hard)
    );
    assert_eq!(bank.filter(&PromptFilter::default()).len(), bank.len());
}

// ---------------------------------------------------------------- drawing

fn arb_filter() -> impl Strategy<Value = PromptFilter> {
    (
        prop::option::of(prop::sample::select(PromptKind::ALL.to_vec())),
        prop::option::of(prop::sample::select(Skill::ALL.to_vec())),
        prop::option::of(prop::sample::select(Role::ALL.to_vec())),
        prop::option::of(prop::sample::select(Difficulty::ALL.to_vec())),
    )
        .prop_map(|(kind, skill, role, difficulty)| PromptFilter {
            kind,
            skill,
            role,
            difficulty,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_prompt_repeats_until_the_pool_is_used_up(seed: u64, filter in arb_filter(), rounds in 1usize..4) {
        let bank = PromptBank::builtin();
        let pool = bank.filter(&filter);
        let mut drawer = Drawer::seeded(seed);
        for _ in 0..rounds {
            let mut seen = HashSet::new();
            for _ in 0..pool.len() {
                let p = drawer.draw(&pool).expect("pool is not empty");
                prop_assert!(filter.matches(p), "{} does not match {:?}", p.id, filter);
                prop_assert!(seen.insert(p.id.clone()), "{} repeated within a round", p.id);
            }
            prop_assert_eq!(seen.len(), pool.len());
        }
        if pool.is_empty() {
            prop_assert!(drawer.draw(&pool).is_none());
        }
    }

    #[test]
    fn the_same_seed_and_history_give_the_same_sequence(seed: u64, filter in arb_filter(), scored in 0usize..20) {
        let bank = PromptBank::builtin();
        let pool = bank.filter(&filter);
        let history: Vec<(String, Option<f32>)> =
            pool.iter().take(scored).enumerate().map(|(i, p)| (p.id.clone(), Some(i as f32))).collect();
        let sequence = |seed| {
            let mut drawer = Drawer::seeded(seed).with_history(history.clone());
            (0..pool.len() + 3).filter_map(|_| drawer.draw(&pool).map(|p| p.id.clone())).collect::<Vec<_>>()
        };
        prop_assert_eq!(sequence(seed), sequence(seed));
    }

    #[test]
    fn drawing_across_a_round_boundary_does_not_repeat_the_last_prompt(seed: u64) {
        let bank = PromptBank::builtin();
        let pool = bank.filter(&PromptFilter { kind: Some(PromptKind::Pitch), ..Default::default() });
        let mut drawer = Drawer::seeded(seed);
        let ids: Vec<String> = (0..pool.len() * 3).filter_map(|_| drawer.draw(&pool).map(|p| p.id.clone())).collect();
        for pair in ids.windows(2) {
            prop_assert_ne!(&pair[0], &pair[1]);
        }
    }

    #[test]
    fn the_loader_never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = parse_pack("fuzz.toml", &text, false);
    }

    #[test]
    fn the_loader_never_panics_on_damaged_builtin_files(file in 0usize..BUILTIN_FILES.len(), cut in 0usize..4000, insert in "[\\[\\]=\"\n a-z0-9,{}]{0,6}") {
        let text = BUILTIN_FILES[file].1;
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let damaged = format!("{}{}{}", &text[..at], insert, &text[at..]);
        let (prompts, errors) = parse_pack("damaged.toml", &damaged, false);
        for e in &errors {
            prop_assert!(e.line().is_some());
        }
        prop_assert!(prompts.len() + errors.len() > 0);
    }
}

#[test]
fn history_favours_prompts_practised_least_and_scored_lowest() {
    let bank = PromptBank::builtin();
    let pool: Vec<&Prompt> = ["pitch-30s", "pitch-60s", "pitch-2min"]
        .iter()
        .map(|id| bank.get(id).unwrap())
        .collect();

    // pitch-30s practised 3 times, pitch-60s once with a low score, pitch-2min once with a high one.
    let history = vec![
        ("pitch-30s", Some(80.0)),
        ("pitch-30s", Some(80.0)),
        ("pitch-30s", Some(80.0)),
        ("pitch-60s", Some(20.0)),
        ("pitch-2min", Some(90.0)),
    ];
    let drawer = Drawer::seeded(0).with_history(history.clone());
    assert!(drawer.weight("pitch-60s") > drawer.weight("pitch-2min"));
    assert!(drawer.weight("pitch-2min") > drawer.weight("pitch-30s"));
    assert!(drawer.weight("never-practised") > drawer.weight("pitch-60s"));

    let mut first: HashMap<String, usize> = HashMap::new();
    for seed in 0..600 {
        let mut drawer = Drawer::seeded(seed).with_history(history.clone());
        *first
            .entry(drawer.draw(&pool).unwrap().id.clone())
            .or_default() += 1;
    }
    // Weights 1.5 (lowest score), 0.5 (highest score) and 0.25 * 1.29 = 0.32 (practised most):
    // about 65 %, 22 % and 14 % of first draws.
    let low = first["pitch-60s"];
    assert!(low > 300 && low < 450, "low-scored first {low} of 600");
    assert!(first["pitch-2min"] > first["pitch-30s"] / 2, "{first:?}");
}

#[test]
fn without_history_every_prompt_is_equally_likely_first() {
    let bank = PromptBank::builtin();
    let pool = bank.filter(&PromptFilter {
        kind: Some(PromptKind::Pitch),
        ..Default::default()
    });
    let mut first: HashMap<String, usize> = HashMap::new();
    let draws = 4000;
    for seed in 0..draws {
        *first
            .entry(Drawer::seeded(seed).draw(&pool).unwrap().id.clone())
            .or_default() += 1;
    }
    let expected = draws as usize / pool.len();
    assert_eq!(first.len(), pool.len());
    for (id, n) in &first {
        assert!(
            n.abs_diff(expected) < expected / 4,
            "{id}: {n} vs about {expected}"
        );
    }
}

#[test]
fn answer_context_carries_kind_band_elements_and_steps() {
    let bank = PromptBank::builtin();
    let objection = bank.get("obj-salary-high").unwrap().answer_context();
    assert_eq!(objection.kind, PromptKind::Objection);
    assert_eq!(objection.target_seconds, Some((30, 60)));
    assert!(objection.expected_elements.is_empty());
    assert_eq!(
        objection.framework,
        vec![
            ReplyStep::Acknowledge,
            ReplyStep::Evidence,
            ReplyStep::Flexibility,
            ReplyStep::AskBack
        ]
    );
    let story = bank.get("grow-mistake-made").unwrap().answer_context();
    assert_eq!(story.kind, PromptKind::Behavioral);
    assert_eq!(
        story.expected_elements,
        vec![
            Element::Situation,
            Element::Action,
            Element::Result,
            Element::Learning
        ]
    );
    assert!(story.framework.is_empty());
}
