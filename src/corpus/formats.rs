//! Splitting a decoded file into raw documents, one per article.
//!
//! Text and HTML files hold one article; JSON, JSONL, CSV and TSV files hold many, with metadata
//! in fields whose names vary by scraper (`Title`, `headline`, `BODY`, `content`, `site`,
//! `published_at`…). Field names are matched case-insensitively against lists of the names
//! scrapers actually use. A malformed row is reported and skipped; the other rows are kept.

use serde_json::{Map, Value};

use super::Problem;
use super::walk::FileKind;

/// One article as found in a file, before structure and boilerplate rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawDoc {
    /// 1-based position in a multi-article file (row, line or array index).
    pub row: Option<usize>,
    /// A title given by metadata (HTML `<title>`, a JSON/CSV field).
    pub title: Option<String>,
    /// The article text (for plain text files, the whole file).
    pub text: String,
    /// An outlet given by metadata.
    pub outlet: Option<String>,
    /// A publication date given by metadata, as written.
    pub date: Option<String>,
}

const TITLE_KEYS: &[&str] = &["title", "headline", "heading", "subject", "titre", "العنوان"];
const TEXT_KEYS: &[&str] = &[
    "text",
    "body",
    "content",
    "article",
    "article_text",
    "articletext",
    "full_text",
    "fulltext",
    "maintext",
    "story",
    "النص",
    "المحتوى",
];
const FALLBACK_TEXT_KEYS: &[&str] = &["description", "summary", "abstract", "lead"];
const OUTLET_KEYS: &[&str] = &[
    "source",
    "outlet",
    "site",
    "publisher",
    "newspaper",
    "site_name",
    "sitename",
    "source_name",
    "media",
    "website",
    "journal",
    "paper",
    "المصدر",
    "الموقع",
];
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publish_date",
    "publishdate",
    "pubdate",
    "date_published",
    "datepublished",
    "datetime",
    "published_time",
    "publication_date",
    "created_at",
    "time",
    "timestamp",
    "date_extracted",
    "التاريخ",
];

/// Splits decoded text into raw documents according to the file kind. Problems (malformed rows)
/// are appended to `problems` with the file path `rel`.
///
/// Text scraped from web pages often keeps HTML character references ("&quot;", "&nbsp;",
/// "&#8220;") in plain text, JSON and CSV fields: they are decoded there as in HTML files, so the
/// reader shows the character and search finds the word next to it.
pub fn split(kind: FileKind, text: &str, rel: &str, problems: &mut Vec<Problem>) -> Vec<RawDoc> {
    let mut docs = match kind {
        FileKind::Text => vec![RawDoc { text: text.to_owned(), ..RawDoc::default() }],
        FileKind::Html => return vec![super::html::extract(text)],
        FileKind::Json => split_json(text, rel, problems),
        FileKind::JsonLines => split_jsonl(text, rel, problems),
        FileKind::Csv => split_table(text, b',', rel, problems),
        FileKind::Tsv => split_table(text, b'\t', rel, problems),
    };
    for d in &mut docs {
        for field in [Some(&mut d.text), d.title.as_mut(), d.outlet.as_mut()].into_iter().flatten() {
            if field.contains('&') {
                *field = super::html::decode_entities(field);
            }
        }
    }
    docs
}

fn split_json(text: &str, rel: &str, problems: &mut Vec<Problem>) -> Vec<RawDoc> {
    let value: Value = match serde_json::from_str(text.trim_start_matches('\u{FEFF}')) {
        Ok(v) => v,
        Err(e) => {
            problems.push(Problem::new(rel, format!("invalid JSON: {e}")));
            return Vec::new();
        }
    };
    let items: Vec<Value> = match value {
        Value::Array(items) => items,
        Value::Object(obj) => match article_array(&obj) {
            Some(items) => items.clone(),
            None => vec![Value::Object(obj)],
        },
        _ => {
            problems.push(Problem::new(rel, "JSON file holds neither an object nor an array"));
            return Vec::new();
        }
    };
    let mut docs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let row = i + 1;
        match item {
            Value::Object(obj) => push_object(obj, row, rel, problems, &mut docs),
            _ => problems.push(Problem::new(rel, format!("item {row} is not a JSON object; skipped"))),
        }
    }
    docs
}

/// `{"articles": [...]}`-style wrappers: the first field holding an array of objects.
fn article_array(obj: &Map<String, Value>) -> Option<&Vec<Value>> {
    if TEXT_KEYS.iter().chain(TITLE_KEYS).any(|k| find_key(obj, k).is_some()) {
        return None;
    }
    obj.values().find_map(|v| match v {
        Value::Array(a) if a.iter().any(Value::is_object) => Some(a),
        _ => None,
    })
}

fn split_jsonl(text: &str, rel: &str, problems: &mut Vec<Problem>) -> Vec<RawDoc> {
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{FEFF}');
        if line.is_empty() {
            continue;
        }
        let row = i + 1;
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => push_object(&obj, row, rel, problems, &mut docs),
            Ok(_) => problems.push(Problem::new(rel, format!("line {row}: not a JSON object; skipped"))),
            Err(e) => problems.push(Problem::new(rel, format!("line {row}: invalid JSON ({e}); skipped"))),
        }
    }
    docs
}

fn push_object(obj: &Map<String, Value>, row: usize, rel: &str, problems: &mut Vec<Problem>, docs: &mut Vec<RawDoc>) {
    let get = |keys: &[&str]| keys.iter().find_map(|k| find_key(obj, k).and_then(value_text));
    let date = get(DATE_KEYS).or_else(|| {
        obj.iter()
            .filter(|(k, _)| {
                let k = k.to_lowercase();
                k.contains("date") || k.contains("publish")
            })
            .find_map(|(_, v)| value_text(v))
    });
    let doc = RawDoc {
        row: Some(row),
        title: get(TITLE_KEYS),
        text: get(TEXT_KEYS).or_else(|| get(FALLBACK_TEXT_KEYS)).unwrap_or_default(),
        outlet: get(OUTLET_KEYS),
        date,
    };
    push_doc(doc, rel, problems, docs);
}

fn push_doc(doc: RawDoc, rel: &str, problems: &mut Vec<Problem>, docs: &mut Vec<RawDoc>) {
    if doc.text.trim().is_empty() && doc.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        let row = doc.row.unwrap_or(0);
        problems.push(Problem::new(rel, format!("row {row}: no title and no text; skipped")));
    } else {
        docs.push(doc);
    }
}

fn find_key<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.iter().find(|(k, _)| k.trim().eq_ignore_ascii_case(key)).map(|(_, v)| v)
}

/// The text of a field: strings as they are, numbers (epoch dates) printed, `{"name": …}` objects
/// (e.g. `"source": {"name": "…"}`) by their name, arrays of strings joined as paragraphs.
fn value_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Object(o) => return ["name", "title", "text"].iter().find_map(|k| find_key(o, k).and_then(value_text)),
        Value::Array(a) => a.iter().filter_map(value_text).collect::<Vec<_>>().join("\n"),
        _ => return None,
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn split_table(text: &str, delimiter: u8, rel: &str, problems: &mut Vec<Problem>) -> Vec<RawDoc> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect::<Vec<_>>(),
        Err(e) => {
            problems.push(Problem::new(rel, format!("cannot read the header row: {e}")));
            return Vec::new();
        }
    };
    let col = |keys: &[&str]| keys.iter().find_map(|k| headers.iter().position(|h| h == k));
    let (title, body) = (col(TITLE_KEYS), col(TEXT_KEYS).or_else(|| col(FALLBACK_TEXT_KEYS)));
    let (outlet, date) = (col(OUTLET_KEYS), col(DATE_KEYS));
    if title.is_none() && body.is_none() {
        problems.push(Problem::new(
            rel,
            format!("no title or text column in the header row ({}); skipped", headers.join(", ")),
        ));
        return Vec::new();
    }
    let mut docs = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::new(rel, format!("row {row}: {e}; skipped")));
                continue;
            }
        };
        let cell = |c: Option<usize>| {
            c.and_then(|c| record.get(c)).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
        };
        let doc = RawDoc {
            row: Some(row),
            title: cell(title),
            text: cell(body).unwrap_or_default(),
            outlet: cell(outlet),
            date: cell(date),
        };
        push_doc(doc, rel, problems, &mut docs);
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_left_by_scrapers_are_decoded() {
        let mut problems = Vec::new();
        let docs = split(
            FileKind::Text,
            "قال &quot;نعم&quot;&nbsp;اليوم &#8220;حقا&#8221; &unknown; A & B",
            "a.txt",
            &mut problems,
        );
        assert_eq!(docs[0].text, "قال \"نعم\" اليوم “حقا” &unknown; A & B");
        let docs =
            split(FileKind::Json, r#"[{"title": "عنوان &amp; آخر", "text": "نص&nbsp;هنا"}]"#, "a.json", &mut problems);
        assert_eq!(docs[0].title.as_deref(), Some("عنوان & آخر"));
        assert_eq!(docs[0].text, "نص هنا");
        assert!(problems.is_empty());
    }

    #[test]
    fn json_array_with_mixed_case_keys() {
        let json = r#"[{"Title":"عنوان أول","BODY":"نص أول","Source":"سانا","Published":"2016-11-03"},
                      {"headline":"عنوان ثان","content":"نص ثان","source":{"name":"عنب بلدي"}},
                      42]"#;
        let mut p = Vec::new();
        let docs = split(FileKind::Json, json, "a.json", &mut p);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].title.as_deref(), Some("عنوان أول"));
        assert_eq!(docs[0].text, "نص أول");
        assert_eq!(docs[0].outlet.as_deref(), Some("سانا"));
        assert_eq!(docs[0].date.as_deref(), Some("2016-11-03"));
        assert_eq!(docs[1].outlet.as_deref(), Some("عنب بلدي"));
        assert_eq!(docs[1].row, Some(2));
        assert_eq!(p.len(), 1);
        assert!(p[0].reason.contains("item 3"));
    }

    #[test]
    fn json_wrapper_object() {
        let json = r#"{"count": 1, "articles": [{"title": "ع", "text": "ن"}]}"#;
        let docs = split(FileKind::Json, json, "a.json", &mut Vec::new());
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].title.as_deref(), Some("ع"));
    }

    #[test]
    fn jsonl_keeps_good_lines_and_reports_bad_ones() {
        let text = "{\"title\":\"أ\",\"text\":\"١\"}\n{broken\n\n{\"title\":\"ب\",\"body\":\"٢\"}\n";
        let mut p = Vec::new();
        let docs = split(FileKind::JsonLines, text, "a.jsonl", &mut p);
        assert_eq!(docs.iter().map(|d| d.row.unwrap()).collect::<Vec<_>>(), [1, 4]);
        assert_eq!(p.len(), 1);
        assert!(p[0].reason.starts_with("line 2: invalid JSON"), "{}", p[0].reason);
    }

    #[test]
    fn csv_with_quoted_newlines_and_tsv() {
        let csv = "Title,Text,Outlet,Date\n\"عنوان, مع فاصلة\",\"سطر أول\nسطر \"\"ثان\"\"\",سانا,3/11/2016\nب,نص,,\n";
        let docs = split(FileKind::Csv, csv, "a.csv", &mut Vec::new());
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].title.as_deref(), Some("عنوان, مع فاصلة"));
        assert_eq!(docs[0].text, "سطر أول\nسطر \"ثان\"");
        assert_eq!(docs[1].outlet, None);
        let tsv = "headline\tbody\nأ\tنص\n";
        assert_eq!(split(FileKind::Tsv, tsv, "a.tsv", &mut Vec::new())[0].text, "نص");
    }

    #[test]
    fn table_without_text_columns_is_reported() {
        let mut p = Vec::new();
        assert!(split(FileKind::Csv, "a,b\n1,2\n", "x.csv", &mut p).is_empty());
        assert!(p[0].reason.contains("no title or text column"));
    }
}
