//! whisper.cpp's block quantization formats q8_0 and q5_1, written from f16/f32 weights.
//!
//! Rules (ggml's reference quantizers, `quantize_row_q8_0_ref` / `quantize_row_q5_1_ref`):
//! values are taken 32 at a time, in row-major order (every Whisper row is a multiple of 32
//! long, so no block straddles two rows).
//! - q8_0: scale `d = max|x| / 127`, `q = round(x / d)` as i8; a block is `d` (f16) then the
//!   32 bytes: 34 bytes.
//! - q5_1: `d = (max - min) / 31`, `m = min`, `q = round_half_up((x - min) / d)` in 0..=31; a
//!   block is `d` (f16), `m` (f16), then the 32 fifth bits packed in a little-endian u32
//!   (bit j for value j), then 16 bytes of low nibbles (value j in the low nibble of byte j,
//!   value j + 16 in the high nibble): 24 bytes.
//!
//! Sources: docs/sources.md ("Live transcription and quantized models"); ggml's `block_q8_0`
//! and `block_q5_1` layouts as read by whisper.cpp 1.8.

use half::f16;

/// Values per block in both formats.
pub const BLOCK: usize = 32;
/// Bytes per q8_0 block.
pub const Q8_0_BYTES: usize = 34;
/// Bytes per q5_1 block.
pub const Q5_1_BYTES: usize = 24;

/// Why values cannot be quantized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{len} values are not a whole number of {BLOCK}-value blocks")]
pub struct RaggedBlocks {
    pub len: usize,
}

fn blocks(values: &[f32]) -> Result<std::slice::ChunksExact<'_, f32>, RaggedBlocks> {
    if !values.len().is_multiple_of(BLOCK) {
        return Err(RaggedBlocks { len: values.len() });
    }
    Ok(values.chunks_exact(BLOCK))
}

/// Quantizes to q8_0 blocks.
pub fn q8_0(values: &[f32]) -> Result<Vec<u8>, RaggedBlocks> {
    let mut out = Vec::with_capacity(values.len() / BLOCK * Q8_0_BYTES);
    for block in blocks(values)? {
        let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let d = amax / 127.0;
        let id = if d != 0.0 { 1.0 / d } else { 0.0 };
        out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
        for v in block {
            out.push((v * id).round().clamp(-128.0, 127.0) as i8 as u8);
        }
    }
    Ok(out)
}

/// Quantizes to q5_1 blocks.
pub fn q5_1(values: &[f32]) -> Result<Vec<u8>, RaggedBlocks> {
    let mut out = Vec::with_capacity(values.len() / BLOCK * Q5_1_BYTES);
    for block in blocks(values)? {
        let min = block.iter().copied().fold(f32::INFINITY, f32::min);
        let max = block.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let d = (max - min) / 31.0;
        let id = if d != 0.0 { 1.0 / d } else { 0.0 };
        out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
        out.extend_from_slice(&f16::from_f32(min).to_le_bytes());
        let q: Vec<u8> = block
            .iter()
            .map(|v| (((v - min) * id) + 0.5).clamp(0.0, 31.0) as u8)
            .collect();
        let mut high_bits = 0u32;
        for (j, value) in q.iter().enumerate() {
            high_bits |= u32::from((value >> 4) & 1) << j;
        }
        out.extend_from_slice(&high_bits.to_le_bytes());
        let (low, high) = q.split_at(BLOCK / 2);
        for (a, b) in low.iter().zip(high) {
            out.push((a & 0x0f) | ((b & 0x0f) << 4));
        }
    }
    Ok(out)
}

/// Decodes q8_0 blocks (for checks).
pub fn dequantize_q8_0(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(Q8_0_BYTES)
        .flat_map(|b| {
            let d = f16::from_le_bytes([b[0], b[1]]).to_f32();
            b[2..].iter().map(move |&q| f32::from(q as i8) * d)
        })
        .collect()
}

/// Decodes q5_1 blocks (for checks).
pub fn dequantize_q5_1(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(Q5_1_BYTES)
        .flat_map(|b| {
            let d = f16::from_le_bytes([b[0], b[1]]).to_f32();
            let m = f16::from_le_bytes([b[2], b[3]]).to_f32();
            let high = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
            (0..BLOCK).map(move |j| {
                let nibble = if j < BLOCK / 2 {
                    b[8 + j] & 0x0f
                } else {
                    b[8 + j - BLOCK / 2] >> 4
                };
                let q = nibble | ((((high >> j) & 1) as u8) << 4);
                f32::from(q) * d + m
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| ((i as f32 * 0.731).sin() * 0.08) + if i % 97 == 0 { 0.3 } else { 0.0 })
            .collect()
    }

    #[test]
    fn q8_0_round_trips_within_half_a_step_and_the_scale_rounding() {
        let x = weights(32 * 50);
        let bytes = q8_0(&x).unwrap();
        assert_eq!(bytes.len(), 50 * Q8_0_BYTES);
        let y = dequantize_q8_0(&bytes);
        for (block_x, block_y) in x.chunks(32).zip(y.chunks(32)) {
            let step = block_x.iter().fold(0.0f32, |m, v| m.max(v.abs())) / 127.0;
            for (a, b) in block_x.iter().zip(block_y) {
                // Half a step, plus up to 127 times the f16 rounding of the scale (2^-11).
                assert!((a - b).abs() <= step * (0.5 + 127.0 / 2048.0), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn q5_1_round_trips_within_half_a_step_and_keeps_the_extremes() {
        let x = weights(32 * 50);
        let bytes = q5_1(&x).unwrap();
        assert_eq!(bytes.len(), 50 * Q5_1_BYTES);
        let y = dequantize_q5_1(&bytes);
        for (block_x, block_y) in x.chunks(32).zip(y.chunks(32)) {
            let min = block_x.iter().copied().fold(f32::INFINITY, f32::min);
            let max = block_x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let step = (max - min) / 31.0;
            for (a, b) in block_x.iter().zip(block_y) {
                assert!((a - b).abs() <= step * 0.5 + 2e-3, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn known_blocks_have_the_reference_layout() {
        // q8_0: 0..32 scaled so max is 127 -> scale 1.0, bytes are the values themselves.
        let x: Vec<f32> = (0..32).map(|i| i as f32 * 127.0 / 31.0).collect();
        let b = q8_0(&x).unwrap();
        assert_eq!(f16::from_le_bytes([b[0], b[1]]).to_f32(), 1.0);
        assert_eq!(b[2], 0);
        assert_eq!(b[33], 127);
        // q5_1: values 0..=31 -> d = 1, m = 0, value j stored as j; the 5th bit of 16..31.
        let x: Vec<f32> = (0..32).map(|i| i as f32).collect();
        let b = q5_1(&x).unwrap();
        assert_eq!(f16::from_le_bytes([b[0], b[1]]).to_f32(), 1.0);
        assert_eq!(f16::from_le_bytes([b[2], b[3]]).to_f32(), 0.0);
        assert_eq!(u32::from_le_bytes([b[4], b[5], b[6], b[7]]), 0xffff_0000);
        assert_eq!(b[8], 0x00); // value 0 low nibble, value 16 low nibble (16 & 15 = 0)
        assert_eq!(b[9], 0x11); // value 1 and value 17
        assert_eq!(b[23], 0xff); // value 15 and value 31
    }

    #[test]
    fn constant_blocks_and_ragged_input() {
        let zeros = q8_0(&[0.0; 32]).unwrap();
        assert!(dequantize_q8_0(&zeros).iter().all(|v| *v == 0.0));
        let flat = q5_1(&[0.25; 32]).unwrap();
        assert!(
            dequantize_q5_1(&flat)
                .iter()
                .all(|v| (*v - 0.25).abs() < 1e-3)
        );
        assert_eq!(q8_0(&[1.0; 33]), Err(RaggedBlocks { len: 33 }));
    }
}
