//! Arabic text normalisation shared by every part of Marsad.
//!
//! Search, boilerplate rules, outlet names and entity gazetteers must all agree on when two
//! spellings are "the same word": إيران and ايران, مستشفى and مستشفي, الحكومة and الحكومه, a word
//! with diacritics or tatweel and the same word without, ٢٠١٦ and 2016. This module is that single
//! agreement, so the index analyser, the rules matcher and the entity matcher can never drift apart.

/// What normalisation does with one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// The character is kept as it is.
    Keep(char),
    /// The character is replaced by another (hamza/alef forms, alef maqsura, digits, case).
    Map(char),
    /// The character is removed (diacritics, tatweel, invisible marks).
    Drop,
}

/// Folds one character the way the whole application compares Arabic text.
///
/// أ إ آ ٱ → ا, ى → ي, ة → ه, Persian ی ک → ي ك, Arabic-Indic and Eastern Arabic-Indic digits
/// → ASCII, Latin → lowercase; tatweel (U+0640), harakat (U+064B–U+065F), superscript alef
/// (U+0670), Quranic marks and zero-width / bidi format characters are dropped.
#[inline]
pub fn fold_char(c: char) -> Fold {
    // Most characters Marsad reads are in the Arabic block: one table lookup.
    if let Some(i) = arabic_block(c) {
        return ARABIC_BLOCK[i];
    }
    // The other Arabic blocks have no case either: no Unicode table lookup for them.
    let caseless = matches!(c, '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FEFC}');
    match fold_cased(c) {
        Fold::Keep(_) if !c.is_ascii() && !caseless && c.is_uppercase() => {
            Fold::Map(c.to_lowercase().next().unwrap_or(c))
        }
        f => f,
    }
}

/// The index of `c` in the Arabic block (U+0600–U+06FF), where the tables below answer.
#[inline]
fn arabic_block(c: char) -> Option<usize> {
    (c as u32).checked_sub(0x0600).filter(|&i| i < 0x100).map(|i| i as usize)
}

/// [`fold_char`] of U+0600–U+06FF, computed at compile time.
static ARABIC_BLOCK: [Fold; 0x100] = {
    let mut t = [Fold::Drop; 0x100];
    let mut i = 0;
    while i < 0x100 {
        t[i] = match char::from_u32(0x0600 + i as u32) {
            Some(c) => fold_cased(c),
            None => Fold::Drop,
        };
        i += 1;
    }
    t
};

/// [`fold_char`] for every character except non-ASCII upper case (lowercasing is not `const`).
const fn fold_cased(c: char) -> Fold {
    match c {
        'A'..='Z' => Fold::Map(c.to_ascii_lowercase()),
        '\u{0000}'..='\u{007F}' => Fold::Keep(c),
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => Fold::Map('\u{0627}'),
        '\u{0649}' | '\u{06CC}' => Fold::Map('\u{064A}'),
        '\u{0629}' => Fold::Map('\u{0647}'),
        '\u{06A9}' => Fold::Map('\u{0643}'),
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => Fold::Drop,
        '\u{0660}'..='\u{0669}' => Fold::Map((b'0' + (c as u32 - 0x0660) as u8) as char),
        '\u{06F0}'..='\u{06F9}' => Fold::Map((b'0' + (c as u32 - 0x06F0) as u8) as char),
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => Fold::Drop,
        _ => Fold::Keep(c),
    }
}

/// True for letters of the Arabic script (the base Arabic block and its supplements and
/// presentation forms), not for Arabic punctuation or digits.
#[inline]
pub const fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}'
        | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFC}')
}

/// True for characters that belong to words: letters (any script), digits (any script) and
/// the Arabic marks that live inside words.
#[inline]
pub fn is_word_char(c: char) -> bool {
    // Fast paths for the two scripts of almost every character Marsad reads.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if let Some(i) = arabic_block(c) {
        return ARABIC_WORD[i];
    }
    c.is_alphanumeric()
}

/// [`is_word_char`] of U+0600–U+06FF, computed at compile time.
static ARABIC_WORD: [bool; 0x100] = {
    let mut t = [false; 0x100];
    let mut i = 0;
    while i < 0x100 {
        if let Some(c) = char::from_u32(0x0600 + i as u32) {
            t[i] = is_arabic_letter(c)
                || matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0660}'..='\u{0669}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{06F0}'..='\u{06F9}');
        }
        i += 1;
    }
    t
};

/// Normalises text for comparison, keeping punctuation and spacing as they are.
///
/// This is the form the search analyser indexes and the entity matcher scans.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match fold_char(c) {
            Fold::Keep(k) | Fold::Map(k) => out.push(k),
            Fold::Drop => {}
        }
    }
    out
}

/// Normalises a short piece of text (a line, a name) into its matching key: normalised words
/// separated by single spaces, with all punctuation and symbols removed.
///
/// Rules, outlet names and recurring-line statistics compare these keys, so "اقرأ أيضاً:" and
/// "اقرا ايضا" are the same line. The result is written into `out` (cleared first) so hot loops can
/// reuse one buffer.
pub fn match_key_into(text: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    for c in text.chars() {
        let k = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            match fold_char(c) {
                Fold::Keep(k) | Fold::Map(k) => k,
                Fold::Drop => continue,
            }
        };
        if is_word_char(k) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(k);
        } else {
            pending_space = true;
        }
    }
}

/// Allocating convenience form of [`match_key_into`].
pub fn match_key(text: &str) -> String {
    let mut out = String::new();
    match_key_into(text, &mut out);
    out
}

/// Counts words (maximal runs of word characters): how the structure rules tell a headline
/// from a body sentence and a short boilerplate line from a paragraph.
pub fn word_count(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        let w = is_word_char(c);
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// True when the text contains at least one Arabic letter.
pub fn has_arabic(text: &str) -> bool {
    text.chars().any(is_arabic_letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_share_a_normal_form() {
        assert_eq!(normalize("إيران"), normalize("ايران"));
        assert_eq!(normalize("أحمد"), "احمد");
        assert_eq!(normalize("آذار"), "اذار");
        assert_eq!(normalize("مستشفى"), normalize("مستشفي"));
        assert_eq!(normalize("الحكومة"), normalize("الحكومه"));
        assert_eq!(normalize("٢٠١٦"), "2016");
        assert_eq!(normalize("۲۰۱۶"), "2016");
        assert_eq!(normalize("عَـــرَبِيّ"), "عربي");
        assert_eq!(normalize("Reuters"), "reuters");
    }

    #[test]
    fn match_key_drops_punctuation_and_collapses_space() {
        assert_eq!(match_key("  اقرأ   أيضاً: "), "اقرا ايضا");
        assert_eq!(match_key("TAG: حلب، دمشق"), "tag حلب دمشق");
        assert_eq!(match_key("×"), "");
        assert_eq!(match_key("(المصدر: وكالة)"), "المصدر وكاله");
    }

    #[test]
    fn word_count_counts_arabic_latin_and_digits() {
        assert_eq!(word_count("قال الوزير اليوم"), 3);
        assert_eq!(word_count("قال Reuters في 2016، أمس."), 5);
        assert_eq!(word_count("  "), 0);
        assert_eq!(word_count("عَـرَبِيّ"), 1);
    }

    #[test]
    fn arabic_letters_are_recognised() {
        assert!(has_arabic("abc ب"));
        assert!(!has_arabic("abc 123 ،"));
        assert!(!is_arabic_letter('٣'));
    }
}
