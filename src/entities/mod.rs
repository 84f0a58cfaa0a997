//! People, places and organisations named in articles.
//!
//! Researchers filter by who and where ("everything that names Lavrov and Aleppo, by outlet"). No
//! offline neural Arabic recogniser runs here without model weights, so Marsad uses a fast,
//! transparent one: editable gazetteers (`assets/entities/*.tsv`, [`gazetteer`]) matched on
//! normalised text with one Aho-Corasick pass, rules for names the gazetteers do not know
//! (`assets/entities/rules.toml`, [`rules`], [`recognize`]), alias merging (a family name alone
//! joins the full name, [`aliases`]) and the user's own corrections ([`corrections`]). Every
//! mention can be traced to a gazetteer row or a rule ([`Source`]).
//!
//! Only the title and the body are read: entities in removed boilerplate (related headlines,
//! comment forms) are ignored.

pub mod aliases;
pub mod corrections;
pub mod eval;
pub mod gazetteer;
pub mod recognize;
pub mod rules;
pub mod text;

use std::ops::Range;
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

pub use recognize::Recognizer;

use crate::corpus::Article;

/// The canonical names of the entities an article names, each once, per type, in order of first
/// mention.
///
/// The field names are a stable interface: `marsad inspect --json` prints them under
/// `"entities"`, and exports write them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entities {
    /// People.
    pub person: Vec<String>,
    /// Places.
    pub place: Vec<String>,
    /// Organisations (institutions, parties, armed groups, companies, outlets).
    pub organization: Vec<String>,
}

impl Entities {
    /// True when the article names no entity.
    pub fn is_empty(&self) -> bool {
        self.person.is_empty() && self.place.is_empty() && self.organization.is_empty()
    }

    /// The names of one type.
    pub fn of(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Person => &self.person,
            Kind::Place => &self.place,
            Kind::Organization => &self.organization,
        }
    }

    fn push(&mut self, kind: Kind, name: &str) {
        let list = match kind {
            Kind::Person => &mut self.person,
            Kind::Place => &mut self.place,
            Kind::Organization => &mut self.organization,
        };
        if !list.iter().any(|n| n == name) {
            list.push(name.to_owned());
        }
    }
}

/// The three entity types Marsad facets on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A person.
    Person,
    /// A place: country, region, city, district.
    Place,
    /// An organisation.
    Organization,
}

impl Kind {
    /// All types, in facet order.
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Place, Kind::Organization];

    /// Parses `person`, `place`, `organization` (or `org`, `organisation`).
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "persons" | "people" | "per" | "pers" => Some(Kind::Person),
            "place" | "places" | "loc" | "location" => Some(Kind::Place),
            "organization" | "organisation" | "organizations" | "org" | "orgs" => Some(Kind::Organization),
            _ => None,
        }
    }

    /// The name used in JSON and files (`person`, `place`, `organization`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organization => "organization",
        }
    }

    /// The index facet root (`person`, `place`, `org`).
    pub fn facet_root(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organization => "org",
        }
    }
}

/// Why a mention was found: a gazetteer row, or a rule (named), or an alias of another mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A name or alias of a gazetteer row.
    Gazetteer,
    /// A rule (its name: "title", "speech verb", "first name", "organisation head", "place cue").
    Rule(&'static str),
    /// A family name joined to the full name (in the article or in the corpus).
    Alias,
    /// Added by the user.
    User,
}

/// One mention of an entity in a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Byte range in the text (without a clitic prefix: "و" of "ولافروف" is outside).
    pub range: Range<usize>,
    /// The entity's type.
    pub kind: Kind,
    /// The entity's canonical name.
    pub name: String,
    /// Why it was found.
    pub source: Source,
}

/// The mentions of an article's title and body (for highlighting in the reader).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ArticleMentions {
    /// Mentions in the title.
    pub title: Vec<Mention>,
    /// Mentions in the body.
    pub body: Vec<Mention>,
}

static CURRENT: RwLock<Option<Arc<Current>>> = RwLock::new(None);

/// The recogniser in use with the user's corrections.
pub struct Current {
    /// The compiled recogniser.
    pub recognizer: Recognizer,
    /// The user's corrections (renames, merges, hidden names; additions are in the recogniser).
    pub corrections: corrections::Corrections,
    /// Problems with the user's files (shown, never fatal).
    pub problems: Vec<String>,
    /// Normalised first names of the rules: a lone one never joins a full name as its family name.
    pub first_names: std::collections::HashSet<String>,
}

fn build() -> Current {
    let dir = crate::config_dir();
    let (mut entries, mut problems) = gazetteer::load(dir.as_deref());
    let corrections = match corrections::Corrections::load(dir.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            problems.push(e);
            corrections::Corrections::default()
        }
    };
    entries.extend(corrections.added_entries());
    let rules = rules::Rules::load(dir.as_deref()).unwrap_or_else(|e| {
        problems.push(e);
        rules::Rules::load(None).unwrap_or_default()
    });
    let first_names = rules.with_role(rules::role::FIRST_NAME).cloned().collect();
    Current { recognizer: Recognizer::new(entries, rules), corrections, problems, first_names }
}

/// The recogniser, built on first use from the built-in and user files.
pub fn current() -> Arc<Current> {
    if let Some(c) = CURRENT.read().ok().and_then(|c| c.clone()) {
        return c;
    }
    let mut slot = CURRENT.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    slot.get_or_insert_with(|| Arc::new(build())).clone()
}

/// Rebuilds the recogniser from the files (after the user corrected an entity).
pub fn reload() {
    let fresh = Arc::new(build());
    *CURRENT.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(fresh);
}

/// The canonical name a user means by `name` (a gazetteer alias, another spelling, a renamed
/// name), for facet filters and `person:` / `place:` / `org:` queries.
pub fn canonical(kind: Kind, name: &str) -> String {
    let cur = current();
    let name = name.trim();
    let base = match cur.recognizer.lookup(name) {
        Some(e) if e.kind == kind => e.name.clone(),
        _ => name.to_owned(),
    };
    cur.corrections.resolve(&base).unwrap_or(base)
}

/// Finds the mentions of an article's title and body, with aliases merged and the user's
/// corrections applied. `family` is the corpus' most frequent full name per family name, when
/// known.
pub fn mentions(article: &Article, family: Option<&aliases::FamilyMap>) -> ArticleMentions {
    let cur = current();
    let mut m =
        ArticleMentions { title: cur.recognizer.find(&article.title), body: cur.recognizer.find(&article.body) };
    aliases::merge(&mut m, family, &cur.first_names);
    cur.corrections.apply(&mut m.title);
    cur.corrections.apply(&mut m.body);
    m
}

/// The entities of mentions, each once, in order of first mention (title first).
pub fn entities_of(m: &ArticleMentions) -> Entities {
    let mut e = Entities::default();
    for x in m.title.iter().chain(&m.body) {
        e.push(x.kind, &x.name);
    }
    e
}

/// Fills `article.entities` from its title and body.
pub fn annotate(article: &mut Article, family: Option<&aliases::FamilyMap>) {
    article.entities = entities_of(&mentions(article, family));
}

/// A fingerprint of the built-in and user gazetteers and rules (not the corrections, which are
/// applied incrementally): when it changes, the index is rebuilt.
pub fn fingerprint(h: &mut xxhash_rust::xxh3::Xxh3) {
    for t in [
        gazetteer::SUPPLEMENT_TSV,
        gazetteer::PLACES_TSV,
        gazetteer::ORGANIZATIONS_TSV,
        gazetteer::PERSONS_TSV,
        rules::RULES_TOML,
    ] {
        h.update(t.as_bytes());
    }
    if let Some(dir) = crate::config_dir() {
        for name in ["entities.tsv", "entity-rules.toml"] {
            if let Ok(bytes) = std::fs::read(dir.join(name)) {
                h.update(&bytes);
            }
        }
    }
}
