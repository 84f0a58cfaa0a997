//! Corpus-level rules: what one file cannot tell, the rest of the corpus can.
//!
//! * A line that recurs in many documents of the same outlet (a slogan, a standard disclaimer,
//!   a "follow us" line in a phrasing no rule knows) is boilerplate: at least
//!   [`MIN_DOCS`] documents and [`MIN_SHARE`] of that outlet's documents.
//! * A date given as weekday + day + month without a year gets the year whose calendar has that
//!   weekday on that date, nearest to the outlet's other dates (else the corpus', else the file's
//!   modification time).

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

use super::Article;
use super::dates::Ymd;
use super::record::{Boilerplate, Draft, Item, settle};

/// A line must recur in at least this many documents of one outlet to count as boilerplate.
pub const MIN_DOCS: usize = 5;
/// …and in at least this share of the outlet's documents.
pub const MIN_SHARE: f64 = 0.30;

/// Documents are grouped by outlet, or by folder when the outlet is unknown (a folder of one
/// scrape usually comes from one site).
pub fn group_of(d: &Draft) -> String {
    match &d.article.outlet {
        Some(o) => format!("o:{o}"),
        None => format!("d:{}", d.article.path.rsplit_once('/').map_or("", |(dir, _)| dir)),
    }
}

/// Line statistics for one group: for each paragraph hash, in how many documents it appears.
#[derive(Debug, Default, Clone)]
pub struct GroupStats {
    /// Documents in the group.
    pub docs: usize,
    /// Paragraph hash → number of documents containing it.
    pub counts: HashMap<u32, u32>,
}

impl GroupStats {
    /// Adds one document's paragraph hashes (each counted once per document).
    pub fn add(&mut self, keys: &[u32]) {
        self.docs += 1;
        let mut seen = HashSet::with_capacity(keys.len());
        for &k in keys {
            if k != 0 && seen.insert(k) {
                *self.counts.entry(k).or_default() += 1;
            }
        }
    }

    /// The hashes that are boilerplate in this group.
    pub fn recurring(&self) -> HashSet<u32> {
        let min = MIN_DOCS.max((self.docs as f64 * MIN_SHARE).ceil() as usize) as u32;
        if self.docs < MIN_DOCS {
            return HashSet::new();
        }
        self.counts.iter().filter(|&(_, &c)| c >= min).map(|(&k, _)| k).collect()
    }
}

/// Applies the corpus-level rules and turns drafts into articles, in id order.
pub fn finish(mut drafts: Vec<Draft>) -> Vec<Article> {
    settle_dates(&mut drafts);
    let mut stats: HashMap<String, GroupStats> = HashMap::new();
    for d in &drafts {
        stats.entry(group_of(d)).or_default().add(&d.keys);
    }
    let recurring: HashMap<String, HashSet<u32>> =
        stats.iter().map(|(g, s)| (g.clone(), s.recurring())).filter(|(_, s)| !s.is_empty()).collect();
    let mut out: Vec<Article> = drafts
        .into_par_iter()
        .map(|mut d| {
            if let Some(set) = recurring.get(&group_of(&d)) {
                remove_recurring(&mut d, set);
            }
            let mut a = into_article(d);
            crate::entities::annotate(&mut a, None);
            a
        })
        .collect();
    // People named by family name only join the corpus' most frequent full name.
    let mut family = crate::entities::aliases::FamilyCounts::default();
    for a in &out {
        family.add(&a.entities.person);
    }
    let family = family.map();
    if !family.is_empty() {
        out.par_iter_mut()
            .filter(|a| a.entities.person.iter().any(|p| crate::entities::aliases::joins(p, &family)))
            .for_each(|a| crate::entities::annotate(a, Some(&family)));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Marks paragraphs whose hash is in `set` as recurring boilerplate.
pub fn remove_recurring(d: &mut Draft, set: &HashSet<u32>) {
    for (item, key) in d.items.iter_mut().zip(&d.keys) {
        if set.contains(key) {
            if let Item::Para(text) = item {
                *item = Item::Removed { kind: "recurring".into(), text: std::mem::take(text) };
            }
        }
    }
}

/// Fills `body` and `boilerplate` from the draft's items.
pub fn into_article(d: Draft) -> Article {
    let mut a = d.article;
    let mut body = String::new();
    let mut paras = 0;
    for item in d.items {
        match item {
            Item::Para(p) => {
                if !body.is_empty() {
                    body.push('\n');
                }
                body.push_str(&p);
                paras += 1;
            }
            Item::Removed { kind, text } => a.boilerplate.push(Boilerplate { at: paras, kind, text }),
        }
    }
    a.body = body;
    a
}

/// Dates known per group (outlet, or folder) and over the corpus, for settling yearless dates.
#[derive(Debug, Default, Clone)]
pub struct DateEvidence {
    by_group: HashMap<String, Vec<i64>>,
    all: Vec<i64>,
    /// Every pool is sorted ([`DateEvidence::prepare`]): a median is one index away.
    sorted: bool,
}

impl DateEvidence {
    /// Records a known date (days since the epoch) of an article in `group`.
    pub fn add(&mut self, group: &str, day: i64) {
        self.all.push(day);
        self.by_group.entry(group.to_owned()).or_default().push(day);
        self.sorted = false;
    }

    /// Sorts the evidence once, so that [`DateEvidence::reference`] reads a median without
    /// copying or reordering anything: the indexer shares one evidence between all its threads
    /// (copying it per file was quadratic in the corpus size).
    pub fn prepare(&mut self) {
        self.all.sort_unstable();
        for v in self.by_group.values_mut() {
            v.sort_unstable();
        }
        self.sorted = true;
    }

    /// The reference date for an article: the median of its group's dates, else of the corpus',
    /// else its file's modification time.
    pub fn reference(&self, group: &str, mtime: i64) -> Option<Ymd> {
        let pool = match self.by_group.get(group).filter(|v| !v.is_empty()) {
            Some(p) => p,
            None if !self.all.is_empty() => &self.all,
            None if mtime > 0 => return Some(Ymd::from_days_since_epoch(mtime.div_euclid(86_400))),
            None => return None,
        };
        let mid = pool.len() / 2;
        let m = if self.sorted {
            pool[mid]
        } else {
            let mut copy = pool.clone();
            *copy.select_nth_unstable(mid).1
        };
        Some(Ymd::from_days_since_epoch(m))
    }
}

/// Days since the epoch of an ISO `YYYY-MM-DD` date.
pub fn iso_day(s: &str) -> Option<i64> {
    let mut it = s.split('-');
    Some(Ymd::new(it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?)?.days_since_epoch())
}

/// Settles one draft's yearless date against the evidence.
pub fn settle_one(d: &mut Draft, ev: &DateEvidence) {
    let Some(p) = d.pending.take() else { return };
    let reference = ev.reference(&group_of(d), d.mtime);
    if let Some(date) = reference.and_then(|r| settle(p, r)) {
        d.article.date = Some(date.iso());
        d.article.date_source = Some(p.source);
    }
}

fn settle_dates(drafts: &mut [Draft]) {
    if drafts.iter().all(|d| d.pending.is_none()) {
        return;
    }
    let mut ev = DateEvidence::default();
    for d in drafts.iter() {
        if let Some(day) = d.article.date.as_deref().and_then(iso_day) {
            ev.add(&group_of(d), day);
        }
    }
    ev.prepare();
    for d in drafts.iter_mut() {
        settle_one(d, &ev);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurring_needs_count_and_share() {
        let mut s = GroupStats::default();
        for i in 0..10u32 {
            // Hash 7 in 4 of 10 docs: 40% but only 4 docs → not recurring; hash 9 in all.
            let keys = if i < 4 { vec![7, 9, 100 + i] } else { vec![9, 100 + i] };
            s.add(&keys);
        }
        let r = s.recurring();
        assert!(r.contains(&9));
        assert!(!r.contains(&7));
        assert!(!r.contains(&100));
    }

    #[test]
    fn small_groups_have_no_recurring_lines() {
        let mut s = GroupStats::default();
        for _ in 0..4 {
            s.add(&[1, 2]);
        }
        assert!(s.recurring().is_empty());
    }

    #[test]
    fn reference_prefers_outlet_then_corpus() {
        let mut ev = DateEvidence::default();
        ev.add("o:أ", iso_day("2016-12-01").unwrap());
        ev.add("o:أ", iso_day("2016-12-03").unwrap());
        ev.add("o:ب", iso_day("2010-01-01").unwrap());
        ev.add("o:ب", iso_day("2010-01-02").unwrap());
        ev.add("o:ب", iso_day("2010-01-03").unwrap());
        assert_eq!(ev.reference("o:أ", 0).unwrap().year, 2016);
        assert_eq!(ev.reference("o:ج", 0).unwrap().year, 2010, "corpus median");
        let empty = DateEvidence::default();
        assert_eq!(empty.reference("o:ج", 86_400 * 365).unwrap().year, 1971, "file mtime");
    }

    #[test]
    fn prepared_evidence_gives_the_same_medians() {
        let mut ev = DateEvidence::default();
        for d in ["2016-12-09", "2016-12-01", "2016-12-05", "2016-11-30", "2016-12-07"] {
            ev.add("o:أ", iso_day(d).unwrap());
        }
        ev.add("o:ب", iso_day("2010-01-01").unwrap());
        let before = (ev.reference("o:أ", 0), ev.reference("o:ج", 0));
        ev.prepare();
        assert_eq!((ev.reference("o:أ", 0), ev.reference("o:ج", 0)), before);
        assert_eq!(before.0.unwrap().iso(), "2016-12-05");
    }
}
