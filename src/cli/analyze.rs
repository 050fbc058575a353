//! `rehearse analyze` and `rehearse eval` (under construction: see its issue).

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {}

pub fn run(_args: AnalyzeArgs) -> anyhow::Result<()> {
    anyhow::bail!("`rehearse analyze` is not built yet")
}

pub fn eval(_args: EvalArgs) -> anyhow::Result<()> {
    anyhow::bail!("`rehearse eval` is not built yet")
}
