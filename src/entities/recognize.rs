//! The recogniser: gazetteer names found with one Aho-Corasick pass, then rules for names the
//! gazetteers do not know.
//!
//! 1. **Gazetteer**: every name and alias, normalised, is a pattern of one automaton run over the
//!    normalised words of the text ([`Words`]). A match counts when it ends at a word end and
//!    starts at a word start or right after a clitic (و ف ب ل ك and their pairs; لل before a name
//!    with ال, "للأمم المتحدة"). Overlaps are settled leftmost-longest. Names that are also
//!    everyday words ("صور") count only after a place cue.
//! 2. **Rules**, on the words no gazetteer name covers: a title or role ("وزير الخارجية الروسي
//!    …"), a speech verb ("وقال …") or a common first name starts a person's name; a head word
//!    ("جبهة", "وزارة", 'جيش "…"') starts an organisation; a place cue ("بلدة …", "ريف …") a place.
//!    A name runs over name-like words and stops at punctuation, function words, adjectives,
//!    verbs and the next cue.

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use super::gazetteer::{Entry, usable_key};
use super::rules::{Cue, Rules, role};
use super::text::{Words, display, original_offset};
use super::{Kind, Mention, Source};

/// Clitic prefixes allowed before a name (normalised).
const CLITICS: &[&str] = &["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];
/// Agencies named by a nisba in parentheses at the end of a report: "(الفرنسية)".
const ATTRIBUTION: &[(&str, &str)] = &[
    ("الفرنسيه", "وكالة الصحافة الفرنسية"),
    ("الالمانيه", "وكالة الأنباء الألمانية"),
    ("الاوروبيه", "وكالة الصحافة الأوروبية"),
];

/// Type words before outlet names.
const MEDIA_WORDS: &[&str] = &["وكالة ", "صحيفة ", "جريدة ", "قناة ", "موقع ", "مجلة ", "شبكة ", "إذاعة ", "تلفزيون "];
/// Prefixes before a name whose ال was absorbed: ل + ال → لل.
const LIL: &[&str] = &["لل", "ولل", "فلل"];

#[derive(Clone, Copy, Debug)]
struct Pattern {
    /// Leading words that are not part of the mention (a type word: "وكالة رويترز" → "رويترز";
    /// a title: "الملك محمد السادس" → "محمد السادس").
    skip_words: u8,
    entry: u32,
    cue_only: bool,
}

/// A compiled recogniser. Build it once ([`super::recognizer`]) and share it: it is immutable.
pub struct Recognizer {
    entries: Vec<Entry>,
    /// Every form's normalised key → its entry.
    by_key: std::collections::HashMap<String, u32, foldhash::fast::RandomState>,
    /// Names as written (after an optional clitic), and names that lost their ال to لل.
    ac: [Option<AhoCorasick>; 2],
    patterns: [Vec<Pattern>; 2],
    /// The first words of all names (of each automaton): the automaton is only asked where a
    /// name can start, so most words cost one hash lookup.
    first_words: [std::collections::HashSet<String, foldhash::fast::RandomState>; 2],
    /// Every word (without a clitic) that can start a gazetteer name or a rule: words outside it,
    /// most of any text, are skipped after one or two hash lookups.
    starters: std::collections::HashSet<String, foldhash::fast::RandomState>,
    /// A Bloom filter in front of `starters`.
    may_start: Prefilter,
    rules: Rules,
}

/// A one-hash Bloom filter over words: most words of a text start no name, and this says
/// "certainly not" from 32 KB that stay in cache, from a word's length and first and last bytes,
/// before a hash set would hash and compare the whole word (up to three lookups per word).
struct Prefilter(Vec<u64>);

/// log2 of the filter's bits: 2^18 bits for some 30,000 starters, about 1 false "maybe" in 10.
const PREFILTER_BITS: u32 = 18;

impl Prefilter {
    fn new<'a>(words: impl Iterator<Item = &'a String>) -> Prefilter {
        let mut f = Prefilter(vec![0; 1 << (PREFILTER_BITS - 6)]);
        for w in words {
            let s = Self::slot(w);
            f.0[s >> 6] |= 1 << (s & 63);
        }
        f
    }

    #[inline]
    fn slot(w: &str) -> usize {
        let b = w.as_bytes();
        let mut x = b.len() as u64;
        for (i, &c) in b.iter().take(6).enumerate() {
            x |= u64::from(c) << (8 * (i + 1));
        }
        if let Some(&last) = b.last() {
            x ^= u64::from(last) << 56;
        }
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PREFILTER_BITS)) as usize
    }

    #[inline]
    fn may_contain(&self, w: &str) -> bool {
        let s = Self::slot(w);
        self.0[s >> 6] & (1 << (s & 63)) != 0
    }
}

#[derive(Clone, Copy, Debug)]
struct Found {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    kind: Kind,
    entry: Option<u32>,
    rule: &'static str,
    /// The name lost its ال to a لل prefix ("للجيش الحر"): shown with ال restored.
    lil: bool,
    /// A canonical name given by the rule itself.
    name: Option<&'static str>,
}

impl Recognizer {
    /// Compiles the gazetteer entries and rules into a recogniser.
    pub fn new(entries: Vec<Entry>, rules: Rules) -> Recognizer {
        let mut keys: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        let mut patterns: [Vec<Pattern>; 2] = [Vec::new(), Vec::new()];
        let mut seen = std::collections::HashSet::new();
        let mut by_key: std::collections::HashMap<String, u32, foldhash::fast::RandomState> = Default::default();
        // Place names, so an outlet's bare name never shadows one ("تلفزيون سوريا" is not "سوريا").
        let places: std::collections::HashSet<String> = entries
            .iter()
            .filter(|e| e.kind == Kind::Place)
            .flat_map(|e| e.forms().filter_map(usable_key).collect::<Vec<_>>())
            .collect();
        for (i, e) in entries.iter().enumerate() {
            // "وكالة رويترز" is also just "رويترز" (a proper name after a type word, not "الحياة").
            let bare = (e.kind == Kind::Organization)
                .then(|| {
                    MEDIA_WORDS.iter().find_map(|w| e.name.strip_prefix(w).map(str::trim)).filter(|rest| {
                        let k = crate::arabic::match_key(rest);
                        let word = rules.roles(&k) & (role::NOT_NAME | role::STOP | role::FIRST_NAME) != 0;
                        k.chars().count() >= 3
                            && (k.contains(' ') || !k.starts_with("ال"))
                            && !word
                            && !places.contains(&k)
                    })
                })
                .flatten();
            for form in e.forms().chain(bare) {
                let Some(key) = usable_key(form) else { continue };
                by_key.entry(key.clone()).or_insert(i as u32);
                if e.kind == Kind::Place && is_direction_compound(&key, &e.note) {
                    // "شمال أفريقيا" is read as a direction and "أفريقيا" (but "جنوب أفريقيا", a
                    // country, stays whole).
                    continue;
                }
                let single = !key.contains(' ');
                let r = rules.roles(&key);
                if r & role::IGNORE != 0 {
                    continue;
                }
                let cue_only = e.kind == Kind::Place
                    && (r & role::CUE_ONLY != 0
                        || (single && r & (role::FIRST_NAME | role::STOP | role::NOT_NAME) != 0));
                let skip_words = lead_words(&key, e.kind, &rules);
                if seen.insert(key.clone()) {
                    if let Some(rest) = key.strip_prefix("ال").filter(|r| r.chars().count() >= 2) {
                        keys[1].push(rest.to_owned());
                        patterns[1].push(Pattern { skip_words, entry: i as u32, cue_only });
                    }
                    keys[0].push(key);
                    patterns[0].push(Pattern { skip_words, entry: i as u32, cue_only });
                }
            }
        }
        // Anchored leftmost-longest automata: the recogniser asks "which name starts right here?"
        // at each word start (and after each clitic), never scanning the inside of words. A
        // contiguous NFA, not a DFA: the DFA's tables (every state × every byte class) did not
        // stay in cache and each step of a search waited for memory; the NFA is a fraction of the
        // size, builds faster and searched 6-10 % faster (5 % less indexing CPU).
        let build = |keys: &[String]| {
            (!keys.is_empty())
                .then(|| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::LeftmostLongest)
                        .start_kind(StartKind::Anchored)
                        .kind(Some(AhoCorasickKind::ContiguousNFA))
                        .build(keys)
                        .ok()
                })
                .flatten()
        };
        let ac = [build(&keys[0]), build(&keys[1])];
        let firsts = |keys: &[String]| keys.iter().map(|k| k.split(' ').next().unwrap_or("").to_owned()).collect();
        type WordSet = std::collections::HashSet<String, foldhash::fast::RandomState>;
        let first_words: [WordSet; 2] = [firsts(&keys[0]), firsts(&keys[1])];
        let mut starters: WordSet = first_words[0].iter().chain(&first_words[1]).cloned().collect();
        starters.extend(rules.starters().map(str::to_owned));
        starters.extend(ATTRIBUTION.iter().map(|(k, _)| (*k).to_owned()));
        // "للرئيس" is looked up as "رئيس": keep the forms without ال too.
        let without_al: Vec<String> =
            starters.iter().filter_map(|w| w.strip_prefix("ال").filter(|r| r.len() > 2).map(str::to_owned)).collect();
        starters.extend(without_al);
        let may_start = Prefilter::new(starters.iter());
        Recognizer { entries, by_key, ac, patterns, first_words, starters, may_start, rules }
    }

    /// True when word `key` (as written, or without a clitic of one or two letters) can start a
    /// name: the one test every word of a text goes through.
    fn can_start(&self, key: &str) -> bool {
        let starter = |w: &str| self.may_start.may_contain(w) && self.starters.contains(w);
        if starter(key) {
            return true;
        }
        let mut chars = key.char_indices();
        let Some((_, c0)) = chars.next() else { return false };
        if !matches!(c0, 'و' | 'ف' | 'ب' | 'ل' | 'ك') {
            return false;
        }
        let Some((i1, c1)) = chars.next() else { return false };
        if starter(&key[i1..]) {
            return true;
        }
        matches!(c1, 'ب' | 'ل' | 'ك') && chars.next().is_some_and(|(i2, _)| starter(&key[i2..]))
    }

    /// The gazetteer entry one of whose forms is `name` (compared normalised).
    pub fn lookup(&self, name: &str) -> Option<&Entry> {
        self.by_key.get(&crate::arabic::match_key(name)).map(|&i| &self.entries[i as usize])
    }

    /// The gazetteer entries (for listings and the corrections editor).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Finds the entities `text` names, in text order, as byte ranges of `text`.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let words = Words::new(text);
        if words.tokens.is_empty() {
            return Vec::new();
        }
        let starts: Vec<bool> = (0..words.tokens.len()).map(|i| self.can_start(words.key(i))).collect();
        let mut found = self.gazetteer(text, &words, &starts);
        let mut covered: Vec<Option<Kind>> = vec![None; words.tokens.len()];
        for f in &found {
            for c in &mut covered[f.first..=f.last] {
                *c = Some(f.kind);
            }
        }
        let mut ctx =
            RuleCtx { rec: self, words: &words, text, covered: &mut covered, starts: &starts, out: Vec::new() };
        ctx.run();
        let from_rules = ctx.out;
        if !from_rules.is_empty() {
            // An organisation rule may swallow a place ("جامعة دمشق"): drop what it covers.
            found.retain(|g| !from_rules.iter().any(|r| r.first <= g.last && g.first <= r.last));
            found.extend(from_rules);
            found.sort_by_key(|f| f.start);
        }
        let mut mentions: Vec<Mention> = found
            .into_iter()
            .map(|f| {
                let (name, source) = match f.entry {
                    Some(e) => (self.entries[e as usize].name.clone(), Source::Gazetteer),
                    None if f.name.is_some() => (f.name.unwrap_or_default().to_owned(), Source::Rule(f.rule)),
                    None if f.lil => (format!("ال{}", display(&text[f.start..f.end])), Source::Rule(f.rule)),
                    None => (display(&text[f.start..f.end]), Source::Rule(f.rule)),
                };
                Mention { range: f.start..f.end, kind: f.kind, name, source }
            })
            .collect();
        family_mentions(&self.rules, text, &words, &mut mentions);
        mentions
    }

    fn gazetteer(&self, text: &str, words: &Words, starts_here: &[bool]) -> Vec<Found> {
        let hay = words.hay.as_bytes();
        let boundary = |e: usize| e == hay.len() || matches!(hay[e], b' ' | b'\n');
        let mut cands: Vec<Found> = Vec::new();
        let mut prefixes: Vec<usize> = Vec::new();
        for (first, tok) in words.tokens.iter().enumerate() {
            if !starts_here[first] {
                continue;
            }
            let key = words.key(first);
            let starts = std::iter::once(("", 0usize))
                .chain(CLITICS.iter().filter(|p| key.len() > p.len() && key.starts_with(**p)).map(|p| (*p, 0)))
                .chain(LIL.iter().filter(|p| key.len() > p.len() && key.starts_with(**p)).map(|p| (*p, 1)));
            for (prefix, which) in starts {
                let Some(ac) = &self.ac[which] else { continue };
                let s = tok.key_start + prefix.len();
                if !self.first_words[which].contains(&words.hay[s..tok.key_end]) {
                    continue;
                }
                // The longest name starting here that ends at a word end.
                let mut end = hay.len();
                let found = loop {
                    let input = Input::new(hay).span(s..end).anchored(Anchored::Yes);
                    match ac.find(input) {
                        Some(m) if boundary(m.end()) => break Some(m),
                        Some(m) => match words.hay[s..m.end()].rfind([' ', '\n']) {
                            Some(off) if off > 0 => end = s + off,
                            _ => break None,
                        },
                        None => break None,
                    }
                };
                let Some(m) = found else { continue };
                let p = self.patterns[which][m.pattern().as_usize()];
                if p.cue_only && !self.after_place_cue(words, first) {
                    continue;
                }
                let Some(last) = words.token_at(m.end() - 1) else { continue };
                let mut start = tok.start + original_offset(&text[tok.start..tok.end], prefix.len());
                let mut first = first;
                if p.skip_words > 0 && first + (p.skip_words as usize) <= last {
                    first += p.skip_words as usize;
                    start = words.tokens[first].start;
                }
                let entry = &self.entries[p.entry as usize];
                prefixes.push(prefix.len());
                cands.push(Found {
                    first,
                    last,
                    start,
                    end: words.tokens[last].end,
                    kind: entry.kind,
                    entry: Some(p.entry),
                    rule: "",
                    lil: false,
                    name: None,
                });
            }
        }
        // Leftmost-longest over words; a longer name wins over the names inside it, and a match of
        // the whole word over one after a supposed clitic ("باريس" is Paris, not ب + "اريس").
        let mut order: Vec<usize> = (0..cands.len()).collect();
        order.sort_by_key(|&i| (cands[i].first, std::cmp::Reverse(cands[i].last), prefixes[i], cands[i].entry));
        let mut out: Vec<Found> = Vec::new();
        for c in order.into_iter().map(|i| cands[i]) {
            if out.last().is_none_or(|l| c.first > l.last) {
                out.push(c);
            }
        }
        out
    }

    fn after_place_cue(&self, words: &Words, i: usize) -> bool {
        if i == 0 || words.tokens[i].after_break {
            return false;
        }
        let prev = strip_clitic(words.key(i - 1));
        self.rules.cues(prev).iter().any(|(rest, c)| rest.is_empty() && matches!(c, Cue::Place | Cue::PlaceKept))
    }
}

/// A word shaped like a verb: أفعل، افتعل، استفعل، يفعل، تفعل.
fn verb_shaped(key: &str) -> bool {
    let chars: Vec<char> = key.chars().collect();
    matches!(chars.as_slice(), ['ا', _, _, _] | ['ا', 'س', 'ت', _, _, ..] | ['ا', _, 'ت', _, _] | ['ي' | 'ت', _, _, _])
}

/// Two words with the same plural ending (a noun and its adjective: "مهندسون سابقون").
fn plural_pair(a: &str, b: &str) -> bool {
    ["ون", "ين", "ات"].iter().any(|e| a.ends_with(e) && b.ends_with(e))
}

/// True for "شمال أفريقيا"-like place names (a direction word and a region) that are not countries.
fn is_direction_compound(key: &str, note: &str) -> bool {
    const DIRECTIONS: &[&str] = &["شمال ", "جنوب ", "شرق ", "غرب ", "وسط ", "شمالي ", "جنوبي ", "شرقي ", "غربي "];
    !note.contains("country") && DIRECTIONS.iter().any(|d| key.starts_with(d))
}

/// How many leading words of a name form are a type word or a title, not part of the mention.
fn lead_words(key: &str, kind: Kind, rules: &Rules) -> u8 {
    let mut words = key.split(' ');
    let (Some(first), Some(_)) = (words.next(), words.next()) else { return 0 };
    match kind {
        Kind::Organization if MEDIA_WORDS.iter().any(|w| w.trim() == first) => 1,
        Kind::Person
            if rules.cues(first).iter().any(|(rest, c)| rest.is_empty() && *c == Cue::Title)
                && rules.roles(first) & role::FIRST_NAME == 0 =>
        {
            1
        }
        _ => 0,
    }
}

/// A word without a leading clitic (و ف ب ل ك, or لل → ال).
fn strip_clitic(key: &str) -> &str {
    for p in ["و", "ف"] {
        if let Some(r) = key.strip_prefix(p) {
            if r.chars().count() >= 2 {
                return r;
            }
        }
    }
    key
}

/// The forms a word may take when compared with a list: as written, without و/ف, and with لل
/// read as ال (للرئيس → الرئيس) or ب/ل/ك dropped before ال (بالجيش → الجيش).
fn variants(key: &str) -> [Option<std::borrow::Cow<'_, str>>; 3] {
    let a = strip_clitic(key);
    let b = if let Some(r) = a.strip_prefix("لل") {
        Some(std::borrow::Cow::Owned(format!("ال{r}")))
    } else {
        ["ب", "ل", "ك"]
            .iter()
            .find_map(|p| a.strip_prefix(p).filter(|r| r.starts_with("ال") && r.chars().count() >= 4))
            .map(std::borrow::Cow::Borrowed)
    };
    [Some(std::borrow::Cow::Borrowed(key)), (a != key).then_some(std::borrow::Cow::Borrowed(a)), b]
}

struct RuleCtx<'a> {
    rec: &'a Recognizer,
    words: &'a Words,
    text: &'a str,
    covered: &'a mut Vec<Option<Kind>>,
    /// Words that can start a name ([`Recognizer::can_start`]).
    starts: &'a [bool],
    out: Vec<Found>,
}

impl RuleCtx<'_> {
    fn n(&self) -> usize {
        self.words.tokens.len()
    }

    fn key(&self, i: usize) -> &str {
        self.words.key(i)
    }

    fn roles(&self, i: usize) -> u16 {
        let mut r = 0;
        for v in variants(self.key(i)).into_iter().flatten() {
            r |= self.rec.rules.roles(&v);
        }
        r
    }

    fn is_al(&self, i: usize) -> bool {
        let k = strip_clitic(self.key(i));
        k.starts_with("ال") || k.starts_with("لل")
    }

    /// A cue starting at word `i`: (its rule, number of words).
    fn cue_at(&self, i: usize) -> Option<(Cue, usize)> {
        for v in variants(self.key(i)).into_iter().flatten() {
            for (rest, cue) in self.rec.rules.cues(&v) {
                let n = rest.len();
                if i + n < self.n()
                    && rest.iter().enumerate().all(|(k, w)| {
                        let j = i + 1 + k;
                        !self.words.tokens[j].after_break && self.key(j) == w
                    })
                {
                    return Some((*cue, n + 1));
                }
            }
        }
        None
    }

    /// A word that may be part of a name.
    fn name_like(&self, i: usize) -> bool {
        let k = self.key(i);
        let letters = k.chars().filter(|c| crate::arabic::is_arabic_letter(*c) || c.is_ascii_alphabetic()).count();
        letters >= 2 && !k.chars().any(|c| c.is_ascii_digit()) && self.roles(i) & (role::STOP | role::NOT_NAME) == 0
    }

    /// "(الفرنسية)" at the end of a report is the agency it came from.
    fn attribution(&mut self, i: usize) -> bool {
        let Some((_, name)) = ATTRIBUTION.iter().find(|(k, _)| *k == self.key(i)) else { return false };
        let t = self.words.tokens[i];
        let before = self.text[..t.start].trim_end();
        let after = self.text[t.end..].trim_start();
        if !(before.ends_with('(') && after.starts_with(')')) {
            return false;
        }
        self.emit(i, i, Kind::Organization, "attribution");
        if let Some(f) = self.out.last_mut() {
            f.name = Some(name);
        }
        true
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.n() {
            if !self.starts[i] || self.covered[i].is_some() || self.attribution(i) {
                i += 1;
                continue;
            }
            let next = match self.cue_at(i) {
                Some((Cue::Title, len)) => self.after_title(i, i + len),
                Some((Cue::Speech, len)) => self.after_speech(i + len),
                Some((Cue::OrgHead, len)) => self.org(i, len),
                Some((c @ (Cue::Place | Cue::PlaceKept), len)) => self.place(i, len, c == Cue::PlaceKept),
                None => self.first_name(i),
            };
            i = next.unwrap_or(i + 1).max(i + 1);
        }
    }

    /// After a title: skip qualifiers (words with ال, adjectives, "إلى سوريا"), then a name.
    fn after_title(&mut self, _cue: usize, mut j: usize) -> Option<usize> {
        let mut steps = 0;
        while j < self.n() && steps < 5 && !self.words.tokens[j].after_break {
            if self.covered[j] == Some(Kind::Person) {
                return Some(j);
            }
            let r = self.roles(j);
            let qualifier = r & role::ADJECTIVE != 0 || (r & role::NOT_NAME != 0 && r & role::STOP == 0);
            if qualifier || self.is_al(j) || self.covered[j].is_some() {
                j += 1;
            } else if r & role::TITLE_LINK != 0 && j + 1 < self.n() {
                j += 2;
            } else {
                break;
            }
            steps += 1;
        }
        if j >= self.n() || self.words.tokens[j].after_break {
            return Some(j);
        }
        self.person_at(j, "title", true)
    }

    /// After a speech verb: a first name, or a name of two or more words that does not start with
    /// an adverb ("أعلنت مراراً"): "وقال دي ميستورا" but not "وقال مصدر".
    fn after_speech(&mut self, j: usize) -> Option<usize> {
        if j >= self.n() || self.words.tokens[j].after_break || self.covered[j].is_some() {
            return None;
        }
        let first_name = self.roles(j) & role::FIRST_NAME != 0;
        let t = self.words.tokens[j];
        let written = &self.text[t.start..t.end];
        let adverb = written.ends_with('\u{064B}') || written.ends_with("اً") || self.key(j).ends_with('ا');
        // A plural noun in construct ("وقال سائقو سيارات الأجرة", "مواطنو المدينة"): names end in
        // و only when a first-name list knows them (عمرو).
        let plural = self.key(j).ends_with('و') && self.key(j).chars().count() >= 4;
        if !first_name && (adverb || plural || self.is_al(j) || !self.name_like(j)) {
            return None;
        }
        let last = self.extend_name(j);
        if last == j && !first_name {
            return None;
        }
        self.person_at(j, "speech verb", true)
    }

    /// True for a word shaped like a verb (أفعل، افتعل، استفعل، يفعل، تفعل) that no first name
    /// list knows: "أحرز", "انتقد", "استقدم", "يعيش" are not the start of a name.
    fn verb_like(&self, j: usize) -> bool {
        if self.roles(j) & role::FIRST_NAME != 0 {
            return false;
        }
        verb_shaped(self.key(j))
    }

    /// A person's name starting at word `j` (which must not start with ال).
    fn person_at(&mut self, j: usize, rule: &'static str, single_ok: bool) -> Option<usize> {
        if j >= self.n() || self.covered[j].is_some() || self.is_al(j) || !self.name_like(j) || self.verb_like(j) {
            return None;
        }
        if self.words.tokens[j].after_break && rule != "title" {
            return None;
        }
        if self.cue_at(j).is_some() {
            return None;
        }
        let last = self.extend_name(j);
        let r = self.roles(j);
        let first_name = r & role::FIRST_NAME != 0 && r & role::WORD_NAME == 0;
        // One word alone is a name only when it is a known first name.
        if last == j && !(single_ok && first_name) {
            return None;
        }
        self.emit(j, last, Kind::Person, rule);
        Some(last + 1)
    }

    /// The last word of a name that starts at `j`: up to three more name-like words (ال allowed:
    /// family names), connectors, stopping at punctuation, adjectives, cues and "و…" words.
    fn extend_name(&self, j: usize) -> usize {
        let mut last = j;
        let mut k = j + 1;
        // Connectors do not count: "راشد بن محمد بن راشد آل مكتوم" is four name words.
        let mut links = 0;
        while k < self.n() && k - j - links < 4 {
            let t = self.words.tokens[k];
            if t.after_break || self.covered[k].is_some() {
                break;
            }
            let r = self.roles(k);
            if r & role::NAME_LINK != 0 && k + 1 < self.n() && !self.words.tokens[k + 1].after_break {
                k += 1;
                links += 1;
                continue;
            }
            let key = self.key(k);
            // A regnal number ends the name and belongs to it ("عبد الله الثاني").
            if r & role::ORDINAL != 0 {
                last = k;
                break;
            }
            // "… وعمرو زكي": a new name starts (unless the word is a name itself: وليد).
            let new_conjunct = key.starts_with('و') && self.rec.rules.roles(key) & role::FIRST_NAME == 0;
            if !self.name_like(k) || r & role::ADJECTIVE != 0 || self.cue_at(k).is_some() || new_conjunct {
                break;
            }
            // Past the second word, an accusative word ends the name ("… هجوماً عنيفاً"); after a
            // family name with ال only another one continues ("كريم العطار فتح …" ends there); a
            // verb-shaped word ends it ("… ارتفع").
            if (k - j >= 2 && key.ends_with('ا')) || (!self.is_al(k) && self.is_al(last)) || self.verb_like(k) {
                break;
            }
            // "مهندسون سابقون": a plural noun and its adjective, not a name.
            if k == j + 1 && plural_pair(self.key(j), key) {
                return j;
            }
            // A feminine adjective (…ية) ends a name: "الحكومة السورية" is no family name.
            if self.is_al(k) && (key.ends_with("يه") || key.ends_with("يين") || key.ends_with("ون")) {
                break;
            }
            last = k;
            k += 1;
        }
        last
    }

    /// A first name followed by at least one more name word.
    fn first_name(&mut self, i: usize) -> Option<usize> {
        let key = self.key(i);
        // "على" (a preposition) and "علي" (a name) fold alike: look at the letters written.
        let t = self.words.tokens[i];
        if self.text[t.start..t.end].ends_with('ى') && self.rec.rules.roles(key) & role::STOP != 0 {
            return None;
        }
        let mut start_len = 0;
        if self.rec.rules.roles(key) & role::FIRST_NAME != 0 {
            start_len = 1;
        } else {
            for rest in self.rec.rules.first_multi(key) {
                if i + rest.len() < self.n() && rest.iter().enumerate().all(|(k, w)| self.key(i + 1 + k) == w) {
                    start_len = rest.len() + 1;
                    break;
                }
            }
        }
        if start_len == 0 {
            return None;
        }
        let head_last = i + start_len - 1;
        let r = self.rec.rules.roles(key);
        // A first name that is also a function word ("علي" for "على" where ى is written ي) takes
        // only a plain family name after it, never "علي الأرض".
        if r & role::STOP != 0 && head_last + 1 < self.n() && self.is_al(head_last + 1) {
            return None;
        }
        let last = self.extend_name(head_last);
        // A lone first name is a person unless it is also a word ("صالح", "أمين") or a function
        // word, or is the first word of a text that opens with punctuation. (A clitic never
        // reaches here: "لصالح" is not a first name as written.)
        if last == head_last && start_len == 1 && (r & (role::WORD_NAME | role::STOP) != 0 || t.after_break && i == 0) {
            return None;
        }
        self.emit(i, last, Kind::Person, "first name");
        Some(last + 1)
    }

    /// An organisation: its head word and the name after it (quoted, or words with ال, or a
    /// proper name: "حركة حماس", "لواء صقور الشام").
    fn org(&mut self, i: usize, len: usize) -> Option<usize> {
        let mut j = i + len;
        if j >= self.n() {
            return None;
        }
        let t = self.words.tokens[j];
        if t.after_quote {
            if self.covered[j].is_some() {
                // 'وكالة "رويترز"': the gazetteer knows it already.
                return None;
            }
            let mut k = j;
            while k < self.n() && k - j < 6 {
                if self.words.tokens[k].before_quote {
                    let from = if self.roles(i) & role::MEDIA_HEAD != 0 { j } else { i };
                    self.emit(from, k, Kind::Organization, "organisation head");
                    return Some(k + 1);
                }
                k += 1;
                if k < self.n() && self.words.tokens[k].after_break {
                    break;
                }
            }
            return None;
        }
        let head_al = self.is_al(i);
        let mut last = None;
        let mut seen_al = false;
        let mut plain = 0;
        while j < self.n() && j - (i + len) < 4 {
            if self.words.tokens[j].after_break || matches!(self.covered[j], Some(Kind::Person | Kind::Organization)) {
                break;
            }
            // "… والقوات": a new conjunct starts; so does "و" and a verb or a function word
            // ("صلاة جماعة ودعوا الله").
            let conjunct = self.key(j).strip_prefix('و').is_some_and(|rest| {
                let r = self.rec.rules.roles(rest);
                r & role::STOP != 0 || (r & role::FIRST_NAME == 0 && (verb_shaped(rest) || rest.ends_with("وا")))
            });
            if self.key(j).starts_with("وال") || (!self.is_al(j) && conjunct) {
                break;
            }
            let al = self.is_al(j);
            let r = self.roles(j);
            if !self.name_like(j) || (self.cue_at(j).is_some() && self.covered[j].is_none()) {
                break;
            }
            if al {
                seen_al = true;
            } else {
                // After the words with ال, a plain word starts something else; only some heads
                // take a proper name ("حركة حماس", not "مجلس إدارة").
                let proper = self.roles(i) & role::PROPER_HEAD != 0;
                // "وكالة أميركية": a feminine adjective, not a name.
                let adjective = r & role::ADJECTIVE != 0 || self.key(j).ends_with("يه");
                if seen_al || head_al || plain >= 2 || adjective || !proper {
                    break;
                }
                plain += 1;
            }
            last = Some(j);
            j += 1;
        }
        let last = last?;
        // An outlet is named without its type word ("موقع عنب بلدي" → "عنب بلدي").
        let from = if self.roles(i) & role::MEDIA_HEAD != 0 && len == 1 { i + 1 } else { i };
        self.emit(from, last, Kind::Organization, "organisation head");
        Some(last + 1)
    }

    /// A place after a cue word: one to three name words.
    fn place(&mut self, i: usize, len: usize, keep_cue: bool) -> Option<usize> {
        let j = i + len;
        if j >= self.n() || self.words.tokens[j].after_break {
            return None;
        }
        // "المدينة القديمة": after a cue with ال comes an adjective, not a name.
        if self.is_al(i) && len == 1 {
            return None;
        }
        if self.covered[j].is_some() {
            if keep_cue && self.covered[j] == Some(Kind::Place) {
                // "ريف دمشق": the cue and the known place are one place.
                let mut last = j;
                while last + 1 < self.n() && self.covered[last + 1] == Some(Kind::Place) {
                    last += 1;
                }
                self.emit(i, last, Kind::Place, "place cue");
                return Some(last + 1);
            }
            return None;
        }
        let key = self.key(j);
        if !self.name_like(j) || self.roles(j) & role::ADJECTIVE != 0 || self.cue_at(j).is_some() {
            return None;
        }
        if self.is_al(j) && (key.ends_with('ي') || key.ends_with("يه")) {
            return None;
        }
        let mut last = j;
        let mut k = j + 1;
        while k < self.n() && k - j < 3 {
            let t = self.words.tokens[k];
            let kk = self.key(k);
            if t.after_break
                || self.covered[k].is_some()
                || self.verb_like(k)
                || !self.name_like(k)
                || self.roles(k) & role::ADJECTIVE != 0
                || self.cue_at(k).is_some()
                || kk.starts_with('و')
                || (self.is_al(k) && (kk.ends_with('ي') || kk.ends_with("يه")))
            {
                break;
            }
            last = k;
            k += 1;
        }
        self.emit(if keep_cue { i } else { j }, last, Kind::Place, "place cue");
        Some(last + 1)
    }

    fn emit(&mut self, first: usize, last: usize, kind: Kind, rule: &'static str) {
        let t0 = self.words.tokens[first];
        let key = self.words.key(first);
        // Skip a clitic on a cue word ("وحركة" → "حركة", "بالجيش" → "الجيش"; "وزارة" stays), never
        // on a person's first word ("وليد").
        let mut skip = 0;
        let mut lil = false;
        if kind != Kind::Person && self.rec.rules.cues(key).is_empty() {
            for v in variants(key).into_iter().flatten().skip(1) {
                if self.rec.rules.cues(&v).is_empty() {
                    continue;
                }
                if let Some(p) = key.strip_suffix(v.as_ref()) {
                    skip = p.len();
                } else if let Some(p) = key.find("لل").filter(|_| v.starts_with("ال")) {
                    skip = p + "لل".len();
                    lil = true;
                }
                break;
            }
        }
        let start = t0.start + original_offset(&self.text[t0.start..t0.end], skip);
        let end = self.words.tokens[last].end;
        for c in &mut self.covered[first..=last] {
            *c = Some(kind);
        }
        self.out.push(Found { first, last, start, end, kind, entry: None, rule, lil, name: None });
    }
}

/// One sense per discourse: a person the rules found by full name is found again where the
/// text names them by family name alone ("قال وزير الخارجية سيرغي لافروف … وأضاف لافروف"), as an
/// alias of the full name. Only names a title or speech verb announced and that start with a
/// known first name count, and only family names that are no function word, adjective or listed
/// non-name: a rule's wrong guess would otherwise make every later "التجاري" a person. Gazetteer people need no
/// help: their family names are aliases there.
fn family_mentions(rules: &Rules, text: &str, words: &Words, mentions: &mut Vec<Mention>) {
    let mut family: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for m in mentions.iter().filter(|m| m.kind == Kind::Person && matches!(m.source, Source::Rule(_))) {
        let key = crate::arabic::match_key(&m.name);
        let mut parts = key.split(' ');
        let (Some(first), Some(last)) = (parts.next(), parts.next_back()) else { continue };
        let given = rules.roles(first) & role::FIRST_NAME != 0;
        let plain = rules.roles(last) & (role::STOP | role::NOT_NAME | role::ADJECTIVE) == 0;
        // A first name alone is weak evidence ("علي" is also a misspelt "على", and any word may
        // follow it): only names a title or a speech verb announced spread.
        let weak = m.source == Source::Rule("first name");
        if given && plain && !weak && last != first && last.chars().count() >= 3 {
            family.entry(last.to_owned()).or_insert_with(|| m.name.clone());
        }
    }
    if family.is_empty() {
        return;
    }
    let mut added = Vec::new();
    let mut at = 0; // mentions are in text order
    for (i, tok) in words.tokens.iter().enumerate() {
        while at < mentions.len() && mentions[at].range.end <= tok.start {
            at += 1;
        }
        if at < mentions.len() && mentions[at].range.start < tok.end {
            continue; // part of a mention already
        }
        let key = words.key(i);
        let hit = family.get(key).map(|n| (n, 0)).or_else(|| {
            CLITICS.iter().find_map(|p| key.strip_prefix(p).and_then(|rest| family.get(rest)).map(|n| (n, p.len())))
        });
        if let Some((name, skip)) = hit {
            let start = tok.start + original_offset(&text[tok.start..tok.end], skip);
            added.push(Mention {
                range: start..tok.end,
                kind: Kind::Person,
                name: name.clone(),
                source: Source::Alias,
            });
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.range.start);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_prefilter_lets_every_starter_through_and_stops_most_other_words() {
        let current = super::super::current();
        let rec = &current.recognizer;
        assert!(rec.starters.iter().all(|w| rec.may_start.may_contain(w)), "no false negatives");
        let others: Vec<String> = (0..5000).map(|i| format!("كلمة{i}")).collect();
        let maybe = others.iter().filter(|w| rec.may_start.may_contain(w) && !rec.starters.contains(*w)).count();
        assert!(maybe < others.len() / 4, "{maybe} of {} non-starters got through", others.len());
    }

    #[test]
    fn a_family_name_alone_is_the_person_named_in_full_before() {
        let current = super::super::current();
        let text =
            "قال المتحدث باسم الحركة فراس قنديلجي إن الهدنة صامدة. وأضاف قنديلجي أن الوفد سيعود، ولقنديلجي رأي آخر.";
        let found = current.recognizer.find(text);
        let people: Vec<(&str, &str)> = found
            .iter()
            .filter(|m| m.kind == super::Kind::Person)
            .map(|m| (&text[m.range.clone()], m.name.as_str()))
            .collect();
        assert_eq!(
            people,
            [("فراس قنديلجي", "فراس قنديلجي"), ("قنديلجي", "فراس قنديلجي"), ("قنديلجي", "فراس قنديلجي")],
            "{found:?}"
        );
    }

    #[test]
    fn a_conjunction_and_a_verb_end_an_organisation_and_links_do_not_shorten_a_name() {
        let current = super::super::current();
        let names = |text: &str, kind: super::Kind| -> Vec<String> {
            current
                .recognizer
                .find(text)
                .iter()
                .filter(|m| m.kind == kind)
                .map(|m| text[m.range.clone()].to_owned())
                .collect()
        };
        let orgs = names("أدوا صلاة المغرب جماعة ودعوا الله أن يحفظ البلاد.", super::Kind::Organization);
        assert!(orgs.is_empty(), "{orgs:?}");
        assert_eq!(names("وانضمت إلى جماعة وطنية جديدة.", super::Kind::Organization), Vec::<String>::new());
        let people = names("وقال الشيخ راشد بن حميد بن سالم آل نعيمي إن الموسم بدأ.", super::Kind::Person);
        assert_eq!(people, ["راشد بن حميد بن سالم آل نعيمي"]);
    }
}
