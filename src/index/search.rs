//! Running queries: hits, counts, facets over the whole hit set, snippets, KWIC.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use super::facets::FacetCounts;
use super::highlight::{self, KwicLine, Snippet};
use super::query::{Compiler, EntityKind, Node, QueryTerms, parse};
use super::schema::{StoredMeta, day_to_iso};
use super::{CorpusIndex, IndexError, tv};
use crate::corpus::Article;

/// How hits are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first.
    #[default]
    Score,
    /// Newest first.
    DateDesc,
    /// Oldest first.
    DateAsc,
    /// By outlet name.
    Outlet,
}

/// A search.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    /// The query text (empty: every article).
    pub query: String,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Order of hits.
    pub sort: Sort,
    /// Only these outlets (any of them), when not empty.
    pub outlets: Vec<String>,
    /// Entities every hit must name.
    pub include: Vec<(EntityKind, String)>,
    /// Entities no hit may name.
    pub exclude: Vec<(EntityKind, String)>,
    /// Only these articles (by id), when set: the "selected only" filter.
    pub only: Option<Vec<String>>,
    /// Search the stemmed fields too.
    pub stemming: bool,
    /// Snippet length in characters (0: no snippets).
    pub snippet_chars: usize,
    /// Compute facet counts.
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            limit: 50,
            offset: 0,
            sort: Sort::Score,
            outlets: Vec::new(),
            include: Vec::new(),
            exclude: Vec::new(),
            only: None,
            stemming: true,
            snippet_chars: 220,
            facets: true,
        }
    }
}

/// One hit.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Source path.
    pub path: String,
    /// Title.
    pub title: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// ISO date.
    pub date: Option<String>,
    /// Relevance score (0 when sorted by date or outlet).
    pub score: f32,
    /// Best fragment of the body with the query's words highlighted.
    pub snippet: Snippet,
    /// Highlight ranges in the title.
    pub title_highlights: Vec<std::ops::Range<usize>>,
}

/// A date histogram bucket.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DateBucket {
    /// `YYYY-MM-DD` (day) or `YYYY-MM` (month).
    pub key: String,
    /// Articles.
    pub count: u64,
}

/// Facet counts over the whole hit set.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Facets {
    /// Articles per outlet, most first.
    pub outlet: Vec<(String, u64)>,
    /// Articles per person.
    pub person: Vec<(String, u64)>,
    /// Articles per place.
    pub place: Vec<(String, u64)>,
    /// Articles per organisation.
    pub org: Vec<(String, u64)>,
    /// Articles per day.
    pub days: Vec<DateBucket>,
    /// Articles per month.
    pub months: Vec<DateBucket>,
    /// Articles without a date.
    pub undated: u64,
}

/// Results of a search.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SearchResults {
    /// Hits matching (whole set, not just this page).
    pub total: usize,
    /// This page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts (when asked for).
    pub facets: Facets,
}

/// A KWIC line with its article.
#[derive(Clone, Debug, Serialize)]
pub struct KwicRow {
    /// Article id.
    pub id: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// The concordance line.
    #[serde(flatten)]
    pub line: KwicLine,
}

const FACET_TOP: usize = 200;

impl CorpusIndex {
    /// Compiles a request into a tantivy query (with filters) and the words to highlight.
    fn compile(&self, req: &SearchRequest) -> Result<(Box<dyn Query>, QueryTerms), IndexError> {
        let f = &self.fields;
        let (base, terms): (Box<dyn Query>, QueryTerms) = if req.query.trim().is_empty() {
            (Box::new(AllQuery), QueryTerms::default())
        } else {
            let node: Node = parse(&req.query)?;
            let q = Compiler { fields: f, stemming: req.stemming }.compile(&node)?;
            (q, QueryTerms::of(&node, req.stemming))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, base)];
        let facet_q = |kind: EntityKind, name: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_facet(
                    f.facets,
                    &Facet::from_path([kind.facet_root(), &crate::entities::canonical(kind, name)]),
                ),
                IndexRecordOption::Basic,
            ))
        };
        if !req.outlets.is_empty() {
            let any = req
                .outlets
                .iter()
                .map(|o| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(Term::from_field_text(f.outlet, o), IndexRecordOption::Basic))
                            as Box<dyn Query>,
                    )
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        for (k, n) in &req.include {
            clauses.push((Occur::Must, facet_q(*k, n)));
        }
        for (k, n) in &req.exclude {
            clauses.push((Occur::MustNot, facet_q(*k, n)));
        }
        if let Some(ids) = &req.only {
            let terms = ids.iter().map(|id| Term::from_field_text(f.id, id));
            clauses.push((Occur::Must, Box::new(tantivy::query::TermSetQuery::new(terms))));
        }
        Ok((Box::new(BooleanQuery::new(clauses)), terms))
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, IndexError> {
        let searcher = self.reader.searcher();
        let (query, terms) = self.compile(req)?;
        let addrs = Self::top(&searcher, query.as_ref(), req.sort, req.limit, req.offset)?;
        let (total, facets) = if req.facets {
            let counting = (Count, FacetCounts(&self.facet_names), DayHistogram);
            let (total, fcounts, days) = tv("counting facets", searcher.search(&query, &counting))?;
            let mut names =
                tv("counting facets", self.facet_names.lock().map_err(|_| tantivy::TantivyError::Poisoned))?;
            let live: Vec<tantivy::index::SegmentId> =
                searcher.segment_readers().iter().map(|r| r.segment_id()).collect();
            names.retain_segments(&live);
            let top = |root: &str| names.top(&fcounts, root, FACET_TOP);
            let mut facets = Facets {
                outlet: top("outlet"),
                person: top("person"),
                place: top("place"),
                org: top("org"),
                ..Facets::default()
            };
            facets.undated = days.undated;
            let mut months: BTreeMap<String, u64> = BTreeMap::new();
            for (day, c) in days.days {
                let iso = day_to_iso(day);
                *months.entry(iso[..7].to_owned()).or_default() += c;
                facets.days.push(DateBucket { key: iso, count: c });
            }
            facets.months = months.into_iter().map(|(key, count)| DateBucket { key, count }).collect();
            (total, facets)
        } else {
            (tv("counting", searcher.search(&query, &Count))?, Facets::default())
        };
        let hit = |&(score, addr): &(f32, DocAddress)| -> Result<Hit, IndexError> {
            let article = self.load(&searcher, addr)?;
            let snippet = if req.snippet_chars > 0 {
                let h = highlight::hits(&article.body, &terms, req.stemming);
                highlight::snippet(&article.body, &h, req.snippet_chars)
            } else {
                Snippet::default()
            };
            let title_highlights = highlight::hits(&article.title, &terms, req.stemming);
            Ok(Hit {
                id: article.id,
                path: article.path,
                title: article.title,
                outlet: article.outlet,
                date: article.date,
                score,
                snippet,
                title_highlights,
            })
        };
        // Each hit re-reads its file for the snippet: a page of them is read by two threads. A
        // thread of its own, not rayon's pool: while the app indexes, the pool is busy parsing
        // and a search would wait for a whole batch.
        let hits = if addrs.len() >= 8 {
            let (first, second) = addrs.split_at(addrs.len() / 2);
            std::thread::scope(|s| {
                let other = s.spawn(|| second.iter().map(hit).collect::<Result<Vec<Hit>, IndexError>>());
                let mut hits = first.iter().map(hit).collect::<Result<Vec<Hit>, IndexError>>()?;
                hits.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
                Ok::<_, IndexError>(hits)
            })?
        } else {
            addrs.iter().map(hit).collect::<Result<Vec<Hit>, IndexError>>()?
        };
        Ok(SearchResults { total, hits, facets })
    }

    /// The addresses of hits `offset..offset + limit` in the requested order.
    fn top(
        searcher: &Searcher,
        query: &dyn Query,
        sort: Sort,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        Ok(match sort {
            Sort::Score => tv("searching", searcher.search(query, &top.order_by_score()))?,
            Sort::DateDesc | Sort::DateAsc => {
                let order = if sort == Sort::DateDesc { Order::Desc } else { Order::Asc };
                let v: Vec<(Option<i64>, DocAddress)> =
                    tv("searching", searcher.search(query, &top.order_by_fast_field::<i64>("day", order)))?;
                v.into_iter().map(|(_, a)| (0.0, a)).collect()
            }
            Sort::Outlet => {
                let v = tv("searching", searcher.search(query, &top.order_by_string_fast_field("outlet", Order::Asc)))?;
                v.into_iter().map(|(_, a)| (0.0, a)).collect()
            }
        })
    }

    /// The ids of every hit of a request, in its order (Ctrl+A in the app, exports of a whole
    /// query): only the stored id is read, no article text, so 50,000 hits take a moment.
    pub fn hit_ids(&self, req: &SearchRequest) -> Result<Vec<String>, IndexError> {
        let searcher = self.reader.searcher();
        let (query, _) = self.compile(req)?;
        let total = tv("counting", searcher.search(&query, &Count))?;
        if total == 0 {
            return Ok(Vec::new());
        }
        let addrs = Self::top(&searcher, query.as_ref(), req.sort, total, 0)?;
        let mut ids = Vec::with_capacity(addrs.len());
        for (_, addr) in addrs {
            let doc: TantivyDocument = tv("reading a stored article", searcher.doc(addr))?;
            if let Some(id) = doc.get_first(self.fields.id).and_then(|v| v.as_str()) {
                ids.push(id.to_owned());
            }
        }
        Ok(ids)
    }

    /// The whole records of the best `max` hits of a request (every hit when there are fewer):
    /// the selection the comparison of outlets works on. Articles come in index order (a file's
    /// articles together, so each file is read once), not in hit order. `progress(done, total)`
    /// is called as they load; returning `false` stops and returns what is loaded. Also returns
    /// the number of hits (more than the articles when `max` cut the selection).
    pub fn hit_articles(
        &self,
        req: &SearchRequest,
        max: usize,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<(Vec<Article>, usize), IndexError> {
        let searcher = self.reader.searcher();
        let (query, _) = self.compile(req)?;
        let total = tv("counting", searcher.search(&query, &Count))?;
        if total == 0 || max == 0 {
            return Ok((Vec::new(), total));
        }
        let mut addrs: Vec<DocAddress> =
            Self::top(&searcher, query.as_ref(), req.sort, total.min(max), 0)?.into_iter().map(|(_, a)| a).collect();
        addrs.sort_unstable();
        let mut out = Vec::with_capacity(addrs.len());
        for (k, addr) in addrs.iter().enumerate() {
            if k % 64 == 0 && !progress(k, addrs.len()) {
                return Ok((out, total));
            }
            out.push(self.load(&searcher, *addr)?);
        }
        progress(out.len(), addrs.len());
        Ok((out, total))
    }

    /// An article: stored facts from the index, text re-read from its corpus file. When the
    /// file changed or disappeared since indexing, the stored facts come with a problem saying so.
    fn load(&self, searcher: &Searcher, addr: DocAddress) -> Result<Article, IndexError> {
        let doc: TantivyDocument = tv("reading a stored article", searcher.doc(addr))?;
        let text = |f| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let (id, path) = (text(self.fields.id), text(self.fields.path));
        let meta: StoredMeta = serde_json::from_str(&text(self.fields.meta)).unwrap_or_default();
        let found = self.source_articles(&path).and_then(|all| {
            all.iter()
                .find(|a| a.id == id)
                .cloned()
                .ok_or_else(|| "the file changed since it was indexed; update the index".to_owned())
        });
        let mut a = found.unwrap_or_else(|reason| Article {
            problems: vec![crate::corpus::Problem::new(&path, reason)],
            ..Article::default()
        });
        a.id = id;
        a.path = path;
        a.title = text(self.fields.title);
        a.outlet = Some(text(self.fields.outlet)).filter(|o| !o.is_empty());
        a.title_derived = meta.title_derived;
        a.outlet_source = meta.outlet_source;
        a.date = meta.date;
        a.date_source = meta.date_source;
        a.entities = meta.entities;
        Ok(a)
    }

    /// The whole record of an article, by id.
    pub fn article(&self, id: &str) -> Result<Option<Article>, IndexError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_text(self.fields.id, id), IndexRecordOption::Basic);
        let top = tv("finding an article", searcher.search(&q, &TopDocs::with_limit(1).order_by_score()))?;
        match top.first() {
            // The whole record, entities included (stored with it at indexing time).
            Some((_, addr)) => Ok(Some(self.load(&searcher, *addr)?)),
            None => Ok(None),
        }
    }

    /// Byte ranges of the query's words in an article's title and body (for the reader).
    pub fn highlights(&self, query: &str, stemming: bool, text: &str) -> Vec<std::ops::Range<usize>> {
        match parse(query) {
            Ok(node) => highlight::hits(text, &QueryTerms::of(&node, stemming), stemming),
            Err(_) => Vec::new(),
        }
    }

    /// KWIC concordance of a query over up to `max_docs` best hits, `width` characters of context.
    pub fn kwic(&self, req: &SearchRequest, max_docs: usize, width: usize) -> Result<Vec<KwicRow>, IndexError> {
        let searcher = self.reader.searcher();
        let (query, terms) = self.compile(req)?;
        let top = tv("searching", searcher.search(&query, &TopDocs::with_limit(max_docs.max(1)).order_by_score()))?;
        let mut rows = Vec::new();
        for (_, addr) in top {
            let a = self.load(&searcher, addr)?;
            let h = highlight::hits(&a.body, &terms, req.stemming);
            for line in highlight::kwic(&a.body, &h, width) {
                rows.push(KwicRow { id: a.id.clone(), outlet: a.outlet.clone(), date: a.date.clone(), line });
            }
        }
        Ok(rows)
    }
}

/// Counts hits per day from the `day` fast field, over the whole hit set.
struct DayHistogram;

#[derive(Default)]
struct DayCounts {
    days: BTreeMap<i64, u64>,
    undated: u64,
}

struct DaySegment {
    column: tantivy::columnar::Column<i64>,
    counts: DayCounts,
}

impl Collector for DayHistogram {
    type Fruit = DayCounts;
    type Child = DaySegment;

    fn for_segment(&self, _id: u32, reader: &tantivy::SegmentReader) -> tantivy::Result<DaySegment> {
        Ok(DaySegment { column: reader.fast_fields().i64("day")?, counts: DayCounts::default() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<DayCounts>) -> tantivy::Result<DayCounts> {
        let mut all = DayCounts::default();
        for f in fruits {
            all.undated += f.undated;
            for (d, c) in f.days {
                *all.days.entry(d).or_default() += c;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for DaySegment {
    type Fruit = DayCounts;

    fn collect(&mut self, doc: u32, _score: tantivy::Score) {
        match self.column.first(doc) {
            Some(d) => *self.counts.days.entry(d).or_default() += 1,
            None => self.counts.undated += 1,
        }
    }

    fn harvest(self) -> DayCounts {
        self.counts
    }
}
