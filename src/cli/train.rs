//! `rehearse train [--dry-run] [--cv-disagreements] [--cv-only] [--fixed-settings] [--author-row A,B]` (hidden;
//! `make train`): trains the sentence-role heads from the labelled files, prints the evaluation
//! table (5-fold cross-validation, the test split and the held-out set, rules against model)
//! and writes `src/analysis/roles/heads.json` in the source checkout. `--cv-disagreements` also
//! lists the cross-validation's out-of-fold mistakes on training-pool answers (never the test
//! split); `--cv-only` stops after the cross-validation (no test split, no heads written);
//! `--author-row d9` adds a row for those test authors' answers alone; `--fixed-settings`
//! cross-validates only the fifth retrain's penalty, hidden width and swallowed roles.
//! Needs the installed sentence encoder (`rehearse models install`).
//! `rehearse train-flags [--dry-run] [--not-answering-only] [--logistic-only]` (hidden; `make train-flags`) does
//! the same for the red-flag heads ([`crate::analysis::flag_model::train`]): trained on the
//! tuned red-flag sets only, cross-validated by set, written to
//! `src/analysis/flag_model/heads.json`, and for the learned not-answering decision
//! (`not_answering.json`; `--not-answering-only` trains only that).

use crate::analysis::roles::train;
use crate::encoder::SentenceEncoder;
use anyhow::Context;

#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Print the evaluation table without writing the heads.
    #[arg(long)]
    pub dry_run: bool,
    /// Also print the cross-validation's out-of-fold disagreements (element by element, with
    /// the units concerned) for the TRAINING-POOL answers only; the test split and the
    /// held-out set are never listed. `rehearse train` only (ignored by `train-flags`).
    #[arg(long)]
    pub cv_disagreements: bool,
    /// Stop after the cross-validation on the training pool: print its figures only (no test
    /// split, no held-out set) and write no heads. For trying a change without looking at the
    /// test split. `rehearse train` only.
    #[arg(long)]
    pub cv_only: bool,
    /// Add a row scoring the answers of these test authors alone, together (comma-separated or
    /// repeated, e.g. `--author-row d9`). `rehearse train` only.
    #[arg(long, value_delimiter = ',', num_args = 1)]
    pub author_row: Vec<String>,
    /// Train only the learned not-answering decision (its nested cross-validation and
    /// `not_answering.json`), not the red-flag judge's heads. `rehearse train-flags` only.
    #[arg(long)]
    pub not_answering_only: bool,
    /// Red-flag heads without a hidden layer only: the cross-validation tries the L2 penalties
    /// of logistic heads and skips the 32-unit fits (five sixths of its time).
    /// `rehearse train-flags` only.
    #[arg(long)]
    pub logistic_only: bool,
    /// Cross-validate only the fifth retrain's L2 penalty, hidden width and swallowed roles
    /// instead of the whole grid (a sixth of the fits), for comparing a change quickly; use
    /// with `--cv-only`. `rehearse train` only.
    #[arg(long)]
    pub fixed_settings: bool,
}

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let encoder = SentenceEncoder::load_installed().context("loading the sentence encoder")?;
    let options = train::RunOptions {
        cv_only: args.cv_only,
        fixed_settings: args.fixed_settings,
        author_rows: if args.author_row.is_empty() {
            Vec::new()
        } else {
            vec![args.author_row.clone()]
        },
    };
    let report = train::run(&encoder, &options, &mut |line| eprintln!("{line}"))?;
    if args.cv_disagreements {
        println!(
            "Cross-validation disagreements (training pool only):\n{}",
            report.cv_disagreements
        );
    }
    println!("{}", report.table);
    if let Some(heads) = report.heads.as_ref().filter(|_| !args.dry_run) {
        let path = train::heads_path();
        let json = serde_json::to_string(heads)?;
        crate::analysis::roles::heads::Heads::from_json(&json)
            .context("the trained heads failed their own check")?;
        std::fs::write(&path, json + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
        println!("Wrote {}", path.display());
    }
    eprintln!("took {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

pub fn run_flags(args: TrainArgs) -> anyhow::Result<()> {
    use crate::analysis::flag_model::not_answering::{NaEngine, NaModels};
    use crate::analysis::flag_model::{FlagEngine, FlagHeads, train as flags};
    let started = std::time::Instant::now();
    // The rules' own flags are read as the baseline: the learned judge must not join them, and
    // the relevance rule, not the learned decision, says "not answering".
    FlagEngine::choose(FlagEngine::Rules);
    NaEngine::choose(NaEngine::Rules);
    // The encoder the analysis itself uses (shared with the sentence-role model), so every
    // sentence is encoded once: for the features, then reused by the analysis of the answer.
    crate::encoder::find().context("finding the sentence encoder")?;
    let encoder = crate::analysis::roles::shared_encoder()
        .context("the sentence encoder or the sentence-role heads could not be loaded")?;
    let report = flags::run(
        encoder,
        args.not_answering_only,
        args.logistic_only,
        &mut |line| eprintln!("{line}"),
    )?;
    println!("{}", report.table);
    if let Some(heads) = &report.heads {
        println!("trained on {}", heads.trained_on);
    }
    if !args.dry_run {
        if let Some(heads) = &report.heads {
            let path = flags::heads_path();
            let json = serde_json::to_string(heads)?;
            FlagHeads::from_json(&json).context("the trained heads failed their own check")?;
            std::fs::write(&path, json + "\n")
                .with_context(|| format!("writing {}", path.display()))?;
            println!("Wrote {}", path.display());
        }
        let path = flags::not_answering_path();
        let json = serde_json::to_string_pretty(&report.not_answering)?;
        NaModels::from_json(&json).context("the not-answering models failed their own check")?;
        std::fs::write(&path, json + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
        println!("Wrote {}", path.display());
    }
    eprintln!("took {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
