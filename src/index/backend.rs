//! The search interface every part of Marsad reads through: the app's worker, exports and the
//! comparison of outlets ask a [`SearchBackend`], never tantivy itself.
//!
//! Marsad's own backend is [`CorpusIndex`], a tantivy index of one folder on this machine. A
//! newsroom with tens of millions of articles would put the same records into a search cluster
//! (see ARCHITECTURE.md, "Beyond one machine"); that backend is a new module implementing this
//! trait, and the app, the exports and the comparison work on it unchanged. The trait covers
//! reading and searching; indexing a folder is [`CorpusIndex::update`], which a cluster backend
//! replaces by its own ingestion.

use std::ops::Range;

use super::{CorpusIndex, IndexError, KwicRow, SearchRequest, SearchResults};
use crate::corpus::Article;
use crate::entities::Kind;

/// Searching and reading a corpus, whatever holds it.
pub trait SearchBackend: Send + Sync {
    /// Articles searchable now.
    fn num_articles(&self) -> u64;

    /// One page of hits with their total, facets and snippets.
    fn search(&self, req: &SearchRequest) -> Result<SearchResults, IndexError>;

    /// The ids of every hit, in the request's order (tick all, export a whole query).
    fn hit_ids(&self, req: &SearchRequest) -> Result<Vec<String>, IndexError>;

    /// The whole records of the best `max` hits, and the number of hits; `progress(done, total)`
    /// may stop the loading by returning `false`.
    fn hit_articles(
        &self,
        req: &SearchRequest,
        max: usize,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<(Vec<Article>, usize), IndexError>;

    /// One whole record by id (`None`: not in the corpus).
    fn article(&self, id: &str) -> Result<Option<Article>, IndexError>;

    /// Byte ranges of a query's words in a text (the reader's highlights).
    fn highlights(&self, query: &str, stemming: bool, text: &str) -> Vec<Range<usize>>;

    /// A concordance of a query over its best `max_docs` hits, `width` characters each side.
    fn kwic(&self, req: &SearchRequest, max_docs: usize, width: usize) -> Result<Vec<KwicRow>, IndexError>;

    /// The most named entities of a type over the whole corpus, with article counts.
    fn entity_counts(&self, kind: Kind, limit: usize) -> Result<Vec<(String, u64)>, IndexError>;
}

impl SearchBackend for CorpusIndex {
    fn num_articles(&self) -> u64 {
        CorpusIndex::num_articles(self)
    }

    fn search(&self, req: &SearchRequest) -> Result<SearchResults, IndexError> {
        CorpusIndex::search(self, req)
    }

    fn hit_ids(&self, req: &SearchRequest) -> Result<Vec<String>, IndexError> {
        CorpusIndex::hit_ids(self, req)
    }

    fn hit_articles(
        &self,
        req: &SearchRequest,
        max: usize,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<(Vec<Article>, usize), IndexError> {
        CorpusIndex::hit_articles(self, req, max, progress)
    }

    fn article(&self, id: &str) -> Result<Option<Article>, IndexError> {
        CorpusIndex::article(self, id)
    }

    fn highlights(&self, query: &str, stemming: bool, text: &str) -> Vec<Range<usize>> {
        CorpusIndex::highlights(self, query, stemming, text)
    }

    fn kwic(&self, req: &SearchRequest, max_docs: usize, width: usize) -> Result<Vec<KwicRow>, IndexError> {
        CorpusIndex::kwic(self, req, max_docs, width)
    }

    fn entity_counts(&self, kind: Kind, limit: usize) -> Result<Vec<(String, u64)>, IndexError> {
        CorpusIndex::entity_counts(self, kind, limit)
    }
}
