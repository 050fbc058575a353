//! The practice screen: the prompt card with filters and pitch drills, the big record/stop
//! control, and while recording only the timer against the target band, a calm level meter and,
//! when the live-captions setting is on, one quiet line of the words heard so far.
//!
//! Rule: one control starts and stops (also Space); a short countdown comes first; while
//! recording nothing else is shown (docs/sources.md: a calm recording screen with timer,
//! level and target band).

use eframe::egui;
use std::time::Instant;

use crate::audio::level;
use crate::audio::recording_rules::{BandPosition, band_position, format_clock};
use crate::domain::{PromptKind, Role, Skill};
use crate::prompts::{Difficulty, Prompt, PromptFilter, role_emphasis};

use super::command::Command;
use super::layout::choice_ui;
use super::message::{Messages, messages_ui};
use super::state::{Listening, Phase};
use super::stories::StoryPractice;

/// A role's name for people ("Nurse", "Site reliability engineer").
pub fn role_label(role: Role) -> &'static str {
    role_emphasis(role).label
}

/// The pitch drills offered (soft-skills-framework.md: 30 s, 60 s and 2 min pitches).
pub const PITCH_DRILLS: [u32; 3] = [30, 60, 120];

/// A drill aims to land in the last sixth of its length without going over: 25-30 s, 50-60 s,
/// 100-120 s (docs/sources.md: "30 s is about 75-100 words").
pub fn drill_band(seconds: u32) -> (u32, u32) {
    (seconds - seconds / 6, seconds)
}

/// Label of the record/stop control, also used by tests to find it.
pub const RECORD_LABEL: &str = "Record";
pub const STOP_LABEL: &str = "Stop";

/// The record control's colour: a muted red, the usual sign for "record", not an alarm.
const RECORD_FILL: egui::Color32 = egui::Color32::from_rgb(168, 58, 58);

/// The practice screen's own state (the app owns it and hands it in).
#[derive(Debug, Default)]
pub struct PracticeState {
    pub filter: PromptFilter,
    pub prompt: Option<Prompt>,
    /// A pitch drill length in seconds, overriding the prompt's band.
    pub drill_seconds: Option<u32>,
    /// The path typed under "Analyse a WAV file".
    pub open_path: String,
    /// The story being practised, when the prompt was drawn from the story bank.
    pub story: Option<StoryPractice>,
    /// Draw prompts for the skills the story bank has no story for more often.
    pub favour_gaps: bool,
    /// The feedback screen's notes, rating and export line for the take on screen.
    pub feedback: super::feedback::FeedbackState,
    /// This screen's messages (and the feedback screen's, which is drawn in its place): no
    /// prompt matches, a take discarded, a recording that failed.
    pub messages: Messages,
}

/// What the practice screen reads from the rest of the app.
pub struct PracticeContext<'a> {
    pub phase: &'a Phase,
    /// The user's own fillers, for the feedback screen.
    pub fillers: &'a [String],
    /// Where the recording that plays is, for the feedback screen's player and transcript.
    pub playback: Option<super::transcript_view::Playing>,
    /// The band the timer and the analysis use (the app's `target_band`).
    pub band: Option<(u32, u32)>,
    /// The recording worker runs.
    pub can_record: bool,
    /// The microphones were listed and there is none (and no file is fed instead).
    pub no_microphone: bool,
    /// Show the words heard so far while recording (a setting, off by default).
    pub live_captions: bool,
    /// The Keep / Discard choice after a take is open (feedback screen).
    pub take_open: bool,
    /// How the prompt on the card was practised ("practised 3 times, last score 85, 12 Nov").
    pub history_line: Option<String>,
}

/// Draws the practice screen for the current phase (the feedback screen while reviewing).
#[must_use]
pub fn practice_ui(
    ui: &mut egui::Ui,
    state: &mut PracticeState,
    cx: &PracticeContext,
) -> Option<Command> {
    let mut command = None;
    if matches!(cx.phase, Phase::Idle | Phase::Reviewing(_)) {
        messages_ui(ui, &mut state.messages);
    }
    match cx.phase {
        Phase::Reviewing(review) => {
            return super::feedback::review_ui(
                ui,
                review,
                &mut state.feedback,
                cx.fillers,
                cx.playback.as_ref(),
                cx.take_open,
            );
        }
        Phase::Countdown { until, listening } => {
            command = countdown_ui(state, ui, *until, listening);
        }
        Phase::Recording {
            elapsed_ms,
            listening,
        } => {
            command = recording_ui(state, cx, ui, *elapsed_ms, listening);
        }
        Phase::Stopping => {
            ui.vertical_centered(|ui| {
                ui.add_space(120.0);
                ui.spinner();
                ui.label("Saving the recording…");
            });
        }
        Phase::Transcribing {
            stage,
            percent,
            recording,
            ..
        } => {
            let (stage, percent) = (*stage, *percent);
            let name = recording
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.vertical_centered(|ui| {
                ui.add_space(100.0);
                ui.heading("Working on your answer");
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    ui.add_space((ui.available_width() - 200.0).max(0.0) / 2.0);
                    ui.spinner();
                    ui.label(format!("{}…", stage.label()));
                });
                ui.add(
                    egui::ProgressBar::new(f32::from(percent) / 100.0)
                        .show_percentage()
                        .desired_width(360.0),
                );
                ui.add_space(4.0);
                ui.label(egui::RichText::new(name).small().weak());
                ui.label(
                    egui::RichText::new("Everything runs on this computer.")
                        .small()
                        .weak(),
                );
            });
        }
        Phase::Idle => command = idle_ui(state, cx, ui),
    }
    command
}

fn idle_ui(state: &mut PracticeState, cx: &PracticeContext, ui: &mut egui::Ui) -> Option<Command> {
    let mut command = None;
    // Record and the WAV field sit in a bar at the bottom, so no prompt card, however long,
    // pushes them out of a small window; the filters and the card scroll above them.
    egui::Panel::bottom("practice_actions")
        .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(0, 8)))
        .show(ui, |ui| {
            command = actions_ui(state, cx, ui);
        });
    egui::ScrollArea::vertical().show(ui, |ui| {
        command = filters_ui(state, ui).or(command.take());
        ui.add_space(8.0);
        prompt_card_ui(state, cx, ui);
        super::stories::cue_card_ui(&mut state.story, ui);
    });
    command
}

/// The record control and "Analyse a WAV file".
fn actions_ui(
    state: &mut PracticeState,
    cx: &PracticeContext,
    ui: &mut egui::Ui,
) -> Option<Command> {
    let mut command = None;
    {
        ui.vertical_centered(|ui| {
            let ready = cx.can_record;
            let button = egui::Button::new(
                egui::RichText::new(RECORD_LABEL).size(28.0).color(egui::Color32::WHITE),
            )
            .fill(RECORD_FILL)
            .min_size(egui::vec2(220.0, 64.0))
            .corner_radius(32.0);
            if ui.add_enabled(ready, button).on_hover_text("Space").clicked() {
                command = Some(Command::ToggleRecording);
            }
            ui.label(egui::RichText::new("Press Space to start and stop").small().weak());
            if cx.no_microphone {
                ui.label(
                    egui::RichText::new(
                        "No microphone found. You can still analyse a WAV file below, or connect one and refresh in Settings.",
                    )
                    .color(ui.visuals().warn_fg_color),
                );
            }
        });
        ui.add_space(8.0);
        command = open_wav_ui(state, ui).or(command.take());
    }
    command
}

fn filters_ui(state: &mut PracticeState, ui: &mut egui::Ui) -> Option<Command> {
    let mut command = None;
    let before = state.filter;
    // A drill draws pitches whatever the Kind filter says, so Kind shows Pitch while it runs;
    // choosing any kind ends the drill.
    let shown_kind = if state.drill_seconds.is_some() {
        Some(PromptKind::Pitch)
    } else {
        state.filter.kind
    };
    let mut kind = shown_kind;
    ui.horizontal_wrapped(|ui| {
        choice_ui(
            ui,
            ("filter_kind", "Kind", "Any"),
            &mut kind,
            PromptKind::ALL,
            PromptKind::label,
        );
        choice_ui(
            ui,
            ("filter_skill", "Skill", "Any"),
            &mut state.filter.skill,
            Skill::ALL,
            Skill::label,
        );
        choice_ui(
            ui,
            ("filter_role", "Role", "Any"),
            &mut state.filter.role,
            Role::ALL,
            role_label,
        );
        choice_ui(
            ui,
            ("filter_difficulty", "Difficulty", "Any"),
            &mut state.filter.difficulty,
            Difficulty::ALL,
            Difficulty::as_str,
        );
    });
    if kind != shown_kind {
        state.filter.kind = kind;
    }
    if let Some(role) = state.filter.role {
        let emphasis = role_emphasis(role);
        let skills: Vec<&str> = emphasis.skills.iter().map(|s| s.label()).collect();
        ui.label(
            egui::RichText::new(format!(
                "{}: {} Stresses {}.",
                emphasis.label,
                emphasis.angle,
                skills.join(", ").to_lowercase()
            ))
            .small()
            .weak(),
        );
    }
    if state.filter != before || kind != shown_kind {
        state.drill_seconds = None;
        command = Some(Command::DrawPrompt);
    }
    ui.horizontal(|ui| {
        if ui.button("Draw another").on_hover_text("N").clicked() {
            state.drill_seconds = None;
            command = Some(Command::DrawPrompt);
        }
        if ui
            .checkbox(&mut state.favour_gaps, "Favour my story gaps")
            .on_hover_text(
                "Draw prompts for the skills your story bank has no story for more often",
            )
            .changed()
        {
            state.drill_seconds = None;
            command = Some(Command::DrawPrompt);
        }
        ui.separator();
        ui.label("Pitch drill:");
        for seconds in PITCH_DRILLS {
            let label = if seconds >= 120 {
                format!("{} min", seconds / 60)
            } else {
                format!("{seconds} s")
            };
            let selected = state.drill_seconds == Some(seconds);
            if ui.selectable_label(selected, label).clicked() {
                command = Some(Command::StartDrill(seconds));
            }
        }
    });
    command
}

fn prompt_card_ui(state: &PracticeState, cx: &PracticeContext, ui: &mut egui::Ui) {
    let Some(prompt) = &state.prompt else {
        ui.label("No prompt drawn.");
        return;
    };
    egui::Frame::group(ui.style())
        .inner_margin(16.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(prompt.kind.label()).strong());
                ui.label("·");
                ui.label(prompt.difficulty.as_str());
                for skill in &prompt.skills {
                    ui.label("·");
                    ui.label(egui::RichText::new(skill.label()).weak());
                }
            });
            ui.add_space(6.0);
            ui.label(egui::RichText::new(&prompt.text).size(22.0).strong());
            if let Some(line) = &cx.history_line {
                ui.label(egui::RichText::new(line).weak());
            }
            ui.add_space(6.0);
            if let Some((low, high)) = cx.band {
                let drill = state
                    .drill_seconds
                    .map(|s| format!(" (pitch drill: {s} s)"))
                    .unwrap_or_default();
                ui.label(format!("Target: {low}–{high} s{drill}"));
            }
            if !prompt.expected_elements.is_empty() {
                let names: Vec<&str> = prompt.expected_elements.iter().map(|e| e.label()).collect();
                ui.label(format!("Cover: {}", names.join(", ")));
            }
            if !prompt.framework.is_empty() {
                let steps: Vec<&str> = prompt.framework.iter().map(|s| s.step.label()).collect();
                ui.label(format!("Reply steps: {}", steps.join(", ")));
            }
            if !prompt.tips.is_empty() {
                egui::CollapsingHeader::new("Tips")
                    .default_open(true)
                    .show(ui, |ui| {
                        for tip in &prompt.tips {
                            ui.label(format!("• {tip}"));
                        }
                    });
            }
            if !prompt.follow_ups.is_empty() {
                egui::CollapsingHeader::new("Follow-up questions").show(ui, |ui| {
                    for follow_up in &prompt.follow_ups {
                        ui.label(format!("• {follow_up}"));
                    }
                });
            }
        });
}

fn open_wav_ui(state: &mut PracticeState, ui: &mut egui::Ui) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        let label = ui.label("Analyse a WAV file:");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.open_path)
                    .hint_text("/path/to/answer.wav")
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let path = std::path::PathBuf::from(state.open_path.trim());
        let typed = !state.open_path.trim().is_empty();
        if ui
            .add_enabled(typed, egui::Button::new("Analyse file"))
            .on_hover_text("Enter in the field")
            .clicked()
            || enter && typed
        {
            command = Some(if path.is_file() {
                Command::AnalyseFile(path)
            } else {
                Command::ShowError(format!("There is no file at {}.", path.display()))
            });
        }
    });
    ui.label(
        egui::RichText::new("…or drop a WAV file onto the window.")
            .small()
            .weak(),
    );
    command
}

fn countdown_ui(
    state: &PracticeState,
    ui: &mut egui::Ui,
    until: Instant,
    listening: &Listening,
) -> Option<Command> {
    let left = until
        .saturating_duration_since(Instant::now())
        .as_secs_f32()
        .ceil() as u32;
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        if let Some(prompt) = &state.prompt {
            ui.label(egui::RichText::new(&prompt.text).size(20.0));
        }
        ui.add_space(24.0);
        ui.label(
            egui::RichText::new(format!("{}", left.max(1)))
                .size(96.0)
                .strong(),
        );
        ui.label("Get ready…");
        ui.add_space(12.0);
        meter_ui(listening, ui);
        ui.add_space(24.0);
        stop_button_ui(ui, "Cancel")
    })
    .inner
}

fn recording_ui(
    state: &mut PracticeState,
    cx: &PracticeContext,
    ui: &mut egui::Ui,
    elapsed_ms: u64,
    listening: &Listening,
) -> Option<Command> {
    ui.vertical_centered(|ui| {
        ui.add_space(60.0);
        if let Some(prompt) = &state.prompt {
            ui.label(egui::RichText::new(&prompt.text).size(20.0));
        }
        super::stories::cue_card_ui(&mut state.story, ui);
        ui.add_space(24.0);
        let band = cx.band;
        let (colour, verdict) = match band.map(|b| band_position(elapsed_ms, b)) {
            Some(BandPosition::Under) => (ui.visuals().text_color(), "under the target"),
            Some(BandPosition::InBand) => {
                (egui::Color32::from_rgb(60, 160, 90), "in the target band")
            }
            Some(BandPosition::Over) => (ui.visuals().warn_fg_color, "over the target"),
            None => (ui.visuals().text_color(), ""),
        };
        ui.label(
            egui::RichText::new(format_clock(elapsed_ms))
                .size(72.0)
                .color(colour)
                .monospace(),
        );
        if let Some((low, high)) = band {
            ui.label(format!(
                "Target {}–{} · {verdict}",
                format_clock(u64::from(low) * 1000),
                format_clock(u64::from(high) * 1000)
            ));
        }
        if cx.live_captions {
            caption_ui(&listening.caption, ui);
        }
        ui.add_space(16.0);
        meter_ui(listening, ui);
        if listening.silent {
            ui.label(
                egui::RichText::new("Nothing heard for a few seconds. Is the microphone muted?")
                    .color(ui.visuals().warn_fg_color),
            );
        }
        ui.add_space(24.0);
        let command = stop_button_ui(ui, STOP_LABEL);
        ui.label(egui::RichText::new("Space to stop").small().weak());
        command
    })
    .inner
}

/// Longest caption shown: the end of the words so far, one line.
const CAPTION_CHARS: usize = 80;

/// The words heard so far (live captions, a setting): one quiet line, the most recent words.
fn caption_ui(caption: &str, ui: &mut egui::Ui) {
    let text = caption.trim();
    if text.is_empty() {
        return;
    }
    let count = text.chars().count();
    let shown = if count > CAPTION_CHARS {
        let tail: String = text.chars().skip(count - CAPTION_CHARS).collect();
        // Start at a word boundary.
        let tail = tail.split_once(' ').map_or(tail.as_str(), |(_, rest)| rest);
        format!("… {tail}")
    } else {
        text.to_string()
    };
    ui.label(egui::RichText::new(shown).weak());
}

fn stop_button_ui(ui: &mut egui::Ui, label: &str) -> Option<Command> {
    let button = egui::Button::new(egui::RichText::new(label).size(28.0))
        .min_size(egui::vec2(220.0, 64.0))
        .corner_radius(32.0);
    ui.add(button).clicked().then_some(Command::ToggleRecording)
}

/// A calm horizontal bar: RMS as the fill, the peak as a thin mark, red only when clipping.
fn meter_ui(listening: &Listening, ui: &mut egui::Ui) {
    let width = 320.0;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 10.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 5.0, ui.visuals().extreme_bg_color);
    let rms = level::meter_fraction(listening.level.rms_dbfs());
    let peak = level::meter_fraction(listening.level.peak_dbfs());
    let fill = egui::Rect::from_min_size(rect.min, egui::vec2(width * rms, rect.height()));
    let colour = if listening.level.is_clipping() {
        egui::Color32::from_rgb(200, 70, 60)
    } else {
        egui::Color32::from_rgb(90, 150, 210)
    };
    painter.rect_filled(fill, 5.0, colour);
    let x = rect.left() + width * peak;
    painter.line_segment(
        [egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom())],
        egui::Stroke::new(2.0, colour),
    );
    response.on_hover_text(format!(
        "Level {:.0} dBFS, peak {:.0} dBFS",
        listening.level.rms_dbfs(),
        listening.level.peak_dbfs()
    ));
    if let Some(device) = &listening.device {
        ui.label(
            egui::RichText::new(format!("Listening: {device}"))
                .small()
                .weak(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drill_bands_end_at_the_drill_length() {
        assert_eq!(drill_band(30), (25, 30));
        assert_eq!(drill_band(60), (50, 60));
        assert_eq!(drill_band(120), (100, 120));
    }
}
