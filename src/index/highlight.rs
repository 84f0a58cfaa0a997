//! Where a query's words are in a text: highlights, snippets and the KWIC concordance.
//!
//! All three come from one scan with the index's own analyser, so what is highlighted is exactly
//! what matched (variants, stems, prefixes, fuzzy words), and offsets are byte ranges of the
//! original, un-normalised text that the GUI can paint. Tantivy's `SnippetGenerator` is not used:
//! it only knows one field's terms (so stem matches would not light up) and sizes fragments in
//! bytes, which halves the context shown for Arabic.

use std::ops::Range;

use serde::Serialize;

use super::analyzer;
use super::query::QueryTerms;

/// A piece of text with highlighted byte ranges (relative to `text`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The fragment, with "…" where it was cut.
    pub text: String,
    /// Highlighted byte ranges in `text`.
    pub highlights: Vec<Range<usize>>,
}

/// One line of a KWIC concordance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KwicLine {
    /// Text before the hit (logical order), at most the requested number of characters.
    pub left: String,
    /// The hit as written.
    pub hit: String,
    /// Text after the hit.
    pub right: String,
    /// Byte offset of the hit in the full text.
    pub offset: usize,
}

/// Byte ranges of every word in `text` that the query looks for.
pub fn hits(text: &str, terms: &QueryTerms, stemming: bool) -> Vec<Range<usize>> {
    if terms.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    analyzer::each_term(text, false, |range, t| {
        if terms.matches(t, stemming) {
            out.push(range);
        }
    });
    out
}

/// The best fragment of about `max_chars` characters (the window with the most distinct hits),
/// cut at word boundaries; the start of the text when nothing matches.
pub fn snippet(text: &str, hit_ranges: &[Range<usize>], max_chars: usize) -> Snippet {
    let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let char_at = |byte: usize| chars.partition_point(|&b| b < byte);
    let n = chars.len();
    if n == 0 {
        return Snippet::default();
    }
    // Best window start (in chars): the hit that begins the densest window.
    let mut best = (0usize, 0usize);
    for (i, h) in hit_ranges.iter().enumerate() {
        let start = char_at(h.start);
        let count = hit_ranges[i..].iter().take_while(|r| char_at(r.end) <= start + max_chars).count();
        if count > best.1 {
            best = (start, count);
        }
    }
    let (mut s, mut e) = if best.1 == 0 {
        (0, max_chars.min(n))
    } else {
        // Centre the hits: start a third of the window before the first.
        let lead = max_chars / 3;
        let s = best.0.saturating_sub(lead);
        (s, (s + max_chars).min(n))
    };
    if e == n {
        s = n.saturating_sub(max_chars);
    }
    let byte = |c: usize| if c >= n { text.len() } else { chars[c] };
    let (mut bs, mut be) = (byte(s), byte(e));
    // Move to word boundaries.
    if s > 0 {
        if let Some((p, c)) = text[bs..be].char_indices().find(|(_, c)| c.is_whitespace()) {
            bs += p + c.len_utf8();
        }
    }
    if e < n {
        if let Some(p) = text[bs..be].rfind(char::is_whitespace) {
            be = bs + p;
        }
    }
    e = char_at(be);
    let mut out = String::new();
    let prefix = s > 0 && bs > 0;
    if prefix {
        out.push('…');
    }
    let base = out.len();
    out.push_str(text[bs..be].trim_end());
    let highlights = hit_ranges
        .iter()
        .filter(|r| r.start >= bs && r.end <= be)
        .map(|r| r.start - bs + base..r.end - bs + base)
        .collect();
    if e < n {
        out.push('…');
    }
    // One line in a results list: paragraph breaks become spaces (same byte length, so the
    // highlight ranges stay valid).
    Snippet { text: out.replace('\n', " "), highlights }
}

/// KWIC lines for every hit in `text`: `width` characters of context each side, on one line.
pub fn kwic(text: &str, hit_ranges: &[Range<usize>], width: usize) -> Vec<KwicLine> {
    hit_ranges
        .iter()
        .map(|r| {
            let left: String =
                text[..r.start].chars().rev().take(width).collect::<Vec<_>>().into_iter().rev().collect();
            let right: String = text[r.end..].chars().take(width).collect();
            KwicLine {
                left: left.replace('\n', " "),
                hit: text[r.clone()].to_owned(),
                right: right.replace('\n', " "),
                offset: r.start,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::query::parse;

    #[test]
    fn hits_cover_variants_and_stems() {
        let text = "قالت الحكومة إن إيران وافقت، وأكدت والحكومه ذلك.";
        let t = QueryTerms::of(&parse("والحكومة ايران").unwrap(), true);
        let found: Vec<&str> = hits(text, &t, true).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["الحكومة", "إيران", "والحكومه"]);
        let exact_only = QueryTerms::of(&parse("والحكومة").unwrap(), false);
        let found: Vec<&str> = hits(text, &exact_only, false).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["والحكومه"]);
    }

    #[test]
    fn snippet_is_sized_in_characters_and_highlights_land() {
        let text = format!("{} الهدف هنا {}", "كلمة ".repeat(100), "نهاية ".repeat(100));
        let t = QueryTerms::of(&parse("الهدف").unwrap(), false);
        let h = hits(&text, &t, false);
        let s = snippet(&text, &h, 80);
        assert!(s.text.chars().count() <= 82, "{}", s.text.chars().count());
        assert_eq!(s.highlights.len(), 1);
        assert_eq!(&s.text[s.highlights[0].clone()], "الهدف");
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
    }

    #[test]
    fn snippet_cuts_at_multibyte_spaces() {
        let text = format!("{}\u{a0}الهدف\u{a0}{}", "كلمة\u{a0}".repeat(50), "نهاية\u{a0}".repeat(50));
        let t = QueryTerms::of(&parse("الهدف").unwrap(), false);
        for max in [10, 33, 80] {
            let s = snippet(&text, &hits(&text, &t, false), max);
            assert!(s.highlights.iter().all(|r| &s.text[r.clone()] == "الهدف"));
        }
    }

    #[test]
    fn kwic_aligns_left_hit_right() {
        let text = "قبل الهدف بعد";
        let t = QueryTerms::of(&parse("الهدف").unwrap(), false);
        let k = kwic(text, &hits(text, &t, false), 3);
        assert_eq!(k[0].left, "قبل ".chars().skip(1).collect::<String>());
        assert_eq!(k[0].hit, "الهدف");
        assert_eq!(k[0].right, " بع");
    }
}
