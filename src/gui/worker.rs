//! The app's background work: opening, indexing and searching, off the UI thread.
//!
//! The UI sends [`Command`]s and receives [`Event`]s; it never touches the disk or the index. One
//! thread answers searches and article requests; indexing runs on another, so already committed
//! articles are searchable while a long first index goes on. Every event wakes the UI.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::corpus::{Article, Problem, ReadOptions};
use crate::gui::state::CompareData;
use crate::index::{
    CorpusIndex, IndexError, KwicRow, Phase, Progress, SearchBackend, SearchRequest, SearchResults, Sink, UpdateSummary,
};

/// What the UI asks for.
#[derive(Debug)]
pub enum Command {
    /// Open (and index) a corpus folder.
    Open(PathBuf),
    /// Open this folder if it still exists, else the built-in demo corpus (start-up).
    OpenOrDemo(Option<PathBuf>),
    /// Run a search; `generation` lets the UI drop answers to stale queries.
    Search {
        /// Generation of the query.
        generation: u64,
        /// The search.
        request: SearchRequest,
    },
    /// Load an article with the query's highlights.
    Article {
        /// Generation of the request.
        generation: u64,
        /// Article id.
        id: String,
        /// Query whose hits to highlight.
        query: String,
        /// Whether stemmed forms count as hits.
        stemming: bool,
    },
    /// KWIC lines for a query.
    Kwic {
        /// Generation of the request.
        generation: u64,
        /// The query.
        request: SearchRequest,
    },
    /// Stop the running index update (the last commit stays searchable).
    CancelIndex,
    /// Save a correction to the entity recogniser, then re-index the articles it concerns.
    Correct(crate::gui::state::Correction),
    /// Export articles in the background (progress as [`Event::ExportProgress`]).
    Export {
        /// Which articles.
        selection: crate::export::Selection,
        /// Where and how.
        options: crate::export::ExportOptions,
    },
    /// Stop the running export.
    CancelExport,
    /// The ids of every hit of a request (Ctrl+A), answered with [`Event::AllIds`].
    AllIds {
        /// Generation of the query.
        generation: u64,
        /// The search.
        request: SearchRequest,
    },
    /// Compare the outlets of a request's best `max` hits (on its own thread; a newer request
    /// stops an older one), answered with [`Event::Compared`].
    Compare {
        /// Generation of the request.
        generation: u64,
        /// The selection.
        request: SearchRequest,
        /// Most articles compared.
        max: usize,
        /// The key the result is stored under ([`CompareData::key`]).
        key: String,
    },
    /// Write a comparison's tables as CSV files into a folder.
    CompareCsv {
        /// The comparison.
        data: Arc<CompareData>,
        /// The folder.
        dir: PathBuf,
    },
    /// Add a term group to the user's framing lexicon.
    SaveFramingGroup(crate::compare::framing::Group),
}

/// Progress of indexing, as the UI shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndexProgress {
    /// What is being done.
    pub phase: &'static str,
    /// Files done in this phase.
    pub files_done: usize,
    /// Files in this phase.
    pub files_total: usize,
    /// Fraction done, 0–1.
    pub fraction: f32,
    /// Throughput.
    pub mb_per_s: f64,
    /// Estimated seconds left.
    pub eta_secs: f64,
    /// Articles searchable so far.
    pub committed: u64,
    /// The file being read.
    pub current: String,
}

/// An article ready for the reader.
#[derive(Clone, Debug)]
pub struct LoadedArticle {
    /// The record.
    pub article: Article,
    /// Query hits in the title (byte ranges).
    pub title_hits: Vec<std::ops::Range<usize>>,
    /// Query hits in the body (byte ranges).
    pub body_hits: Vec<std::ops::Range<usize>>,
    /// Entity mentions in the title and body.
    pub mentions: crate::entities::ArticleMentions,
}

/// What the background threads report.
#[derive(Debug)]
pub enum Event {
    /// A folder was opened (its index may still be updating).
    Opened {
        /// The folder (canonical).
        root: PathBuf,
        /// Articles already searchable.
        articles: u64,
        /// Notes (index rebuilt…).
        notes: Vec<String>,
    },
    /// Opening failed.
    OpenFailed(String),
    /// Indexing progress.
    Progress(IndexProgress),
    /// A file was skipped or partly read.
    Problem(Problem),
    /// Indexing finished (or was cancelled).
    Indexed(Result<UpdateSummary, String>),
    /// Search results (`offset` > 0: a further page of the same query).
    Results {
        /// Generation of the query.
        generation: u64,
        /// Offset of this page.
        offset: usize,
        /// Hits, or the error message.
        results: Result<SearchResults, String>,
    },
    /// An article.
    Article {
        /// Generation of the request.
        generation: u64,
        /// The article (`None`: no longer in the index), or the error message.
        article: Result<Option<LoadedArticle>, String>,
    },
    /// KWIC lines.
    Kwic {
        /// Generation of the request.
        generation: u64,
        /// Lines, or the error message.
        rows: Result<Vec<KwicRow>, String>,
    },
    /// A correction was saved (files to re-index), or why not; re-indexing follows.
    Corrected(Result<usize, String>),
    /// Articles exported so far, of how many.
    ExportProgress(usize, usize),
    /// An export finished, or why it did not.
    Exported(Result<crate::export::ExportSummary, String>),
    /// The ids of every hit of a query.
    AllIds {
        /// Generation of the query.
        generation: u64,
        /// The ids, or the error message.
        ids: Result<Vec<String>, String>,
    },
    /// Articles loaded for a comparison so far, of how many.
    CompareProgress {
        /// Generation of the request.
        generation: u64,
        /// Loaded.
        done: usize,
        /// To load.
        total: usize,
    },
    /// A comparison, or why it failed.
    Compared {
        /// Generation of the request.
        generation: u64,
        /// The comparison.
        result: Result<Arc<CompareData>, String>,
    },
    /// The CSV files written, or why not.
    CompareCsvSaved(Result<Vec<PathBuf>, String>),
    /// Where a framing group was saved, or why not.
    FramingSaved(Result<PathBuf, String>),
}

/// Handle to the background threads.
pub struct Worker {
    tx: Sender<Command>,
    /// Events for the UI.
    pub events: Receiver<Event>,
    cancel: Arc<AtomicBool>,
    cancel_export: Arc<AtomicBool>,
    compare_gen: Arc<AtomicU64>,
}

impl Worker {
    /// Starts the worker; `wake` is called after every event (e.g. `ctx.request_repaint()`).
    /// Indexes go under `cache` (default: the user cache folder).
    pub fn start(cache: Option<PathBuf>, wake: impl Fn() + Send + Sync + 'static) -> Worker {
        let (tx, rx) = channel::<Command>();
        let (etx, events) = channel::<Event>();
        let cancel = Arc::new(AtomicBool::new(false));
        let cancel_export = Arc::new(AtomicBool::new(false));
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        let compare_gen = Arc::new(AtomicU64::new(0));
        let cancels = Cancels { index: cancel.clone(), export: cancel_export.clone(), compare: compare_gen.clone() };
        std::thread::Builder::new()
            .name("marsad-search".into())
            .spawn(move || serve(&rx, &etx, &cancels, &wake, cache.as_deref()))
            .expect("spawning the search thread");
        Worker { tx, events, cancel, cancel_export, compare_gen }
    }

    /// Sends a command (ignored if the worker has stopped).
    pub fn send(&self, c: Command) {
        if matches!(c, Command::CancelIndex) {
            self.cancel.store(true, Ordering::Relaxed);
        }
        if matches!(c, Command::CancelExport) {
            self.cancel_export.store(true, Ordering::Relaxed);
        }
        if let Command::Compare { generation, .. } = &c {
            self.compare_gen.store(*generation, Ordering::Relaxed);
        }
        let _ = self.tx.send(c);
    }
}

type Wake = Arc<dyn Fn() + Send + Sync>;

/// What the UI thread uses to stop background work early.
struct Cancels {
    /// Stop the running index update.
    index: Arc<AtomicBool>,
    /// Stop the running export.
    export: Arc<AtomicBool>,
    /// The newest comparison's generation: older ones stop.
    compare: Arc<AtomicU64>,
}

fn open_index(dir: &std::path::Path, cache: Option<&std::path::Path>) -> Result<CorpusIndex, IndexError> {
    match cache {
        Some(c) => CorpusIndex::open_in(dir, &CorpusIndex::location_under(c, dir)?),
        None => CorpusIndex::open(dir),
    }
}

fn serve(rx: &Receiver<Command>, tx: &Sender<Event>, cancels: &Cancels, wake: &Wake, cache: Option<&std::path::Path>) {
    let (cancel, cancel_export) = (&cancels.index, &cancels.export);
    let mut index: Option<Arc<CorpusIndex>> = None;
    let emit = |e: Event| {
        let _ = tx.send(e);
        wake();
    };
    while let Ok(mut cmd) = rx.recv() {
        if let Command::OpenOrDemo(dir) = cmd {
            cmd = match dir.filter(|d| d.exists()) {
                Some(d) => Command::Open(d),
                None => {
                    let base = cache
                        .map(std::path::Path::to_path_buf)
                        .or_else(crate::cache_dir)
                        .unwrap_or_else(std::env::temp_dir);
                    match crate::demo::unpack(&base) {
                        Ok(d) => Command::Open(d),
                        Err(e) => {
                            emit(Event::OpenFailed(format!("cannot unpack the demo corpus: {e}")));
                            continue;
                        }
                    }
                }
            };
        }
        match cmd {
            Command::OpenOrDemo(_) => {}
            Command::Open(dir) => {
                cancel.store(true, Ordering::Relaxed);
                match open_index(&dir, cache) {
                    Ok(ix) => {
                        let ix = Arc::new(ix);
                        emit(Event::Opened {
                            root: ix.root().to_path_buf(),
                            articles: ix.num_articles(),
                            notes: ix.notes().to_vec(),
                        });
                        index = Some(ix.clone());
                        cancel.store(false, Ordering::Relaxed);
                        spawn_indexer(ix, tx.clone(), cancel.clone(), wake.clone());
                    }
                    Err(e) => emit(Event::OpenFailed(format!("{}: {}", dir.display(), crate::error_chain(&e)))),
                }
            }
            Command::CancelIndex => {}
            Command::Search { generation, request } => {
                // Only the newest of queued searches matters (typing fast queues several).
                let results = match &index {
                    Some(ix) => ix.search(&request).map_err(|e| crate::error_chain(&e)),
                    None => Err("no folder open".into()),
                };
                emit(Event::Results { generation, offset: request.offset, results });
            }
            Command::Article { generation, id, query, stemming } => {
                let article = match &index {
                    Some(ix) => ix
                        .article(&id)
                        .map(|a| {
                            a.map(|article| LoadedArticle {
                                title_hits: ix.highlights(&query, stemming, &article.title),
                                body_hits: ix.highlights(&query, stemming, &article.body),
                                mentions: crate::entities::mentions(&article, Some(&ix.family_map())),
                                article,
                            })
                        })
                        .map_err(|e| e.to_string()),
                    None => Err("no folder open".into()),
                };
                emit(Event::Article { generation, article });
            }
            Command::Correct(c) => {
                let r = match &index {
                    Some(ix) => correct(ix, &c),
                    None => Err("no folder open".into()),
                };
                let ok = r.is_ok();
                emit(Event::Corrected(r));
                if let (true, Some(ix)) = (ok, &index) {
                    cancel.store(false, Ordering::Relaxed);
                    spawn_indexer(ix.clone(), tx.clone(), cancel.clone(), wake.clone());
                }
            }
            Command::CancelExport => {}
            Command::Export { selection, options } => match &index {
                Some(ix) => {
                    cancel_export.store(false, Ordering::Relaxed);
                    spawn_export(ix.clone(), selection, options, tx.clone(), cancel_export.clone(), wake.clone());
                }
                None => emit(Event::Exported(Err("no folder open".into()))),
            },
            Command::AllIds { generation, request } => {
                let ids = match &index {
                    Some(ix) => ix.hit_ids(&request).map_err(|e| crate::error_chain(&e)),
                    None => Err("no folder open".into()),
                };
                emit(Event::AllIds { generation, ids });
            }
            Command::Compare { generation, request, max, key } => match &index {
                Some(ix) => spawn_compare(
                    ix.clone(),
                    CompareJob { generation, request, max, key },
                    tx.clone(),
                    cancels.compare.clone(),
                    wake.clone(),
                ),
                None => emit(Event::Compared { generation, result: Err("no folder open".into()) }),
            },
            Command::CompareCsv { data, dir } => {
                emit(Event::CompareCsvSaved(data.comparison.write_csv_dir(&dir, &data.articles)));
            }
            Command::SaveFramingGroup(group) => {
                emit(Event::FramingSaved(crate::compare::framing::Lexicon::save_group(&group)));
            }
            Command::Kwic { generation, request } => {
                let rows = match &index {
                    Some(ix) => ix.kwic(&request, 200, 50).map_err(|e| e.to_string()),
                    None => Err("no folder open".into()),
                };
                emit(Event::Kwic { generation, rows });
            }
        }
    }
}

/// Saves a correction in the user's corrections file, reloads the recogniser and marks the
/// files it concerns for re-indexing.
fn correct(ix: &CorpusIndex, c: &crate::gui::state::Correction) -> Result<usize, String> {
    let names = crate::entities::corrections::record(c)?;
    ix.reindex_entities(&names).map_err(|e| crate::error_chain(&e))
}

/// A comparison to make.
struct CompareJob {
    generation: u64,
    request: SearchRequest,
    max: usize,
    key: String,
}

/// Loads a selection's articles and compares their outlets on its own thread (seconds for tens
/// of thousands of articles), so searching goes on meanwhile. A newer request stops it while
/// articles load.
fn spawn_compare(ix: Arc<dyn SearchBackend>, job: CompareJob, tx: Sender<Event>, newest: Arc<AtomicU64>, wake: Wake) {
    std::thread::Builder::new()
        .name("marsad-compare".into())
        .spawn(move || {
            crate::os::lower_thread_priority();
            let started = Instant::now();
            let generation = job.generation;
            let stale = || newest.load(Ordering::Relaxed) != generation;
            let mut last = Instant::now();
            let mut progress = |done: usize, total: usize| {
                if last.elapsed() >= Duration::from_millis(100) {
                    last = Instant::now();
                    let _ = tx.send(Event::CompareProgress { generation, done, total });
                    wake();
                }
                !stale()
            };
            let result = (|| {
                let (articles, total) =
                    ix.hit_articles(&job.request, job.max, &mut progress).map_err(|e| crate::error_chain(&e))?;
                let lexicon = crate::compare::framing::Lexicon::load()?;
                let comparison =
                    crate::compare::compare(&articles, &lexicon, &crate::compare::CompareOptions::default());
                Ok(Arc::new(CompareData {
                    key: job.key,
                    articles,
                    total,
                    comparison,
                    secs: started.elapsed().as_secs_f64(),
                    lexicon,
                }))
            })();
            if !stale() {
                let _ = tx.send(Event::Compared { generation, result });
                wake();
            }
        })
        .expect("spawning the compare thread");
}

/// Runs an export on its own thread, so searching goes on meanwhile.
fn spawn_export(
    ix: Arc<CorpusIndex>,
    selection: crate::export::Selection,
    options: crate::export::ExportOptions,
    tx: Sender<Event>,
    cancel: Arc<AtomicBool>,
    wake: Wake,
) {
    std::thread::Builder::new()
        .name("marsad-export".into())
        .spawn(move || {
            crate::os::lower_thread_priority();
            let mut last = Instant::now();
            let mut progress = |done: usize, total: usize| {
                if last.elapsed() >= Duration::from_millis(100) || done == total {
                    last = Instant::now();
                    let _ = tx.send(Event::ExportProgress(done, total));
                    wake();
                }
                !cancel.load(Ordering::Relaxed)
            };
            let r = crate::export::export_from_index(&ix, &selection, &options, &mut progress)
                .map_err(|e| crate::error_chain(&e));
            let _ = tx.send(Event::Exported(r));
            wake();
        })
        .expect("spawning the export thread");
}

struct ChannelSink {
    tx: Sender<Event>,
    cancel: Arc<AtomicBool>,
    wake: Wake,
    last: Instant,
    phase: Option<Phase>,
    phase_started: Instant,
}

impl Sink for ChannelSink {
    fn progress(&mut self, p: &Progress<'_>) -> bool {
        if self.phase != Some(p.phase) {
            self.phase = Some(p.phase);
            self.phase_started = Instant::now();
        }
        let now = Instant::now();
        let done = p.files_done == p.files_total;
        if now.duration_since(self.last) >= Duration::from_millis(100) || done {
            self.last = now;
            let secs = now.duration_since(self.phase_started).as_secs_f64().max(1e-3);
            let fraction = if p.bytes_total > 0 { p.bytes_done as f64 / p.bytes_total as f64 } else { 0.0 };
            let rate = p.bytes_done as f64 / secs;
            let progress = IndexProgress {
                phase: match p.phase {
                    Phase::Scanning => "scanning",
                    Phase::Reading => "reading",
                    Phase::Indexing => "indexing",
                },
                files_done: p.files_done,
                files_total: p.files_total,
                fraction: fraction as f32,
                mb_per_s: rate / 1e6,
                eta_secs: if rate > 0.0 { (p.bytes_total - p.bytes_done) as f64 / rate } else { 0.0 },
                committed: p.committed_articles,
                current: p.current.to_owned(),
            };
            let _ = self.tx.send(Event::Progress(progress));
            (self.wake)();
        }
        !self.cancel.load(Ordering::Relaxed)
    }

    fn problem(&mut self, p: &Problem) {
        let _ = self.tx.send(Event::Problem(p.clone()));
    }
}

fn spawn_indexer(ix: Arc<CorpusIndex>, tx: Sender<Event>, cancel: Arc<AtomicBool>, wake: Wake) {
    std::thread::Builder::new()
        .name("marsad-index".into())
        .spawn(move || {
            crate::os::lower_thread_priority();
            let now = Instant::now();
            let mut sink =
                ChannelSink { tx: tx.clone(), cancel, wake: wake.clone(), last: now, phase: None, phase_started: now };
            let r = ix.update(&ReadOptions::default(), &mut sink).map_err(|e| match e {
                IndexError::Busy(_) => format!("{e}"),
                e => format!("indexing {}: {}", ix.root().display(), crate::error_chain(&e)),
            });
            let _ = tx.send(Event::Indexed(r));
            wake();
        })
        .expect("spawning the index thread");
}
