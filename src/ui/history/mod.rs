//! The history screens: the list of past attempts with search and filters, one attempt with its
//! feedback and a transcript that follows playback, two attempts side by side, and progress
//! over time.
//!
//! Rules: the screen reads the store through a cached listing (refreshed on demand, after a
//! change, and when the app calls [`HistoryView::invalidate`]), so drawing never touches the disk
//! except to open one attempt. It never plays audio itself: it returns a [`Command`]
//! (play, play from a word, try again) for the app to carry out, and shows the word being spoken
//! from [`HistoryView::playing`], which the app sets while a recording plays. Figures come
//! from the stored feedback ([`crate::store::Metrics`]); the attempt view reuses the feedback
//! screen's scores and next steps, and the player, timeline and transcript it shares with the
//! feedback screen ([`super::transcript_view`]). Observations, not verdicts (docs/sources.md).

use super::command::Command;
use super::layout::choice_ui;
use super::message::{MessageKind, Messages};
use chrono::{Duration, Local};
use eframe::egui;
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints, Points};

use crate::domain::{PromptKind, Skill};
use crate::store::markdown::format_duration;
use crate::store::progress::progress;
use crate::store::{Area, Attempt, AttemptId, AttemptSummary, Listing, Query, Store};

mod attempt;
mod axis;
mod compare;
mod list;
mod progress;

pub use compare::{Change, CompareRow, PACE_BAND_WPM, compare_rows, improvements};

/// Height of one row of the attempt list.
const ROW_HEIGHT: f32 = 24.0;
/// Characters of the prompt shown in a list row.
const PROMPT_PREVIEW_CHARS: usize = 70;
/// Height of each progress plot.
const PLOT_HEIGHT: f32 = 170.0;
#[cfg(test)]
pub(super) const PLOT_HEIGHT_FOR_TESTS: f32 = PLOT_HEIGHT;

/// Which history screen is shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum HistoryScreen {
    #[default]
    List,
    Attempt(AttemptId),
    Compare(AttemptId, AttemptId),
    Progress,
}

/// Date filters offered in the list; each one's label is its name (strum).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::IntoStaticStr, strum::VariantArray)]
pub enum DateFilter {
    #[default]
    #[strum(serialize = "Any time")]
    AnyTime,
    #[strum(serialize = "Last 7 days")]
    LastWeek,
    #[strum(serialize = "Last 30 days")]
    LastMonth,
    #[strum(serialize = "Last 90 days")]
    LastQuarter,
}

impl DateFilter {
    fn label(self) -> &'static str {
        self.into()
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
    /// Where the recording that plays is; set by the app while it plays.
    pub playing: Option<super::transcript_view::Playing>,
    /// The user's own filler words (Settings), counted above an attempt's transcript.
    pub custom_fillers: Vec<String>,
    /// The attempt last moved to the trash, for the Undo button.
    pub last_deleted: Option<AttemptId>,
    /// This screen's messages (saved, moved to the trash, a store error).
    pub messages: Messages,
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

    /// The app's answer to a [`Command::SaveNotes`] from the attempt view.
    pub fn saved(&mut self, id: &AttemptId, result: &Result<(String, Option<u8>), String>) {
        if self.screen != HistoryScreen::Attempt(id.clone()) {
            return;
        }
        match result {
            Ok(_) => self.messages.say(MessageKind::Success, "Saved."),
            Err(err) => self.messages.say(
                MessageKind::Error,
                format!("Your notes and rating could not be saved: {err}"),
            ),
        }
        // Read the attempt and the listing again: they show what was stored.
        self.invalidate();
    }

    /// The app's answer to a [`Command::ExportAttempt`] from the attempt view.
    pub fn exported(&mut self, id: &AttemptId, result: &Result<std::path::PathBuf, String>) {
        if self.screen != HistoryScreen::Attempt(id.clone()) {
            return;
        }
        match result {
            Ok(path) => self
                .messages
                .say(MessageKind::Info, format!("Exported to {}", path.display())),
            Err(err) => self.messages.say(
                MessageKind::Error,
                format!("The Markdown export failed: {err}"),
            ),
        }
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
                self.messages.say(MessageKind::Error, err.to_string());
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
#[must_use]
pub fn history_ui(ui: &mut egui::Ui, view: &mut HistoryView, store: &Store) -> Option<Command> {
    let mut command = None;
    let on_attempts = matches!(
        view.screen,
        HistoryScreen::List | HistoryScreen::Attempt(_) | HistoryScreen::Compare(..)
    );
    let tabs = [
        ("Attempts", on_attempts, HistoryScreen::List),
        (
            "Progress",
            view.screen == HistoryScreen::Progress,
            HistoryScreen::Progress,
        ),
    ];
    if super::layout::screens_ui(ui, &mut view.screen, tabs, "Read the store again") {
        view.invalidate();
    }
    if let Some(id) = super::layout::message_ui(ui, &mut view.messages, &mut view.last_deleted) {
        match store.undo_delete(&id) {
            Ok(()) => view.messages.say(
                MessageKind::Success,
                format!("Restored the attempt of {}.", short_date(&id)),
            ),
            Err(err) => view.messages.say(MessageKind::Error, err.to_string()),
        }
        view.invalidate();
    }
    ui.separator();
    match view.screen.clone() {
        HistoryScreen::List => list::list_ui(ui, view, store),
        HistoryScreen::Attempt(id) => command = attempt::attempt_ui(ui, view, store, &id),
        HistoryScreen::Compare(a, b) => compare::compare_ui(ui, view, store, &a, &b),
        HistoryScreen::Progress => progress::progress_ui(ui, view, store),
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
        choice_ui(
            ui,
            ("history_kind", "Kind", "All kinds"),
            &mut view.kind,
            PromptKind::ALL,
            PromptKind::label,
        );
        choice_ui(
            ui,
            ("history_skill", "Skill", "All skills"),
            &mut view.skill,
            Skill::ALL,
            Skill::label,
        );
        let label = ui.label("Date");
        egui::ComboBox::from_id_salt("history_date")
            .selected_text(view.date.label())
            .show_ui(ui, |ui| {
                for &date in <DateFilter as strum::VariantArray>::VARIANTS {
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

/// The History tab: feeds the playback position in and draws the screens, or says why
/// the store cannot be opened.
#[must_use]
pub fn history_tab_ui(
    ui: &mut egui::Ui,
    view: &mut HistoryView,
    store: &Result<Store, String>,
    playing: Option<super::transcript_view::Playing>,
    custom_fillers: &[String],
) -> Option<Command> {
    let store = match store {
        Ok(store) => store,
        Err(err) => {
            ui.heading("History");
            ui.label(
                egui::RichText::new(format!("The attempt store cannot be opened: {err}"))
                    .color(ui.visuals().error_fg_color),
            );
            return None;
        }
    };
    // The attempt view's player repaints while it plays (transcript_view::PLAYING_REPAINT).
    view.playing = playing;
    if view.custom_fillers != custom_fillers {
        view.custom_fillers = custom_fillers.to_vec();
    }
    history_ui(ui, view, store)
}
