//! `marsad export DIR --query Q [--selection FILE] --format csv|jsonl|xlsx|txt --out PATH`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

use super::ReadArgs;
use super::index::{SortArg, open_updated};
use crate::export::{ExportOptions, Format, Selection, export_from_index};
use crate::index::Sort;

/// Arguments of `marsad export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Corpus folder (indexed first if needed).
    pub dir: PathBuf,
    /// Export the hits of this query (empty: the whole corpus); also written into the `query`
    /// column.
    #[arg(long, default_value = "")]
    pub query: String,
    /// Export exactly the articles whose ids this file lists, one per line, in that order.
    #[arg(long)]
    pub selection: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// File to write (a folder for --format txt).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace an existing file (or earlier txt export folder).
    #[arg(long)]
    pub force: bool,
    /// Print the summary as JSON: {"articles", "out", "format", "seconds"}.
    #[arg(long)]
    pub json: bool,
    /// Order of the query's hits.
    #[arg(long, value_enum, default_value_t = SortArg::Score)]
    pub sort: SortArg,
    /// Exact words only (no stemming).
    #[arg(long)]
    pub no_stem: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// The ids of a selection file: one per line, surrounding whitespace, blank lines and a leading
/// byte-order mark ignored (files saved from Excel or Notepad have one).
pub fn read_selection(text: &str) -> Vec<String> {
    text.trim_start_matches('\u{FEFF}').lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Runs `marsad export`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let selection = match &args.selection {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading the selection file {}", file.display()))?;
            Selection::Ids(read_selection(&text))
        }
        None => Selection::Query {
            query: args.query.clone(),
            sort: match args.sort {
                SortArg::Score => Sort::Score,
                SortArg::Date => Sort::DateDesc,
                SortArg::DateAsc => Sort::DateAsc,
                SortArg::Outlet => Sort::Outlet,
            },
            stemming: !args.no_stem,
        },
    };
    let (index, _) = open_updated(&args.dir, &args.read, args.json, false)?;
    let opts = ExportOptions {
        format: args.format,
        out: args.out.clone(),
        overwrite: args.force,
        query: args.query.clone(),
        corpus_root: Some(index.root().to_path_buf()),
    };
    let bar = if args.json { ProgressBar::hidden() } else { ProgressBar::new(0) };
    bar.set_style(
        ProgressStyle::with_template("exporting [{bar:30}] {pos}/{len} articles eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let mut progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        true
    };
    let result = export_from_index(&index, &selection, &opts, &mut progress);
    bar.finish_and_clear();
    let s = result.with_context(|| format!("exporting to {}", args.out.display()))?;
    if args.json {
        let v = serde_json::json!({"articles": s.articles, "out": s.out, "format": s.format, "seconds": s.seconds});
        println!("{v}");
    } else {
        println!("wrote {} article(s) to {} ({}) in {:.2} s", s.articles, s.out.display(), s.format, s.seconds);
        if s.truncated_cells > 0 {
            println!(
                "{} cell(s) were longer than Excel allows and were cut (marked in the cell); CSV and JSONL keep the full text",
                s.truncated_cells
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_files_are_read_leniently() {
        assert_eq!(read_selection("\u{FEFF}a.txt\r\n\n  b.json#2 \nc.txt"), ["a.txt", "b.json#2", "c.txt"]);
        assert!(read_selection("\n \n").is_empty());
    }
}
