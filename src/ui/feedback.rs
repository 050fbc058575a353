//! The feedback screen: scores per area with their reasons, next steps, the timeline, the
//! transcript with colour-coded evidence and the player (the widgets it shares with the History
//! attempt view, [`super::transcript_view`]), and the ways on (try again, draw another, analyse
//! another file).
//!
//! Right after the answer the user can rate the take (1-5), write notes and export it as
//! Markdown (**Export Markdown**, Ctrl+E); the app saves and writes them on a worker
//! ([`Command::SaveNotes`], [`Command::ExportAttempt`]) and hands the answer back through
//! [`FeedbackState::saved`] and [`FeedbackState::exported`].
//!
//! Rule: show what was observed and where (the words a judgement rests on), never a verdict
//! about the person (docs/sources.md). The colours and marks are the shared transcript view's.

use eframe::egui;

use std::path::PathBuf;
use std::time::Instant;

use crate::analysis::{Area, Feedback};
use crate::audio::recording_rules::format_clock;
use crate::store::AttemptId;

use super::command::Command;
use super::message::{MessageKind, Messages, messages_ui};
use super::transcript_view::{self, Playing};
use crate::pipeline::Review;

pub use super::transcript_view::category_colour;

/// Label of the export control, also used by tests.
pub const EXPORT_LABEL: &str = "Export Markdown (Ctrl+E)";
/// Label of the notes field's save control.
pub const SAVE_NOTES_LABEL: &str = "Save notes";

/// The feedback screen's own state: the notes and self-rating written for the take on screen,
/// what the last save said, and where the last export went.
#[derive(Debug, Default)]
pub struct FeedbackState {
    /// The kept attempt the notes belong to (a new take starts blank).
    attempt: Option<AttemptId>,
    pub notes: String,
    pub rating: Option<u8>,
    /// The notes as last saved.
    saved_notes: String,
    /// A save is under way.
    saving: bool,
    /// Where the last export of this take was written.
    pub exported: Option<PathBuf>,
    pub messages: Messages,
}

impl FeedbackState {
    /// Starts blank when the take on screen is another one.
    fn follow(&mut self, kept: Option<&AttemptId>) {
        if self.attempt.as_ref() != kept {
            *self = FeedbackState {
                attempt: kept.cloned(),
                ..FeedbackState::default()
            };
        }
    }

    fn save(&mut self, id: &AttemptId) -> Command {
        self.saving = true;
        Command::SaveNotes {
            id: id.clone(),
            notes: self.notes.clone(),
            rating: self.rating,
        }
    }

    /// The app's answer to a [`Command::SaveNotes`]: the notes and rating as stored, or why not.
    pub fn saved(&mut self, id: &AttemptId, result: &Result<(String, Option<u8>), String>) {
        if self.attempt.as_ref() != Some(id) {
            return;
        }
        self.saving = false;
        let now = Instant::now();
        match result {
            Ok((notes, _)) => {
                self.saved_notes = notes.clone();
                self.messages.push(MessageKind::Success, "Saved.", now);
            }
            Err(err) => self.messages.push(
                MessageKind::Error,
                format!("Your notes and rating could not be saved: {err}"),
                now,
            ),
        }
    }

    /// The app's answer to a [`Command::ExportAttempt`]: the file written, or why not.
    pub fn exported(&mut self, id: &AttemptId, result: &Result<PathBuf, String>) {
        if self.attempt.as_ref() != Some(id) {
            return;
        }
        match result {
            Ok(path) => self.exported = Some(path.clone()),
            Err(err) => self.messages.push(
                MessageKind::Error,
                format!("The Markdown export failed: {err}"),
                Instant::now(),
            ),
        }
    }
}

/// Ctrl+E (Cmd+E on a Mac) was pressed: export the attempt on screen.
pub fn export_shortcut(ui: &egui::Ui) -> bool {
    let shortcut = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::E);
    ui.input_mut(|i| i.consume_shortcut(&shortcut))
}

/// Draws the feedback on `review`; `fillers` are the user's own filler words and `playing`
/// where the recording that plays is. `choosing` shows the Keep / Discard bar of a fresh take.
pub fn review_ui(
    ui: &mut egui::Ui,
    review: &Review,
    state: &mut FeedbackState,
    fillers: &[String],
    playing: Option<&Playing>,
    choosing: bool,
) -> Option<Command> {
    let mut action = None;
    state.follow(review.kept.as_ref());
    if let Some(id) = &review.kept
        && export_shortcut(ui)
    {
        action = Some(Command::ExportAttempt(id.clone()));
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        if choosing {
            action = action.take().or(keep_bar_ui(review, ui));
        }
        header_ui(review, ui);
        if let Some(notice) = &review.notice {
            ui.label(egui::RichText::new(notice).color(ui.visuals().warn_fg_color));
        }
        ui.add_space(6.0);
        action = action.take().or(actions_ui(review, state, ui));
        let recording = review.recording.as_deref();
        action = action.take().or(transcript_view::player_ui(
            ui,
            recording,
            review.duration_ms,
            playing,
        ));
        ui.separator();
        if review.feedback.no_speech {
            ui.label("No speech was recognised in this recording. Check the microphone level and try again.");
            return;
        }
        scores_ui(&review.feedback, ui);
        ui.separator();
        red_flags_ui(&review.feedback, ui);
        next_steps_ui(&review.feedback, ui);
        signals_ui(&review.feedback, ui);
        ui.separator();
        action = action.take().or(notes_ui(review, state, ui));
        ui.separator();
        let clicked = transcript_view::answer_ui(
            ui,
            &review.transcript,
            Some(&review.feedback),
            fillers,
            review.duration_ms,
            recording,
            playing,
        );
        action = action.take().or(clicked);
    });
    action
}

/// Label of the keep control after a take, also used by tests.
pub const KEEP_LABEL: &str = "Keep (K)";
/// Label of the keep control after a take in which nothing was heard.
pub const KEEP_ANYWAY_LABEL: &str = "Keep anyway (K)";
pub const DISCARD_LABEL: &str = "Discard (D)";

/// After a take: Keep (the default: a take with words is already kept) or Discard, one key
/// each. A take with no words was not kept; Keep asks for it to be kept anyway.
fn keep_bar_ui(review: &Review, ui: &mut egui::Ui) -> Option<Command> {
    let mut action = None;
    let typing = ui.ctx().memory(|m| m.focused().is_some());
    let pressed = |key| !typing && ui.input(|i| i.key_pressed(key) && i.modifiers.is_none());
    let (keep_key, discard_key) = (pressed(egui::Key::K), pressed(egui::Key::D));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let (text, keep) = if review.held_back {
                (
                    "Nothing was heard in this take, so it was not kept.",
                    KEEP_ANYWAY_LABEL,
                )
            } else {
                ("Kept in your history.", KEEP_LABEL)
            };
            ui.label(text);
            let keep_hint = if review.held_back {
                "Keep this take although nothing was heard (it never counts in Progress)"
            } else {
                "Keep this take (it is already kept; this hides the question)"
            };
            if ui.button(keep).on_hover_text(keep_hint).clicked() || keep_key {
                action = Some(Command::KeepTake);
            }
            if ui
                .button(DISCARD_LABEL)
                .on_hover_text("Throw this take away, recording included")
                .clicked()
                || discard_key
            {
                action = Some(Command::DiscardTake);
            }
        });
    });
    action
}

fn header_ui(review: &Review, ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Feedback");
        ui.label(format!(
            "· {} · {} words",
            format_clock(review.duration_ms),
            review.feedback.word_count
        ));
        ui.label(format!("· overall {}/100", review.feedback.scores.overall));
    });
    if let Some(prompt) = &review.prompt {
        ui.label(egui::RichText::new(&prompt.text).italics());
    }
}

fn actions_ui(review: &Review, state: &FeedbackState, ui: &mut egui::Ui) -> Option<Command> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Try again")
            .on_hover_text("Same prompt, new recording (Space)")
            .clicked()
        {
            action = Some(Command::TryAgain);
        }
        if ui.button("Draw another").clicked() {
            action = Some(Command::DrawAnother);
        }
        if ui.button("Analyse another file").clicked() {
            action = Some(Command::OpenFile);
        }
        let export = ui
            .add_enabled(review.kept.is_some(), egui::Button::new(EXPORT_LABEL))
            .on_hover_text("Write this attempt as Markdown (prompt, scores, marked transcript, next steps, notes) into the exports folder")
            .on_disabled_hover_text("Only a kept take can be exported");
        if let (true, Some(id)) = (export.clicked(), &review.kept) {
            action = Some(Command::ExportAttempt(id.clone()));
        }
    });
    if let Some(path) = &state.exported {
        ui.add(
            egui::Label::new(egui::RichText::new(format!("Exported to {}", path.display())).weak())
                .selectable(true),
        );
    }
    action
}

/// Self-rating and notes for the take just answered, saved to its attempt (as in History).
fn notes_ui(review: &Review, state: &mut FeedbackState, ui: &mut egui::Ui) -> Option<Command> {
    ui.heading("Your notes");
    let Some(id) = &review.kept else {
        ui.label(
            egui::RichText::new("Keep the take to rate it, write notes and export it.").weak(),
        );
        return None;
    };
    messages_ui(ui, &mut state.messages);
    let mut command = None;
    ui.horizontal(|ui| {
        ui.label("Self-rating");
        for rating in 1..=5u8 {
            let current = state.rating == Some(rating);
            if ui
                .selectable_label(current, format!("{rating}"))
                .on_hover_text(format!("{rating} of 5 (click again to clear)"))
                .clicked()
            {
                state.rating = (!current).then_some(rating);
                command = Some(state.save(id));
            }
        }
    });
    let edit = ui.add(
        // Its own id: a "Saved." appearing above must not move the focus away.
        egui::TextEdit::multiline(&mut state.notes)
            .id_salt("feedback_notes")
            .hint_text("What to change next time")
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    );
    let changed = state.notes != state.saved_notes;
    ui.horizontal(|ui| {
        let button = ui.add_enabled(
            changed && !state.saving,
            egui::Button::new(SAVE_NOTES_LABEL),
        );
        // Leaving the field saves too, so notes are not lost by moving on.
        if (button.clicked() || edit.lost_focus()) && changed && !state.saving {
            command = Some(state.save(id));
        }
        if state.saving {
            ui.label(egui::RichText::new("Saving…").weak());
        }
    });
    command
}

pub fn scores_ui(feedback: &Feedback, ui: &mut egui::Ui) {
    ui.heading("Scores");
    for area in Area::ALL {
        let score = feedback.scores.get(area);
        let reasons = feedback
            .scores
            .reasons
            .get(&area)
            .map(|r| r.join(" · "))
            .unwrap_or_default();
        ui.horizontal(|ui| {
            ui.add_sized(
                [80.0, 18.0],
                egui::Label::new(egui::RichText::new(area.label()).strong()),
            );
            ui.add(
                egui::ProgressBar::new(f32::from(score) / 100.0)
                    .text(format!("{score}"))
                    .desired_width(160.0),
            );
            ui.add(egui::Label::new(reasons).wrap());
        });
    }
    let timing = &feedback.timing;
    let mut facts = Vec::new();
    if let Some(wpm) = timing.wpm {
        facts.push(format!("speaking rate {wpm:.0} wpm"));
    }
    if let Some(wpm) = timing.articulation_wpm {
        facts.push(format!("articulation rate {wpm:.0} wpm"));
    }
    facts.push(format!(
        "{} filler(s), {:.1} per minute",
        feedback.delivery.fillers.len(),
        feedback.delivery.fillers_per_minute
    ));
    facts.push(format!("{} long pause(s)", timing.long_pauses));
    ui.label(egui::RichText::new(facts.join(" · ")).weak());
}

pub fn next_steps_ui(feedback: &Feedback, ui: &mut egui::Ui) {
    ui.heading("Next steps");
    if feedback.next_steps.is_empty() {
        ui.label("Nothing stands out. Try a harder prompt.");
    }
    for (i, step) in feedback.next_steps.iter().enumerate() {
        ui.label(format!("{}. {step}", i + 1));
    }
    // The thing to keep doing is in the JSON and the CLI report; on this screen its quote
    // would repeat a transcript sentence word for word.
}

/// Red flags first, in the theme's error colour, each with its words and why.
pub fn red_flags_ui(feedback: &Feedback, ui: &mut egui::Ui) {
    if feedback.red_flags.is_empty() {
        return;
    }
    ui.heading("Red flags");
    let colour = ui.visuals().error_fg_color;
    for flag in &feedback.red_flags {
        ui.label(
            egui::RichText::new(format!("{}: \"{}\"", flag.kind.label(), flag.text)).color(colour),
        );
        ui.label(egui::RichText::new(&flag.why).weak());
    }
    ui.separator();
}

/// The prompt's own "a strong answer shows" list, each checked, with the words it rests on.
pub fn signals_ui(feedback: &Feedback, ui: &mut egui::Ui) {
    if feedback.signals.is_empty() && feedback.relevance.is_none() {
        return;
    }
    ui.separator();
    ui.heading("What the prompt looks for");
    if let Some(r) = &feedback.relevance
        && !r.addressed
    {
        ui.label(
            egui::RichText::new("The answer does not take up the question asked.")
                .color(ui.visuals().error_fg_color),
        );
    }
    for signal in &feedback.signals {
        // Plain words: the bundled UI font has no check-mark glyphs.
        let mark = if signal.present { "[yes]" } else { "[no]" };
        let evidence = signal
            .evidence
            .first()
            .map(|e| format!("\"{}\"", e.text))
            .unwrap_or_else(|| "nothing in the answer shows it".into());
        ui.label(format!("{mark} {}", signal.signal))
            .on_hover_text(format!("{evidence}\n(judged by {})", signal.judged_by));
    }
}
