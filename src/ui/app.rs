//! The app's state and its one event loop. The UI thread owns every piece of state; workers
//! (recording, review, model install, model check, playback) send [`AppEvent`]s over one channel
//! and ask for a repaint. The recording lifecycle is one enum, [`Phase`].
//!
//! Rule: nothing here blocks. Starting a recording, transcribing, installing a model, even
//! checking the model file, and writing the settings and a recording's answer file
//! ([`super::writer`]) happen on worker threads; the UI only draws and routes events. Idle
//! CPU stays near zero because nothing asks for a repaint unless an event arrives, a countdown
//! runs, or a recording is in progress.

use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::analysis::AnswerContext;
use crate::audio::capture::{
    CaptureEvent, CaptureSource, FinishedRecording, Recorder, StartRequest,
};
use crate::audio::devices::{self, InputDevice};
use crate::audio::level::Level;
use crate::audio::playback::Playback;
use crate::audio::recording_rules::StopReason;
use crate::audio::wav_stream;
use crate::domain::PromptKind;
use crate::models::InstallProgress;
use crate::prompts::{Drawer, Prompt, PromptBank};

use super::command::Command;
use super::history::{HistoryScreen, HistoryView, history_tab_ui};
use super::message::{MessageKind, Messages, messages_ui};
use super::practice::{PracticeContext, PracticeState, practice_ui};
use super::settings::{Settings, SettingsView, ThemeChoice};
use super::state::{Listening, ModelStatus, Phase, StartScreen, Tab};
use super::stories::{StoriesView, StoryPractice, stories_tab_ui};
use super::transcript_view::Playing;
use super::writer::{Write, Writer, Written};
use super::{first_run, layout};
use crate::pipeline::{Input, Request, ReviewEvent, ReviewWorker, Stage};
use crate::store::pending::{self, PendingAnswer};
use crate::store::{AttemptId, PracticeLog};
use crate::stories::Story;
use crate::stories::practice::{CueCard, story_of_prompt, story_prompt};

/// Recordings shorter than this are treated as a mis-click and discarded (shorter than any
/// sentence).
pub const MIN_USEFUL_RECORDING: Duration = Duration::from_millis(700);

/// Repaint rate during the countdown, so the number changes on time.
const COUNTDOWN_REPAINT: Duration = Duration::from_millis(100);

/// Environment variable that overrides where data (recordings) lives; shared with the store.
pub use crate::paths::DATA_DIR_ENV;

/// Every event a worker can send to the UI.
#[derive(Debug)]
pub enum AppEvent {
    Capture(CaptureEvent),
    Review(ReviewEvent),
    ModelChecked {
        model: String,
        result: Result<PathBuf, String>,
    },
    Install(InstallProgress),
    InstallDone {
        model: String,
        result: Result<PathBuf, String>,
    },
    PlaybackFinished,
    /// The microphones, listed on a worker (cpal can take a while to answer).
    Devices(Vec<InputDevice>),
    /// What the start-up worker found: the kept history (prompt id, time and overall score of
    /// each attempt that counts as practice) and recordings left unfinished by a crash.
    StartupLoaded {
        history: Vec<(String, chrono::DateTime<chrono::Utc>, Option<f32>)>,
        unfinished: Vec<PathBuf>,
        /// The two newest attempts, newest first (for `--screen attempt` and `compare`).
        newest: Vec<crate::store::AttemptId>,
    },
    /// An unfinished recording was repaired on a worker, with what it answered when that was
    /// kept beside it (`Err`: why it is not known).
    Recovered(Box<RecoveredResult>),
    /// A write on the writer thread (settings, a recording's answer file) is done.
    Written(Written),
    /// An attempt's notes and self-rating were saved on a worker (as stored), or why not.
    NotesSaved {
        id: AttemptId,
        result: Result<(String, Option<u8>), String>,
    },
    /// An attempt was written as Markdown on a worker: the file, or why not.
    Exported {
        id: AttemptId,
        result: Result<PathBuf, String>,
    },
}

/// A repaired recording and what it answered (`Err`: why that is not known), or why the
/// repair failed.
pub type RecoveredResult =
    Result<(wav_stream::Recovered, Result<Option<PendingAnswer>, String>), String>;

/// Said when the filters leave no prompt.
const NO_PROMPT_MATCHES: &str = "No prompt matches these filters; clear one to see more.";

/// Said when the filters leave no pitch for a drill.
const NO_PITCH_MATCHES: &str =
    "No pitch matches these skill, role and difficulty filters; clear one to drill.";

/// Sends events to the UI and wakes it up.
#[derive(Clone)]
pub struct EventSender {
    tx: mpsc::Sender<AppEvent>,
    ctx: egui::Context,
}

impl EventSender {
    pub fn send(&self, event: AppEvent) {
        let _ = self.tx.send(event);
        self.ctx.request_repaint();
    }
}

/// Where the app keeps its files and which audio source it records from.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub config_dir: PathBuf,
    pub recordings_dir: PathBuf,
    /// `None` records from the microphone chosen in the settings; tests and demos can feed a
    /// WAV file through the same recording pipeline instead.
    pub source_override: Option<CaptureSource>,
    /// Seed for drawing prompts (tests).
    pub seed: Option<u64>,
    /// Check for the model on start (off in tests that do not need it).
    pub check_model: bool,
}

impl AppOptions {
    /// The user's folders: the config folder for settings and the data folder for recordings.
    pub fn from_system() -> AppOptions {
        let config_dir = Settings::dir().unwrap_or_else(|| PathBuf::from(".rehearse"));
        let data_dir = crate::paths::data_dir().unwrap_or_else(|| PathBuf::from(".rehearse"));
        AppOptions {
            config_dir,
            recordings_dir: crate::paths::recordings_dir(&data_dir),
            source_override: None,
            seed: None,
            check_model: true,
        }
    }
}

/// The whole app: the workers' ends, the app-level state, and each screen's own state.
pub struct RehearseApp {
    ctx: egui::Context,
    options: AppOptions,
    settings: Settings,
    tab: Tab,
    phase: Phase,
    bank: PromptBank,
    drawer: Drawer,
    /// The user picked this prompt (drew again, drilled or answered it), so a late-arriving
    /// history does not replace it.
    prompt_chosen: bool,
    recorder: Result<Recorder, String>,
    reviewer: Result<ReviewWorker, String>,
    sender: EventSender,
    events: mpsc::Receiver<AppEvent>,
    /// Whether a level report has been applied in this frame: later reports of the same frame
    /// only raise the meter (peak hold), so audio that arrives in a burst is not missed.
    level_seen_this_frame: bool,
    /// The microphones; `None` until the worker has listed them.
    devices: Option<Vec<InputDevice>>,
    /// Problems found at start-up that no screen raised (a prompt file, a worker that did not
    /// start, an unreadable settings file): errors shown above every screen until dismissed.
    alerts: Messages,
    unfinished: Vec<PathBuf>,
    model: ModelStatus,
    playback: Option<Playback>,
    next_job: u64,
    /// The live transcription session of the recording in progress (see
    /// [`ReviewWorker::begin_live`]); its transcript is used at Stop.
    live_session: Option<u64>,
    /// The first-run dialog is open.
    show_first_run: bool,
    /// The attempt store (every reviewed answer is kept).
    store: Result<crate::store::Store, String>,
    /// The screens' own state.
    practice: PracticeState,
    history: HistoryView,
    stories: StoriesView,
    settings_view: SettingsView,
    /// The model name `model` is about (a changed setting checks the new one).
    checked_model: String,
    /// Which prompts were practised when, for the prompt card's history line.
    practice_log: PracticeLog,
    /// The Keep / Discard choice after a take is open.
    take_open: bool,
    /// The theme and scale last given to egui (a changed setting is applied next frame).
    shown_appearance: Option<(ThemeChoice, f32)>,
    /// The screen asked for on the command line, until it is on show.
    start: Option<StartScreen>,
    /// The start-up worker has answered.
    startup_loaded: bool,
    /// The file writer (settings, a recording's answer file), off the UI thread.
    writer: Result<Writer, String>,
    /// A settings write is on the writer thread.
    settings_writing: bool,
    /// The scale the window's minimum size was last given at.
    min_size_zoom: f32,
    started: Instant,
    first_frame: Option<Duration>,
}

impl RehearseApp {
    pub fn new(ctx: egui::Context, options: AppOptions) -> RehearseApp {
        let (tx, events) = mpsc::channel();
        let sender = EventSender {
            tx,
            ctx: ctx.clone(),
        };
        let (settings, settings_problem) = Settings::load(&options.config_dir);
        let (bank, prompt_errors) = PromptBank::load(&[]);
        let capture_sender = sender.clone();
        let recorder = Recorder::spawn(move |event| capture_sender.send(AppEvent::Capture(event)))
            .map_err(|e| e.to_string());
        // The store lives in the data folder, the parent of the recordings folder.
        let data_dir = options
            .recordings_dir
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let store = crate::store::Store::open(data_dir).map_err(|e| e.to_string());
        let review_sender = sender.clone();
        let reviewer = ReviewWorker::spawn(store.clone().ok(), move |event| {
            review_sender.send(AppEvent::Review(event))
        })
        .map_err(|e| format!("Cannot start the transcription worker: {e}"));
        let drawer = Drawer::new(options.seed);
        let write_sender = sender.clone();
        let writer = Writer::spawn(move |written| write_sender.send(AppEvent::Written(written)))
            .map_err(|e| format!("Cannot start the file writer: {e}"));
        let mut app = RehearseApp {
            store,
            practice: PracticeState::default(),
            history: HistoryView::default(),
            stories: StoriesView::default(),
            checked_model: String::new(),
            practice_log: PracticeLog::default(),
            take_open: false,
            ctx,
            drawer,
            unfinished: Vec::new(),
            options,
            settings,
            settings_view: SettingsView::default(),
            tab: Tab::Practice,
            phase: Phase::Idle,
            bank,
            prompt_chosen: false,
            recorder,
            reviewer,
            sender,
            events,
            level_seen_this_frame: false,
            devices: None,
            alerts: Messages::default(),
            model: ModelStatus::Checking,
            playback: None,
            next_job: 1,
            live_session: None,
            show_first_run: false,
            shown_appearance: None,
            min_size_zoom: 1.0,
            start: None,
            startup_loaded: false,
            writer,
            settings_writing: false,
            started: Instant::now(),
            first_frame: None,
        };
        // The filters and the story-gaps toggle as the user last left them.
        app.practice.filter = app.settings.prompt_filter;
        app.practice.favour_gaps = app.settings.favour_gaps;
        if let Some(problem) = settings_problem {
            app.alert(problem);
        }
        if !prompt_errors.is_empty() {
            app.alert(format!(
                "{} prompt file problem(s); the other prompts loaded. First: {}",
                prompt_errors.len(),
                prompt_errors[0]
            ));
        }
        if let Err(err) = &app.recorder {
            let err = err.clone();
            app.alert(err);
        }
        if let Err(err) = &app.reviewer {
            let err = err.clone();
            app.alert(err);
        }
        if let Err(err) = &app.writer {
            let err = err.clone();
            app.alert(err);
        }
        app.draw_prompt();
        app.prompt_chosen = false;
        app.load_startup();
        if app.options.check_model {
            app.check_model();
        } else {
            app.model = ModelStatus::Missing("not checked".into());
        }
        if app.options.source_override.is_none() {
            app.refresh_devices();
        }
        app
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// The words heard so far in the recording in progress (live captions).
    pub fn live_caption(&self) -> &str {
        self.phase.listening().map_or("", |l| l.caption.as_str())
    }

    /// The latest input level (the meter).
    pub fn level(&self) -> Level {
        self.phase.listening().map(|l| l.level).unwrap_or_default()
    }

    /// The start-up problems shown above every screen.
    pub fn alerts(&self) -> &Messages {
        &self.alerts
    }

    /// The messages of a tab's screen (the feedback screen's are the practice tab's).
    pub fn messages(&self, tab: Tab) -> &Messages {
        match tab {
            Tab::Practice => &self.practice.messages,
            Tab::History => &self.history.messages,
            Tab::Stories => &self.stories.messages,
            Tab::Settings => &self.settings_view.messages,
        }
    }

    /// The microphones found, once the worker has listed them.
    pub fn microphones(&self) -> Option<&[InputDevice]> {
        self.devices.as_deref()
    }

    /// Recordings left unfinished by a crash, offered for recovery.
    pub fn unfinished_recordings(&self) -> &[PathBuf] {
        &self.unfinished
    }

    pub fn current_prompt(&self) -> Option<&Prompt> {
        self.practice.prompt.as_ref()
    }

    /// Shows the prompt `prompt_id` on the practice screen (`rehearse app --prompt`), as
    /// Practise again in the history does; an unknown id says so there.
    pub fn practise_prompt(&mut self, prompt_id: String) {
        self.apply(Command::PractisePrompt { prompt_id });
    }

    /// Opens `screen` (`rehearse app --screen`), analysing the WAV file `open` first when
    /// given (its feedback screen). With `REHEARSE_TIMING` set, says "screen ready" on stderr
    /// once the screen is on show with its data ([`Self::start_screen_ready`]).
    pub fn open_at(&mut self, screen: StartScreen, open: Option<PathBuf>) {
        self.start = Some(screen);
        self.tab = match screen {
            StartScreen::Practice | StartScreen::Feedback => Tab::Practice,
            StartScreen::History | StartScreen::Attempt | StartScreen::Compare => Tab::History,
            StartScreen::Progress => {
                self.history.screen = HistoryScreen::Progress;
                Tab::History
            }
            StartScreen::Stories => Tab::Stories,
            StartScreen::Settings => Tab::Settings,
        };
        if let Some(path) = open {
            self.review_file(path, None, false);
        }
    }

    /// Whether the screen asked for with [`Self::open_at`] is on show with what it needs.
    pub fn start_screen_ready(&self) -> bool {
        let Some(screen) = self.start else {
            return true;
        };
        self.startup_loaded
            && !matches!(self.model, ModelStatus::Checking)
            && match screen {
                StartScreen::Feedback => matches!(self.phase, Phase::Reviewing(_)),
                StartScreen::Attempt => matches!(self.history.screen, HistoryScreen::Attempt(_)),
                StartScreen::Compare => matches!(self.history.screen, HistoryScreen::Compare(..)),
                _ => {
                    !self.phase.is_busy_recording()
                        && !matches!(self.phase, Phase::Transcribing { .. })
                }
            }
    }

    /// Measures the first frame from `started` (the process start) instead of from `new`.
    pub fn set_started(&mut self, started: Instant) {
        self.started = started;
    }

    /// Time from creating the app to the end of its first frame.
    pub fn first_frame_after(&self) -> Option<Duration> {
        self.first_frame
    }

    /// A start-up problem no screen raised; stays above every screen until dismissed.
    fn alert(&mut self, text: impl Into<String>) {
        self.alerts.say(MessageKind::Error, text);
    }

    /// A message on the screen of `tab`.
    fn say_on(&mut self, tab: Tab, kind: MessageKind, text: impl Into<String>) {
        let messages = match tab {
            Tab::Practice => &mut self.practice.messages,
            Tab::History => &mut self.history.messages,
            Tab::Stories => &mut self.stories.messages,
            Tab::Settings => &mut self.settings_view.messages,
        };
        messages.say(kind, text);
    }

    /// A message on the screen shown now: commands are applied right after it was drawn, so
    /// this is the screen that asked.
    fn say(&mut self, kind: MessageKind, text: impl Into<String>) {
        self.say_on(self.tab, kind, text);
    }

    /// Where the recording that plays is, for the players and transcripts.
    fn playing(&self) -> Option<Playing> {
        let playback = self.playback.as_ref().filter(|p| !p.is_finished())?;
        let (at_ms, total_ms) = playback.progress_ms();
        Some(Playing {
            path: playback.path().to_path_buf(),
            at_ms,
            total_ms,
            paused: playback.is_paused(),
        })
    }

    /// The band the timer and the analysis use: a pitch drill, else the user's own band for
    /// this kind of prompt (settings), else the prompt's own band.
    fn target_band(&self) -> Option<(u32, u32)> {
        if let Some(seconds) = self.practice.drill_seconds {
            return Some(super::practice::drill_band(seconds));
        }
        let prompt = self.practice.prompt.as_ref()?;
        Some(
            self.settings
                .band_for(prompt.kind)
                .unwrap_or(prompt.target_seconds),
        )
    }

    /// What the analysis needs to know about the current prompt.
    fn answer_context(&self) -> AnswerContext {
        let mut context = match &self.practice.prompt {
            Some(prompt) => prompt.answer_context(),
            None => AnswerContext::for_kind(PromptKind::Behavioral),
        };
        self.settings.apply_to(&mut context);
        // A pitch drill's band wins over every other (the timer shows the same one).
        if let Some(band) = self.target_band() {
            context.target_seconds = Some(band);
        }
        context
    }

    fn draw_prompt(&mut self) {
        self.prompt_chosen = true;
        self.practice.story = None;
        // The story gaps for the role filtered on (or for any role), read when asked for.
        let gaps = match (&self.store, self.practice.favour_gaps) {
            (Ok(store), true) => match store.story_coverage(self.practice.filter.role) {
                Ok(coverage) => coverage.gaps(),
                Err(err) => {
                    self.say_on(
                        Tab::Practice,
                        MessageKind::Error,
                        format!("The story bank could not be read: {err}"),
                    );
                    Vec::new()
                }
            },
            _ => Vec::new(),
        };
        self.drawer.favour_skills(&gaps);
        let drawn = self
            .drawer
            .draw_from(&self.bank, &self.practice.filter)
            .cloned();
        match drawn {
            Some(prompt) => {
                self.practice.prompt = Some(prompt);
                // A draw that worked ends the "no prompt matches" message.
                self.practice.messages.clear_kind(MessageKind::Warning);
            }
            None => self.say_on(Tab::Practice, MessageKind::Warning, NO_PROMPT_MATCHES),
        }
    }

    /// Starts a pitch drill of `seconds`: a pitch prompt for the filters' skill, role and
    /// difficulty whose band holds that length ([`PromptBank::drill_pool`]).
    fn start_drill(&mut self, seconds: u32) {
        self.prompt_chosen = true;
        self.practice.story = None;
        let pool = self.bank.drill_pool(&self.practice.filter, seconds);
        match self.drawer.draw(&pool).cloned() {
            Some(prompt) => {
                self.practice.prompt = Some(prompt);
                self.practice.drill_seconds = Some(seconds);
                self.practice.messages.clear_kind(MessageKind::Warning);
            }
            None => self.say_on(Tab::Practice, MessageKind::Warning, NO_PITCH_MATCHES),
        }
    }

    /// Lists the microphones again on a worker (as the Settings screen's Refresh does).
    pub fn refresh_microphones(&mut self) {
        self.refresh_devices();
    }

    /// Analyses and keeps a WAV file against the current prompt (as opening a file does).
    pub fn analyse_file(&mut self, path: PathBuf) {
        self.review_file(path, None, false);
    }

    /// Lists the microphones on a worker; the answer comes as [`AppEvent::Devices`].
    fn refresh_devices(&mut self) {
        self.devices = None;
        let sender = self.sender.clone();
        let spawned = std::thread::Builder::new()
            .name("rehearse-devices".into())
            .spawn(move || sender.send(AppEvent::Devices(devices::input_devices())));
        if let Err(err) = spawned {
            self.devices = Some(Vec::new());
            self.say_on(
                Tab::Settings,
                MessageKind::Error,
                format!("Cannot list the microphones: {err}"),
            );
        }
    }

    /// Reads the kept history (so prompt draws favour what was practised least or scored
    /// lowest), removes recordings already kept in an attempt folder, and looks for recordings
    /// left unfinished by a crash, all on a worker ([`AppEvent::StartupLoaded`]).
    fn load_startup(&mut self) {
        let store = self.store.clone().ok();
        let recordings = self.options.recordings_dir.clone();
        let sender = self.sender.clone();
        let spawned = std::thread::Builder::new()
            .name("rehearse-startup".into())
            .spawn(move || {
                let mut history = Vec::new();
                let mut newest = Vec::new();
                if let Some(store) = store {
                    // Best effort: a listing or clean-up problem shows in the history tab.
                    let _ = store.drop_kept_recordings(&recordings);
                    if let Ok(listing) = store.list() {
                        newest = listing
                            .attempts
                            .iter()
                            .take(2)
                            .map(|a| a.id.clone())
                            .collect();
                        history = listing
                            .attempts
                            .into_iter()
                            .filter(|a| a.counts_as_practice())
                            .map(|a| {
                                let score = a.overall();
                                (a.prompt_id, a.created, score)
                            })
                            .collect();
                    }
                }
                let unfinished = wav_stream::unfinished_recordings(&recordings);
                sender.send(AppEvent::StartupLoaded {
                    history,
                    unfinished,
                    newest,
                });
            });
        if let Err(err) = spawned {
            self.alert(format!("Cannot read the history: {err}"));
        }
    }

    fn check_model(&mut self) {
        self.model = ModelStatus::Checking;
        let model = self.settings.model.clone();
        self.checked_model = model.clone();
        let sender = self.sender.clone();
        let spawned = std::thread::Builder::new()
            .name("rehearse-model-check".into())
            .spawn(move || {
                let result = crate::models::find(&model).map_err(|e| e.to_string());
                sender.send(AppEvent::ModelChecked { model, result });
            });
        if let Err(err) = spawned {
            self.model = ModelStatus::Failed(err.to_string());
        }
    }

    fn install_model(&mut self) {
        if matches!(self.model, ModelStatus::Installing { .. }) {
            return;
        }
        let model = self.settings.model.clone();
        self.model = ModelStatus::Installing {
            message: format!("Installing {model}"),
            fraction: None,
        };
        let sender = self.sender.clone();
        let spawned = std::thread::Builder::new()
            .name("rehearse-model-install".into())
            .spawn(move || {
                let progress_sender = sender.clone();
                let result = crate::models::install(&model, &mut |p| {
                    progress_sender.send(AppEvent::Install(p))
                })
                .map_err(|e| e.to_string());
                sender.send(AppEvent::InstallDone { model, result });
            });
        if let Err(err) = spawned {
            self.model = ModelStatus::Failed(err.to_string());
        }
    }

    /// The record/stop control: starts a countdown, stops a recording, or does nothing while
    /// the app is busy.
    fn toggle_recording(&mut self) {
        match self.phase {
            Phase::Idle | Phase::Reviewing(_) => self.start_recording(),
            Phase::Countdown { .. } | Phase::Recording { .. } => self.stop_recording(),
            Phase::Stopping | Phase::Transcribing { .. } => {}
        }
    }

    fn start_recording(&mut self) {
        let Ok(recorder) = &self.recorder else {
            return;
        };
        self.playback = None;
        self.prompt_chosen = true;
        let countdown = Duration::from_secs(u64::from(self.settings.countdown_seconds));
        let source =
            self.options
                .source_override
                .clone()
                .unwrap_or_else(|| CaptureSource::Microphone {
                    device_id: self.settings.microphone.clone(),
                });
        let stem = format!("answer-{}", chrono::Local::now().format("%Y%m%d-%H%M%S"));
        let request = StartRequest {
            source,
            dir: self.options.recordings_dir.clone(),
            stem: stem.clone(),
            record_after: countdown,
            max_duration: Duration::from_secs(u64::from(self.settings.max_recording_minutes) * 60),
        };
        let partial = self
            .options
            .recordings_dir
            .join(format!("{stem}{}", wav_stream::PARTIAL_SUFFIX));
        // Live transcription: the recorder's tap feeds the review worker while the user talks.
        let session = self.next_job;
        self.next_job += 1;
        let (tap, audio) = mpsc::channel();
        let live = self
            .reviewer
            .as_ref()
            .is_ok_and(|worker| worker.begin_live(session, &self.settings.model, audio));
        let started = if live {
            recorder.start_with_tap(request, tap)
        } else {
            recorder.start(request)
        };
        match started {
            Ok(()) => {
                self.live_session = live.then_some(session);
                // Kept beside the recording so a crash recovers it under this prompt. Written
                // on the writer thread now, while the countdown runs; a failure comes back as
                // `Written::Answer`.
                let job = Write::Answer {
                    answer: Box::new(self.current_answer()),
                    recording: partial,
                };
                if !self.writer.as_ref().is_ok_and(|w| w.send(job)) {
                    self.answer_not_kept("the file writer has stopped");
                }
                self.take_open = false;
                self.phase = Phase::Countdown {
                    until: Instant::now() + countdown,
                    listening: Listening::default(),
                };
            }
            Err(err) => self.say_on(Tab::Practice, MessageKind::Error, err.to_string()),
        }
    }

    fn stop_recording(&mut self) {
        if let Ok(recorder) = &self.recorder {
            match recorder.stop() {
                Ok(()) => self.phase = Phase::Stopping,
                Err(err) => {
                    self.say_on(Tab::Practice, MessageKind::Error, err.to_string());
                    self.phase = Phase::Idle;
                }
            }
        }
    }

    /// Same prompt, fresh start.
    fn try_again(&mut self) {
        self.playback = None;
        self.take_open = false;
        self.phase = Phase::Idle;
    }

    /// What the current prompt asks, as kept beside a recording in progress: the prompt, the
    /// context the analysis uses (with the band in force), the story and the drill.
    pub(super) fn current_answer(&self) -> PendingAnswer {
        PendingAnswer {
            prompt: self.practice.prompt.clone(),
            context: self.answer_context(),
            story_id: self.practice.story.as_ref().map(|s| s.id.to_string()),
            drill_seconds: self.practice.drill_seconds,
        }
    }

    /// Queues a WAV file for review against the current prompt. `ours` marks a recording the
    /// app made (taken into the attempt folder when kept, and held back when nothing was said
    /// in it), as opposed to a user's file.
    fn review_file(&mut self, path: PathBuf, notice: Option<String>, ours: bool) {
        let answer = self.current_answer();
        self.submit_review(Input::Recording(path), answer, notice, ours, !ours);
    }

    /// Queues a review of `input` as an answer to `answer`. A wordless take is kept only with
    /// `keep_wordless`.
    fn submit_review(
        &mut self,
        input: Input,
        answer: PendingAnswer,
        notice: Option<String>,
        ours: bool,
        keep_wordless: bool,
    ) {
        self.take_open = false;
        let job = self.next_job;
        self.next_job += 1;
        let recording = input.recording().map(Path::to_path_buf).unwrap_or_default();
        let request = Request {
            job,
            notice,
            take_recording: ours,
            keep_wordless,
            story_id: answer.story_id,
            ..Request::new(input, answer.prompt, answer.context, &self.settings.model)
        };
        let submitted = self
            .reviewer
            .as_ref()
            .is_ok_and(|worker| worker.submit(request));
        if submitted {
            self.phase = Phase::Transcribing {
                job,
                recording,
                stage: Stage::Decoding,
                percent: 0,
            };
        } else {
            self.say_on(
                Tab::Practice,
                MessageKind::Error,
                "The transcription worker has stopped; restart the app.",
            );
            self.phase = Phase::Idle;
        }
    }

    /// Repairs an unfinished recording on a worker; [`AppEvent::Recovered`] brings it back
    /// for review.
    fn recover(&mut self, partial: &Path) {
        self.unfinished.retain(|p| p != partial);
        let partial = partial.to_path_buf();
        let sender = self.sender.clone();
        let spawned = std::thread::Builder::new()
            .name("rehearse-recover".into())
            .spawn(move || {
                // What it answered is read first: it sits beside the partial file's name.
                let answer = PendingAnswer::read_beside(&partial).map_err(|e| e.to_string());
                let result = wav_stream::recover(&partial)
                    .map(|recovered| (recovered, answer))
                    .map_err(|e| e.to_string());
                sender.send(AppEvent::Recovered(Box::new(result)));
            });
        if let Err(err) = spawned {
            self.say(
                MessageKind::Error,
                format!("Cannot recover the recording: {err}"),
            );
        }
    }

    /// Reviews a repaired recording as an answer to the prompt it was recorded for (kept beside
    /// it), never the prompt on screen now; without that record it is a free answer.
    fn recovered(&mut self, result: RecoveredResult) {
        match result {
            Ok((recovered, answer)) if matches!(self.phase, Phase::Idle | Phase::Reviewing(_)) => {
                let mut notice = format!(
                    "Recovered an unfinished recording ({}).",
                    crate::audio::recording_rules::format_clock(recovered.duration_ms)
                );
                let answer = match answer {
                    Ok(Some(answer)) => answer,
                    unknown => {
                        if let Err(err) = unknown {
                            self.say_on(Tab::Practice, MessageKind::Error, err);
                        }
                        notice.push_str(
                            " The prompt it answered is not known, so it is kept as a free answer.",
                        );
                        PendingAnswer {
                            prompt: None,
                            context: AnswerContext::for_kind(PromptKind::Behavioral),
                            story_id: None,
                            drill_seconds: None,
                        }
                    }
                };
                // Best effort: a leftover answer file is removed with its recording's next discard.
                let _ = pending::remove_beside(&recovered.path);
                self.submit_review(
                    Input::Recording(recovered.path),
                    answer,
                    Some(notice),
                    true,
                    false,
                );
            }
            Ok((recovered, _)) => self.say_on(
                Tab::Practice,
                MessageKind::Info,
                format!(
                    "Recovered {}; it is kept, open it when this answer is done.",
                    recovered.path.display()
                ),
            ),
            Err(err) => self.say(MessageKind::Error, err),
        }
    }

    fn discard_unfinished(&mut self, partial: &Path) {
        self.unfinished.retain(|p| p != partial);
        if let Err(err) = std::fs::remove_file(partial) {
            self.say(
                MessageKind::Error,
                format!("Cannot delete {}: {err}", partial.display()),
            );
        }
        if let Err(err) = pending::remove_beside(partial) {
            self.say(
                MessageKind::Error,
                format!("Cannot delete what {} answered: {err}", partial.display()),
            );
        }
    }

    /// The Keep choice after a take: a take with words is already kept (the choice closes); a
    /// wordless one is kept now because the user asked.
    fn keep_take(&mut self) {
        self.take_open = false;
        let Phase::Reviewing(review) = &self.phase else {
            return;
        };
        if !review.held_back {
            return;
        }
        let input = Input::Transcript {
            transcript: review.transcript.clone(),
            recording: review.recording.clone(),
        };
        let answer = PendingAnswer {
            prompt: review.prompt.clone(),
            context: review.context.clone(),
            story_id: review.story_id.clone(),
            drill_seconds: self.practice.drill_seconds,
        };
        let notice = review.notice.clone();
        self.submit_review(input, answer, notice, true, true);
    }

    /// The Discard choice after a take: its attempt goes to the trash (as a delete in History
    /// does), or its recording is deleted when it was not kept; back to the practice screen.
    fn discard_take(&mut self) {
        self.take_open = false;
        if !matches!(self.phase, Phase::Reviewing(_)) {
            return;
        }
        self.playback = None;
        let Phase::Reviewing(review) = std::mem::replace(&mut self.phase, Phase::Idle) else {
            return;
        };
        if let Some(id) = &review.kept {
            let deleted = self
                .store
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|store| store.delete(id).map_err(|e| e.to_string()));
            match deleted {
                Ok(()) => {
                    if let Some(prompt) = &review.prompt {
                        self.practice_log.forget_latest(&prompt.id);
                    }
                    self.history.invalidate();
                    self.stories.invalidate();
                    self.say_on(
                        Tab::Practice,
                        MessageKind::Success,
                        "Take discarded (it is in the History trash).",
                    );
                }
                Err(err) => self.say_on(
                    Tab::Practice,
                    MessageKind::Error,
                    format!("The take could not be discarded: {err}"),
                ),
            }
        } else if let Some(recording) = &review.recording {
            match std::fs::remove_file(recording) {
                Ok(()) => self.say_on(Tab::Practice, MessageKind::Success, "Take discarded."),
                Err(err) => self.say_on(
                    Tab::Practice,
                    MessageKind::Error,
                    format!("Cannot delete {}: {err}", recording.display()),
                ),
            }
        }
    }

    /// Plays `path` from the start (stopping any other recording playing).
    fn play(&mut self, path: &Path) {
        self.playback = None;
        let sender = self.sender.clone();
        match Playback::start(path, move || sender.send(AppEvent::PlaybackFinished)) {
            Ok(playback) => self.playback = Some(playback),
            Err(err) => self.say(MessageKind::Error, err.to_string()),
        }
    }

    /// Writes the settings on the writer thread, one write at a time; `Written::Settings`
    /// brings the outcome back.
    fn save_settings(&mut self) {
        if self.settings_writing {
            return; // asked again next frame once this write is done, if still changed
        }
        let job = Write::Settings {
            settings: self.settings.clone(),
            dir: self.options.config_dir.clone(),
        };
        if self.writer.as_ref().is_ok_and(|w| w.send(job)) {
            self.settings_writing = true;
        } else {
            self.settings_view
                .autosave
                .failed("the file writer has stopped; restart the app".into());
        }
    }

    /// A write on the writer thread is done.
    fn written(&mut self, written: Written) {
        match written {
            Written::Settings { settings, result } => {
                self.settings_writing = false;
                match result {
                    Ok(_) => {
                        self.settings_view.autosave.saved(&settings);
                        if self.options.check_model
                            && self.checked_model != settings.model
                            && self.settings.model == settings.model
                            && !matches!(&self.model, ModelStatus::Installing { .. })
                        {
                            self.check_model();
                        }
                    }
                    Err(err) => self.settings_view.autosave.failed(err),
                }
            }
            Written::Answer(Ok(())) | Written::AnswerRemoved(Ok(())) => {}
            Written::Answer(Err(err)) => self.answer_not_kept(&err),
            Written::AnswerRemoved(Err(err)) => self.say_on(
                Tab::Practice,
                MessageKind::Error,
                format!("Cannot tidy the recordings folder: {err}"),
            ),
        }
    }

    fn answer_not_kept(&mut self, why: &str) {
        self.say_on(
            Tab::Practice,
            MessageKind::Error,
            format!("Recording, but a crash could not be recovered under this prompt: {why}"),
        );
    }

    /// Saves an attempt's notes and self-rating on a worker ([`AppEvent::NotesSaved`]).
    fn save_notes(&mut self, id: AttemptId, notes: String, rating: Option<u8>) {
        let store = match &self.store {
            Ok(store) => store.clone(),
            Err(err) => {
                let result = Err(format!("the attempt store cannot be opened: {err}"));
                self.practice.feedback.saved(&id, &result);
                self.history.saved(&id, &result);
                return;
            }
        };
        let sender = self.sender.clone();
        let failed_id = id.clone();
        let spawned = std::thread::Builder::new()
            .name("rehearse-save-notes".into())
            .spawn(move || {
                let result = store
                    .update(&id, |a| {
                        a.notes = notes;
                        a.self_rating = rating;
                    })
                    .map(|a| (a.notes, a.self_rating))
                    .map_err(|e| e.to_string());
                sender.send(AppEvent::NotesSaved { id, result });
            });
        if let Err(err) = spawned {
            let result = Err(format!("cannot start the worker: {err}"));
            self.practice.feedback.saved(&failed_id, &result);
            self.history.saved(&failed_id, &result);
        }
    }

    /// Writes an attempt as Markdown into the exports folder on a worker
    /// ([`AppEvent::Exported`]).
    fn export_attempt(&mut self, id: AttemptId) {
        let store = match &self.store {
            Ok(store) => store.clone(),
            Err(err) => {
                let result = Err(format!("the attempt store cannot be opened: {err}"));
                self.practice.feedback.exported(&id, &result);
                self.history.exported(&id, &result);
                return;
            }
        };
        let sender = self.sender.clone();
        let failed_id = id.clone();
        let spawned = std::thread::Builder::new()
            .name("rehearse-export".into())
            .spawn(move || {
                let result = store.export_markdown(&id).map_err(|e| e.to_string());
                sender.send(AppEvent::Exported { id, result });
            });
        if let Err(err) = spawned {
            let result = Err(format!("cannot start the worker: {err}"));
            self.practice.feedback.exported(&failed_id, &result);
            self.history.exported(&failed_id, &result);
        }
    }

    /// Carries out what a screen asked for, after it was drawn.
    fn apply(&mut self, command: Command) {
        match command {
            Command::TryAgain => self.try_again(),
            Command::DrawAnother => {
                self.practice.drill_seconds = None;
                self.draw_prompt();
                self.try_again();
            }
            Command::OpenFile => {
                self.playback = None;
                self.phase = Phase::Idle;
            }
            Command::Play { path } => self.play(&path),
            Command::PlayFrom { path, start_ms } => {
                if self.playback.as_ref().is_none_or(|p| p.path() != path) {
                    self.play(&path);
                }
                if let Some(playback) = &self.playback {
                    playback.seek_ms(start_ms);
                    playback.set_paused(false);
                }
            }
            Command::SaveNotes { id, notes, rating } => self.save_notes(id, notes, rating),
            Command::ExportAttempt(id) => self.export_attempt(id),
            Command::PausePlayback => {
                if let Some(playback) = &self.playback {
                    playback.set_paused(!playback.is_paused());
                }
            }
            Command::StopPlayback => self.playback = None,
            Command::PractisePrompt { prompt_id } if story_of_prompt(&prompt_id).is_some() => {
                // An attempt at a story: practise the story again (its current notes and question).
                let story = story_of_prompt(&prompt_id).map(|id| {
                    self.store
                        .as_ref()
                        .map_err(Clone::clone)
                        .and_then(|store| store.get_story(&id).map_err(|err| err.to_string()))
                });
                match story {
                    Some(Ok(story)) => self.practise_story(&story),
                    Some(Err(err)) => self.say(MessageKind::Error, err),
                    None => {}
                }
            }
            Command::PractisePrompt { prompt_id } => match self.bank.get(&prompt_id) {
                Some(prompt) => {
                    self.practice.story = None;
                    self.practice.prompt = Some(prompt.clone());
                    self.prompt_chosen = true;
                    self.practice.drill_seconds = None;
                    self.try_again();
                    self.tab = Tab::Practice;
                }
                None => self.say(
                    MessageKind::Error,
                    format!("The prompt {prompt_id} is no longer in the prompt bank."),
                ),
            },
            Command::SaveSettings => self.save_settings(),
            Command::RefreshDevices => self.refresh_devices(),
            Command::InstallModel => self.install_model(),
            Command::OpenSettings => self.tab = Tab::Settings,
            Command::KeepTake => self.keep_take(),
            Command::DiscardTake => self.discard_take(),
            Command::ToggleRecording => self.toggle_recording(),
            Command::DrawPrompt => self.draw_prompt(),
            Command::StartDrill(seconds) => self.start_drill(seconds),
            Command::AnalyseFile(path) => self.review_file(path, None, false),
            Command::ShowError(text) => self.say(MessageKind::Error, text),
            Command::PractiseStory(id) => {
                let story = self
                    .store
                    .as_ref()
                    .map_err(Clone::clone)
                    .and_then(|store| store.get_story(&id).map_err(|err| err.to_string()));
                match story {
                    Ok(story) => self.practise_story(&story),
                    Err(err) => self.say(MessageKind::Error, err),
                }
            }
            Command::Recover(partial) => self.recover(&partial),
            Command::DiscardUnfinished(partial) => self.discard_unfinished(&partial),
        }
    }

    /// Draws `story` as the prompt on the practice screen, with its notes on a hidden cue card;
    /// the next kept attempt is linked to it.
    fn practise_story(&mut self, story: &Story) {
        self.practice.prompt = Some(story_prompt(story, None));
        self.prompt_chosen = true;
        self.practice.drill_seconds = None;
        self.practice.story = Some(StoryPractice {
            id: story.id.clone(),
            cue_card: CueCard::of(story),
            peek: false,
        });
        self.playback = None;
        self.phase = Phase::Idle;
        self.tab = Tab::Practice;
    }

    /// Applies every pending worker event. Called once per frame, before drawing.
    pub fn handle_events(&mut self) {
        self.level_seen_this_frame = false;
        while let Ok(event) = self.events.try_recv() {
            self.handle_event(event);
        }
        if let Phase::Countdown { until, listening } = &mut self.phase
            && Instant::now() >= *until
        {
            let listening = std::mem::take(listening);
            self.phase = Phase::Recording {
                elapsed_ms: 0,
                listening,
            };
        }
        match self.phase {
            Phase::Countdown { .. } => self.ctx.request_repaint_after(COUNTDOWN_REPAINT),
            Phase::Recording { .. } => self
                .ctx
                .request_repaint_after(crate::audio::capture::LEVEL_REPORT_INTERVAL * 4),
            _ => {}
        }
    }

    fn handle_event(&mut self, event: AppEvent) {
        match event {
            AppEvent::Capture(event) => self.capture_event(event),
            AppEvent::Review(ReviewEvent::Progress {
                job,
                stage,
                percent,
            }) => {
                if let Phase::Transcribing {
                    job: current,
                    stage: s,
                    percent: p,
                    ..
                } = &mut self.phase
                    && *current == job
                {
                    *s = stage;
                    *p = percent;
                }
            }
            AppEvent::Review(ReviewEvent::Live { job, text, .. }) => {
                if self.live_session == Some(job)
                    && let Some(listening) = self.phase.listening_mut()
                {
                    listening.caption = text;
                }
            }
            AppEvent::Review(ReviewEvent::Done { job, result }) => {
                let current =
                    matches!(&self.phase, Phase::Transcribing { job: j, .. } if *j == job);
                if !current {
                    return;
                }
                match result {
                    Ok(review) => {
                        // A wordless take never counts as practice (not for the drawer either).
                        if let Some(prompt) = &review.prompt
                            && review.has_words()
                        {
                            let score = Some(f32::from(review.feedback.scores.overall));
                            self.drawer.record(&prompt.id, score);
                            if review.kept.is_some() {
                                self.practice_log
                                    .record(&prompt.id, chrono::Utc::now(), score);
                            }
                        }
                        self.take_open = review.kept.is_some() || review.held_back;
                        if review.kept.is_some() {
                            self.history.invalidate();
                            self.stories.invalidate();
                        }
                        if let Some(err) = &review.keep_error {
                            self.say_on(
                                Tab::Practice,
                                MessageKind::Error,
                                format!("The attempt could not be kept in the history: {err}"),
                            );
                        }
                        self.phase = Phase::Reviewing(review);
                    }
                    Err(err) => {
                        self.say_on(
                            Tab::Practice,
                            MessageKind::Error,
                            format!("The recording could not be analysed: {err}"),
                        );
                        self.phase = Phase::Idle;
                    }
                }
            }
            AppEvent::ModelChecked { model, result } => {
                if model != self.settings.model
                    || matches!(self.model, ModelStatus::Installing { .. })
                {
                    return;
                }
                match result {
                    Ok(path) => self.model = ModelStatus::Ready(path),
                    Err(err) => {
                        self.model = ModelStatus::Missing(err);
                        self.show_first_run = true;
                    }
                }
            }
            AppEvent::Install(progress) => {
                if let ModelStatus::Installing { message, fraction } = &mut self.model {
                    match progress {
                        InstallProgress::Trying { source } => *message = format!("Trying {source}"),
                        InstallProgress::SourceFailed { source, reason } => {
                            *message =
                                format!("{source} did not work ({reason}); trying the next source")
                        }
                        InstallProgress::Downloading { done, total } => {
                            *message = format!("Downloading: {:.1} MB", done as f64 / 1e6);
                            *fraction = total
                                .filter(|t| *t > 0)
                                .map(|t| (done as f64 / t as f64) as f32);
                        }
                        InstallProgress::Step { message: step } => {
                            *message = step;
                            *fraction = None;
                        }
                    }
                }
            }
            AppEvent::InstallDone { model, result } => match result {
                Ok(path) => {
                    self.model = ModelStatus::Ready(path);
                    self.show_first_run = false;
                    self.settings_view.notify(
                        super::message::MessageKind::Success,
                        format!("The {model} model is installed."),
                    );
                }
                Err(err) => self.model = ModelStatus::Failed(err),
            },
            AppEvent::Devices(devices) => self.devices = Some(devices),
            AppEvent::StartupLoaded {
                history,
                unfinished,
                newest,
            } => {
                self.startup_loaded = true;
                match (self.start, newest.as_slice()) {
                    (Some(StartScreen::Attempt), [latest, ..]) => {
                        self.history.screen = HistoryScreen::Attempt(latest.clone());
                    }
                    (Some(StartScreen::Compare), [latest, before, ..]) => {
                        self.history.screen =
                            HistoryScreen::Compare(before.clone(), latest.clone());
                    }
                    _ => {}
                }
                for (prompt_id, at, score) in &history {
                    // Attempts kept under the old id of a merged prompt count for the new one.
                    let id = self.bank.canonical_id(prompt_id);
                    self.drawer.record(id, *score);
                    self.practice_log.record(id, *at, *score);
                }
                // Draw again with the history in mind, unless the user already moved on.
                if !history.is_empty() && !self.prompt_chosen && matches!(self.phase, Phase::Idle) {
                    self.draw_prompt();
                    self.prompt_chosen = false;
                }
                for partial in unfinished {
                    if !self.unfinished.contains(&partial) {
                        self.unfinished.push(partial);
                    }
                }
            }
            AppEvent::Recovered(result) => self.recovered(*result),
            AppEvent::Written(written) => self.written(written),
            AppEvent::NotesSaved { id, result } => {
                self.practice.feedback.saved(&id, &result);
                self.history.saved(&id, &result);
            }
            AppEvent::Exported { id, result } => {
                self.practice.feedback.exported(&id, &result);
                self.history.exported(&id, &result);
            }
            AppEvent::PlaybackFinished => {
                if self.playback.as_ref().is_some_and(Playback::is_finished) {
                    self.playback = None;
                }
            }
        }
    }

    fn capture_event(&mut self, event: CaptureEvent) {
        match event {
            CaptureEvent::Started { device, .. } => {
                if let Some(listening) = self.phase.listening_mut() {
                    listening.device = Some(device);
                }
            }
            CaptureEvent::Level {
                level,
                elapsed_ms,
                silent,
            } => {
                if let Some(listening) = self.phase.listening_mut() {
                    // The loudest report of the frame: a file source or a stalled frame can
                    // deliver many blocks at once, and the last one is often a pause.
                    listening.level = if self.level_seen_this_frame {
                        Level {
                            rms: listening.level.rms.max(level.rms),
                            peak: listening.level.peak.max(level.peak),
                        }
                    } else {
                        level
                    };
                    listening.silent = silent;
                }
                self.level_seen_this_frame = true;
                if let Phase::Recording { elapsed_ms: e, .. } = &mut self.phase {
                    *e = elapsed_ms;
                }
            }
            CaptureEvent::Failed(err) => {
                self.say_on(Tab::Practice, MessageKind::Error, err.to_string());
                if self.phase.is_busy_recording() {
                    self.phase = Phase::Idle;
                    self.live_session = None;
                }
            }
            CaptureEvent::Finished(done) => self.recording_finished(done),
        }
    }

    fn recording_finished(&mut self, done: FinishedRecording) {
        if done.reason == StopReason::Shutdown {
            return; // unfinished: what it answers stays beside it for recovery
        }
        // Finished: the recording is reviewed now, under the prompt still in memory. The
        // writer removes the answer file after it has written it.
        let job = Write::RemoveAnswer {
            recording: done.path.clone(),
        };
        if !self.writer.as_ref().is_ok_and(|w| w.send(job)) {
            self.say_on(
                Tab::Practice,
                MessageKind::Error,
                "Cannot tidy the recordings folder: the file writer has stopped.",
            );
        }
        let notice = done.reason.notice();
        if done.duration_ms < MIN_USEFUL_RECORDING.as_millis() as u64 {
            let _ = std::fs::remove_file(&done.path);
            if let Some(notice) = notice {
                self.say_on(Tab::Practice, MessageKind::Error, notice);
            }
            self.phase = Phase::Idle;
            return;
        }
        if let Some(notice) = &notice {
            if matches!(done.reason, StopReason::DeviceLost { .. }) {
                self.say_on(Tab::Practice, MessageKind::Error, notice.clone());
            } else {
                self.say_on(Tab::Practice, MessageKind::Info, notice.clone());
            }
        }
        let input = match self.live_session.take() {
            Some(session) => Input::Live {
                recording: done.path,
                session,
            },
            None => Input::Recording(done.path),
        };
        let answer = self.current_answer();
        self.submit_review(input, answer, notice, true, false);
    }

    /// Draws one frame. Public so tests can drive it through egui_kittest.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        self.handle_events();
        self.draw(ui);
        if self.start.is_some() && self.start_screen_ready() {
            self.start = None;
            // Drawn once more so the screen's data (a listing read while drawing) is in.
            self.ctx.request_repaint();
            if std::env::var_os("REHEARSE_TIMING").is_some() {
                eprintln!("rehearse: screen ready");
            }
        }
        if self.first_frame.is_none() {
            let after = self.started.elapsed();
            self.first_frame = Some(after);
            if std::env::var_os("REHEARSE_TIMING").is_some() {
                eprintln!(
                    "rehearse: first frame drawn {} ms after start",
                    after.as_millis()
                );
            }
        }
    }
}

impl RehearseApp {
    /// Lays out the frame (the top bar, the start-up alerts and recovery offers, the current tab's screen, the first-run
    /// dialog), then applies what the screens, a dropped file and the Space key asked for.
    fn draw(&mut self, ui: &mut egui::Ui) {
        self.apply_appearance(ui.ctx());
        let recording = self.phase.is_busy_recording();
        let mut commands = Vec::new();
        if !recording {
            egui::Panel::top("top_bar")
                .show(ui, |ui| layout::top_bar_ui(ui, &mut self.tab, &self.model));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if !recording {
                messages_ui(ui, &mut self.alerts);
                commands.extend(layout::unfinished_ui(ui, &self.unfinished));
            }
            let command = match (self.tab, recording) {
                (_, true) | (Tab::Practice, false) => {
                    let cx = PracticeContext {
                        phase: &self.phase,
                        fillers: &self.settings.fillers,
                        playback: self.playing(),
                        band: self.target_band(),
                        can_record: self.recorder.is_ok(),
                        no_microphone: self.options.source_override.is_none()
                            && self.devices.as_ref().is_some_and(Vec::is_empty),
                        live_captions: self.settings.live_captions,
                        take_open: self.take_open,
                        history_line: self
                            .practice
                            .prompt
                            .as_ref()
                            .and_then(|p| self.practice_log.practice_of(&p.id))
                            .map(|p| p.sentence(chrono::Local::now().date_naive())),
                    };
                    practice_ui(ui, &mut self.practice, &cx)
                }
                (Tab::History, false) => {
                    let playing = self.playing();
                    history_tab_ui(
                        ui,
                        &mut self.history,
                        &self.store,
                        playing,
                        &self.settings.fillers,
                    )
                }
                (Tab::Stories, false) => stories_tab_ui(ui, &mut self.stories, &self.store),
                (Tab::Settings, false) => super::settings::settings_ui(
                    ui,
                    &mut self.settings_view,
                    &mut self.settings,
                    self.devices.as_deref().unwrap_or_default(),
                    &layout::settings_model_line(&self.model),
                ),
            };
            commands.extend(command);
        });
        if !recording {
            let (open, model) = (&mut self.show_first_run, &self.settings.model);
            commands.extend(first_run::first_run_ui(ui.ctx(), open, model, &self.model));
        }
        commands.extend(layout::dropped_file_command(ui.ctx(), &self.phase));
        commands.extend(layout::shortcut_command(ui.ctx(), self.tab, &self.phase));
        for command in commands {
            self.apply(command);
        }
        self.autosave_elsewhere(ui.ctx());
    }

    /// Gives egui the theme and scale of the settings when they changed, and takes a scale
    /// changed with Ctrl +/- into the settings. The window's minimum size is in points, so it
    /// is given again at a new scale (it grows with it).
    fn apply_appearance(&mut self, ctx: &egui::Context) {
        let wanted = (self.settings.theme, self.settings.ui_scale);
        match self.shown_appearance {
            Some((_, scale)) if wanted.1 == scale && ctx.zoom_factor() != scale => {
                // Zoomed with the keyboard (egui's Ctrl +/-): remember it.
                self.settings.ui_scale = ctx.zoom_factor();
                self.shown_appearance = Some((wanted.0, self.settings.ui_scale));
            }
            Some(shown) if shown == wanted => {}
            _ => {
                ctx.set_theme(wanted.0.preference());
                // Takes effect next frame.
                ctx.set_zoom_factor(wanted.1);
                self.shown_appearance = Some(wanted);
            }
        }
        let zoom = ctx.zoom_factor();
        if self.min_size_zoom != zoom {
            // The minimum in points, turned into pixels at the scale now in effect.
            ctx.send_viewport_cmd(egui::ViewportCommand::MinInnerSize(
                super::MIN_WINDOW.into(),
            ));
            self.min_size_zoom = zoom;
        }
    }

    /// The practice screen's filters live in the settings too, so they survive a restart; on
    /// every screen but Settings (which does it itself) a change is saved once it holds still.
    fn autosave_elsewhere(&mut self, ctx: &egui::Context) {
        self.settings.prompt_filter = self.practice.filter;
        self.settings.favour_gaps = self.practice.favour_gaps;
        if self.tab == Tab::Settings && !self.phase.is_busy_recording() {
            return;
        }
        let autosave = &mut self.settings_view.autosave;
        if autosave.due(&self.settings, Instant::now()) {
            self.apply(Command::SaveSettings);
        } else if autosave.is_pending(&self.settings) {
            ctx.request_repaint_after(super::settings::AUTOSAVE_DELAY);
        }
    }
}

impl eframe::App for RehearseApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}
