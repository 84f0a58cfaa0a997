#![cfg_attr(not(feature = "gui"), allow(missing_docs))]
#![cfg(feature = "gui")]
//! Behaviour tests of the real app state with egui_kittest: type a query, see the result, open
//! it in the reader with highlights, drop a folder, switch language and see the layout mirror.
//! The app's worker threads really index and search; the tests step frames until they answer.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marsad::gui::i18n::Lang;
use marsad::gui::state::Status;
use marsad::gui::{MarsadApp, Options};

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn corpus() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "sahel/a.txt",
        "افتتاح سد الوادي الكبير\n\nافتتح الرئيس اليوم سد الوادي الكبير بحضور وزير المياه، وقال إن السد سيروي عشرين ألف هكتار من الأراضي الزراعية.\n",
    );
    write(
        d.path(),
        "sahel/b.txt",
        "ارتفاع أسعار الخبز\n\nارتفعت أسعار الخبز في الأسواق للمرة الثانية هذا الشهر وسط غضب المواطنين.\n",
    );
    write(
        d.path(),
        "fajr/c.txt",
        "احتجاجات على الأسعار\n\nخرج مئات المحتجين إلى الشوارع احتجاجاً على ارتفاع الأسعار وطالبوا بخفض الضرائب.\n",
    );
    d
}

static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The app on `dir`, its indexes in `cache`.
fn harness(dir: PathBuf, cache: &Path, lang: Lang) -> Harness<'static, Option<MarsadApp>> {
    let opts = Options {
        dir: Some(dir),
        query: None,
        system_fonts: false,
        lang: Some(lang),
        saved: None,
        cache_dir: Some(cache.to_path_buf()),
        measure: None,
    };
    let mut h = Harness::builder().with_size(Vec2::new(1280.0, 800.0)).build_ui_state(
        move |ui, state: &mut Option<MarsadApp>| {
            let app = state.get_or_insert_with(|| MarsadApp::new(ui.ctx(), opts.clone()));
            app.ui(ui);
        },
        None,
    );
    h.step();
    h
}

/// Steps frames until `done` holds (the worker threads answer asynchronously).
fn wait_for(h: &mut Harness<'_, Option<MarsadApp>>, what: &str, done: impl Fn(&MarsadApp) -> bool) {
    let start = Instant::now();
    while !done(app(h)) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}; status {:?}",
            app(h).state.status
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
}

/// The app inside the harness.
fn app<'a>(h: &'a Harness<'_, Option<MarsadApp>>) -> &'a MarsadApp {
    h.state().as_ref().expect("the app is created on the first frame")
}

/// Focuses the query box (as Ctrl+F does) and types into it.
fn type_query(h: &mut Harness<'_, Option<MarsadApp>>, text: &str) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.step();
    assert!(h.get_by_label("Query").is_focused(), "Ctrl+F focuses the query box");
    h.get_by_label("Query").type_text(text);
    h.step();
}

fn ready(app: &MarsadApp) -> bool {
    app.state.status == Status::Ready && !app.state.hits.is_empty()
}

#[test]
fn type_a_query_open_the_result_and_see_highlights() {
    let _g = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cache = tempfile::tempdir().unwrap();
    let c = corpus();
    let mut h = harness(c.path().to_path_buf(), cache.path(), Lang::En);
    wait_for(&mut h, "the index", ready);
    assert_eq!(app(&h).state.total, 3);

    type_query(&mut h, "السد");
    wait_for(&mut h, "results for the query", |a| a.state.total == 1 && a.state.hits.len() == 1);
    assert_eq!(app(&h).state.hits[0].title, "افتتاح سد الوادي الكبير");

    h.get_by_role_and_label(egui::Role::ListItem, "افتتاح سد الوادي الكبير").click();
    wait_for(&mut h, "the article", |a| a.state.article.as_ref().is_some_and(|l| !l.body_hits.is_empty()));
    let loaded = app(&h).state.article.clone().unwrap();
    assert_eq!(loaded.article.title, "افتتاح سد الوادي الكبير");
    for r in &loaded.body_hits {
        // السد and, by its stem, سد.
        assert!(loaded.article.body[r.clone()].ends_with("سد"), "highlight on {:?}", &loaded.article.body[r.clone()]);
    }
    // The reader shows the body paragraph as it is (the results list only a snippet of it).
    let paragraph = loaded.article.body.lines().next().unwrap();
    assert!(paragraph.contains("عشرين ألف هكتار"));
    let in_reader =
        h.query_all_by_role_and_label(egui::Role::Label, paragraph).any(|n| n.rect().center().x > 1280.0 * 0.6);
    assert!(in_reader, "the paragraph is shown in the reader pane (right side in English)");
    assert_eq!(app(&h).state.selected, Some(0));
}

#[test]
fn the_query_box_edits_arabic_in_logical_order() {
    let _g = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cache = tempfile::tempdir().unwrap();
    let c = corpus();
    let mut h = harness(c.path().to_path_buf(), cache.path(), Lang::Ar);
    wait_for(&mut h, "the index", ready);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.step();
    let label = "نص البحث";
    assert!(h.get_by_label(label).is_focused(), "Ctrl+F focuses the query box");
    h.get_by_label(label).type_text("أسعار");
    h.step();
    h.get_by_label(label).type_text(" الخبز");
    h.step();
    assert_eq!(app(&h).state.query, "أسعار الخبز");
    // Home goes to the start of the text (its right end); a word typed there comes first.
    h.key_press(egui::Key::Home);
    h.step();
    h.get_by_label(label).type_text("ارتفاع ");
    h.step();
    assert_eq!(app(&h).state.query, "ارتفاع أسعار الخبز");
    // In a right-to-left line ← moves forward: from the start past the first word, then
    // Backspace deletes its last letter.
    h.key_press(egui::Key::Home);
    for _ in 0.."ارتفاع".chars().count() {
        h.key_press(egui::Key::ArrowLeft);
    }
    h.key_press(egui::Key::Backspace);
    h.step();
    assert_eq!(app(&h).state.query, "ارتفا أسعار الخبز");
    // Ctrl+A and typing replace it all, and the search runs on the new text.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.get_by_label(label).type_text("السد");
    h.step();
    assert_eq!(app(&h).state.query, "السد");
    wait_for(&mut h, "results for the query", |a| a.state.total == 1 && a.state.hits.len() == 1);
    // Esc clears the query (the app's shortcut, not the box's).
    h.key_press(egui::Key::Escape);
    h.step();
    assert_eq!(app(&h).state.query, "");
}

#[test]
fn invalid_query_shows_a_message() {
    let _g = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cache = tempfile::tempdir().unwrap();
    let c = corpus();
    let mut h = harness(c.path().to_path_buf(), cache.path(), Lang::En);
    wait_for(&mut h, "the index", ready);
    type_query(&mut h, "\"السد");
    wait_for(&mut h, "the error", |a| a.state.query_error.is_some());
    assert!(app(&h).state.query_error.as_deref().unwrap().contains("unclosed quote"));
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("a folder".into())
    }
}

#[test]
fn dropping_a_folder_opens_it() {
    let _g = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cache = tempfile::tempdir().unwrap();
    let first = corpus();
    let second = tempfile::tempdir().unwrap();
    write(
        second.path(),
        "x/only.txt",
        "خبر وحيد في المجلد الثاني\n\nهذا نص الخبر الوحيد في المجلد الثاني عن افتتاح مكتبة عامة.\n",
    );
    let mut h = harness(first.path().to_path_buf(), cache.path(), Lang::En);
    wait_for(&mut h, "the first index", ready);
    h.input_mut().dropped_files.push(Arc::new(Dropped(second.path().to_path_buf())));
    h.step();
    wait_for(&mut h, "the dropped folder", |a| ready(a) && a.state.total == 1);
    assert_eq!(app(&h).state.hits[0].title, "خبر وحيد في المجلد الثاني");
    assert_eq!(app(&h).state.root.as_deref(), Some(std::fs::canonicalize(second.path()).unwrap().as_path()));
}

#[test]
fn arabic_ui_mirrors_the_layout() {
    let _g = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cache = tempfile::tempdir().unwrap();
    let c = corpus();
    let mut h = harness(c.path().to_path_buf(), cache.path(), Lang::En);
    wait_for(&mut h, "the index", ready);
    let width = 1280.0;
    let facets_en = h.get_by_label("Outlets").rect();
    assert!(facets_en.center().x < width / 2.0, "facets on the left in English");
    h.get_by_label("العربية").click();
    h.run_steps(3);
    assert_eq!(app(&h).ui_state.lang, Lang::Ar);
    let facets_ar = h.get_by_label("وسائل الإعلام").rect();
    assert!(facets_ar.center().x > width / 2.0, "facets on the right in Arabic: {facets_ar:?}");
    assert!(h.query_by_label("Outlets").is_none(), "every UI string is Arabic");
    assert!(h.query_by_label("English").is_some());
}

fn entity_corpus() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a/1.txt", "وفد في دمشق\n\nوصل وفد حكومي إلى دمشق اليوم لبحث إعادة الإعمار مع المسؤولين.\n");
    write(d.path(), "a/2.txt", "أمطار في حلب\n\nهطلت أمطار غزيرة على مدينة حلب وأغلقت عدة طرق رئيسية.\n");
    write(d.path(), "b/3.txt", "معرض في حلب ودمشق\n\nافتتح معرض للكتاب في حلب ويتنقل إلى دمشق الشهر المقبل.\n");
    d
}

#[test]
fn clicking_an_entity_facet_filters_and_ctrl_click_excludes() {
    let _g = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cache = tempfile::tempdir().unwrap();
    let c = entity_corpus();
    let mut h = harness(c.path().to_path_buf(), cache.path(), Lang::En);
    wait_for(&mut h, "the index", |a| ready(a) && a.state.total == 3);
    let damascus = app(&h).state.facets.place.iter().find(|(n, _)| n == "دمشق").cloned();
    assert_eq!(damascus, Some(("دمشق".to_owned(), 2)), "{:?}", app(&h).state.facets.place);
    h.get_by_role_and_label(egui::Role::CheckBox, "دمشق").click();
    wait_for(&mut h, "articles naming Damascus", |a| a.state.total == 2 && a.state.hits.len() == 2);
    // Ctrl+click on Aleppo excludes it: only the article naming Damascus alone is left.
    h.get_by_role_and_label(egui::Role::CheckBox, "حلب").click_modifiers(egui::Modifiers::COMMAND);
    wait_for(&mut h, "Damascus without Aleppo", |a| a.state.total == 1 && a.state.hits.len() == 1);
    assert_eq!(app(&h).state.hits[0].id, "a/1.txt");
    // The reader marks the entity's mention.
    wait_for(&mut h, "the article", |a| a.state.article.is_some());
    let loaded = app(&h).state.article.clone().unwrap();
    assert!(loaded.mentions.body.iter().any(|m| m.name == "دمشق" && &loaded.article.body[m.range.clone()] == "دمشق"));
}

#[test]
fn tick_two_results_and_export_them() {
    let _g = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cache = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let c = entity_corpus();
    let mut h = harness(c.path().to_path_buf(), cache.path(), Lang::En);
    wait_for(&mut h, "the index", |a| ready(a) && a.state.hits.len() == 3);
    let titles: Vec<String> = app(&h).state.hits.iter().map(|h| h.title.clone()).collect();
    h.get_by_role_and_label(egui::Role::CheckBox, &format!("✓ {}", titles[0])).click();
    h.step();
    h.get_by_role_and_label(egui::Role::CheckBox, &format!("✓ {}", titles[2])).click();
    h.step();
    assert_eq!(app(&h).state.checked.len(), 2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.step();
    assert!(app(&h).state.export.open, "Ctrl+E opens the export window");
    h.get_by_label("JSONL").click();
    h.step();
    let target = out_dir.path().join("picked.jsonl");
    // The path field: select what is there and type the target.
    let field = h.get_by_role_and_label(egui::Role::TextInput, "Save to");
    field.focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, "Save to").type_text(&target.display().to_string());
    h.step();
    assert_eq!(app(&h).state.export.path, target.display().to_string());
    h.get_by_role_and_label(egui::Role::Button, "Export").click();
    wait_for(&mut h, "the export", |a| !a.state.export.running && a.state.export.message.is_some());
    let text = std::fs::read_to_string(&target).unwrap_or_else(|e| panic!("{:?}: {e}", app(&h).state.export.message));
    let ids: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_owned())
        .collect();
    let mut want: Vec<String> = app(&h).state.checked.iter().cloned().collect();
    want.sort();
    let mut got = ids.clone();
    got.sort();
    assert_eq!(got, want);
    // The ticks survive a new query.
    type_query(&mut h, "أمطار");
    wait_for(&mut h, "a new query", |a| a.state.total == 1);
    assert_eq!(app(&h).state.checked.len(), 2);
}

mod common;

#[test]
fn compare_tab_opens_a_story_with_one_column_per_outlet() {
    let _g = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cache = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    common::write_corpus(c.path());
    let mut h = harness(c.path().to_path_buf(), cache.path(), Lang::En);
    wait_for(&mut h, "the index", ready);

    h.get_by_label("Compare outlets").click();
    h.step();
    wait_for(&mut h, "the comparison", |a| a.state.compare.data.is_some());
    let data = app(&h).state.compare.data.clone().unwrap();
    assert_eq!(data.articles.len(), common::articles().len());
    let stories = &data.comparison.stories.stories;
    let bridge = stories
        .iter()
        .position(|s| s.story.ids.iter().any(|i| i == "nakhil-bridge.json#1"))
        .expect("the bridge story is listed");
    let label = stories[bridge].story.label.clone();

    // The stories list shows the story by its label; clicking it opens it side by side.
    h.get_by_role_and_label(egui::Role::Label, &label).click();
    h.run_steps(2);
    assert_eq!(app(&h).state.compare.story, Some(bridge));
    let columns: Vec<f32> = [common::NAKHIL, common::MINA, common::JABAL]
        .iter()
        .map(|o| h.get_by_role_and_label(egui::Role::Heading, o).rect().center().x)
        .collect();
    let mut xs = columns.clone();
    xs.sort_by(f32::total_cmp);
    assert!(xs.windows(2).all(|w| w[1] - w[0] > 200.0), "one column per outlet, side by side: {columns:?}");
    // The paragraph الميناء copied from النخيل is marked in both, in one colour.
    let marks = &app(&h).state.compare.story_marks;
    let story = &stories[bridge].story;
    let copied: Vec<usize> = (0..story.members.len())
        .filter(|&k| {
            let a = &data.articles[story.members[k]];
            marks[k].iter().any(|m| a.body[m.range.clone()].starts_with("انهار جسر الصفصاف"))
        })
        .collect();
    assert_eq!(copied.len(), 2, "{marks:?}");
    assert_eq!(marks[copied[0]][0].group, marks[copied[1]][0].group);
    // The reader panel makes room for the columns, and "first published" is said.
    assert!(h.query_by_label_contains("First published by وكالة النخيل").is_some());

    // With the story open, the other views show the story's own tables.
    h.get_by_label("Words").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("This story only").is_some());
    let story_words = app(&h).state.compare.story_data.clone().expect("the story's own comparison");
    assert_eq!(story_words.articles.len(), 3);
    h.get_by_label("Stories").click();
    h.run_steps(2);

    h.get_by_label("Back to the stories").click();
    h.run_steps(2);
    assert_eq!(app(&h).state.compare.story, None);
    // The framing view shows الميناء's distinctive term.
    h.get_by_label("Framing").click();
    h.run_steps(2);
    assert!(h.query_by_label("المتمردين").is_some());
}
