//! Encoding ahead: while live transcription runs, the sentences already transcribed are encoded
//! in the background, so at Stop the model engine finds their vectors in the encoder's cache and
//! encodes only the tail.
//!
//! Rule: each time the live transcriber finishes a chunk it offers the whole text so far; a
//! background thread takes the newest offer (older ones waiting behind it are skipped, their
//! sentences are in the newer text), cuts it into the same units the analysis will cut
//! ([`crate::analysis::text::TextIndex`]), leaves out the last unit (the speaker may still be
//! in the middle of it, and a longer unit would be another cache key) and embeds the rest with
//! [`SentenceEncoder::embed`], which skips what is cached. The encoder is loaded on that thread
//! (its load never delays the recording). [`EncodeAhead::finish`] waits for the batch in flight,
//! so the same sentences are never encoded twice at Stop. Only started when a model reads the
//! answer's sentences ([`EncodeAhead::for_chosen_engine`]: the sentence-role model or the
//! learned red-flag judge is in force): with the rules alone nothing is loaded or encoded.
//! Sources: issue 10 ("sentences can be encoded as they arrive, so little is left at Stop").

use super::SentenceEncoder;
use crate::analysis::text::TextIndex;
use std::sync::mpsc;
use std::thread::JoinHandle;

/// What an encode-ahead thread did, for tests and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AheadReport {
    /// Offers taken (older waiting offers are skipped and not counted).
    pub offers: usize,
    /// Units handed to the encoder (cached ones included).
    pub units: usize,
}

/// A background thread encoding the complete sentences of the transcript so far.
pub struct EncodeAhead {
    tx: Option<mpsc::Sender<String>>,
    thread: Option<JoinHandle<AheadReport>>,
}

impl std::fmt::Debug for EncodeAhead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncodeAhead").finish_non_exhaustive()
    }
}

/// The units of `text` whose end is settled: every unit but the last.
pub fn settled_units(text: &str) -> Vec<&str> {
    let index = TextIndex::new(text);
    let n = index.units.len();
    index
        .units
        .iter()
        .take(n.saturating_sub(1))
        .map(|u| &text[u.start..u.end])
        .collect()
}

impl EncodeAhead {
    /// Starts encoding ahead with the encoder `load` returns (called on the new thread; `None`
    /// means there is no encoder, and offers are dropped). `None` when no thread can start.
    pub fn start(
        load: impl FnOnce() -> Option<&'static SentenceEncoder> + Send + 'static,
    ) -> Option<EncodeAhead> {
        let (tx, rx) = mpsc::channel::<String>();
        let thread = std::thread::Builder::new()
            .name("rehearse-encode-ahead".into())
            .spawn(move || run(load, &rx))
            .ok()?;
        Some(EncodeAhead {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Starts encoding ahead with the installed model when the sentence-role model
    /// ([`crate::analysis::roles::Engine::chosen`]) or the red-flag judge
    /// ([`crate::analysis::flag_model::FlagEngine::chosen`]) is in force; `None` with the rules
    /// alone.
    pub fn for_chosen_engine() -> Option<EncodeAhead> {
        use crate::analysis::flag_model::FlagEngine;
        use crate::analysis::roles::Engine;
        if Engine::chosen() != Engine::Model && FlagEngine::chosen() != FlagEngine::Model {
            return None;
        }
        EncodeAhead::start(crate::analysis::roles::shared_encoder)
    }

    /// A handle that offers texts from another thread (the live transcriber's callback).
    pub fn offerer(&self) -> Option<mpsc::Sender<String>> {
        self.tx.clone()
    }

    /// Offers the whole transcript so far.
    pub fn offer(&self, text: &str) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(text.to_string());
        }
    }

    /// Waits until every offer made through this handle and dropped offerers is encoded.
    /// Offerers still alive elsewhere keep the thread waiting, so drop them first.
    pub fn finish(mut self) -> AheadReport {
        self.tx.take();
        self.thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for EncodeAhead {
    /// Dropped without [`EncodeAhead::finish`]: the thread ends on its own after its batch.
    fn drop(&mut self) {
        self.tx.take();
        self.thread.take();
    }
}

fn run(
    load: impl FnOnce() -> Option<&'static SentenceEncoder>,
    rx: &mpsc::Receiver<String>,
) -> AheadReport {
    let encoder = load();
    let mut report = AheadReport::default();
    while let Ok(mut text) = rx.recv() {
        // Skip to the newest offer: it holds every sentence of the older ones.
        while let Ok(newer) = rx.try_recv() {
            text = newer;
        }
        let Some(encoder) = encoder else { continue };
        let units = settled_units(&text);
        report.offers += 1;
        report.units += units.len();
        // A failure here only means the analysis encodes these units itself at Stop.
        let _ = encoder.embed(&units);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_unit_is_left_for_later() {
        let text = "I was asked to fix the build. I rewrote the script and";
        assert_eq!(settled_units(text), vec!["I was asked to fix the build."]);
        assert!(settled_units("").is_empty());
        assert!(settled_units("just one unit").is_empty());
    }

    #[test]
    fn settled_units_are_the_units_the_analysis_cuts_later() {
        let so_far = "Last year our billing run failed twice a week. I was asked to fix it.";
        let later = format!("{so_far} I split the job into batches. Failures stopped.");
        let index = TextIndex::new(&later);
        let final_units: Vec<&str> = index.units.iter().map(|u| &later[u.start..u.end]).collect();
        for unit in settled_units(so_far) {
            assert!(final_units.contains(&unit), "{unit:?} is cut differently");
        }
    }

    #[test]
    fn without_an_encoder_offers_are_dropped() {
        let ahead = EncodeAhead::start(|| None).expect("a thread starts");
        ahead.offer("One. Two. Three.");
        assert_eq!(ahead.finish(), AheadReport::default());
    }
}
