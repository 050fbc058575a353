//! The background thread that runs the [`Pipeline`] for the desktop app.
//!
//! Rule: one worker thread runs one request at a time and owns the pipeline (so the loaded
//! Whisper model and every store write stay off the UI thread). It reports progress, live
//! captions and the result as [`ReviewEvent`]s (the one event type the app's workers send, as
//! `AppEvent::Review`); the UI thread never waits on it. A live session
//! ([`ReviewWorker::begin_live`]) loads the model on this thread, then runs on the live
//! transcriber's own thread while this one waits for the next message; its captions go out
//! through the same report callback.

use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;

use super::{Pipeline, Request, Review, Stage};
use crate::audio::capture::AudioBlock;
use crate::store::Store;
use crate::transcribe::live::LiveEvent;

/// What the worker reports.
#[derive(Debug)]
pub enum ReviewEvent {
    Progress {
        job: u64,
        stage: Stage,
        percent: u8,
    },
    /// A chunk of the live recording `job` is transcribed; `text` is every word so far.
    Live {
        job: u64,
        chunks: usize,
        text: String,
    },
    Done {
        job: u64,
        result: Result<Box<Review>, String>,
    },
}

enum Msg {
    Review(Box<Request>),
    BeginLive {
        job: u64,
        model: String,
        audio: mpsc::Receiver<AudioBlock>,
    },
}

type Report = Arc<Mutex<dyn FnMut(ReviewEvent) + Send>>;

fn send(report: &Report, event: ReviewEvent) {
    // A panic in an earlier report leaves the callback usable: the event still goes out.
    let mut report = report.lock().unwrap_or_else(|e| e.into_inner());
    report(event);
}

/// Handle to the review worker; dropping it lets the thread end after its current job.
pub struct ReviewWorker {
    tx: Option<mpsc::Sender<Msg>>,
    thread: Option<JoinHandle<()>>,
}

impl ReviewWorker {
    /// Starts the worker; reviews asking to be kept go into `store`.
    pub fn spawn(
        store: Option<Store>,
        report: impl FnMut(ReviewEvent) + Send + 'static,
    ) -> std::io::Result<ReviewWorker> {
        let (tx, rx) = mpsc::channel::<Msg>();
        let report: Report = Arc::new(Mutex::new(report));
        let thread = std::thread::Builder::new()
            .name("rehearse-review".into())
            .spawn(move || {
                let mut pipeline = Pipeline::new(store);
                for msg in rx {
                    match msg {
                        Msg::Review(request) => {
                            let job = request.job;
                            let result = pipeline.run(*request, &mut |stage, percent| {
                                send(
                                    &report,
                                    ReviewEvent::Progress {
                                        job,
                                        stage,
                                        percent,
                                    },
                                );
                            });
                            send(
                                &report,
                                ReviewEvent::Done {
                                    job,
                                    result: result.map(Box::new).map_err(|e| e.to_string()),
                                },
                            );
                        }
                        Msg::BeginLive { job, model, audio } => {
                            let captions = Arc::clone(&report);
                            pipeline.begin_live(job, &model, audio, move |event| {
                                let LiveEvent::ChunkDone { chunks, text } = event;
                                send(&captions, ReviewEvent::Live { job, chunks, text });
                            });
                        }
                    }
                }
            })?;
        Ok(ReviewWorker {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Queues a request; returns false when the worker has died.
    pub fn submit(&self, request: Request) -> bool {
        self.send(Msg::Review(Box::new(request)))
    }

    /// Starts live transcription of the recording `job` from `audio` (the receiving end of the
    /// capture tap); review it later with [`super::Input::Live`] and the same `job`. Returns
    /// false when the worker has died (then record without a tap).
    pub fn begin_live(&self, job: u64, model: &str, audio: mpsc::Receiver<AudioBlock>) -> bool {
        self.send(Msg::BeginLive {
            job,
            model: model.to_string(),
            audio,
        })
    }

    fn send(&self, msg: Msg) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.send(msg).is_ok())
    }
}

impl Drop for ReviewWorker {
    fn drop(&mut self) {
        self.tx.take();
        // Do not join: a long transcription would hold the window open. The thread ends on its own.
        self.thread.take();
    }
}
