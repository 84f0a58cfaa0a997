//! The user's corrections to the recogniser: names added, renamed, merged or hidden.
//!
//! They live in `entity-corrections.toml` in Marsad's config folder (never in the corpus), are
//! applied to every mention after recognition, and are not part of the index's rules
//! fingerprint: after a correction only the articles it concerns are re-indexed
//! ([`crate::index::CorpusIndex::reindex_entities`]), not the whole corpus.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::gazetteer::Entry;
use super::{Kind, Mention};
use crate::arabic::match_key;

/// The file name in the config folder.
pub const FILE: &str = "entity-corrections.toml";

/// An entity the user added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Added {
    /// Its name.
    pub name: String,
    /// `person`, `place` or `organization`.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Other spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The user's corrections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    /// Names never shown (compared normalised).
    #[serde(default)]
    pub hide: Vec<String>,
    /// Old name → new name. Renaming onto a name that exists merges the two.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Entities the gazetteers lack.
    #[serde(default)]
    pub add: Vec<Added>,
}

/// One correction the user makes, from the app or the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Never show this name.
    Hide(String),
    /// Rename (or merge into an existing name).
    Rename {
        /// The name as recognised.
        from: String,
        /// The name it should be.
        to: String,
    },
    /// A name the recogniser should find.
    Add {
        /// The name.
        name: String,
        /// Its type.
        kind: Kind,
    },
}

/// Saves a change in the config folder's corrections file and reloads the recogniser; returns
/// the names it concerns, whose articles must be re-indexed
/// ([`crate::index::CorpusIndex::reindex_entities`]).
pub fn record(change: &Change) -> Result<Vec<String>, String> {
    let dir = crate::config_dir().ok_or("no config folder for the corrections (set MARSAD_CONFIG_DIR)")?;
    let mut all = Corrections::load(Some(&dir))?;
    let names = match change {
        Change::Hide(n) => {
            all.hide.push(n.trim().to_owned());
            vec![n.clone()]
        }
        Change::Rename { from, to } => {
            all.rename.insert(from.trim().to_owned(), to.trim().to_owned());
            vec![from.clone(), to.clone()]
        }
        Change::Add { name, kind } => {
            all.add.push(Added { name: name.trim().to_owned(), kind: *kind, aliases: Vec::new() });
            vec![name.clone()]
        }
    };
    all.save(&dir)?;
    super::reload();
    Ok(names)
}

impl Corrections {
    /// The corrections file of a config folder.
    pub fn path(config_dir: &Path) -> PathBuf {
        config_dir.join(FILE)
    }

    /// Reads the corrections (none when there is no file).
    pub fn load(config_dir: Option<&Path>) -> Result<Corrections, String> {
        let Some(dir) = config_dir else { return Ok(Corrections::default()) };
        let path = Self::path(dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Corrections::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Writes the corrections atomically (a temporary file renamed over the old one).
    pub fn save(&self, config_dir: &Path) -> Result<(), String> {
        let path = Self::path(config_dir);
        let text = toml::to_string_pretty(self).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::create_dir_all(config_dir).map_err(|e| format!("{}: {e}", config_dir.display()))?;
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, format!("# Marsad: your corrections to the entity recogniser.\n{text}"))
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The added entities as gazetteer entries.
    pub fn added_entries(&self) -> Vec<Entry> {
        self.add
            .iter()
            .map(|a| Entry {
                name: a.name.clone(),
                kind: a.kind,
                aliases: a.aliases.clone(),
                latin: None,
                note: "added by the user".into(),
            })
            .collect()
    }

    /// The name `name` is shown as after renames (following chains), or `None` when hidden.
    pub fn resolve(&self, name: &str) -> Option<String> {
        let mut cur = name.to_owned();
        for _ in 0..8 {
            let key = match_key(&cur);
            if self.hide.iter().any(|h| match_key(h) == key) {
                return None;
            }
            match self.rename.iter().find(|(old, _)| match_key(old) == key) {
                Some((_, new)) if match_key(new) != key => cur.clone_from(new),
                _ => break,
            }
        }
        Some(cur)
    }

    /// Applies renames and hides to mentions.
    pub fn apply(&self, mentions: &mut Vec<Mention>) {
        if self.hide.is_empty() && self.rename.is_empty() {
            return;
        }
        mentions.retain_mut(|m| match self.resolve(&m.name) {
            Some(n) => {
                m.name = n;
                true
            }
            None => false,
        });
    }

    /// Every name a correction concerns (for re-indexing the articles that name them).
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.hide.clone();
        v.extend(self.rename.iter().flat_map(|(a, b)| [a.clone(), b.clone()]));
        v.extend(self.add.iter().flat_map(|a| std::iter::once(a.name.clone()).chain(a.aliases.iter().cloned())));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_chains_merge_and_hide() {
        let mut c = Corrections::default();
        c.rename.insert("ستافان دي ميستورا".into(), "ستيفان دي ميستورا".into());
        c.rename.insert("دي مستورا".into(), "ستافان دي ميستورا".into());
        c.hide.push("الله".into());
        assert_eq!(c.resolve("دي مستورا").as_deref(), Some("ستيفان دي ميستورا"));
        assert_eq!(c.resolve("اللّه"), None);
        assert_eq!(c.resolve("حلب").as_deref(), Some("حلب"));
    }

    #[test]
    fn round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Corrections::default();
        c.add.push(Added {
            name: "أبو محمد الجولاني".into(), kind: Kind::Person, aliases: vec!["الجولاني".into()]
        });
        c.rename.insert("a".into(), "b".into());
        c.hide.push("x".into());
        c.save(dir.path()).unwrap();
        assert_eq!(Corrections::load(Some(dir.path())).unwrap(), c);
        std::fs::write(Corrections::path(dir.path()), "hide = 3").unwrap();
        let e = Corrections::load(Some(dir.path())).unwrap_err();
        assert!(e.contains(FILE), "{e}");
    }
}
