//! The results list: virtualised (only visible rows are laid out), so thousands of hits scroll
//! smoothly; more hits are fetched as the list nears the end of what is loaded.

use super::column_layout;
use crate::gui::i18n::{T, tr};
use crate::gui::state::{Action, AppState, UiState};
use crate::gui::text::{self, Style};

/// The line above the results: how many hits, how many ticked, and what can be done with them.
fn selection_bar(ui: &mut egui::Ui, state: &AppState, ui_state: &UiState, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    super::row(ui, lang, |ui| {
        text::label_styled(ui, &format!("{} {}", state.total, tr(lang, T::Hits)), |r| r.strong());
        ui.separator();
        let n = state.checked.len();
        text::label(ui, &format!("{n} {}", tr(lang, T::Ticked)));
        if text::small_button(ui, tr(lang, T::TickAll)).on_hover_text("Ctrl+A").clicked() {
            actions.push(Action::CheckAll);
        }
        if n > 0 && text::small_button(ui, tr(lang, T::ClearTicks)).clicked() {
            actions.push(Action::ClearChecked);
        }
        let mut only = state.checked_only;
        let r = ui.checkbox(&mut only, text::vis(ui.ctx(), tr(lang, T::TickedOnly)));
        r.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, true, state.checked_only, tr(lang, T::TickedOnly))
        });
        if r.changed() {
            actions.push(Action::SetCheckedOnly(only));
        }
        if text::small_button(ui, tr(lang, T::Export)).on_hover_text("Ctrl+E").clicked() {
            actions.push(Action::OpenExport);
        }
    });
    ui.separator();
}

/// Height of one result row (title, meta line, snippet) at a body font size.
pub fn row_height(size: f32) -> f32 {
    size * 1.6 + size * 0.8 * 1.4 + size * 0.9 * 1.6 + 10.0
}

/// Draws the results list.
pub fn show(ui: &mut egui::Ui, state: &AppState, ui_state: &UiState, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    if state.root.is_some() && state.hits.is_empty() {
        text::label(ui, tr(lang, if state.query.trim().is_empty() { T::Welcome } else { T::NoResults }));
        return;
    }
    selection_bar(ui, state, ui_state, actions);
    let size = ui_state.font_size;
    let row_height = row_height(size);
    let n = state.total.max(state.hits.len());
    let mut area = egui::ScrollArea::vertical().auto_shrink(false);
    if let Some(y) = state.force_scroll {
        area = area.vertical_scroll_offset(y);
    }
    area.show_rows(ui, row_height, n, |ui, range| {
        if range.end + 20 >= state.hits.len() && state.hits.len() < state.total {
            actions.push(Action::LoadMore);
        }
        for i in range {
            let Some(hit) = state.hits.get(i) else {
                ui.allocate_exact_size(egui::vec2(ui.available_width(), row_height), egui::Sense::hover());
                continue;
            };
            let selected = state.selected == Some(i);
            let frame = egui::Frame::NONE
                .fill(if selected {
                    ui.visuals().selection.bg_fill.gamma_multiply(0.35)
                } else {
                    egui::Color32::TRANSPARENT
                })
                .inner_margin(egui::Margin::symmetric(6, 3));
            // The row's click area goes first, so the checkbox drawn on it gets its own clicks.
            let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(ui.available_width(), row_height));
            let r = ui.interact(rect, ui.scope_id().with(("hit", i)), egui::Sense::click());
            let checked = state.checked.contains(&hit.id);
            let mut ticked = false;
            frame.show(ui, |ui| {
                ui.set_min_height(row_height - 6.0);
                ui.set_width(ui.available_width());
                let dir = if lang.rtl() {
                    egui::Layout::right_to_left(egui::Align::Min)
                } else {
                    egui::Layout::left_to_right(egui::Align::Min)
                };
                ui.with_layout(dir, |ui| {
                    let mut on = checked;
                    let c = ui.checkbox(&mut on, "");
                    c.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, format!("✓ {}", hit.title))
                    });
                    if c.clicked() {
                        ticked = true;
                        let range = ui.input(|i| i.modifiers.shift);
                        actions.push(Action::ToggleChecked { i, range });
                    }
                    ui.with_layout(column_layout(lang), |ui| {
                        text::line(ui, &hit.title, &hit.title_highlights, Style::body(ui, size));
                        let meta = format!(
                            "{} · {} · {}",
                            hit.outlet.as_deref().unwrap_or(tr(lang, T::Unknown)),
                            hit.date.as_deref().map_or_else(|| tr(lang, T::Undated).to_owned(), text::ltr),
                            text::ltr(&text::neutralize(&hit.id))
                        );
                        text::label_styled(ui, &meta, |r| r.small().weak());
                        text::line(ui, &hit.snippet.text, &hit.snippet.highlights, Style::weak(ui, size * 0.9));
                    });
                });
            });
            r.widget_info(|| egui::WidgetInfo::selected(egui::Role::ListItem, true, selected, &hit.title));
            if r.clicked() && !ticked {
                if ui.input(|inp| inp.modifiers.shift) {
                    actions.push(Action::ToggleChecked { i, range: true });
                } else {
                    actions.push(Action::Select(i));
                }
            }
        }
    });
}
