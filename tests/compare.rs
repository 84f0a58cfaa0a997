//! Outlet comparison on an authored corpus whose answers are known: fictional articles written
//! here (no real events, people or outlets).
//!
//! * A bridge collapse covered by three outlets: النخيل first (10 May), الميناء the next day
//!   repeating النخيل's first paragraph (with hamza and spelling variants), الجبل the next day in
//!   its own words. One story of three outlets; النخيل published first, repeated by الميناء.
//! * Clashes covered by the same three outlets, where الميناء alone calls the fighters
//!   المتمردين: its framing rate and its characteristic words show it.
//! * A book fair in the same city on the same day: an unrelated article that must stay out.

use std::path::Path;
use std::process::Command;

use marsad::compare::{self, CompareOptions, framing, passages, words};
use marsad::corpus::{Article, ReadOptions, read_paths};

mod common;
use common::*;

fn read(root: &Path) -> Vec<Article> {
    let c = read_paths(&[root.to_path_buf()], &ReadOptions::default()).unwrap();
    assert_eq!(c.articles.len(), articles().len(), "{:?}", c.problems);
    c.articles
}

fn by_id<'a>(v: &'a [Article], id: &str) -> &'a Article {
    v.iter().find(|a| a.id == id).unwrap()
}

#[test]
fn fixture_reads_with_the_outlets_and_dates_written() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let v = read(dir.path());
    let a = by_id(&v, "mina-bridge.json#1");
    assert_eq!(a.outlet.as_deref(), Some(MINA));
    assert_eq!(a.date.as_deref(), Some("2026-05-11"));
}

#[test]
fn three_outlet_story_is_one_story_and_the_unrelated_article_stays_out() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let v = read(dir.path());
    let c = compare::compare(&v, &framing::Lexicon::builtin(), &CompareOptions::default());
    let stories = &c.stories.stories;
    let bridge =
        stories.iter().find(|s| s.story.ids.iter().any(|i| i == "nakhil-bridge.json#1")).expect("bridge story");
    let mut ids = bridge.story.ids.clone();
    ids.sort();
    assert_eq!(ids, ["jabal-bridge.json#1", "mina-bridge.json#1", "nakhil-bridge.json#1"]);
    assert_eq!(bridge.story.outlets.len(), 3);
    assert_eq!(bridge.story.first_date.as_deref(), Some("2026-05-10"));
    assert_eq!(bridge.story.last_date.as_deref(), Some("2026-05-11"));
    let clashes = stories.iter().find(|s| s.story.ids.iter().any(|i| i == "mina-clashes.json#1")).expect("clashes");
    assert_eq!(clashes.story.ids.len(), 4, "{:?}", clashes.story.ids);
    assert_eq!(clashes.story.outlets.len(), 3);
    for s in stories {
        assert!(!s.story.ids.iter().any(|i| i == "jabal-fair.json#1"), "the book fair joined {:?}", s.story.ids);
    }
}

#[test]
fn shared_paragraph_is_found_and_the_earlier_outlet_named_first() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let v = read(dir.path());
    let (a, b) = (by_id(&v, "nakhil-bridge.json#1"), by_id(&v, "mina-bridge.json#1"));
    let p = passages::shared_passages(&a.body, &b.body, passages::MIN_WORDS);
    assert_eq!(p.len(), 1, "{p:?}");
    // The ranges point at each outlet's own spelling, from the first word to the last.
    assert_eq!(&a.body[p[0].a.clone()], SHARED.trim_end_matches('.'));
    assert_eq!(&b.body[p[0].b.clone()], SHARED_COPY.trim_end_matches('.'));
    // The paraphrase shares no 8-word run.
    let c = by_id(&v, "jabal-bridge.json#1");
    assert!(passages::shared_passages(&a.body, &c.body, passages::MIN_WORDS).is_empty());

    // Listed in reverse date order on purpose: the order of members must not matter.
    let f = passages::first_published(&[c, b, a], passages::MIN_WORDS).unwrap();
    assert_eq!(f.outlet, NAKHIL);
    assert_eq!(f.date.as_deref(), Some("2026-05-10"));
    assert!(f.shared_text);
    assert_eq!(f.repeated_by.len(), 1);
    assert_eq!(f.repeated_by[0].outlet, MINA);
    assert!(f.summary().starts_with(&format!("first published by {NAKHIL} on 2026-05-10, repeated by {MINA}")));
}

#[test]
fn an_outlets_distinctive_term_shows_in_framing_and_characteristic_words() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let v = read(dir.path());
    let t = framing::count(&v, &framing::Lexicon::builtin());
    let rate = |term: &str, outlet: &str| t.get(term, outlet).unwrap_or_else(|| panic!("{term} {outlet}")).per_1000;
    let count = |term: &str, outlet: &str| t.get(term, outlet).unwrap().count;
    assert_eq!(count("المتمردين", MINA), 7);
    assert!(rate("المتمردين", MINA) > 10.0);
    assert_eq!(count("المتمردين", NAKHIL), 0);
    assert_eq!(count("المتمردين", JABAL), 0);
    // والمسلحين and المسلحين count for المسلحين; the others do not use it.
    assert_eq!(count("المسلحين", NAKHIL), 3);
    assert_eq!(count("المسلحين", MINA), 0);

    let w = words::characteristic_words(&v, &words::WordOptions::default());
    let mina = w.outlet(MINA).unwrap();
    assert_eq!(mina.words[0].word, "المتمردين", "{:?}", mina.words);
    assert_eq!(mina.words[0].count, 7);
    assert!(w.outlet(NAKHIL).unwrap().words.iter().all(|x| x.word != "المتمردين"));
}

fn marsad() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.env("MARSAD_CONFIG_DIR", "/nonexistent-marsad-config");
    c
}

#[test]
fn cli_json_has_the_documented_shape_and_queries_select() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let csv = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let out = marsad()
        .env("MARSAD_CACHE_DIR", cache.path())
        .args(["compare", "--json", "--csv"])
        .arg(csv.path())
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["stories", "characteristic_words", "framing", "sources", "timeline"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let s = &v["stories"][0];
    for key in ["label", "articles", "outlets", "first_date", "last_date", "first_published"] {
        assert!(s.get(key).is_some(), "story.{key}");
    }
    let bridge = v["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["articles"].as_array().unwrap().iter().any(|i| i == "nakhil-bridge.json#1"))
        .unwrap();
    assert_eq!(bridge["first_published"]["outlet"], NAKHIL);
    assert_eq!(bridge["first_published"]["date"], "2026-05-10");
    let w = &v["characteristic_words"][MINA][0];
    assert_eq!(w["word"], "المتمردين");
    assert!(w["z"].as_f64().unwrap() > 0.0 && w["count"] == 7);
    let f = v["framing"].as_array().unwrap();
    assert!(f.iter().any(|r| r["term"] == "المتمردين" && r["outlet"] == MINA && r["count"] == 7));
    let row = &f[0];
    for key in ["group", "term", "outlet", "count", "per_1000"] {
        assert!(row.get(key).is_some(), "framing.{key}");
    }
    let src = v["sources"][NAKHIL].as_array().unwrap();
    assert!(src.iter().any(|s| s["name"] == "مصدر عسكري" && s["count"] == 1), "{src:?}");
    let tl = v["timeline"].as_array().unwrap();
    assert!(tl.iter().any(|r| r["outlet"] == MINA && r["date"] == "2026-06-01" && r["count"] == 1));
    for f in ["stories.csv", "words.csv", "framing.csv", "sources.csv", "entities.csv", "timeline.csv"] {
        assert!(csv.path().join(f).is_file(), "{f}");
    }

    // A query selects its hits only.
    let out = marsad()
        .env("MARSAD_CACHE_DIR", cache.path())
        .args(["compare", "--json", "--query", "الصفصاف"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total: u64 = v["timeline"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 3);
    assert_eq!(v["stories"].as_array().unwrap().len(), 1);

    // The text report names the first publisher.
    let out = marsad().env("MARSAD_CACHE_DIR", cache.path()).arg("compare").arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("first published by {NAKHIL} on 2026-05-10")), "{text}");
}
