//! Reading a folder of real-world news files into clean article records.
//!
//! Everything else in Marsad (index, facets, comparison, export) stands on [`Article`]. Real
//! scraped news is messy — related-headline lists, donation appeals, comment forms, titles printed
//! twice, missing titles, outlet names hidden in signatures, dates in many calendars' month names —
//! so reading is a pipeline of small, separately tested steps:
//!
//! 1. [`walk`] lists candidate files (no symlink loops, no hidden folders, never writes);
//! 2. [`decode`] turns bytes into text whatever the encoding, or says why it cannot;
//! 3. [`formats`] splits a file into raw documents (text, HTML, JSON, JSONL, CSV/TSV);
//! 4. [`record`] finds title, body, boilerplate, outlet and date in each raw document;
//! 5. [`recurring`] removes lines that recur across one outlet's documents (corpus-level
//!    boilerplate) and settles dates whose year must come from the rest of the corpus.
//!
//! Nothing is lost: removed text is kept on the record, and every file that could not be read
//! (or was read only in part) yields a [`Problem`] naming the file and the cause.

pub mod dates;
pub mod decode;
pub mod formats;
pub mod html;
pub mod outlets;
pub mod record;
pub mod recurring;
pub mod rules;
pub mod sidecar;
pub mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use record::{Boilerplate, DateSource, OutletSource};

/// One clean article: what every pane of the app, the index and every export work with.
///
/// The field names are a stable interface (`marsad inspect --json` prints exactly these).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: the path relative to the corpus root, plus `#N` for the N-th article of
    /// a multi-article file (JSON, JSONL, CSV rows), so re-reading the folder gives the same ids.
    pub id: String,
    /// Path of the source file relative to the corpus root, with `/` separators.
    pub path: String,
    /// The headline (from metadata, the first line, or derived from the first sentence).
    pub title: String,
    /// True when the file had no title line and `title` was derived from the first sentence.
    pub title_derived: bool,
    /// Canonical outlet name, or `None` when nothing in the input names it (never a guess).
    pub outlet: Option<String>,
    /// How the outlet was found.
    pub outlet_source: Option<OutletSource>,
    /// Publication date as ISO `YYYY-MM-DD`, or `None` when the text does not support one.
    pub date: Option<String>,
    /// How the date was found.
    pub date_source: Option<DateSource>,
    /// The article text: one paragraph per line (`\n` separated), boilerplate removed.
    pub body: String,
    /// Removed boilerplate, in order, each with the paragraph position it stood at, so the
    /// reader can show it greyed in place and nothing is lost.
    pub boilerplate: Vec<Boilerplate>,
    /// Problems met while reading this article's file (e.g. invalid bytes replaced).
    pub problems: Vec<Problem>,
    /// People, places and organisations the title and body name (canonical names, each once).
    #[serde(default)]
    pub entities: crate::entities::Entities,
}

impl Article {
    /// Body paragraphs, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body.split('\n').filter(|p| !p.is_empty())
    }
}

/// A file that was skipped or read only in part, and why: listed by the CLI and the GUI so a
/// user can see what did not make it into the corpus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file (relative to the corpus root when it is inside one).
    pub path: String,
    /// A plain-language reason naming the cause.
    pub reason: String,
}

impl Problem {
    /// Builds a problem for `path`.
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { path: path.into(), reason: reason.into() }
    }
}

/// Settings for reading a corpus.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Files larger than this are skipped with a problem (default 20 MB).
    pub max_file_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self { max_file_bytes: 20 * 1024 * 1024 }
    }
}

/// Errors that stop reading a whole corpus (a single bad file never does: it becomes a
/// [`Problem`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The path given as a corpus does not exist or cannot be read.
    #[error("cannot read {path}")]
    Root {
        /// The path as given.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// An editable rules file (boilerplate, outlets, sidecar) is malformed.
    #[error("{path}: {reason}")]
    Rules {
        /// The file with the error.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Everything read from one or more corpus roots.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Clean articles, in path order.
    pub articles: Vec<Article>,
    /// Files that were skipped or only partly read.
    pub problems: Vec<Problem>,
    /// Number of files considered.
    pub files: usize,
    /// Bytes of input read.
    pub bytes: u64,
}

/// Reads one file of a corpus into drafts with the file-level rules applied (the corpus-level
/// pass comes later). The building block for parallel and incremental readers such as the index.
/// Returns the drafts and the file's problems (a file can be partly read and have both).
pub fn read_entry(entry: &walk::Entry, ctx: &record::Context) -> (Vec<record::Draft>, Vec<Problem>) {
    let mut problems = Vec::new();
    let drafts = match std::fs::read(&entry.abs) {
        Ok(bytes) => read_bytes(entry, &bytes, ctx, &mut problems),
        Err(e) => {
            problems.push(Problem::new(&entry.rel, format!("cannot read file: {e}")));
            Vec::new()
        }
    };
    (drafts, problems)
}

/// Like [`read_entry`] for bytes already in memory (benchmarks, tests, fuzzing). Problems are
/// appended to `problems`; articles of a partly read file carry them too.
pub fn read_bytes(
    entry: &walk::Entry,
    bytes: &[u8],
    ctx: &record::Context,
    problems: &mut Vec<Problem>,
) -> Vec<record::Draft> {
    let text = match decode::decode(bytes) {
        Ok(d) => {
            problems.extend(d.note.map(|n| Problem::new(&entry.rel, n)));
            d.text
        }
        Err(reason) => {
            problems.push(Problem::new(&entry.rel, reason.to_string()));
            return Vec::new();
        }
    };
    let raws = formats::split(entry.kind, &text, &entry.rel, problems);
    let partial: Vec<Problem> = problems.clone();
    let multi = entry.kind.is_multi();
    let mut drafts = Vec::with_capacity(raws.len());
    for raw in raws {
        let id = match raw.row {
            Some(n) if multi => format!("{}#{n}", entry.rel),
            _ => entry.rel.clone(),
        };
        match record::build(raw, &id, entry, ctx) {
            Ok(mut d) => {
                d.article.problems.clone_from(&partial);
                drafts.push(d);
            }
            Err(reason) => problems.push(Problem::new(&id, reason)),
        }
    }
    drafts
}

/// Reads every article under the given roots (folders or single files), in parallel, applying the
/// file-level and corpus-level rules.
///
/// Fails only when a root itself cannot be read or a rules file is malformed; bad files become
/// [`Problem`]s.
pub fn read_paths(roots: &[PathBuf], opts: &ReadOptions) -> Result<Corpus, Error> {
    let mut corpus = Corpus::default();
    let mut drafts = Vec::new();
    for root in roots {
        let listing = walk::walk(root, opts)?;
        corpus.problems.extend(listing.problems);
        let ctx = record::Context::for_root(root)?;
        corpus.files += listing.entries.len();
        corpus.bytes += listing.entries.iter().map(|e| e.size).sum::<u64>();
        let results: Vec<_> = listing.entries.par_iter().map(|e| read_entry(e, &ctx)).collect();
        for (docs, problems) in results {
            // A partly read file's problems are on each of its articles and in the list.
            corpus.problems.extend(problems);
            drafts.extend(docs);
        }
    }
    corpus.articles = recurring::finish(drafts);
    corpus.problems.sort_by(|a, b| a.path.cmp(&b.path));
    corpus.problems.dedup();
    Ok(corpus)
}

/// Turns a path into the `/`-separated relative form used in ids.
pub fn rel_string(path: &Path) -> String {
    let mut s = String::new();
    for (i, c) in path.components().enumerate() {
        if i > 0 {
            s.push('/');
        }
        s.push_str(&c.as_os_str().to_string_lossy());
    }
    s
}
/// Makes file names safe to show: bidi controls (a right-to-left override can make
/// "gpj.exe" look like "exe.jpg") and other invisible controls become visible codes.
pub fn neutralize(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' => {
                s.push_str(&format!("<U+{:04X}>", c as u32));
            }
            c if c.is_control() => s.push_str(&format!("<U+{:04X}>", c as u32)),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralize_shows_bidi_controls() {
        assert_eq!(neutralize("a\u{202E}gpj.exe"), "a<U+202E>gpj.exe");
        assert_eq!(neutralize("x\ny"), "x<U+000A>y");
        assert_eq!(neutralize("مقال.txt"), "مقال.txt");
    }
}
