//! The index schema: which article fields are searchable, sortable, facetable and stored.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::analyzer::{EXACT, STEM};

/// Bumped whenever the schema, the analysers or what the reader and recogniser make of a file
/// change: an index of another version is rebuilt.
pub const FORMAT_VERSION: u32 = 6;

/// A fingerprint of everything that decides what an article record is (Marsad's version, the
/// built-in and user rules, gazetteers and stopwords): when it changes, records may differ, so
/// the index is rebuilt rather than mixing old and new records.
pub fn rules_fingerprint() -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&FORMAT_VERSION.to_le_bytes());
    for text in
        [crate::corpus::outlets::BUILTIN_TSV, crate::corpus::rules::BUILTIN_TOML, super::analyzer::STOPWORDS_TXT]
    {
        h.update(text.as_bytes());
    }
    crate::entities::fingerprint(&mut h);
    if let Some(dir) = crate::config_dir() {
        for name in ["outlets.tsv", "boilerplate.toml"] {
            if let Ok(bytes) = std::fs::read(dir.join(name)) {
                h.update(&bytes);
            }
        }
    }
    h.digest()
}

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// Article id (relative path, `#N` for multi-article files).
    pub id: Field,
    /// Source file path relative to the corpus root: the key for deleting a file's articles.
    pub path: Field,
    /// Title, exact analyser, with positions (phrases), stored.
    pub title: Field,
    /// Title, stemmed analyser.
    pub title_stem: Field,
    /// Body, exact analyser, with positions (phrases, KWIC).
    pub body: Field,
    /// Body, stemmed analyser.
    pub body_stem: Field,
    /// Canonical outlet name (exact string; fast field for sorting and counting).
    pub outlet: Field,
    /// Hierarchical facets: `/outlet/…`, `/person/…`, `/place/…`, `/org/…`.
    pub facets: Field,
    /// Publication day as days since 1970-01-01 (range queries, sorting, histograms).
    pub day: Field,
    /// Body length in characters.
    pub length: Field,
    /// Small stored facts about the record ([`StoredMeta`] as JSON). The body itself is not
    /// stored: the reader and snippets re-read it from the corpus file, which keeps the index
    /// small (the corpus is on disk anyway, and an update re-indexes a changed file).
    pub meta: Field,
}

impl Fields {
    /// Builds the schema and its field handles.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text = |tokenizer: &str, positions: bool| {
            let rec = if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
            TextOptions::default()
                .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(rec))
        };
        let fields = Fields {
            id: b.add_text_field("id", STRING | STORED),
            path: b.add_text_field("path", STRING | STORED),
            title: b.add_text_field("title", text(EXACT, true) | STORED),
            title_stem: b.add_text_field("title_stem", text(STEM, false)),
            body: b.add_text_field("body", text(EXACT, true)),
            body_stem: b.add_text_field("body_stem", text(STEM, false)),
            outlet: b.add_text_field("outlet", STRING | STORED | FAST),
            facets: b.add_facet_field("facets", FacetOptions::default()),
            day: b.add_i64_field("day", INDEXED | STORED | FAST),
            length: b.add_u64_field("length", STORED | FAST),
            meta: b.add_text_field("meta", STORED),
        };
        (b.build(), fields)
    }

    /// Field handles of an existing index's schema (same names as [`Fields::build`]).
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |n: &str| schema.get_field(n);
        Ok(Fields {
            id: f("id")?,
            path: f("path")?,
            title: f("title")?,
            title_stem: f("title_stem")?,
            body: f("body")?,
            body_stem: f("body_stem")?,
            outlet: f("outlet")?,
            facets: f("facets")?,
            day: f("day")?,
            length: f("length")?,
            meta: f("meta")?,
        })
    }
}

/// Days since 1970-01-01 of an ISO date, the representation of the `day` field.
pub fn iso_to_day(iso: &str) -> Option<i64> {
    let mut it = iso.split('-');
    let d =
        crate::corpus::dates::Ymd::new(it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?)?;
    Some(d.days_since_epoch())
}

/// The ISO date of a `day` value.
pub fn day_to_iso(day: i64) -> String {
    crate::corpus::dates::Ymd::from_days_since_epoch(day).iso()
}

/// What the index stores about an article besides id, path, title and outlet: how its outlet and
/// date were found (the date as settled with the corpus evidence at indexing time), and the
/// entities it names (as recognised with the corpus' family names at indexing time), so opening,
/// exporting or comparing articles never runs the recogniser again.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct StoredMeta {
    /// The title was derived from the first sentence.
    #[serde(default)]
    pub title_derived: bool,
    /// How the outlet was found.
    #[serde(default)]
    pub outlet_source: Option<crate::corpus::OutletSource>,
    /// ISO date.
    #[serde(default)]
    pub date: Option<String>,
    /// How the date was found.
    #[serde(default)]
    pub date_source: Option<crate::corpus::DateSource>,
    /// The entities the article names (the same names as its entity facets).
    #[serde(default)]
    pub entities: crate::entities::Entities,
}
