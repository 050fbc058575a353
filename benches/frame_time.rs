//! The desktop app's longest frame while a 10-minute recording is being kept (decoded, its
//! pauses measured, transcribed by Whisper, analysed and written to the store, all on the
//! review worker) and while the microphone list is refreshed (cpal, on a worker).
//!
//! Run with `cargo bench --bench frame_time` (needs espeak-ng, sox and the default model; about
//! two minutes). It drives the real app through egui_kittest at about 60 frames a second and
//! times each frame of the UI thread (events, layout and tessellation; no GPU here).

use egui_kittest::Harness;
use rehearse::transcribe::fixtures;
use rehearse::ui::{AppOptions, Phase, RehearseApp};
use std::time::{Duration, Instant};

type App = Option<RehearseApp>;

/// The frame budget at 60 Hz.
const FRAME: Duration = Duration::from_millis(16);

fn app<'h>(harness: &'h mut Harness<'_, App>) -> &'h mut RehearseApp {
    harness
        .state_mut()
        .as_mut()
        .expect("the app is created on the first frame")
}

/// Steps frames at about 60 Hz until `done`, returning every frame's time.
fn frames_until(
    harness: &mut Harness<'_, App>,
    timeout: Duration,
    done: impl Fn(&mut RehearseApp) -> bool,
) -> Vec<Duration> {
    let start = Instant::now();
    let mut times = Vec::new();
    while !done(app(harness)) && start.elapsed() < timeout {
        let frame = Instant::now();
        harness.step();
        let took = frame.elapsed();
        times.push(took);
        std::thread::sleep(FRAME.saturating_sub(took));
    }
    times
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len().max(1);
    let p99 = times.get(n * 99 / 100).copied().unwrap_or_default();
    let max = times.last().copied().unwrap_or_default();
    println!(
        "{what}: {} frames, longest {:.1} ms, 99th percentile {:.1} ms, median {:.1} ms",
        times.len(),
        max.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        times.get(n / 2).copied().unwrap_or_default().as_secs_f64() * 1e3
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = fixtures::star_answer(dir.path()).expect("espeak-ng and sox make the answer");
    // Ten minutes: the 64 s answer ten times over.
    let long = dir.path().join("ten-minutes.wav");
    let status = std::process::Command::new("sox")
        .args(std::iter::repeat_n(&one.wav, 10))
        .arg(&long)
        .status()
        .expect("sox");
    assert!(status.success(), "sox could not join the clips");
    let options = AppOptions {
        config_dir: dir.path().join("config"),
        recordings_dir: dir.path().join("data/recordings"),
        source_override: None,
        seed: Some(1),
        check_model: false,
    };
    let mut harness = Harness::builder()
        .with_size([1100.0, 760.0])
        .build_ui_state(
            move |ui, app: &mut App| {
                app.get_or_insert_with(|| RehearseApp::new(ui.ctx().clone(), options.clone()))
                    .frame_ui(ui);
            },
            None,
        );
    harness.run();
    // Let the start-up workers finish first.
    frames_until(&mut harness, Duration::from_secs(10), |a| {
        a.microphones().is_some()
    });

    app(&mut harness).refresh_microphones();
    let refresh = Instant::now();
    let times = frames_until(&mut harness, Duration::from_secs(30), |a| {
        a.microphones().is_some()
    });
    report(
        &format!(
            "microphone list refresh ({:.0} ms until the list arrived)",
            refresh.elapsed().as_secs_f64() * 1e3
        ),
        times,
    );

    app(&mut harness).analyse_file(long);
    let started = Instant::now();
    let times = frames_until(&mut harness, Duration::from_secs(900), |a| {
        matches!(a.phase(), Phase::Reviewing(_) | Phase::Idle)
    });
    report(
        &format!(
            "keeping a 10-minute recording ({:.0} s on the worker)",
            started.elapsed().as_secs_f64()
        ),
        times,
    );
}
