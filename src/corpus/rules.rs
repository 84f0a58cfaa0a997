//! Editable boilerplate rules (`assets/boilerplate.toml`).
//!
//! Scraped pages end in related-headline lists, tag lines, comment forms, donation appeals,
//! share buttons and copyright lines, in many phrasings. The phrasings are data, not code, so a
//! researcher can add the one their sources use: the built-in file is compiled in, and a
//! `boilerplate.toml` in Marsad's config folder adds rules to it. All phrases are compared as
//! [`crate::arabic::match_key`] forms, so spelling variants need no extra entries.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use serde::Deserialize;

use crate::arabic::match_key;

/// The rules shipped with Marsad.
pub const BUILTIN_TOML: &str = include_str!("../../assets/boilerplate.toml");

/// Lines longer than this many words are never matched by line rules: real paragraphs are
/// longer, boilerplate lines are short.
pub const SHORT_LINE_WORDS: usize = 14;

#[derive(Debug, Default, Deserialize)]
struct File {
    #[serde(default)]
    trailing: Vec<Group>,
    #[serde(default)]
    line: Vec<Group>,
    #[serde(default)]
    contains: Vec<Group>,
    #[serde(default)]
    exact: Vec<Group>,
}

#[derive(Debug, Deserialize)]
struct Group {
    category: String,
    phrases: Vec<String>,
}

/// What a rule says about a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The line begins a trailing block of this category (related articles, tags, comments…).
    Trailing(String),
    /// The line alone is boilerplate of this category.
    Line(String),
}

/// A matcher for phrases at the start of a key or anywhere in it, on word boundaries.
struct PhraseSet {
    ac: AhoCorasick,
    categories: Vec<String>,
}

impl PhraseSet {
    fn new(groups: &[&Group]) -> Result<Self, String> {
        let mut pats = Vec::new();
        let mut categories = Vec::new();
        for g in groups {
            for p in &g.phrases {
                let k = match_key(p);
                if !k.is_empty() {
                    pats.push(k);
                    categories.push(g.category.clone());
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(&pats)
            .map_err(|e| e.to_string())?;
        Ok(Self { ac, categories })
    }

    /// The category and length of the longest phrase `key` starts with (on a word boundary).
    fn starts(&self, key: &str) -> Option<(&str, usize)> {
        let m = self.ac.find(Input::new(key).anchored(Anchored::Yes))?;
        boundary_after(key, m.end()).then(|| (self.categories[m.pattern().as_usize()].as_str(), m.end()))
    }

    fn contains(&self, key: &str) -> Option<&str> {
        self.ac
            .find_iter(key)
            .find(|m| (m.start() == 0 || key.as_bytes()[m.start() - 1] == b' ') && boundary_after(key, m.end()))
            .map(|m| self.categories[m.pattern().as_usize()].as_str())
    }
}

fn boundary_after(key: &str, end: usize) -> bool {
    end == key.len() || key.as_bytes()[end] == b' '
}

/// Compiled boilerplate rules.
pub struct Rules {
    trailing: PhraseSet,
    line: PhraseSet,
    contains: PhraseSet,
    exact: HashMap<String, String>,
}

impl Rules {
    /// Compiles rules from TOML texts (later files add to earlier ones). `names` label the texts
    /// in error messages.
    pub fn parse(texts: &[(&str, &str)]) -> Result<Rules, String> {
        let mut files = Vec::new();
        for (name, text) in texts {
            files.push(toml::from_str::<File>(text).map_err(|e| format!("{name}: {e}"))?);
        }
        let all = |f: fn(&File) -> &Vec<Group>| files.iter().flat_map(f).collect::<Vec<_>>();
        let mut exact = HashMap::new();
        for g in all(|f| &f.exact) {
            for p in &g.phrases {
                exact.entry(match_key(p)).or_insert_with(|| g.category.clone());
            }
        }
        Ok(Rules {
            trailing: PhraseSet::new(&all(|f| &f.trailing))?,
            line: PhraseSet::new(&all(|f| &f.line))?,
            contains: PhraseSet::new(&all(|f| &f.contains))?,
            exact,
        })
    }

    /// Judges one line given its match key and word count. Only short lines can match.
    pub fn judge(&self, key: &str, words: usize) -> Option<Verdict> {
        if words > SHORT_LINE_WORDS {
            return None;
        }
        if let Some(c) = self.exact.get(key) {
            return Some(Verdict::Line(c.clone()));
        }
        // The longer phrase wins: "tag icon" (a line rule) over "tag" (a trailing marker).
        match (self.trailing.starts(key), self.line.starts(key)) {
            (Some((t, tl)), Some((_, ll))) if tl > ll => return Some(Verdict::Trailing(t.to_owned())),
            (_, Some((l, _))) => return Some(Verdict::Line(l.to_owned())),
            (Some((t, _)), None) => return Some(Verdict::Trailing(t.to_owned())),
            (None, None) => {}
        }
        self.contains.contains(key).map(|c| Verdict::Line(c.to_owned()))
    }
}

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    let user = crate::config_dir().and_then(|d| std::fs::read_to_string(d.join("boilerplate.toml")).ok());
    let mut texts = vec![("assets/boilerplate.toml", BUILTIN_TOML)];
    if let Some(u) = user.as_deref() {
        texts.push(("boilerplate.toml (user)", u));
    }
    Rules::parse(&texts)
        .or_else(|e| {
            eprintln!("marsad: ignoring the user boilerplate rules: {e}");
            Rules::parse(&[("assets/boilerplate.toml", BUILTIN_TOML)])
        })
        .expect("the built-in assets/boilerplate.toml is valid (checked by tests)")
});

/// The process-wide rules (built-in plus the user's additions).
pub fn rules() -> &'static Rules {
    &RULES
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(line: &str) -> Option<Verdict> {
        rules().judge(&match_key(line), crate::arabic::word_count(line))
    }

    #[test]
    fn builtin_rules_parse() {
        Rules::parse(&[("builtin", BUILTIN_TOML)]).unwrap();
    }

    #[test]
    fn typical_markers() {
        assert!(matches!(judge("مقالات متعلقة"), Some(Verdict::Trailing(_))));
        assert!(matches!(judge("اقرأ أيضاً:"), Some(Verdict::Trailing(_))));
        assert!(matches!(judge("TAG: حلب، دمشق"), Some(Verdict::Trailing(_))));
        assert!(matches!(judge("اترك تعليقاً"), Some(Verdict::Trailing(_)) | Some(Verdict::Line(_))));
        assert!(judge("جميع الحقوق محفوظة © 2016").is_some());
        // Reading-time widgets start with their number.
        assert_eq!(judge("3 دقائق للقراءة"), Some(Verdict::Line("reading_time".into())));
        assert_eq!(judge("⏱ 5 min read"), Some(Verdict::Line("reading_time".into())));
    }

    #[test]
    fn body_sentences_are_not_boilerplate() {
        assert_eq!(judge("قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في جنيف بحضور الوفود"), None);
        let long = "اقرأ أيضا ".repeat(10);
        assert_eq!(judge(&long), None, "long lines are never judged");
    }

    #[test]
    fn the_longer_phrase_wins() {
        let r = Rules::parse(&[("t", "[[trailing]]\ncategory = \"tags\"\nphrases = [\"tag\"]\n[[line]]\ncategory = \"crumb\"\nphrases = [\"tag icon\"]\n")]).unwrap();
        assert_eq!(r.judge("tag icon ع ع ع", 5), Some(Verdict::Line("crumb".into())));
        assert_eq!(r.judge("tag حلب", 2), Some(Verdict::Trailing("tags".into())));
    }

    #[test]
    fn user_rules_add_to_builtin() {
        let r = Rules::parse(&[("a", BUILTIN_TOML), ("b", "[[line]]\ncategory = \"x\"\nphrases = [\"سطر مخصص\"]\n")])
            .unwrap();
        assert_eq!(r.judge(&match_key("سطر مخصص هنا"), 3), Some(Verdict::Line("x".into())));
    }
}
