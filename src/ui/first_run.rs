//! The first-run dialog: with no Whisper model installed, offer to install the default one with
//! a progress bar, using the same installer as `rehearse models install`.
//!
//! Rule: the app stays usable without a model (prompts, recording, settings); only the
//! analysis waits for it, and the dialog can be dismissed.

use super::app::{ModelStatus, RehearseApp};
use eframe::egui;

pub fn first_run_ui(app: &mut RehearseApp, ctx: &egui::Context) {
    if !app.show_first_run {
        return;
    }
    let mut close = false;
    let mut install = false;
    egui::Modal::new(egui::Id::unique("rehearse_first_run")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.heading("Install the speech model");
        ui.add_space(6.0);
        ui.label(format!(
            "rehearse transcribes your answers on this computer with Whisper. The \"{}\" model is not installed yet.",
            app.settings.model
        ));
        ui.add_space(6.0);
        match &app.model {
            ModelStatus::Installing { message, fraction } => {
                match fraction {
                    Some(f) => ui.add(egui::ProgressBar::new(*f).show_percentage()),
                    None => ui.add(egui::ProgressBar::new(0.0).animate(true)),
                };
                ui.label(message);
            }
            ModelStatus::Failed(err) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("The install failed: {err}"));
                ui.label("You can retry, or run `rehearse models install` in a terminal for details.");
                if ui.button("Retry").clicked() {
                    install = true;
                }
            }
            ModelStatus::Missing(reason) => {
                ui.label(egui::RichText::new(reason).small().weak());
                ui.add_space(6.0);
                if ui.button("Install the model").clicked() {
                    install = true;
                }
            }
            ModelStatus::Ready(_) | ModelStatus::Checking => close = true,
        }
        ui.add_space(8.0);
        if ui.button("Later").clicked() {
            close = true;
        }
    });
    if install {
        app.install_model();
    }
    if close {
        app.show_first_run = false;
    }
}
