//! The window's chrome: the top bar with the tabs, the offers to recover unfinished
//! recordings, dropped files and the Space shortcut. `app.rs` lays them out around
//! the current tab's screen and applies the [`Command`]s they return. Also the pieces several
//! screens share: a tab's row of sub-screens, a message with Undo, a labelled drop-down.
//!
//! Rule: while recording, nothing but the practice screen's recording view is drawn, so
//! nothing competes for attention (docs/sources.md: "keep the recording screen calm").

use super::command::Command;
use super::message::{Messages, messages_ui};
use super::state::{ModelStatus, Phase, Tab};
use eframe::egui;
use std::path::PathBuf;

/// The tabs and the model's status.
pub fn top_bar_ui(ui: &mut egui::Ui, tab: &mut Tab, model: &ModelStatus) {
    ui.horizontal(|ui| {
        ui.heading("rehearse");
        ui.separator();
        ui.selectable_value(tab, Tab::Practice, "Practice");
        ui.selectable_value(tab, Tab::History, "History");
        ui.selectable_value(tab, Tab::Stories, "Stories");
        ui.selectable_value(tab, Tab::Settings, "Settings");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.menu_button("?", |ui| {
                ui.strong("Keyboard shortcuts");
                egui::Grid::new("shortcuts").num_columns(2).show(ui, |ui| {
                    for (keys, does) in SHORTCUTS {
                        ui.monospace(keys);
                        ui.label(does);
                        ui.end_row();
                    }
                });
            })
            .response
            .on_hover_text("Keyboard shortcuts");
            ui.label(egui::RichText::new(model_status_text(model)).small().weak());
        });
    });
}

/// The keyboard shortcuts, as the "?" list shows them.
pub const SHORTCUTS: [(&str, &str); 9] = [
    ("Space", "Record, stop, or cancel the countdown (Practice)"),
    (
        "Esc",
        "Cancel the countdown; stop a recording and ask whether to keep it",
    ),
    ("K / D", "Keep or discard the take just reviewed"),
    ("N", "Draw another prompt (Practice, Feedback)"),
    ("Enter", "In the WAV path field: analyse the file"),
    ("Enter", "In a target band field: check and use it"),
    ("Ctrl+,", "Open Settings"),
    ("Tab", "Move to the next control (Shift+Tab: back)"),
    ("Space / Enter", "Press the focused button"),
];

pub fn model_status_text(status: &ModelStatus) -> String {
    match status {
        ModelStatus::Checking => "Checking the speech model…".into(),
        ModelStatus::Ready(path) => format!(
            "Model: {}",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
        ModelStatus::Missing(_) => "Speech model not installed".into(),
        ModelStatus::Installing { message, .. } => message.clone(),
        ModelStatus::Failed(err) => format!("Model install failed: {err}"),
    }
}

/// The settings screen's model line: the status in its own words (the combo box already
/// names the model) and whether Install makes sense.
pub fn settings_model_line(status: &ModelStatus) -> super::settings::ModelLine {
    let (status, can_install) = match status {
        ModelStatus::Checking => ("Checking…".to_string(), false),
        ModelStatus::Ready(path) => (
            format!(
                "Installed ({})",
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
            false,
        ),
        ModelStatus::Missing(_) => ("Not installed".to_string(), true),
        ModelStatus::Installing { message, .. } => (message.clone(), false),
        ModelStatus::Failed(err) => (format!("Install failed: {err}"), true),
    };
    super::settings::ModelLine {
        status,
        can_install,
    }
}

/// The offers to recover recordings left unfinished by a crash.
#[must_use]
pub fn unfinished_ui(ui: &mut egui::Ui, unfinished: &[PathBuf]) -> Option<Command> {
    let mut command = None;
    for partial in unfinished {
        ui.horizontal(|ui| {
            let name = partial
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.label(format!("An unfinished recording was found: {name}"));
            if ui.button("Recover and analyse").clicked() {
                command = Some(Command::Recover(partial.clone()));
            }
            if ui.button("Discard").clicked() {
                command = Some(Command::DiscardUnfinished(partial.clone()));
            }
        });
    }
    if !unfinished.is_empty() {
        ui.separator();
    }
    command
}

/// A file dropped onto the window, analysed when nothing else is under way.
#[must_use]
pub fn dropped_file_command(ctx: &egui::Context, phase: &Phase) -> Option<Command> {
    let dropped: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    let path = dropped.into_iter().next()?;
    matches!(phase, Phase::Idle | Phase::Reviewing(_)).then_some(Command::AnalyseFile(path))
}

/// The app's keys ([`SHORTCUTS`]): Ctrl+, opens Settings (except while recording); on the
/// practice screen, or while recording, Space starts and stops, Esc cancels the countdown or
/// stops a recording (the Keep / Discard choice follows), N draws another prompt. Plain keys
/// do nothing while a text field has the focus.
#[must_use]
pub fn shortcut_command(ctx: &egui::Context, tab: Tab, phase: &Phase) -> Option<Command> {
    let busy = phase.is_busy_recording();
    if !busy && ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Comma)) {
        return Some(Command::OpenSettings);
    }
    let typing = ctx.memory(|m| m.focused().is_some());
    if typing || tab != Tab::Practice && !busy {
        return None;
    }
    let pressed = |key| ctx.input(|i| i.key_pressed(key) && i.modifiers.is_none());
    let live = matches!(phase, Phase::Countdown { .. } | Phase::Recording { .. });
    if pressed(egui::Key::Space) || live && pressed(egui::Key::Escape) {
        return Some(Command::ToggleRecording);
    }
    let settled = matches!(phase, Phase::Idle | Phase::Reviewing(_));
    (settled && pressed(egui::Key::N)).then_some(Command::DrawAnother)
}

/// A row of a tab's own screens (label, whether it is the one shown, the screen it opens) and
/// a Refresh button; returns whether Refresh was clicked.
pub fn screens_ui<S>(
    ui: &mut egui::Ui,
    screen: &mut S,
    tabs: impl IntoIterator<Item = (&'static str, bool, S)>,
    refresh_hint: &str,
) -> bool {
    ui.horizontal(|ui| {
        for (label, selected, target) in tabs {
            if ui.selectable_label(selected, label).clicked() {
                *screen = target;
            }
        }
        ui.button("Refresh").on_hover_text(refresh_hint).clicked()
    })
    .inner
}

/// A screen's messages ([`messages_ui`]), and Undo while `last_deleted` holds what was just
/// deleted and its message is still shown; returns what to restore when Undo is clicked.
pub fn message_ui<I: Clone>(
    ui: &mut egui::Ui,
    messages: &mut Messages,
    last_deleted: &mut Option<I>,
) -> Option<I> {
    messages_ui(ui, messages);
    if messages.is_empty() {
        // The message about the delete has gone, and Undo with it.
        *last_deleted = None;
    }
    let mut undo = None;
    if last_deleted.is_some() && ui.button("Undo").clicked() {
        undo = last_deleted.take();
        messages.clear();
    }
    undo
}

/// A labelled drop-down (`id`, label, name of "no choice") choosing one of `all`, or none.
pub fn choice_ui<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    (id, label, none): (&str, &str, &'static str),
    value: &mut Option<T>,
    all: impl IntoIterator<Item = T>,
    name: fn(T) -> &'static str,
) {
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(value.map_or(none, name))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, none);
            for item in all {
                ui.selectable_value(value, Some(item), name(item));
            }
        })
        .response
        .labelled_by(label.id);
}
