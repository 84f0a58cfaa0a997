//! Safe, unique file names for the plain-text export (`date_outlet_title.txt`).
//!
//! Titles come from scraped web pages, so they can hold anything: path separators and `..`
//! (a file written outside the export folder), newlines and control characters, bidi overrides
//! (U+202E makes `gpj.exe` display as `exe.jpg`) in a file manager, characters Windows refuses,
//! and names Windows reserves (`CON`, `NUL`, …). The names made here are safe to create on Linux,
//! macOS and Windows and to copy between them.

use std::collections::HashSet;

/// Longest file-name stem, in characters (before `-N` and `.txt`): long enough to read a title,
/// short enough for paths to stay under Windows' limits.
pub const MAX_STEM_CHARS: usize = 120;
/// Longest file-name stem in UTF-8 bytes: most file systems allow 255 bytes per name, and Arabic
/// takes two bytes per letter (other scripts three), so the byte budget binds too.
pub const MAX_STEM_BYTES: usize = 200;

/// Characters Windows forbids in file names (`/` and `\` are also path separators everywhere).
const FORBIDDEN: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Names Windows reserves for devices, whatever the extension (`CON.txt` is the console too).
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
    "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// True for invisible format characters (Unicode category Cf): bidi marks, embeddings,
/// overrides and isolates (U+200E/F, U+202A–U+202E, U+2066–U+2069, U+061C), zero-width
/// characters, the BOM, Arabic number signs, interlinear annotation and tag characters. They
/// change how a name is displayed without being visible, so a name never keeps them.
pub fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}' | '\u{0890}'..='\u{0891}'
        | '\u{08E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}')
}

/// One part of a name (a date, an outlet, a title) made safe: format characters dropped;
/// control characters, whitespace and characters Windows forbids turned into `-` (runs collapse
/// to one); dots, dashes, underscores and spaces trimmed from both ends (so `..` and `.hidden`
/// cannot survive). May be empty.
pub fn safe_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_format_char(c) {
            continue;
        }
        let c = if c.is_control() || c.is_whitespace() || FORBIDDEN.contains(&c) { '-' } else { c };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    trim_edges(&out).to_owned()
}

fn trim_edges(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, '.' | '-' | '_' | ' '))
}

/// A whole file-name stem made safe: each character as in [`safe_part`], cut to
/// [`MAX_STEM_CHARS`] characters and [`MAX_STEM_BYTES`] bytes on a character boundary, trimmed
/// again, `untitled` when nothing is left, and prefixed with `_` when Windows reserves it.
pub fn safe_stem(s: &str) -> String {
    let clean = safe_part(s);
    let mut end = 0;
    for (n, (i, c)) in clean.char_indices().enumerate() {
        if n >= MAX_STEM_CHARS || i + c.len_utf8() > MAX_STEM_BYTES {
            break;
        }
        end = i + c.len_utf8();
    }
    let cut = trim_edges(&clean[..end]);
    if cut.is_empty() {
        return "untitled".to_owned();
    }
    let base = cut.split('.').next().unwrap_or(cut).trim_end().to_uppercase();
    if RESERVED.contains(&base.as_str()) { format!("_{cut}") } else { cut.to_owned() }
}

/// The stem of an article's text file: `date_outlet_title`, with `undated`, `unknown-outlet` and
/// `untitled` for missing parts, made safe by [`safe_stem`].
pub fn article_stem(date: Option<&str>, outlet: Option<&str>, title: &str) -> String {
    let part = |s: Option<&str>, missing: &str| {
        let p = s.map(safe_part).unwrap_or_default();
        if p.is_empty() { missing.to_owned() } else { p }
    };
    let stem =
        format!("{}_{}_{}", part(date, "undated"), part(outlet, "unknown-outlet"), part(Some(title), "untitled"));
    safe_stem(&stem)
}

/// Hands out file names that are unique in one folder, case-insensitively (Windows and macOS
/// folders are): the second `x.txt` becomes `x-2.txt`, the third `x-3.txt`.
#[derive(Debug, Default)]
pub struct Namer {
    used: HashSet<String>,
}

impl Namer {
    /// A namer for an empty folder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves a name (e.g. `manifest.csv`) so no article file gets it.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_lowercase());
    }

    /// A name `stem.ext` (or `stem-N.ext`) not handed out before; `stem` should come from
    /// [`safe_stem`] or [`article_stem`].
    pub fn claim(&mut self, stem: &str, ext: &str) -> String {
        let mut name = format!("{stem}.{ext}");
        let mut n = 2;
        while !self.used.insert(name.to_lowercase()) {
            name = format!("{stem}-{n}.{ext}");
            n += 1;
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_safe(name: &str) {
        assert!(!name.is_empty());
        assert!(!name.contains(['/', '\\']) && !name.contains(FORBIDDEN), "{name:?}");
        assert!(!name.chars().any(|c| c.is_control() || is_format_char(c)), "{name:?}");
        assert!(!name.starts_with('.') && !name.ends_with('.') && !name.ends_with(' '), "{name:?}");
        assert!(name != "..");
    }

    #[test]
    fn traversal_is_defused() {
        let s = safe_stem("../x");
        assert_eq!(s, "x");
        assert_safe(&s);
        assert_eq!(safe_stem(".."), "untitled");
        assert_eq!(safe_stem("../../etc/passwd"), "etc-passwd");
        let s = article_stem(Some(".."), Some(".."), "../../../x");
        assert_eq!(s, "undated_unknown-outlet_x");
    }

    #[test]
    fn slashes_and_backslashes_become_dashes() {
        assert_eq!(safe_stem("a/b"), "a-b");
        assert_eq!(safe_stem("a\\b"), "a-b");
        assert_eq!(safe_stem("C:\\Windows\\x"), "C-Windows-x");
        assert_eq!(safe_stem("/abs/path"), "abs-path");
    }

    #[test]
    fn windows_forbidden_characters_are_replaced() {
        let s = safe_stem("a<b>c:d\"e|f?g*h");
        assert_eq!(s, "a-b-c-d-e-f-g-h");
        assert_safe(&s);
    }

    #[test]
    fn control_characters_and_newlines_go() {
        assert_eq!(safe_stem("سطر\nثان"), "سطر-ثان");
        assert_eq!(safe_stem("a\r\nb\tc\u{0}d\u{7}e\u{1b}[31m"), "a-b-c-d-e-[31m");
        assert_eq!(safe_stem("\n\n\t"), "untitled");
    }

    #[test]
    fn bidi_controls_and_format_characters_go() {
        // The classic "txt.exe" disguise with RIGHT-TO-LEFT OVERRIDE.
        assert_eq!(safe_stem("report\u{202E}txt.exe"), "reporttxt.exe");
        for c in ['\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}']
            .into_iter()
            .chain(['\u{2067}', '\u{2068}', '\u{2069}', '\u{061C}', '\u{200B}', '\u{FEFF}', '\u{E0041}'])
        {
            let s = safe_stem(&format!("خبر{c}عاجل"));
            assert_eq!(s, "خبرعاجل", "{:04X}", c as u32);
        }
    }

    #[test]
    fn windows_reserved_names_are_avoided() {
        assert_eq!(safe_stem("CON"), "_CON");
        assert_eq!(safe_stem("con"), "_con");
        assert_eq!(safe_stem("nul.tar"), "_nul.tar");
        assert_eq!(safe_stem("LPT1"), "_LPT1");
        assert_eq!(safe_stem("COM¹"), "_COM¹");
        assert_eq!(safe_stem("CONSOLE"), "CONSOLE");
        assert_eq!(safe_stem("CON "), "_CON");
    }

    #[test]
    fn dots_and_spaces_are_trimmed() {
        assert_eq!(safe_stem("  .hidden. . "), "hidden");
        assert_eq!(safe_stem("title..."), "title");
        assert_eq!(safe_stem("a..b"), "a..b");
    }

    #[test]
    fn long_arabic_title_is_cut_on_a_char_boundary() {
        let title = "وزير الخارجية يبحث مع نظيره ملفات التعاون الاقتصادي والأمني ".repeat(10);
        let s = article_stem(Some("2026-03-01"), Some("عنب بلدي"), &title);
        assert!(s.chars().count() <= MAX_STEM_CHARS, "{}", s.chars().count());
        assert!(s.len() <= MAX_STEM_BYTES, "{}", s.len());
        assert!(s.starts_with("2026-03-01_عنب-بلدي_وزير-الخارجية"));
        assert_safe(&s);
        // Three-byte letters: the byte budget binds before the character budget.
        let s = safe_stem(&"漢".repeat(200));
        assert_eq!(s.len(), 198);
        // Diacritics (combining marks) never split a name into invalid UTF-8.
        let s = safe_stem(&"مُحَمَّدٌ".repeat(40));
        assert!(s.chars().count() <= MAX_STEM_CHARS);
    }

    #[test]
    fn empty_and_missing_parts_get_placeholders() {
        assert_eq!(article_stem(None, None, ""), "undated_unknown-outlet_untitled");
        assert_eq!(article_stem(Some(""), Some("  "), "\u{202E}"), "undated_unknown-outlet_untitled");
        assert_eq!(article_stem(Some("2026-03-01"), Some("سانا"), "خبر"), "2026-03-01_سانا_خبر");
        assert_eq!(safe_stem(""), "untitled");
    }

    #[test]
    fn collisions_are_numbered_case_insensitively() {
        let mut n = Namer::new();
        n.reserve("manifest.csv");
        assert_eq!(n.claim("a", "txt"), "a.txt");
        assert_eq!(n.claim("a", "txt"), "a-2.txt");
        assert_eq!(n.claim("A", "txt"), "A-3.txt");
        assert_eq!(n.claim("a-2", "txt"), "a-2-2.txt");
        assert_eq!(n.claim("manifest", "csv"), "manifest-2.csv");
    }
}
