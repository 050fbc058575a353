//! Converts Whisper weights from CTranslate2 format into whisper.cpp's GGML format.
//!
//! Rule: every GGML tensor comes from exactly one CTranslate2 variable (or a row block of a
//! fused one), with the f16/f32 rule of [`ggml::stored_as_f32`]; f16 weights are copied bit for
//! bit, never re-rounded. Three pieces are not in the CTranslate2 file and are rebuilt: the
//! encoder's sinusoidal position table (checked against the stored f16 copy), the mel filter
//! bank (Slaney scale and area normalisation, as `librosa.filters.mel(sr=16000, n_fft=400,
//! n_mels=80)`, which Whisper uses), and the vocabulary as raw bytes (decoded from GPT-2's
//! byte-to-character table). The same weights can also be written in whisper.cpp's quantized
//! formats ([`convert_with`] with [`WeightType::Q8_0`] or [`WeightType::Q5_1`]): the 2-D weight
//! matrices are quantized from their f16 values by [`crate::models::quantize`], everything else
//! is written as in the f16 file. Sources: docs/sources.md (tensor mapping and layouts); OpenAI
//! Whisper's `sinusoids` and `mel_filters`; librosa's `mel` and `hz_to_mel` definitions.

use crate::models::ct2::{Ct2Dtype, Ct2Error, Ct2Model};
use crate::models::ggml::{self, GgmlWriter, Hparams, TensorData, TensorSpec, WeightType};
use crate::models::quantize;
use std::io::Write;

/// Whisper's audio front end: 16 kHz, 400-sample FFT.
pub const SAMPLE_RATE: f64 = 16_000.0;
pub const N_FFT: usize = 400;
/// Whisper's sinusoid table uses a maximum timescale of 10000 (as in "Attention Is All You Need").
const MAX_TIMESCALE: f64 = 10_000.0;
/// Largest difference allowed between our sinusoid table and the f16 copy in the file: f16
/// steps are 2^-11 (about 0.0005) near 1.0, so 0.002 allows rounding and nothing else.
const SINUSOID_TOLERANCE: f32 = 0.002;
/// The GPT-2 text of the first special token; ordinary tokens come before it.
const END_OF_TEXT: &str = "<|endoftext|>";

/// Why a conversion failed.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("CTranslate2 model: {0}")]
    Ct2(#[from] Ct2Error),
    #[error("vocabulary: {0}")]
    Vocab(String),
    #[error("{0}")]
    Mismatch(String),
    #[error("writing the GGML file: {0}")]
    Io(#[from] std::io::Error),
}

/// Where a GGML tensor's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A whole CTranslate2 variable, or row block `part` of `parts` of a fused one.
    Variable {
        name: String,
        part: usize,
        parts: usize,
    },
    /// The encoder's sinusoidal position table, recomputed in f32.
    Sinusoid,
}

fn whole(name: String) -> Source {
    Source::Variable {
        name,
        part: 0,
        parts: 1,
    }
}

fn rows(name: String, part: usize, parts: usize) -> Source {
    Source::Variable { name, part, parts }
}

fn norm(prefix: &str, field: &str) -> Option<Source> {
    match field {
        "weight" => Some(whole(format!("{prefix}/gamma"))),
        "bias" => Some(whole(format!("{prefix}/beta"))),
        _ => None,
    }
}

/// Maps a GGML tensor name to its CTranslate2 source. The fused self-attention projection
/// (`linear_0`, 3d x d) splits into query, key and value rows; its bias has no key part (Whisper
/// has no key bias). The fused cross-attention `linear_1` (2d x d) splits into key and value.
pub fn source_for(ggml_name: &str) -> Option<Source> {
    let parts: Vec<&str> = ggml_name.split('.').collect();
    match parts.as_slice() {
        ["encoder", "positional_embedding"] => Some(Source::Sinusoid),
        ["decoder", "positional_embedding"] => {
            Some(whole("decoder/position_encodings/encodings".into()))
        }
        ["decoder", "token_embedding", "weight"] => Some(whole("decoder/embeddings/weight".into())),
        [
            "encoder",
            conv @ ("conv1" | "conv2"),
            field @ ("weight" | "bias"),
        ] => Some(whole(format!("encoder/{conv}/{field}"))),
        ["encoder", "ln_post", field] => norm("encoder/layer_norm", field),
        ["decoder", "ln", field] => norm("decoder/layer_norm", field),
        [side @ ("encoder" | "decoder"), "blocks", i, rest @ ..] => {
            let p = format!("{side}/layer_{i}");
            match rest {
                ["attn_ln", f] => norm(&format!("{p}/self_attention/layer_norm"), f),
                ["mlp_ln", f] => norm(&format!("{p}/ffn/layer_norm"), f),
                ["cross_attn_ln", f] if *side == "decoder" => {
                    norm(&format!("{p}/attention/layer_norm"), f)
                }
                ["mlp", "0", f @ ("weight" | "bias")] => {
                    Some(whole(format!("{p}/ffn/linear_0/{f}")))
                }
                ["mlp", "2", f @ ("weight" | "bias")] => {
                    Some(whole(format!("{p}/ffn/linear_1/{f}")))
                }
                ["attn", "query", f @ ("weight" | "bias")] => {
                    Some(rows(format!("{p}/self_attention/linear_0/{f}"), 0, 3))
                }
                ["attn", "key", "weight"] => {
                    Some(rows(format!("{p}/self_attention/linear_0/weight"), 1, 3))
                }
                ["attn", "value", f @ ("weight" | "bias")] => {
                    Some(rows(format!("{p}/self_attention/linear_0/{f}"), 2, 3))
                }
                ["attn", "out", f @ ("weight" | "bias")] => {
                    Some(whole(format!("{p}/self_attention/linear_1/{f}")))
                }
                ["cross_attn", "query", f @ ("weight" | "bias")] if *side == "decoder" => {
                    Some(whole(format!("{p}/attention/linear_0/{f}")))
                }
                ["cross_attn", "key", "weight"] if *side == "decoder" => {
                    Some(rows(format!("{p}/attention/linear_1/weight"), 0, 2))
                }
                ["cross_attn", "value", f @ ("weight" | "bias")] if *side == "decoder" => {
                    Some(rows(format!("{p}/attention/linear_1/{f}"), 1, 2))
                }
                ["cross_attn", "out", f @ ("weight" | "bias")] if *side == "decoder" => {
                    Some(whole(format!("{p}/attention/linear_2/{f}")))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whisper's encoder position table: `length` rows of `[sin(t * inv) ..., cos(t * inv) ...]`
/// with `inv_k = exp(-k * ln(10000) / (channels/2 - 1))`.
pub fn sinusoids(length: usize, channels: usize) -> Vec<f32> {
    let half = channels / 2;
    let step = MAX_TIMESCALE.ln() / (half as f64 - 1.0);
    let inv: Vec<f64> = (0..half).map(|k| (-step * k as f64).exp()).collect();
    let mut out = Vec::with_capacity(length * channels);
    for t in 0..length {
        out.extend(inv.iter().map(|i| (t as f64 * i).sin() as f32));
        out.extend(inv.iter().map(|i| (t as f64 * i).cos() as f32));
    }
    out
}

/// Slaney mel scale (librosa's default, `htk=False`): linear below 1 kHz, logarithmic above.
fn hz_to_mel(hz: f64) -> f64 {
    let f_sp = 200.0 / 3.0;
    let min_log_hz = 1000.0;
    let min_log_mel = min_log_hz / f_sp;
    let logstep = 6.4f64.ln() / 27.0;
    if hz >= min_log_hz {
        min_log_mel + (hz / min_log_hz).ln() / logstep
    } else {
        hz / f_sp
    }
}

fn mel_to_hz(mel: f64) -> f64 {
    let f_sp = 200.0 / 3.0;
    let min_log_hz = 1000.0;
    let min_log_mel = min_log_hz / f_sp;
    let logstep = 6.4f64.ln() / 27.0;
    if mel >= min_log_mel {
        min_log_hz * (logstep * (mel - min_log_mel)).exp()
    } else {
        f_sp * mel
    }
}

/// Triangular mel filters from 0 Hz to Nyquist, each scaled to unit area (Slaney
/// normalisation); `n_mels` rows of `n_fft/2 + 1` weights, row-major.
pub fn mel_filters(sample_rate: f64, n_fft: usize, n_mels: usize) -> Vec<f32> {
    let bins = n_fft / 2 + 1;
    let fft_freqs: Vec<f64> = (0..bins)
        .map(|k| k as f64 * sample_rate / n_fft as f64)
        .collect();
    let (lo, hi) = (hz_to_mel(0.0), hz_to_mel(sample_rate / 2.0));
    let mel_f: Vec<f64> = (0..n_mels + 2)
        .map(|i| mel_to_hz(lo + (hi - lo) * i as f64 / (n_mels + 1) as f64))
        .collect();
    let mut out = Vec::with_capacity(n_mels * bins);
    for i in 0..n_mels {
        let (left, centre, right) = (mel_f[i], mel_f[i + 1], mel_f[i + 2]);
        let area = 2.0 / (right - left);
        for &f in &fft_freqs {
            let lower = (f - left) / (centre - left);
            let upper = (right - f) / (right - centre);
            out.push((lower.min(upper).max(0.0) * area) as f32);
        }
    }
    out
}

/// GPT-2's byte-level alphabet: printable bytes stand for themselves, the others (controls,
/// space, 0x7f-0xa0, 0xad) are moved to U+0100 onwards in byte order. Returns the inverse map.
fn gpt2_char_to_byte() -> std::collections::HashMap<char, u8> {
    let printable = |b: u8| (b'!'..=b'~').contains(&b) || (0xa1..=0xac).contains(&b) || b >= 0xae;
    let mut map = std::collections::HashMap::with_capacity(256);
    let mut next = 0u32;
    for b in 0..=255u8 {
        let c = if printable(b) {
            char::from(b)
        } else {
            let c = char::from_u32(256 + next).unwrap_or('\u{fffd}');
            next += 1;
            c
        };
        map.insert(c, b);
    }
    map
}

/// Decodes one GPT-2 byte-level token (such as `Ġhello`) back to its bytes (` hello`).
pub fn token_bytes(token: &str, table: &std::collections::HashMap<char, u8>) -> Option<Vec<u8>> {
    token.chars().map(|c| table.get(&c).copied()).collect()
}

/// The ordinary tokens of a CTranslate2 `vocabulary.txt` (one token per line, ids in order),
/// as raw bytes: everything before `<|endoftext|>`.
pub fn vocabulary_bytes(vocabulary: &str) -> Result<Vec<Vec<u8>>, ConvertError> {
    let table = gpt2_char_to_byte();
    let mut out = Vec::new();
    for (id, line) in vocabulary.split('\n').enumerate() {
        if line == END_OF_TEXT {
            return Ok(out);
        }
        let bytes = token_bytes(line, &table).ok_or_else(|| {
            ConvertError::Vocab(format!(
                "token {id} ({line:?}) has characters outside GPT-2's byte alphabet"
            ))
        })?;
        out.push(bytes);
    }
    Err(ConvertError::Vocab(format!("no {END_OF_TEXT} token found")))
}

fn mismatch(msg: String) -> ConvertError {
    ConvertError::Mismatch(msg)
}

/// Reads the architecture from the CTranslate2 variables.
pub fn hparams_of(model: &Ct2Model) -> Result<Hparams, ConvertError> {
    let conv1 = &model.get("encoder/conv1/weight")?.shape;
    let emb = &model.get("decoder/embeddings/weight")?.shape;
    let enc_pos = &model.get("encoder/position_encodings/encodings")?.shape;
    let dec_pos = &model.get("decoder/position_encodings/encodings")?.shape;
    if conv1.len() != 3 || emb.len() != 2 || enc_pos.len() != 2 || dec_pos.len() != 2 {
        return Err(mismatch(
            "unexpected tensor ranks for a Whisper model".into(),
        ));
    }
    let h = Hparams {
        n_vocab: emb[0] as i32,
        n_audio_ctx: enc_pos[0] as i32,
        n_audio_state: conv1[0] as i32,
        n_audio_head: model.scalar_int("encoder/num_heads")? as i32,
        n_audio_layer: model.layer_count("encoder") as i32,
        n_text_ctx: dec_pos[0] as i32,
        n_text_state: emb[1] as i32,
        n_text_head: model.scalar_int("decoder/num_heads")? as i32,
        n_text_layer: model.layer_count("decoder") as i32,
        n_mels: conv1[1] as i32,
        ftype: ggml::FTYPE_F16,
    };
    h.check()
        .map_err(|m| mismatch(format!("architecture not supported: {m}")))?;
    Ok(h)
}

fn without_trailing_ones(shape: &[usize]) -> &[usize] {
    let mut s = shape;
    while s.len() > 1 && s.last() == Some(&1) {
        s = &s[..s.len() - 1];
    }
    s
}

/// The bytes (f16) or values (f32) of one target tensor.
fn tensor_values(
    model: &Ct2Model,
    spec: &TensorSpec,
    source: &Source,
) -> Result<Stored, ConvertError> {
    let Source::Variable { name, part, parts } = source else {
        let values = sinusoids(spec.shape[0], spec.shape[1]);
        let stored = model.f32_values("encoder/position_encodings/encodings")?;
        if stored.len() != values.len() {
            return Err(mismatch("encoder position table has the wrong size".into()));
        }
        let worst = values
            .iter()
            .zip(&stored)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        if worst > SINUSOID_TOLERANCE {
            return Err(mismatch(format!(
                "encoder position table differs from Whisper's sinusoids by {worst}"
            )));
        }
        return Ok(Stored::F32(values));
    };
    let var = model.get(name)?;
    let rows_total = *var.shape.first().unwrap_or(&1);
    if rows_total % parts != 0 {
        return Err(mismatch(format!(
            "{name}: {rows_total} rows cannot be split in {parts}"
        )));
    }
    let mut shape = var.shape.clone();
    if let Some(first) = shape.first_mut() {
        *first = rows_total / parts;
    }
    if without_trailing_ones(&shape) != without_trailing_ones(&spec.shape) {
        return Err(mismatch(format!(
            "{name} has shape {shape:?}; {} needs {:?}",
            spec.name, spec.shape
        )));
    }
    let elements: usize = shape.iter().product();
    let (start, end) = (part * elements, (part + 1) * elements);
    if spec.f32 {
        let values = model.f32_values(name)?;
        return Ok(Stored::F32(values[start..end].to_vec()));
    }
    match var.dtype {
        Ct2Dtype::F16 => Ok(Stored::F16(model.raw(name)?[start * 2..end * 2].to_vec())),
        _ => {
            let values = model.f32_values(name)?;
            Ok(Stored::F16(
                values[start..end]
                    .iter()
                    .flat_map(|v| half::f16::from_f32(*v).to_le_bytes())
                    .collect(),
            ))
        }
    }
}

enum Stored {
    F32(Vec<f32>),
    F16(Vec<u8>),
}

/// What a conversion produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertSummary {
    pub hparams: Hparams,
    pub vocab_words: usize,
    pub tensors: usize,
}

/// Converts a parsed CTranslate2 Whisper model plus its `vocabulary.txt` into an f16 GGML file.
pub fn convert<W: Write>(
    model: &Ct2Model,
    vocabulary: &str,
    out: W,
) -> Result<ConvertSummary, ConvertError> {
    convert_with(model, vocabulary, out, WeightType::F16)
}

/// As [`convert`], with the large weight matrices stored as `weights` (f16, q8_0 or q5_1).
pub fn convert_with<W: Write>(
    model: &Ct2Model,
    vocabulary: &str,
    out: W,
    weights: WeightType,
) -> Result<ConvertSummary, ConvertError> {
    if weights == WeightType::F32 {
        return Err(mismatch(
            "f32 output is not offered: the source weights are f16".into(),
        ));
    }
    let mut h = hparams_of(model)?;
    h.ftype = weights.ftype();
    let words = vocabulary_bytes(vocabulary)?;
    // English-only vocabularies have 50256 ordinary tokens, multilingual ones 50257.
    let expected_words = if h.dims().is_multilingual() {
        50257
    } else {
        50256
    };
    if words.len() != expected_words {
        return Err(ConvertError::Vocab(format!(
            "{} ordinary tokens; a {}-token model needs {expected_words}",
            words.len(),
            h.n_vocab
        )));
    }
    let specs = ggml::tensor_specs(&h);
    // Resolve every source before writing anything, so a bad file leaves no half output.
    let mut plan = Vec::with_capacity(specs.len());
    for spec in &specs {
        let source = source_for(&spec.name)
            .ok_or_else(|| mismatch(format!("no source known for {}", spec.name)))?;
        if let Source::Variable { name, .. } = &source {
            model.get(name)?;
        }
        plan.push((spec, source));
    }
    let mut w = GgmlWriter::new(out);
    w.header(&h)?;
    let filters = mel_filters(SAMPLE_RATE, N_FFT, h.n_mels as usize);
    w.mel_filters(h.n_mels, ggml::N_FFT_BINS, &filters)?;
    w.vocab(&words)?;
    for (spec, source) in &plan {
        let target = ggml::stored_type(spec, weights);
        match tensor_values(model, spec, source)? {
            Stored::F32(v) => w.tensor(&spec.name, &spec.shape, TensorData::F32(&v))?,
            Stored::F16(b) if target.is_quantized() => {
                let values: Vec<f32> = b
                    .chunks_exact(2)
                    .map(|p| half::f16::from_le_bytes([p[0], p[1]]).to_f32())
                    .collect();
                let blocks = match target {
                    WeightType::Q8_0 => quantize::q8_0(&values),
                    _ => quantize::q5_1(&values),
                }
                .map_err(|e| mismatch(format!("{}: {e}", spec.name)))?;
                w.tensor(&spec.name, &spec.shape, TensorData::Blocks(target, &blocks))?
            }
            Stored::F16(b) => w.tensor(&spec.name, &spec.shape, TensorData::F16Raw(&b))?,
        }
    }
    let tensors = w.tensors_written;
    w.finish()?;
    Ok(ConvertSummary {
        hparams: h,
        vocab_words: words.len(),
        tensors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::catalog;
    use crate::models::ct2::{WHISPER_SPEC, encode};

    #[test]
    fn tensor_counts_match_whisper_cpp() {
        for (spec, count) in [
            (catalog::spec("tiny.en").unwrap(), 167),
            (catalog::spec("base").unwrap(), 245),
        ] {
            let specs = ggml::tensor_specs(&Hparams::from_dims(&spec.dims));
            assert_eq!(specs.len(), count, "{}", spec.name);
            for t in &specs {
                assert!(source_for(&t.name).is_some(), "no source for {}", t.name);
            }
        }
    }

    #[test]
    fn names_map_to_ctranslate2_variables() {
        let v = |n: &str, part, parts| {
            Some(Source::Variable {
                name: n.into(),
                part,
                parts,
            })
        };
        assert_eq!(
            source_for("encoder.positional_embedding"),
            Some(Source::Sinusoid)
        );
        assert_eq!(
            source_for("encoder.conv1.bias"),
            v("encoder/conv1/bias", 0, 1)
        );
        assert_eq!(
            source_for("encoder.ln_post.weight"),
            v("encoder/layer_norm/gamma", 0, 1)
        );
        assert_eq!(
            source_for("decoder.ln.bias"),
            v("decoder/layer_norm/beta", 0, 1)
        );
        assert_eq!(
            source_for("decoder.token_embedding.weight"),
            v("decoder/embeddings/weight", 0, 1)
        );
        assert_eq!(
            source_for("decoder.positional_embedding"),
            v("decoder/position_encodings/encodings", 0, 1)
        );
        assert_eq!(
            source_for("encoder.blocks.3.attn_ln.bias"),
            v("encoder/layer_3/self_attention/layer_norm/beta", 0, 1)
        );
        assert_eq!(
            source_for("encoder.blocks.0.attn.query.weight"),
            v("encoder/layer_0/self_attention/linear_0/weight", 0, 3)
        );
        assert_eq!(
            source_for("encoder.blocks.0.attn.key.weight"),
            v("encoder/layer_0/self_attention/linear_0/weight", 1, 3)
        );
        assert_eq!(
            source_for("encoder.blocks.0.attn.value.bias"),
            v("encoder/layer_0/self_attention/linear_0/bias", 2, 3)
        );
        assert_eq!(source_for("encoder.blocks.0.attn.key.bias"), None);
        assert_eq!(
            source_for("encoder.blocks.1.attn.out.weight"),
            v("encoder/layer_1/self_attention/linear_1/weight", 0, 1)
        );
        assert_eq!(
            source_for("encoder.blocks.1.mlp.0.weight"),
            v("encoder/layer_1/ffn/linear_0/weight", 0, 1)
        );
        assert_eq!(
            source_for("encoder.blocks.1.mlp.2.bias"),
            v("encoder/layer_1/ffn/linear_1/bias", 0, 1)
        );
        assert_eq!(
            source_for("encoder.blocks.1.mlp_ln.weight"),
            v("encoder/layer_1/ffn/layer_norm/gamma", 0, 1)
        );
        assert_eq!(
            source_for("decoder.blocks.2.cross_attn_ln.weight"),
            v("decoder/layer_2/attention/layer_norm/gamma", 0, 1)
        );
        assert_eq!(
            source_for("decoder.blocks.2.cross_attn.query.bias"),
            v("decoder/layer_2/attention/linear_0/bias", 0, 1)
        );
        assert_eq!(
            source_for("decoder.blocks.2.cross_attn.key.weight"),
            v("decoder/layer_2/attention/linear_1/weight", 0, 2)
        );
        assert_eq!(
            source_for("decoder.blocks.2.cross_attn.value.weight"),
            v("decoder/layer_2/attention/linear_1/weight", 1, 2)
        );
        assert_eq!(
            source_for("decoder.blocks.2.cross_attn.value.bias"),
            v("decoder/layer_2/attention/linear_1/bias", 1, 2)
        );
        assert_eq!(
            source_for("decoder.blocks.2.cross_attn.out.weight"),
            v("decoder/layer_2/attention/linear_2/weight", 0, 1)
        );
        assert_eq!(source_for("encoder.blocks.0.cross_attn.out.weight"), None);
    }

    #[test]
    fn f16_and_f32_rules() {
        assert!(ggml::stored_as_f32("encoder.blocks.0.attn.query.bias", 1));
        assert!(ggml::stored_as_f32("decoder.ln.weight", 1));
        assert!(ggml::stored_as_f32("encoder.conv1.bias", 2));
        assert!(ggml::stored_as_f32("encoder.positional_embedding", 2));
        assert!(ggml::stored_as_f32("decoder.positional_embedding", 2));
        assert!(!ggml::stored_as_f32("encoder.conv1.weight", 3));
        assert!(!ggml::stored_as_f32("decoder.token_embedding.weight", 2));
        assert!(!ggml::stored_as_f32(
            "decoder.blocks.0.cross_attn.key.weight",
            2
        ));
    }

    #[test]
    fn mel_filters_match_librosa_reference_values() {
        // Reference values of librosa.filters.mel(sr=16000, n_fft=400, n_mels=80) as published
        // with Whisper's mel_filters.npz: [mel band, FFT bin, weight].
        let f = mel_filters(SAMPLE_RATE, N_FFT, 80);
        assert_eq!(f.len(), 80 * 201);
        let at = |m: usize, k: usize| f64::from(f[m * 201 + k]);
        for (m, k, want) in [
            (0, 1, 0.02486259490251541),
            (1, 1, 0.001990821911022067),
            (1, 2, 0.022871771827340126),
            (9, 10, 0.006945197004824877),
            (39, 41, 0.011486922390758991),
            (69, 131, 0.00487553421407938),
            (79, 190, 0.0022320549469441175),
            (79, 192, 0.0031647116411477327),
            (79, 199, 0.0004487590049393475),
        ] {
            assert!(
                (at(m, k) - want).abs() < 1e-7 * want.max(1e-3) * 10.0,
                "band {m} bin {k}: {} vs {want}",
                at(m, k)
            );
        }
        assert_eq!(at(0, 0), 0.0);
        assert_eq!(at(0, 2), 0.0);
        let total: f64 = f.iter().map(|v| f64::from(*v)).sum();
        assert!((total - 1.999024).abs() < 2e-5, "sum {total}");
    }

    #[test]
    fn sinusoids_follow_whisper_formula() {
        let s = sinusoids(1500, 384);
        assert_eq!(s.len(), 1500 * 384);
        // Row 0: sin(0) = 0 for the first half, cos(0) = 1 for the second.
        assert!(s[..192].iter().all(|v| *v == 0.0));
        assert!(s[192..384].iter().all(|v| *v == 1.0));
        // Row 1, channel 0: sin(1 * 1); channel 191: sin(1 * 10000^-1).
        assert!((s[384] - 1f32.sin()).abs() < 1e-7);
        assert!((s[384 + 191] - (1e-4f32).sin()).abs() < 1e-7);
        assert!((s[384 + 192] - 1f32.cos()).abs() < 1e-7);
    }

    #[test]
    fn vocabulary_tokens_decode_to_raw_bytes() {
        let table = gpt2_char_to_byte();
        assert_eq!(table.len(), 256);
        assert_eq!(token_bytes("Ġhello", &table).unwrap(), b" hello");
        assert_eq!(token_bytes("Ċ", &table).unwrap(), b"\n");
        assert_eq!(token_bytes("!", &table).unwrap(), b"!");
        // "é" in UTF-8 is C3 A9; GPT-2 writes those bytes as the characters Ã and ©.
        assert_eq!(token_bytes("Ã©", &table).unwrap(), "é".as_bytes());
        assert_eq!(token_bytes("ĠâĤ¬", &table).unwrap(), " €".as_bytes());
        assert!(token_bytes("\u{4e2d}", &table).is_none());

        let words = vocabulary_bytes("!\nĠthe\n\n<|endoftext|>\n<|startoftranscript|>").unwrap();
        assert_eq!(words, vec![b"!".to_vec(), b" the".to_vec(), Vec::new()]);
        assert!(vocabulary_bytes("a\nb").is_err());
    }

    /// Builds a complete tiny CTranslate2 Whisper model (width 64, one layer each side) whose
    /// fused weights hold recognisable values, converts it, and checks the split and types.
    #[test]
    fn converts_a_small_synthetic_model_end_to_end() {
        let (d, vocab, mels) = (64usize, 51864usize, 80usize);
        let mut vars: Vec<(String, Vec<usize>, Ct2Dtype, Vec<u8>)> = Vec::new();
        let f16 = |n: usize, f: &dyn Fn(usize) -> f32| -> Vec<u8> {
            (0..n)
                .flat_map(|i| half::f16::from_f32(f(i)).to_le_bytes())
                .collect()
        };
        let mut add = |name: &str, shape: Vec<usize>, fill: &dyn Fn(usize) -> f32| {
            let n = shape.iter().product();
            vars.push((name.to_string(), shape, Ct2Dtype::F16, f16(n, fill)));
        };
        let pos = sinusoids(1500, d);
        add(
            "encoder/position_encodings/encodings",
            vec![1500, d],
            &|i| pos[i],
        );
        add("encoder/conv1/weight", vec![d, mels, 3], &|_| 0.5);
        add("encoder/conv1/bias", vec![d], &|i| i as f32);
        add("encoder/conv2/weight", vec![d, d, 3], &|_| 0.25);
        add("encoder/conv2/bias", vec![d], &|_| 1.0);
        add("decoder/embeddings/weight", vec![vocab, d], &|_| 0.125);
        add(
            "decoder/position_encodings/encodings",
            vec![448, d],
            &|_| 2.0,
        );
        for side in ["encoder", "decoder"] {
            add(&format!("{side}/layer_norm/gamma"), vec![d], &|_| 1.0);
            add(&format!("{side}/layer_norm/beta"), vec![d], &|_| 0.0);
            let p = format!("{side}/layer_0");
            // Fused q/k/v: rows of block b hold the value b + 1.
            add(
                &format!("{p}/self_attention/linear_0/weight"),
                vec![3 * d, d],
                &move |i| (i / (d * d)) as f32 + 1.0,
            );
            add(
                &format!("{p}/self_attention/linear_0/bias"),
                vec![3 * d],
                &move |i| (i / d) as f32 + 1.0,
            );
            add(
                &format!("{p}/self_attention/linear_1/weight"),
                vec![d, d],
                &|_| 0.0,
            );
            add(
                &format!("{p}/self_attention/linear_1/bias"),
                vec![d],
                &|_| 0.0,
            );
            add(
                &format!("{p}/self_attention/layer_norm/gamma"),
                vec![d],
                &|_| 1.0,
            );
            add(
                &format!("{p}/self_attention/layer_norm/beta"),
                vec![d],
                &|_| 0.0,
            );
            add(&format!("{p}/ffn/linear_0/weight"), vec![4 * d, d], &|_| {
                0.0
            });
            add(&format!("{p}/ffn/linear_0/bias"), vec![4 * d], &|_| 0.0);
            add(&format!("{p}/ffn/linear_1/weight"), vec![d, 4 * d], &|_| {
                0.0
            });
            add(&format!("{p}/ffn/linear_1/bias"), vec![d], &|_| 0.0);
            add(&format!("{p}/ffn/layer_norm/gamma"), vec![d], &|_| 1.0);
            add(&format!("{p}/ffn/layer_norm/beta"), vec![d], &|_| 0.0);
        }
        let p = "decoder/layer_0";
        add(
            &format!("{p}/attention/linear_0/weight"),
            vec![d, d],
            &|_| 0.0,
        );
        add(&format!("{p}/attention/linear_0/bias"), vec![d], &|_| 0.0);
        add(
            &format!("{p}/attention/linear_1/weight"),
            vec![2 * d, d],
            &move |i| (i / (d * d)) as f32 + 10.0,
        );
        add(
            &format!("{p}/attention/linear_1/bias"),
            vec![2 * d],
            &move |i| (i / d) as f32 + 10.0,
        );
        add(
            &format!("{p}/attention/linear_2/weight"),
            vec![d, d],
            &|_| 0.0,
        );
        add(&format!("{p}/attention/linear_2/bias"), vec![d], &|_| 0.0);
        add(&format!("{p}/attention/layer_norm/gamma"), vec![d], &|_| {
            1.0
        });
        add(&format!("{p}/attention/layer_norm/beta"), vec![d], &|_| 0.0);
        let heads = 1i16.to_le_bytes();
        let mut refs: Vec<(&str, &[usize], Ct2Dtype, &[u8])> = vars
            .iter()
            .map(|(n, s, t, b)| (n.as_str(), s.as_slice(), *t, b.as_slice()))
            .collect();
        refs.push(("encoder/num_heads", &[], Ct2Dtype::I16, &heads));
        refs.push(("decoder/num_heads", &[], Ct2Dtype::I16, &heads));
        let bytes = encode(
            WHISPER_SPEC,
            3,
            &refs,
            &[("decoder/projection/weight", "decoder/embeddings/weight")],
        );
        let model = Ct2Model::parse(bytes).unwrap();

        let mut vocabulary: Vec<String> = (0..50256).map(|i| format!("t{i}")).collect();
        vocabulary.push(END_OF_TEXT.into());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("small.bin");
        let file = std::fs::File::create(&path).unwrap();
        let summary = convert(
            &model,
            &vocabulary.join("\n"),
            std::io::BufWriter::new(file),
        )
        .unwrap();
        assert_eq!(summary.tensors, 7 + 15 + 4 + 24);
        assert_eq!(summary.hparams.n_audio_state, 64);
        assert_eq!(summary.vocab_words, 50256);

        // The structural check accepts it.
        let ok = ggml::inspect(&path).map_err(|_| "inspect failed").unwrap();
        assert_eq!(ok.tensors, summary.tensors);

        // Read tensors back and check the fused splits and the stored types.
        let data = std::fs::read(&path).unwrap();
        let find = |name: &str| -> (i32, Vec<u8>) {
            // Record: n_dims, name_len, type, ne[n_dims], name, data.
            let pos = data
                .windows(name.len())
                .position(|w| w == name.as_bytes())
                .unwrap();
            let n_dims = ggml::tensor_specs(&summary.hparams)
                .iter()
                .find(|t| t.name == name)
                .unwrap()
                .shape
                .len();
            let hdr = pos - 4 * (3 + n_dims);
            assert_eq!(
                i32::from_le_bytes(data[hdr + 4..hdr + 8].try_into().unwrap()) as usize,
                name.len()
            );
            let ttype = i32::from_le_bytes(data[hdr + 8..hdr + 12].try_into().unwrap());
            (
                ttype,
                data[pos + name.len()..pos + name.len() + 16].to_vec(),
            )
        };
        let first_f16 = |b: &[u8]| half::f16::from_le_bytes([b[0], b[1]]).to_f32();
        let first_f32 = |b: &[u8]| f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let (t, b) = find("encoder.blocks.0.attn.key.weight");
        assert_eq!((t, first_f16(&b)), (1, 2.0));
        let (t, b) = find("encoder.blocks.0.attn.value.weight");
        assert_eq!((t, first_f16(&b)), (1, 3.0));
        let (t, b) = find("encoder.blocks.0.attn.value.bias");
        assert_eq!((t, first_f32(&b)), (0, 3.0));
        let (t, b) = find("decoder.blocks.0.cross_attn.value.weight");
        assert_eq!((t, first_f16(&b)), (1, 11.0));
        let (t, b) = find("decoder.blocks.0.cross_attn.value.bias");
        assert_eq!((t, first_f32(&b)), (0, 11.0));
        let (t, b) = find("encoder.conv1.bias");
        assert_eq!((t, first_f32(&b[4..])), (0, 1.0));
        let (t, b) = find("decoder.positional_embedding");
        assert_eq!((t, first_f32(&b)), (0, 2.0));

        // The same weights in q8_0 and q5_1: the structural check accepts them, 2-D matrices
        // are blocks that decode to the f16 values, conv weights stay f16, biases f32.
        for weights in [WeightType::Q8_0, WeightType::Q5_1] {
            let qpath = dir.path().join(format!("small-{}.bin", weights.label()));
            let file = std::fs::File::create(&qpath).unwrap();
            let q = convert_with(
                &model,
                &vocabulary.join("\n"),
                std::io::BufWriter::new(file),
                weights,
            )
            .unwrap();
            assert_eq!(q.tensors, summary.tensors);
            let inspected = ggml::inspect(&qpath).map_err(|_| "inspect failed").unwrap();
            assert_eq!(inspected.hparams.weight_type(), weights);
            assert!(inspected.file_len < ok.file_len);
            let qdata = std::fs::read(&qpath).unwrap();
            let name = "encoder.blocks.0.attn.value.weight";
            let pos = qdata
                .windows(name.len())
                .position(|w| w == name.as_bytes())
                .unwrap();
            let ttype = i32::from_le_bytes(qdata[pos - 12..pos - 8].try_into().unwrap());
            assert_eq!(ttype, weights.ggml_type());
            let bytes = &qdata[pos + name.len()..];
            let decoded = match weights {
                WeightType::Q8_0 => quantize::dequantize_q8_0(&bytes[..quantize::Q8_0_BYTES]),
                _ => quantize::dequantize_q5_1(&bytes[..quantize::Q5_1_BYTES]),
            };
            assert!(
                decoded.iter().all(|v| (v - 3.0).abs() < 0.05),
                "{decoded:?}"
            );
            let name = "encoder.conv2.weight";
            let pos = qdata
                .windows(name.len())
                .position(|w| w == name.as_bytes())
                .unwrap();
            let ttype = i32::from_le_bytes(qdata[pos - 16..pos - 12].try_into().unwrap());
            assert_eq!(ttype, ggml::GGML_TYPE_F16);
        }

        // A model whose stored position table is not Whisper's is refused.
        let bad_pos: Vec<u8> = f16(1500 * d, &|_| 0.3);
        let mut refs2 = refs.clone();
        refs2[0] = (
            "encoder/position_encodings/encodings",
            &[1500, 64],
            Ct2Dtype::F16,
            &bad_pos,
        );
        let bad = Ct2Model::parse(encode(WHISPER_SPEC, 3, &refs2, &[])).unwrap();
        let err = convert(&bad, &vocabulary.join("\n"), std::io::sink()).unwrap_err();
        assert!(err.to_string().contains("sinusoids"), "{err}");

        // A missing variable is named.
        let short = Ct2Model::parse(encode(WHISPER_SPEC, 3, &refs[..refs.len() - 3], &[])).unwrap();
        let err = convert(&short, &vocabulary.join("\n"), std::io::sink()).unwrap_err();
        assert!(
            err.to_string().contains("missing") || err.to_string().contains("num_heads"),
            "{err}"
        );
    }
}
