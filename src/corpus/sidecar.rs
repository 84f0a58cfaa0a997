//! Optional per-corpus settings a user puts beside their articles.
//!
//! Some scrapes keep the outlet only in the folder layout or file names ("sana/2016/…",
//! "enab_1234.txt"). A `marsad.toml` or `outlets.csv` in the corpus root maps sub-folders or
//! file-name patterns to outlets. Marsad only reads these files; it never writes into a corpus.
//!
//! ```toml
//! [outlets]
//! "sana/" = "سانا"            # everything under the sana/ sub-folder
//! "*enab*.txt" = "عنب بلدي"   # a glob on the relative path or the file name
//! ```
//!
//! `outlets.csv` holds the same mapping as two columns `pattern,outlet` with a header row.

use std::path::Path;

use serde::Deserialize;

use super::Error;

/// Pattern → outlet mappings for one corpus root.
#[derive(Clone, Debug, Default)]
pub struct Sidecar {
    rules: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct TomlFile {
    #[serde(default)]
    outlets: toml::Table,
}

impl Sidecar {
    /// Reads `marsad.toml` and `outlets.csv` from a corpus root, if present.
    pub fn load(root: &Path) -> Result<Sidecar, Error> {
        let mut s = Sidecar::default();
        if !root.is_dir() {
            return Ok(s);
        }
        let toml_path = root.join("marsad.toml");
        if let Ok(text) = std::fs::read_to_string(&toml_path) {
            let file: TomlFile = toml::from_str(&text)
                .map_err(|e| Error::Rules { path: toml_path.display().to_string(), reason: e.to_string() })?;
            for (k, v) in file.outlets {
                let outlet = v.as_str().ok_or_else(|| Error::Rules {
                    path: toml_path.display().to_string(),
                    reason: format!("[outlets] {k:?}: the outlet must be a string"),
                })?;
                s.rules.push((k, outlet.to_owned()));
            }
        }
        let csv_path = root.join("outlets.csv");
        if let Ok(text) = std::fs::read_to_string(&csv_path) {
            let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
            for (i, rec) in r.records().enumerate() {
                let rec =
                    rec.map_err(|e| Error::Rules { path: csv_path.display().to_string(), reason: e.to_string() })?;
                match (rec.get(0), rec.get(1)) {
                    (Some(p), Some(o)) if !p.trim().is_empty() && !o.trim().is_empty() => {
                        s.rules.push((p.trim().to_owned(), o.trim().to_owned()));
                    }
                    _ => {
                        return Err(Error::Rules {
                            path: csv_path.display().to_string(),
                            reason: format!("row {}: expected pattern,outlet", i + 1),
                        });
                    }
                }
            }
        }
        // Longer (more specific) patterns first.
        s.rules.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        Ok(s)
    }

    /// Builds a sidecar from explicit rules (tests, GUI settings).
    pub fn from_rules(rules: Vec<(String, String)>) -> Sidecar {
        Sidecar { rules }
    }

    /// The outlet mapped to a file, by its `/`-separated path relative to the corpus root.
    pub fn outlet_for(&self, rel: &str) -> Option<&str> {
        let file_name = rel.rsplit('/').next().unwrap_or(rel);
        self.rules.iter().find_map(|(pat, outlet)| {
            let hit = if pat.contains(['*', '?']) {
                glob(pat, rel) || glob(pat, file_name)
            } else {
                let folder = pat.trim_end_matches('/');
                rel.starts_with(folder) && rel.as_bytes().get(folder.len()) == Some(&b'/') || rel == pat
            };
            hit.then_some(outlet.as_str())
        })
    }
}

/// Matches `*` (any run of characters) and `?` (one character), case-insensitively.
fn glob(pat: &str, text: &str) -> bool {
    let p: Vec<char> = pat.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_and_glob_patterns() {
        let s = Sidecar::from_rules(vec![("sana/".into(), "سانا".into()), ("*enab*.txt".into(), "عنب بلدي".into())]);
        assert_eq!(s.outlet_for("sana/2016/a.txt"), Some("سانا"));
        assert_eq!(s.outlet_for("sanaa/a.txt"), None);
        assert_eq!(s.outlet_for("x/ENAB_12.txt"), Some("عنب بلدي"));
        assert_eq!(s.outlet_for("x/other.txt"), None);
    }

    #[test]
    fn loads_toml_and_csv_and_reports_errors_by_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("marsad.toml"), "[outlets]\n\"a/\" = \"سانا\"\n").unwrap();
        std::fs::write(dir.path().join("outlets.csv"), "pattern,outlet\nb_*.txt,الجزيرة\n").unwrap();
        let s = Sidecar::load(dir.path()).unwrap();
        assert_eq!(s.outlet_for("a/1.txt"), Some("سانا"));
        assert_eq!(s.outlet_for("b_1.txt"), Some("الجزيرة"));
        std::fs::write(dir.path().join("marsad.toml"), "[outlets\n").unwrap();
        let err = Sidecar::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("marsad.toml"), "{err}");
    }
}
