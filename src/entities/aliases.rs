//! Alias merging: "لافروف" alone is the "سيرغي لافروف" the article (or the corpus) named in full.
//!
//! Gazetteer aliases are merged by the gazetteer itself; this handles people only the rules
//! found. A one-word person mention joins a longer name of the same article that ends with that
//! word; failing that, the corpus' most frequent such full name ([`FamilyMap`], built while
//! indexing). A lone first name never joins: "محمد" alone is somebody's first name, not the
//! family name of "إسماعيل محمد" (joined, it made one byline author the person of every
//! article naming a محمد).

use std::collections::{HashMap, HashSet};

use super::{ArticleMentions, Kind, Mention, Source};
use crate::arabic::match_key;

/// The corpus' most frequent full name per family name (normalised last word → full name).
pub type FamilyMap = HashMap<String, String>;

/// Counts full names per family name over many articles, to build a [`FamilyMap`].
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct FamilyCounts {
    counts: HashMap<String, HashMap<String, u32>>,
}

impl FamilyCounts {
    /// Counts the multi-word person names of one article.
    pub fn add(&mut self, people: &[String]) {
        for full in people {
            if let Some(last) = family_key(full) {
                *self.counts.entry(last).or_default().entry(full.clone()).or_default() += 1;
            }
        }
    }

    /// The most frequent full name per family name (ties: the alphabetically first).
    pub fn map(&self) -> FamilyMap {
        self.counts
            .iter()
            .filter_map(|(k, names)| {
                names.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(n, _)| (k.clone(), n.clone()))
            })
            .collect()
    }
}

/// True when a one-word person name would join a full name of `family`.
pub fn joins(name: &str, family: &FamilyMap) -> bool {
    let key = match_key(name);
    !key.contains(' ') && family.contains_key(&key) && !super::current().first_names.contains(&key)
}

/// The normalised last word of a multi-word name.
fn family_key(full: &str) -> Option<String> {
    let key = match_key(full);
    let mut words = key.split(' ');
    let first = words.next()?;
    let last = words.next_back()?;
    (last != first && last.chars().count() >= 3).then(|| last.to_owned())
}

/// Joins one-word person mentions to the full names they abbreviate; `first_names` (normalised)
/// never join.
pub fn merge(m: &mut ArticleMentions, family: Option<&FamilyMap>, first_names: &HashSet<String>) {
    let mut full: HashMap<String, String> = HashMap::new();
    for x in m.title.iter().chain(&m.body).filter(|x| x.kind == Kind::Person) {
        if let Some(last) = family_key(&x.name) {
            full.entry(last).or_insert_with(|| x.name.clone());
        }
    }
    let fix = |x: &mut Mention| {
        if x.kind != Kind::Person || x.source == Source::Gazetteer {
            return;
        }
        let key = match_key(&x.name);
        if key.contains(' ') || first_names.contains(&key) {
            return;
        }
        if let Some(n) = full.get(&key).or_else(|| family.and_then(|f| f.get(&key))) {
            x.name = n.clone();
            x.source = Source::Alias;
        }
    };
    m.title.iter_mut().for_each(fix);
    m.body.iter_mut().for_each(fix);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> Mention {
        Mention { range: 0..1, kind: Kind::Person, name: name.into(), source: Source::Rule("title") }
    }

    #[test]
    fn family_name_joins_the_full_name_of_the_article() {
        let mut m = ArticleMentions {
            title: vec![person("كوزاك")],
            body: vec![person("ديمتري كوزاك"), person("كوزاك")],
        };
        merge(&mut m, None, &HashSet::new());
        assert_eq!(m.title[0].name, "ديمتري كوزاك");
        assert_eq!(m.body[1].name, "ديمتري كوزاك");
        assert_eq!(m.body[1].source, Source::Alias);
    }

    #[test]
    fn otherwise_the_corpus_most_frequent_full_name() {
        let mut c = FamilyCounts::default();
        c.add(&["سامي كوزاك".into()]);
        c.add(&["ديمتري كوزاك".into()]);
        c.add(&["ديمتري كوزاك".into()]);
        let map = c.map();
        let mut m = ArticleMentions { title: vec![], body: vec![person("كوزاك")] };
        merge(&mut m, Some(&map), &HashSet::new());
        assert_eq!(m.body[0].name, "ديمتري كوزاك");
    }

    #[test]
    fn a_lone_first_name_joins_nobody() {
        let mut c = FamilyCounts::default();
        c.add(&["إسماعيل محمد".into()]);
        let map = c.map();
        let firsts: HashSet<String> = ["محمد".to_owned()].into();
        let mut m =
            ArticleMentions { title: vec![], body: vec![person("إسماعيل محمد"), person("محمد")] };
        merge(&mut m, Some(&map), &firsts);
        assert_eq!(m.body[1].name, "محمد");
        // The real first-name list has it.
        assert!(crate::entities::current().first_names.contains("محمد"));
        assert!(!joins("محمد", &map));
    }
}
