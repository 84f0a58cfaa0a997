//! How the panes draw article text: every Arabic string (titles, snippets, facet labels,
//! paragraphs) goes through here, so right-to-left layout is decided in one place.

use std::ops::Range;

use egui::{Color32, Response, Ui};

/// Text style for [`paragraph`] and [`line`].
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Font size in points.
    pub size: f32,
    /// Text colour.
    pub color: Color32,
    /// Highlight background for hits.
    pub hit: Color32,
}

impl Style {
    /// Body text in the current theme.
    pub fn body(ui: &Ui, size: f32) -> Style {
        Style { size, color: ui.visuals().text_color(), hit: hit_color(ui) }
    }

    /// Greyed text (removed boilerplate, secondary lines).
    pub fn weak(ui: &Ui, size: f32) -> Style {
        Style { size, color: ui.visuals().weak_text_color(), hit: hit_color(ui) }
    }
}

/// The background of highlighted hits.
pub fn hit_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(120, 95, 0) } else { Color32::from_rgb(255, 226, 110) }
}

/// A wrapped paragraph, right-aligned and in right-to-left order when it is Arabic, with hits
/// (byte ranges of `text`) highlighted. Accessible by its text.
pub fn paragraph(ui: &mut Ui, text: &str, hits: &[Range<usize>], style: Style) -> Response {
    draw(ui, text, hits, style, false)
}

/// A wrapped paragraph like [`paragraph`], with `marks` (byte ranges and a text colour, and a
/// background, e.g. entity mentions) drawn under the hits.
pub fn paragraph_marked(
    ui: &mut Ui,
    text: &str,
    hits: &[Range<usize>],
    marks: &[(Range<usize>, Color32, Color32)],
    style: Style,
) -> Response {
    let mut highlights: Vec<super::rtl::Highlight> =
        hits.iter().map(|r| super::rtl::Highlight { range: r.clone(), background: style.hit, color: None }).collect();
    highlights.extend(marks.iter().map(|(r, color, background)| super::rtl::Highlight {
        range: r.clone(),
        background: *background,
        color: Some(*color),
    }));
    let opts = super::rtl::RtlStyle {
        font: egui::FontId::proportional(style.size),
        color: style.color,
        highlights,
        single_line: false,
    };
    let r = super::rtl::rtl_text(ui, text, &opts);
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, accessible(text)));
    r
}

/// One line, cut with "…" on its trailing side when it does not fit (result rows, facets).
pub fn line(ui: &mut Ui, text: &str, hits: &[Range<usize>], style: Style) -> Response {
    draw(ui, text, hits, style, true)
}

fn draw(ui: &mut Ui, text: &str, hits: &[Range<usize>], style: Style, single_line: bool) -> Response {
    let opts = super::rtl::RtlStyle {
        font: egui::FontId::proportional(style.size),
        color: style.color,
        highlights: hits
            .iter()
            .map(|r| super::rtl::Highlight { range: r.clone(), background: style.hit, color: None })
            .collect(),
        single_line,
    };
    let r = super::rtl::rtl_text(ui, text, &opts);
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, accessible(text)));
    r
}

/// The text as screen readers (and tests) get it: without the invisible bidi controls that only
/// steer the layout (isolates, marks, embeddings).
pub fn accessible(text: &str) -> std::borrow::Cow<'_, str> {
    let control = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if text.contains(control) { text.replace(control, "").into() } else { text.into() }
}

/// Wraps a left-to-right token (a date, a file name, an id) in a bidi isolate so it keeps its
/// order inside Arabic text: without it "2016-11-03" after Arabic words shows as "03-11-2016".
pub fn ltr(s: &str) -> String {
    format!("\u{2066}{s}\u{2069}")
}

pub use crate::corpus::neutralize;

/// The interface's direction, set by the app every frame: UI strings take it as their base
/// direction (an English label starting with an Arabic outlet name is still a left-to-right line).
#[derive(Clone, Copy, Debug, Default)]
pub struct UiDirection(pub bool);

/// Records the interface direction for this frame.
pub fn set_ui_rtl(ctx: &egui::Context, rtl: bool) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::NULL, UiDirection(rtl)));
}

fn ui_rtl(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<UiDirection>(egui::Id::NULL)).unwrap_or_default().0
}

fn v<'a>(ctx: &egui::Context, text: &'a str) -> std::borrow::Cow<'a, str> {
    super::rtl::visual_dir(text, Some(ui_rtl(ctx)))
}

/// egui's own widgets lay words out left to right, so Arabic UI strings are handed to them in
/// visual order ([`super::rtl::visual`]); their accessible name stays the logical text, so screen
/// readers (and tests) read it correctly.
fn named(r: Response, role: egui::Role, text: &str) -> Response {
    r.widget_info(|| egui::WidgetInfo::labeled(role, true, accessible(text)));
    r
}

/// A button with a UI string in any language.
pub fn button(ui: &mut Ui, text: &str) -> Response {
    named(ui.button(v(ui.ctx(), text)), egui::Role::Button, text)
}

/// A small button.
pub fn small_button(ui: &mut Ui, text: &str) -> Response {
    named(ui.small_button(v(ui.ctx(), text)), egui::Role::Button, text)
}

/// A label (UI string, or rich text built from one with [`rich`]).
pub fn label(ui: &mut Ui, text: &str) -> Response {
    named(ui.label(v(ui.ctx(), text)), egui::Role::Label, text)
}

/// A label with a style.
pub fn label_styled(ui: &mut Ui, text: &str, style: impl FnOnce(egui::RichText) -> egui::RichText) -> Response {
    named(ui.label(style(egui::RichText::new(v(ui.ctx(), text)))), egui::Role::Label, text)
}

/// A heading.
pub fn heading(ui: &mut Ui, text: &str) -> Response {
    named(ui.heading(v(ui.ctx(), text)), egui::Role::Label, text)
}

/// A selectable label (tabs).
pub fn selectable(ui: &mut Ui, selected: bool, text: &str) -> Response {
    let r = ui.selectable_label(selected, v(ui.ctx(), text));
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, accessible(text)));
    r
}

/// Visual-order form of a UI string for other egui widgets (hints, combo boxes, windows).
pub fn vis(ctx: &egui::Context, text: &str) -> String {
    v(ctx, text).into_owned()
}
