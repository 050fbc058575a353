//! The settings screen driven through egui_kittest by its labels: typed target bands checked on
//! Enter or when the field loses focus, Install offered only for a missing model, and changes
//! saved by themselves.

use std::time::{Duration, Instant};

use super::command::Command;
use super::settings::{AUTOSAVE_DELAY, ModelLine, Settings, SettingsView, settings_ui};
use crate::domain::PromptKind;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

struct State {
    view: SettingsView,
    settings: Settings,
    model: ModelLine,
    commands: Vec<Command>,
}

fn harness(model: ModelLine) -> Harness<'static, State> {
    let state = State {
        view: SettingsView::default(),
        settings: Settings::default(),
        model,
        commands: Vec::new(),
    };
    Harness::builder()
        .with_size([1000.0, 900.0])
        // A grid whose column grows (a band error appears) settles a few frames later.
        .with_max_steps(12)
        .build_ui_state(
            |ui: &mut egui::Ui, state: &mut State| {
                if let Some(command) =
                    settings_ui(ui, &mut state.view, &mut state.settings, &[], &state.model)
                {
                    // What the app does with the command.
                    if command == Command::SaveSettings {
                        state.view.autosave.saved(&state.settings);
                    }
                    state.commands.push(command);
                }
            },
            state,
        )
}

fn installed() -> ModelLine {
    ModelLine {
        status: "Installed (ggml-tiny.en.bin)".into(),
        can_install: false,
    }
}

/// Replaces the text of the first field labelled `label` with `text`.
fn retype(h: &mut Harness<'static, State>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn pitch_band(h: &Harness<'static, State>) -> Option<(u32, u32)> {
    h.state().settings.band_for(PromptKind::Pitch)
}

#[test]
fn a_typed_band_is_taken_on_enter_or_leaving_the_field_and_nonsense_changes_nothing() {
    let mut h = harness(installed());
    h.run();
    h.get_by_label("Pitch").click();
    h.run();
    let (low, _) = pitch_band(&h).expect("ticking a kind gives it a band");

    // Typing 90 gives 90 (a drag value clamped every keystroke and could end at 600).
    retype(&mut h, "longest", "90");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(pitch_band(&h), Some((low, 90)));

    // A longest shorter than the shortest is refused: the reason shows, the band stays.
    retype(&mut h, "longest", "9");
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label_contains("is longer than the longest");
    assert_eq!(pitch_band(&h), Some((low, 90)));

    // Not a length at all: an example of what is.
    retype(&mut h, "shortest", "soon");
    h.key_press(egui::Key::Tab);
    h.run();
    h.get_by_label_contains("\"soon\" is not a length");
    assert_eq!(pitch_band(&h), Some((low, 90)));

    // Minutes and seconds, checked when the field loses focus (Tab to the next one).
    retype(&mut h, "shortest", "1:00");
    retype(&mut h, "longest", "1:30");
    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(pitch_band(&h), Some((60, 90)));
    assert!(
        h.query_by_label_contains("not a length").is_none(),
        "the error went"
    );
}

#[test]
fn install_is_offered_only_for_a_missing_model_and_the_status_is_said_once() {
    let mut h = harness(installed());
    h.run();
    assert!(
        h.get_by_label("Install").accesskit_node().is_disabled(),
        "an installed model cannot be installed again"
    );
    h.get_by_label("Install").click();
    h.run();
    assert!(h.state().commands.is_empty());
    h.get_by_label("Installed (ggml-tiny.en.bin)");
    assert!(
        h.query_by_label_contains("Model:").is_none(),
        "no \"Model  Model: ...\" label"
    );

    h.state_mut().model = ModelLine {
        status: "Not installed".into(),
        can_install: true,
    };
    h.run();
    assert!(!h.get_by_label("Install").accesskit_node().is_disabled());
    h.get_by_label("Install").click();
    h.run();
    assert_eq!(h.state().commands, vec![Command::InstallModel]);
}

#[test]
fn a_change_is_saved_by_itself_once_it_holds_still() {
    let mut h = harness(installed());
    h.run();
    h.get_by_label("All changes saved");
    assert!(
        h.query_by_label("Save settings").is_none(),
        "no button to forget"
    );
    h.get_by_label("Objection").click();
    h.run();
    h.get_by_label("Saving…");
    assert!(h.state().commands.is_empty(), "not on the same frame");
    let start = Instant::now();
    while h.state().commands.is_empty() {
        assert!(start.elapsed() < AUTOSAVE_DELAY * 5, "never saved");
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
    assert!(start.elapsed() >= AUTOSAVE_DELAY / 2);
    assert_eq!(h.state().commands, vec![Command::SaveSettings]);
    h.run();
    h.get_by_label("All changes saved");
}
