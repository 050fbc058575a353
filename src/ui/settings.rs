//! The user's settings: microphone, Whisper model, target bands per kind of prompt, the filler
//! list, and the recording cap. Saved as JSON in the config folder.
//!
//! Rules: loading never fails the app. Missing fields take their defaults (`serde(default)`),
//! so a settings file from an older version still loads; a file that cannot be parsed is
//! reported once and replaced by defaults only when a change is saved. Changes are saved by
//! themselves, as most desktop apps do ([`AutoSave`]: shortly after the last change, so a drag
//! is written once at its end), and the screen says whether everything is saved. Target bands
//! are typed and checked on Enter or when the field loses focus ([`super::band_entry`]).
//! `REHEARSE_CONFIG_DIR` overrides the folder (tests, portable installs).

use eframe::egui;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::band_entry::BandDraft;
use super::command::Command;
use super::message::{MessageKind, Messages, messages_ui};
use crate::audio::devices::InputDevice;
use crate::audio::recording_rules::DEFAULT_MAX_RECORDING;
use crate::domain::PromptKind;
use crate::prompts::PromptFilter;

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
    /// The practice screen's prompt filters as last set, so they survive a restart.
    pub prompt_filter: PromptFilter,
    /// The practice screen's "Favour my story gaps" toggle as last set.
    pub favour_gaps: bool,
    /// Light, dark, or the system's choice.
    pub theme: ThemeChoice,
    /// Size of everything on screen, 1.0 = egui's own size (egui's zoom factor).
    pub ui_scale: f32,
}

/// The colour theme the user chose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeChoice {
    /// Follow the system's light or dark setting.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow the system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }

    /// egui's name for the choice.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// The UI scales the settings offer (egui's zoom factor).
pub const UI_SCALES: [f32; 6] = [0.8, 0.9, 1.0, 1.1, 1.25, 1.5];
/// Smallest and largest scale kept from a settings file.
pub const UI_SCALE_RANGE: (f32, f32) = (0.5, 3.0);

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
            prompt_filter: PromptFilter::default(),
            favour_gaps: false,
            theme: ThemeChoice::System,
            ui_scale: 1.0,
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
        self.ui_scale = if self.ui_scale.is_finite() {
            self.ui_scale.clamp(UI_SCALE_RANGE.0, UI_SCALE_RANGE.1)
        } else {
            1.0
        };
        if self.model.trim().is_empty() {
            self.model = default_model_name();
        }
        self
    }

    /// The band for a kind of prompt.
    pub fn band_for(&self, kind: PromptKind) -> Option<(u32, u32)> {
        self.target_bands.get(&kind).copied()
    }

    /// How the user's settings change the judgement of an answer (the app's attempts and
    /// `rehearse analyze` alike): their own fillers join the engine's one filler list, and their
    /// own band for this kind of prompt replaces the prompt's or the kind's band.
    pub fn apply_to(&self, context: &mut crate::analysis::AnswerContext) {
        context.custom_fillers = self.fillers.clone();
        if let Some(band) = self.band_for(context.kind) {
            context.target_seconds = Some(band);
        }
    }
}

/// How long after the last change the settings are written: long enough that dragging a
/// number writes once at the end, short enough that a change is on disk before the user can
/// close the window.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(600);

/// Whether the settings on screen are on disk.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved,
    /// Changed; written [`AUTOSAVE_DELAY`] after the last change.
    Pending,
    Failed(String),
}

/// Saves the settings by themselves: a change is written once it has held still for
/// [`AUTOSAVE_DELAY`]. Pure bookkeeping: [`AutoSave::due`] says when to write, the app writes
/// and reports back with [`AutoSave::saved`] or [`AutoSave::failed`].
#[derive(Debug, Clone, Default)]
pub struct AutoSave {
    /// What is on disk (`None` until the first frame: the settings as loaded).
    on_disk: Option<Settings>,
    /// The settings when they last changed, and when.
    last_change: Option<(Settings, Instant)>,
    failed: Option<String>,
}

impl AutoSave {
    /// Whether `current` should be written now. Call once a frame.
    pub fn due(&mut self, current: &Settings, now: Instant) -> bool {
        let on_disk = self.on_disk.get_or_insert_with(|| current.clone());
        if on_disk == current {
            self.last_change = None;
            self.failed = None;
            return false;
        }
        match &self.last_change {
            Some((seen, at)) if seen == current => {
                now.saturating_duration_since(*at) >= AUTOSAVE_DELAY && self.failed.is_none()
            }
            _ => {
                self.last_change = Some((current.clone(), now));
                self.failed = None;
                false
            }
        }
    }

    /// `settings` were written.
    pub fn saved(&mut self, settings: &Settings) {
        self.on_disk = Some(settings.clone());
        self.last_change = None;
        self.failed = None;
    }

    /// Writing failed; it is tried again after the next change.
    pub fn failed(&mut self, error: String) {
        self.failed = Some(error);
    }

    /// What the screen says about saving.
    pub fn state(&self, current: &Settings) -> SaveState {
        if let Some(err) = &self.failed {
            return SaveState::Failed(err.clone());
        }
        match &self.on_disk {
            Some(on_disk) if on_disk != current => SaveState::Pending,
            _ => SaveState::Saved,
        }
    }

    /// Whether a change is waiting to be written.
    pub fn is_pending(&self, current: &Settings) -> bool {
        self.on_disk.as_ref().is_some_and(|d| d != current) && self.failed.is_none()
    }
}

/// What the settings screen shows about the speech model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelLine {
    /// "Installed (ggml-tiny.en.bin)", "Not installed", "Checking…", an install step.
    pub status: String,
    /// Install is offered only when the model is missing or its install failed.
    pub can_install: bool,
}

/// Editing state of the settings screen.
#[derive(Debug, Default)]
pub struct SettingsView {
    pub new_filler: String,
    /// The typed target bands, per kind, while they are edited.
    pub bands: BTreeMap<PromptKind, BandDraft>,
    pub autosave: AutoSave,
    /// This screen's messages (a model installed, a save that failed).
    pub messages: Messages,
}

impl SettingsView {
    /// Raises a message on the settings screen.
    pub fn notify(&mut self, kind: MessageKind, text: impl Into<String>) {
        self.messages.push(kind, text, Instant::now());
    }
}

/// Draws the settings screen; edits `settings` in place.
#[must_use]
pub fn settings_ui(
    ui: &mut egui::Ui,
    view: &mut SettingsView,
    settings: &mut Settings,
    devices: &[InputDevice],
    model: &ModelLine,
) -> Option<Command> {
    let mut command = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("Settings");
            save_state_ui(ui, &view.autosave.state(settings));
        });
        messages_ui(ui, &mut view.messages);
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

        let heading = ui.strong("Whisper model");
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("settings_model")
                .selected_text(settings.model.clone())
                .show_ui(ui, |ui| {
                    for spec in crate::models::CATALOG {
                        ui.selectable_value(&mut settings.model, spec.name.to_string(), spec.name);
                    }
                })
                .response
                .labelled_by(heading.id);
            ui.label(&model.status);
            let install = ui
                .add_enabled(model.can_install, egui::Button::new("Install"))
                .on_disabled_hover_text("This model is installed (or being checked or installed).");
            if install.clicked() {
                command = Some(Command::InstallModel);
            }
        });
        ui.add_space(8.0);

        ui.strong("Target length");
        ui.label(
            egui::RichText::new(
                "Each prompt has its own band. Tick a kind to use your own band for all its prompts. \
                 Type seconds (90) or minutes (1:30); Enter or leaving the field checks it.",
            )
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
                    view.bands.remove(&kind);
                }
                match settings.target_bands.get_mut(&kind) {
                    Some(band) => {
                        let draft = view.bands.entry(kind).or_insert_with(|| BandDraft::of(*band));
                        band_fields_ui(ui, draft, band);
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
        ui.add_space(8.0);

        ui.strong("Appearance");
        ui.horizontal(|ui| {
            for theme in ThemeChoice::ALL {
                ui.radio_value(&mut settings.theme, theme, theme.label());
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Size of text and controls");
            egui::ComboBox::from_id_salt("settings_scale")
                .selected_text(scale_label(settings.ui_scale))
                .show_ui(ui, |ui| {
                    for scale in UI_SCALES {
                        ui.selectable_value(&mut settings.ui_scale, scale, scale_label(scale));
                    }
                })
                .response
                .labelled_by(label.id);
        });
        ui.label(
            egui::RichText::new("Ctrl + and Ctrl − change the size too; Ctrl 0 resets it.")
                .small()
                .weak(),
        );
        ui.add_space(12.0);
        if ui.button("Restore defaults").clicked() {
            *settings = Settings::default();
            view.bands.clear();
        }
    });
    let now = Instant::now();
    if view.autosave.due(settings, now) {
        command = command.or(Some(Command::SaveSettings));
    } else if view.autosave.is_pending(settings) {
        // Come back when the delay is over, even if nothing else happens.
        ui.ctx().request_repaint_after(AUTOSAVE_DELAY);
    }
    command
}

/// "100 %" for a scale of 1.0.
fn scale_label(scale: f32) -> String {
    format!("{:.0} %", scale * 100.0)
}

/// "All changes saved" / "Saving…" / why saving failed, beside the heading.
fn save_state_ui(ui: &mut egui::Ui, state: &SaveState) {
    match state {
        SaveState::Saved => {
            let colour = MessageKind::Success.colour(ui.visuals());
            ui.label(egui::RichText::new("All changes saved").color(colour))
                .on_hover_text("Changes are saved automatically.");
        }
        SaveState::Pending => {
            ui.label(egui::RichText::new("Saving…").weak());
        }
        SaveState::Failed(err) => {
            let colour = MessageKind::Error.colour(ui.visuals());
            ui.label(egui::RichText::new(format!("Not saved: {err}")).color(colour));
        }
    }
}

/// The two typed lengths of one band; checked on Enter or when a field loses focus, the reason
/// shown in the third column when refused.
fn band_fields_ui(ui: &mut egui::Ui, draft: &mut BandDraft, band: &mut (u32, u32)) {
    let (low, high) = ui
        .horizontal(|ui| {
            let label = ui.label("shortest");
            let low = ui
                .add(egui::TextEdit::singleline(&mut draft.low).desired_width(48.0))
                .labelled_by(label.id);
            let label = ui.label("longest");
            let high = ui
                .add(egui::TextEdit::singleline(&mut draft.high).desired_width(48.0))
                .labelled_by(label.id);
            ui.label("s");
            (low, high)
        })
        .inner;
    if low.lost_focus() || high.lost_focus() {
        if let Some(typed) = draft.commit() {
            *band = typed;
        }
    } else if !low.has_focus()
        && !high.has_focus()
        && draft.error.is_none()
        && *draft != BandDraft::of(*band)
    {
        // Changed elsewhere (restore defaults): show the band in force.
        *draft = BandDraft::of(*band);
    }
    match &draft.error {
        Some(err) => {
            ui.label(egui::RichText::new(err.to_string()).color(ui.visuals().error_fg_color));
        }
        None => {
            ui.label("");
        }
    }
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
    fn a_saved_model_is_kept_when_the_default_changes() {
        // The default became tiny.en-q8_0; someone who saved the old default (f16) keeps it.
        assert_eq!(Settings::default().model, "tiny.en-q8_0");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), r#"{"model": "tiny.en"}"#).unwrap();
        let (settings, problem) = Settings::load(dir.path());
        assert_eq!(problem, None);
        assert_eq!(settings.model, "tiny.en");
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
    fn theme_scale_and_filters_load_back_and_a_silly_scale_is_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            theme: ThemeChoice::Light,
            ui_scale: 1.25,
            prompt_filter: PromptFilter {
                kind: Some(PromptKind::Pitch),
                role: Some(crate::domain::Role::Nursing),
                ..PromptFilter::default()
            },
            favour_gaps: true,
            ..Settings::default()
        };
        settings.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()), (settings, None));
        let text = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap();
        assert!(text.contains(r#""theme": "light""#), "{text}");
        assert!(text.contains(r#""role": "nursing""#), "{text}");
        // An older file has none of these: the defaults (system theme, 100 %, no filter).
        std::fs::write(dir.path().join(SETTINGS_FILE), r#"{"model": "base.en"}"#).unwrap();
        let (old, _) = Settings::load(dir.path());
        assert_eq!(old.theme, ThemeChoice::System);
        assert_eq!(old.ui_scale, 1.0);
        assert_eq!(old.prompt_filter, PromptFilter::default());
        std::fs::write(dir.path().join(SETTINGS_FILE), r#"{"ui_scale": 40.0}"#).unwrap();
        assert_eq!(Settings::load(dir.path()).0.ui_scale, UI_SCALE_RANGE.1);
        std::fs::write(dir.path().join(SETTINGS_FILE), r#"{"ui_scale": 0.0}"#).unwrap();
        assert_eq!(Settings::load(dir.path()).0.ui_scale, UI_SCALE_RANGE.0);
    }

    #[test]
    fn autosave_writes_once_a_change_has_held_still() {
        let t0 = Instant::now();
        let loaded = Settings::default();
        let mut auto = AutoSave::default();
        assert!(!auto.due(&loaded, t0), "the settings as loaded are on disk");
        assert_eq!(auto.state(&loaded), SaveState::Saved);
        let mut changed = loaded.clone();
        changed.countdown_seconds = 5;
        assert!(!auto.due(&changed, t0));
        assert_eq!(auto.state(&changed), SaveState::Pending);
        // Still changing (a drag): the clock restarts.
        let step = Duration::from_millis(400);
        changed.countdown_seconds = 6;
        assert!(!auto.due(&changed, t0 + step));
        assert!(!auto.due(&changed, t0 + step + AUTOSAVE_DELAY / 2));
        assert!(auto.due(&changed, t0 + step + AUTOSAVE_DELAY));
        auto.saved(&changed);
        assert!(!auto.due(&changed, t0 + step * 10));
        assert_eq!(auto.state(&changed), SaveState::Saved);
        // Changing back to what is on disk needs no write.
        let mut again = changed.clone();
        again.countdown_seconds = 2;
        assert!(!auto.due(&again, t0 + step * 11));
        assert!(!auto.due(&changed, t0 + step * 12));
        assert_eq!(auto.state(&changed), SaveState::Saved);
    }

    #[test]
    fn a_failed_autosave_is_shown_and_not_retried_until_the_next_change() {
        let t0 = Instant::now();
        let mut auto = AutoSave::default();
        let loaded = Settings::default();
        let _ = auto.due(&loaded, t0);
        let mut changed = loaded.clone();
        changed.model = "base.en".into();
        let _ = auto.due(&changed, t0);
        assert!(auto.due(&changed, t0 + AUTOSAVE_DELAY));
        auto.failed("disk full".into());
        assert_eq!(auto.state(&changed), SaveState::Failed("disk full".into()));
        assert!(
            !auto.due(&changed, t0 + AUTOSAVE_DELAY * 3),
            "no write every frame"
        );
        changed.model = "small.en".into();
        let later = t0 + AUTOSAVE_DELAY * 4;
        assert!(!auto.due(&changed, later));
        assert!(
            auto.due(&changed, later + AUTOSAVE_DELAY),
            "a new change tries again"
        );
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
