//! `rehearse history` (under construction: see its issue).

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {}

pub fn run(_args: HistoryArgs) -> anyhow::Result<()> {
    anyhow::bail!("`rehearse history` is not built yet")
}
