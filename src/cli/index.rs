//! `marsad index DIR`, `marsad search DIR QUERY`, `marsad kwic DIR QUERY`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

use super::ReadArgs;
use crate::corpus::Problem;
use crate::corpus::neutralize;
use crate::index::{CorpusIndex, IndexError, Phase, Progress, SearchRequest, Sink, Sort, UpdateSummary};

/// Arguments of `marsad index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Corpus folder.
    pub dir: PathBuf,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Arguments of `marsad search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Corpus folder (indexed first if needed).
    pub dir: PathBuf,
    /// Query: words, "phrases", OR, -exclude, prefix*, word~, title: outlet: person: place: org: date:A..B
    pub query: String,
    /// One JSON object per hit (id, path, title, outlet, date, score, snippet), then a last line
    /// {"total": N, "facets": {...}}.
    #[arg(long)]
    pub json: bool,
    /// Number of hits.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Score)]
    pub sort: SortArg,
    /// Only articles of this outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Exact words only (no stemming).
    #[arg(long)]
    pub no_stem: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Arguments of `marsad kwic`.
#[derive(Debug, clap::Args)]
pub struct KwicArgs {
    /// Corpus folder (indexed first if needed).
    pub dir: PathBuf,
    /// Query.
    pub query: String,
    /// Articles to take lines from.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 40)]
    pub width: usize,
    /// One JSON object per line (id, outlet, date, left, hit, right, offset).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Sort orders on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Score,
    /// Newest first.
    Date,
    /// Oldest first.
    DateAsc,
    /// By outlet.
    Outlet,
}

/// A progress bar on stderr (hidden when stderr is not a terminal).
struct Bar {
    bar: ProgressBar,
    phase: Option<Phase>,
    /// List skipped files as they are met (`marsad index`; searches stay quiet about them).
    problems: bool,
}

impl Bar {
    fn new(quiet: bool, problems: bool) -> Bar {
        let bar = if quiet { ProgressBar::hidden() } else { ProgressBar::new(0) };
        Bar { bar, phase: None, problems: problems && !quiet }
    }
}

impl Sink for Bar {
    fn progress(&mut self, p: &Progress<'_>) -> bool {
        if self.phase != Some(p.phase) {
            self.phase = Some(p.phase);
            let label = match p.phase {
                Phase::Scanning => "scanning",
                Phase::Reading => "reading ",
                Phase::Indexing => "indexing",
            };
            self.bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{label} [{{bar:30}}] {{bytes}}/{{total_bytes}} {{bytes_per_sec}} eta {{eta}} {{msg}}"
                ))
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            self.bar.set_length(p.bytes_total);
        }
        self.bar.set_position(p.bytes_done);
        self.bar.set_message(format!("{}/{} files", p.files_done, p.files_total));
        true
    }

    fn problem(&mut self, p: &Problem) {
        if self.problems {
            self.bar.suspend(|| eprintln!("problem: {}: {}", neutralize(&p.path), p.reason));
        }
    }
}

/// Opens the index of `dir` and brings it up to date, with a progress bar unless `quiet`.
pub(crate) fn open_updated(
    dir: &Path,
    read: &ReadArgs,
    quiet: bool,
    problems: bool,
) -> anyhow::Result<(CorpusIndex, Option<UpdateSummary>)> {
    let index = CorpusIndex::open(dir).with_context(|| format!("opening the index of {}", dir.display()))?;
    for n in index.notes() {
        eprintln!("marsad: {n}");
    }
    let mut bar = Bar::new(quiet, problems);
    match index.update(&read.options(), &mut bar) {
        Ok(s) => {
            bar.bar.finish_and_clear();
            Ok((index, Some(s)))
        }
        Err(IndexError::Busy(d)) => {
            bar.bar.finish_and_clear();
            eprintln!("marsad: another Marsad is indexing {d}; searching what is already indexed (read-only)");
            Ok((index, None))
        }
        Err(e) => Err(e).context("updating the index"),
    }
}

/// Runs `marsad index`.
pub fn run_index(args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let quiet = args.json;
    let (index, summary) = open_updated(&args.dir, &args.read, quiet, true)?;
    let Some(s) = summary else { return Ok(ExitCode::from(3)) };
    if args.json {
        let mut v = serde_json::to_value(&s)?;
        v["peak_rss_mb"] = serde_json::json!(crate::proc_status_mb("VmHWM:"));
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mb = s.bytes_read as f64 / 1e6;
    println!(
        "{} articles from {} files in {} ({} indexed, {} removed this time)",
        s.articles,
        s.files,
        args.dir.display(),
        s.files_indexed,
        s.files_removed
    );
    println!(
        "read {:.1} MB in {:.2} s ({:.1} MB/s); index at {} ({:.1} MB)",
        mb,
        s.seconds,
        if s.seconds > 0.0 { mb / s.seconds } else { 0.0 },
        index.dir().display(),
        index.size_bytes() as f64 / 1e6
    );
    if !s.problems.is_empty() {
        println!("{} file(s) skipped or partly read (listed above)", s.problems.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `marsad search`.
pub fn run_search(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let (index, _) = open_updated(&args.dir, &args.read, args.json, false)?;
    let req = SearchRequest {
        query: args.query.clone(),
        limit: args.limit,
        sort: match args.sort {
            SortArg::Score => Sort::Score,
            SortArg::Date => Sort::DateDesc,
            SortArg::DateAsc => Sort::DateAsc,
            SortArg::Outlet => Sort::Outlet,
        },
        outlets: args
            .outlet
            .iter()
            .map(|o| crate::corpus::outlets::lookup(o).map_or_else(|| o.clone(), |x| x.name.clone()))
            .collect(),
        stemming: !args.no_stem,
        ..SearchRequest::default()
    };
    let r = index.search(&req)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        for h in &r.hits {
            let v = serde_json::json!({
                "id": h.id, "path": h.path, "title": h.title, "outlet": h.outlet, "date": h.date,
                "score": h.score, "snippet": marked(&h.snippet.text, &h.snippet.highlights, "<b>", "</b>"),
            });
            writeln!(out, "{v}")?;
        }
        let f = &r.facets;
        let map = |v: &[(String, u64)]| {
            v.iter().map(|(k, c)| (k.clone(), serde_json::json!(c))).collect::<serde_json::Map<_, _>>()
        };
        let months: serde_json::Map<_, _> =
            f.months.iter().map(|b| (b.key.clone(), serde_json::json!(b.count))).collect();
        let last = serde_json::json!({"total": r.total, "facets": {
            "outlet": map(&f.outlet), "person": map(&f.person), "place": map(&f.place), "org": map(&f.org), "month": months,
        }});
        writeln!(out, "{last}")?;
    } else {
        writeln!(out, "{} hit(s) for {}", r.total, args.query)?;
        for h in &r.hits {
            writeln!(
                out,
                "\n{}  [{}] {} {}",
                h.title,
                h.outlet.as_deref().unwrap_or("?"),
                h.date.as_deref().unwrap_or(""),
                neutralize(&h.id)
            )?;
            writeln!(out, "  {}", marked(&h.snippet.text, &h.snippet.highlights, "«", "»"))?;
        }
        if !r.facets.outlet.is_empty() {
            let list: Vec<String> = r.facets.outlet.iter().map(|(o, c)| format!("{o} {c}")).collect();
            writeln!(out, "\noutlets: {}", list.join(", "))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `marsad kwic`.
pub fn run_kwic(args: &KwicArgs) -> anyhow::Result<ExitCode> {
    let (index, _) = open_updated(&args.dir, &args.read, args.json, false)?;
    let req = SearchRequest { query: args.query.clone(), snippet_chars: 0, facets: false, ..SearchRequest::default() };
    let rows = index.kwic(&req, args.limit, args.width)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for r in &rows {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(r)?)?;
        } else {
            // Logical order, padded so the hits line up: right | HIT | left reads correctly in an
            // RTL terminal, left | HIT | right in an LTR one; the columns are what matter.
            let pad = args.width.saturating_sub(r.line.left.chars().count());
            writeln!(out, "{}{} | {} | {}", " ".repeat(pad), r.line.left, r.line.hit, r.line.right)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Wraps highlighted ranges of `text` in markers.
pub fn marked(text: &str, ranges: &[std::ops::Range<usize>], open: &str, close: &str) -> String {
    let mut s = String::with_capacity(text.len() + ranges.len() * 8);
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() {
            continue;
        }
        s.push_str(&text[at..r.start]);
        s.push_str(open);
        s.push_str(&text[r.clone()]);
        s.push_str(close);
        at = r.end;
    }
    s.push_str(&text[at..]);
    s
}
