//! The whisper.cpp GGML model file: its layout, a writer, and a strict structural check.
//!
//! Rule: a file is accepted only if its magic, header, mel filters, vocabulary and every tensor
//! (name, shape, type, byte size) match what whisper.cpp 1.8 will load for that architecture,
//! and the file ends exactly after the last tensor. Whisper.cpp itself reports a bad file as a
//! bare `InitError` with the cause only in its log, so this check runs first and names the
//! problem. Layout (from docs/sources.md and whisper.cpp's loader): magic 0x67676d6c; 11 i32
//! hyper-parameters; i32 n_mel, i32 n_fft and n_mel*n_fft f32 mel filters; i32 word count and
//! (i32 length + bytes) per word; then per tensor: i32 n_dims, i32 name length, i32 type,
//! i32 ne[n_dims] (shape reversed), name, raw data, no padding.

use crate::models::catalog::Dims;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// "ggml" read as a little-endian u32.
pub const GGML_MAGIC: u32 = 0x6767_6d6c;
/// Whisper's encoder context: 30 s of audio in 20 ms steps.
pub const N_AUDIO_CTX: i32 = 1500;
/// Whisper's decoder context length in tokens.
pub const N_TEXT_CTX: i32 = 448;
/// Mel bands of every Whisper model before large-v3.
pub const N_MELS: i32 = 80;
/// FFT bins of Whisper's 400-point STFT (n_fft / 2 + 1).
pub const N_FFT_BINS: i32 = 201;
/// ggml type codes used here.
pub const GGML_TYPE_F32: i32 = 0;
pub const GGML_TYPE_F16: i32 = 1;
pub const GGML_TYPE_Q5_1: i32 = 7;
pub const GGML_TYPE_Q8_0: i32 = 8;
/// Header `ftype` for a model whose weights are f16 (1) or f32 (0).
pub const FTYPE_F32: i32 = 0;
pub const FTYPE_F16: i32 = 1;
/// ggml's `ftype` codes of the quantized formats (MOSTLY_Q8_0, MOSTLY_Q5_1).
pub const FTYPE_Q8_0: i32 = 7;
pub const FTYPE_Q5_1: i32 = 9;
/// Quantized files store `GGML_QNT_VERSION * 1000 + ftype` in the header (version 2 today);
/// whisper.cpp reads `ftype % 1000`.
pub const QNT_VERSION: i32 = 2;
pub const QNT_VERSION_FACTOR: i32 = 1000;

/// How a model's large weight matrices are stored: f32, f16 or one of whisper.cpp's block
/// formats. Only 2-D matrices are quantized; the conv weights of a quantized model stay f16,
/// and 1-D tensors, conv biases and positional embeddings are always f32 (whisper.cpp's
/// `whisper_model_load` and its quantize tool).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WeightType {
    F32,
    F16,
    /// Blocks of 32 weights: one f16 scale and 32 signed bytes (34 bytes).
    Q8_0,
    /// Blocks of 32 weights: f16 scale and minimum, 32 five-bit values (24 bytes).
    Q5_1,
}

impl WeightType {
    /// The type a header's `ftype` field names, if rehearse can read it.
    pub fn from_ftype(ftype: i32) -> Option<Self> {
        match ftype.rem_euclid(QNT_VERSION_FACTOR) {
            FTYPE_F32 => Some(WeightType::F32),
            FTYPE_F16 => Some(WeightType::F16),
            FTYPE_Q8_0 => Some(WeightType::Q8_0),
            FTYPE_Q5_1 => Some(WeightType::Q5_1),
            _ => None,
        }
    }

    /// The header value written for this type.
    pub fn ftype(self) -> i32 {
        match self {
            WeightType::F32 => FTYPE_F32,
            WeightType::F16 => FTYPE_F16,
            WeightType::Q8_0 => QNT_VERSION * QNT_VERSION_FACTOR + FTYPE_Q8_0,
            WeightType::Q5_1 => QNT_VERSION * QNT_VERSION_FACTOR + FTYPE_Q5_1,
        }
    }

    /// ggml's tensor type code.
    pub fn ggml_type(self) -> i32 {
        match self {
            WeightType::F32 => GGML_TYPE_F32,
            WeightType::F16 => GGML_TYPE_F16,
            WeightType::Q8_0 => GGML_TYPE_Q8_0,
            WeightType::Q5_1 => GGML_TYPE_Q5_1,
        }
    }

    pub fn is_quantized(self) -> bool {
        matches!(self, WeightType::Q8_0 | WeightType::Q5_1)
    }

    /// Bytes taken by `elements` values (a whole number of blocks for quantized types).
    pub fn bytes(self, elements: u64) -> u64 {
        match self {
            WeightType::F32 => elements * 4,
            WeightType::F16 => elements * 2,
            WeightType::Q8_0 => elements.div_ceil(32) * 34,
            WeightType::Q5_1 => elements.div_ceil(32) * 24,
        }
    }

    /// Short name, as in whisper.cpp's file names (`q8_0`).
    pub fn label(self) -> &'static str {
        match self {
            WeightType::F32 => "f32",
            WeightType::F16 => "f16",
            WeightType::Q8_0 => "q8_0",
            WeightType::Q5_1 => "q5_1",
        }
    }
}
/// Longest tensor name whisper.cpp can hold, and a generous bound on a token's byte length.
const MAX_NAME_LEN: i32 = 256;
const MAX_TOKEN_LEN: i32 = 1024;

/// The 11 header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hparams {
    pub n_vocab: i32,
    pub n_audio_ctx: i32,
    pub n_audio_state: i32,
    pub n_audio_head: i32,
    pub n_audio_layer: i32,
    pub n_text_ctx: i32,
    pub n_text_state: i32,
    pub n_text_head: i32,
    pub n_text_layer: i32,
    pub n_mels: i32,
    pub ftype: i32,
}

impl Hparams {
    pub fn from_dims(d: &Dims) -> Self {
        Hparams {
            n_vocab: d.n_vocab,
            n_audio_ctx: N_AUDIO_CTX,
            n_audio_state: d.n_audio_state,
            n_audio_head: d.n_audio_head,
            n_audio_layer: d.n_audio_layer,
            n_text_ctx: N_TEXT_CTX,
            n_text_state: d.n_text_state,
            n_text_head: d.n_text_head,
            n_text_layer: d.n_text_layer,
            n_mels: N_MELS,
            ftype: FTYPE_F16,
        }
    }

    /// How the big weight matrices are stored (F16 when the header is unreadable).
    pub fn weight_type(&self) -> WeightType {
        WeightType::from_ftype(self.ftype).unwrap_or(WeightType::F16)
    }

    pub fn dims(&self) -> Dims {
        Dims {
            n_vocab: self.n_vocab,
            n_audio_state: self.n_audio_state,
            n_audio_head: self.n_audio_head,
            n_audio_layer: self.n_audio_layer,
            n_text_state: self.n_text_state,
            n_text_head: self.n_text_head,
            n_text_layer: self.n_text_layer,
        }
    }

    fn fields(&self) -> [i32; 11] {
        [
            self.n_vocab,
            self.n_audio_ctx,
            self.n_audio_state,
            self.n_audio_head,
            self.n_audio_layer,
            self.n_text_ctx,
            self.n_text_state,
            self.n_text_head,
            self.n_text_layer,
            self.n_mels,
            self.ftype,
        ]
    }

    /// Checks the numbers whisper.cpp relies on; returns what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if WeightType::from_ftype(self.ftype).is_none() {
            return Err(format!(
                "weight type {} is unknown; rehearse loads f32, f16, q8_0 and q5_1 models",
                self.ftype
            ));
        }
        if self.n_mels != N_MELS && self.n_mels != 128 {
            return Err(format!("{} mel bands (expected 80 or 128)", self.n_mels));
        }
        if self.n_audio_ctx != N_AUDIO_CTX || self.n_text_ctx != N_TEXT_CTX {
            return Err(format!(
                "context sizes {}/{} (expected {N_AUDIO_CTX}/{N_TEXT_CTX})",
                self.n_audio_ctx, self.n_text_ctx
            ));
        }
        if !(51864..=51866).contains(&self.n_vocab) {
            return Err(format!(
                "vocabulary of {} tokens (expected 51864 to 51866)",
                self.n_vocab
            ));
        }
        for (what, state, heads, layers) in [
            (
                "audio",
                self.n_audio_state,
                self.n_audio_head,
                self.n_audio_layer,
            ),
            (
                "text",
                self.n_text_state,
                self.n_text_head,
                self.n_text_layer,
            ),
        ] {
            if !(1..=64).contains(&layers)
                || !(1..=64).contains(&heads)
                || !(64..=4096).contains(&state)
                || state % heads != 0
            {
                return Err(format!(
                    "implausible {what} size: width {state}, {heads} heads, {layers} layers"
                ));
            }
        }
        Ok(())
    }
}

/// One tensor whisper.cpp expects: its name, its PyTorch-order shape, and whether it is stored
/// as f32 (otherwise as the header's weight type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorSpec {
    pub name: String,
    pub shape: Vec<usize>,
    pub f32: bool,
}

/// The f16/f32 rule: every 1-D tensor, the conv biases and both positional embeddings are f32;
/// other 2-D and 3-D weights use the header's weight type. Source: docs/sources.md, which
/// matches whisper.cpp's `whisper_model_load`.
pub fn stored_as_f32(name: &str, rank: usize) -> bool {
    rank == 1
        || name.ends_with("conv1.bias")
        || name.ends_with("conv2.bias")
        || name.ends_with("positional_embedding")
}

fn spec(name: String, shape: Vec<usize>) -> TensorSpec {
    let f32 = stored_as_f32(&name, shape.len());
    TensorSpec { name, shape, f32 }
}

fn attention(out: &mut Vec<TensorSpec>, prefix: &str, d: usize) {
    for (part, bias) in [
        ("query", true),
        ("key", false),
        ("value", true),
        ("out", true),
    ] {
        out.push(spec(format!("{prefix}.{part}.weight"), vec![d, d]));
        if bias {
            out.push(spec(format!("{prefix}.{part}.bias"), vec![d]));
        }
    }
}

fn layer_norm(out: &mut Vec<TensorSpec>, prefix: &str, d: usize) {
    out.push(spec(format!("{prefix}.weight"), vec![d]));
    out.push(spec(format!("{prefix}.bias"), vec![d]));
}

fn mlp(out: &mut Vec<TensorSpec>, prefix: &str, d: usize) {
    out.push(spec(format!("{prefix}.mlp.0.weight"), vec![4 * d, d]));
    out.push(spec(format!("{prefix}.mlp.0.bias"), vec![4 * d]));
    out.push(spec(format!("{prefix}.mlp.2.weight"), vec![d, 4 * d]));
    out.push(spec(format!("{prefix}.mlp.2.bias"), vec![d]));
    layer_norm(out, &format!("{prefix}.mlp_ln"), d);
}

/// Every tensor of a Whisper model with these hyper-parameters, in the order our writer emits
/// them (whisper.cpp looks tensors up by name, so order does not matter to it).
pub fn tensor_specs(h: &Hparams) -> Vec<TensorSpec> {
    let da = h.n_audio_state as usize;
    let dt = h.n_text_state as usize;
    let mut out = vec![
        spec(
            "encoder.positional_embedding".into(),
            vec![h.n_audio_ctx as usize, da],
        ),
        spec(
            "encoder.conv1.weight".into(),
            vec![da, h.n_mels as usize, 3],
        ),
        spec("encoder.conv1.bias".into(), vec![da, 1]),
        spec("encoder.conv2.weight".into(), vec![da, da, 3]),
        spec("encoder.conv2.bias".into(), vec![da, 1]),
    ];
    for i in 0..h.n_audio_layer {
        let p = format!("encoder.blocks.{i}");
        attention(&mut out, &format!("{p}.attn"), da);
        layer_norm(&mut out, &format!("{p}.attn_ln"), da);
        mlp(&mut out, &p, da);
    }
    layer_norm(&mut out, "encoder.ln_post", da);
    out.push(spec(
        "decoder.positional_embedding".into(),
        vec![h.n_text_ctx as usize, dt],
    ));
    out.push(spec(
        "decoder.token_embedding.weight".into(),
        vec![h.n_vocab as usize, dt],
    ));
    for i in 0..h.n_text_layer {
        let p = format!("decoder.blocks.{i}");
        attention(&mut out, &format!("{p}.attn"), dt);
        layer_norm(&mut out, &format!("{p}.attn_ln"), dt);
        attention(&mut out, &format!("{p}.cross_attn"), dt);
        layer_norm(&mut out, &format!("{p}.cross_attn_ln"), dt);
        mlp(&mut out, &p, dt);
    }
    layer_norm(&mut out, "decoder.ln", dt);
    out
}

/// The stored type of a tensor in a model whose weights are `weights`.
pub fn stored_type(t: &TensorSpec, weights: WeightType) -> WeightType {
    if t.f32 || weights == WeightType::F32 {
        WeightType::F32
    } else if weights.is_quantized() && t.shape.len() == 2 {
        weights
    } else {
        WeightType::F16
    }
}

/// Bytes of one tensor record (its small header plus data).
fn tensor_record_len(t: &TensorSpec, weights: WeightType) -> u64 {
    let elements: u64 = t.shape.iter().map(|&d| d as u64).product();
    (12 + 4 * t.shape.len() + t.name.len()) as u64 + stored_type(t, weights).bytes(elements)
}

/// Tensor data in the stored type: f16 is kept as raw little-endian bits, quantized data as
/// its blocks.
pub enum TensorData<'a> {
    F32(&'a [f32]),
    F16Raw(&'a [u8]),
    Blocks(WeightType, &'a [u8]),
}

/// Writes a GGML file front to back.
pub struct GgmlWriter<W: Write> {
    out: W,
    pub tensors_written: usize,
}

impl<W: Write> GgmlWriter<W> {
    pub fn new(out: W) -> Self {
        GgmlWriter {
            out,
            tensors_written: 0,
        }
    }

    fn i32(&mut self, v: i32) -> io::Result<()> {
        self.out.write_all(&v.to_le_bytes())
    }

    pub fn header(&mut self, h: &Hparams) -> io::Result<()> {
        self.out.write_all(&GGML_MAGIC.to_le_bytes())?;
        for f in h.fields() {
            self.i32(f)?;
        }
        Ok(())
    }

    /// Mel filter bank, `n_mel` rows of `n_fft` weights.
    pub fn mel_filters(&mut self, n_mel: i32, n_fft: i32, filters: &[f32]) -> io::Result<()> {
        self.i32(n_mel)?;
        self.i32(n_fft)?;
        for v in filters {
            self.out.write_all(&v.to_le_bytes())?;
        }
        Ok(())
    }

    /// The ordinary (non-special) tokens as raw bytes.
    pub fn vocab(&mut self, words: &[Vec<u8>]) -> io::Result<()> {
        self.i32(words.len() as i32)?;
        for w in words {
            self.i32(w.len() as i32)?;
            self.out.write_all(w)?;
        }
        Ok(())
    }

    /// One tensor; `shape` is in PyTorch order and is written reversed.
    pub fn tensor(&mut self, name: &str, shape: &[usize], data: TensorData<'_>) -> io::Result<()> {
        self.i32(shape.len() as i32)?;
        self.i32(name.len() as i32)?;
        self.i32(match data {
            TensorData::F32(_) => GGML_TYPE_F32,
            TensorData::F16Raw(_) => GGML_TYPE_F16,
            TensorData::Blocks(w, _) => w.ggml_type(),
        })?;
        for d in shape.iter().rev() {
            self.i32(*d as i32)?;
        }
        self.out.write_all(name.as_bytes())?;
        match data {
            TensorData::F32(values) => {
                let mut buf = Vec::with_capacity(values.len() * 4);
                for v in values {
                    buf.extend_from_slice(&v.to_le_bytes());
                }
                self.out.write_all(&buf)?;
            }
            TensorData::F16Raw(bytes) | TensorData::Blocks(_, bytes) => {
                self.out.write_all(bytes)?
            }
        }
        self.tensors_written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// What is structurally wrong with a model file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelProblem {
    #[error(
        "it is not a whisper.cpp GGML model (magic number {found:#010x}, expected {GGML_MAGIC:#010x})"
    )]
    BadMagic { found: u32 },
    #[error("it is truncated: expected {}, found {}", human_bytes(*.expected), human_bytes(*.found))]
    Truncated { expected: u64, found: u64 },
    #[error("its header is invalid: {0}")]
    Header(String),
    #[error("it has {found} tensors where {expected} were expected")]
    TensorCount { expected: usize, found: usize },
    #[error("tensor {name}: {problem}")]
    Tensor { name: String, problem: String },
    #[error("it has {extra} unexpected bytes after the last tensor")]
    TrailingBytes { extra: u64 },
    #[error(
        "tensor {name} holds a value that is not a finite number (element {index}): the file is damaged"
    )]
    NonFinite { name: String, index: u64 },
    #[error("{0}, not a model file")]
    NotAFile(String),
    #[error("its checksum does not match: expected SHA-1 {expected}, found {found}")]
    Checksum { expected: String, found: String },
}

/// "77.7 MB"-style sizes for messages.
pub fn human_bytes(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{:.1} MB", n as f64 / 1e6)
    } else if n >= 1_000 {
        format!("{:.1} kB", n as f64 / 1e3)
    } else {
        format!("{n} bytes")
    }
}

/// What a structurally valid file contains.
#[derive(Debug, Clone, PartialEq)]
pub struct GgmlSummary {
    pub hparams: Hparams,
    pub vocab_words: usize,
    pub tensors: usize,
    pub file_len: u64,
}

fn read_i32<R: Read>(r: &mut R) -> io::Result<i32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(i32::from_le_bytes(b))
}

/// Reads a model file's structure without loading its weights. I/O errors other than a short
/// read are returned as `Err(Err(io))`; structural problems as `Err(Ok(problem))`.
pub fn inspect(path: &Path) -> Result<GgmlSummary, InspectError> {
    let file = std::fs::File::open(path).map_err(InspectError::Io)?;
    let file_len = file.metadata().map_err(InspectError::Io)?.len();
    let mut r = BufReader::with_capacity(1 << 16, file);
    let short = |expected: u64| {
        InspectError::Problem(ModelProblem::Truncated {
            expected,
            found: file_len,
        })
    };
    let eof_as = |expected: u64| {
        move |e: io::Error| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                short(expected)
            } else {
                InspectError::Io(e)
            }
        }
    };

    let magic = read_i32(&mut r).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            InspectError::Problem(ModelProblem::BadMagic { found: 0 })
        } else {
            InspectError::Io(e)
        }
    })? as u32;
    if magic != GGML_MAGIC {
        return Err(InspectError::Problem(ModelProblem::BadMagic {
            found: magic,
        }));
    }
    let mut f = [0i32; 11];
    for v in &mut f {
        *v = read_i32(&mut r).map_err(eof_as(48))?;
    }
    let h = Hparams {
        n_vocab: f[0],
        n_audio_ctx: f[1],
        n_audio_state: f[2],
        n_audio_head: f[3],
        n_audio_layer: f[4],
        n_text_ctx: f[5],
        n_text_state: f[6],
        n_text_head: f[7],
        n_text_layer: f[8],
        n_mels: f[9],
        ftype: f[10],
    };
    h.check()
        .map_err(|m| InspectError::Problem(ModelProblem::Header(m)))?;
    let specs = tensor_specs(&h);
    let weights = h.weight_type();
    let tensors_len: u64 = specs.iter().map(|t| tensor_record_len(t, weights)).sum();
    // Estimate before the vocabulary is read: header + mel + (unknown vocab) + tensors.
    let mel_len = 8 + 4 * u64::from(N_FFT_BINS.unsigned_abs()) * u64::from(h.n_mels.unsigned_abs());
    let rough = 48 + mel_len + 4 + tensors_len;

    let n_mel = read_i32(&mut r).map_err(eof_as(rough))?;
    let n_fft = read_i32(&mut r).map_err(eof_as(rough))?;
    if n_mel != h.n_mels || n_fft != N_FFT_BINS {
        return Err(InspectError::Problem(ModelProblem::Header(format!(
            "mel filter bank is {n_mel} x {n_fft} (expected {} x {N_FFT_BINS})",
            h.n_mels
        ))));
    }
    r.seek_relative(i64::from(n_mel) * i64::from(n_fft) * 4)
        .map_err(InspectError::Io)?;
    let words = read_i32(&mut r).map_err(eof_as(rough))?;
    if words < 0 || words > h.n_vocab {
        return Err(InspectError::Problem(ModelProblem::Header(format!(
            "vocabulary lists {words} words for a {}-token model",
            h.n_vocab
        ))));
    }
    let mut vocab_len = 4u64;
    for i in 0..words {
        let len = read_i32(&mut r).map_err(eof_as(rough))?;
        if !(0..=MAX_TOKEN_LEN).contains(&len) {
            return Err(InspectError::Problem(ModelProblem::Header(format!(
                "token {i} claims {len} bytes"
            ))));
        }
        r.seek_relative(i64::from(len)).map_err(InspectError::Io)?;
        vocab_len += 4 + len as u64;
    }
    let expected_len = 48 + mel_len + vocab_len + tensors_len;
    if file_len < expected_len {
        return Err(short(expected_len));
    }

    let mut wanted: std::collections::HashMap<&str, &TensorSpec> =
        specs.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen = 0usize;
    let mut pos = 48 + mel_len + vocab_len;
    while pos < file_len && !wanted.is_empty() {
        let tensor_problem = |name: &str, problem: String| {
            InspectError::Problem(ModelProblem::Tensor {
                name: name.to_string(),
                problem,
            })
        };
        let n_dims = read_i32(&mut r).map_err(eof_as(expected_len))?;
        let name_len = read_i32(&mut r).map_err(eof_as(expected_len))?;
        let ttype = read_i32(&mut r).map_err(eof_as(expected_len))?;
        if !(1..=4).contains(&n_dims) || !(1..=MAX_NAME_LEN).contains(&name_len) {
            return Err(tensor_problem(
                &format!("#{seen}"),
                format!("record header is damaged ({n_dims} dimensions, {name_len}-byte name)"),
            ));
        }
        let mut ne = Vec::with_capacity(n_dims as usize);
        for _ in 0..n_dims {
            ne.push(read_i32(&mut r).map_err(eof_as(expected_len))?);
        }
        let mut name = vec![0u8; name_len as usize];
        r.read_exact(&mut name).map_err(eof_as(expected_len))?;
        let name = String::from_utf8_lossy(&name).into_owned();
        let Some(spec) = wanted.remove(name.as_str()) else {
            let problem = if specs.iter().any(|t| t.name == name) {
                "appears twice"
            } else {
                "is not part of this model"
            };
            return Err(tensor_problem(&name, problem.to_string()));
        };
        let shape: Vec<usize> = ne.iter().rev().map(|&d| d.max(0) as usize).collect();
        if shape != spec.shape {
            return Err(tensor_problem(
                &name,
                format!("shape {shape:?}, expected {:?}", spec.shape),
            ));
        }
        let stored = stored_type(spec, weights);
        let want_type = stored.ggml_type();
        if ttype != want_type {
            return Err(tensor_problem(
                &name,
                format!(
                    "stored as type {ttype}, expected {want_type} ({})",
                    stored.label()
                ),
            ));
        }
        let elements: u64 = shape.iter().map(|&d| d as u64).product();
        let data = stored.bytes(elements);
        pos += 12 + 4 * n_dims as u64 + name_len as u64;
        if pos + data > file_len {
            return Err(short(expected_len));
        }
        r.seek_relative(data as i64).map_err(InspectError::Io)?;
        pos += data;
        seen += 1;
    }
    if !wanted.is_empty() {
        return Err(InspectError::Problem(ModelProblem::TensorCount {
            expected: specs.len(),
            found: seen,
        }));
    }
    if pos != file_len {
        return Err(InspectError::Problem(ModelProblem::TrailingBytes {
            extra: file_len - pos,
        }));
    }
    Ok(GgmlSummary {
        hparams: h,
        vocab_words: words as usize,
        tensors: seen,
        file_len,
    })
}

/// Failure of [`inspect`]: a reading error or a problem with the file's content.
#[derive(Debug)]
pub enum InspectError {
    Io(io::Error),
    Problem(ModelProblem),
}

/// Reads a file's header only (for a quick look at which model it is).
pub fn read_hparams(path: &Path) -> io::Result<Option<Hparams>> {
    let mut r = std::fs::File::open(path)?;
    let mut b = [0u8; 48];
    if r.read(&mut b)? < 48 || u32::from_le_bytes([b[0], b[1], b[2], b[3]]) != GGML_MAGIC {
        return Ok(None);
    }
    let f: Vec<i32> = b[4..]
        .chunks_exact(4)
        .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let _ = r.seek(SeekFrom::Start(0));
    Ok(Some(Hparams {
        n_vocab: f[0],
        n_audio_ctx: f[1],
        n_audio_state: f[2],
        n_audio_head: f[3],
        n_audio_layer: f[4],
        n_text_ctx: f[5],
        n_text_state: f[6],
        n_text_head: f[7],
        n_text_layer: f[8],
        n_mels: f[9],
        ftype: f[10],
    }))
}
