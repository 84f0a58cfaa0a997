//! The Arabic analyser: how text becomes search terms.
//!
//! Two forms of every word are indexed. The *exact* form is the word normalised
//! ([`crate::arabic::fold_char`]: hamza/alef forms, ya/alef maqsura, ta marbuta, diacritics,
//! tatweel, digits, case), so spelling variants match but والحكومة and الحكومة stay different.
//! The *stemmed* form also strips one clitic prefix and light suffixes (Larkey's light10, as in
//! Lucene's `ArabicStemmer`), so والحكومة finds الحكومة. Snowball's Arabic stemmer is not used:
//! it over-stems, merging unrelated words. Token offsets always point into the original,
//! un-normalised text, so highlights land on the characters the user sees.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::arabic::{Fold, fold_char, is_word_char};

/// Name of the exact analyser in tantivy's tokenizer manager.
pub const EXACT: &str = "ar_exact";
/// Name of the stemmed analyser.
pub const STEM: &str = "ar_stem";
/// Tokens longer than this many characters are dropped (URLs, base64 junk). Counted in
/// characters, not bytes: tantivy's `RemoveLongFilter` counts bytes and drops long vocalised
/// Arabic words.
pub const MAX_TOKEN_CHARS: usize = 40;

/// The stopword list shipped in `assets/`.
pub const STOPWORDS_TXT: &str = include_str!("../../assets/stopwords-ar.txt");

type FastSet = HashSet<String, foldhash::fast::RandomState>;

static STOPWORDS: LazyLock<Arc<FastSet>> = LazyLock::new(|| {
    let mut set: FastSet = STOPWORDS_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(normalize_word)
        .collect();
    // Stems of stopwords too, so "وفي" (stemmed to "في") is dropped like "في".
    let stems: Vec<String> = set.iter().map(|w| stem(w)).collect();
    set.extend(stems);
    Arc::new(set)
});

/// True when a normalised word is a stopword (not indexed in the stemmed field).
pub fn is_stopword(normalized: &str) -> bool {
    STOPWORDS.contains(normalized)
}

/// Normalises one word ([`crate::arabic::normalize`] restricted to word characters).
pub fn normalize_word(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    for c in w.chars() {
        if let Fold::Keep(k) | Fold::Map(k) = fold_char(c) {
            s.push(k);
        }
    }
    s
}

const PREFIXES: &[&str] = &["وال", "بال", "كال", "فال", "ال", "لل", "و"];
/// After normalisation ية is يه and ة is ه, so Lucene's ية and ة entries never fire separately.
const SUFFIXES: &[&str] = &["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// Light10 stemming of a normalised word: one prefix among وال بال كال فال ال لل و, then the
/// suffixes ها ان ات ون ين يه ية ه ة ي in turn, each only while at least two letters stay
/// (as Lucene's `ArabicStemmer`, on text where ة is already ه and ى is ي).
pub fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// [`stem`] into a reused buffer (the tokenizer's hot path: no allocation per token).
pub fn stem_into(word: &str, out: &mut String) {
    out.clear();
    if !word.chars().any(crate::arabic::is_arabic_letter) {
        out.push_str(word);
        return;
    }
    let mut w = word;
    let mut len = w.chars().count();
    // Every affix is made of two-byte Arabic letters: its length in letters is bytes / 2.
    for p in PREFIXES {
        let pl = p.len() / 2;
        let ok_len = if pl == 1 { len >= 4 } else { len >= pl + 2 };
        if ok_len && w.starts_with(p) {
            w = &w[p.len()..];
            len -= pl;
            break;
        }
    }
    for s in SUFFIXES {
        let sl = s.len() / 2;
        if len >= sl + 2 && w.ends_with(s) {
            w = &w[..w.len() - s.len()];
            len -= sl;
        }
    }
    out.push_str(w);
}

/// The tantivy tokenizer for both analysers.
#[derive(Clone)]
pub struct ArabicTokenizer {
    stem: bool,
    /// Keep the words for the stemmed analyser that tantivy runs next on the same text.
    record: bool,
    token: Token,
}

impl ArabicTokenizer {
    /// The exact analyser (normalised words).
    pub fn exact() -> Self {
        Self { stem: false, record: false, token: Token::default() }
    }

    /// The exact analyser as the index registers it: it leaves the words of each text it went
    /// through on this thread for the stemmed analyser ([`LastWords`]).
    pub fn exact_indexing() -> Self {
        Self { record: true, ..Self::exact() }
    }

    /// The stemmed analyser (normalised, light10-stemmed, stopwords removed); it emits only the
    /// words stemming changed, the others are found in the exact field.
    pub fn stemmed() -> Self {
        Self { stem: true, record: false, token: Token::default() }
    }
}

/// The words of the last text the indexing exact analyser went through on a thread. tantivy
/// analyses a document's fields in turn on one thread, the exact field before its stemmed twin
/// (title, title_stem, body, body_stem), so the stemmed analyser takes the words from here
/// rather than splitting and normalising the same text again; only when the texts are equal.
#[derive(Default)]
struct LastWords {
    /// The text, to check it is the same one.
    text: String,
    /// All of it was analysed (a stream dropped early leaves it incomplete: not used).
    complete: bool,
    /// Per word: original byte range, and its normalised form's range in `norm`.
    words: Vec<(usize, usize, usize, usize)>,
    norm: String,
}

thread_local! {
    static LAST_WORDS: std::cell::RefCell<LastWords> = std::cell::RefCell::default();
}

/// Token stream over the original text.
pub struct ArabicTokenStream<'a> {
    text: &'a str,
    pos: usize,
    stem: bool,
    token: &'a mut Token,
    buf: String,
    stemmed: String,
    /// Words being recorded (indexing exact analyser), or replayed (stemmed analyser).
    last: Option<LastWords>,
    replay: bool,
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream<'a> {
        self.token.reset();
        self.token.position = usize::MAX;
        let (mut last, mut replay) = (None, false);
        if self.record || self.stem {
            let mut l = LAST_WORDS.with(|c| std::mem::take(&mut *c.borrow_mut()));
            if self.record {
                l.text.clear();
                l.text.push_str(text);
                l.complete = false;
                l.words.clear();
                l.norm.clear();
                last = Some(l);
            } else if l.complete && l.text == text {
                (last, replay) = (Some(l), true);
            } else {
                LAST_WORDS.with(|c| *c.borrow_mut() = l);
            }
        }
        ArabicTokenStream {
            text,
            pos: 0,
            stem: self.stem,
            token: &mut self.token,
            buf: String::new(),
            stemmed: String::new(),
            last,
            replay,
        }
    }
}

impl Drop for ArabicTokenStream<'_> {
    fn drop(&mut self) {
        if let Some(l) = self.last.take() {
            LAST_WORDS.with(|c| *c.borrow_mut() = l);
        }
    }
}

impl ArabicTokenStream<'_> {
    /// The next word and its normalised form in `buf`.
    fn next_normalized(&mut self) -> Option<(usize, usize)> {
        if self.replay {
            let l = self.last.as_ref()?;
            let &(from, to, a, b) = l.words.get(self.pos)?;
            self.pos += 1;
            self.buf.clear();
            self.buf.push_str(&l.norm[a..b]);
            return Some((from, to));
        }
        loop {
            let Some((from, to)) = next_word(self.text, &mut self.pos) else {
                if let Some(l) = &mut self.last {
                    l.complete = true;
                }
                return None;
            };
            self.buf.clear();
            let mut n = 0;
            for c in self.text[from..to].chars() {
                if let Fold::Keep(k) | Fold::Map(k) = fold_char(c) {
                    self.buf.push(k);
                    n += 1;
                }
            }
            if n == 0 || n > MAX_TOKEN_CHARS {
                continue;
            }
            if let Some(l) = &mut self.last {
                let a = l.norm.len();
                l.norm.push_str(&self.buf);
                l.words.push((from, to, a, l.norm.len()));
            }
            return Some((from, to));
        }
    }
}

impl TokenStream for ArabicTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((from, to)) = self.next_normalized() else {
                return false;
            };
            self.token.position = self.token.position.wrapping_add(1);
            if self.stem {
                if is_stopword(&self.buf) {
                    continue;
                }
                stem_into(&self.buf, &mut self.stemmed);
                // A word stemming leaves as it is is in the exact field already, which the query
                // also asks for the stem (query::word): indexing it twice cost a third of the
                // stemmed field's postings.
                if self.stemmed == self.buf || is_stopword(&self.stemmed) {
                    continue;
                }
                std::mem::swap(&mut self.buf, &mut self.stemmed);
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.text.clear();
            self.token.text.push_str(&self.buf);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The next run of word characters at or after `*pos`, as a byte range; advances `*pos`.
pub fn next_word(text: &str, pos: &mut usize) -> Option<(usize, usize)> {
    let rest = &text[*pos..];
    let start = rest.char_indices().find(|&(_, c)| is_word_char(c)).map(|(i, _)| *pos + i)?;
    let end = text[start..].char_indices().find(|&(_, c)| !is_word_char(c)).map_or(text.len(), |(i, _)| start + i);
    *pos = end;
    Some((start, end))
}

/// Analyses a string into (original byte range, term) pairs with the chosen analyser: the same
/// code path the index uses, for queries, highlighting and KWIC.
pub fn terms(text: &str, stemmed: bool) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    each_term(text, stemmed, |range, term| out.push((range, term.to_owned())));
    out
}

/// [`terms`] without a string per word: `f` sees each term borrowed (highlighting scans a page
/// of bodies per query).
pub fn each_term(text: &str, stemmed: bool, mut f: impl FnMut(std::ops::Range<usize>, &str)) {
    let mut tok = if stemmed { ArabicTokenizer::stemmed() } else { ArabicTokenizer::exact() };
    let mut stream = tok.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        f(t.offset_from..t.offset_to, &t.text);
    }
}

/// Registers both analysers with an index.
pub fn register(index: &tantivy::Index) {
    let m = index.tokenizers();
    m.register(EXACT, ArabicTokenizer::exact_indexing());
    m.register(STEM, ArabicTokenizer::stemmed());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(s: &str) -> Vec<String> {
        terms(s, false).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn variant_pairs_share_exact_terms() {
        for (a, b) in [
            ("إيران", "ايران"),
            ("مستشفى", "مستشفي"),
            ("الحكومة", "الحكومه"),
            ("عَـــرَبِيّ", "عربي"),
            ("٢٠١٦", "2016"),
            ("أمريكا", "امريكا"),
        ] {
            assert_eq!(exact(a), exact(b), "{a} / {b}");
        }
    }

    #[test]
    fn stemming_strips_one_prefix_and_light_suffixes() {
        assert_eq!(stem(&normalize_word("والحكومة")), stem(&normalize_word("الحكومة")));
        assert_eq!(stem(&normalize_word("الحكومة")), "حكوم");
        assert_eq!(stem(&normalize_word("المسلحين")), "مسلح");
        assert_eq!(stem(&normalize_word("ولد")), "ولد", "و needs three letters after it");
        assert_eq!(stem(&normalize_word("وقالت")), "قالت");
        assert_eq!(stem("reuters"), "reuters");
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "قالَ الوزيرُ: «Reuters» ٢٠١٦.";
        let t = terms(text, false);
        let words: Vec<&str> = t.iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(words, ["قالَ", "الوزيرُ", "Reuters", "٢٠١٦"]);
        assert_eq!(t[2].1, "reuters");
        assert_eq!(t[3].1, "2016");
    }

    #[test]
    fn long_tokens_are_dropped_by_characters_not_bytes() {
        // 30 vocalised letters = 60+ bytes but 30 characters after normalisation: kept.
        let long_vocalised = "بَ".repeat(30);
        assert_eq!(exact(&long_vocalised).len(), 1);
        assert!(exact(&"x".repeat(MAX_TOKEN_CHARS + 1)).is_empty());
    }

    #[test]
    fn stopwords_are_not_in_the_stemmed_field() {
        let t: Vec<String> = terms("قال في الاجتماع إن الحكومة", true).into_iter().map(|(_, t)| t).collect();
        assert!(!t.contains(&"في".to_owned()));
        assert!(t.contains(&"حكوم".to_owned()));
    }

    #[test]
    fn stems_from_the_exact_analysers_words_are_the_same() {
        let text = "قالت الحكومة في بيانها إن المسلحين انسحبوا من حلب عام ٢٠١٦، وأكدت «Reuters» ذلك.";
        LAST_WORDS.with(|c| *c.borrow_mut() = LastWords::default());
        let fresh = terms(text, true);
        let mut exact = ArabicTokenizer::exact_indexing();
        let mut stream = exact.token_stream(text);
        while stream.advance() {}
        drop(stream);
        assert!(LAST_WORDS.with(|c| c.borrow().complete && c.borrow().text == text), "recorded");
        assert_eq!(terms(text, true), fresh, "replayed: same terms, offsets and order");
        assert_eq!(terms("نص آخر عن الحكومة", true).len(), 1, "another text is analysed afresh");
    }

    #[test]
    fn the_stemmed_field_holds_only_words_stemming_changed() {
        let t: Vec<String> = terms("حلب والحكومة قال", true).into_iter().map(|(_, t)| t).collect();
        assert_eq!(t, ["حكوم"], "حلب and قال stay as they are: the exact field has them");
    }
}
