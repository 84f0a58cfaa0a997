//! Words of a text in the form the recogniser compares them, with their place in the original.
//!
//! The gazetteer automaton and the rules both work on one normalised haystack: every word folded
//! with [`crate::arabic::fold_char`] (the index's normaliser), words separated by one space, and a
//! newline wherever punctuation stood between two words, so no name is matched across a comma or a
//! full stop. Each [`Token`] remembers its byte range in the original text, so mentions can be
//! highlighted exactly where they are, diacritics, tatweel and all.

use crate::arabic::{Fold, fold_char, is_word_char};

/// One word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the original text.
    pub start: usize,
    /// End of the byte range in the original text.
    pub end: usize,
    /// Byte range of the normalised word in [`Words::hay`].
    pub key_start: usize,
    /// End of the normalised word in [`Words::hay`].
    pub key_end: usize,
    /// Punctuation (not only spaces) stands between the previous word and this one.
    pub after_break: bool,
    /// An opening quotation mark stands right before this word.
    pub after_quote: bool,
    /// A closing quotation mark stands right after this word.
    pub before_quote: bool,
}

/// The words of a text and the normalised haystack they live in.
#[derive(Debug, Default)]
pub struct Words {
    /// Normalised words separated by `' '`, or by `'\n'` where punctuation stood between them.
    pub hay: String,
    /// The words, in order.
    pub tokens: Vec<Token>,
}

const OPEN_QUOTES: &[char] = &['"', '«', '“', '„', '\''];
const CLOSE_QUOTES: &[char] = &['"', '»', '”', '\''];

impl Words {
    /// Splits `text` into words.
    pub fn new(text: &str) -> Words {
        let mut w = Words { hay: String::with_capacity(text.len()), tokens: Vec::with_capacity(text.len() / 6) };
        let mut cur: Option<(usize, usize)> = None; // (original start, key start)
        let mut gap_break = false;
        let mut gap_quote = false;
        // Only spaces since the last word ended; whether a straight quote '"' is open (they
        // alternate: in '" السفير "' the second one closes).
        let mut gap_space = false;
        let mut straight_open = false;
        for (i, c) in text.char_indices() {
            if is_word_char(c) || (cur.is_some() && matches!(fold_char(c), Fold::Drop) && !c.is_whitespace()) {
                if cur.is_none() {
                    if !w.tokens.is_empty() {
                        w.hay.push(if gap_break { '\n' } else { ' ' });
                    }
                    cur = Some((i, w.hay.len()));
                }
                match fold_char(c) {
                    Fold::Keep(k) | Fold::Map(k) => w.hay.push(k),
                    Fold::Drop => {}
                }
                continue;
            }
            if let Some((s, ks)) = cur.take() {
                w.push(s, i, ks, gap_break, gap_quote);
                gap_break = false;
                gap_quote = false;
                gap_space = true;
            }
            // A closing quote right after a word or after spaces ('« الشرق الأوسط »').
            let closes = c != '"' || straight_open;
            if CLOSE_QUOTES.contains(&c) && closes {
                if let Some(t) = w.tokens.last_mut() {
                    if t.end == i || gap_space {
                        t.before_quote = true;
                    }
                }
            }
            if c == '"' {
                straight_open = !straight_open;
            } else if c == '\n' {
                straight_open = false;
            }
            if OPEN_QUOTES.contains(&c) {
                gap_quote = true;
            }
            if !c.is_whitespace() {
                gap_space = false;
            }
            // Spaces, hyphens and the invisible marks keep words together; anything else breaks.
            if !(c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{00A0}')) {
                gap_break = true;
            }
            if c == '\n' {
                gap_break = true;
            }
        }
        if let Some((s, ks)) = cur {
            w.push(s, text.len(), ks, gap_break, gap_quote);
        }
        w
    }

    fn push(&mut self, start: usize, end: usize, key_start: usize, after_break: bool, after_quote: bool) {
        self.tokens.push(Token {
            start,
            end,
            key_start,
            key_end: self.hay.len(),
            after_break,
            after_quote,
            before_quote: false,
        });
    }

    /// The normalised form of word `i`.
    pub fn key(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.hay[t.key_start..t.key_end]
    }

    /// The index of the word whose normalised form contains haystack byte `pos`, if any.
    pub fn token_at(&self, pos: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.key_end <= pos);
        (i < self.tokens.len() && self.tokens[i].key_start <= pos).then_some(i)
    }
}

/// The byte offset in `original` (one word) after the first `key_bytes` bytes of its normalised
/// form: where a name starts once a clitic prefix of that length is skipped.
pub fn original_offset(original: &str, key_bytes: usize) -> usize {
    let mut consumed = 0;
    for (i, c) in original.char_indices() {
        // Marks after the clitic's letter (its vowel) belong to the clitic.
        if consumed >= key_bytes && !matches!(fold_char(c), Fold::Drop) {
            return i;
        }
        match fold_char(c) {
            Fold::Keep(k) | Fold::Map(k) => consumed += k.len_utf8(),
            Fold::Drop => {}
        }
    }
    original.len()
}

/// A name as it is shown: the original words without diacritics, tatweel or invisible marks,
/// single-spaced (hamza and ta marbuta kept as written).
pub fn display(original: &str) -> String {
    let mut out = String::with_capacity(original.len());
    let mut space = false;
    for c in original.chars() {
        if c.is_whitespace() || c == '-' {
            space = !out.is_empty();
            continue;
        }
        if matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            || matches!(c, '"' | '\'' | '«' | '»' | '“' | '”' | '„' | '(' | ')' | '،' | ',' | '.')
        {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_original_ranges_and_breaks() {
        let text = "قالَ لافروفُ، إنّ «جيش حلب» دخل";
        let w = Words::new(text);
        let keys: Vec<&str> = (0..w.tokens.len()).map(|i| w.key(i)).collect();
        assert_eq!(keys, ["قال", "لافروف", "ان", "جيش", "حلب", "دخل"]);
        assert_eq!(&text[w.tokens[1].start..w.tokens[1].end], "لافروفُ");
        assert!(w.tokens[2].after_break);
        assert!(!w.tokens[1].after_break);
        assert!(w.tokens[3].after_quote);
        assert!(w.tokens[4].before_quote);
        assert_eq!(w.hay, "قال لافروف\nان\nجيش حلب\nدخل");
    }

    #[test]
    fn offsets_skip_clitics_in_the_original() {
        assert_eq!(original_offset("وَلافروف", 2), "وَ".len());
        assert_eq!(display("بشّار  الأسـد"), "بشار الأسد");
    }

    #[test]
    fn token_at_finds_words() {
        let w = Words::new("أ ب ج");
        assert_eq!(w.token_at(0), Some(0));
        assert_eq!(w.token_at(w.tokens[2].key_start), Some(2));
    }
}
