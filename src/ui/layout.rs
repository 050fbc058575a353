//! The frame of the window: the top bar with the tabs, the notice banner, the screen of the
//! current tab, and the dialogs (first run, unfinished recordings).
//!
//! Rule: while recording, nothing but the practice screen's recording view is drawn, so
//! nothing competes for attention (docs/sources.md: "keep the recording screen calm").

use super::app::{ModelStatus, Phase, RehearseApp, Tab};
use eframe::egui;

pub fn app_ui(app: &mut RehearseApp, ui: &mut egui::Ui) {
    let recording = app.phase.is_busy_recording();
    if !recording {
        egui::Panel::top("top_bar").show(ui, |ui| top_bar_ui(app, ui));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        if !recording {
            notices_ui(app, ui);
        }
        match (app.tab, recording) {
            (_, true) | (Tab::Practice, false) => super::practice::practice_ui(app, ui),
            (Tab::History, false) => super::history::history_tab_ui(app, ui),
            (Tab::Stories, false) => super::stories::stories_tab_ui(app, ui),
            (Tab::Settings, false) => {
                let model = settings_model_line(&app.model);
                if let Some(command) = super::settings::settings_ui(
                    ui,
                    &mut app.settings_view,
                    &mut app.settings,
                    app.devices.as_deref().unwrap_or_default(),
                    &model,
                ) {
                    app.apply(command);
                }
            }
        }
    });
    if !recording {
        super::first_run::first_run_ui(app, ui.ctx());
    }
    handle_dropped_files(app, ui.ctx());
    handle_shortcuts(app, ui.ctx());
}

fn top_bar_ui(app: &mut RehearseApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        ui.heading("rehearse");
        ui.separator();
        ui.selectable_value(&mut app.tab, Tab::Practice, "Practice");
        ui.selectable_value(&mut app.tab, Tab::History, "History");
        ui.selectable_value(&mut app.tab, Tab::Stories, "Stories");
        ui.selectable_value(&mut app.tab, Tab::Settings, "Settings");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(
                egui::RichText::new(model_status_text(&app.model))
                    .small()
                    .weak(),
            );
        });
    });
}

pub(super) fn model_status_text(status: &ModelStatus) -> String {
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
pub(super) fn settings_model_line(status: &ModelStatus) -> super::settings::ModelLine {
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

fn notices_ui(app: &mut RehearseApp, ui: &mut egui::Ui) {
    let mut dismiss = None;
    for (i, notice) in app.notices.iter().enumerate() {
        let colour = if notice.is_error {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().text_color()
        };
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(&notice.text).color(colour));
            if ui.small_button("Dismiss").clicked() {
                dismiss = Some(i);
            }
        });
    }
    if let Some(i) = dismiss {
        app.notices.remove(i);
    }
    if !app.notices.is_empty() {
        ui.separator();
    }

    let unfinished = app.unfinished.clone();
    for partial in unfinished {
        ui.horizontal(|ui| {
            let name = partial
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.label(format!("An unfinished recording was found: {name}"));
            if ui.button("Recover and analyse").clicked() {
                app.recover(&partial);
            }
            if ui.button("Discard").clicked() {
                app.discard_unfinished(&partial);
            }
        });
    }
}

fn handle_dropped_files(app: &mut RehearseApp, ctx: &egui::Context) {
    let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    if let Some(path) = dropped.into_iter().next()
        && matches!(app.phase, Phase::Idle | Phase::Reviewing(_))
    {
        app.review_file(path, None, false);
    }
}

fn handle_shortcuts(app: &mut RehearseApp, ctx: &egui::Context) {
    let typing = ctx.memory(|m| m.focused().is_some());
    if typing || app.tab != Tab::Practice && !app.phase.is_busy_recording() {
        return;
    }
    if ctx.input(|i| i.key_pressed(egui::Key::Space)) {
        app.toggle_recording();
    }
}
