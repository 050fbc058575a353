//! Chunked and live transcription against the one-pass batch path, with the real model and
//! speech generated at test time (run `make model` first). Accuracy only: speed lives in
//! `rehearse bench --live`. Whisper jobs must not run in parallel, so every test holds one lock.

#![allow(clippy::unwrap_used)] // test helpers may unwrap, as tests do

use rehearse::audio::capture::{CaptureEvent, CaptureSource, Recorder, StartRequest};
use rehearse::audio::decode::read_wav;
use rehearse::models::{self, DEFAULT_MODEL};
use rehearse::transcribe::Transcriber;
use rehearse::transcribe::chunked::{ChunkProgress, transcribe_chunked};
use rehearse::transcribe::fixtures::{self, STAR_NUMBERS, normalize_words, word_error_rate};
use rehearse::transcribe::live::{LiveEvent, LiveTranscription};
use rehearse::transcript::Transcript;
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::time::Duration;

/// How much worse than the batch transcript a chunked one may be on the STAR answer. The issue
/// asks for 1 point; measured today the two were within it (README), this leaves a little room
/// for a different CPU's rounding without letting a real regression through.
const MAX_WER_GAP: f64 = 0.02;

static WHISPER: Mutex<()> = Mutex::new(());

fn transcriber() -> Arc<Transcriber> {
    static T: OnceLock<Arc<Transcriber>> = OnceLock::new();
    T.get_or_init(|| {
        let path = models::find(DEFAULT_MODEL)
            .expect("the default model must be installed: run `make model`");
        Arc::new(Transcriber::load(path).expect("the installed model loads"))
    })
    .clone()
}

fn check_word_times(t: &Transcript) {
    let mut prev_end = 0;
    for w in t.words() {
        assert!(w.start_ms <= w.end_ms, "word {w:?} ends before it starts");
        assert!(
            w.start_ms >= prev_end,
            "word {w:?} starts before {prev_end}"
        );
        assert!(w.end_ms <= t.duration_ms, "word {w:?} ends after the audio");
        assert_eq!(t.slice_chars(w.start_char, w.end_char), w.text);
        prev_end = w.end_ms;
    }
    assert!(t.words().count() > 0, "no words");
}

#[test]
fn chunked_transcript_of_the_star_answer_is_as_accurate_as_batch() {
    let _lock = WHISPER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let fixture = fixtures::star_answer(dir.path()).unwrap();
    let audio = read_wav(&fixture.wav).unwrap();
    let t = transcriber();

    let batch = t.transcribe(&audio.samples, &mut |_| {}).unwrap();
    let mut progress = Vec::new();
    let chunked = transcribe_chunked(&t, &audio.samples, &mut |p| progress.push(p)).unwrap();

    let (batch_wer, chunked_wer) = (
        word_error_rate(&fixture.text, &batch.text),
        word_error_rate(&fixture.text, &chunked.text),
    );
    assert!(
        chunked_wer <= batch_wer + MAX_WER_GAP,
        "chunked WER {:.1}% vs batch {:.1}%:\n{}",
        chunked_wer * 100.0,
        batch_wer * 100.0,
        chunked.text
    );
    let heard = normalize_words(&chunked.text);
    for n in STAR_NUMBERS {
        assert!(
            heard.iter().any(|w| w == n),
            "number {n} lost:\n{}",
            chunked.text
        );
    }
    // Same shape as batch: model, duration, monotonic word times inside the audio.
    assert_eq!(chunked.model, batch.model);
    assert_eq!(chunked.duration_ms, batch.duration_ms);
    check_word_times(&chunked);
    // A minute of speech is several chunks, and progress counts them honestly.
    let total = progress[0].total;
    assert!(total >= 3, "only {total} chunks for a minute of speech");
    assert_eq!(progress.first(), Some(&ChunkProgress { done: 0, total }));
    assert_eq!(progress.last(), Some(&ChunkProgress { done: total, total }));
    assert_eq!(progress.len(), total + 1);
}

#[test]
fn chunked_transcription_keeps_fillers() {
    let _lock = WHISPER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let fixture = fixtures::filler_answer(dir.path()).unwrap();
    let audio = read_wav(&fixture.wav).unwrap();
    let t = transcribe_chunked(&transcriber(), &audio.samples, &mut |_| {}).unwrap();
    // Nothing carries over from one run to the next: a second run of the same audio on the
    // same transcriber reads the same.
    let again = transcribe_chunked(&transcriber(), &audio.samples, &mut |_| {}).unwrap();
    assert_eq!(again.text, t.text);
    let words = normalize_words(&t.text);
    let count = |set: &[&str]| words.iter().filter(|w| set.contains(&w.as_str())).count();
    assert!(count(&["um", "umm", "mm"]) >= 1, "no 'um' in: {}", t.text);
    assert!(count(&["uh", "uhh", "ah"]) >= 1, "no 'uh' in: {}", t.text);
    check_word_times(&t);
}

/// The live path end to end: a recording played through the capture worker's file source with
/// the live transcriber tapped onto it gives the transcript the file path gives.
#[test]
fn live_transcription_through_the_capture_worker_matches_the_file_path() {
    let _lock = WHISPER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let fixture = fixtures::speak(
        dir.path(),
        "two-parts",
        "I joined the team in March and we shipped the first release in June. \
         Then I took over the support queue, and within two months we answered every ticket \
         on the same day.",
    )
    .unwrap();
    let t = transcriber();

    let (events_tx, events) = mpsc::channel();
    let recorder = Recorder::spawn(move |e| {
        let _ = events_tx.send(e);
    })
    .unwrap();
    let (captions_tx, captions) = mpsc::channel();
    let (live, tap) = LiveTranscription::start(Arc::clone(&t), move |e| {
        let _ = captions_tx.send(e);
    })
    .unwrap();
    recorder
        .start_with_tap(
            StartRequest {
                source: CaptureSource::WavFile {
                    path: fixture.wav.clone(),
                    real_time: false,
                },
                dir: dir.path().join("rec"),
                stem: "live".into(),
                record_after: Duration::ZERO,
                max_duration: Duration::from_secs(600),
            },
            tap,
        )
        .unwrap();
    let wav_ms = read_wav(&fixture.wav).unwrap().duration_ms();
    loop {
        match events.recv_timeout(Duration::from_secs(30)).unwrap() {
            CaptureEvent::Level { elapsed_ms, .. } if elapsed_ms >= wav_ms => break,
            CaptureEvent::Failed(err) => panic!("{err}"),
            _ => {}
        }
    }
    recorder.stop().unwrap();
    let recorded = loop {
        if let CaptureEvent::Finished(done) = events.recv_timeout(Duration::from_secs(30)).unwrap()
        {
            break done;
        }
    };
    let result = live.wait().unwrap();

    // The live audio is the recording, converted once.
    let from_file = read_wav(&recorded.path).unwrap();
    assert_eq!(result.audio_16k.len(), from_file.samples.len());
    let chunked = transcribe_chunked(&t, &from_file.samples, &mut |_| {}).unwrap();
    let gap = word_error_rate(&chunked.text, &result.transcript.text);
    assert!(
        gap <= 0.05,
        "live and file transcripts differ ({:.0}%):\n{}\n{}",
        gap * 100.0,
        result.transcript.text,
        chunked.text
    );
    assert!(word_error_rate(&fixture.text, &result.transcript.text) <= 0.2);
    assert!(result.chunks >= 1 && result.chunks_after_stop <= result.chunks);
    check_word_times(&result.transcript);
    // Captions came in as chunks finished while the audio was still arriving, or none did
    // (a fast feed can end before the first chunk); the last one is a prefix of the answer.
    let captions: Vec<LiveEvent> = captions.try_iter().collect();
    if let Some(LiveEvent::ChunkDone { text, .. }) = captions.last() {
        assert!(result.transcript.text.starts_with(text.as_str()));
    }
}
