//! The feedback screen: scores per area with their reasons, the transcript with colour-coded
//! evidence, a timeline of the answer, playback, next steps, and the ways on (try again, draw
//! another, analyse another file).
//!
//! Rule: show what was observed and where (the words a judgement rests on), never a verdict
//! about the person (docs/sources.md). Colours: the five story elements tint the background;
//! fillers, hedges, value and rapport cues change the text itself, so a filler inside an
//! Action sentence shows as both; long pauses appear inline as a marked gap.

use eframe::egui;
use std::collections::BTreeMap;

use crate::analysis::{Area, Feedback, HighlightCategory};
use crate::audio::recording_rules::format_clock;
use crate::domain::Element;
use crate::transcript::Transcript;

use super::command::Command;
use crate::analysis::timing::PACE_BAND_WPM;
use crate::pipeline::Review;

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

fn element_category(element: Element) -> HighlightCategory {
    HighlightCategory::of_element(element)
}

const ELEMENT_CATEGORIES: [HighlightCategory; 5] = [
    HighlightCategory::Situation,
    HighlightCategory::Task,
    HighlightCategory::Action,
    HighlightCategory::Result,
    HighlightCategory::Learning,
];

/// Draws the feedback on `review`; `fillers` are the user's own watch words and `playback` the
/// position and length of the recording playing, in seconds. `choosing` shows the Keep /
/// Discard bar of a fresh take.
pub fn review_ui(
    ui: &mut egui::Ui,
    review: &Review,
    fillers: &[String],
    playback: Option<(f32, f32)>,
    choosing: bool,
) -> Option<Command> {
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        if choosing {
            action = keep_bar_ui(review, ui);
        }
        header_ui(review, ui);
        if let Some(notice) = &review.notice {
            ui.label(egui::RichText::new(notice).color(ui.visuals().warn_fg_color));
        }
        ui.add_space(6.0);
        action = action.take().or(actions_ui(review, playback, ui));
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
        ui.heading("Timeline");
        timeline_ui(review, ui);
        ui.separator();
        ui.heading("Transcript");
        legend_ui(&review.feedback, ui);
        let watch = find_watch_words(&review.transcript.text, fillers);
        watch_words_ui(&review.transcript.text, &watch, ui);
        ui.add_space(4.0);
        transcript_ui(&review.transcript, &review.feedback, &watch, ui);
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

fn actions_ui(review: &Review, playback: Option<(f32, f32)>, ui: &mut egui::Ui) -> Option<Command> {
    let mut action = None;
    ui.horizontal(|ui| {
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
        if let Some(path) = &review.recording {
            let label = if playback.is_some() {
                "Stop playback"
            } else {
                "Play recording"
            };
            if ui.button(label).clicked() {
                action = Some(Command::Play { path: path.clone() });
            }
            if let Some((done, total)) = playback {
                ui.label(format!("{:.0} / {:.0} s", done, total));
            }
        }
        if ui.button("Analyse another file").clicked() {
            action = Some(Command::OpenFile);
        }
    });
    action
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

/// "Your filler words: sort of ×2, right ×1", when any of the user's own words occur.
fn watch_words_ui(text: &str, watch: &[(usize, usize)], ui: &mut egui::Ui) {
    if watch.is_empty() {
        return;
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for &(a, b) in watch {
        *counts
            .entry(crate::transcript::slice_chars(text, a, b).to_lowercase())
            .or_default() += 1;
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

/// One run of transcript text with the same highlight set.
#[derive(Debug, Clone, PartialEq)]
pub struct StyledRun {
    pub text: String,
    pub element: Option<HighlightCategory>,
    pub mark: Option<HighlightCategory>,
    /// An inline pause marker (its length in ms) rather than transcript text.
    pub pause_ms: Option<u64>,
}

/// Where the user's own filler words occur in `text`, as character ranges: whole words or
/// phrases, ignoring case ("Sort of" matches "sort of", "resort offers" does not).
pub fn find_watch_words(text: &str, words: &[String]) -> Vec<(usize, usize)> {
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    if lower.len() != text.chars().count() {
        return Vec::new(); // a character changed length when lowercased; offsets would drift
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '\'';
    let mut found = Vec::new();
    for word in words {
        let needle: Vec<char> = word.trim().chars().flat_map(char::to_lowercase).collect();
        if needle.is_empty() || needle.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - needle.len() {
            let end = start + needle.len();
            let bounded = (start == 0 || !is_word(lower[start - 1]))
                && (end == lower.len() || !is_word(lower[end]));
            if bounded && lower[start..end] == needle[..] {
                found.push((start, end));
            }
        }
    }
    found.sort();
    found
}

/// Splits the transcript text into runs by highlight, inserting long-pause markers where the
/// pause fell. Pure, so it is tested without a UI.
pub fn styled_runs(text: &str, feedback: &Feedback, watch: &[(usize, usize)]) -> Vec<StyledRun> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut element: Vec<Option<HighlightCategory>> = vec![None; n];
    let mut mark: Vec<Option<HighlightCategory>> = vec![None; n];
    for h in feedback.highlights() {
        let (a, b) = (h.start_char.min(n), h.end_char.min(n));
        for i in a..b {
            if ELEMENT_CATEGORIES.contains(&h.category) {
                element[i].get_or_insert(h.category);
            } else if h.category != HighlightCategory::LongPause {
                // Fillers outrank hedges, hedges outrank cues: the order of the enum.
                mark[i] = Some(mark[i].map_or(h.category, |m| m.min(h.category)));
            }
        }
    }
    for &(a, b) in watch {
        for slot in &mut mark[a.min(n)..b.min(n)] {
            *slot = Some(HighlightCategory::Filler);
        }
    }
    let mut pauses_at: BTreeMap<usize, u64> = BTreeMap::new();
    for p in feedback.timing.pauses.iter().filter(|p| p.long) {
        if let Some(at) = p.start_char {
            pauses_at.insert(at.min(n), p.duration_ms);
        }
    }
    let mut runs: Vec<StyledRun> = Vec::new();
    for i in 0..=n {
        if let Some(ms) = pauses_at.get(&i) {
            runs.push(StyledRun {
                text: format!(" [pause {:.1} s] ", *ms as f64 / 1000.0),
                element: None,
                mark: None,
                pause_ms: Some(*ms),
            });
        }
        if i == n {
            break;
        }
        match runs.last_mut() {
            Some(run)
                if run.pause_ms.is_none() && run.element == element[i] && run.mark == mark[i] =>
            {
                run.text.push(chars[i])
            }
            _ => runs.push(StyledRun {
                text: chars[i].to_string(),
                element: element[i],
                mark: mark[i],
                pause_ms: None,
            }),
        }
    }
    runs
}

fn transcript_ui(
    transcript: &Transcript,
    feedback: &Feedback,
    watch: &[(usize, usize)],
    ui: &mut egui::Ui,
) {
    let font = egui::FontId::proportional(16.0);
    let text_colour = ui.visuals().text_color();
    let mut job = egui::text::LayoutJob::default();
    for run in styled_runs(&transcript.text, feedback, watch) {
        let mut format = egui::TextFormat {
            font_id: font.clone(),
            color: text_colour,
            ..Default::default()
        };
        if run.pause_ms.is_some() {
            format.color = category_colour(HighlightCategory::LongPause);
            format.background = category_colour(HighlightCategory::LongPause).gamma_multiply(0.25);
            format.italics = true;
        }
        if let Some(element) = run.element {
            format.background = category_colour(element).gamma_multiply(0.3);
        }
        match run.mark {
            Some(HighlightCategory::Filler) => {
                format.color = category_colour(HighlightCategory::Filler);
                format.strikethrough =
                    egui::Stroke::new(1.0, category_colour(HighlightCategory::Filler));
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
        job.append(&run.text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    ui.label(job);
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
    if feedback.rubric.kind != crate::analysis::rubric::RubricKind::Story {
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

fn timeline_ui(review: &Review, ui: &mut egui::Ui) {
    let total = review.duration_ms.max(review.transcript.duration_ms).max(1) as f32;
    let width = ui.available_width().min(900.0);
    let row = 16.0;
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, row * 3.0 + 8.0), egui::Sense::hover());
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
    for (element, a, b) in element_sections(&review.transcript, &review.feedback) {
        let r = egui::Rect::from_min_max(
            egui::pos2(x(a), rect.top()),
            egui::pos2(x(b).max(x(a) + 2.0), rect.top() + row),
        );
        painter.rect_filled(r, 2.0, category_colour(element_category(element)));
    }
    // Row 2: pace per segment, coloured slow / fine / fast.
    let top = rect.top() + row + 4.0;
    for (a, b, wpm) in segment_pace(&review.transcript) {
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
    for p in &review.feedback.timing.pauses {
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
    response.on_hover_text("Top: story sections (colours as in the transcript). Middle: pace per sentence (blue slow, green fine, orange fast). Bottom: pauses (dark = long).");
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("0:00").small().weak());
        ui.add_space((width - 80.0).max(0.0));
        ui.label(
            egui::RichText::new(format_clock(total as u64))
                .small()
                .weak(),
        );
    });
    let element_ms = &review.feedback.timing.element_ms;
    let story = review.feedback.rubric.kind == crate::analysis::rubric::RubricKind::Story;
    if story && !element_ms.is_empty() {
        let parts: Vec<String> = element_ms
            .iter()
            .map(|(e, ms)| format!("{} {}", e.label(), format_clock(*ms)))
            .collect();
        ui.label(egui::RichText::new(format!("Time per part: {}", parts.join(" · "))).weak());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn watch_words_match_whole_words_and_phrases_ignoring_case() {
        let text = "Sort of a resort offer, right? It was sort of right.";
        let found = find_watch_words(text, &words(&["sort of", "right"]));
        let spans: Vec<&str> = found
            .iter()
            .map(|&(a, b)| crate::transcript::slice_chars(text, a, b))
            .collect();
        assert_eq!(spans, vec!["Sort of", "right", "sort of", "right"]);
    }

    #[test]
    fn watch_words_use_character_offsets_after_accents() {
        let text = "Café, basically, was fine.";
        assert_eq!(
            find_watch_words(text, &words(&["basically"])),
            vec![(6, 15)]
        );
    }

    #[test]
    fn empty_or_blank_watch_words_find_nothing() {
        assert!(find_watch_words("anything", &words(&["", "  "])).is_empty());
        assert!(find_watch_words("", &words(&["um"])).is_empty());
    }
}
