//! The quality bar on the real samples in `../shared/seeds` (read at test time, never copied into
//! the project). Skipped, with a message, where the samples are not beside the checkout.

use std::path::PathBuf;

use marsad::corpus::{Article, DateSource, OutletSource, ReadOptions, read_paths};

fn seeds() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: {} not found", p.display());
        None
    }
}

fn read() -> Option<(PathBuf, Vec<Article>)> {
    let dir = seeds()?;
    let c = read_paths(std::slice::from_ref(&dir), &ReadOptions::default()).unwrap();
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    Some((dir, c.articles))
}

fn by_prefix<'a>(articles: &'a [Article], prefix: &str) -> &'a Article {
    articles.iter().find(|a| a.id.starts_with(prefix)).unwrap_or_else(|| panic!("no article {prefix}"))
}

#[test]
fn titles() {
    let Some((dir, articles)) = read() else { return };
    assert_eq!(articles.len(), 5);
    for a in &articles {
        let text = std::fs::read_to_string(dir.join(&a.path)).unwrap();
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap().trim();
        if a.id.starts_with("002") {
            // No title line: derived from the first sentence, which stays in the body.
            assert!(a.title_derived);
            assert!(a.title.chars().count() <= 120);
            let stem = a.title.trim_end_matches('…');
            assert!(first.starts_with(stem), "{}", a.title);
            assert!(a.body.starts_with(first));
        } else {
            assert!(!a.title_derived, "{}", a.id);
            assert_eq!(a.title, first, "{}", a.id);
            // A title printed twice is not in the body.
            assert!(!a.body.contains(first), "{}: title repeated in body", a.id);
        }
    }
}

#[test]
fn outlets() {
    let Some((_, a)) = read() else { return };
    let o = |p: &str| (by_prefix(&a, p).outlet.clone(), by_prefix(&a, p).outlet_source);
    assert_eq!(o("000"), (Some("سيريانيوز".into()), Some(OutletSource::Signature)));
    assert_eq!(o("001"), (Some("ميكروسيريا".into()), Some(OutletSource::Byline)));
    assert_eq!(o("002"), (Some("سانا".into()), Some(OutletSource::Attribution)));
    assert_eq!(o("003"), (Some("عنب بلدي".into()), Some(OutletSource::SelfMention)));
    assert_eq!(o("004"), (None, None), "never names its outlet");
}

#[test]
fn dates() {
    let Some((_, a)) = read() else { return };
    let d = |p: &str| (by_prefix(&a, p).date.clone(), by_prefix(&a, p).date_source);
    assert_eq!(d("000").0, None, "only weekday and a past day-month inside the story");
    assert_eq!(d("001"), (Some("2016-12-05".into()), Some(DateSource::Dateline)));
    assert_eq!(d("002"), (Some("2016-11-03".into()), Some(DateSource::Attribution)));
    assert_eq!(d("003"), (Some("2016-12-02".into()), Some(DateSource::LeadWeekday)));
    assert_eq!(d("004").0, None);
}

#[test]
fn no_boilerplate_left_in_bodies() {
    let Some((_, articles)) = read() else { return };
    let markers = [
        "TAG:",
        "مقالات متعلقة",
        "اترك تعليق",
        "بريدك الإلكتروني",
        "camera icon",
        "tag icon",
        "ادعم",
        "اضغط هنا",
        "3 minutes",
        "متابعة\n",
        "(المصدر",
    ];
    for a in &articles {
        for m in markers {
            assert!(!a.body.contains(m), "{}: body still contains {m:?}", a.id);
        }
        // The last paragraph of every body is article text, not a signature or a list item.
        let last = a.paragraphs().last().unwrap();
        assert!(marsad::arabic::word_count(last) >= 8, "{}: body ends with {last:?}", a.id);
        assert!(!a.boilerplate.is_empty() || a.id.starts_with("002"), "{}", a.id);
    }
    // The related-headline list after the signature is all boilerplate (8+ lines).
    assert!(by_prefix(&articles, "000").boilerplate.len() >= 8);
}

/// Every person, place and organisation a reader of these reports would facet on is found (the
/// names here are facts about the reports, not their text).
#[test]
fn entities_a_reader_would_facet_on() {
    let Some((_, articles)) = read() else { return };
    let mut all = marsad::entities::Entities::default();
    for a in &articles {
        all.person.extend(a.entities.person.iter().cloned());
        all.place.extend(a.entities.place.iter().cloned());
        all.organization.extend(a.entities.organization.iter().cloned());
    }
    use marsad::entities::{Kind, canonical};
    // Compared with the gazetteer's canonical spelling of each name (its aliases are the same one).
    let has = |list: &[String], kind: Kind, want: &str| {
        let key = marsad::arabic::match_key(&canonical(kind, want));
        list.iter().any(|n| marsad::arabic::match_key(n) == key)
    };
    for p in ["سيرغي لافروف", "ستيفان دي ميستورا", "جون كيري", "فاليري غيراسيموف", "دونالد ترامب", "دميتري بيسكوف"]
    {
        assert!(has(&all.person, Kind::Person, p), "person {p} not found in {:?}", all.person);
    }
    for p in ["حلب", "دمشق", "موسكو", "روسيا", "واشنطن", "أنقرة", "تركيا", "جنيف", "روما", "أثينا", "الرقة", "سوريا"]
    {
        assert!(has(&all.place, Kind::Place, p), "place {p} not found in {:?}", all.place);
    }
    for o in ["جبهة النصرة", "مجلس الأمن", "رويترز", "جيش حلب", "الجبهة الشامية"]
    {
        assert!(has(&all.organization, Kind::Organization, o), "organisation {o} not found in {:?}", all.organization);
    }
    // Nothing from the removed related-headline lists and comment forms.
    let first = by_prefix(&articles, "000");
    assert!(!first.entities.person.iter().any(|n| n.contains("الشيباني")), "{:?}", first.entities.person);
}
