//! `rehearse models` (under construction: see its issue).

#[derive(Debug, clap::Args)]
pub struct ModelsArgs {}

pub fn run(_args: ModelsArgs) -> anyhow::Result<()> {
    anyhow::bail!("`rehearse models` is not built yet")
}
