//! The first-run dialog: with no Whisper model installed, offer to install the default one with
//! a progress bar, using the same installer as `rehearse models install`.
//!
//! Rule: the app stays usable without a model (prompts, recording, settings); only the
//! analysis waits for it, and the dialog can be dismissed.

use super::command::Command;
use super::state::ModelStatus;
use eframe::egui;

/// The dialog, while `open`: installs `model` (returns [`Command::InstallModel`]) or closes.
#[must_use]
pub fn first_run_ui(
    ctx: &egui::Context,
    open: &mut bool,
    model: &str,
    status: &ModelStatus,
) -> Option<Command> {
    if !*open {
        return None;
    }
    let mut close = false;
    let mut install = false;
    egui::Modal::new(egui::Id::unique("rehearse_first_run")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.heading("Install the speech model");
        ui.add_space(6.0);
        ui.label(format!(
            "rehearse transcribes your answers on this computer with Whisper. The \"{}\" model is not installed yet.",
            model
        ));
        ui.add_space(6.0);
        match status {
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
    if close {
        *open = false;
    }
    install.then_some(Command::InstallModel)
}
