//! One attempt: its feedback, notes and rating, and a transcript that follows playback.

use super::*;

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
    let playback_ms = view.playback_ms;
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
            if let Some(path) = &audio
                && ui
                    .button(if playback_ms.is_some() {
                        "Stop playback"
                    } else {
                        "Play recording"
                    })
                    .clicked()
            {
                command = Some(Command::Play { path: path.clone() });
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
                ui.heading("Transcript");
                if audio.is_some() {
                    ui.label(egui::RichText::new("Click a word to play from there.").weak());
                }
                if let Some(clicked) =
                    transcript_words_ui(ui, attempt, attempt.feedback.as_ref(), playback_ms)
                    && let Some(path) = &audio
                {
                    command = Some(Command::PlayFrom {
                        path: path.clone(),
                        start_ms: clicked,
                    });
                }
                ui.separator();
                ui.heading("Your notes");
                ui.add(
                    egui::TextEdit::multiline(&mut open.notes)
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
        match store.update(id, |a| {
            a.notes = notes;
            a.self_rating = rating;
        }) {
            Ok(_) => {
                view.messages.say(MessageKind::Success, "Saved.");
                view.invalidate();
            }
            Err(err) => view.messages.say(MessageKind::Error, err.to_string()),
        }
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

/// The transcript as clickable words, coloured by the feedback, with the word being played
/// outlined. Returns the start time of a clicked word.
fn transcript_words_ui(
    ui: &mut egui::Ui,
    attempt: &Attempt,
    feedback: Option<&Feedback>,
    playback_ms: Option<u64>,
) -> Option<u64> {
    let transcript = attempt.transcript.as_ref()?;
    let highlights = feedback.map(Feedback::highlights).unwrap_or_default();
    let mut clicked = None;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for word in transcript.words() {
            let inside = |h: &&crate::analysis::Highlight| {
                h.start_char < word.end_char.max(word.start_char + 1)
                    && h.end_char > word.start_char
            };
            let element = highlights
                .iter()
                .filter(inside)
                .map(|h| h.category)
                .find(|c| {
                    matches!(
                        c,
                        HighlightCategory::Situation
                            | HighlightCategory::Task
                            | HighlightCategory::Action
                            | HighlightCategory::Result
                            | HighlightCategory::Learning
                    )
                });
            let mark = highlights
                .iter()
                .filter(inside)
                .map(|h| h.category)
                .filter(|c| {
                    matches!(
                        c,
                        HighlightCategory::Filler
                            | HighlightCategory::Hedge
                            | HighlightCategory::ValueCue
                            | HighlightCategory::RapportCue
                    )
                })
                .min();
            let mut text = egui::RichText::new(&word.text).size(16.0);
            if let Some(e) = element {
                text = text.background_color(category_colour(e).gamma_multiply(0.3));
            }
            if let Some(m) = mark {
                text = text.color(category_colour(m));
                if m == HighlightCategory::Filler {
                    text = text.strikethrough();
                }
            }
            let playing = transcript.timed
                && playback_ms.is_some_and(|ms| {
                    ms >= word.start_ms && ms < word.end_ms.max(word.start_ms + 1)
                });
            if playing {
                text = text.strong().underline();
            }
            let response = ui.add(egui::Label::new(text).sense(egui::Sense::click()));
            if transcript.timed
                && response
                    .on_hover_text(format_duration(word.start_ms))
                    .clicked()
            {
                clicked = Some(word.start_ms);
            }
        }
    });
    clicked
}
