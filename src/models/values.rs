//! The numbers inside a model file: every weight and mel filter value must be finite.
//!
//! Rule: a model whose structure is sound can still hold a NaN or an infinity in one tensor
//! (a damaged download, a bad conversion, a crafted file), and whisper.cpp then crashes deep in
//! its timestamp code instead of failing. So every f32 and f16 value of the mel filters and of
//! each tensor is checked once, after [`crate::models::ggml::inspect`] accepted the structure.
//! The result is cached in the checksum file written at install (`<model>.sha1`, line
//! [`VALUES_MARK`]): a file whose recorded SHA-1 still matches and carries the mark is not
//! scanned again. Sources: the GGML layout in [`crate::models::ggml`]; IEEE 754 (an f16 with
//! all exponent bits set, 0x7C00, is an infinity or a NaN). Quantized tensors (q8_0, q5_1) are
//! blocks of 32 weights: their integer parts are always finite, so the f16 scale (and the q5_1
//! minimum) that starts each block is what is checked.

use crate::models::ggml::{
    GGML_TYPE_F16, GGML_TYPE_F32, GGML_TYPE_Q5_1, GGML_TYPE_Q8_0, ModelProblem,
};
use std::io::{self, BufReader, Read};
use std::path::Path;

/// The line added to a model's `.sha1` file once its values were found finite.
pub const VALUES_MARK: &str = "# tensor values: all finite";

/// How many bytes are checked at a time.
const BLOCK: usize = 1 << 16;

/// Failure of [`check_file`]: a reading error, or the first value that is not finite.
#[derive(Debug)]
pub enum ValuesError {
    Io(io::Error),
    Problem(ModelProblem),
}

fn read_i32<R: Read>(r: &mut R) -> io::Result<i32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(i32::from_le_bytes(b))
}

/// Checks every stored value of a GGML file whose structure was already accepted.
pub fn check_file(path: &Path) -> Result<(), ValuesError> {
    let file = std::fs::File::open(path).map_err(ValuesError::Io)?;
    let mut r = BufReader::with_capacity(BLOCK, file);
    check_stream(&mut r)
}

/// [`check_file`] over any reader positioned at the start of the file.
pub fn check_stream<R: Read>(r: &mut R) -> Result<(), ValuesError> {
    let io = ValuesError::Io;
    let mut header = [0u8; 48];
    r.read_exact(&mut header).map_err(io)?;
    let n_mel = read_i32(r).map_err(io)?;
    let n_fft = read_i32(r).map_err(io)?;
    let mel_values = u64::from(n_mel.unsigned_abs()) * u64::from(n_fft.unsigned_abs());
    check_values(r, "mel filters", GGML_TYPE_F32, mel_values)?;
    let words = read_i32(r).map_err(io)?;
    for _ in 0..words.max(0) {
        let len = read_i32(r).map_err(io)?;
        skip(r, u64::from(len.unsigned_abs()))?;
    }
    loop {
        let mut first = [0u8; 4];
        match r.read(&mut first).map_err(io)? {
            0 => return Ok(()),
            n if n < 4 => r.read_exact(&mut first[n..]).map_err(io)?,
            _ => {}
        }
        let n_dims = i32::from_le_bytes(first);
        let name_len = read_i32(r).map_err(io)?;
        let ttype = read_i32(r).map_err(io)?;
        let mut elements = 1u64;
        for _ in 0..n_dims.clamp(0, 4) {
            elements = elements.saturating_mul(u64::from(read_i32(r).map_err(io)?.unsigned_abs()));
        }
        let mut name = vec![0u8; name_len.clamp(0, 256) as usize];
        r.read_exact(&mut name).map_err(io)?;
        let name = String::from_utf8_lossy(&name).into_owned();
        check_values(r, &name, ttype, elements)?;
    }
}

/// How values of a type are stored: `unit` bytes hold `per_unit` values, and the unit starts
/// with `f16s` f16 numbers to check (0: the unit is one f32).
struct Layout {
    unit: u64,
    per_unit: u64,
    f16s: usize,
}

/// Reads `count` values of `ttype` and fails on the first that is not finite.
fn check_values<R: Read>(r: &mut R, name: &str, ttype: i32, count: u64) -> Result<(), ValuesError> {
    let layout = match ttype {
        GGML_TYPE_F32 => Layout {
            unit: 4,
            per_unit: 1,
            f16s: 0,
        },
        GGML_TYPE_F16 => Layout {
            unit: 2,
            per_unit: 1,
            f16s: 1,
        },
        // block_q8_0: f16 scale, 32 x i8.
        GGML_TYPE_Q8_0 => Layout {
            unit: 34,
            per_unit: 32,
            f16s: 1,
        },
        // block_q5_1: f16 scale, f16 minimum, 4 bytes of high bits, 16 bytes of low nibbles.
        GGML_TYPE_Q5_1 => Layout {
            unit: 24,
            per_unit: 32,
            f16s: 2,
        },
        other => {
            return Err(ValuesError::Problem(ModelProblem::Tensor {
                name: name.to_string(),
                problem: format!("stored as type {other}, which rehearse does not load"),
            }));
        }
    };
    let units = count.div_ceil(layout.per_unit);
    let mut left = units.saturating_mul(layout.unit);
    // Whole units per read.
    let mut buf = vec![0u8; (BLOCK as u64 / layout.unit * layout.unit) as usize];
    let mut unit_index = 0u64;
    while left > 0 {
        let n = buf.len().min(left as usize);
        r.read_exact(&mut buf[..n]).map_err(ValuesError::Io)?;
        let bad = buf[..n].chunks_exact(layout.unit as usize).position(|u| {
            if layout.f16s == 0 {
                !f32::from_le_bytes([u[0], u[1], u[2], u[3]]).is_finite()
            } else {
                u[..2 * layout.f16s]
                    .chunks_exact(2)
                    .any(|c| u16::from_le_bytes([c[0], c[1]]) & 0x7C00 == 0x7C00)
            }
        });
        if let Some(at) = bad {
            return Err(ValuesError::Problem(ModelProblem::NonFinite {
                name: name.to_string(),
                index: (unit_index + at as u64) * layout.per_unit,
            }));
        }
        unit_index += n as u64 / layout.unit;
        left -= n as u64;
    }
    Ok(())
}

fn skip<R: Read>(r: &mut R, n: u64) -> Result<(), ValuesError> {
    let copied = io::copy(&mut r.take(n), &mut io::sink()).map_err(ValuesError::Io)?;
    if copied < n {
        return Err(ValuesError::Io(io::ErrorKind::UnexpectedEof.into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_file(values: &[f32], f16_bits: &[u16]) -> Vec<u8> {
        let mut out = vec![0u8; 48];
        out.extend_from_slice(&1i32.to_le_bytes());
        out.extend_from_slice(&2i32.to_le_bytes());
        out.extend_from_slice(&0.5f32.to_le_bytes());
        out.extend_from_slice(&0.25f32.to_le_bytes());
        out.extend_from_slice(&1i32.to_le_bytes()); // one word
        out.extend_from_slice(&2i32.to_le_bytes());
        out.extend_from_slice(b"hi");
        for (name, ttype, data) in [
            (
                "a",
                GGML_TYPE_F32,
                values
                    .iter()
                    .flat_map(|v| v.to_le_bytes())
                    .collect::<Vec<_>>(),
            ),
            (
                "b",
                GGML_TYPE_F16,
                f16_bits.iter().flat_map(|v| v.to_le_bytes()).collect(),
            ),
        ] {
            let count = data.len() as i32 / if ttype == GGML_TYPE_F32 { 4 } else { 2 };
            out.extend_from_slice(&1i32.to_le_bytes());
            out.extend_from_slice(&(name.len() as i32).to_le_bytes());
            out.extend_from_slice(&ttype.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&data);
        }
        out
    }

    #[test]
    fn finite_values_pass_and_the_first_nan_or_infinity_is_named() {
        assert!(check_stream(&mut &tiny_file(&[1.0, -2.0], &[0x3C00, 0x0001])[..]).is_ok());
        match check_stream(&mut &tiny_file(&[1.0, f32::NAN], &[0x3C00])[..]) {
            Err(ValuesError::Problem(ModelProblem::NonFinite { name, index })) => {
                assert_eq!((name.as_str(), index), ("a", 1));
            }
            other => panic!("{other:?}"),
        }
        // f16 infinity (0x7C00) and f16 NaN (0x7E00).
        for bits in [0x7C00u16, 0xFE00] {
            match check_stream(&mut &tiny_file(&[1.0], &[0, 0, bits])[..]) {
                Err(ValuesError::Problem(ModelProblem::NonFinite { name, index })) => {
                    assert_eq!((name.as_str(), index), ("b", 2));
                }
                other => panic!("{other:?}"),
            }
        }
    }

    /// A file with one quantized tensor of `blocks` blocks, each with the given f16 scale
    /// bits, and quant bytes that would read as an f16 infinity if they were checked.
    fn quantized_file(ttype: i32, scales: &[u16]) -> Vec<u8> {
        let mut out = vec![0u8; 48];
        out.extend_from_slice(&1i32.to_le_bytes());
        out.extend_from_slice(&1i32.to_le_bytes());
        out.extend_from_slice(&0.5f32.to_le_bytes());
        out.extend_from_slice(&0i32.to_le_bytes()); // no words
        out.extend_from_slice(&1i32.to_le_bytes());
        out.extend_from_slice(&1i32.to_le_bytes());
        out.extend_from_slice(&ttype.to_le_bytes());
        out.extend_from_slice(&(32 * scales.len() as i32).to_le_bytes());
        out.extend_from_slice(b"q");
        for &scale in scales {
            out.extend_from_slice(&scale.to_le_bytes());
            if ttype == GGML_TYPE_Q5_1 {
                out.extend_from_slice(&0x3C00u16.to_le_bytes()); // the minimum
                out.extend_from_slice(&[0x7C; 20]);
            } else {
                out.extend_from_slice(&[0x7C; 32]);
            }
        }
        out
    }

    #[test]
    fn quantized_blocks_are_checked_by_their_scales() {
        for ttype in [GGML_TYPE_Q8_0, GGML_TYPE_Q5_1] {
            let good = quantized_file(ttype, &[0x3C00, 0x2000, 0x0001]);
            assert!(check_stream(&mut &good[..]).is_ok(), "type {ttype}");
            match check_stream(&mut &quantized_file(ttype, &[0x3C00, 0x7C00])[..]) {
                Err(ValuesError::Problem(ModelProblem::NonFinite { name, index })) => {
                    assert_eq!((name.as_str(), index), ("q", 32), "type {ttype}");
                }
                other => panic!("type {ttype}: {other:?}"),
            }
            // A file cut inside a block is a reading error, not a pass.
            let cut = &good[..good.len() - 3];
            assert!(matches!(
                check_stream(&mut &cut[..]),
                Err(ValuesError::Io(_))
            ));
        }
    }
}
