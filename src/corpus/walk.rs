//! Listing the files of a corpus folder.
//!
//! A corpus is whatever a researcher scraped into a folder: nested sub-folders per outlet or
//! date, stray images, editor backups, hidden `.git` folders, sometimes symlinks pointing back up
//! the tree. Walking must terminate, skip what is not an article, and say what it skipped. It only
//! reads: Marsad never writes into a corpus folder.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::{Error, Problem, ReadOptions, rel_string};

/// The kinds of file Marsad reads articles from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// Plain text (`.txt`, `.text`, `.md`, or no extension).
    Text,
    /// An HTML page (`.html`, `.htm`).
    Html,
    /// A JSON object or array of objects (`.json`).
    Json,
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// Comma-separated values with a header row (`.csv`).
    Csv,
    /// Tab-separated values with a header row (`.tsv`).
    Tsv,
}

impl FileKind {
    /// The kind for a file name, or `None` for files that are not articles.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let Some(ext) = path.extension() else {
            return Some(FileKind::Text);
        };
        match ext.to_string_lossy().to_ascii_lowercase().as_str() {
            "txt" | "text" | "md" => Some(FileKind::Text),
            "html" | "htm" | "xhtml" => Some(FileKind::Html),
            "json" => Some(FileKind::Json),
            "jsonl" | "ndjson" => Some(FileKind::JsonLines),
            "csv" => Some(FileKind::Csv),
            "tsv" => Some(FileKind::Tsv),
            _ => None,
        }
    }

    /// True for formats that hold one article per row or object.
    pub fn is_multi(self) -> bool {
        matches!(self, FileKind::Json | FileKind::JsonLines | FileKind::Csv | FileKind::Tsv)
    }
}

/// One candidate article file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Absolute (or as-given) path to open.
    pub abs: PathBuf,
    /// Path relative to the corpus root, `/`-separated: the base of article ids.
    pub rel: String,
    /// How to parse it.
    pub kind: FileKind,
    /// Size in bytes when listed.
    pub size: u64,
    /// Modification time in seconds since the Unix epoch (0 when unknown).
    pub mtime: i64,
}

/// The result of walking a corpus root.
#[derive(Debug, Default)]
pub struct Listing {
    /// Article files, sorted by relative path.
    pub entries: Vec<Entry>,
    /// Files and folders that were skipped, with the reason.
    pub problems: Vec<Problem>,
}

/// File names in a corpus root that configure Marsad instead of holding articles.
pub const SIDECAR_FILES: &[&str] = &["marsad.toml", "outlets.csv"];

/// Lists the article files under `root` (a folder, or a single file).
///
/// Symlinks are followed, but a link back to one of its own ancestors is reported once and not
/// entered; hidden files and folders (names starting with `.`) are skipped silently; files of
/// other types and files over the size cap are reported.
pub fn walk(root: &Path, opts: &ReadOptions) -> Result<Listing, Error> {
    let meta = std::fs::metadata(root).map_err(|source| Error::Root { path: root.to_path_buf(), source })?;
    let mut listing = Listing::default();
    if meta.is_file() {
        let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        consider(root, name, &meta, opts, &mut listing);
        return Ok(listing);
    }
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for item in walker {
        let entry = match item {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| rel_string(p.strip_prefix(root).unwrap_or(p)))
                    .unwrap_or_else(|| rel_string(root));
                let reason = if err.loop_ancestor().is_some() {
                    "symbolic link loop: the link points back to a folder that contains it; not followed".to_string()
                } else if let Some(io) = err.io_error() {
                    format!("cannot read: {io}")
                } else {
                    err.to_string()
                };
                listing.problems.push(Problem::new(path, reason));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = rel_string(entry.path().strip_prefix(root).unwrap_or(entry.path()));
        if entry.depth() == 1 && SIDECAR_FILES.contains(&rel.as_str()) {
            continue;
        }
        match entry.metadata() {
            Ok(meta) => consider(entry.path(), rel, &meta, opts, &mut listing),
            Err(e) => listing.problems.push(Problem::new(rel, format!("cannot read metadata: {e}"))),
        }
    }
    Ok(listing)
}

fn consider(path: &Path, rel: String, meta: &std::fs::Metadata, opts: &ReadOptions, out: &mut Listing) {
    let Some(kind) = FileKind::from_path(path) else {
        let ext = path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        out.problems.push(Problem::new(rel, format!("not an article file type (.{ext}); skipped")));
        return;
    };
    let size = meta.len();
    if size > opts.max_file_bytes {
        out.problems.push(Problem::new(
            rel,
            format!(
                "file is {}, over the per-file limit of {}; skipped (raise it with --max-file-mb)",
                human_bytes(size),
                human_bytes(opts.max_file_bytes)
            ),
        ));
        return;
    }
    let mtime = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs() as i64);
    out.entries.push(Entry { abs: path.to_path_buf(), rel, kind, size, mtime });
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Formats a byte count for people ("20.0 MB").
pub fn human_bytes(n: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / MB)
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(FileKind::from_path(Path::new("a/b.TXT")), Some(FileKind::Text));
        assert_eq!(FileKind::from_path(Path::new("a/b")), Some(FileKind::Text));
        assert_eq!(FileKind::from_path(Path::new("b.htm")), Some(FileKind::Html));
        assert_eq!(FileKind::from_path(Path::new("b.ndjson")), Some(FileKind::JsonLines));
        assert_eq!(FileKind::from_path(Path::new("b.jpg")), None);
    }

    #[test]
    fn walk_skips_hidden_reports_other_types_and_big_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/.git")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "عنوان\nنص").unwrap();
        std::fs::write(root.join("sub/.git/x.txt"), "hidden").unwrap();
        std::fs::write(root.join("photo.jpg"), [0u8; 10]).unwrap();
        std::fs::write(root.join("big.txt"), vec![b'a'; 2048]).unwrap();
        std::fs::write(root.join("marsad.toml"), "").unwrap();
        let opts = ReadOptions { max_file_bytes: 1024 };
        let l = walk(root, &opts).unwrap();
        let rels: Vec<_> = l.entries.iter().map(|e| e.rel.as_str()).collect();
        assert_eq!(rels, ["sub/a.txt"]);
        let reasons: Vec<_> = l.problems.iter().map(|p| (p.path.as_str(), p.reason.as_str())).collect();
        assert!(reasons.iter().any(|(p, r)| *p == "photo.jpg" && r.contains(".jpg")));
        assert!(reasons.iter().any(|(p, r)| *p == "big.txt" && r.contains("per-file limit")));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_terminate_and_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.txt"), "نص").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        let l = walk(root, &ReadOptions::default()).unwrap();
        assert_eq!(l.entries.len(), 1);
        assert!(l.problems.iter().any(|p| p.reason.contains("loop")), "{:?}", l.problems);
    }

    #[test]
    fn missing_root_is_an_error_naming_it() {
        let err = walk(Path::new("/no/such/marsad/folder"), &ReadOptions::default()).unwrap_err();
        assert!(err.to_string().contains("/no/such/marsad/folder"));
    }
}
