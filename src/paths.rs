//! Where rehearse keeps its files: the data folder (attempts, recordings, installed models),
//! the config folder (settings, the user's prompt packs) and the folders searched for models.
//!
//! Rules: every folder is found here and nowhere else. The environment overrides
//! (`REHEARSE_DATA_DIR`, `REHEARSE_CONFIG_DIR`, `REHEARSE_MODELS`, `REHEARSE_PROMPTS_DIR`) are
//! read once, the first time any folder is asked for; an empty value counts as unset. Without
//! an override the platform's folders for "rehearse" are used (`~/.local/share/rehearse` and
//! `~/.config/rehearse` on Linux). The release binary carries no path of the machine it was
//! built on: a development build also looks in the checkout's `models/` folder.

use std::path::PathBuf;
use std::sync::LazyLock;

/// Overrides the data folder (tests, portable use).
pub const DATA_DIR_ENV: &str = "REHEARSE_DATA_DIR";
/// Overrides the config folder.
pub const CONFIG_DIR_ENV: &str = "REHEARSE_CONFIG_DIR";
/// Names a folder of models, searched first and used for installs.
pub const MODELS_ENV: &str = "REHEARSE_MODELS";
/// Replaces the folder of the user's prompt packs.
pub const PROMPTS_DIR_ENV: &str = "REHEARSE_PROMPTS_DIR";

/// The folders, resolved once.
struct Folders {
    data: Option<PathBuf>,
    config: Option<PathBuf>,
    user_models: Option<PathBuf>,
    models_override: Option<PathBuf>,
    prompts: Option<PathBuf>,
}

static FOLDERS: LazyLock<Folders> = LazyLock::new(|| {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let project = directories::ProjectDirs::from("", "", "rehearse");
    let data = env(DATA_DIR_ENV).or_else(|| project.as_ref().map(|d| d.data_dir().to_path_buf()));
    let config =
        env(CONFIG_DIR_ENV).or_else(|| project.as_ref().map(|d| d.config_dir().to_path_buf()));
    Folders {
        prompts: env(PROMPTS_DIR_ENV).or_else(|| config.as_ref().map(|c| c.join("prompts"))),
        models_override: env(MODELS_ENV),
        user_models: project.as_ref().map(|d| d.data_dir().join("models")),
        data,
        config,
    }
});

/// The data folder: attempts, the index, installed models.
pub fn data_dir() -> Option<PathBuf> {
    FOLDERS.data.clone()
}

/// The config folder: `settings.json`.
pub fn config_dir() -> Option<PathBuf> {
    FOLDERS.config.clone()
}

/// The folder of the user's own prompt packs.
pub fn prompts_dir() -> Option<PathBuf> {
    FOLDERS.prompts.clone()
}

/// Where a recording in progress is written before it is kept in its attempt folder.
pub fn recordings_dir(data: &std::path::Path) -> PathBuf {
    data.join("recordings")
}

/// The per-user folder for models (`~/.local/share/rehearse/models` on Linux; not moved by
/// `REHEARSE_DATA_DIR`, so tests with a throw-away data folder still find the installed model).
pub fn user_models_dir() -> Option<PathBuf> {
    FOLDERS.user_models.clone()
}

/// Folders searched for models, in order, existing ones only (plus `$REHEARSE_MODELS`):
/// `$REHEARSE_MODELS`; the checkout's `models/` in a development build; `models/` in the
/// current folder (a checkout, for the release binary started by `make run`); the user's folder.
pub fn model_search_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = &FOLDERS.models_override {
        dirs.push(dir.clone());
    }
    #[cfg(debug_assertions)]
    {
        let checkout = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models");
        if checkout.is_dir() {
            dirs.push(checkout);
        }
    }
    if let Ok(here) = std::env::current_dir().map(|d| d.join("models"))
        && here.is_dir()
        && !dirs.contains(&here)
    {
        dirs.push(here);
    }
    if let Some(user) = user_models_dir() {
        dirs.push(user);
    }
    dirs.dedup();
    dirs
}
