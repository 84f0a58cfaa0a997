//! Crash safety: `marsad index` and `marsad export` killed with SIGKILL part-way through.
//!
//! A killed index run must leave its last commit openable and searchable, and the next run must
//! finish the job and end with exactly what an uninterrupted run gives. A killed export must
//! leave nothing under the target name, or, when replacing a file, that file byte for byte as it
//! was; what it leaves behind must be clearly temporary.
//!
//! Killing "part-way" is timing-dependent, so nothing here measures time: each run is watched
//! for an on-disk sign that it is under way (the index manifest written by the first commit; the
//! export's temporary file filling), killed at that moment, and retried with a bigger corpus (or
//! an earlier sign) when it finished first.

#![cfg(unix)]

use std::collections::BTreeSet;
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};

use marsad::index::{CorpusIndex, SearchRequest};

mod common;
use common::marsad;

/// Articles of the first attempt. Measured on the 2-core test machine: `marsad index` takes about
/// 5 s on 8,000 of them (its first commit comes after 3 s, the last at the end) and
/// `marsad export --format csv` about 7 s.
const ARTICLES: usize = 8_000;
/// Attempts before giving up on killing a run part-way (each doubles the corpus).
const ATTEMPTS: usize = 4;
const SIGKILL: i32 = 9;

const NOUNS: &str = "مدينة قرية نهر جسر سوق مدرسة طريق مجلس لجنة مشروع مياه كهرباء مزارع حصاد موسم شتاء صيف \
    ربيع خريف سكان أهالي مهندس طبيب معلم تاجر صياد قارب ميناء مطار قطار حافلة مكتبة ملعب حديقة مستشفى بلدية ساحة \
    جامعة طلاب امتحان نتائج خطة ميزانية تقرير اجتماع بيان زيارة وفد افتتاح ترميم بناء توسيع إصلاح نقص ارتفاع \
    انخفاض أسعار قمح زيتون تمر برتقال أمطار رياح غبار ثلوج";
const VERBS: &str = "أعلن قال أضاف أكد ذكر افتتح زار ناقش رفض وافق طالب بدأ انتهى ارتفع انخفض وصل غادر شارك نظم استقبل";
/// Words whose hit sets are compared between the resumed and the uninterrupted index.
const PROBES: [&str; 6] = ["ميناء", "قمح", "مستشفى", "\"سوق مدرسة\"", "طبيب OR معلم", "ثلوج -أمطار"];

/// Writes made-up articles `from..to` (a title line and four paragraphs of shuffled words, so no
/// line recurs) into eight outlet folders.
fn write_articles(root: &Path, from: usize, to: usize) {
    let nouns: Vec<&str> = NOUNS.split_whitespace().collect();
    let verbs: Vec<&str> = VERBS.split_whitespace().collect();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D ^ from as u64;
    let mut next = |n: usize| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) as usize % n
    };
    for i in from..to {
        let dir = root.join(format!("source-{}", i % 8));
        std::fs::create_dir_all(&dir).unwrap();
        let mut text: Vec<String> = vec![(0..6).map(|_| nouns[next(nouns.len())]).collect::<Vec<_>>().join(" ")];
        text.push(String::new());
        for _ in 0..4 {
            let mut p = vec![verbs[next(verbs.len())]];
            p.extend((0..30).map(|_| nouns[next(nouns.len())]));
            text.push(format!("{}.", p.join(" ")));
        }
        std::fs::write(dir.join(format!("article-{i:06}.txt")), text.join("\n") + "\n").unwrap();
    }
}

fn spawn(c: &mut Command) -> Child {
    c.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap()
}

/// Runs `marsad index --json` to completion; returns its summary.
fn index_to_completion(home: &Path, root: &Path) -> serde_json::Value {
    let out = marsad(home).args(["index", "--json"]).arg(root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Waits until `ready()` (then sends SIGKILL) or until the child exits by itself; returns how it
/// ended. Polls; nothing is timed.
fn kill_when(child: &mut Child, ready: impl Fn() -> bool) -> ExitStatus {
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if ready() {
            child.kill().unwrap();
            return child.wait().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

fn killed(status: ExitStatus) -> bool {
    status.signal() == Some(SIGKILL)
}

fn index_dir(home: &Path, root: &Path) -> PathBuf {
    CorpusIndex::location_under(&home.join("cache"), root).unwrap()
}

fn all_ids(index: &CorpusIndex, query: &str) -> BTreeSet<String> {
    let req = SearchRequest { query: query.into(), ..SearchRequest::default() };
    index.hit_ids(&req).unwrap().into_iter().collect()
}

#[test]
fn a_killed_index_run_keeps_its_last_commit_and_the_next_run_finishes_it() {
    let corpus = tempfile::tempdir().unwrap();
    let root = corpus.path();
    let mut size = 0;
    for attempt in 0..ATTEMPTS {
        let grow_to = ARTICLES << attempt;
        write_articles(root, size, grow_to);
        size = grow_to;
        let home = tempfile::tempdir().unwrap();
        let dir = index_dir(home.path(), root);
        // The manifest is written right after a commit, never before the first.
        let mut child = spawn(marsad(home.path()).arg("index").arg(root));
        let status = kill_when(&mut child, || dir.join("manifest.json").exists());
        if !killed(status) {
            assert!(status.success(), "marsad index failed: {status}");
            eprintln!("attempt {attempt}: indexing {size} articles finished before the kill; retrying with more");
            continue;
        }

        // The last commit opens (not rebuilt) and answers searches.
        let index = CorpusIndex::open_in(root, &dir).unwrap();
        assert!(index.notes().is_empty(), "{:?}", index.notes());
        let committed = index.num_articles();
        if committed == size as u64 {
            eprintln!("attempt {attempt}: killed after the last commit of {size} articles; retrying with more");
            continue;
        }
        assert!(committed > 0);
        assert_eq!(all_ids(&index, "").len() as u64, committed, "every committed article is searchable");
        assert!(!all_ids(&index, "ميناء").is_empty());
        drop(index);
        eprintln!("attempt {attempt}: killed with {committed} of {size} articles committed");

        // The next run picks up where the killed one stopped and finishes.
        let resumed = index_to_completion(home.path(), root);
        assert_eq!(resumed["articles"], size as u64, "{resumed}");
        assert_eq!(resumed["problems"], serde_json::json!([]), "{resumed}");
        let indexed = resumed["files_indexed"].as_u64().unwrap();
        assert!(indexed < size as u64 && indexed >= size as u64 - committed, "{resumed}");

        // …and ends where an uninterrupted run into a fresh cache ends.
        let fresh_home = tempfile::tempdir().unwrap();
        let fresh = index_to_completion(fresh_home.path(), root);
        assert_eq!(fresh["articles"], resumed["articles"]);
        let a = CorpusIndex::open_in(root, &dir).unwrap();
        let b = CorpusIndex::open_in(root, &index_dir(fresh_home.path(), root)).unwrap();
        assert_eq!(a.num_articles(), b.num_articles());
        for q in PROBES {
            let (x, y) = (all_ids(&a, q), all_ids(&b, q));
            assert!(!x.is_empty(), "{q}");
            assert!(x == y, "{q}: {} hits in the resumed index, {} in the fresh one", x.len(), y.len());
        }
        return;
    }
    panic!("marsad index finished before it could be killed in {ATTEMPTS} attempts");
}

/// The export's temporary files in `dir` (`.NAME.XXXXXX.part`), with their sizes.
fn part_files(dir: &Path) -> Vec<(String, u64)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.metadata().map_or(0, |m| m.len())))
        .filter(|(n, _)| n.ends_with(".part"))
        .collect()
}

/// Everything in `dir` but the `targets` themselves, each asserted to be a temporary file of an
/// export to one of them (`.TARGET.XXXXXX.part`: hidden, and named after its target).
fn leftovers(dir: &Path, targets: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !targets.contains(&n.as_str()))
        .collect();
    names.sort();
    for n in &names {
        let temporary = targets.iter().any(|t| n.starts_with(&format!(".{t}."))) && n.ends_with(".part");
        assert!(temporary, "not clearly temporary: {n:?}");
    }
    names
}

/// Starts `marsad export` and kills it while it writes. The first attempt waits until the
/// temporary file holds data (its 256 KB write buffer has been flushed at least once); when the
/// export finishes first, later attempts kill as soon as the temporary file exists. Returns
/// false when every attempt finished before the kill (`reset` then undoes the finished export).
fn kill_export(home: &Path, root: &Path, out: &Path, force: bool, reset: impl Fn()) -> bool {
    let dir = out.parent().unwrap();
    for attempt in 0..ATTEMPTS {
        let before = part_files(dir).len();
        let mut c = marsad(home);
        c.args(["export", "--format", "csv", "--out"]).arg(out).arg(root);
        if force {
            c.arg("--force");
        }
        let mut child = spawn(&mut c);
        let started = |min: u64| part_files(dir).iter().filter(|(_, size)| *size >= min).count() > before;
        let status = kill_when(&mut child, || started(if attempt == 0 { 1 } else { 0 }));
        if killed(status) {
            eprintln!("export attempt {attempt} killed; temporary files then: {:?}", part_files(dir));
            return true;
        }
        assert!(status.success(), "marsad export failed: {status}");
        eprintln!("export attempt {attempt} finished before the kill; retrying");
        reset();
    }
    false
}

#[test]
fn a_killed_export_leaves_nothing_under_the_target_name() {
    let corpus = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let root = corpus.path();
    write_articles(root, 0, ARTICLES);
    assert_eq!(index_to_completion(home.path(), root)["articles"], ARTICLES as u64);

    // Replacing an earlier export: killed, the earlier file is intact byte for byte.
    let old = out.path().join("export.csv");
    let known = "\u{FEFF}id,path\nتصدير سابق,لا يتغير\n".as_bytes();
    std::fs::write(&old, known).unwrap();
    let reset = || std::fs::write(&old, known).unwrap();
    assert!(kill_export(home.path(), root, &old, true, reset), "the export always finished before the kill");
    assert_eq!(std::fs::read(&old).unwrap(), known, "the earlier export changed");
    let left = leftovers(out.path(), &["export.csv"]);
    eprintln!("left beside export.csv after the kill: {left:?}");

    // A new export: killed, nothing under its name.
    let new = out.path().join("new.csv");
    let reset = || std::fs::remove_file(&new).unwrap();
    assert!(kill_export(home.path(), root, &new, false, reset), "the export always finished before the kill");
    assert!(!new.exists(), "a killed export left a file under the final name");
    let left = leftovers(out.path(), &["export.csv", "new.csv"]);
    eprintln!("left beside new.csv after the kill: {left:?}");

    // Leftovers do not get in the way: the same exports then complete.
    for (path, force) in [(&new, false), (&old, true)] {
        let mut c = marsad(home.path());
        c.args(["export", "--json", "--format", "csv", "--out"]).arg(path).arg(root);
        if force {
            c.arg("--force");
        }
        let done = c.output().unwrap();
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
        let mut r = csv::Reader::from_path(path).unwrap();
        assert_eq!(r.records().count(), ARTICLES);
    }
}
