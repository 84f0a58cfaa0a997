//! Entities end to end: the recogniser's gazetteer, rules and aliases on text written here; the
//! index facets and filters; `marsad inspect --json` and `marsad entities` with corrections.

use std::path::Path;
use std::process::Command;

use marsad::corpus::ReadOptions;
use marsad::entities::{self, Kind, Source};
use marsad::index::{CorpusIndex, Progress, SearchRequest};

fn names(text: &str, kind: Kind) -> Vec<String> {
    entities::current().recognizer.find(text).into_iter().filter(|m| m.kind == kind).map(|m| m.name).collect()
}

#[test]
fn gazetteer_names_match_with_clitics_and_spelling_variants() {
    let text = "قال وزير الخارجية الروسي سيرغي لافروف إن موسكو مستعدة، وأضاف ولافروف أن الحل في سوريه وبحلب.";
    let found = entities::current().recognizer.find(text);
    let lavrov: Vec<_> = found.iter().filter(|m| m.name == "سيرغي لافروف").collect();
    assert_eq!(lavrov.len(), 2, "{found:?}");
    // The clitic و stays outside the mention, so the reader highlights the name only.
    assert_eq!(&text[lavrov[1].range.clone()], "لافروف");
    assert!(names(text, Kind::Place).contains(&"موسكو".to_owned()), "{found:?}");
    assert!(names(text, Kind::Place).iter().any(|n| n.starts_with("سوري")), "{found:?}");
    assert!(names(text, Kind::Place).iter().any(|n| n == "حلب"), "{found:?}");
    // لل + a name with ال.
    let un = names("دعا الأمين العام للأمم المتحدة إلى وقف القتال", Kind::Organization);
    assert!(un.iter().any(|n| n.contains("الأمم المتحدة")), "{un:?}");
}

#[test]
fn rules_find_names_the_gazetteers_lack() {
    let text = "وقال المتحدث باسم الهيئة سامر قنديلجي إن مقاتلي 'جيش \"الفتح المبين\"' دخلوا بلدة كفرزيتون الشمالية. \
                وأكد قنديلجي أن \"لواء صقور الجبل\" انسحب.";
    let found = entities::current().recognizer.find(text);
    let person: Vec<_> = found.iter().filter(|m| m.kind == Kind::Person).collect();
    assert!(person.iter().any(|m| m.name == "سامر قنديلجي" && matches!(m.source, Source::Rule(_))), "{found:?}");
    let orgs = names(text, Kind::Organization);
    assert!(orgs.iter().any(|n| n.contains("الفتح المبين")), "{orgs:?}");
    assert!(orgs.iter().any(|n| n == "لواء صقور الجبل"), "{orgs:?}");
    assert!(names(text, Kind::Place).contains(&"كفرزيتون".to_owned()), "{found:?}");
    // Not names: a source, a time word.
    assert!(names("وقال مصدر أمس إن الاجتماع انتهى", Kind::Person).is_empty());
    // A plural noun in construct after a speech verb is not a name; a first name ending in و is.
    assert!(names("وقال سائقو سيارات الأجرة إن الأسعار ستقضي على أرزاقهم", Kind::Person).is_empty());
    assert_eq!(names("وقال عمرو الشريف إن الاتفاق قريب", Kind::Person), ["عمرو الشريف"]);
}

#[test]
fn a_family_name_alone_joins_the_full_name_of_the_article() {
    let a = marsad::corpus::Article {
        title: "قنديلجي يحذر من التصعيد".into(),
        body: "قال المتحدث باسم الهيئة سامر قنديلجي إن الوضع خطير.\nوأضاف قنديلجي أن الحل سياسي.".into(),
        ..Default::default()
    };
    let m = entities::mentions(&a, None);
    assert!(m.title.iter().all(|x| x.kind != Kind::Person || x.name == "سامر قنديلجي"), "{m:?}");
    let e = entities::entities_of(&m);
    assert_eq!(e.person, ["سامر قنديلجي"], "{e:?}");
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

const CORPUS: &[(&str, &str)] = &[
    ("a/1.txt", "لافروف يزور أنقرة\n\nوصل وزير الخارجية الروسي سيرغي لافروف إلى أنقرة، وقال إن الحل في حلب سياسي.\n"),
    ("a/2.txt", "كيري في جنيف\n\nقال وزير الخارجية الأمريكي جون كيري في جنيف إن المحادثات مع لافروف مستمرة بشأن حلب.\n"),
    ("b/3.txt", "أمطار في عمان\n\nهطلت أمطار غزيرة على العاصمة الأردنية عمان اليوم.\n"),
];

fn quiet(_: &Progress<'_>) -> bool {
    true
}

#[test]
fn index_facets_count_entities_and_filter_by_them() {
    let corpus = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    write(corpus.path(), CORPUS);
    let index = CorpusIndex::open_in(corpus.path(), cache.path()).unwrap();
    index.update(&ReadOptions::default(), &mut quiet).unwrap();
    let all = index.search(&SearchRequest { limit: 10, ..SearchRequest::default() }).unwrap();
    let count = |list: &[(String, u64)], name: &str| list.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
    assert_eq!(count(&all.facets.person, "سيرغي لافروف"), Some(2), "{:?}", all.facets.person);
    assert_eq!(count(&all.facets.place, "حلب"), Some(2), "{:?}", all.facets.place);
    // Click-to-filter (AND) and exclude.
    let req = SearchRequest {
        include: vec![(Kind::Person, "سيرغي لافروف".into()), (Kind::Place, "جنيف".into())],
        ..SearchRequest::default()
    };
    let hits = index.search(&req).unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(hits.hits[0].id, "a/2.txt");
    let req =
        SearchRequest { exclude: vec![(Kind::Person, "سيرغي لافروف".into())], ..SearchRequest::default() };
    assert_eq!(index.search(&req).unwrap().hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["b/3.txt"]);
    // The query language takes an alias for the canonical name.
    let q = SearchRequest { query: "person:لافروف".into(), ..SearchRequest::default() };
    assert_eq!(index.search(&q).unwrap().total, 2);
    let counts = index.entity_counts(Kind::Person, 10).unwrap();
    assert!(counts.iter().any(|(n, c)| n == "جون كيري" && *c == 1), "{counts:?}");
    // The reader's article carries its entities.
    let a = index.article("a/1.txt").unwrap().unwrap();
    assert!(a.entities.person.contains(&"سيرغي لافروف".to_owned()), "{:?}", a.entities);
}

fn marsad(cache: &Path, config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.env("MARSAD_CACHE_DIR", cache).env("MARSAD_CONFIG_DIR", config);
    c
}

#[test]
fn inspect_prints_entities_and_the_cli_lists_and_corrects_them() {
    let corpus = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    write(corpus.path(), CORPUS);
    let out = marsad(cache.path(), config.path()).args(["inspect", "--json"]).arg(corpus.path()).output().unwrap();
    assert!(out.status.success());
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(out.stdout).unwrap().lines().next().unwrap()).unwrap();
    let e = first["entities"].as_object().unwrap();
    let mut keys: Vec<&str> = e.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["organization", "person", "place"]);
    assert!(e["person"].as_array().unwrap().iter().any(|v| v == "سيرغي لافروف"), "{e:?}");

    let list = |extra: &[&str]| -> Vec<serde_json::Value> {
        let out = marsad(cache.path(), config.path())
            .arg("entities")
            .arg(corpus.path())
            .args(["--json", "--type", "person"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let people = list(&[]);
    let lavrov = people.iter().find(|v| v["name"] == "سيرغي لافروف").expect("lavrov listed");
    assert_eq!(lavrov["articles"], 2);
    assert_eq!(lavrov["type"], "person");
    assert!(lavrov["aliases"].as_array().unwrap().iter().any(|a| a == "لافروف"));
    // Rename (merge) Kerry into another name, then hide it: re-indexed without a rebuild.
    let renamed = list(&["--rename", "جون كيري", "--to", "جون فوربس كيري"]);
    assert!(renamed.iter().any(|v| v["name"] == "جون فوربس كيري"), "{renamed:?}");
    assert!(!renamed.iter().any(|v| v["name"] == "جون كيري"), "{renamed:?}");
    let hidden = list(&["--hide", "جون فوربس كيري"]);
    assert!(!hidden.iter().any(|v| v["name"].as_str().unwrap().contains("كيري")), "{hidden:?}");
    let saved = std::fs::read_to_string(config.path().join("entity-corrections.toml")).unwrap();
    assert!(saved.contains("جون فوربس كيري"));
    // An added name is found from then on.
    let added = list(&["--add", "هطلت أمطار"]);
    assert!(added.iter().any(|v| v["name"] == "هطلت أمطار" && v["articles"] == 1), "{added:?}");
}

#[test]
fn eval_reads_bio_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.txt");
    std::fs::write(&gold, "قال O\nسيرغي B-PERS\nلافروف I-PERS\nفي O\nموسكو B-LOC\n\nزار O\nفلان B-PERS\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_marsad")).args(["eval-ner", "--json"]).arg(&gold).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["per_type"]["person"]["gold"], 2);
    assert_eq!(v["per_type"]["person"]["tp"], 1);
    assert_eq!(v["per_type"]["place"]["tp"], 1);
}
