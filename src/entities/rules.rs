//! The word lists behind the recogniser's rules (`assets/entities/rules.toml`), compiled into one
//! lookup table: each normalised word maps to the set of roles it can play (stopword, title,
//! speech verb, first name, …), and multi-word cues are kept as word sequences by first word.

use std::collections::HashMap;

use crate::arabic::match_key;

/// The built-in rule lists.
pub const RULES_TOML: &str = include_str!("../../assets/entities/rules.toml");

/// The lists as written in the file.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    person_titles: Vec<String>,
    #[serde(default)]
    title_links: Vec<String>,
    #[serde(default)]
    speech_verbs: Vec<String>,
    #[serde(default)]
    org_heads: Vec<String>,
    #[serde(default)]
    org_heads_proper: Vec<String>,
    #[serde(default)]
    place_cues: Vec<String>,
    #[serde(default)]
    place_cues_kept: Vec<String>,
    #[serde(default)]
    name_links: Vec<String>,
    #[serde(default)]
    first_names: Vec<String>,
    #[serde(default)]
    word_names: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    not_names: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
    #[serde(default)]
    cue_only: Vec<String>,
    #[serde(default)]
    misc_heads: Vec<String>,
    #[serde(default)]
    sports_words: Vec<String>,
    #[serde(default)]
    appositions: Vec<String>,
    #[serde(default)]
    nationalities: Vec<String>,
    #[serde(default)]
    speaker_nouns: Vec<String>,
    #[serde(default)]
    org_heads_place: Vec<String>,
    #[serde(default)]
    sports_only: Vec<String>,
    #[serde(default)]
    org_heads_proper_only: Vec<String>,
    #[serde(default)]
    ministries: Vec<String>,
    #[serde(default)]
    club_cities: Vec<String>,
}

/// Roles of a single word, as bit flags.
pub mod role {
    /// A function word (the search stopword list).
    pub const STOP: u32 = 1;
    /// Never the start of a name.
    pub const NOT_NAME: u32 = 1 << 1;
    /// An adjective that ends a name.
    pub const ADJECTIVE: u32 = 1 << 2;
    /// May link a title to the name after a qualifier ("المبعوث إلى سوريا …").
    pub const TITLE_LINK: u32 = 1 << 3;
    /// A connector inside names (بن، أبو، عبد، دي …).
    pub const NAME_LINK: u32 = 1 << 4;
    /// A common first name.
    pub const FIRST_NAME: u32 = 1 << 5;
    /// A gazetteer name that counts only after a place cue.
    pub const CUE_ONLY: u32 = 1 << 6;
    /// A first name that is also an ordinary word: never a name on its own.
    pub const WORD_NAME: u32 = 1 << 7;
    /// An ordinal after a ruler's name ("عبد الله الثاني").
    pub const ORDINAL: u32 = 1 << 8;
    /// A gazetteer form never matched (a word first, a name rarely: "الهلال", "تشرين").
    pub const IGNORE: u32 = 1 << 9;
    /// An organisation head that takes a proper name after it ("حركة حماس").
    pub const PROPER_HEAD: u32 = 1 << 10;
    /// A type word of outlets and agencies (left out of the mention: "وكالة رويترز" → "رويترز").
    pub const MEDIA_HEAD: u32 = 1 << 11;
    /// A word naming an event, a treaty or a prize: the name after it is part of that name, not a
    /// mention of its own ("حرب الخليج", "اتفاق الطائف", "كأس آسيا").
    pub const MISC_HEAD: u32 = 1 << 12;
    /// A word of sports reports: near one, a country is the name of its team ("فازت فرنسا على
    /// جورجيا").
    pub const SPORTS: u32 = 1 << 13;
    /// A noun in apposition after a name, which ends it ("… لاعب الأهلي").
    pub const APPOSITION: u32 = 1 << 14;
    /// A noun with ال that speaks in news ("البيان", "المصدر"): no family name after a speech verb.
    pub const SPEAKER: u32 = 1 << 15;
    /// An organisation head that names an organisation only before a known place ("شرطة دبي").
    pub const PLACE_HEAD: u32 = 1 << 16;
    /// A club's bare name that is also a word or a place: an organisation only near a sports word.
    pub const SPORTS_ONLY: u32 = 1 << 17;
    /// A city whose club sports reports name by the city alone ("مانشستر", "ليون").
    pub const CLUB_CITY: u32 = 1 << 18;
    /// An organisation head that is also a verbal noun ("حركة", "تنظيم"): it takes a proper name
    /// ("حركة فتح"), never a word with ال ("حركة المرور", "تنظيم المعرض").
    pub const PROPER_ONLY: u32 = 1 << 19;
    /// A ministry's portfolio used as its name before the country's adjective ("الخارجية الأميركية").
    pub const MINISTRY: u32 = 1 << 20;
}

/// Which rule a multi-word cue belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cue {
    /// A title before a person's name.
    Title,
    /// A speech verb before its subject.
    Speech,
    /// The head word of an organisation name.
    OrgHead,
    /// A word before a place name (dropped from the name).
    Place,
    /// A word before a place name that stays part of it (ريف دمشق).
    PlaceKept,
    /// A nationality standing for a title before a person's name ("البرازيلي كافو").
    Nationality,
}

/// The compiled rule lists.
#[derive(Debug, Default)]
pub struct Rules {
    roles: HashMap<String, u32, foldhash::fast::RandomState>,
    /// Cues by first word: (remaining words, rule), longest first.
    cues: HashMap<String, Vec<(Vec<String>, Cue)>, foldhash::fast::RandomState>,
    /// Multi-word first names ("زين الدين") by first word.
    first_multi: HashMap<String, Vec<Vec<String>>, foldhash::fast::RandomState>,
}

impl Rules {
    /// The built-in lists plus a user's `entity-rules.toml` from the config folder, if any.
    pub fn load(config_dir: Option<&std::path::Path>) -> Result<Rules, String> {
        let mut rules = Rules::default();
        rules.add(RULES_TOML, "assets/entities/rules.toml")?;
        for w in ["وكالة", "صحيفة", "جريدة", "قناة", "موقع", "مجلة", "شبكة", "إذاعة", "تلفزيون", "نادي", "شركة", "سهم"]
        {
            rules.add_role(w, role::MEDIA_HEAD);
        }
        for w in ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
        {
            rules.add_role(w, role::ORDINAL);
        }
        for w in crate::index::analyzer::STOPWORDS_TXT.lines() {
            let w = w.trim();
            if !w.is_empty() && !w.starts_with('#') {
                rules.add_role(w, role::STOP);
            }
        }
        if let Some(dir) = config_dir {
            let path = dir.join("entity-rules.toml");
            if let Ok(text) = std::fs::read_to_string(&path) {
                rules.add(&text, &path.display().to_string())?;
            }
        }
        Ok(rules)
    }

    fn add(&mut self, text: &str, source: &str) -> Result<(), String> {
        let f: RuleFile = toml::from_str(text).map_err(|e| format!("{source}: {}", e.message()))?;
        for (list, r) in [
            (&f.not_names, role::NOT_NAME),
            (&f.adjectives, role::ADJECTIVE),
            (&f.title_links, role::TITLE_LINK),
            (&f.name_links, role::NAME_LINK),
            (&f.cue_only, role::CUE_ONLY),
            (&f.word_names, role::WORD_NAME),
            (&f.ignore, role::IGNORE),
            (&f.org_heads_proper, role::PROPER_HEAD),
            (&f.misc_heads, role::MISC_HEAD),
            (&f.sports_words, role::SPORTS),
            (&f.appositions, role::APPOSITION),
            (&f.speaker_nouns, role::SPEAKER),
            (&f.org_heads_place, role::PLACE_HEAD),
            (&f.sports_only, role::SPORTS_ONLY),
            (&f.club_cities, role::CLUB_CITY),
            (&f.org_heads_proper_only, role::PROPER_ONLY),
            (&f.ministries, role::MINISTRY),
        ] {
            for w in list {
                self.add_role(w, r);
            }
        }
        for w in &f.first_names {
            let key = match_key(w);
            let mut words: Vec<String> = key.split(' ').map(str::to_owned).collect();
            if words.len() == 1 {
                self.add_role(&key, role::FIRST_NAME);
            } else if !words.is_empty() {
                let first = words.remove(0);
                self.first_multi.entry(first).or_default().push(words);
            }
        }
        for (list, cue) in [
            (&f.person_titles, Cue::Title),
            (&f.speech_verbs, Cue::Speech),
            (&f.org_heads, Cue::OrgHead),
            (&f.org_heads_place, Cue::OrgHead),
            (&f.ministries, Cue::OrgHead),
            (&f.place_cues, Cue::Place),
            (&f.nationalities, Cue::Nationality),
        ] {
            for w in list {
                let cue = if cue == Cue::Place && f.place_cues_kept.iter().any(|k| match_key(k) == match_key(w)) {
                    Cue::PlaceKept
                } else {
                    cue
                };
                self.add_cue(w, cue);
                // "تأهلت الفرنسية إميلي موريسمو": the feminine of a nationality too.
                if cue == Cue::Nationality && w.ends_with('ي') {
                    self.add_cue(&format!("{w}ة"), cue);
                }
            }
        }
        for list in self.cues.values_mut() {
            list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        }
        Ok(())
    }

    fn add_role(&mut self, word: &str, r: u32) {
        let key = match_key(word);
        // (A club's bare name may be two words: "أم صلال".)
        if !key.is_empty() && (!key.contains(' ') || r == role::SPORTS_ONLY) {
            *self.roles.entry(key).or_default() |= r;
        }
    }

    fn add_cue(&mut self, phrase: &str, cue: Cue) {
        let key = match_key(phrase);
        let mut words: Vec<String> = key.split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        if words.is_empty() {
            return;
        }
        let first = words.remove(0);
        let list = self.cues.entry(first).or_default();
        if !list.iter().any(|(r, c)| *r == words && *c == cue) {
            list.push((words, cue));
        }
    }

    /// The roles of a normalised word.
    #[inline]
    pub fn roles(&self, key: &str) -> u32 {
        self.roles.get(key).copied().unwrap_or(0)
    }

    /// Cues starting with `first`, longest first, as (words after the first, rule).
    #[inline]
    pub fn cues(&self, first: &str) -> &[(Vec<String>, Cue)] {
        self.cues.get(first).map_or(&[], Vec::as_slice)
    }

    /// Every word that can start a rule (a cue's first word, a first name): a word outside this
    /// set needs no rule work at all.
    pub fn starters(&self) -> impl Iterator<Item = &str> {
        self.roles
            .iter()
            .filter(|(_, r)| **r & role::FIRST_NAME != 0)
            .map(|(k, _)| k.as_str())
            .chain(self.cues.keys().map(String::as_str))
            .chain(self.first_multi.keys().map(String::as_str))
    }

    /// The words that have role `r`.
    pub fn with_role(&self, r: u32) -> impl Iterator<Item = &String> {
        self.roles.iter().filter(move |(_, v)| **v & r != 0).map(|(k, _)| k)
    }

    /// Multi-word first names starting with `first` (their other words).
    pub fn first_multi(&self, first: &str) -> &[Vec<String>] {
        self.first_multi.get(first).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_compile() {
        let r = Rules::load(None).unwrap();
        assert!(r.roles("في") & role::STOP != 0);
        assert!(r.roles("محمد") & role::FIRST_NAME != 0);
        assert!(r.roles("الروسي") & role::ADJECTIVE != 0);
        assert!(r.cues("وزير").iter().any(|(_, c)| *c == Cue::Title));
        assert!(r.cues("ريف").iter().any(|(_, c)| *c == Cue::PlaceKept));
        assert!(!r.first_multi("زين").is_empty());
    }

    #[test]
    fn a_bad_user_file_names_itself() {
        let mut r = Rules::default();
        let e = r.add("titles = 3", "my.toml").unwrap_err();
        assert!(e.starts_with("my.toml:"), "{e}");
    }
}
