//! The history, attempt, compare and progress screens driven through egui_kittest by their
//! labels, on a temporary store filled with attempts analysed by the real coaching engine.

use super::command::Command;
use super::history::{HistoryScreen, HistoryView, history_ui};
use crate::analysis::{AnswerContext, analyze};
use crate::domain::{PromptKind, Skill};
use crate::store::tests::fixture;
use crate::store::{Attempt, AttemptId, Store};
use crate::transcript::Transcript;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Milliseconds each word takes in the timed test transcripts.
const WORD_MS: u64 = 400;

struct State {
    view: HistoryView,
    store: Store,
    commands: Vec<Command>,
    _dir: tempfile::TempDir,
}

/// A transcript of `text` with one word every 400 ms, as Whisper would time it.
fn timed(text: &str) -> Transcript {
    timed_every(text, WORD_MS)
}

/// A transcript of `text` with one word every `word_ms`.
fn timed_every(text: &str, word_ms: u64) -> Transcript {
    crate::transcript::evenly_timed(text, word_ms)
}

/// An attempt analysed by the real engine.
fn analysed(
    created: &str,
    prompt_id: &str,
    kind: PromptKind,
    skills: &[Skill],
    text: &str,
) -> Attempt {
    let mut prompt = fixture::prompt(prompt_id, kind, skills);
    prompt.text = format!("{prompt_id}: tell me about a time you improved a system.");
    let at = created.parse().unwrap();
    let mut attempt = Attempt::new(prompt, at);
    let transcript = timed(text);
    let feedback = analyze(&transcript, None, &AnswerContext::for_kind(kind));
    attempt.duration_ms = transcript.duration_ms;
    attempt.record_feedback(transcript, &feedback, at);
    attempt
}

const WEAK: &str =
    "Um so we had like a problem with the build. Uh I think maybe we fixed it somehow.";
const STRONG: &str = "Last spring our release pipeline took forty minutes and blocked five teams. \
I was asked to cut it. I profiled every stage, cached the dependencies and split the tests. \
As a result builds took eight minutes, an eighty percent drop. I learned to measure before changing anything.";

/// A store with two attempts at the same behavioural prompt (weak, then strong) and a pitch.
fn filled() -> (State, [AttemptId; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let wav = dir.path().join("take.wav");
    fixture::write_wav(&wav, 30);
    let weak = store
        .create(
            analysed(
                "2026-11-18T09:00:00Z",
                "build-speed",
                PromptKind::Behavioral,
                &[Skill::ProblemSolving],
                WEAK,
            ),
            Some(&wav),
        )
        .unwrap();
    let strong = store
        .create(
            analysed(
                "2026-11-20T09:00:00Z",
                "build-speed",
                PromptKind::Behavioral,
                &[Skill::ProblemSolving],
                STRONG,
            ),
            Some(&wav),
        )
        .unwrap();
    let pitch = store
        .create(
            analysed(
                "2026-11-21T09:00:00Z",
                "pitch-60",
                PromptKind::Pitch,
                &[Skill::Communication],
                "I build calm, reliable platforms for growing teams.",
            ),
            None,
        )
        .unwrap();
    let state = State {
        view: HistoryView::default(),
        store,
        commands: Vec::new(),
        _dir: dir,
    };
    (state, [weak.id, strong.id, pitch.id])
}

fn harness(state: State) -> Harness<'static, State> {
    Harness::builder()
        .with_size([1100.0, 900.0])
        .build_ui_state(
            |ui: &mut egui::Ui, state: &mut State| {
                if let Some(command) = history_ui(ui, &mut state.view, &state.store) {
                    state.commands.push(command);
                }
            },
            state,
        )
}

#[test]
fn history_list_searches_filters_and_opens_an_attempt() {
    let (state, [weak, ..]) = filled();
    let mut h = harness(state);
    h.run();
    h.get_by_label("3 of 3 attempts");
    // Full-text search through the search field.
    h.get_by_role(egui::accesskit::Role::TextInput).focus();
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("somehow");
    h.run();
    h.get_by_label("1 of 3 attempts");
    // A kind filter on top of an empty search.
    h.state_mut().view.search.clear();
    h.state_mut().view.kind = Some(PromptKind::Pitch);
    h.run();
    h.get_by_label("1 of 3 attempts");
    h.state_mut().view.kind = None;
    h.state_mut().view.min_score = 100;
    h.run();
    h.get_by_label("0 of 3 attempts");
    h.state_mut().view.min_score = 0;
    h.state_mut().view.search = "somehow".into();
    h.run();
    h.get_by_label("build-speed: tell me about a time you improved a system.")
        .click();
    h.run();
    assert_eq!(h.state().view.screen, HistoryScreen::Attempt(weak));
}

#[test]
fn attempt_view_shows_feedback_seeks_on_click_rates_and_deletes_with_undo() {
    let (mut state, [_, strong, _]) = filled();
    state.view.screen = HistoryScreen::Attempt(strong.clone());
    let mut h = harness(state);
    h.run();
    // The feedback screen's own parts: scores with reasons and next steps.
    h.get_by_label("Scores");
    h.get_by_label("Next steps");
    h.get_by_label("Structure");
    // Click-a-word-to-seek: "profiled" is word 21 (0-based), so it starts at 21 * 400 ms.
    let index = STRONG
        .split_whitespace()
        .position(|w| w == "profiled")
        .unwrap() as u64;
    // The same flowing transcript as the feedback screen, with its timeline.
    h.get_by_label("Timeline");
    let attempt = h.state().store.get(&strong).unwrap();
    let transcript = attempt.transcript.as_ref().unwrap();
    crate::ui::transcript_view::tests::click_word(
        &h,
        &transcript.text,
        attempt.feedback.as_ref(),
        "profiled",
    );
    h.run();
    match h.state().commands.last() {
        Some(Command::PlayFrom { start_ms, path }) => {
            assert_eq!(*start_ms, index * WORD_MS);
            assert!(path.ends_with("audio.wav"));
        }
        other => panic!("expected PlayFrom, got {other:?}"),
    }
    h.get_by_label("Try again").click();
    h.run();
    assert_eq!(
        h.state().commands.last(),
        Some(&Command::PractisePrompt {
            prompt_id: "build-speed".into()
        })
    );
    // Self-rating: shown at once and handed to the app to save on a worker (the app's
    // kittest checks the store); the app's answer shows as the message.
    h.get_by_label("4").click();
    h.run();
    assert_eq!(
        h.state().commands.last(),
        Some(&Command::SaveNotes {
            id: strong.clone(),
            notes: String::new(),
            rating: Some(4)
        })
    );
    h.state_mut()
        .view
        .saved(&strong, &Ok((String::new(), Some(4))));
    h.run();
    h.get_by_label("Saved.");
    // Export: the button and Ctrl+E ask the app to write the Markdown.
    h.get_by_label(crate::ui::feedback::EXPORT_LABEL).click();
    h.run();
    assert_eq!(
        h.state().commands.last(),
        Some(&Command::ExportAttempt(strong.clone()))
    );
    h.state_mut().commands.clear();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    assert_eq!(h.state().commands, [Command::ExportAttempt(strong.clone())]);
    let written = std::path::PathBuf::from("/data/exports/x.md");
    h.state_mut().view.exported(&strong, &Ok(written));
    h.run();
    h.get_by_label("Exported to /data/exports/x.md");
    // Delete moves to the trash; Undo brings it back.
    h.get_by_label("Delete").click();
    h.run();
    assert_eq!(h.state().view.screen, HistoryScreen::List);
    h.get_by_label("2 of 2 attempts");
    h.get_by_label("Undo").click();
    h.run();
    h.get_by_label("3 of 3 attempts");
    assert!(h.state().store.get(&strong).is_ok());
}

#[test]
fn compare_view_shows_both_attempts_and_what_improved() {
    let (mut state, [weak, strong, _]) = filled();
    state.view.selected = vec![strong.clone(), weak.clone()];
    let mut h = harness(state);
    h.run();
    h.get_by_label("Compare selected").click();
    h.run();
    assert_eq!(
        h.state().view.screen,
        HistoryScreen::Compare(weak.clone(), strong.clone())
    );
    h.get_by_label("Compare two attempts");
    h.get_by_label("What improved");
    h.get_by_label("Fillers per minute");
    h.get_by_label("Story parts (STAR + Learning)");
    // The strong answer has fewer fillers and more story parts than the weak one.
    assert!(
        h.query_by_label("No figure improved between these two attempts.")
            .is_none()
    );
    assert!(
        h.query_by_label_contains("- Fillers per minute: ")
            .is_some(),
        "fewer fillers is listed as improved"
    );
    assert!(
        h.query_by_label_contains("- Story parts (STAR + Learning): ")
            .is_some(),
        "more story parts is listed as improved"
    );
    h.get_by_label(STRONG);
    h.get_by_label(WEAK);
}

#[test]
fn progress_view_plots_and_lists_the_seven_skills() {
    let (state, _) = filled();
    let mut h = harness(state);
    h.run();
    h.get_by_label("Progress").click();
    h.run();
    assert_eq!(h.state().view.screen, HistoryScreen::Progress);
    h.get_by_label("Scores per area");
    h.get_by_label("Attempts per week");
    for skill in Skill::ALL {
        h.get_by_label(skill.label());
    }
    h.get_by_label_contains("3 attempts (3 analysed)");
}

#[test]
fn a_finished_review_is_kept_in_the_store_and_shown_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("answer.wav");
    fixture::write_wav(&wav, 3);
    // The app's prompt bank: the built-in prompts.
    let (bank, _) = crate::prompts::PromptBank::load(&[]);
    let prompt = bank
        .get("comm-bad-news-to-leadership")
        .cloned()
        .expect("built-in prompt");
    let context = prompt.answer_context();
    let transcript = timed(STRONG);
    // The app's review worker runs the pipeline with the app's store: the same call here.
    let mut pipeline =
        crate::pipeline::Pipeline::new(Some(Store::open(dir.path().join("data")).unwrap()));
    let request = crate::pipeline::Request::new(
        crate::pipeline::Input::Transcript {
            transcript,
            recording: Some(wav.clone()),
        },
        Some(prompt),
        context,
        "tiny.en",
    );
    let review = pipeline.run(request, &mut |_, _| {}).unwrap();
    assert!(review.keep_error.is_none(), "{:?}", review.keep_error);
    let store = Store::open(dir.path().join("data")).unwrap();
    let listing = store.list().unwrap();
    assert_eq!(listing.attempts.len(), 1, "{:?}", listing.problems);
    let kept = store.get(&listing.attempts[0].id).unwrap();
    assert_eq!(kept.prompt.id, "comm-bad-news-to-leadership");
    assert_eq!(kept.feedback.as_ref().unwrap(), &review.feedback);
    assert_eq!(
        std::fs::read(store.audio_path(&kept).unwrap()).unwrap(),
        std::fs::read(&wav).unwrap()
    );
}

fn harness_sized(state: State, size: [f32; 2]) -> Harness<'static, State> {
    Harness::builder().with_size(size).build_ui_state(
        |ui: &mut egui::Ui, state: &mut State| {
            if let Some(command) = history_ui(ui, &mut state.view, &state.store) {
                state.commands.push(command);
            }
        },
        state,
    )
}

/// The reported cases: Progress opened already scrolled (it shared Compare's scroll position),
/// and the legend sat on the newest points.
#[test]
fn progress_opens_at_the_top_with_its_legend_above_the_chart() {
    let (mut state, [weak, strong, _]) = filled();
    state.view.screen = HistoryScreen::Compare(weak, strong);
    let mut h = harness_sized(state, [900.0, 420.0]);
    h.run();
    let inside = h.get_by_label("What improved").rect();
    // Scroll Compare well down.
    h.event(egui::Event::PointerMoved(inside.center()));
    for _ in 0..10 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -200.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        h.run();
    }
    let scrolled = h.get_by_label("What improved").rect();
    assert!(
        scrolled.top() < inside.top() - 100.0,
        "the compare screen should have scrolled: {inside:?} -> {scrolled:?}"
    );
    let tabs = h.get_by_label("Progress").rect();
    h.get_by_label("Progress").click();
    h.run();
    let title = h.get_by_label("Scores per area").rect();
    assert!(
        title.top() - tabs.bottom() < 80.0,
        "Progress must open at its top: its first chart title is {:?} below the tabs",
        title.top() - tabs.bottom()
    );
    // The legend is a row between the title and the chart, the caption under the chart.
    let legend = h.get_by_label("Timing").rect();
    // Every time chart has its caption; the first is under the scores chart.
    let caption = h
        .get_all_by_label("Across: date")
        .map(|n| n.rect())
        .min_by(|a, b| a.top().total_cmp(&b.top()))
        .expect("a caption");
    assert!(legend.top() >= title.bottom(), "{legend:?} {title:?}");
    assert!(
        caption.top() - legend.bottom() >= super::history::PLOT_HEIGHT_FOR_TESTS - 1.0,
        "the whole chart lies between the legend and the caption: {legend:?} {caption:?}"
    );
}

/// The reported cases: "better" for a pace still above the band, and the right-hand transcript
/// clipped under the scroll bar.
#[test]
fn compare_says_still_fast_and_keeps_the_transcripts_clear_of_the_scroll_bar() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let fast = |created: &str, word_ms: u64| {
        let mut prompt = fixture::prompt("build-speed", PromptKind::Behavioral, &[]);
        prompt.text = "Tell me about a time you improved a system.".into();
        let at = created.parse().unwrap();
        let mut attempt = Attempt::new(prompt, at);
        let transcript = timed_every(STRONG, word_ms);
        let feedback = analyze(
            &transcript,
            None,
            &AnswerContext::for_kind(PromptKind::Behavioral),
        );
        attempt.duration_ms = transcript.duration_ms;
        attempt.record_feedback(transcript, &feedback, at);
        store.create(attempt, None).unwrap().id
    };
    // 250 and 245 ms a word: 240 and 245 words a minute, both far above the band.
    let first = fast("2026-11-18T09:00:00Z", 250);
    let second = fast("2026-11-19T09:00:00Z", 245);
    let mut view = HistoryView::default();
    view.screen = HistoryScreen::Compare(first, second);
    let state = State {
        view,
        store,
        commands: Vec::new(),
        _dir: dir,
    };
    let width = 800.0;
    let mut h = harness_sized(state, [width, 600.0]);
    h.run();
    h.get_by_label("still fast");
    assert!(
        h.query_by_label_contains("- Pace").is_none(),
        "a pace still above the band is not listed as improved"
    );
    let scroll = h.ctx.global_style().spacing.scroll;
    let transcripts: Vec<egui::Rect> = h.get_all_by_label(STRONG).map(|n| n.rect()).collect();
    assert_eq!(transcripts.len(), 2);
    let right = transcripts.iter().map(|r| r.right()).fold(0.0, f32::max);
    // The harness draws inside an 8 px margin; the bar floats over the last bar_width of that.
    assert!(
        right <= width - 8.0 - scroll.bar_width,
        "the right-hand transcript ends at {right}, under the scroll bar of a {width} px window"
    );
}
