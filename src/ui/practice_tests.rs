//! The practice screen and the app's keys driven through egui_kittest: the prompt card's
//! history line, Enter in the WAV path field, the story-gaps toggle, and the shortcuts
//! (N, Esc, Ctrl+,).

use super::command::Command;
use super::layout::shortcut_command;
use super::practice::{PracticeContext, PracticeState, practice_ui};
use super::state::{Listening, Phase, Tab};
use crate::prompts::PromptBank;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::{Duration, Instant};

struct State {
    practice: PracticeState,
    phase: Phase,
    line: Option<String>,
    commands: Vec<Command>,
}

fn harness(phase: Phase, line: Option<&str>) -> Harness<'static, State> {
    let bank = PromptBank::builtin();
    let state = State {
        practice: PracticeState {
            prompt: bank.all().first().cloned(),
            ..PracticeState::default()
        },
        phase,
        line: line.map(str::to_string),
        commands: Vec::new(),
    };
    Harness::builder()
        .with_size([1100.0, 900.0])
        .build_ui_state(
            |ui: &mut egui::Ui, state: &mut State| {
                let cx = PracticeContext {
                    phase: &state.phase,
                    fillers: &[],
                    playback: None,
                    band: Some((60, 120)),
                    can_record: true,
                    no_microphone: false,
                    live_captions: false,
                    take_open: false,
                    history_line: state.line.clone(),
                };
                let command = practice_ui(ui, &mut state.practice, &cx);
                state.commands.extend(command);
                let key = shortcut_command(ui.ctx(), Tab::Practice, &state.phase);
                state.commands.extend(key);
            },
            state,
        )
}

#[test]
fn the_card_says_how_the_prompt_was_practised_only_when_it_was() {
    let mut h = harness(
        Phase::Idle,
        Some("practised 3 times, last score 85, 12 Nov"),
    );
    h.run();
    h.get_by_label("practised 3 times, last score 85, 12 Nov");
    let mut fresh = harness(Phase::Idle, None);
    fresh.run();
    assert!(fresh.query_by_label_contains("practised").is_none());
}

#[test]
fn enter_in_the_wav_field_analyses_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("answer.wav");
    std::fs::write(&wav, b"RIFF").unwrap();
    let mut h = harness(Phase::Idle, None);
    h.run();
    h.get_by_label("Analyse a WAV file:").focus();
    h.run();
    h.get_by_label("Analyse a WAV file:")
        .type_text(&wav.display().to_string());
    h.run();
    assert!(h.state().commands.is_empty(), "typing alone does nothing");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().commands, vec![Command::AnalyseFile(wav)]);
}

#[test]
fn the_story_gaps_toggle_redraws_with_gaps_favoured() {
    let mut h = harness(Phase::Idle, None);
    h.run();
    h.get_by_label("Favour my story gaps").click();
    h.run();
    assert!(h.state().practice.favour_gaps);
    assert_eq!(h.state().commands, vec![Command::DrawPrompt]);
}

#[test]
fn keys_draw_cancel_and_open_settings_but_not_while_typing() {
    let mut h = harness(Phase::Idle, None);
    h.run();
    h.key_press(egui::Key::N);
    h.run();
    assert_eq!(h.state().commands, vec![Command::DrawAnother]);
    h.state_mut().commands.clear();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    h.run();
    assert_eq!(h.state().commands, vec![Command::OpenSettings]);
    h.state_mut().commands.clear();
    // Esc on the idle screen does nothing; during the countdown it cancels.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().commands.is_empty());
    h.state_mut().phase = Phase::Countdown {
        until: Instant::now() + Duration::from_secs(60),
        listening: Listening::default(),
    };
    h.step();
    h.key_press(egui::Key::Escape);
    h.step();
    assert_eq!(h.state().commands, vec![Command::ToggleRecording]);
    // N while typing a path is a letter, not a shortcut.
    let mut typing = harness(Phase::Idle, None);
    typing.run();
    typing.get_by_label("Analyse a WAV file:").focus();
    typing.run();
    typing.key_press(egui::Key::N);
    typing.run();
    assert!(typing.state().commands.is_empty());
}
