//! The compare pane: how the outlets of the current selection (the query's hits, or the whole
//! corpus) covered it. Stories covered by several outlets, and one story side by side with the
//! passages they share coloured alike; each outlet's characteristic words; the framing lexicon's
//! counts; whom each outlet quotes; articles per day per outlet. Everything shown is computed by
//! [`crate::compare`] on the worker; this pane only draws it and pushes actions.

use std::collections::BTreeMap;

use egui::{Color32, RichText, Sense};

use super::{column_layout, row};
use crate::compare::{self, passages::Mark, timeline};
use crate::gui::i18n::{Lang, T, tr};
use crate::gui::state::{Action, AppState, CompareData, CompareView, StorySort, UiState};
use crate::gui::text::{self, Style};

/// Width of a number cell of the heat tables (room for an outlet name as the column head).
const CELL: f32 = 116.0;

/// Draws the pane in the central panel.
pub fn show(ui: &mut egui::Ui, state: &mut AppState, ui_state: &UiState, key: &str, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    header(ui, state, lang, key, actions);
    ui.separator();
    let Some(data) = state.compare.data.clone() else {
        if let Some(e) = &state.compare.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        return;
    };
    if data.articles.is_empty() {
        text::label(ui, tr(lang, T::CmpNothing));
        return;
    }
    let colors = outlet_colors(&data);
    // With a story open, the other views show the story's own tables.
    let view = match (&state.compare.story_data, state.compare.view) {
        (Some(story), v) if v != CompareView::Stories => {
            let lang = ui_state.lang;
            row(ui, lang, |ui| {
                let title = state
                    .compare
                    .story
                    .and_then(|i| data.comparison.stories.stories.get(i))
                    .map_or("", |s| s.story.label.as_str());
                text::label_styled(ui, &format!("{}: {}", tr(lang, T::CmpStoryOnly), unit(title)), RichText::strong);
                if text::small_button(ui, tr(lang, T::CmpWhole)).clicked() {
                    actions.push(Action::OpenStory(None));
                }
            });
            story.clone()
        }
        _ => data.clone(),
    };
    match state.compare.view {
        CompareView::Stories => match state.compare.story {
            Some(i) => side_by_side(ui, state, ui_state, &data, i, &colors, actions),
            None => stories(ui, state, ui_state, &data, actions),
        },
        CompareView::Words => words(ui, ui_state, &view, &colors, actions),
        CompareView::Framing => framing(ui, state, ui_state, &view, actions),
        CompareView::Sources => sources(ui, ui_state, &view, &colors),
        CompareView::Timeline => timeline_view(ui, state, ui_state, &view, &colors, actions),
    }
}

/// What is compared, whether it is current, the views, and saving the tables.
fn header(ui: &mut egui::Ui, state: &mut AppState, lang: Lang, key: &str, actions: &mut Vec<Action>) {
    let c = &mut state.compare;
    row(ui, lang, |ui| {
        for (view, label) in [
            (CompareView::Stories, T::CmpStories),
            (CompareView::Words, T::CmpWords),
            (CompareView::Framing, T::CmpFraming),
            (CompareView::Sources, T::CmpSources),
            (CompareView::Timeline, T::CmpTimeline),
        ] {
            if text::selectable(ui, c.view == view, tr(lang, label)).clicked() {
                actions.push(Action::SetCompareView(view));
            }
        }
        ui.separator();
        if text::small_button(ui, tr(lang, T::CmpRefresh)).clicked() {
            actions.push(Action::Compare);
        }
        if let Some((done, total)) = c.running {
            ui.spinner();
            text::label(ui, &format!("{} {done}/{total}", tr(lang, T::CmpComparing)));
        }
    });
    if let Some(d) = &c.data {
        row(ui, lang, |ui| {
            let what = format!("{} {} {} · {:.1} s", d.articles.len(), tr(lang, T::CmpOf), d.total, d.secs);
            text::label_styled(ui, &what, RichText::weak);
            if d.key != key {
                let warn = ui.visuals().warn_fg_color;
                text::label_styled(ui, tr(lang, T::CmpStale), |r| r.color(warn));
            }
        });
    }
    row(ui, lang, |ui| {
        if text::small_button(ui, tr(lang, T::CmpSaveCsv)).clicked() {
            actions.push(Action::SaveCompareCsv);
        }
        if text::small_button(ui, tr(lang, T::Choose)).clicked() {
            actions.push(Action::ChooseCompareFolder);
        }
        let field = egui::TextEdit::singleline(&mut c.csv_dir).desired_width(ui.available_width().min(360.0));
        ui.add(field).widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, tr(lang, T::ExportTo)));
        if let Some(m) = &c.csv_message {
            text::label_styled(ui, m, RichText::weak);
        }
    });
}

/// A colour per outlet (by its rank in the sorted outlet list), the same in every view.
fn outlet_colors(data: &CompareData) -> BTreeMap<String, Color32> {
    const PALETTE: [Color32; 10] = [
        Color32::from_rgb(31, 119, 180),
        Color32::from_rgb(214, 39, 40),
        Color32::from_rgb(44, 160, 44),
        Color32::from_rgb(148, 103, 189),
        Color32::from_rgb(255, 127, 14),
        Color32::from_rgb(140, 86, 75),
        Color32::from_rgb(227, 119, 194),
        Color32::from_rgb(23, 190, 207),
        Color32::from_rgb(188, 189, 34),
        Color32::from_rgb(127, 127, 127),
    ];
    let outlets: std::collections::BTreeSet<&str> = data.articles.iter().map(compare::outlet_of).collect();
    outlets.into_iter().enumerate().map(|(k, o)| (o.to_owned(), PALETTE[k % PALETTE.len()])).collect()
}

/// A shared passage's background: light tints in a light theme, dark ones in a dark theme.
fn passage_color(ui: &egui::Ui, group: usize) -> Color32 {
    const LIGHT: [Color32; 6] = [
        Color32::from_rgb(190, 225, 255),
        Color32::from_rgb(255, 205, 210),
        Color32::from_rgb(200, 240, 200),
        Color32::from_rgb(230, 210, 250),
        Color32::from_rgb(255, 225, 180),
        Color32::from_rgb(200, 240, 240),
    ];
    const DARK: [Color32; 6] = [
        Color32::from_rgb(30, 70, 110),
        Color32::from_rgb(110, 40, 50),
        Color32::from_rgb(35, 90, 40),
        Color32::from_rgb(75, 50, 110),
        Color32::from_rgb(110, 70, 20),
        Color32::from_rgb(25, 90, 90),
    ];
    let p = if ui.visuals().dark_mode { &DARK } else { &LIGHT };
    p[group % p.len()]
}

/// Items in reading order: reversed in a right-to-left interface, so the first outlet is on the
/// right.
fn reading_order<T>(mut v: Vec<T>, lang: Lang) -> Vec<T> {
    if lang.rtl() {
        v.reverse();
    }
    v
}

/// A number with its unit kept in the interface's order next to an Arabic name: isolated
/// left to right in an English interface, as it is in an Arabic one.
fn isolate(lang: Lang, s: &str) -> String {
    if lang.rtl() { s.to_owned() } else { text::ltr(s) }
}

/// A name (with its date) kept in one piece in a sentence of the other direction: a bidi
/// first-strong isolate, so "A (date), B (date)" does not interleave.
fn unit(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

/// The list separator of the interface language.
fn comma(lang: Lang) -> &'static str {
    if lang.rtl() { "، " } else { ", " }
}

/// The stories list, sortable, one row per story.
fn stories(ui: &mut egui::Ui, state: &AppState, ui_state: &UiState, data: &CompareData, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    let table = &data.comparison.stories.stories;
    if table.is_empty() {
        text::label(ui, tr(lang, T::CmpNoStories));
        return;
    }
    row(ui, lang, |ui| {
        text::label_styled(ui, &format!("{} {}", table.len(), tr(lang, T::CmpStories)), RichText::strong);
        ui.separator();
        text::label(ui, tr(lang, T::SortBy));
        for (s, t) in [
            (StorySort::Outlets, T::CmpSortOutlets),
            (StorySort::Size, T::CmpSortSize),
            (StorySort::Date, T::CmpSortDate),
        ] {
            if text::selectable(ui, state.compare.sort == s, tr(lang, t)).clicked() {
                actions.push(Action::SetStorySort(s));
            }
        }
    });
    let mut order: Vec<usize> = (0..table.len()).collect();
    match state.compare.sort {
        StorySort::Outlets => {} // the table's own order
        StorySort::Size => order.sort_by_key(|&i| std::cmp::Reverse(table[i].story.members.len())),
        StorySort::Date => order.sort_by(|&a, &b| table[b].story.last_date.cmp(&table[a].story.last_date)),
    }
    let size = ui_state.font_size;
    let height = size * 1.6 + size * 0.75 * 1.5 + 8.0;
    egui::ScrollArea::vertical().auto_shrink(false).id_salt("stories").show_rows(
        ui,
        height,
        order.len(),
        |ui, range| {
            ui.with_layout(column_layout(lang), |ui| {
                for &i in &order[range] {
                    let r = &table[i];
                    let s = &r.story;
                    let resp = text::line(ui, &s.label, &[], Style::body(ui, size));
                    let mut meta = format!(
                        "{} {} · {} {} · {}",
                        s.outlets.len(),
                        tr(lang, T::CmpOutletsN),
                        s.members.len(),
                        tr(lang, T::CmpArticlesN),
                        text::ltr(&date_span(s.first_date.as_deref(), s.last_date.as_deref())),
                    );
                    if let Some(f) = &r.first_published {
                        meta.push_str(&format!(" · {} {}", tr(lang, T::CmpFirst), f.outlet));
                    }
                    let meta_resp = text::line(ui, &meta, &[], Style::weak(ui, size * 0.75));
                    if resp.interact(Sense::click()).clicked() || meta_resp.interact(Sense::click()).clicked() {
                        actions.push(Action::OpenStory(Some(i)));
                    }
                    ui.separator();
                }
            });
        },
    );
}

fn date_span(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) | (None, Some(a)) => a.to_owned(),
        (None, None) => "?".to_owned(),
    }
}

/// One story, one column per outlet, each article in the right-to-left reader with the passages
/// it shares with other outlets coloured.
fn side_by_side(
    ui: &mut egui::Ui,
    state: &AppState,
    ui_state: &UiState,
    data: &CompareData,
    i: usize,
    colors: &BTreeMap<String, Color32>,
    actions: &mut Vec<Action>,
) {
    let lang = ui_state.lang;
    let Some(report) = data.comparison.stories.stories.get(i) else { return };
    let story = &report.story;
    let size = ui_state.font_size;
    ui.with_layout(column_layout(lang), |ui| {
        if text::small_button(ui, tr(lang, T::CmpBack)).clicked() {
            actions.push(Action::OpenStory(None));
        }
        text::paragraph(ui, &story.label, &[], Style::body(ui, size * 1.2));
        let first = match &report.first_published {
            Some(f) if f.shared_text => {
                let mut s = format!(
                    "{} {} {} {}",
                    tr(lang, T::CmpFirst),
                    unit(&f.outlet),
                    tr(lang, T::CmpOn),
                    date_of(f.date.as_deref())
                );
                if !f.repeated_by.is_empty() {
                    let names: Vec<String> = f
                        .repeated_by
                        .iter()
                        .map(|r| {
                            // The same day: who was first cannot be told from the dates.
                            let when = if r.date.is_some() && r.date == f.date {
                                tr(lang, T::CmpSameDay).to_owned()
                            } else {
                                date_of(r.date.as_deref())
                            };
                            unit(&format!("{} ({when})", r.outlet))
                        })
                        .collect();
                    s.push_str(&format!("{}{} {}", comma(lang), tr(lang, T::CmpRepeated), names.join(comma(lang))));
                }
                s
            }
            _ => tr(lang, T::CmpNoShared).to_owned(),
        };
        text::paragraph(ui, &first, &[], Style::weak(ui, size * 0.85));
        text::label_styled(ui, tr(lang, T::CmpShared), |r| r.small().weak());
    });
    ui.separator();
    // Members grouped by outlet, in the story's outlet order (first to publish first).
    let columns: Vec<(&str, Vec<usize>)> = story
        .outlets
        .iter()
        .map(|o| {
            let ks: Vec<usize> = (0..story.members.len())
                .filter(|&k| compare::outlet_of(&data.articles[story.members[k]]) == o)
                .collect();
            (o.as_str(), ks)
        })
        .collect();
    let columns = reading_order(columns, lang);
    let n = columns.len().max(1) as f32;
    let spacing = ui.spacing().item_spacing.x;
    let width = ((ui.available_width() - spacing * (n - 1.0)) / n).max(300.0);
    let height = ui.available_height();
    // Right to left, the first outlet is the rightmost column: the view starts at the right end.
    let area =
        egui::ScrollArea::horizontal().id_salt(("story-columns", i)).auto_shrink(false).stick_to_right(lang.rtl());
    area.show(ui, |ui| {
        ui.horizontal_top(|ui| {
            for (outlet, ks) in &columns {
                ui.allocate_ui(egui::vec2(width, height), |ui| {
                    ui.set_width(width);
                    ui.push_id(*outlet, |ui| {
                        column(ui, state, ui_state, data, outlet, ks, colors);
                    });
                });
            }
        });
    });
}

fn date_of(d: Option<&str>) -> String {
    text::ltr(d.unwrap_or("?"))
}

/// One outlet's articles of the open story.
fn column(
    ui: &mut egui::Ui,
    state: &AppState,
    ui_state: &UiState,
    data: &CompareData,
    outlet: &str,
    members: &[usize],
    colors: &BTreeMap<String, Color32>,
) {
    let lang = ui_state.lang;
    let size = ui_state.font_size;
    let Some(i) = state.compare.story else { return };
    let story = &data.comparison.stories.stories[i].story;
    ui.with_layout(column_layout(lang), |ui| {
        let color = colors.get(outlet).copied().unwrap_or(ui.visuals().text_color());
        let head = ui.label(RichText::new(text::vis(ui.ctx(), outlet)).heading().color(color));
        head.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Heading, true, outlet));
        ui.separator();
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            ui.with_layout(column_layout(lang), |ui| {
                for &k in members {
                    let a = &data.articles[story.members[k]];
                    text::paragraph(ui, &a.title, &[], Style::body(ui, size * 1.1));
                    text::label_styled(ui, &date_of(a.date.as_deref()), |r| r.small().weak());
                    let marks = state.compare.story_marks.get(k).map(Vec::as_slice).unwrap_or_default();
                    body(ui, &a.body, marks, size);
                    ui.separator();
                }
            });
        });
    });
}

/// An article body, paragraph by paragraph, with shared passages as coloured backgrounds.
fn body(ui: &mut egui::Ui, body: &str, marks: &[Mark], size: f32) {
    let fg = ui.visuals().text_color();
    let mut offset = 0;
    for para in body.split('\n') {
        let end = offset + para.len();
        let local: Vec<_> = marks
            .iter()
            .filter(|m| m.range.start < end && m.range.end > offset)
            .map(|m| {
                let r = m.range.start.max(offset) - offset..m.range.end.min(end) - offset;
                (r, fg, passage_color(ui, m.group))
            })
            .collect();
        if !para.trim().is_empty() {
            text::paragraph_marked(ui, para, &[], &local, Style::body(ui, size));
            ui.add_space(size * 0.4);
        }
        offset = end + 1;
    }
}

/// Bars of each outlet's characteristic words; a click opens the word's concordance there.
fn words(
    ui: &mut egui::Ui,
    ui_state: &UiState,
    data: &CompareData,
    colors: &BTreeMap<String, Color32>,
    actions: &mut Vec<Action>,
) {
    let lang = ui_state.lang;
    let size = ui_state.font_size;
    text::label_styled(ui, tr(lang, T::CmpWordsHelp), |r| r.small().weak());
    let table = &data.comparison.characteristic_words;
    outlet_blocks(
        ui,
        lang,
        "words",
        300.0,
        &table.outlets,
        |o| o.outlet.as_str(),
        colors,
        |ui, o, color| {
            text::label_styled(ui, &o.outlet, |r| r.strong().color(color));
            let top: Vec<_> = o.words.iter().filter(|w| w.z > 0.0).take(12).collect();
            let max = top.iter().map(|w| w.z).fold(1.0, f64::max);
            for w in top {
                let hover = format!("z = {:.1} · {} / {}", w.z, w.count, w.other_count);
                if bar(ui, lang, &w.word, w.z / max, color, size * 0.9).on_hover_text(hover).clicked() {
                    actions.push(Action::WordInOutlet { outlet: o.outlet.clone(), word: w.word.clone() });
                }
            }
            ui.add_space(size);
        },
        |_| {},
    );
}

/// One block per outlet, `width` wide, wrapped in reading order in a vertical scroll, then
/// `after` in the same scroll (the words and sources views).
#[allow(clippy::too_many_arguments)]
fn outlet_blocks<T>(
    ui: &mut egui::Ui,
    lang: Lang,
    id: &str,
    width: f32,
    items: &[T],
    outlet: impl Fn(&T) -> &str,
    colors: &BTreeMap<String, Color32>,
    mut body: impl FnMut(&mut egui::Ui, &T, Color32),
    after: impl FnOnce(&mut egui::Ui),
) {
    let block = width.min(ui.available_width());
    egui::ScrollArea::vertical().auto_shrink(false).id_salt(id).show(ui, |ui| {
        let layout = if lang.rtl() {
            egui::Layout::right_to_left(egui::Align::TOP).with_main_wrap(true)
        } else {
            egui::Layout::left_to_right(egui::Align::TOP).with_main_wrap(true)
        };
        ui.with_layout(layout, |ui| {
            for item in items {
                let color = colors.get(outlet(item)).copied().unwrap_or(Color32::GRAY);
                ui.allocate_ui(egui::vec2(block, 0.0), |ui| {
                    ui.set_width(block);
                    ui.with_layout(column_layout(lang), |ui| body(ui, item, color));
                });
            }
        });
        after(ui);
    });
}

/// One clickable bar: the label on the reading side, the bar growing away from it.
fn bar(ui: &mut egui::Ui, lang: Lang, label: &str, fraction: f64, color: Color32, size: f32) -> egui::Response {
    let width = ui.available_width();
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(width, size * 1.5), Sense::click());
    let label_w = (width * 0.4).min(140.0);
    let bar_w = ((width - label_w - 8.0) * fraction.clamp(0.0, 1.0) as f32).max(2.0);
    let (label_rect, bar_rect) = if lang.rtl() {
        let l = egui::Rect::from_min_max(egui::pos2(rect.right() - label_w, rect.top()), rect.right_bottom());
        let b = egui::Rect::from_min_size(
            egui::pos2(l.left() - 8.0 - bar_w, rect.top() + size * 0.25),
            egui::vec2(bar_w, size),
        );
        (l, b)
    } else {
        let l = egui::Rect::from_min_size(rect.left_top(), egui::vec2(label_w, rect.height()));
        let b =
            egui::Rect::from_min_size(egui::pos2(l.right() + 8.0, rect.top() + size * 0.25), egui::vec2(bar_w, size));
        (l, b)
    };
    let fill = if resp.hovered() { color } else { color.gamma_multiply(0.7) };
    ui.painter().rect_filled(bar_rect, 2.0, fill);
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(label_rect).layout(column_layout(lang)));
    text::line(&mut child, label, &[], Style::body(ui, size));
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label));
    resp
}

/// Framing counts: a heat table (rows: groups and their terms, columns: outlets), and a form to
/// add a group.
fn framing(ui: &mut egui::Ui, state: &mut AppState, ui_state: &UiState, data: &CompareData, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    let size = ui_state.font_size;
    let f = &data.comparison.framing;
    text::label_styled(ui, tr(lang, T::CmpFramingHelp), |r| r.small().weak());
    let outlets: Vec<&str> = f.outlets.iter().map(|o| o.outlet.as_str()).collect();
    let totals = f.group_totals();
    let max_total = totals.iter().map(|r| r.per_1000).fold(0.0, f64::max).max(1e-9);
    let max_term = f.rows.iter().map(|r| r.per_1000).fold(0.0, f64::max).max(1e-9);
    let heat = |ui: &egui::Ui, v: f64, max: f64| {
        let base =
            if ui.visuals().dark_mode { Color32::from_rgb(230, 120, 40) } else { Color32::from_rgb(220, 90, 20) };
        base.gamma_multiply((v / max).sqrt().clamp(0.0, 1.0) as f32 * 0.85)
    };
    let cell = |ui: &mut egui::Ui, v: f64, count: u64, max: f64, strong: bool| {
        let (rect, resp) = ui.allocate_exact_size(egui::vec2(CELL, size * 1.4), Sense::hover());
        ui.painter().rect_filled(rect.shrink(1.0), 2.0, heat(ui, v, max));
        let t = if count == 0 { "·".to_owned() } else { format!("{v:.2}") };
        let font = egui::FontId::proportional(size * 0.8);
        let color = if strong { ui.visuals().strong_text_color() } else { ui.visuals().text_color() };
        ui.painter().text(rect.center(), egui::Align2::CENTER_CENTER, t, font, color);
        resp.on_hover_text(format!("{count}"));
    };
    egui::ScrollArea::both().auto_shrink(false).id_salt("framing").max_height(ui.available_height() - size * 6.0).show(
        ui,
        |ui| {
            egui::Grid::new("framing-grid").striped(true).show(ui, |ui| {
                let label_cell = |ui: &mut egui::Ui, s: &str, strong: bool| {
                    ui.allocate_ui(egui::vec2(200.0, size * 1.4), |ui| {
                        ui.with_layout(column_layout(lang), |ui| {
                            let st = if strong { Style::body(ui, size * 0.9) } else { Style::weak(ui, size * 0.85) };
                            text::line(ui, s, &[], st);
                        });
                    });
                };
                let heads = reading_order(outlets.clone(), lang);
                let row_cells = |ui: &mut egui::Ui, label: &str, strong: bool, cells: &dyn Fn(&mut egui::Ui)| {
                    if lang.rtl() {
                        cells(ui);
                        label_cell(ui, label, strong);
                    } else {
                        label_cell(ui, label, strong);
                        cells(ui);
                    }
                    ui.end_row();
                };
                row_cells(ui, tr(lang, T::CmpTerm), true, &|ui| {
                    for o in &heads {
                        ui.allocate_ui(egui::vec2(CELL, size * 1.4), |ui| {
                            text::line(ui, o, &[], Style::body(ui, size * 0.8));
                        });
                    }
                });
                let mut groups: Vec<&str> = f.rows.iter().map(|r| r.group.as_str()).collect();
                groups.dedup();
                for g in groups {
                    row_cells(ui, g, true, &|ui| {
                        for o in &heads {
                            let t = totals.iter().find(|r| r.group == g && r.outlet == *o);
                            cell(ui, t.map_or(0.0, |t| t.per_1000), t.map_or(0, |t| t.count), max_total, true);
                        }
                    });
                    let mut terms: Vec<&str> =
                        f.rows.iter().filter(|r| r.group == g).map(|r| r.term.as_str()).collect();
                    terms.dedup();
                    for term in terms {
                        row_cells(ui, term, false, &|ui| {
                            for o in &heads {
                                let r = f.get(term, o);
                                cell(ui, r.map_or(0.0, |r| r.per_1000), r.map_or(0, |r| r.count), max_term, false);
                            }
                        });
                    }
                }
            });
        },
    );
    ui.separator();
    let c = &mut state.compare;
    row(ui, lang, |ui| {
        text::label_styled(ui, tr(lang, T::CmpAddGroup), RichText::strong);
        let name =
            egui::TextEdit::singleline(&mut c.group_name).hint_text(text::vis(ui.ctx(), tr(lang, T::CmpGroupName)));
        ui.add(name.desired_width(160.0))
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, tr(lang, T::CmpGroupName)));
        let terms =
            egui::TextEdit::singleline(&mut c.group_terms).hint_text(text::vis(ui.ctx(), tr(lang, T::CmpGroupTerms)));
        ui.add(terms.desired_width(320.0))
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, tr(lang, T::CmpGroupTerms)));
        if text::small_button(ui, tr(lang, T::CmpGroupAdd)).clicked() {
            actions.push(Action::AddFramingGroup);
        }
    });
    if let Some(m) = &c.group_message {
        text::label_styled(ui, m, RichText::weak);
    }
}

/// Whom each outlet quotes (one column per outlet), then each outlet's share of the articles
/// naming the most named entities.
fn sources(ui: &mut egui::Ui, ui_state: &UiState, data: &CompareData, colors: &BTreeMap<String, Color32>) {
    let lang = ui_state.lang;
    let size = ui_state.font_size;
    let s = &data.comparison.sources;
    outlet_blocks(
        ui,
        lang,
        "sources",
        260.0,
        &s.outlets,
        |o| o.outlet.as_str(),
        colors,
        |ui, o, color| {
            let quotes = isolate(lang, &format!("{} {}", o.quotes, tr(lang, T::CmpQuotes)));
            text::label_styled(ui, &format!("{} · {quotes}", o.outlet), |r| r.strong().color(color));
            let max = o.sources.first().map_or(1, |x| x.count).max(1) as f64;
            for src in o.sources.iter().take(12) {
                let label = format!("{} ({})", src.name, src.count);
                bar(ui, lang, &label, src.count as f64 / max, color, size * 0.85);
            }
            ui.add_space(size);
        },
        |ui| {
            ui.separator();
            text::label_styled(ui, tr(lang, T::CmpShares), RichText::strong);
            shares(ui, ui_state, data);
        },
    );
}

/// The entity-share table: the 20 most named entities × outlets, each cell the share of that
/// outlet's articles naming it.
fn shares(ui: &mut egui::Ui, ui_state: &UiState, data: &CompareData) {
    let lang = ui_state.lang;
    let size = ui_state.font_size;
    let rows = &data.comparison.entity_shares.rows;
    let mut totals: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for r in rows {
        *totals.entry((r.kind, r.entity.as_str())).or_default() += r.articles;
    }
    let mut top: Vec<((&str, &str), u64)> = totals.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(20);
    let outlets: Vec<&str> =
        reading_order(data.comparison.framing.outlets.iter().map(|o| o.outlet.as_str()).collect::<Vec<_>>(), lang);
    egui::Grid::new("shares-grid").striped(true).show(ui, |ui| {
        let name_cell = |ui: &mut egui::Ui, s: &str| {
            ui.allocate_ui(egui::vec2(200.0, size * 1.4), |ui| {
                ui.with_layout(column_layout(lang), |ui| text::line(ui, s, &[], Style::body(ui, size * 0.85)));
            });
        };
        let heads = |ui: &mut egui::Ui| {
            for o in &outlets {
                ui.allocate_ui(egui::vec2(CELL, size * 1.4), |ui| text::line(ui, o, &[], Style::body(ui, size * 0.8)));
            }
        };
        if lang.rtl() {
            heads(ui);
            name_cell(ui, tr(lang, T::CmpEntity));
        } else {
            name_cell(ui, tr(lang, T::CmpEntity));
            heads(ui);
        }
        ui.end_row();
        for ((kind, entity), _) in &top {
            let cells = |ui: &mut egui::Ui| {
                for o in &outlets {
                    let r = rows.iter().find(|r| r.kind == *kind && r.entity == *entity && r.outlet == *o);
                    let share = r.map_or(0.0, |r| r.share);
                    let (rect, resp) = ui.allocate_exact_size(egui::vec2(CELL, size * 1.4), Sense::hover());
                    let base = Color32::from_rgb(40, 120, 200);
                    ui.painter().rect_filled(rect.shrink(1.0), 2.0, base.gamma_multiply(share.sqrt() as f32 * 0.8));
                    let t = if share > 0.0 { format!("{:.0}%", share * 100.0) } else { "·".to_owned() };
                    let font = egui::FontId::proportional(size * 0.8);
                    ui.painter().text(rect.center(), egui::Align2::CENTER_CENTER, t, font, ui.visuals().text_color());
                    resp.on_hover_text(format!("{}", r.map_or(0, |r| r.articles)));
                }
            };
            if lang.rtl() {
                cells(ui);
                name_cell(ui, entity);
            } else {
                name_cell(ui, entity);
                cells(ui);
            }
            ui.end_row();
        }
    });
}

/// Articles per day (week, month) per outlet as stacked bars; a click lists those articles.
fn timeline_view(
    ui: &mut egui::Ui,
    state: &mut AppState,
    ui_state: &UiState,
    data: &CompareData,
    colors: &BTreeMap<String, Color32>,
    actions: &mut Vec<Action>,
) {
    use egui_plot::{Bar, BarChart, Legend, Plot};
    let lang = ui_state.lang;
    let c = &mut state.compare;
    let bucket = c.bucket.unwrap_or_else(|| auto_bucket(data));
    row(ui, lang, |ui| {
        text::label_styled(ui, tr(lang, T::CmpTimelineHelp), |r| r.small().weak());
        for (b, t) in [
            (timeline::Bucket::Day, T::CmpDay),
            (timeline::Bucket::Week, T::CmpWeek),
            (timeline::Bucket::Month, T::CmpMonth),
        ] {
            if text::selectable(ui, bucket == b, tr(lang, t)).clicked() {
                c.bucket = Some(b);
                c.timeline = None;
            }
        }
    });
    let table = match &c.timeline {
        Some((b, t)) if *b == bucket => t,
        _ => {
            c.timeline = Some((bucket, timeline::timeline(&data.articles, bucket)));
            &c.timeline.as_ref().expect("just set").1
        }
    };
    let mut outlets: Vec<&str> = table.rows.iter().map(|r| r.outlet.as_str()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    // Every chart needs a bar in every bucket (zeros too): stacking pairs bars by position.
    let mut buckets: Vec<i64> = table.rows.iter().filter_map(|r| compare::day_of(Some(&r.date))).collect();
    buckets.sort_unstable();
    buckets.dedup();
    let (days, width) = match bucket {
        timeline::Bucket::Day => (1.0, 0.9),
        timeline::Bucket::Week => (7.0, 6.3),
        timeline::Bucket::Month => (30.0, 27.0),
    };
    // Cells by (outlet, day), so each bar is one lookup rather than a scan of the table.
    let cells: std::collections::HashMap<(&str, i64), u64> = table
        .rows
        .iter()
        .filter_map(|r| compare::day_of(Some(&r.date)).map(|d| ((r.outlet.as_str(), d), r.count)))
        .collect();
    let count = |o: &str, day: i64| cells.get(&(o, day)).copied().unwrap_or(0);
    let mut charts: Vec<BarChart> = Vec::new();
    for o in &outlets {
        let bars: Vec<Bar> =
            buckets.iter().map(|&d| Bar::new(d as f64 + days / 2.0, count(o, d) as f64).width(width)).collect();
        let chart = BarChart::new(text::vis(ui.ctx(), o), bars).color(colors.get(*o).copied().unwrap_or(Color32::GRAY));
        let below: Vec<&BarChart> = charts.iter().collect();
        let chart = chart.stack_on(&below);
        charts.push(chart);
    }
    if !table.undated.is_empty() {
        let n: u64 = table.undated.iter().map(|u| u.1).sum();
        text::label_styled(ui, &format!("{n} {}", tr(lang, T::CmpUndated)), RichText::weak);
    }
    let plot = Plot::new("timeline")
        .legend(Legend::default())
        .allow_scroll(false)
        .allow_double_click_reset(true)
        .include_y(0.0)
        .x_axis_formatter(|mark, _| {
            let day = mark.value.floor() as i64;
            if (mark.value - day as f64).abs() < 1e-6 { compare::iso_of(day) } else { String::new() }
        })
        .label_formatter(|h| match h {
            egui_plot::HoverPosition::NearDataPoint { plot_name, position, .. } => {
                Some(format!("{plot_name}\n{}", compare::iso_of(position.x.floor() as i64)))
            }
            egui_plot::HoverPosition::Elsewhere { position } => Some(compare::iso_of(position.x.floor() as i64)),
        });
    let resp = plot.show(ui, |p| {
        for chart in charts {
            p.bar_chart(chart);
        }
    });
    if resp.response.clicked() {
        let Some(pos) = resp.response.interact_pointer_pos() else { return };
        let at = resp.transform.value_from_position(pos);
        let start = bucket.start(at.x.floor() as i64);
        // The outlet whose part of the stacked bar was clicked.
        let mut y = 0.0;
        for o in &outlets {
            let n = count(o, start) as f64;
            if n > 0.0 && at.y >= y && at.y < y + n {
                let end = match bucket {
                    timeline::Bucket::Day => start,
                    timeline::Bucket::Week => start + 6,
                    timeline::Bucket::Month => bucket.start(start + 31) - 1,
                };
                actions.push(Action::OutletDays {
                    outlet: (*o).to_owned(),
                    from: compare::iso_of(start),
                    to: compare::iso_of(end),
                });
                break;
            }
            y += n;
        }
    }
}

/// Days for a selection spanning up to four months, weeks up to two years, else months.
fn auto_bucket(data: &CompareData) -> timeline::Bucket {
    let days: Vec<i64> = data.articles.iter().filter_map(|a| compare::day_of(a.date.as_deref())).collect();
    let span = days.iter().max().zip(days.iter().min()).map_or(0, |(a, b)| a - b);
    match span {
        0..=120 => timeline::Bucket::Day,
        121..=730 => timeline::Bucket::Week,
        _ => timeline::Bucket::Month,
    }
}
