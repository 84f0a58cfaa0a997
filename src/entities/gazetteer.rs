//! The entity gazetteers: editable TSV lists of people, places and organisations.
//!
//! Built-in lists live in `assets/entities/` (compiled in; their sources and licences are in
//! `assets/README.md`); a user's own `entities.tsv` in Marsad's config folder adds to them. All
//! five columns are `name, type, aliases, latin, note`; aliases are `|`-separated. Names are
//! compared in [`crate::arabic::match_key`] form, so hamza, ya, ta marbuta, diacritics and
//! tatweel variants never need their own alias.

use super::Kind;
use crate::arabic::match_key;

/// Built-in places (countries, regions, cities, districts).
pub const PLACES_TSV: &str = include_str!("../../assets/entities/places.tsv");
/// Built-in organisations.
pub const ORGANIZATIONS_TSV: &str = include_str!("../../assets/entities/organizations.tsv");
/// Built-in people.
pub const PERSONS_TSV: &str = include_str!("../../assets/entities/persons.tsv");
/// Corrections to the generated lists, of every type: read first, so their forms win.
pub const SUPPLEMENT_TSV: &str = include_str!("../../assets/entities/supplement.tsv");

/// One gazetteer row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Canonical display name (what a facet shows).
    pub name: String,
    /// Person, place or organisation.
    pub kind: Kind,
    /// Other spellings and forms.
    pub aliases: Vec<String>,
    /// Latin-script name, when known.
    pub latin: Option<String>,
    /// The free note column (country code, kind: "country", "city", "governorate" …).
    pub note: String,
}

impl Entry {
    /// Every form of the entry: its name and its aliases (and its Latin name).
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str)).chain(self.latin.as_deref())
    }
}

/// Parses a gazetteer file. `source` names the file in error messages. Rows of an unknown type
/// are errors, as are rows without a name; `default_kind` applies when the type column is empty.
pub fn parse(text: &str, source: &str, default_kind: Option<Kind>) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !header_seen && cols.first() == Some(&"name") {
            header_seen = true;
            continue;
        }
        header_seen = true;
        let name = cols.first().copied().unwrap_or("");
        if name.is_empty() {
            return Err(format!("{source}: line {}: no name in the first column", n + 1));
        }
        let kind = match cols.get(1).copied().unwrap_or("") {
            "" => default_kind.ok_or_else(|| format!("{source}: line {}: no type for {name}", n + 1))?,
            t => Kind::parse(t).ok_or_else(|| {
                format!("{source}: line {}: unknown type '{t}' (use person, place or organization)", n + 1)
            })?,
        };
        let aliases = cols
            .get(2)
            .map(|a| a.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default();
        let latin = cols.get(3).map(|s| s.to_string()).filter(|s| !s.is_empty());
        let note = cols.get(4).map(|s| s.to_string()).unwrap_or_default();
        out.push(Entry { name: name.to_owned(), kind, aliases, latin, note });
    }
    Ok(out)
}

/// The built-in gazetteers plus the user's `entities.tsv` (errors in the user's file are returned
/// with the entries that could be read, so a typo never disables recognition).
pub fn load(config_dir: Option<&std::path::Path>) -> (Vec<Entry>, Vec<String>) {
    let mut all = Vec::new();
    let mut errors = Vec::new();
    // Order matters where two entries share a form: the supplement, then people, organisations,
    // places ("الزمالك" the club before the district, "معاوية" the man before the village).
    for (text, name, kind) in [
        (SUPPLEMENT_TSV, "assets/entities/supplement.tsv", None),
        (PERSONS_TSV, "assets/entities/persons.tsv", Some(Kind::Person)),
        (ORGANIZATIONS_TSV, "assets/entities/organizations.tsv", Some(Kind::Organization)),
        (PLACES_TSV, "assets/entities/places.tsv", Some(Kind::Place)),
    ] {
        match parse(text, name, kind) {
            Ok(v) => all.extend(v),
            Err(e) => errors.push(e),
        }
    }
    if let Some(dir) = config_dir {
        let path = dir.join("entities.tsv");
        if let Ok(text) = std::fs::read_to_string(&path) {
            match parse(&text, &path.display().to_string(), None) {
                Ok(v) => all.extend(v),
                Err(e) => errors.push(e),
            }
        }
    }
    (all, errors)
}

/// True when a form is usable as a pattern: at least two letters once normalised (a one-letter
/// "name" would match clitics everywhere).
pub fn usable_key(form: &str) -> Option<String> {
    let key = match_key(form);
    (key.chars().filter(|c| c.is_alphabetic()).count() >= 2).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_and_reports_bad_ones() {
        let text =
            "# comment\nname\ttype\taliases\tlatin\tnote\nسيرغي لافروف\tperson\tلافروف|سيرجي لافروف\tSergey Lavrov\tru\n";
        let e = parse(text, "t.tsv", None).unwrap();
        assert_eq!(e[0].note, "ru");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].aliases, ["لافروف", "سيرجي لافروف"]);
        assert_eq!(e[0].latin.as_deref(), Some("Sergey Lavrov"));
        let err = parse("x\tcity\n", "u.tsv", None).unwrap_err();
        assert!(err.contains("u.tsv: line 1") && err.contains("city"), "{err}");
    }

    #[test]
    fn builtin_gazetteers_parse() {
        let (all, errors) = load(None);
        assert!(errors.is_empty(), "{errors:?}");
        for kind in [Kind::Person, Kind::Place, Kind::Organization] {
            assert!(all.iter().filter(|e| e.kind == kind).count() > 50, "{kind:?}");
        }
    }
}
