//! Reading rules end to end on small synthetic corpora written by the tests: encodings, formats,
//! structure, boilerplate (rules and corpus level), outlets, dates, problems.

use std::path::Path;

use marsad::corpus::{Article, DateSource, OutletSource, ReadOptions, read_paths};

fn read_dir(dir: &Path) -> marsad::corpus::Corpus {
    read_paths(&[dir.to_path_buf()], &ReadOptions::default()).unwrap()
}

fn one(text: &str) -> Article {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let mut c = read_dir(dir.path());
    assert_eq!(c.articles.len(), 1, "{:?}", c.problems);
    c.articles.remove(0)
}

const STORY: &str = "محطة تحلية جديدة في المدينة الساحلية\n\nافتتحت البلدية صباح اليوم محطة لتحلية مياه البحر بطاقة عشرين ألف متر مكعب يومياً، في خطوة قال مسؤولون إنها ستنهي أزمة العطش التي عاشتها الأحياء الشرقية طوال الصيف الماضي.\nوقال رئيس البلدية في كلمة أمام الأهالي إن المرحلة الثانية من المشروع ستبدأ العام المقبل وتشمل القرى المجاورة أيضاً.\n";

#[test]
fn every_encoding_reads_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("utf8.txt"), STORY).unwrap();
    std::fs::write(p.join("utf8bom.txt"), [b"\xEF\xBB\xBF".as_slice(), STORY.as_bytes()].concat()).unwrap();
    let le: Vec<u8> = STORY.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = STORY.encode_utf16().flat_map(u16::to_be_bytes).collect();
    std::fs::write(p.join("utf16le-bom.txt"), [&[0xFF, 0xFE][..], &le].concat()).unwrap();
    std::fs::write(p.join("utf16be-bom.txt"), [&[0xFE, 0xFF][..], &be].concat()).unwrap();
    std::fs::write(p.join("utf16le.txt"), &le).unwrap();
    let (cp1256, _, bad) = encoding_rs::WINDOWS_1256.encode(STORY);
    assert!(!bad);
    std::fs::write(p.join("cp1256.txt"), &cp1256).unwrap();
    let mut broken = STORY.as_bytes().to_vec();
    broken.insert(40, 0xC3);
    std::fs::write(p.join("broken.txt"), &broken).unwrap();
    std::fs::write(p.join("binary.txt"), [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3]).unwrap();
    std::fs::write(p.join("empty.txt"), "").unwrap();
    let c = read_dir(p);
    let reference = c.articles.iter().find(|a| a.id == "utf8.txt").unwrap();
    for id in ["utf8bom.txt", "utf16le-bom.txt", "utf16be-bom.txt", "utf16le.txt", "cp1256.txt"] {
        let a = c.articles.iter().find(|a| a.id == id).unwrap_or_else(|| panic!("{id} missing: {:?}", c.problems));
        assert_eq!(a.title, reference.title, "{id}");
        assert_eq!(a.body, reference.body, "{id}");
        assert!(a.problems.is_empty(), "{id}: {:?}", a.problems);
    }
    let broken = c.articles.iter().find(|a| a.id == "broken.txt").unwrap();
    assert!(broken.problems.iter().any(|p| p.reason.contains("replaced")));
    let reason = |path: &str| c.problems.iter().find(|p| p.path == path).map(|p| p.reason.clone()).unwrap_or_default();
    assert!(reason("binary.txt").contains("binary"), "{}", reason("binary.txt"));
    assert!(reason("empty.txt").contains("empty"));
    assert!(reason("broken.txt").contains("replaced"), "partly read files are listed too");
}

#[test]
fn mixed_line_endings_and_invisible_marks() {
    let a = one("عنوان الخبر\r\n\r\nالفقرة الأولى من الخبر هنا.\rالفقرة الثانية\u{200F} \u{00A0}\n");
    assert_eq!(a.title, "عنوان الخبر");
    assert_eq!(a.body, "الفقرة الأولى من الخبر هنا.\nالفقرة الثانية");
}

#[test]
fn title_rules() {
    let a = one("عنوان مكرر للخبر\nعنوان مكرر للخبر\nنص الخبر الأول طويل بما يكفي ليكون فقرة حقيقية من المقال.\n");
    assert_eq!(a.title, "عنوان مكرر للخبر");
    assert!(!a.title_derived);
    assert!(a.boilerplate.iter().any(|b| b.kind == "duplicate_title"));
    assert!(!a.body.contains("عنوان مكرر"));

    let long = "أعلنت وزارة الزراعة في بيان صدر مساء أمس أن موسم الحصاد هذا العام جاء أفضل من المتوقع بفضل الأمطار الغزيرة التي هطلت في الربيع، وأن الإنتاج تجاوز مليون طن للمرة الأولى منذ عقد كامل من الزمن. وأضافت أن الأسعار ستنخفض.";
    let a = one(&format!("{long}\nوتابع البيان أن الحكومة ستشتري الفائض من المزارعين بأسعار مجزية.\n"));
    assert!(a.title_derived);
    assert!(a.title.chars().count() <= 120, "{}", a.title);
    assert!(long.starts_with(a.title.trim_end_matches('…')));
    assert!(a.body.starts_with("أعلنت وزارة الزراعة"), "the first sentence stays in the body");
}

#[test]
fn trailing_blocks_inline_blocks_and_shapes() {
    let text = "سوق الذهب يرتفع\n\nارتفعت أسعار الذهب في الأسواق المحلية اليوم بنسبة ثلاثة بالمئة وسط إقبال كبير من المشترين قبل موسم الأعراس وتوقعات بمزيد من الارتفاع في الأسابيع المقبلة.\nاقرأ أيضاً:\nالفضة تتراجع للمرة الثالثة\nوقال تاجر في السوق القديم إن الطلب هذا العام فاق كل التوقعات، وإن المحلات تعمل حتى ساعة متأخرة من الليل لتلبية الطلبات المتزايدة من الزبائن.\n* * *\nhttps://example.invalid/gold\nمقالات متعلقة\nعنوان خبر آخر لا علاقة له\nعنوان خبر ثالث\n";
    let a = one(text);
    assert!(a.body.contains("وقال تاجر"), "text after an inline 'read also' is kept");
    for gone in ["اقرأ أيضاً", "الفضة تتراجع", "* * *", "https://", "مقالات متعلقة", "عنوان خبر ثالث"]
    {
        assert!(!a.body.contains(gone), "{gone} left in body");
        assert!(a.boilerplate.iter().any(|b| b.text.contains(gone)), "{gone} not kept as boilerplate");
    }
    // Positions: the inline block sits after paragraph 1, the trailing block after paragraph 2.
    let related = a.boilerplate.iter().find(|b| b.text == "مقالات متعلقة").unwrap();
    assert_eq!(related.at, 2);
    assert_eq!(a.boilerplate.iter().find(|b| b.text.contains("الفضة")).unwrap().at, 1);
}

#[test]
fn recurring_lines_of_one_outlet_are_boilerplate() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..8 {
        let body = format!(
            "خبر رقم {i} عن الطقس\n\nتوقعت الأرصاد الجوية أن تشهد البلاد في اليوم رقم {i} أمطاراً متفرقة ورياحاً نشطة على المرتفعات، مع انخفاض ملحوظ في درجات الحرارة.\nنشرة الطقس تأتيكم برعاية شركة الأمل للتأمين\nوأكد مدير الأرصاد في النشرة رقم {i} أن الحالة ستستمر حتى نهاية الأسبوع الجاري.\n"
        );
        std::fs::write(dir.path().join(format!("weather-{i}.txt")), body).unwrap();
    }
    let c = read_dir(dir.path());
    assert_eq!(c.articles.len(), 8);
    for a in &c.articles {
        assert!(!a.body.contains("برعاية شركة الأمل"), "{}", a.id);
        assert!(a.boilerplate.iter().any(|b| b.kind == "recurring"));
        assert!(a.body.contains("وأكد مدير الأرصاد"), "unique lines stay");
    }
}

#[test]
fn outlet_sources_in_order() {
    let a = one(
        "خبر\n\nنص طويل بما يكفي عن افتتاح معرض الكتاب في العاصمة بمشاركة ناشرين من عشرين بلداً.\n(المصدر: وكالة سانا للأنباء، بتاريخ 3/11/2016)\n",
    );
    assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("سانا"), Some(OutletSource::Attribution)));
    let a = one(
        "خبر\n\nقال مسؤول محلي لرويترز إن المعبر سيفتح غداً أمام الشاحنات بعد إغلاق دام أسبوعاً.\nونقلت وكالة فرانس برس عن شهود قولهم إن الطوابير طويلة.\n",
    );
    assert_eq!(a.outlet, None, "quoting wire agencies is not an outlet");
    let a = one("خبر\n\nوقال مصدر محلي لعنب بلدي إن الطريق مغلق منذ الصباح بسبب الاشتباكات في المنطقة.\n");
    assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("عنب بلدي"), Some(OutletSource::SelfMention)));
    let a = one("خبر\n\nنص طويل بما يكفي عن افتتاح معرض الكتاب في العاصمة بمشاركة ناشرين من عشرين بلداً.\nعنب بلدي\n");
    assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("عنب بلدي"), Some(OutletSource::Signature)));
}

#[test]
fn folder_and_sidecar_outlets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sana/2016")).unwrap();
    std::fs::create_dir_all(dir.path().join("mine")).unwrap();
    let text = "خبر\n\nنص طويل بما يكفي عن افتتاح معرض الكتاب في العاصمة بمشاركة ناشرين من عشرين بلداً.\n";
    std::fs::write(dir.path().join("sana/2016/a.txt"), text).unwrap();
    std::fs::write(dir.path().join("mine/b.txt"), text).unwrap();
    std::fs::write(dir.path().join("marsad.toml"), "[outlets]\n\"mine/\" = \"عنب بلدي\"\n").unwrap();
    let c = read_dir(dir.path());
    let a = c.articles.iter().find(|a| a.id == "sana/2016/a.txt").unwrap();
    assert_eq!((a.outlet.as_deref(), a.outlet_source), (Some("سانا"), Some(OutletSource::Folder)));
    let b = c.articles.iter().find(|a| a.id == "mine/b.txt").unwrap();
    assert_eq!((b.outlet.as_deref(), b.outlet_source), (Some("عنب بلدي"), Some(OutletSource::Sidecar)));
    assert!(!dir.path().join(".marsad").exists());
}

#[test]
fn dates_from_each_kind_of_evidence() {
    let a =
        one("خبر\n\nالجمعة 5 كانون الأول 2025\n\nنص طويل بما يكفي عن افتتاح معرض الكتاب في العاصمة بمشاركة ناشرين.\n");
    assert_eq!((a.date.as_deref(), a.date_source), (Some("2025-12-05"), Some(DateSource::Dateline)));
    let a = one(
        "خبر\n\nنص طويل بما يكفي عن افتتاح معرض الكتاب في العاصمة بمشاركة ناشرين.\n(المصدر: وكالة سانا، بتاريخ ٣/١١/٢٠١٦)\n",
    );
    assert_eq!((a.date.as_deref(), a.date_source), (Some("2016-11-03"), Some(DateSource::Attribution)));
    let a = one("خبر\n\nدمشق، 17 يناير 2026 - افتتح معرض الكتاب اليوم بمشاركة ناشرين من عشرين بلداً.\n");
    assert_eq!((a.date.as_deref(), a.date_source), (Some("2026-01-17"), Some(DateSource::Lead)));
    let a = one("خبر\n\nقال الوزير يوم الخميس إن الاتفاق الموقع في 9 أيلول الماضي ما زال صامداً رغم الخروقات.\n");
    assert_eq!(a.date, None, "dates inside the story are not the publication date");
}

#[test]
fn weekday_without_year_takes_the_nearest_matching_year() {
    let dir = tempfile::tempdir().unwrap();
    let other = "خبر آخر\n\n2025-11-20\n\nنص طويل بما يكفي عن افتتاح معرض الكتاب في العاصمة بمشاركة ناشرين.\n";
    std::fs::write(dir.path().join("a.txt"), other).unwrap();
    // Friday 5 December: 2025 (also 2014, 2031); the corpus' other date is in 2025.
    let text = "خبر\n\nقال المتحدث اليوم، الجمعة 5 كانون الأول، إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة.\n";
    std::fs::write(dir.path().join("b.txt"), text).unwrap();
    let c = read_dir(dir.path());
    let b = c.articles.iter().find(|a| a.id == "b.txt").unwrap();
    assert_eq!((b.date.as_deref(), b.date_source), (Some("2025-12-05"), Some(DateSource::LeadWeekday)));
}

#[test]
fn structured_formats_keep_metadata_and_row_ids() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("feed.jsonl"),
        "{\"Title\":\"عنوان أول\",\"text\":\"نص أول طويل بما يكفي للخبر.\",\"site\":\"الجزيرة\",\"published_at\":\"2016-12-05T10:00:00Z\"}\n{oops\n{\"headline\":\"عنوان ثان\",\"body\":\"نص ثان.\"}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("table.csv"),
        "title,text,outlet,date\nعنوان,\"نص، مع فاصلة\nوسطر ثان\",مصدر خاص,05/12/2016\n",
    )
    .unwrap();
    let c = read_dir(dir.path());
    let ids: Vec<&str> = c.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["feed.jsonl#1", "feed.jsonl#3", "table.csv#1"]);
    let a = &c.articles[0];
    assert_eq!((a.date.as_deref(), a.date_source), (Some("2016-12-05"), Some(DateSource::Metadata)));
    assert_eq!(a.outlet_source, Some(OutletSource::Metadata));
    let t = &c.articles[2];
    assert_eq!(t.outlet.as_deref(), Some("مصدر خاص"), "an explicit metadata value is kept as given");
    assert_eq!(t.date.as_deref(), Some("2016-12-05"));
    assert_eq!(t.body, "نص، مع فاصلة\nوسطر ثان");
    assert!(c.problems.iter().any(|p| p.path == "feed.jsonl" && p.reason.contains("line 2")));
}
