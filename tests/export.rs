//! Exports end to end: every format read back, the safety rules (no overwrite without force,
//! never into the corpus, atomic and cancellable), and `marsad export` with a selection.

use std::path::{Path, PathBuf};
use std::process::Command;

use marsad::corpus::{Article, ReadOptions};
use marsad::entities::Entities;
use marsad::export::{self, ExportError, ExportOptions, Format, Selection};
use marsad::index::{CorpusIndex, Progress, Sort};

const ARTICLES: &[(&str, &str)] = &[
    (
        "wadi/2026-03-01-a.txt",
        "الحكومة تعلن خطة جديدة للمياه\n\nأعلنت الحكومة اليوم خطة جديدة لإصلاح شبكة المياه في مدينة الواحة، وقال الوزير سامر النجار إن الخطة تكلف 12 مليون دولار.\nوأضاف أن مستشفى المدينة سيحصل على خزان جديد.\n",
    ),
    (
        "wadi/2026-03-02-b.txt",
        "وفد يزور الواحة لبحث التعاون\n\nوصل وفد رسمي إلى مدينة الواحة لبحث التعاون الزراعي، وقالت الحكومة في بيان إن الزيارة تستمر يومين.\n",
    ),
    (
        "nahr/2026-03-03-c.txt",
        "المعارضة ترفض خطة المياه\n\nرفضت المعارضة خطة المياه وقالت إن المفاوضات لم تبدأ بعد.\nوقال المتحدث إن مستشفى الريف بلا كهرباء منذ أسبوع.\n",
    ),
    (
        "nahr/2026-04-10-d.txt",
        "مفاوضات جديدة في العاصمة\n\nبدأت مفاوضات بين الأطراف في العاصمة، وأكد المبعوث أن الجولة المقبلة في نيسان.\n",
    ),
];

struct Setup {
    corpus: tempfile::TempDir,
    cache: tempfile::TempDir,
    out: tempfile::TempDir,
}

fn setup() -> Setup {
    let corpus = tempfile::tempdir().unwrap();
    for (rel, text) in ARTICLES {
        let p = corpus.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    Setup { corpus, cache: tempfile::tempdir().unwrap(), out: tempfile::tempdir().unwrap() }
}

fn quiet(_: &Progress<'_>) -> bool {
    true
}

fn open(s: &Setup) -> CorpusIndex {
    let index = CorpusIndex::open_in(s.corpus.path(), s.cache.path()).unwrap();
    index.update(&ReadOptions::default(), &mut quiet).unwrap();
    index
}

fn opts(format: Format, out: PathBuf, query: &str) -> ExportOptions {
    ExportOptions { format, out, overwrite: false, query: query.into(), corpus_root: None }
}

fn all() -> Selection {
    Selection::Query { query: String::new(), sort: Sort::DateAsc, stemming: true }
}

fn keep_going(_: usize, _: usize) -> bool {
    true
}

fn marsad(s: &Setup) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.env("MARSAD_CACHE_DIR", s.cache.path()).env("MARSAD_CONFIG_DIR", s.cache.path().join("config"));
    c
}

/// Names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn jsonl_round_trip_matches_the_index() {
    let s = setup();
    let index = open(&s);
    let out = s.out.path().join("all.jsonl");
    let summary =
        export::export_from_index(&index, &all(), &opts(Format::Jsonl, out.clone(), ""), &mut keep_going).unwrap();
    assert_eq!(summary.articles, ARTICLES.len());
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), ARTICLES.len());
    for v in &lines {
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 8);
        for k in export::COLUMNS {
            assert!(v.get(k).is_some(), "missing {k}");
        }
        let a = index.article(v["id"].as_str().unwrap()).unwrap().unwrap();
        assert_eq!(v["path"], a.path.as_str());
        assert_eq!(v["title"], a.title.as_str());
        assert_eq!(v["body"], a.body.as_str());
        assert_eq!(v["outlet"].as_str(), a.outlet.as_deref());
        assert_eq!(v["date"].as_str(), a.date.as_deref());
        let e: Entities = serde_json::from_value(v["entities"].clone()).unwrap();
        assert_eq!(e, a.entities);
        assert_eq!(v["query"], "");
        assert!(!a.body.is_empty());
    }
    // Sorted oldest first, as asked.
    let dates: Vec<&str> = lines.iter().filter_map(|v| v["date"].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn csv_has_bom_exact_columns_and_intact_arabic() {
    let s = setup();
    let index = open(&s);
    let out = s.out.path().join("water.csv");
    let sel = Selection::Query { query: "المياه".into(), sort: Sort::Score, stemming: true };
    let summary =
        export::export_from_index(&index, &sel, &opts(Format::Csv, out.clone(), "المياه"), &mut keep_going).unwrap();
    assert_eq!(summary.articles, 2);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), export::COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row.len(), 8);
        let a = index.article(&row[0]).unwrap().unwrap();
        assert_eq!(&row[1], a.path);
        assert_eq!(&row[4], a.title);
        assert_eq!(&row[5], a.body, "multi-line Arabic body survives");
        assert_eq!(&row[7], "المياه");
        assert!(row[4].contains("خطة"));
    }
}

#[test]
fn formulas_in_cells_are_neutralised_and_long_cells_cut() {
    let out = tempfile::tempdir().unwrap();
    let evil = Article {
        id: "x.txt".into(),
        path: "x.txt".into(),
        title: "=HYPERLINK(\"http://example.invalid\",\"انقر هنا\")".into(),
        body: "-2+3\n@SUM(A1)".into(),
        outlet: Some("+outlet".into()),
        ..Article::default()
    };
    let csv_path = out.path().join("e.csv");
    export::export([evil.clone()], 1, &opts(Format::Csv, csv_path.clone(), "-روسيا"), &mut keep_going).unwrap();
    let bytes = std::fs::read(&csv_path).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[4], format!("'{}", evil.title));
    assert_eq!(&row[5], "'-2+3\n@SUM(A1)");
    assert_eq!(&row[2], "'+outlet");
    assert_eq!(&row[7], "'-روسيا");
    // JSONL keeps the text exactly.
    let jsonl = out.path().join("e.jsonl");
    export::export([evil.clone()], 1, &opts(Format::Jsonl, jsonl.clone(), ""), &mut keep_going).unwrap();
    let v: serde_json::Value = serde_json::from_str(std::fs::read_to_string(&jsonl).unwrap().trim()).unwrap();
    assert_eq!(v["title"], evil.title.as_str());
    // XLSX: a body over Excel's cell limit is cut, not an error.
    let long = Article { body: "كلمة ".repeat(10_000), ..evil };
    let xlsx = out.path().join("e.xlsx");
    let s = export::export([long], 1, &opts(Format::Xlsx, xlsx.clone(), ""), &mut keep_going).unwrap();
    assert_eq!(s.truncated_cells, 1);
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn xlsx_is_a_zip_workbook() {
    let s = setup();
    let index = open(&s);
    let out = s.out.path().join("all.xlsx");
    let summary =
        export::export_from_index(&index, &all(), &opts(Format::Xlsx, out.clone(), ""), &mut keep_going).unwrap();
    assert_eq!(summary.articles, ARTICLES.len());
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"xl/worksheets/sheet1.xml") && has(b"xl/workbook.xml"));
    assert_eq!(listing(s.out.path()), ["all.xlsx"], "no temporary files left");
}

#[test]
fn txt_folder_has_one_file_per_article_and_a_manifest() {
    let s = setup();
    let index = open(&s);
    let out = s.out.path().join("texts");
    let summary =
        export::export_from_index(&index, &all(), &opts(Format::Txt, out.clone(), ""), &mut keep_going).unwrap();
    assert_eq!(summary.articles, ARTICLES.len());
    let files = listing(&out);
    assert_eq!(files.len(), ARTICLES.len() + 1, "{files:?}");
    assert!(files.contains(&"manifest.csv".to_owned()));
    let bytes = std::fs::read(out.join("manifest.csv")).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["file", "id", "path", "outlet", "date", "title"]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), ARTICLES.len());
    for row in &rows {
        let name = &row[0];
        assert!(name.ends_with(".txt") && files.iter().any(|f| f == name), "{name}");
        let a = index.article(&row[1]).unwrap().unwrap();
        let stem_start = a.date.clone().unwrap_or_else(|| "undated".into());
        assert!(name.starts_with(&stem_start), "{name}");
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(text.starts_with(&a.title));
        assert!(text.contains(&format!("source: {}", a.path)));
        assert!(text.contains(&a.body));
    }
    assert_eq!(listing(s.out.path()), ["texts"], "no temporary folders left");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Exports are for sharing: ordinary modes, not the private ones of temporary files.
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o755);
        let csv = s.out.path().join("all.csv");
        export::export_from_index(&index, &all(), &opts(Format::Csv, csv.clone(), ""), &mut keep_going).unwrap();
        assert_eq!(std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777, 0o644);
    }
}

#[test]
fn cancelled_export_leaves_nothing_and_keeps_an_earlier_file() {
    let dir = tempfile::tempdir().unwrap();
    let many: Vec<Article> = (0..100)
        .map(|i| Article {
            id: format!("{i}.txt"),
            path: format!("{i}.txt"),
            title: format!("خبر رقم {i}"),
            body: "نص الخبر.".into(),
            ..Article::default()
        })
        .collect();
    for format in [Format::Csv, Format::Jsonl, Format::Xlsx, Format::Txt] {
        let name = format!("out.{format}");
        let target = dir.path().join(&name);
        let mut calls = Vec::new();
        let mut cancel_midway = |done: usize, total: usize| {
            calls.push(done);
            assert_eq!(total, 100);
            done < 32
        };
        // No earlier file: nothing appears.
        let e = export::export(many.clone(), 100, &opts(format, target.clone(), ""), &mut cancel_midway).unwrap_err();
        assert!(matches!(e, ExportError::Cancelled { .. }), "{e}");
        assert_eq!(calls, [0, 16, 32]);
        assert!(!target.exists());
        assert!(listing(dir.path()).is_empty(), "{format}: {:?}", listing(dir.path()));
        // An earlier export stays intact even when overwriting was allowed.
        if format == Format::Txt {
            std::fs::create_dir(&target).unwrap();
            std::fs::write(target.join("manifest.csv"), "old").unwrap();
        } else {
            std::fs::write(&target, "old").unwrap();
        }
        let mut o = opts(format, target.clone(), "");
        o.overwrite = true;
        let mut stop = |done: usize, _: usize| done < 16;
        assert!(matches!(export::export(many.clone(), 100, &o, &mut stop), Err(ExportError::Cancelled { .. })));
        let kept = if format == Format::Txt { target.join("manifest.csv") } else { target.clone() };
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "old");
        assert_eq!(listing(dir.path()), [name.as_str()]);
        // Completed with overwrite: replaced.
        let s = export::export(many.clone(), 100, &o, &mut keep_going).unwrap();
        assert_eq!(s.articles, 100);
        assert_ne!(std::fs::read(&kept).unwrap(), b"old");
        assert_eq!(listing(dir.path()), [name.as_str()]);
        if format == Format::Txt {
            assert_eq!(listing(&target).len(), 101);
            std::fs::remove_dir_all(&target).unwrap();
        } else {
            std::fs::remove_file(&target).unwrap();
        }
    }
}

#[test]
fn existing_targets_and_the_corpus_are_refused() {
    let s = setup();
    let index = open(&s);
    // Inside the corpus (and the corpus itself), by the library…
    for out in [s.corpus.path().join("wadi/x.csv"), s.corpus.path().join("new.csv"), s.corpus.path().to_path_buf()] {
        let e = export::export_from_index(&index, &all(), &opts(Format::Csv, out, ""), &mut keep_going).unwrap_err();
        assert!(matches!(e, ExportError::InsideCorpus { .. }), "{e}");
    }
    // …a folder holding the corpus…
    let parent = s.corpus.path().parent().unwrap().to_path_buf();
    let mut o = opts(Format::Txt, parent, "");
    o.overwrite = true;
    let e = export::export_from_index(&index, &all(), &o, &mut keep_going).unwrap_err();
    assert!(matches!(e, ExportError::ContainsCorpus { .. }), "{e}");
    // …a folder that is not an earlier text export, even with overwrite.
    let stuff = s.out.path().join("stuff");
    std::fs::create_dir(&stuff).unwrap();
    std::fs::write(stuff.join("thesis.docx"), "precious").unwrap();
    let mut o = opts(Format::Txt, stuff.clone(), "");
    o.overwrite = true;
    let e = export::export_from_index(&index, &all(), &o, &mut keep_going).unwrap_err();
    assert!(matches!(e, ExportError::Target { .. }), "{e}");
    assert_eq!(std::fs::read_to_string(stuff.join("thesis.docx")).unwrap(), "precious");
    // …and by the command line, naming both folders.
    let out = marsad(&s)
        .arg("export")
        .arg(s.corpus.path())
        .args(["--format", "csv", "--out"])
        .arg(s.corpus.path().join("out.csv"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let corpus = std::fs::canonicalize(s.corpus.path()).unwrap();
    assert!(err.contains("inside the corpus folder") && err.contains(&*corpus.to_string_lossy()), "{err}");
    assert!(!s.corpus.path().join("out.csv").exists());
    // An existing file: refused without --force and left intact, replaced with it.
    let target = s.out.path().join("x.csv");
    std::fs::write(&target, "keep me").unwrap();
    let run = |force: bool| {
        let mut c = marsad(&s);
        c.arg("export").arg(s.corpus.path()).args(["--format", "csv", "--out"]).arg(&target);
        if force {
            c.arg("--force");
        }
        c.output().unwrap()
    };
    let out = run(false);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already exists"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    let out = run(true);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&target).unwrap().starts_with(b"\xEF\xBB\xBFid,path,outlet,date,title,body,entities,query"));
}

#[test]
fn cli_selection_exports_exactly_those_ids_in_order() {
    let s = setup();
    let ids = ["nahr/2026-04-10-d.txt", "wadi/2026-03-01-a.txt"];
    let sel = s.out.path().join("ids.txt");
    std::fs::write(&sel, format!("{}\r\n\n{}\n", ids[0], ids[1])).unwrap();
    let out_file = s.out.path().join("sel.jsonl");
    let out = marsad(&s)
        .arg("export")
        .arg(s.corpus.path())
        .args(["--query", "منتقاة", "--format", "jsonl", "--json", "--selection"])
        .arg(&sel)
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut keys: Vec<&str> = summary.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["articles", "format", "out", "seconds"]);
    assert_eq!(summary["articles"], 2);
    assert_eq!(summary["format"], "jsonl");
    let got: Vec<serde_json::Value> =
        std::fs::read_to_string(&out_file).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let got_ids: Vec<&str> = got.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(got_ids, ids);
    assert!(got.iter().all(|v| v["query"] == "منتقاة"));
    // Unknown ids: an error naming them, and no file.
    std::fs::write(&sel, format!("{}\nnope/missing.txt\n", ids[0])).unwrap();
    let out_file = s.out.path().join("bad.jsonl");
    let out = marsad(&s)
        .arg("export")
        .arg(s.corpus.path())
        .args(["--format", "jsonl", "--selection"])
        .arg(&sel)
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope/missing.txt"));
    assert!(!out_file.exists());
}

#[test]
fn cli_exports_every_format_with_a_query() {
    let s = setup();
    for format in ["csv", "jsonl", "xlsx", "txt"] {
        let target = s.out.path().join(format!("q.{format}"));
        let out = marsad(&s)
            .arg("export")
            .arg(s.corpus.path())
            .args(["--query", "مستشفى", "--format", format, "--out"])
            .arg(&target)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("wrote 2 article(s)"), "{stdout}");
        assert!(target.exists());
    }
}
