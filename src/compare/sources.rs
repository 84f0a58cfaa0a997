//! Sources: whom each outlet quotes, and each outlet's share of the mentions of an entity.
//!
//! Arabic news attributes with a speech verb before the speaker ("وقال وزير الخارجية سامر النجار
//! إن…", "بحسب مصادر محلية", "وفقاً لوزارة الصحة"). After each speech verb, the quoted name is the
//! article's own entity (person or organisation, from [`crate::entities`]) that starts within the
//! next few words, else the next one to three words up to punctuation or a function word (a
//! fallback that still ranks "مصادر محلية" or "شهود عيان"). Names are compared in their
//! normalised form; the first spelling seen is shown.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use rayon::prelude::*;
use serde::Serialize;

use super::{for_each_word, outlet_of};
use crate::arabic::match_key;
use crate::corpus::Article;
use crate::index::analyzer::{is_stopword, normalize_word};

/// Speech and attribution verbs (any spelling: they are normalised), each also with و/ف.
pub const SPEECH_VERBS: &[&str] = &[
    "قال",
    "قالت",
    "أكد",
    "أكدت",
    "أوضح",
    "أوضحت",
    "أضاف",
    "أضافت",
    "صرح",
    "صرحت",
    "أعلن",
    "أعلنت",
    "ذكر",
    "ذكرت",
    "أفاد",
    "أفادت",
    "أشار",
    "أشارت",
    "كشف",
    "كشفت",
    "اعتبر",
    "اعتبرت",
    "شدد",
    "شددت",
    "نقل",
    "نقلت",
    "نقلا",
    "بحسب",
    "حسب",
    "وفق",
    "وفقا",
    "طبقا",
    "أفادت",
    "نفى",
    "نفت",
    "حذر",
    "حذرت",
    "دعا",
    "دعت",
    "تابع",
    "تابعت",
    "يقول",
    "تقول",
    "يؤكد",
    "تؤكد",
];

/// Words skipped right after a verb ("نقل عن", "وفقاً لـ").
const SKIP_AFTER_VERB: &[&str] = &["عن", "ل", "لـ", "على", "لسان"];

/// Entity names are looked for this many words after the verb (room for a title: "وزير الخارجية").
pub const LOOKAHEAD: usize = 4;

/// Longest fallback name, in words.
pub const MAX_NAME_WORDS: usize = 3;

static VERBS: LazyLock<HashSet<String>> = LazyLock::new(|| SPEECH_VERBS.iter().map(|v| normalize_word(v)).collect());
static SKIP: LazyLock<HashSet<String>> = LazyLock::new(|| SKIP_AFTER_VERB.iter().map(|v| normalize_word(v)).collect());

fn is_verb(w: &str) -> bool {
    VERBS.contains(w) || ((w.starts_with('و') || w.starts_with('ف')) && VERBS.contains(&w['و'.len_utf8()..]))
}

/// A quoted source of an outlet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    /// The name (the entity's canonical name, or the words after the verb).
    pub name: String,
    /// Times the outlet quoted it in the selection.
    pub count: u64,
    /// True when the name is an entity the recogniser found.
    pub entity: bool,
}

/// One outlet's quoted sources.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletSources {
    /// The outlet.
    pub outlet: String,
    /// Attributions found (speech verbs followed by a name).
    pub quotes: u64,
    /// Sources, most quoted first (cut to the requested top).
    pub sources: Vec<Source>,
}

/// Quoted sources per outlet.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SourcesTable {
    /// Outlets by name.
    pub outlets: Vec<OutletSources>,
}

impl SourcesTable {
    /// The sources of one outlet.
    pub fn outlet(&self, name: &str) -> Option<&OutletSources> {
        self.outlets.iter().find(|o| o.outlet == name)
    }

    /// Writes the table as CSV: `outlet,rank,name,count,entity`.
    pub fn to_csv<W: std::io::Write>(&self, w: W) -> csv::Result<()> {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(["outlet", "rank", "name", "count", "entity"])?;
        for o in &self.outlets {
            for (k, s) in o.sources.iter().enumerate() {
                c.write_record([
                    &o.outlet,
                    &(k + 1).to_string(),
                    &s.name,
                    &s.count.to_string(),
                    &s.entity.to_string(),
                ])?;
            }
        }
        c.flush()?;
        Ok(())
    }
}

/// A word of a text with what the quote finder needs.
struct W {
    norm: String,
    start: usize,
    end: usize,
}

/// True when the text between two words holds punctuation that ends a name.
fn breaks(text: &str, from: usize, to: usize) -> bool {
    text[from..to].chars().any(|c| ".,:;!?()[]{}\"«»،؛؟–—".contains(c) || c == '\n')
}

/// The attributions in one text: (normalised key, shown name, is entity).
pub fn quotes_in(text: &str, entities: &[Vec<String>]) -> Vec<(String, String, bool)> {
    let mut words: Vec<W> = Vec::new();
    for_each_word(text, |r, norm| words.push(W { norm: norm.to_owned(), start: r.start, end: r.end }));
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_verb(&words[i].norm) {
            i += 1;
            continue;
        }
        let mut k = i + 1;
        while k < words.len() && SKIP.contains(&words[k].norm) && !breaks(text, words[k - 1].end, words[k].start) {
            k += 1;
        }
        if k >= words.len() || breaks(text, words[k - 1].end, words[k].start) {
            i += 1;
            continue;
        }
        // An entity starting within the lookahead (the longest at the nearest position).
        let mut found: Option<(usize, usize, &str)> = None;
        for s in k..(k + LOOKAHEAD).min(words.len()) {
            if s > k && breaks(text, words[s - 1].end, words[s].start) {
                break;
            }
            let mut best: Option<(usize, &str)> = None;
            for (name, toks) in entities.iter().map(|t| (t[0].as_str(), &t[1..])) {
                if toks.is_empty() || s + toks.len() > words.len() {
                    continue;
                }
                let first_ok = {
                    let w = words[s].norm.as_str();
                    w == toks[0]
                        || ["ل", "و", "ب"].iter().any(|p| w.strip_prefix(p) == Some(toks[0].as_str()))
                        || (toks[0].starts_with("ال") && w.strip_prefix("لل") == Some(&toks[0]["ال".len()..]))
                };
                if first_ok
                    && toks[1..].iter().zip(&words[s + 1..]).all(|(t, w)| *t == w.norm)
                    && best.is_none_or(|(l, _)| toks.len() > l)
                {
                    best = Some((toks.len(), name));
                }
            }
            if let Some((len, name)) = best {
                found = Some((s, len, name));
                break;
            }
        }
        if let Some((s, len, name)) = found {
            out.push((match_key(name), name.to_owned(), true));
            i = s + len;
            continue;
        }
        // Fallback: up to three words, up to punctuation or a function word.
        let mut end = k;
        while end < words.len()
            && end - k < MAX_NAME_WORDS
            && (end == k || !breaks(text, words[end - 1].end, words[end].start))
            && !is_stopword(&words[end].norm)
            && words[end].norm.chars().any(char::is_alphabetic)
            && !is_verb(&words[end].norm)
        {
            end += 1;
        }
        if end > k {
            let mut key: Vec<String> = words[k..end].iter().map(|w| w.norm.clone()).collect();
            let span = &text[words[k].start..words[end - 1].end];
            let shown = match key[0].strip_prefix("لل") {
                // "وفقاً للمصادر" → المصادر: the name without the preposition (ل + ال is لل).
                Some(rest) => {
                    key[0] = format!("ال{rest}");
                    let after = span.char_indices().nth(2).map_or(span.len(), |(i, _)| i);
                    format!("ال{}", &span[after..])
                }
                None => span.to_owned(),
            };
            out.push((key.join(" "), shown, false));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Normalised word lists of an article's person and organisation names: `[name, word, word…]`.
fn entity_words(a: &Article) -> Vec<Vec<String>> {
    a.entities
        .person
        .iter()
        .chain(&a.entities.organization)
        .map(|n| {
            let mut v = vec![n.clone()];
            for_each_word(n, |_, w| v.push(w.to_owned()));
            v
        })
        .filter(|v| v.len() > 1)
        .collect()
}

/// Whom each outlet quotes in a selection, `top` sources per outlet.
pub fn quoted_sources(articles: &[Article], top: usize) -> SourcesTable {
    let mut by_outlet: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
    for a in articles {
        by_outlet.entry(outlet_of(a)).or_default().push(a);
    }
    let groups: Vec<(&str, Vec<&Article>)> = by_outlet.into_iter().collect();
    let outlets = groups
        .par_iter()
        .map(|(outlet, arts)| {
            let mut counts: HashMap<String, (String, u64, bool)> = HashMap::new();
            let mut quotes = 0;
            for a in arts {
                let ents = entity_words(a);
                for (key, shown, entity) in quotes_in(&a.body, &ents) {
                    quotes += 1;
                    let e = counts.entry(key).or_insert((shown, 0, entity));
                    e.1 += 1;
                }
            }
            let mut sources: Vec<Source> =
                counts.into_values().map(|(name, count, entity)| Source { name, count, entity }).collect();
            sources.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            sources.truncate(top);
            OutletSources { outlet: (*outlet).to_owned(), quotes, sources }
        })
        .collect();
    SourcesTable { outlets }
}

/// One outlet's share of the articles naming an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityShare {
    /// `person`, `place` or `organization`.
    pub kind: &'static str,
    /// Canonical entity name.
    pub entity: String,
    /// The outlet.
    pub outlet: String,
    /// The outlet's articles naming the entity.
    pub articles: u64,
    /// `articles` / all articles of the selection naming the entity (0–1).
    pub share: f64,
}

/// Each outlet's share of the mentions of the most mentioned entities.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EntityShareTable {
    /// Rows by kind, then entity (most mentioned first), then outlet (largest share first).
    pub rows: Vec<EntityShare>,
}

impl EntityShareTable {
    /// Writes the table as CSV: `kind,entity,outlet,articles,share`.
    pub fn to_csv<W: std::io::Write>(&self, w: W) -> csv::Result<()> {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(["kind", "entity", "outlet", "articles", "share"])?;
        for r in &self.rows {
            c.write_record([
                r.kind,
                r.entity.as_str(),
                r.outlet.as_str(),
                &r.articles.to_string(),
                &format!("{:.4}", r.share),
            ])?;
        }
        c.flush()?;
        Ok(())
    }
}

/// The names of one entity type of an article.
type NamesOf = fn(&Article) -> &Vec<String>;

/// Outlet shares of the `top` most mentioned entities of each kind (articles naming them).
pub fn entity_shares(articles: &[Article], top: usize) -> EntityShareTable {
    let mut rows = Vec::new();
    let kinds: [(&'static str, NamesOf); 3] = [
        ("person", |a| &a.entities.person),
        ("place", |a| &a.entities.place),
        ("organization", |a| &a.entities.organization),
    ];
    for (kind, get) in kinds {
        let mut per: HashMap<&str, BTreeMap<&str, u64>> = HashMap::new();
        for a in articles {
            let mut seen = HashSet::new();
            for e in get(a) {
                if seen.insert(e.as_str()) {
                    *per.entry(e.as_str()).or_default().entry(outlet_of(a)).or_default() += 1;
                }
            }
        }
        let mut ents: Vec<(&str, u64, BTreeMap<&str, u64>)> =
            per.into_iter().map(|(e, m)| (e, m.values().sum(), m)).collect();
        ents.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        for (e, total, m) in ents.into_iter().take(top) {
            let mut outs: Vec<(&str, u64)> = m.into_iter().collect();
            outs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            for (o, n) in outs {
                rows.push(EntityShare {
                    kind,
                    entity: e.to_owned(),
                    outlet: o.to_owned(),
                    articles: n,
                    share: n as f64 / total as f64,
                });
            }
        }
    }
    EntityShareTable { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, ents: &[&str]) -> Vec<(String, bool)> {
        let ents: Vec<Vec<String>> = ents
            .iter()
            .map(|n| {
                let mut v = vec![(*n).to_owned()];
                for_each_word(n, |_, w| v.push(w.to_owned()));
                v
            })
            .collect();
        quotes_in(text, &ents).into_iter().map(|(_, n, e)| (n, e)).collect()
    }

    #[test]
    fn entities_after_speech_verbs() {
        let t = "وقال وزير الخارجية سامر النجار إن الاتفاق صامد. وأكدت الأمم المتحدة أن الممرات فتحت.";
        assert_eq!(
            names(t, &["سامر النجار", "الأمم المتحدة"]),
            [("سامر النجار".to_owned(), true), ("الأمم المتحدة".to_owned(), true)]
        );
    }

    #[test]
    fn fallback_names_stop_at_punctuation_and_function_words() {
        let t = "وبحسب شهود عيان، خرجت الحافلات. وقال مصدر عسكري إن القصف توقف. وقال إن الوضع هادئ. ووفقاً للمصادر المحلية فإن العدد ارتفع.";
        assert_eq!(
            names(t, &[]),
            [("شهود عيان".to_owned(), false), ("مصدر عسكري".to_owned(), false), ("المصادر المحلية".to_owned(), false),]
        );
    }

    #[test]
    fn ranked_per_outlet_and_entity_shares() {
        let mut a = Article {
            id: "1".into(),
            outlet: Some("أ".into()),
            body: "قال مصدر عسكري إن الهجوم فشل.\nوأكد مصدر عسكري أن القوات تقدمت. وذكرت الوكالة أن الطقس بارد.".into(),
            ..Article::default()
        };
        a.entities.place = vec!["الصخرة".into()];
        let mut b = a.clone();
        b.id = "2".into();
        b.outlet = Some("ب".into());
        let mut c = b.clone();
        c.id = "3".into();
        let t = quoted_sources(&[a.clone(), b, c], 10);
        let s = &t.outlet("أ").unwrap().sources;
        assert_eq!(s[0].name, "مصدر عسكري");
        assert_eq!(s[0].count, 2);
        let sh = entity_shares(&[a.clone(), a.clone(), t_art("ب", "الصخرة")], 5);
        assert_eq!(sh.rows.len(), 2);
        assert_eq!(sh.rows[0].outlet, "أ");
        assert!((sh.rows[0].share - 2.0 / 3.0).abs() < 1e-9);
        let mut csv = Vec::new();
        sh.to_csv(&mut csv).unwrap();
        assert!(String::from_utf8(csv).unwrap().contains("place,الصخرة,ب,1,0.3333"));
    }

    fn t_art(outlet: &str, place: &str) -> Article {
        let mut a = Article { id: outlet.into(), outlet: Some(outlet.into()), ..Article::default() };
        a.entities.place = vec![place.into()];
        a
    }
}
