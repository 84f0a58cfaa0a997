//! `marsad entities DIR` (entities with article counts, and corrections) and `marsad eval-ner
//! GOLD` (precision, recall and F1 of the recogniser on a BIO-tagged gold file).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::ReadArgs;
use super::index::open_updated;
use crate::entities::corrections::{self, Change};
use crate::entities::{self, Kind};

/// Arguments of `marsad entities`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Corpus folder (indexed first if needed).
    pub dir: PathBuf,
    /// Only this type: person, place or organization.
    #[arg(long = "type", value_parser = parse_kind)]
    pub kind: Option<Kind>,
    /// Entities per type.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// One JSON object per entity: {"type", "name", "articles", "aliases"}.
    #[arg(long)]
    pub json: bool,
    /// Correct the recogniser: add NAME (of --type, default person) as an entity.
    #[arg(long, value_name = "NAME")]
    pub add: Option<String>,
    /// Correct the recogniser: rename (or merge) the entity OLD into NEW: --rename OLD --to NEW.
    #[arg(long, value_name = "OLD", requires = "to")]
    pub rename: Option<String>,
    /// The new name for --rename.
    #[arg(long, value_name = "NEW")]
    pub to: Option<String>,
    /// Correct the recogniser: never show NAME.
    #[arg(long, value_name = "NAME")]
    pub hide: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| format!("unknown type '{s}' (person, place or organization)"))
}

/// Runs `marsad entities`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let corrected = correct(args)?;
    let (index, _) = open_updated(&args.dir, &args.read, args.json, false)?;
    if !corrected.is_empty() {
        let n = index.reindex_entities(&corrected).context("marking articles for re-indexing")?;
        let (_, _) = open_updated(&args.dir, &args.read, args.json, false)?;
        if !args.json {
            eprintln!("marsad: correction saved; {n} file(s) re-indexed");
        }
    }
    let index = crate::index::CorpusIndex::open(&args.dir)?;
    let cur = entities::current();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for kind in Kind::ALL.into_iter().filter(|k| args.kind.is_none_or(|a| a == *k)) {
        let counts = index.entity_counts(kind, args.limit)?;
        if !args.json {
            writeln!(out, "{} ({}):", kind.name(), counts.len())?;
        }
        for (name, n) in counts {
            let aliases: Vec<String> = cur
                .recognizer
                .lookup(&name)
                .filter(|e| e.kind == kind && e.name == name)
                .map(|e| e.aliases.clone())
                .unwrap_or_default();
            let merged: Vec<String> =
                cur.corrections.rename.iter().filter(|(_, new)| **new == name).map(|(old, _)| old.clone()).collect();
            let aliases: Vec<String> = aliases.into_iter().chain(merged).collect();
            if args.json {
                let v = serde_json::json!({"type": kind.name(), "name": name, "articles": n, "aliases": aliases});
                serde_json::to_writer(&mut out, &v)?;
                writeln!(out)?;
            } else if aliases.is_empty() {
                writeln!(out, "  {n:>6}  {name}")?;
            } else {
                writeln!(out, "  {n:>6}  {name}  (also: {})", aliases.join("، "))?;
            }
        }
    }
    for p in &cur.problems {
        eprintln!("problem: {p}");
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Saves the correction asked for, if any; returns the names it concerns.
fn correct(args: &Args) -> anyhow::Result<Vec<String>> {
    let mut changes = Vec::new();
    if let Some(name) = &args.add {
        changes.push(Change::Add { name: name.clone(), kind: args.kind.unwrap_or(Kind::Person) });
    }
    if let (Some(from), Some(to)) = (&args.rename, &args.to) {
        changes.push(Change::Rename { from: from.clone(), to: to.clone() });
    }
    if let Some(h) = &args.hide {
        changes.push(Change::Hide(h.clone()));
    }
    let mut names = Vec::new();
    for c in &changes {
        names.extend(corrections::record(c).map_err(anyhow::Error::msg)?);
    }
    names.dedup();
    Ok(names)
}

/// Arguments of `marsad eval-ner`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// A BIO-tagged gold file (one `token TAG` per line, blank lines between sentences; tags
    /// B-/I-PERS, LOC, ORG, MISC, O), e.g. ANERcorp / CLEANANERCorp.
    pub gold: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// List this many of the most frequent missed and wrong entities.
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
    /// Read this many sentences in a row as one text, as the app reads an article (1: every
    /// sentence alone).
    #[arg(long, default_value_t = 1)]
    pub context: usize,
}

/// Runs `marsad eval-ner`.
pub fn run_eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.gold).with_context(|| format!("reading {}", args.gold.display()))?;
    let sentences = entities::eval::parse_bio(&text)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let cur = entities::current();
    let r = entities::eval::evaluate(&cur.recognizer, &sentences, args.errors, args.context);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} sentences, {} tokens, {:.2} s ({:.1} MB/s)", r.sentences, r.tokens, r.seconds, r.mb_per_s);
    println!("{:<13} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}", "type", "precision", "recall", "F1", "tp", "pred", "gold");
    for (k, s) in r.per_type.iter().map(|(k, s)| (k.as_str(), s)).chain([("overall", &r.overall)]) {
        println!(
            "{k:<13} {:>9.3} {:>9.3} {:>9.3} {:>7} {:>7} {:>7}",
            s.precision, s.recall, s.f1, s.tp, s.predicted, s.gold
        );
    }
    if args.errors > 0 {
        println!("\nmost frequent missed:");
        for (e, n) in &r.missed {
            println!("  {n:>4}  {e}");
        }
        println!("\nmost frequent wrong:");
        for (e, n) in &r.wrong {
            println!("  {n:>4}  {e}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
