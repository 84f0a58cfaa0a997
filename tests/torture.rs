//! A torture corpus, generated here: binary, empty, oversized, broken and legacy-encoded files,
//! odd line endings, boilerplate-only pages, hostile file names (spaces, Arabic, a right-to-left
//! override, a newline), a symlink loop, an unreadable file, a folder of 100,000 tiny files, and
//! files deleted and grown while an update runs. Indexing must finish without a panic, every good
//! file must be searchable by a word only it contains, and every bad file must be reported with a
//! reason naming it; the command line must not print raw control characters of file names, and
//! exporting the articles with hostile names must work.
//!
//! Every text here is made up for these tests (fictional sentences, made-up marker words).

#![cfg(unix)]

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use marsad::corpus::{Problem, ReadOptions};
use marsad::index::{CorpusIndex, Phase, Progress, SearchRequest, Sink};

mod common;
use common::marsad;

/// Tiny files in `tiny/` for the library test. Measured on the 2-core test machine: writing them
/// takes about 4 s and indexing them about 20 s, so the full 100,000 are used.
const TINY_FILES: usize = 100_000;
/// The oversized file of the library test: 200 MB, far over the default 20 MB limit. It is skipped
/// while listing (by its size, never read), so only writing it costs time (about a second here).
const HUGE_BYTES: u64 = 200 * 1024 * 1024;
/// The command-line test uses `--max-file-mb 1` and a file just over 1 MB instead.
const CLI_MAX_MB: u64 = 1;

/// The word every tiny file contains, and the letters their own marker words are made of.
const TINY_WORD: &str = "زمردان";
const LETTERS: &str = "بتثجحخدذرزسشصضطظعغفقكلمن";
/// The word the two files with hostile names share (their export selection).
const HOSTILE_WORD: &str = "مشتركوم";

const RTL_NAME: &str = "report\u{202E}gpj.exe.txt";
const NEWLINE_NAME: &str = "first\nsecond.txt";
/// An empty file with a right-to-left override in its name: it is listed as a problem, and the
/// problem line must show the control as a visible code.
const RTL_BAD_NAME: &str = "فارغ\u{202E}txt.exe.txt";
const DELETED: &str = "zz/deleted.txt";
const GROWING: &str = "zz/growing.txt";
const UNREADABLE: &str = "unreadable.txt";
/// Words appended to the growing file during the update (before pass 1 reads it, and between
/// pass 1 and pass 2).
const GROWN_WORDS: [&str; 2] = ["نمودرك", "سفلنتيج"];

/// A good file: where it is, and the made-up word only it contains.
struct Good {
    rel: String,
    word: &'static str,
}

/// A bad file: where it is, and a word its problem's reason must contain.
struct Bad {
    rel: String,
    reason: &'static str,
}

/// What the generated corpus should give.
struct Expect {
    good: Vec<Good>,
    bad: Vec<Bad>,
    tiny: BTreeSet<String>,
    /// False when running with the privilege to read a mode-000 file (root): it is then not bad.
    unreadable_is_bad: bool,
}

/// A small made-up article: a title line and two paragraphs, each naming `word` (so no line
/// recurs across files and the corpus-level boilerplate rule leaves them alone).
fn article(word: &str) -> String {
    format!(
        "خبر عن {word} في بلدة الندى\n\n\
         أعلن مجلس بلدة الندى الصغيرة صباح اليوم أن مشروع {word} الجديد سيبدأ قبل نهاية الموسم، \
         وقال رئيس المجلس إن سكان الحي الشرقي طلبوا المشروع منذ سنوات طويلة.\n\
         وأضاف أن لجنة من المهندسين ستزور موقع {word} الأسبوع المقبل لتقدير الكلفة ومدة العمل \
         قبل أن يعرض المجلس الخطة على الأهالي في اجتماع عام.\n"
    )
}

/// The made-up marker word of tiny file `i` (four letters of [`LETTERS`], unique per file).
fn tiny_word(i: usize) -> String {
    let letters: Vec<char> = LETTERS.chars().collect();
    let mut n = i;
    let mut s = String::from("ظظ");
    for _ in 0..4 {
        s.push(letters[n % letters.len()]);
        n /= letters.len();
    }
    s
}

fn tiny_rel(i: usize) -> String {
    format!("tiny/{i:06}.txt")
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    let mut b = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    b.extend(s.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }));
    b
}

/// Deterministic pseudo-random bytes (xorshift), with NUL bytes sprinkled in.
fn binary_bytes(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if i % 37 == 5 { 0 } else { (x >> 24) as u8 }
        })
        .collect()
}

/// Writes a file of at least `bytes` bytes by repeating one paragraph.
fn write_huge(path: &Path, bytes: u64) {
    let para = article("هائلوس");
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    let mut written = 0u64;
    while written <= bytes {
        f.write_all(para.as_bytes()).unwrap();
        written += para.len() as u64;
    }
    f.flush().unwrap();
}

/// Generates the torture corpus under `root`: `tiny` tiny files and an oversized file of more
/// than `huge` bytes.
fn torture_corpus(root: &Path, tiny: usize, huge: u64) -> Expect {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let mut add = |rel: &str, word: &'static str, bytes: Vec<u8>| {
        write(root, rel, bytes);
        good.push(Good { rel: rel.to_owned(), word });
    };
    add("plain.txt", "سندغور", article("سندغور").into_bytes());
    let mut broken = article("بلطقون").into_bytes();
    let at = broken.len() / 2;
    let at = (at..broken.len()).find(|&i| broken[i] == b' ').unwrap();
    broken.splice(at..at, [0xFF, 0xFE, 0xC0]);
    add("invalid-utf8.txt", "بلطقون", broken);
    add("utf16le.txt", "فرزنكت", utf16(&article("فرزنكت"), false));
    add("utf16be.txt", "طمسوخ", utf16(&article("طمسوخ"), true));
    let legacy = article("دغلبيش");
    let (cp1256, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&legacy);
    assert!(!unmappable);
    add("cp1256.txt", "دغلبيش", cp1256.into_owned());
    add(
        "line-endings.txt",
        "كشطرون",
        "عنوان كشطرون المختلط\r\n\r\nفقرة أولى عن كشطرون تنتهي بسطر على طريقة ويندوز القديمة.\rفقرة ثانية عن كشطرون تنتهي بعلامة ماك القديمة.\nفقرة ثالثة عن كشطرون تنتهي بسطر يونكس.\r\n"
            .as_bytes()
            .to_vec(),
    );
    add("name with spaces.txt", "جلمدوس", article("جلمدوس").into_bytes());
    add("أخبار/مقال عن القرية.txt", "صغنتوف", article("صغنتوف").into_bytes());
    add(
        RTL_NAME,
        "خربقيل",
        format!("{}\n{HOSTILE_WORD} يظهر هنا في فقرة أخيرة قصيرة عن خربقيل.\n", article("خربقيل")).into_bytes(),
    );
    add(
        NEWLINE_NAME,
        "نطرشوم",
        format!("{}\n{HOSTILE_WORD} يظهر هنا أيضا في فقرة أخيرة عن نطرشوم.\n", article("نطرشوم")).into_bytes(),
    );
    add("loop/inside.txt", "ثعلبود", article("ثعلبود").into_bytes());
    add(GROWING, "قمطريس", article("قمطريس").into_bytes());

    // Bad files.
    write(root, "binary.txt", binary_bytes(64 * 1024));
    bad.push(Bad { rel: "binary.txt".into(), reason: "binary" });
    write(root, "empty.txt", b"");
    bad.push(Bad { rel: "empty.txt".into(), reason: "empty" });
    write(root, RTL_BAD_NAME, b"   \n");
    bad.push(Bad { rel: RTL_BAD_NAME.into(), reason: "empty" });
    write(
        root,
        "boilerplate.txt",
        "شارك الخبر\r\nتابعونا على فيسبوك\nاترك تعليقا\nلن يتم نشر عنوان بريدك الإلكتروني\nالحقول الإلزامية مشار إليها\nالاسم\nالبريد الإلكتروني\nإرسال التعليق\n",
    );
    bad.push(Bad { rel: "boilerplate.txt".into(), reason: "boilerplate" });
    write_huge(&root.join("huge.txt"), huge);
    bad.push(Bad { rel: "huge.txt".into(), reason: "per-file limit" });
    // A folder link pointing to its own parent (the corpus root).
    std::os::unix::fs::symlink("..", root.join("loop/up")).unwrap();
    bad.push(Bad { rel: "loop/up".into(), reason: "loop" });
    // The file deleted while the update runs: good when listed, gone when read.
    write(root, DELETED, article("غرنقوط"));

    // Unreadable: mode 000. With the privilege to read it anyway (tests often run as root), it
    // is a good file and its assertion is skipped.
    write(root, UNREADABLE, article("ذعفلون"));
    set_mode(&root.join(UNREADABLE), 0o000);
    let unreadable_is_bad = std::fs::File::open(root.join(UNREADABLE)).is_err();
    if unreadable_is_bad {
        bad.push(Bad { rel: UNREADABLE.into(), reason: "cannot read" });
    }

    let mut tiny_set = BTreeSet::new();
    std::fs::create_dir_all(root.join("tiny")).unwrap();
    for i in 0..tiny {
        let w = tiny_word(i);
        let rel = tiny_rel(i);
        std::fs::write(root.join(&rel), format!("نبأ {w}\n\nسطر قصير عن {TINY_WORD} يحمل الكلمة {w} وحدها.\n"))
            .unwrap();
        tiny_set.insert(rel);
    }
    Expect { good, bad, tiny: tiny_set, unreadable_is_bad }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Records problems, and deletes and grows files while the update runs.
struct Racer {
    root: PathBuf,
    problems: Vec<Problem>,
    deleted: bool,
    grown: usize,
}

impl Racer {
    fn grow(&mut self) {
        let mut f = std::fs::OpenOptions::new().append(true).open(self.root.join(GROWING)).unwrap();
        let w = GROWN_WORDS[self.grown];
        writeln!(f, "فقرة أضيفت أثناء القراءة تذكر الكلمة {w} مرة واحدة في آخر الملف الذي يكبر.").unwrap();
        self.grown += 1;
    }
}

impl Sink for Racer {
    fn progress(&mut self, p: &Progress<'_>) -> bool {
        // Files are read in path order in batches and `tiny/` holds many batches, so `zz/` is
        // read after the first callbacks of each phase.
        match p.phase {
            Phase::Reading if !self.deleted => {
                std::fs::remove_file(self.root.join(DELETED)).unwrap();
                self.deleted = true;
                self.grow();
            }
            // Pass 1 has read the growing file; pass 2 will read it grown.
            Phase::Indexing if self.grown == 1 => self.grow(),
            _ => {}
        }
        true
    }

    fn problem(&mut self, p: &Problem) {
        self.problems.push(p.clone());
    }
}

fn exact(query: &str) -> SearchRequest {
    SearchRequest { query: query.into(), limit: 10, stemming: false, ..SearchRequest::default() }
}

fn paths_of(index: &CorpusIndex, word: &str) -> Vec<String> {
    index.search(&exact(word)).unwrap().hits.into_iter().map(|h| h.path).collect()
}

fn assert_reported(problems: &[Problem], bad: &Bad, what: &str) {
    assert!(
        problems.iter().any(|p| p.path == bad.rel && p.reason.contains(bad.reason)),
        "{what}: {:?} should be reported with a reason containing {:?}; got {problems:#?}",
        bad.rel,
        bad.reason
    );
}

#[test]
fn the_library_indexes_a_torture_corpus() {
    let corpus = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let root = corpus.path();
    let expect = torture_corpus(root, TINY_FILES, HUGE_BYTES);
    let index = CorpusIndex::open_in(root, &CorpusIndex::location_under(cache.path(), root).unwrap()).unwrap();
    let mut racer = Racer { root: root.to_path_buf(), problems: Vec::new(), deleted: false, grown: 0 };
    let s = index.update(&ReadOptions::default(), &mut racer).unwrap();
    assert!(!s.cancelled);
    assert!(racer.deleted && racer.grown == 2, "the races ran");

    for g in &expect.good {
        assert_eq!(paths_of(&index, g.word), [g.rel.as_str()], "{:?} by its word {}", g.rel, g.word);
    }
    for b in &expect.bad {
        assert_reported(&racer.problems, b, "sink");
        assert_reported(&s.problems, b, "summary");
    }
    if !expect.unreadable_is_bad {
        eprintln!("running with the privilege to read mode-000 files: the unreadable-file check is skipped");
    }
    // Read in part: searchable, and said.
    assert!(s.problems.iter().any(|p| p.path == "invalid-utf8.txt" && p.reason.contains("read in part")));
    // Line endings of all three kinds are paragraph breaks.
    let a = index.article("line-endings.txt").unwrap().unwrap();
    assert_eq!(a.title, "عنوان كشطرون المختلط");
    assert!(!a.body.contains('\r'), "{:?}", a.body);
    assert_eq!(a.paragraphs().count(), 3, "{:?}", a.body);
    // The file deleted after listing is not searchable (or is listed as a problem).
    let del = paths_of(&index, "غرنقوط");
    let gone: Vec<&Problem> = s.problems.iter().filter(|p| p.path == DELETED).collect();
    assert!(del.is_empty() || !gone.is_empty(), "{del:?}");
    eprintln!("the file deleted during the update: hits {del:?}, problems {gone:?}");

    // Every tiny file, by the shared word and by its own.
    let req = SearchRequest { query: TINY_WORD.into(), stemming: false, ..SearchRequest::default() };
    let tiny: BTreeSet<String> = index.hit_ids(&req).unwrap().into_iter().collect();
    assert_eq!(tiny.len(), expect.tiny.len());
    assert!(tiny == expect.tiny, "the tiny files' ids differ from their paths");
    for i in (0..TINY_FILES).step_by(997).chain([TINY_FILES - 1]) {
        assert_eq!(paths_of(&index, &tiny_word(i)), [tiny_rel(i)]);
    }
    let good = expect.good.len() + expect.tiny.len() + usize::from(!expect.unreadable_is_bad);
    assert_eq!(s.articles, good as u64, "every good file is one article, and nothing else is");

    // Again: the grown file is re-indexed with what was appended, the deleted one is gone.
    let again = index.update(&ReadOptions::default(), &mut racer).unwrap();
    assert!(!again.cancelled);
    for w in GROWN_WORDS.iter().chain(["قمطريس"].iter()) {
        assert_eq!(paths_of(&index, w), [GROWING], "{w}");
    }
    assert!(paths_of(&index, "غرنقوط").is_empty());
    assert_eq!(again.articles, s.articles);
    set_mode(&root.join(UNREADABLE), 0o644);
}

fn run(c: &mut Command) -> Output {
    let out = c.output().unwrap();
    assert!(out.status.success(), "{c:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

#[test]
fn the_command_line_survives_a_torture_corpus_and_shows_names_safely() {
    let corpus = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let root = corpus.path();
    let expect = torture_corpus(root, 50, CLI_MAX_MB * 1024 * 1024);
    let max = CLI_MAX_MB.to_string();
    let read = ["--max-file-mb", max.as_str()];

    // The summary lists every bad file with its reason.
    let out = run(marsad(home.path()).args(["index", "--json"]).args(read).arg(root));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems: Vec<Problem> = serde_json::from_value(summary["problems"].clone()).unwrap();
    for b in &expect.bad {
        assert_reported(&problems, b, "marsad index --json");
    }
    let good = expect.good.len() + expect.tiny.len() + 1 + usize::from(!expect.unreadable_is_bad);
    assert_eq!(summary["articles"], good as u64, "the good files, the deleted one and the tiny ones");

    // The human problem lines show the right-to-left override as a visible code.
    let out = run(marsad(home.path()).arg("index").args(read).arg(root));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("فارغ<U+202E>txt.exe.txt"), "{stderr}");
    assert!(!stderr.contains('\u{202E}'), "a raw U+202E in the problem lines: {stderr}");

    // Every good file is found by its word, with its path, in the JSON hits.
    for g in &expect.good {
        let out = run(marsad(home.path()).args(["search", "--json", "--no-stem"]).args(read).arg(root).arg(g.word));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2, "{:?}: {stdout}", g.rel);
        assert_eq!(lines[0]["path"], g.rel.as_str());
        assert_eq!(lines[1]["total"], 1);
    }

    // Human output: the hostile names' controls are visible codes, never raw.
    let out = run(marsad(home.path()).args(["search", "--no-stem"]).args(read).arg(root).arg(HOSTILE_WORD));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("2 hit(s)"), "{stdout}");
    assert!(!stdout.contains('\u{202E}'), "a raw U+202E in search output: {stdout}");
    assert!(stdout.contains("report<U+202E>gpj.exe.txt"), "{stdout}");
    assert!(stdout.contains("first<U+000A>second.txt"), "{stdout}");
    assert!(!stdout.contains(NEWLINE_NAME), "a raw newline in a file name: {stdout}");

    // Export of those two articles, and of the whole corpus, to CSV.
    let names_csv = out_dir.path().join("hostile names.csv");
    let args = ["export", "--no-stem", "--format", "csv", "--query", HOSTILE_WORD, "--out"];
    run(marsad(home.path()).args(args).arg(&names_csv).args(read).arg(root));
    let ids: BTreeSet<String> = csv_ids(&names_csv);
    assert_eq!(ids, BTreeSet::from([RTL_NAME.to_owned(), NEWLINE_NAME.to_owned()]));
    let all_csv = out_dir.path().join("all.csv");
    let out = run(marsad(home.path())
        .args(["export", "--json", "--format", "csv", "--out"])
        .arg(&all_csv)
        .args(read)
        .arg(root));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["articles"], good as u64);
    assert_eq!(csv_ids(&all_csv).len(), good);
    set_mode(&root.join(UNREADABLE), 0o644);
}

/// The `id` column of an exported CSV file.
fn csv_ids(path: &Path) -> BTreeSet<String> {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).expect("a UTF-8 byte-order mark");
    let mut r = csv::Reader::from_reader(body);
    assert_eq!(r.headers().unwrap().get(0), Some("id"));
    r.records().map(|rec| rec.unwrap().get(0).unwrap().to_owned()).collect()
}
