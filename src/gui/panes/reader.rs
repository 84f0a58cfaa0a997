//! The reader: one article, right to left, with the query's hits highlighted, next/previous hit,
//! and the removed boilerplate greyed in place (hidden unless asked for).

use egui::RichText;

use super::{column_layout, row};
use crate::gui::i18n::{T, tr};
use crate::gui::state::{AppState, UiState};
use crate::gui::text::{self, Style};

/// Draws the reader panel (right in English, left in Arabic).
pub fn show(ui: &mut egui::Ui, state: &mut AppState, ui_state: &UiState) {
    let lang = ui_state.lang;
    let width = ui.available_width() * 0.42;
    let panel = if lang.rtl() { egui::Panel::left("reader") } else { egui::Panel::right("reader") };
    panel.resizable(true).default_size(width).min_size(280.0).show(ui, |ui| {
        let Some(loaded) = &state.article else {
            ui.with_layout(column_layout(lang), |ui| {
                ui.add_space(20.0);
                text::label_styled(ui, tr(lang, T::PickArticle), RichText::weak);
            });
            return;
        };
        let a = &loaded.article;
        let size = ui_state.font_size;
        let hits = &loaded.body_hits;
        ui.add_space(6.0);
        ui.with_layout(column_layout(lang), |ui| {
            let marks = entity_marks(ui, state, &loaded.mentions.title, 0..a.title.len());
            text::paragraph_marked(ui, &a.title, &loaded.title_hits, &marks, Style::body(ui, size * 1.35));
            let meta = format!(
                "{} · {} · {}: {}",
                a.outlet.as_deref().unwrap_or(tr(lang, T::Unknown)),
                a.date.as_deref().map_or_else(|| tr(lang, T::Undated).to_owned(), text::ltr),
                tr(lang, T::Path),
                text::ltr(&text::neutralize(&a.path))
            );
            text::label_styled(ui, &meta, |r| r.small().weak());
            if a.title_derived {
                text::label_styled(ui, tr(lang, T::Derived), |r| r.small().italics().weak());
            }
        });
        let mut show_removed = state.show_removed_override.unwrap_or(ui_state.show_removed);
        row(ui, lang, |ui| {
            if !hits.is_empty() {
                ui.label(format!("{}/{}", state.current_hit + 1, hits.len()));
                if text::button(ui, tr(lang, T::PrevHit)).clicked() {
                    state.current_hit = (state.current_hit + hits.len() - 1) % hits.len();
                    state.scroll_to_hit = true;
                }
                if text::button(ui, tr(lang, T::NextHit)).clicked() {
                    state.current_hit = (state.current_hit + 1) % hits.len();
                    state.scroll_to_hit = true;
                }
            }
            if !a.boilerplate.is_empty() {
                let label = if show_removed { tr(lang, T::HideRemoved) } else { tr(lang, T::ShowRemoved) };
                if text::button(ui, &format!("{label} ({})", a.boilerplate.len())).clicked() {
                    show_removed = !show_removed;
                    state.show_removed_override = Some(show_removed);
                }
            }
        });
        ui.separator();
        let target = hits.get(state.current_hit).map(|r| r.start);
        let mut scroll = std::mem::take(&mut state.scroll_to_hit);
        let a = &state.article.as_ref().expect("checked above").article;
        let hits = &state.article.as_ref().expect("checked above").body_hits;
        let mentions = &state.article.as_ref().expect("checked above").mentions.body;
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            ui.with_layout(column_layout(lang), |ui| {
                let mut removed = a.boilerplate.iter().peekable();
                let mut offset = 0;
                for (i, para) in a.body.split('\n').enumerate() {
                    while let Some(b) = removed.next_if(|b| b.at <= i) {
                        if show_removed {
                            text::paragraph(ui, &b.text, &[], Style::weak(ui, size * 0.85)).on_hover_text(format!(
                                "{}: {}",
                                tr(lang, T::RemovedText),
                                b.kind
                            ));
                        }
                    }
                    // A pathological "paragraph" (a whole file on one line) is shown in pieces
                    // so its layout stays bounded.
                    for (start, chunk) in chunks(para, MAX_CHUNK) {
                        let (c0, c1) = (offset + start, offset + start + chunk.len());
                        let local: Vec<_> = hits
                            .iter()
                            .filter(|r| r.start >= c0 && r.end <= c1)
                            .map(|r| r.start - c0..r.end - c0)
                            .collect();
                        let marks: Vec<_> = entity_marks(ui, state, mentions, c0..c1)
                            .into_iter()
                            .map(|(r, c, b)| (r.start - c0..r.end - c0, c, b))
                            .collect();
                        let r = text::paragraph_marked(ui, chunk, &local, &marks, Style::body(ui, size));
                        if scroll && target.is_some_and(|t| t >= c0 && t < c1) {
                            r.scroll_to_me(Some(egui::Align::Center));
                            scroll = false;
                        }
                    }
                    ui.add_space(size * 0.5);
                    offset += para.len() + 1;
                }
                if show_removed {
                    for b in removed {
                        text::paragraph(ui, &b.text, &[], Style::weak(ui, size * 0.85)).on_hover_text(format!(
                            "{}: {}",
                            tr(lang, T::RemovedText),
                            b.kind
                        ));
                    }
                }
            });
        });
    });
}

/// Entity mentions inside `within` as coloured ranges: the type's colour, and a tinted background
/// for the entities the results are filtered to.
fn entity_marks(
    ui: &egui::Ui,
    state: &AppState,
    mentions: &[crate::entities::Mention],
    within: std::ops::Range<usize>,
) -> Vec<(std::ops::Range<usize>, egui::Color32, egui::Color32)> {
    mentions
        .iter()
        .filter(|m| m.range.start >= within.start && m.range.end <= within.end)
        .map(|m| {
            let color = super::facets::kind_color(ui, m.kind);
            let chosen = state.entity_include.iter().any(|(k, n)| *k == m.kind && *n == m.name);
            let bg = if chosen { color.gamma_multiply(0.25) } else { egui::Color32::TRANSPARENT };
            (m.range.clone(), color, bg)
        })
        .collect()
}

/// Longest piece of a paragraph laid out at once, in bytes.
const MAX_CHUNK: usize = 6000;

/// Splits a paragraph into pieces of at most `max` bytes, at spaces where possible, with their
/// byte offsets.
fn chunks(text: &str, max: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max {
        let mut cut = start + max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(sp) = text[start..cut].rfind(' ').filter(|&p| p > max / 2) {
            cut = start + sp + 1;
        }
        out.push((start, &text[start..cut]));
        start = cut;
    }
    out.push((start, &text[start..]));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn chunks_cover_the_text_at_char_boundaries() {
        let text = "كلمة ".repeat(5000);
        let parts = super::chunks(&text, 1000);
        assert!(parts.len() > 20);
        let rebuilt: String = parts.iter().map(|(_, p)| *p).collect();
        assert_eq!(rebuilt, text);
        assert!(parts.iter().all(|(s, p)| p.len() <= 1000 && text[*s..].starts_with(p)));
        assert_eq!(super::chunks("قصير", 1000), [(0, "قصير")]);
    }
}
