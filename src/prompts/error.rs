//! Errors of the prompt loader. Each one names the file and, where the file could be read, the
//! line and the field, so the author of a pack can go straight to the fix.

use std::path::PathBuf;

/// Why a prompt file, or one prompt in it, was not loaded.
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    /// A `--prompts DIR` (or the user pack directory) that cannot be listed.
    #[error("{dir}: cannot read prompt pack directory: {source}")]
    UnreadableDir {
        dir: PathBuf,
        source: std::io::Error,
    },

    /// A prompt file that cannot be read (permissions, not UTF-8...).
    #[error("{file}: cannot read prompt file: {source}")]
    UnreadableFile {
        file: PathBuf,
        source: std::io::Error,
    },

    /// Not valid TOML, or valid TOML that does not fit the schema (unknown field, missing
    /// field, misspelt enum, wrong type). The whole file is skipped.
    #[error("{file}:{line}:{column}: {}{message}", field_prefix(.field.as_deref()))]
    Schema {
        file: String,
        line: usize,
        column: usize,
        field: Option<String>,
        message: String,
    },

    /// A prompt that parses but breaks a rule (empty text, min > max, objection without steps).
    /// That prompt is skipped.
    #[error("{file}:{line}: prompt `{id}`: field `{field}`: {message}")]
    Invalid {
        file: String,
        line: usize,
        id: String,
        field: String,
        message: String,
    },

    /// Two prompts with the same id. The later one is skipped.
    #[error("{file}:{line}: field `id`: duplicate prompt id `{id}` (first defined at {first})")]
    DuplicateId {
        file: String,
        line: usize,
        id: String,
        first: String,
    },

    /// A user prompt reusing a built-in id. The user prompt is skipped; rename it to keep both.
    #[error(
        "{file}:{line}: field `id`: prompt id `{id}` is already used by the built-in prompt in {builtin}; choose another id"
    )]
    OverridesBuiltin {
        file: String,
        line: usize,
        id: String,
        builtin: String,
    },

    /// A prompt whose id or alias is already an id or alias of another prompt (aliases are
    /// the old ids of merged prompts). The later prompt is skipped.
    #[error(
        "{file}:{line}: prompt `{id}`: field `{field}`: `{name}` already names the prompt at {first} (as its id or an alias); choose another"
    )]
    NameTaken {
        file: String,
        line: usize,
        id: String,
        field: &'static str,
        name: String,
        first: String,
    },

    /// A file with no `[[prompt]]` tables at all.
    #[error("{file}:1: field `prompt`: the file defines no [[prompt]] tables")]
    EmptyPack { file: String },
}

fn field_prefix(field: Option<&str>) -> String {
    match field {
        Some(f) => format!("field `{f}`: "),
        None => String::new(),
    }
}

impl PromptError {
    /// The file (or directory) the error is about, as displayed.
    pub fn file(&self) -> String {
        match self {
            PromptError::UnreadableDir { dir, .. } => dir.display().to_string(),
            PromptError::UnreadableFile { file, .. } => file.display().to_string(),
            PromptError::Schema { file, .. }
            | PromptError::Invalid { file, .. }
            | PromptError::DuplicateId { file, .. }
            | PromptError::OverridesBuiltin { file, .. }
            | PromptError::NameTaken { file, .. }
            | PromptError::EmptyPack { file } => file.clone(),
        }
    }

    /// The 1-based line the error points at, when the file could be read.
    pub fn line(&self) -> Option<usize> {
        match self {
            PromptError::UnreadableDir { .. } | PromptError::UnreadableFile { .. } => None,
            PromptError::Schema { line, .. }
            | PromptError::Invalid { line, .. }
            | PromptError::DuplicateId { line, .. }
            | PromptError::OverridesBuiltin { line, .. }
            | PromptError::NameTaken { line, .. } => Some(*line),
            PromptError::EmptyPack { .. } => Some(1),
        }
    }

    /// The field at fault, when one can be named.
    pub fn field(&self) -> Option<&str> {
        match self {
            PromptError::UnreadableDir { .. } | PromptError::UnreadableFile { .. } => None,
            PromptError::Schema { field, .. } => field.as_deref(),
            PromptError::Invalid { field, .. } => Some(field),
            PromptError::DuplicateId { .. } | PromptError::OverridesBuiltin { .. } => Some("id"),
            PromptError::NameTaken { field, .. } => Some(field),
            PromptError::EmptyPack { .. } => Some("prompt"),
        }
    }
}
