//! The background thread that runs the [`Pipeline`] for the desktop app.
//!
//! Rule: one worker thread runs one request at a time and owns the pipeline (so the loaded
//! Whisper model and every store write stay off the UI thread). It reports progress and the
//! result as [`ReviewEvent`]s; the UI thread never waits on it.

use std::sync::mpsc;
use std::thread::JoinHandle;

use super::{Pipeline, Request, Review, Stage};
use crate::store::Store;

/// What the worker reports.
#[derive(Debug)]
pub enum ReviewEvent {
    Progress {
        job: u64,
        stage: Stage,
        percent: u8,
    },
    Done {
        job: u64,
        result: Result<Box<Review>, String>,
    },
}

/// Handle to the review worker; dropping it lets the thread end after its current job.
pub struct ReviewWorker {
    tx: Option<mpsc::Sender<Request>>,
    thread: Option<JoinHandle<()>>,
}

impl ReviewWorker {
    /// Starts the worker; reviews asking to be kept go into `store`.
    pub fn spawn(
        store: Option<Store>,
        mut report: impl FnMut(ReviewEvent) + Send + 'static,
    ) -> std::io::Result<ReviewWorker> {
        let (tx, rx) = mpsc::channel::<Request>();
        let thread = std::thread::Builder::new()
            .name("rehearse-review".into())
            .spawn(move || {
                let mut pipeline = Pipeline::new(store);
                for request in rx {
                    let job = request.job;
                    let result = pipeline.run(request, &mut |stage, percent| {
                        report(ReviewEvent::Progress {
                            job,
                            stage,
                            percent,
                        });
                    });
                    report(ReviewEvent::Done {
                        job,
                        result: result.map(Box::new).map_err(|e| e.to_string()),
                    });
                }
            })?;
        Ok(ReviewWorker {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Queues a request; returns false when the worker has died.
    pub fn submit(&self, request: Request) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.send(request).is_ok())
    }
}

impl Drop for ReviewWorker {
    fn drop(&mut self) {
        self.tx.take();
        // Do not join: a long transcription would hold the window open. The thread ends on its own.
        self.thread.take();
    }
}
