//! Comparing outlets: how different outlets cover the same events.
//!
//! Media researchers ask "who reported this first, who copied whom, and which words did each
//! outlet choose for the same actors?". This module answers on a selection of articles (a story,
//! the hits of a query, the whole corpus), with no GUI types, so the command line, the tests and
//! the app's compare pane share one implementation:
//!
//! * [`stories`]: articles about the same event across outlets (MinHash + LSH over word shingles,
//!   TF-IDF cosine over title and lead, a date window, union-find);
//! * [`passages`]: runs of ≥ 8 words two articles share, as byte ranges in each original body, and
//!   who published a shared text first;
//! * [`words`]: each outlet's characteristic words against the others (log-odds ratio with an
//!   informative Dirichlet prior, "Fightin' Words");
//! * [`framing`]: how often each outlet uses each term of an editable lexicon of term groups that
//!   name the same actors differently (`assets/framing.toml`);
//! * [`sources`]: whom each outlet quotes (speech verbs followed by a name) and each outlet's
//!   share of the mentions of an entity;
//! * [`timeline`]: articles per day or week per outlet.
//!
//! Every table has a `to_csv` writer. Words are compared in their [`crate::arabic`] normal form,
//! the single definition of "the same word" in Marsad.

pub mod framing;
pub mod passages;
pub mod sources;
pub mod stories;
pub mod timeline;
pub mod words;

use std::ops::Range;

use serde::Serialize;

use crate::arabic::{Fold, fold_char};
use crate::corpus::Article;
use crate::corpus::dates::Ymd;
use crate::index::analyzer::{MAX_TOKEN_CHARS, next_word};

/// The outlet name used for articles whose outlet is unknown, so they still count as a column of
/// every table instead of silently disappearing.
pub const UNKNOWN_OUTLET: &str = "(unknown)";

/// The outlet of an article as the tables show it.
pub fn outlet_of(a: &Article) -> &str {
    a.outlet.as_deref().filter(|o| !o.is_empty()).unwrap_or(UNKNOWN_OUTLET)
}

/// Days since 1970-01-01 of an ISO `YYYY-MM-DD` date, so date windows are plain integer
/// comparisons; `None` for a missing or malformed date.
pub fn day_of(iso: Option<&str>) -> Option<i64> {
    let s = iso?;
    let mut it = s.get(..10)?.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Ymd::new(y, m, d).map(|ymd| ymd.days_since_epoch())
}

/// The ISO date of a day number (inverse of [`day_of`]).
pub fn iso_of(day: i64) -> String {
    Ymd::from_days_since_epoch(day).iso()
}

/// Calls `f(byte range in text, normalised word)` for every word of `text`, with the same word
/// boundaries and normalisation as the search index (so comparison and search agree on words).
/// Words that normalise to nothing or are longer than the index's limit are skipped.
pub fn for_each_word(text: &str, mut f: impl FnMut(Range<usize>, &str)) {
    let mut pos = 0;
    let mut buf = String::new();
    while let Some((from, to)) = next_word(text, &mut pos) {
        buf.clear();
        let mut n = 0;
        for c in text[from..to].chars() {
            if let Fold::Keep(k) | Fold::Map(k) = fold_char(c) {
                buf.push(k);
                n += 1;
            }
        }
        if n == 0 || n > MAX_TOKEN_CHARS {
            continue;
        }
        f(from..to, &buf);
    }
}

/// A 64-bit hash of a normalised word: the comparison's word id (no shared interner, so articles
/// are analysed in parallel without locks).
#[inline]
pub fn word_hash(norm: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(norm.as_bytes())
}

/// A hasher for keys that already are good 64-bit hashes (word hashes): counting maps skip
/// hashing them again, which halves the cost of counting words on large selections.
#[derive(Clone, Copy, Debug, Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by word hashes.
pub type WordMap<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<IdHasher>>;

/// True for words worth counting as content: not a stopword, at least two characters, and with a
/// letter in it (bare numbers say little about an outlet's vocabulary).
pub fn is_content_word(norm: &str) -> bool {
    norm.chars().nth(1).is_some() && norm.chars().any(char::is_alphabetic) && !crate::index::analyzer::is_stopword(norm)
}

/// What [`compare`] computes and how much of it.
#[derive(Clone, Debug)]
pub struct CompareOptions {
    /// Rows per outlet in the ranked tables (characteristic words, quoted sources).
    pub top: usize,
    /// Story clustering settings.
    pub stories: stories::StoryOptions,
    /// Characteristic-word settings.
    pub words: words::WordOptions,
    /// Timeline bucket.
    pub bucket: timeline::Bucket,
    /// Only stories with at least this many outlets are reported (1 = every multi-article story).
    pub min_story_outlets: usize,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            top: 20,
            stories: stories::StoryOptions::default(),
            words: words::WordOptions::default(),
            bucket: timeline::Bucket::Day,
            min_story_outlets: 2,
        }
    }
}

/// One story with who published its shared text first.
#[derive(Clone, Debug, Serialize)]
pub struct StoryReport {
    /// The story.
    #[serde(flatten)]
    pub story: stories::Story,
    /// Who published first and who repeated it.
    pub first_published: Option<passages::FirstPublished>,
}

/// Stories of a selection with who published first: the stories table.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StoryTable {
    /// Stories, most outlets first.
    pub stories: Vec<StoryReport>,
}

impl StoryTable {
    /// Writes the table as CSV, one row per member article: `story,label,article,outlet,date,
    /// first_outlet,first_date,first_id` (story numbers from 1, in table order).
    pub fn to_csv<W: std::io::Write>(&self, articles: &[Article], w: W) -> csv::Result<()> {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(["story", "label", "article", "outlet", "date", "first_outlet", "first_date", "first_id"])?;
        for (k, r) in self.stories.iter().enumerate() {
            let f = r.first_published.as_ref();
            for &i in &r.story.members {
                let a = &articles[i];
                c.write_record([
                    (k + 1).to_string().as_str(),
                    r.story.label.as_str(),
                    a.id.as_str(),
                    outlet_of(a),
                    a.date.as_deref().unwrap_or(""),
                    f.map_or("", |f| f.outlet.as_str()),
                    f.and_then(|f| f.date.as_deref()).unwrap_or(""),
                    f.map_or("", |f| f.id.as_str()),
                ])?;
            }
        }
        c.flush()?;
        Ok(())
    }
}

/// Everything the comparison of a selection found: what `marsad compare` prints and the app's
/// compare pane shows.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// Stories covered by several articles, most outlets first.
    pub stories: StoryTable,
    /// Characteristic words per outlet.
    pub characteristic_words: words::WordsTable,
    /// Framing-lexicon counts per outlet.
    pub framing: framing::FramingTable,
    /// Quoted sources per outlet.
    pub sources: sources::SourcesTable,
    /// Each outlet's share of the mentions of each entity.
    pub entity_shares: sources::EntityShareTable,
    /// Articles per day (or week) per outlet.
    pub timeline: timeline::TimelineTable,
}

/// Compares the outlets of a selection of articles: stories (with who published first),
/// characteristic words, framing counts, quoted sources, entity shares and the timeline.
pub fn compare(articles: &[Article], lexicon: &framing::Lexicon, opts: &CompareOptions) -> Comparison {
    let found = stories::cluster(articles, &opts.stories);
    let stories: Vec<StoryReport> = found
        .into_iter()
        .filter(|s| s.outlets.len() >= opts.min_story_outlets.max(1))
        .map(|story| {
            let members: Vec<&Article> = story.members.iter().map(|&i| &articles[i]).collect();
            let first_published = passages::first_published(&members, passages::MIN_WORDS);
            StoryReport { story, first_published }
        })
        .collect();
    Comparison { stories: StoryTable { stories }, ..tables(articles, lexicon, opts) }
}

/// [`compare`] without the stories: the per-outlet tables of a selection that is already one
/// story (the app's open story), so it is not clustered again.
pub fn tables(articles: &[Article], lexicon: &framing::Lexicon, opts: &CompareOptions) -> Comparison {
    Comparison {
        stories: StoryTable::default(),
        characteristic_words: words::characteristic_words(articles, &opts.words),
        framing: framing::count(articles, lexicon),
        sources: sources::quoted_sources(articles, opts.top),
        entity_shares: sources::entity_shares(articles, opts.top),
        timeline: timeline::timeline(articles, opts.bucket),
    }
}

impl Comparison {
    /// Writes every table as a CSV file in `dir` (created if needed): `stories.csv`, `words.csv`,
    /// `framing.csv`, `sources.csv`, `entities.csv`, `timeline.csv`. Each file is written under a
    /// temporary name and renamed when complete, so an interrupted write leaves the previous file.
    /// Returns the files written.
    pub fn write_csv_dir(
        &self,
        dir: &std::path::Path,
        articles: &[Article],
    ) -> Result<Vec<std::path::PathBuf>, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
        type Writer<'a> = Box<dyn Fn(&mut dyn std::io::Write) -> csv::Result<()> + 'a>;
        let tables: [(&str, Writer<'_>); 6] = [
            ("stories.csv", Box::new(|w| self.stories.to_csv(articles, w))),
            ("words.csv", Box::new(|w| self.characteristic_words.to_csv(w))),
            ("framing.csv", Box::new(|w| self.framing.to_csv(w))),
            ("sources.csv", Box::new(|w| self.sources.to_csv(w))),
            ("entities.csv", Box::new(|w| self.entity_shares.to_csv(w))),
            ("timeline.csv", Box::new(|w| self.timeline.to_csv(w))),
        ];
        let mut written = Vec::new();
        for (name, write) in tables {
            let path = dir.join(name);
            let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
            let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
            let mut out = std::io::BufWriter::new(tmp);
            write(&mut out).map_err(|e| fail(&e))?;
            let tmp = out.into_inner().map_err(|e| fail(&e.error()))?;
            tmp.as_file().sync_all().map_err(|e| fail(&e))?;
            tmp.persist(&path).map_err(|e| fail(&e.error))?;
            written.push(path);
        }
        Ok(written)
    }

    /// The comparison as one JSON object with the keys `stories`, `characteristic_words`,
    /// `framing`, `sources`, `timeline` (and `entity_shares`): the stable shape of
    /// `marsad compare --json`. Ranked tables are cut to `top` rows per outlet.
    pub fn to_json(&self, articles: &[Article], top: usize) -> serde_json::Value {
        use serde_json::{Map, Value, json};
        let stories: Vec<Value> = self
            .stories
            .stories
            .iter()
            .map(|r| {
                let s = &r.story;
                json!({
                    "label": s.label,
                    "articles": s.members.iter().map(|&i| articles[i].id.as_str()).collect::<Vec<_>>(),
                    "outlets": s.outlets,
                    "first_date": s.first_date,
                    "last_date": s.last_date,
                    "first_published": r.first_published.as_ref().map(|f| json!({
                        "outlet": f.outlet, "date": f.date, "id": f.id, "shared_text": f.shared_text,
                        "repeated_by": f.repeated_by.iter().map(|x| json!({
                            "outlet": x.outlet, "date": x.date, "id": x.id, "words": x.words,
                        })).collect::<Vec<_>>(),
                    })),
                })
            })
            .collect();
        let mut words = Map::new();
        for o in &self.characteristic_words.outlets {
            let list: Vec<Value> =
                o.words.iter().take(top).map(|w| json!({"word": w.word, "z": w.z, "count": w.count})).collect();
            words.insert(o.outlet.clone(), Value::Array(list));
        }
        let framing: Vec<Value> = self
            .framing
            .rows
            .iter()
            .map(|r| json!({"group": r.group, "term": r.term, "outlet": r.outlet, "count": r.count, "per_1000": r.per_1000}))
            .collect();
        let mut sources = Map::new();
        for o in &self.sources.outlets {
            let list: Vec<Value> =
                o.sources.iter().take(top).map(|s| json!({"name": s.name, "count": s.count})).collect();
            sources.insert(o.outlet.clone(), Value::Array(list));
        }
        let timeline: Vec<Value> =
            self.timeline.rows.iter().map(|r| json!({"outlet": r.outlet, "date": r.date, "count": r.count})).collect();
        let shares: Vec<Value> = self
            .entity_shares
            .rows
            .iter()
            .map(|r| json!({"kind": r.kind, "entity": r.entity, "outlet": r.outlet, "articles": r.articles, "share": r.share}))
            .collect();
        json!({
            "stories": stories,
            "characteristic_words": words,
            "framing": framing,
            "sources": sources,
            "timeline": timeline,
            "entity_shares": shares,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        let d = day_of(Some("2026-03-12")).unwrap();
        assert_eq!(iso_of(d), "2026-03-12");
        assert_eq!(day_of(Some("2026-03-15")).unwrap() - d, 3);
        assert_eq!(day_of(Some("2026-13-01")), None);
        assert_eq!(day_of(None), None);
    }

    #[test]
    fn words_are_normalised_with_original_ranges() {
        let text = "قالَ الوزيرُ: إيران ٢٠١٦";
        let mut v = Vec::new();
        for_each_word(text, |r, w| v.push((text[r].to_owned(), w.to_owned())));
        assert_eq!(v[0], ("قالَ".to_owned(), "قال".to_owned()));
        assert_eq!(v[2], ("إيران".to_owned(), "ايران".to_owned()));
        assert_eq!(v[3].1, "2016");
        assert!(is_content_word("ايران"));
        assert!(!is_content_word("في"));
        assert!(!is_content_word("2016"));
    }
}
