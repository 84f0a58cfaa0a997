//! The outlet gazetteer: which news outlets exist and every way a text names them.
//!
//! Outlet names hide in many places (an attribution line, a signature, a byline, the outlet
//! talking about itself, a folder name) and in many spellings (سانا, وكالة سانا للأنباء, SANA,
//! sana.sy). The names and aliases live in the editable `assets/outlets.tsv`, compiled into the
//! binary; a user file `outlets.tsv` in Marsad's config folder adds to it. Matching works on
//! [`crate::arabic::match_key`] forms, on word boundaries, so spelling variants need no entries.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::arabic::match_key;

/// The gazetteer shipped with Marsad.
pub const BUILTIN_TSV: &str = include_str!("../../assets/outlets.tsv");

/// What kind of outlet it is. Wire agencies are quoted by everybody ("قال لرويترز"), so an
/// agency named in a body is never taken as the article's own outlet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutletKind {
    /// A news agency (state or international wire).
    Agency,
    /// A television channel.
    Tv,
    /// A newspaper.
    Paper,
    /// An online outlet.
    Site,
    /// A radio station.
    Radio,
}

/// One outlet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outlet {
    /// Short ASCII id.
    pub id: String,
    /// Canonical display name (Arabic).
    pub name: String,
    /// Kind of outlet.
    pub kind: OutletKind,
    /// ISO country code or `intl`.
    pub country: String,
}

/// Words that precede an outlet's name without being part of it ("وكالة سانا", "موقع عنب بلدي").
const TYPE_WORDS: &[&str] = &[
    "وكاله",
    "صحيفه",
    "جريده",
    "قناه",
    "موقع",
    "شبكه",
    "تلفزيون",
    "اذاعه",
    "راديو",
    "مجله",
    "الموقع",
    "الصحيفه",
    "الوكاله",
    "القناه",
    "news",
    "agency",
];

/// The compiled gazetteer.
pub struct Gazetteer {
    outlets: Vec<Outlet>,
    by_key: HashMap<String, usize>,
    finder: AhoCorasick,
    finder_ids: Vec<usize>,
    self_finder: AhoCorasick,
    self_ids: Vec<usize>,
}

impl Gazetteer {
    /// Parses gazetteer TSV text (tab-separated id, name, kind, country, aliases; `|`-separated aliases;
    /// `#` comments). Malformed lines are returned as errors with their line number.
    pub fn parse(sources: &[&str]) -> Result<Gazetteer, String> {
        let mut outlets = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for text in sources {
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_end_matches('\r');
                if line.trim().is_empty() || line.starts_with('#') || line.starts_with("id\tname\t") {
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() < 4 {
                    return Err(format!("line {}: expected id, name, kind, country, aliases separated by tabs", n + 1));
                }
                let kind = match cols[2].trim() {
                    "agency" => OutletKind::Agency,
                    "tv" => OutletKind::Tv,
                    "paper" => OutletKind::Paper,
                    "site" => OutletKind::Site,
                    "radio" => OutletKind::Radio,
                    other => return Err(format!("line {}: unknown kind {other:?}", n + 1)),
                };
                let idx = outlets.len();
                outlets.push(Outlet {
                    id: cols[0].trim().to_owned(),
                    name: cols[1].trim().to_owned(),
                    kind,
                    country: cols[3].trim().to_owned(),
                });
                let aliases = cols.get(4).copied().unwrap_or("");
                for name in std::iter::once(cols[1]).chain(aliases.split('|')).chain(std::iter::once(cols[0])) {
                    let key = match_key(name);
                    if !key.is_empty() {
                        // First definition wins: a user file cannot steal a built-in alias silently.
                        by_key.entry(key).or_insert(idx);
                    }
                }
            }
        }
        let mut keys: Vec<(&String, &usize)> = by_key.iter().collect();
        keys.sort();
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(keys.iter().map(|(k, _)| k.as_str()))
            .map_err(|e| e.to_string())?;
        let finder_ids = keys.iter().map(|(_, i)| **i).collect();
        let (self_pats, self_ids) = self_patterns(&keys, &outlets);
        // A DFA: self-mentions are scanned over whole bodies when nothing else names the outlet.
        let self_finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&self_pats)
            .map_err(|e| e.to_string())?;
        Ok(Gazetteer { outlets, by_key, finder, finder_ids, self_finder, self_ids })
    }

    /// All outlets.
    pub fn outlets(&self) -> &[Outlet] {
        &self.outlets
    }

    /// The outlet whose name is exactly `name` (in match-key form), optionally preceded by a type
    /// word ("وكالة", "صحيفة", …): for signatures, bylines, folder names and metadata values.
    pub fn lookup_key(&self, key: &str) -> Option<&Outlet> {
        let mut k = key.trim();
        loop {
            if let Some(&i) = self.by_key.get(k) {
                return Some(&self.outlets[i]);
            }
            let stripped = TYPE_WORDS.iter().find_map(|w| k.strip_prefix(w).and_then(|r| r.strip_prefix(' ')));
            match stripped {
                Some(rest) => k = rest,
                None => return None,
            }
        }
    }

    /// Every outlet named inside a match-key text, on word boundaries, leftmost-longest, with
    /// the byte range of the name in `key`.
    pub fn find_in<'a>(&'a self, key: &'a str) -> impl Iterator<Item = (std::ops::Range<usize>, &'a Outlet)> + 'a {
        self.finder
            .find_iter(key)
            .filter(move |m| on_word_boundary(key, m.start(), m.end()))
            .map(move |m| (m.start()..m.end(), &self.outlets[self.finder_ids[m.pattern().as_usize()]]))
    }

    /// Outlets an article names as itself inside its body: "told <outlet>" (ل / لـ + name,
    /// لموقع / لصحيفة / لقناة + name) and "<outlet>'s correspondent" (مراسل + name). Wire agencies
    /// are excluded: every outlet writes "قال لرويترز".
    pub fn self_mentions<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Outlet> + 'a {
        self.self_finder
            .find_iter(key)
            .filter(move |m| on_word_boundary(key, m.start(), m.end()))
            .map(move |m| &self.outlets[self.self_ids[m.pattern().as_usize()]])
    }
}

/// Self-mention phrasings: the prefix written before an outlet's name.
const SELF_PREFIXES: &[&str] = &[
    "ل ",
    "لموقع ",
    "لصحيفه ",
    "لجريده ",
    "لقناه ",
    "لشبكه ",
    "لمجله ",
    "لتلفزيون ",
    "لاذاعه ",
    "مراسل ",
    "مراسله ",
    "مراسلي ",
    "مراسلو ",
    "لمراسل ",
];

/// Builds the self-mention patterns for every non-agency alias: the prefixes above, "ل" attached
/// ("لعنب بلدي"), and "لل" for names starting with the article ("للشرق الاوسط").
fn self_patterns(keys: &[(&String, &usize)], outlets: &[Outlet]) -> (Vec<String>, Vec<usize>) {
    let mut pats = Vec::new();
    let mut ids = Vec::new();
    for &(k, &i) in keys {
        // Wire agencies are quoted by everybody; one-word names with the article (اليوم, الوطن,
        // الشرق…) are ordinary words ("لليوم" is "for today"), and very short names are noise.
        let one_word = !k.contains(' ');
        if outlets[i].kind == OutletKind::Agency
            || !crate::arabic::has_arabic(k)
            || (one_word && (k.starts_with("ال") || k.chars().count() < 3))
        {
            continue;
        }
        let mut push = |p: String| {
            pats.push(p);
            ids.push(i);
        };
        match k.strip_prefix("ال") {
            Some(rest) => push(format!("لل{rest}")),
            None => push(format!("ل{k}")),
        }
        for pre in SELF_PREFIXES {
            push(format!("{pre}{k}"));
        }
    }
    (pats, ids)
}

/// True when `key[start..end]` is a whole word sequence.
fn on_word_boundary(key: &str, start: usize, end: usize) -> bool {
    let b = key.as_bytes();
    (start == 0 || b[start - 1] == b' ') && (end == b.len() || b[end] == b' ')
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let user = crate::config_dir().and_then(|d| std::fs::read_to_string(d.join("outlets.tsv")).ok());
    let mut sources = vec![BUILTIN_TSV];
    if let Some(u) = user.as_deref() {
        sources.push(u);
    }
    Gazetteer::parse(&sources)
        .or_else(|e| {
            eprintln!("marsad: ignoring the user outlets.tsv: {e}");
            Gazetteer::parse(&[BUILTIN_TSV])
        })
        .expect("the built-in assets/outlets.tsv is valid (checked by tests)")
});

/// The process-wide gazetteer (built-in plus the user's additions).
pub fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
}

/// Looks up an outlet by any of its names, spelled any way.
pub fn lookup(name: &str) -> Option<&'static Outlet> {
    gazetteer().lookup_key(&match_key(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_gazetteer_parses_and_is_large() {
        let g = Gazetteer::parse(&[BUILTIN_TSV]).unwrap();
        assert!(g.outlets().len() >= 60, "{}", g.outlets().len());
    }

    #[test]
    fn lookup_by_alias_type_word_and_spelling() {
        assert_eq!(lookup("سانا").unwrap().id, lookup("وكالة سانا للأنباء").unwrap().id);
        assert_eq!(lookup("SANA").unwrap().id, lookup("سانا").unwrap().id);
        assert_eq!(lookup("موقع عنب بلدي").unwrap().name, "عنب بلدي");
        assert!(lookup("مطعم الحي").is_none());
    }

    #[test]
    fn self_mentions_skip_wire_agencies() {
        let g = gazetteer();
        let key = match_key("وقال مصدر لعنب بلدي إن الطريق مغلق، وقال مسؤول لرويترز إن");
        let found: Vec<_> = g.self_mentions(&key).map(|o| o.name.as_str()).collect();
        assert_eq!(found, ["عنب بلدي"]);
    }

    #[test]
    fn find_in_respects_word_boundaries() {
        let g = gazetteer();
        let key = match_key("المصدر: وكالة سانا للأنباء، بتاريخ 3/11/2016");
        let names: Vec<_> = g.find_in(&key).map(|(_, o)| o.name.clone()).collect();
        assert_eq!(names.first().map(String::as_str), lookup("سانا").map(|o| o.name.as_str()));
    }
}
