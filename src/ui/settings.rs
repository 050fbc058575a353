//! The user's settings: microphone, Whisper model, target bands per kind of prompt, the filler
//! list, and the recording cap. Saved as JSON in the config folder.
//!
//! Rule: loading never fails the app. Missing fields take their defaults (`serde(default)`),
//! so a settings file from an older version still loads; a file that cannot be parsed is
//! reported once and replaced by defaults only when the user saves. `REHEARSE_CONFIG_DIR`
//! overrides the folder (tests, portable installs).

use eframe::egui;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::command::Command;
use crate::audio::devices::InputDevice;
use crate::audio::recording_rules::DEFAULT_MAX_RECORDING;
use crate::domain::PromptKind;

/// Environment variable that overrides the settings folder.
pub use crate::paths::CONFIG_DIR_ENV;

/// File name of the settings inside the config folder.
pub const SETTINGS_FILE: &str = "settings.json";

/// Longest cap the settings allow, in minutes (the WAV stays far below 4 GB at 48 kHz).
pub const MAX_CAP_MINUTES: u32 = 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Microphone id; `None` follows the system default.
    pub microphone: Option<String>,
    /// Whisper model name (see `rehearse models list`).
    pub model: String,
    /// The user's own target band in seconds for a kind of prompt, replacing the band each
    /// prompt of that kind carries (for example a company that wants 90 s stories). Empty by
    /// default: every prompt keeps its own band.
    pub target_bands: BTreeMap<PromptKind, (u32, u32)>,
    /// The user's own filler words ("sort of", "right"), counted and marked in the transcript on
    /// top of the coaching engine's fillers, which are always detected in context. Empty by
    /// default: the engine's list already covers the common ones (docs/sources.md), and a
    /// word flagged without context can be a false alarm ("I like Rust").
    pub fillers: Vec<String>,
    /// Recording cap in minutes.
    pub max_recording_minutes: u32,
    /// Countdown before recording starts, in seconds.
    pub countdown_seconds: u32,
    /// Show the words heard so far in one quiet line under the timer while recording. Off by
    /// default: the recording screen stays calm (issue 11).
    pub live_captions: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            microphone: None,
            model: default_model_name(),
            target_bands: BTreeMap::new(),
            fillers: Vec::new(),
            max_recording_minutes: (DEFAULT_MAX_RECORDING.as_secs() / 60) as u32,
            countdown_seconds: DEFAULT_COUNTDOWN_SECONDS,
            live_captions: false,
        }
    }
}

/// Most user filler words kept from a settings file, and their longest length in characters.
const MAX_FILLERS: usize = 200;
const MAX_FILLER_CHARS: usize = 40;
/// Longest countdown kept from a settings file, in seconds (the screen offers 0 to 10).
const MAX_COUNTDOWN_SECONDS: u32 = 10;

/// A short countdown so the first words are not clipped (product requirement: "a short countdown").
pub const DEFAULT_COUNTDOWN_SECONDS: u32 = 3;

fn default_model_name() -> String {
    crate::models::DEFAULT_MODEL.to_string()
}

/// The band offered when the user turns on their own band for a kind: the coaching engine's
/// default for that kind.
fn suggested_band(kind: PromptKind) -> (u32, u32) {
    crate::analysis::AnswerContext::for_kind(kind)
        .target_seconds
        .unwrap_or((30, 60))
}

impl Settings {
    /// The folder settings live in.
    pub fn dir() -> Option<PathBuf> {
        crate::paths::config_dir()
    }

    /// Loads from `dir`; a missing file gives defaults, a broken file gives defaults and a
    /// message.
    pub fn load(dir: &Path) -> (Settings, Option<String>) {
        let path = dir.join(SETTINGS_FILE);
        let text = match crate::bounded::read_text(&path, crate::bounded::MAX_SETTINGS_BYTES) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return (Settings::default(), None);
            }
            Err(err) => {
                return (
                    Settings::default(),
                    Some(format!("Cannot read {}: {err}", path.display())),
                );
            }
        };
        match serde_json::from_str::<Settings>(&text) {
            Ok(settings) => (settings.sanitised(), None),
            Err(err) => (
                Settings::default(),
                Some(format!(
                    "Settings in {} could not be read ({err}); using defaults.",
                    path.display()
                )),
            ),
        }
    }

    /// Writes to `dir` atomically ([`crate::files::write_atomically`]).
    pub fn save(&self, dir: &Path) -> Result<PathBuf, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("Cannot create {}: {e}", dir.display()))?;
        let path = dir.join(SETTINGS_FILE);
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        crate::files::write_atomically(&path, text.as_bytes())
            .map_err(|e| format!("Cannot write {}: {e}", path.display()))?;
        Ok(path)
    }

    /// Repairs values a hand-edited file could get wrong.
    fn sanitised(mut self) -> Settings {
        self.max_recording_minutes = self.max_recording_minutes.clamp(1, MAX_CAP_MINUTES);
        for band in self.target_bands.values_mut() {
            if band.0 > band.1 {
                *band = (band.1, band.0);
            }
        }
        self.fillers.retain(|f| !f.trim().is_empty());
        // A hand-edited file is untrusted: keep the lists and numbers to sizes the app uses.
        self.fillers
            .retain(|f| f.chars().count() <= MAX_FILLER_CHARS);
        self.fillers.truncate(MAX_FILLERS);
        for band in self.target_bands.values_mut() {
            let max = crate::prompts::MAX_TARGET_SECONDS;
            *band = (band.0.clamp(5, max), band.1.clamp(5, max));
        }
        self.countdown_seconds = self.countdown_seconds.min(MAX_COUNTDOWN_SECONDS);
        if self.model.trim().is_empty() {
            self.model = default_model_name();
        }
        self
    }

    /// The band for a kind of prompt.
    pub fn band_for(&self, kind: PromptKind) -> Option<(u32, u32)> {
        self.target_bands.get(&kind).copied()
    }
}

/// Editing state of the settings screen.
#[derive(Debug, Default)]
pub struct SettingsView {
    pub new_filler: String,
}

/// Draws the settings screen; edits `settings` in place.
#[must_use]
pub fn settings_ui(
    ui: &mut egui::Ui,
    view: &mut SettingsView,
    settings: &mut Settings,
    devices: &[InputDevice],
    model_status: &str,
) -> Option<Command> {
    let mut command = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Settings");
        ui.add_space(8.0);

        ui.strong("Microphone");
        ui.horizontal(|ui| {
            let selected = settings
                .microphone
                .as_ref()
                .and_then(|id| devices.iter().find(|d| &d.id == id))
                .map(|d| d.name.clone())
                .unwrap_or_else(|| "System default".to_string());
            egui::ComboBox::from_label("Input device")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut settings.microphone, None, "System default");
                    for device in devices {
                        let label = if device.is_default {
                            format!("{} (default)", device.name)
                        } else {
                            device.name.clone()
                        };
                        ui.selectable_value(
                            &mut settings.microphone,
                            Some(device.id.clone()),
                            label,
                        );
                    }
                });
            if ui.button("Refresh").clicked() {
                command = Some(Command::RefreshDevices);
            }
        });
        if devices.is_empty() {
            ui.label("No microphone found. You can still open a WAV file to analyse.");
        }
        ui.add_space(8.0);

        ui.strong("Whisper model");
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("Model")
                .selected_text(settings.model.clone())
                .show_ui(ui, |ui| {
                    for spec in crate::models::CATALOG {
                        ui.selectable_value(&mut settings.model, spec.name.to_string(), spec.name);
                    }
                });
            ui.label(model_status);
            if ui.button("Install").clicked() {
                command = Some(Command::InstallModel);
            }
        });
        ui.add_space(8.0);

        ui.strong("Target length (seconds)");
        ui.label(
            egui::RichText::new("Each prompt has its own band. Tick a kind to use your own band for all its prompts.")
                .small()
                .weak(),
        );
        egui::Grid::new("bands").num_columns(3).show(ui, |ui| {
            for kind in PromptKind::ALL {
                let mut own = settings.target_bands.contains_key(&kind);
                if ui.checkbox(&mut own, kind.label()).changed() {
                    if own {
                        settings.target_bands.insert(kind, suggested_band(kind));
                    } else {
                        settings.target_bands.remove(&kind);
                    }
                }
                match settings.target_bands.get_mut(&kind) {
                    Some(band) => {
                        ui.add(egui::DragValue::new(&mut band.0).range(5..=600).suffix(" s"));
                        ui.add(egui::DragValue::new(&mut band.1).range(5..=600).suffix(" s"));
                        if band.0 > band.1 {
                            band.1 = band.0;
                        }
                    }
                    None => {
                        ui.label(egui::RichText::new("from the prompt").weak());
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
        ui.add_space(8.0);

        ui.strong("Your filler words");
        ui.label(
            egui::RichText::new(
                "Um, uh, and \"like\" or \"you know\" used as fillers are always detected, in context. \
                 Add your own habits here; they are counted and marked wherever they occur.",
            )
            .small()
            .weak(),
        );
        ui.horizontal_wrapped(|ui| {
            let mut remove = None;
            for (i, filler) in settings.fillers.iter().enumerate() {
                if ui
                    .button(format!("{filler}  ×"))
                    .on_hover_text("Remove")
                    .clicked()
                {
                    remove = Some(i);
                }
            }
            if let Some(i) = remove {
                settings.fillers.remove(i);
            }
        });
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut view.new_filler)
                    .hint_text("add a filler")
                    .desired_width(160.0),
            );
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add filler").clicked() || enter) && !view.new_filler.trim().is_empty() {
                let word = view.new_filler.trim().to_string();
                if !settings
                    .fillers
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(&word))
                {
                    settings.fillers.push(word);
                }
                view.new_filler.clear();
            }
        });
        ui.add_space(8.0);

        ui.strong("Recording");
        ui.horizontal(|ui| {
            ui.label("Stop by itself after");
            ui.add(
                egui::DragValue::new(&mut settings.max_recording_minutes)
                    .range(1..=MAX_CAP_MINUTES)
                    .suffix(" min"),
            );
            ui.label("Countdown");
            ui.add(
                egui::DragValue::new(&mut settings.countdown_seconds)
                    .range(0..=10)
                    .suffix(" s"),
            );
        });
        ui.checkbox(
            &mut settings.live_captions,
            "Show live captions while recording",
        );
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui.button("Save settings").clicked() {
                command = Some(Command::SaveSettings);
            }
            if ui.button("Restore defaults").clicked() {
                *settings = Settings::default();
            }
        });
    });
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_take_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), r#"{"model": "base.en"}"#).unwrap();
        let (settings, problem) = Settings::load(dir.path());
        assert_eq!(problem, None);
        assert_eq!(settings.model, "base.en");
        assert_eq!(settings.fillers, Settings::default().fillers);
        assert_eq!(settings.max_recording_minutes, 10);
    }

    #[test]
    fn broken_file_gives_defaults_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), "{ not json").unwrap();
        let (settings, problem) = Settings::load(dir.path());
        assert_eq!(settings, Settings::default());
        assert!(problem.unwrap().contains("using defaults"));
    }

    #[test]
    fn saved_settings_load_back_equal() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::default();
        settings.fillers.push("sort of".into());
        settings.target_bands.insert(PromptKind::Pitch, (25, 35));
        settings.microphone = Some("alsa:pulse".into());
        settings.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()), (settings, None));
    }

    #[test]
    fn hand_edited_nonsense_is_repaired() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            r#"{"max_recording_minutes": 0, "target_bands": {"pitch": [60, 30]}, "fillers": ["um", " "], "model": ""}"#,
        )
        .unwrap();
        let (settings, _) = Settings::load(dir.path());
        assert_eq!(settings.max_recording_minutes, 1);
        assert_eq!(settings.band_for(PromptKind::Pitch), Some((30, 60)));
        assert_eq!(settings.fillers, vec!["um".to_string()]);
        assert_eq!(settings.model, crate::models::DEFAULT_MODEL);
    }
}
