//! Facets: outlets, a month histogram and entities of the current hits, with counts over all hits.

use egui::RichText;

use super::column_layout;
use crate::gui::i18n::{T, tr};
use crate::gui::state::{Action, AppState, UiState};
use crate::gui::text::{self, Style};

/// Draws the facets panel (left in English, right in Arabic).
pub fn show(ui: &mut egui::Ui, state: &AppState, ui_state: &UiState, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    let panel = if lang.rtl() { egui::Panel::right("facets") } else { egui::Panel::left("facets") };
    panel.resizable(true).default_size(240.0).min_size(160.0).show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.with_layout(column_layout(lang), |ui| {
                text::heading(ui, tr(lang, T::Outlets));
                for (name, count) in &state.facets.outlet {
                    let on = state.outlet_filter.contains(name);
                    let r = count_row(ui, name, *count, on, ui_state);
                    if r.clicked() {
                        actions.push(Action::ToggleOutlet(name.clone()));
                    }
                }
                for name in state.outlet_filter.iter().filter(|o| !state.facets.outlet.iter().any(|(n, _)| n == *o)) {
                    if count_row(ui, name, 0, true, ui_state).clicked() {
                        actions.push(Action::ToggleOutlet(name.clone()));
                    }
                }
                ui.separator();
                text::heading(ui, tr(lang, T::Dates));
                histogram(ui, state, ui_state);
                for (title, list) in [
                    (T::People, &state.facets.person),
                    (T::Places, &state.facets.place),
                    (T::Organisations, &state.facets.org),
                ] {
                    ui.separator();
                    text::heading(ui, tr(lang, title));
                    if list.is_empty() {
                        text::label_styled(ui, tr(lang, T::EntitiesLater), |r| r.small().weak());
                    }
                    for (name, count) in list.iter().take(30) {
                        count_row(ui, name, *count, false, ui_state);
                    }
                }
            });
        });
    });
}

/// One facet value with its count, as a checkbox (checked: results are filtered to it).
fn count_row(ui: &mut egui::Ui, name: &str, count: u64, selected: bool, ui_state: &UiState) -> egui::Response {
    let lang = ui_state.lang;
    super::row(ui, lang, |ui| {
        let mut on = selected;
        let check = ui.checkbox(&mut on, "");
        check.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, selected, name));
        ui.label(RichText::new(count.to_string()).small().weak());
        let label =
            text::line(ui, name, &[], Style::body(ui, ui_state.font_size * 0.85)).interact(egui::Sense::click());
        let r = check | label;
        r.on_hover_cursor(egui::CursorIcon::PointingHand)
    })
}

/// Articles per month of the current hits, as horizontal bars.
fn histogram(ui: &mut egui::Ui, state: &AppState, ui_state: &UiState) {
    let max = state.facets.months.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let width = ui.available_width().min(220.0);
    for b in &state.facets.months {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&b.key).monospace().small());
            let w = (width - 110.0).max(20.0) * b.count as f32 / max as f32;
            let (rect, _) = ui.allocate_exact_size(egui::vec2(w.max(2.0), 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, ui.visuals().selection.bg_fill);
            ui.label(RichText::new(b.count.to_string()).small());
        });
    }
    if state.facets.undated > 0 {
        text::label_styled(ui, &format!("{} {}", state.facets.undated, tr(ui_state.lang, T::Undated)), |r| {
            r.small().weak()
        });
    }
}
