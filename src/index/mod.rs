//! The search index of one corpus folder: Arabic-aware, incremental, crash-safe.
//!
//! One tantivy index per folder lives in the user's cache folder (never in the corpus), keyed by
//! a hash of the folder's canonical path. [`CorpusIndex::update`] re-indexes only added, changed
//! and removed files, reports progress through a [`Sink`] that can also cancel, and commits in
//! batches: a cancelled or killed run leaves the last commit valid and searchable, and the next run
//! picks up where it stopped. [`CorpusIndex::search`] answers the query language of
//! [`query`] with hit counts, facets over the whole hit set, snippets and KWIC lines.

pub mod analyzer;
pub mod backend;
pub mod facets;
pub mod highlight;
pub mod manifest;
pub mod query;
pub mod schema;
mod search;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::schema::Facet;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::corpus::recurring::{group_of, into_article, remove_recurring, settle_one};
use crate::corpus::{self, Article, Problem, ReadOptions, record, walk};
use crate::entities::aliases::{FamilyCounts, FamilyMap};
use manifest::{DocState, FileState, Manifest, changed_groups};
use schema::{FORMAT_VERSION, Fields, iso_to_day};

pub use backend::SearchBackend;
pub use search::{DateBucket, Facets, Hit, KwicRow, SearchRequest, SearchResults, Sort};

/// Errors of the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The corpus folder cannot be read.
    #[error(transparent)]
    Corpus(#[from] corpus::Error),
    /// Another Marsad is updating this folder's index.
    #[error("another Marsad is indexing {0} right now; the index is open read-only until it finishes")]
    Busy(String),
    /// No cache folder to put the index in.
    #[error("no cache folder for the index (set MARSAD_CACHE_DIR)")]
    NoCacheDir,
    /// The query could not be understood.
    #[error("query: {0}")]
    Query(#[from] query::QueryError),
    /// A tantivy error, with what was being done.
    #[error("{what}")]
    Tantivy {
        /// What was being done.
        what: String,
        /// The error.
        source: tantivy::TantivyError,
    },
    /// A file-system error on the index folder.
    #[error("{what}")]
    Io {
        /// What was being done.
        what: String,
        /// The error.
        source: std::io::Error,
    },
}

fn tv<T>(what: &str, r: tantivy::Result<T>) -> Result<T, IndexError> {
    r.map_err(|source| IndexError::Tantivy { what: what.to_owned(), source })
}

fn io<T>(what: impl Into<String>, r: std::io::Result<T>) -> Result<T, IndexError> {
    r.map_err(|source| IndexError::Io { what: what.into(), source })
}

/// What an update is doing, reported to a [`Sink`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Listing files and comparing them with the manifest.
    Scanning,
    /// Reading changed files (boilerplate statistics).
    Reading,
    /// Adding articles to the index.
    Indexing,
}

/// Progress of an update.
#[derive(Clone, Debug)]
pub struct Progress<'a> {
    /// Current phase.
    pub phase: Phase,
    /// Files done in this phase.
    pub files_done: usize,
    /// Files to do in this phase.
    pub files_total: usize,
    /// Bytes done in this phase.
    pub bytes_done: u64,
    /// Bytes to do in this phase.
    pub bytes_total: u64,
    /// The file being worked on.
    pub current: &'a str,
    /// Articles searchable so far (committed).
    pub committed_articles: u64,
}

/// Receives progress; returning `false` cancels the update (cleanly: the last commit stays).
pub trait Sink {
    /// Called from the updating thread between batches.
    fn progress(&mut self, p: &Progress<'_>) -> bool;
    /// Called for every file skipped or partly read.
    fn problem(&mut self, _p: &Problem) {}
}

impl<F: FnMut(&Progress<'_>) -> bool> Sink for F {
    fn progress(&mut self, p: &Progress<'_>) -> bool {
        self(p)
    }
}

/// What an update did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct UpdateSummary {
    /// Files in the folder that hold articles.
    pub files: usize,
    /// Files (re-)indexed this time.
    pub files_indexed: usize,
    /// Files removed from the index.
    pub files_removed: usize,
    /// Articles in the index afterwards.
    pub articles: u64,
    /// Bytes read this time.
    pub bytes_read: u64,
    /// Files skipped or partly read, with reasons.
    pub problems: Vec<Problem>,
    /// True when the update was cancelled (the last commit is what the index holds).
    pub cancelled: bool,
    /// Wall time.
    pub seconds: f64,
    /// Notes for the user (index rebuilt because …).
    pub notes: Vec<String>,
}

/// The index of one corpus folder.
pub struct CorpusIndex {
    root: PathBuf,
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    notes: Vec<String>,
    /// The corpus' settings, to re-read articles exactly as they were indexed.
    ctx: record::Context,
    /// Recurring-line hashes per group as applied to the index.
    recurring: std::sync::RwLock<BTreeMap<String, HashSet<u32>>>,
    /// Recently re-read files (a multi-article file is parsed once for many hits).
    files: std::sync::Mutex<Vec<(String, std::sync::Arc<Vec<Article>>)>>,
    /// Full names per family name over the indexed articles (alias merging across the corpus).
    family: std::sync::RwLock<(FamilyCounts, std::sync::Arc<FamilyMap>)>,
    /// Facet names of the index's segments, decoded once per segment (facet counts).
    facet_names: std::sync::Mutex<facets::FacetNames>,
}

/// Files per parallel batch (progress and cancellation granularity).
const BATCH_FILES: usize = 512;
/// Bytes per parallel batch: a batch's articles are in memory together, so a folder of large
/// multi-article files (JSON Lines, CSV) is read a few MB at a time, not 512 files at a time.
const BATCH_BYTES: u64 = 16 * 1024 * 1024;

/// Commit this often during a long first index, so results show up while it runs (less often
/// when commits themselves get slow, see `update`).
const COMMIT_EVERY: Duration = Duration::from_secs(3);
/// Index writer memory budget: comfortable on a 2-core, few-GB machine.
const WRITER_BUDGET: usize = 96 * 1024 * 1024;

/// Commits, retrying with backoff while the OS refuses access to a file: on Windows a virus
/// scanner or search indexer briefly holding a segment file makes the commit's rename fail with
/// `PermissionDenied`. Other errors, and a refusal that outlasts the retries, are returned.
fn commit_with_retry(writer: &mut IndexWriter) -> tantivy::Result<()> {
    let mut wait = Duration::from_millis(50);
    for _ in 0..5 {
        match writer.commit() {
            Err(tantivy::TantivyError::IoError(e)) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                std::thread::sleep(wait);
                wait *= 2;
            }
            r => return r.map(|_| ()),
        }
    }
    writer.commit().map(|_| ())
}

/// Consecutive batches of at most [`BATCH_FILES`] files and [`BATCH_BYTES`] bytes (a larger
/// file is a batch of its own).
fn batches<T>(items: &[T], size: impl Fn(&T) -> u64) -> Vec<&[T]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        let s = size(item);
        if i > start && (i - start >= BATCH_FILES || bytes + s > BATCH_BYTES) {
            out.push(&items[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += s;
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

impl CorpusIndex {
    /// Where the index of `root` lives: `<cache>/indexes/<hash of the canonical path>`.
    pub fn location(root: &Path) -> Result<PathBuf, IndexError> {
        Self::location_under(&crate::cache_dir().ok_or(IndexError::NoCacheDir)?, root)
    }

    /// Where the index of `root` lives under a given cache folder.
    pub fn location_under(cache: &Path, root: &Path) -> Result<PathBuf, IndexError> {
        let canonical = io(format!("cannot open {}", root.display()), std::fs::canonicalize(root))?;
        let hash = xxhash_rust::xxh3::xxh3_64(canonical.to_string_lossy().as_bytes());
        Ok(cache.join("indexes").join(format!("{hash:016x}")))
    }

    /// Opens (or creates) the index of `root` in the cache folder.
    pub fn open(root: &Path) -> Result<CorpusIndex, IndexError> {
        let dir = Self::location(root)?;
        Self::open_in(root, &dir)
    }

    /// Opens (or creates) the index of `root` in `dir`. An index of another format version, or
    /// one that cannot be read, is reported in [`CorpusIndex::notes`] and rebuilt.
    pub fn open_in(root: &Path, dir: &Path) -> Result<CorpusIndex, IndexError> {
        let root = io(format!("cannot open {}", root.display()), std::fs::canonicalize(root))?;
        if !root.is_dir() && !root.is_file() {
            return Err(
                corpus::Error::Root { path: root, source: std::io::Error::other("not a file or folder") }.into()
            );
        }
        let tantivy_dir = dir.join("tantivy");
        let mut notes = Vec::new();
        let manifest = Manifest::load(&dir.join("manifest.json"));
        let reason = match &manifest {
            Err(e) => Some(format!("its manifest is unreadable ({e})")),
            Ok(Some(m)) if m.version != FORMAT_VERSION => {
                Some(format!("it has format version {} and this Marsad writes {FORMAT_VERSION}", m.version))
            }
            Ok(Some(m)) if m.rules != schema::rules_fingerprint() => Some(
                "it was made with other reading rules (another Marsad, or edited outlet or boilerplate files)".into(),
            ),
            _ => None,
        };
        if let Some(reason) = reason {
            notes.push(format!("rebuilding the index at {} because {reason}", dir.display()));
            io("removing the old index", std::fs::remove_dir_all(dir))?;
        }
        io(format!("creating {}", tantivy_dir.display()), std::fs::create_dir_all(&tantivy_dir))?;
        let index = match open_or_create(&tantivy_dir) {
            Ok(i) => i,
            Err(e) => {
                notes.push(format!("rebuilding the index at {} because it could not be opened ({e})", dir.display()));
                io("removing the broken index", std::fs::remove_dir_all(dir))?;
                io("recreating the index folder", std::fs::create_dir_all(&tantivy_dir))?;
                let _ = std::fs::remove_file(dir.join("manifest.json"));
                tv("creating the index", open_or_create(&tantivy_dir))?
            }
        };
        analyzer::register(&index);
        let fields = tv("reading the schema", Fields::from_schema(&index.schema()))?;
        let reader = tv("opening the index", index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into())?;
        let ctx = record::Context::for_root(&root)?;
        let recurring = Manifest::load(&dir.join("manifest.json"))
            .ok()
            .flatten()
            .map(|m| to_sets(&m.recurring))
            .unwrap_or_default();
        let family: FamilyCounts = std::fs::read(dir.join("family.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let family_map = std::sync::Arc::new(family.map());
        Ok(CorpusIndex {
            family: std::sync::RwLock::new((family, family_map)),
            root,
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            notes,
            ctx,
            recurring: std::sync::RwLock::new(recurring),
            files: std::sync::Mutex::new(Vec::new()),
            facet_names: std::sync::Mutex::default(),
        })
    }

    /// The corpus folder (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Things the user should know about how the index was opened (e.g. rebuilt).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Articles currently searchable.
    pub fn num_articles(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Size of the index folder in bytes.
    pub fn size_bytes(&self) -> u64 {
        walkdir::WalkDir::new(&self.dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    }

    fn manifest_path(&self) -> PathBuf {
        self.dir.join("manifest.json")
    }

    /// Brings the index up to date with the folder: adds new files, re-indexes changed ones,
    /// removes deleted ones. Returns [`IndexError::Busy`] when another process holds the writer.
    pub fn update(&self, opts: &ReadOptions, sink: &mut dyn Sink) -> Result<UpdateSummary, IndexError> {
        let started = Instant::now();
        let mut summary = UpdateSummary { notes: self.notes.clone(), ..UpdateSummary::default() };
        let root_str = self.root.to_string_lossy().into_owned();
        let mut manifest =
            Manifest::load(&self.manifest_path()).ok().flatten().unwrap_or_else(|| Manifest::new(&root_str));
        // A manifest that claims files the index does not hold (index deleted or rolled back) is
        // not trusted.
        if self.num_articles() == 0 && !manifest.files.is_empty() {
            manifest = Manifest::new(&root_str);
        }
        let mut progress = Progress {
            phase: Phase::Scanning,
            files_done: 0,
            files_total: 0,
            bytes_done: 0,
            bytes_total: 0,
            current: "",
            committed_articles: self.num_articles(),
        };
        if !sink.progress(&progress) {
            summary.cancelled = true;
            return Ok(summary);
        }
        let listing = walk::walk(&self.root, opts)?;
        let ctx = record::Context::for_root(&self.root)?;
        for p in &listing.problems {
            sink.problem(p);
        }
        summary.problems.extend(listing.problems);
        summary.files = listing.entries.len();

        // What changed: size or mtime differ (content hashes are compared after reading).
        let present: HashSet<&str> = listing.entries.iter().map(|e| e.rel.as_str()).collect();
        let removed: Vec<String> = manifest.files.keys().filter(|k| !present.contains(k.as_str())).cloned().collect();
        let candidates: Vec<&walk::Entry> = listing
            .entries
            .iter()
            .filter(|e| manifest.files.get(&e.rel).is_none_or(|f| f.size != e.size || f.mtime != e.mtime))
            .collect();
        // Files that did not change keep their problems from the last time they were read.
        let changed: HashSet<&str> = candidates.iter().map(|e| e.rel.as_str()).collect();
        for e in listing.entries.iter().filter(|e| !changed.contains(e.rel.as_str())) {
            for p in manifest.files.get(&e.rel).map(|f| f.problems.as_slice()).unwrap_or_default() {
                sink.problem(p);
                summary.problems.push(p.clone());
            }
        }
        if removed.is_empty() && candidates.is_empty() {
            summary.articles = self.num_articles();
            summary.seconds = started.elapsed().as_secs_f64();
            return Ok(summary);
        }

        // The entity recogniser compiles its automata (a few hundred ms on one core) while pass 1
        // reads: pass 2 needs it from its first file.
        std::thread::spawn(crate::entities::current);
        // Pass 1: read changed files for their statistics (kept small: hashes, groups, dates).
        progress.phase = Phase::Reading;
        progress.files_total = candidates.len();
        progress.bytes_total = candidates.iter().map(|e| e.size).sum();
        let mut new_states: BTreeMap<String, FileState> = BTreeMap::new();
        for batch in batches(&candidates, |e| e.size) {
            let results: Vec<_> = batch.par_iter().map(|e| (e, read_state(e, &ctx))).collect();
            for (e, (state, problems)) in results {
                for p in &problems {
                    sink.problem(p);
                }
                summary.problems.extend(problems);
                progress.files_done += 1;
                progress.bytes_done += e.size;
                summary.bytes_read += e.size;
                if let Some(state) = state {
                    new_states.insert(e.rel.clone(), state);
                }
            }
            progress.current = batch.last().map_or("", |e| e.rel.as_str());
            if !sink.progress(&progress) {
                summary.cancelled = true;
                summary.articles = self.num_articles();
                return Ok(summary);
            }
        }
        // Same content under a new mtime: only the manifest changes.
        let mut to_index: Vec<&walk::Entry> = Vec::new();
        for e in &candidates {
            match (manifest.files.get(&e.rel), new_states.get(&e.rel)) {
                (Some(old), Some(new)) if old.hash == new.hash => {
                    let mut s = old.clone();
                    s.mtime = e.mtime;
                    s.size = e.size;
                    manifest.files.insert(e.rel.clone(), s);
                }
                _ => to_index.push(e),
            }
        }

        // Corpus-level statistics over the whole corpus as it will be: the files staying as they
        // are, and the new states of those being indexed (no copy of the manifest).
        let removed_set: HashSet<&str> = removed.iter().map(String::as_str).collect();
        let indexing: HashSet<&str> = to_index.iter().map(|e| e.rel.as_str()).collect();
        let future = || {
            manifest
                .files
                .iter()
                .filter(|(rel, _)| !removed_set.contains(rel.as_str()) && !indexing.contains(rel.as_str()))
                .map(|(_, f)| f)
                .chain(to_index.iter().filter_map(|e| new_states.get(&e.rel)))
        };
        let recurring = manifest::recurring_sets_of(future());
        let evidence = manifest::date_evidence_of(future());
        let changed = changed_groups(&manifest.recurring, &recurring);
        // Files whose group's recurring lines changed are re-indexed too.
        let regroup: Vec<&walk::Entry> = listing
            .entries
            .iter()
            .filter(|e| !indexing.contains(e.rel.as_str()))
            .filter(|e| manifest.files.get(&e.rel).is_some_and(|f| f.docs.iter().any(|d| changed.contains(&d.group))))
            .collect();
        to_index.extend(regroup);
        let recurring_sets: BTreeMap<String, HashSet<u32>> =
            recurring.iter().map(|(g, v)| (g.clone(), v.iter().copied().collect())).collect();

        // Pass 2: index.
        let mut writer: IndexWriter = match self.index.writer_with_num_threads(2, WRITER_BUDGET) {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => {
                return Err(IndexError::Busy(self.root.display().to_string()));
            }
            Err(e) => return Err(IndexError::Tantivy { what: "opening the index writer".into(), source: e }),
        };
        for r in &removed {
            writer.delete_term(Term::from_field_text(self.fields.path, r));
            manifest.files.remove(r);
        }
        summary.files_removed = removed.len();
        progress.phase = Phase::Indexing;
        progress.files_done = 0;
        progress.files_total = to_index.len();
        progress.bytes_done = 0;
        progress.bytes_total = to_index.iter().map(|e| e.size).sum();
        let mut pending: Vec<(String, Option<FileState>)> = Vec::new();
        let mut last_commit = Instant::now();
        let mut commit_every = COMMIT_EVERY;
        // Names counted since the family map was last rebuilt, and before.
        let (mut names_new, mut names_mapped) = (0usize, 0usize);
        for batch in batches(&to_index, |e| e.size) {
            let family = self.family_map();
            let docs: Vec<_> = batch
                .par_iter()
                .map(|e| {
                    let (drafts, _) = corpus::read_entry(e, &ctx);
                    let articles: Vec<Article> = drafts
                        .into_iter()
                        .map(|mut d| {
                            if let Some(set) = recurring_sets.get(&group_of(&d)) {
                                remove_recurring(&mut d, set);
                            }
                            settle_one(&mut d, &evidence);
                            let mut a = into_article(d);
                            crate::entities::annotate(&mut a, Some(&family));
                            a
                        })
                        .collect();
                    (e, articles)
                })
                .collect();
            if let Ok(mut f) = self.family.write() {
                for (_, articles) in &docs {
                    for a in articles.iter() {
                        f.0.add(&a.entities.person);
                        names_new += a.entities.person.len();
                    }
                }
                // Rebuilding the map walks every name seen so far: rebuild once a quarter more
                // names came in (linear in all), not after every batch (quadratic).
                if names_new * 4 >= names_mapped.max(400) {
                    refresh_family_map(&mut f);
                    names_mapped += std::mem::take(&mut names_new);
                }
            }
            for (e, articles) in docs {
                writer.delete_term(Term::from_field_text(self.fields.path, &e.rel));
                for a in &articles {
                    tv("adding an article", writer.add_document(self.document(a)))?;
                }
                pending
                    .push((e.rel.clone(), new_states.remove(&e.rel).or_else(|| manifest.files.get(&e.rel).cloned())));
                progress.files_done += 1;
                progress.bytes_done += e.size;
                summary.files_indexed += 1;
            }
            progress.current = batch.last().map_or("", |e| e.rel.as_str());
            if last_commit.elapsed() >= commit_every {
                let t = Instant::now();
                self.commit(&mut writer, &mut manifest, &mut pending, &recurring)?;
                last_commit = Instant::now();
                // A commit rewrites the manifest, which grows with the corpus: keep commits to
                // a tenth of the time at most, so a million-article first index stays linear.
                commit_every = COMMIT_EVERY.max(t.elapsed() * 10);
                progress.committed_articles = self.num_articles();
            }
            if !sink.progress(&progress) {
                self.map_new_names(names_new);
                tv("rolling back", writer.rollback().map(|_| ()))?;
                summary.cancelled = true;
                summary.articles = self.num_articles();
                summary.seconds = started.elapsed().as_secs_f64();
                return Ok(summary);
            }
        }
        self.commit(&mut writer, &mut manifest, &mut pending, &recurring)?;
        self.map_new_names(names_new);
        // Let background merges finish: fewer, larger segments search faster and take less room.
        tv("merging segments", writer.wait_merging_threads())?;
        tv("reloading the index", self.reader.reload())?;
        progress.committed_articles = self.num_articles();
        sink.progress(&progress);
        summary.articles = self.num_articles();
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }

    fn commit(
        &self,
        writer: &mut IndexWriter,
        manifest: &mut Manifest,
        pending: &mut Vec<(String, Option<FileState>)>,
        recurring: &BTreeMap<String, Vec<u32>>,
    ) -> Result<(), IndexError> {
        tv("committing the index", commit_with_retry(writer))?;
        for (rel, state) in pending.drain(..) {
            match state {
                Some(s) => manifest.files.insert(rel, s),
                None => manifest.files.remove(&rel),
            };
        }
        manifest.recurring = recurring.clone();
        if let Ok(f) = self.family.read() {
            let tmp = self.dir.join("family.json.tmp");
            let bytes = serde_json::to_vec(&f.0).unwrap_or_default();
            io("writing the family names", std::fs::write(&tmp, bytes))?;
            io("writing the family names", std::fs::rename(&tmp, self.dir.join("family.json")))?;
        }
        io("writing the index manifest", manifest.save(&self.manifest_path()))?;
        if let Ok(mut r) = self.recurring.write() {
            *r = to_sets(recurring);
        }
        if let Ok(mut f) = self.files.lock() {
            f.clear();
        }
        tv("reloading the index", self.reader.reload())
    }

    fn document(&self, a: &Article) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &a.id);
        doc.add_text(f.path, &a.path);
        doc.add_text(f.title, &a.title);
        doc.add_text(f.title_stem, &a.title);
        doc.add_text(f.body, &a.body);
        doc.add_text(f.body_stem, &a.body);
        if let Some(o) = &a.outlet {
            doc.add_text(f.outlet, o);
            doc.add_facet(f.facets, Facet::from_path(["outlet", o.as_str()]));
        }
        for kind in crate::entities::Kind::ALL {
            for name in a.entities.of(kind) {
                doc.add_facet(f.facets, Facet::from_path([kind.facet_root(), name.as_str()]));
            }
        }
        if let Some(day) = a.date.as_deref().and_then(iso_to_day) {
            doc.add_i64(f.day, day);
        }
        doc.add_u64(f.length, a.body.chars().count() as u64);
        let meta = schema::StoredMeta {
            title_derived: a.title_derived,
            outlet_source: a.outlet_source,
            date: a.date.clone(),
            date_source: a.date_source,
            entities: a.entities.clone(),
        };
        doc.add_text(f.meta, serde_json::to_string(&meta).unwrap_or_default());
        doc
    }
}

impl CorpusIndex {
    /// The corpus' most frequent full name per family name, as indexed so far.
    pub fn family_map(&self) -> std::sync::Arc<FamilyMap> {
        self.family.read().map(|f| f.1.clone()).unwrap_or_default()
    }

    /// After the user corrected entities (added, renamed, merged or hid `names`), marks the files
    /// whose articles name them (as a facet, or as a phrase for added names) for re-indexing, so
    /// the next [`CorpusIndex::update`] applies the correction without a full rebuild. Returns
    /// how many files were marked.
    pub fn reindex_entities(&self, names: &[String]) -> Result<usize, IndexError> {
        use tantivy::collector::DocSetCollector;
        use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
        use tantivy::schema::{IndexRecordOption, Value};
        let searcher = self.reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            for kind in crate::entities::Kind::ALL {
                let facet = Facet::from_path([kind.facet_root(), name]);
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(Term::from_facet(self.fields.facets, &facet), IndexRecordOption::Basic)),
                ));
            }
            let phrase = format!("\"{}\"", name.replace('"', " "));
            if let Ok(node) = query::parse(&phrase) {
                let q = query::Compiler { fields: &self.fields, stemming: false }.compile(&node)?;
                clauses.push((Occur::Should, q));
            }
        }
        if clauses.is_empty() {
            return Ok(0);
        }
        let docs = tv("finding articles to re-index", searcher.search(&BooleanQuery::new(clauses), &DocSetCollector))?;
        let mut paths = HashSet::new();
        for addr in docs {
            let doc: TantivyDocument = tv("reading a stored article", searcher.doc(addr))?;
            if let Some(p) = doc.get_first(self.fields.path).and_then(|v| v.as_str()) {
                paths.insert(p.to_owned());
            }
        }
        let path = self.manifest_path();
        if let Some(mut m) = Manifest::load(&path).ok().flatten() {
            for p in &paths {
                m.files.remove(p);
            }
            io("writing the index manifest", m.save(&path))?;
        }
        Ok(paths.len())
    }

    /// Articles per entity of one type over the whole index, most first (at most `limit`).
    pub fn entity_counts(&self, kind: crate::entities::Kind, limit: usize) -> Result<Vec<(String, u64)>, IndexError> {
        let searcher = self.reader.searcher();
        let mut fc = tantivy::collector::FacetCollector::for_field("facets");
        let root = format!("/{}", kind.facet_root());
        fc.add_facet(Facet::from(root.as_str()));
        let counts = tv("counting entities", searcher.search(&tantivy::query::AllQuery, &fc))?;
        Ok(counts
            .top_k(root.as_str(), limit)
            .into_iter()
            .map(|(f, c)| (f.to_path().last().map(|s| s.to_string()).unwrap_or_default(), c))
            .collect())
    }
}

fn to_sets(m: &BTreeMap<String, Vec<u32>>) -> BTreeMap<String, HashSet<u32>> {
    m.iter().map(|(g, v)| (g.clone(), v.iter().copied().collect())).collect()
}

impl CorpusIndex {
    /// Brings the family map up to date with names counted since it was last rebuilt (`new` of
    /// them): at the end of an update, finished or cancelled.
    fn map_new_names(&self, new: usize) {
        if new > 0 {
            if let Ok(mut f) = self.family.write() {
                refresh_family_map(&mut f);
            }
        }
    }

    /// The articles of one corpus file, re-read and cleaned exactly as when they were indexed
    /// (recurring lines of their group removed). Recently read files are kept.
    pub(crate) fn source_articles(&self, rel: &str) -> Result<std::sync::Arc<Vec<Article>>, String> {
        if let Some(hit) = self.files.lock().ok().and_then(|f| f.iter().find(|(p, _)| p == rel).map(|(_, a)| a.clone()))
        {
            return Ok(hit);
        }
        let abs = if self.root.is_file() { self.root.clone() } else { self.root.join(rel) };
        let kind = walk::FileKind::from_path(&abs).ok_or_else(|| format!("{rel}: not an article file"))?;
        let bytes = std::fs::read(&abs).map_err(|e| format!("cannot re-read the file ({e}); update the index"))?;
        let entry = walk::Entry { abs, rel: rel.to_owned(), kind, size: bytes.len() as u64, mtime: 0 };
        let mut problems = Vec::new();
        let drafts = corpus::read_bytes(&entry, &bytes, &self.ctx, &mut problems);
        // Read under the lock, not cloned: the sets of a large corpus are big, this runs per hit.
        let sets = self.recurring.read().ok();
        let articles: Vec<Article> = drafts
            .into_iter()
            .map(|mut d| {
                if let Some(set) = sets.as_ref().and_then(|s| s.get(&group_of(&d))) {
                    remove_recurring(&mut d, set);
                }
                // Entities come from the index (load), not from the recogniser again.
                into_article(d)
            })
            .collect();
        let articles = std::sync::Arc::new(articles);
        if let Ok(mut f) = self.files.lock() {
            if f.len() >= 64 {
                f.remove(0);
            }
            f.push((rel.to_owned(), articles.clone()));
        }
        Ok(articles)
    }
}

/// Rebuilds the family map from the counts beside it (the map the recogniser reads).
fn refresh_family_map(f: &mut (FamilyCounts, std::sync::Arc<FamilyMap>)) {
    f.1 = std::sync::Arc::new(f.0.map());
}

fn open_or_create(dir: &Path) -> tantivy::Result<Index> {
    let mmap = tantivy::directory::MmapDirectory::open(dir)?;
    if Index::exists(&mmap)? {
        let index = Index::open(mmap)?;
        // Opening a reader checks that the segment files are all there.
        analyzer::register(&index);
        let r: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let _ = r.searcher().num_docs();
        Ok(index)
    } else {
        let (schema, _) = Fields::build();
        // zstd over 128 KB blocks: Arabic text compresses about twice as well as with lz4 on 16 KB
        // blocks, and a reader fetches one article at a time. Level 1: the store holds titles and
        // metadata only (bodies are re-read from the corpus), and level 6 cost ~5 % of indexing
        // CPU for 1 % of index size.
        let settings = tantivy::IndexSettings {
            docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
                compression_level: Some(1),
            }),
            docstore_blocksize: 128 * 1024,
            ..tantivy::IndexSettings::default()
        };
        Index::create(mmap, schema, settings)
    }
}

/// Reads one file for pass 1: its statistics and problems, or `None` when it cannot be read.
fn read_state(e: &walk::Entry, ctx: &record::Context) -> (Option<FileState>, Vec<Problem>) {
    let bytes = match std::fs::read(&e.abs) {
        Ok(b) => b,
        Err(err) => return (None, vec![Problem::new(&e.rel, format!("cannot read file: {err}"))]),
    };
    let mut problems = Vec::new();
    let drafts = corpus::read_bytes(e, &bytes, ctx, &mut problems);
    let docs: Vec<DocState> = drafts
        .iter()
        .map(|d| {
            let mut keys: Vec<u32> = d.keys.iter().copied().filter(|&k| k != 0).collect();
            keys.sort_unstable();
            keys.dedup();
            DocState { group: group_of(d), day: d.article.date.as_deref().and_then(iso_to_day), keys }
        })
        .collect();
    let state = FileState {
        size: bytes.len() as u64,
        mtime: e.mtime,
        hash: xxhash_rust::xxh3::xxh3_64(&bytes),
        docs,
        problems: problems.clone(),
    };
    (Some(state), problems)
}

#[cfg(test)]
mod batch_tests {
    #[test]
    fn batches_are_bounded_by_files_and_bytes() {
        let sizes: Vec<u64> = vec![1; 1200];
        let b = super::batches(&sizes, |s| *s);
        assert_eq!(b.iter().map(|x| x.len()).collect::<Vec<_>>(), [512, 512, 176]);
        let big = [10 << 20, 10 << 20, 1, 40 << 20, 1];
        let b = super::batches(&big, |s| *s);
        assert_eq!(b.iter().map(|x| x.len()).collect::<Vec<_>>(), [1, 2, 1, 1]);
        assert!(super::batches::<u64>(&[], |s| *s).is_empty());
    }
}
