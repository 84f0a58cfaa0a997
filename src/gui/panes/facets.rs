//! Facets: outlets, a month histogram and entities of the current hits, with counts over all hits.

use egui::RichText;

use super::column_layout;
use crate::entities::Kind;
use crate::gui::i18n::{T, tr};
use crate::gui::state::{Action, AppState, Correction, EntityEdit, UiState};
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
                entity_sections(ui, state, ui_state, actions);
            });
        });
    });
}

/// The colour entities of a type are marked with (facet labels and the reader).
pub fn kind_color(ui: &egui::Ui, kind: Kind) -> egui::Color32 {
    let dark = ui.visuals().dark_mode;
    match (kind, dark) {
        (Kind::Person, false) => egui::Color32::from_rgb(25, 90, 190),
        (Kind::Person, true) => egui::Color32::from_rgb(120, 170, 255),
        (Kind::Place, false) => egui::Color32::from_rgb(20, 120, 60),
        (Kind::Place, true) => egui::Color32::from_rgb(110, 210, 140),
        (Kind::Organization, false) => egui::Color32::from_rgb(140, 50, 150),
        (Kind::Organization, true) => egui::Color32::from_rgb(215, 140, 225),
    }
}

/// People, places and organisations of the current hits: a filter box, then the top names of each
/// type with their article counts. Click filters to articles naming it, Ctrl+click excludes it,
/// right-click offers corrections (hide, rename or merge).
fn entity_sections(ui: &mut egui::Ui, state: &AppState, ui_state: &UiState, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    ui.separator();
    // A wrapped UI line: laid out by the right-to-left paragraph, so wrapped Arabic lines keep
    // their order.
    text::paragraph(ui, tr(lang, T::EntityHelp), &[], Style::weak(ui, ui_state.font_size * 0.7));
    // The filter box text lives in the app state; the pane only reads it (egui needs &mut).
    let mut filter = state.entity_filter.clone();
    let r = ui.add(
        egui::TextEdit::singleline(&mut filter)
            .hint_text(text::vis(ui.ctx(), tr(lang, T::FilterFacets)))
            .desired_width(ui.available_width().min(220.0)),
    );
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, tr(lang, T::FilterFacets)));
    if r.changed() {
        actions.push(Action::SetEntityFilter(filter.clone()));
    }
    let key = crate::arabic::match_key(&filter);
    for (title, kind, list) in [
        (T::People, Kind::Person, &state.facets.person),
        (T::Places, Kind::Place, &state.facets.place),
        (T::Organisations, Kind::Organization, &state.facets.org),
    ] {
        ui.separator();
        text::heading(ui, tr(lang, title));
        let shown: Vec<&(String, u64)> = list
            .iter()
            .filter(|(n, _)| key.is_empty() || crate::arabic::match_key(n).contains(&key))
            .take(40)
            .collect();
        // Active filters stay visible even when the current hits do not list them.
        let active: Vec<(&String, bool)> = state
            .entity_include
            .iter()
            .map(|e| (e, false))
            .chain(state.entity_exclude.iter().map(|e| (e, true)))
            .filter(|((k, n), _)| *k == kind && !shown.iter().any(|(s, _)| s == n))
            .map(|((_, n), ex)| (n, ex))
            .collect();
        if shown.is_empty() && active.is_empty() {
            text::label_styled(ui, tr(lang, T::NoEntities), |r| r.small().weak());
        }
        let rows = shown.iter().map(|(n, c)| (n, *c)).chain(active.iter().map(|(n, _)| (*n, 0)));
        for (name, count) in rows {
            let pair = (kind, name.clone());
            let included = state.entity_include.contains(&pair);
            let excluded = state.entity_exclude.contains(&pair);
            let r = entity_row(ui, name, count, kind, included, excluded, ui_state);
            if r.clicked() {
                let exclude = ui.input(|i| i.modifiers.command);
                actions.push(Action::ToggleEntity { kind, name: name.clone(), exclude });
            }
            r.context_menu(|ui| {
                if text::button(ui, tr(lang, T::HideEntity)).clicked() {
                    actions.push(Action::Correct(Correction::Hide(name.clone())));
                    ui.close();
                }
                if text::button(ui, tr(lang, T::RenameEntity)).clicked() {
                    actions.push(Action::EditEntity(Some(EntityEdit {
                        from: Some(name.clone()),
                        name: name.clone(),
                        kind,
                    })));
                    ui.close();
                }
            });
        }
    }
    ui.separator();
    if text::small_button(ui, tr(lang, T::AddEntity)).clicked() {
        actions.push(Action::EditEntity(Some(EntityEdit { from: None, name: String::new(), kind: Kind::Person })));
    }
    if let Some(note) = &state.correction_note {
        text::label_styled(ui, note, |r| r.small().weak());
    }
}

/// One entity with its count: a checkbox (ticked: results name it; crossed: they must not), the
/// count and the name in its type's colour.
fn entity_row(
    ui: &mut egui::Ui,
    name: &str,
    count: u64,
    kind: Kind,
    included: bool,
    excluded: bool,
    ui_state: &UiState,
) -> egui::Response {
    let lang = ui_state.lang;
    super::row(ui, lang, |ui| {
        let mut on = included;
        let check = ui.checkbox(&mut on, if excluded { "×" } else { "" });
        check.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, included, name));
        ui.label(RichText::new(count.to_string()).small().weak());
        let mut style = Style::body(ui, ui_state.font_size * 0.85);
        style.color = if excluded { ui.visuals().weak_text_color() } else { kind_color(ui, kind) };
        let label = text::line(ui, name, &[], style).interact(egui::Sense::click());
        (check | label).on_hover_cursor(egui::CursorIcon::PointingHand)
    })
}

/// The window that renames, merges or adds an entity.
pub fn edit_window(ctx: &egui::Context, state: &mut AppState, ui_state: &UiState, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    let Some(edit) = state.entity_edit.as_mut() else { return };
    let title = if edit.from.is_some() { tr(lang, T::RenameEntity) } else { tr(lang, T::AddEntity) };
    let mut open = true;
    egui::Window::new(text::vis(ctx, title)).collapsible(false).resizable(false).open(&mut open).show(ctx, |ui| {
        if let Some(from) = &edit.from {
            text::line(ui, from, &[], Style::weak(ui, ui_state.font_size));
        }
        text::label(ui, tr(lang, T::NewName));
        let r = ui.add(egui::TextEdit::singleline(&mut edit.name).desired_width(320.0));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, tr(lang, T::NewName)));
        if edit.from.is_none() {
            super::row(ui, lang, |ui| {
                text::label(ui, tr(lang, T::EntityType));
                for (k, t) in
                    [(Kind::Person, T::People), (Kind::Place, T::Places), (Kind::Organization, T::Organisations)]
                {
                    if text::selectable(ui, edit.kind == k, tr(lang, t)).clicked() {
                        edit.kind = k;
                    }
                }
            });
        }
        let name = edit.name.trim().to_owned();
        if text::button(ui, tr(lang, T::Apply)).clicked() && !name.is_empty() {
            actions.push(Action::Correct(match &edit.from {
                Some(from) => Correction::Rename { from: from.clone(), to: name },
                None => Correction::Add { name, kind: edit.kind },
            }));
        }
    });
    if !open {
        actions.push(Action::EditEntity(None));
    }
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
