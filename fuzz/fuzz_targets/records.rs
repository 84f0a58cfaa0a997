//! Arbitrary bytes as the content of one corpus file, through the indexer's reading path:
//! encoding detection, splitting by file kind, record building (title, boilerplate, outlet,
//! date), the corpus-level pass (recurring lines, yearless dates), entities, and highlighting of
//! the title's words in the body.
//!
//! The first byte picks the file kind (`byte % 6`: txt, html, json, jsonl, csv, tsv) and the file
//! name (`byte / 6 % 4`: plain, a date in the name, an outlet folder, a compact date); the rest
//! is the file's content. Seeds starting with the digits `0`–`5` are the six kinds with a plain
//! name.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use marsad::corpus::dates::Ymd;
use marsad::corpus::record::{Context, Item};
use marsad::corpus::recurring::{self, DateEvidence, GroupStats};
use marsad::corpus::walk::{Entry, FileKind};
use marsad::corpus::{self, Problem};
use marsad::index::highlight;
use marsad::index::query::QueryTerms;

const KINDS: [(FileKind, &str); 6] = [
    (FileKind::Text, "txt"),
    (FileKind::Html, "html"),
    (FileKind::Json, "json"),
    (FileKind::JsonLines, "jsonl"),
    (FileKind::Csv, "csv"),
    (FileKind::Tsv, "tsv"),
];
const NAMES: [&str; 4] = ["article", "2016-12-05_news", "سانا/story", "archive/20161205"];

fuzz_target!(
    init: {
        // The user's gazetteer and rules must not change what the target does.
        std::env::set_var("MARSAD_CONFIG_DIR", "/nonexistent/marsad-fuzz-config");
    },
    |data: &[u8]| {
        let Some((&pick, bytes)) = data.split_first() else { return };
        let (kind, ext) = KINDS[usize::from(pick) % KINDS.len()];
        let rel = format!("{}.{ext}", NAMES[usize::from(pick) / KINDS.len() % NAMES.len()]);
        assert_eq!(FileKind::from_path(std::path::Path::new(&rel)), Some(kind));
        let entry = Entry { abs: rel.clone().into(), rel: rel.clone(), kind, size: bytes.len() as u64, mtime: 1_480_000_000 };
        let ctx = Context::default();
        let mut problems: Vec<Problem> = Vec::new();
        let drafts = corpus::read_bytes(&entry, bytes, &ctx, &mut problems);

        for p in &problems {
            assert!(p.path.starts_with(&rel), "problem path {:?} for {rel}", p.path);
        }
        // Lines recurring in five copies of the same documents are corpus-level boilerplate.
        let mut stats = GroupStats::default();
        for d in &drafts {
            assert_eq!(d.items.len(), d.keys.len(), "one statistics key per item");
            assert!(d.article.id == rel || d.article.id.starts_with(&format!("{rel}#")), "id {:?}", d.article.id);
            for item in &d.items {
                if let Item::Para(p) = item {
                    assert!(!p.is_empty() && !p.contains('\n'), "paragraph {p:?}");
                }
            }
            for _ in 0..recurring::MIN_DOCS {
                stats.add(&d.keys);
            }
        }
        let recurring_set: HashSet<u32> = stats.recurring();
        let mut evidence = DateEvidence::default();
        evidence.add("o:سانا", Ymd::new(2016, 11, 3).unwrap().days_since_epoch());

        for (n, mut d) in drafts.into_iter().enumerate() {
            if n % 2 == 1 {
                recurring::remove_recurring(&mut d, &recurring_set);
            }
            let paras = d.items.iter().filter(|i| matches!(i, Item::Para(_))).count();
            recurring::settle_one(&mut d, &evidence);
            let mut a = recurring::into_article(d);
            marsad::entities::annotate(&mut a, None);

            assert_eq!(a.paragraphs().count(), paras, "body {:?}", a.body);
            let mut last = 0;
            for b in &a.boilerplate {
                assert!(b.at >= last && b.at <= paras, "boilerplate at {} of {paras}", b.at);
                last = b.at;
            }
            assert_eq!(a.date.is_some(), a.date_source.is_some());
            assert_eq!(a.outlet.is_some(), a.outlet_source.is_some());
            if let Some(date) = &a.date {
                let day = recurring::iso_day(date).unwrap_or_else(|| panic!("date {date:?} is not ISO"));
                assert_eq!(&Ymd::from_days_since_epoch(day).iso(), date);
            }

            // Highlight the title's words in the body, as a results list does.
            let words: Vec<String> =
                marsad::index::analyzer::terms(&a.title, false).into_iter().map(|(_, t)| t).take(8).collect();
            let terms = QueryTerms {
                prefixes: words.iter().filter_map(|w| w.char_indices().nth(2).map(|(i, _)| w[..i].to_owned())).collect(),
                exact: words,
                ..QueryTerms::default()
            };
            let hits = highlight::hits(&a.body, &terms, true);
            for h in &hits {
                assert!(a.body.get(h.clone()).is_some(), "hit {h:?}");
            }
            let s = highlight::snippet(&a.body, &hits, 160);
            for h in &s.highlights {
                assert!(s.text.get(h.clone()).is_some(), "snippet highlight {h:?} in {:?}", s.text);
            }
            let k = highlight::kwic(&a.body, &hits, 40);
            assert_eq!(k.len(), hits.len());
        }
    }
);
