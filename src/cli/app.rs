//! `rehearse app`: opens the desktop app, optionally on a given screen, with a given prompt,
//! analysing a WAV file first, at a given window size (for going straight to a screen, and for
//! `scripts/screenshot.sh`, which photographs each screen at two sizes).
//!
//! Rule: a size that cannot be read is refused with the form expected; nothing else is checked
//! here (a missing file is reported by the app, on the practice screen).

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use crate::ui::{Launch, StartScreen};

#[derive(Debug, Default, Args)]
pub struct AppArgs {
    /// The screen to open on.
    #[arg(long, value_enum)]
    pub screen: Option<StartScreen>,
    /// The prompt to show (an id from `rehearse prompts list`) instead of a drawn one.
    #[arg(long)]
    pub prompt: Option<String>,
    /// A WAV file to analyse against the prompt shown (its feedback screen follows).
    #[arg(long)]
    pub open: Option<PathBuf>,
    /// The window's size in points, WIDTHxHEIGHT (for example 800x600).
    #[arg(long)]
    pub size: Option<String>,
}

pub fn run(args: AppArgs) -> anyhow::Result<()> {
    let size = args.size.as_deref().map(parse_size).transpose()?;
    crate::ui::run_app(Launch {
        screen: args.screen,
        prompt: args.prompt,
        open: args.open,
        size,
    })
}

/// "800x600" -> [800, 600]; at least the app's minimum window size.
fn parse_size(text: &str) -> anyhow::Result<[f32; 2]> {
    let parsed = text
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?)));
    let Some((width, height)) = parsed else {
        bail!("--size wants WIDTHxHEIGHT in points, for example 800x600; got {text:?}");
    };
    let [min_w, min_h] = crate::ui::MIN_WINDOW;
    if (width as f32) < min_w || (height as f32) < min_h {
        bail!("--size {text}: the window is at least {min_w}x{min_h}");
    }
    Ok([width as f32, height as f32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_and_nonsense_or_too_small_is_refused() {
        assert_eq!(parse_size("800x600").unwrap(), [800.0, 600.0]);
        assert_eq!(parse_size("1280X800").unwrap(), [1280.0, 800.0]);
        for bad in ["800", "x600", "800x", "eightxsix", "-800x600"] {
            let err = parse_size(bad).unwrap_err().to_string();
            assert!(err.contains("WIDTHxHEIGHT"), "{bad}: {err}");
        }
        assert!(
            parse_size("480x360")
                .unwrap_err()
                .to_string()
                .contains("at least")
        );
    }
}
