//! The history screens: the list of past attempts with search and filters, one attempt with its
//! feedback and a transcript that follows playback, two attempts side by side, and progress
//! over time.
//!
//! Rules: the screen reads the store through a cached listing (refreshed on demand, after a
//! change, and when the app calls [`HistoryView::invalidate`]), so drawing never touches the disk
//! except to open one attempt. It never plays audio itself: it returns a [`HistoryCommand`]
//! (play, play from a word, try again) for the app to carry out, and shows the word being spoken
//! from [`HistoryView::playback_ms`], which the app sets while a recording plays. Figures come
//! from the stored feedback ([`crate::store::Metrics`]); the attempt view reuses the feedback
//! screen's scores, next steps and colours. Observations, not verdicts (docs/sources.md).

use chrono::{Duration, Local};
use eframe::egui;
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints, Points};
use std::path::PathBuf;

use super::feedback::category_colour;
use super::history_compare::{Change, compare_rows, improvements};
use crate::analysis::{Feedback, HighlightCategory};
use crate::domain::{PromptKind, Skill};
use crate::store::markdown::format_duration;
use crate::store::progress::progress;
use crate::store::{Area, Attempt, AttemptId, AttemptSummary, Listing, Query, Store};
use crate::stories::practice::story_of_prompt;

/// Height of one row of the attempt list.
const ROW_HEIGHT: f32 = 24.0;
/// Characters of the prompt shown in a list row.
const PROMPT_PREVIEW_CHARS: usize = 70;
/// Height of each progress plot.
const PLOT_HEIGHT: f32 = 170.0;

/// What the app should do for the history screen.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryCommand {
    /// Practise the same prompt again.
    TryAgain { prompt_id: String },
    /// Play (or stop, if it is playing) a recording from the start.
    Play { path: PathBuf },
    /// Play a recording from a word's start time.
    PlayFrom { path: PathBuf, start_ms: u64 },
}

/// Which history screen is shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum HistoryScreen {
    #[default]
    List,
    Attempt(AttemptId),
    Compare(AttemptId, AttemptId),
    Progress,
}

/// Date filters offered in the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateFilter {
    #[default]
    AnyTime,
    LastWeek,
    LastMonth,
    LastQuarter,
}

impl DateFilter {
    const ALL: [DateFilter; 4] = [
        DateFilter::AnyTime,
        DateFilter::LastWeek,
        DateFilter::LastMonth,
        DateFilter::LastQuarter,
    ];

    fn label(self) -> &'static str {
        match self {
            DateFilter::AnyTime => "Any time",
            DateFilter::LastWeek => "Last 7 days",
            DateFilter::LastMonth => "Last 30 days",
            DateFilter::LastQuarter => "Last 90 days",
        }
    }

    fn days(self) -> Option<i64> {
        match self {
            DateFilter::AnyTime => None,
            DateFilter::LastWeek => Some(7),
            DateFilter::LastMonth => Some(30),
            DateFilter::LastQuarter => Some(90),
        }
    }
}

/// The state of the history screens (the UI thread owns it).
#[derive(Debug, Default)]
pub struct HistoryView {
    pub screen: HistoryScreen,
    pub search: String,
    pub kind: Option<PromptKind>,
    pub skill: Option<Skill>,
    pub date: DateFilter,
    pub min_score: u8,
    /// Attempts ticked for comparison (at most two).
    pub selected: Vec<AttemptId>,
    /// Where the playing recording is, in ms; set by the app while it plays.
    pub playback_ms: Option<u64>,
    /// The attempt last moved to the trash, for the Undo button.
    pub last_deleted: Option<AttemptId>,
    pub message: Option<String>,
    listing: Option<Listing>,
    open: Option<OpenAttempt>,
}

#[derive(Debug)]
struct OpenAttempt {
    attempt: Attempt,
    notes: String,
}

impl HistoryView {
    /// Asks for a fresh listing next frame (the app calls this after saving an attempt).
    pub fn invalidate(&mut self) {
        self.listing = None;
        self.open = None;
    }

    /// The filter the list controls describe.
    pub fn query(&self) -> Query {
        Query {
            text: self.search.clone(),
            kind: self.kind,
            skill: self.skill,
            since: self
                .date
                .days()
                .map(|d| Local::now().date_naive() - Duration::days(d)),
            min_score: (self.min_score > 0).then_some(self.min_score),
            ..Query::default()
        }
    }

    fn listing(&mut self, store: &Store) -> &Listing {
        if self.listing.is_none() {
            let listing = store.list().unwrap_or_else(|err| {
                self.message = Some(err.to_string());
                Listing::default()
            });
            self.listing = Some(listing);
        }
        self.listing.get_or_insert_with(Listing::default)
    }

    fn summary(&self, id: &AttemptId) -> Option<&AttemptSummary> {
        self.listing.as_ref()?.attempts.iter().find(|s| s.id == *id)
    }
}

/// Draws the history screens and returns what the app should do.
pub fn history_ui(
    ui: &mut egui::Ui,
    view: &mut HistoryView,
    store: &Store,
) -> Option<HistoryCommand> {
    let mut command = None;
    ui.horizontal(|ui| {
        if ui
            .selectable_label(
                matches!(
                    view.screen,
                    HistoryScreen::List | HistoryScreen::Attempt(_) | HistoryScreen::Compare(..)
                ),
                "Attempts",
            )
            .clicked()
        {
            view.screen = HistoryScreen::List;
        }
        if ui
            .selectable_label(view.screen == HistoryScreen::Progress, "Progress")
            .clicked()
        {
            view.screen = HistoryScreen::Progress;
        }
        if ui
            .button("Refresh")
            .on_hover_text("Read the store again")
            .clicked()
        {
            view.invalidate();
        }
    });
    if let Some(message) = view.message.clone() {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(&message).color(ui.visuals().warn_fg_color));
            if let Some(id) = view.last_deleted.clone()
                && ui.button("Undo").clicked()
            {
                match store.undo_delete(&id) {
                    Ok(()) => {
                        view.message = Some(format!("Restored the attempt of {}.", short_date(&id)))
                    }
                    Err(err) => view.message = Some(err.to_string()),
                }
                view.last_deleted = None;
                view.invalidate();
            }
            if ui.small_button("Dismiss").clicked() {
                view.message = None;
                view.last_deleted = None;
            }
        });
    }
    ui.separator();
    match view.screen.clone() {
        HistoryScreen::List => list_ui(ui, view, store),
        HistoryScreen::Attempt(id) => command = attempt_ui(ui, view, store, &id),
        HistoryScreen::Compare(a, b) => compare_ui(ui, view, store, &a, &b),
        HistoryScreen::Progress => progress_ui(ui, view, store),
    }
    command
}

fn short_date(id: &AttemptId) -> String {
    id.as_str().get(..8).map_or_else(
        || id.to_string(),
        |d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]),
    )
}

fn filters_ui(ui: &mut egui::Ui, view: &mut HistoryView) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Search");
        ui.add(
            egui::TextEdit::singleline(&mut view.search)
                .hint_text("words in transcripts, prompts, notes")
                .desired_width(220.0),
        );
        let label = ui.label("Kind");
        egui::ComboBox::from_id_salt("history_kind")
            .selected_text(view.kind.map_or("All kinds", |k| k.label()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.kind, None, "All kinds");
                for kind in PromptKind::ALL {
                    ui.selectable_value(&mut view.kind, Some(kind), kind.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Skill");
        egui::ComboBox::from_id_salt("history_skill")
            .selected_text(view.skill.map_or("All skills", |s| s.label()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.skill, None, "All skills");
                for skill in Skill::ALL {
                    ui.selectable_value(&mut view.skill, Some(skill), skill.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Date");
        egui::ComboBox::from_id_salt("history_date")
            .selected_text(view.date.label())
            .show_ui(ui, |ui| {
                for date in DateFilter::ALL {
                    ui.selectable_value(&mut view.date, date, date.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Min score");
        ui.add(egui::DragValue::new(&mut view.min_score).range(0..=100))
            .labelled_by(label.id);
    });
}

fn list_ui(ui: &mut egui::Ui, view: &mut HistoryView, store: &Store) {
    filters_ui(ui, view);
    let query = view.query();
    let listing = view.listing(store);
    let problems = listing.problems.clone();
    let total = listing.attempts.len();
    let shown: Vec<AttemptSummary> = listing
        .attempts
        .iter()
        .filter(|s| query.matches(s))
        .cloned()
        .collect();
    ui.horizontal(|ui| {
        ui.label(format!("{} of {total} attempts", shown.len()));
        if !problems.is_empty() {
            let details: Vec<_> = problems
                .iter()
                .map(|p| format!("{}: {}", p.folder.display(), p.message))
                .collect();
            ui.label(
                egui::RichText::new(format!("{} record(s) could not be read", problems.len()))
                    .color(ui.visuals().warn_fg_color),
            )
            .on_hover_text(details.join("\n"));
        }
        let ready = view.selected.len() == 2;
        if ui
            .add_enabled(ready, egui::Button::new("Compare selected"))
            .on_hover_text("Tick two attempts to compare them side by side")
            .clicked()
        {
            let mut pair = view.selected.clone();
            pair.sort();
            view.screen = HistoryScreen::Compare(pair[0].clone(), pair[1].clone());
        }
    });
    if total == 0 {
        ui.add_space(12.0);
        ui.label(
            "No attempts yet. Answer a prompt on the Practice tab; every attempt is kept here.",
        );
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, shown.len(), |ui, range| {
            for summary in &shown[range] {
                ui.horizontal(|ui| {
                    let mut ticked = view.selected.contains(&summary.id);
                    if ui
                        .checkbox(&mut ticked, "Select")
                        .on_hover_text("Select for comparison (tick two)")
                        .changed()
                    {
                        view.selected.retain(|id| *id != summary.id);
                        if ticked {
                            view.selected.push(summary.id.clone());
                            if view.selected.len() > 2 {
                                view.selected.remove(0);
                            }
                        }
                    }
                    let when = summary
                        .created
                        .with_timezone(&Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string();
                    ui.label(egui::RichText::new(when).monospace());
                    ui.label(summary.kind.label());
                    ui.label(format_duration(summary.duration_ms));
                    let score = summary
                        .overall()
                        .map_or("-".to_string(), |s| format!("{s:.0}"));
                    ui.label(egui::RichText::new(score).strong())
                        .on_hover_text("Mean score of the five areas");
                    let mut preview: String = summary
                        .prompt_text
                        .chars()
                        .take(PROMPT_PREVIEW_CHARS)
                        .collect();
                    if summary.prompt_text.chars().count() > PROMPT_PREVIEW_CHARS {
                        preview.push_str("...");
                    }
                    if ui
                        .link(preview)
                        .on_hover_text("Open this attempt")
                        .clicked()
                    {
                        view.screen = HistoryScreen::Attempt(summary.id.clone());
                        view.open = None;
                    }
                });
            }
        });
}

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
                view.message = Some(err.to_string());
                view.screen = HistoryScreen::List;
                view.open = None;
                return None;
            }
        }
    }
    view.open.as_mut()
}

fn attempt_ui(
    ui: &mut egui::Ui,
    view: &mut HistoryView,
    store: &Store,
    id: &AttemptId,
) -> Option<HistoryCommand> {
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
                command = Some(HistoryCommand::Play { path: path.clone() });
            }
            if !attempt.prompt.id.is_empty()
                && ui
                    .button("Try again")
                    .on_hover_text("Practise the same prompt")
                    .clicked()
            {
                command = Some(HistoryCommand::TryAgain {
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
                        super::feedback::scores_ui(feedback, ui);
                        ui.separator();
                        super::feedback::next_steps_ui(feedback, ui);
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
                    command = Some(HistoryCommand::PlayFrom {
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
                view.message = Some("Saved.".into());
                view.invalidate();
            }
            Err(err) => view.message = Some(err.to_string()),
        }
    }
    if delete {
        match store.delete(id) {
            Ok(()) => {
                view.message = Some(format!(
                    "Moved the attempt of {} to the trash.",
                    short_date(id)
                ));
                view.last_deleted = Some(id.clone());
                view.selected.retain(|s| s != id);
                back = true;
            }
            Err(err) => view.message = Some(err.to_string()),
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

fn compare_ui(
    ui: &mut egui::Ui,
    view: &mut HistoryView,
    store: &Store,
    a: &AttemptId,
    b: &AttemptId,
) {
    if ui.button("Back to all attempts").clicked() {
        view.screen = HistoryScreen::List;
        return;
    }
    view.listing(store);
    let (Some(first), Some(second)) = (view.summary(a).cloned(), view.summary(b).cloned()) else {
        view.message = Some("One of the two attempts is no longer there.".into());
        view.screen = HistoryScreen::List;
        return;
    };
    let (first_attempt, second_attempt) = match (store.get(a), store.get(b)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(err), _) | (_, Err(err)) => {
            view.message = Some(err.to_string());
            view.screen = HistoryScreen::List;
            return;
        }
    };
    ui.heading("Compare two attempts");
    if first.prompt_id != second.prompt_id || first.prompt_id.is_empty() {
        ui.label(
            egui::RichText::new("These answer different prompts; the figures still compare.")
                .color(ui.visuals().warn_fg_color),
        );
    }
    ui.label(egui::RichText::new(&second.prompt_text).italics());
    let rows = compare_rows(&first, &second, second_attempt.prompt.target_seconds);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("compare_grid")
                .striped(true)
                .num_columns(4)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    let when = |s: &AttemptSummary| {
                        s.created
                            .with_timezone(&Local)
                            .format("%Y-%m-%d %H:%M")
                            .to_string()
                    };
                    ui.label("");
                    ui.label(egui::RichText::new(format!("Earlier ({})", when(&first))).strong());
                    ui.label(egui::RichText::new(format!("Later ({})", when(&second))).strong());
                    ui.label(egui::RichText::new("Change").strong());
                    ui.end_row();
                    for row in &rows {
                        ui.label(&row.label);
                        ui.label(&row.first);
                        ui.label(&row.second);
                        let colour = match row.change {
                            Change::Better => egui::Color32::from_rgb(60, 160, 80),
                            Change::Worse => egui::Color32::from_rgb(200, 90, 60),
                            _ => ui.visuals().weak_text_color(),
                        };
                        ui.label(egui::RichText::new(row.change.label()).color(colour));
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.heading("What improved");
            let improved = improvements(&rows);
            if improved.is_empty() {
                ui.label("No figure improved between these two attempts.");
            }
            for line in improved {
                ui.label(format!("- {line}"));
            }
            ui.add_space(8.0);
            ui.columns(2, |columns| {
                for (column, attempt) in columns.iter_mut().zip([&first_attempt, &second_attempt]) {
                    column.strong("Transcript");
                    column.label(
                        attempt
                            .transcript
                            .as_ref()
                            .map_or("(not transcribed)", |t| t.text.as_str()),
                    );
                }
            });
        });
}

/// Days since the Unix epoch, the x axis of the progress plots.
fn day_number(summary: &AttemptSummary) -> f64 {
    summary.created.timestamp() as f64 / 86_400.0
}

fn date_axis(mark: egui_plot::GridMark, _range: &std::ops::RangeInclusive<f64>) -> String {
    chrono::DateTime::from_timestamp((mark.value * 86_400.0) as i64, 0)
        .map(|d| d.with_timezone(&Local).format("%-d %b").to_string())
        .unwrap_or_default()
}

fn area_colour(area: Area) -> egui::Color32 {
    match area {
        Area::Timing => egui::Color32::from_rgb(86, 132, 204),
        Area::Delivery => egui::Color32::from_rgb(215, 70, 70),
        Area::Structure => egui::Color32::from_rgb(70, 160, 100),
        Area::Value => egui::Color32::from_rgb(220, 150, 50),
        Area::Rapport => egui::Color32::from_rgb(200, 90, 160),
    }
}

fn progress_ui(ui: &mut egui::Ui, view: &mut HistoryView, store: &Store) {
    let summaries: Vec<AttemptSummary> =
        view.listing(store).attempts.iter().rev().cloned().collect();
    let p = progress(&summaries, Local::now().date_naive());
    ui.heading("Progress");
    let mut facts = vec![
        format!("{} attempts ({} analysed)", p.attempts, p.analysed),
        format!("{} of practice", format_duration(p.practice_ms)),
        format!("streak: {} day(s)", p.streak_days),
    ];
    if let Some(share) = p.all_star_share() {
        facts.push(format!(
            "{} of {} story answers had all STAR parts ({:.0}%)",
            p.story_answers_with_all_star,
            p.story_answers,
            share * 100.0
        ));
    }
    ui.label(facts.join(" · "));
    if summaries.is_empty() {
        ui.label("No attempts yet: progress appears after your first answers.");
        return;
    }
    let analysed: Vec<&AttemptSummary> = summaries.iter().filter(|s| s.metrics.is_some()).collect();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.strong("Scores per area");
            Plot::new("history_scores")
                .height(PLOT_HEIGHT)
                .legend(Legend::default())
                .include_y(0.0)
                .include_y(100.0)
                .x_axis_formatter(date_axis)
                .allow_scroll(false)
                .show(ui, |plot| {
                    for area in Area::ALL {
                        let points: Vec<[f64; 2]> = analysed
                            .iter()
                            .filter_map(|s| {
                                Some([
                                    day_number(s),
                                    f64::from(*s.metrics.as_ref()?.scores.get(&area)?),
                                ])
                            })
                            .collect();
                        plot.line(
                            Line::new(area.label(), PlotPoints::from(points.clone()))
                                .color(area_colour(area)),
                        );
                        plot.points(
                            Points::new(area.label(), PlotPoints::from(points))
                                .color(area_colour(area))
                                .radius(2.5),
                        );
                    }
                });
            ui.columns(2, |columns| {
                columns[0].strong("Fillers per minute");
                let fillers: Vec<[f64; 2]> = analysed
                    .iter()
                    .filter_map(|s| {
                        Some([
                            day_number(s),
                            f64::from(s.metrics.as_ref()?.fillers_per_minute?),
                        ])
                    })
                    .collect();
                Plot::new("history_fillers")
                    .height(PLOT_HEIGHT)
                    .include_y(0.0)
                    .x_axis_formatter(date_axis)
                    .allow_scroll(false)
                    .show(&mut columns[0], |plot| {
                        plot.line(Line::new("Fillers per minute", PlotPoints::from(fillers)))
                    });
                columns[1].strong("Pace (words per minute)");
                let pace: Vec<[f64; 2]> = analysed
                    .iter()
                    .filter_map(|s| Some([day_number(s), f64::from(s.metrics.as_ref()?.wpm?)]))
                    .collect();
                Plot::new("history_pace")
                    .height(PLOT_HEIGHT)
                    .include_y(0.0)
                    .x_axis_formatter(date_axis)
                    .allow_scroll(false)
                    .show(&mut columns[1], |plot| {
                        plot.line(Line::new("Words per minute", PlotPoints::from(pace)))
                    });
            });
            ui.columns(2, |columns| {
                columns[0].strong("Attempts per week");
                let bars: Vec<Bar> = p
                    .weeks
                    .iter()
                    .map(|w| {
                        Bar::new(
                            w.week_start
                                .and_hms_opt(0, 0, 0)
                                .map_or(0.0, |d| d.and_utc().timestamp() as f64 / 86_400.0),
                            w.attempts as f64,
                        )
                        .width(5.0)
                    })
                    .collect();
                Plot::new("history_weeks")
                    .height(PLOT_HEIGHT)
                    .x_axis_formatter(date_axis)
                    .allow_scroll(false)
                    .show(&mut columns[0], |plot| {
                        plot.bar_chart(BarChart::new("Attempts", bars))
                    });
                columns[1].strong("Story answers with all STAR parts, per week (%)");
                let share: Vec<[f64; 2]> = p
                    .weeks
                    .iter()
                    .filter(|w| w.story_answers > 0)
                    .filter_map(|w| {
                        let x = w.week_start.and_hms_opt(0, 0, 0)?.and_utc().timestamp() as f64
                            / 86_400.0;
                        Some([
                            x,
                            100.0 * w.story_answers_with_all_star as f64 / w.story_answers as f64,
                        ])
                    })
                    .collect();
                Plot::new("history_star")
                    .height(PLOT_HEIGHT)
                    .include_y(0.0)
                    .include_y(100.0)
                    .x_axis_formatter(date_axis)
                    .allow_scroll(false)
                    .show(&mut columns[1], |plot| {
                        plot.line(Line::new("All STAR parts", PlotPoints::from(share.clone())));
                        plot.points(
                            Points::new("All STAR parts", PlotPoints::from(share)).radius(3.0),
                        );
                    });
            });
            ui.strong("The seven soft skills");
            egui::Grid::new("history_skills")
                .num_columns(3)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for s in &p.skills {
                        ui.label(s.skill.label());
                        ui.label(format!("{} attempt(s)", s.attempts));
                        match s.average_score {
                            Some(score) => ui.add(
                                egui::ProgressBar::new(score / 100.0)
                                    .text(format!("average {score:.0}"))
                                    .desired_width(180.0),
                            ),
                            None => ui.label(egui::RichText::new("not practised yet").weak()),
                        };
                        ui.end_row();
                    }
                });
        });
}

/// The History tab inside the app: feeds the playback position in, draws the screens and
/// carries out the commands.
pub(super) fn history_tab_ui(app: &mut super::app::RehearseApp, ui: &mut egui::Ui) {
    let store = match &app.store {
        Ok(store) => store.clone(),
        Err(err) => {
            ui.heading("History");
            ui.label(
                egui::RichText::new(format!("The attempt store cannot be opened: {err}"))
                    .color(ui.visuals().error_fg_color),
            );
            return;
        }
    };
    app.history.playback_ms = app
        .playback
        .as_ref()
        .filter(|p| !p.is_finished())
        .map(|p| (p.progress_seconds().0 * 1000.0) as u64);
    if app.history.playback_ms.is_some() {
        // Follow the spoken word while the recording plays.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
    match history_ui(ui, &mut app.history, &store) {
        Some(HistoryCommand::TryAgain { prompt_id }) if story_of_prompt(&prompt_id).is_some() => {
            // An attempt at a story: practise the story again (its current notes and question).
            match story_of_prompt(&prompt_id).map(|id| store.get_story(&id)) {
                Some(Ok(story)) => app.practise_story(&story),
                Some(Err(err)) => app.notify_error(err.to_string()),
                None => {}
            }
        }
        Some(HistoryCommand::TryAgain { prompt_id }) => match app.bank.get(&prompt_id) {
            Some(prompt) => {
                app.story = None;
                app.prompt = Some(prompt.clone());
                app.drill_seconds = None;
                app.try_again();
                app.tab = super::app::Tab::Practice;
            }
            None => app.notify_error(format!(
                "The prompt {prompt_id} is no longer in the prompt bank."
            )),
        },
        Some(HistoryCommand::Play { path }) => app.play(&path),
        Some(HistoryCommand::PlayFrom { path, start_ms }) => {
            if app.playback.is_none() {
                app.play(&path);
            }
            if let Some(playback) = &app.playback {
                playback.seek_ms(start_ms);
            }
        }
        None => {}
    }
}
