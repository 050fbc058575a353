//! Store behaviour on a real temporary folder: round trip, damaged records, two writers at
//! once, migration of a hand-written version 0 record, trash and undo, search and progress.

use super::*;
use crate::analysis::Feedback;
use crate::domain::{Element, PromptKind, Skill};
use crate::transcript::Transcript;
use chrono::{DateTime, NaiveDate};
use serde_json::{Value as Json, json};

/// Builders for records used by the store and history-screen tests.
pub(crate) mod fixture {
    use super::*;

    /// A feedback written as the coaching engine's JSON, read back into its type.
    pub fn feedback(
        scores: [u8; 5],
        elements: &[Element],
        wpm: f32,
        fillers_per_minute: f32,
    ) -> Feedback {
        let mut all = serde_json::Map::new();
        for e in Element::ALL {
            all.insert(
                e.as_str().into(),
                json!({"present": elements.contains(&e), "evidence": []}),
            );
        }
        serde_json::from_value(json!({
            "structure": {"elements": all, "first_person_action": true, "hypothetical": false},
            "value": {"quantified_result": elements.contains(&Element::Result), "cues": []},
            "rapport": {"cues": []},
            "delivery": {"fillers": [], "fillers_per_minute": fillers_per_minute, "hedges": []},
            "timing": {"duration_ms": 60000, "target_ms": [60000, 120000], "wpm": wpm, "pauses": []},
            "scores": {"timing": scores[0], "delivery": scores[1], "structure": scores[2], "value": scores[3], "rapport": scores[4]},
            "next_steps": ["Say what the result was, with a number."]
        }))
        .expect("the engine's shape")
    }

    pub fn prompt(id: &str, kind: PromptKind, skills: &[Skill]) -> PromptSnapshot {
        PromptSnapshot {
            id: id.into(),
            text: format!("Prompt {id}: tell me about a time you led a change."),
            kind,
            skills: skills.to_vec(),
            target_seconds: Some((60, 120)),
        }
    }

    /// An analysed attempt at `created` (RFC 3339) with a typed transcript.
    pub fn attempt(
        created: &str,
        prompt: PromptSnapshot,
        text: &str,
        feedback: Feedback,
    ) -> Attempt {
        let at: DateTime<Utc> = created.parse().expect("fixture time");
        let mut attempt = Attempt::new(prompt, at);
        let mut transcript = Transcript::from_text(text);
        transcript.model = "tiny.en".into();
        attempt.duration_ms = 75_000;
        attempt.record_feedback(transcript, &feedback, at);
        attempt
    }

    /// Writes a short silent 16 kHz mono WAV.
    pub fn write_wav(path: &Path, seconds: u32) {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(path, spec).expect("wav");
        for _ in 0..seconds * 16_000 {
            writer.write_sample(0i16).expect("sample");
        }
        writer.finalize().expect("finalize");
    }
}

use fixture::*;

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("data")).expect("open");
    (dir, store)
}

fn behavioural(created: &str, text: &str) -> Attempt {
    attempt(
        created,
        prompt("b1", PromptKind::Behavioral, &[Skill::Leadership]),
        text,
        feedback(
            [70, 60, 80, 50, 65],
            &[
                Element::Situation,
                Element::Task,
                Element::Action,
                Element::Result,
            ],
            140.0,
            2.0,
        ),
    )
}

#[test]
fn round_trip_keeps_the_record_and_copies_the_recording() {
    let (dir, store) = temp_store();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 2);
    let mut original = behavioural("2026-11-20T10:00:00Z", "We cut the build time.");
    original.duration_ms = 0;
    original.notes = "Good pace.".into();
    original.self_rating = Some(4);
    let stored = store.create(original, Some(&wav)).unwrap();
    assert_eq!(
        stored.duration_ms, 2000,
        "duration comes from the WAV header"
    );
    let read = store.get(&stored.id).unwrap();
    assert_eq!(read, stored);
    let audio = store.audio_path(&read).unwrap();
    assert_eq!(std::fs::read(audio).unwrap(), std::fs::read(&wav).unwrap());
    let listing = store.list().unwrap();
    assert_eq!(listing.attempts.len(), 1);
    assert_eq!(listing.attempts[0].overall(), Some(65.0));
    assert!(listing.problems.is_empty());
}

#[test]
fn a_bad_recording_is_refused_and_leaves_nothing_behind() {
    let (dir, store) = temp_store();
    let not_wav = dir.path().join("notes.txt");
    std::fs::write(&not_wav, "hello").unwrap();
    let err = store
        .create(behavioural("2026-11-20T10:00:00Z", "x"), Some(&not_wav))
        .unwrap_err();
    assert!(matches!(err, StoreError::BadAudio { .. }), "{err}");
    assert_eq!(
        std::fs::read_dir(store.root().join("attempts"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn a_damaged_record_is_reported_and_the_others_still_list() {
    let (_dir, store) = temp_store();
    let good = store
        .create(behavioural("2026-11-20T10:00:00Z", "first"), None)
        .unwrap();
    let bad = store
        .create(behavioural("2026-11-21T10:00:00Z", "second"), None)
        .unwrap();
    let truncated = store
        .create(behavioural("2026-11-22T10:00:00Z", "third"), None)
        .unwrap();
    store.list().unwrap();
    std::fs::write(
        store
            .root()
            .join("attempts")
            .join(bad.id.as_str())
            .join("attempt.json"),
        "{not json",
    )
    .unwrap();
    let path = store
        .root()
        .join("attempts")
        .join(truncated.id.as_str())
        .join("attempt.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    let listing = store.list().unwrap();
    assert_eq!(
        listing.attempts.iter().map(|s| &s.id).collect::<Vec<_>>(),
        [&good.id]
    );
    assert_eq!(listing.problems.len(), 2);
    assert!(
        listing.problems[0].message.contains("damaged"),
        "{}",
        listing.problems[0].message
    );
    assert!(matches!(
        store.get(&bad.id),
        Err(StoreError::Corrupt { .. })
    ));
    // The damaged files are left as they were, for the user to inspect.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text[..text.len() / 2]
    );
}

#[test]
fn a_damaged_or_stale_index_is_rebuilt() {
    let (_dir, store) = temp_store();
    let a = store
        .create(behavioural("2026-11-20T10:00:00Z", "alpha"), None)
        .unwrap();
    std::fs::write(store.root().join("index.json"), "garbage").unwrap();
    assert_eq!(store.list().unwrap().attempts.len(), 1);
    // Another program edits the record behind the store's back: the listing follows.
    let path = store
        .root()
        .join("attempts")
        .join(a.id.as_str())
        .join("attempt.json");
    let mut edited: Attempt = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edited.notes = "edited by hand with the word zebra".into();
    std::fs::write(&path, serde_json::to_vec(&edited).unwrap()).unwrap();
    let found = store
        .search(&Query {
            text: "ZEBRA".into(),
            ..Query::default()
        })
        .unwrap();
    assert_eq!(found.attempts.len(), 1);
}

#[test]
fn two_writers_at_once_lose_nothing_and_corrupt_nothing() {
    let (_dir, store) = temp_store();
    let shared = store
        .create(behavioural("2026-11-20T10:00:00Z", "shared"), None)
        .unwrap();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let store = Store::open(store.root()).unwrap();
            let shared = shared.id.clone();
            std::thread::spawn(move || {
                for i in 0..15 {
                    // Same second for both writers: ids collide and must be re-drawn.
                    store
                        .create(
                            behavioural("2026-11-21T10:00:00Z", &format!("writer {w} take {i}")),
                            None,
                        )
                        .unwrap();
                    store
                        .update(&shared, |a| a.notes.push_str(&format!("[{w}:{i}]")))
                        .unwrap();
                    store.list().unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let listing = store.list().unwrap();
    assert!(listing.problems.is_empty(), "{:?}", listing.problems);
    assert_eq!(listing.attempts.len(), 31);
    let notes = store.get(&shared.id).unwrap().notes;
    for w in 0..2 {
        for i in 0..15 {
            assert!(
                notes.contains(&format!("[{w}:{i}]")),
                "update {w}:{i} was lost: {notes}"
            );
        }
    }
    let index: IndexFile =
        serde_json::from_slice(&std::fs::read(store.root().join("index.json")).unwrap()).unwrap();
    assert_eq!(index.entries.len(), 31);
}

#[test]
fn a_version_0_record_is_migrated_on_read() {
    let (dir, store) = temp_store();
    let folder = store.root().join("attempts").join("20250301T091500-0a1b");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("attempt.json"),
        include_str!("../../tests/fixtures/history/v0-attempt.json"),
    )
    .unwrap();
    write_wav(&folder.join("audio.wav"), 1);
    let id = Store::parse_id("20250301T091500-0a1b").unwrap();
    let attempt = store.get(&id).unwrap();
    assert_eq!(attempt.schema_version, SCHEMA_VERSION);
    assert_eq!(attempt.prompt.id, "behavioral-conflict-01");
    assert_eq!(attempt.prompt.kind, PromptKind::Behavioral);
    assert_eq!(
        attempt.prompt.skills,
        [Skill::Collaboration, Skill::Communication]
    );
    assert_eq!(
        attempt.created,
        "2025-03-01T09:15:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert_eq!(attempt.self_rating, Some(3));
    assert_eq!(attempt.duration_ms, 71_000);
    let transcript = attempt.transcript.as_ref().unwrap();
    assert!(transcript.text.starts_with("We disagreed"));
    assert_eq!(transcript.model, "tiny.en");
    assert!(store.audio_path(&attempt).unwrap().exists());
    // Saving writes the current schema; the migrated record reads back the same.
    let saved = store.update(&id, |a| a.notes.push_str(" Fixed.")).unwrap();
    let raw: SchemaProbe =
        serde_json::from_slice(&std::fs::read(folder.join("attempt.json")).unwrap()).unwrap();
    assert_eq!(raw.schema_version, u64::from(SCHEMA_VERSION));
    assert_eq!(store.get(&id).unwrap(), saved);
    drop(dir);
}

#[test]
fn a_record_from_a_newer_version_is_refused_not_overwritten() {
    let (_dir, store) = temp_store();
    let a = store
        .create(behavioural("2026-11-20T10:00:00Z", "alpha"), None)
        .unwrap();
    let path = store
        .root()
        .join("attempts")
        .join(a.id.as_str())
        .join("attempt.json");
    let current = std::fs::read_to_string(&path).unwrap();
    let newer = current
        .replacen(
            &format!("\"schema_version\": {SCHEMA_VERSION}"),
            &format!("\"schema_version\": {}", SCHEMA_VERSION + 1),
            1,
        )
        .into_bytes();
    assert_ne!(newer, current.as_bytes());
    std::fs::write(&path, &newer).unwrap();
    let err = store
        .update(&a.id, |a| a.notes = "overwrite".into())
        .unwrap_err();
    assert!(err.to_string().contains("newer rehearse"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), newer);
    assert_eq!(store.list().unwrap().problems.len(), 1);
}

#[test]
fn delete_moves_to_the_trash_and_undo_restores() {
    let (_dir, store) = temp_store();
    let a = store
        .create(behavioural("2026-11-20T10:00:00Z", "alpha"), None)
        .unwrap();
    store.delete(&a.id).unwrap();
    assert!(store.list().unwrap().attempts.is_empty());
    assert!(matches!(store.get(&a.id), Err(StoreError::InTrash(_))));
    assert_eq!(store.trash().unwrap(), std::slice::from_ref(&a.id));
    store.undo_delete(&a.id).unwrap();
    assert_eq!(store.get(&a.id).unwrap(), a);
    assert_eq!(store.list().unwrap().attempts.len(), 1);
    assert!(matches!(
        store.undo_delete(&a.id),
        Err(StoreError::NotInTrash(_))
    ));
    store.delete(&a.id).unwrap();
    assert_eq!(store.empty_trash().unwrap(), 1);
    assert!(matches!(store.get(&a.id), Err(StoreError::NotFound(_))));
}

#[test]
fn a_staging_folder_left_by_a_crash_is_cleared_on_open_and_never_listed() {
    let (_dir, store) = temp_store();
    let staging = store
        .root()
        .join("attempts")
        .join(".staging-20261120T100000-abcd");
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::write(staging.join("attempt.json"), "{").unwrap();
    assert!(
        store.list().unwrap().problems.is_empty(),
        "a staging folder is not an attempt"
    );
    Store::open(store.root()).unwrap();
    assert!(!staging.exists());
}

#[test]
fn a_self_rating_outside_one_to_five_is_refused() {
    let (_dir, store) = temp_store();
    let a = store
        .create(behavioural("2026-11-20T10:00:00Z", "alpha"), None)
        .unwrap();
    assert!(matches!(
        store.update(&a.id, |a| a.self_rating = Some(6)),
        Err(StoreError::BadRating(6))
    ));
    assert_eq!(store.get(&a.id).unwrap().self_rating, None);
}

#[test]
fn search_filters_by_text_kind_skill_date_and_score() {
    let (_dir, store) = temp_store();
    store
        .create(
            behavioural(
                "2026-11-10T10:00:00Z",
                "We migrated the database overnight.",
            ),
            None,
        )
        .unwrap();
    store
        .create(
            behavioural("2026-11-20T10:00:00Z", "I mentored two juniors."),
            None,
        )
        .unwrap();
    let pitch = attempt(
        "2026-11-21T10:00:00Z",
        prompt("p1", PromptKind::Pitch, &[Skill::Communication]),
        "I build reliable platforms.",
        feedback([90, 90, 90, 90, 90], &[], 150.0, 1.0),
    );
    store.create(pitch, None).unwrap();
    let count = |q: Query| store.search(&q).unwrap().attempts.len();
    assert_eq!(count(Query::default()), 3);
    assert_eq!(
        count(Query {
            text: "database MIGRATED".into(),
            ..Query::default()
        }),
        1
    );
    assert_eq!(
        count(Query {
            text: "database juniors".into(),
            ..Query::default()
        }),
        0
    );
    assert_eq!(
        count(Query {
            kind: Some(PromptKind::Pitch),
            ..Query::default()
        }),
        1
    );
    assert_eq!(
        count(Query {
            skill: Some(Skill::Leadership),
            ..Query::default()
        }),
        2
    );
    assert_eq!(
        count(Query {
            since: NaiveDate::from_ymd_opt(2026, 11, 15),
            ..Query::default()
        }),
        2
    );
    assert_eq!(
        count(Query {
            min_score: Some(80),
            ..Query::default()
        }),
        1
    );
    assert_eq!(
        count(Query {
            max_score: Some(80),
            ..Query::default()
        }),
        2
    );
    let newest_first: Vec<_> = store
        .list()
        .unwrap()
        .attempts
        .iter()
        .map(|s| s.kind)
        .collect();
    assert_eq!(
        newest_first,
        [
            PromptKind::Pitch,
            PromptKind::Behavioral,
            PromptKind::Behavioral
        ]
    );
}

#[test]
fn progress_counts_star_share_skills_weeks_and_streak() {
    let summaries: Vec<_> = [
        behavioural("2026-11-02T12:00:00Z", "a"),
        behavioural("2026-11-19T12:00:00Z", "b"),
        attempt(
            "2026-11-20T12:00:00Z",
            prompt("b2", PromptKind::Behavioral, &[Skill::Collaboration]),
            "c",
            feedback(
                [40, 40, 40, 40, 40],
                &[Element::Situation, Element::Action],
                120.0,
                6.0,
            ),
        ),
        attempt(
            "2026-11-21T12:00:00Z",
            prompt("p1", PromptKind::Pitch, &[Skill::Communication]),
            "d",
            feedback([90, 90, 90, 90, 90], &[], 160.0, 1.0),
        ),
    ]
    .iter()
    .map(AttemptSummary::of)
    .collect();
    let p = progress::progress(&summaries, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    assert_eq!(p.attempts, 4);
    assert_eq!((p.story_answers, p.story_answers_with_all_star), (3, 2));
    assert_eq!(
        p.area_averages[&Area::Timing],
        (70.0 + 70.0 + 40.0 + 90.0) / 4.0
    );
    let leadership = p
        .skills
        .iter()
        .find(|s| s.skill == Skill::Leadership)
        .unwrap();
    assert_eq!(
        (leadership.attempts, leadership.average_score),
        (2, Some(65.0))
    );
    let risk = p
        .skills
        .iter()
        .find(|s| s.skill == Skill::RiskManagement)
        .unwrap();
    assert_eq!((risk.attempts, risk.average_score), (0, None));
    // 2 Nov is a Monday; the weeks of 9 Nov (empty) and 16 Nov follow.
    let weeks: Vec<_> = p
        .weeks
        .iter()
        .map(|w| (w.week_start.to_string(), w.attempts))
        .collect();
    assert_eq!(
        weeks,
        [
            ("2026-11-02".into(), 1),
            ("2026-11-09".into(), 0),
            ("2026-11-16".into(), 3)
        ]
    );
    assert_eq!(p.streak_days, 3, "19, 20 and 21 Nov, alive on the 22nd");
    let later = progress::progress(&summaries, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    assert_eq!(later.streak_days, 0);
}

#[test]
fn a_wordless_take_counts_nowhere_in_progress() {
    let spoken = behavioural("2026-11-20T12:00:00Z", "We cut the build time by 40%.");
    let silent = attempt(
        "2026-11-21T12:00:00Z",
        prompt("b1", PromptKind::Behavioral, &[Skill::Leadership]),
        "",
        feedback([0, 0, 0, 0, 0], &[], 0.0, 0.0),
    );
    // A take whose transcript holds only punctuation said nothing either.
    let dots = attempt(
        "2026-11-21T12:05:00Z",
        prompt("b1", PromptKind::Behavioral, &[Skill::Leadership]),
        "... ?",
        feedback([0, 0, 0, 0, 0], &[], 0.0, 0.0),
    );
    let summaries: Vec<_> = [&spoken, &silent, &dots]
        .into_iter()
        .map(AttemptSummary::of)
        .collect();
    assert_eq!(summaries[0].words, Some(7));
    assert!(summaries[1].is_wordless() && summaries[2].is_wordless());
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let p = progress::progress(&summaries, today);
    assert_eq!((p.attempts, p.analysed), (1, 1));
    assert_eq!(
        p.area_averages[&Area::Timing],
        70.0,
        "the zeros pull nothing down"
    );
    assert_eq!(
        p.streak_days, 1,
        "the 20th alone: the 21st had only wordless takes"
    );
    let leadership = p
        .skills
        .iter()
        .find(|s| s.skill == Skill::Leadership)
        .unwrap();
    assert_eq!(leadership.attempts, 1);
}

#[test]
fn an_index_from_before_word_counts_is_rebuilt_with_them() {
    let (_dir, store) = temp_store();
    store
        .create(behavioural("2026-11-20T12:00:00Z", "We shipped it."), None)
        .unwrap();
    assert_eq!(store.list().unwrap().attempts[0].words, Some(3));
    // An index written by the previous version: same entries, no word counts, version 1.
    let index = store.root().join(INDEX_FILE);
    let mut old: Json = serde_json::from_str(&std::fs::read_to_string(&index).unwrap()).unwrap();
    old["version"] = json!(1);
    for entry in old["entries"].as_array_mut().unwrap() {
        entry["summary"].as_object_mut().unwrap().remove("words");
    }
    std::fs::write(&index, old.to_string()).unwrap();
    assert_eq!(store.list().unwrap().attempts[0].words, Some(3));
}

#[test]
fn markdown_export_has_prompt_scores_transcript_and_notes() {
    let mut a = behavioural("2026-11-20T10:00:00Z", "We cut the build time by 40%.");
    a.notes = "Lead with the number.".into();
    a.self_rating = Some(4);
    let md = markdown::attempt_markdown(&a, 1);
    for expected in [
        "# ",
        "Prompt b1",
        "| Structure | 80 |",
        "We cut the build time by 40%.",
        "## Notes",
        "Lead with the number.",
        "Self-rating: 4/5",
        "Story parts: Situation, Task, Action, Result",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in\n{md}");
    }
}

#[test]
fn the_app_export_writes_the_cli_markdown_into_the_exports_folder() {
    let (_dir, store) = temp_store();
    let mut a = behavioural("2026-11-20T10:00:00Z", "We cut the build time by 40%.");
    a.notes = "Lead with the number.".into();
    let kept = store.create(a, None).unwrap();
    let path = store.export_markdown(&kept.id).unwrap();
    assert_eq!(
        path,
        store
            .root()
            .join(EXPORTS_DIR)
            .join(format!("{}.md", kept.id))
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        markdown::attempt_markdown(&store.get(&kept.id).unwrap(), 1)
    );
    // Again after a change: the file is replaced, not added to.
    store
        .update(&kept.id, |a| a.notes = "Say the number first.".into())
        .unwrap();
    assert_eq!(store.export_markdown(&kept.id).unwrap(), path);
    let again = std::fs::read_to_string(&path).unwrap();
    assert!(again.contains("Say the number first.") && !again.contains("Lead with"));
    // A missing attempt is an error, and nothing is written.
    let missing = Store::parse_id("20200101T000000-0000").unwrap();
    assert!(store.export_markdown(&missing).is_err());
    assert_eq!(
        std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
        1
    );
}

#[test]
fn a_recording_the_app_made_is_kept_once_in_the_attempt_folder() {
    let (_dir, store) = temp_store();
    let recordings = store.root().join("recordings");
    std::fs::create_dir_all(&recordings).unwrap();
    let wav = recordings.join("answer-1.wav");
    write_wav(&wav, 1);
    let bytes = std::fs::read(&wav).unwrap();
    let stored = store
        .create_taking(behavioural("2026-11-20T10:00:00Z", "kept once"), &wav)
        .unwrap();
    assert!(!wav.exists(), "the recording's old name is gone");
    let audio = store.audio_path(&stored).unwrap();
    assert_eq!(std::fs::read(audio).unwrap(), bytes);
}

#[test]
fn recordings_kept_twice_by_older_versions_are_removed_and_no_other_is() {
    let (_dir, store) = temp_store();
    let recordings = store.root().join("recordings");
    std::fs::create_dir_all(&recordings).unwrap();
    // An older version kept the recording in recordings/ and copied it into the attempt.
    let twice = recordings.join("answer-1.wav");
    write_wav(&twice, 1);
    store
        .create(behavioural("2026-11-20T10:00:00Z", "twice"), Some(&twice))
        .unwrap();
    // A recording no attempt keeps (its analysis failed), and one of the same length whose
    // bytes differ, stay.
    let alone = recordings.join("answer-2.wav");
    write_wav(&alone, 2);
    let same_length = recordings.join("answer-3.wav");
    write_wav(&same_length, 1);
    let mut changed = std::fs::read(&same_length).unwrap();
    let last = changed.len() - 1;
    changed[last] = 7;
    std::fs::write(&same_length, &changed).unwrap();
    let partial = recordings.join("answer-4.partial.wav");
    std::fs::copy(&twice, &partial).unwrap();

    assert_eq!(store.drop_kept_recordings(&recordings).unwrap(), 1);
    assert!(!twice.exists());
    assert!(alone.exists() && same_length.exists() && partial.exists());
    assert_eq!(store.drop_kept_recordings(&recordings).unwrap(), 0);
}

#[test]
fn a_current_data_folder_is_migrated_without_losing_anything() {
    // A copy of a data folder written by the previous release (schema 1: untyped feedback,
    // recordings kept twice), checked in under tests/fixtures/history/v1-data.
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history/v1-data");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&source, &data);
    let store = Store::open(&data).unwrap();
    let listing = store.list().unwrap();
    assert!(listing.problems.is_empty(), "{:?}", listing.problems);
    assert_eq!(listing.attempts.len(), 2);
    for summary in &listing.attempts {
        let attempt = store.get(&summary.id).unwrap();
        assert_eq!(attempt.schema_version, SCHEMA_VERSION);
        let feedback = attempt.feedback.as_ref().expect("the typed feedback");
        assert!(feedback.word_count > 0);
        assert_eq!(
            summary.overall(),
            Some(Metrics::of(feedback).overall().unwrap())
        );
        assert!(store.audio_path(&attempt).unwrap().exists());
    }
    // Saving rewrites in the current schema and keeps the old file beside it.
    let id = listing.attempts[0].id.clone();
    let before = store.get(&id).unwrap();
    store.update(&id, |a| a.notes.push_str(" again")).unwrap();
    let folder = data.join("attempts").join(id.as_str());
    assert!(folder.join("attempt.v1.json").exists());
    let after = store.get(&id).unwrap();
    assert_eq!(after.feedback, before.feedback);
    assert_eq!(after.transcript, before.transcript);
    // The doubled recordings go; the one no attempt keeps stays.
    let recordings = data.join("recordings");
    let before_count = std::fs::read_dir(&recordings).unwrap().count();
    let removed = store.drop_kept_recordings(&recordings).unwrap();
    assert_eq!(removed, 2);
    assert_eq!(
        std::fs::read_dir(&recordings).unwrap().count(),
        before_count - removed
    );
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
