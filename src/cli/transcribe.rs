//! `rehearse transcribe` and `rehearse bench` (under construction: see its issue).

#[derive(Debug, clap::Args)]
pub struct TranscribeArgs {}

#[derive(Debug, clap::Args)]
pub struct BenchArgs {}

pub fn run(_args: TranscribeArgs) -> anyhow::Result<()> {
    anyhow::bail!("`rehearse transcribe` is not built yet")
}

pub fn bench(_args: BenchArgs) -> anyhow::Result<()> {
    anyhow::bail!("`rehearse bench` is not built yet")
}
