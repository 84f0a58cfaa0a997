//! Right-to-left text for egui: bidi reordering, line breaking and right alignment.
//!
//! egui shapes Arabic (letters join) but lays a paragraph out as one left-to-right flow: wrapped
//! Arabic comes out with its lines in reverse order, "2016" inside Arabic as "6102", and lines
//! left-aligned. This module does the layout itself:
//!
//! 1. per paragraph, bidi levels from `unicode-bidi` (direction from the first strong character);
//! 2. the text is cut into *pieces* at level changes, Arabic/other script changes, highlight
//!    edges and line-break opportunities (`unicode-linebreak`); each piece is shaped on its own by
//!    egui (so a piece never mixes fonts: the font-fallback trap of mixed runs is avoided) and
//!    measured once;
//! 3. lines are filled greedily in logical order, so the first words are on the first line;
//! 4. each line's pieces are put in visual order (UBA rule L2 at piece level); Arabic pieces are
//!    shaped right-to-left by egui itself, neutral pieces inside right-to-left runs (spaces,
//!    punctuation) are reversed and their brackets mirrored;
//! 5. right-to-left paragraphs are right-aligned.
//!
//! Highlights are byte ranges of the original text; selection works on logical byte offsets, so
//! copying gives text in logical order.
//!
//! Layouts are cached across frames. A frame that meets much new text at once (the first page
//! of hits, a fast scroll, a new article) lays out only what fits in a time budget
//! ([`set_layout_budget`]) and leaves the rest, drawn as blank space of about its size, to the
//! next frames: the window keeps answering instead of freezing for one long frame.

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Color32, FontId, Galley, Pos2, Rect, Response, Sense, Ui, Vec2};
use unicode_bidi::BidiInfo;

/// A highlighted byte range of the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// Background colour.
    pub background: Color32,
    /// Text colour, if it changes.
    pub color: Option<Color32>,
}

/// How to draw a text.
#[derive(Clone, Debug)]
pub struct RtlStyle {
    /// Font.
    pub font: FontId,
    /// Text colour.
    pub color: Color32,
    /// Highlighted ranges.
    pub highlights: Vec<Highlight>,
    /// One line, cut with "…" when too long (result rows, facet labels).
    pub single_line: bool,
}

impl Default for RtlStyle {
    fn default() -> Self {
        RtlStyle { font: FontId::proportional(18.0), color: Color32::GRAY, highlights: Vec::new(), single_line: false }
    }
}

/// What kind of characters a piece holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Arabic-script letters and marks: shaped together, right to left, by egui.
    Arabic,
    /// Whitespace.
    Space,
    /// Everything else (Latin, digits, punctuation).
    Other,
}

fn class(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if crate::arabic::is_arabic_letter(c)
        || matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' | '\u{200C}' | '\u{200D}')
    {
        Class::Arabic
    } else {
        Class::Other
    }
}

/// One shaped unit of a line.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Byte range in the paragraph.
    pub range: Range<usize>,
    /// Bidi embedding level (odd: right to left).
    pub level: u8,
    /// The text as drawn: reversed and mirrored for neutral pieces at right-to-left levels.
    pub draw: String,
    /// Index of the highlight covering it.
    pub highlight: Option<usize>,
    /// Width when drawn.
    pub width: f32,
    /// Is whitespace.
    pub space: bool,
}

/// One laid-out line: pieces in visual (left-to-right) order.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Logical byte range of the line (without trailing spaces).
    pub range: Range<usize>,
    /// Pieces, left to right.
    pub pieces: Vec<Piece>,
    /// Total width.
    pub width: f32,
}

/// A laid-out paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Right-to-left paragraph (right-aligned).
    pub rtl: bool,
    /// Lines, top to bottom.
    pub lines: Vec<Line>,
    /// The line was cut (single-line mode).
    pub truncated: bool,
}

fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => c,
    }
}

/// Lays out one paragraph (no newlines) without egui: `measure` gives the drawn width of a piece
/// of text. The core of the module, unit-tested on its own.
pub fn plan(
    text: &str,
    highlights: &[Range<usize>],
    width: f32,
    single_line: bool,
    measure: &mut dyn FnMut(&str) -> f32,
) -> Plan {
    if text.is_empty() {
        return Plan { rtl: false, lines: Vec::new(), truncated: false };
    }
    plan_dir(text, highlights, width, single_line, None, measure)
}

/// [`plan`] with a forced paragraph direction (`Some(true)`: right to left), for UI strings
/// whose direction is the interface's, not their first letter's.
pub fn plan_dir(
    text: &str,
    highlights: &[Range<usize>],
    width: f32,
    single_line: bool,
    base_rtl: Option<bool>,
    measure: &mut dyn FnMut(&str) -> f32,
) -> Plan {
    if text.is_empty() {
        return Plan { rtl: false, lines: Vec::new(), truncated: false };
    }
    let Cut { rtl, mut pieces, breaks } = cut(text, highlights, base_rtl);
    if single_line {
        // Only the first pieces fit on one line: measure until they overflow it (the others
        // would be dropped unmeasured anyway), not every word of a long snippet.
        let mut shown = 0.0;
        let mut fits = pieces.len();
        for (i, p) in pieces.iter_mut().enumerate() {
            p.width = measure(&p.draw);
            shown += p.width;
            if shown > width && !p.space {
                fits = i + 1;
                break;
            }
        }
        pieces.truncate(fits);
    } else {
        for p in &mut pieces {
            p.width = measure(&p.draw);
        }
    }
    // Greedy fill: a line may end at a break opportunity; trailing spaces do not count.
    let is_break = |i: usize| breaks.binary_search(&i).is_ok();
    let mut lines: Vec<Vec<Piece>> = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut last_break_len = 0; // pieces in `current` up to the last break opportunity
    let content_width = |v: &[Piece]| {
        let end = v.iter().rposition(|p| !p.space).map_or(0, |i| i + 1);
        v[..end].iter().map(|p| p.width).sum::<f32>()
    };
    for p in pieces {
        let end = p.range.end;
        current.push(p);
        if content_width(&current) > width && !single_line {
            if last_break_len > 0 {
                let rest = current.split_off(last_break_len);
                lines.push(std::mem::take(&mut current));
                current = rest;
            } else if current.len() > 1 {
                // No break opportunity yet: break between pieces anyway.
                let last = current.pop().expect("len > 1");
                lines.push(std::mem::take(&mut current));
                current.push(last);
            }
            last_break_len = 0;
        }
        if is_break(end) {
            last_break_len = current.len();
        }
    }
    let mut truncated = false;
    if single_line {
        if content_width(&current) > width {
            let ellipsis = measure("…");
            while current.len() > 1 && content_width(&current) + ellipsis > width {
                current.pop();
            }
            truncated = true;
        }
        lines.clear();
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let lines = lines.into_iter().map(|l| visual_line(l, rtl)).filter(|l| !l.pieces.is_empty()).collect();
    Plan { rtl, lines, truncated }
}

/// A paragraph cut into pieces, in logical order.
struct Cut {
    /// Right-to-left paragraph.
    rtl: bool,
    /// Pieces in logical order, not yet measured.
    pieces: Vec<Piece>,
    /// Line-break opportunities (byte offsets).
    breaks: Vec<usize>,
}

/// Cuts a paragraph into pieces at level, class and highlight changes and line-break
/// opportunities: the units that are shaped, measured and reordered.
fn cut(text: &str, highlights: &[Range<usize>], base_rtl: Option<bool>) -> Cut {
    let base = base_rtl.map(|r| if r { unicode_bidi::Level::rtl() } else { unicode_bidi::Level::ltr() });
    let info = BidiInfo::new(text, base);
    let rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
    let level_at = |i: usize| info.levels[i].number();
    // Cut points: level, class and highlight changes, and line-break opportunities.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    let mut prev: Option<(u8, Class)> = None;
    for (i, c) in text.char_indices() {
        let k = (level_at(i), class(c));
        if prev.is_some_and(|p| p != k) {
            cuts.push(i);
        }
        prev = Some(k);
    }
    for h in highlights {
        cuts.extend([h.start.min(text.len()), h.end.min(text.len())]);
    }
    let breaks: Vec<usize> = unicode_linebreak::linebreaks(text).map(|(i, _)| i).collect();
    cuts.extend(&breaks);
    cuts.retain(|&i| text.is_char_boundary(i));
    cuts.sort_unstable();
    cuts.dedup();
    let pieces: Vec<Piece> = cuts
        .windows(2)
        .map(|w| {
            let range = w[0]..w[1];
            let s = &text[range.clone()];
            let level = level_at(w[0]);
            let first = s.chars().next().map_or(Class::Other, class);
            // Bidi format characters (isolates, embeddings, marks) steer the order and are not drawn.
            let shown = s
                .chars()
                .filter(|&c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'));
            let draw = if level % 2 == 1 && first != Class::Arabic {
                shown.rev().map(mirror).collect()
            } else if level % 2 == 0 && s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
                // egui shapes any Arabic-script text right to left; Arabic-Indic digits are
                // Arabic script but read left to right here, so hand them over pre-reversed.
                shown.rev().collect()
            } else {
                shown.collect()
            };
            let highlight = highlights.iter().position(|h| h.start <= range.start && range.end <= h.end);
            Piece { range, level, width: 0.0, space: first == Class::Space, draw, highlight }
        })
        .collect();
    Cut { rtl, pieces, breaks }
}

/// Lays out a text being edited as one line, in visual order, keeping every space (a space just
/// typed at the end must move the caret): the layout of the query box. Trailing whitespace takes
/// the paragraph's level (UBA L1), so in a right-to-left line it shows at the left end. An empty
/// or neutral text takes `base_rtl` as its direction.
pub fn edit_line(text: &str, base_rtl: bool, measure: &mut dyn FnMut(&str) -> f32) -> (bool, Line) {
    if text.is_empty() {
        return (base_rtl, Line { range: 0..0, pieces: Vec::new(), width: 0.0 });
    }
    let strong = text.chars().any(|c| {
        matches!(
            unicode_bidi::bidi_class(c),
            unicode_bidi::BidiClass::L | unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL
        )
    });
    let Cut { rtl, mut pieces, .. } = cut(text, &[], (!strong).then_some(base_rtl));
    let para = u8::from(rtl);
    for p in pieces.iter_mut().rev() {
        if !p.space {
            break;
        }
        p.level = para;
    }
    for p in &mut pieces {
        p.width = measure(&p.draw);
    }
    (rtl, reorder(pieces, rtl))
}

/// Puts a line's pieces (logical order) in visual order, dropping trailing spaces.
fn visual_line(mut pieces: Vec<Piece>, rtl: bool) -> Line {
    while pieces.last().is_some_and(|p| p.space) {
        pieces.pop();
    }
    while pieces.first().is_some_and(|p| p.space) {
        pieces.remove(0);
    }
    reorder(pieces, rtl)
}

/// Puts a line's pieces (logical order) in visual order (UBA rule L2 at piece level).
fn reorder(mut pieces: Vec<Piece>, rtl: bool) -> Line {
    let range = match (pieces.first(), pieces.last()) {
        (Some(a), Some(b)) => a.range.start..b.range.end,
        _ => 0..0,
    };
    // Whitespace at a line edge takes the paragraph level (UBA L1); inner pieces keep theirs.
    let para_level = u8::from(rtl);
    let max = pieces.iter().map(|p| p.level).max().unwrap_or(para_level);
    let min_odd = pieces.iter().map(|p| p.level).filter(|l| l % 2 == 1).min().unwrap_or(max + 1);
    let mut level = max;
    while level >= min_odd && level > 0 {
        let mut i = 0;
        while i < pieces.len() {
            if pieces[i].level >= level {
                let start = i;
                while i < pieces.len() && pieces[i].level >= level {
                    i += 1;
                }
                pieces[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
    let width = pieces.iter().map(|p| p.width).sum();
    Line { range, pieces, width }
}

/// Cached layout of a paragraph with its galleys.
struct Laid {
    plan: Plan,
    galleys: Vec<Vec<Arc<Galley>>>,
    ellipsis: Option<Arc<Galley>>,
    highlights: Vec<Highlight>,
    row_height: f32,
}

/// Layouts by key, with the frame each was last drawn in.
type Layouts = std::collections::HashMap<u64, (Arc<Laid>, u64)>;

#[derive(Default, Clone)]
struct Cache(Arc<std::sync::Mutex<Layouts>>);

/// Measured widths of pieces, by a hash of their text, font and scale (pixels per point).
#[derive(Default, Clone)]
struct Widths(Arc<std::sync::Mutex<std::collections::HashMap<u64, f32>>>);

/// Widths kept before the table starts afresh (a few MB at most).
const WIDTHS_SIZE: usize = 200_000;

/// Layouts kept before the ones not drawn lately are dropped.
const CACHE_SIZE: usize = 1500;

/// Layouts dropped at once from a full cache, at least (the least recently drawn).
const EVICT_BATCH: usize = 64;

/// Makes room in a full cache: drops the least recently drawn layouts, a batch at a time, and
/// never what was drawn in the last frames (emptying it all made every visible text wait for the
/// layout budget again). A small batch keeps the cost of dropping layouts spread over frames:
/// dropping all stale ones at once (~1,500 layouts and their galleys) made one frame in ~90 of a
/// fast scroll take 10 ms more.
fn evict<T>(c: &mut std::collections::HashMap<u64, (T, u64)>, frame: u64) {
    if c.len() < CACHE_SIZE {
        return;
    }
    let mut used: Vec<u64> = c.values().map(|(_, u)| *u).collect();
    let nth = EVICT_BATCH.min(used.len()) - 1;
    let (_, &mut oldest_kept, _) = used.select_nth_unstable(nth);
    let cut = oldest_kept.min(frame.saturating_sub(2));
    c.retain(|_, (_, u)| *u > cut);
}

fn key(text: &str, opts: &RtlStyle, width: f32, ppp: f32) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    opts.font.hash(&mut h);
    opts.color.hash(&mut h);
    opts.single_line.hash(&mut h);
    width.to_bits().hash(&mut h);
    ppp.to_bits().hash(&mut h);
    for hl in &opts.highlights {
        hl.range.hash(&mut h);
        hl.background.hash(&mut h);
        hl.color.hash(&mut h);
    }
    h.finish()
}

/// The time a frame has spent laying out new text, against its limit.
#[derive(Clone, Copy, Debug, Default)]
struct LayoutBudget {
    limit: Option<Duration>,
    frame: u64,
    spent: Duration,
}

fn budget_id() -> egui::Id {
    egui::Id::NULL.with("marsad-rtl-layout-budget")
}

/// Limits the time one frame spends laying out text not laid out before (`None`: no limit, the
/// default, so a test sees everything after one frame). Once a frame has spent it, further new
/// texts wait for the next frame, which is requested at once; the first new text of a frame is
/// always laid out, so every text appears after a few frames.
pub fn set_layout_budget(ctx: &egui::Context, limit: Option<Duration>) {
    ctx.data_mut(|d| d.insert_temp(budget_id(), LayoutBudget { limit, ..LayoutBudget::default() }));
}

/// This frame's budget, started afresh when the frame is new.
fn with_budget<R>(ctx: &egui::Context, f: impl FnOnce(&mut LayoutBudget) -> R) -> R {
    let frame = ctx.cumulative_frame_nr();
    ctx.data_mut(|d| {
        let b = d.get_temp_mut_or_default::<LayoutBudget>(budget_id());
        if b.frame != frame {
            b.frame = frame;
            b.spent = Duration::ZERO;
        }
        f(b)
    })
}

/// True when this frame has spent its layout budget (never before its first layout).
fn budget_spent(ctx: &egui::Context) -> bool {
    with_budget(ctx, |b| b.limit.is_some_and(|l| b.spent > Duration::ZERO && b.spent >= l))
}

/// Lays out one paragraph with egui's fonts (cached across frames); `None` when it is not cached
/// and this frame's layout budget is spent (a repaint is requested).
fn layout(ui: &Ui, text: &str, opts: &RtlStyle, width: f32) -> Option<Arc<Laid>> {
    let ppp = ui.ctx().pixels_per_point();
    let k = key(text, opts, width, ppp);
    let cache = ui.ctx().data_mut(|d| d.get_temp_mut_or_default::<Cache>(egui::Id::NULL).clone());
    let frame = ui.ctx().cumulative_frame_nr();
    if let Some(hit) = cache.0.lock().ok().and_then(|mut c| {
        c.get_mut(&k).map(|(l, used)| {
            *used = frame;
            l.clone()
        })
    }) {
        return Some(hit);
    }
    if budget_spent(ui.ctx()) {
        ui.ctx().request_repaint();
        return None;
    }
    let started = Instant::now();
    let ranges: Vec<Range<usize>> = opts.highlights.iter().map(|h| h.range.clone()).collect();
    let font = opts.font.clone();
    let widths = ui.ctx().data_mut(|d| d.get_temp_mut_or_default::<Widths>(egui::Id::NULL).clone());
    let mut widths = widths.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if widths.len() > WIDTHS_SIZE {
        widths.clear();
    }
    let laid = ui.ctx().fonts_mut(|f| {
        // A piece's width depends on its text, font and scale only: the same words recur in every
        // snippet and article, and shaping one is most of a layout's time.
        let mut measure = |s: &str| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            s.hash(&mut h);
            font.hash(&mut h);
            ppp.to_bits().hash(&mut h);
            *widths
                .entry(h.finish())
                .or_insert_with(|| f.layout_no_wrap(s.to_owned(), font.clone(), opts.color).size().x)
        };
        let plan = plan(text, &ranges, width, opts.single_line, &mut measure);
        let galleys = plan
            .lines
            .iter()
            .map(|l| {
                l.pieces
                    .iter()
                    .map(|p| {
                        let color = p.highlight.and_then(|i| opts.highlights[i].color).unwrap_or(opts.color);
                        f.layout_no_wrap(p.draw.clone(), font.clone(), color)
                    })
                    .collect()
            })
            .collect();
        let ellipsis = plan.truncated.then(|| f.layout_no_wrap("…".into(), font.clone(), opts.color));
        Laid { row_height: f.row_height(&font), plan, galleys, ellipsis, highlights: opts.highlights.clone() }
    });
    let laid = Arc::new(laid);
    if let Ok(mut c) = cache.0.lock() {
        evict(&mut c, frame);
        c.insert(k, (laid.clone(), frame));
    }
    with_budget(ui.ctx(), |b| b.spent += started.elapsed());
    Some(laid)
}

#[derive(Clone, Copy, Debug, Default)]
struct Selection {
    anchor: usize,
    cursor: usize,
}

/// Which widget owns the current text selection (only it answers Ctrl+C).
#[derive(Clone, Copy, Debug, Default)]
struct ActiveSelection(Option<egui::Id>);

/// A piece placed on screen.
struct Placed {
    rect: Rect,
    /// Byte range in the whole text.
    range: Range<usize>,
    rtl: bool,
    galley: Arc<Galley>,
    background: Option<Color32>,
}

/// Draws `text` (one paragraph, or several separated by `\n`) right to left when it is
/// Arabic, right-aligned, with highlights. The response senses clicks and drags; dragging
/// selects, Ctrl+C copies the selection in logical order.
pub fn rtl_text(ui: &mut Ui, text: &str, opts: &RtlStyle) -> Response {
    let width = ui.available_width().max(20.0);
    let mut laid: Vec<(usize, Arc<Laid>)> = Vec::new();
    let mut waiting = 0;
    let mut at = 0;
    for p in text.split('\n') {
        let (start, end) = (at, at + p.len());
        at = end + 1;
        let local = RtlStyle {
            highlights: opts
                .highlights
                .iter()
                .filter(|h| h.range.start >= start && h.range.end <= end)
                .map(|h| Highlight { range: h.range.start - start..h.range.end - start, ..h.clone() })
                .collect(),
            ..opts.clone()
        };
        match layout(ui, p, &local, width) {
            Some(l) => laid.push((start, l)),
            None => waiting += p.len().div_ceil(60).max(1),
        }
    }
    let row = laid.first().map_or_else(|| ui.fonts_mut(|f| f.row_height(&opts.font)), |(_, l)| l.row_height);
    let rows: usize = laid.iter().map(|(_, l)| l.plan.lines.len().max(1)).sum();
    if waiting > 0 {
        // Drawn once every paragraph is laid out: blank space of about its size until then
        // (a line per 60 bytes, some 30 Arabic letters, of the paragraphs still waiting).
        let rows = if opts.single_line { 1 } else { rows + waiting };
        return ui.allocate_exact_size(Vec2::new(width, row * rows as f32), Sense::click_and_drag()).1;
    }
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, row * rows as f32), Sense::click_and_drag());

    let mut placed: Vec<Placed> = Vec::new();
    let mut ellipses: Vec<(Pos2, Arc<Galley>)> = Vec::new();
    let mut y = rect.top();
    for (start, l) in &laid {
        if l.plan.lines.is_empty() {
            y += row;
        }
        for (li, line) in l.plan.lines.iter().enumerate() {
            let ell = l.ellipsis.as_ref().filter(|_| li == 0);
            let line_w = line.width + ell.map_or(0.0, |g| g.size().x);
            let mut x = if l.plan.rtl { rect.right() - line_w } else { rect.left() };
            if let (Some(g), true) = (ell, l.plan.rtl) {
                ellipses.push((Pos2::new(x, y), g.clone()));
                x += g.size().x;
            }
            for (p, g) in line.pieces.iter().zip(&l.galleys[li]) {
                placed.push(Placed {
                    rect: Rect::from_min_size(Pos2::new(x, y), Vec2::new(p.width, row)),
                    range: start + p.range.start..start + p.range.end,
                    rtl: p.level % 2 == 1,
                    galley: g.clone(),
                    background: p.highlight.map(|i| l.highlights[i].background),
                });
                x += p.width;
            }
            if let (Some(g), false) = (ell, l.plan.rtl) {
                ellipses.push((Pos2::new(x, y), g.clone()));
            }
            y += row;
        }
    }
    let painter = ui.painter_at(rect.expand(2.0));
    for p in &placed {
        if let Some(bg) = p.background {
            painter.rect_filled(p.rect.expand2(Vec2::new(0.5, 0.0)), 2.0, bg);
        }
    }
    select(ui, text, &response, &placed);
    for p in &placed {
        painter.galley(p.rect.min, p.galley.clone(), opts.color);
    }
    for (pos, g) in ellipses {
        painter.galley(pos, g, opts.color);
    }
    if response.hovered() && !opts.single_line {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
    }
    response
}

/// The logical byte offset under a screen position.
fn offset_at(text: &str, placed: &[Placed], pos: Pos2) -> Option<usize> {
    let p = placed.iter().filter(|p| p.rect.y_range().contains(pos.y)).min_by(|a, b| {
        let d = |p: &Placed| if p.rect.x_range().contains(pos.x) { 0.0 } else { (p.rect.center().x - pos.x).abs() };
        d(a).total_cmp(&d(b))
    })?;
    let frac = ((pos.x - p.rect.left()) / p.rect.width().max(1.0)).clamp(0.0, 1.0);
    let frac = if p.rtl { 1.0 - frac } else { frac };
    let s = text.get(p.range.clone())?;
    let k = (frac * s.chars().count() as f32).round() as usize;
    Some(p.range.start + s.char_indices().nth(k).map_or(s.len(), |(i, _)| i))
}

/// Drag-to-select over logical offsets, painted per piece; Ctrl+C copies logical text.
fn select(ui: &Ui, text: &str, response: &Response, placed: &[Placed]) {
    let id = response.id;
    let mut sel: Option<Selection> = ui.data(|d| d.get_temp(id));
    if response.drag_started() {
        if let Some(o) = response.interact_pointer_pos().and_then(|p| offset_at(text, placed, p)) {
            sel = Some(Selection { anchor: o, cursor: o });
            ui.data_mut(|d| d.insert_temp(egui::Id::NULL, ActiveSelection(Some(id))));
        }
    } else if response.dragged() {
        if let (Some(o), Some(s)) =
            (response.interact_pointer_pos().and_then(|p| offset_at(text, placed, p)), sel.as_mut())
        {
            s.cursor = o;
        }
    } else if response.clicked() {
        sel = None;
    }
    let active = ui.data(|d| d.get_temp::<ActiveSelection>(egui::Id::NULL)).unwrap_or_default().0 == Some(id);
    let Some(s) = sel.filter(|_| active) else {
        ui.data_mut(|d| d.remove::<Selection>(id));
        return;
    };
    ui.data_mut(|d| d.insert_temp(id, s));
    let (a, b) = (s.anchor.min(s.cursor), s.anchor.max(s.cursor));
    if a >= b {
        return;
    }
    let color = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
    for p in placed {
        let (os, oe) = (a.max(p.range.start), b.min(p.range.end));
        if os >= oe {
            continue;
        }
        let len = p.range.len().max(1) as f32;
        let (f0, f1) = ((os - p.range.start) as f32 / len, (oe - p.range.start) as f32 / len);
        let (f0, f1) = if p.rtl { (1.0 - f1, 1.0 - f0) } else { (f0, f1) };
        let r = Rect::from_x_y_ranges(
            p.rect.left() + f0 * p.rect.width()..=p.rect.left() + f1 * p.rect.width(),
            p.rect.y_range(),
        );
        ui.painter().rect_filled(r, 0.0, color);
    }
    if ui.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy))) {
        ui.ctx().copy_text(selected_text(text, a, b).to_owned());
    }
}

/// A one-line string rewritten in visual order for egui's own widgets (buttons, headings, combo
/// boxes, hints), which lay words out left to right: pieces in visual order, each Arabic word left
/// as it is (egui shapes a word right to left), neutral characters in right-to-left runs reversed
/// and mirrored. Strings without right-to-left characters come back unchanged.
pub fn visual(text: &str) -> std::borrow::Cow<'_, str> {
    visual_dir(text, None)
}

/// [`visual`] with a forced base direction (the UI language's).
pub fn visual_dir(text: &str, base_rtl: Option<bool>) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FEFC}')) {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(|p| {
            let plan = plan_dir(p, &[], f32::INFINITY, false, base_rtl, &mut |_| 0.0);
            plan.lines
                .iter()
                .map(|l| l.pieces.iter().map(|x| x.draw.as_str()).collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// The logical text of a selection, for tests and callers that manage copying themselves.
pub fn selected_text(text: &str, anchor: usize, cursor: usize) -> &str {
    let (a, b) = (anchor.min(cursor), anchor.max(cursor));
    text.get(a..b).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    /// The line as drawn, left to right (Arabic pieces show in logical order: egui reverses them
    /// when shaping).
    fn drawn(l: &Line) -> Vec<String> {
        l.pieces.iter().map(|p| p.draw.clone()).collect()
    }

    #[test]
    fn mixed_line_visual_order() {
        let text = "قالت وكالة Reuters إن 10% من السكان غادروا في 2016 (حسب التقرير).";
        let p = plan(text, &[], 1000.0, false, &mut chars);
        assert!(p.rtl);
        assert_eq!(p.lines.len(), 1);
        let d = drawn(&p.lines[0]);
        // Left to right on screen: the sentence end comes first, the first word last.
        assert_eq!(d.last().unwrap(), "قالت");
        // The final ")." is at the left end, drawn reversed with the bracket mirrored.
        assert_eq!(d.first().unwrap(), ".(", "the sentence end is at the left end");
        // Latin and digits keep their own order.
        assert!(d.contains(&"Reuters".to_owned()));
        assert!(d.contains(&"2016".to_owned()));
        let pos = |s: &str| d.iter().position(|x| x == s).unwrap();
        assert!(pos("Reuters") < pos("وكالة"), "Reuters is left of the word before it");
        assert!(pos("2016") < pos("في"));
        // Parentheses are mirrored for right-to-left display: "(حسب" shows its "(" on the right.
        let paren = d.iter().position(|x| x.contains(')') && !x.contains('(')).unwrap();
        assert!(paren > pos("التقرير"), "the opening bracket (drawn mirrored) is right of the bracketed words");
        // Per UBA, "10%" after Arabic: % at the left of 10? Both are one LTR-ordered number run.
        let ten = d.iter().position(|x| x == "10").unwrap();
        let percent = d.iter().position(|x| x == "%").unwrap();
        assert!(percent < ten, "10% displays as %10 in right-to-left context, as browsers do");
    }

    #[test]
    fn arabic_indic_numbers_are_pre_reversed_for_egui() {
        let p = plan("في ٢٠٢٦ قال", &[], 1000.0, false, &mut chars);
        let d = drawn(&p.lines[0]);
        // egui shapes Arabic-script runs right to left, so "٢٠٢٦" goes to it as "٦٢٠٢".
        assert!(d.contains(&"٦٢٠٢".to_owned()), "{d:?}");
    }

    #[test]
    fn ltr_paragraph_stays_ltr() {
        let p = plan("Reuters said 3 people died", &[], 1000.0, false, &mut chars);
        assert!(!p.rtl);
        assert_eq!(drawn(&p.lines[0]).concat(), "Reuters said 3 people died");
    }

    #[test]
    fn wrapping_keeps_logical_order_and_loses_nothing() {
        let text = "الكلمة الأولى ثم الثانية ثم الثالثة ثم الرابعة ثم الخامسة ثم السادسة ثم السابعة";
        let p = plan(text, &[], 20.0, false, &mut chars);
        assert!(p.lines.len() >= 3);
        // The first logical words are on the first line, at its right end.
        assert_eq!(drawn(&p.lines[0]).last().unwrap(), "الكلمة");
        for l in &p.lines {
            assert!(l.width <= 20.0, "{l:?}");
        }
        // Concatenating the lines' logical ranges (plus the spaces between) gives the paragraph.
        let mut rebuilt = String::new();
        for (i, l) in p.lines.iter().enumerate() {
            if i > 0 {
                rebuilt.push(' ');
            }
            rebuilt.push_str(&text[l.range.clone()]);
        }
        assert_eq!(rebuilt, text);
    }

    #[test]
    fn over_long_word_still_breaks() {
        let p = plan("كلمةطويلةجدا جدا", &[], 4.0, false, &mut chars);
        assert!(!p.lines.is_empty());
        let total: usize = p.lines.iter().map(|l| l.range.len()).sum();
        assert!(total > 0);
    }

    #[test]
    fn highlights_land_on_their_words_across_a_wrap() {
        let text = "بداية الجملة ثم كلمتان مميزتان في نهاية السطر الطويل";
        let start = text.find("كلمتان").unwrap();
        let end = text.find("مميزتان").unwrap() + "مميزتان".len();
        let p = plan(text, std::slice::from_ref(&(start..end)), 14.0, false, &mut chars);
        let lit: Vec<&str> = p
            .lines
            .iter()
            .flat_map(|l| &l.pieces)
            .filter(|x| x.highlight.is_some())
            .map(|x| &text[x.range.clone()])
            .collect();
        assert!(lit.contains(&"كلمتان") && lit.contains(&"مميزتان"), "{lit:?}");
        assert!(lit.iter().all(|w| !w.trim().is_empty() || *w == " "));
    }

    #[test]
    fn single_line_truncates_at_the_logical_end() {
        let text = "عنوان طويل جدا لا يتسع في سطر واحد ضيق";
        let p = plan(text, &[], 12.0, true, &mut chars);
        assert_eq!(p.lines.len(), 1);
        assert!(p.truncated);
        assert!(text.starts_with(&text[p.lines[0].range.clone()]), "the beginning is kept");
    }

    #[test]
    fn a_single_line_measures_only_what_can_show() {
        let text = "عنوان طويل جدا لا يتسع في سطر واحد ضيق ".repeat(20);
        let mut measured = 0;
        let mut counting = |s: &str| {
            measured += 1;
            chars(s)
        };
        let short = plan(&text, &[], 30.0, true, &mut counting);
        assert!(measured < 20, "{measured} pieces measured for a 30-character line");
        // The same line as when every piece is measured (a multi-line plan's first line).
        let full = plan(&text, &[], 30.0, false, &mut chars);
        assert!(short.truncated);
        assert!(full.lines[0].range.start == 0 && short.lines[0].range.start == 0);
        assert!(full.lines[0].range.end >= short.lines[0].range.end);
    }

    #[test]
    fn isolated_dates_and_names_keep_their_order() {
        // Plain UBA after Arabic letters shows 2016-11-03 as 03-11-2016 (the digits become Arabic
        // numbers and '-' is neutral), as browsers do; an isolate keeps it whole.
        assert_eq!(visual("سانا · 2016-11-03"), "03-11-2016 · سانا");
        assert_eq!(visual("سانا · \u{2066}2016-11-03\u{2069}"), "2016-11-03 · سانا");
        assert_eq!(visual("الملف: \u{2066}002_ab.txt\u{2069}"), "002_ab.txt :الملف");
    }

    #[test]
    fn visual_strings_for_egui_widgets() {
        assert_eq!(visual("Outlets"), "Outlets");
        assert_eq!(visual("وسائل الإعلام"), "الإعلام وسائل");
        assert_eq!(visual("إظهار النص (11)"), "(11) النص إظهار");
    }

    #[test]
    fn selection_is_logical() {
        let text = "قال Reuters اليوم";
        assert_eq!(selected_text(text, text.len(), 0), text);
        let a = text.find("Reuters").unwrap();
        assert_eq!(selected_text(text, a + 7, a), "Reuters");
    }

    #[test]
    fn a_full_cache_keeps_what_is_on_screen() {
        let mut c: std::collections::HashMap<u64, ((), u64)> = (0..CACHE_SIZE as u64).map(|k| (k, ((), 0))).collect();
        c.insert(u64::MAX, ((), 10));
        evict(&mut c, 11);
        assert_eq!(c.keys().copied().collect::<Vec<_>>(), [u64::MAX], "drawn last frame: kept");
        evict(&mut c, 100);
        assert_eq!(c.len(), 1, "not full: nothing dropped");
    }

    #[test]
    fn a_full_cache_drops_the_least_recently_drawn_a_batch_at_a_time() {
        // 30 layouts drawn in each of 50 frames: full.
        let mut c: std::collections::HashMap<u64, ((), u64)> =
            (0..CACHE_SIZE as u64).map(|k| (k, ((), k / 30))).collect();
        evict(&mut c, 50);
        let dropped = CACHE_SIZE - c.len();
        assert!((EVICT_BATCH..EVICT_BATCH + 30).contains(&dropped), "dropped {dropped}");
        assert!(c.values().all(|(_, u)| *u >= 2), "the oldest went first");
    }

    #[test]
    fn a_spent_layout_budget_defers_new_text_to_the_next_frame() {
        let ctx = egui::Context::default();
        ctx.set_fonts(super::super::fonts::definitions(false));
        set_layout_budget(&ctx, Some(Duration::ZERO));
        let style = RtlStyle::default();
        let mut first = (false, false);
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            let a = rtl_text(ui, "النص الأول", &style);
            first = (a.rect.height() > 0.0, layout(ui, "النص الثاني", &style, 200.0).is_none());
        });
        out.textures_delta.clear();
        assert_eq!(first, (true, true), "the first new text is laid out, the second waits");
        assert!(ctx.has_requested_repaint(), "and the next frame is asked for");
        let mut second = false;
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            second = layout(ui, "النص الثاني", &style, 200.0).is_some();
        });
        out.textures_delta.clear();
        assert!(second, "a new frame, a new budget");
    }

    #[test]
    fn real_fonts_wrap_and_right_align() {
        let ctx = egui::Context::default();
        ctx.set_fonts(super::super::fonts::definitions(false));
        let text = "قال وزير الخارجية في مؤتمر صحفي عقده اليوم إن المحادثات مع الجانب الآخر ما زالت مستمرة، وإن الطرفين اتفقا على مواصلة اللقاءات خلال الأسابيع المقبلة.";
        let mut lines = 0;
        let mut rect = Rect::NOTHING;
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(300.0, 600.0))),
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| {
            let r = rtl_text(ui, text, &RtlStyle::default());
            rect = r.rect;
            let laid = layout(ui, text, &RtlStyle::default(), r.rect.width()).expect("no budget: laid out");
            lines = laid.plan.lines.len();
            for l in &laid.plan.lines {
                assert!(l.width <= r.rect.width() + 0.5);
            }
            assert!(laid.plan.rtl);
        });
        out.textures_delta.clear();
        assert!(lines >= 3, "{lines} lines at 300 px");
        assert!(rect.height() >= 3.0 * 18.0);
    }
}
