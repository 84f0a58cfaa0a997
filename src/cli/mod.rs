//! The `marsad` command line: the same core as the app, for scripts and pipelines.
//!
//! `--json` outputs are a stable interface: field names only ever get added to.

mod bench;
mod compare;
mod desktop;
mod entities;
mod export;
mod index;
mod inspect;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Marsad (مرصد): explore a folder of Arabic news articles.
#[derive(Debug, Parser)]
#[command(name = "marsad", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Folder to open in the app (default: the last one, else the built-in demo corpus).
    pub dir: Option<PathBuf>,
    /// Start the app with this query.
    #[arg(long)]
    pub query: Option<String>,
    /// Measure the app (time to first frame, frame times while indexing and scrolling every hit,
    /// memory once indexed), print JSON and quit.
    #[arg(long)]
    pub measure: bool,
    /// What to do (no subcommand opens the app).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read files or folders and show the clean article records Marsad makes of them.
    Inspect(inspect::Args),
    /// Index a folder (incremental: only new, changed and removed files are processed).
    Index(index::IndexArgs),
    /// Search a folder's index (indexing it first if needed).
    Search(index::SearchArgs),
    /// Keyword-in-context concordance of a query.
    Kwic(index::KwicArgs),
    /// People, places and organisations of a folder with article counts; corrections to them.
    Entities(entities::Args),
    /// Precision, recall and F1 of the entity recogniser on a BIO-tagged gold file.
    EvalNer(entities::EvalArgs),
    /// Export a query's hits (or a list of article ids) as CSV, JSONL, XLSX or a folder of .txt files.
    Export(export::Args),
    /// Compare the outlets of a folder or of a query's hits: stories and who published first,
    /// characteristic words, framing terms, quoted sources, timeline.
    Compare(compare::Args),
    /// Measure reading and indexing speed, query latency and memory on a corpus folder.
    Bench(bench::Args),
    /// Write a synthetic corpus (JSON Lines, from the demo corpus' word statistics) for scale
    /// benchmarks.
    Synth(synth::Args),
    /// Index synthetic corpora of growing size; report time and peak memory per size.
    BenchScale(synth::ScaleArgs),
    /// Add Marsad to your applications menu (a .desktop launcher and icons under ~/.local/share).
    InstallDesktop,
    /// Remove what install-desktop added.
    UninstallDesktop,
}

/// Options shared by the commands that read a corpus.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// Skip files larger than this many megabytes.
    #[arg(long, default_value_t = 20)]
    pub max_file_mb: u64,
}

impl ReadArgs {
    /// The reader options these flags describe.
    pub fn options(&self) -> crate::corpus::ReadOptions {
        crate::corpus::ReadOptions { max_file_bytes: self.max_file_mb.saturating_mul(1024 * 1024) }
    }
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    crate::os::no_huge_pages();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Inspect(a)) => inspect::run(&a),
        Some(Command::Index(a)) => index::run_index(&a),
        Some(Command::Search(a)) => index::run_search(&a),
        Some(Command::Kwic(a)) => index::run_kwic(&a),
        Some(Command::Entities(a)) => entities::run(&a),
        Some(Command::EvalNer(a)) => entities::run_eval(&a),
        Some(Command::Export(a)) => export::run(&a),
        Some(Command::Compare(a)) => compare::run(&a),
        Some(Command::Bench(a)) => bench::run(&a),
        Some(Command::Synth(a)) => synth::run(&a),
        Some(Command::BenchScale(a)) => synth::run_scale(&a),
        Some(Command::InstallDesktop) => desktop::install(),
        Some(Command::UninstallDesktop) => desktop::uninstall(),
        None => open_app(cli.dir, cli.query, cli.measure.then_some(started)),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("marsad: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open_app(
    dir: Option<PathBuf>,
    query: Option<String>,
    measure: Option<std::time::Instant>,
) -> anyhow::Result<ExitCode> {
    if let Some(d) = &dir {
        anyhow::ensure!(d.exists(), "{}: no such file or folder", d.display());
    }
    #[cfg(feature = "gui")]
    {
        crate::gui::run(dir, query, measure)?;
        Ok(ExitCode::SUCCESS)
    }
    #[cfg(not(feature = "gui"))]
    {
        drop((dir, query, measure));
        anyhow::bail!("this marsad was built without the app (the `gui` feature); use its subcommands")
    }
}
