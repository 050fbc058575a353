//! A small mutation fuzzer that runs on stable Rust, in-process, with no instrumentation.
//!
//! Rule: start from the seed files of `fuzz/corpus/<target>/`, mutate them (bit flips, bytes
//! and 32-bit words set to boundary values, ranges deleted, duplicated or spliced from another
//! input, truncation), and run the target on each input under `catch_unwind`. Without coverage
//! counters, the feedback is the target's *outcome signature* (which result or error kind it
//! produced, digits removed): an input that produces a signature not seen before joins the
//! corpus, so mutation keeps exploring new paths through the parsers. A panic is a crash, and
//! an input that takes longer than [`SLOW`] is a hang; both are saved under `fuzz/crashes/` and
//! fail the run. Deterministic for a given seed; bounded by a count or a time budget.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An input slower than this is reported as a hang.
pub const SLOW: Duration = Duration::from_secs(2);
/// Inputs never grow beyond this many bytes.
const MAX_INPUT: usize = 1 << 17;

/// What a target says about one input: a short outcome signature, or `Err` for a property
/// violation (a panic is caught separately).
pub type Target = fn(&[u8]) -> Result<String, String>;

/// How long to fuzz.
#[derive(Clone, Copy)]
pub enum Budget {
    Runs(u64),
    Time(Duration),
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub executions: u64,
    pub corpus: usize,
    pub signatures: usize,
    pub new_inputs: Vec<Vec<u8>>,
    pub failures: Vec<(String, Vec<u8>)>,
}

/// xorshift64*: small, fast and deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING_U32: [u32; 10] = [
    0,
    1,
    2,
    0x7F,
    0xFF,
    0xFFFF,
    0x7FFF_FFFF,
    0x8000_0000,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
];
const INTERESTING_U8: [u8; 6] = [0, 1, 0x7F, 0x80, 0xFE, 0xFF];

fn mutate(input: &[u8], other: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = INTERESTING_U8[rng.below(INTERESTING_U8.len())];
            }
            2 if len >= 4 => {
                // Header fields are little-endian u32s at even offsets.
                let i = rng.below(len - 3) & !1;
                let v = INTERESTING_U32[rng.below(INTERESTING_U32.len())];
                out[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                out.drain(start..end);
            }
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let piece = out[start..end].to_vec();
                let at = rng.below(len + 1);
                out.splice(at..at, piece);
            }
            5 if !other.is_empty() => {
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(256)).min(other.len());
                let at = rng.below(len + 1);
                out.splice(at..at, other[start..end].iter().copied());
            }
            6 if len > 0 => out.truncate(rng.below(len)),
            7 => {
                let at = rng.below(len + 1);
                let byte = rng.next() as u8;
                out.insert(at, byte);
            }
            _ if len > 1 => {
                let i = rng.below(len - 1);
                out.swap(i, i + 1);
            }
            _ => out.push(rng.next() as u8),
        }
    }
    out.truncate(MAX_INPUT);
    out
}

/// Outcome signatures compare kinds, not values: words holding digits, quotes or other
/// punctuation (numbers, names, checksums quoted from the input) are dropped, and only the
/// first eight words count.
fn normalise(signature: &str) -> String {
    signature
        .split_whitespace()
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, ',' | ':' | '.' | '-'))
        })
        .take(8)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs one input; `Ok(signature)` or `Err(failure description)`.
pub fn run_one(target: Target, input: &[u8]) -> Result<String, String> {
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| target(input)));
    let elapsed = started.elapsed();
    match result {
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("panic: {message}"))
        }
        Ok(Err(violation)) => Err(format!("property violated: {violation}")),
        Ok(Ok(_)) if elapsed > SLOW => Err(format!("hang: {elapsed:?} for {} bytes", input.len())),
        Ok(Ok(signature)) => Ok(normalise(&signature)),
    }
}

/// Fuzzes `target` from `seeds` within `budget`.
pub fn fuzz(target: Target, seeds: Vec<Vec<u8>>, budget: Budget, seed: u64) -> Report {
    let mut rng = Rng::new(seed);
    let mut corpus = if seeds.is_empty() {
        vec![Vec::new()]
    } else {
        seeds
    };
    let mut seen = HashSet::new();
    let mut report = Report::default();
    for input in corpus.clone() {
        report.executions += 1;
        match run_one(target, &input) {
            Ok(signature) => {
                seen.insert(signature);
            }
            Err(failure) => report.failures.push((failure, input)),
        }
    }
    let started = Instant::now();
    loop {
        let done = match budget {
            Budget::Runs(n) => report.executions >= n,
            Budget::Time(t) => started.elapsed() >= t,
        };
        if done || report.failures.len() >= 10 {
            break;
        }
        let base = &corpus[rng.below(corpus.len())];
        let other = &corpus[rng.below(corpus.len())];
        let input = mutate(base, other, &mut rng);
        report.executions += 1;
        match run_one(target, &input) {
            Ok(signature) => {
                if seen.insert(signature) {
                    corpus.push(input.clone());
                    report.new_inputs.push(input);
                }
            }
            Err(failure) => report.failures.push((failure, input)),
        }
    }
    report.corpus = corpus.len();
    report.signatures = seen.len();
    report
}

/// The seed files of one target, sorted by name.
pub fn load_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// A stable file name for an input (FNV-1a of its bytes).
pub fn name_for(input: &[u8]) -> String {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &b in input {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
