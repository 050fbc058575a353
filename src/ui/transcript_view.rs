//! The answer widgets the Feedback screen and the History attempt view share: one player (play,
//! pause, stop, the position against the length, a seek bar), one timeline (story sections,
//! pace per sentence, pauses and the play head; click to play from there) and one transcript
//! (flowing text coloured by the feedback, the word being played highlighted, click a word to
//! play from it).
//!
//! Rules: the widgets draw from what they are given (the transcript, the feedback, the
//! recording and where playback is) and return a [`Command`]; they never play audio or read
//! files. While the shown recording plays they ask for a repaint every [`PLAYING_REPAINT`], so
//! the counter and the highlighted word move without any input. Colours: the five story
//! elements tint the background; fillers, hedges, value and rapport cues change the text
//! itself, so a filler inside an Action sentence shows as both; long pauses appear inline as a
//! marked gap. Every struck-through filler is one of the analysis' fillers (the engine's and
//! the user's own words, [`crate::analysis::delivery`]), the same list the counts come from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use eframe::egui;

use crate::analysis::rubric::RubricKind;
use crate::analysis::timing::PACE_BAND_WPM;
use crate::analysis::{Feedback, HighlightCategory, Span};
use crate::audio::recording_rules::format_clock;
use crate::domain::Element;
use crate::transcript::Transcript;

use super::command::Command;

/// How often the widgets repaint while the recording they show plays: a word of speech lasts
/// about 300 ms, so 40 ms keeps the highlight on the word being heard.
pub const PLAYING_REPAINT: Duration = Duration::from_millis(40);
/// The transcript's lines are at most this wide (long lines are hard to read).
pub const MAX_LINE_WIDTH: f32 = 820.0;
/// Size of the transcript text.
const TEXT_SIZE: f32 = 16.0;

/// Labels of the player's controls (also used by tests).
pub const PLAY_LABEL: &str = "Play recording";
pub const PAUSE_LABEL: &str = "Pause";
pub const RESUME_LABEL: &str = "Resume";
pub const STOP_LABEL: &str = "Stop playback";
/// The seek bar's accessible name.
pub const SEEK_LABEL: &str = "Position in the recording";

/// Where the recording that plays is, as the app reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Playing {
    /// The file playing (the widgets follow it only when it is the one they show).
    pub path: PathBuf,
    pub at_ms: u64,
    pub total_ms: u64,
    pub paused: bool,
}

/// `playing` when it is `recording` that plays.
fn playing_here<'a>(playing: Option<&'a Playing>, recording: Option<&Path>) -> Option<&'a Playing> {
    playing.filter(|p| recording.is_some_and(|r| p.path == r))
}

/// The player's counter: "0:12 / 0:56".
pub fn position_text(at_ms: u64, total_ms: u64) -> String {
    format!("{} / {}", format_clock(at_ms), format_clock(total_ms))
}

/// The player for `recording` (`duration_ms` long): Play, or Pause / Resume and Stop while it
/// plays, the counter, and a seek bar (Tab reaches it; the arrow keys move it).
#[must_use]
pub fn player_ui(
    ui: &mut egui::Ui,
    recording: Option<&Path>,
    duration_ms: u64,
    playing: Option<&Playing>,
) -> Option<Command> {
    let path = recording?;
    let here = playing_here(playing, recording);
    let mut command = None;
    ui.horizontal(|ui| {
        match here {
            Some(p) => {
                let (label, hint) = if p.paused {
                    (RESUME_LABEL, "Go on from here")
                } else {
                    (PAUSE_LABEL, "Hold the playback here")
                };
                if ui.button(label).on_hover_text(hint).clicked() {
                    command = Some(Command::PausePlayback);
                }
                if ui.button(STOP_LABEL).clicked() {
                    command = Some(Command::StopPlayback);
                }
            }
            None => {
                if ui.button(PLAY_LABEL).clicked() {
                    command = Some(Command::Play {
                        path: path.to_path_buf(),
                    });
                }
            }
        }
        let total_ms = here.map_or(duration_ms, |p| p.total_ms).max(1);
        let at_ms = here.map_or(0, |p| p.at_ms.min(total_ms));
        let mut seconds = at_ms as f32 / 1000.0;
        ui.spacing_mut().slider_width = 260.0;
        let seek = ui
            .add(egui::Slider::new(&mut seconds, 0.0..=total_ms as f32 / 1000.0).show_value(false))
            .on_hover_text("Drag, or use the arrow keys, to play from another point");
        seek.widget_info(|| {
            egui::WidgetInfo::labeled(egui::accesskit::Role::Slider, true, SEEK_LABEL)
        });
        if seek.changed() {
            command = Some(Command::PlayFrom {
                path: path.to_path_buf(),
                start_ms: (seconds.max(0.0) * 1000.0) as u64,
            });
        }
        ui.label(position_text(at_ms, total_ms));
    });
    if here.is_some_and(|p| !p.paused) {
        ui.ctx().request_repaint_after(PLAYING_REPAINT);
    }
    command
}

/// Colour of a highlight category.
pub fn category_colour(category: HighlightCategory) -> egui::Color32 {
    use egui::Color32 as C;
    match category {
        HighlightCategory::Situation => C::from_rgb(86, 132, 204),
        HighlightCategory::Task => C::from_rgb(150, 110, 200),
        HighlightCategory::Action => C::from_rgb(70, 160, 100),
        HighlightCategory::Result => C::from_rgb(220, 150, 50),
        HighlightCategory::Learning => C::from_rgb(40, 160, 170),
        HighlightCategory::Filler => C::from_rgb(215, 70, 70),
        HighlightCategory::Hedge => C::from_rgb(190, 120, 60),
        HighlightCategory::ValueCue => C::from_rgb(40, 150, 60),
        HighlightCategory::RapportCue => C::from_rgb(200, 90, 160),
        HighlightCategory::LongPause => C::from_rgb(130, 130, 130),
        HighlightCategory::RedFlag => C::from_rgb(200, 40, 40),
        HighlightCategory::Doubtful => C::from_rgb(170, 60, 200),
    }
}

const ELEMENT_CATEGORIES: [HighlightCategory; 5] = [
    HighlightCategory::Situation,
    HighlightCategory::Task,
    HighlightCategory::Action,
    HighlightCategory::Result,
    HighlightCategory::Learning,
];

/// One run of transcript text with the same highlight set.
#[derive(Debug, Clone, PartialEq)]
pub struct StyledRun {
    pub text: String,
    pub element: Option<HighlightCategory>,
    pub mark: Option<HighlightCategory>,
    /// An inline pause marker (its length in ms) rather than transcript text.
    pub pause_ms: Option<u64>,
    /// Part of the word being played.
    pub playing: bool,
    /// The character of the transcript text the run starts at (a pause marker: the character
    /// it stands before).
    pub start_char: usize,
}

/// Splits the transcript text into runs by highlight, inserting long-pause markers where the
/// pause fell and marking the characters `current` (the word being played). Pure, so it is
/// tested without a UI.
pub fn styled_runs(
    text: &str,
    feedback: Option<&Feedback>,
    current: Option<(usize, usize)>,
) -> Vec<StyledRun> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut element: Vec<Option<HighlightCategory>> = vec![None; n];
    let mut mark: Vec<Option<HighlightCategory>> = vec![None; n];
    let highlights = feedback.map(Feedback::highlights).unwrap_or_default();
    for h in &highlights {
        let (a, b) = (h.start_char.min(n), h.end_char.min(n));
        for i in a..b {
            if ELEMENT_CATEGORIES.contains(&h.category) {
                element[i].get_or_insert(h.category);
            } else if matches!(
                h.category,
                HighlightCategory::Filler
                    | HighlightCategory::Hedge
                    | HighlightCategory::ValueCue
                    | HighlightCategory::RapportCue
            ) {
                // Fillers outrank hedges, hedges outrank cues: the order of the enum.
                mark[i] = Some(mark[i].map_or(h.category, |m| m.min(h.category)));
            }
        }
    }
    let mut pauses_at: BTreeMap<usize, u64> = BTreeMap::new();
    for p in feedback
        .iter()
        .flat_map(|f| f.timing.pauses.iter())
        .filter(|p| p.long)
    {
        if let Some(at) = p.start_char {
            pauses_at.insert(at.min(n), p.duration_ms);
        }
    }
    let playing = |i: usize| current.is_some_and(|(a, b)| a <= i && i < b);
    let mut runs: Vec<StyledRun> = Vec::new();
    for i in 0..=n {
        if let Some(ms) = pauses_at.get(&i) {
            runs.push(StyledRun {
                text: format!(" [pause {:.1} s] ", *ms as f64 / 1000.0),
                element: None,
                mark: None,
                pause_ms: Some(*ms),
                playing: false,
                start_char: i,
            });
        }
        if i == n {
            break;
        }
        match runs.last_mut() {
            Some(run)
                if run.pause_ms.is_none()
                    && run.element == element[i]
                    && run.mark == mark[i]
                    && run.playing == playing(i) =>
            {
                run.text.push(chars[i])
            }
            _ => runs.push(StyledRun {
                text: chars[i].to_string(),
                element: element[i],
                mark: mark[i],
                pause_ms: None,
                playing: playing(i),
                start_char: i,
            }),
        }
    }
    runs
}

/// The word being heard at `ms`: its character range in the text (timed transcripts only).
pub fn word_at(transcript: &Transcript, ms: u64) -> Option<(usize, usize)> {
    if !transcript.timed {
        return None;
    }
    transcript
        .words()
        .find(|w| ms >= w.start_ms && ms < w.end_ms.max(w.start_ms + 1))
        .filter(|w| w.end_char > w.start_char)
        .map(|w| (w.start_char, w.end_char))
}

/// The start time of the word at (or, between words, just after) character `char_index`.
pub fn start_of_word_at(transcript: &Transcript, char_index: usize) -> Option<u64> {
    if !transcript.timed {
        return None;
    }
    transcript
        .words()
        .find(|w| w.end_char > char_index)
        .or_else(|| transcript.words().last())
        .map(|w| w.start_ms)
}

/// The laid-out transcript and, for each run, where it starts in the galley's characters.
pub struct TranscriptLayout {
    pub galley: Arc<egui::Galley>,
    pub runs: Vec<StyledRun>,
    /// The galley character each run starts at.
    pub run_starts: Vec<usize>,
}

impl TranscriptLayout {
    /// The transcript character under galley character `at` (a pause marker: the character
    /// after the pause).
    pub fn text_char(&self, at: usize) -> Option<usize> {
        let k = self
            .run_starts
            .partition_point(|&s| s <= at)
            .checked_sub(1)?;
        let run = &self.runs[k];
        Some(match run.pause_ms {
            Some(_) => run.start_char,
            None => run.start_char + (at - self.run_starts[k]),
        })
    }

    /// The transcript character drawn at `pos` (relative to the galley's top left).
    pub fn char_at(&self, pos: egui::Vec2) -> Option<usize> {
        // The cursor is the nearest gap between characters: step back when the point lies
        // left of it, on the character before.
        let mut cursor = self.galley.cursor_from_pos(pos);
        let edge = self.galley.pos_from_cursor(cursor);
        if pos.x < edge.left() && cursor.index.0 > 0 && edge.top() <= pos.y {
            cursor.index.0 -= 1;
        }
        self.text_char(cursor.index.0)
    }

    /// The galley character of transcript character `c` (for tests).
    pub fn galley_char(&self, c: usize) -> Option<usize> {
        self.runs
            .iter()
            .zip(&self.run_starts)
            .find(|(run, _)| {
                run.pause_ms.is_none()
                    && run.start_char <= c
                    && c < run.start_char + run.text.chars().count()
            })
            .map(|(run, start)| start + (c - run.start_char))
    }
}

/// Lays the transcript out `wrap_width` wide, in the transcript view's styles.
pub fn layout_transcript(
    ctx: &egui::Context,
    visuals: &egui::Visuals,
    text: &str,
    feedback: Option<&Feedback>,
    current: Option<(usize, usize)>,
    wrap_width: f32,
) -> TranscriptLayout {
    let font = egui::FontId::proportional(TEXT_SIZE);
    let text_colour = visuals.text_color();
    let mut job = egui::text::LayoutJob::default();
    let runs = styled_runs(text, feedback, current);
    let mut run_starts = Vec::with_capacity(runs.len());
    let mut galley_chars = 0;
    for run in &runs {
        run_starts.push(galley_chars);
        galley_chars += run.text.chars().count();
        let mut format = egui::TextFormat {
            font_id: font.clone(),
            color: text_colour,
            ..Default::default()
        };
        if run.pause_ms.is_some() {
            let grey = category_colour(HighlightCategory::LongPause);
            format.color = grey;
            format.background = grey.gamma_multiply(0.25);
            format.italics = true;
        }
        if let Some(element) = run.element {
            format.background = category_colour(element).gamma_multiply(0.3);
        }
        match run.mark {
            Some(HighlightCategory::Filler) => {
                let red = category_colour(HighlightCategory::Filler);
                format.color = red;
                format.strikethrough = egui::Stroke::new(1.0, red);
            }
            Some(HighlightCategory::Hedge) => {
                format.color = category_colour(HighlightCategory::Hedge);
                format.italics = true;
            }
            Some(category @ (HighlightCategory::ValueCue | HighlightCategory::RapportCue)) => {
                format.color = category_colour(category);
                format.underline = egui::Stroke::new(1.5, category_colour(category));
            }
            _ => {}
        }
        if run.playing {
            format.background = visuals.selection.bg_fill;
            format.color = visuals.selection.stroke.color;
            format.underline = egui::Stroke::new(2.0, visuals.selection.stroke.color);
        }
        job.append(&run.text, 0.0, format);
    }
    job.wrap.max_width = wrap_width;
    let galley = ctx.fonts_mut(|fonts| fonts.layout_job(job));
    TranscriptLayout {
        galley,
        runs,
        run_starts,
    }
}

/// The width the transcript is laid out at in `ui`.
pub fn transcript_width(ui: &egui::Ui) -> f32 {
    ui.available_width().min(MAX_LINE_WIDTH)
}

/// The transcript as flowing text, the word being played highlighted; a click on a word plays
/// the recording from it. `custom` are the user's own filler words, counted in one line above
/// the text (from the analysis' filler list).
#[must_use]
pub fn transcript_ui(
    ui: &mut egui::Ui,
    transcript: &Transcript,
    feedback: Option<&Feedback>,
    custom: &[String],
    recording: Option<&Path>,
    playing: Option<&Playing>,
) -> Option<Command> {
    if let Some(feedback) = feedback {
        legend_ui(feedback, ui);
        custom_fillers_ui(&feedback.delivery.fillers, custom, ui);
    }
    let here = playing_here(playing, recording);
    let clickable = recording.is_some() && transcript.timed;
    if clickable {
        ui.label(egui::RichText::new("Click a word to play from there.").weak());
    }
    ui.add_space(4.0);
    let current = here.and_then(|p| word_at(transcript, p.at_ms));
    let layout = layout_transcript(
        ui.ctx(),
        ui.visuals(),
        &transcript.text,
        feedback,
        current,
        transcript_width(ui),
    );
    let sense = if clickable {
        egui::Sense::click()
    } else {
        egui::Sense::hover()
    };
    let response = ui.add(
        egui::Label::new(layout.galley.clone())
            .sense(sense)
            .selectable(false),
    );
    let word_under = |pos: egui::Pos2| {
        let c = layout.char_at(pos - response.rect.min)?;
        start_of_word_at(transcript, c)
    };
    let hovered = response
        .hover_pos()
        .filter(|_| clickable)
        .and_then(word_under);
    if let Some(ms) = hovered {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        response
            .clone()
            .on_hover_text(format!("Play from {}", format_clock(ms)));
    }
    let clicked = response
        .clicked()
        .then(|| response.interact_pointer_pos())
        .flatten()
        .and_then(word_under)?;
    Some(Command::PlayFrom {
        path: recording?.to_path_buf(),
        start_ms: clicked,
    })
}

fn legend_ui(feedback: &Feedback, ui: &mut egui::Ui) {
    let mut counts: BTreeMap<HighlightCategory, usize> = BTreeMap::new();
    for h in feedback.highlights() {
        *counts.entry(h.category).or_default() += 1;
    }
    ui.horizontal_wrapped(|ui| {
        for category in [
            HighlightCategory::Situation,
            HighlightCategory::Task,
            HighlightCategory::Action,
            HighlightCategory::Result,
            HighlightCategory::Learning,
            HighlightCategory::Filler,
            HighlightCategory::Hedge,
            HighlightCategory::ValueCue,
            HighlightCategory::RapportCue,
            HighlightCategory::LongPause,
        ] {
            let n = counts.get(&category).copied().unwrap_or(0);
            let colour = category_colour(category);
            let text = egui::RichText::new(format!("{} ({n})", category.label()));
            let text = if ELEMENT_CATEGORIES.contains(&category) {
                text.background_color(colour.gamma_multiply(0.35))
            } else {
                text.color(colour)
            };
            ui.label(text);
        }
    });
}

/// A word or phrase in a comparable form: lower case, words joined by single spaces,
/// punctuation dropped ("Sort, of" and "sort of" are the same).
fn comparable(text: &str) -> String {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How often each of the user's own filler words is among the analysis' `fillers`, in the
/// order of `custom`, leaving out those not said.
pub fn custom_filler_counts(fillers: &[Span], custom: &[String]) -> Vec<(String, usize)> {
    let said: Vec<String> = fillers.iter().map(|f| comparable(&f.text)).collect();
    let mut out: Vec<(String, usize)> = Vec::new();
    for word in custom {
        let key = comparable(word);
        if key.is_empty() || out.iter().any(|(w, _)| *w == key) {
            continue;
        }
        let n = said.iter().filter(|s| **s == key).count();
        if n > 0 {
            out.push((key, n));
        }
    }
    out
}

/// "Your filler words: "sort of" ×2, "right" ×1", when any of the user's own words were said.
fn custom_fillers_ui(fillers: &[Span], custom: &[String], ui: &mut egui::Ui) {
    let counts = custom_filler_counts(fillers, custom);
    if counts.is_empty() {
        return;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(w, n)| format!("\"{w}\" ×{n}"))
        .collect();
    ui.label(
        egui::RichText::new(format!("Your filler words: {}", parts.join(", ")))
            .color(category_colour(HighlightCategory::Filler)),
    );
}

/// Time (ms) of a character offset, from the nearest word at or after it.
fn time_of_char(transcript: &Transcript, char_index: usize, end: bool) -> Option<u64> {
    if end {
        transcript
            .words()
            .filter(|w| w.start_char < char_index)
            .last()
            .map(|w| w.end_ms)
    } else {
        transcript
            .words()
            .find(|w| w.end_char > char_index)
            .map(|w| w.start_ms)
    }
}

/// Sections of the answer on the time axis: (element, start_ms, end_ms).
pub fn element_sections(transcript: &Transcript, feedback: &Feedback) -> Vec<(Element, u64, u64)> {
    let mut out = Vec::new();
    // Pitches, "about you" answers and replies are not drawn as STAR stories.
    if feedback.rubric.kind != RubricKind::Story {
        return out;
    }
    for (element, fb) in &feedback.structure.elements {
        for span in &fb.evidence {
            if let (Some(a), Some(b)) = (
                time_of_char(transcript, span.start_char, false),
                time_of_char(transcript, span.end_char, true),
            ) && b > a
            {
                out.push((*element, a, b));
            }
        }
    }
    out.sort_by_key(|s| s.1);
    out
}

/// Words per minute for each transcript segment: (start_ms, end_ms, wpm).
pub fn segment_pace(transcript: &Transcript) -> Vec<(u64, u64, f64)> {
    transcript
        .segments
        .iter()
        .filter(|s| s.end_ms > s.start_ms)
        .map(|s| {
            let words = s.text.split_whitespace().count() as f64;
            (
                s.start_ms,
                s.end_ms,
                words * 60_000.0 / (s.end_ms - s.start_ms) as f64,
            )
        })
        .collect()
}

/// The timeline: story sections, pace per sentence and pauses on one time axis `duration_ms`
/// long, with the play head while the recording plays; a click plays from that moment.
#[must_use]
pub fn timeline_ui(
    ui: &mut egui::Ui,
    transcript: &Transcript,
    feedback: &Feedback,
    duration_ms: u64,
    recording: Option<&Path>,
    playing: Option<&Playing>,
) -> Option<Command> {
    let total = duration_ms.max(transcript.duration_ms).max(1) as f32;
    let width = ui.available_width().min(900.0);
    let row = 16.0;
    let clickable = recording.is_some() && transcript.timed;
    let sense = if clickable {
        egui::Sense::click()
    } else {
        egui::Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, row * 3.0 + 8.0), sense);
    let painter = ui.painter_at(rect);
    let x = |ms: u64| rect.left() + width * (ms as f32 / total).min(1.0);
    let bg = ui.visuals().extreme_bg_color;
    for r in 0..3 {
        let top = rect.top() + r as f32 * (row + 4.0);
        painter.rect_filled(
            egui::Rect::from_min_size(egui::pos2(rect.left(), top), egui::vec2(width, row)),
            3.0,
            bg,
        );
    }
    // Row 1: story sections.
    for (element, a, b) in element_sections(transcript, feedback) {
        let r = egui::Rect::from_min_max(
            egui::pos2(x(a), rect.top()),
            egui::pos2(x(b).max(x(a) + 2.0), rect.top() + row),
        );
        painter.rect_filled(
            r,
            2.0,
            category_colour(HighlightCategory::of_element(element)),
        );
    }
    // Row 2: pace per segment, coloured slow / fine / fast.
    let top = rect.top() + row + 4.0;
    for (a, b, wpm) in segment_pace(transcript) {
        let colour = if wpm < PACE_BAND_WPM.0 {
            egui::Color32::from_rgb(120, 150, 200)
        } else if wpm > PACE_BAND_WPM.1 {
            egui::Color32::from_rgb(210, 120, 80)
        } else {
            egui::Color32::from_rgb(120, 180, 120)
        };
        let height = (row * (wpm as f32 / 240.0)).clamp(2.0, row);
        let r = egui::Rect::from_min_max(
            egui::pos2(x(a), top + row - height),
            egui::pos2(x(b).max(x(a) + 1.0), top + row),
        );
        painter.rect_filled(r, 1.0, colour);
    }
    // Row 3: pauses, long ones darker.
    let top = rect.top() + 2.0 * (row + 4.0);
    for p in &feedback.timing.pauses {
        let colour = if p.long {
            egui::Color32::from_rgb(90, 90, 90)
        } else {
            egui::Color32::from_rgb(170, 170, 170)
        };
        let r = egui::Rect::from_min_max(
            egui::pos2(x(p.start_ms), top),
            egui::pos2(x(p.end_ms).max(x(p.start_ms) + 2.0), top + row),
        );
        painter.rect_filled(r, 1.0, colour);
    }
    // The play head.
    if let Some(p) = playing_here(playing, recording) {
        let at = x(p.at_ms);
        painter.line_segment(
            [egui::pos2(at, rect.top()), egui::pos2(at, rect.bottom())],
            egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
        );
    }
    let mut command = None;
    if let (Some(path), Some(pos)) = (
        recording.filter(|_| clickable && response.clicked()),
        response.interact_pointer_pos(),
    ) {
        let ms = ((pos.x - rect.left()) / width).clamp(0.0, 1.0) * total;
        command = Some(Command::PlayFrom {
            path: path.to_path_buf(),
            start_ms: ms as u64,
        });
    }
    let hint = "Top: story sections (colours as in the transcript). Middle: pace per sentence (blue slow, green fine, orange fast). Bottom: pauses (dark = long).";
    if clickable {
        response.on_hover_text(format!("{hint} Click to play from there."));
    } else {
        response.on_hover_text(hint);
    }
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("0:00").small().weak());
        ui.add_space((width - 80.0).max(0.0));
        ui.label(
            egui::RichText::new(format_clock(total as u64))
                .small()
                .weak(),
        );
    });
    let element_ms = &feedback.timing.element_ms;
    if feedback.rubric.kind == RubricKind::Story && !element_ms.is_empty() {
        let parts: Vec<String> = element_ms
            .iter()
            .map(|(e, ms)| format!("{} {}", e.label(), format_clock(*ms)))
            .collect();
        ui.label(egui::RichText::new(format!("Time per part: {}", parts.join(" · "))).weak());
    }
    command
}

/// The whole answer view both screens show under their scores: the timeline (when there is
/// feedback) and the transcript with its legend.
#[must_use]
pub fn answer_ui(
    ui: &mut egui::Ui,
    transcript: &Transcript,
    feedback: Option<&Feedback>,
    custom: &[String],
    duration_ms: u64,
    recording: Option<&Path>,
    playing: Option<&Playing>,
) -> Option<Command> {
    let mut command = None;
    if let Some(feedback) = feedback.filter(|f| !f.no_speech) {
        ui.heading("Timeline");
        command = timeline_ui(ui, transcript, feedback, duration_ms, recording, playing);
        ui.separator();
    }
    ui.heading("Transcript");
    let clicked = transcript_ui(ui, transcript, feedback, custom, recording, playing);
    command.or(clicked)
}

#[cfg(test)]
#[path = "transcript_view_tests.rs"]
pub(crate) mod tests;
