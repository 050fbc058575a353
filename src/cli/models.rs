//! `rehearse models list | install [NAME] [--force] | path [NAME]`: see, install and locate the
//! Whisper models and the sentence encoder of the coaching model. `install` with no name gets
//! both the default Whisper model and the encoder. Shows install progress with a bar; the
//! library underneath prints nothing.

use crate::encoder::{self, ENCODER};
use crate::models::{
    self, CATALOG, Checksum, DEFAULT_MODEL, InstallOptions, InstallProgress, ggml::human_bytes,
};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug, clap::Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    pub command: Option<ModelsCommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ModelsCommand {
    /// List the models rehearse knows and whether each is installed.
    List,
    /// Install a model from the first source that works (default: tiny.en-q8_0 and the sentence
    /// encoder all-minilm-l6-v2).
    Install {
        /// Model name (`rehearse models list` shows them); none installs both defaults.
        name: Option<String>,
        /// Install again even if a valid copy is present.
        #[arg(long)]
        force: bool,
    },
    /// Print the path of an installed model.
    Path {
        #[arg(default_value = DEFAULT_MODEL)]
        name: String,
    },
}

pub fn run(args: ModelsArgs) -> anyhow::Result<()> {
    match args.command.unwrap_or(ModelsCommand::List) {
        ModelsCommand::List => list(),
        ModelsCommand::Install { name, force } => match name {
            Some(name) => install(&name, force),
            None => {
                install(DEFAULT_MODEL, force)?;
                install(ENCODER.name, force)
            }
        },
        ModelsCommand::Path { name } => {
            if name == ENCODER.name {
                println!("{}", encoder::find()?.display());
            } else {
                println!("{}", models::find(&name)?.display());
            }
            Ok(())
        }
    }
}

fn list() -> anyhow::Result<()> {
    let dirs = models::search_dirs();
    for spec in CATALOG {
        let copies = models::copies_in(spec, &dirs);
        let mut lines = Vec::new();
        for (i, (path, check)) in copies.iter().enumerate() {
            // The first copy is the one rehearse uses; any later one is shadowed by it.
            let role = if i == 0 {
                ""
            } else {
                " (not used: an earlier copy comes first)"
            };
            lines.push(match check {
                Ok(valid) => {
                    let how = match valid.checksum {
                        Checksum::Official => "official checksum",
                        Checksum::Recorded => "checksum recorded at install",
                        Checksum::Unknown => "structure and values checked",
                    };
                    format!(
                        "installed, {}, {how}: {}{role}",
                        human_bytes(valid.summary.file_len),
                        path.display()
                    )
                }
                Err(e) => format!("broken: {e}{role}"),
            });
        }
        if lines.is_empty() {
            lines.push("not installed".to_string());
        }
        let default = if spec.name == DEFAULT_MODEL {
            " (default)"
        } else {
            ""
        };
        println!("{:<14} {}{default}", spec.name, spec.description);
        for line in lines {
            println!("               {line}");
        }
    }
    let status = match encoder::find() {
        Ok(dir) => match encoder::spec::check_checksums(&dir) {
            Ok(()) => format!("installed, SHA-256 checked: {}", dir.display()),
            Err(problem) => format!("broken: {problem}"),
        },
        Err(encoder::EncoderError::NotInstalled { .. }) => {
            "not installed (the coaching engine uses its rules)".to_string()
        }
        Err(e) => format!("broken: {e}"),
    };
    println!(
        "{} {}\n         {status}",
        ENCODER.name, ENCODER.description
    );
    println!(
        "Models are looked up in: {}",
        models::search_dirs()
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

fn install(name: &str, force: bool) -> anyhow::Result<()> {
    let opts = InstallOptions {
        force,
        ..InstallOptions::default()
    };
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let bytes_style = ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    let mut on_progress = |p: InstallProgress| match p {
        InstallProgress::Trying { source } => bar.set_message(format!("Trying {source}")),
        InstallProgress::SourceFailed { source, reason } => {
            let line = format!("  {source}: {reason}");
            if bar.is_hidden() {
                eprintln!("{line}")
            } else {
                bar.println(line)
            }
        }
        InstallProgress::Downloading { done, total } => {
            if let Some(total) = total {
                if bar.length() != Some(total) {
                    bar.set_length(total);
                    bar.set_style(bytes_style.clone());
                }
                bar.set_position(done);
            } else {
                bar.set_message(format!("Downloaded {}", human_bytes(done)));
            }
        }
        InstallProgress::Step { message } => bar.set_message(message),
    };
    let result = if name == ENCODER.name {
        encoder::install_with(&opts, &mut on_progress)
    } else {
        models::install_with(name, &opts, &mut on_progress)
    };
    bar.finish_and_clear();
    let installed = result.with_context(|| format!("installing {name}"))?;
    if installed.already_present {
        println!("{name} is already installed: {}", installed.path.display());
    } else {
        println!(
            "Installed {name} from {}: {}",
            installed.source,
            installed.path.display()
        );
    }
    Ok(())
}
