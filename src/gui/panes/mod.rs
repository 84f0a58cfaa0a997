//! The app's panes, one module each. A pane draws from the state and pushes
//! [`super::state::Action`]s; it never talks to the worker itself.

pub mod compare;
pub mod export;
pub mod facets;
pub mod kwic;
pub mod problems;
pub mod reader;
pub mod results;
pub mod top_bar;

use super::i18n::Lang;

/// A layout that follows the UI language: right-to-left rows in Arabic.
pub fn row_layout(lang: Lang) -> egui::Layout {
    if lang.rtl() {
        egui::Layout::right_to_left(egui::Align::Center)
    } else {
        egui::Layout::left_to_right(egui::Align::Center)
    }
}

/// One row of widgets in reading order (like `ui.horizontal`, but right to left in Arabic).
pub fn row<R>(ui: &mut egui::Ui, lang: Lang, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, row_layout(lang), add).inner
}

/// A top-down layout whose items hug the reading side (right in Arabic).
pub fn column_layout(lang: Lang) -> egui::Layout {
    egui::Layout::top_down(if lang.rtl() { egui::Align::Max } else { egui::Align::Min })
}
