//! Framing: how often each outlet uses each term of groups that name the same thing differently.
//!
//! The lexicon is data (`assets/framing.toml`, documented there): groups such as "armed
//! opposition" (الإرهابيين / المسلحين / الثوار / الفصائل …) or "killed" (قتل / استشهد / لقي حتفه
//! …). Terms are matched word by word on normalised text, the first word with an optional clitic
//! prefix (و ف ب ل ك ال وال بال لل …); at one position the longest term wins. Counts are per
//! outlet, and rates per 1,000 words of that outlet's articles in the selection. Users add groups
//! (or terms to a group) in `framing.toml` in [`crate::config_dir`]; [`Lexicon::save_group`]
//! writes one there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{WordMap, for_each_word, outlet_of, word_hash};
use crate::corpus::Article;

/// The lexicon shipped in `assets/`.
pub const FRAMING_TOML: &str = include_str!("../../assets/framing.toml");

/// File name of the lexicon (built in, and the user's additions in the config folder).
pub const FILE_NAME: &str = "framing.toml";

/// Clitic prefixes a term's first word may carry in text (normalised spelling).
const PREFIXES: &[&str] =
    &["و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "وب", "ول", "وك", "فب", "فل", "وبال", "فبال", "وكال"];
/// Prefixes that replace the article ال of a term's first word (ل + ال is written لل).
const LAM_PREFIXES: &[&str] = &["لل", "ولل", "فلل"];

/// One group of terms naming the same actor or event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// English name: the group's id (a user group of the same name adds terms to it).
    pub name: String,
    /// Arabic label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The terms, as written.
    pub terms: Vec<String>,
}

/// The framing lexicon: term groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lexicon {
    /// The groups, in file order.
    #[serde(rename = "group", default)]
    pub groups: Vec<Group>,
}

impl Lexicon {
    /// Parses a lexicon file (`[[group]]` tables with `name`, optional `label`, `terms`).
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let l: Lexicon = toml::from_str(text).map_err(|e| e.to_string())?;
        for g in &l.groups {
            if g.name.trim().is_empty() {
                return Err("a group has an empty name".into());
            }
        }
        Ok(l)
    }

    /// The built-in lexicon.
    pub fn builtin() -> Lexicon {
        Lexicon::parse(FRAMING_TOML).unwrap_or_default()
    }

    /// The built-in lexicon plus the user's `framing.toml` in the config folder (when there is
    /// one). A malformed user file is an error naming it, so the user can fix it.
    pub fn load() -> Result<Lexicon, String> {
        let mut l = Lexicon::builtin();
        if let Some(dir) = crate::config_dir() {
            let p = dir.join(FILE_NAME);
            if let Ok(text) = std::fs::read_to_string(&p) {
                let user = Lexicon::parse(&text).map_err(|e| format!("{}: {e}", p.display()))?;
                l.merge(user);
            }
        }
        Ok(l)
    }

    /// Adds another lexicon's groups: terms of a group with the same name are added to it, new
    /// groups are appended.
    pub fn merge(&mut self, other: Lexicon) {
        for g in other.groups {
            match self.groups.iter_mut().find(|x| x.name == g.name) {
                Some(x) => {
                    for t in g.terms {
                        if !x.terms.contains(&t) {
                            x.terms.push(t);
                        }
                    }
                    if g.label.is_some() {
                        x.label = g.label;
                    }
                }
                None => self.groups.push(g),
            }
        }
    }

    /// Saves a group into the user's `framing.toml` in the config folder (replacing a user group
    /// of the same name), so additions made in the app survive. Returns the file written.
    pub fn save_group(group: &Group) -> Result<PathBuf, String> {
        let dir = crate::config_dir().ok_or("no configuration folder on this system")?;
        Lexicon::save_group_in(&dir, group)
    }

    /// [`Lexicon::save_group`] into a given folder.
    pub fn save_group_in(dir: &Path, group: &Group) -> Result<PathBuf, String> {
        let p = dir.join(FILE_NAME);
        let mut user = match std::fs::read_to_string(&p) {
            Ok(t) => Lexicon::parse(&t).map_err(|e| format!("{}: {e}", p.display()))?,
            Err(_) => Lexicon::default(),
        };
        match user.groups.iter_mut().find(|g| g.name == group.name) {
            Some(g) => *g = group.clone(),
            None => user.groups.push(group.clone()),
        }
        let body = toml::to_string(&user).map_err(|e| e.to_string())?;
        let text = format!("# Marsad framing lexicon: your groups (same format as assets/framing.toml).\n\n{body}");
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let tmp = p.with_extension("toml.tmp");
        std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, &p).map_err(|e| format!("{}: {e}", p.display()))?;
        Ok(p)
    }
}

/// A term compiled for matching.
struct Term {
    group: usize,
    text: String,
    rest: Vec<u64>,
}

/// A lexicon compiled for fast matching: first-word variants (with prefixes) → terms.
pub struct Matcher {
    terms: Vec<Term>,
    /// First-word variant → (term, prefix length in letters).
    first: WordMap<Vec<(usize, usize)>>,
    groups: Vec<(String, Option<String>)>,
}

fn words_of(text: &str) -> Vec<String> {
    let mut v = Vec::new();
    for_each_word(text, |_, w| v.push(w.to_owned()));
    v
}

impl Matcher {
    /// Compiles a lexicon.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        let mut m = Matcher { terms: Vec::new(), first: WordMap::default(), groups: Vec::new() };
        for (gi, g) in lexicon.groups.iter().enumerate() {
            m.groups.push((g.name.clone(), g.label.clone()));
            for t in &g.terms {
                let w = words_of(t);
                let Some(first) = w.first() else { continue };
                let ti = m.terms.len();
                m.terms.push(Term { group: gi, text: t.clone(), rest: w[1..].iter().map(|x| word_hash(x)).collect() });
                let mut add = |variant: String, plen: usize| {
                    let e = m.first.entry(word_hash(&variant)).or_default();
                    if !e.iter().any(|&(t, _)| t == ti) {
                        e.push((ti, plen));
                    }
                };
                add(first.clone(), 0);
                for p in PREFIXES {
                    add(format!("{p}{first}"), p.chars().count());
                }
                if let Some(bare) = first.strip_prefix("ال").filter(|b| b.chars().count() >= 2) {
                    for p in LAM_PREFIXES {
                        add(format!("{p}{bare}"), p.chars().count() - 1);
                    }
                }
            }
        }
        m
    }

    /// Counts term occurrences in a text: `counts[term] += 1` per match; returns the number of
    /// words in the text.
    fn scan(&self, text: &str, counts: &mut [u64]) -> u64 {
        let mut ids = Vec::new();
        for_each_word(text, |_, w| ids.push(word_hash(w)));
        let mut i = 0;
        while i < ids.len() {
            let mut best: Option<(usize, usize, usize)> = None; // (words, prefix letters, term)
            if let Some(cands) = self.first.get(&ids[i]) {
                for &(t, plen) in cands {
                    let rest = &self.terms[t].rest;
                    if ids.len() - i > rest.len() && ids[i + 1..i + 1 + rest.len()] == rest[..] {
                        let len = rest.len() + 1;
                        let better = match best {
                            None => true,
                            Some((bl, bp, _)) => len > bl || (len == bl && plen < bp),
                        };
                        if better {
                            best = Some((len, plen, t));
                        }
                    }
                }
            }
            match best {
                Some((len, _, t)) => {
                    counts[t] += 1;
                    i += len;
                }
                None => i += 1,
            }
        }
        ids.len() as u64
    }
}

/// One cell of the framing table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FramingRow {
    /// Group name.
    pub group: String,
    /// The term as written in the lexicon.
    pub term: String,
    /// Outlet.
    pub outlet: String,
    /// Occurrences in the outlet's articles of the selection.
    pub count: u64,
    /// Occurrences per 1,000 words of the outlet's articles.
    pub per_1000: f64,
}

/// Words counted per outlet (the denominators of the rates).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletWords {
    /// Outlet.
    pub outlet: String,
    /// Articles in the selection.
    pub articles: usize,
    /// Words (title + body) in the selection.
    pub words: u64,
}

/// Framing counts: every term of every group × every outlet of the selection (zeros included, so
/// the table is complete), in lexicon order then outlet order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FramingTable {
    /// The cells.
    pub rows: Vec<FramingRow>,
    /// The outlets with their word counts.
    pub outlets: Vec<OutletWords>,
}

impl FramingTable {
    /// Totals per group and outlet (all terms of a group together), as rows with the term `*`.
    pub fn group_totals(&self) -> Vec<FramingRow> {
        let mut out: Vec<FramingRow> = Vec::new();
        for r in &self.rows {
            match out.iter_mut().find(|x| x.group == r.group && x.outlet == r.outlet) {
                Some(x) => {
                    x.count += r.count;
                    x.per_1000 += r.per_1000;
                }
                None => out.push(FramingRow { term: "*".into(), ..r.clone() }),
            }
        }
        out
    }

    /// The cell of one term and outlet.
    pub fn get(&self, term: &str, outlet: &str) -> Option<&FramingRow> {
        self.rows.iter().find(|r| r.term == term && r.outlet == outlet)
    }

    /// Writes the table as CSV: `group,term,outlet,count,per_1000`.
    pub fn to_csv<W: std::io::Write>(&self, w: W) -> csv::Result<()> {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(["group", "term", "outlet", "count", "per_1000"])?;
        for r in &self.rows {
            c.write_record([&r.group, &r.term, &r.outlet, &r.count.to_string(), &format!("{:.4}", r.per_1000)])?;
        }
        c.flush()?;
        Ok(())
    }
}

/// Counts every lexicon term per outlet over a selection.
pub fn count(articles: &[Article], lexicon: &Lexicon) -> FramingTable {
    count_with(articles, &Matcher::new(lexicon))
}

/// [`count`] with a lexicon compiled once (for repeated selections).
pub fn count_with(articles: &[Article], m: &Matcher) -> FramingTable {
    let mut by_outlet: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
    for a in articles {
        by_outlet.entry(outlet_of(a)).or_default().push(a);
    }
    let groups: Vec<(&str, Vec<&Article>)> = by_outlet.into_iter().collect();
    let per: Vec<(Vec<u64>, u64)> = groups
        .par_iter()
        .map(|(_, arts)| {
            let mut counts = vec![0u64; m.terms.len()];
            let mut words = 0;
            for a in arts {
                words += m.scan(&a.title, &mut counts);
                words += m.scan(&a.body, &mut counts);
            }
            (counts, words)
        })
        .collect();
    let mut rows = Vec::with_capacity(m.terms.len() * groups.len());
    for (ti, t) in m.terms.iter().enumerate() {
        for ((outlet, _), (counts, words)) in groups.iter().zip(&per) {
            let c = counts[ti];
            rows.push(FramingRow {
                group: m.groups[t.group].0.clone(),
                term: t.text.clone(),
                outlet: (*outlet).to_owned(),
                count: c,
                per_1000: if *words > 0 { c as f64 * 1000.0 / *words as f64 } else { 0.0 },
            });
        }
    }
    let outlets = groups
        .iter()
        .zip(&per)
        .map(|((o, arts), (_, words))| OutletWords { outlet: (*o).to_owned(), articles: arts.len(), words: *words })
        .collect();
    FramingTable { rows, outlets }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(outlet: &str, body: &str) -> Article {
        Article { id: outlet.into(), outlet: Some(outlet.into()), body: body.into(), ..Article::default() }
    }

    #[test]
    fn builtin_lexicon_parses_with_the_documented_groups() {
        let l = Lexicon::builtin();
        let names: Vec<&str> = l.groups.iter().map(|g| g.name.as_str()).collect();
        for want in ["armed opposition", "Syrian government", "Israel", "protests", "killed"] {
            assert!(names.contains(&want), "{want} in {names:?}");
        }
        assert!(l.groups[0].terms.iter().any(|t| t == "الثوار"));
    }

    #[test]
    fn prefixes_variants_and_longest_match() {
        let l = Lexicon::parse(
            r#"
            [[group]]
            name = "gov"
            terms = ["النظام", "نظام الأسد", "قوات النظام"]
            [[group]]
            name = "opp"
            terms = ["الإرهابيين", "إرهابيين", "الثوار"]
            "#,
        )
        .unwrap();
        let v = vec![art(
            "x",
            "قال النظام إن قوات النظام وبالنظام وللنظام هاجمت نظام الاسد. وللإرهابيين والارهابيين إرهابيين والثوار",
        )];
        let t = count(&v, &l);
        let c = |term: &str| t.get(term, "x").unwrap().count;
        assert_eq!(c("النظام"), 3, "النظام، وبالنظام، وللنظام; not inside قوات النظام");
        assert_eq!(c("قوات النظام"), 1);
        assert_eq!(c("نظام الأسد"), 1);
        assert_eq!(c("الإرهابيين"), 2, "وللإرهابيين prefers the term with the article");
        assert_eq!(c("إرهابيين"), 1);
        assert_eq!(c("الثوار"), 1);
        let words = t.outlets[0].words as f64;
        assert!((t.get("الثوار", "x").unwrap().per_1000 - 1000.0 / words).abs() < 1e-9);
        let totals = t.group_totals();
        assert_eq!(totals.iter().find(|r| r.group == "gov").unwrap().count, 5);
        let mut csv = Vec::new();
        t.to_csv(&mut csv).unwrap();
        assert!(String::from_utf8(csv).unwrap().starts_with("group,term,outlet,count,per_1000\n"));
    }

    #[test]
    fn user_groups_are_saved_and_merged() {
        let dir = tempfile::tempdir().unwrap();
        let g = Group { name: "armed opposition".into(), label: None, terms: vec!["الخوارج".into()] };
        let p = Lexicon::save_group_in(dir.path(), &g).unwrap();
        let g2 = Group { name: "water".into(), label: Some("الماء".into()), terms: vec!["السد".into()] };
        Lexicon::save_group_in(dir.path(), &g2).unwrap();
        let user = Lexicon::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
        assert_eq!(user.groups, [g, g2]);
        let mut l = Lexicon::builtin();
        let n = l.groups.len();
        l.merge(user);
        assert_eq!(l.groups.len(), n + 1);
        assert!(l.groups[0].terms.iter().any(|t| t == "الخوارج"));
    }
}
