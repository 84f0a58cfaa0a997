//! People, places and organisations named in articles.
//!
//! Researchers filter by who and where ("everything that names Lavrov and Aleppo, by outlet"). No
//! offline neural Arabic recogniser runs here without model weights, so Marsad uses a fast,
//! transparent recogniser: editable gazetteers (`assets/entities/`) matched on normalised text,
//! plus rules for names the gazetteers do not know (role and title cues, speech verbs,
//! organisation and place head words), plus alias merging (a family name alone joins the full
//! name). Every decision can be traced to a gazetteer row or a rule, and corrected by the user.

use serde::{Deserialize, Serialize};

/// The canonical names of the entities an article names, each once, per type.
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
}
