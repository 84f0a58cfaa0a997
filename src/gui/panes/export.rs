//! The export window: which articles (the ticked ones or every hit), which format, where; then a
//! progress bar with Cancel. The export itself runs on a worker thread and writes atomically.

use crate::export::Format;
use crate::gui::i18n::{T, tr};
use crate::gui::state::{Action, AppState, UiState};
use crate::gui::text::{self, vis};

/// Draws the export window.
pub fn show(ctx: &egui::Context, state: &mut AppState, ui_state: &UiState, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    let mut open = true;
    let ticked = state.checked.len();
    let total = state.total;
    let e = &mut state.export;
    egui::Window::new(vis(ctx, tr(lang, T::ExportTitle))).collapsible(false).resizable(false).open(&mut open).show(
        ctx,
        |ui| {
            super::row(ui, lang, |ui| {
                text::label(ui, tr(lang, T::ExportWhat));
                let t = format!("{} ({ticked})", tr(lang, T::ExportTicked));
                if ui.add_enabled(ticked > 0, egui::Button::selectable(!e.all_hits, vis(ui.ctx(), &t))).clicked() {
                    e.all_hits = false;
                }
                let a = format!("{} ({total})", tr(lang, T::ExportAllHits));
                if text::selectable(ui, e.all_hits, &a).clicked() {
                    e.all_hits = true;
                }
            });
            super::row(ui, lang, |ui| {
                text::label(ui, tr(lang, T::ExportFormat));
                for (f, label) in [
                    (Format::Csv, "CSV"),
                    (Format::Jsonl, "JSONL"),
                    (Format::Xlsx, "XLSX"),
                    (Format::Txt, ".txt files"),
                ] {
                    if text::selectable(ui, e.format() == f, label).clicked() && e.format() != f {
                        e.format = Some(f);
                        e.path = retarget(&e.path, f);
                    }
                }
            });
            super::row(ui, lang, |ui| {
                text::label(ui, tr(lang, T::ExportTo));
                let r = ui.add(egui::TextEdit::singleline(&mut e.path).desired_width(360.0));
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, tr(lang, T::ExportTo)));
                if text::small_button(ui, tr(lang, T::Choose)).clicked() {
                    actions.push(Action::ChooseExportTarget);
                }
            });
            let exists = std::path::Path::new(e.path.trim()).exists();
            if exists {
                ui.checkbox(&mut e.overwrite, format!("{} exists: replace it", e.path.trim()));
            }
            if e.running {
                let (done, all) = e.progress;
                let frac = if all > 0 { done as f32 / all as f32 } else { 0.0 };
                ui.add(egui::ProgressBar::new(frac).text(format!("{done}/{all}")));
                if text::button(ui, tr(lang, T::Cancel)).clicked() {
                    actions.push(Action::CancelExport);
                }
            } else {
                let ready = !e.path.trim().is_empty() && (!exists || e.overwrite) && (e.all_hits || ticked > 0);
                let b = ui.add_enabled(ready, egui::Button::new(vis(ui.ctx(), tr(lang, T::ExportStart))));
                b.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, ready, tr(lang, T::ExportStart)));
                if b.clicked() {
                    actions.push(Action::StartExport);
                }
            }
            if let Some(m) = &e.message {
                text::label_styled(ui, &text::neutralize(m), |r| r.small());
            }
        },
    );
    if !open {
        actions.push(Action::CloseExport);
    }
}

/// The target path with the extension of another format (a folder name for .txt files).
fn retarget(path: &str, f: Format) -> String {
    let p = std::path::Path::new(path.trim());
    let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "marsad-export".into());
    let name = if f.is_folder() { stem } else { format!("{stem}.{}", f.name()) };
    p.with_file_name(name).display().to_string()
}
