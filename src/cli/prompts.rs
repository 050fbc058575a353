//! `rehearse prompts` (under construction: see its issue).

#[derive(Debug, clap::Args)]
pub struct PromptsArgs {}

pub fn run(_args: PromptsArgs) -> anyhow::Result<()> {
    anyhow::bail!("`rehearse prompts` is not built yet")
}
