//! `marsad bench DIR`: measured numbers for a corpus, never timed assertions in tests.
//!
//! * reading: parse + boilerplate + outlet + date (+ the corpus pass) on files held in memory,
//!   so the figure is the parser's speed, not the disk's; one core and all cores;
//! * indexing end to end into a fresh index, reopening with nothing changed, index size, and the
//!   peak memory up to then (indexing runs first, so that peak is the indexer's);
//! * query latency p50/p99 for one word, two words, a phrase, a prefix, and a word with facet
//!   counts and 50 snippets; queries are words sampled from the corpus itself;
//! * baselines: a plain scan of the files for the same words (what grep-style tools do) and, with
//!   the `fts5-bench` feature, SQLite FTS5 built from the same records;
//! * peak resident memory of the whole run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use super::ReadArgs;
use crate::corpus::{self, Problem, record, recurring, walk};
use crate::index::{CorpusIndex, SearchRequest};

/// Arguments of `marsad bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Corpus folder to measure on.
    pub dir: PathBuf,
    /// Print the results as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Only measure reading (no index).
    #[arg(long)]
    pub read_only: bool,
    /// Queries per kind.
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Results of the reading benchmark.
#[derive(Debug, Serialize)]
pub struct ReadBench {
    /// Files read.
    pub files: usize,
    /// Articles produced.
    pub articles: usize,
    /// Input bytes.
    pub bytes: u64,
    /// Seconds to parse everything on one thread.
    pub one_core_secs: f64,
    /// MB/s on one thread.
    pub one_core_mb_s: f64,
    /// Articles per second on one thread.
    pub one_core_articles_s: f64,
    /// Seconds on all cores.
    pub all_cores_secs: f64,
    /// MB/s on all cores.
    pub all_cores_mb_s: f64,
    /// Threads used for the all-core run.
    pub threads: usize,
}

/// Latency percentiles of one kind of query, in milliseconds.
#[derive(Debug, Serialize)]
pub struct Latency {
    /// What was measured.
    pub kind: String,
    /// Queries run.
    pub n: usize,
    /// Median.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Mean hits per query (sanity: the queries find things).
    pub mean_hits: f64,
}

/// Results of the index benchmark.
#[derive(Debug, Serialize)]
pub struct IndexBench {
    /// Seconds for a full index from nothing.
    pub index_secs: f64,
    /// End-to-end MB/s.
    pub index_mb_s: f64,
    /// Articles per second.
    pub index_articles_s: f64,
    /// Seconds to reopen with nothing changed (open + update).
    pub reopen_secs: f64,
    /// Index size (tantivy files + manifest) in bytes.
    pub index_bytes: u64,
    /// Index size / corpus bytes.
    pub index_ratio: f64,
    /// Query latencies.
    pub latency: Vec<Latency>,
    /// Seconds for a plain scan of all files for one word (median over the scanned words).
    pub scan_secs_per_query: f64,
    /// Scan time / indexed query p50 (one word).
    pub scan_over_index: f64,
    /// Peak resident memory of the process up to the end of indexing and reopening, MB (the
    /// benchmark indexes first: this is the indexer's peak).
    pub index_peak_rss_mb: f64,
    /// SQLite FTS5 build seconds (with `--features fts5-bench`).
    pub fts5_build_secs: Option<f64>,
    /// FTS5 build time / Marsad index time.
    pub fts5_over_index_build: Option<f64>,
    /// FTS5 one-word query p50 in ms.
    pub fts5_p50_ms: Option<f64>,
}

/// Everything `marsad bench` measured.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Reading.
    pub read: ReadBench,
    /// Indexing and queries.
    pub index: Option<IndexBench>,
    /// Peak resident memory of the process, MB.
    pub peak_rss_mb: f64,
}

/// Runs `marsad bench`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    // Indexing first, so that its peak memory is its own: the reading benchmark holds every
    // file in memory, and the allocator keeps some of that for later.
    let index = if args.read_only {
        None
    } else {
        let listing = walk::walk(&args.dir, &args.read.options())?;
        let bytes = listing.entries.iter().map(|e| e.size).sum();
        Some(bench_index(&args.dir, &args.read, args.queries, bytes, !args.json)?)
    };
    let read = bench_read(&args.dir, &args.read.options())?;
    if !args.json {
        println!("reading {} files, {:.1} MB → {} articles", read.files, read.bytes as f64 / 1e6, read.articles);
        println!(
            "  one core:  {:.2} s, {:.1} MB/s, {:.0} articles/s",
            read.one_core_secs, read.one_core_mb_s, read.one_core_articles_s
        );
        println!("  {} cores: {:.2} s, {:.1} MB/s", read.threads, read.all_cores_secs, read.all_cores_mb_s);
    }
    let report = Report { read, index, peak_rss_mb: peak_rss_mb() };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("peak RSS {:.0} MB", report.peak_rss_mb);
    }
    Ok(ExitCode::SUCCESS)
}

/// Measures parse + boilerplate + outlet + date (+ the corpus pass) on files held in memory.
pub fn bench_read(dir: &Path, opts: &corpus::ReadOptions) -> anyhow::Result<ReadBench> {
    let listing = walk::walk(dir, opts)?;
    let ctx = record::Context::for_root(dir)?;
    let files: Vec<(walk::Entry, Vec<u8>)> =
        listing.entries.into_iter().filter_map(|e| std::fs::read(&e.abs).ok().map(|b| (e, b))).collect();
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let parse = |(e, b): &(walk::Entry, Vec<u8>)| {
        let mut p: Vec<Problem> = Vec::new();
        corpus::read_bytes(e, b, &ctx, &mut p)
    };
    let t = Instant::now();
    let drafts: Vec<_> = files.iter().flat_map(parse).collect();
    let articles = recurring::finish(drafts).len();
    let one = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let drafts: Vec<_> = files.par_iter().flat_map_iter(parse).collect();
    let _ = recurring::finish(drafts);
    let all = t.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    Ok(ReadBench {
        files: files.len(),
        articles,
        bytes,
        one_core_secs: one,
        one_core_mb_s: mb / one,
        one_core_articles_s: articles as f64 / one,
        all_cores_secs: all,
        all_cores_mb_s: mb / all,
        threads: rayon::current_num_threads(),
    })
}

fn bench_index(dir: &Path, read: &ReadArgs, n: usize, corpus_bytes: u64, verbose: bool) -> anyhow::Result<IndexBench> {
    let cache = tempfile::tempdir()?;
    let opts = read.options();
    let t = Instant::now();
    let index = CorpusIndex::open_in(dir, cache.path())?;
    let s = index.update(&opts, &mut |_: &crate::index::Progress<'_>| true)?;
    let index_secs = t.elapsed().as_secs_f64();
    drop(index);
    let t = Instant::now();
    let index = CorpusIndex::open_in(dir, cache.path())?;
    let again = index.update(&opts, &mut |_: &crate::index::Progress<'_>| true)?;
    let reopen_secs = t.elapsed().as_secs_f64();
    anyhow::ensure!(again.files_indexed == 0, "reopen re-indexed {} files", again.files_indexed);
    let index_bytes = index.size_bytes();
    let index_peak_rss_mb = peak_rss_mb();
    let mb = corpus_bytes as f64 / 1e6;
    if verbose {
        println!("index peak RSS {index_peak_rss_mb:.0} MB");
        println!(
            "index: {} articles in {:.2} s, {:.1} MB/s, {:.0} articles/s; reopen {:.3} s; {:.1} MB ({:.2} × corpus)",
            s.articles,
            index_secs,
            mb / index_secs,
            s.articles as f64 / index_secs,
            reopen_secs,
            index_bytes as f64 / 1e6,
            index_bytes as f64 / corpus_bytes as f64
        );
    }
    let words = sample_words(&index, n)?;
    anyhow::ensure!(words.len() >= 4, "the corpus has too few words to sample queries from");
    let pairs: Vec<String> = words.chunks(2).filter(|c| c.len() == 2).map(|c| format!("{} {}", c[0], c[1])).collect();
    let phrases = sample_phrases(&index, n)?;
    let prefixes: Vec<String> = words
        .iter()
        .filter(|w| w.chars().count() >= 5)
        .map(|w| format!("{}*", w.chars().take(4).collect::<String>()))
        .collect();
    let plain = SearchRequest { limit: 20, snippet_chars: 0, facets: false, ..SearchRequest::default() };
    let full = SearchRequest { limit: 50, snippet_chars: 220, facets: true, ..SearchRequest::default() };
    let mut latency = Vec::new();
    for (kind, queries, req) in [
        ("1 word", &words, &plain),
        ("2 words", &pairs, &plain),
        ("phrase", &phrases, &plain),
        ("prefix", &prefixes, &plain),
        ("1 word + facets + 50 snippets", &words, &full),
    ] {
        let l = measure(&index, kind, queries, req)?;
        if verbose {
            println!(
                "  {:<32} p50 {:>7.2} ms  p99 {:>7.2} ms  ({} queries, {:.0} hits on average)",
                l.kind, l.p50_ms, l.p99_ms, l.n, l.mean_hits
            );
        }
        latency.push(l);
    }
    let scan = scan_baseline(dir, &opts, &words[..words.len().min(5)])?;
    let p50 = latency[0].p50_ms / 1000.0;
    if verbose {
        println!("plain scan of the files: {:.3} s per word ({:.0}× the indexed one-word p50)", scan, scan / p50);
    }
    let fts5 = fts5::baseline(dir, &opts, &words)?;
    if let (Some((b, q)), true) = (fts5, verbose) {
        println!("SQLite FTS5: build {:.2} s ({:.1}× Marsad's), one-word p50 {:.2} ms", b, b / index_secs, q * 1000.0);
    }
    Ok(IndexBench {
        index_secs,
        index_mb_s: mb / index_secs,
        index_articles_s: s.articles as f64 / index_secs,
        reopen_secs,
        index_bytes,
        index_ratio: index_bytes as f64 / corpus_bytes as f64,
        latency,
        index_peak_rss_mb,
        scan_secs_per_query: scan,
        scan_over_index: scan / p50,
        fts5_build_secs: fts5.map(|(b, _)| b),
        fts5_over_index_build: fts5.map(|(b, _)| b / index_secs),
        fts5_p50_ms: fts5.map(|(_, q)| q * 1000.0),
    })
}

fn measure(index: &CorpusIndex, kind: &str, queries: &[String], req: &SearchRequest) -> anyhow::Result<Latency> {
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0usize;
    for q in queries {
        let r = SearchRequest { query: q.clone(), ..req.clone() };
        let t = Instant::now();
        let res = index.search(&r)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        hits += res.total;
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    Ok(Latency {
        kind: kind.to_owned(),
        n: times.len(),
        p50_ms: pct(0.5),
        p99_ms: pct(0.99),
        mean_hits: hits as f64 / times.len().max(1) as f64,
    })
}

/// A deterministic pseudo-random sequence (no `rand` dependency for one benchmark).
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    *seed >> 33
}

/// Picks up to `n` queries from the titles of articles spread over the corpus, with `pick`
/// choosing one query from a title's words (deterministic: a fixed seed).
fn sample(
    index: &CorpusIndex,
    n: usize,
    seed: u64,
    pick: impl Fn(&[&str], &mut u64) -> Option<String>,
) -> anyhow::Result<Vec<String>> {
    let all =
        index.search(&SearchRequest { limit: 5000, snippet_chars: 0, facets: false, ..SearchRequest::default() })?;
    let mut seed = seed;
    let mut out = Vec::new();
    for _ in 0..n * 3 {
        if out.len() >= n || all.hits.is_empty() {
            break;
        }
        let h = &all.hits[lcg(&mut seed) as usize % all.hits.len()];
        let words: Vec<&str> =
            h.title.split_whitespace().filter(|w| w.chars().all(crate::arabic::is_word_char)).collect();
        out.extend(pick(&words, &mut seed));
    }
    Ok(out)
}

/// Words of 4+ letters: realistic one-word queries.
fn sample_words(index: &CorpusIndex, n: usize) -> anyhow::Result<Vec<String>> {
    sample(index, n, 42, |words, seed| {
        let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() >= 4).collect();
        (!long.is_empty()).then(|| long[lcg(seed) as usize % long.len()].to_string())
    })
}

/// Two consecutive title words, quoted.
fn sample_phrases(index: &CorpusIndex, n: usize) -> anyhow::Result<Vec<String>> {
    sample(index, n, 7, |words, seed| {
        (words.len() >= 2).then(|| {
            let i = lcg(seed) as usize % (words.len() - 1);
            format!("\"{} {}\"", words[i], words[i + 1])
        })
    })
}

/// Seconds to find a word by reading every file and searching its bytes (median over `words`).
fn scan_baseline(dir: &Path, opts: &corpus::ReadOptions, words: &[String]) -> anyhow::Result<f64> {
    let listing = walk::walk(dir, opts)?;
    let mut times = Vec::new();
    for w in words {
        let t = Instant::now();
        let finder = memchr::memmem::Finder::new(w.as_bytes());
        let found =
            listing.entries.iter().filter(|e| std::fs::read(&e.abs).is_ok_and(|b| finder.find(&b).is_some())).count();
        std::hint::black_box(found);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

/// Peak resident set size of this process (Linux), MB.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[cfg(feature = "fts5-bench")]
mod fts5 {
    use std::path::Path;
    use std::time::Instant;

    use crate::corpus;

    /// Builds an FTS5 table of the same records (title, body) and times one-word queries.
    pub fn baseline(dir: &Path, opts: &corpus::ReadOptions, words: &[String]) -> anyhow::Result<Option<(f64, f64)>> {
        let tmp = tempfile::tempdir()?;
        let t = Instant::now();
        let c = corpus::read_paths(&[dir.to_path_buf()], opts)?;
        let mut db = rusqlite::Connection::open(tmp.path().join("fts.db"))?;
        db.execute_batch("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 2');")?;
        let tx = db.transaction()?;
        {
            let mut st = tx.prepare("INSERT INTO docs(title, body) VALUES (?1, ?2)")?;
            for a in &c.articles {
                st.execute((&a.title, &a.body))?;
            }
        }
        tx.commit()?;
        let build = t.elapsed().as_secs_f64();
        let mut times = Vec::new();
        let mut st = db.prepare("SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 20")?;
        for w in words {
            let t = Instant::now();
            let n = st.query_map([format!("\"{w}\"")], |r| r.get::<_, i64>(0))?.count();
            std::hint::black_box(n);
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        Ok(Some((build, times[times.len() / 2])))
    }
}

#[cfg(not(feature = "fts5-bench"))]
mod fts5 {
    /// Without the `fts5-bench` feature there is no SQLite to compare with.
    pub fn baseline(
        _: &std::path::Path,
        _: &crate::corpus::ReadOptions,
        _: &[String],
    ) -> anyhow::Result<Option<(f64, f64)>> {
        Ok(None)
    }
}
