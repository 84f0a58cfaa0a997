//! The authored fixture corpus the outlet-comparison tests (core and app) share: fictional
//! articles written here (no real events, people or outlets).
//!
//! * A bridge collapse covered by three outlets: النخيل first (10 May), الميناء the next day
//!   repeating النخيل's first paragraph (with hamza and spelling variants), الجبل the next day in
//!   its own words. One story of three outlets; النخيل published first, repeated by الميناء.
//! * Clashes covered by the same three outlets, where الميناء alone calls the fighters
//!   المتمردين: its framing rate and its characteristic words show it.
//! * A book fair in the same city on the same day: an unrelated article that must stay out.

#![allow(dead_code)]

use std::path::Path;

/// Files hold one JSON article each; ids are `FILE#1`.
pub const NAKHIL: &str = "وكالة النخيل";
pub const MINA: &str = "صحيفة الميناء";
pub const JABAL: &str = "موقع الجبل";

pub const SHARED: &str = "انهار جسر الصفصاف القديم فوق نهر الرمال فجر اليوم، ما أدى إلى إصابة سبعة أشخاص وقطع الطريق الرئيسي بين المدينة والميناء.";
/// The same paragraph as الميناء printed it: hamza dropped, ى for ي, a diacritic.
pub const SHARED_COPY: &str = "انهار جسر الصفصاف القديم فوق نهر الرمال فجر اليوم، ما ادى الى إصابةٍ سبعة اشخاص وقطع الطريق الرئيسى بين المدينة والميناء.";

pub fn articles() -> Vec<(&'static str, &'static str, &'static str, &'static str, String)> {
    vec![
        (
            "nakhil-bridge.json",
            NAKHIL,
            "2026-05-10",
            "انهيار جسر الصفصاف في مدينة الرمال وإصابة سبعة أشخاص",
            format!(
                "{SHARED}\nوقال مدير الدفاع المدني خالد العمري إن فرق الإنقاذ انتشلت سيارتين من مياه النهر، وإن حالة المصابين مستقرة.\nوأغلقت البلدية الطرق المؤدية إلى الجسر حتى انتهاء أعمال الفحص."
            ),
        ),
        (
            "mina-bridge.json",
            MINA,
            "2026-05-11",
            "سبعة جرحى في انهيار جسر الصفصاف بمدينة الرمال",
            format!(
                "{SHARED_COPY}\nوأكد مهندسون في البلدية أن الجسر لم يخضع لأي صيانة منذ عشرين عاماً، وأن شاحنة ثقيلة عبرته قبل دقائق من انهياره."
            ),
        ),
        (
            "jabal-bridge.json",
            JABAL,
            "2026-05-11",
            "جسر الصفصاف ينهار فوق نهر الرمال والأهالي يطالبون بالمحاسبة",
            "سقط جسر الصفصاف الحديدي فوق نهر الرمال صباح أمس، وأصيب سبعة من المارة بجروح متفاوتة، بحسب الدفاع المدني في مدينة الرمال.\nويطالب سكان الحي منذ سنوات بترميم الجسر، ويتهمون البلدية بتجاهل الشكاوى المتكررة.".to_owned(),
        ),
        (
            "nakhil-clashes.json",
            NAKHIL,
            "2026-06-01",
            "اشتباكات عنيفة في ريف الواحة الشرقي بين الجيش والمسلحين",
            "اندلعت اشتباكات عنيفة في ريف الواحة الشرقي بين الجيش والمسلحين فجر الاثنين، وقال مصدر عسكري إن المسلحين هاجموا حاجزاً قرب قرية التوت.\nوأفاد سكان بأن القصف استمر ساعات، وأن عائلات نزحت نحو المدينة.".to_owned(),
        ),
        (
            "mina-clashes.json",
            MINA,
            "2026-06-01",
            "المتمردين يهاجمون حاجزا للجيش في ريف الواحة الشرقي",
            "هاجم المتمردين حاجزاً للجيش قرب قرية التوت في ريف الواحة الشرقي، واندلعت اشتباكات عنيفة استمرت حتى الصباح.\nوقال مصدر عسكري إن المتمردين تكبدوا خسائر كبيرة، وإن الجيش طارد المتمردين إلى التلال المجاورة.".to_owned(),
        ),
        (
            "mina-clashes-2.json",
            MINA,
            "2026-06-02",
            "الجيش يطارد المتمردين في تلال ريف الواحة",
            "واصل الجيش ملاحقة المتمردين في التلال المحيطة بقرية التوت في ريف الواحة الشرقي بعد هجوم الحاجز، وقال مصدر عسكري إن وحدات الجيش أسرت عدداً من المتمردين.".to_owned(),
        ),
        (
            "jabal-clashes.json",
            JABAL,
            "2026-06-02",
            "مواجهات في ريف الواحة الشرقي ونزوح عائلات من قرية التوت",
            "شهد ريف الواحة الشرقي مواجهات عنيفة بين الجيش والمسلحين قرب قرية التوت، ونزحت عشرات العائلات نحو المدينة.\nوقال ناشطون إن المسلحين انسحبوا من محيط الحاجز بعد ساعات من الاشتباكات العنيفة.".to_owned(),
        ),
        (
            "jabal-fair.json",
            JABAL,
            "2026-05-10",
            "افتتاح معرض الكتاب السنوي في مدينة الرمال",
            "افتتح معرض الكتاب السنوي أبوابه في مدينة الرمال بمشاركة ستين دار نشر، ويستمر عشرة أيام.\nوتقام على هامش المعرض أمسيات شعرية وورش للأطفال في القاعة الكبرى.".to_owned(),
        ),
    ]
}

pub fn write_corpus(root: &Path) {
    for (file, outlet, date, title, body) in articles() {
        let v = serde_json::json!({"title": title, "body": body, "outlet": outlet, "date": date});
        std::fs::write(root.join(file), v.to_string()).unwrap();
    }
}

/// `marsad` with its cache, config and home in `home` (never the real user folders).
pub fn marsad(home: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.env("MARSAD_CACHE_DIR", home.join("cache"))
        .env("MARSAD_CONFIG_DIR", home.join("config"))
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("xdg-cache"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_DATA_HOME", home.join("xdg-data"));
    c
}
