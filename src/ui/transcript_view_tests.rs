//! The shared player and transcript: the pure parts (runs, the word being played, the custom
//! filler count) and the widgets driven through egui_kittest, on transcripts analysed by the
//! real coaching engine.

use super::*;
use crate::analysis::{AnswerContext, analyze};
use crate::domain::PromptKind;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;

/// Milliseconds each word takes in the timed test transcripts.
const WORD_MS: u64 = 400;

const ANSWER: &str = "Last spring our release pipeline took forty minutes and blocked five teams. \
I was asked to cut it. I profiled every stage, cached the dependencies and split the tests. \
As a result builds took eight minutes. I learned to measure first.";

/// A transcript of `text` with one word every 400 ms, as Whisper would time it.
fn timed(text: &str) -> Transcript {
    crate::transcript::evenly_timed(text, WORD_MS)
}

fn feedback_of(transcript: &Transcript, custom: &[&str]) -> Feedback {
    let mut ctx = AnswerContext::for_kind(PromptKind::Behavioral);
    ctx.custom_fillers = custom.iter().map(|w| w.to_string()).collect();
    analyze(transcript, None, &ctx)
}

fn struck(runs: &[StyledRun]) -> Vec<String> {
    runs.iter()
        .filter(|r| r.mark == Some(HighlightCategory::Filler))
        .map(|r| r.text.clone())
        .collect()
}

/// Issue 14, item 5: two of the user's filler words were struck through while the count said
/// one. Now the count and the marks are the same list.
#[test]
fn two_custom_fillers_count_two_and_strike_two() {
    let transcript = timed("We literally rebuilt the cache and, to be fair, it took a week.");
    let feedback = feedback_of(&transcript, &["literally", "to be fair"]);
    assert_eq!(
        feedback.delivery.fillers.len(),
        2,
        "{:?}",
        feedback.delivery
    );
    let runs = styled_runs(&transcript.text, Some(&feedback), None);
    assert_eq!(struck(&runs), ["literally", "to be fair"]);
    assert_eq!(
        custom_filler_counts(
            &feedback.delivery.fillers,
            &["Literally".into(), "to be fair".into(), "anyway".into()]
        ),
        [("literally".to_string(), 1), ("to be fair".to_string(), 1)]
    );
    // Without the user's words neither is a filler, and nothing is struck.
    let plain = feedback_of(&transcript, &[]);
    assert!(plain.delivery.fillers.is_empty());
    assert!(struck(&styled_runs(&transcript.text, Some(&plain), None)).is_empty());
}

#[test]
fn the_word_being_played_is_its_own_run() {
    let transcript = timed(ANSWER);
    let feedback = feedback_of(&transcript, &[]);
    // "profiled" is word 20: heard from 20 * 400 ms.
    let index = ANSWER
        .split_whitespace()
        .position(|w| w == "profiled")
        .unwrap();
    let current = word_at(&transcript, index as u64 * WORD_MS + 150);
    let runs = styled_runs(&transcript.text, Some(&feedback), current);
    let playing: Vec<&str> = runs
        .iter()
        .filter(|r| r.playing)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(playing, ["profiled"]);
    // The runs still spell the text, with the story colour kept on the played word.
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(text, transcript.text);
    let run = runs.iter().find(|r| r.playing).unwrap();
    assert_eq!(run.element, Some(HighlightCategory::Action));
    // Past the end, and on a typed transcript, no word is playing.
    assert_eq!(word_at(&transcript, transcript.duration_ms + 10), None);
    assert_eq!(word_at(&Transcript::from_text(ANSWER), 0), None);
}

#[test]
fn the_position_reads_minutes_and_seconds() {
    assert_eq!(position_text(12_400, 56_000), "0:12 / 0:56");
    assert_eq!(position_text(0, 125_000), "0:00 / 2:05");
}

/// How soon the last frame asked to be drawn again.
fn repaint_delay<S>(h: &Harness<'_, S>) -> Duration {
    h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

struct Player {
    recording: PathBuf,
    playing: Option<Playing>,
    commands: Vec<Command>,
}

fn player_harness(playing: Option<Playing>) -> Harness<'static, Player> {
    let state = Player {
        recording: PathBuf::from("/tmp/answer.wav"),
        playing,
        commands: Vec::new(),
    };
    Harness::builder().with_size([900.0, 200.0]).build_ui_state(
        |ui: &mut egui::Ui, p: &mut Player| {
            let command = player_ui(ui, Some(&p.recording), 56_000, p.playing.as_ref());
            p.commands.extend(command);
        },
        state,
    )
}

/// Issue 14, item 3: the counter stayed at "0 / 56 s" until the mouse moved. While the shown
/// recording plays the player asks for a repaint within 40 ms; stopped or paused it asks for
/// none (idle CPU stays near zero).
#[test]
fn the_player_repaints_while_playing_and_not_otherwise() {
    let playing = Playing {
        path: PathBuf::from("/tmp/answer.wav"),
        at_ms: 12_400,
        total_ms: 56_000,
        paused: false,
    };
    let mut h = player_harness(Some(playing.clone()));
    h.run();
    h.get_by_label("0:12 / 0:56");
    h.get_by_label(PAUSE_LABEL);
    h.get_by_label(STOP_LABEL);
    let delay = repaint_delay(&h);
    assert!(delay <= PLAYING_REPAINT, "repaint after {delay:?}");
    // The app moves the position; the next frame shows it.
    h.state_mut().playing.as_mut().unwrap().at_ms = 31_000;
    h.step();
    h.get_by_label("0:31 / 0:56");
    h.get_by_label(PAUSE_LABEL).click();
    h.run();
    assert_eq!(h.state().commands.last(), Some(&Command::PausePlayback));

    // Paused: Resume, and no repaint is asked for.
    h.state_mut().playing.as_mut().unwrap().paused = true;
    h.run();
    h.get_by_label(RESUME_LABEL);
    assert!(repaint_delay(&h) > Duration::from_secs(1));

    // Another recording playing: this player is at rest.
    h.state_mut().playing = Some(Playing {
        path: PathBuf::from("/tmp/other.wav"),
        ..playing
    });
    h.run();
    h.get_by_label(PLAY_LABEL);
    h.get_by_label("0:00 / 0:56");
    assert!(repaint_delay(&h) > Duration::from_secs(1));
}

/// The seek bar is reached with Tab and moved with the arrow keys: it plays from there.
#[test]
fn the_seek_bar_plays_from_where_it_is_moved() {
    let mut h = player_harness(None);
    h.run();
    h.get_by_label(SEEK_LABEL).focus();
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    match h.state().commands.last() {
        Some(Command::PlayFrom { path, start_ms }) => {
            assert_eq!(path, &PathBuf::from("/tmp/answer.wav"));
            assert!(*start_ms > 0, "moved right from 0: {start_ms}");
        }
        other => panic!("expected PlayFrom, got {other:?}"),
    }
    h.get_by_label(PLAY_LABEL).click();
    h.run();
    assert_eq!(
        h.state().commands.last(),
        Some(&Command::Play {
            path: PathBuf::from("/tmp/answer.wav")
        })
    );
}

/// Clicks the middle of `word` (its first occurrence) in the transcript view showing `text`,
/// laid out as the widget lays it out.
pub(crate) fn click_word<S>(
    h: &Harness<'_, S>,
    text: &str,
    feedback: Option<&Feedback>,
    word: &str,
) {
    let label = h.get_by_label_contains(word).rect();
    let layout = layout_transcript(
        &h.ctx,
        &h.ctx.global_style().visuals,
        text,
        feedback,
        None,
        MAX_LINE_WIDTH,
    );
    let start = text.find(word).unwrap();
    let first = text[..start].chars().count();
    let chars = first..first + word.chars().count();
    // (At a line break a cursor belongs to the next row: the glyph's own row.)
    let edge = |c: usize| {
        let mut cursor = egui::text::CCursor::new(layout.galley_char(c).unwrap());
        cursor.prefer_next_row = true;
        layout.galley.pos_from_cursor(cursor)
    };
    // The middle of the word's widest glyph (some glyph pairs are drawn as one).
    let c = chars
        .clone()
        .max_by(|&a, &b| {
            let width = |c: usize| edge(c + 1).left() - edge(c).left();
            width(a).total_cmp(&width(b))
        })
        .unwrap();
    let at = egui::vec2(
        (edge(c).left() + edge(c + 1).left()) / 2.0,
        edge(c).center().y,
    );
    assert_eq!(layout.char_at(at), Some(c));
    let pos = label.min + at;
    h.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
}

struct Shown {
    transcript: Transcript,
    feedback: Feedback,
    recording: PathBuf,
    playing: Option<Playing>,
    commands: Vec<Command>,
}

/// Issue 14, item 8: one transcript widget; a click on a word in the flowing text plays from
/// that word, and the word being played is highlighted.
#[test]
fn clicking_a_word_in_the_flowing_transcript_plays_from_it() {
    let transcript = timed(ANSWER);
    let feedback = feedback_of(&transcript, &[]);
    let state = Shown {
        transcript,
        feedback,
        recording: PathBuf::from("/tmp/answer.wav"),
        playing: None,
        commands: Vec::new(),
    };
    let mut h = Harness::builder()
        .with_size([1100.0, 700.0])
        .build_ui_state(
            |ui: &mut egui::Ui, s: &mut Shown| {
                let command = answer_ui(
                    ui,
                    &s.transcript,
                    Some(&s.feedback),
                    &[],
                    s.transcript.duration_ms,
                    Some(&s.recording),
                    s.playing.as_ref(),
                );
                s.commands.extend(command);
            },
            state,
        );
    h.run();
    h.get_by_label("Timeline");
    h.get_by_label("Click a word to play from there.");
    let (text, feedback) = (
        h.state().transcript.text.clone(),
        h.state().feedback.clone(),
    );
    click_word(&h, &text, Some(&feedback), "profiled");
    h.run();
    let index = ANSWER
        .split_whitespace()
        .position(|w| w == "profiled")
        .unwrap() as u64;
    assert_eq!(
        h.state().commands.last(),
        Some(&Command::PlayFrom {
            path: PathBuf::from("/tmp/answer.wav"),
            start_ms: index * WORD_MS
        })
    );
}

#[test]
fn a_pause_marker_maps_back_to_the_word_after_it() {
    let transcript = timed("We waited. Then we shipped.");
    let mut feedback = feedback_of(&transcript, &[]);
    let at = transcript.text.find("Then").unwrap();
    feedback.timing.pauses = vec![crate::analysis::pauses::PlacedPause {
        start_ms: 800,
        end_ms: 2_600,
        duration_ms: 1_800,
        kind: crate::analysis::pauses::PauseKind::AtPunctuation,
        long: true,
        start_char: Some(at),
        end_char: Some(at),
    }];
    let runs = styled_runs(&transcript.text, Some(&feedback), None);
    let marker = runs.iter().find(|r| r.pause_ms.is_some()).unwrap();
    assert_eq!(marker.text, " [pause 1.8 s] ");
    assert_eq!(marker.start_char, at);
    let h = Harness::new_ui(|_ui| {});
    let layout = layout_transcript(
        &h.ctx,
        &egui::Visuals::light(),
        &transcript.text,
        Some(&feedback),
        None,
        600.0,
    );
    // Inside the marker: the word after the pause; after it, the text again in step.
    let marker_start = layout.galley_char(at - 1).unwrap() + 1;
    assert_eq!(layout.text_char(marker_start + 3), Some(at));
    let then = layout.galley_char(at).unwrap();
    assert_eq!(then, marker_start + marker.text.chars().count());
    assert_eq!(layout.text_char(then + 1), Some(at + 1));
    assert_eq!(start_of_word_at(&transcript, at), Some(2 * WORD_MS));
}
