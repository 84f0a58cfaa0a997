//! The KWIC concordance: every hit of the query with its context, hits aligned in one column.
//! In right-to-left text the preceding context stands to the right of the hit.

use egui::RichText;

use crate::gui::state::{AppState, UiState};
use crate::gui::text::{self, Style};

/// Draws the concordance.
pub fn show(ui: &mut egui::Ui, state: &AppState, ui_state: &UiState) {
    let size = ui_state.font_size * 0.9;
    let row = size * 1.7;
    egui::ScrollArea::vertical().auto_shrink(false).show_rows(ui, row, state.kwic.len(), |ui, range| {
        let total = ui.available_width();
        let side = ((total - 140.0) / 2.0).max(80.0);
        for r in &state.kwic[range] {
            ui.horizontal(|ui| {
                ui.set_height(row);
                // Visual order for Arabic: following text | hit | preceding text.
                ui.allocate_ui_with_layout(
                    egui::vec2(side, row),
                    egui::Layout::right_to_left(egui::Align::Center),
                    |ui| {
                        text::line(ui, &r.line.right, &[], Style::weak(ui, size));
                    },
                );
                let whole_range = 0..r.line.hit.len();
                let whole = std::slice::from_ref(&whole_range);
                let hit = text::line(ui, &r.line.hit, whole, Style::body(ui, size));
                hit.on_hover_text(format!(
                    "{} · {} · {}",
                    r.outlet.as_deref().unwrap_or("?"),
                    r.date.as_deref().unwrap_or(""),
                    text::neutralize(&r.id)
                ));
                ui.allocate_ui_with_layout(
                    egui::vec2(side, row),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        text::line(ui, &r.line.left, &[], Style::weak(ui, size));
                    },
                );
            });
        }
    });
    if state.kwic.is_empty() {
        ui.label(RichText::new("—").weak());
    }
}
