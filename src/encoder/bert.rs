//! The encoder's forward pass: the BERT of all-MiniLM-L6-v2 with mean pooling, arranged for
//! a few dozen short sentences on one CPU core.
//!
//! Rule: the same computation as candle-transformers' `BertModel` followed by the mean of the
//! token vectors and L2 normalisation (sentence-transformers' pooling), with nothing computed
//! that is thrown away:
//! - the sentences of a call are packed into one matrix of tokens with no padding, so the
//!   projections, the feed-forward layers, GELU and the layer norms run once over all tokens as
//!   a few large matrix products (a padded batch computes its padding and masks it out);
//! - attention runs sentence by sentence (each sentence attends only to its own tokens, which
//!   is what the attention mask of a padded batch achieves), so it needs no mask;
//! - the query, key and value projections are one product, their weights stacked at load;
//! - GELU ([`gelu`]) is computed branch-free from polynomials, so the compiler vectorises it,
//!   rather than by libm's `erff` one value at a time (that was a sixth of the encoder's time).
//!
//! `tests/encoder.rs` checks the vectors against candle-transformers' `BertModel` on the same
//! weights. Sources: stack-facts.md ("all-MiniLM-L6-v2 in candle"); the model's `config.json`
//! (6 layers, 12 heads, 384 wide, 1536-wide feed-forward, GELU, layer-norm epsilon 1e-12).

use candle_core::{CpuStorage, CustomOp1, Device, Layout, Shape, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{Config, HiddenAct};

/// One linear layer: `x · weightᵀ + bias`, `weight` stored (out, in) as in the file.
struct Dense {
    weight: Tensor,
    bias: Tensor,
}

impl Dense {
    fn load(vb: &VarBuilder, inputs: usize, outputs: usize) -> candle_core::Result<Dense> {
        Ok(Dense {
            weight: vb.get((outputs, inputs), "weight")?,
            bias: vb.get(outputs, "bias")?,
        })
    }

    /// The query, key and value projections as one layer (their rows stacked).
    fn stacked(parts: &[Dense]) -> candle_core::Result<Dense> {
        let weights: Vec<&Tensor> = parts.iter().map(|p| &p.weight).collect();
        let biases: Vec<&Tensor> = parts.iter().map(|p| &p.bias).collect();
        Ok(Dense {
            weight: Tensor::cat(&weights, 0)?,
            bias: Tensor::cat(&biases, 0)?,
        })
    }

    /// `x` is (tokens, in).
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        x.matmul(&self.weight.t()?)?.broadcast_add(&self.bias)
    }
}

/// Layer norm over the last dimension with its scale and shift.
struct Norm {
    weight: Tensor,
    bias: Tensor,
    eps: f32,
}

impl Norm {
    fn load(vb: &VarBuilder, width: usize, eps: f64) -> candle_core::Result<Norm> {
        Ok(Norm {
            weight: vb.get(width, "weight")?,
            bias: vb.get(width, "bias")?,
            eps: eps as f32,
        })
    }

    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        candle_nn::ops::layer_norm(x, &self.weight, &self.bias, self.eps)
    }
}

struct Layer {
    qkv: Dense,
    attention_out: Dense,
    attention_norm: Norm,
    intermediate: Dense,
    output: Dense,
    output_norm: Norm,
}

/// all-MiniLM-L6-v2 loaded for [`Bert::embed`].
pub struct Bert {
    word: Tensor,
    position: Tensor,
    /// The embedding of token type 0 (every token of a single sentence), (1, width).
    token_type: Tensor,
    norm: Norm,
    layers: Vec<Layer>,
    heads: usize,
    width: usize,
    max_positions: usize,
}

impl Bert {
    /// Reads the weights of a BERT checkpoint (names as in `model.safetensors`, with or
    /// without a `bert.` prefix). Only GELU (erf) models are supported.
    pub fn load(vb: VarBuilder, config: &Config) -> candle_core::Result<Bert> {
        if config.hidden_act != HiddenAct::Gelu {
            candle_core::bail!("only GELU (erf) encoders are supported");
        }
        if !config
            .hidden_size
            .is_multiple_of(config.num_attention_heads)
        {
            candle_core::bail!("the width is not a multiple of the number of heads");
        }
        let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
            vb.pp("bert")
        } else {
            vb
        };
        let d = config.hidden_size;
        let eps = config.layer_norm_eps;
        let emb = vb.pp("embeddings");
        let word = emb.get((config.vocab_size, d), "word_embeddings.weight")?;
        let position = emb.get(
            (config.max_position_embeddings, d),
            "position_embeddings.weight",
        )?;
        let token_type = emb
            .get((config.type_vocab_size, d), "token_type_embeddings.weight")?
            .narrow(0, 0, 1)?
            .contiguous()?;
        let norm = Norm::load(&emb.pp("LayerNorm"), d, eps)?;
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let vb = vb.pp(format!("encoder.layer.{i}"));
            let att = vb.pp("attention");
            let parts = ["query", "key", "value"]
                .iter()
                .map(|name| Dense::load(&att.pp("self").pp(*name), d, d))
                .collect::<candle_core::Result<Vec<_>>>()?;
            layers.push(Layer {
                qkv: Dense::stacked(&parts)?,
                attention_out: Dense::load(&att.pp("output").pp("dense"), d, d)?,
                attention_norm: Norm::load(&att.pp("output").pp("LayerNorm"), d, eps)?,
                intermediate: Dense::load(
                    &vb.pp("intermediate").pp("dense"),
                    d,
                    config.intermediate_size,
                )?,
                output: Dense::load(&vb.pp("output").pp("dense"), config.intermediate_size, d)?,
                output_norm: Norm::load(&vb.pp("output").pp("LayerNorm"), d, eps)?,
            });
        }
        Ok(Bert {
            word,
            position,
            token_type,
            norm,
            layers,
            heads: config.num_attention_heads,
            width: d,
            max_positions: config.max_position_embeddings,
        })
    }

    /// The mean-pooled, L2-normalised vector of each row of token ids (each row one whole
    /// tokenized sentence, [CLS] … [SEP]). Empty rows get an empty vector.
    pub fn embed(&self, rows: &[&[u32]], device: &Device) -> candle_core::Result<Vec<Vec<f32>>> {
        let lengths: Vec<usize> = rows.iter().map(|r| r.len()).collect();
        if let Some(&longest) = lengths.iter().max()
            && longest > self.max_positions
        {
            candle_core::bail!("a sentence of {longest} tokens is longer than the model reads");
        }
        let total: usize = lengths.iter().sum();
        if total == 0 {
            return Ok(vec![Vec::new(); rows.len()]);
        }
        let ids: Vec<u32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        let positions: Vec<u32> = lengths.iter().flat_map(|&n| 0..n as u32).collect();
        let ids = Tensor::from_vec(ids, total, device)?;
        let positions = Tensor::from_vec(positions, total, device)?;
        // Same order of additions as candle-transformers: (word + type) + position.
        let x = self
            .word
            .index_select(&ids, 0)?
            .broadcast_add(&self.token_type)?
            .add(&self.position.index_select(&positions, 0)?)?;
        let mut x = self.norm.forward(&x)?;
        for layer in &self.layers {
            let qkv = layer.qkv.forward(&x)?;
            let context = self.attention(&qkv, &lengths)?;
            let attended = layer
                .attention_norm
                .forward(&layer.attention_out.forward(&context)?.add(&x)?)?;
            let inner = layer
                .intermediate
                .forward(&attended)?
                .apply_op1_no_bwd(&Gelu)?;
            x = layer
                .output_norm
                .forward(&layer.output.forward(&inner)?.add(&attended)?)?;
        }
        let hidden = x.to_vec2::<f32>()?;
        let mut out = Vec::with_capacity(rows.len());
        let mut start = 0;
        for &n in &lengths {
            out.push(mean_unit(&hidden[start..start + n], self.width));
            start += n;
        }
        Ok(out)
    }

    /// Scaled dot-product attention of each sentence over its own tokens: `qkv` is
    /// (tokens, 3 × width), the result (tokens, width).
    fn attention(&self, qkv: &Tensor, lengths: &[usize]) -> candle_core::Result<Tensor> {
        let (d, h) = (self.width, self.heads);
        let per_head = d / h;
        let scale = 1.0 / (per_head as f64).sqrt();
        let mut parts = Vec::with_capacity(lengths.len());
        let mut start = 0;
        for &n in lengths.iter().filter(|&&n| n > 0) {
            // (n, 3 × width) → (3 × heads, n, per_head): queries, keys, values by head.
            let by_head = qkv
                .narrow(0, start, n)?
                .reshape((n, 3 * h, per_head))?
                .transpose(0, 1)?
                .contiguous()?;
            let q = by_head.narrow(0, 0, h)?;
            let k = by_head.narrow(0, h, h)?;
            let v = by_head.narrow(0, 2 * h, h)?;
            let scores = (q.matmul(&k.t()?)? * scale)?;
            let probs = candle_nn::ops::softmax_last_dim(&scores)?;
            let context = probs.matmul(&v)?.transpose(0, 1)?.reshape((n, d))?;
            parts.push(context);
            start += n;
        }
        Tensor::cat(&parts, 0)
    }
}

/// The mean of `rows` (token vectors of one sentence), divided by its length.
fn mean_unit(rows: &[Vec<f32>], width: usize) -> Vec<f32> {
    if rows.is_empty() {
        return Vec::new();
    }
    let mut mean = vec![0f32; width];
    for row in rows {
        for (m, x) in mean.iter_mut().zip(row) {
            *m += x;
        }
    }
    let count = rows.len() as f32;
    for m in &mut mean {
        *m /= count;
    }
    let norm = mean.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    for m in &mut mean {
        *m /= norm;
    }
    mean
}

/// erf(z) = z · Q(z²) for |z| < 1: Q's coefficients, lowest power first (the first is the fit's,
/// one f32 step below 2/√π).
#[allow(clippy::approx_constant)]
const ERF_SMALL: [f32; 6] = [
    1.128_379_1,
    -0.376_123_2,
    0.112_801_306,
    -0.026_709_95,
    0.004_916_023_5,
    -0.000_562_539_6,
];
/// erfc(z) = t · exp(−z² + P(t − ½)), t = 1 / (1 + z/2), for 1 ≤ z ≤ 4 (and beyond, where it
/// is below f32's resolution next to 1): P's coefficients, lowest power first.
const ERFC_LARGE: [f32; 6] = [
    -0.671_794,
    1.345_285_8,
    0.189_325_12,
    -0.374_972_85,
    -0.153_326_63,
    0.268_381_4,
];

/// `c[0] + c[1]·x + c[2]·x² + …` by Horner's rule.
#[inline(always)]
fn polynomial(c: &[f32], x: f32) -> f32 {
    // A plain loop rather than an iterator fold: the same code once optimised, and several
    // times faster in the unoptimised test build.
    let mut i = c.len();
    let mut acc = 0.0;
    while i > 0 {
        i -= 1;
        acc = acc * x + c[i];
    }
    acc
}

/// e^r = 1 + r + r²/2! + … + r⁷/7!.
const EXP_TAYLOR: [f32; 8] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
];

/// e^y for y ≤ 0 (clamped at −87, where it is about 1.6e−38): y = k·ln 2 + r, |r| ≤ ½ ln 2,
/// e^r by its Taylor series to r⁷ (relative error under 1e−8), 2^k built from its bits.
#[inline(always)]
fn exp_nonpositive(y: f32) -> f32 {
    let y = y.max(-87.0);
    // Round y / ln 2 to the nearest integer k with adds only: adding 1.5 × 2²³ pushes the
    // fraction out, and k is then the low bits of the sum (no float-to-int conversion).
    let shifted = y * std::f32::consts::LOG2_E + 12_582_912.0;
    let k = shifted - 12_582_912.0;
    let k_bits = shifted.to_bits().wrapping_sub(0x4B40_0000);
    // ln 2 in two parts, the first exact in f32, so k · ln 2 loses nothing (Cody and Waite).
    let r = (y - k * 0.693_145_75) - k * 1.428_606_8e-6;
    polynomial(&EXP_TAYLOR, r) * f32::from_bits(k_bits.wrapping_add(127) << 23)
}

/// GELU, `x · (1 + erf(x/√2)) / 2`, within about one f32 rounding of the exact value (and of
/// candle's `gelu_erf`, which calls libm's `erff` per value): erf from a polynomial for
/// |x/√2| < 1 and from erfc (exponential times a polynomial) beyond, both computed and one
/// chosen, so a loop over a slice has no branches and the compiler runs it four values at a
/// time. The coefficients are least-squares fits in f64 to erf and erfc (Python's `math`
/// module) at 3,000 Chebyshev points, rounded to f32, and checked in f32 against libm's erf:
/// the tests below bound the difference.
#[inline(always)]
pub fn gelu(x: f32) -> f32 {
    let z = x * std::f32::consts::FRAC_1_SQRT_2;
    let a = z.abs();
    let s = a * a;
    let erf_small = a * polynomial(&ERF_SMALL, s);
    let t = 1.0 / (1.0 + 0.5 * a);
    let erfc_large = t * exp_nonpositive(polynomial(&ERFC_LARGE, t - 0.5) - s);
    let one_plus_erf = match (a < 1.0, z >= 0.0) {
        (true, true) => 1.0 + erf_small,
        (true, false) => 1.0 - erf_small,
        (false, true) => 2.0 - erfc_large,
        (false, false) => erfc_large,
    };
    one_plus_erf * 0.5 * x
}

/// GELU over a contiguous f32 tensor, as a candle operation ([`gelu`] per value).
#[derive(Debug, Clone, Copy, Default)]
pub struct Gelu;

impl CustomOp1 for Gelu {
    fn name(&self) -> &'static str {
        "gelu-erf-table"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("gelu: f32 tensors only");
        };
        let Some((from, to)) = layout.contiguous_offsets() else {
            candle_core::bail!("gelu: contiguous tensors only");
        };
        let src = &data[from..to];
        let mut out = vec![0f32; src.len()];
        // Sixteen at a time: four independent vectors keep the multipliers busy.
        let mut outs = out.chunks_exact_mut(16);
        let mut ins = src.chunks_exact(16);
        for (o, x) in (&mut outs).zip(&mut ins) {
            for (o, &x) in o.iter_mut().zip(x) {
                *o = gelu(x);
            }
        }
        for (o, &x) in outs.into_remainder().iter_mut().zip(ins.remainder()) {
            *o = gelu(x);
        }
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GELU in f64 from libm's erf (the exact value, for f32 purposes).
    fn exact(x: f32) -> f64 {
        let x = f64::from(x);
        0.5 * x * (1.0 + libm::erf(x / std::f64::consts::SQRT_2))
    }

    #[test]
    fn gelu_is_exact_and_candles_gelu_within_rounding() {
        let (mut from_exact, mut from_candle) = (0f64, 0f64);
        for i in -2_400_000..=2_400_000 {
            let x = i as f32 * 5e-6;
            let ours = gelu(x);
            // candle's gelu_erf for f32.
            let candle = (libm::erff(x * std::f32::consts::FRAC_1_SQRT_2) + 1.0) * 0.5 * x;
            let scale = f64::from(x.abs().max(1e-3));
            from_exact = from_exact.max((f64::from(ours) - exact(x)).abs() / scale);
            from_candle = from_candle.max(f64::from((ours - candle).abs()) / scale);
        }
        // One f32 rounding of 1 is 1.2e-7; candle's own error is about 1.1e-7.
        assert!(from_exact < 1.5e-7, "{from_exact:e} from the exact value");
        assert!(
            from_candle < 2.5e-7,
            "{from_candle:e} from candle's gelu_erf"
        );
    }

    #[test]
    fn gelu_at_the_ends() {
        assert_eq!(gelu(0.0), 0.0);
        assert_eq!(gelu(20.0), 20.0);
        assert_eq!(gelu(1e30), 1e30);
        assert!(gelu(-20.0).abs() < 1e-30);
        assert!(gelu(-1e30).abs() < 1e-30);
        assert!(gelu(f32::NAN).is_nan());
        for x in [-9.0f32, -5.0, -3.0, -1.0, -0.1, 0.1, 1.0, 3.0, 5.0, 9.0] {
            let exact = exact(x);
            assert!(
                (f64::from(gelu(x)) - exact).abs() <= 1.5e-7 * f64::from(x.abs()),
                "gelu({x}) = {} against {exact}",
                gelu(x)
            );
        }
    }

    #[test]
    fn exp_is_accurate_on_its_range() {
        for i in 0..87_000 {
            let y = -(i as f32) * 1e-3;
            let exact = f64::from(y).exp();
            let rel = (f64::from(exp_nonpositive(y)) - exact).abs() / exact;
            assert!(rel < 2.5e-7, "exp({y}): relative error {rel:e}");
        }
        assert!(exp_nonpositive(-1000.0) < 2e-38);
    }
}
