//! The app's two languages. Every UI string goes through [`tr`], so switching language switches
//! every label, and the layout mirrors in Arabic.

use serde::{Deserialize, Serialize};

/// UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// English, left to right.
    #[default]
    En,
    /// Arabic, right to left (mirrored layout).
    Ar,
}

impl Lang {
    /// Arabic when the system locale is Arabic (LANG / LC_ALL / LC_MESSAGES start with `ar`).
    pub fn from_env() -> Lang {
        let locale =
            ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
        match locale {
            Some(l) if l.starts_with("ar") => Lang::Ar,
            _ => Lang::En,
        }
    }

    /// True for right-to-left UI.
    pub fn rtl(self) -> bool {
        self == Lang::Ar
    }
}

/// Translation keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum T {
    Open,
    OpenFolder,
    FolderPath,
    Cancel,
    Search,
    Query,
    SearchHint,
    Results,
    Kwic,
    Problems,
    Outlets,
    Dates,
    People,
    Places,
    Organisations,
    NoFolder,
    DropHere,
    Indexing,
    Reading,
    Scanning,
    Articles,
    Hits,
    SortBy,
    Relevance,
    Newest,
    Oldest,
    Outlet,
    Language,
    Undated,
    NoResults,
    PickArticle,
    RemovedText,
    ShowRemoved,
    HideRemoved,
    NextHit,
    PrevHit,
    Path,
    Unknown,
    Derived,
    FilterFacets,
    NoProblems,
    EntitiesLater,
    NoEntities,
    EntityHelp,
    HideEntity,
    RenameEntity,
    AddEntity,
    NewName,
    Apply,
    EntityType,
    Corrected,
    WaitForIndex,
    Stemming,
    Welcome,
    Demo,
}

/// The string for `key` in `lang`.
pub fn tr(lang: Lang, key: T) -> &'static str {
    use T::*;
    match (lang, key) {
        (Lang::En, Open) => "Open…",
        (Lang::Ar, Open) => "فتح…",
        (Lang::En, OpenFolder) => "Open a folder of articles",
        (Lang::Ar, OpenFolder) => "افتح مجلداً من المقالات",
        (Lang::En, FolderPath) => "Folder path",
        (Lang::Ar, FolderPath) => "مسار المجلد",
        (Lang::En, Cancel) => "Cancel",
        (Lang::Ar, Cancel) => "إلغاء",
        (Lang::En, Search) => "Search",
        (Lang::Ar, Search) => "بحث",
        (Lang::En, Query) => "Query",
        (Lang::Ar, Query) => "نص البحث",
        (Lang::En, SearchHint) => "Search: words, \"phrase\", OR, -exclude, prefix*",
        (Lang::Ar, SearchHint) => "ابحث: كلمات، \"عبارة\"، OR، -استبعاد، بادئة*",
        (Lang::En, Results) => "Results",
        (Lang::Ar, Results) => "النتائج",
        (Lang::En, Kwic) => "Concordance",
        (Lang::Ar, Kwic) => "السياقات",
        (Lang::En, Problems) => "Problems",
        (Lang::Ar, Problems) => "المشكلات",
        (Lang::En, Outlets) => "Outlets",
        (Lang::Ar, Outlets) => "وسائل الإعلام",
        (Lang::En, Dates) => "Dates",
        (Lang::Ar, Dates) => "التواريخ",
        (Lang::En, People) => "People",
        (Lang::Ar, People) => "الأشخاص",
        (Lang::En, Places) => "Places",
        (Lang::Ar, Places) => "الأماكن",
        (Lang::En, Organisations) => "Organisations",
        (Lang::Ar, Organisations) => "المنظمات",
        (Lang::En, NoFolder) => "No folder open",
        (Lang::Ar, NoFolder) => "لا مجلد مفتوح",
        (Lang::En, DropHere) => "Drop a folder or files to open them",
        (Lang::Ar, DropHere) => "أفلت مجلداً أو ملفات لفتحها",
        (Lang::En, Indexing) => "Indexing",
        (Lang::Ar, Indexing) => "فهرسة",
        (Lang::En, Reading) => "Reading",
        (Lang::Ar, Reading) => "قراءة",
        (Lang::En, Scanning) => "Scanning",
        (Lang::Ar, Scanning) => "مسح",
        (Lang::En, Articles) => "articles",
        (Lang::Ar, Articles) => "مقالة",
        (Lang::En, Hits) => "hits",
        (Lang::Ar, Hits) => "نتيجة",
        (Lang::En, SortBy) => "Sort",
        (Lang::Ar, SortBy) => "الترتيب",
        (Lang::En, Relevance) => "Relevance",
        (Lang::Ar, Relevance) => "الصلة",
        (Lang::En, Newest) => "Newest",
        (Lang::Ar, Newest) => "الأحدث",
        (Lang::En, Oldest) => "Oldest",
        (Lang::Ar, Oldest) => "الأقدم",
        (Lang::En, Outlet) => "Outlet",
        (Lang::Ar, Outlet) => "الوسيلة",
        (Lang::En, Language) => "العربية",
        (Lang::Ar, Language) => "English",
        (Lang::En, Undated) => "undated",
        (Lang::Ar, Undated) => "بلا تاريخ",
        (Lang::En, NoResults) => "No articles match.",
        (Lang::Ar, NoResults) => "لا مقالات مطابقة.",
        (Lang::En, PickArticle) => "Select a result to read it here.",
        (Lang::Ar, PickArticle) => "اختر نتيجة لقراءتها هنا.",
        (Lang::En, RemovedText) => "removed text",
        (Lang::Ar, RemovedText) => "نص محذوف",
        (Lang::En, ShowRemoved) => "Show removed text",
        (Lang::Ar, ShowRemoved) => "إظهار النص المحذوف",
        (Lang::En, HideRemoved) => "Hide removed text",
        (Lang::Ar, HideRemoved) => "إخفاء النص المحذوف",
        (Lang::En, NextHit) => "Next hit",
        (Lang::Ar, NextHit) => "التطابق التالي",
        (Lang::En, PrevHit) => "Previous hit",
        (Lang::Ar, PrevHit) => "التطابق السابق",
        (Lang::En, Path) => "File",
        (Lang::Ar, Path) => "الملف",
        (Lang::En, Unknown) => "unknown",
        (Lang::Ar, Unknown) => "غير معروف",
        (Lang::En, Derived) => "title derived from the first sentence",
        (Lang::Ar, Derived) => "عنوان مستخرج من الجملة الأولى",
        (Lang::En, FilterFacets) => "Filter…",
        (Lang::Ar, FilterFacets) => "تصفية…",
        (Lang::En, NoProblems) => "Every file was read.",
        (Lang::Ar, NoProblems) => "قُرئت كل الملفات.",
        (Lang::En, EntitiesLater) => "(entities appear once recognised)",
        (Lang::Ar, EntitiesLater) => "(تظهر الكيانات بعد التعرف عليها)",
        (Lang::En, NoEntities) => "(none in these results)",
        (Lang::Ar, NoEntities) => "(لا شيء في هذه النتائج)",
        (Lang::En, EntityHelp) => "Click: only articles naming it · Ctrl+click: exclude · right-click: correct",
        (Lang::Ar, EntityHelp) => "نقرة: المقالات التي تذكره فقط · Ctrl+نقرة: استبعاد · نقرة يمنى: تصحيح",
        (Lang::En, HideEntity) => "Hide this entity",
        (Lang::Ar, HideEntity) => "إخفاء هذا الكيان",
        (Lang::En, RenameEntity) => "Rename or merge…",
        (Lang::Ar, RenameEntity) => "إعادة تسمية أو دمج…",
        (Lang::En, AddEntity) => "Add an entity…",
        (Lang::Ar, AddEntity) => "إضافة كيان…",
        (Lang::En, NewName) => "Name (an existing name merges)",
        (Lang::Ar, NewName) => "الاسم (اسم موجود يعني الدمج)",
        (Lang::En, Apply) => "Apply",
        (Lang::Ar, Apply) => "تطبيق",
        (Lang::En, EntityType) => "Type",
        (Lang::Ar, EntityType) => "النوع",
        (Lang::En, Corrected) => "Correction saved; re-indexing the articles it concerns",
        (Lang::Ar, Corrected) => "حُفظ التصحيح؛ تُعاد فهرسة المقالات المعنية",
        (Lang::En, WaitForIndex) => "Wait until indexing has finished to correct entities",
        (Lang::Ar, WaitForIndex) => "انتظر انتهاء الفهرسة لتصحيح الكيانات",
        (Lang::En, Stemming) => "Match word forms",
        (Lang::Ar, Stemming) => "مطابقة صيغ الكلمة",
        (Lang::En, Demo) => "Demo corpus (fictional)",
        (Lang::Ar, Demo) => "مدونة تجريبية (متخيلة)",
        (Lang::En, Welcome) => {
            "Open a folder (Ctrl+O) or drop one on this window. Marsad indexes it in the background; search as you type."
        }
        (Lang::Ar, Welcome) => {
            "افتح مجلداً (Ctrl+O) أو أفلته على هذه النافذة. يفهرسه مرصد في الخلفية؛ ابحث أثناء الكتابة."
        }
    }
}
