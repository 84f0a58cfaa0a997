//! From one raw document to an article draft: title, body, boilerplate, outlet and date.
//!
//! The rules are general, not fitted to any one site: they look at the *shape* of lines (short or
//! long, alone or repeated, at the top or at the end, made only of a date or an outlet's name)
//! and at editable phrase lists ([`super::rules`], [`super::outlets`]). Removed lines are kept
//! with their kind and position, so the reader can show them greyed and nothing is lost.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::dates::{self, DateMention, Weekday, Ymd};
use super::formats::RawDoc;
use super::outlets::{self, gazetteer};
use super::rules::{self, SHORT_LINE_WORDS, Verdict};
use super::sidecar::Sidecar;
use super::walk::Entry;
use super::{Article, Error};
use crate::arabic::{match_key, word_count};

/// How an article's outlet was found, strongest evidence first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutletSource {
    /// A field of a JSON/CSV record or HTML metadata (`og:site_name`).
    Metadata,
    /// The corpus' `marsad.toml` / `outlets.csv` mapping.
    Sidecar,
    /// An attribution line ("المصدر: …", "(المصدر: وكالة … للأنباء، بتاريخ …)").
    Attribution,
    /// The outlet's name alone on a line near the end.
    Signature,
    /// A byline near the top ("<outlet> – متابعة").
    Byline,
    /// The article naming itself ("قال مصدر لعنب بلدي", the outlet's own donation appeal).
    SelfMention,
    /// The name of a sub-folder the file is in.
    Folder,
}

/// How an article's date was found, strongest evidence first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A metadata field (JSON/CSV/HTML).
    Metadata,
    /// A line that is only a date (with a weekday, time or label) at the top or end.
    Dateline,
    /// The date in an attribution line ("… بتاريخ 3/11/2016").
    Attribution,
    /// A date at the start of the first paragraph, or one the lead calls "today".
    Lead,
    /// A dateline with weekday, day and month but no year; the year is the one whose calendar
    /// has that weekday on that date, nearest to the rest of the corpus.
    DatelineWeekday,
    /// The same for a date in the lead.
    LeadWeekday,
    /// A date in the file name (`2016-12-05_…`).
    Filename,
}

/// A piece of removed text, kept on the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boilerplate {
    /// Number of body paragraphs before it: where the reader shows it.
    pub at: usize,
    /// Why it was removed (`related`, `tags`, `comments`, `donation`, `signature`, `dateline`,
    /// `byline`, `attribution`, `caption`, `duplicate_title`, `recurring`, …).
    pub kind: String,
    /// The removed line as written.
    pub text: String,
}

/// Per-corpus settings shared by every file of a root.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The corpus' outlet mapping, if it has one.
    pub sidecar: Sidecar,
}

impl Context {
    /// Loads the settings for a corpus root (reads its `marsad.toml` / `outlets.csv`).
    pub fn for_root(root: &Path) -> Result<Context, Error> {
        Ok(Context { sidecar: Sidecar::load(root)? })
    }
}

/// A line of the document, in order: body text or removed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A body paragraph.
    Para(String),
    /// Removed text and why.
    Removed {
        /// The boilerplate kind.
        kind: String,
        /// The text as written.
        text: String,
    },
}

/// A date whose year the text does not give, to settle with corpus evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PendingDate {
    /// Month (1–12).
    pub month: u8,
    /// Day of month.
    pub day: u8,
    /// The weekday the text names.
    pub weekday: Weekday,
    /// Which evidence it is.
    pub source: DateSource,
}

/// An article before the corpus-level pass.
#[derive(Clone, Debug)]
pub struct Draft {
    /// The record; `body` and `boilerplate` are filled from `items` at the end.
    pub article: Article,
    /// Paragraphs and removed lines in document order.
    pub items: Vec<Item>,
    /// [`line_hash`] of each item (0 for removed items and long paragraphs), for recurring-line
    /// statistics.
    pub keys: Vec<u32>,
    /// A yearless date waiting for corpus evidence.
    pub pending: Option<PendingDate>,
    /// File modification time (seconds since the epoch), the weakest date evidence.
    pub mtime: i64,
}

/// Kind given to the title line: not body, not boilerplate.
const TITLE: &str = "\u{0}title";
/// A paragraph at least this long is article text, never part of a boilerplate block.
const LONG_PARAGRAPH_WORDS: usize = 25;
/// How many lines at the top and bottom hold datelines, bylines, signatures, attributions.
const EDGE_LINES: usize = 6;

/// Lines up to this many words get a match key; longer ones are article text, compared as written.
const KEY_WORDS: usize = 20;

/// Whitespace-separated words: cheap, and close enough to [`word_count`] for telling short lines
/// from long ones on every line of a large corpus.
fn rough_words(l: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &b in l.as_bytes() {
        let w = !b.is_ascii_whitespace();
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

struct Line<'a> {
    text: &'a str,
    /// Match key ([`match_key`]) for lines of at most [`KEY_WORDS`] words, empty for longer ones.
    key: String,
    words: usize,
    kind: Option<String>,
}

/// Builds a draft from a raw document, or says why the document has no article in it.
pub fn build(mut raw: RawDoc, id: &str, entry: &Entry, ctx: &Context) -> Result<Draft, String> {
    let text = if raw.text.contains('\r') {
        raw.text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        std::mem::take(&mut raw.text)
    };
    let mut lines: Vec<Line<'_>> = text
        .lines()
        .map(clean_line)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let words = rough_words(l);
            let key = if words <= KEY_WORDS { match_key(l) } else { String::new() };
            Line { text: l, key, words, kind: None }
        })
        .collect();

    classify_by_rules(&mut lines);
    let meta_title = raw.title.as_deref().map(clean_line).filter(|t| !t.is_empty());
    let (title, title_derived, title_outlet) =
        choose_title(&mut lines, meta_title).ok_or("no article text: only boilerplate")?;
    let mut found = Evidence { title_outlet, ..Evidence::default() };
    classify_edges(&mut lines, &mut found);
    mark_captions(&mut lines);

    let mut article =
        Article { id: id.to_owned(), path: entry.rel.clone(), title, title_derived, ..Article::default() };
    let (outlet, source) = find_outlet(&raw, entry, ctx, &lines, &found);
    article.outlet = outlet;
    article.outlet_source = source;
    let pending = find_date(&raw, entry, &lines, &found, &mut article);

    let mut items = Vec::with_capacity(lines.len());
    let mut keys = Vec::with_capacity(lines.len());
    for l in lines {
        match l.kind {
            None => {
                keys.push(line_hash(&l.key));
                items.push(Item::Para(l.text.to_owned()));
            }
            Some(k) if k == TITLE => {}
            Some(kind) => {
                keys.push(0);
                items.push(Item::Removed { kind, text: l.text.to_owned() });
            }
        }
    }
    Ok(Draft { article, items, keys, pending, mtime: entry.mtime })
}

/// The recurring-line statistics key of a paragraph: a 32-bit hash of its match key, or 0 for
/// paragraphs longer than [`KEY_WORDS`] words (article text, never counted as boilerplate).
pub fn line_hash(key: &str) -> u32 {
    if key.is_empty() {
        return 0;
    }
    (xxhash_rust::xxh3::xxh3_64(key.as_bytes()) as u32).max(1)
}

/// Trims whitespace and invisible marks that scrapers leave at line ends.
fn clean_line(l: &str) -> &str {
    l.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}')
    })
}

fn is_url(l: &str) -> bool {
    let l = l.trim_start_matches(['(', '<']);
    (l.starts_with("http://") || l.starts_with("https://") || l.starts_with("www.")) && !l.contains(' ')
}

/// Applies the editable rules, trailing blocks and shape rules (no letters at all, bare URLs).
fn classify_by_rules(lines: &mut [Line<'_>]) {
    let rules = rules::rules();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].kind.is_some() {
            i += 1;
            continue;
        }
        if lines[i].words <= KEY_WORDS && lines[i].key.is_empty() {
            lines[i].kind = Some("separator".into());
        } else if is_url(lines[i].text) {
            lines[i].kind = Some("url".into());
        } else if let Some(v) = rules.judge(&lines[i].key, lines[i].words) {
            match v {
                Verdict::Line(c) => lines[i].kind = Some(c),
                // A marker on the first line is a headline that happens to start like one.
                Verdict::Trailing(c) if i > 0 => {
                    // The block runs to the end, unless real article text follows (an inline
                    // "read also" link in the middle of a story).
                    let end = (i + 1..lines.len()).find(|&j| is_prose(&lines[j])).unwrap_or(lines.len());
                    for l in &mut lines[i..end] {
                        l.kind.get_or_insert_with(|| c.clone());
                    }
                    i = end;
                    continue;
                }
                Verdict::Trailing(_) => {}
            }
        }
        i += 1;
    }
}

/// Article text rather than a headline, a list item or a form label: long, or of medium length
/// and ending like a sentence (headlines and list items rarely end with a full stop).
fn is_prose(l: &Line<'_>) -> bool {
    let end = l.text.trim_end_matches(['"', '”', '»', '’', '\'', ')']);
    let sentence = end.ends_with(['.', '!', '?', '؟', '…']) && !end.ends_with("..");
    l.words >= LONG_PARAGRAPH_WORDS || (l.words >= 12 && sentence)
}

/// Picks the title: metadata's, else the first content line unless it is a body sentence, in
/// which case the title is derived from the first sentence. A repeat of the title is removed.
fn choose_title(lines: &mut [Line<'_>], meta: Option<&str>) -> Option<(String, bool, Option<String>)> {
    let content: Vec<usize> =
        (0..lines.len()).filter(|&i| lines[i].kind.is_none() && !is_meta_line(&lines[i])).take(2).collect();
    let (title, derived, title_key, next) = match meta {
        Some(t) => (t.to_owned(), false, match_key(t), 0),
        None => {
            let &first = content.first()?;
            if is_body_sentence(&lines[first]) {
                let t = first_sentence(lines[first].text, 120);
                let k = match_key(&t);
                (t, true, k, usize::MAX)
            } else {
                lines[first].kind = Some(TITLE.into());
                // A "title" that is one enormous token (a data blob) is cut, like a derived one.
                let t = if lines[first].text.chars().count() > 300 {
                    first_sentence(lines[first].text, 300)
                } else {
                    lines[first].text.to_owned()
                };
                (t, false, lines[first].key.clone(), 1)
            }
        }
    };
    // The title printed again on the next content line(s).
    if let Some(&i) = content.get(next) {
        if same_title(&lines[i].key, &title_key) {
            lines[i].kind = Some("duplicate_title".into());
        }
    }
    if lines.iter().all(|l| l.kind.is_some()) && title.trim().is_empty() {
        return None;
    }
    if derived {
        return Some((title, derived, None));
    }
    match title_outlet(&title) {
        Some((head, o)) => Some((head.to_owned(), false, Some(o.name.clone()))),
        None => Some((title, false, None)),
    }
}

fn same_title(line: &str, title: &str) -> bool {
    !title.is_empty() && (line == title || (line.starts_with(title) && title.len() * 10 >= line.len() * 8))
}

/// A first line that is a body sentence, not a headline: very long, or long and ending in a full
/// stop (headlines rarely end in one).
fn is_body_sentence(l: &Line<'_>) -> bool {
    let ends_stop = l.text.ends_with('.') && !l.text.ends_with("..");
    l.words > 30 || (l.words > 18 && ends_stop)
}

/// The first sentence of a paragraph, at most `max` characters (cut at a word, with "…").
pub fn first_sentence(text: &str, max: usize) -> String {
    let mut end = text.len();
    let mut prev = '\0';
    for (i, c) in text.char_indices() {
        let next = text[i + c.len_utf8()..].chars().next();
        let terminal = matches!(c, '.' | '!' | '?' | '؟' | '…') && prev != '.' && next != Some('.');
        if terminal && next.is_none_or(char::is_whitespace) && i > 0 {
            end = i + c.len_utf8();
            break;
        }
        prev = c;
    }
    let sentence = text[..end].trim();
    if sentence.chars().count() <= max {
        return sentence.to_owned();
    }
    let limit = sentence.char_indices().nth(max - 1).map_or(sentence.len(), |(i, _)| i);
    let cut = sentence[..limit].rfind(' ').unwrap_or(limit);
    let head =
        sentence[..cut].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '،' | ',' | '؛' | ':' | '-' | '–'));
    format!("{head}…")
}

/// A line that only carries metadata (a date, an outlet name, a URL) and is never a title.
fn is_meta_line(l: &Line<'_>) -> bool {
    is_url(l.text)
        || dateline(l).is_some()
        || (l.words <= 4 && gazetteer().lookup_key(&l.key).is_some())
        || (l.words <= 6 && dash_byline(l.text))
}

/// "<outlet> - <city>", "<city> – خاص", "<author> – <outlet>": two short parts around a dash, one
/// of them an outlet or a byline word, the other at most a name (a headline ending in
/// " - <outlet>" has a longer first part).
fn dash_byline(text: &str) -> bool {
    let Some((a, b)) = text.split_once(['–', '—', '-', '|']) else {
        return false;
    };
    let (ka, kb) = (match_key(a), match_key(b));
    if ka.is_empty() || kb.is_empty() {
        return false;
    }
    let short = |k: &str, max: usize| k.split(' ').count() <= max;
    let word = |k: &str| BYLINE_WORDS.contains(&k);
    let outlet = |k: &str| byline_outlet(k).is_some();
    (word(&kb) && short(&ka, 3))
        || (word(&ka) && short(&kb, 3))
        || (outlet(&ka) && short(&kb, 2))
        || (outlet(&kb) && short(&ka, 2))
}

/// A title ending in " - <outlet>" (how many sites print headlines): the title without it, and
/// the outlet.
fn title_outlet(title: &str) -> Option<(&str, &'static outlets::Outlet)> {
    [" - ", " – ", " — ", " | "].iter().find_map(|sep| {
        let (head, tail) = title.rsplit_once(sep)?;
        let o = byline_outlet(&match_key(tail))?;
        (!head.trim().is_empty()).then(|| (head.trim(), o))
    })
}

/// The date of a line that is only a date (plus weekday, time or a label such as "تاريخ النشر").
fn dateline(l: &Line<'_>) -> Option<DateMention> {
    if l.words > 14
        || !l.text.bytes().any(|b| b.is_ascii_digit())
            && !l.text.chars().any(|c| ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c))
    {
        return None;
    }
    let found = dates::find_dates(l.text);
    let first = found.first()?.clone();
    let mut rest = String::new();
    let mut at = 0;
    for m in &found {
        rest.push_str(&l.text[at..m.start]);
        rest.push(' ');
        at = m.end;
    }
    rest.push_str(&l.text[at..]);
    let other_words = rest
        .split(|c: char| !crate::arabic::is_word_char(c))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_numeric()))
        .count();
    (other_words <= 4).then_some(first)
}

#[derive(Default)]
struct Evidence {
    /// An outlet named at the end of the title ("… - سانا").
    title_outlet: Option<String>,
    attribution: Option<usize>,
    signature: Option<usize>,
    byline: Option<usize>,
    datelines: Vec<(usize, DateMention)>,
}

const BYLINE_WORDS: &[&str] = &["متابعه", "خاص", "وكالات", "ترجمه", "تقرير", "مراسلون", "متابعات", "رصد", "تحرير"];
const BYLINE_STARTS: &[&str] = &["بقلم", "كتب", "كتبت", "اعداد", "تحرير", "ترجمه", "by"];

/// Finds datelines, bylines, attribution and signature lines near the top and the end.
fn classify_edges(lines: &mut [Line<'_>], found: &mut Evidence) {
    let n = lines.len();
    let g = gazetteer();
    // Attribution lines anywhere ("المصدر: …"), short.
    for (i, l) in lines.iter_mut().enumerate() {
        if l.kind.is_none()
            && l.words <= 16
            && (l.key.starts_with("المصدر ") || l.key.starts_with("مصدر الخبر ") || l.key.starts_with("source "))
        {
            l.kind = Some("attribution".into());
            found.attribution.get_or_insert(i);
        }
    }
    // Top: datelines and bylines among the first lines after the title.
    let start = lines.iter().position(|l| l.kind.as_deref() == Some(TITLE)).map_or(0, |t| t + 1);
    let mut seen = 0;
    for (i, l) in lines.iter_mut().enumerate().skip(start) {
        if seen >= EDGE_LINES || l.words >= LONG_PARAGRAPH_WORDS {
            break;
        }
        if l.kind.is_some() {
            continue;
        }
        seen += 1;
        if let Some(d) = dateline(l) {
            l.kind = Some("dateline".into());
            found.datelines.push((i, d));
        } else if l.words <= 8 && is_byline(&l.key, l.text) {
            l.kind = Some("byline".into());
            found.byline.get_or_insert(i);
        }
    }
    // Lines before the title are metadata too (a date or an outlet name above the headline).
    for (i, l) in lines.iter_mut().enumerate().take(start.saturating_sub(1)) {
        if l.kind.is_none() {
            if let Some(d) = dateline(l) {
                l.kind = Some("dateline".into());
                found.datelines.push((i, d));
            } else if g.lookup_key(&l.key).is_some() || dash_byline(l.text) {
                l.kind = Some("byline".into());
                found.byline.get_or_insert(i);
            }
        }
    }
    // End: walk back over the last content lines.
    let mut seen = 0;
    for i in (start..n).rev() {
        if lines[i].kind.is_some() {
            continue;
        }
        if seen >= 3 || lines[i].words > SHORT_LINE_WORDS {
            break;
        }
        seen += 1;
        if let Some(d) = dateline(&lines[i]) {
            lines[i].kind = Some("dateline".into());
            found.datelines.push((i, d));
        } else if lines[i].words <= 6 && g.lookup_key(&lines[i].key).is_some() {
            lines[i].kind = Some("signature".into());
            found.signature.get_or_insert(i);
        }
    }
}

/// "<outlet> – متابعة", "حلب – خاص", "بقلم: …": a short line naming who or where the story is
/// from, not part of the story.
fn is_byline(key: &str, text: &str) -> bool {
    if BYLINE_STARTS.iter().any(|w| key.starts_with(w) && key.as_bytes().get(w.len()) == Some(&b' '))
        && text.contains([':', '：'])
    {
        return true;
    }
    // "أبها - فلان:", "لندن:": a place and/or author introducing the story.
    if text.trim_end().ends_with([':', '：']) && word_count(text) <= 6 {
        return true;
    }
    if dash_byline(text) {
        return true;
    }
    // "<place>: <outlet>" ("لندن: «الشرق الأوسط أونلاين»").
    let Some((a, b)) = text.split_once([':', '：']) else {
        return false;
    };
    let (ka, kb) = (match_key(a), match_key(b));
    !ka.is_empty() && !kb.is_empty() && byline_outlet(&ka).or_else(|| byline_outlet(&kb)).is_some()
}

/// The outlet a byline part names, also as "<outlet> أونلاين" / "<outlet> نت".
fn byline_outlet(key: &str) -> Option<&'static outlets::Outlet> {
    let g = gazetteer();
    g.lookup_key(key).or_else(|| {
        ["اونلاين", "نت", "online", "net"]
            .iter()
            .find_map(|s| key.strip_suffix(s).and_then(|k| g.lookup_key(k.trim_end())))
    })
}

/// Photo captions: a short line near the top that appears again inside another short line there
/// (the scraper kept both the image's alt text and its visible caption).
fn mark_captions(lines: &mut [Line<'_>]) {
    let top: Vec<usize> = (0..lines.len())
        .take(10)
        .filter(|&i| lines[i].kind.is_none() && lines[i].words <= 20 && lines[i].words >= 2)
        .collect();
    let mut hits = Vec::new();
    for &i in &top {
        for &j in &top {
            if i != j && lines[j].key.len() > lines[i].key.len() && lines[j].key.contains(lines[i].key.as_str()) {
                hits.extend([i, j]);
            }
        }
    }
    for i in hits {
        lines[i].kind = Some("caption".into());
    }
}

fn canonical(name: &str) -> String {
    outlets::lookup(name).map_or_else(|| name.trim().to_owned(), |o| o.name.clone())
}

fn find_outlet(
    raw: &RawDoc,
    entry: &Entry,
    ctx: &Context,
    lines: &[Line<'_>],
    found: &Evidence,
) -> (Option<String>, Option<OutletSource>) {
    let g = gazetteer();
    let pick = |name: Option<String>, src| name.map(|n| (Some(n), Some(src)));
    if let Some(r) = pick(raw.outlet.as_deref().map(canonical), OutletSource::Metadata) {
        return r;
    }
    if let Some(r) = pick(ctx.sidecar.outlet_for(&entry.rel).map(canonical), OutletSource::Sidecar) {
        return r;
    }
    if let Some(r) = pick(found.attribution.and_then(|i| attribution_outlet(&lines[i])), OutletSource::Attribution) {
        return r;
    }
    if let Some(r) =
        pick(found.signature.and_then(|i| g.lookup_key(&lines[i].key)).map(|o| o.name.clone()), OutletSource::Signature)
    {
        return r;
    }
    let byline = found.byline.and_then(|i| {
        let l = &lines[i];
        std::iter::once(l.key.clone())
            .chain(l.text.split(['–', '—', '-', '|', ':', '：']).map(match_key))
            .find_map(|k| byline_outlet(&k).map(|o| o.name.clone()))
    });
    if let Some(r) = pick(byline.or_else(|| found.title_outlet.clone()), OutletSource::Byline) {
        return r;
    }
    if let Some(r) = pick(self_mention(lines), OutletSource::SelfMention) {
        return r;
    }
    let folder = entry.rel.rsplit('/').skip(1).find_map(|dir| g.lookup_key(&match_key(dir)).map(|o| o.name.clone()));
    pick(folder, OutletSource::Folder).unwrap_or((None, None))
}

/// The outlet named on an attribution line: a gazetteer name, or an explicit "وكالة/صحيفة/موقع …"
/// name the gazetteer does not know (it is the text's own statement, not a guess).
fn attribution_outlet(l: &Line<'_>) -> Option<String> {
    let key = l
        .key
        .strip_prefix("المصدر ")
        .or_else(|| l.key.strip_prefix("مصدر الخبر "))
        .or_else(|| l.key.strip_prefix("source "))?;
    if let Some((_, o)) = gazetteer().find_in(key).next() {
        return Some(o.name.clone());
    }
    // Text after the colon up to the first comma, bracket or "بتاريخ".
    let after = l.text.split_once([':', '：']).map(|(_, a)| a)?;
    let name = after.split(['،', ',', ')', '(', '\n']).next()?.split(" بتاريخ").next()?.trim();
    let k = match_key(name);
    let typed = ["وكاله ", "صحيفه ", "جريده ", "قناه ", "موقع ", "شبكه ", "تلفزيون ", "اذاعه "]
        .iter()
        .any(|w| k.starts_with(w));
    (typed && word_count(name) <= 6).then(|| name.to_owned())
}

/// The one outlet the article names as itself, in its body or its own appeals and copyright lines.
fn self_mention(lines: &[Line<'_>]) -> Option<String> {
    let g = gazetteer();
    let unique = |names: Vec<&str>| -> Option<String> {
        let first = *names.first()?;
        names.iter().all(|n| *n == first).then(|| first.to_owned())
    };
    let keys: Vec<String> = lines
        .iter()
        .filter(|l| l.kind.is_none())
        .map(|l| if l.key.is_empty() { match_key(l.text) } else { l.key.clone() })
        .collect();
    let body: Vec<&str> = keys.iter().flat_map(|k| g.self_mentions(k)).map(|o| o.name.as_str()).collect();
    if let Some(n) = unique(body) {
        return Some(n);
    }
    let own = ["donation", "copyright", "support", "subscribe", "newsletter"];
    let chrome: Vec<&str> = lines
        .iter()
        .filter(|l| l.kind.as_deref().is_some_and(|k| own.contains(&k)))
        .flat_map(|l| g.find_in(&l.key))
        .filter(|(_, o)| o.kind != outlets::OutletKind::Agency)
        .map(|(_, o)| o.name.as_str())
        .collect();
    unique(chrome)
}

fn find_date(
    raw: &RawDoc,
    entry: &Entry,
    lines: &[Line<'_>],
    found: &Evidence,
    article: &mut Article,
) -> Option<PendingDate> {
    let mut set = |d: Ymd, s: DateSource| {
        article.date = Some(d.iso());
        article.date_source = Some(s);
    };
    if let Some(d) = raw.date.as_deref().and_then(dates::parse_metadata_date) {
        set(d, DateSource::Metadata);
        return None;
    }
    let mut pending = None;
    let mut consider = |m: &DateMention, full: DateSource, weekday: DateSource| -> bool {
        match (m.year, m.weekday) {
            (Some(y), _) => Ymd::new(y, m.month, m.day).map(|d| set(d, full)).is_some(),
            (None, Some(w)) => {
                pending.get_or_insert(PendingDate { month: m.month, day: m.day, weekday: w, source: weekday });
                false
            }
            _ => false,
        }
    };
    for (_, m) in &found.datelines {
        if consider(m, DateSource::Dateline, DateSource::DatelineWeekday) {
            return None;
        }
    }
    if let Some(i) = found.attribution {
        if let Some(m) = dates::find_dates(lines[i].text).first() {
            if consider(m, DateSource::Attribution, DateSource::Attribution) {
                return None;
            }
        }
    }
    // The lead: a date among the first words of the first paragraph, or one called "today".
    for l in lines.iter().filter(|l| l.kind.is_none()).take(2) {
        let head_end = l.text.char_indices().nth(400).map_or(l.text.len(), |(i, _)| i);
        for m in dates::find_dates(&l.text[..head_end]) {
            let early = word_count(&l.text[..m.start]) <= 6;
            if (m.today || early) && consider(&m, DateSource::Lead, DateSource::LeadWeekday) {
                return None;
            }
        }
    }
    if pending.is_some() {
        return pending;
    }
    let name = Path::new(&entry.rel).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if let Some(d) = filename_date(&name) {
        set(d, DateSource::Filename);
    }
    None
}

/// `2016-12-05`, `2016_12_05` or `20161205` in a file name.
fn filename_date(name: &str) -> Option<Ymd> {
    let b = name.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let num = |s: &[u8]| std::str::from_utf8(s).ok()?.parse::<u32>().ok();
    for i in 0..b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_digit();
        if !boundary {
            continue;
        }
        if b.len() >= i + 10
            && digits(&b[i..i + 4])
            && matches!(b[i + 4], b'-' | b'_' | b'.')
            && b[i + 7] == b[i + 4]
            && digits(&b[i + 5..i + 7])
            && digits(&b[i + 8..i + 10])
        {
            if let Some(d) =
                Ymd::new(num(&b[i..i + 4])? as i32, num(&b[i + 5..i + 7])? as u8, num(&b[i + 8..i + 10])? as u8)
            {
                return Some(d);
            }
        }
        if b.len() >= i + 8 && digits(&b[i..i + 8]) && b.get(i + 8).is_none_or(|c| !c.is_ascii_digit()) {
            if let Some(d) =
                Ymd::new(num(&b[i..i + 4])? as i32, num(&b[i + 4..i + 6])? as u8, num(&b[i + 6..i + 8])? as u8)
            {
                if (1990..=2100).contains(&d.year) {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// Settles a yearless date: the year whose calendar has that weekday on that day, nearest to
/// `reference`.
pub fn settle(p: PendingDate, reference: Ymd) -> Option<Ymd> {
    let y = dates::resolve_year(p.month, p.day, p.weekday, reference)?;
    Ymd::new(y, p.month, p.day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::walk::FileKind;

    fn entry(rel: &str) -> Entry {
        Entry { abs: rel.into(), rel: rel.into(), kind: FileKind::Text, size: 0, mtime: 0 }
    }

    fn draft(text: &str) -> Draft {
        build(RawDoc { text: text.into(), ..RawDoc::default() }, "x", &entry("x.txt"), &Context::default()).unwrap()
    }

    fn body(d: &Draft) -> Vec<&str> {
        d.items.iter().filter_map(|i| if let Item::Para(p) = i { Some(p.as_str()) } else { None }).collect()
    }

    #[test]
    fn first_sentence_cuts_at_stop_or_word() {
        assert_eq!(first_sentence("جملة أولى قصيرة. ثم جملة ثانية.", 120), "جملة أولى قصيرة.");
        assert_eq!(first_sentence("قال.. إن الأمر كذا. ثم", 120), "قال.. إن الأمر كذا.");
        let long = "كلمة ".repeat(60);
        let t = first_sentence(&long, 120);
        assert!(t.chars().count() <= 120 && t.ends_with('…'), "{t}");
    }

    #[test]
    fn duplicate_title_is_dropped() {
        let d = draft("عنوان الخبر هنا\n\nعنوان الخبر هنا\n\nنص الخبر الأول.\n");
        assert_eq!(d.article.title, "عنوان الخبر هنا");
        assert_eq!(body(&d), ["نص الخبر الأول."]);
        assert!(d.items.iter().any(|i| matches!(i, Item::Removed { kind, .. } if kind == "duplicate_title")));
    }

    #[test]
    fn bylines_with_places_authors_and_outlets() {
        let d = draft(
            "عنوان الخبر\nلندن: «الشرق الأوسط أونلاين»\nنص الخبر الأول طويل بما يكفي ليكون فقرة حقيقية من المقال.\n",
        );
        assert_eq!(d.article.outlet.as_deref(), Some("الشرق الأوسط"));
        assert_eq!(body(&d), ["نص الخبر الأول طويل بما يكفي ليكون فقرة حقيقية من المقال."]);
        let d = draft("عنوان الخبر\nأبها - كاتب الخبر:\nنص الخبر الأول طويل بما يكفي ليكون فقرة حقيقية من المقال.\n");
        assert!(d.items.iter().any(|i| matches!(i, Item::Removed { kind, .. } if kind == "byline")));
    }

    #[test]
    fn byline_above_the_title_and_outlet_after_the_title() {
        let d = draft("سانا - دمشق\nالوزير يفتتح المعرض\nنص الخبر الأول طويل بما يكفي ليكون فقرة حقيقية من المقال.\n");
        assert_eq!(d.article.title, "الوزير يفتتح المعرض");
        assert_eq!((d.article.outlet.as_deref(), d.article.outlet_source), (Some("سانا"), Some(OutletSource::Byline)));
        let d = draft("الوزير يفتتح المعرض - عنب بلدي\nنص الخبر الأول طويل بما يكفي ليكون فقرة حقيقية من المقال.\n");
        assert_eq!(d.article.title, "الوزير يفتتح المعرض");
        assert_eq!(d.article.outlet.as_deref(), Some("عنب بلدي"));
        let d = draft("لافروف - كيري: اتفاق قريب\nنص الخبر الأول طويل بما يكفي ليكون فقرة حقيقية من المقال.\n");
        assert_eq!(d.article.title, "لافروف - كيري: اتفاق قريب", "a dash in a headline is not a byline");
    }

    #[test]
    fn filename_dates() {
        assert_eq!(filename_date("2016-12-05_x.txt"), Ymd::new(2016, 12, 5));
        assert_eq!(filename_date("a_20161205.txt"), Ymd::new(2016, 12, 5));
        assert_eq!(filename_date("12345678901.txt"), None);
        assert_eq!(filename_date("x.txt"), None);
    }
}
