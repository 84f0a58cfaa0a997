//! Exporting articles for work outside Marsad: CSV and XLSX for spreadsheets, JSONL for scripts,
//! a folder of `.txt` files for reading and qualitative coding tools.
//!
//! Every format has the same columns, in this order: `id, path, outlet, date, title, body,
//! entities, query` (`query` is the query the export came from, so a file explains itself).
//!
//! Safety, the same for every format:
//! * **Atomic.** Output goes to a temporary file (or folder) beside the target and is renamed into
//!   place only when complete: an interrupted or cancelled export leaves nothing under the final
//!   name, and a file already there stays intact.
//! * **No accidental overwrite.** An existing target is replaced only with
//!   [`ExportOptions::overwrite`] (`--force`), and a folder only when it is an earlier text
//!   export (it has a `manifest.csv`).
//! * **Never into the corpus.** A target inside the corpus folder (or one containing it) is
//!   refused, comparing canonical paths.
//! * **No formula injection.** Spreadsheet cells starting with `=`, `+`, `-`, `@`, tab or CR get a
//!   leading `'` ([`neutralise`]), so opening an export never runs a formula from a scraped page.
//!   JSONL and the `.txt` files keep the text exactly.
//! * **Safe file names** for the `.txt` files ([`names`]).
//! * **Progress and cancel** through a callback, like the index's `Sink`.

pub mod csv;
pub mod jsonl;
pub mod names;
pub mod txt;
pub mod xlsx;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::corpus::Article;
use crate::entities::Entities;
use crate::index::{CorpusIndex, IndexError, SearchRequest, Sort};

/// The column names, in order: shared by every format so exports can be compared and joined.
pub const COLUMNS: [&str; 8] = ["id", "path", "outlet", "date", "title", "body", "entities", "query"];

/// How often (in articles) the progress callback is called.
pub const PROGRESS_EVERY: usize = 16;

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CSV (UTF-8 with a BOM, so Excel shows Arabic), one row per article.
    Csv,
    /// JSON Lines: one object per article, full text, entities as an object.
    Jsonl,
    /// An Excel workbook: one right-to-left sheet, bold frozen header.
    Xlsx,
    /// A folder of `.txt` files, one per article, plus `manifest.csv`.
    Txt,
}

impl Format {
    /// The lowercase name (`csv`, `jsonl`, `xlsx`, `txt`), as the CLI spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Xlsx => "xlsx",
            Format::Txt => "txt",
        }
    }

    /// True when the export is a folder rather than a single file.
    pub fn is_folder(self) -> bool {
        self == Format::Txt
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "xlsx" | "excel" => Ok(Format::Xlsx),
            "txt" | "text" => Ok(Format::Txt),
            other => Err(format!("unknown export format {other:?} (csv, jsonl, xlsx or txt)")),
        }
    }
}

/// What to export to, and how carefully.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The format.
    pub format: Format,
    /// The file (or, for [`Format::Txt`], the folder) to create.
    pub out: PathBuf,
    /// Replace an existing target (CLI `--force`); without it an existing target is an error.
    pub overwrite: bool,
    /// The query the articles came from, written into every row (empty for a whole corpus).
    pub query: String,
    /// The corpus folder: exporting into it (or over it) is refused. `None` skips the check.
    pub corpus_root: Option<PathBuf>,
}

/// What an export did.
#[derive(Clone, Debug, Serialize)]
pub struct ExportSummary {
    /// Articles written.
    pub articles: usize,
    /// The file or folder written (absolute).
    pub out: PathBuf,
    /// The format.
    pub format: Format,
    /// Spreadsheet cells cut to Excel's 32,767-character limit (XLSX only).
    pub truncated_cells: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Why an export failed; every variant names the file and the cause.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The target exists and overwriting was not asked for.
    #[error("{} already exists (use --force to replace it)", path.display())]
    Exists {
        /// The target.
        path: PathBuf,
    },
    /// The target is inside the corpus folder.
    #[error("refusing to export to {}: it is inside the corpus folder {} (Marsad never writes into a corpus)", out.display(), corpus.display())]
    InsideCorpus {
        /// The target.
        out: PathBuf,
        /// The corpus folder.
        corpus: PathBuf,
    },
    /// The corpus folder is inside the target (replacing the target would remove it).
    #[error("refusing to export to {}: the corpus folder {} is inside it", out.display(), corpus.display())]
    ContainsCorpus {
        /// The target.
        out: PathBuf,
        /// The corpus folder.
        corpus: PathBuf,
    },
    /// The target is unusable for this format (a folder for a file format, a file for a text
    /// export, a folder that is not an earlier text export, no file name).
    #[error("cannot export to {}: {reason}", path.display())]
    Target {
        /// The target.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{what} {}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What was being done ("writing", "renaming into place", …).
        what: &'static str,
        /// The cause.
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("writing {}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: ::csv::Error,
    },
    /// Serialising a JSONL line failed.
    #[error("writing {}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
    /// The XLSX writer failed.
    #[error("writing {}", path.display())]
    Xlsx {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: rust_xlsxwriter::XlsxError,
    },
    /// Ids in a selection that the index does not have.
    #[error("{} article id(s) of the selection are not in the index: {}", ids.len(), ids.join(", "))]
    UnknownIds {
        /// The ids, in selection order.
        ids: Vec<String>,
    },
    /// The progress callback asked to stop; nothing was left under the target name.
    #[error("export to {} cancelled; nothing was written", path.display())]
    Cancelled {
        /// The target.
        path: PathBuf,
    },
    /// Searching or reading articles from the index failed.
    #[error("reading articles from the index")]
    Index(#[from] IndexError),
}

/// Flushes a buffered output file and syncs it to disk, so a renamed export is complete.
pub(crate) fn close_file(out: std::io::BufWriter<std::fs::File>, path: &Path) -> Result<(), ExportError> {
    let file = out.into_inner().map_err(|e| ExportError::Io {
        path: path.to_path_buf(),
        what: "writing",
        source: e.into_error(),
    })?;
    file.sync_all().map_err(io_err(path, "writing"))
}

/// Like [`close_file`] for a CSV writer on a buffered file.
pub(crate) fn close_csv(out: ::csv::Writer<std::io::BufWriter<std::fs::File>>, path: &Path) -> Result<(), ExportError> {
    let buf = out.into_inner().map_err(|e| ExportError::Io {
        path: path.to_path_buf(),
        what: "writing",
        source: e.into_error(),
    })?;
    close_file(buf, path)
}

/// Shorthand for I/O errors naming a file.
pub(crate) fn io_err<'a>(path: &'a Path, what: &'static str) -> impl FnOnce(std::io::Error) -> ExportError + 'a {
    move |source| ExportError::Io { path: path.to_path_buf(), what, source }
}

/// A spreadsheet cell made harmless: text starting with `=`, `+`, `-`, `@`, tab or CR gets a
/// leading `'`, so Excel, LibreOffice and Google Sheets show it as text instead of evaluating
/// a formula planted in a scraped page (CSV injection). Other text is returned unchanged.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// The entities of an article as one spreadsheet cell: `person: a; b | place: c | organization:
/// d`, types with no names left out, empty when there are none. Readable in a cell and easy to
/// split again (`|` between types, `;` between names); JSONL has them as an object.
pub fn entities_cell(e: &Entities) -> String {
    let mut parts = Vec::new();
    for (kind, names) in [("person", &e.person), ("place", &e.place), ("organization", &e.organization)] {
        if !names.is_empty() {
            parts.push(format!("{kind}: {}", names.join("; ")));
        }
    }
    parts.join(" | ")
}

/// One article as the eight export columns ([`COLUMNS`]), unescaped.
pub(crate) fn row<'a>(a: &'a Article, entities: &'a str, query: &'a str) -> [&'a str; 8] {
    [
        &a.id,
        &a.path,
        a.outlet.as_deref().unwrap_or(""),
        a.date.as_deref().unwrap_or(""),
        &a.title,
        &a.body,
        entities,
        query,
    ]
}

/// A writer for one format: fed articles one at a time, finished once.
pub(crate) trait FormatWriter {
    /// Writes one article.
    fn write(&mut self, a: &Article) -> Result<(), ExportError>;
    /// Completes the output (flushes, closes, syncs); returns the number of truncated cells.
    fn finish(self: Box<Self>) -> Result<usize, ExportError>;
}

/// Exports `articles` (`total` of them, for progress) as `opts` says. `progress(done, total)` is
/// called before the first article, every [`PROGRESS_EVERY`] articles and at the end; when it
/// returns `false` the export stops, its temporary output is removed and
/// [`ExportError::Cancelled`] is returned.
pub fn export(
    articles: impl IntoIterator<Item = Article>,
    total: usize,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    export_results(articles.into_iter().map(Ok), total, opts, progress)
}

/// Like [`export`], for sources that can fail while producing articles (the index): the first
/// error stops the export and leaves nothing under the target name.
pub fn export_results(
    articles: impl Iterator<Item = Result<Article, ExportError>>,
    total: usize,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let started = Instant::now();
    let target = check_target(opts)?;
    let cancelled = || ExportError::Cancelled { path: target.clone() };
    let parent = target.parent().unwrap_or(Path::new("."));
    let hidden = format!(".{}.", target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    // The output is for sharing: ordinary file modes, not the private ones of temporary files
    // (the name appears only once the export is complete).
    let mode = |_m: u32| {
        let mut b = tempfile::Builder::new();
        #[cfg(unix)]
        b.permissions(std::os::unix::fs::PermissionsExt::from_mode(_m));
        b
    };
    let staging = if opts.format.is_folder() {
        let dir = mode(0o755)
            .prefix(&hidden)
            .suffix(".part")
            .tempdir_in(parent)
            .map_err(io_err(parent, "creating a temporary folder in"))?;
        Staging::Dir(dir)
    } else {
        let file = mode(0o644)
            .prefix(&hidden)
            .suffix(".part")
            .tempfile_in(parent)
            .map_err(io_err(parent, "creating a temporary file in"))?;
        Staging::File(file)
    };
    let (query, shown) = (opts.query.as_str(), target.clone());
    let mut writer: Box<dyn FormatWriter> = match opts.format {
        Format::Csv => Box::new(csv::CsvWriter::new(staging.file()?, shown, query)?),
        Format::Jsonl => Box::new(jsonl::JsonlWriter::new(staging.file()?, shown, query)),
        Format::Xlsx => Box::new(xlsx::XlsxWriter::new(staging.file()?, shown, query)?),
        Format::Txt => Box::new(txt::TxtWriter::new(staging.path().to_path_buf(), shown)?),
    };
    if !progress(0, total) {
        return Err(cancelled());
    }
    let mut done = 0;
    for a in articles {
        writer.write(&a?)?;
        done += 1;
        if done % PROGRESS_EVERY == 0 && !progress(done, total.max(done)) {
            return Err(cancelled());
        }
    }
    let truncated_cells = writer.finish()?;
    if done % PROGRESS_EVERY != 0 && !progress(done, total.max(done)) {
        return Err(cancelled());
    }
    staging.commit(&target, opts.overwrite)?;
    Ok(ExportSummary {
        articles: done,
        out: target,
        format: opts.format,
        truncated_cells,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Checks the target before anything is written; returns it as an absolute path (canonical
/// parent + file name).
fn check_target(opts: &ExportOptions) -> Result<PathBuf, ExportError> {
    let out = &opts.out;
    let target_err = |reason: &str| ExportError::Target { path: out.clone(), reason: reason.to_owned() };
    let name = out.file_name().ok_or_else(|| target_err("the path has no file name"))?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let parent = std::fs::canonicalize(parent).map_err(io_err(parent, "cannot open the folder to export into:"))?;
    let target = parent.join(name);
    if let Some(root) = &opts.corpus_root {
        let corpus = std::fs::canonicalize(root).map_err(io_err(root, "cannot open the corpus folder"))?;
        // The target's own canonical form too, in case it is a symlink into the corpus.
        let resolved = std::fs::canonicalize(&target).unwrap_or_else(|_| target.clone());
        if target.starts_with(&corpus) || resolved.starts_with(&corpus) {
            return Err(ExportError::InsideCorpus { out: target, corpus });
        }
        if corpus.starts_with(&target) {
            return Err(ExportError::ContainsCorpus { out: target, corpus });
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(&target) else { return Ok(target) };
    if !opts.overwrite {
        return Err(ExportError::Exists { path: target });
    }
    if opts.format.is_folder() {
        if !meta.is_dir() {
            return Err(target_err("it exists and is not a folder"));
        }
        if !target.join(txt::MANIFEST).is_file() {
            return Err(target_err(
                "the folder exists and is not an earlier text export (it has no manifest.csv); choose a new folder",
            ));
        }
    } else if meta.is_dir() {
        return Err(target_err("it is a folder"));
    }
    Ok(target)
}

/// Output being written, beside its target; dropping it removes it.
enum Staging {
    File(tempfile::NamedTempFile),
    Dir(tempfile::TempDir),
}

impl Staging {
    /// The temporary file or folder.
    fn path(&self) -> &Path {
        match self {
            Staging::File(f) => f.path(),
            Staging::Dir(d) => d.path(),
        }
    }

    /// A handle to write the temporary file with.
    fn file(&self) -> Result<std::fs::File, ExportError> {
        match self {
            Staging::File(f) => f.as_file().try_clone().map_err(io_err(f.path(), "opening")),
            Staging::Dir(d) => {
                Err(ExportError::Target { path: d.path().to_path_buf(), reason: "a folder, not a file".into() })
            }
        }
    }

    /// Renames the complete output into place.
    fn commit(self, target: &Path, overwrite: bool) -> Result<(), ExportError> {
        match self {
            Staging::File(f) => {
                let done = if overwrite { f.persist(target) } else { f.persist_noclobber(target) };
                done.map(drop).map_err(|e| {
                    if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                        ExportError::Exists { path: target.to_path_buf() }
                    } else {
                        ExportError::Io {
                            path: target.to_path_buf(),
                            what: "renaming the export into place at",
                            source: e.error,
                        }
                    }
                })
            }
            Staging::Dir(d) => commit_dir(d, target, overwrite),
        }
    }
}

/// Moves a finished text-export folder into place; an earlier export there (checked by
/// `check_target`) is moved aside first and removed only once the new one is in place.
fn commit_dir(dir: tempfile::TempDir, target: &Path, overwrite: bool) -> Result<(), ExportError> {
    let rename_err = io_err(target, "renaming the export into place at");
    if std::fs::symlink_metadata(target).is_err() {
        let staged = dir.keep();
        return std::fs::rename(&staged, target).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staged);
            rename_err(e)
        });
    }
    if !overwrite {
        return Err(ExportError::Exists { path: target.to_path_buf() });
    }
    let parent = target.parent().unwrap_or(Path::new("."));
    let aside = tempfile::Builder::new()
        .prefix(".marsad-old-export.")
        .tempdir_in(parent)
        .map_err(io_err(parent, "creating a temporary folder in"))?;
    let old = aside.path().join("old");
    std::fs::rename(target, &old).map_err(io_err(target, "moving the earlier export aside:"))?;
    let staged = dir.keep();
    if let Err(e) = std::fs::rename(&staged, target) {
        let _ = std::fs::rename(&old, target);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(rename_err(e));
    }
    drop(aside); // removes the earlier export
    Ok(())
}

/// Which articles of an index to export.
#[derive(Clone, Debug)]
pub enum Selection {
    /// All hits of a query (empty = the whole corpus), in this order.
    Query {
        /// The query, in Marsad's query language.
        query: String,
        /// Hit order.
        sort: Sort,
        /// Light stemming on (as in search).
        stemming: bool,
    },
    /// Exactly these articles, in this order (duplicates dropped).
    Ids(Vec<String>),
}

/// Exports articles of an index: all hits of a query, or a list of ids. Articles are fetched one
/// at a time (the full text re-read from the corpus), so the streaming formats never hold all
/// bodies in memory. Unknown ids fail the export before anything is written, naming them.
/// `opts.corpus_root` is filled in from the index when `None`.
pub fn export_from_index(
    index: &CorpusIndex,
    selection: &Selection,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut opts = opts.clone();
    opts.corpus_root.get_or_insert_with(|| index.root().to_path_buf());
    export_from(index, selection, &opts, progress)
}

/// [`export_from_index`] from any [`crate::index::SearchBackend`] (`opts.corpus_root` says where
/// the articles came from).
pub fn export_from(
    index: &dyn crate::index::SearchBackend,
    selection: &Selection,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    match selection {
        Selection::Ids(ids) => {
            let mut seen = std::collections::HashSet::new();
            let ids: Vec<String> = ids.iter().filter(|i| seen.insert(i.as_str())).cloned().collect();
            // One ids-only search tells which ids the index knows (no article is read for it).
            let known: std::collections::HashSet<String> = index
                .hit_ids(&SearchRequest { only: Some(ids.clone()), ..SearchRequest::default() })?
                .into_iter()
                .collect();
            let unknown: Vec<String> = ids.iter().filter(|i| !known.contains(*i)).cloned().collect();
            if !unknown.is_empty() {
                return Err(ExportError::UnknownIds { ids: unknown });
            }
            let total = ids.len();
            export_results(articles_of(index, ids), total, opts, progress)
        }
        Selection::Query { query, sort, stemming } => {
            // The ids of every hit, in order, from one ids-only search; then one article at a
            // time (linear in the hits, and no body is read twice).
            let req = SearchRequest {
                query: query.clone(),
                sort: *sort,
                stemming: *stemming,
                snippet_chars: 0,
                facets: false,
                ..SearchRequest::default()
            };
            let ids = index.hit_ids(&req)?;
            let total = ids.len();
            export_results(articles_of(index, ids), total, opts, progress)
        }
    }
}

/// The articles of `ids`, read one at a time (the full text re-read from the corpus).
fn articles_of(
    index: &dyn crate::index::SearchBackend,
    ids: Vec<String>,
) -> impl Iterator<Item = Result<Article, ExportError>> + '_ {
    ids.into_iter().map(move |id| match index.article(&id) {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(ExportError::UnknownIds { ids: vec![id] }),
        Err(e) => Err(e.into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"انقر\")"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        for s in ["خبر", "1-1", "a=b", "", " =x", "'quoted"] {
            assert!(matches!(neutralise(s), Cow::Borrowed(_)), "{s:?}");
        }
    }

    #[test]
    fn entities_make_one_cell() {
        let e = Entities {
            person: vec!["سامر النجار".into(), "ليلى".into()],
            place: vec![],
            organization: vec!["الأمم المتحدة".into()],
        };
        assert_eq!(entities_cell(&e), "person: سامر النجار; ليلى | organization: الأمم المتحدة");
        assert_eq!(entities_cell(&Entities::default()), "");
    }

    #[test]
    fn formats_parse_and_print() {
        for f in [Format::Csv, Format::Jsonl, Format::Xlsx, Format::Txt] {
            assert_eq!(f.name().parse::<Format>().unwrap(), f);
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!("XLSX".parse::<Format>().unwrap(), Format::Xlsx);
        assert!("pdf".parse::<Format>().is_err());
    }
}
