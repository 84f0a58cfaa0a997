//! Files that were skipped or read only in part, and why.

use egui::RichText;

use super::column_layout;
use crate::gui::i18n::{T, tr};
use crate::gui::state::{AppState, UiState};
use crate::gui::text::neutralize;

/// Draws the problems list.
pub fn show(ui: &mut egui::Ui, state: &AppState, ui_state: &UiState) {
    let lang = ui_state.lang;
    if state.problems.is_empty() {
        crate::gui::text::label(ui, tr(lang, T::NoProblems));
        return;
    }
    egui::ScrollArea::vertical().auto_shrink(false).show_rows(ui, 22.0, state.problems.len(), |ui, range| {
        ui.with_layout(column_layout(lang), |ui| {
            for p in &state.problems[range] {
                ui.horizontal(|ui| {
                    crate::gui::text::label_styled(ui, &neutralize(&p.path), RichText::monospace);
                    crate::gui::text::label_styled(ui, &p.reason, RichText::weak);
                });
            }
        });
    });
}
