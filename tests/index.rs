//! End-to-end tests of the index: analyser variants, the query language, facets, incremental
//! updates, cancellation, locking and corruption recovery, on a small corpus written here.

use std::path::Path;

use marsad::corpus::ReadOptions;
use marsad::index::query::EntityKind;
use marsad::index::{CorpusIndex, IndexError, Progress, SearchRequest, Sort};

const ARTICLES: &[(&str, &str)] = &[
    (
        "sahel/2026-03-01-a.txt",
        "الحكومة تعلن خطة جديدة للمياه\n\nأعلنت الحكومة اليوم خطة جديدة لإصلاح شبكة المياه في مدينة الواحة، وقال الوزير سامر النجار إن الخطة تكلف 12 مليون دولار.\nوأضاف أن مستشفى المدينة سيحصل على خزان جديد.\n",
    ),
    (
        "sahel/2026-03-02-b.txt",
        "وفد من إيران يزور الواحة\n\nوصل وفد من ايران إلى مدينة الواحة لبحث التعاون، وقالت والحكومه في بيان إن الزيارة تستمر يومين.\n",
    ),
    (
        "fajr/2026-03-03-c.txt",
        "المعارضة ترفض خطة المياه\n\nرفضت فصائل المعارضة خطة المياه وقالت إن المفاوضات لم تبدأ بعد، وإن وقف إطلاق النار هش في ريف الواحة.\nوقال المتحدث إن مستشفي الريف بلا كهرباء منذ ٢٠٢٦/٠٣/٠١.\n",
    ),
    (
        "fajr/2026-04-10-d.txt",
        "مفاوضات جديدة في العاصمة\n\nبدأت مفاوضات بين الأطراف في العاصمة، وأكد المبعوث الأممي أن وقف إطلاق النار صامد، وذكرت وكالة Reuters أن الجولة المقبلة في نيسان.\n",
    ),
];

fn write_corpus(root: &Path) {
    for (rel, text) in ARTICLES {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn quiet(_: &Progress<'_>) -> bool {
    true
}

fn setup() -> (tempfile::TempDir, tempfile::TempDir, CorpusIndex) {
    let corpus = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    write_corpus(corpus.path());
    let index = CorpusIndex::open_in(corpus.path(), cache.path()).unwrap();
    let s = index.update(&ReadOptions::default(), &mut quiet).unwrap();
    assert_eq!(s.articles, ARTICLES.len() as u64);
    (corpus, cache, index)
}

fn ids(index: &CorpusIndex, query: &str, stemming: bool) -> Vec<String> {
    let req =
        SearchRequest { query: query.into(), limit: 100, stemming, sort: Sort::DateAsc, ..SearchRequest::default() };
    let mut v: Vec<String> = index.search(&req).unwrap().hits.into_iter().map(|h| h.id).collect();
    v.sort();
    v
}

/// The one-letter names of the hit files (`…-a.txt` → 'a'), sorted.
fn short(ids: &[String]) -> Vec<char> {
    let mut v: Vec<char> = ids.iter().map(|i| i.chars().rev().nth(4).unwrap()).collect();
    v.sort_unstable();
    v
}

#[test]
fn spelling_variants_match() {
    let (_c, _d, index) = setup();
    assert_eq!(short(&ids(&index, "إيران", false)), ['b']);
    assert_eq!(short(&ids(&index, "ايران", false)), ['b']);
    assert_eq!(short(&ids(&index, "مستشفى", false)), ['a', 'c'], "مستشفى and مستشفي");
    assert_eq!(short(&ids(&index, "2026", false)), ['c'], "Arabic-Indic digits");
    assert_eq!(short(&ids(&index, "الحكومه", false)), ['a']);
}

#[test]
fn stemming_on_and_off() {
    let (_c, _d, index) = setup();
    // "والحكومة" is written only in b (as والحكومه); with stemming it also finds الحكومة in a.
    assert_eq!(short(&ids(&index, "والحكومة", false)), ['b']);
    assert_eq!(short(&ids(&index, "والحكومة", true)), ['a', 'b']);
}

#[test]
fn phrase_or_exclusion_prefix_fuzzy_fields_dates() {
    let (_c, _d, index) = setup();
    assert_eq!(short(&ids(&index, "\"وقف إطلاق النار\"", true)), ['c', 'd']);
    assert_eq!(short(&ids(&index, "\"النار وقف\"", false)), Vec::<char>::new(), "phrase order matters");
    assert_eq!(short(&ids(&index, "إيران OR مفاوضات", false)), ['b', 'd']);
    assert_eq!(short(&ids(&index, "\"وقف إطلاق النار\" -المعارضة", true)), ['d'], "exclusion works");
    assert_eq!(short(&ids(&index, "\"وقف إطلاق النار\" AND NOT المعارضة", true)), ['d'], "A AND NOT B");
    assert_eq!(short(&ids(&index, "-المياه", false)), ['b', 'd'], "pure exclusion = everything else");
    assert_eq!(short(&ids(&index, "مفاوض*", false)), ['d'], "prefix of the exact word");
    assert_eq!(short(&ids(&index, "المفاوض*", false)), ['c']);
    assert_eq!(short(&ids(&index, "المفاوضاث~", false)), ['c'], "one edit away");
    assert_eq!(short(&ids(&index, "title:المياه", false)), ['c']);
    assert_eq!(short(&ids(&index, "title:المياه", true)), ['a', 'c'], "للمياه by its stem");
    assert_eq!(short(&ids(&index, "date:2026-03-02..2026-03-31", false)), ['b', 'c']);
    assert_eq!(short(&ids(&index, "reuters", false)), ['d'], "Latin lowercased");
}

#[test]
fn invalid_queries_are_errors_not_empty_results() {
    let (_c, _d, index) = setup();
    for q in ["\"بلا إغلاق", "(حلب", "foo:bar", "date:tomorrow"] {
        let req = SearchRequest { query: q.into(), ..SearchRequest::default() };
        assert!(matches!(index.search(&req), Err(IndexError::Query(_))), "{q}");
    }
}

#[test]
fn facets_count_the_whole_hit_set_and_snippets_highlight() {
    let (_c, _d, index) = setup();
    let req = SearchRequest { query: "الواحة".into(), limit: 1, ..SearchRequest::default() };
    let r = index.search(&req).unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(r.hits.len(), 1);
    let days: u64 = r.facets.days.iter().map(|b| b.count).sum();
    assert_eq!(days + r.facets.undated, 3, "date histogram over all hits, not the page");
    let h = &r.hits[0];
    assert!(!h.snippet.highlights.is_empty());
    for range in &h.snippet.highlights {
        assert_eq!(&h.snippet.text[range.clone()], "الواحة");
    }
    let _ = EntityKind::Person;
}

#[test]
fn reader_record_and_kwic() {
    let (_c, _d, index) = setup();
    let a = index.article("sahel/2026-03-01-a.txt").unwrap().unwrap();
    assert_eq!(a.title, "الحكومة تعلن خطة جديدة للمياه");
    let hl = index.highlights("المياه", true, &a.body);
    assert!(hl.iter().all(|r| a.body[r.clone()].contains("المياه")));
    let rows = index.kwic(&SearchRequest { query: "المياه".into(), ..SearchRequest::default() }, 10, 20).unwrap();
    assert!(rows.len() >= 2);
    assert!(rows.iter().all(|r| r.line.hit.contains("المياه") && r.line.left.chars().count() <= 20));
}

#[test]
fn incremental_updates_only_touch_changes() {
    let (corpus, _d, index) = setup();
    let again = index.update(&ReadOptions::default(), &mut quiet).unwrap();
    assert_eq!((again.files_indexed, again.files_removed), (0, 0), "nothing changed");
    std::fs::write(
        corpus.path().join("sahel/2026-03-05-e.txt"),
        "خبر جديد عن الواحة\n\nنص قصير عن سد الواحة الجديد.\n",
    )
    .unwrap();
    std::fs::remove_file(corpus.path().join("fajr/2026-04-10-d.txt")).unwrap();
    let s = index.update(&ReadOptions::default(), &mut quiet).unwrap();
    assert_eq!((s.files_indexed, s.files_removed, s.articles), (1, 1, 4));
    assert_eq!(short(&ids(&index, "سد", false)), ['e']);
    assert!(ids(&index, "مفاوضات", false).iter().all(|i| !i.ends_with("d.txt")));
}

#[test]
fn cancelled_update_leaves_a_valid_index_and_resumes() {
    let corpus = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    write_corpus(corpus.path());
    let index = CorpusIndex::open_in(corpus.path(), cache.path()).unwrap();
    let mut calls = 0;
    let s = index
        .update(&ReadOptions::default(), &mut |_: &Progress<'_>| {
            calls += 1;
            calls < 3
        })
        .unwrap();
    assert!(s.cancelled);
    let before = index.num_articles();
    assert!(before < ARTICLES.len() as u64);
    let s = index.update(&ReadOptions::default(), &mut quiet).unwrap();
    assert!(!s.cancelled);
    assert_eq!(s.articles, ARTICLES.len() as u64);
}

#[test]
fn a_second_writer_is_refused_and_told_why() {
    let (corpus, cache, index) = setup();
    std::fs::write(corpus.path().join("sahel/x.txt"), "عنوان\n\nنص").unwrap();
    let other = CorpusIndex::open_in(corpus.path(), cache.path()).unwrap();
    // Hold the writer lock the way a running update does.
    let held = tantivy::Index::open_in_dir(cache.path().join("tantivy")).unwrap();
    let _w: tantivy::IndexWriter = held.writer(15_000_000).unwrap();
    match other.update(&ReadOptions::default(), &mut quiet) {
        Err(IndexError::Busy(msg)) => {
            assert!(msg.contains(&corpus.path().file_name().unwrap().to_string_lossy().to_string()));
        }
        r => panic!("expected Busy, got {:?}", r.map(|s| s.files_indexed)),
    }
    assert_eq!(index.num_articles(), ARTICLES.len() as u64, "readers keep working");
}

#[test]
fn a_corrupt_index_is_reported_and_rebuilt() {
    let (corpus, cache, index) = setup();
    drop(index);
    std::fs::write(cache.path().join("tantivy/meta.json"), b"{ not json").unwrap();
    let index = CorpusIndex::open_in(corpus.path(), cache.path()).unwrap();
    assert!(index.notes().iter().any(|n| n.contains("rebuilding")), "{:?}", index.notes());
    let s = index.update(&ReadOptions::default(), &mut quiet).unwrap();
    assert_eq!(s.articles, ARTICLES.len() as u64);
}

#[test]
fn the_corpus_folder_is_never_written() {
    let (corpus, _d, index) = setup();
    let _ = index.update(&ReadOptions::default(), &mut quiet).unwrap();
    let mut names: Vec<String> = walkdir::WalkDir::new(corpus.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), ARTICLES.len());
}

#[test]
fn reader_text_is_re_read_from_the_corpus_and_a_missing_file_is_said() {
    let (corpus, cache, index) = setup();
    let a = index.article("sahel/2026-03-02-b.txt").unwrap().unwrap();
    assert!(a.body.contains("وصل وفد من ايران"), "{}", a.body);
    assert_eq!(a.date.as_deref(), Some("2026-03-02"));
    assert!(a.problems.is_empty());
    drop(index);
    std::fs::remove_file(corpus.path().join("sahel/2026-03-02-b.txt")).unwrap();
    let index = CorpusIndex::open_in(corpus.path(), cache.path()).unwrap();
    let a = index.article("sahel/2026-03-02-b.txt").unwrap().unwrap();
    assert_eq!(a.title, "وفد من إيران يزور الواحة", "stored facts remain");
    assert!(a.body.is_empty());
    assert!(a.problems[0].reason.contains("update the index"), "{:?}", a.problems);
}

#[test]
fn an_index_made_with_other_rules_is_rebuilt() {
    let (corpus, cache, index) = setup();
    drop(index);
    let path = cache.path().join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m["rules"] = serde_json::json!(12345);
    std::fs::write(&path, serde_json::to_vec(&m).unwrap()).unwrap();
    let index = CorpusIndex::open_in(corpus.path(), cache.path()).unwrap();
    assert!(index.notes().iter().any(|n| n.contains("other reading rules")), "{:?}", index.notes());
    let s = index.update(&ReadOptions::default(), &mut quiet).unwrap();
    assert_eq!(s.files_indexed, ARTICLES.len());
}

#[test]
fn skipped_files_are_listed_again_on_reopen_without_rereading() {
    let (corpus, _d, index) = setup();
    std::fs::write(corpus.path().join("sahel/broken.txt"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    let s = index.update(&ReadOptions::default(), &mut quiet).unwrap();
    assert!(s.problems.iter().any(|p| p.path == "sahel/broken.txt" && p.reason.contains("binary")), "{:?}", s.problems);
    let again = index.update(&ReadOptions::default(), &mut quiet).unwrap();
    assert_eq!(again.files_indexed, 0);
    assert_eq!(again.bytes_read, 0, "the broken file is not re-read");
    assert!(again.problems.iter().any(|p| p.path == "sahel/broken.txt"), "{:?}", again.problems);
}
