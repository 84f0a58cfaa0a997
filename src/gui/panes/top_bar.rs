//! The top bar: open a folder, the query box, sort, language, text size, index status.

use egui::{Id, RichText};

use super::row;
use crate::gui::i18n::{Lang, T, tr};
use crate::gui::rtl_edit;
use crate::gui::state::{Action, AppState, Status, Tab, UiState};
use crate::gui::text::{self, vis};
use crate::index::Sort;

/// The query box's id (Ctrl+F focuses it).
pub fn query_id() -> Id {
    Id::unique("marsad-query")
}

/// Draws the top bar.
pub fn show(ui: &mut egui::Ui, state: &mut AppState, ui_state: &UiState, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.add_space(4.0);
        row(ui, lang, |ui| {
            if text::button(ui, tr(lang, T::Open)).on_hover_text("Ctrl+O").clicked() {
                actions.push(Action::OpenDialog);
            }
            // The built-in demo unpacks to <cache>/demo/<version>: call it what it is.
            let is_demo =
                state.root.as_ref().and_then(|r| r.parent()).and_then(|p| p.file_name()).is_some_and(|n| n == "demo");
            let folder = if is_demo {
                Some(tr(lang, T::Demo).to_owned())
            } else {
                state.root.as_ref().and_then(|r| r.file_name()).map(|n| n.to_string_lossy().into_owned())
            };
            text::label_styled(
                ui,
                &text::neutralize(&folder.unwrap_or_else(|| tr(lang, T::NoFolder).into())),
                RichText::strong,
            )
            .on_hover_text(state.root.as_ref().map(|r| r.display().to_string()).unwrap_or_default());
            ui.separator();
            // Not egui's TextEdit: it shows a typed Arabic phrase left to right (see rtl_edit).
            let hint = vis(ui.ctx(), tr(lang, T::SearchHint));
            let width = (ui.available_width() - 420.0).max(200.0);
            let r = rtl_edit::show(ui, &mut state.query, query_id(), &hint, tr(lang, T::Query), width, lang.rtl())
                .on_hover_text("Ctrl+F");
            if r.changed() {
                actions.push(Action::QueryEdited);
            }
            if text::button(ui, tr(lang, T::Search)).clicked() {
                actions.push(Action::Search);
            }
            let sorts = [
                (Sort::Score, T::Relevance),
                (Sort::DateDesc, T::Newest),
                (Sort::DateAsc, T::Oldest),
                (Sort::Outlet, T::Outlet),
            ];
            let current = sorts.iter().find(|(s, _)| *s == ui_state.sort).map_or(T::Relevance, |(_, t)| *t);
            egui::ComboBox::new("sort", vis(ui.ctx(), tr(lang, T::SortBy)))
                .selected_text(vis(ui.ctx(), tr(lang, current)))
                .show_ui(ui, |ui| {
                    for (s, t) in sorts {
                        if text::selectable(ui, ui_state.sort == s, tr(lang, t)).clicked() {
                            actions.push(Action::SetSort(s));
                        }
                    }
                });
            if text::button(ui, tr(lang, T::Language)).clicked() {
                actions.push(Action::ToggleLang);
            }
            if text::small_button(ui, "A-").on_hover_text("Ctrl+-").clicked() {
                actions.push(Action::FontSize(-1));
            }
            if text::small_button(ui, "A+").on_hover_text("Ctrl++").clicked() {
                actions.push(Action::FontSize(1));
            }
        });
        row(ui, lang, |ui| {
            status(ui, state, lang, actions);
        });
        if let Some(e) = &state.query_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        ui.add_space(2.0);
        row(ui, lang, |ui| {
            for (tab, label) in [
                (Tab::Results, T::Results),
                (Tab::Kwic, T::Kwic),
                (Tab::Compare, T::Compare),
                (Tab::Problems, T::Problems),
            ] {
                let label_text = if tab == Tab::Problems && !state.problems.is_empty() {
                    format!("{} ({})", tr(lang, label), state.problems.len())
                } else {
                    tr(lang, label).to_owned()
                };
                if text::selectable(ui, state.tab == tab, &label_text).clicked() {
                    actions.push(Action::SetTab(tab));
                }
            }
        });
        ui.add_space(2.0);
    });
}

fn status(ui: &mut egui::Ui, state: &AppState, lang: Lang, actions: &mut Vec<Action>) {
    match &state.status {
        Status::Indexing(p) => {
            let phase = match p.phase {
                "reading" => tr(lang, T::Reading),
                "scanning" | "" => tr(lang, T::Scanning),
                _ => tr(lang, T::Indexing),
            };
            let text = format!(
                "{phase} {}/{} · {:.1} MB/s · {:.0} s · {} {}",
                p.files_done,
                p.files_total,
                p.mb_per_s,
                p.eta_secs,
                p.committed,
                tr(lang, T::Articles)
            );
            ui.add(egui::ProgressBar::new(p.fraction).desired_width(260.0).text(vis(ui.ctx(), &text)));
            if text::button(ui, tr(lang, T::Cancel)).clicked() {
                actions.push(Action::CancelIndex);
            }
        }
        Status::Ready => {
            text::label(
                ui,
                &format!("{} {} · {} {}", state.articles, tr(lang, T::Articles), state.total, tr(lang, T::Hits)),
            );
        }
        Status::Opening(p) => {
            ui.spinner();
            text::label(ui, &text::neutralize(&p.display().to_string()));
        }
        Status::Failed(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        Status::Idle => {
            text::label(ui, tr(lang, T::Welcome));
        }
    }
    for n in &state.notes {
        text::label_styled(ui, n, |r| r.small().weak());
    }
}

/// The path field shown when no native folder dialog is available (or the user cancelled it).
pub fn path_dialog(ctx: &egui::Context, state: &mut AppState, ui_state: &UiState, actions: &mut Vec<Action>) {
    let lang = ui_state.lang;
    let mut open = true;
    egui::Window::new(vis(ctx, tr(lang, T::OpenFolder))).collapsible(false).resizable(false).open(&mut open).show(
        ctx,
        |ui| {
            text::label(ui, tr(lang, T::FolderPath));
            let r = ui.add(egui::TextEdit::singleline(&mut state.path_input).desired_width(420.0));
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let path = std::path::PathBuf::from(state.path_input.trim());
            let exists = path.exists();
            if !state.path_input.trim().is_empty() && !exists {
                ui.colored_label(ui.visuals().error_fg_color, format!("{}: not found", path.display()));
            }
            if (ui.add_enabled(exists, egui::Button::new(vis(ui.ctx(), tr(lang, T::Open)))).clicked() || enter)
                && exists
            {
                actions.push(Action::OpenPath(path));
            }
        },
    );
    if !open {
        state.path_dialog = false;
    }
}

/// The overlay shown while files are dragged over the window.
pub fn drop_overlay(ctx: &egui::Context, lang: Lang) {
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Foreground, Id::unique("marsad-drop")));
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(170));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        vis(ctx, tr(lang, T::DropHere)),
        egui::FontId::proportional(28.0),
        egui::Color32::WHITE,
    );
}
