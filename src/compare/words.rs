//! Characteristic words: which words each outlet uses more than the other outlets.
//!
//! Raw frequency differences are dominated by common words, and plain log-odds by rare ones. The
//! log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin'
//! Words") shrinks both: the prior for word *w* is the selection's own frequency of *w* scaled to a
//! total α0, and each word's log-odds difference is divided by its standard error, so the ranking
//! is by z-score:
//!
//! ```text
//! a_w   = α0 · y_w / n                       (y_w: count of w in the selection, n: all words)
//! δ_w   = ln((y_i + a_w) / (n_i + α0 − y_i − a_w)) − ln((y_j + a_w) / (n_j + α0 − y_j − a_w))
//! σ²_w ≈ 1/(y_i + a_w) + 1/(y_j + a_w)
//! z_w   = δ_w / σ_w
//! ```
//!
//! with *i* one outlet and *j* all the other outlets of the selection. Words are normalised
//! tokens minus stopwords and bare numbers, optionally light-stemmed.

use rayon::prelude::*;
use serde::Serialize;

use super::{WordMap, for_each_word, is_content_word, outlet_of, word_hash};
use crate::corpus::Article;

/// Settings of the characteristic-word ranking.
#[derive(Clone, Debug)]
pub struct WordOptions {
    /// Total weight α0 of the informative prior.
    pub alpha0: f64,
    /// A word must occur at least this often in an outlet to be ranked for it.
    pub min_count: u64,
    /// Words kept per outlet.
    pub top: usize,
    /// Rank light-stemmed words (والحكومة and الحكومة together) instead of normalised words.
    pub stem: bool,
}

impl Default for WordOptions {
    fn default() -> Self {
        WordOptions { alpha0: 1000.0, min_count: 3, top: 20, stem: false }
    }
}

/// One characteristic word of an outlet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CharWord {
    /// The word as first written in the outlet's articles (without diacritics), or its stem.
    pub word: String,
    /// z-score of the log-odds difference (higher = more characteristic of this outlet).
    pub z: f64,
    /// The log-odds difference δ.
    pub delta: f64,
    /// Occurrences in this outlet's articles.
    pub count: u64,
    /// Occurrences in the other outlets' articles.
    pub other_count: u64,
}

/// The characteristic words of one outlet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletWords {
    /// The outlet.
    pub outlet: String,
    /// Its articles in the selection.
    pub articles: usize,
    /// Its counted words in the selection.
    pub tokens: u64,
    /// Words by decreasing z (only positive z: words it uses more than the others).
    pub words: Vec<CharWord>,
}

/// Characteristic words of every outlet of a selection against the others.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WordsTable {
    /// Outlets by name.
    pub outlets: Vec<OutletWords>,
}

impl WordsTable {
    /// The words of one outlet.
    pub fn outlet(&self, name: &str) -> Option<&OutletWords> {
        self.outlets.iter().find(|o| o.outlet == name)
    }

    /// Writes the table as CSV: `outlet,rank,word,z,delta,count,other_count`.
    pub fn to_csv<W: std::io::Write>(&self, w: W) -> csv::Result<()> {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(["outlet", "rank", "word", "z", "delta", "count", "other_count"])?;
        for o in &self.outlets {
            for (k, x) in o.words.iter().enumerate() {
                c.write_record([
                    o.outlet.clone(),
                    (k + 1).to_string(),
                    x.word.clone(),
                    format!("{:.3}", x.z),
                    format!("{:.4}", x.delta),
                    x.count.to_string(),
                    x.other_count.to_string(),
                ])?;
            }
        }
        c.flush()?;
        Ok(())
    }
}

/// Word counts of one outlet.
#[derive(Default)]
struct Counts {
    articles: usize,
    tokens: u64,
    counts: WordMap<u64>,
    names: WordMap<String>,
}

fn count_outlet(articles: &[&Article], stem: bool) -> Counts {
    let mut c = Counts { articles: articles.len(), ..Counts::default() };
    let mut s = String::new();
    for a in articles {
        for text in [a.title.as_str(), a.body.as_str()] {
            for_each_word(text, |r, norm| {
                if !is_content_word(norm) {
                    return;
                }
                let w: &str = if stem {
                    crate::index::analyzer::stem_into(norm, &mut s);
                    &s
                } else {
                    norm
                };
                let h = word_hash(w);
                c.tokens += 1;
                let n = c.counts.entry(h).or_insert(0);
                if *n == 0 {
                    // Shown as first written (hamza and ta marbuta kept), without diacritics.
                    let shown = if stem { w.to_owned() } else { without_marks(&text[r]) };
                    c.names.insert(h, shown);
                }
                *n += 1;
            });
        }
    }
    c
}

/// A word as written, minus the marks normalisation drops (diacritics, tatweel).
fn without_marks(w: &str) -> String {
    w.chars().filter(|&c| !matches!(crate::arabic::fold_char(c), crate::arabic::Fold::Drop)).collect()
}

/// The log-odds z-score of a word: `yi` of `ni` words in one group, `yj` of `nj` in the other,
/// prior count `aw` of total `a0` (see the module documentation). Returns (δ, z).
pub fn log_odds_z(yi: f64, ni: f64, yj: f64, nj: f64, aw: f64, a0: f64) -> (f64, f64) {
    let delta = ((yi + aw) / (ni + a0 - yi - aw)).ln() - ((yj + aw) / (nj + a0 - yj - aw)).ln();
    let var = 1.0 / (yi + aw) + 1.0 / (yj + aw);
    (delta, delta / var.sqrt())
}

/// Ranks each outlet's words against the other outlets of the selection. An outlet alone in the
/// selection has nothing to be compared with and gets no words.
pub fn characteristic_words(articles: &[Article], opts: &WordOptions) -> WordsTable {
    let mut by_outlet: std::collections::BTreeMap<&str, Vec<&Article>> = Default::default();
    for a in articles {
        by_outlet.entry(outlet_of(a)).or_default().push(a);
    }
    let groups: Vec<(&str, Vec<&Article>)> = by_outlet.into_iter().collect();
    let counts: Vec<Counts> = groups.par_iter().map(|(_, arts)| count_outlet(arts, opts.stem)).collect();
    let mut total: WordMap<u64> = WordMap::default();
    for c in &counts {
        for (&h, &n) in &c.counts {
            *total.entry(h).or_insert(0) += n;
        }
    }
    let n: u64 = counts.iter().map(|c| c.tokens).sum();
    let a0 = opts.alpha0;
    let outlets = groups
        .par_iter()
        .zip(counts.par_iter())
        .map(|((name, _), c)| {
            let mut words = Vec::new();
            if c.tokens < n {
                let (ni, nj) = (c.tokens as f64, (n - c.tokens) as f64);
                for (&h, &yi) in &c.counts {
                    if yi < opts.min_count {
                        continue;
                    }
                    let yw = total[&h];
                    let aw = a0 * yw as f64 / n as f64;
                    let yj = yw - yi;
                    let (delta, z) = log_odds_z(yi as f64, ni, yj as f64, nj, aw, a0);
                    if z > 0.0 {
                        words.push(CharWord { word: c.names[&h].clone(), z, delta, count: yi, other_count: yj });
                    }
                }
                words.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.word.cmp(&b.word)));
                words.truncate(opts.top);
            }
            OutletWords { outlet: (*name).to_owned(), articles: c.articles, tokens: c.tokens, words }
        })
        .collect();
    WordsTable { outlets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_odds_sign_and_ordering() {
        // Same rate on both sides: zero.
        let (d, z) = log_odds_z(10.0, 1000.0, 10.0, 1000.0, 1.0, 100.0);
        assert!(d.abs() < 1e-12 && z.abs() < 1e-12);
        // Used more by i: positive; used less: negative.
        assert!(log_odds_z(30.0, 1000.0, 10.0, 1000.0, 2.0, 100.0).1 > 0.0);
        assert!(log_odds_z(10.0, 1000.0, 30.0, 1000.0, 2.0, 100.0).1 < 0.0);
        // The same ratio with more evidence gives a larger z.
        let small = log_odds_z(6.0, 1000.0, 2.0, 1000.0, 0.5, 100.0).1;
        let large = log_odds_z(60.0, 10000.0, 20.0, 10000.0, 5.0, 100.0).1;
        assert!(large > small, "{large} > {small}");
    }

    fn art(outlet: &str, body: &str) -> Article {
        Article {
            id: format!("{outlet}-{}", body.len()),
            outlet: Some(outlet.into()),
            body: body.into(),
            ..Article::default()
        }
    }

    #[test]
    fn an_outlets_own_term_ranks_first_for_it() {
        let v = vec![
            art("أ", "هاجم الإرهابيون القرية وقصف الجيش مواقع الإرهابيين في الريف"),
            art("أ", "فر الإرهابيون من المدينة بعد اشتباكات مع الجيش في الريف"),
            art("ب", "هاجم الثوار القرية وقصف الجيش مواقع الثوار في الريف"),
            art("ب", "انسحب الثوار من المدينة بعد اشتباكات مع الجيش في الريف"),
        ];
        let t = characteristic_words(&v, &WordOptions { min_count: 2, stem: true, ..WordOptions::default() });
        let a = t.outlet("أ").unwrap();
        let b = t.outlet("ب").unwrap();
        assert_eq!(a.words[0].word, "ارهاب", "{a:?}");
        assert_eq!(a.words[0].count, 3);
        assert_eq!(b.words[0].word, "ثوار", "{b:?}");
        // Shared words are not characteristic of either.
        assert!(a.words.iter().all(|w| w.word != "جيش"));
        let mut csv = Vec::new();
        t.to_csv(&mut csv).unwrap();
        assert!(String::from_utf8(csv).unwrap().starts_with("outlet,rank,word,z,delta,count,other_count\n"));
        // One outlet alone: nothing to compare with.
        let one = characteristic_words(&v[..2], &WordOptions::default());
        assert!(one.outlets[0].words.is_empty());
    }
}
