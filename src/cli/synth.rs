//! `marsad synth OUT --articles N`: a synthetic corpus for scale benchmarks, and
//! `marsad bench-scale`: index synthetic corpora of growing size and report time and memory.
//!
//! Real corpora of a million articles cannot be shipped, and the seed texts must not be copied,
//! so the text is generated from the word statistics of Marsad's own demo corpus (fictional
//! articles written for Marsad): a bigram chain over its words, so sentences have the demo's
//! word frequencies, its names recur as pairs (the entity recogniser has work to do) and its
//! boilerplate lines turn up now and then. Articles are written as JSON Lines, 1,000 per file,
//! with fictional outlets and dates spread over two years. The same seed gives the same corpus.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use serde::Serialize;

/// Arguments of `marsad synth`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write (created; must be empty or absent).
    pub out: PathBuf,
    /// Articles to generate.
    #[arg(long, default_value_t = 100_000)]
    pub articles: usize,
    /// Articles per JSON Lines file.
    #[arg(long, default_value_t = 1_000)]
    pub per_file: usize,
    /// Random seed (the same seed gives the same corpus).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Arguments of `marsad bench-scale`.
#[derive(Debug, clap::Args)]
pub struct ScaleArgs {
    /// Corpus sizes to index, in articles, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "100000,300000,1000000")]
    pub sizes: Vec<usize>,
    /// Where the corpora and indexes go (default: a temporary folder, removed afterwards).
    #[arg(long)]
    pub work: Option<PathBuf>,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A bigram chain over a corpus' words.
struct Model {
    words: Vec<String>,
    /// Successor word indices of each word (with repeats: frequent pairs are drawn more often).
    next: Vec<Vec<u32>>,
    /// Words that start a sentence.
    starts: Vec<u32>,
}

impl Model {
    /// Learns the chain from texts (one line per paragraph).
    fn learn<'a>(texts: impl Iterator<Item = &'a str>) -> Model {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut m = Model { words: Vec::new(), next: Vec::new(), starts: Vec::new() };
        for text in texts {
            for line in text.lines() {
                let mut prev: Option<u32> = None;
                for w in line.split_whitespace() {
                    let id = *ids.entry(w).or_insert_with(|| {
                        m.words.push(w.to_owned());
                        m.next.push(Vec::new());
                        (m.words.len() - 1) as u32
                    });
                    match prev {
                        Some(p) => m.next[p as usize].push(id),
                        None => m.starts.push(id),
                    }
                    // After a full stop the next word starts a sentence.
                    prev = if w.ends_with(['.', '؟', '!', ':']) { None } else { Some(id) };
                }
            }
        }
        if m.starts.is_empty() {
            m.words.push("خبر".into());
            m.next.push(Vec::new());
            m.starts.push(0);
        }
        m
    }

    /// Appends a sentence of about `len` words.
    fn sentence(&self, rng: &mut Rng, len: usize, out: &mut String) {
        let mut cur = self.starts[rng.below(self.starts.len())] as usize;
        for k in 0..len {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(&self.words[cur]);
            let succ = &self.next[cur];
            cur = if succ.is_empty() || rng.below(10) == 0 {
                self.starts[rng.below(self.starts.len())] as usize
            } else {
                succ[rng.below(succ.len())] as usize
            };
        }
        if !out.ends_with(['.', '؟', '!']) {
            out.push('.');
        }
    }
}

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// Fictional outlets of the synthetic corpus.
fn outlets() -> Vec<String> {
    let kinds = ["وكالة أنباء", "صحيفة", "موقع", "قناة"];
    let names = [
        "الساحل",
        "الفجر",
        "المدى",
        "الضفة",
        "السوق",
        "النخيل",
        "الميناء",
        "الجبل",
        "الواحة",
        "الرمال",
        "الوادي",
        "المنارة",
        "الأفق",
        "الشروق",
    ];
    names.iter().enumerate().map(|(k, n)| format!("{} {n}", kinds[k % kinds.len()])).collect()
}

/// What [`generate`] wrote.
#[derive(Debug, Serialize)]
pub struct Written {
    /// Files.
    pub files: usize,
    /// Articles.
    pub articles: usize,
    /// Bytes.
    pub bytes: u64,
}

/// Writes `articles` synthetic articles under `out` as JSON Lines files.
pub fn generate(out: &Path, articles: usize, per_file: usize, seed: u64) -> anyhow::Result<Written> {
    if out.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        anyhow::bail!("{}: the folder is not empty", out.display());
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let texts = crate::demo::texts();
    let model = Model::learn(texts.iter().copied());
    let outlets = outlets();
    let mut rng = Rng(seed);
    let per_file = per_file.max(1);
    let mut written = Written { files: 0, articles: 0, bytes: 0 };
    let start_day = crate::compare::day_of(Some("2024-01-01")).unwrap_or(19_723);
    let mut body = String::new();
    let mut title = String::new();
    while written.articles < articles {
        let path = out.join(format!("part-{:05}.jsonl", written.files));
        let file = std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
        let mut w = std::io::BufWriter::new(file);
        for _ in 0..per_file.min(articles - written.articles) {
            title.clear();
            let len = rng.between(6, 12);
            model.sentence(&mut rng, len, &mut title);
            title.pop();
            body.clear();
            for p in 0..rng.between(3, 9) {
                if p > 0 {
                    body.push('\n');
                }
                for s in 0..rng.between(1, 4) {
                    if s > 0 {
                        body.push(' ');
                    }
                    let len = rng.between(10, 30);
                    model.sentence(&mut rng, len, &mut body);
                }
            }
            let day = start_day + rng.below(730) as i64;
            let line = serde_json::json!({
                "title": title,
                "body": body,
                "outlet": outlets[rng.below(outlets.len())],
                "date": crate::compare::iso_of(day),
            });
            let s = line.to_string();
            w.write_all(s.as_bytes())?;
            w.write_all(b"\n")?;
            written.bytes += s.len() as u64 + 1;
            written.articles += 1;
        }
        w.flush()?;
        written.files += 1;
    }
    Ok(written)
}

/// Runs `marsad synth`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let t = Instant::now();
    let w = generate(&args.out, args.articles, args.per_file, args.seed)?;
    eprintln!(
        "wrote {} articles in {} files, {:.1} MB, in {:.1} s",
        w.articles,
        w.files,
        w.bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// One size of the scale benchmark.
#[derive(Debug, Serialize)]
pub struct ScaleRow {
    /// Articles indexed.
    pub articles: u64,
    /// Corpus bytes.
    pub bytes: u64,
    /// Seconds to index (a fresh index, end to end, in a child process).
    pub index_secs: f64,
    /// Articles per second.
    pub articles_per_s: f64,
    /// MB per second.
    pub mb_per_s: f64,
    /// Seconds per 100,000 articles (flat when time is linear).
    pub secs_per_100k: f64,
    /// Peak resident memory of the indexing process.
    pub peak_rss_mb: f64,
    /// Index size on disk.
    pub index_mb: f64,
}

/// Runs `marsad bench-scale`: for each size, generates a corpus and indexes it in a child
/// `marsad index --json` (so each size's peak memory is its own).
pub fn run_scale(args: &ScaleArgs) -> anyhow::Result<ExitCode> {
    let tmp;
    let work = match &args.work {
        Some(w) => w.clone(),
        None => {
            tmp = tempfile::tempdir().context("creating a temporary folder")?;
            tmp.path().to_path_buf()
        }
    };
    let exe = std::env::current_exe().context("finding the marsad binary")?;
    let mut rows = Vec::new();
    for &n in &args.sizes {
        let corpus = work.join(format!("corpus-{n}"));
        let cache = work.join(format!("cache-{n}"));
        let _ = std::fs::remove_dir_all(&corpus);
        let _ = std::fs::remove_dir_all(&cache);
        eprintln!("generating {n} articles…");
        let w = generate(&corpus, n, 1_000, n as u64)?;
        eprintln!("indexing {n} articles ({:.0} MB)…", w.bytes as f64 / 1e6);
        let t = Instant::now();
        let out = std::process::Command::new(&exe)
            .args(["index", "--json"])
            .arg(&corpus)
            .env("MARSAD_CACHE_DIR", &cache)
            .stderr(std::process::Stdio::inherit())
            .output()
            .context("running marsad index")?;
        let secs = t.elapsed().as_secs_f64();
        anyhow::ensure!(out.status.success(), "marsad index failed on {n} articles");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("reading marsad index --json")?;
        let articles = v["articles"].as_u64().unwrap_or(0);
        rows.push(ScaleRow {
            articles,
            bytes: w.bytes,
            index_secs: secs,
            articles_per_s: articles as f64 / secs,
            mb_per_s: w.bytes as f64 / 1e6 / secs,
            secs_per_100k: secs / (articles.max(1) as f64 / 1e5),
            peak_rss_mb: v["peak_rss_mb"].as_f64().unwrap_or(0.0),
            index_mb: dir_size(&cache) as f64 / 1e6,
        });
        let r = rows.last().expect("just pushed");
        eprintln!(
            "{n}: {:.1} s, {:.0} articles/s, {:.1} MB/s, peak RSS {:.0} MB, index {:.0} MB",
            r.index_secs, r.articles_per_s, r.mb_per_s, r.peak_rss_mb, r.index_mb
        );
        let _ = std::fs::remove_dir_all(&corpus);
        let _ = std::fs::remove_dir_all(&cache);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        println!("articles\tMB\tindex s\tarticles/s\tMB/s\ts/100k\tpeak RSS MB\tindex MB");
        for r in &rows {
            println!(
                "{}\t{:.0}\t{:.1}\t{:.0}\t{:.1}\t{:.1}\t{:.0}\t{:.0}",
                r.articles,
                r.bytes as f64 / 1e6,
                r.index_secs,
                r.articles_per_s,
                r.mb_per_s,
                r.secs_per_100k,
                r.peak_rss_mb,
                r.index_mb
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn dir_size(p: &Path) -> u64 {
    walkdir::WalkDir::new(p).into_iter().filter_map(Result::ok).filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_corpus_is_readable_and_repeatable() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let w = generate(&a.path().join("c"), 25, 10, 7).unwrap();
        assert_eq!((w.files, w.articles), (3, 25));
        generate(&b.path().join("c"), 25, 10, 7).unwrap();
        let read = |d: &Path| std::fs::read_to_string(d.join("c/part-00001.jsonl")).unwrap();
        assert_eq!(read(a.path()), read(b.path()), "same seed, same corpus");
        let c = crate::corpus::read_paths(&[a.path().join("c")], &crate::corpus::ReadOptions::default()).unwrap();
        assert_eq!(c.articles.len(), 25, "{:?}", c.problems);
        assert!(c.articles.iter().all(|x| x.outlet.is_some() && x.date.is_some() && x.body.lines().count() >= 3));
        assert!(generate(&a.path().join("c"), 1, 1, 1).is_err(), "never writes into a non-empty folder");
    }
}
