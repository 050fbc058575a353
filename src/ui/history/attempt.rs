//! One attempt: its feedback, notes and rating (saved by the app on a worker,
//! [`Command::SaveNotes`]), Markdown export (Ctrl+E), and the player, timeline and transcript the
//! feedback screen shows too ([`crate::ui::transcript_view`]).

use super::*;
use crate::ui::transcript_view::{answer_ui, player_ui};

fn load_open<'v>(
    view: &'v mut HistoryView,
    store: &Store,
    id: &AttemptId,
) -> Option<&'v mut OpenAttempt> {
    if view.open.as_ref().is_none_or(|o| o.attempt.id != *id) {
        match store.get(id) {
            Ok(attempt) => {
                let notes = attempt.notes.clone();
                view.open = Some(OpenAttempt { attempt, notes });
            }
            Err(err) => {
                view.messages.say(MessageKind::Error, err.to_string());
                view.screen = HistoryScreen::List;
                view.open = None;
                return None;
            }
        }
    }
    view.open.as_mut()
}

pub(super) fn attempt_ui(
    ui: &mut egui::Ui,
    view: &mut HistoryView,
    store: &Store,
    id: &AttemptId,
) -> Option<Command> {
    let mut command = None;
    let playing = view.playing.clone();
    let custom_fillers = view.custom_fillers.clone();
    let mut back = false;
    let mut delete = false;
    let mut save = None;
    {
        let open = load_open(view, store, id)?;
        let attempt = &open.attempt;
        let audio = store.audio_path(attempt).filter(|p| p.exists());
        ui.horizontal(|ui| {
            if ui.button("Back to all attempts").clicked() {
                back = true;
            }
            if !attempt.prompt.id.is_empty()
                && ui
                    .button("Try again")
                    .on_hover_text("Practise the same prompt")
                    .clicked()
            {
                command = Some(Command::PractisePrompt {
                    prompt_id: attempt.prompt.id.clone(),
                });
            }
            if ui
                .button(crate::ui::feedback::EXPORT_LABEL)
                .on_hover_text("Write this attempt as Markdown (prompt, scores, marked transcript, next steps, notes) into the exports folder")
                .clicked()
                || crate::ui::feedback::export_shortcut(ui)
            {
                command = Some(Command::ExportAttempt(attempt.id.clone()));
            }
            if ui
                .button("Delete")
                .on_hover_text("Move to the trash (can be undone)")
                .clicked()
            {
                delete = true;
            }
        });
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let when = attempt
                    .created
                    .with_timezone(&Local)
                    .format("%a %-d %b %Y, %H:%M");
                ui.heading(format!("{when} · {}", attempt.prompt.kind.label()));
                ui.label(egui::RichText::new(&attempt.prompt.text).italics());
                let mut facts = vec![format!("Duration {}", format_duration(attempt.duration_ms))];
                if let Some((low, high)) = attempt.prompt.target_seconds {
                    facts.push(format!("target {low}-{high} s"));
                }
                if !attempt.model.is_empty() {
                    facts.push(format!("transcribed by {}", attempt.model));
                }
                if !attempt.earlier_analyses.is_empty() {
                    facts.push(format!(
                        "re-analysed {} time(s); the original result is kept",
                        attempt.earlier_analyses.len()
                    ));
                }
                ui.label(egui::RichText::new(facts.join(" · ")).weak());
                command = command.take().or(player_ui(
                    ui,
                    audio.as_deref(),
                    attempt.duration_ms,
                    playing.as_ref(),
                ));
                ui.separator();
                match &attempt.feedback {
                    Some(feedback) => {
                        crate::ui::feedback::scores_ui(feedback, ui);
                        ui.separator();
                        crate::ui::feedback::next_steps_ui(feedback, ui);
                    }
                    None => {
                        ui.label("This attempt has not been analysed.");
                    }
                }
                ui.separator();
                match &attempt.transcript {
                    Some(transcript) => {
                        let clicked = answer_ui(
                            ui,
                            transcript,
                            attempt.feedback.as_ref(),
                            &custom_fillers,
                            attempt.duration_ms,
                            audio.as_deref(),
                            playing.as_ref(),
                        );
                        command = command.take().or(clicked);
                    }
                    None => {
                        ui.heading("Transcript");
                        ui.label("This attempt has no transcript.");
                    }
                }
                ui.separator();
                ui.heading("Your notes");
                ui.add(
                    egui::TextEdit::multiline(&mut open.notes)
                        .id_salt("attempt_notes")
                        .hint_text("What to change next time")
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                );
                ui.horizontal(|ui| {
                    ui.label("Self-rating");
                    for rating in 1..=5u8 {
                        let current = attempt.self_rating == Some(rating);
                        if ui
                            .selectable_label(current, format!("{rating}"))
                            .on_hover_text(format!("{rating} of 5"))
                            .clicked()
                        {
                            save = Some((
                                open.notes.clone(),
                                if current { None } else { Some(rating) },
                            ));
                        }
                    }
                    let changed = open.notes != attempt.notes;
                    if ui
                        .add_enabled(changed, egui::Button::new("Save notes"))
                        .clicked()
                    {
                        save = Some((open.notes.clone(), attempt.self_rating));
                    }
                });
            });
    }
    if let Some((notes, rating)) = save {
        // Shown at once; the app saves on a worker and reports back (HistoryView::saved).
        if let Some(open) = view.open.as_mut() {
            open.attempt.notes = notes.clone();
            open.attempt.self_rating = rating;
        }
        command = Some(Command::SaveNotes {
            id: id.clone(),
            notes,
            rating,
        });
    }
    if delete {
        match store.delete(id) {
            Ok(()) => {
                view.messages.say(
                    MessageKind::Info,
                    format!("Moved the attempt of {} to the trash.", short_date(id)),
                );
                view.last_deleted = Some(id.clone());
                view.selected.retain(|s| s != id);
                back = true;
            }
            Err(err) => view.messages.say(MessageKind::Error, err.to_string()),
        }
        view.invalidate();
    }
    if back {
        view.screen = HistoryScreen::List;
    }
    command
}
