//! `marsad inspect PATH... [--json]`: the article records Marsad makes of some files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::ReadArgs;
use crate::corpus::neutralize;
use crate::corpus::{self, Article};

/// Arguments of `marsad inspect`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to read (folders recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// One JSON object per article per line, with the keys id, path, title, title_derived,
    /// outlet, outlet_source, date, date_source, body, boilerplate, problems. Skipped files are
    /// listed on stderr.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Runs `marsad inspect`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let corpus = corpus::read_paths(&args.paths, &args.read.options()).context("reading the corpus")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        for a in &corpus.articles {
            serde_json::to_writer(&mut out, a)?;
            out.write_all(b"\n")?;
        }
    } else {
        for a in &corpus.articles {
            summary(&mut out, a)?;
        }
        writeln!(
            out,
            "{} article(s) from {} file(s), {} problem(s)",
            corpus.articles.len(),
            corpus.files,
            corpus.problems.len()
        )?;
    }
    out.flush()?;
    for p in &corpus.problems {
        eprintln!("problem: {}: {}", neutralize(&p.path), p.reason);
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(out: &mut impl Write, a: &Article) -> std::io::Result<()> {
    let src = |s: Option<String>| s.map(|s| format!(" ({s})")).unwrap_or_default();
    writeln!(out, "{}", neutralize(&a.id))?;
    writeln!(out, "  title:   {}{}", a.title, if a.title_derived { " (derived from the first sentence)" } else { "" })?;
    writeln!(
        out,
        "  outlet:  {}{}",
        a.outlet.as_deref().unwrap_or("unknown"),
        src(a.outlet_source.as_ref().map(json_name))
    )?;
    writeln!(
        out,
        "  date:    {}{}",
        a.date.as_deref().unwrap_or("unknown"),
        src(a.date_source.as_ref().map(json_name))
    )?;
    let words = crate::arabic::word_count(&a.body);
    writeln!(out, "  body:    {} paragraph(s), {words} word(s)", a.paragraphs().count())?;
    if !a.boilerplate.is_empty() {
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for b in &a.boilerplate {
            match kinds.iter_mut().find(|(k, _)| *k == b.kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((&b.kind, 1)),
            }
        }
        let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(out, "  removed: {} line(s): {}", a.boilerplate.len(), list.join(", "))?;
    }
    for p in &a.problems {
        writeln!(out, "  problem: {}", p.reason)?;
    }
    writeln!(out)
}

/// An enum variant by its JSON name ("self_mention"), for the readable summary.
fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
