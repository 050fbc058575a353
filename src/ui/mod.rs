//! The desktop app (eframe/egui 0.37). Only this module imports egui.
//!
//! Rule: the UI thread owns the app state ([`app::RehearseApp`]); the recording worker, the
//! review worker (Whisper + analysis), the model installer and playback send one event enum
//! over one channel and request a repaint. Screens: practice ([`practice`]), feedback
//! ([`feedback`]), the history's list, attempt, compare and progress screens ([`history`]),
//! stories ([`stories`]), settings ([`settings`]), the first-run model dialog ([`first_run`]),
//! and the window's chrome ([`layout`]). Each screen owns its state type, is handed it with
//! read-only context (the app-level types are in [`state`]), and returns at most one
//! [`command::Command`], which `app.rs` applies after drawing; no screen imports `app.rs`.
//! Without a display the app says so and points to the command line. Sources:
//! docs/sources.md, "Desktop" (eframe 0.37 API, winit error without `DISPLAY`, Xvfb).

use eframe::egui;
pub mod app;
pub mod assessment;
pub mod band_entry;
pub mod command;
pub mod feedback;
pub mod first_run;
pub mod history;
#[cfg(test)]
mod history_tests;
pub mod layout;
pub mod message;
pub mod practice;
#[cfg(test)]
mod practice_tests;
pub mod settings;
#[cfg(test)]
mod settings_tests;
pub mod state;
pub mod stories;
#[cfg(test)]
mod stories_tests;
pub mod transcript_view;

use std::time::Instant;

pub use app::{AppEvent, AppOptions, RehearseApp};
pub use state::{Phase, Tab};

/// Initial window size: fits the prompt card and the transcript on a 1280x800 screen.
const WINDOW_SIZE: [f32; 2] = [1100.0, 760.0];

/// The smallest window, in points (it grows with the UI scale): the practice screen's Record
/// and Analyse file controls stay in view at this size (`tests/app_ui.rs` checks it).
pub const MIN_WINDOW: [f32; 2] = [640.0, 480.0];

/// What to tell someone who has no display.
pub const NO_DISPLAY_HELP: &str = "No display found, so the window cannot open. \
Everything else works from the command line: `rehearse prompts random`, `rehearse transcribe FILE.wav`, \
`rehearse analyze FILE.wav`, `rehearse history list` (see `rehearse --help`).";

/// Opens the window and runs until it is closed.
pub fn run_app() -> anyhow::Result<()> {
    let started = Instant::now();
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
    if !has_display {
        anyhow::bail!(NO_DISPLAY_HELP);
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size(WINDOW_SIZE)
            .with_min_inner_size(MIN_WINDOW)
            .with_title("rehearse"),
        ..Default::default()
    };
    let result = eframe::run_native(
        "rehearse",
        options,
        Box::new(move |cc| {
            let mut app = RehearseApp::new(cc.egui_ctx.clone(), AppOptions::from_system());
            app.set_started(started);
            Ok(Box::new(app))
        }),
    );
    result.map_err(|err| match err {
        eframe::Error::WinitEventLoop(_) | eframe::Error::Winit(_) => {
            anyhow::anyhow!("{NO_DISPLAY_HELP}\n(The window system said: {err})")
        }
        other => anyhow::anyhow!("The window could not open: {other}"),
    })
}
