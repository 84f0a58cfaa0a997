//! The query language researchers type, in Arabic or Latin script.
//!
//! `حلب دمشق` (all words), `"وقف إطلاق النار"` (phrase), `حلب OR دمشق`, `-روسيا` or `NOT روسيا`
//! (exclude), `مفاوض*` (prefix), `لافروف~` (one edit away), `title:` `outlet:` `person:` `place:`
//! `org:` fields, `date:2016-11-01..2016-12-31`, and parentheses. Tantivy's own parser is not used:
//! its `A AND NOT B` pitfall (a purely negative clause matches nothing) and its errors on Arabic
//! punctuation are exactly what users hit. This parser gives a clear message for invalid syntax,
//! and runs the same analyser on query words as on the text.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};

use super::analyzer::{self, is_stopword, normalize_word, stem};
use super::schema::Fields;

/// A query that could not be understood, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

/// Where a word is searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Title and body.
    All,
    /// Title only (`title:`).
    Title,
    /// Body only (`body:`).
    Body,
}

/// Entity facet types (the entities module's [`crate::entities::Kind`]).
pub use crate::entities::Kind as EntityKind;

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// All children must match (negated children must not).
    And(Vec<Node>),
    /// Any child matches.
    Or(Vec<Node>),
    /// Excluded.
    Not(Box<Node>),
    /// A word.
    Word(Scope, String),
    /// Words in this order.
    Phrase(Scope, String),
    /// Words starting with this.
    Prefix(Scope, String),
    /// Words one edit away.
    Fuzzy(Scope, String),
    /// Articles of this outlet.
    Outlet(String),
    /// Articles naming this entity.
    Entity(EntityKind, String),
    /// Articles dated in this range of days (inclusive).
    Date(Option<i64>, Option<i64>),
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    Field(String, Option<String>),
    Open,
    Close,
    Or,
    And,
    Not,
}

const OPEN_QUOTES: &[char] = &['"', '“', '”', '«', '„'];
const CLOSE_QUOTES: &[char] = &['"', '“', '”', '»', '“'];

fn lex(input: &str) -> Result<Vec<Tok>, QueryError> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            chars.next();
            out.push(if c == '(' { Tok::Open } else { Tok::Close });
        } else if c == '-' && input[i + 1..].trim_start().is_empty() {
            return Err(QueryError("'-' must be followed by what to exclude".into()));
        } else if c == '-'
            && input[i + 1..].starts_with(|n: char| !n.is_whitespace())
            && !matches!(out.last(), Some(Tok::Not))
        {
            chars.next();
            out.push(Tok::Not);
        } else if OPEN_QUOTES.contains(&c) {
            chars.next();
            let start = i + c.len_utf8();
            let end = input[start..]
                .find(CLOSE_QUOTES)
                .map(|p| start + p)
                .ok_or_else(|| QueryError(format!("unclosed quote: {}", &input[i..])))?;
            out.push(Tok::Quoted(input[start..end].to_owned()));
            while chars.peek().is_some_and(|&(j, _)| j <= end) {
                chars.next();
            }
        } else {
            let start = i;
            let mut end = input.len();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_whitespace()
                    || d == '('
                    || d == ')'
                    || (OPEN_QUOTES.contains(&d) && j > start && input[start..j].ends_with(':'))
                {
                    end = j;
                    break;
                }
                chars.next();
            }
            let w = &input[start..end];
            out.push(match w {
                "OR" | "|" | "||" => Tok::Or,
                "AND" | "&&" => Tok::And,
                "NOT" => Tok::Not,
                _ => match w.split_once(':') {
                    Some((f, v)) if !f.is_empty() && f.chars().all(|c| c.is_ascii_alphabetic()) => {
                        Tok::Field(f.to_ascii_lowercase(), (!v.is_empty()).then(|| v.to_owned()))
                    }
                    _ => Tok::Word(w.to_owned()),
                },
            });
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

/// Parses a query string. An empty query is an error the caller can show ("type a query").
pub fn parse(input: &str) -> Result<Node, QueryError> {
    let mut p = Parser { toks: lex(input)?, pos: 0 };
    if p.toks.is_empty() {
        return Err(QueryError("empty query".into()));
    }
    let node = p.or()?;
    if p.pos < p.toks.len() {
        return Err(QueryError("unbalanced ')' in the query".into()));
    }
    Ok(node)
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            if self.peek().is_none() {
                return Err(QueryError("OR at the end of the query needs something after it".into()));
            }
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Node::Or(parts) })
    }

    fn and(&mut self) -> Result<Node, QueryError> {
        let mut parts = Vec::new();
        while let Some(t) = self.peek() {
            match t {
                Tok::Or | Tok::Close => break,
                Tok::And => self.pos += 1,
                _ => parts.push(self.unary()?),
            }
        }
        match parts.len() {
            0 => Err(QueryError("expected a word before OR or ')'".into())),
            1 => Ok(parts.remove(0)),
            _ => Ok(Node::And(parts)),
        }
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        if self.peek() == Some(&Tok::Not) {
            self.pos += 1;
            if matches!(self.peek(), None | Some(Tok::Or | Tok::Close | Tok::And)) {
                return Err(QueryError("'-' or NOT must be followed by what to exclude".into()));
            }
            return Ok(Node::Not(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Node, QueryError> {
        let tok = self.toks[self.pos].clone();
        self.pos += 1;
        match tok {
            Tok::Open => {
                let inner = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(QueryError("missing ')' in the query".into()));
                }
                self.pos += 1;
                Ok(inner)
            }
            Tok::Quoted(q) => Ok(Node::Phrase(Scope::All, q)),
            Tok::Word(w) => Ok(word(Scope::All, &w)),
            Tok::Field(f, v) => {
                let value: String = match v {
                    Some(v) => v,
                    None => match self.toks.get(self.pos).cloned() {
                        Some(Tok::Quoted(q)) => {
                            self.pos += 1;
                            return self.field(&f, &q, true);
                        }
                        _ => return Err(QueryError(format!("'{f}:' needs a value, e.g. {f}:word"))),
                    },
                };
                self.field(&f, &value, false)
            }
            Tok::Close => Err(QueryError("unbalanced ')' in the query".into())),
            Tok::Or | Tok::And | Tok::Not => Err(QueryError("expected a word".into())),
        }
    }

    fn field(&self, f: &str, v: &str, quoted: bool) -> Result<Node, QueryError> {
        let scoped = |s| if quoted { Node::Phrase(s, v.to_owned()) } else { word(s, v) };
        Ok(match f {
            "title" => scoped(Scope::Title),
            "body" | "text" => scoped(Scope::Body),
            "outlet" | "source" => Node::Outlet(v.to_owned()),
            "person" => Node::Entity(EntityKind::Person, v.to_owned()),
            "place" => Node::Entity(EntityKind::Place, v.to_owned()),
            "org" | "organization" | "organisation" => Node::Entity(EntityKind::Organization, v.to_owned()),
            "date" => date_range(v)?,
            _ => {
                return Err(QueryError(format!(
                    "unknown field '{f}:' (fields: title, body, outlet, person, place, org, date)"
                )));
            }
        })
    }
}

fn word(scope: Scope, w: &str) -> Node {
    if let Some(p) = w.strip_suffix('*') {
        Node::Prefix(scope, p.to_owned())
    } else if let Some(f) = w.strip_suffix('~') {
        Node::Fuzzy(scope, f.to_owned())
    } else {
        Node::Word(scope, w.to_owned())
    }
}

/// `2016-11-01..2016-12-31`, `2016..2017`, `2016-11`, `..2016-12-31`, `2016-11-01..`.
fn date_range(v: &str) -> Result<Node, QueryError> {
    let bad =
        || QueryError(format!("date:{v} is not a date or range (use e.g. date:2016-11-01..2016-12-31, date:2016-11)"));
    let (a, b) = match v.split_once("..") {
        Some((a, b)) => (a, b),
        None => (v, v),
    };
    let from = if a.is_empty() { None } else { Some(date_bound(a, false).ok_or_else(bad)?) };
    let to = if b.is_empty() { None } else { Some(date_bound(b, true).ok_or_else(bad)?) };
    if from.is_none() && to.is_none() {
        return Err(bad());
    }
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(QueryError(format!("date:{v}: the range ends before it starts")));
        }
    }
    Ok(Node::Date(from, to))
}

/// The first (or last, with `end`) day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn date_bound(s: &str, end: bool) -> Option<i64> {
    let s = crate::arabic::normalize(s);
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    let y: i32 = parts.first()?.parse().ok()?;
    let (m, d): (u8, Option<u8>) = match parts.len() {
        1 => (if end { 12 } else { 1 }, None),
        2 => (parts[1].parse().ok()?, None),
        3 => (parts[1].parse().ok()?, Some(parts[2].parse().ok()?)),
        _ => return None,
    };
    let day = match d {
        Some(d) => d,
        None if end => (28..=31).rev().find(|&d| crate::corpus::dates::Ymd::new(y, m, d).is_some())?,
        None => 1,
    };
    Some(crate::corpus::dates::Ymd::new(y, m, day)?.days_since_epoch())
}

/// The words a query looks for, for highlighting hits in text (negated parts excluded).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryTerms {
    /// Normalised words (exact form).
    pub exact: Vec<String>,
    /// Stemmed words.
    pub stems: Vec<String>,
    /// Normalised prefixes.
    pub prefixes: Vec<String>,
    /// Normalised words matched at edit distance 1.
    pub fuzzy: Vec<String>,
}

impl QueryTerms {
    /// Collects the positive words of a query.
    pub fn of(node: &Node, stemming: bool) -> QueryTerms {
        let mut t = QueryTerms::default();
        t.collect(node, stemming);
        t
    }

    fn collect(&mut self, node: &Node, stemming: bool) {
        match node {
            Node::And(v) | Node::Or(v) => v.iter().for_each(|n| self.collect(n, stemming)),
            Node::Word(_, w) | Node::Phrase(_, w) => {
                for (_, term) in analyzer::terms(w, false) {
                    if stemming && !is_stopword(&term) {
                        self.stems.push(stem(&term));
                    }
                    self.exact.push(term);
                }
            }
            Node::Prefix(_, p) => self.prefixes.push(normalize_word(p)),
            Node::Fuzzy(_, w) => self.fuzzy.push(normalize_word(w)),
            Node::Not(_) | Node::Outlet(_) | Node::Entity(..) | Node::Date(..) => {}
        }
    }

    /// True when nothing would be highlighted.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.stems.is_empty() && self.prefixes.is_empty() && self.fuzzy.is_empty()
    }

    /// True when a word (given in exact normalised form) is one the query looks for.
    pub fn matches(&self, exact_term: &str, stemming: bool) -> bool {
        self.exact.iter().any(|t| t == exact_term)
            || self.prefixes.iter().any(|p| exact_term.starts_with(p.as_str()))
            || self.fuzzy.iter().any(|f| within_one_edit(f, exact_term))
            || (stemming
                && !self.stems.is_empty()
                && !is_stopword(exact_term)
                // The word itself being a query stem: the query asks the exact fields for stems.
                && (self.stems.iter().any(|s| s == exact_term) || self.stems.contains(&stem(exact_term))))
    }
}

/// Damerau–Levenshtein distance ≤ 1 (with adjacent transposition), as FuzzyTermQuery(1, true).
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[p..], &b[p..]);
    let s = ra.iter().rev().zip(rb.iter().rev()).take_while(|(x, y)| x == y).count();
    let (ma, mb) = (ra.len() - s.min(ra.len()), rb.len() - s.min(rb.len()));
    let (ma, mb) = (ma.min(ra.len()), mb.min(rb.len()));
    match (ma, mb) {
        (0, 0) | (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => ra[0] == rb[1] && ra[1] == rb[0],
        _ => false,
    }
}

/// Turns parsed queries into tantivy queries over the schema.
pub struct Compiler<'a> {
    /// Schema fields.
    pub fields: &'a Fields,
    /// Whether the stemmed fields are searched too.
    pub stemming: bool,
}

impl Compiler<'_> {
    /// Compiles a parsed query.
    pub fn compile(&self, node: &Node) -> Result<Box<dyn Query>, QueryError> {
        Ok(match node {
            Node::And(children) => {
                let mut clauses = Vec::new();
                for c in children {
                    match c {
                        Node::Not(inner) => clauses.push((Occur::MustNot, self.compile(inner)?)),
                        _ => clauses.push((Occur::Must, self.compile(c)?)),
                    }
                }
                with_positive(clauses)
            }
            Node::Or(children) => {
                let mut clauses = Vec::new();
                for c in children {
                    clauses.push((Occur::Should, self.compile(c)?));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            // A query that is only an exclusion means "everything but".
            Node::Not(inner) => with_positive(vec![(Occur::MustNot, self.compile(inner)?)]),
            Node::Word(scope, w) => {
                let terms: Vec<String> = analyzer::terms(w, false).into_iter().map(|(_, t)| t).collect();
                match terms.len() {
                    0 => return Err(QueryError(format!("'{w}' has no letters or digits to search for"))),
                    1 => self.word(*scope, &terms[0]),
                    _ => self.phrase(*scope, &terms),
                }
            }
            Node::Phrase(scope, p) => {
                let terms: Vec<String> = analyzer::terms(p, false).into_iter().map(|(_, t)| t).collect();
                match terms.len() {
                    0 => return Err(QueryError("empty phrase \"\"".into())),
                    1 => self.word(*scope, &terms[0]),
                    _ => self.phrase(*scope, &terms),
                }
            }
            Node::Prefix(scope, p) => {
                let p = normalize_word(p);
                if p.chars().count() < 2 {
                    return Err(QueryError("a prefix search needs at least two letters before '*'".into()));
                }
                let pattern = format!("{}.*", regex_escape(&p));
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for f in self.exact_fields(*scope) {
                    let q = RegexQuery::from_pattern(&pattern, f)
                        .map_err(|e| QueryError(format!("invalid prefix: {e}")))?;
                    clauses.push((Occur::Should, Box::new(q)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Fuzzy(scope, w) => {
                let w = normalize_word(w);
                if w.is_empty() {
                    return Err(QueryError("'~' must follow a word".into()));
                }
                let clauses = self
                    .exact_fields(*scope)
                    .into_iter()
                    .map(|f| {
                        (
                            Occur::Should,
                            Box::new(FuzzyTermQuery::new(Term::from_field_text(f, &w), 1, true)) as Box<dyn Query>,
                        )
                    })
                    .collect();
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Outlet(name) => {
                let canonical =
                    crate::corpus::outlets::lookup(name).map_or_else(|| name.trim().to_owned(), |o| o.name.clone());
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.outlet, &canonical),
                    IndexRecordOption::Basic,
                ))
            }
            Node::Entity(kind, name) => {
                let facet = Facet::from_path([kind.facet_root(), &crate::entities::canonical(*kind, name)]);
                Box::new(TermQuery::new(Term::from_facet(self.fields.facets, &facet), IndexRecordOption::Basic))
            }
            Node::Date(from, to) => {
                let bound = |d: &Option<i64>| {
                    d.map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_i64(self.fields.day, d)))
                };
                Box::new(RangeQuery::new(bound(from), bound(to)))
            }
        })
    }

    fn exact_fields(&self, scope: Scope) -> Vec<Field> {
        match scope {
            Scope::All => vec![self.fields.title, self.fields.body],
            Scope::Title => vec![self.fields.title],
            Scope::Body => vec![self.fields.body],
        }
    }

    /// One word: exact title (boost 3) and body (boost 2), plus the stem in the stemmed fields
    /// and, where the stem is not the word itself, in the exact fields too: the stemmed fields
    /// hold only the words stemming changed (analyzer::ArabicTokenizer::stemmed).
    fn word(&self, scope: Scope, term: &str) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let tq =
            |f: Field, t: &str| Box::new(TermQuery::new(Term::from_field_text(f, t), IndexRecordOption::WithFreqs));
        for f in self.exact_fields(scope) {
            let boost = if f == self.fields.title { 3.0 } else { 2.0 };
            clauses.push((Occur::Should, Box::new(BoostQuery::new(tq(f, term), boost))));
        }
        if self.stemming && !is_stopword(term) {
            let s = stem(term);
            if !is_stopword(&s) {
                if scope != Scope::Body {
                    clauses.push((Occur::Should, tq(self.fields.title_stem, &s)));
                }
                if scope != Scope::Title {
                    clauses.push((Occur::Should, tq(self.fields.body_stem, &s)));
                }
                if s != term {
                    for f in self.exact_fields(scope) {
                        clauses.push((Occur::Should, tq(f, &s)));
                    }
                }
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn phrase(&self, scope: Scope, terms: &[String]) -> Box<dyn Query> {
        let clauses = self
            .exact_fields(scope)
            .into_iter()
            .map(|f| {
                let q = PhraseQuery::new(terms.iter().map(|t| Term::from_field_text(f, t)).collect());
                (Occur::Should, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}

fn with_positive(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Node {
        Node::Word(Scope::All, s.into())
    }

    #[test]
    fn words_phrases_or_not_prefix_fuzzy() {
        assert_eq!(parse("حلب دمشق").unwrap(), Node::And(vec![w("حلب"), w("دمشق")]));
        assert_eq!(parse("\"وقف إطلاق النار\"").unwrap(), Node::Phrase(Scope::All, "وقف إطلاق النار".into()));
        assert_eq!(parse("«وقف النار»").unwrap(), Node::Phrase(Scope::All, "وقف النار".into()));
        assert_eq!(parse("حلب OR دمشق").unwrap(), Node::Or(vec![w("حلب"), w("دمشق")]));
        assert_eq!(parse("حلب -روسيا").unwrap(), Node::And(vec![w("حلب"), Node::Not(Box::new(w("روسيا")))]));
        assert_eq!(parse("حلب AND NOT روسيا").unwrap(), Node::And(vec![w("حلب"), Node::Not(Box::new(w("روسيا")))]));
        assert_eq!(parse("مفاوض*").unwrap(), Node::Prefix(Scope::All, "مفاوض".into()));
        assert_eq!(parse("لافروف~").unwrap(), Node::Fuzzy(Scope::All, "لافروف".into()));
        assert_eq!(parse("(حلب OR إدلب) قصف").unwrap(), Node::And(vec![Node::Or(vec![w("حلب"), w("إدلب")]), w("قصف")]));
    }

    #[test]
    fn fields_and_dates() {
        assert_eq!(parse("title:حلب").unwrap(), Node::Word(Scope::Title, "حلب".into()));
        assert_eq!(parse("outlet:\"عنب بلدي\"").unwrap(), Node::Outlet("عنب بلدي".into()));
        assert_eq!(parse("person:لافروف").unwrap(), Node::Entity(EntityKind::Person, "لافروف".into()));
        let Node::Date(Some(a), Some(b)) = parse("date:2016-11-01..2016-12-31").unwrap() else { panic!() };
        assert_eq!(b - a, 60);
        let Node::Date(Some(a), Some(b)) = parse("date:2016-02").unwrap() else { panic!() };
        assert_eq!(b - a, 28, "leap February");
        assert!(matches!(parse("date:..2016").unwrap(), Node::Date(None, Some(_))));
    }

    #[test]
    fn invalid_syntax_has_clear_messages() {
        for (q, needle) in [
            ("\"بلا إغلاق", "unclosed quote"),
            ("(حلب", "missing ')'"),
            ("حلب)", "unbalanced"),
            ("foo:bar", "unknown field"),
            ("date:yesterday", "not a date"),
            ("date:2017..2016", "ends before"),
            ("حلب OR", "OR at the end"),
            ("-", "'-'"),
            ("", "empty query"),
            ("title:", "needs a value"),
        ] {
            let e = parse(q).map(|_| ()).unwrap_err().0;
            assert!(e.contains(needle), "{q:?} → {e}");
        }
    }

    #[test]
    fn arabic_colon_words_are_words() {
        assert_eq!(parse("لافروف:").unwrap(), w("لافروف:"));
    }

    #[test]
    fn highlight_terms_match_variants_and_stems() {
        let t = QueryTerms::of(&parse("والحكومة إيران مفاوض* لافروف~ -روسيا").unwrap(), true);
        assert!(t.matches("والحكومه", true));
        assert!(t.matches("الحكومه", true), "stem match");
        assert!(!t.matches("الحكومه", false));
        assert!(t.matches("ايران", false));
        assert!(t.matches("مفاوضات", false));
        assert!(t.matches("لافرف", false));
        assert!(!t.matches("روسيا", true));
        assert!(t.matches("حكوم", true), "the stem itself, which the query looks up in the exact fields");
    }

    #[test]
    fn edit_distance_one() {
        assert!(within_one_edit("abc", "abc"));
        assert!(within_one_edit("abc", "abd"));
        assert!(within_one_edit("abc", "ab"));
        assert!(within_one_edit("abc", "bac"));
        assert!(!within_one_edit("abc", "cab"));
        assert!(!within_one_edit("abc", "a"));
    }
}
