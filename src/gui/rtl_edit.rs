//! A one-line text box that shows right-to-left text the right way: the query box.
//!
//! egui's `TextEdit` lays its text out as one left-to-right flow and puts its cursor by glyph
//! index, which for Arabic is in visual, not logical, order: a typed phrase showed its words in
//! reverse order, and the caret sat at the mirrored place. This box keeps the text and its caret
//! in logical order (byte offsets), lays the line out with the [`rtl`](super::rtl) module
//! ([`rtl::edit_line`]: bidi runs in visual order, right-aligned when right to left) and draws the
//! caret and the selection where the bidi layout puts those offsets.
//!
//! What it supports is what a search box needs: typing and IME commits, paste, copy and cut,
//! Backspace and Delete (with Ctrl: a word), arrows that move the way they point (in a
//! right-to-left line ← goes forward), Home and End, Shift to select, Ctrl+A, and the mouse
//! (click to place the caret, drag to select, double-click for a word). It is one line: newlines
//! pasted in become spaces. Enter and Esc are left to the app.

use std::ops::Range;

use egui::{Event, Id, Key, Pos2, Rect, Response, Sense, Stroke, Ui, Vec2};

use super::rtl::{self, Line};

/// The caret and selection of a box, kept in egui's memory under the box's id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Caret {
    /// Logical byte offset of the caret.
    pub cursor: usize,
    /// The other end of the selection (equal to `cursor` when nothing is selected).
    pub anchor: usize,
}

impl Caret {
    fn at(i: usize) -> Caret {
        Caret { cursor: i, anchor: i }
    }

    /// The selected byte range, in logical order.
    pub fn selection(self) -> Range<usize> {
        self.cursor.min(self.anchor)..self.cursor.max(self.anchor)
    }

    /// Both ends moved back into `text` (the app may have changed the text, e.g. Esc clears it).
    fn clamp(self, text: &str) -> Caret {
        let fix = |i: usize| {
            let mut i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        Caret { cursor: fix(self.cursor), anchor: fix(self.anchor) }
    }
}

fn prev_char(text: &str, i: usize) -> usize {
    text[..i].char_indices().next_back().map_or(0, |(j, _)| j)
}

fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(i, |c| i + c.len_utf8())
}

/// The start of the word before `i` (spaces before it skipped first), as Ctrl+← does.
fn prev_word(text: &str, i: usize) -> usize {
    let before = &text[..i];
    let trimmed = before.trim_end();
    trimmed.rfind(char::is_whitespace).map_or(0, |j| j + trimmed[j..].chars().next().map_or(1, char::len_utf8))
}

/// The end of the word after `i` (spaces after it skipped first).
fn next_word(text: &str, i: usize) -> usize {
    let after = &text[i..];
    let skip = after.len() - after.trim_start().len();
    let rest = &after[skip..];
    i + skip + rest.find(char::is_whitespace).unwrap_or(rest.len())
}

/// The word around `i`, for a double click.
fn word_at(text: &str, i: usize) -> Range<usize> {
    let start = text[..i].rfind(char::is_whitespace).map_or(0, |j| j + 1);
    let end = text[i..].find(char::is_whitespace).map_or(text.len(), |j| i + j);
    start..end
}

/// Replaces the selection with `s` (one line: newlines become spaces).
fn insert(text: &mut String, caret: &mut Caret, s: &str) {
    let s: String =
        s.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).filter(|c| !c.is_control()).collect();
    let sel = caret.selection();
    text.replace_range(sel.clone(), &s);
    *caret = Caret::at(sel.start + s.len());
}

/// Applies one input event to the text and caret; true when the text changed. `rtl` is the
/// line's direction: it decides which way the arrow keys go. Pure, so the editing rules are
/// tested without a window.
pub fn apply(text: &mut String, caret: &mut Caret, event: &Event, rtl: bool) -> (bool, Option<String>) {
    *caret = caret.clamp(text);
    let sel = caret.selection();
    match event {
        Event::Text(s) | Event::Paste(s) | Event::Ime(egui::ImeEvent::Commit(s)) if !s.is_empty() => {
            insert(text, caret, s);
            (true, None)
        }
        Event::Copy if !sel.is_empty() => (false, Some(text[sel].to_owned())),
        Event::Cut if !sel.is_empty() => {
            let copied = text[sel.clone()].to_owned();
            insert(text, caret, "");
            (true, Some(copied))
        }
        Event::Key { key, pressed: true, modifiers, .. } => {
            let word = modifiers.command || modifiers.alt;
            let i = caret.cursor;
            match key {
                Key::Backspace | Key::Delete => {
                    if sel.is_empty() {
                        let other = match (key, word) {
                            (Key::Backspace, false) => prev_char(text, i),
                            (Key::Backspace, true) => prev_word(text, i),
                            (_, false) => next_char(text, i),
                            (_, true) => next_word(text, i),
                        };
                        caret.anchor = other;
                    }
                    let changed = !caret.selection().is_empty();
                    insert(text, caret, "");
                    (changed, None)
                }
                Key::ArrowLeft | Key::ArrowRight | Key::Home | Key::End => {
                    // In a right-to-left line the left arrow goes forward in the text.
                    let forward = match key {
                        Key::ArrowRight => !rtl,
                        Key::ArrowLeft => rtl,
                        Key::End => true,
                        _ => false,
                    };
                    let to = match (key, forward, word) {
                        (Key::Home, ..) => 0,
                        (Key::End, ..) => text.len(),
                        // Without Shift, an arrow first collapses a selection to its side.
                        (_, true, _) if !modifiers.shift && !sel.is_empty() => sel.end,
                        (_, false, _) if !modifiers.shift && !sel.is_empty() => sel.start,
                        (_, true, false) => next_char(text, i),
                        (_, true, true) => next_word(text, i),
                        (_, false, false) => prev_char(text, i),
                        (_, false, true) => prev_word(text, i),
                    };
                    caret.cursor = to;
                    if !modifiers.shift {
                        caret.anchor = to;
                    }
                    (false, None)
                }
                Key::A if modifiers.command => {
                    *caret = Caret { anchor: 0, cursor: text.len() };
                    (false, None)
                }
                _ => (false, None),
            }
        }
        _ => (false, None),
    }
}

/// A line laid out with every piece's left edge (x from the line's left end).
struct Laid {
    rtl: bool,
    line: Line,
    lefts: Vec<f32>,
}

impl Laid {
    fn new(text: &str, base_rtl: bool, measure: &mut dyn FnMut(&str) -> f32) -> Laid {
        let (rtl, line) = rtl::edit_line(text, base_rtl, measure);
        let mut x = 0.0;
        let lefts = line
            .pieces
            .iter()
            .map(|p| {
                let l = x;
                x += p.width;
                l
            })
            .collect();
        Laid { rtl, line, lefts }
    }

    /// The x of logical offset `at` inside piece `k` (`at` within the piece's range): at its
    /// leading edge, its trailing edge, or after the measured part of it.
    fn x_in(&self, k: usize, text: &str, at: usize, measure: &mut dyn FnMut(&str) -> f32) -> f32 {
        let p = &self.line.pieces[k];
        let (left, right) = (self.lefts[k], self.lefts[k] + p.width);
        let odd = p.level % 2 == 1;
        let done = if at <= p.range.start {
            0.0
        } else if at >= p.range.end {
            p.width
        } else {
            measure(&text[p.range.start..at]).min(p.width)
        };
        if odd { right - done } else { left + done }
    }

    /// The caret's x for logical offset `at`, from the line's left end: at the trailing edge of
    /// the character before it (where the next typed letter of the line's direction goes), or at
    /// the leading edge of the first character.
    fn caret_x(&self, text: &str, at: usize, measure: &mut dyn FnMut(&str) -> f32) -> f32 {
        let pieces = &self.line.pieces;
        let k = if at == 0 {
            pieces.iter().position(|p| p.range.start == 0)
        } else {
            pieces.iter().position(|p| p.range.start < at && at <= p.range.end)
        };
        match k {
            Some(k) => self.x_in(k, text, at, measure),
            None if self.rtl => self.line.width,
            None => 0.0,
        }
    }

    /// The logical offset whose caret is nearest to `x`.
    fn offset_at(&self, text: &str, x: f32, measure: &mut dyn FnMut(&str) -> f32) -> usize {
        let offsets = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
        offsets
            .map(|i| (i, (self.caret_x(text, i, measure) - x).abs()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(0, |(i, _)| i)
    }

    /// Rectangles (x ranges) covering a logical byte range, one per piece it touches.
    fn spans(&self, text: &str, r: &Range<usize>, measure: &mut dyn FnMut(&str) -> f32) -> Vec<(f32, f32)> {
        let mut out = Vec::new();
        for (k, p) in self.line.pieces.iter().enumerate() {
            let (a, b) = (r.start.max(p.range.start), r.end.min(p.range.end));
            if a < b {
                let (x0, x1) = (self.x_in(k, text, a, measure), self.x_in(k, text, b, measure));
                out.push((x0.min(x1), x0.max(x1)));
            }
        }
        out
    }
}

/// The query box: a one-line editor of `text` with right-to-left layout. `label` names it for
/// screen readers and tests; `hint` (already in visual order) shows while it is empty; `ui_rtl` is
/// the interface's direction (an empty box puts its caret and hint on that side).
pub fn show(ui: &mut Ui, text: &mut String, id: Id, hint: &str, label: &str, width: f32, ui_rtl: bool) -> Response {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let ctx = ui.ctx().clone();
    let color = ui.visuals().text_color();
    let mut measure = |s: &str| ctx.fonts_mut(|f| f.layout_no_wrap(s.to_owned(), font.clone(), color).size().x);
    let row = ctx.fonts_mut(|f| f.row_height(&font));
    let margin = Vec2::new(6.0, 3.0);
    let (rect, _) = ui.allocate_exact_size(Vec2::new(width, row + 2.0 * margin.y), Sense::hover());
    let mut response = ui.interact(rect, id, Sense::click_and_drag());
    let inner = rect.shrink2(margin);
    let before = text.clone();
    let mut caret = ui.data(|d| d.get_temp::<Caret>(id)).unwrap_or(Caret::at(text.len())).clamp(text);
    let mut scroll: f32 = ui.data(|d| d.get_temp(id.with("scroll"))).unwrap_or(0.0);
    let origin = |laid: &Laid, scroll: f32| {
        if laid.line.width <= inner.width() {
            if laid.rtl { inner.right() - laid.line.width } else { inner.left() }
        } else {
            inner.left() - scroll
        }
    };
    let mut laid = Laid::new(text, ui_rtl, &mut measure);

    // The mouse: a click places the caret (and focuses), a drag selects, a double click takes a word.
    if response.clicked() || response.drag_started() {
        ui.memory_mut(|m| m.request_focus(id));
    }
    if let Some(pos) = response.interact_pointer_pos()
        && (response.is_pointer_button_down_on() || response.clicked())
    {
        let at = laid.offset_at(text, pos.x - origin(&laid, scroll), &mut measure);
        if response.double_clicked() {
            let w = word_at(text, at);
            caret = Caret { anchor: w.start, cursor: w.end };
        } else if response.drag_started() || response.clicked() {
            let shift = ui.input(|i| i.modifiers.shift);
            caret = Caret { cursor: at, anchor: if shift { caret.anchor } else { at } };
        } else if response.dragged() {
            caret.cursor = at;
        }
    }

    // The keyboard, while focused.
    let focused = ui.memory(|m| m.has_focus(id));
    let mut changed = false;
    if focused {
        let filter = egui::EventFilter { horizontal_arrows: true, vertical_arrows: false, tab: false, escape: false };
        ui.memory_mut(|m| m.set_focus_lock_filter(id, filter));
        for e in ui.input(|i| i.events.clone()) {
            let (c, copied) = apply(text, &mut caret, &e, laid.rtl);
            if c {
                changed = true;
                laid = Laid::new(text, ui_rtl, &mut measure);
            }
            if let Some(s) = copied {
                ctx.copy_text(s);
            }
        }
    }
    let caret_x = laid.caret_x(text, caret.cursor, &mut measure);
    scroll = if laid.line.width > inner.width() {
        // Too long for the box: scroll so that the caret shows.
        scroll.clamp(caret_x - inner.width(), caret_x).clamp(0.0, laid.line.width - inner.width())
    } else {
        0.0
    };
    let x0 = origin(&laid, scroll);

    // Paint: the frame, the selection, the text (or the hint), the caret.
    let visuals = ui.visuals();
    let stroke = if focused {
        visuals.selection.stroke
    } else if response.hovered() {
        visuals.widgets.hovered.bg_stroke
    } else {
        visuals.widgets.inactive.bg_stroke
    };
    let painter = ui.painter_at(rect);
    painter.rect(
        rect,
        visuals.widgets.inactive.corner_radius,
        visuals.extreme_bg_color,
        stroke,
        egui::StrokeKind::Inside,
    );
    let painter = painter.with_clip_rect(inner.expand2(Vec2::new(2.0, 0.0)).intersect(ui.clip_rect()));
    let top = inner.top();
    let sel = caret.selection();
    if focused && !sel.is_empty() {
        for (a, b) in laid.spans(text, &sel, &mut measure) {
            let r = Rect::from_x_y_ranges(x0 + a..=x0 + b, top..=top + row);
            painter.rect_filled(r, 0.0, visuals.selection.bg_fill);
        }
    }
    if text.is_empty() {
        let weak = visuals.weak_text_color();
        let g = ctx.fonts_mut(|f| f.layout_no_wrap(hint.to_owned(), font.clone(), weak));
        let x = if ui_rtl { inner.right() - g.size().x } else { inner.left() };
        painter.galley(Pos2::new(x, top), g, weak);
    }
    for (p, left) in laid.line.pieces.iter().zip(&laid.lefts) {
        let g = ctx.fonts_mut(|f| f.layout_no_wrap(p.draw.clone(), font.clone(), color));
        painter.galley(Pos2::new(x0 + left, top), g, color);
    }
    if focused {
        let caret_rect = Rect::from_x_y_ranges(x0 + caret_x..=x0 + caret_x, top..=top + row);
        let stroke: Stroke = visuals.text_cursor.stroke;
        painter.line_segment([caret_rect.center_top(), caret_rect.center_bottom()], stroke);
        ctx.output_mut(|o| {
            o.ime = Some(egui::output::IMEOutput {
                purpose: egui::IMEPurpose::Normal,
                rect,
                cursor_rect: caret_rect,
                should_interrupt_composition: false,
            });
        });
    }
    if response.hovered() {
        ctx.set_cursor_icon(egui::CursorIcon::Text);
    }
    ui.data_mut(|d| {
        d.insert_temp(id, caret);
        d.insert_temp(id.with("scroll"), scroll);
    });
    if changed {
        response.mark_changed();
    }
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(true, &before, text.as_str(), hint);
        info.label = Some(label.to_owned());
        info
    });
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: Key, shift: bool, command: bool) -> Event {
        Event::Key {
            key: k,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers { shift, command, ctrl: command, ..Default::default() },
        }
    }

    fn edit(start: &str, events: &[Event], rtl: bool) -> (String, Caret) {
        let mut text = start.to_owned();
        let mut caret = Caret::at(text.len());
        for e in events {
            apply(&mut text, &mut caret, e, rtl);
        }
        (text, caret)
    }

    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    #[test]
    fn typing_inserts_at_the_caret_in_logical_order() {
        let (t, c) = edit("", &[Event::Text("وقف".into()), Event::Text(" ".into()), Event::Text("إطلاق".into())], true);
        assert_eq!(t, "وقف إطلاق");
        assert_eq!(c.cursor, t.len());
        // Home, then type: the new word goes first.
        let (t, _) = edit("النار", &[key(Key::Home, false, false), Event::Text("وقف ".into())], true);
        assert_eq!(t, "وقف النار");
    }

    #[test]
    fn arrows_point_the_way_they_move() {
        // In a right-to-left line, ← goes forward in the text and → back.
        let (_, c) = edit("حلب", &[key(Key::Home, false, false), key(Key::ArrowLeft, false, false)], true);
        assert_eq!(c.cursor, "ح".len());
        let (_, c) = edit("حلب", &[key(Key::ArrowRight, false, false)], true);
        assert_eq!(c.cursor, "حل".len());
        // In a left-to-right line the other way round.
        let (_, c) = edit("abc", &[key(Key::ArrowLeft, false, false)], false);
        assert_eq!(c.cursor, 2);
    }

    #[test]
    fn backspace_delete_words_and_selection() {
        let (t, _) = edit("وقف إطلاق", &[key(Key::Backspace, false, false)], true);
        assert_eq!(t, "وقف إطلا");
        let (t, _) = edit("وقف إطلاق", &[key(Key::Backspace, false, true)], true);
        assert_eq!(t, "وقف ");
        let (t, _) = edit("وقف إطلاق", &[key(Key::Home, false, false), key(Key::Delete, false, true)], true);
        assert_eq!(t, " إطلاق");
        // Ctrl+A then typing replaces everything; Shift+arrow selects one letter.
        let (t, _) = edit("حلب", &[key(Key::A, false, true), Event::Text("دمشق".into())], true);
        assert_eq!(t, "دمشق");
        let (t, _) = edit("حلب", &[key(Key::ArrowRight, true, false), Event::Cut], true);
        assert_eq!(t, "حل");
        // Pasted newlines become spaces.
        let (t, _) = edit("", &[Event::Paste("حلب\nدمشق".into())], true);
        assert_eq!(t, "حلب دمشق");
    }

    #[test]
    fn copy_gives_the_selection_in_logical_order() {
        let mut text = "وقف إطلاق النار".to_owned();
        let mut caret = Caret { anchor: 0, cursor: "وقف إطلاق".len() };
        let (changed, copied) = apply(&mut text, &mut caret, &Event::Copy, true);
        assert!(!changed);
        assert_eq!(copied.as_deref(), Some("وقف إطلاق"));
    }

    #[test]
    fn caret_follows_the_bidi_layout() {
        // "حلب دمشق": right to left, the first word at the right end.
        let text = "حلب دمشق";
        let laid = Laid::new(text, false, &mut chars);
        assert!(laid.rtl);
        let w = laid.line.width;
        assert_eq!(w, 8.0);
        // Start of the text: the right edge; end: the left edge; after the first word: 3 from the right.
        assert_eq!(laid.caret_x(text, 0, &mut chars), w);
        assert_eq!(laid.caret_x(text, text.len(), &mut chars), 0.0);
        assert_eq!(laid.caret_x(text, "حلب".len(), &mut chars), w - 3.0);
        // A click near the left end puts the caret at the end of the text.
        assert_eq!(laid.offset_at(text, 0.4, &mut chars), text.len());
        // A space just typed at the end moves the caret left (it is not dropped).
        let t2 = "حلب ";
        let laid2 = Laid::new(t2, false, &mut chars);
        assert_eq!(laid2.caret_x(t2, t2.len(), &mut chars), 0.0);
        assert_eq!(laid2.line.width, 4.0);
    }

    #[test]
    fn numbers_and_latin_keep_their_order_inside_arabic() {
        // "عام 2016 في" : the number reads left to right inside the right-to-left line.
        let text = "عام 2016 في";
        let laid = Laid::new(text, true, &mut chars);
        let drawn: Vec<&str> = laid.line.pieces.iter().map(|p| p.draw.as_str()).collect();
        assert_eq!(drawn.concat(), "في 2016 عام");
        // On screen: "في" 0..2, space 2..3, "2016" 3..7, space 7..8, "عام" 8..11.
        assert_eq!(laid.caret_x(text, "عام ".len(), &mut chars), 7.0, "after the space, left of it");
        assert_eq!(laid.caret_x(text, "عام 20".len(), &mut chars), 5.0, "inside the number, left to right");
        assert_eq!(laid.caret_x(text, "عام 2016".len(), &mut chars), 7.0, "after the number: its right end");
        assert_eq!(laid.caret_x(text, text.len(), &mut chars), 0.0);
        // The selection of the number covers exactly its piece.
        let r = "عام ".len().."عام 2016".len();
        assert_eq!(laid.spans(text, &r, &mut chars), vec![(3.0, 7.0)]);
    }

    #[test]
    fn an_empty_box_takes_the_interface_direction() {
        let laid = Laid::new("", true, &mut chars);
        assert!(laid.rtl);
        let laid = Laid::new("", false, &mut chars);
        assert!(!laid.rtl);
        // Digits only: neutral-ish, the interface decides.
        assert!(Laid::new("2016", true, &mut chars).rtl);
    }
}
