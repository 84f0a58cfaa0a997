//! What the index knows about the corpus files it holds.
//!
//! Reopening a folder must be instant when nothing changed and re-index only what did. The
//! manifest records, per file, its size, modification time and content hash, and what the
//! corpus-level rules need without re-reading it (its articles' groups, dates and paragraph
//! hashes). It is written atomically (temporary file + rename) right after each index commit, so
//! it never claims a file the committed index does not hold.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::schema::FORMAT_VERSION;
use crate::corpus::recurring::{DateEvidence, GroupStats};

/// One article's share of the corpus-level statistics.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocState {
    /// Recurring-line group (outlet or folder).
    pub group: String,
    /// Publication day, when known.
    pub day: Option<i64>,
    /// Hashes of its paragraphs' match keys.
    pub keys: Vec<u32>,
}

/// One indexed file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
    /// xxh3 hash of the content.
    pub hash: u64,
    /// Its articles.
    pub docs: Vec<DocState>,
    /// Why it was skipped or read only in part (kept so a reopened folder still lists them).
    #[serde(default)]
    pub problems: Vec<crate::corpus::Problem>,
}

/// The manifest of one index.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT_VERSION`] of the index it describes.
    pub version: u32,
    /// [`super::schema::rules_fingerprint`] when the records were made.
    #[serde(default)]
    pub rules: u64,
    /// The corpus folder (canonical path).
    pub root: String,
    /// Indexed files by relative path.
    pub files: BTreeMap<String, FileState>,
    /// Recurring-line hashes per group as last applied to the index.
    pub recurring: BTreeMap<String, Vec<u32>>,
}

impl Manifest {
    /// Reads a manifest; `Ok(None)` when there is none yet.
    pub fn load(path: &Path) -> Result<Option<Manifest>, String> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Writes the manifest atomically.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        use std::io::Write;
        let tmp = path.with_extension("json.tmp");
        // Streamed: the manifest of a large corpus is tens of MB, not worth a copy in memory.
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        serde_json::to_writer(&mut out, self).map_err(std::io::Error::other)?;
        out.flush()?;
        drop(out);
        std::fs::rename(&tmp, path)
    }

    /// A fresh manifest for `root`.
    pub fn new(root: &str) -> Manifest {
        Manifest {
            version: FORMAT_VERSION,
            rules: super::schema::rules_fingerprint(),
            root: root.to_owned(),
            ..Manifest::default()
        }
    }

    /// Recurring-line sets per group computed from every file's statistics.
    pub fn recurring_sets(&self) -> BTreeMap<String, Vec<u32>> {
        recurring_sets_of(self.files.values())
    }

    /// Date evidence from every file's articles.
    pub fn date_evidence(&self) -> DateEvidence {
        date_evidence_of(self.files.values())
    }

    /// Number of articles recorded.
    pub fn articles(&self) -> usize {
        self.files.values().map(|f| f.docs.len()).sum()
    }
}

/// [`Manifest::recurring_sets`] of any set of files (the corpus as an update will leave it,
/// without building that manifest).
pub fn recurring_sets_of<'a>(files: impl Iterator<Item = &'a FileState>) -> BTreeMap<String, Vec<u32>> {
    let mut stats: HashMap<&str, GroupStats> = HashMap::new();
    for f in files {
        for d in &f.docs {
            stats.entry(&d.group).or_default().add(&d.keys);
        }
    }
    stats
        .into_iter()
        .filter_map(|(g, s)| {
            let mut v: Vec<u32> = s.recurring().into_iter().collect();
            v.sort_unstable();
            (!v.is_empty()).then(|| (g.to_owned(), v))
        })
        .collect()
}

/// [`Manifest::date_evidence`] of any set of files, prepared ([`DateEvidence::prepare`]) for
/// reading from many threads.
pub fn date_evidence_of<'a>(files: impl Iterator<Item = &'a FileState>) -> DateEvidence {
    let mut ev = DateEvidence::default();
    for f in files {
        for d in &f.docs {
            if let Some(day) = d.day {
                ev.add(&d.group, day);
            }
        }
    }
    ev.prepare();
    ev
}

/// The groups whose recurring set differs between two computations.
pub fn changed_groups(old: &BTreeMap<String, Vec<u32>>, new: &BTreeMap<String, Vec<u32>>) -> HashSet<String> {
    old.keys().chain(new.keys()).filter(|g| old.get(*g) != new.get(*g)).cloned().collect()
}
