//! The review pipeline with live transcription: a live session fed from a capture tap hands
//! its transcript to the run at Stop, and every way the live worker can fail falls back to the
//! batch path on the recording without losing it. Real model (run `make model`), speech made
//! with espeak-ng at test time. Speed lives in `rehearse bench --live`, not here. Whisper jobs
//! must not run in parallel, so every test holds one lock.

#![allow(clippy::unwrap_used)] // test helpers may unwrap, as tests do

use rehearse::analysis::AnswerContext;
use rehearse::audio::capture::{AudioBlock, read_wav_mono};
use rehearse::domain::PromptKind;
use rehearse::models::DEFAULT_MODEL;
use rehearse::pipeline::{Input, Pipeline, Request, Review, Transcription};
use rehearse::store::Store;
use rehearse::transcribe::fixtures::{self, Fixture, word_error_rate};
use std::path::Path;
use std::sync::{Mutex, mpsc};

static WHISPER: Mutex<()> = Mutex::new(());

const ANSWER: &str = "When our support queue doubled in a month, I was asked to bring the \
    waiting time back under a day. I sorted the tickets by product and found that one billing \
    screen caused a third of them. I rewrote its error messages with the designers, and within \
    six weeks the queue was back to normal.";

fn fixture(dir: &Path) -> Fixture {
    rehearse::models::find(DEFAULT_MODEL)
        .expect("this test needs the default Whisper model: run `make model`");
    fixtures::speak(dir, "answer", ANSWER).unwrap()
}

/// A copy of the fixture where the recorder would have left it.
fn recording(dir: &Path, fixture: &Fixture) -> std::path::PathBuf {
    let path = dir.join("answer-recorded.wav");
    std::fs::copy(&fixture.wav, &path).unwrap();
    path
}

fn review(pipeline: &mut Pipeline, input: Input) -> Review {
    let request = Request {
        take_recording: true,
        ..Request::new(
            input,
            None,
            AnswerContext::for_kind(PromptKind::Behavioral),
            DEFAULT_MODEL,
        )
    };
    pipeline.run(request, &mut |_, _| {}).unwrap()
}

/// Feeds `samples` into a tap in 20 ms blocks, as the capture worker does.
fn feed(tap: &mpsc::Sender<AudioBlock>, samples: &[f32], rate: u32) {
    let block = (rate / 50) as usize;
    for piece in samples.chunks(block) {
        tap.send(AudioBlock {
            rate,
            samples: piece.to_vec(),
        })
        .unwrap();
    }
}

fn assert_kept_with_batch_transcript(
    store: &Store,
    review: &Review,
    fixture: &Fixture,
) -> rehearse::store::Attempt {
    let id = review.kept.clone().expect("the answer is kept");
    let attempt = store.get(&id).unwrap();
    assert_eq!(attempt.transcript.as_ref(), Some(&review.transcript));
    let kept = store.audio_path(&attempt).expect("the recording is kept");
    assert!(kept.exists());
    assert!(
        word_error_rate(&fixture.text, &review.transcript.text) <= 0.2,
        "{}",
        review.transcript.text
    );
    assert!(review.pauses.is_some(), "pauses come from the recording");
    attempt
}

#[test]
fn a_live_session_hands_its_transcript_to_the_review() {
    let _lock = WHISPER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let fixture = fixture(dir.path());
    let path = recording(dir.path(), &fixture);
    let (samples, rate) = read_wav_mono(&path).unwrap();
    let store = Store::open(dir.path().join("data")).unwrap();
    let mut pipeline = Pipeline::new(Some(store.clone()));

    let (tap, audio) = mpsc::channel();
    let (captions_tx, captions) = mpsc::channel();
    pipeline.begin_live(7, DEFAULT_MODEL, audio, move |e| {
        let _ = captions_tx.send(e);
    });
    feed(&tap, &samples, rate);
    drop(tap); // Stop
    let review = review(
        &mut pipeline,
        Input::Live {
            recording: path,
            session: 7,
        },
    );
    let Transcription::Live {
        chunks, after_stop, ..
    } = review.transcription
    else {
        panic!("not live: {:?}", review.transcription);
    };
    assert!(
        chunks >= 1 && after_stop <= chunks,
        "{chunks} / {after_stop}"
    );
    assert!(review.notice.is_none(), "{:?}", review.notice);
    assert_kept_with_batch_transcript(&store, &review, &fixture);
    // Each chunk done before Stop was announced with the words so far.
    let captions: Vec<_> = captions.try_iter().collect();
    assert_eq!(captions.len(), chunks - after_stop);
}

#[test]
fn a_changed_sample_rate_falls_back_to_the_batch_path() {
    let _lock = WHISPER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let fixture = fixture(dir.path());
    let path = recording(dir.path(), &fixture);
    let (samples, rate) = read_wav_mono(&path).unwrap();
    let store = Store::open(dir.path().join("data")).unwrap();
    let mut pipeline = Pipeline::new(Some(store.clone()));

    let (tap, audio) = mpsc::channel();
    pipeline.begin_live(1, DEFAULT_MODEL, audio, |_| {});
    let half = samples.len() / 2;
    feed(&tap, &samples[..half], rate);
    feed(&tap, &samples[half..], rate * 2); // the device changed under us
    drop(tap);
    let review = review(
        &mut pipeline,
        Input::Live {
            recording: path,
            session: 1,
        },
    );
    match &review.transcription {
        Transcription::FellBack { reason } => assert!(reason.contains("sample rate"), "{reason}"),
        other => panic!("expected a fallback, got {other:?}"),
    }
    assert!(review.notice.as_deref().unwrap().contains("after Stop"));
    assert_kept_with_batch_transcript(&store, &review, &fixture);
}

#[test]
fn live_audio_shorter_than_the_recording_falls_back_to_the_batch_path() {
    let _lock = WHISPER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let fixture = fixture(dir.path());
    let path = recording(dir.path(), &fixture);
    let (samples, rate) = read_wav_mono(&path).unwrap();
    let store = Store::open(dir.path().join("data")).unwrap();
    let mut pipeline = Pipeline::new(Some(store.clone()));

    let (tap, audio) = mpsc::channel();
    pipeline.begin_live(2, DEFAULT_MODEL, audio, |_| {});
    feed(&tap, &samples[..samples.len() * 2 / 3], rate); // a third never reached the tap
    drop(tap);
    let review = review(
        &mut pipeline,
        Input::Live {
            recording: path,
            session: 2,
        },
    );
    match &review.transcription {
        Transcription::FellBack { reason } => assert!(reason.contains("heard"), "{reason}"),
        other => panic!("expected a fallback, got {other:?}"),
    }
    let attempt = assert_kept_with_batch_transcript(&store, &review, &fixture);
    // The batch path heard the whole answer, including its last third.
    assert!(
        attempt
            .transcript
            .unwrap()
            .text
            .to_lowercase()
            .contains("normal"),
        "{}",
        review.transcript.text
    );
}

#[test]
fn no_live_session_or_a_missing_model_falls_back_to_the_batch_path() {
    let _lock = WHISPER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let fixture = fixture(dir.path());
    let store = Store::open(dir.path().join("data")).unwrap();
    let mut pipeline = Pipeline::new(Some(store.clone()));

    // A session number nobody started.
    let path = recording(dir.path(), &fixture);
    let review_a = review(
        &mut pipeline,
        Input::Live {
            recording: path,
            session: 99,
        },
    );
    assert!(
        matches!(review_a.transcription, Transcription::FellBack { .. }),
        "{:?}",
        review_a.transcription
    );
    assert_kept_with_batch_transcript(&store, &review_a, &fixture);

    // A model that is not installed: the live worker cannot start, the tap's audio is dropped
    // (the recorder keeps recording), and the run says why.
    let path = recording(dir.path(), &fixture);
    let (tap, audio) = mpsc::channel();
    pipeline.begin_live(3, "no-such-model", audio, |_| {});
    let (samples, rate) = read_wav_mono(&path).unwrap();
    assert!(
        tap.send(AudioBlock {
            rate,
            samples: samples[..100].to_vec()
        })
        .is_err(),
        "nobody listens to the tap"
    );
    let review_b = review(
        &mut pipeline,
        Input::Live {
            recording: path,
            session: 3,
        },
    );
    match &review_b.transcription {
        Transcription::FellBack { reason } => assert!(reason.contains("no-such-model"), "{reason}"),
        other => panic!("expected a fallback, got {other:?}"),
    }
    assert_kept_with_batch_transcript(&store, &review_b, &fixture);
}
