//! The file writer: the small writes the UI asks for (the settings file, the answer file kept
//! beside a recording in progress, and its removal once the recording is reviewed) done in
//! the order asked on one worker thread, so the UI thread never waits on the disk for them.
//!
//! Rule: each write is reported back ([`Written`]) through the callback given to
//! [`Writer::spawn`] (the app turns it into its one event type); a failure is reported as text
//! for a message, never dropped. One thread keeps the order: the answer file written when a
//! recording starts is always on disk before the removal asked for when it stops.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use super::settings::Settings;
use crate::store::pending::{self, PendingAnswer};

/// A write the UI asks for.
#[derive(Debug)]
pub enum Write {
    /// The settings, into `dir` (the config folder).
    Settings { settings: Settings, dir: PathBuf },
    /// What the recording at `recording` answers, beside it (its folder is created).
    Answer {
        answer: Box<PendingAnswer>,
        recording: PathBuf,
    },
    /// The answer file beside `recording`, removed (a missing one is fine).
    RemoveAnswer { recording: PathBuf },
}

/// How a write went.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// `settings` were written (`Ok`: the file's path), or why not.
    Settings {
        settings: Box<Settings>,
        result: Result<PathBuf, String>,
    },
    /// The answer file beside a recording; `Err`: why it could not be written.
    Answer(Result<(), String>),
    /// The answer file's removal; `Err`: why it could not be removed.
    AnswerRemoved(Result<(), String>),
}

/// The UI's end of the writer thread.
pub struct Writer {
    jobs: mpsc::Sender<Write>,
}

impl Writer {
    /// Starts the writer thread; `report` is called on it after each write.
    pub fn spawn(report: impl Fn(Written) + Send + 'static) -> std::io::Result<Writer> {
        let (jobs, queue) = mpsc::channel::<Write>();
        std::thread::Builder::new()
            .name("rehearse-writer".into())
            .spawn(move || {
                for job in queue {
                    report(write(job));
                }
            })?;
        Ok(Writer { jobs })
    }

    /// Queues a write; `false` when the writer thread has stopped.
    pub fn send(&self, job: Write) -> bool {
        self.jobs.send(job).is_ok()
    }
}

/// Does one write.
pub fn write(job: Write) -> Written {
    match job {
        Write::Settings { settings, dir } => {
            let result = settings.save(&dir);
            Written::Settings {
                settings: Box::new(settings),
                result,
            }
        }
        Write::Answer { answer, recording } => Written::Answer(write_answer(&answer, &recording)),
        Write::RemoveAnswer { recording } => {
            Written::AnswerRemoved(pending::remove_beside(&recording).map_err(|e| e.to_string()))
        }
    }
}

fn write_answer(answer: &PendingAnswer, recording: &Path) -> Result<(), String> {
    if let Some(dir) = recording.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("Cannot create {}: {e}", dir.display()))?;
    }
    answer
        .write_beside(recording)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnswerContext;
    use crate::domain::PromptKind;
    use std::time::Duration;

    fn answer() -> PendingAnswer {
        PendingAnswer {
            prompt: None,
            context: AnswerContext::for_kind(PromptKind::Pitch),
            story_id: None,
            drill_seconds: Some(60),
        }
    }

    #[test]
    fn writes_happen_in_order_on_the_worker_and_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        let writer = Writer::spawn(move |w| tx.send(w).unwrap()).unwrap();
        let recording = dir.path().join("recordings/answer-1.partial.wav");
        let settings = Settings {
            countdown_seconds: 7,
            ..Settings::default()
        };
        assert!(writer.send(Write::Answer {
            answer: Box::new(answer()),
            recording: recording.clone(),
        }));
        assert!(writer.send(Write::Settings {
            settings: settings.clone(),
            dir: dir.path().join("config"),
        }));
        let next = || rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(next(), Written::Answer(Ok(())));
        assert_eq!(
            PendingAnswer::read_beside(&recording).unwrap(),
            Some(answer()),
            "the folder was made and the answer is beside the recording"
        );
        let Written::Settings {
            settings: saved,
            result,
        } = next()
        else {
            panic!("the settings write is reported second");
        };
        assert_eq!(*saved, settings);
        assert!(result.unwrap().ends_with("settings.json"));
        assert_eq!(Settings::load(&dir.path().join("config")).0, settings);
        // Written, then removed: the removal waits for the write before it.
        for _ in 0..20 {
            assert!(writer.send(Write::Answer {
                answer: Box::new(answer()),
                recording: recording.clone(),
            }));
            assert!(writer.send(Write::RemoveAnswer {
                recording: recording.clone(),
            }));
        }
        for _ in 0..20 {
            assert_eq!(next(), Written::Answer(Ok(())));
            assert_eq!(next(), Written::AnswerRemoved(Ok(())));
        }
        assert_eq!(PendingAnswer::read_beside(&recording).unwrap(), None);
    }

    #[test]
    fn a_failed_write_is_reported_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the folder should be.
        let blocker = dir.path().join("config");
        std::fs::write(&blocker, b"not a folder").unwrap();
        let Written::Settings { result, .. } = write(Write::Settings {
            settings: Settings::default(),
            dir: blocker.clone(),
        }) else {
            panic!("a settings write reports as one");
        };
        assert!(result.unwrap_err().contains("Cannot create"));
        let Written::Answer(result) = write(Write::Answer {
            answer: Box::new(answer()),
            recording: blocker.join("answer.partial.wav"),
        }) else {
            panic!("an answer write reports as one");
        };
        assert!(result.unwrap_err().contains("Cannot create"));
    }
}
