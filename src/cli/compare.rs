//! `marsad compare DIR [--query Q] [--json] [--top N] [--csv OUT] [--bench]`: how the outlets of a
//! selection differ (stories and who published first, characteristic words, framing terms, quoted
//! sources, timeline).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;

use super::ReadArgs;
use crate::compare::{self, CompareOptions, framing, stories, timeline, words};
use crate::corpus::{self, Article};
use crate::index::SearchRequest;

/// Arguments of `marsad compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Corpus folder.
    pub dir: PathBuf,
    /// Compare the hits of this query (indexing the folder first if needed); empty: the whole
    /// corpus.
    #[arg(long, default_value = "")]
    pub query: String,
    /// Print one JSON object with the keys stories, characteristic_words, framing, sources,
    /// timeline (and entity_shares).
    #[arg(long)]
    pub json: bool,
    /// Rows per outlet in ranked tables, and stories shown.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Also write every table as CSV into this folder (stories, words, framing, sources,
    /// entities, timeline .csv).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Timeline unit.
    #[arg(long, value_enum, default_value_t = BucketArg::Day)]
    pub bucket: BucketArg,
    /// Characteristic words as light stems (والحكومة and الحكومة together).
    #[arg(long)]
    pub stem: bool,
    /// Measure clustering the whole corpus and the per-outlet tables of a 1,000-article selection
    /// instead of printing the comparison.
    #[arg(long)]
    pub bench: bool,
    /// Story clustering: confirm candidate pairs at this title + lead TF-IDF cosine.
    #[arg(long)]
    pub min_cosine: Option<f64>,
    /// Story clustering: confirm candidate pairs at this estimated shingle Jaccard similarity.
    #[arg(long)]
    pub min_jaccard: Option<f64>,
    /// Story clustering: the lower cosine for pairs sharing several rare terms.
    #[arg(long)]
    pub min_cosine_rare: Option<f64>,
    /// Story clustering: rare title + lead terms a pair must share for the lower cosine.
    #[arg(long)]
    pub min_shared_rare: Option<usize>,
    /// Story clustering: longest story, in days from first to last article.
    #[arg(long)]
    pub max_span_days: Option<i64>,
    /// Story clustering: join two groups only at this centroid cosine (against chaining).
    #[arg(long)]
    pub min_link: Option<f64>,
    /// Story clustering: largest story.
    #[arg(long)]
    pub max_story: Option<usize>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Timeline units on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum BucketArg {
    /// Days.
    Day,
    /// Weeks (from Monday).
    Week,
    /// Months.
    Month,
}

/// Reads the selection: the whole corpus, or the articles hitting the query.
fn select(args: &Args) -> anyhow::Result<Vec<Article>> {
    let wanted: Option<HashSet<String>> = if args.query.trim().is_empty() {
        None
    } else {
        let (index, _) = super::index::open_updated(&args.dir, &args.read, args.json, false)?;
        let req = SearchRequest {
            query: args.query.clone(),
            limit: index.num_articles().max(1) as usize,
            snippet_chars: 0,
            facets: false,
            ..SearchRequest::default()
        };
        Some(index.search(&req)?.hits.into_iter().map(|h| h.id).collect())
    };
    let corpus = corpus::read_paths(std::slice::from_ref(&args.dir), &args.read.options())
        .with_context(|| format!("reading {}", args.dir.display()))?;
    Ok(match wanted {
        Some(ids) => corpus.articles.into_iter().filter(|a| ids.contains(&a.id)).collect(),
        None => corpus.articles,
    })
}

fn story_options(args: &Args) -> stories::StoryOptions {
    let d = stories::StoryOptions::default();
    stories::StoryOptions {
        min_cosine: args.min_cosine.unwrap_or(d.min_cosine),
        min_jaccard: args.min_jaccard.unwrap_or(d.min_jaccard),
        min_cosine_rare: args.min_cosine_rare.unwrap_or(d.min_cosine_rare),
        max_story: args.max_story.unwrap_or(d.max_story),
        min_link: args.min_link.unwrap_or(d.min_link),
        max_span_days: args.max_span_days.unwrap_or(d.max_span_days),
        min_shared_rare: args.min_shared_rare.unwrap_or(d.min_shared_rare),
        ..d
    }
}

fn options(args: &Args) -> CompareOptions {
    CompareOptions {
        stories: story_options(args),
        top: args.top,
        words: words::WordOptions { top: args.top, stem: args.stem, ..words::WordOptions::default() },
        bucket: match args.bucket {
            BucketArg::Day => timeline::Bucket::Day,
            BucketArg::Week => timeline::Bucket::Week,
            BucketArg::Month => timeline::Bucket::Month,
        },
        ..CompareOptions::default()
    }
}

/// Runs `marsad compare`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.bench {
        return bench(args);
    }
    let lexicon = framing::Lexicon::load().map_err(anyhow::Error::msg)?;
    let articles = select(args)?;
    let c = compare::compare(&articles, &lexicon, &options(args));
    if let Some(dir) = &args.csv {
        write_csv(dir, &c, &articles)?;
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        writeln!(out, "{}", c.to_json(&articles, args.top))?;
    } else {
        print_text(&mut out, args, &c, &articles)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_csv(dir: &Path, c: &compare::Comparison, articles: &[Article]) -> anyhow::Result<()> {
    c.write_csv_dir(dir, articles).map_err(anyhow::Error::msg)?;
    Ok(())
}

fn print_text(out: &mut impl Write, args: &Args, c: &compare::Comparison, articles: &[Article]) -> anyhow::Result<()> {
    let outlets: HashSet<&str> = articles.iter().map(compare::outlet_of).collect();
    let what = if args.query.trim().is_empty() { "the whole corpus".to_owned() } else { format!("«{}»", args.query) };
    writeln!(out, "{} articles from {} outlets ({what})", articles.len(), outlets.len())?;

    writeln!(out, "\nStories covered by several outlets: {}", c.stories.stories.len())?;
    for (k, r) in c.stories.stories.iter().take(args.top).enumerate() {
        let s = &r.story;
        writeln!(out, "{:>3}. {}", k + 1, s.label)?;
        writeln!(
            out,
            "     {} articles, {} outlets ({}), {} … {}",
            s.ids.len(),
            s.outlets.len(),
            s.outlets.join("، "),
            s.first_date.as_deref().unwrap_or("?"),
            s.last_date.as_deref().unwrap_or("?")
        )?;
        if let Some(f) = &r.first_published {
            writeln!(out, "     {}", f.summary())?;
        }
    }

    writeln!(out, "\nCharacteristic words (log-odds z against the other outlets):")?;
    for o in &c.characteristic_words.outlets {
        let list: Vec<String> =
            o.words.iter().take(args.top).map(|w| format!("{} ({:.1}, {})", w.word, w.z, w.count)).collect();
        writeln!(out, "  {} [{} articles]: {}", o.outlet, o.articles, list.join("، "))?;
    }

    writeln!(out, "\nFraming terms (per 1,000 words; count):")?;
    let mut group = "";
    let mut rows: Vec<&framing::FramingRow> = c.framing.rows.iter().filter(|r| r.count > 0).collect();
    rows.sort_by(|a, b| {
        let gi = |g: &str| c.framing.rows.iter().position(|r| r.group == g).unwrap_or(0);
        gi(&a.group).cmp(&gi(&b.group)).then(a.outlet.cmp(&b.outlet)).then(b.count.cmp(&a.count))
    });
    let mut line_outlet = String::new();
    let mut line = Vec::new();
    let flush = |out: &mut dyn Write, outlet: &str, line: &mut Vec<String>| -> std::io::Result<()> {
        if !line.is_empty() {
            writeln!(out, "    {outlet}: {}", line.join("، "))?;
            line.clear();
        }
        Ok(())
    };
    for r in rows {
        if r.group != group || r.outlet != line_outlet {
            flush(out, &line_outlet, &mut line)?;
            if r.group != group {
                writeln!(out, "  {}", r.group)?;
                group = &r.group;
            }
            line_outlet.clone_from(&r.outlet);
        }
        line.push(format!("{} {:.2} ({})", r.term, r.per_1000, r.count));
    }
    flush(out, &line_outlet, &mut line)?;

    writeln!(out, "\nQuoted sources:")?;
    for o in &c.sources.outlets {
        let list: Vec<String> = o.sources.iter().take(args.top).map(|s| format!("{} ({})", s.name, s.count)).collect();
        writeln!(out, "  {} [{} attributions]: {}", o.outlet, o.quotes, list.join("، "))?;
    }
    Ok(())
}

/// What `marsad compare --bench` measured.
#[derive(Debug, serde::Serialize)]
pub struct Bench {
    /// Articles in the corpus.
    pub articles: usize,
    /// Seconds to read the corpus (for reference; not part of the comparison).
    pub read_secs: f64,
    /// Seconds to cluster the whole corpus into stories (median of the runs).
    pub cluster_secs: f64,
    /// Stories found (groups of ≥ 2 articles).
    pub stories: usize,
    /// Stories covered by ≥ 2 outlets.
    pub multi_outlet_stories: usize,
    /// Articles in some story.
    pub clustered_articles: usize,
    /// Largest story.
    pub largest_story: usize,
    /// Seconds to find who published first, for every multi-outlet story.
    pub first_published_secs: f64,
    /// Articles in the sampled selection.
    pub selection: usize,
    /// Milliseconds for the characteristic words of the selection (median).
    pub words_ms: f64,
    /// Milliseconds for the framing counts of the selection (median).
    pub framing_ms: f64,
    /// Milliseconds for quoted sources + timeline of the selection (median).
    pub sources_timeline_ms: f64,
    /// Threads rayon used.
    pub threads: usize,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn bench(args: &Args) -> anyhow::Result<ExitCode> {
    let t = Instant::now();
    let corpus = corpus::read_paths(std::slice::from_ref(&args.dir), &args.read.options())
        .with_context(|| format!("reading {}", args.dir.display()))?;
    let read_secs = t.elapsed().as_secs_f64();
    let articles = corpus.articles;
    let opts = story_options(args);
    let mut times = Vec::new();
    let mut found = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        found = stories::cluster(&articles, &opts);
        times.push(t.elapsed().as_secs_f64());
    }
    let multi: Vec<&stories::Story> = found.iter().filter(|s| s.outlets.len() >= 2).collect();
    let t = Instant::now();
    for s in &multi {
        let members: Vec<&Article> = s.members.iter().map(|&i| &articles[i]).collect();
        std::hint::black_box(compare::passages::first_published(&members, compare::passages::MIN_WORDS));
    }
    let first_published_secs = t.elapsed().as_secs_f64();
    // A 1,000-article selection spread over the corpus (every k-th article).
    let step = (articles.len() / 1000).max(1);
    let selection: Vec<Article> = articles.iter().step_by(step).take(1000).cloned().collect();
    let lexicon = framing::Lexicon::load().map_err(anyhow::Error::msg)?;
    let matcher = framing::Matcher::new(&lexicon);
    let wopts = words::WordOptions::default();
    let (mut w, mut f, mut s) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..7 {
        let t = Instant::now();
        std::hint::black_box(words::characteristic_words(&selection, &wopts));
        w.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        std::hint::black_box(framing::count_with(&selection, &matcher));
        f.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        std::hint::black_box(compare::sources::quoted_sources(&selection, args.top));
        std::hint::black_box(timeline::timeline(&selection, timeline::Bucket::Day));
        s.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let b = Bench {
        articles: articles.len(),
        read_secs,
        cluster_secs: median(times),
        stories: found.len(),
        multi_outlet_stories: multi.len(),
        clustered_articles: found.iter().map(|s| s.members.len()).sum(),
        largest_story: found.iter().map(|s| s.members.len()).max().unwrap_or(0),
        first_published_secs,
        selection: selection.len(),
        words_ms: median(w),
        framing_ms: median(f),
        sources_timeline_ms: median(s),
        threads: rayon::current_num_threads(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&b)?);
    } else {
        println!("{} articles (read in {:.2} s), {} threads", b.articles, b.read_secs, b.threads);
        println!(
            "  stories: {:.2} s → {} stories ({} multi-outlet), {} articles clustered, largest {}",
            b.cluster_secs, b.stories, b.multi_outlet_stories, b.clustered_articles, b.largest_story
        );
        println!("  first published, all multi-outlet stories: {:.2} s", b.first_published_secs);
        println!(
            "  {}-article selection: words {:.1} ms, framing {:.1} ms, sources + timeline {:.1} ms",
            b.selection, b.words_ms, b.framing_ms, b.sources_timeline_ms
        );
    }
    Ok(ExitCode::SUCCESS)
}
