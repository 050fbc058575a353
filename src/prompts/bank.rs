//! The bank: built-in prompts merged with user packs, looked up by id and filtered.
//!
//! Order is deterministic (built-in files in [`BUILTIN_FILES`] order, then each pack directory
//! in the order given with its `*.toml` files sorted by name, prompts in file order) so that a
//! seeded draw gives the same sequence on every machine.

use super::error::PromptError;
use super::schema::parse_pack;
use super::{Difficulty, Prompt};
use crate::domain::{PromptKind, Role, Skill};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The built-in prompt files, compiled into the binary: (file name, contents).
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "behavioral-communication.toml",
        include_str!("../../prompts/behavioral-communication.toml"),
    ),
    (
        "behavioral-leadership.toml",
        include_str!("../../prompts/behavioral-leadership.toml"),
    ),
    (
        "behavioral-problem-solving.toml",
        include_str!("../../prompts/behavioral-problem-solving.toml"),
    ),
    (
        "behavioral-learning-agility.toml",
        include_str!("../../prompts/behavioral-learning-agility.toml"),
    ),
    (
        "behavioral-business-acumen.toml",
        include_str!("../../prompts/behavioral-business-acumen.toml"),
    ),
    (
        "behavioral-risk-management.toml",
        include_str!("../../prompts/behavioral-risk-management.toml"),
    ),
    (
        "behavioral-collaboration.toml",
        include_str!("../../prompts/behavioral-collaboration.toml"),
    ),
    (
        "honesty-growth.toml",
        include_str!("../../prompts/honesty-growth.toml"),
    ),
    (
        "objections.toml",
        include_str!("../../prompts/objections.toml"),
    ),
    ("pitches.toml", include_str!("../../prompts/pitches.toml")),
    ("roles.toml", include_str!("../../prompts/roles.toml")),
    (
        "engineering-process.toml",
        include_str!("../../prompts/engineering-process.toml"),
    ),
    (
        "common-questions.toml",
        include_str!("../../prompts/common-questions.toml"),
    ),
    (
        "roles-software.toml",
        include_str!("../../prompts/roles-software.toml"),
    ),
    (
        "roles-product-support-sales.toml",
        include_str!("../../prompts/roles-product-support-sales.toml"),
    ),
    (
        "roles-teaching-nursing.toml",
        include_str!("../../prompts/roles-teaching-nursing.toml"),
    ),
];

/// Environment variable that replaces the user pack directory (tests, portable installs).
pub use crate::paths::PROMPTS_DIR_ENV as USER_PACK_DIR_ENV;

/// Where user packs live: `$REHEARSE_PROMPTS_DIR` if set, else `prompts/` in the config
/// folder: `$REHEARSE_CONFIG_DIR` when set (as for the settings), else the user's config
/// directory (e.g. `~/.config/rehearse/prompts` on Linux).
pub fn user_pack_dir() -> Option<PathBuf> {
    crate::paths::prompts_dir()
}

/// Why `path` is not a regular file that can be read, when it is not.
fn not_a_readable_file(path: &Path) -> Option<String> {
    let link = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.file_type().is_symlink())
        .map(|_| {
            std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default()
        });
    match (std::fs::metadata(path), link) {
        (Ok(meta), _) if meta.is_file() => None,
        (Ok(meta), _) if meta.is_dir() => Some("it is a folder, not a prompt file".into()),
        (Ok(_), _) => Some("it is not a regular file".into()),
        (Err(_), Some(target)) if link_loops(path) => Some(format!(
            "it is a link to {target} that leads back to itself (a link loop)"
        )),
        (Err(_), Some(target)) => Some(format!("it is a link to {target}, which does not exist")),
        (Err(e), None) => Some(e.to_string()),
    }
}

/// Whether following the links from `path` comes back to a link already visited.
fn link_loops(path: &Path) -> bool {
    let mut seen = Vec::new();
    let mut at = path.to_path_buf();
    while let Ok(target) = std::fs::read_link(&at) {
        if seen.contains(&at) || seen.len() > 64 {
            return true;
        }
        seen.push(at.clone());
        at = at.parent().unwrap_or(Path::new("")).join(target);
    }
    false
}

/// Which prompts to keep. Every `None` matches everything. The app remembers the last one
/// between runs (a missing field reads as "any").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PromptFilter {
    pub kind: Option<PromptKind>,
    pub skill: Option<Skill>,
    /// A role matches prompts tagged with it and prompts tagged `general`.
    pub role: Option<Role>,
    pub difficulty: Option<Difficulty>,
}

impl PromptFilter {
    pub fn matches(&self, prompt: &Prompt) -> bool {
        self.kind.is_none_or(|k| prompt.kind == k)
            && self.skill.is_none_or(|s| prompt.skills.contains(&s))
            && self.role.is_none_or(|r| prompt.suits_role(r))
            && self.difficulty.is_none_or(|d| prompt.difficulty == d)
    }

    /// The filter for a pitch drill: a pitch, with the same skill, role and difficulty.
    pub fn for_drill(self) -> PromptFilter {
        PromptFilter {
            kind: Some(PromptKind::Pitch),
            ..self
        }
    }
}

/// All loaded prompts, in a fixed order, indexed by id.
#[derive(Debug, Clone, Default)]
pub struct PromptBank {
    prompts: Vec<Prompt>,
    by_id: HashMap<String, usize>,
    /// Old ids of merged prompts, pointing at the prompt that replaced them.
    by_alias: HashMap<String, usize>,
}

impl PromptBank {
    /// The built-in prompts only. The built-in files are validated by the test suite; should
    /// one ever fail to load, its bad prompts are left out rather than stopping the app.
    pub fn builtin() -> PromptBank {
        let mut bank = PromptBank::default();
        let mut errors = Vec::new();
        for (name, text) in BUILTIN_FILES {
            bank.add_file(name, text, true, &mut errors);
        }
        debug_assert!(errors.is_empty(), "built-in prompt errors: {errors:?}");
        bank
    }

    /// The built-ins, then the user pack directory (if it exists), then each of `extra_dirs`.
    /// Returns every problem found; a bad file or prompt is skipped, never the rest.
    pub fn load(extra_dirs: &[PathBuf]) -> (PromptBank, Vec<PromptError>) {
        let mut bank = PromptBank::builtin();
        let mut errors = Vec::new();
        if let Some(dir) = user_pack_dir()
            && dir.is_dir()
        {
            bank.add_dir(&dir, &mut errors);
        }
        for dir in extra_dirs {
            bank.add_dir(dir, &mut errors);
        }
        (bank, errors)
    }

    /// The built-ins plus exactly the given pack directories (no user config directory).
    pub fn with_packs(dirs: &[PathBuf]) -> (PromptBank, Vec<PromptError>) {
        let mut bank = PromptBank::builtin();
        let mut errors = Vec::new();
        for dir in dirs {
            bank.add_dir(dir, &mut errors);
        }
        (bank, errors)
    }

    /// Adds every `*.toml` file of `dir` (sorted by name). A `dir` that is a single file is
    /// read as one pack file.
    pub fn add_dir(&mut self, dir: &Path, errors: &mut Vec<PromptError>) {
        if dir.is_file() {
            self.add_path(dir, errors);
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(source) => {
                errors.push(PromptError::UnreadableDir {
                    dir: dir.to_path_buf(),
                    source,
                });
                return;
            }
        };
        // Every `*.toml` entry is read or reported: a folder, a dangling link or a link loop
        // under that name is an error, never silently passed over.
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        if files.len() > crate::bounded::MAX_PACK_FILES {
            errors.push(PromptError::UnreadableDir {
                dir: dir.to_path_buf(),
                source: std::io::Error::other(format!(
                    "it holds {} prompt files; only the first {} (by name) are read",
                    files.len(),
                    crate::bounded::MAX_PACK_FILES
                )),
            });
            files.truncate(crate::bounded::MAX_PACK_FILES);
        }
        for file in files {
            self.add_path(&file, errors);
        }
    }

    fn add_path(&mut self, file: &Path, errors: &mut Vec<PromptError>) {
        if let Some(problem) = not_a_readable_file(file) {
            errors.push(PromptError::UnreadableFile {
                file: file.to_path_buf(),
                source: std::io::Error::other(problem),
            });
            return;
        }
        match crate::bounded::read_text(file, crate::bounded::MAX_PACK_FILE_BYTES) {
            Ok(text) => self.add_file(&file.display().to_string(), &text, false, errors),
            Err(source) => errors.push(PromptError::UnreadableFile {
                file: file.to_path_buf(),
                source,
            }),
        }
    }

    /// Parses one file's text and adds its valid prompts, skipping (and reporting) any whose
    /// id is already taken.
    pub fn add_file(
        &mut self,
        name: &str,
        text: &str,
        builtin: bool,
        errors: &mut Vec<PromptError>,
    ) {
        let (prompts, mut file_errors) = parse_pack(name, text, builtin);
        errors.append(&mut file_errors);
        for prompt in prompts {
            // A reused id is reported below; here, an id or alias that clashes with an alias,
            // or an alias that clashes with an id.
            let clash = if self.by_id.contains_key(&prompt.id) {
                None
            } else {
                std::iter::once(&prompt.id)
                    .chain(&prompt.aliases)
                    .find_map(|name| {
                        let i = self.by_id.get(name).or_else(|| self.by_alias.get(name))?;
                        Some((name.clone(), *i))
                    })
            };
            if let Some((name, i)) = clash {
                let first = &self.prompts[i].source;
                let field = if name == prompt.id { "id" } else { "aliases" };
                errors.push(PromptError::NameTaken {
                    file: prompt.source.file,
                    line: prompt.source.line,
                    id: prompt.id,
                    field,
                    name,
                    first: format!("{}:{}", first.file, first.line),
                });
                continue;
            }
            if let Some(&i) = self.by_id.get(&prompt.id) {
                let first = &self.prompts[i].source;
                let first_at = format!("{}:{}", first.file, first.line);
                let (file, line, id) = (prompt.source.file, prompt.source.line, prompt.id);
                errors.push(if first.builtin && !builtin {
                    PromptError::OverridesBuiltin {
                        file,
                        line,
                        id,
                        builtin: first_at,
                    }
                } else {
                    PromptError::DuplicateId {
                        file,
                        line,
                        id,
                        first: first_at,
                    }
                });
                continue;
            }
            for alias in &prompt.aliases {
                self.by_alias.insert(alias.clone(), self.prompts.len());
            }
            self.by_id.insert(prompt.id.clone(), self.prompts.len());
            self.prompts.push(prompt);
        }
    }

    /// The prompt with this id, or the prompt an old id was merged into.
    pub fn get(&self, id: &str) -> Option<&Prompt> {
        self.by_id
            .get(id)
            .or_else(|| self.by_alias.get(id))
            .map(|&i| &self.prompts[i])
    }

    /// The current id for `id`: itself, or the id of the prompt it was merged into.
    pub fn canonical_id<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).map_or(id, |p| p.id.as_str())
    }

    pub fn all(&self) -> &[Prompt] {
        &self.prompts
    }

    pub fn len(&self) -> usize {
        self.prompts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prompts.is_empty()
    }

    /// The prompts matching `filter`, in bank order.
    pub fn filter(&self, filter: &PromptFilter) -> Vec<&Prompt> {
        self.prompts.iter().filter(|p| filter.matches(p)).collect()
    }

    /// The pitches a drill of `seconds` draws from: those matching the filter's skill, role and
    /// difficulty ([`PromptFilter::for_drill`]), narrowed to the ones whose band holds that
    /// length when any does. Empty when no pitch matches the filter.
    pub fn drill_pool(&self, filter: &PromptFilter, seconds: u32) -> Vec<&Prompt> {
        let pool = self.filter(&filter.for_drill());
        let fitting: Vec<&Prompt> = pool
            .iter()
            .copied()
            .filter(|p| p.target_seconds.0 <= seconds && seconds <= p.target_seconds.1)
            .collect();
        if fitting.is_empty() { pool } else { fitting }
    }
}
