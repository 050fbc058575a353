//! Reading the encoder's `model.safetensors` tensor by tensor, so the file is never held in
//! memory beside the weights made from it.
//!
//! Rule: a safetensors file is an 8-byte little-endian header length, a JSON header naming each
//! tensor's `dtype`, `shape` and `data_offsets` (begin and end, in bytes after the header), then
//! the data. The f32 tensors are read in the order they lie in the file, straight into their
//! values (through a 1 MiB buffer), and made tensors; tensors of other types (the model's I64
//! `position_ids`, which the forward pass does not read) are skipped. Memory-mapping the file
//! would cost nothing, but the crate forbids `unsafe`, and reading the whole file first (as
//! `VarBuilder::from_buffered_safetensors` needs) doubled the encoder's peak memory to twice
//! the 91 MB file. Source: the safetensors format description (huggingface/safetensors README).

use candle_core::{Device, Tensor};
use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;

/// A header larger than this is not a sentence encoder's (the real one is 11 KB).
const MAX_HEADER_BYTES: u64 = 16 << 20;

#[derive(serde::Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [u64; 2],
}

/// The f32 tensors of the safetensors file at `path`, by name. The error says what is wrong
/// with the file.
pub fn read_f32_tensors(path: &Path, device: &Device) -> Result<HashMap<String, Tensor>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let file_len = file.metadata().map_err(|e| e.to_string())?.len();
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut len = [0u8; 8];
    reader.read_exact(&mut len).map_err(|e| e.to_string())?;
    let header_len = u64::from_le_bytes(len);
    if header_len > MAX_HEADER_BYTES || 8 + header_len > file_len {
        return Err(format!(
            "the header length {header_len} does not fit the file"
        ));
    }
    let mut header = vec![0u8; header_len as usize];
    reader.read_exact(&mut header).map_err(|e| e.to_string())?;
    let mut header: HashMap<String, serde_json::Value> =
        serde_json::from_slice(&header).map_err(|e| format!("header: {e}"))?;
    header.remove("__metadata__");
    let mut entries: Vec<(String, Entry)> = header
        .into_iter()
        .map(|(name, v)| {
            serde_json::from_value::<Entry>(v)
                .map(|e| (name.clone(), e))
                .map_err(|e| format!("header entry {name}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|(_, e)| e.data_offsets[0]);
    let data_len = file_len - 8 - header_len;
    let mut at = 0u64; // bytes of data consumed
    let mut tensors = HashMap::with_capacity(entries.len());
    for (name, entry) in entries {
        let [begin, end] = entry.data_offsets;
        if begin < at || end < begin || end > data_len {
            return Err(format!(
                "{name}: data offsets {begin}..{end} out of order or range"
            ));
        }
        skip(&mut reader, begin - at)?;
        at = end;
        if entry.dtype != "F32" {
            skip(&mut reader, end - begin)?;
            continue;
        }
        let count: usize = entry.shape.iter().product();
        if (end - begin) != count as u64 * 4 {
            return Err(format!(
                "{name}: {} bytes for shape {:?}",
                end - begin,
                entry.shape
            ));
        }
        // Read straight into the f32 values (the file is little-endian, as the CPU is).
        let mut values = vec![0f32; count];
        reader
            .read_exact(bytemuck::cast_slice_mut(&mut values))
            .map_err(|e| format!("{name}: {e}"))?;
        if cfg!(target_endian = "big") {
            for v in &mut values {
                *v = f32::from_bits(v.to_bits().swap_bytes());
            }
        }
        let tensor = Tensor::from_vec(values, entry.shape, device).map_err(|e| e.to_string())?;
        tensors.insert(name, tensor);
    }
    Ok(tensors)
}

fn skip(reader: &mut impl Read, bytes: u64) -> Result<(), String> {
    let skipped =
        std::io::copy(&mut reader.take(bytes), &mut std::io::sink()).map_err(|e| e.to_string())?;
    if skipped != bytes {
        return Err("the file ends early".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A safetensors file written here: header, then data.
    fn file(header: &str, data: &[u8]) -> tempfile::NamedTempFile {
        use std::io::Write;
        let mut f = tempfile::NamedTempFile::new().expect("a temporary file");
        let bytes = [
            &(header.len() as u64).to_le_bytes()[..],
            header.as_bytes(),
            data,
        ]
        .concat();
        f.write_all(&bytes).expect("written");
        f
    }

    #[test]
    fn reads_f32_tensors_and_skips_others() {
        let values = [1.5f32, -2.0, 0.25, 8.0, 3.0, 4.0];
        let mut data: Vec<u8> = vec![7u8; 16]; // an I64 [2] tensor first
        for v in values {
            data.extend(v.to_le_bytes());
        }
        let header = r#"{"__metadata__":{"format":"pt"},
            "ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},
            "b":{"dtype":"F32","shape":[2],"data_offsets":[32,40]},
            "a":{"dtype":"F32","shape":[2,2],"data_offsets":[16,32]}}"#;
        let f = file(header, &data);
        let t = read_f32_tensors(f.path(), &Device::Cpu).expect("read");
        assert_eq!(t.len(), 2);
        assert_eq!(
            t["a"].to_vec2::<f32>().expect("2-D"),
            vec![vec![1.5, -2.0], vec![0.25, 8.0]]
        );
        assert_eq!(t["b"].to_vec1::<f32>().expect("1-D"), vec![3.0, 4.0]);
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_panic() {
        let data = vec![0u8; 8];
        for header in [
            "not json",
            r#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, // past the end
            r#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,  // wrong size
            r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#,  // backwards
            r#"{"a":{"dtype":"F32","data_offsets":[0,8]}}"#,              // no shape
        ] {
            let f = file(header, &data);
            assert!(
                read_f32_tensors(f.path(), &Device::Cpu).is_err(),
                "{header}"
            );
        }
        let mut short = tempfile::NamedTempFile::new().expect("a temporary file");
        std::io::Write::write_all(&mut short, &u64::MAX.to_le_bytes()).expect("written");
        assert!(read_f32_tensors(short.path(), &Device::Cpu).is_err());
    }
}
